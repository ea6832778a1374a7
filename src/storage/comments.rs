//! Comments (góp ý) and agreement marks.
//!
//! A comment is stored in a committed transaction before anyone is told its receipt
//! code: the code returned by [`insert`] and [`insert_batch`] is durable. Codes are
//! not stored: they are derived from the id with the instance's key
//! ([`ReceiptCode::for_comment`]).

use std::collections::HashMap;

use sqlx::{AnyConnection, AnyPool, FromRow, Row};

use super::{Db, Result, StorageError, now_ms};
use crate::domain::ReceiptCode;
use crate::domain::moderation::Moderation;

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
    /// The commenter lets the public see their name.
    pub name_public: bool,
    /// Set when intake flags the comment for a moderator, with the reason.
    pub flag: Option<String>,
    /// The commenter's key for this submission (migration 0015): a comment with a
    /// key is stored once per consultation.
    pub submission_key: Option<String>,
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
    /// Derived from the id after the row is read.
    #[sqlx(skip)]
    pub receipt_code: String,
    pub created_at: i64,
    pub draft_id: i64,
    pub draft_title: String,
    pub provision_label: Option<String>,
    pub name_public: i64,
    /// `visible`, `flagged` or `hidden` ([`crate::domain::moderation::Moderation`]).
    pub moderation: String,
    pub moderation_reason: Option<String>,
}

impl CommentRow {
    pub fn moderation(&self) -> Moderation {
        Moderation::parse(&self.moderation).unwrap_or(Moderation::Visible)
    }

    pub fn is_hidden(&self) -> bool {
        self.moderation() == Moderation::Hidden
    }
}

pub(super) const SELECT: &str =
    "SELECT c.id AS id, c.consultation_id, c.version_id, c.provision_id, c.quote, c.body,
        c.author_name, c.author_email, c.organisation_id, o.name AS organisation_name, c.channel,
        c.created_at AS created_at, d.id AS draft_id, d.title AS draft_title,
        p.label AS provision_label, c.name_public, c.moderation, c.moderation_reason
     FROM comment c
     JOIN draft_version v ON v.id = c.version_id
     JOIN draft d ON d.id = v.draft_id
     LEFT JOIN organisation o ON o.id = c.organisation_id
     LEFT JOIN provision p ON p.id = c.provision_id";

/// The receipt code of comment `id`.
pub fn code_of(db: &Db, id: i64) -> Result<ReceiptCode> {
    ReceiptCode::for_comment(id, &db.receipt_key)
        .ok_or_else(|| StorageError::Corrupt(format!("comment id {id} is beyond the receipt code space")))
}

pub(super) fn with_code(db: &Db, mut row: CommentRow) -> Result<CommentRow> {
    row.receipt_code = code_of(db, row.id)?.to_string();
    Ok(row)
}

/// Whose personal data: the e-mail a commenter gave (any case), or the account that
/// commented.
#[derive(Debug, Clone)]
pub enum Person {
    Email(String),
    User(i64),
}

impl Person {
    /// The condition and its one parameter, on `comment` aliased `c`.
    fn condition(&self) -> &'static str {
        match self {
            Self::Email(_) => "LOWER(c.author_email) = LOWER($1)",
            Self::User(_) => "c.author_user_id = $1",
        }
    }

    /// How the audit trail names the person: an account by its id; a person known
    /// only by an e-mail not at all (even a hash of an e-mail can be confirmed by
    /// anyone who guesses the address, and the trail can never be erased).
    pub fn audit_subject(&self) -> String {
        match self {
            Self::Email(_) => "person:by-email".to_owned(),
            Self::User(id) => format!("person:user:{id}"),
        }
    }
}

/// Every comment of `person` that still carries personal data (name or e-mail), oldest
/// first: what an export of the person's data contains.
pub async fn of_person(db: &Db, person: &Person) -> Result<Vec<CommentRow>> {
    let sql = format!(
        "{SELECT} WHERE {} AND (c.author_name IS NOT NULL OR c.author_email IS NOT NULL) ORDER BY c.id",
        person.condition()
    );
    let query = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql));
    let query = match person {
        Person::Email(e) => query.bind(e.trim().to_owned()),
        Person::User(id) => query.bind(*id),
    };
    query.fetch_all(&db.pool).await?.into_iter().map(|r| with_code(db, r)).collect()
}

