//! Posting comments and looking them up by receipt.

use crate::harness::{TestApp, seed};

fn receipt_from_location(response: &reqwest::Response) -> String {
    let location = response.headers().get("location").expect("redirect to receipt").to_str().expect("ascii");
    let code = location.trim_start_matches("/receipts/").split('?').next().expect("code");
    code.to_owned()
}

#[tokio::test]
async fn anonymous_comment_on_a_provision_gets_a_durable_receipt() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let response = app
            .post_comment_form(
                &client,
                s.draft_id,
                &[
                    ("version_id", s.version_id.to_string()),
                    ("provision_id", s.provisions[2].to_string()),
                    ("body", "Đề nghị bổ sung cụm từ \"và chịu trách nhiệm\" vào cuối khoản 1.".to_owned()),
                    ("author_name", "Nguyễn Thị Hoà".to_owned()),
                ],
            )
            .await;
        assert_eq!(response.status(), 303, "{}", app.backend);
        let code = receipt_from_location(&response);
        assert!(code.starts_with("DT-") && code.len() == 12, "receipt code shape: {code}");

        // The comment is stored before the receipt is shown.
        let stored = duthao::storage::comments::by_receipt(
            &app.db,
            &duthao::domain::ReceiptCode::parse(&code).expect("valid code"),
        )
        .await
        .expect("query")
        .expect("stored");
        assert_eq!(stored.provision_id, Some(s.provisions[2]));
        assert_eq!(stored.channel, "web");

        let page = client
            .get(app.url(&format!("/receipts/{code}?new=1")))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(page.contains(&code));
        assert!(page.contains("và chịu trách nhiệm"));
        assert!(page.contains("Khoản 1"));
        assert!(page.contains("Nguyễn Thị Hoà"));

        // Lookup by the code typed loosely.
        let typed = code.to_lowercase().replace('-', " ");
        let lookup = client
            .get(app.url(&format!("/receipts?code={}", typed.replace(' ', "+"))))
            .send()
            .await
            .expect("GET");
        assert_eq!(lookup.status(), 303);

        // The draft page counts it.
        let draft = client
            .get(app.url(&format!("/drafts/{}", s.draft_id)))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(draft.contains("1 góp ý"));
    })
    .await;
}

#[tokio::test]
async fn a_receipt_shows_the_audit_event_that_recorded_it_and_catches_an_altered_text() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let response = app
            .post_comment_form(
                &client,
                s.draft_id,
                &[
                    ("version_id", s.version_id.to_string()),
                    ("provision_id", s.provisions[1].to_string()),
                    ("body", "Đề nghị làm rõ phạm vi điều chỉnh.".to_owned()),
                ],
            )
            .await;
        let code = receipt_from_location(&response);
        let page = app.page(&client, &format!("/receipts/{code}")).await;
        assert!(page.contains("sự kiện số") && page.contains("khớp đúng"), "{page}");
        // The event is in the hash chain, and lists the comment's digest.
        let id = duthao::domain::ReceiptCode::parse(&code).expect("code").comment_id(&app.db.receipt_key);
        let row = duthao::storage::comments::get(&app.db, id).await.expect("q").expect("stored");
        let proof =
            duthao::storage::comments::audit_proof(&app.db, &row).await.expect("q").expect("recorded");
        assert!(proof.matches && page.contains(&proof.digest) && page.contains(&proof.event_hash));
        let trail = duthao::storage::audit::verify(&app.db.pool).await.expect("verify");
        assert!(trail.broken.is_none() && trail.events >= 1);

        // Someone alters the stored text: the receipt says so.
        sqlx::query("UPDATE comment SET body = $1 WHERE id = $2")
            .bind("Đề nghị bỏ toàn bộ Điều 1.")
            .bind(id)
            .execute(&app.db.pool)
            .await
            .expect("tamper");
        let page = app.page(&client, &format!("/receipts/{code}")).await;
        assert!(page.contains("KHÔNG khớp"), "{page}");
        // And changing the digest recorded in the event instead breaks the chain.
        sqlx::query("UPDATE audit_event SET detail = REPLACE(detail, $1, $2) WHERE id = $3")
            .bind(&proof.digest)
            .bind("0".repeat(64))
            .bind(proof.event_id)
            .execute(&app.db.pool)
            .await
            .expect("tamper");
        let trail = duthao::storage::audit::verify(&app.db.pool).await.expect("verify");
        assert_eq!(trail.broken.map(|b| b.event_id), Some(proof.event_id));
    })
    .await;
}

