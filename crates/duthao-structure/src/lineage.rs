//! Which provision of a new version continues which provision of the previous one
//! (the lineage), even when provisions are renumbered, moved, split, merged, inserted
//! (`Điều 5a`) or deleted.
//!
//! Provisions are compared by kind, by text (the syllable pairs of the provision with
//! everything inside it, folded, so tone-mark placement and case do not count) and by
//! structure (the same number, parents that continue each other). In order:
//!
//! 1. links fixed by an editor are taken as they are;
//! 2. provisions whose whole text is identical are paired (one to one);
//! 3. the remaining pairs of the same kind are scored and paired greedily, best first,
//!    if their texts are similar enough ([`MIN_SIMILARITY`]);
//! 4. an unpaired new provision whose text is mostly inside an old one that is
//!    already paired was split off it; an unpaired old provision whose text is mostly
//!    inside a paired new one was merged into it;
//! 5. what is left is inserted (new) or deleted (old).
//!
//! Nothing is guessed below the threshold: an unmatched provision is reported as
//! inserted or deleted and the editor decides.

use std::collections::HashMap;

/// A provision as the matcher sees it; a version is a slice of them in reading order
/// (pre-order), each with the index of its parent.
#[derive(Debug, Clone, Copy)]
pub struct Node<'a> {
    /// `article`, `clause`, `point`, `chapter`…: only provisions of one kind pair.
    pub kind: &'a str,
    /// The number as written (`5`, `5a`, `đ`, `II`).
    pub number: &'a str,
    pub heading: Option<&'a str>,
    /// The provision's own text.
    pub text: &'a str,
    /// Index of the parent in the same slice.
    pub parent: Option<usize>,
}

/// How a new provision continues the previous version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// It continues `old`. The flags say what changed.
    Kept { old: usize, text_changed: bool, renumbered: bool, moved: bool, by_editor: bool },
    /// It was made from (a part of) `old`, which did not continue as such: a clause
    /// made an article, a part of a provision split off.
    Split { old: usize },
    /// It is new.
    Inserted,
}

/// What became of an old provision that no new provision continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Its text went into the new provision `new`.
    Merged {
        new: usize,
    },
    Deleted,
}

/// The lineage between two versions.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    /// For each new provision (same order as the new slice).
    pub links: Vec<Link>,
    /// How similar each new provision is to the old one it is linked to (0 to 1).
    pub scores: Vec<f32>,
    /// Old provisions that no new provision continues, with what became of them.
    pub gone: Vec<(usize, Fate)>,
}

impl Lineage {
    /// The old provision a new one continues, if any.
    pub fn continues(&self, new: usize) -> Option<usize> {
        match self.links.get(new)? {
            Link::Kept { old, .. } => Some(*old),
            _ => None,
        }
    }
}

/// Texts at least this similar (Dice coefficient of syllable pairs) may pair.
pub const MIN_SIMILARITY: f32 = 0.4;
/// A part at least this much inside another (share of its syllable pairs) was split
/// off it or merged into it.
pub const MIN_CONTAINMENT: f32 = 0.6;
/// What the same number and continuing parents add to a pair's score.
const SAME_NUMBER_BONUS: f32 = 0.1;
const SAME_PARENT_BONUS: f32 = 0.1;

/// Links an editor fixed: `(new, Some(old))` pairs them, `(new, None)` says the new
/// provision is inserted.
pub type Fixed = [(usize, Option<usize>)];

