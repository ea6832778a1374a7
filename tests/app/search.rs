//! Search over comments and provisions, in the editor's page and the API.

use std::time::{Duration, Instant};

use duthao::domain::Role;
use duthao::storage::comments::{self, NewComment};
use serde_json::Value;

use crate::harness::{Seeded, TestApp, seed};

fn comment(
    s: &Seeded,
    provision: Option<i64>,
    body: &str,
    channel: &str,
    organisation: Option<i64>,
) -> NewComment {
    NewComment {
        author_name: Some("Trần Văn Bình".to_owned()),
        organisation_id: organisation,
        channel: channel.to_owned(),
        ..s.comment(provision, body)
    }
}

/// Stores the comments and waits until the server's index has them.
async fn store_and_wait(app: &TestApp, editor: &reqwest::Client, batch: &[NewComment]) -> Vec<i64> {
    let codes = comments::insert_many(&app.db, batch).await.expect("stored");
    let ids: Vec<i64> = codes.iter().map(|c| c.comment_id(&app.db.receipt_key)).collect();
    let last = *ids.iter().max().expect("ids");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = api(app, editor, "q=x").await;
        if found["indexed_through"].as_i64().unwrap_or(0) >= last {
            return ids;
        }
        assert!(Instant::now() < deadline, "the index did not reach comment {last}: {found}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn api(app: &TestApp, client: &reqwest::Client, query: &str) -> Value {
    let response = client.get(app.url(&format!("/api/v1/search?{query}"))).send().await.expect("GET search");
    assert_eq!(response.status(), 200, "search {query}");
    response.json().await.expect("JSON")
}

fn ids(found: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = found["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    ids.sort_unstable();
    ids
}

fn q(text: &str) -> String {
    format!("q={}", duthao::web::url_encode(text))
}

#[tokio::test]
async fn search_ignores_diacritics_and_case_and_marks_the_matches() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let stored = store_and_wait(
            &app,
            &editor,
            &[
                comment(&s, Some(s.provisions[1]), "Đề nghị sửa Điều 5 cho rõ thẩm quyền.", "web", None),
                comment(&s, None, "Cán bộ dám nghĩ, dám làm cần được bảo vệ.", "web", None),
                comment(&s, None, "Điều 15 nên giữ nguyên.", "api", None),
            ],
        )
        .await;
        for typed in ["dieu 5", "điều 5", "ĐIỀU 5", "Đi\u{0065}\u{0302}\u{0300}u 5"] {
            let found = api(&app, &editor, &q(typed)).await;
            assert_eq!(ids(&found), [stored[0]], "{typed}");
            assert_eq!(found["total"], 1);
        }
        let found = api(&app, &editor, &q("dieu")).await;
        assert_eq!(ids(&found), [stored[0], stored[2]]);
        let excerpt = &found["comments"][0]["excerpt"];
        let marked: Vec<&str> = excerpt
            .as_array()
            .expect("pieces")
            .iter()
            .filter(|p| p["mark"] == true)
            .map(|p| p["text"].as_str().expect("text"))
            .collect();
        assert_eq!(marked, ["Điều"], "the original word is marked, with its diacritics");

        // The editor's page shows the same, with <mark>.
        let html = app.page(&editor, &format!("/editor/search?{}", q("dieu 5"))).await;
        assert!(html.contains("<mark>Điều</mark> <mark>5</mark>"), "{html}");
        assert!(html.contains("(1 kết quả"), "{html}");
        // A page past the end of the results is the last page, with the query kept.
        let past = editor
            .get(app.url(&format!("/editor/search?{}&page=999", q("dieu 5"))))
            .send()
            .await
            .expect("GET");
        assert_eq!(past.status(), 303);
        let last = format!("/editor/search?{}&page=1", q("dieu 5"));
        assert_eq!(past.headers().get("location").and_then(|l| l.to_str().ok()), Some(last.as_str()));
        // Dates the wrong way round are said to be, not answered with no results.
        let reversed = app
            .page(&editor, &format!("/editor/search?{}&from=2026-03-10&until=2026-03-01", q("dieu 5")))
            .await;
        assert!(reversed.contains("Ngày bắt đầu (từ ngày) sau ngày kết thúc"), "{reversed}");
        let twice = app.page(&editor, &format!("/editor/search?{}&q=dieu", q("dieu 5"))).await;
        assert!(twice.contains("tham số “q” xuất hiện hơn một lần"), "{twice}");
    })
    .await;
}

