//! Official documents out of the data: the synthesis report ("Bản tổng hợp, tiếp thu,
//! giải trình ý kiến góp ý") as DOCX (the editable original), XLSX and CSV; the
//! comparison table, a draft version, the submission and the conference minutes (biên
//! bản hội nghị) as DOCX.
//!
//! The layout follows Nghị định 30/2020/NĐ-CP for administrative documents: A4
//! landscape (the table is wide), Times New Roman, 14 pt text and 13 pt in the table,
//! the header block with the issuing body on the left and the national motto on the
//! right, the title, the opening with the totals, the table, the signature block and
//! the recipients.
//!
//! This crate is pure: data in, bytes out; no I/O, no clock.

mod catalog;
mod docx;
mod table;

pub use catalog::{
    CountLine, CountrySection, EquivalenceGroup, EquivalenceRow, EquivalenceTable, HeadcountSection,
    OrganisationSection, ReviewReport, equivalence_docx, equivalence_xlsx, review_docx, review_xlsx,
};
pub use docx::{comparison_docx, draft_docx, minutes_docx, submission_docx, synthesis_docx};
pub use table::{csv_text, synthesis_csv, synthesis_xlsx};

/// Everything the synthesis report shows, already worded.
#[derive(Debug, Clone, Default)]
pub struct SynthesisReport {
    /// The body above the issuing body, if any ("BAN CHẤP HÀNH TRUNG ƯƠNG").
    pub parent_body: Option<String>,
    /// The issuing body ("BAN TỔ CHỨC TRUNG ƯƠNG").
    pub issuing_body: String,
    /// "Số: …/BC-…" (left blank to be filled at signing).
    pub number: String,
    /// "Hà Nội, ngày 28 tháng 11 năm 2026".
    pub place_date: String,
    /// The subject line under the title ("Dự thảo Quy định về …").
    pub subject: String,
    /// Opening paragraphs, with the totals.
    pub opening: Vec<String>,
    /// The table rows, in report order.
    pub rows: Vec<Row>,
    /// "KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN".
    pub signer_title: String,
    pub signer_name: String,
    /// "Nơi nhận:" lines.
    pub recipients: Vec<String>,
}

/// One row of the table: a comment, or a group of near-identical comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// "Nhóm vấn đề, điều, khoản": the provision path or the theme.
    pub issue: String,
    /// "Chủ thể góp ý": who commented ("Tỉnh ủy A, Tỉnh ủy B và 1.234 ý kiến của cá nhân").
    pub commenters: String,
    /// "Nội dung góp ý".
    pub content: String,
    /// "Nội dung tiếp thu, giải trình": the kind of answer and its text.
    pub response: String,
}

/// The comparison table of two versions of a draft (bảng so sánh).
#[derive(Debug, Clone, Default)]
pub struct ComparisonReport {
    pub issuing_body: String,
    pub place_date: String,
    /// The draft's title.
    pub subject: String,
    /// "Dự thảo lần 1", "Dự thảo lần 2".
    pub old_heading: String,
    pub new_heading: String,
    pub rows: Vec<ComparisonRow>,
}

/// One row: a provision in the old version, in the new one, and why it changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComparisonRow {
    /// "Điều 5, khoản 2" (empty where the provision does not exist on that side).
    pub old_path: String,
    pub old: Vec<Span>,
    pub new_path: String,
    pub new: Vec<Span>,
    /// What changed and the answers that caused it.
    pub explanation: String,
}

/// A run of text in a comparison, marked as removed, added or unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    Removed,
    Added,
}

/// A version of a draft as an editable document (A4 portrait).
#[derive(Debug, Clone, Default)]
pub struct DraftDocument {
    pub issuing_body: String,
    pub place_date: String,
    /// "DỰ THẢO LẦN 2", shown in a box at the top.
    pub status_line: String,
    /// The document type and name, lines separated by `\n`.
    pub title: String,
    pub preamble: String,
    /// In reading order.
    pub provisions: Vec<DraftProvision>,
}

