//! Batch import of comments from CSV and XLSX.

use duthao::domain::Role;

use crate::harness::{TestApp, seed};

fn csv(rows: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        format!("Điều khoản,Nội dung góp ý,Họ và tên,\"Cơ quan, tổ chức\"\r\n{rows}").as_bytes(),
    );
    bytes
}

fn form(version_id: i64, mode: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("version_id", version_id.to_string())
        .text("mode", mode.to_owned())
        .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()))
}

#[tokio::test]
async fn import_is_all_or_nothing_or_skips_bad_rows_and_names_each_error() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let code =
            duthao::storage::organisations::get(&app.db.pool, s.org_id).await.expect("q").expect("org").code;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let rows = format!(
            "khoản 2 Điều 1,Đề nghị bổ sung cụm từ “kịp thời”.,Nguyễn Văn An,\r\n\
             Điều 45,Điều này không có.,Trần Thị Bình,\r\n\
             ,,Lê Văn Cường,\r\n\
             ,Góp ý chung cho dự thảo.,,{code}\r\n\
             ,,Phạm Thị Dung,Hội Không Có Thật\r\n"
        );
        let url = app.url(&format!("/consultations/{}/import", s.consultation_id));
        let refused = editor
            .post(&url)
            .multipart(form(s.version_id, "all", "gop-y.csv", csv(&rows)))
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.expect("body");
        assert!(html.contains("chưa nhập dòng nào"), "{html}");
        assert!(html.contains("“Điều 45” không có trong dự thảo"), "{html}");
        assert!(
            html.contains(r#"<td class="num">4</td><td>Nội dung góp ý</td>"#),
            "row 4 has no text: {html}"
        );
        // A row refused for its text also has its unknown organisation reported.
        assert!(
            html.contains(r#"<td class="num">6</td><td>Nội dung góp ý</td>"#)
                && html.contains(r#"<td class="num">6</td><td>Cơ quan, tổ chức</td>"#)
                && html.contains("không có cơ quan, tổ chức có mã hoặc tên “Hội Không Có Thật”"),
            "row 6: {html}"
        );
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);

        let skipped = editor
            .post(&url)
            .multipart(form(s.version_id, "skip", "gop-y.csv", csv(&rows)))
            .send()
            .await
            .expect("POST");
        assert_eq!(skipped.status(), 200);
        assert!(skipped.text().await.expect("body").contains("Đã nhập 2 góp ý"));
        let (stored, total) =
            duthao::storage::comments::list(&app.db, &Default::default(), 10, 0).await.expect("q");
        assert_eq!(total.n, 2);
        assert!(stored.iter().all(|c| c.channel == "import"));
        assert!(
            stored.iter().any(|c| c.provision_id == Some(s.provisions[3])
                && c.author_name.as_deref() == Some("Nguyễn Văn An"))
        );
        assert!(stored.iter().any(|c| c.provision_id.is_none() && c.organisation_id == Some(s.org_id)));
    })
    .await;
}

#[tokio::test]
async fn templates_download_and_a_file_with_wrong_columns_is_refused() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let xlsx = editor.get(app.url("/import/template.xlsx")).send().await.expect("GET");
        assert_eq!(xlsx.status(), 200);
        let bytes = xlsx.bytes().await.expect("body");
        assert!(bytes.starts_with(b"PK"), "an XLSX file");
        let wrong = "Tên,Địa chỉ\r\nA,B\r\n".as_bytes().to_vec();
        let url = app.url(&format!("/consultations/{}/import", s.consultation_id));
        let r = editor
            .post(&url)
            .multipart(form(s.version_id, "all", "sai.csv", wrong))
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("Nội dung góp ý"));
        // The template itself imports nothing.
        let r = editor
            .post(&url)
            .multipart(form(s.version_id, "all", "mau.xlsx", bytes.to_vec()))
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 200);
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
        let public = app.signed_in("nguoidan", &[Role::Public], None).await;
        let r = public
            .post(&url)
            .multipart(form(s.version_id, "all", "x.csv", b"a".to_vec()))
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 403);
    })
    .await;
}

