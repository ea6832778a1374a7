//! Storage: SQL per aggregate over one `AnyPool`, for SQLite and PostgreSQL alike.
//!
//! Functions here take the pool (or a transaction) and return typed rows. No HTTP, no
//! templates. Dialect differences live in [`dialect`] only.

pub mod comments;
pub mod consultations;
pub mod dialect;
pub mod dossiers;
pub mod drafts;
pub mod organisations;
pub mod sessions;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

pub use dialect::Dialect;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unsupported database URL (expected sqlite: or postgres://): {0}")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// The database: a pool and the dialect it speaks.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
}

/// Numbered migrations, applied in order and never edited once landed.
const MIGRATIONS: &[(i64, &str, &str)] = &[(1, "init", include_str!("migrations/0001_init.sql"))];

impl Db {
    /// Connects to `url` (`sqlite:///path/file.db?mode=rwc` or `postgres://…`).
    pub async fn connect(url: &str) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::from_url(url).ok_or_else(|| StorageError::UnsupportedUrl(url.to_owned()))?;
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let max = match dialect {
            Dialect::Sqlite => 8,
            Dialect::Postgres => 16,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| Box::pin(dialect.configure(conn)))
            .connect_with(options)
            .await?;
        Ok(Self { pool, dialect })
    }

    /// Applies every migration not yet applied, each in its own transaction.
    pub async fn migrate(&self) -> Result<usize> {
        let mut applied = 0;
        let mut conn = self.pool.acquire().await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migration (
                version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *conn)
        .await?;
        drop(conn);
        for (version, name, portable) in MIGRATIONS {
            let mut tx = dialect::begin_write(&self.pool).await?;
            self.dialect.lock_migrations(&mut tx).await?;
            let done: Option<i64> =
                sqlx::query_scalar("SELECT version FROM schema_migration WHERE version = $1")
                    .bind(version)
                    .fetch_optional(&mut *tx)
                    .await?;
            if done.is_some() {
                continue;
            }
            for statement in split_statements(&self.dialect.ddl(portable)) {
                sqlx::query(sqlx::AssertSqlSafe(statement)).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(version)
                .bind(*name)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(migration.version = version, migration.name = name, "migration applied");
            applied += 1;
        }
        Ok(applied)
    }

    /// The latest migration version the binary knows.
    pub fn latest_migration() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.0)
    }
}

/// Splits migration text into statements: `;` at the end of a line ends one. Comment
/// lines are dropped. Our migrations never put `;` at a line end inside a literal.
fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in sql.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("--") || trimmed.is_empty() {
            continue;
        }
        current.push_str(line);
        current.push('\n');
        if trimmed.ends_with(';') {
            out.push(current.trim().trim_end_matches(';').to_owned());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_owned());
    }
    out
}

/// Milliseconds since the Unix epoch, the only time format stored.
pub fn now_ms() -> i64 {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}

/// Parses a stored JSON text column into a list of strings.
pub fn json_list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| StorageError::Corrupt(format!("JSON list: {e}")))
}

/// Serialises a list of strings for a JSON text column.
pub fn to_json_list(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_and_drops_comments() {
        let s = split_statements("-- a\nCREATE TABLE a (x BIGINT);\n\nCREATE INDEX i ON a(x);\n");
        assert_eq!(s, vec!["CREATE TABLE a (x BIGINT)", "CREATE INDEX i ON a(x)"]);
    }

    #[test]
    fn every_migration_has_a_unique_increasing_version() {
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0);
        }
    }
}
