//! Splitting realistic comment letters into comments anchored to the draft.

use std::io::{Cursor, Write};

use duthao_structure::citation::{Citation, CitationKind, ProvisionPath};
use duthao_structure::letter::{LetterUnit, SplitLetter, split_letter, unresolved};
use duthao_structure::{DocxLimits, docx_paragraphs};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const PROVINCE: &str = "\
ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH NGHỆ AN                       Độc lập - Tự do - Hạnh phúc
Số: 1234/UBND-NC                Nghệ An, ngày 10 tháng 3 năm 2026
V/v góp ý dự thảo Quy định về
chức danh, chức vụ lãnh đạo

Kính gửi: Ban Tổ chức Trung ương.

Phúc đáp Công văn số 15-CV/BTCTW ngày 02/3/2026 của Ban Tổ chức Trung ương về việc lấy ý kiến \
dự thảo Quy định về chức danh, chức vụ lãnh đạo và tương đương, sau khi nghiên cứu, Ủy ban nhân \
dân tỉnh cơ bản thống nhất với dự thảo và có ý kiến như sau:

1. Ý kiến chung
Đề nghị rà soát, thống nhất cách dùng thuật ngữ “chức vụ tương đương” trong toàn bộ dự thảo.

2. Ý kiến cụ thể
- Tại khoản 2 Điều 5: đề nghị sửa cụm từ “cấp huyện” thành “cấp xã” cho phù hợp
với mô hình chính quyền địa phương hai cấp.
- Điểm a và điểm b khoản 1 Điều 3: đề nghị gộp thành một điểm.
- Đề nghị bổ sung Điều 5a vào sau Điều 5 quy định về chức danh tương đương ở cấp xã.
- Tại khoản 3 Điều 8: nội dung này đã được quy định tại khoản 2 Điều 153 Luật Đất đai năm 2024, \
đề nghị bỏ để tránh trùng lặp.
- Tại Điều 45: đề nghị làm rõ thẩm quyền.

Trên đây là ý kiến của Ủy ban nhân dân tỉnh Nghệ An, kính gửi Ban Tổ chức Trung ương tổng hợp./.

Nơi nhận:                                   TM. ỦY BAN NHÂN DÂN
- Như trên;                                  CHỦ TỊCH
- Lưu: VT, NC.

                                              Nguyễn Văn An
";

const MINISTRY: &str = "\
BỘ TƯ PHÁP
Số: 456/BTP-PLHSHC
V/v tham gia ý kiến đối với dự thảo Quy định

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 3 năm 2026

Kính gửi:
- Ban Tổ chức Trung ương;
- Bộ Nội vụ.

Bộ Tư pháp nhận được Công văn số 15-CV/BTCTW ngày 02/3/2026 của Ban Tổ chức Trung ương đề nghị \
góp ý dự thảo Quy định. Sau khi nghiên cứu, Bộ Tư pháp có ý kiến như sau:

I. VỀ BỐ CỤC
Dự thảo gồm 4 chương, 21 điều là hợp lý; tuy nhiên đề nghị chuyển Mục 2 Chương III lên Chương II.

II. VỀ NỘI DUNG CỤ THỂ
a) Điều 7
- Khoản 3: đề nghị quy định rõ thời hạn giữ chức vụ; điểm b khoản này đề nghị bỏ cụm từ “và tương đương”.
- Đề nghị làm rõ trường hợp kiêm nhiệm.
- Đề nghị bổ sung khoản 5 quy định về trường hợp kiêm nhiệm.
b) Điều 12: đề nghị cân nhắc quy định tại khoản 1 vì chưa phù hợp với Điều 5 Nghị định số 30/2020/NĐ-CP.
c) Phụ lục I: đề nghị rà soát danh mục chức danh, bổ sung chức danh Phó Trưởng ban.
Lý do: danh mục chưa đầy đủ.

Trên đây là ý kiến của Bộ Tư pháp, gửi Ban Tổ chức Trung ương tổng hợp./.
Nơi nhận:
- Như trên;
- Lưu: VT, PLHSHC.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
";

