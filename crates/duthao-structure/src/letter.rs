//! Splitting an organisation's comment letter (công văn góp ý) into comments.
//!
//! A letter has a header (organisation, `Số: …`, `V/v …`, place and date), a
//! salutation (`Kính gửi: …`), an opening (`Phúc đáp Công văn số …, … có ý kiến như
//! sau:`), the substance, and a closing (`Trên đây là ý kiến của …`, `Nơi nhận:`,
//! signature). [`split_letter`] keeps the substance only, one [`LetterUnit`] per
//! numbered or bulleted item or paragraph, with the provisions of the draft each one
//! discusses.
//!
//! Relative citations are resolved from the items they are nested in: under `a) Điều
//! 7`, the item `- Khoản 3: đề nghị …` is about `khoản 3 Điều 7`, and an item that
//! cites nothing is about `Điều 7`. Citations of other documents (`Điều 153 Luật Đất
//! đai`) are kept apart and never used as anchors.
//!
//! The splitter does not know the draft: [`unresolved`] lets the caller check the
//! anchors against it. Like the rest of the crate it does no I/O and never panics.

use duthao_text::{clean_input, fold};
use serde::Serialize;

use crate::citation::{Citation, CitationKind, ProvisionPath, find_citations};
use crate::markers::{is_upper_text, roman_value};

/// One comment of a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterUnit {
    /// The comment, without its list marker (`-`, `1.`, `a)`); cleaned, NFC. Lines of
    /// one sentence are joined with a space, the paragraphs of one item with `\n`.
    pub text: String,
    /// The provisions of the draft the comment is about ([`CitationKind::Existing`]
    /// and [`CitationKind::ProposedInsertion`]), relative ones resolved. Spans are
    /// byte ranges in `text`; a citation inherited from the item the unit is nested
    /// in has an empty span (`0..0`) and empty `text`.
    pub citations: Vec<Citation>,
    /// Citations of other documents ([`CitationKind::External`]): not anchors.
    pub external: Vec<Citation>,
    /// No citation of the draft: a general comment.
    pub general: bool,
    /// 1-based line (paragraph) where the unit starts.
    pub line: usize,
}

/// A letter split into comments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SplitLetter {
    /// The organisation block of the header, its lines joined with a space
    /// (`ỦY BAN NHÂN DÂN TỈNH NGHỆ AN`).
    pub organisation_line: Option<String>,
    /// `Số: 123/UBND-NC`, as written.
    pub reference: Option<String>,
    /// `V/v góp ý dự thảo …`, as written (continuation lines joined).
    pub subject: Option<String>,
    pub units: Vec<LetterUnit>,
    /// What the editor should check.
    pub warnings: Vec<LetterWarning>,
}

/// Something in a letter the editor should check. `Display` says it in Vietnamese
/// (and serialises as that text); an interface in another language matches on the
/// variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterWarning {
    /// No comment was found in the letter.
    NothingFound,
    /// A citation of "this" unit (`điểm b khoản này`) with nothing before it to say
    /// which.
    UnclearCitation {
        /// 1-based line of the unit.
        line: usize,
        /// The citation as written.
        citation: String,
    },
    /// A citation without an article (`khoản 3`) and nothing before it to place it.
    NoArticle { line: usize, citation: String },
}

impl std::fmt::Display for LetterWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NothingFound => f.write_str("Không tìm thấy ý kiến cụ thể nào trong công văn"),
            Self::UnclearCitation { line, citation } => {
                write!(f, "Dòng {line}: không rõ “{citation}” chỉ điều, khoản nào của dự thảo")
            }
            Self::NoArticle { line, citation } => {
                write!(f, "Dòng {line}: “{citation}” không rõ thuộc điều nào của dự thảo")
            }
        }
    }
}

/// A warning is equal to the Vietnamese text that says it.
impl PartialEq<&str> for LetterWarning {
    fn eq(&self, other: &&str) -> bool {
        /// Consumes the expected text as the warning writes itself; fails on a difference.
        struct Expect<'a>(&'a str);
        impl std::fmt::Write for Expect<'_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0 = self.0.strip_prefix(s).ok_or(std::fmt::Error)?;
                Ok(())
            }
        }
        let mut expect = Expect(other);
        std::fmt::write(&mut expect, format_args!("{self}")).is_ok() && expect.0.is_empty()
    }
}

