//! Matching an organisation's list to the catalog, and the review lists (rà soát).
//!
//! Each submitted row is decided once, in this order:
//!
//! 1. **Matched** when one of its readings ([`NameKey`]) equals the key of a catalog
//!    entry. Two entries with one key (the same name at two levels): the one at the
//!    organisation's levels, else uncertain.
//! 2. **Matched** as well when the name was typed without any accent and its folded form
//!    equals one entry's folded key; with accents that differ from the entry's, it is
//!    **uncertain** with score [`FOLDED_SCORE`] ("Sở Nôi vụ").
//! 3. Otherwise a fuzzy score against every entry that shares a syllable (an inverted
//!    index of syllables): 0.6 × the IDF-weighted Jaccard similarity of the syllable sets
//!    plus 0.4 × the edit similarity of the folded forms. At or above
//!    [`UNCERTAIN_THRESHOLD`] the row is **uncertain**, with its best candidates, for an
//!    editor to confirm ([`Matcher::confirm`]); below, **unknown**.
//!
//! Fuzzy scores never match on their own: near misses ("Bí thư Thường trực Tỉnh ủy"
//! for "Phó Bí thư Thường trực Tỉnh ủy", "Giám đốc Sở Du lịch" for "Giám đốc Sở Y tế")
//! are exactly what must not be matched silently.
//!
//! The review ([`Matcher::review_organisation`], [`Matcher::review_country`]) gives the
//! three lists the chair asked for: catalog entries an organisation lacks; entries it
//! has that do not fit (unknown, or matched to an entry of another level or group); and
//! entries many organisations have that the catalog lacks (proposed additions: unknown
//! and unconfirmed rows clustered by their key, with the organisations that have them).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::normalize::{NameKey, Normalizer, fold, is_unaccented, without_level_word};
use super::{Entry, EntryId, FastMap, Level, Organisation, Submission};

/// A fuzzy score at or above this makes a row uncertain (candidates for an editor);
/// below it the row is unknown.
pub const UNCERTAIN_THRESHOLD: f32 = 0.55;
/// The score of a candidate whose folded form equals the row's while the accents differ.
pub const FOLDED_SCORE: f32 = 0.95;
/// Candidates kept for an uncertain row.
pub const MAX_CANDIDATES: usize = 3;
/// An unknown row keeps its nearest entry when it scores at least this.
const NEAREST_THRESHOLD: f32 = 0.3;
/// Entries whose edit similarity is computed, per reading (the best by Jaccard).
const EDIT_CANDIDATES: usize = 4;

/// A catalog entry proposed for a row, with its score (1.0 for an exact key).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Candidate {
    pub entry: EntryId,
    pub score: f32,
}

/// How a row came to be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// Equal matching keys.
    Key,
    /// Typed without accents, equal folded keys.
    Unaccented,
    /// Confirmed by an editor.
    Editor,
}

/// The decision on one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MatchOutcome {
    Matched {
        entry: EntryId,
        by: MatchedBy,
    },
    /// For an editor to confirm; best candidate first.
    Uncertain {
        candidates: Vec<Candidate>,
    },
    /// Not in the catalog (or rejected by an editor: then without `nearest`).
    Unknown {
        nearest: Option<Candidate>,
    },
}

impl MatchOutcome {
    /// The matched entry, if any.
    pub fn entry(&self) -> Option<EntryId> {
        match self {
            MatchOutcome::Matched { entry, .. } => Some(*entry),
            _ => None,
        }
    }
}

/// One submitted row and its decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowMatch {
    pub row: usize,
    pub name: String,
    pub unit: Option<String>,
    /// The row's matching key (its primary reading).
    pub key: String,
    pub outcome: MatchOutcome,
}

/// A row that repeats an earlier one (same key, same unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    pub row: usize,
    pub same_as: usize,
}

/// One organisation's list, matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubmissionMatch {
    pub organisation: Organisation,
    /// Every row with a name, duplicates included, in submitted order.
    pub rows: Vec<RowMatch>,
    /// Rows without a name (empty, or punctuation only): not matched.
    pub empty_rows: Vec<usize>,
    pub duplicates: Vec<DuplicateRow>,
}

/// An editor's confirmation that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfirmError {
    #[error("Danh sách của {organisation} không có dòng {row}.")]
    NoSuchRow { organisation: String, row: usize },
    #[error("Danh mục không có mục mã {0}.")]
    NoSuchEntry(EntryId),
}

/// Why a row does not fit the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum MisfitReason {
    /// Not in the catalog.
    Unknown,
    /// In the catalog at a level the organisation does not have.
    OtherLevel { entry: EntryId, level: Level },
    /// In the catalog in a group the organisation does not have.
    OtherGroup { entry: EntryId, group: String },
}

/// A row an organisation has that does not fit the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Misfit {
    pub row: usize,
    pub name: String,
    pub reason: MisfitReason,
}

/// The review of one organisation's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganisationReview {
    pub organisation: String,
    pub rows: usize,
    pub matched: usize,
    pub uncertain: usize,
    pub unknown: usize,
    /// Catalog entries that fit the organisation and that no row matches.
    pub lacking: Vec<EntryId>,
    /// Rows that do not fit: unknown, or at another level or group.
    pub misfits: Vec<Misfit>,
    /// Rows awaiting an editor's confirmation (not counted in the lists above).
    pub pending: Vec<usize>,
    pub duplicates: Vec<DuplicateRow>,
    pub empty_rows: Vec<usize>,
}