/// One provision of a [`DraftDocument`].
#[derive(Debug, Clone, Default)]
pub struct DraftProvision {
    /// `part`, `chapter`, `section`, `subsection`, `article`, `clause`, `point`,
    /// `appendix`, `roman_section`.
    pub kind: String,
    pub label: String,
    pub number: String,
    pub heading: Option<String>,
    pub text: String,
}

/// The submission (tờ trình) that goes with the package (A4 portrait).
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub issuing_body: String,
    pub number: String,
    pub place_date: String,
    /// "Kính gửi: Bộ Chính trị".
    pub recipient: String,
    /// The title under "TỜ TRÌNH".
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// The documents sent with it.
    pub attachments: Vec<String>,
    pub signer_title: String,
    pub signer_name: String,
}

/// The minutes of an online conference (biên bản hội nghị), ready to lay out (A4
/// portrait). Every string is already formatted in Vietnamese by the caller and is
/// written exactly as given (no case change except the issuer, no normalisation).
#[derive(Debug, Clone, Default)]
pub struct Minutes {
    /// The drafting body ("Ban Tổ chức Trung ương"), printed in capitals in the header.
    pub issuer: String,
    /// The conference title ("Hội nghị trực tuyến góp ý dự thảo …"), under "BIÊN BẢN".
    pub title: String,
    /// The dossier the conference is on.
    pub dossier_title: String,
    /// "08 giờ 00 phút, ngày 09 tháng 12 năm 2026".
    pub starts_at: String,
    /// "11 giờ 30 phút, ngày 09 tháng 12 năm 2026"; `None` while the conference is open.
    pub ends_at: Option<String>,
    /// The central point and its address.
    pub place: String,
    /// "Hà Nội, ngày 09 tháng 12 năm 2026" (top right, italic).
    pub place_date: String,
    /// One chair per entry: "Đồng chí Nguyễn Văn A, Trưởng Ban Tổ chức Trung ương".
    /// The first one signs the minutes.
    pub chairs: Vec<String>,
    /// The titles of the drafts, in agenda order.
    pub agenda: Vec<String>,
    /// The connection points (điểm cầu), the central one first.
    pub points: Vec<MinutesPoint>,
    /// The opinions voiced, in the order spoken.
    pub opinions: Vec<MinutesOpinion>,
    /// The chair's conclusions as typed; paragraphs separated by line breaks.
    pub conclusions: String,
    /// The conference secretary who signs the minutes (may be empty).
    pub secretary: String,
}

/// A connection point (điểm cầu) and its attendance, one row of the minutes' table.
#[derive(Debug, Clone, Default)]
pub struct MinutesPoint {
    /// "Điểm cầu Trung ương", "Điểm cầu tỉnh Lào Cai".
    pub name: String,
    /// The central point, where the chairs sit.
    pub central: bool,
    /// Delegates summoned (số đại biểu triệu tập).
    pub expected: usize,
    /// Delegates checked in (số đại biểu có mặt).
    pub present: usize,
}

/// An opinion voiced at the conference (ý kiến phát biểu).
#[derive(Debug, Clone, Default)]
pub struct MinutesOpinion {
    /// 1, 2, 3 … in the order spoken.
    pub number: usize,
    /// "08:35".
    pub at: String,
    /// The connection point it was voiced from.
    pub point: String,
    /// "Đồng chí Trần Thị B, Giám đốc Sở Nội vụ".
    pub speaker: String,
    /// The title of the draft it is on.
    pub draft: String,
    /// "Điều 5 khoản 2", or `None` for the draft as a whole.
    pub provision: Option<String>,
    /// The opinion as recorded: any characters; line breaks start new paragraphs.
    pub text: String,
}

/// The title of the comparison table.
pub const COMPARISON_TITLE: &str = "BẢNG SO SÁNH DỰ THẢO";

/// The title of the report.
pub const TITLE: &str = "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý";

/// The column headings of the table.
pub const COLUMNS: [&str; 5] =
    ["STT", "Nhóm vấn đề, điều, khoản", "Chủ thể góp ý", "Nội dung góp ý", "Nội dung tiếp thu, giải trình"];

/// A count with the Vietnamese thousands separator: 1.234.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// Why a report could not be written (only the spreadsheet writer can refuse).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("DOCX: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
}
