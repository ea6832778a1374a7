//! The schedule (tiến độ) for the editorial team: a dossier's milestones and
//! consultation windows with their status, a month calendar of every dossier, and an
//! iCalendar feed a calendar program can subscribe to (by a secret token, since it
//! has no session). Every page but the feed requires the editor role.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::AuthSession;
use super::editor::editor;
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome};
use crate::domain::vntime;
use crate::i18n::Lang;
use crate::schedule::{self, Event, MilestoneKind, ScheduleError, Status};
use crate::storage::schedule::{self as store, MilestoneRow, NewMilestone};
use crate::storage::{Db, StorageError, consultations, dossiers, now_ms};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/dossiers/{id}/schedule", get(schedule_page))
        .route("/editor/dossiers/{id}/milestones", post(add_milestone))
        .route("/editor/milestones/{id}", post(change_milestone))
        .route("/editor/calendar", get(calendar_page))
        .route("/calendar/{token}/tien-do.ics", get(feed))
}

/// What a schedule entry marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A milestone (`None`: of a kind this version does not know).
    Milestone(Option<MilestoneKind>),
    /// A consultation opens.
    Opens,
    /// A consultation closes (at 23:59).
    Closes,
}

impl EntryKind {
    /// What falls due, in `lang`: "Hạn tổng hợp ý kiến", "Hết hạn lấy ý kiến (23:59)".
    pub fn label(self, lang: Lang) -> String {
        match self {
            Self::Milestone(Some(kind)) => lang.t(&format!("ans-milestone-{}", kind.code())),
            Self::Milestone(None) => String::new(),
            Self::Opens => lang.t("ans-event-opens"),
            Self::Closes => lang.t("ans-event-closes"),
        }
    }
}

/// An event of the schedule with what it marks and its subject apart, for a page to
/// name it in the reader's language (the event's own title is Vietnamese, for the
/// iCalendar feed).
pub struct Entry {
    pub event: Event,
    pub status: Status,
    pub kind: EntryKind,
    /// The milestone's or the consultation's title (content).
    pub subject: String,
}

/// Where an entry stands, in `lang`: "Quá hạn 2 ngày", "Đến hạn hôm nay", "Còn 3 ngày".
pub fn status_label(lang: Lang, status: Status) -> String {
    match status {
        Status::Done => lang.t("ans-status-done"),
        Status::Overdue(0) => lang.t("ans-status-overdue-today"),
        Status::Overdue(d) => lang.t_n("ans-status-overdue", "days", d),
        Status::DueSoon(0) => lang.t("ans-status-due-today"),
        Status::DueSoon(d) | Status::Upcoming(d) => lang.t_n("ans-status-days-left", "days", d),
    }
}

/// The entries of one dossier (or of all): milestones, and each consultation's
/// opening and closing.
pub async fn entries(db: &Db, dossier: Option<i64>) -> Result<Vec<Entry>, StorageError> {
    let now = now_ms();
    // One dossier is read alone: the dashboard asks for each of its dossiers in turn.
    let chosen = match dossier {
        Some(id) => dossiers::get(&db.pool, id).await?.into_iter().collect(),
        None => dossiers::list(&db.pool).await?,
    };
    let mut out = Vec::new();
    for d in &chosen {
        for m in store::of_dossier(db, d.id).await? {
            let kind = MilestoneKind::parse(&m.kind);
            out.push(Entry {
                event: Event {
                    uid: format!("milestone-{}@duthao", m.id),
                    title: format!("{}: {}", kind.map_or("", MilestoneKind::name_vi), m.title),
                    description: d.title.clone(),
                    at: m.due_at,
                    all_day: m.all_day == 1,
                    path: format!("/editor/dossiers/{}/schedule", d.id),
                },
                status: Status::of(m.due_at, m.done_at.is_some(), now),
                kind: EntryKind::Milestone(kind),
                subject: m.title,
            });
        }
        for c in consultations::of_dossier(&db.pool, d.id).await? {
            let status = if now > c.closes_at { Status::Done } else { Status::of(c.closes_at, false, now) };
            out.push(Entry {
                event: Event {
                    uid: format!("consultation-{}-open@duthao", c.id),
                    title: format!("Mở lấy ý kiến: {}", c.title),
                    description: d.title.clone(),
                    at: c.opens_at,
                    all_day: true,
                    path: format!("/editor/consultations/{}/answers", c.id),
                },
                status: if now >= c.opens_at { Status::Done } else { Status::of(c.opens_at, false, now) },
                kind: EntryKind::Opens,
                subject: c.title.clone(),
            });
            out.push(Entry {
                event: Event {
                    uid: format!("consultation-{}-close@duthao", c.id),
                    title: format!("Hết hạn lấy ý kiến (23:59): {}", c.title),
                    description: d.title.clone(),
                    at: c.closes_at,
                    all_day: true,
                    path: format!("/editor/consultations/{}/answers", c.id),
                },
                status,
                kind: EntryKind::Closes,
                subject: c.title,
            });
        }
    }
    out.sort_by_key(|e| e.event.at);
    Ok(out)
}