/// A catalog entry lacked by some organisations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryLack {
    pub entry: EntryId,
    pub name: String,
    /// Organisations it fits that lack it.
    pub organisations: usize,
}

/// A catalog entry that organisations have at a level or in a group they do not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryMisfit {
    pub entry: EntryId,
    pub name: String,
    pub organisations: Vec<String>,
}

/// A title many organisations have and the catalog lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProposedAddition {
    pub key: String,
    /// The spelling most rows use.
    pub name: String,
    /// The organisations that have it, sorted.
    pub organisations: Vec<String>,
    pub rows: usize,
    /// Rows still awaiting an editor (uncertain against `nearest`).
    pub unconfirmed_rows: usize,
    pub nearest: Option<Candidate>,
}

/// Settings of the country review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewSettings {
    /// A title unknown to the catalog is proposed when at least this many organisations
    /// have it.
    pub min_organisations: usize,
}

impl Default for ReviewSettings {
    fn default() -> ReviewSettings {
        ReviewSettings { min_organisations: 3 }
    }
}

/// The review for the whole country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryReview {
    pub organisations: Vec<OrganisationReview>,
    /// Entries lacked by at least one organisation, most lacked first.
    pub lacking: Vec<CountryLack>,
    /// Entries held at another level or in another group, by entry.
    pub misfits: Vec<CountryMisfit>,
    /// Most widespread first.
    pub proposed: Vec<ProposedAddition>,
}

/// A row's spelling, its unit and the organisation's levels.
type SpellingKey<'s> = (&'s str, Option<&'s str>, u8);

/// What one worker remembers between rows and lists: lists repeat themselves (the same
/// title in every commune, in every province), so each distinct spelling is read once
/// and each distinct reading decided once. Keyed by the organisation's levels, which
/// decide between entries sharing a key.
#[derive(Default)]
struct Memo<'s> {
    rows: FastMap<SpellingKey<'s>, (Arc<str>, MatchOutcome)>,
    decisions: FastMap<(String, u8), MatchOutcome>,
}

/// One catalog entry as the matcher sees it.
#[derive(Debug)]
struct Indexed {
    id: EntryId,
    name: String,
    group: String,
    level: Option<Level>,
    folded: String,
    /// Syllable ids, without repeats.
    syllables: Vec<u32>,
    weight: f32,
}

/// A catalog, indexed for matching. Build it once per catalog version; it is immutable
/// and can be shared between threads.
#[derive(Debug)]
pub struct Matcher {
    entries: Vec<Indexed>,
    by_key: FastMap<String, Vec<u32>>,
    by_folded: FastMap<String, Vec<u32>>,
    vocabulary: FastMap<String, u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<u32>>,
    /// The weight of a syllable no entry has.
    unseen_weight: f32,
}

impl Matcher {
    /// Indexes a catalog. Entries without a name are left out (the catalog check
    /// reports them).
    pub fn new(catalog: &[Entry]) -> Matcher {
        let normalizer = Normalizer::shared();
        let mut vocabulary: FastMap<String, u32> = FastMap::default();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        let mut entries = Vec::with_capacity(catalog.len());
        let mut by_key: FastMap<String, Vec<u32>> = FastMap::default();
        let mut by_folded: FastMap<String, Vec<u32>> = FastMap::default();
        for entry in catalog {
            let key = normalizer.key(&entry.name);
            if key.is_empty() {
                continue;
            }
            let index = entries.len() as u32;
            let mut syllables: Vec<u32> = Vec::new();
            for word in key.split(' ') {
                let next = vocabulary.len() as u32;
                let id = *vocabulary.entry(word.to_owned()).or_insert(next);
                if id == next {
                    postings.push(Vec::new());
                }
                if !syllables.contains(&id) {
                    syllables.push(id);
                    postings[id as usize].push(index);
                }
            }
            let folded = fold(&key);
            by_key.entry(key).or_default().push(index);
            by_folded.entry(folded.clone()).or_default().push(index);
            entries.push(Indexed {
                id: entry.id,
                name: entry.name.clone(),
                group: entry.group.clone(),
                level: entry.level,
                folded,
                syllables,
                weight: 0.0,
            });
        }
        let n = entries.len().max(1) as f32;
        let idf: Vec<f32> = postings.iter().map(|p| (1.0 + n / p.len().max(1) as f32).ln()).collect();
        for entry in &mut entries {
            entry.weight = entry.syllables.iter().map(|s| idf[*s as usize]).sum();
        }
        let unseen_weight = (1.0 + n).ln();
        Matcher { entries, by_key, by_folded, vocabulary, idf, postings, unseen_weight }
    }

    /// Entries indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the catalog had no entry with a name.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Decides one name submitted under `unit` by an organisation with these levels.
    pub fn match_name(&self, name: &str, unit: Option<&str>, levels: &[Level]) -> (NameKey, MatchOutcome) {
        let key = Normalizer::shared().name_key(name, unit);
        let outcome = self.decide(name, &key, levels);
        (key, outcome)
    }

