//! The matching key of a title or job-position name: two names are the same title
//! when their keys are equal.
//!
//! The key is built in this order:
//!
//! 1. lower case, NFC, tone marks in their canonical place (`duthao_text::canonical_tones`:
//!    "Uỷ ban" = "Ủy ban", "hoà" = "hòa", "thuỷ" = "thủy");
//! 2. split into syllables; punctuation and extra whitespace are dropped ("Kế hoạch -
//!    Tài chính" = "Kế hoạch, Tài chính");
//! 3. abbreviations expanded from [`ABBREVIATIONS`], the one table of them ("UBND" →
//!    "ủy ban nhân dân", "TP." → "thành phố", "T.Ư" → "trung ương"). "P"/"P." is
//!    read as "phó" before a role word ("P. Giám đốc", "P.Trưởng phòng"); otherwise
//!    "P." is "phường" and a bare "P" is left as it is;
//! 4. a place name at the end is removed: one of the 34 provincial units (and the
//!    provinces merged into them in 2025), or the place named by the row's unit
//!    ("xã Quỳnh Lưu" → "Quỳnh Lưu");
//! 5. the level word left at the end is put in one form, since the catalog treats them
//!    as one level: "tỉnh" / "thành phố" → "tỉnh", "tỉnh ủy" / "thành ủy" → "tỉnh ủy",
//!    "xã" / "phường" / "đặc khu" → "xã" ("… tỉnh, thành phố" → "… tỉnh").
//!
//! A name can be read in more than one way, so a [`NameKey`] holds the readings to try
//! in order: the name followed by its unit, when the unit is in another column, not
//! already in the name, and the name does not end with a level word ("Giám đốc" in "Sở
//! Nội vụ"); the name itself; and each of these without the level word when a place was
//! removed ("Giám đốc Sở Y tế tỉnh Nghệ An" → "giám đốc sở y tế").
//!
//! [`fold`] gives the diacritic-free form used as a fallback (input typed without
//! accents). Pure; never panics.

use std::cell::RefCell;
use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use super::FastMap;

/// The provincial units since 1 July 2025, with the provinces merged into them.
const PROVINCIAL_UNITS_CSV: &str = include_str!("../../seed/provincial-units-2025.csv");

/// Abbreviations met in titles, as typed (lower case; a trailing dot is allowed after
/// any of them), and what they stand for. Those written with a dot, slash, ampersand or
/// hyphen inside are listed with it ("t.ư", "đ/c", "gd&đt"). "p" is not here: it is
/// read from its context (see the module documentation).
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("hdnd", "hội đồng nhân dân"),
    ("ub", "ủy ban"),
    ("mttq", "mặt trận tổ quốc"),
    ("ubmttq", "ủy ban mặt trận tổ quốc"),
    ("ubmt", "ủy ban mặt trận"),
    ("ubkt", "ủy ban kiểm tra"),
    ("bch", "ban chấp hành"),
    ("btv", "ban thường vụ"),
    ("btc", "ban tổ chức"),
    ("tw", "trung ương"),
    ("t.ư", "trung ương"),
    ("t.w", "trung ương"),
    ("t.u", "trung ương"),
    ("tp", "thành phố"),
    ("q", "quận"),
    ("vn", "việt nam"),
    ("vp", "văn phòng"),
    ("gđ", "giám đốc"),
    ("pgđ", "phó giám đốc"),
    ("pct", "phó chủ tịch"),
    ("pbt", "phó bí thư"),
    ("đbqh", "đại biểu quốc hội"),
    ("dbqh", "đại biểu quốc hội"),
    ("tncs", "thanh niên cộng sản"),
    ("hcm", "hồ chí minh"),
    ("đ/c", "đồng chí"),
    ("đ.c", "đồng chí"),
    // Departments and ministries, as written in lists ("Sở GD&ĐT").
    ("gd&đt", "giáo dục và đào tạo"),
    ("gdđt", "giáo dục và đào tạo"),
    ("kh&cn", "khoa học và công nghệ"),
    ("khcn", "khoa học và công nghệ"),
    ("nn&mt", "nông nghiệp và môi trường"),
    ("nn&ptnt", "nông nghiệp và phát triển nông thôn"),
    ("vh-tt&dl", "văn hóa thể thao và du lịch"),
    ("vhtt&dl", "văn hóa thể thao và du lịch"),
    ("vhttdl", "văn hóa thể thao và du lịch"),
    ("dt&tg", "dân tộc và tôn giáo"),
    ("kh&đt", "kế hoạch và đầu tư"),
    ("khđt", "kế hoạch và đầu tư"),
    ("lđ-tb&xh", "lao động thương binh và xã hội"),
    ("lđtbxh", "lao động thương binh và xã hội"),
    ("tn&mt", "tài nguyên và môi trường"),
    ("tnmt", "tài nguyên và môi trường"),
    ("gtvt", "giao thông vận tải"),
    ("tt&tt", "thông tin và truyền thông"),
];

