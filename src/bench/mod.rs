//! Benchmarks shipped with the binary (`duthao bench …`). They measure and report;
//! they are not tests and assert nothing about speed.

pub mod grouping;
pub mod http;
pub mod intake;
pub mod live;
pub mod pages;
pub mod report;
pub mod review;
pub mod search;

/// The `q` quantile (0–1) of sorted durations in microseconds, in milliseconds.
pub(crate) fn quantile_ms<T: Copy + Into<u64>>(sorted: &[T], q: f64) -> f64 {
    let at = ((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1));
    sorted.get(at).map_or(0, |t| (*t).into()) as f64 / 1000.0
}