    fn decide(&self, name: &str, key: &NameKey, levels: &[Level]) -> MatchOutcome {
        if key.is_empty() {
            return MatchOutcome::Unknown { nearest: None };
        }
        for reading in key.readings() {
            if let Some(hits) = self.by_key.get(reading) {
                return self.pick(hits, levels, MatchedBy::Key, 1.0);
            }
        }
        for reading in key.readings() {
            if let Some(hits) = self.by_folded.get(&fold(reading)) {
                if is_unaccented(name) {
                    return self.pick(hits, levels, MatchedBy::Unaccented, FOLDED_SCORE);
                }
                let candidates: Vec<Candidate> = hits
                    .iter()
                    .take(MAX_CANDIDATES)
                    .map(|i| Candidate { entry: self.entries[*i as usize].id, score: FOLDED_SCORE })
                    .collect();
                return MatchOutcome::Uncertain { candidates };
            }
        }
        let candidates = self.fuzzy(key);
        match candidates.first() {
            Some(best) if best.score >= UNCERTAIN_THRESHOLD => {
                let candidates = candidates.into_iter().filter(|c| c.score >= UNCERTAIN_THRESHOLD).collect();
                MatchOutcome::Uncertain { candidates }
            }
            Some(best) if best.score >= NEAREST_THRESHOLD => MatchOutcome::Unknown { nearest: Some(*best) },
            _ => MatchOutcome::Unknown { nearest: None },
        }
    }

    /// Among entries with the row's key: the only one, or the only one at the
    /// organisation's levels; otherwise all of them, uncertain.
    fn pick(&self, hits: &[u32], levels: &[Level], by: MatchedBy, score: f32) -> MatchOutcome {
        let fitting: Vec<u32> = if hits.len() == 1 {
            hits.to_vec()
        } else {
            hits.iter().copied().filter(|i| fits_level(self.entries[*i as usize].level, levels)).collect()
        };
        if let [only] = fitting.as_slice() {
            return MatchOutcome::Matched { entry: self.entries[*only as usize].id, by };
        }
        let candidates = hits
            .iter()
            .take(MAX_CANDIDATES)
            .map(|i| Candidate { entry: self.entries[*i as usize].id, score })
            .collect();
        MatchOutcome::Uncertain { candidates }
    }