/// The words after which "P." means "phó" (a role follows), not "phường".
const ROLE_WORDS: &[&str] = &[
    "trưởng",
    "giám",
    "chủ",
    "chánh",
    "bí",
    "tổng",
    "cục",
    "vụ",
    "viện",
    "hiệu",
    "thủ",
    "chỉ",
    "chính",
    "thường",
    "ban",
    "phòng",
    "đội",
    "tư",
    "hạt",
    "chi",
    "quản",
];

/// Level words: the forms of each level, and the one form the key uses.
struct LevelWord {
    key: &'static [&'static str],
    forms: &'static [&'static [&'static str]],
}

/// Checked in this order: "tỉnh ủy" before "tỉnh".
const LEVEL_WORDS: &[LevelWord] = &[
    LevelWord { key: &["tỉnh", "ủy"], forms: &[&["tỉnh", "ủy"], &["thành", "ủy"]] },
    LevelWord { key: &["tỉnh"], forms: &[&["tỉnh"], &["thành", "phố"]] },
    LevelWord { key: &["xã"], forms: &[&["xã"], &["phường"], &["đặc", "khu"]] },
];

/// The readings of one name, each a key (syllables joined by one space), best first.
/// Never empty; the first is [`NameKey::primary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    readings: Vec<String>,
}

impl NameKey {
    /// The first reading: the name (with its unit, when that is in another column)
    /// after steps 1–5.
    pub fn primary(&self) -> &str {
        self.readings.first().map_or("", String::as_str)
    }

    /// Every reading, best first.
    pub fn readings(&self) -> &[String] {
        &self.readings
    }

    /// True when the name has no syllable at all (empty, or punctuation only).
    pub fn is_empty(&self) -> bool {
        self.primary().is_empty()
    }
}

/// Builds matching keys; holds the abbreviation table and the place names.
#[derive(Debug)]
pub struct Normalizer {
    abbreviations: FastMap<&'static str, Vec<&'static str>>,
    /// Place names in key form (syllables), by their last syllable, longest first.
    places: FastMap<String, Vec<Vec<String>>>,
}

