//! Sign-in (axum-login over our session store) and role checks.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use axum_login::{AuthUser, AuthnBackend, UserId};
use sqlx::AnyPool;

use super::error::AppError;
use crate::domain::Role;
use crate::storage::{StorageError, users};

/// A signed-in user with the global roles it holds.
#[derive(Clone)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub roles: Vec<Role>,
    /// What every session of the user is checked against: the password hash and the
    /// session generation, so that a new password or "sign out everywhere" ends them.
    session_key: Vec<u8>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("login", &self.login)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|r| r.covers(role))
    }

    /// Whether the user may comment on behalf of their organisation.
    pub fn represents_organisation(&self) -> Option<i64> {
        if self.has(Role::OrgRepresentative) { self.organisation_id } else { None }
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    /// Changing the password, or bumping the session generation, ends every session
    /// of the user.
    fn session_auth_hash(&self) -> &[u8] {
        &self.session_key
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    pub login: String,
    pub password: String,
}

#[derive(Debug, Clone)]
pub struct Backend {
    pool: AnyPool,
}

impl Backend {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("password check failed: {0}")]
    Task(String),
}

/// The user whose password was just checked (`row`, as checked), with their roles and
/// organisation.
async fn load_user(pool: &AnyPool, row: users::UserRow) -> Result<User, StorageError> {
    let (organisation_name, roles) = match users::with_roles(pool, row.id).await? {
        Some((_, organisation, roles)) => (organisation, roles),
        None => (None, Vec::new()),
    };
    Ok(user_of(row, organisation_name, roles))
}

fn user_of(row: users::UserRow, organisation_name: Option<String>, roles: Vec<Role>) -> User {
    User {
        id: row.id,
        login: row.login,
        name: row.name,
        organisation_id: row.organisation_id,
        organisation_name,
        roles,
        session_key: format!("{}\n{}", row.password_hash, row.session_generation).into_bytes(),
    }
}

impl AuthnBackend for Backend {
    type User = User;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<User>, AuthError> {
        let row = users::by_login(&self.pool, creds.login.trim()).await?;
        let Some(row) = row.filter(|r| r.disabled == 0) else {
            // Spend the same time as a real check, so that timing does not reveal logins.
            let _ = tokio::task::spawn_blocking(move || verify_password(&creds.password, DUMMY_HASH)).await;
            return Ok(None);
        };
        let hash = row.password_hash.clone();
        let ok = tokio::task::spawn_blocking(move || verify_password(&creds.password, &hash))
            .await
            .map_err(|e| AuthError::Task(e.to_string()))?;
        if !ok {
            return Ok(None);
        }
        Ok(Some(load_user(&self.pool, row).await?))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, AuthError> {
        match users::with_roles(&self.pool, *id).await? {
            Some((row, organisation, roles)) if row.disabled == 0 => {
                Ok(Some(user_of(row, organisation, roles)))
            }
            _ => Ok(None),
        }
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// An argon2id hash of "not-a-password", used to keep failed sign-ins as slow as real ones.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Gd5aV1nDQk0FXDyL3uT4kS2n1o7bRfCkP8yXx3z3XjA";

/// Hashes a password with argon2id and a random salt. The password is hashed in NFC:
/// the same Vietnamese password typed on another keyboard or system (which may send
/// it decomposed, NFD) signs in all the same.
pub fn hash_password(password: &str) -> Result<String, StorageError> {
    Argon2::default()
        .hash_password(duthao_text::nfc(password).as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StorageError::Corrupt(format!("password hashing failed: {e}")))
}

/// Whether `password` (in NFC, as [`hash_password`] hashes it) matches `hash`; a hash
/// made before passwords were normalised may be of the bytes as typed, so those are
/// tried too when they differ.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let matches = |bytes: &[u8]| Argon2::default().verify_password(bytes, &parsed).is_ok();
    let composed = duthao_text::nfc(password);
    matches(composed.as_bytes()) || (composed != password && matches(password.as_bytes()))
}

/// The signed-in user, or a redirect to the sign-in page.
pub fn require_user(session: &AuthSession, next: &str) -> Result<User, AppError> {
    session.user.clone().ok_or_else(|| AppError::SignInRequired { next: next.to_owned() })
}

/// The signed-in user holding `role`; otherwise sign in, or 403.
pub fn require_role(session: &AuthSession, role: Role, next: &str) -> Result<User, AppError> {
    let user = require_user(session, next)?;
    if user.has(role) { Ok(user) } else { Err(AppError::Forbidden) }
}

/// Creates a user with a hashed password and the given global roles.
pub async fn create_user(
    pool: &AnyPool,
    login: &str,
    name: &str,
    password: &str,
    organisation_id: Option<i64>,
    roles: &[Role],
) -> Result<i64, StorageError> {
    create_user_by(pool, None, login, name, password, organisation_id, roles).await
}

/// Creates a user on behalf of `actor`, with its roles, all or nothing (audited: the
/// user, then each role granted).
pub async fn create_user_by(
    pool: &AnyPool,
    actor: Option<i64>,
    login: &str,
    name: &str,
    password: &str,
    organisation_id: Option<i64>,
    roles: &[Role],
) -> Result<i64, StorageError> {
    let hash = hash_password(password)?;
    users::insert(pool, actor, login, name, &hash, organisation_id, roles).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("mật khẩu đúng").expect("hashing works");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu đúng", &hash));
        assert!(!verify_password("mật khẩu sai", &hash));
        assert!(!verify_password("mật khẩu đúng", "not a hash"));
        // Composed or decomposed, the same password.
        let decomposed = "ma\u{0323}\u{0302}t kha\u{0302}\u{0309}u đúng";
        assert!(verify_password(decomposed, &hash));
        let from_nfd = hash_password(decomposed).expect("hashing works");
        assert!(verify_password("mật khẩu đúng", &from_nfd));
        // A hash of decomposed bytes made before normalising still verifies.
        let legacy = Argon2::default().hash_password(decomposed.as_bytes()).expect("hash").to_string();
        assert!(verify_password(decomposed, &legacy));
    }
}