const PARTY: &str = "\
ĐẢNG BỘ TỈNH QUẢNG NINH | ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY |
* | Quảng Ninh, ngày 14 tháng 3 năm 2026
Số 789-CV/TU |
V/v góp ý dự thảo Quy định về danh mục vị trí việc làm |
Kính gửi: Ban Tổ chức Trung ương
Thực hiện Công văn số 15-CV/BTCTW ngày 02/3/2026 của Ban Tổ chức Trung ương, Ban Thường vụ Tỉnh ủy góp ý như sau:
1. Cơ bản nhất trí với bố cục và nội dung dự thảo.
2. Về vị trí việc làm (Điều 4):
2.1. Đề nghị tách khoản 2 thành hai khoản để rõ đối tượng.
2.2. Điểm c khoản 1: đề nghị viết lại như sau:
“c) Vị trí việc làm gắn với chức danh lãnh đạo, quản lý;
d) Vị trí việc làm chuyên môn, nghiệp vụ.”
3. Đề nghị nghiên cứu quy định tại Điều 10 Điều lệ Đảng để bảo đảm thống nhất.
4. Các Điều 15, 16 và 17: đề nghị gộp thành một điều.
Trên đây là ý kiến của Ban Thường vụ Tỉnh ủy Quảng Ninh./.
Nơi nhận: - Như trên, - Lưu Văn phòng Tỉnh ủy. | T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ
";

const GENERAL_ONLY: &str = "\
SỞ NỘI VỤ TỈNH CÀ MAU
Số: 12/SNV-TCBC
V/v góp ý dự thảo

Kính gửi: Ban Tổ chức Tỉnh ủy Cà Mau

Sở Nội vụ thống nhất với nội dung dự thảo Quy định.
Đề nghị cơ quan soạn thảo rà soát lỗi chính tả và thể thức văn bản trước khi trình.

Trên đây là ý kiến của Sở Nội vụ./.
";

fn render(c: &Citation) -> String {
    match &c.kind {
        CitationKind::Existing => c.path.to_string(),
        CitationKind::ProposedInsertion { after: Some(a) } => format!("+{} sau {a}", c.path),
        CitationKind::ProposedInsertion { after: None } => format!("+{}", c.path),
        CitationKind::External { document } => format!("{} [{document}]", c.path),
    }
}

/// A unit as the editor sees it: line, anchors, external citations, general.
fn summary(unit: &LetterUnit) -> (usize, Vec<String>, Vec<String>, bool) {
    (
        unit.line,
        unit.citations.iter().map(render).collect(),
        unit.external.iter().map(render).collect(),
        unit.general,
    )
}

fn summaries(letter: &SplitLetter) -> Vec<(usize, Vec<String>, Vec<String>, bool)> {
    letter.units.iter().map(summary).collect()
}

fn unit(
    line: usize,
    anchors: &[&str],
    external: &[&str],
    general: bool,
) -> (usize, Vec<String>, Vec<String>, bool) {
    let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect();
    (line, owned(anchors), owned(external), general)
}

#[test]
fn province_letter() {
    let letter = split_letter(PROVINCE);
    assert_eq!(letter.organisation_line.as_deref(), Some("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"));
    assert_eq!(letter.reference.as_deref(), Some("Số: 1234/UBND-NC"));
    assert_eq!(letter.subject.as_deref(), Some("V/v góp ý dự thảo Quy định về chức danh, chức vụ lãnh đạo"));
    assert_eq!(
        summaries(&letter),
        [
            unit(9, &[], &[], true),
            unit(12, &[], &[], true),
            unit(15, &["khoản 2 Điều 5"], &[], false),
            unit(17, &["điểm a khoản 1 Điều 3", "điểm b khoản 1 Điều 3"], &[], false),
            unit(18, &["+Điều 5a sau Điều 5"], &[], false),
            unit(19, &["khoản 3 Điều 8"], &["khoản 2 Điều 153 [Luật Đất đai năm 2024]"], false),
            unit(20, &["Điều 45"], &[], false),
        ]
    );
    let texts: Vec<&str> = letter.units.iter().map(|u| u.text.as_str()).collect();
    // The agreement in the opening is kept, without the boilerplate around it.
    assert_eq!(texts[0], "Ủy ban nhân dân tỉnh cơ bản thống nhất với dự thảo.");
    // A hard-wrapped item is one unit; its marker is gone.
    assert_eq!(
        texts[2],
        "Tại khoản 2 Điều 5: đề nghị sửa cụm từ “cấp huyện” thành “cấp xã” cho phù hợp với mô hình chính \
         quyền địa phương hai cấp."
    );
    assert!(letter.warnings.is_empty(), "{:?}", letter.warnings);
    // Nothing of the closing, the Nơi nhận or the signature.
    assert!(
        texts.iter().all(|t| !t.contains("Trên đây") && !t.contains("Nơi nhận") && !t.contains("CHỦ TỊCH"))
    );
    // Spans are in the unit's text.
    for unit in &letter.units {
        for citation in unit.citations.iter().chain(&unit.external) {
            assert_eq!(&unit.text[citation.span.clone()], citation.text);
        }
    }
}

