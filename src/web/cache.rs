//! What the busiest pages read, kept in memory.
//!
//! A well-known consultation draft is read by thousands of people at once; each page
//! load must not repeat the same queries. Three kinds of data are kept:
//!
//! - the provisions of a published version, forever: a published tree is frozen;
//! - the comment and agreement counts of a version, for at most [`TALLY_TTL`], and
//!   dropped at once when this instance commits a comment or a mark (so that people
//!   see their own comment counted; other instances' writes show within the limit);
//! - what the draft reader shows of a draft besides its tree and counts (the draft, its
//!   newest published version, the dossier, the consultations), for [`HEAD_TTL`], and
//!   dropped at once when this process changes a draft, version or consultation;
//! - the choices of the editors' filters (drafts, organisations), and the folded
//!   provisions that provision search looks through, for [`OPTIONS_TTL`].

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::search::provisions::IndexedProvision;
use crate::storage::{self, Db, comments, consultations, dossiers, drafts, organisations};

/// How long counts read by another instance's writes may lag.
pub const TALLY_TTL: Duration = Duration::from_secs(1);
/// How long a draft's head may lag behind another instance's publication.
pub const HEAD_TTL: Duration = Duration::from_secs(1);
/// How long the filter choices may lag behind a new draft or organisation.
pub const OPTIONS_TTL: Duration = Duration::from_secs(5);
/// Published trees kept at most (a few hundred provisions each).
const MAX_TREES: usize = 256;

/// The counts shown with a version: comments per provision (`None`: on the whole
/// draft) and (agree, disagree) marks per provision.
#[derive(Debug, Default)]
pub struct Tallies {
    pub comments: HashMap<Option<i64>, i64>,
    pub agreements: HashMap<i64, (i64, i64)>,
}

/// What the draft reader needs besides the tree and counts.
#[derive(Debug)]
pub struct DraftHead {
    /// The draft as read; its view count is the stored one at that moment.
    pub draft: drafts::DraftRow,
    pub version: drafts::VersionRow,
    pub dossier: dossiers::DossierRow,
    /// Consultations on the version, the most recently opened first.
    pub consultations: Vec<consultations::ConsultationRow>,
}

impl DraftHead {
    /// The consultation open at `now`, if any.
    pub fn open(&self, now: i64) -> Option<&consultations::ConsultationRow> {
        self.consultations.iter().find(|c| c.is_open(now))
    }

    /// The consultation to show: the open one, else the latest.
    pub fn shown(&self, now: i64) -> Option<&consultations::ConsultationRow> {
        self.open(now).or(self.consultations.first())
    }
}

/// The choices of the comment list's filters.
#[derive(Debug, Default)]
pub struct FilterOptions {
    pub drafts: Vec<(i64, String)>,
    /// Organisations in tree order, with their depth.
    pub organisations: Vec<(i64, String)>,
}

/// A value read at a moment, when a change counter stood at `generation`.
#[derive(Debug)]
struct Stamped<T> {
    at: Instant,
    generation: u64,
    value: Arc<T>,
}

/// Values per id, each trusted for `ttl` while the change counter stands still.
#[derive(Debug)]
struct Entries<T>(RwLock<HashMap<i64, Stamped<T>>>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Self(RwLock::default())
    }
}

impl<T> Entries<T> {
    fn get(&self, id: i64, generation: u64, ttl: Duration) -> Option<Arc<T>> {
        let entries = self.0.read().ok()?;
        let entry = entries.get(&id)?;
        (entry.generation == generation && entry.at.elapsed() < ttl).then(|| Arc::clone(&entry.value))
    }

    fn put(&self, id: i64, generation: u64, ttl: Duration, value: &Arc<T>) {
        if let Ok(mut entries) = self.0.write() {
            entries.retain(|_, e| e.at.elapsed() < ttl);
            entries.insert(id, Stamped { at: Instant::now(), generation, value: Arc::clone(value) });
        }
    }
}

#[derive(Debug, Default)]
pub struct ReadCache {
    trees: RwLock<HashMap<i64, Arc<Vec<drafts::ProvisionRow>>>>,
    tallies: Entries<Tallies>,
    heads: Entries<DraftHead>,
    options: RwLock<Option<(Instant, Arc<FilterOptions>)>>,
    provisions: Entries<Vec<IndexedProvision>>,
    /// The review of each catalog's published version (see `catalogs::ReviewCache`).
    pub reviews: crate::catalogs::ReviewCache,
}

