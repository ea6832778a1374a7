//! Running a search on the index: counting the matches and ranking the best.
//!
//! Queries are conjunctions: every word (or pair of words) must occur, and every
//! filter must hold. Tantivy intersects posting lists by seeking one list to the
//! next candidate of the other, which is fast when one list is short and slow when
//! every list holds half of the index. So each segment is run one of two ways:
//!
//! - **Sparse** (some word or filter is in fewer than one document in
//!   [`SPARSE`]): tantivy's own intersection, led by the rarest list, counts and
//!   ranks.
//! - **Dense** (every list is long): the filters and all but the last word are
//!   decoded into bitsets and ANDed, the last word's postings are probed against
//!   them to count; the top documents are ranked from the words alone with
//!   block-max pruning (the index skips every block of postings that cannot beat
//!   the current page), and a document is taken only when its bit says that the
//!   filters hold. The result is exact: a document is skipped only when it could
//!   not have entered the page.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::postings::{BlockSegmentPostings, TermInfo};
use tantivy::query::{BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, Term};

/// A list holding fewer than one document in `SPARSE` of a segment leads a
/// seeking intersection; otherwise lists are decoded into bitsets.
const SPARSE: u32 = 32;

/// A filter: a term (decoded straight from its postings) or any other query.
pub(super) enum Filter {
    Term(Term),
    Query(Box<dyn Query>),
}

impl Filter {
    fn query(&self) -> Box<dyn Query> {
        match self {
            Filter::Term(t) => Box::new(TermQuery::new(t.clone(), IndexRecordOption::Basic)),
            Filter::Query(q) => q.box_clone(),
        }
    }
}

/// A query: every word (a term that scores) must occur and every filter hold.
pub(super) struct Conjunction<'a> {
    pub words: Vec<Term>,
    pub filters: &'a [Filter],
}

/// The weights of a conjunction for one searcher.
pub(super) struct Prepared {
    /// The words as one query that scores (a lone term stays a term query, so that
    /// its block-max pruning applies; several are a block-max intersection).
    ranked: Box<dyn Weight>,
    /// Words and filters as one query (filters scored 0), for sparse segments.
    whole: Box<dyn Weight>,
    words: Vec<Term>,
}

fn word_query(term: &Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))
}

impl Conjunction<'_> {
    pub fn prepare(&self, searcher: &Searcher) -> tantivy::Result<Prepared> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let ranked = match self.words.as_slice() {
            [one] => word_query(one).weight(scoring)?,
            many => BooleanQuery::new(many.iter().map(|t| (Occur::Must, word_query(t))).collect())
                .weight(scoring)?,
        };
        let filters = self.filters.iter().map(|f| {
            let zero: Box<dyn Query> = Box::new(ConstScoreQuery::new(f.query(), 0.0));
            (Occur::Must, zero)
        });
        let whole = BooleanQuery::new(
            self.words.iter().map(|t| (Occur::Must, word_query(t))).chain(filters).collect(),
        )
        .weight(scoring)?;
        Ok(Prepared { ranked, whole, words: self.words.clone() })
    }
}

/// A segment's bitset of documents.
struct Bits(Vec<u64>);

impl Bits {
    fn empty(max_doc: DocId) -> Self {
        Bits(vec![0; (max_doc as usize).div_ceil(64)])
    }

    /// The documents holding a term, decoded block by block (deleted ones included).
    fn of_term(reader: &SegmentReader, term: &Term, info: &TermInfo) -> tantivy::Result<Self> {
        let mut bits = Bits::empty(reader.max_doc());
        let mut postings = postings(reader, term, info)?;
        while !postings.docs().is_empty() {
            for &d in postings.docs() {
                bits.insert(d);
            }
            postings.advance();
        }
        Ok(bits)
    }

    /// The documents a query matches (deleted ones included).
    fn of_query(weight: &dyn Weight, reader: &SegmentReader) -> tantivy::Result<Self> {
        let mut bits = Bits::empty(reader.max_doc());
        weight.for_each_no_score(reader, &mut |docs| {
            for &d in docs {
                bits.insert(d);
            }
        })?;
        Ok(bits)
    }

