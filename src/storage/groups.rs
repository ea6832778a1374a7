//! Near-duplicate groups of comments (see migration 0004).
//!
//! A group exists only with two or more members; a comment alone has no
//! `group_id`. Every function that changes membership keeps `comment_group.size`
//! equal to the number of members and dissolves a group left with one member, in the
//! same transaction.

use sqlx::{AnyConnection, FromRow};

use super::{Db, Result, audit, dialect, now_ms};

/// A new comment found to resemble earlier comments of its consultation.
#[derive(Debug, Clone)]
pub struct Join {
    pub comment_id: i64,
    pub consultation_id: i64,
    /// Earlier comments it was verified to resemble, earliest first.
    pub matched: Vec<i64>,
}

/// A comment as the grouper reads it.
#[derive(Debug, Clone, FromRow)]
pub struct GroupingRow {
    pub id: i64,
    pub consultation_id: i64,
    /// Comments group only with comments on the same draft (a group is one row of
    /// that draft's report).
    pub draft_id: i64,
    pub body: String,
}

const GROUPING_SELECT: &str = "SELECT c.id, c.consultation_id, v.draft_id, c.body FROM comment c JOIN draft_version v ON v.id = c.version_id";

/// Comments with ids above `after`, in id order.
pub async fn rows_after(db: &Db, after: i64, limit: i64) -> Result<Vec<GroupingRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{GROUPING_SELECT} WHERE c.id > $1 ORDER BY c.id LIMIT $2"
    )))
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// A consultation's comments with ids above `after`, in id order.
pub async fn consultation_rows_after(
    db: &Db,
    consultation_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<GroupingRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{GROUPING_SELECT} WHERE c.consultation_id = $1 AND c.id > $2 ORDER BY c.id LIMIT $3"
    )))
    .bind(consultation_id)
    .bind(after)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

/// Up to `limit` comments with ids in the ranges (`start..=end`), in id order: the
/// ids the tail saw missing earlier.
pub async fn rows_in_ranges(db: &Db, ranges: &[(i64, i64)], limit: i64) -> Result<Vec<GroupingRow>> {
    crate::storage::comments::rows_in_ranges(db, GROUPING_SELECT, ranges, limit).await
}

/// The id through which the grouping tail has read comments.
pub async fn progress(db: &Db) -> Result<i64> {
    let through: Option<i64> =
        sqlx::query_scalar("SELECT through_id FROM grouping_progress WHERE name = 'tail'")
            .fetch_optional(&db.pool)
            .await?;
    Ok(through.unwrap_or(0))
}

/// Records the joins of one batch read by the tail and its new position: each comment
/// joins the group of the first matched comment that has one, or forms a new group
/// with the first matched comment. Returns how many chunks the group commit wrote.
///
/// The joins are written [`JOIN_CHUNK`] at a time, each chunk with the position
/// through which everything is then recorded (below the first join not yet written);
/// a join written by an earlier chunk is seen by the next one's reading of the
/// states. On SQLite a chunk is first handed to the group commit ([`JoinHandoff`]),
/// which writes it in the transaction of its next batch of comments: SQLite has one
/// writer at a time, and a surge's joins written in transactions of their own held
/// the write lock for 35–80 ms twice a second (3,000–5,000 joins each) while intake
/// waited: they set intake's p99 (measured: 93–148 ms with them, 86–88 ms with the
/// handoff, ~52 ms with the grouping tail switched off). A chunk the group commit
/// does not take within [`HANDOFF_WAIT`] (no comments are arriving) or fails to
/// write is written here, in a transaction of its own.
pub async fn apply_joins(db: &Db, joins: &[Join], through: i64) -> Result<usize> {
    let mut rest = joins;
    let mut with_comments = 0;
    loop {
        let (now, later) = rest.split_at(rest.len().min(JOIN_CHUNK));
        let recorded = match later.iter().map(|j| j.comment_id).min() {
            Some(next) => through.min(next - 1),
            None => through,
        };
        if db.dialect == dialect::Dialect::Sqlite && db.joins.hand_over(now, recorded).await {
            with_comments += 1;
        } else {
            apply_chunk(db, now, recorded).await?;
        }
        if later.is_empty() {
            return Ok(with_comments);
        }
        rest = later;
    }
}

/// Joins written in one transaction.
const JOIN_CHUNK: usize = 500;

/// How long a chunk of joins waits for the group commit to take it.
pub const HANDOFF_WAIT: std::time::Duration = std::time::Duration::from_millis(25);

/// Where the grouping tail leaves a chunk of joins for the group commit to write in
/// its next transaction (one per [`Db`], shared by its clones).
#[derive(Debug, Default)]
pub struct JoinHandoff {
    slot: std::sync::Mutex<Option<HandedJoins>>,
}

