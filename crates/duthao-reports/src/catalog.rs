//! Documents about a catalog of titles or job positions (danh mục): the table of
//! equivalent positions (bảng chức vụ tương đương) and the report on the review of the
//! localities' lists against the catalog (báo cáo tổng hợp kết quả rà soát), each as
//! DOCX and XLSX.
//!
//! Every string is the caller's, already worded, and written as given (only the
//! document title is set in capitals, as Nghị định 30/2020 wants); this module adds the
//! fixed labels and the layout, never decides what fits the catalog. It is linear in
//! the size of the data and refuses nothing but what the spreadsheet writer refuses.
//!
//! The Word and spreadsheet helpers are the crate's shared ones ([`crate::docx::ooxml`],
//! [`crate::table::xlsx`]).

use std::borrow::Cow;

use rust_xlsxwriter::{Workbook, Worksheet};

use crate::docx::ooxml::{
    HEADER_LEFT, PORTRAIT_SIGNATURE_LEFT, PORTRAIT_TEXT_WIDTH, SMALL, Style, TABLE, TEXT_WIDTH, cell,
    header_block, heading_row, lines, package, paragraph, signature_block, spanning_cell, table_start,
    title_block,
};
use crate::table::xlsx::{Formats, cell_text, write};
use crate::{ReportError, grouped};

/// The table of equivalent positions of a titles catalog, already worded: by group and
/// level, one row per reference title with the titles equivalent to it.
#[derive(Debug, Clone, Default)]
pub struct EquivalenceTable {
    /// The body above the issuing body, if any ("BAN CHẤP HÀNH TRUNG ƯƠNG").
    pub parent_body: Option<String>,
    /// The issuing body ("BAN TỔ CHỨC TRUNG ƯƠNG").
    pub issuing_body: String,
    /// "Số: …" (may be empty).
    pub number: String,
    /// "Hà Nội, ngày 28 tháng 11 năm 2026".
    pub place_date: String,
    /// "Bảng chức vụ tương đương" (printed in capitals; empty for the default title).
    pub title: String,
    /// The line under the title ("Kèm theo Đề án …"), in italics.
    pub subject: String,
    /// The groups, in table order.
    pub groups: Vec<EquivalenceGroup>,
    /// The checks that failed, worded; printed after the table under "Những điểm cần
    /// xem lại" when there are any.
    pub problems: Vec<String>,
}

/// A group of the table ("Nhóm I"), shown as a merged row above its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EquivalenceGroup {
    pub name: String,
    pub rows: Vec<EquivalenceRow>,
}

/// A reference title and the titles at each level that rank as it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EquivalenceRow {
    /// The reference title the others rank as ("Chức vụ chuẩn").
    pub reference: String,
    /// Equivalent titles at the central level ("Trung ương").
    pub central: Vec<String>,
    /// Equivalent titles at the provincial level ("Cấp tỉnh").
    pub provincial: Vec<String>,
    /// Equivalent titles at the commune level ("Cấp xã").
    pub commune: Vec<String>,
    /// "Ghi chú".
    pub notes: String,
}

/// The report on the review (rà soát) of the organisations' lists against a catalog,
/// already worded.
#[derive(Debug, Clone, Default)]
pub struct ReviewReport {
    /// The body above the issuing body, if any.
    pub parent_body: Option<String>,
    pub issuing_body: String,
    /// "Số: …/BC-…" (may be empty).
    pub number: String,
    pub place_date: String,
    /// "Báo cáo tổng hợp kết quả rà soát danh mục …" (printed in capitals; empty for the
    /// default title).
    pub title: String,
    /// The line under the title.
    pub subject: String,
    /// Opening paragraphs, with the totals.
    pub opening: Vec<String>,
    /// Part I: the whole country.
    pub country: CountrySection,
    /// Part II: one section per organisation, in report order.
    pub organisations: Vec<OrganisationSection>,
    /// "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN".
    pub signer_title: String,
    pub signer_name: String,
    /// "Nơi nhận:" lines.
    pub recipients: Vec<String>,
}

/// The review over all organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountrySection {
    /// Catalog entries lacking in `count` organisations.
    pub lacking: Vec<CountLine>,
    /// Names as submitted that do not fit the catalog, the reason in `detail`.
    pub misfits: Vec<CountLine>,
    /// Names `count` organisations have and the catalog lacks (proposed additions).
    pub proposed: Vec<CountLine>,
}

/// One line of a country-wide list: a name, a worded detail and the organisations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountLine {
    pub name: String,
    pub detail: String,
    /// How many organisations (printed as given, not recounted from `organisations`).
    pub count: usize,
    pub organisations: Vec<String>,
}

/// The review of one organisation's list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationSection {
    /// "Tỉnh ủy Lào Cai".
    pub name: String,
    /// Catalog entries the list lacks.
    pub lacking: Vec<String>,
    /// (name as submitted, why it does not fit the catalog).
    pub misfits: Vec<(String, String)>,
    /// (name as submitted, the catalog entries it may be), for a person to decide.
    pub uncertain: Vec<(String, String)>,
    /// Positions and the people holding them, when the organisation sent them.
    pub headcount: Option<HeadcountSection>,
}

/// Job positions and the people holding them in one organisation (one position may be
/// held by several people, one person may hold several positions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeadcountSection {
    /// Number of positions.
    pub positions: usize,
    /// Number of people.
    pub people: usize,
    /// Positions nobody holds.
    pub vacant: Vec<String>,
    /// Positions held by several people: (position, how many people).
    pub shared: Vec<(String, usize)>,
    /// People holding several positions: (person, positions).
    pub multi: Vec<(String, Vec<String>)>,
    /// Worded warnings.
    pub warnings: Vec<String>,
}

/// The title of the equivalence table when the caller gives none.
const EQUIVALENCE_TITLE: &str = "BẢNG CHỨC VỤ TƯƠNG ĐƯƠNG";

/// The columns of the equivalence table.
const EQUIVALENCE_COLUMNS: [&str; 6] =
    ["STT", "Chức vụ chuẩn", "Trung ương", "Cấp tỉnh", "Cấp xã", "Ghi chú"];

/// The heading of the failed checks after the equivalence table.
const PROBLEMS_HEADING: &str = "Những điểm cần xem lại";

/// The title of the review report when the caller gives none.
const REVIEW_TITLE: &str = "BÁO CÁO TỔNG HỢP KẾT QUẢ RÀ SOÁT DANH MỤC";

/// The sheets of the review workbook (Excel allows 31 characters, no `[]:*?/\`).
const REVIEW_SHEETS: [&str; 3] = ["Toàn quốc", "Theo đơn vị", "Vị trí và người"];

