//! What the workbooks of the crate share (the synthesis table in [`super`], the catalog
//! workbooks in [`crate::catalog`]): the cell formats and text a cell can hold.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use crate::ReportError;

/// The cell formats of the workbooks (Times New Roman, as the documents).
pub(crate) struct Formats {
    /// Bold 14 pt.
    pub(crate) title: Format,
    /// Italic 12 pt.
    pub(crate) subject: Format,
    /// 12 pt.
    pub(crate) plain: Format,
    /// The heading row of a table: bold, centred, wrapped, bordered.
    pub(crate) header: Format,
    /// A group row: bold on grey.
    pub(crate) group: Format,
    /// A table cell: wrapped, at the top, bordered.
    pub(crate) cell: Format,
    pub(crate) bold_cell: Format,
    /// A number in a table, centred.
    pub(crate) number: Format,
}

impl Formats {
    /// The formats with the table (heading row and cells) in `table_size` points.
    pub(crate) fn new(table_size: u8) -> Self {
        let font = Format::new().set_font_name("Times New Roman").set_font_size(12);
        let cell = font
            .clone()
            .set_font_size(table_size)
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        Self {
            title: font.clone().set_bold().set_font_size(14),
            subject: font.clone().set_italic(),
            plain: font,
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            group: cell.clone().set_bold().set_background_color("F2F2F2"),
            bold_cell: cell.clone().set_bold(),
            number: cell.clone().set_align(FormatAlign::Center),
            cell,
        }
    }
}

/// Writes text that Excel accepts whatever the caller gave (see [`cell_text`]).
pub(crate) fn write(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), ReportError> {
    sheet.write_string_with_format(row, col, cell_text(text), format)?;
    Ok(())
}

/// Excel's limit on the text of a cell, in UTF-16 code units.
pub(crate) const CELL_LIMIT: usize = 32_767;

/// Text a cell can hold: without the two non-characters XML cannot carry (the writer
/// escapes the control characters itself) and cut to Excel's 32 767 UTF-16 units,
/// ending in "…" when cut, so one long comment never sinks the whole workbook.
pub(crate) fn cell_text(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c == '\u{fffe}' || c == '\u{ffff}';
    // Every char is at most two UTF-16 units, so short text needs no counting.
    if !text.contains(bad) && (text.len() <= CELL_LIMIT || text.encode_utf16().count() <= CELL_LIMIT) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().min(4 * CELL_LIMIT));
    let mut units = 0;
    let mut chars = text.chars().filter(|&c| !bad(c)).peekable();
    while let Some(c) = chars.next() {
        // Keep one unit for the ellipsis when more text follows.
        let room = if chars.peek().is_some() { CELL_LIMIT - 1 } else { CELL_LIMIT };
        if units + c.len_utf16() > room {
            out.push('…');
            break;
        }
        units += c.len_utf16();
        out.push(c);
    }
    Cow::Owned(out)
}

/// What the tests of the workbooks share.
#[cfg(test)]
pub(crate) mod testing {
    use calamine::{Data, Reader, Xlsx};

    /// The sheet names and the rows of every sheet, numbers written as integers.
    pub(crate) fn workbook(bytes: &[u8]) -> (Vec<String>, Vec<Vec<Vec<String>>>) {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx");
        let names = book.sheet_names();
        let sheets = names
            .iter()
            .map(|name| {
                let range = book.worksheet_range(name).expect("the sheet");
                range
                    .rows()
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::Float(f) => f.to_string(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        (names, sheets)
    }
}
