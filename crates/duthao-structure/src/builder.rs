//! Places classified lines in the provision tree, splits off the title and
//! preamble, and checks numbering.
//!
//! One pass over the lines with a stack of open provisions: linear in the input.
//!
//! Choices worth knowing:
//! - A damaged marker (`8)`, `€)`, `$.`) inside an article is read as the marker it
//!   most likely stands for, with a warning: the expected next number when the glyph
//!   can stand for it (or has no known reading), otherwise the glyph's usual reading
//!   (`$` → 5). Outside an article it stays text.
//! - Articles, chapters, parts and appendices are numbered through the whole
//!   document; sections, clauses and points restart in each parent.
//! - After `./.`, `Nơi nhận:` or a signature line (`TM. CHÍNH PHỦ`) everything is
//!   ignored until a `Phụ lục` heading; an appendix keeps its lines as text.

use std::collections::HashMap;

use duthao_text::fold;

use crate::lines::SourceLine;
use crate::markers::{self, LineClass, Marker, NumKey, NumberSystem};
use crate::{Document, Provision, ProvisionKind, Style, Warning, WarningCode};

struct Classified {
    number: usize,
    text: String,
    class: LineClass,
}

pub(crate) fn build(lines: Vec<SourceLine>) -> Document {
    let classified: Vec<Classified> = lines
        .into_iter()
        .map(|line| {
            let text = markers::strip_noise(&line.text).to_owned();
            let class = markers::classify(&text, line.heading);
            Classified { number: line.number, text, class }
        })
        .collect();
    let style = detect_style(&classified);
    let start = body_start(&classified, style);
    let mut builder = Builder::new(style);
    let (title, preamble) = builder.preamble(&classified[..start.unwrap_or(classified.len())]);
    if let Some(start) = start {
        for line in &classified[start..] {
            builder.line(line);
        }
    }
    let mut warnings = std::mem::take(&mut builder.warnings);
    let provisions = builder.finish();
    if provisions.is_empty() {
        warnings.push(Warning {
            line: 1,
            code: WarningCode::EmptyDocument,
            message: "Không tìm thấy cấu trúc văn bản (Phần, Chương, Điều, khoản, mục I., 1. \
                      hay Phụ lục); toàn bộ nội dung được coi là phần mở đầu"
                .to_owned(),
        });
    }
    warnings.sort_by_key(|w| w.line);
    Document { title, style, preamble, provisions, warnings }
}

fn markers_of(lines: &[Classified]) -> impl Iterator<Item = &Marker> {
    lines.iter().filter_map(|l| match &l.class {
        LineClass::Marker(m) if m.damaged.is_none() => Some(m),
        _ => None,
    })
}

fn detect_style(lines: &[Classified]) -> Style {
    let count = |kind| markers_of(lines).filter(|m| m.kind == kind).count();
    let articles = count(ProvisionKind::Article);
    let romans = count(ProvisionKind::RomanSection);
    if articles > 0 && articles >= romans {
        Style::Normative
    } else if romans > 0 {
        Style::Report
    } else if count(ProvisionKind::Chapter) > 0 || count(ProvisionKind::Section) > 0 {
        Style::Normative
    } else if count(ProvisionKind::Part) > 0 || count(ProvisionKind::Clause) > 0 {
        Style::Report
    } else {
        Style::Normative
    }
}

/// Index of the line where the body (the first provision) starts.
fn body_start(lines: &[Classified], style: Style) -> Option<usize> {
    use ProvisionKind::*;
    let starters: &[ProvisionKind] = match style {
        Style::Normative => &[Part, Chapter, Section, Subsection, Article, Appendix],
        Style::Report => &[Part, Chapter, RomanSection, Appendix],
    };
    let first_of = |kinds: &[ProvisionKind]| {
        lines.iter().position(
            |l| matches!(&l.class, LineClass::Marker(m) if m.damaged.is_none() && kinds.contains(&m.kind)),
        )
    };
    first_of(starters).or_else(|| first_of(&[Clause]))
}

fn level(kind: ProvisionKind) -> u8 {
    match kind {
        ProvisionKind::Part | ProvisionKind::Appendix => 0,
        ProvisionKind::Chapter => 1,
        ProvisionKind::RomanSection => 2,
        ProvisionKind::Section => 3,
        ProvisionKind::Subsection => 4,
        ProvisionKind::Article => 5,
        ProvisionKind::Clause => 6,
        ProvisionKind::Point => 7,
    }
}