    /// The best entries by fuzzy score over every reading, best first.
    fn fuzzy(&self, key: &NameKey) -> Vec<Candidate> {
        let mut best: FastMap<u32, f32> = FastMap::default();
        let mut shared = vec![0.0f32; self.entries.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for reading in key.readings() {
            touched.clear();
            seen.clear();
            let mut query_weight = 0.0f32;
            for word in reading.split(' ') {
                if seen.contains(&word) {
                    continue;
                }
                seen.push(word);
                match self.vocabulary.get(word) {
                    Some(&id) => {
                        let weight = self.idf[id as usize];
                        query_weight += weight;
                        for &entry in &self.postings[id as usize] {
                            if shared[entry as usize] == 0.0 {
                                touched.push(entry);
                            }
                            shared[entry as usize] += weight;
                        }
                    }
                    None => query_weight += self.unseen_weight,
                }
            }
            // The best few by Jaccard, ties to the earlier entry.
            let mut top: Vec<(u32, f32)> = Vec::with_capacity(EDIT_CANDIDATES + 1);
            for &e in &touched {
                let common = shared[e as usize];
                shared[e as usize] = 0.0;
                let union = query_weight + self.entries[e as usize].weight - common;
                let jaccard = if union > 0.0 { common / union } else { 0.0 };
                let at = top.partition_point(|&(other, j)| j > jaccard || (j == jaccard && other < e));
                if at < EDIT_CANDIDATES {
                    top.insert(at, (e, jaccard));
                    top.truncate(EDIT_CANDIDATES);
                }
            }
            let folded = fold(reading);
            for &(e, jaccard) in &top {
                let edit = edit_similarity(folded.as_bytes(), self.entries[e as usize].folded.as_bytes());
                let score = 0.6 * jaccard + 0.4 * edit;
                let slot = best.entry(e).or_insert(0.0);
                if score > *slot {
                    *slot = score;
                }
            }
        }
        let mut candidates: Vec<Candidate> = best
            .into_iter()
            .map(|(e, score)| Candidate { entry: self.entries[e as usize].id, score })
            .collect();
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        candidates.truncate(MAX_CANDIDATES);
        candidates
    }

    /// Matches one organisation's list.
    pub fn match_submission(&self, submission: &Submission) -> SubmissionMatch {
        self.match_remembering(submission, &mut Memo::default())
    }

    fn match_remembering<'s>(&self, submission: &'s Submission, memo: &mut Memo<'s>) -> SubmissionMatch {
        let normalizer = Normalizer::shared();
        let levels = &submission.organisation.levels;
        let mask = levels.iter().fold(0u8, |m, l| m | 1 << (*l as u8));
        let mut rows = Vec::with_capacity(submission.entries.len());
        let mut empty_rows = Vec::new();
        let mut duplicates = Vec::new();
        for entry in &submission.entries {
            let unit = entry.unit.as_deref();
            let (key, outcome) = match memo.rows.get(&(entry.name.as_str(), unit, mask)) {
                Some(known) => known.clone(),
                None => {
                    let key = normalizer.name_key(&entry.name, unit);
                    // Typed without accents, a name may match by its folded form.
                    let decision =
                        (key.readings().join("\n"), mask | u8::from(is_unaccented(&entry.name)) << 7);
                    let outcome = match memo.decisions.get(&decision) {
                        Some(outcome) => outcome.clone(),
                        None => {
                            let outcome = self.decide(&entry.name, &key, levels);
                            memo.decisions.insert(decision, outcome.clone());
                            outcome
                        }
                    };
                    let known: (Arc<str>, MatchOutcome) = (key.primary().into(), outcome);
                    memo.rows.insert((entry.name.as_str(), unit, mask), known.clone());
                    known
                }
            };
            if key.is_empty() {
                empty_rows.push(entry.row);
                continue;
            }
            rows.push(RowMatch {
                row: entry.row,
                name: entry.name.clone(),
                unit: entry.unit.clone(),
                key: key.to_string(),
                outcome,
            });
        }
        // A row repeats an earlier one when its key and its unit's key are the same.
        let mut unit_keys: FastMap<&str, String> = FastMap::default();
        for unit in rows.iter().filter_map(|r| r.unit.as_deref()) {
            if !unit_keys.contains_key(unit) {
                unit_keys.insert(unit, normalizer.key(unit));
            }
        }
        let mut first_rows: FastMap<(&str, &str), usize> = FastMap::default();
        for matched in &rows {
            let unit_key = matched.unit.as_deref().and_then(|u| unit_keys.get(u)).map_or("", String::as_str);
            match first_rows.entry((matched.key.as_str(), unit_key)) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    duplicates.push(DuplicateRow { row: matched.row, same_as: *first.get() });
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(matched.row);
                }
            }
        }
        SubmissionMatch { organisation: submission.organisation.clone(), rows, empty_rows, duplicates }
    }

    /// Matches every list, on all cores; each worker remembers the spellings it has met.
    pub fn match_all(&self, submissions: &[Submission]) -> Vec<SubmissionMatch> {
        let workers =
            std::thread::available_parallelism().map_or(1, |n| n.get()).min(submissions.len().max(1));
        if workers <= 1 {
            let mut memo = Memo::default();
            return submissions.iter().map(|s| self.match_remembering(s, &mut memo)).collect();
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<(usize, SubmissionMatch)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        let mut memo = Memo::default();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(submission) = submissions.get(i) else { break };
                            done.push((i, self.match_remembering(submission, &mut memo)));
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| match h.join() {
                    Ok(done) => done,
                    Err(panic) => std::panic::resume_unwind(panic),
                })
                .collect()
        });
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, m)| m).collect()
    }

    /// Records an editor's decision on an uncertain (or any) row: `Some(entry)` matches
    /// it, `None` says it is not in the catalog. Applies to every row with that number.
    pub fn confirm(
        &self,
        matched: &mut SubmissionMatch,
        row: usize,
        entry: Option<EntryId>,
    ) -> Result<(), ConfirmError> {
        if let Some(id) = entry
            && !self.entries.iter().any(|e| e.id == id)
        {
            return Err(ConfirmError::NoSuchEntry(id));
        }
        let mut found = false;
        for r in matched.rows.iter_mut().filter(|r| r.row == row) {
            r.outcome = match entry {
                Some(entry) => MatchOutcome::Matched { entry, by: MatchedBy::Editor },
                None => MatchOutcome::Unknown { nearest: None },
            };
            found = true;
        }
        if found {
            Ok(())
        } else {
            Err(ConfirmError::NoSuchRow { organisation: matched.organisation.name.clone(), row })
        }
    }

    fn entry(&self, id: EntryId) -> Option<&Indexed> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The review lists for one organisation.
    pub fn review_organisation(&self, matched: &SubmissionMatch) -> OrganisationReview {
        let organisation = &matched.organisation;
        let by_id: FastMap<EntryId, &Indexed> = self.entries.iter().map(|e| (e.id, e)).collect();
        let mut held: FastMap<EntryId, ()> = FastMap::default();
        let (mut matched_rows, mut uncertain, mut unknown) = (0, 0, 0);
        let mut misfits = Vec::new();
        let mut pending = Vec::new();
        let duplicate_rows: FastMap<usize, ()> = matched.duplicates.iter().map(|d| (d.row, ())).collect();
        for row in &matched.rows {
            let counted = !duplicate_rows.contains_key(&row.row);
            match &row.outcome {
                MatchOutcome::Matched { entry, .. } => {
                    matched_rows += 1;
                    held.insert(*entry, ());
                    let Some(indexed) = by_id.get(entry) else { continue };
                    if !counted {
                        continue;
                    }
                    if !fits_level(indexed.level, &organisation.levels) {
                        let level = indexed.level.unwrap_or(Level::Central);
                        misfits.push(Misfit {
                            row: row.row,
                            name: row.name.clone(),
                            reason: MisfitReason::OtherLevel { entry: *entry, level },
                        });
                    } else if !fits_group(&indexed.group, &organisation.groups) {
                        misfits.push(Misfit {
                            row: row.row,
                            name: row.name.clone(),
                            reason: MisfitReason::OtherGroup { entry: *entry, group: indexed.group.clone() },
                        });
                    }
                }
                MatchOutcome::Uncertain { .. } => {
                    uncertain += 1;
                    pending.push(row.row);
                }
                MatchOutcome::Unknown { .. } => {
                    unknown += 1;
                    if counted {
                        misfits.push(Misfit {
                            row: row.row,
                            name: row.name.clone(),
                            reason: MisfitReason::Unknown,
                        });
                    }
                }
            }
        }
        let lacking = self
            .entries
            .iter()
            .filter(|e| fits(e, organisation) && !held.contains_key(&e.id))
            .map(|e| e.id)
            .collect();
        OrganisationReview {
            organisation: organisation.name.clone(),
            rows: matched.rows.len(),
            matched: matched_rows,
            uncertain,
            unknown,
            lacking,
            misfits,
            pending,
            duplicates: matched.duplicates.clone(),
            empty_rows: matched.empty_rows.clone(),
        }
    }

    /// The review lists for every organisation and for the whole country.
    pub fn review_country(&self, matches: &[SubmissionMatch], settings: ReviewSettings) -> CountryReview {
        let organisations: Vec<OrganisationReview> =
            matches.iter().map(|m| self.review_organisation(m)).collect();

        let mut lack_counts: HashMap<EntryId, usize> = HashMap::new();
        let mut misfit_orgs: BTreeMap<EntryId, Vec<String>> = BTreeMap::new();
        for review in &organisations {
            for id in &review.lacking {
                *lack_counts.entry(*id).or_default() += 1;
            }
            for misfit in &review.misfits {
                let entry = match &misfit.reason {
                    MisfitReason::OtherLevel { entry, .. } | MisfitReason::OtherGroup { entry, .. } => *entry,
                    MisfitReason::Unknown => continue,
                };
                let orgs = misfit_orgs.entry(entry).or_default();
                if orgs.last() != Some(&review.organisation) {
                    orgs.push(review.organisation.clone());
                }
            }
        }
        let name_of = |id: EntryId| self.entry(id).map(|e| e.name.clone()).unwrap_or_default();
        let mut lacking: Vec<CountryLack> = lack_counts
            .into_iter()
            .map(|(entry, organisations)| CountryLack { entry, name: name_of(entry), organisations })
            .collect();
        lacking.sort_by(|a, b| b.organisations.cmp(&a.organisations).then(a.entry.cmp(&b.entry)));
        let misfits = misfit_orgs
            .into_iter()
            .map(|(entry, mut organisations)| {
                organisations.sort();
                organisations.dedup();
                CountryMisfit { entry, name: name_of(entry), organisations }
            })
            .collect();

        CountryReview { organisations, lacking, misfits, proposed: propose(matches, settings) }
    }
}

