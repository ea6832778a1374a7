//! Comments (góp ý) and agreement marks.
//!
//! A comment is stored in its own committed transaction before anyone is told its
//! receipt code: the code returned by [`insert`] is durable.

use std::collections::HashMap;

use sqlx::{AnyConnection, AnyPool, FromRow};

use super::{Result, now_ms};
use crate::domain::ReceiptCode;

#[derive(Debug, Clone)]
pub struct NewComment {
    pub consultation_id: i64,
    pub version_id: i64,
    pub provision_id: Option<i64>,
    pub quote: Option<String>,
    pub body: String,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub author_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub channel: String,
    /// Defaults to now; the demo loader spreads comments over the window.
    pub created_at: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub consultation_id: i64,
    pub version_id: i64,
    pub provision_id: Option<i64>,
    pub quote: Option<String>,
    pub body: String,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub channel: String,
    pub receipt_code: String,
    pub created_at: i64,
    pub draft_id: i64,
    pub draft_title: String,
    pub provision_label: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.consultation_id, c.version_id, c.provision_id, c.quote, c.body,
        c.author_name, c.author_email, c.organisation_id, o.name AS organisation_name, c.channel,
        c.receipt_code, c.created_at, d.id AS draft_id, d.title AS draft_title,
        p.label AS provision_label
     FROM comment c
     JOIN draft_version v ON v.id = c.version_id
     JOIN draft d ON d.id = v.draft_id
     LEFT JOIN organisation o ON o.id = c.organisation_id
     LEFT JOIN provision p ON p.id = c.provision_id";

/// Inserts one comment row with the given receipt code.
async fn insert_row(conn: &mut AnyConnection, new: &NewComment, code: &ReceiptCode) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO comment (consultation_id, version_id, provision_id, quote, body, author_name,
             author_email, author_user_id, organisation_id, channel, receipt_code, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(new.consultation_id)
    .bind(new.version_id)
    .bind(new.provision_id)
    .bind(new.quote.as_deref())
    .bind(&new.body)
    .bind(new.author_name.as_deref())
    .bind(new.author_email.as_deref())
    .bind(new.author_user_id)
    .bind(new.organisation_id)
    .bind(&new.channel)
    .bind(code.as_str())
    .bind(new.created_at.unwrap_or_else(now_ms))
    .fetch_one(conn)
    .await
}

pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Stores a comment and returns its id and receipt code once committed (the INSERT
/// runs in autocommit: it has committed when it returns).
pub async fn insert(pool: &AnyPool, new: &NewComment) -> Result<(i64, ReceiptCode)> {
    let mut conn = pool.acquire().await?;
    loop {
        let code = ReceiptCode::generate();
        match insert_row(&mut conn, new, &code).await {
            Ok(id) => return Ok((id, code)),
            // A receipt code collision: draw another code.
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}

pub async fn by_receipt(pool: &AnyPool, code: &ReceiptCode) -> Result<Option<CommentRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.receipt_code = $1")))
        .bind(code.as_str())
        .fetch_optional(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<CommentRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Filters of the editors' comment list. `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    pub consultation_id: Option<i64>,
    pub dossier_id: Option<i64>,
    pub draft_id: Option<i64>,
    pub provision_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub channel: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
}

enum Bind {
    Int(i64),
    Text(String),
}

impl CommentFilter {
    fn where_clause(&self) -> (String, Vec<Bind>) {
        let mut parts: Vec<String> = Vec::new();
        let mut binds = Vec::new();
        let mut push = |sql: &str, bind: Bind, binds: &mut Vec<Bind>| {
            binds.push(bind);
            parts.push(sql.replace('?', &format!("${}", binds.len())));
        };
        if let Some(v) = self.consultation_id {
            push("c.consultation_id = ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = self.dossier_id {
            push("d.dossier_id = ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = self.draft_id {
            push("d.id = ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = self.provision_id {
            push("c.provision_id = ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = self.organisation_id {
            push("c.organisation_id = ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = &self.channel {
            push("c.channel = ?", Bind::Text(v.clone()), &mut binds);
        }
        if let Some(v) = self.from {
            push("c.created_at >= ?", Bind::Int(v), &mut binds);
        }
        if let Some(v) = self.until {
            push("c.created_at <= ?", Bind::Int(v), &mut binds);
        }
        if parts.is_empty() {
            (String::new(), binds)
        } else {
            (format!(" WHERE {}", parts.join(" AND ")), binds)
        }
    }
}

/// One page of comments matching `filter`, newest first, and the total count.
pub async fn list(
    pool: &AnyPool,
    filter: &CommentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CommentRow>, i64)> {
    let (where_sql, binds) = filter.where_clause();
    let n = binds.len();
    let sql = format!(
        "{SELECT}{where_sql} ORDER BY c.created_at DESC, c.id DESC LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    let mut query = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = match b {
            Bind::Int(v) => query.bind(*v),
            Bind::Text(v) => query.bind(v.clone()),
        };
    }
    let rows = query.bind(limit).bind(offset).fetch_all(pool).await?;
    let count_sql = format!(
        "SELECT COUNT(*) FROM comment c JOIN draft_version v ON v.id = c.version_id
         JOIN draft d ON d.id = v.draft_id{where_sql}"
    );
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
    for b in binds {
        count = match b {
            Bind::Int(v) => count.bind(v),
            Bind::Text(v) => count.bind(v),
        };
    }
    let total = count.fetch_one(pool).await?;
    Ok((rows, total))
}

/// Comment counts per provision of a version, and the count on the whole draft
/// (key `None`).
pub async fn counts_by_provision(pool: &AnyPool, version_id: i64) -> Result<HashMap<Option<i64>, i64>> {
    let rows: Vec<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT provision_id, COUNT(*) FROM comment WHERE version_id = $1 GROUP BY provision_id",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}

pub async fn count_for_consultation(pool: &AnyPool, consultation_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM comment WHERE consultation_id = $1")
        .bind(consultation_id)
        .fetch_one(pool)
        .await?)
}

pub async fn count_all(pool: &AnyPool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM comment").fetch_one(pool).await?)
}

/// Records (or changes) a voter's agreement mark on a provision.
pub async fn mark_agreement(pool: &AnyPool, provision_id: i64, voter_key: &str, agrees: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO agreement (provision_id, voter_key, agrees, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provision_id, voter_key) DO UPDATE SET agrees = excluded.agrees, created_at = excluded.created_at",
    )
    .bind(provision_id)
    .bind(voter_key)
    .bind(i64::from(agrees))
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(())
}

/// (agree, disagree) counts per provision of a version.
pub async fn agreement_counts(pool: &AnyPool, version_id: i64) -> Result<HashMap<i64, (i64, i64)>> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT a.provision_id, a.agrees, COUNT(*) FROM agreement a
         JOIN provision p ON p.id = a.provision_id
         WHERE p.version_id = $1 GROUP BY a.provision_id, a.agrees",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await?;
    let mut out: HashMap<i64, (i64, i64)> = HashMap::new();
    for (provision_id, agrees, n) in rows {
        let entry = out.entry(provision_id).or_default();
        if agrees != 0 {
            entry.0 += n;
        } else {
            entry.1 += n;
        }
    }
    Ok(out)
}

/// The marks a voter has made on a version's provisions.
pub async fn voter_marks(pool: &AnyPool, version_id: i64, voter_key: &str) -> Result<HashMap<i64, bool>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT a.provision_id, a.agrees FROM agreement a JOIN provision p ON p.id = a.provision_id
         WHERE p.version_id = $1 AND a.voter_key = $2",
    )
    .bind(version_id)
    .bind(voter_key)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(p, a)| (p, a != 0)).collect())
}

/// Columns of one comment row, in the order [`insert_batch`] binds them.
const COMMENT_COLUMNS: usize = 12;

/// Stores a batch with one multi-row `INSERT … VALUES` in one transaction and returns
/// the ids in batch order, once committed. `codes[i]` is the receipt of `batch[i]`; the
/// caller draws distinct codes. Any failure stores nothing (the transaction rolls
/// back), so the caller may retry or split the batch. Batches must stay under the
/// dialects' bound-parameter limits: at most [`MAX_BATCH`] rows.
pub async fn insert_batch(
    pool: &AnyPool,
    batch: &[NewComment],
    codes: &[ReceiptCode],
) -> sqlx::Result<Vec<i64>> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let ids = insert_batch_in(&mut tx, batch, codes).await?;
    tx.commit().await?;
    Ok(ids)
}

/// The multi-row INSERT of [`insert_batch`] on a connection or transaction the caller
/// owns (and commits).
async fn insert_batch_in(
    conn: &mut AnyConnection,
    batch: &[NewComment],
    codes: &[ReceiptCode],
) -> sqlx::Result<Vec<i64>> {
    debug_assert_eq!(batch.len(), codes.len());
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = String::with_capacity(256 + batch.len() * 64);
    sql.push_str(
        "INSERT INTO comment (consultation_id, version_id, provision_id, quote, body, author_name,
             author_email, author_user_id, organisation_id, channel, receipt_code, created_at) VALUES ",
    );
    for row in 0..batch.len() {
        if row > 0 {
            sql.push(',');
        }
        sql.push('(');
        for col in 0..COMMENT_COLUMNS {
            if col > 0 {
                sql.push(',');
            }
            sql.push('$');
            sql.push_str(&(row * COMMENT_COLUMNS + col + 1).to_string());
        }
        sql.push(')');
    }
    sql.push_str(" RETURNING id, receipt_code");
    let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
    let now = now_ms();
    for (new, code) in batch.iter().zip(codes) {
        query = query
            .bind(new.consultation_id)
            .bind(new.version_id)
            .bind(new.provision_id)
            .bind(new.quote.clone())
            .bind(new.body.clone())
            .bind(new.author_name.clone())
            .bind(new.author_email.clone())
            .bind(new.author_user_id)
            .bind(new.organisation_id)
            .bind(new.channel.clone())
            .bind(code.as_str().to_owned())
            .bind(new.created_at.unwrap_or(now));
    }
    let returned = query.fetch_all(conn).await?;
    // RETURNING order is not promised by SQLite: match rows by their receipt code.
    let by_code: std::collections::HashMap<String, i64> =
        returned.into_iter().map(|(id, code)| (code, id)).collect();
    codes.iter().map(|c| by_code.get(c.as_str()).copied().ok_or_else(|| sqlx::Error::RowNotFound)).collect()
}

