//! The comments this process has just committed, kept in memory for a moment so that
//! the tails (the search index's, the grouping's) take them from here instead of
//! reading them back from the database.
//!
//! Under `bench intake` the two tails read every new comment back, each on its own:
//! with its join to the draft version, the decoding of every row by the `Any` driver
//! and the messages from the connection's thread, that was about 6 % of the server's
//! CPU, all of it beside the requests. The group commit already holds each row when it
//! commits, so it leaves a copy here ([`Feed::push`], after the commit).
//!
//! Only what the database would answer is served from here: an unbroken run of ids
//! starting right after the tail's position. Anything else — comments stored by
//! another path (imports, letters) or another instance, a hole in the ids (on
//! PostgreSQL another transaction's id, perhaps not committed yet), rows already
//! pushed out — is read from the database as before. Comments are never changed or
//! deleted once stored, so a copy taken at the commit is what a read would return.
//!
//! The feed keeps rows only for its readers ([`Feed::reader`], one per running tail):
//! with none, nothing is copied; a batch goes as soon as every reader has read past
//! it, so an idle server holds nothing here, and at most [`KEEP_ROWS`] under a surge
//! (or when a reader stops reading).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use super::comments::{IndexRow, NewComment};
use super::groups::GroupingRow;
use super::{Db, Result};

/// Rows kept at most; the oldest batches go first. The tails take what is new at
/// least once a second, so at 20,000 comments a second this is over three seconds'
/// worth.
pub const KEEP_ROWS: usize = 65_536;

/// A committed comment as the tails read it.
#[derive(Debug, Clone)]
pub struct FedRow {
    pub id: i64,
    pub consultation_id: i64,
    pub version_id: i64,
    pub provision_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub channel: String,
    pub created_at: i64,
    pub body: String,
}

/// One committed batch, its ids ascending.
#[derive(Debug)]
struct Batch {
    rows: Vec<FedRow>,
}

impl Batch {
    fn first(&self) -> i64 {
        self.rows.first().map_or(i64::MAX, |r| r.id)
    }

    fn last(&self) -> i64 {
        self.rows.last().map_or(i64::MIN, |r| r.id)
    }
}

#[derive(Debug, Default)]
pub struct Feed {
    inner: Mutex<Inner>,
    /// Each draft version's draft (a version never moves to another draft).
    drafts: Mutex<HashMap<i64, i64>>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Ordered by first id. Shared, so that a reader copies rows out after letting
    /// go of the lock the group commit takes to push (a tail may take 25,000 rows).
    batches: VecDeque<Arc<Batch>>,
    rows: usize,
    /// Each reader's position: it has every row up to this id (`None`: it has not
    /// read yet, and every row is kept for it).
    readers: HashMap<u64, Option<i64>>,
    next_reader: u64,
}

impl Inner {
    /// Takes out the batches every reader has read past (to be dropped by the
    /// caller, after letting go of the lock).
    fn read_past(&mut self) -> Vec<Arc<Batch>> {
        let through = self.readers.values().map(|p| p.unwrap_or(i64::MIN)).min().unwrap_or(i64::MAX);
        let mut gone = Vec::new();
        while self.batches.front().is_some_and(|b| b.last() <= through) {
            if let Some(old) = self.batches.pop_front() {
                self.rows -= old.rows.len();
                gone.push(old);
            }
        }
        gone
    }
}

/// A tail's place in the [`Feed`]: while it lives, the feed keeps the rows it has not
/// read yet (up to [`KEEP_ROWS`]).
#[derive(Debug)]
pub struct FeedReader {
    feed: Arc<Feed>,
    slot: u64,
}

impl Drop for FeedReader {
    fn drop(&mut self) {
        let gone = match self.feed.inner.lock() {
            Ok(mut inner) => {
                inner.readers.remove(&self.slot);
                inner.read_past()
            }
            Err(_) => Vec::new(),
        };
        drop(gone);
    }
}