#[tokio::test]
async fn empty_whitespace_and_over_long_comments_are_refused_and_nothing_is_stored() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        for (body, expect) in [
            (String::new(), "để trống"),
            ("   \n\t  ".to_owned(), "để trống"),
            ("ý".repeat(10_001), "vượt giới hạn 10000 ký tự"),
        ] {
            let response = app
                .post_comment_form(
                    &client,
                    s.draft_id,
                    &[("version_id", s.version_id.to_string()), ("body", body)],
                )
                .await;
            assert_eq!(response.status(), 422);
            let text = response.text().await.expect("body");
            assert!(text.contains(expect), "message for bad comment: {text}");
        }
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}

#[tokio::test]
async fn closed_consultation_refuses_comments() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", -1).await;
        let response = app
            .post_comment_form(
                &app.client(),
                s.draft_id,
                &[("version_id", s.version_id.to_string()), ("body", "Góp ý muộn.".to_owned())],
            )
            .await;
        assert_eq!(response.status(), 409);
        assert!(response.text().await.expect("body").contains("không nhận thêm góp ý"));
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}

#[tokio::test]
async fn comment_on_a_provision_of_another_consultation_is_refused() {
    TestApp::each(|app| async move {
        let a = seed(&app.db, "public", 10).await;
        let b = seed(&app.db, "public", 10).await;
        let response = app
            .post_comment_form(
                &app.client(),
                a.draft_id,
                &[
                    ("version_id", a.version_id.to_string()),
                    ("provision_id", b.provisions[1].to_string()),
                    ("body", "Góp ý nhầm chỗ.".to_owned()),
                ],
            )
            .await;
        assert_eq!(response.status(), 422);
        assert!(response.text().await.expect("body").contains("không thuộc dự thảo"));
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}

#[tokio::test]
async fn agreement_marks_count_once_per_browser() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let browser = app.client();
        let url = app.url(&format!("/provisions/{}/agreement", s.provisions[1]));
        // The first visit gives the browser its id.
        browser.get(app.url(&format!("/drafts/{}", s.draft_id))).send().await.expect("GET");
        for _ in 0..3 {
            let r = browser.post(&url).form(&[("agrees", "1")]).send().await.expect("POST");
            assert_eq!(r.status(), 303);
        }
        let other = app.client();
        other.post(&url).form(&[("agrees", "0")]).send().await.expect("POST");
        let counts =
            duthao::storage::comments::agreement_counts(&app.db.pool, s.version_id).await.expect("counts");
        assert_eq!(counts.get(&s.provisions[1]), Some(&(1, 1)));
        // Changing one's mind moves the mark.
        browser.post(&url).form(&[("agrees", "0")]).send().await.expect("POST");
        let counts =
            duthao::storage::comments::agreement_counts(&app.db.pool, s.version_id).await.expect("counts");
        assert_eq!(counts.get(&s.provisions[1]), Some(&(0, 2)));
    })
    .await;
}

#[tokio::test]
async fn invited_only_consultation_takes_comments_from_representatives_for_their_organisation() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "invited", 10).await;
        let form = [("version_id", s.version_id.to_string()), ("body", "Thống nhất với dự thảo.".to_owned())];
        // Anonymous: refused, with the reason.
        let anonymous = app.post_comment_form(&app.client(), s.draft_id, &form).await;
        assert_eq!(anonymous.status(), 409);
        assert!(anonymous.text().await.expect("body").contains("chỉ dành cho cơ quan, tổ chức được mời"));

        // A representative of the invited organisation: accepted, counted for it.
        let rep = app.signed_in("daidien", &[duthao::domain::Role::OrgRepresentative], Some(s.org_id)).await;
        let accepted = app.post_comment_form(&rep, s.draft_id, &form).await;
        assert_eq!(accepted.status(), 303);
        let (rows, total) = duthao::storage::comments::list(
            &app.db,
            &duthao::storage::comments::CommentFilter {
                consultation_id: Some(s.consultation_id),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .expect("list");
        assert_eq!(total, duthao::storage::comments::Total { n: 1, exact: true });
        assert_eq!(rows[0].organisation_id, Some(s.org_id));
    })
    .await;
}

