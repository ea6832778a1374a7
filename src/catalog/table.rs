//! Catalog tables from files: an XLSX workbook, a CSV file or the tables of a DOCX read
//! into grids of text ([`read_grids`]), then into the entries of a catalog draft
//! ([`import_catalog`]) or an organisation's current list ([`import_submission`]).
//!
//! This module decides what each row of a table says; it does not store anything, and it
//! does not match names against a catalog (that is [`super::matching`]). It never panics
//! on input: a file it cannot read is a [`TableError`], and what it changed or skipped in
//! a file it could read is a [`Notice`] for the editor.
//!
//! How a file is read:
//!
//! - The format is taken from the file's extension, else from its first bytes.
//! - XLSX: every sheet. A merged region gives its value to every cell it covers (a group
//!   column merged over ten rows reads on all ten); a formula gives its cached value.
//! - CSV: UTF-8 with or without a BOM, UTF-16 with a BOM, or a legacy 8-bit file (TCVN3,
//!   VNI, Windows-1252); CRLF, LF or CR; `,`, `;` or tab, detected (or named by an Excel
//!   `sep=` line); quoted fields may hold separators and line breaks.
//! - DOCX: every table, laid on its grid by [`duthao_structure::read_tables`].
//! - All text is NFC and trimmed; text typed in the TCVN3 or VNI fonts is converted to
//!   Unicode. A cell is cut at [`CELL_CHAR_CAP`] characters (with a note); a grid holds
//!   at most [`MAX_ROWS`] rows; a file at most [`MAX_FILE_BYTES`].
//! - Row numbers are those the user sees: the sheet's row in Excel, the line of a CSV
//!   file (as Excel shows it), the row of a DOCX table counted from 1.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use duthao_structure::{DocxLimits, InputError};
use duthao_text::legacy::{self, Encoding};
use serde::Serialize;

use super::fields::{self, CatalogKind, FieldDef, heading_key};
use super::headcount::split_holders;
use super::normalize::Normalizer;
use super::{Level, SubmittedEntry};
use crate::i18n::Lang;
use crate::intake::import::{Notice, OLE_MAGIC as OLE, number_text, quoted_list};

/// The largest file accepted.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// The most rows (not counting empty ones) one table may hold.
pub const MAX_ROWS: usize = 100_000;
/// How many non-empty rows at the top of each table are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 10;
/// A cell longer than this, in characters, is cut here (a job description's longest
/// part is a few thousand characters).
pub const CELL_CHAR_CAP: usize = 50_000;
/// Columns beyond this are not read: no catalog is this wide.
const MAX_COLUMNS: usize = 200;
/// The most text, in bytes, kept from one file (XLSX and DOCX inflate).
const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// The most cells a merged region may fill in one sheet.
const MAX_MERGE_FILL: usize = 2_000_000;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// A table of text read from a file: a sheet, a CSV file, a DOCX table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// What the user calls it: the sheet's name ("Sheet1"), "Bảng 2", the file's name.
    pub source: String,
    /// The rows that have some text, in order.
    pub rows: Vec<GridRow>,
}

/// One row of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridRow {
    /// 1-based, as the user sees it in Excel or counts it in the table.
    pub row: usize,
    /// The cells from the first column, NFC and trimmed; empty for an empty cell.
    pub cells: Vec<String>,
}

impl GridRow {
    fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", String::as_str)
    }
}

/// One entry of an imported catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedEntry {
    /// The row of the file it was read from.
    pub row: usize,
    /// The STT as written (a trailing dot dropped), else its running number; unique.
    pub code: String,
    pub name: String,
    /// `(field key, value)` in the catalog's field order, empty values left out; neither
    /// the name nor the code is here.
    pub fields: Vec<(String, String)>,
}

impl ImportedEntry {
    /// The value of the field with this key.
    pub fn field(&self, key: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// A catalog read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogImport {
    pub entries: Vec<ImportedEntry>,
    /// Fields for the columns the catalog did not have, in column order.
    pub new_fields: Vec<FieldDef>,
    /// What the editor should know: converted text, skipped rows, renumbered codes…
    pub notes: Vec<Notice>,
}

/// An organisation's current list read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionImport {
    pub entries: Vec<SubmittedEntry>,
    pub notes: Vec<Notice>,
}

/// Why a file could not be imported at all. `Display` says it in Vietnamese;
/// [`Self::notice`] in any language; [`Self::code`] names it for the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// Nothing in the file.
    Empty,
    TooLarge {
        max_mib: usize,
    },
    TooManyRows {
        source: String,
        max: usize,
    },
    /// An Excel 97–2003 or Word 97–2003 file.
    OldFormat,
    XlsxPassword,
    XlsxDamaged,
    DocxDamaged,
    /// A DOCX whose content inflates far beyond its size.
    DocxBomb,
    /// A DOCX without tables.
    NoTable,
    Csv {
        row: u64,
        detail: String,
    },
    /// No row names the name column.
    NoHeader {
        /// The headings a name column may have.
        looked_for: Vec<String>,
        /// The cells of the first non-empty row, to show what was there.
        first_row: Vec<String>,
    },
    /// One field named by two columns.
    DuplicateColumn {
        field: String,
        first: String,
        second: String,
    },
}

impl TableError {
    /// What is wrong and how to put it right.
    pub fn notice(&self) -> Notice {
        match self {
            Self::Empty => Notice::new("cat-import-empty"),
            Self::TooLarge { max_mib } => Notice::new("cat-import-too-large").plain("max", max_mib),
            Self::TooManyRows { source, max } => {
                Notice::new("cat-import-too-many-rows").vietnamese("name", source).plain("max", max)
            }
            Self::OldFormat => Notice::new("cat-import-old-format"),
            Self::XlsxPassword => Notice::new("cat-import-xlsx-password"),
            Self::XlsxDamaged => Notice::new("cat-import-xlsx-damaged"),
            Self::DocxDamaged => Notice::new("cat-import-docx-damaged"),
            Self::DocxBomb => Notice::new("cat-import-docx-bomb"),
            Self::NoTable => Notice::new("cat-import-no-table"),
            Self::Csv { row, detail } => {
                Notice::new("cat-import-csv").plain("row", row).plain("value", detail)
            }
            Self::NoHeader { looked_for, first_row } if first_row.is_empty() => {
                Notice::new("cat-import-no-header")
                    .vietnamese("column", quoted_list(looked_for))
                    .plain("max", HEADER_SEARCH_ROWS)
            }
            Self::NoHeader { looked_for, first_row } => Notice::new("cat-import-no-header-found")
                .vietnamese("column", quoted_list(looked_for))
                .plain("max", HEADER_SEARCH_ROWS)
                .vietnamese("value", quoted_list(first_row)),
            Self::DuplicateColumn { field, first, second } => Notice::new("cat-import-duplicate-column")
                .vietnamese("name", field)
                .vietnamese("column", first)
                .vietnamese("value", second),
        }
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        self.notice().text(lang)
    }

    /// A stable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "table_empty",
            Self::TooLarge { .. } => "table_too_large",
            Self::TooManyRows { .. } => "table_too_many_rows",
            Self::OldFormat => "table_old_format",
            Self::XlsxPassword => "table_xlsx_password",
            Self::XlsxDamaged => "table_xlsx_damaged",
            Self::DocxDamaged => "table_docx_damaged",
            Self::DocxBomb => "table_docx_bomb",
            Self::NoTable => "table_no_table",
            Self::Csv { .. } => "table_csv",
            Self::NoHeader { .. } => "table_no_header",
            Self::DuplicateColumn { .. } => "table_duplicate_column",
        }
    }
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.notice().fmt(f)
    }
}

impl std::error::Error for TableError {}

// ---------------------------------------------------------------------------
// Reading grids
// ---------------------------------------------------------------------------

/// Reads every table of a file: the sheets of an XLSX workbook, a CSV file, the tables of
/// a DOCX (see the module documentation for what is accepted).
pub fn read_grids(file_name: &str, bytes: &[u8]) -> Result<Vec<Grid>, TableError> {
    read(file_name, bytes).map(|reading| reading.grids)
}

/// Grids with what the reader changed in them.
struct Reading {
    grids: Vec<Grid>,
    /// Columns are letters (a spreadsheet) rather than numbers (a DOCX table).
    letters: bool,
    notes: Vec<Notice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Csv,
    Docx,
}

fn format_of(file_name: &str, bytes: &[u8]) -> Result<Format, TableError> {
    let extension = file_name.rsplit_once('.').map(|(_, ext)| ext.trim().to_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "xlsx" | "xlsm" => return Ok(Format::Xlsx),
        "csv" | "txt" | "tsv" => return Ok(Format::Csv),
        "docx" => return Ok(Format::Docx),
        "xls" | "doc" => return Err(TableError::OldFormat),
        _ => {}
    }
    if bytes.starts_with(&OLE) {
        return Err(TableError::OldFormat);
    }
    if bytes.starts_with(b"PK") {
        let is_docx = zip::ZipArchive::new(Cursor::new(bytes))
            .is_ok_and(|archive| archive.index_for_name("word/document.xml").is_some());
        return Ok(if is_docx { Format::Docx } else { Format::Xlsx });
    }
    Ok(Format::Csv)
}

