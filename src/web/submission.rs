//! Submission: the lead editor assembles the package and submits the dossier (it then
//! becomes read-only); everyone can read the published synthesis of a consultation.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, require_role};
use super::editor::editor;
use super::error::{Arg, Said};
use super::limits::VQuery;
use super::{AppError, AppState, Chrome};
use crate::domain::Role;
use crate::package::{self, FileEntry, PackageError};
use crate::storage::{consultations, dossiers, drafts, now_ms, submissions};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/dossiers/{id}/submission", get(submission_page).post(submit))
        .route("/editor/dossiers/{id}/submission/package.zip", get(download))
        .route("/consultations/{id}/synthesis", get(public_synthesis))
}

/// Refuses a change to a dossier that has been submitted, saying so in the reader's
/// language (the API's in Vietnamese).
pub async fn writable(state: &AppState, dossier_id: i64) -> Result<(), AppError> {
    match dossiers::get(&state.db.pool, dossier_id).await?.and_then(|d| d.submitted_at) {
        Some(at) => Err(AppError::conflict_said(
            "dossier_submitted",
            Said::new("pub-submission-read-only").with("date", Arg::LongDate(at)),
        )),
        None => Ok(()),
    }
}

/// [`writable`] for the dossier of a consultation.
pub async fn consultation_writable(state: &AppState, consultation_id: i64) -> Result<(), AppError> {
    match consultations::get(&state.db.pool, consultation_id).await? {
        Some(c) => writable(state, c.dossier_id).await,
        None => Ok(()),
    }
}

/// [`writable`] for the dossier of a draft.
pub async fn draft_writable(state: &AppState, draft_id: i64) -> Result<(), AppError> {
    match drafts::get_draft(&state.db.pool, draft_id).await? {
        Some(d) => writable(state, d.dossier_id).await,
        None => Ok(()),
    }
}

