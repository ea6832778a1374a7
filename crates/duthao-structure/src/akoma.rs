//! Akoma Ntoso (OASIS LegalDocML 3.0): a draft version as
//! `akomaNtoso/bill/body/chapter/article/paragraph/point`, with `eId`s such as
//! `chp_1__art_5__para_2`, and back.
//!
//! The export is lossless for what Duthao knows of a document: each provision's kind
//! (the element; `hcontainer` with a `name` for appendices and report-style sections),
//! label (`num`), number and source line (attributes in Duthao's namespace, which Akoma
//! Ntoso allows on every element), heading, and text (one `p` per paragraph, in
//! `content` for a provision without children and in `intro` before the children of
//! one with them); the title (`preface/longTitle`), the preamble and the style.
//! [`from_akoma_ntoso`] reads such a file back into the same [`Document`], and reads
//! other Akoma Ntoso bills too, taking the number from the `num` when the attribute is
//! missing.

use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};

use crate::{Document, Provision, ProvisionKind, Style};

/// The Akoma Ntoso 3.0 namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
/// Duthao's namespace for what Akoma Ntoso has no attribute for.
pub const DUTHAO_NAMESPACE: &str = "https://duthao.gov.vn/ns/akn-ext/1";

/// Where the document comes from, for the FRBR identification block.
#[derive(Debug, Clone, Default)]
pub struct Identification {
    /// `bill` subtype, e.g. `quy_dinh`, `nghi_dinh`.
    pub name: String,
    /// A stable work id, e.g. `d12` (draft 12).
    pub work: String,
    /// The version number.
    pub version: i64,
    /// The date of this version, `YYYY-MM-DD`.
    pub date: String,
    /// The drafting body.
    pub author: String,
}

/// Why an Akoma Ntoso file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AknError {
    #[error("Tệp Akoma Ntoso không phải XML hợp lệ (vị trí byte {position}): {detail}")]
    Malformed { position: u64, detail: String },
    #[error("Tệp XML không phải Akoma Ntoso: không có phần tử akomaNtoso/bill/body")]
    NotAkomaNtoso,
    #[error("Tệp Akoma Ntoso lồng quá sâu (quá {0} cấp)")]
    TooDeep(usize),
}

/// Nesting deeper than this is refused (documents have at most 8 levels).
const MAX_DEPTH: usize = 64;

fn element(kind: ProvisionKind) -> (&'static str, Option<&'static str>, &'static str) {
    // (element, hcontainer name, eId prefix)
    match kind {
        ProvisionKind::Part => ("part", None, "part"),
        ProvisionKind::Chapter => ("chapter", None, "chp"),
        ProvisionKind::Section => ("section", None, "sec"),
        ProvisionKind::Subsection => ("subsection", None, "subsec"),
        ProvisionKind::Article => ("article", None, "art"),
        ProvisionKind::Clause => ("paragraph", None, "para"),
        ProvisionKind::Point => ("point", None, "point"),
        ProvisionKind::Appendix => ("hcontainer", Some("appendix"), "hcontainer"),
        ProvisionKind::RomanSection => ("hcontainer", Some("roman_section"), "hcontainer"),
    }
}

fn kind_of(element: &str, name: Option<&str>) -> Option<ProvisionKind> {
    Some(match (element, name) {
        ("part" | "book" | "title", _) => ProvisionKind::Part,
        ("chapter", _) => ProvisionKind::Chapter,
        ("section", _) => ProvisionKind::Section,
        ("subsection", _) => ProvisionKind::Subsection,
        ("article", _) => ProvisionKind::Article,
        ("paragraph" | "clause", _) => ProvisionKind::Clause,
        ("point" | "item" | "indent", _) => ProvisionKind::Point,
        ("hcontainer", Some("roman_section")) => ProvisionKind::RomanSection,
        ("hcontainer", _) => ProvisionKind::Appendix,
        _ => return None,
    })
}