#[test]
fn ministry_letter_with_nested_items() {
    let letter = split_letter(MINISTRY);
    assert_eq!(letter.organisation_line.as_deref(), Some("BỘ TƯ PHÁP"));
    assert_eq!(letter.reference.as_deref(), Some("Số: 456/BTP-PLHSHC"));
    assert_eq!(
        summaries(&letter),
        [
            unit(16, &["Mục 2 Chương III", "Chương II"], &[], false),
            // Under `a) Điều 7`: relative citations take the article.
            unit(20, &["khoản 3 Điều 7", "điểm b khoản 3 Điều 7"], &[], false),
            unit(21, &["Điều 7"], &[], false),
            unit(22, &["+khoản 5 Điều 7"], &[], false),
            unit(23, &["Điều 12", "khoản 1 Điều 12"], &["Điều 5 [Nghị định số 30/2020/NĐ-CP]"], false),
            unit(24, &["Phụ lục I"], &[], false),
        ]
    );
    // The item inherited from `a) Điều 7` has no span of its own.
    assert_eq!(letter.units[2].citations[0].span, 0..0);
    // `Lý do: …` belongs to the item before.
    assert_eq!(
        letter.units[5].text,
        "Phụ lục I: đề nghị rà soát danh mục chức danh, bổ sung chức danh Phó Trưởng ban.\nLý do: danh mục \
         chưa đầy đủ."
    );
    // The insertion anchors at the article it goes into.
    assert_eq!(letter.units[3].citations[0].anchor().map(|p| p.to_string()).as_deref(), Some("Điều 7"));
    assert!(letter.warnings.is_empty(), "{:?}", letter.warnings);
}

#[test]
fn party_committee_letter_from_docx_table_rows() {
    let letter = split_letter(PARTY);
    assert_eq!(letter.organisation_line.as_deref(), Some("ĐẢNG BỘ TỈNH QUẢNG NINH TỈNH ỦY"));
    assert_eq!(letter.reference.as_deref(), Some("Số 789-CV/TU"));
    assert_eq!(letter.subject.as_deref(), Some("V/v góp ý dự thảo Quy định về danh mục vị trí việc làm"));
    assert_eq!(
        summaries(&letter),
        [
            unit(8, &[], &[], true),
            // `2. Về vị trí việc làm (Điều 4):` is a heading: its items are about Điều 4.
            unit(10, &["khoản 2 Điều 4"], &[], false),
            unit(11, &["điểm c khoản 1 Điều 4"], &[], false),
            // A citation of the Party Charter only: a general comment.
            unit(14, &[], &["Điều 10 [Điều lệ Đảng]"], true),
            unit(15, &["Điều 15", "Điều 16", "Điều 17"], &[], false),
        ]
    );
    // The proposed wording, with its own `c)` and `d)`, stays in the item.
    assert!(letter.units[2].text.ends_with("d) Vị trí việc làm chuyên môn, nghiệp vụ.”"));
}

#[test]
fn short_letter_with_general_opinions_only() {
    let letter = split_letter(GENERAL_ONLY);
    assert_eq!(letter.organisation_line.as_deref(), Some("SỞ NỘI VỤ TỈNH CÀ MAU"));
    assert_eq!(summaries(&letter), [unit(7, &[], &[], true), unit(8, &[], &[], true)]);
    assert_eq!(letter.units[0].text, "Sở Nội vụ thống nhất với nội dung dự thảo Quy định.");
    assert!(letter.warnings.is_empty());
}

#[test]
fn citations_to_missing_provisions_are_reported() {
    let letter = split_letter(PROVINCE);
    // The draft has 21 articles, each with 5 clauses and points a to đ.
    let exists = |path: &ProvisionPath| {
        let article_ok = path
            .article
            .as_deref()
            .and_then(|a| a.parse::<u32>().ok())
            .is_some_and(|a| (1..=21).contains(&a));
        let clause_ok =
            path.clause.as_deref().is_none_or(|c| c.parse::<u32>().is_ok_and(|c| (1..=5).contains(&c)));
        article_ok && clause_ok && path.chapter.is_none()
    };
    let missing: Vec<(usize, String)> = unresolved(&letter.units, exists)
        .into_iter()
        .map(|(unit, citation)| (unit.line, render(citation)))
        .collect();
    // `Điều 5a` is proposed, so it is checked through `Điều 5`, which exists.
    assert_eq!(missing, [(20, "Điều 45".to_owned())]);
}

