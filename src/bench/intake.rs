//! `duthao bench intake`: durable comments per second over HTTP, against the bare
//! batch-insert ceiling of the same database.
//!
//! It starts `duthao serve --demo` as a child process on loopback with a fresh
//! database (the load generator runs in this process, on the same cores, as a real
//! test on one machine would), drives concurrent keep-alive clients posting realistic
//! Vietnamese comments to the JSON API, then stops the server, checks that every
//! acknowledged comment is stored, and times one-connection batch inserts of the same
//! rows into the same database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use serde::Serialize;

use super::http::Connection;
use crate::storage::{Db, comments, dialect};

/// What to measure.
#[derive(Debug, Clone)]
pub struct Settings {
    pub seconds: u64,
    pub clients: usize,
    /// A PostgreSQL server to measure as well (a scratch database is made on it).
    pub postgres_url: Option<String>,
}

/// The figures of one run.
#[derive(Debug, Serialize)]
pub struct Figures {
    pub database: &'static str,
    pub seconds: f64,
    pub clients: usize,
    pub accepted: u64,
    pub refused: u64,
    pub comments_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Every acknowledged comment was found in the database after the run.
    pub all_acknowledged_stored: bool,
    pub ceiling_rows: usize,
    pub ceiling_rows_per_second: f64,
    /// comments_per_second / ceiling_rows_per_second.
    pub ratio_to_ceiling: f64,
    /// Cores the server's process used while the clients posted (user and system
    /// time of all its threads over the run's wall time), where `/proc` tells.
    pub server_cpu_cores: Option<f64>,
    /// The server's processor time per accepted comment, in microseconds.
    pub server_cpu_us_per_comment: Option<f64>,
    /// Cores the load generator (this process) used meanwhile.
    pub load_generator_cpu_cores: Option<f64>,
}

pub async fn run(settings: &Settings) -> anyhow::Result<Vec<Figures>> {
    let mut figures = vec![measure("sqlite", None, settings).await.context("SQLite run")?];
    if let Some(base) = &settings.postgres_url {
        let (name, url) =
            dialect::create_scratch_database(base, "duthao_bench").await.context("scratch database")?;
        let result = measure("postgres", Some(url), settings).await;
        let dropped = dialect::drop_scratch_database(base, &name).await;
        figures.push(result.context("PostgreSQL run")?);
        dropped.context("dropping the scratch database")?;
    }
    Ok(figures)
}

