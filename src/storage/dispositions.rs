//! Answers to comments and groups (migration 0005) and their review workflow (see
//! `domain::disposition`). Every change is recorded in the audit trail in the same
//! transaction.

use sqlx::{AnyConnection, FromRow};

use super::{Db, StorageError, audit, dialect, now_ms};
use crate::domain::{AnswerState, AnswerText, Disposition};

/// What is answered: one comment, or a near-duplicate group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Comment(i64),
    Group(i64),
}

impl Unit {
    /// `c12` or `g7`, as in page addresses.
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, id) = text.split_at_checked(1)?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "c" => Some(Self::Comment(id)),
            "g" => Some(Self::Group(id)),
            _ => None,
        }
    }

    pub fn code(self) -> String {
        match self {
            Self::Comment(id) => format!("c{id}"),
            Self::Group(id) => format!("g{id}"),
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct DispositionRow {
    pub id: i64,
    pub consultation_id: i64,
    pub comment_id: Option<i64>,
    pub group_id: Option<i64>,
    pub kind: String,
    pub answer: String,
    pub state: String,
    pub revision: i64,
    pub drafted_by: Option<i64>,
    pub reviewed_by: Option<i64>,
    pub reviewed_revision: Option<i64>,
    pub remark: Option<String>,
    pub updated_at: i64,
}

impl DispositionRow {
    pub fn kind(&self) -> Option<Disposition> {
        Disposition::parse(&self.kind)
    }

    pub fn state(&self) -> Option<AnswerState> {
        AnswerState::parse(&self.state)
    }
}

const SELECT: &str = "SELECT id, consultation_id, comment_id, group_id, kind, answer, state, revision,
    drafted_by, reviewed_by, reviewed_revision, remark, updated_at FROM disposition";

/// The answer of a unit, if it has one.
pub async fn of_unit(db: &Db, unit: Unit) -> Result<Option<DispositionRow>, StorageError> {
    of_unit_in(&mut *db.pool.acquire().await?, unit).await
}

async fn of_unit_in(conn: &mut AnyConnection, unit: Unit) -> Result<Option<DispositionRow>, StorageError> {
    let (column, id) = match unit {
        Unit::Comment(id) => ("comment_id", id),
        Unit::Group(id) => ("group_id", id),
    };
    let sql = format!("{SELECT} WHERE {column} = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut *conn).await?)
}

/// Why a change to an answer was refused.
#[derive(Debug, thiserror::Error)]
pub enum AnswerChangeError {
    #[error("không tìm thấy góp ý hoặc nhóm cần trả lời")]
    NoSuchUnit,
    #[error("chưa có nội dung trả lời để duyệt")]
    NoAnswer,
    #[error("nội dung trả lời đã được công bố, không sửa được nữa")]
    Published,
    #[error(
        "nội dung trả lời đã được sửa sau khi anh/chị xem; vui lòng xem lại trước khi duyệt hoặc trả lại"
    )]
    ChangedSinceReviewed,
    #[error(
        "nội dung trả lời đã thay đổi (được sửa, duyệt hoặc trả lại) sau khi anh/chị mở trang; hãy xem bản mới rồi sửa tiếp"
    )]
    EditedMeanwhile,
    #[error("hãy ghi ý kiến khi trả lại để biên tập viên biết cần sửa gì")]
    RemarkRequired,
    #[error("nội dung trả lời này không ở trạng thái chờ duyệt")]
    NotAwaitingReview,
    #[error("góp ý này thuộc một nhóm: hãy trả lời cho cả nhóm, hoặc tách góp ý khỏi nhóm trước")]
    InGroup,
    #[error("góp ý hoặc nhóm không thuộc đợt lấy ý kiến này")]
    OtherConsultation,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for AnswerChangeError {
    fn from(e: sqlx::Error) -> Self {
        Self::Storage(e.into())
    }
}