/// Clusters the rows no entry matches by key across organisations.
fn propose(matches: &[SubmissionMatch], settings: ReviewSettings) -> Vec<ProposedAddition> {
    #[derive(Default)]
    struct Cluster<'a> {
        organisations: Vec<&'a str>,
        rows: usize,
        unconfirmed_rows: usize,
        spellings: FastMap<String, usize>,
        nearest: Option<Candidate>,
    }
    let mut clusters: FastMap<&str, Cluster> = FastMap::default();
    for matched in matches {
        let organisation = matched.organisation.name.as_str();
        for row in &matched.rows {
            let nearest = match &row.outcome {
                MatchOutcome::Matched { .. } => continue,
                MatchOutcome::Uncertain { candidates } => candidates.first().copied(),
                MatchOutcome::Unknown { nearest } => *nearest,
            };
            let cluster = clusters.entry(row.key.as_str()).or_default();
            if cluster.organisations.last() != Some(&organisation) {
                cluster.organisations.push(organisation);
            }
            cluster.rows += 1;
            if matches!(row.outcome, MatchOutcome::Uncertain { .. }) {
                cluster.unconfirmed_rows += 1;
            }
            let spelling = row.name.split_whitespace().collect::<Vec<_>>().join(" ");
            *cluster.spellings.entry(spelling).or_default() += 1;
            if nearest.is_some_and(|n| cluster.nearest.is_none_or(|c| n.score > c.score)) {
                cluster.nearest = nearest;
            }
        }
    }
    // "… công tỉnh" and "… công" are one title, written with and without its level word
    // (a province's name appended leaves "tỉnh" behind). They are merged when the bare
    // key has only one such partner, so that "… xã" and "… tỉnh" stay apart.
    let mut partners: HashMap<&str, Vec<&str>> = HashMap::new();
    for &key in clusters.keys() {
        if let Some(bare) = without_level_word(key).filter(|bare| clusters.contains_key(bare)) {
            partners.entry(bare).or_default().push(key);
        }
    }
    for (bare, suffixed) in partners {
        let [suffixed] = suffixed.as_slice() else { continue };
        let (Some(mut a), Some(mut b)) = (clusters.remove(bare), clusters.remove(suffixed)) else { continue };
        let keep = if b.organisations.len() > a.organisations.len() {
            std::mem::swap(&mut a, &mut b);
            *suffixed
        } else {
            bare
        };
        a.organisations.extend(b.organisations);
        a.rows += b.rows;
        a.unconfirmed_rows += b.unconfirmed_rows;
        for (spelling, n) in b.spellings {
            *a.spellings.entry(spelling).or_default() += n;
        }
        if b.nearest.is_some_and(|n| a.nearest.is_none_or(|c| n.score > c.score)) {
            a.nearest = b.nearest;
        }
        clusters.insert(keep, a);
    }
    let mut proposed: Vec<ProposedAddition> = clusters
        .into_iter()
        .filter_map(|(key, mut cluster)| {
            cluster.organisations.sort_unstable();
            cluster.organisations.dedup();
            if cluster.organisations.len() < settings.min_organisations.max(1) {
                return None;
            }
            let name = cluster
                .spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(s, _)| s)
                .unwrap_or_default();
            Some(ProposedAddition {
                key: key.to_owned(),
                name,
                organisations: cluster.organisations.iter().map(|o| (*o).to_owned()).collect(),
                rows: cluster.rows,
                unconfirmed_rows: cluster.unconfirmed_rows,
                nearest: cluster.nearest,
            })
        })
        .collect();
    proposed
        .sort_by(|a, b| b.organisations.len().cmp(&a.organisations.len()).then_with(|| a.key.cmp(&b.key)));
    proposed
}

