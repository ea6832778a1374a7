//! The comment rate limit: per consultation, per account for signed-in commenters and
//! per client address for anonymous ones.
//!
//! A generic cell rate algorithm (GCRA): `n` comments per minute, all `n` usable at
//! once, one more every `60 / n` seconds after that. Each consultation sets its own `n`
//! (`consultation.comments_per_minute`), so the limit is applied by intake once it
//! knows the consultation, not by a layer in front of every route. Buckets live in the
//! instance's memory: behind a load balancer each instance limits on its own (a
//! client spread over `k` instances gets at most `k` times the rate).
//!
//! Signed-in commenters count against their account only: the civil servants of one
//! office often share one public address, and they are accountable by name.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Whose bucket a comment counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LimitKey {
    Account(i64),
    Address(IpAddr),
}

/// How many buckets are kept before stale ones are first swept.
const SWEEP_AT: usize = 100_000;

#[derive(Debug, Default)]
pub struct Limiter {
    buckets: Mutex<Buckets>,
}

#[derive(Debug, Default)]
struct Buckets {
    /// (consultation, key) → the theoretical arrival time of the next comment, ms.
    next: HashMap<(i64, LimitKey), i64>,
    /// The size at which stale buckets are swept next: twice what a sweep left (at
    /// least [`SWEEP_AT`]), so that a surge of live buckets costs one sweep per
    /// doubling, not one per comment.
    sweep_at: usize,
}

impl Limiter {
    /// Takes one comment from the bucket at `now` (epoch ms), or says how many whole
    /// seconds to wait. `per_minute` 0 means no limit.
    pub fn check(&self, consultation_id: i64, key: LimitKey, per_minute: i64, now: i64) -> Result<(), u64> {
        if per_minute <= 0 {
            return Ok(());
        }
        let interval = (60_000 / per_minute).max(1);
        let tolerance = interval * (per_minute - 1);
        let mut guard = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let buckets = &mut *guard;
        if buckets.next.len() >= buckets.sweep_at.max(SWEEP_AT) {
            // A bucket whose time has passed is full again: forgetting it changes nothing.
            buckets.next.retain(|_, tat| *tat > now);
            buckets.sweep_at = buckets.next.len() * 2;
        }
        let tat = buckets.next.get(&(consultation_id, key.clone())).copied().unwrap_or(now).max(now);
        if tat - now > tolerance {
            let wait_ms = tat - tolerance - now;
            return Err(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1));
        }
        buckets.next.insert((consultation_id, key), tat + interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_n_passes_then_one_per_interval() {
        let limiter = Limiter::default();
        let key = || LimitKey::Address(IpAddr::from([203, 0, 113, 7]));
        for _ in 0..3 {
            assert_eq!(limiter.check(1, key(), 3, 0), Ok(()));
        }
        // The fourth waits for the first refill: 20 s at 3 a minute.
        assert_eq!(limiter.check(1, key(), 3, 0), Err(20));
        assert_eq!(limiter.check(1, key(), 3, 19_000), Err(1));
        assert_eq!(limiter.check(1, key(), 3, 20_000), Ok(()));
        assert!(limiter.check(1, key(), 3, 20_001).is_err());
        // Another consultation, another account, no limit: separate or no buckets.
        assert_eq!(limiter.check(2, key(), 3, 0), Ok(()));
        assert_eq!(limiter.check(1, LimitKey::Account(9), 3, 0), Ok(()));
        for _ in 0..100 {
            assert_eq!(limiter.check(1, key(), 0, 0), Ok(()));
        }
    }

    #[test]
    fn stale_buckets_are_swept_but_not_on_every_comment() {
        let limiter = Limiter::default();
        for i in 0..(SWEEP_AT as u32) {
            assert_eq!(limiter.check(1, LimitKey::Address(IpAddr::from(i.to_be_bytes())), 1, 0), Ok(()));
        }
        let len = || limiter.buckets.lock().map(|b| (b.next.len(), b.sweep_at)).unwrap_or_default();
        assert_eq!(len().0, SWEEP_AT);
        // All live: the sweep keeps them and waits for twice as many.
        assert_eq!(limiter.check(1, LimitKey::Account(1), 1, 0), Ok(()));
        assert_eq!(len(), (SWEEP_AT + 1, SWEEP_AT * 2));
        // A minute later they are all stale; the next sweep (at twice the size) clears
        // them, and those keys are welcome again.
        for i in 0..(SWEEP_AT as u32) {
            let key = LimitKey::Address(IpAddr::from((i + 1_000_000).to_be_bytes()));
            assert_eq!(limiter.check(1, key, 1, 120_000), Ok(()));
        }
        assert!(len().0 <= SWEEP_AT + 1, "{:?}", len());
        assert_eq!(limiter.check(1, LimitKey::Address(IpAddr::from(0u32.to_be_bytes())), 1, 120_000), Ok(()));
    }

    #[test]
    fn an_idle_bucket_fills_again() {
        let limiter = Limiter::default();
        for _ in 0..2 {
            assert_eq!(limiter.check(1, LimitKey::Account(1), 2, 0), Ok(()));
        }
        assert!(limiter.check(1, LimitKey::Account(1), 2, 1_000).is_err());
        for _ in 0..2 {
            assert_eq!(limiter.check(1, LimitKey::Account(1), 2, 120_000), Ok(()));
        }
    }
}
