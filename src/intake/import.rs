//! Batch import of comments from a spreadsheet: reading a CSV or XLSX file into checked
//! rows, and the templates users download to fill in.
//!
//! This module is pure: no database, no HTTP. It decides what each row of the file
//! says and whether it is acceptable on its own (text, lengths, e-mail shape, date,
//! provision written as one provision); whether the provision exists in the draft and
//! the organisation is known is for the caller, which stores the rows through
//! [`super::Intake`]. It never panics on input.
//!
//! How a file is read:
//!
//! - The header row is the first non-empty row that has a "Nội dung góp ý" column,
//!   looked for among the first [`HEADER_SEARCH_ROWS`] non-empty rows, so a title
//!   above the table is skipped (with a note). Headers match whatever their case,
//!   diacritics, spacing and punctuation (`noi dung gop y`, `NỘI DUNG GÓP Ý (*)`), and
//!   a few short forms (`Nội dung`, `Email`, `Họ tên`). Unknown columns (`STT`,
//!   `Ghi chú`) are ignored and listed in a note; a field given twice is an error.
//! - Row numbers are those the user sees in Excel: the header is row 1 when it is the
//!   first line. Empty rows (and rows with data only in ignored columns) are skipped
//!   silently but still counted in the numbering.
//! - A row whose "Nội dung góp ý" starts with [`SAMPLE_MARKER`] is the template's
//!   example and is skipped with a note.
//! - Text typed in the TCVN3 or VNI fonts is converted to Unicode, cell by cell with
//!   evidence from the whole file (see [`duthao_text::legacy`]); a CSV that is not
//!   UTF-8 is decoded with [`legacy::decode_bytes`].
//! - XLSX: the first sheet. A formula cell gives its cached value; one without a cached
//!   value is a row error. A cell merged over several rows in the data area gives its
//!   value to every row it covers (in its first column; the other columns it covers are
//!   empty), so a "Điều khoản" merged over three comments applies to all three.
//!   Dates are Excel serial dates (date cells, or plain numbers in the date column).
//! - Dates are returned as `YYYY-MM-DD` whichever way they were written.

use std::collections::HashMap;
use std::io::Cursor;

use duthao_structure::ProvisionPath;
use duthao_text::legacy::{self, Encoding};

use crate::domain::comment::{
    MAX_COMMENT_CHARS, MAX_NAME_CHARS, MAX_QUOTE_CHARS, is_email_shaped, optional_field,
};
use crate::domain::{CommentError, CommentText};
use crate::i18n::Lang;

/// The columns of an import file: the header as written in the template, and the
/// [`ImportRow`] field it fills. Only "Nội dung góp ý" is required.
pub const COLUMNS: [(&str, &str); 7] = [
    ("Điều khoản", "provision"),
    ("Nội dung góp ý", "text"),
    ("Trích dẫn", "quote"),
    ("Họ và tên", "author_name"),
    ("Thư điện tử", "author_email"),
    ("Cơ quan, tổ chức", "organisation"),
    ("Ngày góp ý", "date"),
];

/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 100_000;

/// How many non-empty rows at the top of a file are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// A row whose "Nội dung góp ý" starts with this (case and diacritics aside) is the
/// template's example row and is not imported.
pub const SAMPLE_MARKER: &str = "[Ví dụ]";

/// Longest provision reference, in characters.
pub const MAX_PROVISION_CHARS: usize = 200;

// Indices into `COLUMNS`.
const PROVISION: usize = 0;
const TEXT: usize = 1;
const QUOTE: usize = 2;
const NAME: usize = 3;
const EMAIL: usize = 4;
const ORGANISATION: usize = 5;
const DATE: usize = 6;
const FIELDS: usize = COLUMNS.len();

/// Short forms of the headers (as [`header_key`] gives them) accepted as well.
const HEADER_ALIASES: [(&str, usize); 15] = [
    ("dieu", PROVISION),
    ("noi dung", TEXT),
    ("y kien", TEXT),
    ("y kien gop y", TEXT),
    ("noi dung y kien", TEXT),
    ("ho ten", NAME),
    ("nguoi gop y", NAME),
    ("email", EMAIL),
    ("e mail", EMAIL),
    ("thu dien tu email", EMAIL),
    ("co quan", ORGANISATION),
    ("to chuc", ORGANISATION),
    ("don vi", ORGANISATION),
    ("co quan don vi", ORGANISATION),
    ("ngay", DATE),
];

/// What a "Điều khoản" cell may say to mean the whole draft (as [`header_key`] gives it).
const WHOLE_DRAFT: [&str; 6] =
    ["chung", "toan bo", "toan bo du thao", "ca du thao", "toan van", "toan van du thao"];

/// Columns beyond this are ignored: no import sheet is this wide, and it bounds the
/// work on a crafted file.
const MAX_COLUMNS: usize = 200;
/// A cell longer than this (in characters) is not kept: it is refused as too long
/// without being copied, which bounds memory on a crafted file.
const CELL_CHAR_CAP: usize = 50_000;
/// The most text, in bytes, kept from one file.
const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// One comment read from the file, every field cleaned (NFC, trimmed) and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number as the user sees it in a spreadsheet; the header is row 1 when it
    /// is the first line.
    pub row: usize,
    /// As typed: `Điều 5`, `khoản 2 Điều 5`, `điểm a khoản 1 Điều 3`; checked to be one
    /// provision with an article (or appendix). `None` = the whole draft.
    pub provision: Option<String>,
    pub text: String,
    pub quote: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    /// An organisation's code or exact name, to be looked up by the caller.
    pub organisation: Option<String>,
    /// A valid calendar date, `YYYY-MM-DD` (written `dd/mm/yyyy` or `yyyy-mm-dd`).
    pub date: Option<String>,
}

/// A message to the person importing a file: the key of its text in
/// `locales/*/admin.ftl` and its arguments, so that a page says it in its reader's
/// language. `Display` gives the Vietnamese, which the API and the command line use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    /// A number, a code: the same in every language.
    Plain(String),
    /// Words from the file (a cell, a header) or to be typed in it: Vietnamese
    /// whatever the reader's language.
    Vietnamese(String),
    /// Another notice, said in the same language.
    Notice(Box<Notice>),
}

/// A piece of a notice's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// Vietnamese words within text in another language, which a page marks
    /// `lang="vi"`. Never set when the notice is said in Vietnamese.
    pub vietnamese: bool,
}

impl Notice {
    pub(crate) fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    /// With an argument that reads the same in every language (a number).
    pub(crate) fn plain(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// With an argument in Vietnamese whatever the language (a cell, a header).
    pub(crate) fn vietnamese(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, Arg::Vietnamese(value.into())));
        self
    }

    /// With another notice as an argument.
    pub(crate) fn notice(mut self, name: &'static str, value: Notice) -> Self {
        self.args.push((name, Arg::Notice(Box::new(value))));
        self
    }

    /// The key of the text, for tests and logs.
    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.pieces(lang).into_iter().map(|p| p.text).collect()
    }

    /// The text in `lang`, in pieces that say which words are Vietnamese (templates
    /// pass the language by reference).
    pub fn pieces(&self, lang: impl std::borrow::Borrow<Lang>) -> Vec<Piece> {
        let lang = *lang.borrow();
        // Each argument goes in as a marker, so that where it lands is known and
        // nothing an argument holds is ever taken for a marker.
        const OPEN: char = '\u{E000}';
        const CLOSE: char = '\u{E001}';
        let markers: Vec<String> = (0..self.args.len()).map(|i| format!("{OPEN}{i}{CLOSE}")).collect();
        let args: Vec<(&str, &str)> =
            self.args.iter().zip(&markers).map(|((name, _), marker)| (*name, marker.as_str())).collect();
        let text = lang.t_args(self.key, &args);

        let mut pieces: Vec<Piece> = Vec::new();
        let mut push = |text: &str, vietnamese: bool| {
            let vietnamese = vietnamese && lang != Lang::Vi;
            match pieces.last_mut() {
                _ if text.is_empty() => {}
                Some(last) if last.vietnamese == vietnamese => last.text.push_str(text),
                _ => pieces.push(Piece { text: text.to_owned(), vietnamese }),
            }
        };
        let mut rest = text.as_str();
        while let Some(start) = rest.find(OPEN) {
            push(&rest[..start], false);
            let after = &rest[start + OPEN.len_utf8()..];
            let Some(end) = after.find(CLOSE) else {
                rest = &rest[start..];
                break;
            };
            match after[..end].parse::<usize>().ok().and_then(|i| self.args.get(i)) {
                Some((_, Arg::Plain(value))) => push(value, false),
                Some((_, Arg::Vietnamese(value))) => push(value, true),
                Some((_, Arg::Notice(notice))) => {
                    for piece in notice.pieces(lang) {
                        push(&piece.text, piece.vietnamese);
                    }
                }
                None => push(&after[..end], false),
            }
            rest = &after[end + CLOSE.len_utf8()..];
        }
        push(rest, false);
        pieces
    }
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::Vi))
    }
}

/// Why one cell of one row was refused. A row with any error is not in
/// [`ParsedImport::rows`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    /// The column's header as in [`COLUMNS`].
    pub column: String,
    /// In Vietnamese, saying what is wrong and how to put it right.
    pub reason: String,
    /// The reason, to be said in the reader's language.
    pub notice: Notice,
}

impl RowError {
    pub fn new(row: usize, column: &str, notice: Notice) -> Self {
        Self { row, column: column.to_owned(), reason: notice.to_string(), notice }
    }
}

/// What the caller looks up of a row refused for its own errors: the fields that were
/// read (provision, organisation, date), so that what it cannot find is reported in
/// the same pass as the rest instead of after the row is mended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRow {
    pub row: usize,
    pub provision: Option<String>,
    pub organisation: Option<String>,
    pub date: Option<String>,
}

/// What the caller looks up of a row, borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct RowLookups<'a> {
    pub row: usize,
    pub provision: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub date: Option<&'a str>,
}

impl<'a> RowLookups<'a> {
    fn of(
        row: usize,
        provision: &'a Option<String>,
        organisation: &'a Option<String>,
        date: &'a Option<String>,
    ) -> Self {
        Self {
            row,
            provision: provision.as_deref(),
            organisation: organisation.as_deref(),
            date: date.as_deref(),
        }
    }
}

impl ImportRow {
    pub fn lookups(&self) -> RowLookups<'_> {
        RowLookups::of(self.row, &self.provision, &self.organisation, &self.date)
    }
}

impl RefusedRow {
    pub fn lookups(&self) -> RowLookups<'_> {
        RowLookups::of(self.row, &self.provision, &self.organisation, &self.date)
    }
}

/// The result of reading a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedImport {
    pub rows: Vec<ImportRow>,
    /// In row order, then column order.
    pub errors: Vec<RowError>,
    /// The rows with errors, in row order.
    pub refused: Vec<RefusedRow>,
    /// Data rows read: the rows accepted plus the rows refused (the template's example
    /// row and empty rows are not counted).
    pub total_rows: usize,
    /// Set when some text was converted from another encoding.
    pub encoding_note: Option<Notice>,
    /// Other things the user should know: ignored columns, rows above the header, the
    /// example row skipped.
    pub notes: Vec<Notice>,
}

/// Why a file could not be read at all. `Display` says it in Vietnamese; [`Self::notice`]
/// in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Empty,
    MissingColumns {
        /// The required headers not found, as in [`COLUMNS`].
        missing: Vec<String>,
        /// The headers of the row taken for the header row, as written.
        found: Vec<String>,
    },
    DuplicateColumns {
        columns: Vec<String>,
    },
    NotXlsx {
        detail: Notice,
    },
    TooManyRows {
        limit: usize,
    },
    TooLarge {
        limit_mib: usize,
    },
    Csv {
        line: u64,
        /// From the CSV reader, in English.
        detail: String,
    },
    /// A PDF, an image or another binary file sent as a CSV.
    NotText,
    /// A quoted field opened on this line of the file is never closed: the reader
    /// would take every line after it into that one cell.
    UnclosedQuote {
        line: u64,
    },
}

