//! What the synthesis report reads: the answered units of one draft in one
//! consultation (groups and comments alone), who commented in each group, and totals.

use std::collections::HashMap;

use sqlx::FromRow;

use super::{Db, Result};

/// A group or a comment alone, with its answer if any.
#[derive(Debug, Clone, FromRow)]
pub struct UnitRow {
    /// The group's id, or none for a comment alone.
    pub group_id: Option<i64>,
    /// The comment (a group's representative).
    pub comment_id: i64,
    pub size: i64,
    pub body: String,
    pub provision_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub author_name: Option<String>,
    /// The commenter lets the public see their name.
    pub name_public: i64,
    pub kind: Option<String>,
    pub answer: Option<String>,
    pub state: Option<String>,
}

/// The units of a draft in a consultation.
pub async fn units(db: &Db, consultation_id: i64, draft_id: i64) -> Result<Vec<UnitRow>> {
    Ok(sqlx::query_as(
        "SELECT g.id AS group_id, c.id AS comment_id, g.size AS size, c.body AS body, c.provision_id AS provision_id,
                NULL AS organisation_name, NULL AS author_name, 0 AS name_public, d.kind AS kind, d.answer AS answer, d.state AS state
         FROM comment_group g
         JOIN comment c ON c.id = g.representative_id
         JOIN draft_version v ON v.id = c.version_id
         LEFT JOIN disposition d ON d.group_id = g.id
         WHERE g.consultation_id = $1 AND v.draft_id = $2
         UNION ALL
         SELECT NULL AS group_id, c.id AS comment_id, 1 AS size, c.body AS body, c.provision_id AS provision_id,
                o.name AS organisation_name, c.author_name AS author_name, c.name_public AS name_public,
                d.kind AS kind, d.answer AS answer,
                d.state AS state
         FROM comment c
         JOIN draft_version v ON v.id = c.version_id
         LEFT JOIN organisation o ON o.id = c.organisation_id
         LEFT JOIN disposition d ON d.comment_id = c.id
         WHERE c.consultation_id = $1 AND v.draft_id = $2 AND c.group_id IS NULL AND c.moderation <> 'hidden'",
    )
    .bind(consultation_id)
    .bind(draft_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Who commented in each group: organisation names with their comment counts
/// (`None` for comments of individuals).
pub async fn group_commenters(
    db: &Db,
    consultation_id: i64,
    draft_id: i64,
) -> Result<HashMap<i64, Vec<(Option<String>, i64)>>> {
    let rows: Vec<(i64, Option<String>, i64)> = sqlx::query_as(
        "SELECT c.group_id, o.name, COUNT(*) FROM comment c
         JOIN draft_version v ON v.id = c.version_id
         LEFT JOIN organisation o ON o.id = c.organisation_id
         WHERE c.consultation_id = $1 AND v.draft_id = $2 AND c.group_id IS NOT NULL
         GROUP BY c.group_id, o.name",
    )
    .bind(consultation_id)
    .bind(draft_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<i64, Vec<(Option<String>, i64)>> = HashMap::new();
    for (group, name, n) in rows {
        out.entry(group).or_default().push((name, n));
    }
    Ok(out)
}

/// Totals for the opening of the report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub invited: i64,
    pub comments: i64,
    pub organisations: i64,
    pub organisation_comments: i64,
    pub groups: i64,
    /// Comments hidden by moderators: counted in `comments`, left out of the rows.
    pub hidden: i64,
}

pub async fn totals(db: &Db, consultation_id: i64, draft_id: i64) -> Result<Totals> {
    let invited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM invitation WHERE consultation_id = $1")
        .bind(consultation_id)
        .fetch_one(&db.pool)
        .await?;
    let (comments, organisations, organisation_comments, hidden): (i64, i64, Option<i64>, Option<i64>) =
        sqlx::query_as(
            "SELECT COUNT(*), COUNT(DISTINCT c.organisation_id),
                CAST(SUM(CASE WHEN c.organisation_id IS NULL THEN 0 ELSE 1 END) AS BIGINT),
                CAST(SUM(CASE WHEN c.moderation = 'hidden' THEN 1 ELSE 0 END) AS BIGINT)
         FROM comment c JOIN draft_version v ON v.id = c.version_id
         WHERE c.consultation_id = $1 AND v.draft_id = $2",
        )
        .bind(consultation_id)
        .bind(draft_id)
        .fetch_one(&db.pool)
        .await?;
    let organisation_comments = organisation_comments.unwrap_or(0);
    let groups: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM comment_group g JOIN comment c ON c.id = g.representative_id
         JOIN draft_version v ON v.id = c.version_id WHERE g.consultation_id = $1 AND v.draft_id = $2",
    )
    .bind(consultation_id)
    .bind(draft_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(Totals {
        invited,
        comments,
        organisations,
        organisation_comments,
        groups,
        hidden: hidden.unwrap_or(0),
    })
}
