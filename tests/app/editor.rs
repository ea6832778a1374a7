//! The editorial team's and the admin's pages: role checks, uploads, corrections,
//! publishing, consultation rounds, comment lists.

use duthao::domain::Role;
use duthao::storage::{dossiers, drafts};

use crate::harness::{TestApp, seed};

#[path = "../../crates/duthao-structure/tests/support/zip_bomb.rs"]
mod zip_bomb;

const EDITOR_PAGES: [&str; 7] = [
    "/editor",
    "/editor/comments",
    "/editor/versions/1",
    "/editor/dossiers/1/consultations/new",
    "/editor/dossiers/1/schedule",
    "/editor/calendar",
    "/editor/versions/1/akoma-ntoso",
];
const ADMIN_PAGES: [&str; 2] = ["/admin/users", "/admin/organisations"];

#[tokio::test]
async fn editor_and_admin_pages_check_the_role() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        // Anonymous: sent to sign in.
        for page in EDITOR_PAGES.iter().chain(&ADMIN_PAGES) {
            let r = app.client().get(app.url(page)).send().await.expect("GET");
            assert_eq!(r.status(), 303, "{page}");
            assert!(r.headers()["location"].to_str().expect("ascii").starts_with("/login?next="));
        }
        // A public user and an organisation's representative: refused.
        let public = app.signed_in("nguoidan", &[Role::Public], None).await;
        let representative = app.signed_in("daidien", &[Role::OrgRepresentative], Some(s.org_id)).await;
        for client in [&public, &representative] {
            for page in EDITOR_PAGES.iter().chain(&ADMIN_PAGES) {
                let r = client.get(app.url(page)).send().await.expect("GET");
                assert_eq!(r.status(), 403, "{page}");
            }
            let r = client
                .post(app.url(&format!("/editor/versions/{}/publish", s.version_id)))
                .send()
                .await
                .expect("POST");
            assert_eq!(r.status(), 403);
            let r = client
                .post(app.url("/admin/users"))
                .form(&[("login", "x"), ("name", "x"), ("password", "0123456789")])
                .send()
                .await
                .expect("POST");
            assert_eq!(r.status(), 403);
        }
        // An editor reaches the editor pages but not the admin pages.
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        for page in EDITOR_PAGES {
            let page = page
                .replace("/1", &format!("/{}", s.version_id))
                .replace(&format!("/dossiers/{}/", s.version_id), &format!("/dossiers/{}/", s.dossier_id));
            let r = editor.get(app.url(&page)).send().await.expect("GET");
            assert_eq!(r.status(), 200, "{page}");
        }
        for page in ADMIN_PAGES {
            assert_eq!(editor.get(app.url(page)).send().await.expect("GET").status(), 403);
        }
        let admin = app.signed_in("quantri", &[Role::Admin], None).await;
        for page in ADMIN_PAGES {
            assert_eq!(admin.get(app.url(page)).send().await.expect("GET").status(), 200);
        }
    })
    .await;
}

fn upload(name: &str, bytes: Vec<u8>, title: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("title", title.to_owned())
        .text("kind", "quy_dinh")
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()))
}

const DRAFT_WITH_A_GAP: &str = "QUY ĐỊNH\nVề thử nghiệm\n\nChương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\n1. Khoản một.\n2. Khoản hai.\n\nĐiều 3. Đối tượng\nCán bộ, công chức.\n";

