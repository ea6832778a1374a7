//! Online conferences in the browser: set-up for the editorial team, the chair's
//! console, each connection point's page, a watch page for every signed-in user, the
//! live feed (server-sent events) they all follow, and the minutes.
//!
//! Every page is complete when loaded and every action is a plain form, so the pages
//! work without JavaScript; `static/conference.js` keeps them current from the feed.

use std::convert::Infallible;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, User, require_user};
use super::editor::editor;
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome, form_field};
use crate::conference::{self, MAX_DELEGATES, MAX_NAME, RecordError, SetupError, Spoken, Target};
use crate::domain::{CommentError, Role, vntime};
use crate::i18n::{Arg, Lang, ToArg};
use crate::storage::conferences::{
    self as store, ConferenceRow, FloorRefusal, NewConference, NewPoint, PointRow,
};
use crate::storage::{consultations, dossiers, drafts, organisations, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/conferences", get(list_page))
        .route("/editor/dossiers/{id}/conferences", get(dossier_page).post(create))
        .route("/editor/conferences/{id}", get(setup_page).post(update))
        .route("/editor/conferences/{id}/points", post(add_point))
        .route("/editor/conferences/{id}/points/{point}", post(update_point))
        .route("/conferences/{id}", get(watch_page))
        .route("/conferences/{id}/chair", get(chair_page))
        .route("/conferences/{id}/state", post(change_state))
        .route("/conferences/{id}/conclusions", post(save_conclusions))
        .route("/conferences/{id}/minutes.docx", get(minutes))
        .route("/conferences/{id}/events", get(events))
        .route("/conferences/{id}/requests/{request}", post(floor_action))
        .route("/conferences/{id}/points/{point}", get(point_page))
        .route("/conferences/{id}/points/{point}/attendance", post(attendance))
        .route("/conferences/{id}/points/{point}/requests", post(request_floor))
        .route("/conferences/{id}/points/{point}/opinions", post(record_opinion))
}

// ---------------------------------------------------------------- who may act

/// Editors run every conference; the secretary of the central point runs its own.
fn may_chair(user: &User, points: &[PointRow]) -> bool {
    user.has(Role::Editor) || points.iter().any(|p| p.central == 1 && p.secretary_user_id == Some(user.id))
}

/// Editors act at every point; a secretary at their own point only.
fn may_act_at(user: &User, point: &PointRow) -> bool {
    user.has(Role::Editor) || point.secretary_user_id == Some(user.id)
}

async fn load(state: &AppState, id: i64) -> Result<ConferenceRow, AppError> {
    store::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)
}

async fn load_point(state: &AppState, conference: i64, point: i64) -> Result<PointRow, AppError> {
    store::point(&state.db.pool, point)
        .await?
        .filter(|p| p.conference_id == conference)
        .ok_or(AppError::NotFound)
}

/// The chair (or the central point's secretary) of `id`.
async fn chair(
    state: &AppState,
    auth: &AuthSession,
    chrome: &Chrome,
    id: i64,
) -> Result<(User, ConferenceRow), AppError> {
    let user = require_user(auth, &chrome.path)?;
    let c = load(state, id).await?;
    let points = store::points(&state.db.pool, id).await?;
    if !may_chair(&user, &points) {
        return Err(AppError::Forbidden);
    }
    Ok((user, c))
}

/// The secretary of `point` (or an editor).
async fn secretary(
    state: &AppState,
    auth: &AuthSession,
    chrome: &Chrome,
    id: i64,
    point: i64,
) -> Result<(User, ConferenceRow, PointRow), AppError> {
    let user = require_user(auth, &chrome.path)?;
    let c = load(state, id).await?;
    let point = load_point(state, id, point).await?;
    if !may_act_at(&user, &point) {
        return Err(AppError::Forbidden);
    }
    Ok((user, c, point))
}

/// The interface text key of a conference's state.
fn state_key(state: &str) -> &'static str {
    match state {
        "open" => "conf-state-open",
        "closed" => "conf-state-closed",
        _ => "conf-state-scheduled",
    }
}