#[tokio::test]
async fn form_bodies_that_are_not_utf8_are_refused_in_vietnamese() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let body = format!("version_id={}&body=%FF%FEabc", s.version_id);
        let response = app
            .client()
            .post(app.url(&format!("/drafts/{}/comments", s.draft_id)))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), 422);
        assert!(response.text().await.expect("body").contains("không phải văn bản UTF-8 hợp lệ"));
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}

#[tokio::test]
async fn anonymous_comments_are_rate_limited_per_address() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let mut statuses = Vec::new();
        for i in 0..32 {
            let response = app
                .post_comment_form(
                    &client,
                    s.draft_id,
                    &[("version_id", s.version_id.to_string()), ("body", format!("Góp ý số {i}."))],
                )
                .await;
            statuses.push(response.status().as_u16());
            if response.status() == 429 {
                assert!(response.headers().contains_key("retry-after"));
                assert!(response.text().await.expect("body").contains("quá nhiều góp ý"));
            }
        }
        // A burst of 30 passes; then the bucket refills one comment every 2 s, so a very
        // slow machine may let one more through, never both.
        assert!(statuses[..30].iter().all(|&s| s == 303), "{statuses:?}");
        assert!(statuses[30..].contains(&429), "{statuses:?}");
        let accepted = statuses.iter().filter(|&&s| s == 303).count() as i64;
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), accepted);
    })
    .await;
}

/// Pages count comments from the tallies, which are written with the comments; lists
/// with other filters count up to a cap and say "more than".
#[tokio::test]
async fn lists_count_from_tallies_and_cap_other_counts() {
    use duthao::storage::comments::{self, COUNT_CAP, CommentFilter, NewComment, Total};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let n = COUNT_CAP + 25;
        let batch: Vec<NewComment> = (0..n)
            .map(|i| NewComment {
                consultation_id: s.consultation_id,
                version_id: s.version_id,
                provision_id: if i % 5 == 0 { None } else { Some(s.provisions[1]) },
                quote: None,
                body: format!("Góp ý số {i}"),
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
        comments::insert_many(&app.db, &batch).await.expect("insert");
        assert_eq!(comments::count_all(&app.db.pool).await.expect("tally"), n);
        assert_eq!(comments::count_rows(&app.db.pool).await.expect("rows"), n);
        let counts = comments::counts_by_provision(&app.db.pool, s.version_id).await.expect("counts");
        assert_eq!(counts.get(&None), Some(&((n + 4) / 5)));
        assert_eq!(counts.get(&Some(s.provisions[1])), Some(&(n - (n + 4) / 5)));

        let by_provision = CommentFilter { provision_id: Some(s.provisions[1]), ..Default::default() };
        let (rows, total) = comments::list(&app.db, &by_provision, 3, 0).await.expect("list");
        assert_eq!(total, Total { n: n - (n + 4) / 5, exact: true });
        assert_eq!(rows.len(), 3);
        assert!(rows[0].created_at >= rows[1].created_at && rows[0].id > rows[1].id, "newest first");
        let by_draft = CommentFilter { draft_id: Some(s.draft_id), ..Default::default() };
        assert_eq!(comments::list(&app.db, &by_draft, 1, 0).await.expect("list").1, Total { n, exact: true });

        let by_channel = CommentFilter { channel: Some("web".into()), ..Default::default() };
        let (_, capped) = comments::list(&app.db, &by_channel, 1, 0).await.expect("list");
        assert_eq!(capped, Total { n: COUNT_CAP, exact: false });
        let by_other_channel = CommentFilter { channel: Some("email".into()), ..Default::default() };
        assert_eq!(
            comments::list(&app.db, &by_other_channel, 1, 0).await.expect("list").1,
            Total { n: 0, exact: true }
        );

        let editor = app.signed_in("bientap", &[duthao::domain::Role::Editor], None).await;
        let html = app.page(&editor, "/editor/comments?channel=web").await;
        assert!(html.contains("(hơn 10.000)"), "a capped count says so");
        assert!(html.contains("rel=\"next\""), "and still pages on");
        let html = app.page(&editor, "/editor/comments").await;
        assert!(html.contains("(10.025)"), "an exact count is grouped with dots");
    })
    .await;
}

