//! The real decree excerpt in `shared/corpus`: structure, OCR damage and warnings.

use std::path::PathBuf;

use duthao_structure::{Document, Provision, ProvisionKind, Style, WarningCode, parse_markdown};

fn corpus_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!(
            "corpus file {} is missing ({error}); it is expected in shared/corpus beside the \
             repository, this test cannot run without it",
            path.display()
        ),
    }
}

fn decree() -> Document {
    parse_markdown(&corpus_file("nd-232-2026-excerpt.md"))
}

fn labels(provisions: &[Provision]) -> Vec<&str> {
    provisions.iter().map(|p| p.label.as_str()).collect()
}

fn article<'a>(doc: &'a Document, number: &str) -> &'a Provision {
    doc.walk()
        .map(|(_, p)| p)
        .find(|p| p.kind == ProvisionKind::Article && p.number == number)
        .unwrap_or_else(|| panic!("Điều {number} not found"))
}

fn warnings_at(doc: &Document, line: usize) -> Vec<(WarningCode, &str)> {
    doc.warnings.iter().filter(|w| w.line == line).map(|w| (w.code, w.message.as_str())).collect()
}

#[test]
fn chapters_and_articles() {
    let doc = decree();
    assert_eq!(doc.style, Style::Normative);
    assert_eq!(labels(&doc.provisions), ["Chương I", "Chương II"]);
    let [one, two] = &doc.provisions[..] else {
        panic!("expected two chapters");
    };
    assert_eq!(one.heading.as_deref(), Some("NHỮNG QUY ĐỊNH CHUNG"));
    assert_eq!(labels(&one.children), ["Điều 1", "Điều 2", "Điều 3", "Điều 4"]);
    assert_eq!(two.heading.as_deref(), Some("XÁC ĐỊNH VỊ TRÍ VIỆC LÀM VIÊN CHỨC"));
    assert_eq!(labels(&two.children), ["Điều 5", "Điều 6", "Điều 7", "Điều 10", "Điều 11"]);
    assert_eq!(one.line, 25);
    assert_eq!(article(&doc, "1").line, 29);
}

