//! Parsing realistic drafts in every format, and refusing bad files.

use std::io::{Cursor, Write};
use std::time::Instant;

use duthao_structure::{
    Document, DocxLimits, Format, InputError, Provision, ProvisionKind, Style, WarningCode, parse_bytes,
    parse_docx, parse_markdown, parse_text,
};
#[path = "support/zip_bomb.rs"]
mod zip_bomb;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};
use zip_bomb::zero_bomb;

const DRAFT: &str = "\
BỘ NỘI VỤ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
-----------------
Số:      /2026/TT-BNV
Hà Nội, ngày    tháng    năm 2026

DỰ THẢO

THÔNG TƯ
Hướng dẫn danh mục vị trí việc làm lãnh đạo, quản lý

Căn cứ Nghị định số 232/2026/NĐ-CP;
Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn danh mục vị trí việc làm.

Chương I
QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn danh mục vị trí việc làm lãnh đạo,
quản lý trong đơn vị sự nghiệp công lập.

Điều 2.
Đối tượng áp dụng
1. Đơn vị sự nghiệp công lập.
2. Cơ quan, tổ chức có liên quan.

Chương II - DANH MỤC VỊ TRÍ VIỆC LÀM

Mục 1. CẤP TRUNG ƯƠNG

Điều 5. Danh mục
1. Danh mục gồm:
a) Người đứng đầu;
b) Cấp phó của người đứng đầu;
d) Trưởng phòng;
d1) Phó Trưởng phòng;
đ) Chức vụ tương đương.
5a. Khoản được bổ sung.
Điều 5a. Điều được bổ sung
Nội dung điều bổ sung.

Điều 6. Hiệu lực thi hành
Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2026./.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG

PHỤ LỤC I
DANH MỤC VỊ TRÍ VIỆC LÀM
(Kèm theo Thông tư số    /2026/TT-BNV)
STT | Tên vị trí | Ghi chú
1 | Giám đốc | 
Điều 9. Không phải một điều
";

fn labels(provisions: &[Provision]) -> Vec<&str> {
    provisions.iter().map(|p| p.label.as_str()).collect()
}

fn codes(doc: &Document) -> Vec<(usize, WarningCode)> {
    doc.warnings.iter().map(|w| (w.line, w.code)).collect()
}

#[test]
fn normative_draft() {
    let doc = parse_text(DRAFT);
    assert_eq!(doc.style, Style::Normative);
    assert_eq!(doc.title.as_deref(), Some("THÔNG TƯ\nHướng dẫn danh mục vị trí việc làm lãnh đạo, quản lý"));
    assert!(doc.preamble.starts_with("BỘ NỘI VỤ\nCỘNG HÒA"));
    assert!(doc.preamble.contains("DỰ THẢO"));
    assert!(!doc.preamble.contains("-----"));
    assert_eq!(labels(&doc.provisions), ["Chương I", "Chương II", "Phụ lục I"]);

    let chapter_1 = &doc.provisions[0];
    assert_eq!(chapter_1.heading.as_deref(), Some("QUY ĐỊNH CHUNG"));
    let article_1 = &chapter_1.children[0];
    assert_eq!(article_1.heading.as_deref(), Some("Phạm vi điều chỉnh"));
    assert_eq!(
        article_1.text,
        "Thông tư này hướng dẫn danh mục vị trí việc làm lãnh đạo, quản lý trong đơn vị sự nghiệp công lập."
    );
    let article_2 = &chapter_1.children[1];
    assert_eq!(article_2.heading.as_deref(), Some("Đối tượng áp dụng"));
    assert_eq!(labels(&article_2.children), ["Khoản 1", "Khoản 2"]);

    let chapter_2 = &doc.provisions[1];
    assert_eq!(chapter_2.heading.as_deref(), Some("DANH MỤC VỊ TRÍ VIỆC LÀM"));
    assert_eq!(labels(&chapter_2.children), ["Mục 1"]);
    let section = &chapter_2.children[0];
    assert_eq!(section.heading.as_deref(), Some("CẤP TRUNG ƯƠNG"));
    assert_eq!(labels(&section.children), ["Điều 5", "Điều 5a", "Điều 6"]);
    let article_5 = &section.children[0];
    assert_eq!(labels(&article_5.children), ["Khoản 1", "Khoản 5a"]);
    assert_eq!(labels(&article_5.children[0].children), ["Điểm a", "Điểm b", "Điểm d", "Điểm d1", "Điểm đ"]);
    assert_eq!(article_5.children[0].children[3].number, "d1");
    assert_eq!(section.children[1].number, "5a");
    assert_eq!(section.children[1].text, "Nội dung điều bổ sung.");
    // "./." ends the body: "Nơi nhận" and the signature are not provisions.
    assert_eq!(section.children[2].text, "Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2026.");

    let appendix = &doc.provisions[2];
    assert_eq!(appendix.kind, ProvisionKind::Appendix);
    assert_eq!(appendix.heading.as_deref(), Some("DANH MỤC VỊ TRÍ VIỆC LÀM"));
    assert!(appendix.children.is_empty());
    assert_eq!(
        appendix.text,
        "(Kèm theo Thông tư số    /2026/TT-BNV)\nSTT | Tên vị trí | Ghi chú\n1 | Giám đốc\n\
         Điều 9. Không phải một điều"
    );

    // Điều 2 → Điều 5 (3, 4 missing), điểm c missing, khoản 2–4 missing before 5a.
    assert_eq!(codes(&doc), [(32, WarningCode::Gap), (36, WarningCode::Gap), (39, WarningCode::Gap)]);
    assert_eq!(doc.warnings[0].message, "Thiếu Điều 3, 4 (sau Điều 2 là Điều 5)");
    assert_eq!(doc.warnings[1].message, "Thiếu điểm c trong khoản 1 Điều 5 (sau điểm b là điểm d)");
}

