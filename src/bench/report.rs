//! `duthao bench report`: the synthesis report of a consultation with 100,000
//! comments in groups, as DOCX and XLSX.
//!
//! A scratch SQLite database gets a 100-provision draft and the comments (the
//! grouping benchmark's generator: about 40% campaign letters), the server's own
//! grouping puts them into groups, every group and half of the other comments get an
//! answer, and then the report is assembled and written, each step timed.

use std::time::Instant;

use anyhow::bail;
use serde::Serialize;

use super::grouping::Generator;
use super::intake::scratch_dir;
use crate::demo::Dice;
use crate::domain::{AnswerText, Disposition};
use crate::storage::dispositions::{self, Unit};
use crate::storage::{Db, comments, groups, now_ms};
use crate::synthesis::grouping::Grouping;

#[derive(Debug)]
pub struct Settings {
    pub comments: usize,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    pub comments: usize,
    pub groups: i64,
    pub rows: usize,
    pub grouping_seconds: f64,
    pub build_seconds: f64,
    pub docx_seconds: f64,
    pub docx_bytes: usize,
    pub xlsx_seconds: f64,
    pub xlsx_bytes: usize,
}

pub async fn run(settings: &Settings) -> anyhow::Result<Figures> {
    let dir = scratch_dir()?;
    let figures = run_in(&dir, settings).await;
    let _ = std::fs::remove_dir_all(&dir);
    figures
}

async fn run_in(dir: &std::path::Path, settings: &Settings) -> anyhow::Result<Figures> {
    let url = format!("sqlite://{}?mode=rwc", dir.join("duthao.db").display());
    let db = Db::open(&url).await?;
    let super::pages::BenchDraft { org, draft, version, provisions, consultation } =
        super::pages::seed_draft(&db).await?;
    let editor =
        crate::web::auth::create_user(&db.pool, "bench", "Bench", "mat-khau-bench", Some(org), &[]).await?;

    let vocabulary = crate::demo::vocabulary()?;
    let generator = Generator::new(&vocabulary);
    let mut rng = Dice(0x7265_706f_7274);
    let campaigns = generator.campaigns(&mut rng);
    let mut left = settings.comments;
    let mut progress =
        crate::cli::progress::Progress::new("Nạp góp ý vào dự thảo 100 điều khoản", Some(left as u64));
    while left > 0 {
        let n = left.min(10_000);
        let batch: Vec<comments::NewComment> = (0..n)
            .map(|_| {
                let (body, _) = generator.comment(&mut rng, &campaigns);
                comments::NewComment {
                    consultation_id: consultation,
                    version_id: version,
                    provision_id: provisions.get(rng.below(provisions.len() + 5)).copied(),
                    quote: None,
                    body,
                    author_name: Some("Nguyễn Văn An".into()),
                    author_email: None,
                    author_user_id: None,
                    organisation_id: (rng.below(20) == 0).then_some(org),
                    channel: "web".into(),
                    created_at: None,
                    name_public: false,
                    flag: None,
                    submission_key: None,
                }
            })
            .collect();
        comments::insert_many(&db, &batch).await?;
        left -= n;
        progress.inc(n as u64);
    }
    progress.finish("xong");

    let started = Instant::now();
    let grouping = Grouping::new(Default::default());
    while grouping.catch_up(&db).await? > 0 {}
    let grouping_seconds = started.elapsed().as_secs_f64();

    eprintln!("answering…");
    let mut units: Vec<Unit> = Vec::new();
    let mut offset = 0;
    loop {
        let page =
            dispositions::queue(&db, consultation, dispositions::Queue::Unanswered, 10_000, offset).await?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        units.extend(
            page.iter().map(|r| r.unit()).filter(|u| matches!(u, Unit::Group(_)) || rng.below(2) == 0),
        );
    }
    let answer = AnswerText::parse("Tiếp thu, đã chỉnh sửa dự thảo cho phù hợp.")
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for chunk in units.chunks(2_000) {
        dispositions::draft(&db, editor, chunk, Disposition::Accepted, &answer)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let totals = groups::totals(&db, consultation).await?;

    let started = Instant::now();
    let report = crate::synthesis::report::build(&db, consultation, draft, now_ms()).await?;
    let build_seconds = started.elapsed().as_secs_f64();
    if report.rows.is_empty() {
        bail!("the report has no rows");
    }
    let started = Instant::now();
    let docx = duthao_reports::synthesis_docx(&report)?;
    let docx_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let xlsx = duthao_reports::synthesis_xlsx(&report)?;
    let xlsx_seconds = started.elapsed().as_secs_f64();
    db.pool.close().await;
    Ok(Figures {
        comments: settings.comments,
        groups: totals.groups,
        rows: report.rows.len(),
        grouping_seconds,
        build_seconds,
        docx_seconds,
        docx_bytes: docx.len(),
        xlsx_seconds,
        xlsx_bytes: xlsx.len(),
    })
}

pub fn report(f: &Figures) -> String {
    format!(
        "report: {} comments, {} groups, {} rows in the table (grouped in {:.1} s)\n  \
         reading and assembling: {:.2} s\n  \
         DOCX: {:.2} s to write ({:.1} MB), so {:.2} s from the database\n  \
         XLSX: {:.2} s to write ({:.1} MB), so {:.2} s from the database\n",
        f.comments,
        f.groups,
        f.rows,
        f.grouping_seconds,
        f.build_seconds,
        f.docx_seconds,
        f.docx_bytes as f64 / 1e6,
        f.build_seconds + f.docx_seconds,
        f.xlsx_seconds,
        f.xlsx_bytes as f64 / 1e6,
        f.build_seconds + f.xlsx_seconds,
    )
}
