//! Submission: refused while answers are unapproved (naming what is missing), then
//! one action assembles the package (drafts, comparison table, synthesis reports,
//! tờ trình, manifest with SHA-256), the dossier becomes read-only, and the public
//! page shows the outcome and the published synthesis.

use std::io::Read;

use duthao::domain::{AnswerText, Disposition, Role};
use duthao::storage::dispositions::{self, Review, Unit};
use sha2::{Digest, Sha256};

use crate::harness::{TestApp, seed};

const VERSION_2: &str = "Chương I\nNHỮNG QUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về khuyến khích và bảo vệ cán bộ.\n\
1. Cán bộ có tư duy đổi mới.\n2. Cán bộ dám nghĩ, dám làm.\n\
Điều 2. Đối tượng áp dụng\nCán bộ, công chức, viên chức.\n";

#[tokio::test]
async fn a_dossier_is_submitted_as_one_package_and_becomes_read_only() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let ids = app
            .store_grouped(&[
                s.comment(
                    Some(s.provisions[1]),
                    "Đề nghị nêu rõ việc bảo vệ cán bộ trong phạm vi điều chỉnh.",
                ),
                s.comment(Some(s.provisions[4]), "Đề nghị giữ nguyên đối tượng áp dụng."),
            ])
            .await;
        let lead_id = app.user("totruong2", &[Role::Editor, Role::LeadEditor]).await;
        let answer = |text: &str| AnswerText::parse(text).expect("text");
        dispositions::draft(
            &app.db,
            lead_id,
            &[Unit::Comment(ids[0])],
            Disposition::Accepted,
            &answer("Tiếp thu, đã bổ sung “và bảo vệ”."),
        )
        .await
        .expect("answer");
        dispositions::review(&app.db, lead_id, Unit::Comment(ids[0]), &Review::Approve { revision: 1 })
            .await
            .expect("approve");
        dispositions::publish(&app.db, lead_id, s.consultation_id).await.expect("publish");
        dispositions::draft(
            &app.db,
            lead_id,
            &[Unit::Comment(ids[1])],
            Disposition::Agrees,
            &answer("Bản nháp chưa duyệt, không công khai."),
        )
        .await
        .expect("answer");

        let editor = app.signed_in("bientap", &[Role::Editor], Some(s.org_id)).await;
        let lead = app.signed_in("totruong", &[Role::Editor, Role::LeadEditor], Some(s.org_id)).await;
        // Before the submission there is no package to download, and the page says so.
        let early = lead
            .get(app.url(&format!("/editor/dossiers/{}/submission/package.zip", s.dossier_id)))
            .send()
            .await
            .expect("zip");
        assert_eq!(early.status(), 404);
        assert!(early.text().await.expect("body").contains("chưa được trình nên chưa có bộ hồ sơ để tải"));
        // Version 2, so that the package has a comparison table.
        let form = reqwest::multipart::Form::new().text("base", "1").part(
            "file",
            reqwest::multipart::Part::bytes(VERSION_2.as_bytes().to_vec()).file_name("lan-2.txt"),
        );
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 303);

        // The public synthesis shows the published answer only.
        let public = app.client();
        let page = app.page(&public, &format!("/consultations/{}/synthesis", s.consultation_id)).await;
        assert!(page.contains("Tiếp thu, đã bổ sung “và bảo vệ”."), "{page}");
        assert!(!page.contains("Bản nháp chưa duyệt"), "an unapproved answer is not public");
        // It names no individual; the official report does.
        assert!(!page.contains("Người góp ý") && page.contains("Ý kiến của cá nhân"), "{page}");
        let report = app
            .page(
                &editor,
                &format!("/editor/consultations/{}/report?draft={}", s.consultation_id, s.draft_id),
            )
            .await;
        assert!(report.contains("Ông/bà Người góp ý"), "{report}");

        // Not ready: one answer is not approved. The page and the refusal say so.
        let page = app.page(&lead, &format!("/editor/dossiers/{}/submission", s.dossier_id)).await;
        assert!(page.contains("1 chưa được duyệt"), "{page}");
        let url = app.url(&format!("/editor/dossiers/{}/submission", s.dossier_id));
        let r = lead.post(url.clone()).send().await.expect("submit");
        assert_eq!(r.status(), 422);
        assert!(r.text().await.expect("body").contains("1 chưa được duyệt"));

        dispositions::review(&app.db, lead_id, Unit::Comment(ids[1]), &Review::Approve { revision: 1 })
            .await
            .expect("approve");
        // The round is still open: the page says submitting ends it.
        let page = app.page(&lead, &format!("/editor/dossiers/{}/submission", s.dossier_id)).await;
        assert!(
            page.contains("Trình hồ sơ sẽ kết thúc ngay các đợt lấy ý kiến sau") && page.contains("“Đợt 1”")
        );
        // Only the lead editor submits.
        assert_eq!(editor.post(url.clone()).send().await.expect("submit").status(), 403);
        let r = lead.post(url.clone()).send().await.expect("submit");
        assert_eq!(r.status(), 303);

        // The package: every document, and a manifest whose hashes match.
        let r = lead
            .get(app.url(&format!("/editor/dossiers/{}/submission/package.zip", s.dossier_id)))
            .send()
            .await
            .expect("zip");
        assert_eq!(r.status(), 200);
        let bytes = r.bytes().await.expect("bytes").to_vec();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut manifest = String::new();
        archive.by_name("manifest.json").expect("manifest").read_to_string(&mut manifest).expect("utf-8");
        let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("json");
        let files = manifest["files"].as_array().expect("files");
        let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().expect("path")).collect();
        assert!(paths.contains(&"to-trinh.docx"), "{paths:?}");
        assert!(
            paths.iter().any(|p| p.starts_with("du-thao/01-du-thao-quy-dinh-khuyen-khich-can-bo-lan-2")),
            "{paths:?}"
        );
        assert!(paths.iter().any(|p| p.starts_with("bang-so-sanh/")), "{paths:?}");
        let pdf = paths.iter().any(|p| p.starts_with("du-thao/") && p.ends_with(".pdf"));
        assert_eq!(pdf, cfg!(feature = "pdf"), "the final draft as PDF only in a build with PDF: {paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("bao-cao-tong-hop/")), "{paths:?}");
        for f in files {
            let path = f["path"].as_str().expect("path");
            let mut content = Vec::new();
            archive
                .by_name(path)
                .expect("listed file is in the archive")
                .read_to_end(&mut content)
                .expect("read");
            assert_eq!(f["bytes"].as_u64(), Some(content.len() as u64), "{path}");
            let hash: String = Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(f["sha256"].as_str(), Some(hash.as_str()), "{path}");
        }
        let mut letter = String::new();
        archive
            .by_name("to-trinh.docx")
            .map(|mut f| {
                let mut b = Vec::new();
                f.read_to_end(&mut b).expect("read");
                let mut inner = zip::ZipArchive::new(std::io::Cursor::new(b)).expect("docx");
                inner.by_name("word/document.xml").expect("part").read_to_string(&mut letter).expect("utf-8");
            })
            .expect("letter");
        assert!(letter.contains("TỜ TRÌNH") && letter.contains("2 ý kiến góp ý"), "{letter}");

        // Read-only now.
        let form = reqwest::multipart::Form::new().text("base", "2").part(
            "file",
            reqwest::multipart::Part::bytes(VERSION_2.as_bytes().to_vec()).file_name("lan-3.txt"),
        );
        let r = editor
            .post(app.url(&format!("/editor/drafts/{}/versions", s.draft_id)))
            .multipart(form)
            .send()
            .await
            .expect("upload");
        assert_eq!(r.status(), 409);
        assert!(r.text().await.expect("body").contains("đã được trình"));
        let r = editor
            .post(app.url(&format!("/editor/dossiers/{}/milestones", s.dossier_id)))
            .form(&[("kind", "other"), ("date", "2099-01-01")])
            .send()
            .await
            .expect("milestone");
        assert_eq!(r.status(), 409);
        assert_eq!(lead.post(url).send().await.expect("submit").status(), 409, "submitted once");
        // Its round has ended: a comment sent now would be answered by nobody.
        let late = public
            .post(app.url(&format!("/api/v1/consultations/{}/comments", s.consultation_id)))
            .json(&serde_json::json!({ "text": "Góp ý gửi sau khi trình.", "version_id": s.version_id }))
            .send()
            .await
            .expect("late comment");
        assert_eq!(late.status(), 409);
        let body: serde_json::Value = late.json().await.expect("JSON");
        assert_eq!(body["error"]["code"], "consultation_closed");

        // The public page shows the outcome.
        let page = app.page(&public, &format!("/dossiers/{}", s.dossier_id)).await;
        assert!(
            page.contains("hồ sơ đã được trình") && page.contains("Kết quả tiếp thu, giải trình"),
            "{page}"
        );
    })
    .await;
}

