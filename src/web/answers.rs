//! Answering comments (tiếp thu, giải trình): work queues and progress per draft, the
//! answer form for a comment or a group (with templates), answering a selection in
//! bulk, the lead editor's review (approve, return with a remark) and publishing the
//! approved answers together.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, User, require_role};
use super::editor::{editor, excerpt};
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome};
use crate::domain::disposition::AnswerError;
use crate::domain::{AnswerState, AnswerText, Disposition, Role};
use crate::i18n::{Arg, Lang, ToArg};
use crate::storage::dispositions::{self, AnswerChangeError, Queue, Review, Unit};
use crate::storage::{comments, consultations, groups};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/consultations/{id}/answers", get(queue_page))
        .route("/editor/consultations/{id}/answers/bulk", post(bulk))
        .route("/editor/consultations/{id}/answers/publish", post(publish))
        .route("/editor/consultations/{id}/answers/approve", post(approve_selected))
        .route("/editor/answers/{unit}", get(unit_page).post(save))
        .route("/editor/answers/{unit}/review", post(review))
        .route("/editor/answer-templates", get(templates_page).post(add_template))
}

fn lead(auth: &AuthSession, chrome: &Chrome) -> Result<User, AppError> {
    require_role(auth, Role::LeadEditor, &chrome.path)
}

/// A refused change to an answer, told in the reader's language.
fn answer_error(lang: Lang, e: AnswerChangeError) -> AppError {
    let conflict = |key: &str| AppError::conflict("answer_changed", lang.t(key));
    let bad = |key: &str| AppError::bad("bad_answer", lang.t(key));
    match e {
        AnswerChangeError::Storage(e) => AppError::from(e),
        AnswerChangeError::NoSuchUnit => AppError::NotFound,
        AnswerChangeError::ChangedSinceReviewed => conflict("ans-err-answer-changed"),
        AnswerChangeError::EditedMeanwhile => conflict("ans-err-answer-edited-meanwhile"),
        AnswerChangeError::Published => conflict("ans-err-answer-published"),
        AnswerChangeError::NotAwaitingReview => conflict("ans-err-answer-not-awaiting"),
        AnswerChangeError::NoAnswer => bad("ans-err-answer-none"),
        AnswerChangeError::RemarkRequired => bad("ans-err-answer-remark"),
        AnswerChangeError::InGroup => bad("ans-err-answer-in-group"),
        AnswerChangeError::OtherConsultation => bad("ans-err-answer-other-consultation"),
    }
}

/// The text of an answer, or why it was refused in the reader's language.
fn parse_answer(chrome: &Chrome, text: &str) -> Result<AnswerText, AppError> {
    AnswerText::parse(text).map_err(|e| {
        let message = match e {
            AnswerError::Empty => chrome.t("ans-err-answer-empty"),
            AnswerError::TooLong { max, actual } => {
                chrome.t2("ans-err-answer-too-long", "max", max, "count", actual)
            }
        };
        AppError::bad("bad_answer", message)
    })
}

/// "Nhóm #12" or "Góp ý #345".
fn unit_label(chrome: &Chrome, unit: Unit) -> String {
    match unit {
        Unit::Group(g) => chrome.t1("ans-unit-group", "code", g),
        Unit::Comment(c) => chrome.t1("ans-unit-comment", "code", c),
    }
}

fn bad_unit(chrome: &Chrome, code: &str) -> AppError {
    AppError::bad("bad_unit", chrome.t1("ans-err-bad-unit", "value", code))
}

fn parse_unit(text: &str) -> Result<Unit, AppError> {
    Unit::parse(text).ok_or(AppError::NotFound)
}

fn kinds(chrome: &Chrome) -> Vec<(&'static str, String)> {
    Disposition::ALL.iter().map(|d| (d.code(), chrome.label(d))).collect()
}

fn parse_kind(chrome: &Chrome, code: &str) -> Result<Disposition, AppError> {
    Disposition::parse(code).ok_or_else(|| AppError::bad("bad_kind", chrome.t("ans-err-kind")))
}

// ---------------------------------------------------------------- queues

