//! The official documents as Word documents (WordprocessingML written directly): the
//! shared helpers and page setup here, the conference minutes in [`minutes`].

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

mod minutes;

pub use minutes::minutes_docx;

use crate::{
    COLUMNS, COMPARISON_TITLE, ComparisonReport, DraftDocument, Mark, ReportError, Span, Submission,
    SynthesisReport, TITLE,
};

/// A4 landscape, in twentieths of a point.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
/// Margins per Nghị định 30/2020: left 30–35 mm, right 15–20 mm, top and bottom 20–25 mm.
const MARGIN_LEFT: u32 = 1_701;
const MARGIN_RIGHT: u32 = 1_134;
const MARGIN_TOP: u32 = 1_134;
const MARGIN_BOTTOM: u32 = 1_134;
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The text width of an A4 portrait page (drafts, submissions).
const PORTRAIT_TEXT_WIDTH: u32 = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT;
/// Widths of the five columns (they add up to the text width).
const COLUMN_WIDTHS: [u32; 5] = [700, 2_300, 2_600, 4_300, TEXT_WIDTH - 700 - 2_300 - 2_600 - 4_300];

/// Font sizes in half points.
const BODY: u32 = 28;
const TABLE: u32 = 26;
const SMALL: u32 = 24;
const NOTE: u32 = 22;

/// Writes the report as DOCX.
pub fn synthesis_docx(report: &SynthesisReport) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + report.rows.len() * 1024);
    header_block(
        &mut body,
        TEXT_WIDTH,
        report.parent_body.as_deref(),
        &report.issuing_body,
        &report.number,
        &report.place_date,
    );
    title_block(&mut body, TITLE, &report.subject);
    paragraph(&mut body, "", Style::default());
    for text in &report.opening {
        paragraph(
            &mut body,
            text,
            Style { justify: true, indent: true, size: BODY, after: 120, ..Style::default() },
        );
    }
    main_table(&mut body, report);
    signature_block(&mut body, report);

    package(&body, TITLE, &report.issuing_body, true)
}

/// Writes the comparison table (bảng so sánh) as DOCX.
pub fn comparison_docx(report: &ComparisonReport) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + report.rows.len() * 1024);
    header_block(&mut body, TEXT_WIDTH, None, &report.issuing_body, "", &report.place_date);
    title_block(&mut body, COMPARISON_TITLE, &report.subject);
    paragraph(
        &mut body,
        "(Chữ gạch ngang: nội dung bỏ; chữ đậm gạch chân: nội dung mới)",
        Style { italic: true, center: true, size: SMALL, ..Style::default() },
    );
    paragraph(&mut body, "", Style::default());
    let widths = [700, 5_000, 5_000, TEXT_WIDTH - 700 - 10_000];
    table_start(&mut body, &widths, true);
    body.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (title, width) in
        ["STT", report.old_heading.as_str(), report.new_heading.as_str(), "Giải trình, tiếp thu"]
            .iter()
            .zip(widths)
    {
        cell(&mut body, width, |out| {
            paragraph(out, title, Style { bold: true, center: true, size: TABLE, ..Style::default() })
        });
    }
    body.push_str("</w:tr>");
    let text = Style { size: TABLE, justify: true, before: 40, after: 40, ..Style::default() };
    for (i, row) in report.rows.iter().enumerate() {
        body.push_str("<w:tr>");
        cell(&mut body, widths[0], |out| {
            paragraph(out, &(i + 1).to_string(), Style { center: true, ..text })
        });
        for (path, spans, width) in
            [(&row.old_path, &row.old, widths[1]), (&row.new_path, &row.new, widths[2])]
        {
            cell(&mut body, width, |out| {
                if !path.is_empty() {
                    paragraph(out, path, Style { bold: true, justify: false, ..text });
                }
                rich_paragraph(out, spans, text);
                if path.is_empty() && spans.is_empty() {
                    paragraph(out, "", text);
                }
            });
        }
        cell(&mut body, widths[3], |out| paragraph(out, &row.explanation, text));
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    package(&body, COMPARISON_TITLE, &report.issuing_body, true)
}

/// The title in bold capitals and the subject under it, centred.
fn title_block(out: &mut String, title: &str, subject: &str) {
    paragraph(out, title, Style { bold: true, center: true, size: BODY, before: 240, ..Style::default() });
    if !subject.is_empty() {
        paragraph(out, subject, Style { bold: true, center: true, size: BODY, ..Style::default() });
    }
}

