//! The JSON API under `/api/v1`: what a client program relies on (shapes, status codes,
//! stable error codes) and that the OpenAPI document tells the truth about it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::harness::{Seeded, TestApp, seed};

async fn stored_comments(app: &TestApp) -> i64 {
    duthao::storage::comments::count_all(&app.db.pool).await.expect("count comments")
}

/// Sends `body` as JSON to the comment endpoint of a consultation.
async fn post_comment(
    app: &TestApp,
    client: &reqwest::Client,
    consultation_id: i64,
    body: &Value,
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/v1/consultations/{consultation_id}/comments")))
        .json(body)
        .send()
        .await
        .expect("POST comment")
}

async fn json_of(response: reqwest::Response) -> Value {
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(content_type.starts_with("application/json"), "content-type {content_type}");
    response.json().await.expect("JSON body")
}

/// Asserts an API error: its status, its stable code, and a message for the reader.
async fn assert_error(response: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(response.status().as_u16(), status, "status for {code}");
    let body = json_of(response).await;
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().expect("message is a string");
    assert!(!message.is_empty() && !message.is_ascii(), "a Vietnamese message: {message}");
    body
}

fn is_vietnam_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() >= 25
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && s.ends_with("+07:00")
        && b[..4].iter().all(u8::is_ascii_digit)
}

fn is_receipt_code(s: &str) -> bool {
    s.len() == 12
        && s.starts_with("DT-")
        && &s[7..8] == "-"
        && duthao::domain::ReceiptCode::parse(s).is_some()
}

#[tokio::test]
async fn dossiers_are_listed_with_their_drafts_and_consultations() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let response = client.get(app.url("/api/v1/dossiers")).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK, "{}", app.backend);
        let list = json_of(response).await;
        let list = list.as_array().expect("an array");
        assert_eq!(list.len(), 1);
        let dossier = &list[0];
        assert_eq!(dossier["id"], s.dossier_id);
        assert_eq!(dossier["title"], "Hồ sơ dự thảo Quy định khuyến khích cán bộ đổi mới");
        assert_eq!(dossier["summary"], "Lấy ý kiến về dự thảo Quy định.");
        assert_eq!(dossier["drafting_org"], "Ban Tổ chức Trung ương");
        assert_eq!(dossier["approving_body"], "Bộ Chính trị");
        assert_eq!(dossier["keywords"], json!(["cán bộ", "đổi mới"]));
        assert_eq!(
            dossier["drafts"],
            json!([{ "id": s.draft_id, "kind": "quy_dinh", "title": "Dự thảo Quy định khuyến khích cán bộ", "views": 0 }])
        );
        let rounds = dossier["consultations"].as_array().expect("consultations");
        assert_eq!(rounds.len(), 1);
        let round = &rounds[0];
        assert_eq!(round["id"], s.consultation_id);
        assert_eq!(round["title"], "Đợt 1");
        assert_eq!(round["audience"], "public");
        assert_eq!(round["open"], true);
        for field in ["opens_at", "closes_at"] {
            let at = round[field].as_str().expect("a timestamp");
            assert!(is_vietnam_rfc3339(at), "{field} = {at}");
        }

        // One dossier by id is the same object.
        let one = client.get(app.url(&format!("/api/v1/dossiers/{}", s.dossier_id))).send().await.expect("GET");
        assert_eq!(one.status(), StatusCode::OK);
        assert_eq!(&json_of(one).await, dossier);

        // A closed round says so.
        let closed = seed(&app.db, "invited", -1).await;
        let one = client.get(app.url(&format!("/api/v1/dossiers/{}", closed.dossier_id))).send().await.expect("GET");
        let one = json_of(one).await;
        assert_eq!(one["consultations"][0]["open"], false);
        assert_eq!(one["consultations"][0]["audience"], "invited");

        for missing in ["/api/v1/dossiers/999999", "/api/v1/dossiers/abc", "/api/v1/dossiers/-1"] {
            let response = client.get(app.url(missing)).send().await.expect("GET");
            assert_error(response, 404, "not_found").await;
        }
    })
    .await;
}

/// The seeded tree as (label, children) pairs, with comment counts.
fn tree_shape(provisions: &Value) -> Value {
    Value::Array(
        provisions
            .as_array()
            .expect("provisions array")
            .iter()
            .map(|p| json!([p["label"], p["comment_count"], tree_shape(&p["children"])]))
            .collect(),
    )
}

