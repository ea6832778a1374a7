//! `duthao import draft FILE`: add a draft (or a new version of one) from a file.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};

use super::DbArgs;
use crate::domain::DraftKind;
use crate::storage::{dossiers, drafts};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Parse a draft file and store it as a new version.
    ///
    /// Example: duthao import draft du-thao-quy-dinh.docx --dossier 1 --title "Dự thảo Quy định …" --kind quy_dinh --publish
    Draft(ImportDraft),
}

#[derive(Debug, Args)]
pub struct ImportDraft {
    /// The draft: .docx, .md or .txt.
    pub file: PathBuf,
    /// The dossier the draft belongs to (for a new draft).
    #[arg(long)]
    pub dossier: Option<i64>,
    /// An existing draft to add a version to.
    #[arg(long, conflicts_with_all = ["dossier", "title"])]
    pub draft: Option<i64>,
    /// Title of a new draft.
    #[arg(long)]
    pub title: Option<String>,
    /// Kind of a new draft: quy_dinh, de_an, bao_cao, to_trinh, nghi_dinh, thong_tu, luat, ket_luan, other.
    #[arg(long, default_value = "other")]
    pub kind: String,
    /// Publish the version at once (otherwise an editor checks and publishes it).
    #[arg(long)]
    pub publish: bool,
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn run(cmd: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Draft(args) = cmd;
    let bytes = std::fs::read(&args.file).with_context(|| format!("đọc tệp {}", args.file.display()))?;
    let name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Parse before touching the database: a bad file changes nothing.
    let (_, document) = crate::drafting::parse_upload(&name, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let db = crate::app::open_database(&args.db.config()).await?;
    let draft_id = match (args.draft, args.dossier) {
        (Some(id), _) => {
            drafts::get_draft(&db.pool, id).await?.with_context(|| format!("không có dự thảo {id}"))?.id
        }
        (None, Some(dossier)) => {
            dossiers::get(&db.pool, dossier).await?.with_context(|| format!("không có hồ sơ {dossier}"))?;
            let kind = DraftKind::parse(&args.kind)
                .with_context(|| format!("loại dự thảo không hợp lệ: {}", args.kind))?;
            let title = args.title.clone().or_else(|| document.title.as_ref().map(|t| t.replace('\n', " ")));
            let Some(title) = title else {
                bail!("cần --title cho dự thảo mới (tệp không có tiêu đề nhận ra được)")
            };
            drafts::insert_draft(&db.pool, dossier, kind.code(), &title, &[]).await?
        }
        (None, None) => bail!("cần --dossier (dự thảo mới) hoặc --draft (phiên bản mới)"),
    };
    let version_id = crate::drafting::store_upload(&db, draft_id, &name, &bytes)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if args.publish {
        drafts::publish_version(&db.pool, version_id).await?;
    }
    println!(
        "Đã nhập {}: dự thảo {draft_id}, phiên bản {version_id}, {} điều khoản, {} cảnh báo{}.",
        args.file.display(),
        document.count(),
        document.warnings.len(),
        if args.publish { ", đã công bố" } else { "" }
    );
    Ok(())
}
