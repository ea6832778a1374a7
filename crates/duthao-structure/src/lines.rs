//! Source lines: what every input format is turned into before parsing.
//!
//! Plain text is split into lines; Markdown additionally loses its syntax (heading
//! marks, emphasis, escapes, table pipes). The DOCX reader builds lines itself.

use duthao_text::clean_input;

/// One line of the source, already cleaned (NFC, no control characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceLine {
    /// 1-based line number (paragraph number for DOCX).
    pub number: usize,
    pub text: String,
    /// The line was a Markdown heading (`## Chương I`): a marker without its usual
    /// punctuation (`### Điều 1 Phạm vi`) is still taken as a marker.
    pub heading: bool,
}

pub(crate) fn from_text(input: &str) -> Vec<SourceLine> {
    clean_input(input)
        .split('\n')
        .enumerate()
        .map(|(i, text)| SourceLine { number: i + 1, text: text.to_owned(), heading: false })
        .collect()
}

pub(crate) fn from_markdown(input: &str) -> Vec<SourceLine> {
    let cleaned = clean_input(input);
    let mut out = Vec::new();
    let mut in_fence = false;
    for (i, raw) in cleaned.split('\n').enumerate() {
        let number = i + 1;
        let trimmed = raw.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(SourceLine { number, text: String::new(), heading: false });
            continue;
        }
        if in_fence {
            out.push(SourceLine { number, text: raw.to_owned(), heading: false });
            continue;
        }
        let (text, heading) = markdown_line(trimmed);
        out.push(SourceLine { number, text, heading });
    }
    out
}

/// Removes the Markdown syntax from one line; returns the text and whether the line
/// was a heading.
fn markdown_line(line: &str) -> (String, bool) {
    let mut line = line;
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    let mut heading = false;
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) {
        let rest = &line[hashes..];
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            heading = true;
            line = rest.trim().trim_end_matches('#').trim_end();
        }
    }
    if is_rule(line) || is_table_separator(line) {
        return (String::new(), false);
    }
    let text = strip_inline(line);
    if text.starts_with('|') && text[1..].contains('|') {
        let inner = text.trim_start_matches('|').trim_end_matches('|');
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        return (cells.join(" | "), heading);
    }
    (text, heading)
}

/// `---`, `***`, `___` (a thematic break).
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '_'))
}

/// `|---|:---:|` between a table's header and body.
fn is_table_separator(line: &str) -> bool {
    line.contains('-')
        && line.contains('|')
        && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Removes emphasis (`**`, `__`, `*`, `_` at word edges) and backslash escapes.
fn strip_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1)
                && next.is_ascii_punctuation()
            {
                out.push(next);
                i += 2;
                continue;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == '*' || c == '_' {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i + run).copied();
            let word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
            let emphasis = if run == 2 {
                true
            } else if run == 1 {
                // `*nhấn mạnh*`, `_Số: 1_`: one side touches a word, the other not.
                word(before) != word(after)
                    || (c == '*' && !word(before) && after.is_some_and(|x| !x.is_whitespace()))
            } else {
                false
            };
            if !emphasis {
                out.extend(std::iter::repeat_n(c, run));
            }
            i += run;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_is_removed() {
        assert_eq!(markdown_line("## Chương I"), ("Chương I".to_owned(), true));
        assert_eq!(
            markdown_line("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".to_owned(), false)
        );
        assert_eq!(markdown_line("*Số: 232/2026/NĐ-CP*"), ("Số: 232/2026/NĐ-CP".to_owned(), false));
        assert_eq!(markdown_line("1\\. Khoản"), ("1. Khoản".to_owned(), false));
        assert_eq!(markdown_line("| STT | Tên vị trí |"), ("STT | Tên vị trí".to_owned(), false));
        assert_eq!(markdown_line("|---|:--:|"), (String::new(), false));
        assert_eq!(markdown_line("|"), ("|".to_owned(), false));
        assert_eq!(markdown_line("mã_số và 5 * 3"), ("mã_số và 5 * 3".to_owned(), false));
    }
}