const REPORT: &str = "\
BAN TỔ CHỨC TRUNG ƯƠNG

BÁO CÁO
Tổng kết thực hiện danh mục vị trí việc làm

Thực hiện chỉ đạo của Bộ Chính trị, Ban Tổ chức Trung ương báo cáo như sau:

Phần I
KẾT QUẢ THỰC HIỆN

I. ĐÁNH GIÁ CHUNG
1. Về công tác chỉ đạo
a) Các cấp ủy đã ban hành văn bản;
b) Việc triển khai
còn chậm.
2. Về kết quả
II. HẠN CHẾ
1. Một số nơi chưa xác định vị trí việc làm.

Phần II. ĐỀ XUẤT
I. KIẾN NGHỊ
Đề nghị Bộ Chính trị cho ý kiến.
";

#[test]
fn report_style() {
    let doc = parse_text(REPORT);
    assert_eq!(doc.style, Style::Report);
    assert_eq!(doc.title.as_deref(), Some("BÁO CÁO\nTổng kết thực hiện danh mục vị trí việc làm"));
    assert!(doc.preamble.contains("Thực hiện chỉ đạo"));
    assert_eq!(labels(&doc.provisions), ["Phần I", "Phần II"]);
    let part_1 = &doc.provisions[0];
    assert_eq!(part_1.heading.as_deref(), Some("KẾT QUẢ THỰC HIỆN"));
    assert_eq!(labels(&part_1.children), ["I.", "II."]);
    let general = &part_1.children[0];
    assert_eq!(general.kind, ProvisionKind::RomanSection);
    assert_eq!(general.heading.as_deref(), Some("ĐÁNH GIÁ CHUNG"));
    assert_eq!(labels(&general.children), ["1.", "2."]);
    assert_eq!(labels(&general.children[0].children), ["a)", "b)"]);
    assert_eq!(general.children[0].children[1].text, "Việc triển khai còn chậm.");
    let part_2 = &doc.provisions[1];
    assert_eq!(part_2.heading.as_deref(), Some("ĐỀ XUẤT"));
    assert_eq!(part_2.children[0].text, "Đề nghị Bộ Chính trị cho ý kiến.");
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn markdown_headings_and_tables() {
    let md = "# QUY ĐỊNH\n\n## Chương I\n\n**NHỮNG QUY ĐỊNH CHUNG**\n\n### Điều 1 Phạm vi\n\n\
              1\\. Khoản *một*.\n\n| Cột 1 | Cột 2 |\n|---|---|\n| a | b |\n";
    let doc = parse_markdown(md);
    assert_eq!(doc.title.as_deref(), Some("QUY ĐỊNH"));
    let article = &doc.provisions[0].children[0];
    assert_eq!(article.label, "Điều 1");
    assert_eq!(article.heading.as_deref(), Some("Phạm vi"));
    assert_eq!(article.children[0].text, "Khoản một.\nCột 1 | Cột 2\na | b");
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        let escaped = p.replace('&', "&amp;").replace('<', "&lt;");
        body.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    zip_with(&[("[Content_Types].xml", b"<Types/>".as_slice()), ("word/document.xml", xml.as_bytes())])
}

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        writer.start_file(*name, options).expect("writing to memory cannot fail");
        writer.write_all(data).expect("writing to memory cannot fail");
    }
    writer.finish().expect("writing to memory cannot fail").into_inner()
}

