//! Near-duplicate groups for the editorial team: the groups of a consultation, one
//! group with each member's differences from the representative, and the editors'
//! corrections (split comments out, move them to another group, merge groups), and a
//! full regrouping in the background. Every route requires the editor role.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use duthao_text::diff::{self, Change};
use serde::Deserialize;

use super::Path;
use super::auth::AuthSession;
use super::editor::{editor, excerpt};
use super::limits::{VForm, VQuery};
use super::{AppError, AppState, Chrome};
use crate::i18n::Lang;
use crate::storage::groups::{self, GroupChangeError};
use crate::storage::{comments, consultations};
use crate::synthesis::grouping::RegroupStatus;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/editor/consultations/{id}/groups", get(groups_page))
        .route("/editor/consultations/{id}/regroup", post(regroup))
        .route("/editor/groups/{id}", get(group_page))
        .route("/editor/groups/{id}/change", post(change_group))
}

const PAGE_SIZE: i64 = 50;

struct GroupItem {
    id: i64,
    size: String,
    /// `None`: the whole draft.
    provision: Option<String>,
    excerpt: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/groups.html")]
struct GroupsPage {
    chrome: Chrome,
    consultation_id: i64,
    consultation_title: String,
    groups: String,
    grouped_comments: String,
    items: Vec<GroupItem>,
    page: i64,
    more: bool,
    regroup: Option<String>,
    regrouping: bool,
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<String>,
}

async fn groups_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VQuery(q): VQuery<PageQuery>,
) -> Result<Response, AppError> {
    editor(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let page = super::page_number(q.page.as_deref().and_then(|p| p.parse::<i64>().ok()));
    let rows = groups::list(&state.db, id, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let totals = groups::totals(&state.db, id).await?;
    // A page past the end (an edited address, or groups merged away since): the last
    // one, only ever towards the front (see the comment list).
    let last = ((totals.groups + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    if rows.is_empty() && last < page {
        return Ok(Redirect::to(&format!("/editor/consultations/{id}/groups?page={last}")).into_response());
    }
    let (regroup, regrouping) = match state.grouping.regroup_status(id) {
        None => (None, false),
        Some(RegroupStatus::Running) => (Some(chrome.t("ans-regroup-running")), true),
        Some(RegroupStatus::Done { groups, at }) => (
            Some(chrome.t2(
                "ans-regroup-done",
                "date",
                chrome.date_time(at),
                "count",
                chrome.number(groups as i64),
            )),
            false,
        ),
        Some(RegroupStatus::Failed(e)) => (Some(chrome.t1("ans-regroup-failed", "what", e)), false),
    };
    Ok(GroupsPage {
        consultation_id: id,
        consultation_title: consultation.title,
        groups: chrome.number(totals.groups),
        grouped_comments: chrome.number(totals.grouped_comments),
        items: rows
            .into_iter()
            .take(PAGE_SIZE as usize)
            .map(|g| GroupItem {
                id: g.id,
                size: chrome.number(g.size),
                provision: g.provision_label,
                excerpt: excerpt(&g.representative_body, 300),
            })
            .collect(),
        page,
        more,
        regroup,
        regrouping,
        chrome,
    }
    .into_response())
}

async fn regroup(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    super::submission::consultation_writable(&state, id).await?;
    if !state.grouping.start_regroup(state.db.clone(), id, Some(user.id)) {
        return Err(AppError::conflict("regroup_running", chrome.t("ans-regroup-busy")));
    }
    tracing::info!(consultation.id = id, user.id = user.id, "regrouping started");
    Ok(Redirect::to(&format!("/editor/consultations/{id}/groups")))
}

/// A piece of a member's text, marked as the same as, added to or removed from the
/// representative's.
struct DiffPiece {
    class: &'static str,
    text: String,
}

struct Member {
    id: i64,
    received: String,
    author: String,
    organisation: String,
    channel: String,
    representative: bool,
    pieces: Vec<DiffPiece>,
    changed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/group.html")]
struct GroupPage {
    chrome: Chrome,
    id: i64,
    consultation_id: i64,
    size: String,
    /// `None`: the whole draft.
    provision: Option<String>,
    representative: String,
    members: Vec<Member>,
    shown: usize,
    total: usize,
}

/// Members shown on one page (the first ones; a group of 10,000 is handled in bulk).
const MEMBERS_SHOWN: usize = 200;

async fn group_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<GroupPage, AppError> {
    editor(&auth, &chrome)?;
    let group = groups::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let mut shown = groups::member_ids(&state.db, id, MEMBERS_SHOWN as i64).await?;
    if !shown.contains(&group.representative_id) {
        shown.insert(0, group.representative_id);
    }
    let mut rows = comments::by_ids(&state.db, &shown).await?;
    rows.sort_by_key(|r| (r.id != group.representative_id, r.id));
    let representative = group.representative_body.clone();
    let members = rows
        .into_iter()
        .map(|c| {
            let is_rep = c.id == group.representative_id;
            let pieces: Vec<DiffPiece> = if is_rep {
                vec![DiffPiece { class: "same", text: c.body.clone() }]
            } else {
                diff::words(&representative, &c.body)
                    .into_iter()
                    .map(|p| DiffPiece {
                        class: match p.change {
                            Change::Same => "same",
                            Change::Added => "added",
                            Change::Removed => "removed",
                        },
                        text: p.text,
                    })
                    .collect()
            };
            Member {
                id: c.id,
                received: chrome.date_time(c.created_at),
                author: c.author_name.unwrap_or_default(),
                organisation: c.organisation_name.unwrap_or_default(),
                channel: crate::domain::Channel::parse(&c.channel)
                    .map_or_else(String::new, |ch| chrome.label(&ch)),
                representative: is_rep,
                changed: pieces.iter().any(|p| p.class != "same"),
                pieces,
            }
        })
        .collect::<Vec<_>>();
    Ok(GroupPage {
        id,
        consultation_id: group.consultation_id,
        size: chrome.number(group.size),
        provision: group.provision_label,
        representative,
        shown: members.len(),
        total: group.size as usize,
        members,
        chrome,
    })
}

/// A refused change to the groups, told in the reader's language.
fn group_change_error(lang: Lang, e: GroupChangeError) -> AppError {
    let message = match e {
        GroupChangeError::Storage(e) => return AppError::from(e),
        GroupChangeError::NoSuchGroup(g) => lang.t_args("ans-err-group-none", &[("code", &g.to_string())]),
        GroupChangeError::NoSuchComment(c) => {
            lang.t_args("ans-err-group-no-comment", &[("code", &c.to_string())])
        }
        GroupChangeError::NothingToMerge => lang.t("ans-err-group-nothing-to-merge"),
        GroupChangeError::OtherConsultation => lang.t("ans-err-group-other-consultation"),
        GroupChangeError::NothingSelected => lang.t("ans-err-group-nothing-selected"),
        GroupChangeError::OtherDraft => lang.t("ans-err-group-other-draft"),
        GroupChangeError::BothAnswered(g) => {
            lang.t_args("ans-err-group-both-answered", &[("code", &g.to_string())])
        }
    };
    AppError::bad("bad_group_change", message)
}

/// Parses a list of ids typed or ticked: "12, 15 18" or repeated fields.
fn ids(lang: Lang, values: &[String]) -> Result<Vec<i64>, AppError> {
    let mut out = Vec::new();
    for value in values {
        for part in value.split(|c: char| c == ',' || c.is_whitespace()).filter(|p| !p.is_empty()) {
            let part = part.trim_start_matches('#');
            let id = part
                .parse::<i64>()
                .map_err(|_| AppError::bad("bad_id", lang.t_args("ans-err-bad-id", &[("value", part)])))?;
            out.push(id);
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

async fn change_group(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(form): VForm<Vec<(String, String)>>,
) -> Result<Redirect, AppError> {
    let user = editor(&auth, &chrome)?;
    let group = groups::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    super::submission::consultation_writable(&state, group.consultation_id).await?;
    let field =
        |name: &str| form.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let action = field("action").into_iter().next().unwrap_or_default();
    let selected = ids(chrome.lang, &field("comment"))?;
    let change = match action.as_str() {
        "split" => groups::Change::Split { comments: selected },
        "move" => {
            let target = ids(chrome.lang, &field("to_group"))?;
            let [to_group] = target[..] else {
                return Err(AppError::bad("bad_target", chrome.t("ans-err-move-target")));
            };
            groups::Change::Move { comments: selected, to_group }
        }
        "merge" => {
            let others = ids(chrome.lang, &field("groups"))?;
            if others.is_empty() {
                return Err(AppError::bad("bad_target", chrome.t("ans-err-merge-target")));
            }
            groups::Change::Merge { into: id, groups: others }
        }
        _ => return Err(AppError::bad("bad_action", chrome.t("ans-err-bad-action"))),
    };
    let result = groups::change(&state.db, user.id, group.consultation_id, &change)
        .await
        .map_err(|e| group_change_error(chrome.lang, e))?;
    tracing::info!(group.id = id, user.id = user.id, action = %action, "groups changed by an editor");
    // Back to the group if it still exists, else to the consultation's groups.
    let back = match result {
        Some(g) if groups::get(&state.db, g).await?.is_some() => format!("/editor/groups/{g}"),
        _ if groups::get(&state.db, id).await?.is_some() => format!("/editor/groups/{id}"),
        _ => format!("/editor/consultations/{}/groups", group.consultation_id),
    };
    Ok(Redirect::to(&back))
}
