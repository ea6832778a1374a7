//! Consultation rounds (đợt lấy ý kiến) and their invitations.

use sqlx::{AnyPool, FromRow};

use super::{Result, now_ms};

/// The notification channel of changes to a consultation's facts (its window or its
/// protection): the payload is its id. Every instance's intake forgets what it cached
/// of the consultation when it hears one (PostgreSQL; SQLite serves one instance).
pub const CHANGED: &str = "duthao_consultation";

#[derive(Debug, Clone, FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub dossier_id: i64,
    pub title: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub audience: String,
}

impl ConsultationRow {
    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && now <= self.closes_at
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub consultation_id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub due_at: i64,
    pub status: String,
}

pub struct NewConsultation<'a> {
    pub dossier_id: i64,
    pub title: &'a str,
    pub opens_at: i64,
    pub closes_at: i64,
    pub audience: &'a str,
    pub version_ids: &'a [i64],
    /// (organisation id, due date) of each invited organisation.
    pub invitations: &'a [(i64, i64)],
}

const COLUMNS: &str = "id, dossier_id, title, opens_at, closes_at, audience";

pub async fn insert(pool: &AnyPool, new: &NewConsultation<'_>) -> Result<i64> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consultation (dossier_id, title, opens_at, closes_at, audience, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.dossier_id)
    .bind(new.title)
    .bind(new.opens_at)
    .bind(new.closes_at)
    .bind(new.audience)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    for version_id in new.version_ids {
        sqlx::query("INSERT INTO consultation_version (consultation_id, version_id) VALUES ($1, $2)")
            .bind(id)
            .bind(version_id)
            .execute(&mut *tx)
            .await?;
    }
    for (organisation_id, due_at) in new.invitations {
        sqlx::query(
            "INSERT INTO invitation (consultation_id, organisation_id, due_at, status)
             VALUES ($1, $2, $3, 'pending')",
        )
        .bind(id)
        .bind(organisation_id)
        .bind(due_at)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    super::content_changed();
    Ok(id)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<ConsultationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM consultation WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn of_dossier(pool: &AnyPool, dossier_id: i64) -> Result<Vec<ConsultationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM consultation WHERE dossier_id = $1 ORDER BY opens_at DESC, id DESC"
    )))
    .bind(dossier_id)
    .fetch_all(pool)
    .await?)
}

/// The consultation that covers `version_id` and is open at `now`, if any (the newest).
pub async fn open_for_version(pool: &AnyPool, version_id: i64, now: i64) -> Result<Option<ConsultationRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.dossier_id, c.title, c.opens_at, c.closes_at, c.audience
         FROM consultation c JOIN consultation_version cv ON cv.consultation_id = c.id
         WHERE cv.version_id = $1 AND c.opens_at <= $2 AND c.closes_at >= $2
         ORDER BY c.opens_at DESC LIMIT 1",
    )
    .bind(version_id)
    .bind(now)
    .fetch_optional(pool)
    .await?)
}

/// Every consultation on a version, the most recently opened first.
pub async fn of_version(pool: &AnyPool, version_id: i64) -> Result<Vec<ConsultationRow>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.dossier_id, c.title, c.opens_at, c.closes_at, c.audience
         FROM consultation c JOIN consultation_version cv ON cv.consultation_id = c.id
         WHERE cv.version_id = $1 ORDER BY c.opens_at DESC, c.id DESC",
    )
    .bind(version_id)
    .fetch_all(pool)
    .await?)
}

pub async fn covers_version(pool: &AnyPool, consultation_id: i64, version_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM consultation_version WHERE consultation_id = $1 AND version_id = $2",
    )
    .bind(consultation_id)
    .bind(version_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

pub async fn version_ids(pool: &AnyPool, consultation_id: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT version_id FROM consultation_version WHERE consultation_id = $1 ORDER BY version_id",
    )
    .bind(consultation_id)
    .fetch_all(pool)
    .await?)
}

pub async fn invitations(pool: &AnyPool, consultation_id: i64) -> Result<Vec<InvitationRow>> {
    Ok(sqlx::query_as(
        "SELECT i.id, i.consultation_id, i.organisation_id, o.name AS organisation_name, i.due_at, i.status
         FROM invitation i JOIN organisation o ON o.id = i.organisation_id
         WHERE i.consultation_id = $1 ORDER BY o.name",
    )
    .bind(consultation_id)
    .fetch_all(pool)
    .await?)
}

pub async fn is_invited(pool: &AnyPool, consultation_id: i64, organisation_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitation WHERE consultation_id = $1 AND organisation_id = $2",
    )
    .bind(consultation_id)
    .bind(organisation_id)
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}

/// A consultation's protection against abuse (see migration 0012).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// Comments per minute per account or anonymous address; `None` = the instance's
    /// default, 0 = no limit.
    pub comments_per_minute: Option<i64>,
    /// `off`, `surge` or `always` ([`crate::domain::moderation::ChallengeMode`]).
    pub challenge: String,
    /// Comments per minute on the consultation above which a surge is declared.
    pub surge_per_minute: i64,
    /// The difficulty of the challenge, in leading zero bits.
    pub challenge_bits: i64,
}

pub async fn protection(pool: &AnyPool, consultation_id: i64) -> Result<Option<Protection>> {
    let row: Option<(Option<i64>, String, i64, i64)> = sqlx::query_as(
        "SELECT comments_per_minute, challenge, surge_per_minute, challenge_bits FROM consultation WHERE id = $1",
    )
    .bind(consultation_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(comments_per_minute, challenge, surge_per_minute, challenge_bits)| Protection {
        comments_per_minute,
        challenge,
        surge_per_minute,
        challenge_bits,
    }))
}

/// Changes a consultation's protection (values checked by the caller), audited with
/// the old and new values. Returns false if there is no such consultation.
pub async fn set_protection(
    db: &super::Db,
    actor: i64,
    consultation_id: i64,
    new: &Protection,
) -> Result<bool> {
    let mut tx = super::dialect::begin_write(&db.pool).await?;
    let old: Option<(Option<i64>, String, i64, i64)> = sqlx::query_as(
        "SELECT comments_per_minute, challenge, surge_per_minute, challenge_bits FROM consultation WHERE id = $1",
    )
    .bind(consultation_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(old) = old else { return Ok(false) };
    sqlx::query(
        "UPDATE consultation SET comments_per_minute = $1, challenge = $2, surge_per_minute = $3, challenge_bits = $4
         WHERE id = $5",
    )
    .bind(new.comments_per_minute)
    .bind(new.challenge.as_str())
    .bind(new.surge_per_minute)
    .bind(new.challenge_bits)
    .bind(consultation_id)
    .execute(&mut *tx)
    .await?;
    super::audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "consultation.protection",
        &format!("consultation:{consultation_id}"),
        &serde_json::json!({
            "old": { "comments_per_minute": old.0, "challenge": old.1, "surge_per_minute": old.2, "challenge_bits": old.3 },
            "new": {
                "comments_per_minute": new.comments_per_minute, "challenge": new.challenge,
                "surge_per_minute": new.surge_per_minute, "challenge_bits": new.challenge_bits,
            },
        }),
    )
    .await?;
    db.dialect.notify(&mut tx, CHANGED, &consultation_id.to_string()).await?;
    tx.commit().await?;
    Ok(true)
}

/// How many comments the consultation received since `since` (epoch ms): the surge
/// measure, the same on every instance.
pub async fn comments_since(pool: &AnyPool, consultation_id: i64, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM comment WHERE consultation_id = $1 AND created_at > $2")
        .bind(consultation_id)
        .bind(since)
        .fetch_one(pool)
        .await?)
}