impl Normalizer {
    /// The normaliser with the embedded tables, built once.
    pub fn shared() -> &'static Normalizer {
        static SHARED: OnceLock<Normalizer> = OnceLock::new();
        SHARED.get_or_init(Normalizer::new)
    }

    fn new() -> Normalizer {
        let abbreviations =
            ABBREVIATIONS.iter().map(|(short, long)| (*short, long.split_whitespace().collect())).collect();
        let mut normalizer = Normalizer { abbreviations, places: FastMap::default() };
        let mut places: FastMap<String, Vec<Vec<String>>> = FastMap::default();
        for line in PROVINCIAL_UNITS_CSV.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let (Some(name), Some(merged)) = (fields.first(), fields.get(3)) else { continue };
            for place in std::iter::once(*name).chain(merged.split(';')) {
                let prepared = prepare(place);
                let syllables: Vec<String> =
                    normalizer.tokens(&prepared).into_iter().map(str::to_owned).collect();
                let Some(last) = syllables.last().cloned() else { continue };
                let same_end = places.entry(last).or_default();
                if !same_end.contains(&syllables) {
                    same_end.push(syllables);
                }
            }
        }
        for same_end in places.values_mut() {
            same_end.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        normalizer.places = places;
        normalizer
    }

    /// The key of a name on its own (a catalog entry): its primary reading.
    pub fn key(&self, name: &str) -> String {
        self.name_key(name, None).readings.swap_remove(0)
    }

    /// The readings of a submitted name, with the unit it was submitted under.
    pub fn name_key(&self, name: &str, unit: Option<&str>) -> NameKey {
        let prepared_name = prepare(name);
        let title = self.tokens(&prepared_name);
        let prepared_unit = unit.map(prepare).unwrap_or_default();
        let unit_tokens = self.tokens(&prepared_unit);
        let (unit_core, unit_place) = split_unit(&unit_tokens);
        let mut unit_core = unit_core.to_vec();
        canonical_level(&mut unit_core);

        let mut readings: Vec<String> = Vec::with_capacity(4);
        let mut push = |tokens: &[&str]| {
            let key = tokens.join(" ");
            if !readings.contains(&key) {
                readings.push(key);
            }
        };
        let reduced = self.reduce(title.clone(), unit_place);
        let unit_in_title =
            reduced.primary.ends_with(&unit_core) || (!unit_place.is_empty() && title.ends_with(unit_place));
        // A unit in its own column completes a title that does not name its level:
        // "Chánh Văn phòng" in "Sở Y tế" is "Chánh Văn phòng Sở Y tế" before it is any
        // "Chánh Văn phòng". A title that names its level ("… xã") comes first.
        let title_first = trailing_level(&reduced.primary).is_some();
        let with_unit = (!unit_core.is_empty() && !title.is_empty() && !unit_in_title).then(|| {
            let mut combined = title;
            combined.extend_from_slice(&unit_tokens);
            self.reduce(combined, unit_place)
        });
        let mut readings_of = |reduced: &Reduced| {
            push(&reduced.primary);
            if let Some(bare) = &reduced.without_level {
                push(bare);
            }
        };
        match &with_unit {
            Some(with_unit) if !title_first => {
                readings_of(with_unit);
                readings_of(&reduced);
            }
            Some(with_unit) => {
                readings_of(&reduced);
                readings_of(with_unit);
            }
            None => readings_of(&reduced),
        }
        NameKey { readings }
    }

    /// Splits prepared text into key syllables, abbreviations expanded.
    fn tokens<'a>(&'a self, text: &'a str) -> Vec<&'a str> {
        let spans = spans(text);
        let mut out: Vec<&'a str> = Vec::with_capacity(spans.len() + 4);
        // Positions in `out` of a "p" abbreviation, read once the next word is known.
        let mut deputies: Vec<(usize, bool)> = Vec::new();
        let mut i = 0;
        while i < spans.len() {
            let span = &spans[i];
            // Words joined by a dot, slash, ampersand or hyphen may be one abbreviation:
            // "T.Ư", "đ/c", "GD&ĐT", "VH-TT&DL".
            if span.joiner.is_some()
                && let Some((expansion, next)) = self.compound(text, &spans, i)
            {
                out.extend(expansion.iter().copied());
                i = next;
                continue;
            }
            let word = &text[span.start..span.end];
            if word == "p" {
                deputies.push((out.len(), span.dotted));
                out.push(word);
            } else if let Some(expansion) = self.abbreviations.get(word) {
                out.extend(expansion.iter().copied());
            } else {
                out.push(word);
            }
            i += 1;
        }
        for (at, dotted) in deputies {
            let before_role = out.get(at + 1).is_some_and(|next| ROLE_WORDS.contains(next));
            out[at] = if before_role {
                "phó"
            } else if dotted {
                "phường"
            } else {
                "p"
            };
        }
        out
    }

    /// The longest abbreviation made of the joined words from `spans[first]` on, and the
    /// index after it.
    fn compound(&self, text: &str, spans: &[Span], first: usize) -> Option<(&[&'static str], usize)> {
        let mut end = first;
        while end + 1 < spans.len() && end - first < 4 && spans[end].joiner.is_some() {
            end += 1;
        }
        for last in (first + 1..=end).rev() {
            let mut key = String::with_capacity(16);
            for (k, span) in spans.iter().enumerate().take(last + 1).skip(first) {
                key.push_str(&text[span.start..span.end]);
                if k < last {
                    key.push(span.joiner?);
                }
            }
            if let Some(expansion) = self.abbreviations.get(key.as_str()) {
                return Some((expansion, last + 1));
            }
        }
        None
    }

    /// Steps 4 and 5 on one sequence of syllables.
    fn reduce<'a>(&'a self, mut tokens: Vec<&'a str>, unit_place: &[&str]) -> Reduced<'a> {
        let mut place_removed = false;
        // Until a level word is left at the end: "Bí thư Đoàn TNCS Hồ Chí Minh tỉnh Nghệ
        // An" keeps "Hồ Chí Minh" before "tỉnh", while "… Hồ Chí Minh Nghệ An" loses both,
        // as the catalog's "Bí thư Đoàn TNCS Hồ Chí Minh" does.
        loop {
            match self.trailing_place(&tokens, unit_place) {
                Some(len) if tokens.len() > len => {
                    tokens.truncate(tokens.len() - len);
                    place_removed = true;
                    if trailing_level(&tokens).is_some() {
                        break;
                    }
                }
                _ => break,
            }
        }
        let level_len = canonical_level(&mut tokens);
        let without_level = match level_len {
            Some(len) if place_removed && tokens.len() > len => {
                let mut bare = tokens[..tokens.len() - len].to_vec();
                if let Some(place) = self.trailing_place(&bare, &[]).filter(|l| bare.len() > *l) {
                    bare.truncate(bare.len() - place);
                }
                Some(bare)
            }
            _ => None,
        };
        Reduced { primary: tokens, without_level }
    }

    /// The length of the place name `tokens` ends with, if any.
    fn trailing_place(&self, tokens: &[&str], unit_place: &[&str]) -> Option<usize> {
        if !unit_place.is_empty() && tokens.ends_with(unit_place) {
            return Some(unit_place.len());
        }
        self.places
            .get(*tokens.last()?)?
            .iter()
            .find(|place| {
                place.len() <= tokens.len()
                    && tokens[tokens.len() - place.len()..].iter().zip(place.iter()).all(|(a, b)| *a == b)
            })
            .map(Vec::len)
    }
}