/// A set-up form's problem, for the person who typed it.
fn setup_error(lang: Lang, e: &SetupError) -> String {
    match e {
        SetupError::DelegateWithoutName { line } => {
            lang.t_args("conf-error-delegate-without-name", &[("row", &line.to_string())])
        }
        SetupError::DelegateTooLong { line } => lang.t_values(
            "conf-error-delegate-too-long",
            &[("row", Arg::Text(line.to_string())), ("max", MAX_NAME.to_arg())],
        ),
        SetupError::TooManyDelegates => {
            lang.t_values("conf-error-too-many-delegates", &[("max", MAX_DELEGATES.to_arg())])
        }
        SetupError::BadVideoUrl => lang.t("conf-error-video-url"),
    }
}

/// Why an opinion or a request to speak was refused, for the secretary (storage
/// failures are not for them, and are never passed here).
fn record_error(lang: Lang, e: &RecordError) -> String {
    match e {
        RecordError::NotOpen => lang.t("conf-error-record-not-open"),
        RecordError::NotOnAgenda => lang.t("conf-error-not-on-agenda"),
        RecordError::NotConsulted => lang.t("conf-error-not-consulted"),
        RecordError::Speaker => lang.t_values("conf-error-speaker", &[("max", MAX_NAME.to_arg())]),
        RecordError::ForeignRequest => lang.t("conf-error-foreign-request"),
        RecordError::Text(CommentError::Empty) => lang.t("conf-error-text-empty"),
        RecordError::Text(CommentError::TooLong { chars, max }) => {
            lang.t_values("conf-error-text-too-long", &[("count", chars.to_arg()), ("max", max.to_arg())])
        }
        RecordError::Text(CommentError::QuoteTooLong { chars, max }) => {
            lang.t_values("conf-error-quote-too-long", &[("count", chars.to_arg()), ("max", max.to_arg())])
        }
        RecordError::Text(CommentError::NameTooLong { max }) => {
            lang.t_values("conf-error-name-too-long", &[("max", max.to_arg())])
        }
        RecordError::Text(CommentError::EmailTooLong { max }) => {
            lang.t_values("conf-error-email-too-long", &[("max", max.to_arg())])
        }
        RecordError::Text(CommentError::EmailInvalid) => lang.t("conf-error-email-invalid"),
        RecordError::Storage(_) => e.to_string(),
    }
}

// ---------------------------------------------------------------- list

struct ListItem {
    id: i64,
    title: String,
    starts_at: i64,
    /// The interface text key of its state.
    state: &'static str,
    chair: bool,
    points: Vec<(i64, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conference/list.html")]
struct ListPage {
    chrome: Chrome,
    items: Vec<ListItem>,
}

async fn list_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<ListPage, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let pool = &state.db.pool;
    let mut items = Vec::new();
    for c in store::all(pool).await? {
        let points = store::points(pool, c.id).await?;
        // The secretary's own points (editors reach every point from the console).
        let mine: Vec<(i64, String)> = points
            .iter()
            .filter(|p| p.secretary_user_id == Some(user.id))
            .map(|p| (p.id, p.name.clone()))
            .collect();
        items.push(ListItem {
            id: c.id,
            title: c.title.clone(),
            starts_at: c.starts_at,
            state: state_key(&c.state),
            chair: may_chair(&user, &points),
            points: mine,
        });
    }
    Ok(ListPage { chrome, items })
}

// ---------------------------------------------------------------- set-up

#[derive(Template, WebTemplate)]
#[template(path = "conference/dossier.html")]
struct DossierPage {
    chrome: Chrome,
    dossier: dossiers::DossierRow,
    /// (id, title, start, state's text key).
    conferences: Vec<(i64, String, i64, &'static str)>,
    consultations: Vec<(i64, String)>,
    drafts: Vec<(i64, String)>,
}

async fn dossier_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<DossierPage, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let dossier = dossiers::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let conferences = store::of_dossier(pool, id)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title, c.starts_at, state_key(&c.state)))
        .collect();
    let consultations =
        consultations::of_dossier(pool, id).await?.into_iter().map(|c| (c.id, c.title)).collect();
    let drafts = drafts::drafts_of(pool, id).await?.into_iter().map(|d| (d.id, d.title)).collect();
    Ok(DossierPage { chrome, dossier, conferences, consultations, drafts })
}

