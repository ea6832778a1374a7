//! Catalog drafts (migration 0013): which drafts are catalogs and their editors' fields,
//! the approvals of the table of equivalent positions, the organisations' submitted
//! lists for the review (rà soát) and the editors' confirmations of uncertain matches.
//! The entries themselves are provisions (see the migration).

use sqlx::FromRow;

use super::{Db, Result, audit, dialect, now_ms};

#[derive(Debug, Clone, FromRow)]
pub struct CatalogRow {
    pub draft_id: i64,
    pub kind: String,
    pub title: String,
    /// JSON list of the editors' fields.
    pub fields: String,
}

pub async fn get(db: &Db, draft_id: i64) -> Result<Option<CatalogRow>> {
    Ok(sqlx::query_as("SELECT draft_id, kind, title, fields FROM catalog WHERE draft_id = $1")
        .bind(draft_id)
        .fetch_optional(&db.pool)
        .await?)
}

/// The catalogs among a dossier's drafts.
pub async fn of_dossier(db: &Db, dossier_id: i64) -> Result<Vec<CatalogRow>> {
    Ok(sqlx::query_as(
        "SELECT c.draft_id, c.kind, c.title, c.fields FROM catalog c JOIN draft d ON d.id = c.draft_id
         WHERE d.dossier_id = $1 ORDER BY d.position",
    )
    .bind(dossier_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Makes a draft a catalog draft (or changes its kind and title).
pub async fn set(db: &Db, actor: Option<i64>, draft_id: i64, kind: &str, title: &str) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let updated = sqlx::query("UPDATE catalog SET kind = $1, title = $2 WHERE draft_id = $3")
        .bind(kind)
        .bind(title)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO catalog (draft_id, kind, title, fields, created_at) VALUES ($1, $2, $3, '[]', $4)",
        )
        .bind(draft_id)
        .bind(kind)
        .bind(title)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        actor,
        "catalog.set",
        &format!("draft:{draft_id}"),
        &serde_json::json!({ "kind": kind, "title": title }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces the editors' fields (a JSON list).
pub async fn set_fields(db: &Db, actor: i64, draft_id: i64, fields_json: &str) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    sqlx::query("UPDATE catalog SET fields = $1 WHERE draft_id = $2")
        .bind(fields_json)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "catalog.fields",
        &format!("draft:{draft_id}"),
        &serde_json::json!({ "detail": fields_json }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An approval of a version's table of equivalent positions.
#[derive(Debug, Clone, FromRow)]
pub struct Approval {
    pub version_id: i64,
    pub version_number: i64,
    pub approved_by: i64,
    pub approver_name: String,
    pub approved_at: i64,
}

/// The newest approval among a draft's versions.
pub async fn latest_approval(db: &Db, draft_id: i64) -> Result<Option<Approval>> {
    Ok(sqlx::query_as(
        "SELECT a.version_id, v.number AS version_number, a.approved_by, u.name AS approver_name, a.approved_at
         FROM catalog_approval a JOIN draft_version v ON v.id = a.version_id
         JOIN app_user u ON u.id = a.approved_by
         WHERE v.draft_id = $1 ORDER BY v.number DESC, a.id DESC LIMIT 1",
    )
    .bind(draft_id)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn approve(db: &Db, actor: i64, version_id: i64) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    sqlx::query("INSERT INTO catalog_approval (version_id, approved_by, approved_at) VALUES ($1, $2, $3)")
        .bind(version_id)
        .bind(actor)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "catalog.approve",
        &format!("version:{version_id}"),
        &serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Someone's acknowledgement that publishing a version breaks approved equivalences.
#[derive(Debug, Clone, FromRow)]
pub struct Acknowledgement {
    pub acknowledged_by: i64,
    pub acknowledged_at: i64,
    /// The warnings acknowledged, as they were worded (JSON list).
    pub warnings: String,
}

pub async fn acknowledgement(db: &Db, version_id: i64) -> Result<Option<Acknowledgement>> {
    Ok(sqlx::query_as(
        "SELECT acknowledged_by, acknowledged_at, warnings FROM catalog_acknowledgement WHERE version_id = $1",
    )
    .bind(version_id)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn acknowledge(db: &Db, actor: i64, version_id: i64, warnings_json: &str) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    sqlx::query(
        "INSERT INTO catalog_acknowledgement (version_id, acknowledged_by, acknowledged_at, warnings)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (version_id) DO UPDATE SET acknowledged_by = excluded.acknowledged_by,
             acknowledged_at = excluded.acknowledged_at, warnings = excluded.warnings",
    )
    .bind(version_id)
    .bind(actor)
    .bind(now_ms())
    .bind(warnings_json)
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "catalog.acknowledge",
        &format!("version:{version_id}"),
        &serde_json::json!({ "detail": warnings_json }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A submitted list (the newest of its organisation).
#[derive(Debug, Clone, FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_kind: String,
    pub file_name: String,
    /// The import's notes as worded at upload (JSON list of Vietnamese texts).
    pub notes: String,
    pub created_at: i64,
    pub rows: i64,
}

/// One row of a submitted list.
#[derive(Debug, Clone, FromRow)]
pub struct SubmittedRow {
    pub submission_id: i64,
    pub row_number: i64,
    pub name: String,
    pub unit: Option<String>,
    /// JSON list of names.
    pub holders: String,
}

/// A list to store.
pub struct NewSubmission<'a> {
    pub draft_id: i64,
    pub organisation_id: i64,
    pub file_name: &'a str,
    pub notes_json: &'a str,
    pub submitted_by: Option<i64>,
    /// (row, name, unit, holders JSON)
    pub rows: &'a [(i64, String, Option<String>, String)],
}

/// Stores a list in one transaction; it becomes its organisation's current one.
pub async fn insert_submission(db: &Db, new: &NewSubmission<'_>) -> Result<i64> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO catalog_submission (draft_id, organisation_id, file_name, notes, submitted_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.draft_id)
    .bind(new.organisation_id)
    .bind(new.file_name)
    .bind(new.notes_json)
    .bind(new.submitted_by)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    // Multi-row inserts, within both databases' bound-parameter limits.
    for chunk in new.rows.chunks(500) {
        let mut sql = String::from(
            "INSERT INTO catalog_submission_row (submission_id, row_number, name, unit, holders) VALUES ",
        );
        for i in 0..chunk.len() {
            let b = i * 5;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5));
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (row, name, unit, holders) in chunk {
            query =
                query.bind(id).bind(*row).bind(name.as_str()).bind(unit.as_deref()).bind(holders.as_str());
        }
        query.execute(&mut *tx).await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        new.submitted_by,
        "catalog.submission",
        &format!("draft:{}", new.draft_id),
        &serde_json::json!({
            "organisation": new.organisation_id, "rows": new.rows.len(), "file": new.file_name
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The current list of each organisation that submitted one, by organisation name.
pub async fn current_submissions(db: &Db, draft_id: i64) -> Result<Vec<SubmissionRow>> {
    Ok(sqlx::query_as(
        "SELECT s.id, s.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind, s.file_name, s.notes, s.created_at,
                (SELECT COUNT(*) FROM catalog_submission_row r WHERE r.submission_id = s.id) AS rows
         FROM catalog_submission s JOIN organisation o ON o.id = s.organisation_id
         WHERE s.draft_id = $1 AND s.id = (
             SELECT MAX(t.id) FROM catalog_submission t
             WHERE t.draft_id = s.draft_id AND t.organisation_id = s.organisation_id)
         ORDER BY o.name",
    )
    .bind(draft_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The rows of the current lists of a catalog, by list and row number.
pub async fn current_rows(db: &Db, draft_id: i64) -> Result<Vec<SubmittedRow>> {
    Ok(sqlx::query_as(
        "SELECT r.submission_id, r.row_number, r.name, r.unit, r.holders
         FROM catalog_submission_row r JOIN catalog_submission s ON s.id = r.submission_id
         WHERE s.draft_id = $1 AND s.id = (
             SELECT MAX(t.id) FROM catalog_submission t
             WHERE t.draft_id = s.draft_id AND t.organisation_id = s.organisation_id)
         ORDER BY r.submission_id, r.row_number",
    )
    .bind(draft_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The editors' decisions: (name key, entry lineage or `None` for "not in the catalog").
pub async fn confirmations(db: &Db, draft_id: i64) -> Result<Vec<(String, Option<i64>)>> {
    Ok(sqlx::query_as("SELECT name_key, entry_lineage FROM catalog_confirmation WHERE draft_id = $1")
        .bind(draft_id)
        .fetch_all(&db.pool)
        .await?)
}

/// Records (or replaces) an editor's decision on a name.
pub async fn confirm(
    db: &Db,
    actor: i64,
    draft_id: i64,
    name_key: &str,
    entry_lineage: Option<i64>,
) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    sqlx::query(
        "INSERT INTO catalog_confirmation (draft_id, name_key, entry_lineage, confirmed_by, confirmed_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (draft_id, name_key) DO UPDATE SET entry_lineage = excluded.entry_lineage,
             confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at",
    )
    .bind(draft_id)
    .bind(name_key)
    .bind(entry_lineage)
    .bind(actor)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    let detail = match entry_lineage {
        Some(lineage) => format!("{name_key} = entry:{lineage}"),
        None => format!("{name_key} = not in catalog"),
    };
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "catalog.confirm",
        &format!("draft:{draft_id}"),
        &serde_json::json!({ "detail": &detail }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// (provision id, lineage id) of the entries of a version.
pub async fn entry_lineages(db: &Db, version_id: i64) -> Result<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT id, COALESCE(lineage_id, id) FROM provision WHERE version_id = $1 AND kind = 'entry'",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Whether an organisation is invited to a consultation on a version of this draft.
pub async fn is_invited_to(db: &Db, draft_id: i64, organisation_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitation i
         JOIN consultation_version cv ON cv.consultation_id = i.consultation_id
         JOIN draft_version v ON v.id = cv.version_id
         WHERE v.draft_id = $1 AND i.organisation_id = $2",
    )
    .bind(draft_id)
    .bind(organisation_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// The id of the newest list submitted for a catalog.
pub async fn newest_submission(db: &Db, draft_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MAX(id) FROM catalog_submission WHERE draft_id = $1")
        .bind(draft_id)
        .fetch_one(&db.pool)
        .await?)
}

/// A digest of the editors' confirmations of a catalog that changes with any of them:
/// (how many, sum of their times, sum of their entries).
pub async fn confirmations_digest(db: &Db, draft_id: i64) -> Result<(i64, Option<i64>, Option<i64>)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(confirmed_at) AS BIGINT), CAST(SUM(COALESCE(entry_lineage, 0)) AS BIGINT)
         FROM catalog_confirmation WHERE draft_id = $1",
    )
    .bind(draft_id)
    .fetch_one(&db.pool)
    .await?)
}
