//! Search over comments: a tantivy index derived from the database, on each instance.
//!
//! The database stays the source of truth. Each instance keeps its own index under
//! `DATA_DIR/search` and tails the comment table into it (every [`POLL`], and at
//! once when this instance commits comments; at most once per [`PACE`] while they
//! keep coming). `duthao reindex` builds
//! it again from the database. Intake never waits for the index: comments become
//! searchable a moment after they are acknowledged.
//!
//! Text is folded (no diacritics, `đ` → `d`, lower case) before indexing and so are
//! queries ([`query`]). Besides each word, the index holds each pair of adjacent
//! words as one token: a phrase "a b c" is the comments holding the pairs "a b" and
//! "b c", found by intersecting a few rare pair postings instead of checking the
//! positions of every comment holding its common words (a comment with "a b" and
//! "b c" apart, but no "a b c", would also match; in comments that is vanishingly
//! rare).
//!
//! On PostgreSQL, ids are handed out before commit, so a comment with a lower id may
//! become visible after a higher one has been indexed. The tail remembers such missing
//! ids and looks for them again (see [`crate::storage::tail`]; a rolled-back insert leaves a
//! gap for good).

pub mod highlight;
pub mod provisions;
pub mod query;
mod run;

use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tantivy::query::RangeQuery;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{RemoveLongFilter, SimpleTokenizer, TextAnalyzer, WhitespaceTokenizer};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::storage::comments::{self, IndexRow};
use crate::storage::feed::FeedReader;
use crate::storage::tail::{GAPS_PER_READ, Tail};
use crate::storage::{Db, StorageError};
use query::{ParsedQuery, pair};

/// How often the tail looks for new comments when nothing woke it.
pub const POLL: Duration = Duration::from_millis(200);
/// The shortest time between two rounds of the tail while comments keep coming. Each
/// round commits a segment, and the index merges segments again and again as they
/// add up: under a surge, fewer and larger segments cost less CPU (under `bench
/// intake`, segments of ~13,000 comments a second instead of ~5,000 every 0.4 s took
/// the server's CPU per comment down ~7 %, with documents made in one pass).
pub const PACE: Duration = Duration::from_secs(1);
/// Rows taken at a time: more than a second of a surge, so that rounds follow
/// [`PACE`].
const TAIL_BATCH: i64 = 25_000;
/// The index layout; a different one on disk is rebuilt.
const LAYOUT: u32 = 3;
/// Memory for the index writer.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(
        "the search index in {0} is in use by a running server; stop the server on this data directory, then run the command again"
    )]
    InUse(PathBuf),
    #[error("the search index task stopped: {0}")]
    Task(String),
}

/// Filters of a search. `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub consultation: Option<i64>,
    pub draft: Option<i64>,
    pub provision: Option<i64>,
    pub organisation: Option<i64>,
    pub channel: Option<String>,
    pub from: Option<i64>,
    pub until: Option<i64>,
}

/// One page of results: comment ids with their scores, best first, and how many match.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub total: usize,
    pub hits: Vec<(i64, f32)>,
}

/// Where the tail stands.
#[derive(Debug, Clone, Copy)]
pub struct IndexStatus {
    /// Every comment with an id up to this one is indexed, except remembered gaps.
    pub indexed_through: i64,
    pub documents: u64,
    /// The last look at the database found more than one batch: the index is catching up.
    pub catching_up: bool,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    pairs: Field,
    consultation: Field,
    draft: Field,
    version: Field,
    provision: Field,
    organisation: Field,
    channel: Field,
    created_at: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("folded").set_index_option(IndexRecordOption::WithFreqs),
    );
    let pairs = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer("pairs").set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | FAST),
        text: b.add_text_field("text", words),
        pairs: b.add_text_field("pairs", pairs),
        consultation: b.add_u64_field("consultation", INDEXED),
        draft: b.add_u64_field("draft", INDEXED),
        version: b.add_u64_field("version", INDEXED),
        provision: b.add_u64_field("provision", INDEXED),
        organisation: b.add_u64_field("organisation", INDEXED),
        channel: b.add_text_field("channel", STRING),
        created_at: b.add_i64_field("created_at", INDEXED | FAST),
    };
    (b.build(), fields)
}