/// A chunk of joins left in the [`JoinHandoff`], and where to say it was written.
#[derive(Debug)]
pub struct HandedJoins {
    joins: Vec<Join>,
    through: i64,
    written: tokio::sync::oneshot::Sender<bool>,
}

impl JoinHandoff {
    fn slot(&self) -> std::sync::MutexGuard<'_, Option<HandedJoins>> {
        self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Leaves the chunk for the group commit; true once its transaction has
    /// committed it, false if it was not taken in time or its transaction failed
    /// (the caller writes it then).
    async fn hand_over(&self, joins: &[Join], through: i64) -> bool {
        let (written, mut answer) = tokio::sync::oneshot::channel();
        {
            let mut slot = self.slot();
            if slot.is_some() {
                return false;
            }
            *slot = Some(HandedJoins { joins: joins.to_vec(), through, written });
        }
        if let Ok(answer) = tokio::time::timeout(HANDOFF_WAIT, &mut answer).await {
            return answer.unwrap_or(false);
        }
        // Not taken yet: take it back, unless the group commit has just taken it.
        if self.slot().take().is_some() {
            return false;
        }
        answer.await.unwrap_or(false)
    }

    /// The chunk waiting, if any, for the caller's write transaction.
    pub fn take(&self) -> Option<HandedJoins> {
        self.slot().take()
    }
}

impl HandedJoins {
    /// Writes the chunk in the caller's write transaction.
    pub async fn write_in(&self, conn: &mut AnyConnection, dialect: dialect::Dialect) -> Result<()> {
        apply_joins_in(conn, dialect, &self.joins, self.through).await
    }

    /// Says whether the transaction that wrote the chunk committed.
    pub fn answer(self, committed: bool) {
        let _ = self.written.send(committed);
    }
}

async fn apply_chunk(db: &Db, joins: &[Join], through: i64) -> Result<()> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    apply_joins_in(&mut tx, db.dialect, joins, through).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes joins and the tail's position in the caller's write transaction: a
/// handful of set-wise statements, whatever the number of joins.
async fn apply_joins_in(
    conn: &mut AnyConnection,
    dialect: dialect::Dialect,
    joins: &[Join],
    through: i64,
) -> Result<()> {
    dialect.lock_synthesis(conn).await?;
    let now = now_ms();
    let mut ids: Vec<i64> =
        joins.iter().flat_map(|j| std::iter::once(j.comment_id).chain(j.matched.iter().copied())).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut known = states(conn, dialect, &ids).await?;
    let plan = plan_joins(joins, &mut known);
    let created = insert_groups(conn, dialect, &plan.created, now).await?;
    let mut members: Vec<(i64, i64)> = Vec::with_capacity(plan.members.len());
    for &(comment, group) in &plan.members {
        let group = match group {
            Target::Existing(g) => g,
            Target::New(k) => created[k],
        };
        members.push((comment, group));
    }
    set_groups(conn, dialect, &members).await?;
    grow_groups(conn, dialect, &plan.grown, now).await?;
    sqlx::query(
        "INSERT INTO grouping_progress (name, through_id, updated_at) VALUES ('tail', $1, $2)
         ON CONFLICT (name) DO UPDATE SET through_id = excluded.through_id, updated_at = excluded.updated_at",
    )
    .bind(through)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Rows per set-wise statement.
const SET_CHUNK: usize = 1_000;

/// What the tail needs to know of a comment before it joins it to a group.
#[derive(Debug, Clone, Copy)]
struct State {
    group: Option<Target>,
    hidden: bool,
    /// Placed by an editor: it stays where it is.
    placed: bool,
}

/// A group a comment joins: one that exists, or the `k`th made by this batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Existing(i64),
    New(usize),
}

/// The writes one batch of joins makes.
#[derive(Debug, Default)]
struct JoinPlan {
    /// Groups to make: consultation, representative, size.
    created: Vec<(i64, i64, i64)>,
    /// Comments and the groups they join.
    members: Vec<(i64, Target)>,
    /// Existing groups and how many comments joined each.
    grown: Vec<(i64, i64)>,
}

