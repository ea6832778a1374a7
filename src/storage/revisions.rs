//! Links between the provisions of a version and those of the version before it
//! (migration 0006), and what the comparison table reads of the answers.

use sqlx::FromRow;

use super::dialect;
use super::drafts::VersionRow;
use super::{Db, Result, audit};

/// One stored link.
#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    pub new_id: Option<i64>,
    pub old_id: Option<i64>,
    /// `kept`, `split`, `inserted` (a new provision) or `merged`, `deleted` (an old one).
    pub relation: String,
    pub text_changed: i64,
    pub renumbered: i64,
    pub moved: i64,
    /// Text similarity in thousandths.
    pub similarity: i64,
    pub by_editor: i64,
}

/// A link to store.
#[derive(Debug, Clone)]
pub struct NewLink {
    pub new_id: Option<i64>,
    pub old_id: Option<i64>,
    pub relation: &'static str,
    pub text_changed: bool,
    pub renumbered: bool,
    pub moved: bool,
    pub similarity: i64,
    pub by_editor: bool,
}

/// The version a version revises: the one numbered just before it.
pub async fn previous_version(db: &Db, version: &VersionRow) -> Result<Option<VersionRow>> {
    let versions = super::drafts::versions_of(&db.pool, version.draft_id).await?;
    Ok(versions.into_iter().filter(|v| v.number < version.number).max_by_key(|v| v.number))
}

