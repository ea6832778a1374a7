//! The editorial team's pages (Tổ Biên tập): dossiers, draft uploads with the parsed
//! tree and its warnings, corrections, publishing, consultation rounds, and the list
//! of comments received. Every route requires the editor role.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, User, require_role};
use super::limits::{VForm, VMultipart, VQuery};
use super::{AppError, AppState, Chrome};
use crate::domain::{Audience, Channel, DraftKind, Role, vntime};
use crate::drafting::{self, StoredWarning, UploadError};
use crate::i18n::{Arg, Lang, ToArg};
use crate::revisions::Change;
use crate::storage::{comments, consultations, dossiers, drafts, now_ms, organisations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor", get(dashboard))
        .route("/editor/dossiers", post(create_dossier))
        .route("/editor/dossiers/{id}/drafts", post(upload_new_draft))
        .route("/editor/drafts/{id}/versions", post(upload_new_version))
        .route("/editor/versions/{id}", get(version_page))
        .route("/editor/versions/{id}/publish", post(publish))
        .route("/editor/provisions/{id}", post(correct_provision))
        .route("/editor/provisions/{id}/text", post(edit_text))
        .route("/editor/provisions/{id}/insert", post(insert_after))
        .route("/editor/provisions/{id}/delete", post(delete_provision))
        .route("/editor/drafts/{id}/versions/copy", post(copy_version))
        .route("/editor/dossiers/{id}/consultations/new", get(new_consultation_page))
        .route("/editor/dossiers/{id}/consultations", post(create_consultation))
        .route("/editor/comments", get(comment_list))
        .route("/editor/comments/{id}", get(comment_page))
}

pub(super) fn editor(auth: &AuthSession, chrome: &Chrome) -> Result<User, AppError> {
    require_role(auth, Role::Editor, &chrome.path)
}

// ---------------------------------------------------------------- dashboard

struct VersionItem {
    id: i64,
    number: i64,
    published: bool,
    created_at: i64,
    warnings: i64,
}

struct DraftItem {
    id: i64,
    kind: Option<DraftKind>,
    title: String,
    versions: Vec<VersionItem>,
    /// The number of the newest version: an upload says which version it revises.
    latest: i64,
}

struct RoundItem {
    id: i64,
    title: String,
    opens_at: i64,
    closes_at: i64,
    open: bool,
}

/// A schedule entry due within 3 days or overdue.
struct ScheduleWarning {
    status_code: &'static str,
    status: String,
    /// What falls due ("Hết hạn lấy ý kiến (23:59)"), when recognised.
    what: Option<String>,
    /// The milestone's or consultation's own title (content).
    title: String,
    at: i64,
}

struct DossierItem {
    id: i64,
    title: String,
    drafts: Vec<DraftItem>,
    consultations: Vec<RoundItem>,
    warnings: Vec<ScheduleWarning>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    dossiers: Vec<DossierItem>,
    kinds: Vec<DraftKind>,
    total_comments: i64,
}

/// A schedule warning in the reader's language.
fn schedule_warning(lang: Lang, entry: super::schedule::Entry) -> ScheduleWarning {
    let what = entry.kind.label(lang);
    ScheduleWarning {
        status_code: entry.status.code(),
        status: super::schedule::status_label(lang, entry.status),
        what: (!what.is_empty()).then_some(what),
        title: entry.subject,
        at: entry.event.at,
    }
}

async fn dashboard(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<DashboardPage, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let now = now_ms();
    let mut items = Vec::new();
    for d in dossiers::list(pool).await? {
        let mut draft_items = Vec::new();
        for draft in drafts::drafts_of(pool, d.id).await? {
            let versions: Vec<VersionItem> = drafts::versions_of(pool, draft.id)
                .await?
                .into_iter()
                .map(|v| VersionItem {
                    id: v.id,
                    number: v.number,
                    published: v.is_published(),
                    created_at: v.created_at,
                    warnings: drafting::parse_warnings(&v.warnings).len() as i64,
                })
                .collect();
            draft_items.push(DraftItem {
                id: draft.id,
                kind: DraftKind::parse(&draft.kind),
                title: draft.title,
                latest: versions.iter().map(|v| v.number).max().unwrap_or(0),
                versions,
            });
        }
        let rounds = consultations::of_dossier(pool, d.id)
            .await?
            .into_iter()
            .map(|c| RoundItem {
                open: c.is_open(now),
                id: c.id,
                title: c.title,
                opens_at: c.opens_at,
                closes_at: c.closes_at,
            })
            .collect();
        let warnings = super::schedule::entries(&state.db, Some(d.id))
            .await?
            .into_iter()
            .filter(|e| e.status.warns())
            .map(|e| schedule_warning(chrome.lang, e))
            .collect();
        items.push(DossierItem {
            id: d.id,
            title: d.title,
            drafts: draft_items,
            consultations: rounds,
            warnings,
        });
    }
    Ok(DashboardPage {
        chrome,
        dossiers: items,
        kinds: DraftKind::ALL.to_vec(),
        total_comments: comments::count_all(pool).await?,
    })
}

