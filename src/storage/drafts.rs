//! Drafts, their versions and the provision tree of each version.

use sqlx::{AnyPool, FromRow};

use super::{Result, StorageError, json_list, now_ms, to_json_list};

#[derive(Debug, Clone, FromRow)]
pub struct DraftRow {
    pub id: i64,
    pub dossier_id: i64,
    pub kind: String,
    pub title: String,
    pub keywords: String,
    pub position: i64,
    pub view_count: i64,
}

impl DraftRow {
    pub fn keyword_list(&self) -> Vec<String> {
        json_list(&self.keywords).unwrap_or_default()
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct VersionRow {
    pub id: i64,
    pub draft_id: i64,
    pub number: i64,
    pub status: String,
    pub source_name: String,
    pub source_format: String,
    pub source_text: String,
    pub preamble: String,
    pub warnings: String,
    pub created_at: i64,
    pub published_at: Option<i64>,
}

impl VersionRow {
    pub fn is_published(&self) -> bool {
        self.status == "published"
    }
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct ProvisionRow {
    pub id: i64,
    pub version_id: i64,
    pub parent_id: Option<i64>,
    pub kind: String,
    pub label: String,
    pub number: String,
    pub heading: Option<String>,
    pub body: String,
    pub position: i64,
    pub depth: i64,
    pub source_line: i64,
}

/// A provision to store, in pre-order with its depth (0 = top level).
#[derive(Debug, Clone)]
pub struct NewProvision {
    pub kind: String,
    pub label: String,
    pub number: String,
    pub heading: Option<String>,
    pub body: String,
    pub depth: i64,
    pub source_line: i64,
}

/// A parsed upload, stored as a version in status `draft` until an editor publishes it.
pub struct NewVersion<'a> {
    pub draft_id: i64,
    pub source_name: &'a str,
    pub source_format: &'a str,
    pub source_text: &'a str,
    pub preamble: &'a str,
    /// JSON array of the parser's warnings.
    pub warnings_json: &'a str,
    pub provisions: &'a [NewProvision],
    /// The newest version number the uploader saw (`None`: no check). If a newer
    /// version exists, nothing is stored.
    pub base: Option<i64>,
}

/// Why a version was not stored.
#[derive(Debug, thiserror::Error)]
pub enum InsertVersionError {
    #[error("version {latest} was made meanwhile")]
    Superseded { latest: i64 },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for InsertVersionError {
    fn from(e: sqlx::Error) -> Self {
        Self::Storage(e.into())
    }
}

const DRAFT_COLUMNS: &str = "id, dossier_id, kind, title, keywords, position, view_count";
const VERSION_COLUMNS: &str = "id, draft_id, number, status, source_name, source_format, source_text,
     preamble, warnings, created_at, published_at";
const PROVISION_COLUMNS: &str =
    "id, version_id, parent_id, kind, label, number, heading, body, position, depth, source_line";

pub async fn insert_draft(
    pool: &AnyPool,
    dossier_id: i64,
    kind: &str,
    title: &str,
    keywords: &[String],
) -> Result<i64> {
    let position: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft WHERE dossier_id = $1")
        .bind(dossier_id)
        .fetch_one(pool)
        .await?;
    let id = sqlx::query_scalar(
        "INSERT INTO draft (dossier_id, kind, title, keywords, position, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(dossier_id)
    .bind(kind)
    .bind(title)
    .bind(to_json_list(keywords))
    .bind(position + 1)
    .bind(now_ms())
    .fetch_one(pool)
    .await?;
    super::content_changed();
    Ok(id)
}

pub async fn get_draft(pool: &AnyPool, id: i64) -> Result<Option<DraftRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {DRAFT_COLUMNS} FROM draft WHERE id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

pub async fn drafts_of(pool: &AnyPool, dossier_id: i64) -> Result<Vec<DraftRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {DRAFT_COLUMNS} FROM draft WHERE dossier_id = $1 ORDER BY position, id"
    )))
    .bind(dossier_id)
    .fetch_all(pool)
    .await?)
}

/// Adds counted views to drafts, in one transaction.
pub async fn add_views(pool: &AnyPool, views: &[(i64, i64)]) -> Result<Vec<(i64, i64)>> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let mut stored = Vec::with_capacity(views.len());
    for (draft_id, n) in views {
        let now: Option<i64> = sqlx::query_scalar(
            "UPDATE draft SET view_count = view_count + $1 WHERE id = $2 RETURNING view_count",
        )
        .bind(n)
        .bind(draft_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(now) = now {
            stored.push((*draft_id, now));
        }
    }
    tx.commit().await?;
    Ok(stored)
}