/// The group commit keeps one connection for its batches. A batch that fails (here
/// one row names a consultation that does not exist) is stored comment by comment,
/// so that only the bad row fails, and the batches after it are written on a fresh
/// connection.
#[tokio::test]
async fn the_group_commit_survives_a_failed_batch() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let writer = duthao::intake::writer::comments(app.db.clone()).expect("writer starts");
        let mut rows: Vec<_> =
            (0..20).map(|i| s.comment(Some(s.provisions[1]), &format!("Góp ý lô đầu số {i}"))).collect();
        rows[7].consultation_id = 9_999_999;
        let first = write_all(&writer, rows).await;
        for (i, result) in first.iter().enumerate() {
            assert_eq!(result.is_ok(), i != 7, "row {i}: {result:?}");
        }
        let later =
            write_all(&writer, (0..10).map(|i| s.comment(None, &format!("Góp ý lô sau số {i}"))).collect())
                .await;
        let mut stored = Vec::new();
        for result in first.into_iter().chain(later).flatten() {
            let (id, _) = result;
            let body: String = sqlx::query_scalar("SELECT body FROM comment WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .expect("an acknowledged comment is stored");
            stored.push(body);
        }
        assert_eq!(stored.len(), 29);
        assert!(
            stored.contains(&"Góp ý lô đầu số 19".to_owned())
                && stored.contains(&"Góp ý lô sau số 9".to_owned())
        );
        assert!(!stored.contains(&"Góp ý lô đầu số 7".to_owned()));
    })
    .await;
}

/// Hands every row to the writer at once; the results in row order.
async fn write_all(
    writer: &duthao::intake::writer::Writer,
    rows: Vec<duthao::storage::comments::NewComment>,
) -> Vec<Result<(i64, duthao::domain::ReceiptCode), duthao::storage::StorageError>> {
    let tasks: Vec<_> = rows
        .into_iter()
        .map(|row| {
            let writer = writer.clone();
            tokio::spawn(async move { writer.write(row).await })
        })
        .collect();
    let mut results = Vec::with_capacity(tasks.len());
    for task in tasks {
        results.push(task.await.expect("writer task"));
    }
    results
}

/// A batch's ids are its own rows' ids, in order, and never ids used before: on
/// SQLite they are worked out from the last inserted rowid (no RETURNING), which is
/// right only because the table never reuses an id, even after the newest rows are
/// deleted.
#[tokio::test]
async fn batch_ids_are_the_rows_own_even_after_the_newest_rows_are_deleted() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let first: Vec<_> =
            (0..6).map(|i| s.comment(Some(s.provisions[1]), &format!("Góp ý lô một số {i}"))).collect();
        let first_ids: Vec<i64> = duthao::storage::comments::insert_batch(&app.db, &first)
            .await
            .expect("first batch")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let newest = *first_ids.iter().max().expect("ids");
        sqlx::query("DELETE FROM comment WHERE id >= $1")
            .bind(first_ids[4])
            .execute(&app.db.pool)
            .await
            .expect("delete the newest two");
        let second: Vec<_> = (0..5).map(|i| s.comment(None, &format!("Góp ý lô hai số {i}"))).collect();
        let stored = duthao::storage::comments::insert_batch(&app.db, &second).await.expect("second batch");
        assert_eq!(stored.len(), 5);
        for (i, (id, code)) in stored.iter().enumerate() {
            assert!(*id > newest, "id {id} was used before (newest was {newest})");
            let body: String = sqlx::query_scalar("SELECT body FROM comment WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .expect("the id is a stored comment");
            assert_eq!(body, format!("Góp ý lô hai số {i}"));
            let found = duthao::storage::comments::by_receipt(&app.db, code).await.expect("look-up");
            assert_eq!(found.map(|c| c.id), Some(*id), "receipt {code:?} names row {id}");
        }
    })
    .await;
}

