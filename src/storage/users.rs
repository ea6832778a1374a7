//! Users and role grants.

use sqlx::{AnyPool, FromRow};

use super::{Result, now_ms};
use crate::domain::Role;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub password_hash: String,
    pub organisation_id: Option<i64>,
    pub disabled: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub dossier_id: Option<i64>,
}

const USER_COLUMNS: &str = "id, login, name, password_hash, organisation_id, disabled";

pub async fn insert(
    pool: &AnyPool,
    login: &str,
    name: &str,
    password_hash: &str,
    organisation_id: Option<i64>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO app_user (login, name, password_hash, organisation_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(login)
    .bind(name)
    .bind(password_hash)
    .bind(organisation_id)
    .bind(now_ms())
    .fetch_one(pool)
    .await?)
}

pub async fn by_login(pool: &AnyPool, login: &str) -> Result<Option<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM app_user WHERE login = $1")))
        .bind(login)
        .fetch_optional(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM app_user WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn list(pool: &AnyPool) -> Result<Vec<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY login")))
        .fetch_all(pool)
        .await?)
}

pub async fn set_organisation(pool: &AnyPool, user_id: i64, organisation_id: Option<i64>) -> Result<()> {
    sqlx::query("UPDATE app_user SET organisation_id = $1 WHERE id = $2")
        .bind(organisation_id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_password(pool: &AnyPool, user_id: i64, password_hash: &str) -> Result<()> {
    sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Global grants of a user (dossier-scoped grants come with the dossier workflow).
pub async fn roles(pool: &AnyPool, user_id: i64) -> Result<Vec<Role>> {
    let codes: Vec<String> =
        sqlx::query_scalar("SELECT role FROM role_grant WHERE user_id = $1 AND dossier_id IS NULL")
            .bind(user_id)
            .fetch_all(pool)
            .await?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::parse(c)).collect();
    roles.sort();
    roles.dedup();
    Ok(roles)
}

/// Grants a global role; granting one already held changes nothing.
pub async fn grant(pool: &AnyPool, user_id: i64, role: Role) -> Result<bool> {
    if roles(pool, user_id).await?.contains(&role) {
        return Ok(false);
    }
    sqlx::query("INSERT INTO role_grant (user_id, role, dossier_id, granted_at) VALUES ($1, $2, NULL, $3)")
        .bind(user_id)
        .bind(role.code())
        .bind(now_ms())
        .execute(pool)
        .await?;
    Ok(true)
}

pub async fn revoke(pool: &AnyPool, user_id: i64, role: Role) -> Result<bool> {
    let done = sqlx::query("DELETE FROM role_grant WHERE user_id = $1 AND role = $2 AND dossier_id IS NULL")
        .bind(user_id)
        .bind(role.code())
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn all_grants(pool: &AnyPool) -> Result<Vec<GrantRow>> {
    Ok(sqlx::query_as("SELECT id, user_id, role, dossier_id FROM role_grant ORDER BY user_id, role")
        .fetch_all(pool)
        .await?)
}