#[derive(Deserialize)]
struct DossierForm {
    title: String,
    summary: String,
    approving_body: String,
    keywords: String,
}

async fn create_dossier(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(form): VForm<DossierForm>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let title = duthao_text::clean_input(&form.title).trim().to_owned();
    if title.is_empty() {
        return Err(AppError::bad("title_required", chrome.t("ed-dossier-title-required")));
    }
    let drafting_org = user
        .organisation_id
        .ok_or_else(|| AppError::bad("no_organisation", chrome.t("ed-dossier-no-organisation")))?;
    let keywords: Vec<String> = duthao_text::clean_input(&form.keywords)
        .split([',', ';'])
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty())
        .collect();
    dossiers::insert(
        &state.db.pool,
        &dossiers::NewDossier {
            title: &title,
            summary: duthao_text::clean_input(&form.summary).trim(),
            drafting_org_id: drafting_org,
            approving_body: duthao_text::clean_input(&form.approving_body).trim(),
            keywords: &keywords,
        },
    )
    .await?;
    Ok(Redirect::to("/editor"))
}

// ---------------------------------------------------------------- uploads

/// The fields of an upload form: the file, and the other fields as cleaned text.
#[derive(Default)]
pub(super) struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub fields: std::collections::HashMap<String, String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }
}

/// Reads an upload form; what goes wrong is told in `lang`.
pub(super) async fn read_upload_in(
    mut multipart: Multipart,
    limit: usize,
    lang: Lang,
) -> Result<Upload, AppError> {
    let too_large = || {
        let max = limit / (1024 * 1024);
        AppError::bad("file_too_large", lang.t_values("ed-upload-too-large", &[("max", max.to_arg())]))
    };
    // The form's body was cut off or is not a file upload form (multipart/form-data);
    // the parser's own words are English and name its internals.
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        tracing::debug!(error = %e.body_text(), "unreadable upload");
        AppError::bad("bad_upload", lang.t("ed-upload-broken"))
    };
    let mut upload = Upload::default();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => return Err(unreadable(e)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            upload.file_name = field.file_name().unwrap_or("upload").to_owned();
        }
        let data = match field.bytes().await {
            Ok(data) => data,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(e) => return Err(unreadable(e)),
        };
        if name == "file" {
            upload.bytes = data.to_vec();
        } else {
            let value = duthao_text::clean_input(&String::from_utf8_lossy(&data)).trim().to_owned();
            upload.fields.insert(name, value);
        }
    }
    Ok(upload)
}

/// Why an upload did not become a version, in `lang`.
fn upload_error(lang: Lang, e: UploadError) -> AppError {
    use duthao_structure::InputError as E;
    let code = e.code();
    let why = match e {
        UploadError::Storage(s) => return AppError::from(s),
        UploadError::Superseded { base, latest } => {
            // A base past the newest version is no upload made meanwhile: an address or
            // form edited by hand.
            let key =
                if base > latest || base < 1 { "ed-upload-unknown-base" } else { "ed-upload-superseded" };
            let (base, latest) = (base.to_string(), latest.to_string());
            let message = lang.t_args(key, &[("value", &base), ("max", &latest)]);
            return AppError::conflict(code, message);
        }
        UploadError::Empty => lang.t("ed-upload-empty"),
        UploadError::Input(input) => match input {
            E::NotZip => lang.t("ed-upload-not-zip"),
            E::NotDocx => lang.t("ed-upload-not-docx"),
            E::CorruptZip { detail } => lang.t_args("ed-upload-corrupt-zip", &[("what", &detail)]),
            E::ZipBomb { entry, uncompressed_bytes, compressed_bytes } => lang.t_values(
                "ed-upload-zip-bomb",
                &[
                    ("name", Arg::Text(entry)),
                    ("value", uncompressed_bytes.to_arg()),
                    ("count", compressed_bytes.to_arg()),
                ],
            ),
            E::TooLarge { size, limit } => lang
                .t_values("ed-upload-file-too-large", &[("value", size.to_arg()), ("max", limit.to_arg())]),
            E::MalformedXml { position, detail } => {
                lang.t_args("ed-upload-malformed-xml", &[("value", &position.to_string()), ("what", &detail)])
            }
            E::InvalidUtf8 { byte_offset } => {
                lang.t_args("ed-upload-invalid-utf8", &[("value", &byte_offset.to_string())])
            }
            E::NoStructure => lang.t("ed-upload-no-structure"),
            // The reader of Akoma Ntoso says why in Vietnamese.
            E::AkomaNtoso(detail) => lang.t_args("ed-upload-akoma-ntoso", &[("what", &detail)]),
        },
    };
    AppError::bad(code, lang.t_args("ed-upload-failed", &[("what", &why)]))
}

