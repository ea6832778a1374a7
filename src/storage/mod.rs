//! Storage: SQL per aggregate over one `AnyPool`, for SQLite and PostgreSQL alike.
//!
//! Functions here take the pool (or a transaction) and return typed rows. No HTTP, no
//! templates. Dialect differences live in [`dialect`] only.

pub mod audit;
pub mod catalogs;
pub mod comments;
pub mod conferences;
pub mod consultations;
pub mod dialect;
pub mod dispositions;
pub mod dossiers;
pub mod drafts;
pub mod feed;
pub mod groups;
pub mod moderation;
pub mod organisations;
pub mod report;
pub mod revisions;
pub mod schedule;
pub mod sessions;
pub mod sign_in;
pub mod statistics;
pub mod submissions;
pub mod tail;
pub mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

use crate::domain::receipt::ReceiptKey;

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
    /// Comments for consultations whose dossiers have been submitted: the package is
    /// made, and nothing may join it. Names those consultations (at least one, in
    /// order).
    #[error("consultations {0:?} belong to submitted dossiers: they take no more comments")]
    Submitted(Vec<i64>),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// The database: a pool, the dialect it speaks, and the instance's receipt key.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub dialect: Dialect,
    pub receipt_key: ReceiptKey,
    /// Bumped after every committed change to comments or agreement marks made through
    /// this handle, so that read caches on this instance see their own writes at once
    /// (writes of other instances reach them within the caches' time limits).
    pub tally_changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Counts the commits of new comments through this handle. Every tail (search
    /// index, grouping) watches it with its own receiver, so each one wakes: a
    /// `Notify::notify_one` woke only one of them, and the other waited for its poll.
    pub comments_committed: std::sync::Arc<tokio::sync::watch::Sender<u64>>,
    /// Near-duplicate joins waiting for the group commit's next transaction (SQLite).
    pub joins: std::sync::Arc<groups::JoinHandoff>,
    /// The comments just committed through this handle, for the tails.
    pub feed: std::sync::Arc<feed::Feed>,
    /// When the group commit settles the comments it stored unsettled (SQLite).
    pub settling: std::sync::Arc<comments::Settling>,
}

/// Bumped after every committed change to what the public pages show of a dossier
/// (drafts, versions, publication, consultations), in this process. Read caches compare
/// it to see this process's writes at once; a process-wide counter only ever causes an
/// extra reload, never a stale read.
static CONTENT_CHANGES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// See [`CONTENT_CHANGES`].
pub fn content_generation() -> u64 {
    CONTENT_CHANGES.load(std::sync::atomic::Ordering::Acquire)
}

fn content_changed() {
    CONTENT_CHANGES.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
}

/// Numbered migrations, applied in order and never edited once landed.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("migrations/0001_init.sql")),
    (2, "derived_receipts", include_str!("migrations/0002_derived_receipts.sql")),
    (3, "comment_tally", include_str!("migrations/0003_comment_tally.sql")),
    (4, "grouping", include_str!("migrations/0004_grouping.sql")),
    (5, "dispositions", include_str!("migrations/0005_dispositions.sql")),
    (6, "revisions", include_str!("migrations/0006_revisions.sql")),
    (7, "schedule", include_str!("migrations/0007_schedule.sql")),
    (8, "submission", include_str!("migrations/0008_submission.sql")),
    (9, "conference", include_str!("migrations/0009_conference.sql")),
    (10, "sign_in", include_str!("migrations/0010_sign_in.sql")),
    (11, "comment_audit", include_str!("migrations/0011_comment_audit.sql")),
    (12, "abuse", include_str!("migrations/0012_abuse.sql")),
    (13, "catalogs", include_str!("migrations/0013_catalogs.sql")),
    (14, "settled", include_str!("migrations/0014_settled.sql")),
    (15, "submission_key", include_str!("migrations/0015_submission_key.sql")),
];

impl Db {
    /// Connects to `url` (`sqlite:///path/file.db?mode=rwc` or `postgres://…`), applies
    /// pending migrations and loads (or, the first time, creates) the receipt key.
    pub async fn open(url: &str) -> Result<Self> {
        let (pool, dialect) = Self::connect(url).await?;
        migrate(&pool, dialect, Self::latest_migration()).await?;
        let receipt_key = receipt_key(&pool).await?;
        Ok(Self {
            pool,
            dialect,
            receipt_key,
            tally_changes: Default::default(),
            comments_committed: std::sync::Arc::new(tokio::sync::watch::channel(0).0),
            joins: Default::default(),
            feed: Default::default(),
            settling: Default::default(),
        })
    }

    async fn connect(url: &str) -> Result<(AnyPool, Dialect)> {
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
        Ok((pool, dialect))
    }

