//! Samples typed with the old fonts, checked letter by letter against the
//! TCVN 5712:1993 VN3 and VNI-Windows tables.

use duthao_text::legacy::{Encoding, convert, detect, to_unicode};

#[test]
fn tcvn3_words_convert() {
    let cases = [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Quy ®Þnh", "Quy định"),
        ("ñy ban nh©n d©n", "ủy ban nhân dân"),
        ("Uû ban nh©n d©n", "Uỷ ban nhân dân"),
        ("§iÒu", "Điều"),
        ("kho¶n", "khoản"),
        ("®iÓm", "điểm"),
        ("Ch\u{ad}¬ng", "Chương"),
        ("Quèc héi", "Quốc hội"),
        ("LuËt §Êt ®ai", "Luật Đất đai"),
        ("ng\u{ad}êi d©n ®\u{ad}îc", "người dân được"),
        ("NghÞ ®Þnh cña ChÝnh phñ", "Nghị định của Chính phủ"),
        ("Thñ t\u{ad}íng", "Thủ tướng"),
        ("Bé T\u{ad} ph¸p", "Bộ Tư pháp"),
        ("tæ chøc, c¸ nh©n", "tổ chức, cá nhân"),
        ("hå s¬, gãp ý, kiÕn nghÞ", "hồ sơ, góp ý, kiến nghị"),
        ("¡n ¢u £ ¤ ¥ ¦ §", "Ăn Âu Ê Ô Ơ Ư Đ"),
        ("¨ © ª « ¬ \u{ad} ®", "ă â ê ô ơ ư đ"),
        ("n¨m 2025", "năm 2025"),
        ("tr\u{ad}ëng, thuë, kháe", "trưởng, thuở, khỏe"),
        ("khuûu, khuya, ngoµi, gi÷a", "khuỷu, khuya, ngoài, giữa"),
    ];
    for (tcvn3, unicode) in cases {
        assert_eq!(convert(tcvn3, Encoding::Tcvn3), unicode, "TCVN3 {tcvn3:?}");
    }
}

/// Place names typed in TCVN3 in a public map project (not by our encoder).
#[test]
fn tcvn3_place_names_from_the_wild_convert() {
    assert_eq!(convert("B¶o Th¾ng", Encoding::Tcvn3), "Bảo Thắng");
    assert_eq!(convert("M\u{ad}êng Kh\u{ad}¬ng", Encoding::Tcvn3), "Mường Khương");
    assert_eq!(convert("B¸t X¸t", Encoding::Tcvn3), "Bát Xát");
}

#[test]
fn tcvn3_capitals_follow_the_word_and_the_line() {
    let heading = "CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM\n§éC LËP - Tù DO - H¹NH PHóC";
    assert_eq!(
        convert(heading, Encoding::Tcvn3),
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐỘC LẬP - TỰ DO - HẠNH PHÚC"
    );
    assert_eq!(convert("ñY BAN NH¢N D¢N", Encoding::Tcvn3), "ỦY BAN NHÂN DÂN");
    // A title-case word with an unclear letter follows its lower-case neighbours.
    assert_eq!(convert("Theo UBND, Hµ Néi ®· ban hµnh", Encoding::Tcvn3), "Theo UBND, Hà Nội đã ban hành");
}

/// The `.VnTimeH` limitation: a line typed entirely with lower-case codes in an
/// upper-case font cannot be told from lower-case text.
#[test]
fn tcvn3_vntimeh_text_comes_out_in_lower_case() {
    assert_eq!(convert("céng hoµ x· héi", Encoding::Tcvn3), "cộng hoà xã hội");
    // And a capital toned vowel at the start of a sentence has no code of its own.
    assert_eq!(convert("ñy ban", Encoding::Tcvn3), "ủy ban");
}

