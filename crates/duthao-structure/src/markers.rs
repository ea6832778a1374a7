//! Classifying one line: a structural marker, text, OCR junk, or the end of the body.
//!
//! Everything here looks at one line at a time; placing lines in the tree and
//! checking numbering is the builder's job.

use duthao_text::fold;

use crate::ProvisionKind;

/// Vietnamese letters used to number points (no f, j, w, z).
pub(crate) const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
    "x", "y",
];

/// A sort key for numbers within one sequence: `5` → (5, 0), `5a` → (5, 1),
/// `đ` → (5, 0), `d1` → (4, 1), `II` → (2, 0).
pub(crate) type NumKey = (u32, u32);

/// How a sequence writes its numbers (to name missing ones in warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberSystem {
    Arabic,
    Roman,
    Letter,
    Ordinal,
}

impl NumberSystem {
    /// Writes the number `major` (without suffix) in this system.
    pub(crate) fn write(self, major: u32) -> String {
        match self {
            NumberSystem::Arabic => major.to_string(),
            NumberSystem::Roman => to_roman(major),
            NumberSystem::Letter => usize::try_from(major)
                .ok()
                .and_then(|m| m.checked_sub(1))
                .and_then(|i| POINT_LETTERS.get(i))
                .map_or_else(|| major.to_string(), |s| (*s).to_owned()),
            NumberSystem::Ordinal => ORDINALS
                .iter()
                .find(|(_, v)| *v == major)
                .map_or_else(|| major.to_string(), |(w, _)| format!("thứ {w}")),
        }
    }
}

/// A damaged marker such as `8)` or `$.`: the builder decides what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Damaged {
    /// The marker as written, e.g. `8)`.
    pub written: String,
    /// Numbers the glyph may stand for, most likely first (may be empty).
    pub candidates: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub kind: ProvisionKind,
    pub number: String,
    pub key: NumKey,
    pub system: NumberSystem,
    /// Text after the marker on the same line: a heading for articles, chapters …,
    /// body text for clauses and points.
    pub rest: String,
    /// Set when the marker is damaged; `number` and `key` are then placeholders.
    pub damaged: Option<Damaged>,
    /// The number is written with a letter outside the Vietnamese alphabet (`f)`).
    pub foreign_letter: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineClass {
    Blank,
    /// Stray characters; `silent` for separator lines (`-----`) that need no warning.
    Junk {
        silent: bool,
    },
    /// `./.`: the end of the body. Carries the text before it on the same line.
    End(String),
    /// `Nơi nhận:` or the start of a signature block (`TM. CHÍNH PHỦ`).
    Signature,
    Marker(Marker),
    Text,
}

/// Characters that OCR leaves at the edges of lines.
fn is_noise_char(c: char) -> bool {
    matches!(c, '|' | '`' | '~' | '^' | '\\' | '\'' | '_' | '•' | '·' | '¦' | '¬')
}

/// Removes OCR debris at the start and end of a line: `' 1. Bảo đảm` → `1. Bảo đảm`,
/// `công lập. :` → `công lập.`, `quản lý: l |` → `quản lý:`.
pub(crate) fn strip_noise(line: &str) -> &str {
    let mut s = line.trim();
    while let Some(idx) = s.find(char::is_whitespace) {
        if s[..idx].chars().all(is_noise_char) {
            s = s[idx..].trim_start();
        } else {
            break;
        }
    }
    while let Some(idx) = s.rfind(char::is_whitespace) {
        let last = s[idx..].trim_start();
        let head = s[..idx].trim_end();
        let mut chars = last.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let after_punctuation = head.ends_with(['.', ';', ':', ',', '!', '?']);
        let drop = last.chars().all(is_noise_char)
            || single.is_some_and(|c| {
                after_punctuation && (c.is_alphabetic() || matches!(c, ':' | ';' | ',' | '-' | '–'))
            });
        if drop && !head.is_empty() {
            s = head;
        } else {
            break;
        }
    }
    s
}

