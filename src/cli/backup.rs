//! `duthao backup FILE` and `duthao restore FILE`.

use std::path::PathBuf;

use clap::Args;

use super::DbArgs;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (it must not exist).
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let summary = crate::backup::backup(&args.db.config(), &args.file).await?;
    print!("{} backup written to {} ({} bytes)", summary.kind, args.file.display(), summary.bytes);
    if summary.tables.is_empty() {
        println!();
    } else {
        println!(": {} tables, {} rows", summary.tables.len(), summary.rows());
    }
    Ok(())
}

pub async fn restore(args: BackupArgs) -> anyhow::Result<()> {
    let summary = crate::backup::restore(&args.db.config(), &args.file).await?;
    println!(
        "restored {} into the {} database: {} tables, {} rows; audit trail intact",
        args.file.display(),
        summary.kind,
        summary.tables.len(),
        summary.rows()
    );
    for (table, rows) in &summary.tables {
        println!("  {table}: {rows}");
    }
    Ok(())
}
