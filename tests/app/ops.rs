//! Operations: liveness and readiness, Prometheus metrics, request ids, JSON logs,
//! the configuration file, and a graceful shutdown that finishes commits in flight.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use duthao::bench::http::Connection;
use duthao::storage::{Db, comments};
use serde_json::json;

use crate::harness::{TestApp, seed, spawn_server, wait_ready};

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let live = client.get(app.url("/healthz")).send().await.expect("GET");
        assert_eq!(live.status(), 200);
        let id = live.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()), "request id {id:?}");
        assert_eq!(live.text().await.expect("body"), "ok\n");
        // A request id from the proxy in front is kept.
        let echoed = client.get(app.url("/healthz")).header("x-request-id", "proxy-42").send().await.expect("GET");
        assert_eq!(echoed.headers()["x-request-id"], "proxy-42");

        let ready = client.get(app.url("/readyz")).send().await.expect("GET");
        assert_eq!(ready.status(), 200);
        let body: serde_json::Value = ready.json().await.expect("JSON");
        assert_eq!(body["database"], "ok");
        assert_eq!(body["migrations"]["current"], true);
        // A database migrated by a newer binary: this one is not ready for it.
        sqlx::query("INSERT INTO schema_migration (version, name, applied_at) VALUES (9999, 'future', 0)")
            .execute(&app.db.pool)
            .await
            .expect("insert");
        let not_ready = client.get(app.url("/readyz")).send().await.expect("GET");
        assert_eq!(not_ready.status(), 503);
        let body: serde_json::Value = not_ready.json().await.expect("JSON");
        assert_eq!(body["migrations"]["applied"], 9999);
        sqlx::query("DELETE FROM schema_migration WHERE version = 9999").execute(&app.db.pool).await.expect("delete");

        let posted = client
            .post(app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id)))
            .json(&json!({ "text": "Góp ý để đếm trong số liệu vận hành." }))
            .send()
            .await
            .expect("POST");
        assert_eq!(posted.status(), 201);
        let metrics = client.get(app.url("/metrics")).send().await.expect("GET");
        assert_eq!(metrics.status(), 200);
        assert!(metrics.headers()["content-type"].to_str().expect("type").starts_with("text/plain; version=0.0.4"));
        let text = metrics.text().await.expect("body");
        // The registry is the process's: other tests count too, so at least.
        let value = |prefix: &str| -> f64 {
            text.lines()
                .find(|l| l.starts_with(prefix))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("no line {prefix} in\n{text}"))
        };
        assert!(value("duthao_comments_received_total{channel=\"api\"}") >= 1.0);
        assert!(
            value("duthao_http_requests_total{method=\"POST\",route=\"/api/v1/consultations/{id}/comments\",status=\"201\"}")
                >= 1.0
        );
        assert!(value("duthao_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"503\"}") >= 1.0);
        assert!(value("duthao_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"}") >= 2.0);
        assert!(text.contains("# TYPE duthao_intake_queue_depth gauge\nduthao_intake_queue_depth "));
        assert!(text.contains("# TYPE duthao_job_failures_total counter"));
    })
    .await;
}

#[test]
fn logs_are_json_lines_carrying_the_request_id() {
    let dir = tempfile::tempdir().expect("dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_duthao"))
        .args(["serve", "--log-format", "json", "--listen", &format!("127.0.0.1:{port}"), "--data-dir"])
        .arg(dir.path())
        .env("DUTHAO_LOG", "info")
        .env_remove("DUTHAO_DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("server starts");
    let stderr = server.stderr.take().expect("stderr");
    let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let id = loop {
        assert!(Instant::now() < deadline, "the server did not answer");
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: nhat-ky-json-1\r\nConnection: close\r\n\r\n";
            stream.write_all(request.as_bytes()).expect("write");
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                break "nhat-ky-json-1";
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut found = None;
    while Instant::now() < deadline {
        let Ok(line) = lines_rx.recv_timeout(Duration::from_secs(5)) else { break };
        let event: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
        if event["span"]["request_id"] == id {
            found = Some(event);
            break;
        }
    }
    let _ = server.kill();
    let _ = server.wait();
    let event = found.expect("a log line of the request, with its id");
    assert_eq!(event["span"]["path"], "/healthz");
    assert!(event["level"].is_string() && event["timestamp"].is_string());
}

#[test]
fn config_show_prints_the_effective_settings_and_where_they_come_from() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("duthao.toml");
    std::fs::write(
        &file,
        "listen = \"0.0.0.0:8088\"\ncomments_per_minute = 7\ndatabase_url = \"postgres://duthao:bi-mat@db.example/duthao\"\nlog_format = \"json\"\n",
    )
    .expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_duthao"))
        .args(["config", "show", "--config"])
        .arg(&file)
        .env("DUTHAO_COMMENTS_PER_MINUTE", "9")
        .env_remove("DUTHAO_DATABASE_URL")
        .env_remove("DUTHAO_LOG_FORMAT")
        .env_remove("DUTHAO_LISTEN")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("{key} in\n{text}"))
    };
    assert!(
        line("listen").contains("\"0.0.0.0:8088\"") && line("listen").ends_with("# tệp cấu hình"),
        "{text}"
    );
    assert!(
        line("comments_per_minute").contains("= 9")
            && line("comments_per_minute").ends_with("# biến môi trường")
    );
    assert!(line("database_url").contains("postgres://duthao:***@db.example/duthao"), "{text}");
    assert!(!text.contains("bi-mat"), "the password is never printed");
    assert!(line("log_format").contains("\"json\""));
    assert!(line("secure_cookies").ends_with("# mặc định"));

    // A mistake in the file stops every command with the file, line and key named.
    std::fs::write(&file, "listen = \"0.0.0.0:8088\"\nport = 80\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_duthao"))
        .args(["migrate", "--config"])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("duthao.toml") && error.contains("port") && error.contains("line 2"), "{error}");
}