/// Matches the provisions of `new` to those of `old`.
pub fn match_versions(old: &[Node<'_>], new: &[Node<'_>], fixed: &Fixed) -> Lineage {
    let old_sets = shingle_sets(old);
    let new_sets = shingle_sets(new);
    let mut new_to_old: Vec<Option<usize>> = vec![None; new.len()];
    let mut old_taken = vec![false; old.len()];
    let mut new_done = vec![false; new.len()];
    let mut scores = vec![0.0f32; new.len()];
    let mut by_editor = vec![false; new.len()];

    // 1. The editor's links.
    for &(n, o) in fixed {
        if n >= new.len() || new_done[n] {
            continue;
        }
        if let Some(o) = o.filter(|o| *o < old.len() && !old_taken[*o]) {
            new_to_old[n] = Some(o);
            old_taken[o] = true;
            scores[n] = dice(&old_sets[o], &new_sets[n]);
        }
        new_done[n] = true;
        by_editor[n] = true;
    }

    // 2. Identical texts, one to one (a text that occurs twice on a side is left to
    //    the scored pass, where structure decides).
    let mut old_by_text: HashMap<(&str, &[u64]), Vec<usize>> = HashMap::new();
    for (o, node) in old.iter().enumerate() {
        if !old_taken[o] && !old_sets[o].is_empty() {
            old_by_text.entry((node.kind, &old_sets[o][..])).or_default().push(o);
        }
    }
    let mut new_by_text: HashMap<(&str, &[u64]), Vec<usize>> = HashMap::new();
    for (n, node) in new.iter().enumerate() {
        if !new_done[n] && !new_sets[n].is_empty() {
            new_by_text.entry((node.kind, &new_sets[n][..])).or_default().push(n);
        }
    }
    for (key, news) in &new_by_text {
        if let (Some(olds), [n]) = (old_by_text.get(key), news.as_slice())
            && let [o] = olds.as_slice()
        {
            new_to_old[*n] = Some(*o);
            old_taken[*o] = true;
            new_done[*n] = true;
            scores[*n] = 1.0;
        }
    }

    // 3. Scored pairs of the same kind that share syllable pairs, best first. Parents
    //    are settled before children (pre-order), so a child's parent bonus sees the
    //    parents' pairing: the pass runs once per depth.
    let depth_old = depths(old);
    let depth_new = depths(new);
    let max_depth = depth_new.iter().chain(&depth_old).copied().max().unwrap_or(0);
    let mut index: HashMap<(&str, u64), Vec<usize>> = HashMap::new();
    for (o, set) in old_sets.iter().enumerate() {
        for s in set {
            index.entry((old[o].kind, *s)).or_default().push(o);
        }
    }
    for depth in 0..=max_depth {
        let mut pairs: Vec<(f32, f32, usize, usize)> = Vec::new();
        for n in (0..new.len()).filter(|n| !new_done[*n] && depth_new[*n] == depth) {
            let mut shared: HashMap<usize, u32> = HashMap::new();
            for s in &new_sets[n] {
                for &o in index.get(&(new[n].kind, *s)).map_or(&[][..], Vec::as_slice) {
                    if !old_taken[o] {
                        *shared.entry(o).or_default() += 1;
                    }
                }
            }
            for (o, count) in shared {
                let similarity = 2.0 * count as f32 / (old_sets[o].len() + new_sets[n].len()) as f32;
                if similarity < MIN_SIMILARITY {
                    continue;
                }
                let mut score = similarity;
                if old[o].number == new[n].number {
                    score += SAME_NUMBER_BONUS;
                }
                if parents_continue(old, new, &new_to_old, o, n) {
                    score += SAME_PARENT_BONUS;
                }
                pairs.push((score, similarity, o, n));
            }
            // A provision without text of its own and without children (an empty
            // heading, say) pairs by number under continuing parents.
            if new_sets[n].is_empty()
                && let Some(o) = (0..old.len()).find(|o| {
                    !old_taken[*o]
                        && old_sets[*o].is_empty()
                        && old[*o].kind == new[n].kind
                        && old[*o].number == new[n].number
                        && parents_continue(old, new, &new_to_old, *o, n)
                })
            {
                pairs.push((1.0, 1.0, o, n));
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)).then(a.2.cmp(&b.2)));
        for (_, similarity, o, n) in pairs {
            if old_taken[o] || new_done[n] {
                continue;
            }
            new_to_old[n] = Some(o);
            old_taken[o] = true;
            new_done[n] = true;
            scores[n] = similarity;
        }
    }

    // 4 and 5. Splits, merges, insertions, deletions.
    let mut links = Vec::with_capacity(new.len());
    for n in 0..new.len() {
        let link = match new_to_old[n] {
            Some(o) => Link::Kept {
                old: o,
                text_changed: normalised(&old[o]) != normalised(&new[n]),
                renumbered: old[o].number != new[n].number,
                moved: !parents_continue(old, new, &new_to_old, o, n),
                by_editor: by_editor[n],
            },
            None if by_editor[n] => Link::Inserted,
            None => match best_container(&new_sets[n], &old_sets) {
                Some((o, part)) => {
                    scores[n] = part;
                    Link::Split { old: o }
                }
                None => Link::Inserted,
            },
        };
        links.push(link);
    }
    let gone = (0..old.len())
        .filter(|o| !old_taken[*o])
        .map(|o| match best_container(&old_sets[o], &new_sets) {
            Some((n, _)) => (o, Fate::Merged { new: n }),
            None => (o, Fate::Deleted),
        })
        .collect();
    Lineage { links, scores, gone }
}