    fn insert(&mut self, doc: DocId) {
        if let Some(w) = self.0.get_mut((doc / 64) as usize) {
            *w |= 1 << (doc % 64);
        }
    }

    /// Those of `self` that also hold `term`.
    fn and_term(&self, reader: &SegmentReader, term: &Term, info: &TermInfo) -> tantivy::Result<Self> {
        let mut kept = Bits(vec![0; self.0.len()]);
        let mut postings = postings(reader, term, info)?;
        while !postings.docs().is_empty() {
            for &d in postings.docs() {
                let i = (d / 64) as usize;
                if let (Some(w), Some(k)) = (self.0.get(i), kept.0.get_mut(i)) {
                    *k |= w & (1 << (d % 64));
                }
            }
            postings.advance();
        }
        Ok(kept)
    }

    /// How many of `self` also hold `term`.
    fn count_with_term(&self, reader: &SegmentReader, term: &Term, info: &TermInfo) -> tantivy::Result<u32> {
        let mut n = 0u64;
        let mut postings = postings(reader, term, info)?;
        while !postings.docs().is_empty() {
            for &d in postings.docs() {
                n += self.0.get((d / 64) as usize).map_or(0, |w| (w >> (d % 64)) & 1);
            }
            postings.advance();
        }
        Ok(n as u32)
    }

    fn and(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a &= b;
        }
    }

    /// Clears the deleted documents.
    fn and_alive(&mut self, reader: &SegmentReader) {
        let Some(alive) = reader.alive_bitset() else { return };
        for (i, w) in self.0.iter_mut().enumerate() {
            let mut bits = *w;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                if !alive.is_alive(i as u32 * 64 + bit) {
                    *w &= !(1 << bit);
                }
                bits &= bits - 1;
            }
        }
    }

    fn contains(&self, doc: DocId) -> bool {
        self.0.get((doc / 64) as usize).is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    fn count(&self) -> u32 {
        self.0.iter().map(|w| w.count_ones()).sum()
    }
}

fn postings(reader: &SegmentReader, term: &Term, info: &TermInfo) -> tantivy::Result<BlockSegmentPostings> {
    Ok(reader
        .inverted_index(term.field())?
        .read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?)
}

/// The filters of a search, decoded once per segment and shared by its queries.
pub(super) struct Filtered {
    /// Per segment: `None` without filters; `Some(Some(bits))`, the documents every
    /// filter holds for (deleted ones cleared) when they are many (dense);
    /// `Some(None)` when they are few (sparse).
    segments: Vec<Option<Option<Bits>>>,
}

impl Filtered {
    /// `words`: the loose query's. A segment where one of them is sparse is run
    /// sparse whatever the filters (the tight query's pairs are rarer still), so its
    /// filters are not decoded.
    pub fn new(searcher: &Searcher, filters: &[Filter], words: &[Term]) -> tantivy::Result<Self> {
        if filters.is_empty() {
            return Ok(Filtered { segments: searcher.segment_readers().iter().map(|_| None).collect() });
        }
        let plain = EnableScoring::disabled_from_searcher(searcher);
        let weights: Vec<Option<Box<dyn Weight>>> = filters
            .iter()
            .map(|f| match f {
                Filter::Term(_) => Ok(None),
                Filter::Query(q) => q.weight(plain).map(Some),
            })
            .collect::<tantivy::Result<_>>()?;
        let mut segments = Vec::new();
        'segments: for reader in searcher.segment_readers() {
            for word in words {
                let n = term_info(reader, word)?.map_or(0, |i| i.doc_freq);
                if sparse(n, reader.max_doc()) {
                    segments.push(Some(None));
                    continue 'segments;
                }
            }
            // Terms first, rarest first: one that is sparse makes the whole sparse,
            // and nothing need be decoded.
            let mut terms = Vec::new();
            for filter in filters {
                if let Filter::Term(term) = filter {
                    let info = term_info(reader, term)?;
                    let n = info.as_ref().map_or(0, |i| i.doc_freq);
                    if sparse(n, reader.max_doc()) {
                        segments.push(Some(None));
                        continue 'segments;
                    }
                    terms.extend(info.map(|info| (term, info)));
                }
            }
            terms.sort_by_key(|(_, info)| info.doc_freq);
            let mut all: Option<Bits> = None;
            for (term, info) in &terms {
                all = Some(match &all {
                    Some(all) => all.and_term(reader, term, info)?,
                    None => Bits::of_term(reader, term, info)?,
                });
            }
            for weight in weights.iter().flatten() {
                let bits = Bits::of_query(weight.as_ref(), reader)?;
                match all.as_mut() {
                    Some(all) => all.and(&bits),
                    None => all = Some(bits),
                }
            }
            let mut all = all.unwrap_or_else(|| Bits::empty(reader.max_doc()));
            let dense = !sparse(all.count(), reader.max_doc());
            if dense {
                all.and_alive(reader);
            }
            segments.push(Some(dense.then_some(all)));
        }
        Ok(Filtered { segments })
    }
}