async fn upload_new_draft(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(dossier_id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    dossiers::get(pool, dossier_id).await?.ok_or(AppError::NotFound)?;
    super::submission::writable(&state, dossier_id).await?;
    let lang = chrome.lang;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, lang).await?;
    let kind = DraftKind::parse(upload.field("kind"))
        .ok_or_else(|| AppError::bad("bad_kind", lang.t("ed-upload-bad-kind")))?;
    // Parse first: a file that cannot be read leaves nothing behind.
    let (_, document) =
        drafting::parse_upload(&upload.file_name, &upload.bytes).map_err(|e| upload_error(lang, e))?;
    let title = if upload.field("title").is_empty() {
        document.title.as_deref().map(|t| t.replace('\n', " ")).unwrap_or_else(|| upload.file_name.clone())
    } else {
        upload.field("title").to_owned()
    };
    let draft_id = drafts::insert_draft(pool, dossier_id, kind.code(), &title, &[]).await?;
    let version_id = drafting::store_upload(&state.db, draft_id, &upload.file_name, &upload.bytes)
        .await
        .map_err(|e| upload_error(lang, e))?;
    Ok(Redirect::to(&format!("/editor/versions/{version_id}")))
}

async fn upload_new_version(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(draft_id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    drafts::get_draft(&state.db.pool, draft_id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, draft_id).await?;
    let lang = chrome.lang;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, lang).await?;
    // The version the editor revised: an upload made meanwhile by someone else is not
    // silently superseded.
    let base = match upload.fields.get("base").map(|b| b.parse::<i64>()) {
        Some(Ok(base)) => Some(base),
        Some(Err(_)) => return Err(AppError::bad("bad_base", lang.t("ed-upload-bad-base"))),
        None => None,
    };
    let version_id = drafting::store_upload_on(&state.db, draft_id, base, &upload.file_name, &upload.bytes)
        .await
        .map_err(|e| upload_error(lang, e))?;
    Ok(Redirect::to(&format!("/editor/versions/{version_id}")))
}

// ---------------------------------------------------------------- parsed tree

struct TreeRow {
    id: i64,
    depth: i64,
    kind: String,
    label: String,
    heading: String,
    excerpt: String,
    /// The whole text, for editing in the browser.
    body: String,
    /// [`drafts::text_digest`] of the heading and text shown.
    digest: String,
    line: i64,
    warnings: Vec<WarningView>,
    /// An entry of a catalog, one of its fields, or the catalog itself: its text is
    /// edited here, its structure comes from the table.
    catalog: bool,
}

/// A parser warning with the source line it concerns (text and Markdown uploads keep
/// their source; DOCX paragraphs are shown by number only).
struct WarningView {
    line: i64,
    /// The parser's message, in Vietnamese.
    message: String,
    /// What kind of warning it is, in the reader's language when that is not
    /// Vietnamese (the message itself says it in Vietnamese).
    gloss: Option<String>,
    source: String,
}

/// The key of a parser warning's kind (`WarningCode` in `duthao-structure`).
fn warning_key(code: &str) -> &'static str {
    match code {
        "gap" => "ed-warning-gap",
        "duplicate_number" => "ed-warning-duplicate_number",
        "out_of_order" => "ed-warning-out_of_order",
        "suspicious_marker" => "ed-warning-suspicious_marker",
        "unplaced_line" => "ed-warning-unplaced_line",
        "junk_line" => "ed-warning-junk_line",
        "duplicate_heading" => "ed-warning-duplicate_heading",
        "empty_document" => "ed-warning-empty_document",
        _ => "ed-warning-other",
    }
}

