//! The authorisation matrix: every route and API endpoint × every role, with the
//! answer each role gets.
//!
//! The handlers enforce access themselves (`auth::require_role` and the feature
//! modules' own checks); this table is the statement of what they must do. The
//! integration test `access` walks it on a running app with one signed-in browser per
//! role, and fails if a route in the code has no row here (or a row names no route).
//!
//! Context-dependent rules are stated for the test's fixture: the organisation
//! representative represents an organisation invited to the consultation, and the
//! secretary is the secretary of one provincial connection point of the conference
//! (not the central one, so not a chair).

/// What a role gets from a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Served: a page, a file, a redirect elsewhere than sign-in, or the input refused
    /// on its merits (400, 409, 422) after access was granted.
    Allowed,
    /// Asked to sign in: a redirect to `/login` for pages, 401 for the API.
    SignIn,
    /// Refused: 403.
    Refused,
}

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::auth::AuthSession;
use super::error::{ApiError, AppError};
use crate::domain::Role;
use Answer::{Allowed as A, Refused as R, SignIn as S};

/// The roles, in the order of a row's answers. "anonymous" is nobody signed in.
pub const ROLES: [&str; 7] =
    ["anonymous", "public", "org_representative", "secretary", "editor", "lead_editor", "admin"];

/// One route and method, and the answers of the roles in `ROLES` order.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub method: &'static str,
    /// The route as declared, with its `{parameters}`.
    pub path: &'static str,
    pub answers: [Answer; 7],
}

const EVERYONE: [Answer; 7] = [A, A, A, A, A, A, A];
const SIGNED_IN: [Answer; 7] = [S, A, A, A, A, A, A];
/// Members of the editorial team (the lead editor covers the editor).
const EDITORS: [Answer; 7] = [S, R, R, R, A, A, R];
const LEAD_EDITOR: [Answer; 7] = [S, R, R, R, R, A, R];
const ADMIN: [Answer; 7] = [S, R, R, R, R, R, A];
/// Editors, and representatives on behalf of their own organisation (letters).
const EDITORS_AND_REPRESENTATIVES: [Answer; 7] = [S, R, A, R, A, A, R];
/// Representatives of an organisation, on behalf of their own (its list for a review).
const REPRESENTATIVES: [Answer; 7] = [S, R, A, R, R, R, R];
/// Editors, and the secretary of this connection point.
const EDITORS_AND_POINT_SECRETARY: [Answer; 7] = [S, R, R, A, A, A, R];

const fn rule(method: &'static str, path: &'static str, answers: [Answer; 7]) -> Rule {
    Rule { method, path, answers }
}

