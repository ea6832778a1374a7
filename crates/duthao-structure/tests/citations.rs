//! Citations in realistic comment sentences.

use duthao_structure::ProvisionKind;
use duthao_structure::citation::{Citation, CitationKind, ProvisionPath, find_citations};
use proptest::prelude::*;

/// A citation as a reader would say it: `điểm a khoản 1 Điều 3`, `+Điều 5a sau
/// Điều 5` for a proposed insertion, `khoản 2 Điều 153 [Luật Đất đai năm 2024]` for
/// a citation of another document, `khoản 2 + Điều này` for a relative one.
fn render(citation: &Citation) -> String {
    let mut out = citation.path.to_string();
    if let Some(kind) = citation.this_unit {
        let word = match kind {
            ProvisionKind::Article => "Điều",
            ProvisionKind::Clause => "khoản",
            _ => "?",
        };
        out = if out.is_empty() { format!("{word} này") } else { format!("{out} + {word} này") };
    }
    match &citation.kind {
        CitationKind::Existing => out,
        CitationKind::ProposedInsertion { after: Some(after) } => format!("+{out} sau {after}"),
        CitationKind::ProposedInsertion { after: None } => format!("+{out}"),
        CitationKind::External { document } => format!("{out} [{document}]"),
    }
}

fn cites(text: &str) -> Vec<String> {
    find_citations(text).iter().map(render).collect()
}