/// The consultation a unit belongs to, if the unit exists.
pub async fn consultation_of_unit(db: &Db, unit: Unit) -> Result<Option<i64>, StorageError> {
    Ok(consultation_of(&mut *db.pool.acquire().await?, unit).await?)
}

/// The consultation a unit belongs to.
async fn consultation_of(conn: &mut AnyConnection, unit: Unit) -> Result<Option<i64>, sqlx::Error> {
    let sql = match unit {
        Unit::Comment(_) => "SELECT consultation_id FROM comment WHERE id = $1",
        Unit::Group(_) => "SELECT consultation_id FROM comment_group WHERE id = $1",
    };
    let id = match unit {
        Unit::Comment(id) | Unit::Group(id) => id,
    };
    sqlx::query_scalar(sql).bind(id).fetch_optional(&mut *conn).await
}

/// Drafts (or redrafts) the answers of `units` with one kind and text: each becomes a
/// draft at a new revision. Published answers are refused. Returns the consultation.
pub async fn draft(
    db: &Db,
    actor: i64,
    units: &[Unit],
    kind: Disposition,
    answer: &AnswerText,
) -> Result<i64, AnswerChangeError> {
    draft_in(db, actor, units, kind, answer, None).await
}

/// The answer an editor had on screen: its revision (0: none yet) and when it last
/// changed (a review changes its state, not its revision).
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub revision: i64,
    pub updated_at: Option<i64>,
}

/// [`draft`] for one unit as its editor saw it: refused if its answer has changed
/// since (saved by someone, approved or returned), so that an editor does not
/// overwrite, unawares, another's text, an approval or a remark.
pub async fn draft_seen(
    db: &Db,
    actor: i64,
    unit: Unit,
    kind: Disposition,
    answer: &AnswerText,
    seen: Seen,
) -> Result<i64, AnswerChangeError> {
    draft_in(db, actor, &[unit], kind, answer, Some(seen)).await
}