impl Feed {
    /// Keeps a copy of a committed batch: `ids` are the rows' ids in batch order,
    /// `now` the time given to rows without one of their own.
    pub fn push(&self, ids: &[i64], batch: &[NewComment], now: i64) {
        if ids.len() != batch.len() || ids.is_empty() || !ids.windows(2).all(|w| w[0] < w[1]) {
            return;
        }
        if self.inner.lock().map_or(true, |inner| inner.readers.is_empty()) {
            return;
        }
        let rows: Vec<FedRow> = ids
            .iter()
            .zip(batch)
            .map(|(&id, new)| FedRow {
                id,
                consultation_id: new.consultation_id,
                version_id: new.version_id,
                provision_id: new.provision_id,
                organisation_id: new.organisation_id,
                channel: new.channel.clone(),
                created_at: new.created_at.unwrap_or(now),
                body: new.body.clone(),
            })
            .collect();
        let Ok(mut inner) = self.inner.lock() else { return };
        let batch = Batch { rows };
        // Batches of one writer arrive in id order; another caller's may not.
        let at = inner.batches.partition_point(|b| b.first() < batch.first());
        let overlaps = |b: Option<&Batch>, lower: bool| {
            b.is_some_and(|b| if lower { b.last() >= batch.first() } else { b.first() <= batch.last() })
        };
        if overlaps(at.checked_sub(1).and_then(|i| inner.batches.get(i)).map(|b| &**b), true)
            || overlaps(inner.batches.get(at).map(|b| &**b), false)
        {
            // Ids are never handed out twice; if they seem to be, trust the database.
            inner.batches.clear();
            inner.rows = 0;
            return;
        }
        inner.rows += batch.rows.len();
        inner.batches.insert(at, Arc::new(batch));
        let mut gone = Vec::new();
        while inner.rows > KEEP_ROWS {
            match inner.batches.pop_front() {
                Some(old) => {
                    inner.rows -= old.rows.len();
                    gone.push(old);
                }
                None => break,
            }
        }
        drop(inner);
        drop(gone);
    }

    /// A new reader: from now on the feed keeps committed rows until it has read them.
    pub fn reader(self: &Arc<Self>) -> FeedReader {
        let mut inner = self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let slot = inner.next_reader;
        inner.next_reader += 1;
        inner.readers.insert(slot, None);
        FeedReader { feed: Arc::clone(self), slot }
    }

    /// Rows kept now.
    pub fn len(&self) -> usize {
        self.inner.lock().map_or(0, |inner| inner.rows)
    }

    /// Whether no rows are kept now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to `limit` rows with the ids `after + 1`, `after + 2`, … in order, as far as
    /// they run unbroken here; `None` when the row `after + 1` is not here. The reader
    /// in `slot` has every row up to `after`: the batches every reader has are let go.
    fn after(&self, slot: u64, after: i64, limit: usize) -> Option<Vec<FedRow>> {
        let start = after.checked_add(1)?;
        let mut gone = Vec::new();
        let taken = {
            let mut inner = self.inner.lock().ok()?;
            if let Some(position) = inner.readers.get_mut(&slot) {
                *position = Some(position.map_or(after, |p| p.max(after)));
                gone = inner.read_past();
            }
            Self::batches_from(&inner, start, limit)
        };
        drop(gone);
        let (batches, from) = taken?;
        let mut out = Vec::new();
        let mut next = start;
        let mut skip = from;
        for batch in &batches {
            for row in &batch.rows[skip..] {
                if row.id != next || out.len() >= limit {
                    return (!out.is_empty()).then_some(out);
                }
                out.push(row.clone());
                next += 1;
            }
            skip = 0;
        }
        (!out.is_empty()).then_some(out)
    }

    /// The batches holding the rows from id `start` on (enough for `limit` rows), and
    /// where `start` is in the first; `None` when the row `start` is not here.
    fn batches_from(inner: &Inner, start: i64, limit: usize) -> Option<(Vec<Arc<Batch>>, usize)> {
        let b = inner.batches.partition_point(|b| b.last() < start);
        let first = inner.batches.get(b)?;
        let from = first.rows.binary_search_by_key(&start, |r| r.id).ok()?;
        let mut taken = Vec::new();
        let mut rows = 0;
        for batch in inner.batches.range(b..) {
            taken.push(Arc::clone(batch));
            rows += batch.rows.len();
            if rows >= from + limit {
                break;
            }
        }
        Some((taken, from))
    }