impl Serialize for LetterWarning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Splits a letter given as plain text (for DOCX, join the paragraphs of
/// [`crate::docx_paragraphs`] with `\n`). Never fails: a text that does not look like
/// a letter is split into paragraphs, with a warning when nothing is found.
pub fn split_letter(text: &str) -> SplitLetter {
    let cleaned = clean_input(text);
    let lines: Vec<&str> = cleaned.split('\n').collect();
    let mut letter = SplitLetter::default();

    let salutation = lines.iter().position(|l| fold(l.trim()).starts_with("kinh gui"));
    let body_start = match salutation {
        Some(k) => {
            read_header(&lines[..k], &mut letter);
            skip_addressees(&lines, k)
        }
        None => {
            let end = header_end(&lines);
            read_header(&lines[..end], &mut letter);
            end
        }
    };
    let closing = (body_start..lines.len()).find(|&i| is_closing(lines[i])).unwrap_or(lines.len());
    let body = lines.get(body_start..closing).unwrap_or_default();
    let blocks = blocks(body, body_start);

    let mut drafts: Vec<UnitDraft> = Vec::new();
    let first = skip_opening(&blocks, &mut drafts);
    let remaining = blocks.get(first..).unwrap_or_default();
    place_blocks(remaining, &mut drafts);

    for draft in drafts {
        if let Some(unit) = finish_unit(draft, &mut letter.warnings) {
            letter.units.push(unit);
        }
    }
    if letter.units.is_empty() {
        letter.warnings.push(LetterWarning::NothingFound);
    }
    letter
}

/// The citations of `units` whose anchor (see [`Citation::anchor`]) is not a
/// provision of the draft according to `exists`: `Điều 45` of a draft of 21 articles,
/// or `khoản 3` that could not be placed in an article.
pub fn unresolved(
    units: &[LetterUnit],
    exists: impl Fn(&ProvisionPath) -> bool,
) -> Vec<(&LetterUnit, &Citation)> {
    let mut out = Vec::new();
    for unit in units {
        for citation in &unit.citations {
            if let Some(anchor) = citation.anchor()
                && !exists(&anchor)
            {
                out.push((unit, citation));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------
// Header, salutation and closing

/// The columns of a header line: DOCX table cells (` | `), tabs, or wide gaps.
fn cells(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for piece in line.split(['|', '\t']) {
        let mut rest = piece;
        while let Some(gap) = rest.find("   ") {
            out.push(&rest[..gap]);
            rest = rest[gap..].trim_start();
        }
        out.push(rest);
    }
    out.into_iter().map(str::trim).filter(|c| !c.is_empty()).collect()
}

fn is_motto(folded: &str) -> bool {
    folded.contains("cong hoa xa hoi chu nghia")
        || folded.contains("dang cong san viet nam")
        || (folded.contains("doc lap") && folded.contains("tu do"))
        || folded.contains("hanh phuc")
}

fn is_date(folded: &str) -> bool {
    folded.contains("ngay") && folded.contains("thang") && folded.contains("nam") && folded.len() < 80
}

fn is_reference(folded: &str) -> bool {
    folded.strip_prefix("so").is_some_and(|rest| {
        (rest.starts_with(':') || rest.starts_with(' '))
            && rest.contains(|c: char| c.is_ascii_digit() || c == '/')
            && rest.len() < 60
    })
}

fn is_subject(folded: &str) -> bool {
    folded.starts_with("v/v") || folded.starts_with("ve viec")
}

fn is_separator(cell: &str) -> bool {
    !cell.contains(char::is_alphanumeric)
}

fn read_header(lines: &[&str], letter: &mut SplitLetter) {
    let mut organisation: Vec<&str> = Vec::new();
    let mut in_subject = false;
    for line in lines {
        let cells = cells(line);
        if cells.is_empty() {
            in_subject = false;
            continue;
        }
        for (column, cell) in cells.iter().enumerate() {
            let folded = fold(cell);
            if is_motto(&folded) || is_date(&folded) || is_separator(cell) {
                if column == 0 {
                    in_subject = false;
                }
                continue;
            }
            if letter.reference.is_none() && is_reference(&folded) {
                letter.reference = Some((*cell).to_owned());
                in_subject = false;
            } else if letter.subject.is_none() && is_subject(&folded) {
                letter.subject = Some((*cell).to_owned());
                in_subject = true;
            } else if in_subject && column == 0 {
                if let Some(subject) = letter.subject.as_mut() {
                    subject.push(' ');
                    subject.push_str(cell);
                }
            } else if letter.reference.is_none()
                && letter.subject.is_none()
                && column == 0
                && is_upper_text(cell)
            {
                organisation.push(cell);
            }
        }
    }
    if !organisation.is_empty() {
        letter.organisation_line = Some(organisation.join(" "));
    }
}

/// Without `Kính gửi`: the leading lines that look like a header.
fn header_end(lines: &[&str]) -> usize {
    let mut end = 0;
    let mut in_subject = false;
    let mut seen = false;
    for (i, line) in lines.iter().enumerate().take(25) {
        let cells = cells(line);
        if cells.is_empty() {
            in_subject = false;
            continue;
        }
        let header_like = cells.iter().all(|cell| {
            let folded = fold(cell);
            if is_subject(&folded) {
                in_subject = true;
                return true;
            }
            is_motto(&folded)
                || is_date(&folded)
                || is_reference(&folded)
                || is_separator(cell)
                || (is_upper_text(cell) && find_citations(cell).is_empty())
        }) || (in_subject && !line.trim_end().ends_with(['.', ':', ';']));
        if !header_like {
            break;
        }
        seen = true;
        end = i + 1;
    }
    if seen { end } else { 0 }
}

/// The index of the first line after `Kính gửi` and its addressees.
fn skip_addressees(lines: &[&str], salutation: usize) -> usize {
    let inline = lines.get(salutation).map_or("", |l| {
        let trimmed = l.trim();
        trimmed.split_once(':').map_or("", |(_, rest)| rest.trim())
    });
    let mut expect = inline.is_empty();
    let mut i = salutation + 1;
    while let Some(line) = lines.get(i) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        let folded = fold(trimmed);
        if folded.starts_with("dong kinh gui") {
            expect = !trimmed.trim_end().ends_with(|c: char| c.is_alphanumeric());
            i += 1;
            continue;
        }
        let bullet = trimmed.starts_with(['-', '+', '•', '–']);
        let short = trimmed.split_whitespace().count() <= 15;
        let opinion = has_opinion(&folded) || !find_citations(trimmed).is_empty();
        if (bullet || expect) && short && !opinion {
            expect = false;
            i += 1;
            continue;
        }
        break;
    }
    i
}

fn is_closing(line: &str) -> bool {
    let trimmed = line.trim();
    let folded = fold(trimmed);
    ["tren day la", "noi nhan", "(da ky)", "t/m", "k/t"].iter().any(|p| folded.starts_with(p))
        || trimmed == "./."
        || (["TM.", "KT.", "TL.", "TUQ.", "Q."].iter().any(|p| trimmed.starts_with(p))
            && is_upper_text(trimmed))
}

// ---------------------------------------------------------------------------------
// Blocks: items and paragraphs of the substance

/// A list marker, by kind: items with the same kind of marker are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Roman,
    UpperLetter,
    /// `1.`, or `1.2.` with depth 2.
    Arabic(u8),
    ArabicParen,
    Letter,
    Dash,
    Plus,
    Bullet,
}

/// The list marker at the start of `line` and the text after it.
fn list_marker(line: &str) -> Option<(Marker, &str)> {
    let mut chars = line.chars();
    let first = chars.next()?;
    let after_first = &line[first.len_utf8()..];
    let symbol = match first {
        '-' | '–' | '—' => Some(Marker::Dash),
        '+' => Some(Marker::Plus),
        '•' | '●' | '▪' | '◦' | '*' | '·' | '\u{f0b7}' | '\u{f0a7}' | '○' | '■' => {
            Some(Marker::Bullet)
        }
        _ => None,
    };
    if let Some(marker) = symbol {
        let rest = after_first.trim_start();
        let spaced = after_first.starts_with(char::is_whitespace);
        // `-Tại khoản 2`: some writers leave no space; `-5%` is not an item.
        if spaced || rest.starts_with(char::is_alphabetic) {
            return Some((marker, rest));
        }
        return None;
    }
    if first.is_ascii_digit() {
        let mut depth = 0u8;
        let mut rest = line;
        loop {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || digits > 2 {
                return None;
            }
            depth = depth.saturating_add(1);
            rest = &rest[digits..];
            if let Some(after) = rest.strip_prefix(')') {
                return (depth == 1 && after.starts_with(char::is_whitespace))
                    .then(|| (Marker::ArabicParen, after.trim_start()));
            }
            if let Some(after) = rest.strip_prefix('.') {
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    rest = after;
                    continue;
                }
                return after
                    .starts_with(char::is_whitespace)
                    .then(|| (Marker::Arabic(depth), after.trim_start()));
            }
            return (depth > 1 && rest.starts_with(char::is_whitespace))
                .then(|| (Marker::Arabic(depth), rest.trim_start()));
        }
    }
    let token_len = line.find(['.', ')']).filter(|&n| n > 0 && n <= 6)?;
    let token = &line[..token_len];
    let after = &line[token_len + 1..];
    if !after.starts_with(char::is_whitespace) {
        return None;
    }
    if roman_value(token).is_some_and(|v| v <= 40) {
        return Some((Marker::Roman, after.trim_start()));
    }
    let mut letters = token.chars();
    let (Some(letter), None) = (letters.next(), letters.next()) else { return None };
    if letter.is_ascii_lowercase() || letter == 'đ' {
        return Some((Marker::Letter, after.trim_start()));
    }
    if letter.is_ascii_uppercase() {
        return Some((Marker::UpperLetter, after.trim_start()));
    }
    None
}

#[derive(Debug, Clone)]
struct Block {
    marker: Option<Marker>,
    line: usize,
    text: String,
    /// Quotation marks of `text` still open, and how many lines were added while
    /// one was open.
    quotes: Quotes,
}

/// Open quotation marks, counted as lines are added (counting in the whole text each
/// time would make a long letter quadratic).
#[derive(Debug, Clone, Copy, Default)]
struct Quotes {
    curly: i64,
    straight: bool,
    quoted_lines: usize,
}

/// Most lines a quotation (proposed wording) may run: past this, a quotation mark left
/// open by mistake no longer swallows the rest of the letter.
const MAX_QUOTED_LINES: usize = 40;

impl Quotes {
    fn add(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '“' => self.curly += 1,
                '”' => self.curly -= 1,
                '"' => self.straight = !self.straight,
                _ => {}
            }
        }
    }

    fn open(self) -> bool {
        (self.curly > 0 || self.straight) && self.quoted_lines < MAX_QUOTED_LINES
    }
}

