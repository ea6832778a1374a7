//! Crash safety: kill the server with SIGKILL in the middle of a burst of comments,
//! restart it on the same data, and check that every receipt a client received is
//! there with its exact text, and that nothing unacknowledged is stored half-way.

use std::collections::HashMap;
use std::time::Duration;

use duthao::bench::http::Connection;
use duthao::storage::{Db, comments, dialect};

use crate::harness::{seed, spawn_server, wait_ready};

async fn crash_and_recover(database_url: Option<String>) {
    let dir = tempfile::tempdir().expect("dir");
    let url = database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("duthao.db").display()));
    let db = Db::open(&url).await.expect("database");
    let s = seed(&db, "public", 10).await;
    let before = comments::count_all(&db.pool).await.expect("count");
    db.pool.close().await;

    let (mut server, addr) = spawn_server(dir.path(), database_url.as_deref());
    wait_ready(addr).await;
    let path = format!("/api/v1/consultations/{}/comments", s.consultation_id);
    let mut clients = Vec::new();
    for client in 0..32 {
        let path = path.clone();
        let provisions = s.provisions.clone();
        clients.push(tokio::spawn(async move {
            let mut acknowledged: Vec<(String, String)> = Vec::new();
            let mut sent: Vec<String> = Vec::new();
            let Ok(mut conn) = Connection::open(addr).await else { return (acknowledged, sent) };
            for i in 0.. {
                let text = format!(
                    "Góp ý kiểm thử sập máy số {client}-{i}: đề nghị làm rõ trách nhiệm của người đứng đầu."
                );
                let body =
                    serde_json::json!({ "provision_id": provisions[i % provisions.len()], "text": text });
                sent.push(text.clone());
                match conn.send("POST", &path, Some(body.to_string().as_bytes())).await {
                    Ok((201, answer)) => {
                        let receipt: serde_json::Value =
                            serde_json::from_slice(&answer).expect("receipt JSON");
                        acknowledged.push((receipt["receipt"].as_str().expect("code").to_owned(), text));
                    }
                    Ok((status, _)) => panic!("unexpected status {status} before the crash"),
                    Err(_) => break, // the server is gone
                }
            }
            (acknowledged, sent)
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().expect("SIGKILL");
    server.wait().expect("reaped");
    let mut acknowledged = Vec::new();
    let mut sent = Vec::new();
    for c in clients {
        let (a, s) = c.await.expect("client");
        acknowledged.extend(a);
        sent.extend(s);
    }
    assert!(
        acknowledged.len() > 100,
        "the burst was under way when the server died ({} receipts)",
        acknowledged.len()
    );

    // Restart on the same data: every receipt is there, with its exact text.
    let (mut server, addr) = spawn_server(dir.path(), database_url.as_deref());
    wait_ready(addr).await;
    let mut conn = Connection::open(addr).await.expect("connect");
    for (receipt, text) in &acknowledged {
        let (status, body) =
            conn.send("GET", &format!("/api/v1/comments/{receipt}"), None).await.expect("lookup");
        assert_eq!(status, 200, "receipt {receipt} lost");
        let stored: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(stored["text"].as_str(), Some(text.as_str()), "receipt {receipt} changed");
    }
    server.kill().expect("stop");
    server.wait().expect("reaped");

    // Nothing half-stored: every row is one of the texts sent, whole, stored once.
    let db = Db::open(&url).await.expect("database");
    let (rows, total) =
        comments::list(&db, &comments::CommentFilter::default(), 1_000_000, 0).await.expect("all comments");
    assert!(total.exact && total.n >= before + acknowledged.len() as i64);
    // The tallies were written in the same transactions as the rows they count.
    assert_eq!(total.n, comments::count_rows(&db.pool).await.expect("count rows"), "tallies drifted");
    let sent: std::collections::HashSet<&str> = sent.iter().map(String::as_str).collect();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in rows.iter().filter(|r| r.body.starts_with("Góp ý kiểm thử sập máy")) {
        assert!(sent.contains(row.body.as_str()), "a stored comment matches no text sent: {}", row.body);
        *seen.entry(row.body.as_str()).or_default() += 1;
    }
    assert!(seen.values().all(|&n| n == 1), "a comment was stored twice");
    db.pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_comments_survive_sigkill() {
    crash_and_recover(None).await;
    if let Ok(base) = std::env::var("DUTHAO_TEST_POSTGRES_URL") {
        let (name, url) =
            dialect::create_scratch_database(&base, "duthao_test").await.expect("scratch database");
        crash_and_recover(Some(url)).await;
        dialect::drop_scratch_database(&base, &name).await.expect("drop");
    }
}