fn register_tokenizers(index: &Index) {
    index.tokenizers().register(
        "folded",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(query::MAX_WORD_BYTES + 1))
            .build(),
    );
    index.tokenizers().register("pairs", TextAnalyzer::builder(WhitespaceTokenizer::default()).build());
}

/// The tail's position, saved with every commit of the index.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Payload {
    layout: u32,
    last: i64,
    /// Ids still missing, as ranges `start..=end`.
    gaps: Vec<(i64, i64)>,
}

fn payload(tail: &Tail) -> String {
    let payload = Payload { layout: LAYOUT, last: tail.last, gaps: tail.all_gap_ranges() };
    serde_json::to_string(&payload).unwrap_or_default()
}

/// The index of one instance.
pub struct SearchIndex {
    dir: PathBuf,
    reader: IndexReader,
    fields: Fields,
    index: Index,
    /// `None` after a failed round, until the next round opens a new one.
    writer: Arc<Mutex<Option<IndexWriter<TantivyDocument>>>>,
    tail: tokio::sync::Mutex<Tail>,
    indexed_through: AtomicI64,
    catching_up: AtomicBool,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates it empty (the tail then fills it from the
    /// database). An index of another layout, or one that cannot be read, is replaced.
    pub fn open(dir: &Path) -> Result<Self, SearchError> {
        let io = |source| SearchError::Io { path: dir.to_owned(), source };
        std::fs::create_dir_all(dir).map_err(io)?;
        let (schema, fields) = schema();
        let existing = if dir.join("meta.json").exists() {
            match Index::open_in_dir(dir) {
                Ok(index) if index.schema() == schema => {
                    let payload =
                        index.load_metas()?.payload.and_then(|p| serde_json::from_str::<Payload>(&p).ok());
                    match payload {
                        Some(p) if p.layout == LAYOUT => Some((index, p)),
                        _ => None,
                    }
                }
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, dir = %dir.display(), "search index unreadable; rebuilding it");
                    None
                }
            }
        } else {
            None
        };
        let (index, payload) = match existing {
            Some(found) => found,
            None => {
                if dir.join("meta.json").exists() {
                    std::fs::remove_dir_all(dir).map_err(io)?;
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                (Index::create_in_dir(dir, schema)?, Payload::default())
            }
        };
        register_tokenizers(&index);
        let writer = background_writer(&index)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let tail = Tail::restored(payload.last, payload.gaps);
        Ok(Self {
            dir: dir.to_owned(),
            indexed_through: AtomicI64::new(tail.last),
            reader,
            fields,
            index,
            writer: Arc::new(Mutex::new(Some(writer))),
            tail: tokio::sync::Mutex::new(tail),
            catching_up: AtomicBool::new(false),
        })
    }

    /// Deletes the index in `dir` and builds it again from every comment in `db`;
    /// returns the index and the number of comments indexed.
    pub async fn rebuild(dir: &Path, db: &Db) -> Result<(Self, usize), SearchError> {
        Self::rebuild_with(dir, db, &mut |_| {}).await
    }

