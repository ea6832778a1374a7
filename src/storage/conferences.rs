//! Online conferences (migration 0009): set-up, attendance, the floor, opinions on
//! record, and the numbered events their live pages follow.
//!
//! Every change a live page shows is written with an event in the same transaction
//! ([`emit`]): the event's number is taken by incrementing `conference.event_seq`,
//! which locks the conference row until commit, so the events of one conference
//! commit in number order without gaps. On PostgreSQL the transaction also sends a
//! notification, delivered at commit to every instance (see [`super::dialect`]).

use serde::Serialize;
use serde_json::json;
use sqlx::{AnyConnection, AnyPool, FromRow};

use super::dialect::{self, Dialect};
use super::{Db, Result, StorageError, audit, comments, now_ms};
use crate::domain::ReceiptCode;

/// The notification channel of conference events.
pub const CHANNEL: &str = "duthao_conference";

#[derive(Debug, Clone, FromRow)]
pub struct ConferenceRow {
    pub id: i64,
    pub dossier_id: i64,
    pub consultation_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub place: String,
    pub chairs: String,
    pub video_url: String,
    pub state: String,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub floor_request_id: Option<i64>,
    pub event_seq: i64,
    pub conclusions: String,
}

impl ConferenceRow {
    /// The chairs, one per line as typed.
    pub fn chair_list(&self) -> Vec<String> {
        self.chairs.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }
}

const CONFERENCE_COLUMNS: &str =
    "id, dossier_id, consultation_id, title, starts_at, place, chairs, video_url, state,
     opened_at, closed_at, floor_request_id, event_seq, conclusions";

/// A conference to create.
#[derive(Debug, Clone)]
pub struct NewConference {
    pub dossier_id: i64,
    pub consultation_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub place: String,
    pub chairs: String,
    pub video_url: String,
    /// Drafts in agenda order.
    pub agenda: Vec<i64>,
}

pub async fn create(db: &Db, actor: Option<i64>, new: &NewConference) -> Result<i64> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO conference (dossier_id, consultation_id, title, starts_at, place, chairs, video_url,
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(new.dossier_id)
    .bind(new.consultation_id)
    .bind(&new.title)
    .bind(new.starts_at)
    .bind(&new.place)
    .bind(&new.chairs)
    .bind(&new.video_url)
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    write_agenda(&mut tx, id, &new.agenda).await?;
    audit::record(
        &mut tx,
        db.dialect,
        actor,
        "conference.created",
        &format!("conference:{id}"),
        &json!({ "title": new.title, "starts_at": new.starts_at, "agenda": new.agenda }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes what is set up; the agenda is replaced.
pub async fn update(db: &Db, actor: i64, id: i64, new: &NewConference) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let changed = sqlx::query(
        "UPDATE conference SET title = $1, starts_at = $2, place = $3, chairs = $4, video_url = $5
         WHERE id = $6",
    )
    .bind(&new.title)
    .bind(new.starts_at)
    .bind(&new.place)
    .bind(&new.chairs)
    .bind(&new.video_url)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        return Ok(false);
    }
    sqlx::query("DELETE FROM conference_agenda WHERE conference_id = $1").bind(id).execute(&mut *tx).await?;
    write_agenda(&mut tx, id, &new.agenda).await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "conference.updated",
        &format!("conference:{id}"),
        &json!({ "title": new.title, "starts_at": new.starts_at, "agenda": new.agenda }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

async fn write_agenda(conn: &mut AnyConnection, id: i64, drafts: &[i64]) -> Result<()> {
    for (position, draft) in drafts.iter().enumerate() {
        sqlx::query("INSERT INTO conference_agenda (conference_id, position, draft_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(position as i64)
            .bind(draft)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn get(pool: &AnyPool, id: i64) -> Result<Option<ConferenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CONFERENCE_COLUMNS} FROM conference WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(pool)
    .await?)
}

pub async fn of_dossier(pool: &AnyPool, dossier_id: i64) -> Result<Vec<ConferenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CONFERENCE_COLUMNS} FROM conference WHERE dossier_id = $1 ORDER BY starts_at, id"
    )))
    .bind(dossier_id)
    .fetch_all(pool)
    .await?)
}

