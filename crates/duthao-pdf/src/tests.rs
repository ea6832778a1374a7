//! The PDF is checked through typst's laid-out pages (the text of every run and the
//! glyphs that set it), and the bytes through the PDF header.

use duthao_reports::{
    ComparisonReport, ComparisonRow, DraftDocument, DraftProvision, Mark, Row, Span, SynthesisReport,
};
use typst::layout::{Frame, FrameItem};

use super::*;

fn report(rows: usize) -> SynthesisReport {
    SynthesisReport {
        parent_body: Some("Ban Chấp hành Trung ương".to_owned()),
        issuing_body: "Ban Tổ chức Trung ương".to_owned(),
        number: "Số:      /BC-BTCTW".to_owned(),
        place_date: "Hà Nội, ngày 28 tháng 11 năm 2026".to_owned(),
        subject: "Dự thảo Quy định về khung danh mục vị trí việc làm".to_owned(),
        opening: vec![
            "Tổng số 34 cơ quan, tổ chức, cá nhân đã được gửi xin ý kiến; 2.000 ý kiến nhận được.".to_owned(),
        ],
        rows: (0..rows)
            .map(|i| Row {
                issue: format!("Điều {}, khoản 2", i + 1),
                commenters: "Tỉnh ủy Tuyên Quang, Tỉnh ủy Lào Cai và 1.234 ý kiến của cá nhân".to_owned(),
                content: format!(
                    "Đề nghị bổ sung điểm đ vào khoản 2 Điều {} cho rõ thẩm quyền của cấp xã.",
                    i + 1
                ),
                response: "Tiếp thu: đã bổ sung điểm đ khoản 2.".to_owned(),
            })
            .collect(),
        signer_title: "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN".to_owned(),
        signer_name: "Nguyễn Văn Ả".to_owned(),
        recipients: vec!["- Như trên;".to_owned(), "- Lưu: VT.".to_owned()],
    }
}

/// A run of text on a page: its text, whether every glyph is a real one (not the
/// missing-glyph box), and the font family that set it.
#[derive(Debug)]
struct Run {
    text: String,
    real_glyphs: bool,
    family: String,
}

/// Every run of text on the page, in order.
fn runs(frame: &Frame, out: &mut Vec<Run>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => runs(&group.frame, out),
            FrameItem::Text(text) => out.push(Run {
                text: text.text.to_string(),
                real_glyphs: text.glyphs.iter().all(|g| g.id != 0),
                family: text.font.font().info().family.clone(),
            }),
            _ => {}
        }
    }
}

fn page_texts(report: &SynthesisReport) -> (PagedDocument, Vec<Vec<Run>>) {
    let document = typeset("synthesis.typ", &synthesis_data(report)).expect("typeset");
    let pages = document
        .pages()
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            runs(&p.frame, &mut out);
            out
        })
        .collect();
    (document, pages)
}

