//! Catalog drafts (issue 9), wired to storage: a catalog's entries as provisions, new
//! versions from an imported table, the table of equivalent positions, approvals, and
//! the review (rà soát) of the organisations' lists against the catalog.
//!
//! Matching, checks and headcount are [`crate::catalog`]'s (pure); reading tables is
//! [`crate::catalog::table`]'s. This module only moves data between them and storage.

pub mod reports;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalog::equivalence::{self, Graph};
use crate::catalog::fields::{self, CatalogKind, FieldDef};
use crate::catalog::matching::{MatchOutcome, Matcher, ReviewSettings, SubmissionMatch};
use crate::catalog::normalize::Normalizer;
use crate::catalog::table::{self, ImportedEntry, TableError};
use crate::catalog::{Entry, EntryId, EquivalentRef, Level, Organisation, Submission, SubmittedEntry};
use crate::catalog::{headcount, matching};
use crate::drafting::StoredWarning;
use crate::storage::catalogs::{self as store, CatalogRow};
use crate::storage::drafts::{self, NewProvision, ProvisionRow, VersionRow};
use crate::storage::{Db, StorageError};

/// Provision kinds of a catalog's subtree.
pub const KIND_CATALOG: &str = "catalog";
pub const KIND_ENTRY: &str = "entry";
pub const KIND_FIELD: &str = "field";

/// Whether a provision kind belongs to a catalog's subtree.
pub fn is_catalog_kind(kind: &str) -> bool {
    matches!(kind, KIND_CATALOG | KIND_ENTRY | KIND_FIELD)
}

/// A catalog draft: its kind, title and the fields its editors added.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub draft_id: i64,
    pub kind: CatalogKind,
    pub title: String,
    pub extra: Vec<FieldDef>,
}

impl Catalog {
    fn from_row(row: CatalogRow) -> Result<Catalog, StorageError> {
        let kind = CatalogKind::from_code(&row.kind)
            .ok_or_else(|| StorageError::Corrupt(format!("catalog kind {:?}", row.kind)))?;
        let extra: Vec<FieldDef> = serde_json::from_str(&row.fields)
            .map_err(|e| StorageError::Corrupt(format!("catalog fields: {e}")))?;
        Ok(Catalog { draft_id: row.draft_id, kind, title: row.title, extra })
    }

    /// Every field, built-in then the editors'.
    pub fn fields(&self) -> Vec<FieldDef> {
        self.kind.all_fields(&self.extra)
    }

    /// The name of the field with key `key`.
    pub fn field_name(&self, key: &str) -> String {
        self.fields().into_iter().find(|f| f.key == key).map_or_else(|| key.to_owned(), |f| f.name)
    }
}

pub async fn load(db: &Db, draft_id: i64) -> Result<Option<Catalog>, StorageError> {
    store::get(db, draft_id).await?.map(Catalog::from_row).transpose()
}

pub async fn of_dossier(db: &Db, dossier_id: i64) -> Result<Vec<Catalog>, StorageError> {
    store::of_dossier(db, dossier_id).await?.into_iter().map(Catalog::from_row).collect()
}

/// Adds an editor's field; `false` when a field of that name exists.
pub async fn add_field(db: &Db, actor: i64, catalog: &Catalog, name: &str) -> Result<bool, StorageError> {
    let field = FieldDef::extra(name);
    if field.name.is_empty()
        || catalog.fields().iter().any(|f| f.key == field.key || f.is_named_by(&field.name))
    {
        return Ok(false);
    }
    let mut extra = catalog.extra.clone();
    extra.push(field);
    let json = serde_json::to_string(&extra).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    store::set_fields(db, actor, catalog.draft_id, &json).await?;
    Ok(true)
}

// ---------------------------------------------------------------------------
// Entries as provisions
// ---------------------------------------------------------------------------

/// The label of an entry's provision ("STT 12").
pub fn entry_label(code: &str) -> String {
    format!("STT {code}")
}

/// The provisions of a catalog's subtree for these entries, in pre-order from depth 0.
pub fn subtree(catalog: &Catalog, entries: &[ImportedEntry]) -> Vec<NewProvision> {
    let names: HashMap<String, String> = catalog.fields().into_iter().map(|f| (f.key, f.name)).collect();
    let mut out = Vec::with_capacity(1 + entries.len() * 6);
    out.push(NewProvision {
        kind: KIND_CATALOG.to_owned(),
        label: "Danh mục".to_owned(),
        number: String::new(),
        heading: Some(catalog.title.clone()),
        body: String::new(),
        depth: 0,
        source_line: 0,
    });
    for entry in entries {
        out.push(NewProvision {
            kind: KIND_ENTRY.to_owned(),
            label: entry_label(&entry.code),
            number: entry.code.clone(),
            heading: Some(entry.name.clone()),
            body: String::new(),
            depth: 1,
            source_line: entry.row as i64,
        });
        for (key, value) in &entry.fields {
            if value.trim().is_empty() {
                continue;
            }
            out.push(NewProvision {
                kind: KIND_FIELD.to_owned(),
                label: names.get(key).cloned().unwrap_or_else(|| key.clone()),
                number: key.clone(),
                heading: None,
                body: value.clone(),
                depth: 2,
                source_line: entry.row as i64,
            });
        }
    }
    out
}

