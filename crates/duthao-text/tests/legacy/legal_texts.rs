//! Realistic legal text, encoded with our encoder, detected and converted back.

use duthao_text::legacy::{
    Encoding, convert, decode_bytes, detect, encode, to_unicode, to_unicode_by_paragraph,
};

use crate::support::latin1_bytes;

/// Sentences whose capitals all exist in TCVN3 (see `tcvn3_loses_capital_toned_initials`).
const SENTENCES: &[&str] = &[
    "Điều 5. Phạm vi điều chỉnh: Nghị định này quy định chi tiết một số điều của Luật Đất đai về bồi \
     thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.",
    "Cơ quan, tổ chức, cá nhân có ý kiến góp ý đối với dự thảo gửi về Bộ Tư pháp trước ngày 30 tháng 6 \
     năm 2025.",
    "Người sử dụng đất được bồi thường khi Nhà nước thu hồi đất nếu có đủ điều kiện quy định tại khoản 1 \
     Điều 75 của Luật này.",
    "Hồ sơ đề nghị gồm: đơn đề nghị theo Mẫu số 01; bản sao giấy chứng nhận đăng ký doanh nghiệp; báo \
     cáo đánh giá tác động môi trường.",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nLUẬT ĐẤT ĐAI\n\nChương I\nNHỮNG \
     QUY ĐỊNH CHUNG",
    "Trường hợp thửa đất có nhiều người cùng sử dụng thì việc thông báo được gửi tới người đại diện.",
    "Chủ tịch UBND cấp tỉnh chịu trách nhiệm tổ chức thực hiện quyết định thu hồi đất; khiếu nại được \
     giải quyết theo quy định của pháp luật về khiếu nại.",
];

#[test]
fn encoded_sentences_are_detected_and_converted_back() {
    for &sentence in SENTENCES {
        for encoding in [Encoding::Tcvn3, Encoding::Vni] {
            let encoded = encode(sentence, encoding);
            assert_ne!(encoded, sentence);
            let detection = detect(&encoded);
            assert_eq!(detection.encoding, encoding, "{encoding:?} {encoded:?}");
            assert!(detection.confidence >= 0.75, "{detection:?} for {encoded:?}");
            assert_eq!(to_unicode(&encoded), (sentence.to_owned(), encoding), "{encoding:?}");
        }
    }
}

#[test]
fn encoder_writes_the_known_forms() {
    assert_eq!(
        encode("Cộng hoà xã hội chủ nghĩa Việt Nam", Encoding::Tcvn3),
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam"
    );
    assert_eq!(encode("Độc lập - Tự do - Hạnh phúc", Encoding::Tcvn3), "§éc lËp - Tù do - H¹nh phóc");
    assert_eq!(encode("CỘNG HÒA", Encoding::Tcvn3), "CéNG HßA");
    assert_eq!(
        encode("Cộng hoà xã hội chủ nghĩa Việt Nam", Encoding::Vni),
        "Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam"
    );
    assert_eq!(encode("Điều được người Ủy", Encoding::Vni), "Ñieàu ñöôïc ngöôøi UÛy");
    // NFD input is encoded like NFC.
    assert_eq!(encode("Vie\u{302}\u{323}t", Encoding::Vni), "Vieät");
    assert_eq!(encode("Vie\u{302}\u{323}t", Encoding::Tcvn3), "ViÖt");
}

#[test]
fn tcvn3_loses_capital_toned_initials() {
    let encoded = encode("Ủy ban nhân dân tỉnh", Encoding::Tcvn3);
    assert_eq!(encoded, "ñy ban nh©n d©n tØnh");
    assert_eq!(to_unicode(&encoded).0, "ủy ban nhân dân tỉnh");
}

#[test]
fn raw_legacy_files_are_decoded() {
    let letter = SENTENCES.join("\r\n");
    for encoding in [Encoding::Tcvn3, Encoding::Vni] {
        let bytes = latin1_bytes(&encode(&letter, encoding));
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(decode_bytes(&bytes), (letter.clone(), encoding));
    }
}

#[test]
fn utf8_files_are_taken_as_they_are() {
    let letter = SENTENCES.join("\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(letter.as_bytes());
    assert_eq!(decode_bytes(&bytes), (letter.clone(), Encoding::Unicode));
    let decomposed: String = unicode_normalization::UnicodeNormalization::nfd(letter.as_str()).collect();
    assert_eq!(decode_bytes(decomposed.as_bytes()), (letter, Encoding::Unicode));
}

#[test]
fn windows_1252_files_that_are_not_vietnamese_stay_as_read() {
    let french = "Le caf\u{e9} de la gare est ferm\u{e9} \u{93}pour travaux\u{94} \u{96} \u{80}5.";
    let bytes: Vec<u8> = b"Le caf\xe9 de la gare est ferm\xe9 \x93pour travaux\x94 \x96 \x805.".to_vec();
    let expected =
        french.replace('\u{93}', "“").replace('\u{94}', "”").replace('\u{96}', "–").replace('\u{80}', "€");
    assert_eq!(decode_bytes(&bytes), (expected, Encoding::Unicode));
}

#[test]
fn a_pasted_tcvn3_paragraph_is_converted_alone() {
    let unicode = "Góp ý của ông Nguyễn Văn An về dự thảo Luật Đất đai (sửa đổi):";
    let pasted = encode(SENTENCES[2], Encoding::Tcvn3);
    let heading = encode("Chương II", Encoding::Tcvn3);
    let french = "Annexe: café à Zürich, naïve façon.";
    let vietnamese_latin1 = "Tôi là công nhân, tôi có hai con, nhà tôi xa";
    let document = [unicode, &heading, &pasted, "", french, vietnamese_latin1].join("\n");

    let (converted, encodings) = to_unicode_by_paragraph(&document);

    let expected = [unicode, "Chương II", SENTENCES[2], "", french, vietnamese_latin1].join("\n");
    assert_eq!(converted, expected);
    assert_eq!(
        encodings,
        vec![
            (0, Encoding::Unicode),
            (1, Encoding::Tcvn3),
            (2, Encoding::Tcvn3),
            (3, Encoding::Unicode),
            (4, Encoding::Unicode),
            (5, Encoding::Unicode),
        ]
    );
    // The whole document, taken at once, is Unicode: it has Unicode-only letters.
    assert_eq!(to_unicode(&document), (document.clone(), Encoding::Unicode));
}

#[test]
fn a_short_paragraph_alone_is_not_converted() {
    let heading = encode("Chương II", Encoding::Tcvn3);
    let document = ["Góp ý về dự thảo", heading.as_str()].join("\n");
    let (converted, encodings) = to_unicode_by_paragraph(&document);
    assert_eq!(converted, document);
    assert_eq!(encodings, vec![(0, Encoding::Unicode), (1, Encoding::Unicode)]);
}

#[test]
fn vni_and_tcvn3_paragraphs_in_one_document() {
    let document = [encode(SENTENCES[0], Encoding::Vni), encode(SENTENCES[3], Encoding::Tcvn3)].join("\n");
    let (converted, encodings) = to_unicode_by_paragraph(&document);
    assert_eq!(converted, [SENTENCES[0], SENTENCES[3]].join("\n"));
    assert_eq!(encodings, vec![(0, Encoding::Vni), (1, Encoding::Tcvn3)]);
}

#[test]
fn converting_unicode_only_normalises() {
    assert_eq!(convert("Vie\u{302}\u{323}t Nam", Encoding::Unicode), "Việt Nam");
}