/// Realistic sentences from comment letters and the citations a reader finds in them.
const CASES: &[(&str, &[&str])] = &[
    ("Tại khoản 2 Điều 5, đề nghị sửa “cấp huyện” thành “cấp xã”.", &["khoản 2 Điều 5"]),
    ("Đề nghị gộp điểm a, điểm b khoản 1 Điều 3.", &["điểm a khoản 1 Điều 3", "điểm b khoản 1 Điều 3"]),
    ("Nội dung điểm a và b khoản 1 Điều 3 trùng nhau.", &["điểm a khoản 1 Điều 3", "điểm b khoản 1 Điều 3"]),
    ("Đề nghị gộp khoản 4 và khoản 5 Điều 70.", &["khoản 4 Điều 70", "khoản 5 Điều 70"]),
    ("Rà soát khoản 1, 2 và 3 Điều 4.", &["khoản 1 Điều 4", "khoản 2 Điều 4", "khoản 3 Điều 4"]),
    ("Đề nghị gộp Điều 7, Điều 8.", &["Điều 7", "Điều 8"]),
    ("Đề nghị gộp Điều 7, 8 thành một điều.", &["Điều 7", "Điều 8"]),
    ("Đề nghị bỏ các Điều 7, 8, 9 của dự thảo.", &["Điều 7", "Điều 8", "Điều 9"]),
    ("Đề nghị chuyển nội dung Điều 19a lên Chương I.", &["Điều 19a", "Chương I"]),
    ("Tên Chương II chưa bao quát nội dung.", &["Chương II"]),
    ("Đề nghị chuyển Mục 2 Chương III lên Chương II.", &["Mục 2 Chương III", "Chương II"]),
    ("Phụ lục I còn thiếu chức danh Phó Trưởng ban.", &["Phụ lục I"]),
    ("Đề nghị bổ sung Điều 5a vào sau Điều 5 quy định về chức vụ tương đương.", &["+Điều 5a sau Điều 5"]),
    ("Đề nghị bổ sung một điều mới (Điều 5a) sau Điều 5.", &["+Điều 5a sau Điều 5"]),
    ("Bổ sung khoản 2a vào sau khoản 2 Điều 5.", &["+khoản 2a Điều 5 sau khoản 2 Điều 5"]),
    ("Đề nghị bổ sung thêm khoản 5 vào Điều 7 như sau:", &["+khoản 5 Điều 7"]),
    ("Đề nghị bổ sung cụm từ “viên chức” vào khoản 2 Điều 5.", &["khoản 2 Điều 5"]),
    (
        "Nội dung này đã được quy định tại khoản 2 Điều 153 Luật Đất đai năm 2024.",
        &["khoản 2 Điều 153 [Luật Đất đai năm 2024]"],
    ),
    (
        "Đề nghị thống nhất với Điều 5 Nghị định số 30/2020/NĐ-CP về công tác văn thư.",
        &["Điều 5 [Nghị định số 30/2020/NĐ-CP]"],
    ),
    (
        "Theo điểm b khoản 1 Điều 2 của Luật Cán bộ, công chức thì cán bộ là công dân Việt Nam.",
        &["điểm b khoản 1 Điều 2 [Luật Cán bộ, công chức]"],
    ),
    (
        "theo quy định tại khoản 3 Điều 10 Luật Cán bộ, công chức năm 2008 thì",
        &["khoản 3 Điều 10 [Luật Cán bộ, công chức năm 2008]"],
    ),
    ("Đề nghị làm rõ Điều 5 dự thảo.", &["Điều 5"]),
    ("Điều 5 của dự thảo Quy định chưa rõ.", &["Điều 5"]),
    ("Đối tượng tại Điều 5 Quy định này quá rộng.", &["Điều 5"]),
    ("Đề nghị gộp từ Điều 5 đến Điều 8.", &["Điều 5", "Điều 6", "Điều 7", "Điều 8"]),
    ("Điểm a Khoản 2 Điều 5: đề nghị bỏ.", &["điểm a khoản 2 Điều 5"]),
    ("ĐIỀU 5 VÀ ĐIỀU 6", &["Điều 5", "Điều 6"]),
    ("Chương thứ hai cần sắp xếp lại.", &["Chương II"]),
    ("Phần thứ nhất của đề án", &["Phần I"]),
    ("Tại Điều 11 khoản 1 điểm c, đề nghị bỏ.", &["điểm c khoản 1 Điều 11"]),
    ("Quy định tại khoản 2 Điều này chưa rõ.", &["khoản 2 + Điều này"]),
    ("điểm b khoản này cần sửa", &["điểm b + khoản này"]),
    ("Rà soát điểm a khoản 1 và điểm b khoản 2 Điều 5.", &["điểm a khoản 1 Điều 5", "điểm b khoản 2 Điều 5"]),
    ("Tại Điều10 khoản2 đề nghị bỏ", &["khoản 2 Điều 10"]),
    ("Ðiều 5 (gõ bằng chữ eth)", &["Điều 5"]),
    ("Điều 10 Điều lệ Đảng quy định", &["Điều 10 [Điều lệ Đảng]"]),
    ("Điều 5 Quyết định số 123/QĐ-TTg", &["Điều 5 [Quyết định số 123/QĐ-TTg]"]),
    ("Điều 5 quyết định việc bổ nhiệm", &["Điều 5"]),
    ("Điều 3 Kết luận số 121-KL/TW ngày 24/01/2025", &["Điều 3 [Kết luận số 121-KL/TW]"]),
    ("Điều 2 Quy định 105-QĐ/TW ngày 19/12/2017", &["Điều 2 [Quy định 105-QĐ/TW]"]),
    (
        "khoản 1 Điều 4 Luật Khoa học và Công nghệ và khoản 2 Điều 5 dự thảo",
        &["khoản 1 Điều 4 [Luật Khoa học và Công nghệ]", "khoản 2 Điều 5"],
    ),
    ("khoản 3 Điều 5 Hiến pháp năm 2013", &["khoản 3 Điều 5 [Hiến pháp năm 2013]"]),
    (
        "Đề nghị bỏ điểm c khoản 2 Điều 6 và điểm d khoản 2 Điều 6.",
        &["điểm c khoản 2 Điều 6", "điểm d khoản 2 Điều 6"],
    ),
    (
        "Tại các điểm a, b, c khoản 2 Điều 9",
        &["điểm a khoản 2 Điều 9", "điểm b khoản 2 Điều 9", "điểm c khoản 2 Điều 9"],
    ),
    ("từ khoản 1 đến khoản 3 Điều 12", &["khoản 1 Điều 12", "khoản 2 Điều 12", "khoản 3 Điều 12"]),
    (
        "điểm a đến điểm đ khoản 1 Điều 4",
        &[
            "điểm a khoản 1 Điều 4",
            "điểm b khoản 1 Điều 4",
            "điểm c khoản 1 Điều 4",
            "điểm d khoản 1 Điều 4",
            "điểm đ khoản 1 Điều 4",
        ],
    ),
    ("Điều 5-8", &["Điều 5", "Điều 6", "Điều 7", "Điều 8"]),
    ("Phụ lục số 02 kèm theo", &["Phụ lục 2"]),
    ("Mục 2 Phụ lục I", &["Mục 2 Phụ lục I"]),
    ("Quy định tại khoản 2 Điều 5 chưa rõ. Tại khoản 3, đề nghị bỏ.", &["khoản 2 Điều 5", "khoản 3"]),
    ("Điều 5 và khoản 2 Điều 6", &["Điều 5", "khoản 2 Điều 6"]),
    ("Điều 5, khoản 2 Điều 6", &["Điều 5", "khoản 2 Điều 6"]),
    (
        "khoản 2 Điều 5 Nghị định 30/2020/NĐ-CP và Điều 7 dự thảo",
        &["khoản 2 Điều 5 [Nghị định 30/2020/NĐ-CP]", "Điều 7"],
    ),
    ("Chương II, Chương III", &["Chương II", "Chương III"]),
    ("Mục 1, Mục 2 Chương II", &["Mục 1 Chương II", "Mục 2 Chương II"]),
    ("Tại Điều 05, đề nghị bỏ", &["Điều 5"]),
    // Words that look like unit names but are not citations.
    ("số liệu tại điểm cầu Hà Nội", &[]),
    ("Hội nghị ngày 5/3 có 20 điểm cầu", &[]),
    ("tại thời điểm a nào đó", &[]),
    ("danh mục 1 vị trí", &[]),
    ("điều kiện, khoản tiền, phần lớn, mục tiêu", &[]),
    ("Dự thảo gồm 4 chương, 21 điều.", &[]),
];

