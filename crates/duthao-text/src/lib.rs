//! Vietnamese text normalisation: the one place that decides what "the same text" means.
//!
//! - [`clean_input`] is applied to every piece of text that enters the system
//!   (NFC, line endings, control characters, trailing spaces).
//! - [`canonical_tones`] puts tone marks in one canonical place, so that `hoà` and
//!   `hòa` match.
//! - [`fold`] is for search: no diacritics at all, `đ` → `d`, lower case.
//! - [`normalise_for_matching`] is for comparing texts (similarity, deduplication).
//! - [`syllables`] splits text into word tokens.
//!
//! - [`legacy`] detects text typed in the old TCVN3 and VNI font encodings and
//!   converts it to Unicode.
//!
//! This crate is pure: no I/O, no allocation beyond the returned strings, never panics.

pub mod diff;
pub mod legacy;

use unicode_normalization::char::{compose, decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Returns `s` in Unicode Normalisation Form C.
///
/// Text that is already NFC (the common case) is copied without running the
/// normaliser.
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes { s.to_owned() } else { s.nfc().collect() }
}

/// Cleans text as it enters the system: `\r\n` and lone `\r` become `\n`,
/// control characters other than `\n` and `\t` are removed (as are the BOM, zero-width
/// spaces and bidirectional overrides), the text is put in NFC, and trailing whitespace is trimmed
/// from every line.
pub fn clean_input(s: &str) -> String {
    let mut unified = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                unified.push('\n');
            }
            '\u{2028}' | '\u{2029}' => unified.push('\n'),
            '\n' | '\t' => unified.push(c),
            // The byte order mark, the zero-width space, and the bidirectional
            // embeddings, overrides and isolates: invisible, and the last can make a
            // comment read differently from what it holds (U+202E turns the text after
            // it around).
            '\u{feff}' | '\u{200b}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => unified.push(c),
        }
    }
    let normalised = nfc(&unified);
    let mut out = String::with_capacity(normalised.len());
    for (i, line) in normalised.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out
}

/// Folds text for search: removes every diacritic (tone marks and the marks of
/// `ă â ê ô ơ ư`), maps `đ`/`Đ` to `d`, and lower-cases.
///
/// `"Điều khoản"` → `"dieu khoan"`. The result contains no combining marks, so
/// folding twice gives the same result as folding once.
pub fn fold(s: &str) -> String {
    // `str::to_lowercase` lowers a capital sigma by its place in the word; lowering
    // letter by letter does not. Greek is rare enough here to take the long way.
    if s.contains('Σ') {
        return fold_by_steps(s);
    }
    // One pass, letter by letter: lower-case (a few lower-case mappings, e.g. `İ` →
    // `i̇`, produce combining marks), decompose, drop the marks. The same as the
    // steps of `fold_by_steps`: canonical reordering only moves marks, all dropped.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(if d == 'đ' { 'd' } else { d });
                }
            });
        }
    }
    out
}

/// [`fold`] as its definition reads: lower-case, NFD, drop marks, `đ` → `d`.
fn fold_by_steps(s: &str) -> String {
    let lower = s.to_lowercase();
    lower
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect()
}

/// Text in the form used to compare two texts: NFC, canonical tone marks, lower
/// case, runs of whitespace collapsed to one space, no leading or trailing space.
pub fn normalise_for_matching(s: &str) -> String {
    let toned = canonical_tones(s).to_lowercase();
    let collapsed = toned.split_whitespace().collect::<Vec<_>>().join(" ");
    nfc(&collapsed)
}

/// Splits text into word tokens (runs of letters and digits, Vietnamese letters
/// included), dropping punctuation and whitespace.
///
/// `"Điều 5a. Phạm vi"` → `["Điều", "5a", "Phạm", "vi"]`.
pub fn syllables(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c))).filter(|token| !token.is_empty())
}

/// Puts each syllable's tone mark in its canonical place, so that different
/// spellings of the same word compare equal. The result is NFC; case and all
/// non-Vietnamese text are preserved.
///
/// The canonical placement is the one the official documents use (`hòa`, `thủy`,
/// `khỏe`, `quý`, `Ủy ban`, `CỘNG HÒA`); in Vietnamese usage it is often called the
/// "old" placement, as opposed to the "new" one (`hoà`, `thuỷ`, `khoẻ`). Rule, per
/// syllable, after setting aside the `qu` initial and the `gi` initial (when another
/// vowel follows `i`):
///
/// 1. if the vowel cluster has a vowel with a shape mark (`ă â ê ô ơ ư`), the tone
///    goes on the last such vowel (`được`, `người`, `khuyến`, `tuần`);
/// 2. else, if the syllable ends in a consonant, on the last vowel (`hoàn`, `toán`);
/// 3. else, with three vowels, on the middle one (`ngoài`, `khuỷu`);
/// 4. else on the first vowel (`hòa`, `thủy`, `khỏe`, `mùa`, `tài`).
///
/// A syllable is left as it is when it is not shaped like a Vietnamese syllable
/// (foreign words such as `café`, `José`), carries no tone mark, or carries more
/// than one.
pub fn canonical_tones(s: &str) -> String {
    let s = nfc(s);
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let word_len =
            rest.char_indices().find(|(_, c)| !is_syllable_char(*c)).map_or(rest.len(), |(i, _)| i);
        if word_len > 0 {
            let (word, tail) = rest.split_at(word_len);
            match retone_syllable(word) {
                Some(fixed) => out.push_str(&fixed),
                None => out.push_str(word),
            }
            rest = tail;
        } else {
            let gap_len =
                rest.char_indices().find(|(_, c)| is_syllable_char(*c)).map_or(rest.len(), |(i, _)| i);
            let (gap, tail) = rest.split_at(gap_len);
            out.push_str(gap);
            rest = tail;
        }
    }
    nfc(&out)
}

