//! Errors of the web layer.
//!
//! [`AppError`] answers HTML pages, [`ApiError`] the JSON API. Both give 4xx with a
//! message the user can act on, and 500 with a reference number and no internals; the
//! internal cause is logged with the same number. An HTML error page is drawn in the
//! reader's language and inside the site's frame by [`localise`]; the API speaks
//! Vietnamese, with a stable `code` for programs.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use axum::extract::Request;
use axum::middleware::Next;

use super::Chrome;
use crate::i18n::Lang;
use crate::storage::StorageError;

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// Not signed in: go to the sign-in page and come back.
    SignInRequired {
        next: String,
    },
    Forbidden,
    /// Input the user can fix; `code` is stable for the API.
    BadInput {
        code: &'static str,
        message: String,
    },
    /// The request is valid but the state refuses it (closed consultation…).
    Conflict {
        code: &'static str,
        message: String,
    },
    /// A refusal said in the reader's language: an HTML page draws `said` in the
    /// language of the request, the API in Vietnamese.
    Said {
        status: StatusCode,
        code: &'static str,
        said: Said,
    },
    /// Too many requests: wait `retry_after` seconds (sent as `Retry-After`).
    TooMany {
        message: String,
        retry_after: u64,
    },
    Internal(String),
}

impl AppError {
    pub fn bad(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadInput { code, message: message.into() }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict { code, message: message.into() }
    }

    /// A conflict whose message is the interface text `key` with `args`, said in the
    /// language of whoever reads it.
    pub fn conflict_said(code: &'static str, said: Said) -> Self {
        Self::Said { status: StatusCode::CONFLICT, code, said }
    }

    /// A refusal of what the user sent, which a page may show beside their input:
    /// its status, its message in `lang` and the seconds to wait, if any. `None` for
    /// what is not about the input (not found, not allowed, an internal error).
    pub fn refusal(&self, lang: Lang) -> Option<(StatusCode, String, Option<u64>)> {
        match self {
            Self::BadInput { .. } | Self::Conflict { .. } => {
                let (status, _, message) = self.parts();
                Some((status, message, None))
            }
            Self::Said { status, said, .. } => Some((*status, said.text(lang), None)),
            Self::TooMany { message, retry_after } => {
                Some((StatusCode::TOO_MANY_REQUESTS, message.clone(), Some(*retry_after)))
            }
            Self::NotFound | Self::SignInRequired { .. } | Self::Forbidden | Self::Internal(_) => None,
        }
    }

    /// The `Retry-After` header the answer carries, if any.
    fn retry_after(&self) -> Option<(axum::http::HeaderName, String)> {
        match self {
            Self::TooMany { retry_after, .. } => {
                Some((axum::http::header::RETRY_AFTER, retry_after.max(&1).to_string()))
            }
            _ => None,
        }
    }

    /// The message of the errors that carry no text of their own, in `lang`; `None`
    /// for those that do.
    fn generic_message(&self, lang: Lang) -> Option<String> {
        match self {
            Self::NotFound => Some(lang.t("error-not-found")),
            Self::SignInRequired { .. } => Some(lang.t("error-sign-in-required")),
            Self::Forbidden => Some(lang.t("error-forbidden")),
            _ => None,
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::NotFound => (StatusCode::NOT_FOUND, "not_found", self.vi()),
            Self::SignInRequired { .. } => (StatusCode::UNAUTHORIZED, "sign_in_required", self.vi()),
            Self::Forbidden => (StatusCode::FORBIDDEN, "forbidden", self.vi()),
            Self::BadInput { code, message } => (StatusCode::UNPROCESSABLE_ENTITY, code, message.clone()),
            Self::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            Self::Said { status, code, said } => (*status, code, said.text(Lang::Vi)),
            Self::TooMany { message, .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", message.clone()),
            Self::Internal(cause) => {
                let reference = reference_number();
                tracing::error!(error.reference = %reference, error.cause = %cause, "internal error");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", reference)
            }
        }
    }

    fn vi(&self) -> String {
        self.generic_message(Lang::Vi).unwrap_or_default()
    }
}

/// The message of a 500 with its reference number, in `lang`.
fn internal_message(lang: Lang, reference: &str) -> String {
    lang.t_args("error-internal", &[("code", reference)])
}

fn reference_number() -> String {
    format!("{:08X}", rand::random::<u32>())
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::Submitted(_) => {
                Self::conflict_said("dossier_submitted", Said::new("pub-intake-submitted"))
            }
            e => Self::Internal(e.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("template: {e}"))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    message: String,
}

/// An argument of a [`Said`] message.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    /// A moment, written as a long date in the reader's language.
    LongDate(i64),
}