/// Reads the set-up form of a conference of `dossier_id`.
async fn setup_form(
    state: &AppState,
    lang: Lang,
    dossier_id: i64,
    form: &[(String, String)],
) -> Result<NewConference, AppError> {
    let pool = &state.db.pool;
    let field = |name: &str| form_field(form, name);
    let title = duthao_text::nfc(&field("title"));
    if title.is_empty() || title.chars().count() > 300 {
        return Err(AppError::bad("bad_title", lang.t("conf-error-title")));
    }
    let date = field("date");
    let start = vntime::parse_date(&date, false)
        .ok_or_else(|| AppError::bad("bad_date", lang.t_args("conf-error-date", &[("value", &date)])))?;
    let time = field("time");
    let minutes = vntime::parse_clock(&time)
        .ok_or_else(|| AppError::bad("bad_time", lang.t_args("conf-error-time", &[("value", &time)])))?;
    let consultation_id: i64 = field("consultation_id").parse().unwrap_or(0);
    match consultations::get(pool, consultation_id).await? {
        Some(c) if c.dossier_id == dossier_id => {}
        _ => return Err(AppError::bad("bad_consultation", lang.t("conf-error-consultation"))),
    }
    let dossier_drafts: Vec<i64> =
        drafts::drafts_of(pool, dossier_id).await?.into_iter().map(|d| d.id).collect();
    let mut agenda = Vec::new();
    for (k, v) in form {
        if k == "agenda" {
            let id: i64 = v.parse().unwrap_or(0);
            if !dossier_drafts.contains(&id) {
                return Err(AppError::bad("bad_agenda", lang.t("conf-error-agenda")));
            }
            if !agenda.contains(&id) {
                agenda.push(id);
            }
        }
    }
    if agenda.is_empty() {
        return Err(AppError::bad("empty_agenda", lang.t("conf-error-empty-agenda")));
    }
    let chairs = duthao_text::nfc(&field("chairs"));
    let place = duthao_text::nfc(&field("place"));
    if chairs.chars().count() > 2_000 || place.chars().count() > 500 {
        return Err(AppError::bad("too_long", lang.t("conf-error-chairs-or-place-too-long")));
    }
    let video_url = conference::check_video_url(&field("video_url"))
        .map_err(|e| AppError::bad("bad_video_url", setup_error(lang, &e)))?;
    Ok(NewConference {
        dossier_id,
        consultation_id,
        title,
        starts_at: start + minutes * 60_000,
        place,
        chairs,
        video_url,
        agenda,
    })
}

async fn create(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::writable(&state, id).await?;
    let new = setup_form(&state, chrome.lang, id, &form).await?;
    let conference = store::create(&state.db, Some(user.id), &new).await?;
    Ok(Redirect::to(&format!("/editor/conferences/{conference}")))
}