async fn draft_in(
    db: &Db,
    actor: i64,
    units: &[Unit],
    kind: Disposition,
    answer: &AnswerText,
    seen: Option<Seen>,
) -> Result<i64, AnswerChangeError> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let now = now_ms();
    let mut consultation = None;
    for &unit in units {
        let c = consultation_of(&mut tx, unit).await?.ok_or(AnswerChangeError::NoSuchUnit)?;
        if consultation.is_some_and(|x| x != c) {
            return Err(AnswerChangeError::NoSuchUnit);
        }
        consultation = Some(c);
        // A grouped comment is answered through its group (its row in the report).
        if let Unit::Comment(id) = unit {
            let group: Option<Option<i64>> = sqlx::query_scalar("SELECT group_id FROM comment WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            if group.flatten().is_some() {
                return Err(AnswerChangeError::InGroup);
            }
        }
        let current = of_unit_in(&mut tx, unit).await?;
        if let Some(seen) = seen {
            let revision = current.as_ref().map_or(0, |row| row.revision);
            let updated_at = current.as_ref().map_or(0, |row| row.updated_at);
            if revision != seen.revision || seen.updated_at.is_some_and(|at| at != updated_at) {
                return Err(AnswerChangeError::EditedMeanwhile);
            }
        }
        match current {
            Some(row) if row.state() == Some(AnswerState::Published) => {
                return Err(AnswerChangeError::Published);
            }
            Some(row) => {
                sqlx::query(
                    "UPDATE disposition SET kind = $1, answer = $2, state = 'draft', revision = revision + 1,
                     drafted_by = $3, updated_at = $4 WHERE id = $5 AND state <> 'published'",
                )
                .bind(kind.code())
                .bind(answer.as_str())
                .bind(actor)
                .bind(now)
                .bind(row.id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                let (comment, group) = match unit {
                    Unit::Comment(id) => (Some(id), None),
                    Unit::Group(id) => (None, Some(id)),
                };
                sqlx::query(
                    "INSERT INTO disposition (consultation_id, comment_id, group_id, kind, answer, state, revision,
                     drafted_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'draft', 1, $6, $7, $7)",
                )
                .bind(c)
                .bind(comment)
                .bind(group)
                .bind(kind.code())
                .bind(answer.as_str())
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    let Some(consultation) = consultation else { return Err(AnswerChangeError::NoSuchUnit) };
    let units: Vec<String> = units.iter().map(|u| u.code()).collect();
    let detail = serde_json::json!({ "units": units, "kind": kind.code(), "answer": answer.as_str() });
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "answer.draft",
        &format!("consultation:{consultation}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(consultation)
}

/// The lead editor's decision on one answer.
#[derive(Debug, Clone)]
pub enum Review {
    /// Approves the answer as it was at `revision` (the one the lead editor read).
    Approve { revision: i64 },
    /// Returns it to the editor with a remark; with a `revision`, only the answer as
    /// it was at that revision (the one the lead editor read).
    Return { remark: String, revision: Option<i64> },
}

/// Applies a review; an answer edited since the revision read cannot be approved.
pub async fn review(db: &Db, actor: i64, unit: Unit, decision: &Review) -> Result<i64, AnswerChangeError> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let row = of_unit_in(&mut tx, unit).await?.ok_or(AnswerChangeError::NoAnswer)?;
    if row.state() == Some(AnswerState::Published) {
        return Err(AnswerChangeError::Published);
    }
    let now = now_ms();
    let (action, detail) = match decision {
        Review::Approve { revision } => {
            if *revision != row.revision {
                return Err(AnswerChangeError::ChangedSinceReviewed);
            }
            if row.state() != Some(AnswerState::Draft) {
                return Err(AnswerChangeError::NotAwaitingReview);
            }
            let done = sqlx::query(
                "UPDATE disposition SET state = 'approved', reviewed_by = $1, reviewed_revision = revision,
                 remark = NULL, updated_at = $2 WHERE id = $3 AND revision = $4 AND state = 'draft'",
            )
            .bind(actor)
            .bind(now)
            .bind(row.id)
            .bind(*revision)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(AnswerChangeError::ChangedSinceReviewed);
            }
            ("answer.approve", serde_json::json!({ "unit": unit.code(), "revision": revision }))
        }
        Review::Return { remark, revision } => {
            let remark = duthao_text::clean_input(remark);
            if remark.trim().is_empty() {
                return Err(AnswerChangeError::RemarkRequired);
            }
            if revision.is_some_and(|r| r != row.revision) {
                return Err(AnswerChangeError::ChangedSinceReviewed);
            }
            sqlx::query(
                "UPDATE disposition SET state = 'returned', reviewed_by = $1, reviewed_revision = NULL,
                 remark = $2, updated_at = $3 WHERE id = $4 AND state <> 'published'",
            )
            .bind(actor)
            .bind(remark.trim())
            .bind(now)
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
            ("answer.return", serde_json::json!({ "unit": unit.code(), "remark": remark.trim() }))
        }
    };
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        action,
        &format!("consultation:{}", row.consultation_id),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(row.consultation_id)
}

/// Publishes every approved answer of a consultation together; returns how many.
pub async fn publish(db: &Db, actor: i64, consultation_id: i64) -> Result<u64, StorageError> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE disposition SET state = 'published', published_at = $1, updated_at = $1
         WHERE consultation_id = $2 AND state = 'approved'",
    )
    .bind(now)
    .bind(consultation_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let detail = serde_json::json!({ "answers": done });
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "answer.publish",
        &format!("consultation:{consultation_id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(done)
}

/// A unit in a work queue: a group (with its size) or a comment alone.
#[derive(Debug, Clone, FromRow)]
pub struct QueueRow {
    pub unit_kind: String,
    pub unit_id: i64,
    pub size: i64,
    pub body: String,
    pub draft_title: String,
    pub provision_label: Option<String>,
    pub kind: Option<String>,
    pub state: Option<String>,
    pub remark: Option<String>,
    pub revision: Option<i64>,
}

impl QueueRow {
    pub fn unit(&self) -> Unit {
        if self.unit_kind == "g" { Unit::Group(self.unit_id) } else { Unit::Comment(self.unit_id) }
    }
}

/// Which units a queue shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queue {
    /// Without an answer.
    Unanswered,
    /// Drafted or returned answers of one editor.
    Mine(i64),
    /// Drafts waiting for the lead editor.
    ToReview,
    /// Approved, not yet published.
    Approved,
    /// Published.
    Published,
}

