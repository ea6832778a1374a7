//! `duthao regroup` and `duthao report`: the synthesis from the command line, for a
//! consultation too large to wait on in a browser, or for a scheduled job.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;

use super::DbArgs;
use super::progress::Progress;
use crate::storage::{comments, consultations, now_ms};
use crate::synthesis::grouping::Grouping;

#[derive(Debug, Args)]
pub struct RegroupArgs {
    /// The consultation whose comments are grouped afresh.
    #[arg(long)]
    pub consultation: i64,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Groups every comment of a consultation afresh, as the editors' "regroup" button
/// does: groups with an answer or placed by an editor stay as they are.
pub async fn regroup(args: RegroupArgs) -> anyhow::Result<()> {
    let db = crate::app::open_database(&args.db.config()).await?;
    consultations::get(&db.pool, args.consultation)
        .await?
        .with_context(|| format!("không có đợt lấy ý kiến số {}", args.consultation))?;
    let total = comments::count_for_consultation(&db.pool, args.consultation).await?;
    let mut progress = Progress::new("Nhóm lại góp ý", u64::try_from(total).ok());
    let grouping = Arc::new(Grouping::new(Default::default()));
    let groups = grouping.regroup(&db, args.consultation, None, &mut |read| progress.set(read)).await?;
    progress.finish(&format!("{groups} nhóm"));
    println!("Đợt lấy ý kiến {}: {groups} nhóm góp ý giống hoặc gần giống nhau.", args.consultation);
    Ok(())
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The consultation.
    #[arg(long)]
    pub consultation: i64,
    /// The draft (a consultation may cover several).
    #[arg(long)]
    pub draft: i64,
    /// docx, xlsx, csv, or pdf (in a build with the `pdf` feature).
    #[arg(long, default_value = "docx")]
    pub format: String,
    /// Where to write the report (it must not exist).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Writes the synthesis report of one draft, as the editors' download does.
pub async fn report(args: ReportArgs) -> anyhow::Result<()> {
    if args.out.exists() {
        anyhow::bail!("{} đã có: chọn tên tệp khác", args.out.display());
    }
    let db = crate::app::open_database(&args.db.config()).await?;
    let progress = Progress::new("Lập báo cáo tổng hợp", None);
    let report = crate::synthesis::report::build(&db, args.consultation, args.draft, now_ms())
        .await
        .map_err(|e| anyhow::anyhow!("{e} (đợt {}, dự thảo {})", args.consultation, args.draft))?;
    let rows = report.rows.len();
    let format = args.format.clone();
    let written = tokio::task::spawn_blocking(move || crate::web::report::write_report(&report, &format))
        .await
        .context("the report task failed")?
        .with_context(|| {
            format!(
                "định dạng {} không có: docx, xlsx, csv (pdf khi biên dịch với --features pdf)",
                args.format
            )
        })?
        .map_err(|e| anyhow::anyhow!("viết báo cáo: {e}"))?;
    let (bytes, _, _) = written;
    std::fs::write(&args.out, &bytes).with_context(|| format!("không ghi được {}", args.out.display()))?;
    progress.finish(&format!("{rows} dòng"));
    println!("Báo cáo tổng hợp ({rows} dòng, {} byte) đã ghi vào {}.", bytes.len(), args.out.display());
    Ok(())
}
