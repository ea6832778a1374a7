//! The synthesis report: its table read back from the generated DOCX, XLSX and CSV,
//! in the order of the draft, with groups as one row naming their commenters.

use std::io::Read;

use duthao::domain::{AnswerText, Disposition, Role};
use duthao::storage::comments::NewComment;
use duthao::storage::dispositions::{self, Review, Unit};
use duthao::storage::groups;

use crate::harness::{Seeded, TestApp, seed};

const LETTER: &str = "Đề nghị bổ sung cơ chế bảo vệ cán bộ dám nghĩ, dám làm khi đề xuất đổi mới mà có \
    thiệt hại do nguyên nhân khách quan, đã thực hiện đúng quy trình và không vụ lợi.";

fn comment(
    s: &Seeded,
    provision: Option<i64>,
    body: &str,
    author: &str,
    organisation: Option<i64>,
) -> NewComment {
    NewComment {
        author_name: Some(author.to_owned()),
        organisation_id: organisation,
        ..s.comment(provision, body)
    }
}

/// The cells of each table row of a WordprocessingML document, paragraphs joined by
/// newlines.
fn docx_rows(xml: &str) -> Vec<Vec<String>> {
    let unescape =
        |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    xml.split("<w:tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</w:tr>").next().unwrap_or_default();
            row.split("<w:tc>")
                .skip(1)
                .map(|cell| {
                    cell.split("<w:p>")
                        .skip(1)
                        .map(|p| {
                            p.split("<w:t xml:space=\"preserve\">")
                                .skip(1)
                                .filter_map(|t| t.split("</w:t>").next())
                                .map(unescape)
                                .collect::<String>()
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_report_lists_answers_in_the_order_of_the_draft_in_every_format() {
    TestApp::each(|app| async move {
        let s = seed(&app.db, "public", 10).await;
        let org: String = sqlx::query_scalar("SELECT name FROM organisation WHERE id = $1")
            .bind(s.org_id)
            .fetch_one(&app.db.pool)
            .await
            .expect("organisation");
        let (article1, clause2, article2) = (s.provisions[1], s.provisions[3], s.provisions[4]);
        let batch = [
            comment(
                &s,
                Some(article2),
                "Đề nghị làm rõ đối tượng áp dụng <script>alert(1)</script>.",
                "An",
                Some(s.org_id),
            ),
            comment(&s, Some(clause2), LETTER, "Bình", None),
            comment(&s, Some(clause2), LETTER, "Chi", None),
            comment(&s, Some(clause2), LETTER, "Dũng", Some(s.org_id)),
            comment(&s, None, "Thống nhất với dự thảo nói chung.", "Em", None),
            comment(&s, Some(article1), "Phạm vi điều chỉnh cần nêu cả viên chức.", "Giang", None),
        ];
        let ids = app.store_grouped(&batch).await;
        let group =
            groups::group_of_comment(&app.db, ids[1]).await.expect("read").expect("the letters are grouped");

        // The group's answer is approved; the article's answer is still a draft.
        let editor_id = app.user("bt", &[Role::Editor]).await;
        let text = AnswerText::parse("Tiếp thu, bổ sung khoản 3 Điều 1.").expect("text");
        dispositions::draft(&app.db, editor_id, &[Unit::Group(group)], Disposition::Accepted, &text)
            .await
            .expect("draft");
        dispositions::review(&app.db, editor_id, Unit::Group(group), &Review::Approve { revision: 1 })
            .await
            .expect("approve");
        let text = AnswerText::parse("Phạm vi đã bao gồm viên chức tại Điều 2.").expect("text");
        dispositions::draft(&app.db, editor_id, &[Unit::Comment(ids[5])], Disposition::Explained, &text)
            .await
            .expect("draft");

        let editor = app.signed_in("bientap", &[Role::Editor], None).await;
        let download = |format: &'static str| {
            let request = editor.get(app.url(&format!(
                "/editor/consultations/{}/report/download?draft={}&format={format}",
                s.consultation_id, s.draft_id
            )));
            async move {
                let response = request.send().await.expect("GET report");
                assert_eq!(response.status(), 200, "{format}");
                response.bytes().await.expect("bytes").to_vec()
            }
        };

        let expected: Vec<[String; 4]> = vec![
            [
                "Điều 1".into(),
                "Ông/bà Giang".into(),
                "Phạm vi điều chỉnh cần nêu cả viên chức.".into(),
                "Giải trình. Phạm vi đã bao gồm viên chức tại Điều 2.\n[Dự thảo trả lời, chưa được duyệt]"
                    .into(),
            ],
            [
                "Điều 1, khoản 2".into(),
                format!("{org} và 2 ý kiến của cá nhân"),
                format!("(3 ý kiến có nội dung giống hoặc gần giống)\n{LETTER}"),
                "Tiếp thu. Tiếp thu, bổ sung khoản 3 Điều 1.".into(),
            ],
            [
                "Điều 2".into(),
                org.clone(),
                "Đề nghị làm rõ đối tượng áp dụng <script>alert(1)</script>.".into(),
                "Chưa tiếp thu, giải trình.".into(),
            ],
            [
                "Góp ý chung, vấn đề khác".into(),
                "Ông/bà Em".into(),
                "Thống nhất với dự thảo nói chung.".into(),
                "Chưa tiếp thu, giải trình.".into(),
            ],
        ];

        // DOCX: open the package and read the table back.
        let docx = download("docx").await;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip package");
        let mut xml = String::new();
        archive.by_name("word/document.xml").expect("document").read_to_string(&mut xml).expect("utf-8");
        assert!(xml.contains("w:orient=\"landscape\""), "A4 landscape");
        assert!(xml.contains("BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý"));
        assert!(xml.contains("6 ý kiến nhận được"), "the opening states the totals");
        let mut styles = String::new();
        archive.by_name("word/styles.xml").expect("styles").read_to_string(&mut styles).expect("utf-8");
        assert!(styles.contains("Times New Roman"));
        let rows = docx_rows(&xml);
        let heading =
            rows.iter().position(|r| r.first().map(String::as_str) == Some("STT")).expect("the table");
        assert_eq!(
            rows[heading][1..],
            ["Nhóm vấn đề, điều, khoản", "Chủ thể góp ý", "Nội dung góp ý", "Nội dung tiếp thu, giải trình"]
        );
        for (i, want) in expected.iter().enumerate() {
            let row = &rows[heading + 1 + i];
            assert_eq!(row[0], (i + 1).to_string());
            assert_eq!(row[1..], want[..], "DOCX row {}", i + 1);
        }

        // XLSX: the same rows.
        let xlsx = download("xlsx").await;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("an XLSX");
        let range = calamine::Reader::worksheet_range(&mut book, "Tổng hợp").expect("sheet");
        let cells: Vec<Vec<String>> =
            range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        let heading =
            cells.iter().position(|r| r.first().map(String::as_str) == Some("STT")).expect("the table");
        for (i, want) in expected.iter().enumerate() {
            assert_eq!(cells[heading + 1 + i][1..], want[..], "XLSX row {}", i + 1);
        }

        // CSV with a BOM.
        let csv = download("csv").await;
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
        assert_eq!(records.len(), expected.len());
        assert_eq!(&records[1][1], "Điều 1, khoản 2");

        // The page shows the same report, the comment's markup inert.
        let page = app.page(&editor, &format!("/editor/consultations/{}/report", s.consultation_id)).await;
        assert!(
            page.contains("alert(1)") && !page.contains("<script>alert(1)"),
            "the markup is shown as text"
        );
        assert!(page.contains(&format!("{org} và 2 ý kiến của cá nhân")));
        let r = editor
            .get(app.url(&format!(
                "/editor/consultations/{}/report/download?draft={}&format=pdf",
                s.consultation_id, s.draft_id
            )))
            .send()
            .await
            .expect("GET");
        if cfg!(feature = "pdf") {
            // Built with typst: the PDF (its layout is tested in the duthao-pdf crate).
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()[reqwest::header::CONTENT_TYPE], "application/pdf");
            assert!(page.contains("format=pdf"), "the page offers the PDF");
            assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF-"));
        } else {
            assert_eq!(r.status(), 422);
            assert!(r.text().await.expect("body").contains("--features pdf"), "says how to get PDF");
            assert!(!page.contains("format=pdf"), "no PDF link in a build without it");
        }
        let r = editor
            .get(app.url(&format!(
                "/editor/consultations/{}/report/download?draft={}&format=odt",
                s.consultation_id, s.draft_id
            )))
            .send()
            .await
            .expect("GET");
        assert_eq!(r.status(), 422);
    })
    .await;
}