/// Writes a draft version as DOCX (A4 portrait): chapters and other divisions centred
/// in bold, articles as "Điều 5. Heading" in bold, clauses as "1. …" and points as
/// "a) …", text justified.
pub fn draft_docx(draft: &DraftDocument) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + draft.provisions.len() * 512);
    header_block(&mut body, PORTRAIT_TEXT_WIDTH, None, &draft.issuing_body, "", &draft.place_date);
    if !draft.status_line.is_empty() {
        paragraph(
            &mut body,
            &draft.status_line,
            Style { bold: true, center: true, size: SMALL, before: 120, ..Style::default() },
        );
    }
    let mut lines = draft.title.split('\n');
    if let Some(kind) = lines.next() {
        paragraph(
            &mut body,
            &kind.to_uppercase(),
            Style { bold: true, center: true, size: BODY, before: 240, ..Style::default() },
        );
    }
    for line in lines {
        paragraph(&mut body, line, Style { bold: true, center: true, size: BODY, ..Style::default() });
    }
    if !draft.preamble.is_empty() {
        paragraph(&mut body, "", Style::default());
        paragraph(
            &mut body,
            &draft.preamble,
            Style { italic: true, justify: true, indent: true, after: 60, ..Style::default() },
        );
    }
    let text = Style { justify: true, indent: true, after: 60, ..Style::default() };
    for p in &draft.provisions {
        match p.kind.as_str() {
            "article" => {
                let heading = p.heading.as_deref().map_or(String::new(), |h| format!(" {h}"));
                paragraph(
                    &mut body,
                    &format!("{}.{heading}", p.label),
                    Style { bold: true, before: 120, ..text },
                );
                if !p.text.is_empty() {
                    paragraph(&mut body, &p.text, text);
                }
            }
            "clause" => paragraph(&mut body, &format!("{}. {}", p.number, p.text), text),
            "point" => paragraph(&mut body, &format!("{}) {}", p.number, p.text), text),
            _ => {
                paragraph(
                    &mut body,
                    &p.label,
                    Style { bold: true, center: true, before: 240, ..Style::default() },
                );
                if let Some(h) = &p.heading {
                    paragraph(
                        &mut body,
                        &h.to_uppercase(),
                        Style { bold: true, center: true, after: 120, ..Style::default() },
                    );
                }
                if !p.text.is_empty() {
                    paragraph(&mut body, &p.text, text);
                }
            }
        }
    }
    package(&body, draft.title.lines().next().unwrap_or("DỰ THẢO"), &draft.issuing_body, false)
}

/// Writes the submission (tờ trình) as DOCX (A4 portrait).
pub fn submission_docx(s: &Submission) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(8192);
    header_block(&mut body, PORTRAIT_TEXT_WIDTH, None, &s.issuing_body, &s.number, &s.place_date);
    title_block(&mut body, "TỜ TRÌNH", &s.subject);
    paragraph(&mut body, "", Style::default());
    paragraph(&mut body, &s.recipient, Style { center: true, after: 120, ..Style::default() });
    let text = Style { justify: true, indent: true, after: 60, ..Style::default() };
    for p in &s.paragraphs {
        paragraph(&mut body, p, text);
    }
    if !s.attachments.is_empty() {
        paragraph(&mut body, "Hồ sơ gửi kèm gồm:", Style { bold: true, ..text });
        for a in &s.attachments {
            paragraph(&mut body, &format!("- {a}"), text);
        }
    }
    paragraph(&mut body, "", Style::default());
    let left = 4_500;
    let widths = [left, PORTRAIT_TEXT_WIDTH - left];
    table_start(&mut body, &widths, false);
    body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell(&mut body, widths[0], |out| {
        paragraph(out, "Nơi nhận:", Style { bold: true, italic: true, size: SMALL, ..Style::default() });
        paragraph(
            out,
            &format!("- {},", s.recipient.trim_start_matches("Kính gửi:").trim()),
            Style { size: NOTE, ..Style::default() },
        );
        paragraph(out, "- Lưu: VT.", Style { size: NOTE, ..Style::default() });
    });
    cell(&mut body, widths[1], |out| {
        paragraph(
            out,
            &s.signer_title.to_uppercase(),
            Style { bold: true, center: true, ..Style::default() },
        );
        for _ in 0..4 {
            paragraph(out, "", Style::default());
        }
        paragraph(out, &s.signer_name, Style { bold: true, center: true, ..Style::default() });
    });
    body.push_str("</w:tr></w:tbl>");
    package(&body, "TỜ TRÌNH", &s.issuing_body, false)
}