fn fits_level(level: Option<Level>, levels: &[Level]) -> bool {
    levels.is_empty() || level.is_none_or(|l| levels.contains(&l))
}

fn fits_group(group: &str, groups: &[String]) -> bool {
    groups.is_empty()
        || group.is_empty()
        || groups.iter().any(|g| g.trim().eq_ignore_ascii_case(group.trim()))
}

fn fits(entry: &Indexed, organisation: &Organisation) -> bool {
    fits_level(entry.level, &organisation.levels) && fits_group(&entry.group, &organisation.groups)
}

/// 1 − Levenshtein distance / length of the longer, on bytes of folded text (ASCII for
/// Vietnamese once folded).
fn edit_similarity(a: &[u8], b: &[u8]) -> f32 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f32 / longest as f32
}

/// Levenshtein distance: Myers' bit-parallel algorithm (Hyyrö's formulation) when the
/// shorter text fits in 64 bytes, the classic row otherwise.
fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let (pattern, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if pattern.is_empty() {
        return text.len();
    }
    if pattern.len() <= 64 {
        let mut peq = [0u64; 256];
        for (i, &c) in pattern.iter().enumerate() {
            peq[c as usize] |= 1 << i;
        }
        let (mut pv, mut mv) = (u64::MAX, 0u64);
        let mut score = pattern.len();
        let last = 1u64 << (pattern.len() - 1);
        for &c in text {
            let eq = peq[c as usize];
            let xv = eq | mv;
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            if ph & last != 0 {
                score += 1;
            } else if mh & last != 0 {
                score -= 1;
            }
            ph = (ph << 1) | 1;
            mh <<= 1;
            pv = mh | !(xv | ph);
            mv = ph & xv;
        }
        return score;
    }
    let mut row: Vec<usize> = (0..=pattern.len()).collect();
    for (j, &tc) in text.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = j + 1;
        for (i, &pc) in pattern.iter().enumerate() {
            let substitution = diagonal + usize::from(pc != tc);
            diagonal = row[i + 1];
            row[i + 1] = substitution.min(row[i] + 1).min(row[i + 1] + 1);
        }
    }
    row[pattern.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::SubmittedEntry;

    fn catalog() -> Vec<Entry> {
        vec![
            Entry::new(1, "Bí thư Tỉnh ủy, Thành ủy", "I", Some(Level::Provincial)),
            Entry::new(2, "Phó Bí thư Thường trực Tỉnh ủy, Thành ủy", "I", Some(Level::Provincial)),
            Entry::new(3, "Chủ tịch Ủy ban nhân dân tỉnh, thành phố", "I", Some(Level::Provincial)),
            Entry::new(4, "Phó Chủ tịch Ủy ban nhân dân tỉnh, thành phố", "II", Some(Level::Provincial)),
            Entry::new(5, "Trưởng ban Tổ chức Tỉnh ủy, Thành ủy", "III", Some(Level::Provincial)),
            Entry::new(6, "Phó Trưởng ban Tổ chức Tỉnh ủy, Thành ủy", "III", Some(Level::Provincial)),
            Entry::new(7, "Giám đốc Sở Nội vụ", "III", Some(Level::Provincial)),
            Entry::new(8, "Phó Giám đốc Sở Nội vụ", "III", Some(Level::Provincial)),
            Entry::new(9, "Giám đốc Sở Y tế", "III", Some(Level::Provincial)),
            Entry::new(10, "Chủ tịch Ủy ban nhân dân xã, phường, đặc khu", "IV", Some(Level::Commune)),
            Entry::new(11, "Phó Chủ tịch Ủy ban nhân dân xã, phường, đặc khu", "IV", Some(Level::Commune)),
            Entry::new(12, "Vụ trưởng thuộc bộ", "III", Some(Level::Central)),
            Entry::new(13, "Trưởng Ban Tổ chức Trung ương", "I", Some(Level::Central)),
            Entry::new(
                14,
                "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, thành phố",
                "II",
                Some(Level::Provincial),
            ),
        ]
    }

    fn matched(outcome: &MatchOutcome) -> Option<i64> {
        outcome.entry().map(|e| e.0)
    }

    #[test]
    fn variants_met_in_practice_match_exactly() {
        let matcher = Matcher::new(&catalog());
        let province = [Level::Provincial, Level::Commune];
        for (name, unit, id) in [
            ("Phó trưởng Ban Tổ chức Tỉnh ủy", None, 6),
            ("PHÓ TRƯỞNG BAN TỔ CHỨC TỈNH ỦY", None, 6),
            ("P. Trưởng ban Tổ chức Tỉnh uỷ Nghệ An", None, 6),
            ("Trưởng ban Tổ chức Tỉnh ủy Nghệ An", Some("Tỉnh ủy Nghệ An"), 5),
            ("Bí thư Thành ủy Hà Nội", None, 1),
            ("Chủ tịch UBND TP. Hồ Chí Minh", None, 3),
            ("  Phó Chủ tịch  Uỷ ban nhân dân  tỉnh ", None, 4),
            ("Phó Giám đốc Sở Nội vụ tỉnh Nghệ An", None, 8),
            ("P.Giám đốc Sở Nội vụ", None, 8),
            ("Giám đốc", Some("Sở Y tế"), 9),
            ("Chủ tịch UBND xã Quỳnh Lưu", Some("xã Quỳnh Lưu"), 10),
            ("PCT UBND phường", None, 11),
            ("Chủ tịch UBMTTQ VN tỉnh Gia Lai", None, 14),
            ("Pho Giam doc So Noi vu", None, 8),
        ] {
            let (_, outcome) = matcher.match_name(name, unit, &province);
            assert_eq!(matched(&outcome), Some(id), "{name:?} in {unit:?}: {outcome:?}");
        }
    }

    #[test]
    fn near_misses_are_not_matched() {
        let matcher = Matcher::new(&catalog());
        for name in [
            "Bí thư Thường trực Tỉnh ủy",
            "Giám đốc Sở Du lịch",
            "Chủ tịch Ủy ban nhân dân huyện",
            "Trưởng ban Dân vận Tỉnh ủy",
            "Phó Giám đốc Sở Y tế",
            "Trưởng phòng",
        ] {
            let (_, outcome) = matcher.match_name(name, None, &[]);
            assert!(outcome.entry().is_none(), "{name:?}: {outcome:?}");
        }
        // The closest near miss goes to an editor, with the deputy as candidate.
        let (_, outcome) = matcher.match_name("Bí thư Thường trực Tỉnh ủy", None, &[]);
        let MatchOutcome::Uncertain { candidates } = outcome else { panic!("{outcome:?}") };
        assert_eq!(candidates[0].entry, EntryId(2));
        // A wrong accent is close, but an editor decides.
        let (_, outcome) = matcher.match_name("Phó Giám đốc Sở Nôi vụ", None, &[]);
        assert_eq!(
            outcome,
            MatchOutcome::Uncertain {
                candidates: vec![Candidate { entry: EntryId(8), score: FOLDED_SCORE }]
            }
        );
    }

    #[test]
    fn the_same_key_at_two_levels_follows_the_organisation() {
        let mut entries = catalog();
        entries.push(Entry::new(20, "Chánh Văn phòng", "III", Some(Level::Provincial)));
        entries.push(Entry::new(21, "Chánh Văn phòng", "IV", Some(Level::Commune)));
        let matcher = Matcher::new(&entries);
        let (_, outcome) = matcher.match_name("Chánh văn phòng", None, &[Level::Commune]);
        assert_eq!(matched(&outcome), Some(21));
        let (_, outcome) = matcher.match_name("Chánh văn phòng", None, &[]);
        assert!(matches!(outcome, MatchOutcome::Uncertain { ref candidates } if candidates.len() == 2));
    }

    fn submission(name: &str, rows: &[(&str, Option<&str>)]) -> Submission {
        Submission {
            organisation: Organisation::province(name),
            entries: rows.iter().enumerate().map(|(i, (n, u))| SubmittedEntry::new(i + 2, n, *u)).collect(),
        }
    }

    #[test]
    fn review_lists_what_is_lacking_misfitting_and_proposed() {
        let matcher = Matcher::new(&catalog());
        let extra = "Giám đốc Trung tâm Phục vụ hành chính công tỉnh";
        let nghe_an = submission(
            "Nghệ An",
            &[
                ("Bí thư Tỉnh ủy Nghệ An", None),
                ("Chủ tịch UBND tỉnh", None),
                ("Chủ tịch UBND tỉnh", None),
                ("", None),
                ("  ...  ", None),
                ("Vụ trưởng thuộc bộ", None),
                (extra, None),
                ("Giám đốc Trung tâm Phục vụ hành chính công tỉnh Nghệ An", None),
            ],
        );
        let ha_tinh = submission("Hà Tĩnh", &[(extra, None)]);
        let gia_lai =
            submission("Gia Lai", &[("GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH GIA LAI", None)]);
        let hue = submission("Huế", &[("Chủ tịch Hội Nông dân tỉnh", None)]);
        let matches = matcher.match_all(&[nghe_an, ha_tinh, gia_lai, hue]);

        let nghe_an = &matches[0];
        assert_eq!(nghe_an.empty_rows, [5, 6]);
        // The province's name appended makes no new title.
        assert_eq!(
            nghe_an.duplicates,
            [DuplicateRow { row: 4, same_as: 3 }, DuplicateRow { row: 9, same_as: 8 }]
        );
        let review = matcher.review_organisation(nghe_an);
        assert_eq!(review.matched, 4);
        let lacking: Vec<i64> = review.lacking.iter().map(|e| e.0).collect();
        assert_eq!(lacking, [2, 4, 5, 6, 7, 8, 9, 10, 11, 14]);
        assert_eq!(
            review.misfits[0],
            Misfit {
                row: 7,
                name: "Vụ trưởng thuộc bộ".to_owned(),
                reason: MisfitReason::OtherLevel { entry: EntryId(12), level: Level::Central },
            }
        );
        assert_eq!(
            review.misfits[1],
            Misfit { row: 8, name: extra.to_owned(), reason: MisfitReason::Unknown }
        );
        assert_eq!(review.misfits.len(), 2);

        let country = matcher.review_country(&matches, ReviewSettings::default());
        assert_eq!(country.proposed.len(), 1, "{:?}", country.proposed);
        let proposal = &country.proposed[0];
        assert_eq!(proposal.organisations, ["Gia Lai", "Hà Tĩnh", "Nghệ An"]);
        assert_eq!(proposal.rows, 4);
        assert_eq!(proposal.name, extra);
        assert_eq!(country.misfits[0].organisations, ["Nghệ An"]);
        let lacked_by_all = country.lacking.iter().find(|l| l.entry == EntryId(2)).map(|l| l.organisations);
        assert_eq!(lacked_by_all, Some(4));
        // Central titles do not fit a province, so no province lacks them.
        assert!(country.lacking.iter().all(|l| l.entry != EntryId(13)));
    }

    #[test]
    fn an_editor_confirms_or_rejects() {
        let matcher = Matcher::new(&catalog());
        let mut matched =
            matcher.match_submission(&submission("Huế", &[("Bí thư Thường trực Tỉnh ủy", None)]));
        assert_eq!(matcher.review_organisation(&matched).pending, [2]);
        assert_eq!(matcher.confirm(&mut matched, 2, Some(EntryId(2))), Ok(()));
        assert_eq!(
            matched.rows[0].outcome,
            MatchOutcome::Matched { entry: EntryId(2), by: MatchedBy::Editor }
        );
        assert_eq!(matcher.confirm(&mut matched, 2, None), Ok(()));
        assert_eq!(matcher.review_organisation(&matched).misfits.len(), 1);
        assert_eq!(
            matcher.confirm(&mut matched, 9, None),
            Err(ConfirmError::NoSuchRow { organisation: "Huế".to_owned(), row: 9 })
        );
        assert_eq!(
            matcher.confirm(&mut matched, 2, Some(EntryId(99))),
            Err(ConfirmError::NoSuchEntry(EntryId(99)))
        );
        assert_eq!(ConfirmError::NoSuchEntry(EntryId(99)).to_string(), "Danh mục không có mục mã 99.");
    }

    #[test]
    fn empty_catalogs_and_lists_are_fine() {
        let matcher = Matcher::new(&[Entry::new(1, "  ", "I", None)]);
        assert!(matcher.is_empty());
        let (_, outcome) = matcher.match_name("Giám đốc Sở Nội vụ", None, &[]);
        assert_eq!(outcome, MatchOutcome::Unknown { nearest: None });
        let country = matcher.review_country(&[], ReviewSettings::default());
        assert!(country.organisations.is_empty() && country.proposed.is_empty());
    }

    #[test]
    fn levenshtein_agrees_with_the_classic_row() {
        let pairs = [
            ("", ""),
            ("", "abc"),
            ("kitten", "sitting"),
            ("pho giam doc so noi vu", "giam doc so noi vu"),
            ("truong ban to chuc tinh uy", "pho truong ban to chuc tinh uy"),
        ];
        for (a, b) in pairs {
            let expected = classic(a.as_bytes(), b.as_bytes());
            assert_eq!(levenshtein(a.as_bytes(), b.as_bytes()), expected, "{a:?} {b:?}");
        }
        let long = "a".repeat(70) + "b";
        assert_eq!(levenshtein(long.as_bytes(), "a".repeat(71).as_bytes()), 1);
    }

    fn classic(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            }
        }
        d[a.len()][b.len()]
    }

    proptest::proptest! {
        #[test]
        fn levenshtein_matches_the_classic_row(a in "[a-d ]{0,70}", b in "[a-d ]{0,70}") {
            proptest::prop_assert_eq!(levenshtein(a.as_bytes(), b.as_bytes()), classic(a.as_bytes(), b.as_bytes()));
        }

        #[test]
        fn matching_never_panics(name in "\\PC{0,40}", unit in proptest::option::of("\\PC{0,20}")) {
            let matcher = Matcher::new(&catalog());
            let _ = matcher.match_name(&name, unit.as_deref(), &[Level::Provincial]);
        }
    }
}
