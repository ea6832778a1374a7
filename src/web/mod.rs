//! The web interface: server-rendered pages, the JSON API and static assets.
//!
//! One `router()` per feature module, merged here. Handlers parse input, call storage
//! or the domain, and render; no SQL here.

pub mod access;
pub mod account;
pub mod admin;
pub mod answers;
pub mod api;
pub mod assets;
pub mod auth;
pub mod cache;
pub mod catalogs;
pub mod conference;
pub mod editor;
pub mod error;
pub mod groups;
pub mod imports;
pub mod letters;
pub mod limits;
pub mod moderation;
pub mod ops;
pub mod privacy;
pub mod public;
pub mod report;
pub mod revisions;
pub mod schedule;
pub mod search;
pub mod statistics;
pub mod submission;
pub mod views;

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use axum_login::AuthManagerLayerBuilder;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::config::Config;
use crate::storage::Db;
use crate::storage::sessions::DbSessionStore;
pub use error::{ApiError, AppError};

/// Shared state of every handler: one pointer, so that the clones axum makes for
/// every request (of the route, of each middleware and extractor) cost one atomic
/// increment instead of one per field (measured: cloning and dropping the state
/// field by field was 5.6 % of the server's CPU under `bench intake`).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] points to.
pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub intake: Arc<crate::intake::Intake>,
    pub views: Arc<views::ViewCounter>,
    pub cache: Arc<cache::ReadCache>,
    pub search: Arc<crate::search::SearchIndex>,
    pub grouping: Arc<crate::synthesis::grouping::Grouping>,
    pub live: Arc<crate::live::LiveHub>,
}

/// The whole application as one service, as the server runs it.
pub type App = tower::util::BoxCloneSyncService<axum::extract::Request, axum::response::Response, Infallible>;

/// Assembles the whole application: the routes, and around them, once, the layers
/// every request passes through.
///
/// The layers wrap the router as one stack instead of being added with
/// `Router::layer`, which wraps every route on its own: the router clones the route
/// it calls for each request, and with a dozen layers that clone was a dozen nested
/// boxed services, allocated and dropped per request (measured under `bench intake`:
/// about a tenth of the server's CPU). Only the layers that need the matched route
/// (access control, error pages, metrics) stay on the routes.
pub fn app(state: AppState) -> App {
    let secure = state.config.secure_cookies;
    let max_body = state.config.max_body_bytes;
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.pool.clone()))
        .with_name("duthao_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(12)));
    let auth = AuthManagerLayerBuilder::new(auth::Backend::new(state.db.pool.clone()), sessions).build();
    // Outermost first: a request meets them top to bottom, its response bottom to top.
    let stack = tower::ServiceBuilder::new()
        .map_response(IntoResponse::into_response)
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(ops::RandomRequestId))
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(ops::request_span)
                .on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(tower_http::csrf::CsrfLayer::new())
        .layer(axum::extract::DefaultBodyLimit::max(max_body))
        .layer(auth)
        .service(routes(state));
    tower::util::BoxCloneSyncService::new(stack)
}

/// Every route, with the layers that need to know which route matched.
fn routes(state: AppState) -> Router {
    Router::new()
        .merge(public::router())
        .merge(account::router())
        .merge(public::comment_routes())
        .merge(moderation::router())
        .merge(editor::router())
        .merge(search::router())
        .merge(groups::router())
        .merge(answers::router())
        .merge(report::router())
        .merge(revisions::router())
        .merge(catalogs::router())
        .merge(schedule::router())
        .merge(conference::router())
        .merge(submission::router())
        .merge(statistics::router())
        .merge(letters::router())
        .merge(imports::router())
        .merge(admin::router())
        .merge(privacy::router())
        .nest("/api/v1", api::router())
        .merge(assets::router())
        .merge(ops::router())
        .route_layer(axum::middleware::from_fn(access::enforce))
        .layer(axum::middleware::from_fn(error::localise))
        .layer(axum::middleware::from_fn(ops::track))
        .with_state(state)
}

/// What every page's frame needs: who is signed in, the font size, the current path.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub user: Option<ChromeUser>,
    pub font_size: &'static str,
    pub path: String,
    /// The interface language: the reader's choice, else their browser's.
    pub lang: crate::i18n::Lang,
}

/// A whole number as templates hand it over: `i64` or `usize`, by value or through
/// the references askama adds.
pub trait Whole {
    fn whole(&self) -> i64;
}

impl Whole for i64 {
    fn whole(&self) -> i64 {
        *self
    }
}

