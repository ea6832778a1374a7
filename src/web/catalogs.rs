//! Catalog drafts in the browser (issue 9): the catalog of a draft (its kind, fields,
//! entries, import of a new version from a table), the table of equivalent positions
//! (page, DOCX, XLSX) with its approval, the review (rà soát) of the organisations'
//! lists (pages, confirmations, DOCX, XLSX), and the page where an organisation's
//! representative submits its list.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, require_role, require_user};
use super::editor::{editor, read_upload_in};
use super::limits::{VForm, VMultipart, VQuery};
use super::{AppError, AppState, Chrome};
use crate::catalog::fields::{CatalogKind, FieldDef};
use crate::catalog::matching::MatchOutcome;
use crate::catalogs::{self, Catalog, ImportError, Review, StoredEntry, SubmitError};
use crate::domain::Role;
use crate::i18n::Lang;
use crate::storage::catalogs as store;
use crate::storage::{dossiers, drafts, now_ms, organisations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/drafts/{id}/catalog", get(catalog_page).post(set_catalog))
        .route("/editor/drafts/{id}/catalog/fields", post(add_field))
        .route("/editor/drafts/{id}/catalog/import", post(import_table))
        .route("/editor/drafts/{id}/catalog/equivalence", get(equivalence_page))
        .route("/editor/drafts/{id}/catalog/submissions", post(submit_for))
        .route("/editor/drafts/{id}/catalog/review", get(review_page))
        .route("/editor/drafts/{id}/catalog/review/{organisation}", get(list_page))
        .route("/editor/drafts/{id}/catalog/confirmations", post(confirm))
        .route("/editor/versions/{id}/catalog/approve", post(approve))
        .route("/editor/versions/{id}/catalog/acknowledge", post(acknowledge))
        .route("/catalogs/{id}/list", get(own_list_page).post(submit_own))
}

async fn draft_and_catalog(
    state: &AppState,
    id: i64,
) -> Result<(drafts::DraftRow, Option<Catalog>), AppError> {
    let draft = drafts::get_draft(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let catalog = catalogs::load(&state.db, id).await?;
    Ok((draft, catalog))
}

async fn catalog_of(state: &AppState, id: i64) -> Result<(drafts::DraftRow, Catalog), AppError> {
    let (draft, catalog) = draft_and_catalog(state, id).await?;
    Ok((draft, catalog.ok_or(AppError::NotFound)?))
}

/// The version a page is about: `?version=N` (its number) or the newest.
async fn version_of(
    state: &AppState,
    draft_id: i64,
    number: Option<i64>,
) -> Result<Option<drafts::VersionRow>, AppError> {
    let versions = drafts::versions_of(&state.db.pool, draft_id).await?;
    Ok(match number {
        Some(n) => Some(versions.into_iter().find(|v| v.number == n).ok_or(AppError::NotFound)?),
        None => versions.into_iter().next(),
    })
}

fn kind_key(kind: CatalogKind) -> &'static str {
    match kind {
        CatalogKind::Titles => "cat-kind-titles",
        CatalogKind::JobPositions => "cat-kind-job_positions",
    }
}

// ---------------------------------------------------------------- the catalog

struct EntryView {
    provision_id: i64,
    code: String,
    name: String,
    /// Short fields, in the catalog's column order (empty strings for none).
    cells: Vec<String>,
    /// Long fields (the job description): (name, value).
    long: Vec<(String, String)>,
}