/// The tails (search index, grouping) take a batch the group commit has just stored
/// from memory (`storage::feed`): what they get there is exactly what they would read
/// from the database, and a comment stored some other way is left to the database.
#[tokio::test]
async fn the_feed_serves_the_tails_what_the_database_holds() {
    use duthao::storage::{comments, groups};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let batch = vec![
            s.comment(Some(s.provisions[0]), "Đề nghị làm rõ khoản 1."),
            comments::NewComment {
                channel: "api".to_owned(),
                created_at: Some(1_767_225_600_000),
                quote: Some("trích dẫn".to_owned()),
                ..s.comment(None, "Góp ý chung cho toàn bộ dự thảo.")
            },
            s.comment(Some(s.provisions[1]), "Thống nhất với dự thảo."),
        ];
        // A reader of the feed of its own: the running tails' reading lets rows go.
        let feed = app.db.feed.reader();
        let stored = comments::insert_batch(&app.db, &batch).await.expect("stored");
        let before = stored[0].0 - 1;
        let from_db = comments::index_rows_after(&app.db.pool, before, 100).await.expect("read");
        let fed = feed.index_rows_after(&app.db, before, 100).await.expect("fed");
        assert_eq!(from_db.len(), 3);
        assert_eq!(format!("{:?}", fed.expect("the batch is in the feed")), format!("{from_db:?}"));
        let from_db = groups::rows_after(&app.db, before, 100).await.expect("read");
        let fed = feed.grouping_rows_after(&app.db, before, 100).await.expect("fed");
        assert_eq!(format!("{:?}", fed.expect("the batch is in the feed")), format!("{from_db:?}"));
        // From the middle of the batch, and no further than asked.
        let fed = feed.index_rows_after(&app.db, stored[0].0, 1).await.expect("fed").expect("in the feed");
        assert_eq!(fed.iter().map(|r| r.id).collect::<Vec<_>>(), [stored[1].0]);

        let last = stored[2].0;
        comments::insert_many(&app.db, &[s.comment(None, "Nhập từ tệp.")]).await.expect("imported");
        assert!(feed.index_rows_after(&app.db, last, 100).await.expect("fed").is_none());
        assert_eq!(comments::index_rows_after(&app.db.pool, last, 100).await.expect("read").len(), 1);
    })
    .await;
}