impl ImportError {
    /// What is wrong and how to put it right.
    pub fn notice(&self) -> Notice {
        match self {
            Self::Empty => Notice::new("adm-import-file-empty"),
            Self::MissingColumns { missing, found } if found.is_empty() => {
                Notice::new("adm-import-missing-columns").vietnamese("column", quoted_list(missing))
            }
            Self::MissingColumns { missing, found } => Notice::new("adm-import-missing-columns-found")
                .vietnamese("column", quoted_list(missing))
                .vietnamese("value", quoted_list(found)),
            Self::DuplicateColumns { columns } => {
                Notice::new("adm-import-duplicate-columns").vietnamese("column", quoted_list(columns))
            }
            Self::NotXlsx { detail } => Notice::new("adm-import-not-xlsx").notice("value", detail.clone()),
            Self::TooManyRows { limit } => Notice::new("adm-import-too-many-rows").plain("max", limit),
            Self::TooLarge { limit_mib } => Notice::new("adm-import-too-large").plain("max", limit_mib),
            Self::Csv { line, detail } => {
                Notice::new("adm-import-csv").plain("row", line).plain("value", detail)
            }
            Self::NotText => Notice::new("adm-import-not-text"),
            Self::UnclosedQuote { line } => Notice::new("adm-import-unclosed-quote").plain("row", line),
        }
    }

    /// A stable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "import_empty",
            Self::MissingColumns { .. } => "import_missing_columns",
            Self::DuplicateColumns { .. } => "import_duplicate_columns",
            Self::NotXlsx { .. } => "import_not_xlsx",
            Self::TooManyRows { .. } => "import_too_many_rows",
            Self::TooLarge { .. } => "import_too_large",
            Self::Csv { .. } => "import_csv",
            Self::NotText => "import_not_text",
            Self::UnclosedQuote { .. } => "import_unclosed_quote",
        }
    }
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.notice().fmt(f)
    }
}

impl std::error::Error for ImportError {}

pub(crate) fn quoted_list(items: &[String]) -> String {
    items.iter().map(|item| format!("“{item}”")).collect::<Vec<_>>().join(", ")
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// Reads a CSV file: UTF-8 with or without a BOM, UTF-16 with a BOM, or a legacy
/// 8-bit file (TCVN3, VNI or Windows-1252); CRLF, LF or CR line ends; fields separated
/// by `,`, `;` or a tab (chosen from the header line, or an Excel `sep=` first line);
/// quoted fields may hold separators and line breaks.
pub fn parse_csv(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    if not_text(bytes).is_some() {
        return Err(ImportError::NotText);
    }
    let (text, decoding_note) = decode_csv(bytes);
    if text.len() > MAX_TEXT_BYTES {
        return Err(too_large());
    }
    let text = unify_line_ends(&text);
    let (body, hinted) = strip_separator_hint(&text);
    let delimiter = hinted.unwrap_or_else(|| detect_delimiter(body));
    if let Some(line) = unclosed_quote(body, delimiter) {
        // The separator hint's line comes before the body.
        let hint_lines = u64::from(hinted.is_some());
        return Err(ImportError::UnclosedQuote { line: line + hint_lines });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());

    let mut collector = Collector::new(false, HashMap::new());
    let mut record = csv::StringRecord::new();
    // A spreadsheet shows a record as one row, and a blank line as an empty row. The
    // row of a record is its first line in the file less the line breaks inside quoted
    // fields of the records before it. Lines are counted here, from the byte offsets
    // the reader reports, rather than taken from the reader's line count.
    let bytes = body.as_bytes();
    let mut counted_to = 0;
    let mut line_breaks: u64 = 0;
    let mut embedded_breaks: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(ImportError::Csv { line, detail: e.to_string() });
            }
        }
        let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX).min(bytes.len());
        let consumed = bytes.get(counted_to..end).unwrap_or_default();
        line_breaks += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
        counted_to = counted_to.max(end);
        let ends_line = end.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'\n');
        let last_line = line_breaks + u64::from(!ends_line);
        let inner_breaks = record.iter().map(|field| field.matches('\n').count() as u64).sum::<u64>();
        let row = last_line.saturating_sub(inner_breaks).saturating_sub(embedded_breaks).max(1);
        embedded_breaks += inner_breaks;
        let cells = record
            .iter()
            .take(MAX_COLUMNS)
            .enumerate()
            .filter(|(_, field)| !field.trim().is_empty())
            .map(|(col, field)| (col, text_cell(field)))
            .collect();
        collector.push_row(usize::try_from(row).unwrap_or(usize::MAX), cells)?;
    }
    collector.finish(decoding_note)
}

/// Decodes the bytes of a CSV file; the note says when it was not Unicode.
fn decode_csv(bytes: &[u8]) -> (String, Option<Notice>) {
    let (text, legacy) = decode_text_file(bytes);
    let note = legacy.map(|encoding| match encoding {
        Encoding::Tcvn3 => Notice::new("adm-import-note-read-tcvn3"),
        Encoding::Vni => Notice::new("adm-import-note-read-vni"),
        Encoding::Unicode => Notice::new("adm-import-note-read-windows-1252"),
    });
    (text, note)
}

/// The line (from 1) where a quoted field opens that is never closed, read as the CSV
/// reader reads: a quote opens a quoted field only at the start of a field, and two
/// quotes inside one stand for a quote.
fn unclosed_quote(body: &str, delimiter: u8) -> Option<u64> {
    let mut line = 1u64;
    let mut opened_on = None;
    let mut field_start = true;
    let mut bytes = body.bytes().peekable();
    while let Some(byte) = bytes.next() {
        match opened_on {
            Some(_) if byte == b'"' => {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    opened_on = None;
                }
            }
            None if byte == b'"' && field_start => opened_on = Some(line),
            _ => {}
        }
        if byte == b'\n' {
            line += 1;
        }
        field_start = opened_on.is_none() && (byte == delimiter || byte == b'\n');
    }
    opened_on
}

/// The first bytes of an OLE compound file: Word and Excel 97–2003 (`.doc`, `.xls`).
pub(crate) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What a file that is clearly not text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotText {
    Pdf,
    /// Word or Excel 97–2003 (an OLE compound file).
    OldOffice,
    /// NUL bytes, or control characters that no text file holds.
    Binary,
}

impl NotText {
    /// The message refusing it as a comment letter.
    pub(crate) fn letter_message_key(self) -> &'static str {
        match self {
            Self::Pdf => "adm-letter-pdf",
            Self::OldOffice => "adm-letter-old-office",
            Self::Binary => "adm-letter-binary",
        }
    }
}

/// Whether `bytes` (a file that is not DOCX or XLSX) are clearly not text: a PDF, an
/// old Office file, or bytes with NULs or more than 1 % control characters in their
/// first 64 KiB (UTF-16 with a byte order mark is text).
pub(crate) fn not_text(bytes: &[u8]) -> Option<NotText> {
    if bytes.starts_with(b"%PDF") {
        return Some(NotText::Pdf);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Some(NotText::OldOffice);
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    // Tab, line feed, form feed, carriage return and the old end-of-file mark (^Z)
    // occur in text files.
    let control = |b: &u8| (*b < 0x20 && !matches!(*b, b'\t' | b'\n' | 0x0c | b'\r' | 0x1a)) || *b == 0x7f;
    let controls = head.iter().filter(|b| control(b)).count();
    (head.contains(&0) || controls * 100 > head.len()).then_some(NotText::Binary)
}

/// Decodes the bytes of a text file (a CSV): UTF-16 or UTF-8 with or without a byte
/// order mark, else a legacy encoding, which is named (`Unicode` there means read as
/// Windows-1252).
pub(crate) fn decode_text_file(bytes: &[u8]) -> (String, Option<Encoding>) {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (utf16(rest, u16::from_le_bytes), None);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (utf16(rest, u16::from_be_bytes), None);
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(without_bom) {
        return (text.to_owned(), None);
    }
    let (text, encoding) = legacy::decode_bytes(bytes);
    (text, Some(encoding))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// CRLF and lone CR become LF, so that line numbers count every line break.
fn unify_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Excel writes and reads a first line `sep=;` naming the separator; it is not a row.
fn strip_separator_hint(text: &str) -> (&str, Option<u8>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let hint = first.trim().strip_prefix("sep=").or_else(|| first.trim().strip_prefix("SEP="));
    match hint.map(str::as_bytes) {
        Some(&[separator]) if separator.is_ascii() && separator != b'"' => (rest, Some(separator)),
        _ => (text, None),
    }
}

/// Picks the separator that makes the most known headers out of one of the first
/// lines; failing that, the one that occurs most often (outside quotes) on the first
/// line that has any; failing that, a comma.
fn detect_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let lines = text.split('\n').filter(|line| !line.trim().is_empty()).take(HEADER_SEARCH_ROWS * 2);
    let mut most_known: Option<(usize, u8)> = None;
    let mut most_frequent: Option<u8> = None;
    for line in lines {
        let mut line_best: Option<(usize, u8)> = None;
        for candidate in CANDIDATES {
            let fields = split_outside_quotes(line, candidate);
            let known = fields.iter().filter(|field| field_for_header(field).is_some()).count();
            if known > 0 && most_known.is_none_or(|(n, _)| known > n) {
                most_known = Some((known, candidate));
            }
            let separators = fields.len() - 1;
            if separators > 0 && line_best.is_none_or(|(n, _)| separators > n) {
                line_best = Some((separators, candidate));
            }
        }
        if most_frequent.is_none() {
            most_frequent = line_best.map(|(_, separator)| separator);
        }
    }
    most_known.map(|(_, separator)| separator).or(most_frequent).unwrap_or(b',')
}

fn split_outside_quotes(line: &str, separator: u8) -> Vec<&str> {
    let mut fields = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (i, byte) in line.bytes().enumerate() {
        if byte == b'"' {
            in_quotes = !in_quotes;
        } else if byte == separator && !in_quotes {
            fields.push(&line[start..i]);
            start = i + 1;
        }
    }
    fields.push(&line[start..]);
    fields.into_iter().map(|field| field.trim().trim_matches('"')).collect()
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

/// Reads the first sheet of an XLSX workbook (Excel 2007 and later).
pub fn parse_xlsx(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(not_xlsx("adm-import-xlsx-old"));
    }
    if !bytes.starts_with(b"PK") {
        return Err(not_xlsx("adm-import-xlsx-not-zip"));
    }
    // calamine reads untrusted XML and ZIP; a panic in it must not take the request
    // down with it, so it is turned into an error like any other damaged file.
    std::panic::catch_unwind(|| read_xlsx(bytes))
        .unwrap_or_else(|_| Err(not_xlsx("adm-import-xlsx-unreadable")))
}

/// A workbook that cannot be read, for the reason with key `detail`.
fn not_xlsx(detail: &'static str) -> ImportError {
    ImportError::NotXlsx { detail: Notice::new(detail) }
}

fn xlsx_error(e: calamine::XlsxError) -> ImportError {
    match e {
        calamine::XlsxError::Password => not_xlsx("adm-import-xlsx-password"),
        calamine::XlsxError::Zip(_) => not_xlsx("adm-import-xlsx-damaged-zip"),
        // A ZIP without a workbook's parts: a .docx, or another archive.
        calamine::XlsxError::FileNotFound(_) => not_xlsx("adm-import-xlsx-not-workbook"),
        other => {
            ImportError::NotXlsx { detail: Notice::new("adm-import-xlsx-damaged").plain("value", other) }
        }
    }
}

/// Reads the first sheet that holds any cell; when that is not the first sheet, a note
/// says which was read (a workbook whose first sheet was left empty, the table on the
/// next).
fn read_xlsx(bytes: &[u8]) -> Result<ParsedImport, ImportError> {
    use calamine::Reader;

    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let sheets = workbook.sheet_names();
    for (i, sheet) in sheets.iter().enumerate() {
        // A sheet of formatted blank cells has cells, but no row with anything in it.
        match read_sheet(&mut workbook, sheet) {
            Ok(None) | Err(ImportError::Empty) => continue,
            Ok(Some(mut parsed)) => {
                if i > 0 {
                    let note = Notice::new("adm-import-note-sheet").vietnamese("value", sheet.as_str());
                    parsed.notes.insert(0, note);
                }
                return Ok(parsed);
            }
            Err(e) => return Err(e),
        }
    }
    Err(ImportError::Empty)
}

/// The rows of one sheet; `None` when it has no cell at all.
fn read_sheet(
    workbook: &mut calamine::Xlsx<Cursor<&[u8]>>,
    sheet: &str,
) -> Result<Option<ParsedImport>, ImportError> {
    let is_1904 = workbook.has_1904_epoch();
    let merges = workbook
        .merge_cells_by_sheet_name(sheet)
        .map_err(xlsx_error)?
        .into_iter()
        .filter(|region| region.end.0 > region.start.0)
        .map(|region| ((sheet_row(region.start.0), region.start.1 as usize), sheet_row(region.end.0)))
        .collect();
    let mut collector = Collector::new(is_1904, merges);
    let mut reader = workbook.worksheet_cells_reader(sheet).map_err(xlsx_error)?;
    let mut current: Option<u32> = None;
    let mut cells = Vec::new();
    while let Some(record) = reader.next_cell_with_formula_metadata().map_err(xlsx_error)? {
        let (row, col) = record.pos;
        if current != Some(row) {
            if let Some(previous) = current {
                if row < previous {
                    return Err(not_xlsx("adm-import-xlsx-row-order"));
                }
                collector.push_row(sheet_row(previous), std::mem::take(&mut cells))?;
            }
            current = Some(row);
        }
        let col = col as usize;
        if collector.wants(col)
            && let Some(cell) = sheet_cell(record.value, record.formula.is_some())
        {
            cells.push((col, cell));
        }
    }
    let Some(previous) = current else { return Ok(None) };
    collector.push_row(sheet_row(previous), cells)?;
    drop(reader);
    collector.finish(None).map(Some)
}

/// calamine's zero-based row → the row number a user sees.
fn sheet_row(row: u32) -> usize {
    row as usize + 1
}

fn sheet_cell(value: calamine::DataRef<'_>, has_formula: bool) -> Option<Cell> {
    use calamine::DataRef;
    match value {
        DataRef::Empty => has_formula.then_some(Cell::Uncomputed),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(text_cell(&s)),
        DataRef::SharedString(s) => Some(text_cell(s)),
        DataRef::Int(i) => Some(Cell::Number(i as f64)),
        DataRef::Float(f) => Some(Cell::Number(f)),
        DataRef::Bool(b) => Some(Cell::Text(if b { "TRUE" } else { "FALSE" }.to_owned())),
        DataRef::DateTime(dt) if dt.is_datetime() => Some(Cell::DateTime(dt.as_f64())),
        DataRef::DateTime(dt) => Some(Cell::Number(dt.as_f64())),
        DataRef::Error(e) => Some(Cell::ErrorValue(e.to_string())),
    }
}

// ---------------------------------------------------------------------------
// Rows, whatever the format
// ---------------------------------------------------------------------------

/// One cell as read, before it is checked.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(f64),
    /// An Excel serial date-time.
    DateTime(f64),
    /// Longer than [`CELL_CHAR_CAP`] characters; not kept.
    Overlong,
    /// A formula with no cached value.
    Uncomputed,
    /// An Excel error value such as `#N/A`.
    ErrorValue(String),
}

