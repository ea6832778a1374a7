//! Operations: liveness, readiness, metrics, and the request id every log line of a
//! request carries.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::request_id::{MakeRequestId, RequestId};

use super::AppState;
use crate::storage::Db;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

/// Liveness: the process answers. Nothing else is checked, so that a slow database
/// never gets a live process restarted.
async fn healthz() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], "ok\n")
}

/// Readiness: the database answers and its schema is this binary's. 503 otherwise,
/// with what is wrong, so that a load balancer sends no traffic here yet.
async fn readyz(State(state): State<AppState>) -> Response {
    let (ready, body) = readiness(&state.db).await;
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
}

async fn readiness(db: &Db) -> (bool, serde_json::Value) {
    let expected = Db::latest_migration();
    match db.applied_migration().await {
        Ok(applied) => {
            let current = applied == expected;
            (
                current,
                serde_json::json!({
                    "database": "ok",
                    "migrations": { "applied": applied, "expected": expected, "current": current },
                }),
            )
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            (false, serde_json::json!({ "database": "unreachable", "migrations": { "expected": expected } }))
        }
    }
}

/// The Prometheus scrape.
async fn metrics() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        crate::metrics::global().render(),
    )
}

/// Counts every answered request by its route pattern, status and time.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    // Both are cheap clones (a standard method is a constant, a route an `Arc<str>`).
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    crate::metrics::global().request(
        method.as_str(),
        route.as_ref().map_or("(unmatched)", MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// Request ids: 16 random hex digits, unless the proxy in front already sent one.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&format!("{:016x}", rand::random::<u64>())).ok().map(RequestId::new)
    }
}

/// The span of one request in the logs: its id, method and path.
pub fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
}
