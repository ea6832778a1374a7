//! A signed-in user's own account: changing the password, and signing out everywhere.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::auth::{AuthSession, User, hash_password, require_user, verify_password};
use super::limits::VForm;
use super::{AppError, AppState, Chrome};
use crate::domain::password;
use crate::storage::sign_in::{self, Gate, Policy};
use crate::storage::{now_ms, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/password", post(change_password))
        .route("/logout/everywhere", post(logout_everywhere))
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    chrome: Chrome,
    name: String,
    login: String,
    error: Option<String>,
    done: bool,
}

impl AccountPage {
    fn of(chrome: Chrome, user: &User) -> Self {
        Self { chrome, name: user.name.clone(), login: user.login.clone(), error: None, done: false }
    }
}

async fn account_page(chrome: Chrome, auth: AuthSession) -> Result<AccountPage, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    Ok(AccountPage::of(chrome, &user))
}

#[derive(Deserialize)]
struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// Changes the user's password after checking the current one (wrong ones count
/// towards the sign-in lockout like a failed sign-in). Every other session of the user
/// ends; this one is renewed.
async fn change_password(
    State(state): State<AppState>,
    chrome: Chrome,
    mut auth: AuthSession,
    super::limits::ClientAddress(peer): super::limits::ClientAddress,
    VForm(form): VForm<PasswordForm>,
) -> Result<Response, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let refuse = |chrome: Chrome, status: axum::http::StatusCode, message: String| {
        let page = AccountPage { error: Some(message), ..AccountPage::of(chrome, &user) };
        (status, page).into_response()
    };
    let policy = Policy::DEFAULT;
    let address = peer.map_or_else(|| "unknown".to_owned(), |p| p.to_string());
    let now = now_ms();
    if let Gate::LoginLocked { until } | Gate::AddressBlocked { until } =
        sign_in::attempt(&state.db, &policy, &user.login, &address, now).await?
    {
        let message = chrome.t1("pub-account-locked", "date", chrome.date_time(until));
        return Ok(refuse(chrome, axum::http::StatusCode::TOO_MANY_REQUESTS, message));
    }
    let row = users::get(&state.db.pool, user.id).await?.ok_or(AppError::NotFound)?;
    let (current, hash) = (form.current.clone(), row.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || verify_password(&current, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if !matches {
        sign_in::failed(&state.db, &policy, &user.login, now).await?;
        let message = chrome.t("pub-account-wrong-current");
        return Ok(refuse(chrome, axum::http::StatusCode::UNPROCESSABLE_ENTITY, message));
    }
    // The current password was right: the attempt is not a failure.
    sign_in::clear(&state.db.pool, &user.login).await?;
    let bad =
        |message: String| Ok(refuse(chrome.clone(), axum::http::StatusCode::UNPROCESSABLE_ENTITY, message));
    if duthao_text::nfc(&form.new) != duthao_text::nfc(&form.confirm) {
        return bad(chrome.t("pub-account-mismatch"));
    }
    if duthao_text::nfc(&form.new) == duthao_text::nfc(&form.current) {
        return bad(chrome.t("pub-account-same"));
    }
    if let Err(problem) = password::check(&user.login, &user.name, &form.new) {
        return bad(problem.message(chrome.lang));
    }
    let new = form.new;
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    users::change_password(&state.db, Some(user.id), user.id, &hash).await?;
    // This session was checked against the old hash: renew it with the new one.
    let renewed = axum_login::AuthnBackend::get_user(&auth.backend, &user.id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(renewed) = renewed {
        auth.login(&renewed).await.map_err(|e| AppError::Internal(e.to_string()))?;
    }
    tracing::info!(user.id = user.id, "password changed");
    Ok(AccountPage { done: true, ..AccountPage::of(chrome, &user) }.into_response())
}

/// Ends every session of the signed-in user, on every device and instance.
async fn logout_everywhere(
    State(state): State<AppState>,
    mut auth: AuthSession,
) -> Result<Redirect, AppError> {
    let user = require_user(&auth, "/")?;
    sign_in::end_all_sessions(&state.db, Some(user.id), user.id).await?;
    auth.logout().await.map_err(|e| AppError::Internal(e.to_string()))?;
    tracing::info!(user.id = user.id, "signed out everywhere");
    Ok(Redirect::to("/"))
}
