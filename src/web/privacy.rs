//! Personal data of commenters, for the admin: find it, export it, erase it. Erasing
//! removes the name and e-mail from the person's comments; their text stays in the
//! record (and in the audit trail, which never held the personal data).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::admin::admin;
use super::auth::AuthSession;
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome, url_encode};
use crate::domain::vntime;
use crate::storage::comments::{self, CommentRow, Person};
use crate::storage::{dialect, now_ms, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/personal-data", get(page))
        .route("/admin/personal-data/export", get(export))
        .route("/admin/personal-data/erase", post(erase))
}

/// An e-mail (it has an `@`) or the login of an account.
async fn person(state: &AppState, chrome: &Chrome, typed: &str) -> Result<Person, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(AppError::bad("no_person", chrome.t("pub-privacy-missing")));
    }
    if typed.contains('@') {
        return Ok(Person::Email(typed.to_owned()));
    }
    let user = users::by_login(&state.db.pool, &typed.to_lowercase())
        .await?
        .ok_or_else(|| AppError::bad("unknown_person", chrome.t1("pub-privacy-unknown", "name", typed)))?;
    Ok(Person::User(user.id))
}

struct RowView {
    receipt: String,
    received_at: i64,
    name: String,
    email: String,
    draft: String,
    /// The provision's label; `None` for a comment on the whole draft.
    provision: Option<String>,
    excerpt: String,
}

impl RowView {
    fn of(row: &CommentRow) -> Self {
        let excerpt: String = row.body.chars().take(160).collect();
        Self {
            receipt: row.receipt_code.clone(),
            received_at: row.created_at,
            name: row.author_name.clone().unwrap_or_default(),
            email: row.author_email.clone().unwrap_or_default(),
            draft: row.draft_title.clone(),
            provision: row.provision_label.clone(),
            excerpt: if excerpt.len() < row.body.len() { format!("{excerpt}…") } else { excerpt },
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/personal_data.html")]
struct Page {
    chrome: Chrome,
    person: String,
    person_query: String,
    searched: bool,
    rows: Vec<RowView>,
    /// How many rows, for the messages that count them.
    count: i64,
    error: Option<String>,
    erased: Option<i64>,
}

#[derive(Deserialize)]
struct PersonQuery {
    person: Option<String>,
    erased: Option<i64>,
}

async fn page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VQuery(q): VQuery<PersonQuery>,
) -> Result<Response, AppError> {
    admin(&auth, &chrome)?;
    let typed = q.person.unwrap_or_default().trim().to_owned();
    let mut page = Page {
        chrome,
        person_query: url_encode(&typed),
        person: typed.clone(),
        searched: false,
        rows: Vec::new(),
        count: 0,
        error: None,
        erased: q.erased,
    };
    if typed.is_empty() {
        return Ok(page.into_response());
    }
    match person(&state, &page.chrome, &typed).await {
        Ok(p) => {
            page.rows = comments::of_person(&state.db, &p).await?.iter().map(RowView::of).collect();
            page.count = i64::try_from(page.rows.len()).unwrap_or(i64::MAX);
            page.searched = true;
            Ok(page.into_response())
        }
        Err(AppError::BadInput { message, .. }) => {
            page.error = Some(message);
            Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The person's personal data and the comments that carry it, as JSON (audited: who
/// exported whose data, without the data).
async fn export(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VQuery(q): VQuery<PersonQuery>,
) -> Result<Response, AppError> {
    let me = admin(&auth, &chrome)?;
    let typed = q.person.unwrap_or_default();
    let p = person(&state, &chrome, &typed).await?;
    let rows = comments::of_person(&state.db, &p).await?;
    let listed: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "receipt": r.receipt_code,
                "received_at": vntime::date_time(r.created_at),
                "draft": r.draft_title,
                "provision": r.provision_label,
                "author_name": r.author_name,
                "author_email": r.author_email,
                "organisation": r.organisation_name,
                "channel": r.channel,
                "quote": r.quote,
                "text": r.body,
            })
        })
        .collect();
    let body = serde_json::json!({
        "person": typed.trim(),
        "exported_at": vntime::date_time(now_ms()),
        "comments": listed,
    });
    let mut tx = dialect::begin_write(&state.db.pool).await.map_err(crate::storage::StorageError::from)?;
    crate::storage::audit::record(
        &mut tx,
        state.db.dialect,
        Some(me.id),
        "personal_data.exported",
        &p.audit_subject(),
        &serde_json::json!({ "comments": rows.len() }),
    )
    .await?;
    tx.commit().await.map_err(crate::storage::StorageError::from)?;
    let json = serde_json::to_vec_pretty(&body).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"du-lieu-ca-nhan.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json,
    )
        .into_response())
}

#[derive(Deserialize)]
struct EraseForm {
    person: String,
    confirm: Option<String>,
}

async fn erase(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(form): VForm<EraseForm>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    if form.confirm.as_deref() != Some("yes") {
        return Err(AppError::bad("not_confirmed", chrome.t("pub-privacy-not-confirmed")));
    }
    let p = person(&state, &chrome, &form.person).await?;
    let changed = comments::erase_person(&state.db, me.id, &p).await?;
    tracing::info!(comments = changed, by = me.id, "personal data erased");
    Ok(Redirect::to(&format!(
        "/admin/personal-data?person={}&erased={changed}",
        url_encode(form.person.trim())
    )))
}
