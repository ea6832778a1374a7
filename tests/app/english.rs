//! The English interface, checked: text in Vietnamese letters on a page served in
//! English must be content marked `lang="vi"` (a title, a comment, a name), never
//! interface text left untranslated. `tests/app/access.rs` runs the check on every
//! HTML page every role can open.

/// Elements that have no end tag.
const VOID: [&str; 13] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Attributes that hold addresses, names or values rather than text for people.
const NOT_TEXT: [&str; 10] =
    ["href", "src", "action", "content", "name", "id", "class", "for", "datetime", "value"];

/// Whether `c` is a letter with a diacritic (Vietnamese writes almost every syllable
/// with one; English interface text has none).
fn accented(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
}

/// The pieces of interface text in Vietnamese letters outside any element marked
/// `lang="vi"`, each with where it is (the innermost element, or the attribute).
pub fn untranslated(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    // (tag, inside lang="vi")
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    let in_vi = |stack: &[(String, bool)]| stack.last().is_some_and(|e| e.1);
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            check_text(rest, &stack, in_vi(&stack), &mut found);
            break;
        };
        check_text(&rest[..open], &stack, in_vi(&stack), &mut found);
        rest = &rest[open..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(close) = rest.find('>') else { break };
        let tag = &rest[1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|e| e.0 == name) {
                stack.truncate(at);
            }
            continue;
        }
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        let attributes = attributes(&tag[name_end..]);
        let lang = attributes.iter().find(|(k, _)| k == "lang").map(|(_, v)| v.as_str());
        let vi = match lang {
            Some(l) => l == "vi" || l.starts_with("vi-"),
            None => in_vi(&stack),
        };
        let is_button = name == "input"
            && attributes
                .iter()
                .any(|(k, v)| k == "type" && matches!(v.as_str(), "submit" | "button" | "reset"));
        if !vi {
            for (key, value) in &attributes {
                let text_like = !NOT_TEXT.contains(&key.as_str()) || (key == "value" && is_button);
                if text_like && value.chars().any(accented) {
                    found.push(format!("<{name} {key}=\"{}\">", snippet(value)));
                }
            }
        }
        // The contents of scripts and styles are not text; a page title cannot mark
        // the content it repeats (the heading it repeats is checked).
        if matches!(name.as_str(), "script" | "style" | "title") {
            let end = format!("</{name}");
            rest = rest.find(&end).map_or("", |at| &rest[at..]);
            continue;
        }
        if !VOID.contains(&name.as_str()) && !tag.trim_end().ends_with('/') {
            stack.push((name, vi));
        }
    }
    found
}

fn check_text(text: &str, stack: &[(String, bool)], vi: bool, found: &mut Vec<String>) {
    if !vi && text.chars().any(accented) {
        let at = stack.last().map_or("(top)", |e| e.0.as_str());
        found.push(format!("<{at}> {}", snippet(text)));
    }
}

fn snippet(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}

/// The attributes of a start tag, names lower-cased, values as written.
fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let end = s.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(s.len());
        let key = s[..end].to_ascii_lowercase();
        s = s[end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_owned();
            s = rest;
        }
        out.push((key, value));
    }
}

#[test]
fn the_check_finds_untranslated_text_and_spares_marked_content() {
    let page = r#"<!DOCTYPE html><html lang="en"><head><title>Góp ý · Duthao</title>
        <style>.a::before { content: "→ Điều"; }</style></head>
        <body><h1>Comments</h1>
        <p>Drafting body: <strong lang="vi">Ban Tổ chức Trung ương</strong></p>
        <img alt="Biểu đồ"><br>
        <input name="q" placeholder="Tìm kiếm" value="đổi mới"><input type="submit" value="Gửi">
        <div lang="vi"><p>Điều 1. <em>Phạm vi</em></p><input placeholder="Nội dung"></div>
        <p>Still English</p><select><option lang="vi">Điều 2</option><option>Tất cả</option></select>
        <!-- Ghi chú --><p>Hạn góp ý</p></body></html>"#;
    assert_eq!(
        untranslated(page),
        [
            "<img alt=\"Biểu đồ\">",
            "<input placeholder=\"Tìm kiếm\">",
            "<input value=\"Gửi\">",
            "<option> Tất cả",
            "<p> Hạn góp ý",
        ]
    );
    assert!(untranslated("<p>Drafts · 1,234 comments – “quoted” × 2</p>").is_empty());
}
