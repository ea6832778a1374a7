//! The parser never panics, whatever it is given.

use duthao_structure::akoma::{Identification, from_akoma_ntoso, to_akoma_ntoso};
use duthao_structure::{DocxLimits, Format, parse_bytes, parse_docx, parse_markdown, parse_text};
use proptest::prelude::*;

/// Lines made of markers, OCR damage and Vietnamese text, in any order.
fn marker_lines() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Phần I",
        "Phần thứ hai",
        "Chương II",
        "CHƯƠNG Il - TÊN",
        "Mục 1.",
        "Tiểu mục 2",
        "Điều 5a.",
        "Điều 0.",
        "Điều 9999.",
        "1.",
        "5a. Khoản",
        "0. Không",
        "999. Số",
        "a) Điểm",
        "đ) Điểm",
        "d1) Điểm",
        "f) Điểm",
        "8) Điểm",
        "€) Điểm",
        "$. Khoản",
        "I. TIÊU ĐỀ",
        "XC. Mục",
        "Phụ lục",
        "PHỤ LỤC IV",
        "./.",
        "Nơi nhận:",
        "TM. CHÍNH PHỦ",
        "|",
        "l Ị",
        ":",
        "NGHỊ ĐỊNH",
        "Căn cứ Luật;",
        "văn bản tiếp",
        "VĂN BẢN HOA",
        "## Điều 1",
        "**đậm**",
        "| a | b |",
        "|---|",
        "```",
        "",
        " ",
        "\t",
        "Ị",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        let doc = parse_text(&s);
        prop_assert_eq!(doc.count(), doc.walk().count());
        let _ = parse_markdown(&s);
    }

    #[test]
    fn marker_soup_never_panics(s in marker_lines()) {
        let doc = parse_text(&s);
        // Every provision's line exists in the input.
        let lines = s.split('\n').count();
        for (_, provision) in doc.walk() {
            prop_assert!(provision.line >= 1 && provision.line <= lines);
        }
        let _ = parse_markdown(&s);
        let _ = parse_bytes(s.as_bytes(), Format::Text, &DocxLimits::default());
    }

    #[test]
    fn every_parsed_document_survives_the_akoma_ntoso_round_trip(s in marker_lines(), t in any::<String>()) {
        for text in [s, t] {
            let doc = parse_text(&text);
            let xml = to_akoma_ntoso(&doc, &Identification::default());
            let back = from_akoma_ntoso(&xml);
            prop_assert!(back.is_ok(), "{:?}\n{}", back.err(), xml);
            if let Ok(back) = back {
                prop_assert_eq!(&back.title, &doc.title);
                prop_assert_eq!(&back.preamble, &doc.preamble);
                prop_assert_eq!(&back.provisions, &doc.provisions);
            }
        }
    }

    #[test]
    fn arbitrary_xml_never_panics_the_akoma_ntoso_reader(s in any::<String>()) {
        let _ = from_akoma_ntoso(&s);
        let _ = from_akoma_ntoso(&format!("<akomaNtoso><bill><body><article>{s}</article></body></bill></akomaNtoso>"));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let limits = DocxLimits::default();
        let _ = parse_docx(&bytes, &limits);
        let _ = parse_bytes(&bytes, Format::Markdown, &limits);
    }

    #[test]
    fn zip_like_bytes_never_panic(tail in prop::collection::vec(any::<u8>(), 0..512)) {
        // Start like a zip so the reader gets past the signature check.
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend_from_slice(&tail);
        bytes.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
        let _ = parse_docx(&bytes, &DocxLimits::default());
    }
}
