//! Process metrics in the Prometheus text format (`GET /metrics`).
//!
//! One registry per process, written from the request middleware, intake and the
//! background jobs, read by the scrape. No exporter crate: the format is a few lines
//! of text, and these are the only metrics we keep.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use crate::domain::Channel;

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Debug, Default)]
struct Histogram {
    /// Cumulative counts per bucket of [`BUCKETS`], then +Inf.
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
}

/// The requests of one method on one route.
#[derive(Debug, Default)]
struct Series {
    /// Status → requests; few per route, so a vector.
    statuses: Vec<(u16, u64)>,
    durations: Histogram,
}

#[derive(Debug, Default)]
pub struct Metrics {
    /// Route → method → series. Looked up by borrowed strings under one lock, so that
    /// a request allocates nothing once its route has been seen.
    requests: Mutex<HashMap<String, Vec<(String, Series)>>>,
    /// Comments committed, per channel (in [`Channel::ALL`] order).
    comments: [AtomicU64; Channel::ALL.len()],
    /// Comments handed to intake and not yet answered.
    intake_in_flight: AtomicI64,
    /// Background job → failures.
    job_failures: Mutex<BTreeMap<&'static str, u64>>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::default);

/// The process's registry.
pub fn global() -> &'static Metrics {
    &METRICS
}

/// Counts a failure of a background job (`search_tail`, `grouping_tail`…).
pub fn job_failed(job: &'static str) {
    *global().job_failures.lock().unwrap_or_else(PoisonError::into_inner).entry(job).or_default() += 1;
}

impl Metrics {
    /// Records one answered request. `route` is the matched route pattern
    /// (`/drafts/{id}`), never the raw path, so that the series stay few.
    pub fn request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let first = BUCKETS.iter().position(|b| seconds <= *b).unwrap_or(BUCKETS.len());
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        let methods = match requests.get_mut(route) {
            Some(methods) => methods,
            None => requests.entry(route.to_owned()).or_default(),
        };
        let series = match methods.iter().position(|(m, _)| m == method) {
            Some(i) => &mut methods[i].1,
            None => {
                methods.push((method.to_owned(), Series::default()));
                &mut methods.last_mut().expect("just pushed").1
            }
        };
        match series.statuses.iter_mut().find(|(s, _)| *s == status) {
            Some((_, n)) => *n += 1,
            None => series.statuses.push((status, 1)),
        }
        for bucket in &mut series.durations.buckets[first..] {
            *bucket += 1;
        }
        series.durations.sum += seconds;
    }

    /// Counts comments committed through `channel`.
    pub fn comments_received(&self, channel: Channel, n: u64) {
        if let Some(i) = Channel::ALL.iter().position(|c| *c == channel) {
            self.comments[i].fetch_add(n, Ordering::Relaxed);
        }
    }

    /// A comment entered (+1) or left (-1) intake.
    pub fn intake_in_flight(&self, delta: i64) {
        self.intake_in_flight.fetch_add(delta, Ordering::Relaxed);
    }

    /// The registry in the Prometheus text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        // A copy in a stable order, so that the lock is not held while writing.
        let mut requests: BTreeMap<(String, String, u16), u64> = BTreeMap::new();
        let mut durations: BTreeMap<(String, String), Histogram> = BTreeMap::new();
        for (route, methods) in self.requests.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            for (method, series) in methods {
                for (status, n) in &series.statuses {
                    requests.insert((method.clone(), route.clone(), *status), *n);
                }
                let h = &series.durations;
                durations
                    .insert((method.clone(), route.clone()), Histogram { buckets: h.buckets, sum: h.sum });
            }
        }
        out.push_str("# HELP duthao_http_requests_total HTTP requests answered, by route and status.\n");
        out.push_str("# TYPE duthao_http_requests_total counter\n");
        for ((method, route, status), n) in &requests {
            let _ = writeln!(
                out,
                "duthao_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                label(method),
                label(route)
            );
        }
        out.push_str("# HELP duthao_http_request_duration_seconds Time to answer HTTP requests, by route.\n");
        out.push_str("# TYPE duthao_http_request_duration_seconds histogram\n");
        for ((method, route), h) in &durations {
            let (method, route) = (label(method), label(route));
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "duthao_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"{bound}\"}} {}",
                    h.buckets[i]
                );
            }
            let count = h.buckets[BUCKETS.len()];
            let _ = writeln!(
                out,
                "duthao_http_request_duration_seconds_bucket{{method=\"{method}\",route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "duthao_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "duthao_http_request_duration_seconds_count{{method=\"{method}\",route=\"{route}\"}} {count}"
            );
        }
        out.push_str(
            "# HELP duthao_comments_received_total Comments committed by this process, by channel.\n",
        );
        out.push_str("# TYPE duthao_comments_received_total counter\n");
        for (i, channel) in Channel::ALL.iter().enumerate() {
            let _ = writeln!(
                out,
                "duthao_comments_received_total{{channel=\"{}\"}} {}",
                channel.code(),
                self.comments[i].load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP duthao_intake_queue_depth Comments waiting for their batch to commit.\n");
        out.push_str("# TYPE duthao_intake_queue_depth gauge\n");
        let _ = writeln!(
            out,
            "duthao_intake_queue_depth {}",
            self.intake_in_flight.load(Ordering::Relaxed).max(0)
        );
        out.push_str("# HELP duthao_job_failures_total Failures of background jobs (each retries).\n");
        out.push_str("# TYPE duthao_job_failures_total counter\n");
        for (job, n) in self.job_failures.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            let _ = writeln!(out, "duthao_job_failures_total{{job=\"{job}\"}} {n}");
        }
        out
    }
}