/// Stores a parsed version and its provisions in one transaction.
pub async fn insert_version(
    pool: &AnyPool,
    new: &NewVersion<'_>,
) -> std::result::Result<i64, InsertVersionError> {
    let mut tx = super::dialect::begin_write(pool).await?;
    // Versions of one draft are numbered one at a time: this no-op UPDATE locks the
    // draft's row (PostgreSQL) so that two uploads cannot both take the next number.
    sqlx::query("UPDATE draft SET position = position WHERE id = $1")
        .bind(new.draft_id)
        .execute(&mut *tx)
        .await?;
    let number: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM draft_version WHERE draft_id = $1")
            .bind(new.draft_id)
            .fetch_one(&mut *tx)
            .await?;
    if let Some(base) = new.base
        && number - 1 != base
    {
        return Err(InsertVersionError::Superseded { latest: number - 1 });
    }
    let version_id: i64 = sqlx::query_scalar(
        "INSERT INTO draft_version (draft_id, number, status, source_name, source_format, source_text,
             preamble, warnings, created_at)
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(new.draft_id)
    .bind(number)
    .bind(new.source_name)
    .bind(new.source_format)
    .bind(new.source_text)
    .bind(new.preamble)
    .bind(new.warnings_json)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    // Parent of each provision: the nearest preceding provision one level up.
    let mut open: Vec<i64> = Vec::new();
    for (position, p) in new.provisions.iter().enumerate() {
        let depth = usize::try_from(p.depth).unwrap_or(0).min(open.len());
        open.truncate(depth);
        let parent = open.last().copied();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO provision (version_id, parent_id, kind, label, number, heading, body,
                 position, depth, source_line)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(version_id)
        .bind(parent)
        .bind(&p.kind)
        .bind(&p.label)
        .bind(&p.number)
        .bind(p.heading.as_deref())
        .bind(&p.body)
        .bind(position as i64)
        .bind(depth as i64)
        .bind(p.source_line)
        .fetch_one(&mut *tx)
        .await?;
        open.push(id);
    }
    sqlx::query("UPDATE provision SET lineage_id = id WHERE version_id = $1")
        .bind(version_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::content_changed();
    Ok(version_id)
}

pub async fn get_version(pool: &AnyPool, id: i64) -> Result<Option<VersionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM draft_version WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn versions_of(pool: &AnyPool, draft_id: i64) -> Result<Vec<VersionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM draft_version WHERE draft_id = $1 ORDER BY number DESC"
    )))
    .bind(draft_id)
    .fetch_all(pool)
    .await?)
}

/// The newest published version of a draft.
pub async fn latest_published(pool: &AnyPool, draft_id: i64) -> Result<Option<VersionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {VERSION_COLUMNS} FROM draft_version WHERE draft_id = $1 AND status = 'published'
         ORDER BY number DESC LIMIT 1"
    )))
    .bind(draft_id)
    .fetch_optional(pool)
    .await?)
}

pub async fn publish_version(pool: &AnyPool, version_id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE draft_version SET status = 'published', published_at = $1 WHERE id = $2 AND status = 'draft'",
    )
    .bind(now_ms())
    .bind(version_id)
    .execute(pool)
    .await?;
    super::content_changed();
    Ok(done.rows_affected() == 1)
}

/// Sets when a version was uploaded and published (the demo's dossier is older than
/// the moment it is loaded, like its comments).
pub async fn backdate_version(
    pool: &AnyPool,
    version_id: i64,
    uploaded_at: i64,
    published_at: i64,
) -> Result<()> {
    sqlx::query("UPDATE draft_version SET created_at = $1, published_at = $2 WHERE id = $3")
        .bind(uploaded_at)
        .bind(published_at)
        .bind(version_id)
        .execute(pool)
        .await?;
    super::content_changed();
    Ok(())
}

pub async fn provisions(pool: &AnyPool, version_id: i64) -> Result<Vec<ProvisionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE version_id = $1 ORDER BY position"
    )))
    .bind(version_id)
    .fetch_all(pool)
    .await?)
}

pub async fn get_provision(pool: &AnyPool, id: i64) -> Result<Option<ProvisionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

/// How an editor corrects the parser: a new kind and label, and a level change that
/// moves the provision (with its subtree) one level out or in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelChange {
    Keep,
    Outdent,
    Indent,
}

