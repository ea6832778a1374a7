//! Dossiers (hồ sơ dự thảo): several drafts consulted together.

use sqlx::{AnyPool, FromRow};

use super::{Result, json_list, now_ms, to_json_list};

#[derive(Debug, Clone, FromRow)]
pub struct DossierRow {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub drafting_org_id: i64,
    pub drafting_org_name: String,
    pub approving_body: String,
    pub keywords: String,
    pub created_at: i64,
    /// When the package went to the approving body; the dossier is read-only after.
    pub submitted_at: Option<i64>,
}

impl DossierRow {
    pub fn keyword_list(&self) -> Vec<String> {
        json_list(&self.keywords).unwrap_or_default()
    }
}

/// An open consultation as the home page lists it.
#[derive(Debug, Clone, FromRow)]
pub struct OpenConsultationRow {
    pub consultation_id: i64,
    pub consultation_title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub audience: String,
    pub dossier_id: i64,
    pub dossier_title: String,
    pub summary: String,
    pub drafting_org_name: String,
    pub keywords: String,
}

const DOSSIER_SELECT: &str =
    "SELECT d.id, d.title, d.summary, d.drafting_org_id, o.name AS drafting_org_name,
        d.approving_body, d.keywords, d.created_at, d.submitted_at
     FROM dossier d JOIN organisation o ON o.id = d.drafting_org_id";

pub struct NewDossier<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub drafting_org_id: i64,
    pub approving_body: &'a str,
    pub keywords: &'a [String],
}

pub async fn insert(pool: &AnyPool, new: &NewDossier<'_>) -> Result<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO dossier (title, summary, drafting_org_id, approving_body, keywords, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.title)
    .bind(new.summary)
    .bind(new.drafting_org_id)
    .bind(new.approving_body)
    .bind(to_json_list(new.keywords))
    .bind(now_ms())
    .fetch_one(pool)
    .await?;
    super::content_changed();
    Ok(id)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<DossierRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{DOSSIER_SELECT} WHERE d.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn list(pool: &AnyPool) -> Result<Vec<DossierRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{DOSSIER_SELECT} ORDER BY d.created_at DESC, d.id DESC")))
        .fetch_all(pool)
        .await?)
}

pub async fn count(pool: &AnyPool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM dossier").fetch_one(pool).await?)
}

/// Consultations open at `now`, soonest deadline first.
pub async fn open_consultations(pool: &AnyPool, now: i64) -> Result<Vec<OpenConsultationRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id AS consultation_id, c.title AS consultation_title, c.opens_at, c.closes_at,
                c.audience, d.id AS dossier_id, d.title AS dossier_title, d.summary,
                o.name AS drafting_org_name, d.keywords
         FROM consultation c
         JOIN dossier d ON d.id = c.dossier_id
         JOIN organisation o ON o.id = d.drafting_org_id
         WHERE c.opens_at <= $1 AND c.closes_at >= $1
         ORDER BY c.closes_at, c.id",
    )
    .bind(now)
    .fetch_all(pool)
    .await?)
}
