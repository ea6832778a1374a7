//! The synthesis report ("Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý") of a
//! draft in a consultation: shown as a page and downloaded as DOCX, XLSX, CSV and,
//! with the `pdf` feature, PDF.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::Path;
use super::auth::AuthSession;
use super::editor::editor;
use super::limits::VQuery;
use super::{AppError, AppState, Chrome};
use crate::storage::{consultations, drafts, now_ms};
use crate::synthesis::report::{self, ReportBuildError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/consultations/{id}/report", get(report_page))
        .route("/editor/consultations/{id}/report/download", get(download))
}

#[derive(Debug, Deserialize)]
struct ReportQuery {
    draft: Option<String>,
    format: Option<String>,
}

/// The drafts consulted in a round: (id, title).
async fn consulted_drafts(state: &AppState, consultation_id: i64) -> Result<Vec<(i64, String)>, AppError> {
    let mut out: Vec<(i64, String)> = Vec::new();
    for version_id in consultations::version_ids(&state.db.pool, consultation_id).await? {
        let Some(version) = drafts::get_version(&state.db.pool, version_id).await? else { continue };
        if out.iter().any(|(id, _)| *id == version.draft_id) {
            continue;
        }
        if let Some(draft) = drafts::get_draft(&state.db.pool, version.draft_id).await? {
            out.push((draft.id, draft.title));
        }
    }
    Ok(out)
}

fn build_error(e: ReportBuildError) -> AppError {
    match e {
        ReportBuildError::NotFound => AppError::NotFound,
        ReportBuildError::Storage(e) => AppError::from(e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/report.html")]
struct ReportPage {
    chrome: Chrome,
    consultation_id: i64,
    drafts: Vec<(i64, String)>,
    draft_id: i64,
    report: duthao_reports::SynthesisReport,
    title: &'static str,
    columns: [&'static str; 5],
    pdf: bool,
}

async fn report_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<ReportQuery>,
) -> Result<ReportPage, AppError> {
    editor(&auth, &chrome)?;
    let drafts = consulted_drafts(&state, id).await?;
    let draft_id = q
        .draft
        .as_deref()
        .and_then(|d| d.parse::<i64>().ok())
        .or_else(|| drafts.first().map(|d| d.0))
        .ok_or(AppError::NotFound)?;
    if !drafts.iter().any(|d| d.0 == draft_id) {
        return Err(AppError::NotFound);
    }
    let report = report::build(&state.db, id, draft_id, now_ms()).await.map_err(build_error)?;
    Ok(ReportPage {
        chrome,
        consultation_id: id,
        drafts,
        draft_id,
        report,
        title: duthao_reports::TITLE,
        columns: duthao_reports::COLUMNS,
        pdf: PDF_BUILT_IN,
    })
}

async fn download(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<ReportQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let draft_id = q.draft.as_deref().and_then(|d| d.parse::<i64>().ok()).ok_or(AppError::NotFound)?;
    if !consulted_drafts(&state, id).await?.iter().any(|d| d.0 == draft_id) {
        return Err(AppError::NotFound);
    }
    let format = q.format.unwrap_or_else(|| "docx".to_owned());
    let report = report::build(&state.db, id, draft_id, now_ms()).await.map_err(build_error)?;
    let started = std::time::Instant::now();
    // Writing is CPU work (a report of 100,000 comments takes a few seconds).
    let written = tokio::task::spawn_blocking(move || write_report(&report, &format))
        .await
        .map_err(|e| AppError::Internal(format!("report task: {e}")))?;
    let (bytes, content_type, extension) = written
        .ok_or_else(|| {
            AppError::bad(
                "bad_format",
                chrome.t(if PDF_BUILT_IN { "ans-err-format-pdf" } else { "ans-err-format" }),
            )
        })?
        .map_err(|e| AppError::Internal(format!("report: {e}")))?;
    tracing::info!(
        consultation.id = id,
        draft.id = draft_id,
        format = extension,
        bytes = bytes.len(),
        ms = started.elapsed().as_millis() as u64,
        "synthesis report generated"
    );
    let disposition = format!("attachment; filename=\"bao-cao-tong-hop-du-thao-{draft_id}.{extension}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// Whether this build typesets PDF (the `pdf` cargo feature).
pub const PDF_BUILT_IN: bool = cfg!(feature = "pdf");

/// A written document: its bytes, content type and file extension, or why not.
pub(crate) type Written = Result<(Vec<u8>, &'static str, &'static str), String>;

/// The report in one format (`None`: no such format in this build).
pub(crate) fn write_report(report: &duthao_reports::SynthesisReport, format: &str) -> Option<Written> {
    let written = match format {
        "docx" => duthao_reports::synthesis_docx(report)
            .map(|b| (b, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"))
            .map_err(|e| e.to_string()),
        "xlsx" => duthao_reports::synthesis_xlsx(report)
            .map(|b| (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"))
            .map_err(|e| e.to_string()),
        "csv" => duthao_reports::synthesis_csv(report)
            .map(|b| (b, "text/csv; charset=utf-8", "csv"))
            .map_err(|e| e.to_string()),
        #[cfg(feature = "pdf")]
        "pdf" => duthao_pdf::synthesis_pdf(report)
            .map(|b| (b, "application/pdf", "pdf"))
            .map_err(|e| e.to_string()),
        _ => return None,
    };
    Some(written)
}
