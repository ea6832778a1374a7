//! Request guards shared by several routes: the client's address and the strict form
//! extractor. (The comment rate limit is applied by intake, per consultation: see
//! `crate::intake::limiter`.)

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::AppError;

/// The address of the client that sent the request, when the server knows it (it
/// always does when served with connection info, as `duthao serve` is).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip())))
    }
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