/// The largest batch [`insert_batch`] accepts (12 parameters a row stays well under
/// SQLite's 32,766 and PostgreSQL's 65,535).
pub const MAX_BATCH: usize = 1_000;

/// Draws `n` distinct receipt codes.
pub fn distinct_codes(n: usize) -> Vec<ReceiptCode> {
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut codes = Vec::with_capacity(n);
    while codes.len() < n {
        let code = ReceiptCode::generate();
        if seen.insert(code.clone()) {
            codes.push(code);
        }
    }
    codes
}

/// Stores many comments in one transaction, all or nothing (imports, the demo), in
/// multi-row INSERTs of at most [`MAX_BATCH`] rows; returns their receipt codes in
/// order, once committed. A receipt code that collides with a stored one (about one
/// chance in 10^8 per thousand comments) rolls everything back and it is retried with
/// fresh codes.
pub async fn insert_many(pool: &AnyPool, batch: &[NewComment]) -> Result<Vec<ReceiptCode>> {
    'attempt: loop {
        let codes = distinct_codes(batch.len());
        let mut tx = super::dialect::begin_write(pool).await?;
        for (rows, chunk_codes) in batch.chunks(MAX_BATCH).zip(codes.chunks(MAX_BATCH)) {
            match insert_batch_in(&mut tx, rows, chunk_codes).await {
                Ok(_) => {}
                Err(e) if is_unique_violation(&e) => continue 'attempt,
                Err(e) => return Err(e.into()),
            }
        }
        tx.commit().await?;
        return Ok(codes);
    }
}
