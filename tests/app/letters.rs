//! Comment letters: split, anchored, checked, then recorded.

use duthao::domain::Role;

use crate::harness::{TestApp, seed};

const LETTER: &str = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 123/UBND-NC\nV/v góp ý dự thảo Quy định\n\nKính gửi: Ban Tổ chức Trung ương\n\nSau khi nghiên cứu dự thảo, Ủy ban nhân dân tỉnh có ý kiến như sau:\n\n1. Tại khoản 2 Điều 1: đề nghị bổ sung cụm từ \"và chịu trách nhiệm\".\n\n2. Điều 2: đề nghị làm rõ đối tượng là viên chức.\n\n3. Đề nghị bổ sung Điều 45 về khen thưởng.\n\nTrên đây là ý kiến của Ủy ban nhân dân tỉnh Nghệ An, kính gửi Ban Tổ chức Trung ương tổng hợp./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n";

#[tokio::test]
async fn an_editor_files_a_letter_checks_the_anchors_and_records_it() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "both", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let page = editor
            .get(app.url(&format!("/consultations/{}/letters/new", s.consultation_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), 200);
        let form = reqwest::multipart::Form::new()
            .text("organisation_id", s.org_id.to_string())
            .text("version_id", s.version_id.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(LETTER.as_bytes().to_vec()).file_name("cong-van.txt"),
            );
        let preview = editor
            .post(app.url(&format!("/consultations/{}/letters/preview", s.consultation_id)))
            .multipart(form)
            .send()
            .await
            .expect("preview");
        assert_eq!(preview.status(), 200);
        let html = preview.text().await.expect("body");
        assert!(html.contains("Số: 123/UBND-NC") || html.contains("123/UBND-NC"), "{html}");
        // Unit 1 is proposed on khoản 2 Điều 1, unit 2 on Điều 2; Điều 45 is flagged.
        let clause2 = s.provisions[3];
        let article2 = s.provisions[4];
        assert!(html.contains(&format!(r#"<option value="{clause2}" selected>"#)), "{html}");
        assert!(html.contains(&format!(r#"<option value="{article2}" selected>"#)), "{html}");
        assert!(html.contains("Không có trong dự thảo: Điều 45"), "{html}");
        assert!(!html.contains("Nơi nhận"), "the closing is not a unit");

        // Confirm units 1 and 2, with the editor moving unit 2 to the whole draft.
        let fields = [
            ("organisation_id", s.org_id.to_string()),
            ("version_id", s.version_id.to_string()),
            ("count", "3".to_owned()),
            ("include_0", "1".to_owned()),
            ("text_0", "Tại khoản 2 Điều 1: đề nghị bổ sung cụm từ \"và chịu trách nhiệm\".".to_owned()),
            ("provision_0", clause2.to_string()),
            ("include_1", "1".to_owned()),
            ("text_1", "Điều 2: đề nghị làm rõ đối tượng là viên chức.".to_owned()),
            ("provision_1", "0".to_owned()),
            ("text_2", "Đề nghị bổ sung Điều 45 về khen thưởng.".to_owned()),
            ("provision_2", "0".to_owned()),
        ];
        let done = editor
            .post(app.url(&format!("/consultations/{}/letters", s.consultation_id)))
            .form(&fields)
            .send()
            .await
            .expect("confirm");
        assert_eq!(done.status(), 200);
        assert!(done.text().await.expect("body").contains("Đã ghi nhận 2 ý kiến"));
        let (rows, total) =
            duthao::storage::comments::list(&app.db, &Default::default(), 10, 0).await.expect("q");
        assert_eq!(total.n, 2);
        assert!(rows.iter().all(|r| r.channel == "letter" && r.organisation_id == Some(s.org_id)));
        assert!(rows.iter().any(|r| r.provision_id == Some(clause2)));
        assert!(rows.iter().any(|r| r.provision_id.is_none() && r.body.starts_with("Điều 2")));
    })
    .await;
}

#[tokio::test]
async fn only_editors_and_representatives_file_letters_and_representatives_only_their_own() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "both", 10).await;
        let other_org =
            duthao::storage::organisations::insert(&app.db.pool, None, "province", "KHAC", "Tỉnh khác")
                .await
                .expect("org");
        let public = app.signed_in("nguoidan", &[Role::Public], None).await;
        let r = public
            .get(app.url(&format!("/consultations/{}/letters/new", s.consultation_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 403);
        let rep = app.signed_in("daidien", &[Role::OrgRepresentative], Some(s.org_id)).await;
        let r = rep
            .post(app.url(&format!("/consultations/{}/letters", s.consultation_id)))
            .form(&[
                ("organisation_id", other_org.to_string()),
                ("version_id", s.version_id.to_string()),
                ("count", "1".to_owned()),
                ("include_0", "1".to_owned()),
                ("text_0", "Ý kiến mạo danh.".to_owned()),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 403);
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}

/// A letter whose paragraphs come in different encodings (a TCVN3 paragraph pasted
/// into a Unicode document, as happens with old Word files): each is read right.
#[tokio::test]
async fn a_letter_with_mixed_encodings_is_read_paragraph_by_paragraph() {
    use duthao_text::legacy::{Encoding, encode};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "both", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let legacy =
            encode("2. Tại Điều 2, đề nghị bổ sung đối tượng người lao động hợp đồng.", Encoding::Tcvn3);
        assert_ne!(legacy, "2. Tại Điều 2, đề nghị bổ sung đối tượng người lao động hợp đồng.");
        let letter = format!("1. Tại khoản 2 Điều 1, đề nghị làm rõ “dám nghĩ”.\n{legacy}\n");
        let form = reqwest::multipart::Form::new()
            .text("organisation_id", s.org_id.to_string())
            .text("version_id", s.version_id.to_string())
            .part("file", reqwest::multipart::Part::bytes(letter.into_bytes()).file_name("cong-van.txt"));
        let preview = editor
            .post(app.url(&format!("/consultations/{}/letters/preview", s.consultation_id)))
            .multipart(form)
            .send()
            .await
            .expect("preview");
        assert_eq!(preview.status(), 200);
        let html = preview.text().await.expect("body");
        assert!(html.contains("đề nghị bổ sung đối tượng người lao động hợp đồng"), "{html}");
        assert!(html.contains("đề nghị làm rõ “dám nghĩ”"), "{html}");
        let article2 = s.provisions[4];
        assert!(html.contains(&format!(r#"<option value="{article2}" selected>"#)), "{html}");
    })
    .await;
}