#[test]
fn docx_gives_the_same_tree_as_text() {
    let lines: Vec<&str> = DRAFT.lines().collect();
    let from_docx = parse_docx(&docx(&lines), &DocxLimits::default()).expect("valid docx");
    let from_text = parse_text(DRAFT);
    assert_eq!(from_docx, from_text);
}

#[test]
fn docx_through_parse_bytes() {
    let bytes = docx(&["Điều 1. Phạm vi", "Nội dung & phạm vi."]);
    let doc = parse_bytes(&bytes, Format::Docx, &DocxLimits::default()).expect("valid docx");
    assert_eq!(doc.provisions[0].text, "Nội dung & phạm vi.");
}

#[test]
fn not_a_zip() {
    let result = parse_bytes("Điều 1. Not a zip".as_bytes(), Format::Docx, &DocxLimits::default());
    assert_eq!(result, Err(InputError::NotZip));
    assert_eq!(InputError::NotZip.to_string(), "Tệp không phải là DOCX hợp lệ (không phải tệp zip)");
}

#[test]
fn zip_without_document_xml() {
    let bytes = zip_with(&[("hello.txt", "xin chào".as_bytes())]);
    assert_eq!(parse_docx(&bytes, &DocxLimits::default()), Err(InputError::NotDocx));
}

#[test]
fn malformed_document_xml() {
    let bytes = zip_with(&[("word/document.xml", b"<w:document><w:body></w:p>".as_slice())]);
    let result = parse_docx(&bytes, &DocxLimits::default());
    assert!(matches!(result, Err(InputError::MalformedXml { .. })), "{result:?}");
}

const BOMB_REPEATS: usize = 200 * 1024 * 1024 / 258;