struct SubmissionView {
    organisation_id: i64,
    organisation: String,
    file_name: String,
    submitted_at: i64,
    rows: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/catalog.html")]
struct CatalogPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Option<Catalog>,
    kind_name: String,
    kinds: Vec<(&'static str, String)>,
    columns: Vec<FieldDef>,
    entries: Vec<EntryView>,
    version: Option<drafts::VersionRow>,
    latest_number: i64,
    approval: Option<store::Approval>,
    broken: Vec<String>,
    acknowledged: bool,
    problems: usize,
    submissions: Vec<SubmissionView>,
    organisations: Vec<(i64, String)>,
}

fn entry_views(entries: &[StoredEntry], columns: &[FieldDef], long: &[FieldDef]) -> Vec<EntryView> {
    entries
        .iter()
        .map(|e| EntryView {
            provision_id: e.provision_id,
            code: e.code.clone(),
            name: e.name.clone(),
            cells: columns.iter().map(|c| e.field(&c.key).to_owned()).collect(),
            long: long
                .iter()
                .filter(|f| !e.field(&f.key).is_empty())
                .map(|f| (f.name.clone(), e.field(&f.key).to_owned()))
                .collect(),
        })
        .collect()
}

/// The short columns of a catalog's table (the code is shown apart) and its long fields.
fn columns(catalog: &Catalog) -> (Vec<FieldDef>, Vec<FieldDef>) {
    catalog.fields().into_iter().filter(|f| f.key != crate::catalog::fields::CODE).partition(|f| !f.long)
}

async fn catalog_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<CatalogPage, AppError> {
    editor(&auth, &chrome)?;
    let (draft, catalog) = draft_and_catalog(&state, id).await?;
    let version = version_of(&state, id, None).await?;
    let kinds = CatalogKind::ALL.iter().map(|k| (k.code(), chrome.t(kind_key(*k)))).collect();
    let organisations =
        organisations::list(&state.db.pool).await?.into_iter().map(|o| (o.id, o.name)).collect();
    let mut page = CatalogPage {
        kind_name: String::new(),
        latest_number: version.as_ref().map_or(0, |v| v.number),
        chrome,
        draft,
        catalog: None,
        kinds,
        columns: Vec::new(),
        entries: Vec::new(),
        version: None,
        approval: None,
        broken: Vec::new(),
        acknowledged: false,
        problems: 0,
        submissions: Vec::new(),
        organisations,
    };
    let Some(catalog) = catalog else { return Ok(page) };
    page.kind_name = page.chrome.t(kind_key(catalog.kind));
    let (short, long) = columns(&catalog);
    if let Some(version) = &version {
        let entries = catalogs::entries_of(&state.db, version.id).await?;
        if catalog.kind == CatalogKind::Titles {
            page.problems = catalogs::equivalence_table(&entries).problems.len();
        }
        page.entries = entry_views(&entries, &short, &long);
        page.broken = catalogs::broken_equivalences(&state.db, &catalog, version).await?;
        page.acknowledged = store::acknowledgement(&state.db, version.id).await?.is_some();
    }
    page.columns = short;
    page.approval = store::latest_approval(&state.db, id).await?;
    page.submissions = store::current_submissions(&state.db, id)
        .await?
        .into_iter()
        .map(|s| SubmissionView {
            organisation_id: s.organisation_id,
            organisation: s.organisation_name,
            file_name: s.file_name,
            submitted_at: s.created_at,
            rows: s.rows,
        })
        .collect();
    page.version = version;
    page.catalog = Some(catalog);
    Ok(page)
}

fn form_field<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim())
}

async fn set_catalog(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let (draft, _) = draft_and_catalog(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    let kind = form_field(&form, "kind")
        .and_then(CatalogKind::from_code)
        .ok_or_else(|| AppError::bad("bad_catalog_kind", chrome.t("cat-err-kind")))?;
    let title = match form_field(&form, "title") {
        Some(t) if !t.is_empty() => duthao_text::clean_input(t),
        _ => kind.name_vi().to_owned(),
    };
    if title.chars().count() > 500 {
        return Err(AppError::bad("bad_catalog_title", chrome.t("cat-err-title")));
    }
    if let Some(current) = catalogs::load(&state.db, id).await?
        && current.kind != kind
        && let Some(latest) = version_of(&state, id, None).await?
        && !catalogs::entries_of(&state.db, latest.id).await?.is_empty()
    {
        return Err(AppError::conflict("catalog_has_entries", chrome.t("cat-err-kind-change")));
    }
    store::set(&state.db, Some(user.id), draft.id, kind.code(), &title).await?;
    Ok(Redirect::to(&format!("/editor/drafts/{id}/catalog")))
}

async fn add_field(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let (_, catalog) = catalog_of(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    let name = form_field(&form, "name").unwrap_or_default();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::bad("bad_field_name", chrome.t("cat-err-field-name")));
    }
    if !catalogs::add_field(&state.db, user.id, &catalog, name).await? {
        return Err(AppError::conflict("field_exists", chrome.t1("cat-err-field-exists", "name", name)));
    }
    Ok(Redirect::to(&format!("/editor/drafts/{id}/catalog#fields")))
}