/// Every route of `web::app`, grouped as the modules declare them.
pub const MATRIX: &[Rule] = &[
    // Public pages (public.rs).
    rule("GET", "/", EVERYONE),
    rule("GET", "/dossiers/{id}", EVERYONE),
    rule("GET", "/drafts/{id}", EVERYONE),
    rule("POST", "/drafts/{id}/comments", EVERYONE),
    rule("POST", "/provisions/{id}/agreement", EVERYONE),
    rule("GET", "/receipts", EVERYONE),
    rule("GET", "/receipts/{code}", EVERYONE),
    rule("GET", "/login", EVERYONE),
    rule("POST", "/login", EVERYONE),
    rule("POST", "/font-size", EVERYONE),
    rule("POST", "/language", EVERYONE),
    rule("POST", "/logout", EVERYONE),
    // Operations (ops.rs): for load balancers and the metrics scraper.
    rule("GET", "/healthz", EVERYONE),
    rule("GET", "/readyz", EVERYONE),
    rule("GET", "/metrics", EVERYONE),
    rule("POST", "/logout/everywhere", SIGNED_IN),
    rule("GET", "/account", SIGNED_IN),
    rule("POST", "/account/password", SIGNED_IN),
    rule("GET", "/consultations/{id}/synthesis", EVERYONE),
    rule("GET", "/static/{*path}", EVERYONE),
    // The drafting workspace (editor.rs).
    rule("GET", "/editor", EDITORS),
    rule("POST", "/editor/dossiers", EDITORS),
    rule("POST", "/editor/dossiers/{id}/drafts", EDITORS),
    rule("POST", "/editor/drafts/{id}/versions", EDITORS),
    rule("POST", "/editor/drafts/{id}/versions/copy", EDITORS),
    rule("GET", "/editor/versions/{id}", EDITORS),
    rule("POST", "/editor/versions/{id}/publish", EDITORS),
    rule("POST", "/editor/provisions/{id}", EDITORS),
    rule("POST", "/editor/provisions/{id}/text", EDITORS),
    rule("POST", "/editor/provisions/{id}/insert", EDITORS),
    rule("POST", "/editor/provisions/{id}/delete", EDITORS),
    rule("GET", "/editor/dossiers/{id}/consultations/new", EDITORS),
    rule("POST", "/editor/dossiers/{id}/consultations", EDITORS),
    rule("GET", "/editor/comments", EDITORS),
    rule("GET", "/editor/comments/{id}", EDITORS),
    // Moderation (moderation.rs).
    rule("GET", "/editor/consultations/{id}/moderation", EDITORS),
    rule("POST", "/editor/consultations/{id}/protection", LEAD_EDITOR),
    rule("POST", "/editor/comments/{id}/moderation", EDITORS),
    rule("GET", "/editor/search", EDITORS),
    // Groups and answers (groups.rs, answers.rs).
    rule("GET", "/editor/consultations/{id}/groups", EDITORS),
    rule("POST", "/editor/consultations/{id}/regroup", EDITORS),
    rule("GET", "/editor/groups/{id}", EDITORS),
    rule("POST", "/editor/groups/{id}/change", EDITORS),
    rule("GET", "/editor/consultations/{id}/answers", EDITORS),
    rule("POST", "/editor/consultations/{id}/answers/bulk", EDITORS),
    rule("POST", "/editor/consultations/{id}/answers/approve", LEAD_EDITOR),
    rule("POST", "/editor/consultations/{id}/answers/publish", LEAD_EDITOR),
    rule("GET", "/editor/answers/{unit}", EDITORS),
    rule("POST", "/editor/answers/{unit}", EDITORS),
    rule("POST", "/editor/answers/{unit}/review", LEAD_EDITOR),
    rule("GET", "/editor/answer-templates", EDITORS),
    rule("POST", "/editor/answer-templates", EDITORS),
    // Report, statistics, revisions, schedule, submission.
    rule("GET", "/editor/consultations/{id}/report", EDITORS),
    rule("GET", "/editor/consultations/{id}/report/download", EDITORS),
    rule("GET", "/editor/consultations/{id}/statistics", EDITORS),
    rule("GET", "/editor/consultations/{id}/statistics/{chart}", EDITORS),
    rule("GET", "/editor/versions/{id}/changes", EDITORS),
    rule("POST", "/editor/versions/{id}/links", EDITORS),
    rule("GET", "/editor/versions/{id}/comparison", EDITORS),
    rule("GET", "/editor/versions/{id}/akoma-ntoso", EDITORS),
    rule("GET", "/editor/dossiers/{id}/schedule", EDITORS),
    rule("POST", "/editor/dossiers/{id}/milestones", EDITORS),
    rule("POST", "/editor/milestones/{id}", EDITORS),
    rule("GET", "/editor/calendar", EDITORS),
    // The calendar feed: whoever holds the secret token (it is in the path).
    rule("GET", "/calendar/{token}/tien-do.ics", EVERYONE),
    rule("GET", "/editor/dossiers/{id}/submission", EDITORS),
    rule("POST", "/editor/dossiers/{id}/submission", LEAD_EDITOR),
    rule("GET", "/editor/dossiers/{id}/submission/package.zip", EDITORS),
    // Letters and imports.
    rule("GET", "/consultations/{id}/letters/new", EDITORS_AND_REPRESENTATIVES),
    rule("POST", "/consultations/{id}/letters/preview", EDITORS_AND_REPRESENTATIVES),
    rule("POST", "/consultations/{id}/letters", EDITORS_AND_REPRESENTATIVES),
    rule("GET", "/consultations/{id}/import", EDITORS),
    rule("POST", "/consultations/{id}/import", EDITORS),
    rule("GET", "/import/template.xlsx", EVERYONE),
    rule("GET", "/import/template.csv", EVERYONE),
    // The online conference (conference.rs). Chairing is for editors and the central
    // point's secretary; the fixture's secretary is at a provincial point (see
    // `CHAIR_ROUTES`).
    rule("GET", "/conferences", SIGNED_IN),
    rule("GET", "/editor/dossiers/{id}/conferences", EDITORS),
    rule("POST", "/editor/dossiers/{id}/conferences", EDITORS),
    rule("GET", "/editor/conferences/{id}", EDITORS),
    rule("POST", "/editor/conferences/{id}", EDITORS),
    rule("POST", "/editor/conferences/{id}/points", EDITORS),
    rule("POST", "/editor/conferences/{id}/points/{point}", EDITORS),
    rule("GET", "/conferences/{id}", SIGNED_IN),
    rule("GET", "/conferences/{id}/events", SIGNED_IN),
    rule("GET", "/conferences/{id}/chair", EDITORS),
    rule("POST", "/conferences/{id}/state", EDITORS),
    rule("POST", "/conferences/{id}/conclusions", EDITORS),
    rule("GET", "/conferences/{id}/minutes.docx", EDITORS),
    // The point's secretary may only withdraw its own request (`action=withdraw`).
    rule("POST", "/conferences/{id}/requests/{request}", EDITORS_AND_POINT_SECRETARY),
    rule("GET", "/conferences/{id}/points/{point}", EDITORS_AND_POINT_SECRETARY),
    rule("POST", "/conferences/{id}/points/{point}/attendance", EDITORS_AND_POINT_SECRETARY),
    rule("POST", "/conferences/{id}/points/{point}/requests", EDITORS_AND_POINT_SECRETARY),
    rule("POST", "/conferences/{id}/points/{point}/opinions", EDITORS_AND_POINT_SECRETARY),
    // Catalog drafts (catalogs.rs): the catalog, the table of equivalent positions and
    // its approval (lead editor), the review of the localities' lists.
    rule("GET", "/editor/drafts/{id}/catalog", EDITORS),
    rule("POST", "/editor/drafts/{id}/catalog", EDITORS),
    rule("POST", "/editor/drafts/{id}/catalog/fields", EDITORS),
    rule("POST", "/editor/drafts/{id}/catalog/import", EDITORS),
    rule("GET", "/editor/drafts/{id}/catalog/equivalence", EDITORS),
    rule("POST", "/editor/drafts/{id}/catalog/submissions", EDITORS),
    rule("GET", "/editor/drafts/{id}/catalog/review", EDITORS),
    rule("GET", "/editor/drafts/{id}/catalog/review/{organisation}", EDITORS),
    rule("POST", "/editor/drafts/{id}/catalog/confirmations", EDITORS),
    rule("POST", "/editor/versions/{id}/catalog/approve", LEAD_EDITOR),
    rule("POST", "/editor/versions/{id}/catalog/acknowledge", EDITORS),
    rule("GET", "/catalogs/{id}/list", REPRESENTATIVES),
    rule("POST", "/catalogs/{id}/list", REPRESENTATIVES),
    // Administration (admin.rs). `/admin` only redirects to the users page.
    rule("GET", "/admin", EVERYONE),
    rule("GET", "/admin/users", ADMIN),
    rule("POST", "/admin/users", ADMIN),
    rule("POST", "/admin/users/{id}/roles", ADMIN),
    rule("POST", "/admin/users/{id}/organisation", ADMIN),
    rule("GET", "/admin/organisations", ADMIN),
    rule("POST", "/admin/organisations", ADMIN),
    rule("POST", "/admin/organisations/{id}", ADMIN),
    rule("GET", "/admin/personal-data", ADMIN),
    rule("GET", "/admin/personal-data/export", ADMIN),
    rule("POST", "/admin/personal-data/erase", ADMIN),
    // The JSON API (api.rs, under /api/v1). Sign-in there is a 401.
    rule("GET", "/api/v1/openapi.json", EVERYONE),
    rule("GET", "/api/v1/dossiers", EVERYONE),
    rule("GET", "/api/v1/dossiers/{id}", EVERYONE),
    rule("GET", "/api/v1/drafts/{id}/provisions", EVERYONE),
    rule("POST", "/api/v1/consultations/{id}/comments", EVERYONE),
    rule("GET", "/api/v1/consultations/{id}/challenge", EVERYONE),
    rule("GET", "/api/v1/comments/{receipt}", EVERYONE),
    rule("GET", "/api/v1/search", EDITORS),
    rule("POST", "/api/v1/consultations/{id}/letters/split", EDITORS_AND_REPRESENTATIVES),
    rule("POST", "/api/v1/consultations/{id}/letters", EDITORS_AND_REPRESENTATIVES),
    rule("POST", "/api/v1/consultations/{id}/imports", EDITORS),
    rule("GET", "/api/v1/drafts/{id}/catalog", EVERYONE),
    rule("GET", "/api/v1/drafts/{id}/catalog/equivalence", EVERYONE),
    rule("GET", "/api/v1/drafts/{id}/catalog/review", EDITORS),
    rule("POST", "/api/v1/drafts/{id}/catalog/submissions", EDITORS_AND_REPRESENTATIVES),
    rule("POST", "/api/v1/drafts/{id}/catalog/confirmations", EDITORS),
];

