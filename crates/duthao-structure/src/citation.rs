//! Citations of provisions in free text: `điểm a khoản 2 Điều 5`, `khoản 1, 2 và 3
//! Điều 4`, `từ Điều 5 đến Điều 8`, `Mục 2 Chương III`, `Phụ lục I`.
//!
//! A comment names the provisions it discusses; [`find_citations`] finds every such
//! name and says whether it points into the draft ([`CitationKind::Existing`]), proposes
//! a new provision ([`CitationKind::ProposedInsertion`]), or cites another document
//! ([`CitationKind::External`], `khoản 2 Điều 153 Luật Đất đai`), which must never be
//! anchored to the draft.
//!
//! The parser is a small hand-written tokenizer and recursive reader: one pass over the
//! tokens, with a bounded look-ahead and look-behind at each citation, so it runs in
//! linear time. It never panics and does not know the draft: whether a cited provision
//! exists is for the caller to check (see [`crate::letter::unresolved`]).
//!
//! Numbers are normalised so that they compare with the draft's: leading zeros are
//! dropped (`Điều 05` → `5`, `Phụ lục 01` → `1`), letter suffixes are lower case
//! (`19A` → `19a`), Roman numerals are upper case and ordinal words become Roman
//! numerals (`Chương thứ hai` → `II`).

use std::fmt;
use std::ops::Range;

use duthao_text::{fold, nfc};
use serde::Serialize;

use crate::ProvisionKind;
use crate::markers::{POINT_LETTERS, roman_value, to_roman};

/// Where a provision sits in a document, each level as numbered in the text.
///
/// A path found in free text may be partial: `khoản 3` alone has no article (see
/// [`ProvisionPath::resolve`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ProvisionPath {
    /// `5`, `19a`.
    pub article: Option<String>,
    /// `2`, `5a`.
    pub clause: Option<String>,
    /// `a`, `đ`, `d1`.
    pub point: Option<String>,
    /// `II`.
    pub chapter: Option<String>,
    /// Mục: `2` (or `II`).
    pub section: Option<String>,
    /// Phần: `I` (`Phần thứ nhất` → `I`).
    pub part: Option<String>,
    /// Phụ lục: `I`, `2`.
    pub appendix: Option<String>,
}

/// What a citation points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CitationKind {
    /// A provision of the draft under consultation (also `Điều 5 dự thảo`,
    /// `Điều 5 Quy định này`).
    Existing,
    /// A provision the commenter proposes to add: `đề nghị bổ sung Điều 5a vào sau
    /// Điều 5`. `after` is the provision named after `vào sau` / `sau`, when written;
    /// it is not reported again as a citation of its own (see [`Citation::anchor`]).
    ProposedInsertion { after: Option<ProvisionPath> },
    /// A provision of another document: `khoản 2 Điều 153 Luật Đất đai năm 2024`.
    /// `document` is the name as written (`Luật Đất đai năm 2024`).
    External { document: String },
}

/// One cited provision. A citation of several provisions (`khoản 1, 2 và 3 Điều 4`)
/// gives one `Citation` per provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub path: ProvisionPath,
    pub kind: CitationKind,
    /// Byte range in the input: from the provision's own number (or the unit word
    /// before it) to the end of the citation (`điểm b khoản 1 Điều 3` in `điểm a,
    /// điểm b khoản 1 Điều 3`). Provisions inside a range (`Điều 6` in `từ Điều 5 đến
    /// Điều 8`) share the span of the range's first one. The span never includes the
    /// name of an external document nor the `vào sau …` part of an insertion.
    pub span: Range<usize>,
    /// The input at `span`.
    pub text: String,
    /// Set when the citation refers to "this" unit of the surrounding text: `Article`
    /// for `khoản 2 Điều này` or `Điều này`, `Clause` for `điểm b khoản này`. The
    /// level named by `này` is then missing from `path` and must be taken from the
    /// context ([`ProvisionPath::resolve`]).
    pub this_unit: Option<ProvisionKind>,
}

/// The levels of a citation, innermost first. The order is the order of nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Point,
    Clause,
    Article,
    Section,
    Chapter,
    Part,
    Appendix,
}

const LEVELS: [Level; 7] = [
    Level::Point,
    Level::Clause,
    Level::Article,
    Level::Section,
    Level::Chapter,
    Level::Part,
    Level::Appendix,
];

impl Level {
    fn kind(self) -> ProvisionKind {
        match self {
            Level::Point => ProvisionKind::Point,
            Level::Clause => ProvisionKind::Clause,
            Level::Article => ProvisionKind::Article,
            Level::Section => ProvisionKind::Section,
            Level::Chapter => ProvisionKind::Chapter,
            Level::Part => ProvisionKind::Part,
            Level::Appendix => ProvisionKind::Appendix,
        }
    }