/// The FROM and WHERE clauses of a queue: of its groups, and of its comments alone.
fn queue_sources(queue: Queue) -> (String, String) {
    let condition = match queue {
        Queue::Unanswered => "d.id IS NULL".to_owned(),
        Queue::Mine(user) => format!("d.drafted_by = {user} AND d.state IN ('draft', 'returned')"),
        Queue::ToReview => "d.state = 'draft'".to_owned(),
        Queue::Approved => "d.state = 'approved'".to_owned(),
        Queue::Published => "d.state = 'published'".to_owned(),
    };
    let groups = format!(
        "FROM comment_group g
         JOIN comment c ON c.id = g.representative_id
         JOIN draft_version v ON v.id = c.version_id
         JOIN draft dr ON dr.id = v.draft_id
         LEFT JOIN provision p ON p.id = c.provision_id
         LEFT JOIN disposition d ON d.group_id = g.id
         WHERE g.consultation_id = $1 AND {condition}"
    );
    let singles = format!(
        "FROM comment c
         JOIN draft_version v ON v.id = c.version_id
         JOIN draft dr ON dr.id = v.draft_id
         LEFT JOIN provision p ON p.id = c.provision_id
         LEFT JOIN disposition d ON d.comment_id = c.id
         WHERE c.consultation_id = $1 AND c.group_id IS NULL AND c.moderation <> 'hidden' AND {condition}"
    );
    (groups, singles)
}

async fn count_from(db: &Db, consultation_id: i64, from: &str) -> Result<i64, StorageError> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {from}")))
        .bind(consultation_id)
        .fetch_one(&db.pool)
        .await?)
}

/// Units of a consultation in a queue, largest groups first, then comments in order.
pub async fn queue(
    db: &Db,
    consultation_id: i64,
    queue: Queue,
    limit: i64,
    offset: i64,
) -> Result<Vec<QueueRow>, StorageError> {
    // Groups (two members or more) come before comments alone (one), so the two
    // kinds are read apart, each in its own order, instead of sorting their union.
    let (groups_from, singles_from) = queue_sources(queue);
    let groups_count = count_from(db, consultation_id, &groups_from).await?;
    let mut rows: Vec<QueueRow> = Vec::new();
    if offset < groups_count {
        let sql = format!(
            "SELECT 'g' AS unit_kind, g.id AS unit_id, g.size AS size, c.body AS body, dr.title AS draft_title,
                    p.label AS provision_label, d.kind AS kind, d.state AS state, d.remark AS remark,
                    d.revision AS revision
             {groups_from} ORDER BY g.size DESC, c.id LIMIT $2 OFFSET $3"
        );
        rows = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(consultation_id)
            .bind(limit)
            .bind(offset)
            .fetch_all(&db.pool)
            .await?;
    }
    let wanted = limit - rows.len() as i64;
    if wanted > 0 {
        let sql = format!(
            "SELECT 'c' AS unit_kind, c.id AS unit_id, 1 AS size, c.body AS body, dr.title AS draft_title,
                    p.label AS provision_label, d.kind AS kind, d.state AS state, d.remark AS remark,
                    d.revision AS revision
             {singles_from}
             ORDER BY c.id LIMIT $2 OFFSET $3"
        );
        let singles: Vec<QueueRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(consultation_id)
            .bind(wanted)
            .bind((offset - groups_count).max(0))
            .fetch_all(&db.pool)
            .await?;
        rows.extend(singles);
    }
    Ok(rows)
}