#[tokio::test]
async fn phrases_filters_and_provisions() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let stored = store_and_wait(
            &app,
            &editor,
            &[
                comment(&s, Some(s.provisions[3]), "Cán bộ dám nghĩ, dám làm phải được bảo vệ.", "web", None),
                comment(
                    &s,
                    Some(s.provisions[2]),
                    "Cán bộ làm nhiều, nghĩ ít, dám chịu.",
                    "letter",
                    Some(s.org_id),
                ),
            ],
        )
        .await;
        // A phrase needs its words side by side; loose words do not.
        assert_eq!(ids(&api(&app, &editor, &q("\"dám nghĩ dám làm\"")).await), [stored[0]]);
        assert_eq!(ids(&api(&app, &editor, &q("nghĩ làm dám")).await), [stored[0], stored[1]]);
        // Filters.
        let by_provision = format!("{}&provision={}", q("cán bộ"), s.provisions[2]);
        assert_eq!(ids(&api(&app, &editor, &by_provision).await), [stored[1]]);
        let by_org = format!("{}&organisation={}", q("cán bộ"), s.org_id);
        assert_eq!(ids(&api(&app, &editor, &by_org).await), [stored[1]]);
        assert_eq!(ids(&api(&app, &editor, &format!("{}&channel=web", q("cán bộ"))).await), [stored[0]]);
        let by_draft = format!("{}&draft={}&consultation={}", q("cán bộ"), s.draft_id, s.consultation_id);
        assert_eq!(ids(&api(&app, &editor, &by_draft).await), [stored[0], stored[1]]);
        assert!(ids(&api(&app, &editor, &format!("{}&draft=999999", q("cán bộ"))).await).is_empty());
        assert!(ids(&api(&app, &editor, &format!("{}&until=2000-01-01", q("cán bộ"))).await).is_empty());
        let today = duthao::domain::vntime::iso_date(duthao::storage::now_ms());
        let on_today = format!("{}&from={today}&until={today}", q("cán bộ"));
        assert_eq!(ids(&api(&app, &editor, &on_today).await), [stored[0], stored[1]]);
        // Provisions are searched too.
        let found = api(&app, &editor, &q("pham vi dieu chinh")).await;
        assert_eq!(found["provisions"][0]["id"], s.provisions[1]);
        assert_eq!(found["provisions"][0]["label"], "Điều 1");
    })
    .await;
}

#[tokio::test]
async fn odd_queries_get_answers_not_errors() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let stored = store_and_wait(
            &app,
            &editor,
            &[comment(&s, None, "Đề nghị bỏ dấu * và NEAR trong văn bản.", "web", None)],
        )
        .await;
        // FTS syntax is plain text.
        for typed in ["\"", "NEAR(de nghi)", "-bo", "de*", "a OR b", "(", "\"de nghi"] {
            let response =
                editor.get(app.url(&format!("/api/v1/search?{}", q(typed)))).send().await.expect("GET");
            assert!(response.status() == 200 || response.status() == 422, "{typed}: {}", response.status());
        }
        assert_eq!(ids(&api(&app, &editor, &q("NEAR")).await), [stored[0]]);
        assert_eq!(ids(&api(&app, &editor, &q("tro*")).await), Vec::<i64>::new(), "`*` is not a wildcard");
        // Nothing to search for.
        let empty =
            editor.get(app.url(&format!("/api/v1/search?{}", q("\" * - \"")))).send().await.expect("GET");
        assert_eq!(empty.status(), 422);
        let body: Value = empty.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "empty_query");
        let page = app.page(&editor, &format!("/editor/search?{}", q("***"))).await;
        assert!(page.contains("Nhập ít nhất một từ cần tìm"), "{page}");
        // 10,000 characters.
        let long = "đề nghị ".repeat(1_250);
        let found = api(&app, &editor, &q(&long)).await;
        assert_eq!(found["truncated"], true);
        assert_eq!(ids(&found), [stored[0]]);
        let page = app.page(&editor, &format!("/editor/search?{}", q(&long))).await;
        assert!(page.contains("chỉ tìm theo 32 từ đầu tiên"));
        // Bad filters name the field.
        let bad = editor.get(app.url("/api/v1/search?q=a&draft=abc")).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        let body: Value = bad.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "invalid_filter");
        assert!(body["error"]["message"].as_str().expect("message").contains("draft"));
        let bad = editor.get(app.url("/api/v1/search?q=a&from=15/05/2026")).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        let body: Value = bad.json().await.expect("JSON");
        assert!(body["error"]["message"].as_str().expect("message").contains("“from”"));
        let bad = editor.get(app.url("/api/v1/search?q=a&channel=fax")).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        // Bytes that are not UTF-8 are named as such, not searched as replacement
        // characters.
        let bad = editor.get(app.url("/api/v1/search?q=%FF%FE")).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        let body: Value = bad.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "invalid_query_string");
        assert!(body["error"]["message"].as_str().expect("message").contains("“q” không phải văn bản UTF-8"));
        let page = app.page(&editor, "/editor/search?q=%FF%FE").await;
        assert!(page.contains("tham số “q” không phải văn bản UTF-8"), "{page}");
        // A word too long to be indexed is said to be left out, not dropped silently.
        let long_word = "a".repeat(41);
        let found = api(&app, &editor, &q(&format!("đề nghị {long_word}"))).await;
        assert_eq!(found["too_long_words"], 1);
        assert_eq!(ids(&found), [stored[0]]);
        let page = app.page(&editor, &format!("/editor/search?{}", q(&format!("đề nghị {long_word}")))).await;
        assert!(page.contains("Bỏ qua 1 từ dài hơn 40 ký tự"), "{page}");
        let bad =
            editor.get(app.url(&format!("/api/v1/search?{}", q(&long_word)))).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        let body: Value = bad.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "word_too_long");
        let page = app.page(&editor, &format!("/editor/search?{}", q(&long_word))).await;
        assert!(page.contains("Từ cần tìm dài hơn 40 ký tự"), "{page}");
        // The page names a wrong filter by the form's label, the API by its parameter.
        let page = app.page(&editor, &format!("/editor/search?{}&from=15/05/2026", q("dieu"))).await;
        assert!(page.contains("Bộ lọc “Từ ngày” phải là ngày"), "{page}");
        let bad = editor.get(app.url("/api/v1/search?q=a&q=b")).send().await.expect("GET");
        assert_eq!(bad.status(), 422);
        let body: Value = bad.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "invalid_query_string");
        // Only editors search.
        let anonymous = app.client().get(app.url("/api/v1/search?q=a")).send().await.expect("GET");
        assert_eq!(anonymous.status(), 401);
        let citizen = app.signed_in("congdan", &[], None).await;
        let refused = citizen.get(app.url("/api/v1/search?q=a")).send().await.expect("GET");
        assert_eq!(refused.status(), 403);
    })
    .await;
}

