//! Public pages.

use crate::harness::{TestApp, seed};

#[tokio::test]
async fn home_lists_open_consultations_with_deadline_and_keywords() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let html = reqwest::get(app.url("/")).await.expect("GET /").text().await.expect("body");
        assert!(html.contains("Hồ sơ dự thảo Quy định khuyến khích cán bộ đổi mới"), "{}", app.backend);
        assert!(html.contains("Ban Tổ chức Trung ương"));
        assert!(html.contains(&format!("/dossiers/{}", s.dossier_id)));
        assert!(html.contains("còn 10 ngày"), "days left shown");
        assert!(html.contains("cán bộ") && html.contains("đổi mới"), "keywords shown");
        assert!(html.contains(r#"<html lang="vi""#));
    })
    .await;
}

#[tokio::test]
async fn closed_consultations_are_not_listed_as_open() {
    TestApp::each(|app| async move {
        seed(&app.db, "public", -1).await;
        let html = reqwest::get(app.url("/")).await.expect("GET /").text().await.expect("body");
        assert!(html.contains("Hiện không có đợt lấy ý kiến nào đang mở"));
        assert!(html.contains("Các hồ sơ khác"));
    })
    .await;
}

#[tokio::test]
async fn draft_page_shows_the_tree_counts_and_views() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let url = app.url(&format!("/drafts/{}", s.draft_id));
        let first = reqwest::get(&url).await.expect("GET draft").text().await.expect("body");
        assert!(first.contains("Chương I") && first.contains("NHỮNG QUY ĐỊNH CHUNG"));
        assert!(first.contains("Điều 1") && first.contains("Phạm vi điều chỉnh"));
        assert!(first.contains("Cán bộ dám nghĩ, dám làm."));
        assert!(first.contains("1 lượt xem"));
        let second = reqwest::get(&url).await.expect("GET draft").text().await.expect("body");
        assert!(second.contains("2 lượt xem"), "views are counted");
        assert!(second.contains("Góp ý chung cho toàn bộ dự thảo"));
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_answer_404_in_vietnamese() {
    TestApp::each(|app| async move {
        let response = reqwest::get(app.url("/drafts/999999")).await.expect("GET");
        assert_eq!(response.status(), 404);
        assert!(response.text().await.expect("body").contains("Không tìm thấy"));
        // An id that is not a number is a page that does not exist either, not axum's
        // English plain text naming a Rust type.
        for path in ["/drafts/abc", "/dossiers/1x", "/consultations/-/synthesis"] {
            let response = reqwest::get(app.url(path)).await.expect("GET");
            assert_eq!(response.status(), 404, "{path}");
            let html = response.text().await.expect("body");
            assert!(html.contains("Không tìm thấy") && !html.contains("i64"), "{path}: {html}");
        }
    })
    .await;
}

