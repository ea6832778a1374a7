//! The official documents as Word documents (WordprocessingML written directly): the
//! synthesis report, the comparison table, a draft and the submission here, the
//! conference minutes in [`minutes`], the helpers and page setup they share (with the
//! catalog documents) in [`ooxml`].

use std::fmt::Write as _;

mod minutes;
pub(crate) mod ooxml;

pub use minutes::minutes_docx;
use ooxml::{
    BODY, HEADER_LEFT, PORTRAIT_SIGNATURE_LEFT, PORTRAIT_TEXT_WIDTH, SIGNATURE_LEFT, SMALL, Style, TABLE,
    TEXT_WIDTH, cell, escape_into, header_block, package, paragraph, signature_block, table_start,
    title_block,
};

use crate::{
    COLUMNS, COMPARISON_TITLE, ComparisonReport, DraftDocument, Mark, ReportError, Span, Submission,
    SynthesisReport, TITLE,
};

/// Widths of the five columns (they add up to the text width).
const COLUMN_WIDTHS: [u32; 5] = [700, 2_300, 2_600, 4_300, TEXT_WIDTH - 700 - 2_300 - 2_600 - 4_300];

/// Writes the report as DOCX.
pub fn synthesis_docx(report: &SynthesisReport) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + report.rows.len() * 1024);
    header_block(
        &mut body,
        TEXT_WIDTH,
        HEADER_LEFT,
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
    signature_block(
        &mut body,
        TEXT_WIDTH,
        SIGNATURE_LEFT,
        &report.recipients,
        &report.signer_title,
        &report.signer_name,
    );

    package(&body, TITLE, &report.issuing_body, true)
}

/// Writes the comparison table (bảng so sánh) as DOCX.
pub fn comparison_docx(report: &ComparisonReport) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + report.rows.len() * 1024);
    header_block(&mut body, TEXT_WIDTH, HEADER_LEFT, None, &report.issuing_body, "", &report.place_date);
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

/// Writes a draft version as DOCX (A4 portrait): chapters and other divisions centred
/// in bold, articles as "Điều 5. Heading" in bold, clauses as "1. …" and points as
/// "a) …", text justified.
pub fn draft_docx(draft: &DraftDocument) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(4096 + draft.provisions.len() * 512);
    header_block(
        &mut body,
        PORTRAIT_TEXT_WIDTH,
        HEADER_LEFT,
        None,
        &draft.issuing_body,
        "",
        &draft.place_date,
    );
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
    header_block(
        &mut body,
        PORTRAIT_TEXT_WIDTH,
        HEADER_LEFT,
        None,
        &s.issuing_body,
        &s.number,
        &s.place_date,
    );
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
    let recipients =
        [format!("{},", s.recipient.trim_start_matches("Kính gửi:").trim()), "Lưu: VT.".to_owned()];
    signature_block(
        &mut body,
        PORTRAIT_TEXT_WIDTH,
        PORTRAIT_SIGNATURE_LEFT,
        &recipients,
        &s.signer_title,
        &s.signer_name,
    );
    package(&body, "TỜ TRÌNH", &s.issuing_body, false)
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
            escape_into(out, piece);
            out.push_str("</w:t></w:r>");
        }
    }
    out.push_str("</w:p>");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ComparisonRow, DraftDocument, Row, Submission};

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