/// The states of the comments `ids` (sorted), read in a few statements.
///
/// Each statement answers with one row, the states of its comments as text
/// (`id:group:hidden:placed,…`), not one row per comment: this runs in the group
/// commit's transaction, and each row is a message from the database's connection
/// thread (on SQLite, a wake-up of the writer's thread). Per chunk of ~500 joins
/// (~900 comments) under `bench intake`, one row per comment took 3–3.7 ms.
async fn states(
    conn: &mut AnyConnection,
    dialect: dialect::Dialect,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, State>> {
    let mut known = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(SET_CHUNK) {
        let sql = format!(
            "SELECT string_agg(CAST(c.id AS TEXT) || ':' || COALESCE(CAST(c.group_id AS TEXT), '') || ':'
                    || CASE WHEN c.moderation = '{hidden}' THEN '1' ELSE '0' END || ':'
                    || CASE WHEN EXISTS (SELECT 1 FROM comment_placement p WHERE p.comment_id = c.id)
                            THEN '1' ELSE '0' END, ',')
             FROM comment c WHERE c.id IN (SELECT CAST(value->>0 AS BIGINT) FROM {})",
            dialect.json_rows("$1"),
            hidden = crate::domain::moderation::Moderation::Hidden.code(),
        );
        let rows: Vec<[i64; 1]> = chunk.iter().map(|id| [*id]).collect();
        let listed = sqlx::query_scalar::<_, Option<String>>(sqlx::AssertSqlSafe(sql))
            .bind(json(&rows)?)
            .fetch_one(&mut *conn)
            .await?
            .unwrap_or_default();
        for entry in listed.split(',').filter(|e| !e.is_empty()) {
            let (id, state) = parse_state(entry).ok_or_else(|| {
                super::StorageError::Corrupt(format!("comment state {entry:?} in a grouping read"))
            })?;
            known.insert(id, state);
        }
    }
    Ok(known)
}

/// One `id:group:hidden:placed` entry of [`states`] (an empty group is none).
fn parse_state(entry: &str) -> Option<(i64, State)> {
    let mut fields = entry.split(':');
    let id = fields.next()?.parse().ok()?;
    let group = match fields.next()? {
        "" => None,
        g => Some(Target::Existing(g.parse().ok()?)),
    };
    let flag = |f: Option<&str>| match f {
        Some("1") => Some(true),
        Some("0") => Some(false),
        _ => None,
    };
    let hidden = flag(fields.next())?;
    let placed = flag(fields.next())?;
    fields.next().is_none().then_some((id, State { group, hidden, placed }))
}

/// Decides each join in order, as if each were written before the next is read: a
/// comment already in a group or placed by an editor stays where it is (joins are
/// idempotent); hidden comments stay out of every group; a comment joins the group of
/// the first matched comment that has one, or forms a new group with the first
/// matched comment. `known` is updated with every decision.
fn plan_joins(joins: &[Join], known: &mut std::collections::HashMap<i64, State>) -> JoinPlan {
    let mut plan = JoinPlan::default();
    let mut grown: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for join in joins {
        let Some(&me) = known.get(&join.comment_id) else { continue };
        if me.group.is_some() || me.placed {
            continue;
        }
        let visible = |m: &i64| *m != join.comment_id && known.get(m).is_some_and(|s| !s.hidden);
        let Some(&first) = join.matched.iter().find(|m| visible(m)) else { continue };
        let target = join.matched.iter().filter(|m| visible(m)).find_map(|m| known[m].group);
        let target = match target {
            Some(target) => {
                match target {
                    Target::Existing(g) => *grown.entry(g).or_default() += 1,
                    Target::New(k) => plan.created[k].2 += 1,
                }
                target
            }
            None => {
                let target = Target::New(plan.created.len());
                plan.created.push((join.consultation_id, first, 2));
                plan.members.push((first, target));
                if let Some(s) = known.get_mut(&first) {
                    s.group = Some(target);
                }
                target
            }
        };
        plan.members.push((join.comment_id, target));
        if let Some(s) = known.get_mut(&join.comment_id) {
            s.group = Some(target);
        }
    }
    plan.grown = grown.into_iter().collect();
    plan
}

/// Makes the groups (consultation, representative, size); returns their ids in order.
async fn insert_groups(
    conn: &mut AnyConnection,
    dialect: dialect::Dialect,
    groups: &[(i64, i64, i64)],
    now: i64,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(groups.len());
    for chunk in groups.chunks(SET_CHUNK) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let p = |k: usize| dialect.placeholder(i * 4 + k);
                format!("({},{},{},{},{})", p(1), p(2), p(3), p(4), p(4))
            })
            .collect();
        // SQLite numbers `?` in order: the time is bound twice there, once in PostgreSQL.
        let sql = format!(
            "INSERT INTO comment_group (consultation_id, representative_id, size, created_at, updated_at)
             VALUES {} RETURNING id",
            rows.join(",")
        );
        let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for &(consultation, representative, size) in chunk {
            query = query.bind(consultation).bind(representative).bind(size).bind(now);
            if dialect == dialect::Dialect::Sqlite {
                query = query.bind(now);
            }
        }
        let mut made = query.fetch_all(&mut *conn).await?;
        // Ids are assigned in VALUES order; RETURNING's order is not promised.
        made.sort_unstable();
        ids.extend(made);
    }
    Ok(ids)
}