/// Wraps a document body into a DOCX package (A4 landscape).
fn package(body: &str, title: &str, creator: &str, landscape: bool) -> Result<Vec<u8>, ReportError> {
    let page = if landscape {
        format!("<w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\" w:orient=\"landscape\"/>")
    } else {
        format!("<w:pgSz w:w=\"{PAGE_HEIGHT}\" w:h=\"{PAGE_WIDTH}\"/>")
    };
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr>{page}\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>\
         <dc:language>vi-VN</dc:language></cp:coreProperties>",
        escape(title),
        escape(creator)
    );

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", core.as_str()),
        ("word/document.xml", document.as_str()),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

#[derive(Clone, Copy)]
struct Style {
    bold: bool,
    italic: bool,
    underline: bool,
    center: bool,
    justify: bool,
    indent: bool,
    size: u32,
    before: u32,
    after: u32,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            bold: false,
            italic: false,
            underline: false,
            center: false,
            justify: false,
            indent: false,
            size: BODY,
            before: 0,
            after: 0,
        }
    }
}

/// One paragraph; line breaks in `text` become separate paragraphs.
fn paragraph(out: &mut String, text: &str, style: Style) {
    for line in text.split('\n') {
        out.push_str("<w:p>");
        paragraph_properties(out, style);
        run(out, line, style);
        out.push_str("</w:p>");
    }
}

/// The `<w:pPr>` of a paragraph: spacing, first-line indent, alignment.
fn paragraph_properties(out: &mut String, style: Style) {
    out.push_str("<w:pPr>");
    let _ = write!(out, "<w:spacing w:before=\"{}\" w:after=\"{}\"/>", style.before, style.after);
    if style.indent {
        out.push_str("<w:ind w:firstLine=\"567\"/>");
    }
    if style.center {
        out.push_str("<w:jc w:val=\"center\"/>");
    } else if style.justify {
        out.push_str("<w:jc w:val=\"both\"/>");
    }
    out.push_str("</w:pPr>");
}

/// One run of text in the character style of `style` (nothing for empty text); the
/// text must not hold line breaks.
fn run(out: &mut String, text: &str, style: Style) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r><w:rPr>");
    if style.bold {
        out.push_str("<w:b/>");
    }
    if style.italic {
        out.push_str("<w:i/>");
    }
    // Schema order: b, i, sz, szCs, then u.
    let _ = write!(out, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", style.size);
    if style.underline {
        out.push_str("<w:u w:val=\"single\"/>");
    }
    out.push_str("</w:rPr><w:t xml:space=\"preserve\">");
    out.push_str(&escape(text));
    out.push_str("</w:t></w:r>");
}

/// A paragraph of marked spans: removed words struck through, added words bold and
/// underlined; a line break in a span starts a new paragraph.
fn rich_paragraph(out: &mut String, spans: &[Span], style: Style) {
    let open = |out: &mut String| {
        out.push_str("<w:p><w:pPr>");
        let _ = write!(out, "<w:spacing w:before=\"{}\" w:after=\"{}\"/>", style.before, style.after);
        if style.justify {
            out.push_str("<w:jc w:val=\"both\"/>");
        }
        out.push_str("</w:pPr>");
    };
    if spans.is_empty() {
        return;
    }
    open(out);
    for span in spans {
        for (i, piece) in span.text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("</w:p>");
                open(out);
            }
            if piece.is_empty() {
                continue;
            }
            out.push_str("<w:r><w:rPr>");
            // Schema order: b, strike, sz, szCs, u.
            if span.mark == Mark::Added {
                out.push_str("<w:b/>");
            }
            if span.mark == Mark::Removed {
                out.push_str("<w:strike/>");
            }
            let _ = write!(out, "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", style.size);
            if span.mark == Mark::Added {
                out.push_str("<w:u w:val=\"single\"/>");
            }
            out.push_str("</w:rPr><w:t xml:space=\"preserve\">");
            out.push_str(&escape(piece));
            out.push_str("</w:t></w:r>");
        }
    }
    out.push_str("</w:p>");
}

fn cell(out: &mut String, width: u32, content: impl FnOnce(&mut String)) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>");
    content(out);
    out.push_str("</w:tc>");
}

fn table_start(out: &mut String, widths: &[u32], borders: bool) {
    out.push_str("<w:tbl><w:tblPr>");
    // Word checks the order of these elements (tblW, tblBorders, tblLayout, tblCellMar).
    let _ = write!(out, "<w:tblW w:w=\"{}\" w:type=\"dxa\"/>", widths.iter().sum::<u32>());
    if borders {
        out.push_str("<w:tblBorders>");
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            let _ = write!(out, "<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>");
        }
        out.push_str("</w:tblBorders>");
    }
    out.push_str("<w:tblLayout w:type=\"fixed\"/>");
    out.push_str("<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>");
    out.push_str("</w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
}

