//! The schedule (tiến độ) for the editorial team: a dossier's milestones and
//! consultation windows with their status, a month calendar of every dossier, and an
//! iCalendar feed a calendar program can subscribe to (by a secret token, since it
//! has no session). Every page but the feed requires the editor role.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::auth::AuthSession;
use super::editor::editor;
use super::limits::VForm;
use super::{AppError, AppState, Chrome};
use crate::domain::vntime;
use crate::schedule::{self, Event, MilestoneKind, Status};
use crate::storage::schedule::{self as store, NewMilestone};
use crate::storage::{Db, StorageError, consultations, dossiers, now_ms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/dossiers/{id}/schedule", get(schedule_page))
        .route("/editor/dossiers/{id}/milestones", post(add_milestone))
        .route("/editor/milestones/{id}", post(change_milestone))
        .route("/editor/calendar", get(calendar_page))
        .route("/calendar/{token}/tien-do.ics", get(feed))
}

/// The events of one dossier (or of all): milestones, and each consultation's
/// opening and closing.
pub async fn events(db: &Db, dossier: Option<i64>) -> Result<Vec<(Event, Status)>, StorageError> {
    let now = now_ms();
    // One dossier is read alone: the dashboard asks for each of its dossiers in turn.
    let chosen = match dossier {
        Some(id) => dossiers::get(&db.pool, id).await?.into_iter().collect(),
        None => dossiers::list(&db.pool).await?,
    };
    let mut out = Vec::new();
    for d in &chosen {
        for m in store::of_dossier(db, d.id).await? {
            let kind = MilestoneKind::parse(&m.kind).map_or("", MilestoneKind::name_vi);
            out.push((
                Event {
                    uid: format!("milestone-{}@duthao", m.id),
                    title: format!("{}: {}", kind, m.title),
                    description: d.title.clone(),
                    at: m.due_at,
                    all_day: m.all_day == 1,
                    path: format!("/editor/dossiers/{}/schedule", d.id),
                },
                Status::of(m.due_at, m.done_at.is_some(), now),
            ));
        }
        for c in consultations::of_dossier(&db.pool, d.id).await? {
            let status = if now > c.closes_at { Status::Done } else { Status::of(c.closes_at, false, now) };
            out.push((
                Event {
                    uid: format!("consultation-{}-open@duthao", c.id),
                    title: format!("Mở lấy ý kiến: {}", c.title),
                    description: d.title.clone(),
                    at: c.opens_at,
                    all_day: true,
                    path: format!("/editor/consultations/{}/answers", c.id),
                },
                if now >= c.opens_at { Status::Done } else { Status::of(c.opens_at, false, now) },
            ));
            out.push((
                Event {
                    uid: format!("consultation-{}-close@duthao", c.id),
                    title: format!("Hết hạn lấy ý kiến (23:59): {}", c.title),
                    description: d.title.clone(),
                    at: c.closes_at,
                    all_day: true,
                    path: format!("/editor/consultations/{}/answers", c.id),
                },
                status,
            ));
        }
    }
    out.sort_by_key(|(e, _)| e.at);
    Ok(out)
}

struct ItemView {
    id: i64,
    title: String,
    when: String,
    status: String,
    status_code: &'static str,
    done: bool,
    milestone: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/schedule.html")]
struct SchedulePage {
    chrome: Chrome,
    dossier: dossiers::DossierRow,
    items: Vec<ItemView>,
    kinds: Vec<(&'static str, &'static str)>,
}

fn when(at: i64, all_day: bool) -> String {
    if all_day { vntime::short_date(at) } else { vntime::date_time(at) }
}

async fn schedule_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<SchedulePage, AppError> {
    editor(&auth, &chrome)?;
    let dossier = dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let items = events(&state.db, Some(id))
        .await?
        .into_iter()
        .map(|(e, status)| {
            let milestone_id = e
                .uid
                .strip_prefix("milestone-")
                .and_then(|r| r.split('@').next())
                .and_then(|n| n.parse().ok());
            ItemView {
                id: milestone_id.unwrap_or(0),
                title: e.title,
                when: when(e.at, e.all_day),
                status: status.label(),
                status_code: status.code(),
                done: status == Status::Done,
                milestone: milestone_id.is_some(),
            }
        })
        .collect();
    Ok(SchedulePage {
        chrome,
        dossier,
        items,
        kinds: MilestoneKind::ALL.iter().map(|k| (k.code(), k.name_vi())).collect(),
    })
}

async fn add_milestone(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::writable(&state, id).await?;
    let field = |name: &str| {
        form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
    };
    let kind = MilestoneKind::parse(&field("kind"))
        .ok_or_else(|| AppError::bad("bad_kind", "Chọn loại mốc trong danh sách."))?;
    let date = field("date");
    let time = field("time");
    let (due_at, all_day) = if time.is_empty() {
        let due = vntime::parse_date(&date, true).ok_or_else(|| {
            AppError::bad("bad_date", format!("Ngày “{date}” không hợp lệ (cần dạng năm-tháng-ngày)."))
        })?;
        (due, true)
    } else {
        let start = vntime::parse_date(&date, false).ok_or_else(|| {
            AppError::bad("bad_date", format!("Ngày “{date}” không hợp lệ (cần dạng năm-tháng-ngày)."))
        })?;
        let minutes = vntime::parse_clock(&time).ok_or_else(|| {
            AppError::bad("bad_time", format!("Giờ “{time}” không hợp lệ (cần dạng giờ:phút)."))
        })?;
        (start + minutes * 60_000, false)
    };
    let title = match field("title") {
        t if t.is_empty() => kind.name_vi().to_owned(),
        t if t.chars().count() > 300 => {
            return Err(AppError::bad("title_too_long", "Tên mốc dài quá 300 ký tự."));
        }
        t => duthao_text::nfc(&t),
    };
    let existing = store::of_dossier(&state.db, id).await?;
    schedule::check(&existing, kind, &title, due_at)
        .map_err(|e| AppError::bad("bad_milestone", e.to_string()))?;
    store::add(
        &state.db,
        user.id,
        &NewMilestone { dossier_id: id, kind: kind.code(), title: &title, due_at, all_day },
    )
    .await?;
    Ok(Redirect::to(&format!("/editor/dossiers/{id}/schedule")))
}

async fn change_milestone(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let milestone = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    super::submission::writable(&state, milestone.dossier_id).await?;
    let action = form.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()).unwrap_or("");
    match action {
        "done" => store::set_done(&state.db, user.id, id, true).await?,
        "reopen" => store::set_done(&state.db, user.id, id, false).await?,
        "delete" => store::remove(&state.db, user.id, id).await?,
        _ => return Err(AppError::bad("bad_action", "Thao tác không hợp lệ.")),
    };
    Ok(Redirect::to(&format!("/editor/dossiers/{}/schedule", milestone.dossier_id)))
}

