//! The table of equivalent positions (bảng chức vụ tương đương), as a graph, checked.
//!
//! ## The model
//!
//! Each catalog entry may name, in its "tương đương với" column, the entry it **ranks
//! as**: an edge from the entry to that one, at the same level or a higher one ("Giám
//! đốc sở" (tỉnh) → "Vụ trưởng thuộc bộ" (Trung ương); "Bí thư Đảng ủy xã" (xã) →
//! "Phó Giám đốc sở" (tỉnh)). An entry that names none is a **reference title** (chức
//! danh chuẩn): the scale the others are measured on, usually central titles (Bộ
//! trưởng, Thứ trưởng, Vụ trưởng…). Following the edges from any entry must end at one
//! reference title, its **rank**; two entries are equivalent when they have the same
//! rank. The other direction is never stored: "Vụ trưởng" does not list the titles that
//! rank as it.
//!
//! An entry normally names one entry; it may name several (written "A; B" in an imported
//! table), which is only consistent when they all lead to the same rank.
//!
//! ## What is checked ([`check`])
//!
//! Names and identities (an empty name, an id used twice, a name used twice at one
//! level, which makes references by name ambiguous); references (to itself, to nothing
//! in the catalog, to an ambiguous name); the graph (cycles, an edge to a lower level,
//! targets at two different levels, more than one rank); and a deputy ("Phó …")
//! ranked above its head ("…" without "Phó", same body, same level): in a higher group,
//! or at a rank whose head is the head's rank ("Phó Giám đốc sở" → "Vụ trưởng" while
//! "Giám đốc sở" → "Phó Vụ trưởng"). A deputy at the same rank as its head is allowed:
//! the draft table does that, with a note on the order.
//!
//! [`broken_by_edit`] compares two versions of a catalog and lists the approved
//! equivalences an edit would break, so that it is warned about, not silently taken.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::normalize::Normalizer;
use super::{Entry, EntryId, EquivalentRef, Level, group_rank};

/// An entry, named in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    pub id: EntryId,
    pub name: String,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}” (mã {})", self.name, self.id)
    }
}

/// How a deputy is ranked above its head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum DeputyRank {
    /// In a higher group (group I is the highest).
    Group { deputy_group: String, head_group: String },
    /// At a higher rank: the reference titles they lead to.
    Reference { deputy_reference: EntryRef, head_reference: EntryRef },
}

/// A problem of the catalog's equivalences. Its `Display` is the message for the editor,
/// in Vietnamese, naming the entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    EmptyName {
        id: EntryId,
    },
    DuplicateId {
        id: EntryId,
        names: Vec<String>,
    },
    DuplicateName {
        entries: Vec<EntryRef>,
    },
    SelfEquivalence {
        entry: EntryRef,
    },
    UnknownTarget {
        entry: EntryRef,
        reference: String,
    },
    AmbiguousTarget {
        entry: EntryRef,
        reference: String,
        candidates: Vec<EntryRef>,
    },
    /// The entries around the cycle, in order, starting from the smallest id.
    Cycle {
        entries: Vec<EntryRef>,
    },
    TargetBelow {
        entry: EntryRef,
        level: Level,
        target: EntryRef,
        target_level: Level,
    },
    TwoLevels {
        entry: EntryRef,
        targets: Vec<(EntryRef, Level)>,
    },
    SeveralRanks {
        entry: EntryRef,
        references: Vec<EntryRef>,
    },
    DeputyAboveHead {
        deputy: EntryRef,
        head: EntryRef,
        rank: DeputyRank,
    },
}