/// Kinds numbered through the whole document rather than within their parent.
fn numbered_globally(kind: ProvisionKind) -> bool {
    matches!(
        kind,
        ProvisionKind::Part | ProvisionKind::Chapter | ProvisionKind::Article | ProvisionKind::Appendix
    )
}

fn has_heading(kind: ProvisionKind) -> bool {
    !matches!(kind, ProvisionKind::Clause | ProvisionKind::Point)
}

/// The name of a kind inside a sentence: `Điều`, `khoản`, `điểm`, `Chương` …
fn kind_word(kind: ProvisionKind, style: Style) -> &'static str {
    match (kind, style) {
        (ProvisionKind::Part, _) => "Phần",
        (ProvisionKind::Chapter, _) => "Chương",
        (ProvisionKind::Section, _) => "Mục",
        (ProvisionKind::Subsection, _) => "Tiểu mục",
        (ProvisionKind::Article, _) => "Điều",
        (ProvisionKind::Clause, Style::Normative) => "khoản",
        (ProvisionKind::Clause, Style::Report) | (ProvisionKind::RomanSection, _) => "mục",
        (ProvisionKind::Point, _) => "điểm",
        (ProvisionKind::Appendix, _) => "Phụ lục",
    }
}

fn label(kind: ProvisionKind, number: &str, style: Style) -> String {
    match (kind, style) {
        (ProvisionKind::Clause, Style::Normative) => format!("Khoản {number}"),
        (ProvisionKind::Point, Style::Normative) => format!("Điểm {number}"),
        (ProvisionKind::Clause, Style::Report) | (ProvisionKind::RomanSection, _) => {
            format!("{number}.")
        }
        (ProvisionKind::Point, Style::Report) => format!("{number})"),
        (ProvisionKind::Appendix, _) if number.is_empty() => "Phụ lục".to_owned(),
        _ => format!("{} {number}", kind_word(kind, style)),
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `8, 9`, or `8 đến 20` for long runs.
fn list_numbers(from: u32, to: u32, system: NumberSystem) -> String {
    if to.saturating_sub(from) >= 8 {
        format!("{} đến {}", system.write(from), system.write(to))
    } else {
        (from..=to).map(|n| system.write(n)).collect::<Vec<_>>().join(", ")
    }
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches([')', '”', '"', '’', '»']).ends_with(['.', ';', ':', '!', '?', '…'])
}

fn starts_paragraph(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase() || matches!(c, '-' | '–' | '—' | '+' | '•' | '“' | '"'))
}

/// Joins a line to a provision's text: a space inside a sentence broken across
/// lines, a `\n` where a new sentence or list item starts, always `\n` for table rows.
fn append_text(buf: &mut String, line: &str) {
    if buf.is_empty() {
        buf.push_str(line);
        return;
    }
    let table = line.contains(" | ") || buf.rsplit('\n').next().is_some_and(|l| l.contains(" | "));
    if table || (ends_sentence(buf) && starts_paragraph(line)) {
        buf.push('\n');
    } else {
        buf.push(' ');
    }
    buf.push_str(line);
}

const DOCUMENT_TYPES: [&str; 24] = [
    "nghi dinh",
    "thong tu lien tich",
    "thong tu",
    "bo luat",
    "luat",
    "phap lenh",
    "nghi quyet",
    "quyet dinh",
    "quy dinh",
    "quy che",
    "bao cao",
    "to trinh",
    "de an",
    "du an",
    "ket luan",
    "chi thi",
    "huong dan",
    "ke hoach",
    "phuong an",
    "chuong trinh",
    "thong bao",
    "cong van",
    "hien phap",
    "dieu le",
];

/// `NGHỊ ĐỊNH`, `DỰ THẢO QUY ĐỊNH VỀ …`, `BÁO CÁO`: the line naming the document type.
fn is_document_type_line(line: &str) -> bool {
    if !markers::is_upper_text(line) || line.ends_with(':') {
        return false;
    }
    let folded = fold(line);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut text = words.join(" ");
    if let Some(rest) = text.strip_prefix("du thao ") {
        text = rest.to_owned();
    }
    DOCUMENT_TYPES.iter().any(|t| text == *t || text.starts_with(&format!("{t} ")))
}

/// The line after `NGHỊ ĐỊNH` that names the subject (`Quy định về …`).
fn is_title_continuation(line: &str) -> bool {
    let folded = fold(line);
    const STOP: [&str; 11] = [
        "can cu",
        "theo de nghi",
        "xet ",
        "thuc hien",
        "kinh gui",
        "tren co so",
        "so:",
        "so ",
        "cong hoa xa hoi",
        "doc lap",
        "ha noi,",
    ];
    !(STOP.iter().any(|s| folded.starts_with(s))
        || line.starts_with('(')
        || line.ends_with([';', '.'])
        || line.chars().count() > 300
        || is_document_type_line(line))
}

#[derive(Default)]
struct Sequence {
    last: Option<(NumKey, String)>,
    seen: HashMap<NumKey, usize>,
}

#[derive(Default)]
struct Sequences(Vec<(ProvisionKind, Sequence)>);

impl Sequences {
    fn get(&mut self, kind: ProvisionKind) -> &mut Sequence {
        let index = match self.0.iter().position(|(k, _)| *k == kind) {
            Some(i) => i,
            None => {
                self.0.push((kind, Sequence::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[index].1
    }

    fn last(&self, kind: ProvisionKind) -> Option<NumKey> {
        self.0.iter().find(|(k, _)| *k == kind).and_then(|(_, s)| s.last.as_ref().map(|(key, _)| *key))
    }
}

struct Frame {
    provision: Provision,
    children_numbers: Sequences,
    unplaced_warned: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadingState {
    /// The next text line is the heading (`Điều 1.` alone on its line).
    Awaiting,
    /// A heading was just read; a line continuing it may follow.
    Open,
    Closed,
}

struct Builder {
    style: Style,
    warnings: Vec<Warning>,
    roots: Vec<Provision>,
    stack: Vec<Frame>,
    global_numbers: Sequences,
    root_numbers: Sequences,
    heading: HeadingState,
    ended: bool,
}

impl Builder {
    fn new(style: Style) -> Self {
        Self {
            style,
            warnings: Vec::new(),
            roots: Vec::new(),
            stack: Vec::new(),
            global_numbers: Sequences::default(),
            root_numbers: Sequences::default(),
            heading: HeadingState::Closed,
            ended: false,
        }
    }

    fn warn(&mut self, line: usize, code: WarningCode, message: String) {
        self.warnings.push(Warning { line, code, message });
    }

    /// Splits the lines before the body into the title and the rest of the preamble.
    fn preamble(&mut self, lines: &[Classified]) -> (Option<String>, String) {
        let mut kept: Vec<&str> = Vec::new();
        for line in lines {
            match &line.class {
                LineClass::Blank => {}
                LineClass::Junk { silent } => {
                    if !silent {
                        self.junk_warning(line);
                    }
                }
                _ => kept.push(&line.text),
            }
        }
        let mut title_lines = Vec::new();
        if let Some(first) = kept.iter().position(|l| is_document_type_line(l)) {
            title_lines.push(first);
            for (i, line) in kept.iter().enumerate().skip(first + 1).take(3) {
                if !is_title_continuation(line) {
                    break;
                }
                title_lines.push(i);
            }
        }
        let title = (!title_lines.is_empty())
            .then(|| title_lines.iter().map(|&i| kept[i]).collect::<Vec<_>>().join("\n"));
        let preamble = kept
            .iter()
            .enumerate()
            .filter(|(i, _)| !title_lines.contains(i))
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n");
        (title, preamble)
    }

    fn junk_warning(&mut self, line: &Classified) {
        self.warn(
            line.number,
            WarningCode::JunkLine,
            format!("Bỏ dòng chỉ có ký tự lạ (có thể do lỗi nhận dạng chữ): “{}”", line.text),
        );
    }

    fn in_appendix(&self) -> bool {
        self.stack.last().is_some_and(|f| f.provision.kind == ProvisionKind::Appendix)
    }

    fn line(&mut self, line: &Classified) {
        let in_appendix = self.in_appendix();
        match &line.class {
            LineClass::Blank => {}
            LineClass::Marker(m) if m.kind == ProvisionKind::Appendix => {
                self.open(m.clone(), line.number);
            }
            _ if self.ended => {}
            LineClass::Junk { silent } => {
                if in_appendix {
                    if !silent {
                        self.appendix_text(&line.text);
                    }
                } else if !silent {
                    self.junk_warning(line);
                }
            }
            LineClass::End(before) => {
                if !before.is_empty() {
                    if in_appendix {
                        self.appendix_text(before);
                    } else {
                        self.text(before, line.number);
                    }
                }
                self.ended = true;
            }
            LineClass::Signature if !in_appendix => self.ended = true,
            LineClass::Marker(m) if !in_appendix => self.marker(m, line),
            _ if in_appendix => self.appendix_text(&line.text),
            _ => self.text(&line.text, line.number),
        }
    }

    fn marker(&mut self, marker: &Marker, line: &Classified) {
        let mut marker = marker.clone();
        if let Some(damaged) = marker.damaged.take() {
            let inside_article = self.stack.iter().any(|f| {
                matches!(
                    f.provision.kind,
                    ProvisionKind::Article
                        | ProvisionKind::Clause
                        | ProvisionKind::Point
                        | ProvisionKind::RomanSection
                )
            });
            if !inside_article {
                self.text(&line.text, line.number);
                return;
            }
            self.pop_to(marker.kind);
            let last = self.numbers_for(marker.kind).last(marker.kind);
            let expected = last.map_or(1, |(major, _)| major + 1);
            let expected_number = marker.system.write(expected);
            let number =
                if damaged.candidates.is_empty() || damaged.candidates.contains(&expected_number.as_str()) {
                    expected_number
                } else {
                    damaged.candidates[0].to_owned()
                };
            let Some(key) = markers::number_key(marker.kind, &number) else {
                self.text(&line.text, line.number);
                return;
            };
            marker.number = number;
            marker.key = key;
            self.warn(
                line.number,
                WarningCode::SuspiciousMarker,
                format!(
                    "Ký hiệu “{}” ở đầu dòng có thể do lỗi nhận dạng chữ (OCR); đã hiểu là {} {}",
                    damaged.written,
                    kind_word(marker.kind, self.style),
                    marker.number
                ),
            );
        }
        if marker.foreign_letter {
            self.warn(
                line.number,
                WarningCode::SuspiciousMarker,
                format!(
                    "Điểm “{})” dùng chữ cái không có trong bảng chữ cái tiếng Việt \
                     (điểm được đánh theo a, b, c, d, đ, e, g, h …)",
                    marker.number
                ),
            );
        }
        self.open(marker, line.number);
    }

    /// Closes open provisions at the same or a deeper level than `kind`.
    fn pop_to(&mut self, kind: ProvisionKind) {
        while self.stack.last().is_some_and(|f| level(f.provision.kind) >= level(kind)) {
            self.pop();
        }
    }

    fn pop(&mut self) {
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        let text = frame.provision.text.trim().to_owned();
        frame.provision.text = text;
        match self.stack.last_mut() {
            Some(parent) => parent.provision.children.push(frame.provision),
            None => self.roots.push(frame.provision),
        }
    }

    fn numbers_for(&mut self, kind: ProvisionKind) -> &mut Sequences {
        if numbered_globally(kind) {
            &mut self.global_numbers
        } else {
            match self.stack.last_mut() {
                Some(parent) => &mut parent.children_numbers,
                None => &mut self.root_numbers,
            }
        }
    }

    /// ` trong khoản 3 Điều 7`: where a sequence lives, for messages.
    fn context(&self, kind: ProvisionKind) -> String {
        if numbered_globally(kind) {
            return String::new();
        }
        let mut names = Vec::new();
        for frame in self.stack.iter().rev() {
            let p = &frame.provision;
            names.push(format!("{} {}", kind_word(p.kind, self.style), p.number));
            if p.kind == ProvisionKind::Article {
                break;
            }
        }
        if names.is_empty() { String::new() } else { format!(" trong {}", names.join(" ")) }
    }

    fn check_number(&mut self, marker: &Marker, line: usize) {
        if marker.kind == ProvisionKind::Appendix && marker.number.is_empty() {
            return;
        }
        let word = kind_word(marker.kind, self.style);
        let context = self.context(marker.kind);
        let number = &marker.number;
        let key = marker.key;
        let sequence = self.numbers_for(marker.kind).get(marker.kind);
        let previous_line = sequence.seen.get(&key).copied();
        let last = sequence.last.replace((key, number.clone()));
        sequence.seen.entry(key).or_insert(line);
        let warning = if let Some(previous_line) = previous_line {
            Some((
                WarningCode::DuplicateNumber,
                format!("{} {number} lặp lại{context} (đã có ở dòng {previous_line})", capitalise(word)),
            ))
        } else {
            match last {
                None if key.0 > 1 => Some((
                    WarningCode::Gap,
                    format!(
                        "Thiếu {word} {}{context} ({word} đầu tiên là {word} {number})",
                        list_numbers(1, key.0 - 1, marker.system)
                    ),
                )),
                Some((last_key, last_number)) if key < last_key => Some((
                    WarningCode::OutOfOrder,
                    format!(
                        "{} {number} đứng sau {word} {last_number}{context}: sai thứ tự",
                        capitalise(word)
                    ),
                )),
                Some((last_key, last_number))
                    if key.0 > last_key.0 + 1 || (key.0 == last_key.0 + 1 && key.1 > 0) =>
                {
                    let to = if key.1 > 0 { key.0 } else { key.0 - 1 };
                    Some((
                        WarningCode::Gap,
                        format!(
                            "Thiếu {word} {}{context} (sau {word} {last_number} là {word} {number})",
                            list_numbers(last_key.0 + 1, to, marker.system)
                        ),
                    ))
                }
                _ => None,
            }
        };
        if let Some((code, message)) = warning {
            self.warn(line, code, message);
        }
    }

    fn open(&mut self, marker: Marker, line: usize) {
        self.pop_to(marker.kind);
        self.check_number(&marker, line);
        let mut provision = Provision {
            kind: marker.kind,
            label: label(marker.kind, &marker.number, self.style),
            number: marker.number,
            heading: None,
            text: String::new(),
            line,
            children: Vec::new(),
        };
        if has_heading(marker.kind) {
            if marker.rest.is_empty() {
                self.heading = HeadingState::Awaiting;
            } else {
                provision.heading = Some(marker.rest);
                self.heading = HeadingState::Open;
            }
        } else {
            provision.text = marker.rest;
            self.heading = HeadingState::Closed;
        }
        if marker.kind == ProvisionKind::Appendix {
            self.ended = false;
        }
        self.stack.push(Frame { provision, children_numbers: Sequences::default(), unplaced_warned: false });
    }

    fn text(&mut self, text: &str, line: usize) {
        let style = self.style;
        let state = self.heading;
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let kind = frame.provision.kind;
        let number = frame.provision.number.clone();
        match (state, frame.provision.heading.as_mut()) {
            (HeadingState::Awaiting, _) if has_heading(kind) => {
                frame.provision.heading = Some(text.to_owned());
                self.heading = HeadingState::Open;
                return;
            }
            (HeadingState::Open, Some(heading)) => {
                if markers::starts_lowercase(text) && !ends_sentence(heading) {
                    heading.push(' ');
                    heading.push_str(text);
                    return;
                }
                if kind != ProvisionKind::Article && markers::is_upper_text(text) {
                    if fold(text) == fold(heading) {
                        let message =
                            format!("Bỏ dòng tên {} {number} lặp lại: “{text}”", kind_word(kind, style));
                        self.warn(line, WarningCode::DuplicateHeading, message);
                        return;
                    }
                    if markers::is_upper_text(heading) {
                        heading.push(' ');
                        heading.push_str(text);
                        return;
                    }
                }
            }
            _ => {}
        }
        self.heading = HeadingState::Closed;
        let holds_articles = matches!(
            kind,
            ProvisionKind::Part | ProvisionKind::Chapter | ProvisionKind::Section | ProvisionKind::Subsection
        );
        let first_unplaced = style == Style::Normative
            && holds_articles
            && self.stack.last().is_some_and(|f| !f.unplaced_warned);
        if let Some(frame) = self.stack.last_mut() {
            append_text(&mut frame.provision.text, text);
            if first_unplaced {
                frame.unplaced_warned = true;
            }
        }
        if first_unplaced {
            let message = format!(
                "Dòng không thuộc Điều nào; đã ghép vào nội dung của {} {number}",
                kind_word(kind, style)
            );
            self.warn(line, WarningCode::UnplacedLine, message);
        }
    }

    /// A line inside a `Phụ lục`: title lines in capitals become the heading, the
    /// rest is kept line by line.
    fn appendix_text(&mut self, text: &str) {
        let state = self.heading;
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        if markers::is_upper_text(text) && !text.contains(" | ") {
            match (state, frame.provision.heading.as_mut()) {
                (HeadingState::Awaiting, _) => {
                    frame.provision.heading = Some(text.to_owned());
                    self.heading = HeadingState::Open;
                    return;
                }
                (HeadingState::Open, Some(heading)) => {
                    heading.push(' ');
                    heading.push_str(text);
                    return;
                }
                _ => {}
            }
        }
        self.heading = HeadingState::Closed;
        let body = &mut frame.provision.text;
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(text);
    }

    fn finish(mut self) -> Vec<Provision> {
        while !self.stack.is_empty() {
            self.pop();
        }
        self.roots
    }
}
