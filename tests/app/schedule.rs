//! The schedule: milestones with warnings on the dashboard, the rule that nothing
//! comes after the submission deadline, the month calendar and the iCalendar feed.

use duthao::domain::{Role, vntime};
use duthao::storage::now_ms;

use crate::harness::{TestApp, seed};

const DAY: i64 = 86_400_000;

#[tokio::test]
async fn milestones_warn_on_the_dashboard_and_reach_the_calendar_and_the_feed() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let now = now_ms();
        let date = |days: i64| vntime::iso_date(now + days * DAY);
        let add = |fields: Vec<(&'static str, String)>| {
            let request =
                editor.post(app.url(&format!("/editor/dossiers/{}/milestones", s.dossier_id))).form(&fields);
            async move { request.send().await.expect("POST") }
        };
        for fields in [
            vec![
                ("kind", "submission_due".to_owned()),
                ("title", "Trình Bộ Chính trị".to_owned()),
                ("date", date(30)),
            ],
            vec![
                ("kind", "synthesis_due".to_owned()),
                ("title", "Tổng hợp ý kiến".to_owned()),
                ("date", date(-2)),
            ],
            vec![
                ("kind", "revision_due".to_owned()),
                ("title", "Hoàn thiện dự thảo".to_owned()),
                ("date", date(2)),
            ],
            vec![
                ("kind", "conference".to_owned()),
                ("title", "Hội nghị trực tuyến toàn quốc".to_owned()),
                ("date", date(10)),
                ("time", "08:00".to_owned()),
            ],
        ] {
            assert_eq!(add(fields).await.status(), 303);
        }
        // Nothing after the submission deadline.
        let r =
            add(vec![("kind", "other".to_owned()), ("title", "Việc muộn".to_owned()), ("date", date(31))])
                .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("sau hạn trình"));
        let r = add(vec![("kind", "other".to_owned()), ("date", "31/12/2026".to_owned())]).await;
        assert_eq!(r.status(), 422, "a date in the wrong form is refused");

        // The dossier's schedule: statuses in Vietnam calendar days.
        let page = app.page(&editor, &format!("/editor/dossiers/{}/schedule", s.dossier_id)).await;
        assert!(
            page.contains("Quá hạn 2 ngày") && page.contains("Còn 2 ngày") && page.contains("Còn 30 ngày"),
            "{page}"
        );
        assert!(page.contains("Hết hạn lấy ý kiến (23:59)"), "consultation windows are on the schedule");
        // The dashboard warns of what is overdue or due within 3 days, only that.
        let dashboard = app.page(&editor, "/editor").await;
        assert!(
            dashboard.contains("Quá hạn 2 ngày") && dashboard.contains("Hoàn thiện dự thảo"),
            "{dashboard}"
        );
        assert!(!dashboard.contains("Trình Bộ Chính trị"));

        // Done: no longer a warning.
        let id: i64 = sqlx::query_scalar("SELECT id FROM milestone WHERE title = $1")
            .bind("Tổng hợp ý kiến")
            .fetch_one(&app.db.pool)
            .await
            .expect("milestone");
        let r = editor
            .post(app.url(&format!("/editor/milestones/{id}")))
            .form(&[("action", "done")])
            .send()
            .await
            .expect("done");
        assert_eq!(r.status(), 303);
        assert!(!app.page(&editor, "/editor").await.contains("Quá hạn 2 ngày"));

        // The calendar of the month of the conference, and the feed.
        let month = &date(10)[..7];
        let calendar = app.page(&editor, &format!("/editor/calendar?month={month}")).await;
        assert!(
            calendar.contains("Hội nghị trực tuyến toàn quốc") && calendar.contains("Thứ Hai"),
            "{calendar}"
        );
        let feed_url = calendar
            .split("<code>")
            .nth(1)
            .and_then(|rest| rest.split("</code>").next())
            .expect("feed url")
            .to_owned();
        let path = feed_url.split_once("/calendar/").map(|(_, p)| format!("/calendar/{p}")).expect("path");
        let anonymous = reqwest::Client::new();
        let r = anonymous.get(app.url(&path)).send().await.expect("feed");
        assert_eq!(r.status(), 200);
        assert!(
            r.headers()[reqwest::header::CONTENT_TYPE].to_str().expect("ascii").starts_with("text/calendar")
        );
        let ics = r.text().await.expect("ics").replace("\r\n ", "");
        assert!(
            ics.contains("BEGIN:VEVENT") && ics.contains("Hội nghị: Hội nghị trực tuyến toàn quốc"),
            "{ics}"
        );
        let conference_day = date(10).replace('-', "");
        assert!(ics.contains(&format!("DTSTART;TZID=Asia/Ho_Chi_Minh:{conference_day}T080000")), "{ics}");
        assert!(ics.contains(&format!("DTSTART;VALUE=DATE:{}", date(30).replace('-', ""))));
        let r = anonymous
            .get(app.url("/calendar/0000000000000000000000000000000000000000/tien-do.ics"))
            .send()
            .await
            .expect("feed");
        assert_eq!(r.status(), 404, "an unknown token reads nothing");

        let events: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'milestone.%'")
                .fetch_one(&app.db.pool)
                .await
                .expect("audit");
        assert_eq!(events, 5, "four added and one done");
    })
    .await;
}