/// Erases the personal data (name and e-mail) of `person` from their comments; the
/// comments themselves, their text and their place in the record stay. Audited
/// without the data erased. Returns how many comments were changed.
pub async fn erase_person(db: &Db, actor: i64, person: &Person) -> Result<u64> {
    let mut tx = super::dialect::begin_write(&db.pool).await?;
    let condition = person.condition().replace("c.", "");
    let sql = format!(
        "UPDATE comment SET author_name = NULL, author_email = NULL
         WHERE {condition} AND (author_name IS NOT NULL OR author_email IS NOT NULL)"
    );
    let query = sqlx::query(sqlx::AssertSqlSafe(sql));
    let query = match person {
        Person::Email(e) => query.bind(e.trim().to_owned()),
        Person::User(id) => query.bind(*id),
    };
    let changed = query.execute(&mut *tx).await?.rows_affected();
    super::audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "personal_data.erased",
        &person.audit_subject(),
        &serde_json::json!({ "comments": changed }),
    )
    .await?;
    tx.commit().await?;
    db.comments_changed();
    Ok(changed)
}

/// Stores one comment and returns its id and receipt code once committed.
pub async fn insert(db: &Db, new: &NewComment) -> Result<(i64, ReceiptCode)> {
    let stored = insert_batch(db, std::slice::from_ref(new)).await?;
    stored.into_iter().next().ok_or_else(|| StorageError::Corrupt("INSERT returned no id".into()))
}

/// The comment a receipt code was issued for.
pub async fn by_receipt(db: &Db, code: &ReceiptCode) -> Result<Option<CommentRow>> {
    get(db, code.comment_id(&db.receipt_key)).await
}

/// What was stored under a submission key: enough to tell a repeat of the same
/// submission from another one.
#[derive(Debug, Clone, FromRow)]
pub struct KeyedRow {
    pub id: i64,
    pub created_at: i64,
    pub version_id: i64,
    pub provision_id: Option<i64>,
    pub channel: String,
    pub body: String,
    pub quote: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub name_public: i64,
    pub author_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
}

/// The comment stored on the consultation with the commenter's submission key.
pub async fn by_submission_key(pool: &AnyPool, consultation_id: i64, key: &str) -> Result<Option<KeyedRow>> {
    Ok(sqlx::query_as(
        "SELECT id, created_at, version_id, provision_id, channel, body, quote, author_name, author_email,
             name_public, author_user_id, organisation_id
         FROM comment WHERE consultation_id = $1 AND submission_key = $2",
    )
    .bind(consultation_id)
    .bind(key)
    .fetch_optional(pool)
    .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<CommentRow>> {
    let row: Option<CommentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| with_code(db, r)).transpose()
}

/// The comments with these ids (any order; missing ids are skipped).
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<CommentRow>> {
    let rows: Vec<CommentRow> = rows_with_ids(db, SELECT, ids).await?;
    rows.into_iter().map(|r| with_code(db, r)).collect()
}

/// `select … WHERE c.id IN (ids)`.
async fn rows_with_ids<T>(db: &Db, select: &str, ids: &[i64]) -> Result<Vec<T>>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = (1..=ids.len()).map(|n| db.dialect.placeholder(n)).collect::<Vec<_>>().join(",");
    let mut query = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(format!("{select} WHERE c.id IN ({list})")));
    for id in ids {
        query = query.bind(*id);
    }
    Ok(query.fetch_all(&db.pool).await?)
}

/// What the search index holds of a comment.
#[derive(Debug, Clone, FromRow)]
pub struct IndexRow {
    pub id: i64,
    pub consultation_id: i64,
    pub version_id: i64,
    pub draft_id: i64,
    pub provision_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub channel: String,
    pub created_at: i64,
    pub body: String,
}

const INDEX_SELECT: &str = "SELECT c.id, c.consultation_id, c.version_id, v.draft_id, c.provision_id,
        c.organisation_id, c.channel, c.created_at, c.body
     FROM comment c JOIN draft_version v ON v.id = c.version_id";

/// Up to `limit` comments with an id above `after`, in id order (the search index's
/// tail).
pub async fn index_rows_after(pool: &AnyPool, after: i64, limit: i64) -> Result<Vec<IndexRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{INDEX_SELECT} WHERE c.id > $1 ORDER BY c.id LIMIT $2")))
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await?)
}

/// Up to `limit` comments with ids in the ranges, in id order, for the search index
/// (ids it saw missing earlier).
pub async fn index_rows_in_ranges(db: &Db, ranges: &[(i64, i64)], limit: i64) -> Result<Vec<IndexRow>> {
    rows_in_ranges(db, INDEX_SELECT, ranges, limit).await
}

/// `select … WHERE c.id` in one of the ranges (`start..=end`), in id order, at most
/// `limit` rows: how the tails look for ids they saw missing.
pub(crate) async fn rows_in_ranges<T>(
    db: &Db,
    select: &str,
    ranges: &[(i64, i64)],
    limit: i64,
) -> Result<Vec<T>>
where
    T: for<'r> FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let condition = crate::storage::tail::ranges_condition(db.dialect, "c.id", ranges, 1);
    let limit_at = db.dialect.placeholder(2 * ranges.len() + 1);
    let sql = format!("{select} WHERE {condition} ORDER BY c.id LIMIT {limit_at}");
    let mut query = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql));
    for (start, end) in ranges {
        query = query.bind(*start).bind(*end);
    }
    Ok(query.bind(limit).fetch_all(&db.pool).await?)
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

