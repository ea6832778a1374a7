//! Positions are not headcount: the positions × people view of a submitted list.
//!
//! A job position (vị trí việc làm) is a body of work, not a person: one position may be
//! held by many people, one person may hold several positions. From the holders an
//! organisation lists under each position this module gives the positions with no
//! holder, one or many; the people who hold several positions; and warnings where the
//! positions look derived from the people:
//!
//! - as many positions as people, each held by exactly one person (at least
//!   [`MIN_POSITIONS_FOR_WARNING`] positions, so that a small unit is not flagged);
//! - positions of one unit that differ only by a personal qualifier: a person's name
//!   ("Chuyên viên - Nguyễn Văn An"), a bracketed or marked person ("Kế toán (bà Lan)",
//!   "Văn thư đ/c Hùng") or a number ("Chuyên viên 1", "Chuyên viên số 2");
//! - a position whose name carries a person.
//!
//! People are told apart by their name only (lower case, tone marks canonical, titles of
//! address such as "ông", "bà", "đ/c" dropped): two people of one organisation with the
//! same name count as one. Positions are told apart by their matching key and unit.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::SubmittedEntry;
use super::matching::DuplicateRow;
use super::normalize::Normalizer;

/// Fewer positions than this are never "one position per person".
pub const MIN_POSITIONS_FOR_WARNING: usize = 5;

/// Titles of address before a person's name.
const ADDRESS: &[&[&str]] = &[&["ông"], &["bà"], &["đồng", "chí"], &["đ", "c"]];

/// One position of the organisation, its rows merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The name as first written.
    pub name: String,
    pub unit: Option<String>,
    pub key: String,
    /// Holders as first written, each person once.
    pub holders: Vec<String>,
    /// The rows it was listed on.
    pub rows: Vec<usize>,
}

/// A person who holds several positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonPositions {
    pub person: String,
    /// Indices into [`Headcount::positions`].
    pub positions: Vec<usize>,
}

/// A sign that the positions were derived from the people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum Warning {
    OnePositionPerPerson { organisation: String, positions: usize },
    PersonalQualifier { base: String, positions: Vec<String> },
    PersonInName { position: String, person: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::OnePositionPerPerson { organisation, positions } => write!(
                f,
                "{organisation} kê khai {positions} vị trí việc làm cho {positions} người, mỗi vị trí do đúng một người đảm nhiệm: danh sách vị trí có vẻ được lập theo người, không theo công việc."
            ),
            Warning::PersonalQualifier { base, positions } => {
                let names: Vec<String> = positions.iter().map(|p| format!("“{p}”")).collect();
                write!(
                    f,
                    "Các vị trí {} chỉ khác nhau ở tên người hoặc số thứ tự: nên là một vị trí “{base}” do nhiều người đảm nhiệm.",
                    names.join(", ")
                )
            }
            Warning::PersonInName { position, person } => write!(
                f,
                "Vị trí “{position}” mang tên người (“{person}”): vị trí việc làm không gắn với người đảm nhiệm."
            ),
        }
    }
}

/// The positions × people view of one organisation's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Headcount {
    pub organisation: String,
    pub positions: Vec<Position>,
    /// Positions with no holder, one, several (indices into `positions`).
    pub vacant: Vec<usize>,
    pub single: Vec<usize>,
    pub shared: Vec<usize>,
    /// Distinct people.
    pub people: usize,
    pub several: Vec<PersonPositions>,
    pub warnings: Vec<Warning>,
    pub empty_rows: Vec<usize>,
    /// Rows that list a position again (their holders are merged into it).
    pub duplicate_rows: Vec<DuplicateRow>,
}

/// Splits a holders cell ("Nguyễn Văn An; Trần Thị Bình") into names.
pub fn split_holders(cell: &str) -> Vec<String> {
    cell.split([';', ',', '\n', '+'])
        .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|name| !name.is_empty())
        .collect()
}

/// A person's name in comparable form: syllables, lower case, canonical tones, without
/// a title of address.
fn person_syllables(name: &str) -> Vec<String> {
    let normal = duthao_text::normalise_for_matching(name);
    let mut syllables: Vec<String> = duthao_text::syllables(&normal).map(str::to_owned).collect();
    for address in ADDRESS {
        if syllables.len() > address.len() && syllables.iter().zip(address.iter()).all(|(a, b)| a == b) {
            syllables.drain(..address.len());
            break;
        }
    }
    syllables
}

