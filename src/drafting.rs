//! Turning an uploaded draft file into a stored version: format detection, parsing
//! with `duthao-structure`, and flattening the tree for storage.

use std::collections::HashMap;

use duthao_structure::{Document, DocxLimits, Format, InputError};
use serde::Serialize;

use crate::storage::{self, Db, drafts};

/// Largest draft file accepted, in bytes (also the DOCX expansion limit).
pub const MAX_DRAFT_BYTES: u64 = 20 * 1024 * 1024;

/// Why an upload did not become a version.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("Tệp rỗng.")]
    Empty,
    #[error(
        "phiên bản {latest} đã được tải lên trong khi anh/chị sửa phiên bản {base}; hãy xem phiên bản {latest} rồi tải lại nếu vẫn cần."
    )]
    Superseded { base: i64, latest: i64 },
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
}

impl UploadError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Input(InputError::NotZip | InputError::NotDocx | InputError::CorruptZip { .. }) => {
                "not_docx"
            }
            Self::Input(InputError::ZipBomb { .. }) => "zip_bomb",
            Self::Input(InputError::TooLarge { .. }) => "file_too_large",
            Self::Input(InputError::MalformedXml { .. }) => "malformed_docx",
            Self::Input(InputError::InvalidUtf8 { .. }) => "invalid_utf8",
            Self::Input(InputError::NoStructure) => "no_structure",
            Self::Input(InputError::AkomaNtoso(_)) => "bad_akoma_ntoso",
            Self::Empty => "empty_file",
            Self::Superseded { .. } => "version_superseded",
            Self::Storage(_) => "internal",
        }
    }
}

/// The format of an upload, from its name, or from its first bytes when the name says
/// nothing (a zip signature means DOCX; `<?xml` or `<akomaNtoso` means Akoma Ntoso).
pub fn detect_format(file_name: &str, bytes: &[u8]) -> Format {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".docx") {
        Format::Docx
    } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
        Format::Markdown
    } else if lower.ends_with(".txt") {
        Format::Text
    } else if lower.ends_with(".xml") || lower.ends_with(".akn") {
        Format::AkomaNtoso
    } else if bytes.starts_with(b"PK") {
        Format::Docx
    } else if bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii_start().starts_with(b"<?xml")
        || bytes.trim_ascii_start().starts_with(b"<akomaNtoso")
    {
        Format::AkomaNtoso
    } else {
        Format::Text
    }
}

pub fn format_code(format: Format) -> &'static str {
    match format {
        Format::Text => "text",
        Format::Markdown => "markdown",
        Format::Docx => "docx",
        Format::AkomaNtoso => "akoma_ntoso",
    }
}

/// Parses an upload; errors say in Vietnamese what is wrong with the file.
pub fn parse_upload(file_name: &str, bytes: &[u8]) -> Result<(Format, Document), UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    let format = detect_format(file_name, bytes);
    let limits = DocxLimits { max_uncompressed_bytes: MAX_DRAFT_BYTES, ..DocxLimits::default() };
    let document = duthao_structure::parse_bytes(bytes, format, &limits)?;
    Ok((format, document))
}

/// The tree in pre-order with depths, as storage keeps it.
pub fn flatten(document: &Document) -> Vec<drafts::NewProvision> {
    document
        .walk()
        .map(|(depth, p)| drafts::NewProvision {
            kind: kind_code(p.kind).to_owned(),
            label: p.label.clone(),
            number: p.number.clone(),
            heading: p.heading.clone(),
            body: p.text.clone(),
            depth: depth as i64,
            source_line: p.line as i64,
        })
        .collect()
}

/// A parser warning as stored with the version (JSON).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct StoredWarning {
    pub line: i64,
    pub code: String,
    pub message: String,
}

