//! `duthao backup` and `duthao restore`: a consistent online backup of the database
//! while the server runs, and a restore into an empty database.
//!
//! - **SQLite.** `VACUUM INTO` writes a consistent snapshot of the live database (one
//!   read transaction; writers go on in the WAL meanwhile) as a compact SQLite file.
//!   The copy is checked (`PRAGMA integrity_check`) before it takes the final name.
//!   Restoring copies it into the data directory, applies newer migrations if the
//!   backup is older than the binary, and verifies the audit chain.
//! - **PostgreSQL.** `pg_dump --format=custom` (a consistent snapshot in one
//!   transaction) and `pg_restore --single-transaction --exit-on-error` into an empty
//!   database; the client tools must be on `PATH` (Debian: `postgresql-client`).
//!
//! A backup is written to `FILE.partial` and renamed only when complete, so a file with
//! the final name is always whole. Restore refuses a database that holds any table:
//! restoring never mixes with or overwrites data.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::config::{Config, redact_url};
use crate::storage::Db;
use crate::storage::dialect::Dialect;

const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
const PG_DUMP_MAGIC: &[u8] = b"PGDMP";

/// What a backup or restore wrote, for the command's report.
#[derive(Debug)]
pub struct Summary {
    pub kind: &'static str,
    pub bytes: u64,
    /// Rows per table, in name order (empty for a PostgreSQL backup: the rows are in
    /// pg_dump's snapshot, which only a restore reads).
    pub tables: Vec<(String, i64)>,
}

impl Summary {
    pub fn rows(&self) -> i64 {
        self.tables.iter().map(|t| t.1).sum()
    }
}

/// Writes a consistent backup of the configured database to `file` (which must not
/// exist).
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<Summary> {
    if file.exists() {
        bail!("{} exists already; choose another file name (a backup never overwrites)", file.display());
    }
    let partial = partial_name(file);
    // A leftover from an interrupted run is ours to replace.
    let _ = std::fs::remove_file(&partial);
    let url = config.database_url();
    let result = match Dialect::from_url(&url) {
        Some(Dialect::Sqlite) => backup_sqlite(&url, &partial).await,
        Some(Dialect::Postgres) => backup_postgres(&url, &partial).await,
        None => bail!("unsupported database URL {}", redact_url(&url)),
    };
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {}", partial.display()))?;
    std::fs::rename(&partial, file).with_context(|| format!("naming the backup {}", file.display()))?;
    sync_parent(file);
    Ok(Summary { bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0), ..summary })
}

/// Restores `file` (a backup of either kind) into the configured database, which must
/// be empty; then brings it to this binary's migrations and verifies the audit chain.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<Summary> {
    let kind = backup_kind(file)?;
    let url = config.database_url();
    let dialect =
        Dialect::from_url(&url).with_context(|| format!("unsupported database URL {}", redact_url(&url)))?;
    match (kind, dialect) {
        (Dialect::Sqlite, Dialect::Sqlite) => restore_sqlite(config, file).await?,
        (Dialect::Postgres, Dialect::Postgres) => restore_postgres(&url, file).await?,
        (Dialect::Sqlite, Dialect::Postgres) => bail!(
            "{} is a SQLite backup but the target is PostgreSQL ({}); restore it into a data directory \
             (--data-dir) instead",
            file.display(),
            redact_url(&url)
        ),
        (Dialect::Postgres, Dialect::Sqlite) => bail!(
            "{} is a PostgreSQL backup (pg_dump); restore it with --database-url postgres://…",
            file.display()
        ),
    }
    let tables = match verify_restored(&url).await {
        Ok(tables) => tables,
        Err(e) if dialect == Dialect::Sqlite => {
            // Never leave an unverified database where a server would open it.
            remove_sqlite_files(&sqlite_path(&url)?);
            return Err(e.context("the restored database was removed"));
        }
        Err(e) => {
            return Err(e.context(format!(
                "the database {} now holds the unverified restore: drop and recreate it before trying again",
                redact_url(&url)
            )));
        }
    };
    if dialect == Dialect::Sqlite {
        // The search index is derived from the database: the server rebuilds it.
        let index = config.data_dir.join("search");
        if index.exists() {
            std::fs::remove_dir_all(&index).with_context(|| format!("removing {}", index.display()))?;
        }
    }
    Ok(Summary {
        kind: if dialect == Dialect::Sqlite { "SQLite" } else { "PostgreSQL" },
        bytes: std::fs::metadata(file).map(|m| m.len()).unwrap_or(0),
        tables,
    })
}