struct PointSetup {
    point: PointRow,
    /// The secretary's user id, 0 when none is assigned.
    secretary: i64,
    delegates: Vec<store::DelegateRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conference/setup.html")]
struct SetupPage {
    chrome: Chrome,
    c: ConferenceRow,
    dossier: dossiers::DossierRow,
    date: String,
    time: String,
    consultations: Vec<(i64, String)>,
    drafts: Vec<(i64, String, bool)>,
    points: Vec<PointSetup>,
    organisations: Vec<(i64, String)>,
    secretaries: Vec<(i64, String)>,
}

async fn setup_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<SetupPage, AppError> {
    editor(&auth, &chrome)?;
    let pool = &state.db.pool;
    let c = load(&state, id).await?;
    let dossier = dossiers::get(pool, c.dossier_id).await?.ok_or(AppError::NotFound)?;
    let agenda: Vec<i64> = store::agenda(pool, id).await?.into_iter().map(|a| a.draft_id).collect();
    let mut points = Vec::new();
    for point in store::points(pool, id).await? {
        let delegates = store::delegates(pool, point.id).await?;
        points.push(PointSetup { secretary: point.secretary_user_id.unwrap_or(0), point, delegates });
    }
    let taken: Vec<i64> = points.iter().map(|p| p.point.organisation_id).collect();
    let organisations = organisations::list(pool)
        .await?
        .into_iter()
        .filter(|o| !taken.contains(&o.id))
        .map(|o| (o.id, o.name))
        .collect();
    let secretary_ids: Vec<i64> = users::all_grants(pool)
        .await?
        .into_iter()
        .filter(|g| g.role == Role::Secretary.code())
        .map(|g| g.user_id)
        .collect();
    let secretaries = users::list(pool)
        .await?
        .into_iter()
        .filter(|u| secretary_ids.contains(&u.id) && u.disabled == 0)
        .map(|u| (u.id, format!("{} ({})", u.name, u.login)))
        .collect();
    let t = vntime::at(c.starts_at);
    Ok(SetupPage {
        chrome,
        date: vntime::iso_date(c.starts_at),
        time: t.map(|t| format!("{:02}:{:02}", t.hour(), t.minute())).unwrap_or_default(),
        consultations: consultations::of_dossier(pool, c.dossier_id)
            .await?
            .into_iter()
            .map(|x| (x.id, x.title))
            .collect(),
        drafts: drafts::drafts_of(pool, c.dossier_id)
            .await?
            .into_iter()
            .map(|d| (d.id, d.title, agenda.contains(&d.id)))
            .collect(),
        c,
        dossier,
        points,
        organisations,
        secretaries,
    })
}

async fn update(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let c = load(&state, id).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let new = setup_form(&state, chrome.lang, c.dossier_id, &form).await?;
    store::update(&state.db, user.id, id, &new).await?;
    Ok(Redirect::to(&format!("/editor/conferences/{id}")))
}

/// The secretary chosen in a form: none, or a user holding the secretary role.
async fn chosen_secretary(state: &AppState, lang: Lang, value: &str) -> Result<Option<i64>, AppError> {
    if value.is_empty() {
        return Ok(None);
    }
    let id: i64 =
        value.parse().map_err(|_| AppError::bad("bad_secretary", lang.t("conf-error-secretary")))?;
    let roles = users::roles(&state.db.pool, id).await?;
    if roles.contains(&Role::Secretary) {
        Ok(Some(id))
    } else {
        Err(AppError::bad("bad_secretary", lang.t("conf-error-not-secretary")))
    }
}

async fn add_point(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let c = load(&state, id).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let field = |name: &str| form_field(&form, name);
    let organisation_id: i64 = field("organisation_id").parse().unwrap_or(0);
    organisations::get(&state.db.pool, organisation_id)
        .await?
        .ok_or_else(|| AppError::bad("bad_organisation", chrome.t("conf-error-organisation")))?;
    let delegates = conference::parse_delegates(&field("delegates"))
        .map_err(|e| AppError::bad("bad_delegates", setup_error(chrome.lang, &e)))?;
    let location = duthao_text::nfc(&field("location"));
    if location.chars().count() > 500 {
        return Err(AppError::bad("too_long", chrome.t("conf-error-location-too-long")));
    }
    let new = NewPoint {
        organisation_id,
        central: field("central") == "1",
        location,
        secretary_user_id: chosen_secretary(&state, chrome.lang, &field("secretary")).await?,
        delegates,
    };
    match store::add_point(&state.db, Some(user.id), id, &new).await? {
        Some(_) => {
            state.live.catch_up(id).await;
            Ok(Redirect::to(&format!("/editor/conferences/{id}#diem-cau")))
        }
        None => Err(AppError::conflict("point_exists", chrome.t("conf-error-point-exists"))),
    }
}

async fn update_point(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, point)): Path<(i64, i64)>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let c = load(&state, id).await?;
    load_point(&state, id, point).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let field = |name: &str| form_field(&form, name);
    let delegates = conference::parse_delegates(&field("delegates"))
        .map_err(|e| AppError::bad("bad_delegates", setup_error(chrome.lang, &e)))?;
    let location = duthao_text::nfc(&field("location"));
    if location.chars().count() > 500 {
        return Err(AppError::bad("too_long", chrome.t("conf-error-location-too-long")));
    }
    let secretary = chosen_secretary(&state, chrome.lang, &field("secretary")).await?;
    store::update_point(&state.db, user.id, point, &location, secretary, &delegates).await?;
    state.live.catch_up(id).await;
    Ok(Redirect::to(&format!("/editor/conferences/{id}#diem-cau-{point}")))
}

