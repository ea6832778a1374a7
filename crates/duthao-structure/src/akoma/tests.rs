use super::*;
use crate::{parse_markdown, parse_text};

fn id() -> Identification {
    Identification {
        name: "nghi_dinh".into(),
        work: "d7".into(),
        version: 2,
        date: "2026-11-28".into(),
        author: "Bộ Nội vụ".into(),
    }
}

fn round_trip(doc: &Document) -> Document {
    let xml = to_akoma_ntoso(doc, &id());
    from_akoma_ntoso(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"))
}

fn same(a: &Document, b: &Document) {
    assert_eq!(a.title, b.title);
    assert_eq!(a.preamble, b.preamble);
    assert_eq!(a.style, b.style);
    assert_eq!(a.provisions, b.provisions);
}

const LAW: &str = "NGHỊ ĐỊNH\nQuy định về vị trí việc làm\n\nCăn cứ Luật Tổ chức Chính phủ;\n\n\
Chương I\nQUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi điều chỉnh\nNghị định này quy định về vị trí việc làm.\n\
Điều 2. Đối tượng áp dụng\nĐối tượng gồm:\n1. Cán bộ, công chức.\n2. Viên chức:\na) Viên chức quản lý;\nđ) Viên chức chuyên môn <“đặc biệt” & khác>.\n\
Điều 2a. Nguyên tắc\nBảo đảm công khai.\nMinh bạch.\n\
Chương II\nDANH MỤC\nĐiều 3. Danh mục\nBan hành kèm theo Nghị định này.\n";

#[test]
fn a_decree_survives_the_round_trip_whole() {
    let doc = parse_text(LAW);
    assert!(doc.count() > 8);
    same(&doc, &round_trip(&doc));
}

#[test]
fn elements_and_eids_follow_akoma_ntoso() {
    let xml = to_akoma_ntoso(&parse_text(LAW), &id());
    assert!(xml.contains("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\""));
    assert!(xml.contains("<bill name=\"nghi_dinh\""));
    assert!(xml.contains("<FRBRlanguage language=\"vie\"/>"));
    assert!(xml.contains("<chapter eId=\"chp_1\""));
    assert!(xml.contains("<article eId=\"chp_1__art_2\""));
    assert!(xml.contains("<paragraph eId=\"chp_1__art_2__para_2\""));
    assert!(xml.contains("<point eId=\"chp_1__art_2__para_2__point_a\""));
    // "đ" is not "d".
    assert!(xml.contains("<point eId=\"chp_1__art_2__para_2__point_dd\""));
    assert!(xml.contains("<article eId=\"chp_1__art_2a\""));
    assert!(xml.contains("<num>Điều 2a</num>"));
    assert!(xml.contains("&lt;“đặc biệt” &amp; khác&gt;"), "text is escaped");
    // The article with clauses keeps its own sentence in <intro>.
    assert!(xml.contains("<intro>\n"));
}

#[test]
fn the_real_decree_excerpt_survives_the_round_trip() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/nd-232-2026-excerpt.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = parse_markdown(&text);
    assert!(doc.count() > 20);
    same(&doc, &round_trip(&doc));
}

#[test]
fn a_report_style_document_with_appendices_survives_the_round_trip() {
    let doc = parse_text(
        "BÁO CÁO\nTổng kết\n\nI. ĐÁNH GIÁ CHUNG\n1. Kết quả đạt được\na) Về thể chế;\nb) Về tổ chức.\n\
         II. KIẾN NGHỊ\nĐề nghị Chính phủ xem xét.\nPhụ lục I\nDANH SÁCH CƠ QUAN\nBộ Nội vụ; Bộ Tư pháp.\n",
    );
    assert_eq!(doc.style, Style::Report);
    same(&doc, &round_trip(&doc));
}

#[test]
fn repeated_numbers_get_unique_eids() {
    let xml = to_akoma_ntoso(&parse_text("Điều 1. A\nMột.\nĐiều 1. B\nHai.\n"), &id());
    assert!(xml.contains("eId=\"art_1\"") && xml.contains("eId=\"art_1-2\""), "{xml}");
}

#[test]
fn bad_files_get_specific_errors() {
    assert!(matches!(from_akoma_ntoso("<akomaNtoso><bill><body>"), Ok(_) | Err(AknError::Malformed { .. })));
    assert!(matches!(from_akoma_ntoso("<a><b></a>"), Err(AknError::Malformed { .. })));
    assert_eq!(from_akoma_ntoso("<html><body></body></html>").err(), Some(AknError::NotAkomaNtoso));
    let deep = format!("<akomaNtoso><bill><body>{}", "<article>".repeat(100));
    assert_eq!(from_akoma_ntoso(&deep).err(), Some(AknError::TooDeep(MAX_DEPTH)));
}

#[test]
fn another_producers_bill_is_read_with_numbers_from_num() {
    let xml = r#"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body>
        <article eId="art_5"><num>Điều 5.</num><heading>Hiệu lực</heading>
          <paragraph eId="art_5__para_1"><num>1.</num><content><p>Có hiệu lực từ ngày ký.</p></content></paragraph>
        </article></body></bill></akomaNtoso>"#;
    let doc = from_akoma_ntoso(xml).expect("read");
    let article = &doc.provisions[0];
    assert_eq!(
        (article.kind, article.number.as_str(), article.heading.as_deref()),
        (ProvisionKind::Article, "5", Some("Hiệu lực"))
    );
    assert_eq!(article.children[0].text, "Có hiệu lực từ ngày ký.");
    assert_eq!(article.children[0].number, "1");
}

#[test]
fn roman_numerals_become_digits_in_eids() {
    assert_eq!(roman("IV"), Some(4));
    assert_eq!(roman("XIX"), Some(19));
    assert_eq!(roman("II"), Some(2));
    assert_eq!(roman("2a"), None);
    assert_eq!(eid_number("thứ nhất", 0), "thu-nhat");
    assert_eq!(eid_number("đ", 0), "dd");
}