impl ReadCache {
    /// The provisions of `version`, in tree order; cached when it is published.
    pub async fn tree(
        &self,
        db: &Db,
        version: &drafts::VersionRow,
    ) -> storage::Result<Arc<Vec<drafts::ProvisionRow>>> {
        if let Ok(trees) = self.trees.read()
            && let Some(tree) = trees.get(&version.id)
        {
            return Ok(Arc::clone(tree));
        }
        let tree = Arc::new(drafts::provisions(&db.pool, version.id).await?);
        if version.is_published()
            && let Ok(mut trees) = self.trees.write()
        {
            if trees.len() >= MAX_TREES {
                trees.clear();
            }
            trees.insert(version.id, Arc::clone(&tree));
        }
        Ok(tree)
    }

    /// The head of draft `draft_id`, or `None` if it has no published version.
    pub async fn draft_head(&self, db: &Db, draft_id: i64) -> storage::Result<Option<Arc<DraftHead>>> {
        let generation = storage::content_generation();
        if let Some(head) = self.heads.get(draft_id, generation, HEAD_TTL) {
            return Ok(Some(head));
        }
        let pool = &db.pool;
        let Some(draft) = drafts::get_draft(pool, draft_id).await? else { return Ok(None) };
        let Some(version) = drafts::latest_published(pool, draft_id).await? else { return Ok(None) };
        let Some(dossier) = dossiers::get(pool, draft.dossier_id).await? else { return Ok(None) };
        let consultations = consultations::of_version(pool, version.id).await?;
        let head = Arc::new(DraftHead { draft, version, dossier, consultations });
        self.heads.put(draft_id, generation, HEAD_TTL, &head);
        Ok(Some(head))
    }

    /// The counts of `version_id`.
    pub async fn tallies(&self, db: &Db, version_id: i64) -> storage::Result<Arc<Tallies>> {
        let generation = db.tally_generation();
        if let Some(tally) = self.tallies.get(version_id, generation, TALLY_TTL) {
            return Ok(tally);
        }
        let tally = Arc::new(Tallies {
            comments: comments::counts_by_provision(&db.pool, version_id).await?,
            agreements: comments::agreement_counts(&db.pool, version_id).await?,
        });
        self.tallies.put(version_id, generation, TALLY_TTL, &tally);
        Ok(tally)
    }

    /// The provisions of every draft's newest published version, folded for search.
    pub async fn provisions(&self, db: &Db) -> storage::Result<Arc<Vec<IndexedProvision>>> {
        let generation = storage::content_generation();
        if let Some(all) = self.provisions.get(0, generation, OPTIONS_TTL) {
            return Ok(all);
        }
        let all: Vec<IndexedProvision> =
            drafts::published_provisions(&db.pool).await?.into_iter().map(IndexedProvision::new).collect();
        let all = Arc::new(all);
        self.provisions.put(0, generation, OPTIONS_TTL, &all);
        Ok(all)
    }

    /// The choices of the editors' comment filters.
    pub async fn filter_options(&self, db: &Db) -> storage::Result<Arc<FilterOptions>> {
        if let Ok(options) = self.options.read()
            && let Some((at, options)) = options.as_ref()
            && at.elapsed() < OPTIONS_TTL
        {
            return Ok(Arc::clone(options));
        }
        let mut drafts_list = Vec::new();
        for d in dossiers::list(&db.pool).await? {
            for draft in drafts::drafts_of(&db.pool, d.id).await? {
                drafts_list.push((draft.id, draft.title));
            }
        }
        let all_orgs = organisations::list(&db.pool).await?;
        let organisations = organisations::as_tree(&all_orgs)
            .into_iter()
            .map(|(depth, o)| (o.id, format!("{}{}", "— ".repeat(depth), o.name)))
            .collect();
        let options = Arc::new(FilterOptions { drafts: drafts_list, organisations });
        if let Ok(mut cached) = self.options.write() {
            *cached = Some((Instant::now(), Arc::clone(&options)));
        }
        Ok(options)
    }
}
