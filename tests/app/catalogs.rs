//! Catalog drafts (issue 9): a draft becomes a catalog, versions are made from tables
//! and keep each entry's identity, entries and fields take comments that reach the
//! report; the table of equivalent positions is checked, approved, exported and
//! guarded against edits; localities' lists are reviewed, confirmed and reported, in
//! the browser and the API.

use duthao::catalogs;
use duthao::domain::Role;
use duthao::storage::{consultations, drafts, organisations};

use crate::harness::{TestApp, seed};

const TITLES_V1: &str = "STT,Chức danh,Nhóm,Cấp,Tương đương với,Ghi chú\n\
1,Vụ trưởng thuộc bộ,III,Trung ương,,\n\
2,Phó Vụ trưởng thuộc bộ,IV,Trung ương,,\n\
3,Giám đốc sở,III,Tỉnh,Vụ trưởng thuộc bộ,\n\
4,Phó Giám đốc sở,IV,Tỉnh,Phó Vụ trưởng thuộc bộ,\n\
5,Trưởng Ban Tổ chức Tỉnh ủy,III,Tỉnh,Giám đốc sở,Kể cả Thành ủy\n\
6,Chủ tịch Ủy ban nhân dân xã,IV,Xã,Phó Giám đốc sở,\n\
7,Phó Chủ tịch Ủy ban nhân dân xã,IV,Xã,Chủ tịch Ủy ban nhân dân xã,\n";

/// Version 2: a new entry first (everything renumbered), "Phó Giám đốc sở" ranked as
/// a head — which changes approved equivalences.
const TITLES_V2: &str = "STT,Chức danh,Nhóm,Cấp,Tương đương với,Ghi chú\n\
1,Cục trưởng thuộc bộ,III,Trung ương,Vụ trưởng thuộc bộ,\n\
2,Vụ trưởng thuộc bộ,III,Trung ương,,\n\
3,Phó Vụ trưởng thuộc bộ,IV,Trung ương,,\n\
4,Giám đốc sở,III,Tỉnh,Vụ trưởng thuộc bộ,\n\
5,Phó Giám đốc sở,IV,Tỉnh,Vụ trưởng thuộc bộ,\n\
6,Trưởng Ban Tổ chức Tỉnh ủy,III,Tỉnh,Giám đốc sở,Kể cả Thành ủy\n\
7,Chủ tịch Ủy ban nhân dân xã,IV,Xã,Phó Giám đốc sở,\n\
8,Phó Chủ tịch Ủy ban nhân dân xã,IV,Xã,Chủ tịch Ủy ban nhân dân xã,\n";

fn table(text: &str, name: &str, base: i64) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("base", base.to_string())
        .part("file", reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name(name.to_owned()))
}

fn list(organisation: i64, text: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().text("organisation_id", organisation.to_string()).part(
        "file",
        reqwest::multipart::Part::bytes(text.as_bytes().to_vec()).file_name("danh-sach.csv".to_owned()),
    )
}

/// The version id a redirect to `/editor/versions/{id}` names.
fn version_of(response: &reqwest::Response) -> i64 {
    assert_eq!(response.status(), 303, "redirected");
    let location = response.headers()["location"].to_str().expect("ascii");
    location.trim_start_matches("/editor/versions/").parse().expect("version id")
}