/// How many units a queue holds (counts every comment alone in it: for a page past
/// the end, not for every page).
pub async fn queue_len(db: &Db, consultation_id: i64, queue: Queue) -> Result<i64, StorageError> {
    let (groups_from, singles_from) = queue_sources(queue);
    Ok(count_from(db, consultation_id, &groups_from).await?
        + count_from(db, consultation_id, &singles_from).await?)
}

/// Answering progress of one draft of a consultation, in units (groups count once).
#[derive(Debug, Clone, Default, FromRow)]
pub struct Progress {
    pub draft_id: i64,
    pub draft_title: String,
    pub units: i64,
    pub answered: i64,
    pub approved: i64,
    pub published: i64,
}

impl Progress {
    /// Units without an answer.
    pub fn left(&self) -> i64 {
        self.units - self.answered
    }
}

/// Progress per draft of a consultation.
pub async fn progress(db: &Db, consultation_id: i64) -> Result<Vec<Progress>, StorageError> {
    Ok(sqlx::query_as(
        "SELECT draft_id, draft_title, CAST(COUNT(*) AS BIGINT) AS units,
                CAST(SUM(CASE WHEN state IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS answered,
                CAST(SUM(CASE WHEN state IN ('approved', 'published') THEN 1 ELSE 0 END) AS BIGINT) AS approved,
                CAST(SUM(CASE WHEN state = 'published' THEN 1 ELSE 0 END) AS BIGINT) AS published
         FROM (
            SELECT dr.id AS draft_id, dr.title AS draft_title, d.state AS state
            FROM comment_group g
            JOIN comment c ON c.id = g.representative_id
            JOIN draft_version v ON v.id = c.version_id
            JOIN draft dr ON dr.id = v.draft_id
            LEFT JOIN disposition d ON d.group_id = g.id
            WHERE g.consultation_id = $1
            UNION ALL
            SELECT dr.id AS draft_id, dr.title AS draft_title, d.state AS state
            FROM comment c
            JOIN draft_version v ON v.id = c.version_id
            JOIN draft dr ON dr.id = v.draft_id
            LEFT JOIN disposition d ON d.comment_id = c.id
            WHERE c.consultation_id = $1 AND c.group_id IS NULL AND c.moderation <> 'hidden'
         ) units GROUP BY draft_id, draft_title ORDER BY draft_id",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// An answer template.
#[derive(Debug, Clone, FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub answer: String,
}

pub async fn templates(db: &Db) -> Result<Vec<TemplateRow>, StorageError> {
    Ok(sqlx::query_as("SELECT id, title, kind, answer FROM answer_template ORDER BY title, id")
        .fetch_all(&db.pool)
        .await?)
}

/// Adds an answer template; `None` (nothing added) when one of the same name, in any
/// case, exists: templates are chosen by name, and a form sent twice must not make two.
pub async fn add_template(
    db: &Db,
    actor: i64,
    title: &str,
    kind: Disposition,
    answer: &AnswerText,
) -> Result<Option<i64>, StorageError> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT title FROM answer_template").fetch_all(&mut *tx).await?;
    let folded = title.to_lowercase();
    if titles.iter().any(|t| t.to_lowercase() == folded) {
        return Ok(None);
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO answer_template (title, kind, answer, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(title)
    .bind(kind.code())
    .bind(answer.as_str())
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "id": id, "title": title, "kind": kind.code() });
    audit::record(&mut tx, db.dialect, Some(actor), "answer_template.add", "answer_templates", &detail)
        .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Whether a consultation has published answers (its synthesis can be shown).
pub async fn has_published(db: &Db, consultation_id: i64) -> Result<bool, StorageError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM disposition WHERE consultation_id = $1 AND state = 'published' LIMIT 1",
    )
    .bind(consultation_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}