pub async fn links(db: &Db, version_id: i64) -> Result<Vec<LinkRow>> {
    Ok(sqlx::query_as(
        "SELECT new_id, old_id, relation, text_changed, renumbered, moved, similarity, by_editor
         FROM provision_link WHERE version_id = $1 ORDER BY id",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The links an editor set: (new provision, the old one it continues or none).
pub async fn editor_links(db: &Db, version_id: i64) -> Result<Vec<(i64, Option<i64>)>> {
    Ok(links(db, version_id)
        .await?
        .into_iter()
        .filter(|l| l.by_editor == 1)
        .filter_map(|l| l.new_id.map(|n| (n, l.old_id)))
        .collect())
}

/// Replaces the links of a version and sets each new provision's lineage: the
/// lineage of the provision it continues, or its own id.
pub async fn replace_links(
    db: &Db,
    version_id: i64,
    previous_version_id: i64,
    new_links: &[NewLink],
) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    write_links(&mut tx, version_id, previous_version_id, new_links).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_links(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    version_id: i64,
    previous_version_id: i64,
    new_links: &[NewLink],
) -> Result<()> {
    sqlx::query("DELETE FROM provision_link WHERE version_id = $1")
        .bind(version_id)
        .execute(&mut **tx)
        .await?;
    for l in new_links {
        sqlx::query(
            "INSERT INTO provision_link (version_id, previous_version_id, new_id, old_id, relation,
                 text_changed, renumbered, moved, similarity, by_editor)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(version_id)
        .bind(previous_version_id)
        .bind(l.new_id)
        .bind(l.old_id)
        .bind(l.relation)
        .bind(i64::from(l.text_changed))
        .bind(i64::from(l.renumbered))
        .bind(i64::from(l.moved))
        .bind(l.similarity)
        .bind(i64::from(l.by_editor))
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("UPDATE provision SET lineage_id = id WHERE version_id = $1")
        .bind(version_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE provision SET lineage_id = (
             SELECT COALESCE(o.lineage_id, o.id) FROM provision_link l JOIN provision o ON o.id = l.old_id
             WHERE l.new_id = provision.id AND l.version_id = $1 AND l.relation = 'kept')
         WHERE version_id = $1 AND EXISTS (
             SELECT 1 FROM provision_link l WHERE l.new_id = provision.id AND l.version_id = $1 AND l.relation = 'kept')",
    )
    .bind(version_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records an editor's correction (in the audit trail) and the links computed with
/// it, in one transaction.
pub async fn correct_links(
    db: &Db,
    actor: i64,
    version_id: i64,
    previous_version_id: i64,
    correction: (i64, Option<i64>),
    new_links: &[NewLink],
) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    write_links(&mut tx, version_id, previous_version_id, new_links).await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "lineage.corrected",
        &format!("version:{version_id}"),
        &serde_json::json!({ "provision": correction.0, "continues": correction.1 }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An answer given to comments on a provision (directly or through their group).
#[derive(Debug, Clone, FromRow)]
pub struct ProvisionAnswer {
    pub provision_id: i64,
    pub disposition_id: i64,
    pub kind: String,
    pub answer: String,
    pub state: String,
    /// How many comments on the provision it answers.
    pub comments: i64,
}

/// The answers to comments on the provisions of a version, each provision's in the
/// order they were given. A comment in a group is answered by its own disposition if
/// it has one, else by its group's.
pub async fn answers_on_version(db: &Db, version_id: i64) -> Result<Vec<ProvisionAnswer>> {
    Ok(sqlx::query_as(
        "SELECT c.provision_id AS provision_id, d.id AS disposition_id, d.kind AS kind, d.answer AS answer,
                d.state AS state, COUNT(*) AS comments
         FROM comment c
         JOIN disposition d ON d.comment_id = c.id
             OR (d.group_id = c.group_id AND NOT EXISTS (SELECT 1 FROM disposition o WHERE o.comment_id = c.id))
         WHERE c.version_id = $1 AND c.provision_id IS NOT NULL
         GROUP BY c.provision_id, d.id, d.kind, d.answer, d.state
         ORDER BY c.provision_id, d.id",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?)
}

/// How many comments each provision of a version has, and how many of them have no
/// answer yet (neither their own nor their group's).
#[derive(Debug, Clone, FromRow)]
pub struct CommentCounts {
    pub provision_id: i64,
    pub comments: i64,
    pub unanswered: i64,
}

pub async fn comment_counts(db: &Db, version_id: i64) -> Result<Vec<CommentCounts>> {
    Ok(sqlx::query_as(
        "SELECT c.provision_id AS provision_id, COUNT(*) AS comments,
                SUM(CASE WHEN EXISTS (SELECT 1 FROM disposition d WHERE d.comment_id = c.id)
                          OR (c.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM disposition g WHERE g.group_id = c.group_id))
                    THEN 0 ELSE 1 END) AS unanswered
         FROM comment c
         WHERE c.version_id = $1 AND c.provision_id IS NOT NULL
         GROUP BY c.provision_id",
    )
    .bind(version_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A comment on a provision, for the list of comments whose provision was dropped.
#[derive(Debug, Clone, FromRow)]
pub struct CommentOnProvision {
    pub id: i64,
    pub consultation_id: i64,
    pub body: String,
    pub answered: i64,
}

/// The columns of [`CommentOnProvision`]; a query by provision reads the settled
/// and the unsettled comments (see `comments::Settling`).
const ON_PROVISION: &str = "SELECT c.id AS id, c.consultation_id AS consultation_id, c.body AS body,
        CASE WHEN EXISTS (SELECT 1 FROM disposition d WHERE d.comment_id = c.id)
                  OR (c.group_id IS NOT NULL AND EXISTS (SELECT 1 FROM disposition g WHERE g.group_id = c.group_id))
            THEN 1 ELSE 0 END AS answered
     FROM comment c";

/// Up to `limit` comments on a provision, oldest first.
pub async fn comments_on(db: &Db, provision_id: i64, limit: i64) -> Result<Vec<CommentOnProvision>> {
    let rows = super::comments::settled_and_not(db.dialect, ON_PROVISION, " WHERE c.provision_id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{rows} ORDER BY id LIMIT $2")))
        .bind(provision_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?)
}

/// The links of later versions that start from a provision: (version, link).
pub async fn links_from(db: &Db, old_id: i64) -> Result<Vec<(i64, LinkRow)>> {
    #[derive(FromRow)]
    struct Row {
        version_id: i64,
        #[sqlx(flatten)]
        link: LinkRow,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT version_id, new_id, old_id, relation, text_changed, renumbered, moved, similarity, by_editor
         FROM provision_link WHERE old_id = $1 ORDER BY version_id, id",
    )
    .bind(old_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.version_id, r.link)).collect())
}