#[test]
fn title_and_preamble_are_not_provisions() {
    let doc = decree();
    assert_eq!(doc.title.as_deref(), Some("NGHỊ ĐỊNH\nQuy định về vị trí việc làm viên chức"));
    assert!(doc.preamble.contains("Căn cứ Luật Viên chức số 129/2025/QH15;"));
    assert!(doc.preamble.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(doc.preamble.contains("Số: 232/2026/NĐ-CP"));
    assert!(doc.walk().all(|(_, p)| !p.text.contains("Căn cứ Luật") && !p.text.contains("CỘNG HÒA")));
}

#[test]
fn headings_and_broken_lines() {
    let doc = decree();
    let one = article(&doc, "1");
    assert_eq!(one.heading.as_deref(), Some("Phạm vi điều chỉnh"));
    // OCR broke the sentence over four lines and left "`" and ":" at line ends.
    assert!(one.children.is_empty());
    assert_eq!(
        one.text,
        "Nghị định này quy định về nguyên tắc, danh mục vị trí việc làm, bậc nghề nghiệp \
         của vị trí việc làm, bản mô tả công việc và khung năng lực của vị trí việc làm, \
         việc xác định vị trí việc làm, thẩm quyền, trách nhiệm quản lý, phê duyệt, điều \
         chỉnh danh mục vị trí việc làm viên chức trong đơn và sự nghiệp công lập."
    );
    assert_eq!(article(&doc, "3").heading.as_deref(), Some("Giải thích từ ngữ"));
    assert_eq!(article(&doc, "3").text, "Trong Nghị định này, các từ ngữ dưới đây được hiểu như sau:");
}

#[test]
fn clauses_and_points_of_article_2() {
    let doc = decree();
    let two = article(&doc, "2");
    assert_eq!(labels(&two.children), ["Khoản 1", "Khoản 2"]);
    let clause_1 = &two.children[0];
    assert_eq!(labels(&clause_1.children), ["Điểm a", "Điểm b"]);
    // The unnumbered list items under point a are paragraphs of point a.
    let point_a = &clause_1.children[0];
    assert_eq!(point_a.text.lines().count(), 4, "{}", point_a.text);
    assert!(point_a.text.starts_with("Đơn và sự nghiệp công lập thuộc phạm vi quản lý của bộ, cơ quan ngang bộ (sau đây gọi chung là bộ), gồm:\n"));
}

#[test]
fn article_3_repeated_clause_number() {
    let doc = decree();
    let three = article(&doc, "3");
    let numbers: Vec<&str> = three.children.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6", "7", "5"]);
    assert_eq!(
        warnings_at(&doc, 149),
        [(WarningCode::DuplicateNumber, "Khoản 5 lặp lại trong Điều 3 (đã có ở dòng 121)")]
    );
    // "Ị" and "ị" left by OCR at the end of lines are gone.
    assert!(three.children[2].text.ends_with("của viên chức."));
}

#[test]
fn article_5_junk_lines_are_dropped() {
    let doc = decree();
    let five = article(&doc, "5");
    assert_eq!(labels(&five.children), ["Khoản 1", "Khoản 2", "Khoản 3", "Khoản 4", "Khoản 5", "Khoản 6"]);
    assert_eq!(labels(&five.children[4].children), ["Điểm a", "Điểm b", "Điểm c"]);
    assert_eq!(five.children[4].text, "Đối với vị trí việc làm quản lý:");
    assert_eq!(five.children[4].children[0].text, "Một chức danh quản lý tương ứng với một vị trí việc làm;");
    assert_eq!(warnings_at(&doc, 214)[0].0, WarningCode::JunkLine);
    assert_eq!(warnings_at(&doc, 226)[0].0, WarningCode::JunkLine);
    assert_eq!(
        warnings_at(&doc, 190),
        [(
            WarningCode::DuplicateHeading,
            "Bỏ dòng tên Chương II lặp lại: “XÁC ĐỊNH VỊ TRÍ VIỆC LÀM VIÊN CHÚC”"
        )]
    );
}

#[test]
fn article_6_damaged_point_c() {
    let doc = decree();
    let six = article(&doc, "6");
    assert_eq!(labels(&six.children[0].children), ["Điểm a", "Điểm b", "Điểm c"]);
    assert_eq!(six.children[0].children[2].text, "Phụ lục II: Danh mục vị trí việc làm hỗ trợ.");
    assert_eq!(warnings_at(&doc, 260)[0].0, WarningCode::SuspiciousMarker);
    assert!(!doc.provisions.iter().any(|p| p.kind == ProvisionKind::Appendix));
}

#[test]
fn article_7_gaps_and_repeated_point() {
    let doc = decree();
    let seven = article(&doc, "7");
    assert_eq!(labels(&seven.children), ["Khoản 1", "Khoản 3"]);
    let points: Vec<&str> = seven.children[1].children.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(points, ["a", "b", "c", "đ", "đ"]);
    assert_eq!(
        warnings_at(&doc, 294),
        [(WarningCode::Gap, "Thiếu khoản 2 trong Điều 7 (sau khoản 1 là khoản 3)")]
    );
    assert_eq!(
        warnings_at(&doc, 314),
        [(WarningCode::DuplicateNumber, "Điểm đ lặp lại trong khoản 3 Điều 7 (đã có ở dòng 312)")]
    );
    assert_eq!(warnings_at(&doc, 316), [(WarningCode::Gap, "Thiếu Điều 8, 9 (sau Điều 7 là Điều 10)")]);
}

#[test]
fn articles_10_and_11_damaged_markers() {
    let doc = decree();
    let ten = article(&doc, "10");
    assert_eq!(labels(&ten.children), ["Khoản 5"]);
    assert!(ten.children[0].text.starts_with("Trường hợp chưa đủ số lượng"));
    let codes: Vec<WarningCode> = warnings_at(&doc, 320).iter().map(|w| w.0).collect();
    assert!(codes.contains(&WarningCode::SuspiciousMarker), "{codes:?}");

    let eleven = article(&doc, "11");
    assert_eq!(labels(&eleven.children), ["Khoản 1"]);
    assert_eq!(labels(&eleven.children[0].children), ["Điểm a", "Điểm b"]);
    assert_eq!(
        warnings_at(&doc, 336),
        [(
            WarningCode::SuspiciousMarker,
            "Ký hiệu “8)” ở đầu dòng có thể do lỗi nhận dạng chữ (OCR); đã hiểu là điểm a"
        )]
    );
    // A broken line starting with lower case continues point b.
    assert!(eleven.children[0].children[1].text.contains("quy định tại điểm a khoản này, Bộ,"));
}

#[test]
fn every_warning_is_expected() {
    let doc = decree();
    let lines: Vec<(usize, WarningCode)> = doc.warnings.iter().map(|w| (w.line, w.code)).collect();
    assert_eq!(
        lines,
        [
            (149, WarningCode::DuplicateNumber),
            (190, WarningCode::DuplicateHeading),
            (214, WarningCode::JunkLine),
            (226, WarningCode::JunkLine),
            (260, WarningCode::SuspiciousMarker),
            (262, WarningCode::JunkLine),
            (294, WarningCode::Gap),
            (312, WarningCode::Gap),
            (314, WarningCode::DuplicateNumber),
            (316, WarningCode::Gap),
            (320, WarningCode::SuspiciousMarker),
            (320, WarningCode::Gap),
            (336, WarningCode::SuspiciousMarker),
        ]
    );
    // 2 chapters, 9 articles, 28 clauses, 17 points.
    assert_eq!(doc.count(), 2 + 9 + 28 + 17);
}