/// How many comments a list counts one by one at most, when its filter is not one the
/// tallies answer; beyond that it says "more than".
pub const COUNT_CAP: i64 = 10_000;

/// The number of comments a list matches: exact, or a lower bound ([`COUNT_CAP`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub n: i64,
    pub exact: bool,
}

/// One page of comments matching `filter`, newest first, and how many match.
///
/// The count comes from `comment_tally` when the filter is by consultation, dossier,
/// draft or provision only (the lists people open most); other filters count matching
/// rows up to [`COUNT_CAP`], so no page ever counts a national consultation row by row.
pub async fn list(
    db: &Db,
    filter: &CommentFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CommentRow>, Total)> {
    let (where_sql, binds) = filter.where_clause();
    let n = binds.len();
    let from = matching(db.dialect, SELECT, &where_sql, filter.provision_id.is_some());
    let sql = format!("{from} ORDER BY created_at DESC, id DESC LIMIT ${} OFFSET ${}", n + 1, n + 2);
    let mut query = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = match b {
            Bind::Int(v) => query.bind(*v),
            Bind::Text(v) => query.bind(v.clone()),
        };
    }
    let rows = query.bind(limit).bind(offset).fetch_all(&db.pool).await?;
    let rows = rows.into_iter().map(|r| with_code(db, r)).collect::<Result<Vec<_>>>()?;
    let tallied = filter.organisation_id.is_none()
        && filter.channel.is_none()
        && filter.from.is_none()
        && filter.until.is_none();
    let count_sql = if tallied {
        let where_sql = where_sql.replace("c.provision_id", "c.provision_key");
        format!(
            "SELECT CAST(COALESCE(SUM(c.n), 0) AS BIGINT) FROM comment_tally c JOIN draft_version v ON v.id = c.version_id
             JOIN draft d ON d.id = v.draft_id{where_sql}"
        )
    } else {
        let select = "SELECT 1 FROM comment c JOIN draft_version v ON v.id = c.version_id
             JOIN draft d ON d.id = v.draft_id";
        let rows = matching(db.dialect, select, &where_sql, filter.provision_id.is_some());
        format!("SELECT COUNT(*) FROM ({rows} LIMIT {}) capped", COUNT_CAP + 1)
    };
    let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
    for b in binds {
        count = match b {
            Bind::Int(v) => count.bind(v),
            Bind::Text(v) => count.bind(v),
        };
    }
    let counted = count.fetch_one(&db.pool).await?;
    let total = if tallied || counted <= COUNT_CAP {
        Total { n: counted, exact: true }
    } else {
        Total { n: COUNT_CAP, exact: false }
    };
    Ok((rows, total))
}

/// `select` (from `comment c`) with `where_sql` (a non-empty WHERE clause naming a
/// provision) as the settled comments, through the provision index, and the
/// unsettled ones (see [`Settling`]): the partial indexes serve only a query that
/// says which part it reads. PostgreSQL never stores a comment unsettled
/// ([`super::Dialect::settles_later`]), and its planner sorts a whole `UNION ALL`
/// before a LIMIT (every comment on the provision, for each page): there the query
/// reads the settled part alone.
pub(super) fn settled_and_not(dialect: super::Dialect, select: &str, where_sql: &str) -> String {
    matching(dialect, select, where_sql, true)
}

/// `select` with `where_sql`; by provision, both parts as [`settled_and_not`] says.
fn matching(dialect: super::Dialect, select: &str, where_sql: &str, by_provision: bool) -> String {
    if !by_provision {
        format!("{select}{where_sql}")
    } else if dialect.settles_later() {
        // (The unsettled part is named by id: with only `c.settled = 0` SQLite may
        // walk another index of the filter — every comment of a draft version, say —
        // instead of the few thousand unsettled rows at most.)
        format!(
            "{select}{where_sql} AND c.settled = 1 UNION ALL {select}{where_sql} AND c.settled = 0
             AND c.id IN (SELECT u.id FROM comment u WHERE u.settled = 0)"
        )
    } else {
        format!("{select}{where_sql} AND c.settled = 1")
    }
}

/// Comment counts per provision of a version, and the count on the whole draft
/// (key `None`), from the tallies. (Sums are cast: PostgreSQL sums BIGINT as NUMERIC,
/// which the Any driver cannot decode.)
pub async fn counts_by_provision(pool: &AnyPool, version_id: i64) -> Result<HashMap<Option<i64>, i64>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT provision_key, CAST(SUM(n) AS BIGINT) FROM comment_tally WHERE version_id = $1 GROUP BY provision_key",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(key, n)| ((key != 0).then_some(key), n)).collect())
}