impl Cell {
    fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(s) if s.trim().is_empty())
    }

    fn heap_bytes(&self) -> usize {
        match self {
            Cell::Text(s) | Cell::ErrorValue(s) => s.len(),
            _ => 0,
        }
    }
}

fn text_cell(s: &str) -> Cell {
    if s.len() > CELL_CHAR_CAP && s.chars().nth(CELL_CHAR_CAP).is_some() {
        Cell::Overlong
    } else {
        Cell::Text(s.to_owned())
    }
}

/// A data row: the cell of each field, if any.
#[derive(Debug)]
struct RawRow {
    row: usize,
    fields: [Option<Cell>; FIELDS],
}

#[derive(Debug)]
struct Header {
    /// The field of each column, by column index.
    fields: Vec<Option<usize>>,
}

impl Header {
    fn field(&self, col: usize) -> Option<usize> {
        self.fields.get(col).copied().flatten()
    }
}

/// The key headers are compared by: folded (no diacritics, lower case), punctuation
/// as spaces, spaces collapsed, a trailing "bắt buộc" dropped.
fn header_key(raw: &str) -> String {
    let folded = duthao_text::fold(raw);
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let key = spaced.split_whitespace().collect::<Vec<_>>().join(" ");
    match key.strip_suffix(" bat buoc") {
        Some(stripped) => stripped.to_owned(),
        None => key,
    }
}

fn field_for_key(key: &str) -> Option<usize> {
    COLUMNS
        .iter()
        .position(|(header, _)| header_key(header) == key)
        .or_else(|| HEADER_ALIASES.iter().find(|(alias, _)| *alias == key).map(|&(_, field)| field))
}

/// The field a header names, also when the header was typed in a TCVN3 or VNI font.
fn field_for_header(raw: &str) -> Option<usize> {
    if raw.trim().is_empty() {
        return None;
    }
    field_for_key(&header_key(raw)).or_else(|| {
        [Encoding::Tcvn3, Encoding::Vni]
            .into_iter()
            .find_map(|encoding| field_for_key(&header_key(&legacy::convert(raw, encoding))))
    })
}

/// Gathers the rows of a sheet, finds the header, and keeps the cells of known columns.
struct Collector {
    is_1904: bool,
    /// Merged regions spanning several rows: top-left (row, column) → last row.
    merges: HashMap<(usize, usize), usize>,
    header: Option<Header>,
    /// Non-empty rows seen before the header, while looking for it.
    pending: Vec<(usize, Vec<(usize, Cell)>)>,
    /// For each field, the value of a vertically merged cell and its last row.
    fills: [Option<(usize, Cell)>; FIELDS],
    rows: Vec<RawRow>,
    text_bytes: usize,
    notes: Vec<Notice>,
}

impl Collector {
    fn new(is_1904: bool, merges: HashMap<(usize, usize), usize>) -> Self {
        Self {
            is_1904,
            merges,
            header: None,
            pending: Vec::new(),
            fills: std::array::from_fn(|_| None),
            rows: Vec::new(),
            text_bytes: 0,
            notes: Vec::new(),
        }
    }

    /// Whether cells of this column are worth reading.
    fn wants(&self, col: usize) -> bool {
        match &self.header {
            None => col < MAX_COLUMNS,
            Some(header) => header.field(col).is_some(),
        }
    }

    fn push_row(&mut self, row: usize, cells: Vec<(usize, Cell)>) -> Result<(), ImportError> {
        if self.header.is_none() {
            return self.look_for_header(row, cells);
        }
        let Some(header) = &self.header else { return Ok(()) };
        let mut fields: [Option<Cell>; FIELDS] = std::array::from_fn(|_| None);
        let mut has_content = false;
        for (col, cell) in cells {
            let Some(field) = header.field(col) else { continue };
            has_content |= !cell.is_blank();
            if let Some(&last) = self.merges.get(&(row, col)) {
                self.fills[field] = Some((last, cell.clone()));
            }
            fields[field] = Some(cell);
        }
        if !has_content {
            return Ok(());
        }
        for (slot, fill) in fields.iter_mut().zip(&self.fills) {
            if let Some((last, cell)) = fill
                && row <= *last
                && slot.as_ref().is_none_or(Cell::is_blank)
            {
                *slot = Some(cell.clone());
            }
        }
        for cell in fields.iter_mut().flatten() {
            if let Cell::Text(text) = cell {
                *text = duthao_text::clean_input(text);
            }
            self.text_bytes += cell.heap_bytes();
        }
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(too_large());
        }
        if self.rows.len() >= MAX_ROWS {
            return Err(ImportError::TooManyRows { limit: MAX_ROWS });
        }
        self.rows.push(RawRow { row, fields });
        Ok(())
    }

    fn look_for_header(&mut self, row: usize, cells: Vec<(usize, Cell)>) -> Result<(), ImportError> {
        if cells.iter().all(|(_, cell)| cell.is_blank()) {
            return Ok(());
        }
        let mut fields = Vec::new();
        let mut unknown = Vec::new();
        for (col, cell) in &cells {
            let Cell::Text(raw) = cell else { continue };
            if raw.trim().is_empty() {
                continue;
            }
            if fields.len() <= *col {
                fields.resize(col + 1, None);
            }
            match field_for_header(raw) {
                Some(field) => fields[*col] = Some(field),
                None => unknown.push(collapse_spaces(raw)),
            }
        }
        if !fields.contains(&Some(TEXT)) {
            self.pending.push((row, cells));
            if self.pending.len() >= HEADER_SEARCH_ROWS {
                return Err(self.missing_columns());
            }
            return Ok(());
        }
        let mut duplicated = Vec::new();
        for (field, (name, _)) in COLUMNS.iter().enumerate() {
            if fields.iter().filter(|f| **f == Some(field)).count() > 1 {
                duplicated.push((*name).to_owned());
            }
        }
        if !duplicated.is_empty() {
            return Err(ImportError::DuplicateColumns { columns: duplicated });
        }
        if let (Some((first, _)), Some((last, _))) = (self.pending.first(), self.pending.last()) {
            let note = if first == last {
                Notice::new("adm-import-note-above-header").plain("min", first)
            } else {
                Notice::new("adm-import-note-above-header-many").plain("min", first).plain("max", last)
            };
            self.notes.push(note.plain("row", row));
        }
        self.pending.clear();
        if !unknown.is_empty() {
            self.notes.push(
                Notice::new("adm-import-note-unknown-columns").vietnamese("column", quoted_list(&unknown)),
            );
        }
        self.header = Some(Header { fields });
        Ok(())
    }

    /// The error for a file without a header row: the row with the most known headers
    /// (the first such) is taken for the one the user meant.
    fn missing_columns(&self) -> ImportError {
        let known = |cells: &[(usize, Cell)]| {
            cells.iter().filter(|(_, c)| matches!(c, Cell::Text(t) if field_for_header(t).is_some())).count()
        };
        let mut best: Option<&[(usize, Cell)]> = None;
        for (_, cells) in &self.pending {
            if best.is_none_or(|b| known(cells) > known(b)) {
                best = Some(cells);
            }
        }
        let found = best
            .unwrap_or_default()
            .iter()
            .filter_map(|(_, cell)| match cell {
                Cell::Text(t) if !t.trim().is_empty() => Some(collapse_spaces(t)),
                Cell::Number(n) => Some(number_text(*n)),
                _ => None,
            })
            .collect();
        ImportError::MissingColumns { missing: vec![COLUMNS[TEXT].0.to_owned()], found }
    }

    fn finish(mut self, decoding_note: Option<Notice>) -> Result<ParsedImport, ImportError> {
        if self.header.is_none() {
            return Err(if self.pending.is_empty() { ImportError::Empty } else { self.missing_columns() });
        }
        let converted = convert_legacy(&mut self.rows);
        let encoding_note = match (decoding_note, converted) {
            (Some(a), Some(b)) => {
                Some(Notice::new("adm-import-note-pair").notice("value", a).notice("what", b))
            }
            (a, b) => a.or(b),
        };

        let mut rows = Vec::with_capacity(self.rows.len());
        let mut errors = Vec::new();
        let mut samples = Vec::new();
        let mut refused = Vec::new();
        for raw in self.rows {
            let row = raw.row;
            match check_row(raw, self.is_1904, &mut errors) {
                Checked::Row(checked) => rows.push(checked),
                Checked::Sample => samples.push(row),
                Checked::Refused(names) => refused.push(names),
            }
        }
        if !samples.is_empty() {
            let list = samples.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
            self.notes.push(
                Notice::new("adm-import-note-samples").plain("row", list).vietnamese("value", SAMPLE_MARKER),
            );
        }
        Ok(ParsedImport {
            total_rows: rows.len() + refused.len(),
            rows,
            errors,
            refused,
            encoding_note,
            notes: self.notes,
        })
    }
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn too_large() -> ImportError {
    ImportError::TooLarge { limit_mib: MAX_TEXT_BYTES / (1024 * 1024) }
}

/// Converts the text cells typed in a TCVN3 or VNI font to Unicode. Each line of each
/// cell is decided on its own, with the evidence of the whole file for short ones
/// (see [`legacy::to_unicode_by_paragraph`]). Returns a note when something changed.
fn convert_legacy(rows: &mut [RawRow]) -> Option<Notice> {
    let texts = || {
        rows.iter().flat_map(|r| r.fields.iter().flatten()).filter_map(|c| match c {
            Cell::Text(t) => Some(t),
            _ => None,
        })
    };
    // Unicode Vietnamese and plain ASCII need no look.
    if texts().all(|t| t.is_ascii()) {
        return None;
    }
    let joined = texts().map(String::as_str).collect::<Vec<_>>().join("\n");
    let (converted, encodings) = legacy::to_unicode_by_paragraph(&joined);
    let count = |wanted: Encoding| encodings.iter().filter(|(_, e)| *e == wanted).count();
    let (tcvn3, vni) = (count(Encoding::Tcvn3), count(Encoding::Vni));
    if tcvn3 + vni == 0 {
        return None;
    }
    let mut lines = converted.split('\n');
    for row in rows.iter_mut() {
        for cell in row.fields.iter_mut().flatten() {
            if let Cell::Text(text) = cell {
                let n = text.split('\n').count();
                let replaced: Vec<&str> = lines.by_ref().take(n).collect();
                // Conversion keeps line breaks; if it ever did not, keep the original.
                if replaced.len() == n {
                    *text = replaced.join("\n");
                }
            }
        }
    }
    Some(match (tcvn3, vni) {
        (_, 0) => Notice::new("adm-import-note-converted-tcvn3").plain("count", tcvn3),
        (0, _) => Notice::new("adm-import-note-converted-vni").plain("count", vni),
        _ => Notice::new("adm-import-note-converted-both").plain("count", tcvn3).plain("value", vni),
    })
}