#[test]
fn vni_words_convert() {
    let cases = [
        ("Vieät Nam", "Việt Nam"),
        ("Ñieàu", "Điều"),
        ("Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Quy ñònh", "Quy định"),
        ("UÛy ban nhaân daân", "Ủy ban nhân dân"),
        ("khoaûn", "khoản"),
        ("ñieåm", "điểm"),
        ("ngöôøi daân ñöôïc", "người dân được"),
        ("CHÖÔNG I", "CHƯƠNG I"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("naêm, aên, aéc, aèn, aún, aün, aëc", "năm, ăn, ắc, ằn, ẳn, ẵn, ặc"),
        ("æ, ó, ò, í, ì, î", "ỉ, ĩ, ị, í, ì, ỵ"),
        ("thuôû, khuyeán, thöôøng", "thuở, khuyến, thường"),
    ];
    for (vni, unicode) in cases {
        assert_eq!(convert(vni, Encoding::Vni), unicode, "VNI {vni:?}");
    }
}

/// The example of a public VNI converter's documentation (not typed by our encoder).
#[test]
fn vni_sample_from_the_wild_converts() {
    assert_eq!(convert("Xin chaøo caùc baïn", Encoding::Vni), "Xin chào các bạn");
}

#[test]
fn hand_typed_samples_are_detected() {
    let tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc";
    assert_eq!(detect(tcvn3).encoding, Encoding::Tcvn3);
    assert_eq!(
        to_unicode(tcvn3),
        ("Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc".to_owned(), Encoding::Tcvn3)
    );
    assert_eq!(to_unicode("ñy ban nh©n d©n").0, "ủy ban nhân dân");
    assert_eq!(to_unicode("Quy ®Þnh vÒ kho¶n, ®iÓm").0, "Quy định về khoản, điểm");

    let vni = "Coäng hoaø xaõ hoäi chuû nghóa Vieät Nam";
    let detection = detect(vni);
    assert_eq!(detection.encoding, Encoding::Vni);
    assert!(detection.confidence >= 0.9, "{detection:?}");
    assert_eq!(to_unicode("Ñieàu 5. Vieät Nam").0, "Điều 5. Việt Nam");
}

/// One word is not enough evidence on its own: the caller who knows the font
/// (a `.VnTime` run in a DOCX file) calls `convert` directly.
#[test]
fn a_single_word_is_not_enough_to_convert() {
    assert_eq!(detect("§iÒu").encoding, Encoding::Unicode);
    assert_eq!(to_unicode("kho¶n"), ("kho¶n".to_owned(), Encoding::Unicode));
}

/// The layout of TCVN 5712:1993 VN3: the capitals `Ă Â Ê Ô Ơ Ư Đ` at 0xA1–0xA7, the
/// same letters in lower case at 0xA8–0xAE, then from 0xB5 the 60 toned lower-case
/// vowels in ascending code order, vowel by vowel (a ă â e ê i o ô ơ u ư y), each
/// with its tones in the order huyền, hỏi, ngã, sắc, nặng. Everything else in
/// 0xA0–0xFF is not a letter.
#[test]
fn tcvn3_code_points_follow_the_standard_layout() {
    let decoded: Vec<(u8, String)> = (0xa0..=0xffu8)
        .map(|byte| (byte, convert(&char::from(byte).to_string(), Encoding::Tcvn3)))
        // 0xFD is `ý` in both TCVN3 and Windows-1252, the only code that converts to itself.
        .filter(|(byte, letter)| *byte == 0xfd || *letter != char::from(*byte).to_string())
        .collect();
    assert_eq!(decoded.len(), 74);

    let plain: String = decoded.iter().take(14).map(|(_, letter)| letter.as_str()).collect();
    assert_eq!(plain, "ĂÂÊÔƠƯĐăâêôơưđ");
    assert_eq!(decoded[..14].iter().map(|(b, _)| *b).collect::<Vec<_>>(), (0xa1..=0xae).collect::<Vec<_>>());

    let mut expected = String::new();
    for vowel in ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"] {
        for tone in ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'] {
            expected
                .extend(unicode_normalization::UnicodeNormalization::nfc(format!("{vowel}{tone}").as_str()));
        }
    }
    let toned: String = decoded[14..].iter().map(|(_, letter)| letter.as_str()).collect();
    assert_eq!(toned, expected);
    let gaps: Vec<u8> = (0xb5..=0xfeu8).filter(|b| !decoded.iter().any(|(d, _)| d == b)).collect();
    assert_eq!(gaps, [0xba, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xcd, 0xd9, 0xda, 0xdb, 0xe0, 0xf0]);
}