impl Block {
    fn new(marker: Option<Marker>, line: usize, text: &str) -> Block {
        let mut quotes = Quotes::default();
        quotes.add(text);
        Block { marker, line, text: text.to_owned(), quotes }
    }

    fn push(&mut self, separator: char, text: &str) {
        if self.quotes.open() {
            self.quotes.quoted_lines += 1;
        }
        self.text.push(separator);
        self.text.push_str(text);
        self.quotes.add(text);
    }
}

/// An opening quotation mark is not closed yet in `text`.
fn quote_open(text: &str) -> bool {
    let mut quotes = Quotes::default();
    quotes.add(text);
    quotes.open()
}

/// A line broken inside a sentence (plain-text letters are often hard-wrapped).
fn continues(previous: &str, line: &str) -> bool {
    let ended = previous.trim_end().ends_with(['.', ';', ':', '!', '?', '…', '”', '"', ')']);
    let lower = line.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase);
    !ended && (lower || previous.chars().count() >= 60)
}

fn blocks(body: &[&str], first_line: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut blank = true;
    let mut previous = String::new();
    for (offset, raw) in body.iter().enumerate() {
        let line = first_line + offset + 1;
        let mut text = raw.trim();
        if let Some(before) = text.strip_suffix("./.") {
            text = before.trim_end();
        }
        if text.is_empty() {
            blank = true;
            continue;
        }
        if let Some(last) = blocks.last_mut()
            && last.quotes.open()
        {
            last.push(if continues(&previous, text) { ' ' } else { '\n' }, text);
        } else if let Some((marker, rest)) = list_marker(text) {
            blocks.push(Block::new(Some(marker), line, rest));
        } else if let Some(last) = blocks.last_mut()
            && !blank
            && continues(&previous, text)
        {
            last.push(' ', text);
        } else {
            blocks.push(Block::new(None, line, text));
        }
        blank = false;
        text.clone_into(&mut previous);
    }
    blocks
}