/// Corrects one provision of an unpublished version. Returns `false` if the version is
/// published (its tree is frozen) or the level change is impossible.
pub async fn correct_provision(
    pool: &AnyPool,
    provision_id: i64,
    kind: &str,
    label: &str,
    level: LevelChange,
) -> Result<bool> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let Some(target): Option<ProvisionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE id = $1"
    )))
    .bind(provision_id)
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Ok(false);
    };
    let status: String = sqlx::query_scalar("SELECT status FROM draft_version WHERE id = $1")
        .bind(target.version_id)
        .fetch_one(&mut *tx)
        .await?;
    if status != "draft" {
        return Ok(false);
    }
    let all: Vec<ProvisionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE version_id = $1 ORDER BY position"
    )))
    .bind(target.version_id)
    .fetch_all(&mut *tx)
    .await?;
    let index = all
        .iter()
        .position(|p| p.id == provision_id)
        .ok_or_else(|| StorageError::Corrupt("provision missing from its version".into()))?;
    let mut depths: Vec<i64> = all.iter().map(|p| p.depth).collect();
    let delta = match level {
        LevelChange::Keep => 0,
        LevelChange::Outdent if depths[index] > 0 => -1,
        LevelChange::Indent if index > 0 && depths[index - 1] >= depths[index] => 1,
        _ => return Ok(false),
    };
    // The subtree moves with the provision.
    let own = depths[index];
    let end = (index + 1..all.len()).find(|&i| depths[i] <= own).unwrap_or(all.len());
    for d in &mut depths[index..end] {
        *d += delta;
    }
    let parents = parents_from_depths(&all.iter().map(|p| p.id).collect::<Vec<_>>(), &depths);
    for (i, p) in all.iter().enumerate() {
        if p.depth != depths[i] || p.parent_id != parents[i] {
            sqlx::query("UPDATE provision SET depth = $1, parent_id = $2 WHERE id = $3")
                .bind(depths[i])
                .bind(parents[i])
                .bind(p.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("UPDATE provision SET kind = $1, label = $2 WHERE id = $3")
        .bind(kind)
        .bind(label)
        .bind(provision_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::content_changed();
    Ok(true)
}

/// Parent ids from a pre-order list of depths: the nearest preceding item one level up.
fn parents_from_depths(ids: &[i64], depths: &[i64]) -> Vec<Option<i64>> {
    let mut open: Vec<(i64, i64)> = Vec::new();
    let mut out = Vec::with_capacity(ids.len());
    for (&id, &depth) in ids.iter().zip(depths) {
        while open.last().is_some_and(|&(_, d)| d >= depth) {
            open.pop();
        }
        out.push(open.last().map(|&(pid, _)| pid));
        open.push((id, depth));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_follow_depths() {
        let ids = [1, 2, 3, 4, 5];
        let depths = [0, 1, 2, 1, 0];
        assert_eq!(parents_from_depths(&ids, &depths), vec![None, Some(1), Some(2), Some(1), None]);
    }
}

/// A provision of the newest published version of a draft, with its draft.
#[derive(Debug, Clone, FromRow)]
pub struct PublishedProvision {
    pub id: i64,
    pub draft_id: i64,
    pub draft_title: String,
    pub label: String,
    pub heading: Option<String>,
    pub body: String,
}

/// Every provision of the newest published version of every draft, in draft and
/// document order (what provision search looks through).
pub async fn published_provisions(pool: &AnyPool) -> Result<Vec<PublishedProvision>> {
    Ok(sqlx::query_as(
        "SELECT p.id, v.draft_id, d.title AS draft_title, p.label, p.heading, p.body
         FROM provision p JOIN draft_version v ON v.id = p.version_id JOIN draft d ON d.id = v.draft_id
         WHERE v.status = 'published' AND v.number = (
             SELECT MAX(v2.number) FROM draft_version v2 WHERE v2.draft_id = v.draft_id AND v2.status = 'published')
         ORDER BY v.draft_id, p.position",
    )
    .fetch_all(pool)
    .await?)
}

/// Whether a version can still be edited (not published).
async fn editable(tx: &mut sqlx::Transaction<'static, sqlx::Any>, version_id: i64) -> Result<bool> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM draft_version WHERE id = $1")
        .bind(version_id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(status.as_deref() == Some("draft"))
}

async fn provision_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    id: i64,
) -> Result<Option<ProvisionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

async fn version_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    version_id: i64,
) -> Result<Vec<ProvisionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {PROVISION_COLUMNS} FROM provision WHERE version_id = $1 ORDER BY position"
    )))
    .bind(version_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// A short digest of a provision's heading and text, as an editor saw them: a save
/// made from an older page is told apart from one made over the text it replaces.
pub fn text_digest(heading: Option<&str>, body: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(heading.unwrap_or_default().as_bytes());
    hash.update([0]);
    hash.update(body.as_bytes());
    hash.finalize()[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// What [`edit_provision`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Done,
    /// No such provision, or its version is published.
    NotEditable,
    /// Its text is no longer the one the editor saw (someone saved it since).
    Changed,
}

/// Rewrites a provision's heading and text in an unpublished version, if (when `seen`
/// is given) its text is still the one of that [`text_digest`].
pub async fn edit_provision(
    pool: &AnyPool,
    id: i64,
    heading: Option<&str>,
    body: &str,
    seen: Option<&str>,
) -> Result<Edited> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let Some(p) = provision_in(&mut tx, id).await? else { return Ok(Edited::NotEditable) };
    if !editable(&mut tx, p.version_id).await? {
        return Ok(Edited::NotEditable);
    }
    if seen.is_some_and(|seen| seen != text_digest(p.heading.as_deref(), &p.body)) {
        return Ok(Edited::Changed);
    }
    // Only over the text just read: on PostgreSQL a save committed since that read is
    // seen by the UPDATE's check (read committed), not overwritten.
    let done = sqlx::query(
        "UPDATE provision SET heading = $1, body = $2
         WHERE id = $3 AND COALESCE(heading, '') = $4 AND body = $5",
    )
    .bind(heading)
    .bind(body)
    .bind(id)
    .bind(p.heading.as_deref().unwrap_or_default())
    .bind(&p.body)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(Edited::Changed);
    }
    tx.commit().await?;
    super::content_changed();
    Ok(Edited::Done)
}