#[test]
fn relative_citation_without_context_is_flagged() {
    let letter =
        split_letter("Kính gửi: Bộ Nội vụ\n- Tại khoản 3: đề nghị bỏ.\n- Điểm b khoản này: đề nghị sửa.\n");
    assert_eq!(summaries(&letter), [unit(2, &["khoản 3"], &[], false), unit(3, &[], &[], true)]);
    assert_eq!(
        letter.warnings,
        [
            "Dòng 2: “khoản 3” không rõ thuộc điều nào của dự thảo",
            "Dòng 3: không rõ “Điểm b khoản này” chỉ điều, khoản nào của dự thảo",
        ]
    );
    let missing = unresolved(&letter.units, |path| path.article.is_some());
    assert_eq!(missing.len(), 1);
}

#[test]
fn comments_pasted_without_a_letter_around_them() {
    let text = "Điều 3: đề nghị bỏ.\n\nĐề nghị làm rõ khái niệm “tương đương”.\nTại Điều 9, khoản 2: cần quy định thời hạn.";
    let letter = split_letter(text);
    assert_eq!(letter.reference, None);
    assert_eq!(
        summaries(&letter),
        [unit(1, &["Điều 3"], &[], false), unit(3, &[], &[], true), unit(4, &["khoản 2 Điều 9"], &[], false)]
    );
}

#[test]
fn short_items_that_look_like_headings_are_kept() {
    // Items with no full stop and a short opinion read like headings; with nothing
    // under them they are opinions of their own, and none may be lost.
    let text = "1. Tại Điều 5: đề nghị bỏ.\n2. Điều 7 hợp lý\n3. Điều 10: bỏ\n4. Tại Điều 6: sửa.";
    let letter = split_letter(text);
    assert_eq!(
        summaries(&letter),
        [
            unit(1, &["Điều 5"], &[], false),
            unit(2, &["Điều 7"], &[], false),
            unit(3, &["Điều 10"], &[], false),
            unit(4, &["Điều 6"], &[], false),
        ]
    );
    assert_eq!(letter.units[1].text, "Điều 7 hợp lý");
    // A heading with items under it stays a heading; a section title alone is no
    // opinion; text right under a heading belongs to it, not to the unit before.
    let text = "I. Ý KIẾN CHUNG\nII. Ý KIẾN CỤ THỂ\n1. Về Điều 3\na) khoản 1 hợp lý.\n2. Về Điều 4:\n\nđề nghị làm rõ.";
    let letter = split_letter(text);
    assert_eq!(
        summaries(&letter),
        [unit(4, &["khoản 1 Điều 3"], &[], false), unit(7, &["Điều 4"], &[], false)]
    );
    assert_eq!(letter.units[1].text, "đề nghị làm rõ.");
}

#[test]
fn headings_left_alone_become_units_in_place_and_carried_headings_do_not() {
    // A short item before an unmarked section title is kept, and the paragraph under
    // the title does not inherit the item's article.
    let text = "Ý KIẾN CỤ THỂ\n1. Tại Điều 5: đề nghị bỏ.\n2. Điều 7 hợp lý\nÝ KIẾN KHÁC\nĐề nghị rà soát lỗi chính tả.";
    assert_eq!(
        summaries(&split_letter(text)),
        [unit(2, &["Điều 5"], &[], false), unit(3, &["Điều 7"], &[], false), unit(5, &[], &[], true)]
    );
    // A heading carried on by the next (khoản 2 of Điều 5) is no opinion of its own.
    let text = "Tại Điều 5:\nVề khoản 2:\n- Đề nghị bỏ cụm từ “cấp huyện”.";
    assert_eq!(summaries(&split_letter(text)), [unit(3, &["khoản 2 Điều 5"], &[], false)]);
    // A heading that says something keeps its words when a paragraph follows it.
    let letter = split_letter("2. Điều 10: bỏ\n\nLý do: trùng với Điều 3.");
    assert_eq!(summaries(&letter), [unit(1, &["Điều 10", "Điều 3"], &[], false)]);
    assert_eq!(letter.units[0].text, "Điều 10: bỏ\nLý do: trùng với Điều 3.");
    // A short opinion that starts like a section title is an opinion.
    let letter = split_letter("1. Về bố cục hợp lý\n2. Về Điều 4: đề nghị làm rõ.");
    assert_eq!(letter.units.len(), 2, "{:?}", letter.units);
}