    fn from_kind(kind: ProvisionKind) -> Option<Level> {
        Some(match kind {
            ProvisionKind::Point => Level::Point,
            ProvisionKind::Clause => Level::Clause,
            ProvisionKind::Article => Level::Article,
            ProvisionKind::Section => Level::Section,
            ProvisionKind::Chapter => Level::Chapter,
            ProvisionKind::Part => Level::Part,
            ProvisionKind::Appendix => Level::Appendix,
            ProvisionKind::Subsection | ProvisionKind::RomanSection => return None,
        })
    }

    /// How the unit is named in running text.
    fn word(self) -> &'static str {
        match self {
            Level::Point => "điểm",
            Level::Clause => "khoản",
            Level::Article => "Điều",
            Level::Section => "Mục",
            Level::Chapter => "Chương",
            Level::Part => "Phần",
            Level::Appendix => "Phụ lục",
        }
    }
}

impl ProvisionPath {
    fn slot(&self, level: Level) -> &Option<String> {
        match level {
            Level::Point => &self.point,
            Level::Clause => &self.clause,
            Level::Article => &self.article,
            Level::Section => &self.section,
            Level::Chapter => &self.chapter,
            Level::Part => &self.part,
            Level::Appendix => &self.appendix,
        }
    }

    fn slot_mut(&mut self, level: Level) -> &mut Option<String> {
        match level {
            Level::Point => &mut self.point,
            Level::Clause => &mut self.clause,
            Level::Article => &mut self.article,
            Level::Section => &mut self.section,
            Level::Chapter => &mut self.chapter,
            Level::Part => &mut self.part,
            Level::Appendix => &mut self.appendix,
        }
    }

    /// Parses a citation of exactly one provision, such as `điểm a khoản 2 Điều 5` or
    /// `Phụ lục I`. `None` when the text is not one citation (or cites another
    /// document, or several provisions).
    pub fn parse(text: &str) -> Option<ProvisionPath> {
        let trimmed = text.trim();
        let mut found = find_citations(trimmed);
        if found.len() != 1 {
            return None;
        }
        let citation = found.pop()?;
        let whole = citation.span == (0..trimmed.len());
        (whole && citation.kind == CitationKind::Existing && citation.this_unit.is_none())
            .then_some(citation.path)
    }

    /// No level is set.
    pub fn is_empty(&self) -> bool {
        LEVELS.iter().all(|&l| self.slot(l).is_none())
    }

    /// The kind of the innermost level that is set.
    pub fn innermost(&self) -> Option<ProvisionKind> {
        self.innermost_level().map(Level::kind)
    }

    fn innermost_level(&self) -> Option<Level> {
        LEVELS.iter().copied().find(|&l| self.slot(l).is_some())
    }

    fn outermost_level(&self) -> Option<Level> {
        LEVELS.iter().rev().copied().find(|&l| self.slot(l).is_some())
    }

    /// The number at a level (`Article` → `Some("5")`); `None` for the levels a path
    /// never has (`Subsection`, `RomanSection`).
    pub fn get(&self, kind: ProvisionKind) -> Option<&str> {
        Level::from_kind(kind).and_then(|l| self.slot(l).as_deref())
    }

    /// The path without its innermost level (`khoản 2 Điều 5` → `Điều 5`); `None` when
    /// nothing would be left.
    pub fn parent(&self) -> Option<ProvisionPath> {
        let mut parent = self.clone();
        let level = self.innermost_level()?;
        *parent.slot_mut(level) = None;
        (!parent.is_empty()).then_some(parent)
    }

    /// A path is relative when it names a clause or point but no article nor appendix
    /// (`khoản 3`): it needs a context to be found in a document.
    pub fn is_relative(&self) -> bool {
        (self.clause.is_some() || self.point.is_some()) && self.article.is_none() && self.appendix.is_none()
    }

    /// Completes a relative path from `context`, the provision the surrounding text is
    /// about: `khoản 3` in the context of `Điều 7` → `khoản 3 Điều 7`. With
    /// `this_unit` (from [`Citation::this_unit`]), the level named by `này` is taken
    /// from the context too (`điểm b khoản này` in the context of `khoản 2 Điều 7` →
    /// `điểm b khoản 2 Điều 7`).
    ///
    /// Returns `None` when the context lacks a level the path needs (`khoản này` with
    /// a context of `Điều 7` only). A path that names an article or appendix is
    /// returned as it is.
    pub fn resolve(
        &self,
        this_unit: Option<ProvisionKind>,
        context: &ProvisionPath,
    ) -> Option<ProvisionPath> {
        let mut out = self.clone();
        if let Some(level) = this_unit.and_then(Level::from_kind) {
            *out.slot_mut(level) = Some(context.slot(level).clone()?);
        } else if !self.is_relative() {
            return Some(out);
        }
        if out.article.is_some() || out.appendix.is_some() {
            return Some(out);
        }
        let top = out.outermost_level()?;
        for level in LEVELS.iter().copied().filter(|&l| l > top) {
            if out.slot(level).is_none()
                && let Some(value) = context.slot(level)
            {
                *out.slot_mut(level) = Some(value.clone());
                if level == Level::Article {
                    // Articles are numbered through the whole document: the levels
                    // above add nothing.
                    break;
                }
            }
        }
        Some(out)
    }