pub async fn count_for_consultation(pool: &AnyPool, consultation_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM comment_tally WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_one(pool)
    .await?)
}

/// Every comment stored, from the tallies.
pub async fn count_all(pool: &AnyPool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM comment_tally")
        .fetch_one(pool)
        .await?)
}

/// Every comment stored, counted row by row (tests and checks of the tallies).
pub async fn count_rows(pool: &AnyPool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM comment").fetch_one(pool).await?)
}

/// Records (or changes) a voter's agreement mark on a provision.
pub async fn mark_agreement(db: &Db, provision_id: i64, voter_key: &str, agrees: bool) -> Result<()> {
    sqlx::query(
        "INSERT INTO agreement (provision_id, voter_key, agrees, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provision_id, voter_key) DO UPDATE SET agrees = excluded.agrees, created_at = excluded.created_at",
    )
    .bind(provision_id)
    .bind(voter_key)
    .bind(i64::from(agrees))
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    db.tallies_changed();
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

/// The largest batch [`insert_batch`] accepts: one transaction's worth (its rows are
/// one JSON parameter of about a megabyte at most).
pub const MAX_BATCH: usize = 1_000;

/// Stores a batch with one INSERT in one transaction and returns the ids and receipt
/// codes in batch order, once committed. Any failure stores nothing (the transaction
/// rolls back), so the caller may split the batch and retry. At most [`MAX_BATCH`] rows.
pub async fn insert_batch(db: &Db, batch: &[NewComment]) -> Result<Vec<(i64, ReceiptCode)>> {
    let mut conn = db.pool.acquire().await?;
    insert_batch_on(db, &mut conn, batch).await
}

/// [`insert_batch`] on a connection the caller holds. The group commit keeps one
/// connection for all its batches: SQLite drops a connection's whole page cache when
/// another connection has written since its last transaction, so a writer taking
/// any pooled connection read the comment table's indexes back (from the operating
/// system's cache) for nearly every batch.
pub async fn insert_batch_on(
    db: &Db,
    conn: &mut AnyConnection,
    batch: &[NewComment],
) -> Result<Vec<(i64, ReceiptCode)>> {
    // Near-duplicate joins the grouping tail left for the group commit go into the
    // same transaction (see `groups::apply_joins`).
    let joins = db.joins.take();
    let now = now_ms();
    let deferred = db.dialect.settles_later();
    let mode = match deferred {
        false => Settle::Now,
        true if db.settling.due(batch.len(), now) => Settle::All,
        true => Settle::Later,
    };
    let stored = async {
        let mut tx = super::dialect::begin_write_on(conn).await?;
        let ids = insert_batch_in(&mut tx, batch, now, mode).await?;
        if let Some(joins) = &joins {
            joins.write_in(&mut tx, db.dialect).await?;
        }
        tx.commit().await?;
        Ok::<_, super::StorageError>(ids)
    }
    .await;
    if deferred {
        db.settling.written(stored.is_ok(), batch.len(), mode == Settle::All, now);
    }
    if let Some(joins) = joins {
        joins.answer(stored.is_ok());
    }
    let ids = stored?;
    db.feed.push(&ids, batch, now);
    db.comments_changed();
    ids.into_iter().map(|id| Ok((id, code_of(db, id)?))).collect()
}

/// The batch's INSERT on a connection or transaction the caller owns (and commits):
/// one statement, its rows one JSON parameter ([`Dialect::json_rows`]); `now` is the
/// time of rows without one. Ids come back in batch order.
///
/// PostgreSQL returns them (`RETURNING`, sorted: the rows are inserted in the order
/// of the array, and a sequence hands ids out in that order within one statement).
/// SQLite does not need to send a row back per comment (each one a message between
/// the connection's thread and the caller): the table is `AUTOINCREMENT` and the
/// transaction holds the write lock, so one statement's rows take consecutive ids
/// ending at the last inserted rowid (SQLite fails with `SQLITE_FULL` rather than
/// reuse or skip ids once the largest is taken).
///
/// `settle`: how the rows enter the provision index.
///
/// Refuses the batch, storing nothing, if one of its comments is for a consultation
/// whose dossier has been submitted ([`StorageError::Submitted`]).
pub(super) async fn insert_batch_in(
    conn: &mut AnyConnection,
    batch: &[NewComment],
    now: i64,
    settle: Settle,
) -> Result<Vec<i64>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    refuse_submitted(conn, batch).await?;
    Ok(insert_rows_in(conn, batch, now, settle).await?)
}