// ---------------------------------------------------------------------------------
// Opening, headings, units

/// Folded text as ` word word … `, for matching whole words.
fn words(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() + 2);
    out.push(' ');
    for word in duthao_text::syllables(folded) {
        out.push_str(word);
        out.push(' ');
    }
    out
}

const OPINION_WORDS: [&str; 22] = [
    " de nghi ",
    " kien nghi ",
    " de xuat ",
    " nen ",
    " chua ",
    " khong ",
    " thong nhat ",
    " nhat tri ",
    " dong y ",
    " bo sung ",
    " sua ",
    " sua doi ",
    " thay the ",
    " xem xet ",
    " lam ro ",
    " ra soat ",
    " nghien cuu ",
    " dieu chinh lai ",
    " phu hop ",
    " can nhac ",
    " bo ",
    " tach ",
];

fn has_opinion(folded: &str) -> bool {
    let words = words(folded);
    OPINION_WORDS.iter().any(|w| {
        // `bộ` alone is too common (`Bộ Nội vụ`, `cán bộ`): only `bỏ` as a verb
        // before a citation or quote would do, so it is not a sign of opinion here.
        *w != " bo " && words.contains(w)
    })
}

const AGREEMENT: [&str; 5] = [" thong nhat ", " nhat tri ", " dong tinh ", " tan thanh ", " dong y "];