#[tokio::test]
async fn editor_uploads_checks_corrects_publishes_and_opens_a_consultation() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let r = editor
            .post(app.url(&format!("/editor/dossiers/{}/drafts", s.dossier_id)))
            .multipart(upload("thu.txt", DRAFT_WITH_A_GAP.as_bytes().to_vec(), "Dự thảo thử nghiệm"))
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().expect("ascii").to_owned();
        let version_id: i64 = location.trim_start_matches("/editor/versions/").parse().expect("version id");

        // The parsed tree with the warning next to the line it concerns.
        let page = editor.get(app.url(&location)).send().await.expect("GET").text().await.expect("body");
        assert!(page.contains("Điều 1") && page.contains("Điều 3") && page.contains("Khoản 2"));
        assert!(page.contains("Thiếu Điều 2"), "gap warning shown: {page}");
        assert!(page.contains("<q>Điều 3. Đối tượng</q>"), "with the source line it concerns: {page}");
        assert!(page.contains("chưa công bố"));

        // The parser is corrected: "Khoản 2" becomes a point one level down.
        let provisions = drafts::provisions(&app.db.pool, version_id).await.expect("provisions");
        let clause2 = provisions.iter().find(|p| p.label == "Khoản 2").expect("clause 2");
        let r = editor
            .post(app.url(&format!("/editor/provisions/{}", clause2.id)))
            .form(&[("kind", "point"), ("label", "Điểm a"), ("level", "in")])
            .send()
            .await
            .expect("correct");
        assert_eq!(r.status(), 303);
        let corrected = drafts::get_provision(&app.db.pool, clause2.id).await.expect("q").expect("exists");
        let clause1 = provisions.iter().find(|p| p.label == "Khoản 1").expect("clause 1");
        assert_eq!((corrected.kind.as_str(), corrected.label.as_str()), ("point", "Điểm a"));
        assert_eq!(corrected.parent_id, Some(clause1.id));
        assert_eq!(corrected.depth, clause1.depth + 1);

        // Publish; the tree is then frozen.
        let r = editor
            .post(app.url(&format!("/editor/versions/{version_id}/publish")))
            .send()
            .await
            .expect("publish");
        assert_eq!(r.status(), 303);
        let r = editor
            .post(app.url(&format!("/editor/provisions/{}", clause2.id)))
            .form(&[("kind", "clause"), ("label", "Khoản 2"), ("level", "out")])
            .send()
            .await
            .expect("correct");
        assert_eq!(r.status(), 409);

        // Open an invited-only consultation on it, with a due date per organisation.
        let r = editor
            .post(app.url(&format!("/editor/dossiers/{}/consultations", s.dossier_id)))
            .form(&[
                ("title", "Đợt 2"),
                ("opens", "2020-04-01"),
                ("closes", "2099-05-15"),
                ("audience", "invited"),
                ("version", &version_id.to_string()),
                ("invite", &s.org_id.to_string()),
                (&format!("due_{}", s.org_id), "2099-05-10"),
            ])
            .send()
            .await
            .expect("create consultation");
        assert_eq!(r.status(), 303);
        let open = duthao::storage::consultations::open_for_version(
            &app.db.pool,
            version_id,
            duthao::storage::now_ms(),
        )
        .await
        .expect("q")
        .expect("consultation open");
        assert_eq!(open.audience, "invited");
        assert_eq!(duthao::domain::vntime::date_time(open.closes_at), "23:59 15/05/2099");
        let invitations =
            duthao::storage::consultations::invitations(&app.db.pool, open.id).await.expect("q");
        assert_eq!(invitations.len(), 1);
        assert_eq!(duthao::domain::vntime::short_date(invitations[0].due_at), "10/05/2099");
    })
    .await;
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason_and_store_nothing() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("du-thao.docx", b"this is not a zip".to_vec(), "không phải tệp zip"),
            (
                "du-thao.txt",
                "Một đoạn văn không có điều khoản nào.".as_bytes().to_vec(),
                "Không nhận ra cấu trúc",
            ),
            ("du-thao.txt", vec![b'D', 0xff, 0xfe, b'x'], "UTF-8"),
            ("du-thao.txt", Vec::new(), "Tệp rỗng"),
            ("du-thao.txt", vec![b'a'; 21 * 1024 * 1024], "vượt giới hạn"),
            // 200 MiB of zeros in 1.3 MB: refused from its declared size, never inflated.
            (
                "bom.docx",
                zip_bomb::zero_bomb(200 * 1024 * 1024 / 258, 1 + 258 * (200 * 1024 * 1024 / 258)),
                "zip bomb",
            ),
        ];
        for (name, bytes, expect) in cases {
            let size = bytes.len();
            let r = editor
                .post(app.url(&format!("/editor/dossiers/{}/drafts", s.dossier_id)))
                .multipart(upload(name, bytes, "Tệp hỏng"))
                .send()
                .await
                .expect("upload");
            assert_eq!(r.status(), 422, "{name} ({size} bytes)");
            let body = r.text().await.expect("body");
            assert!(body.contains(expect), "{name}: expected «{expect}» in {body}");
        }
        assert_eq!(
            drafts::drafts_of(&app.db.pool, s.dossier_id).await.expect("q").len(),
            1,
            "no draft added"
        );
        assert_eq!(dossiers::count(&app.db.pool).await.expect("q"), 1);
    })
    .await;
}