fn read(file_name: &str, bytes: &[u8]) -> Result<Reading, TableError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(TableError::TooLarge { max_mib: MAX_FILE_BYTES / (1024 * 1024) });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(TableError::Empty);
    }
    let mut notes = Vec::new();
    let format = format_of(file_name, bytes)?;
    let mut cut = Vec::new();
    let mut grids = match format {
        Format::Csv => {
            let source = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
            let (grid, decoding) = read_csv(source, bytes, &mut cut)?;
            notes.extend(decoding);
            vec![grid]
        }
        Format::Xlsx => {
            // calamine reads untrusted XML and ZIP; a panic in it must not take the
            // request down with it.
            let (grids, overlong, uncomputed) =
                std::panic::catch_unwind(|| read_xlsx(bytes)).unwrap_or(Err(TableError::XlsxDamaged))?;
            cut = overlong;
            notes.extend(uncomputed);
            grids
        }
        Format::Docx => read_docx(bytes, &mut cut)?,
    };
    if grids.iter().all(|g| g.rows.is_empty()) {
        return Err(if format == Format::Docx && grids.is_empty() {
            TableError::NoTable
        } else {
            TableError::Empty
        });
    }
    let letters = format != Format::Docx;
    notes.extend(convert_legacy(&mut grids));
    for (source, row, col) in cut {
        notes.push(
            Notice::new("cat-import-note-overlong")
                .vietnamese("name", source)
                .plain("row", row)
                .plain("column", column_label(col, letters))
                .plain("max", CELL_CHAR_CAP),
        );
    }
    Ok(Reading { grids, letters, notes })
}

/// A cell's text, cleaned (NFC, trimmed) and cut at [`CELL_CHAR_CAP`] characters.
/// Returns whether it was cut.
fn clean_cell(raw: &str) -> (String, bool) {
    let (raw, cut) = match raw.char_indices().nth(CELL_CHAR_CAP) {
        Some((at, _)) => (&raw[..at], true),
        None => (raw, false),
    };
    (duthao_text::clean_input(raw).trim().to_owned(), cut)
}

/// Collects the rows of one grid, within the limits.
struct GridBuilder {
    grid: Grid,
    text_bytes: usize,
}

impl GridBuilder {
    fn new(source: &str) -> Self {
        Self { grid: Grid { source: source.to_owned(), rows: Vec::new() }, text_bytes: 0 }
    }

    /// Adds a row of raw cells; cut cells are added to `cut`.
    fn push(
        &mut self,
        row: usize,
        raw: impl IntoIterator<Item = impl AsRef<str>>,
        cut: &mut Vec<(String, usize, usize)>,
    ) -> Result<(), TableError> {
        let mut cells = Vec::new();
        for (col, raw) in raw.into_iter().take(MAX_COLUMNS).enumerate() {
            let (text, was_cut) = clean_cell(raw.as_ref());
            if was_cut {
                cut.push((self.grid.source.clone(), row, col));
            }
            self.text_bytes += text.len();
            cells.push(text);
        }
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            return Ok(());
        }
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(TableError::TooLarge { max_mib: MAX_TEXT_BYTES / (1024 * 1024) });
        }
        if self.grid.rows.len() >= MAX_ROWS {
            return Err(TableError::TooManyRows { source: self.grid.source.clone(), max: MAX_ROWS });
        }
        self.grid.rows.push(GridRow { row, cells });
        Ok(())
    }
}

// --- CSV -------------------------------------------------------------------

fn read_csv(
    source: &str,
    bytes: &[u8],
    cut: &mut Vec<(String, usize, usize)>,
) -> Result<(Grid, Option<Notice>), TableError> {
    let (text, decoding) = decode_csv(bytes);
    let text = if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text };
    let (body, hinted) = strip_separator_hint(&text);
    let delimiter = hinted.unwrap_or_else(|| detect_delimiter(body));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut builder = GridBuilder::new(source);
    let mut record = csv::StringRecord::new();
    // The row of a record is its first line in the file less the line breaks inside
    // quoted fields of the records before it, as a spreadsheet shows it.
    let bytes = body.as_bytes();
    let mut counted_to = 0;
    let mut line_breaks: u64 = 0;
    let mut embedded_breaks: u64 = 0;
    let first_row = u64::from(hinted.is_some());
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let row = e.position().map_or(0, csv::Position::line) + first_row;
                return Err(TableError::Csv { row, detail: e.to_string() });
            }
        }
        let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX).min(bytes.len());
        let consumed = bytes.get(counted_to..end).unwrap_or_default();
        line_breaks += consumed.iter().filter(|&&b| b == b'\n').count() as u64;
        counted_to = counted_to.max(end);
        let ends_line = end.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'\n');
        let last_line = line_breaks + u64::from(!ends_line);
        let inner_breaks = record.iter().map(|field| field.matches('\n').count() as u64).sum::<u64>();
        let row = last_line.saturating_sub(inner_breaks).saturating_sub(embedded_breaks).max(1) + first_row;
        embedded_breaks += inner_breaks;
        builder.push(usize::try_from(row).unwrap_or(usize::MAX), record.iter(), cut)?;
    }
    Ok((builder.grid, decoding))
}

/// Decodes the bytes of a CSV file; the note says when it was not Unicode.
fn decode_csv(bytes: &[u8]) -> (String, Option<Notice>) {
    let (text, legacy) = crate::intake::import::decode_text_file(bytes);
    let note = legacy.map(|encoding| match encoding {
        Encoding::Tcvn3 => Notice::new("cat-import-note-read-tcvn3"),
        Encoding::Vni => Notice::new("cat-import-note-read-vni"),
        Encoding::Unicode => Notice::new("cat-import-note-read-windows-1252"),
    });
    (text, note)
}

/// Excel writes and reads a first line `sep=;` naming the separator; it is not a row.
fn strip_separator_hint(text: &str) -> (&str, Option<u8>) {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.trim().trim_start_matches('\u{feff}');
    match first.strip_prefix("sep=").or_else(|| first.strip_prefix("SEP=")).map(str::as_bytes) {
        Some(&[separator]) if separator.is_ascii() && separator != b'"' => (rest, Some(separator)),
        _ => (text, None),
    }
}

/// The separator that splits the most of the first lines into the same number of fields
/// (more than one); ties go to the one giving more fields, then to `,` `;` tab in that
/// order. A title line above the table ("DANH MỤC CHỨC DANH, CHỨC VỤ") has a stray
/// comma but not the table's shape, so it does not decide.
fn detect_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b',', b';', b'\t'];
    let lines: Vec<&str> =
        text.split('\n').filter(|l| !l.trim().is_empty()).take(HEADER_SEARCH_ROWS * 2).collect();
    let mut best: Option<((usize, usize), u8)> = None;
    for candidate in CANDIDATES {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for line in &lines {
            let separators = separators_outside_quotes(line, candidate);
            if separators > 0 {
                *counts.entry(separators).or_default() += 1;
            }
        }
        let Some(score) = counts.into_iter().map(|(n, lines)| (lines, n)).max() else { continue };
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map_or(b',', |(_, separator)| separator)
}

fn separators_outside_quotes(line: &str, separator: u8) -> usize {
    let mut in_quotes = false;
    let mut count = 0;
    for byte in line.bytes() {
        if byte == b'"' {
            in_quotes = !in_quotes;
        } else if byte == separator && !in_quotes {
            count += 1;
        }
    }
    count
}

// --- XLSX ------------------------------------------------------------------

type XlsxRead = (Vec<Grid>, Vec<(String, usize, usize)>, Vec<Notice>);