/// Where a new provision goes relative to an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// After the provision and everything inside it, at its level.
    After,
    /// As its first child.
    FirstChild,
}

/// Inserts a provision (e.g. `Điều 5a`) into an unpublished version; returns its id,
/// or `None` when the anchor is missing or its version is published.
pub async fn insert_provision(
    pool: &AnyPool,
    anchor_id: i64,
    placement: Placement,
    new: &NewProvision,
) -> Result<Option<i64>> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let Some(anchor) = provision_in(&mut tx, anchor_id).await? else { return Ok(None) };
    if !editable(&mut tx, anchor.version_id).await? {
        return Ok(None);
    }
    let all = version_rows(&mut tx, anchor.version_id).await?;
    let index = all.iter().position(|p| p.id == anchor_id).unwrap_or(0);
    let (position, depth, parent) = match placement {
        Placement::FirstChild => (anchor.position + 1, anchor.depth + 1, Some(anchor.id)),
        Placement::After => {
            let end = (index + 1..all.len()).find(|&i| all[i].depth <= anchor.depth).unwrap_or(all.len());
            let position = all.get(end).map_or(anchor.position + (end - index) as i64, |p| p.position);
            (position, anchor.depth, anchor.parent_id)
        }
    };
    sqlx::query("UPDATE provision SET position = position + 1 WHERE version_id = $1 AND position >= $2")
        .bind(anchor.version_id)
        .bind(position)
        .execute(&mut *tx)
        .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO provision (version_id, parent_id, kind, label, number, heading, body, position, depth, source_line)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0) RETURNING id",
    )
    .bind(anchor.version_id)
    .bind(parent)
    .bind(&new.kind)
    .bind(&new.label)
    .bind(&new.number)
    .bind(new.heading.as_deref())
    .bind(&new.body)
    .bind(position)
    .bind(depth)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE provision SET lineage_id = id WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    super::content_changed();
    Ok(Some(id))
}

/// Deletes a provision and everything inside it from an unpublished version (its links
/// to the previous version go too, to be computed again); `false` when refused.
pub async fn delete_provision(pool: &AnyPool, id: i64) -> Result<bool> {
    let mut tx = super::dialect::begin_write(pool).await?;
    let Some(target) = provision_in(&mut tx, id).await? else { return Ok(false) };
    if !editable(&mut tx, target.version_id).await? {
        return Ok(false);
    }
    let all = version_rows(&mut tx, target.version_id).await?;
    let index = all.iter().position(|p| p.id == id).unwrap_or(0);
    let end = (index + 1..all.len()).find(|&i| all[i].depth <= target.depth).unwrap_or(all.len());
    let removed = &all[index..end];
    sqlx::query("DELETE FROM provision_link WHERE version_id = $1")
        .bind(target.version_id)
        .execute(&mut *tx)
        .await?;
    // Children first (they point at their parents); a later version's links to them
    // go too (that version is linked again).
    let mut by_depth: Vec<&ProvisionRow> = removed.iter().collect();
    by_depth.sort_by_key(|p| std::cmp::Reverse(p.depth));
    for p in by_depth {
        sqlx::query("DELETE FROM provision_link WHERE old_id = $1 OR new_id = $1")
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM provision WHERE id = $1").bind(p.id).execute(&mut *tx).await?;
    }
    sqlx::query("UPDATE provision SET position = position - $1 WHERE version_id = $2 AND position > $3")
        .bind(removed.len() as i64)
        .bind(target.version_id)
        .bind(target.position)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::content_changed();
    Ok(true)
}
