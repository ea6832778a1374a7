//! Abuse: per-consultation rate limits, the proof-of-work challenge for anonymous
//! commenters, the moderation queue (hidden, never deleted), and the commenter's
//! choice to make their name public.

use duthao::domain::Role;
use duthao::storage::comments::{self, NewComment};
use duthao::storage::dispositions::{self, Queue};
use serde_json::{Value, json};

use crate::harness::{Seeded, TestApp, seed};

/// Sets a consultation's protection through the lead editor's form; returns the status.
async fn protect(
    app: &TestApp,
    lead: &reqwest::Client,
    consultation: i64,
    per_minute: &str,
    mode: &str,
    surge: &str,
    bits: &str,
) -> u16 {
    lead.post(app.url(&format!("/editor/consultations/{consultation}/protection")))
        .form(&[
            ("comments_per_minute", per_minute),
            ("challenge", mode),
            ("surge_per_minute", surge),
            ("challenge_bits", bits),
        ])
        .send()
        .await
        .expect("POST protection")
        .status()
        .as_u16()
}

/// Posts a comment through the API; returns the status and the JSON body.
async fn api_comment(app: &TestApp, client: &reqwest::Client, s: &Seeded, body: Value) -> (u16, Value, bool) {
    let response = client
        .post(app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id)))
        .json(&body)
        .send()
        .await
        .expect("POST comment");
    let status = response.status().as_u16();
    let retry_after = response.headers().contains_key("retry-after");
    (status, response.json().await.unwrap_or(Value::Null), retry_after)
}

async fn challenge(app: &TestApp, client: &reqwest::Client, s: &Seeded) -> Value {
    client
        .get(app.url(&format!("/api/v1/consultations/{}/challenge", s.consultation_id)))
        .send()
        .await
        .expect("GET challenge")
        .json()
        .await
        .expect("JSON")
}

#[tokio::test]
async fn rate_limits_are_set_per_consultation_and_counted_per_account_or_address() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let other = seed(&app.db, "public", 10).await;
        let lead = app.signed_in("truongban", &[Role::Editor, Role::LeadEditor], None).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        assert_eq!(protect(&app, &lead, s.consultation_id, "2", "off", "600", "18").await, 303);
        // Only the lead editor sets it, and only to sensible values.
        assert_eq!(protect(&app, &editor, s.consultation_id, "100", "off", "600", "18").await, 403);
        assert_eq!(protect(&app, &lead, s.consultation_id, "2", "off", "600", "40").await, 422);
        assert_eq!(protect(&app, &lead, s.consultation_id, "-1", "off", "600", "18").await, 422);
        assert_eq!(protect(&app, &lead, s.consultation_id, "2", "sometimes", "600", "18").await, 422);

        let anonymous = app.client();
        let mut statuses = Vec::new();
        for i in 0..3 {
            let (status, body, retry_after) =
                api_comment(&app, &anonymous, &s, json!({ "text": format!("Góp ý thứ {i} về dự thảo.") }))
                    .await;
            statuses.push(status);
            if status == 429 {
                assert!(retry_after, "a 429 says when to come back");
                assert_eq!(body["error"]["code"], "rate_limited");
            }
        }
        assert_eq!(statuses, [201, 201, 429]);
        // Another consultation (the instance default of 30) and a signed-in person (their
        // own bucket, even from the same address) are not held back.
        let (status, _, _) =
            api_comment(&app, &anonymous, &other, json!({ "text": "Góp ý cho đợt khác." })).await;
        assert_eq!(status, 201);
        let citizen = app.signed_in("congdan", &[Role::Public], None).await;
        let mut statuses = Vec::new();
        for i in 0..3 {
            let body = json!({ "text": format!("Góp ý của công dân, lần {i}.") });
            statuses.push(api_comment(&app, &citizen, &s, body).await.0);
        }
        assert_eq!(statuses, [201, 201, 429]);
        let stored = comments::count_for_consultation(&app.db.pool, s.consultation_id).await.expect("count");
        assert_eq!(stored, 4, "a refused comment is not stored");

        // The web form answers the same way, in Vietnamese.
        let response = app
            .post_comment_form(
                &anonymous,
                s.draft_id,
                &[("version_id", s.version_id.to_string()), ("body", "Thêm một góp ý.".to_owned())],
            )
            .await;
        assert_eq!(response.status(), 429);
        assert!(response.text().await.expect("body").contains("quá nhiều góp ý"));

        // 0 lifts the limit; every change is in the audit trail with its values.
        assert_eq!(protect(&app, &lead, s.consultation_id, "0", "off", "600", "18").await, 303);
        assert_eq!(api_comment(&app, &anonymous, &s, json!({ "text": "Đã được gửi tiếp." })).await.0, 201);
        let changes: Vec<String> = sqlx::query_scalar(
            "SELECT detail FROM audit_event WHERE action = 'consultation.protection' ORDER BY id",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("audit");
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes[0].contains("\"comments_per_minute\":2"), "{}", changes[0]);
    })
    .await;
}