fn xlsx_error(e: calamine::XlsxError) -> TableError {
    match e {
        calamine::XlsxError::Password => TableError::XlsxPassword,
        _ => TableError::XlsxDamaged,
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<XlsxRead, TableError> {
    use calamine::Reader;

    if !bytes.starts_with(b"PK") {
        return Err(if bytes.starts_with(&OLE) { TableError::OldFormat } else { TableError::XlsxDamaged });
    }
    let mut workbook = calamine::Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let is_1904 = workbook.has_1904_epoch();
    let mut grids = Vec::new();
    let mut cut = Vec::new();
    let mut uncomputed = Vec::new();
    let mut text_bytes = 0usize;
    for sheet in workbook.sheet_names() {
        let merges = workbook.merge_cells_by_sheet_name(&sheet).map_err(xlsx_error)?;
        let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut reader = workbook.worksheet_cells_reader(&sheet).map_err(xlsx_error)?;
        while let Some(record) = reader.next_cell_with_formula_metadata().map_err(xlsx_error)? {
            let (row, col) = record.pos;
            let col = col as usize;
            if col >= MAX_COLUMNS {
                continue;
            }
            let text = match sheet_text(record.value, is_1904) {
                Some(text) => text,
                None if record.formula.is_some() => {
                    uncomputed.push(
                        Notice::new("cat-import-note-uncomputed")
                            .vietnamese("name", &sheet)
                            .plain("row", row as usize + 1)
                            .plain("column", column_label(col, true)),
                    );
                    continue;
                }
                None => continue,
            };
            text_bytes += text.len();
            if text_bytes > MAX_TEXT_BYTES {
                return Err(TableError::TooLarge { max_mib: MAX_TEXT_BYTES / (1024 * 1024) });
            }
            if rows.len() >= MAX_ROWS && !rows.contains_key(&row) {
                return Err(TableError::TooManyRows { source: sheet.clone(), max: MAX_ROWS });
            }
            *cells_mut(rows.entry(row).or_default(), col) = text;
        }
        drop(reader);
        fill_merges(&mut rows, &merges, &mut text_bytes)?;
        let mut builder = GridBuilder::new(&sheet);
        for (row, cells) in rows {
            builder.push(row as usize + 1, cells, &mut cut)?;
        }
        grids.push(builder.grid);
    }
    Ok((grids, cut, uncomputed))
}

/// The cell at `col` of a sparse row, the row grown to reach it.
fn cells_mut(cells: &mut Vec<String>, col: usize) -> &mut String {
    if cells.len() <= col {
        cells.resize(col + 1, String::new());
    }
    &mut cells[col]
}

/// Gives each merged region's value to every cell it covers, within the rows that have
/// data and the columns that are read.
fn fill_merges(
    rows: &mut BTreeMap<u32, Vec<String>>,
    merges: &[calamine::Dimensions],
    text_bytes: &mut usize,
) -> Result<(), TableError> {
    let Some(&last_row) = rows.keys().next_back() else { return Ok(()) };
    let mut filled = 0usize;
    for region in merges {
        let (top, left) = region.start;
        let (left, right) = (left as usize, (region.end.1 as usize).min(MAX_COLUMNS - 1));
        let bottom = region.end.0.min(last_row);
        let Some(value) = rows.get(&top).and_then(|r| r.get(left)).filter(|v| !v.is_empty()).cloned() else {
            continue;
        };
        for row in top..=bottom {
            for col in left..=right {
                if row == top && col == left {
                    continue;
                }
                filled += 1;
                *text_bytes += value.len();
                if filled > MAX_MERGE_FILL || *text_bytes > MAX_TEXT_BYTES {
                    return Err(TableError::TooLarge { max_mib: MAX_TEXT_BYTES / (1024 * 1024) });
                }
                let cell = cells_mut(rows.entry(row).or_default(), col);
                if cell.is_empty() {
                    cell.clone_from(&value);
                }
            }
        }
    }
    Ok(())
}

/// A cell's value as a spreadsheet shows it; `None` when empty.
fn sheet_text(value: calamine::DataRef<'_>, is_1904: bool) -> Option<String> {
    use calamine::DataRef;
    let text = match value {
        DataRef::Empty => return None,
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s,
        DataRef::SharedString(s) => s.to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(f),
        DataRef::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(dt) if dt.is_datetime() && (1.0..2_958_466.0).contains(&dt.as_f64()) => {
            let dt =
                calamine::ExcelDateTime::new(dt.as_f64(), calamine::ExcelDateTimeType::DateTime, is_1904);
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            format!("{day:02}/{month:02}/{year:04}")
        }
        DataRef::DateTime(dt) => number_text(dt.as_f64()),
        DataRef::Error(e) => e.to_string(),
    };
    Some(text)
}

// --- DOCX ------------------------------------------------------------------

fn read_docx(bytes: &[u8], cut: &mut Vec<(String, usize, usize)>) -> Result<Vec<Grid>, TableError> {
    let limits = DocxLimits { max_uncompressed_bytes: MAX_TEXT_BYTES as u64, ..DocxLimits::default() };
    let tables = duthao_structure::read_tables(bytes, &limits).map_err(|e| match e {
        InputError::ZipBomb { .. } => TableError::DocxBomb,
        InputError::TooLarge { .. } => TableError::TooLarge { max_mib: MAX_TEXT_BYTES / (1024 * 1024) },
        _ => TableError::DocxDamaged,
    })?;
    let mut grids = Vec::with_capacity(tables.len());
    for table in tables {
        let mut builder = GridBuilder::new(&format!("Bảng {}", table.index));
        for (i, cells) in table.rows.into_iter().enumerate() {
            builder.push(i + 1, cells, cut)?;
        }
        grids.push(builder.grid);
    }
    Ok(grids)
}

// --- Legacy encodings -------------------------------------------------------

/// Converts the cells typed in a TCVN3 or VNI font to Unicode, each line decided on its
/// own with the evidence of the whole file (see [`legacy::to_unicode_by_paragraph`]).
fn convert_legacy(grids: &mut [Grid]) -> Option<Notice> {
    let cells = |grids: &[Grid]| -> Vec<(usize, usize, usize)> {
        let mut at = Vec::new();
        for (g, grid) in grids.iter().enumerate() {
            for (r, row) in grid.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    if !cell.is_ascii() {
                        at.push((g, r, c));
                    }
                }
            }
        }
        at
    };
    let at = cells(grids);
    if at.is_empty() {
        return None;
    }
    let joined =
        at.iter().map(|&(g, r, c)| grids[g].rows[r].cells[c].as_str()).collect::<Vec<_>>().join("\n");
    let (converted, encodings) = legacy::to_unicode_by_paragraph(&joined);
    let count = |wanted: Encoding| encodings.iter().filter(|(_, e)| *e == wanted).count();
    let (tcvn3, vni) = (count(Encoding::Tcvn3), count(Encoding::Vni));
    if tcvn3 + vni == 0 {
        return None;
    }
    let mut lines = converted.split('\n');
    for (g, r, c) in at {
        let cell = &mut grids[g].rows[r].cells[c];
        let n = cell.split('\n').count();
        let replaced: Vec<&str> = lines.by_ref().take(n).collect();
        // Conversion keeps line breaks; if it ever did not, keep the original.
        if replaced.len() == n {
            *cell = replaced.join("\n").trim().to_owned();
        }
    }
    Some(match (tcvn3, vni) {
        (_, 0) => Notice::new("cat-import-note-converted-tcvn3").plain("count", tcvn3),
        (0, _) => Notice::new("cat-import-note-converted-vni").plain("count", vni),
        _ => Notice::new("cat-import-note-converted-both").plain("count", tcvn3).plain("value", vni),
    })
}

// ---------------------------------------------------------------------------
// The header row
// ---------------------------------------------------------------------------

/// A column's label as the user finds it: `C` in a spreadsheet, `3` in a DOCX table.
fn column_label(col: usize, letters: bool) -> String {
    if !letters {
        return (col + 1).to_string();
    }
    let mut n = col + 1;
    let mut label = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        label.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    label.reverse();
    String::from_utf8(label).unwrap_or_default()
}

/// The table and its header, found.
struct Header {
    grid: usize,
    /// The heading of each column (a sub-heading under a heading spanning columns).
    headings: Vec<String>,
    /// Index into the grid's rows of the first row after the header.
    data_start: usize,
    letters: bool,
}