/// The server under test, stopped (and its data directory removed) when dropped.
pub(super) struct Server {
    pub child: tokio::process::Child,
    pub addr: SocketAddr,
    pub dir: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh data directory for a benchmark.
pub(super) fn scratch_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("duthao-bench-{:016x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Starts `duthao serve` on `dir` (loading the demo into an empty database).
pub(super) async fn start_server(dir: PathBuf, database_url: Option<&str>) -> anyhow::Result<Server> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut command = tokio::process::Command::new(std::env::current_exe().context("locating duthao")?);
    command
        .args([
            "serve",
            "--demo",
            "--comments-per-minute",
            "0",
            "--no-challenge",
            "--listen",
            &addr.to_string(),
            "--data-dir",
        ])
        .arg(&dir)
        .env("DUTHAO_LOG", "warn")
        .env_remove("DUTHAO_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    let child = command.spawn().context("starting duthao serve")?;
    let server = Server { child, addr, dir };
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(mut conn) = Connection::open(addr).await
            && let Ok((200, _)) = conn.send("GET", "/api/v1/dossiers", None).await
        {
            return Ok(server);
        }
        if Instant::now() > deadline {
            bail!("the server did not answer on {addr} within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the server's process uses less than a tenth of a core over a second
/// (its start-up work done), at most `limit`; returns how long it waited. Where the
/// process's CPU time cannot be read (no `/proc`), it does not wait.
pub(super) async fn wait_until_idle(server: &Server, limit: Duration) -> Duration {
    let started = Instant::now();
    let pid = server.child.id();
    let Some(mut before) = pid.and_then(|pid| super::cpu_seconds(Some(pid))) else {
        return Duration::ZERO;
    };
    while started.elapsed() < limit {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let Some(now) = pid.and_then(|pid| super::cpu_seconds(Some(pid))) else { break };
        if now - before < 0.1 {
            break;
        }
        before = now;
    }
    started.elapsed()
}

/// The open consultation of the demo and the provisions one may comment on.
async fn targets(addr: SocketAddr) -> anyhow::Result<(i64, Vec<i64>)> {
    let mut conn = Connection::open(addr).await?;
    let (_, body) = conn.send("GET", "/api/v1/dossiers", None).await?;
    let dossiers: serde_json::Value = serde_json::from_slice(&body).context("dossier list")?;
    let dossier = &dossiers[0];
    let consultation = dossier["consultations"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["open"] == true))
        .and_then(|c| c["id"].as_i64())
        .context("the demo has an open consultation")?;
    let mut provisions = Vec::new();
    for draft in dossier["drafts"].as_array().context("drafts")? {
        let id = draft["id"].as_i64().context("draft id")?;
        let (_, body) = conn.send("GET", &format!("/api/v1/drafts/{id}/provisions"), None).await?;
        let tree: serde_json::Value = serde_json::from_slice(&body).context("provision tree")?;
        let mut stack: Vec<&serde_json::Value> =
            tree["provisions"].as_array().into_iter().flatten().collect();
        while let Some(p) = stack.pop() {
            provisions.extend(p["id"].as_i64());
            stack.extend(p["children"].as_array().into_iter().flatten());
        }
    }
    Ok((consultation, provisions))
}

/// Request bodies: realistic texts on random provisions, with names.
fn bodies(provisions: &[i64], count: usize) -> anyhow::Result<Vec<Vec<u8>>> {
    let texts = crate::demo::sample_comment_texts()?;
    let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Dung", "Hoàng Minh Đức"];
    (0..count)
        .map(|i| {
            let body = serde_json::json!({
                "provision_id": provisions[i % provisions.len()],
                "text": format!("{} (ý kiến số {i})", texts[(i * 7) % texts.len()]),
                "author_name": names[i % names.len()],
            });
            Ok(serde_json::to_vec(&body)?)
        })
        .collect()
}

async fn measure(
    label: &'static str,
    database_url: Option<String>,
    settings: &Settings,
) -> anyhow::Result<Figures> {
    eprintln!("[{label}] starting the server and loading the demo…");
    let server = start_server(scratch_dir()?, database_url.as_deref()).await?;
    let (consultation, provisions) = targets(server.addr).await?;
    let url = match &database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}?mode=rwc", server.dir.join("duthao.db").display()),
    };
    // The demo's own comments, counted before the run, so that the check after it
    // counts exactly the acknowledged ones.
    let before = {
        let db = Db::open(&url).await.context("opening the measured database")?;
        comments::count_all(&db.pool).await?
    };
    let path = format!("/api/v1/consultations/{consultation}/comments");
    let bodies = std::sync::Arc::new(bodies(&provisions, 8_192)?);
    // Let the server finish its start-up work (indexing the demo's comments) first,
    // so that its processor time below is the clients' alone.
    wait_until_idle(&server, Duration::from_secs(60)).await;
    eprintln!("[{label}] {} clients posting for {} s…", settings.clients, settings.seconds);

    let server_pid = server.child.id();
    let cpu_before = (server_pid.and_then(|pid| super::cpu_seconds(Some(pid))), super::cpu_seconds(None));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(settings.seconds);
    let mut tasks = Vec::new();
    for client in 0..settings.clients {
        let bodies = std::sync::Arc::clone(&bodies);
        let path = path.clone();
        let addr = server.addr;
        tasks.push(tokio::spawn(async move {
            let mut conn = Connection::open(addr).await?;
            let mut latencies: Vec<u32> = Vec::with_capacity(1 << 16);
            let (mut accepted, mut refused) = (0u64, 0u64);
            let mut i = client;
            while Instant::now() < deadline {
                let t = Instant::now();
                let (status, _) = conn.send("POST", &path, Some(&bodies[i % bodies.len()])).await?;
                latencies.push(u32::try_from(t.elapsed().as_micros()).unwrap_or(u32::MAX));
                if status == 201 {
                    accepted += 1
                } else {
                    refused += 1
                }
                i += 7919;
            }
            anyhow::Ok((latencies, accepted, refused))
        }));
    }
    let mut latencies = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for task in tasks {
        let (l, a, r) = task.await.context("client task")??;
        latencies.extend(l);
        accepted += a;
        refused += r;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = (server_pid.and_then(|pid| super::cpu_seconds(Some(pid))), super::cpu_seconds(None));
    let cores = |before: Option<f64>, after: Option<f64>| {
        before.zip(after).map(|(before, after)| (after - before) / elapsed)
    };
    let server_cores = cores(cpu_before.0, cpu_after.0);
    let generator_cores = cores(cpu_before.1, cpu_after.1);
    latencies.sort_unstable();
    let pick = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    let (p50, p99, max) = (pick(0.50), pick(0.99), latencies.last().copied().unwrap_or(0) as f64 / 1000.0);

    // Stop the server, then look at what it stored and time the ceiling.
    let dir = server.dir.clone();
    let mut server = server;
    server.child.kill().await.ok();
    let db = Db::open(&url).await.context("opening the measured database")?;
    let stored = comments::count_all(&db.pool).await? - before;
    let rows = (accepted as usize).clamp(10_000, 200_000);
    let ceiling = ceiling(&db, consultation, &provisions, rows).await?;
    drop(db);
    let _ = std::fs::remove_dir_all(dir);

    let rate = accepted as f64 / elapsed;
    Ok(Figures {
        database: label,
        seconds: elapsed,
        clients: settings.clients,
        accepted,
        refused,
        comments_per_second: rate,
        p50_ms: p50,
        p99_ms: p99,
        max_ms: max,
        all_acknowledged_stored: stored >= 0 && stored as u64 == accepted,
        ceiling_rows: rows,
        ceiling_rows_per_second: ceiling,
        ratio_to_ceiling: if ceiling > 0.0 { rate / ceiling } else { 0.0 },
        server_cpu_cores: server_cores,
        server_cpu_us_per_comment: server_cores.filter(|_| rate > 0.0).map(|c| c * 1e6 / rate),
        load_generator_cpu_cores: generator_cores,
    })
}

/// Rows per second of one connection inserting `rows` comments in transactions of
/// [`comments::MAX_BATCH`] rows, the writer's own statement, with no HTTP at all.
async fn ceiling(db: &Db, consultation: i64, provisions: &[i64], rows: usize) -> anyhow::Result<f64> {
    let texts = crate::demo::sample_comment_texts()?;
    let version_of: std::collections::HashMap<i64, i64> = {
        let mut map = std::collections::HashMap::new();
        for id in provisions {
            if let Some(p) = crate::storage::drafts::get_provision(&db.pool, *id).await? {
                map.insert(p.id, p.version_id);
            }
        }
        map
    };
    let batch: Vec<comments::NewComment> = (0..rows)
        .map(|i| {
            let provision = provisions[i % provisions.len()];
            comments::NewComment {
                consultation_id: consultation,
                version_id: version_of.get(&provision).copied().unwrap_or_default(),
                provision_id: Some(provision),
                quote: None,
                body: format!("{} (ý kiến trần số {i})", texts[(i * 7) % texts.len()]),
                author_name: Some("Nguyễn Văn An".to_owned()),
                author_email: None,
                author_user_id: None,
                organisation_id: None,
                channel: "api".to_owned(),
                created_at: None,
                name_public: false,
                flag: None,
                submission_key: None,
            }
        })
        .collect();
    let started = Instant::now();
    for chunk in batch.chunks(comments::MAX_BATCH) {
        comments::insert_batch(db, chunk).await?;
    }
    Ok(rows as f64 / started.elapsed().as_secs_f64())
}

/// The figures as a reader wants them.
pub fn report(figures: &[Figures]) -> String {
    let mut out = String::new();
    for f in figures {
        out.push_str(&format!(
            "{}: {:.0} comments/s over {:.0} s with {} clients (accepted {}, refused {}), latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms\n  \
             every acknowledged comment stored: {}\n  ceiling (batched INSERT of {} rows, no HTTP): {:.0} rows/s; ratio {:.2}\n",
            f.database,
            f.comments_per_second,
            f.seconds,
            f.clients,
            f.accepted,
            f.refused,
            f.p50_ms,
            f.p99_ms,
            f.max_ms,
            if f.all_acknowledged_stored { "yes" } else { "NO" },
            f.ceiling_rows,
            f.ceiling_rows_per_second,
            f.ratio_to_ceiling,
        ));
        if let (Some(cores), Some(us), Some(generator)) =
            (f.server_cpu_cores, f.server_cpu_us_per_comment, f.load_generator_cpu_cores)
        {
            out.push_str(&format!(
                "  server processor time: {cores:.2} cores, {us:.0} µs per comment (load generator {generator:.2} cores)\n"
            ));
        }
    }
    out
}