fn list(entries: &[EntryRef]) -> String {
    entries.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::EmptyName { id } => write!(f, "Mục mã {id} không có tên chức danh."),
            Problem::DuplicateId { id, names } => {
                let names: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
                write!(
                    f,
                    "Mã {id} được dùng cho nhiều mục: {}; chỉ mục đầu tiên được dùng.",
                    names.join(", ")
                )
            }
            Problem::DuplicateName { entries } => write!(
                f,
                "Chức danh {} có nhiều lần ở cùng một cấp ({}): tương đương ghi theo tên chức danh này không xác định được.",
                entries.first().map(|e| format!("“{}”", e.name)).unwrap_or_default(),
                entries.iter().map(|e| format!("mã {}", e.id)).collect::<Vec<_>>().join(", ")
            ),
            Problem::SelfEquivalence { entry } => {
                write!(f, "Chức danh {entry} được xác định tương đương với chính nó.")
            }
            Problem::UnknownTarget { entry, reference } => write!(
                f,
                "Chức danh {entry} tương đương với “{reference}”, nhưng “{reference}” không có trong danh mục."
            ),
            Problem::AmbiguousTarget { entry, reference, candidates } => write!(
                f,
                "Chức danh {entry} tương đương với “{reference}”, nhưng danh mục có nhiều chức danh tên này: {}.",
                list(candidates)
            ),
            Problem::Cycle { entries } => {
                let mut path: Vec<String> = entries.iter().map(ToString::to_string).collect();
                if let Some(first) = entries.first() {
                    path.push(first.to_string());
                }
                write!(f, "Vòng lặp tương đương: {}.", path.join(" → "))
            }
            Problem::TargetBelow { entry, level, target, target_level } => write!(
                f,
                "Chức danh {entry} (cấp {}) tương đương với {target} ở cấp thấp hơn (cấp {}).",
                level.label(),
                target_level.label()
            ),
            Problem::TwoLevels { entry, targets } => {
                let targets: Vec<String> =
                    targets.iter().map(|(t, level)| format!("{t} cấp {}", level.label())).collect();
                write!(
                    f,
                    "Chức danh {entry} tương đương với chức danh ở hai cấp khác nhau: {}.",
                    targets.join(", ")
                )
            }
            Problem::SeveralRanks { entry, references } => write!(
                f,
                "Chức danh {entry} được quy về nhiều chức danh chuẩn khác nhau: {}.",
                list(references)
            ),
            Problem::DeputyAboveHead { deputy, head, rank } => match rank {
                DeputyRank::Group { deputy_group, head_group } => write!(
                    f,
                    "Cấp phó {deputy} thuộc nhóm {deputy_group}, được xếp trên cấp trưởng {head} thuộc nhóm {head_group}."
                ),
                DeputyRank::Reference { deputy_reference, head_reference } => write!(
                    f,
                    "Cấp phó {deputy} tương đương {deputy_reference}, trong khi cấp trưởng {head} chỉ tương đương {head_reference}: cấp phó được xếp trên cấp trưởng."
                ),
            },
        }
    }
}

/// One entry in the graph.
#[derive(Debug)]
struct Node {
    id: EntryId,
    name: String,
    group: String,
    level: Option<Level>,
    key: String,
    /// Resolved targets (indices), without repeats or self-references.
    targets: Vec<usize>,
}

/// The catalog's equivalences, resolved.
#[derive(Debug)]
pub struct Graph {
    nodes: Vec<Node>,
    by_id: HashMap<EntryId, usize>,
    /// The reference titles each node leads to (itself for a reference title), sorted.
    ranks: Vec<Vec<usize>>,
}