/// One field of a stored entry.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredField {
    pub provision_id: i64,
    pub key: String,
    pub name: String,
    pub value: String,
}

/// One entry of a stored version.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StoredEntry {
    pub provision_id: i64,
    /// The entry's identity across versions.
    pub lineage: i64,
    pub code: String,
    pub name: String,
    pub fields: Vec<StoredField>,
}

impl StoredEntry {
    pub fn field(&self, key: &str) -> &str {
        self.fields.iter().find(|f| f.key == key).map_or("", |f| f.value.as_str())
    }

    pub fn level(&self) -> Option<Level> {
        Level::parse(self.field(fields::LEVEL))
    }

    /// The entry as the pure checks see it, identified by its lineage.
    pub fn to_entry(&self) -> Entry {
        let mut entry = Entry::new(self.lineage, &self.name, self.field(fields::GROUP), self.level());
        for target in split_targets(self.field(fields::EQUIVALENT)) {
            entry = entry.equivalent_to(EquivalentRef::Name(target));
        }
        entry
    }
}

/// "A; B" → ["A", "B"].
fn split_targets(cell: &str) -> Vec<String> {
    cell.split([';', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The entries among a version's provisions (in reading order); `lineages` maps an
/// entry's provision id to its lineage (missing: the provision's own id).
pub fn entries_in(rows: &[ProvisionRow], lineages: &HashMap<i64, i64>) -> Vec<StoredEntry> {
    let mut out: Vec<StoredEntry> = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    for row in rows {
        match row.kind.as_str() {
            KIND_ENTRY => {
                index.insert(row.id, out.len());
                out.push(StoredEntry {
                    provision_id: row.id,
                    lineage: lineages.get(&row.id).copied().unwrap_or(row.id),
                    code: row.number.clone(),
                    name: row.heading.clone().unwrap_or_default(),
                    fields: Vec::new(),
                });
            }
            KIND_FIELD => {
                if let Some(&i) = row.parent_id.and_then(|p| index.get(&p)) {
                    out[i].fields.push(StoredField {
                        provision_id: row.id,
                        key: row.number.clone(),
                        name: row.label.clone(),
                        value: row.body.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The entries of a stored version.
pub async fn entries_of(db: &Db, version_id: i64) -> Result<Vec<StoredEntry>, StorageError> {
    let rows = drafts::provisions(&db.pool, version_id).await?;
    let lineages: HashMap<i64, i64> = store::entry_lineages(db, version_id).await?.into_iter().collect();
    Ok(entries_in(&rows, &lineages))
}

/// The identity links between two versions' catalog subtrees, `(new id, old id)`, in
/// groups whose first link is the one the others depend on: the containers alone;
/// each entry with the old entry of the same name (matching key) and level, then of
/// the same name alone when that is unambiguous, then of the same code when the names
/// are still alike (half their syllables shared), followed by the links of their
/// fields by key. An editor who links an entry otherwise drops its whole group. Used
/// before the generic lineage matcher, which handles the prose around them.
pub fn identity_links(old: &[ProvisionRow], new: &[ProvisionRow]) -> Vec<Vec<(i64, i64)>> {
    let normalizer = Normalizer::shared();
    let mut groups = Vec::new();
    if let (Some(o), Some(n)) =
        (old.iter().find(|p| p.kind == KIND_CATALOG), new.iter().find(|p| p.kind == KIND_CATALOG))
    {
        groups.push(vec![(n.id, o.id)]);
    }
    let no_lineage = HashMap::new();
    let old_entries = entries_in(old, &no_lineage);
    let new_entries = entries_in(new, &no_lineage);
    let key = |e: &StoredEntry| normalizer.key(&e.name);
    let mut taken_old: HashSet<i64> = HashSet::new();
    let mut paired: Vec<(usize, usize)> = Vec::new();
    let mut unpaired: Vec<usize> = (0..new_entries.len()).collect();
    type Pass<'a> = Box<dyn Fn(&StoredEntry) -> String + 'a>;
    let passes: [Pass<'_>; 3] = [
        Box::new(|e: &StoredEntry| format!("{}|{}", key(e), e.level().map_or("", Level::label))),
        Box::new(|e: &StoredEntry| key(e)),
        Box::new(|e: &StoredEntry| format!("#{}", e.code)),
    ];
    for (pass_index, pass) in passes.iter().enumerate() {
        let mut old_by: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in old_entries.iter().enumerate() {
            if !taken_old.contains(&e.provision_id) {
                old_by.entry(pass(e)).or_default().push(i);
            }
        }
        let mut new_by: HashMap<String, usize> = HashMap::new();
        for &i in &unpaired {
            *new_by.entry(pass(&new_entries[i])).or_default() += 1;
        }
        unpaired.retain(|&n| {
            let k = pass(&new_entries[n]);
            let Some(&[o]) = old_by.get(&k).map(Vec::as_slice) else { return true };
            if k.is_empty() || new_by.get(&k) != Some(&1) {
                return true;
            }
            // By code alone only when the name is still recognisably the same.
            if pass_index == 2 && name_overlap(&key(&new_entries[n]), &key(&old_entries[o])) < 0.5 {
                return true;
            }
            if taken_old.insert(old_entries[o].provision_id) {
                paired.push((n, o));
                return false;
            }
            true
        });
    }
    for (n, o) in paired {
        let (new_entry, old_entry) = (&new_entries[n], &old_entries[o]);
        let mut group = vec![(new_entry.provision_id, old_entry.provision_id)];
        for field in &new_entry.fields {
            if let Some(old_field) = old_entry.fields.iter().find(|f| f.key == field.key) {
                group.push((field.provision_id, old_field.provision_id));
            }
        }
        groups.push(group);
    }
    groups
}

/// The share of syllables two matching keys have in common (Jaccard).
fn name_overlap(a: &str, b: &str) -> f64 {
    let a: HashSet<&str> = a.split_whitespace().collect();
    let b: HashSet<&str> = b.split_whitespace().collect();
    let union = a.union(&b).count();
    if union == 0 { 0.0 } else { a.intersection(&b).count() as f64 / union as f64 }
}

/// The provisions of a version outside its catalog subtree, and the subtree, each
/// ready to be stored again.
fn split_version(rows: &[ProvisionRow]) -> (Vec<NewProvision>, Vec<NewProvision>) {
    let (mut prose, mut catalog) = (Vec::new(), Vec::new());
    for row in rows {
        let copy = NewProvision {
            kind: row.kind.clone(),
            label: row.label.clone(),
            number: row.number.clone(),
            heading: row.heading.clone(),
            body: row.body.clone(),
            depth: row.depth,
            source_line: row.source_line,
        };
        if is_catalog_kind(&row.kind) { catalog.push(copy) } else { prose.push(copy) }
    }
    (prose, catalog)
}

/// The catalog subtree of a draft's newest version, to carry into a version made from
/// an uploaded text (empty when the draft is not a catalog or has no entries yet).
pub async fn carried_subtree(db: &Db, draft_id: i64) -> Result<Vec<NewProvision>, StorageError> {
    if store::get(db, draft_id).await?.is_none() {
        return Ok(Vec::new());
    }
    let Some(latest) = drafts::versions_of(&db.pool, draft_id).await?.into_iter().next() else {
        return Ok(Vec::new());
    };
    let rows = drafts::provisions(&db.pool, latest.id).await?;
    Ok(split_version(&rows).1)
}

/// Why an imported table did not become a version.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("Bảng không có mục nào.")]
    NoEntries,
    #[error(transparent)]
    Upload(#[from] crate::drafting::UploadError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// What an import made.
#[derive(Debug)]
pub struct Imported {
    pub version_id: i64,
    pub entries: usize,
    /// Fields the table had that the catalog did not: added to it.
    pub new_fields: Vec<FieldDef>,
}

/// Reads a catalog table (CPU work on files up to tens of megabytes: off the async
/// workers).
async fn read_catalog_table(
    catalog: &Catalog,
    file_name: &str,
    bytes: &[u8],
) -> Result<table::CatalogImport, ImportError> {
    let (kind, extra, name, bytes) =
        (catalog.kind, catalog.extra.clone(), file_name.to_owned(), bytes.to_vec());
    tokio::task::spawn_blocking(move || table::import_catalog(kind, &extra, &name, &bytes))
        .await
        .map_err(|e| StorageError::Corrupt(format!("table import task: {e}")))?
        .map_err(ImportError::from)
}

/// Makes a new version of a catalog draft from a table (XLSX, CSV, DOCX): the prose of
/// the newest version is kept; the entries are the table's. Notes on the table are kept
/// as the version's warnings (row numbers as lines). Refused, with nothing stored, when
/// `base` is not the newest version.
pub async fn import_version(
    db: &Db,
    actor: i64,
    catalog: &Catalog,
    base: Option<i64>,
    file_name: &str,
    bytes: &[u8],
) -> Result<Imported, ImportError> {
    let import = read_catalog_table(catalog, file_name, bytes).await?;
    if import.entries.is_empty() {
        return Err(ImportError::NoEntries);
    }
    // Refused before anything is stored (the fields below) when a version was made
    // meanwhile; insert_version checks again in its transaction.
    let latest = drafts::versions_of(&db.pool, catalog.draft_id).await?.first().map_or(0, |v| v.number);
    if let Some(base) = base
        && base != latest
    {
        return Err(ImportError::Upload(crate::drafting::UploadError::Superseded { base, latest }));
    }
    let mut catalog = catalog.clone();
    if !import.new_fields.is_empty() {
        catalog.extra.extend(import.new_fields.iter().cloned());
        let json = serde_json::to_string(&catalog.extra).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        store::set_fields(db, actor, catalog.draft_id, &json).await?;
    }
    let versions = drafts::versions_of(&db.pool, catalog.draft_id).await?;
    let (mut provisions, preamble) = match versions.first() {
        Some(latest) => {
            let rows = drafts::provisions(&db.pool, latest.id).await?;
            (split_version(&rows).0, latest.preamble.clone())
        }
        None => (Vec::new(), String::new()),
    };
    provisions.extend(subtree(&catalog, &import.entries));
    let warnings: Vec<StoredWarning> = import
        .notes
        .iter()
        .map(|note| StoredWarning {
            line: 0,
            code: "catalog_import".to_owned(),
            message: note.text(crate::i18n::Lang::Vi),
        })
        .collect();
    let warnings_json = serde_json::to_string(&warnings).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let version_id = crate::drafting::insert_version_and_link(
        db,
        &drafts::NewVersion {
            draft_id: catalog.draft_id,
            source_name: file_name,
            source_format: "catalog_table",
            source_text: "",
            preamble: &preamble,
            warnings_json: &warnings_json,
            provisions: &provisions,
            base,
        },
    )
    .await?;
    Ok(Imported { version_id, entries: import.entries.len(), new_fields: import.new_fields })
}

/// Stores a new version of a catalog draft from its text (DOCX, Markdown, text) and its
/// table together: the text's provisions, then the catalog. Returns the version's id.
pub async fn store_with_table(
    db: &Db,
    catalog: &Catalog,
    (text_name, text): (&str, &[u8]),
    (table_name, table_bytes): (&str, &[u8]),
) -> Result<i64, ImportError> {
    let (format, document) = crate::drafting::parse_upload(text_name, text)?;
    let import = read_catalog_table(catalog, table_name, table_bytes).await?;
    if import.entries.is_empty() {
        return Err(ImportError::NoEntries);
    }
    let mut provisions = crate::drafting::flatten(&document);
    provisions.extend(subtree(catalog, &import.entries));
    let source_text = match format {
        duthao_structure::Format::Docx => String::new(),
        _ => duthao_text::clean_input(&String::from_utf8_lossy(text)),
    };
    let version_id = crate::drafting::insert_version_and_link(
        db,
        &drafts::NewVersion {
            draft_id: catalog.draft_id,
            source_name: text_name,
            source_format: crate::drafting::format_code(format),
            source_text: &source_text,
            preamble: &document.preamble,
            warnings_json: &crate::drafting::warnings_json(&document),
            provisions: &provisions,
            base: None,
        },
    )
    .await?;
    Ok(version_id)
}

// ---------------------------------------------------------------------------
// Equivalence
// ---------------------------------------------------------------------------

/// One row of the table of equivalent positions: a reference title and the titles
/// that rank as it, by level.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct EquivalenceRow {
    pub reference: String,
    pub reference_level: Option<&'static str>,
    pub central: Vec<String>,
    pub provincial: Vec<String>,
    pub commune: Vec<String>,
    pub notes: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct EquivalenceGroup {
    /// "Nhóm I"; "Chưa xếp nhóm" for entries without a group.
    pub name: String,
    pub rows: Vec<EquivalenceRow>,
}

/// The table of equivalent positions of a version, by group of the reference title and
/// level, with the problems the check found (worded in Vietnamese).
#[derive(Debug, Clone, serde::Serialize)]
pub struct EquivalenceTable {
    pub groups: Vec<EquivalenceGroup>,
    pub problems: Vec<String>,
    /// Entries that lead to no single reference title (listed in the problems).
    pub unranked: Vec<String>,
}

pub fn equivalence_table(entries: &[StoredEntry]) -> EquivalenceTable {
    let checked: Vec<Entry> = entries.iter().map(StoredEntry::to_entry).collect();
    let (graph, problems): (Graph, Vec<equivalence::Problem>) = Graph::build(&checked);
    // Reference → the entries ranked as it (itself included).
    let mut ranked: BTreeMap<usize, Vec<&StoredEntry>> = BTreeMap::new();
    let position: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.lineage, i)).collect();
    let mut unranked = Vec::new();
    for entry in entries {
        let ranks = graph.ranks(EntryId(entry.lineage));
        match ranks.as_slice() {
            [one] => {
                if let Some(&p) = position.get(&one.0) {
                    ranked.entry(p).or_default().push(entry);
                }
            }
            _ => unranked.push(entry.name.clone()),
        }
    }
    let mut groups: Vec<EquivalenceGroup> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<(Option<u8>, usize, String)> = Vec::new();
    for (&reference_pos, members) in &ranked {
        let reference = &entries[reference_pos];
        let group = reference.field(fields::GROUP).trim().to_owned();
        let mut row = EquivalenceRow {
            reference: reference.name.clone(),
            reference_level: reference.level().map(Level::label),
            notes: reference.field(fields::NOTES).to_owned(),
            ..EquivalenceRow::default()
        };
        for member in members {
            let column = match member.level() {
                Some(Level::Central) => &mut row.central,
                Some(Level::Provincial) => &mut row.provincial,
                Some(Level::Commune) => &mut row.commune,
                None => &mut row.central,
            };
            column.push(member.name.clone());
        }
        let index = *group_index.entry(group.clone()).or_insert_with(|| {
            order.push((crate::catalog::group_rank(&group), groups.len(), group.clone()));
            groups.push(EquivalenceGroup {
                name: if group.is_empty() {
                    "Chưa xếp nhóm".to_owned()
                } else if crate::catalog::group_rank(&group).is_some()
                    && !duthao_text::fold(&group).starts_with("nhom")
                {
                    format!("Nhóm {group}")
                } else {
                    group.clone()
                },
                rows: Vec::new(),
            });
            groups.len() - 1
        });
        groups[index].rows.push(row);
    }
    // Groups by rank (I first), unranked groups after in order of appearance.
    order.sort_by_key(|(rank, first, _)| (rank.unwrap_or(u8::MAX), *first));
    let mut sorted: Vec<EquivalenceGroup> = Vec::with_capacity(groups.len());
    let mut slots: Vec<Option<EquivalenceGroup>> = groups.into_iter().map(Some).collect();
    for (_, index, _) in order {
        if let Some(group) = slots[index].take() {
            sorted.push(group);
        }
    }
    let mut problems: Vec<String> = problems.iter().map(|p| by_code(&p.to_string(), entries)).collect();
    // Without a level, a title has no column in the table (it is shown under Trung ương).
    problems.extend(entries.iter().filter(|e| e.level().is_none()).map(|e| {
        format!("Chức danh “{}” (STT {}) không ghi cấp (Trung ương, tỉnh hoặc xã).", e.name, e.code)
    }));
    EquivalenceTable { groups: sorted, problems, unranked }
}

/// A check's message with each entry named by its number in the catalog ("STT 12")
/// rather than by the identity the checks use ("mã 5321", a lineage id).
fn by_code(message: &str, entries: &[StoredEntry]) -> String {
    if !message.contains("(mã ") {
        return message.to_owned();
    }
    let mut out = message.to_owned();
    let mut seen = HashSet::new();
    for entry in entries {
        if seen.insert(entry.lineage) {
            out = out.replace(&format!("(mã {})", entry.lineage), &format!("(STT {})", entry.code));
        }
    }
    out
}

/// The approved equivalences that `version` breaks, worded; empty when nothing is
/// approved, or the approved version is this one.
pub async fn broken_equivalences(
    db: &Db,
    catalog: &Catalog,
    version: &VersionRow,
) -> Result<Vec<String>, StorageError> {
    if catalog.kind != CatalogKind::Titles {
        return Ok(Vec::new());
    }
    let Some(approval) = store::latest_approval(db, catalog.draft_id).await? else { return Ok(Vec::new()) };
    if approval.version_id == version.id || approval.version_number > version.number {
        return Ok(Vec::new());
    }
    let old_entries = entries_of(db, approval.version_id).await?;
    let new_entries = entries_of(db, version.id).await?;
    let old: Vec<Entry> = old_entries.iter().map(StoredEntry::to_entry).collect();
    let new: Vec<Entry> = new_entries.iter().map(StoredEntry::to_entry).collect();
    let approved: Vec<EntryId> = old.iter().map(|e| e.id).collect();
    // Named by their number in the new version, or in the approved one when removed.
    let mut numbered = new_entries;
    numbered.extend(old_entries);
    Ok(equivalence::broken_by_edit(&old, &new, &approved)
        .iter()
        .map(|b| by_code(&b.to_string(), &numbered))
        .collect())
}

/// Whether `version` may be published: `Err(warnings)` when it breaks approved
/// equivalences that nobody acknowledged.
pub async fn publishable(
    db: &Db,
    catalog: &Catalog,
    version: &VersionRow,
) -> Result<Result<(), Vec<String>>, StorageError> {
    let broken = broken_equivalences(db, catalog, version).await?;
    if broken.is_empty() {
        return Ok(Ok(()));
    }
    // What was acknowledged must still be all there is: an edit after the
    // acknowledgement that breaks something more needs another look.
    let acknowledged = match store::acknowledgement(db, version.id).await? {
        Some(a) => crate::storage::json_list(&a.warnings)?,
        None => Vec::new(),
    };
    let unread: Vec<String> = broken.into_iter().filter(|b| !acknowledged.contains(b)).collect();
    if unread.is_empty() { Ok(Ok(())) } else { Ok(Err(unread)) }
}

// ---------------------------------------------------------------------------
// Review (rà soát)
// ---------------------------------------------------------------------------

/// Why a list was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error(transparent)]
    Table(#[from] TableError),
    #[error("Danh sách không có dòng nào có tên chức danh, vị trí.")]
    NoRows,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Stores an organisation's list (it replaces the organisation's previous one for the
/// review); returns its id and the importer's notes, in Vietnamese.
pub async fn submit_list(
    db: &Db,
    actor: Option<i64>,
    catalog: &Catalog,
    organisation_id: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<(i64, usize, Vec<String>), SubmitError> {
    let (kind, name, data) = (catalog.kind, file_name.to_owned(), bytes.to_vec());
    let import = tokio::task::spawn_blocking(move || table::import_submission(kind, &name, &data))
        .await
        .map_err(|e| StorageError::Corrupt(format!("list import task: {e}")))??;
    if import.entries.is_empty() {
        return Err(SubmitError::NoRows);
    }
    let notes: Vec<String> = import.notes.iter().map(|n| n.text(crate::i18n::Lang::Vi)).collect();
    let rows: Vec<(i64, String, Option<String>, String)> = import
        .entries
        .iter()
        .map(|e| (e.row as i64, e.name.clone(), e.unit.clone(), crate::storage::to_json_list(&e.holders)))
        .collect();
    let notes_json = crate::storage::to_json_list(&notes);
    let id = store::insert_submission(
        db,
        &store::NewSubmission {
            draft_id: catalog.draft_id,
            organisation_id,
            file_name,
            notes_json: &notes_json,
            submitted_by: actor,
            rows: &rows,
        },
    )
    .await?;
    Ok((id, rows.len(), notes))
}

/// Whether an organisation may submit its own list: the catalog is published and the
/// organisation is invited to a consultation on it.
pub async fn may_submit(db: &Db, catalog: &Catalog, organisation_id: i64) -> Result<bool, StorageError> {
    Ok(drafts::latest_published(&db.pool, catalog.draft_id).await?.is_some()
        && store::is_invited_to(db, catalog.draft_id, organisation_id).await?)
}

/// An organisation's list as reviewed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewedList {
    pub submission_id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub file_name: String,
    pub submitted_at: i64,
    pub notes: Vec<String>,
    pub matched: SubmissionMatch,
    pub review: matching::OrganisationReview,
    pub headcount: headcount::Headcount,
}

/// The whole review of a catalog version against the current lists.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Review {
    pub version_id: i64,
    pub version_number: i64,
    pub lists: Vec<ReviewedList>,
    pub country: matching::CountryReview,
    /// Entry names by lineage (the ids the review speaks of).
    pub names: HashMap<i64, String>,
    /// Entry codes by lineage.
    pub codes: HashMap<i64, String>,
}

impl Review {
    pub fn name(&self, id: EntryId) -> String {
        self.names.get(&id.0).cloned().unwrap_or_else(|| format!("#{}", id.0))
    }

    /// Rows awaiting an editor, over all lists: (organisation, row).
    pub fn pending(&self) -> usize {
        self.lists.iter().map(|l| l.review.pending.len()).sum()
    }
}

/// What an organisation of this kind may have in a catalog.
fn organisation_scope(name: &str, kind: &str, catalog: CatalogKind) -> Organisation {
    if catalog == CatalogKind::Titles && kind == "province" {
        Organisation::province(name)
    } else {
        Organisation { name: name.to_owned(), levels: Vec::new(), groups: Vec::new() }
    }
}

/// What a review was computed from; a review of a published version is kept while
/// this stays the same (read from the database each time, so every instance sees the
/// others' lists and confirmations).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ReviewInputs {
    version_id: i64,
    newest_submission: Option<i64>,
    confirmations: (i64, Option<i64>, Option<i64>),
}

/// The last review of each catalog draft of one database, by draft. The app keeps one
/// beside its other read caches (`web::cache::ReadCache`): the whole review (up to
/// hundreds of thousands of rows) is computed once per change of its inputs when the
/// version is published.
#[derive(Debug, Default)]
pub struct ReviewCache(std::sync::Mutex<HashMap<i64, (ReviewInputs, std::sync::Arc<Review>)>>);

impl ReviewCache {
    /// The review of `version`, computed again only when its inputs changed.
    pub async fn review(
        &self,
        db: &Db,
        catalog: &Catalog,
        version: &VersionRow,
    ) -> Result<std::sync::Arc<Review>, StorageError> {
        if !version.is_published() {
            return review(db, catalog, version).await;
        }
        let inputs = ReviewInputs {
            version_id: version.id,
            newest_submission: store::newest_submission(db, catalog.draft_id).await?,
            confirmations: store::confirmations_digest(db, catalog.draft_id).await?,
        };
        if let Ok(cache) = self.0.lock()
            && let Some((cached, review)) = cache.get(&catalog.draft_id)
            && *cached == inputs
        {
            return Ok(std::sync::Arc::clone(review));
        }
        let review = review(db, catalog, version).await?;
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(catalog.draft_id, (inputs, std::sync::Arc::clone(&review)));
        }
        Ok(review)
    }
}

/// Reviews the current lists against `version`, applying the editors' confirmations
/// (uncached: see [`ReviewCache`]).
pub async fn review(
    db: &Db,
    catalog: &Catalog,
    version: &VersionRow,
) -> Result<std::sync::Arc<Review>, StorageError> {
    Ok(std::sync::Arc::new(compute_review(db, catalog, version).await?))
}

async fn compute_review(db: &Db, catalog: &Catalog, version: &VersionRow) -> Result<Review, StorageError> {
    let entries = entries_of(db, version.id).await?;
    let submissions = store::current_submissions(db, catalog.draft_id).await?;
    let rows = store::current_rows(db, catalog.draft_id).await?;
    let confirmations = store::confirmations(db, catalog.draft_id).await?;
    let mut by_submission: HashMap<i64, Vec<SubmittedEntry>> = HashMap::new();
    for row in rows {
        let holders = crate::storage::json_list(&row.holders)?;
        by_submission.entry(row.submission_id).or_default().push(SubmittedEntry {
            row: usize::try_from(row.row_number).unwrap_or(0),
            name: row.name,
            unit: row.unit,
            holders,
        });
    }
    let kind = catalog.kind;
    let (version_id, version_number) = (version.id, version.number);
    tokio::task::spawn_blocking(move || {
        let checked: Vec<Entry> = entries.iter().map(StoredEntry::to_entry).collect();
        let matcher = Matcher::new(&checked);
        let lists: Vec<Submission> = submissions
            .iter()
            .map(|s| Submission {
                organisation: organisation_scope(&s.organisation_name, &s.organisation_kind, kind),
                entries: by_submission.remove(&s.id).unwrap_or_default(),
            })
            .collect();
        let mut matches = matcher.match_all(&lists);
        let decided: HashMap<&str, Option<i64>> =
            confirmations.iter().map(|(k, e)| (k.as_str(), *e)).collect();
        let lineages: HashSet<i64> = entries.iter().map(|e| e.lineage).collect();
        for matched in &mut matches {
            let to_confirm: Vec<(usize, Option<EntryId>)> = matched
                .rows
                .iter()
                .filter_map(|r| {
                    let decision = decided.get(r.key.as_str())?;
                    // A decision naming an entry this version no longer has is moot.
                    match decision {
                        Some(l) if !lineages.contains(l) => None,
                        _ => Some((r.row, decision.map(EntryId))),
                    }
                })
                .collect();
            for (row, entry) in to_confirm {
                // Both exist: the row is in the list, the entry in the catalog.
                let _ = matcher.confirm(matched, row, entry);
            }
        }
        let country = matcher.review_country(&matches, ReviewSettings::default());
        let lists: Vec<ReviewedList> = submissions
            .iter()
            .zip(matches)
            .zip(lists)
            .map(|((s, matched), list)| ReviewedList {
                submission_id: s.id,
                organisation_id: s.organisation_id,
                organisation: s.organisation_name.clone(),
                file_name: s.file_name.clone(),
                submitted_at: s.created_at,
                notes: crate::storage::json_list(&s.notes).unwrap_or_default(),
                review: matcher.review_organisation(&matched),
                headcount: headcount::analyse(&s.organisation_name, &list.entries),
                matched,
            })
            .collect();
        Review {
            version_id,
            version_number,
            lists,
            country,
            names: entries.iter().map(|e| (e.lineage, e.name.clone())).collect(),
            codes: entries.iter().map(|e| (e.lineage, e.code.clone())).collect(),
        }
    })
    .await
    .map_err(|e| StorageError::Corrupt(format!("review task: {e}")))
}

/// The rows of a list awaiting a decision, with their candidates (entry lineage, name,
/// score in percent).
pub fn uncertain_rows(list: &ReviewedList, names: &HashMap<i64, String>) -> Vec<UncertainRow> {
    list.matched
        .rows
        .iter()
        .filter_map(|r| match &r.outcome {
            MatchOutcome::Uncertain { candidates } => Some(UncertainRow {
                row: r.row,
                name: r.name.clone(),
                key: r.key.clone(),
                candidates: candidates
                    .iter()
                    .map(|c| {
                        (
                            c.entry.0,
                            names.get(&c.entry.0).cloned().unwrap_or_default(),
                            (c.score * 100.0).round() as u32,
                        )
                    })
                    .collect(),
            }),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct UncertainRow {
    pub row: usize,
    pub name: String,
    pub key: String,
    pub candidates: Vec<(i64, String, u32)>,
}

/// Records an editor's decision on a submitted name (its matching key).
pub async fn confirm(
    db: &Db,
    actor: i64,
    catalog: &Catalog,
    name_key: &str,
    entry_lineage: Option<i64>,
) -> Result<(), StorageError> {
    store::confirm(db, actor, catalog.draft_id, name_key, entry_lineage).await
}

/// A misfit's reason, in Vietnamese.
pub fn misfit_reason(review: &Review, reason: &matching::MisfitReason) -> String {
    match reason {
        matching::MisfitReason::Unknown => "Không có trong danh mục".to_owned(),
        matching::MisfitReason::OtherLevel { entry, level } => {
            format!("Danh mục xếp “{}” ở cấp {}", review.name(*entry), level.label())
        }
        matching::MisfitReason::OtherGroup { entry, group } => {
            format!("Danh mục xếp “{}” ở nhóm {}", review.name(*entry), group)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        id: i64,
        parent: Option<i64>,
        kind: &str,
        number: &str,
        heading: Option<&str>,
        body: &str,
    ) -> ProvisionRow {
        ProvisionRow {
            id,
            version_id: 1,
            parent_id: parent,
            kind: kind.to_owned(),
            label: String::new(),
            number: number.to_owned(),
            heading: heading.map(str::to_owned),
            body: body.to_owned(),
            position: id,
            depth: 0,
            source_line: 0,
        }
    }

    #[test]
    fn entries_keep_identity_by_name_when_renumbered_and_by_code_when_renamed() {
        let old = vec![
            row(1, None, KIND_CATALOG, "", Some("Danh mục"), ""),
            row(2, Some(1), KIND_ENTRY, "1", Some("Bí thư Tỉnh ủy"), ""),
            row(3, Some(2), KIND_FIELD, "level", None, "Tỉnh"),
            row(4, Some(1), KIND_ENTRY, "2", Some("Phó Bí thư Tỉnh ủy"), ""),
            row(5, Some(1), KIND_ENTRY, "3", Some("Trưởng ban Tổ chức Tỉnh ủy"), ""),
        ];
        let new = vec![
            row(11, None, KIND_CATALOG, "", Some("Danh mục"), ""),
            row(12, Some(11), KIND_ENTRY, "1", Some("Chủ tịch Hội đồng nhân dân tỉnh"), ""),
            row(13, Some(11), KIND_ENTRY, "2", Some("bí thư tỉnh uỷ"), ""),
            row(14, Some(13), KIND_FIELD, "level", None, "Tỉnh"),
            row(15, Some(11), KIND_ENTRY, "3", Some("Phó Bí thư Tỉnh ủy"), ""),
            row(16, Some(11), KIND_ENTRY, "4", Some("Trưởng Ban Tổ chức Tỉnh ủy (sửa)"), ""),
        ];
        let mut links: Vec<(i64, i64)> = identity_links(&old, &new).into_iter().flatten().collect();
        links.sort_unstable();
        // 12 is new (code 1 is taken by its name match); 16 renamed keeps nothing by
        // name, and code 4 did not exist: new as well.
        assert_eq!(links, vec![(11, 1), (13, 2), (14, 3), (15, 4)]);
    }

    #[test]
    fn an_entry_keeps_its_number_s_identity_only_while_its_name_is_alike() {
        let old = vec![
            row(1, None, KIND_CATALOG, "", Some("Danh mục"), ""),
            row(2, Some(1), KIND_ENTRY, "4", Some("Phó Giám đốc sở"), ""),
            row(3, Some(1), KIND_ENTRY, "5", Some("Bí thư Đảng ủy xã"), ""),
        ];
        let new = vec![
            row(11, None, KIND_CATALOG, "", Some("Danh mục"), ""),
            row(12, Some(11), KIND_ENTRY, "4", Some("Phó Giám đốc sở và tương đương"), ""),
            row(13, Some(11), KIND_ENTRY, "5", Some("Trưởng Công an xã"), ""),
        ];
        let mut links: Vec<(i64, i64)> = identity_links(&old, &new).into_iter().flatten().collect();
        links.sort_unstable();
        assert_eq!(links, vec![(11, 1), (12, 2)], "renamed a little: kept; another title at 5: new");
    }

    #[test]
    fn the_equivalence_table_groups_by_reference_and_level() {
        let entry = |lineage: i64, name: &str, group: &str, level: &str, equivalent: &str| StoredEntry {
            provision_id: lineage,
            lineage,
            code: lineage.to_string(),
            name: name.to_owned(),
            fields: [(fields::GROUP, group), (fields::LEVEL, level), (fields::EQUIVALENT, equivalent)]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| StoredField {
                    provision_id: 0,
                    key: k.to_owned(),
                    name: k.to_owned(),
                    value: v.to_owned(),
                })
                .collect(),
        };
        let entries = vec![
            entry(1, "Vụ trưởng", "III", "Trung ương", ""),
            entry(2, "Giám đốc sở", "III", "Tỉnh", "Vụ trưởng"),
            entry(3, "Trưởng ban Tổ chức Tỉnh ủy", "III", "Tỉnh", "Giám đốc sở"),
            entry(4, "Bộ trưởng", "II", "Trung ương", ""),
            entry(5, "Chủ tịch Ủy ban nhân dân xã", "IV", "Xã", "Không có"),
        ];
        let table = equivalence_table(&entries);
        let names: Vec<&str> = table.groups.iter().map(|g| g.name.as_str()).collect();
        // An equivalence to nothing in the catalog leaves the entry a reference of its
        // own, with the problem listed.
        assert_eq!(names, vec!["Nhóm II", "Nhóm III", "Nhóm IV"]);
        let row = &table.groups[1].rows[0];
        assert_eq!(row.reference, "Vụ trưởng");
        assert_eq!(row.central, vec!["Vụ trưởng"]);
        assert_eq!(row.provincial, vec!["Giám đốc sở", "Trưởng ban Tổ chức Tỉnh ủy"]);
        assert!(table.unranked.is_empty());
        assert!(table.problems.iter().any(|p| p.contains("Không có")), "{:?}", table.problems);
        assert!(
            table.problems.iter().all(|p| !p.contains("(mã ")),
            "entries named by number: {:?}",
            table.problems
        );
        let unleveled = equivalence_table(&[entry(9, "Trưởng ban", "IV", "", "")]);
        assert!(unleveled.problems.iter().any(|p| p.contains("không ghi cấp")), "{:?}", unleveled.problems);
    }
}