struct Reduced<'a> {
    primary: Vec<&'a str>,
    without_level: Option<Vec<&'a str>>,
}

/// A unit's level word and what comes before it ("ủy ban nhân dân xã"), and the place
/// after its last level word ("quỳnh lưu"). A unit without a level word is all core.
fn split_unit<'u, 'a>(unit: &'u [&'a str]) -> (&'u [&'a str], &'u [&'a str]) {
    for end in (1..=unit.len()).rev() {
        if trailing_level(&unit[..end]).is_some() {
            return (&unit[..end], &unit[end..]);
        }
    }
    (unit, &[])
}

/// The level word `tokens` ends with: its length and its class.
fn trailing_level(tokens: &[&str]) -> Option<(usize, &'static LevelWord)> {
    LEVEL_WORDS.iter().find_map(|level| {
        level.forms.iter().find(|form| tokens.ends_with(form)).map(|form| (form.len(), level))
    })
}

/// Replaces the run of level words of one class at the end of `tokens` by the class's
/// key form; returns the key form's length.
fn canonical_level(tokens: &mut Vec<&str>) -> Option<usize> {
    let (len, class) = trailing_level(tokens)?;
    tokens.truncate(tokens.len() - len);
    while let Some((len, next)) = trailing_level(tokens) {
        if next.key != class.key || tokens.len() == len {
            break;
        }
        tokens.truncate(tokens.len() - len);
    }
    tokens.extend_from_slice(class.key);
    Some(class.key.len())
}

/// One run of letters and digits in prepared text.
struct Span {
    start: usize,
    end: usize,
    /// Followed by a dot ("P.", "TP.").
    dotted: bool,
    /// The dot, slash, ampersand or hyphen right after the run when another run follows
    /// it directly.
    joiner: Option<char>,
}

fn spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mark = !c.is_ascii() && is_mark(c);
        let word_char = is_letter_or_digit(c) || (mark && start.is_some());
        if word_char {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            let joined = matches!(c, '.' | '/' | '&' | '-')
                && chars.peek().is_some_and(|(_, next)| is_letter_or_digit(*next));
            spans.push(Span { start: s, end: i, dotted: c == '.', joiner: joined.then_some(c) });
        }
    }
    if let Some(s) = start {
        spans.push(Span { start: s, end: text.len(), dotted: false, joiner: None });
    }
    spans
}

