//! Word-level differences between two texts, for showing how a comment differs from
//! its group's representative (and, later, how a provision changed between versions).
//!
//! Words are compared whole (a word with its punctuation, as written); whitespace is
//! carried with the word before it and does not count as a difference. The common
//! beginning and end are set aside first; the rest is aligned by a longest common
//! subsequence, which is exact up to [`MAX_CELLS`] and otherwise gives up and shows
//! the middle as replaced.

/// How a piece of the new text relates to the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Same,
    Added,
    Removed,
}

/// A run of words with the same [`Change`], with their whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

/// The largest middle part (old words × new words) aligned exactly.
pub const MAX_CELLS: usize = 4_000_000;

/// The differences that turn `old` into `new`, in reading order: `Removed` pieces
/// come from `old`, `Added` and `Same` pieces from `new`.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let a = tokens(old);
    let b = tokens(new);
    let prefix = a.iter().zip(&b).take_while(|(x, y)| key(x) == key(y)).count();
    let suffix =
        a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| key(x) == key(y)).count();
    let (ma, mb) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);

    let mut out = Vec::new();
    for t in &b[..prefix] {
        push(&mut out, Change::Same, t);
    }
    if ma.len().saturating_mul(mb.len()) <= MAX_CELLS {
        align(ma, mb, &mut out);
    } else {
        ma.iter().for_each(|t| push(&mut out, Change::Removed, t));
        mb.iter().for_each(|t| push(&mut out, Change::Added, t));
    }
    for t in &b[b.len() - suffix..] {
        push(&mut out, Change::Same, t);
    }
    out
}

/// Splits text into words, each with the whitespace after it.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_space = true;
        } else if in_space {
            out.push(&text[start..i]);
            start = i;
            in_space = false;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn key(token: &str) -> &str {
    token.trim_end()
}

fn push(out: &mut Vec<Piece>, change: Change, token: &str) {
    match out.last_mut() {
        Some(last) if last.change == change => last.text.push_str(token),
        _ => out.push(Piece { change, text: token.to_owned() }),
    }
}

/// Longest-common-subsequence alignment of two word lists.
fn align(a: &[&str], b: &[&str], out: &mut Vec<Piece>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the LCS length of a[i..] and b[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if key(a[i]) == key(b[j]) {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && key(a[i]) == key(b[j]) {
            push(out, Change::Same, b[j]);
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            push(out, Change::Removed, a[i]);
            i += 1;
        } else {
            push(out, Change::Added, b[j]);
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.change {
                Change::Same => p.text.clone(),
                Change::Added => format!("[+{}]", p.text.trim_end()),
                Change::Removed => format!("[-{}]", p.text.trim_end()),
            })
            .collect()
    }

    #[test]
    fn a_name_swap_shows_as_one_replacement() {
        let old = "Tôi là Nguyễn Văn An, giáo viên, hiện sống tại Nghệ An.";
        let new = "Tôi là Trần Thị Bình, giáo viên, hiện sống tại Nghệ An.";
        let pieces = words(old, new);
        assert_eq!(
            render(&pieces),
            "Tôi là [-Nguyễn Văn An,][+Trần Thị Bình,]giáo viên, hiện sống tại Nghệ An."
        );
    }

    #[test]
    fn inserted_and_dropped_words() {
        assert_eq!(
            render(&words("đề nghị bổ sung Điều 5", "đề nghị sớm bổ sung")),
            "đề nghị [+sớm]bổ sung[-Điều 5]"
        );
        assert!(words("giống hệt nhau", "giống hệt nhau").iter().all(|p| p.change == Change::Same));
        assert_eq!(words("", "").len(), 0);
    }

    #[test]
    fn the_new_text_is_kept_whole() {
        let old = "một hai ba bốn năm sáu";
        let new = "một  hai\nbảy bốn năm tám";
        let rebuilt: String =
            words(old, new).iter().filter(|p| p.change != Change::Removed).map(|p| p.text.as_str()).collect();
        assert_eq!(rebuilt, new);
    }
}
