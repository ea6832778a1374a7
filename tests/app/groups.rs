//! Near-duplicate groups: formed as comments arrive, shown to editors with each
//! member's differences, corrected by editors (split, move, merge), kept by a full
//! regrouping, and written to the audit trail.

use std::time::{Duration, Instant};

use duthao::domain::Role;
use duthao::storage::comments::NewComment;
use duthao::storage::{audit, groups};

use crate::harness::{Seeded, TestApp, seed};

const LETTER: &str = "Tôi là Nguyễn Văn An, giáo viên, hiện sinh sống tại Nghệ An. Tôi rất đồng tình với \
    chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm vì lợi ích chung. \
    Tuy nhiên, các biện pháp bảo vệ tại Điều 8 của dự thảo còn mang tính nguyên tắc, chưa đủ để cán bộ \
    yên tâm khi đề xuất những việc mới. Đề nghị bổ sung quy định cụ thể về miễn trừ trách nhiệm khi đã \
    thực hiện đúng quy trình mà vẫn có thiệt hại do nguyên nhân khách quan.";

fn comment(s: &Seeded, body: &str, author: &str) -> NewComment {
    NewComment { author_name: Some(author.to_owned()), ..s.comment(Some(s.provisions[1]), body) }
}

async fn group_of(app: &TestApp, comment: i64) -> Option<i64> {
    sqlx::query_scalar::<_, Option<i64>>("SELECT group_id FROM comment WHERE id = $1")
        .bind(comment)
        .fetch_one(&app.db.pool)
        .await
        .expect("comment")
}