/// Fails with [`StorageError::Submitted`], naming them, if some of `batch`'s
/// consultations belong to a submitted dossier. Its package counted the comments
/// stored until then; a comment checked while the consultation was open, or by an
/// instance whose cached facts were not yet told of the submission, may still come.
/// The check runs in the transaction that would store the rows, after taking the
/// lock a submission's count holds new comments back with, so it sees that
/// submission once it has committed.
async fn refuse_submitted(conn: &mut AnyConnection, batch: &[NewComment]) -> Result<()> {
    let mut consultations: Vec<i64> = batch.iter().map(|c| c.consultation_id).collect();
    consultations.sort_unstable();
    consultations.dedup();
    let dialect = super::Dialect::of_connection(conn);
    dialect.lock_for_comment_insert(conn).await?;
    let list: Vec<String> = (1..=consultations.len()).map(|n| dialect.placeholder(n)).collect();
    let sql = format!(
        "SELECT c.id FROM consultation c JOIN dossier d ON d.id = c.dossier_id
         WHERE d.submitted_at IS NOT NULL AND c.id IN ({}) ORDER BY c.id",
        list.join(", ")
    );
    let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for id in &consultations {
        query = query.bind(*id);
    }
    let submitted = query.fetch_all(&mut *conn).await?;
    match submitted.is_empty() {
        true => Ok(()),
        false => Err(StorageError::Submitted(submitted)),
    }
}

async fn insert_rows_in(
    conn: &mut AnyConnection,
    batch: &[NewComment],
    now: i64,
    settle: Settle,
) -> sqlx::Result<Vec<i64>> {
    let dialect = super::Dialect::of_connection(conn);
    let rows: Vec<_> = batch
        .iter()
        .map(|new| {
            (
                new.consultation_id,
                new.version_id,
                new.provision_id,
                new.quote.as_deref(),
                new.body.as_str(),
                new.author_name.as_deref(),
                new.author_email.as_deref(),
                new.author_user_id,
                new.organisation_id,
                new.channel.as_str(),
                new.created_at.unwrap_or(now),
                i64::from(new.name_public),
                if new.flag.is_some() { Moderation::Flagged } else { Moderation::Visible }.code(),
                new.flag.as_deref(),
                i64::from(settle == Settle::Now),
                new.submission_key.as_deref(),
            )
        })
        .collect();
    let rows = serde_json::to_string(&rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let sql = format!(
        "INSERT INTO comment (consultation_id, version_id, provision_id, quote, body, author_name,
             author_email, author_user_id, organisation_id, channel, created_at, name_public, moderation,
             moderation_reason, settled, submission_key)
         SELECT CAST(value->>0 AS BIGINT), CAST(value->>1 AS BIGINT), CAST(value->>2 AS BIGINT), value->>3,
             value->>4, value->>5, value->>6, CAST(value->>7 AS BIGINT), CAST(value->>8 AS BIGINT), value->>9,
             CAST(value->>10 AS BIGINT), CAST(value->>11 AS SMALLINT), value->>12, value->>13,
             CAST(value->>14 AS SMALLINT), value->>15
         FROM {} ORDER BY rowid{}",
        dialect.json_rows("$1"),
        if dialect == super::Dialect::Postgres { " RETURNING id" } else { "" }
    );
    let (ids, prev_hash) = match dialect {
        super::Dialect::Postgres => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(rows).fetch_all(&mut *conn).await?;
            let mut ids =
                rows.iter().map(|row| row.try_get::<i64, _>(0)).collect::<sqlx::Result<Vec<_>>>()?;
            ids.sort_unstable();
            sqlx::query(sqlx::AssertSqlSafe(tally_sql(dialect, "$1")))
                .bind(tally_rows(batch)?)
                .execute(&mut *conn)
                .await?;
            if settle == Settle::All {
                settle_in(conn).await?;
            }
            dialect.lock_audit(conn).await.map_err(audit_error)?;
            let prev: Option<String> =
                sqlx::query_scalar(super::audit::LAST_HASH).fetch_optional(&mut *conn).await?;
            (ids, prev)
        }
        super::Dialect::Sqlite => {
            // One round trip to SQLite's connection thread instead of four: the
            // INSERT; the last rowid (the Any driver does not pass it on), the rows
            // it changed and the audit chain's last hash; the tallies (after the
            // rowid is read: their INSERT moves it); the settling. (SQLite runs the
            // statements of one query text in order; `$n` names one argument in all.)
            let sql = format!(
                "{sql};\nSELECT last_insert_rowid(), changes(), ({});\n{}{}",
                super::audit::LAST_HASH,
                tally_sql(dialect, "$2"),
                if settle == Settle::All { format!(";\n{SETTLE}") } else { String::new() }
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(rows)
                .bind(tally_rows(batch)?)
                .fetch_all(&mut *conn)
                .await?;
            let [row] = rows.as_slice() else {
                return Err(sqlx::Error::Protocol(format!("{} rows read back after a batch", rows.len())));
            };
            let (last, changed, prev): (i64, i64, Option<String>) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            let n = i64::try_from(batch.len()).unwrap_or(i64::MAX);
            if changed != n || last < n {
                return Err(sqlx::Error::Protocol(format!(
                    "{} rows inserted, {changed} reported, last id {last}",
                    batch.len(),
                )));
            }
            ((last - n + 1..=last).collect(), prev)
        }
    };
    if ids.len() != batch.len() {
        return Err(sqlx::Error::Protocol(format!(
            "{} rows inserted, {} ids returned",
            batch.len(),
            ids.len()
        )));
    }
    // One audit event per batch: each comment's id and digest, chained like every
    // other change, in the transaction that stores them.
    let listed: Vec<serde_json::Value> = ids
        .iter()
        .zip(batch)
        .map(|(id, new)| serde_json::json!([id, digest(*id, &Fingerprint::of_new(new, now))]))
        .collect();
    let (first, last) = (ids[0], ids[ids.len() - 1]);
    super::audit::append(
        conn,
        prev_hash.as_deref(),
        None,
        RECEIVED,
        &format!("comments:{first}-{last}"),
        &serde_json::json!({ "comments": listed }),
        Some((first, last)),
    )
    .await
    .map_err(audit_error)?;
    Ok(ids)
}

