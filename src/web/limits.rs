//! Request guards shared by several routes: the rate limit on comments and the strict
//! form extractor.
//!
//! The rate limit keeps one bucket per signed-in user, and one per client address
//! for anonymous commenters. Buckets live in the instance's memory: with several
//! instances behind a load balancer each instance limits on its own.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use tower_governor::GovernorError;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

use super::AppError;
use super::auth::AuthSession;

/// The bucket a comment counts against: the user if signed in, else the address.
#[derive(Debug, Clone, Copy)]
pub struct CommenterKey;

impl KeyExtractor for CommenterKey {
    type Key = String;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<String, GovernorError> {
        if let Some(user) = req.extensions().get::<AuthSession>().and_then(|s| s.user.as_ref()) {
            return Ok(format!("u:{}", user.id));
        }
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| format!("ip:{}", addr.ip()))
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

/// Puts the comment rate limit on `routes`: `per_minute` comments per minute, all of
/// them usable at once; 0 means no limit (load tests, or a proxy that limits).
/// `json` chooses the API's error format.
pub fn limit_comments<S: Clone + Send + Sync + 'static>(
    routes: Router<S>,
    per_minute: u32,
    json: bool,
) -> Router<S> {
    if per_minute == 0 {
        return routes;
    }
    let refill_ms = (60_000 / u64::from(per_minute)).max(1);
    let config = GovernorConfigBuilder::default()
        .key_extractor(CommenterKey)
        .per_millisecond(refill_ms)
        .burst_size(per_minute)
        .finish();
    match config {
        Some(config) => {
            routes.layer(GovernorLayer::new(Arc::new(config)).error_handler(move |e| too_many(e, json)))
        }
        None => routes,
    }
}

/// The answer when the limit is reached, in Vietnamese, as HTML or JSON.
fn too_many(error: GovernorError, json: bool) -> Response<Body> {
    let (status, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => (StatusCode::TOO_MANY_REQUESTS, wait_time),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, 0),
    };
    let message = format!(
        "Bạn đã gửi quá nhiều góp ý trong thời gian ngắn. Vui lòng thử lại sau {} giây.",
        wait.max(1)
    );
    let mut response = if json {
        super::ApiError(AppError::bad("rate_limited", message)).into_response()
    } else {
        AppError::bad("rate_limited", message).into_response()
    };
    *response.status_mut() = status;
    if let Ok(value) = wait.max(1).to_string().parse() {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Like `axum::Form`, but a body that is not valid UTF-8 (raw or percent-encoded) is
/// refused with a Vietnamese message instead of being read with replacement
/// characters, and every rejection is an [`AppError`].
#[derive(Debug)]
pub struct VForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for VForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::bad("body_too_large", "Dữ liệu gửi lên vượt giới hạn cho phép.")
            } else {
                AppError::bad("bad_form", "Không đọc được dữ liệu biểu mẫu.")
            }
        })?;
        if !is_utf8_form(&bytes) {
            return Err(AppError::bad(
                "invalid_utf8",
                "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ; vui lòng nhập lại nội dung.",
            ));
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(VForm)
            .map_err(|e| AppError::bad("bad_form", format!("Dữ liệu biểu mẫu không hợp lệ: {e}")))
    }
}

/// Whether every name and value of an `application/x-www-form-urlencoded` body decodes
/// to UTF-8.
fn is_utf8_form(body: &[u8]) -> bool {
    body.split(|b| *b == b'&').all(|pair| {
        let plus_as_space: Vec<u8> = pair.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        percent_encoding::percent_decode(&plus_as_space).decode_utf8().is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_with_invalid_utf8_are_detected() {
        assert!(is_utf8_form(b"body=%C4%90i%E1%BB%81u+5&x=1"));
        assert!(!is_utf8_form(b"body=%FF%FE"));
        assert!(!is_utf8_form(b"body=\xff"));
        assert!(is_utf8_form(b""));
    }
}