/// Interface text to be said in the reader's language: a Fluent key and its arguments.
#[derive(Debug, Clone)]
pub struct Said {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Said {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, arg: Arg) -> Self {
        self.args.push((name, arg));
        self
    }

    pub fn text(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Text(t) => t.clone(),
                    Arg::LongDate(ms) => lang.long_date(*ms),
                };
                (*name, value)
            })
            .collect();
        let borrowed: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        lang.t_args(self.key, &borrowed)
    }
}

/// What an error page says, kept on the response for [`localise`].
#[derive(Debug, Clone)]
struct ErrorDetail {
    status: StatusCode,
    message: Message,
}

#[derive(Debug, Clone)]
enum Message {
    /// Text the error carries (in the reader's language where the handler knew it).
    Text(String),
    /// Interface text.
    Said(Said),
    /// A 500, with its reference number.
    Internal(String),
}

impl ErrorDetail {
    fn message(&self, lang: Lang) -> String {
        match &self.message {
            Message::Text(text) => text.clone(),
            Message::Said(said) => said.text(lang),
            Message::Internal(reference) => internal_message(lang, reference),
        }
    }

    fn page(&self, chrome: Chrome) -> Response {
        let message = self.message(chrome.lang);
        let page = ErrorPage { chrome, status: self.status.as_u16(), message };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, page.message).into_response(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::SignInRequired { next } = &self {
            let target = format!("/login?next={}", super::url_encode(next));
            return Redirect::to(&target).into_response();
        }
        let (status, _code, text) = self.parts();
        let message = match &self {
            Self::NotFound => Message::Said(Said::new("error-not-found")),
            Self::Forbidden => Message::Said(Said::new("error-forbidden")),
            Self::Internal(_) => Message::Internal(text),
            Self::Said { said, .. } => Message::Said(said.clone()),
            _ => Message::Text(text),
        };
        let detail = ErrorDetail { status, message };
        // Vietnamese and without the visitor's menu until `localise` redraws it.
        let mut response = detail.page(Chrome::plain());
        response.extensions_mut().insert(detail);
        with_retry_after(response, self.retry_after())
    }
}

/// Redraws an HTML error page in the reader's language, inside the frame they see on
/// every other page (their name, the menu, the language switch).
pub async fn localise(chrome: Chrome, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let Some(detail) = response.extensions_mut().remove::<ErrorDetail>() else {
        return response;
    };
    let headers = std::mem::take(response.headers_mut());
    let mut page = detail.page(chrome);
    for (name, value) in &headers {
        if name != axum::http::header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    page
}

/// The JSON API's error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        Self(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.0.parts();
        let message = match &self.0 {
            AppError::Internal(_) => internal_message(Lang::Vi, &message),
            _ => message,
        };
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        with_retry_after((status, Json(body)).into_response(), self.0.retry_after())
    }
}

fn with_retry_after(mut response: Response, header: Option<(axum::http::HeaderName, String)>) -> Response {
    if let Some((name, value)) = header
        && let Ok(value) = value.parse()
    {
        response.headers_mut().insert(name, value);
    }
    response
}
