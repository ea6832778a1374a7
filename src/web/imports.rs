//! Batch import of comments from CSV and XLSX (editors): a downloadable template,
//! per-row errors (row, column, reason), and two modes: all or nothing, or skip the
//! rows with errors. Rows are stored in one transaction; a refused import stores
//! nothing.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use super::Path;
use super::auth::{AuthSession, require_role};
use super::editor::read_upload_in;
use super::letters::{Choice, version_choices};
use super::limits::VMultipart;
use super::{AppError, AppState, Chrome};
use crate::domain::{Channel, Role, vntime};
use crate::drafting::CitationIndex;
use crate::i18n::Lang;
use crate::intake::import::{self, Notice, RowError, RowLookups};
use crate::storage::{comments, consultations, drafts, organisations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consultations/{id}/import", get(import_page).post(import))
        .route("/import/template.xlsx", get(template_xlsx))
        .route("/import/template.csv", get(template_csv))
}

async fn template_xlsx() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mau-nhap-gop-y.xlsx\""),
        ],
        import::template_xlsx(),
    )
}

async fn template_csv() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mau-nhap-gop-y.csv\""),
        ],
        import::template_csv(),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "imports/new.html")]
struct ImportPage {
    chrome: Chrome,
    consultation: consultations::ConsultationRow,
    versions: Vec<Choice>,
}

async fn import_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<ImportPage, AppError> {
    require_role(&auth, Role::Editor, &chrome.path)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let versions = version_choices(&state, id, chrome.lang).await?;
    Ok(ImportPage { chrome, consultation, versions })
}

#[derive(Template, WebTemplate)]
#[template(path = "imports/result.html")]
struct ResultPage {
    chrome: Chrome,
    stored: i64,
    refused_whole: bool,
    total_rows: i64,
    error_count: i64,
    errors: Vec<RowError>,
    notes: Vec<Notice>,
    receipts: Vec<String>,
}

/// What a row names, found in the database.
struct Resolved {
    provision_id: Option<i64>,
    organisation_id: Option<i64>,
    created_at: Option<i64>,
}

