//! Counts for a consultation's statistics page: per provision (from the tallies),
//! per organisation, per channel and per day.

use super::{Db, Result};

/// Comments per (version, provision key; 0 = the whole draft).
pub async fn per_provision(db: &Db, consultation_id: i64) -> Result<Vec<(i64, i64, i64)>> {
    Ok(sqlx::query_as("SELECT version_id, provision_key, n FROM comment_tally WHERE consultation_id = $1")
        .bind(consultation_id)
        .fetch_all(&db.pool)
        .await?)
}

/// Comments per organisation (`None`: individuals).
pub async fn per_organisation(db: &Db, consultation_id: i64) -> Result<Vec<(Option<i64>, i64)>> {
    Ok(sqlx::query_as(
        "SELECT organisation_id, COUNT(*) FROM comment WHERE consultation_id = $1 GROUP BY organisation_id",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Comments per channel code.
pub async fn per_channel(db: &Db, consultation_id: i64) -> Result<Vec<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT channel, COUNT(*) FROM comment WHERE consultation_id = $1 GROUP BY channel ORDER BY channel",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Vietnam time is UTC+7 all year.
const VIETNAM_OFFSET_MS: i64 = 7 * 3_600_000;
const DAY_MS: i64 = 86_400_000;

/// Comments per day in Vietnam time: (days since 1970-01-01, count), in order.
pub async fn per_day(db: &Db, consultation_id: i64) -> Result<Vec<(i64, i64)>> {
    // Constants in the text (not parameters), so that PostgreSQL sees the grouped
    // expression and the selected one as the same.
    let sql = format!(
        "SELECT (created_at + {VIETNAM_OFFSET_MS}) / {DAY_MS} AS day, COUNT(*) FROM comment
         WHERE consultation_id = $1 GROUP BY (created_at + {VIETNAM_OFFSET_MS}) / {DAY_MS} ORDER BY day"
    );
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(consultation_id).fetch_all(&db.pool).await?)
}

/// The start of a day returned by [`per_day`], in epoch milliseconds (midnight in
/// Vietnam).
pub fn day_start(day: i64) -> i64 {
    day * DAY_MS - VIETNAM_OFFSET_MS
}