/// Provision kinds for the correction forms: (code, key of its name).
const PROVISION_KINDS: [(&str, &str); 9] = [
    ("part", "ed-provision-kind-part"),
    ("chapter", "ed-provision-kind-chapter"),
    ("section", "ed-provision-kind-section"),
    ("subsection", "ed-provision-kind-subsection"),
    ("article", "ed-provision-kind-article"),
    ("clause", "ed-provision-kind-clause"),
    ("point", "ed-provision-kind-point"),
    ("appendix", "ed-provision-kind-appendix"),
    ("roman_section", "ed-provision-kind-roman_section"),
];

#[derive(Template, WebTemplate)]
#[template(path = "editor/version.html")]
struct VersionPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    version: drafts::VersionRow,
    rows: Vec<TreeRow>,
    provision_count: i64,
    leading_warnings: Vec<WarningView>,
    warning_count: i64,
    kinds: &'static [(&'static str, &'static str)],
    editable: bool,
}

async fn version_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<VersionPage, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let version = drafts::get_version(pool, id).await?.ok_or(AppError::NotFound)?;
    let draft = drafts::get_draft(pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
    let provisions = drafts::provisions(pool, id).await?;
    let mut warnings = drafting::parse_warnings(&version.warnings);
    warnings.sort_by_key(|w| w.line);
    let warning_count = warnings.len() as i64;
    // A warning belongs to the provision whose source lines contain it.
    let first_line = provisions.iter().map(|p| p.source_line).min().unwrap_or(i64::MAX);
    let (leading_warnings, mut rest): (Vec<_>, Vec<_>) =
        warnings.into_iter().partition(|w| w.line < first_line);
    let mut rows = Vec::with_capacity(provisions.len());
    for (i, p) in provisions.iter().enumerate() {
        let next_line = provisions[i + 1..].iter().map(|q| q.source_line).find(|&l| l > p.source_line);
        let (mine, others): (Vec<_>, Vec<_>) =
            rest.into_iter().partition(|w| w.line >= p.source_line && next_line.is_none_or(|n| w.line < n));
        rest = others;
        let row = TreeRow {
            id: p.id,
            depth: p.depth.min(6),
            kind: p.kind.clone(),
            label: p.label.clone(),
            heading: p.heading.clone().unwrap_or_default(),
            excerpt: excerpt(&p.body, 160),
            body: p.body.clone(),
            digest: drafts::text_digest(p.heading.as_deref(), &p.body),
            line: p.source_line,
            warnings: Vec::new(),
            catalog: crate::catalogs::is_catalog_kind(&p.kind),
        };
        rows.push((row, mine));
    }
    let mut leading_warnings = leading_warnings;
    leading_warnings.extend(rest);
    let source: Vec<&str> = version.source_text.lines().collect();
    let lang = chrome.lang;
    let view = |w: StoredWarning| WarningView {
        source: usize::try_from(w.line - 1)
            .ok()
            .and_then(|i| source.get(i))
            .map_or(String::new(), |l| excerpt(l.trim(), 120)),
        line: w.line,
        gloss: (lang != Lang::Vi).then(|| lang.t(warning_key(&w.code))),
        message: w.message,
    };
    let rows: Vec<TreeRow> = rows
        .into_iter()
        .map(|(row, warnings)| TreeRow { warnings: warnings.into_iter().map(view).collect(), ..row })
        .collect();
    let leading_warnings = leading_warnings.into_iter().map(view).collect();
    Ok(VersionPage {
        chrome,
        editable: !version.is_published(),
        draft,
        version,
        provision_count: rows.len() as i64,
        rows,
        leading_warnings,
        warning_count,
        kinds: &PROVISION_KINDS,
    })
}

pub(super) fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out.push('…');
    }
    out
}

#[derive(Deserialize)]
struct CorrectionForm {
    kind: String,
    label: String,
    level: String,
}