#[derive(Debug, Deserialize)]
struct CalendarQuery {
    /// `YYYY-MM`.
    month: Option<String>,
}

struct DayCell {
    day: u8,
    in_month: bool,
    today: bool,
    events: Vec<(String, String, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/calendar.html")]
struct CalendarPage {
    chrome: Chrome,
    title: String,
    weeks: Vec<Vec<DayCell>>,
    previous: String,
    next: String,
    feed_url: String,
}

fn month_key(date: time::Date) -> String {
    format!("{}-{:02}", date.year(), u8::from(date.month()))
}

async fn calendar_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    headers: HeaderMap,
    Query(q): Query<CalendarQuery>,
) -> Result<CalendarPage, AppError> {
    let user = editor(&auth, &chrome)?;
    let now = now_ms();
    let today = vntime::at(now).map(|t| t.date()).ok_or_else(|| AppError::Internal("clock".into()))?;
    let first = match q.month.as_deref() {
        Some(m) => {
            let parsed = vntime::parse_date(&format!("{m}-01"), false).and_then(vntime::at).map(|t| t.date());
            parsed.ok_or_else(|| {
                AppError::bad("bad_month", format!("Tháng “{m}” không hợp lệ (cần dạng năm-tháng)."))
            })?
        }
        None => today.replace_day(1).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let mut by_day: BTreeMap<time::Date, Vec<(String, String, &'static str)>> = BTreeMap::new();
    for (e, status) in events(&state.db, None).await? {
        if let Some(t) = vntime::at(e.at) {
            by_day.entry(t.date()).or_default().push((e.title, e.path, status.code()));
        }
    }
    // Weeks from Monday (Thứ Hai) to Sunday.
    let start = first - time::Duration::days(i64::from(first.weekday().number_days_from_monday()));
    let mut weeks = Vec::new();
    let mut day = start;
    while weeks.len() < 6 && (weeks.is_empty() || day.month() == first.month()) {
        let mut week = Vec::new();
        for _ in 0..7 {
            week.push(DayCell {
                day: day.day(),
                in_month: day.month() == first.month(),
                today: day == today,
                events: by_day.get(&day).cloned().unwrap_or_default(),
            });
            day = day.next_day().unwrap_or(day);
        }
        weeks.push(week);
    }
    let previous = first.previous_day().map(month_key).unwrap_or_default();
    let next = (first + time::Duration::days(32)).replace_day(1).map(month_key).unwrap_or_default();
    let token = store::feed_token(&state.db, user.id).await?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    Ok(CalendarPage {
        chrome,
        title: format!("Tháng {} năm {}", u8::from(first.month()), first.year()),
        weeks,
        previous,
        next,
        feed_url: format!("{scheme}://{host}/calendar/{token}/tien-do.ics"),
    })
}

/// The iCalendar feed of every dossier's schedule, for the holder of the token.
async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if token.len() != 40 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    store::feed_user(&state.db, &token).await?.ok_or(AppError::NotFound)?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let scheme = if state.config.secure_cookies { "https" } else { "http" };
    let events: Vec<Event> = events(&state.db, None).await?.into_iter().map(|(e, _)| e).collect();
    let body = schedule::ical(&events, now_ms(), &format!("{scheme}://{host}"));
    Ok(([(header::CONTENT_TYPE, "text/calendar; charset=utf-8")], body).into_response())
}
