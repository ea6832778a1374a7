//! The minutes of an online conference (biên bản hội nghị) as a Word document, A4
//! portrait, in the layout of the other official documents: the header block, the
//! title, the four sections (time and place, who took part, what was said, the chair's
//! conclusions) and the two signatures.
//!
//! Every string is the caller's, written as given: this module words the headings and
//! counts the delegates, and never rewrites what was said.

use super::ooxml::{
    BODY, HEADER_LEFT, PORTRAIT_TEXT_WIDTH, SMALL, Style, TABLE, cell, header_block, heading_row, package,
    paragraph, paragraph_properties, run, table_start, title_block,
};
use crate::{Minutes, MinutesOpinion, MinutesPoint, ReportError, grouped};

/// The word above the conference title.
const TITLE: &str = "BIÊN BẢN";

/// Widths of the attendance table: the point, delegates summoned, delegates present.
const ATTENDANCE_WIDTHS: [u32; 3] = [PORTRAIT_TEXT_WIDTH - 2 * 2_200, 2_200, 2_200];

/// Writes the minutes of a conference as DOCX (A4 portrait).
pub fn minutes_docx(m: &Minutes) -> Result<Vec<u8>, ReportError> {
    let mut body = String::with_capacity(8192 + m.opinions.len() * 1024);
    header_block(&mut body, PORTRAIT_TEXT_WIDTH, HEADER_LEFT, None, &m.issuer, "", &m.place_date);
    title_block(&mut body, TITLE, &m.title);
    paragraph(&mut body, "", Style::default());

    let text = Style { justify: true, indent: true, after: 60, ..Style::default() };
    let heading = Style { bold: true, before: 120, ..text };

    paragraph(&mut body, "I. THỜI GIAN, ĐỊA ĐIỂM", heading);
    paragraph(&mut body, &format!("1. Thời gian bắt đầu: {}", sentence(&m.starts_at)), text);
    paragraph(&mut body, &format!("2. Địa điểm: {}", sentence(&m.place)), text);
    paragraph(&mut body, &format!("3. Hình thức: {}", form(&m.points)), text);

    paragraph(&mut body, "II. THÀNH PHẦN", heading);
    if m.chairs.is_empty() {
        paragraph(&mut body, "1. Chủ trì hội nghị: (chưa ghi).", text);
    } else {
        paragraph(&mut body, "1. Chủ trì hội nghị:", text);
        for chair in &m.chairs {
            paragraph(&mut body, &format!("- {}", sentence(chair)), text);
        }
    }
    paragraph(&mut body, "2. Đại biểu dự hội nghị tại các điểm cầu:", text);
    attendance_table(&mut body, &m.points);

    paragraph(&mut body, "III. NỘI DUNG", heading);
    let on = if m.dossier_title.is_empty() {
        "1. Hội nghị cho ý kiến vào các dự thảo:".to_owned()
    } else {
        format!("1. Hội nghị cho ý kiến vào {}, gồm các dự thảo:", m.dossier_title)
    };
    paragraph(&mut body, &on, text);
    for (i, draft) in m.agenda.iter().enumerate() {
        paragraph(&mut body, &format!("{}) {draft}", i + 1), text);
    }
    paragraph(&mut body, "2. Ý kiến phát biểu", Style { bold: true, ..text });
    if m.opinions.is_empty() {
        paragraph(&mut body, "Không có ý kiến phát biểu.", text);
    }
    for opinion in &m.opinions {
        opinion_paragraphs(&mut body, opinion, text);
    }

    paragraph(&mut body, "IV. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ", heading);
    let conclusions = m.conclusions.trim();
    paragraph(&mut body, if conclusions.is_empty() { "(Chưa có kết luận.)" } else { conclusions }, text);

    if let Some(ends_at) = &m.ends_at {
        paragraph(
            &mut body,
            &format!("Hội nghị kết thúc lúc {}", sentence(ends_at)),
            Style { before: 120, ..text },
        );
    }
    signatures(&mut body, &m.secretary, m.chairs.first().map_or("", |chair| signer_name(chair)));

    package(&body, TITLE, &m.issuer, false)
}

