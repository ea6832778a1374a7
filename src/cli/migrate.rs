//! `duthao migrate`: apply pending migrations.

use super::DbArgs;

pub async fn run(args: DbArgs) -> anyhow::Result<()> {
    let db = crate::app::open_database(&args.config()).await?;
    let version = crate::storage::Db::latest_migration();
    drop(db);
    println!("Cơ sở dữ liệu đã ở phiên bản lược đồ {version}.");
    Ok(())
}