/// A number as it may stand in an `eId`: Roman numerals in digits (`Chương II` →
/// `chp_2`), letters folded, `đ` as `dd` (so `d` and `đ` differ), other characters as
/// `-`.
fn eid_number(number: &str, position: usize) -> String {
    if number.is_empty() {
        return (position + 1).to_string();
    }
    if let Some(n) = roman(number) {
        return n.to_string();
    }
    let mut out = String::new();
    for c in number.chars() {
        match c {
            'đ' | 'Đ' => out.push_str("dd"),
            c => {
                let folded = duthao_text::fold(&c.to_string());
                for f in folded.chars() {
                    out.push(if f.is_ascii_alphanumeric() { f } else { '-' });
                }
            }
        }
    }
    out
}

/// The value of a Roman numeral written in capitals (`IV` → 4), if it is one.
fn roman(s: &str) -> Option<u32> {
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        match digits.get(i + 1) {
            Some(next) if next > d => total -= *d as i64,
            _ => total += *d as i64,
        }
    }
    u32::try_from(total).ok().filter(|t| *t > 0)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold (the parser never produces them).
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs of a text as `<p>` elements.
fn paragraphs(out: &mut String, indent: &str, text: &str) {
    for p in text.split('\n') {
        let _ = writeln!(out, "{indent}<p>{}</p>", escape(p));
    }
}

/// Writes a document as Akoma Ntoso XML.
pub fn to_akoma_ntoso(document: &Document, id: &Identification) -> String {
    let mut out = String::with_capacity(4096);
    let style = match document.style {
        Style::Normative => "normative",
        Style::Report => "report",
    };
    let work = format!("/akn/vn/bill/{}/{}", escape(&id.date), escape(&id.work));
    let expression = format!("{work}/vie@v{}", id.version);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(out, "<akomaNtoso xmlns=\"{NAMESPACE}\" xmlns:dt=\"{DUTHAO_NAMESPACE}\">");
    let _ = writeln!(out, "  <bill name=\"{}\" dt:style=\"{style}\">", escape(&id.name));
    let _ = writeln!(out, "    <meta>");
    let _ = writeln!(out, "      <identification source=\"#duthao\">");
    let _ = writeln!(
        out,
        "        <FRBRWork><FRBRthis value=\"{work}/!main\"/><FRBRuri value=\"{work}\"/>\
         <FRBRdate date=\"{date}\" name=\"generation\"/><FRBRauthor href=\"#author\"/>\
         <FRBRcountry value=\"vn\"/></FRBRWork>",
        date = escape(&id.date)
    );
    let _ = writeln!(
        out,
        "        <FRBRExpression><FRBRthis value=\"{expression}/!main\"/><FRBRuri value=\"{expression}\"/>\
         <FRBRdate date=\"{date}\" name=\"version\"/><FRBRauthor href=\"#author\"/>\
         <FRBRlanguage language=\"vie\"/></FRBRExpression>",
        date = escape(&id.date)
    );
    let _ = writeln!(
        out,
        "        <FRBRManifestation><FRBRthis value=\"{expression}/!main.xml\"/><FRBRuri value=\"{expression}.akn\"/>\
         <FRBRdate date=\"{date}\" name=\"generation\"/><FRBRauthor href=\"#duthao\"/></FRBRManifestation>",
        date = escape(&id.date)
    );
    let _ = writeln!(out, "      </identification>");
    let _ = writeln!(out, "      <references source=\"#duthao\">");
    let _ = writeln!(
        out,
        "        <TLCOrganization eId=\"duthao\" href=\"/ontology/organization/vn/duthao\" showAs=\"Duthao\"/>"
    );
    let _ = writeln!(
        out,
        "        <TLCOrganization eId=\"author\" href=\"/ontology/organization/vn/author\" showAs=\"{}\"/>",
        escape(&id.author)
    );
    let _ = writeln!(out, "      </references>");
    let _ = writeln!(out, "    </meta>");
    if let Some(title) = &document.title {
        let _ = writeln!(out, "    <preface>");
        let _ = writeln!(out, "      <longTitle>");
        paragraphs(&mut out, "        ", title);
        let _ = writeln!(out, "      </longTitle>");
        let _ = writeln!(out, "    </preface>");
    }
    if !document.preamble.is_empty() {
        let _ = writeln!(out, "    <preamble>");
        paragraphs(&mut out, "      ", &document.preamble);
        let _ = writeln!(out, "    </preamble>");
    }
    let _ = writeln!(out, "    <body>");
    let mut used = std::collections::HashSet::new();
    for (i, p) in document.provisions.iter().enumerate() {
        write_provision(&mut out, p, "", i, 3, &mut used);
    }
    let _ = writeln!(out, "    </body>");
    let _ = writeln!(out, "  </bill>");
    let _ = writeln!(out, "</akomaNtoso>");
    out
}