enum Checked {
    Row(ImportRow),
    Sample,
    Refused(RefusedRow),
}

fn check_row(raw: RawRow, is_1904: bool, errors: &mut Vec<RowError>) -> Checked {
    let row = raw.row;
    // (field, reason), put in column order at the end.
    let mut refusals: Vec<(usize, Notice)> = Vec::new();
    let mut values: [Option<String>; FIELDS] = std::array::from_fn(|_| None);
    for (field, cell) in raw.fields.iter().enumerate() {
        let Some(cell) = cell else { continue };
        match cell_text(cell, field, is_1904) {
            Ok(text) => values[field] = Some(text),
            Err(reason) => refusals.push((field, reason)),
        }
    }
    let text_unreadable = refusals.iter().any(|(field, _)| *field == TEXT);
    let [provision, text, quote, name, email, organisation, date] = values;
    if !text_unreadable && is_sample(text.as_deref().unwrap_or_default()) {
        return Checked::Sample;
    }
    let mut refuse = |field: usize, reason: Notice| refusals.push((field, reason));

    let text = if text_unreadable {
        None
    } else {
        CommentText::parse(text.as_deref().unwrap_or_default())
            .map_err(|e| refuse(TEXT, comment_notice(&e)))
            .ok()
    };
    let provision = check_provision(provision.as_deref()).map_err(|r| refuse(PROVISION, r)).ok().flatten();
    let quote = optional_field(quote.as_deref(), MAX_QUOTE_CHARS)
        .map_err(|chars| {
            refuse(QUOTE, comment_notice(&CommentError::QuoteTooLong { chars, max: MAX_QUOTE_CHARS }))
        })
        .ok()
        .flatten();
    let author_name = short_field(name.as_deref(), NAME).map_err(|r| refuse(NAME, r)).ok().flatten();
    let author_email = short_field(email.as_deref(), EMAIL)
        .and_then(|email| match email {
            Some(address) if !is_email_shaped(&address) => {
                Err(Notice::new("adm-import-bad-email").vietnamese("value", shorten(&address)))
            }
            other => Ok(other),
        })
        .map_err(|r| refuse(EMAIL, r))
        .ok()
        .flatten();
    let organisation = short_field(organisation.as_deref(), ORGANISATION)
        .map_err(|r| refuse(ORGANISATION, r))
        .ok()
        .flatten();
    let date = match optional_field(date.as_deref(), usize::MAX) {
        Ok(Some(date)) => parse_date(&date).map_err(|r| refuse(DATE, r)).ok(),
        _ => None,
    };

    match text {
        Some(text) if refusals.is_empty() => Checked::Row(ImportRow {
            row,
            provision,
            text: text.into_inner(),
            quote,
            author_name,
            author_email,
            organisation,
            date,
        }),
        _ => {
            refusals.sort_by_key(|(field, _)| *field);
            errors.extend(
                refusals.into_iter().map(|(field, reason)| RowError::new(row, COLUMNS[field].0, reason)),
            );
            Checked::Refused(RefusedRow { row, provision, organisation, date })
        }
    }
}

/// Why a comment's text or quote is refused, as [`CommentError`] says it.
fn comment_notice(e: &CommentError) -> Notice {
    match *e {
        CommentError::Empty => Notice::new("adm-import-empty-cell").vietnamese("column", COLUMNS[TEXT].0),
        CommentError::TooLong { chars, max } => too_long(TEXT, chars, max),
        CommentError::QuoteTooLong { chars, max } => {
            Notice::new("adm-import-quote-too-long").plain("count", chars).plain("max", max)
        }
        CommentError::NameTooLong { max } => Notice::new("adm-import-name-too-long").plain("max", max),
        CommentError::EmailTooLong { max } => Notice::new("adm-import-email-too-long").plain("max", max),
        CommentError::EmailInvalid => Notice::new("adm-import-email-invalid"),
    }
}

/// A cell of `field` longer than `max` characters.
fn too_long(field: usize, chars: usize, max: usize) -> Notice {
    Notice::new("adm-import-too-long")
        .vietnamese("column", COLUMNS[field].0)
        .plain("count", chars)
        .plain("max", max)
}

fn is_sample(text: &str) -> bool {
    // Only the start of the text is folded: the marker is short and comments are long.
    let head: String = text.trim_start().chars().take(SAMPLE_MARKER.chars().count() + 2).collect();
    duthao_text::fold(&head).starts_with(&duthao_text::fold(SAMPLE_MARKER))
}

/// The limit on a field's length, in characters.
fn limit(field: usize) -> usize {
    match field {
        TEXT => MAX_COMMENT_CHARS,
        QUOTE => MAX_QUOTE_CHARS,
        PROVISION => MAX_PROVISION_CHARS,
        _ => MAX_NAME_CHARS,
    }
}

/// The text of a cell for a field; the reason when the cell cannot give one.
fn cell_text(cell: &Cell, field: usize, is_1904: bool) -> Result<String, Notice> {
    match cell {
        Cell::Text(text) => Ok(text.clone()),
        Cell::Number(n) if field == DATE => Ok(serial_date(*n, is_1904).unwrap_or_else(|| number_text(*n))),
        Cell::Number(n) => Ok(number_text(*n)),
        Cell::DateTime(serial) if field == DATE => serial_date(*serial, is_1904)
            .ok_or_else(|| Notice::new("adm-import-date-out-of-range").plain("value", number_text(*serial))),
        Cell::DateTime(serial) => {
            Ok(serial_date_time_vi(*serial, is_1904).unwrap_or_else(|| number_text(*serial)))
        }
        Cell::Overlong => Err(Notice::new("adm-import-overlong")
            .vietnamese("column", COLUMNS[field].0)
            .plain("count", CELL_CHAR_CAP)
            .plain("max", limit(field))),
        Cell::Uncomputed => Err(Notice::new("adm-import-uncomputed")),
        Cell::ErrorValue(value) => Err(Notice::new("adm-import-error-value").plain("value", value)),
    }
}

/// A number as a spreadsheet shows it in a General cell: no `.0` on whole numbers.
pub(crate) fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The range of serial dates Excel supports: 1900-01-01 to 9999-12-31.
fn excel_date(serial: f64, is_1904: bool) -> Option<(u16, u8, u8, u8, u8)> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, is_1904);
    let (year, month, day, hour, minute, _, _) = dt.to_ymd_hms_milli();
    Some((year, month, day, hour, minute))
}

fn serial_date(serial: f64, is_1904: bool) -> Option<String> {
    excel_date(serial, is_1904).map(|(y, m, d, _, _)| format!("{y:04}-{m:02}-{d:02}"))
}

fn serial_date_time_vi(serial: f64, is_1904: bool) -> Option<String> {
    excel_date(serial, is_1904).map(|(y, m, d, hour, minute)| {
        if hour == 0 && minute == 0 {
            format!("{d:02}/{m:02}/{y:04}")
        } else {
            format!("{d:02}/{m:02}/{y:04} {hour:02}:{minute:02}")
        }
    })
}

/// A name, e-mail or organisation: cleaned, blank is `None`, within the limit.
fn short_field(raw: Option<&str>, field: usize) -> Result<Option<String>, Notice> {
    let max = limit(field);
    optional_field(raw, max).map_err(|chars| too_long(field, chars, max))
}

fn shorten(s: &str) -> String {
    const SHOWN: usize = 60;
    match s.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// A provision as typed, checked to name one provision of the draft; `None` for the
/// whole draft.
fn check_provision(raw: Option<&str>) -> Result<Option<String>, Notice> {
    let cleaned = optional_field(raw, MAX_PROVISION_CHARS)
        .map_err(|chars| too_long(PROVISION, chars, MAX_PROVISION_CHARS))?;
    let Some(cleaned) = cleaned else { return Ok(None) };
    let provision = collapse_spaces(cleaned.trim_end_matches(['.', ',', ';', ':']));
    if provision.is_empty() || WHOLE_DRAFT.contains(&header_key(&provision).as_str()) {
        return Ok(None);
    }
    if provision.chars().all(|c| c.is_ascii_digit()) {
        return Err(Notice::new("adm-import-provision-digits")
            .vietnamese("value", &provision)
            .vietnamese("what", format!("Điều {provision}")));
    }
    match ProvisionPath::parse(&provision) {
        Some(path) if !path.is_empty() && !path.is_relative() => Ok(Some(provision)),
        Some(path) if path.is_relative() => Err(Notice::new("adm-import-provision-relative")
            .vietnamese("value", shorten(&provision))
            .vietnamese("what", format!("{} Điều 5", shorten(&provision)))),
        _ => Err(Notice::new("adm-import-provision-unclear")
            .vietnamese("value", shorten(&provision))
            .vietnamese("what", "Điều 5")
            .vietnamese("title", "khoản 2 Điều 5")
            .vietnamese("name", "điểm a khoản 1 Điều 3")),
    }
}

/// Parses `dd/mm/yyyy` (also `d/m/yyyy`, with `-` or `.`) or `yyyy-mm-dd` (also with
/// `/`), optionally followed by a time of day, which is dropped. Returns `YYYY-MM-DD`.
fn parse_date(raw: &str) -> Result<String, Notice> {
    let shown = shorten(raw.trim());
    let notice = |key| Notice::new(key).vietnamese("value", &shown);
    let shape = || notice("adm-import-date-shape");
    let trimmed = raw.trim();
    let (date, time) = match trimmed.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (trimmed, None),
    };
    if let Some(time) = time
        && (time.is_empty() || !time.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.')))
    {
        return Err(shape());
    }
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else { return Err(shape()) };
    if [a, b, c].iter().any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err(shape());
    }
    let (year, month, day) = match (a.len(), c.len()) {
        (4, 1 | 2) if b.len() <= 2 => (*a, *b, *c),
        (1 | 2, 4) if b.len() <= 2 => (*c, *b, *a),
        _ => return Err(shape()),
    };
    let number = |s: &str| s.parse::<u16>().unwrap_or(0);
    let (year, month, day) = (number(year), number(month), number(day));
    if year < 1900 {
        return Err(notice("adm-import-date-year").plain("count", year));
    }
    let Ok(month_of_year) = time::Month::try_from(u8::try_from(month).unwrap_or(0)) else {
        return Err(notice("adm-import-date-month").plain("count", month));
    };
    let year = i32::from(year);
    let days = month_of_year.length(year);
    let day = u8::try_from(day).unwrap_or(0);
    if time::Date::from_calendar_date(year, month_of_year, day).is_err() {
        return Err(notice("adm-import-date-day")
            .plain("date", format!("{month}/{year}"))
            .plain("days", days));
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

/// The example row of the templates; its text starts with [`SAMPLE_MARKER`].
const SAMPLE: [&str; FIELDS] = [
    "khoản 2 Điều 5",
    "[Ví dụ] Đề nghị quy định rõ thời hạn trả lời kiến nghị của người dân là 15 ngày làm việc, kể từ ngày nhận được kiến nghị, thay cho cụm từ “trong thời hạn hợp lý”.",
    "Cơ quan có thẩm quyền có trách nhiệm trả lời kiến nghị trong thời hạn hợp lý.",
    "Nguyễn Thị Minh Hạnh",
    "hanh.ntm@sotuphap.hanoi.gov.vn",
    "Sở Tư pháp thành phố Hà Nội",
    "15/03/2025",
];

/// For each column of [`COLUMNS`]: whether it is required, and how to fill it.
const GUIDE: [(&str, &str); FIELDS] = [
    (
        "Không",
        "Điều khoản được góp ý, ghi như trong dự thảo: “Điều 5”, “khoản 2 Điều 5”, “điểm a khoản 1 Điều 3”. \
         Để trống nếu góp ý chung cho cả dự thảo.",
    ),
    (
        "Có",
        "Nội dung góp ý, tối đa 10000 ký tự; có thể xuống dòng trong ô (Alt+Enter). Dòng có nội dung bắt đầu \
         bằng “[Ví dụ]” là dòng mẫu và không được nhập.",
    ),
    ("Không", "Đoạn văn bản của dự thảo được góp ý, chép nguyên văn; tối đa 2000 ký tự."),
    ("Không", "Họ và tên người góp ý; tối đa 200 ký tự."),
    ("Không", "Một địa chỉ thư điện tử của người góp ý."),
    (
        "Không",
        "Mã hoặc tên đầy đủ, chính xác của cơ quan, tổ chức góp ý (nếu góp ý thay mặt cơ quan, tổ chức).",
    ),
    ("Không", "Ngày nhận góp ý, ghi ngày/tháng/năm (15/03/2025) hoặc năm-tháng-ngày (2025-03-15)."),
];

const GUIDE_NOTES: [&str; 7] = [
    "Giữ nguyên dòng tiêu đề ở dòng 1 của trang “Góp ý”; mỗi góp ý ghi trên một dòng, bắt đầu từ dòng 2. \
     Chỉ trang tính đầu tiên được nhập.",
    "Có thể thêm cột khác (ví dụ “STT”, “Ghi chú”): các cột đó được bỏ qua. Dòng trống được bỏ qua.",
    "Tên cột không phân biệt chữ hoa, chữ thường và dấu: “noi dung gop y” cũng được nhận.",
    "Một tệp có tối đa 100000 dòng góp ý.",
    "Ô gộp theo chiều dọc (ví dụ một ô “Điều khoản” gộp cho nhiều dòng) được áp dụng cho mọi dòng của ô gộp.",
    "Ô có công thức được nhập theo giá trị đã tính; hãy lưu tệp bằng Excel trước khi tải lên.",
    "Có thể lưu dưới dạng .xlsx hoặc CSV (UTF-8). Văn bản gõ bằng phông chữ TCVN3 (.VnTime) hoặc VNI được \
     tự động chuyển sang Unicode.",
];

/// Column widths of the template, in characters.
const WIDTHS: [f64; FIELDS] = [18.0, 60.0, 40.0, 24.0, 28.0, 30.0, 14.0];

/// The XLSX template: a sheet "Góp ý" with the header row and an example row, and a
/// sheet "Hướng dẫn" explaining each column.
pub fn template_xlsx() -> Vec<u8> {
    build_template_xlsx().expect("the template is built from constants, which rust_xlsxwriter accepts")
}

fn build_template_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook};

    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0x00DD_EBF7))
        .set_border(FormatBorder::Thin);
    // Text format, so that Excel keeps "15/03/2025" and "Điều 5" as typed whatever
    // the computer's date settings.
    let text = Format::new().set_num_format("@");
    let sample = Format::new().set_num_format("@").set_text_wrap().set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name("Góp ý")?;
    for ((col, (name, _)), (width, value)) in (0u16..).zip(COLUMNS).zip(WIDTHS.into_iter().zip(SAMPLE)) {
        sheet.set_column_width(col, width)?;
        sheet.set_column_format(col, &text)?;
        sheet.write_string_with_format(0, col, name, &header)?;
        sheet.write_string_with_format(1, col, value, &sample)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(1, 0)?;

    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let guide = workbook.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    guide.set_column_width(0, 20)?;
    guide.set_column_width(1, 10)?;
    guide.set_column_width(2, 70)?;
    guide.set_column_width(3, 36)?;
    guide.write_string_with_format(0, 0, "HƯỚNG DẪN ĐIỀN TỆP GÓP Ý", &bold)?;
    for (col, title) in (0u16..).zip(["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"]) {
        guide.write_string_with_format(2, col, title, &header)?;
    }
    for (row, (((name, _), (required, how)), example)) in (3u32..).zip(COLUMNS.iter().zip(GUIDE).zip(SAMPLE))
    {
        guide.write_string_with_format(row, 0, *name, &wrap)?;
        guide.write_string_with_format(row, 1, required, &wrap)?;
        guide.write_string_with_format(row, 2, how, &wrap)?;
        guide.write_string_with_format(row, 3, example, &wrap)?;
    }
    let notes_start = 4 + COLUMNS.len() as u32;
    guide.write_string_with_format(notes_start, 0, "Lưu ý", &bold)?;
    for (row, note) in (notes_start + 1..).zip(GUIDE_NOTES) {
        guide.write_string(row, 0, format!("• {note}"))?;
    }
    workbook.save_to_buffer()
}