#[tokio::test]
async fn campaign_letters_group_as_they_arrive_and_editors_correct_the_groups() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let nfd: String = {
            use unicode_normalization::UnicodeNormalization;
            LETTER.replace("Nguyễn Văn An", "Lê Thị Hoà").nfd().collect()
        };
        let ids = app
            .store_grouped(&[
                comment(&s, LETTER, "Nguyễn Văn An"),
                comment(
                    &s,
                    &LETTER.replace("Nguyễn Văn An", "Trần Thị Bình").replace("Nghệ An", "Hà Tĩnh"),
                    "Bình",
                ),
                comment(&s, "Đề nghị làm rõ thẩm quyền phê duyệt vị trí việc làm ở cấp xã.", "Cường"),
                comment(&s, &nfd, "Hoà"),
                comment(&s, &LETTER.replace(" rất đồng tình", " hoàn toàn đồng tình"), "Dũng"),
                comment(&s, "Thống nhất với dự thảo, đề nghị sớm ban hành để triển khai thực hiện.", "Em"),
                comment(&s, "Thống nhất với dự thảo, đề nghị sớm ban hành để triển khai thực hiện.", "Giang"),
            ])
            .await;
        let letter_group = group_of(&app, ids[0]).await.expect("the campaign letter is grouped");
        for &i in &[ids[1], ids[3], ids[4]] {
            assert_eq!(group_of(&app, i).await, Some(letter_group), "comment {i} joins the letter's group");
        }
        assert_eq!(group_of(&app, ids[2]).await, None, "a distinct comment stays alone");
        let agree_group = group_of(&app, ids[5]).await.expect("identical comments are grouped");
        assert_eq!(group_of(&app, ids[6]).await, Some(agree_group));
        assert_ne!(agree_group, letter_group);

        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let list = app.page(&editor, &format!("/editor/consultations/{}/groups", s.consultation_id)).await;
        assert!(
            list.contains(&format!("/editor/groups/{letter_group}")) && list.contains("2 nhóm gồm 6 góp ý"),
            "{list}"
        );
        // A page past the end is the last page (one here), however far past.
        let last = format!("/editor/consultations/{}/groups?page=1", s.consultation_id);
        for asked in ["7", "9223372036854775807"] {
            let past = editor
                .get(app.url(&format!("/editor/consultations/{}/groups?page={asked}", s.consultation_id)))
                .send()
                .await
                .expect("GET");
            assert_eq!(past.status(), 303, "page {asked}");
            assert_eq!(past.headers().get("location").and_then(|l| l.to_str().ok()), Some(last.as_str()));
        }
        // A parameter given twice is named on the app's page, not in framework English.
        let twice = editor
            .get(app.url(&format!("/editor/consultations/{}/groups?page=1&page=2", s.consultation_id)))
            .send()
            .await
            .expect("GET");
        assert_eq!(twice.status(), 422);
        let html = twice.text().await.expect("body");
        assert!(html.contains("tham số “page” xuất hiện hơn một lần") && html.contains("<html"), "{html}");
        let page = app.page(&editor, &format!("/editor/groups/{letter_group}")).await;
        assert!(page.contains("<del>Nguyễn Văn An,"), "the name swap is shown as a difference: {page}");
        assert!(page.contains("<ins>Trần Thị Bình,"), "{page}");

        // Split one letter out; it stays alone, and a regrouping keeps it so.
        let change = |body: Vec<(&'static str, String)>, group: i64| {
            let editor = editor.clone();
            let url = app.url(&format!("/editor/groups/{group}/change"));
            async move { editor.post(url).form(&body).send().await.expect("POST change") }
        };
        let r = change(vec![("action", "split".into()), ("comment", ids[4].to_string())], letter_group).await;
        assert_eq!(r.status(), 303, "split");
        assert_eq!(group_of(&app, ids[4]).await, None);
        let group = groups::get(&app.db, letter_group).await.expect("read").expect("group");
        assert_eq!(group.size, 3);

        let r = editor
            .post(app.url(&format!("/editor/consultations/{}/regroup", s.consultation_id)))
            .send()
            .await
            .expect("POST regroup");
        assert_eq!(r.status(), 303);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let page =
                app.page(&editor, &format!("/editor/consultations/{}/groups", s.consultation_id)).await;
            if page.contains("Đã nhóm lại lúc") {
                break;
            }
            assert!(Instant::now() < deadline, "regrouping did not finish: {page}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(group_of(&app, ids[4]).await, None, "regrouping keeps what the editor split out");
        let regrouped = group_of(&app, ids[0]).await.expect("the letter is grouped again");
        for &i in &[ids[1], ids[3]] {
            assert_eq!(group_of(&app, i).await, Some(regrouped));
        }
        let agree_group = group_of(&app, ids[5]).await.expect("still grouped");

        // Merge the agreement group into the letter's group; a bad target is refused.
        let r =
            change(vec![("action", "merge".into()), ("groups", format!("#{agree_group}"))], regrouped).await;
        assert_eq!(r.status(), 303);
        assert_eq!(group_of(&app, ids[6]).await, Some(regrouped));
        assert!(groups::get(&app.db, agree_group).await.expect("read").is_none(), "the merged group is gone");
        assert_eq!(groups::get(&app.db, regrouped).await.expect("read").expect("group").size, 5);
        let r = change(
            vec![("action", "move".into()), ("comment", ids[2].to_string()), ("to_group", "abc".into())],
            regrouped,
        )
        .await;
        assert_eq!(r.status(), 422, "bad input the editor can fix");
        assert!(r.text().await.expect("body").contains("không phải là số hiệu"));

        // A comment that was alone can be moved into a group.
        let r = change(
            vec![
                ("action", "move".into()),
                ("comment", ids[2].to_string()),
                ("to_group", regrouped.to_string()),
            ],
            regrouped,
        )
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(group_of(&app, ids[2]).await, Some(regrouped));

        // A second regrouping keeps the group that holds a moved comment whole.
        let r = editor
            .post(app.url(&format!("/editor/consultations/{}/regroup", s.consultation_id)))
            .send()
            .await
            .expect("POST regroup");
        assert_eq!(r.status(), 303);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let n: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM audit_event WHERE action = 'group.regroup'")
                    .fetch_one(&app.db.pool)
                    .await
                    .expect("count");
            if n == 2 {
                break;
            }
            assert!(Instant::now() < deadline, "the second regrouping did not finish");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for &i in &[ids[0], ids[1], ids[3], ids[5], ids[6], ids[2]] {
            assert_eq!(
                group_of(&app, i).await,
                Some(regrouped),
                "comment {i} stays in the group the editor shaped"
            );
        }

        // Every change is in the audit trail, chained by hash.
        let events = audit::for_subject(&app.db, &format!("consultation:{}", s.consultation_id), 10)
            .await
            .expect("audit");
        let actions: Vec<&str> = events.iter().rev().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["group.split", "group.regroup", "group.merge", "group.move", "group.regroup"]);
        let chain: Vec<(String, String)> =
            sqlx::query_as("SELECT prev_hash, hash FROM audit_event ORDER BY id")
                .fetch_all(&app.db.pool)
                .await
                .expect("chain");
        assert_eq!(chain[0].0, audit::GENESIS);
        for pair in chain.windows(2) {
            assert_eq!(pair[1].0, pair[0].1, "each event names the hash of the one before");
        }

        // Citizens do not see the groups.
        let citizen = app.signed_in("congdan", &[], None).await;
        let r = citizen.get(app.url(&format!("/editor/groups/{regrouped}"))).send().await.expect("GET");
        assert_eq!(r.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn groups_never_span_two_drafts() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let other_draft =
            duthao::storage::drafts::insert_draft(&app.db.pool, s.dossier_id, "de_an", "Đề án thứ hai", &[])
                .await
                .expect("draft");
        let other_version = duthao::drafting::store_upload(
            &app.db,
            other_draft,
            "de-an.txt",
            "Điều 1. Phạm vi\nNội dung.\n".as_bytes(),
        )
        .await
        .expect("version");
        sqlx::query("INSERT INTO consultation_version (consultation_id, version_id) VALUES ($1, $2)")
            .bind(s.consultation_id)
            .bind(other_version)
            .execute(&app.db.pool)
            .await
            .expect("consulted");
        let on_other = |body: &str| NewComment { version_id: other_version, ..s.comment(None, body) };
        let ids = app
            .store_grouped(&[
                comment(&s, LETTER, "A"),
                comment(&s, LETTER, "B"),
                on_other(LETTER),
                on_other(LETTER),
            ])
            .await;
        let first = group_of(&app, ids[0]).await.expect("grouped on the first draft");
        let second = group_of(&app, ids[2]).await.expect("grouped on the second draft");
        assert_ne!(first, second, "the same letter on two drafts makes one group per draft");
        assert_eq!(group_of(&app, ids[1]).await, Some(first));
        assert_eq!(group_of(&app, ids[3]).await, Some(second));

        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let r = editor
            .post(app.url(&format!("/editor/groups/{first}/change")))
            .form(&[("action", "merge".to_owned()), ("groups", second.to_string())])
            .send()
            .await
            .expect("POST merge");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("cùng một dự thảo"));
    })
    .await;
}

