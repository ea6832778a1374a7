use super::*;
use crate::{Document, parse_text};

/// The nodes of a parsed document, with the labels to name them in assertions.
struct Version {
    doc: Document,
}

impl Version {
    fn parse(text: &str) -> Self {
        Self { doc: parse_text(text) }
    }

    fn nodes(&self) -> (Vec<Node<'_>>, Vec<String>) {
        let mut nodes = Vec::new();
        let mut labels = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for (depth, p) in self.doc.walk() {
            open.truncate(depth);
            let kind = match p.kind {
                crate::ProvisionKind::Article => "article",
                crate::ProvisionKind::Clause => "clause",
                crate::ProvisionKind::Point => "point",
                crate::ProvisionKind::Chapter => "chapter",
                _ => "other",
            };
            nodes.push(Node {
                kind,
                number: &p.number,
                heading: p.heading.as_deref(),
                text: &p.text,
                parent: open.last().copied(),
            });
            let parent_label = open.last().map(|i| format!("{} ", labels[*i])).unwrap_or_default();
            labels.push(format!("{parent_label}{}", p.label).trim().to_owned());
            open.push(nodes.len() - 1);
        }
        (nodes, labels)
    }
}

const V1: &str = "Chương I\nQUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về khung danh mục vị trí việc làm trong cơ quan của hệ thống chính trị.\n\
Điều 2. Đối tượng áp dụng\n\
1. Cán bộ, công chức trong cơ quan của Đảng, Nhà nước, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.\n\
2. Viên chức trong đơn vị sự nghiệp công lập thuộc cơ quan của hệ thống chính trị.\n\
3. Người làm việc theo chế độ hợp đồng lao động trong cơ quan, đơn vị được giao biên chế.\n\
Điều 3. Nguyên tắc xác định vị trí việc làm\nVị trí việc làm được xác định trên cơ sở chức năng, nhiệm vụ, quyền hạn của cơ quan, tổ chức, đơn vị và khối lượng công việc thực tế.\n\
Chương II\nDANH MỤC VỊ TRÍ VIỆC LÀM\n\
Điều 4. Nhóm vị trí việc làm lãnh đạo, quản lý\nNhóm vị trí việc làm lãnh đạo, quản lý gồm các chức danh do cấp có thẩm quyền bổ nhiệm theo quy định của Đảng và pháp luật.\n\
Điều 5. Nhóm vị trí việc làm chuyên môn, nghiệp vụ\n\
1. Nhóm vị trí việc làm chuyên môn, nghiệp vụ gồm các vị trí gắn với ngạch công chức chuyên ngành và chức danh nghề nghiệp viên chức.\n\
2. Bản mô tả công việc của từng vị trí việc làm chuyên môn, nghiệp vụ do người đứng đầu cơ quan phê duyệt hằng năm.\n\
Điều 6. Hiệu lực thi hành\nQuy định này có hiệu lực kể từ ngày ký ban hành và thay thế các quy định trước đây trái với Quy định này.\n";

/// The revision: Điều 3 reworded; a new Điều 4 inserted (4, 5 become 5, 6); the
/// clause on contract workers moved from Điều 2 to the new Điều 4; clause 2 of Điều 5
/// split off as an article of its own; Điều 6 deleted; Điều 1 unchanged.
const V2: &str = "Chương I\nQUY ĐỊNH CHUNG\n\
Điều 1. Phạm vi điều chỉnh\nQuy định này quy định về khung danh mục vị trí việc làm trong cơ quan của hệ thống chính trị.\n\
Điều 2. Đối tượng áp dụng\n\
1. Cán bộ, công chức trong cơ quan của Đảng, Nhà nước, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội.\n\
2. Viên chức trong đơn vị sự nghiệp công lập thuộc cơ quan của hệ thống chính trị.\n\
Điều 3. Nguyên tắc xác định vị trí việc làm\nVị trí việc làm được xác định trên cơ sở chức năng, nhiệm vụ, quyền hạn được giao của cơ quan, tổ chức, đơn vị, khối lượng công việc thực tế và mức độ hiện đại hóa.\n\
Chương II\nDANH MỤC VỊ TRÍ VIỆC LÀM\n\
Điều 4. Người làm việc theo hợp đồng\n\
1. Người làm việc theo chế độ hợp đồng lao động trong cơ quan, đơn vị được giao biên chế.\n\
2. Vị trí việc làm hỗ trợ, phục vụ được xác định riêng theo hướng dẫn của Bộ Nội vụ về công việc hỗ trợ.\n\
Điều 5. Nhóm vị trí việc làm lãnh đạo, quản lý\nNhóm vị trí việc làm lãnh đạo, quản lý gồm các chức danh do cấp có thẩm quyền bổ nhiệm theo quy định của Đảng và pháp luật.\n\
Điều 6. Nhóm vị trí việc làm chuyên môn, nghiệp vụ\n\
Nhóm vị trí việc làm chuyên môn, nghiệp vụ gồm các vị trí gắn với ngạch công chức chuyên ngành và chức danh nghề nghiệp viên chức.\n\
Điều 7. Bản mô tả công việc\nBản mô tả công việc của từng vị trí việc làm chuyên môn, nghiệp vụ do người đứng đầu cơ quan phê duyệt hằng năm.\n";

