//! Turns a Vietnamese legal or administrative document into a tree of provisions.
//!
//! Input is plain text, Markdown or DOCX (read from a byte slice, never from disk).
//! Everything goes through one engine:
//!
//! 1. the input becomes numbered source lines (`lines`; the DOCX reader in
//!    `docx` turns paragraphs and table rows into lines);
//! 2. each line is classified: a structural marker (`Chương II`, `Điều 5a.`, `1.`,
//!    `a)`, `I.` …), text, or OCR junk (`markers`);
//! 3. the builder (`builder`) places the lines in a tree, finds the title and the
//!    preamble, and reports what looks wrong as [`Warning`]s with line numbers.
//!
//! The parser never panics and always returns a tree for text input: problems become
//! warnings. Only [`parse_bytes`] and [`parse_docx`] fail, with an [`InputError`]
//! whose message (in Vietnamese) tells the user what to do.
//!
//! This crate must not do I/O, logging or storage; the application does that.

pub mod akoma;
mod builder;
pub mod citation;
mod docx;
mod error;
pub mod letter;
pub mod lineage;
mod lines;
mod markers;

use serde::Serialize;

pub use citation::{Citation, CitationKind, ProvisionPath, find_citations};
pub use docx::{DocxTable, read_tables};
pub use error::InputError;
pub use letter::{LetterUnit, SplitLetter, split_letter, unresolved};

/// The kind of a unit of a document, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionKind {
    /// `Phần I`, `Phần thứ nhất`.
    Part,
    /// `Chương II`.
    Chapter,
    /// `Mục 1`.
    Section,
    /// `Tiểu mục 1`.
    Subsection,
    /// `Điều 5`, `Điều 5a`.
    Article,
    /// Khoản: `1.`, `5a.` (in report style, a numbered item `1.`).
    Clause,
    /// Điểm: `a)`, `đ)`, `d1)`.
    Point,
    /// `Phụ lục I`: a top-level provision whose content is kept as text.
    Appendix,
    /// A report-style heading `I.`, `II.`.
    RomanSection,
}

/// One unit of the document and the units inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provision {
    pub kind: ProvisionKind,
    /// How a Vietnamese reader names it: `Điều 5a`, `Khoản 2`, `Điểm đ`, `Chương II`,
    /// `Phụ lục I`, `I.`; in report style `1.` and `a)`.
    pub label: String,
    /// The number as written: `5a`, `II`, `đ`, `d1`, `thứ nhất`; empty for an
    /// unnumbered `Phụ lục`.
    pub number: String,
    /// The title of an article, chapter, part, section or appendix.
    pub heading: Option<String>,
    /// The provision's own text, without its children's. Lines broken inside a
    /// sentence are joined with a space; a new paragraph starts with `\n`.
    pub text: String,
    /// 1-based source line of the marker (paragraph or table-row number for DOCX).
    pub line: usize,
    pub children: Vec<Provision>,
}

/// How the document numbers its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Laws, decrees, circulars, regulations: `Chương` / `Điều` / khoản / điểm.
    Normative,
    /// Reports, schemes, submissions: `Phần I` / `I.` / `1.` / `a)`.
    Report,
}

/// What a [`Warning`] is about, for filtering and counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A number is missing from a sequence (`Điều 7` then `Điều 10`).
    Gap,
    /// A number appears twice in the same sequence.
    DuplicateNumber,
    /// A number goes backwards without repeating an earlier one.
    OutOfOrder,
    /// A damaged marker (`8)`, `€)`, `$.`) read as the marker it most likely is.
    SuspiciousMarker,
    /// Text that belongs to no article (e.g. between a chapter title and its first
    /// article); kept in the enclosing provision's text.
    UnplacedLine,
    /// A line of stray characters (`|`, `l Ị`), dropped.
    JunkLine,
    /// A repeated title line (OCR of a page header), dropped.
    DuplicateHeading,
    /// No structure found at all.
    EmptyDocument,
}

/// Something the parser noticed and worked around.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// 1-based source line (paragraph or table-row number for DOCX).
    pub line: usize,
    pub code: WarningCode,
    /// Vietnamese message for the editor, e.g. `Thiếu Điều 8, 9 (sau Điều 7 là Điều 10)`.
    pub message: String,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The document type and name, e.g. `NGHỊ ĐỊNH\nQuy định về vị trí việc làm
    /// viên chức` (lines joined with `\n`), when recognisable.
    pub title: Option<String>,
    pub style: Style,
    /// Everything before the first provision except the title: agency, national
    /// motto, number, place and date, `Căn cứ …` lines. Lines joined with `\n`.
    pub preamble: String,
    pub provisions: Vec<Provision>,
    pub warnings: Vec<Warning>,
}