struct QueueItem {
    unit: String,
    label: String,
    size: String,
    draft: String,
    /// `None`: the whole draft.
    provision: Option<String>,
    excerpt: String,
    kind: String,
    state: String,
    remark: String,
    revision: i64,
}

struct ProgressItem {
    draft: String,
    units: String,
    answered: String,
    approved: String,
    published: String,
    left: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/answers.html")]
struct QueuePage {
    chrome: Chrome,
    consultation_id: i64,
    consultation_title: String,
    view: String,
    views: Vec<(&'static str, String)>,
    progress: Vec<ProgressItem>,
    items: Vec<QueueItem>,
    page: i64,
    more: bool,
    kinds: Vec<(&'static str, String)>,
    is_lead: bool,
    approved_waiting: i64,
}

#[derive(Debug, Deserialize)]
struct QueueQuery {
    view: Option<String>,
    page: Option<String>,
}

const PAGE_SIZE: i64 = 50;

/// The queues, by code; each is named by `ans-queue-view-{code}`.
const VIEWS: [&str; 5] = ["unanswered", "mine", "review", "approved", "published"];

async fn queue_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<QueueQuery>,
) -> Result<Response, AppError> {
    let user = editor(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let view = q.view.filter(|v| VIEWS.contains(&v.as_str())).unwrap_or_else(|| "unanswered".to_owned());
    let queue = match view.as_str() {
        "mine" => Queue::Mine(user.id),
        "review" => Queue::ToReview,
        "approved" => Queue::Approved,
        "published" => Queue::Published,
        _ => Queue::Unanswered,
    };
    let page = super::page_number(q.page.as_deref().and_then(|p| p.parse::<i64>().ok()));
    let rows = dispositions::queue(&state.db, id, queue, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    // A page past the end (an edited address, or units answered away since): the last
    // one, only ever towards the front (see the comment list).
    if rows.is_empty() && page > 1 {
        let last =
            ((dispositions::queue_len(&state.db, id, queue).await? + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
        if last < page {
            return Ok(Redirect::to(&format!("/editor/consultations/{id}/answers?view={view}&page={last}"))
                .into_response());
        }
    }
    let progress = dispositions::progress(&state.db, id).await?;
    let approved_waiting = progress.iter().map(|p| p.approved - p.published).sum();
    let items = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|r| {
            let unit = r.unit();
            QueueItem {
                unit: unit.code(),
                label: unit_label(&chrome, unit),
                size: chrome.number(r.size),
                draft: r.draft_title,
                provision: r.provision_label,
                excerpt: excerpt(&r.body, 240),
                kind: r
                    .kind
                    .as_deref()
                    .and_then(Disposition::parse)
                    .map_or_else(String::new, |d| chrome.label(&d)),
                state: r
                    .state
                    .as_deref()
                    .and_then(AnswerState::parse)
                    .map_or_else(String::new, |s| chrome.label(&s)),
                remark: r.remark.unwrap_or_default(),
                revision: r.revision.unwrap_or(0),
            }
        })
        .collect();
    Ok(QueuePage {
        consultation_id: id,
        consultation_title: consultation.title,
        view,
        views: VIEWS.iter().map(|code| (*code, chrome.t(&format!("ans-queue-view-{code}")))).collect(),
        progress: progress
            .iter()
            .map(|p| ProgressItem {
                draft: p.draft_title.clone(),
                units: chrome.number(p.units),
                answered: chrome.number(p.answered),
                approved: chrome.number(p.approved),
                published: chrome.number(p.published),
                left: chrome.number(p.left()),
            })
            .collect(),
        items,
        page,
        more,
        kinds: kinds(&chrome),
        is_lead: user.has(Role::LeadEditor),
        approved_waiting,
        chrome,
    }
    .into_response())
}

async fn bulk(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    super::submission::consultation_writable(&state, id).await?;
    let value =
        |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let mut units: Vec<Unit> = Vec::new();
    for (_, v) in form.iter().filter(|(k, _)| k == "unit") {
        let unit = Unit::parse(v).ok_or_else(|| bad_unit(&chrome, v))?;
        // A unit ticked twice is answered once.
        if !units.contains(&unit) {
            units.push(unit);
        }
    }
    if units.is_empty() {
        return Err(AppError::bad("nothing_selected", chrome.t("ans-err-nothing-to-answer")));
    }
    let kind = parse_kind(&chrome, value("kind"))?;
    let answer = parse_answer(&chrome, value("answer"))?;
    check_consultation(&state, id, &units).await?;
    dispositions::draft(&state.db, user.id, &units, kind, &answer)
        .await
        .map_err(|e| answer_error(chrome.lang, e))?;
    tracing::info!(consultation.id = id, user.id = user.id, units = units.len(), "answers drafted in bulk");
    Ok(Redirect::to(&format!("/editor/consultations/{id}/answers?view=mine")))
}

/// The lead editor approves the ticked answers as shown on the review queue: each at
/// the revision the page showed (`rev-{unit}`), so one edited since is not approved.
async fn approve_selected(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = lead(&auth, &chrome)?;
    super::submission::consultation_writable(&state, id).await?;
    let mut selected: Vec<&str> = Vec::new();
    for (_, code) in form.iter().filter(|(k, _)| k == "unit") {
        // A unit ticked twice is approved once.
        if !selected.contains(&code.as_str()) {
            selected.push(code);
        }
    }
    if selected.is_empty() {
        return Err(AppError::bad("nothing_selected", chrome.t("ans-err-nothing-to-approve")));
    }
    let units = selected
        .iter()
        .map(|code| Unit::parse(code).ok_or_else(|| bad_unit(&chrome, code)))
        .collect::<Result<Vec<_>, _>>()?;
    check_consultation(&state, id, &units).await?;
    // Every unit's revision is read before any is approved: a form missing one
    // approves nothing.
    let revisions = selected
        .iter()
        .zip(&units)
        .map(|(code, &unit)| {
            form.iter()
                .find(|(k, _)| k.strip_prefix("rev-") == Some(code))
                .and_then(|(_, v)| v.parse::<i64>().ok())
                .ok_or_else(|| {
                    AppError::bad(
                        "bad_revision",
                        chrome.t1("ans-err-revision-of", "code", unit_label(&chrome, unit)),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (mut approved, mut refused) = (0, Vec::new());
    for (unit, revision) in units.into_iter().zip(revisions) {
        match dispositions::review(&state.db, user.id, unit, &Review::Approve { revision }).await {
            Ok(_) => approved += 1,
            Err(AnswerChangeError::Storage(e)) => return Err(e.into()),
            Err(_) => refused.push(unit_label(&chrome, unit)),
        }
    }
    tracing::info!(
        consultation.id = id,
        user.id = user.id,
        approved,
        refused = refused.len(),
        "answers approved"
    );
    if !refused.is_empty() {
        let message = chrome.lang.t_values(
            "ans-err-partly-approved",
            &[
                ("count", approved.to_arg()),
                ("value", refused.len().to_arg()),
                ("what", Arg::Text(refused.join(", "))),
            ],
        );
        return Err(AppError::conflict("answer_changed", message));
    }
    Ok(Redirect::to(&format!("/editor/consultations/{id}/answers?view=review")))
}

/// Refuses (before anything is written) units that are not of this consultation.
async fn check_consultation(state: &AppState, id: i64, units: &[Unit]) -> Result<(), AppError> {
    for &unit in units {
        if dispositions::consultation_of_unit(&state.db, unit).await? != Some(id) {
            return Err(AppError::NotFound);
        }
    }
    Ok(())
}

async fn publish(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = lead(&auth, &chrome)?;
    consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::consultation_writable(&state, id).await?;
    let n = dispositions::publish(&state.db, user.id, id).await?;
    tracing::info!(consultation.id = id, user.id = user.id, answers = n, "answers published");
    Ok(Redirect::to(&format!("/editor/consultations/{id}/answers?view=published")))
}

// ---------------------------------------------------------------- one unit

#[derive(Template, WebTemplate)]
#[template(path = "editor/answer.html")]
struct UnitPage {
    chrome: Chrome,
    unit: String,
    consultation_id: i64,
    /// "Nhóm #12: 30 góp ý giống nhau" or "Góp ý #345", before the provision.
    heading: String,
    /// `None`: the whole draft.
    provision: Option<String>,
    /// The commenter of a single comment: name, organisation.
    who: String,
    text: String,
    size: i64,
    group_link: Option<i64>,
    /// What a comment in an answered group inherits: (the notice, the group's answer).
    inherited: Option<(String, String)>,
    kind: String,
    answer: String,
    state: String,
    revision: i64,
    /// When the answer last changed (edited or reviewed; 0: no answer yet).
    updated_at: i64,
    remark: String,
    kinds: Vec<(&'static str, String)>,
    templates: Vec<(i64, String)>,
    can_review: bool,
}

#[derive(Debug, Deserialize)]
struct UnitQuery {
    template: Option<String>,
}

async fn unit_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(unit): Path<String>,
    VQuery(q): VQuery<UnitQuery>,
) -> Result<UnitPage, AppError> {
    let user = editor(&auth, &chrome)?;
    let unit = parse_unit(&unit)?;
    let (consultation_id, heading, provision, who, text, size, group_link, inherited) = match unit {
        Unit::Group(g) => {
            let group = groups::get(&state.db, g).await?.ok_or(AppError::NotFound)?;
            let heading = chrome.t2("ans-unit-group-heading", "code", g, "count", chrome.number(group.size));
            (
                group.consultation_id,
                heading,
                group.provision_label,
                String::new(),
                group.representative_body,
                group.size,
                Some(g),
                None,
            )
        }
        Unit::Comment(c) => {
            let row =
                comments::by_ids(&state.db, &[c]).await?.into_iter().next().ok_or(AppError::NotFound)?;
            let group: Option<i64> = groups::group_of_comment(&state.db, c).await?;
            let inherited = match group {
                Some(g) => dispositions::of_unit(&state.db, Unit::Group(g)).await?.map(|d| {
                    let kind = d.kind().map_or_else(String::new, |k| chrome.label(&k));
                    (chrome.t2("ans-unit-inherited", "code", g, "what", kind), d.answer)
                }),
                None => None,
            };
            let who = [row.author_name.clone(), row.organisation_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let heading = unit_label(&chrome, unit);
            (row.consultation_id, heading, row.provision_label, who, row.body, 1, group, inherited)
        }
    };
    let current = dispositions::of_unit(&state.db, unit).await?;
    let templates = dispositions::templates(&state.db).await?;
    let chosen = q
        .template
        .as_deref()
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|t| templates.iter().find(|x| x.id == t));
    let (kind, answer) = match (chosen, &current) {
        (Some(t), _) => (t.kind.clone(), t.answer.clone()),
        (None, Some(d)) => (d.kind.clone(), d.answer.clone()),
        (None, None) => (String::new(), String::new()),
    };
    let is_lead = user.has(Role::LeadEditor);
    Ok(UnitPage {
        unit: unit.code(),
        consultation_id,
        heading,
        provision,
        who,
        text,
        size,
        group_link,
        inherited,
        kind,
        answer,
        state: current
            .as_ref()
            .and_then(|d| d.state())
            .map_or_else(|| chrome.t("ans-unit-unanswered"), |s| chrome.label(&s)),
        revision: current.as_ref().map_or(0, |d| d.revision),
        updated_at: current.as_ref().map_or(0, |d| d.updated_at),
        remark: current.as_ref().and_then(|d| d.remark.clone()).unwrap_or_default(),
        kinds: kinds(&chrome),
        templates: templates.into_iter().map(|t| (t.id, t.title)).collect(),
        can_review: is_lead && current.as_ref().and_then(|d| d.state()) == Some(AnswerState::Draft),
        chrome,
    })
}

#[derive(Debug, Deserialize)]
struct AnswerForm {
    kind: String,
    answer: String,
    /// The answer's revision when the page was shown (0: none yet).
    revision: Option<i64>,
    /// When the answer shown last changed: a review does not change the revision.
    updated_at: Option<i64>,
}

async fn save(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(unit): Path<String>,
    VForm(form): VForm<AnswerForm>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let unit = parse_unit(&unit)?;
    if let Some(c) = dispositions::consultation_of_unit(&state.db, unit).await? {
        super::submission::consultation_writable(&state, c).await?;
    }
    let kind = parse_kind(&chrome, &form.kind)?;
    let answer = parse_answer(&chrome, &form.answer)?;
    match form.revision {
        Some(revision) => {
            let seen = dispositions::Seen { revision, updated_at: form.updated_at };
            dispositions::draft_seen(&state.db, user.id, unit, kind, &answer, seen).await
        }
        None => dispositions::draft(&state.db, user.id, &[unit], kind, &answer).await,
    }
    .map_err(|e| answer_error(chrome.lang, e))?;
    tracing::info!(unit = %unit.code(), user.id = user.id, "answer drafted");
    Ok(Redirect::to(&format!("/editor/answers/{}", unit.code())))
}

#[derive(Debug, Deserialize)]
struct ReviewForm {
    decision: String,
    revision: Option<i64>,
    remark: Option<String>,
}

async fn review(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(unit): Path<String>,
    VForm(form): VForm<ReviewForm>,
) -> Result<Redirect, AppError> {
    let user = lead(&auth, &chrome)?;
    let unit = parse_unit(&unit)?;
    if let Some(c) = dispositions::consultation_of_unit(&state.db, unit).await? {
        super::submission::consultation_writable(&state, c).await?;
    }
    let decision = match form.decision.as_str() {
        "approve" => Review::Approve {
            revision: form
                .revision
                .ok_or_else(|| AppError::bad("bad_revision", chrome.t("ans-err-revision")))?,
        },
        "return" => Review::Return { remark: form.remark.unwrap_or_default(), revision: form.revision },
        _ => return Err(AppError::bad("bad_decision", chrome.t("ans-err-decision"))),
    };
    let consultation = dispositions::review(&state.db, user.id, unit, &decision)
        .await
        .map_err(|e| answer_error(chrome.lang, e))?;
    tracing::info!(unit = %unit.code(), user.id = user.id, decision = %form.decision, "answer reviewed");
    Ok(Redirect::to(&format!("/editor/consultations/{consultation}/answers?view=review")))
}

// ---------------------------------------------------------------- templates

#[derive(Template, WebTemplate)]
#[template(path = "editor/answer_templates.html")]
struct TemplatesPage {
    chrome: Chrome,
    templates: Vec<(String, String, String)>,
    kinds: Vec<(&'static str, String)>,
}

async fn templates_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
) -> Result<TemplatesPage, AppError> {
    editor(&auth, &chrome)?;
    let templates = dispositions::templates(&state.db)
        .await?
        .into_iter()
        .map(|t| {
            let kind = Disposition::parse(&t.kind).map_or_else(String::new, |k| chrome.label(&k));
            (t.title, kind, t.answer)
        })
        .collect();
    Ok(TemplatesPage { templates, kinds: kinds(&chrome), chrome })
}

#[derive(Debug, Deserialize)]
struct TemplateForm {
    title: String,
    kind: String,
    answer: String,
}

/// The most characters of an answer template's name (it is listed in a select).
const MAX_TEMPLATE_TITLE_CHARS: usize = 200;

async fn add_template(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(form): VForm<TemplateForm>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let cleaned = duthao_text::clean_input(&form.title);
    let title = cleaned.trim();
    if title.is_empty() {
        return Err(AppError::bad("bad_title", chrome.t("ans-err-template-title")));
    }
    if title.chars().count() > MAX_TEMPLATE_TITLE_CHARS {
        return Err(AppError::bad(
            "bad_title",
            chrome
                .lang
                .t_values("ans-err-template-title-long", &[("max", MAX_TEMPLATE_TITLE_CHARS.to_arg())]),
        ));
    }
    let kind = parse_kind(&chrome, &form.kind)?;
    let answer = parse_answer(&chrome, &form.answer)?;
    // Templates are chosen by name: two of one name (a form sent twice) cannot be told apart.
    if dispositions::add_template(&state.db, user.id, title, kind, &answer).await?.is_none() {
        return Err(AppError::conflict(
            "template_exists",
            chrome.t1("ans-err-template-exists", "name", title),
        ));
    }
    Ok(Redirect::to("/editor/answer-templates"))
}