// ---------------------------------------------------------------- live pages

struct RequestView {
    id: i64,
    point_id: i64,
    point: String,
    speaker: String,
    topic: String,
    since: String,
}

impl RequestView {
    fn of(r: &store::RequestRow) -> Self {
        let topic = match (&r.draft_title, &r.provision_label) {
            (Some(d), Some(p)) => format!("{p} — {d}"),
            (Some(d), None) => d.clone(),
            _ => String::new(),
        };
        Self {
            id: r.id,
            point_id: r.point_id,
            point: r.point_name.clone(),
            speaker: r.speaker.clone(),
            topic,
            since: conference::clock(r.granted_at.unwrap_or(r.requested_at)),
        }
    }
}

struct OpinionView {
    point: String,
    speaker: String,
    topic: String,
    at: String,
    body: String,
}

/// A point with its attendance, for the live pages.
struct PointView {
    id: i64,
    name: String,
    central: bool,
    location: String,
    expected: i64,
    present: i64,
    mine: bool,
}

/// The choices of the subject select: each agenda draft, then its provisions.
struct TargetGroup {
    title: String,
    draft_value: String,
    provisions: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "conference/live.html")]
struct LivePage {
    chrome: Chrome,
    c: ConferenceRow,
    /// "watch", "chair" or "point".
    mode: &'static str,
    /// The interface text key of the conference's state.
    state_label: &'static str,
    seq: i64,
    /// (draft id, title) in agenda order.
    agenda: Vec<(i64, String)>,
    chairs: Vec<String>,
    points: Vec<PointView>,
    expected: i64,
    present: i64,
    floor: Option<RequestView>,
    queue: Vec<RequestView>,
    opinions: Vec<OpinionView>,
    can_chair: bool,
    /// The point page's point.
    point: Option<PointView>,
    delegates: Vec<store::DelegateRow>,
    targets: Vec<TargetGroup>,
    /// The request of this point that has the floor, if any.
    speaking_here: Option<RequestView>,
}

