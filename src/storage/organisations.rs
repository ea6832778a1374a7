//! Organisations: a tree of central bodies, provincial units and their departments.

use sqlx::{AnyPool, FromRow};

use super::dialect::Dialect;
use super::{Result, now_ms};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Organisation {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub code: String,
    pub name: String,
}

/// Kinds of organisation, stored as text.
pub const KINDS: [(&str, &str); 5] = [
    ("central", "Cơ quan Trung ương"),
    ("province", "Tỉnh, thành phố"),
    ("department", "Sở, ban, ngành"),
    ("commune", "Xã, phường, đặc khu"),
    ("other", "Tổ chức khác"),
];

pub fn kind_name_vi(kind: &str) -> &'static str {
    KINDS.iter().find(|k| k.0 == kind).map_or("Tổ chức khác", |k| k.1)
}

pub async fn insert(
    pool: &AnyPool,
    parent_id: Option<i64>,
    kind: &str,
    code: &str,
    name: &str,
) -> Result<i64> {
    insert_by(pool, None, parent_id, kind, code, name).await
}

/// Adds an organisation on behalf of `actor`; audited.
pub async fn insert_by(
    pool: &AnyPool,
    actor: Option<i64>,
    parent_id: Option<i64>,
    kind: &str,
    code: &str,
    name: &str,
) -> Result<i64> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO organisation (parent_id, kind, code, name, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(parent_id)
    .bind(kind)
    .bind(code)
    .bind(name)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "code": code, "name": name, "kind": kind, "parent": parent_id });
    super::audit::record(
        &mut tx,
        Dialect::of(pool),
        actor,
        "organisation.created",
        &format!("organisation:{id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes an organisation on behalf of `actor`; audited.
pub async fn update(
    pool: &AnyPool,
    actor: Option<i64>,
    id: i64,
    parent_id: Option<i64>,
    kind: &str,
    name: &str,
) -> Result<bool> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let done = sqlx::query("UPDATE organisation SET parent_id = $1, kind = $2, name = $3 WHERE id = $4")
        .bind(parent_id)
        .bind(kind)
        .bind(name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let detail = serde_json::json!({ "name": name, "kind": kind, "parent": parent_id });
    super::audit::record(
        &mut tx,
        Dialect::of(pool),
        actor,
        "organisation.changed",
        &format!("organisation:{id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<Organisation>> {
    Ok(sqlx::query_as("SELECT id, parent_id, kind, code, name FROM organisation WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn by_code(pool: &AnyPool, code: &str) -> Result<Option<Organisation>> {
    Ok(sqlx::query_as("SELECT id, parent_id, kind, code, name FROM organisation WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?)
}

/// Every organisation, ordered so that a tree can be built in one pass.
pub async fn list(pool: &AnyPool) -> Result<Vec<Organisation>> {
    Ok(sqlx::query_as("SELECT id, parent_id, kind, code, name FROM organisation ORDER BY id")
        .fetch_all(pool)
        .await?)
}

/// The organisations as a depth-first list of (depth, organisation), children under
/// their parent, in insertion order.
pub fn as_tree(all: &[Organisation]) -> Vec<(usize, &Organisation)> {
    fn visit<'a>(
        all: &'a [Organisation],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(usize, &'a Organisation)>,
    ) {
        for org in all.iter().filter(|o| o.parent_id == parent) {
            out.push((depth, org));
            if depth < 16 {
                visit(all, Some(org.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(all.len());
    visit(all, None, 0, &mut out);
    out
}

/// Whether making `parent` the parent of `id` would create a cycle.
pub fn would_cycle(all: &[Organisation], id: i64, parent: Option<i64>) -> bool {
    let mut cursor = parent;
    let mut steps = 0;
    while let Some(p) = cursor {
        if p == id || steps > all.len() {
            return true;
        }
        cursor = all.iter().find(|o| o.id == p).and_then(|o| o.parent_id);
        steps += 1;
    }
    false
}
