//! The synthesis report as a Word document (WordprocessingML written directly).

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use crate::{COLUMNS, COMPARISON_TITLE, ComparisonReport, Mark, ReportError, Span, SynthesisReport, TITLE};

/// A4 landscape, in twentieths of a point.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
/// Margins per Nghị định 30/2020: left 30–35 mm, right 15–20 mm, top and bottom 20–25 mm.
const MARGIN_LEFT: u32 = 1_701;
const MARGIN_RIGHT: u32 = 1_134;
const MARGIN_TOP: u32 = 1_134;
const MARGIN_BOTTOM: u32 = 1_134;
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
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

    package(&body, TITLE, &report.issuing_body)
}

/// Writes the comparison table (bảng so sánh) as DOCX.
pub fn comparison_docx(report: &ComparisonReport) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + report.rows.len() * 1024);
    header_block(&mut body, None, &report.issuing_body, "", &report.place_date);
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
    package(&body, COMPARISON_TITLE, &report.issuing_body)
}

/// The title in bold capitals and the subject under it, centred.
fn title_block(out: &mut String, title: &str, subject: &str) {
    paragraph(out, title, Style { bold: true, center: true, size: BODY, before: 240, ..Style::default() });
    if !subject.is_empty() {
        paragraph(out, subject, Style { bold: true, center: true, size: BODY, ..Style::default() });
    }
}

/// Wraps a document body into a DOCX package (A4 landscape).
fn package(body: &str, title: &str, creator: &str) -> Result<Vec<u8>, ReportError> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\" w:orient=\"landscape\"/>\
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
        out.push_str("<w:p><w:pPr>");
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
        if !line.is_empty() {
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
            out.push_str(&escape(line));
            out.push_str("</w:t></w:r>");
        }
        out.push_str("</w:p>");
    }
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
    let _ = write!(out, "<w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/>");
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
    parent_body: Option<&str>,
    issuing_body: &str,
    number: &str,
    place_date: &str,
) {
    let left = 5_600;
    let widths = [left, TEXT_WIDTH - left];
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
    use crate::{ComparisonRow, Row};

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
}