#[tokio::test]
async fn font_size_choice_is_remembered_per_browser() {
    TestApp::each(|app| async move {
        let client = app.client();
        let response = client
            .post(app.url("/font-size"))
            .form(&[("size", "large"), ("back", "/")])
            .send()
            .await
            .expect("POST font-size");
        assert_eq!(response.status(), 303);
        let html = client.get(app.url("/")).send().await.expect("GET /").text().await.expect("body");
        assert!(html.contains(r#"class="fs-large""#));
    })
    .await;
}

/// A body that uses only `app.db` still runs on the app's own database: the harness
/// keeps the data directory alive (a partial capture once deleted it under the test).
#[tokio::test]
async fn expired_sessions_are_not_loaded_and_are_deleted() {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::{ExpiredDeletion, SessionStore};
    TestApp::each(|app| async move {
        let store = duthao::storage::sessions::DbSessionStore::new(app.db.pool.clone());
        let now = time::OffsetDateTime::now_utc();
        let old = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: now - time::Duration::hours(1),
        };
        let live = Record {
            id: Id::default(),
            data: Default::default(),
            expiry_date: now + time::Duration::hours(1),
        };
        store.save(&old).await.expect("save");
        store.save(&live).await.expect("save");
        assert!(store.load(&old.id).await.expect("load").is_none(), "an expired session is not loaded");
        assert!(store.load(&live.id).await.expect("load").is_some());
        store.delete_expired().await.expect("delete");
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM web_session")
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
        assert_eq!(left, 1);
    })
    .await;
}

#[tokio::test]
async fn demo_loads_once_into_an_empty_database() {
    TestApp::each(|app| async move {
        assert!(duthao::demo::load_if_empty(&app.db).await.expect("demo loads"));
        assert!(!duthao::demo::load_if_empty(&app.db).await.expect("second call"), "loaded only once");
        // 2,000 generated, and 44 on the catalogs' entries (demo/catalogs/comments.json).
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 2_044);
        let orgs = duthao::storage::organisations::list(&app.db.pool).await.expect("orgs");
        assert_eq!(orgs.iter().filter(|o| o.kind == "province").count(), 34);
        let html = reqwest::get(app.url("/")).await.expect("GET /").text().await.expect("body");
        assert!(html.contains("Ban Tổ chức Trung ương") && html.contains("còn 25 ngày"), "{html}");
        // The regulation has its chapters and at least 15 articles.
        let dossier = duthao::storage::dossiers::list(&app.db.pool).await.expect("q").remove(0);
        let drafts = duthao::storage::drafts::drafts_of(&app.db.pool, dossier.id).await.expect("q");
        let regulation = drafts.iter().find(|d| d.kind == "quy_dinh").expect("regulation");
        let version = duthao::storage::drafts::latest_published(&app.db.pool, regulation.id)
            .await
            .expect("q")
            .expect("v");
        let provisions = duthao::storage::drafts::provisions(&app.db.pool, version.id).await.expect("q");
        assert!(provisions.iter().filter(|p| p.kind == "article").count() >= 15);
        assert!(provisions.iter().any(|p| p.kind == "chapter"));
        // The drafts were uploaded and published before the round opened and before any
        // comment on them, not at the moment the demo was loaded.
        let (opened, first_comment): (i64, i64) = sqlx::query_as(
            "SELECT MIN(c.opens_at), (SELECT MIN(created_at) FROM comment) FROM consultation c",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("q");
        let (uploaded, published): (i64, i64) =
            sqlx::query_as("SELECT MAX(created_at), MAX(published_at) FROM draft_version")
                .fetch_one(&app.db.pool)
                .await
                .expect("q");
        assert!(
            uploaded < published && published < opened.min(first_comment),
            "{uploaded} {published} {opened}"
        );
        // The schedule: five milestones, the last the submission deadline; the one due
        // in two days is warned of on the dashboard.
        let milestones = duthao::storage::schedule::of_dossier(&app.db, dossier.id).await.expect("q");
        assert_eq!(milestones.len(), 5);
        assert_eq!(milestones.last().map(|m| m.kind.as_str()), Some("submission_due"));
    })
    .await;
}

#[tokio::test]
async fn cross_site_form_posts_are_refused() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let form = [("version_id", s.version_id.to_string()), ("body", "Góp ý từ trang khác.".to_owned())];
        let forged = app
            .client()
            .post(app.url(&format!("/drafts/{}/comments", s.draft_id)))
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example")
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(forged.status(), 403);
        let same_site = app
            .client()
            .post(app.url(&format!("/drafts/{}/comments", s.draft_id)))
            .header("sec-fetch-site", "same-origin")
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(same_site.status(), 303);
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 1);
    })
    .await;
}

/// A transaction that reads and then writes must not fail because another connection
/// committed in between (SQLite's deferred BEGIN does: SQLITE_BUSY at the write).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_transactions_survive_a_commit_between_their_read_and_write() {
    TestApp::each(|app| async move {
        let pool = app.db.pool.clone();
        let mut tx = duthao::storage::dialect::begin_write(&pool).await.expect("begin");
        let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisation").fetch_one(&mut *tx).await.expect("read");
        // Another writer, meanwhile: it must wait for this transaction, or at least not
        // make it fail.
        let other = tokio::spawn(async move {
            duthao::storage::organisations::insert(&pool, None, "other", "KHAC-1", "Tổ chức khác").await
        });
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        sqlx::query("INSERT INTO organisation (parent_id, kind, code, name, created_at) VALUES (NULL, 'other', 'KHAC-2', 'Tổ chức thứ hai', 0)")
            .execute(&mut *tx)
            .await
            .expect("the write after the read succeeds");
        tx.commit().await.expect("commit");
        other.await.expect("task").expect("the other writer succeeds too");
        let after: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM organisation").fetch_one(&app.db.pool).await.expect("count");
        assert_eq!(after, before + 2);
    })
    .await;
}

