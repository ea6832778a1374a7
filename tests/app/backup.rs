//! `duthao backup` under load and `duthao restore`: the backup is a consistent snapshot
//! holding every comment acknowledged before it began, and a backup of the settled
//! database restores to exactly the same rows, table by table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use duthao::bench::http::Connection;
use duthao::domain::ReceiptCode;
use duthao::storage::{Db, comments, dialect};
use sqlx::{AnyPool, Row};

use crate::harness::{seed, spawn_server, wait_ready};

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("duthao.db").display())
}

/// Runs `duthao backup|restore FILE` on `dir` (or `url`); returns its output, or
/// panics with its error.
async fn run(verb: &str, file: &Path, dir: &Path, url: Option<&str>) -> String {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_duthao"));
    command
        .arg(verb)
        .arg(file)
        .arg("--data-dir")
        .arg(dir)
        .env("DUTHAO_LOG", "error")
        .env_remove("DUTHAO_DATABASE_URL");
    if let Some(url) = url {
        command.args(["--database-url", url]);
    }
    let output = command.output().await.expect("duthao runs");
    assert!(output.status.success(), "duthao {verb} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every row of every table, each row as text, by table name.
async fn all_rows(pool: &AnyPool) -> BTreeMap<String, BTreeSet<String>> {
    let dialect = dialect::Dialect::of(pool);
    let mut out = BTreeMap::new();
    for (table, _) in duthao::backup::table_counts(pool, dialect).await.expect("tables") {
        let rows = rows_of(pool, &format!("SELECT * FROM \"{table}\"")).await;
        out.insert(table, rows);
    }
    out
}

/// The rows `sql` returns, each as text.
async fn rows_of(pool: &AnyPool, sql: &str) -> BTreeSet<String> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut set = BTreeSet::new();
    for row in rows {
        let mut cells = Vec::new();
        for i in 0..row.len() {
            let cell = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
                format!("{:?}", v.map(i64::from))
            } else if let Ok(v) = row.try_get::<Option<i16>, _>(i) {
                format!("{:?}", v.map(i64::from))
            } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
                format!("{v:?}")
            } else if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
                format!("{v:?}")
            } else {
                panic!("{sql}: column {i} has a type this comparison cannot read");
            };
            cells.push(cell);
        }
        assert!(set.insert(cells.join("|")), "{sql}: a duplicate row");
    }
    set
}

/// The comments as received (not `group_id`, which the grouping tail sets later).
const COMMENTS_AS_RECEIVED: &str =
    "SELECT id, consultation_id, version_id, provision_id, quote, body, author_name,
        author_email, author_user_id, organisation_id, channel, created_at FROM comment";