/// On SQLite the group commit stores comments unsettled and puts them into the
/// provision index in bulk (`comments::Settling`): a list by provision merges the
/// settled and the unsettled comments in order, page after page. (PostgreSQL never
/// stores a comment unsettled and reads the settled part alone: the same lists there.)
#[tokio::test]
async fn lists_by_provision_merge_settled_and_unsettled_comments() {
    use duthao::storage::comments::{self, CommentFilter};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let base = 1_700_000_000_000_i64;
        let at = |i: i64, text: String| {
            let mut c = s.comment(Some(s.provisions[1]), &text);
            c.created_at = Some(base + i);
            c
        };
        // Settled comments every 1,000 ms; then, stored after them, comments whose
        // times fall between theirs (an import with dates), made unsettled below.
        let settled: Vec<_> = (0..30).map(|i| at(i * 1_000, format!("Góp ý đã xếp {i}"))).collect();
        comments::insert_many(&app.db, &settled).await.expect("settled comments");
        let unsettled: Vec<_> = (0..10).map(|i| at(i * 3_000 + 500, format!("Góp ý chờ xếp {i}"))).collect();
        let ids: Vec<i64> = comments::insert_batch(&app.db, &unsettled)
            .await
            .expect("batch")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        // One comment on another provision, unsettled too: never listed here.
        let other = comments::insert_batch(&app.db, &[s.comment(Some(s.provisions[2]), "Góp ý khác")])
            .await
            .expect("other")[0]
            .0;
        let unsettles = app.db.dialect.settles_later();
        if unsettles {
            sqlx::query("UPDATE comment SET settled = 0 WHERE id >= $1")
                .bind(ids[0])
                .execute(&app.db.pool)
                .await
                .expect("unsettle the batch and the other comment");
            assert!(other > ids[9]);
        }

        let mut expected: Vec<(i64, String)> = settled
            .iter()
            .chain(&unsettled)
            .map(|c| (c.created_at.expect("a time"), c.body.clone()))
            .collect();
        expected.sort_by_key(|e| std::cmp::Reverse(e.0));
        let expected: Vec<String> = expected.into_iter().map(|(_, body)| body).collect();
        let read_all = |filter: CommentFilter| {
            let db = app.db.clone();
            async move {
                let mut bodies = Vec::new();
                for page in 0..6 {
                    let (rows, total) = comments::list(&db, &filter, 7, page * 7).await.expect("list");
                    assert_eq!(total.n, 40);
                    bodies.extend(rows.into_iter().map(|r| r.body));
                }
                bodies
            }
        };
        let by_provision = CommentFilter { provision_id: Some(s.provisions[1]), ..Default::default() };
        // With a filter the tallies do not count: counted row by row, both parts.
        let with_consultation = CommentFilter {
            consultation_id: Some(s.consultation_id),
            channel: Some("web".into()),
            ..by_provision.clone()
        };
        assert_eq!(read_all(by_provision.clone()).await, expected, "newest first, both parts merged");
        assert_eq!(read_all(with_consultation.clone()).await, expected);
        let oldest_first = duthao::storage::revisions::comments_on(&app.db, s.provisions[1], 100)
            .await
            .expect("comments on");
        let mut by_id: Vec<i64> = oldest_first.iter().map(|c| c.id).collect();
        assert_eq!(by_id.len(), 40);
        by_id.dedup();
        assert!(by_id.windows(2).all(|w| w[0] < w[1]), "in id order: {by_id:?}");

        // Settling moves them into the provision index; the lists do not change.
        assert_eq!(comments::settle(&app.db).await.expect("settle"), if unsettles { 11 } else { 0 });
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment WHERE settled = 0")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        assert_eq!(left, 0);
        assert_eq!(read_all(by_provision).await, expected);
        assert_eq!(read_all(with_consultation).await, expected);
        assert_eq!(
            duthao::storage::revisions::comments_on(&app.db, s.provisions[1], 100)
                .await
                .expect("comments on")
                .len(),
            40
        );
    })
    .await;
}

/// The group commit's own batches are stored unsettled on SQLite and all settled by
/// a later settling; on PostgreSQL they are stored settled.
#[tokio::test]
async fn the_group_commit_settles_what_it_stored_unsettled() {
    use duthao::storage::comments::{self, Settling};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        // A settling that never falls due by itself: what the batches leave is theirs.
        let db = duthao::storage::Db {
            settling: std::sync::Arc::new(Settling::new(usize::MAX, i64::MAX)),
            ..app.db.clone()
        };
        for round in 0..3 {
            let batch: Vec<_> = (0..5)
                .map(|i| s.comment(Some(s.provisions[1]), &format!("Góp ý vòng {round} số {i}")))
                .collect();
            comments::insert_batch(&db, &batch).await.expect("batch");
        }
        let count = |settled: i64| {
            let pool = db.pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM comment WHERE settled = $1")
                    .bind(settled)
                    .fetch_one(&pool)
                    .await
                    .expect("count")
            }
        };
        let later = db.dialect.settles_later();
        assert_eq!(count(0).await, if later { 15 } else { 0 });
        let by_provision =
            comments::CommentFilter { provision_id: Some(s.provisions[1]), ..Default::default() };
        let (rows, total) = comments::list(&db, &by_provision, 100, 0).await.expect("list");
        assert_eq!((rows.len(), total.n), (15, 15), "listed before they are settled");
        assert_eq!(comments::settle(&db).await.expect("settle"), if later { 15 } else { 0 });
        let (rows, total) = comments::list(&db, &by_provision, 100, 0).await.expect("list");
        assert_eq!((rows.len(), total.n), (15, 15));
        assert_eq!((count(0).await, count(1).await), (0, 15));
    })
    .await;
}

