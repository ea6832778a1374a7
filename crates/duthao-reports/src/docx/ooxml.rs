//! WordprocessingML written directly, shared by every Word document of the crate (the
//! synthesis report, comparison, draft, submission and minutes in [`super`], the
//! catalog documents in [`crate::catalog`]): the A4 page and its margins, the font
//! sizes, paragraphs and runs, tables, the header and signature blocks, the package.

use std::fmt::Write as _;
use std::io::Write as _;

use zip::write::SimpleFileOptions;

use crate::ReportError;

/// A4 landscape, in twentieths of a point.
pub(crate) const PAGE_WIDTH: u32 = 16_838;
pub(crate) const PAGE_HEIGHT: u32 = 11_906;
/// Margins per Nghị định 30/2020: left 30–35 mm, right 15–20 mm, top and bottom 20–25 mm.
pub(crate) const MARGIN_LEFT: u32 = 1_701;
pub(crate) const MARGIN_RIGHT: u32 = 1_134;
pub(crate) const MARGIN_TOP: u32 = 1_134;
pub(crate) const MARGIN_BOTTOM: u32 = 1_134;
/// The text width of an A4 landscape page.
pub(crate) const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/// The text width of an A4 portrait page (drafts, submissions).
pub(crate) const PORTRAIT_TEXT_WIDTH: u32 = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT;

/// Font sizes in half points.
pub(crate) const BODY: u32 = 28;
pub(crate) const TABLE: u32 = 26;
pub(crate) const SMALL: u32 = 24;
pub(crate) const NOTE: u32 = 22;

/// The usual width of the left column of the header block (the issuing body); see
/// [`header_block`].
pub(crate) const HEADER_LEFT: u32 = 5_600;

/// The width of the left column of the signature block ("Nơi nhận") on A4 landscape and
/// on A4 portrait; see [`signature_block`].
pub(crate) const SIGNATURE_LEFT: u32 = 6_000;
pub(crate) const PORTRAIT_SIGNATURE_LEFT: u32 = 4_500;

#[derive(Clone, Copy)]
pub(crate) struct Style {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) underline: bool,
    pub(crate) center: bool,
    pub(crate) justify: bool,
    pub(crate) indent: bool,
    /// Keep with the next paragraph (headings, group rows).
    pub(crate) keep_next: bool,
    pub(crate) size: u32,
    pub(crate) before: u32,
    pub(crate) after: u32,
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
            keep_next: false,
            size: BODY,
            before: 0,
            after: 0,
        }
    }
}

/// One paragraph; line breaks in `text` become separate paragraphs.
pub(crate) fn paragraph(out: &mut String, text: &str, style: Style) {
    for line in text.split('\n') {
        out.push_str("<w:p>");
        paragraph_properties(out, style);
        run(out, line, style);
        out.push_str("</w:p>");
    }
}

/// One paragraph per item (a cell must hold at least one paragraph).
pub(crate) fn lines(out: &mut String, items: &[String], style: Style) {
    if items.is_empty() {
        paragraph(out, "", style);
    }
    for item in items {
        paragraph(out, item, style);
    }
}