/// At least two letters, none of them lower case.
pub(crate) fn is_upper_text(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// The first letter of the text is lower case (a sentence continued from the line
/// before).
pub(crate) fn starts_lowercase(s: &str) -> bool {
    s.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

/// Whether a line is junk: a line of stray characters (`|`, `:`, `l Ị`,
/// `; ; 5 £ K2 II`). Table rows are never junk.
fn junk(line: &str) -> Option<bool> {
    if line.contains(" | ") {
        return None;
    }
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        let separator =
            line.chars().all(|c| c.is_whitespace() || matches!(c, '-' | '_' | '=' | '*' | '—' | '–' | '.'));
        return Some(separator && line.chars().count() >= 3);
    }
    if letters > 3 {
        return None;
    }
    let has_word = line.split_whitespace().any(|token| {
        let word: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
        word.len() >= 2 && word.iter().any(|c| c.is_lowercase())
    });
    if has_word { None } else { Some(false) }
}

/// Classifies a line (already stripped of noise). `heading` is set for Markdown
/// headings.
pub(crate) fn classify(line: &str, heading: bool) -> LineClass {
    if line.is_empty() {
        return LineClass::Blank;
    }
    if let Some(before) = line.strip_suffix("/.") {
        // `./.` is the last sentence's full stop followed by `/.`.
        let before = before.trim();
        let text = if before == "." { "" } else { before };
        return LineClass::End(text.to_owned());
    }
    if is_signature(line) {
        return LineClass::Signature;
    }
    if let Some(marker) = marker(line, heading) {
        return LineClass::Marker(marker);
    }
    match junk(line) {
        Some(silent) => LineClass::Junk { silent },
        None => LineClass::Text,
    }
}

fn is_signature(line: &str) -> bool {
    if fold(line).starts_with("noi nhan") {
        return true;
    }
    ["TM. ", "KT. ", "TL. ", "TUQ. ", "Q. "].iter().any(|p| line.starts_with(p) && is_upper_text(line))
}

/// If `line` starts with `keyword` (compared case-insensitively) followed by
/// whitespace, returns whether the keyword was written in capitals and the rest.
fn keyword<'a>(line: &'a str, keyword: &str) -> Option<(bool, &'a str)> {
    let n = keyword.chars().count();
    let end = line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
    let head = &line[..end];
    if head.to_lowercase() != keyword {
        return None;
    }
    let first_upper = head.chars().next().is_some_and(char::is_uppercase);
    if !first_upper {
        return None;
    }
    let rest = &line[end..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((is_upper_text(head), rest.trim_start()))
}

/// Splits the leading run of letters and digits off `s`.
fn take_token(s: &str) -> (&str, &str) {
    let end = s.char_indices().find(|(_, c)| !c.is_alphanumeric()).map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

const ORDINALS: [(&str, u32); 10] = [
    ("nhất", 1),
    ("hai", 2),
    ("ba", 3),
    ("tư", 4),
    ("năm", 5),
    ("sáu", 6),
    ("bảy", 7),
    ("tám", 8),
    ("chín", 9),
    ("mười", 10),
];

pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 {
        return None;
    }
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in s.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    // Only canonical numerals: rejects `IIII`, `VX`, and words like `CV`.
    (total > 0 && to_roman(total) == s).then_some(total)
}

pub(crate) fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The key of a clause or point number written correctly (`5`, `đ`).
pub(crate) fn number_key(kind: ProvisionKind, number: &str) -> Option<NumKey> {
    match kind {
        ProvisionKind::Point => point_letter(number),
        ProvisionKind::Clause => arabic(number),
        _ => None,
    }
}

/// `5`, `5a`, `12` → key. At most three digits (a year is not a clause number).
fn arabic(token: &str) -> Option<NumKey> {
    arabic_up_to(token, 3)
}

fn arabic_up_to(token: &str, max_digits: usize) -> Option<NumKey> {
    let digits = token.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > max_digits {
        return None;
    }
    let major: u32 = token[..digits].parse().ok()?;
    let suffix = &token[digits..];
    let minor = match suffix.len() {
        0 => 0,
        1 => {
            let c = suffix.chars().next()?;
            if !c.is_ascii_lowercase() {
                return None;
            }
            u32::from(c as u8 - b'a') + 1
        }
        _ => return None,
    };
    Some((major, minor))
}

/// `a`, `đ`, `d1` → key.
fn point_letter(token: &str) -> Option<NumKey> {
    let letter_len = token.chars().next()?.len_utf8();
    let (letter, digits) = token.split_at(letter_len);
    let index = POINT_LETTERS.iter().position(|l| *l == letter)?;
    let minor = if digits.is_empty() {
        0
    } else if digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse().ok()?
    } else {
        return None;
    };
    Some((u32::try_from(index).ok()? + 1, minor))
}

