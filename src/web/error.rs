//! Errors of the web layer.
//!
//! [`AppError`] answers HTML pages, [`ApiError`] the JSON API. Both give 4xx with a
//! message the user can act on (Vietnamese), and 500 with a reference number and no
//! internals; the internal cause is logged with the same number.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

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

    /// The `Retry-After` header the answer carries, if any.
    fn retry_after(&self) -> Option<(axum::http::HeaderName, String)> {
        match self {
            Self::TooMany { retry_after, .. } => {
                Some((axum::http::header::RETRY_AFTER, retry_after.max(&1).to_string()))
            }
            _ => None,
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::NotFound => {
                (StatusCode::NOT_FOUND, "not_found", "Không tìm thấy trang hoặc dữ liệu được yêu cầu.".into())
            }
            Self::SignInRequired { .. } => (
                StatusCode::UNAUTHORIZED,
                "sign_in_required",
                "Cần đăng nhập để thực hiện thao tác này.".into(),
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Tài khoản của bạn không có quyền thực hiện thao tác này.".into(),
            ),
            Self::BadInput { code, message } => (StatusCode::UNPROCESSABLE_ENTITY, code, message.clone()),
            Self::Conflict { code, message } => (StatusCode::CONFLICT, code, message.clone()),
            Self::TooMany { message, .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited", message.clone()),
            Self::Internal(cause) => {
                let reference = reference_number();
                tracing::error!(error.reference = %reference, error.cause = %cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    format!("Hệ thống gặp sự cố, vui lòng thử lại sau. Mã tham chiếu: {reference}."),
                )
            }
        }
    }
}

fn reference_number() -> String {
    format!("{:08X}", rand::random::<u32>())
}

impl From<StorageError> for AppError {
    fn from(e: StorageError) -> Self {
        Self::Internal(e.to_string())
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
    status: u16,
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::SignInRequired { next } = &self {
            let target = format!("/login?next={}", super::url_encode(next));
            return Redirect::to(&target).into_response();
        }
        let (status, _code, message) = self.parts();
        let page = ErrorPage { status: status.as_u16(), message };
        let response = match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, page.message).into_response(),
        };
        with_retry_after(response, self.retry_after())
    }
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