fn link_of<'a>(lineage: &'a Lineage, new_labels: &[String], label: &str) -> &'a Link {
    let i =
        new_labels.iter().position(|l| l == label).unwrap_or_else(|| panic!("no {label} in {new_labels:?}"));
    &lineage.links[i]
}

fn continues(lineage: &Lineage, old_labels: &[String], new_labels: &[String], label: &str) -> Option<String> {
    let i = new_labels.iter().position(|l| l == label).unwrap_or_else(|| panic!("no {label}"));
    match lineage.links[i] {
        Link::Kept { old, .. } | Link::Split { old } => Some(old_labels[old].clone()),
        Link::Inserted => None,
    }
}

#[test]
fn the_same_text_keeps_every_provision_unchanged() {
    let v = Version::parse(V1);
    let (nodes, _) = v.nodes();
    let lineage = match_versions(&nodes, &nodes, &[]);
    assert!(lineage.gone.is_empty());
    for (n, link) in lineage.links.iter().enumerate() {
        assert_eq!(
            *link,
            Link::Kept { old: n, text_changed: false, renumbered: false, moved: false, by_editor: false }
        );
    }
}

#[test]
fn a_revision_is_followed_through_renumbering_moves_splits_insertions_and_deletions() {
    let (v1, v2) = (Version::parse(V1), Version::parse(V2));
    let ((old, old_labels), (new, new_labels)) = (v1.nodes(), v2.nodes());
    let lineage = match_versions(&old, &new, &[]);
    let c = |label: &str| continues(&lineage, &old_labels, &new_labels, label);

    assert_eq!(c("Chương I Điều 1").as_deref(), Some("Chương I Điều 1"));
    assert!(matches!(
        link_of(&lineage, &new_labels, "Chương I Điều 1"),
        Link::Kept { text_changed: false, renumbered: false, moved: false, .. }
    ));
    // Reworded in place.
    assert_eq!(c("Chương I Điều 3").as_deref(), Some("Chương I Điều 3"));
    assert!(matches!(
        link_of(&lineage, &new_labels, "Chương I Điều 3"),
        Link::Kept { text_changed: true, renumbered: false, .. }
    ));
    // Renumbered: 4 → 5 (same text), 5 → 6 (its first clause became its text).
    assert_eq!(c("Chương II Điều 5").as_deref(), Some("Chương II Điều 4"));
    assert!(matches!(
        link_of(&lineage, &new_labels, "Chương II Điều 5"),
        Link::Kept { text_changed: false, renumbered: true, moved: false, .. }
    ));
    assert_eq!(c("Chương II Điều 6").as_deref(), Some("Chương II Điều 5"));
    // The clause moved from Điều 2 into the new Điều 4.
    assert_eq!(c("Chương II Điều 4 Khoản 1").as_deref(), Some("Chương I Điều 2 Khoản 3"));
    assert!(matches!(
        link_of(&lineage, &new_labels, "Chương II Điều 4 Khoản 1"),
        Link::Kept { moved: true, .. }
    ));
    // The new article and its new clause are inserted.
    assert_eq!(*link_of(&lineage, &new_labels, "Chương II Điều 4 Khoản 2"), Link::Inserted);
    // Điều 7 was made of the old Điều 5's clause 2; that clause went into it, and
    // clause 1 became the text of the new Điều 6.
    assert!(matches!(link_of(&lineage, &new_labels, "Chương II Điều 7"), Link::Split { .. }));
    assert_eq!(c("Chương II Điều 7").as_deref(), Some("Chương II Điều 5 Khoản 2"));
    let fate = |label: &str| {
        let o = old_labels.iter().position(|l| l == label).expect("old label");
        lineage.gone.iter().find(|(g, _)| *g == o).map(|(_, f)| match f {
            Fate::Merged { new } => new_labels[*new].clone(),
            Fate::Deleted => "deleted".to_owned(),
        })
    };
    assert_eq!(fate("Chương II Điều 5 Khoản 2").as_deref(), Some("Chương II Điều 7"));
    assert_eq!(fate("Chương II Điều 5 Khoản 1").as_deref(), Some("Chương II Điều 6"));
    // The old Điều 6 is gone.
    let six = old_labels.iter().position(|l| l == "Chương II Điều 6").expect("old 6");
    assert!(lineage.gone.contains(&(six, Fate::Deleted)), "{:?}", lineage.gone);
}

