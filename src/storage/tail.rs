//! Reading a table in id order while other transactions are still inserting.
//!
//! On PostgreSQL ids are taken when a row is inserted but become visible when its
//! transaction commits, so a reader of `id > last` can see id 12 before id 11. The
//! tail remembers the ids it skipped (gaps) and looks for them again for
//! [`GAP_PATIENCE`] (a rolled-back insert leaves a gap for ever). On SQLite writers
//! are one at a time and there are no gaps but those of rollbacks.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long an id missing from the tail is looked for again.
pub const GAP_PATIENCE: Duration = Duration::from_secs(600);
/// Missing ids remembered at most (beyond that the oldest are given up).
const MAX_GAPS: usize = 10_000;

#[derive(Debug, Default, Clone)]
pub struct Tail {
    /// The highest id read.
    pub last: i64,
    /// Missing ids below `last` and when they were first missed.
    pub gaps: BTreeMap<i64, Instant>,
}

impl Tail {
    /// Takes note of rows read in id order above `last` and of those found among the gaps.
    pub fn advance(&mut self, ids: impl Iterator<Item = i64>) {
        let now = Instant::now();
        for id in ids {
            self.gaps.remove(&id);
            if id > self.last {
                let missing_from = (self.last + 1).max(id - MAX_GAPS as i64);
                for gap in missing_from..id {
                    self.gaps.insert(gap, now);
                }
                self.last = id;
            }
        }
        self.gaps.retain(|_, at| at.elapsed() < GAP_PATIENCE);
        while self.gaps.len() > MAX_GAPS {
            self.gaps.pop_first();
        }
    }

    /// The id through which every row has been read: below the first gap.
    pub fn complete_through(&self) -> i64 {
        self.gaps.keys().next().map_or(self.last, |first| first - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_remembered_until_found() {
        let mut tail = Tail::default();
        tail.advance([1, 2, 5].into_iter());
        assert_eq!((tail.last, tail.complete_through()), (5, 2));
        tail.advance([3, 4].into_iter());
        assert_eq!((tail.gaps.len(), tail.complete_through()), (0, 5));
    }

    #[test]
    fn a_huge_jump_remembers_a_bounded_number_of_gaps() {
        let mut tail = Tail::default();
        tail.advance([1, 1_000_000].into_iter());
        assert_eq!(tail.gaps.len(), MAX_GAPS);
        assert_eq!(tail.last, 1_000_000);
    }
}
