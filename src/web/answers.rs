//! Answering comments (tiếp thu, giải trình): work queues and progress per draft, the
//! answer form for a comment or a group (with templates), answering a selection in
//! bulk, the lead editor's review (approve, return with a remark) and publishing the
//! approved answers together.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use axum::routing::{get, post};
use serde::Deserialize;

use super::auth::{AuthSession, User, require_role};
use super::editor::{editor, excerpt};
use super::limits::VForm;
use super::{AppError, AppState, Chrome};
use crate::domain::{AnswerState, AnswerText, Disposition, Role, vntime};
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

fn answer_error(e: AnswerChangeError) -> AppError {
    match e {
        AnswerChangeError::Storage(e) => AppError::from(e),
        AnswerChangeError::NoSuchUnit => AppError::NotFound,
        AnswerChangeError::ChangedSinceReviewed
        | AnswerChangeError::Published
        | AnswerChangeError::NotAwaitingReview => AppError::conflict("answer_changed", e.to_string()),
        other => AppError::bad("bad_answer", other.to_string()),
    }
}

fn parse_unit(text: &str) -> Result<Unit, AppError> {
    Unit::parse(text).ok_or(AppError::NotFound)
}

fn kinds() -> Vec<(&'static str, &'static str)> {
    Disposition::ALL.iter().map(|d| (d.code(), d.name_vi())).collect()
}

fn parse_kind(code: &str) -> Result<Disposition, AppError> {
    Disposition::parse(code).ok_or_else(|| {
        AppError::bad(
            "bad_kind",
            "Chọn hình thức: Tiếp thu, Tiếp thu một phần, Giải trình hoặc Thống nhất với dự thảo.",
        )
    })
}

// ---------------------------------------------------------------- queues

struct QueueItem {
    unit: String,
    label: String,
    size: String,
    draft: String,
    provision: String,
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
    views: Vec<(&'static str, &'static str)>,
    progress: Vec<ProgressItem>,
    items: Vec<QueueItem>,
    page: i64,
    more: bool,
    kinds: Vec<(&'static str, &'static str)>,
    is_lead: bool,
    approved_waiting: i64,
}

#[derive(Debug, Deserialize)]
struct QueueQuery {
    view: Option<String>,
    page: Option<String>,
}

const PAGE_SIZE: i64 = 50;

const VIEWS: [(&str, &str); 5] = [
    ("unanswered", "Chưa trả lời"),
    ("mine", "Của tôi (nháp, bị trả lại)"),
    ("review", "Chờ duyệt"),
    ("approved", "Đã duyệt, chờ công bố"),
    ("published", "Đã công bố"),
];