/// On SQLite the grouping tail's joins ride in the group commit's next transaction
/// when comments are arriving, and are written alone when none come.
#[tokio::test]
async fn joins_ride_in_the_group_commit_on_sqlite() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db =
        duthao::storage::Db::open(&format!("sqlite://{}?mode=rwc", dir.path().join("joins.db").display()))
            .await
            .expect("database opens");
    let s = seed(&db, "public", 10).await;
    let other = LETTER.replace("Nguyễn Văn An", "Trần Thị Bình");
    let codes = duthao::storage::comments::insert_many(
        &db,
        &[
            comment(&s, LETTER, "An"),
            comment(&s, &other, "Bình"),
            comment(&s, LETTER, "Cường"),
            comment(&s, &other, "Dũng"),
        ],
    )
    .await
    .expect("stored");
    let ids: Vec<i64> = codes.iter().map(|c| c.comment_id(&db.receipt_key)).collect();
    let join = |comment_id: i64, matched: i64| groups::Join {
        comment_id,
        consultation_id: s.consultation_id,
        matched: vec![matched],
    };
    let group_of = |id: i64| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, Option<i64>>("SELECT group_id FROM comment WHERE id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .expect("comment")
        }
    };

    // No comments arriving: after the wait the tail writes the chunk itself.
    let started = Instant::now();
    assert_eq!(groups::apply_joins(&db, &[join(ids[1], ids[0])], ids[1]).await.expect("written"), 0);
    assert!(started.elapsed() >= groups::HANDOFF_WAIT);
    let first = group_of(ids[0]).await.expect("a group formed");
    assert_eq!(group_of(ids[1]).await, Some(first));
    assert_eq!(groups::progress(&db).await.expect("progress"), ids[1]);

    // A batch of comments arriving meanwhile carries the chunk in its transaction.
    let joins = [join(ids[2], ids[0]), join(ids[3], ids[2])];
    let arriving = [comment(&s, "Một ý kiến khác hẳn.", "Em")];
    // The connection is taken first: waiting for one from the pool on a busy machine
    // could outlast the hand-off's wait. `join!` polls in order, so the chunk is left
    // before the batch looks for it.
    let mut conn = db.pool.acquire().await.expect("connection");
    let (handed, stored) = tokio::join!(
        groups::apply_joins(&db, &joins, ids[3]),
        duthao::storage::comments::insert_batch_on(&db, &mut conn, &arriving),
    );
    assert_eq!(handed.expect("written"), 1, "the group commit wrote the chunk");
    let fifth = stored.expect("stored")[0].0;
    assert_eq!(group_of(ids[2]).await, Some(first));
    assert_eq!(group_of(ids[3]).await, Some(first));
    assert_eq!(group_of(fifth).await, None);
    assert_eq!(groups::progress(&db).await.expect("progress"), ids[3]);
    let size: i64 = sqlx::query_scalar("SELECT size FROM comment_group WHERE id = $1")
        .bind(first)
        .fetch_one(&db.pool)
        .await
        .expect("group");
    assert_eq!(size, 4);
}