/// Every conference, newest first.
pub async fn all(pool: &AnyPool) -> Result<Vec<ConferenceRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CONFERENCE_COLUMNS} FROM conference ORDER BY starts_at DESC, id DESC"
    )))
    .fetch_all(pool)
    .await?)
}

/// A draft on the agenda, with the version of it the conference's consultation covers.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AgendaItem {
    pub draft_id: i64,
    pub title: String,
    pub version_id: Option<i64>,
}

pub async fn agenda(pool: &AnyPool, conference_id: i64) -> Result<Vec<AgendaItem>> {
    Ok(sqlx::query_as(
        "SELECT a.draft_id, d.title,
                (SELECT MAX(v.id) FROM draft_version v
                   JOIN consultation_version cv ON cv.version_id = v.id
                  WHERE v.draft_id = a.draft_id AND cv.consultation_id = c.consultation_id) AS version_id
           FROM conference_agenda a
           JOIN draft d ON d.id = a.draft_id
           JOIN conference c ON c.id = a.conference_id
          WHERE a.conference_id = $1
          ORDER BY a.position",
    )
    .bind(conference_id)
    .fetch_all(pool)
    .await?)
}

// ------------------------------------------------------------------ points

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct PointRow {
    pub id: i64,
    pub conference_id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub central: i64,
    pub location: String,
    pub secretary_user_id: Option<i64>,
    pub secretary_name: Option<String>,
    pub expected: i64,
    pub present: i64,
}

const POINT_SELECT: &str =
    "SELECT p.id, p.conference_id, p.organisation_id, o.name AS name, p.central, p.location,
        p.secretary_user_id, u.name AS secretary_name,
        (SELECT COUNT(*) FROM delegate d WHERE d.point_id = p.id) AS expected,
        (SELECT COUNT(*) FROM delegate d WHERE d.point_id = p.id AND d.checked_in_at IS NOT NULL) AS present
     FROM bridge_point p
     JOIN organisation o ON o.id = p.organisation_id
     LEFT JOIN app_user u ON u.id = p.secretary_user_id";

/// The points of a conference: the central one first, then in the order added.
pub async fn points(pool: &AnyPool, conference_id: i64) -> Result<Vec<PointRow>> {
    let mut conn = pool.acquire().await?;
    points_in(&mut conn, conference_id).await
}

async fn points_in(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<PointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{POINT_SELECT} WHERE p.conference_id = $1 ORDER BY p.central DESC, p.position, p.id"
    )))
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn point(pool: &AnyPool, id: i64) -> Result<Option<PointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{POINT_SELECT} WHERE p.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// The points whose secretary `user_id` is, over all conferences.
pub async fn points_of_secretary(pool: &AnyPool, user_id: i64) -> Result<Vec<PointRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{POINT_SELECT} WHERE p.secretary_user_id = $1 ORDER BY p.conference_id DESC, p.id"
    )))
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// A connection point to add.
#[derive(Debug, Clone)]
pub struct NewPoint {
    pub organisation_id: i64,
    pub central: bool,
    pub location: String,
    pub secretary_user_id: Option<i64>,
    /// (name, position title) of the expected delegates.
    pub delegates: Vec<(String, String)>,
}