/// The CSV template: UTF-8 with a BOM (so that Excel reads it as UTF-8), the header
/// row and an example row, CRLF line ends.
pub fn template_csv() -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
    let written = writer
        .write_record(COLUMNS.iter().map(|(name, _)| *name))
        .and_then(|()| writer.write_record(SAMPLE))
        .and_then(|()| writer.flush().map_err(csv::Error::from));
    written.expect("writing to a Vec cannot fail");
    drop(writer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADER: &str =
        "Điều khoản,Nội dung góp ý,Trích dẫn,Họ và tên,Thư điện tử,\"Cơ quan, tổ chức\",Ngày góp ý";

    fn csv(text: &str) -> ParsedImport {
        parse_csv(text.as_bytes()).expect("a readable CSV")
    }

    fn reasons(parsed: &ParsedImport) -> Vec<(usize, &str, &str)> {
        parsed.errors.iter().map(|e| (e.row, e.column.as_str(), e.reason.as_str())).collect()
    }

    /// The notes, in Vietnamese.
    fn notes(parsed: &ParsedImport) -> Vec<String> {
        parsed.notes.iter().map(ToString::to_string).collect()
    }

    fn encoding_note(parsed: &ParsedImport) -> Option<String> {
        parsed.encoding_note.as_ref().map(ToString::to_string)
    }

    /// The bytes of text made only of Windows-1252 characters, as a legacy file holds them.
    fn windows_1252_bytes(text: &str) -> Vec<u8> {
        const HIGH: [char; 32] = [
            '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
            '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
        ];
        text.chars()
            .map(|c| match HIGH.iter().position(|&h| h == c) {
                Some(i) => 0x80 + u8::try_from(i).expect("32 entries"),
                None => u8::try_from(u32::from(c)).expect("a Windows-1252 character"),
            })
            .collect()
    }

    #[test]
    fn csv_with_bom_and_crlf_is_read() {
        let text = format!(
            "\u{feff}{HEADER}\r\n\
             khoản 2 Điều 5,\"Đề nghị bổ sung cụm từ “trong thời hạn 15 ngày làm việc”, cho rõ.\",,Nguyễn Văn An,an.nv@gmail.com,,15/03/2025\r\n\
             ,Dự thảo nên quy định rõ trách nhiệm của Ủy ban nhân dân cấp xã.,,,,UBND xã Tân Lập,2025-03-16\r\n"
        );
        let parsed = csv(&text);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.total_rows, 2);
        assert_eq!(parsed.encoding_note, None);
        assert_eq!(
            parsed.rows[0],
            ImportRow {
                row: 2,
                provision: Some("khoản 2 Điều 5".into()),
                text: "Đề nghị bổ sung cụm từ “trong thời hạn 15 ngày làm việc”, cho rõ.".into(),
                quote: None,
                author_name: Some("Nguyễn Văn An".into()),
                author_email: Some("an.nv@gmail.com".into()),
                organisation: None,
                date: Some("2025-03-15".into()),
            }
        );
        assert_eq!(parsed.rows[1].row, 3);
        assert_eq!(parsed.rows[1].provision, None);
        assert_eq!(parsed.rows[1].organisation.as_deref(), Some("UBND xã Tân Lập"));
        assert_eq!(parsed.rows[1].date.as_deref(), Some("2025-03-16"));
    }

    #[test]
    fn a_zip_that_is_no_workbook_is_named_so() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).expect("zip entry");
        zip.write_all(b"<w:document/>").expect("zip write");
        let docx = zip.finish().expect("zip").into_inner();
        match parse_xlsx(&docx) {
            Err(ImportError::NotXlsx { detail }) => assert_eq!(detail.key(), "adm-import-xlsx-not-workbook"),
            other => panic!("{:?}", other.map(|p| p.total_rows)),
        }
    }

    #[test]
    fn a_quote_never_closed_is_named_by_its_line() {
        let text = format!(
            "{HEADER}\nĐiều 5,\"Mở ngoặc mà không đóng,,,,,\nĐiều 6,Dòng sau,,,,,\nĐiều 7,Dòng nữa,,,,,\n"
        );
        assert!(matches!(parse_csv(text.as_bytes()), Err(ImportError::UnclosedQuote { line: 2 })));
        // After a separator hint the line numbers still count the hint.
        let hinted = format!("sep=,\n{text}");
        assert!(matches!(parse_csv(hinted.as_bytes()), Err(ImportError::UnclosedQuote { line: 3 })));
        // Quotes closed, doubled inside, and a quote inside an unquoted field are fine.
        let fine = format!(
            "{HEADER}\nĐiều 5,\"Cụm từ \"\"cấp huyện\"\"\nhai dòng\",,,,,\nĐiều 6,Chiều dài 5\" là đủ,,,,,\n"
        );
        assert_eq!(csv(&fine).total_rows, 2);
        assert_eq!(unclosed_quote("a,\"b\nc\",d\ne,\"f", b','), Some(3));
    }

    #[test]
    fn files_that_are_not_text_are_refused_as_such() {
        assert!(matches!(parse_csv(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), Err(ImportError::NotText)));
        let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        assert!(matches!(parse_csv(&random), Err(ImportError::NotText)));
        assert_eq!(
            not_text(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
            Some(NotText::OldOffice)
        );
        // UTF-16 holds NUL bytes and is text; so is a file ending in the old ^Z mark.
        assert_eq!(not_text(b"\xFF\xFEa\0b\0"), None);
        assert_eq!(not_text(format!("{HEADER}\n\x1a").as_bytes()), None);
    }

    #[test]
    fn csv_without_bom_with_lf_is_read_and_text_is_nfc() {
        // "hoà" with a combining grave accent, as some Mac tools write it.
        let text = "Nội dung góp ý,Họ và tên\nĐề nghị giữ nguyên tên gọi “Hội đồng hoa\u{300} giải”.,Trần Thị Bích\n";
        let parsed = csv(text);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].row, 2);
        assert_eq!(parsed.rows[0].text, "Đề nghị giữ nguyên tên gọi “Hội đồng hoà giải”.");
        assert_eq!(parsed.rows[0].author_name.as_deref(), Some("Trần Thị Bích"));
    }

    #[test]
    fn csv_with_semicolons_is_read_even_when_a_header_has_a_comma() {
        // Excel with Vietnamese regional settings separates with `;`.
        let text = "Điều khoản;Nội dung góp ý;Cơ quan, tổ chức\r\n\
                    Điều 12;Đề nghị bỏ quy định về lệ phí, vì trùng với Luật Phí và lệ phí.;Bộ Tài chính\r\n";
        let parsed = csv(text);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.rows[0].provision.as_deref(), Some("Điều 12"));
        assert_eq!(parsed.rows[0].text, "Đề nghị bỏ quy định về lệ phí, vì trùng với Luật Phí và lệ phí.");
        assert_eq!(parsed.rows[0].organisation.as_deref(), Some("Bộ Tài chính"));
    }

    #[test]
    fn excel_separator_line_names_the_separator_and_is_not_a_row() {
        let text =
            "sep=;\r\nNội dung góp ý;Họ và tên\r\n;Lê Văn Cường\r\nĐồng ý với dự thảo.;Lê Văn Cường\r\n";
        let parsed = csv(text);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].row, 3);
        assert_eq!(reasons(&parsed), vec![(2, "Nội dung góp ý", "Nội dung góp ý đang để trống.")]);
    }

    #[test]
    fn quoted_fields_keep_line_breaks_and_rows_are_numbered_as_in_a_spreadsheet() {
        let text = "Nội dung góp ý,Ngày góp ý\r\n\
                    \"Đề nghị sửa Điều 7 như sau:\r\n1. Bỏ khoản 2;\r\n2. Sửa khoản 3, cụ thể \"\"30 ngày\"\".\",01/04/2025\r\n\
                    Góp ý thứ hai.,31/04/2025\r\n\
                    \r\n\
                    Góp ý thứ ba.,\r\n";
        let parsed = csv(text);
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[0].row, 2);
        assert_eq!(
            parsed.rows[0].text,
            "Đề nghị sửa Điều 7 như sau:\n1. Bỏ khoản 2;\n2. Sửa khoản 3, cụ thể \"30 ngày\"."
        );
        // Row 3 is the second comment (the first spans three lines of the file but one
        // row); row 4 is blank; row 5 is the third comment.
        assert_eq!(
            reasons(&parsed),
            vec![(3, "Ngày góp ý", "Ngày góp ý “31/04/2025” không có thật: tháng 4/2025 có 30 ngày.")]
        );
        assert_eq!(parsed.rows[1].row, 5);
        assert_eq!(parsed.total_rows, 3);
    }

    #[test]
    fn old_mac_line_ends_and_a_missing_final_line_break_keep_row_numbers() {
        let parsed = csv("Nội dung góp ý\rĐồng ý.\r\r\"Không đồng ý\rvới Điều 3.\"\r\rCần sửa.");
        assert_eq!(parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 4, 6]);
        assert_eq!(parsed.rows[1].text, "Không đồng ý\nvới Điều 3.");
    }

    #[test]
    fn missing_text_column_is_reported_with_the_columns_found() {
        let text = "STT,Điều khoản,Ý kiến của cơ quan\r\n1,Điều 3,Đồng ý\r\n";
        let err = parse_csv(text.as_bytes()).expect_err("no text column");
        assert_eq!(
            err,
            ImportError::MissingColumns {
                missing: vec!["Nội dung góp ý".into()],
                found: vec!["STT".into(), "Điều khoản".into(), "Ý kiến của cơ quan".into()],
            }
        );
        assert_eq!(
            err.to_string(),
            "Không tìm thấy cột bắt buộc “Nội dung góp ý” trong dòng tiêu đề. Các cột đang có: “STT”, \
             “Điều khoản”, “Ý kiến của cơ quan”. Hãy dùng tệp mẫu hoặc đặt lại tên cột cho đúng."
        );
        assert_eq!(err.code(), "import_missing_columns");
    }

    #[test]
    fn headers_match_without_diacritics_case_or_extra_spaces() {
        let text = "  dieu   khoan ;NOI DUNG GOP Y (*);Họ tên;E-mail;Cơ quan / tổ chức;ngày góp ý\n\
                    Điều 4;Đề nghị làm rõ khái niệm “người đại diện”.;Phạm Minh Đức;duc.pm@moj.gov.vn;Bộ Tư pháp;2025-05-02\n";
        let parsed = csv(text);
        assert_eq!(parsed.errors, vec![]);
        let row = &parsed.rows[0];
        assert_eq!(row.provision.as_deref(), Some("Điều 4"));
        assert_eq!(row.author_name.as_deref(), Some("Phạm Minh Đức"));
        assert_eq!(row.author_email.as_deref(), Some("duc.pm@moj.gov.vn"));
        assert_eq!(row.organisation.as_deref(), Some("Bộ Tư pháp"));
        assert_eq!(row.date.as_deref(), Some("2025-05-02"));
        assert_eq!(notes(&parsed), Vec::<String>::new());
    }

    #[test]
    fn unknown_columns_are_ignored_with_a_note_and_rows_with_only_them_are_skipped() {
        let text = "STT,Nội dung góp ý,Ghi chú\n1,Đề nghị giữ nguyên Điều 9.,đã xem\n2,,\n3,,chưa xử lý\n";
        let parsed = csv(text);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.total_rows, 1);
        assert_eq!(notes(&parsed), vec!["Các cột sau không được nhập: “STT”, “Ghi chú”.".to_owned()]);
    }

    #[test]
    fn a_field_given_twice_is_refused() {
        let err = parse_csv("Nội dung góp ý,Nội dung\nA,B\n".as_bytes()).expect_err("two text columns");
        assert_eq!(err, ImportError::DuplicateColumns { columns: vec!["Nội dung góp ý".into()] });
    }

    #[test]
    fn title_rows_above_the_header_are_skipped_with_a_note() {
        let text = "TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO NGHỊ ĐỊNH,,\n,,\nĐiều khoản,Nội dung góp ý,Họ và tên\n\
                    Điều 1,Phạm vi điều chỉnh còn hẹp.,Vũ Thị Lan\n";
        let parsed = csv(text);
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].row, 4);
        assert_eq!(notes(&parsed), vec!["Bỏ qua dòng 1 nằm phía trên dòng tiêu đề (dòng 3).".to_owned()]);
    }

    #[test]
    fn tcvn3_csv_is_converted_to_unicode() {
        let unicode = "Điều khoản,Nội dung góp ý,Họ và tên\r\n\
                       khoản 1 Điều 6,Đề nghị bổ sung quy định về trách nhiệm của người đứng đầu cơ quan.,Hoàng Văn Thụ\r\n";
        let bytes = windows_1252_bytes(&legacy::encode(unicode, Encoding::Tcvn3));
        assert!(std::str::from_utf8(&bytes).is_err(), "the sample must not be UTF-8");
        let parsed = parse_csv(&bytes).expect("a TCVN3 CSV");
        assert_eq!(parsed.errors, vec![]);
        let row = &parsed.rows[0];
        assert_eq!(row.provision.as_deref(), Some("khoản 1 Điều 6"));
        assert_eq!(row.text, "Đề nghị bổ sung quy định về trách nhiệm của người đứng đầu cơ quan.");
        assert_eq!(row.author_name.as_deref(), Some("Hoàng Văn Thụ"));
        assert_eq!(
            encoding_note(&parsed).as_deref(),
            Some("Tệp không ở dạng UTF-8: đã được đọc theo bảng mã TCVN3 (ABC) và chuyển sang Unicode.")
        );
    }

    #[test]
    fn vni_csv_is_converted_to_unicode() {
        let unicode = "Nội dung góp ý\r\nĐề nghị sửa đổi quy định về thời hạn giải quyết hồ sơ.\r\n";
        let bytes = windows_1252_bytes(&legacy::encode(unicode, Encoding::Vni));
        let parsed = parse_csv(&bytes).expect("a VNI CSV");
        assert_eq!(parsed.rows[0].text, "Đề nghị sửa đổi quy định về thời hạn giải quyết hồ sơ.");
        assert!(encoding_note(&parsed).as_deref().is_some_and(|n| n.contains("VNI")));
    }

    #[test]
    fn tcvn3_text_pasted_into_a_utf8_file_is_converted() {
        // The header typed in Unicode, a comment copied from a .VnTime document.
        let pasted = legacy::encode("Đề nghị bỏ khoản 3 Điều 8 vì không phù hợp thực tiễn.", Encoding::Tcvn3);
        let text = format!("Nội dung góp ý,Họ và tên\nĐồng ý với dự thảo.,Lê Hoa\n{pasted},Ngô Bảo Châu\n");
        let parsed = csv(&text);
        assert_eq!(parsed.rows[0].text, "Đồng ý với dự thảo.");
        assert_eq!(parsed.rows[1].text, "Đề nghị bỏ khoản 3 Điều 8 vì không phù hợp thực tiễn.");
        assert_eq!(
            encoding_note(&parsed).as_deref(),
            Some("Đã chuyển sang Unicode 1 đoạn văn bản gõ theo bảng mã TCVN3 (ABC).")
        );
    }

    #[test]
    fn utf16_tab_separated_text_from_excel_is_read() {
        let text = "Nội dung góp ý\tHọ và tên\r\nCần bổ sung quy định chuyển tiếp.\tĐặng Thu Thảo\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let parsed = parse_csv(&bytes).expect("a UTF-16 file");
        assert_eq!(parsed.rows[0].text, "Cần bổ sung quy định chuyển tiếp.");
        assert_eq!(parsed.rows[0].author_name.as_deref(), Some("Đặng Thu Thảo"));
    }

    #[test]
    fn row_errors_carry_the_spreadsheet_row_the_column_and_a_precise_reason() {
        let long_text = "ý".repeat(MAX_COMMENT_CHARS + 1);
        let long_quote = "a".repeat(MAX_QUOTE_CHARS + 5);
        let long_name = "Nguyễn ".repeat(40);
        let text = format!(
            "{HEADER}\n\
             Điều 5,Hợp lệ.,,,,,\n\
             Điều 5,,,,,,\n\
             Điều 5,{long_text},,,,,\n\
             Điều 5,Trích dẫn quá dài.,{long_quote},,,,\n\
             5,Chỉ ghi số.,,,,,\n\
             khoản 3,Thiếu điều.,,,,,\n\
             Điều 5,Thư sai.,,,an.nv@gmail,,\n\
             Điều 5,Hai thư.,,,a@x.vn; b@y.vn,,\n\
             Điều 5,Ngày sai.,,,,,2025/13/01\n\
             Điều 5,Ngày sai dạng.,,,,,15 tháng 3\n\
             Điều 5,Tên dài.,,{long_name},,,\n\
             Điều 5,Hợp lệ nữa.,,,,,\n"
        );
        let parsed = csv(&text);
        assert_eq!(parsed.rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 13]);
        assert_eq!(parsed.total_rows, 12);
        assert_eq!(
            reasons(&parsed),
            vec![
                (3, "Nội dung góp ý", "Nội dung góp ý đang để trống."),
                (4, "Nội dung góp ý", "Nội dung góp ý dài 10001 ký tự, vượt giới hạn 10000 ký tự."),
                (5, "Trích dẫn", "Đoạn trích dẫn dài 2005 ký tự, vượt giới hạn 2000 ký tự."),
                (6, "Điều khoản", "Điều khoản “5” chỉ có số; hãy ghi rõ, ví dụ “Điều 5”."),
                (
                    7,
                    "Điều khoản",
                    "Điều khoản “khoản 3” thiếu số điều; hãy ghi đầy đủ, ví dụ “khoản 3 Điều 5”."
                ),
                (
                    8,
                    "Thư điện tử",
                    "Thư điện tử “an.nv@gmail” không đúng dạng; hãy ghi một địa chỉ, ví dụ ten@coquan.gov.vn."
                ),
                (
                    9,
                    "Thư điện tử",
                    "Thư điện tử “a@x.vn; b@y.vn” không đúng dạng; hãy ghi một địa chỉ, ví dụ ten@coquan.gov.vn."
                ),
                (10, "Ngày góp ý", "Ngày góp ý “2025/13/01” có tháng 13 không hợp lệ (tháng từ 1 đến 12)."),
                (
                    11,
                    "Ngày góp ý",
                    "Ngày góp ý “15 tháng 3” không đúng dạng; hãy ghi ngày/tháng/năm (ví dụ 15/03/2025) hoặc \
                     năm-tháng-ngày (2025-03-15)."
                ),
                (12, "Họ và tên", "Họ và tên dài 279 ký tự, vượt giới hạn 200 ký tự."),
            ]
        );
    }

    #[test]
    fn a_row_with_several_errors_reports_each_in_column_order() {
        let text = "Thư điện tử,Nội dung góp ý,Ngày góp ý,Điều khoản\nkhông có,,32/01/2025,Điều lạ\n";
        let parsed = csv(text);
        let columns: Vec<&str> = parsed.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, vec!["Điều khoản", "Nội dung góp ý", "Thư điện tử", "Ngày góp ý"]);
        assert!(parsed.errors.iter().all(|e| e.row == 2));
        assert_eq!(parsed.total_rows, 1);
    }

    #[test]
    fn a_hundred_thousand_rows_parse() {
        let mut text = String::from("\u{feff}Điều khoản;Nội dung góp ý;Họ và tên;Ngày góp ý\r\n");
        for i in 0..MAX_ROWS {
            text.push_str(&format!(
                "khoản {} Điều {};\"Góp ý số {i}: đề nghị sửa đổi, bổ sung cho phù hợp.\";Người góp ý {i};{:02}/05/2025\r\n",
                i % 5 + 1,
                i % 90 + 1,
                i % 28 + 1
            ));
        }
        let parsed = csv(&text);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.rows.len(), MAX_ROWS);
        let last = parsed.rows.last().expect("rows");
        assert_eq!(last.row, MAX_ROWS + 1);
        assert_eq!(last.author_name.as_deref(), Some("Người góp ý 99999"));
    }

    #[test]
    fn more_rows_than_the_limit_are_refused() {
        let mut text = String::from("Nội dung góp ý\n");
        for _ in 0..=MAX_ROWS {
            text.push_str("Đồng ý.\n");
        }
        assert_eq!(parse_csv(text.as_bytes()), Err(ImportError::TooManyRows { limit: MAX_ROWS }));
    }

    #[test]
    fn empty_files_are_refused_and_a_header_alone_has_no_rows() {
        for empty in ["", "\u{feff}", "\r\n\r\n", ",,,\n , ,\n"] {
            assert_eq!(parse_csv(empty.as_bytes()), Err(ImportError::Empty), "{empty:?}");
        }
        let parsed = csv("Nội dung góp ý\r\n");
        assert_eq!((parsed.rows.len(), parsed.errors.len(), parsed.total_rows), (0, 0, 0));
        assert_eq!(parse_xlsx(b""), Err(ImportError::Empty));
    }

    #[test]
    fn dates_are_parsed_and_validated() {
        for (input, expected) in [
            ("15/03/2025", "2025-03-15"),
            ("5/3/2025", "2025-03-05"),
            ("05-03-2025", "2025-03-05"),
            ("29.02.2024", "2024-02-29"),
            ("2025-03-15", "2025-03-15"),
            ("2025/3/5", "2025-03-05"),
            ("15/03/2025 08:30", "2025-03-15"),
            ("2025-03-15T00:00:00", "2025-03-15"),
        ] {
            assert_eq!(parse_date(input).as_deref(), Ok(expected), "{input}");
        }
        for input in [
            "29/02/2025",
            "00/01/2025",
            "15/00/2025",
            "15/03/25",
            "1/1/0099",
            "hôm nay",
            "15/03/2025 sáng",
            "",
        ] {
            assert!(parse_date(input).is_err(), "{input}");
        }
        assert_eq!(
            parse_date("29/02/2025").map_err(|e| e.to_string()),
            Err("Ngày góp ý “29/02/2025” không có thật: tháng 2/2025 có 28 ngày.".to_owned())
        );
    }

    #[test]
    fn email_addresses_are_checked_for_shape() {
        for good in ["an.nv@gmail.com", "phongphapche@hanoi.gov.vn", "a+b@x.vn"] {
            assert!(is_email_shaped(good), "{good}");
        }
        for bad in ["an.nv", "@x.vn", "an@x", "an@.vn", "an@x.vn.", "an@@x.vn", "an @x.vn", "a@x.vn,b@y.vn"] {
            assert!(!is_email_shaped(bad), "{bad}");
        }
    }

    #[test]
    fn provisions_must_name_one_provision_with_its_article() {
        for (input, expected) in [
            ("Điều 5", Some("Điều 5")),
            ("khoản 2 Điều 5", Some("khoản 2 Điều 5")),
            ("điểm a khoản 1 Điều 3", Some("điểm a khoản 1 Điều 3")),
            ("Điều 5.", Some("Điều 5")),
            ("  Điều   19a ", Some("Điều 19a")),
            ("Chung", None),
            ("Toàn bộ dự thảo", None),
            ("", None),
        ] {
            assert_eq!(check_provision(Some(input)), Ok(expected.map(str::to_owned)), "{input}");
        }
        for bad in ["abc", "khoản 3", "12", "Điều 5 và Điều 6", "khoản 2 Điều 153 Luật Đất đai"]
        {
            assert!(check_provision(Some(bad)).is_err(), "{bad}");
        }
    }

    // --- XLSX ---------------------------------------------------------------------

    /// A workbook as Excel writes it, with the cases a real file has.
    fn sample_workbook() -> Vec<u8> {
        use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let plain = Format::new();
        let headers = ["STT", "Điều khoản", "Nội dung góp ý", "Họ và tên", "Ngày góp ý"];
        for (col, header) in (0u16..).zip(headers) {
            sheet.write_string(0, col, header).expect("header");
        }
        // Row 2: text, a date cell.
        sheet.write_number(1, 0, 1).expect("cell");
        sheet.write_string(1, 1, "Điều 5").expect("cell");
        sheet.write_string(1, 2, "Đề nghị bổ sung đối tượng áp dụng là hộ kinh doanh.").expect("cell");
        sheet.write_string(1, 3, "Đỗ Quang Huy").expect("cell");
        let march_15 = ExcelDateTime::from_ymd(2025, 3, 15).expect("a date");
        sheet.write_datetime_with_format(1, 4, &march_15, &date).expect("cell");
        // Rows 3–4: "Điều khoản" merged over both; a plain serial number in the date
        // column; a formula with its cached value.
        sheet.write_number(2, 0, 2).expect("cell");
        sheet.merge_range(2, 1, 3, 1, "khoản 2 Điều 7", &plain).expect("merge");
        sheet.write_string(2, 2, "Đề nghị rút ngắn thời hạn xuống 10 ngày.").expect("cell");
        sheet.write_number(2, 4, 45_731).expect("cell");
        sheet.write_number(3, 0, 3).expect("cell");
        sheet.write_string(3, 2, "Đề nghị làm rõ cơ quan tiếp nhận hồ sơ.").expect("cell");
        sheet
            .write_formula(3, 3, Formula::new("=\"Bùi \"&\"Thị Mai\"").set_result("Bùi Thị Mai"))
            .expect("cell");
        sheet.write_string(3, 4, "2025-03-17").expect("cell");
        // Row 5: a number as the text, an error value as the name.
        sheet.write_number(4, 0, 4).expect("cell");
        sheet.write_string(4, 1, "Điều 9").expect("cell");
        sheet.write_number(4, 2, 12_345).expect("cell");
        sheet.write_formula(4, 3, Formula::new("=1/0").set_result("#DIV/0!")).expect("cell");
        // Row 6: only "STT": skipped.
        sheet.write_number(5, 0, 5).expect("cell");
        sheet.write_string(6, 2, "Không có ý kiến khác.").expect("cell");
        workbook.save_to_buffer().expect("a workbook")
    }

    #[test]
    fn xlsx_with_numbers_dates_formulas_and_merged_cells_is_read() {
        let parsed = parse_xlsx(&sample_workbook()).expect("a readable workbook");
        type Summary<'a> = (usize, Option<&'a str>, &'a str, Option<&'a str>, Option<&'a str>);
        let rows: Vec<Summary<'_>> = parsed
            .rows
            .iter()
            .map(|r| {
                (r.row, r.provision.as_deref(), r.text.as_str(), r.author_name.as_deref(), r.date.as_deref())
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                (
                    2,
                    Some("Điều 5"),
                    "Đề nghị bổ sung đối tượng áp dụng là hộ kinh doanh.",
                    Some("Đỗ Quang Huy"),
                    Some("2025-03-15")
                ),
                (
                    3,
                    Some("khoản 2 Điều 7"),
                    "Đề nghị rút ngắn thời hạn xuống 10 ngày.",
                    None,
                    Some("2025-03-15")
                ),
                (
                    4,
                    Some("khoản 2 Điều 7"),
                    "Đề nghị làm rõ cơ quan tiếp nhận hồ sơ.",
                    Some("Bùi Thị Mai"),
                    Some("2025-03-17")
                ),
                (7, None, "Không có ý kiến khác.", None, None),
            ]
        );
        assert_eq!(
            reasons(&parsed),
            vec![(
                5,
                "Họ và tên",
                "Ô có giá trị lỗi #DIV/0! (công thức bị lỗi); hãy sửa công thức hoặc ghi giá trị."
            )]
        );
        assert_eq!(parsed.total_rows, 5);
        assert_eq!(notes(&parsed), vec!["Các cột sau không được nhập: “STT”.".to_owned()]);
    }

    #[test]
    fn xlsx_number_as_the_comment_text_is_kept_as_shown() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Nội dung góp ý").expect("cell");
        sheet.write_number(1, 0, 12_345).expect("cell");
        sheet.write_number(2, 0, 0.25).expect("cell");
        let parsed = parse_xlsx(&workbook.save_to_buffer().expect("a workbook")).expect("readable");
        let texts: Vec<&str> = parsed.rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["12345", "0.25"]);
    }

    #[test]
    fn xlsx_with_an_empty_first_sheet_is_read_from_the_next_and_says_so() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let cover = workbook.add_worksheet().set_name("Hướng dẫn").expect("name");
        // Formatted blank cells: cells without data.
        cover.write_blank(0, 0, &rust_xlsxwriter::Format::new().set_bold()).expect("cell");
        let sheet = workbook.add_worksheet().set_name("Góp ý").expect("name");
        sheet.write_string(0, 0, "Nội dung góp ý").expect("cell");
        sheet.write_string(1, 0, "Đề nghị làm rõ Điều 5.").expect("cell");
        let parsed = parse_xlsx(&workbook.save_to_buffer().expect("a workbook")).expect("readable");
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(notes(&parsed), ["Trang tính đầu tiên không có dữ liệu: đã đọc trang tính “Góp ý”."]);
        let mut empty = rust_xlsxwriter::Workbook::new();
        empty.add_worksheet();
        empty.add_worksheet();
        assert!(matches!(parse_xlsx(&empty.save_to_buffer().expect("a workbook")), Err(ImportError::Empty)));
    }

    /// A minimal XLSX package written by hand (stored ZIP entries), for what
    /// rust_xlsxwriter never writes: a formula without a cached value, as openpyxl or a
    /// script leaves it.
    fn handmade_xlsx(sheet_data: &str) -> Vec<u8> {
        fn crc32(data: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in data {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
                }
            }
            !crc
        }
        let rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let package = "http://schemas.openxmlformats.org/package/2006/relationships";
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        let files = [
            (
                "[Content_Types].xml".to_owned(),
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
                    .to_owned(),
            ),
            (
                "_rels/.rels".to_owned(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml".to_owned(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rels}"><sheets><sheet name="Góp ý" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels".to_owned(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml".to_owned(),
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, content) in &files {
            let offset = u32::try_from(out.len()).expect("small");
            let (crc, size) = (crc32(content.as_bytes()), u32::try_from(content.len()).expect("small"));
            let name_len = u16::try_from(name.len()).expect("short");
            let common = |v: &mut Vec<u8>| {
                for part in
                    [&20u16.to_le_bytes()[..], &0u16.to_le_bytes(), &0u16.to_le_bytes(), &0u16.to_le_bytes()]
                {
                    v.extend_from_slice(part);
                }
                v.extend_from_slice(&0x21u16.to_le_bytes());
                v.extend_from_slice(&crc.to_le_bytes());
                v.extend_from_slice(&size.to_le_bytes());
                v.extend_from_slice(&size.to_le_bytes());
                v.extend_from_slice(&name_len.to_le_bytes());
                v.extend_from_slice(&0u16.to_le_bytes());
            };
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            common(&mut out);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(content.as_bytes());
            central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            central.extend_from_slice(&20u16.to_le_bytes());
            common(&mut central);
            // Comment length, disk, internal and external attributes.
            central.extend_from_slice(&[0; 10]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let central_offset = u32::try_from(out.len()).expect("small");
        let central_size = u32::try_from(central.len()).expect("small");
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
        let count = u16::try_from(files.len()).expect("five");
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&central_size.to_le_bytes());
        out.extend_from_slice(&central_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    fn inline(cell: &str, text: &str) -> String {
        format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    #[test]
    fn xlsx_formula_without_a_cached_value_is_a_row_error() {
        let sheet = format!(
            r#"<row r="1">{}{}</row><row r="2">{}<c r="B2"><f>CONCATENATE("Lê ","Văn An")</f></c></row><row r="3">{}{}</row>"#,
            inline("A1", "Nội dung góp ý"),
            inline("B1", "Họ và tên"),
            inline("A2", "Đề nghị bổ sung Điều 10a."),
            inline("A3", "Đề nghị bỏ Điều 11."),
            inline("B3", "Lê Văn An"),
        );
        let parsed = parse_xlsx(&handmade_xlsx(&sheet)).expect("a readable workbook");
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].row, 3);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!((parsed.errors[0].row, parsed.errors[0].column.as_str()), (2, "Họ và tên"));
        assert!(parsed.errors[0].reason.starts_with("Ô có công thức chưa được tính"));
    }

    #[test]
    fn xlsx_cells_typed_in_a_tcvn3_font_are_converted() {
        let comment =
            legacy::encode("Đề nghị giữ nguyên quy định về thẩm quyền của Chủ tịch tỉnh.", Encoding::Tcvn3);
        let name = legacy::encode("Trương Văn Bình", Encoding::Tcvn3);
        let sheet = format!(
            r#"<row r="1">{}{}</row><row r="2">{}{}</row>"#,
            inline("A1", "Nội dung góp ý"),
            inline("B1", "Họ và tên"),
            inline("A2", &comment),
            inline("B2", &name),
        );
        let parsed = parse_xlsx(&handmade_xlsx(&sheet)).expect("a readable workbook");
        assert_eq!(parsed.rows[0].text, "Đề nghị giữ nguyên quy định về thẩm quyền của Chủ tịch tỉnh.");
        assert_eq!(parsed.rows[0].author_name.as_deref(), Some("Trương Văn Bình"));
        assert!(parsed.encoding_note.is_some());
    }

    #[test]
    fn files_that_are_not_xlsx_are_refused_with_a_reason() {
        let csv_bytes = "Nội dung góp ý\nĐồng ý\n".as_bytes();
        assert!(
            matches!(parse_xlsx(csv_bytes), Err(ImportError::NotXlsx { detail }) if detail.to_string().contains("CSV"))
        );
        let xls = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        assert!(
            matches!(parse_xlsx(&xls), Err(ImportError::NotXlsx { detail }) if detail.to_string().contains(".xls"))
        );
        let mut truncated = sample_workbook();
        truncated.truncate(truncated.len() / 2);
        assert!(matches!(parse_xlsx(&truncated), Err(ImportError::NotXlsx { .. })));
    }

    // --- Templates ------------------------------------------------------------------

    #[test]
    fn xlsx_template_reads_back_with_no_rows_and_a_note_on_the_example() {
        let parsed = parse_xlsx(&template_xlsx()).expect("the template is readable");
        assert_eq!((parsed.rows.len(), parsed.errors.len(), parsed.total_rows), (0, 0, 0));
        assert_eq!(
            notes(&parsed),
            vec!["Bỏ qua dòng ví dụ của tệp mẫu (dòng 2): nội dung góp ý bắt đầu bằng “[Ví dụ]”.".to_owned()]
        );
    }

    #[test]
    fn xlsx_template_has_a_guide_sheet_for_every_column() {
        use calamine::Reader;
        let mut workbook = calamine::Xlsx::new(Cursor::new(template_xlsx())).expect("a workbook");
        assert_eq!(workbook.sheet_names(), vec!["Góp ý".to_owned(), "Hướng dẫn".to_owned()]);
        let guide = workbook.worksheet_range("Hướng dẫn").expect("the guide");
        let first_column: Vec<String> =
            guide.rows().filter_map(|r| r.first().map(|c| c.to_string())).collect();
        for (header, _) in COLUMNS {
            assert!(first_column.iter().any(|c| c == header), "{header} is explained");
        }
    }

    #[test]
    fn filled_in_templates_import_their_rows() {
        let mut csv_file = template_csv();
        csv_file.extend_from_slice(
            "Điều 2,Đề nghị thay “hợp lý” bằng “15 ngày”.,,Lý Thị Hương,,,20/03/2025\r\n".as_bytes(),
        );
        let parsed = parse_csv(&csv_file).expect("readable");
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].row, 3);
        assert_eq!(parsed.rows[0].date.as_deref(), Some("2025-03-20"));

        // The example row, stripped of its marker, is a valid comment.
        let sample = format!(
            "{HEADER}\r\n{}\r\n",
            SAMPLE.iter().map(|v| format!("\"{}\"", v.replace("[Ví dụ] ", ""))).collect::<Vec<_>>().join(",")
        );
        let parsed = csv(&sample);
        assert_eq!(parsed.errors, vec![]);
        assert_eq!(parsed.rows.len(), 1);
    }

    #[test]
    fn csv_template_is_utf8_with_bom_and_crlf_and_reads_back_with_no_rows() {
        let template = template_csv();
        assert!(template.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&template).expect("UTF-8");
        assert!(text.ends_with("\r\n"));
        assert_eq!(text.matches("\r\n").count(), 2);
        assert!(text.contains("\"Cơ quan, tổ chức\""));
        let parsed = parse_csv(&template).expect("readable");
        assert_eq!((parsed.rows.len(), parsed.errors.len(), parsed.total_rows), (0, 0, 0));
        assert_eq!(parsed.notes.len(), 1);
    }

    #[test]
    fn import_errors_read_as_vietnamese_sentences() {
        assert_eq!(ImportError::Empty.to_string(), "Tệp không có dữ liệu.");
        assert_eq!(
            ImportError::TooManyRows { limit: MAX_ROWS }.to_string(),
            "Tệp có hơn 100000 dòng góp ý; hãy chia thành nhiều tệp nhỏ hơn."
        );
        assert_eq!(
            ImportError::MissingColumns { missing: vec!["Nội dung góp ý".into()], found: vec![] }.to_string(),
            "Không tìm thấy cột bắt buộc “Nội dung góp ý” trong dòng tiêu đề. Hãy dùng tệp mẫu hoặc đặt lại tên \
             cột cho đúng."
        );
    }

    #[test]
    fn comment_errors_read_as_the_domain_says_them() {
        for e in [
            CommentError::Empty,
            CommentError::TooLong { chars: 10_001, max: MAX_COMMENT_CHARS },
            CommentError::QuoteTooLong { chars: 2005, max: MAX_QUOTE_CHARS },
            CommentError::NameTooLong { max: MAX_NAME_CHARS },
            CommentError::EmailTooLong { max: MAX_NAME_CHARS },
            CommentError::EmailInvalid,
        ] {
            assert_eq!(comment_notice(&e).to_string(), e.to_string());
        }
    }

    #[test]
    fn notices_in_english_keep_the_file_s_words_vietnamese_and_marked() {
        let parsed = csv("Điều khoản,Nội dung góp ý,Ngày góp ý\nkhoản 3,,31/04/2025\n");
        let en: Vec<String> = parsed.errors.iter().map(|e| e.notice.text(Lang::En)).collect();
        assert_eq!(
            en,
            vec![
                "The provision “khoản 3” lacks the article number; write it in full, for example “khoản 3 Điều 5”."
                    .to_owned(),
                "The “Nội dung góp ý” cell is empty.".to_owned(),
                "The date “31/04/2025” does not exist: month 4/2025 has 30 days.".to_owned(),
            ]
        );
        let pieces = parsed.errors[0].notice.pieces(Lang::En);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.vietnamese).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, vec!["khoản 3", "khoản 3 Điều 5"]);
        // In Vietnamese nothing needs marking: one piece, the reason as the API gives it.
        for error in &parsed.errors {
            let pieces = error.notice.pieces(Lang::Vi);
            assert_eq!(pieces, vec![Piece { text: error.reason.clone(), vietnamese: false }]);
        }
    }

    #[test]
    fn a_cell_cannot_pass_for_a_marker() {
        let notice = Notice::new("adm-import-bad-email").vietnamese("value", "\u{E000}0\u{E001}@x");
        assert_eq!(
            notice.to_string(),
            "Thư điện tử “\u{E000}0\u{E001}@x” không đúng dạng; hãy ghi một địa chỉ, ví dụ ten@coquan.gov.vn."
        );
    }

    #[test]
    fn file_errors_and_notes_read_in_english_too() {
        let cases = [
            (ImportError::Empty.notice(), "The file holds no data."),
            (
                ImportError::MissingColumns {
                    missing: vec!["Nội dung góp ý".into()],
                    found: vec!["STT".into()],
                }
                .notice(),
                "The required column “Nội dung góp ý” was not found in the heading row. The columns present \
                 are: “STT”. Use the template, or rename the columns correctly.",
            ),
            (
                parse_xlsx(b"not a workbook").expect_err("not xlsx").notice(),
                "The Excel file could not be read: the file is not in .xlsx format; if it is a CSV file, \
                 upload it as a CSV file.",
            ),
        ];
        for (notice, en) in cases {
            assert_eq!(notice.text(Lang::En), en);
        }
        let parsed = csv("TIÊU ĐỀ\nSTT,Nội dung góp ý\n1,Đồng ý.\n");
        let en: Vec<String> = parsed.notes.iter().map(|n| n.text(Lang::En)).collect();
        assert_eq!(
            en,
            vec![
                "Row 1, above the heading row (row 2), was skipped.".to_owned(),
                "These columns were not imported: “STT”.".to_owned(),
            ]
        );
    }

    /// The texts as they were written before they moved to `locales/vi/admin.ftl`.
    #[test]
    fn notices_read_in_vietnamese_exactly_as_before() {
        let cases = [
            (
                cell_text(&Cell::Overlong, TEXT, false).expect_err("too long"),
                "Nội dung góp ý dài hơn 50000 ký tự, vượt giới hạn 10000 ký tự.",
            ),
            (
                cell_text(&Cell::DateTime(3e6), DATE, false).expect_err("out of range"),
                "Ô chứa ngày nằm ngoài khoảng Excel hỗ trợ (3000000).",
            ),
            (
                cell_text(&Cell::Uncomputed, NAME, false).expect_err("no value"),
                "Ô có công thức chưa được tính (tệp không lưu giá trị của công thức). Hãy mở tệp bằng Excel \
                 rồi lưu lại, hoặc thay công thức bằng giá trị.",
            ),
            (
                check_provision(Some("Điều lạ")).expect_err("not a provision"),
                "Không hiểu điều khoản “Điều lạ”; hãy ghi một điều khoản như “Điều 5”, “khoản 2 Điều 5” hoặc \
                 “điểm a khoản 1 Điều 3”, hoặc để trống nếu góp ý chung cho cả dự thảo.",
            ),
            (
                check_provision(Some(&"a".repeat(201))).expect_err("too long"),
                "Điều khoản dài 201 ký tự, vượt giới hạn 200 ký tự.",
            ),
            (
                parse_date("1/1/1800").expect_err("too early"),
                "Ngày góp ý “1/1/1800” có năm 1800 không hợp lệ.",
            ),
            (
                ImportError::DuplicateColumns {
                    columns: vec!["Nội dung góp ý".into(), "Ngày góp ý".into()]
                }
                .notice(),
                "Cột “Nội dung góp ý”, “Ngày góp ý” có nhiều hơn một lần trong dòng tiêu đề; hãy giữ lại một cột.",
            ),
            (
                not_xlsx("adm-import-xlsx-old").notice(),
                "Không đọc được tệp Excel: đây là tệp Excel 97–2003 (.xls) hoặc tệp có mật khẩu; hãy mở bằng \
                 Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng “Excel Workbook (.xlsx)”.",
            ),
            (
                not_xlsx("adm-import-xlsx-unreadable").notice(),
                "Không đọc được tệp Excel: tệp bị hỏng, không đọc được cấu trúc của bảng tính.",
            ),
            (
                xlsx_error(calamine::XlsxError::Password).notice(),
                "Không đọc được tệp Excel: tệp được đặt mật khẩu; hãy bỏ mật khẩu rồi tải lên lại.",
            ),
            (
                not_xlsx("adm-import-xlsx-damaged-zip").notice(),
                "Không đọc được tệp Excel: tệp không phải .xlsx hoặc đã bị hỏng.",
            ),
            (
                not_xlsx("adm-import-xlsx-row-order").notice(),
                "Không đọc được tệp Excel: các dòng trong trang tính không theo thứ tự.",
            ),
            (
                too_large().notice(),
                "Tệp có quá nhiều nội dung (hơn 256 MiB văn bản); hãy chia thành nhiều tệp nhỏ hơn.",
            ),
            (
                ImportError::Csv { line: 7, detail: "found record with 2 fields".into() }.notice(),
                "Tệp CSV bị lỗi ở dòng 7: found record with 2 fields.",
            ),
            (
                Notice::new("adm-import-note-read-windows-1252"),
                "Tệp không ở dạng UTF-8: đã được đọc theo bảng mã Windows-1252. Nếu chữ tiếng Việt hiển thị \
                 sai, hãy lưu lại tệp dưới dạng “CSV UTF-8”.",
            ),
            (
                Notice::new("adm-import-note-converted-both").plain("count", 3).plain("value", 1),
                "Đã chuyển sang Unicode 3 đoạn văn bản gõ theo bảng mã TCVN3 (ABC) và 1 đoạn văn bản gõ theo \
                 bảng mã VNI-Windows.",
            ),
        ];
        for (notice, vi) in cases {
            assert_eq!(notice.to_string(), vi);
            assert_ne!(notice.text(Lang::En), vi);
        }
        let parsed = csv("TIÊU ĐỀ\nBẢNG TỔNG HỢP\nNội dung góp ý\nĐồng ý.\n");
        assert_eq!(notes(&parsed), ["Bỏ qua các dòng 1–2 nằm phía trên dòng tiêu đề (dòng 3)."]);
    }

    #[test]
    fn two_encoding_notes_read_as_one() {
        let both = Notice::new("adm-import-note-pair")
            .notice("value", Notice::new("adm-import-note-read-windows-1252"))
            .notice("what", Notice::new("adm-import-note-converted-tcvn3").plain("count", 2));
        assert_eq!(
            both.to_string(),
            "Tệp không ở dạng UTF-8: đã được đọc theo bảng mã Windows-1252. Nếu chữ tiếng Việt hiển thị sai, \
             hãy lưu lại tệp dưới dạng “CSV UTF-8”. Đã chuyển sang Unicode 2 đoạn văn bản gõ theo bảng mã \
             TCVN3 (ABC)."
        );
    }

    proptest! {
        #[test]
        fn csv_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_csv(&bytes);
        }

        #[test]
        fn csv_never_panics_on_text(text in "(Nội dung góp ý|Điều khoản|Ngày góp ý|sep=;|[,;\t\"\r\n ]|Điều 5|[a-zđệ]{1,4}|1[0-9]/0[0-9]/20[0-9]{2}|@|\u{feff})*") {
            let _ = parse_csv(text.as_bytes());
        }

        #[test]
        fn xlsx_never_panics_on_bytes(mut bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = parse_xlsx(&bytes);
            bytes.splice(0..0, *b"PK\x03\x04");
            let _ = parse_xlsx(&bytes);
        }

        #[test]
        fn xlsx_never_panics_on_damaged_workbooks(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            let mut bytes = handmade_xlsx(&format!(
                r#"<row r="1">{}</row><row r="2">{}<c r="B2"><f>A2</f></c></row>"#,
                inline("A1", "Nội dung góp ý"),
                inline("A2", "Đồng ý."),
            ));
            for (index, byte) in edits {
                let i = index.index(bytes.len());
                bytes[i] = byte;
            }
            let _ = parse_xlsx(&bytes);
        }
    }
}