async fn correct_provision(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<CorrectionForm>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let provision = drafts::get_provision(pool, id).await?.ok_or(AppError::NotFound)?;
    if let Some(version) = drafts::get_version(pool, provision.version_id).await? {
        super::submission::draft_writable(&state, version.draft_id).await?;
    }
    if !drafting::is_kind(&form.kind) {
        return Err(AppError::bad("bad_kind", chrome.t("ed-provision-bad-kind")));
    }
    // A catalog's entries and fields keep their place: their structure comes from
    // the table (a new version), their text is edited as any provision's.
    if crate::catalogs::is_catalog_kind(&provision.kind) {
        return Err(AppError::bad("catalog_structure", chrome.t("cat-err-structure")));
    }
    let label = duthao_text::clean_input(&form.label).trim().to_owned();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(AppError::bad("bad_label", chrome.t("ed-provision-bad-label")));
    }
    let level = match form.level.as_str() {
        "keep" => drafts::LevelChange::Keep,
        "out" => drafts::LevelChange::Outdent,
        "in" => drafts::LevelChange::Indent,
        _ => return Err(AppError::bad("bad_level", chrome.t("ed-provision-bad-level"))),
    };
    if !drafts::correct_provision(pool, id, &form.kind, &label, level).await? {
        return Err(AppError::conflict("cannot_correct", chrome.t("ed-provision-cannot-correct")));
    }
    // The tree changed: the links to the previous version are computed again.
    if let Some(version) = drafts::get_version(pool, provision.version_id).await? {
        crate::revisions::link_version(&state.db, &version).await?;
    }
    Ok(Redirect::to(&format!("/editor/versions/{}#r-{id}", provision.version_id)))
}

async fn publish(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let version = drafts::get_version(pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, version.draft_id).await?;
    // A catalog version that breaks an approved equivalence is published only once
    // someone has read and acknowledged the warnings.
    if let Some(catalog) = crate::catalogs::load(&state.db, version.draft_id).await?
        && let Err(broken) = crate::catalogs::publishable(&state.db, &catalog, &version).await?
    {
        return Err(AppError::conflict(
            "approved_equivalence_broken",
            chrome.t_n("cat-err-publish-broken", "count", broken.len() as i64),
        ));
    }
    if !drafts::publish_version(pool, id).await? {
        return Err(AppError::conflict("already_published", chrome.t("ed-version-already-published")));
    }
    tracing::info!(
        version.id = id,
        draft.id = version.draft_id,
        user.id = user.id,
        "draft version published"
    );
    Ok(Redirect::to(&format!("/editor/versions/{id}")))
}

// ---------------------------------------------------------------- consultations

struct VersionChoice {
    id: i64,
    title: String,
    number: i64,
}

struct OrganisationChoice {
    id: i64,
    name: String,
    /// The key of its kind's name.
    kind: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/consultation_new.html")]
struct NewConsultationPage {
    chrome: Chrome,
    dossier: dossiers::DossierRow,
    versions: Vec<VersionChoice>,
    organisations: Vec<OrganisationChoice>,
    today: String,
    in_30_days: String,
}

async fn new_consultation_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<NewConsultationPage, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let dossier = dossiers::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let mut versions = Vec::new();
    for draft in drafts::drafts_of(pool, id).await? {
        for v in
            drafts::versions_of(pool, draft.id).await?.into_iter().filter(drafts::VersionRow::is_published)
        {
            versions.push(VersionChoice { id: v.id, title: draft.title.clone(), number: v.number });
        }
    }
    let all = organisations::list(pool).await?;
    let orgs = organisations::as_tree(&all)
        .into_iter()
        .filter(|(depth, _)| *depth == 0)
        .map(|(_, o)| OrganisationChoice {
            id: o.id,
            name: o.name.clone(),
            kind: super::admin::kind_key(&o.kind),
        })
        .collect();
    let now = now_ms();
    Ok(NewConsultationPage {
        chrome,
        dossier,
        versions,
        organisations: orgs,
        today: vntime::iso_date(now),
        in_30_days: vntime::iso_date(now + 30 * 86_400_000),
    })
}

