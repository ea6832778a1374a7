//! `duthao backup FILE` and `duthao restore FILE`.

use std::path::PathBuf;

use std::time::Duration;

use clap::Args;

use super::DbArgs;
use super::progress::Progress;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The backup file to write (it must not exist).
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let config = args.db.config();
    // The copy grows in FILE.partial: its size is the progress. SQLite's copy is at most
    // the size of the database file; a pg_dump archive is compressed, of unknown size.
    let total = match config.database_url {
        None => std::fs::metadata(config.data_dir.join("duthao.db")).ok().map(|m| m.len()),
        Some(_) => None,
    };
    let partial = crate::backup::partial_name(&args.file);
    let mut progress = Progress::new("Sao lưu (byte)", total);
    let work = crate::backup::backup(&config, &args.file);
    tokio::pin!(work);
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    let summary = loop {
        tokio::select! {
            done = &mut work => break done?,
            _ = tick.tick() => {
                if let Ok(m) = std::fs::metadata(&partial) {
                    progress.set(m.len());
                }
            }
        }
    };
    progress.set(summary.bytes);
    progress.finish("xong");
    print!("{} backup written to {} ({} bytes)", summary.kind, args.file.display(), summary.bytes);
    if summary.tables.is_empty() {
        println!();
    } else {
        println!(": {} tables, {} rows", summary.tables.len(), summary.rows());
    }
    Ok(())
}

pub async fn restore(args: BackupArgs) -> anyhow::Result<()> {
    let progress = Progress::new("Khôi phục, áp dụng lược đồ và kiểm tra nhật ký kiểm toán", None);
    let summary = crate::backup::restore(&args.db.config(), &args.file).await?;
    progress.finish("xong");
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
