//! `duthao reindex`: builds the search index of this instance again from the database.

use std::time::Instant;

use clap::Args;

use super::DbArgs;
use super::progress::Progress;
use crate::search::SearchIndex;

#[derive(Debug, Args)]
pub struct ReindexArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

pub async fn run(args: ReindexArgs) -> anyhow::Result<()> {
    let config = args.db.config();
    let db = crate::app::open_database(&config).await?;
    let dir = config.data_dir.join("search");
    let started = Instant::now();
    let total = crate::storage::comments::count_rows(&db.pool).await?;
    let mut progress = Progress::new("Lập chỉ mục tìm kiếm", u64::try_from(total).ok());
    let (index, n) = SearchIndex::rebuild_with(&dir, &db, &mut |done| progress.set(done as u64)).await?;
    progress.finish("xong");
    let status = index.status();
    println!(
        "search index rebuilt in {}: {n} comments indexed through id {} in {:.1} s",
        dir.display(),
        status.indexed_through,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