async fn live_page(
    state: &AppState,
    chrome: Chrome,
    user: &User,
    c: ConferenceRow,
    mode: &'static str,
    point: Option<&PointRow>,
) -> Result<LivePage, AppError> {
    let pool = &state.db.pool;
    // The number first: anything that changes while the page is read comes again
    // through the feed, which resumes after it.
    let seq = store::last_event(pool, c.id).await?;
    let points = store::points(pool, c.id).await?;
    let can_chair = may_chair(user, &points);
    let agenda = store::agenda(pool, c.id).await?;
    let queue = store::queue(pool, c.id).await?;
    let floor = queue.iter().find(|r| r.state == "speaking").map(RequestView::of);
    let waiting = queue.iter().filter(|r| r.state == "waiting").map(RequestView::of).collect();
    let mut opinions: Vec<OpinionView> = store::opinions(pool, c.id)
        .await?
        .into_iter()
        .map(|o| OpinionView {
            topic: match &o.provision_label {
                Some(p) => format!("{p} — {}", o.draft_title),
                None => o.draft_title.clone(),
            },
            point: o.point_name,
            speaker: o.speaker,
            at: conference::clock(o.recorded_at),
            body: o.body,
        })
        .collect();
    opinions.reverse();
    let view = |p: &PointRow| PointView {
        id: p.id,
        name: p.name.clone(),
        central: p.central == 1,
        location: p.location.clone(),
        expected: p.expected,
        present: p.present,
        mine: p.secretary_user_id == Some(user.id),
    };
    let mut targets = Vec::new();
    let mut delegates = Vec::new();
    let mut speaking_here = None;
    if let Some(point) = point {
        delegates = store::delegates(pool, point.id).await?;
        speaking_here =
            queue.iter().find(|r| r.state == "speaking" && r.point_id == point.id).map(RequestView::of);
        for item in &agenda {
            let provisions = match item.version_id {
                Some(v) => drafts::provisions(pool, v)
                    .await?
                    .into_iter()
                    .map(|p| {
                        let indent = "  ".repeat(usize::try_from(p.depth).unwrap_or(0));
                        let text: String =
                            p.heading.clone().unwrap_or_else(|| p.body.clone()).chars().take(60).collect();
                        (format!("p:{}", p.id), format!("{indent}{} {text}", p.label))
                    })
                    .collect(),
                None => Vec::new(),
            };
            targets.push(TargetGroup {
                title: item.title.clone(),
                draft_value: format!("d:{}", item.draft_id),
                provisions,
            });
        }
    }
    Ok(LivePage {
        chrome,
        mode,
        state_label: state_key(&c.state),
        seq,
        agenda: agenda.into_iter().map(|a| (a.draft_id, a.title)).collect(),
        chairs: c.chair_list(),
        expected: points.iter().map(|p| p.expected).sum(),
        present: points.iter().map(|p| p.present).sum(),
        point: point.map(view),
        points: points.iter().map(view).collect(),
        floor,
        queue: waiting,
        opinions,
        can_chair,
        delegates,
        targets,
        speaking_here,
        c,
    })
}

async fn watch_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<LivePage, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let c = load(&state, id).await?;
    live_page(&state, chrome, &user, c, "watch", None).await
}

async fn chair_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<LivePage, AppError> {
    let (user, c) = chair(&state, &auth, &chrome, id).await?;
    live_page(&state, chrome, &user, c, "chair", None).await
}

async fn point_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, point)): Path<(i64, i64)>,
) -> Result<LivePage, AppError> {
    let (user, c, point) = secretary(&state, &auth, &chrome, id, point).await?;
    live_page(&state, chrome, &user, c, "point", Some(&point)).await
}

// ---------------------------------------------------------------- chair actions

async fn change_state(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let (user, c) = chair(&state, &auth, &chrome, id).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let open = match form_field(&form, "action").as_str() {
        "open" => true,
        "close" => false,
        _ => return Err(AppError::bad("bad_action", chrome.t("conf-error-action"))),
    };
    if !store::set_state(&state.db, user.id, id, open).await? {
        return Err(AppError::conflict(
            "conference_state",
            chrome.t1("conf-error-state", "value", chrome.t(state_key(&c.state))),
        ));
    }
    state.live.catch_up(id).await;
    Ok(Redirect::to(&format!("/conferences/{id}/chair")))
}

async fn save_conclusions(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let (user, c) = chair(&state, &auth, &chrome, id).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let text = duthao_text::nfc(&duthao_text::clean_input(&form_field(&form, "conclusions")));
    if text.chars().count() > 50_000 {
        return Err(AppError::bad(
            "too_long",
            chrome.t1("conf-error-conclusions-too-long", "max", chrome.number(50_000)),
        ));
    }
    store::set_conclusions(&state.db, user.id, id, &text).await?;
    Ok(Redirect::to(&format!("/conferences/{id}/chair#ket-luan")))
}