/// Views are counted in memory and written in one transaction per flush.
#[tokio::test]
async fn counted_views_reach_the_database_on_flush() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let counter = duthao::web::views::ViewCounter::default();
        for _ in 0..3 {
            counter.record(s.draft_id);
        }
        assert_eq!(counter.count(s.draft_id, 0), 3);
        counter.flush(&app.db.pool).await;
        let draft =
            duthao::storage::drafts::get_draft(&app.db.pool, s.draft_id).await.expect("q").expect("draft");
        assert_eq!(draft.view_count, 3);
        // A page whose count was read (or cached) before the flush shows the same
        // number after it, not fewer; one read after it, not more.
        assert_eq!(counter.count(s.draft_id, 0), 3);
        assert_eq!(counter.count(s.draft_id, 3), 3);
        counter.record(s.draft_id);
        assert_eq!(counter.count(s.draft_id, 0), 4);
        // Views another instance wrote since show too.
        assert_eq!(counter.count(s.draft_id, 10), 11);
    })
    .await;
}

/// The interface speaks English to a browser that asks for it, or to a reader who
/// switches; content stays as written, marked Vietnamese.
#[tokio::test]
async fn the_interface_speaks_english_on_request() {
    crate::harness::TestApp::each(|app| async move {
        let s = crate::harness::seed(&app.db, "public", 10).await;
        let client = app.client();
        let get = |accept: &'static str| {
            let client = client.clone();
            let url = app.url("/");
            async move {
                client
                    .get(url)
                    .header("accept-language", accept)
                    .send()
                    .await
                    .expect("GET")
                    .text()
                    .await
                    .expect("body")
            }
        };
        let vietnamese = get("vi-VN,vi;q=0.9").await;
        assert!(vietnamese.contains("<html lang=\"vi\"") && vietnamese.contains("Dự thảo đang lấy ý kiến"));
        let english = get("en-GB,en;q=0.9,fr;q=0.5").await;
        assert!(english.contains("<html lang=\"en\""), "{english}");
        assert!(english.contains("Drafts open for comment") && english.contains("Sign in"), "{english}");
        assert!(english.contains(" days left") && english.contains("Public (everyone)"), "{english}");
        assert!(!english.contains("Đăng nhập") && !english.contains("Hạn góp ý"), "{english}");
        // The content is shown as written, and said to be Vietnamese.
        let dossier =
            duthao::storage::dossiers::get(&app.db.pool, s.dossier_id).await.expect("q").expect("dossier");
        assert!(english.contains(&format!("lang=\"vi\">{}</a>", dossier.title)), "{english}");
        // A browser in another language gets Vietnamese.
        assert!(get("fr-FR,de;q=0.8").await.contains("<html lang=\"vi\""));

        // The switch is remembered over the browser's own preference.
        let switch = client
            .post(app.url("/language"))
            .form(&[("lang", "en"), ("back", "/receipts")])
            .send()
            .await
            .expect("POST");
        assert_eq!(switch.status(), 303);
        assert_eq!(switch.headers()["location"], "/receipts");
        let home = get("vi-VN").await;
        assert!(home.contains("<html lang=\"en\"") && home.contains("Find a comment"), "{home}");
        let login = client.get(app.url("/login")).send().await.expect("GET").text().await.expect("body");
        assert!(login.contains("<label for=\"login\">User name</label>"), "{login}");
        let lookup =
            client.get(app.url("/receipts?code=XYZ")).send().await.expect("GET").text().await.expect("body");
        assert!(lookup.contains("This is not a receipt code"), "{lookup}");
        client.post(app.url("/language")).form(&[("lang", "vi")]).send().await.expect("POST");
        assert!(get("en").await.contains("<html lang=\"vi\""));
    })
    .await;
}