/// Adds a point with its delegates; `None` if the organisation already has a point
/// in this conference (or a second central point is asked for).
pub async fn add_point(
    db: &Db,
    actor: Option<i64>,
    conference_id: i64,
    new: &NewPoint,
) -> Result<Option<i64>> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let taken: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bridge_point WHERE conference_id = $1 AND (organisation_id = $2 OR (central = 1 AND $3 = 1))",
    )
    .bind(conference_id)
    .bind(new.organisation_id)
    .bind(i64::from(new.central))
    .fetch_one(&mut *tx)
    .await?;
    if taken > 0 {
        return Ok(None);
    }
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM bridge_point WHERE conference_id = $1",
    )
    .bind(conference_id)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO bridge_point (conference_id, organisation_id, central, location, secretary_user_id, position)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(conference_id)
    .bind(new.organisation_id)
    .bind(i16::from(new.central))
    .bind(&new.location)
    .bind(new.secretary_user_id)
    .bind(position)
    .fetch_one(&mut *tx)
    .await?;
    for (name, title) in &new.delegates {
        insert_delegate(&mut tx, id, name, title).await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        actor,
        "conference.point_added",
        &format!("conference:{conference_id}"),
        &json!({ "point": id, "organisation": new.organisation_id, "central": new.central,
                 "secretary": new.secretary_user_id, "delegates": new.delegates.len() }),
    )
    .await?;
    emit_attendance(&mut tx, db.dialect, conference_id, id, None).await?;
    tx.commit().await?;
    Ok(Some(id))
}

async fn insert_delegate(conn: &mut AnyConnection, point_id: i64, name: &str, title: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO delegate (point_id, name, position_title) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(point_id)
    .bind(name)
    .bind(title)
    .fetch_one(&mut *conn)
    .await?)
}

/// Changes a point's secretary and location, and adds delegates.
pub async fn update_point(
    db: &Db,
    actor: i64,
    point_id: i64,
    location: &str,
    secretary_user_id: Option<i64>,
    more_delegates: &[(String, String)],
) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let conference_id: Option<i64> = sqlx::query_scalar(
        "UPDATE bridge_point SET location = $1, secretary_user_id = $2 WHERE id = $3 RETURNING conference_id",
    )
    .bind(location)
    .bind(secretary_user_id)
    .bind(point_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(conference_id) = conference_id else { return Ok(false) };
    for (name, title) in more_delegates {
        insert_delegate(&mut tx, point_id, name, title).await?;
    }
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "conference.point_updated",
        &format!("conference:{conference_id}"),
        &json!({ "point": point_id, "secretary": secretary_user_id, "delegates_added": more_delegates.len() }),
    )
    .await?;
    emit_attendance(&mut tx, db.dialect, conference_id, point_id, None).await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct DelegateRow {
    pub id: i64,
    pub point_id: i64,
    pub name: String,
    pub position_title: String,
    pub checked_in_at: Option<i64>,
}

pub async fn delegates(pool: &AnyPool, point_id: i64) -> Result<Vec<DelegateRow>> {
    Ok(sqlx::query_as(
        "SELECT id, point_id, name, position_title, checked_in_at FROM delegate WHERE point_id = $1 ORDER BY id",
    )
    .bind(point_id)
    .fetch_all(pool)
    .await?)
}