/// "trực tuyến với 3 điểm cầu (điểm cầu Trung ương và 2 điểm cầu địa phương)."
fn form(points: &[MinutesPoint]) -> String {
    let central = points.iter().filter(|p| p.central).count();
    let local = points.len() - central;
    if central == 1 && local > 0 {
        format!(
            "trực tuyến với {} điểm cầu (điểm cầu Trung ương và {} điểm cầu địa phương).",
            grouped(points.len()),
            grouped(local)
        )
    } else {
        format!("trực tuyến với {} điểm cầu.", grouped(points.len()))
    }
}

/// One row per point in the order given, then the totals in bold.
fn attendance_table(out: &mut String, points: &[MinutesPoint]) {
    let widths = ATTENDANCE_WIDTHS;
    let text = Style { size: TABLE, before: 40, after: 40, ..Style::default() };
    let number = Style { center: true, ..text };
    table_start(out, &widths, true);
    heading_row(out, &["Điểm cầu", "Số đại biểu triệu tập", "Số đại biểu có mặt"], &widths);
    let row = |out: &mut String, name: &str, expected: usize, present: usize, bold: bool| {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        cell(out, widths[0], |out| paragraph(out, name, Style { bold, ..text }));
        cell(out, widths[1], |out| paragraph(out, &grouped(expected), Style { bold, ..number }));
        cell(out, widths[2], |out| paragraph(out, &grouped(present), Style { bold, ..number }));
        out.push_str("</w:tr>");
    };
    for point in points {
        row(out, &point.name, point.expected, point.present, false);
    }
    let expected = points.iter().map(|p| p.expected).sum();
    let present = points.iter().map(|p| p.present).sum();
    row(out, "Tổng cộng", expected, present, true);
    out.push_str("</w:tbl>");
}

/// "1. Đồng chí …, Giám đốc Sở Nội vụ (Điểm cầu tỉnh Lào Cai)" in bold, then "lúc 08:35,
/// về …, Điều 5 khoản 2:" in the same paragraph; the opinion below it, a paragraph per
/// line as recorded.
fn opinion_paragraphs(out: &mut String, opinion: &MinutesOpinion, text: Style) {
    let mut who = format!("{}. {}", opinion.number, opinion.speaker);
    if !opinion.point.is_empty() {
        who.push_str(&format!(" ({})", opinion.point));
    }
    let mut when = format!(" lúc {}, về {}", opinion.at, opinion.draft);
    if let Some(provision) = opinion.provision.as_deref().filter(|p| !p.is_empty()) {
        when.push_str(&format!(", {provision}"));
    }
    when.push(':');
    out.push_str("<w:p>");
    paragraph_properties(out, Style { before: 60, ..text });
    run(out, &who, Style { bold: true, ..text });
    run(out, &when, text);
    out.push_str("</w:p>");
    let said = opinion.text.trim();
    if !said.is_empty() {
        paragraph(out, said, text);
    }
}

/// The secretary on the left, the chair on the right, each over a name.
fn signatures(out: &mut String, secretary: &str, chair: &str) {
    paragraph(out, "", Style::default());
    let half = PORTRAIT_TEXT_WIDTH / 2;
    let widths = [half, PORTRAIT_TEXT_WIDTH - half];
    table_start(out, &widths, false);
    out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for ((role, name), width) in
        [("THƯ KÝ HỘI NGHỊ", secretary), ("CHỦ TRÌ HỘI NGHỊ", chair)].into_iter().zip(widths)
    {
        cell(out, width, |out| {
            paragraph(out, role, Style { bold: true, center: true, size: BODY, ..Style::default() });
            paragraph(
                out,
                "(Ký, ghi rõ họ tên)",
                Style { italic: true, center: true, size: SMALL, ..Style::default() },
            );
            for _ in 0..4 {
                paragraph(out, "", Style::default());
            }
            paragraph(out, name, Style { bold: true, center: true, size: BODY, ..Style::default() });
        });
    }
    out.push_str("</w:tr></w:tbl>");
}

/// The name a chair signs with: the part before the first comma, without the form of
/// address ("Đồng chí Nguyễn Văn A, Trưởng Ban" signs as "Nguyễn Văn A").
fn signer_name(chair: &str) -> &str {
    let name = chair.split(',').next().unwrap_or_default().trim();
    ["Đồng chí ", "đồng chí "].iter().find_map(|title| name.strip_prefix(title)).unwrap_or(name).trim()
}