pub fn warnings_json(document: &Document) -> String {
    let list: Vec<StoredWarning> = document
        .warnings
        .iter()
        .map(|w| StoredWarning {
            line: w.line as i64,
            code: serde_json::to_value(w.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            message: w.message.clone(),
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

pub fn parse_warnings(json: &str) -> Vec<StoredWarning> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Provision kinds and their Vietnamese names, as editors choose them.
pub const KINDS: [(&str, &str); 9] = [
    ("part", "Phần"),
    ("chapter", "Chương"),
    ("section", "Mục"),
    ("subsection", "Tiểu mục"),
    ("article", "Điều"),
    ("clause", "Khoản"),
    ("point", "Điểm"),
    ("appendix", "Phụ lục"),
    ("roman_section", "Mục La Mã (I., II.)"),
];

pub fn kind_code(kind: duthao_structure::ProvisionKind) -> &'static str {
    use duthao_structure::ProvisionKind as K;
    match kind {
        K::Part => "part",
        K::Chapter => "chapter",
        K::Section => "section",
        K::Subsection => "subsection",
        K::Article => "article",
        K::Clause => "clause",
        K::Point => "point",
        K::Appendix => "appendix",
        K::RomanSection => "roman_section",
    }
}

/// The kind a stored code names (the reverse of [`kind_code`]).
pub fn kind_from_code(code: &str) -> Option<duthao_structure::ProvisionKind> {
    use duthao_structure::ProvisionKind as K;
    [
        K::Part,
        K::Chapter,
        K::Section,
        K::Subsection,
        K::Article,
        K::Clause,
        K::Point,
        K::Appendix,
        K::RomanSection,
    ]
    .into_iter()
    .find(|k| kind_code(*k) == code)
}

/// A stored version as a document again (the tree rebuilt from the rows).
pub fn document_of(title: Option<String>, preamble: &str, rows: &[drafts::ProvisionRow]) -> Document {
    use duthao_structure::{Provision, ProvisionKind, Style};
    fn take(
        rows: &[drafts::ProvisionRow],
        parent: Option<i64>,
        children_of: &HashMap<Option<i64>, Vec<usize>>,
    ) -> Vec<Provision> {
        children_of
            .get(&parent)
            .map(|list| {
                list.iter()
                    .map(|&i| {
                        let r = &rows[i];
                        Provision {
                            kind: kind_from_code(&r.kind).unwrap_or(
                                if r.kind == crate::catalogs::KIND_CATALOG {
                                    ProvisionKind::Appendix
                                } else {
                                    ProvisionKind::Article
                                },
                            ),
                            label: r.label.clone(),
                            number: r.number.clone(),
                            heading: r.heading.clone(),
                            text: r.body.clone(),
                            line: usize::try_from(r.source_line).unwrap_or(0),
                            children: take(rows, Some(r.id), children_of),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    let ids: std::collections::HashSet<i64> = rows.iter().map(|r| r.id).collect();
    let mut children_of: HashMap<Option<i64>, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        // A parent outside the version (never stored so) makes the row top-level.
        let parent = r.parent_id.filter(|p| ids.contains(p));
        children_of.entry(parent).or_default().push(i);
    }
    let style = if rows.iter().any(|r| r.kind == "roman_section") { Style::Report } else { Style::Normative };
    Document {
        title,
        style,
        preamble: preamble.to_owned(),
        provisions: take(rows, None, &children_of),
        warnings: Vec::new(),
    }
}

pub fn is_kind(code: &str) -> bool {
    KINDS.iter().any(|k| k.0 == code)
}

/// Parses an upload and stores it as a new unpublished version of `draft_id`.
pub async fn store_upload(db: &Db, draft_id: i64, file_name: &str, bytes: &[u8]) -> Result<i64, UploadError> {
    store_upload_on(db, draft_id, None, file_name, bytes).await
}

/// Stores a version (refused when `new.base` is not the newest) and links it to the
/// version before it.
pub async fn insert_version_and_link(db: &Db, new: &drafts::NewVersion<'_>) -> Result<i64, UploadError> {
    let version_id = drafts::insert_version(&db.pool, new).await.map_err(|e| match e {
        drafts::InsertVersionError::Superseded { latest } => {
            UploadError::Superseded { base: new.base.unwrap_or(0), latest }
        }
        drafts::InsertVersionError::Storage(e) => UploadError::Storage(e),
    })?;
    if let Some(version) = drafts::get_version(&db.pool, version_id).await? {
        crate::revisions::link_version(db, &version).await?;
    }
    Ok(version_id)
}

/// Makes version N+1 of a draft as a copy of its newest version, to be edited in the
/// browser (refused when `base` is not the newest); links it to the version copied.
pub async fn copy_latest(db: &Db, draft_id: i64, base: Option<i64>) -> Result<i64, UploadError> {
    let versions = drafts::versions_of(&db.pool, draft_id).await?;
    let Some(latest) = versions.first() else { return Err(UploadError::Empty) };
    let rows = drafts::provisions(&db.pool, latest.id).await?;
    let provisions: Vec<drafts::NewProvision> = rows
        .iter()
        .map(|p| drafts::NewProvision {
            kind: p.kind.clone(),
            label: p.label.clone(),
            number: p.number.clone(),
            heading: p.heading.clone(),
            body: p.body.clone(),
            depth: p.depth,
            source_line: p.source_line,
        })
        .collect();
    let name = format!("Sửa trên trình duyệt từ lần {}", latest.number);
    let version_id = insert_version_and_link(
        db,
        &drafts::NewVersion {
            draft_id,
            source_name: &name,
            source_format: "browser",
            source_text: "",
            preamble: &latest.preamble,
            warnings_json: "[]",
            provisions: &provisions,
            base,
        },
    )
    .await?;
    Ok(version_id)
}

/// Like [`store_upload`], for an editor who revised version `base` (refused, with
/// nothing stored, when another version was made meanwhile); then links the new
/// version's provisions to the previous version's.
pub async fn store_upload_on(
    db: &Db,
    draft_id: i64,
    base: Option<i64>,
    file_name: &str,
    bytes: &[u8],
) -> Result<i64, UploadError> {
    let (format, document) = parse_upload(file_name, bytes)?;
    let source_text = match format {
        Format::Docx => String::new(),
        // Valid UTF-8: parse_bytes has checked it.
        _ => duthao_text::clean_input(&String::from_utf8_lossy(bytes)),
    };
    let mut provisions = flatten(&document);
    // A catalog draft's entries are not in the uploaded text: they carry over.
    provisions.extend(crate::catalogs::carried_subtree(db, draft_id).await?);
    let version_id = insert_version_and_link(
        db,
        &drafts::NewVersion {
            draft_id,
            source_name: file_name,
            source_format: format_code(format),
            source_text: &source_text,
            preamble: &document.preamble,
            warnings_json: &warnings_json(&document),
            provisions: &provisions,
            base,
        },
    )
    .await?;
    tracing::info!(
        draft.id = draft_id,
        version.id = version_id,
        provisions = provisions.len(),
        warnings = document.warnings.len(),
        "draft version parsed"
    );
    Ok(version_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_the_file_name_then_the_content() {
        assert_eq!(detect_format("Du thao.DOCX", b""), Format::Docx);
        assert_eq!(detect_format("du-thao.md", b""), Format::Markdown);
        assert_eq!(detect_format("du-thao.txt", b"PK"), Format::Text);
        assert_eq!(detect_format("upload", b"PK\x03\x04"), Format::Docx);
        assert_eq!(detect_format("upload", "Điều 1.".as_bytes()), Format::Text);
        assert_eq!(detect_format("du-thao.xml", b""), Format::AkomaNtoso);
        assert_eq!(detect_format("upload", b"\xEF\xBB\xBF<?xml version=\"1.0\"?>"), Format::AkomaNtoso);
    }

    #[test]
    fn flattening_keeps_document_order_and_depth() {
        let (_, document) = parse_upload(
            "q.txt",
            "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một.\na) Điểm a.\nĐiều 2. Đối tượng\nNội dung.\n"
                .as_bytes(),
        )
        .expect("parses");
        let flat = flatten(&document);
        let shape: Vec<(&str, i64)> = flat.iter().map(|p| (p.label.as_str(), p.depth)).collect();
        assert_eq!(shape, vec![("Chương I", 0), ("Điều 1", 1), ("Khoản 1", 2), ("Điểm a", 3), ("Điều 2", 1)]);
    }

    #[test]
    fn unreadable_uploads_get_specific_errors() {
        assert_eq!(parse_upload("a.docx", b"not a zip").err().map(|e| e.code()), Some("not_docx"));
        assert_eq!(parse_upload("a.txt", b"").err().map(|e| e.code()), Some("empty_file"));
        assert_eq!(parse_upload("a.txt", b"\xff\xfe abc").err().map(|e| e.code()), Some("invalid_utf8"));
        assert_eq!(
            parse_upload("a.txt", "Chỉ là một đoạn văn không có cấu trúc.".as_bytes())
                .err()
                .map(|e| e.code()),
            Some("no_structure")
        );
    }
}

/// Finds the provisions of one version that citations name ("khoản 2 Điều 5",
/// "Chương II", "Phụ lục I"). Numbers are compared as the citation parser writes them:
/// lower case, leading zeros dropped.
#[derive(Debug, Default)]
pub struct CitationIndex {
    /// (article, clause, point) → provision; "" for a level not given.
    articles: std::collections::HashMap<(String, String, String), (i64, String)>,
    /// (kind, number) for parts, chapters, sections and appendices.
    structure: std::collections::HashMap<(String, String), (i64, String)>,
}

fn norm_number(n: &str) -> String {
    let lower = n.trim().trim_end_matches(['.', ')']).to_lowercase();
    let digits_end = lower.find(|c: char| !c.is_ascii_digit()).unwrap_or(lower.len());
    let (digits, rest) = lower.split_at(digits_end);
    match digits.trim_start_matches('0') {
        "" if !digits.is_empty() => format!("0{rest}"),
        trimmed => format!("{trimmed}{rest}"),
    }
}

impl CitationIndex {
    pub fn new(provisions: &[drafts::ProvisionRow]) -> Self {
        let by_id: std::collections::HashMap<i64, &drafts::ProvisionRow> =
            provisions.iter().map(|p| (p.id, p)).collect();
        let mut index = Self::default();
        for p in provisions {
            let number = norm_number(&p.number);
            match p.kind.as_str() {
                "part" | "chapter" | "section" | "appendix" => {
                    index.structure.entry((p.kind.clone(), number)).or_insert((p.id, p.label.clone()));
                }
                "article" | "clause" | "point" => {
                    // Walk up to the article.
                    let (mut article, mut clause, mut point) = (String::new(), String::new(), String::new());
                    let mut cursor = Some(p);
                    let mut steps = 0;
                    while let Some(q) = cursor {
                        match q.kind.as_str() {
                            "article" => article = norm_number(&q.number),
                            "clause" => clause = norm_number(&q.number),
                            "point" => point = norm_number(&q.number),
                            _ => {}
                        }
                        if q.kind == "article" || steps > 8 {
                            break;
                        }
                        cursor = q.parent_id.and_then(|id| by_id.get(&id).copied());
                        steps += 1;
                    }
                    if !article.is_empty() {
                        let label = describe(&article, &clause, &point);
                        index.articles.entry((article, clause, point)).or_insert((p.id, label));
                    }
                }
                _ => {}
            }
        }
        index
    }

    /// The provision a citation path names, with a label for people.
    pub fn resolve(&self, path: &duthao_structure::ProvisionPath) -> Option<(i64, String)> {
        let n = |v: &Option<String>| v.as_deref().map(norm_number).unwrap_or_default();
        if path.article.is_some() {
            return self.articles.get(&(n(&path.article), n(&path.clause), n(&path.point))).cloned();
        }
        let structural = [
            ("appendix", &path.appendix),
            ("section", &path.section),
            ("chapter", &path.chapter),
            ("part", &path.part),
        ];
        structural
            .into_iter()
            .find(|(_, v)| v.is_some())
            .and_then(|(kind, v)| self.structure.get(&(kind.to_owned(), n(v))).cloned())
    }
}

fn describe(article: &str, clause: &str, point: &str) -> String {
    let mut parts = Vec::new();
    if !point.is_empty() {
        parts.push(format!("điểm {point}"));
    }
    if !clause.is_empty() {
        parts.push(format!("khoản {clause}"));
    }
    parts.push(format!("Điều {article}"));
    parts.join(" ")
}

#[cfg(test)]
mod citation_index_tests {
    use super::*;

    #[test]
    fn citations_resolve_to_the_provisions_they_name() {
        let text = "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\n1. Khoản một.\na) Điểm a.\nb) Điểm b.\n2. Khoản hai.\nĐiều 2. Đối tượng\nNội dung.\nChương II\nTHỰC HIỆN\nĐiều 3. Hiệu lực\nNội dung.\n";
        let (_, document) = parse_upload("q.txt", text.as_bytes()).expect("parses");
        let rows: Vec<drafts::ProvisionRow> = {
            let mut open: Vec<i64> = Vec::new();
            flatten(&document)
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    let id = i as i64 + 100;
                    open.truncate(p.depth as usize);
                    let parent = open.last().copied();
                    open.push(id);
                    drafts::ProvisionRow {
                        id,
                        version_id: 1,
                        parent_id: parent,
                        kind: p.kind,
                        label: p.label,
                        number: p.number,
                        heading: p.heading,
                        body: p.body,
                        position: i as i64,
                        depth: p.depth,
                        source_line: p.source_line,
                    }
                })
                .collect()
        };
        let index = CitationIndex::new(&rows);
        let find = |text: &str| {
            let citations = duthao_structure::find_citations(text);
            citations
                .first()
                .and_then(|c| c.anchor())
                .and_then(|path| index.resolve(&path))
                .map(|(_, label)| label)
        };
        assert_eq!(find("Tại điểm b khoản 1 Điều 1"), Some("điểm b khoản 1 Điều 1".to_owned()));
        assert_eq!(find("khoản 2 Điều 1"), Some("khoản 2 Điều 1".to_owned()));
        assert_eq!(find("Điều 3"), Some("Điều 3".to_owned()));
        assert_eq!(find("Chương II"), Some("Chương II".to_owned()));
        assert_eq!(find("Điều 45"), None);
        assert_eq!(find("khoản 9 Điều 1"), None);
    }

    #[test]
    fn numbers_compare_without_leading_zeros_or_case() {
        assert_eq!(norm_number("05"), "5");
        assert_eq!(norm_number("5a"), "5a");
        assert_eq!(norm_number("0"), "0");
        assert_eq!(norm_number("II"), "ii");
        assert_eq!(norm_number("đ)"), "đ");
    }
}