/// Joins are decided on each comment's state as read in the transaction that writes
/// them (on both databases): a comment already in a group brings the joining one
/// into it, a hidden comment is nobody's match, one an editor placed stays where it
/// is, and a comment that does not exist is skipped.
#[tokio::test]
async fn joins_follow_each_comments_state_when_written() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let texts = [
            "Đề nghị làm rõ thẩm quyền phê duyệt vị trí việc làm ở cấp xã.",
            "Cần bổ sung quy định chuyển tiếp cho hồ sơ đang giải quyết.",
            "Điều 5 nên quy định thời hạn trả lời là mười ngày làm việc.",
            "Khoản 2 Điều 8 chưa rõ ai chịu trách nhiệm bồi thường.",
            "Đề nghị bỏ yêu cầu nộp bản sao có chứng thực.",
            "Nên cho phép nộp hồ sơ qua dịch vụ bưu chính công ích.",
        ];
        let rows: Vec<NewComment> = texts.iter().map(|t| s.comment(None, t)).collect();
        let codes = duthao::storage::comments::insert_many(&app.db, &rows).await.expect("stored");
        let ids: Vec<i64> = codes.iter().map(|c| c.comment_id(&app.db.receipt_key)).collect();
        let [grouped, partner, hidden, placed, joiner, loner] = ids[..] else { unreachable!() };
        let through = ids[5];
        let join = |comment_id: i64, matched: &[i64]| groups::Join {
            comment_id,
            consultation_id: s.consultation_id,
            matched: matched.to_vec(),
        };
        groups::apply_joins(&app.db, &[join(partner, &[grouped])], through).await.expect("first join");
        let group = group_of(&app, grouped).await.expect("a group of two formed");
        assert_eq!(group_of(&app, partner).await, Some(group));

        sqlx::query("UPDATE comment SET moderation = 'hidden' WHERE id = $1")
            .bind(hidden)
            .execute(&app.db.pool)
            .await
            .expect("hide");
        sqlx::query("INSERT INTO comment_placement (comment_id, placed_by, placed_at) VALUES ($1, NULL, 0)")
            .bind(placed)
            .execute(&app.db.pool)
            .await
            .expect("place");
        let joins = [
            // Resembles a hidden comment, then one in the group: joins the group.
            join(joiner, &[hidden, grouped]),
            // Placed by an editor: stays alone whatever it resembles.
            join(placed, &[partner]),
            // Resembles only a hidden comment: stays alone.
            join(loner, &[hidden]),
            // No such comment.
            join(through + 1_000, &[grouped]),
        ];
        groups::apply_joins(&app.db, &joins, through).await.expect("joins written");
        assert_eq!(group_of(&app, joiner).await, Some(group));
        for alone in [placed, loner, hidden] {
            assert_eq!(group_of(&app, alone).await, None, "comment {alone} stays alone");
        }
        assert_eq!(groups::get(&app.db, group).await.expect("read").expect("group").size, 3);
    })
    .await;
}