#[tokio::test]
async fn provisions_come_as_a_tree_whose_comment_counts_follow_new_comments() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let url = app.url(&format!("/api/v1/drafts/{}/provisions", s.draft_id));
        let tree = json_of(client.get(&url).send().await.expect("GET")).await;
        assert_eq!(tree["draft_id"], s.draft_id);
        assert_eq!(tree["version_id"], s.version_id);
        assert_eq!(tree["version_number"], 1);
        assert_eq!(
            tree_shape(&tree["provisions"]),
            json!([[
                "Chương I",
                0,
                [["Điều 1", 0, [["Khoản 1", 0, []], ["Khoản 2", 0, []]]], ["Điều 2", 0, []]]
            ]])
        );
        let chapter = &tree["provisions"][0];
        assert_eq!(chapter["id"], s.provisions[0]);
        assert_eq!(chapter["kind"], "chapter");
        assert_eq!(chapter["number"], "I");
        assert_eq!(chapter["heading"], "NHỮNG QUY ĐỊNH CHUNG");
        let clause = &chapter["children"][0]["children"][1];
        assert_eq!(clause["id"], s.provisions[3]);
        assert_eq!(clause["heading"], Value::Null);
        assert_eq!(clause["text"], "Cán bộ dám nghĩ, dám làm.");

        let posted = post_comment(
            &app,
            &client,
            s.consultation_id,
            &json!({ "provision_id": s.provisions[3], "text": "Đề nghị làm rõ thế nào là dám làm." }),
        )
        .await;
        assert_eq!(posted.status(), StatusCode::CREATED);
        let whole =
            post_comment(&app, &client, s.consultation_id, &json!({ "text": "Thống nhất với dự thảo." }))
                .await;
        assert_eq!(whole.status(), StatusCode::CREATED);

        let tree = json_of(client.get(&url).send().await.expect("GET")).await;
        assert_eq!(
            tree_shape(&tree["provisions"]),
            json!([[
                "Chương I",
                0,
                [["Điều 1", 0, [["Khoản 1", 0, []], ["Khoản 2", 1, []]]], ["Điều 2", 0, []]]
            ]])
        );

        // A draft with no published version has no provisions to show.
        let unpublished =
            duthao::storage::drafts::insert_draft(&app.db.pool, s.dossier_id, "to_trinh", "Tờ trình", &[])
                .await
                .expect("draft");
        for missing in [
            format!("/api/v1/drafts/{unpublished}/provisions"),
            "/api/v1/drafts/999999/provisions".to_owned(),
        ] {
            let response = client.get(app.url(&missing)).send().await.expect("GET");
            assert_error(response, 404, "not_found").await;
        }
    })
    .await;
}