impl Graph {
    /// Resolves the references of a catalog, with the problems met on the way.
    pub fn build(entries: &[Entry]) -> (Graph, Vec<Problem>) {
        let normalizer = Normalizer::shared();
        let mut problems = Vec::new();
        let mut nodes: Vec<Node> = Vec::with_capacity(entries.len());
        let mut by_id: HashMap<EntryId, usize> = HashMap::new();
        let mut id_names: HashMap<EntryId, Vec<String>> = HashMap::new();
        let mut kept: Vec<&Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            id_names.entry(entry.id).or_default().push(entry.name.clone());
            if by_id.contains_key(&entry.id) {
                continue;
            }
            let key = normalizer.key(&entry.name);
            if key.is_empty() {
                problems.push(Problem::EmptyName { id: entry.id });
            }
            by_id.insert(entry.id, nodes.len());
            nodes.push(Node {
                id: entry.id,
                name: entry.name.trim().to_owned(),
                group: entry.group.trim().to_owned(),
                level: entry.level,
                key,
                targets: Vec::new(),
            });
            kept.push(entry);
        }
        let mut duplicate_ids: Vec<(EntryId, Vec<String>)> =
            id_names.into_iter().filter(|(_, names)| names.len() > 1).collect();
        duplicate_ids.sort_by_key(|(id, _)| *id);
        problems.extend(duplicate_ids.into_iter().map(|(id, names)| Problem::DuplicateId { id, names }));

        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if !node.key.is_empty() {
                by_key.entry(node.key.as_str()).or_default().push(i);
            }
        }
        let mut same_names: Vec<Vec<usize>> = Vec::new();
        for indices in by_key.values() {
            let mut by_level: HashMap<Option<Level>, Vec<usize>> = HashMap::new();
            for &i in indices {
                by_level.entry(nodes[i].level).or_default().push(i);
            }
            same_names.extend(by_level.into_values().filter(|v| v.len() > 1));
        }
        same_names.sort();
        let entry_ref = |i: usize| EntryRef { id: nodes[i].id, name: nodes[i].name.clone() };
        for group in &same_names {
            problems.push(Problem::DuplicateName { entries: group.iter().map(|&i| entry_ref(i)).collect() });
        }

        let mut targets: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        for (i, entry) in kept.iter().enumerate() {
            for reference in &entry.equivalent_to {
                let resolved = match reference {
                    EquivalentRef::Entry(id) => match by_id.get(id) {
                        Some(&t) => Some(t),
                        None => {
                            problems.push(Problem::UnknownTarget {
                                entry: entry_ref(i),
                                reference: format!("mã {id}"),
                            });
                            None
                        }
                    },
                    EquivalentRef::Name(name) => {
                        match resolve_name(normalizer, &by_key, &nodes, name, nodes[i].level) {
                            Resolution::Found(t) => Some(t),
                            Resolution::Missing => {
                                problems.push(Problem::UnknownTarget {
                                    entry: entry_ref(i),
                                    reference: name.trim().to_owned(),
                                });
                                None
                            }
                            Resolution::Ambiguous(candidates) => {
                                problems.push(Problem::AmbiguousTarget {
                                    entry: entry_ref(i),
                                    reference: name.trim().to_owned(),
                                    candidates: candidates.into_iter().map(entry_ref).collect(),
                                });
                                None
                            }
                        }
                    }
                };
                let Some(t) = resolved else { continue };
                if t == i {
                    if !problems
                        .iter()
                        .any(|p| matches!(p, Problem::SelfEquivalence { entry } if entry.id == nodes[i].id))
                    {
                        problems.push(Problem::SelfEquivalence { entry: entry_ref(i) });
                    }
                } else if !targets[i].contains(&t) {
                    targets[i].push(t);
                }
            }
        }
        for (node, targets) in nodes.iter_mut().zip(targets) {
            node.targets = targets;
        }

        let (on_cycle, cycles) = find_cycles(&nodes);
        let ranks = compute_ranks(&nodes, &on_cycle);
        let graph = Graph { nodes, by_id, ranks };
        for cycle in cycles {
            problems
                .push(Problem::Cycle { entries: cycle.into_iter().map(|i| graph.entry_ref(i)).collect() });
        }
        graph.check_edges(&mut problems);
        graph.check_deputies(&mut problems);
        (graph, problems)
    }

    fn entry_ref(&self, i: usize) -> EntryRef {
        EntryRef { id: self.nodes[i].id, name: self.nodes[i].name.clone() }
    }

    /// The entries `id` is directly equivalent to (resolved).
    pub fn targets(&self, id: EntryId) -> Vec<EntryId> {
        self.by_id
            .get(&id)
            .map(|&i| self.nodes[i].targets.iter().map(|&t| self.nodes[t].id).collect())
            .unwrap_or_default()
    }

    /// The reference titles `id` ranks as: itself for a reference title, none on a cycle
    /// or for an unknown id, more than one when the catalog is inconsistent.
    pub fn ranks(&self, id: EntryId) -> Vec<EntryId> {
        self.by_id
            .get(&id)
            .map(|&i| self.ranks[i].iter().map(|&r| self.nodes[r].id).collect())
            .unwrap_or_default()
    }

    fn check_edges(&self, problems: &mut Vec<Problem>) {
        for (i, node) in self.nodes.iter().enumerate() {
            if let Some(level) = node.level {
                for &t in &node.targets {
                    if let Some(target_level) = self.nodes[t].level.filter(|l| *l > level) {
                        problems.push(Problem::TargetBelow {
                            entry: self.entry_ref(i),
                            level,
                            target: self.entry_ref(t),
                            target_level,
                        });
                    }
                }
            }
            let levels: BTreeSet<Level> = node.targets.iter().filter_map(|&t| self.nodes[t].level).collect();
            if levels.len() > 1 {
                let targets = node
                    .targets
                    .iter()
                    .filter_map(|&t| self.nodes[t].level.map(|l| (self.entry_ref(t), l)))
                    .collect();
                problems.push(Problem::TwoLevels { entry: self.entry_ref(i), targets });
            } else if self.ranks[i].len() > 1 {
                problems.push(Problem::SeveralRanks {
                    entry: self.entry_ref(i),
                    references: self.ranks[i].iter().map(|&r| self.entry_ref(r)).collect(),
                });
            }
        }
    }

    fn check_deputies(&self, problems: &mut Vec<Problem>) {
        let mut by_key_level: HashMap<(&str, Option<Level>), Vec<usize>> = HashMap::new();
        for (i, node) in self.nodes.iter().enumerate() {
            by_key_level.entry((node.key.as_str(), node.level)).or_default().push(i);
        }
        for (d, deputy) in self.nodes.iter().enumerate() {
            let Some(head_key) = deputy.key.strip_prefix("phó ") else { continue };
            let Some(heads) = by_key_level.get(&(head_key, deputy.level)) else { continue };
            for &h in heads {
                if let Some(rank) = self.deputy_above(d, h) {
                    problems.push(Problem::DeputyAboveHead {
                        deputy: self.entry_ref(d),
                        head: self.entry_ref(h),
                        rank,
                    });
                }
            }
        }
    }

    fn deputy_above(&self, d: usize, h: usize) -> Option<DeputyRank> {
        let (deputy, head) = (&self.nodes[d], &self.nodes[h]);
        if let (Some(dg), Some(hg)) = (group_rank(&deputy.group), group_rank(&head.group))
            && dg < hg
        {
            return Some(DeputyRank::Group {
                deputy_group: deputy.group.clone(),
                head_group: head.group.clone(),
            });
        }
        let (&[rd], &[rh]) = (self.ranks[d].as_slice(), self.ranks[h].as_slice()) else { return None };
        if rd == rh || rd == h {
            return None;
        }
        let (reference_d, reference_h) = (&self.nodes[rd], &self.nodes[rh]);
        let reference_is_head = reference_h.key.strip_prefix("phó ") == Some(reference_d.key.as_str());
        let higher_group = matches!(
            (group_rank(&reference_d.group), group_rank(&reference_h.group)),
            (Some(a), Some(b)) if a < b
        );
        (reference_is_head || higher_group).then(|| DeputyRank::Reference {
            deputy_reference: self.entry_ref(rd),
            head_reference: self.entry_ref(rh),
        })
    }
}