#[tokio::test]
async fn a_catalog_keeps_its_entries_across_versions_and_takes_comments_on_fields() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        // The regulation becomes a catalog of titles; a table makes version 2.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog", s.draft_id)))
            .form(&[("kind", "titles"), ("title", "Danh mục chức danh thử nghiệm")])
            .send()
            .await
            .expect("set");
        assert_eq!(r.status(), 303);
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V1, "danh-muc.csv", 1))
            .send()
            .await
            .expect("import");
        let v2 = version_of(&r);
        let rows = drafts::provisions(&app.db.pool, v2).await.expect("rows");
        assert!(rows.iter().any(|p| p.label == "Điều 1"), "the text of the draft is kept");
        let entries = catalogs::entries_of(&app.db, v2).await.expect("entries");
        assert_eq!(entries.len(), 7);
        let chief = entries.iter().find(|e| e.name == "Trưởng Ban Tổ chức Tỉnh ủy").expect("entry");
        assert_eq!(chief.code, "5");
        assert_eq!(chief.field("level"), "Tỉnh");
        assert_eq!(chief.field("equivalent"), "Giám đốc sở");
        assert_eq!(chief.field("notes"), "Kể cả Thành ủy");

        // The catalog page shows the entries; a stale base is refused, nothing stored.
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog", s.draft_id)).await;
        assert!(page.contains("Trưởng Ban Tổ chức Tỉnh ủy") && page.contains("7 mục"), "{page}");
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V2, "danh-muc.csv", 1))
            .send()
            .await
            .expect("stale import");
        assert_eq!(r.status(), 409);
        assert_eq!(drafts::versions_of(&app.db.pool, s.draft_id).await.expect("q").len(), 2);

        // Version 3 renumbers every entry: each keeps its identity by name.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V2, "danh-muc-lan-3.csv", 2))
            .send()
            .await
            .expect("import 3");
        let v3 = version_of(&r);
        let later = catalogs::entries_of(&app.db, v3).await.expect("entries");
        assert_eq!(later.len(), 8);
        for entry in &entries {
            let same = later.iter().find(|e| e.name == entry.name).expect("still there");
            assert_eq!(same.lineage, entry.lineage, "{} keeps its identity", entry.name);
            assert_ne!(same.code, entry.code, "{} was renumbered", entry.name);
        }
        let new = later.iter().find(|e| e.name == "Cục trưởng thuộc bộ").expect("new entry");
        assert!(entries.iter().all(|e| e.lineage != new.lineage));

        // An entry's structure comes from the table: the structure form refuses it.
        let r = editor
            .post(app.url(&format!("/editor/provisions/{}", new.provision_id)))
            .form(&[("kind", "article"), ("label", "Điều 9"), ("level", "keep")])
            .send()
            .await
            .expect("correct");
        assert_eq!(r.status(), 422, "refused");

        // Published, consulted: a comment on one field of an entry reaches the report.
        let r =
            editor.post(app.url(&format!("/editor/versions/{v3}/publish"))).send().await.expect("publish");
        assert_eq!(r.status(), 303);
        let now = duthao::storage::now_ms();
        let round = consultations::insert(
            &app.db.pool,
            &consultations::NewConsultation {
                dossier_id: s.dossier_id,
                title: "Đợt 2",
                opens_at: now - 1000,
                closes_at: now + 86_400_000,
                audience: "public",
                version_ids: &[v3],
                invitations: &[],
            },
        )
        .await
        .expect("round");
        let chief = later.iter().find(|e| e.name == "Trưởng Ban Tổ chức Tỉnh ủy").expect("entry");
        let level = chief.fields.iter().find(|f| f.key == "equivalent").expect("field").provision_id;
        let reader = app.client();
        let page = app.page(&reader, &format!("/drafts/{}", s.draft_id)).await;
        assert!(page.contains("STT 6") && page.contains("Trưởng Ban Tổ chức Tỉnh ủy"), "{page}");
        let r = app
            .post_comment_form(
                &reader,
                s.draft_id,
                &[
                    ("version_id", v3.to_string()),
                    ("provision_id", level.to_string()),
                    (
                        "body",
                        "Đề nghị xếp Trưởng Ban Tổ chức Tỉnh ủy tương đương Vụ trưởng thuộc bộ.".to_owned(),
                    ),
                    ("author_name", "Nguyễn Văn An".to_owned()),
                ],
            )
            .await;
        let status = r.status();
        assert!(
            status.is_success() || status.is_redirection(),
            "{status}: {}",
            r.text().await.unwrap_or_default()
        );
        let csv = editor
            .get(app.url(&format!(
                "/editor/consultations/{round}/report/download?draft={}&format=csv",
                s.draft_id
            )))
            .send()
            .await
            .expect("report");
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.expect("text");
        assert!(csv.contains("Trưởng Ban Tổ chức Tỉnh ủy tương đương Vụ trưởng"), "{csv}");
        assert!(csv.contains("STT 6"), "the report names the entry: {csv}");

        // The API lists the published catalog with its fields.
        let json: serde_json::Value = reader
            .get(app.url(&format!("/api/v1/drafts/{}/catalog", s.draft_id)))
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        assert_eq!(json["kind"], "titles");
        assert_eq!(json["entries"].as_array().map(Vec::len), Some(8));
        assert_eq!(json["entries"][0]["name"], "Cục trưởng thuộc bộ");
        assert_eq!(json["entries"][0]["fields"]["equivalent"], "Vụ trưởng thuộc bộ");
    })
    .await;
}