#[tokio::test]
async fn anonymous_commenters_solve_a_challenge_when_the_consultation_asks() {
    use duthao::intake::challenge::solve;
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let lead = app.signed_in("truongban", &[Role::Editor, Role::LeadEditor], None).await;
        let anonymous = app.client();
        // By default a challenge is asked for only during a surge: not now.
        assert_eq!(challenge(&app, &anonymous, &s).await["required"], false);
        assert_eq!(protect(&app, &lead, s.consultation_id, "", "always", "600", "12").await, 303);

        let (status, body, _) =
            api_comment(&app, &anonymous, &s, json!({ "text": "Không có lời giải." })).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("challenge_required")), "{body}");
        let issued = challenge(&app, &anonymous, &s).await;
        assert_eq!(issued["required"], true);
        assert_eq!(issued["bits"], 12);
        let token = issued["token"].as_str().expect("token").to_owned();
        let nonce = solve(issued["prefix"].as_str().expect("prefix"), 12);
        let solved = json!({ "text": "Có lời giải.", "challenge_token": token, "challenge_nonce": nonce });
        assert_eq!(api_comment(&app, &anonymous, &s, solved.clone()).await.0, 201);
        let (status, body, _) = api_comment(&app, &anonymous, &s, solved).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("challenge_reused")), "{body}");
        // A nonce that does not meet the difficulty, and a token of another consultation.
        let fresh = challenge(&app, &anonymous, &s).await;
        let prefix = fresh["prefix"].as_str().expect("prefix");
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| {
                use sha2::Digest;
                duthao::intake::challenge::leading_zero_bits(&sha2::Sha256::digest(format!("{prefix}:{n}")))
                    < 12
            })
            .expect("a wrong nonce");
        let body =
            json!({ "text": "Sai lời giải.", "challenge_token": fresh["token"], "challenge_nonce": wrong });
        let (status, body, _) = api_comment(&app, &anonymous, &s, body).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("challenge_invalid")), "{body}");

        // Without JavaScript the form says what to do.
        let response = app
            .post_comment_form(
                &anonymous,
                s.draft_id,
                &[("version_id", s.version_id.to_string()), ("body", "Gửi từ biểu mẫu.".to_owned())],
            )
            .await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.expect("body");
        assert!(page.contains("bật JavaScript") && page.contains("đăng nhập"), "{page}");
        // The draft page hands the form the challenge address, and the script.
        let draft = app.page(&anonymous, &format!("/drafts/{}", s.draft_id)).await;
        assert!(
            draft.contains(&format!(
                "data-challenge=\"/api/v1/consultations/{}/challenge\"",
                s.consultation_id
            ))
        );
        assert!(draft.contains("/static/challenge.js"));

        // A signed-in commenter is accountable by name: no challenge.
        let citizen = app.signed_in("congdan", &[Role::Public], None).await;
        assert_eq!(challenge(&app, &citizen, &s).await["required"], false);
        assert_eq!(api_comment(&app, &citizen, &s, json!({ "text": "Đã đăng nhập." })).await.0, 201);
        let signed_in_page = app.page(&citizen, &format!("/drafts/{}", s.draft_id)).await;
        assert!(!signed_in_page.contains("data-challenge"));

        // In surge mode the challenge comes once the last minute passes the threshold
        // (two comments were stored above; the threshold is one).
        assert_eq!(protect(&app, &lead, s.consultation_id, "", "surge", "1", "12").await, 303);
        assert_eq!(challenge(&app, &anonymous, &s).await["required"], true);
        let (status, body, _) =
            api_comment(&app, &anonymous, &s, json!({ "text": "Trong đợt tăng đột biến." })).await;
        assert_eq!((status, body["error"]["code"].as_str()), (422, Some("challenge_required")), "{body}");
        assert_eq!(protect(&app, &lead, s.consultation_id, "", "off", "1", "12").await, 303);
        assert_eq!(challenge(&app, &anonymous, &s).await["required"], false);
        assert_eq!(api_comment(&app, &anonymous, &s, json!({ "text": "Đã tắt thử thách." })).await.0, 201);
        let stored = comments::count_for_consultation(&app.db.pool, s.consultation_id).await.expect("count");
        assert_eq!(stored, 3);
    })
    .await;
}