#[test]
fn letter_without_substance_is_warned_about() {
    let text = "BỘ NỘI VỤ\nSố: 1/BNV\nKính gửi: Ban Tổ chức Trung ương\n\nTrên đây là ý kiến của Bộ Nội vụ./.\nNơi nhận:\n- Như trên.";
    let letter = split_letter(text);
    assert!(letter.units.is_empty());
    assert_eq!(letter.warnings, ["Không tìm thấy ý kiến cụ thể nào trong công văn"]);
    assert_eq!(split_letter("").warnings, ["Không tìm thấy ý kiến cụ thể nào trong công văn"]);
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        let escaped = p.replace('&', "&amp;").replace('<', "&lt;");
        body.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>"));
    }
    let xml = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         <w:tbl><w:tr><w:tc><w:p><w:r><w:t>Nơi nhận:</w:t></w:r></w:p></w:tc>\
         <w:tc><w:p><w:r><w:t>TM. ỦY BAN NHÂN DÂN</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
    );
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("word/document.xml", options).expect("writing to memory cannot fail");
    writer.write_all(xml.as_bytes()).expect("writing to memory cannot fail");
    writer.finish().expect("writing to memory cannot fail").into_inner()
}

#[test]
fn docx_letter_through_paragraphs() {
    let bytes = docx(&[
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
        "Số: 77/UBND-NC",
        "Kính gửi: Ban Tổ chức Trung ương",
        "Ủy ban nhân dân tỉnh có ý kiến như sau:",
        "Tại khoản 1 Điều 2: đề nghị bỏ cụm từ “cấp huyện”.",
        "Đề nghị bổ sung Điều 2a vào sau Điều 2.",
        "Trên đây là ý kiến của Ủy ban nhân dân tỉnh Cà Mau./.",
    ]);
    let paragraphs = docx_paragraphs(&bytes, &DocxLimits::default()).expect("a valid DOCX");
    assert_eq!(paragraphs.len(), 8);
    assert_eq!(paragraphs[7], "Nơi nhận: | TM. ỦY BAN NHÂN DÂN");
    let letter = split_letter(&paragraphs.join("\n"));
    assert_eq!(letter.reference.as_deref(), Some("Số: 77/UBND-NC"));
    assert_eq!(
        summaries(&letter),
        [unit(5, &["khoản 1 Điều 2"], &[], false), unit(6, &["+Điều 2a sau Điều 2"], &[], false)]
    );
}

#[test]
fn long_letter_splits_every_item() {
    // About 200 pages: 4 000 items of 40 words.
    let mut text = String::from(
        "BỘ NỘI VỤ\nSố: 9/BNV\nKính gửi: Ban Tổ chức Trung ương\nBộ Nội vụ có ý kiến như sau:\n",
    );
    for i in 1..=4000 {
        text.push_str(&format!(
            "- Tại khoản {} Điều {}: đề nghị sửa đổi quy định về tiêu chuẩn chức danh, bảo đảm thống nhất với \
             khoản 2 Điều 153 Luật Đất đai năm 2024 và cân nhắc tính khả thi khi triển khai ở cơ sở, nhất là \
             các xã miền núi, biên giới, hải đảo có điều kiện kinh tế - xã hội đặc biệt khó khăn.\n",
            i % 7 + 1,
            i % 21 + 1
        ));
    }
    text.push_str("Trên đây là ý kiến của Bộ Nội vụ./.\n");
    let letter = split_letter(&text);
    assert_eq!(letter.units.len(), 4000);
    assert!(letter.units.iter().all(|u| u.citations.len() == 1 && u.external.len() == 1));
}

proptest! {
    #[test]
    fn never_panics(text in any::<String>()) {
        let letter = split_letter(&text);
        for unit in &letter.units {
            for citation in unit.citations.iter().chain(&unit.external) {
                prop_assert!(unit.text.get(citation.span.clone()).is_some());
            }
        }
    }

    #[test]
    fn never_panics_on_letter_lines(lines in prop::collection::vec(prop::sample::select(vec![
        "Kính gửi:", "- Ban Tổ chức Trung ương;", "1. Ý kiến chung", "a) Điều 7", "- Khoản 3: đề nghị bỏ.",
        "“c) Vị trí", "việc làm”", "Trên đây là", "Nơi nhận:", "Số: 1/UBND", "V/v góp ý", "II. CỤ THỂ",
        "điểm b khoản này", "Phúc đáp Công văn số 1, có ý kiến như sau:", "", "| |", "./.", "+", "-", "1.1.",
        "Đề nghị bổ sung Điều 5a vào sau Điều 5.", "Lý do: chưa rõ.", "\"", "TM. UBND",
    ]), 0..30)) {
        let _ = split_letter(&lines.join("\n"));
    }
}