async fn minutes(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let (_, c) = chair(&state, &auth, &chrome, id).await?;
    let minutes = conference::minutes(&state.db, &c).await?;
    let bytes = tokio::task::spawn_blocking(move || duthao_reports::minutes_docx(&minutes))
        .await
        .map_err(|e| AppError::Internal(format!("minutes task: {e}")))?
        .map_err(|e| AppError::Internal(format!("minutes: {e}")))?;
    let disposition = format!("attachment; filename=\"bien-ban-hoi-nghi-{id}.docx\"");
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

/// Give the floor, end a speech, move a request in the queue, or withdraw it. The
/// chair does all; a point's secretary may withdraw the point's own request.
async fn floor_action(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, request)): Path<(i64, i64)>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = require_user(&auth, &chrome.path)?;
    let c = load(&state, id).await?;
    let r = store::request(&state.db.pool, request)
        .await?
        .filter(|r| r.conference_id == id)
        .ok_or(AppError::NotFound)?;
    let points = store::points(&state.db.pool, id).await?;
    let action = form_field(&form, "action");
    let chairing = may_chair(&user, &points);
    let own = points.iter().any(|p| p.id == r.point_id && may_act_at(&user, p));
    if !(chairing || (action == "withdraw" && own)) {
        return Err(AppError::Forbidden);
    }
    super::submission::writable(&state, c.dossier_id).await?;
    let stale = || AppError::conflict("request_changed", chrome.t("conf-error-request-changed"));
    match action.as_str() {
        "grant" => match store::grant(&state.db, user.id, request).await? {
            Ok(()) => {}
            Err(FloorRefusal::Taken(holder)) => {
                return Err(AppError::conflict(
                    "floor_taken",
                    chrome.t2("conf-error-floor-taken", "name", &holder.speaker, "value", &holder.point_name),
                ));
            }
            Err(FloorRefusal::NotOpen) => {
                return Err(AppError::conflict("conference_not_open", chrome.t("conf-error-not-open")));
            }
            Err(FloorRefusal::NotWaiting) => return Err(stale()),
        },
        "finish" => {
            if !store::finish(&state.db, user.id, request).await? {
                return Err(stale());
            }
        }
        "up" | "down" => {
            store::move_request(&state.db, request, action == "up").await?;
        }
        "withdraw" => {
            if !store::withdraw(&state.db, request).await? {
                return Err(stale());
            }
        }
        _ => return Err(AppError::bad("bad_action", chrome.t("conf-error-action"))),
    }
    state.live.catch_up(id).await;
    let back = if chairing && !(action == "withdraw" && own && !user.has(Role::Editor)) {
        format!("/conferences/{id}/chair#hang-cho")
    } else {
        format!("/conferences/{id}/points/{}#hang-cho", r.point_id)
    };
    Ok(Redirect::to(&back))
}

// ---------------------------------------------------------------- point actions

async fn attendance(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, point)): Path<(i64, i64)>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let (user, c, point) = secretary(&state, &auth, &chrome, id, point).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let delegate_id: i64 = form_field(&form, "delegate_id").parse().unwrap_or(0);
    let delegate = store::delegate(&state.db.pool, delegate_id)
        .await?
        .filter(|d| d.point_id == point.id)
        .ok_or_else(|| AppError::bad("bad_delegate", chrome.t("conf-error-delegate")))?;
    let present = form_field(&form, "present") == "1";
    store::check_in(&state.db, user.id, delegate.id, present).await?;
    state.live.catch_up(id).await;
    Ok(Redirect::to(&format!("/conferences/{id}/points/{}#diem-danh", point.id)))
}