#[tokio::test]
async fn a_form_sent_twice_with_its_key_is_stored_once() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let key = "0019ad6f2a00-5f1c0e8d9b7a41c2a3e4f5061728394a";
        let fields = |body: &str, key: &str| {
            vec![
                ("version_id", s.version_id.to_string()),
                ("provision_id", s.provisions[2].to_string()),
                ("body", body.to_owned()),
                ("submission_key", key.to_owned()),
            ]
        };
        let body = "Đề nghị bổ sung quy định chuyển tiếp cho cán bộ cấp xã.";
        let first = app.post_comment_form(&client, s.draft_id, &fields(body, key)).await;
        assert_eq!(first.status(), 303, "{}", app.backend);
        // The second click of a double click: the same receipt, nothing stored again.
        let second = app.post_comment_form(&client, s.draft_id, &fields(body, key)).await;
        assert_eq!(second.status(), 303);
        assert_eq!(receipt_from_location(&second), receipt_from_location(&first));
        let count = || async { duthao::storage::comments::count_all(&app.db.pool).await.expect("count") };
        assert_eq!(count().await, 1);

        // The form edited after sending gets a new key from its script; the same key
        // with other text is refused and stores nothing.
        let reused = app.post_comment_form(&client, s.draft_id, &fields("Một góp ý khác.", key)).await;
        assert_eq!(reused.status(), 422);
        assert!(reused.text().await.expect("page").contains("đã được dùng cho một góp ý khác"));
        assert_eq!(count().await, 1);

        // An empty key (a page whose script did not run) is no key.
        for _ in 0..2 {
            let plain = app.post_comment_form(&client, s.draft_id, &fields(body, "")).await;
            assert_eq!(plain.status(), 303);
        }
        assert_eq!(count().await, 3);

        // The draft page loads the script that sets the key, and each form carries the field.
        let page = client.get(app.url(&format!("/drafts/{}", s.draft_id))).send().await.expect("GET");
        let page = page.text().await.expect("page");
        assert!(page.contains("/static/comment-form.js"));
        let forms = page.matches("class=\"comment-form\"").count();
        assert!(forms > 1);
        assert_eq!(page.matches("name=\"submission_key\"").count(), forms);
        let script = client.get(app.url("/static/comment-form.js")).send().await.expect("GET");
        assert_eq!(script.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn a_refused_comment_comes_back_with_what_was_typed() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let client = app.client();
        let too_long = format!("{} <b>đậm</b>", "ý".repeat(10_001));
        let typed = |body: &str| {
            vec![
                ("version_id", s.version_id.to_string()),
                ("provision_id", s.provisions[2].to_string()),
                ("body", body.to_owned()),
                ("quote", "Cán bộ có tư duy đổi mới.".to_owned()),
                ("author_name", "Trần Văn Bình".to_owned()),
                ("author_email", "binh@example.vn".to_owned()),
                ("name_public", "1".to_owned()),
                ("submission_key", "0019ad6f2a00-k1".to_owned()),
            ]
        };
        let refused = app.post_comment_form(&client, s.draft_id, &typed(&too_long)).await;
        assert_eq!(refused.status(), 422, "{}", app.backend);
        let page = refused.text().await.expect("page");
        // The text exactly as typed (escaped), not a character lost or added.
        let kept = page.split("</textarea>").next().and_then(|p| p.rsplit('>').next()).unwrap_or_default();
        assert!(kept == format!("{} &#60;b&#62;đậm&#60;/b&#62;", "ý".repeat(10_001)), "{}", kept.len());
        for shown in [
            "vượt giới hạn 10000 ký tự",
            "Góp ý chưa được gửi",
            "Khoản 1",
            &format!("action=\"/drafts/{}/comments\"", s.draft_id),
            &format!("name=\"provision_id\" value=\"{}\"", s.provisions[2]),
            &format!("name=\"version_id\" value=\"{}\"", s.version_id),
            "value=\"Cán bộ có tư duy đổi mới.\"",
            "value=\"Trần Văn Bình\"",
            "value=\"binh@example.vn\"",
            "name=\"name_public\" value=\"1\" checked",
            // Nothing was stored under the key: the script makes a new one.
            "name=\"submission_key\" value=\"\"",
            "/static/comment-form.js",
        ] {
            assert!(page.contains(shown), "the refusal page shows {shown}");
        }
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);

        // Mended and sent again from that page: taken.
        let mended = app.post_comment_form(&client, s.draft_id, &typed("Đề nghị rút gọn Khoản 1.")).await;
        assert_eq!(mended.status(), 303);

        // A closed consultation: the text is given back to keep, with no form to send.
        let closed = seed(&app.db, "public", -1).await;
        let late = app
            .post_comment_form(
                &client,
                closed.draft_id,
                &[("version_id", closed.version_id.to_string()), ("body", "Góp ý gửi muộn <3".to_owned())],
            )
            .await;
        assert_eq!(late.status(), 409);
        let page = late.text().await.expect("page");
        assert!(page.contains("không nhận thêm góp ý"));
        assert!(page.contains("readonly lang=\"vi\">Góp ý gửi muộn &#60;3</textarea>"), "{page}");
        assert!(!page.contains("method=\"post\" action=\"/drafts/"));
    })
    .await;
}