/// What an empty list says.
const NONE: &str = "Không có.";

/// The three country-wide lists: heading in the document, name in the workbook's
/// "Danh sách" column, and the headings of the name and detail columns.
const COUNTRY_LISTS: [CountryList; 3] = [
    CountryList {
        heading: "1. Có trong danh mục nhưng còn thiếu ở các đơn vị",
        sheet: "Còn thiếu ở đơn vị",
        name: "Tên trong danh mục",
        detail: "Ghi chú",
        organisations: "Đơn vị còn thiếu",
    },
    CountryList {
        heading: "2. Tên do các đơn vị gửi chưa phù hợp với danh mục",
        sheet: "Chưa phù hợp với danh mục",
        name: "Tên đơn vị gửi",
        detail: "Lý do",
        organisations: "Đơn vị gửi",
    },
    CountryList {
        heading: "3. Đề nghị bổ sung vào danh mục (các đơn vị có, danh mục chưa có)",
        sheet: "Đề nghị bổ sung",
        name: "Tên đề nghị bổ sung",
        detail: "Ghi chú",
        organisations: "Đơn vị có",
    },
];

struct CountryList {
    heading: &'static str,
    sheet: &'static str,
    name: &'static str,
    detail: &'static str,
    organisations: &'static str,
}

/// The three lists of an organisation: heading in the document, name in the workbook.
const ORGANISATION_LISTS: [(&str, &str); 3] = [
    ("a) Có trong danh mục nhưng danh sách của đơn vị chưa có:", "Còn thiếu"),
    ("b) Tên trong danh sách của đơn vị chưa phù hợp với danh mục:", "Chưa phù hợp"),
    ("c) Tên chưa xác định được tương ứng với danh mục:", "Chưa xác định"),
];

/// The lines of a headcount section: heading in the document, name in the workbook.
const HEADCOUNT_POSITIONS: &str = "Số vị trí việc làm";
const HEADCOUNT_PEOPLE: &str = "Số người";
const HEADCOUNT_VACANT: &str = "Vị trí chưa có người đảm nhiệm";
const HEADCOUNT_SHARED: &str = "Vị trí do nhiều người cùng đảm nhiệm";
const HEADCOUNT_MULTI: &str = "Người đảm nhiệm nhiều vị trí";
const HEADCOUNT_WARNINGS: &str = "Lưu ý";

/// The font size of the tables in the workbooks.
const TABLE_FONT_SIZE: u8 = 12;

/// The left column of the header block on A4 portrait: narrower than the usual
/// [`HEADER_LEFT`], so that the national name ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13 pt
/// bold capitals, which wraps below ~5 400) fits on one line in the right column.
const PORTRAIT_HEADER_LEFT: u32 = 3_600;

// ---------------------------------------------------------------------------------
// The equivalence table
// ---------------------------------------------------------------------------------

/// Widths of the equivalence table's columns on A4 landscape (they add up to the text
/// width).
const EQUIVALENCE_WIDTHS: [u32; 6] = [700, 2_800, 2_700, 2_700, 2_700, TEXT_WIDTH - 700 - 2_800 - 3 * 2_700];

/// Writes the table of equivalent positions as DOCX (A4 landscape): the header block,
/// the title and subject, the table with its heading row repeated on every page and a
/// merged row per group (rows numbered across the whole table), then the failed checks.
pub fn equivalence_docx(table: &EquivalenceTable) -> Result<Vec<u8>, ReportError> {
    let rows: usize = table.groups.iter().map(|g| g.rows.len()).sum();
    let mut body = String::with_capacity(8192 + rows * 2048 + table.problems.len() * 256);
    let title = document_title(&table.title, EQUIVALENCE_TITLE);
    header_block(
        &mut body,
        TEXT_WIDTH,
        HEADER_LEFT,
        non_blank(table.parent_body.as_deref()),
        &table.issuing_body,
        &table.number,
        &table.place_date,
    );
    title_block(&mut body, &title, "");
    if !table.subject.is_empty() {
        paragraph(&mut body, &table.subject, Style { italic: true, center: true, ..Style::default() });
    }
    paragraph(&mut body, "", Style::default());

    let widths = EQUIVALENCE_WIDTHS;
    let text = Style { size: TABLE, before: 40, after: 40, ..Style::default() };
    table_start(&mut body, &widths, true);
    heading_row(&mut body, &EQUIVALENCE_COLUMNS, &widths);
    let mut number = 0usize;
    for group in &table.groups {
        body.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        spanning_cell(&mut body, widths.iter().sum(), widths.len(), |out| {
            paragraph(out, &group.name, Style { bold: true, keep_next: true, ..text })
        });
        body.push_str("</w:tr>");
        for row in &group.rows {
            number += 1;
            body.push_str("<w:tr>");
            cell(&mut body, widths[0], |out| {
                paragraph(out, &number.to_string(), Style { center: true, ..text })
            });
            cell(&mut body, widths[1], |out| paragraph(out, &row.reference, Style { bold: true, ..text }));
            for (titles, width) in
                [&row.central, &row.provincial, &row.commune].into_iter().zip(&widths[2..5])
            {
                cell(&mut body, *width, |out| lines(out, titles, text));
            }
            cell(&mut body, widths[5], |out| paragraph(out, &row.notes, text));
            body.push_str("</w:tr>");
        }
    }
    body.push_str("</w:tbl>");

    if !table.problems.is_empty() {
        paragraph(
            &mut body,
            PROBLEMS_HEADING,
            Style { bold: true, keep_next: true, before: 240, after: 60, ..Style::default() },
        );
        let item = Style { justify: true, indent: true, after: 60, ..Style::default() };
        for problem in &table.problems {
            paragraph(&mut body, &format!("- {problem}"), item);
        }
    }
    package(&body, &title, &table.issuing_body, true)
}

