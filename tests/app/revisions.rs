//! Revisions: a second version uploaded in the browser is linked to the first
//! provision by provision, the comparison table shows the word changes and the
//! answers that caused them, an editor corrects a link, and a concurrent upload is
//! refused.

use std::io::Read;

use duthao::domain::{AnswerText, Disposition, Role};
use duthao::storage::dispositions::{self, Unit};
use duthao::storage::{drafts, revisions};

use crate::harness::{TestApp, seed};

const VERSION_2: &str = "QUY ĐỊNH\nKhuyến khích cán bộ\n\nChương I\nNHỮNG QUY ĐỊNH CHUNG\n\n\
Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về khuyến khích và bảo vệ cán bộ.\n\
1. Cán bộ dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung.\n\
Điều 2. Trách nhiệm của cơ quan có thẩm quyền\nCơ quan có thẩm quyền kịp thời xem xét, xử lý kiến nghị của cán bộ.\n\
Điều 3. Đối tượng áp dụng\nCán bộ, công chức, viên chức.\n";

fn upload(text: &str, base: i64) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("base", base.to_string())
        .part("file", reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("lan-2.txt"))
}

#[tokio::test]
async fn a_second_version_is_compared_with_the_first_and_corrected_by_an_editor() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let (article1, clause1, clause2, article2) =
            (s.provisions[1], s.provisions[2], s.provisions[3], s.provisions[4]);
        // Comments on version 1, answered "Tiếp thu".
        let ids = app
            .store_grouped(&[
                s.comment(Some(clause2), "Đề nghị bổ sung “dám chịu trách nhiệm vì lợi ích chung”."),
                s.comment(Some(article2), "Đề nghị bổ sung người lao động hợp đồng vào đối tượng áp dụng."),
                s.comment(Some(clause1), "Tư duy đổi mới khó đo lường, đề nghị bỏ khoản này."),
                s.comment(Some(article1), "Phạm vi nên nêu rõ cấp xã."),
            ])
            .await;
        let editor_id = app.user("bt", &[Role::Editor]).await;
        for (id, text) in [(ids[0], "Tiếp thu, đã bổ sung vào khoản 2 Điều 1."), (ids[1], "Tiếp thu.")]
        {
            let text = AnswerText::parse(text).expect("text");
            dispositions::draft(&app.db, editor_id, &[Unit::Comment(id)], Disposition::Accepted, &text)
                .await
                .expect("answer");
        }

        // Version 2 is uploaded in the browser, revising version 1.
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(upload(VERSION_2, 1))
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 303);
        let location = r.headers()["location"].to_str().expect("ascii").to_owned();
        let v2: i64 = location.trim_start_matches("/editor/versions/").parse().expect("version id");

        // A second upload that also revised version 1 is refused; nothing is stored.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(upload(VERSION_2, 1))
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 409);
        let message = r.text().await.expect("body");
        assert!(message.contains("phiên bản 2 đã được tải lên"), "{message}");
        assert_eq!(drafts::versions_of(&app.db.pool, s.draft_id).await.expect("versions").len(), 2);

        // The links: Điều 1 and its clauses continue, Điều 2 is new, the old Điều 2 is
        // now Điều 3; lineage ids follow.
        let new = drafts::provisions(&app.db.pool, v2).await.expect("provisions");
        let by_label = |label: &str, nth: usize| {
            new.iter().filter(|p| p.label == label).nth(nth).unwrap_or_else(|| panic!("{label}")).id
        };
        let links = revisions::links(&app.db, v2).await.expect("links");
        let link = |new_id: i64| links.iter().find(|l| l.new_id == Some(new_id)).expect("link");
        let (new1, new2, new3) = (by_label("Điều 1", 0), by_label("Điều 2", 0), by_label("Điều 3", 0));
        assert_eq!(
            (link(new1).relation.as_str(), link(new1).old_id, link(new1).text_changed),
            ("kept", Some(article1), 1)
        );
        let new_clause = by_label("Khoản 1", 0);
        assert_eq!(link(new_clause).old_id, Some(clause2), "the old clause 2 is now clause 1");
        assert!(links.iter().any(|l| l.old_id == Some(clause1) && l.relation == "deleted"), "{links:?}");
        assert_eq!(link(new2).relation, "inserted");
        assert_eq!(
            (link(new3).old_id, link(new3).renumbered, link(new3).text_changed),
            (Some(article2), 1, 0)
        );
        let lineage: i64 = sqlx::query_scalar("SELECT lineage_id FROM provision WHERE id = $1")
            .bind(new3)
            .fetch_one(&app.db.pool)
            .await
            .expect("lineage");
        assert_eq!(lineage, article2, "Điều 3 carries the lineage of the old Điều 2");

        // The comparison table: word changes, the answers, and a warning where a
        // "Tiếp thu" left the text as it was.
        let page = app.page(&editor, &format!("/editor/versions/{v2}/changes")).await;
        assert!(page.contains("<ins>và bảo vệ </ins>"), "{page}");
        assert!(
            page.contains("dám chịu trách nhiệm vì lợi ích chung.</ins>"),
            "the added words are marked: {page}"
        );
        assert!(page.contains("Tiếp thu: Tiếp thu, đã bổ sung vào khoản 2 Điều 1."), "{page}");
        assert!(page.contains("Đánh số lại") && page.contains("Trước đây là Điều 2"), "{page}");
        assert!(page.contains("Bổ sung mới"));
        assert!(page.contains("điều khoản không thay đổi: đề nghị Tổ trưởng xem lại"), "{page}");
        assert!(page.contains("Chưa ghép được"), "the new article is listed as unmatched");
        // Comments follow the text: the unanswered one on Điều 1 goes with it; the one
        // on the dropped clause is listed for a decision.
        assert!(page.contains("1 chưa trả lời</strong> (chuyển theo sang Điều 1)"), "{page}");
        assert!(page.contains("Ý kiến trên điều khoản đã bỏ: cần quyết định (1)"), "{page}");
        assert!(page.contains(&format!("/editor/comments/{}", ids[2])));
        // The same table in English: the notes and answers are worded from data, the
        // content marked Vietnamese, nothing left untranslated.
        let english = app.page_in(&editor, &format!("/editor/versions/{v2}/changes"), "en").await;
        assert!(english.contains("Formerly <span lang=\"vi\">Điều 2</span>"), "{english}");
        assert!(
            english.contains("Accepted: <span lang=\"vi\">Tiếp thu, đã bổ sung vào khoản 2 Điều 1.</span>"),
            "{english}"
        );
        assert_eq!(crate::english::untranslated(&english), Vec::<String>::new());
        let comment = app.page(&editor, &format!("/editor/comments/{}", ids[0])).await;
        assert!(comment.contains("Dự thảo lần 2: Điều 1, khoản 1 (Sửa đổi)"), "{comment}");
        let comment = app.page(&editor, &format!("/editor/comments/{}", ids[2])).await;
        assert!(comment.contains("Dự thảo lần 2: điều khoản đã bỏ"), "{comment}");

        // The table as DOCX, with the added words marked.
        let r = editor
            .get(app.url(&format!("/editor/versions/{v2}/comparison?format=docx")))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.expect("bytes").to_vec();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        archive.by_name("word/document.xml").expect("part").read_to_string(&mut xml).expect("utf-8");
        assert!(
            xml.contains("BẢNG SO SÁNH DỰ THẢO")
                && xml.contains("Dự thảo lần 1")
                && xml.contains("Dự thảo lần 2")
        );
        assert!(
            xml.contains("<w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">và bảo vệ </w:t>"),
            "{xml}"
        );
        assert!(xml.contains("Trước đây là Điều 2"));

        // An editor says the new Điều 2 continues the old Điều 2; the correction is
        // kept when the links are computed again.
        let r = editor
            .post(app.url(&format!("/editor/versions/{v2}/links")))
            .form(&[("new", new2.to_string()), ("old", article2.to_string())])
            .send()
            .await
            .expect("correct");
        assert_eq!(r.status(), 303);
        let version = drafts::get_version(&app.db.pool, v2).await.expect("read").expect("version");
        duthao::revisions::link_version(&app.db, &version).await.expect("relink");
        let links = revisions::links(&app.db, v2).await.expect("links");
        let corrected = links.iter().find(|l| l.new_id == Some(new2)).expect("link");
        assert_eq!(
            (corrected.relation.as_str(), corrected.old_id, corrected.by_editor),
            ("kept", Some(article2), 1)
        );
        assert_ne!(links.iter().find(|l| l.new_id == Some(new3)).expect("link").relation, "kept");
        let page = app.page(&editor, &format!("/editor/versions/{v2}/changes?all=1")).await;
        assert!(page.contains("Tổ Biên tập đã chỉnh"));
        let events: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'lineage.corrected'")
                .fetch_one(&app.db.pool)
                .await
                .expect("audit");
        assert_eq!(events, 1);

        // A provision of another version cannot be linked.
        let r = editor
            .post(app.url(&format!("/editor/versions/{v2}/links")))
            .form(&[("new", article1.to_string()), ("old", String::new())])
            .send()
            .await
            .expect("correct");
        assert_eq!(r.status(), 422);
        // The first version has nothing to compare with.
        let r = editor
            .get(app.url(&format!("/editor/versions/{}/changes", s.version_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn a_version_exported_as_akoma_ntoso_and_uploaded_again_is_the_same() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let r = editor
            .get(app.url(&format!("/editor/versions/{}/akoma-ntoso", s.version_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()[reqwest::header::CONTENT_TYPE]
                .to_str()
                .expect("ascii")
                .starts_with("application/akn+xml")
        );
        let xml = r.text().await.expect("xml");
        assert!(
            xml.contains("<chapter eId=\"chp_1\"") && xml.contains("<paragraph eId=\"chp_1__art_1__para_2\""),
            "{xml}"
        );

        let form = reqwest::multipart::Form::new()
            .text("base", "1")
            .part("file", reqwest::multipart::Part::bytes(xml.into_bytes()).file_name("lan-1.akn.xml"));
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        let location = r.headers()["location"].to_str().expect("ascii").to_owned();
        let v2: i64 = location.trim_start_matches("/editor/versions/").parse().expect("version id");
        let shape =
            |rows: Vec<drafts::ProvisionRow>| -> Vec<(String, String, String, Option<String>, String, i64)> {
                rows.into_iter().map(|p| (p.kind, p.label, p.number, p.heading, p.body, p.depth)).collect()
            };
        let before = shape(drafts::provisions(&app.db.pool, s.version_id).await.expect("v1"));
        let after = shape(drafts::provisions(&app.db.pool, v2).await.expect("v2"));
        assert_eq!(before, after);
        // Every provision continues its twin, unchanged.
        let links = revisions::links(&app.db, v2).await.expect("links");
        assert!(links.iter().all(|l| l.relation == "kept" && l.text_changed == 0), "{links:?}");

        // A version that does not exist yet is named as such, not as an upload made
        // meanwhile.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(upload("Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về cán bộ.\n", 99))
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 409);
        let html = r.text().await.expect("body");
        assert!(html.contains("dự thảo không có phiên bản 99 (phiên bản mới nhất là 2)"), "{html}");

        // A broken file is refused with the reason, and nothing is stored.
        let form = reqwest::multipart::Form::new().text("base", "2").part(
            "file",
            reqwest::multipart::Part::bytes(b"<akomaNtoso><bill><body><article></bill>".to_vec())
                .file_name("hong.xml"),
        );
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("Akoma Ntoso"));
        assert_eq!(drafts::versions_of(&app.db.pool, s.draft_id).await.expect("versions").len(), 2);
    })
    .await;
}

#[tokio::test]
async fn a_version_is_made_in_the_browser_by_editing_a_copy() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let copy = |base: &'static str| {
            editor
                .post(app.url(&format!("/editor/drafts/{}/versions/copy", s.draft_id)))
                .form(&[("base", base)])
                .send()
        };
        let r = copy("1").await.expect("copy");
        assert_eq!(r.status(), 303);
        let v2: i64 = r.headers()["location"]
            .to_str()
            .expect("ascii")
            .trim_start_matches("/editor/versions/")
            .parse()
            .expect("id");
        assert_eq!(copy("1").await.expect("copy").status(), 409, "a second copy of version 1 is refused");

        let rows = drafts::provisions(&app.db.pool, v2).await.expect("rows");
        let id = |label: &str| rows.iter().find(|p| p.label == label).unwrap_or_else(|| panic!("{label}")).id;
        let post = |path: String, form: Vec<(&'static str, &'static str)>| {
            editor.post(app.url(&path)).form(&form).send()
        };
        // Edit Điều 1, insert Điều 1a after it, delete its clause 1. The form carries
        // a digest of the text it shows; a save from a page older than the last save
        // is refused instead of overwriting it.
        let first = rows.iter().find(|p| p.label == "Điều 1").expect("Điều 1");
        let shown = drafts::text_digest(first.heading.as_deref(), &first.body);
        let page = app.page(&editor, &format!("/editor/versions/{v2}")).await;
        assert!(page.contains(&format!("name=\"seen\" value=\"{shown}\"")), "{page}");
        let save = |heading: &str, body: &str| {
            let form = [("heading", heading), ("body", body), ("seen", shown.as_str())];
            editor.post(app.url(&format!("/editor/provisions/{}/text", id("Điều 1")))).form(&form).send()
        };
        let r = save("Phạm vi điều chỉnh", "Quy định này quy định về khuyến khích và bảo vệ cán bộ.")
            .await
            .expect("edit");
        assert_eq!(r.status(), 303);
        let stale = save("Phạm vi", "Một nội dung khác.").await.expect("edit");
        assert_eq!(stale.status(), 409);
        assert!(stale.text().await.expect("body").contains("đã được sửa sau khi anh/chị mở trang"));
        // A provision left with neither heading nor text is refused, saved or added.
        let blank = save(" ", "  ").await.expect("edit");
        assert_eq!(blank.status(), 422);
        assert!(blank.text().await.expect("body").contains("phải có tên hoặc nội dung"));
        let r = post(
            format!("/editor/provisions/{}/insert", id("Điều 1")),
            vec![
                ("placement", "after"),
                ("kind", "article"),
                ("label", "Điều 1b"),
                ("heading", ""),
                ("body", ""),
            ],
        )
        .await
        .expect("insert");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("phải có tên hoặc nội dung"));
        let r = post(
            format!("/editor/provisions/{}/insert", id("Điều 1")),
            vec![
                ("placement", "after"),
                ("kind", "article"),
                ("label", "Điều 1a"),
                ("heading", "Giải thích từ ngữ"),
                ("body", "Cán bộ dám nghĩ, dám làm là cán bộ có tinh thần đổi mới."),
            ],
        )
        .await
        .expect("insert");
        assert_eq!(r.status(), 303);
        let r = post(format!("/editor/provisions/{}/delete", id("Khoản 1")), vec![]).await.expect("delete");
        assert_eq!(r.status(), 303);
        let r = post(
            format!("/editor/provisions/{}/insert", id("Điều 2")),
            vec![("kind", "nonsense"), ("label", "X")],
        )
        .await
        .expect("insert");
        assert_eq!(r.status(), 422);

        let after: Vec<(String, i64, i64)> = drafts::provisions(&app.db.pool, v2)
            .await
            .expect("rows")
            .into_iter()
            .map(|p| (p.label, p.position, p.depth))
            .collect();
        let expected: Vec<(String, i64, i64)> =
            [("Chương I", 0, 0), ("Điều 1", 1, 1), ("Khoản 2", 2, 2), ("Điều 1a", 3, 1), ("Điều 2", 4, 1)]
                .into_iter()
                .map(|(l, p, d)| (l.to_owned(), p, d))
                .collect();
        assert_eq!(after, expected);

        let page = app.page(&editor, &format!("/editor/versions/{v2}/changes")).await;
        assert!(page.contains("<ins>và bảo vệ </ins>"), "{page}");
        assert!(page.contains("Bổ sung mới") && page.contains("Giải thích từ ngữ"), "{page}");
        assert!(page.contains("change-deleted"), "the deleted clause is a row: {page}");

        // Once published, the version cannot be edited.
        assert_eq!(
            editor
                .post(app.url(&format!("/editor/versions/{v2}/publish")))
                .send()
                .await
                .expect("publish")
                .status(),
            303
        );
        let r = post(format!("/editor/provisions/{}/delete", id("Điều 2")), vec![]).await.expect("delete");
        assert_eq!(r.status(), 409);
    })
    .await;
}