/// Syllables met with their canonical tone placement, per thread: lists repeat the
/// same few hundred syllables, and placing tones is the costly part of a key.
const SYLLABLE_CACHE_LIMIT: usize = 50_000;

thread_local! {
    static SYLLABLES: RefCell<FastMap<Box<str>, Box<str>>> = RefCell::new(FastMap::default());
}

/// Lower case, NFC, canonical tone marks: `duthao_text::canonical_tones` per syllable,
/// remembered.
fn prepare(text: &str) -> String {
    let lowered = text.to_lowercase();
    let composed = if is_plainly_nfc(&lowered) || is_nfc_quick(lowered.chars()) == IsNormalized::Yes {
        lowered
    } else {
        duthao_text::nfc(&lowered)
    };
    if composed.is_ascii() {
        return composed;
    }
    let mut out = String::with_capacity(composed.len() + 4);
    SYLLABLES.with_borrow_mut(|cache| {
        let mut rest = composed.as_str();
        while !rest.is_empty() {
            let syllable_len = rest.find(|c: char| !is_syllable_char(c)).unwrap_or(rest.len());
            if syllable_len == 0 {
                let gap_len = rest.find(is_syllable_char).unwrap_or(rest.len());
                out.push_str(&rest[..gap_len]);
                rest = &rest[gap_len..];
                continue;
            }
            let (syllable, tail) = rest.split_at(syllable_len);
            rest = tail;
            if syllable.is_ascii() {
                out.push_str(syllable);
            } else if let Some(canonical) = cache.get(syllable) {
                out.push_str(canonical);
            } else {
                let canonical = duthao_text::canonical_tones(syllable);
                out.push_str(&canonical);
                if cache.len() >= SYLLABLE_CACHE_LIMIT {
                    cache.clear();
                }
                cache.insert(syllable.into(), canonical.into());
            }
        }
    });
    out
}

/// What `duthao_text::canonical_tones` takes as a syllable's letters.
fn is_syllable_char(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { is_letter(c) || is_mark(c) }
}

/// Letters, with a fast path for the blocks Vietnamese is written in (Latin-1,
/// Latin Extended-A and -B, Latin Extended Additional).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{d7}' | '\u{f7}' => false,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphabetic(),
    }
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c) || is_combining_mark(c)
}

/// True for text that is NFC without looking further: nothing from the combining
/// diacritics block up, except the precomposed Vietnamese letters.
fn is_plainly_nfc(text: &str) -> bool {
    text.chars().all(|c| (c as u32) < 0x300 || ('\u{1e00}'..='\u{1eff}').contains(&c))
}

/// A key without the level word it ends with ("… tỉnh", "… tỉnh ủy", "… xã"), if it
/// ends with one and has more before it.
pub fn without_level_word(key: &str) -> Option<&str> {
    LEVEL_WORDS.iter().find_map(|level| {
        let word = level.key.join(" ");
        key.strip_suffix(word.as_str())?.strip_suffix(' ').filter(|bare| !bare.is_empty())
    })
}

/// The diacritic-free form of a key: NFD, marks removed, "đ" → "d".
pub fn fold(key: &str) -> String {
    duthao_text::fold(key)
}