#[tokio::test]
async fn posted_comment_gets_a_receipt_that_reads_back_the_exact_text() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let text =
            "Đề nghị bổ sung cụm từ \"và chịu trách nhiệm\" vào cuối khoản 1.\nLý do: bảo đảm rõ ràng.";
        let response = post_comment(
            &app,
            &client,
            s.consultation_id,
            &json!({
                "provision_id": s.provisions[2],
                "version_id": s.version_id,
                "text": text,
                "quote": "Cán bộ có tư duy đổi mới.",
                "author_name": "Nguyễn Thị Hoà",
                "author_email": "hoa@example.vn",
            }),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", app.backend);
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let receipt = json_of(response).await;
        let code = receipt["receipt"].as_str().expect("receipt code").to_owned();
        assert!(is_receipt_code(&code), "receipt {code}");
        assert!(receipt["id"].as_i64().is_some_and(|id| id > 0));
        assert!(is_vietnam_rfc3339(receipt["received_at"].as_str().expect("received_at")));
        assert_eq!(location.as_deref(), Some(format!("/api/v1/comments/{code}").as_str()));

        // The comment was committed before the receipt was returned.
        assert_eq!(stored_comments(&app).await, 1);

        let read = client.get(app.url(&format!("/api/v1/comments/{code}"))).send().await.expect("GET");
        assert_eq!(read.status(), StatusCode::OK);
        let comment = json_of(read).await;
        assert_eq!(
            comment,
            json!({
                "receipt": code,
                "received_at": receipt["received_at"],
                "draft_id": s.draft_id,
                "draft_title": "Dự thảo Quy định khuyến khích cán bộ",
                "provision_label": "Khoản 1",
                "text": text,
                "quote": "Cán bộ có tư duy đổi mới.",
                "author_name": "Nguyễn Thị Hoà",
                "organisation": null,
                "channel": "api",
            })
        );

        // The code typed loosely finds the same comment.
        let typed = code.to_lowercase();
        let again = client.get(app.url(&format!("/api/v1/comments/{typed}"))).send().await.expect("GET");
        assert_eq!(json_of(again).await["receipt"], code);

        // A comment on the whole draft has no provision.
        let whole =
            post_comment(&app, &client, s.consultation_id, &json!({ "text": "Nhất trí.", "quote": null }))
                .await;
        assert_eq!(whole.status(), StatusCode::CREATED);
        let whole_code = json_of(whole).await["receipt"].as_str().expect("code").to_owned();
        let whole = json_of(
            client.get(app.url(&format!("/api/v1/comments/{whole_code}"))).send().await.expect("GET"),
        )
        .await;
        assert_eq!(whole["provision_label"], Value::Null);
        assert_eq!(whole["author_name"], Value::Null);

        for unknown in ["DT-2222-2222", "DT-0000-0000", "not-a-code"] {
            let response =
                client.get(app.url(&format!("/api/v1/comments/{unknown}"))).send().await.expect("GET");
            assert_error(response, 404, "not_found").await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_retried_post_with_an_idempotency_key_is_stored_once() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let url = app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id));
        let comment =
            json!({ "provision_id": s.provisions[1], "text": "Đề nghị làm rõ khái niệm \"đổi mới\"." });
        let post =
            |key: &str, body: &Value| client.post(&url).header("Idempotency-Key", key).json(body).send();

        let first = post("3f6c1a52-0b9e-4d7e-9c1f-2a8b7e6d5c4b", &comment).await.expect("POST");
        assert_eq!(first.status(), StatusCode::CREATED, "{}", app.backend);
        assert!(first.headers().get("idempotent-replayed").is_none());
        let first = json_of(first).await;

        // The retry: the same answer, marked as a repeat; nothing stored again.
        let again = post("3f6c1a52-0b9e-4d7e-9c1f-2a8b7e6d5c4b", &comment).await.expect("POST");
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
        assert_eq!(json_of(again).await, first);
        assert_eq!(stored_comments(&app).await, 1);

        // The key again with another comment, and keys that cannot be keys.
        let other = json!({ "provision_id": s.provisions[1], "text": "Một góp ý khác hẳn." });
        let reused = post("3f6c1a52-0b9e-4d7e-9c1f-2a8b7e6d5c4b", &other).await.expect("POST");
        assert_error(reused, 422, "submission_key_reused").await;
        let elsewhere =
            json!({ "provision_id": s.provisions[2], "text": "Đề nghị làm rõ khái niệm \"đổi mới\"." });
        let moved = post("3f6c1a52-0b9e-4d7e-9c1f-2a8b7e6d5c4b", &elsewhere).await.expect("POST");
        assert_error(moved, 422, "submission_key_reused").await;
        for bad in ["k".repeat(256), "a b".to_owned(), String::new()] {
            let refused = post(&bad, &comment).await.expect("POST");
            assert_error(refused, 422, "submission_key_invalid").await;
        }
        assert_eq!(stored_comments(&app).await, 1);

        // Requests with one key at once: one comment, every answer its receipt, one
        // of them (the one that stored it) not marked as a repeat.
        let together = json!({ "text": "Góp ý gửi nhiều lần cùng lúc." });
        let mut at_once = tokio::task::JoinSet::new();
        for _ in 0..8 {
            at_once.spawn(client.post(&url).header("Idempotency-Key", "cung-luc-1").json(&together).send());
        }
        let mut receipts = std::collections::BTreeSet::new();
        let mut fresh = 0;
        while let Some(answer) = at_once.join_next().await {
            let answer = answer.expect("task").expect("POST");
            assert_eq!(answer.status(), StatusCode::CREATED);
            fresh += usize::from(answer.headers().get("idempotent-replayed").is_none());
            receipts.insert(json_of(answer).await["receipt"].as_str().expect("receipt").to_owned());
        }
        assert_eq!((receipts.len(), fresh), (1, 1));
        assert_eq!(stored_comments(&app).await, 2);

        // Keys belong to a consultation: the same key on another is another comment.
        let another = seed(&app.db, "public", 3).await;
        let there = client
            .post(app.url(&format!("/api/v1/consultations/{}/comments", another.consultation_id)))
            .header("Idempotency-Key", "cung-luc-1")
            .json(&together)
            .send()
            .await
            .expect("POST");
        assert_eq!(there.status(), StatusCode::CREATED);
        assert!(there.headers().get("idempotent-replayed").is_none());
        assert_eq!(stored_comments(&app).await, 3);
    })
    .await;
}

