//! Reading the text of a DOCX file (from bytes) as numbered lines.
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

    #[test]
    fn malformed_xml_is_an_error() {
        let result = paragraphs(b"<w:document><w:p></w:r></w:document>");
        assert!(matches!(result, Err(InputError::MalformedXml { .. })), "{result:?}");
    }
}
