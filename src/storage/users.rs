//! Users and role grants.

use sqlx::{AnyPool, FromRow};

use super::dialect::Dialect;
use super::{Result, audit, now_ms};
use crate::domain::Role;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub password_hash: String,
    pub organisation_id: Option<i64>,
    pub disabled: i64,
    /// Bumped to end every session of the user (see `sign_in::end_all_sessions`).
    pub session_generation: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub dossier_id: Option<i64>,
}

const USER_COLUMNS: &str = "id, login, name, password_hash, organisation_id, disabled, session_generation";

/// Creates a user with its global roles in one transaction (all or nothing), audited:
/// the user, then each role granted.
pub async fn insert(
    pool: &AnyPool,
    actor: Option<i64>,
    login: &str,
    name: &str,
    password_hash: &str,
    organisation_id: Option<i64>,
    roles: &[Role],
) -> Result<i64> {
    let dialect = Dialect::of(pool);
    let mut tx = super::dialect::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO app_user (login, name, password_hash, organisation_id, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(login)
    .bind(name)
    .bind(password_hash)
    .bind(organisation_id)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "login": login, "organisation": organisation_id });
    audit::record(&mut tx, dialect, actor, "user.created", &format!("user:{id}"), &detail).await?;
    for role in roles {
        grant_in(&mut tx, dialect, actor, id, *role).await?;
    }
    tx.commit().await?;
    Ok(id)
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

/// A user with what every signed-in request needs of them: the name of their
/// organisation and their global roles (sorted, each once). One query: it runs on
/// every request of a signed-in user.
pub async fn with_roles(pool: &AnyPool, id: i64) -> Result<Option<(UserRow, Option<String>, Vec<Role>)>> {
    type Joined = (i64, String, String, String, Option<i64>, i64, i64, Option<String>, Option<String>);
    let rows: Vec<Joined> = sqlx::query_as(
        "SELECT u.id, u.login, u.name, u.password_hash, u.organisation_id, u.disabled, u.session_generation,
                o.name, g.role
         FROM app_user u
         LEFT JOIN organisation o ON o.id = u.organisation_id
         LEFT JOIN role_grant g ON g.user_id = u.id AND g.dossier_id IS NULL
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let (id, login, name, password_hash, organisation_id, disabled, session_generation, organisation, _) =
        first.clone();
    let user = UserRow { id, login, name, password_hash, organisation_id, disabled, session_generation };
    let mut roles: Vec<Role> = rows.iter().filter_map(|r| r.8.as_deref().and_then(Role::parse)).collect();
    roles.sort();
    roles.dedup();
    Ok(Some((user, organisation, roles)))
}

pub async fn list(pool: &AnyPool) -> Result<Vec<UserRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {USER_COLUMNS} FROM app_user ORDER BY login")))
        .fetch_all(pool)
        .await?)
}

pub async fn set_organisation(
    pool: &AnyPool,
    actor: Option<i64>,
    user_id: i64,
    organisation_id: Option<i64>,
) -> Result<()> {
    let mut tx = super::dialect::begin_write(pool).await?;
    sqlx::query("UPDATE app_user SET organisation_id = $1 WHERE id = $2")
        .bind(organisation_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({ "organisation": organisation_id });
    audit::record(
        &mut tx,
        Dialect::of(pool),
        actor,
        "user.organisation_set",
        &format!("user:{user_id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A user's new password (already hashed), audited. Every session of the user ends
/// with it (sessions are checked against the password hash).
pub async fn change_password(
    db: &super::Db,
    actor: Option<i64>,
    user_id: i64,
    password_hash: &str,
) -> Result<()> {
    let mut tx = super::dialect::begin_write(&db.pool).await?;
    sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    super::audit::record(
        &mut tx,
        db.dialect,
        actor,
        "user.password_changed",
        &format!("user:{user_id}"),
        &serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
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

/// Grants a global role; granting one already held changes nothing. Audited.
pub async fn grant(pool: &AnyPool, actor: Option<i64>, user_id: i64, role: Role) -> Result<bool> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let granted = grant_in(&mut tx, Dialect::of(pool), actor, user_id, role).await?;
    tx.commit().await?;
    Ok(granted)
}

/// [`grant`] inside the caller's write transaction. The grant is one conditional
/// insert, so two grants at once cannot both add the role.
async fn grant_in(
    conn: &mut sqlx::AnyConnection,
    dialect: Dialect,
    actor: Option<i64>,
    user_id: i64,
    role: Role,
) -> Result<bool> {
    let done = sqlx::query(
        "INSERT INTO role_grant (user_id, role, dossier_id, granted_at)
         SELECT $1, $2, CAST(NULL AS BIGINT), $3
         WHERE NOT EXISTS (SELECT 1 FROM role_grant WHERE user_id = $4 AND role = $5 AND dossier_id IS NULL)",
    )
    .bind(user_id)
    .bind(role.code())
    .bind(now_ms())
    .bind(user_id)
    .bind(role.code())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let detail = serde_json::json!({ "role": role.code() });
    audit::record(conn, dialect, actor, "role.granted", &format!("user:{user_id}"), &detail).await?;
    Ok(true)
}

/// Takes a global role away; audited when there was one to take.
pub async fn revoke(pool: &AnyPool, actor: Option<i64>, user_id: i64, role: Role) -> Result<bool> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let done = sqlx::query("DELETE FROM role_grant WHERE user_id = $1 AND role = $2 AND dossier_id IS NULL")
        .bind(user_id)
        .bind(role.code())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let detail = serde_json::json!({ "role": role.code() });
    audit::record(&mut tx, Dialect::of(pool), actor, "role.revoked", &format!("user:{user_id}"), &detail)
        .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn all_grants(pool: &AnyPool) -> Result<Vec<GrantRow>> {
    Ok(sqlx::query_as("SELECT id, user_id, role, dossier_id FROM role_grant ORDER BY user_id, role")
        .fetch_all(pool)
        .await?)
}
