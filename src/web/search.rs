//! Search for editors: `/editor/search` (and the same search for the API).

use std::collections::HashSet;
use std::time::Instant;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::auth::{AuthSession, require_role};
use super::{AppError, AppState, Chrome};
use crate::domain::{Channel, Role};
use crate::i18n::{Lang, ToArg};
use crate::search::highlight::{Piece, excerpt};
use crate::search::query::{self, ParsedQuery};
use crate::search::{Filters, IndexStatus, provisions};
use crate::storage::comments::{self, CommentRow};
use crate::storage::drafts::PublishedProvision;

pub fn router() -> Router<AppState> {
    Router::new().route("/editor/search", get(search_page))
}

/// Results per page.
pub const PAGE_SIZE: usize = 20;
/// Provisions listed with the first page at most.
const PROVISIONS_SHOWN: usize = 10;

/// The search form's fields, as typed (each checked by [`SearchParams::filters`]).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub consultation: Option<String>,
    pub draft: Option<String>,
    pub provision: Option<String>,
    pub organisation: Option<String>,
    pub channel: Option<String>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub page: Option<String>,
    /// API only: results per page (1–100) and how many to skip.
    pub limit: Option<String>,
    pub offset: Option<String>,
}

/// Reads the query string. Bad percent-encoding or invalid UTF-8 gets a precise
/// message (in Vietnamese, for the API), not the framework's plain-text refusal.
pub fn parse_params(raw: Option<&str>) -> Result<SearchParams, AppError> {
    parse_params_in(Lang::Vi, raw)
}

/// [`parse_params`] with the message in `lang`.
fn parse_params_in(lang: Lang, raw: Option<&str>) -> Result<SearchParams, AppError> {
    super::read_query(lang, raw).map_err(|what| {
        AppError::bad("invalid_query_string", lang.t_args("ed-search-bad-query-string", &[("what", &what)]))
    })
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn id_field(lang: Lang, name: &str, v: &Option<String>) -> Result<Option<i64>, AppError> {
    match blank(v) {
        None => Ok(None),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(AppError::bad(
                "invalid_filter",
                lang.t_args("ed-search-bad-id", &[("name", name), ("value", &excerpt_str(s))]),
            )),
        },
    }
}

fn date_field(lang: Lang, name: &str, v: &Option<String>, end_of_day: bool) -> Result<Option<i64>, AppError> {
    match blank(v) {
        None => Ok(None),
        Some(s) => crate::domain::vntime::parse_date(s, end_of_day).map(Some).ok_or_else(|| {
            AppError::bad(
                "invalid_filter",
                lang.t_args("ed-search-bad-date", &[("name", name), ("value", &excerpt_str(s))]),
            )
        }),
    }
}