    /// The drafts of `versions`, from memory or the database.
    async fn drafts_of(&self, db: &Db, versions: impl Iterator<Item = i64>) -> Result<HashMap<i64, i64>> {
        let mut wanted: Vec<i64> = versions.collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut found = HashMap::with_capacity(wanted.len());
        let mut missing = Vec::new();
        {
            let known =
                self.drafts.lock().map_err(|_| super::StorageError::Corrupt("draft map poisoned".into()))?;
            for v in wanted {
                match known.get(&v) {
                    Some(&d) => {
                        found.insert(v, d);
                    }
                    None => missing.push(v),
                }
            }
        }
        for v in missing {
            let draft: i64 = sqlx::query_scalar("SELECT draft_id FROM draft_version WHERE id = $1")
                .bind(v)
                .fetch_one(&db.pool)
                .await?;
            found.insert(v, draft);
            if let Ok(mut known) = self.drafts.lock() {
                known.insert(v, draft);
            }
        }
        Ok(found)
    }
}

impl FeedReader {
    /// The rows after `after` (see [`Feed::after`]), each with its draft.
    async fn rows_after(&self, db: &Db, after: i64, limit: usize) -> Result<Option<Vec<(FedRow, i64)>>> {
        let Some(rows) = self.feed.after(self.slot, after, limit) else { return Ok(None) };
        let drafts = self.feed.drafts_of(db, rows.iter().map(|r| r.version_id)).await?;
        let with_drafts = rows
            .into_iter()
            .map(|r| match drafts.get(&r.version_id) {
                Some(&draft) => Ok((r, draft)),
                None => Err(super::StorageError::Corrupt(format!("no draft for version {}", r.version_id))),
            })
            .collect::<Result<_>>()?;
        Ok(Some(with_drafts))
    }

    /// The rows after `after` as the search index reads comments; `None` when the
    /// row `after + 1` is not here (read the database).
    pub async fn index_rows_after(&self, db: &Db, after: i64, limit: usize) -> Result<Option<Vec<IndexRow>>> {
        let rows = self.rows_after(db, after, limit).await?;
        Ok(rows.map(|rows| {
            rows.into_iter()
                .map(|(r, draft_id)| IndexRow {
                    id: r.id,
                    consultation_id: r.consultation_id,
                    version_id: r.version_id,
                    draft_id,
                    provision_id: r.provision_id,
                    organisation_id: r.organisation_id,
                    channel: r.channel,
                    created_at: r.created_at,
                    body: r.body,
                })
                .collect()
        }))
    }