#[tokio::test]
async fn refused_comment_bodies_give_stable_codes_and_store_nothing() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let url = app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id));
        let json_bytes = |v: Value| v.to_string().into_bytes();
        let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
            ("empty text", json_bytes(json!({ "text": "" })), "application/json", 422, "comment_empty"),
            (
                "whitespace",
                json_bytes(json!({ "text": "   \n\t \u{3000} " })),
                "application/json",
                422,
                "comment_empty",
            ),
            (
                "10,001 chars",
                json_bytes(json!({ "text": "ý".repeat(10_001) })),
                "application/json",
                422,
                "comment_too_long",
            ),
            (
                "quote too long",
                json_bytes(json!({ "text": "Ý kiến.", "quote": "x".repeat(2_001) })),
                "application/json",
                422,
                "quote_too_long",
            ),
            (
                // The schema's maxLength counts characters as sent, blanks included.
                "quote too long as sent, not once trimmed",
                json_bytes(
                    json!({ "text": "Ý kiến.", "quote": format!("{}{}", "x".repeat(1_999), " ".repeat(5)) }),
                ),
                "application/json",
                422,
                "quote_too_long",
            ),
            (
                "name too long as sent",
                json_bytes(json!({ "text": "Ý kiến.", "author_name": format!(" {}", "n".repeat(200)) })),
                "application/json",
                422,
                "name_too_long",
            ),
            (
                "cut-off JSON",
                b"{\"text\": \"\xC4\x90\xE1\xBB\x81 ngh\xE1\xBB\x8B".to_vec(),
                "application/json",
                400,
                "invalid_json",
            ),
            ("not JSON", b"text=Hello".to_vec(), "application/json", 400, "invalid_json"),
            (
                "invalid UTF-8",
                b"{\"text\": \"G\xF3p \xFF\xFE\"}".to_vec(),
                "application/json",
                400,
                "invalid_json",
            ),
            ("empty body", Vec::new(), "application/json", 400, "invalid_json"),
            ("text is a number", json_bytes(json!({ "text": 42 })), "application/json", 422, "invalid_json"),
            (
                "provision id is a string",
                json_bytes(json!({ "text": "Ý kiến.", "provision_id": "3" })),
                "application/json",
                422,
                "invalid_json",
            ),
            (
                "no text",
                json_bytes(json!({ "author_name": "Lê Văn C" })),
                "application/json",
                422,
                "invalid_json",
            ),
            (
                "unknown field",
                json_bytes(json!({ "body": "Ý kiến." })),
                "application/json",
                422,
                "invalid_json",
            ),
            ("an array", json_bytes(json!(["Ý kiến."])), "application/json", 422, "invalid_json"),
            (
                "form content type",
                b"text=Y+kien".to_vec(),
                "application/x-www-form-urlencoded",
                415,
                "unsupported_media_type",
            ),
        ];
        for (what, body, content_type, status, code) in cases {
            let response =
                client.post(&url).header("content-type", content_type).body(body).send().await.expect("POST");
            assert_eq!(response.status().as_u16(), status, "{what} on {}", app.backend);
            assert_error(response, status, code).await;
        }
        let missing = post_comment(&app, &client, 999_999, &json!({ "text": "Ý kiến." })).await;
        assert_error(missing, 404, "consultation_not_found").await;
        // The challenge of a missing consultation: the same code signed in or not.
        app.user("bientap", &[duthao::domain::Role::Editor]).await;
        let editor = app.sign_in("bientap", "mat-khau-thu-nghiem").await;
        for who in [&client, &editor] {
            let challenge = who
                .get(app.url("/api/v1/consultations/999999/challenge"))
                .send()
                .await
                .expect("GET challenge");
            assert_error(challenge, 404, "consultation_not_found").await;
        }
        let version = post_comment(
            &app,
            &client,
            s.consultation_id,
            &json!({ "text": "Ý kiến.", "version_id": 999_999 }),
        )
        .await;
        assert_error(version, 422, "version_not_in_consultation").await;
        for (email, code) in [("khong phai email", "email_invalid"), ("a@b", "email_invalid")] {
            let body = json!({ "text": "Ý kiến.", "version_id": s.version_id, "author_email": email });
            let refused = post_comment(&app, &client, s.consultation_id, &body).await;
            assert_error(refused, 422, code).await;
        }
        let long = format!("{}@example.vn", "a".repeat(200));
        let body = json!({ "text": "Ý kiến.", "version_id": s.version_id, "author_email": long });
        assert_error(post_comment(&app, &client, s.consultation_id, &body).await, 422, "email_too_long")
            .await;
        assert_eq!(stored_comments(&app).await, 0);
    })
    .await;
}

/// A consultation on several drafts cannot guess which one a comment naming neither a
/// provision nor a version is about.
#[tokio::test]
async fn a_comment_on_a_consultation_of_several_drafts_names_its_version() {
    TestApp::each(|app| async move {
        let a = seed(&app.db, "public", 10).await;
        let b = seed(&app.db, "public", 10).await;
        let now = duthao::storage::now_ms();
        let both = duthao::storage::consultations::insert(
            &app.db.pool,
            &duthao::storage::consultations::NewConsultation {
                dossier_id: a.dossier_id,
                title: "Đợt 2",
                opens_at: now - 86_400_000,
                closes_at: now + 86_400_000,
                audience: "public",
                version_ids: &[a.version_id, b.version_id],
                invitations: &[],
            },
        )
        .await
        .expect("consultation");
        let client = app.client();
        let refused = post_comment(&app, &client, both, &json!({ "text": "Ý kiến chung." })).await;
        assert_error(refused, 422, "version_required").await;
        assert_eq!(stored_comments(&app).await, 0);
        let named = json!({ "text": "Ý kiến chung.", "version_id": b.version_id });
        assert_eq!(post_comment(&app, &client, both, &named).await.status(), 201);
        let on_provision = json!({ "text": "Ý kiến về Điều 1.", "provision_id": a.provisions[1] });
        assert_eq!(post_comment(&app, &client, both, &on_provision).await.status(), 201);
        assert_eq!(stored_comments(&app).await, 2);
    })
    .await;
}