/// The answers of a route and method, if the matrix has a row for it.
pub fn answers(method: &str, path: &str) -> Option<[Answer; 7]> {
    static INDEX: LazyLock<HashMap<(&'static str, &'static str), [Answer; 7]>> =
        LazyLock::new(|| MATRIX.iter().map(|r| ((r.method, r.path), r.answers)).collect());
    let method = if method == "HEAD" { "GET" } else { method };
    INDEX.get(&(method, path)).copied()
}

/// Whether the matrix has any row for `path` (whatever the method).
fn knows_path(path: &str) -> bool {
    static PATHS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| MATRIX.iter().map(|r| r.path).collect());
    PATHS.contains(path)
}

/// The answer for a user holding `roles` (`None`: nobody signed in). A signed-in user
/// without any role is a public user; a user with several roles gets the best answer
/// of any of them.
pub fn answer_for(answers: &[Answer; 7], roles: Option<&[Role]>) -> Answer {
    let Some(roles) = roles else { return answers[0] };
    let column = |role: Role| match role {
        Role::Public => 1,
        Role::OrgRepresentative => 2,
        Role::Secretary => 3,
        Role::Editor => 4,
        Role::LeadEditor => 5,
        Role::Admin => 6,
    };
    if roles.is_empty() {
        return answers[1];
    }
    if roles.iter().any(|r| answers[column(*r)] == Answer::Allowed) {
        Answer::Allowed
    } else {
        Answer::Refused
    }
}