/// The positions × people view of one organisation's list.
pub fn analyse(organisation: &str, rows: &[SubmittedEntry]) -> Headcount {
    let normalizer = Normalizer::shared();
    let mut positions: Vec<Position> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut empty_rows = Vec::new();
    let mut duplicate_rows = Vec::new();
    // Per position, the people (by comparable name) already listed.
    let mut holder_keys: Vec<Vec<Vec<String>>> = Vec::new();
    for row in rows {
        let key = normalizer.key(&row.name);
        if key.is_empty() {
            empty_rows.push(row.row);
            continue;
        }
        let unit_key = row.unit.as_deref().map(|u| normalizer.key(u)).unwrap_or_default();
        let at = match index.get(&(key.clone(), unit_key.clone())) {
            Some(&at) => {
                duplicate_rows.push(DuplicateRow { row: row.row, same_as: positions[at].rows[0] });
                positions[at].rows.push(row.row);
                at
            }
            None => {
                index.insert((key.clone(), unit_key), positions.len());
                positions.push(Position {
                    name: row.name.split_whitespace().collect::<Vec<_>>().join(" "),
                    unit: row.unit.as_ref().map(|u| u.split_whitespace().collect::<Vec<_>>().join(" ")),
                    key,
                    holders: Vec::new(),
                    rows: vec![row.row],
                });
                holder_keys.push(Vec::new());
                positions.len() - 1
            }
        };
        for holder in row.holders.iter().flat_map(|cell| split_holders(cell)) {
            let person = person_syllables(&holder);
            if person.is_empty() || holder_keys[at].contains(&person) {
                continue;
            }
            holder_keys[at].push(person);
            positions[at].holders.push(holder);
        }
    }

    let mut people: Vec<(Vec<String>, String, Vec<usize>)> = Vec::new();
    let mut person_index: HashMap<Vec<String>, usize> = HashMap::new();
    for (at, keys) in holder_keys.iter().enumerate() {
        for (k, person) in keys.iter().enumerate() {
            let p = *person_index.entry(person.clone()).or_insert_with(|| {
                people.push((person.clone(), positions[at].holders[k].clone(), Vec::new()));
                people.len() - 1
            });
            people[p].2.push(at);
        }
    }
    let by_holders = |n: fn(usize) -> bool| -> Vec<usize> {
        positions.iter().enumerate().filter(|(_, p)| n(p.holders.len())).map(|(i, _)| i).collect()
    };
    let vacant = by_holders(|n| n == 0);
    let single = by_holders(|n| n == 1);
    let shared = by_holders(|n| n > 1);
    let several: Vec<PersonPositions> = people
        .iter()
        .filter(|(_, _, held)| held.len() > 1)
        .map(|(_, name, held)| PersonPositions { person: name.clone(), positions: held.clone() })
        .collect();

    let mut warnings = Vec::new();
    if positions.len() >= MIN_POSITIONS_FOR_WARNING
        && single.len() == positions.len()
        && people.len() == positions.len()
        && several.is_empty()
    {
        warnings.push(Warning::OnePositionPerPerson {
            organisation: organisation.to_owned(),
            positions: positions.len(),
        });
    }
    let everyone: Vec<&Vec<String>> = people.iter().map(|(key, _, _)| key).collect();
    let mut by_base: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut carries_person: Vec<Option<String>> = vec![None; positions.len()];
    for (at, position) in positions.iter().enumerate() {
        let (base, person) = without_qualifier(&position.name, &everyone);
        carries_person[at] = person;
        let unit = position.unit.as_deref().map(|u| normalizer.key(u)).unwrap_or_default();
        if !base.is_empty() {
            by_base.entry((base, unit)).or_default().push(at);
        }
    }
    let mut groups: Vec<((String, String), Vec<usize>)> =
        by_base.into_iter().filter(|(_, members)| members.len() > 1).collect();
    groups.sort_by_key(|(_, members)| members[0]);
    let mut grouped = vec![false; positions.len()];
    for ((base, _), members) in groups {
        for &m in &members {
            grouped[m] = true;
        }
        warnings.push(Warning::PersonalQualifier {
            base,
            positions: members.iter().map(|&m| positions[m].name.clone()).collect(),
        });
    }
    for (at, person) in carries_person.into_iter().enumerate() {
        if let (Some(person), false) = (person, grouped[at]) {
            warnings.push(Warning::PersonInName { position: positions[at].name.clone(), person });
        }
    }

    Headcount {
        organisation: organisation.to_owned(),
        positions,
        vacant,
        single,
        shared,
        people: people.len(),
        several,
        warnings,
        empty_rows,
        duplicate_rows,
    }
}