/// True when the text carries no Vietnamese diacritic (typed without accents).
pub fn is_unaccented(text: &str) -> bool {
    text.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> String {
        Normalizer::shared().key(name)
    }

    fn readings(name: &str, unit: Option<&str>) -> Vec<String> {
        Normalizer::shared().name_key(name, unit).readings().to_vec()
    }

    #[test]
    fn capitalisation_and_spaces_do_not_matter() {
        assert_eq!(key("Phó Trưởng ban"), key("Phó trưởng Ban"));
        assert_eq!(key("  PHÓ   GIÁM ĐỐC\tSỞ NỘI VỤ  "), "phó giám đốc sở nội vụ");
        assert_eq!(key("Phó\u{a0}Giám đốc Sở Nội vụ."), "phó giám đốc sở nội vụ");
    }

    #[test]
    fn tone_placement_and_nfd_do_not_matter() {
        assert_eq!(key("Chủ tịch Uỷ ban nhân dân xã"), key("Chủ tịch Ủy ban nhân dân xã"));
        assert_eq!(
            key("Giám đốc Sở Văn hoá, Thể thao và Du lịch"),
            key("Giám đốc Sở Văn hóa, Thể thao và Du lịch")
        );
        assert_eq!(key("Chi cục trưởng Chi cục Thuỷ lợi"), key("Chi cục trưởng Chi cục Thủy lợi"));
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Phó Trưởng ban Tổ chức").collect();
        assert_ne!(nfd, "Phó Trưởng ban Tổ chức");
        assert_eq!(key(&nfd), "phó trưởng ban tổ chức");
    }

    #[test]
    fn punctuation_is_trimmed() {
        assert_eq!(key("- Trưởng phòng Kế hoạch - Tài chính;"), key("Trưởng phòng Kế hoạch, Tài chính"));
        assert_eq!(key("\"Chánh Văn phòng\""), "chánh văn phòng");
    }

    #[test]
    fn abbreviations_are_expanded() {
        assert_eq!(key("P. Giám đốc Sở Nội vụ"), key("Phó Giám đốc Sở Nội vụ"));
        assert_eq!(key("P.Trưởng phòng Tổ chức cán bộ"), key("Phó Trưởng phòng Tổ chức cán bộ"));
        assert_eq!(key("P Chánh Văn phòng"), "phó chánh văn phòng");
        assert_eq!(key("PCT UBND xã"), key("Phó Chủ tịch Ủy ban nhân dân xã"));
        assert_eq!(key("Chủ tịch HĐND tỉnh"), key("Chủ tịch Hội đồng nhân dân tỉnh"));
        assert_eq!(
            key("Chủ tịch Ủy ban MTTQ VN tỉnh"),
            key("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
        );
        assert_eq!(key("Ủy viên BCH Đảng bộ tỉnh"), key("Ủy viên Ban Chấp hành Đảng bộ tỉnh"));
        assert_eq!(key("Trưởng Ban Tổ chức TW"), "trưởng ban tổ chức trung ương");
        assert_eq!(key("Trưởng Ban Tổ chức T.Ư"), "trưởng ban tổ chức trung ương");
        assert_eq!(key("Giám đốc Sở GD&ĐT"), key("Giám đốc Sở Giáo dục và Đào tạo"));
        assert_eq!(key("P. GĐ Sở VH-TT&DL"), key("Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch"));
        assert_eq!(key("Văn thư đ/c Hùng"), "văn thư đồng chí hùng");
        // Joined words that are no abbreviation stay words.
        assert_eq!(key("Trưởng phòng Kế hoạch-Tài chính"), key("Trưởng phòng Kế hoạch - Tài chính"));
        assert_eq!(key("Chủ tịch UBND TP."), "chủ tịch ủy ban nhân dân tỉnh");
        assert_eq!(key("Chủ tịch UBND Tp"), key("Chủ tịch Ủy ban nhân dân thành phố"));
        // "P." before a place is a ward, not a deputy.
        assert_eq!(key("Chủ tịch UBND P. Bến Nghé"), "chủ tịch ủy ban nhân dân phường bến nghé");
        // Words that merely look like abbreviations are left alone.
        assert_eq!(key("Giám đốc Sở Tư pháp"), "giám đốc sở tư pháp");
    }

    #[test]
    fn level_words_take_one_form() {
        assert_eq!(key("Phó Bí thư Tỉnh ủy, Thành ủy"), "phó bí thư tỉnh ủy");
        assert_eq!(key("Phó Bí thư Thành ủy"), "phó bí thư tỉnh ủy");
        assert_eq!(key("Chủ tịch Ủy ban nhân dân tỉnh, thành phố"), "chủ tịch ủy ban nhân dân tỉnh");
        assert_eq!(key("Chủ tịch Ủy ban nhân dân xã, phường, đặc khu"), "chủ tịch ủy ban nhân dân xã");
        assert_eq!(key("Chủ tịch Ủy ban nhân dân phường"), "chủ tịch ủy ban nhân dân xã");
        // A district is not a level any more: it stays what it is.
        assert_eq!(key("Chủ tịch Ủy ban nhân dân huyện"), "chủ tịch ủy ban nhân dân huyện");
    }

    #[test]
    fn provincial_unit_names_are_stripped() {
        assert_eq!(key("Trưởng ban Tổ chức Tỉnh ủy Nghệ An"), "trưởng ban tổ chức tỉnh ủy");
        assert_eq!(key("Chủ tịch UBND TP. Hồ Chí Minh"), "chủ tịch ủy ban nhân dân tỉnh");
        assert_eq!(key("Bí thư Thành ủy Hà Nội"), "bí thư tỉnh ủy");
        assert_eq!(key("Phó Chủ tịch HĐND tỉnh Bà Rịa - Vũng Tàu"), "phó chủ tịch hội đồng nhân dân tỉnh");
        assert_eq!(
            readings("Giám đốc Sở Y tế tỉnh Đắk Lắk", None),
            ["giám đốc sở y tế tỉnh", "giám đốc sở y tế"]
        );
        // A name that is only a place keeps it.
        assert_eq!(key("Huế"), "huế");
    }

    #[test]
    fn the_unit_names_the_place() {
        assert_eq!(
            readings("Chủ tịch UBND xã Quỳnh Lưu", Some("Xã Quỳnh Lưu"))[0],
            "chủ tịch ủy ban nhân dân xã"
        );
        assert_eq!(
            readings("Trưởng ban Tổ chức Tỉnh ủy Nghệ An", Some("Tỉnh ủy Nghệ An"))[0],
            "trưởng ban tổ chức tỉnh ủy"
        );
        // The title in one column, the unit in the next.
        let split = readings("Giám đốc", Some("Sở Nội vụ"));
        assert_eq!(split, ["giám đốc sở nội vụ", "giám đốc"]);
        let split = readings("Phó Chủ tịch", Some("UBND xã Tân Lập"));
        assert!(split.contains(&"phó chủ tịch ủy ban nhân dân xã".to_owned()), "{split:?}");
        // A unit already in the title is not appended again.
        assert_eq!(readings("Giám đốc Sở Nội vụ", Some("Sở Nội vụ")), ["giám đốc sở nội vụ"]);
    }

    #[test]
    fn level_words_come_off_a_key() {
        assert_eq!(without_level_word("bí thư tỉnh ủy"), Some("bí thư"));
        assert_eq!(without_level_word("chủ tịch hội nông dân tỉnh"), Some("chủ tịch hội nông dân"));
        assert_eq!(without_level_word("trưởng công an xã"), Some("trưởng công an"));
        assert_eq!(without_level_word("tỉnh"), None);
        assert_eq!(without_level_word("giám đốc sở y tế"), None);
        assert_eq!(
            without_level_word("phó chánh văn phòng đoàn đại biểu quốc hội và hội đồng nhân dân tỉnh"),
            Some("phó chánh văn phòng đoàn đại biểu quốc hội và hội đồng nhân dân")
        );
    }

    #[test]
    fn bad_input_gives_an_empty_key() {
        for name in ["", "   ", "...", "-", "\u{301}", "()"] {
            let key = Normalizer::shared().name_key(name, Some(name));
            assert!(key.is_empty(), "{name:?} → {key:?}");
        }
    }

    #[test]
    fn folding_removes_every_mark() {
        assert_eq!(fold(&key("Phó Giám đốc Sở Nội vụ")), "pho giam doc so noi vu");
        assert_eq!(fold(&key("Pho Giam doc So Noi vu")), "pho giam doc so noi vu");
        assert!(is_unaccented("Pho Giam doc"));
        assert!(!is_unaccented("Phó Giám đốc"));
    }

    proptest::proptest! {
        #[test]
        fn keys_never_panic(name in "\\PC{0,40}", unit in proptest::option::of("\\PC{0,20}")) {
            let key = Normalizer::shared().name_key(&name, unit.as_deref());
            proptest::prop_assert!(!key.readings().is_empty());
        }

        #[test]
        fn keys_are_stable(name in "[ a-zA-ZđĐàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ.,/-]{0,40}") {
            let once = Normalizer::shared().key(&name);
            proptest::prop_assert_eq!(Normalizer::shared().key(&once), once);
        }
    }
}