fn is_syllable_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const SHAPE_MARKS: [char; 3] = ['\u{302}', '\u{306}', '\u{31b}'];

/// One letter of a syllable, taken apart.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    shape: Option<char>,
    tone: Option<char>,
}

impl Letter {
    fn lower_base(self) -> char {
        self.base.to_ascii_lowercase()
    }

    fn is_vowel(self) -> bool {
        matches!(self.lower_base(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
}

/// Returns the syllable with its tone moved to the canonical vowel, or `None` when
/// the syllable is to be left unchanged.
fn retone_syllable(word: &str) -> Option<String> {
    let mut letters = Vec::with_capacity(word.len());
    let mut tone: Option<char> = None;
    for c in word.chars() {
        let mut parts = Vec::with_capacity(3);
        decompose_canonical(c, |p| parts.push(p));
        let (&base, marks) = parts.split_first()?;
        if !(base.is_ascii_alphabetic() || base == 'đ' || base == 'Đ') {
            return None;
        }
        let mut letter = Letter { base, shape: None, tone: None };
        for &mark in marks {
            if TONE_MARKS.contains(&mark) {
                if tone.is_some() {
                    return None;
                }
                tone = Some(mark);
                letter.tone = Some(mark);
            } else if SHAPE_MARKS.contains(&mark) && letter.shape.is_none() {
                letter.shape = Some(mark);
            } else {
                return None;
            }
        }
        letters.push(letter);
    }
    let tone = tone?;

    let lower: Vec<char> = letters.iter().map(|l| l.lower_base()).collect();
    let mut start = 0;
    while start < letters.len() && !letters[start].is_vowel() {
        start += 1;
    }
    // `qu` and `gi` (before another vowel) are initials: their vowel letter is
    // not part of the vowel cluster.
    if start == 1
        && lower.len() > 2
        && ((lower[0] == 'q' && lower[1] == 'u')
            || (lower[0] == 'g' && lower[1] == 'i' && letters[2].is_vowel()))
    {
        start = 2;
    }
    let mut end = start;
    while end < letters.len() && letters[end].is_vowel() {
        end += 1;
    }
    if start == end {
        return None;
    }
    let final_consonant: String = lower[end..].iter().collect();
    if !matches!(final_consonant.as_str(), "" | "c" | "ch" | "m" | "n" | "ng" | "nh" | "p" | "t") {
        return None;
    }
    let cluster = &letters[start..end];
    let position = if let Some(i) = cluster.iter().rposition(|l| l.shape.is_some()) {
        i
    } else if !final_consonant.is_empty() {
        cluster.len() - 1
    } else if cluster.len() >= 3 {
        1
    } else {
        0
    };
    let target = start + position;

    let mut out = String::with_capacity(word.len() + 2);
    for (i, letter) in letters.iter().enumerate() {
        let mut c = letter.base;
        if let Some(shape) = letter.shape {
            c = compose(c, shape).unwrap_or(c);
            if c == letter.base {
                // No precomposed form: keep the marks as combining characters.
                out.push(c);
                out.push(shape);
                if i == target {
                    out.push(tone);
                }
                continue;
            }
        }
        if i == target {
            match compose(c, tone) {
                Some(composed) => out.push(composed),
                None => {
                    out.push(c);
                    out.push(tone);
                }
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_in_one_pass_equals_fold_by_steps_for_every_letter() {
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let text = format!("{c}A{c}ê\u{301}{c}");
            assert_eq!(fold(&text), fold_by_steps(&text), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn fold_in_one_pass_equals_fold_by_steps_on_mixed_text() {
        // Letters, marks in every order, Hangul, Greek, dotted I, đ: a fixed
        // pseudo-random walk over them, so the test is the same on every run.
        let alphabet: Vec<char> = "aAđĐêÊơƯİıΣσς가힣\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31b}\u{345}\u{5b0}\u{94d} .5"
            .chars()
            .collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            assert_eq!(fold(&text), fold_by_steps(&text), "{text:?}");
        }
        assert_eq!(fold("ĐIỀU 5 Khoản 2"), "dieu 5 khoan 2");
    }

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Vie\u{302}\u{323}t Nam";
        assert_eq!(nfc(decomposed), "Việt Nam");
        assert_eq!(nfc("Việt Nam"), "Việt Nam");
    }

    #[test]
    fn tones_move_to_the_canonical_vowel() {
        let cases = [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("qúy", "quý"),
            ("quý", "quý"),
            ("uỷ ban", "ủy ban"),
            ("Uỷ ban", "Ủy ban"),
            ("CỘNG HOÀ", "CỘNG HÒA"),
            ("tuỳ", "tùy"),
            ("hoàn", "hoàn"),
            ("toán", "toán"),
            ("ngoài", "ngoài"),
            ("khuỷu", "khuỷu"),
            ("mùa", "mùa"),
            ("gìa", "già"),
            ("giữa", "giữa"),
            ("gì", "gì"),
            ("người", "người"),
            ("ngươì", "người"),
            ("đựơc", "được"),
            ("thuở", "thuở"),
            ("tuấn", "tuấn"),
            ("quốc", "quốc"),
            ("xoáy", "xoáy"),
        ];
        for (input, expected) in cases {
            assert_eq!(canonical_tones(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn tones_preserve_text_around_syllables() {
        assert_eq!(
            canonical_tones("Luật Thuỷ lợi (sửa đổi), Điều 5a: hoà giải!"),
            "Luật Thủy lợi (sửa đổi), Điều 5a: hòa giải!"
        );
    }

    #[test]
    fn tones_leave_foreign_words_alone() {
        for word in ["café", "José", "résumé", "naïve", "Zürich", "không"] {
            assert_eq!(canonical_tones(word), word);
        }
    }

    #[test]
    fn tones_accept_decomposed_input() {
        assert_eq!(canonical_tones("hoa\u{300}"), "hòa");
        assert_eq!(canonical_tones("tho\u{302}\u{301}ng"), "thống");
    }

    #[test]
    fn fold_strips_every_diacritic() {
        assert_eq!(fold("Điều khoản"), "dieu khoan");
        assert_eq!(fold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA"), "cong hoa xa hoi chu nghia");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
        assert_eq!(fold("thuỷ"), fold("thủy"));
        assert_eq!(fold("đơn vị"), "don vi");
    }

    #[test]
    fn matching_form_equates_spellings() {
        assert_eq!(
            normalise_for_matching("  Hoà   giải\tthuỷ  lợi \n"),
            normalise_for_matching("hòa giải thủy lợi")
        );
        assert_eq!(normalise_for_matching("Khoẻ  MẠNH"), "khỏe mạnh");
    }

    #[test]
    fn syllables_drop_punctuation() {
        let tokens: Vec<_> = syllables("Điều 5a. Phạm vi (điều chỉnh); số 63/2025/QH15").collect();
        assert_eq!(tokens, ["Điều", "5a", "Phạm", "vi", "điều", "chỉnh", "số", "63", "2025", "QH15"]);
        assert_eq!(syllables(" ... ").count(), 0);
    }

    #[test]
    fn clean_input_normalises_lines() {
        let raw = "\u{feff}Điều 1.  \r\nPha\u{323}m vi\u{7}\rdòng ba\t \n\tthụt lề";
        assert_eq!(clean_input(raw), "Điều 1.\nPhạm vi\ndòng ba\n\tthụt lề");
    }

    #[test]
    fn clean_input_drops_bidirectional_overrides() {
        assert_eq!(clean_input("Đề nghị \u{202e}bỏ\u{202c} Điều 5 \u{2067}x\u{2069}"), "Đề nghị bỏ Điều 5 x");
    }

    #[test]
    fn clean_input_keeps_blank_lines() {
        assert_eq!(clean_input("a\n\n \nb\n"), "a\n\n\nb\n");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn vietnamese_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "hoà", "hòa", "thuỷ", "khoẻ", "qúy", "người", "Đ", "ư", "\u{301}", "\u{323}", "\u{302}", "a",
                "Q", "gi", "y", " ", ".", "\n", "\r", "İ", "ǅ", "ß", "1",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn fold_is_idempotent(s in any::<String>()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn fold_is_idempotent_on_vietnamese(s in vietnamese_text()) {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn canonical_tones_is_idempotent(s in any::<String>()) {
            let once = canonical_tones(&s);
            prop_assert_eq!(canonical_tones(&once), once);
        }

        #[test]
        fn canonical_tones_is_idempotent_on_vietnamese(s in vietnamese_text()) {
            let once = canonical_tones(&s);
            prop_assert_eq!(canonical_tones(&once), once.clone());
            prop_assert_eq!(fold(&once), fold(&s));
        }

        #[test]
        fn matching_and_cleaning_never_panic(s in any::<String>()) {
            let _ = normalise_for_matching(&s);
            let cleaned = clean_input(&s);
            prop_assert!(!cleaned.contains('\r'));
            let _ = syllables(&s).count();
        }
    }
}