    /// [`rebuild`](Self::rebuild), telling `progress` the comments indexed so far.
    pub async fn rebuild_with(
        dir: &Path,
        db: &Db,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<(Self, usize), SearchError> {
        if dir.join("meta.json").exists()
            && let Ok(existing) = Index::open_in_dir(dir)
        {
            match existing.writer_with_num_threads::<TantivyDocument>(1, 15_000_000) {
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    return Err(SearchError::InUse(dir.to_owned()));
                }
                Err(e) => tracing::warn!(error = %e, "the old search index cannot be opened; replacing it"),
                Ok(writer) => drop(writer),
            }
        }
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .map_err(|source| SearchError::Io { path: dir.to_owned(), source })?;
        }
        let index = Self::open(dir)?;
        let mut total = 0;
        loop {
            let n = index.catch_up(db).await?;
            total += n;
            progress(total);
            if n == 0 {
                break;
            }
        }
        // Let the writer finish merging the segments the rebuild made (dropped, it
        // would abandon them): the rebuilt index is compact and searches at full speed
        // from the start.
        let writer = Arc::clone(&index.writer);
        drop(index);
        tokio::task::spawn_blocking(move || -> Result<(), SearchError> {
            let writer = Arc::into_inner(writer)
                .ok_or_else(|| SearchError::Task("index writer still in use".into()))?
                .into_inner()
                .map_err(|_| SearchError::Task("index writer poisoned".into()))?;
            if let Some(writer) = writer {
                writer.wait_merging_threads()?;
            }
            Ok(())
        })
        .await
        .map_err(|e| SearchError::Task(e.to_string()))??;
        Ok((Self::open(dir)?, total))
    }

    pub fn status(&self) -> IndexStatus {
        IndexStatus {
            indexed_through: self.indexed_through.load(Ordering::Acquire),
            documents: self.reader.searcher().num_docs(),
            catching_up: self.catching_up.load(Ordering::Acquire),
        }
    }

    /// Runs the tail for as long as the process runs: it looks every [`POLL`], and at
    /// once when this process commits comments.
    pub fn spawn_tail(self: &Arc<Self>, db: Db) {
        let index = Arc::clone(self);
        let committed = db.comments_committed.subscribe();
        let feed = db.feed.reader();
        tokio::spawn(async move {
            crate::storage::tail::follow(committed, TAIL_BATCH as usize, PACE, POLL, "search_tail", || {
                index.catch_up_from(&db, Some(&feed))
            })
            .await;
        });
    }

    /// Indexes the comments not yet indexed (up to a few batches) and commits; returns
    /// how many were added.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, SearchError> {
        self.catch_up_from(db, None).await
    }

    /// [`catch_up`](Self::catch_up), taking the comments this process has just
    /// committed from `feed` when it holds them.
    async fn catch_up_from(&self, db: &Db, feed: Option<&FeedReader>) -> Result<usize, SearchError> {
        let mut tail = self.tail.lock().await;
        let fed = match feed {
            Some(feed) => feed.index_rows_after(db, tail.last, TAIL_BATCH as usize).await?,
            None => None,
        };
        let mut rows = match fed {
            Some(rows) => rows,
            None => comments::index_rows_after(&db.pool, tail.last, TAIL_BATCH).await?,
        };
        self.catching_up.store(rows.len() as i64 >= TAIL_BATCH, Ordering::Release);
        if tail.has_gaps() {
            let ranges = tail.gap_ranges(GAPS_PER_READ);
            rows.extend(comments::index_rows_in_ranges(db, &ranges, TAIL_BATCH).await?);
        }
        if rows.is_empty() {
            return Ok(0);
        }
        let n = rows.len();
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut next = tail.clone();
        next.advance(ids.into_iter());
        let payload = payload(&next);
        let fields = self.fields;
        let writer = Arc::clone(&self.writer);
        let reader = self.reader.clone();
        let index = self.index.clone();
        // Adding and committing is CPU and disk work: keep it off the async workers,
        // at the index's lower priority.
        let reloaded = in_background(move || -> Result<Result<(), SearchError>, SearchError> {
            let mut writer = writer.lock().map_err(|_| SearchError::Task("index writer poisoned".into()))?;
            if let Err(e) = add_and_commit(&mut writer, &index, fields, &rows, &payload) {
                // After a failed commit tantivy's writer may have no indexing thread
                // left, and its next `add_document` would wait for ever on a full
                // queue. Drop it (its lock on the directory goes with it); the next
                // round opens a new one.
                *writer = None;
                // A commit can fail after it has written meta.json: the rows are then
                // in the index, and indexing them again would list each twice. Only
                // when meta.json does not hold this round's position does the tail
                // stay where it was, so that the next round indexes the same rows.
                if !holds(&index, &payload) {
                    return Err(e);
                }
                tracing::warn!(error = %e, "search index commit reported an error after it was written");
            }
            // The rows are committed from here on: the tail moves even when the
            // reader cannot load them yet (the next round reloads it).
            Ok(reader.reload().map_err(SearchError::from))
        })
        .await??;
        *tail = next;
        self.indexed_through.store(tail.last, Ordering::Release);
        reloaded?;
        Ok(n)
    }

    /// Ranked comments matching `query` and `filters`.
    ///
    /// Every word must occur; a phrase's words must stand together. Comments where
    /// words typed side by side also stand side by side rank first: the query is run
    /// first with adjacent words as pair tokens (few, rare postings, ranked with
    /// top-k pruning), and only when that gives fewer results than the page needs
    /// with the words anywhere. The count is taken apart from the ranking, so that
    /// counting does not stop the pruning.
    pub fn search(
        &self,
        query: &ParsedQuery,
        filters: &Filters,
        limit: usize,
        offset: usize,
    ) -> Result<Found, SearchError> {
        let searcher = self.reader.searcher();
        let filter_queries = self.filters(filters);
        let loose_words = self.words(query, false);
        let filtered = run::Filtered::new(&searcher, &filter_queries, &loose_words)?;
        let loose = run::Conjunction { words: loose_words, filters: &filter_queries }.prepare(&searcher)?;
        let total = loose.count(&searcher, &filtered)?;
        let tight = self.tight_words(query);
        let docs = match tight {
            Some(words) => {
                let tight = run::Conjunction { words, filters: &filter_queries }.prepare(&searcher)?;
                if tight.count(&searcher, &filtered)? >= offset + limit {
                    tight.top(&searcher, &filtered, limit.max(1), offset)?
                } else {
                    loose.top(&searcher, &filtered, limit.max(1), offset)?
                }
            }
            None => loose.top(&searcher, &filtered, limit.max(1), offset)?,
        };
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let column = searcher.segment_reader(address.segment_ord).fast_fields().u64("id")?;
            if let Some(id) = column.first(address.doc_id) {
                hits.push((id as i64, score));
            }
        }
        Ok(Found { total, hits })
    }

    /// The words as tantivy runs them, when typed side by side words count as
    /// pairs (`None` when that is the same as [`words`](Self::words) loose).
    fn tight_words(&self, query: &ParsedQuery) -> Option<Vec<Term>> {
        let loose = |g: &query::Group| !(g.phrase && g.words.len() > 1);
        let side_by_side = query.groups.windows(2).any(|w| loose(&w[0]) && loose(&w[1]));
        side_by_side.then(|| self.words(query, true))
    }

    /// The words as terms. Loose: each word a term, each phrase its pairs. Tight:
    /// runs of words typed side by side become their pairs too.
    fn words(&self, query: &ParsedQuery, tight: bool) -> Vec<Term> {
        let f = self.fields;
        let mut terms: Vec<Term> = Vec::new();
        // Runs of loose words, and phrases, in order.
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, terms: &mut Vec<Term>| {
            if tight && run.len() > 1 {
                for w in run.windows(2) {
                    terms.push(Term::from_field_text(f.pairs, &pair(w[0], w[1])));
                }
            } else {
                for w in run.iter() {
                    terms.push(Term::from_field_text(f.text, w));
                }
            }
            run.clear();
        };
        for group in &query.groups {
            if group.phrase && group.words.len() > 1 {
                flush(&mut run, &mut terms);
                for w in group.words.windows(2) {
                    terms.push(Term::from_field_text(f.pairs, &pair(&w[0], &w[1])));
                }
            } else {
                run.push(&group.words[0]);
            }
        }
        flush(&mut run, &mut terms);
        terms
    }

    /// The filters.
    fn filters(&self, filters: &Filters) -> Vec<run::Filter> {
        let f = self.fields;
        let mut clauses = Vec::new();
        let mut filter = |field: Field, value: Option<i64>| {
            if let Some(v) = value {
                clauses.push(run::Filter::Term(Term::from_field_u64(
                    field,
                    u64::try_from(v).unwrap_or(u64::MAX),
                )));
            }
        };
        filter(f.consultation, filters.consultation);
        filter(f.draft, filters.draft);
        filter(f.provision, filters.provision);
        filter(f.organisation, filters.organisation);
        if let Some(channel) = &filters.channel {
            clauses.push(run::Filter::Term(Term::from_field_text(f.channel, channel)));
        }
        if filters.from.is_some() || filters.until.is_some() {
            let bound = |v: Option<i64>| match v {
                Some(v) => Bound::Included(Term::from_field_i64(f.created_at, v)),
                None => Bound::Unbounded,
            };
            clauses.push(run::Filter::Query(Box::new(RangeQuery::new(
                bound(filters.from),
                bound(filters.until),
            ))));
        }
        clauses
    }
}