async fn queue_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    Query(q): Query<QueueQuery>,
) -> Result<QueuePage, AppError> {
    let user = editor(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let view =
        q.view.filter(|v| VIEWS.iter().any(|(code, _)| code == v)).unwrap_or_else(|| "unanswered".to_owned());
    let queue = match view.as_str() {
        "mine" => Queue::Mine(user.id),
        "review" => Queue::ToReview,
        "approved" => Queue::Approved,
        "published" => Queue::Published,
        _ => Queue::Unanswered,
    };
    let page = q.page.as_deref().and_then(|p| p.parse::<i64>().ok()).unwrap_or(1).max(1);
    let rows = dispositions::queue(&state.db, id, queue, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let progress = dispositions::progress(&state.db, id).await?;
    let approved_waiting = progress.iter().map(|p| p.approved - p.published).sum();
    let items = rows
        .into_iter()
        .take(PAGE_SIZE as usize)
        .map(|r| {
            let unit = r.unit();
            QueueItem {
                unit: unit.code(),
                label: match unit {
                    Unit::Group(g) => format!("Nhóm #{g}"),
                    Unit::Comment(c) => format!("Góp ý #{c}"),
                },
                size: vntime::thousands(r.size),
                draft: r.draft_title,
                provision: r.provision_label.unwrap_or_else(|| "Toàn bộ dự thảo".to_owned()),
                excerpt: excerpt(&r.body, 240),
                kind: r
                    .kind
                    .as_deref()
                    .and_then(Disposition::parse)
                    .map_or("", Disposition::name_vi)
                    .to_owned(),
                state: r
                    .state
                    .as_deref()
                    .and_then(AnswerState::parse)
                    .map_or("", AnswerState::name_vi)
                    .to_owned(),
                remark: r.remark.unwrap_or_default(),
                revision: r.revision.unwrap_or(0),
            }
        })
        .collect();
    Ok(QueuePage {
        chrome,
        consultation_id: id,
        consultation_title: consultation.title,
        view,
        views: VIEWS.to_vec(),
        progress: progress
            .iter()
            .map(|p| ProgressItem {
                draft: p.draft_title.clone(),
                units: vntime::thousands(p.units),
                answered: vntime::thousands(p.answered),
                approved: vntime::thousands(p.approved),
                published: vntime::thousands(p.published),
                left: vntime::thousands(p.left()),
            })
            .collect(),
        items,
        page,
        more,
        kinds: kinds(),
        is_lead: user.has(Role::LeadEditor),
        approved_waiting,
    })
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
    let units = form
        .iter()
        .filter(|(k, _)| k == "unit")
        .map(|(_, v)| {
            Unit::parse(v)
                .ok_or_else(|| AppError::bad("bad_unit", format!("“{v}” không phải góp ý hay nhóm.")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if units.is_empty() {
        return Err(AppError::bad("nothing_selected", "Chưa chọn góp ý hoặc nhóm nào để trả lời."));
    }
    let kind = parse_kind(value("kind"))?;
    let answer =
        AnswerText::parse(value("answer")).map_err(|e| AppError::bad("bad_answer", e.to_string()))?;
    check_consultation(&state, id, &units).await?;
    dispositions::draft(&state.db, user.id, &units, kind, &answer).await.map_err(answer_error)?;
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
    let selected: Vec<&str> = form.iter().filter(|(k, _)| k == "unit").map(|(_, v)| v.as_str()).collect();
    if selected.is_empty() {
        return Err(AppError::bad("nothing_selected", "Chưa chọn nội dung nào để duyệt."));
    }
    let units = selected
        .iter()
        .map(|code| {
            Unit::parse(code)
                .ok_or_else(|| AppError::bad("bad_unit", format!("“{code}” không phải góp ý hay nhóm.")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    check_consultation(&state, id, &units).await?;
    let (mut approved, mut refused) = (0, Vec::new());
    for (code, unit) in selected.into_iter().zip(units) {
        let revision = form
            .iter()
            .find(|(k, _)| k.strip_prefix("rev-") == Some(code))
            .and_then(|(_, v)| v.parse::<i64>().ok())
            .ok_or_else(|| AppError::bad("bad_revision", format!("Thiếu phiên bản đã xem của {code}.")))?;
        match dispositions::review(&state.db, user.id, unit, &Review::Approve { revision }).await {
            Ok(_) => approved += 1,
            Err(AnswerChangeError::Storage(e)) => return Err(e.into()),
            Err(_) => refused.push(code.to_owned()),
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
        return Err(AppError::conflict(
            "answer_changed",
            format!(
                "Đã duyệt {approved} nội dung. Chưa duyệt {}: {} (đã được sửa sau khi xem hoặc không còn chờ duyệt); vui lòng xem lại.",
                refused.len(),
                refused.join(", ")
            ),
        ));
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
    title: String,
    text: String,
    size: i64,
    group_link: Option<i64>,
    inherited: Option<String>,
    kind: String,
    answer: String,
    state: String,
    revision: i64,
    remark: String,
    kinds: Vec<(&'static str, &'static str)>,
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
    Query(q): Query<UnitQuery>,
) -> Result<UnitPage, AppError> {
    let user = editor(&auth, &chrome)?;
    let unit = parse_unit(&unit)?;
    let (consultation_id, title, text, size, group_link, inherited) = match unit {
        Unit::Group(g) => {
            let group = groups::get(&state.db, g).await?.ok_or(AppError::NotFound)?;
            let title = format!(
                "Nhóm #{g}: {} góp ý giống nhau — {}",
                vntime::thousands(group.size),
                group.provision_label.unwrap_or_else(|| "Toàn bộ dự thảo".to_owned())
            );
            (group.consultation_id, title, group.representative_body, group.size, Some(g), None)
        }
        Unit::Comment(c) => {
            let row =
                comments::by_ids(&state.db, &[c]).await?.into_iter().next().ok_or(AppError::NotFound)?;
            let group: Option<i64> = groups::group_of_comment(&state.db, c).await?;
            let inherited = match group {
                Some(g) => dispositions::of_unit(&state.db, Unit::Group(g)).await?.map(|d| {
                    format!(
                        "Góp ý này thuộc nhóm #{g}, đã có trả lời chung ({}): {}",
                        d.kind().map_or("", Disposition::name_vi),
                        d.answer
                    )
                }),
                None => None,
            };
            let who = [row.author_name.clone(), row.organisation_name.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let title = format!(
                "Góp ý #{c} — {}{}",
                row.provision_label.unwrap_or_else(|| "Toàn bộ dự thảo".to_owned()),
                if who.is_empty() { String::new() } else { format!(" — {who}") }
            );
            (row.consultation_id, title, row.body, 1, group, inherited)
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
        chrome,
        unit: unit.code(),
        consultation_id,
        title,
        text,
        size,
        group_link,
        inherited,
        kind,
        answer,
        state: current
            .as_ref()
            .and_then(|d| d.state())
            .map_or("Chưa trả lời", AnswerState::name_vi)
            .to_owned(),
        revision: current.as_ref().map_or(0, |d| d.revision),
        remark: current.as_ref().and_then(|d| d.remark.clone()).unwrap_or_default(),
        kinds: kinds(),
        templates: templates.into_iter().map(|t| (t.id, t.title)).collect(),
        can_review: is_lead && current.as_ref().and_then(|d| d.state()) == Some(AnswerState::Draft),
    })
}

#[derive(Debug, Deserialize)]
struct AnswerForm {
    kind: String,
    answer: String,
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
    let kind = parse_kind(&form.kind)?;
    let answer = AnswerText::parse(&form.answer).map_err(|e| AppError::bad("bad_answer", e.to_string()))?;
    dispositions::draft(&state.db, user.id, &[unit], kind, &answer).await.map_err(answer_error)?;
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
                .ok_or_else(|| AppError::bad("bad_revision", "Thiếu phiên bản đã xem."))?,
        },
        "return" => Review::Return { remark: form.remark.unwrap_or_default() },
        _ => return Err(AppError::bad("bad_decision", "Chọn Duyệt hoặc Trả lại.")),
    };
    let consultation =
        dispositions::review(&state.db, user.id, unit, &decision).await.map_err(answer_error)?;
    tracing::info!(unit = %unit.code(), user.id = user.id, decision = %form.decision, "answer reviewed");
    Ok(Redirect::to(&format!("/editor/consultations/{consultation}/answers?view=review")))
}

// ---------------------------------------------------------------- templates

#[derive(Template, WebTemplate)]
#[template(path = "editor/answer_templates.html")]
struct TemplatesPage {
    chrome: Chrome,
    templates: Vec<(String, String, String)>,
    kinds: Vec<(&'static str, &'static str)>,
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
        .map(|t| (t.title, Disposition::parse(&t.kind).map_or("", Disposition::name_vi).to_owned(), t.answer))
        .collect();
    Ok(TemplatesPage { chrome, templates, kinds: kinds() })
}

#[derive(Debug, Deserialize)]
struct TemplateForm {
    title: String,
    kind: String,
    answer: String,
}

async fn add_template(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    VForm(form): VForm<TemplateForm>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let title = duthao_text::clean_input(&form.title);
    if title.trim().is_empty() {
        return Err(AppError::bad("bad_title", "Đặt tên cho mẫu trả lời."));
    }
    let kind = parse_kind(&form.kind)?;
    let answer = AnswerText::parse(&form.answer).map_err(|e| AppError::bad("bad_answer", e.to_string()))?;
    dispositions::add_template(&state.db, user.id, title.trim(), kind, &answer).await?;
    Ok(Redirect::to("/editor/answer-templates"))
}