fn term_info(reader: &SegmentReader, term: &Term) -> tantivy::Result<Option<TermInfo>> {
    Ok(reader.inverted_index(term.field())?.get_term_info(term)?)
}

fn sparse(n: u32, max_doc: DocId) -> bool {
    n.saturating_mul(SPARSE) < max_doc
}

/// How one segment is run.
enum Plan<'f> {
    /// No document can match.
    None,
    /// Tantivy's intersection of words and filters.
    Sparse,
    /// Ranked from the words alone, taken where `filter` holds (`None`: no filters);
    /// the words' postings, rarest first.
    Dense { filter: Option<&'f Bits>, words: Vec<(&'f Term, TermInfo)> },
}

impl Prepared {
    fn plan<'f>(
        &'f self,
        reader: &SegmentReader,
        filtered: &'f Option<Option<Bits>>,
    ) -> tantivy::Result<Plan<'f>> {
        let mut words = Vec::with_capacity(self.words.len());
        for term in &self.words {
            match term_info(reader, term)? {
                Some(info) => words.push((term, info)),
                None => return Ok(Plan::None),
            }
        }
        words.sort_by_key(|(_, info)| info.doc_freq);
        let rarest = words.first().map_or(0, |(_, info)| info.doc_freq);
        if words.is_empty() || sparse(rarest, reader.max_doc()) {
            return Ok(Plan::Sparse);
        }
        Ok(match filtered {
            None => Plan::Dense { filter: None, words },
            Some(None) => Plan::Sparse,
            Some(Some(bits)) => Plan::Dense { filter: Some(bits), words },
        })
    }

    /// How many documents match, in every segment.
    pub fn count(&self, searcher: &Searcher, filtered: &Filtered) -> tantivy::Result<usize> {
        let mut total = 0usize;
        for (reader, f) in searcher.segment_readers().iter().zip(&filtered.segments) {
            total += match self.plan(reader, f)? {
                Plan::None => 0,
                Plan::Sparse => self.whole.count(reader)? as usize,
                Plan::Dense { filter, words } => count_dense(reader, filter, &words)? as usize,
            };
        }
        Ok(total)
    }

    /// The best `limit` documents after the first `offset`, best first (ties: the
    /// earlier document first).
    pub fn top(
        &self,
        searcher: &Searcher,
        filtered: &Filtered,
        limit: usize,
        offset: usize,
    ) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        let mut page = Page::new(limit + offset);
        for (ord, (reader, f)) in searcher.segment_readers().iter().zip(&filtered.segments).enumerate() {
            let ord = ord as u32;
            let alive = reader.alive_bitset();
            let (weight, filter) = match self.plan(reader, f)? {
                Plan::None => continue,
                Plan::Sparse => (&self.whole, None),
                Plan::Dense { filter, .. } => (&self.ranked, filter),
            };
            weight.for_each_pruning(page.threshold(), reader, &mut |doc, score| {
                if filter.is_none_or(|f| f.contains(doc)) && alive.is_none_or(|a| a.is_alive(doc)) {
                    page.offer(score, DocAddress::new(ord, doc));
                }
                page.threshold()
            })?;
        }
        Ok(page.into_sorted().into_iter().skip(offset).collect())
    }
}

