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

/// A text file of UTF-8 lines and raw TCVN3 lines (as an old editor saves a Unicode
/// letter with a pasted paragraph), a UTF-16 file, and files that are not text.
#[tokio::test]
async fn letter_files_in_every_text_encoding_and_files_that_are_not_text() {
    use duthao_text::legacy::{Encoding, encode};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "both", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let preview = |bytes: Vec<u8>, name: &'static str| {
            let editor = editor.clone();
            let url = app.url(&format!("/consultations/{}/letters/preview", s.consultation_id));
            let form = reqwest::multipart::Form::new()
                .text("organisation_id", s.org_id.to_string())
                .text("version_id", s.version_id.to_string())
                .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
            async move {
                let r = editor.post(url).multipart(form).send().await.expect("preview");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let pasted = "2. Tại Điều 2, đề nghị bổ sung đối tượng người lao động hợp đồng.";
        let mut bytes = "1. Tại khoản 2 Điều 1, đề nghị làm rõ “dám nghĩ”.\r\n".as_bytes().to_vec();
        bytes.extend(
            encode(pasted, Encoding::Tcvn3)
                .chars()
                .map(|c| u8::try_from(u32::from(c)).expect("a TCVN3 byte")),
        );
        bytes.extend("\r\n3. Điều 3 hợp lý\r\n".as_bytes());
        let (status, html) = preview(bytes, "cong-van.txt").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("đề nghị bổ sung đối tượng người lao động hợp đồng"), "{html}");
        assert!(html.contains("đề nghị làm rõ “dám nghĩ”"), "{html}");
        assert!(html.contains("Điều 3 hợp lý"), "a short last item is a unit too: {html}");

        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(pasted.encode_utf16().flat_map(u16::to_le_bytes));
        let (status, html) = preview(utf16, "cong-van.txt").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("đề nghị bổ sung đối tượng người lao động hợp đồng"), "{html}");

        let (status, html) = preview(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), "cong-van.pdf").await;
        assert_eq!(status, 422);
        assert!(html.contains("Tệp PDF không tách được thành ý kiến"), "{html}");
        let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let (status, html) = preview(garbage, "cong-van.txt").await;
        assert_eq!(status, 422);
        assert!(html.contains("Tệp không phải là văn bản"), "{html}");
    })
    .await;
}

/// Every unit is checked before any is stored: a refused unit leaves the letter
/// unrecorded, so that sending it again after the correction records nothing twice.
#[tokio::test]
async fn a_letter_is_recorded_whole_or_not_at_all() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "both", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let confirm = |units: Vec<String>| {
            let editor = editor.clone();
            let url = app.url(&format!("/consultations/{}/letters", s.consultation_id));
            let mut fields = vec![
                ("organisation_id".to_owned(), s.org_id.to_string()),
                ("version_id".to_owned(), s.version_id.to_string()),
                ("count".to_owned(), units.len().to_string()),
            ];
            for (i, text) in units.into_iter().enumerate() {
                fields.push((format!("include_{i}"), "1".to_owned()));
                fields.push((format!("text_{i}"), text));
                fields.push((format!("provision_{i}"), "0".to_owned()));
            }
            async move {
                let r = editor.post(url).form(&fields).send().await.expect("confirm");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let stored = || async {
            duthao::storage::comments::list(&app.db, &Default::default(), 10, 0).await.expect("q").1.n
        };
        let long = format!("Đề nghị {}", "a".repeat(10_001));
        let units = vec!["Đề nghị làm rõ Điều 1.".to_owned(), long, "Đề nghị bỏ Điều 3.".to_owned()];
        let (status, html) = confirm(units).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Ý kiến số 2 chưa được ghi nhận"), "{html}");
        assert_eq!(stored().await, 0, "nothing of a refused letter is recorded");

        let too_many = (0..1_001).map(|i| format!("Ý kiến số {i}.")).collect();
        let (status, html) = confirm(too_many).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("vượt giới hạn 1.000 ý kiến"), "{html}");
        assert_eq!(stored().await, 0);

        let (status, html) =
            confirm(vec!["Đề nghị làm rõ Điều 1.".to_owned(), "Đề nghị bỏ Điều 3.".to_owned()]).await;
        assert_eq!(status, 200, "{html}");
        assert_eq!(stored().await, 2);

        // A unit the database refuses while storing (a trigger stands in for a full
        // disk): the units before it are not stored either.
        let trigger: &[&str] = if app.backend == "postgres" {
            &[
                "CREATE FUNCTION refuse_marked() RETURNS trigger AS $$ BEGIN \
                 IF NEW.body LIKE '%HỎNG-KHI-LƯU%' THEN RAISE EXCEPTION 'refused'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_marked BEFORE INSERT ON comment \
                 FOR EACH ROW EXECUTE FUNCTION refuse_marked()",
            ]
        } else {
            &["CREATE TRIGGER refuse_marked BEFORE INSERT ON comment \
               WHEN NEW.body LIKE '%HỎNG-KHI-LƯU%' BEGIN SELECT RAISE(ABORT, 'refused'); END"]
        };
        for sql in trigger {
            sqlx::query(sqlx::AssertSqlSafe(*sql)).execute(&app.db.pool).await.expect("trigger created");
        }
        let (status, html) =
            confirm(vec!["Đề nghị giữ Điều 2.".to_owned(), "Ý kiến HỎNG-KHI-LƯU.".to_owned()]).await;
        assert_eq!(status, 500, "{html}");
        assert_eq!(stored().await, 2, "nothing of a letter that failed to store is recorded");
        let rows = duthao::storage::comments::count_rows(&app.db.pool).await.expect("count");
        assert_eq!(rows, 2, "no row of it either");
    })
    .await;
}