/// Issuing body on the left, the national name and motto on the right.
fn header_block(
    out: &mut String,
    width: u32,
    parent_body: Option<&str>,
    issuing_body: &str,
    number: &str,
    place_date: &str,
) {
    let left = 5_600;
    let widths = [left, width - left];
    table_start(out, &widths, false);
    out.push_str("<w:tr>");
    cell(out, widths[0], |out| {
        if let Some(parent) = parent_body {
            paragraph(out, &parent.to_uppercase(), Style { center: true, size: TABLE, ..Style::default() });
        }
        paragraph(
            out,
            &issuing_body.to_uppercase(),
            Style { bold: true, center: true, size: TABLE, ..Style::default() },
        );
        paragraph(out, "*", Style { center: true, size: TABLE, ..Style::default() });
        if !number.is_empty() {
            paragraph(out, number, Style { center: true, size: BODY, ..Style::default() });
        }
    });
    cell(out, widths[1], |out| {
        paragraph(
            out,
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            Style { bold: true, center: true, size: TABLE, ..Style::default() },
        );
        paragraph(
            out,
            "Độc lập - Tự do - Hạnh phúc",
            Style { bold: true, underline: true, center: true, size: BODY, ..Style::default() },
        );
        paragraph(out, "", Style::default());
        paragraph(out, place_date, Style { italic: true, center: true, size: BODY, ..Style::default() });
    });
    out.push_str("</w:tr></w:tbl>");
}