    /// The rows after `after` as the grouping reads comments; `None` when the row
    /// `after + 1` is not here (read the database).
    pub async fn grouping_rows_after(
        &self,
        db: &Db,
        after: i64,
        limit: usize,
    ) -> Result<Option<Vec<GroupingRow>>> {
        let rows = self.rows_after(db, after, limit).await?;
        Ok(rows.map(|rows| {
            rows.into_iter()
                .map(|(r, draft_id)| GroupingRow {
                    id: r.id,
                    consultation_id: r.consultation_id,
                    draft_id,
                    body: r.body,
                })
                .collect()
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(body: &str) -> NewComment {
        NewComment {
            consultation_id: 1,
            version_id: 2,
            provision_id: Some(3),
            quote: None,
            body: body.to_owned(),
            author_name: None,
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: "api".to_owned(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        }
    }

    fn ids(rows: Option<Vec<FedRow>>) -> Option<Vec<i64>> {
        rows.map(|rows| rows.iter().map(|r| r.id).collect())
    }

    /// A feed with a reader that never reads (so that nothing is let go) and one that
    /// does.
    fn feed() -> (Arc<Feed>, FeedReader, FeedReader) {
        let feed = Arc::new(Feed::default());
        let (behind, reader) = (feed.reader(), feed.reader());
        (feed, behind, reader)
    }

    #[test]
    fn serves_only_an_unbroken_run_from_the_tails_position() {
        let (feed, _behind, r) = feed();
        feed.push(&[10, 11, 12], &[comment("a"), comment("b"), comment("c")], 99);
        feed.push(&[13, 14], &[comment("d"), comment("e")], 100);
        // A hole: 15 and 16 were stored some other way.
        feed.push(&[17], &[comment("f")], 101);
        assert_eq!(ids(feed.after(r.slot, 9, 100)), Some(vec![10, 11, 12, 13, 14]));
        assert_eq!(ids(feed.after(r.slot, 11, 100)), Some(vec![12, 13, 14]));
        assert_eq!(ids(feed.after(r.slot, 11, 2)), Some(vec![12, 13]));
        assert_eq!(ids(feed.after(r.slot, 14, 100)), None, "15 is not here: read the database");
        assert_eq!(ids(feed.after(r.slot, 16, 100)), Some(vec![17]));
        assert_eq!(ids(feed.after(r.slot, 8, 100)), None, "9 is not here");
        assert_eq!(ids(feed.after(r.slot, 17, 100)), None);
        let row = feed.after(r.slot, 12, 1).and_then(|mut r| r.pop()).expect("row 13");
        assert_eq!((row.body.as_str(), row.created_at), ("d", 100));
    }

    #[test]
    fn batches_out_of_order_are_placed_and_overlaps_empty_the_feed() {
        let (feed, _behind, r) = feed();
        feed.push(&[5, 6], &[comment("x"), comment("y")], 1);
        feed.push(&[3, 4], &[comment("v"), comment("w")], 1);
        assert_eq!(ids(feed.after(r.slot, 2, 10)), Some(vec![3, 4, 5, 6]));
        feed.push(&[6, 7], &[comment("?"), comment("z")], 1);
        assert_eq!(ids(feed.after(r.slot, 2, 10)), None);
        // Mismatched or unordered ids are not kept.
        feed.push(&[1, 2], &[comment("a")], 1);
        feed.push(&[2, 1], &[comment("a"), comment("b")], 1);
        assert_eq!(ids(feed.after(r.slot, 0, 10)), None);
    }

    #[test]
    fn old_batches_go_first() {
        let (feed, _behind, r) = feed();
        let batch: Vec<NewComment> = (0..1_000).map(|_| comment("t")).collect();
        let mut next = 1;
        for _ in 0..(KEEP_ROWS / 1_000 + 5) {
            let ids: Vec<i64> = (next..next + 1_000).collect();
            feed.push(&ids, &batch, 1);
            next += 1_000;
        }
        assert!(feed.len() <= KEEP_ROWS);
        assert_eq!(ids(feed.after(r.slot, 0, 10)), None, "the first batch is gone");
        assert_eq!(ids(feed.after(r.slot, next - 11, 100)), Some((next - 10..next).collect()));
    }

    #[test]
    fn rows_are_kept_only_until_every_reader_has_read_them() {
        let feed = Arc::new(Feed::default());
        feed.push(&[1, 2], &[comment("a"), comment("b")], 1);
        assert!(feed.is_empty(), "no reader: nothing is kept");

        let (search, grouping) = (feed.reader(), feed.reader());
        feed.push(&[3, 4], &[comment("c"), comment("d")], 1);
        feed.push(&[5, 6], &[comment("e"), comment("f")], 1);
        assert_eq!(ids(feed.after(search.slot, 6, 10)), None);
        assert_eq!(feed.len(), 4, "kept for the reader that has not read yet");
        assert_eq!(ids(feed.after(grouping.slot, 4, 10)), Some(vec![5, 6]));
        assert_eq!(feed.len(), 2, "3 and 4 are read by both");
        // A reader never goes back: reading from an earlier place does not pin again.
        assert_eq!(ids(feed.after(grouping.slot, 2, 10)), None);
        drop(search);
        assert_eq!(feed.len(), 2, "the other reader has not read 5 and 6");
        assert_eq!(ids(feed.after(grouping.slot, 6, 10)), None);
        assert!(feed.is_empty(), "an idle feed holds nothing");
        drop(grouping);
        feed.push(&[7], &[comment("g")], 1);
        assert!(feed.is_empty(), "no reader left");
    }
}
