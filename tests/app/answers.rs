//! Answering comments: drafts, bulk answers, templates, the lead editor's review,
//! publishing together, and group members inheriting their group's answer.

use duthao::domain::Role;
use duthao::storage::comments::{self, NewComment};
use duthao::storage::dispositions::{self, Unit};
use duthao::storage::{audit, groups};

use crate::harness::{Seeded, TestApp, seed};

const LETTER: &str = "Đề nghị giữ nguyên chức danh trưởng thôn, tổ trưởng tổ dân phố vì đây là lực lượng \
    gần dân nhất, nắm chắc tình hình ở cơ sở và có vai trò quan trọng trong việc vận động nhân dân thực \
    hiện chủ trương, chính sách, pháp luật. Đề nghị bố trí phụ cấp phù hợp với khối lượng công việc.";

fn comment(s: &Seeded, body: &str) -> NewComment {
    s.comment(Some(s.provisions[1]), body)
}

async fn state_of(app: &TestApp, unit: Unit) -> Option<(String, i64)> {
    dispositions::of_unit(&app.db, unit).await.expect("read").map(|d| (d.state, d.revision))
}

#[tokio::test]
async fn editors_draft_the_lead_editor_reviews_and_answers_are_published_together() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let batch = [
            comment(&s, LETTER),
            comment(&s, &LETTER.replace("trưởng thôn", "trưởng ấp")),
            comment(&s, LETTER),
            comment(&s, "Đề nghị làm rõ thẩm quyền phê duyệt vị trí việc làm ở cấp xã."),
            comment(&s, "Cần quy định thời hạn rà soát danh mục chức danh định kỳ năm năm một lần."),
        ];
        let ids = app.store_grouped(&batch).await;
        let group =
            groups::group_of_comment(&app.db, ids[0]).await.expect("read").expect("the letters are grouped");
        let (g, a, b) = (Unit::Group(group), Unit::Comment(ids[3]), Unit::Comment(ids[4]));

        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let lead = app.signed_in("totruong", &[Role::LeadEditor], None).await;
        let queue = app.page(&editor, &format!("/editor/consultations/{}/answers", s.consultation_id)).await;
        assert!(
            queue.contains(&format!("/editor/answers/g{group}"))
                && queue.contains(&format!("/editor/answers/c{}", ids[3]))
        );
        assert!(
            !queue.contains(&format!("/editor/answers/c{}\"", ids[1])),
            "group members are answered through the group"
        );

        let post = |client: &reqwest::Client, path: String, form: Vec<(&'static str, String)>| {
            let request = client.post(app.url(&path)).form(&form);
            async move { request.send().await.expect("POST") }
        };
        // An answer without text is refused with a message.
        let r = post(
            &editor,
            format!("/editor/answers/g{group}"),
            vec![("kind", "accepted".into()), ("answer", "  ".into())],
        )
        .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("không được để trống"));
        assert_eq!(state_of(&app, g).await, None);

        let r = post(
            &editor,
            format!("/editor/answers/g{group}"),
            vec![("kind", "accepted".into()), ("answer", "Tiếp thu, giữ nguyên chức danh.".into())],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, g).await, Some(("draft".into(), 1)));

        // A template, then two comments answered in bulk with it.
        let r = post(
            &editor,
            "/editor/answer-templates".into(),
            vec![
                ("title", "Giải trình chung".into()),
                ("kind", "explained".into()),
                ("answer", "Nội dung này đã được quy định tại văn bản khác.".into()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        // The same form sent again does not make a second template of that name.
        let again = post(
            &editor,
            "/editor/answer-templates".into(),
            vec![
                ("title", "giải trình chung".into()),
                ("kind", "explained".into()),
                ("answer", "Nội dung này đã được quy định tại văn bản khác.".into()),
            ],
        )
        .await;
        assert_eq!(again.status(), 409);
        assert!(again.text().await.expect("body").contains("Đã có mẫu trả lời tên"));
        let templates = dispositions::templates(&app.db).await.expect("templates");
        assert_eq!(templates.len(), 1);
        let page =
            app.page(&editor, &format!("/editor/answers/c{}?template={}", ids[3], templates[0].id)).await;
        assert!(
            page.contains("Nội dung này đã được quy định tại văn bản khác.</textarea>"),
            "the template fills the form"
        );
        let r = post(
            &editor,
            format!("/editor/consultations/{}/answers/bulk", s.consultation_id),
            vec![
                ("unit", format!("c{}", ids[3])),
                ("unit", format!("c{}", ids[4])),
                ("kind", "explained".into()),
                ("answer", templates[0].answer.clone()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, a).await, Some(("draft".into(), 1)));
        assert_eq!(state_of(&app, b).await, Some(("draft".into(), 1)));

        // The lead editor read revision 1; the editor changes it; approving 1 is refused.
        let r = post(
            &editor,
            format!("/editor/answers/g{group}"),
            vec![
                ("kind", "accepted".into()),
                ("answer", "Tiếp thu, giữ nguyên chức danh trưởng thôn.".into()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        let r = post(
            &lead,
            format!("/editor/answers/g{group}/review"),
            vec![("decision", "approve".into()), ("revision", "1".into())],
        )
        .await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.expect("body").contains("đã được sửa sau khi"));
        let r = post(
            &lead,
            format!("/editor/answers/g{group}/review"),
            vec![("decision", "approve".into()), ("revision", "2".into())],
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, g).await, Some(("approved".into(), 2)));

        // Returning needs a remark, which the editor then sees in their queue.
        let r = post(
            &lead,
            format!("/editor/answers/c{}/review", ids[3]),
            vec![("decision", "return".into()), ("remark", "".into())],
        )
        .await;
        assert_eq!(r.status(), 422);
        // Returning a text other than the one read is refused, as approving it is.
        let r = post(
            &lead,
            format!("/editor/answers/c{}/review", ids[3]),
            vec![("decision", "return".into()), ("remark", "Nêu rõ.".into()), ("revision", "7".into())],
        )
        .await;
        assert_eq!(r.status(), 409);
        let r = post(
            &lead,
            format!("/editor/answers/c{}/review", ids[3]),
            vec![
                ("decision", "return".into()),
                ("remark", "Nêu rõ văn bản nào.".into()),
                ("revision", "1".into()),
            ],
        )
        .await;
        assert_eq!(r.status(), 303);
        // A returned answer is not waiting for review: approving it is refused.
        let r = post(
            &lead,
            format!("/editor/answers/c{}/review", ids[3]),
            vec![("decision", "approve".into()), ("revision", "1".into())],
        )
        .await;
        assert_eq!(r.status(), 409);
        let mine = app
            .page(&editor, &format!("/editor/consultations/{}/answers?view=mine", s.consultation_id))
            .await;
        assert!(mine.contains("Nêu rõ văn bản nào."), "{mine}");
        let r = post(
            &lead,
            format!("/editor/answers/c{}/review", ids[4]),
            vec![("decision", "approve".into()), ("revision", "1".into())],
        )
        .await;
        assert_eq!(r.status(), 303);

        // Only the lead editor publishes; approved answers go out together.
        let r = post(&editor, format!("/editor/consultations/{}/answers/publish", s.consultation_id), vec![])
            .await;
        assert_eq!(r.status(), 403);
        let r =
            post(&lead, format!("/editor/consultations/{}/answers/publish", s.consultation_id), vec![]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, g).await.map(|s| s.0), Some("published".into()));
        assert_eq!(state_of(&app, b).await.map(|s| s.0), Some("published".into()));
        assert_eq!(state_of(&app, a).await.map(|s| s.0), Some("returned".into()));
        let r = post(
            &editor,
            format!("/editor/answers/g{group}"),
            vec![("kind", "explained".into()), ("answer", "Sửa sau khi công bố.".into())],
        )
        .await;
        assert_eq!(r.status(), 409, "a published answer is final");

        // A member of the group shows the group's answer.
        let member = app.page(&editor, &format!("/editor/answers/c{}", ids[1])).await;
        assert!(
            member.contains("đã có trả lời chung") && member.contains("giữ nguyên chức danh trưởng thôn"),
            "{member}"
        );

        // Progress counts the group once: 3 units, all answered, 2 approved and published.
        let progress = dispositions::progress(&app.db, s.consultation_id).await.expect("progress");
        let p = &progress[0];
        assert_eq!((p.units, p.answered, p.approved, p.published, p.left()), (3, 3, 2, 2, 0));

        let events = audit::for_subject(&app.db, &format!("consultation:{}", s.consultation_id), 20)
            .await
            .expect("audit");
        let actions: Vec<&str> = events.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "answer.draft",
                "answer.draft",
                "answer.draft",
                "answer.approve",
                "answer.return",
                "answer.approve",
                "answer.publish"
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_dissolved_group_hands_its_answer_to_the_comment_left() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let ids = app.store_grouped(&[comment(&s, LETTER), comment(&s, LETTER)]).await;
        let group = groups::group_of_comment(&app.db, ids[0]).await.expect("read").expect("grouped");
        let editor = app.user("bt", &[Role::Editor]).await;
        let text = duthao::domain::AnswerText::parse("Tiếp thu.").expect("text");
        dispositions::draft(
            &app.db,
            editor,
            &[Unit::Group(group)],
            duthao::domain::Disposition::Accepted,
            &text,
        )
        .await
        .expect("answered");
        // A grouped comment is answered through its group.
        let refused = dispositions::draft(
            &app.db,
            editor,
            &[Unit::Comment(ids[1])],
            duthao::domain::Disposition::Accepted,
            &text,
        )
        .await;
        assert!(matches!(refused, Err(dispositions::AnswerChangeError::InGroup)), "{refused:?}");
        groups::change(&app.db, editor, s.consultation_id, &groups::Change::Split { comments: vec![ids[1]] })
            .await
            .expect("split");
        assert!(groups::get(&app.db, group).await.expect("read").is_none(), "a group of one is dissolved");
        assert_eq!(
            state_of(&app, Unit::Comment(ids[0])).await,
            Some(("draft".into(), 1)),
            "the answer stays with the comment left"
        );
        assert_eq!(state_of(&app, Unit::Comment(ids[1])).await, None);
    })
    .await;
}

/// Taking every member out of an answered group at once leaves nobody to hand the
/// answer to but the representative, the comment it was written against: it is not
/// dropped.
#[tokio::test]
async fn splitting_a_whole_answered_group_keeps_its_answer_on_the_representative() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let ids = app.store_grouped(&[comment(&s, LETTER), comment(&s, LETTER), comment(&s, LETTER)]).await;
        let group = groups::group_of_comment(&app.db, ids[0]).await.expect("read").expect("grouped");
        let representative =
            groups::get(&app.db, group).await.expect("read").expect("group").representative_id;
        let editor = app.user("bt", &[Role::Editor]).await;
        let text = duthao::domain::AnswerText::parse("Tiếp thu.").expect("text");
        dispositions::draft(
            &app.db,
            editor,
            &[Unit::Group(group)],
            duthao::domain::Disposition::Accepted,
            &text,
        )
        .await
        .expect("answered");
        groups::change(&app.db, editor, s.consultation_id, &groups::Change::Split { comments: ids.clone() })
            .await
            .expect("split");
        assert!(groups::get(&app.db, group).await.expect("read").is_none(), "the group is dissolved");
        assert_eq!(state_of(&app, Unit::Comment(representative)).await, Some(("draft".into(), 1)));
        let answered =
            futures_util::future::join_all(ids.iter().map(|&c| state_of(&app, Unit::Comment(c)))).await;
        assert_eq!(answered.iter().filter(|a| a.is_some()).count(), 1, "{answered:?}");

        // Members moved all together into a group without an answer take theirs along;
        // none stays behind on a comment that is in another group now.
        const ONE: &str =
            "Đề nghị bổ sung chế độ phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố.";
        const OTHER: &str =
            "Đề nghị quy định rõ thời hạn rà soát danh mục chức danh định kỳ năm năm một lần.";
        let more = app
            .store_grouped(&[comment(&s, ONE), comment(&s, ONE), comment(&s, OTHER), comment(&s, OTHER)])
            .await;
        let from = groups::group_of_comment(&app.db, more[0]).await.expect("read").expect("grouped");
        let to = groups::group_of_comment(&app.db, more[2]).await.expect("read").expect("grouped");
        assert_ne!(from, to);
        dispositions::draft(
            &app.db,
            editor,
            &[Unit::Group(from)],
            duthao::domain::Disposition::Accepted,
            &text,
        )
        .await
        .expect("answered");
        let moved = groups::Change::Move { comments: more[..2].to_vec(), to_group: to };
        groups::change(&app.db, editor, s.consultation_id, &moved).await.expect("moved");
        assert!(groups::get(&app.db, from).await.expect("read").is_none(), "the emptied group is dissolved");
        assert_eq!(state_of(&app, Unit::Group(to)).await, Some(("draft".into(), 1)));
        for &c in &more[..2] {
            assert_eq!(state_of(&app, Unit::Comment(c)).await, None, "no answer left on a grouped comment");
        }
        // Emptying an answered group into one that has its own answer would lose one:
        // refused, as merging them is.
        const THIRD: &str =
            "Đề nghị giao Ủy ban nhân dân cấp tỉnh quy định số lượng người hoạt động không chuyên trách.";
        let third = app.store_grouped(&[comment(&s, THIRD), comment(&s, THIRD)]).await;
        let answered_too = groups::group_of_comment(&app.db, third[0]).await.expect("read").expect("grouped");
        dispositions::draft(
            &app.db,
            editor,
            &[Unit::Group(answered_too)],
            duthao::domain::Disposition::Explained,
            &text,
        )
        .await
        .expect("answered");
        let refused = groups::change(
            &app.db,
            editor,
            s.consultation_id,
            &groups::Change::Move { comments: third.clone(), to_group: to },
        )
        .await;
        assert!(
            matches!(refused, Err(groups::GroupChangeError::BothAnswered(g)) if g == answered_too),
            "{refused:?}"
        );
        assert_eq!(state_of(&app, Unit::Group(answered_too)).await, Some(("draft".into(), 1)));
    })
    .await;
}