/// Counts a segment's matches of dense words: the filters' bitset (or the rarest
/// word's) narrowed by each further word's postings, the last one only probed.
fn count_dense(
    reader: &SegmentReader,
    filter: Option<&Bits>,
    words: &[(&Term, TermInfo)],
) -> tantivy::Result<u32> {
    let Some(((last, last_info), rest)) = words.split_last() else { return Ok(0) };
    let mut acc: Option<Bits> = None;
    let mut rest = rest.iter();
    if filter.is_none() {
        match rest.next() {
            Some((term, info)) => {
                let mut bits = Bits::of_term(reader, term, info)?;
                bits.and_alive(reader);
                acc = Some(bits);
            }
            // One word and no filters: its document frequency, less the deleted.
            None => {
                if reader.alive_bitset().is_none() {
                    return Ok(last_info.doc_freq);
                }
                let mut bits = Bits::of_term(reader, last, last_info)?;
                bits.and_alive(reader);
                return Ok(bits.count());
            }
        }
    }
    for (term, info) in rest {
        let base = match (&acc, filter) {
            (Some(a), _) => a,
            (None, Some(f)) => f,
            (None, None) => return Ok(0),
        };
        acc = Some(base.and_term(reader, term, info)?);
    }
    match (acc.as_ref(), filter) {
        (Some(a), _) | (None, Some(a)) => a.count_with_term(reader, last, last_info),
        (None, None) => Ok(0),
    }
}

/// A candidate on the page, ordered so that the heap's top is the worst.
#[derive(Debug, Clone, Copy)]
struct Entry {
    score: Score,
    address: Reverse<(u32, DocId)>,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    /// Better is greater: a higher score, then an earlier address.
    fn cmp(&self, other: &Self) -> Ordering {
        self.score.total_cmp(&other.score).then(self.address.cmp(&other.address))
    }
}

/// The best `size` documents offered so far.
struct Page {
    size: usize,
    heap: BinaryHeap<Reverse<Entry>>,
}

impl Page {
    fn new(size: usize) -> Self {
        Page { size, heap: BinaryHeap::with_capacity(size + 1) }
    }

    /// The score a document must beat to enter the page.
    fn threshold(&self) -> Score {
        if self.heap.len() < self.size {
            Score::MIN
        } else {
            self.heap.peek().map_or(Score::MIN, |w| w.0.score)
        }
    }

