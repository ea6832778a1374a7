//! Revisions for the editorial team: a version compared with the one before it (the
//! comparison table, bảng so sánh, with word-level differences and the answers that
//! caused each change), the editors' corrections of which provision continues which,
//! and the table as DOCX (and PDF with the `pdf` feature). Every route requires the
//! editor role.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use duthao_reports::{Mark, Span};
use serde::Deserialize;

use super::Path;
use super::auth::AuthSession;
use super::editor::{change_key, editor};
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome};
use crate::i18n::Lang;
use crate::revisions::{self, Change, Comparison, CorrectionError, Row};
use crate::storage::{dossiers, drafts, now_ms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/versions/{id}/changes", get(changes_page))
        .route("/editor/versions/{id}/links", post(correct_link))
        .route("/editor/versions/{id}/comparison", get(download))
        .route("/editor/versions/{id}/akoma-ntoso", get(akoma_ntoso))
}

#[derive(Debug, Deserialize)]
struct ChangesQuery {
    /// Show unchanged provisions too.
    all: Option<String>,
}

/// A piece of text as the page shows it.
struct PieceView {
    text: String,
    /// `del`, `ins` or empty.
    mark: &'static str,
}

struct RowView {
    index: usize,
    /// The key of the change's name.
    change: &'static str,
    change_code: &'static str,
    note: Option<crate::revisions::Note>,
    old_path: String,
    old: Vec<PieceView>,
    new_id: i64,
    new_path: String,
    new: Vec<PieceView>,
    answers: Vec<crate::revisions::AnswerLine>,
    accepted_unchanged: bool,
    by_editor: bool,
    comments: i64,
    unanswered: i64,
    /// Comments on a provision that is gone: (id, excerpt, answered).
    dropped: Vec<(i64, String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/changes.html")]
struct ChangesPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    version_id: i64,
    old_number: i64,
    new_number: i64,
    rows: Vec<RowView>,
    all: bool,
    total: usize,
    changed: usize,
    unmatched_new: Vec<(String, String)>,
    unmatched_old: Vec<(String, String)>,
    old_choices: Vec<(i64, String)>,
    /// The new version's provisions, for the correction form.
    new_choices: Vec<(i64, String)>,
    pdf: bool,
}

/// The key of the wording of a row's note.
fn note_key(kind: &crate::revisions::NoteKind) -> &'static str {
    match kind {
        crate::revisions::NoteKind::SplitFrom => "ed-changes-note-split",
        crate::revisions::NoteKind::MergedInto => "ed-changes-note-merged",
        crate::revisions::NoteKind::Was => "ed-changes-note-was",
    }
}

/// The two columns of a row as the page shows them.
fn sides(row: &Row) -> (Vec<PieceView>, Vec<PieceView>) {
    let view = |spans: Vec<Span>| -> Vec<PieceView> {
        spans
            .into_iter()
            .map(|s| PieceView {
                text: s.text,
                mark: match s.mark {
                    Mark::Removed => "del",
                    Mark::Added => "ins",
                    Mark::Plain => "",
                },
            })
            .collect()
    };
    let (old, new) = revisions::sides(row);
    (view(old), view(new))
}

async fn load(state: &AppState, lang: Lang, id: i64) -> Result<(drafts::VersionRow, Comparison), AppError> {
    let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let comparison = revisions::comparison(&state.db, &version)
        .await?
        .ok_or_else(|| AppError::bad("first_version", lang.t("ed-changes-first-version")))?;
    Ok((version, comparison))
}

async fn changes_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<ChangesQuery>,
) -> Result<ChangesPage, AppError> {
    editor(&auth, &chrome)?;
    let (version, comparison) = load(&state, chrome.lang, id).await?;
    let draft = drafts::get_draft(&state.db.pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
    let all = q.all.is_some();
    let side_list = |rows: Vec<&Row>, new: bool| -> Vec<(String, String)> {
        rows.into_iter()
            .filter_map(|r| if new { r.new.as_ref() } else { r.old.as_ref() })
            .map(|s| (s.path.clone(), s.text.clone()))
            .collect()
    };
    let unmatched_new = side_list(comparison.unmatched_new(), true);
    let unmatched_old = side_list(comparison.unmatched_old(), false);
    let rows = comparison
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| all || r.change != Change::Unchanged || r.accepted_unchanged)
        .map(|(i, r)| {
            let (old, new) = sides(r);
            RowView {
                index: i + 1,
                change: change_key(r.change),
                change_code: r.change.code(),
                note: r.note.clone(),
                old_path: r.old.as_ref().map(|s| s.path.clone()).unwrap_or_default(),
                old,
                new_id: r.new.as_ref().map_or(0, |s| s.id),
                new_path: r.new.as_ref().map(|s| s.path.clone()).unwrap_or_default(),
                new,
                answers: r.answers.clone(),
                accepted_unchanged: r.accepted_unchanged,
                by_editor: r.by_editor,
                comments: r.comments,
                unanswered: r.unanswered,
                dropped: r
                    .dropped_comments
                    .iter()
                    .map(|c| (c.id, super::editor::excerpt(&c.body, 160), c.answered == 1))
                    .collect(),
            }
        })
        .collect();
    Ok(ChangesPage {
        chrome,
        draft,
        version_id: id,
        old_number: comparison.old_version.number,
        new_number: comparison.new_version.number,
        total: comparison.rows.len(),
        changed: comparison.changed(),
        rows,
        all,
        unmatched_new,
        unmatched_old,
        new_choices: comparison
            .rows
            .iter()
            .filter_map(|r| r.new.as_ref().map(|s| (s.id, s.path.clone())))
            .collect(),
        old_choices: comparison.old_choices,
        pdf: super::report::PDF_BUILT_IN,
    })
}