#[tokio::test]
async fn a_group_answer_that_cannot_pass_on_is_dropped_with_an_audit_event() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let ids = app
            .store_grouped(&[
                comment(&s, LETTER),
                comment(&s, LETTER),
                comment(&s, "Đề nghị quy định rõ thời hạn."),
            ])
            .await;
        let group = groups::group_of_comment(&app.db, ids[0]).await.expect("read").expect("grouped");
        let editor = app.user("bt", &[Role::Editor]).await;
        let answer = |t: &str| duthao::domain::AnswerText::parse(t).expect("text");
        let accepted = duthao::domain::Disposition::Accepted;
        dispositions::draft(&app.db, editor, &[Unit::Group(group)], accepted, &answer("Trả lời của nhóm."))
            .await
            .expect("group answered");
        dispositions::draft(&app.db, editor, &[Unit::Comment(ids[2])], accepted, &answer("Trả lời riêng."))
            .await
            .expect("comment answered");
        // The separately answered comment joins the group, then the others leave it.
        groups::change(
            &app.db,
            editor,
            s.consultation_id,
            &groups::Change::Move { comments: vec![ids[2]], to_group: group },
        )
        .await
        .expect("move");
        groups::change(
            &app.db,
            editor,
            s.consultation_id,
            &groups::Change::Split { comments: vec![ids[0], ids[1]] },
        )
        .await
        .expect("split");
        assert!(groups::get(&app.db, group).await.expect("read").is_none(), "a group of one is dissolved");
        assert_eq!(
            state_of(&app, Unit::Comment(ids[2])).await,
            Some(("draft".into(), 1)),
            "its own answer stays"
        );
        let detail: String = sqlx::query_scalar(
            "SELECT detail FROM audit_event WHERE action = 'disposition.dropped' AND subject = $1",
        )
        .bind(format!("g{group}"))
        .fetch_one(&app.db.pool)
        .await
        .expect("the dropped answer is in the audit trail");
        assert!(detail.contains("Trả lời của nhóm."), "{detail}");
    })
    .await;
}

