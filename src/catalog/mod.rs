//! Catalogs of titles and job positions (issue 9): the library core.
//!
//! - [`normalize`]: the matching key of a title or job-position name ("Phó trưởng Ban" =
//!   "P. Trưởng ban"), and its diacritic-folded form;
//! - [`matching`]: each entry of a locality's list matched to the catalog (matched,
//!   uncertain for an editor to confirm, unknown), and the review lists (rà soát) for
//!   one organisation and for the whole country;
//! - [`equivalence`]: the table of equivalent positions as a graph, checked, and the
//!   check that an edit does not break an approved equivalence;
//! - [`headcount`]: positions × people from the submitted holders.
//!
//! Pure logic: no I/O, no storage, no web. Storage, import (XLSX, CSV, DOCX tables) and
//! the pages are built on these types; they must not re-implement matching or checks.

pub mod equivalence;
pub mod fields;
pub mod headcount;
pub mod matching;
pub mod normalize;
pub mod table;

use serde::Serialize;

/// A hash map with a fast, unkeyed hash (FxHash, as rustc uses), for the matcher's
/// internal tables and memos. Their keys are names from the lists under review, bounded
/// by the lists' size, so hash flooding buys an attacker nothing the list size does not.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// FxHash: one multiply and rotate per word.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The identity of a catalog entry, kept across versions of the catalog (like a
/// provision's lineage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryId(pub i64);

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The level (cấp) of a title: since 1 July 2025 there are three, central, provincial
/// (tỉnh, thành phố trực thuộc Trung ương) and commune (xã, phường, đặc khu — "cơ sở").
///
/// Ordered from the highest: `Central < Provincial < Commune`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Level {
    Central,
    Provincial,
    Commune,
}

impl Level {
    /// Reads a level as catalogs and submissions write it: "Trung ương", "TW", "Tỉnh",
    /// "cấp tỉnh", "Thành phố", "Xã", "xã/cơ sở", "Phường", "Đặc khu"… `None` when it is
    /// none of these (including "huyện": there is no district level any more).
    pub fn parse(text: &str) -> Option<Level> {
        let folded = duthao_text::fold(text);
        let words: Vec<&str> = duthao_text::syllables(&folded).collect();
        let words = match words.as_slice() {
            ["cap", rest @ ..] => rest,
            all => all,
        };
        match words {
            ["trung", "uong", ..] | ["tw", ..] | ["t", "u"] | ["t", "w"] => Some(Level::Central),
            ["tinh", ..] | ["thanh", "pho", ..] => Some(Level::Provincial),
            ["xa", ..] | ["co", "so", ..] | ["phuong", ..] | ["dac", "khu", ..] => Some(Level::Commune),
            _ => None,
        }
    }

    /// The level's name as the catalog tables print it.
    pub fn label(self) -> &'static str {
        match self {
            Level::Central => "Trung ương",
            Level::Provincial => "Tỉnh",
            Level::Commune => "Xã",
        }
    }
}

/// A reference, in the "tương đương với" column, to the entry this one ranks as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EquivalentRef {
    /// By identity (once resolved, or in a catalog edited in Duthao).
    Entry(EntryId),
    /// By name, as an imported table writes it; resolved through the matching key.
    Name(String),
}

/// One entry of a catalog: a leadership title or a job position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub id: EntryId,
    pub name: String,
    /// Group: "I"–"IV" for titles; "quản lý", "chuyên môn, nghiệp vụ", "hỗ trợ" for job
    /// positions. Empty when the catalog has none.
    pub group: String,
    /// `None` in catalogs without levels (job positions).
    pub level: Option<Level>,
    /// The entries this one is equivalent to (ranks as); usually none or one.
    pub equivalent_to: Vec<EquivalentRef>,
}

impl Entry {
    /// An entry without equivalences.
    pub fn new(id: i64, name: &str, group: &str, level: Option<Level>) -> Entry {
        Entry {
            id: EntryId(id),
            name: name.to_owned(),
            group: group.to_owned(),
            level,
            equivalent_to: Vec::new(),
        }
    }

    /// The same entry, equivalent to `target` as well.
    pub fn equivalent_to(mut self, target: EquivalentRef) -> Entry {
        self.equivalent_to.push(target);
        self
    }
}

/// The rank of a title group, 1 for the highest ("I", "Nhóm I", "1") to 4 ("IV");
/// `None` for groups that are not ranked (those of job positions).
pub fn group_rank(group: &str) -> Option<u8> {
    let folded = duthao_text::fold(group);
    let word = duthao_text::syllables(&folded).filter(|w| *w != "nhom").last()?;
    match word {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        "v" | "5" => Some(5),
        "vi" | "6" => Some(6),
        _ => None,
    }
}

/// One row of an organisation's submitted list: a title or job position, the unit
/// (bộ phận, đơn vị) it belongs to, and the people who hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmittedEntry {
    /// The row in the submitted file (1-based, as the organisation sees it).
    pub row: usize,
    pub name: String,
    pub unit: Option<String>,
    pub holders: Vec<String>,
}

impl SubmittedEntry {
    /// A row without holders.
    pub fn new(row: usize, name: &str, unit: Option<&str>) -> SubmittedEntry {
        SubmittedEntry { row, name: name.to_owned(), unit: unit.map(str::to_owned), holders: Vec::new() }
    }

    /// The same row with these holders.
    pub fn held_by(mut self, holders: &[&str]) -> SubmittedEntry {
        self.holders = holders.iter().map(|h| (*h).to_owned()).collect();
        self
    }
}

/// An organisation under review, with what fits it in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub name: String,
    /// Levels whose titles the organisation has (a province: tỉnh and xã). Empty: any.
    pub levels: Vec<Level>,
    /// Groups the organisation's entries may belong to. Empty: any.
    pub groups: Vec<String>,
}

impl Organisation {
    /// A provincial unit: its own titles and those of its communes.
    pub fn province(name: &str) -> Organisation {
        Organisation {
            name: name.to_owned(),
            levels: vec![Level::Provincial, Level::Commune],
            groups: Vec::new(),
        }
    }
}

/// One organisation's list, as submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Submission {
    pub organisation: Organisation,
    pub entries: Vec<SubmittedEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_as_written() {
        for (text, level) in [
            ("Trung ương", Some(Level::Central)),
            ("TW", Some(Level::Central)),
            ("cấp Trung ương", Some(Level::Central)),
            ("Tỉnh", Some(Level::Provincial)),
            ("tỉnh, thành phố", Some(Level::Provincial)),
            ("Thành phố", Some(Level::Provincial)),
            ("cấp tỉnh", Some(Level::Provincial)),
            ("Xã", Some(Level::Commune)),
            ("xã/cơ sở", Some(Level::Commune)),
            ("Cơ sở", Some(Level::Commune)),
            ("Phường", Some(Level::Commune)),
            ("đặc khu", Some(Level::Commune)),
            ("huyện", None),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(Level::parse(text), level, "{text:?}");
        }
    }

    #[test]
    fn title_groups_rank_from_one() {
        assert_eq!(group_rank("I"), Some(1));
        assert_eq!(group_rank("Nhóm III"), Some(3));
        assert_eq!(group_rank("nhóm iv"), Some(4));
        assert_eq!(group_rank("2"), Some(2));
        assert_eq!(group_rank("chuyên môn, nghiệp vụ"), None);
        assert_eq!(group_rank(""), None);
    }
}