fn audit_error(e: impl Into<super::StorageError>) -> sqlx::Error {
    match e.into() {
        super::StorageError::Sqlx(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    }
}

/// How a batch's comments enter the provision index (see [`Settling`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Settle {
    /// Stored settled.
    Now,
    /// Stored unsettled, for a later settling.
    Later,
    /// Stored unsettled, then every unsettled comment settled in the same transaction.
    All,
}

/// When the group commit settles what it stored unsettled (migration 0014): comments
/// stored unsettled enter the provision index together, at most every
/// [`Settling::ROWS`] rows or [`Settling::PACE`], so that each provision's leaf page is
/// written once per bulk instead of once per batch. Only the group commit's batches
/// ([`insert_batch_on`]) are stored unsettled, and only where
/// [`super::Dialect::settles_later`]; every query by provision reads both parts.
#[derive(Debug)]
pub struct Settling {
    state: std::sync::Mutex<SettlingState>,
    rows: usize,
    pace: i64,
}

#[derive(Debug, Default)]
struct SettlingState {
    /// Rows stored unsettled since the last settling (rows left by an earlier process
    /// are settled by the first settling, whatever this says).
    pending: usize,
    /// When the last settling committed (0: never in this process).
    settled_at: i64,
    /// No settling before this time: the last one failed.
    retry_at: i64,
}

impl Default for Settling {
    fn default() -> Self {
        Self::new(Self::ROWS, Self::PACE)
    }
}

impl Settling {
    /// Settle once this many rows wait…
    pub const ROWS: usize = 4_096;
    /// …or when the last settling is this old (milliseconds).
    pub const PACE: i64 = 1_000;

    /// Settling once `rows` wait or the last settling is `pace` ms old (the server
    /// uses [`Self::ROWS`] and [`Self::PACE`]).
    pub fn new(rows: usize, pace: i64) -> Self {
        Self { state: std::sync::Mutex::default(), rows, pace }
    }

    /// The settling's pace, in milliseconds.
    pub fn pace(&self) -> i64 {
        self.pace
    }

    /// Whether comments stored unsettled wait for a settling that has fallen due at
    /// `now` (with no batch arriving to carry it).
    /// (Before the first settling of this process, whatever an earlier one left.)
    fn idle_due(&self, now: i64) -> bool {
        let state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        (state.pending > 0 || state.settled_at == 0)
            && now >= state.retry_at
            && now.saturating_sub(state.settled_at) >= self.pace
    }

    /// Whether the batch of `rows` about to be written at `now` settles too.
    fn due(&self, rows: usize, now: i64) -> bool {
        let state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        now >= state.retry_at
            && (state.pending + rows >= self.rows || now.saturating_sub(state.settled_at) >= self.pace)
    }

    /// Records a batch's outcome: `rows` stored unsettled, and whether it `settled`.
    /// A batch that failed while settling puts the next try off by [`Self::PACE`], so
    /// that the group commit's fallback (storing the batch's comments one by one)
    /// does not retry the settling with every comment.
    fn written(&self, committed: bool, rows: usize, settled: bool, now: i64) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !committed {
            if settled {
                state.retry_at = now.saturating_add(self.pace);
            }
            return;
        }
        if settled {
            // The batch's own rows were inserted before the settling, in its transaction.
            state.pending = 0;
            state.settled_at = now;
        } else {
            state.pending += rows;
        }
    }
}

/// Settles every unsettled comment, in the caller's write transaction (found through
/// the small `comment_unsettled` index); returns how many.
async fn settle_in(conn: &mut AnyConnection) -> sqlx::Result<u64> {
    Ok(sqlx::query(SETTLE).execute(&mut *conn).await?.rows_affected())
}

const SETTLE: &str = "UPDATE comment SET settled = 1 WHERE settled = 0";