/// A number for Phần, Chương, Mục, Phụ lục: Roman or Arabic. OCR often reads `I` as
/// `l` or `1` inside Roman numerals; `Il` is read as `II`.
fn unit_number(token: &str) -> Option<(String, NumKey, NumberSystem)> {
    if let Some(v) = roman_value(token) {
        return Some((token.to_owned(), (v, 0), NumberSystem::Roman));
    }
    if token.chars().any(|c| c.is_ascii_uppercase()) {
        let repaired: String = token.chars().map(|c| if matches!(c, 'l' | '1') { 'I' } else { c }).collect();
        if let Some(v) = roman_value(&repaired) {
            return Some((repaired, (v, 0), NumberSystem::Roman));
        }
    }
    arabic(token).map(|key| (token.to_owned(), key, NumberSystem::Arabic))
}

/// What follows the number of a heading-like marker: nothing, a separator and a
/// heading, or (in capitals) a heading. `None` when the line is not a marker.
fn heading_rest(rest: &str, allow_any: bool) -> Option<String> {
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return Some(String::new());
    }
    if let Some(after) = trimmed.strip_prefix(['.', ':', '-', '–', '—']) {
        return Some(after.trim_start_matches(['.', ':', '-', '–', '—', ' ']).trim().to_owned());
    }
    if rest.starts_with(char::is_whitespace) && (allow_any || is_upper_text(trimmed)) {
        return Some(trimmed.to_owned());
    }
    None
}

fn unit_marker(kind: ProvisionKind, rest: &str, allow_any: bool) -> Option<Marker> {
    let (token, after) = take_token(rest);
    let (number, key, system) = unit_number(token)?;
    let rest = heading_rest(after, allow_any)?;
    Some(Marker { kind, number, key, system, rest, damaged: None, foreign_letter: false })
}

/// Recognises the marker at the start of `line`, if any.
pub(crate) fn marker(line: &str, heading: bool) -> Option<Marker> {
    if let Some((_, rest)) = keyword(line, "phần") {
        if let Some(words) = rest.strip_prefix("thứ ").or_else(|| rest.strip_prefix("THỨ ")) {
            let (word, after) = take_token(words.trim_start());
            let lower = word.to_lowercase();
            let value = ORDINALS.iter().find(|(w, _)| *w == lower).map(|(_, v)| *v)?;
            let rest = heading_rest(after, heading)?;
            return Some(Marker {
                kind: ProvisionKind::Part,
                number: format!("thứ {lower}"),
                key: (value, 0),
                system: NumberSystem::Ordinal,
                rest,
                damaged: None,
                foreign_letter: false,
            });
        }
        return unit_marker(ProvisionKind::Part, rest, heading);
    }
    if let Some((_, rest)) = keyword(line, "chương") {
        return unit_marker(ProvisionKind::Chapter, rest, heading);
    }
    if let Some((_, rest)) = keyword(line, "tiểu mục") {
        return unit_marker(ProvisionKind::Subsection, rest, heading);
    }
    if let Some((_, rest)) = keyword(line, "mục") {
        return unit_marker(ProvisionKind::Section, rest, heading);
    }
    if let Some((capitals, rest)) = keyword(line, "phụ lục") {
        // `Phụ lục II ban hành kèm theo …` at the start of a line is a sentence, not
        // a heading: mixed case counts only when nothing but a title in capitals
        // follows the number (or the line is a Markdown heading).
        let strict = capitals || heading;
        let (token, after) = take_token(rest);
        let (number, key, system) =
            if token.is_empty() { (String::new(), (1, 0), NumberSystem::Roman) } else { unit_number(token)? };
        let tail = if token.is_empty() { rest } else { after };
        let rest = heading_rest(tail, strict)?;
        if !strict && !rest.is_empty() && !is_upper_text(&rest) {
            return None;
        }
        return Some(Marker {
            kind: ProvisionKind::Appendix,
            number,
            key,
            system,
            rest,
            damaged: None,
            foreign_letter: false,
        });
    }
    if line.len() == "phụ lục".len() && line.to_lowercase() == "phụ lục" {
        return Some(Marker {
            kind: ProvisionKind::Appendix,
            number: String::new(),
            key: (1, 0),
            system: NumberSystem::Roman,
            rest: String::new(),
            damaged: None,
            foreign_letter: false,
        });
    }
    if let Some((_, rest)) = keyword(line, "điều") {
        let (token, after) = take_token(rest);
        let key = arabic_up_to(token, 4)?;
        let after_trim = after.trim_start();
        let heading_text = if let Some(h) = after_trim.strip_prefix(['.', ':']) {
            h.trim().to_owned()
        } else if after_trim.is_empty() || (heading && after.starts_with(char::is_whitespace)) {
            after_trim.to_owned()
        } else {
            return None;
        };
        return Some(Marker {
            kind: ProvisionKind::Article,
            number: token.to_owned(),
            key,
            system: NumberSystem::Arabic,
            rest: heading_text,
            damaged: None,
            foreign_letter: false,
        });
    }
    numbered_marker(line)
}

