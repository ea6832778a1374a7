//! Reading the text of a DOCX file (from bytes) as numbered lines, and its tables on
//! their grid ([`read_tables`], for tables imported as data).
//!
//! Only `word/document.xml` is read. Each body paragraph (`w:p`) is one line,
//! numbered from 1; a table row (`w:tr`) is one line too, its cells joined by
//! ` | ` (paragraphs inside a cell, and nested tables, are joined with spaces).
//! `w:tab` becomes a tab, `w:br`/`w:cr` a line break (the lines keep the
//! paragraph's number). Deleted text (`w:delText`), field codes and the fallback
//! copy of text boxes (`mc:Fallback`) are skipped. A paragraph in a `Heading…` style
//! counts as a heading, like `#` in Markdown.
//!
//! Limitation: automatic numbering (`w:numPr`) is defined in `numbering.xml` and is
//! not rendered, so an auto-numbered `1.` or `a)` loses its number and its text joins
//! the provision before it. Footnotes, headers and comments are not read.
//!
//! Zip bombs: the declared sizes of all entries are checked before anything is
//! inflated, and `document.xml` is read through [`Read::take`] with the ratio
//! checked as it inflates, so a lying header cannot make us allocate past the limit.

use std::io::{Cursor, Read};

use duthao_text::clean_input;
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use zip::ZipArchive;
use zip::result::ZipError;

use crate::lines::SourceLine;
use crate::{DocxLimits, InputError};

const DOCUMENT_XML: &str = "word/document.xml";
/// Entries smaller than this are not checked for their compression ratio: small
/// XML parts legitimately compress very well.
const RATIO_CHECK_FLOOR: u64 = 1024 * 1024;

fn corrupt(error: impl std::fmt::Display) -> InputError {
    InputError::CorruptZip { detail: error.to_string() }
}

fn ratio_exceeded(uncompressed: u64, compressed: u64, limits: &DocxLimits) -> bool {
    uncompressed > RATIO_CHECK_FLOOR && uncompressed / compressed.max(1) > limits.max_ratio
}

pub(crate) fn read_lines(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<SourceLine>, InputError> {
    let xml = read_document_xml(bytes, limits)?;
    paragraphs(&xml)
}

/// One table of a DOCX body, laid out on its grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxTable {
    /// The table's place among the body's top-level tables, from 1.
    pub index: usize,
    /// Each row's cells, one per grid column: a cell spanning N columns (`w:gridSpan`)
    /// fills N positions (its text in the first, the rest empty); a vertically merged
    /// continuation cell (`w:vMerge` without `restart`) repeats the text of the cell
    /// above it, so a group merged over several rows reads on every row. Paragraphs
    /// of a cell are joined with `\n`; a nested table's text goes into its cell.
    pub rows: Vec<Vec<String>>,
}

/// The most grid columns one cell may span: Word allows 63 columns in a table.
const MAX_GRID_SPAN: usize = 64;

/// Reads every top-level table of a DOCX body, in document order.
///
/// The expanded grid counts against `limits.max_uncompressed_bytes` (each position as
/// the size of an empty string plus its text), so that a table of thousands of cells
/// each spanning many columns cannot take more memory than the limit; past it the file
/// is refused with [`InputError::TooLarge`], `size` being the memory the grid would
/// take.
pub fn read_tables(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<DocxTable>, InputError> {
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limits.max_uncompressed_bytes {
        return Err(InputError::TooLarge { size, limit: limits.max_uncompressed_bytes });
    }
    let xml = read_document_xml(bytes, limits)?;
    tables(&xml, limits.max_uncompressed_bytes)
}

/// How a cell takes part in a vertical merge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

/// The top-level table being read.
struct TableBuilder {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    /// Paragraphs of the current cell (nested tables' included).
    cell: Vec<String>,
    span: usize,
    vmerge: VMerge,
}

impl TableBuilder {
    fn new() -> Self {
        Self { rows: Vec::new(), row: Vec::new(), cell: Vec::new(), span: 1, vmerge: VMerge::None }
    }

    /// Ends the current cell, placing it on the grid; returns the bytes it takes.
    fn end_cell(&mut self) -> usize {
        let text = clean_input(&std::mem::take(&mut self.cell).join("\n")).trim().to_owned();
        let start = self.row.len();
        let above = self.rows.last();
        let mut bytes = 0;
        for offset in 0..self.span {
            let value = match self.vmerge {
                VMerge::Continue => above.and_then(|r| r.get(start + offset)).cloned().unwrap_or_default(),
                _ if offset == 0 => text.clone(),
                _ => String::new(),
            };
            bytes += std::mem::size_of::<String>() + value.len();
            self.row.push(value);
        }
        self.span = 1;
        self.vmerge = VMerge::None;
        bytes
    }
}

/// The value of a `w:val` attribute.
fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == "w:val").map(|a| a.value.into_owned())
}

