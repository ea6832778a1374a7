//! Search over the provisions of published drafts.
//!
//! There are a few thousand provisions at most, so they are matched in memory: each
//! provision's label, heading and body are folded into words once (and kept while the
//! drafts do not change), and a query matches a provision that holds every word and
//! every phrase of it.

use crate::storage::drafts::PublishedProvision;

use super::query::{ParsedQuery, index_words};

/// A provision with its folded words.
#[derive(Debug, Clone)]
pub struct IndexedProvision {
    pub row: PublishedProvision,
    words: Vec<String>,
}

impl IndexedProvision {
    pub fn new(row: PublishedProvision) -> Self {
        let text = format!("{} {} {}", row.label, row.heading.as_deref().unwrap_or(""), row.body);
        Self { words: index_words(&text), row }
    }

    /// How many times the query's words and phrases occur, if all of them do.
    fn score(&self, query: &ParsedQuery) -> Option<usize> {
        let mut score = 0;
        for group in &query.groups {
            let n = self
                .words
                .windows(group.words.len())
                .filter(|window| window.iter().zip(&group.words).all(|(a, b)| a == b))
                .count();
            if n == 0 {
                return None;
            }
            score += n;
        }
        Some(score)
    }
}

/// The provisions matching `query` (of draft `draft` only, if given), best first (most
/// occurrences, then document order), at most `limit`.
pub fn search<'a>(
    provisions: &'a [IndexedProvision],
    query: &ParsedQuery,
    draft: Option<i64>,
    limit: usize,
) -> Vec<&'a IndexedProvision> {
    let mut found: Vec<(usize, usize, &IndexedProvision)> = provisions
        .iter()
        .enumerate()
        .filter(|(_, p)| draft.is_none_or(|d| p.row.draft_id == d))
        .filter_map(|(i, p)| p.score(query).map(|s| (s, i, p)))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().take(limit).map(|(_, _, p)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn provision(id: i64, label: &str, body: &str) -> IndexedProvision {
        IndexedProvision::new(PublishedProvision {
            id,
            draft_id: 1,
            draft_title: "Dự thảo".into(),
            label: label.into(),
            heading: None,
            body: body.into(),
        })
    }

    #[test]
    fn finds_provisions_by_folded_words_and_phrases() {
        let all = vec![
            provision(1, "Điều 5", "Cán bộ dám nghĩ, dám làm được bảo vệ."),
            provision(2, "Điều 6", "Trách nhiệm của người đứng đầu."),
            provision(3, "Điều 15", "Cán bộ nghĩ và làm."),
        ];
        let ids = |q: &str| {
            search(&all, &parse(q).expect("query"), None, 10).iter().map(|p| p.row.id).collect::<Vec<_>>()
        };
        assert_eq!(ids("ĐIỀU 5"), [1]);
        assert_eq!(ids("dieu"), [1, 2, 3]);
        assert_eq!(ids("\"dám nghĩ\""), [1]);
        assert_eq!(ids("nghi lam"), [1, 3]);
        assert!(ids("khong co").is_empty());
        assert!(search(&all, &parse("dieu").expect("q"), Some(2), 10).is_empty());
    }
}
