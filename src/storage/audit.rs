//! The audit trail: an append-only chain of events, each carrying the SHA-256 of the
//! one before it, so that a removed or altered event breaks the chain.
//!
//! Events are written in the transaction of the change they record: an event exists
//! exactly when its change was committed.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::dialect::Dialect;
use super::{Result, now_ms};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Appends an event. `conn` must be inside a write transaction.
pub async fn record(
    conn: &mut AnyConnection,
    dialect: Dialect,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    record_with_refs(conn, dialect, actor, action, subject, detail, None).await
}

/// Appends an event that covers the ids `refs` (first, last) of its subject, so that
/// [`covering`] finds it by index. The range is an index, not part of the hash: what
/// the event says about each id is in its hashed detail.
pub async fn record_with_refs(
    conn: &mut AnyConnection,
    dialect: Dialect,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
    refs: Option<(i64, i64)>,
) -> Result<()> {
    // Events must chain in commit order: one writer at a time.
    dialect.lock_audit(conn).await?;
    let prev: Option<String> = sqlx::query_scalar(LAST_HASH).fetch_optional(&mut *conn).await?;
    append(conn, prev.as_deref(), actor, action, subject, detail, refs).await
}

/// The hash of the newest event (no row: none yet).
pub(super) const LAST_HASH: &str = "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1";

/// Appends an event after the one whose hash is `prev` (`None`: the first event),
/// read by the caller in its write transaction, after the lock of
/// [`Dialect::lock_audit`].
pub(super) async fn append(
    conn: &mut AnyConnection,
    prev: Option<&str>,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
    refs: Option<(i64, i64)>,
) -> Result<()> {
    let prev = prev.unwrap_or(GENESIS);
    let at = now_ms();
    let detail = detail.to_string();
    let hash = event_hash(prev, at, actor, action, subject, &detail);
    sqlx::query(
        "INSERT INTO audit_event (at, actor_user_id, action, subject, detail, prev_hash, hash, first_ref, last_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(&detail)
    .bind(prev)
    .bind(&hash)
    .bind(refs.map(|r| r.0))
    .bind(refs.map(|r| r.1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An event of `action` whose id range covers `id`, with its detail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Covering {
    pub id: i64,
    pub at: i64,
    pub hash: String,
    pub detail: String,
}

/// The events of `action` whose range covers `id`, newest range first (ranges of
/// batches committed concurrently on PostgreSQL may overlap: the caller looks in each
/// one's detail).
pub async fn covering(pool: &sqlx::AnyPool, action: &str, id: i64) -> Result<Vec<Covering>> {
    Ok(sqlx::query_as(
        "SELECT id, at, hash, detail FROM audit_event
         WHERE action = $1 AND first_ref <= $2 AND last_ref >= $2
         ORDER BY first_ref DESC LIMIT 16",
    )
    .bind(action)
    .bind(id)
    .fetch_all(pool)
    .await?)
}

/// The hash of an event: SHA-256 over the previous hash and the event's fields,
/// each ended by a newline, in hex.
pub fn event_hash(
    prev: &str,
    at: i64,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    for part in
        [prev, &at.to_string(), &actor.map_or_else(String::new, |a| a.to_string()), action, subject, detail]
    {
        hasher.update(part.as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// One event, as read back.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// The events about `subject`, newest first.
pub async fn for_subject(db: &super::Db, subject: &str, limit: i64) -> Result<Vec<Event>> {
    Ok(sqlx::query_as(
        "SELECT id, at, actor_user_id, action, subject, detail FROM audit_event WHERE subject = $1
         ORDER BY id DESC LIMIT $2",
    )
    .bind(subject)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = event_hash(GENESIS, 1, Some(2), "group.merge", "consultation:1", "{}");
        assert_eq!(base.len(), 64);
        assert_ne!(base, event_hash(&base, 1, Some(2), "group.merge", "consultation:1", "{}"));
        assert_ne!(base, event_hash(GENESIS, 1, None, "group.merge", "consultation:1", "{}"));
        assert_ne!(base, event_hash(GENESIS, 1, Some(2), "group.split", "consultation:1", "{}"));
        assert_ne!(base, event_hash(GENESIS, 1, Some(2), "group.merge", "consultation:1", "{\"a\":1}"));
    }
}

/// The first link of the chain that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The event where the chain breaks.
    pub event_id: i64,
    pub reason: String,
}

/// What a verification of the whole chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub events: u64,
    /// The hash of the last event (the chain's head), or [`GENESIS`].
    pub head: String,
    pub broken: Option<BrokenLink>,
}

/// Reads the whole chain in id order and checks every link: each event names the
/// hash of the one before it, and its own hash is the hash of its fields. A removed,
/// inserted, reordered or altered event breaks the chain at (or right after) it.
pub async fn verify(pool: &sqlx::AnyPool) -> Result<Verification> {
    type EventRow = (i64, i64, Option<i64>, String, String, String, String, String);
    let mut expected_prev = GENESIS.to_owned();
    let mut after = 0i64;
    let mut events = 0u64;
    loop {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, at, actor_user_id, action, subject, detail, prev_hash, hash FROM audit_event
             WHERE id > $1 ORDER BY id LIMIT 10000",
        )
        .bind(after)
        .fetch_all(pool)
        .await?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        for (id, at, actor, action, subject, detail, prev_hash, hash) in rows {
            events += 1;
            if prev_hash != expected_prev {
                return Ok(Verification {
                    events,
                    head: expected_prev.clone(),
                    broken: Some(BrokenLink {
                        event_id: id,
                        reason: format!(
                            "it names {prev_hash} as the event before it, but the event before it has hash {expected_prev} (an event before it was removed, added or changed)"
                        ),
                    }),
                });
            }
            let computed = event_hash(&prev_hash, at, actor, &action, &subject, &detail);
            if computed != hash {
                return Ok(Verification {
                    events,
                    head: expected_prev.clone(),
                    broken: Some(BrokenLink {
                        event_id: id,
                        reason: format!(
                            "its fields hash to {computed}, not to the stored {hash} (the event was changed)"
                        ),
                    }),
                });
            }
            expected_prev = hash;
        }
    }
    Ok(Verification { events, head: expected_prev, broken: None })
}