pub async fn delegate(pool: &AnyPool, id: i64) -> Result<Option<DelegateRow>> {
    Ok(sqlx::query_as("SELECT id, point_id, name, position_title, checked_in_at FROM delegate WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Marks a delegate present (or not); returns false when nothing changed (already so).
pub async fn check_in(db: &Db, actor: i64, delegate_id: i64, present: bool) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let point: Option<i64> = if present {
        sqlx::query_scalar(
            "UPDATE delegate SET checked_in_at = $1, checked_in_by = $2
              WHERE id = $3 AND checked_in_at IS NULL RETURNING point_id",
        )
        .bind(now_ms())
        .bind(actor)
        .bind(delegate_id)
        .fetch_optional(&mut *tx)
        .await?
    } else {
        sqlx::query_scalar(
            "UPDATE delegate SET checked_in_at = NULL, checked_in_by = NULL
              WHERE id = $1 AND checked_in_at IS NOT NULL RETURNING point_id",
        )
        .bind(delegate_id)
        .fetch_optional(&mut *tx)
        .await?
    };
    let Some(point) = point else { return Ok(false) };
    let conference_id: i64 = sqlx::query_scalar("SELECT conference_id FROM bridge_point WHERE id = $1")
        .bind(point)
        .fetch_one(&mut *tx)
        .await?;
    emit_attendance(&mut tx, db.dialect, conference_id, point, Some((delegate_id, present))).await?;
    tx.commit().await?;
    Ok(true)
}

// ------------------------------------------------------------------ the floor

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct RequestRow {
    pub id: i64,
    pub conference_id: i64,
    pub point_id: i64,
    pub point_name: String,
    pub speaker: String,
    pub draft_id: Option<i64>,
    pub draft_title: Option<String>,
    pub provision_id: Option<i64>,
    pub provision_label: Option<String>,
    pub state: String,
    pub queue_order: i64,
    pub requested_at: i64,
    pub granted_at: Option<i64>,
    pub finished_at: Option<i64>,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.conference_id, r.point_id, o.name AS point_name, r.speaker,
        r.draft_id, d.title AS draft_title, r.provision_id, pr.label AS provision_label, r.state,
        r.queue_order, r.requested_at, r.granted_at, r.finished_at
     FROM speak_request r
     JOIN bridge_point p ON p.id = r.point_id
     JOIN organisation o ON o.id = p.organisation_id
     LEFT JOIN draft d ON d.id = r.draft_id
     LEFT JOIN provision pr ON pr.id = r.provision_id";

/// The requests still open (speaking first, then waiting in queue order).
pub async fn queue(pool: &AnyPool, conference_id: i64) -> Result<Vec<RequestRow>> {
    let mut conn = pool.acquire().await?;
    queue_in(&mut conn, conference_id).await
}

async fn queue_in(conn: &mut AnyConnection, conference_id: i64) -> Result<Vec<RequestRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{REQUEST_SELECT} WHERE r.conference_id = $1 AND r.state IN ('speaking', 'waiting')
          ORDER BY CASE r.state WHEN 'speaking' THEN 0 ELSE 1 END, r.queue_order, r.id"
    )))
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?)
}

pub async fn request(pool: &AnyPool, id: i64) -> Result<Option<RequestRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!("{REQUEST_SELECT} WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// A request to speak.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub point_id: i64,
    pub speaker: String,
    pub draft_id: Option<i64>,
    pub provision_id: Option<i64>,
}