/// A comment stored while the package was being made would be in no package and
/// answered by nobody: the submission is refused, and its round stays open.
#[tokio::test]
async fn comments_arriving_while_the_package_is_made_stop_the_submission() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let lead = app.user("totruong", &[Role::Editor, Role::LeadEditor]).await;
        let held = duthao::storage::submissions::comment_count(&app.db, s.dossier_id).await.expect("count");
        let now = duthao::storage::now_ms();
        let package = duthao::package::assemble(&app.db, s.dossier_id, now).await.expect("package");
        app.store_grouped(&[s.comment(None, "Góp ý đến khi đang lập hồ sơ.")]).await;
        let outcome = duthao::storage::submissions::submit(&app.db, lead, s.dossier_id, now, &package, held)
            .await
            .expect("submit");
        assert_eq!(outcome, duthao::storage::submissions::Submitted::CommentsArrived);
        assert!(duthao::storage::submissions::get(&app.db, s.dossier_id).await.expect("q").is_none());
        let round = duthao::storage::consultations::get(&app.db.pool, s.consultation_id)
            .await
            .expect("q")
            .expect("round");
        assert!(round.closes_at > now, "the round stays open");
    })
    .await;
}

/// An instance that still has the consultation cached as open (another instance
/// submitted the dossier, or a comment was checked just before) cannot add a comment
/// to the submitted package's dossier: the write refuses it, on every path.
#[tokio::test]
async fn no_comment_joins_a_submitted_dossier_whatever_an_instance_has_cached() {
    use duthao::intake::{Commenter, Intake, IntakeError, Submission};
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let lead = app.user("totruong", &[Role::Editor, Role::LeadEditor]).await;
        let other = Intake::start(app.db.clone(), 0, false).expect("intake");
        let now = duthao::storage::now_ms();
        // The other instance reads the consultation's facts: open.
        other.challenge_bits(s.consultation_id, now).await.expect("facts");

        let held = duthao::storage::submissions::comment_count(&app.db, s.dossier_id).await.expect("count");
        let package = duthao::package::assemble(&app.db, s.dossier_id, now).await.expect("package");
        let outcome = duthao::storage::submissions::submit(&app.db, lead, s.dossier_id, now, &package, held)
            .await
            .expect("submit");
        assert_eq!(outcome, duthao::storage::submissions::Submitted::Done);

        let submission = Submission {
            consultation_id: s.consultation_id,
            provision_id: Some(s.provisions[1]),
            body: "Góp ý gửi sau khi hồ sơ đã trình.".into(),
            ..Default::default()
        };
        let late = other.submit(submission, Commenter::default(), duthao::domain::Channel::Api, now).await;
        assert!(matches!(late, Err(IntakeError::Submitted)), "{}: {late:?}", app.backend);
        let letter =
            other.store_all(&[s.comment(None, "Công văn đến muộn.")], duthao::domain::Channel::Letter).await;
        assert!(matches!(letter, Err(IntakeError::Submitted)), "{}: {letter:?}", app.backend);
        let stored =
            duthao::storage::comments::insert(&app.db, &s.comment(None, "Ghi thẳng vào cơ sở dữ liệu."))
                .await;
        assert!(
            matches!(&stored, Err(duthao::storage::StorageError::Submitted(ids)) if ids == &[s.consultation_id]),
            "{}: {stored:?}",
            app.backend
        );
        assert_eq!(
            duthao::storage::submissions::comment_count(&app.db, s.dossier_id).await.expect("count"),
            held
        );
    })
    .await;
}