/// What keeps a dossier from being submitted, in the reader's language (the titles it
/// names as written).
fn missing_text(chrome: &Chrome, missing: &package::Missing) -> String {
    match missing {
        package::Missing::NoDraft => chrome.t("pub-missing-no-draft"),
        package::Missing::NoVersion { draft } => chrome.t1("pub-missing-no-version", "title", draft),
        package::Missing::NotApproved { consultation, draft, unanswered, waiting } => {
            let mut parts = Vec::new();
            if *unanswered > 0 {
                parts.push(chrome.t1("pub-missing-unanswered", "count", unanswered));
            }
            if *waiting > 0 {
                parts.push(chrome.t1("pub-missing-unapproved", "count", waiting));
            }
            chrome.t2("pub-missing-not-approved", "name", consultation, "title", draft) + &parts.join(", ")
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/submission.html")]
struct SubmissionPage {
    chrome: Chrome,
    dossier: dossiers::DossierRow,
    /// When the dossier was submitted, if it was.
    submitted: Option<String>,
    /// What is still missing.
    missing: Vec<package::Missing>,
    files: Vec<FileEntry>,
    is_lead: bool,
    /// Rounds still open or yet to open, which submitting ends: title, and what they
    /// are planned to do.
    open_rounds: Vec<(String, String)>,
}

async fn submission_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<SubmissionPage, AppError> {
    let user = editor(&auth, &chrome)?;
    let dossier = dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let (missing, files) = match submissions::get(&state.db, id).await? {
        Some(stored) => (Vec::new(), stored.files()),
        None => (package::missing(&state.db, id).await?, Vec::new()),
    };
    let now = now_ms();
    let open_rounds = consultations::of_dossier(&state.db.pool, id)
        .await?
        .into_iter()
        .filter(|c| dossier.submitted_at.is_none() && c.closes_at > now)
        .map(|c| {
            let planned = if c.opens_at > now {
                chrome.t1("pub-submission-round-not-open", "date", chrome.date_time(c.opens_at))
            } else {
                chrome.t1("pub-submission-round-until", "date", chrome.date_time(c.closes_at))
            };
            (c.title, planned)
        })
        .collect();
    Ok(SubmissionPage {
        submitted: dossier.submitted_at.map(|at| chrome.date_time(at)),
        chrome,
        dossier,
        missing,
        files,
        is_lead: user.has(Role::LeadEditor),
        open_rounds,
    })
}

async fn submit(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = require_role(&auth, Role::LeadEditor, &chrome.path)?;
    dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    writable(&state, id).await?;
    let now = now_ms();
    let comments = submissions::comment_count(&state.db, id).await?;
    let package = package::assemble(&state.db, id, now).await.map_err(|e| match e {
        PackageError::Storage(e) => AppError::from(e),
        PackageError::Write(e) => AppError::Internal(format!("package: {e}")),
        PackageError::Missing(missing) => {
            let what: Vec<String> = missing.iter().map(|m| missing_text(&chrome, m)).collect();
            AppError::bad("not_ready", chrome.t1("pub-submission-missing", "what", what.join("; ")))
        }
        PackageError::AlreadySubmitted(_) => {
            AppError::conflict("dossier_submitted", chrome.t("pub-submission-raced"))
        }
    })?;
    match submissions::submit(&state.db, user.id, id, now, &package, comments).await? {
        submissions::Submitted::Done => {
            // Its rounds have ended: this instance's intake stops taking comments now,
            // and other instances once they hear of it. Whatever they have cached, no
            // comment can be stored for a submitted dossier.
            for c in consultations::of_dossier(&state.db.pool, id).await? {
                state.intake.forget_consultation(c.id);
            }
            tracing::info!(
                dossier.id = id,
                files = package.files.len(),
                bytes = package.archive.len(),
                "dossier submitted"
            );
            Ok(Redirect::to(&format!("/editor/dossiers/{id}/submission")))
        }
        submissions::Submitted::Already => {
            Err(AppError::conflict("dossier_submitted", chrome.t("pub-submission-raced")))
        }
        submissions::Submitted::CommentsArrived => {
            Err(AppError::conflict("comments_arrived", chrome.t("pub-submission-comments-arrived")))
        }
    }
}

async fn download(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let Some(stored) = submissions::get(&state.db, id).await? else {
        if dossiers::get(&state.db.pool, id).await?.is_none() {
            return Err(AppError::NotFound);
        }
        // The dossier is there but has not been submitted: say so, and where to go.
        return Err(AppError::Said {
            status: axum::http::StatusCode::NOT_FOUND,
            code: "not_submitted",
            said: Said::new("pub-submission-no-package").with("dossier", Arg::Text(id.to_string())),
        });
    };
    let disposition = format!("attachment; filename=\"ho-so-trinh-{id}.zip\"");
    Ok((
        [(header::CONTENT_TYPE, "application/zip".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        stored.archive,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
struct SynthesisQuery {
    draft: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "synthesis.html")]
struct SynthesisPage {
    chrome: Chrome,
    consultation: consultations::ConsultationRow,
    drafts: Vec<(i64, String)>,
    draft_id: i64,
    report: duthao_reports::SynthesisReport,
    title: &'static str,
    columns: [&'static str; 5],
}

/// The synthesis of a consultation as the public sees it: only published answers.
async fn public_synthesis(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<i64>,
    VQuery(q): VQuery<SynthesisQuery>,
) -> Result<SynthesisPage, AppError> {
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let mut list: Vec<(i64, String)> = Vec::new();
    for version_id in consultations::version_ids(&state.db.pool, id).await? {
        let Some(version) = drafts::get_version(&state.db.pool, version_id).await? else { continue };
        if !version.is_published() || list.iter().any(|(d, _)| *d == version.draft_id) {
            continue;
        }
        if let Some(draft) = drafts::get_draft(&state.db.pool, version.draft_id).await? {
            list.push((draft.id, draft.title));
        }
    }
    let draft_id = q.draft.or_else(|| list.first().map(|d| d.0)).ok_or(AppError::NotFound)?;
    if !list.iter().any(|d| d.0 == draft_id) {
        return Err(AppError::NotFound);
    }
    let report =
        crate::synthesis::report::build_for(&state.db, id, draft_id, now_ms(), true).await.map_err(|e| {
            match e {
                crate::synthesis::report::ReportBuildError::NotFound => AppError::NotFound,
                crate::synthesis::report::ReportBuildError::Storage(e) => AppError::from(e),
            }
        })?;
    Ok(SynthesisPage {
        chrome,
        consultation,
        drafts: list,
        draft_id,
        report,
        title: duthao_reports::TITLE,
        columns: duthao_reports::COLUMNS,
    })
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn the_vietnamese_page_title_is_the_reports_own() {
        assert_eq!(Lang::Vi.t("pub-synthesis-title"), duthao_reports::TITLE);
    }
}