/// Opens a restored database (applying this binary's migrations) and verifies its
/// audit chain; returns its row counts.
async fn verify_restored(url: &str) -> anyhow::Result<Vec<(String, i64)>> {
    let db = Db::open(url).await.context("opening the restored database")?;
    let audit = crate::storage::audit::verify(&db.pool).await?;
    if let Some(link) = audit.broken {
        bail!("the restored audit trail is broken at event {}: {}", link.event_id, link.reason);
    }
    let tables = table_counts(&db.pool, db.dialect).await?;
    db.pool.close().await;
    Ok(tables)
}

/// Which database a backup file came from, by its first bytes.
fn backup_kind(file: &Path) -> anyhow::Result<Dialect> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let n = f.read(&mut head).with_context(|| format!("reading {}", file.display()))?;
    if head[..n].starts_with(SQLITE_MAGIC) {
        Ok(Dialect::Sqlite)
    } else if head[..n].starts_with(PG_DUMP_MAGIC) {
        Ok(Dialect::Postgres)
    } else {
        bail!("{} is not a Duthao backup (neither a SQLite database nor a pg_dump archive)", file.display())
    }
}

pub fn partial_name(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn sync_parent(file: &Path) {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

async fn connect(url: &str, max: u32) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(max)
        .connect(url)
        .await
        .with_context(|| format!("connecting to {}", redact_url(url)))
}

/// The application's tables (not SQLite's own), in name order.
async fn tables(pool: &AnyPool, dialect: Dialect) -> anyhow::Result<Vec<String>> {
    let sql = match dialect {
        Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Dialect::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(pool).await?)
}

/// Rows per table.
pub async fn table_counts(pool: &AnyPool, dialect: Dialect) -> anyhow::Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for table in tables(pool, dialect).await? {
        // The name comes from the catalog, not from input.
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM \"{table}\"")))
            .fetch_one(pool)
            .await?;
        out.push((table, n));
    }
    Ok(out)
}

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url.strip_prefix("sqlite://").with_context(|| format!("not a SQLite URL: {url}"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        bail!("an in-memory SQLite database has nothing to back up or restore into");
    }
    Ok(PathBuf::from(path))
}

/// Removes a SQLite database file and its WAL journals, if there are any.
fn remove_sqlite_files(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

fn sqlite_url(path: &Path, mode: &str) -> String {
    format!("sqlite://{}?mode={mode}", path.display())
}

async fn backup_sqlite(url: &str, partial: &Path) -> anyhow::Result<Summary> {
    let source = sqlite_path(url)?;
    if !source.exists() {
        bail!("no database at {}", source.display());
    }
    let pool = connect(&sqlite_url(&source, "rw"), 1).await?;
    let target = partial.to_str().with_context(|| format!("{} is not UTF-8", partial.display()))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&pool)
        .await
        .with_context(|| format!("writing the snapshot to {}", partial.display()))?;
    pool.close().await;
    let tables = check_sqlite(partial).await?;
    Ok(Summary { kind: "SQLite", bytes: 0, tables })
}

/// Checks a SQLite file: integrity, and that it is a Duthao database; returns its
/// row counts.
async fn check_sqlite(file: &Path) -> anyhow::Result<Vec<(String, i64)>> {
    let pool = connect(&sqlite_url(file, "ro"), 1).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&pool).await?;
    if check != "ok" {
        bail!("{} fails SQLite's integrity check: {check}", file.display());
    }
    let tables = table_counts(&pool, Dialect::Sqlite).await?;
    pool.close().await;
    if !tables.iter().any(|(t, _)| t == "schema_migration") || !tables.iter().any(|(t, _)| t == "comment") {
        bail!("{} is a SQLite database but not a Duthao one", file.display());
    }
    Ok(tables)
}

