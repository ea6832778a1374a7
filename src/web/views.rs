//! View counts of drafts, counted in memory and written every few seconds.
//!
//! Writing `view_count + 1` on every page load made each reader of a draft a writer:
//! under SQLite every view waited for the write lock and an fsync. Views are not
//! comments: a crash may lose the last few seconds of them, and nothing else.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use sqlx::AnyPool;

use crate::storage::drafts;

/// How often pending views are written.
const FLUSH_EVERY: Duration = Duration::from_secs(2);

/// Views counted since the last write, per draft, and the count each draft had in
/// the database after this instance's last write of its views.
#[derive(Debug, Default)]
pub struct ViewCounter {
    state: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    pending: HashMap<i64, i64>,
    /// The stored count returned by this instance's last write, per draft.
    written: HashMap<i64, i64>,
}

impl ViewCounter {
    /// Counts one view of `draft_id`.
    pub fn record(&self, draft_id: i64) {
        if let Ok(mut counts) = self.state.lock() {
            *counts.pending.entry(draft_id).or_default() += 1;
        }
    }

    /// The views of `draft_id` to show, given the count `stored` read from the
    /// database (possibly from a cache, a moment old): the newer of it and the count
    /// this instance's last write returned, plus the views not yet written. A write
    /// moves views from pending to written under one lock, so a page whose count was
    /// read (or cached) before a write does not lose the written views. Left: a page
    /// that reads its row between a write's commit and that lock (microseconds) may
    /// count the written views twice; view counts are approximate by design.
    pub fn count(&self, draft_id: i64, stored: i64) -> i64 {
        self.state
            .lock()
            .map(|c| {
                let written = c.written.get(&draft_id).copied().unwrap_or(stored);
                written.max(stored) + c.pending.get(&draft_id).copied().unwrap_or(0)
            })
            .unwrap_or(stored)
    }

    /// Writes the pending views. Counts stay pending until their write has committed,
    /// so a failed write is retried at the next flush.
    pub async fn flush(&self, pool: &AnyPool) {
        let snapshot: Vec<(i64, i64)> = match self.state.lock() {
            Ok(c) => c.pending.iter().map(|(k, v)| (*k, *v)).collect(),
            Err(_) => return,
        };
        if snapshot.is_empty() {
            return;
        }
        match drafts::add_views(pool, &snapshot).await {
            Ok(now_stored) => {
                if let Ok(mut counts) = self.state.lock() {
                    for (draft, n) in snapshot {
                        if let Some(left) = counts.pending.get_mut(&draft) {
                            *left -= n;
                            if *left <= 0 {
                                counts.pending.remove(&draft);
                            }
                        }
                    }
                    counts.written.extend(now_stored);
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "writing view counts failed; will retry");
                crate::metrics::job_failed("view_counts");
            }
        }
    }

    /// Flushes every [`FLUSH_EVERY`] for as long as the process runs.
    pub fn spawn_flusher(self: &std::sync::Arc<Self>, pool: AnyPool) {
        let counter = std::sync::Arc::clone(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FLUSH_EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                counter.flush(&pool).await;
            }
        });
    }
}
