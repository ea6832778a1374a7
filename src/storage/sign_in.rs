//! Failed sign-ins, counted in the database so that throttling and lockout hold across
//! every instance, and the session generation that signs a user out everywhere.

use sqlx::AnyPool;

use super::{Db, Result, audit, dialect};

/// How failed sign-ins are counted and when they lock.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Failures older than this no longer count.
    pub window_ms: i64,
    /// Failures on one login within the window that lock it.
    pub per_login: i64,
    /// Failures from one address (any login) within the window that block it.
    pub per_address: i64,
}

impl Policy {
    /// Five wrong passwords in 15 minutes lock a login for the rest of those 15
    /// minutes; 50 failures from one address block that address likewise (a proxy in
    /// front of many users is one address: keep this generous).
    pub const DEFAULT: Policy = Policy { window_ms: 15 * 60_000, per_login: 5, per_address: 50 };
}

/// Whether a sign-in may be tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Open,
    /// The login is locked until this moment (epoch ms).
    LoginLocked {
        until: i64,
    },
    /// The address is blocked until this moment.
    AddressBlocked {
        until: i64,
    },
}

/// Logins are counted as typed, trimmed and lower-cased (at most 254 characters),
/// whether or not they exist, so that the answer does not tell which logins exist.
pub fn login_key(login: &str) -> String {
    duthao_text::nfc(login.trim()).to_lowercase().chars().take(254).collect()
}

/// The `n`-th most recent attempt at or after `since` matching `column = value`.
async fn nth_recent(
    conn: &mut sqlx::AnyConnection,
    column: &str,
    value: &str,
    since: i64,
    n: i64,
) -> Result<Option<i64>> {
    // `column` is one of two names chosen in this module, never input.
    let sql = format!(
        "SELECT at FROM sign_in_failure WHERE {column} = $1 AND at >= $2 ORDER BY at DESC LIMIT 1 OFFSET $3"
    );
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(value)
        .bind(since)
        .bind(n - 1)
        .fetch_optional(&mut *conn)
        .await?)
}

/// Whether `login` from `address` may try a password now; if so, the attempt is
/// recorded first, as a failure until [`clear`] says otherwise. Recording before the
/// password check (one attempt at a time per login) means that guesses sent in
/// parallel cannot all pass the gate before the first failure is written. A refused
/// attempt is not recorded, so waiting out the lock is enough.
pub async fn attempt(db: &Db, policy: &Policy, login: &str, address: &str, now: i64) -> Result<Gate> {
    let key = login_key(login);
    let since = now - policy.window_ms;
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_name(&mut tx, &format!("sign-in:{key}")).await?;
    if let Some(at) = nth_recent(&mut tx, "login", &key, since, policy.per_login).await? {
        return Ok(Gate::LoginLocked { until: at + policy.window_ms });
    }
    if let Some(at) = nth_recent(&mut tx, "address", address, since, policy.per_address).await? {
        return Ok(Gate::AddressBlocked { until: at + policy.window_ms });
    }
    sqlx::query("INSERT INTO sign_in_failure (login, address, at) VALUES ($1, $2, $3)")
        .bind(&key)
        .bind(address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Gate::Open)
}

/// The attempt recorded by [`attempt`] failed: the gate after it. The failure that
/// locks the login is audited, naming the account (if there is one) by its id and
/// neither the login typed nor the address.
pub async fn failed(db: &Db, policy: &Policy, login: &str, now: i64) -> Result<Gate> {
    let key = login_key(login);
    let mut tx = dialect::begin_write(&db.pool).await?;
    let recent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failure WHERE login = $1 AND at >= $2")
            .bind(&key)
            .bind(now - policy.window_ms)
            .fetch_one(&mut *tx)
            .await?;
    if recent < policy.per_login {
        return Ok(Gate::Open);
    }
    let until = nth_recent(&mut tx, "login", &key, now - policy.window_ms, policy.per_login)
        .await?
        .map_or(now, |at| at + policy.window_ms);
    if recent == policy.per_login {
        let account: Option<i64> = sqlx::query_scalar("SELECT id FROM app_user WHERE login = $1")
            .bind(&key)
            .fetch_optional(&mut *tx)
            .await?;
        let subject = account.map_or_else(|| "sign_in:unknown-login".to_owned(), |id| format!("user:{id}"));
        audit::record(
            &mut tx,
            db.dialect,
            None,
            "sign_in.locked",
            &subject,
            &serde_json::json!({ "failures": recent, "until": until }),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Gate::LoginLocked { until })
}

/// A successful sign-in forgets the login's failures.
pub async fn clear(pool: &AnyPool, login: &str) -> Result<()> {
    sqlx::query("DELETE FROM sign_in_failure WHERE login = $1").bind(login_key(login)).execute(pool).await?;
    Ok(())
}

/// Drops failures that no longer count.
pub async fn prune(pool: &AnyPool, policy: &Policy, now: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM sign_in_failure WHERE at < $1")
        .bind(now - policy.window_ms)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session of `user_id` (on every instance: each session is checked
/// against the user's generation on its next request). Audited.
pub async fn end_all_sessions(db: &Db, actor: Option<i64>, user_id: i64) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    sqlx::query("UPDATE app_user SET session_generation = session_generation + 1 WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.dialect,
        actor,
        "user.signed_out_everywhere",
        &format!("user:{user_id}"),
        &serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
