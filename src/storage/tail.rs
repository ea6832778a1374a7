//! Reading a table in id order while other transactions are still inserting.
//!
//! On PostgreSQL ids are taken when a row is inserted but become visible when its
//! transaction commits, so a reader of `id > last` can see id 12 before id 11. The
//! tail remembers the ids it skipped as ranges (gaps) and looks for them again for
//! [`GAP_PATIENCE`] (a rolled-back insert leaves a gap for ever). A long import that
//! commits 100,000 rows after later rows were read is one range, not 100,000 ids, so
//! nothing it inserts is forgotten. On SQLite writers are one at a time and there are
//! no gaps but those of rollbacks.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long an id missing from the tail is looked for again: longer than any
/// transaction that inserts rows is expected to stay open.
pub const GAP_PATIENCE: Duration = Duration::from_secs(3_600);
/// Missing ranges remembered at most (beyond that the oldest are given up, loudly).
const MAX_GAPS: usize = 100_000;
/// Gap ranges looked up again per read.
pub const GAPS_PER_READ: usize = 64;

/// The shortest time between two rounds of the grouping's tail while comments keep
/// coming (the search index's is `search::PACE`). Each round is work beside intake: a
/// write transaction for the grouping (which waits for the intake writer's lock, and
/// makes it wait). A comment after a quiet spell is taken at once; during a surge none
/// waits much more than this.
pub const PACE: Duration = Duration::from_millis(500);

/// Runs a tail's rounds for as long as the process runs: `round` reads what is new
/// (at most `batch` rows) and returns how many rows it took. A full round is followed
/// at once by the next; a partial one (comments keep coming) by the next after
/// `pace`; an empty one by a wait for this process's next commit of comments
/// (`committed`) or `poll`, whichever comes first (other instances' comments are
/// seen by polling). A failed round is logged and counted as the job `job`, and
/// tried again after the same wait.
pub async fn follow<F, Fut, E>(
    mut committed: tokio::sync::watch::Receiver<u64>,
    batch: usize,
    pace: Duration,
    poll: Duration,
    job: &'static str,
    mut round: F,
) where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<usize, E>>,
    E: std::fmt::Display,
{
    loop {
        let started = tokio::time::Instant::now();
        match round().await {
            Ok(n) if n >= batch => continue,
            Ok(0) => {}
            Ok(_) => {
                tokio::time::sleep_until(started + pace).await;
                continue;
            }
            Err(e) => {
                tracing::warn!(error = %e, job, "tail round failed; retrying");
                crate::metrics::job_failed(job);
            }
        }
        let _ = tokio::time::timeout(poll, committed.changed()).await;
    }
}

/// A range of ids not seen yet, `start..=end`.
#[derive(Debug, Clone, Copy)]
struct Gap {
    end: i64,
    since: Instant,
}

#[derive(Debug, Default, Clone)]
pub struct Tail {
    /// The highest id read.
    pub last: i64,
    /// Missing ids below `last`, as ranges keyed by their first id.
    gaps: BTreeMap<i64, Gap>,
}

impl Tail {
    /// A tail saved earlier: its position and the ranges it was still missing.
    pub fn restored(last: i64, ranges: impl IntoIterator<Item = (i64, i64)>) -> Self {
        let since = Instant::now();
        let gaps = ranges
            .into_iter()
            .filter(|(start, end)| start <= end && *end <= last)
            .map(|(start, end)| (start, Gap { end, since }))
            .collect();
        Self { last, gaps }
    }

    /// Takes note of rows read in id order above `last` and of those found among the gaps.
    pub fn advance(&mut self, ids: impl Iterator<Item = i64>) {
        let now = Instant::now();
        for id in ids {
            if id > self.last {
                if id > self.last + 1 {
                    self.gaps.insert(self.last + 1, Gap { end: id - 1, since: now });
                }
                self.last = id;
            } else {
                self.found(id);
            }
        }
        self.gaps.retain(|start, gap| {
            let keep = gap.since.elapsed() < GAP_PATIENCE;
            if !keep {
                tracing::info!(
                    from = start,
                    to = gap.end,
                    "ids never committed (rolled back); no longer looked for"
                );
            }
            keep
        });
        while self.gaps.len() > MAX_GAPS {
            if let Some((start, gap)) = self.gaps.pop_first() {
                tracing::warn!(from = start, to = gap.end, "too many gaps in the tail; giving the oldest up");
            }
        }
    }