impl Header {
    /// A column as a note names it: `C (Chức vụ)`.
    fn column(&self, col: usize) -> String {
        let label = column_label(col, self.letters);
        match self.headings.get(col).filter(|h| !h.is_empty()) {
            Some(heading) => format!("{label} ({})", one_line(heading)),
            None => label,
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds the header row: the first row, among the first [`HEADER_SEARCH_ROWS`] non-empty
/// rows of each grid in turn, with a cell that `names` accepts. Rows above it are noted.
/// A second header row is read under it when it only holds sub-headings of headings
/// that span several columns ("Khung năng lực" over "Năng lực chung", "Năng lực chuyên
/// môn"…); a row that only numbers the columns ("(1)", "(2)"…) is skipped.
fn find_header(
    reading: &Reading,
    names: impl Fn(&str) -> bool,
    looked_for: &[&str],
    notes: &mut Vec<Notice>,
) -> Result<Header, TableError> {
    for (g, grid) in reading.grids.iter().enumerate() {
        let Some(at) =
            grid.rows.iter().take(HEADER_SEARCH_ROWS).position(|r| r.cells.iter().any(|c| names(c)))
        else {
            continue;
        };
        let header_row = &grid.rows[at];
        let name_col = header_row.cells.iter().position(|c| names(c)).unwrap_or(0);
        let mut headings: Vec<String> = header_row.cells.clone();
        let width = grid.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        headings.resize(width, String::new());
        let mut data_start = at + 1;
        if let Some(sub) = grid.rows.get(data_start)
            && is_sub_header(&headings, sub, name_col)
        {
            for (col, text) in sub.cells.iter().enumerate() {
                if !text.is_empty() {
                    headings[col].clone_from(text);
                }
            }
            data_start += 1;
        }
        if grid.rows.get(data_start).is_some_and(is_column_numbers) {
            data_start += 1;
        }
        if at > 0 {
            let above: Vec<String> = grid.rows[..at].iter().map(|r| r.row.to_string()).collect();
            notes.push(
                Notice::new("cat-import-note-above-header")
                    .vietnamese("name", &grid.source)
                    .plain("row", header_row.row)
                    .plain("value", above.join(", ")),
            );
        }
        let others: Vec<String> = reading
            .grids
            .iter()
            .enumerate()
            .filter(|(i, other)| *i != g && !other.rows.is_empty())
            .map(|(_, other)| format!("“{}”", other.source))
            .collect();
        if !others.is_empty() {
            notes.push(
                Notice::new("cat-import-note-other-tables")
                    .vietnamese("name", &grid.source)
                    .vietnamese("value", others.join(", ")),
            );
        }
        return Ok(Header { grid: g, headings, data_start, letters: reading.letters });
    }
    let first_row = reading
        .grids
        .iter()
        .find_map(|g| g.rows.first())
        .map(|r| r.cells.iter().filter(|c| !c.is_empty()).map(|c| one_line(c)).collect())
        .unwrap_or_default();
    Err(TableError::NoHeader { looked_for: looked_for.iter().map(|s| (*s).to_owned()).collect(), first_row })
}

/// Whether `row` holds sub-headings under `headings`: its name cell is empty or repeats
/// the heading (a merged heading), and each other text sits under a heading that spans
/// columns (the same heading beside it, or an empty heading beside it) or repeats the
/// heading above it; at least one is a real sub-heading.
fn is_sub_header(headings: &[String], row: &GridRow, name_col: usize) -> bool {
    let name = row.cell(name_col);
    if !name.is_empty() && name != headings[name_col] {
        return false;
    }
    let heading = |col: usize| headings.get(col).map_or("", String::as_str);
    let spans = |col: usize| {
        let here = heading(col);
        let left = col.checked_sub(1).map(heading);
        let right = heading(col + 1);
        here.is_empty()
            || left == Some(here)
            || right == here
            || (right.is_empty() && col + 1 < headings.len())
            || left == Some("")
    };
    let mut sub_headings = 0;
    for (col, text) in row.cells.iter().enumerate() {
        if text.is_empty() || text == heading(col) {
            continue;
        }
        if !spans(col) {
            return false;
        }
        sub_headings += 1;
    }
    sub_headings > 0
}

/// A row that only numbers the columns: `1 2 3 4` or `(1) (2) (3)`, or `A B C`, rising.
fn is_column_numbers(row: &GridRow) -> bool {
    let mut previous: Option<u32> = None;
    let mut seen = 0;
    for cell in row.cells.iter().filter(|c| !c.is_empty()) {
        let inner = cell.trim_start_matches('(').trim_end_matches(')').trim();
        let value = match inner.parse::<u32>() {
            Ok(n) => n,
            Err(_) if inner.len() == 1 && inner.as_bytes()[0].is_ascii_uppercase() => {
                u32::from(inner.as_bytes()[0] - b'A' + 1)
            }
            Err(_) => return false,
        };
        if previous.is_some_and(|p| value <= p) {
            return false;
        }
        previous = Some(value);
        seen += 1;
    }
    seen >= 2
}

/// The headings a name column may have, as the error for a missing header lists them
/// (each is checked, by a test, to name the kind's name field).
fn name_headings(kind: CatalogKind) -> &'static [&'static str] {
    match kind {
        CatalogKind::Titles => {
            &["Chức danh", "Chức vụ", "Tên chức danh", "Chức danh, chức vụ", "Chức danh lãnh đạo", "Tên"]
        }
        CatalogKind::JobPositions => {
            &["Vị trí việc làm", "Tên vị trí việc làm", "Tên vị trí", "Vị trí", "Tên"]
        }
    }
}

// ---------------------------------------------------------------------------
// Group header rows
// ---------------------------------------------------------------------------

/// What a group header row sets for the rows below it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Heading {
    Level(Level),
    Group(String),
}

/// Whether the text is a roman numeral (up to XXXIX) or one capital letter: the marker
/// of a section of a table.
fn is_section_marker(text: &str) -> bool {
    let text = text.trim_end_matches(['.', ')', ':']);
    let roman = !text.is_empty()
        && text.len() <= 6
        && text.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
        && !text.contains("IIII")
        && !text.contains("VV");
    let letter = text.chars().count() == 1 && text.chars().all(|c| c.is_uppercase() && c.is_alphabetic());
    roman || letter
}

/// Splits a leading section marker off a heading: "I. Chức danh…" → ("I", "Chức danh…").
fn strip_marker(text: &str) -> Option<(&str, &str)> {
    let (marker, rest) = text.split_once(['.', ')', ':', ' '])?;
    let rest = rest.trim_start_matches(['.', ')', ':']).trim();
    (is_section_marker(marker) && !rest.is_empty()).then_some((marker, rest))
}

/// Whether the text reads as a heading on its own: "Nhóm I…", a level ("Cấp tỉnh"), or
/// written in capitals.
fn reads_as_heading(text: &str) -> bool {
    let folded = duthao_text::fold(text);
    let first = duthao_text::syllables(&folded).next();
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let words = duthao_text::syllables(&folded).count();
    // "Xã đội trưởng" is a title, not the level "Xã": a level heading is short or
    // starts with "cấp".
    let level = Level::parse(text).is_some() && (first == Some("cap") || words <= 2);
    first == Some("nhom")
        || level
        || (words >= 2 && letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase()))
}

/// The level a heading names: the whole heading ("Cấp tỉnh", "Trung ương") or its end
/// from its last "cấp" ("Chức danh lãnh đạo cấp Trung ương").
fn heading_level(title: &str) -> Option<Level> {
    let folded = duthao_text::fold(title);
    let words: Vec<&str> = duthao_text::syllables(&folded).collect();
    if words.len() <= 2 {
        return Level::parse(title);
    }
    let from = words.iter().rposition(|w| *w == "cap")?;
    Level::parse(&words[from..].join(" "))
}

/// The heading a row is, if it is one: either
///
/// - its only text, the same in every non-empty cell (one cell, or a row merged across),
///   is a section marker and a title ("I. Chức danh lãnh đạo cấp Trung ương",
///   "A. VỊ TRÍ VIỆC LÀM QUẢN LÝ"), or reads as a heading on its own ("Nhóm I",
///   "Cấp tỉnh", a title in capitals); or
/// - it has text only in the STT and name columns, the STT being a roman numeral or a
///   capital letter ("II" | "Chức danh nhóm II"), or a number with a name that reads as
///   a heading on its own.
///
/// For titles a heading that names a level ([`heading_level`]) sets the level; any
/// other heading sets the group, as written without its marker.
fn row_heading(
    kind: CatalogKind,
    row: &GridRow,
    code_col: Option<usize>,
    name_col: usize,
) -> Option<Heading> {
    let texts: Vec<(usize, &str)> =
        row.cells.iter().enumerate().filter(|(_, c)| !c.is_empty()).map(|(i, c)| (i, c.as_str())).collect();
    let &(_, first) = texts.first()?;
    let title = if texts.iter().all(|(_, t)| *t == first) {
        match strip_marker(first) {
            Some((_, rest)) => rest.to_owned(),
            None if reads_as_heading(first) => first.to_owned(),
            None => return None,
        }
    } else {
        let code_col = code_col?;
        let [(a, code), (b, name)] = texts.as_slice() else { return None };
        if (*a, *b) != (code_col, name_col) && (*a, *b) != (name_col, code_col) {
            return None;
        }
        let (code, name) = if *a == code_col { (*code, *name) } else { (*name, *code) };
        let numbered = code.trim_end_matches(['.', ')']).chars().all(|c| c.is_ascii_digit());
        if !(is_section_marker(code) || (numbered && reads_as_heading(name))) {
            return None;
        }
        name.to_owned()
    };
    let title = one_line(&title);
    match (kind, heading_level(&title)) {
        (CatalogKind::Titles, Some(level)) => Some(Heading::Level(level)),
        _ => Some(Heading::Group(title)),
    }
}

// ---------------------------------------------------------------------------
// Catalogs
// ---------------------------------------------------------------------------