#[test]
fn the_editors_links_are_kept_and_nothing_else_is_forced() {
    let (v1, v2) = (Version::parse(V1), Version::parse(V2));
    let ((old, old_labels), (new, new_labels)) = (v1.nodes(), v2.nodes());
    let new_three = new_labels.iter().position(|l| l == "Chương I Điều 3").expect("3");
    let old_six = old_labels.iter().position(|l| l == "Chương II Điều 6").expect("6");
    // The editor says the new Điều 3 continues the old Điều 6 (a wrong but deliberate choice).
    let lineage = match_versions(&old, &new, &[(new_three, Some(old_six))]);
    assert!(matches!(lineage.links[new_three], Link::Kept { old, by_editor: true, .. } if old == old_six));
    let old_three = old_labels.iter().position(|l| l == "Chương I Điều 3").expect("old 3");
    assert!(lineage.gone.iter().any(|(o, _)| *o == old_three), "the old Điều 3 is now unmatched");
    // The editor says the new Điều 1 is new.
    let new_one = new_labels.iter().position(|l| l == "Chương I Điều 1").expect("1");
    let lineage = match_versions(&old, &new, &[(new_one, None)]);
    assert_eq!(lineage.links[new_one], Link::Inserted);
}

#[test]
fn unrelated_texts_are_not_paired() {
    let v1 = Version::parse(V1);
    let v2 = Version::parse(
        "Điều 1. Giải thích từ ngữ\nTrong Nghị định này, các từ ngữ dưới đây được hiểu như sau: tàu bay không người lái là phương tiện bay.\n\
         Điều 2. Cấp phép bay\nCục Hàng không Việt Nam cấp phép bay cho tổ chức, cá nhân có đủ điều kiện.\n",
    );
    let ((old, _), (new, _)) = (v1.nodes(), v2.nodes());
    let lineage = match_versions(&old, &new, &[]);
    assert!(lineage.links.iter().all(|l| *l == Link::Inserted), "{:?}", lineage.links);
    assert_eq!(lineage.gone.len(), old.len());
}

#[test]
fn tone_mark_placement_and_case_are_not_changes_of_pairing() {
    let v1 = Version::parse("Điều 1. Hòa giải\nViệc hòa giải ở cơ sở do Ủy ban nhân dân cấp xã chủ trì.\n");
    let v2 = Version::parse("Điều 1. Hoà giải\nViệc hoà giải ở cơ sở do UỶ BAN nhân dân cấp xã chủ trì.\n");
    let ((old, _), (new, _)) = (v1.nodes(), v2.nodes());
    let lineage = match_versions(&old, &new, &[]);
    assert_eq!(lineage.continues(0), Some(0));
}

#[test]
fn provisions_merged_into_one_are_reported_as_merged() {
    let v1 = Version::parse(
        "Điều 1. Thẩm quyền\n\
         1. Bộ trưởng Bộ Nội vụ quyết định danh mục vị trí việc làm của các bộ, ngành ở trung ương.\n\
         2. Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định danh mục vị trí việc làm của địa phương mình.\n",
    );
    let v2 = Version::parse(
        "Điều 1. Thẩm quyền\n\
         1. Bộ trưởng Bộ Nội vụ quyết định danh mục vị trí việc làm của các bộ, ngành ở trung ương; Chủ tịch Ủy ban nhân dân cấp tỉnh quyết định danh mục vị trí việc làm của địa phương mình.\n",
    );
    let ((old, old_labels), (new, _)) = (v1.nodes(), v2.nodes());
    let lineage = match_versions(&old, &new, &[]);
    let two = old_labels.iter().position(|l| l == "Điều 1 Khoản 2").expect("clause 2");
    assert_eq!(lineage.gone, vec![(two, Fate::Merged { new: 1 })]);
}
