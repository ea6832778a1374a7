//! The fields of the two built-in catalog kinds, and the fields an editor adds.
//!
//! A catalog draft stores each entry as a provision of kind `entry` (number: the entry's
//! code, heading: its name) with one child provision of kind `field` per non-empty field
//! (number: the field's key, label: the field's name, body: the value). Comments anchor to
//! the entry or to one of its fields, and flow into the same synthesis as any provision.

use serde::{Deserialize, Serialize};

/// The two built-in kinds of catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogKind {
    /// Leadership titles and the table of equivalent positions.
    Titles,
    /// Job positions (vị trí việc làm) with a job description each.
    JobPositions,
}

impl CatalogKind {
    pub const ALL: [CatalogKind; 2] = [CatalogKind::Titles, CatalogKind::JobPositions];

    pub fn code(self) -> &'static str {
        match self {
            CatalogKind::Titles => "titles",
            CatalogKind::JobPositions => "job_positions",
        }
    }

    pub fn from_code(code: &str) -> Option<CatalogKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's name in Vietnamese, as official documents print it.
    pub fn name_vi(self) -> &'static str {
        match self {
            CatalogKind::Titles => "Danh mục chức danh, chức vụ lãnh đạo",
            CatalogKind::JobPositions => "Danh mục vị trí việc làm",
        }
    }

    /// The column that names an entry.
    pub fn name_field(self) -> FieldDef {
        match self {
            CatalogKind::Titles => FieldDef::builtin(
                NAME,
                "Chức danh",
                &["chuc danh", "chuc vu", "ten chuc danh", "chuc danh, chuc vu", "chuc danh lanh dao", "ten"],
            ),
            CatalogKind::JobPositions => FieldDef::builtin(
                NAME,
                "Vị trí việc làm",
                &["vi tri viec lam", "ten vi tri viec lam", "ten vi tri", "vi tri", "ten"],
            ),
        }
    }

    /// The built-in fields other than the name, in the order a table prints them.
    pub fn fields(self) -> Vec<FieldDef> {
        let code = FieldDef::builtin(CODE, "STT", &["stt", "tt", "so tt", "so thu tu", "ma", "ma so"]);
        let notes = FieldDef::builtin(NOTES, "Ghi chú", &["ghi chu"]);
        match self {
            CatalogKind::Titles => vec![
                code,
                FieldDef::builtin(GROUP, "Nhóm", &["nhom", "nhom chuc danh"]),
                FieldDef::builtin(LEVEL, "Cấp", &["cap", "cap hanh chinh"]),
                FieldDef::builtin(
                    EQUIVALENT,
                    "Tương đương với",
                    &["tuong duong", "tuong duong voi", "chuc vu tuong duong", "chuc danh tuong duong"],
                ),
                notes,
            ],
            CatalogKind::JobPositions => vec![
                code,
                FieldDef::builtin(GROUP, "Nhóm", &["nhom", "nhom vi tri viec lam"]),
                FieldDef::builtin(
                    "field",
                    "Ngành, lĩnh vực",
                    &["nganh, linh vuc", "nganh linh vuc", "linh vuc", "nganh"],
                ),
                FieldDef::builtin(
                    "grades",
                    "Cấp độ chuyên môn",
                    &["cap do chuyen mon", "bac nghe nghiep", "cap do", "bac", "cac bac"],
                ),
                notes,
                FieldDef::long(
                    "objective",
                    "Mục tiêu vị trí việc làm",
                    &["muc tieu", "muc tieu vi tri viec lam"],
                ),
                FieldDef::long(
                    "tasks",
                    "Nhiệm vụ và sản phẩm đầu ra theo cấp độ",
                    &["nhiem vu", "cong viec", "nhiem vu va san pham", "san pham dau ra", "cac cong viec"],
                ),
                FieldDef::long("competency_general", "Năng lực chung", &["nang luc chung"]),
                FieldDef::long("competency_professional", "Năng lực chuyên môn", &["nang luc chuyen mon"]),
                FieldDef::long("competency_managerial", "Năng lực quản lý", &["nang luc quan ly"]),
                FieldDef::long(
                    "relations",
                    "Quan hệ công tác",
                    &["quan he cong tac", "moi quan he cong tac", "quan he"],
                ),
                FieldDef::long(
                    "authority",
                    "Phạm vi quyền hạn",
                    &["quyen han", "pham vi quyen han", "tham quyen"],
                ),
                FieldDef::long(
                    "qualifications",
                    "Yêu cầu về trình độ, kinh nghiệm",
                    &[
                        "yeu cau trinh do",
                        "trinh do",
                        "yeu cau ve trinh do",
                        "yeu cau ve trinh do, kinh nghiem",
                        "kinh nghiem",
                    ],
                ),
            ],
        }
    }

    /// Every field of a catalog of this kind: the built-in ones, then the editor's.
    pub fn all_fields(self, extra: &[FieldDef]) -> Vec<FieldDef> {
        let mut all = self.fields();
        all.extend(extra.iter().cloned());
        all
    }
}