/// The text with a full stop, unless it already ends a sentence; "(chưa ghi)." when
/// there is no text.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return "(chưa ghi).".to_owned();
    }
    if text.ends_with(['.', '!', '?', '…']) { text.to_owned() } else { format!("{text}.") }
}

#[cfg(test)]
mod tests {
    use super::super::ooxml::testing::{assert_well_formed, part};
    use super::*;

    /// The text of `word/document.xml` in a DOCX package.
    fn document_xml(bytes: Vec<u8>) -> String {
        assert!(!part(&bytes, "word/styles.xml").is_empty(), "the styles part is there");
        part(&bytes, "word/document.xml")
    }

    /// Position of `needle` in `xml`, failing the test when it is missing.
    fn at(xml: &str, needle: &str) -> usize {
        xml.find(needle).unwrap_or_else(|| panic!("{needle} missing"))
    }

    fn conference() -> Minutes {
        let point = |name: &str, central, expected, present| MinutesPoint {
            name: name.into(),
            central,
            expected,
            present,
        };
        let opinion = |number, at: &str, point: &str, speaker: &str, provision: Option<&str>, text: &str| {
            MinutesOpinion {
                number,
                at: at.into(),
                point: point.into(),
                speaker: speaker.into(),
                draft: "Dự thảo Quy định về công tác cán bộ".into(),
                provision: provision.map(Into::into),
                text: text.into(),
            }
        };
        Minutes {
            issuer: "Ban Tổ chức Trung ương".into(),
            title: "Hội nghị trực tuyến góp ý dự thảo Quy định về công tác cán bộ".into(),
            dossier_title: "hồ sơ dự thảo Quy định về công tác cán bộ".into(),
            starts_at: "08 giờ 00 phút, ngày 09 tháng 12 năm 2026".into(),
            ends_at: Some("11 giờ 30 phút, ngày 09 tháng 12 năm 2026".into()),
            place: "Trụ sở Ban Tổ chức Trung ương, số 2A Hoàng Văn Thụ, Ba Đình, Hà Nội".into(),
            place_date: "Hà Nội, ngày 09 tháng 12 năm 2026".into(),
            chairs: vec![
                "Đồng chí Nguyễn Văn An, Trưởng Ban Tổ chức Trung ương".into(),
                "Đồng chí Lê Thị Hồng, Phó Trưởng Ban Tổ chức Trung ương".into(),
            ],
            agenda: vec![
                "Dự thảo Quy định về công tác cán bộ".into(),
                "Dự thảo Hướng dẫn thi hành Quy định".into(),
            ],
            points: vec![
                point("Điểm cầu Trung ương", true, 120, 115),
                point("Điểm cầu tỉnh Lào Cai", false, 1_045, 998),
                point("Điểm cầu thành phố Đà Nẵng", false, 300, 287),
            ],
            opinions: vec![
                opinion(
                    1,
                    "08:35",
                    "Điểm cầu tỉnh Lào Cai",
                    "Đồng chí Trần Thị Bích, Giám đốc Sở Nội vụ",
                    Some("Điều 5 khoản 2"),
                    "Đề nghị làm rõ thẩm quyền bổ nhiệm.\nĐề nghị bổ sung quy trình lấy phiếu tín nhiệm.",
                ),
                opinion(
                    2,
                    "09:10",
                    "Điểm cầu thành phố Đà Nẵng",
                    "Đồng chí Phạm Quốc Hưng, Trưởng Ban Tổ chức Thành ủy",
                    None,
                    "Thống nhất với dự thảo; <script>alert(1)</script> & \"x\"",
                ),
                opinion(
                    3,
                    "10:02",
                    "Điểm cầu Trung ương",
                    "Đồng chí Vũ Đức Khải, Vụ trưởng Vụ Tổ chức - Cán bộ",
                    Some("Điều 12"),
                    "Đề nghị giữ nguyên như dự thảo.",
                ),
            ],
            conclusions:
                "Hội nghị thống nhất cao với dự thảo.\nGiao Vụ Tổ chức - Cán bộ tiếp thu, hoàn thiện.".into(),
            secretary: "Hoàng Minh Tuấn".into(),
        }
    }