#[tokio::test]
async fn the_lead_editor_approves_a_selection_at_the_revisions_shown() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let batch =
            [comment(&s, "Đề nghị làm rõ thẩm quyền."), comment(&s, "Cần quy định thời hạn rà soát.")];
        let codes = comments::insert_many(&app.db, &batch).await.expect("stored");
        let ids: Vec<i64> = codes.iter().map(|c| c.comment_id(&app.db.receipt_key)).collect();
        let editor = app.user("bt", &[Role::Editor]).await;
        let text =
            duthao::domain::AnswerText::parse("Giải trình: đã quy định tại văn bản khác.").expect("text");
        let units = [Unit::Comment(ids[0]), Unit::Comment(ids[1])];
        dispositions::draft(&app.db, editor, &units, duthao::domain::Disposition::Explained, &text)
            .await
            .expect("drafted");
        dispositions::draft(&app.db, editor, &units[1..], duthao::domain::Disposition::Explained, &text)
            .await
            .expect("redrafted");

        let lead = app.signed_in("totruong", &[Role::LeadEditor], None).await;
        let queue = app
            .page(&lead, &format!("/editor/consultations/{}/answers?view=review", s.consultation_id))
            .await;
        assert!(queue.contains("Duyệt các nội dung đã chọn"));
        assert!(
            queue.contains(&format!("name=\"rev-c{}\" value=\"2\"", ids[1])),
            "the page carries each revision shown"
        );
        // The second answer was shown at revision 1 on an older page: it is not approved.
        let form: Vec<(String, String)> = vec![
            ("unit".into(), format!("c{}", ids[0])),
            (format!("rev-c{}", ids[0]), "1".into()),
            ("unit".into(), format!("c{}", ids[1])),
            (format!("rev-c{}", ids[1]), "1".into()),
        ];
        let r = lead
            .post(app.url(&format!("/editor/consultations/{}/answers/approve", s.consultation_id)))
            .form(&form)
            .send()
            .await
            .expect("POST approve");
        assert_eq!(r.status(), 409);
        assert!(r.text().await.expect("body").contains("Đã duyệt 1 nội dung"));
        assert_eq!(state_of(&app, units[0]).await, Some(("approved".into(), 1)));
        assert_eq!(state_of(&app, units[1]).await, Some(("draft".into(), 2)));

        // A selection missing one revision approves nothing; a unit ticked twice is
        // approved once.
        let approve = |form: Vec<(String, String)>| {
            let request = lead
                .post(app.url(&format!("/editor/consultations/{}/answers/approve", s.consultation_id)))
                .form(&form);
            async move { request.send().await.expect("POST approve") }
        };
        dispositions::draft(&app.db, editor, &units[..1], duthao::domain::Disposition::Explained, &text)
            .await
            .expect("redrafted");
        let r = approve(vec![
            ("unit".into(), format!("c{}", ids[0])),
            (format!("rev-c{}", ids[0]), "2".into()),
            ("unit".into(), format!("c{}", ids[1])),
        ])
        .await;
        assert_eq!(r.status(), 422);
        assert_eq!(state_of(&app, units[0]).await, Some(("draft".into(), 2)), "nothing approved");
        let r = approve(vec![
            ("unit".into(), format!("c{}", ids[1])),
            (format!("rev-c{}", ids[1]), "2".into()),
            ("unit".into(), format!("c{}", ids[1])),
        ])
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(state_of(&app, units[1]).await, Some(("approved".into(), 2)));
    })
    .await;
}