/// Reads a catalog of `kind` (with the editor's `extra` fields) from a file.
///
/// - The header row is the first row, among the first [`HEADER_SEARCH_ROWS`] non-empty
///   rows of any grid, with a cell naming the name field; only that grid is imported
///   (the others are listed in a note). Each column is mapped to the field it names
///   ([`FieldDef::is_named_by`], built-in fields then `extra`); a column with an unknown
///   heading becomes a new field ([`FieldDef::extra`], in `new_fields`, with a note); a
///   field named by two columns is an error naming both.
/// - A group header row (see [`row_heading`]: "Nhóm I", "I. Chức danh lãnh đạo cấp
///   Trung ương", "A. VỊ TRÍ VIỆC LÀM QUẢN LÝ", "Cấp tỉnh"…) is not an entry: it sets the
///   level (titles, when it names one) or else the group of the rows below it, until the
///   next heading of the same sort, for the rows whose own cell is empty. A note says so.
/// - The code is the STT cell, else a running number (the entry's place in the import);
///   a code used before is renumbered `12-2`, `12-3`… with a note.
/// - A row without a name but with other data is skipped with a note; two entries with
///   the same matching key, level and group are both kept, with a note.
/// - A level is written in its canonical form ("cấp tỉnh" → "Tỉnh"); one that is not a
///   level is kept as written, with a note.
pub fn import_catalog(
    kind: CatalogKind,
    extra: &[FieldDef],
    file_name: &str,
    bytes: &[u8],
) -> Result<CatalogImport, TableError> {
    let reading = read(file_name, bytes)?;
    let mut notes = reading.notes.clone();
    let name_field = kind.name_field();
    let header = find_header(&reading, |c| name_field.is_named_by(c), name_headings(kind), &mut notes)?;
    let grid = &reading.grids[header.grid];

    // Columns → fields.
    let known = kind.all_fields(extra);
    let mut new_fields: Vec<FieldDef> = Vec::new();
    let mut columns: Vec<Option<String>> = vec![None; header.headings.len()];
    let mut first_col: HashMap<String, usize> = HashMap::new();
    for (col, heading) in header.headings.iter().enumerate() {
        if heading_key(heading).chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        let field = std::iter::once(&name_field)
            .chain(&known)
            .chain(&new_fields)
            .find(|f| f.is_named_by(heading))
            .cloned()
            .unwrap_or_else(|| {
                let field = FieldDef::extra(heading);
                notes.push(
                    Notice::new("cat-import-note-new-field")
                        .vietnamese("column", header.column(col))
                        .vietnamese("name", &field.name),
                );
                new_fields.push(field.clone());
                field
            });
        if let Some(&first) = first_col.get(&field.key) {
            return Err(TableError::DuplicateColumn {
                field: field.name,
                first: header.column(first),
                second: header.column(col),
            });
        }
        first_col.insert(field.key.clone(), col);
        columns[col] = Some(field.key);
    }
    let col_of = |key: &str| first_col.get(key).copied();
    let name_col = col_of(fields::NAME).unwrap_or(0);
    let code_col = col_of(fields::CODE);
    let level_col = col_of(fields::LEVEL);
    let order: Vec<String> =
        kind.all_fields(extra).into_iter().chain(new_fields.iter().cloned()).map(|f| f.key).collect();

    let mut entries: Vec<ImportedEntry> = Vec::new();
    let mut level_context: Option<Level> = None;
    let mut group_context: Option<String> = None;
    let mut used_codes: HashMap<String, usize> = HashMap::new();
    let mut names_seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut unnamed_with_data: Vec<usize> = Vec::new();
    for row in &grid.rows[header.data_start..] {
        let mapped = |col: usize| columns.get(col).is_some_and(Option::is_some);
        for (col, text) in row.cells.iter().enumerate() {
            if !text.is_empty() && !mapped(col) && !unnamed_with_data.contains(&col) {
                unnamed_with_data.push(col);
            }
        }
        if !row.cells.iter().enumerate().any(|(col, text)| mapped(col) && !text.is_empty()) {
            continue;
        }
        if let Some(heading) = row_heading(kind, row, code_col, name_col) {
            let note = match &heading {
                Heading::Level(level) => {
                    level_context = Some(*level);
                    Notice::new("cat-import-note-level-heading").vietnamese("value", level.label())
                }
                Heading::Group(group) => {
                    group_context = Some(group.clone());
                    Notice::new("cat-import-note-group-heading").vietnamese("value", group)
                }
            };
            notes.push(note.plain("row", row.row));
            continue;
        }
        let name = row.cell(name_col);
        if name.is_empty() {
            notes.push(
                Notice::new("cat-import-note-empty-name")
                    .plain("row", row.row)
                    .vietnamese("column", header.column(name_col)),
            );
            continue;
        }
        let mut values: HashMap<&str, String> = HashMap::new();
        for (col, key) in columns.iter().enumerate() {
            let Some(key) = key else { continue };
            let text = row.cell(col);
            if !text.is_empty() {
                values.insert(key.as_str(), text.to_owned());
            }
        }
        if let Some(written) = values.get(fields::LEVEL).cloned() {
            match Level::parse(&written) {
                Some(level) => {
                    values.insert(fields::LEVEL, level.label().to_owned());
                }
                None => notes.push(
                    Notice::new("cat-import-note-bad-level")
                        .plain("row", row.row)
                        .vietnamese("column", header.column(level_col.unwrap_or(0)))
                        .vietnamese("value", one_line(&written)),
                ),
            }
        } else if let (CatalogKind::Titles, Some(level)) = (kind, level_context) {
            values.insert(fields::LEVEL, level.label().to_owned());
        }
        if !values.contains_key(fields::GROUP)
            && let Some(group) = &group_context
        {
            values.insert(fields::GROUP, group.clone());
        }

        // The code: as written, else a running number; unique.
        let written =
            one_line(values.remove(fields::CODE).as_deref().unwrap_or_default().trim_end_matches('.'));
        let mut code = if written.is_empty() { (entries.len() + 1).to_string() } else { written };
        if let Some(&first_row) = used_codes.get(&code) {
            let original = code.clone();
            let mut n = 2;
            while used_codes.contains_key(&format!("{original}-{n}")) {
                n += 1;
            }
            code = format!("{original}-{n}");
            notes.push(
                Notice::new("cat-import-note-duplicate-code")
                    .plain("row", row.row)
                    .vietnamese("code", &original)
                    .plain("min", first_row)
                    .vietnamese("value", &code),
            );
        }
        used_codes.insert(code.clone(), row.row);

        let name = values.remove(fields::NAME).unwrap_or_default();
        let same = (
            Normalizer::shared().key(&name),
            values.get(fields::LEVEL).cloned().unwrap_or_default(),
            values.get(fields::GROUP).cloned().unwrap_or_default(),
        );
        match names_seen.get(&same) {
            Some(&first_row) => notes.push(
                Notice::new("cat-import-note-duplicate-name")
                    .plain("row", row.row)
                    .vietnamese("name", one_line(&name))
                    .plain("min", first_row),
            ),
            None => {
                names_seen.insert(same, row.row);
            }
        }
        let fields =
            order.iter().filter_map(|key| values.remove(key.as_str()).map(|v| (key.clone(), v))).collect();
        entries.push(ImportedEntry { row: row.row, code, name, fields });
    }
    for col in unnamed_with_data {
        notes.push(
            Notice::new("cat-import-note-unnamed-column").plain("column", column_label(col, header.letters)),
        );
    }
    Ok(CatalogImport { entries, new_fields, notes })
}

// ---------------------------------------------------------------------------
// Submissions
// ---------------------------------------------------------------------------

const UNIT: &str = "unit";
const HOLDERS: &str = "holders";

fn field(key: &str, name: &str, aliases: &[&str]) -> FieldDef {
    FieldDef {
        key: key.to_owned(),
        name: name.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        long: false,
        extra: false,
    }
}

/// The columns of a submitted list: name, unit, holders (used), then STT (ignored
/// silently) and level (ignored, with the unknown columns, in a note).
fn submission_fields(kind: CatalogKind) -> Vec<FieldDef> {
    let mut name = kind.name_field();
    for alias in ["chuc danh hien co", "ten chuc danh", "vi tri"] {
        if !name.aliases.iter().any(|a| a == alias) {
            name.aliases.push(alias.to_owned());
        }
    }
    let builtin = kind.fields();
    let code = builtin.iter().find(|f| f.key == fields::CODE).cloned();
    let level = CatalogKind::Titles.fields().into_iter().find(|f| f.key == fields::LEVEL);
    let mut all = vec![
        name,
        field(
            UNIT,
            "Đơn vị",
            &["don vi", "bo phan", "co quan, don vi", "phong, ban", "co quan don vi", "phong ban"],
        ),
        field(
            HOLDERS,
            "Người đảm nhiệm",
            &["nguoi dam nhiem", "ho va ten", "nguoi giu", "can bo dam nhiem", "nguoi dang giu", "ho ten"],
        ),
    ];
    all.extend(code);
    all.extend(level);
    all
}