pub async fn request_floor(db: &Db, actor: Option<i64>, conference_id: i64, new: &NewRequest) -> Result<i64> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let order: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(queue_order), 0) + 1 FROM speak_request WHERE conference_id = $1",
    )
    .bind(conference_id)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO speak_request (conference_id, point_id, speaker, draft_id, provision_id, state, queue_order,
             requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $7, $8) RETURNING id",
    )
    .bind(conference_id)
    .bind(new.point_id)
    .bind(&new.speaker)
    .bind(new.draft_id)
    .bind(new.provision_id)
    .bind(order)
    .bind(actor)
    .bind(now_ms())
    .fetch_one(&mut *tx)
    .await?;
    emit_queue(&mut tx, db.dialect, conference_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Withdraws a waiting request; false if it is not waiting any more.
pub async fn withdraw(db: &Db, request_id: i64) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let conference: Option<i64> = sqlx::query_scalar(
        "UPDATE speak_request SET state = 'withdrawn', finished_at = $1
          WHERE id = $2 AND state = 'waiting' RETURNING conference_id",
    )
    .bind(now_ms())
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(conference_id) = conference else { return Ok(false) };
    emit_queue(&mut tx, db.dialect, conference_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Moves a waiting request one place up (`up`) or down in the queue; false if it
/// cannot move.
pub async fn move_request(db: &Db, request_id: i64, up: bool) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let me: Option<(i64, i64)> = sqlx::query_as(
        "SELECT conference_id, queue_order FROM speak_request WHERE id = $1 AND state = 'waiting'",
    )
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((conference_id, order)) = me else { return Ok(false) };
    let neighbour_sql = if up {
        "SELECT id, queue_order FROM speak_request WHERE conference_id = $1 AND state = 'waiting'
           AND queue_order < $2 ORDER BY queue_order DESC LIMIT 1"
    } else {
        "SELECT id, queue_order FROM speak_request WHERE conference_id = $1 AND state = 'waiting'
           AND queue_order > $2 ORDER BY queue_order LIMIT 1"
    };
    let neighbour: Option<(i64, i64)> =
        sqlx::query_as(neighbour_sql).bind(conference_id).bind(order).fetch_optional(&mut *tx).await?;
    let Some((other, other_order)) = neighbour else { return Ok(false) };
    for (id, value) in [(request_id, other_order), (other, order)] {
        sqlx::query("UPDATE speak_request SET queue_order = $1 WHERE id = $2")
            .bind(value)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    emit_queue(&mut tx, db.dialect, conference_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Why the floor could not be given.
#[derive(Debug)]
pub enum FloorRefusal {
    /// The conference is not open.
    NotOpen,
    /// The request is no longer waiting.
    NotWaiting,
    /// Someone has the floor: that request.
    Taken(Box<RequestRow>),
}

/// Gives the floor to a waiting request. Only one request has the floor at a time:
/// of two people giving it at once, one wins and the other is told who has it.
pub async fn grant(db: &Db, actor: i64, request_id: i64) -> Result<std::result::Result<(), FloorRefusal>> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let conference_id: Option<i64> =
        sqlx::query_scalar("SELECT conference_id FROM speak_request WHERE id = $1 AND state = 'waiting'")
            .bind(request_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(conference_id) = conference_id else { return Ok(Err(FloorRefusal::NotWaiting)) };
    // The conditional update is the arbiter: it locks the conference row, and a
    // second giver's update, run after the first commits, finds the floor taken.
    let won = sqlx::query(
        "UPDATE conference SET floor_request_id = $1 WHERE id = $2 AND floor_request_id IS NULL AND state = 'open'",
    )
    .bind(request_id)
    .bind(conference_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !won {
        let (state, holder): (String, Option<i64>) =
            sqlx::query_as("SELECT state, floor_request_id FROM conference WHERE id = $1")
                .bind(conference_id)
                .fetch_one(&mut *tx)
                .await?;
        drop(tx);
        if state != "open" {
            return Ok(Err(FloorRefusal::NotOpen));
        }
        return match holder {
            Some(holder) => match request(&db.pool, holder).await? {
                Some(row) => Ok(Err(FloorRefusal::Taken(Box::new(row)))),
                None => Ok(Err(FloorRefusal::NotWaiting)),
            },
            None => Ok(Err(FloorRefusal::NotWaiting)),
        };
    }
    let granted = sqlx::query(
        "UPDATE speak_request SET state = 'speaking', granted_at = $1 WHERE id = $2 AND state = 'waiting'",
    )
    .bind(now_ms())
    .bind(request_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !granted {
        return Ok(Err(FloorRefusal::NotWaiting));
    }
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "conference.floor_given",
        &format!("conference:{conference_id}"),
        &json!({ "request": request_id }),
    )
    .await?;
    emit_queue(&mut tx, db.dialect, conference_id).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Ends the speech of the request that has the floor; false if it does not have it.
pub async fn finish(db: &Db, actor: i64, request_id: i64) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let conference: Option<i64> = sqlx::query_scalar(
        "UPDATE speak_request SET state = 'done', finished_at = $1
          WHERE id = $2 AND state = 'speaking' RETURNING conference_id",
    )
    .bind(now_ms())
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(conference_id) = conference else { return Ok(false) };
    sqlx::query("UPDATE conference SET floor_request_id = NULL WHERE id = $1 AND floor_request_id = $2")
        .bind(conference_id)
        .bind(request_id)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        "conference.floor_closed",
        &format!("conference:{conference_id}"),
        &json!({ "request": request_id }),
    )
    .await?;
    emit_queue(&mut tx, db.dialect, conference_id).await?;
    tx.commit().await?;
    Ok(true)
}

// ------------------------------------------------------------------ state

/// Opens (`open`) or closes the conference. Closing ends any speech in progress.
/// False if it was already in that state (or closed, for opening).
pub async fn set_state(db: &Db, actor: i64, conference_id: i64, open: bool) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let now = now_ms();
    let changed = if open {
        sqlx::query(
            "UPDATE conference SET state = 'open', opened_at = COALESCE(opened_at, $1)
              WHERE id = $2 AND state = 'scheduled'",
        )
    } else {
        sqlx::query(
            "UPDATE conference SET state = 'closed', closed_at = $1, floor_request_id = NULL
              WHERE id = $2 AND state = 'open'",
        )
    }
    .bind(now)
    .bind(conference_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        return Ok(false);
    }
    if !open {
        sqlx::query(
            "UPDATE speak_request SET state = 'done', finished_at = $1 WHERE conference_id = $2 AND state = 'speaking'",
        )
        .bind(now)
        .bind(conference_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE speak_request SET state = 'withdrawn', finished_at = $1 WHERE conference_id = $2 AND state = 'waiting'",
        )
        .bind(now)
        .bind(conference_id)
        .execute(&mut *tx)
        .await?;
    }
    let state = if open { "open" } else { "closed" };
    audit::record(
        &mut tx,
        db.dialect,
        Some(actor),
        if open { "conference.opened" } else { "conference.closed" },
        &format!("conference:{conference_id}"),
        &json!({}),
    )
    .await?;
    emit(&mut tx, db.dialect, conference_id, "state", &json!({ "state": state, "at": now })).await?;
    if !open {
        emit_queue(&mut tx, db.dialect, conference_id).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Saves the chair's conclusions (kết luận) for the minutes.
pub async fn set_conclusions(db: &Db, actor: i64, conference_id: i64, text: &str) -> Result<bool> {
    let mut tx = dialect::begin_write(&db.pool).await?;
    let changed = sqlx::query("UPDATE conference SET conclusions = $1 WHERE id = $2")
        .bind(text)
        .bind(conference_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if changed {
        audit::record(
            &mut tx,
            db.dialect,
            Some(actor),
            "conference.conclusions",
            &format!("conference:{conference_id}"),
            &json!({ "chars": text.chars().count() }),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(changed)
}

// ------------------------------------------------------------------ opinions

/// An opinion to put on record.
#[derive(Debug, Clone)]
pub struct NewOpinion {
    pub conference_id: i64,
    pub point_id: i64,
    /// What the live event shows, known before the write: the point's name, the
    /// draft and the provision's label.
    pub point_name: String,
    pub draft_id: i64,
    pub provision_label: Option<String>,
    pub speaker: String,
    pub speak_request_id: Option<i64>,
    /// The comment it becomes (channel 'conference', the point's organisation).
    pub comment: comments::NewComment,
    pub recorded_by: i64,
}

#[derive(Debug, Clone, FromRow, Serialize)]
pub struct OpinionRow {
    pub comment_id: i64,
    pub conference_id: i64,
    pub point_id: i64,
    pub point_name: String,
    pub speaker: String,
    pub speak_request_id: Option<i64>,
    pub draft_id: i64,
    pub draft_title: String,
    pub provision_id: Option<i64>,
    pub provision_label: Option<String>,
    pub body: String,
    pub recorded_at: i64,
}

const OPINION_SELECT: &str =
    "SELECT op.comment_id, op.conference_id, op.point_id, o.name AS point_name, op.speaker,
        op.speak_request_id, d.id AS draft_id, d.title AS draft_title, c.provision_id,
        pr.label AS provision_label, c.body, op.recorded_at
     FROM conference_opinion op
     JOIN comment c ON c.id = op.comment_id
     JOIN bridge_point p ON p.id = op.point_id
     JOIN organisation o ON o.id = p.organisation_id
     JOIN draft_version v ON v.id = c.version_id
     JOIN draft d ON d.id = v.draft_id
     LEFT JOIN provision pr ON pr.id = c.provision_id";

/// The opinions on record, in the order they were recorded.
pub async fn opinions(pool: &AnyPool, conference_id: i64) -> Result<Vec<OpinionRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{OPINION_SELECT} WHERE op.conference_id = $1 ORDER BY op.comment_id"
    )))
    .bind(conference_id)
    .fetch_all(pool)
    .await?)
}

/// What the live feed says of an opinion. Every subscriber gets it, so it carries
/// no more than the pages need: the draft by its id (the pages know the agenda's
/// titles).
#[derive(Debug, Serialize)]
struct OpinionEvent<'a> {
    comment_id: i64,
    point_id: i64,
    point_name: &'a str,
    speaker: &'a str,
    draft_id: i64,
    provision_id: Option<i64>,
    provision_label: Option<&'a str>,
    body: &'a str,
    recorded_at: i64,
}

/// Stores opinions as comments, with their places in their conferences and their
/// events, in one transaction (all or nothing); returns each comment's id and receipt
/// once committed.
pub async fn record_opinions(db: &Db, batch: &[NewOpinion]) -> Result<Vec<(i64, ReceiptCode)>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = dialect::begin_write(&db.pool).await?;
    let rows: Vec<comments::NewComment> = batch.iter().map(|o| o.comment.clone()).collect();
    let now = now_ms();
    let ids = comments::insert_batch_in(&mut tx, &rows, now, comments::Settle::Now).await?;
    let mut sql = String::from(
        "INSERT INTO conference_opinion (comment_id, conference_id, point_id, speaker, speak_request_id,
             recorded_by, recorded_at) VALUES ",
    );
    for i in 0..batch.len() {
        if i > 0 {
            sql.push(',');
        }
        let p = |k: usize| db.dialect.placeholder(i * 7 + k);
        sql.push_str(&format!("({},{},{},{},{},{},{})", p(1), p(2), p(3), p(4), p(5), p(6), p(7)));
    }
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (new, comment_id) in batch.iter().zip(&ids) {
        insert = insert
            .bind(*comment_id)
            .bind(new.conference_id)
            .bind(new.point_id)
            .bind(new.speaker.as_str())
            .bind(new.speak_request_id)
            .bind(new.recorded_by)
            .bind(now);
    }
    insert.execute(&mut *tx).await?;
    // The events, conference by conference, in the order recorded.
    let mut by_conference: Vec<(i64, Vec<serde_json::Value>)> = Vec::new();
    for (new, comment_id) in batch.iter().zip(&ids) {
        let event = OpinionEvent {
            comment_id: *comment_id,
            point_id: new.point_id,
            point_name: &new.point_name,
            speaker: &new.speaker,
            draft_id: new.draft_id,
            provision_id: new.comment.provision_id,
            provision_label: new.provision_label.as_deref(),
            body: &new.comment.body,
            recorded_at: now,
        };
        let payload = serde_json::to_value(&event).map_err(|e| StorageError::Corrupt(e.to_string()))?;
        match by_conference.iter_mut().find(|(c, _)| *c == new.conference_id) {
            Some((_, payloads)) => payloads.push(payload),
            None => by_conference.push((new.conference_id, vec![payload])),
        }
    }
    for (conference_id, payloads) in &by_conference {
        emit_many(&mut tx, db.dialect, *conference_id, "opinion", payloads).await?;
    }
    tx.commit().await?;
    db.comments_changed();
    ids.into_iter().map(|id| Ok((id, comments::code_of(db, id)?))).collect()
}

