//! `duthao bench live`: delivery latency of the conference feed.
//!
//! It starts `duthao serve --demo` (the demo conference has 35 connection points) on
//! loopback with a fresh database, opens the conference, connects the subscribers
//! (server-sent events, each on its own connection, read by this process on the same
//! cores), and then, round after round, records one opinion at every point at once.
//! Each opinion carries a marker; the latency of a delivery is the time from sending
//! the request that records the opinion to the moment a subscriber has read the
//! event. With a PostgreSQL URL it runs a second time on two server processes sharing
//! the database: the opinions are recorded on the first, and half of the subscribers
//! follow the second, so their events cross instances through LISTEN/NOTIFY.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::http::Connection;
use super::intake::{scratch_dir, start_server};
use crate::storage::dialect;

/// What to measure.
#[derive(Debug, Clone)]
pub struct Settings {
    pub subscribers: usize,
    pub rounds: usize,
    /// A PostgreSQL server to measure two instances on (a scratch database is made).
    pub postgres_url: Option<String>,
}

/// The figures of one run.
#[derive(Debug, Serialize)]
pub struct Figures {
    pub database: &'static str,
    pub instances: usize,
    pub points: usize,
    pub subscribers: usize,
    pub rounds: usize,
    pub opinions: usize,
    /// Deliveries expected (opinions × subscribers) and made.
    pub deliveries_expected: u64,
    pub deliveries: u64,
    /// From the moment the opinion was stored (the time the server records with it,
    /// taken in the transaction, in whole milliseconds) to each subscriber's read.
    pub from_record_p50_ms: f64,
    pub from_record_p99_ms: f64,
    pub from_record_max_ms: f64,
    pub remote_from_record_p99_ms: Option<f64>,
    /// From sending the request that records the opinion to each subscriber's read.
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// The same, for the subscribers of the instance that did not record (two
    /// instances only): what crossed LISTEN/NOTIFY.
    pub remote_p50_ms: Option<f64>,
    pub remote_p99_ms: Option<f64>,
    /// A whole round, from its first request to the last subscriber's read: the
    /// median round and the slowest.
    pub round_p50_ms: f64,
    pub round_max_ms: f64,
    /// Round trip of the requests that record the opinions.
    pub record_p50_ms: f64,
    pub record_p99_ms: f64,
    /// Subscribers whose stream ended before the run did.
    pub dropped: u64,
    /// Reads a subscriber needed per round of opinions (one per opinion if nothing
    /// were coalesced).
    pub reads_per_subscriber_round: f64,
}

pub async fn run(settings: &Settings) -> anyhow::Result<Vec<Figures>> {
    let mut figures = vec![measure("sqlite", None, 1, settings).await.context("SQLite run")?];
    if let Some(base) = &settings.postgres_url {
        let (name, url) =
            dialect::create_scratch_database(base, "duthao_bench").await.context("scratch database")?;
        let result = measure("postgres", Some(url), 2, settings).await;
        let dropped = dialect::drop_scratch_database(base, &name).await;
        figures.push(result.context("PostgreSQL run")?);
        dropped.context("dropping the scratch database")?;
    }
    Ok(figures)
}

/// Signs in with a demo account; returns the Cookie header value.
async fn sign_in(addr: SocketAddr, login: &str) -> anyhow::Result<String> {
    let mut conn = Connection::open(addr).await?;
    let body = format!("login={login}&password={}&next=%2F", crate::demo::DEMO_PASSWORD);
    let answer = conn
        .request("POST", "/login", Some(("application/x-www-form-urlencoded", body.as_bytes())), None)
        .await?;
    if answer.status != 303 || answer.set_cookies.is_empty() {
        bail!("signing in as {login} failed with HTTP {}", answer.status);
    }
    Ok(answer.set_cookies.join("; "))
}

/// A marker in an opinion's text: round and point.
fn marker(round: usize, point: usize) -> String {
    format!("BR{round}P{point}Q")
}

/// Finds the markers in `bytes`: (round, point) pairs.
fn markers(bytes: &[u8]) -> Vec<(usize, usize)> {
    let number = |from: usize, end: u8| -> Option<(usize, usize)> {
        let mut j = from;
        let mut n = 0usize;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            n = n * 10 + usize::from(bytes[j] - b'0');
            j += 1;
        }
        (j > from && j < bytes.len() && bytes[j] == end).then_some((n, j + 1))
    };
    memchr::memmem::find_iter(bytes, b"BR")
        .filter_map(|at| {
            let (round, next) = number(at + 2, b'P')?;
            let (point, _) = number(next, b'Q')?;
            Some((round, point))
        })
        .collect()
}