/// Writes the table of equivalent positions as XLSX: one sheet with the title, the
/// subject, the table (heading row frozen, group rows merged and bold, text wrapped,
/// several titles in a cell one per line), then the failed checks.
pub fn equivalence_xlsx(table: &EquivalenceTable) -> Result<Vec<u8>, ReportError> {
    let formats = Formats::new(TABLE_FONT_SIZE);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Chức vụ tương đương")?;
    for (col, width) in (0u16..).zip([6.0, 32.0, 32.0, 32.0, 32.0, 30.0]) {
        sheet.set_column_width(col, width)?;
    }
    let title = document_title(&table.title, EQUIVALENCE_TITLE);
    write(sheet, 0, 0, &title, &formats.title)?;
    write(sheet, 1, 0, &table.subject, &formats.subject)?;
    let header_row = 3u32;
    for (col, name) in (0u16..).zip(EQUIVALENCE_COLUMNS) {
        write(sheet, header_row, col, name, &formats.header)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    let last_col = (EQUIVALENCE_COLUMNS.len() - 1) as u16;
    let mut row = header_row;
    let mut number = 0u32;
    for group in &table.groups {
        row += 1;
        sheet.merge_range(row, 0, row, last_col, &cell_text(&group.name), &formats.group)?;
        for r in &group.rows {
            row += 1;
            number += 1;
            sheet.write_number_with_format(row, 0, number, &formats.number)?;
            write(sheet, row, 1, &r.reference, &formats.bold_cell)?;
            for (col, titles) in (2u16..).zip([&r.central, &r.provincial, &r.commune]) {
                write(sheet, row, col, &titles.join("\n"), &formats.cell)?;
            }
            write(sheet, row, 5, &r.notes, &formats.cell)?;
        }
    }
    if !table.problems.is_empty() {
        row += 2;
        write(sheet, row, 0, PROBLEMS_HEADING, &formats.title)?;
        for problem in &table.problems {
            row += 1;
            write(sheet, row, 0, &format!("- {problem}"), &formats.plain)?;
        }
    }
    Ok(workbook.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------
// The review report
// ---------------------------------------------------------------------------------

/// Widths of a country-wide table on A4 portrait: STT, name, detail, count,
/// organisations.
const COUNTRY_WIDTHS: [u32; 5] =
    [600, 2_600, 2_400, 1_000, PORTRAIT_TEXT_WIDTH - 600 - 2_600 - 2_400 - 1_000];

/// Writes the review report as DOCX (A4 portrait): the header block, the title, the
/// opening; part I the country (three numbered tables, "Không có." for an empty one);
/// part II one sub-section per organisation with its three lists ("Không có." for an
/// empty one) and its positions and people; the signature block.
pub fn review_docx(report: &ReviewReport) -> Result<Vec<u8>, ReportError> {
    let country = &report.country;
    let lines_total = country.lacking.len()
        + country.misfits.len()
        + country.proposed.len()
        + report
            .organisations
            .iter()
            .map(|o| {
                o.lacking.len()
                    + o.misfits.len()
                    + o.uncertain.len()
                    + o.headcount.as_ref().map_or(0, |h| h.vacant.len() + h.shared.len() + h.multi.len())
            })
            .sum::<usize>();
    let mut body = String::with_capacity(16_384 + lines_total * 512);
    let title = document_title(&report.title, REVIEW_TITLE);
    header_block(
        &mut body,
        PORTRAIT_TEXT_WIDTH,
        PORTRAIT_HEADER_LEFT,
        non_blank(report.parent_body.as_deref()),
        &report.issuing_body,
        &report.number,
        &report.place_date,
    );
    title_block(&mut body, &title, &report.subject);
    paragraph(&mut body, "", Style::default());
    let text = Style { justify: true, indent: true, after: 60, ..Style::default() };
    let part = Style { bold: true, keep_next: true, before: 120, ..text };
    let heading = Style { bold: true, keep_next: true, ..text };
    let label = Style { italic: true, keep_next: true, ..text };
    for p in &report.opening {
        paragraph(&mut body, p, text);
    }

    paragraph(&mut body, "I. KẾT QUẢ RÀ SOÁT CHUNG TOÀN QUỐC", part);
    for (list, lines) in COUNTRY_LISTS.iter().zip([&country.lacking, &country.misfits, &country.proposed]) {
        paragraph(&mut body, list.heading, heading);
        if lines.is_empty() {
            paragraph(&mut body, NONE, text);
        } else {
            country_table(&mut body, list, lines);
            paragraph(&mut body, "", Style { size: SMALL, ..Style::default() });
        }
    }

    paragraph(&mut body, "II. KẾT QUẢ RÀ SOÁT TỪNG ĐƠN VỊ", part);
    if report.organisations.is_empty() {
        paragraph(&mut body, NONE, text);
    }
    for (i, org) in report.organisations.iter().enumerate() {
        paragraph(&mut body, &format!("{}. {}", i + 1, org.name), Style { before: 60, ..heading });
        let [lacking, misfits, uncertain] = ORGANISATION_LISTS.map(|(heading, _)| heading);
        paragraph(&mut body, lacking, label);
        list(&mut body, org.lacking.iter().map(|name| Cow::Borrowed(name.as_str())), "-", text);
        paragraph(&mut body, misfits, label);
        list(&mut body, org.misfits.iter().map(|(name, reason)| labelled(name, reason)), "-", text);
        paragraph(&mut body, uncertain, label);
        list(&mut body, org.uncertain.iter().map(|(name, candidates)| maybe(name, candidates)), "-", text);
        if let Some(h) = &org.headcount {
            headcount_paragraphs(&mut body, h, label, text);
        }
    }

    signature_block(
        &mut body,
        PORTRAIT_TEXT_WIDTH,
        PORTRAIT_SIGNATURE_LEFT,
        &report.recipients,
        &report.signer_title,
        &report.signer_name,
    );
    package(&body, &title, &report.issuing_body, false)
}

/// One country-wide list as a table with its heading row repeated on every page.
fn country_table(out: &mut String, list: &CountryList, lines: &[CountLine]) {
    let widths = COUNTRY_WIDTHS;
    let text = Style { size: TABLE, before: 40, after: 40, ..Style::default() };
    table_start(out, &widths, true);
    heading_row(out, &["STT", list.name, list.detail, "Số đơn vị", list.organisations], &widths);
    for (i, line) in lines.iter().enumerate() {
        out.push_str("<w:tr>");
        cell(out, widths[0], |out| paragraph(out, &(i + 1).to_string(), Style { center: true, ..text }));
        cell(out, widths[1], |out| paragraph(out, &line.name, Style { bold: true, ..text }));
        cell(out, widths[2], |out| paragraph(out, &line.detail, text));
        cell(out, widths[3], |out| paragraph(out, &grouped(line.count), Style { center: true, ..text }));
        cell(out, widths[4], |out| paragraph(out, &line.organisations.join(", "), text));
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// "d) Vị trí việc làm và người đảm nhiệm:" with the counts and the four lists.
fn headcount_paragraphs(out: &mut String, h: &HeadcountSection, label: Style, text: Style) {
    paragraph(out, "d) Vị trí việc làm và người đảm nhiệm:", label);
    paragraph(
        out,
        &format!(
            "- {HEADCOUNT_POSITIONS}: {}; {}: {}.",
            grouped(h.positions),
            HEADCOUNT_PEOPLE.to_lowercase(),
            grouped(h.people)
        ),
        text,
    );
    let vacant = h.vacant.iter().map(|p| Cow::Borrowed(p.as_str()));
    sublist(out, HEADCOUNT_VACANT, vacant, text);
    let shared = h.shared.iter().map(|(p, n)| Cow::Owned(format!("{p}: {} người", grouped(*n))));
    sublist(out, HEADCOUNT_SHARED, shared, text);
    let multi = h.multi.iter().map(|(person, positions)| labelled(person, &positions.join("; ")));
    sublist(out, HEADCOUNT_MULTI, multi, text);
    if !h.warnings.is_empty() {
        sublist(out, HEADCOUNT_WARNINGS, h.warnings.iter().map(|w| Cow::Borrowed(w.as_str())), text);
    }
}

/// "- heading: Không có." for an empty list, else "- heading:" and "+ item" lines.
fn sublist<'a>(
    out: &mut String,
    heading: &str,
    items: impl ExactSizeIterator<Item = Cow<'a, str>>,
    text: Style,
) {
    if items.len() == 0 {
        paragraph(out, &format!("- {heading}: {NONE}"), text);
    } else {
        paragraph(out, &format!("- {heading}:"), Style { keep_next: true, ..text });
        list(out, items, "+", text);
    }
}

/// "- item" paragraphs, or "Không có." when there are none.
fn list<'a>(out: &mut String, items: impl IntoIterator<Item = Cow<'a, str>>, bullet: &str, text: Style) {
    let mut any = false;
    for item in items {
        any = true;
        paragraph(out, &format!("{bullet} {item}"), text);
    }
    if !any {
        paragraph(out, NONE, text);
    }
}

/// "name: detail", or the name alone when there is no detail.
fn labelled<'a>(name: &'a str, detail: &str) -> Cow<'a, str> {
    if detail.trim().is_empty() { Cow::Borrowed(name) } else { Cow::Owned(format!("{name}: {detail}")) }
}

/// "name (có thể là: candidates)", or the name alone when there are no candidates.
fn maybe<'a>(name: &'a str, candidates: &str) -> Cow<'a, str> {
    if candidates.trim().is_empty() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(format!("{name} (có thể là: {candidates})"))
    }
}