/// Key of the name column (not stored as a field: it is the entry's heading).
pub const NAME: &str = "name";
/// Key of the entry's code (STT), kept as the entry provision's number.
pub const CODE: &str = "code";
pub const GROUP: &str = "group";
pub const LEVEL: &str = "level";
pub const EQUIVALENT: &str = "equivalent";
pub const NOTES: &str = "notes";

/// One field of a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Stable key: built-in ones are fixed; an editor's are `x_` + a slug of the name.
    pub key: String,
    /// The column heading, in Vietnamese.
    pub name: String,
    /// Headings that name this field in imported tables, diacritic-folded and lower case.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Long text (a part of the job description): shown below the table row, not in it.
    #[serde(default)]
    pub long: bool,
    /// Added by an editor.
    #[serde(default)]
    pub extra: bool,
}

impl FieldDef {
    fn builtin(key: &str, name: &str, aliases: &[&str]) -> FieldDef {
        FieldDef {
            key: key.to_owned(),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            long: false,
            extra: false,
        }
    }

    fn long(key: &str, name: &str, aliases: &[&str]) -> FieldDef {
        FieldDef { long: true, ..FieldDef::builtin(key, name, aliases) }
    }

    /// A field an editor adds, named `name` (NFC, trimmed); its key is derived from the
    /// folded name.
    pub fn extra(name: &str) -> FieldDef {
        let name = duthao_text::clean_input(name.trim());
        let folded = duthao_text::fold(&name);
        let slug: String = duthao_text::syllables(&folded).collect::<Vec<_>>().join("_");
        FieldDef {
            key: format!("x_{slug}"),
            aliases: vec![heading_key(&name)],
            name,
            long: false,
            extra: true,
        }
    }

    /// Whether a table heading names this field.
    pub fn is_named_by(&self, heading: &str) -> bool {
        let key = heading_key(heading);
        !key.is_empty() && (self.aliases.contains(&key) || heading_key(&self.name) == key)
    }
}

/// A table heading as field aliases are written: folded, lower case, syllables joined by
/// one space, commas kept ("Ngành, lĩnh vực" → "nganh, linh vuc"); a trailing "(*)"
/// or "(1)" footnote mark and a final colon dropped.
pub fn heading_key(heading: &str) -> String {
    let folded = duthao_text::fold(heading);
    let mut text = folded.trim().trim_end_matches(':').trim().to_owned();
    while let Some(open) = text.rfind('(') {
        if text.ends_with(')') && text[open..].len() <= 5 {
            text.truncate(open);
            text = text.trim_end().to_owned();
        } else {
            break;
        }
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() && !word.starts_with(',') {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace(" ,", ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_fields_whatever_their_accents_and_case() {
        let kind = CatalogKind::JobPositions;
        assert!(kind.name_field().is_named_by("Vị trí việc làm"));
        assert!(kind.name_field().is_named_by("TÊN VỊ TRÍ VIỆC LÀM"));
        let fields = kind.fields();
        let field = fields.iter().find(|f| f.key == "field").expect("built-in");
        assert!(field.is_named_by("Ngành, lĩnh vực"));
        assert!(field.is_named_by("Ngành,  lĩnh vực (*)"));
        assert!(!field.is_named_by("Ghi chú"));
        assert!(CatalogKind::Titles.fields().iter().any(|f| f.is_named_by("Tương đương với:")));
    }

    #[test]
    fn an_editors_field_gets_a_stable_key() {
        let field = FieldDef::extra("  Căn cứ pháp lý ");
        assert_eq!(field.key, "x_can_cu_phap_ly");
        assert_eq!(field.name, "Căn cứ pháp lý");
        assert!(field.is_named_by("CĂN CỨ PHÁP LÝ"));
        assert!(field.extra);
    }

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for kind in CatalogKind::ALL {
            assert_eq!(CatalogKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(CatalogKind::from_code("prose"), None);
    }
}