/// Two editors with the same answer open: the second to save is told the first one
/// saved since, instead of overwriting it unawares.
#[tokio::test]
async fn saving_an_answer_changed_since_the_page_was_opened_is_refused() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let codes =
            comments::insert_many(&app.db, &[comment(&s, "Đề nghị làm rõ thẩm quyền.")]).await.expect("q");
        let id = codes[0].comment_id(&app.db.receipt_key);
        let (a, b) = (
            app.signed_in("bientap1", &[Role::Editor], None).await,
            app.signed_in("bientap2", &[Role::Editor], None).await,
        );
        let page = app.page(&a, &format!("/editor/answers/c{id}")).await;
        assert!(page.contains(r#"name="revision" value="0""#), "{page}");
        let save = |client: &reqwest::Client, text: &str, revision: &str| {
            let form = [("kind", "accepted"), ("answer", text), ("revision", revision)];
            let request = client.post(app.url(&format!("/editor/answers/c{id}"))).form(&form);
            async move { request.send().await.expect("POST answer") }
        };
        assert_eq!(save(&a, "Tiếp thu, sửa khoản 2.", "0").await.status(), 303);
        let stale = save(&b, "Giải trình: giữ nguyên.", "0").await;
        assert_eq!(stale.status(), 409);
        assert!(
            stale.text().await.expect("body").contains("đã thay đổi (được sửa, duyệt hoặc trả lại) sau khi")
        );
        assert_eq!(state_of(&app, Unit::Comment(id)).await, Some(("draft".into(), 1)));
        assert_eq!(save(&b, "Giải trình: giữ nguyên.", "1").await.status(), 303);
        // A form missing a field is refused in Vietnamese, not in the decoder's English.
        let r = b
            .post(app.url(&format!("/editor/answers/c{id}")))
            .form(&[("answer", "x")])
            .send()
            .await
            .expect("POST");
        assert_eq!(r.status(), 422);
        let html = r.text().await.expect("body");
        assert!(html.contains("thiếu trường “kind”") && !html.contains("missing field"), "{html}");
        assert_eq!(state_of(&app, Unit::Comment(id)).await, Some(("draft".into(), 2)));

        // Approved after the page was opened: the revision is the same, but saving
        // would quietly undo the approval.
        let page = app.page(&a, &format!("/editor/answers/c{id}")).await;
        let updated_at = page
            .split("name=\"updated_at\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the form carries when the answer changed")
            .to_owned();
        let lead = app.user("totruong", &[Role::LeadEditor]).await;
        dispositions::review(
            &app.db,
            lead,
            Unit::Comment(id),
            &dispositions::Review::Approve { revision: 2 },
        )
        .await
        .expect("approved");
        let form = [
            ("kind", "accepted"),
            ("answer", "Sửa lại."),
            ("revision", "2"),
            ("updated_at", updated_at.as_str()),
        ];
        let r = a.post(app.url(&format!("/editor/answers/c{id}"))).form(&form).send().await.expect("POST");
        assert_eq!(r.status(), 409);
        assert_eq!(state_of(&app, Unit::Comment(id)).await, Some(("approved".into(), 2)));
    })
    .await;
}