async fn request_floor(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, point)): Path<(i64, i64)>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let (user, c, point) = secretary(&state, &auth, &chrome, id, point).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    if c.state == "closed" {
        return Err(AppError::conflict("conference_closed", chrome.t("conf-error-closed")));
    }
    let speaker = duthao_text::nfc(form_field(&form, "speaker").trim());
    if speaker.is_empty() || speaker.chars().count() > conference::MAX_NAME {
        return Err(AppError::bad("bad_speaker", record_error(chrome.lang, &RecordError::Speaker)));
    }
    let agenda = store::agenda(&state.db.pool, id).await?;
    let target = form_field(&form, "target");
    let (draft_id, provision_id) = match Target::parse(&target) {
        // Blank: the floor on the agenda in general.
        None if target.is_empty() => (None, None),
        None => {
            return Err(AppError::bad("not_on_agenda", record_error(chrome.lang, &RecordError::NotOnAgenda)));
        }
        Some(Target::Draft(d)) if agenda.iter().any(|a| a.draft_id == d) => (Some(d), None),
        Some(Target::Provision(p)) => {
            let provision = drafts::get_provision(&state.db.pool, p).await?;
            match provision.and_then(|pr| agenda.iter().find(|a| a.version_id == Some(pr.version_id))) {
                Some(item) => (Some(item.draft_id), Some(p)),
                None => {
                    return Err(AppError::bad(
                        "not_on_agenda",
                        record_error(chrome.lang, &RecordError::NotOnAgenda),
                    ));
                }
            }
        }
        Some(Target::Draft(_)) => {
            return Err(AppError::bad("not_on_agenda", record_error(chrome.lang, &RecordError::NotOnAgenda)));
        }
    };
    store::request_floor(
        &state.db,
        Some(user.id),
        id,
        &store::NewRequest { point_id: point.id, speaker, draft_id, provision_id },
    )
    .await?;
    state.live.catch_up(id).await;
    Ok(Redirect::to(&format!("/conferences/{id}/points/{}#hang-cho", point.id)))
}

async fn record_opinion(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path((id, point)): Path<(i64, i64)>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (user, c, point) = secretary(&state, &auth, &chrome, id, point).await?;
    super::submission::writable(&state, c.dossier_id).await?;
    let spoken = Spoken {
        speaker: form_field(&form, "speaker"),
        target: Target::parse(&form_field(&form, "target")),
        text: form_field(&form, "text"),
        speak_request_id: form_field(&form, "request_id").parse().ok(),
    };
    let (comment, receipt) =
        conference::record(&state.db, &state.intake, &state.live, &c, &point, user.id, spoken)
            .await
            .map_err(|e| match e {
                RecordError::Storage(s) => AppError::from(s),
                RecordError::NotOpen => {
                    AppError::conflict("conference_not_open", record_error(chrome.lang, &e))
                }
                RecordError::Text(ref t) => AppError::bad(t.code(), record_error(chrome.lang, &e)),
                ref other => AppError::bad("bad_opinion", record_error(chrome.lang, other)),
            })?;
    tracing::debug!(comment, conference = id, "opinion recorded");
    let back = format!(
        "/conferences/{id}/points/{}?ghi={}#ghi-y-kien",
        point.id,
        super::url_encode(receipt.as_str())
    );
    Ok(Redirect::to(&back).into_response())
}

// ---------------------------------------------------------------- the feed

#[derive(Debug, Deserialize)]
struct FeedQuery {
    after: Option<i64>,
}

/// Server-sent events of one conference, from the event after the browser's
/// `Last-Event-ID` (a reconnection) or the page's `after`.
async fn events(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    headers: HeaderMap,
    Path(id): Path<i64>,
    VQuery(q): VQuery<FeedQuery>,
) -> Result<Response, AppError> {
    require_user(&auth, &chrome.path)?;
    load(&state, id).await?;
    let last_id =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<i64>().ok());
    let after = match (last_id, q.after) {
        (Some(id), _) => id,
        (None, Some(after)) => after,
        // From now on.
        (None, None) => store::last_event(&state.db.pool, id).await?,
    };
    let batches = state.live.subscribe(id, after).await?;
    // One frame per poll, shared with every other subscriber; what is ready together
    // leaves in one write.
    let stream = futures_util::stream::unfold(
        (batches, std::collections::VecDeque::new()),
        |(mut batches, mut ready): (_, std::collections::VecDeque<bytes::Bytes>)| async move {
            if ready.is_empty() {
                ready.extend(batches.recv().await?);
            }
            let frame = ready.pop_front()?;
            Some((Ok::<_, Infallible>(frame), (batches, ready)))
        },
    );
    let mut response = axum::body::Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/event-stream"));
    // Through a reverse proxy too: no buffering, no caching.
    headers.insert("x-accel-buffering", header::HeaderValue::from_static("no"));
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
    Ok(response)
}