/// Resolves a row's provision, organisation and moment of receipt (its date, which may
/// not be after `now`: a comment cannot have been received on a day still to come);
/// errors name the row and column.
fn resolve_row(
    row: &RowLookups<'_>,
    index: &CitationIndex,
    orgs: &HashMap<String, i64>,
    now: i64,
) -> Result<Resolved, Vec<RowError>> {
    let mut errors = Vec::new();
    let created_at = row.date.and_then(|d| vntime::parse_date(d, false));
    if let Some(at) = created_at
        && at > now
    {
        errors.push(RowError::new(
            row.row,
            "Ngày góp ý",
            Notice::new("adm-import-date-future").plain("value", vntime::short_date(at)),
        ));
    }
    let provision = match row.provision {
        None => None,
        Some(cited) => match duthao_structure::ProvisionPath::parse(cited).and_then(|p| index.resolve(&p)) {
            Some((id, _)) => Some(id),
            None => {
                errors.push(RowError::new(
                    row.row,
                    "Điều khoản",
                    Notice::new("adm-import-provision-not-found").vietnamese("value", cited),
                ));
                None
            }
        },
    };
    let organisation = match row.organisation {
        None => None,
        Some(name) => match orgs.get(&name.trim().to_lowercase()) {
            Some(id) => Some(*id),
            None => {
                errors.push(RowError::new(
                    row.row,
                    "Cơ quan, tổ chức",
                    Notice::new("adm-import-organisation-not-found").vietnamese("value", name),
                ));
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(Resolved { provision_id: provision, organisation_id: organisation, created_at })
    } else {
        Err(errors)
    }
}

/// What an import did.
pub(super) struct ImportOutcome {
    pub receipts: Vec<crate::domain::ReceiptCode>,
    /// Errors were found and the mode was all-or-nothing: nothing was stored.
    pub refused_whole: bool,
    pub total_rows: usize,
    pub errors: Vec<RowError>,
    /// In Vietnamese (the API).
    pub notes: Vec<String>,
    /// The notes, to be said in the reader's language.
    pub notices: Vec<Notice>,
}

/// Reads a CSV or XLSX file of comments on `version_id` in consultation
/// `consultation_id` and stores its rows in one transaction: all of them, or (with
/// `skip_bad_rows`) those without errors. The API's messages are in Vietnamese.
pub(super) async fn run_import(
    state: &AppState,
    consultation_id: i64,
    version_id: i64,
    skip_bad_rows: bool,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportOutcome, AppError> {
    run_import_in(state, Lang::Vi, consultation_id, version_id, skip_bad_rows, file_name, bytes).await
}

/// [`run_import`], refusing a file in `lang` (the web form).
async fn run_import_in(
    state: &AppState,
    lang: Lang,
    consultation_id: i64,
    version_id: i64,
    skip_bad_rows: bool,
    file_name: &str,
    bytes: &[u8],
) -> Result<ImportOutcome, AppError> {
    let pool = &state.db.pool;
    consultations::get(pool, consultation_id).await?.ok_or(AppError::NotFound)?;
    if !consultations::covers_version(pool, consultation_id, version_id).await? {
        return Err(AppError::bad("version_not_in_consultation", lang.t("adm-version-not-in-consultation")));
    }
    if bytes.is_empty() {
        return Err(AppError::bad("import_empty", lang.t("adm-import-empty")));
    }
    let lower = file_name.to_lowercase();
    // Old Excel workbooks (an OLE file) go to the XLSX reader, which says what they are
    // and how to save them as .xlsx; by their content, not their name (web systems
    // export tab-separated text as `.xls`).
    let old_excel = import::not_text(bytes) == Some(import::NotText::OldOffice);
    let parsed = if lower.ends_with(".xlsx") || bytes.starts_with(b"PK") || old_excel {
        import::parse_xlsx(bytes)
    } else {
        import::parse_csv(bytes)
    }
    .map_err(|e| {
        let reason = e.notice().text(lang);
        AppError::bad(
            e.code(),
            lang.t_args("adm-import-refused-file", &[("name", file_name), ("value", &reason)]),
        )
    })?;

    let index = CitationIndex::new(&drafts::provisions(pool, version_id).await?);
    let mut orgs = HashMap::new();
    for o in organisations::list(pool).await? {
        orgs.insert(o.code.to_lowercase(), o.id);
        orgs.insert(o.name.to_lowercase(), o.id);
    }
    let mut errors = parsed.errors.clone();
    let mut batch = Vec::with_capacity(parsed.rows.len());
    let now = crate::storage::now_ms();
    // A row refused for its own errors is looked up too: its unknown organisation or
    // provision is reported now, not once the first errors are mended.
    for refused in &parsed.refused {
        if let Err(row_errors) = resolve_row(&refused.lookups(), &index, &orgs, now) {
            errors.extend(row_errors);
        }
    }
    for row in &parsed.rows {
        match resolve_row(&row.lookups(), &index, &orgs, now) {
            Ok(Resolved { provision_id, organisation_id, created_at }) => batch.push(comments::NewComment {
                consultation_id,
                version_id,
                provision_id,
                quote: row.quote.clone(),
                body: row.text.clone(),
                author_name: row.author_name.clone(),
                author_email: row.author_email.clone(),
                author_user_id: None,
                organisation_id,
                channel: Channel::Import.code().to_owned(),
                created_at,
                name_public: false,
                flag: None,
                submission_key: None,
            }),
            Err(row_errors) => errors.extend(row_errors),
        }
    }
    // By row; within a row the file's own errors, then what was not found (stable).
    errors.sort_by_key(|e| e.row);
    let refused_whole = !errors.is_empty() && !skip_bad_rows;
    let receipts = if refused_whole || batch.is_empty() {
        Vec::new()
    } else {
        state.intake.store_all(&batch, Channel::Import).await.map_err(|e| e.into_app_error(lang))?
    };
    let mut notices = parsed.notes.clone();
    notices.extend(parsed.encoding_note.clone());
    let notes = notices.iter().map(ToString::to_string).collect();
    Ok(ImportOutcome { receipts, refused_whole, total_rows: parsed.total_rows, errors, notes, notices })
}

async fn import(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<axum::response::Response, AppError> {
    let user = require_role(&auth, Role::Editor, &chrome.path)?;
    consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, chrome.lang).await?;
    let version_id: i64 = upload
        .field("version_id")
        .parse()
        .map_err(|_| AppError::bad("no_version", chrome.t("adm-import-no-version")))?;
    let skip_bad_rows = upload.field("mode") == "skip";
    let outcome =
        run_import_in(&state, chrome.lang, id, version_id, skip_bad_rows, &upload.file_name, &upload.bytes)
            .await?;
    tracing::info!(
        consultation.id = id,
        user.id = user.id,
        stored = outcome.receipts.len(),
        errors = outcome.errors.len(),
        "comments imported"
    );
    let refused_whole = outcome.refused_whole;
    let page = ResultPage {
        chrome,
        stored: outcome.receipts.len() as i64,
        refused_whole,
        total_rows: outcome.total_rows as i64,
        error_count: outcome.errors.len() as i64,
        errors: outcome.errors,
        notes: outcome.notices,
        receipts: outcome.receipts.iter().take(100).map(ToString::to_string).collect(),
    };
    let status =
        if refused_whole { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    Ok((status, page).into_response())
}