/// On PostgreSQL a comment written while a submission counts the comments waits for
/// it (the submission holds inserts back), and is then refused, not stored after the
/// package was made.
#[tokio::test]
async fn a_comment_written_while_the_submission_counts_waits_and_is_refused() {
    TestApp::each(|app| async move {
        if app.db.dialect != duthao::storage::Dialect::Postgres {
            return;
        }
        let s = seed(&app.db, "public", 10).await;
        let mut submission = app.db.pool.begin().await.expect("begin");
        sqlx::query("UPDATE dossier SET submitted_at = $1 WHERE id = $2")
            .bind(duthao::storage::now_ms())
            .bind(s.dossier_id)
            .execute(&mut *submission)
            .await
            .expect("mark");
        sqlx::query("LOCK TABLE comment IN SHARE MODE").execute(&mut *submission).await.expect("lock");
        let db = app.db.clone();
        let comment = s.comment(None, "Góp ý gửi đúng lúc đang trình hồ sơ.");
        let writing = tokio::spawn(async move { duthao::storage::comments::insert(&db, &comment).await });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert!(!writing.is_finished(), "the write waits for the submission");
        submission.commit().await.expect("commit");
        let written = writing.await.expect("task");
        assert!(
            matches!(&written, Err(duthao::storage::StorageError::Submitted(ids)) if ids == &[s.consultation_id]),
            "{written:?}"
        );
        assert_eq!(duthao::storage::submissions::comment_count(&app.db, s.dossier_id).await.expect("count"), 0);
    })
    .await;
}

