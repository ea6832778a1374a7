//! Progress of long commands: a bar redrawn in place on a terminal, plain lines
//! otherwise (a log file, CI, a pipe), never both.
//!
//! On a terminal: `Lập chỉ mục [██████░░░░░░] 52% 52.000/100.000 · 12.300/s · còn 4 s`,
//! at most ten redraws a second. Elsewhere: one line when the work starts, one every
//! five seconds, and one at the end, so that a log shows the work moving without
//! filling up.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::domain::vntime::thousands;

const WIDTH: usize = 24;
const REDRAW: Duration = Duration::from_millis(100);
const LINE_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct Progress {
    label: String,
    total: Option<u64>,
    done: u64,
    started: Instant,
    last: Instant,
    terminal: bool,
    finished: bool,
}

impl Progress {
    /// Starts reporting `label`, out of `total` units if known.
    pub fn new(label: impl Into<String>, total: Option<u64>) -> Self {
        Self::with_terminal(label, total, std::io::stderr().is_terminal())
    }

    fn with_terminal(label: impl Into<String>, total: Option<u64>, terminal: bool) -> Self {
        let now = Instant::now();
        let progress =
            Self { label: label.into(), total, done: 0, started: now, last: now, terminal, finished: false };
        if !terminal {
            eprintln!("{}", progress.line());
        }
        progress
    }

    /// Adds `n` units done.
    pub fn inc(&mut self, n: u64) {
        self.set(self.done.saturating_add(n));
    }

    /// Sets the units done.
    pub fn set(&mut self, done: u64) {
        self.done = done;
        let since = self.last.elapsed();
        if self.terminal && since >= REDRAW {
            self.last = Instant::now();
            eprint!("\r{}\x1b[K", self.line());
            let _ = std::io::stderr().flush();
        } else if !self.terminal && since >= LINE_EVERY {
            self.last = Instant::now();
            eprintln!("{}", self.line());
        }
    }

    /// Ends the report with its final line and `outcome`.
    pub fn finish(mut self, outcome: &str) {
        self.finished = true;
        let line = format!("{} — {outcome} ({:.1} s)", self.line(), self.started.elapsed().as_secs_f64());
        if self.terminal {
            eprintln!("\r{line}\x1b[K");
        } else {
            eprintln!("{line}");
        }
    }

    /// The current state as one line.
    pub fn line(&self) -> String {
        let elapsed = self.started.elapsed().as_secs_f64();
        let rate = if elapsed > 0.0 { self.done as f64 / elapsed } else { 0.0 };
        let rate = if rate >= 1.0 { format!(" · {}/s", thousands(rate as i64)) } else { String::new() };
        match self.total {
            Some(total) if total > 0 => {
                let fraction = (self.done as f64 / total as f64).clamp(0.0, 1.0);
                let filled = (fraction * WIDTH as f64).round() as usize;
                let bar = if self.terminal {
                    format!(" [{}{}]", "█".repeat(filled), "░".repeat(WIDTH - filled))
                } else {
                    String::new()
                };
                let left = if self.done > 0 && self.done < total && elapsed > 1.0 {
                    let seconds = elapsed * (total - self.done) as f64 / self.done as f64;
                    format!(" · còn {:.0} s", seconds.ceil())
                } else {
                    String::new()
                };
                format!(
                    "{}{bar} {:.0}% {}/{}{rate}{left}",
                    self.label,
                    fraction * 100.0,
                    thousands(self.done as i64),
                    thousands(total as i64)
                )
            }
            _ => format!("{}: {}{rate}", self.label, thousands(self.done as i64)),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // An error left the bar half-drawn: end its line so the error starts clean.
        if self.terminal && !self.finished {
            eprintln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_line_counts_and_a_bar_fills() {
        let mut plain = Progress::with_terminal("Lập chỉ mục", Some(200_000), false);
        plain.set(50_000);
        let line = plain.line();
        assert!(line.starts_with("Lập chỉ mục 25% 50.000/200.000"), "{line}");
        assert!(!line.contains('█'));
        plain.finish("xong");

        let mut bar = Progress::with_terminal("Sao lưu", Some(10), true);
        bar.finished = true;
        bar.done = 5;
        let line = bar.line();
        assert!(line.contains(&format!("[{}{}]", "█".repeat(12), "░".repeat(12))), "{line}");

        let unknown = Progress::with_terminal("Đọc", None, false);
        assert_eq!(unknown.line(), "Đọc: 0");
    }
}