/// `1.`, `5a.`, `a)`, `d1)`, `II.`, and their damaged forms.
fn numbered_marker(line: &str) -> Option<Marker> {
    let (token, after) = take_token(line);
    if token.is_empty() {
        return symbol_marker(line);
    }
    let mut chars = after.chars();
    let delimiter = chars.next();
    let rest = chars.as_str();
    // The delimiter must be followed by a space or end the line (`1.1.` is not a
    // clause).
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let rest_text = rest.trim().to_owned();
    let plain = |kind, key, system| {
        Some(Marker {
            kind,
            number: token.to_owned(),
            key,
            system,
            rest: rest_text.clone(),
            damaged: None,
            foreign_letter: false,
        })
    };
    match delimiter {
        Some('.') => {
            if let Some(key) = arabic(token) {
                return plain(ProvisionKind::Clause, key, NumberSystem::Arabic);
            }
            roman_value(token).and_then(|v| plain(ProvisionKind::RomanSection, (v, 0), NumberSystem::Roman))
        }
        Some(')') => {
            if let Some(key) = point_letter(token) {
                return plain(ProvisionKind::Point, key, NumberSystem::Letter);
            }
            let mut chars = token.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return None;
            };
            if !rest_text.starts_with(char::is_uppercase) {
                return None;
            }
            // An English-alphabet list (`e)` then `f)`): kept as written, placed
            // right after the Vietnamese letter before it.
            let previous = match c {
                'f' => Some(6),
                'j' => Some(9),
                'w' => Some(21),
                'z' => Some(23),
                _ => None,
            };
            if let Some(previous) = previous {
                return Some(Marker {
                    kind: ProvisionKind::Point,
                    number: token.to_owned(),
                    key: (previous, 1),
                    system: NumberSystem::Letter,
                    rest: rest_text,
                    damaged: None,
                    foreign_letter: true,
                });
            }
            damaged(ProvisionKind::Point, format!("{c})"), point_lookalikes(c)?, rest_text)
        }
        _ => None,
    }
}

/// Damaged markers made of a symbol and a delimiter: `€)`, `$.`.
fn symbol_marker(line: &str) -> Option<Marker> {
    let mut chars = line.chars();
    let (Some(c), Some(d)) = (chars.next(), chars.next()) else {
        return None;
    };
    let rest = chars.as_str();
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest_text = rest.trim().to_owned();
    if !rest_text.starts_with(char::is_uppercase) {
        return None;
    }
    match d {
        ')' => damaged(ProvisionKind::Point, format!("{c})"), point_lookalikes(c)?, rest_text),
        '.' => damaged(ProvisionKind::Clause, format!("{c}."), clause_lookalikes(c)?, rest_text),
        _ => None,
    }
}

fn damaged(
    kind: ProvisionKind,
    written: String,
    candidates: Vec<&'static str>,
    rest: String,
) -> Option<Marker> {
    let system = if kind == ProvisionKind::Point { NumberSystem::Letter } else { NumberSystem::Arabic };
    Some(Marker {
        kind,
        number: String::new(),
        key: (0, 0),
        system,
        rest,
        damaged: Some(Damaged { written, candidates }),
        foreign_letter: false,
    })
}

/// Glyphs OCR produces for point letters, with the letters they may stand for.
/// `None`: not a damaged point marker.
fn point_lookalikes(c: char) -> Option<Vec<&'static str>> {
    let candidates: Vec<&'static str> = match c {
        '8' | '@' | '&' => vec!["a"],
        '6' => vec!["b", "đ"],
        '€' | '¢' | '©' => vec!["c", "e"],
        '£' => vec!["e"],
        '0' => vec!["o"],
        '!' | '|' => vec!["i", "l"],
        c if c.is_alphabetic() => {
            // `á)`, `ơ)`: a letter with a stray mark.
            let folded = fold(&c.to_string());
            let found = POINT_LETTERS.iter().find(|l| **l == folded)?;
            vec![*found]
        }
        _ => return None,
    };
    Some(candidates)
}