#[tokio::test]
async fn comment_on_a_provision_of_another_consultation_is_refused() {
    TestApp::each(|app| async move {
        let a = seed(&app.db, "public", 10).await;
        let b = seed(&app.db, "public", 10).await;
        let response = post_comment(
            &app,
            &app.client(),
            a.consultation_id,
            &json!({ "provision_id": b.provisions[1], "text": "Góp ý nhầm chỗ." }),
        )
        .await;
        let body = assert_error(response, 422, "provision_not_in_consultation").await;
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("không thuộc dự thảo")));
        assert_eq!(stored_comments(&app).await, 0);
    })
    .await;
}

#[tokio::test]
async fn closed_consultation_refuses_api_comments() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", -1).await;
        let response =
            post_comment(&app, &app.client(), s.consultation_id, &json!({ "text": "Góp ý muộn." })).await;
        let body = assert_error(response, 409, "consultation_closed").await;
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("không nhận thêm góp ý")));
        assert_eq!(stored_comments(&app).await, 0);
    })
    .await;
}

#[tokio::test]
async fn invited_only_consultation_takes_api_comments_from_representatives_for_their_organisation() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "invited", 10).await;
        let body = json!({ "text": "Thống nhất với dự thảo." });
        let anonymous = post_comment(&app, &app.client(), s.consultation_id, &body).await;
        assert_error(anonymous, 409, "not_invited").await;
        assert_eq!(stored_comments(&app).await, 0);

        let rep = app.signed_in("daidien", &[duthao::domain::Role::OrgRepresentative], Some(s.org_id)).await;
        let accepted = post_comment(&app, &rep, s.consultation_id, &body).await;
        assert_eq!(accepted.status(), StatusCode::CREATED);
        let code = json_of(accepted).await["receipt"].as_str().expect("code").to_owned();
        let comment =
            json_of(rep.get(app.url(&format!("/api/v1/comments/{code}"))).send().await.expect("GET")).await;
        assert_eq!(comment["organisation"], "Ban Tổ chức Trung ương");
    })
    .await;
}

#[tokio::test]
async fn unknown_api_routes_and_methods_answer_with_json_errors() {
    TestApp::each(|app| async move {
        let client = app.client();
        let response = client.get(app.url("/api/v1/no-such-thing")).send().await.expect("GET");
        assert_error(response, 404, "not_found").await;
        let response = client.delete(app.url("/api/v1/dossiers")).send().await.expect("DELETE");
        assert!(response.headers().get("allow").is_some(), "405 names the allowed methods");
        assert_error(response, 405, "method_not_allowed").await;
    })
    .await;
}

// ---------------------------------------------------------------- OpenAPI

