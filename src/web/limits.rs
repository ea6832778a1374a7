//! Request guards shared by several routes: the client's address and the strict form
//! extractor. (The comment rate limit is applied by intake, per consultation: see
//! `crate::intake::limiter`.)

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::{AppError, AppState, Chrome};

/// The address of the client that sent the request, when the server knows it (it
/// always does when served with connection info, as `duthao serve` is). Behind a
/// reverse proxy listed in `--trusted-proxies`, the address the proxy saw, from
/// `X-Forwarded-For`.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        Ok(Self(peer.map(|peer| client_address(peer, &parts.headers, &state.config.trusted_proxies))))
    }
}

/// The client's address: the peer, unless the peer is a trusted proxy; then the
/// rightmost `X-Forwarded-For` entry that is not a trusted proxy (entries further left
/// were written by the client and prove nothing). A malformed entry stops the walk at
/// the last address known good.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in entries.iter().rev() {
        match entry.parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => client = address,
            Ok(address) => return address,
            Err(_) => return client,
        }
    }
    client
}

/// Like `axum::Form`, but a body that is not valid UTF-8 (raw or percent-encoded) is
/// refused with a message in the reader's language instead of being read with
/// replacement characters, and every rejection is an [`AppError`].
#[derive(Debug)]
pub struct VForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for VForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let Ok(chrome) = Chrome::from_request_parts(&mut parts, state).await;
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::bad("body_too_large", chrome.t("pub-form-too-large"))
            } else {
                AppError::bad("bad_form", chrome.t("pub-form-unreadable"))
            }
        })?;
        if super::first_non_utf8(&bytes).is_some() {
            return Err(AppError::bad("invalid_utf8", chrome.t("pub-form-invalid-utf8")));
        }
        serde_urlencoded::from_bytes(&bytes).map(VForm).map_err(|e| {
            AppError::bad(
                "bad_form",
                chrome.t1(
                    "pub-form-invalid",
                    "what",
                    super::query_problem(chrome.lang, &e).unwrap_or_else(|| chrome.t("web-form-malformed")),
                ),
            )
        })
    }
}

/// Like `axum::extract::Query`, but a query string that cannot be read (a parameter
/// given twice, not text, not a number…) is refused with the app's page in the
/// reader's language naming what is wrong, instead of axum's English plain text.
#[derive(Debug)]
pub struct VQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for VQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Ok(chrome) = Chrome::from_request_parts(parts, state).await;
        super::read_query(chrome.lang, parts.uri.query()).map(VQuery).map_err(|what| {
            AppError::bad("invalid_query_string", chrome.t1("web-query-refused", "what", what))
        })
    }
}

/// Like `axum::extract::Multipart`, but a request that is not a file upload form (no
/// `multipart/form-data` content type, or no boundary) is refused in the reader's
/// language instead of axum's English plain text.
#[derive(Debug)]
pub struct VMultipart(pub axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for VMultipart {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let Ok(chrome) = Chrome::from_request_parts(&mut parts, state).await;
        let req = Request::from_parts(parts, body);
        axum::extract::Multipart::from_request(req, state)
            .await
            .map(VMultipart)
            .map_err(|_| AppError::bad("bad_upload", chrome.t("ed-upload-broken")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_trusted_proxy_is_believed_about_the_client() {
        let proxy: IpAddr = "10.0.0.5".parse().expect("ip");
        let client: IpAddr = "203.0.113.7".parse().expect("ip");
        let headers = |value: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-forwarded-for", value.parse().expect("header"));
            h
        };
        let trusted = [proxy];
        // Not behind a trusted proxy: the header is the client's own claim.
        assert_eq!(client_address(client, &headers("198.51.100.1"), &trusted), client);
        // Behind it: the address the proxy saw, not what the client wrote before it.
        assert_eq!(client_address(proxy, &headers("198.51.100.1, 203.0.113.7"), &trusted), client);
        assert_eq!(client_address(proxy, &headers("203.0.113.7, 10.0.0.5"), &trusted), client);
        assert_eq!(client_address(proxy, &headers("198.51.100.1, bad, 10.0.0.5"), &trusted), proxy);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &trusted), proxy);
        assert_eq!(
            client_address(proxy, &headers("2001:db8::1"), &trusted),
            "2001:db8::1".parse::<IpAddr>().expect("ip")
        );
    }

    #[test]
    fn forms_with_invalid_utf8_are_detected() {
        use super::super::first_non_utf8;
        assert_eq!(first_non_utf8(b"body=%C4%90i%E1%BB%81u+5&x=1"), None);
        assert_eq!(first_non_utf8(b"x=1&body=%FF%FE").as_deref(), Some("body"));
        assert_eq!(first_non_utf8(b"b%C3%B4dy=\xff").as_deref(), Some("b\u{f4}dy"));
        assert_eq!(first_non_utf8(b""), None);
        assert_eq!(first_non_utf8(b"a=1&&b=2&=&c"), None);
        assert_eq!(first_non_utf8(b"a=1&x+y%FF").as_deref(), Some("x y\u{fffd}"), "a name with no value");
        assert_eq!(first_non_utf8(b"q=%2B%E1%BB%81&r=%E1%BB").as_deref(), Some("r"));
        let long = format!("{}=%FF", "n".repeat(100));
        assert_eq!(first_non_utf8(long.as_bytes()).map(|n| n.chars().count()), Some(64));
    }
}