    /// Removes one id from the range holding it, splitting the range.
    fn found(&mut self, id: i64) {
        let Some((&start, &gap)) = self.gaps.range(..=id).next_back() else { return };
        if gap.end < id {
            return;
        }
        self.gaps.remove(&start);
        if start < id {
            self.gaps.insert(start, Gap { end: id - 1, since: gap.since });
        }
        if id < gap.end {
            self.gaps.insert(id + 1, gap);
        }
    }

    /// Whether some ids below `last` are still missing.
    pub fn has_gaps(&self) -> bool {
        !self.gaps.is_empty()
    }

    /// The oldest missing ranges (`start..=end`), at most `max` of them.
    pub fn gap_ranges(&self, max: usize) -> Vec<(i64, i64)> {
        self.gaps.iter().take(max).map(|(start, gap)| (*start, gap.end)).collect()
    }

    /// Every missing range, to be saved with the position.
    pub fn all_gap_ranges(&self) -> Vec<(i64, i64)> {
        self.gap_ranges(usize::MAX)
    }

    /// The id through which every row has been read: below the first gap.
    pub fn complete_through(&self) -> i64 {
        self.gaps.keys().next().map_or(self.last, |first| first - 1)
    }
}

/// `column BETWEEN $n AND $n+1 OR …` for the ranges, with placeholders numbered from
/// `first`; the ranges' bounds are to be bound in order.
pub fn ranges_condition(
    dialect: crate::storage::dialect::Dialect,
    column: &str,
    ranges: &[(i64, i64)],
    first: usize,
) -> String {
    let parts: Vec<String> = ranges
        .iter()
        .enumerate()
        .map(|(i, _)| {
            format!(
                "{column} BETWEEN {} AND {}",
                dialect.placeholder(first + 2 * i),
                dialect.placeholder(first + 2 * i + 1)
            )
        })
        .collect();
    format!("({})", parts.join(" OR "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_remembered_until_found() {
        let mut tail = Tail::default();
        tail.advance([1, 2, 5].into_iter());
        assert_eq!((tail.last, tail.complete_through()), (5, 2));
        assert_eq!(tail.all_gap_ranges(), [(3, 4)]);
        tail.advance([4].into_iter());
        assert_eq!(tail.all_gap_ranges(), [(3, 3)]);
        tail.advance([3].into_iter());
        assert_eq!((tail.has_gaps(), tail.complete_through()), (false, 5));
    }

    #[test]
    fn a_huge_jump_is_one_range_and_nothing_in_it_is_forgotten() {
        let mut tail = Tail::default();
        tail.advance([1, 1_000_000].into_iter());
        assert_eq!(tail.all_gap_ranges(), [(2, 999_999)]);
        // Rows of a long transaction arrive, out of order and in pieces.
        tail.advance([500_000, 2, 999_999].into_iter());
        assert_eq!(tail.all_gap_ranges(), [(3, 499_999), (500_001, 999_998)]);
        assert_eq!(tail.complete_through(), 2);
        tail.advance((3..=999_998).filter(|id| *id != 500_000));
        assert!(!tail.has_gaps());
        assert_eq!(tail.complete_through(), 1_000_000);
    }

    #[test]
    fn found_ids_outside_every_gap_change_nothing() {
        let mut tail = Tail::default();
        tail.advance([1, 5, 10].into_iter());
        tail.advance([1, 5, 10].into_iter());
        assert_eq!(tail.all_gap_ranges(), [(2, 4), (6, 9)]);
    }

    #[test]
    fn a_restored_tail_keeps_its_ranges() {
        let tail = Tail::restored(10, [(3, 4), (7, 7), (9, 20), (6, 5)]);
        assert_eq!(tail.all_gap_ranges(), [(3, 4), (7, 7)]);
        assert_eq!(tail.gap_ranges(1), [(3, 4)]);
    }
}