#[tokio::test]
async fn moderators_hide_comments_from_the_public_and_the_synthesis_and_the_record_keeps_them() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let anonymous = app.client();
        // A link flags a comment as it arrives; it stays counted until a moderator acts.
        let spam = "Mua hàng giảm giá tại https://quang-cao.example ngay hôm nay!";
        let (status, receipt, _) = api_comment(&app, &anonymous, &s, json!({ "text": spam })).await;
        assert_eq!(status, 201);
        let spam_id = receipt["id"].as_i64().expect("id");
        let spam_code = receipt["receipt"].as_str().expect("code").to_owned();
        let row = comments::get(&app.db, spam_id).await.expect("q").expect("stored");
        assert_eq!(row.moderation, "flagged");
        assert!(row.moderation_reason.as_deref().unwrap_or_default().contains("liên kết"));

        // Three near-duplicates form a group; one of them will turn out to be abuse.
        let campaign = "Đề nghị giữ nguyên quy định về thời hạn giải quyết hồ sơ tại khoản 2 Điều 5 vì phù hợp thực tế địa phương.";
        let batch: Vec<NewComment> = (0..3).map(|_| s.comment(Some(s.provisions[1]), campaign)).collect();
        let ids = app.store_grouped(&batch).await;
        let group = duthao::storage::groups::group_of_comment(&app.db, ids[1]).await.expect("q").expect("grouped");

        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let queue = app.page(&editor, &format!("/editor/consultations/{}/moderation", s.consultation_id)).await;
        assert!(queue.contains("<span id=\"flagged-count\">1</span>"), "{queue}");
        assert!(queue.contains("quang-cao.example"));
        let decide = |id: i64, decision: &'static str, reason: &'static str| {
            let editor = editor.clone();
            let url = app.url(&format!("/editor/comments/{id}/moderation"));
            async move {
                editor
                    .post(url)
                    .form(&[("decision", decision), ("reason", reason)])
                    .send()
                    .await
                    .expect("POST")
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(decide(spam_id, "hide", "").await, 422, "hiding needs a reason");
        assert_eq!(decide(spam_id, "delete", "x").await, 422);
        assert_eq!(decide(spam_id, "hide", "Quảng cáo").await, 303);
        assert_eq!(decide(ids[1], "hide", "Nội dung xúc phạm").await, 303);

        // Hidden, never deleted: the text is kept and the commenter sees why.
        let row = comments::get(&app.db, spam_id).await.expect("q").expect("kept");
        assert_eq!((row.moderation.as_str(), row.body.as_str()), ("hidden", spam));
        let page = app.page(&anonymous, &format!("/receipts/{spam_code}")).await;
        assert!(page.contains("đã bị ẩn") && page.contains("Quảng cáo"), "{page}");
        // The hidden comment left its group; the group goes on with the other two.
        assert_eq!(duthao::storage::groups::group_of_comment(&app.db, ids[1]).await.expect("q"), None);
        let kept = duthao::storage::groups::get(&app.db, group).await.expect("q").expect("group stays");
        assert_eq!(kept.size, 2);
        // Out of the answer queue and the report, which says how many were left out.
        let unanswered = dispositions::queue(&app.db, s.consultation_id, Queue::Unanswered, 100, 0).await.expect("q");
        let alone: Vec<i64> = unanswered.iter().filter(|u| u.unit_kind == "c").map(|u| u.unit_id).collect();
        assert!(!alone.contains(&spam_id) && !alone.contains(&ids[1]), "{unanswered:?}");
        assert_eq!(unanswered.len(), 1, "the group of two is the only unit left: {unanswered:?}");
        let report = app
            .page(&editor, &format!("/editor/consultations/{}/report?draft={}", s.consultation_id, s.draft_id))
            .await;
        assert!(!report.contains("quang-cao.example"), "{report}");
        assert!(report.contains("2 ý kiến có nội dung vi phạm quy định"), "{report}");
        let public = app.page(&anonymous, &format!("/consultations/{}/synthesis", s.consultation_id)).await;
        let opening: String = campaign.chars().take(40).collect();
        assert!(!public.contains("quang-cao.example") && public.contains(&opening));
        // Regrouping never pulls a hidden comment back into a group.
        let regrouped =
            duthao::storage::groups::regroup(&app.db, None, s.consultation_id, std::slice::from_ref(&ids), ids[2]).await;
        regrouped.expect("regroup");
        assert_eq!(duthao::storage::groups::group_of_comment(&app.db, ids[1]).await.expect("q"), None);

        let hidden = app.page(&editor, &format!("/editor/consultations/{}/moderation?state=hidden", s.consultation_id)).await;
        assert!(hidden.contains("<span id=\"hidden-count\">2</span>") && hidden.contains("Nội dung xúc phạm"));
        // A page past the end is the last page, with the state kept.
        let past = editor
            .get(app.url(&format!("/editor/consultations/{}/moderation?state=hidden&page=9223372036854775807", s.consultation_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(past.status(), 303);
        let last = format!("/editor/consultations/{}/moderation?state=hidden&page=1", s.consultation_id);
        assert_eq!(past.headers().get("location").and_then(|l| l.to_str().ok()), Some(last.as_str()));
        // Shown again, it is back in the report; every decision is audited.
        assert_eq!(decide(spam_id, "show", "").await, 303);
        assert_eq!(decide(ids[0], "flag", "Kiểm tra lại").await, 303);
        let report = app
            .page(&editor, &format!("/editor/consultations/{}/report?draft={}", s.consultation_id, s.draft_id))
            .await;
        assert!(report.contains("quang-cao.example") && report.contains("1 ý kiến có nội dung vi phạm"));
        let actions: Vec<String> =
            sqlx::query_scalar("SELECT action FROM audit_event WHERE action LIKE 'comment.%' ORDER BY id")
                .fetch_all(&app.db.pool)
                .await
                .expect("audit");
        assert_eq!(actions, ["comment.hidden", "comment.hidden", "comment.shown", "comment.flagged"]);
        assert!(duthao::storage::audit::verify(&app.db.pool).await.expect("verify").broken.is_none());
        // Moderation is the editors' work.
        let citizen = app.signed_in("congdan", &[Role::Public], None).await;
        let refused = citizen
            .post(app.url(&format!("/editor/comments/{spam_id}/moderation")))
            .form(&[("decision", "hide"), ("reason", "x")])
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn commenters_choose_whether_their_name_is_public() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let anonymous = app.client();
        let post = |name: &'static str, body: &'static str, public: bool| {
            let mut fields = vec![
                ("version_id", s.version_id.to_string()),
                ("provision_id", s.provisions[1].to_string()),
                ("body", body.to_owned()),
                ("author_name", name.to_owned()),
                ("author_email", "nguoi.gop.y@example.vn".to_owned()),
            ];
            if public {
                fields.push(("name_public", "1".to_owned()));
            }
            let client = anonymous.clone();
            let app = &app;
            async move {
                let response = app.post_comment_form(&client, s.draft_id, &fields).await;
                assert_eq!(response.status(), 303);
                response.headers()["location"].to_str().expect("location").to_owned()
            }
        };
        let open = post("Lê Văn Công Khai", "Đề nghị quy định rõ thời hạn trả lời công dân.", true).await;
        post(
            "Phạm Thị Riêng Tư",
            "Đề nghị bổ sung hình thức nộp hồ sơ trực tuyến cho người cao tuổi.",
            false,
        )
        .await;
        let receipt = app.page(&anonymous, &open).await;
        assert!(receipt.contains("Họ tên được công khai"), "{receipt}");

        let public = app.page(&anonymous, &format!("/consultations/{}/synthesis", s.consultation_id)).await;
        assert!(public.contains("Ông/bà Lê Văn Công Khai"), "{public}");
        assert!(!public.contains("Phạm Thị Riêng Tư") && public.contains("Ý kiến của cá nhân"));
        assert!(!public.contains("example.vn"), "an e-mail is never public");
        // The official report, for the approving body, names both.
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let report = app
            .page(
                &editor,
                &format!("/editor/consultations/{}/report?draft={}", s.consultation_id, s.draft_id),
            )
            .await;
        assert!(report.contains("Ông/bà Lê Văn Công Khai") && report.contains("Ông/bà Phạm Thị Riêng Tư"));
        // Through the API too.
        let body = json!({ "text": "Góp ý qua API.", "author_name": "Đỗ Văn Api", "name_public": true });
        assert_eq!(api_comment(&app, &anonymous, &s, body).await.0, 201);
        let public = app.page(&anonymous, &format!("/consultations/{}/synthesis", s.consultation_id)).await;
        assert!(public.contains("Ông/bà Đỗ Văn Api"));
    })
    .await;
}
