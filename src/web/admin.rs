//! Administration: the organisation tree, users and their roles. Admin role only.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Redirect;
use axum::routing::{get, post};
use serde::Deserialize;

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
    kind_name: &'static str,
    parent_id: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organisations.html")]
struct OrganisationsPage {
    chrome: Chrome,
    rows: Vec<OrgRow>,
    kinds: Vec<(&'static str, &'static str)>,
}

async fn organisations_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<OrganisationsPage, AppError> {
    admin(&auth, &chrome)?;
    let all = organisations::list(&state.db.pool).await?;
    let rows = organisations::as_tree(&all)
        .into_iter()
        .map(|(depth, o)| OrgRow {
            id: o.id,
            depth: depth.min(6),
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind.clone(),
            kind_name: organisations::kind_name_vi(&o.kind),
            parent_id: o.parent_id.unwrap_or(0),
        })
        .collect();
    Ok(OrganisationsPage { chrome, rows, kinds: organisations::KINDS.to_vec() })
}

#[derive(Deserialize)]
struct OrganisationForm {
    parent_id: String,
    kind: String,
    code: Option<String>,
    name: String,
}

fn parse_parent(raw: &str) -> Result<Option<i64>, AppError> {
    match raw.trim() {
        "" | "0" => Ok(None),
        v => v.parse().map(Some).map_err(|_| AppError::bad("bad_parent", "Cơ quan cấp trên không hợp lệ.")),
    }
}

fn check_org_fields(kind: &str, name: &str) -> Result<String, AppError> {
    if !organisations::KINDS.iter().any(|k| k.0 == kind) {
        return Err(AppError::bad("bad_kind", "Loại cơ quan không hợp lệ."));
    }
    let name = duthao_text::clean_input(name).trim().to_owned();
    if name.is_empty() || name.chars().count() > 300 {
        return Err(AppError::bad("bad_name", "Tên cơ quan phải có từ 1 đến 300 ký tự."));
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
    let name = check_org_fields(&form.kind, &form.name)?;
    let code = form.code.as_deref().unwrap_or("").trim().to_uppercase();
    if code.is_empty() || code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(AppError::bad(
            "bad_code",
            "Mã cơ quan gồm chữ cái không dấu, chữ số và dấu gạch ngang (tối đa 40 ký tự).",
        ));
    }
    if organisations::by_code(pool, &code).await?.is_some() {
        return Err(AppError::bad("duplicate_code", format!("Mã {code} đã được dùng.")));
    }
    let parent = parse_parent(&form.parent_id)?;
    if let Some(p) = parent {
        organisations::get(pool, p)
            .await?
            .ok_or_else(|| AppError::bad("bad_parent", "Cơ quan cấp trên không tồn tại."))?;
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
    let name = check_org_fields(&form.kind, &form.name)?;
    let parent = parse_parent(&form.parent_id)?;
    let all = organisations::list(pool).await?;
    if !all.iter().any(|o| o.id == id) {
        return Err(AppError::NotFound);
    }
    if parent.is_some_and(|p| !all.iter().any(|o| o.id == p)) {
        return Err(AppError::bad("bad_parent", "Cơ quan cấp trên không tồn tại."));
    }
    if organisations::would_cycle(&all, id, parent) {
        return Err(AppError::bad(
            "cycle",
            "Không thể đặt một cơ quan làm cấp trên của chính nó hoặc của cấp trên nó.",
        ));
    }
    organisations::update(pool, Some(me.id), id, parent, &form.kind, &name).await?;
    Ok(Redirect::to(&format!("/admin/organisations#o-{id}")))
}

struct UserItem {
    id: i64,
    login: String,
    name: String,
    organisation_id: i64,
    roles: Vec<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
struct UsersPage {
    chrome: Chrome,
    users: Vec<UserItem>,
    organisations: Vec<(i64, String)>,
    roles: Vec<(&'static str, &'static str)>,
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
                .map(Role::name_vi)
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
        roles: Role::ALL.iter().map(|r| (r.code(), r.name_vi())).collect(),
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
        return Err(AppError::bad(
            "bad_login",
            "Tên đăng nhập gồm chữ không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang.",
        ));
    }
    let name = duthao_text::clean_input(get("name")).trim().to_owned();
    if name.is_empty() {
        return Err(AppError::bad("bad_name", "Cần nhập họ và tên."));
    }
    let password = get("password");
    crate::domain::password::check(&login, &name, password)
        .map_err(|p| AppError::bad(p.code(), p.to_string()))?;
    if users::by_login(pool, &login).await?.is_some() {
        return Err(AppError::bad("duplicate_login", format!("Tên đăng nhập {login} đã tồn tại.")));
    }
    let organisation = parse_parent(get("organisation_id"))?;
    if let Some(o) = organisation {
        organisations::get(pool, o)
            .await?
            .ok_or_else(|| AppError::bad("bad_organisation", "Cơ quan không tồn tại."))?;
    }
    let roles: Vec<Role> =
        fields.iter().filter(|(k, _)| k == "role").filter_map(|(_, v)| Role::parse(v)).collect();
    if roles.contains(&Role::OrgRepresentative) && organisation.is_none() {
        return Err(AppError::bad(
            "no_organisation",
            "Đại diện cơ quan, tổ chức phải gắn với một cơ quan, tổ chức.",
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
    let role = Role::parse(&form.role).ok_or_else(|| AppError::bad("bad_role", "Vai trò không hợp lệ."))?;
    match form.action.as_str() {
        "grant" => {
            users::grant(pool, Some(me.id), id, role).await?;
        }
        "revoke" => {
            if id == me.id && role == Role::Admin {
                return Err(AppError::conflict(
                    "self_revoke",
                    "Không thể tự thu hồi quyền quản trị của chính mình.",
                ));
            }
            users::revoke(pool, Some(me.id), id, role).await?;
        }
        _ => return Err(AppError::bad("bad_action", "Thao tác không hợp lệ.")),
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
    let organisation = parse_parent(&form.organisation_id)?;
    if let Some(o) = organisation {
        organisations::get(pool, o)
            .await?
            .ok_or_else(|| AppError::bad("bad_organisation", "Cơ quan không tồn tại."))?;
    }
    users::set_organisation(pool, Some(me.id), id, organisation).await?;
    Ok(Redirect::to(&format!("/admin/users#u-{id}")))
}