/// SIGTERM in the middle of a burst: every request in flight is answered, every
/// acknowledged comment is stored, and the process exits cleanly.
async fn shut_down_gracefully(database_url: Option<String>) {
    let dir = tempfile::tempdir().expect("dir");
    let url = database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("duthao.db").display()));
    let db = Db::open(&url).await.expect("database");
    let s = seed(&db, "public", 10).await;
    db.pool.close().await;

    let (mut server, addr) = spawn_server(dir.path(), database_url.as_deref());
    wait_ready(addr).await;
    let path = format!("/api/v1/consultations/{}/comments", s.consultation_id);
    let mut clients = Vec::new();
    for client in 0..16 {
        let path = path.clone();
        clients.push(tokio::spawn(async move {
            let mut acknowledged: Vec<(String, String)> = Vec::new();
            let mut refused = Vec::new();
            let Ok(mut conn) = Connection::open(addr).await else { return (acknowledged, refused) };
            for i in 0.. {
                let text = format!("Góp ý khi dừng máy chủ số {client}-{i}: đề nghị giữ nguyên khoản 1.");
                let body = json!({ "text": text });
                match conn.send("POST", &path, Some(body.to_string().as_bytes())).await {
                    Ok((201, answer)) => {
                        let receipt: serde_json::Value =
                            serde_json::from_slice(&answer).expect("receipt JSON");
                        acknowledged.push((receipt["receipt"].as_str().expect("code").to_owned(), text));
                    }
                    Ok((status, _)) => refused.push(status),
                    Err(_) => break, // the server closed the connection
                }
            }
            (acknowledged, refused)
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let status = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    let exit = loop {
        if let Some(exit) = server.try_wait().expect("wait") {
            break exit;
        }
        assert!(Instant::now() < deadline, "the server did not stop within 60 s of SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(exit.success(), "a clean exit after SIGTERM: {exit}");
    let mut acknowledged = Vec::new();
    for c in clients {
        let (a, refused) = c.await.expect("client");
        assert!(refused.is_empty(), "no request in flight is refused: {refused:?}");
        acknowledged.extend(a);
    }
    assert!(acknowledged.len() > 10, "the burst was under way: {}", acknowledged.len());

    let db = Db::open(&url).await.expect("database");
    let mut stored = HashMap::new();
    for (code, _) in &acknowledged {
        let parsed = duthao::domain::ReceiptCode::parse(code).expect("code");
        let row = comments::by_receipt(&db, &parsed).await.expect("query");
        stored.insert(code.clone(), row.map(|r| r.body));
    }
    for (code, text) in &acknowledged {
        assert_eq!(stored[code].as_deref(), Some(text.as_str()), "receipt {code} is stored with its text");
    }
    db.pool.close().await;
}

#[tokio::test]
async fn sigterm_finishes_the_requests_in_flight_and_exits_cleanly() {
    shut_down_gracefully(None).await;
    if let Ok(url) = std::env::var("DUTHAO_TEST_POSTGRES_URL") {
        let (name, fresh) = duthao::storage::dialect::create_scratch_database(&url, "duthao_term")
            .await
            .expect("scratch database");
        shut_down_gracefully(Some(fresh)).await;
        duthao::storage::dialect::drop_scratch_database(&url, &name).await.expect("dropped");
    }
}
