//! Grouping comments as they arrive, and regrouping a consultation on request.
//!
//! Each instance keeps one in-memory [`Grouper`] per consultation and tails the
//! comment table into it (every [`POLL`], and at once when this process commits
//! comments; at most once per [`PACE`] while they keep coming). A new comment that
//! resembles earlier ones joins their group in the database
//! (`storage::groups::apply_joins`: on SQLite in the group commit's next transaction
//! while comments are arriving, so that intake never waits for the write lock behind
//! them); the position of the tail is stored with the joins, so a restart replays
//! the comments already grouped into memory and goes on from there without grouping
//! any comment twice.
//!
//! With several instances on one database each tails the table; joins are
//! idempotent (a comment already in the group it would join stays there), so the
//! extra instances only repeat work.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use duthao_similarity::{Grouper, Params, Scratch, Signature};

use crate::storage::feed::FeedReader;
use crate::storage::groups::{self, GroupingRow, Join};
use crate::storage::tail::{GAPS_PER_READ, PACE, Tail};
use crate::storage::{Db, StorageError};

/// How often the tail looks for new comments when nothing woke it.
pub const POLL: Duration = Duration::from_millis(250);
/// Rows read from the database at a time.
const BATCH: i64 = 5_000;

/// One consultation's grouper and the comment id of each of its texts.
struct Groups {
    grouper: Grouper,
    comment_ids: Vec<i64>,
    /// The ids added, so that a batch read again after a failed write is not added
    /// twice (a comment would then match its own copy).
    added: std::collections::HashSet<i64>,
}

impl Groups {
    fn new(params: Params) -> Self {
        Self { grouper: Grouper::new(params), comment_ids: Vec::new(), added: Default::default() }
    }

    /// Adds a comment; returns the earlier comments it was verified to resemble.
    fn add(&mut self, id: i64, signature: &Signature) -> Vec<i64> {
        if !self.added.insert(id) {
            return Vec::new();
        }
        let joined = self.grouper.add(signature);
        self.comment_ids.push(id);
        joined.matched.iter().map(|&doc| self.comment_ids[doc as usize]).collect()
    }
}

/// What a regrouping of a consultation is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegroupStatus {
    Running,
    Done { groups: usize, at: i64 },
    Failed(String),
}

/// The grouping of this instance.
pub struct Grouping {
    params: Params,
    /// One grouper per (consultation, draft).
    groups: Arc<Mutex<HashMap<(i64, i64), Groups>>>,
    tail: tokio::sync::Mutex<Tail>,
    regroups: Mutex<HashMap<i64, RegroupStatus>>,
}

impl std::fmt::Debug for Grouping {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grouping").field("params", &self.params).finish_non_exhaustive()
    }
}

impl Grouping {
    pub fn new(params: Params) -> Self {
        Self {
            params,
            groups: Arc::new(Mutex::new(HashMap::new())),
            tail: tokio::sync::Mutex::new(Tail::default()),
            regroups: Mutex::new(HashMap::new()),
        }
    }