/// On PostgreSQL, a change of a consultation's protection made through one instance
/// reaches the others' cached facts at once (LISTEN/NOTIFY), not after their time limit.
#[tokio::test]
async fn other_instances_hear_a_consultations_change() {
    use duthao::intake::Intake;
    TestApp::each(|app| async move {
        if app.db.dialect != duthao::storage::Dialect::Postgres {
            return;
        }
        let s = seed(&app.db, "public", 10).await;
        let admin = app.user("quantri", &[Role::Admin]).await;
        let other = std::sync::Arc::new(Intake::start(app.db.clone(), 0, true).expect("intake"));
        other.listen();
        // Once it listens (its start forgets every cached fact), the facts are cached;
        // from then on only a notification can make it read them again within 5 s.
        for _ in 0..100 {
            if other.listening() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(other.listening(), "listening within 5 s");
        let now = duthao::storage::now_ms();
        assert_eq!(other.challenge_bits(s.consultation_id, now).await.expect("facts"), None);
        let always = duthao::storage::consultations::Protection {
            comments_per_minute: None,
            challenge: "always".into(),
            surge_per_minute: 1000,
            challenge_bits: 12,
        };
        assert!(
            duthao::storage::consultations::set_protection(&app.db, admin, s.consultation_id, &always)
                .await
                .expect("set")
        );
        let mut heard = None;
        for _ in 0..40 {
            heard = other.challenge_bits(s.consultation_id, now).await.expect("facts");
            if heard.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(heard, Some(12), "heard within 2 s, before the cache's 5 s");
    })
    .await;
}

/// The group commit given comments for a submitted dossier and for an open one at
/// once: the first are refused, the others stored, each answered as its own.
#[tokio::test]
async fn the_group_commit_refuses_only_the_submitted_dossiers_comments() {
    TestApp::each(|app| async move {
        let open = seed(&app.db, "public", 10).await;
        let done = seed(&app.db, "public", 10).await;
        sqlx::query("UPDATE dossier SET submitted_at = $1 WHERE id = $2")
            .bind(duthao::storage::now_ms())
            .bind(done.dossier_id)
            .execute(&app.db.pool)
            .await
            .expect("mark");
        let writer = duthao::intake::writer::comments(app.db.clone()).expect("writer");
        let writes: Vec<_> = (0..40)
            .map(|i| {
                let seeded = if i % 2 == 0 { &open } else { &done };
                let comment = seeded.comment(None, &format!("Góp ý số {i} về phạm vi điều chỉnh."));
                let writer = writer.clone();
                tokio::spawn(async move { writer.write(comment).await })
            })
            .collect();
        let mut answers = Vec::new();
        for write in writes {
            answers.push(write.await.expect("task"));
        }
        for (i, answer) in answers.iter().enumerate() {
            match i % 2 {
                0 => assert!(answer.is_ok(), "{}: {i}: {answer:?}", app.backend),
                _ => assert!(
                    matches!(answer, Err(duthao::storage::StorageError::Submitted(ids)) if ids == &[done.consultation_id]),
                    "{}: {i}: {answer:?}",
                    app.backend
                ),
            }
        }
        let count = |dossier| duthao::storage::submissions::comment_count(&app.db, dossier);
        assert_eq!(count(open.dossier_id).await.expect("count"), 20);
        assert_eq!(count(done.dossier_id).await.expect("count"), 0);
    })
    .await;
}