const OPENINGS: [&str; 13] = [
    "phuc dap",
    "thuc hien",
    "theo de nghi",
    "can cu",
    "sau khi nghien cuu",
    "nhan duoc",
    "tra loi",
    "theo cong van",
    "qua nghien cuu",
    "tiep nhan",
    "xet de nghi",
    "ngay ",
    "de nghi cua",
];

const HEADING_LABELS: [&str; 16] = [
    "y kien chung",
    "y kien cu the",
    "gop y chung",
    "gop y cu the",
    "y kien gop y",
    "noi dung gop y",
    "ve noi dung",
    "ve hinh thuc",
    "ve the thuc",
    "ve ky thuat",
    "ve bo cuc",
    "ve ten",
    "doi voi du thao",
    "ve du thao",
    "cac noi dung cu the",
    "nhung van de chung",
];

/// Skips the opening paragraphs; an agreement said in passing (`… cơ bản thống nhất
/// với dự thảo và có ý kiến như sau:`) is kept as a general unit. Returns the index
/// of the first block of the substance.
fn skip_opening(blocks: &[Block], drafts: &mut Vec<UnitDraft>) -> usize {
    let mut index = 0;
    while let Some(block) = blocks.get(index) {
        if index >= 4 || block.marker.is_some() {
            break;
        }
        let folded = fold(&block.text);
        let introduces =
            block.text.ends_with(':') && (folded.contains("nhu sau") || folded.contains("y kien"));
        let opening = OPENINGS.iter().any(|p| folded.starts_with(p));
        if !(opening || introduces)
            || find_citations(&block.text).iter().any(|c| c.kind == CitationKind::Existing)
        {
            break;
        }
        if let Some(agreement) = agreement_clause(&block.text) {
            drafts.push(UnitDraft { text: agreement, line: block.line, context: None });
        }
        index += 1;
        if block.text.ends_with(':') {
            break;
        }
    }
    index
}

/// From the clause that says the organisation agrees, to the end of its sentence,
/// without `và có ý kiến như sau:`.
fn agreement_clause(text: &str) -> Option<String> {
    let pieces: Vec<(usize, &str)> = text
        .split_inclusive([',', '.', ';'])
        .scan(0, |offset, piece| {
            let start = *offset;
            *offset += piece.len();
            Some((start, piece))
        })
        .collect();
    let (start, _) = pieces.iter().find(|(_, piece)| {
        let words = words(&fold(piece));
        AGREEMENT.iter().any(|a| words.contains(a))
    })?;
    let mut clause = String::new();
    for (_, piece) in pieces.iter().skip_while(|(s, _)| s < start) {
        clause.push_str(piece);
        if piece.ends_with(['.', ';']) {
            break;
        }
    }
    // Cut at `và có ý kiến`, `, cụ thể như sau`, `như sau`.
    const TAILS: [&[&str]; 6] = [
        &["va", "co", "y", "kien"],
        &["va", "gop", "y"],
        &["va", "tham", "gia"],
        &["cu", "the", "nhu", "sau"],
        &["nhu", "sau"],
        &["co", "y", "kien"],
    ];
    let clause_words: Vec<(usize, String)> = clause
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - clause.as_ptr() as usize;
            (start, fold(w).trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        })
        .collect();
    let mut cut = clause.len();
    for (index, (start, _)) in clause_words.iter().enumerate() {
        let matches = TAILS.iter().any(|tail| {
            tail.iter().enumerate().all(|(k, w)| clause_words.get(index + k).is_some_and(|(_, cw)| cw == w))
        });
        if matches {
            cut = *start;
            break;
        }
    }
    let kept = clause[..cut].trim().trim_end_matches([',', ';', ':']).trim_end();
    (!kept.is_empty()).then(|| {
        let mut sentence = kept.to_owned();
        if !sentence.ends_with('.') {
            sentence.push('.');
        }
        sentence
    })
}