async fn restore_sqlite(config: &Config, file: &Path) -> anyhow::Result<()> {
    check_sqlite(file).await.with_context(|| format!("checking the backup {}", file.display()))?;
    let target = sqlite_path(&config.database_url())?;
    if target.exists() {
        let pool = connect(&sqlite_url(&target, "ro"), 1).await?;
        let present = tables(&pool, Dialect::Sqlite).await?;
        pool.close().await;
        if !present.is_empty() {
            bail!(
                "{} already holds a database ({} tables); restore into an empty data directory",
                target.display(),
                present.len()
            );
        }
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // An empty database file and its journals make way for the restored one.
    remove_sqlite_files(&target);
    let partial = partial_name(&target);
    std::fs::copy(file, &partial)
        .with_context(|| format!("copying {} to {}", file.display(), partial.display()))?;
    std::fs::File::open(&partial).and_then(|f| f.sync_all()).context("syncing the restored database")?;
    std::fs::rename(&partial, &target).with_context(|| format!("naming {}", target.display()))?;
    sync_parent(&target);
    Ok(())
}

/// A PostgreSQL URL without its password, and the password (percent-decoded): the
/// client tools get the password through `PGPASSWORD`, never on their command line,
/// where any local user could read it.
fn split_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else { return (url.to_owned(), None) };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let Some((userinfo, host)) = authority.rsplit_once('@') else { return (url.to_owned(), None) };
    let Some((user, password)) = userinfo.split_once(':') else { return (url.to_owned(), None) };
    let password = percent_encoding::percent_decode_str(password).decode_utf8_lossy().into_owned();
    (format!("{scheme}://{user}@{host}{tail}"), Some(password))
}

/// `program` with the connection for `url`: the URL without its password, which goes
/// in the environment.
fn pg_tool(program: &str, url: &str) -> (Command, String) {
    let (bare, password) = split_password(url);
    let mut command = Command::new(program);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    (command, bare)
}

fn run_tool(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let output = command.output().with_context(|| {
        format!("running {what} (install the PostgreSQL client tools, e.g. Debian's postgresql-client)")
    })?;
    if !output.status.success() {
        bail!("{what} failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

async fn backup_postgres(url: &str, partial: &Path) -> anyhow::Result<Summary> {
    let (mut dump, bare) = pg_tool("pg_dump", url);
    run_tool(
        dump.arg("--format=custom").arg("--no-owner").arg("--file").arg(partial).arg("--dbname").arg(&bare),
        "pg_dump",
    )?;
    run_tool(
        Command::new("pg_restore").arg("--list").arg(partial).stdout(std::process::Stdio::null()),
        "pg_restore --list",
    )?;
    // The dump's own snapshot is not readable from here: no row counts.
    Ok(Summary { kind: "PostgreSQL", bytes: 0, tables: Vec::new() })
}

async fn restore_postgres(url: &str, file: &Path) -> anyhow::Result<()> {
    let pool = connect(url, 1).await?;
    let present = tables(&pool, Dialect::Postgres).await?;
    pool.close().await;
    if !present.is_empty() {
        bail!(
            "the database {} already holds {} tables; restore into an empty database",
            redact_url(url),
            present.len()
        );
    }
    let (mut restore, bare) = pg_tool("pg_restore", url);
    run_tool(
        restore
            .args(["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname"])
            .arg(&bare)
            .arg(file),
        "pg_restore",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            split_password("postgres://duthao:b%C3%AD%20m%E1%BA%ADt@db.example:5432/duthao?sslmode=require"),
            (
                "postgres://duthao@db.example:5432/duthao?sslmode=require".to_owned(),
                Some("bí mật".to_owned())
            )
        );
        assert_eq!(split_password("postgres://postgres@127.0.0.1:5432/test").1, None);
        assert_eq!(split_password("postgres://localhost/test").1, None);
        assert_eq!(split_password("postgres://u:p@h").0, "postgres://u@h");
    }
}