#[test]
fn realistic_sentences() {
    assert!(CASES.len() >= 40);
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let found = cites(text);
        if found != *expected {
            failures.push(format!("{text:?}\n  expected {expected:?}\n  found    {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn spans_point_at_the_citation() {
    let text = "Đề nghị gộp điểm a, điểm b khoản 1 Điều 3 Luật Đất đai.";
    let found = find_citations(text);
    let texts: Vec<&str> = found.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["điểm a, điểm b khoản 1 Điều 3", "điểm b khoản 1 Điều 3"]);
    for citation in &found {
        assert_eq!(&text[citation.span.clone()], citation.text);
    }
}

#[test]
fn anchors_of_insertions_and_external_citations() {
    let anchor = |text: &str| find_citations(text).first().and_then(Citation::anchor).map(|p| p.to_string());
    assert_eq!(anchor("đề nghị bổ sung Điều 5a vào sau Điều 5").as_deref(), Some("Điều 5"));
    assert_eq!(anchor("đề nghị bổ sung Điều 19b").as_deref(), Some("Điều 19"));
    assert_eq!(anchor("đề nghị bổ sung khoản 4 vào Điều 7").as_deref(), Some("Điều 7"));
    assert_eq!(anchor("đề nghị bổ sung Điều 22 quy định chuyển tiếp"), None);
    assert_eq!(anchor("khoản 2 Điều 153 Luật Đất đai"), None);
    assert_eq!(anchor("khoản 2 Điều 5").as_deref(), Some("khoản 2 Điều 5"));
}

#[test]
fn paths_parse_resolve_and_display() {
    let path = ProvisionPath::parse(" điểm đ khoản 2 Điều 5 ").expect("one citation");
    assert_eq!(path.article.as_deref(), Some("5"));
    assert_eq!(path.clause.as_deref(), Some("2"));
    assert_eq!(path.point.as_deref(), Some("đ"));
    assert_eq!(path.to_string(), "điểm đ khoản 2 Điều 5");
    assert_eq!(path.get(ProvisionKind::Clause), Some("2"));
    assert_eq!(path.innermost(), Some(ProvisionKind::Point));
    assert_eq!(ProvisionPath::parse("Điều 5, Điều 6"), None);
    assert_eq!(ProvisionPath::parse("Điều 5 Luật Đất đai"), None);
    assert_eq!(ProvisionPath::parse("không có gì"), None);

    let context = ProvisionPath::parse("khoản 2 Điều 7").expect("one citation");
    let clause = ProvisionPath::parse("khoản 3").expect("one citation");
    assert!(clause.is_relative());
    assert_eq!(clause.resolve(None, &context).map(|p| p.to_string()).as_deref(), Some("khoản 3 Điều 7"));
    let this = &find_citations("điểm b khoản này")[0];
    assert_eq!(
        this.path.resolve(this.this_unit, &context).map(|p| p.to_string()).as_deref(),
        Some("điểm b khoản 2 Điều 7")
    );
    let article_only = ProvisionPath::parse("Điều 7").expect("one citation");
    assert_eq!(this.path.resolve(this.this_unit, &article_only), None);
    assert_eq!(context.parent().map(|p| p.to_string()).as_deref(), Some("Điều 7"));
}

#[test]
fn decomposed_and_capitalised_text() {
    // NFD input (combining marks), as pasted from some PDF readers.
    let nfd = "đie\u{300}u 5 va\u{300} khoa\u{309}n 2 Đie\u{300}u 6";
    assert_eq!(cites(nfd), ["Điều 5", "khoản 2 Điều 6"]);
    assert_eq!(cites("KHOẢN 2 ĐIỀU 5 DỰ THẢO"), ["khoản 2 Điều 5"]);
}

/// Text made of citation pieces in any order, with damage.
fn citation_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Điều",
            "điều",
            "ĐIỀU",
            "khoản",
            "Khoản",
            "điểm",
            "Chương",
            "Mục",
            "Phần",
            "Phụ",
            "lục",
            "thứ",
            "hai",
            "này",
            "5",
            "19a",
            "05",
            "9999",
            "99999",
            "a",
            "đ",
            "d1",
            "II",
            "XL",
            "C",
            ",",
            "và",
            "hoặc",
            "đến",
            "từ",
            "-",
            "/",
            ".",
            ":",
            "(",
            ")",
            "bổ",
            "sung",
            "vào",
            "sau",
            "Luật",
            "Nghị",
            "định",
            "số",
            "30/2020/NĐ-CP",
            "của",
            "dự",
            "thảo",
            "Quy",
            "\n",
            " ",
            "\u{300}",
            "Ð",
            "Điều5",
            "các",
            "Đất",
            "đai",
            "năm",
            "2024",
        ]),
        0..40,
    )
    .prop_map(|parts| parts.join(" "))
}

fn check_spans(text: &str) -> Result<(), TestCaseError> {
    for citation in find_citations(text) {
        prop_assert!(citation.span.start <= citation.span.end && citation.span.end <= text.len());
        prop_assert!(text.is_char_boundary(citation.span.start) && text.is_char_boundary(citation.span.end));
        prop_assert_eq!(&text[citation.span.clone()], citation.text.as_str());
        let _ = citation.anchor();
        let _ = citation.path.to_string();
    }
    Ok(())
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_valid(text in any::<String>()) {
        check_spans(&text)?;
    }

    #[test]
    fn never_panics_on_citation_soup(text in citation_soup()) {
        check_spans(&text)?;
        let glued = text.replace(' ', "");
        check_spans(&glued)?;
    }
}