    fn fill_outer_from(&mut self, other: &ProvisionPath) {
        let Some(bottom) = self.innermost_level() else { return };
        for level in LEVELS.iter().copied().filter(|&l| l > bottom) {
            if self.slot(level).is_none()
                && let Some(value) = other.slot(level)
            {
                *self.slot_mut(level) = Some(value.clone());
            }
        }
    }
}

/// Innermost first, as a Vietnamese reader writes it: `điểm a khoản 2 Điều 5`,
/// `Mục 2 Chương III`, `Phụ lục I`.
impl fmt::Display for ProvisionPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for level in LEVELS {
            if let Some(number) = self.slot(level) {
                if !first {
                    f.write_str(" ")?;
                }
                write!(f, "{} {number}", level.word())?;
                first = false;
            }
        }
        Ok(())
    }
}

impl Citation {
    /// The provision of the draft a comment with this citation should be attached to:
    /// the path itself for [`CitationKind::Existing`]; for a proposed insertion, the
    /// provision it goes after (written, or implied by the number: `Điều 5a` goes
    /// after `Điều 5`), else its parent (`khoản 4 Điều 7` → `Điều 7`); `None` for an
    /// external citation or when nothing in the draft is named.
    pub fn anchor(&self) -> Option<ProvisionPath> {
        match &self.kind {
            CitationKind::Existing => (!self.path.is_empty()).then(|| self.path.clone()),
            CitationKind::External { .. } => None,
            CitationKind::ProposedInsertion { after } => {
                if let Some(after) = after {
                    return Some(after.clone());
                }
                let level = self.path.innermost_level()?;
                let number = self.path.slot(level).as_deref().unwrap_or_default();
                if let Some(base) = implied_predecessor(level, number) {
                    let mut path = self.path.clone();
                    *path.slot_mut(level) = Some(base);
                    return Some(path);
                }
                self.path.parent()
            }
        }
    }
}