    /// How many changes to comments or marks this instance has committed (see
    /// [`Db::tally_changes`]).
    pub fn tally_generation(&self) -> u64 {
        self.tally_changes.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn tallies_changed(&self) {
        self.tally_changes.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    pub(crate) fn comments_changed(&self) {
        self.tallies_changed();
        self.comments_committed.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// The newest migration applied to the database (0 on an empty one); an error if
    /// the database does not answer.
    pub async fn applied_migration(&self) -> Result<i64> {
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM schema_migration").fetch_one(&self.pool).await?;
        Ok(applied.unwrap_or(0))
    }

    /// The latest migration version the binary knows.
    pub fn latest_migration() -> i64 {
        MIGRATIONS.last().map_or(0, |m| m.0)
    }
}

/// The receipt key stored in the database; the first instance to start creates it.
async fn receipt_key(pool: &AnyPool) -> Result<ReceiptKey> {
    sqlx::query(
        "INSERT INTO instance_secret (name, value) VALUES ('receipt_key', $1) ON CONFLICT (name) DO NOTHING",
    )
    .bind(ReceiptKey::generate().to_hex())
    .execute(pool)
    .await?;
    let hex: String = sqlx::query_scalar("SELECT value FROM instance_secret WHERE name = 'receipt_key'")
        .fetch_one(pool)
        .await?;
    ReceiptKey::from_hex(&hex)
        .ok_or_else(|| StorageError::Corrupt("the stored receipt key is not 64 hex digits".into()))
}

/// Applies every migration up to `until` not yet applied, each in its own transaction.
async fn migrate(pool: &AnyPool, dialect: Dialect, until: i64) -> Result<usize> {
    let mut applied = 0;
    let mut conn = pool.acquire().await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migration (
            version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    drop(conn);
    for (version, name, portable) in MIGRATIONS.iter().filter(|m| m.0 <= until) {
        let mut tx = dialect::begin_write(pool).await?;
        dialect.lock_migrations(&mut tx).await?;
        let done: Option<i64> = sqlx::query_scalar("SELECT version FROM schema_migration WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *tx)
            .await?;
        if done.is_some() {
            continue;
        }
        for statement in split_statements(&dialect.ddl(portable)) {
            let Some(statement) = dialect.keep(&statement) else { continue };
            sqlx::query(sqlx::AssertSqlSafe(statement.to_owned())).execute(&mut *tx).await?;
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

    /// Migration 2 rebuilds the comment table: ids survive and new comments are
    /// numbered after them (PostgreSQL's identity must be moved past the copied ids).
    #[tokio::test]
    async fn migration_2_keeps_comment_ids_and_numbers_new_comments_after_them() {
        let dir = tempfile::tempdir().expect("dir");
        let mut urls = vec![format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display())];
        let mut scratch = None;
        if let Ok(base) = std::env::var("DUTHAO_TEST_POSTGRES_URL") {
            let (name, url) =
                dialect::create_scratch_database(&base, "duthao_test").await.expect("scratch db");
            urls.push(url);
            scratch = Some((base, name));
        }
        for url in urls {
            let (pool, dialect) = Db::connect(&url).await.expect("connect");
            migrate(&pool, dialect, 1).await.expect("migration 1");
            for sql in [
                "INSERT INTO organisation (kind, code, name, created_at) VALUES ('central', 'X', 'X', 0)",
                "INSERT INTO dossier (title, summary, drafting_org_id, approving_body, keywords, created_at) VALUES ('d', '', 1, '', '[]', 0)",
                "INSERT INTO draft (dossier_id, kind, title, keywords, position, created_at) VALUES (1, 'other', 't', '[]', 1, 0)",
                "INSERT INTO draft_version (draft_id, number, status, source_name, source_format, source_text, preamble, warnings, created_at) VALUES (1, 1, 'published', 'f', 'text', '', '', '[]', 0)",
                "INSERT INTO consultation (dossier_id, title, opens_at, closes_at, audience, created_at) VALUES (1, 'c', 0, 1, 'public', 0)",
                "INSERT INTO comment (consultation_id, version_id, body, channel, receipt_code, created_at) VALUES (1, 1, 'cũ 1', 'web', 'DT-2222-2222', 0)",
                "INSERT INTO comment (consultation_id, version_id, body, channel, receipt_code, created_at) VALUES (1, 1, 'cũ 2', 'web', 'DT-3333-3333', 0)",
            ] {
                sqlx::query(sql).execute(&pool).await.expect(sql);
            }
            pool.close().await;
            let db = Db::open(&url).await.expect("open migrates to the latest");
            let old = comments::get(&db, 2).await.expect("q").expect("old comment kept");
            assert_eq!(old.body, "cũ 2");
            let new = comments::NewComment {
                consultation_id: 1,
                version_id: 1,
                provision_id: None,
                quote: None,
                body: "mới".into(),
                author_name: None,
                author_email: None,
                author_user_id: None,
                organisation_id: None,
                channel: "web".into(),
                created_at: None,
                name_public: false,
                flag: None,
                submission_key: None,
            };
            let (id, code) = comments::insert(&db, &new).await.expect("a new comment is stored");
            assert_eq!(id, 3, "{url}");
            assert_eq!(
                comments::by_receipt(&db, &code).await.expect("q").map(|c| c.body),
                Some("mới".to_owned())
            );
        }
        if let Some((base, name)) = scratch {
            dialect::drop_scratch_database(&base, &name).await.expect("drop");
        }
    }

    #[test]
    fn every_migration_has_a_unique_increasing_version() {
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0);
        }
    }
}