/// A label value escaped as the text format wants: backslash, quote and newline.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_land_in_cumulative_buckets_and_render() {
        let m = Metrics::default();
        m.request("GET", "/drafts/{id}", 200, Duration::from_millis(3));
        m.request("GET", "/drafts/{id}", 200, Duration::from_millis(30));
        m.request("POST", "/drafts/{id}/comments", 303, Duration::from_secs(20));
        m.request("GET", "/drafts/{id}", 404, Duration::from_millis(1));
        m.comments_received(Channel::Web, 2);
        m.intake_in_flight(1);
        let text = m.render();
        assert!(
            text.contains(
                "duthao_http_requests_total{method=\"GET\",route=\"/drafts/{id}\",status=\"200\"} 2"
            )
        );
        assert!(
            text.contains(
                "duthao_http_requests_total{method=\"GET\",route=\"/drafts/{id}\",status=\"404\"} 1"
            )
        );
        assert!(text.contains("duthao_http_request_duration_seconds_bucket{method=\"GET\",route=\"/drafts/{id}\",le=\"0.001\"} 1"));
        assert!(text.contains("duthao_http_request_duration_seconds_bucket{method=\"GET\",route=\"/drafts/{id}\",le=\"0.005\"} 2"));
        assert!(text.contains(
            "duthao_http_request_duration_seconds_bucket{method=\"GET\",route=\"/drafts/{id}\",le=\"0.05\"} 3"
        ));
        assert!(text.contains("duthao_http_request_duration_seconds_bucket{method=\"POST\",route=\"/drafts/{id}/comments\",le=\"10\"} 0"));
        assert!(text.contains("duthao_http_request_duration_seconds_bucket{method=\"POST\",route=\"/drafts/{id}/comments\",le=\"+Inf\"} 1"));
        assert!(
            text.contains(
                "duthao_http_request_duration_seconds_count{method=\"GET\",route=\"/drafts/{id}\"} 3"
            )
        );
        assert!(text.contains("duthao_comments_received_total{channel=\"web\"} 2"));
        assert!(text.contains("duthao_intake_queue_depth 1"));
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