/// Inserts a copy of comment `from` under an explicit id with another text, the way a
/// transaction that took its id early and committed late makes a row appear below rows
/// already read.
async fn insert_with_id(app: &TestApp, from: i64, id: i64, body: &str) {
    sqlx::query(
        "INSERT INTO comment (id, consultation_id, version_id, provision_id, body, channel, moderation, created_at)
         SELECT $1, consultation_id, version_id, provision_id, $2, channel, moderation, created_at FROM comment WHERE id = $3",
    )
    .bind(id)
    .bind(body)
    .bind(from)
    .execute(&app.db.pool)
    .await
    .expect("insert with id");
}

#[tokio::test]
async fn rows_that_commit_below_the_tail_are_indexed_however_far_below() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 5).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let first =
            store_and_wait(&app, &editor, &[comment(&s, None, "Ý kiến đầu tiên.", "web", None)]).await[0];
        // A row far ahead is read first; 100,000 ids below it are still missing.
        let far = first + 100_001;
        insert_with_id(&app, first, far, "Ý kiến xa phía trước.").await;
        let deadline = Instant::now() + Duration::from_secs(20);
        while api(&app, &editor, "q=x").await["indexed_through"].as_i64().unwrap_or(0) < far {
            assert!(Instant::now() < deadline, "the far row was not read");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // Then rows of the long transaction appear, at both ends of the range and inside it.
        for (offset, word) in [(1, "khởiđầu"), (50_000, "giữachừng"), (100_000, "cuốicùng")] {
            insert_with_id(&app, first, first + offset, &format!("Ý kiến {word}.")).await;
        }
        for (offset, word) in [(1, "khoidau"), (50_000, "giuachung"), (100_000, "cuoicung")] {
            loop {
                let found = api(&app, &editor, &q(word)).await;
                if ids(&found) == [first + offset] {
                    break;
                }
                assert!(Instant::now() < deadline, "{word} not found: {found}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    })
    .await;
}

/// A round of the index tail that fails (here: the index directory vanished while the
/// writer held documents) leaves no broken writer behind: the next round opens a new
/// one and indexes the same comments, instead of queueing them to an indexing thread
/// tantivy no longer has (they were dropped, and past 10,000 the tail waited for ever).
#[tokio::test]
async fn a_failed_index_round_is_followed_by_one_that_indexes() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("search");
        let index = duthao::search::SearchIndex::open(&path).expect("index opens");
        let meta = std::fs::read(path.join("meta.json")).expect("a new index has its meta.json");
        let batch: Vec<NewComment> = (0..3)
            .map(|i| comment(&s, None, &format!("Đề nghị sửa Điều {i} cho rõ."), "web", None))
            .collect();
        comments::insert_many(&app.db, &batch).await.expect("stored");

        std::fs::remove_dir_all(&path).expect("directory removed");
        let failed = tokio::time::timeout(Duration::from_secs(60), index.catch_up(&app.db))
            .await
            .expect("the round ends");
        assert!(failed.is_err(), "nothing could be written: {failed:?}");

        std::fs::create_dir_all(&path).expect("directory back");
        std::fs::write(path.join("meta.json"), &meta).expect("meta.json back");
        let indexed = tokio::time::timeout(Duration::from_secs(60), index.catch_up(&app.db))
            .await
            .expect("the round ends")
            .expect("indexed");
        assert_eq!(indexed, 3, "the same comments, read again");
        let query = duthao::search::query::parse("dieu").expect("query");
        let found = index.search(&query, &Default::default(), 20, 0).expect("search");
        assert_eq!(found.total, 3, "they are in the index");
    })
    .await;
}