    #[test]
    fn the_minutes_have_the_header_the_sections_and_the_opinions_in_order() {
        let xml = document_xml(minutes_docx(&conference()).expect("written"));
        assert_well_formed(&xml);
        assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "portrait A4");
        assert!(xml.contains("BAN TỔ CHỨC TRUNG ƯƠNG"), "the issuer in capitals");
        assert!(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(xml.contains(
            "<w:i/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Hà Nội, ngày 09 tháng 12 năm 2026</w:t>"
        ), "the place and date in italics");
        assert!(xml.contains(
            "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">BIÊN BẢN</w:t>"
        ));

        let order = [
            "BIÊN BẢN",
            "Hội nghị trực tuyến góp ý dự thảo Quy định về công tác cán bộ",
            "I. THỜI GIAN, ĐỊA ĐIỂM",
            "1. Thời gian bắt đầu: 08 giờ 00 phút, ngày 09 tháng 12 năm 2026.",
            "2. Địa điểm: Trụ sở Ban Tổ chức Trung ương, số 2A Hoàng Văn Thụ, Ba Đình, Hà Nội.",
            "3. Hình thức: trực tuyến với 3 điểm cầu (điểm cầu Trung ương và 2 điểm cầu địa phương).",
            "II. THÀNH PHẦN",
            "- Đồng chí Nguyễn Văn An, Trưởng Ban Tổ chức Trung ương.",
            "- Đồng chí Lê Thị Hồng, Phó Trưởng Ban Tổ chức Trung ương.",
            "Số đại biểu triệu tập",
            ">Điểm cầu Trung ương<",
            ">Điểm cầu tỉnh Lào Cai<",
            ">Điểm cầu thành phố Đà Nẵng<",
            ">Tổng cộng<",
            "III. NỘI DUNG",
            "1. Hội nghị cho ý kiến vào hồ sơ dự thảo Quy định về công tác cán bộ, gồm các dự thảo:",
            "1) Dự thảo Quy định về công tác cán bộ",
            "2) Dự thảo Hướng dẫn thi hành Quy định",
            "2. Ý kiến phát biểu",
            "1. Đồng chí Trần Thị Bích, Giám đốc Sở Nội vụ (Điểm cầu tỉnh Lào Cai)",
            " lúc 08:35, về Dự thảo Quy định về công tác cán bộ, Điều 5 khoản 2:",
            "Đề nghị làm rõ thẩm quyền bổ nhiệm.",
            "Đề nghị bổ sung quy trình lấy phiếu tín nhiệm.",
            "2. Đồng chí Phạm Quốc Hưng, Trưởng Ban Tổ chức Thành ủy (Điểm cầu thành phố Đà Nẵng)",
            " lúc 09:10, về Dự thảo Quy định về công tác cán bộ:",
            "3. Đồng chí Vũ Đức Khải, Vụ trưởng Vụ Tổ chức - Cán bộ (Điểm cầu Trung ương)",
            " lúc 10:02, về Dự thảo Quy định về công tác cán bộ, Điều 12:",
            "IV. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ",
            "Hội nghị thống nhất cao với dự thảo.",
            "Giao Vụ Tổ chức - Cán bộ tiếp thu, hoàn thiện.",
            "Hội nghị kết thúc lúc 11 giờ 30 phút, ngày 09 tháng 12 năm 2026.",
            "THƯ KÝ HỘI NGHỊ",
            "(Ký, ghi rõ họ tên)",
            ">Hoàng Minh Tuấn<",
            "CHỦ TRÌ HỘI NGHỊ",
            "(Ký, ghi rõ họ tên)",
            ">Nguyễn Văn An<",
        ];
        let mut from = 0;
        for needle in order {
            let found =
                xml[from..].find(needle).unwrap_or_else(|| panic!("{needle} missing or out of order"));
            from += found + needle.len();
        }
        // The speaker's line is bold, the rest of it plain, in one paragraph.
        assert!(xml.contains(
            "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">1. Đồng chí Trần Thị Bích, Giám đốc Sở Nội vụ (Điểm cầu tỉnh Lào Cai)</w:t></w:r>\
             <w:r><w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\"> lúc 08:35, về"
        ));
        // Each line of an opinion is its own paragraph.
        assert!(xml.contains("Đề nghị làm rõ thẩm quyền bổ nhiệm.</w:t></w:r></w:p><w:p>"));
        assert!(!xml.contains("Không có ý kiến phát biểu.") && !xml.contains("(Chưa có kết luận.)"));
        assert!(!xml.contains(">Đồng chí Nguyễn Văn An<"), "the chair signs with the name only");
    }

