//! Placeholder module file; routes are added below.

use axum::Router;

use super::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