fn main_table(out: &mut String, report: &SynthesisReport) {
    table_start(out, &COLUMN_WIDTHS, true);
    // The heading row repeats on every page.
    out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (title, width) in COLUMNS.iter().zip(COLUMN_WIDTHS) {
        cell(out, width, |out| {
            paragraph(out, title, Style { bold: true, center: true, size: TABLE, ..Style::default() })
        });
    }
    out.push_str("</w:tr>");
    let text = Style { size: TABLE, justify: true, before: 40, after: 40, ..Style::default() };
    for (i, row) in report.rows.iter().enumerate() {
        out.push_str("<w:tr>");
        cell(out, COLUMN_WIDTHS[0], |out| {
            paragraph(out, &(i + 1).to_string(), Style { center: true, ..text });
        });
        cell(out, COLUMN_WIDTHS[1], |out| {
            paragraph(out, &row.issue, Style { bold: true, justify: false, ..text })
        });
        cell(out, COLUMN_WIDTHS[2], |out| paragraph(out, &row.commenters, Style { justify: false, ..text }));
        cell(out, COLUMN_WIDTHS[3], |out| paragraph(out, &row.content, text));
        cell(out, COLUMN_WIDTHS[4], |out| paragraph(out, &row.response, text));
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// "Nơi nhận" on the left, the signer on the right.
fn signature_block(out: &mut String, report: &SynthesisReport) {
    paragraph(out, "", Style::default());
    let left = 6_000;
    let widths = [left, TEXT_WIDTH - left];
    table_start(out, &widths, false);
    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell(out, widths[0], |out| {
        paragraph(out, "Nơi nhận:", Style { bold: true, italic: true, size: SMALL, ..Style::default() });
        for r in &report.recipients {
            paragraph(out, &format!("- {r}"), Style { size: NOTE, ..Style::default() });
        }
    });
    cell(out, widths[1], |out| {
        paragraph(
            out,
            &report.signer_title.to_uppercase(),
            Style { bold: true, center: true, size: BODY, ..Style::default() },
        );
        for _ in 0..4 {
            paragraph(out, "", Style::default());
        }
        paragraph(
            out,
            &report.signer_name,
            Style { bold: true, center: true, size: BODY, ..Style::default() },
        );
    });
    out.push_str("</w:tr></w:tbl>");
}

/// Escapes text for XML and drops the characters XML 1.0 cannot hold.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ComparisonRow, DraftDocument, Row, Submission};

    #[test]
    fn escaping_keeps_text_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a < b & \"c\" > d\u{1}"), "a &lt; b &amp; &quot;c&quot; &gt; d");
        assert_eq!(escape("Điều 5\tkhoản 2"), "Điều 5 khoản 2");
    }

    #[test]
    fn the_document_is_a_landscape_a4_package_with_the_table() {
        let report = SynthesisReport {
            issuing_body: "Ban Tổ chức Trung ương".into(),
            rows: vec![Row {
                issue: "Điều 5".into(),
                commenters: "Tỉnh ủy A".into(),
                content: "Đề nghị <b>bổ sung</b>".into(),
                response: "Tiếp thu".into(),
            }],
            ..SynthesisReport::default()
        };
        let bytes = synthesis_docx(&report).expect("written");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("word/document.xml").expect("document part"),
            &mut xml,
        )
        .expect("utf-8");
        assert!(xml.contains("w:orient=\"landscape\"") && xml.contains("w:w=\"16838\""));
        assert!(xml.contains("BAN TỔ CHỨC TRUNG ƯƠNG") && xml.contains("Độc lập - Tự do - Hạnh phúc"));
        assert!(xml.contains("Đề nghị &lt;b&gt;bổ sung&lt;/b&gt;"), "cell text is escaped, never markup");
        assert!(xml.contains("<w:tblHeader/>"));
        // Word refuses properties out of schema order.
        assert!(xml.contains("</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar>"));
        assert!(xml.contains("<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:u w:val=\"single\"/>"));
        assert!(archive.by_name("word/styles.xml").is_ok());
    }

    #[test]
    fn the_comparison_marks_removed_and_added_words_in_cells() {
        let span = |text: &str, mark| Span { text: text.into(), mark };
        let report = ComparisonReport {
            issuing_body: "Bộ Nội vụ".into(),
            subject: "Dự thảo Nghị định".into(),
            old_heading: "Dự thảo lần 1".into(),
            new_heading: "Dự thảo lần 2".into(),
            rows: vec![ComparisonRow {
                old_path: "Điều 3".into(),
                old: vec![span("Vị trí việc làm ", Mark::Plain), span("được xác định", Mark::Removed)],
                new_path: "Điều 3".into(),
                new: vec![
                    span("Vị trí việc làm ", Mark::Plain),
                    span("do người đứng đầu\nxác định", Mark::Added),
                ],
                explanation: "Sửa đổi. Tiếp thu: ý kiến của Tỉnh ủy A.".into(),
            }],
            ..ComparisonReport::default()
        };
        let bytes = comparison_docx(&report).expect("written");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("part"), &mut xml)
            .expect("utf-8");
        assert!(xml.contains("BẢNG SO SÁNH DỰ THẢO") && xml.contains("Dự thảo lần 2"));
        assert!(xml.contains("<w:strike/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">được xác định</w:t>"));
        assert!(xml.contains("<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">do người đứng đầu</w:t>"));
        // The line break in the added text starts a new paragraph in the cell.
        assert!(xml.contains("do người đứng đầu</w:t></w:r></w:p><w:p>"));
        assert!(xml.contains("Tiếp thu: ý kiến của Tỉnh ủy A."));
    }

    #[test]
    fn a_draft_is_a_portrait_document_with_its_provisions() {
        let draft = DraftDocument {
            issuing_body: "Bộ Nội vụ".into(),
            status_line: "DỰ THẢO LẦN 2".into(),
            title: "Nghị định\nQuy định về vị trí việc làm".into(),
            provisions: vec![
                crate::DraftProvision {
                    kind: "chapter".into(),
                    label: "Chương I".into(),
                    number: "I".into(),
                    heading: Some("Quy định chung".into()),
                    text: String::new(),
                },
                crate::DraftProvision {
                    kind: "article".into(),
                    label: "Điều 1".into(),
                    number: "1".into(),
                    heading: Some("Phạm vi".into()),
                    text: "Nghị định này quy định…".into(),
                },
                crate::DraftProvision {
                    kind: "clause".into(),
                    label: "Khoản 1".into(),
                    number: "1".into(),
                    heading: None,
                    text: "Cán bộ & công chức.".into(),
                },
                crate::DraftProvision {
                    kind: "point".into(),
                    label: "Điểm đ".into(),
                    number: "đ".into(),
                    heading: None,
                    text: "Viên chức.".into(),
                },
            ],
            ..DraftDocument::default()
        };
        let bytes = draft_docx(&draft).expect("written");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").expect("part"), &mut xml)
            .expect("utf-8");
        assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "portrait A4");
        for text in [
            "NGHỊ ĐỊNH",
            "DỰ THẢO LẦN 2",
            "QUY ĐỊNH CHUNG",
            "Điều 1. Phạm vi",
            "1. Cán bộ &amp; công chức.",
            "đ) Viên chức.",
        ] {
            assert!(xml.contains(text), "{text} missing");
        }
        let letter = Submission {
            subject: "Về việc trình dự thảo".into(),
            attachments: vec!["Dự thảo".into()],
            ..Submission::default()
        };
        assert!(submission_docx(&letter).is_ok());
    }
}