/// Whether the parents of `o` and `n` continue each other (or both are at the top).
fn parents_continue(
    old: &[Node<'_>],
    new: &[Node<'_>],
    new_to_old: &[Option<usize>],
    o: usize,
    n: usize,
) -> bool {
    match (old[o].parent, new[n].parent) {
        (None, None) => true,
        (Some(po), Some(pn)) => new_to_old.get(pn).copied().flatten() == Some(po),
        _ => false,
    }
}

/// The most specific provision (the one with the least text) of the other version
/// that holds most of `part`'s text, of any kind: a clause that became an article is
/// found in the article.
fn best_container(part: &[u64], others: &[Vec<u64>]) -> Option<(usize, f32)> {
    if part.is_empty() {
        return None;
    }
    others
        .iter()
        .enumerate()
        .map(|(i, set)| (i, containment(part, set), set.len()))
        .filter(|(_, c, _)| *c >= MIN_CONTAINMENT)
        .min_by(|a, b| a.2.cmp(&b.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)))
        .map(|(i, c, _)| (i, c))
}

fn depths(nodes: &[Node<'_>]) -> Vec<usize> {
    let mut out = vec![0; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        out[i] = node.parent.filter(|p| *p < i).map_or(0, |p| out[p] + 1);
    }
    out
}

/// The provision's own heading and text, compared as normalised text.
fn normalised(node: &Node<'_>) -> String {
    let own = format!("{} {}", node.heading.unwrap_or(""), node.text);
    duthao_text::normalise_for_matching(&own)
}

/// For each provision, the sorted distinct hashes of the syllable pairs of its text
/// with everything inside it (its heading included).
fn shingle_sets(nodes: &[Node<'_>]) -> Vec<Vec<u64>> {
    let own: Vec<Vec<String>> = nodes
        .iter()
        .map(|n| {
            let text = format!("{} {}", n.heading.unwrap_or(""), n.text);
            duthao_text::syllables(&duthao_text::fold(&text)).map(str::to_owned).collect()
        })
        .collect();
    // The syllables of each subtree, children after their parent (pre-order).
    let mut whole: Vec<Vec<String>> = own.clone();
    for i in (0..nodes.len()).rev() {
        if let Some(p) = nodes[i].parent.filter(|p| *p < i) {
            let child = std::mem::take(&mut whole[i]);
            whole[p].extend(child.iter().cloned());
            whole[i] = child;
        }
    }
    whole
        .iter()
        .map(|words| {
            let mut set: Vec<u64> = if words.len() < 2 {
                words.iter().map(|w| hash(&[w.as_str()])).collect()
            } else {
                words.windows(2).map(|w| hash(&[w[0].as_str(), w[1].as_str()])).collect()
            };
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect()
}

fn hash(words: &[&str]) -> u64 {
    // FNV-1a: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * intersection(a, b) as f32 / (a.len() + b.len()) as f32
}

fn containment(part: &[u64], whole: &[u64]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    intersection(part, whole) as f32 / part.len() as f32
}

#[cfg(test)]
mod tests;