async fn backup_under_load_and_restore(source_url: Option<String>, restore_urls: [Option<String>; 2]) {
    let dir = tempfile::tempdir().expect("dir");
    let url = source_url.clone().unwrap_or_else(|| sqlite_url(dir.path()));
    let db = Db::open(&url).await.expect("database");
    let s = seed(&db, "public", 10).await;
    db.pool.close().await;

    let (mut server, addr) = spawn_server(dir.path(), source_url.as_deref());
    wait_ready(addr).await;
    let path = format!("/api/v1/consultations/{}/comments", s.consultation_id);
    let stop = Arc::new(AtomicBool::new(false));
    // Acknowledged so far, to wait for load on both sides of the backup however slow
    // the machine is (a fixed sleep saw 32 comments in 800 ms on a busy CI machine).
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for client in 0..16 {
        let (path, stop, provisions) = (path.clone(), Arc::clone(&stop), s.provisions.clone());
        let count = Arc::clone(&count);
        clients.push(tokio::spawn(async move {
            let mut acknowledged: Vec<(String, String, Instant)> = Vec::new();
            let mut conn = Connection::open(addr).await.expect("connect");
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let text = format!("Góp ý trong lúc sao lưu số {client}-{i}: đề nghị quy định rõ thời hạn.");
                let body =
                    serde_json::json!({ "provision_id": provisions[i % provisions.len()], "text": text });
                let (status, answer) =
                    conn.send("POST", &path, Some(body.to_string().as_bytes())).await.expect("POST");
                assert_eq!(status, 201, "{}", String::from_utf8_lossy(&answer));
                let receipt: serde_json::Value = serde_json::from_slice(&answer).expect("receipt JSON");
                acknowledged.push((
                    receipt["receipt"].as_str().expect("code").to_owned(),
                    text,
                    Instant::now(),
                ));
                count.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
            acknowledged
        }));
    }

    // The backup, taken while the comments pour in.
    let until = |n: usize| {
        let count = Arc::clone(&count);
        async move {
            let deadline = Instant::now() + Duration::from_secs(60);
            while count.load(Ordering::Relaxed) < n {
                assert!(
                    Instant::now() < deadline,
                    "only {} comments acknowledged",
                    count.load(Ordering::Relaxed)
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    };
    until(100).await;
    let backups = tempfile::tempdir().expect("dir");
    let file = backups.path().join("duthao.backup");
    let started = Instant::now();
    let report = run("backup", &file, dir.path(), source_url.as_deref()).await;
    assert!(report.contains("backup written"), "{report}");
    until(count.load(Ordering::Relaxed) + 20).await;
    stop.store(true, Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    for c in clients {
        acknowledged.extend(c.await.expect("client"));
    }
    let before: Vec<_> = acknowledged.iter().filter(|a| a.2 < started).collect();
    let after = acknowledged.len() - before.len();
    assert!(before.len() > 50 && after > 0, "load on both sides of the backup ({} / {after})", before.len());

    // Restored: every comment acknowledged before the backup began, with its exact
    // text; the snapshot is consistent (the tallies count exactly its rows) and every
    // row it holds of the append-only tables is the source's row.
    let restored_dir = tempfile::tempdir().expect("dir");
    let report = run("restore", &file, restored_dir.path(), restore_urls[0].as_deref()).await;
    assert!(report.contains("audit trail intact"), "{report}");
    let restored_url = restore_urls[0].clone().unwrap_or_else(|| sqlite_url(restored_dir.path()));
    let restored = Db::open(&restored_url).await.expect("restored database");
    for (code, text, _) in &before {
        let code = ReceiptCode::parse(code).expect("receipt code");
        let row = comments::by_receipt(&restored, &code).await.expect("q");
        assert_eq!(
            row.map(|r| r.body).as_deref(),
            Some(text.as_str()),
            "receipt {code} missing from the backup"
        );
    }
    let total = comments::count_all(&restored.pool).await.expect("count");
    assert_eq!(total, comments::count_rows(&restored.pool).await.expect("rows"), "a torn snapshot");
    assert!(total < 5 + acknowledged.len() as i64, "the backup holds comments acknowledged after it ended");
    let source = Db::open(&url).await.expect("source");
    let source_rows = all_rows(&source.pool).await;
    let restored_rows = all_rows(&restored.pool).await;
    assert_eq!(
        source_rows.keys().collect::<Vec<_>>(),
        restored_rows.keys().collect::<Vec<_>>(),
        "the same tables"
    );
    for table in ["audit_event", "draft", "draft_version", "provision", "organisation", "app_user"] {
        let extra: Vec<_> = restored_rows[table].difference(&source_rows[table]).collect();
        assert!(extra.is_empty(), "{table}: restored rows the source does not hold: {extra:?}");
    }
    let restored_comments = rows_of(&restored.pool, COMMENTS_AS_RECEIVED).await;
    let source_comments = rows_of(&source.pool, COMMENTS_AS_RECEIVED).await;
    let extra: Vec<_> = restored_comments.difference(&source_comments).collect();
    assert!(extra.is_empty(), "restored comments the source does not hold: {extra:?}");
    restored.pool.close().await;

    // Settled: stop the server, back up again, restore, and every row of every table
    // is the same.
    server.kill().expect("stop");
    server.wait().expect("reaped");
    let settled = backups.path().join("duthao-2.backup");
    run("backup", &settled, dir.path(), source_url.as_deref()).await;
    let again_dir = tempfile::tempdir().expect("dir");
    run("restore", &settled, again_dir.path(), restore_urls[1].as_deref()).await;
    let again_url = restore_urls[1].clone().unwrap_or_else(|| sqlite_url(again_dir.path()));
    let again = Db::open(&again_url).await.expect("restored again");
    let source_rows = all_rows(&source.pool).await;
    let again_rows = all_rows(&again.pool).await;
    for (table, rows) in &source_rows {
        assert_eq!(Some(rows), again_rows.get(table), "{table} differs after backup and restore");
    }
    assert_eq!(source_rows.len(), again_rows.len());
    assert!(source_rows["comment"].len() >= acknowledged.len());

    // Restore refuses a database that holds data, and says so.
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_duthao"));
    command
        .arg("restore")
        .arg(&settled)
        .arg("--data-dir")
        .arg(again_dir.path())
        .env_remove("DUTHAO_DATABASE_URL");
    if let Some(url) = &restore_urls[1] {
        command.args(["--database-url", url]);
    }
    let refused = command.output().await.expect("runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("restore into an empty"), "{refused:?}");
    source.pool.close().await;
    again.pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_load_restores_without_loss() {
    backup_under_load_and_restore(None, [None, None]).await;
    if let Ok(base) = std::env::var("DUTHAO_TEST_POSTGRES_URL") {
        let mut scratch = Vec::new();
        for _ in 0..3 {
            scratch.push(
                dialect::create_scratch_database(&base, "duthao_test").await.expect("scratch database"),
            );
        }
        backup_under_load_and_restore(
            Some(scratch[0].1.clone()),
            [Some(scratch[1].1.clone()), Some(scratch[2].1.clone())],
        )
        .await;
        for (name, _) in scratch {
            dialect::drop_scratch_database(&base, &name).await.expect("drop");
        }
    }
}

#[tokio::test]
async fn restore_names_what_is_wrong_with_a_file() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("not-a-backup.txt");
    std::fs::write(&junk, "Biên bản hội nghị").expect("write");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_duthao"))
        .arg("restore")
        .arg(&junk)
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .env_remove("DUTHAO_DATABASE_URL")
        .output()
        .await
        .expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not-a-backup.txt is not a Duthao backup"), "{stderr}");
    assert!(!dir.path().join("data").join("duthao.db").exists(), "nothing was created");
}
