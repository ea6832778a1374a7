//! Administration: the organisation tree, users and their roles. Admin role only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::Redirect;
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, User, create_user_by, require_role};
use super::limits::VForm;
use super::{AppError, AppState, Chrome};
use crate::domain::Role;
use crate::storage::{organisations, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/users") }))
        .route("/admin/organisations", get(organisations_page).post(create_organisation))
        .route("/admin/organisations/{id}", post(update_organisation))
        .route("/admin/users", get(users_page).post(add_user))
        .route("/admin/users/{id}/roles", post(change_role))
        .route("/admin/users/{id}/organisation", post(set_organisation))
}

pub(super) fn admin(auth: &AuthSession, chrome: &Chrome) -> Result<User, AppError> {
    require_role(auth, Role::Admin, &chrome.path)
}

struct OrgRow {
    id: i64,
    depth: usize,
    code: String,
    name: String,
    kind: String,
    /// The interface name of `kind`.
    kind_key: String,
    parent_id: i64,
}

/// The key of an organisation kind's interface name (`locales/*/domain.ftl`).
pub(super) fn kind_key(kind: &str) -> String {
    let known = organisations::KINDS.iter().find(|k| k.0 == kind).map_or("other", |k| k.0);
    format!("org-kind-{known}")
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    rows: Vec<OrgRow>,
    count: i64,
    /// Each kind's code and the key of its name.
    kinds: Vec<(&'static str, String)>,
}

async fn organisations_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<OrganisationsPage, AppError> {
    admin(&auth, &chrome)?;
    let all = organisations::list(&state.db.pool).await?;
    let rows: Vec<OrgRow> = organisations::as_tree(&all)
        .into_iter()
        .map(|(depth, o)| OrgRow {
            id: o.id,
            depth: depth.min(6),
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind.clone(),
            kind_key: kind_key(&o.kind),
            parent_id: o.parent_id.unwrap_or(0),
        })
        .collect();
    let kinds = organisations::KINDS.iter().map(|k| (k.0, kind_key(k.0))).collect();
    Ok(OrganisationsPage { chrome, count: rows.len() as i64, rows, kinds })
}

#[derive(Deserialize)]
struct OrganisationForm {
    parent_id: String,
    kind: String,
    code: Option<String>,
    name: String,
}

fn parse_parent(raw: &str, chrome: &Chrome) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" | "0" => Ok(None),
        v => v.parse().map(Some).map_err(|_| AppError::bad("bad_parent", chrome.t("adm-orgs-bad-parent"))),
    }
}

/// Longest organisation name, in characters.
const MAX_ORG_NAME_CHARS: usize = 300;
/// Longest organisation code, in bytes (ASCII).
const MAX_ORG_CODE_LEN: usize = 40;

fn check_org_fields(kind: &str, name: &str, chrome: &Chrome) -> Result<String, AppError> {
    if !organisations::KINDS.iter().any(|k| k.0 == kind) {
        return Err(AppError::bad("bad_kind", chrome.t("adm-orgs-bad-kind")));
    }
    let name = duthao_text::clean_input(name).trim().to_owned();
    if name.is_empty() || name.chars().count() > MAX_ORG_NAME_CHARS {
        return Err(AppError::bad("bad_name", chrome.t1("adm-orgs-bad-name", "max", MAX_ORG_NAME_CHARS)));
    }
    Ok(name)
}

async fn create_organisation(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(form): VForm<OrganisationForm>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    let name = check_org_fields(&form.kind, &form.name, &chrome)?;
    let code = form.code.as_deref().unwrap_or("").trim().to_uppercase();
    if code.is_empty()
        || code.len() > MAX_ORG_CODE_LEN
        || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(AppError::bad("bad_code", chrome.t1("adm-orgs-bad-code", "max", MAX_ORG_CODE_LEN)));
    }
    if organisations::by_code(pool, &code).await?.is_some() {
        return Err(AppError::bad("duplicate_code", chrome.t1("adm-orgs-duplicate-code", "code", &code)));
    }
    let parent = parse_parent(&form.parent_id, &chrome)?;
    if let Some(p) = parent {
        organisations::get(pool, p)
            .await?
            .ok_or_else(|| AppError::bad("bad_parent", chrome.t("adm-orgs-no-such-parent")))?;
    }
    organisations::insert_by(pool, Some(me.id), parent, &form.kind, &code, &name).await?;
    Ok(Redirect::to("/admin/organisations"))
}

async fn update_organisation(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<OrganisationForm>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    let name = check_org_fields(&form.kind, &form.name, &chrome)?;
    let parent = parse_parent(&form.parent_id, &chrome)?;
    let all = organisations::list(pool).await?;
    if !all.iter().any(|o| o.id == id) {
        return Err(AppError::NotFound);
    }
    if parent.is_some_and(|p| !all.iter().any(|o| o.id == p)) {
        return Err(AppError::bad("bad_parent", chrome.t("adm-orgs-no-such-parent")));
    }
    if organisations::would_cycle(&all, id, parent) {
        return Err(AppError::bad("cycle", chrome.t("adm-orgs-cycle")));
    }
    organisations::update(pool, Some(me.id), id, parent, &form.kind, &name).await?;
    Ok(Redirect::to(&format!("/admin/organisations#o-{id}")))
}

