//! Property tests: round trips through our encoder, no misfire on generated
//! Unicode, no panic on any input.

use duthao_text::legacy::{
    Encoding, convert, decode_bytes, detect, encode, is_vietnamese_syllable, to_unicode,
    to_unicode_by_paragraph,
};
use proptest::prelude::*;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use crate::support::{latin1_bytes, syllable, vietnamese_text};

/// Upper-cases text; the result is still NFC.
fn upper(text: &str) -> String {
    text.to_uppercase().nfc().collect()
}

/// Capitalises the first letter of every word.
fn title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_start = true;
    for c in text.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = !c.is_alphabetic();
    }
    out
}

proptest! {
    #[test]
    fn generated_syllables_are_syllables(word in syllable()) {
        prop_assert!(is_vietnamese_syllable(&word), "{word}");
        prop_assert!(is_vietnamese_syllable(&upper(&word)), "{word}");
        let decomposed: String = word.nfd().collect();
        prop_assert!(is_vietnamese_syllable(&decomposed), "{word}");
    }

    #[test]
    fn tcvn3_round_trips(text in vietnamese_text(), caps in any::<bool>()) {
        // TCVN3 has no code for most capitals: lower case and all-capital lines
        // round-trip; title case is covered by the hand-written samples.
        let text = if caps { upper(&text) } else { text };
        let encoded = encode(&text, Encoding::Tcvn3);
        let detection = detect(&encoded);
        prop_assert_eq!(detection.encoding, Encoding::Tcvn3, "{:?} {:?}", encoded, detection);
        prop_assert_eq!(to_unicode(&encoded), (text.clone(), Encoding::Tcvn3));
        prop_assert_eq!(decode_bytes(&latin1_bytes(&encoded)).0, text);
    }

    #[test]
    fn vni_round_trips(text in vietnamese_text(), case in 0..3u8) {
        let text = match case {
            0 => text,
            1 => upper(&text),
            _ => title(&text),
        };
        let encoded = encode(&text, Encoding::Vni);
        let detection = detect(&encoded);
        prop_assert_eq!(detection.encoding, Encoding::Vni, "{:?} {:?}", encoded, detection);
        prop_assert_eq!(to_unicode(&encoded), (text.clone(), Encoding::Vni));
        prop_assert_eq!(decode_bytes(&latin1_bytes(&encoded)).0, text);
    }

    #[test]
    fn conversion_inverts_encoding_for_any_syllables(
        words in prop::collection::vec(syllable(), 0..20),
    ) {
        let text = words.join(" ");
        prop_assert_eq!(convert(&encode(&text, Encoding::Vni), Encoding::Vni), text.clone());
        prop_assert_eq!(convert(&encode(&text, Encoding::Tcvn3), Encoding::Tcvn3), text);
    }

    #[test]
    fn unicode_vietnamese_is_left_alone(
        words in prop::collection::vec(syllable(), 0..30),
        caps in any::<bool>(),
    ) {
        let text = words.join(" ");
        let text = if caps { upper(&text) } else { text };
        prop_assert_eq!(to_unicode(&text), (text.clone(), Encoding::Unicode));
        let decomposed: String = text.nfd().collect();
        prop_assert_eq!(to_unicode(&decomposed), (text, Encoding::Unicode));
    }

    /// The hard case: Vietnamese that uses only letters Latin-1 has (`tôi`, `là`),
    /// so no Unicode-only letter gives it away.
    #[test]
    fn latin1_only_vietnamese_is_left_alone(words in prop::collection::vec(syllable(), 1..40)) {
        let words: Vec<String> = words.into_iter().filter(|w| w.chars().all(|c| u32::from(c) <= 0xff)).collect();
        let text = words.join(" ");
        prop_assert_eq!(detect(&text).encoding, Encoding::Unicode, "{:?}", text);
    }

    #[test]
    fn any_text_never_panics_and_gives_nfc(text in any::<String>()) {
        let _ = detect(&text);
        for encoding in [Encoding::Unicode, Encoding::Tcvn3, Encoding::Vni] {
            prop_assert!(is_nfc(&convert(&text, encoding)));
            let _ = encode(&text, encoding);
        }
        prop_assert!(is_nfc(&to_unicode(&text).0));
        let (by_paragraph, encodings) = to_unicode_by_paragraph(&text);
        prop_assert!(is_nfc(&by_paragraph));
        prop_assert_eq!(encodings.len(), text.split('\n').count());
    }

    #[test]
    fn latin1_text_never_panics(text in "[\\x00-\\x7f\\u{a0}-\\u{ff}\\n ]{0,200}") {
        let _ = detect(&text);
        prop_assert!(is_nfc(&to_unicode(&text).0));
        prop_assert!(is_nfc(&to_unicode_by_paragraph(&text).0));
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let (text, _) = decode_bytes(&bytes);
        prop_assert!(is_nfc(&text));
    }

    #[test]
    fn high_bytes_never_panic(bytes in prop::collection::vec(0x80u8..=0xff, 0..256)) {
        let (text, encoding) = decode_bytes(&bytes);
        prop_assert!(is_nfc(&text));
        if std::str::from_utf8(&bytes).is_ok() {
            prop_assert_eq!(encoding, Encoding::Unicode);
        }
    }
}