#[tokio::test]
async fn what_the_load_left_unsettled_is_settled_when_it_stops() {
    use duthao::storage::comments::{self, Settling};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let db = duthao::storage::Db {
            settling: std::sync::Arc::new(Settling::new(usize::MAX, 2_000)),
            ..app.db.clone()
        };
        let writer = duthao::intake::writer::comments(db.clone()).expect("writer");
        // One batch each: the first settles (none before it), the next two wait.
        for i in 0..3 {
            writer.write(s.comment(Some(s.provisions[1]), &format!("Góp ý số {i}"))).await.expect("stored");
        }
        let unsettled = || async {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM comment WHERE settled = 0")
                .fetch_one(&db.pool)
                .await
                .expect("count")
        };
        assert_eq!(unsettled().await, if db.dialect.settles_later() { 2 } else { 0 });
        // No comment comes after them: the writer settles them once the pace is up.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while unsettled().await > 0 {
            assert!(std::time::Instant::now() < deadline, "still unsettled after 20 s");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let by_provision =
            comments::CommentFilter { provision_id: Some(s.provisions[1]), ..Default::default() };
        let (rows, total) = comments::list(&db, &by_provision, 100, 0).await.expect("list");
        assert_eq!((rows.len(), total.n), (3, 3));
    })
    .await;
}

#[tokio::test]
async fn two_instances_given_one_key_store_one_comment() {
    use duthao::intake::{Commenter, Intake, Submission};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        // Two instances of the server on one database: no shared memory of keys.
        let one = Intake::start(app.db.clone(), 0, false).expect("intake");
        let other = Intake::start(app.db.clone(), 0, false).expect("intake");
        let submission = Submission {
            consultation_id: s.consultation_id,
            provision_id: Some(s.provisions[1]),
            body: "Đề nghị giữ nguyên Điều 1.".into(),
            author_name: Some("Phạm Thị Lan".into()),
            submission_key: Some("hai-may-chu".into()),
            ..Default::default()
        };
        let now = duthao::storage::now_ms();
        let commenter = Commenter::default();
        let channel = duthao::domain::Channel::Api;
        let (a, b) = tokio::join!(
            one.submit(submission.clone(), commenter, channel, now),
            other.submit(submission.clone(), commenter, channel, now),
        );
        let (a, b) = (a.expect("first"), b.expect("second"));
        assert_eq!((a.id, a.code.to_string()), (b.id, b.code.to_string()), "{}", app.backend);
        assert_eq!(u8::from(a.replayed) + u8::from(b.replayed), 1, "one stored it, the other was told");
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 1);

        // The same key and text from someone else, or with another name, is not a repeat.
        let someone = Commenter { user_id: Some(424_242), ..commenter };
        let theirs = one.submit(submission.clone(), someone, channel, now).await;
        assert!(matches!(theirs, Err(duthao::intake::IntakeError::KeyReused)), "{theirs:?}");
        let renamed = Submission { author_name: Some("Phạm Lan".into()), ..submission.clone() };
        let renamed = other.submit(renamed, commenter, channel, now).await;
        assert!(matches!(renamed, Err(duthao::intake::IntakeError::KeyReused)), "{renamed:?}");
        let on_web = one.submit(submission, commenter, duthao::domain::Channel::Web, now).await;
        assert!(matches!(on_web, Err(duthao::intake::IntakeError::KeyReused)), "{on_web:?}");
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 1);
    })
    .await;
}