struct UserItem {
    id: i64,
    login: String,
    name: String,
    organisation_id: i64,
    roles: Vec<Role>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserItem>,
    organisations: Vec<(i64, String)>,
    roles: &'static [Role],
    min_password_chars: usize,
}

async fn users_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<UsersPage, AppError> {
    admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    let grants = users::all_grants(pool).await?;
    let list = users::list(pool)
        .await?
        .into_iter()
        .map(|u| UserItem {
            roles: grants
                .iter()
                .filter(|g| g.user_id == u.id && g.dossier_id.is_none())
                .filter_map(|g| Role::parse(&g.role))
                .collect(),
            id: u.id,
            login: u.login,
            name: u.name,
            organisation_id: u.organisation_id.unwrap_or(0),
        })
        .collect();
    let all = organisations::list(pool).await?;
    let orgs = organisations::as_tree(&all)
        .into_iter()
        .map(|(d, o)| (o.id, format!("{}{}", "— ".repeat(d), o.name)))
        .collect();
    Ok(UsersPage {
        chrome,
        users: list,
        organisations: orgs,
        roles: &Role::ALL,
        min_password_chars: crate::domain::password::MIN_CHARS,
    })
}

async fn add_user(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(fields): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
    let login = get("login").trim().to_lowercase();
    if login.is_empty()
        || login.len() > 64
        || !login.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(AppError::bad("bad_login", chrome.t("adm-users-bad-login")));
    }
    let name = duthao_text::clean_input(get("name")).trim().to_owned();
    if name.is_empty() {
        return Err(AppError::bad("bad_name", chrome.t("adm-users-no-name")));
    }
    let password = get("password");
    crate::domain::password::check(&login, &name, password)
        .map_err(|p| AppError::bad(p.code(), p.message(chrome.lang)))?;
    if users::by_login(pool, &login).await?.is_some() {
        return Err(AppError::bad("duplicate_login", chrome.t1("adm-users-duplicate-login", "name", &login)));
    }
    let organisation = parse_parent(get("organisation_id"), &chrome)?;
    if let Some(o) = organisation {
        organisations::get(pool, o)
            .await?
            .ok_or_else(|| AppError::bad("bad_organisation", chrome.t("adm-users-no-such-organisation")))?;
    }
    let roles: Vec<Role> =
        fields.iter().filter(|(k, _)| k == "role").filter_map(|(_, v)| Role::parse(v)).collect();
    if roles.contains(&Role::OrgRepresentative) && organisation.is_none() {
        return Err(AppError::bad(
            "no_organisation",
            chrome.t("adm-users-representative-needs-organisation"),
        ));
    }
    create_user_by(pool, Some(me.id), &login, &name, password, organisation, &roles).await?;
    Ok(Redirect::to("/admin/users"))
}

#[derive(Deserialize)]
struct RoleForm {
    role: String,
    action: String,
}

async fn change_role(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<RoleForm>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    users::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let role =
        Role::parse(&form.role).ok_or_else(|| AppError::bad("bad_role", chrome.t("adm-users-bad-role")))?;
    match form.action.as_str() {
        "grant" => {
            users::grant(pool, Some(me.id), id, role).await?;
        }
        "revoke" => {
            if id == me.id && role == Role::Admin {
                return Err(AppError::conflict("self_revoke", chrome.t("adm-users-self-revoke")));
            }
            users::revoke(pool, Some(me.id), id, role).await?;
        }
        _ => return Err(AppError::bad("bad_action", chrome.t("adm-users-bad-action"))),
    }
    tracing::info!(user.id = id, role = role.code(), action = %form.action, by = me.id, "role changed");
    Ok(Redirect::to(&format!("/admin/users#u-{id}")))
}

#[derive(Deserialize)]
struct UserOrgForm {
    organisation_id: String,
}

async fn set_organisation(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<UserOrgForm>,
) -> Result<Redirect, AppError> {
    let me = admin(&auth, &chrome)?;
    let pool = &state.db.pool;
    users::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let organisation = parse_parent(&form.organisation_id, &chrome)?;
    if let Some(o) = organisation {
        organisations::get(pool, o)
            .await?
            .ok_or_else(|| AppError::bad("bad_organisation", chrome.t("adm-users-no-such-organisation")))?;
    }
    users::set_organisation(pool, Some(me.id), id, organisation).await?;
    Ok(Redirect::to(&format!("/admin/users#u-{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_organisation_kind_has_its_vietnamese_name() {
        for (code, name_vi) in organisations::KINDS {
            assert_eq!(Lang::Vi.t(&kind_key(code)), name_vi);
            assert_eq!(organisations::kind_name_vi(code), name_vi);
        }
        assert_eq!(kind_key("unheard-of"), "org-kind-other");
    }
}