/// At most 40 characters of what was typed, for messages.
fn excerpt_str(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

impl SearchParams {
    /// The filters, or a precise message naming the field that is wrong (in
    /// Vietnamese, for the API).
    pub fn filters(&self) -> Result<Filters, AppError> {
        self.filters_in(Lang::Vi, false)
    }

    /// [`Self::filters`] with the message in `lang`.
    /// With `labels`, messages name a field by the search form's label (the web
    /// page) rather than by its parameter (the API).
    fn filters_in(&self, lang: Lang, labels: bool) -> Result<Filters, AppError> {
        let name = |param: &'static str| field_name(lang, labels, param);
        let channel = match blank(&self.channel) {
            None => None,
            Some(c) => match Channel::parse(c) {
                Some(ch) => Some(ch.code().to_owned()),
                None => {
                    return Err(AppError::bad(
                        "invalid_filter",
                        lang.t_args(
                            "ed-search-bad-channel",
                            &[("value", &excerpt_str(c)), ("what", &channel_codes())],
                        ),
                    ));
                }
            },
        };
        let from = date_field(lang, &name("from"), &self.from, false)?;
        let until = date_field(lang, &name("until"), &self.until, true)?;
        if let (Some(from), Some(until)) = (from, until)
            && from > until
        {
            // Nothing can fall in it: said, rather than answered with no results.
            return Err(AppError::bad("invalid_filter", lang.t("ed-search-dates-reversed")));
        }
        Ok(Filters {
            consultation: id_field(lang, &name("consultation"), &self.consultation)?,
            draft: id_field(lang, &name("draft"), &self.draft)?,
            provision: id_field(lang, &name("provision"), &self.provision)?,
            organisation: id_field(lang, &name("organisation"), &self.organisation)?,
            channel,
            from,
            until,
        })
    }

    pub fn page(&self) -> Result<usize, AppError> {
        self.page_in(Lang::Vi)
    }

    fn page_in(&self, lang: Lang) -> Result<usize, AppError> {
        Ok(id_field(lang, "page", &self.page)?.map_or(1, |p| p as usize).min(10_000))
    }

    /// The API's page: `limit` (default 20, at most 100) and `offset` (at most 10,000).
    pub fn window(&self) -> Result<(usize, usize), AppError> {
        let lang = Lang::Vi;
        let limit = id_field(lang, "limit", &self.limit)?.map_or(PAGE_SIZE, |n| n as usize);
        if limit > 100 {
            return Err(AppError::bad("invalid_filter", lang.t("ed-search-limit-too-large")));
        }
        let offset = match blank(&self.offset) {
            None => 0,
            Some(s) => match s.parse::<usize>() {
                Ok(n) if n <= 10_000 => n,
                _ => {
                    return Err(AppError::bad(
                        "invalid_filter",
                        lang.t_args("ed-search-bad-offset", &[("value", &excerpt_str(s))]),
                    ));
                }
            },
        };
        Ok((limit, offset))
    }
}

/// A filter as messages name it: by the search form's label when `labels`, else (the
/// API, and fields the form does not show) by its parameter.
fn field_name(lang: Lang, labels: bool, param: &'static str) -> String {
    let key = match param {
        "draft" => "ed-filter-draft",
        "organisation" => "ed-filter-organisation",
        "provision" => "ed-filter-provision",
        "from" => "ed-filter-from",
        "until" => "ed-filter-until",
        _ => return param.to_owned(),
    };
    if labels { lang.t(key) } else { param.to_owned() }
}

fn channel_codes() -> String {
    Channel::ALL.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
}

/// A comment found, with its highlighted excerpt.
#[derive(Debug)]
pub struct CommentHit {
    pub row: CommentRow,
    pub score: f32,
    pub pieces: Vec<Piece>,
}

/// A provision found, with its highlighted excerpt.
#[derive(Debug)]
pub struct ProvisionHit {
    pub row: PublishedProvision,
    pub pieces: Vec<Piece>,
}

/// The outcome of a search.
#[derive(Debug)]
pub struct Outcome {
    pub query: ParsedQuery,
    pub total: usize,
    pub comments: Vec<CommentHit>,
    pub provisions: Vec<ProvisionHit>,
    pub took_ms: f64,
    pub index: IndexStatus,
}

/// Runs a search: comments from the index (rows read back from the database, the
/// source of truth), provisions from memory.
pub async fn run(
    state: &AppState,
    text: &str,
    filters: &Filters,
    limit: usize,
    offset: usize,
) -> Result<Outcome, AppError> {
    let started = Instant::now();
    let parsed = query::parse(text).map_err(|e| AppError::bad(e.code(), e.to_string()))?;
    let index = std::sync::Arc::clone(&state.search);
    let (q, f) = (parsed.clone(), filters.clone());
    let found = tokio::task::spawn_blocking(move || index.search(&q, &f, limit, offset))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let ids: Vec<i64> = found.hits.iter().map(|h| h.0).collect();
    let mut rows: std::collections::HashMap<i64, CommentRow> =
        comments::by_ids(&state.db, &ids).await?.into_iter().map(|r| (r.id, r)).collect();
    let words: HashSet<String> = parsed.words().map(str::to_owned).collect();
    let comments = found
        .hits
        .iter()
        .filter_map(|(id, score)| rows.remove(id).map(|row| (row, *score)))
        .map(|(row, score)| CommentHit { pieces: excerpt(&row.body, &words, 300), row, score })
        .collect();
    // Provisions are listed with the first page, when no comment-only filter is set.
    let comment_only = filters.provision.is_some()
        || filters.organisation.is_some()
        || filters.channel.is_some()
        || filters.from.is_some()
        || filters.until.is_some()
        || filters.consultation.is_some();
    let provisions = if offset == 0 && !comment_only {
        let all = state.cache.provisions(&state.db).await?;
        provisions::search(&all, &parsed, filters.draft, PROVISIONS_SHOWN)
            .into_iter()
            .map(|p| ProvisionHit { pieces: excerpt(&p.row.body, &words, 300), row: p.row.clone() })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Outcome {
        query: parsed,
        total: found.total,
        comments,
        provisions,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        index: state.search.status(),
    })
}

struct HitView {
    id: i64,
    code: String,
    created_at: i64,
    draft_title: String,
    /// The provision's label; `None` for a comment on the draft as a whole.
    provision: Option<String>,
    who: String,
    channel: Option<Channel>,
    pieces: Vec<Piece>,
}

struct ProvisionView {
    draft_id: i64,
    id: i64,
    label: String,
    draft_title: String,
    pieces: Vec<Piece>,
}

#[derive(Template, WebTemplate)]
#[template(path = "editor/search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    error: Option<String>,
    notice: Option<String>,
    searched: bool,
    total: i64,
    /// Milliseconds, with the language's decimal mark.
    took: String,
    hits: Vec<HitView>,
    provisions: Vec<ProvisionView>,
    page: usize,
    pages: usize,
    query_string: String,
    options: std::sync::Arc<super::cache::FilterOptions>,
    channels: Vec<Channel>,
    params: SearchParams,
    selected_draft: i64,
    selected_organisation: i64,
}