    #[test]
    fn the_attendance_total_adds_up_the_points() {
        let xml = document_xml(minutes_docx(&conference()).expect("written"));
        // 120 + 1.045 + 300 summoned, 115 + 998 + 287 present.
        let total = &xml[at(&xml, ">Tổng cộng<")..];
        let row = &total[..at(total, "</w:tr>")];
        let bold = |text: &str| {
            format!(
                "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t>"
            )
        };
        let summoned = at(row, &bold("1.465"));
        let present = at(row, &bold("1.400"));
        assert!(summoned < present, "summoned, then present");
        let lao_cai = &xml[at(&xml, ">Điểm cầu tỉnh Lào Cai<")..];
        let lao_cai = &lao_cai[..at(lao_cai, "</w:tr>")];
        assert!(lao_cai.contains(">1.045<") && lao_cai.contains(">998<"));
        assert!(at(&xml, ">Điểm cầu Trung ương<") < at(&xml, ">Điểm cầu tỉnh Lào Cai<"), "central first");
    }

    #[test]
    fn what_was_said_is_text_never_markup() {
        let xml = document_xml(minutes_docx(&conference()).expect("written"));
        assert_well_formed(&xml);
        assert!(
            xml.contains("Thống nhất với dự thảo; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;")
        );
        assert!(!xml.contains("<script>") && !xml.contains("</script>"));
    }

    #[test]
    fn an_empty_conference_still_makes_a_document_with_the_placeholders() {
        let minutes = Minutes {
            issuer: "Ban Tổ chức Trung ương".into(),
            title: "Hội nghị trực tuyến góp ý dự thảo Quy định về công tác cán bộ".into(),
            starts_at: "08 giờ 00 phút, ngày 09 tháng 12 năm 2026".into(),
            points: vec![MinutesPoint {
                name: "Điểm cầu Trung ương".into(),
                central: true,
                expected: 50,
                present: 0,
            }],
            ..Minutes::default()
        };
        let xml = document_xml(minutes_docx(&minutes).expect("written"));
        assert_well_formed(&xml);
        let order = [
            "I. THỜI GIAN, ĐỊA ĐIỂM",
            "2. Địa điểm: (chưa ghi).",
            "3. Hình thức: trực tuyến với 1 điểm cầu.",
            "II. THÀNH PHẦN",
            "1. Chủ trì hội nghị: (chưa ghi).",
            ">Tổng cộng<",
            "III. NỘI DUNG",
            "Không có ý kiến phát biểu.",
            "IV. KẾT LUẬN CỦA CHỦ TRÌ HỘI NGHỊ",
            "(Chưa có kết luận.)",
            "THƯ KÝ HỘI NGHỊ",
            "CHỦ TRÌ HỘI NGHỊ",
        ];
        let mut from = 0;
        for needle in order {
            let found =
                xml[from..].find(needle).unwrap_or_else(|| panic!("{needle} missing or out of order"));
            from += found + needle.len();
        }
        assert!(!xml.contains("Hội nghị kết thúc lúc"), "no closing time while the conference is open");
        let default = document_xml(minutes_docx(&Minutes::default()).expect("written"));
        assert_well_formed(&default);
        assert!(default.contains("trực tuyến với 0 điểm cầu.") && default.contains(">Tổng cộng<"));
    }

    #[test]
    fn the_chair_signs_with_the_name_before_the_first_comma() {
        assert_eq!(signer_name("Đồng chí Nguyễn Văn An, Trưởng Ban Tổ chức Trung ương"), "Nguyễn Văn An");
        assert_eq!(signer_name("Nguyễn Văn An, Trưởng Ban"), "Nguyễn Văn An");
        assert_eq!(signer_name("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(signer_name(""), "");
    }

    #[test]
    fn counts_and_sentences_are_written_the_vietnamese_way() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_465), "1.465");
        assert_eq!(grouped(12_345_678), "12.345.678");
        assert_eq!(sentence("Hà Nội"), "Hà Nội.");
        assert_eq!(sentence("Hà Nội."), "Hà Nội.");
        assert_eq!(sentence(" "), "(chưa ghi).");
    }
}