fn tables(xml: &[u8], max_bytes: u64) -> Result<Vec<DocxTable>, InputError> {
    let mut reader = Reader::from_reader(xml);
    let mut done: Vec<DocxTable> = Vec::new();
    let mut table: Option<TableBuilder> = None;
    let mut paragraph = String::new();
    let mut paragraph_depth = 0usize;
    let mut run_depth = 0usize;
    let mut in_text = false;
    let mut skip_depth = 0usize;
    let mut table_depth = 0usize;
    let mut used: u64 = 0;

    loop {
        let event = reader.read_event().map_err(|e| malformed(&reader, e))?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if skip_depth > 0 || name == "mc:Fallback" {
                    skip_depth += 1;
                    continue;
                }
                match name {
                    "w:p" => paragraph_depth += 1,
                    "w:r" => run_depth += 1,
                    "w:t" => in_text = true,
                    "w:tbl" => {
                        table_depth += 1;
                        if table_depth == 1 {
                            table = Some(TableBuilder::new());
                        }
                    }
                    "w:tr" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.row.clear();
                        }
                    }
                    "w:tc" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.cell.clear();
                            t.span = 1;
                            t.vmerge = VMerge::None;
                        }
                    }
                    "w:vMerge" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.vmerge = vmerge(&e);
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                match e.name().as_ref() {
                    "w:tab" if run_depth > 0 => paragraph.push('\t'),
                    "w:br" | "w:cr" if run_depth > 0 => paragraph.push('\n'),
                    "w:noBreakHyphen" if run_depth > 0 => paragraph.push('-'),
                    "w:gridSpan" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            let span = val(&e).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1);
                            t.span = span.clamp(1, MAX_GRID_SPAN);
                        }
                    }
                    "w:vMerge" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            t.vmerge = vmerge(&e);
                        }
                    }
                    "w:gridBefore" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            let skipped = val(&e).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0);
                            for _ in 0..skipped.min(MAX_GRID_SPAN) {
                                t.row.push(String::new());
                            }
                            used += (skipped.min(MAX_GRID_SPAN) * std::mem::size_of::<String>()) as u64;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:p" => {
                        paragraph_depth = paragraph_depth.saturating_sub(1);
                        if paragraph_depth == 0 {
                            if let Some(t) = table.as_mut() {
                                let text = paragraph.trim();
                                if !text.is_empty() {
                                    t.cell.push(text.to_owned());
                                }
                            }
                            paragraph.clear();
                        }
                    }
                    "w:r" => run_depth = run_depth.saturating_sub(1),
                    "w:t" => in_text = false,
                    "w:tc" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            used = used.saturating_add(t.end_cell() as u64);
                        }
                    }
                    "w:tr" if table_depth == 1 => {
                        if let Some(t) = table.as_mut() {
                            let row = std::mem::take(&mut t.row);
                            t.rows.push(row);
                        }
                    }
                    "w:tbl" => {
                        table_depth = table_depth.saturating_sub(1);
                        if table_depth == 0
                            && let Some(t) = table.take()
                        {
                            done.push(DocxTable { index: done.len() + 1, rows: t.rows });
                        }
                    }
                    _ => {}
                }
                if used > max_bytes {
                    return Err(InputError::TooLarge { size: used, limit: max_bytes });
                }
            }
            Event::Text(e) if in_text && skip_depth == 0 && table_depth > 0 => {
                paragraph.push_str(&e.xml10_content());
            }
            Event::CData(e) if in_text && skip_depth == 0 && table_depth > 0 => {
                paragraph.push_str(&e.into_inner());
            }
            Event::GeneralRef(e) if in_text && skip_depth == 0 && table_depth > 0 => {
                match e.resolve_char_ref().map_err(|err| malformed(&reader, err))? {
                    Some(c) => paragraph.push(c),
                    None => {
                        if let Some(text) = resolve_predefined_entity(&e) {
                            paragraph.push_str(text);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(done)
}

fn vmerge(e: &quick_xml::events::BytesStart<'_>) -> VMerge {
    match val(e).as_deref() {
        Some("restart") => VMerge::Restart,
        _ => VMerge::Continue,
    }
}

fn read_document_xml(bytes: &[u8], limits: &DocxLimits) -> Result<Vec<u8>, InputError> {
    let limit = limits.max_uncompressed_bytes;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| InputError::NotZip)?;

    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(corrupt)?;
        let size = entry.size();
        let compressed = entry.compressed_size();
        total = total.saturating_add(size);
        if size > limit || total > limit || ratio_exceeded(size, compressed, limits) {
            return Err(InputError::ZipBomb {
                entry: entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                uncompressed_bytes: if size > limit { size } else { total },
                compressed_bytes: compressed,
            });
        }
    }

    let entry = match archive.by_name(DOCUMENT_XML) {
        Ok(entry) => entry,
        Err(ZipError::FileNotFound) => return Err(InputError::NotDocx),
        Err(error) => return Err(corrupt(error)),
    };
    let compressed = entry.compressed_size();
    let bomb = |uncompressed: u64| InputError::ZipBomb {
        entry: DOCUMENT_XML.to_owned(),
        uncompressed_bytes: uncompressed,
        compressed_bytes: compressed,
    };
    let mut reader = entry.take(limit.saturating_add(1));
    let mut xml = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut chunk).map_err(corrupt)?;
        if n == 0 {
            break;
        }
        xml.extend_from_slice(&chunk[..n]);
        let read = u64::try_from(xml.len()).unwrap_or(u64::MAX);
        if read > limit || ratio_exceeded(read, compressed, limits) {
            return Err(bomb(read));
        }
    }
    Ok(xml)
}