async fn search_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    require_role(&auth, Role::Editor, &chrome.path)?;
    let lang = chrome.lang;
    let params = parse_params_in(lang, raw.as_deref())?;
    let options = state.cache.filter_options(&state.db).await?;
    let mut page = SearchPage {
        chrome,
        q: params.q.clone().unwrap_or_default(),
        error: None,
        notice: None,
        searched: false,
        total: 0,
        took: String::new(),
        hits: Vec::new(),
        provisions: Vec::new(),
        page: 1,
        pages: 0,
        query_string: String::new(),
        options,
        channels: Channel::ALL.to_vec(),
        selected_draft: id_field(lang, "draft", &params.draft).ok().flatten().unwrap_or(0),
        selected_organisation: id_field(lang, "organisation", &params.organisation)
            .ok()
            .flatten()
            .unwrap_or(0),
        params: params.clone(),
    };
    if blank(&params.q).is_none() {
        return Ok(page.into_response());
    }
    let outcome = match (params.filters_in(lang, true), params.page_in(lang)) {
        (Ok(filters), Ok(n)) => {
            page.page = n;
            run(&state, &page.q, &filters, PAGE_SIZE, (n - 1) * PAGE_SIZE).await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let outcome = match outcome {
        Ok(o) => o,
        // `run` speaks Vietnamese (for the API): its refusals of the query are said
        // again here.
        Err(AppError::BadInput { code: "empty_query", .. }) => {
            page.error = Some(lang.t("ed-search-empty-query"));
            return Ok(page.into_response());
        }
        Err(AppError::BadInput { code: "word_too_long", .. }) => {
            page.error =
                Some(lang.t_values("ed-search-word-too-long", &[("max", query::MAX_WORD_BYTES.to_arg())]));
            return Ok(page.into_response());
        }
        Err(AppError::BadInput { message, .. }) => {
            page.error = Some(message);
            return Ok(page.into_response());
        }
        Err(e) => return Err(e),
    };
    page.searched = true;
    page.total = outcome.total as i64;
    page.took = format!("{:.1}", outcome.took_ms);
    if lang == Lang::Vi {
        page.took = page.took.replace('.', ",");
    }
    page.pages = outcome.total.div_ceil(PAGE_SIZE);
    let mut notices = Vec::new();
    if outcome.query.truncated {
        notices.push(lang.t_values("ed-search-truncated", &[("max", query::MAX_WORDS.to_arg())]));
    }
    if outcome.query.too_long > 0 {
        notices.push(lang.t_values(
            "ed-search-long-words-left-out",
            &[("count", outcome.query.too_long.to_arg()), ("max", query::MAX_WORD_BYTES.to_arg())],
        ));
    }
    if outcome.index.catching_up {
        notices.push(lang.t("ed-search-catching-up"));
    }
    page.notice = (!notices.is_empty()).then(|| notices.join(" "));
    page.hits = outcome
        .comments
        .into_iter()
        .map(|h| HitView {
            id: h.row.id,
            code: h.row.receipt_code,
            created_at: h.row.created_at,
            draft_title: h.row.draft_title,
            provision: h.row.provision_label,
            who: [h.row.author_name.unwrap_or_default(), h.row.organisation_name.unwrap_or_default()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            channel: Channel::parse(&h.row.channel),
            pieces: h.pieces,
        })
        .collect();
    page.provisions = outcome
        .provisions
        .into_iter()
        .map(|p| ProvisionView {
            draft_id: p.row.draft_id,
            id: p.row.id,
            label: p.row.label,
            draft_title: p.row.draft_title,
            pieces: p.pieces,
        })
        .collect();
    page.query_string = [
        ("q", &params.q),
        ("consultation", &params.consultation),
        ("draft", &params.draft),
        ("provision", &params.provision),
        ("organisation", &params.organisation),
        ("channel", &params.channel),
        ("from", &params.from),
        ("until", &params.until),
    ]
    .into_iter()
    .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", super::url_encode(v))))
    .collect::<Vec<_>>()
    .join("&");
    // A page past the end (an edited address, or results gone since): the last one,
    // only ever towards the front (see the comment list).
    if page.hits.is_empty() && page.pages.max(1) < page.page {
        let last = page.pages.max(1);
        return Ok(Redirect::to(&format!("/editor/search?{}&page={last}", page.query_string)).into_response());
    }
    Ok(page.into_response())
}