fn import_error(lang: Lang, e: ImportError) -> AppError {
    match e {
        ImportError::Table(e) => AppError::bad(e.code(), e.text(lang)),
        ImportError::NoEntries => AppError::bad("no_entries", lang.t("cat-err-no-entries")),
        // A base that is no version at all: a form edited by hand.
        ImportError::Upload(crate::drafting::UploadError::Superseded { base, latest })
            if base > latest || base < 1 =>
        {
            AppError::conflict(
                "version_superseded",
                lang.t_args(
                    "ed-upload-unknown-base",
                    &[("value", &base.to_string()), ("max", &latest.to_string())],
                ),
            )
        }
        ImportError::Upload(crate::drafting::UploadError::Superseded { base, latest }) => AppError::conflict(
            "version_superseded",
            lang.t_values("cat-err-superseded", &[("min", base.to_arg()), ("max", latest.to_arg())]),
        ),
        ImportError::Upload(crate::drafting::UploadError::Storage(e)) => AppError::from(e),
        ImportError::Upload(e) => AppError::Internal(e.to_string()),
        ImportError::Storage(e) => AppError::from(e),
    }
}

use crate::i18n::ToArg;

async fn import_table(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let (_, catalog) = catalog_of(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, chrome.lang).await?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad("empty_file", chrome.t("cat-err-empty-file")));
    }
    let base = upload.field("base").parse::<i64>().ok();
    let imported =
        catalogs::import_version(&state.db, user.id, &catalog, base, &upload.file_name, &upload.bytes)
            .await
            .map_err(|e| import_error(chrome.lang, e))?;
    tracing::info!(
        draft.id = id,
        version.id = imported.version_id,
        entries = imported.entries,
        "catalog imported"
    );
    Ok(Redirect::to(&format!("/editor/versions/{}", imported.version_id)))
}

// ---------------------------------------------------------------- equivalence

#[derive(Debug, Deserialize)]
struct VersionQuery {
    version: Option<i64>,
    format: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/catalog_equivalence.html")]
struct EquivalencePage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Catalog,
    version: drafts::VersionRow,
    table: catalogs::EquivalenceTable,
    approval: Option<store::Approval>,
    is_lead: bool,
}

async fn equivalence_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<VersionQuery>,
) -> Result<Response, AppError> {
    let user = editor(&auth, &chrome)?;
    let (draft, catalog) = catalog_of(&state, id).await?;
    let version = version_of(&state, id, q.version).await?.ok_or(AppError::NotFound)?;
    let entries = catalogs::entries_of(&state.db, version.id).await?;
    let table = catalogs::equivalence_table(&entries);
    match q.format.as_deref() {
        None | Some("") | Some("html") => {}
        Some(format) => {
            let issuing = dossiers::get(&state.db.pool, draft.dossier_id).await?.map(|d| d.drafting_org_name);
            let document =
                crate::catalogs::reports::equivalence(&draft, &catalog, &version, &table, issuing, now_ms());
            let (bytes, content_type, extension) = match format {
                "docx" => (duthao_reports::equivalence_docx(&document), DOCX, "docx"),
                "xlsx" => (duthao_reports::equivalence_xlsx(&document), XLSX, "xlsx"),
                _ => return Err(AppError::bad("bad_format", chrome.t("cat-err-format"))),
            };
            let bytes = bytes.map_err(|e| AppError::Internal(format!("equivalence table: {e}")))?;
            let name = format!("bang-chuc-vu-tuong-duong-{}-lan-{}.{extension}", draft.id, version.number);
            return Ok(attachment(bytes, content_type, &name));
        }
    }
    Ok(EquivalencePage {
        approval: store::latest_approval(&state.db, id).await?,
        is_lead: user.has(Role::LeadEditor),
        chrome,
        draft,
        catalog,
        version,
        table,
    }
    .into_response())
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn attachment(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        bytes,
    )
        .into_response()
}