enum Resolution {
    Found(usize),
    Missing,
    Ambiguous(Vec<usize>),
}

/// Finds the entry a name refers to: by its key, then without a note in brackets
/// ("Thứ trưởng (xếp trên các Phó Bí thư khác)"). Among several with the key, the one
/// at the referring entry's level or above it, if only one is.
fn resolve_name(
    normalizer: &Normalizer,
    by_key: &HashMap<&str, Vec<usize>>,
    nodes: &[Node],
    name: &str,
    level: Option<Level>,
) -> Resolution {
    let without_note: String = {
        let mut depth = 0usize;
        name.chars()
            .filter(|c| match c {
                '(' | '[' => {
                    depth += 1;
                    false
                }
                ')' | ']' => {
                    depth = depth.saturating_sub(1);
                    false
                }
                _ => depth == 0,
            })
            .collect()
    };
    for candidate in [name, without_note.as_str()] {
        let key = normalizer.key(candidate);
        let Some(hits) = by_key.get(key.as_str()) else { continue };
        if let [only] = hits.as_slice() {
            return Resolution::Found(*only);
        }
        let at_or_above: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&i| match (nodes[i].level, level) {
                (Some(target), Some(own)) => target <= own,
                _ => true,
            })
            .collect();
        if let [only] = at_or_above.as_slice() {
            return Resolution::Found(*only);
        }
        return Resolution::Ambiguous(hits.clone());
    }
    Resolution::Missing
}

/// Marks the nodes on a cycle and lists each cycle once, in order, from its smallest id.
fn find_cycles(nodes: &[Node]) -> (Vec<bool>, Vec<Vec<usize>>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Colour {
        White,
        Grey,
        Black,
    }
    let mut colour = vec![Colour::White; nodes.len()];
    let mut on_cycle = vec![false; nodes.len()];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    let mut seen: HashSet<BTreeSet<usize>> = HashSet::new();
    for start in 0..nodes.len() {
        if colour[start] != Colour::White {
            continue;
        }
        // (node, next target to visit); the stack is the current path.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        colour[start] = Colour::Grey;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&target) = nodes[node].targets.get(*next) {
                *next += 1;
                match colour[target] {
                    Colour::White => {
                        colour[target] = Colour::Grey;
                        stack.push((target, 0));
                    }
                    Colour::Grey => {
                        let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                        for &n in &cycle {
                            on_cycle[n] = true;
                        }
                        if seen.insert(cycle.iter().copied().collect()) {
                            let smallest = (0..cycle.len()).min_by_key(|&k| nodes[cycle[k]].id).unwrap_or(0);
                            cycle.rotate_left(smallest);
                            cycles.push(cycle);
                        }
                    }
                    Colour::Black => {}
                }
            } else {
                colour[node] = Colour::Black;
                stack.pop();
            }
        }
    }
    cycles.sort_by_key(|c| c.first().map(|&i| nodes[i].id));
    (on_cycle, cycles)
}

/// The reference titles each node leads to, skipping cycles.
fn compute_ranks(nodes: &[Node], on_cycle: &[bool]) -> Vec<Vec<usize>> {
    let mut ranks: Vec<Option<Vec<usize>>> = vec![None; nodes.len()];
    for start in 0..nodes.len() {
        if ranks[start].is_some() {
            continue;
        }
        let mut stack = vec![start];
        while let Some(&node) = stack.last() {
            if ranks[node].is_some() {
                stack.pop();
                continue;
            }
            if on_cycle[node] {
                ranks[node] = Some(Vec::new());
                stack.pop();
                continue;
            }
            if nodes[node].targets.is_empty() {
                ranks[node] = Some(vec![node]);
                stack.pop();
                continue;
            }
            let pending: Vec<usize> = nodes[node]
                .targets
                .iter()
                .copied()
                .filter(|&t| ranks[t].is_none() && !stack.contains(&t))
                .collect();
            if pending.is_empty() {
                let mut mine: BTreeSet<usize> = BTreeSet::new();
                for &t in &nodes[node].targets {
                    mine.extend(ranks[t].iter().flatten().copied());
                }
                ranks[node] = Some(mine.into_iter().collect());
                stack.pop();
            } else {
                stack.extend(pending);
            }
        }
    }
    ranks.into_iter().map(Option::unwrap_or_default).collect()
}

