//! The `duthao` command line, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use duthao::config::Config;
use duthao::storage::{dossiers, drafts, organisations, users};

fn duthao(args: &[&str], data_dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_duthao"))
        .args(args)
        .env("DUTHAO_DATA_DIR", data_dir)
        .env_remove("DUTHAO_DATABASE_URL")
        .env("DUTHAO_PASSWORD", "chia-khoa-cua-nguoi-dieu-hanh")
        .output()
        .expect("the duthao binary runs")
}

fn corpus(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus").join(name);
    assert!(
        path.exists(),
        "test input {} is missing: the shared corpus must sit beside the repository",
        path.display()
    );
    path
}

#[test]
fn parse_prints_the_decree_tree_as_json() {
    let dir = tempfile::tempdir().expect("dir");
    let file = corpus("nd-232-2026-excerpt.md");
    let out = duthao(&["parse", file.to_str().expect("utf-8 path"), "--format", "json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let chapters = doc["provisions"].as_array().expect("provisions");
    assert_eq!(chapters.len(), 2);
    assert_eq!(chapters[0]["kind"], "chapter");
    assert_eq!(chapters[0]["heading"], "NHỮNG QUY ĐỊNH CHUNG");
    let article1 = &chapters[0]["children"][0];
    for key in ["kind", "label", "number", "heading", "text", "children"] {
        assert!(article1.get(key).is_some(), "provision has {key}");
    }
    assert_eq!(article1["label"], "Điều 1");
    assert_eq!(article1["heading"], "Phạm vi điều chỉnh");
    let labels: Vec<&str> = chapters[1]["children"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["label"].as_str())
        .collect();
    assert_eq!(labels, ["Điều 5", "Điều 6", "Điều 7", "Điều 10", "Điều 11"]);
}

#[test]
fn parse_names_the_file_it_cannot_read() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = dir.path().join("hong.docx");
    std::fs::write(&bad, b"not a zip").expect("write");
    let out = duthao(&["parse", bad.to_str().expect("utf-8 path")], dir.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hong.docx") && stderr.contains("không phải tệp zip"), "{stderr}");
}

#[tokio::test]
async fn import_draft_stores_a_published_version_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let db = duthao::app::open_database(&Config::local(dir.path().to_path_buf())).await.expect("db");
    let org = organisations::insert(&db.pool, None, "central", "BTCTW", "Ban Tổ chức Trung ương")
        .await
        .expect("org");
    let dossier = dossiers::insert(
        &db.pool,
        &dossiers::NewDossier {
            title: "Hồ sơ thử",
            summary: "",
            drafting_org_id: org,
            approving_body: "Bộ Chính trị",
            keywords: &[],
        },
    )
    .await
    .expect("dossier");
    let dossier_arg = dossier.to_string();
    let bad = dir.path().join("trong.txt");
    std::fs::write(&bad, "Không có điều khoản nào.").expect("write");
    let out = duthao(
        &["import", "draft", bad.to_str().expect("path"), "--dossier", &dossier_arg, "--title", "X"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Không nhận ra cấu trúc"));
    assert!(drafts::drafts_of(&db.pool, dossier).await.expect("q").is_empty(), "nothing stored");

    let file = corpus("nd-232-2026-excerpt.md");
    let out = duthao(
        &[
            "import",
            "draft",
            file.to_str().expect("path"),
            "--dossier",
            &dossier_arg,
            "--kind",
            "nghi_dinh",
            "--publish",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stored = drafts::drafts_of(&db.pool, dossier).await.expect("q");
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].title, "NGHỊ ĐỊNH Quy định về vị trí việc làm viên chức",
        "title taken from the document"
    );
    let version = drafts::latest_published(&db.pool, stored[0].id).await.expect("q").expect("published");
    let provisions = drafts::provisions(&db.pool, version.id).await.expect("q");
    assert_eq!(provisions.iter().filter(|p| p.kind == "article").count(), 9);
}

#[tokio::test]
async fn admin_user_add_and_grant() {
    let dir = tempfile::tempdir().expect("dir");
    let out = duthao(
        &["admin", "user", "add", "--login", "quantri", "--name", "Quản trị", "--role", "admin"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = duthao(&["admin", "user", "grant", "quantri", "lead_editor"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = duthao(&["admin", "user", "grant", "quantri", "sieu_nhan"], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("vai trò không hợp lệ"));

    let db = duthao::app::open_database(&Config::local(dir.path().to_path_buf())).await.expect("db");
    let user = users::by_login(&db.pool, "quantri").await.expect("q").expect("created");
    assert!(duthao::web::auth::verify_password("chia-khoa-cua-nguoi-dieu-hanh", &user.password_hash));
    let roles = users::roles(&db.pool, user.id).await.expect("q");
    assert_eq!(roles, vec![duthao::domain::Role::LeadEditor, duthao::domain::Role::Admin]);
    // The password rules hold on the command line too; nothing is created.
    let weak = Command::new(env!("CARGO_BIN_EXE_duthao"))
        .args(["admin", "user", "add", "--login", "canbo", "--name", "Cán bộ"])
        .env("DUTHAO_DATA_DIR", dir.path())
        .env_remove("DUTHAO_DATABASE_URL")
        .env("DUTHAO_PASSWORD", "matkhau123")
        .output()
        .expect("runs");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("quá phổ biến"));
    assert!(users::by_login(&db.pool, "canbo").await.expect("q").is_none());
}

#[tokio::test]
async fn reindex_builds_the_search_index_from_the_database_and_refuses_a_running_one() {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::local(dir.path().to_path_buf());
    let db = duthao::app::open_database(&config).await.expect("database");
    let s = crate::harness::seed(&db, "public", 10).await;
    let batch: Vec<duthao::storage::comments::NewComment> = (0..3)
        .map(|i| duthao::storage::comments::NewComment {
            consultation_id: s.consultation_id,
            version_id: s.version_id,
            provision_id: None,
            quote: None,
            body: format!("Đề nghị sửa Điều {i}"),
            author_name: None,
            author_email: None,
            author_user_id: None,
            organisation_id: None,
            channel: "web".into(),
            created_at: None,
            name_public: false,
            flag: None,
            submission_key: None,
        })
        .collect();
    duthao::storage::comments::insert_many(&db, &batch).await.expect("stored");
    db.pool.close().await;

    let out = duthao(&["reindex"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("3 comments indexed"), "{said}");

    let index = duthao::search::SearchIndex::open(&dir.path().join("search")).expect("index opens");
    let query = duthao::search::query::parse("ĐIỀU 1").expect("query");
    let found = index.search(&query, &Default::default(), 20, 0).expect("search");
    assert_eq!(found.total, 1);
    // While an instance holds the index, reindex refuses and says why.
    let out = duthao(&["reindex"], dir.path());
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("in use by a running server"), "{said}");
    drop(index);
}

#[test]
fn group_writes_one_group_per_near_duplicate_set_and_names_a_bad_line() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let letter = "Tôi là Nguyễn Văn An, giáo viên, hiện sinh sống tại Nghệ An. Tôi đề nghị giữ nguyên \
                  chức danh trưởng thôn vì đây là lực lượng gần dân nhất, nắm chắc tình hình cơ sở \
                  và có vai trò quan trọng trong vận động nhân dân thực hiện chính sách, pháp luật.";
    let nfd: String = unicode_normalization_nfd(letter);
    let rows = [
        serde_json::json!({ "id": "a", "text": letter }),
        serde_json::json!({ "id": 7, "text": "Thống nhất với dự thảo." }),
        serde_json::json!({ "id": "c", "text": letter.replace("Nguyễn Văn An", "Trần Thị Bình").replace("Nghệ An", "Hà Tĩnh") }),
        serde_json::json!({ "id": "d", "text": nfd }),
        serde_json::json!({ "id": "e", "text": "!!!" }),
    ];
    let input = dir.path().join("y-kien.jsonl");
    let lines: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
    std::fs::write(&input, lines.join("\n") + "\n").expect("write input");
    let out = duthao(&["group", input.to_str().expect("utf-8 path")], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let groups: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let expected = [("a", "a"), ("7", "7"), ("c", "a"), ("d", "a"), ("e", "e")];
    assert_eq!(groups.len(), expected.len());
    for (row, (id, group)) in groups.iter().zip(expected) {
        let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        assert_eq!((text(&row["id"]), text(&row["group"])), (id.to_owned(), group.to_owned()), "{row}");
    }

    std::fs::write(&input, format!("{}\n{{\"id\": 3}}\n", lines[0])).expect("write input");
    let out = duthao(&["group", input.to_str().expect("utf-8 path")], dir.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("y-kien.jsonl:2") && err.contains("`text`"), "{err}");
}

/// The text in Unicode decomposed form (NFD), as some systems send it.
fn unicode_normalization_nfd(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd().collect()
}

#[tokio::test]
async fn audit_verify_passes_an_intact_trail_and_names_the_first_altered_event() {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::local(dir.path().to_path_buf());
    let db = duthao::app::open_database(&config).await.expect("database");
    let s = crate::harness::seed(&db, "public", 10).await;
    // Three audited changes: milestones added.
    let editor = duthao::web::auth::create_user(
        &db.pool,
        "bt",
        "Biên tập",
        "mat-khau-dai-du",
        None,
        &[duthao::domain::Role::Editor],
    )
    .await
    .expect("user");
    for (i, title) in ["Hội nghị", "Tổng hợp", "Trình"].iter().enumerate() {
        duthao::storage::schedule::add(
            &db,
            editor,
            &duthao::storage::schedule::NewMilestone {
                dossier_id: s.dossier_id,
                kind: "other",
                title,
                due_at: 1_800_000_000_000 + i as i64,
                all_day: true,
            },
        )
        .await
        .expect("milestone");
    }
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_event ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .expect("events");
    assert!(ids.len() >= 3);
    let out = duthao(&["audit", "verify"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("audit trail intact: {} events", ids.len()))
    );

    // Someone edits the second event's detail in the database.
    let tampered = ids[ids.len() - 2];
    sqlx::query("UPDATE audit_event SET detail = $1 WHERE id = $2")
        .bind("{\"title\":\"Hội nghị đã hoãn\"}")
        .bind(tampered)
        .execute(&db.pool)
        .await
        .expect("tamper");
    let out = duthao(&["audit", "verify"], dir.path());
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains(&format!("BROKEN at event {tampered}")) && said.contains("was changed"), "{said}");

    // Or deletes the last event but one: the chain breaks at the event after the gap.
    sqlx::query("DELETE FROM audit_event WHERE id = $1")
        .bind(tampered)
        .execute(&db.pool)
        .await
        .expect("delete");
    let out = duthao(&["audit", "verify"], dir.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("BROKEN at event {}", ids[ids.len() - 1])) && said.contains("removed"),
        "{said}"
    );
    db.pool.close().await;
}

/// Long commands report progress as plain lines when not on a terminal; regrouping
/// and the report run from the command line; completions come from the binary.
#[tokio::test]
async fn regroup_and_report_run_from_the_command_line_with_progress_lines() {
    let dir = tempfile::tempdir().expect("dir");
    let config = Config::local(dir.path().to_path_buf());
    let db = duthao::app::open_database(&config).await.expect("database");
    let s = crate::harness::seed(&db, "public", 10).await;
    let campaign =
        "Đề nghị giữ nguyên quy định về thời hạn giải quyết hồ sơ tại khoản 2 Điều 5 vì phù hợp thực tế.";
    let batch: Vec<duthao::storage::comments::NewComment> =
        (0..4).map(|_| s.comment(Some(s.provisions[1]), campaign)).collect();
    duthao::storage::comments::insert_many(&db, &batch).await.expect("stored");
    db.pool.close().await;

    let consultation = s.consultation_id.to_string();
    let out = duthao(&["regroup", "--consultation", &consultation], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 nhóm"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let progress = String::from_utf8_lossy(&out.stderr);
    assert!(progress.contains("Nhóm lại góp ý") && progress.contains("— 1 nhóm"), "{progress}");
    assert!(!progress.contains('\r') && !progress.contains('█'), "no bar off a terminal: {progress}");

    let file = dir.path().join("bao-cao.xlsx");
    let file_arg = file.to_str().expect("utf-8");
    let draft = s.draft_id.to_string();
    let args =
        ["report", "--consultation", &consultation, "--draft", &draft, "--format", "xlsx", "--out", file_arg];
    let out = duthao(&args, dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&file).expect("written");
    assert!(bytes.starts_with(b"PK"), "an XLSX (ZIP) file");
    // It never overwrites, and a wrong format or draft is named.
    let out = duthao(&args, dir.path());
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("đã có"));
    let other = dir.path().join("bao-cao.odt");
    let wrong = ["report", "--consultation", &consultation, "--draft", &draft, "--format", "odt", "--out"];
    let out = duthao(&[&wrong[..], &[other.to_str().expect("utf-8")]].concat(), dir.path());
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("odt"));
    let out =
        duthao(&["report", "--consultation", &consultation, "--draft", "999", "--out", "x.docx"], dir.path());
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("999"));

    let out = duthao(&["completions", "bash"], dir.path());
    assert!(out.status.success());
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("_duthao") && script.contains("regroup") && script.contains("--consultation"));
}