async fn approve(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = require_role(&auth, Role::LeadEditor, &chrome.path)?;
    let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let (_, catalog) = catalog_of(&state, version.draft_id).await?;
    super::submission::draft_writable(&state, version.draft_id).await?;
    if catalog.kind != CatalogKind::Titles {
        return Err(AppError::bad("not_titles", chrome.t("cat-err-not-titles")));
    }
    // A published version does not change: what is approved stays what was read.
    if !version.is_published() {
        return Err(AppError::conflict("version_unpublished", chrome.t("cat-err-approve-unpublished")));
    }
    let entries = catalogs::entries_of(&state.db, version.id).await?;
    let problems = catalogs::equivalence_table(&entries).problems.len();
    if problems > 0 {
        return Err(AppError::conflict(
            "equivalence_problems",
            chrome.t_n("cat-err-approve-problems", "count", problems as i64),
        ));
    }
    store::approve(&state.db, user.id, version.id).await?;
    Ok(Redirect::to(&format!(
        "/editor/drafts/{}/catalog/equivalence?version={}",
        version.draft_id, version.number
    )))
}

async fn acknowledge(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let (_, catalog) = catalog_of(&state, version.draft_id).await?;
    super::submission::draft_writable(&state, version.draft_id).await?;
    let broken = catalogs::broken_equivalences(&state.db, &catalog, &version).await?;
    if broken.is_empty() {
        return Err(AppError::bad("nothing_to_acknowledge", chrome.t("cat-err-nothing-broken")));
    }
    store::acknowledge(&state.db, user.id, version.id, &crate::storage::to_json_list(&broken)).await?;
    Ok(Redirect::to(&format!("/editor/drafts/{}/catalog", version.draft_id)))
}

// ---------------------------------------------------------------- review

fn submit_error(lang: Lang, e: SubmitError) -> AppError {
    match e {
        SubmitError::Table(e) => AppError::bad(e.code(), e.text(lang)),
        SubmitError::NoRows => AppError::bad("no_rows", lang.t("cat-err-no-rows")),
        SubmitError::Storage(e) => AppError::from(e),
    }
}

async fn submit_for(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let (_, catalog) = catalog_of(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, chrome.lang).await?;
    let organisation_id = upload
        .field("organisation_id")
        .parse::<i64>()
        .ok()
        .ok_or_else(|| AppError::bad("no_organisation", chrome.t("cat-err-organisation")))?;
    organisations::get(&state.db.pool, organisation_id)
        .await?
        .ok_or_else(|| AppError::bad("no_organisation", chrome.t("cat-err-organisation")))?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad("empty_file", chrome.t("cat-err-empty-file")));
    }
    catalogs::submit_list(
        &state.db,
        Some(user.id),
        &catalog,
        organisation_id,
        &upload.file_name,
        &upload.bytes,
    )
    .await
    .map_err(|e| submit_error(chrome.lang, e))?;
    Ok(Redirect::to(&format!("/editor/drafts/{id}/catalog/review/{organisation_id}")))
}

struct OrganisationLine {
    organisation_id: i64,
    organisation: String,
    rows: usize,
    matched: usize,
    pending: usize,
    lacking: usize,
    misfits: usize,
    warnings: usize,
}

struct CountLine {
    name: String,
    detail: String,
    count: usize,
}

struct PendingView {
    organisation: String,
    row: usize,
    name: String,
    key: String,
    candidates: Vec<(i64, String, u32)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/catalog_review.html")]
struct ReviewPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Catalog,
    version: drafts::VersionRow,
    organisations: Vec<OrganisationLine>,
    lacking: Vec<CountLine>,
    misfits: Vec<CountLine>,
    proposed: Vec<CountLine>,
    pending: Vec<PendingView>,
    entries: Vec<(i64, String)>,
}