/// A unit before citations are read: its text, first line and the provision of the
/// item it is nested in.
#[derive(Debug, Clone)]
struct UnitDraft {
    text: String,
    line: usize,
    context: Option<ProvisionPath>,
}

/// A level of nesting: the marker kind of its items (`None` for an unmarked
/// heading), the provision its current item is about, and, while nothing has been
/// placed under a heading, the heading as a unit of its own (see [`place_blocks`]).
#[derive(Debug)]
struct Level {
    marker: Option<Marker>,
    context: Option<ProvisionPath>,
    alone: Option<UnitDraft>,
}

fn context_of(stack: &[Level]) -> Option<ProvisionPath> {
    stack.iter().rev().find_map(|level| level.context.clone())
}

/// Closes the levels of `stack` from `from` on. A heading nothing was placed under was
/// an opinion of its own (`2. Điều 7 hợp lý`, `3. Điều 10: bỏ`) and becomes a unit
/// instead of being lost: the innermost such heading (it then stands under the ones
/// around it, which are satisfied).
fn close_levels(stack: &mut Vec<Level>, from: usize, drafts: &mut Vec<UnitDraft>) {
    let mut placed = false;
    for level in stack.drain(from..).rev() {
        if !placed && let Some(alone) = level.alone {
            drafts.push(alone);
            placed = true;
        }
    }
    if placed {
        for level in stack.iter_mut() {
            level.alone = None;
        }
    }
}

/// Text without a leading heading label: `Ý kiến chung: Cơ bản thống nhất.` →
/// `Cơ bản thống nhất.`
fn strip_label(text: &str) -> &str {
    if let Some((label, rest)) = text.split_once(':') {
        let folded = fold(label.trim());
        if !rest.trim().is_empty()
            && label.split_whitespace().count() <= 6
            && HEADING_LABELS.iter().any(|l| folded.starts_with(l))
        {
            return rest.trim();
        }
    }
    text
}

/// A heading that introduces items rather than a comment: `2. Ý kiến cụ thể`,
/// `II. GÓP Ý CỤ THỂ`, `a) Điều 7`, `Tại Điều 7:`, `Về chức danh tương đương:`.
fn is_heading(text: &str, citations: &[Citation]) -> bool {
    let word_count = text.split_whitespace().count();
    let trimmed = text.trim_end();
    if word_count > 20 || trimmed.ends_with(['.', ';', '!', '?']) || quote_open(text) {
        return false;
    }
    let folded = fold(trimmed);
    if has_opinion(&folded) {
        return false;
    }
    if HEADING_LABELS.iter().any(|l| folded.starts_with(l)) || is_upper_text(trimmed) {
        return true;
    }
    let existing = citations.iter().filter(|c| !matches!(c.kind, CitationKind::External { .. })).count();
    if existing > 0 {
        let mut residue = String::new();
        let mut at = 0;
        for citation in citations {
            if citation.span.start >= at {
                residue.push_str(text.get(at..citation.span.start).unwrap_or_default());
                at = citation.span.end;
            }
        }
        residue.push_str(text.get(at..).unwrap_or_default());
        let residue_words = duthao_text::syllables(&residue)
            .filter(|w| !matches!(fold(w).as_str(), "tai" | "ve" | "doi" | "voi" | "o" | "cac" | "va"))
            .count();
        return residue_words <= 4 || (trimmed.ends_with(':') && residue_words <= 12);
    }
    trimmed.ends_with(':') && word_count <= 12
}

const CONTINUATIONS: [&str; 12] = [
    "ly do", "vi ", "boi vi", "do do", "cu the:", "theo do", "nhu vay", "vi du", "tuc la", "trong do", "“",
    "\"",
];