    fn offer(&mut self, score: Score, address: DocAddress) {
        if self.size == 0 {
            return;
        }
        let entry = Entry { score, address: Reverse((address.segment_ord, address.doc_id)) };
        if self.heap.len() < self.size {
            self.heap.push(Reverse(entry));
        } else if self.heap.peek().is_some_and(|worst| entry > worst.0) {
            self.heap.pop();
            self.heap.push(Reverse(entry));
        }
    }

    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        let mut all: Vec<Entry> = self.heap.into_iter().map(|r| r.0).collect();
        all.sort_by(|a, b| b.cmp(a));
        all.into_iter().map(|e| (e.score, DocAddress::new(e.address.0.0, e.address.0.1))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_keeps_the_best_and_breaks_ties_by_address() {
        let mut page = Page::new(3);
        assert_eq!(page.threshold(), Score::MIN);
        for (score, doc) in [(1.0, 0), (5.0, 1), (3.0, 2), (5.0, 3), (0.5, 4), (3.0, 5)] {
            page.offer(score, DocAddress::new(0, doc));
        }
        assert_eq!(page.threshold(), 3.0);
        let docs: Vec<(Score, u32)> = page.into_sorted().into_iter().map(|(s, a)| (s, a.doc_id)).collect();
        assert_eq!(docs, vec![(5.0, 1), (5.0, 3), (3.0, 2)]);
    }

    use std::ops::Bound;
    use tantivy::collector::{Count, TopDocs};

    use tantivy::query::RangeQuery;
    use tantivy::schema::{FAST, INDEXED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Counts and pages agree with tantivy's own intersection, on dense and sparse
    /// words and filters, over several segments with deleted documents.
    #[test]
    fn results_match_tantivys_intersection() {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT);
        let id = b.add_u64_field("id", INDEXED | FAST);
        let draft = b.add_u64_field("draft", INDEXED);
        let provision = b.add_u64_field("provision", INDEXED);
        let index = Index::create_in_ram(b.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).expect("writer");
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        // Word `wN` is in about N% of documents; lengths vary so that scores differ.
        for doc in 0..6_000u64 {
            let mut words = Vec::new();
            for (word, percent) in [("w70", 70), ("w50", 50), ("w10", 10), ("w1", 1)] {
                for _ in 0..=next(3) {
                    if next(100) < percent {
                        words.push(word);
                    }
                }
            }
            words.extend(std::iter::repeat_n("filler", next(12) as usize));
            let mut d = TantivyDocument::default();
            d.add_text(text, words.join(" "));
            d.add_u64(id, doc);
            d.add_u64(draft, next(2));
            d.add_u64(provision, next(300));
            writer.add_document(d).expect("add");
            if doc % 1_500 == 1_499 {
                writer.commit().expect("commit");
            }
        }
        for doc in (0..6_000u64).step_by(7) {
            writer.delete_term(Term::from_field_u64(id, doc));
        }
        writer.commit().expect("commit");
        let reader = index.reader().expect("reader");
        let searcher = reader.searcher();
        assert!(searcher.segment_readers().len() > 1);

        let word = |w: &str| Term::from_field_text(text, w);
        let by = |field, v: u64| Filter::Term(Term::from_field_u64(field, v));
        let recent = |from: u64| {
            Filter::Query(Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_u64(id, from)),
                Bound::Unbounded,
            )))
        };
        let word_sets: [&[&str]; 5] =
            [&["w70"], &["w70", "w50"], &["w70", "w50", "w10"], &["w1"], &["w50", "w1"]];
        let filter_sets: Vec<Vec<Filter>> = vec![
            vec![],
            vec![by(draft, 1)],
            vec![by(provision, 17)],
            vec![by(draft, 0), by(provision, 3)],
            vec![recent(1_000), by(draft, 1)],
            vec![recent(5_990)],
        ];
        for words in word_sets {
            for filters in &filter_sets {
                let conjunction = Conjunction { words: words.iter().map(|w| word(w)).collect(), filters };
                let prepared = conjunction.prepare(&searcher).expect("prepare");
                let terms: Vec<Term> = words.iter().map(|w| word(w)).collect();
                let filtered = Filtered::new(&searcher, filters, &terms).expect("filters");
                let reference = BooleanQuery::new(
                    words
                        .iter()
                        .map(|w| (Occur::Must, word_query(&word(w))))
                        .chain(filters.iter().map(|f| {
                            let zero: Box<dyn Query> = Box::new(ConstScoreQuery::new(f.query(), 0.0));
                            (Occur::Must, zero)
                        }))
                        .collect(),
                );
                let case = format!("{words:?} with {} filters", filters.len());
                let count = searcher.search(&reference, &Count).expect("count");
                assert_eq!(prepared.count(&searcher, &filtered).expect("count"), count, "{case}");
                for (limit, offset) in [(20, 0), (10, 30)] {
                    let expected = searcher
                        .search(&reference, &TopDocs::with_limit(limit).and_offset(offset).order_by_score())
                        .expect("top");
                    let got = prepared.top(&searcher, &filtered, limit, offset).expect("top");
                    assert_eq!(got.len(), expected.len(), "{case}");
                    for ((gs, _), (es, _)) in got.iter().zip(&expected) {
                        assert!((gs - es).abs() < 1e-4, "{case}: score {gs} vs {es}");
                    }
                    // Apart from near ties at the page's end, the same documents.
                    if let Some(&(last, _)) = expected.last() {
                        let sure = |page: &[(Score, DocAddress)]| -> Vec<DocAddress> {
                            page.iter().filter(|(s, _)| *s > last + 1e-4).map(|(_, a)| *a).collect()
                        };
                        assert_eq!(sure(&got), sure(&expected), "{case}");
                    }
                }
            }
        }
    }

    #[test]
    fn bits_count_and_intersect() {
        let mut a = Bits::empty(200);
        let mut b = Bits::empty(200);
        for d in [0u32, 63, 64, 130, 199] {
            a.0[(d / 64) as usize] |= 1 << (d % 64);
        }
        for d in [63u32, 130, 150] {
            b.0[(d / 64) as usize] |= 1 << (d % 64);
        }
        a.and(&b);
        assert_eq!(a.count(), 2);
        assert!(a.contains(63) && a.contains(130) && !a.contains(150) && !a.contains(1_000));
    }
}
