//! Generators and helpers shared by the legacy-encoding tests.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Initial consonants, with whether they only go before `e ê i y` (`Some(true)`),
/// never before them (`Some(false)`), or either.
const INITIALS: &[(&str, Option<bool>)] = &[
    ("", None),
    ("b", None),
    ("c", Some(false)),
    ("ch", None),
    ("d", None),
    ("đ", None),
    ("g", None),
    ("gh", Some(true)),
    ("gi", None),
    ("h", None),
    ("k", Some(true)),
    ("kh", None),
    ("l", None),
    ("m", None),
    ("n", None),
    ("ng", Some(false)),
    ("ngh", Some(true)),
    ("nh", None),
    ("p", None),
    ("ph", None),
    ("qu", None),
    ("r", None),
    ("s", None),
    ("t", None),
    ("th", None),
    ("tr", None),
    ("v", None),
    ("x", None),
];

/// Vowel nuclei with whether they need a final consonant (`Some(true)`), cannot
/// have one (`Some(false)`), or either.
const NUCLEI: &[(&str, Option<bool>)] = &[
    ("a", None),
    ("ă", Some(true)),
    ("â", Some(true)),
    ("e", None),
    ("ê", None),
    ("i", None),
    ("o", None),
    ("ô", None),
    ("ơ", None),
    ("u", None),
    ("ư", None),
    ("y", None),
    ("ai", Some(false)),
    ("ao", Some(false)),
    ("au", Some(false)),
    ("ay", Some(false)),
    ("âu", Some(false)),
    ("ây", Some(false)),
    ("eo", Some(false)),
    ("êu", Some(false)),
    ("ia", Some(false)),
    ("iê", Some(true)),
    ("iu", Some(false)),
    ("oa", None),
    ("oă", Some(true)),
    ("oe", None),
    ("oi", Some(false)),
    ("ôi", Some(false)),
    ("ơi", Some(false)),
    ("ua", Some(false)),
    ("uâ", Some(true)),
    ("uê", None),
    ("ui", Some(false)),
    ("uô", Some(true)),
    ("uy", None),
    ("ưa", Some(false)),
    ("ưi", Some(false)),
    ("ươ", Some(true)),
    ("ưu", Some(false)),
    ("yê", Some(true)),
    ("iêu", Some(false)),
    ("oai", Some(false)),
    ("oay", Some(false)),
    ("uôi", Some(false)),
    ("uyê", Some(true)),
    ("ươi", Some(false)),
];

const FINALS: &[&str] = &["c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Combining tone marks: level, sắc, huyền, hỏi, ngã, nặng.
const TONES: [Option<char>; 6] =
    [None, Some('\u{301}'), Some('\u{300}'), Some('\u{309}'), Some('\u{303}'), Some('\u{323}')];

/// Builds a syllable (NFC, lower case) from indices, or `None` when the parts do not
/// go together.
fn build_syllable(initial: usize, nucleus: usize, fin: Option<usize>, tone: usize) -> Option<String> {
    let (initial, front_rule) = INITIALS[initial % INITIALS.len()];
    let (nucleus, final_rule) = NUCLEI[nucleus % NUCLEI.len()];
    let fin = fin.map_or("", |f| FINALS[f % FINALS.len()]);
    let tone = TONES[tone % TONES.len()];
    let front = nucleus.starts_with(['e', 'ê', 'i', 'y']);
    if front_rule.is_some_and(|needs_front| needs_front != front) {
        return None;
    }
    if final_rule.is_some_and(|needs_final| needs_final == fin.is_empty()) {
        return None;
    }
    if matches!(fin, "c" | "ch" | "p" | "t") && !matches!(tone, Some('\u{301}' | '\u{323}')) {
        return None;
    }
    // `gi` + `i…` and `qu` + `u…` are not written.
    if (initial == "gi" && nucleus.starts_with('i')) || (initial == "qu" && nucleus.starts_with(['u', 'ư']))
    {
        return None;
    }
    let vowels: Vec<char> = nucleus.chars().collect();
    let shaped = vowels.iter().rposition(|v| "ăâêôơư".contains(*v));
    // The "old" placement, as `canonical_tones` does it.
    let target = match shaped {
        Some(i) => i,
        None if !fin.is_empty() => vowels.len() - 1,
        None if vowels.len() >= 3 => 1,
        None => 0,
    };
    let mut word = String::from(initial);
    for (i, v) in vowels.iter().enumerate() {
        word.push(*v);
        if i == target
            && let Some(mark) = tone
        {
            word.push(mark);
        }
    }
    word.push_str(fin);
    Some(word.nfc().collect())
}

/// A random Vietnamese syllable, lower case, NFC.
pub fn syllable() -> impl Strategy<Value = String> {
    (0..INITIALS.len(), 0..NUCLEI.len(), prop::option::of(0..FINALS.len()), 0..TONES.len())
        .prop_filter_map("parts that do not go together", |(i, n, f, t)| build_syllable(i, n, f, t))
}

/// Words that always carry evidence for either encoding once encoded.
pub const ANCHORS: &[&str] =
    &["được", "người", "quyết", "định", "nghị", "thường", "khoản", "điều", "chương", "tướng"];

pub const SEPARATORS: &[&str] = &[" ", " ", " ", ", ", ". ", "; ", " - "];

/// Random Vietnamese text (lower case) with at least two distinct anchors.
pub fn vietnamese_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((syllable(), prop::sample::select(SEPARATORS)), 0..30),
        prop::sample::subsequence(ANCHORS, 2..4),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(words, anchors, at)| {
            let mut parts: Vec<(String, &str)> = words;
            for (k, anchor) in anchors.into_iter().enumerate() {
                let position = (at.index(parts.len() + 1) + k) % (parts.len() + 1);
                parts.insert(position, (anchor.to_owned(), " "));
            }
            let mut text = String::new();
            for (i, (word, separator)) in parts.iter().enumerate() {
                if i > 0 {
                    text.push_str(separator);
                }
                text.push_str(word);
            }
            text
        })
}

/// The bytes of text made only of characters U+0000–U+00FF other than the
/// Windows-1252 C1 range, as a legacy file would hold them.
pub fn latin1_bytes(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| {
            let code = u32::from(c);
            assert!(code < 0x80 || (0xa0..=0xff).contains(&code), "{c:?} is not a single Windows-1252 byte");
            u8::try_from(code).unwrap_or(b'?')
        })
        .collect()
}