async fn create_consultation(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(fields): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    dossiers::get(pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::writable(&state, id).await?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let title = duthao_text::clean_input(get("title")).trim().to_owned();
    if title.is_empty() {
        return Err(AppError::bad("title_required", chrome.t("ed-new-title-required")));
    }
    let bad_date = || AppError::bad("bad_date", chrome.t("ed-new-bad-date"));
    let opens_at = vntime::parse_date(get("opens"), false).ok_or_else(bad_date)?;
    let closes_at = vntime::parse_date(get("closes"), true).ok_or_else(bad_date)?;
    if closes_at <= opens_at {
        return Err(AppError::bad("bad_window", chrome.t("ed-new-bad-window")));
    }
    let audience = Audience::parse(get("audience"))
        .ok_or_else(|| AppError::bad("bad_audience", chrome.t("ed-new-bad-audience")))?;
    let mut version_ids = Vec::new();
    for (k, v) in &fields {
        if k == "version" {
            let vid: i64 =
                v.parse().map_err(|_| AppError::bad("bad_version", chrome.t("ed-new-bad-version")))?;
            let version = drafts::get_version(pool, vid).await?.ok_or(AppError::NotFound)?;
            let draft = drafts::get_draft(pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
            if draft.dossier_id != id || !version.is_published() {
                return Err(AppError::bad("bad_version", chrome.t("ed-new-foreign-version")));
            }
            version_ids.push(vid);
        }
    }
    if version_ids.is_empty() {
        return Err(AppError::bad("no_version", chrome.t("ed-new-no-version")));
    }
    let mut invitations = Vec::new();
    for (k, v) in &fields {
        if k == "invite" {
            let org: i64 = v
                .parse()
                .map_err(|_| AppError::bad("bad_organisation", chrome.t("ed-new-bad-organisation")))?;
            organisations::get(pool, org)
                .await?
                .ok_or_else(|| AppError::bad("bad_organisation", chrome.t("ed-new-unknown-organisation")))?;
            let due = match get(&format!("due_{org}")) {
                "" => closes_at,
                d => vntime::parse_date(d, true).ok_or_else(bad_date)?,
            };
            invitations.push((org, due));
        }
    }
    if audience == Audience::Invited && invitations.is_empty() {
        return Err(AppError::bad("no_invitation", chrome.t("ed-new-no-invitation")));
    }
    consultations::insert(
        pool,
        &consultations::NewConsultation {
            dossier_id: id,
            title: &title,
            opens_at,
            closes_at,
            audience: audience.code(),
            version_ids: &version_ids,
            invitations: &invitations,
        },
    )
    .await?;
    Ok(Redirect::to("/editor"))
}

// ---------------------------------------------------------------- comments

#[derive(Deserialize, Default)]
struct CommentQuery {
    dossier: Option<String>,
    draft: Option<String>,
    provision: Option<String>,
    organisation: Option<String>,
    channel: Option<String>,
    from: Option<String>,
    until: Option<String>,
    page: Option<String>,
}

fn id_param(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.trim().parse().ok())
}

struct CommentItem {
    id: i64,
    created_at: i64,
    draft_title: String,
    /// The provision's label; `None` for a comment on the draft as a whole.
    provision: Option<String>,
    author: String,
    organisation: String,
    channel: Option<Channel>,
    excerpt: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/comments.html")]
struct CommentListPage {
    chrome: Chrome,
    items: Vec<CommentItem>,
    /// A lower bound when `total_exact` is false.
    total: i64,
    total_exact: bool,
    /// Whether a full page came back (an inexact total may hide more pages).
    more: bool,
    page: i64,
    pages: i64,
    query: String,
    options: std::sync::Arc<crate::web::cache::FilterOptions>,
    channels: Vec<Channel>,
    selected_draft: i64,
    selected_organisation: i64,
    selected_channel: String,
    provision: String,
    from: String,
    until: String,
}

const PAGE_SIZE: i64 = 50;

async fn comment_list(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VQuery(q): VQuery<CommentQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let channel = q.channel.clone().filter(|c| Channel::parse(c).is_some());
    let filter = comments::CommentFilter {
        consultation_id: None,
        dossier_id: id_param(&q.dossier),
        draft_id: id_param(&q.draft),
        provision_id: id_param(&q.provision),
        organisation_id: id_param(&q.organisation),
        channel: channel.clone(),
        from: q.from.as_deref().and_then(|d| vntime::parse_date(d, false)),
        until: q.until.as_deref().and_then(|d| vntime::parse_date(d, true)),
    };
    let page = super::page_number(id_param(&q.page));
    let (rows, total) = comments::list(&state.db, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let more = rows.len() as i64 == PAGE_SIZE;
    let past_end = rows.is_empty() && page > 1 && total.exact;
    let items = rows
        .into_iter()
        .map(|c| CommentItem {
            id: c.id,
            created_at: c.created_at,
            draft_title: c.draft_title,
            provision: c.provision_label,
            author: c.author_name.unwrap_or_default(),
            organisation: c.organisation_name.unwrap_or_default(),
            channel: Channel::parse(&c.channel),
            excerpt: excerpt(&c.body, 220),
        })
        .collect();
    let options = state.cache.filter_options(&state.db).await?;
    let query = [
        ("draft", q.draft.clone()),
        ("provision", q.provision.clone()),
        ("organisation", q.organisation.clone()),
        ("channel", channel.clone()),
        ("from", q.from.clone()),
        ("until", q.until.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", super::url_encode(&v))))
    .collect::<Vec<_>>()
    .join("&");
    let pages = (total.n + PAGE_SIZE - 1) / PAGE_SIZE;
    // A page past the end (an edited address, or comments filtered away since): the
    // last, and only ever towards the front, so that a count that disagreed with the
    // rows could not send the browser round in a loop.
    if past_end && pages.max(1) < page {
        return Ok(Redirect::to(&format!("/editor/comments?{query}&page={}", pages.max(1))).into_response());
    }
    Ok(CommentListPage {
        chrome,
        items,
        total: total.n,
        total_exact: total.exact,
        more,
        page,
        pages,
        query,
        options,
        channels: Channel::ALL.to_vec(),
        selected_draft: id_param(&q.draft).unwrap_or(0),
        selected_organisation: id_param(&q.organisation).unwrap_or(0),
        selected_channel: channel.unwrap_or_default(),
        provision: q.provision.unwrap_or_default(),
        from: q.from.unwrap_or_default(),
        until: q.until.unwrap_or_default(),
    }
    .into_response())
}

/// A comment as the editors' pages show it: the receipt's view of it.
pub(super) use super::public::ReceiptView as CommentView;

/// Where a provision commented on went in a later version.
struct Follow {
    version_id: i64,
    version_number: i64,
    /// Its path there; `None` when it was dropped.
    path: Option<String>,
    /// The key of how it changed.
    change: &'static str,
}

/// The key of the name of a change between two versions.
pub(super) fn change_key(change: Change) -> &'static str {
    match change {
        Change::Unchanged => "ed-change-unchanged",
        Change::Changed => "ed-change-changed",
        Change::Renumbered => "ed-change-renumbered",
        Change::Moved => "ed-change-moved",
        Change::Split => "ed-change-split",
        Change::Inserted => "ed-change-inserted",
        Change::Merged => "ed-change-merged",
        Change::Deleted => "ed-change-deleted",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/comment.html")]
struct CommentPage {
    chrome: Chrome,
    comment: CommentView,
    email: String,
    /// Where the provision commented on went in later versions.
    follows: Vec<Follow>,
}

async fn comment_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<CommentPage, AppError> {
    editor(&auth, &chrome)?;
    let row = comments::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let email = row.author_email.clone().unwrap_or_default();
    let follows = match row.provision_id {
        Some(p) => crate::revisions::follow(&state.db, p)
            .await?
            .into_iter()
            .map(|t| Follow {
                version_id: t.version_id,
                version_number: t.version_number,
                path: t.path,
                change: change_key(t.change),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(CommentPage { chrome, email, follows, comment: CommentView::from_row(row) })
}

// ---------------------------------------------------------------- editing in the browser

/// Makes version N+1 as a copy of the newest version, to edit here.
async fn copy_version(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(draft_id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    drafts::get_draft(&state.db.pool, draft_id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, draft_id).await?;
    let base = match form.iter().find(|(k, _)| k == "base").map(|(_, v)| v.trim().parse::<i64>()) {
        Some(Ok(base)) => Some(base),
        Some(Err(_)) => return Err(AppError::bad("bad_base", chrome.t("ed-upload-bad-base"))),
        None => None,
    };
    let version_id =
        drafting::copy_latest(&state.db, draft_id, base).await.map_err(|e| upload_error(chrome.lang, e))?;
    Ok(Redirect::to(&format!("/editor/versions/{version_id}")))
}

/// The provision and its version, refused once the dossier is submitted.
async fn editable_provision(
    state: &AppState,
    lang: Lang,
    id: i64,
) -> Result<(drafts::ProvisionRow, drafts::VersionRow), AppError> {
    let provision = drafts::get_provision(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let version =
        drafts::get_version(&state.db.pool, provision.version_id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(state, version.draft_id).await?;
    if version.is_published() {
        return Err(AppError::conflict("published", lang.t("ed-provision-published")));
    }
    Ok((provision, version))
}

fn form_field(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| duthao_text::clean_input(v).trim().to_owned())
        .unwrap_or_default()
}

/// Text of a provision as typed: NFC, at most 100,000 characters.
fn provision_text(lang: Lang, text: String) -> Result<String, AppError> {
    if text.chars().count() > 100_000 {
        return Err(AppError::bad("text_too_long", lang.t("ed-provision-text-too-long")));
    }
    Ok(duthao_text::nfc(&text))
}

/// The most characters of a provision's heading (a title, not a text).
const MAX_HEADING_CHARS: usize = 1_000;

/// A provision's heading as typed: `None` when blank, refused past
/// [`MAX_HEADING_CHARS`].
fn provision_heading(lang: Lang, heading: &str) -> Result<Option<String>, AppError> {
    if heading.chars().count() > MAX_HEADING_CHARS {
        return Err(AppError::bad(
            "heading_too_long",
            lang.t_values("ed-provision-heading-too-long", &[("max", MAX_HEADING_CHARS.to_arg())]),
        ));
    }
    Ok((!heading.is_empty()).then(|| duthao_text::nfc(heading)))
}

/// Refuses a provision with neither heading nor text: readers would see a bare label,
/// and commenters would have nothing to comment on.
fn not_empty(lang: Lang, heading: Option<&str>, body: &str) -> Result<(), AppError> {
    if heading.is_none_or(str::is_empty) && body.is_empty() {
        return Err(AppError::bad("empty_provision", lang.t("ed-provision-empty")));
    }
    Ok(())
}

async fn edit_text(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let (provision, version) = editable_provision(&state, chrome.lang, id).await?;
    let heading = form_field(&form, "heading");
    if provision.kind == crate::catalogs::KIND_ENTRY && heading.is_empty() {
        return Err(AppError::bad("empty_entry_name", chrome.t("cat-err-entry-name")));
    }
    let body = provision_text(chrome.lang, form_field(&form, "body"))?;
    let heading = provision_heading(chrome.lang, &heading)?;
    not_empty(chrome.lang, heading.as_deref(), &body)?;
    let seen = form_field(&form, "seen");
    let seen = (!seen.is_empty()).then_some(seen.as_str());
    match drafts::edit_provision(&state.db.pool, id, heading.as_deref(), &body, seen).await? {
        drafts::Edited::Done => {}
        drafts::Edited::NotEditable => {
            return Err(AppError::conflict("cannot_edit", chrome.t("ed-provision-cannot-edit")));
        }
        drafts::Edited::Changed => {
            return Err(AppError::conflict("edited_meanwhile", chrome.t("ed-provision-edited-meanwhile")));
        }
    }
    crate::revisions::relink_around(&state.db, &version).await?;
    Ok(Redirect::to(&format!("/editor/versions/{}#r-{id}", version.id)))
}

async fn insert_after(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let (provision, version) = editable_provision(&state, chrome.lang, id).await?;
    if crate::catalogs::is_catalog_kind(&provision.kind) {
        return Err(AppError::bad("catalog_structure", chrome.t("cat-err-structure")));
    }
    let kind = form_field(&form, "kind");
    if !drafting::is_kind(&kind) {
        return Err(AppError::bad("bad_kind", chrome.t("ed-provision-choose-kind")));
    }
    let label = form_field(&form, "label");
    if label.is_empty() || label.chars().count() > 60 {
        return Err(AppError::bad("bad_label", chrome.t("ed-provision-label-required")));
    }
    let placement = match form_field(&form, "placement").as_str() {
        "child" => drafts::Placement::FirstChild,
        _ => drafts::Placement::After,
    };
    let heading = form_field(&form, "heading");
    let number =
        label.split_whitespace().last().unwrap_or("").trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    let new = drafts::NewProvision {
        kind,
        label: duthao_text::nfc(&label),
        number,
        heading: provision_heading(chrome.lang, &heading)?,
        body: provision_text(chrome.lang, form_field(&form, "body"))?,
        depth: 0,
        source_line: 0,
    };
    not_empty(chrome.lang, new.heading.as_deref(), &new.body)?;
    let Some(new_id) = drafts::insert_provision(&state.db.pool, id, placement, &new).await? else {
        return Err(AppError::conflict("cannot_insert", chrome.t("ed-provision-cannot-insert")));
    };
    crate::revisions::relink_around(&state.db, &version).await?;
    Ok(Redirect::to(&format!("/editor/versions/{}#r-{new_id}", version.id)))
}

async fn delete_provision(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    editor(&auth, &chrome)?;
    let (provision, version) = editable_provision(&state, chrome.lang, id).await?;
    // Entries and fields may go; the catalog itself only with a new table.
    if provision.kind == crate::catalogs::KIND_CATALOG {
        return Err(AppError::bad("catalog_structure", chrome.t("cat-err-structure")));
    }
    if !drafts::delete_provision(&state.db.pool, id).await? {
        return Err(AppError::conflict("cannot_delete", chrome.t("ed-provision-cannot-delete")));
    }
    crate::revisions::relink_around(&state.db, &version).await?;
    Ok(Redirect::to(&format!("/editor/versions/{}", version.id)))
}