/// `5a` → `5` (an inserted article goes after the one it is numbered from).
fn implied_predecessor(level: Level, number: &str) -> Option<String> {
    match level {
        Level::Article | Level::Clause => {
            let digits = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
            (digits.len() < number.len() && !digits.is_empty()).then(|| digits.to_owned())
        }
        Level::Point => {
            let letter = number.trim_end_matches(|c: char| c.is_ascii_digit());
            (letter.len() < number.len() && !letter.is_empty()).then(|| letter.to_owned())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// Folded (no diacritics, lower case, `đ`/`ð` → `d`) for words and numbers; the
    /// character itself for punctuation.
    key: String,
    class: Class,
    /// Whitespace separates this token from the one before.
    space_before: bool,
    newline_before: bool,
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut space = false;
    let mut newline = false;
    let mut iter = text.char_indices().peekable();
    while let Some((start, c)) = iter.next() {
        if c.is_whitespace() {
            space = true;
            newline |= c == '\n';
            continue;
        }
        let (end, class) = if is_word_char(c) {
            let mut end = start + c.len_utf8();
            while let Some(&(i, next)) = iter.peek() {
                if !is_word_char(next) {
                    break;
                }
                end = i + next.len_utf8();
                iter.next();
            }
            (end, if c.is_ascii_digit() { Class::Number } else { Class::Word })
        } else {
            (start + c.len_utf8(), Class::Punct)
        };
        let piece = &text[start..end];
        let key = match class {
            Class::Punct => piece.to_owned(),
            _ => fold(piece).replace('ð', "d"),
        };
        tokens.push(Token {
            text: piece,
            start,
            end,
            key,
            class,
            space_before: space,
            newline_before: newline,
        });
        space = false;
        newline = false;
    }
    tokens
}

// ---------------------------------------------------------------------------------
// Reading citations

/// One unit word with its numbers: `khoản 1, 2 và 3`, `điểm a, điểm b`, `Điều này`.
#[derive(Debug, Clone)]
struct Group {
    level: Level,
    /// Numbers with the byte where each one's citation starts.
    items: Vec<(String, usize)>,
    /// `Điều này`: no number.
    this: bool,
    end: usize,
    next: usize,
}

/// A citation read innermost first: its innermost numbers and the levels around them.
#[derive(Debug, Clone)]
struct Chain {
    bottom: Level,
    items: Vec<(String, usize)>,
    outer: Vec<(Level, String)>,
    this_unit: Option<Level>,
    first: usize,
    next: usize,
    end: usize,
}

impl Chain {
    fn top(&self) -> Level {
        let mut top = self.bottom;
        if let Some((level, _)) = self.outer.last() {
            top = top.max(*level);
        }
        if let Some(level) = self.this_unit {
            top = top.max(level);
        }
        top
    }

    fn paths(&self) -> Vec<(ProvisionPath, usize)> {
        let mut base = ProvisionPath::default();
        for (level, number) in &self.outer {
            *base.slot_mut(*level) = Some(number.clone());
        }
        if self.items.is_empty() {
            return vec![(base, 0)];
        }
        self.items
            .iter()
            .map(|(number, start)| {
                let mut path = base.clone();
                *path.slot_mut(self.bottom) = Some(number.clone());
                (path, *start)
            })
            .collect()
    }
}

/// Most provisions a range (`từ Điều 1 đến Điều 900`) expands to.
const MAX_RANGE: u32 = 60;

const ORDINAL_WORDS: [(&str, u32); 10] = [
    ("nhat", 1),
    ("hai", 2),
    ("ba", 3),
    ("tu", 4),
    ("nam", 5),
    ("sau", 6),
    ("bay", 7),
    ("tam", 8),
    ("chin", 9),
    ("muoi", 10),
];

/// A document type that may follow a citation, folded, with whether it is a common
/// word too (then it needs a number: `Quy định số 05`, `Kết luận 21-KL/TW`).
const DOCUMENT_TYPES: [(&[&str], bool); 20] = [
    (&["bo", "luat"], false),
    (&["luat"], false),
    (&["nghi", "dinh"], false),
    (&["nghi", "quyet"], false),
    (&["thong", "tu", "lien", "tich"], false),
    (&["thong", "tu"], false),
    (&["hien", "phap"], false),
    (&["phap", "lenh"], false),
    (&["dieu", "le"], false),
    (&["quy", "che"], false),
    (&["van", "ban", "hop", "nhat"], false),
    (&["quy", "dinh"], true),
    (&["quyet", "dinh"], true),
    (&["ket", "luan"], true),
    (&["chi", "thi"], true),
    (&["huong", "dan"], true),
    (&["cong", "van"], true),
    (&["thong", "bao"], true),
    (&["nghi", "quyet", "lien", "tich"], true),
    (&["van", "ban"], true),
];

/// Words that end the name of a cited document (`Luật Đất đai quy định …`).
const NAME_STOPS: &[&str] = &[
    "quy", "de", "thi", "la", "co", "duoc", "can", "nen", "theo", "nhu", "da", "dang", "se", "ve", "do",
    "khi", "neu", "nhung", "voi", "cho", "tai", "trong", "cua", "ban", "thay", "huong", "chua", "khong",
    "phai", "thuoc", "tu", "den", "vao", "sau", "truoc", "tren", "duoi", "hien", "con", "mot", "ngay",
];

struct Reader<'a> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
}

impl<'a> Reader<'a> {
    fn key(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.key.as_str())
    }

    fn is_punct(&self, i: usize, chars: &[char]) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.class == Class::Punct && t.text.chars().all(|c| chars.contains(&c)))
    }

    /// Tokens `i` and `i + 1` are written without space between them.
    fn glued(&self, i: usize) -> bool {
        self.tokens.get(i + 1).is_some_and(|t| !t.space_before)
    }

    /// A unit word at `i`: its level, the number of tokens it takes, and a number
    /// written against it (`Điều5`).
    fn unit_at(&self, i: usize) -> Option<(Level, usize, Option<String>)> {
        let token = self.tokens.get(i)?;
        if token.class != Class::Word {
            return None;
        }
        let key = token.key.as_str();
        // The word before, as written: `chuyên mục` is not a section, `chuyển Mục 2` is.
        let previous = if i > 0 && !token.newline_before {
            self.tokens.get(i - 1).map(|t| nfc(&t.text.to_lowercase())).unwrap_or_default()
        } else {
            String::new()
        };
        let previous = previous.as_str();
        let level = match key {
            "dieu" => Level::Article,
            "khoan" => Level::Clause,
            "diem"
                if !matches!(
                    previous,
                    "thời" | "địa" | "quan" | "đặc" | "ưu" | "nhược" | "trọng" | "khuyết" | "giao"
                ) =>
            {
                Level::Point
            }
            "chuong" => Level::Chapter,
            "muc" if !matches!(previous, "danh" | "hạng" | "tiểu" | "chuyên" | "đề" | "tiết") => {
                Level::Section
            }
            "phan" if !matches!(previous, "thành" | "cổ" | "bộ" | "một") => Level::Part,
            "phu"
                if self.key(i + 1) == "luc" && !self.tokens.get(i + 1).is_some_and(|t| t.newline_before) =>
            {
                return Some((Level::Appendix, 2, None));
            }
            _ => {
                // `Điều5`, `khoản2`: the number written against the word.
                for (word, level) in [("dieu", Level::Article), ("khoan", Level::Clause)] {
                    if let Some(rest) = key.strip_prefix(word)
                        && rest.starts_with(|c: char| c.is_ascii_digit())
                        && token.text.ends_with(rest)
                    {
                        return Some((level, 1, Some(rest.to_owned())));
                    }
                }
                return None;
            }
        };
        Some((level, 1, None))
    }

    /// A number for `level` at token `j`: the normalised number and the next token.
    fn number_at(&self, level: Level, j: usize) -> Option<(String, usize)> {
        let token = self.tokens.get(j)?;
        match level {
            Level::Article | Level::Clause => {
                if token.class != Class::Number {
                    return None;
                }
                // `5/2020` is a document number, `5.2` a decimal.
                if self.glued(j)
                    && (self.is_punct(j + 1, &['/']) || self.is_punct(j + 1, &['.', ',']))
                    && self.tokens.get(j + 2).is_some_and(|t| t.class == Class::Number && !t.space_before)
                {
                    return None;
                }
                let max_digits = if level == Level::Article { 4 } else { 3 };
                let number = arabic(token.text, max_digits)?;
                Some((number, j + 1))
            }
            Level::Point => {
                if token.class != Class::Word {
                    return None;
                }
                let lower = token.text.to_lowercase().replace('ð', "đ");
                let letter_len = lower.chars().next()?.len_utf8();
                let (letter, digits) = lower.split_at(letter_len);
                if !POINT_LETTERS.contains(&letter)
                    || digits.len() > 2
                    || !digits.chars().all(|c| c.is_ascii_digit())
                {
                    return None;
                }
                Some((lower, j + 1))
            }
            Level::Section | Level::Chapter | Level::Part | Level::Appendix => {
                let mut j = j;
                if matches!(level, Level::Section | Level::Appendix) && self.key(j) == "so" {
                    j += 1;
                }
                let token = self.tokens.get(j)?;
                if token.key == "thu"
                    && let Some(&(_, value)) = ORDINAL_WORDS.iter().find(|(w, _)| *w == self.key(j + 1))
                {
                    return Some((to_roman(value), j + 2));
                }
                match token.class {
                    Class::Number => arabic(token.text, 3).map(|n| (n, j + 1)),
                    Class::Word => {
                        let value = roman_value(token.text)?;
                        (value <= 40).then(|| (token.text.to_owned(), j + 1))
                    }
                    Class::Punct => None,
                }
            }
        }
    }

    /// A unit word and its number(s) at `i`. `list` allows `khoản 1, 2 và 3`.
    fn group_at(&self, i: usize, list: bool) -> Option<Group> {
        let (level, used, inline) = self.unit_at(i)?;
        let start = self.tokens.get(i)?.start;
        let (first, mut next) = match inline {
            Some(number) => (arabic(&number, 4)?, i + 1),
            None => {
                let j = i + used;
                if matches!(self.key(j), "nay") && self.tokens.get(j).is_some_and(|t| t.class == Class::Word)
                {
                    let end = self.tokens.get(j)?.end;
                    return Some(Group { level, items: Vec::new(), this: true, end, next: j + 1 });
                }
                self.number_at(level, j)?
            }
        };
        let mut items = vec![(first, start)];
        let mut end = self.tokens.get(next - 1)?.end;
        if !list {
            return Some(Group { level, items, this: false, end, next });
        }
        loop {
            let mut s = next;
            let range = match self.key(s) {
                "," | "va" | "hoac" => {
                    s += 1;
                    if self.key(s) == "va" || self.key(s) == "hoac" {
                        s += 1;
                    }
                    false
                }
                "den" | "toi" => {
                    s += 1;
                    true
                }
                "-" | "–" | "—" => {
                    s += 1;
                    true
                }
                _ => break,
            };
            let item_start = self.tokens.get(s).map_or(0, |t| t.start);
            let parsed = match self.unit_at(s) {
                Some((other, used, inline)) if other == level => match inline {
                    Some(number) => arabic(&number, 4).map(|n| (n, s + 1)),
                    None => self.number_at(level, s + used),
                },
                Some(_) => None,
                None => self.number_at(level, s),
            };
            let Some((number, after)) = parsed else { break };
            if range {
                let from = items.last().map(|(n, start)| (n.clone(), *start));
                if let Some((from, from_start)) = from {
                    for middle in range_between(level, &from, &number) {
                        items.push((middle, from_start));
                    }
                }
            }
            items.push((number, item_start));
            next = after;
            end = self.tokens.get(next - 1).map_or(end, |t| t.end);
        }
        Some(Group { level, items, this: false, end, next })
    }

    /// A whole citation read innermost first from `i`: `điểm a, b khoản 1 Điều 3`.
    fn chain_at(&self, i: usize) -> Option<Chain> {
        let group = self.group_at(i, true)?;
        let mut chain = Chain {
            bottom: group.level,
            this_unit: group.this.then_some(group.level),
            items: group.items,
            outer: Vec::new(),
            first: i,
            next: group.next,
            end: group.end,
        };
        while chain.this_unit.is_none() {
            let mut s = chain.next;
            for _ in 0..2 {
                if matches!(self.key(s), "," | "cua" | "thuoc") {
                    s += 1;
                }
            }
            let Some((level, _, _)) = self.unit_at(s) else { break };
            if level <= chain.top() {
                break;
            }
            let Some(outer) = self.group_at(s, false) else { break };
            if outer.this {
                chain.this_unit = Some(level);
            } else if let Some((number, _)) = outer.items.into_iter().next() {
                chain.outer.push((level, number));
            }
            chain.next = outer.next;
            chain.end = outer.end;
        }
        Some(chain)
    }

    /// `Điều 5 khoản 2 điểm c` (outermost first): merges the inner chains that follow
    /// into `chain`.
    fn merge_descending(&self, mut chain: Chain) -> Chain {
        loop {
            if chain.items.len() > 1 || chain.this_unit.is_some() {
                return chain;
            }
            let mut s = chain.next;
            if self.key(s) == "," {
                s += 1;
            }
            let Some(mut child) = self.chain_at(s) else { return chain };
            if child.top() >= chain.bottom || child.this_unit.is_some() {
                return chain;
            }
            let mut outer = Vec::new();
            if let Some((number, _)) = chain.items.first() {
                outer.push((chain.bottom, number.clone()));
            }
            outer.extend(chain.outer.iter().cloned());
            let mut merged_outer = child.outer.clone();
            merged_outer.extend(outer);
            merged_outer.sort_by_key(|(level, _)| *level);
            child.outer = merged_outer;
            if let Some(first) = child.items.first_mut() {
                first.1 = self.tokens.get(chain.first).map_or(first.1, |t| t.start);
            }
            child.first = chain.first;
            chain = child;
        }
    }

    /// A document type (`Luật`, `Nghị định` …) at `s`: its words and whether it is a
    /// common word too.
    fn document_type_at(&self, s: usize) -> Option<(&'static [&'static str], bool)> {
        DOCUMENT_TYPES.iter().copied().find(|(words, _)| {
            words.iter().enumerate().all(|(k, w)| {
                self.key(s + k) == *w && (k == 0 || self.tokens.get(s + k).is_some_and(|t| !t.newline_before))
            })
        })
    }

    /// The document named at `s`, if any: `Luật Đất đai năm 2024`. `Some(None)` for
    /// the draft itself (`dự thảo`, `Quy định này`).
    fn document_at(&self, s: usize) -> Option<(Option<String>, usize)> {
        if self.key(s) == "du" && self.key(s + 1) == "thao" {
            return Some((None, s + 2));
        }
        let (words, common) = self.document_type_at(s)?;
        let mut j = s + words.len();
        if self.key(j) == "nay" {
            return Some((None, j + 1));
        }
        let first = self.tokens.get(s)?;
        let capital = first.text.starts_with(char::is_uppercase);
        let next = self.tokens.get(j)?;
        if next.newline_before {
            return None;
        }
        let has_number =
            next.key == "so" || next.class == Class::Number || next.text.contains(char::is_numeric);
        if common && !(capital && has_number) {
            return None;
        }
        let capital_next = next.text.starts_with(char::is_uppercase);
        if !has_number
            && (next.class != Class::Word || (!capital_next && NAME_STOPS.contains(&next.key.as_str())))
        {
            return None;
        }
        // The name runs to a stop word, a sentence break or the next citation.
        let mut end = self.tokens.get(j - 1)?.end;
        let limit = j + 24;
        while j < limit.min(self.tokens.len()) {
            let token = &self.tokens[j];
            if token.newline_before {
                break;
            }
            match token.class {
                Class::Punct => {
                    let inside = !token.space_before && self.glued(j);
                    if matches!(token.text, "/" | "-" | "–" | "." | "&") && inside {
                        j += 1;
                        continue;
                    }
                    if token.text == "," && self.comma_continues_name(j) {
                        j += 1;
                        continue;
                    }
                    break;
                }
                Class::Word | Class::Number => {
                    let key = token.key.as_str();
                    if matches!(key, "va" | "hoac") {
                        let next = self.tokens.get(j + 1);
                        let capital_next = next.is_some_and(|t| t.text.starts_with(char::is_uppercase));
                        if !capital_next
                            || self.document_type_at(j + 1).is_some()
                            || self.group_at(j + 1, false).is_some()
                        {
                            break;
                        }
                    } else if (NAME_STOPS.contains(&key) && !token.text.starts_with(char::is_uppercase))
                        || self.group_at(j, false).is_some()
                    {
                        break;
                    }
                    end = token.end;
                }
            }
            j += 1;
        }
        let name = self.text.get(first.start..end)?.to_owned();
        Some((Some(name), j))
    }

    /// `Luật Cán bộ, công chức`: a comma inside a law's name is followed by a few
    /// lower-case words and then the end of the name.
    fn comma_continues_name(&self, comma: usize) -> bool {
        let mut words = 0;
        for k in comma + 1..comma + 6 {
            let Some(token) = self.tokens.get(k) else { return words > 0 };
            if token.newline_before {
                return words > 0;
            }
            match token.class {
                Class::Punct => return words > 0 && token.text != ",",
                _ => {
                    if words == 0
                        && (token.text.starts_with(char::is_uppercase) || token.class == Class::Number)
                    {
                        return false;
                    }
                    if NAME_STOPS.contains(&token.key.as_str()) || self.unit_at(k).is_some() {
                        return words > 0 && token.key != "va";
                    }
                    if token.key == "nam" {
                        return words > 0;
                    }
                    words += 1;
                }
            }
        }
        false
    }

    /// A proposal to add the provision cited at token `first`: `bổ sung [thêm] [mới]`
    /// shortly before it, in the same sentence, with no `vào`/`tại` … in between
    /// (`bổ sung cụm từ … vào khoản 2` amends an existing provision).
    fn proposes_insertion(&self, first: usize, floor: usize) -> bool {
        let mut k = first;
        for _ in 0..8 {
            if k <= floor || k == 0 {
                return false;
            }
            if self.tokens.get(k).is_some_and(|t| t.newline_before) && k != first {
                return false;
            }
            k -= 1;
            let key = self.key(k);
            match key {
                "." | ";" | ":" | "!" | "?" => return false,
                "vao" | "tai" | "trong" | "cho" | "o" | "cua" | "voi" | "doi" => return false,
                "sung" if k > 0 && self.key(k - 1) == "bo" => return true,
                "them" => return true,
                _ => {}
            }
            if self.tokens.get(k).is_some_and(|t| t.newline_before) {
                return false;
            }
        }
        false
    }
}

