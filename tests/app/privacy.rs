//! Personal data: never public, exported and erased by an admin, while the comments'
//! text stays in the record.

use duthao::domain::Role;
use duthao::storage::comments;

use crate::harness::{TestApp, seed};

#[tokio::test]
async fn an_admin_exports_and_erases_a_persons_data_and_the_comments_stay() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let hoa = |body: &str| comments::NewComment {
            author_name: Some("Nguyễn Thị Hoà".to_owned()),
            author_email: Some("Hoa.Nguyen@Example.vn".to_owned()),
            ..s.comment(Some(s.provisions[1]), body)
        };
        let other = comments::NewComment {
            author_name: Some("Trần Văn Bình".to_owned()),
            author_email: Some("binh@example.vn".to_owned()),
            ..s.comment(None, "Góp ý của người khác.")
        };
        let ids = app
            .store_grouped(&[hoa("Đề nghị làm rõ phạm vi."), hoa("Đề nghị bổ sung đối tượng."), other])
            .await;
        let code = comments::code_of(&app.db, ids[0]).expect("code").to_string();

        // The e-mail is never shown publicly: not on the receipt, not in the synthesis.
        let public = app.client();
        let receipt = app.page(&public, &format!("/receipts/{code}")).await;
        assert!(receipt.contains("Nguyễn Thị Hoà") && !receipt.contains("Example.vn"));

        app.user("quantri", &[Role::Admin]).await;
        let admin = app.sign_in("quantri", "mat-khau-thu-nghiem").await;
        let page = app.page(&admin, "/admin/personal-data?person=hoa.nguyen%40example.vn").await;
        assert!(page.contains("2 góp ý mang dữ liệu cá nhân"), "{page}");
        assert!(page.contains("Đề nghị làm rõ phạm vi.") && !page.contains("Trần Văn Bình"));
        let export: serde_json::Value = admin
            .get(app.url("/admin/personal-data/export?person=Hoa.Nguyen%40example.vn"))
            .send()
            .await
            .expect("GET")
            .json()
            .await
            .expect("JSON");
        let listed = export["comments"].as_array().expect("comments");
        assert_eq!(listed.len(), 2);
        // Nobody named: said so, not "no account “”".
        let unnamed = admin.get(app.url("/admin/personal-data/export")).send().await.expect("GET");
        assert_eq!(unnamed.status(), 422);
        let said = unnamed.text().await.expect("body");
        assert!(said.contains("Hãy nhập thư điện tử hoặc tên đăng nhập") && !said.contains("“”"), "{said}");
        assert_eq!(listed[0]["author_email"], "Hoa.Nguyen@Example.vn");
        assert_eq!(listed[0]["receipt"], code.as_str());

        // Erasing asks for confirmation, then keeps every comment's text.
        let erase = |confirm: bool| {
            let admin = admin.clone();
            let url = app.url("/admin/personal-data/erase");
            async move {
                let mut form = vec![("person", "hoa.nguyen@example.vn")];
                if confirm {
                    form.push(("confirm", "yes"));
                }
                admin.post(url).form(&form).send().await.expect("POST").status().as_u16()
            }
        };
        assert_eq!(erase(false).await, 422);
        assert_eq!(erase(true).await, 303);
        for id in &ids[..2] {
            let row = comments::get(&app.db, *id).await.expect("q").expect("the comment stays");
            assert!(row.author_name.is_none() && row.author_email.is_none());
            assert!(row.body.starts_with("Đề nghị"));
            let proof = comments::audit_proof(&app.db, &row).await.expect("q").expect("recorded");
            assert!(proof.matches, "the receipt still verifies");
        }
        let kept = comments::get(&app.db, ids[2]).await.expect("q").expect("other");
        assert_eq!(kept.author_email.as_deref(), Some("binh@example.vn"), "another person's data is untouched");
        let page = app.page(&admin, "/admin/personal-data?person=hoa.nguyen%40example.vn").await;
        assert!(page.contains("Không có góp ý nào còn mang dữ liệu cá nhân"));
        // The audit trail names who erased and exported, never the data.
        let leaks: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_event WHERE LOWER(detail) LIKE '%hoa.nguyen%' OR LOWER(subject) LIKE '%hoa%'",
        )
        .fetch_one(&app.db.pool)
        .await
        .expect("q");
        assert_eq!(leaks, 0);
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_event WHERE action LIKE 'personal_data.%' ORDER BY id",
        )
        .fetch_all(&app.db.pool)
        .await
        .expect("q");
        assert_eq!(actions, ["personal_data.exported", "personal_data.erased"]);
        assert!(duthao::storage::audit::verify(&app.db.pool).await.expect("verify").broken.is_none());
    })
    .await;
}