/// How much lower than the server's the priority of the index's threads is (Unix
/// nice levels; 19 is the lowest).
const BACKGROUND_NICE: i32 = 10;

/// The index's writer, its indexing and merging threads at a lower priority than
/// the server's (see [`BACKGROUND_NICE`]). The index is derived and may lag by a few
/// seconds; under a surge of comments the processor goes first to taking them: the
/// group commit's writer, whose every batch waits for its turn on a core while
/// merges run, and the requests.
///
/// Tantivy starts those threads when the writer is made, and a Linux thread starts
/// at the priority of the thread that made it: the writer is made on a short-lived
/// thread whose own priority is lowered first (which needs no privilege).
fn background_writer(index: &Index) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    let index = index.clone();
    std::thread::Builder::new()
        .name("search-writer".into())
        .spawn(move || {
            lower_this_threads_priority(BACKGROUND_NICE);
            index.writer_with_num_threads(1, WRITER_MEMORY)
        })
        .map_err(|e| SearchError::Task(format!("starting the index writer: {e}")))?
        .join()
        .map_err(|_| SearchError::Task("the index writer's thread panicked".into()))?
        .map_err(SearchError::from)
}

/// Runs `work` on a thread of its own at the index's lower priority (see
/// [`BACKGROUND_NICE`]). A commit starts tantivy's indexing thread anew, from the
/// thread that commits: it inherits that priority.
async fn in_background<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, SearchError> {
    let (done, result) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("search-index".into())
        .spawn(move || {
            lower_this_threads_priority(BACKGROUND_NICE);
            let _ = done.send(work());
        })
        .map_err(|e| SearchError::Task(format!("starting the index's thread: {e}")))?;
    result.await.map_err(|_| SearchError::Task("the index's thread panicked".into()))
}