/// The largest file allowed goes in whole through the web form; one row more is
/// refused with the limit named, and nothing is stored.
#[tokio::test]
async fn a_hundred_thousand_rows_import_through_the_form_and_one_more_is_refused() {
    use duthao::intake::import::MAX_ROWS;
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let url = app.url(&format!("/consultations/{}/import", s.consultation_id));
        let mut rows = String::with_capacity(MAX_ROWS * 48);
        for i in 0..MAX_ROWS {
            rows.push_str(&format!("khoản 2 Điều 1,Góp ý số {i} về khoản 2.,,\r\n"));
        }
        let too_many = format!("{rows},Một dòng nữa.,,\r\n");
        let refused = editor
            .post(&url)
            .multipart(form(s.version_id, "all", "qua-nhieu.csv", csv(&too_many)))
            .send()
            .await
            .expect("POST");
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.expect("body");
        assert!(html.contains("qua-nhieu.csv") && html.contains("100"), "{html}");
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);

        let imported = editor
            .post(&url)
            .multipart(form(s.version_id, "all", "gop-y.csv", csv(&rows)))
            .send()
            .await
            .expect("POST");
        assert_eq!(imported.status(), 200);
        // The count is written as Vietnamese writes it, with a dot between thousands.
        assert_eq!(MAX_ROWS, 100_000);
        assert!(imported.text().await.expect("body").contains("Đã nhập 100.000 góp ý"));
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), MAX_ROWS as i64);
        assert_eq!(duthao::storage::comments::count_rows(&app.db.pool).await.expect("rows"), MAX_ROWS as i64);
    })
    .await;
}

/// A date still to come, a quote never closed, an old Excel workbook and a PDF each
/// get a message that says what is wrong, and nothing is imported.
#[tokio::test]
async fn implausible_files_and_dates_are_refused_with_what_is_wrong() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let url = app.url(&format!("/consultations/{}/import", s.consultation_id));
        let post = |name: &'static str, bytes: Vec<u8>| {
            let editor = editor.clone();
            let url = url.clone();
            let form = form(s.version_id, "all", name, bytes);
            async move {
                let r = editor.post(&url).multipart(form).send().await.expect("POST");
                (r.status().as_u16(), r.text().await.expect("body"))
            }
        };
        let dated =
            "Điều khoản,Nội dung góp ý,Ngày góp ý\r\n,Góp ý chung.,31/12/2099\r\n,Góp ý khác.,01/03/2025\r\n";
        let (status, html) = post("gop-y.csv", dated.as_bytes().to_vec()).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Ngày góp ý 31/12/2099 là ngày chưa đến"), "{html}");

        let (status, html) = post("gop-y.csv", csv(",\"Mở ngoặc mà không đóng,,\r\n,Dòng sau,,\r\n")).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Dấu ngoặc kép mở ở dòng 2 của tệp không được đóng"), "{html}");

        let xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        let (status, html) = post("gop-y.xls", xls).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains(".xls"), "{html}");
        assert!(!html.contains("Các cột đang có"), "{html}");

        let (status, html) = post("gop-y.csv", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec()).await;
        assert_eq!(status, 422, "{html}");
        assert!(html.contains("Tệp không phải là tệp CSV"), "{html}");
        // Not a file upload form at all: no boundary, or another content type.
        for content_type in ["multipart/form-data", "text/plain"] {
            let r =
                editor.post(&url).header("content-type", content_type).body("x").send().await.expect("POST");
            assert_eq!(r.status(), 422);
            let html = r.text().await.expect("body");
            assert!(html.contains("không phải biểu mẫu tải tệp"), "{html}");
        }
        assert_eq!(duthao::storage::comments::count_all(&app.db.pool).await.expect("count"), 0);
    })
    .await;
}