/// The text of the runs, with runs of whitespace (line ends included) as one space.
fn joined(runs: &[Run]) -> String {
    let all = runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ");
    all.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_report_is_a4_landscape_with_header_title_table_and_signature() {
    let (document, pages) = page_texts(&report(3));
    let size = document.pages()[0].frame.size();
    assert!((size.x.to_mm() - 297.0).abs() < 0.5 && (size.y.to_mm() - 210.0).abs() < 0.5, "{size:?}");
    let text: String = pages.iter().map(|p| joined(p)).collect::<Vec<_>>().join(" ");
    for expected in [
        "BAN TỔ CHỨC TRUNG ƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        "Nội dung tiếp thu, giải trình",
        "Điều 3, khoản 2",
        "1.234",
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Văn Ả",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn every_vietnamese_letter_is_set_with_a_real_glyph() {
    let mut r = report(1);
    r.rows[0].content = "ẠẢÃÀÁÂẬẦẤẨẪĂẮẰẲẴẶ ạảãàáâậầấẩẫăắằẳẵặ ẸẺẼÈÉÊỆỀẾỂỄ ẹẻẽèéêệềếểễ ỊỈĨÌÍ ịỉĩìí \
        ỌỎÕÒÓÔỘỒỐỔỖƠỢỜỚỞỠ ọỏõòóôộồốổỗơợờớởỡ ỤỦŨÙÚƯỰỪỨỬỮ ụủũùúưựừứửữ ỴỶỸỲÝ ỵỷỹỳý Đđ"
        .to_owned();
    let (_, pages) = page_texts(&r);
    let missing: Vec<&Run> = pages.iter().flatten().filter(|run| !run.real_glyphs).collect();
    assert!(missing.is_empty(), "runs with missing glyphs: {missing:?}");
    let families = ["Times New Roman", "Liberation Serif", "Tinos", "Libertinus Serif"];
    let strays: Vec<&Run> =
        pages.iter().flatten().filter(|run| !families.contains(&run.family.as_str())).collect();
    assert!(strays.is_empty(), "runs set in a font the report does not ask for: {strays:?}");
}

#[test]
fn a_long_table_breaks_across_pages_and_repeats_its_heading() {
    let (_, pages) = page_texts(&report(60));
    assert!(pages.len() > 3, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate().skip(1).take(pages.len() - 2) {
        assert!(joined(page).contains("Chủ thể góp ý"), "no heading on page {}", n + 1);
    }
    let last = pages.iter().map(|p| joined(p)).collect::<Vec<_>>().join(" ");
    assert!(last.contains("Điều 60, khoản 2"));
}

#[test]
fn comment_text_that_looks_like_markup_is_printed_as_written() {
    let mut r = report(1);
    let hostile = "#panic(\"x\") *đậm* $x^2$ #import \"/etc/passwd\" <script>alert(1)</script> \\ ]";
    r.rows[0].content = hostile.to_owned();
    let (_, pages) = page_texts(&r);
    let text = pages.iter().map(|p| joined(p)).collect::<Vec<_>>().join(" ");
    for piece in ["#panic(\"x\")", "*đậm*", "$x^2$", "#import", "<script>alert(1)</script>"] {
        assert!(text.contains(piece), "{piece:?} not printed as written: {text}");
    }
}

#[test]
fn the_bytes_are_a_pdf_with_the_report_title() {
    let pdf = synthesis_pdf(&report(2)).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() > 5_000);
    if let Some(path) = std::env::var_os("DUTHAO_PDF_SAMPLE") {
        std::fs::write(path, synthesis_pdf(&report(40)).expect("pdf")).expect("write the sample");
    }
}

#[test]
fn the_comparison_sets_both_versions_with_their_marks() {
    let span = |text: &str, mark| Span { text: text.into(), mark };
    let report = ComparisonReport {
        issuing_body: "Bộ Nội vụ".into(),
        subject: "Dự thảo Nghị định về vị trí việc làm".into(),
        old_heading: "Dự thảo lần 1".into(),
        new_heading: "Dự thảo lần 2".into(),
        rows: vec![ComparisonRow {
            old_path: "Điều 3".into(),
            old: vec![span("Vị trí việc làm ", Mark::Plain), span("được xác định #panic()", Mark::Removed)],
            new_path: "Điều 3".into(),
            new: vec![span("Vị trí việc làm ", Mark::Plain), span("do người đứng đầu xác định", Mark::Added)],
            explanation: "Sửa đổi.\nTiếp thu: ý kiến của Tỉnh ủy A.".into(),
        }],
        ..ComparisonReport::default()
    };
    let document = typeset("comparison.typ", &comparison_data(&report)).expect("typeset");
    let mut found = Vec::new();
    for page in document.pages() {
        runs(&page.frame, &mut found);
    }
    let text = joined(&found);
    for piece in [
        "BẢNG SO SÁNH DỰ THẢO",
        "Dự thảo lần 2",
        "được xác định #panic()",
        "do người đứng đầu xác định",
        "Tiếp thu: ý kiến của Tỉnh ủy A.",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from {text}");
    }
    assert!(comparison_pdf(&report).expect("pdf").starts_with(b"%PDF-"));
}

#[test]
fn a_draft_is_set_in_portrait_with_its_provisions() {
    let p = |kind: &str, label: &str, number: &str, heading: Option<&str>, text: &str| DraftProvision {
        kind: kind.into(),
        label: label.into(),
        number: number.into(),
        heading: heading.map(Into::into),
        text: text.into(),
    };
    let draft = DraftDocument {
        issuing_body: "Bộ Nội vụ".into(),
        place_date: "Hà Nội, ngày 28 tháng 11 năm 2026".into(),
        status_line: "DỰ THẢO LẦN 2".into(),
        title: "Nghị định\nQuy định về vị trí việc làm".into(),
        preamble: "Căn cứ Luật Tổ chức Chính phủ;".into(),
        provisions: vec![
            p("chapter", "Chương I", "I", Some("Quy định chung"), ""),
            p("article", "Điều 1", "1", Some("Phạm vi"), "Nghị định này quy định về vị trí việc làm."),
            p("clause", "Khoản 1", "1", None, "Cán bộ #panic() $x$."),
            p("point", "Điểm đ", "đ", None, "Viên chức."),
        ],
    };
    let document = typeset("draft.typ", &draft_data(&draft)).expect("typeset");
    let size = document.pages()[0].frame.size();
    assert!((size.x.to_mm() - 210.0).abs() < 0.5 && (size.y.to_mm() - 297.0).abs() < 0.5, "{size:?}");
    let mut found = Vec::new();
    runs(&document.pages()[0].frame, &mut found);
    let text = joined(&found);
    for piece in [
        "NGHỊ ĐỊNH",
        "DỰ THẢO LẦN 2",
        "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi",
        "1. Cán bộ #panic() $x$.",
        "đ) Viên chức.",
    ] {
        assert!(text.contains(piece), "{piece:?} missing from {text}");
    }
    assert!(draft_pdf(&draft).expect("pdf").starts_with(b"%PDF-"));
}