#[tokio::test]
async fn editors_filter_comments_and_read_each_one() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let citizen = app.client();
        for (provision, text) in [(1, "Góp ý về Điều 1 của dự thảo."), (4, "Góp ý về Điều 2 của dự thảo.")]
        {
            let r = app
                .post_comment_form(
                    &citizen,
                    s.draft_id,
                    &[
                        ("version_id", s.version_id.to_string()),
                        ("provision_id", s.provisions[provision].to_string()),
                        ("body", text.to_owned()),
                    ],
                )
                .await;
            assert_eq!(r.status(), 303);
        }
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let all =
            editor.get(app.url("/editor/comments")).send().await.expect("GET").text().await.expect("body");
        assert!(all.contains("Góp ý về Điều 1") && all.contains("Góp ý về Điều 2"));
        let one = editor
            .get(app.url(&format!("/editor/comments?provision={}", s.provisions[4])))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(one.contains("Góp ý về Điều 2") && !one.contains("Góp ý về Điều 1"), "{one}");
        let by_channel = app.page(&editor, "/editor/comments?channel=letter").await;
        assert!(by_channel.contains("Không có góp ý nào khớp bộ lọc"));
        // A page past the end is the last page, with the filter kept.
        let past = editor
            .get(app.url(&format!("/editor/comments?provision={}&page=999", s.provisions[4])))
            .send()
            .await
            .expect("GET");
        assert_eq!(past.status(), 303);
        let last = format!("/editor/comments?provision={}&page=1", s.provisions[4]);
        assert_eq!(past.headers().get("location").and_then(|l| l.to_str().ok()), Some(last.as_str()));
        let past = app.page(&editor, &last).await;
        assert!(past.contains("Góp ý về Điều 2") && !past.contains("Góp ý về Điều 1"), "{past}");
        let (rows, _) =
            duthao::storage::comments::list(&app.db, &Default::default(), 10, 0).await.expect("q");
        let detail = editor
            .get(app.url(&format!("/editor/comments/{}", rows[0].id)))
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("body");
        assert!(detail.contains(&rows[0].receipt_code) && detail.contains(&rows[0].body));
    })
    .await;
}

#[tokio::test]
async fn admin_creates_users_grants_roles_and_edits_the_organisation_tree() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let admin = app.signed_in("quantri", &[Role::Admin], None).await;
        let r = admin
            .post(app.url("/admin/users"))
            .form(&[
                ("login", "hanoi.daidien"),
                ("name", "Phạm Quốc Việt"),
                ("password", "mat-khau-rat-dai"),
                ("organisation_id", &s.org_id.to_string()),
                ("role", "org_representative"),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        let user = duthao::storage::users::by_login(&app.db.pool, "hanoi.daidien")
            .await
            .expect("q")
            .expect("created");
        assert_eq!(
            duthao::storage::users::roles(&app.db.pool, user.id).await.expect("q"),
            vec![Role::OrgRepresentative]
        );
        let r = admin
            .post(app.url(&format!("/admin/users/{}/roles", user.id)))
            .form(&[("role", "editor"), ("action", "grant")])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        assert!(
            duthao::storage::users::roles(&app.db.pool, user.id).await.expect("q").contains(&Role::Editor)
        );

        // A department under the organisation, then a refused cycle.
        let r = admin
            .post(app.url("/admin/organisations"))
            .form(&[
                ("name", "Sở Nội vụ"),
                ("code", "SNV-TEST"),
                ("kind", "department"),
                ("parent_id", &s.org_id.to_string()),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 303);
        let dept = duthao::storage::organisations::by_code(&app.db.pool, "SNV-TEST")
            .await
            .expect("q")
            .expect("created");
        assert_eq!(dept.parent_id, Some(s.org_id));
        let r = admin
            .post(app.url(&format!("/admin/organisations/{}", s.org_id)))
            .form(&[
                ("name", "Ban Tổ chức Trung ương"),
                ("kind", "central"),
                ("parent_id", &dept.id.to_string()),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("cấp trên của chính nó"));
    })
    .await;
}