/// Places the blocks of the substance: headings set the context of the items under
/// them, other blocks become units or join the unit before. A heading that nothing
/// is placed under becomes a unit when its level closes, unless it is only a section
/// title (`Ý KIẾN CỤ THỂ`): nothing the letter says is dropped.
fn place_blocks(blocks: &[Block], drafts: &mut Vec<UnitDraft>) {
    let mut stack: Vec<Level> = Vec::new();
    for block in blocks {
        let text = strip_label(block.text.trim());
        if !text.contains(char::is_alphanumeric) {
            continue;
        }
        let citations = find_citations(text);
        if let Some(marker) = block.marker
            && let Some(position) = stack.iter().position(|level| level.marker == Some(marker))
        {
            close_levels(&mut stack, position, drafts);
        }
        let context = context_of(&stack);
        let first = citations.iter().find(|c| !matches!(c.kind, CitationKind::External { .. }));
        let own = first
            .and_then(|c| match &context {
                Some(base) => c.path.resolve(c.this_unit, base),
                None => (c.this_unit.is_none()).then(|| c.path.clone()),
            })
            .filter(|p| !p.is_empty());

        if is_heading(text, &citations) {
            let title_only = own.is_none() && is_section_title(text);
            if block.marker.is_none() {
                if title_only {
                    // An unmarked section title starts a new part of the letter.
                    close_levels(&mut stack, 0, drafts);
                } else {
                    let first_unmarked =
                        stack.iter().rposition(|level| level.marker.is_some()).map_or(0, |i| i + 1);
                    // `Về khoản 2:` after `Tại Điều 5:` carries the heading before it on
                    // (khoản 2 Điều 5): that one is not an opinion left alone.
                    let carried = context.is_some()
                        && first.is_some_and(|c| c.this_unit.is_some() || c.path.is_relative());
                    if carried {
                        for level in &mut stack[first_unmarked..] {
                            level.alone = None;
                        }
                    }
                    close_levels(&mut stack, first_unmarked, drafts);
                }
            }
            let alone = (!title_only).then(|| UnitDraft {
                text: text.to_owned(),
                line: block.line,
                context: context.clone(),
            });
            stack.push(Level { marker: block.marker, context: own, alone });
            continue;
        }
        // Text right under a heading that says something itself (`2. Điều 10: bỏ`, then
        // `Lý do: …`) continues it; under a heading that announces (`Tại Điều 5:`) it is
        // a unit of its own. Either way not the rest of the unit before the heading.
        let pending = stack.last_mut().and_then(|level| level.alone.take());
        for level in &mut stack {
            level.alone = None;
        }
        if let Some(mut heading) = pending {
            if block.marker.is_none() && !heading.text.trim_end().ends_with(':') {
                heading.text.push('\n');
                heading.text.push_str(text);
                drafts.push(heading);
                continue;
            }
        } else if block.marker.is_none()
            && let Some(last) = drafts.last_mut()
        {
            let folded = fold(text);
            let lower = text.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase);
            if lower || last.text.ends_with(':') || CONTINUATIONS.iter().any(|c| folded.starts_with(c)) {
                last.text.push('\n');
                last.text.push_str(text);
                continue;
            }
        }
        drafts.push(UnitDraft { text: text.to_owned(), line: block.line, context: context.clone() });
        if block.marker.is_some() {
            stack.push(Level { marker: block.marker, context: own, alone: None });
        }
    }
    close_levels(&mut stack, 0, drafts);
}

/// A heading that only names a section of the letter (`II. Ý KIẾN CỤ THỂ`, `Góp ý
/// chung:`), not an opinion: a label and nothing more, or all capitals.
fn is_section_title(text: &str) -> bool {
    let trimmed = text.trim_end().trim_end_matches([':', '.']);
    let folded = fold(trimmed);
    HEADING_LABELS.contains(&folded.trim()) || is_upper_text(trimmed)
}

