//! What people type into the search box, read as words and phrases.
//!
//! Text is folded the way the index folds it (no diacritics, `đ` → `d`, lower case),
//! so "dieu 5", "điều 5" and "ĐIỀU 5" are the same query. Words are runs of letters
//! and digits; everything else is a separator. Text in double quotes is a phrase. No
//! other syntax exists: `*`, `-`, `NEAR`, `OR`, parentheses and the like are plain text
//! (punctuation is dropped, `NEAR` is the word "near"), so nothing typed can change
//! what the query means to the engine.

use duthao_text::{fold, syllables};

/// Words read from one query at most; the rest is ignored, and the reader told.
pub const MAX_WORDS: usize = 32;
/// Longer tokens are not indexed (a run of 41+ letters is not a Vietnamese word).
pub const MAX_WORD_BYTES: usize = 40;

/// A query: groups of folded words, each one word or a phrase (words in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedQuery {
    pub groups: Vec<Group>,
    /// Words beyond [`MAX_WORDS`] were dropped.
    pub truncated: bool,
    /// How many runs of letters longer than [`MAX_WORD_BYTES`] were left out (the
    /// index holds no such word).
    pub too_long: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub words: Vec<String>,
    /// Typed in double quotes: the words must be adjacent, in order.
    pub phrase: bool,
}

/// Why a query cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("Nhập ít nhất một từ cần tìm (chữ hoặc số).")]
    Empty,
    /// Every word typed is longer than [`MAX_WORD_BYTES`].
    #[error("Từ cần tìm dài hơn {MAX_WORD_BYTES} ký tự: góp ý không có từ nào dài như vậy.")]
    TooLong,
}

impl QueryError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty_query",
            Self::TooLong => "word_too_long",
        }
    }
}

impl ParsedQuery {
    /// Every folded word of the query (for highlighting).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flat_map(|g| g.words.iter().map(String::as_str))
    }
}

/// Reads a query.
pub fn parse(input: &str) -> Result<ParsedQuery, QueryError> {
    let folded = fold(input);
    let mut groups = Vec::new();
    let mut count = 0;
    let mut truncated = false;
    let mut too_long = 0;
    // Segments between double quotes alternate: outside, inside, outside… An unclosed
    // quote runs to the end.
    for (i, segment) in folded.split('"').enumerate() {
        let phrase = i % 2 == 1;
        let mut words = Vec::new();
        for word in syllables(segment) {
            if count == MAX_WORDS {
                truncated = true;
                break;
            }
            if word.len() > MAX_WORD_BYTES {
                too_long += 1;
                continue;
            }
            count += 1;
            words.push(word.to_owned());
        }
        if words.is_empty() {
            continue;
        }
        if phrase {
            groups.push(Group { words, phrase: true });
        } else {
            groups.extend(words.into_iter().map(|w| Group { words: vec![w], phrase: false }));
        }
    }
    if groups.is_empty() {
        return Err(if too_long > 0 { QueryError::TooLong } else { QueryError::Empty });
    }
    Ok(ParsedQuery { groups, truncated, too_long })
}

/// The index's tokens of a text: folded words, in order, long ones dropped.
pub fn index_words(text: &str) -> Vec<String> {
    let folded = fold(text);
    syllables(&folded).filter(|w| w.len() <= MAX_WORD_BYTES).map(str::to_owned).collect()
}

/// The two indexed texts of a comment: its [`index_words`] joined by spaces, and the
/// pair tokens of each two adjacent words joined by spaces. Made in one pass, without
/// a string per word: every comment goes through here on its way into the index.
pub fn index_texts(text: &str) -> (String, String) {
    let folded = fold(text);
    let mut words = String::with_capacity(folded.len());
    let mut pairs = String::with_capacity(folded.len() * 2);
    let mut previous: Option<&str> = None;
    for word in syllables(&folded).filter(|w| w.len() <= MAX_WORD_BYTES) {
        if let Some(previous) = previous {
            words.push(' ');
            if !pairs.is_empty() {
                pairs.push(' ');
            }
            push_pair(&mut pairs, previous, word);
        }
        words.push_str(word);
        previous = Some(word);
    }
    (words, pairs)
}

/// The pair token of two adjacent words.
pub fn pair(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len() + 1);
    push_pair(&mut out, a, b);
    out
}

/// Appends the pair token of `a` and `b` to `out`.
pub fn push_pair(out: &mut String, a: &str, b: &str) {
    out.push_str(a);
    out.push('_');
    out.push_str(b);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &ParsedQuery) -> Vec<&str> {
        q.words().collect()
    }

    #[test]
    fn index_texts_are_the_words_and_their_pairs() {
        for text in [
            "",
            "Điều",
            "Đề nghị sửa khoản 2 Điều 5: \"cán bộ, công chức\" — ĐIỀU 5a.",
            "  nhiều   khoảng trắng\tvà\ndòng mới  ",
            &format!("từ {} dài", "x".repeat(MAX_WORD_BYTES + 1)),
        ] {
            let words = index_words(text);
            let pairs: Vec<String> = words.windows(2).map(|w| pair(&w[0], &w[1])).collect();
            assert_eq!(index_texts(text), (words.join(" "), pairs.join(" ")), "{text:?}");
        }
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        let a = parse("dieu 5").expect("query");
        assert_eq!(parse("điều 5").expect("query"), a);
        assert_eq!(parse("ĐIỀU 5").expect("query"), a);
        assert_eq!(words(&a), ["dieu", "5"]);
    }

    #[test]
    fn decomposed_input_folds_like_composed() {
        let nfd = "Đi\u{0065}\u{0302}\u{0300}u";
        assert_eq!(words(&parse(nfd).expect("query")), ["dieu"]);
    }

    #[test]
    fn quotes_make_phrases_and_other_syntax_is_inert() {
        let q = parse(r#"cán bộ "dám nghĩ, dám làm" -xoá NEAR(a*) OR"#).expect("query");
        assert_eq!(q.groups.len(), 7);
        assert_eq!(
            q.groups[2],
            Group { words: vec!["dam".into(), "nghi".into(), "dam".into(), "lam".into()], phrase: true }
        );
        assert_eq!(words(&q), ["can", "bo", "dam", "nghi", "dam", "lam", "xoa", "near", "a", "or"]);
        let unclosed = parse(r#"a "b c"#).expect("query");
        assert!(unclosed.groups[1].phrase);
    }

    #[test]
    fn punctuation_only_is_an_empty_query() {
        assert_eq!(parse(r#"" * - ( ) ""#), Err(QueryError::Empty));
        assert_eq!(parse(""), Err(QueryError::Empty));
    }

    #[test]
    fn ten_thousand_characters_are_cut_to_the_first_words() {
        let long = "quyền ".repeat(2_000);
        let q = parse(&long).expect("query");
        assert_eq!(q.groups.len(), MAX_WORDS);
        assert!(q.truncated);
        let one_long_token = "a".repeat(10_000);
        assert_eq!(parse(&one_long_token), Err(QueryError::TooLong));
    }

    #[test]
    fn words_too_long_to_be_indexed_are_counted() {
        let long = "đ".repeat(MAX_WORD_BYTES + 1);
        let q = parse(&format!("quyền {long} \"{long} dân\"")).expect("query");
        assert_eq!(words(&q), ["quyen", "dan"]);
        assert_eq!(q.too_long, 2);
        assert_eq!(parse("quyền").expect("query").too_long, 0);
        let exactly = "a".repeat(MAX_WORD_BYTES);
        assert_eq!(parse(&exactly).expect("query").too_long, 0);
    }
}
