//! Milestones of a dossier's schedule and calendar feed tokens (migration 0007).

use sqlx::FromRow;

use super::dialect;
use super::{Db, Result, audit, now_ms};

#[derive(Debug, Clone, FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub dossier_id: i64,
    pub kind: String,
    pub title: String,
    pub due_at: i64,
    pub all_day: i64,
    pub done_at: Option<i64>,
}

const COLUMNS: &str = "id, dossier_id, kind, title, due_at, all_day, done_at";

pub async fn of_dossier(db: &Db, dossier_id: i64) -> Result<Vec<MilestoneRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM milestone WHERE dossier_id = $1 ORDER BY due_at, id"
    )))
    .bind(dossier_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Every milestone, for the calendar and the feed.
pub async fn all(db: &Db) -> Result<Vec<MilestoneRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM milestone ORDER BY due_at, id")))
        .fetch_all(&db.pool)
        .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<MilestoneRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM milestone WHERE id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?)
}

/// A milestone to add.
#[derive(Debug, Clone)]
pub struct NewMilestone<'a> {
    pub dossier_id: i64,
    pub kind: &'a str,
    pub title: &'a str,
    pub due_at: i64,
    pub all_day: bool,
}

pub async fn add(db: &Db, actor: i64, new: &NewMilestone<'_>) -> Result<i64> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO milestone (dossier_id, kind, title, due_at, all_day, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.dossier_id)
    .bind(new.kind)
    .bind(new.title)
    .bind(new.due_at)
    .bind(i64::from(new.all_day))
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "milestone.added",
        &format!("dossier:{}", new.dossier_id),
        &serde_json::json!({ "milestone": id, "kind": new.kind, "title": new.title, "due_at": new.due_at }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Marks a milestone done (or not done again).
pub async fn set_done(db: &Db, actor: i64, id: i64, done: bool) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let changed = sqlx::query("UPDATE milestone SET done_at = $1 WHERE id = $2")
        .bind(done.then(now_ms))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if changed {
        audit::record(
            &mut tx,
            db.dialect,
            Some(actor),
            if done { "milestone.done" } else { "milestone.reopened" },
            &format!("milestone:{id}"),
            &serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

pub async fn remove(db: &Db, actor: i64, id: i64) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let removed =
        sqlx::query("DELETE FROM milestone WHERE id = $1").bind(id).execute(&mut *tx).await?.rows_affected()
            == 1;
    if removed {
        audit::record(
            &mut tx,
            db.dialect,
            Some(actor),
            "milestone.removed",
            &format!("milestone:{id}"),
            &serde_json::json!({}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}

/// The user's calendar feed token, made the first time.
pub async fn feed_token(db: &Db, user_id: i64) -> Result<String> {
    let existing: Option<String> =
        sqlx::query_scalar("SELECT token FROM calendar_feed WHERE user_id = $1 ORDER BY created_at LIMIT 1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    if let Some(token) = existing {
        return Ok(token);
    }
    let bytes: [u8; 20] = rand::random();
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    sqlx::query("INSERT INTO calendar_feed (token, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(&token)
        .bind(user_id)
        .bind(now_ms())
        .execute(&db.pool)
        .await?;
    Ok(token)
}

/// The user a feed token belongs to.
pub async fn feed_user(db: &Db, token: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT user_id FROM calendar_feed WHERE token = $1")
        .bind(token)
        .fetch_optional(&db.pool)
        .await?)
}
