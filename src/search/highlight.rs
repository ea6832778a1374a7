//! Marks the words a query matched in the original text (with its diacritics), and
//! cuts an excerpt around the first match.

use std::collections::HashSet;

use duthao_text::fold;

/// A run of text, marked or not. Templates escape `text`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Piece {
    pub text: String,
    pub mark: bool,
}

/// Byte ranges of the words of `text` (runs of letters, digits and combining marks).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || unicode_mark(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

fn unicode_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The byte ranges of the words of `text` that fold to one of `words`.
pub fn matches(text: &str, words: &HashSet<String>) -> Vec<(usize, usize)> {
    word_spans(text).into_iter().filter(|(s, e)| words.contains(&fold(&text[*s..*e]))).collect()
}

/// An excerpt of at most about `max_chars` characters around the first match, split
/// into marked and unmarked pieces; the whole text when it is short enough.
pub fn excerpt(text: &str, words: &HashSet<String>, max_chars: usize) -> Vec<Piece> {
    let spans = matches(text, words);
    let total_chars = text.chars().count();
    let (from, to) = if total_chars <= max_chars {
        (0, text.len())
    } else {
        let first = spans.first().map_or(0, |s| s.0);
        // Start a fifth of the window before the first match, on a char boundary.
        let lead = max_chars / 5;
        let start_char = text[..first].chars().count().saturating_sub(lead);
        let start = text.char_indices().nth(start_char).map_or(0, |(i, _)| i);
        let end = text[start..].char_indices().nth(max_chars).map_or(text.len(), |(i, _)| start + i);
        (start, end)
    };
    let mut pieces = Vec::new();
    let mut push = |s: &str, mark: bool| {
        if !s.is_empty() {
            pieces.push(Piece { text: s.to_owned(), mark });
        }
    };
    if from > 0 {
        push("…", false);
    }
    let mut at = from;
    for (s, e) in spans.into_iter().filter(|(s, e)| *s >= from && *e <= to) {
        push(&text[at..s], false);
        push(&text[s..e], true);
        at = e;
    }
    push(&text[at..to], false);
    if to < text.len() {
        push("…", false);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> HashSet<String> {
        list.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn marks_words_whatever_their_diacritics() {
        let pieces = excerpt("Đề nghị sửa Điều 5, điều 6.", &words(&["dieu", "5"]), 200);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.mark).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["Điều", "5", "điều"]);
        let whole: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(whole, "Đề nghị sửa Điều 5, điều 6.");
    }

    #[test]
    fn does_not_mark_parts_of_words() {
        let pieces = excerpt("Điều 15 và điều 5", &words(&["5"]), 200);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.mark).map(|p| p.text.as_str()).collect();
        assert_eq!(marked, ["5"]);
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match() {
        let text = format!("{} cán bộ dám nghĩ {}", "mở đầu ".repeat(200), "kết thúc ".repeat(200));
        let pieces = excerpt(&text, &words(&["dam"]), 100);
        assert_eq!(pieces.first().map(|p| p.text.as_str()), Some("…"));
        assert_eq!(pieces.last().map(|p| p.text.as_str()), Some("…"));
        assert!(pieces.iter().any(|p| p.mark && p.text == "dám"));
        let shown: usize = pieces.iter().map(|p| p.text.chars().count()).sum();
        assert!(shown <= 102, "{shown}");
    }

    #[test]
    fn text_without_matches_is_shown_from_the_start() {
        let pieces = excerpt("Không liên quan", &words(&["dieu"]), 200);
        assert_eq!(pieces, vec![Piece { text: "Không liên quan".into(), mark: false }]);
    }
}