#[tokio::test]
async fn queues_page_through_groups_then_comments_alone() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let batch = [
            comment(&s, "Đề nghị làm rõ thẩm quyền phê duyệt."),
            comment(&s, LETTER),
            comment(&s, LETTER),
            comment(&s, "Cần quy định thời hạn rà soát định kỳ."),
        ];
        let ids = app.store_grouped(&batch).await;
        let group = groups::group_of_comment(&app.db, ids[1]).await.expect("read").expect("grouped");
        let mut seen = Vec::new();
        for offset in 0..4 {
            let page =
                dispositions::queue(&app.db, s.consultation_id, dispositions::Queue::Unanswered, 1, offset)
                    .await
                    .expect("queue");
            seen.extend(page.iter().map(|r| r.unit()));
        }
        assert_eq!(seen, [Unit::Group(group), Unit::Comment(ids[0]), Unit::Comment(ids[3])]);
        let page = dispositions::queue(&app.db, s.consultation_id, dispositions::Queue::Unanswered, 2, 0)
            .await
            .expect("queue");
        assert_eq!(
            page.iter().map(|r| r.unit()).collect::<Vec<_>>(),
            [Unit::Group(group), Unit::Comment(ids[0])]
        );
        let len = dispositions::queue_len(&app.db, s.consultation_id, dispositions::Queue::Unanswered).await;
        assert_eq!(len.expect("count"), 3);

        // A page past the end is the last page, with the view kept; a page in range is shown.
        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let url = |page: u64| {
            format!("/editor/consultations/{}/answers?view=unanswered&page={page}", s.consultation_id)
        };
        for asked in [5, i64::MAX as u64] {
            let past = editor.get(app.url(&url(asked))).send().await.expect("GET");
            assert_eq!(past.status(), 303);
            assert_eq!(past.headers().get("location").and_then(|l| l.to_str().ok()), Some(url(1).as_str()));
        }
        let first = editor.get(app.url(&url(1))).send().await.expect("GET");
        assert_eq!(first.status(), 200);
    })
    .await;
}
