//! Text that is not in a legacy encoding must come out unchanged (but NFC).

use duthao_text::legacy::{Encoding, detect, to_unicode, to_unicode_by_paragraph};

fn assert_unicode(text: &str) {
    let detection = detect(text);
    assert_eq!(detection.encoding, Encoding::Unicode, "{text:?}: {detection:?}");
    assert_eq!(to_unicode(text), (text.to_owned(), Encoding::Unicode), "{text:?}");
    let (by_paragraph, encodings) = to_unicode_by_paragraph(text);
    assert_eq!(by_paragraph, text);
    assert!(encodings.iter().all(|(_, e)| *e == Encoding::Unicode), "{text:?}: {encodings:?}");
}

#[test]
fn unicode_vietnamese_stays() {
    assert_unicode(
        "Điều 5. Phạm vi điều chỉnh\nNghị định này quy định chi tiết một số điều của Luật Đất đai về bồi \
         thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất.",
    );
    assert_unicode("Ủy ban nhân dân tỉnh Quảng Ngãi");
    assert_unicode("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    // Vietnamese written only with letters that Latin-1 has too: no Unicode-only
    // letter to go by, so the statistics must hold.
    assert_unicode("Tôi là công nhân, tôi có hai con, nhà tôi xa");
    assert_unicode("Tôi là sinh viên");
    assert_unicode("Cô ấy");
}

#[test]
fn french_stays() {
    assert_unicode(
        "Le café de la gare est fermé. Où est la tête de l'élève ? Noël à Zürich, une naïve façon de \
         voir: déjà vu, très bien, thé ou café, né à Hanoï, près du théâtre, l'île, garçon, leçon, crème brûlée.",
    );
    assert_unicode("Où? Là-bas. Été, côté, hôtel, plutôt, tôt, bientôt, aïe, Loïc, Caïn, maïs.");
    assert_unicode("« Bonjour », dit-il.");
}

#[test]
fn english_with_accents_and_symbols_stays() {
    assert_unicode(
        "The naïve café owner's résumé was 3 µm thick; see § 4.2 and ¶ 7. Price: £15, ½ off, © 2024 \
         Acme®, 20 °C ± 2, 5 µm × 3 µm, 10 µg/ml.",
    );
    assert_unicode("Beyoncé, Zoë and Chloë met Renée at the Brontë museum in São Paulo.");
}

#[test]
fn other_european_languages_stay() {
    assert_unicode(
        "El señor José está en la ciudad de Córdoba; mañana irá a Perú. ¿Sí? ¡Qué bien! Tú también.",
    );
    assert_unicode("Der Müller aus Köln fährt über die Straße nach Zürich. Schön!");
    assert_unicode("Jag bor på en gård i Sverige. Blåbär är gott. Øl på Ærø.");
    assert_unicode("A informação da avó: ação, não, pão, você está aí.");
}

#[test]
fn ascii_and_numbers_stay() {
    assert_unicode("");
    assert_unicode("Dieu 5. Pham vi dieu chinh; Nghi dinh so 43/2014/ND-CP");
    assert_unicode("123 456,78 - 2025/QH15 - 1.000.000 dong");
    assert_unicode("   \n\t\n");
}

#[test]
fn decomposed_unicode_is_normalised_not_converted() {
    let decomposed = "Vie\u{302}\u{323}t Nam, \u{110}ie\u{302}\u{300}u 5, Lua\u{302}\u{323}t";
    assert_eq!(detect(decomposed).encoding, Encoding::Unicode);
    assert_eq!(to_unicode(decomposed), ("Việt Nam, Điều 5, Luật".to_owned(), Encoding::Unicode));
    assert_eq!(to_unicode_by_paragraph(decomposed).0, "Việt Nam, Điều 5, Luật");
    // Combining marks on Latin-1 letters only (no Unicode-only letter after NFC).
    assert_eq!(to_unicode("To\u{302}i la\u{300} sinh vie\u{302}n").0, "Tôi là sinh viên");
}

#[test]
fn unicode_confidence_is_reported() {
    assert_eq!(detect("Việt Nam").confidence, 1.0);
    assert_eq!(detect("plain ascii").confidence, 1.0);
    let french = detect("café");
    assert_eq!(french.encoding, Encoding::Unicode);
    assert!(french.confidence > 0.4);
}

/// A long line of words whose case is unclear (`µ` = `à`) is converted in linear
/// time: a quadratic neighbour search would not finish.
#[test]
fn long_lines_convert() {
    let line = "µ ".repeat(100_000);
    let converted = duthao_text::legacy::convert(&line, Encoding::Tcvn3);
    assert_eq!(converted, "à ".repeat(100_000));
    assert_eq!(detect(&line).encoding, Encoding::Unicode);
}