fn write_provision(
    out: &mut String,
    p: &Provision,
    parent_eid: &str,
    position: usize,
    depth: usize,
    used: &mut std::collections::HashSet<String>,
) {
    let indent = "  ".repeat(depth.min(MAX_DEPTH));
    let (name, hcontainer, prefix) = element(p.kind);
    let own = format!("{prefix}_{}", eid_number(&p.number, position));
    let mut eid = if parent_eid.is_empty() { own } else { format!("{parent_eid}__{own}") };
    // eIds are unique: a repeated number (a drafting error the parser warned about)
    // gets a suffix.
    if used.contains(&eid) {
        let mut n = 2;
        while used.contains(&format!("{eid}-{n}")) {
            n += 1;
        }
        eid = format!("{eid}-{n}");
    }
    used.insert(eid.clone());
    let _ = write!(out, "{indent}<{name} eId=\"{eid}\"");
    if let Some(h) = hcontainer {
        let _ = write!(out, " name=\"{h}\"");
    }
    let _ = writeln!(out, " dt:number=\"{}\" dt:line=\"{}\">", escape(&p.number), p.line);
    let _ = writeln!(out, "{indent}  <num>{}</num>", escape(&p.label));
    if let Some(h) = &p.heading {
        let _ = writeln!(out, "{indent}  <heading>{}</heading>", escape(h));
    }
    let inner = format!("{indent}    ");
    if p.children.is_empty() {
        let _ = writeln!(out, "{indent}  <content>");
        paragraphs(out, &inner, &p.text);
        let _ = writeln!(out, "{indent}  </content>");
    } else {
        if !p.text.is_empty() {
            let _ = writeln!(out, "{indent}  <intro>");
            paragraphs(out, &inner, &p.text);
            let _ = writeln!(out, "{indent}  </intro>");
        }
        for (i, child) in p.children.iter().enumerate() {
            write_provision(out, child, &eid, i, depth + 1, used);
        }
    }
    let _ = writeln!(out, "{indent}</{name}>");
}

/// Where the reader is.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Place {
    Title,
    Preamble,
    Num,
    Heading,
    /// The text of the provision on top of the stack (`content` or `intro`).
    Text,
}