impl Whole for i32 {
    fn whole(&self) -> i64 {
        i64::from(*self)
    }
}

impl Whole for usize {
    fn whole(&self) -> i64 {
        i64::try_from(*self).unwrap_or(i64::MAX)
    }
}

impl<T: Whole + ?Sized> Whole for &T {
    fn whole(&self) -> i64 {
        (**self).whole()
    }
}

impl Chrome {
    /// Interface text in the reader's language (templates: `{{ chrome.t("key") }}`).
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    /// Interface text with one number.
    pub fn t_n(&self, key: &str, name: &str, n: impl Whole) -> String {
        self.lang.t_n(key, name, n.whole())
    }

    /// Interface text with one named argument (`{ $name }` in the file): a number
    /// (written for the language) or text.
    pub fn t1(&self, key: &str, name: &str, value: impl crate::i18n::ToArg) -> String {
        self.lang.t_values(key, &[(name, value.to_arg())])
    }

    /// Interface text with two named arguments.
    pub fn t2(
        &self,
        key: &str,
        name1: &str,
        value1: impl crate::i18n::ToArg,
        name2: &str,
        value2: impl crate::i18n::ToArg,
    ) -> String {
        self.lang.t_values(key, &[(name1, value1.to_arg()), (name2, value2.to_arg())])
    }

    /// The interface name of a coded value: a channel, a disposition, a role…
    pub fn label(&self, value: &impl crate::i18n::Label) -> String {
        self.lang.label(value)
    }

    /// A count with the language's thousands separator.
    pub fn number(&self, n: impl Whole) -> String {
        self.lang.number(n.whole())
    }

    /// "30/11/2026" or "30 Nov 2026".
    pub fn short_date(&self, ms: impl std::borrow::Borrow<i64>) -> String {
        self.lang.short_date(*ms.borrow())
    }

    /// "14:05 30/11/2026" or "14:05, 30 Nov 2026".
    pub fn date_time(&self, ms: impl Whole) -> String {
        self.lang.date_time(ms.whole())
    }

    /// "Thứ hai, ngày 30/11/2026" or "Monday, 30 November 2026".
    pub fn long_date(&self, ms: impl std::borrow::Borrow<i64>) -> String {
        self.lang.long_date(*ms.borrow())
    }
}

#[derive(Debug, Clone)]
pub struct ChromeUser {
    pub name: String,
    pub organisation: Option<String>,
    /// Editors and lead editors: the editorial pages.
    pub is_editor: bool,
    pub is_admin: bool,
    /// Editors, and representatives on behalf of their organisation: comment letters.
    pub sends_letters: bool,
}

/// A page's path parameters, as axum's `Path`, except that a value that does not parse
/// (`/dossiers/abc`) is the page-not-found page in the reader's language instead of
/// axum's English plain text naming a Rust type.
pub(crate) struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: serde::de::DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        use axum::extract::rejection::PathRejection;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            Err(other) => Err(AppError::Internal(other.to_string())),
        }
    }
}

impl Chrome {
    /// The frame of a page drawn outside any request: Vietnamese, nobody signed in.
    pub fn plain() -> Self {
        Self { user: None, font_size: "normal", path: "/".to_owned(), lang: crate::i18n::Lang::Vi }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Chrome {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let user =
            parts.extensions.get::<auth::AuthSession>().and_then(|s| s.user.clone()).map(|u| ChromeUser {
                is_editor: u.has(crate::domain::Role::Editor),
                is_admin: u.has(crate::domain::Role::Admin),
                sends_letters: u.has(crate::domain::Role::Editor) || u.represents_organisation().is_some(),
                name: u.name,
                organisation: u.organisation_name,
            });
        let font_size = match cookie(parts, "duthao_fs").as_deref() {
            Some("small") => "small",
            Some("large") => "large",
            _ => "normal",
        };
        let path = parts.uri.path_and_query().map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned());
        let lang =
            cookie(parts, "duthao_lang").as_deref().and_then(crate::i18n::Lang::parse).unwrap_or_else(|| {
                crate::i18n::Lang::negotiate(
                    parts
                        .headers
                        .get(header::ACCEPT_LANGUAGE)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default(),
                )
            });
        Ok(Self { user, font_size, path, lang })
    }
}

/// The value of a cookie sent with the request.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The trimmed value of the first field `name` of a form read as pairs (empty when
/// absent).
pub fn form_field(form: &[(String, String)], name: &str) -> String {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
}