/// Lowers the calling thread's priority to `nice` (on Linux, `setpriority` of
/// process 0 changes the calling thread only). A failure is logged and changes
/// nothing else.
fn lower_this_threads_priority(nice: i32) {
    if let Err(e) = rustix::process::setpriority_process(None, nice) {
        tracing::debug!(error = %e, "the search index's threads keep the server's priority");
    }
}

/// Adds the rows and commits with the tail's new position, on the writer in `slot`
/// (opened first if a failed round dropped it).
fn add_and_commit(
    slot: &mut Option<IndexWriter<TantivyDocument>>,
    index: &Index,
    fields: Fields,
    rows: &[IndexRow],
    payload: &str,
) -> Result<(), SearchError> {
    let writer = match slot {
        Some(writer) => writer,
        None => slot.insert(background_writer(index)?),
    };
    for row in rows {
        writer.add_document(document(fields, row))?;
    }
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(payload);
    prepared.commit()?;
    Ok(())
}

/// Whether the last commit of `index` on disk is the one that saved `payload` (each
/// round's payload holds the tail's new position, so no two rounds save the same).
fn holds(index: &Index, payload: &str) -> bool {
    index.load_metas().is_ok_and(|meta| meta.payload.as_deref() == Some(payload))
}

fn document(f: Fields, row: &IndexRow) -> TantivyDocument {
    let (words, pairs) = query::index_texts(&row.body);
    let mut doc = TantivyDocument::default();
    let id = |v: i64| u64::try_from(v).unwrap_or(0);
    doc.add_u64(f.id, id(row.id));
    doc.add_text(f.text, words);
    doc.add_text(f.pairs, pairs);
    doc.add_u64(f.consultation, id(row.consultation_id));
    doc.add_u64(f.draft, id(row.draft_id));
    doc.add_u64(f.version, id(row.version_id));
    doc.add_u64(f.provision, id(row.provision_id.unwrap_or(0)));
    doc.add_u64(f.organisation, id(row.organisation_id.unwrap_or(0)));
    doc.add_text(f.channel, &row.channel);
    doc.add_i64(f.created_at, row.created_at);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_payload_saves_the_tail_with_its_gaps() {
        let mut tail = Tail::default();
        tail.advance([1, 2, 5, 6, 9].into_iter());
        tail.advance([4].into_iter());
        let payload: Payload = serde_json::from_str(&payload(&tail)).expect("json");
        assert_eq!((payload.last, payload.gaps.clone()), (9, vec![(3, 3), (7, 8)]));
        let restored = Tail::restored(payload.last, payload.gaps);
        assert_eq!(restored.all_gap_ranges(), tail.all_gap_ranges());
    }

    #[test]
    fn a_commit_is_known_by_the_payload_it_saved() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir.path(), schema).expect("index");
        register_tokenizers(&index);
        assert!(!holds(&index, "{}"), "a new index has saved no payload");
        let mut writer = None;
        let row = IndexRow {
            id: 7,
            consultation_id: 1,
            draft_id: 1,
            version_id: 1,
            provision_id: None,
            organisation_id: None,
            channel: "web".into(),
            created_at: 0,
            body: "Đề nghị sửa Điều 5".into(),
        };
        add_and_commit(&mut writer, &index, fields, &[row], "round 1").expect("committed");
        assert!(holds(&index, "round 1"));
        assert!(!holds(&index, "round 2"), "a round that wrote nothing is not taken as done");
    }

    /// The calling thread's nice level, from `/proc/thread-self/stat` (its 19th field;
    /// the name, second, may hold spaces and is closed by the last parenthesis).
    #[cfg(target_os = "linux")]
    fn own_nice() -> Option<i64> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
        stat[stat.rfind(')')? + 2..].split(' ').nth(16)?.parse().ok()
    }

    /// The index's work runs at the lower priority, and so do the threads that work
    /// starts (tantivy's indexing thread is started anew by each commit).
    #[cfg(target_os = "linux")]
    #[test]
    fn the_index_works_at_a_lower_priority_and_its_threads_inherit_it() {
        let base = own_nice().expect("nice level");
        // A process started at a lower priority still is (raising it needs privilege).
        let lowered = Some(base.max(i64::from(BACKGROUND_NICE)));
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let (own, child) = runtime
            .block_on(in_background(|| {
                let child = std::thread::spawn(own_nice).join().expect("child");
                (own_nice(), child)
            }))
            .expect("ran");
        assert_eq!(own, lowered);
        assert_eq!(child, lowered);
        assert_eq!(own_nice(), Some(base), "the caller's priority is untouched");
    }
}