#[test]
fn zip_bomb_is_refused_quickly() {
    // 200 MiB of zeros in about 1.3 MB, declared honestly.
    let size = u32::try_from(1 + 258 * BOMB_REPEATS).expect("fits");
    let bytes = zero_bomb(BOMB_REPEATS, size);
    assert!(bytes.len() < 2 * 1024 * 1024);
    let started = Instant::now();
    let result = parse_docx(&bytes, &DocxLimits::default());
    assert!(
        matches!(&result, Err(InputError::ZipBomb { uncompressed_bytes, .. }) if *uncompressed_bytes == u64::from(size)),
        "{result:?}"
    );
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn zip_bomb_with_a_lying_header_is_refused() {
    // The headers claim 1000 bytes; inflating must stop long before 200 MiB.
    let bytes = zero_bomb(BOMB_REPEATS, 1000);
    let started = Instant::now();
    let result = parse_docx(&bytes, &DocxLimits::default());
    // The zip reader notices the lie first; our own limit on inflating is the
    // second line of defence.
    assert!(
        matches!(result, Err(InputError::CorruptZip { .. }) | Err(InputError::ZipBomb { .. })),
        "{result:?}"
    );
    assert!(started.elapsed().as_secs() < 2);
}

#[test]
fn generated_bomb_stream_is_valid_deflate() {
    // The same generator with a truthful small size gives a readable (if
    // non-XML) entry: the refusals above are about size, not a broken stream.
    let bytes = zero_bomb(3, 1 + 258 * 3);
    let result = parse_docx(&bytes, &DocxLimits::default());
    assert!(
        matches!(result, Err(InputError::MalformedXml { .. }) | Err(InputError::CorruptZip { .. })),
        "{result:?}"
    );
}

#[test]
fn absurd_compression_ratio_is_refused() {
    let zeros = vec![b' '; 4 * 1024 * 1024];
    let bytes = zip_with(&[("word/document.xml", zeros.as_slice())]);
    let result = parse_docx(&bytes, &DocxLimits::default());
    assert!(matches!(result, Err(InputError::ZipBomb { .. })), "{result:?}");
}

#[test]
fn too_large_input() {
    let limits = DocxLimits { max_uncompressed_bytes: 10, ..DocxLimits::default() };
    assert_eq!(
        parse_bytes(b"Dieu 1. Qua dai", Format::Text, &limits),
        Err(InputError::TooLarge { size: 15, limit: 10 })
    );
}

#[test]
fn invalid_utf8_reports_the_offset() {
    let mut bytes = "Điều 1. ".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(&[0xC4, 0x28, b'x']);
    assert_eq!(
        parse_bytes(&bytes, Format::Text, &DocxLimits::default()),
        Err(InputError::InvalidUtf8 { byte_offset: offset })
    );
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&bytes);
    assert_eq!(
        parse_bytes(&with_bom, Format::Markdown, &DocxLimits::default()),
        Err(InputError::InvalidUtf8 { byte_offset: offset + 3 })
    );
}

#[test]
fn bom_is_accepted() {
    let bytes = "\u{feff}Điều 1. Phạm vi\nNội dung.".as_bytes();
    let doc = parse_bytes(bytes, Format::Text, &DocxLimits::default()).expect("valid text");
    assert_eq!(doc.provisions[0].label, "Điều 1");
}

#[test]
fn text_without_structure() {
    let text = "Kính gửi Ban Tổ chức Trung ương,\nTôi đồng ý với dự thảo.";
    let doc = parse_text(text);
    assert!(doc.provisions.is_empty());
    assert_eq!(codes(&doc), [(1, WarningCode::EmptyDocument)]);
    assert!(doc.preamble.contains("Tôi đồng ý"));
    assert_eq!(
        parse_bytes(text.as_bytes(), Format::Text, &DocxLimits::default()),
        Err(InputError::NoStructure)
    );
    assert_eq!(parse_text("").warnings[0].code, WarningCode::EmptyDocument);
}

#[test]
fn walk_visits_in_document_order() {
    let doc = parse_text("Điều 1. A\n1. Một\na) Điểm\n2. Hai\nĐiều 2. B");
    let seen: Vec<(usize, &str)> = doc.walk().map(|(d, p)| (d, p.label.as_str())).collect();
    assert_eq!(seen, [(0, "Điều 1"), (1, "Khoản 1"), (2, "Điểm a"), (1, "Khoản 2"), (0, "Điều 2")]);
    assert_eq!(doc.count(), 5);
}

#[test]
fn serialises_in_snake_case() {
    let doc = parse_text("I. MỞ ĐẦU\n1. Nội dung\n3. Nhảy số");
    let json = serde_json::to_value(&doc).expect("a document always serialises");
    assert_eq!(json["style"], "report");
    assert_eq!(json["provisions"][0]["kind"], "roman_section");
    assert_eq!(json["provisions"][0]["children"][0]["kind"], "clause");
    assert_eq!(json["warnings"][0]["code"], "gap");
}

#[test]
fn large_input_is_linear() {
    let mut text = String::new();
    for article in 1..=4000 {
        text.push_str(&format!("Điều {article}. Tiêu đề điều {article}\n"));
        for clause in 1..=5 {
            text.push_str(&format!("{clause}. Nội dung khoản {clause} của điều\nnày được ngắt dòng.\n"));
        }
    }
    assert!(text.len() > 1_000_000);
    let doc = parse_text(&text);
    assert_eq!(doc.count(), 4000 * 6);
    assert!(doc.warnings.is_empty());
}