#[tokio::test]
async fn the_equivalence_table_is_checked_approved_exported_and_guarded() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let lead = app.signed_in("totruong", &[Role::Editor, Role::LeadEditor], Some(s.org_id)).await;
        editor
            .post(app.url(&format!("/editor/drafts/{}/catalog", s.draft_id)))
            .form(&[("kind", "titles"), ("title", "")])
            .send()
            .await
            .expect("set");
        // A cycle and an equivalence to nothing in the catalog: listed, approval refused.
        let broken = "STT,Chức danh,Cấp,Tương đương với\n1,Vụ trưởng thuộc bộ,Trung ương,Cục trưởng thuộc bộ\n\
2,Cục trưởng thuộc bộ,Trung ương,Vụ trưởng thuộc bộ\n3,Giám đốc sở,Tỉnh,Tổng cục trưởng\n4,Phó Giám đốc sở,Tỉnh,Phó Giám đốc sở\n";
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(broken, "sai.csv", 1))
            .send()
            .await
            .expect("import");
        let v2 = version_of(&r);
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog/equivalence", s.draft_id)).await;
        assert!(page.contains("Tổng cục trưởng"), "the unknown target is named: {page}");
        assert!(page.contains("Vòng lặp tương đương"), "the cycle is named: {page}");
        let r = lead.post(app.url(&format!("/editor/versions/{v2}/catalog/approve"))).send().await.expect("q");
        assert_eq!(r.status(), 409, "a table with problems is not approved");

        // A sound table: approved by the lead editor (not by an editor), exported.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V1, "dung.csv", 2))
            .send()
            .await
            .expect("import");
        let v3 = version_of(&r);
        let r = editor.post(app.url(&format!("/editor/versions/{v3}/catalog/approve"))).send().await.expect("q");
        assert_eq!(r.status(), 403);
        let r = lead.post(app.url(&format!("/editor/versions/{v3}/catalog/approve"))).send().await.expect("q");
        assert_eq!(r.status(), 409, "an unpublished version (still editable) is not approved");
        let r = editor.post(app.url(&format!("/editor/versions/{v3}/publish"))).send().await.expect("q");
        assert_eq!(r.status(), 303);
        let r = lead.post(app.url(&format!("/editor/versions/{v3}/catalog/approve"))).send().await.expect("q");
        assert_eq!(r.status(), 303);
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog/equivalence", s.draft_id)).await;
        assert!(page.contains("Nhóm III") && page.contains("Vụ trưởng thuộc bộ"), "{page}");
        assert!(page.contains("Giám đốc sở; Trưởng Ban Tổ chức Tỉnh ủy"), "ranked as the reference: {page}");
        for format in ["docx", "xlsx"] {
            let r = editor
                .get(app.url(&format!("/editor/drafts/{}/catalog/equivalence?format={format}", s.draft_id)))
                .send()
                .await
                .expect("download");
            assert_eq!(r.status(), 200, "{format}");
            assert!(r.bytes().await.expect("bytes").starts_with(b"PK"), "{format} is a zip");
        }

        // Version 4 breaks approved equivalences: warned, not published until read.
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V2, "sua.csv", 3))
            .send()
            .await
            .expect("import");
        let v4 = version_of(&r);
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog", s.draft_id)).await;
        assert!(page.contains("Phó Giám đốc sở") && page.contains("đã được phê duyệt"), "{page}");
        let r = editor.post(app.url(&format!("/editor/versions/{v4}/publish"))).send().await.expect("q");
        assert_eq!(r.status(), 409, "not published silently");
        let r = editor
            .post(app.url(&format!("/editor/versions/{v4}/catalog/acknowledge")))
            .send()
            .await
            .expect("acknowledge");
        assert_eq!(r.status(), 303);
        // Edited after the acknowledgement so as to break one more: read again first.
        let entries = catalogs::entries_of(&app.db, v4).await.expect("entries");
        let chief = entries.iter().find(|e| e.name == "Trưởng Ban Tổ chức Tỉnh ủy").expect("entry");
        let field = chief.fields.iter().find(|f| f.key == "equivalent").expect("field").provision_id;
        let r = editor
            .post(app.url(&format!("/editor/provisions/{field}/text")))
            .form(&[("heading", ""), ("body", "Phó Vụ trưởng thuộc bộ")])
            .send()
            .await
            .expect("edit");
        assert_eq!(r.status(), 303);
        let r = editor.post(app.url(&format!("/editor/versions/{v4}/publish"))).send().await.expect("q");
        assert_eq!(r.status(), 409, "the new break was not acknowledged");
        let r = editor
            .post(app.url(&format!("/editor/versions/{v4}/catalog/acknowledge")))
            .send()
            .await
            .expect("acknowledge");
        assert_eq!(r.status(), 303);
        let r = editor.post(app.url(&format!("/editor/versions/{v4}/publish"))).send().await.expect("q");
        assert_eq!(r.status(), 303, "published once acknowledged");
        // An equivalence to itself, and a deputy ranked above its head, are named.
        let odd = "STT,Chức danh,Nhóm,Cấp,Tương đương với\n1,Vụ trưởng thuộc bộ,III,Trung ương,\n2,Phó Vụ trưởng thuộc bộ,II,Trung ương,\n3,Giám đốc sở,III,Tỉnh,Giám đốc sở\n";
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(odd, "la.csv", 4))
            .send()
            .await
            .expect("import");
        version_of(&r);
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog/equivalence", s.draft_id)).await;
        assert!(page.contains("Giám đốc sở") && page.contains("chính nó"), "self-equivalence: {page}");
        assert!(page.contains("được xếp trên cấp trưởng"), "deputy above head: {page}");
    })
    .await;
}

