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

/// Processor time a process has used so far (user and system, all its threads), in
/// seconds, from `/proc/<pid>/stat` (`None`: this process); `None` where there is no
/// such file.
pub(crate) fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_owned(),
    };
    let stat = std::fs::read_to_string(path).ok()?;
    // utime and stime are fields 14 and 15, counted after the command name, which is
    // in brackets and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel reports in USER_HZ, 100 on every Linux architecture Duthao runs on.
    Some(ticks / 100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn this_process_has_used_processor_time() {
        let Some(before) = super::cpu_seconds(None) else { return };
        let mut x = 0u64;
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(300) {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        std::hint::black_box(x);
        let after = super::cpu_seconds(None).expect("readable twice");
        assert!(after - before >= 0.1, "{before} → {after} s after 300 ms of spinning");
        assert!(super::cpu_seconds(Some(std::process::id())).is_some());
    }
}