/// `05` → `5`, `19A` → `19a`; at most `max_digits` digits and one letter.
fn arabic(text: &str, max_digits: usize) -> Option<String> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > max_digits {
        return None;
    }
    let (number, suffix) = text.split_at(digits);
    let suffix = suffix.to_lowercase();
    if suffix.chars().count() > 1 || !suffix.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let trimmed = number.trim_start_matches('0');
    let number = if trimmed.is_empty() { "0" } else { trimmed };
    Some(format!("{number}{suffix}"))
}

/// The numbers strictly between `from` and `to` (`5`, `8` → `6`, `7`; `a`, `d` →
/// `b`, `c`); empty when they are not plain numbers or the range is too long.
fn range_between(level: Level, from: &str, to: &str) -> Vec<String> {
    match level {
        Level::Point => {
            let position = |s: &str| POINT_LETTERS.iter().position(|l| *l == s);
            match (position(from), position(to)) {
                (Some(a), Some(b)) if a < b => {
                    POINT_LETTERS[a + 1..b].iter().map(|s| (*s).to_owned()).collect()
                }
                _ => Vec::new(),
            }
        }
        _ => {
            let value = |s: &str| s.parse::<u32>().ok().or_else(|| roman_value(s));
            let roman = roman_value(from).is_some();
            let digits_from = from.trim_end_matches(|c: char| c.is_ascii_lowercase());
            match (value(digits_from), value(to)) {
                (Some(a), Some(b)) if a < b && b - a <= MAX_RANGE => {
                    (a + 1..b).map(|n| if roman { to_roman(n) } else { n.to_string() }).collect()
                }
                _ => Vec::new(),
            }
        }
    }
}