/// Checks a catalog's equivalences; see the module documentation.
pub fn check(entries: &[Entry]) -> Vec<Problem> {
    Graph::build(entries).1
}

/// Why an approved equivalence would be broken by an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum BreakReason {
    /// The entry itself is removed.
    EntryRemoved,
    /// An entry it was equivalent to is removed.
    TargetRemoved { target: EntryRef },
    /// It is now equivalent to other entries (none, when a reference no longer resolves).
    TargetsChanged { before: Vec<EntryRef>, after: Vec<EntryRef> },
    /// Its targets are the same but they now lead to another rank.
    RankChanged { before: Vec<EntryRef>, after: Vec<EntryRef> },
    /// It or an entry it is equivalent to moved to another level.
    LevelChanged { moved: EntryRef, before: Option<Level>, after: Option<Level> },
}

/// An approved equivalence an edit would break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenEquivalence {
    pub entry: EntryRef,
    pub reason: BreakReason,
}

fn names(entries: &[EntryRef]) -> String {
    if entries.is_empty() { "không chức danh nào".to_owned() } else { list(entries) }
}

fn level_name(level: Option<Level>) -> &'static str {
    level.map_or("(không ghi cấp)", Level::label)
}

impl fmt::Display for BrokenEquivalence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let entry = &self.entry;
        match &self.reason {
            BreakReason::EntryRemoved => {
                write!(f, "Sửa đổi xóa chức danh {entry}, có quan hệ tương đương đã được phê duyệt.")
            }
            BreakReason::TargetRemoved { target } => write!(
                f,
                "Sửa đổi xóa chức danh {target}, mà chức danh {entry} đã được phê duyệt là tương đương."
            ),
            BreakReason::TargetsChanged { before, after } => write!(
                f,
                "Chức danh {entry} đã được phê duyệt tương đương với {}; sau sửa đổi tương đương với {}.",
                names(before),
                names(after)
            ),
            BreakReason::RankChanged { before, after } => write!(
                f,
                "Chức danh {entry} đã được phê duyệt quy về {}; sau sửa đổi ở chức danh trung gian, quy về {}.",
                names(before),
                names(after)
            ),
            BreakReason::LevelChanged { moved, before, after } => write!(
                f,
                "Sửa đổi chuyển chức danh {moved} từ cấp {} sang cấp {}, làm thay đổi quan hệ tương đương đã được phê duyệt của chức danh {entry}.",
                level_name(*before),
                level_name(*after)
            ),
        }
    }
}