/// Sets each comment's group.
async fn set_groups(
    conn: &mut AnyConnection,
    dialect: dialect::Dialect,
    members: &[(i64, i64)],
) -> Result<()> {
    for chunk in members.chunks(SET_CHUNK) {
        let sql = format!(
            "WITH v(id, g) AS (SELECT CAST(value->>0 AS BIGINT), CAST(value->>1 AS BIGINT) FROM {})
             UPDATE comment SET group_id = v.g FROM v WHERE comment.id = v.id",
            dialect.json_rows("$1")
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(json(chunk)?).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds to existing groups' sizes.
async fn grow_groups(
    conn: &mut AnyConnection,
    dialect: dialect::Dialect,
    grown: &[(i64, i64)],
    now: i64,
) -> Result<()> {
    for chunk in grown.chunks(SET_CHUNK) {
        let sql = format!(
            "WITH v(id, n) AS (SELECT CAST(value->>0 AS BIGINT), CAST(value->>1 AS BIGINT) FROM {})
             UPDATE comment_group SET size = size + v.n, updated_at = $2
             FROM v WHERE comment_group.id = v.id",
            dialect.json_rows("$1")
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(json(chunk)?).bind(now).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Rows as the one JSON parameter of a statement that reads them with
/// [`dialect::Dialect::json_rows`] (the same statement text for any number of rows).
fn json(rows: &(impl serde::Serialize + ?Sized)) -> Result<String> {
    serde_json::to_string(rows).map_err(|e| super::StorageError::Corrupt(format!("rows as JSON: {e}")))
}

/// Marks a comment as placed by `actor`: regrouping leaves it where it is.
pub(super) async fn place(conn: &mut AnyConnection, comment_id: i64, actor: i64, now: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO comment_placement (comment_id, placed_by, placed_at) VALUES ($1, $2, $3)
         ON CONFLICT (comment_id) DO UPDATE SET placed_by = excluded.placed_by, placed_at = excluded.placed_at",
    )
    .bind(comment_id)
    .bind(actor)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The group a comment is in, if any.
pub async fn group_of_comment(db: &Db, comment_id: i64) -> Result<Option<i64>> {
    group_of(&mut *db.pool.acquire().await?, comment_id).await
}

async fn group_of(conn: &mut AnyConnection, comment_id: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT group_id FROM comment WHERE id = $1")
        .bind(comment_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten())
}

/// Creates a group of `members` (the first is its representative); returns its id.
async fn create(conn: &mut AnyConnection, consultation_id: i64, members: &[i64], now: i64) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO comment_group (consultation_id, representative_id, size, created_at, updated_at)
         VALUES ($1, $2, 0, $3, $3) RETURNING id",
    )
    .bind(consultation_id)
    .bind(members[0])
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    add_members(conn, id, members, now).await?;
    Ok(id)
}

/// Puts `members` into `group`, taking them out of the groups they were in. Sizes
/// move by increments, so that a comment joining a campaign of a million costs the
/// same as one joining a pair.
async fn add_members(conn: &mut AnyConnection, group: i64, members: &[i64], now: i64) -> Result<()> {
    let mut left = Vec::new();
    let mut added = 0i64;
    for &m in members {
        let old = group_of(conn, m).await?;
        if old == Some(group) {
            continue;
        }
        if let Some(old) = old {
            left.push(old);
        }
        sqlx::query("UPDATE comment SET group_id = $1 WHERE id = $2")
            .bind(group)
            .bind(m)
            .execute(&mut *conn)
            .await?;
        added += 1;
    }
    sqlx::query("UPDATE comment_group SET size = size + $1, updated_at = $2 WHERE id = $3")
        .bind(added)
        .bind(now)
        .bind(group)
        .execute(&mut *conn)
        .await?;
    left.sort_unstable();
    for &old in &left {
        sqlx::query("UPDATE comment_group SET size = size - 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(old)
            .execute(&mut *conn)
            .await?;
    }
    left.dedup();
    for old in left {
        refresh(conn, old, now).await?;
    }
    Ok(())
}

/// Sets a group's size from its members; dissolves it when one or none is left (its
/// answer passes to the comment left, or with none left to the representative, unless
/// that has its own), and picks a new representative if the old one has left.
pub(super) async fn refresh(conn: &mut AnyConnection, group: i64, now: i64) -> Result<()> {
    let (size, first): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(id) FROM comment WHERE group_id = $1")
            .bind(group)
            .fetch_one(&mut *conn)
            .await?;
    if size < 2 {
        // The comment left; or, when every member was taken out, the representative
        // (the comment the answer was written against) if it now stands alone: a
        // published answer is not lost because its group was split up. Members moved
        // all together into another group take the answer there, if it has none.
        let mut joined_group = None;
        let heir = match first {
            Some(last) => Some(last),
            None => {
                let representative: Option<(i64, Option<i64>)> = sqlx::query_as(
                    "SELECT c.id, c.group_id FROM comment_group g JOIN comment c ON c.id = g.representative_id
                     WHERE g.id = $1",
                )
                .bind(group)
                .fetch_optional(&mut *conn)
                .await?;
                match representative {
                    Some((id, None)) => Some(id),
                    Some((_, Some(joined))) => {
                        joined_group = Some(joined);
                        sqlx::query(
                            "UPDATE disposition SET group_id = $1 WHERE group_id = $2
                             AND NOT EXISTS (SELECT 1 FROM disposition WHERE group_id = $1)",
                        )
                        .bind(joined)
                        .bind(group)
                        .execute(&mut *conn)
                        .await?;
                        None
                    }
                    None => None,
                }
            }
        };
        if let Some(last) = heir {
            sqlx::query(
                "UPDATE disposition SET group_id = NULL, comment_id = $1 WHERE group_id = $2
                 AND NOT EXISTS (SELECT 1 FROM disposition WHERE comment_id = $1)",
            )
            .bind(last)
            .bind(group)
            .execute(&mut *conn)
            .await?;
        }
        // An answer that did not pass on (the comment or group it would go to has its
        // own) is dropped, and the audit trail keeps what it said.
        let dropped: Option<(i64, String, String, String)> =
            sqlx::query_as("SELECT id, kind, answer, state FROM disposition WHERE group_id = $1")
                .bind(group)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((id, kind, answer, state)) = dropped {
            let dialect = super::dialect::Dialect::of_connection(conn);
            let reason = match heir {
                Some(_) => "group dissolved; the comment left has its own answer",
                None => "group dissolved; its members joined a group that has its own answer",
            };
            super::audit::record(
                conn,
                dialect,
                None,
                "disposition.dropped",
                &format!("g{group}"),
                &serde_json::json!({
                    "disposition": id, "kind": kind, "answer": answer, "state": state,
                    "reason": reason, "comment": heir, "group": joined_group,
                }),
            )
            .await?;
        }
        sqlx::query("DELETE FROM disposition WHERE group_id = $1").bind(group).execute(&mut *conn).await?;
        sqlx::query("UPDATE comment SET group_id = NULL WHERE group_id = $1")
            .bind(group)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM comment_group WHERE id = $1").bind(group).execute(&mut *conn).await?;
        return Ok(());
    }
    let representative: Option<i64> = sqlx::query_scalar(
        "SELECT g.representative_id FROM comment_group g JOIN comment c ON c.id = g.representative_id
         WHERE g.id = $1 AND c.group_id = $1",
    )
    .bind(group)
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query("UPDATE comment_group SET size = $1, representative_id = $2, updated_at = $3 WHERE id = $4")
        .bind(size)
        .bind(representative.or(first))
        .bind(now)
        .bind(group)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A group as the editors' list shows it.
#[derive(Debug, Clone, FromRow)]
pub struct GroupRow {
    pub id: i64,
    pub consultation_id: i64,
    pub size: i64,
    pub representative_id: i64,
    pub representative_body: String,
    pub provision_label: Option<String>,
    pub updated_at: i64,
}

const GROUP_SELECT: &str = "SELECT g.id, g.consultation_id, g.size, g.representative_id,
        c.body AS representative_body, p.label AS provision_label, g.updated_at
     FROM comment_group g
     JOIN comment c ON c.id = g.representative_id
     LEFT JOIN provision p ON p.id = c.provision_id";

/// The groups of a consultation, largest first.
pub async fn list(db: &Db, consultation_id: i64, limit: i64, offset: i64) -> Result<Vec<GroupRow>> {
    let sql =
        format!("{GROUP_SELECT} WHERE g.consultation_id = $1 ORDER BY g.size DESC, g.id LIMIT $2 OFFSET $3");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(consultation_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?)
}

/// One group.
pub async fn get(db: &Db, group_id: i64) -> Result<Option<GroupRow>> {
    let sql = format!("{GROUP_SELECT} WHERE g.id = $1");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(group_id).fetch_optional(&db.pool).await?)
}

/// Groups and grouped comments of a consultation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub groups: i64,
    pub grouped_comments: i64,
}

pub async fn totals(db: &Db, consultation_id: i64) -> Result<Totals> {
    let (groups, grouped): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(size) AS BIGINT) FROM comment_group WHERE consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(Totals { groups, grouped_comments: grouped.unwrap_or(0) })
}

/// The first `limit` member ids of a group, oldest first (a campaign can have a
/// million members; pages show the first ones and act on the group as a whole).
pub async fn member_ids(db: &Db, group_id: i64, limit: i64) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM comment WHERE group_id = $1 ORDER BY id LIMIT $2")
        .bind(group_id)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?)
}

/// Why an editor's change to groups was refused.
#[derive(Debug, thiserror::Error)]
pub enum GroupChangeError {
    #[error("không có nhóm #{0}")]
    NoSuchGroup(i64),
    #[error("không có ý kiến #{0}")]
    NoSuchComment(i64),
    #[error("chọn ít nhất một nhóm khác để gộp vào nhóm này")]
    NothingToMerge,
    #[error("các ý kiến và nhóm phải thuộc cùng một đợt lấy ý kiến")]
    OtherConsultation,
    #[error("chưa chọn ý kiến nào")]
    NothingSelected,
    #[error("mỗi nhóm chỉ gồm góp ý về cùng một dự thảo (mỗi nhóm là một dòng trong báo cáo của dự thảo đó)")]
    OtherDraft,
    #[error(
        "nhóm #{0} và nhóm này đều đã có nội dung trả lời; gộp sẽ làm mất một nội dung, hãy thống nhất trả lời trước"
    )]
    BothAnswered(i64),
    #[error(transparent)]
    Storage(#[from] super::StorageError),
}