/// Glyphs OCR produces for clause digits.
fn clause_lookalikes(c: char) -> Option<Vec<&'static str>> {
    match c {
        '$' | '§' => Some(vec!["5"]),
        '|' | '!' => Some(vec!["1"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_and_number(line: &str) -> Option<(ProvisionKind, String, String)> {
        marker(line, false).map(|m| (m.kind, m.number, m.rest))
    }

    #[test]
    fn recognises_markers() {
        use ProvisionKind::*;
        let cases = [
            ("Chương I", Some((Chapter, "I", ""))),
            ("CHƯƠNG II - QUY ĐỊNH CHUNG", Some((Chapter, "II", "QUY ĐỊNH CHUNG"))),
            ("Chương Il", Some((Chapter, "II", ""))),
            ("Chương trình hành động", None),
            ("Phần thứ nhất", Some((Part, "thứ nhất", ""))),
            ("Phần lớn các đơn vị", None),
            ("Mục 1. QUY ĐỊNH CHUNG", Some((Section, "1", "QUY ĐỊNH CHUNG"))),
            ("Mục tiêu của đề án", None),
            ("Tiểu mục 2", Some((Subsection, "2", ""))),
            ("Điều 5a. Sửa đổi", Some((Article, "5a", "Sửa đổi"))),
            ("Điều 1.", Some((Article, "1", ""))),
            ("Điều 1 Luật Viên chức số 129/2025/QH15", None),
            ("1. Nghị định này", Some((Clause, "1", "Nghị định này"))),
            ("5a. Khoản chèn", Some((Clause, "5a", "Khoản chèn"))),
            ("2025. Năm", None),
            ("1.1. Mục con", None),
            ("a) Điểm", Some((Point, "a", "Điểm"))),
            ("đ) Điểm", Some((Point, "đ", "Điểm"))),
            ("d1) Điểm chèn", Some((Point, "d1", "Điểm chèn"))),
            ("II. KẾT QUẢ", Some((RomanSection, "II", "KẾT QUẢ"))),
            ("PHỤ LỤC I", Some((Appendix, "I", ""))),
            ("Phụ lục II", Some((Appendix, "II", ""))),
            ("Phụ lục II ban hành kèm theo Nghị định này", None),
            ("điều 5. thường", None),
        ];
        for (line, expected) in cases {
            let expected =
                expected.map(|(k, n, r): (ProvisionKind, &str, &str)| (k, n.to_owned(), r.to_owned()));
            assert_eq!(kind_and_number(line), expected, "line {line:?}");
        }
    }

    #[test]
    fn recognises_damaged_markers() {
        let m = marker("8) Đơn vị sự nghiệp", false);
        assert_eq!(
            m.and_then(|m| m.damaged),
            Some(Damaged { written: "8)".to_owned(), candidates: vec!["a"] })
        );
        let m = marker("$. Trường hợp", false);
        assert_eq!(m.as_ref().map(|m| m.kind), Some(ProvisionKind::Clause));
        assert_eq!(m.and_then(|m| m.damaged).map(|d| d.candidates), Some(vec!["5"]));
        assert!(marker("€) Phụ lục II", false).is_some_and(|m| m.damaged.is_some()));
        assert_eq!(marker("5) năm", false), None);
        assert_eq!(marker("$. số tiền", false), None);
    }

    #[test]
    fn strips_ocr_noise() {
        assert_eq!(strip_noise("' 1. Bảo đảm"), "1. Bảo đảm");
        assert_eq!(strip_noise("công lập. :"), "công lập.");
        assert_eq!(strip_noise("quản lý: l |"), "quản lý:");
        assert_eq!(strip_noise("viên chức. Ị"), "viên chức.");
        assert_eq!(strip_noise("sự nghiệp `"), "sự nghiệp");
        assert_eq!(strip_noise("quy định tại điểm a"), "quy định tại điểm a");
        assert_eq!(strip_noise("|"), "|");
    }

    #[test]
    fn finds_junk_lines() {
        assert_eq!(classify("l Ị", false), LineClass::Junk { silent: false });
        assert_eq!(classify("; ; 5 £ K2 II", false), LineClass::Junk { silent: false });
        assert_eq!(classify("|", false), LineClass::Junk { silent: false });
        assert_eq!(classify("-----------", false), LineClass::Junk { silent: true });
        assert_eq!(classify("vụ.", false), LineClass::Text);
        assert_eq!(classify("STT | Tên", false), LineClass::Text);
        assert_eq!(classify("thi hành./.", false), LineClass::End("thi hành.".to_owned()));
        assert_eq!(classify("./.", false), LineClass::End(String::new()));
        assert_eq!(classify("Nơi nhận:", false), LineClass::Signature);
        assert_eq!(classify("TM. CHÍNH PHỦ", false), LineClass::Signature);
    }
}