// ------------------------------------------------------------------ events

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub conference_id: i64,
    pub seq: i64,
    pub kind: String,
    pub payload: String,
    pub created_at: i64,
}

/// Events numbered above `after`, in order, at most `limit`.
pub async fn events_after(
    pool: &AnyPool,
    conference_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<EventRow>> {
    Ok(sqlx::query_as(
        "SELECT conference_id, seq, kind, payload, created_at FROM conference_event
          WHERE conference_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(conference_id)
    .bind(after)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// The number of the latest event of a conference (0 before the first).
pub async fn last_event(pool: &AnyPool, conference_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT event_seq FROM conference WHERE id = $1")
        .bind(conference_id)
        .fetch_optional(pool)
        .await?
        .unwrap_or(0))
}

/// Writes an event in the caller's transaction and returns its number. Taking the
/// number locks the conference row until commit (see the module comment).
async fn emit(
    conn: &mut AnyConnection,
    dialect: Dialect,
    conference_id: i64,
    kind: &str,
    payload: &serde_json::Value,
) -> Result<i64> {
    let seq: i64 = sqlx::query_scalar(
        "UPDATE conference SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq",
    )
    .bind(conference_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO conference_event (conference_id, seq, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(conference_id)
    .bind(seq)
    .bind(kind)
    .bind(payload.to_string())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    dialect.notify(conn, CHANNEL, &format!("{conference_id}:{seq}")).await?;
    Ok(seq)
}

/// Writes events of one kind in the caller's transaction, numbered in order, with
/// one statement for the numbers, one for the rows and one notification.
async fn emit_many(
    conn: &mut AnyConnection,
    dialect: Dialect,
    conference_id: i64,
    kind: &str,
    payloads: &[serde_json::Value],
) -> Result<i64> {
    let n = payloads.len() as i64;
    let last: i64 = sqlx::query_scalar(
        "UPDATE conference SET event_seq = event_seq + $1 WHERE id = $2 RETURNING event_seq",
    )
    .bind(n)
    .bind(conference_id)
    .fetch_one(&mut *conn)
    .await?;
    let mut sql =
        String::from("INSERT INTO conference_event (conference_id, seq, kind, payload, created_at) VALUES ");
    for i in 0..payloads.len() {
        if i > 0 {
            sql.push(',');
        }
        let p = |k: usize| dialect.placeholder(i * 5 + k);
        sql.push_str(&format!("({},{},{},{},{})", p(1), p(2), p(3), p(4), p(5)));
    }
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    let now = now_ms();
    for (i, payload) in payloads.iter().enumerate() {
        insert = insert
            .bind(conference_id)
            .bind(last - n + 1 + i as i64)
            .bind(kind)
            .bind(payload.to_string())
            .bind(now);
    }
    insert.execute(&mut *conn).await?;
    dialect.notify(conn, CHANNEL, &format!("{conference_id}:{last}")).await?;
    Ok(last)
}

/// The queue as it stands after a change, as an event.
async fn emit_queue(conn: &mut AnyConnection, dialect: Dialect, conference_id: i64) -> Result<i64> {
    let queue = queue_in(conn, conference_id).await?;
    emit(conn, dialect, conference_id, "queue", &json!({ "queue": queue })).await
}

/// A point's attendance and the totals, after a change, as an event. `delegate` is
/// the delegate whose presence changed, if one did.
async fn emit_attendance(
    conn: &mut AnyConnection,
    dialect: Dialect,
    conference_id: i64,
    point_id: i64,
    delegate: Option<(i64, bool)>,
) -> Result<i64> {
    let points = points_in(conn, conference_id).await?;
    let point = points.iter().find(|p| p.id == point_id);
    let expected: i64 = points.iter().map(|p| p.expected).sum();
    let present: i64 = points.iter().map(|p| p.present).sum();
    emit(
        conn,
        dialect,
        conference_id,
        "attendance",
        &json!({
            "point": point,
            "delegate": delegate.map(|(id, present)| json!({ "id": id, "present": present })),
            "points": points.len(),
            "expected": expected,
            "present": present,
        }),
    )
    .await
}