/// The format of an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Markdown,
    Docx,
    /// Akoma Ntoso XML ([`akoma`]).
    AkomaNtoso,
}

/// Limits that protect the server from hostile files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocxLimits {
    /// Largest input accepted, and largest total uncompressed size of a DOCX.
    pub max_uncompressed_bytes: u64,
    /// Largest compression ratio accepted for a zip entry of more than 1 MiB.
    pub max_ratio: u64,
}

impl Default for DocxLimits {
    fn default() -> Self {
        Self { max_uncompressed_bytes: 50 * 1024 * 1024, max_ratio: 200 }
    }
}

impl Document {
    /// Number of provisions at every depth.
    pub fn count(&self) -> usize {
        self.walk().count()
    }

    /// All provisions in document order (parents before children), each with its
    /// depth (0 for top-level provisions).
    pub fn walk(&self) -> Walk<'_> {
        Walk { stack: self.provisions.iter().rev().map(|p| (0, p)).collect() }
    }
}

/// Pre-order iterator over a document's provisions; see [`Document::walk`].
#[derive(Debug, Clone)]
pub struct Walk<'a> {
    stack: Vec<(usize, &'a Provision)>,
}

impl<'a> Iterator for Walk<'a> {
    type Item = (usize, &'a Provision);

    fn next(&mut self) -> Option<Self::Item> {
        let (depth, provision) = self.stack.pop()?;
        self.stack.extend(provision.children.iter().rev().map(|c| (depth + 1, c)));
        Some((depth, provision))
    }
}

/// Parses plain text. Never fails: a text without structure gives a document with no
/// provisions and an [`WarningCode::EmptyDocument`] warning.
pub fn parse_text(input: &str) -> Document {
    builder::build(lines::from_text(input))
}

/// Parses Markdown: heading marks, emphasis and escapes are removed, table rows are
/// kept as text lines (`ô 1 | ô 2`), then the text engine runs. Never fails.
pub fn parse_markdown(input: &str) -> Document {
    builder::build(lines::from_markdown(input))
}

/// Parses a DOCX file given as bytes, within `limits`. Line numbers in the result are
/// paragraph numbers (a table row counts as one paragraph).
///
/// A document without structure is returned with an
/// [`WarningCode::EmptyDocument`] warning, as by [`parse_text`]; [`parse_bytes`]
/// turns it into [`InputError::NoStructure`].
pub fn parse_docx(bytes: &[u8], limits: &DocxLimits) -> Result<Document, InputError> {
    let lines = docx::read_lines(bytes, limits)?;
    Ok(builder::build(lines))
}

/// The text of a DOCX file as paragraphs, in order (a table row is one paragraph,
/// its cells joined by ` | `; a line break inside a paragraph is kept as `\n`), for
/// reading a comment letter ([`split_letter`] takes them joined with `\n`).
pub fn docx_paragraphs(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<String>, InputError> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = 0;
    for line in docx::read_lines(bytes, limits)? {
        match paragraphs.last_mut() {
            Some(last) if line.number == current => {
                last.push('\n');
                last.push_str(&line.text);
            }
            _ => paragraphs.push(line.text),
        }
        current = line.number;
    }
    Ok(paragraphs)
}

/// Parses an uploaded file. Text and Markdown must be UTF-8 (a BOM is allowed).
/// Fails with [`InputError::NoStructure`] when nothing recognisable is found.
pub fn parse_bytes(bytes: &[u8], format: Format, limits: &DocxLimits) -> Result<Document, InputError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_uncompressed_bytes {
        return Err(InputError::TooLarge { size, limit: limits.max_uncompressed_bytes });
    }
    let document = match format {
        Format::Docx => parse_docx(bytes, limits)?,
        Format::AkomaNtoso => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            let text = std::str::from_utf8(body).map_err(|e| InputError::InvalidUtf8 {
                byte_offset: e.valid_up_to() + (bytes.len() - body.len()),
            })?;
            akoma::from_akoma_ntoso(text).map_err(|e| InputError::AkomaNtoso(e.to_string()))?
        }
        Format::Text | Format::Markdown => {
            let (body, offset) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (rest, 3),
                None => (bytes, 0),
            };
            let text = std::str::from_utf8(body)
                .map_err(|e| InputError::InvalidUtf8 { byte_offset: e.valid_up_to() + offset })?;
            if format == Format::Text { parse_text(text) } else { parse_markdown(text) }
        }
    };
    if document.provisions.is_empty() {
        return Err(InputError::NoStructure);
    }
    Ok(document)
}