async fn correct_link(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, version.draft_id).await?;
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned());
    let new_id = field("new")
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(|| AppError::bad("bad_provision", chrome.t("ed-changes-missing-new")))?;
    let old_id = match field("old").as_deref() {
        None | Some("") => None,
        Some(v) => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::bad("bad_provision", chrome.t1("ed-changes-bad-old", "value", v)))?,
        ),
    };
    revisions::correct(&state.db, user.id, &version, new_id, old_id).await.map_err(|e| match e {
        CorrectionError::Storage(e) => AppError::from(e),
        CorrectionError::FirstVersion => {
            AppError::bad("bad_correction", chrome.t("ed-changes-correction-first"))
        }
        CorrectionError::NotInVersion => {
            AppError::bad("bad_correction", chrome.t("ed-changes-correction-not-in-version"))
        }
    })?;
    tracing::info!(version.id = id, provision.id = new_id, continues = ?old_id, "lineage corrected by an editor");
    Ok(Redirect::to(&format!("/editor/versions/{id}/changes?all=1#n-{new_id}")))
}

#[derive(Debug, Deserialize)]
struct DownloadQuery {
    format: Option<String>,
}

async fn download(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<DownloadQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let (version, comparison) = load(&state, chrome.lang, id).await?;
    let draft = drafts::get_draft(&state.db.pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
    let issuing_body = dossiers::get(&state.db.pool, draft.dossier_id)
        .await?
        .map(|d| d.drafting_org_name)
        .unwrap_or_default();
    let document = revisions::comparison_report(&comparison, &draft, issuing_body, now_ms());
    let format = q.format.unwrap_or_else(|| "docx".to_owned());
    let written = tokio::task::spawn_blocking(move || -> Option<super::report::Written> {
        match format.as_str() {
            "docx" => Some(
                duthao_reports::comparison_docx(&document)
                    .map(|b| {
                        (b, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
                    })
                    .map_err(|e| e.to_string()),
            ),
            #[cfg(feature = "pdf")]
            "pdf" => Some(
                duthao_pdf::comparison_pdf(&document)
                    .map(|b| (b, "application/pdf", "pdf"))
                    .map_err(|e| e.to_string()),
            ),
            _ => None,
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("comparison task: {e}")))?;
    let (bytes, content_type, extension) = written
        .ok_or_else(|| {
            AppError::bad(
                "bad_format",
                chrome.t(if super::report::PDF_BUILT_IN {
                    "ed-changes-bad-format-pdf"
                } else {
                    "ed-changes-bad-format"
                }),
            )
        })?
        .map_err(|e| AppError::Internal(format!("comparison: {e}")))?;
    let disposition = format!(
        "attachment; filename=\"bang-so-sanh-du-thao-{}-lan-{}.{extension}\"",
        draft.id, comparison.new_version.number
    );
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

/// The version as Akoma Ntoso XML (uploading the file again makes the same version).
async fn akoma_ntoso(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let draft = drafts::get_draft(&state.db.pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
    let author = dossiers::get(&state.db.pool, draft.dossier_id)
        .await?
        .map(|d| d.drafting_org_name)
        .unwrap_or_default();
    let rows = drafts::provisions(&state.db.pool, id).await?;
    let document = crate::drafting::document_of(Some(draft.title.clone()), &version.preamble, &rows);
    let identification = duthao_structure::akoma::Identification {
        name: draft.kind.clone(),
        work: format!("d{}", draft.id),
        version: version.number,
        date: crate::domain::vntime::iso_date(version.created_at),
        author,
    };
    let xml = duthao_structure::akoma::to_akoma_ntoso(&document, &identification);
    let disposition = format!("attachment; filename=\"du-thao-{}-lan-{}.akn.xml\"", draft.id, version.number);
    Ok((
        [
            (header::CONTENT_TYPE, "application/akn+xml; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        xml,
    )
        .into_response())
}