/// Checks `value` against `schema` for the JSON Schema keywords the document uses
/// (`$ref`, `type`, `enum`, `required`, `properties`, `additionalProperties`, `items`,
/// `minimum`, `maxLength`, `format: date-time`). `pattern` is checked by the tests
/// that read receipt codes.
fn check_schema(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let fitting = options.iter().filter(|o| check_schema(doc, o, value, at).is_ok()).count();
        return if fitting == 1 { Ok(()) } else { Err(format!("{at}: {value} fits {fitting} of oneOf")) };
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .ok_or(format!("{at}: bad $ref {reference}"))?;
        return check_schema(doc, target, value, at);
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return Err(format!("{at}: bad type keyword")),
        };
        let fits = allowed.iter().any(|t| match *t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        });
        if !fits {
            return Err(format!("{at}: {value} is not of type {allowed:?}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} not in {options:?}"));
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_i64), value.as_i64())
        && n < min
    {
        return Err(format!("{at}: {n} < {min}"));
    }
    if let Some(s) = value.as_str() {
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && s.chars().count() as u64 > max
        {
            return Err(format!("{at}: longer than {max}"));
        }
        if schema.get("format").and_then(Value::as_str) == Some("date-time") && !is_vietnam_rfc3339(s) {
            return Err(format!("{at}: {s} is not RFC 3339 in +07:00"));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for name in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            let name = name.as_str().unwrap_or_default();
            if !object.contains_key(name) {
                return Err(format!("{at}: missing required {name}"));
            }
        }
        for (name, field) in object {
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => check_schema(doc, sub, field, &format!("{at}.{name}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: undocumented property {name}"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check_schema(doc, items, item, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// Checks a response against what the document says `method path` answers.
async fn check_against_document(
    doc: &Value,
    path: &str,
    method: &str,
    response: reqwest::Response,
) -> (u16, Value) {
    let status = response.status().as_u16();
    let operation = &doc["paths"][path][method];
    let documented = &operation["responses"][status.to_string()];
    assert!(documented.is_object(), "{method} {path} answered {status}, which the document does not list");
    let body = json_of(response).await;
    let schema = &documented["content"]["application/json"]["schema"];
    if let Err(e) = check_schema(doc, schema, &body, "$") {
        panic!("{method} {path} {status}: {e}\n{body}");
    }
    (status, body)
}

#[tokio::test]
async fn openapi_document_lists_every_route_and_describes_the_answers() {
    TestApp::each(|app| async move {
        let s: Seeded = seed(&app.db, "public", 10).await;
        let closed = seed(&app.db, "public", -1).await;
        let client = app.client();
        let response = client.get(app.url("/api/v1/openapi.json")).send().await.expect("GET");
        assert_eq!(response.status(), StatusCode::OK);
        let doc = json_of(response).await;
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
        let paths = doc["paths"].as_object().expect("paths");
        let mut listed: Vec<&str> = paths.keys().map(String::as_str).collect();
        listed.sort_unstable();
        assert_eq!(
            listed,
            [
                "/comments/{receipt}",
                "/consultations/{id}/challenge",
                "/consultations/{id}/comments",
                "/consultations/{id}/imports",
                "/consultations/{id}/letters",
                "/consultations/{id}/letters/split",
                "/dossiers",
                "/dossiers/{id}",
                "/drafts/{id}/catalog",
                "/drafts/{id}/catalog/confirmations",
                "/drafts/{id}/catalog/equivalence",
                "/drafts/{id}/catalog/review",
                "/drafts/{id}/catalog/submissions",
                "/drafts/{id}/provisions",
                "/openapi.json",
                "/search"
            ]
        );

        // The request schema accepts what a client sends.
        let new_comment = json!({
            "provision_id": s.provisions[1],
            "version_id": s.version_id,
            "text": "Đề nghị giữ nguyên Điều 1.",
            "quote": null,
            "author_name": "Phạm Thu Trang",
            "author_email": "trang@example.vn",
        });
        let request_schema = &doc["paths"]["/consultations/{id}/comments"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"];
        check_schema(&doc, request_schema, &new_comment, "request").expect("request body fits its schema");
        assert!(check_schema(&doc, request_schema, &json!({ "body": "x" }), "request").is_err());

        // The draft is also a catalog of titles, published, for the catalog operations.
        let catalog_editor = app.signed_in("bientap-danhmuc", &[duthao::domain::Role::Editor], None).await;
        let editor_id =
            duthao::storage::users::by_login(&app.db.pool, "bientap-danhmuc").await.expect("q").expect("user").id;
        duthao::storage::catalogs::set(&app.db, None, s.draft_id, "titles", "Danh mục thử").await.expect("set");
        let catalog = duthao::catalogs::load(&app.db, s.draft_id).await.expect("q").expect("catalog");
        let table = "STT,Chức danh,Cấp,Tương đương với\n1,Vụ trưởng,Trung ương,\n2,Giám đốc sở,Tỉnh,Vụ trưởng\n";
        let imported = duthao::catalogs::import_version(&app.db, editor_id, &catalog, None, "dm.csv", table.as_bytes())
            .await
            .expect("catalog imported");
        assert!(duthao::storage::drafts::publish_version(&app.db.pool, imported.version_id).await.expect("q"));

        // Every documented operation exists and answers as documented: success first,
        // then its documented errors.
        let mut receipt = String::new();
        for (path, item) in paths {
            let methods = item.as_object().expect("path item");
            assert!(!methods.is_empty(), "{path} has operations");
            for method in methods.keys() {
                assert!(["get", "post"].contains(&method.as_str()), "{method} {path}");
                let concrete = |id: i64, receipt: &str| {
                    format!("/api/v1{path}").replace("{id}", &id.to_string()).replace("{receipt}", receipt)
                };
                let (status, body) = match (method.as_str(), path.as_str()) {
                    ("post", "/consultations/{id}/letters/split") => {
                        let editor = app.signed_in("bientap-tach", &[duthao::domain::Role::Editor], None).await;
                        let response = editor
                            .post(app.url(&concrete(s.consultation_id, "")))
                            .json(&json!({ "version_id": s.version_id, "text": "1. Tại khoản 2 Điều 1: đề nghị sửa.\n2. Đề nghị bổ sung Điều 5." }))
                            .send()
                            .await
                            .expect("POST");
                        check_against_document(&doc, path, method, response).await
                    }
                    ("post", "/consultations/{id}/letters") => {
                        let editor = app.signed_in("bientap-cv", &[duthao::domain::Role::Editor], None).await;
                        let units = json!([{ "text": "Đề nghị sửa khoản 2.", "provision_id": s.provisions[3] }, { "text": "Góp ý chung." }]);
                        let response = editor
                            .post(app.url(&concrete(s.consultation_id, "")))
                            .json(&json!({ "version_id": s.version_id, "organisation_id": s.org_id, "units": units }))
                            .send()
                            .await
                            .expect("POST");
                        check_against_document(&doc, path, method, response).await
                    }
                    ("post", "/consultations/{id}/imports") => {
                        let editor = app.signed_in("bientap-nhap", &[duthao::domain::Role::Editor], None).await;
                        let csv = "Điều khoản,Nội dung góp ý\r\nkhoản 2 Điều 1,Đề nghị sửa.\r\n,Góp ý chung.\r\n";
                        let url = format!("{}?version_id={}&file_name=gop-y.csv", concrete(s.consultation_id, ""), s.version_id);
                        let response = editor
                            .post(app.url(&url))
                            .header("content-type", "text/csv")
                            .body(csv)
                            .send()
                            .await
                            .expect("POST");
                        check_against_document(&doc, path, method, response).await
                    }
                    ("post", "/drafts/{id}/catalog/submissions") => {
                        let url = format!("{}?organisation_id={}&file_name=ds.csv", concrete(s.draft_id, ""), s.org_id);
                        let response = catalog_editor
                            .post(app.url(&url))
                            .header("content-type", "text/csv")
                            .body("STT,Chức danh,Đơn vị,Người đảm nhiệm\n1,Giám đốc Sở,Sở Nội vụ,Nguyễn Văn An\n")
                            .send()
                            .await
                            .expect("POST");
                        check_against_document(&doc, path, method, response).await
                    }
                    ("post", "/drafts/{id}/catalog/confirmations") => {
                        let response = catalog_editor
                            .post(app.url(&concrete(s.draft_id, "")))
                            .json(&json!({ "key": "giam doc benh vien", "entry_lineage": null }))
                            .send()
                            .await
                            .expect("POST");
                        check_against_document(&doc, path, method, response).await
                    }
                    (_, "/drafts/{id}/catalog/review") => {
                        let anonymous = client.get(app.url(&concrete(s.draft_id, ""))).send().await.expect("GET");
                        let (status, _) = check_against_document(&doc, path, method, anonymous).await;
                        assert_eq!(status, 401);
                        let response =
                            catalog_editor.get(app.url(&concrete(s.draft_id, ""))).send().await.expect("GET");
                        check_against_document(&doc, path, method, response).await
                    }
                    ("post", _) => {
                        let response = post_comment(&app, &client, s.consultation_id, &new_comment).await;
                        check_against_document(&doc, path, method, response).await
                    }
                    (_, "/comments/{receipt}") => {
                        // Reading needs a receipt: post one first.
                        let posted = post_comment(&app, &client, s.consultation_id, &new_comment).await;
                        receipt = json_of(posted).await["receipt"].as_str().expect("receipt").to_owned();
                        let response = client.get(app.url(&concrete(0, &receipt))).send().await.expect("GET");
                        check_against_document(&doc, path, method, response).await
                    }
                    (_, "/search") => {
                        // Editors only: anonymous first, as documented, then an editor.
                        let anonymous =
                            client.get(app.url("/api/v1/search?q=dieu")).send().await.expect("GET");
                        let (status, _) = check_against_document(&doc, path, method, anonymous).await;
                        assert_eq!(status, 401);
                        let editor =
                            app.signed_in("bientap-api", &[duthao::domain::Role::Editor], None).await;
                        let response = editor
                            .get(app.url("/api/v1/search?q=%C4%91i%E1%BB%81u"))
                            .send()
                            .await
                            .expect("GET");
                        check_against_document(&doc, path, method, response).await
                    }
                    _ => {
                        let id = if path.starts_with("/drafts") {
                            s.draft_id
                        } else if path.starts_with("/consultations") {
                            s.consultation_id
                        } else {
                            s.dossier_id
                        };
                        let response = client.get(app.url(&concrete(id, ""))).send().await.expect("GET");
                        check_against_document(&doc, path, method, response).await
                    }
                };
                assert!((200..300).contains(&status), "{method} {path}: {status} {body}");
                if path.contains('{') && method == "get" {
                    // Editors-only operations are asked by an editor.
                    let asker = if path.ends_with("/catalog/review") { &catalog_editor } else { &client };
                    let response =
                        asker.get(app.url(&concrete(999_999, "DT-2222-2222"))).send().await.expect("GET");
                    let (status, _) = check_against_document(&doc, path, method, response).await;
                    assert_eq!(status, 404, "{path} with an unknown key");
                }
            }
        }
        assert!(is_receipt_code(&receipt));

        // The comment endpoint's refusals match their documented status and schema.
        let post_path = "/consultations/{id}/comments";
        let url = app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id));
        let refusals = [
            client.post(&url).header("content-type", "application/json").body("{").send().await,
            client.post(&url).json(&json!({ "text": " " })).send().await,
            client.post(&url).header("content-type", "text/plain").body("Ý kiến").send().await,
            client
                .post(app.url(&format!("/api/v1/consultations/{}/comments", closed.consultation_id)))
                .json(&new_comment)
                .send()
                .await,
            client.post(app.url("/api/v1/consultations/999999/comments")).json(&new_comment).send().await,
        ];
        let mut statuses = Vec::new();
        for response in refusals {
            let (status, _) = check_against_document(&doc, post_path, "post", response.expect("POST")).await;
            statuses.push(status);
        }
        assert_eq!(statuses, [400, 422, 415, 409, 404]);
    })
    .await;
}

/// Letters and imports through the API: the same checks as the web forms.
#[tokio::test]
async fn letters_and_imports_work_through_the_api() {
    TestApp::each(|app| async move {
        let s: Seeded = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[duthao::domain::Role::Editor], None).await;
        let base = format!("/api/v1/consultations/{}", s.consultation_id);

        // A letter citing a provision the draft has, one it lacks, and another law.
        let letter = "Kính gửi: Ban soạn thảo\n\
                      1. Tại khoản 2 Điều 1, đề nghị bổ sung cụm từ “kịp thời”.\n\
                      2. Đề nghị sửa Điều 9 cho phù hợp khoản 2 Điều 153 Luật Đất đai.\n\
                      3. Dự thảo cần rõ hơn về thẩm quyền.";
        let split = editor
            .post(app.url(&format!("{base}/letters/split")))
            .json(&json!({ "version_id": s.version_id, "text": letter }))
            .send()
            .await
            .expect("POST");
        assert_eq!(split.status(), 200);
        let proposal = json_of(split).await;
        let units = proposal["units"].as_array().expect("units");
        assert_eq!(units.len(), 3, "{proposal}");
        assert_eq!(units[0]["provision_id"], s.provisions[3]);
        assert_eq!(units[1]["provision_id"], Value::Null);
        assert_eq!(units[1]["unresolved"][0], "Điều 9", "{proposal}");
        assert!(!units[1]["external"].as_array().expect("external").is_empty(), "{proposal}");
        assert_eq!(stored_comments(&app).await, 0, "splitting records nothing");

        let confirmed: Vec<Value> =
            units.iter().map(|u| json!({ "text": u["text"], "provision_id": u["provision_id"] })).collect();
        let recorded = editor
            .post(app.url(&format!("{base}/letters")))
            .json(&json!({ "version_id": s.version_id, "organisation_id": s.org_id, "units": confirmed }))
            .send()
            .await
            .expect("POST");
        assert_eq!(recorded.status(), 201);
        assert_eq!(json_of(recorded).await["receipts"].as_array().expect("receipts").len(), 3);
        assert_eq!(stored_comments(&app).await, 3);
        // An editor must say which organisation sent it; a citizen may not file one.
        let no_org = editor
            .post(app.url(&format!("{base}/letters")))
            .json(&json!({ "version_id": s.version_id, "units": [{ "text": "x" }] }))
            .send()
            .await
            .expect("POST");
        assert_error(no_org, 422, "no_organisation").await;
        let citizen = app.signed_in("congdan", &[], None).await;
        let refused = citizen
            .post(app.url(&format!("{base}/letters/split")))
            .json(&json!({ "version_id": s.version_id, "text": letter }))
            .send()
            .await
            .expect("POST");
        assert_error(refused, 403, "forbidden").await;

        // Imports: all or nothing, then skip the bad rows.
        let csv = "\u{feff}Điều khoản,Nội dung góp ý\r\nkhoản 2 Điều 1,Đề nghị sửa.\r\nĐiều 45,Không có điều này.\r\n";
        let url = |mode: &str| app.url(&format!("{base}/imports?version_id={}&mode={mode}", s.version_id));
        let all = editor.post(url("all")).body(csv).send().await.expect("POST");
        assert_eq!(all.status(), 422);
        let result = json_of(all).await;
        assert_eq!(result["refused_whole"], true);
        assert_eq!(result["errors"][0]["row"], 3);
        assert_eq!(result["errors"][0]["column"], "Điều khoản");
        assert_eq!(stored_comments(&app).await, 3, "nothing stored");
        let skip = editor.post(url("skip")).body(csv).send().await.expect("POST");
        assert_eq!(skip.status(), 201);
        assert_eq!(json_of(skip).await["stored"], 1);
        assert_eq!(stored_comments(&app).await, 4);
        let bad_mode = editor.post(url("maybe")).body(csv).send().await.expect("POST");
        assert_error(bad_mode, 422, "invalid_mode").await;
        let anonymous = app.client().post(url("all")).body(csv).send().await.expect("POST");
        assert_error(anonymous, 401, "sign_in_required").await;
    })
    .await;
}