/// The key of a position name without its personal qualifier, and the person it
/// named, if it named one (numbers are qualifiers but not persons).
fn without_qualifier(name: &str, people: &[&Vec<String>]) -> (String, Option<String>) {
    let mut person: Option<String> = None;
    // Bracketed parts: dropped when they name a person, kept otherwise.
    let mut outside = String::with_capacity(name.len());
    let mut inside = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => {
                depth += 1;
                if depth == 1 {
                    inside.clear();
                    continue;
                }
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let bracketed = person_syllables(&inside);
                    let marked = names_person(&inside, people);
                    if marked {
                        person = Some(bracketed.join(" "));
                    } else {
                        outside.push(' ');
                        outside.push_str(&inside);
                    }
                    outside.push(' ');
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            inside.push(c);
        } else {
            outside.push(c);
        }
    }
    if depth > 0 {
        outside.push(' ');
        outside.push_str(&inside);
    }
    let normal = duthao_text::normalise_for_matching(&outside);
    let mut words: Vec<&str> = duthao_text::syllables(&normal).collect();
    // "… ông Nguyễn Văn An", "… đ/c Hùng": a title of address after the first word.
    if let Some((at, _)) = (1..words.len()).find_map(|i| {
        ADDRESS.iter().find(|a| words.len() > i + a.len() && words[i..].starts_with(a)).map(|a| (i, a))
    }) {
        let named = person_syllables(&words[at..].join(" "));
        person = Some(named.join(" "));
        words.truncate(at);
    }
    // "… Nguyễn Văn An": a holder's name at the end.
    if let Some(holder) = people
        .iter()
        .filter(|p| !p.is_empty() && p.len() < words.len())
        .find(|p| words[words.len() - p.len()..].iter().zip(p.iter()).all(|(a, b)| a == b))
    {
        words.truncate(words.len() - holder.len());
        person = Some(holder.join(" "));
    }
    // "… 1", "… số 2".
    while words.len() > 1 && words.last().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit())) {
        words.pop();
        if words.len() > 1 && words.last() == Some(&"số") {
            words.pop();
        }
    }
    (Normalizer::shared().key(&words.join(" ")), person)
}