/// Opens one subscriber's feed; returns once the server has subscribed it.
async fn subscribe(addr: SocketAddr, path: &str, cookie: &str) -> anyhow::Result<TcpStream> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.set_nodelay(true)?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    // The subscription exists once the headers have come.
    let mut head = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            bail!("the feed closed before its headers");
        }
        head.push(byte[0]);
    }
    if !head.starts_with(b"HTTP/1.1 200") {
        bail!("the feed answered {}", String::from_utf8_lossy(&head[..head.len().min(40)]));
    }
    Ok(stream)
}

/// Reads a feed until `stop`, noting when each marker arrived; also says whether the
/// server ended the stream first.
async fn read_feed(
    mut stream: TcpStream,
    seen: Arc<AtomicU64>,
    stop: Arc<tokio::sync::Notify>,
    reads: Arc<AtomicU64>,
    expected: usize,
) -> (Vec<((usize, usize), Instant)>, bool) {
    // Sized up front: a thousand readers growing their lists in the same round would
    // copy megabytes on the cores the server is measured on.
    let mut arrivals = Vec::with_capacity(expected);
    // A marker cut by a read is completed by the next: keep the last bytes in front.
    const TAIL: usize = 24;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut kept = 0;
    loop {
        let read = tokio::select! {
            read = stream.read(&mut buffer[kept..]) => read,
            () = stop.notified() => return (arrivals, false),
        };
        let n = match read {
            Ok(0) | Err(_) => return (arrivals, true),
            Ok(n) => n,
        };
        let now = Instant::now();
        reads.fetch_add(1, Ordering::Relaxed);
        let filled = kept + n;
        let found = markers(&buffer[..filled]);
        if !found.is_empty() {
            seen.fetch_add(found.len() as u64, Ordering::AcqRel);
            arrivals.extend(found.into_iter().map(|m| (m, now)));
        }
        // Keep what follows the last complete marker, at most TAIL bytes.
        let start = filled.saturating_sub(TAIL);
        let after_marker =
            buffer[start..filled].iter().rposition(|b| *b == b'Q').map_or(start, |q| start + q + 1);
        buffer.copy_within(after_marker..filled, 0);
        kept = filled - after_marker;
    }
}

/// When each bench opinion was stored, by its marker: epoch milliseconds.
async fn stored_at(
    database_url: &Option<String>,
    dir: &std::path::Path,
) -> anyhow::Result<HashMap<(usize, usize), i64>> {
    let url = match database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}?mode=rwc", dir.join("duthao.db").display()),
    };
    let db = crate::storage::Db::open(&url).await.context("opening the measured database")?;
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.body, o.recorded_at FROM conference_opinion o JOIN comment c ON c.id = o.comment_id",
    )
    .fetch_all(&db.pool)
    .await?;
    db.pool.close().await;
    Ok(rows.into_iter().filter_map(|(body, at)| markers(body.as_bytes()).first().map(|m| (*m, at))).collect())
}