/// Reads the citations of a unit and resolves the relative ones: against the last
/// complete citation before them in the unit, else the unit's context.
fn finish_unit(draft: UnitDraft, warnings: &mut Vec<LetterWarning>) -> Option<LetterUnit> {
    let text = draft.text.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    let mut citations: Vec<Citation> = Vec::new();
    let mut external = Vec::new();
    let mut base = draft.context.clone();
    for mut citation in find_citations(&text) {
        if matches!(citation.kind, CitationKind::External { .. }) {
            external.push(citation);
            continue;
        }
        let relative = citation.this_unit.is_some() || citation.path.is_relative();
        if relative {
            match base.as_ref().and_then(|b| citation.path.resolve(citation.this_unit, b)) {
                Some(path) => {
                    if let CitationKind::ProposedInsertion { after: Some(after) } = &mut citation.kind
                        && after.is_relative()
                        && let Some(resolved) = after.resolve(None, &path)
                    {
                        *after = resolved;
                    }
                    if path.article.is_some() || path.appendix.is_some() {
                        base = Some(path.clone());
                    }
                    citation.path = path;
                    citation.this_unit = None;
                }
                None if citation.this_unit.is_some() => {
                    warnings.push(LetterWarning::UnclearCitation {
                        line: draft.line,
                        citation: citation.text.clone(),
                    });
                    continue;
                }
                None => warnings
                    .push(LetterWarning::NoArticle { line: draft.line, citation: citation.text.clone() }),
            }
        } else if citation.path.article.is_some() || citation.path.appendix.is_some() {
            base = Some(citation.path.clone());
        }
        if !citations.iter().any(|c| c.path == citation.path && c.kind == citation.kind) {
            citations.push(citation);
        }
    }
    if citations.is_empty()
        && let Some(context) = draft.context
    {
        citations.push(Citation {
            path: context,
            kind: CitationKind::Existing,
            span: 0..0,
            text: String::new(),
            this_unit: None,
        });
    }
    let general = citations.is_empty();
    Some(LetterUnit { text, citations, external, general, line: draft.line })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_say_themselves_in_vietnamese_and_serialise_as_that() {
        let warning = LetterWarning::NoArticle { line: 2, citation: "khoản 3".to_owned() };
        assert_eq!(warning.to_string(), "Dòng 2: “khoản 3” không rõ thuộc điều nào của dự thảo");
        assert_eq!(warning, "Dòng 2: “khoản 3” không rõ thuộc điều nào của dự thảo");
        assert_ne!(warning, "Dòng 2: “khoản 3” không rõ thuộc điều nào của dự thảo.");
        assert_ne!(warning, "Dòng 2: “khoản 3”");
        assert_ne!(warning, "Dòng 22: “khoản 3” không rõ thuộc điều nào của dự thảo");
        assert_eq!(
            serde_json::to_string(&warning).expect("a string"),
            "\"Dòng 2: “khoản 3” không rõ thuộc điều nào của dự thảo\""
        );
    }

    #[test]
    fn list_markers() {
        let kinds: Vec<Option<Marker>> = [
            "1. Ý kiến",
            "1.2. Về",
            "2) Về",
            "a) Điều 7",
            "- Tại",
            "+ Khoản",
            "II. GÓP Ý",
            "Điều 5.",
            "2024. Năm",
            "-5% dân số",
            "A. Phần",
        ]
        .iter()
        .map(|l| list_marker(l).map(|(m, _)| m))
        .collect();
        assert_eq!(
            kinds,
            [
                Some(Marker::Arabic(1)),
                Some(Marker::Arabic(2)),
                Some(Marker::ArabicParen),
                Some(Marker::Letter),
                Some(Marker::Dash),
                Some(Marker::Plus),
                Some(Marker::Roman),
                None,
                None,
                None,
                Some(Marker::UpperLetter),
            ]
        );
    }

    #[test]
    fn header_cells_split_on_columns() {
        assert_eq!(cells("ỦY BAN NHÂN DÂN | CỘNG HÒA"), ["ỦY BAN NHÂN DÂN", "CỘNG HÒA"]);
        assert_eq!(cells("Số: 12/UBND\t\tNghệ An, ngày 1"), ["Số: 12/UBND", "Nghệ An, ngày 1"]);
        assert_eq!(cells("BỘ NỘI VỤ        CỘNG HÒA"), ["BỘ NỘI VỤ", "CỘNG HÒA"]);
    }

    #[test]
    fn agreement_is_cut_out_of_the_opening() {
        let opening = "Phúc đáp Công văn số 15-CV/BTCTW ngày 02/3/2026 của Ban Tổ chức Trung ương, sau khi \
                       nghiên cứu, Ủy ban nhân dân tỉnh cơ bản thống nhất với dự thảo và có ý kiến như sau:";
        assert_eq!(
            agreement_clause(opening).as_deref(),
            Some("Ủy ban nhân dân tỉnh cơ bản thống nhất với dự thảo.")
        );
    }
}