async fn review_of(
    state: &AppState,
    id: i64,
    number: Option<i64>,
) -> Result<(drafts::DraftRow, Catalog, drafts::VersionRow, std::sync::Arc<Review>), AppError> {
    let (draft, catalog) = catalog_of(state, id).await?;
    // By default against the newest published version (what localities were asked
    // about, and a review kept while nothing changes); `?version=` for any other.
    let version = match number {
        None => match drafts::latest_published(&state.db.pool, id).await? {
            Some(published) => published,
            None => version_of(state, id, None).await?.ok_or(AppError::NotFound)?,
        },
        Some(_) => version_of(state, id, number).await?.ok_or(AppError::NotFound)?,
    };
    let review = state.cache.reviews.review(&state.db, &catalog, &version).await?;
    Ok((draft, catalog, version, review))
}

async fn review_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<VersionQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let (draft, catalog, version, review) = review_of(&state, id, q.version).await?;
    match q.format.as_deref() {
        None | Some("") | Some("html") => {}
        Some(format) => {
            let issuing = dossiers::get(&state.db.pool, draft.dossier_id).await?.map(|d| d.drafting_org_name);
            let document = crate::catalogs::reports::review(&draft, &catalog, &review, issuing, now_ms());
            let (bytes, content_type, extension) = match format {
                "docx" => (duthao_reports::review_docx(&document), DOCX, "docx"),
                "xlsx" => (duthao_reports::review_xlsx(&document), XLSX, "xlsx"),
                _ => return Err(AppError::bad("bad_format", chrome.t("cat-err-format"))),
            };
            let bytes = bytes.map_err(|e| AppError::Internal(format!("review report: {e}")))?;
            let name = format!("bao-cao-ra-soat-danh-muc-{}-lan-{}.{extension}", draft.id, version.number);
            return Ok(attachment(bytes, content_type, &name));
        }
    }
    let organisations = review
        .lists
        .iter()
        .map(|l| OrganisationLine {
            organisation_id: l.organisation_id,
            organisation: l.organisation.clone(),
            rows: l.review.rows,
            matched: l.review.matched,
            pending: l.review.pending.len(),
            lacking: l.review.lacking.len(),
            misfits: l.review.misfits.len(),
            warnings: l.headcount.warnings.len(),
        })
        .collect();
    let lacking = review
        .country
        .lacking
        .iter()
        .map(|l| CountLine { name: l.name.clone(), detail: String::new(), count: l.organisations })
        .collect();
    let misfits = review
        .country
        .misfits
        .iter()
        .map(|m| CountLine {
            name: m.name.clone(),
            detail: m.organisations.join(", "),
            count: m.organisations.len(),
        })
        .collect();
    let proposed = review
        .country
        .proposed
        .iter()
        .map(|p| CountLine {
            name: p.name.clone(),
            detail: p.organisations.join(", "),
            count: p.organisations.len(),
        })
        .collect();
    let mut pending = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for list in &review.lists {
        for row in catalogs::uncertain_rows(list, &review.names) {
            if seen.insert(row.key.clone()) {
                pending.push(PendingView {
                    organisation: list.organisation.clone(),
                    row: row.row,
                    name: row.name,
                    key: row.key,
                    candidates: row.candidates,
                });
            }
        }
    }
    let entries = sorted_entries(&review);
    Ok(ReviewPage {
        chrome,
        draft,
        catalog,
        version,
        organisations,
        lacking,
        misfits,
        proposed,
        pending,
        entries,
    }
    .into_response())
}

/// The catalog's entries (lineage, name) by name, for the choice of a confirmation.
fn sorted_entries(review: &Review) -> Vec<(i64, String)> {
    let mut entries: Vec<(i64, String)> = review.names.iter().map(|(k, v)| (*k, v.clone())).collect();
    entries.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    entries
}

struct RowView {
    row: usize,
    name: String,
    unit: String,
    /// `matched`, `uncertain` or `unknown`.
    status: &'static str,
    entry: String,
    key: String,
    candidates: Vec<(i64, String, u32)>,
}

struct PositionView {
    name: String,
    unit: String,
    holders: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/catalog_list.html")]
struct ListPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Catalog,
    organisation: String,
    organisation_id: i64,
    file_name: String,
    submitted_at: i64,
    notes: Vec<String>,
    lacking: Vec<String>,
    misfits: Vec<(String, String)>,
    rows: Vec<RowView>,
    entries: Vec<(i64, String)>,
    positions: usize,
    people: usize,
    vacant: Vec<PositionView>,
    shared: Vec<PositionView>,
    several: Vec<(String, Vec<String>)>,
    warnings: Vec<String>,
    /// The page for an editor (with confirmations) rather than the representative's own.
    for_editor: bool,
}