/// Words that join two citations of one list (`khoản 1 Điều 3 và khoản 2 Điều 4`).
fn is_list_separator(key: &str) -> bool {
    matches!(key, "," | "va" | "hoac" | "cac")
}

/// Every citation in `text`, in order. See the module documentation.
///
/// The provision after which an insertion is proposed (`Điều 5` in `bổ sung Điều 5a
/// vào sau Điều 5`) is reported only as the insertion's `after`, not as a citation
/// of its own; [`Citation::anchor`] returns it.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let reader = Reader { text, tokens: tokenize(text) };
    let mut found: Vec<(Chain, CitationKind)> = Vec::new();
    let mut i = 0;
    let mut floor = 0;
    while i < reader.tokens.len() {
        let Some(chain) = reader.chain_at(i) else {
            i += 1;
            continue;
        };
        let mut chain = reader.merge_descending(chain);
        let mut next = chain.next;
        let mut kind = CitationKind::Existing;

        let mut s = chain.next;
        if matches!(reader.key(s), "cua" | "tai" | "thuoc" | "trong") {
            s += 1;
        }
        if chain.this_unit.is_none()
            && let Some((document, after)) = reader.document_at(s)
        {
            if let Some(document) = document {
                kind = CitationKind::External { document };
            }
            next = after;
        } else if chain.this_unit.is_none() && reader.proposes_insertion(chain.first, floor) {
            let (after, consumed) = insertion_tail(&reader, &mut chain);
            kind = CitationKind::ProposedInsertion { after };
            next = next.max(consumed);
        }
        floor = next;
        i = next.max(i + 1);
        found.push((chain, kind));
    }

    // `điểm a khoản 1 và điểm b khoản 2 Điều 5`: the first citation takes the levels
    // it lacks from the next one in the same list.
    for j in (0..found.len().saturating_sub(1)).rev() {
        let (head, tail) = found.split_at_mut(j + 1);
        let (Some((a, a_kind)), Some((b, b_kind))) = (head.last_mut(), tail.first()) else { continue };
        let joined = (a.next..b.first).all(|k| is_list_separator(reader.key(k)));
        if !joined || a.top() >= b.top() || a.this_unit.is_some() || b.this_unit.is_some() {
            continue;
        }
        let a_top = a.top();
        let inherited: Vec<(Level, String)> = b
            .outer
            .iter()
            .filter(|(level, _)| *level > a_top)
            .cloned()
            .chain((b.bottom > a_top).then(|| b.items.first().map(|(n, _)| (b.bottom, n.clone()))).flatten())
            .collect();
        a.outer.extend(inherited);
        a.outer.sort_by_key(|(level, _)| *level);
        if matches!(b_kind, CitationKind::External { .. }) && *a_kind == CitationKind::Existing {
            *a_kind = b_kind.clone();
        }
    }

    let mut citations = Vec::new();
    for (chain, kind) in found {
        for (path, start) in chain.paths() {
            let start = if chain.items.is_empty() {
                reader.tokens.get(chain.first).map_or(0, |t| t.start)
            } else {
                start
            };
            let Some(matched) = text.get(start..chain.end) else { continue };
            let kind = match &kind {
                CitationKind::ProposedInsertion { after: Some(after) } => {
                    let mut after = after.clone();
                    after.fill_outer_from(&path);
                    CitationKind::ProposedInsertion { after: Some(after) }
                }
                other => other.clone(),
            };
            citations.push(Citation {
                path,
                kind,
                span: start..chain.end,
                text: matched.to_owned(),
                this_unit: chain.this_unit.map(Level::kind),
            });
        }
    }
    citations
}

