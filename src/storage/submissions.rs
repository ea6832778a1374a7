//! Submitted packages (migration 0008): the ZIP as it was sent and its manifest.

use sqlx::FromRow;

use super::dialect;
use super::{Db, Result, audit};
use crate::package::{FileEntry, Package};

#[derive(Debug, Clone, FromRow)]
pub struct StoredPackage {
    pub manifest: String,
    pub archive: Vec<u8>,
    pub created_at: i64,
}

impl StoredPackage {
    /// The files the manifest lists.
    pub fn files(&self) -> Vec<FileEntry> {
        #[derive(serde::Deserialize)]
        struct Manifest {
            files: Vec<Entry>,
        }
        #[derive(serde::Deserialize)]
        struct Entry {
            path: String,
            title: String,
            bytes: u64,
            sha256: String,
        }
        serde_json::from_str::<Manifest>(&self.manifest)
            .map(|m| {
                m.files
                    .into_iter()
                    .map(|e| FileEntry { path: e.path, title: e.title, bytes: e.bytes, sha256: e.sha256 })
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub async fn get(db: &Db, dossier_id: i64) -> Result<Option<StoredPackage>> {
    Ok(sqlx::query_as(
        "SELECT manifest, archive, created_at FROM submission_package WHERE dossier_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(dossier_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// The number of comments the rounds of dossier `$1` hold.
const DOSSIER_COMMENTS: &str =
    "SELECT COUNT(*) FROM comment c JOIN consultation k ON k.id = c.consultation_id WHERE k.dossier_id = $1";

/// How many comments the rounds of a dossier hold.
pub async fn comment_count(db: &Db, dossier_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(DOSSIER_COMMENTS).bind(dossier_id).fetch_one(&db.pool).await?)
}

/// What [`submit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    Done,
    /// The dossier was submitted already: nothing changed.
    Already,
    /// Comments arrived after the package was made: nothing changed; they must be
    /// answered first.
    CommentsArrived,
}

/// Marks the dossier submitted and keeps its package, made when the dossier held
/// `comments` comments, in one transaction. Rounds of the dossier still open (or yet
/// to open) end at `now`: a comment sent after the submission would be answered by
/// nobody and be in no package. Their planned dates are kept in the audit trail.
pub async fn submit(
    db: &Db,
    actor: i64,
    dossier_id: i64,
    now: i64,
    package: &Package,
    comments: i64,
) -> Result<Submitted> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let marked = sqlx::query(
        "UPDATE dossier SET submitted_at = $1, submitted_by = $2 WHERE id = $3 AND submitted_at IS NULL",
    )
    .bind(now)
    .bind(actor)
    .bind(dossier_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !marked {
        tx.rollback().await?;
        return Ok(Submitted::Already);
    }
    let closed: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, opens_at, closes_at FROM consultation WHERE dossier_id = $1 AND closes_at > $2 ORDER BY id",
    )
    .bind(dossier_id)
    .bind(now)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE consultation SET closes_at = $1, opens_at = CASE WHEN opens_at > $1 THEN $1 ELSE opens_at END
         WHERE dossier_id = $2 AND closes_at > $1",
    )
    .bind(now)
    .bind(dossier_id)
    .execute(&mut *tx)
    .await?;
    // A comment stored while the package was being made is in no package; none may
    // be stored between this count and the commit.
    db.dialect.lock_comment_inserts(&mut tx).await?;
    let now_held: i64 = sqlx::query_scalar(DOSSIER_COMMENTS).bind(dossier_id).fetch_one(&mut *tx).await?;
    if now_held != comments {
        tx.rollback().await?;
        return Ok(Submitted::CommentsArrived);
    }
    sqlx::query(
        "INSERT INTO submission_package (dossier_id, manifest, archive, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(dossier_id)
    .bind(&package.manifest)
    .bind(&package.archive)
    .bind(actor)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let files: Vec<serde_json::Value> =
        package.files.iter().map(|f| serde_json::json!({ "path": f.path, "sha256": f.sha256 })).collect();
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "dossier.submitted",
        &format!("dossier:{dossier_id}"),
        &serde_json::json!({
            "files": files,
            "ended_consultations": closed
                .iter()
                .map(|(id, opens_at, closes_at)| serde_json::json!({
                    "id": id, "planned_opens_at": opens_at, "planned_closes_at": closes_at,
                }))
                .collect::<Vec<_>>(),
        }),
    )
    .await?;
    for (id, ..) in &closed {
        db.dialect.notify(&mut tx, super::consultations::CHANGED, &id.to_string()).await?;
    }
    tx.commit().await?;
    super::content_changed();
    Ok(Submitted::Done)
}