fn list_page_of(
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Catalog,
    review: &Review,
    organisation_id: i64,
    for_editor: bool,
) -> Option<ListPage> {
    let list = review.lists.iter().find(|l| l.organisation_id == organisation_id)?;
    let candidates: HashMap<usize, Vec<(i64, String, u32)>> =
        catalogs::uncertain_rows(list, &review.names).into_iter().map(|r| (r.row, r.candidates)).collect();
    let rows = list
        .matched
        .rows
        .iter()
        .map(|r| {
            let (status, entry) = match &r.outcome {
                MatchOutcome::Matched { entry, .. } => ("matched", review.name(*entry)),
                MatchOutcome::Uncertain { .. } => ("uncertain", String::new()),
                MatchOutcome::Unknown { .. } => ("unknown", String::new()),
            };
            RowView {
                row: r.row,
                name: r.name.clone(),
                unit: r.unit.clone().unwrap_or_default(),
                status,
                entry,
                key: r.key.clone(),
                candidates: candidates.get(&r.row).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let headcount = &list.headcount;
    let position = |i: &usize| {
        headcount.positions.get(*i).map(|p| PositionView {
            name: p.name.clone(),
            unit: p.unit.clone().unwrap_or_default(),
            holders: p.holders.clone(),
        })
    };
    Some(ListPage {
        chrome,
        draft,
        organisation: list.organisation.clone(),
        organisation_id,
        file_name: list.file_name.clone(),
        submitted_at: list.submitted_at,
        notes: list.notes.clone(),
        lacking: list.review.lacking.iter().map(|e| review.name(*e)).collect(),
        misfits: list
            .review
            .misfits
            .iter()
            .map(|m| (m.name.clone(), catalogs::misfit_reason(review, &m.reason)))
            .collect(),
        rows,
        entries: sorted_entries(review),
        positions: headcount.positions.len(),
        people: headcount.people,
        vacant: headcount.vacant.iter().filter_map(position).collect(),
        shared: headcount.shared.iter().filter_map(position).collect(),
        several: headcount
            .several
            .iter()
            .map(|s| {
                (
                    s.person.clone(),
                    s.positions
                        .iter()
                        .filter_map(|i| headcount.positions.get(*i).map(|p| p.name.clone()))
                        .collect(),
                )
            })
            .collect(),
        warnings: headcount.warnings.iter().map(ToString::to_string).collect(),
        catalog,
        for_editor,
    })
}

async fn list_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, organisation_id)): Path<(i64, i64)>,
    VQuery(q): VQuery<VersionQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let (draft, catalog, _, review) = review_of(&state, id, None).await?;
    if let Some(download) =
        one_list_download(&state, &chrome, &draft, &catalog, &review, organisation_id, &q).await?
    {
        return Ok(download);
    }
    Ok(list_page_of(chrome, draft, catalog, &review, organisation_id, true)
        .ok_or(AppError::NotFound)?
        .into_response())
}

/// One organisation's review as DOCX or XLSX when `?format=` asks for it.
async fn one_list_download(
    state: &AppState,
    chrome: &Chrome,
    draft: &drafts::DraftRow,
    catalog: &Catalog,
    review: &Review,
    organisation_id: i64,
    q: &VersionQuery,
) -> Result<Option<Response>, AppError> {
    let format = match q.format.as_deref() {
        None | Some("") | Some("html") => return Ok(None),
        Some(format) => format,
    };
    let issuing = dossiers::get(&state.db.pool, draft.dossier_id).await?.map(|d| d.drafting_org_name);
    let document =
        crate::catalogs::reports::review_of_one(draft, catalog, review, organisation_id, issuing, now_ms())
            .ok_or(AppError::NotFound)?;
    let (bytes, content_type, extension) = match format {
        "docx" => (duthao_reports::review_docx(&document), DOCX, "docx"),
        "xlsx" => (duthao_reports::review_xlsx(&document), XLSX, "xlsx"),
        _ => return Err(AppError::bad("bad_format", chrome.t("cat-err-format"))),
    };
    let bytes = bytes.map_err(|e| AppError::Internal(format!("review report: {e}")))?;
    let name = format!("ra-soat-danh-muc-{}-don-vi-{organisation_id}.{extension}", draft.id);
    Ok(Some(attachment(bytes, content_type, &name)))
}