#[tokio::test]
async fn localities_lists_are_reviewed_confirmed_and_reported() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        editor
            .post(app.url(&format!("/editor/drafts/{}/catalog", s.draft_id)))
            .form(&[("kind", "titles"), ("title", "")])
            .send()
            .await
            .expect("set");
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/catalog/import", s.draft_id)))
            .multipart(table(TITLES_V1, "danh-muc.csv", 1))
            .send()
            .await
            .expect("import");
        let v2 = version_of(&r);
        let r = editor.post(app.url(&format!("/editor/versions/{v2}/publish"))).send().await.expect("publish");
        assert_eq!(r.status(), 303);
        let mut provinces = Vec::new();
        for (code, name) in [("HN", "Thành phố Hà Nội"), ("NA", "Tỉnh Nghệ An"), ("LD", "Tỉnh Lâm Đồng")] {
            provinces.push(organisations::insert(&app.db.pool, None, "province", code, name).await.expect("org"));
        }
        // Spelling as localities write it; a title three of them have and the catalog
        // lacks; a typo to confirm; a person with two posts; a vacant title.
        let lists = [
            "STT,Chức danh,Đơn vị,Người đảm nhiệm\n1,Giám đốc Sở,Sở Nội vụ,Nguyễn Văn An\n\
2,P. Giám đốc sở,Sở Nội vụ,Trần Thị Bình; Lê Văn Cường\n3,Trưởng ban Tổ chức Thành ủy,Thành ủy,Nguyễn Văn An\n\
4,Giám đốc Trung tâm Phục vụ hành chính công tỉnh,Văn phòng UBND,\n5,Bí thư Huyện ủy,Huyện ủy,Phạm Văn Dũng\n",
            "STT,Chức danh,Đơn vị,Người đảm nhiệm\n1,giám đốc sở,Sở Tư pháp,Hoàng Văn Em\n\
2,Giám đốc Trung tâm Phục vụ hành chính công tỉnh,Văn phòng UBND tỉnh,Đỗ Thị Giang\n\
3,Chủ tịch UBND xã,UBND xã Tân Lập,Vũ Văn Hải\n",
            "STT,Chức danh,Đơn vị,Người đảm nhiệm\n1,Giám đốc sở,Sở Y tế,Ngô Văn Khánh\n\
2,Giám đốc Trung tâm Phục vụ hành chính công tỉnh,Văn phòng UBND tỉnh,Lý Thị Lan\n\
3,Phó Chủ tich Ủy ban nhân dân xã Tân Hòa,UBND xã,Mai Văn Minh\n",
        ];
        for (org, text) in provinces.iter().zip(lists) {
            let r = editor
                .post(app.url(&format!("/editor/drafts/{}/catalog/submissions", s.draft_id)))
                .multipart(list(*org, text))
                .send()
                .await
                .expect("submit");
            assert_eq!(r.status(), 303, "{text}");
        }
        let page = app.page(&editor, &format!("/editor/drafts/{}/catalog/review", s.draft_id)).await;
        assert!(page.contains("Giám đốc Trung tâm Phục vụ hành chính công tỉnh"), "proposed: {page}");
        assert!(page.contains("Thành phố Hà Nội") && page.contains("Tỉnh Lâm Đồng"), "{page}");
        let hanoi = app.page(&editor, &format!("/editor/drafts/{}/catalog/review/{}", s.draft_id, provinces[0])).await;
        assert!(hanoi.contains("Bí thư Huyện ủy"), "the old district title does not fit: {hanoi}");
        assert!(hanoi.contains("Nguyễn Văn An"), "a person with two posts: {hanoi}");

        // The API has the same review; the typo is pending, then confirmed.
        let review: serde_json::Value = editor
            .get(app.url(&format!("/api/v1/drafts/{}/catalog/review", s.draft_id)))
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        let proposed = review["country"]["proposed"].as_array().expect("proposed");
        assert!(proposed.iter().any(|p| p["name"] == "Giám đốc Trung tâm Phục vụ hành chính công tỉnh"));
        let lam_dong = review["organisations"]
            .as_array()
            .expect("organisations")
            .iter()
            .find(|o| o["organisation"] == "Tỉnh Lâm Đồng")
            .expect("Lâm Đồng");
        let pending = lam_dong["pending"].as_array().expect("pending");
        let typo = pending.iter().find(|p| p["name"].as_str().is_some_and(|n| n.contains("Chủ tich"))).expect("typo pending");
        assert_eq!(typo["candidates"][0]["name"], "Phó Chủ tịch Ủy ban nhân dân xã");
        let r = editor
            .post(app.url(&format!("/api/v1/drafts/{}/catalog/confirmations", s.draft_id)))
            .json(&serde_json::json!({ "key": typo["key"], "entry_lineage": typo["candidates"][0]["lineage"] }))
            .send()
            .await
            .expect("confirm");
        assert_eq!(r.status(), 200);
        let review: serde_json::Value = editor
            .get(app.url(&format!("/api/v1/drafts/{}/catalog/review", s.draft_id)))
            .send()
            .await
            .expect("api")
            .json()
            .await
            .expect("json");
        let lam_dong = review["organisations"]
            .as_array()
            .expect("organisations")
            .iter()
            .find(|o| o["organisation"] == "Tỉnh Lâm Đồng")
            .expect("Lâm Đồng");
        assert_eq!(lam_dong["pending"].as_array().map(Vec::len), Some(0), "{lam_dong}");

        // The report, as DOCX and XLSX, for the country and for one organisation.
        let one = editor
            .get(app.url(&format!("/editor/drafts/{}/catalog/review/{}?format=docx", s.draft_id, provinces[0])))
            .send()
            .await
            .expect("download");
        assert_eq!(one.status(), 200);
        assert!(one.bytes().await.expect("bytes").starts_with(b"PK"));
        for format in ["docx", "xlsx"] {
            let r = editor
                .get(app.url(&format!("/editor/drafts/{}/catalog/review?format={format}", s.draft_id)))
                .send()
                .await
                .expect("download");
            assert_eq!(r.status(), 200, "{format}");
            assert!(r.bytes().await.expect("bytes").starts_with(b"PK"), "{format} is a zip");
        }

        // A representative of an invited organisation submits its own list through the
        // API, not another's; an organisation not invited cannot.
        let rep = app.signed_in("daidien", &[Role::OrgRepresentative], Some(provinces[1])).await;
        // The catalog's reader page leads a representative to its own list, and only them.
        let own = format!("href=\"/catalogs/{}/list\"", s.draft_id);
        assert!(app.page(&rep, &format!("/drafts/{}", s.draft_id)).await.contains(&own));
        assert!(!app.page(&app.client(), &format!("/drafts/{}", s.draft_id)).await.contains(&own));
        assert!(!app.page(&editor, &format!("/drafts/{}", s.draft_id)).await.contains(&own));
        let r = rep
            .post(app.url(&format!("/api/v1/drafts/{}/catalog/submissions?file_name=na.csv", s.draft_id)))
            .body("STT,Chức danh,Đơn vị\n1,Giám đốc sở,Sở Tài chính\n")
            .send()
            .await
            .expect("not invited");
        assert_eq!(r.status(), 409);
        sqlx::query("INSERT INTO invitation (consultation_id, organisation_id, due_at, status) VALUES ($1, $2, $3, 'pending')")
            .bind(s.consultation_id)
            .bind(provinces[1])
            .bind(duthao::storage::now_ms() + 86_400_000)
            .execute(&app.db.pool)
            .await
            .expect("invited");
        let r = rep
            .post(app.url(&format!("/api/v1/drafts/{}/catalog/submissions?file_name=na.csv", s.draft_id)))
            .body("STT,Chức danh,Đơn vị\n1,Giám đốc sở,Sở Tài chính\n")
            .send()
            .await
            .expect("rep submits");
        assert_eq!(r.status(), 201);
        let r = rep
            .post(app.url(&format!(
                "/api/v1/drafts/{}/catalog/submissions?file_name=hn.csv&organisation_id={}",
                s.draft_id, provinces[0]
            )))
            .body("STT,Chức danh,Đơn vị\n1,Giám đốc sở,Sở Tài chính\n")
            .send()
            .await
            .expect("rep submits for another");
        assert_eq!(r.status(), 403);
        // A list without a name column: a precise error, nothing stored.
        let r = rep
            .post(app.url(&format!("/api/v1/drafts/{}/catalog/submissions?file_name=x.csv", s.draft_id)))
            .body("Họ tên,Ghi chú\nAn,x\n")
            .send()
            .await
            .expect("bad list");
        assert_eq!(r.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn the_demo_scheme_and_report_are_catalogs_reviewed_by_six_provinces() {
    TestApp::each(|app| async move {
        assert!(duthao::demo::load_if_empty(&app.db).await.expect("demo loads"));
        let dossier: i64 = sqlx::query_scalar("SELECT id FROM dossier ORDER BY id LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .expect("dossier");
        let list = catalogs::of_dossier(&app.db, dossier).await.expect("catalogs");
        assert_eq!(list.len(), 2, "the scheme and the report");
        let mut lists = 0;
        for catalog in &list {
            let version = drafts::latest_published(&app.db.pool, catalog.draft_id).await.expect("q").expect("v");
            let entries = catalogs::entries_of(&app.db, version.id).await.expect("entries");
            assert!(entries.len() >= 30, "{} entries", entries.len());
            let review = catalogs::review(&app.db, catalog, &version).await.expect("review");
            lists += review.lists.len();
            if catalog.kind == duthao::catalog::fields::CatalogKind::Titles {
                assert!(catalogs::equivalence_table(&entries).problems.is_empty());
                assert!(!review.country.proposed.is_empty(), "additions proposed");
            } else {
                assert!(review.lists.iter().any(|l| !l.headcount.warnings.is_empty()), "positions from people");
            }
        }
        assert_eq!(lists, 6);
        let comments: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM comment c JOIN provision p ON p.id = c.provision_id WHERE p.kind IN ('entry', 'field')",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
        assert!(comments >= 40, "{comments} comments on entries");
    })
    .await;
}
