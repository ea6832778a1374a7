//! Moderation and abuse settings of a consultation: the queue of flagged and hidden
//! comments, moderators' decisions (editors), and the rate limit and challenge
//! settings (lead editor).

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, require_role};
use super::editor::{CommentView, editor};
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome, safe_back};
use crate::domain::Role;
use crate::domain::moderation::{CHALLENGE_BITS, ChallengeMode, MAX_REASON_CHARS, Moderation};
use crate::i18n::Arg;
use crate::storage::moderation::{self as store, Decision};
use crate::storage::{comments, consultations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/consultations/{id}/moderation", get(queue_page))
        .route("/editor/consultations/{id}/protection", post(set_protection))
        .route("/editor/comments/{id}/moderation", post(decide))
}

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Deserialize)]
struct QueueQuery {
    state: Option<String>,
    page: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/moderation.html")]
struct QueuePage {
    chrome: Chrome,
    consultation: consultations::ConsultationRow,
    state: Moderation,
    flagged: i64,
    hidden: i64,
    items: Vec<CommentView>,
    page: i64,
    more: bool,
    protection: consultations::Protection,
    /// The instance's default limit, shown when the consultation sets none.
    default_per_minute: u32,
    can_configure: bool,
    modes: Vec<ChallengeMode>,
    min_bits: i64,
    max_bits: i64,
}

async fn queue_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<QueueQuery>,
) -> Result<Response, AppError> {
    let user = editor(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let protection = consultations::protection(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let shown = match q.state.as_deref().and_then(Moderation::parse) {
        Some(Moderation::Hidden) => Moderation::Hidden,
        _ => Moderation::Flagged,
    };
    let page = super::page_number(q.page);
    let rows = store::queue(&state.db, id, shown, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    let (flagged, hidden) = store::counts(&state.db, id).await?;
    // A page past the end (an edited address, or comments decided since): the last.
    let shown_count = if shown == Moderation::Hidden { hidden } else { flagged };
    let last = ((shown_count + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if rows.is_empty() && page > last {
        let to = format!("/editor/consultations/{id}/moderation?state={}&page={last}", shown.code());
        return Ok(Redirect::to(&to).into_response());
    }
    Ok(QueuePage {
        chrome,
        consultation,
        state: shown,
        flagged,
        hidden,
        more: rows.len() as i64 == PAGE_SIZE,
        items: rows.into_iter().map(CommentView::from_row).collect(),
        page,
        protection,
        default_per_minute: state.config.anonymous_comments_per_minute,
        can_configure: user.has(Role::LeadEditor),
        modes: ChallengeMode::ALL.to_vec(),
        min_bits: *CHALLENGE_BITS.start(),
        max_bits: *CHALLENGE_BITS.end(),
    }
    .into_response())
}

#[derive(Debug, Deserialize)]
struct DecisionForm {
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    back: String,
}

/// A moderator's decision on one comment. Hiding needs a reason: the commenter sees
/// it on their receipt, and the record keeps it.
async fn decide(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<DecisionForm>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let decision = Decision::parse(&form.decision)
        .ok_or_else(|| AppError::bad("bad_decision", chrome.t("ed-moderation-bad-decision")))?;
    let reason = form.reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::bad(
            "reason_too_long",
            chrome.t1("ed-moderation-reason-too-long", "max", MAX_REASON_CHARS),
        ));
    }
    if decision == Decision::Hide && reason.is_empty() {
        return Err(AppError::bad("reason_required", chrome.t("ed-moderation-reason-required")));
    }
    let comment = comments::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    super::submission::consultation_writable(&state, comment.consultation_id).await?;
    let decided = store::decide(&state.db, user.id, id, decision, reason).await?.ok_or(AppError::NotFound)?;
    tracing::info!(
        comment.id = id,
        from = decided.from.code(),
        to = decided.to.code(),
        left_group = decided.left_group,
        "comment moderated"
    );
    let back = match form.back.as_str() {
        "" => format!("/editor/comments/{id}"),
        b => safe_back(b),
    };
    Ok(Redirect::to(&back))
}

#[derive(Debug, Deserialize)]
struct ProtectionForm {
    #[serde(default)]
    comments_per_minute: String,
    challenge: String,
    surge_per_minute: String,
    challenge_bits: String,
}

async fn set_protection(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<ProtectionForm>,
) -> Result<Redirect, AppError> {
    let user = require_role(&auth, Role::LeadEditor, &chrome.path)?;
    let lang = chrome.lang;
    let number = |raw: &str, field: &str, range: std::ops::RangeInclusive<i64>| {
        raw.trim().parse::<i64>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            AppError::bad(
                "bad_protection",
                lang.t_values(
                    "ed-protection-bad-number",
                    &[
                        ("name", Arg::Text(lang.t(field))),
                        ("min", Arg::Number(*range.start())),
                        ("max", Arg::Number(*range.end())),
                    ],
                ),
            )
        })
    };
    let comments_per_minute = match form.comments_per_minute.trim() {
        "" => None,
        raw => Some(number(raw, "ed-protection-field-rate", 0..=10_000)?),
    };
    let challenge = ChallengeMode::parse(&form.challenge)
        .ok_or_else(|| AppError::bad("bad_protection", lang.t("ed-protection-bad-challenge")))?;
    let protection = consultations::Protection {
        comments_per_minute,
        challenge: challenge.code().to_owned(),
        surge_per_minute: number(&form.surge_per_minute, "ed-protection-field-surge", 1..=10_000_000)?,
        challenge_bits: number(&form.challenge_bits, "ed-protection-field-bits", CHALLENGE_BITS)?,
    };
    if !consultations::set_protection(&state.db, user.id, id, &protection).await? {
        return Err(AppError::NotFound);
    }
    state.intake.forget_consultation(id);
    Ok(Redirect::to(&format!("/editor/consultations/{id}/moderation")))
}