/// Chairing routes: the matrix answers them for the fixture's provincial secretary
/// (refused), but the secretary of the central point chairs too, so a secretary is let
/// through to the handler, whose `may_chair` decides by the point.
const CHAIR_ROUTES: [(&str, &str); 4] = [
    ("GET", "/conferences/{id}/chair"),
    ("POST", "/conferences/{id}/state"),
    ("POST", "/conferences/{id}/conclusions"),
    ("GET", "/conferences/{id}/minutes.docx"),
];

/// Middleware on every route: answers sign-in or 403 from the matrix before the
/// handler (and its body extractors) run. The handlers keep their own checks, which
/// also decide the context-dependent cases (whose point, whose organisation). A route
/// with no row at all is refused: access fails closed.
pub async fn enforce(request: Request, next: Next) -> Response {
    let Some(path) = request.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned()) else {
        return next.run(request).await;
    };
    let api = path.starts_with("/api/");
    let refuse = |e: AppError| if api { ApiError(e).into_response() } else { e.into_response() };
    let Some(answers) = answers(request.method().as_str(), &path) else {
        if knows_path(&path) {
            // Another method of a known route: the router answers 405.
            return next.run(request).await;
        }
        tracing::error!(route = %path, "route without a row in the authorisation matrix: refused");
        return refuse(AppError::Forbidden);
    };
    let roles =
        request.extensions().get::<AuthSession>().and_then(|s| s.user.as_ref()).map(|u| u.roles.clone());
    match answer_for(&answers, roles.as_deref()) {
        Answer::Allowed => next.run(request).await,
        Answer::SignIn => {
            let next_path = request.uri().path_and_query().map_or("/", |p| p.as_str()).to_owned();
            refuse(AppError::SignInRequired { next: next_path })
        }
        Answer::Refused
            if roles.as_deref().is_some_and(|r| r.contains(&Role::Secretary))
                && CHAIR_ROUTES.contains(&(request.method().as_str(), path.as_str())) =>
        {
            next.run(request).await
        }
        Answer::Refused => refuse(AppError::Forbidden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chair_routes_are_rows_of_the_matrix() {
        for (method, path) in CHAIR_ROUTES {
            assert!(answers(method, path).is_some(), "{method} {path} is no row of the matrix");
        }
    }

    #[test]
    fn every_route_and_method_has_one_row() {
        let mut seen = std::collections::HashSet::new();
        for rule in MATRIX {
            assert!(seen.insert((rule.method, rule.path)), "{} {} has two rows", rule.method, rule.path);
            assert!(rule.path.starts_with('/'), "{} is not a path", rule.path);
        }
    }

    #[test]
    fn several_roles_get_the_best_answer_and_no_role_is_public() {
        let letters = answers("POST", "/consultations/{id}/letters").expect("row");
        assert_eq!(answer_for(&letters, None), Answer::SignIn);
        assert_eq!(answer_for(&letters, Some(&[])), Answer::Refused);
        assert_eq!(answer_for(&letters, Some(&[Role::Public])), Answer::Refused);
        assert_eq!(answer_for(&letters, Some(&[Role::Admin, Role::OrgRepresentative])), Answer::Allowed);
        assert_eq!(answer_for(&letters, Some(&[Role::LeadEditor])), Answer::Allowed);
        assert_eq!(answers("HEAD", "/editor").map(|a| a[4]), Some(Answer::Allowed));
        assert!(answers("PUT", "/editor").is_none() && knows_path("/editor"));
    }
}
