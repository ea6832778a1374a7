//! `duthao bench pages`: a draft of 100 provisions with 100,000 comments; concurrent
//! readers load the draft reader page and the editors' comment list of the busiest
//! provision. Page times must come from indexed queries, not from loading every
//! comment.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;

use super::http::Connection;
use super::intake::{scratch_dir, start_server};
use crate::storage::{Db, comments, consultations, dossiers, drafts, now_ms, organisations};

#[derive(Debug, Clone)]
pub struct Settings {
    pub comments: usize,
    pub readers: usize,
    pub seconds: u64,
}

#[derive(Debug, Serialize)]
pub struct PageFigures {
    pub page: &'static str,
    pub requests: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Serialize)]
pub struct Figures {
    pub provisions: usize,
    pub comments: usize,
    pub readers: usize,
    pub seconds: f64,
    pub pages: Vec<PageFigures>,
}

/// A regulation of 25 articles with 3 clauses each: 100 provisions.
pub(super) fn draft_text() -> String {
    let mut text = String::from("QUY ĐỊNH\nVề thử nghiệm hiệu năng\n\n");
    for article in 1..=25 {
        text.push_str(&format!("Điều {article}. Nội dung thứ {article}\n"));
        for clause in 1..=3 {
            text.push_str(&format!(
                "{clause}. Cán bộ, công chức thực hiện nhiệm vụ số {clause} của Điều {article}.\n"
            ));
        }
    }
    text
}

/// The scratch database's draft (100 provisions, published) and its open round.
pub(super) struct BenchDraft {
    pub org: i64,
    pub draft: i64,
    pub version: i64,
    pub provisions: Vec<i64>,
    pub consultation: i64,
}

/// Stores the benchmark draft of [`draft_text`] and opens a public round on it.
pub(super) async fn seed_draft(db: &Db) -> anyhow::Result<BenchDraft> {
    let org = organisations::insert(&db.pool, None, "central", "BTCTW", "Ban Tổ chức Trung ương").await?;
    let dossier = dossiers::insert(
        &db.pool,
        &dossiers::NewDossier {
            title: "Hồ sơ thử nghiệm hiệu năng",
            summary: "",
            drafting_org_id: org,
            approving_body: "Bộ Chính trị",
            keywords: &[],
        },
    )
    .await?;
    let draft = drafts::insert_draft(&db.pool, dossier, "quy_dinh", "Dự thảo thử nghiệm", &[]).await?;
    let version = crate::drafting::store_upload(db, draft, "bench.txt", draft_text().as_bytes())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    drafts::publish_version(&db.pool, version).await?;
    let provisions: Vec<i64> =
        drafts::provisions(&db.pool, version).await?.into_iter().map(|p| p.id).collect();
    if provisions.len() != 100 {
        bail!("the bench draft has {} provisions, not 100", provisions.len());
    }
    let now = now_ms();
    let consultation = consultations::insert(
        &db.pool,
        &consultations::NewConsultation {
            dossier_id: dossier,
            title: "Đợt thử",
            opens_at: now - 86_400_000,
            closes_at: now + 30 * 86_400_000,
            audience: "public",
            version_ids: &[version],
            invitations: &[],
        },
    )
    .await?;
    Ok(BenchDraft { org, draft, version, provisions, consultation })
}