/// The events of one dossier (or of all), titled in Vietnamese ("Mở lấy ý kiến: …"),
/// with their status.
pub async fn events(db: &Db, dossier: Option<i64>) -> Result<Vec<(Event, Status)>, StorageError> {
    Ok(entries(db, dossier).await?.into_iter().map(|e| (e.event, e.status)).collect())
}

struct ItemView {
    id: i64,
    /// What falls due (interface text).
    what: String,
    /// The milestone's or consultation's title (content).
    subject: String,
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
    kinds: Vec<(&'static str, String)>,
}

fn when(chrome: &Chrome, at: i64, all_day: bool) -> String {
    if all_day { chrome.short_date(at) } else { chrome.date_time(at) }
}

async fn schedule_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<SchedulePage, AppError> {
    editor(&auth, &chrome)?;
    let dossier = dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let items = entries(&state.db, Some(id))
        .await?
        .into_iter()
        .map(|Entry { event: e, status, kind, subject }| {
            let milestone_id = e
                .uid
                .strip_prefix("milestone-")
                .and_then(|r| r.split('@').next())
                .and_then(|n| n.parse().ok());
            ItemView {
                id: milestone_id.unwrap_or(0),
                what: kind.label(chrome.lang),
                subject,
                when: when(&chrome, e.at, e.all_day),
                status: status_label(chrome.lang, status),
                status_code: status.code(),
                done: status == Status::Done,
                milestone: milestone_id.is_some(),
            }
        })
        .collect();
    Ok(SchedulePage {
        dossier,
        items,
        kinds: MilestoneKind::ALL
            .iter()
            .map(|k| (k.code(), EntryKind::Milestone(Some(*k)).label(chrome.lang)))
            .collect(),
        chrome,
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
        .ok_or_else(|| AppError::bad("bad_kind", chrome.t("ans-err-milestone-kind")))?;
    let date = field("date");
    let time = field("time");
    let bad_date = || AppError::bad("bad_date", chrome.t1("ans-err-date", "value", &date));
    let (due_at, all_day) = if time.is_empty() {
        (vntime::parse_date(&date, true).ok_or_else(bad_date)?, true)
    } else {
        let start = vntime::parse_date(&date, false).ok_or_else(bad_date)?;
        let minutes = vntime::parse_clock(&time)
            .ok_or_else(|| AppError::bad("bad_time", chrome.t1("ans-err-time", "value", &time)))?;
        (start + minutes * 60_000, false)
    };
    // A milestone left unnamed is named after its kind, in Vietnamese like all content.
    let title = match field("title") {
        t if t.is_empty() => kind.name_vi().to_owned(),
        t if t.chars().count() > 300 => {
            return Err(AppError::bad("title_too_long", chrome.t("ans-err-milestone-title-long")));
        }
        t => duthao_text::nfc(&t),
    };
    let existing = store::of_dossier(&state.db, id).await?;
    schedule::check(&existing, kind, &title, due_at)
        .map_err(|e| schedule_error(chrome.lang, e, &existing, due_at))?;
    store::add(
        &state.db,
        user.id,
        &NewMilestone { dossier_id: id, kind: kind.code(), title: &title, due_at, all_day },
    )
    .await?;
    Ok(Redirect::to(&format!("/editor/dossiers/{id}/schedule")))
}

/// A refused milestone, told in `lang`. The error writes its dates in Vietnamese, so
/// the instants are found again here (as [`schedule::check`] found them) to be
/// written in `lang`.
fn schedule_error(lang: Lang, e: ScheduleError, existing: &[MilestoneRow], due_at: i64) -> AppError {
    let submission = MilestoneKind::SubmissionDue.code();
    let message = match e {
        ScheduleError::AfterSubmission { title, deadline, .. } => {
            let at = existing.iter().filter(|m| m.kind == submission).map(|m| m.due_at).min();
            lang.t_args(
                "ans-err-after-submission",
                &[
                    ("title", &title),
                    ("date", &lang.long_date(due_at)),
                    ("value", &at.map_or(deadline, |at| lang.long_date(at))),
                ],
            )
        }
        ScheduleError::SubmissionBeforeOthers { title, other, .. } => {
            let at =
                existing.iter().filter(|m| m.kind != submission && m.due_at > due_at).map(|m| m.due_at).max();
            lang.t_args(
                "ans-err-submission-before-others",
                &[
                    ("title", &title),
                    ("date", &lang.long_date(due_at)),
                    ("value", &at.map_or(other, |at| lang.long_date(at))),
                ],
            )
        }
    };
    AppError::bad("bad_milestone", message)
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
        _ => return Err(AppError::bad("bad_action", chrome.t("ans-err-bad-action"))),
    };
    Ok(Redirect::to(&format!("/editor/dossiers/{}/schedule", milestone.dossier_id)))
}

#[derive(Debug, Deserialize)]
struct CalendarQuery {
    /// `YYYY-MM`.
    month: Option<String>,
}

/// An entry in a day of the calendar.
#[derive(Clone)]
struct CalendarEvent {
    /// What falls due (interface text).
    what: String,
    /// The milestone's or consultation's title (content).
    subject: String,
    path: String,
    status_code: &'static str,
}

struct DayCell {
    day: u8,
    in_month: bool,
    today: bool,
    events: Vec<CalendarEvent>,
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
    VQuery(q): VQuery<CalendarQuery>,
) -> Result<CalendarPage, AppError> {
    let user = editor(&auth, &chrome)?;
    let now = now_ms();
    let today = vntime::at(now).map(|t| t.date()).ok_or_else(|| AppError::Internal("clock".into()))?;
    let first = match q.month.as_deref() {
        Some(m) => {
            let parsed = vntime::parse_date(&format!("{m}-01"), false).and_then(vntime::at).map(|t| t.date());
            parsed.ok_or_else(|| AppError::bad("bad_month", chrome.t1("ans-err-month", "value", m)))?
        }
        None => today.replace_day(1).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let mut by_day: BTreeMap<time::Date, Vec<CalendarEvent>> = BTreeMap::new();
    for entry in entries(&state.db, None).await? {
        if let Some(t) = vntime::at(entry.event.at) {
            by_day.entry(t.date()).or_default().push(CalendarEvent {
                what: entry.kind.label(chrome.lang),
                subject: entry.subject,
                path: entry.event.path,
                status_code: entry.status.code(),
            });
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
    let title = chrome.lang.t_args(
        "ans-calendar-month",
        &[
            ("value", &u8::from(first.month()).to_string()),
            ("name", &first.month().to_string()),
            ("date", &first.year().to_string()),
        ],
    );
    Ok(CalendarPage {
        chrome,
        title,
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