/// Builds the lines of one paragraph or table row.
#[derive(Default)]
struct LineSink {
    lines: Vec<SourceLine>,
    paragraph: usize,
}

impl LineSink {
    fn emit(&mut self, text: &str, heading: bool) {
        self.paragraph += 1;
        for piece in text.split('\n') {
            self.lines.push(SourceLine { number: self.paragraph, text: clean_input(piece), heading });
        }
    }
}

fn malformed(reader: &Reader<&[u8]>, error: impl std::fmt::Display) -> InputError {
    InputError::MalformedXml { position: reader.error_position(), detail: error.to_string() }
}

fn paragraphs(xml: &[u8]) -> Result<Vec<SourceLine>, InputError> {
    let mut reader = Reader::from_reader(xml);
    let mut sink = LineSink::default();
    let mut paragraph = String::new();
    let mut paragraph_heading = false;
    let mut paragraph_depth = 0usize;
    let mut run_depth = 0usize;
    let mut in_text = false;
    let mut skip_depth = 0usize;
    let mut table_depth = 0usize;
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();

    loop {
        let event = reader.read_event().map_err(|e| malformed(&reader, e))?;
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                if skip_depth > 0 || name == "mc:Fallback" {
                    skip_depth += 1;
                    continue;
                }
                match name {
                    "w:p" => {
                        if paragraph_depth > 0 && !paragraph.is_empty() {
                            paragraph.push(' ');
                        }
                        paragraph_depth += 1;
                    }
                    "w:r" => run_depth += 1,
                    "w:t" => in_text = true,
                    "w:tbl" => table_depth += 1,
                    "w:tr" if table_depth == 1 => row.clear(),
                    "w:tc" if table_depth == 1 => cell.clear(),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip_depth > 0 {
                    continue;
                }
                match e.name().as_ref() {
                    "w:p" if paragraph_depth == 0 && table_depth == 0 => sink.emit("", false),
                    "w:tab" if run_depth > 0 => paragraph.push('\t'),
                    "w:br" | "w:cr" if run_depth > 0 => paragraph.push('\n'),
                    "w:noBreakHyphen" if run_depth > 0 => paragraph.push('-'),
                    "w:pStyle" => {
                        let heading = e.attributes().flatten().any(|a| {
                            a.key.as_ref() == "w:val" && a.value.to_ascii_lowercase().starts_with("heading")
                        });
                        paragraph_heading |= heading;
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:p" => {
                        paragraph_depth = paragraph_depth.saturating_sub(1);
                        if paragraph_depth == 0 {
                            if table_depth > 0 {
                                let text = paragraph.replace('\n', " ");
                                let text = text.trim();
                                if !text.is_empty() {
                                    if !cell.is_empty() {
                                        cell.push(' ');
                                    }
                                    cell.push_str(text);
                                }
                            } else {
                                sink.emit(&paragraph, paragraph_heading);
                            }
                            paragraph.clear();
                            paragraph_heading = false;
                        }
                    }
                    "w:r" => run_depth = run_depth.saturating_sub(1),
                    "w:t" => in_text = false,
                    "w:tbl" => table_depth = table_depth.saturating_sub(1),
                    "w:tc" if table_depth == 1 => row.push(std::mem::take(&mut cell)),
                    "w:tr" if table_depth == 1 => {
                        let line = row.join(" | ");
                        sink.emit(&line, false);
                        row.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_text && skip_depth == 0 => {
                paragraph.push_str(&e.xml10_content());
            }
            Event::CData(e) if in_text && skip_depth == 0 => {
                paragraph.push_str(&e.into_inner());
            }
            Event::GeneralRef(e) if in_text && skip_depth == 0 => {
                match e.resolve_char_ref().map_err(|err| malformed(&reader, err))? {
                    Some(c) => paragraph.push(c),
                    None => {
                        if let Some(text) = resolve_predefined_entity(&e) {
                            paragraph.push_str(text);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !paragraph.is_empty() {
        sink.emit(&paragraph, paragraph_heading);
    }
    Ok(sink.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Vec<(usize, String)> {
        paragraphs(xml.as_bytes()).unwrap_or_default().into_iter().map(|l| (l.number, l.text)).collect()
    }

    #[test]
    fn paragraphs_tables_tabs_and_breaks() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr>
              <w:r><w:t>Điều 1.</w:t><w:tab/><w:t xml:space="preserve">Phạm vi &amp; đối tượng</w:t></w:r></w:p>
            <w:p/>
            <w:p><w:r><w:t>dòng một</w:t><w:br/><w:t>dòng hai</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>
              <w:tc><w:p><w:r><w:t>Tên</w:t></w:r></w:p><w:p><w:r><w:t>vị trí</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:delText>đã xóa</w:delText><w:t>&#7843;</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(
            texts(xml),
            vec![
                (1, "Điều 1.\tPhạm vi & đối tượng".to_owned()),
                (2, String::new()),
                (3, "dòng một".to_owned()),
                (3, "dòng hai".to_owned()),
                (4, "STT | Tên vị trí".to_owned()),
                (5, "ả".to_owned()),
            ]
        );
    }

    fn grid(xml: &str) -> Vec<Vec<Vec<String>>> {
        let tables = tables(xml.as_bytes(), u64::MAX).unwrap_or_default();
        tables.iter().enumerate().for_each(|(i, t)| assert_eq!(t.index, i + 1));
        tables.into_iter().map(|t| t.rows).collect()
    }

    fn cell(props: &str, paragraphs: &[&str]) -> String {
        let body: String =
            paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
    }

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|r| r.iter().map(|c| (*c).to_owned()).collect()).collect()
    }

    #[test]
    fn tables_lay_spanned_and_merged_cells_on_the_grid() {
        let span = r#"<w:gridSpan w:val="3"/>"#;
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let xml = format!(
            r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>Không phải bảng</w:t></w:r></w:p><w:tbl>
            <w:tr>{}{}{}{}</w:tr>
            <w:tr>{}</w:tr>
            <w:tr>{}{}{}{}</w:tr>
            <w:tr>{}{}{}{}</w:tr>
            </w:tbl><w:tbl><w:tr>{}</w:tr></w:tbl></w:body></w:document>"#,
            cell("", &["STT"]),
            cell("", &["Chức danh"]),
            cell("", &["Cấp"]),
            cell("", &["Ghi chú"]),
            cell(r#"<w:gridSpan w:val="4"/>"#, &["I. CHỨC DANH LÃNH ĐẠO CẤP TỈNH"]),
            cell("", &["1"]),
            cell("", &["Phó Trưởng ban Tổ chức", "Tỉnh ủy"]),
            cell(restart, &["Tỉnh"]),
            cell("", &[]),
            cell("", &["2"]),
            cell("", &["Chủ tịch Ủy ban nhân dân tỉnh"]),
            cell(cont, &[]),
            cell("", &["&amp; kiêm nhiệm"]),
            cell(span, &["một ô"]),
        );
        assert_eq!(
            grid(&xml),
            vec![
                strings(&[
                    &["STT", "Chức danh", "Cấp", "Ghi chú"],
                    &["I. CHỨC DANH LÃNH ĐẠO CẤP TỈNH", "", "", ""],
                    &["1", "Phó Trưởng ban Tổ chức\nTỉnh ủy", "Tỉnh", ""],
                    &["2", "Chủ tịch Ủy ban nhân dân tỉnh", "Tỉnh", "& kiêm nhiệm"],
                ]),
                strings(&[&["một ô", "", ""]]),
            ]
        );
    }

    #[test]
    fn a_nested_table_goes_into_its_cell_and_merges_follow_spans() {
        let nested = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", cell("", &["a"]), cell("", &["b"]));
        let xml = format!(
            r#"<w:document xmlns:w="x"><w:body><w:tbl>
            <w:tr>{}<w:tc><w:p><w:r><w:t>Nhiệm vụ:</w:t></w:r></w:p>{nested}<w:p/></w:tc></w:tr>
            <w:tr>{}{}</w:tr>
            </w:tbl></w:body></w:document>"#,
            cell(r#"<w:vMerge w:val="restart"/>"#, &["Nhóm", "quản lý"]),
            cell("<w:vMerge/>", &[]),
            cell("", &["Trưởng phòng"]),
        );
        assert_eq!(
            grid(&xml),
            vec![strings(&[&["Nhóm\nquản lý", "Nhiệm vụ:\na\nb"], &["Nhóm\nquản lý", "Trưởng phòng"]])]
        );
    }

    #[test]
    fn a_grid_past_the_limit_is_refused() {
        let row = format!("<w:tr>{}</w:tr>", cell(r#"<w:gridSpan w:val="1000000"/>"#, &["x"]));
        let xml = format!(
            r#"<w:document xmlns:w="x"><w:body><w:tbl>{}</w:tbl></w:body></w:document>"#,
            row.repeat(50)
        );
        let result = tables(xml.as_bytes(), 10_000);
        assert!(matches!(result, Err(InputError::TooLarge { limit: 10_000, .. })), "{result:?}");
        // Spans are capped at Word's width, so a large limit reads it.
        let read = tables(xml.as_bytes(), u64::MAX).unwrap_or_default();
        assert_eq!(read[0].rows[0].len(), MAX_GRID_SPAN);
    }

    #[test]
    fn read_tables_reads_a_docx_file() {
        use std::io::Write;
        let xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
            <w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>"#,
            cell("", &["STT"]),
            cell("", &["Vị trí việc làm"]),
            cell("", &["1"]),
            cell("", &["Chuyên viên về tổ chức cán bộ"]),
        );
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in [("[Content_Types].xml", "<Types/>"), ("word/document.xml", xml.as_str())] {
            writer.start_file(name, options).expect("writing to memory cannot fail");
            writer.write_all(data.as_bytes()).expect("writing to memory cannot fail");
        }
        let bytes = writer.finish().expect("writing to memory cannot fail").into_inner();
        let read = read_tables(&bytes, &DocxLimits::default());
        assert_eq!(
            read,
            Ok(vec![DocxTable {
                index: 1,
                rows: strings(&[&["STT", "Vị trí việc làm"], &["1", "Chuyên viên về tổ chức cán bộ"]]),
            }])
        );
        assert_eq!(read_tables("STT,Chức danh".as_bytes(), &DocxLimits::default()), Err(InputError::NotZip));
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let result = paragraphs(b"<w:document><w:p></w:r></w:document>");
        assert!(matches!(result, Err(InputError::MalformedXml { .. })), "{result:?}");
    }
}