async fn confirm(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let (_, catalog) = catalog_of(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    let key = form_field(&form, "key")
        .filter(|k| !k.is_empty() && k.len() <= 1000)
        .ok_or_else(|| AppError::bad("bad_key", chrome.t("cat-err-key")))?;
    let version = version_of(&state, id, None).await?.ok_or(AppError::NotFound)?;
    let entries = catalogs::entries_of(&state.db, version.id).await?;
    // Another entry, typed by its name, wins over the choice among the candidates.
    let entry = match (form_field(&form, "entry_name").filter(|n| !n.is_empty()), form_field(&form, "entry"))
    {
        (Some(name), _) => {
            let name = duthao_text::clean_input(name);
            let found = entries.iter().find(|e| e.name == name).ok_or_else(|| {
                AppError::bad("bad_entry", chrome.t1("cat-err-entry-unknown", "name", name.as_str()))
            })?;
            Some(found.lineage)
        }
        (None, Some("none")) => None,
        (None, Some(v)) => {
            let lineage =
                v.parse::<i64>().map_err(|_| AppError::bad("bad_entry", chrome.t("cat-err-entry")))?;
            if !entries.iter().any(|e| e.lineage == lineage) {
                return Err(AppError::bad("bad_entry", chrome.t("cat-err-entry")));
            }
            Some(lineage)
        }
        (None, None) => return Err(AppError::bad("bad_entry", chrome.t("cat-err-entry"))),
    };
    catalogs::confirm(&state.db, user.id, &catalog, key, entry).await?;
    let back = match form_field(&form, "organisation").and_then(|o| o.parse::<i64>().ok()) {
        Some(o) => format!("/editor/drafts/{id}/catalog/review/{o}"),
        None => format!("/editor/drafts/{id}/catalog/review#pending"),
    };
    Ok(Redirect::to(&back))
}

// ---------------------------------------------------------------- representatives

#[derive(Template, WebTemplate)]
#[template(path = "catalog_own.html")]
struct OwnPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    catalog: Catalog,
    organisation: String,
    list: Option<ListPage>,
}

async fn own_list_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<VersionQuery>,
) -> Result<Response, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let organisation_id = user.represents_organisation().ok_or(AppError::Forbidden)?;
    let (draft, catalog) = catalog_of(&state, id).await?;
    let version = drafts::latest_published(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let review = state.cache.reviews.review(&state.db, &catalog, &version).await?;
    if let Some(download) =
        one_list_download(&state, &chrome, &draft, &catalog, &review, organisation_id, &q).await?
    {
        return Ok(download);
    }
    let list = list_page_of(chrome.clone(), draft.clone(), catalog.clone(), &review, organisation_id, false);
    Ok(OwnPage {
        chrome,
        draft,
        catalog,
        organisation: user.organisation_name.clone().unwrap_or_default(),
        list,
    }
    .into_response())
}

async fn submit_own(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<Redirect, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let organisation_id = user.represents_organisation().ok_or(AppError::Forbidden)?;
    let (_, catalog) = catalog_of(&state, id).await?;
    super::submission::draft_writable(&state, id).await?;
    if !catalogs::may_submit(&state.db, &catalog, organisation_id).await? {
        return Err(AppError::conflict("not_open", chrome.t("cat-err-not-open")));
    }
    let upload = read_upload_in(multipart, state.config.max_body_bytes, chrome.lang).await?;
    if upload.bytes.is_empty() {
        return Err(AppError::bad("empty_file", chrome.t("cat-err-empty-file")));
    }
    catalogs::submit_list(
        &state.db,
        Some(user.id),
        &catalog,
        organisation_id,
        &upload.file_name,
        &upload.bytes,
    )
    .await
    .map_err(|e| submit_error(chrome.lang, e))?;
    Ok(Redirect::to(&format!("/catalogs/{id}/list")))
}