/// What is wrong with a query string or form the decoder refused, in `lang`: a
/// parameter given twice, one not known or one missing, a value that is not a number,
/// a boolean or one of the choices (the decoder's own words are English and name
/// Rust's types); `None` for anything else.
pub(crate) fn query_problem(lang: crate::i18n::Lang, e: &serde_urlencoded::de::Error) -> Option<String> {
    let text = e.to_string();
    let named =
        |prefix: &str| text.strip_prefix(prefix).and_then(|rest| rest.split('`').next()).map(str::to_owned);
    if let Some(name) = named("duplicate field `") {
        return Some(lang.t_args("web-query-duplicate", &[("name", &name)]));
    }
    if let Some(name) = named("missing field `") {
        return Some(lang.t_args("web-query-missing", &[("name", &name)]));
    }
    if let Some(value) = named("unknown variant `") {
        let value: String = value.chars().take(64).collect();
        return Some(lang.t_args("web-query-bad-value", &[("value", &value)]));
    }
    // The standard library's words for an integer that does not parse.
    const NOT_A_NUMBER: [&str; 5] = [
        "invalid digit found in string",
        "cannot parse integer from empty string",
        "number too large to fit in target type",
        "number too small to fit in target type",
        "invalid float literal",
    ];
    if NOT_A_NUMBER.contains(&text.as_str()) {
        return Some(lang.t("web-query-not-a-number"));
    }
    if text.contains("was not `true` or `false`") {
        return Some(lang.t("web-query-not-boolean"));
    }
    named("unknown field `").map(|name| lang.t_args("web-query-unknown", &[("name", &name)]))
}

/// The name of the first parameter of a query string or form whose name or value is not
/// UTF-8 once percent-decoded (`%FF%FE`), lossily decoded; `None` when all are text.
pub(crate) fn first_non_utf8(body: &[u8]) -> Option<String> {
    body.split(|b| *b == b'&').find_map(|pair| {
        let plus_as_space: Vec<u8> = pair.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
        if percent_encoding::percent_decode(&plus_as_space).decode_utf8().is_ok() {
            return None;
        }
        let name = plus_as_space.split(|b| *b == b'=').next().unwrap_or_default();
        // The name comes from the request: what is echoed back stays short.
        Some(percent_encoding::percent_decode(name).decode_utf8_lossy().chars().take(64).collect())
    })
}

/// Reads the parameters of a query string, or says in `lang` what is wrong with it: a
/// parameter that is not text (named; the decoder would have read it as replacement
/// characters), one given twice or one not known.
pub(crate) fn read_query<T: serde::de::DeserializeOwned>(
    lang: crate::i18n::Lang,
    raw: Option<&str>,
) -> Result<T, String> {
    let raw = raw.unwrap_or("");
    if let Some(name) = first_non_utf8(raw.as_bytes()) {
        return Err(if name.trim().is_empty() {
            lang.t("web-query-unreadable")
        } else {
            lang.t_args("web-query-not-utf8", &[("name", &name)])
        });
    }
    serde_urlencoded::from_str(raw)
        .map_err(|e| query_problem(lang, &e).unwrap_or_else(|| lang.t("web-query-unreadable")))
}

/// The most pages a list goes to: an address asking for more (an edited one, up to
/// `i64::MAX`) is taken as the last page, instead of an offset that overflows.
pub const MAX_PAGE: i64 = 1_000_000;

/// The page number asked for: 1 when absent or below 1, at most [`MAX_PAGE`].
pub fn page_number(asked: Option<i64>) -> i64 {
    asked.unwrap_or(1).clamp(1, MAX_PAGE)
}

/// Percent-encodes a string for a query parameter.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A same-site path to return to, never an absolute URL (no open redirects). Browsers
/// drop tabs and newlines inside URLs, so `/<tab>/evil.example` would become
/// `//evil.example`: any whitespace or control character refuses the path.
pub fn safe_back(back: &str) -> String {
    if back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        back.to_owned()
    } else {
        "/".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_links_stay_on_the_site() {
        assert_eq!(safe_back("/drafts/1#p-3"), "/drafts/1#p-3");
        assert_eq!(safe_back("https://evil.example/"), "/");
        assert_eq!(safe_back("//evil.example/"), "/");
        assert_eq!(safe_back("/\\evil.example"), "/");
        assert_eq!(safe_back("/\t/evil.example"), "/");
        assert_eq!(safe_back("/\n/evil.example"), "/");
        assert_eq!(safe_back("/ /evil.example"), "/");
    }

    #[test]
    fn url_encoding_escapes_query_characters() {
        assert_eq!(url_encode("/drafts/1?x=a b&y"), "/drafts/1%3Fx%3Da%20b%26y");
    }
}