pub async fn run(settings: &Settings) -> anyhow::Result<Figures> {
    let dir = scratch_dir()?;
    let url = format!("sqlite://{}?mode=rwc", dir.join("duthao.db").display());
    let db = Db::open(&url).await?;
    let BenchDraft { org, draft, version, provisions, consultation } = seed_draft(&db).await?;
    let now = now_ms();
    crate::web::auth::create_user(
        &db.pool,
        "bench",
        "Bench",
        "mat-khau-bench",
        Some(org),
        &[crate::domain::Role::Editor],
    )
    .await?;
    // Comments fall on provisions like real ones: a few provisions draw most of them
    // (weight 1/rank), the busiest being the first.
    let weights: Vec<f64> = (1..=provisions.len()).map(|r| 1.0 / r as f64).collect();
    let total: f64 = weights.iter().sum();
    let mut plan = Vec::with_capacity(settings.comments);
    for (p, w) in provisions.iter().zip(&weights) {
        let n = ((w / total) * settings.comments as f64).round() as usize;
        plan.extend(std::iter::repeat_n(*p, n));
    }
    plan.truncate(settings.comments);
    let texts = crate::demo::sample_comment_texts()?;
    let mut progress =
        crate::cli::progress::Progress::new("Nạp góp ý vào dự thảo 100 điều khoản", Some(plan.len() as u64));
    for chunk in plan.chunks(10_000) {
        let batch: Vec<comments::NewComment> = chunk
            .iter()
            .enumerate()
            .map(|(i, p)| comments::NewComment {
                consultation_id: consultation,
                version_id: version,
                provision_id: Some(*p),
                quote: None,
                body: texts[i % texts.len()].clone(),
                author_name: Some("Nguyễn Văn An".into()),
                author_email: None,
                author_user_id: None,
                organisation_id: None,
                channel: "web".into(),
                created_at: Some(now - (i as i64) * 1000),
                name_public: false,
                flag: None,
                submission_key: None,
            })
            .collect();
        comments::insert_many(&db, &batch).await?;
        progress.inc(batch.len() as u64);
    }
    progress.finish("xong");
    // What an operator does after a bulk load (`duthao reindex`), and what the
    // grouping tail would do in the first minutes: measured readers meet a server
    // whose derived indexes are current, not one busy catching up on 100,000 comments.
    let indexing = Instant::now();
    let (index, _) = crate::search::SearchIndex::rebuild(&dir.join("search"), &db)
        .await
        .map_err(|e| anyhow::anyhow!("building the search index: {e}"))?;
    drop(index);
    let grouping = crate::synthesis::grouping::Grouping::new(Default::default());
    while grouping.catch_up(&db).await? > 0 {}
    eprintln!("search index and groups built in {:.1} s", indexing.elapsed().as_secs_f64());
    db.pool.close().await;

    let server = start_server(dir, None).await?;
    // The server loads the groups into memory when it starts; readers come once it
    // has settled.
    let settled = super::intake::wait_until_idle(&server, Duration::from_secs(120)).await;
    eprintln!("the server settled in {:.1} s", settled.as_secs_f64());
    let mut login = Connection::open(server.addr).await?;
    let answer = login
        .request(
            "POST",
            "/login",
            Some(("application/x-www-form-urlencoded", b"login=bench&password=mat-khau-bench&next=%2F")),
            None,
        )
        .await?;
    let cookie = answer
        .set_cookies
        .iter()
        .find(|c| c.starts_with("duthao_session="))
        .cloned()
        .context("signing in gave no session cookie")?;
    let busiest = provisions[0];
    let pages = [
        ("draft reader", format!("/drafts/{draft}")),
        ("comment list of the busiest provision", format!("/editor/comments?provision={busiest}")),
    ];
    eprintln!("{} readers for {} s…", settings.readers, settings.seconds);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(settings.seconds);
    let mut tasks = Vec::new();
    for reader in 0..settings.readers {
        let pages = pages.clone();
        let cookie = cookie.clone();
        let addr = server.addr;
        tasks.push(tokio::spawn(async move {
            let mut conn = Connection::open(addr).await?;
            let mut times: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
            let mut i = reader;
            while Instant::now() < deadline {
                let which = i % 2;
                let t = Instant::now();
                let answer = conn.request("GET", &pages[which].1, None, Some(&cookie)).await?;
                if answer.status != 200 {
                    bail!("{} answered {}", pages[which].1, answer.status);
                }
                times[which].push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                i += 1;
            }
            anyhow::Ok(times)
        }));
    }
    let mut all: [Vec<u32>; 2] = [Vec::new(), Vec::new()];
    for task in tasks {
        let [a, b] = task.await.context("reader")??;
        all[0].extend(a);
        all[1].extend(b);
    }
    let seconds = started.elapsed().as_secs_f64();
    drop(server);
    let figures = pages
        .iter()
        .zip(all.iter_mut())
        .map(|((name, _), times)| {
            times.sort_unstable();
            let pick = |q: f64| super::quantile_ms(times, q);
            PageFigures {
                page: name,
                requests: times.len(),
                p50_ms: pick(0.5),
                p99_ms: pick(0.99),
                max_ms: times.last().copied().unwrap_or(0) as f64 / 1000.0,
            }
        })
        .collect();
    Ok(Figures { provisions: 100, comments: plan.len(), readers: settings.readers, seconds, pages: figures })
}

pub fn report(f: &Figures) -> String {
    let mut out = format!(
        "{} provisions, {} comments, {} readers, {:.0} s\n",
        f.provisions, f.comments, f.readers, f.seconds
    );
    for p in &f.pages {
        out.push_str(&format!(
            "  {}: {} requests, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n",
            p.page, p.requests, p.p50_ms, p.p99_ms, p.max_ms
        ));
    }
    out
}