/// The approved equivalences (of the entries `approved`, as they stand in `old`) that
/// the edit from `old` to `new` would break. Ids not in `old` have nothing to break.
pub fn broken_by_edit(old: &[Entry], new: &[Entry], approved: &[EntryId]) -> Vec<BrokenEquivalence> {
    let (before, _) = Graph::build(old);
    let (after, _) = Graph::build(new);
    let refs = |graph: &Graph, ids: &[EntryId]| -> Vec<EntryRef> {
        ids.iter().filter_map(|id| graph.by_id.get(id).map(|&i| graph.entry_ref(i))).collect()
    };
    let mut broken = Vec::new();
    let mut done: HashSet<EntryId> = HashSet::new();
    for &id in approved {
        if !done.insert(id) {
            continue;
        }
        let Some(&old_index) = before.by_id.get(&id) else { continue };
        let entry = before.entry_ref(old_index);
        if !after.by_id.contains_key(&id) {
            broken.push(BrokenEquivalence { entry, reason: BreakReason::EntryRemoved });
            continue;
        }
        let old_targets = before.targets(id);
        let new_targets = after.targets(id);
        if let Some(removed) = old_targets.iter().find(|t| !after.by_id.contains_key(t)) {
            let target = refs(&before, &[*removed]).swap_remove(0);
            broken.push(BrokenEquivalence { entry, reason: BreakReason::TargetRemoved { target } });
            continue;
        }
        let sorted = |mut v: Vec<EntryId>| {
            v.sort();
            v
        };
        if sorted(old_targets.clone()) != sorted(new_targets.clone()) {
            broken.push(BrokenEquivalence {
                entry,
                reason: BreakReason::TargetsChanged {
                    before: refs(&before, &old_targets),
                    after: refs(&after, &new_targets),
                },
            });
            continue;
        }
        let level = |graph: &Graph, id: EntryId| graph.by_id.get(&id).map(|&i| graph.nodes[i].level);
        let moved = std::iter::once(id).chain(old_targets.iter().copied()).find_map(|t| {
            let (old_level, new_level) = (level(&before, t)?, level(&after, t)?);
            (old_level != new_level).then_some((t, old_level, new_level))
        });
        if let Some((moved, old_level, new_level)) = moved {
            broken.push(BrokenEquivalence {
                entry,
                reason: BreakReason::LevelChanged {
                    moved: refs(&after, &[moved]).swap_remove(0),
                    before: old_level,
                    after: new_level,
                },
            });
            continue;
        }
        let (old_ranks, new_ranks) = (before.ranks(id), after.ranks(id));
        if old_ranks != new_ranks {
            broken.push(BrokenEquivalence {
                entry,
                reason: BreakReason::RankChanged {
                    before: refs(&before, &old_ranks),
                    after: refs(&after, &new_ranks),
                },
            });
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_name(name: &str) -> EquivalentRef {
        EquivalentRef::Name(name.to_owned())
    }

    /// A small table modelled on the draft's (Phần III, mục II.2).
    fn table() -> Vec<Entry> {
        use Level::*;
        vec![
            Entry::new(1, "Bộ trưởng", "I", Some(Central)),
            Entry::new(2, "Thứ trưởng", "II", Some(Central)),
            Entry::new(3, "Vụ trưởng thuộc bộ", "III", Some(Central)),
            Entry::new(4, "Phó Vụ trưởng thuộc bộ", "III", Some(Central)),
            Entry::new(10, "Bí thư Tỉnh ủy, Thành ủy", "I", Some(Provincial))
                .equivalent_to(by_name("Bộ trưởng")),
            Entry::new(11, "Phó Bí thư Tỉnh ủy, Thành ủy", "I", Some(Provincial))
                .equivalent_to(by_name("Thứ trưởng (xếp trên các Phó Bí thư khác)")),
            Entry::new(12, "Giám đốc sở", "III", Some(Provincial))
                .equivalent_to(by_name("Vụ trưởng thuộc bộ")),
            Entry::new(13, "Phó Giám đốc sở", "III", Some(Provincial))
                .equivalent_to(EquivalentRef::Entry(EntryId(4))),
            Entry::new(20, "Bí thư Đảng ủy xã", "IV", Some(Commune))
                .equivalent_to(by_name("Phó Giám đốc sở")),
            Entry::new(21, "Phó Bí thư Đảng ủy xã", "IV", Some(Commune))
                .equivalent_to(by_name("Phó Giám đốc sở")),
        ]
    }

    fn messages(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_draft_table_is_consistent() {
        let (graph, problems) = Graph::build(&table());
        assert_eq!(problems, [], "{:?}", messages(&problems));
        assert_eq!(graph.ranks(EntryId(20)), [EntryId(4)]);
        assert_eq!(graph.ranks(EntryId(11)), [EntryId(2)]);
        assert_eq!(graph.ranks(EntryId(1)), [EntryId(1)]);
        assert_eq!(graph.targets(EntryId(13)), [EntryId(4)]);
        assert_eq!(graph.ranks(EntryId(99)), []);
    }

    #[test]
    fn an_equivalence_to_itself_is_reported() {
        let mut entries = table();
        entries[2].equivalent_to.push(by_name("Vụ trưởng thuộc Bộ"));
        entries[2].equivalent_to.push(EquivalentRef::Entry(EntryId(3)));
        let problems = check(&entries);
        assert_eq!(
            messages(&problems),
            ["Chức danh “Vụ trưởng thuộc bộ” (mã 3) được xác định tương đương với chính nó."]
        );
    }

    #[test]
    fn unknown_and_ambiguous_references_are_reported() {
        let mut entries = table();
        entries.push(
            Entry::new(30, "Chánh Văn phòng", "III", Some(Level::Provincial))
                .equivalent_to(by_name("Cục trưởng")),
        );
        entries.push(
            Entry::new(31, "Trưởng phòng", "IV", Some(Level::Commune))
                .equivalent_to(EquivalentRef::Entry(EntryId(77))),
        );
        entries.push(Entry::new(32, "Chánh Văn phòng", "III", Some(Level::Provincial)));
        entries.push(
            Entry::new(33, "Phó Chánh Văn phòng", "IV", Some(Level::Commune))
                .equivalent_to(by_name("Chánh văn phòng")),
        );
        let messages = messages(&check(&entries));
        assert_eq!(
            messages,
            [
                "Chức danh “Chánh Văn phòng” có nhiều lần ở cùng một cấp (mã 30, mã 32): tương đương ghi theo tên chức danh này không xác định được.",
                "Chức danh “Chánh Văn phòng” (mã 30) tương đương với “Cục trưởng”, nhưng “Cục trưởng” không có trong danh mục.",
                "Chức danh “Trưởng phòng” (mã 31) tương đương với “mã 77”, nhưng “mã 77” không có trong danh mục.",
                "Chức danh “Phó Chánh Văn phòng” (mã 33) tương đương với “Chánh văn phòng”, nhưng danh mục có nhiều chức danh tên này: “Chánh Văn phòng” (mã 30), “Chánh Văn phòng” (mã 32).",
            ]
        );
    }

    #[test]
    fn cycles_are_reported_once_in_order() {
        let mut entries = table();
        // Vụ trưởng → Giám đốc sở → Vụ trưởng; and a longer one through the commune.
        entries[2].equivalent_to.push(EquivalentRef::Entry(EntryId(12)));
        entries[3].equivalent_to.push(EquivalentRef::Entry(EntryId(21)));
        let problems = check(&entries);
        let cycles: Vec<String> =
            problems.iter().filter(|p| matches!(p, Problem::Cycle { .. })).map(ToString::to_string).collect();
        assert_eq!(
            cycles,
            [
                "Vòng lặp tương đương: “Vụ trưởng thuộc bộ” (mã 3) → “Giám đốc sở” (mã 12) → “Vụ trưởng thuộc bộ” (mã 3).",
                "Vòng lặp tương đương: “Phó Vụ trưởng thuộc bộ” (mã 4) → “Phó Bí thư Đảng ủy xã” (mã 21) → “Phó Giám đốc sở” (mã 13) → “Phó Vụ trưởng thuộc bộ” (mã 4).",
            ]
        );
        // The central titles now point down, too.
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, Problem::TargetBelow { entry, .. } if entry.id == EntryId(4)))
        );
        // A title on a cycle has no rank; nor has one that only leads to the cycle.
        let (graph, _) = Graph::build(&entries);
        assert_eq!(graph.ranks(EntryId(20)), []);
    }

    #[test]
    fn targets_at_two_levels_and_several_ranks_are_reported() {
        let mut entries = table();
        entries[6].equivalent_to.push(by_name("Phó Bí thư Tỉnh ủy"));
        entries[9].equivalent_to.push(by_name("Thứ trưởng"));
        assert_eq!(
            messages(&check(&entries)),
            [
                "Chức danh “Giám đốc sở” (mã 12) tương đương với chức danh ở hai cấp khác nhau: “Vụ trưởng thuộc bộ” (mã 3) cấp Trung ương, “Phó Bí thư Tỉnh ủy, Thành ủy” (mã 11) cấp Tỉnh.",
                "Chức danh “Phó Bí thư Đảng ủy xã” (mã 21) tương đương với chức danh ở hai cấp khác nhau: “Phó Giám đốc sở” (mã 13) cấp Tỉnh, “Thứ trưởng” (mã 2) cấp Trung ương.",
            ]
        );
        let mut entries = table();
        entries[6].equivalent_to.push(by_name("Thứ trưởng"));
        assert_eq!(
            messages(&check(&entries)),
            [
                "Chức danh “Giám đốc sở” (mã 12) được quy về nhiều chức danh chuẩn khác nhau: “Thứ trưởng” (mã 2), “Vụ trưởng thuộc bộ” (mã 3)."
            ]
        );
    }

    #[test]
    fn a_deputy_above_its_head_is_reported() {
        let mut entries = table();
        entries[7].equivalent_to = vec![by_name("Vụ trưởng thuộc bộ")];
        entries[6].equivalent_to = vec![by_name("Phó Vụ trưởng thuộc bộ")];
        entries[9].group = "II".to_owned();
        let messages = messages(&check(&entries));
        assert_eq!(
            messages,
            [
                "Cấp phó “Phó Giám đốc sở” (mã 13) tương đương “Vụ trưởng thuộc bộ” (mã 3), trong khi cấp trưởng “Giám đốc sở” (mã 12) chỉ tương đương “Phó Vụ trưởng thuộc bộ” (mã 4): cấp phó được xếp trên cấp trưởng.",
                "Cấp phó “Phó Bí thư Đảng ủy xã” (mã 21) thuộc nhóm II, được xếp trên cấp trưởng “Bí thư Đảng ủy xã” (mã 20) thuộc nhóm IV.",
            ]
        );
    }

    #[test]
    fn bad_rows_are_reported_and_nothing_panics() {
        let entries = vec![
            Entry::new(1, "", "I", None),
            Entry::new(2, "Bộ trưởng", "I", Some(Level::Central)),
            Entry::new(2, "Thứ trưởng", "II", Some(Level::Central)),
            Entry::new(3, "Bí thư Tỉnh ủy", "I", Some(Level::Provincial)).equivalent_to(by_name("")),
        ];
        let messages = messages(&check(&entries));
        assert_eq!(
            messages,
            [
                "Mục mã 1 không có tên chức danh.",
                "Mã 2 được dùng cho nhiều mục: “Bộ trưởng”, “Thứ trưởng”; chỉ mục đầu tiên được dùng.",
                "Chức danh “Bí thư Tỉnh ủy” (mã 3) tương đương với “”, nhưng “” không có trong danh mục.",
            ]
        );
        assert_eq!(check(&[]), []);
    }

    #[test]
    fn an_edit_that_breaks_an_approved_equivalence_is_warned() {
        let old = table();
        let approved = [EntryId(12), EntryId(20), EntryId(21), EntryId(10), EntryId(99)];
        assert_eq!(broken_by_edit(&old, &old, &approved), []);

        // Renaming "Phó Giám đốc sở" breaks the commune titles that name it.
        let mut new = table();
        new[7].name = "Phó Giám đốc sở và tương đương".to_owned();
        let broken: Vec<String> =
            broken_by_edit(&old, &new, &approved).iter().map(ToString::to_string).collect();
        assert_eq!(
            broken,
            [
                "Chức danh “Bí thư Đảng ủy xã” (mã 20) đã được phê duyệt tương đương với “Phó Giám đốc sở” (mã 13); sau sửa đổi tương đương với không chức danh nào.",
                "Chức danh “Phó Bí thư Đảng ủy xã” (mã 21) đã được phê duyệt tương đương với “Phó Giám đốc sở” (mã 13); sau sửa đổi tương đương với không chức danh nào.",
            ]
        );

        // Re-pointing the intermediate title changes the rank of those that lead through it.
        let mut new = table();
        new[7].equivalent_to = vec![by_name("Vụ trưởng thuộc bộ")];
        let broken = broken_by_edit(&old, &new, &[EntryId(20)]);
        assert_eq!(
            broken[0].to_string(),
            "Chức danh “Bí thư Đảng ủy xã” (mã 20) đã được phê duyệt quy về “Phó Vụ trưởng thuộc bộ” (mã 4); sau sửa đổi ở chức danh trung gian, quy về “Vụ trưởng thuộc bộ” (mã 3)."
        );

        // Removing a title, or its target, or moving the target to another level.
        let new: Vec<Entry> = table().into_iter().filter(|e| e.id != EntryId(3)).collect();
        let broken = broken_by_edit(&old, &new, &[EntryId(12), EntryId(3)]);
        assert_eq!(
            broken.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "Sửa đổi xóa chức danh “Vụ trưởng thuộc bộ” (mã 3), mà chức danh “Giám đốc sở” (mã 12) đã được phê duyệt là tương đương.",
                "Sửa đổi xóa chức danh “Vụ trưởng thuộc bộ” (mã 3), có quan hệ tương đương đã được phê duyệt.",
            ]
        );
        let mut new = table();
        new[7].level = Some(Level::Commune);
        let broken = broken_by_edit(&old, &new, &[EntryId(20)]);
        assert_eq!(
            broken[0].to_string(),
            "Sửa đổi chuyển chức danh “Phó Giám đốc sở” (mã 13) từ cấp Tỉnh sang cấp Xã, làm thay đổi quan hệ tương đương đã được phê duyệt của chức danh “Bí thư Đảng ủy xã” (mã 20)."
        );
    }

    proptest::proptest! {
        #[test]
        fn checks_never_panic(
            rows in proptest::collection::vec(
                (0i64..12, "\\PC{0,12}", proptest::option::of(0usize..3), proptest::collection::vec((0i64..14, proptest::bool::ANY), 0..3)),
                0..12,
            )
        ) {
            let levels = [Level::Central, Level::Provincial, Level::Commune];
            let names = ["Bộ trưởng", "Phó Bộ trưởng", "Thứ trưởng", "Giám đốc sở", "Phó Giám đốc sở"];
            let entries: Vec<Entry> = rows
                .iter()
                .map(|(id, name, level, refs)| {
                    let mut entry = Entry::new(*id, name, "II", level.map(|l| levels[l]));
                    for (target, by_id) in refs {
                        entry.equivalent_to.push(if *by_id {
                            EquivalentRef::Entry(EntryId(*target))
                        } else {
                            by_name(names[*target as usize % names.len()])
                        });
                    }
                    entry
                })
                .collect();
            let problems = check(&entries);
            for problem in &problems {
                proptest::prop_assert!(!problem.to_string().is_empty());
            }
            let _ = broken_by_edit(&entries, &entries[..entries.len() / 2], &[EntryId(1), EntryId(2)]);
        }
    }
}