impl From<sqlx::Error> for GroupChangeError {
    fn from(e: sqlx::Error) -> Self {
        Self::Storage(e.into())
    }
}

/// An editor's change to the groups of a consultation.
#[derive(Debug, Clone)]
pub enum Change {
    /// Moves comments into a group (leaving the groups they were in).
    Move { comments: Vec<i64>, to_group: i64 },
    /// Takes comments out of their groups; each stays alone.
    Split { comments: Vec<i64> },
    /// Merges groups into the first one.
    Merge { into: i64, groups: Vec<i64> },
}

/// Applies an editor's change, marks the comments it placed so that regrouping
/// leaves them, and records it in the audit trail. Returns the group the change
/// leaves the comments in, if any.
pub async fn change(
    db: &Db,
    actor: i64,
    consultation_id: i64,
    change: &Change,
) -> std::result::Result<Option<i64>, GroupChangeError> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let now = now_ms();
    let consultation_of_group = |g: i64| {
        sqlx::query_scalar::<_, i64>("SELECT consultation_id FROM comment_group WHERE id = $1").bind(g)
    };
    let (placed, result, action, detail) = match change {
        Change::Move { comments, to_group } => {
            let found = consultation_of_group(*to_group).fetch_optional(&mut *tx).await?;
            match found {
                None => return Err(GroupChangeError::NoSuchGroup(*to_group)),
                Some(c) if c != consultation_id => return Err(GroupChangeError::OtherConsultation),
                Some(_) => {}
            }
            check_comments(&mut tx, consultation_id, comments).await?;
            let target = draft_of_group(&mut tx, *to_group).await?;
            // The groups the comments leave, with how many of the comments each holds.
            let mut sources: Vec<(i64, i64)> = Vec::new();
            let mut unique = comments.clone();
            unique.sort_unstable();
            unique.dedup();
            for &c in &unique {
                if draft_of_comment(&mut tx, c).await? != target {
                    return Err(GroupChangeError::OtherDraft);
                }
                if let Some(g) = group_of(&mut tx, c).await?
                    && g != *to_group
                {
                    match sources.iter_mut().find(|(s, _)| *s == g) {
                        Some((_, moved)) => *moved += 1,
                        None => sources.push((g, 1)),
                    }
                }
            }
            // A group emptied by the move hands its answer to the group its members
            // join (see `refresh`): two answers would lose one, as a merge would.
            let answered = |g: i64| {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM disposition WHERE group_id = $1").bind(g)
            };
            if answered(*to_group).fetch_one(&mut *tx).await? > 0 {
                for &(g, moved) in &sources {
                    let size: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM comment WHERE group_id = $1")
                        .bind(g)
                        .fetch_one(&mut *tx)
                        .await?;
                    if size <= moved && answered(g).fetch_one(&mut *tx).await? > 0 {
                        return Err(GroupChangeError::BothAnswered(g));
                    }
                }
            }
            add_members(&mut tx, *to_group, comments, now).await?;
            let detail = serde_json::json!({ "comments": comments, "group": to_group });
            (comments.clone(), Some(*to_group), "group.move", detail)
        }
        Change::Split { comments } => {
            check_comments(&mut tx, consultation_id, comments).await?;
            let mut left = Vec::new();
            for &c in comments {
                if let Some(g) = group_of(&mut tx, c).await? {
                    left.push(g);
                }
                sqlx::query("UPDATE comment SET group_id = NULL WHERE id = $1")
                    .bind(c)
                    .execute(&mut *tx)
                    .await?;
            }
            left.sort_unstable();
            left.dedup();
            for g in left {
                refresh(&mut tx, g, now).await?;
            }
            (comments.clone(), None, "group.split", serde_json::json!({ "comments": comments }))
        }
        Change::Merge { into, groups } => {
            let mut all = vec![*into];
            for &g in groups {
                if !all.contains(&g) {
                    all.push(g);
                }
            }
            if all.len() == 1 {
                return Err(GroupChangeError::NothingToMerge);
            }
            for &g in &all {
                match consultation_of_group(g).fetch_optional(&mut *tx).await? {
                    None => return Err(GroupChangeError::NoSuchGroup(g)),
                    Some(c) if c != consultation_id => return Err(GroupChangeError::OtherConsultation),
                    Some(_) => {}
                }
            }
            let target = draft_of_group(&mut tx, *into).await?;
            for &g in &all[1..] {
                if draft_of_group(&mut tx, g).await? != target {
                    return Err(GroupChangeError::OtherDraft);
                }
            }
            let answered: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disposition WHERE group_id = $1")
                .bind(*into)
                .fetch_one(&mut *tx)
                .await?;
            for &g in &all[1..] {
                let other: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM disposition WHERE group_id = $1")
                    .bind(g)
                    .fetch_one(&mut *tx)
                    .await?;
                if answered > 0 && other > 0 {
                    return Err(GroupChangeError::BothAnswered(g));
                }
            }
            // Set-based: merging campaigns of 100,000s of comments is a few statements.
            for &g in &all[1..] {
                // A merged group's answer passes to the group it joins, if that has none
                // (two answers were refused above).
                sqlx::query(
                    "UPDATE disposition SET group_id = $1 WHERE group_id = $2
                     AND NOT EXISTS (SELECT 1 FROM disposition WHERE group_id = $1)",
                )
                .bind(*into)
                .bind(g)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE comment SET group_id = $1 WHERE group_id = $2")
                    .bind(*into)
                    .bind(g)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM comment_group WHERE id = $1").bind(g).execute(&mut *tx).await?;
            }
            refresh(&mut tx, *into, now).await?;
            // Every member now sits where an editor put it.
            sqlx::query(
                "INSERT INTO comment_placement (comment_id, placed_by, placed_at)
                 SELECT id, $1, $2 FROM comment WHERE group_id = $3
                 ON CONFLICT (comment_id) DO UPDATE SET placed_by = excluded.placed_by, placed_at = excluded.placed_at",
            )
            .bind(actor)
            .bind(now)
            .bind(*into)
            .execute(&mut *tx)
            .await?;
            (Vec::new(), Some(*into), "group.merge", serde_json::json!({ "into": into, "groups": &all[1..] }))
        }
    };
    for c in &placed {
        place(&mut tx, *c, actor, now).await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        action,
        &format!("consultation:{consultation_id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(result)
}

async fn draft_of_comment(conn: &mut AnyConnection, comment: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT v.draft_id FROM comment c JOIN draft_version v ON v.id = c.version_id WHERE c.id = $1",
    )
    .bind(comment)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn draft_of_group(conn: &mut AnyConnection, group: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT v.draft_id FROM comment_group g JOIN comment c ON c.id = g.representative_id
         JOIN draft_version v ON v.id = c.version_id WHERE g.id = $1",
    )
    .bind(group)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn check_comments(
    conn: &mut AnyConnection,
    consultation_id: i64,
    comments: &[i64],
) -> std::result::Result<(), GroupChangeError> {
    if comments.is_empty() {
        return Err(GroupChangeError::NothingSelected);
    }
    for &c in comments {
        let found: Option<i64> = sqlx::query_scalar("SELECT consultation_id FROM comment WHERE id = $1")
            .bind(c)
            .fetch_optional(&mut *conn)
            .await?;
        match found {
            None => return Err(GroupChangeError::NoSuchComment(c)),
            Some(other) if other != consultation_id => return Err(GroupChangeError::OtherConsultation),
            Some(_) => {}
        }
    }
    Ok(())
}

/// Replaces the automatic groups of a consultation by `groups` (each a list of
/// comment ids up to `through`, earliest first), in one transaction. Comments an
/// editor placed, groups holding one, and groups that already have an answer stay as
/// they are; the new groups are formed from the other comments only.
pub async fn regroup(
    db: &Db,
    actor: Option<i64>,
    consultation_id: i64,
    groups: &[Vec<i64>],
    through: i64,
) -> Result<usize> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    db.dialect.lock_synthesis(&mut tx).await?;
    let now = now_ms();
    let placed: Vec<i64> = sqlx::query_scalar(
        "SELECT p.comment_id FROM comment_placement p JOIN comment c ON c.id = p.comment_id
         WHERE c.consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_all(&mut *tx)
    .await?;
    // Groups that carry an answer or hold a comment an editor placed are kept whole.
    const KEPT_GROUPS: &str = "(SELECT group_id FROM disposition WHERE group_id IS NOT NULL
        UNION SELECT c2.group_id FROM comment c2 JOIN comment_placement p ON p.comment_id = c2.id
        WHERE c2.group_id IS NOT NULL)";
    let kept: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM comment WHERE consultation_id = $1 AND group_id IN {KEPT_GROUPS}"
    )))
    .bind(consultation_id)
    .fetch_all(&mut *tx)
    .await?;
    let placed: std::collections::HashSet<i64> = placed.into_iter().chain(kept).collect();
    // Comments that arrived after the scan keep what the tail gave them.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE comment SET group_id = NULL WHERE consultation_id = $1 AND group_id IS NOT NULL AND id <= $2
         AND group_id NOT IN {KEPT_GROUPS}"
    )))
    .bind(consultation_id)
    .bind(through)
    .execute(&mut *tx)
    .await?;
    let existing: Vec<i64> = sqlx::query_scalar("SELECT id FROM comment_group WHERE consultation_id = $1")
        .bind(consultation_id)
        .fetch_all(&mut *tx)
        .await?;
    for g in existing {
        refresh(&mut tx, g, now).await?;
    }
    let mut formed = 0;
    for group in groups {
        let members: Vec<i64> = group.iter().copied().filter(|c| !placed.contains(c)).collect();
        if members.len() >= 2 {
            create(&mut tx, consultation_id, &members, now).await?;
            formed += 1;
        }
    }
    let detail = serde_json::json!({ "groups": formed });
    audit::record(
        &mut tx,
        db.dialect,
        actor,
        "group.regroup",
        &format!("consultation:{consultation_id}"),
        &detail,
    )
    .await?;
    tx.commit().await?;
    Ok(formed)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn state(group: Option<i64>, hidden: bool, placed: bool) -> State {
        State { group: group.map(Target::Existing), hidden, placed }
    }

    fn join(comment_id: i64, matched: &[i64]) -> Join {
        Join { comment_id, consultation_id: 1, matched: matched.to_vec() }
    }

    #[test]
    fn a_comments_state_is_read_from_its_entry_or_refused() {
        assert_eq!(
            parse_state("12::0:0").map(|(id, s)| (id, s.group, s.hidden, s.placed)),
            Some((12, None, false, false))
        );
        assert_eq!(
            parse_state("7:40:1:1").map(|(id, s)| (id, s.group, s.hidden, s.placed)),
            Some((7, Some(Target::Existing(40)), true, true))
        );
        for bad in ["", "7", "7:40", "7:40:1", "7:40:1:1:0", "x:40:1:1", "7:g:0:0", "7:40:2:0", "7:40:0:yes"]
        {
            assert!(parse_state(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn joins_are_decided_in_order_as_if_each_were_written_before_the_next() {
        let mut known: HashMap<i64, State> = HashMap::new();
        for id in [1, 2, 3, 4, 5, 6, 7, 8, 9] {
            known.insert(id, state(None, false, false));
        }
        known.insert(10, state(Some(77), false, false)); // already in group 77
        known.insert(11, state(None, true, false)); // hidden
        known.insert(12, state(None, false, true)); // placed by an editor
        let joins = [
            // 2 resembles 1: a new group of two.
            join(2, &[1]),
            // 3 resembles 1 (now grouped): it joins that new group.
            join(3, &[1, 2]),
            // 4 resembles a hidden comment, then 10 (in group 77): joins 77.
            join(4, &[11, 10]),
            // 5 resembles only a hidden comment and itself: stays alone.
            join(5, &[11, 5]),
            // 10 is already grouped, 12 placed by an editor: both stay where they are.
            join(10, &[1]),
            join(12, &[1]),
            // 6 resembles 7 and 8, neither grouped: a new group with 7, the first.
            join(6, &[7, 8]),
            // 9 resembles 8 (alone) and 6 (in the second new group): joins it.
            join(9, &[8, 6]),
            // A comment that does not exist is not grouped.
            join(99, &[1]),
        ];
        let plan = plan_joins(&joins, &mut known);
        assert_eq!(plan.created, vec![(1, 1, 3), (1, 7, 3)]);
        assert_eq!(
            plan.members,
            vec![
                (1, Target::New(0)),
                (2, Target::New(0)),
                (3, Target::New(0)),
                (4, Target::Existing(77)),
                (7, Target::New(1)),
                (6, Target::New(1)),
                (9, Target::New(1)),
            ]
        );
        assert_eq!(plan.grown, vec![(77, 1)]);
        assert_eq!(known[&5].group, None);
        assert_eq!(known[&8].group, None);
        assert_eq!(known[&12].group, None);
    }
}
