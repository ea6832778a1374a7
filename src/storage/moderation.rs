//! The moderation queue: flagged and hidden comments, and moderators' decisions.
//!
//! Nothing here deletes a comment or changes its text. Hiding takes a comment out of
//! its near-duplicate group (a hidden comment must not speak for a group in the
//! report) and marks it placed, so that no regrouping pulls it back in.

use super::comments::{CommentRow, SELECT, with_code};
use super::{Db, Result, audit, dialect, groups, now_ms};
use crate::domain::moderation::Moderation;

/// One page of the comments of a consultation in a moderation state, oldest first
/// (the first flagged is the first to review).
pub async fn queue(
    db: &Db,
    consultation_id: i64,
    state: Moderation,
    limit: i64,
    offset: i64,
) -> Result<Vec<CommentRow>> {
    let sql = format!(
        "{SELECT} WHERE c.moderation = $1 AND c.consultation_id = $2 ORDER BY c.id LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql))
        .bind(state.code())
        .bind(consultation_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(|r| with_code(db, r)).collect()
}

/// How many comments of the consultation are flagged, and how many hidden.
pub async fn counts(db: &Db, consultation_id: i64) -> Result<(i64, i64)> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT moderation, COUNT(*) FROM comment WHERE moderation IN ('flagged', 'hidden') AND consultation_id = $1
         GROUP BY moderation",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?;
    let count = |m: Moderation| rows.iter().find(|(code, _)| code == m.code()).map_or(0, |(_, n)| *n);
    Ok((count(Moderation::Flagged), count(Moderation::Hidden)))
}

/// A moderator's decision on one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Asks for review (an editor noticed something).
    Flag,
    Hide,
    /// Shows a hidden comment again, or clears a flag: nothing to act on.
    Show,
}

impl Decision {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "flag" => Some(Self::Flag),
            "hide" => Some(Self::Hide),
            "show" => Some(Self::Show),
            _ => None,
        }
    }

    fn target(self) -> Moderation {
        match self {
            Self::Flag => Moderation::Flagged,
            Self::Hide => Moderation::Hidden,
            Self::Show => Moderation::Visible,
        }
    }

    fn action(self) -> &'static str {
        match self {
            Self::Flag => "comment.flagged",
            Self::Hide => "comment.hidden",
            Self::Show => "comment.shown",
        }
    }
}

/// What a decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub consultation_id: i64,
    pub from: Moderation,
    pub to: Moderation,
    /// The group the comment left, when hiding took it out of one.
    pub left_group: Option<i64>,
}

/// Applies a decision to comment `comment_id` with the moderator's reason, in one
/// transaction with its audit event. `None` if there is no such comment.
pub async fn decide(
    db: &Db,
    actor: i64,
    comment_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<Option<Decided>> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    // Hiding changes groups: serialised with every other change to them.
    db.dialect.lock_synthesis(&mut tx).await?;
    let found: Option<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT consultation_id, moderation, group_id FROM comment WHERE id = $1")
            .bind(comment_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((consultation_id, from, group)) = found else { return Ok(None) };
    let from = Moderation::parse(&from).unwrap_or(Moderation::Visible);
    let to = decision.target();
    let now = now_ms();
    sqlx::query(
        "UPDATE comment SET moderation = $1, moderation_reason = $2, moderated_by = $3, moderated_at = $4
         WHERE id = $5",
    )
    .bind(to.code())
    .bind(Some(reason).filter(|r| !r.is_empty()))
    .bind(actor)
    .bind(now)
    .bind(comment_id)
    .execute(&mut *tx)
    .await?;
    let mut left_group = None;
    if to == Moderation::Hidden {
        if let Some(g) = group {
            sqlx::query("UPDATE comment SET group_id = NULL WHERE id = $1")
                .bind(comment_id)
                .execute(&mut *tx)
                .await?;
            groups::refresh(&mut tx, g, now).await?;
            left_group = Some(g);
        }
        groups::place(&mut tx, comment_id, actor, now).await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        decision.action(),
        &format!("comment:{comment_id}"),
        &serde_json::json!({
            "consultation": consultation_id, "from": from.code(), "to": to.code(),
            "reason": reason, "left_group": left_group,
        }),
    )
    .await?;
    tx.commit().await?;
    // Counts change; no comment is new, so the tails have nothing to read.
    db.tallies_changed();
    Ok(Some(Decided { consultation_id, from, to, left_group }))
}