/// Reads an Akoma Ntoso bill (or act) back into a document.
pub fn from_akoma_ntoso(xml: &str) -> Result<Document, AknError> {
    let mut reader = Reader::from_str(xml);
    let malformed = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| AknError::Malformed {
        position: reader.error_position(),
        detail: e.to_string(),
    };
    let mut seen_root = false;
    let mut seen_body = false;
    let mut style = Style::Normative;
    let mut title: Vec<String> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    let mut top: Vec<Provision> = Vec::new();
    let mut stack: Vec<Provision> = Vec::new();
    // Whether each provision on the stack had its number as an attribute.
    let mut numbered: Vec<bool> = Vec::new();
    let mut place: Option<Place> = None;
    let mut in_p = false;
    // Paragraph texts of the current place.
    let mut current = String::new();
    let mut texts: Vec<String> = Vec::new();
    let mut depth = 0usize;

    loop {
        let event = reader.read_event().map_err(|e| malformed(&reader, &e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(AknError::TooDeep(MAX_DEPTH));
                }
                let local = local(&e);
                match local.as_str() {
                    "akomaNtoso" => seen_root = true,
                    "bill" | "act" if attribute(&e, "style").as_deref() == Some("report") => {
                        style = Style::Report;
                    }
                    "body" => seen_body = true,
                    "longTitle" => place = Some(Place::Title),
                    "preamble" => place = Some(Place::Preamble),
                    "num" if !stack.is_empty() => {
                        place = Some(Place::Num);
                        current.clear();
                    }
                    "heading" if !stack.is_empty() => {
                        place = Some(Place::Heading);
                        current.clear();
                    }
                    "content" | "intro" if !stack.is_empty() => {
                        place = Some(Place::Text);
                        texts.clear();
                    }
                    "p" if place.is_some() => {
                        in_p = true;
                        current.clear();
                    }
                    other if seen_body => {
                        if let Some(kind) = kind_of(other, attribute(&e, "name").as_deref()) {
                            let number = attribute(&e, "number");
                            numbered.push(number.is_some());
                            stack.push(Provision {
                                kind,
                                label: String::new(),
                                number: number.unwrap_or_default(),
                                heading: None,
                                text: String::new(),
                                line: attribute(&e, "line").and_then(|l| l.parse().ok()).unwrap_or(0),
                                children: Vec::new(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            // An empty paragraph, `<p/>`.
            Event::Empty(e) if local(&e) == "p" => match place {
                Some(Place::Title) => title.push(String::new()),
                Some(Place::Preamble) => preamble.push(String::new()),
                Some(Place::Text) => texts.push(String::new()),
                _ => {}
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                let name = e.local_name();
                let local: &str = name.as_ref();
                match local {
                    "p" if in_p => {
                        in_p = false;
                        let text = std::mem::take(&mut current);
                        match place {
                            Some(Place::Title) => title.push(text),
                            Some(Place::Preamble) => preamble.push(text),
                            Some(Place::Text) => texts.push(text),
                            _ => {}
                        }
                    }
                    "longTitle" | "preamble" => place = None,
                    "num" if place == Some(Place::Num) => {
                        if let Some(p) = stack.last_mut() {
                            p.label = current.trim().to_owned();
                        }
                        place = None;
                    }
                    "heading" if place == Some(Place::Heading) => {
                        if let Some(p) = stack.last_mut() {
                            p.heading = Some(current.trim().to_owned());
                        }
                        place = None;
                    }
                    "content" | "intro" if place == Some(Place::Text) => {
                        if let Some(p) = stack.last_mut() {
                            p.text = texts.join("\n");
                        }
                        place = None;
                    }
                    other if seen_body && kind_of(other, None).is_some() => {
                        if let Some(mut p) = stack.pop() {
                            if !numbered.pop().unwrap_or(false) {
                                p.number = number_from_label(&p.label);
                            }
                            match stack.last_mut() {
                                Some(parent) => parent.children.push(p),
                                None => top.push(p),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(e) if in_p || matches!(place, Some(Place::Num | Place::Heading)) => {
                current.push_str(&e.xml10_content());
            }
            Event::CData(e) if in_p || matches!(place, Some(Place::Num | Place::Heading)) => {
                current.push_str(&e.into_inner());
            }
            Event::GeneralRef(e) if in_p || matches!(place, Some(Place::Num | Place::Heading)) => {
                match e.resolve_char_ref().map_err(|err| malformed(&reader, &err))? {
                    Some(c) => current.push(c),
                    None => {
                        if let Some(text) = resolve_predefined_entity(&e) {
                            current.push_str(text);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root || !seen_body {
        return Err(AknError::NotAkomaNtoso);
    }
    Ok(Document {
        title: if title.is_empty() { None } else { Some(title.join("\n")) },
        style,
        preamble: preamble.join("\n"),
        provisions: top,
        warnings: Vec::new(),
    })
}

/// The local name of an element.
fn local(e: &BytesStart<'_>) -> String {
    let name = e.local_name();
    let s: &str = name.as_ref();
    s.to_owned()
}

/// The value of an attribute by local name (any namespace).
fn attribute(e: &BytesStart<'_>, wanted: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        let key: &str = key.as_ref();
        if key == wanted {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
        } else {
            None
        }
    })
}

/// `Điều 5a.` → `5a`, `Khoản 2` → `2`, `a)` → `a`: the last word of a label without
/// its punctuation.
fn number_from_label(label: &str) -> String {
    label.split_whitespace().last().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_owned()
}

#[cfg(test)]
mod tests;