async fn measure(
    label: &'static str,
    database_url: Option<String>,
    instances: usize,
    settings: &Settings,
) -> anyhow::Result<Figures> {
    eprintln!("[{label}] starting {instances} server(s) and loading the demo…");
    // Instants of this process against the wall clock the server stamps records with.
    let clock = (
        Instant::now(),
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs_f64()
            * 1000.0,
    );
    let first = start_server(scratch_dir()?, database_url.as_deref()).await?;
    let mut servers = vec![first];
    for _ in 1..instances {
        servers.push(start_server(scratch_dir()?, database_url.as_deref()).await?);
    }
    let recorder_addr = servers[0].addr;
    let chair = sign_in(recorder_addr, "bientap").await?;
    let watchers: Vec<Arc<String>> = {
        let mut out = Vec::new();
        for server in &servers {
            out.push(Arc::new(sign_in(server.addr, "hanoi").await?));
        }
        out
    };

    // The demo conference: its points, its first draft, and open it.
    let mut conn = Connection::open(recorder_addr).await?;
    let page = conn.request("GET", "/conferences/1/chair", None, Some(&chair)).await?;
    if page.status != 200 {
        bail!("the demo conference's console answered HTTP {}", page.status);
    }
    let html = String::from_utf8_lossy(&page.body).into_owned();
    let points: Vec<i64> = html
        .split("data-point-row=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect();
    if points.is_empty() {
        bail!("the demo conference has no connection points");
    }
    let (_, body) = conn.send("GET", "/api/v1/dossiers", None).await?;
    let dossiers: serde_json::Value = serde_json::from_slice(&body).context("dossier list")?;
    let draft = dossiers[0]["drafts"][0]["id"].as_i64().context("a demo draft")?;
    let opened = conn
        .request(
            "POST",
            "/conferences/1/state",
            Some(("application/x-www-form-urlencoded", b"action=open")),
            Some(&chair),
        )
        .await?;
    if opened.status != 303 {
        bail!("opening the demo conference answered HTTP {}", opened.status);
    }

    eprintln!("[{label}] connecting {} subscribers…", settings.subscribers);
    let seen = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(tokio::sync::Notify::new());
    let reads = Arc::new(AtomicU64::new(0));
    let mut readers = Vec::new();
    let mut remote = Vec::new();
    for i in 0..settings.subscribers {
        let instance = i % servers.len();
        let stream = subscribe(servers[instance].addr, "/conferences/1/events", &watchers[instance])
            .await
            .with_context(|| format!("subscriber {i}"))?;
        remote.push(instance != 0);
        readers.push(tokio::spawn(read_feed(
            stream,
            Arc::clone(&seen),
            Arc::clone(&stop),
            Arc::clone(&reads),
            settings.rounds * points.len(),
        )));
    }

    eprintln!(
        "[{label}] {} rounds of one opinion at each of {} points at once…",
        settings.rounds,
        points.len()
    );
    let texts = crate::demo::sample_comment_texts()?;
    let mut recorders = Vec::new();
    for _ in &points {
        recorders.push(Connection::open(recorder_addr).await?);
    }
    let chair = Arc::new(chair);
    let mut sent: HashMap<(usize, usize), Instant> = HashMap::new();
    let mut record_times: Vec<u32> = Vec::new();
    // Per round: from its first request to the last subscriber's read (±1 ms).
    let mut round_times: Vec<u32> = Vec::new();
    for round in 0..settings.rounds {
        let expected = (round as u64 + 1) * points.len() as u64 * settings.subscribers as u64;
        let mut tasks = Vec::new();
        for (index, (point, mut conn)) in points.iter().copied().zip(recorders.drain(..)).enumerate() {
            let chair = Arc::clone(&chair);
            let text = format!(
                "{} (ý kiến đo thử {})",
                texts[(round * 31 + index * 7) % texts.len()],
                marker(round, index)
            );
            let form = serde_urlencoded::to_string([
                ("speaker", format!("Đại biểu điểm cầu số {index}")),
                ("target", format!("d:{draft}")),
                ("text", text),
            ])?;
            tasks.push(tokio::spawn(async move {
                let started = Instant::now();
                let answer = conn
                    .request(
                        "POST",
                        &format!("/conferences/1/points/{point}/opinions"),
                        Some(("application/x-www-form-urlencoded", form.as_bytes())),
                        Some(&chair),
                    )
                    .await;
                (index, started, started.elapsed(), answer.map(|a| a.status), conn)
            }));
        }
        for task in tasks {
            let (index, started, took, status, conn) = task.await.context("recording task")?;
            match status {
                Ok(303) => {}
                Ok(status) => bail!("recording an opinion answered HTTP {status}"),
                Err(e) => bail!("recording an opinion failed: {e}"),
            }
            sent.insert((round, index), started);
            record_times.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
            recorders.push(conn);
        }
        // Wait until every subscriber has read the round, then pause a little.
        let deadline = Instant::now() + Duration::from_secs(60);
        while seen.load(Ordering::Acquire) < expected && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        if let Some(first) = sent.iter().filter(|((r, _), _)| *r == round).map(|(_, t)| *t).min() {
            round_times.push(u32::try_from(first.elapsed().as_micros()).unwrap_or(u32::MAX));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.notify_waiters();
    let reads_per_round =
        reads.load(Ordering::Relaxed) as f64 / (settings.rounds * settings.subscribers) as f64;
    // When each opinion was put on record: the time the server stored with it.
    let stored = stored_at(&database_url, &servers[0].dir).await?;
    let mut local_latencies: Vec<u32> = Vec::new();
    let mut remote_latencies: Vec<u32> = Vec::new();
    let mut from_record: Vec<u32> = Vec::new();
    let mut remote_from_record: Vec<u32> = Vec::new();
    let mut dropped = 0;
    let mut deliveries = 0u64;
    let since_epoch_ms = |at: Instant| -> f64 {
        let (base_instant, base_ms) = clock;
        base_ms + at.saturating_duration_since(base_instant).as_secs_f64() * 1000.0
    };
    for (reader, is_remote) in readers.into_iter().zip(remote) {
        let (arrivals, ended) = reader.await.context("subscriber task")?;
        dropped += u64::from(ended);
        for (key, at) in arrivals {
            if let Some(start) = sent.get(&key) {
                deliveries += 1;
                let micros =
                    u32::try_from(at.saturating_duration_since(*start).as_micros()).unwrap_or(u32::MAX);
                if is_remote { remote_latencies.push(micros) } else { local_latencies.push(micros) }
            }
            if let Some(recorded) = stored.get(&key) {
                let micros = ((since_epoch_ms(at) - *recorded as f64) * 1000.0).max(0.0) as u32;
                if is_remote { remote_from_record.push(micros) } else { from_record.push(micros) }
            }
        }
    }
    drop(servers);
    let mut all_from_record: Vec<u32> = from_record.iter().chain(&remote_from_record).copied().collect();
    all_from_record.sort_unstable();
    remote_from_record.sort_unstable();
    let mut all: Vec<u32> = local_latencies.iter().chain(&remote_latencies).copied().collect();
    all.sort_unstable();
    remote_latencies.sort_unstable();
    record_times.sort_unstable();
    round_times.sort_unstable();
    let opinions = settings.rounds * points.len();
    Ok(Figures {
        database: label,
        instances,
        points: points.len(),
        subscribers: settings.subscribers,
        rounds: settings.rounds,
        opinions,
        deliveries_expected: opinions as u64 * settings.subscribers as u64,
        deliveries,
        from_record_p50_ms: super::quantile_ms(&all_from_record, 0.50),
        from_record_p99_ms: super::quantile_ms(&all_from_record, 0.99),
        from_record_max_ms: all_from_record.last().map_or(0.0, |m| f64::from(*m) / 1000.0),
        remote_from_record_p99_ms: (!remote_from_record.is_empty())
            .then(|| super::quantile_ms(&remote_from_record, 0.99)),
        p50_ms: super::quantile_ms(&all, 0.50),
        p99_ms: super::quantile_ms(&all, 0.99),
        max_ms: all.last().map_or(0.0, |m| f64::from(*m) / 1000.0),
        remote_p50_ms: (!remote_latencies.is_empty()).then(|| super::quantile_ms(&remote_latencies, 0.50)),
        remote_p99_ms: (!remote_latencies.is_empty()).then(|| super::quantile_ms(&remote_latencies, 0.99)),
        round_p50_ms: super::quantile_ms(&round_times, 0.50),
        round_max_ms: round_times.last().map_or(0.0, |m| f64::from(*m) / 1000.0),
        record_p50_ms: super::quantile_ms(&record_times, 0.50),
        record_p99_ms: super::quantile_ms(&record_times, 0.99),
        dropped,
        reads_per_subscriber_round: reads_per_round,
    })
}

/// The figures as a reader wants them.
pub fn report(figures: &[Figures]) -> String {
    let mut out = String::new();
    for f in figures {
        out.push_str(&format!(
            "live feed, {} ({} instance{}): {} points, {} subscribers, {} rounds = {} opinions\n",
            f.database,
            f.instances,
            if f.instances == 1 { "" } else { "s" },
            f.points,
            f.subscribers,
            f.rounds,
            f.opinions
        ));
        out.push_str(&format!(
            "  delivered {} of {} (subscribers dropped: {}); {:.1} reads per subscriber per round\n",
            f.deliveries, f.deliveries_expected, f.dropped, f.reads_per_subscriber_round
        ));
        out.push_str(&format!(
            "  opinion stored → every subscriber: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n",
            f.from_record_p50_ms, f.from_record_p99_ms, f.from_record_max_ms
        ));
        if let Some(p99) = f.remote_from_record_p99_ms {
            out.push_str(&format!("    subscribers of the other instance: p99 {p99:.1} ms\n"));
        }
        out.push_str(&format!(
            "  request sent → every subscriber: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n",
            f.p50_ms, f.p99_ms, f.max_ms
        ));
        if let (Some(p50), Some(p99)) = (f.remote_p50_ms, f.remote_p99_ms) {
            out.push_str(&format!(
                "    subscribers of the other instance: p50 {p50:.1} ms, p99 {p99:.1} ms\n"
            ));
        }
        out.push_str(&format!(
            "  recording request round trip: p50 {:.1} ms, p99 {:.1} ms\n",
            f.record_p50_ms, f.record_p99_ms
        ));
        out.push_str(&format!(
            "  a whole round (first request sent → last subscriber's read): median {:.1} ms, slowest {:.1} ms\n",
            f.round_p50_ms, f.round_max_ms
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_a_stream() {
        let text = format!("data: {{\"body\":\"ý kiến {} và {}\"}}\n\n", marker(3, 12), marker(10, 0));
        assert_eq!(markers(text.as_bytes()), vec![(3, 12), (10, 0)]);
        assert_eq!(markers(b"BRP1Q BR2P Q BR"), Vec::<(usize, usize)>::new());
    }
}