/// Settles every unsettled comment now, in a transaction of its own; returns how
/// many. (The server settles in the group commit's batches, and between them with
/// [`settle_if_due`].)
pub async fn settle(db: &Db) -> Result<u64> {
    let mut conn = db.pool.acquire().await?;
    settle_on(db, &mut conn).await
}

/// [`settle`] on a connection the caller holds.
async fn settle_on(db: &Db, conn: &mut AnyConnection) -> Result<u64> {
    let now = now_ms();
    let settled = async {
        let mut tx = super::dialect::begin_write_on(conn).await?;
        let n = settle_in(&mut tx).await?;
        tx.commit().await?;
        Ok::<_, StorageError>(n)
    }
    .await;
    db.settling.written(settled.is_ok(), 0, true, now);
    settled
}

/// Settles the comments the group commit stored unsettled if their settling has
/// fallen due, on the group commit's connection (when no batch has come for a
/// while); returns how many.
pub async fn settle_if_due_on(db: &Db, conn: &mut AnyConnection) -> Result<u64> {
    if !db.dialect.settles_later() || !db.settling.idle_due(now_ms()) {
        return Ok(0);
    }
    settle_on(db, conn).await
}

/// The audit action of a stored batch of comments.
pub const RECEIVED: &str = "comments.received";

/// What a comment's digest covers: where it was given, how, when, and its words (not
/// who gave it: personal data stays out of the audit trail).
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint<'a> {
    pub consultation_id: i64,
    pub version_id: i64,
    pub provision_id: Option<i64>,
    pub channel: &'a str,
    pub created_at: i64,
    pub quote: Option<&'a str>,
    pub body: &'a str,
}

impl<'a> Fingerprint<'a> {
    fn of_new(new: &'a NewComment, now: i64) -> Self {
        Self {
            consultation_id: new.consultation_id,
            version_id: new.version_id,
            provision_id: new.provision_id,
            channel: &new.channel,
            created_at: new.created_at.unwrap_or(now),
            quote: new.quote.as_deref(),
            body: &new.body,
        }
    }

    pub fn of_row(row: &'a CommentRow) -> Self {
        Self {
            consultation_id: row.consultation_id,
            version_id: row.version_id,
            provision_id: row.provision_id,
            channel: &row.channel,
            created_at: row.created_at,
            quote: row.quote.as_deref(),
            body: &row.body,
        }
    }
}