/// After a proposed insertion: `vào sau Điều 5` (returns the `after` path) or `vào
/// Điều 7` (the parent, merged into `chain`). Returns the token after what was read.
fn insertion_tail(reader: &Reader<'_>, chain: &mut Chain) -> (Option<ProvisionPath>, usize) {
    let mut s = chain.next;
    if matches!(reader.key(s), "," | ")") {
        s += 1;
    }
    let into = reader.key(s) == "vao";
    if into {
        s += 1;
    }
    if matches!(reader.key(s), "tiep" | "ngay" | "lien") && reader.key(s + 1) == "sau" {
        s += 1;
    }
    if reader.key(s) == "sau" {
        let Some(after) = reader.chain_at(s + 1) else { return (None, chain.next) };
        let after = reader.merge_descending(after);
        let mut path = after.paths().into_iter().next().map(|(p, _)| p).unwrap_or_default();
        // `bổ sung khoản 2a Điều 5 vào sau khoản 2`: the article is the insertion's.
        let mut own = ProvisionPath::default();
        for (level, number) in &chain.outer {
            *own.slot_mut(*level) = Some(number.clone());
        }
        path.fill_outer_from(&own);
        // `bổ sung khoản 2a vào sau khoản 2 Điều 5`: and the other way round.
        let top = chain.top();
        for level in LEVELS.iter().copied().filter(|&l| l > top) {
            if let Some(number) = path.slot(level) {
                chain.outer.push((level, number.clone()));
            }
        }
        chain.outer.sort_by_key(|(level, _)| *level);
        return ((!path.is_empty()).then_some(path), after.next);
    }
    if into {
        if matches!(reader.key(s), "cuoi" | "dau") {
            s += 1;
        }
        if let Some(parent) = reader.chain_at(s)
            && parent.bottom > chain.top()
            && parent.items.len() == 1
        {
            let parent = reader.merge_descending(parent);
            let top = chain.top();
            for (path, _) in parent.paths().into_iter().take(1) {
                for level in LEVELS.iter().copied().filter(|&l| l > top) {
                    if let Some(number) = path.slot(level) {
                        chain.outer.push((level, number.clone()));
                    }
                }
            }
            chain.outer.sort_by_key(|(level, _)| *level);
            return (None, parent.next);
        }
    }
    (None, chain.next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_byte_spans() {
        let tokens = tokenize("Điều5a, khoản 2.");
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(texts, ["Điều5a", ",", "khoản", "2", "."]);
        assert_eq!(tokens[0].key, "dieu5a");
        assert!(tokens[2].space_before);
    }

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(arabic("05", 3).as_deref(), Some("5"));
        assert_eq!(arabic("19A", 4).as_deref(), Some("19a"));
        assert_eq!(arabic("2024", 3), None);
        assert_eq!(range_between(Level::Point, "a", "đ"), ["b", "c", "d"]);
        assert_eq!(range_between(Level::Article, "5", "8"), ["6", "7"]);
        assert!(range_between(Level::Article, "1", "900").is_empty());
    }
}