/// True when bracketed text names a person: a title of address, or a holder's name.
fn names_person(text: &str, people: &[&Vec<String>]) -> bool {
    let normal = duthao_text::normalise_for_matching(text);
    let words: Vec<&str> = duthao_text::syllables(&normal).collect();
    ADDRESS.iter().any(|a| words.len() > a.len() && words.starts_with(a))
        || people
            .iter()
            .any(|p| !p.is_empty() && p.len() == words.len() && p.iter().zip(&words).all(|(a, b)| a == b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: usize, name: &str, unit: &str, holders: &[&str]) -> SubmittedEntry {
        SubmittedEntry::new(n, name, Some(unit)).held_by(holders)
    }

    #[test]
    fn positions_with_none_one_or_many_holders() {
        let rows = [
            row(2, "Chuyên viên quản lý nhân sự", "Phòng Tổ chức cán bộ", &["Nguyễn Văn An; Trần Thị Bình"]),
            row(3, "Kế toán", "Văn phòng Sở", &["Lê Thị Cúc"]),
            row(4, "Văn thư", "Văn phòng Sở", &[]),
            row(5, "Chuyên viên pháp chế", "Phòng Tổ chức cán bộ", &["Nguyễn Văn An"]),
            // The same position again, spelled otherwise: merged, not counted twice.
            row(
                6,
                "chuyên viên  quản lý nhân sự",
                "Phòng tổ chức cán bộ",
                &["Ông Phạm Văn Dũng", "Trần Thị Bình"],
            ),
            row(7, "  ", "Văn phòng Sở", &["Ai đó"]),
        ];
        let view = analyse("Sở Nội vụ tỉnh Nghệ An", &rows);
        assert_eq!(view.positions.len(), 4);
        assert_eq!(view.positions[0].holders, ["Nguyễn Văn An", "Trần Thị Bình", "Ông Phạm Văn Dũng"]);
        assert_eq!(view.positions[0].rows, [2, 6]);
        assert_eq!(view.vacant, [2]);
        assert_eq!(view.single, [1, 3]);
        assert_eq!(view.shared, [0]);
        assert_eq!(view.people, 4);
        assert_eq!(
            view.several,
            [PersonPositions { person: "Nguyễn Văn An".to_owned(), positions: vec![0, 3] }]
        );
        assert_eq!(view.empty_rows, [7]);
        assert_eq!(view.duplicate_rows, [DuplicateRow { row: 6, same_as: 2 }]);
        assert_eq!(view.warnings, []);
    }

    #[test]
    fn one_position_per_person_is_warned() {
        let rows: Vec<SubmittedEntry> = [
            ("Chuyên viên tổng hợp", "Nguyễn Văn An"),
            ("Chuyên viên quản lý công chức", "Trần Thị Bình"),
            ("Chuyên viên quản lý viên chức", "Lê Văn Cường"),
            ("Chuyên viên đào tạo, bồi dưỡng", "Phạm Thị Dung"),
            ("Chuyên viên thi đua, khen thưởng", "Hoàng Văn Em"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (name, holder))| row(i + 2, name, "Phòng Tổ chức cán bộ", &[holder]))
        .collect();
        let view = analyse("Sở Y tế", &rows);
        assert_eq!(
            view.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "Sở Y tế kê khai 5 vị trí việc làm cho 5 người, mỗi vị trí do đúng một người đảm nhiệm: danh sách vị trí có vẻ được lập theo người, không theo công việc."
            ]
        );
        // Four are too few to say.
        assert_eq!(analyse("Sở Y tế", &rows[..4]).warnings, []);
    }

    #[test]
    fn names_that_differ_only_by_a_person_are_warned() {
        let rows = [
            row(2, "Chuyên viên (ông Nguyễn Văn An)", "Phòng Kế hoạch", &["Nguyễn Văn An"]),
            row(3, "Chuyên viên - Trần Thị Bình", "Phòng Kế hoạch", &["Trần Thị Bình"]),
            row(4, "Chuyên viên 3", "Phòng Kế hoạch", &["Lê Văn Cường"]),
            row(5, "Chuyên viên số 4", "Phòng Kế hoạch", &["Phạm Thị Dung"]),
            // Another unit: another position.
            row(6, "Chuyên viên", "Phòng Tài chính", &["Hoàng Văn Em"]),
            // A bracket that does not name a person is part of the name.
            row(7, "Kế toán (kiêm thủ quỹ)", "Phòng Tài chính", &[]),
            row(8, "Văn thư đ/c Hùng", "Phòng Tài chính", &["Đỗ Văn Hùng"]),
        ];
        let view = analyse("Sở Tài chính", &rows);
        let messages: Vec<String> = view.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "Các vị trí “Chuyên viên (ông Nguyễn Văn An)”, “Chuyên viên - Trần Thị Bình”, “Chuyên viên 3”, “Chuyên viên số 4” chỉ khác nhau ở tên người hoặc số thứ tự: nên là một vị trí “chuyên viên” do nhiều người đảm nhiệm.",
                "Vị trí “Văn thư đ/c Hùng” mang tên người (“hùng”): vị trí việc làm không gắn với người đảm nhiệm.",
            ]
        );
    }

    #[test]
    fn holders_cells_split_and_bad_rows_do_not_panic() {
        assert_eq!(
            split_holders(" Nguyễn Văn An ;Trần  Thị Bình,\nLê Cúc ; ; "),
            ["Nguyễn Văn An", "Trần Thị Bình", "Lê Cúc"]
        );
        assert!(split_holders("").is_empty());
        let view = analyse("", &[]);
        assert!(view.positions.is_empty() && view.warnings.is_empty());
        let odd = [
            row(1, "((", "", &["ông"]),
            row(2, "Chuyên viên (", "", &[")"]),
            row(3, "Chuyên viên ]", "", &["ông ông"]),
        ];
        let view = analyse("?", &odd);
        assert_eq!(view.positions.len(), 1);
        assert_eq!(view.empty_rows, [1]);
        assert_eq!(view.duplicate_rows, [DuplicateRow { row: 3, same_as: 2 }]);
    }

    proptest::proptest! {
        #[test]
        fn analysis_never_panics(names in proptest::collection::vec(("\\PC{0,24}", "\\PC{0,12}"), 0..8)) {
            let rows: Vec<SubmittedEntry> =
                names.iter().enumerate().map(|(i, (n, h))| row(i, n, "Phòng", &[h.as_str()])).collect();
            let _ = analyse("Tỉnh", &rows);
        }
    }
}