/// Writes the review report as XLSX with three sheets: "Toàn quốc" (the title, the
/// opening, then the three country-wide lists, a "Danh sách" column naming which),
/// "Theo đơn vị" (one row per organisation, list, name and detail) and "Vị trí và
/// người" (the positions and people of each organisation). Heading rows are frozen
/// and filterable.
pub fn review_xlsx(report: &ReviewReport) -> Result<Vec<u8>, ReportError> {
    let formats = Formats::new(TABLE_FONT_SIZE);
    let mut workbook = Workbook::new();

    let sheet = workbook.add_worksheet();
    sheet.set_name(REVIEW_SHEETS[0])?;
    for (col, width) in (0u16..).zip([26.0, 6.0, 36.0, 40.0, 10.0, 50.0]) {
        sheet.set_column_width(col, width)?;
    }
    write(sheet, 0, 0, &document_title(&report.title, REVIEW_TITLE), &formats.title)?;
    write(sheet, 1, 0, &report.subject, &formats.subject)?;
    let mut row = 2u32;
    for p in &report.opening {
        write(sheet, row, 0, p, &formats.plain)?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    for (col, name) in (0u16..).zip(["Danh sách", "STT", "Tên", "Chi tiết", "Số đơn vị", "Đơn vị"])
    {
        write(sheet, row, col, name, &formats.header)?;
    }
    let country = &report.country;
    for (list, lines) in COUNTRY_LISTS.iter().zip([&country.lacking, &country.misfits, &country.proposed]) {
        for (i, line) in (1u32..).zip(lines) {
            row += 1;
            write(sheet, row, 0, list.sheet, &formats.cell)?;
            sheet.write_number_with_format(row, 1, i, &formats.number)?;
            write(sheet, row, 2, &line.name, &formats.bold_cell)?;
            write(sheet, row, 3, &line.detail, &formats.cell)?;
            sheet.write_number_with_format(row, 4, line.count as f64, &formats.number)?;
            write(sheet, row, 5, &line.organisations.join(", "), &formats.cell)?;
        }
    }
    finish_table(sheet, header_row, row, 5)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(REVIEW_SHEETS[1])?;
    for (col, width) in (0u16..).zip([30.0, 16.0, 40.0, 50.0]) {
        sheet.set_column_width(col, width)?;
    }
    for (col, name) in (0u16..).zip(["Đơn vị", "Danh sách", "Tên", "Chi tiết"]) {
        write(sheet, 0, col, name, &formats.header)?;
    }
    let [lacking, misfits, uncertain] = ORGANISATION_LISTS.map(|(_, name)| name);
    let mut row = 0u32;
    for org in &report.organisations {
        let lines = org
            .lacking
            .iter()
            .map(|name| (lacking, name.as_str(), ""))
            .chain(org.misfits.iter().map(|(name, reason)| (misfits, name.as_str(), reason.as_str())))
            .chain(
                org.uncertain
                    .iter()
                    .map(|(name, candidates)| (uncertain, name.as_str(), candidates.as_str())),
            );
        for (list, name, detail) in lines {
            row += 1;
            write(sheet, row, 0, &org.name, &formats.cell)?;
            write(sheet, row, 1, list, &formats.cell)?;
            write(sheet, row, 2, name, &formats.cell)?;
            write(sheet, row, 3, detail, &formats.cell)?;
        }
    }
    finish_table(sheet, 0, row, 3)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name(REVIEW_SHEETS[2])?;
    for (col, width) in (0u16..).zip([30.0, 32.0, 40.0, 10.0, 50.0]) {
        sheet.set_column_width(col, width)?;
    }
    for (col, name) in (0u16..).zip(["Đơn vị", "Nội dung", "Tên", "Số lượng", "Chi tiết"]) {
        write(sheet, 0, col, name, &formats.header)?;
    }
    let mut row = 0u32;
    for org in &report.organisations {
        let Some(h) = &org.headcount else { continue };
        let mut line =
            |what: &str, name: &str, count: Option<usize>, detail: &str| -> Result<(), ReportError> {
                row += 1;
                write(sheet, row, 0, &org.name, &formats.cell)?;
                write(sheet, row, 1, what, &formats.cell)?;
                write(sheet, row, 2, name, &formats.cell)?;
                match count {
                    Some(n) => sheet.write_number_with_format(row, 3, n as f64, &formats.number)?,
                    None => sheet.write_blank(row, 3, &formats.cell)?,
                };
                write(sheet, row, 4, detail, &formats.cell)?;
                Ok(())
            };
        line(HEADCOUNT_POSITIONS, "", Some(h.positions), "")?;
        line(HEADCOUNT_PEOPLE, "", Some(h.people), "")?;
        for position in &h.vacant {
            line(HEADCOUNT_VACANT, position, None, "")?;
        }
        for (position, people) in &h.shared {
            line(HEADCOUNT_SHARED, position, Some(*people), "")?;
        }
        for (person, positions) in &h.multi {
            line(HEADCOUNT_MULTI, person, Some(positions.len()), &positions.join("; "))?;
        }
        for warning in &h.warnings {
            line(HEADCOUNT_WARNINGS, warning, None, "")?;
        }
    }
    finish_table(sheet, 0, row, 4)?;

    Ok(workbook.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------
// Shared by the writers
// ---------------------------------------------------------------------------------

/// The caller's title in capitals, or `default` when it is blank.
fn document_title(title: &str, default: &str) -> String {
    let title = title.trim();
    if title.is_empty() { default.to_owned() } else { title.to_uppercase() }
}

/// The body above the issuing body, unless it is blank (then the header has no line
/// for it).
fn non_blank(parent_body: Option<&str>) -> Option<&str> {
    parent_body.filter(|p| !p.trim().is_empty())
}

/// Freezes the heading row and puts a filter on it.
fn finish_table(
    sheet: &mut Worksheet,
    header_row: u32,
    last_row: u32,
    last_col: u16,
) -> Result<(), ReportError> {
    sheet.set_freeze_panes(header_row + 1, 0)?;
    sheet.autofilter(header_row, 0, last_row, last_col)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::ooxml::testing::{assert_well_formed, part};
    use crate::table::xlsx::CELL_LIMIT;
    use crate::table::xlsx::testing::workbook;

    /// The text of `word/document.xml`, checked to be well formed.
    fn document_xml(bytes: &[u8]) -> String {
        let xml = part(bytes, "word/document.xml");
        assert_well_formed(&xml);
        assert_well_formed(&part(bytes, "docProps/core.xml"));
        xml
    }

    /// Checks that the needles appear in `xml` in this order.
    fn assert_in_order(xml: &str, needles: &[&str]) {
        let mut from = 0;
        for needle in needles {
            let found =
                xml[from..].find(needle).unwrap_or_else(|| panic!("{needle} missing or out of order"));
            from += found + needle.len();
        }
    }

    /// A run of table text (13 pt) as `paragraph` writes it.
    fn table_run(text: &str, bold: bool) -> String {
        let b = if bold { "<w:b/>" } else { "" };
        format!(
            "<w:rPr>{b}<w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t>"
        )
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn equivalence() -> EquivalenceTable {
        let row = |reference: &str, central: &[&str], provincial: &[&str], commune: &[&str], notes: &str| {
            EquivalenceRow {
                reference: reference.into(),
                central: strings(central),
                provincial: strings(provincial),
                commune: strings(commune),
                notes: notes.into(),
            }
        };
        EquivalenceTable {
            parent_body: Some("Ban Chấp hành Trung ương".into()),
            issuing_body: "Ban Tổ chức Trung ương".into(),
            number: String::new(),
            place_date: "Hà Nội, ngày 28 tháng 11 năm 2026".into(),
            title: "Bảng chức vụ tương đương".into(),
            subject: "(Kèm theo Đề án danh mục chức danh, chức vụ lãnh đạo của hệ thống chính trị)".into(),
            groups: vec![
                EquivalenceGroup {
                    name: "Nhóm I".into(),
                    rows: vec![row(
                        "Bí thư Tỉnh ủy",
                        &["Trưởng ban của Đảng ở Trung ương"],
                        &["Bí thư Thành ủy thành phố trực thuộc Trung ương"],
                        &[],
                        "Là Ủy viên Ban Chấp hành Trung ương",
                    )],
                },
                EquivalenceGroup {
                    name: "Nhóm II".into(),
                    rows: vec![
                        row(
                            "Phó Trưởng ban Tổ chức Tỉnh ủy",
                            &["Vụ trưởng thuộc Ban Tổ chức Trung ương"],
                            &["Giám đốc Sở Nội vụ", "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"],
                            &[],
                            "",
                        ),
                        row(
                            "Chủ tịch Ủy ban nhân dân xã",
                            &[],
                            &[],
                            &["Chủ tịch Hội đồng nhân dân xã", "Phó Bí thư Đảng ủy xã"],
                            "Áp dụng cả phường, đặc khu <trừ trường hợp đặc biệt> & khác",
                        ),
                    ],
                },
            ],
            problems: vec![
                "Chức vụ \"Trưởng phòng Nội vụ\" chưa được xếp vào nhóm nào.".into(),
                "Nhóm III không có chức vụ nào.".into(),
            ],
        }
    }

    #[test]
    fn the_equivalence_table_is_landscape_by_group_and_level() {
        let xml = document_xml(&equivalence_docx(&equivalence()).expect("written"));
        assert!(xml.contains("w:orient=\"landscape\""), "A4 landscape");
        assert!(xml.contains("BAN CHẤP HÀNH TRUNG ƯƠNG") && xml.contains("BAN TỔ CHỨC TRUNG ƯƠNG"));
        assert!(xml.contains("Độc lập - Tự do - Hạnh phúc"));
        assert!(xml.contains("<w:tblHeader/>"), "the heading row repeats on every page");
        // The group row spans the six columns, in bold.
        assert!(xml.contains("<w:gridSpan w:val=\"6\"/>"));
        assert_in_order(
            &xml,
            &[
                "BẢNG CHỨC VỤ TƯƠNG ĐƯƠNG",
                "<w:i/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">(Kèm theo Đề án",
                ">STT<",
                ">Chức vụ chuẩn<",
                ">Trung ương<",
                ">Cấp tỉnh<",
                ">Cấp xã<",
                ">Ghi chú<",
                "<w:gridSpan w:val=\"6\"/>",
                &table_run("Nhóm I", true),
                &table_run("1", false),
                &table_run("Bí thư Tỉnh ủy", true),
                ">Trưởng ban của Đảng ở Trung ương<",
                ">Bí thư Thành ủy thành phố trực thuộc Trung ương<",
                ">Là Ủy viên Ban Chấp hành Trung ương<",
                &table_run("Nhóm II", true),
                &table_run("2", false),
                &table_run("Phó Trưởng ban Tổ chức Tỉnh ủy", true),
                ">Vụ trưởng thuộc Ban Tổ chức Trung ương<",
                ">Giám đốc Sở Nội vụ<",
                ">Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy<",
                &table_run("3", false),
                &table_run("Chủ tịch Ủy ban nhân dân xã", true),
                ">Chủ tịch Hội đồng nhân dân xã<",
                ">Phó Bí thư Đảng ủy xã<",
                "Áp dụng cả phường, đặc khu &lt;trừ trường hợp đặc biệt&gt; &amp; khác",
                "</w:tbl>",
                "Những điểm cần xem lại",
                ">- Chức vụ &quot;Trưởng phòng Nội vụ&quot; chưa được xếp vào nhóm nào.<",
                ">- Nhóm III không có chức vụ nào.<",
            ],
        );
        // Several equivalent titles in a cell are one paragraph each.
        assert!(xml.contains("Giám đốc Sở Nội vụ</w:t></w:r></w:p><w:p>"));
        let clean = EquivalenceTable { problems: Vec::new(), ..equivalence() };
        let xml = document_xml(&equivalence_docx(&clean).expect("written"));
        assert!(!xml.contains("Những điểm cần xem lại"), "no section when every check passed");
    }

    #[test]
    fn the_equivalence_workbook_has_one_sheet_with_the_same_table() {
        let bytes = equivalence_xlsx(&equivalence()).expect("written");
        let (names, sheets) = workbook(&bytes);
        assert_eq!(names, ["Chức vụ tương đương"]);
        let rows = &sheets[0];
        assert_eq!(rows[0][0], "BẢNG CHỨC VỤ TƯƠNG ĐƯƠNG");
        let heading =
            rows.iter().position(|r| r.first().map(String::as_str) == Some("STT")).expect("heading row");
        assert_eq!(rows[heading], EQUIVALENCE_COLUMNS.map(str::to_owned));
        assert_eq!(rows[heading + 1], ["Nhóm I", "", "", "", "", ""]);
        assert_eq!(
            rows[heading + 2],
            [
                "1",
                "Bí thư Tỉnh ủy",
                "Trưởng ban của Đảng ở Trung ương",
                "Bí thư Thành ủy thành phố trực thuộc Trung ương",
                "",
                "Là Ủy viên Ban Chấp hành Trung ương"
            ]
        );
        assert_eq!(rows[heading + 3][0], "Nhóm II");
        assert_eq!(
            rows[heading + 4][2..4],
            [
                "Vụ trưởng thuộc Ban Tổ chức Trung ương",
                "Giám đốc Sở Nội vụ\nPhó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"
            ]
        );
        assert_eq!(rows[heading + 5][..2], ["3", "Chủ tịch Ủy ban nhân dân xã"]);
        let problems = rows.iter().position(|r| r[0] == "Những điểm cần xem lại").expect("the checks");
        assert!(problems > heading + 5);
        assert_eq!(rows[problems + 2][0], "- Nhóm III không có chức vụ nào.");
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        let header_row = heading + 1; // 1-based in Excel
        assert!(
            sheet.contains(&format!("<mergeCell ref=\"A{0}:F{0}\"/>", header_row + 1)),
            "group row merged"
        );
        assert!(sheet.contains(&format!("ySplit=\"{header_row}\"")) && sheet.contains("state=\"frozen\""));
        assert!(sheet.contains("<cols>") && sheet.contains("customWidth=\"1\""), "column widths set");
    }

    fn review() -> ReviewReport {
        let line = |name: &str, detail: &str, organisations: &[&str]| CountLine {
            name: name.into(),
            detail: detail.into(),
            count: organisations.len(),
            organisations: strings(organisations),
        };
        let pair = |a: &str, b: &str| (a.to_owned(), b.to_owned());
        ReviewReport {
            parent_body: None,
            issuing_body: "Ban Tổ chức Trung ương".into(),
            number: "Số: 15/BC-BTCTW".into(),
            place_date: "Hà Nội, ngày 05 tháng 12 năm 2026".into(),
            title: "Báo cáo tổng hợp kết quả rà soát danh mục vị trí việc làm".into(),
            subject: "trong cơ quan của Đảng, Mặt trận Tổ quốc và các đoàn thể".into(),
            opening: vec![
                "Đã nhận danh sách của 2/34 đơn vị, gồm 9 vị trí việc làm.".into(),
                "Có 3 vị trí chưa phù hợp với danh mục.".into(),
            ],
            country: CountrySection {
                lacking: vec![line(
                    "Phó Trưởng ban Tổ chức Tỉnh ủy",
                    "Nhóm II",
                    &["Tỉnh ủy Lào Cai", "Thành ủy Đà Nẵng"],
                )],
                misfits: vec![line("Trưởng phòng Nội vụ huyện", "Không còn cấp huyện", &["Tỉnh ủy Lào Cai"])],
                proposed: Vec::new(),
            },
            organisations: vec![
                OrganisationSection {
                    name: "Tỉnh ủy Lào Cai".into(),
                    lacking: vec!["Phó Trưởng ban Tổ chức Tỉnh ủy".into()],
                    misfits: vec![pair("Trưởng phòng Nội vụ huyện", "Không còn cấp huyện")],
                    uncertain: vec![pair(
                        "Chuyên viên tổ chức",
                        "Chuyên viên về tổ chức đảng; Chuyên viên về cán bộ",
                    )],
                    headcount: Some(HeadcountSection {
                        positions: 1_234,
                        people: 56,
                        vacant: vec!["Chuyên viên về đảng viên".into()],
                        shared: vec![("Chuyên viên về tổ chức đảng".into(), 3)],
                        multi: vec![(
                            "Nguyễn Thị Hằng".into(),
                            strings(&["Chánh Văn phòng", "Chuyên viên về cán bộ"]),
                        )],
                        warnings: vec!["Số người lớn hơn số biên chế được giao.".into()],
                    }),
                },
                OrganisationSection {
                    name: "Thành ủy Đà Nẵng".into(),
                    lacking: vec!["Phó Trưởng ban Tổ chức Tỉnh ủy".into()],
                    misfits: Vec::new(),
                    uncertain: Vec::new(),
                    headcount: None,
                },
            ],
            signer_title: "KT. Trưởng ban\nPhó Trưởng ban".into(),
            signer_name: "Lê Văn Thành".into(),
            recipients: vec!["Bộ Chính trị (để báo cáo),".into(), "Lưu: VT.".into()],
        }
    }

    #[test]
    fn the_review_has_the_country_then_each_organisation() {
        let xml = document_xml(&review_docx(&review()).expect("written"));
        assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 portrait");
        assert_in_order(
            &xml,
            &[
                "BAN TỔ CHỨC TRUNG ƯƠNG",
                "Số: 15/BC-BTCTW",
                "Hà Nội, ngày 05 tháng 12 năm 2026",
                "BÁO CÁO TỔNG HỢP KẾT QUẢ RÀ SOÁT DANH MỤC VỊ TRÍ VIỆC LÀM",
                "trong cơ quan của Đảng, Mặt trận Tổ quốc và các đoàn thể",
                "Đã nhận danh sách của 2/34 đơn vị, gồm 9 vị trí việc làm.",
                "I. KẾT QUẢ RÀ SOÁT CHUNG TOÀN QUỐC",
                "1. Có trong danh mục nhưng còn thiếu ở các đơn vị",
                "<w:tblHeader/>",
                ">Tên trong danh mục<",
                ">Số đơn vị<",
                &table_run("Phó Trưởng ban Tổ chức Tỉnh ủy", true),
                ">Nhóm II<",
                &table_run("2", false),
                ">Tỉnh ủy Lào Cai, Thành ủy Đà Nẵng<",
                "2. Tên do các đơn vị gửi chưa phù hợp với danh mục",
                ">Lý do<",
                &table_run("Trưởng phòng Nội vụ huyện", true),
                ">Không còn cấp huyện<",
                "3. Đề nghị bổ sung vào danh mục (các đơn vị có, danh mục chưa có)",
                ">Không có.<",
                "II. KẾT QUẢ RÀ SOÁT TỪNG ĐƠN VỊ",
                ">1. Tỉnh ủy Lào Cai<",
                "a) Có trong danh mục nhưng danh sách của đơn vị chưa có:",
                ">- Phó Trưởng ban Tổ chức Tỉnh ủy<",
                "b) Tên trong danh sách của đơn vị chưa phù hợp với danh mục:",
                ">- Trưởng phòng Nội vụ huyện: Không còn cấp huyện<",
                "c) Tên chưa xác định được tương ứng với danh mục:",
                ">- Chuyên viên tổ chức (có thể là: Chuyên viên về tổ chức đảng; Chuyên viên về cán bộ)<",
                "d) Vị trí việc làm và người đảm nhiệm:",
                ">- Số vị trí việc làm: 1.234; số người: 56.<",
                ">- Vị trí chưa có người đảm nhiệm:<",
                ">+ Chuyên viên về đảng viên<",
                ">- Vị trí do nhiều người cùng đảm nhiệm:<",
                ">+ Chuyên viên về tổ chức đảng: 3 người<",
                ">- Người đảm nhiệm nhiều vị trí:<",
                ">+ Nguyễn Thị Hằng: Chánh Văn phòng; Chuyên viên về cán bộ<",
                ">- Lưu ý:<",
                ">+ Số người lớn hơn số biên chế được giao.<",
                ">2. Thành ủy Đà Nẵng<",
                "a) Có trong danh mục nhưng danh sách của đơn vị chưa có:",
                ">- Phó Trưởng ban Tổ chức Tỉnh ủy<",
                "b) Tên trong danh sách của đơn vị chưa phù hợp với danh mục:",
                ">Không có.<",
                "c) Tên chưa xác định được tương ứng với danh mục:",
                ">Không có.<",
                "Nơi nhận:",
                ">- Bộ Chính trị (để báo cáo),<",
                ">KT. TRƯỞNG BAN<",
                ">PHÓ TRƯỞNG BAN<",
                ">Lê Văn Thành<",
            ],
        );
        let da_nang = &xml[xml.find(">2. Thành ủy Đà Nẵng<").expect("the second organisation")..];
        assert!(!da_nang.contains("d) Vị trí việc làm"), "no headcount section when none was sent");
    }

    #[test]
    fn the_review_workbook_has_the_three_sheets() {
        let bytes = review_xlsx(&review()).expect("written");
        let (names, sheets) = workbook(&bytes);
        assert_eq!(names, ["Toàn quốc", "Theo đơn vị", "Vị trí và người"]);
        assert!(
            names
                .iter()
                .all(|n| n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']))
        );

        let country = &sheets[0];
        assert_eq!(country[0][0], "BÁO CÁO TỔNG HỢP KẾT QUẢ RÀ SOÁT DANH MỤC VỊ TRÍ VIỆC LÀM");
        let heading = country
            .iter()
            .position(|r| r.first().map(String::as_str) == Some("Danh sách"))
            .expect("heading row");
        assert_eq!(country[heading], ["Danh sách", "STT", "Tên", "Chi tiết", "Số đơn vị", "Đơn vị"]);
        assert_eq!(
            country[heading + 1],
            [
                "Còn thiếu ở đơn vị",
                "1",
                "Phó Trưởng ban Tổ chức Tỉnh ủy",
                "Nhóm II",
                "2",
                "Tỉnh ủy Lào Cai, Thành ủy Đà Nẵng"
            ]
        );
        assert_eq!(
            country[heading + 2][..4],
            ["Chưa phù hợp với danh mục", "1", "Trưởng phòng Nội vụ huyện", "Không còn cấp huyện"]
        );
        assert_eq!(country.len(), heading + 3, "no line for the empty list");

        assert_eq!(
            sheets[1],
            [
                ["Đơn vị", "Danh sách", "Tên", "Chi tiết"],
                ["Tỉnh ủy Lào Cai", "Còn thiếu", "Phó Trưởng ban Tổ chức Tỉnh ủy", ""],
                ["Tỉnh ủy Lào Cai", "Chưa phù hợp", "Trưởng phòng Nội vụ huyện", "Không còn cấp huyện"],
                [
                    "Tỉnh ủy Lào Cai",
                    "Chưa xác định",
                    "Chuyên viên tổ chức",
                    "Chuyên viên về tổ chức đảng; Chuyên viên về cán bộ"
                ],
                ["Thành ủy Đà Nẵng", "Còn thiếu", "Phó Trưởng ban Tổ chức Tỉnh ủy", ""],
            ]
        );

        let org = "Tỉnh ủy Lào Cai";
        assert_eq!(
            sheets[2],
            [
                ["Đơn vị", "Nội dung", "Tên", "Số lượng", "Chi tiết"],
                [org, "Số vị trí việc làm", "", "1234", ""],
                [org, "Số người", "", "56", ""],
                [org, "Vị trí chưa có người đảm nhiệm", "Chuyên viên về đảng viên", "", ""],
                [org, "Vị trí do nhiều người cùng đảm nhiệm", "Chuyên viên về tổ chức đảng", "3", ""],
                [
                    org,
                    "Người đảm nhiệm nhiều vị trí",
                    "Nguyễn Thị Hằng",
                    "2",
                    "Chánh Văn phòng; Chuyên viên về cán bộ"
                ],
                [org, "Lưu ý", "Số người lớn hơn số biên chế được giao.", "", ""],
            ]
        );
        for sheet in 1..=3 {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(xml.contains("state=\"frozen\"") && xml.contains("<autoFilter"), "sheet {sheet}");
        }
    }

    #[test]
    fn empty_documents_are_still_valid_files() {
        let xml = document_xml(&equivalence_docx(&EquivalenceTable::default()).expect("written"));
        assert!(xml.contains("BẢNG CHỨC VỤ TƯƠNG ĐƯƠNG") && xml.contains(">Chức vụ chuẩn<"));
        let xml = document_xml(&review_docx(&ReviewReport::default()).expect("written"));
        assert_in_order(
            &xml,
            &[
                "BÁO CÁO TỔNG HỢP KẾT QUẢ RÀ SOÁT DANH MỤC",
                "I. KẾT QUẢ RÀ SOÁT CHUNG TOÀN QUỐC",
                ">Không có.<",
                ">Không có.<",
                ">Không có.<",
                "II. KẾT QUẢ RÀ SOÁT TỪNG ĐƠN VỊ",
                ">Không có.<",
                "Nơi nhận:",
            ],
        );
        let empty_organisation =
            ReviewReport { organisations: vec![OrganisationSection::default()], ..ReviewReport::default() };
        let xml = document_xml(&review_docx(&empty_organisation).expect("written"));
        assert_eq!(xml.matches(">Không có.<").count(), 3 + 3, "three country lists, three own lists");

        let (names, sheets) = workbook(&equivalence_xlsx(&EquivalenceTable::default()).expect("written"));
        assert_eq!(names, ["Chức vụ tương đương"]);
        assert!(sheets[0].iter().any(|r| r[0] == "STT"));
        let (names, sheets) = workbook(&review_xlsx(&ReviewReport::default()).expect("written"));
        assert_eq!(names, REVIEW_SHEETS);
        assert_eq!(sheets[1], [["Đơn vị", "Danh sách", "Tên", "Chi tiết"]]);
        assert_eq!(sheets[2].len(), 1, "only the heading row");
    }

    #[test]
    fn hostile_text_never_breaks_a_document() {
        let long = "Phó Trưởng ban 😀 ".repeat(3_000); // 51 000 UTF-16 units
        let nasty = "a\u{1}b\u{b}c\u{fffe}d\u{ffff}e\tf <w:p>&amp; _x0041_ \r\n]]>";
        let mut table = equivalence();
        table.groups[0].name = nasty.into();
        table.groups[0].rows[0].notes = long.clone();
        table.groups[1].rows[0].central = vec![nasty.into(), String::new(), long.clone()];
        table.problems.push(nasty.into());
        table.title = nasty.into();
        let mut report = review();
        report.title = long.clone();
        report.country.lacking[0].organisations = vec![long.clone(); 3];
        report.organisations[0].name = nasty.into();
        report.organisations[0].misfits.push((nasty.into(), long.clone()));
        report.organisations[0].uncertain.push((String::new(), String::new()));
        report.signer_name = nasty.into();
        report.recipients.push(nasty.into());

        for xml in [
            document_xml(&equivalence_docx(&table).expect("written")),
            document_xml(&review_docx(&report).expect("written")),
        ] {
            assert!(xml.contains("&lt;w:p&gt;&amp;amp; _x0041_ ") && !xml.contains("<w:p>&amp;"));
            assert!(xml.contains("abcde f"), "controls and non-characters dropped, the tab a space");
        }
        for bytes in [equivalence_xlsx(&table).expect("written"), review_xlsx(&report).expect("written")] {
            let (_, sheets) = workbook(&bytes);
            let cells = || sheets.iter().flatten().flatten();
            assert!(cells().all(|c| c.encode_utf16().count() <= CELL_LIMIT), "cells within Excel's limit");
            assert!(
                cells().any(|c| c.ends_with('…') && c.encode_utf16().count() == CELL_LIMIT),
                "cut, not refused"
            );
            assert!(cells().any(|c| c.contains("_x0041_")), "literal escapes kept as text");
        }
    }

    #[test]
    fn cell_text_keeps_ordinary_text_and_cuts_at_excels_limit() {
        assert!(matches!(cell_text("Bí thư Tỉnh ủy"), Cow::Borrowed("Bí thư Tỉnh ủy")));
        assert_eq!(cell_text("a\u{fffe}b\u{ffff}"), "ab");
        let exact = "ư".repeat(CELL_LIMIT);
        assert!(matches!(cell_text(&exact), Cow::Borrowed(_)), "at the limit, kept whole");
        let cut = cell_text(&"😀".repeat(CELL_LIMIT)).into_owned();
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT, "a pair is never split");
        assert!(cut.ends_with("😀…"));
    }

    #[test]
    fn a_large_review_is_written_whole() {
        let names: Vec<String> = (1..=400).map(|i| format!("Chuyên viên về công tác số {i}")).collect();
        let organisation = |i: usize| OrganisationSection {
            name: format!("Tỉnh ủy số {i}"),
            lacking: names.clone(),
            misfits: names.iter().map(|n| (n.clone(), "Không có trong danh mục".to_owned())).collect(),
            uncertain: names.iter().map(|n| (n.clone(), "Chuyên viên".to_owned())).collect(),
            headcount: Some(HeadcountSection {
                positions: 400,
                people: 380,
                vacant: names.clone(),
                ..HeadcountSection::default()
            }),
        };
        let report = ReviewReport { organisations: (1..=34).map(organisation).collect(), ..review() };
        let xml = document_xml(&review_docx(&report).expect("written"));
        assert!(xml.contains(">34. Tỉnh ủy số 34<") && xml.contains(">+ Chuyên viên về công tác số 400<"));
        let (_, sheets) = workbook(&review_xlsx(&report).expect("written"));
        assert_eq!(sheets[1].len(), 1 + 34 * 3 * 400);
        assert_eq!(sheets[2].len(), 1 + 34 * (2 + 400));
    }

    #[test]
    fn fixed_labels_are_precomposed() {
        // Vietnamese in NFC has no combining marks: every letter with a diacritic is
        // one precomposed character. The labels are all in this file, and the documents
        // written from precomposed data must stay so.
        let decomposed = |text: &str| text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
        assert!(!decomposed(include_str!("catalog.rs")), "a decomposed diacritic in the source");
        let report = review_docx(&review()).expect("written");
        let table = equivalence_docx(&equivalence()).expect("written");
        assert!(!decomposed(&document_xml(&report)) && !decomposed(&document_xml(&table)));
        let book = review_xlsx(&review()).expect("written");
        assert!(
            !decomposed(&part(&book, "xl/sharedStrings.xml")) && !decomposed(&part(&book, "xl/workbook.xml"))
        );
    }
}