/// SHA-256 (hex) of a comment's id and fingerprint, each field on its own line and the
/// texts last, length-prefixed, so that no two comments share an input.
pub fn digest(id: i64, f: &Fingerprint<'_>) -> String {
    use sha2::{Digest, Sha256};
    use std::io::Write as _;
    // Computed for every comment inside the group commit's transaction: one buffer,
    // no allocation per field or per byte of the hex.
    let mut head = Vec::with_capacity(128);
    let _ = write!(head, "duthao-comment-v1\n{id}\n{}\n{}\n", f.consultation_id, f.version_id);
    if let Some(p) = f.provision_id {
        let _ = write!(head, "{p}");
    }
    let _ = write!(head, "\n{}\n{}\n", f.channel, f.created_at);
    let mut h = Sha256::new();
    h.update(&head);
    for text in [f.quote.unwrap_or(""), f.body] {
        head.clear();
        let _ = writeln!(head, "{}", text.len());
        h.update(&head);
        h.update(text.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Where the audit trail records a comment: the event, and whether the digest it
/// holds matches the comment as stored now.
#[derive(Debug, Clone)]
pub struct AuditProof {
    pub event_id: i64,
    pub event_at: i64,
    pub event_hash: String,
    pub digest: String,
    pub matches: bool,
}

/// The audit event that recorded `row`, if any (comments stored before the trail
/// recorded comments have none).
pub async fn audit_proof(db: &Db, row: &CommentRow) -> Result<Option<AuditProof>> {
    let now = digest(row.id, &Fingerprint::of_row(row));
    for event in super::audit::covering(&db.pool, RECEIVED, row.id).await? {
        let detail: serde_json::Value = serde_json::from_str(&event.detail)
            .map_err(|e| super::StorageError::Corrupt(format!("audit event {}: {e}", event.id)))?;
        let listed = detail["comments"].as_array().into_iter().flatten();
        if let Some(entry) = listed.into_iter().find(|e| e[0].as_i64() == Some(row.id)) {
            let recorded = entry[1].as_str().unwrap_or_default().to_owned();
            return Ok(Some(AuditProof {
                event_id: event.id,
                event_at: event.at,
                event_hash: event.hash,
                matches: recorded == now,
                digest: recorded,
            }));
        }
    }
    Ok(None)
}

/// The upsert that adds a batch to `comment_tally`, in the transaction that inserts
/// it: a row per (consultation, version, provision) the batch touches, given as the
/// JSON of [`tally_rows`] in the parameter `param`.
fn tally_sql(dialect: super::Dialect, param: &str) -> String {
    // (`WHERE true`: SQLite reads `ON` after a bare FROM as the start of a join.)
    format!(
        "INSERT INTO comment_tally (consultation_id, version_id, provision_key, n)
         SELECT CAST(value->>0 AS BIGINT), CAST(value->>1 AS BIGINT), CAST(value->>2 AS BIGINT),
             CAST(value->>3 AS BIGINT)
         FROM {} WHERE true
         ON CONFLICT (consultation_id, version_id, provision_key) DO UPDATE SET n = comment_tally.n + excluded.n",
        dialect.json_rows(param)
    )
}

/// The rows of [`tally_sql`] for a batch.
fn tally_rows(batch: &[NewComment]) -> sqlx::Result<String> {
    let mut tallies: std::collections::BTreeMap<(i64, i64, i64), i64> = std::collections::BTreeMap::new();
    for new in batch {
        *tallies.entry((new.consultation_id, new.version_id, new.provision_id.unwrap_or(0))).or_default() +=
            1;
    }
    let rows: Vec<(i64, i64, i64, i64)> = tallies.into_iter().map(|((c, v, p), n)| (c, v, p, n)).collect();
    serde_json::to_string(&rows).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Stores many comments in one transaction, all or nothing (imports, the demo), in
/// INSERTs of at most [`MAX_BATCH`] rows; returns their receipt codes in
/// order, once committed.
pub async fn insert_many(db: &Db, batch: &[NewComment]) -> Result<Vec<ReceiptCode>> {
    let mut tx = super::dialect::begin_write(&db.pool).await?;
    let mut ids = Vec::with_capacity(batch.len());
    for rows in batch.chunks(MAX_BATCH) {
        ids.extend(insert_batch_in(&mut tx, rows, now_ms(), Settle::Now).await?);
    }
    tx.commit().await?;
    db.comments_changed();
    ids.into_iter().map(|id| code_of(db, id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A settling is due at the first batch of a process (it settles what an earlier
    /// one left), then once `ROWS` rows wait or `PACE` has passed; a batch that did
    /// not commit changes nothing.
    #[test]
    fn settling_is_due_by_rows_or_by_time() {
        let settling = Settling::default();
        assert!(settling.due(1, 10_000), "the first batch settles");
        settling.written(true, 1, true, 10_000);
        assert!(!settling.due(100, 10_001));
        settling.written(true, 100, false, 10_001);
        settling.written(false, Settling::ROWS, false, 10_002);
        assert!(!settling.due(Settling::ROWS - 101, 10_003), "the failed batch is not counted");
        assert!(settling.due(Settling::ROWS - 100, 10_003), "enough rows wait");
        assert!(settling.due(1, 10_000 + Settling::PACE), "the last settling is old enough");
        settling.written(true, 5, true, 10_004);
        assert!(!settling.due(Settling::ROWS - 1, 10_005), "settling starts the count again");
        settling.written(true, Settling::ROWS, false, 10_006);
        assert!(settling.due(1, 10_007));
        settling.written(false, 1, true, 10_007);
        assert!(!settling.due(1, 10_008), "a failed settling waits before it is tried again");
        assert!(settling.due(1, 10_007 + Settling::PACE));
    }

    /// The digest as first written (a `format!` per field and per byte): stored
    /// audit events hold digests made this way, so the faster code must agree.
    fn first_digest(id: i64, f: &Fingerprint<'_>) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        let provision = f.provision_id.map(|p| p.to_string()).unwrap_or_default();
        let head = format!(
            "duthao-comment-v1\n{id}\n{}\n{}\n{provision}\n{}\n{}\n",
            f.consultation_id, f.version_id, f.channel, f.created_at
        );
        h.update(head.as_bytes());
        for text in [f.quote.unwrap_or(""), f.body] {
            h.update(format!("{}\n", text.len()).as_bytes());
            h.update(text.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn digest_is_unchanged_from_the_first_form() {
        let cases = [
            (
                1,
                Fingerprint {
                    consultation_id: 3,
                    version_id: 7,
                    provision_id: Some(42),
                    channel: "web",
                    created_at: 1_764_000_000_000,
                    quote: Some("Điều 5. Phạm vi điều chỉnh"),
                    body: "Đề nghị bổ sung khoản 3 Điều 5.",
                },
            ),
            (
                9_999_999,
                Fingerprint {
                    consultation_id: 1,
                    version_id: 2,
                    provision_id: None,
                    channel: "letter",
                    created_at: -5,
                    quote: None,
                    body: "",
                },
            ),
        ];
        for (id, f) in cases {
            let now = digest(id, &f);
            assert_eq!(now, first_digest(id, &f));
            assert_eq!(now.len(), 64);
        }
    }
}
