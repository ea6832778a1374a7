//! The synthesis report's table as a spreadsheet (XLSX) and as CSV (UTF-8 with a
//! byte-order mark, so that Excel reads the Vietnamese correctly).

use rust_xlsxwriter::Workbook;

use crate::{COLUMNS, ReportError, SynthesisReport, TITLE};

pub(crate) mod xlsx;

use xlsx::Formats;

/// The font size of the table in the synthesis workbook: Excel's default.
const TABLE_FONT_SIZE: u8 = 11;

/// Writes the report as XLSX: the title and subject, the opening, then the table
/// with its heading row frozen.
pub fn synthesis_xlsx(report: &SynthesisReport) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let Formats { title, plain, header, cell, .. } = Formats::new(TABLE_FONT_SIZE);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tổng hợp")?;
    for (col, width) in (0u16..).zip([6.0, 24.0, 28.0, 60.0, 60.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.write_string_with_format(0, 0, TITLE, &title)?;
    sheet.write_string_with_format(1, 0, &report.subject, &title)?;
    let mut row = 2u32;
    for text in &report.opening {
        sheet.write_string_with_format(row, 0, text, &plain)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    for (col, name) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(row, col, name, &header)?;
    }
    for (i, r) in report.rows.iter().enumerate() {
        row += 1;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &cell)?;
        for (col, text) in (1u16..).zip([&r.issue, &r.commenters, &r.content, &r.response]) {
            sheet.write_string_with_format(row, col, text, &cell)?;
        }
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

/// A CSV cell that a spreadsheet opens as text, never as a formula: a cell starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe (the
/// usual defence against CSV formula injection; Excel would otherwise run
/// `=HYPERLINK(…)` typed in a comment, or show `- Đề nghị…` as `#NAME?`).
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// Writes the table as CSV with a UTF-8 byte-order mark; comment text is written so
/// that a spreadsheet opens it as text (see [`csv_text`]).
pub fn synthesis_csv(report: &SynthesisReport) -> Result<Vec<u8>, ReportError> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(COLUMNS)?;
        for (i, r) in report.rows.iter().enumerate() {
            let n = (i + 1).to_string();
            let cells = [&r.issue, &r.commenters, &r.content, &r.response].map(|t| csv_text(t));
            writer.write_record([n.as_str(), &cells[0], &cells[1], &cells[2], &cells[3]])?;
        }
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::xlsx::testing::workbook;
    use super::*;
    use crate::Row;

    fn report() -> SynthesisReport {
        SynthesisReport {
            subject: "Dự thảo Quy định".into(),
            opening: vec!["Tổng số 3 ý kiến.".into()],
            rows: vec![
                Row {
                    issue: "Điều 1".into(),
                    commenters: "Tỉnh ủy A".into(),
                    content: "Sửa \"tên\"".into(),
                    response: "Tiếp thu".into(),
                },
                Row {
                    issue: "Vấn đề khác".into(),
                    commenters: "2 ý kiến của cá nhân".into(),
                    content: "Khác".into(),
                    response: "Giải trình".into(),
                },
            ],
            ..SynthesisReport::default()
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        let mut r = report();
        r.rows[0].content = "=HYPERLINK(\"http://x\";\"bấm\")".into();
        r.rows[1].content = "- Đề nghị bổ sung".into();
        r.rows[1].commenters = "@tỉnh".into();
        let text = String::from_utf8(synthesis_csv(&r).expect("written")).expect("utf-8");
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&rows[0][3], "'=HYPERLINK(\"http://x\";\"bấm\")");
        assert_eq!(&rows[1][3], "'- Đề nghị bổ sung");
        assert_eq!(&rows[1][2], "'@tỉnh");
        assert_eq!(&rows[0][1], "Điều 1", "ordinary text unchanged");
        assert_eq!(csv_text("Tiếp thu"), "Tiếp thu");
        assert_eq!(csv_text("+84"), "'+84");
    }

    #[test]
    fn the_spreadsheet_holds_the_table() {
        let (names, sheets) = workbook(&synthesis_xlsx(&report()).expect("written"));
        let rows = &sheets[names.iter().position(|n| n == "Tổng hợp").expect("the sheet")];
        let heading =
            rows.iter().position(|r| r.first().map(String::as_str) == Some("STT")).expect("heading row");
        assert_eq!(rows[heading], COLUMNS.map(str::to_owned));
        assert_eq!(rows[heading + 1], ["1", "Điều 1", "Tỉnh ủy A", "Sửa \"tên\"", "Tiếp thu"]);
        assert_eq!(rows[heading + 2][1], "Vấn đề khác");
    }

    #[test]
    fn the_csv_starts_with_a_bom_and_quotes_as_needed() {
        let bytes = synthesis_csv(&report()).expect("written");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "STT,\"Nhóm vấn đề, điều, khoản\",Chủ thể góp ý,Nội dung góp ý,\"Nội dung tiếp thu, giải trình\""
            )
        );
        assert_eq!(lines.next(), Some("1,Điều 1,Tỉnh ủy A,\"Sửa \"\"tên\"\"\",Tiếp thu"));
    }
}