    /// Loads what was grouped before, then tails new comments for as long as the
    /// process runs.
    pub fn spawn(self: &Arc<Self>, db: Db) {
        let grouping = Arc::clone(self);
        let committed = db.comments_committed.subscribe();
        let feed = db.feed.reader();
        tokio::spawn(async move {
            loop {
                match grouping.replay(&db).await {
                    Ok(()) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "loading the comment groups failed; retrying");
                        crate::metrics::job_failed("grouping_load");
                        tokio::time::sleep(Duration::from_secs(5)).await;
                    }
                }
            }
            crate::storage::tail::follow(committed, BATCH as usize, PACE, POLL, "grouping_tail", || {
                grouping.catch_up_from(&db, Some(&feed))
            })
            .await;
        });
    }

    /// Puts the comments grouped before this process started into memory.
    async fn replay(&self, db: &Db) -> Result<(), StorageError> {
        let mut tail = self.tail.lock().await;
        let through = groups::progress(db).await?;
        let mut last = 0;
        while last < through {
            let rows: Vec<GroupingRow> =
                groups::rows_after(db, last, BATCH).await?.into_iter().filter(|r| r.id <= through).collect();
            let Some(end) = rows.last().map(|r| r.id) else { break };
            self.add_rows(rows).await?;
            last = end;
        }
        *tail = Tail::restored(through, []);
        tracing::info!(comments.through = through, "comment groups loaded");
        Ok(())
    }

    /// Groups the comments not yet grouped (one batch) and records the joins;
    /// returns how many comments were read.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, StorageError> {
        self.catch_up_from(db, None).await
    }

    /// [`catch_up`](Self::catch_up), taking the comments this process has just
    /// committed from `feed` when it holds them.
    async fn catch_up_from(&self, db: &Db, feed: Option<&FeedReader>) -> Result<usize, StorageError> {
        let mut tail = self.tail.lock().await;
        let fed = match feed {
            Some(feed) => feed.grouping_rows_after(db, tail.last, BATCH as usize).await?,
            None => None,
        };
        let mut rows = match fed {
            Some(rows) => rows,
            None => groups::rows_after(db, tail.last, BATCH).await?,
        };
        if tail.has_gaps() {
            let ranges = tail.gap_ranges(GAPS_PER_READ);
            rows.extend(groups::rows_in_ranges(db, &ranges, BATCH).await?);
        }
        if rows.is_empty() {
            return Ok(0);
        }
        let n = rows.len();
        let mut next = tail.clone();
        next.advance(rows.iter().map(|r| r.id));
        let joins = self.add_rows(rows).await?;
        groups::apply_joins(db, &joins, next.complete_through()).await?;
        *tail = next;
        Ok(n)
    }

    /// Signs and adds rows to their consultations' groupers (CPU work, off the async
    /// workers); returns the joins found.
    async fn add_rows(&self, rows: Vec<GroupingRow>) -> Result<Vec<Join>, StorageError> {
        let groups = Arc::clone(&self.groups);
        let params = self.params;
        tokio::task::spawn_blocking(move || {
            let mut scratch = Scratch::default();
            let signed: Vec<(i64, i64, i64, Signature)> = rows
                .into_iter()
                .map(|r| {
                    (r.id, r.consultation_id, r.draft_id, Signature::with_scratch(&r.body, &mut scratch))
                })
                .collect();
            let mut groups = groups.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut joins = Vec::new();
            for (id, consultation_id, draft_id, signature) in signed {
                let matched = groups
                    .entry((consultation_id, draft_id))
                    .or_insert_with(|| Groups::new(params))
                    .add(id, &signature);
                if !matched.is_empty() {
                    joins.push(Join { comment_id: id, consultation_id, matched });
                }
            }
            joins
        })
        .await
        .map_err(|e| StorageError::Corrupt(format!("grouping task failed: {e}")))
    }

    /// Starts regrouping a consultation from scratch in the background; false if one
    /// is already running.
    pub fn start_regroup(self: &Arc<Self>, db: Db, consultation_id: i64, actor: Option<i64>) -> bool {
        {
            let mut regroups = self.regroups.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if regroups.get(&consultation_id) == Some(&RegroupStatus::Running) {
                return false;
            }
            regroups.insert(consultation_id, RegroupStatus::Running);
        }
        let grouping = Arc::clone(self);
        tokio::spawn(async move {
            let status = match grouping.regroup(&db, consultation_id, actor, &mut |_| {}).await {
                Ok(groups) => {
                    tracing::info!(consultation.id = consultation_id, groups, "consultation regrouped");
                    RegroupStatus::Done { groups, at: crate::storage::now_ms() }
                }
                Err(e) => {
                    tracing::error!(consultation.id = consultation_id, error = %e, "regrouping failed");
                    crate::metrics::job_failed("regroup");
                    RegroupStatus::Failed(e.to_string())
                }
            };
            grouping
                .regroups
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(consultation_id, status);
        });
        true
    }

    /// The last regrouping of a consultation started on this instance.
    pub fn regroup_status(&self, consultation_id: i64) -> Option<RegroupStatus> {
        self.regroups.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&consultation_id).cloned()
    }

    /// Groups every comment of a consultation afresh and replaces its automatic groups,
    /// telling `progress` how many comments are read; returns the groups formed.
    pub async fn regroup(
        &self,
        db: &Db,
        consultation_id: i64,
        actor: Option<i64>,
        progress: &mut (dyn FnMut(u64) + Send),
    ) -> Result<usize, StorageError> {
        let mut last = 0;
        let mut read = 0u64;
        let mut fresh: HashMap<i64, Groups> = HashMap::new();
        let params = self.params;
        let mut scratch = Scratch::default();
        loop {
            let rows = groups::consultation_rows_after(db, consultation_id, last, BATCH).await?;
            let Some(end) = rows.last().map(|r| r.id) else { break };
            let count = rows.len() as u64;
            let (back, rows_scratch) = tokio::task::spawn_blocking(move || {
                for row in &rows {
                    let signature = Signature::with_scratch(&row.body, &mut scratch);
                    fresh.entry(row.draft_id).or_insert_with(|| Groups::new(params)).add(row.id, &signature);
                }
                (fresh, scratch)
            })
            .await
            .map_err(|e| StorageError::Corrupt(format!("regrouping task failed: {e}")))?;
            fresh = back;
            scratch = rows_scratch;
            last = end;
            read += count;
            progress(read);
        }
        let mut sets: Vec<Vec<i64>> = Vec::new();
        for draft in fresh.values_mut() {
            let mut by_group: HashMap<u32, Vec<i64>> = HashMap::new();
            for (doc, group) in draft.grouper.groups().into_iter().enumerate() {
                by_group.entry(group).or_default().push(draft.comment_ids[doc]);
            }
            sets.extend(by_group.into_values().filter(|m| m.len() > 1));
        }
        sets.sort_by_key(|m| m[0]);
        groups::regroup(db, actor, consultation_id, &sets, last).await
    }
}