/// The `<w:pPr>` of a paragraph: keep with next, spacing, first-line indent, alignment.
pub(crate) fn paragraph_properties(out: &mut String, style: Style) {
    out.push_str("<w:pPr>");
    // Schema order: keepNext, spacing, ind, jc.
    if style.keep_next {
        out.push_str("<w:keepNext/>");
    }
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
pub(crate) fn run(out: &mut String, text: &str, style: Style) {
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
    escape_into(out, text);
    out.push_str("</w:t></w:r>");
}

/// The title in bold capitals and the subject under it, centred.
pub(crate) fn title_block(out: &mut String, title: &str, subject: &str) {
    paragraph(out, title, Style { bold: true, center: true, size: BODY, before: 240, ..Style::default() });
    if !subject.is_empty() {
        paragraph(out, subject, Style { bold: true, center: true, size: BODY, ..Style::default() });
    }
}

pub(crate) fn cell(out: &mut String, width: u32, content: impl FnOnce(&mut String)) {
    let _ = write!(out, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>");
    content(out);
    out.push_str("</w:tc>");
}

/// A shaded cell across `span` columns (a group row).
pub(crate) fn spanning_cell(out: &mut String, width: u32, span: usize, content: impl FnOnce(&mut String)) {
    // Schema order: tcW, gridSpan, shd.
    let _ = write!(
        out,
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:gridSpan w:val=\"{span}\"/>\
         <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/></w:tcPr>"
    );
    content(out);
    out.push_str("</w:tc>");
}

/// The heading row of a table in bold 13 pt, repeated on every page.
pub(crate) fn heading_row(out: &mut String, titles: &[&str], widths: &[u32]) {
    let heading = Style { bold: true, center: true, size: TABLE, before: 40, after: 40, ..Style::default() };
    out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (title, width) in titles.iter().zip(widths) {
        cell(out, *width, |out| paragraph(out, title, heading));
    }
    out.push_str("</w:tr>");
}

pub(crate) fn table_start(out: &mut String, widths: &[u32], borders: bool) {
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

/// Issuing body on the left, the national name and motto on the right, across `width`;
/// the left column is `left` wide ([`HEADER_LEFT`] as a rule; narrower where the right
/// column would otherwise wrap the national name).
pub(crate) fn header_block(
    out: &mut String,
    width: u32,
    left: u32,
    parent_body: Option<&str>,
    issuing_body: &str,
    number: &str,
    place_date: &str,
) {
    let widths = [left, width - left];
    let small = Style { center: true, size: TABLE, ..Style::default() };
    table_start(out, &widths, false);
    out.push_str("<w:tr>");
    cell(out, widths[0], |out| {
        if let Some(parent) = parent_body {
            paragraph(out, &parent.to_uppercase(), small);
        }
        paragraph(out, &issuing_body.to_uppercase(), Style { bold: true, ..small });
        paragraph(out, "*", small);
        if !number.is_empty() {
            paragraph(out, number, Style { size: BODY, ..small });
        }
    });
    cell(out, widths[1], |out| {
        paragraph(out, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style { bold: true, ..small });
        paragraph(
            out,
            "Độc lập - Tự do - Hạnh phúc",
            Style { bold: true, underline: true, size: BODY, ..small },
        );
        paragraph(out, "", Style::default());
        paragraph(out, place_date, Style { italic: true, size: BODY, ..small });
    });
    out.push_str("</w:tr></w:tbl>");
}

/// After an empty line, "Nơi nhận" and the `recipients` on the left (`left` wide), the
/// signer on the right, across `width`.
pub(crate) fn signature_block(
    out: &mut String,
    width: u32,
    left: u32,
    recipients: &[String],
    signer_title: &str,
    signer_name: &str,
) {
    paragraph(out, "", Style::default());
    let widths = [left, width - left];
    table_start(out, &widths, false);
    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    cell(out, widths[0], |out| {
        paragraph(out, "Nơi nhận:", Style { bold: true, italic: true, size: SMALL, ..Style::default() });
        for r in recipients {
            paragraph(out, &format!("- {r}"), Style { size: NOTE, ..Style::default() });
        }
    });
    cell(out, widths[1], |out| {
        let name = Style { bold: true, center: true, size: BODY, ..Style::default() };
        paragraph(out, &signer_title.to_uppercase(), name);
        for _ in 0..4 {
            paragraph(out, "", Style::default());
        }
        paragraph(out, signer_name, name);
    });
    out.push_str("</w:tr></w:tbl>");
}

/// Wraps a document body into a DOCX package (A4, landscape or portrait).
pub(crate) fn package(
    body: &str,
    title: &str,
    creator: &str,
    landscape: bool,
) -> Result<Vec<u8>, ReportError> {
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
    let mut core = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>",
    );
    escape_into(&mut core, title);
    core.push_str("</dc:title><dc:creator>");
    escape_into(&mut core, creator);
    core.push_str("</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>");

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

/// Escapes text for XML and drops the characters XML 1.0 cannot hold (a tab becomes a
/// space).
pub(crate) fn escape_into(out: &mut String, text: &str) {
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
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// What the tests of the Word documents share.
#[cfg(test)]
pub(crate) mod testing {
    /// The text of a part of a zip package (DOCX or XLSX).
    pub(crate) fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip package");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).expect("the part"), &mut xml)
            .expect("utf-8");
        xml
    }

    /// Checks that `xml` is well formed as far as Word cares here: every element closed
    /// in order, every `&` an entity, no `<` or `>` outside markup, no character XML
    /// 1.0 cannot hold.
    pub(crate) fn assert_well_formed(xml: &str) {
        let body = xml.split_once("?>").expect("an XML declaration").1;
        assert!(
            !body.chars().any(|c| ((c as u32) < 0x20 && c != '\n') || c == '\u{fffe}' || c == '\u{ffff}'),
            "a character XML cannot hold"
        );
        let mut open: Vec<&str> = Vec::new();
        let mut rest = body;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!text.contains('>'), "a raw > in text: {text}");
            for (i, _) in text.match_indices('&') {
                let entity = &text[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| entity.starts_with(e)),
                    "a raw & in text: {text}"
                );
            }
            let end = rest[start..].find('>').expect("a tag is closed") + start;
            let tag = &rest[start + 1..end];
            let name =
                tag.trim_start_matches('/').trim_end_matches('/').split(' ').next().unwrap_or_default();
            if tag.starts_with('/') {
                assert_eq!(open.pop(), Some(name), "closing tag out of order");
            } else if !tag.ends_with('/') {
                open.push(name);
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "elements left open: {open:?}");
        assert!(rest.trim().is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[test]
    fn escaping_keeps_text_and_drops_what_xml_cannot_hold() {
        assert_eq!(escape("a < b & \"c\" > d\u{1}"), "a &lt; b &amp; &quot;c&quot; &gt; d");
        assert_eq!(escape("Điều 5\tkhoản 2"), "Điều 5 khoản 2");
    }
}
