//! The statistics page: heat map of the draft, charts with their numbers and CSV,
//! answering progress and the invited organisations that have not commented.

use duthao::domain::Role;
use duthao::storage::comments::{self, NewComment};

use crate::harness::{Seeded, TestApp, seed};

fn comment(s: &Seeded, provision: Option<i64>, organisation: Option<i64>, channel: &str) -> NewComment {
    let body = format!("Góp ý số {} về dự thảo.", rand::random::<u32>());
    NewComment { organisation_id: organisation, channel: channel.to_owned(), ..s.comment(provision, &body) }
}

#[tokio::test]
async fn the_statistics_page_draws_counts_with_their_numbers() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        // No comment yet: the invited organisation is listed as not having commented.
        let page =
            app.page(&editor, &format!("/editor/consultations/{}/statistics", s.consultation_id)).await;
        assert!(
            page.contains("Cơ quan, tổ chức được mời chưa góp ý") && page.contains("Ban Tổ chức Trung ương"),
            "{page}"
        );

        let article2 = s.provisions[4];
        let mut batch: Vec<NewComment> = (0..5).map(|_| comment(&s, Some(article2), None, "web")).collect();
        batch.push(comment(&s, Some(s.provisions[1]), Some(s.org_id), "letter"));
        batch.push(comment(&s, None, None, "import"));
        comments::insert_many(&app.db, &batch).await.expect("stored");

        let page =
            app.page(&editor, &format!("/editor/consultations/{}/statistics", s.consultation_id)).await;
        assert!(page.contains("7 góp ý"));
        // Điều 2 has the most comments: the darkest shade; Điều 1 a lighter one.
        assert!(page.contains("<tr class=\"heat-5\"><th scope=\"row\" class=\"depth-1\">Điều 2"), "{page}");
        assert!(page.contains("<tr class=\"heat-1\"><th scope=\"row\" class=\"depth-1\">Điều 1"), "{page}");
        assert!(page.contains("góp ý chung cho cả dự thảo: 1"));
        assert!(page.contains("<svg class=\"chart\""), "charts are drawn as SVG");
        assert!(
            page.contains("<th scope=\"row\">Cá nhân</th><td>6</td>"),
            "each chart has its numbers as a table"
        );
        assert!(
            page.contains("Tất cả cơ quan, tổ chức được mời đã góp ý"),
            "the organisation has commented now"
        );

        let response = editor
            .get(app.url(&format!("/editor/consultations/{}/statistics/kenh.csv", s.consultation_id)))
            .send()
            .await
            .expect("GET csv");
        assert_eq!(response.status(), 200);
        let body = response.bytes().await.expect("body");
        assert!(body.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(body[3..].to_vec()).expect("utf-8");
        assert!(text.lines().any(|l| l == "Cổng thông tin,5"), "{text}");
        assert_eq!(text.lines().count(), 4, "a heading and one line per channel: {text}");

        let citizen = app.signed_in("congdan", &[], None).await;
        let r = citizen
            .get(app.url(&format!("/editor/consultations/{}/statistics", s.consultation_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 403);
    })
    .await;
}