/// Reads an organisation's current list of `kind` from a file: the name column (the
/// catalog's headings, and "Chức danh hiện có", "Tên chức danh", "Vị trí"), the unit
/// ("Đơn vị", "Bộ phận", "Cơ quan, đơn vị", "Phòng, ban") and the holders ("Người đảm
/// nhiệm", "Họ và tên", "Người giữ", "Cán bộ đảm nhiệm", "Người đang giữ"; split with
/// [`split_holders`]).
///
/// - The header row is found as by [`import_catalog`]; STT is ignored; a level column
///   and unknown columns are ignored and listed in one note.
/// - A unit merged over rows applies to each (merged cells are filled when read).
/// - The same name and unit (compared case-insensitively, spaces collapsed) listed again
///   with other holders, one row per holder, is one entry, on its first row, with the
///   holders of all its rows; a note lists the rows merged.
/// - A row repeating an earlier one exactly (name, unit, holders) is dropped with a note;
///   a row without a name but with other data is skipped with a note; a heading row
///   (see [`row_heading`]) is skipped with a note.
pub fn import_submission(
    kind: CatalogKind,
    file_name: &str,
    bytes: &[u8],
) -> Result<SubmissionImport, TableError> {
    let reading = read(file_name, bytes)?;
    let mut notes = reading.notes.clone();
    let known = submission_fields(kind);
    let name_field = known[0].clone();
    let mut looked_for: Vec<&str> = name_headings(kind).to_vec();
    for more in ["Chức danh hiện có", "Tên chức danh", "Vị trí"] {
        if !looked_for.contains(&more) {
            looked_for.push(more);
        }
    }
    let header = find_header(&reading, |c| name_field.is_named_by(c), &looked_for, &mut notes)?;
    let grid = &reading.grids[header.grid];

    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut ignored: Vec<String> = Vec::new();
    for (col, heading) in header.headings.iter().enumerate() {
        if heading_key(heading).chars().all(|c| !c.is_alphanumeric()) {
            continue;
        }
        match known.iter().find(|f| f.is_named_by(heading)) {
            Some(f) if f.key == fields::CODE => {}
            Some(f) if f.key != fields::LEVEL => {
                if let Some(&first) = columns.get(&f.key) {
                    return Err(TableError::DuplicateColumn {
                        field: f.name.clone(),
                        first: header.column(first),
                        second: header.column(col),
                    });
                }
                columns.insert(f.key.clone(), col);
            }
            _ => ignored.push(header.column(col)),
        }
    }
    if !ignored.is_empty() {
        notes.push(Notice::new("cat-import-note-ignored-columns").vietnamese("column", ignored.join(", ")));
    }
    let name_col = columns.get(fields::NAME).copied().unwrap_or(0);
    let unit_col = columns.get(UNIT).copied();
    let holders_col = columns.get(HOLDERS).copied();
    let used = |col: usize| col == name_col || Some(col) == unit_col || Some(col) == holders_col;

    let same = |text: &str| one_line(text).to_lowercase();
    let mut entries: Vec<SubmittedEntry> = Vec::new();
    // (name, unit) → index in `entries`, and the rows merged into it.
    let mut by_name: HashMap<(String, String), (usize, Vec<usize>)> = HashMap::new();
    // (name, unit, holders) → the row that first listed them.
    let mut rows_seen: HashMap<(String, String, Vec<String>), usize> = HashMap::new();
    for row in &grid.rows[header.data_start..] {
        if !row.cells.iter().enumerate().any(|(col, text)| used(col) && !text.is_empty()) {
            continue;
        }
        if row_heading(kind, row, None, name_col).is_some() {
            notes.push(Notice::new("cat-import-note-heading-skipped").plain("row", row.row).vietnamese(
                "value",
                one_line(row.cells.iter().find(|c| !c.is_empty()).map_or("", String::as_str)),
            ));
            continue;
        }
        let name = one_line(row.cell(name_col));
        if name.is_empty() {
            notes.push(
                Notice::new("cat-import-note-empty-name")
                    .plain("row", row.row)
                    .vietnamese("column", header.column(name_col)),
            );
            continue;
        }
        let unit = unit_col.map(|c| one_line(row.cell(c))).filter(|u| !u.is_empty());
        let holders = holders_col.map(|c| split_holders(row.cell(c))).unwrap_or_default();
        let mut holder_keys: Vec<String> = holders.iter().map(|h| same(h)).collect();
        holder_keys.sort();
        let key = (same(&name), same(unit.as_deref().unwrap_or_default()));
        let exact = (key.0.clone(), key.1.clone(), holder_keys);
        if let Some(&first) = rows_seen.get(&exact) {
            notes
                .push(Notice::new("cat-import-note-duplicate-row").plain("row", row.row).plain("min", first));
            continue;
        }
        rows_seen.insert(exact, row.row);
        match by_name.get_mut(&key) {
            Some((index, merged)) => {
                let entry = &mut entries[*index];
                for holder in holders {
                    if !entry.holders.iter().any(|h| same(h) == same(&holder)) {
                        entry.holders.push(holder);
                    }
                }
                merged.push(row.row);
            }
            None => {
                by_name.insert(key, (entries.len(), Vec::new()));
                entries.push(SubmittedEntry { row: row.row, name, unit, holders });
            }
        }
    }
    let mut merged: Vec<(usize, Vec<usize>)> =
        by_name.into_values().filter(|(_, rows)| !rows.is_empty()).collect();
    merged.sort();
    for (index, rows) in merged {
        let entry = &entries[index];
        let rows = rows.iter().map(usize::to_string).collect::<Vec<_>>().join(", ");
        let note = match &entry.unit {
            Some(unit) => Notice::new("cat-import-note-merged-holders-unit").vietnamese("what", unit),
            None => Notice::new("cat-import-note-merged-holders"),
        };
        notes.push(note.plain("value", rows).vietnamese("name", &entry.name).plain("row", entry.row));
    }
    Ok(SubmissionImport { entries, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The notes, in Vietnamese.
    fn notes(notes: &[Notice]) -> Vec<String> {
        notes.iter().map(ToString::to_string).collect()
    }

    fn has_note(notes: &[Notice], key: &str, text: &str) -> bool {
        notes.iter().any(|n| n.key() == key && n.to_string().contains(text))
    }

    /// `(row, code, name, fields)` of each entry.
    /// `(row, code, name, fields)`.
    type Row<'a> = (usize, &'a str, &'a str, Vec<(&'a str, &'a str)>);

    fn rows(import: &CatalogImport) -> Vec<Row<'_>> {
        import
            .entries
            .iter()
            .map(|e| {
                let fields = e.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                (e.row, e.code.as_str(), e.name.as_str(), fields)
            })
            .collect()
    }

    fn titles(file_name: &str, bytes: &[u8]) -> CatalogImport {
        import_catalog(CatalogKind::Titles, &[], file_name, bytes).expect("an importable catalog")
    }

    fn docx(body: &str) -> Vec<u8> {
        use std::io::Write;
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
             <w:body>{body}<w:sectPr/></w:body></w:document>"
        );
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [("[Content_Types].xml", "<Types/>"), ("word/document.xml", xml.as_str())] {
            writer.start_file(name, options).expect("writing to memory cannot fail");
            writer.write_all(data.as_bytes()).expect("writing to memory cannot fail");
        }
        writer.finish().expect("writing to memory cannot fail").into_inner()
    }

    /// A DOCX table cell: `props` go in `w:tcPr`, each text is a paragraph.
    fn tc(props: &str, texts: &[&str]) -> String {
        let body: String = texts.iter().map(|t| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>")).collect();
        let body = if body.is_empty() { "<w:p/>".to_owned() } else { body };
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
    }

    fn tr(cells: &[String]) -> String {
        format!("<w:tr>{}</w:tr>", cells.concat())
    }

    #[test]
    fn csv_with_bom_and_crlf_reads_group_headings_into_levels() {
        let text = "\u{feff}STT,Chức danh,Cấp,Ghi chú\r\n\
                    I,Chức danh lãnh đạo cấp Trung ương,,\r\n\
                    1,Trưởng Ban Tổ chức Trung ương,,\r\n\
                    II. CHỨC DANH LÃNH ĐẠO CẤP TỈNH,,,\r\n\
                    1.,Phó Trưởng ban Tổ chức Tỉnh ủy,,\"Kể cả\r\nkiêm nhiệm\"\r\n\
                    \r\n\
                    2,Chủ tịch Ủy ban nhân dân tỉnh,cấp tỉnh,\r\n\
                    Cấp xã,,,\r\n\
                    3,Chủ tịch Ủy ban nhân dân xã,,\r\n\
                    4,Phó Bí thư Đảng ủy xã,huyện,\r\n";
        let import = titles("danh-muc.csv", text.as_bytes());
        assert_eq!(
            rows(&import),
            vec![
                (3, "1", "Trưởng Ban Tổ chức Trung ương", vec![("level", "Trung ương")]),
                (
                    5,
                    "1-2",
                    "Phó Trưởng ban Tổ chức Tỉnh ủy",
                    vec![("level", "Tỉnh"), ("notes", "Kể cả\nkiêm nhiệm")]
                ),
                (7, "2", "Chủ tịch Ủy ban nhân dân tỉnh", vec![("level", "Tỉnh")]),
                (9, "3", "Chủ tịch Ủy ban nhân dân xã", vec![("level", "Xã")]),
                (10, "4", "Phó Bí thư Đảng ủy xã", vec![("level", "huyện")]),
            ]
        );
        let notes = &import.notes;
        assert!(has_note(notes, "cat-import-note-level-heading", "Dòng 2 "), "{:?}", self::notes(notes));
        assert!(has_note(notes, "cat-import-note-level-heading", "Dòng 4 "));
        assert!(has_note(notes, "cat-import-note-level-heading", "Dòng 8 "));
        assert!(has_note(notes, "cat-import-note-duplicate-code", "Dòng 5: số thứ tự “1” đã dùng ở dòng 3"));
        assert!(has_note(notes, "cat-import-note-bad-level", "Dòng 10, cột C (Cấp): không hiểu cấp “huyện”"));
        assert!(import.new_fields.is_empty());
    }

    #[test]
    fn csv_with_semicolons_a_title_above_and_nfd_text() {
        // "hoà" typed with a combining grave accent, as some Mac tools write it; a title
        // line with a comma above the table.
        let text = "DANH MỤC VỊ TRÍ VIỆC LÀM, NĂM 2025\n\
                    \n\
                    STT;Tên vị trí việc làm;Nhóm;Ngành, lĩnh vực;Căn cứ pháp lý\n\
                    (1);(2);(3);(4);(5)\n\
                    A. VỊ TRÍ VIỆC LÀM LÃNH ĐẠO, QUẢN LÝ;;;;\n\
                    1;Trưởng phòng Tổ chức cán bộ;;Nội vụ;Nghị định 62/2020/NĐ-CP\n\
                    B;Vị trí việc làm chuyên môn, nghiệp vụ;;;\n\
                    2;Chuyên viên về ho\u{61}\u{300} giải;;Tư pháp;\n\
                    3;;;Tư pháp;\n";
        let import = import_catalog(CatalogKind::JobPositions, &[], "vtvl.txt", text.as_bytes())
            .expect("an importable catalog");
        assert_eq!(
            rows(&import),
            vec![
                (
                    6,
                    "1",
                    "Trưởng phòng Tổ chức cán bộ",
                    vec![
                        ("group", "VỊ TRÍ VIỆC LÀM LÃNH ĐẠO, QUẢN LÝ"),
                        ("field", "Nội vụ"),
                        ("x_can_cu_phap_ly", "Nghị định 62/2020/NĐ-CP")
                    ]
                ),
                (
                    8,
                    "2",
                    "Chuyên viên về hoà giải",
                    vec![("group", "Vị trí việc làm chuyên môn, nghiệp vụ"), ("field", "Tư pháp")]
                ),
            ]
        );
        assert_eq!(import.entries[1].name, "Chuyên viên về ho\u{e0} giải");
        assert_eq!(import.new_fields, vec![FieldDef::extra("Căn cứ pháp lý")]);
        let notes = &import.notes;
        assert!(
            has_note(notes, "cat-import-note-new-field", "Cột E (Căn cứ pháp lý)"),
            "{:?}",
            self::notes(notes)
        );
        assert!(has_note(notes, "cat-import-note-above-header", "(dòng 3): 1"));
        assert!(has_note(
            notes,
            "cat-import-note-empty-name",
            "Dòng 9: cột B (Tên vị trí việc làm) để trống"
        ));
    }

    #[test]
    fn xlsx_sheets_fill_merged_groups_and_give_formula_values() {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        let mut workbook = Workbook::new();
        let notes_sheet = workbook.add_worksheet();
        notes_sheet.set_name("Hướng dẫn").expect("a valid name");
        notes_sheet.write_string(0, 0, "Ghi mỗi chức danh trên một dòng.").expect("in range");
        let sheet = workbook.add_worksheet();
        sheet.set_name("Danh mục").expect("a valid name");
        for (col, heading) in (0u16..).zip(["STT", "Nhóm", "Chức danh, chức vụ", "Cấp", "Tương đương với"])
        {
            sheet.write_string(0, col, heading).expect("in range");
        }
        sheet.merge_range(1, 1, 3, 1, "Nhóm II", &Format::new()).expect("a valid range");
        let titles_ = [
            "Phó Trưởng ban Tổ chức Tỉnh ủy",
            "Chủ tịch Ủy ban nhân dân tỉnh",
            "Chủ tịch Ủy ban nhân dân xã",
        ];
        for (row, title) in (1u32..).zip(titles_) {
            sheet.write_number(row, 0, f64::from(row)).expect("in range");
            sheet.write_string(row, 2, title).expect("in range");
            sheet.write_string(row, 3, if row == 3 { "Xã" } else { "Tỉnh" }).expect("in range");
        }
        sheet
            .write_formula(2, 4, Formula::new("=C2").set_result("Phó Trưởng ban Tổ chức Tỉnh ủy"))
            .expect("in range");
        let bytes = workbook.save_to_buffer().expect("an in-memory workbook");

        let grids = read_grids("danh-muc.xlsx", &bytes).expect("a readable workbook");
        assert_eq!(grids.iter().map(|g| g.source.as_str()).collect::<Vec<_>>(), ["Hướng dẫn", "Danh mục"]);
        let import = titles("danh-muc.xlsx", &bytes);
        assert_eq!(
            rows(&import),
            vec![
                (2, "1", "Phó Trưởng ban Tổ chức Tỉnh ủy", vec![("group", "Nhóm II"), ("level", "Tỉnh")]),
                (
                    3,
                    "2",
                    "Chủ tịch Ủy ban nhân dân tỉnh",
                    vec![
                        ("group", "Nhóm II"),
                        ("level", "Tỉnh"),
                        ("equivalent", "Phó Trưởng ban Tổ chức Tỉnh ủy")
                    ]
                ),
                (4, "3", "Chủ tịch Ủy ban nhân dân xã", vec![("group", "Nhóm II"), ("level", "Xã")]),
            ]
        );
        assert!(has_note(
            &import.notes,
            "cat-import-note-other-tables",
            "Chỉ nhập “Danh mục”; không nhập “Hướng dẫn”"
        ));
    }

    #[test]
    fn docx_tables_with_spans_and_vertical_merges() {
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let table = [
            tr(&[tc("", &["STT"]), tc("", &["Vị trí việc làm"]), tc("", &["Nhóm"]), tc("", &["Mục tiêu"])]),
            tr(&[tc(r#"<w:gridSpan w:val="4"/>"#, &["I. VỊ TRÍ VIỆC LÀM LÃNH ĐẠO, QUẢN LÝ"])]),
            tr(&[
                tc("", &["1"]),
                tc("", &["Trưởng phòng Tổ chức cán bộ"]),
                tc(restart, &["Lãnh đạo"]),
                tc("", &["Tham mưu về tổ chức bộ máy;", "quản lý cán bộ."]),
            ]),
            tr(&[
                tc("", &["2"]),
                tc("", &["Phó Trưởng phòng Tổ chức cán bộ"]),
                tc("<w:vMerge/>", &[]),
                tc("", &[]),
            ]),
        ]
        .concat();
        let bytes = docx(&format!(
            "<w:p><w:r><w:t>Phụ lục</w:t></w:r></w:p><w:tbl><w:tr>{}</w:tr></w:tbl><w:tbl>{table}</w:tbl>",
            tc("", &["Không phải danh mục"])
        ));
        let grids = read_grids("phu-luc.docx", &bytes).expect("a readable DOCX");
        assert_eq!(grids[1].source, "Bảng 2");
        let import = import_catalog(CatalogKind::JobPositions, &[], "phu-luc.docx", &bytes)
            .expect("an importable catalog");
        assert_eq!(
            rows(&import),
            vec![
                (
                    3,
                    "1",
                    "Trưởng phòng Tổ chức cán bộ",
                    vec![
                        ("group", "Lãnh đạo"),
                        ("objective", "Tham mưu về tổ chức bộ máy;\nquản lý cán bộ.")
                    ]
                ),
                (4, "2", "Phó Trưởng phòng Tổ chức cán bộ", vec![("group", "Lãnh đạo")]),
            ]
        );
        assert!(has_note(&import.notes, "cat-import-note-group-heading", "Dòng 2 "));
        assert!(has_note(&import.notes, "cat-import-note-other-tables", "không nhập “Bảng 1”"));
        // The same file without its extension is recognised as a DOCX.
        assert_eq!(read_grids("phu-luc", &bytes), Ok(grids));
    }

    #[test]
    fn duplicate_names_are_kept_and_codes_run_when_absent() {
        let text = "Chức danh,Cấp\n\
                    Chủ tịch Ủy ban nhân dân xã,Xã\n\
                    Chủ tịch UBND xã,Xã\n\
                    Chủ tịch Ủy ban nhân dân xã,Tỉnh\n";
        let import = titles("a.csv", text.as_bytes());
        let codes: Vec<&str> = import.entries.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["1", "2", "3"]);
        assert_eq!(
            notes(&import.notes),
            ["Dòng 3: “Chủ tịch UBND xã” trùng với dòng 2; vẫn giữ cả hai để Tổ Biên tập quyết định."]
        );
    }

    #[test]
    fn a_field_given_twice_is_an_error_naming_both_columns() {
        let text = "STT,Chức danh,Ghi chú,Tương đương,Ghi chú\n1,Bí thư Tỉnh ủy,,,\n";
        let error = import_catalog(CatalogKind::Titles, &[], "a.csv", text.as_bytes()).expect_err("refused");
        assert_eq!(
            error,
            TableError::DuplicateColumn {
                field: "Ghi chú".into(),
                first: "C (Ghi chú)".into(),
                second: "E (Ghi chú)".into()
            }
        );
        assert_eq!(error.code(), "table_duplicate_column");
        assert_eq!(
            error.text(Lang::En),
            "The field “Ghi chú” is in two columns, C (Ghi chú) and E (Ghi chú); keep only one."
        );
    }

    #[test]
    fn without_a_header_row_the_error_lists_the_headings_looked_for() {
        let text = "Họ và tên;Ngày sinh\nNguyễn Văn A;01/01/1980\n";
        let error = import_catalog(CatalogKind::Titles, &[], "a.csv", text.as_bytes()).expect_err("refused");
        assert_eq!(error.code(), "table_no_header");
        let vi = error.to_string();
        assert!(vi.contains("“Chức danh”, “Chức vụ”, “Tên chức danh”"), "{vi}");
        assert!(vi.contains("Dòng đầu tiên của tệp có: “Họ và tên”, “Ngày sinh”"), "{vi}");
        let en = error.text(Lang::En);
        assert!(en.starts_with("No header row found: none of the first 10 rows"), "{en}");
        let pieces = error.notice().pieces(Lang::En);
        assert!(pieces.iter().any(|p| p.vietnamese && p.text.contains("Chức danh")));
    }

    #[test]
    fn every_listed_name_heading_names_the_name_field() {
        for kind in CatalogKind::ALL {
            for heading in name_headings(kind) {
                assert!(kind.name_field().is_named_by(heading), "{heading}");
            }
        }
    }

    #[test]
    fn a_submission_merges_rows_per_holder_and_drops_repeats() {
        let text = "STT,Chức danh hiện có,Đơn vị,Người đảm nhiệm,Cấp,Số điện thoại\n\
                    1,Phó Chánh Văn phòng,Văn phòng,\"Nguyễn Văn A; Trần Thị B\",Tỉnh,0912\n\
                    2,Chuyên viên,Phòng Tổ chức,Lê Văn C,,\n\
                    3,Chuyên viên,Phòng Tổ chức,Phạm Thị D,,\n\
                    4,Phó Chánh Văn phòng,Văn phòng,Nguyễn Văn A; Trần Thị B,,\n\
                    5,,Văn phòng,Hoàng Văn E,,\n\
                    6,Chuyên viên,Phòng  tổ chức,Vũ Văn G,,\n\
                    7,Chuyên viên,Văn phòng,,,\n";
        let import = import_submission(CatalogKind::Titles, "so-noi-vu.csv", text.as_bytes())
            .expect("an importable list");
        assert_eq!(
            import.entries,
            vec![
                SubmittedEntry::new(2, "Phó Chánh Văn phòng", Some("Văn phòng"))
                    .held_by(&["Nguyễn Văn A", "Trần Thị B"]),
                SubmittedEntry::new(3, "Chuyên viên", Some("Phòng Tổ chức")).held_by(&[
                    "Lê Văn C",
                    "Phạm Thị D",
                    "Vũ Văn G"
                ]),
                SubmittedEntry::new(8, "Chuyên viên", Some("Văn phòng")),
            ]
        );
        assert_eq!(
            notes(&import.notes),
            [
                "Các cột sau không được dùng để đối chiếu: E (Cấp), F (Số điện thoại).",
                "Dòng 5 trùng hoàn toàn với dòng 2 nên được bỏ qua.",
                "Dòng 6: cột B (Chức danh hiện có) để trống nên dòng này không được nhập.",
                "“Chuyên viên” (Phòng Tổ chức) được ghi lại với người đảm nhiệm khác (dòng 4, 7): đã gộp vào dòng 3.",
            ]
        );
        assert_eq!(
            import.notes[3].text(Lang::En),
            "“Chuyên viên” (Phòng Tổ chức) is listed again with other holders (rows: 4, 7): merged into row 3."
        );
    }

    #[test]
    fn a_submission_fills_a_merged_unit_down() {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        for (col, heading) in (0u16..).zip(["Vị trí", "Bộ phận", "Họ và tên"]) {
            sheet.write_string(0, col, heading).expect("in range");
        }
        sheet.merge_range(1, 1, 2, 1, "Phòng Kế hoạch - Tài chính", &Format::new()).expect("a valid range");
        sheet.write_string(1, 0, "Kế toán viên").expect("in range");
        sheet.write_string(1, 2, "Đỗ Thị H").expect("in range");
        sheet.write_string(2, 0, "Thủ quỹ").expect("in range");
        let bytes = workbook.save_to_buffer().expect("an in-memory workbook");
        let import =
            import_submission(CatalogKind::JobPositions, "ds.xlsx", &bytes).expect("an importable list");
        assert_eq!(
            import.entries,
            vec![
                SubmittedEntry::new(2, "Kế toán viên", Some("Phòng Kế hoạch - Tài chính"))
                    .held_by(&["Đỗ Thị H"]),
                SubmittedEntry::new(3, "Thủ quỹ", Some("Phòng Kế hoạch - Tài chính")),
            ]
        );
        assert!(import.notes.is_empty(), "{:?}", notes(&import.notes));
    }

    #[test]
    fn more_than_the_row_limit_is_refused() {
        let mut text = String::from("STT,Chức danh\n");
        for i in 1..=MAX_ROWS {
            text.push_str(&format!("{i},Chuyên viên\n"));
        }
        let error = read_grids("lon.csv", text.as_bytes()).expect_err("too many rows");
        assert_eq!(error, TableError::TooManyRows { source: "lon.csv".into(), max: MAX_ROWS });
        assert_eq!(error.to_string(), "“lon.csv” có hơn 100000 dòng; hãy chia thành nhiều tệp nhỏ hơn.");
        // One row fewer is read.
        text.truncate(text.trim_end().rfind('\n').map_or(0, |i| i + 1));
        assert_eq!(read_grids("lon.csv", text.as_bytes()).map(|g| g[0].rows.len()), Ok(MAX_ROWS));
    }

    #[test]
    fn a_tcvn3_csv_is_converted() {
        let unicode =
            "STT,Chức danh,Cấp\n1,Phó Chủ tịch Hội đồng nhân dân xã,Xã\n2,Phó Bí thư Đảng ủy xã,Xã\n";
        let tcvn3 = legacy::encode(unicode, Encoding::Tcvn3);
        // The bytes of a legacy file: each character one Windows-1252 byte.
        let bytes: Vec<u8> = tcvn3
            .chars()
            .map(|c| {
                const HIGH: [char; 32] = [
                    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
                    '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
                    'ž', 'Ÿ',
                ];
                match HIGH.iter().position(|&h| h == c) {
                    Some(i) => 0x80 + u8::try_from(i).expect("32 entries"),
                    None => u8::try_from(u32::from(c)).expect("a Windows-1252 character"),
                }
            })
            .collect();
        assert!(std::str::from_utf8(&bytes).is_err());
        let import = titles("tcvn3.csv", &bytes);
        let names: Vec<&str> = import.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Phó Chủ tịch Hội đồng nhân dân xã", "Phó Bí thư Đảng ủy xã"]);
        assert_eq!(import.entries[0].field("level"), Some("Xã"));
        assert!(
            import.notes.iter().any(|n| n.key() == "cat-import-note-read-tcvn3"),
            "{:?}",
            notes(&import.notes)
        );
    }

    #[test]
    fn files_that_cannot_be_read() {
        assert_eq!(read_grids("a.csv", b"  \n"), Err(TableError::Empty));
        assert_eq!(read_grids("a.xls", b"anything"), Err(TableError::OldFormat));
        assert_eq!(read_grids("a", &OLE), Err(TableError::OldFormat));
        assert_eq!(read_grids("a.xlsx", b"PK\x03\x04 broken"), Err(TableError::XlsxDamaged));
        assert_eq!(read_grids("a.docx", b"PK\x03\x04 broken"), Err(TableError::DocxDamaged));
        let no_table = docx("<w:p><w:r><w:t>Chỉ có đoạn văn</w:t></w:r></w:p>");
        assert_eq!(read_grids("a.docx", &no_table), Err(TableError::NoTable));
        for error in [TableError::Empty, TableError::OldFormat, TableError::NoTable] {
            assert_ne!(error.text(Lang::En), error.text(Lang::Vi));
        }
    }

    #[test]
    fn overlong_cells_are_cut_with_a_note() {
        let long = "a".repeat(CELL_CHAR_CAP + 10);
        let text = format!("STT,Chức danh,Ghi chú\n1,Bí thư Tỉnh ủy,{long}\n");
        let import = titles("a.csv", text.as_bytes());
        assert_eq!(import.entries[0].field("notes").map(str::len), Some(CELL_CHAR_CAP));
        assert!(has_note(&import.notes, "cat-import-note-overlong", "dòng 2, cột C"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), ext in 0usize..4) {
            let name = ["a.csv", "a.xlsx", "a.docx", "a"][ext];
            let _ = import_catalog(CatalogKind::Titles, &[], name, &bytes);
            let _ = import_submission(CatalogKind::JobPositions, name, &bytes);
        }

        #[test]
        fn never_panics_on_csv_text(text in "[STT,;\"\\n\\r Chứcdanh IVX.1-9]{0,300}") {
            let _ = import_catalog(CatalogKind::Titles, &[], "a.csv", text.as_bytes());
            let _ = import_submission(CatalogKind::Titles, "a.csv", text.as_bytes());
        }
    }
}
