//! Public pages: open consultations, dossiers, the draft reader with its comment
//! forms, receipts, sign-in and the font-size control.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::Path;
use super::auth::{AuthSession, Credentials};
use super::limits::{ClientAddress, VForm, VQuery};
use super::{AppError, AppState, Chrome, cookie, safe_back};
use crate::domain::{Audience, Channel, DraftKind, ReceiptCode, vntime};
use crate::i18n::Lang;
use crate::intake::{Commenter, Submission};
use crate::storage::{comments, consultations, dossiers, drafts, now_ms, sign_in};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/dossiers/{id}", get(dossier_page))
        .route("/drafts/{id}", get(draft_page))
        .route("/provisions/{id}/agreement", post(post_agreement))
        .route("/receipts", get(receipt_lookup))
        .route("/receipts/{code}", get(receipt_page))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/font-size", post(font_size))
        .route("/language", post(language))
}

/// The comment route, kept apart so that the rate limit applies to it alone.
pub fn comment_routes() -> Router<AppState> {
    Router::new().route("/drafts/{id}/comments", post(post_comment))
}

// ---------------------------------------------------------------- home

struct OpenItem {
    dossier_id: i64,
    dossier_title: String,
    drafting_org: String,
    title: String,
    audience: String,
    closes: String,
    closes_iso: String,
    days_left: i64,
    summary: String,
    keywords: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    open: Vec<OpenItem>,
    others: Vec<(i64, String)>,
}

async fn home(State(state): State<AppState>, chrome: Chrome) -> Result<HomePage, AppError> {
    let now = now_ms();
    let rows = dossiers::open_consultations(&state.db.pool, now).await?;
    let open_ids: Vec<i64> = rows.iter().map(|r| r.dossier_id).collect();
    let open = rows
        .into_iter()
        .map(|r| OpenItem {
            dossier_id: r.dossier_id,
            keywords: crate::storage::json_list(&r.keywords).unwrap_or_default(),
            dossier_title: r.dossier_title,
            drafting_org: r.drafting_org_name,
            title: r.consultation_title,
            audience: Audience::parse(&r.audience)
                .map(|a| chrome.t(&format!("audience-{}", a.code())))
                .unwrap_or_default(),
            closes: chrome.lang.long_date(r.closes_at),
            closes_iso: vntime::iso_date(r.closes_at),
            days_left: vntime::days_left(now, r.closes_at),
            summary: r.summary,
        })
        .collect();
    let others = dossiers::list(&state.db.pool)
        .await?
        .into_iter()
        .filter(|d| !open_ids.contains(&d.id))
        .map(|d| (d.id, d.title))
        .collect();
    Ok(HomePage { chrome, open, others })
}

// ---------------------------------------------------------------- dossier

struct DraftItem {
    id: i64,
    kind: Option<DraftKind>,
    title: String,
    views: i64,
    comments: i64,
    published: bool,
}

struct ConsultationItem {
    id: i64,
    title: String,
    opens: String,
    closes: String,
    audience: Option<Audience>,
    open: bool,
    comments: i64,
    /// Whether its synthesis has published answers to show.
    published_answers: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "dossier.html")]
struct DossierPage {
    chrome: Chrome,
    dossier: dossiers::DossierRow,
    keywords: Vec<String>,
    drafts: Vec<DraftItem>,
    consultations: Vec<ConsultationItem>,
    /// When the dossier went to the approving body.
    submitted: Option<String>,
}

async fn dossier_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<DossierPage, AppError> {
    let pool = &state.db.pool;
    let dossier = dossiers::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let now = now_ms();
    let mut items = Vec::new();
    for d in drafts::drafts_of(pool, id).await? {
        let latest = drafts::latest_published(pool, d.id).await?;
        let comments = match &latest {
            Some(v) => state.cache.tallies(&state.db, v.id).await?.comments.values().sum(),
            None => 0,
        };
        items.push(DraftItem {
            id: d.id,
            kind: DraftKind::parse(&d.kind),
            title: d.title,
            views: state.views.count(d.id, d.view_count),
            comments,
            published: latest.is_some(),
        });
    }
    let mut rounds = Vec::new();
    for c in consultations::of_dossier(pool, id).await? {
        rounds.push(ConsultationItem {
            id: c.id,
            comments: comments::count_for_consultation(pool, c.id).await?,
            published_answers: crate::storage::dispositions::has_published(&state.db, c.id).await?,
            open: c.is_open(now),
            title: c.title,
            opens: chrome.long_date(c.opens_at),
            closes: chrome.long_date(c.closes_at),
            audience: Audience::parse(&c.audience),
        });
    }
    let submitted = dossier.submitted_at.map(|at| chrome.long_date(at));
    Ok(DossierPage {
        chrome,
        submitted,
        keywords: dossier.keyword_list(),
        dossier,
        drafts: items,
        consultations: rounds,
    })
}

// ---------------------------------------------------------------- draft reader

/// One provision as the reader shows it.
pub struct ProvisionView {
    pub id: i64,
    pub depth: i64,
    pub kind: String,
    pub label: String,
    pub heading: Option<String>,
    pub paragraphs: Vec<String>,
    pub is_heading: bool,
    pub comments: i64,
    pub agree: i64,
    pub disagree: i64,
    pub my_mark: Option<bool>,
}

/// Kinds shown as headings in the reader; clauses and points run as paragraphs.
fn is_heading_kind(kind: &str) -> bool {
    matches!(
        kind,
        "part"
            | "chapter"
            | "section"
            | "subsection"
            | "article"
            | "appendix"
            | "roman_section"
            | "catalog"
            | "entry"
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "draft.html")]
struct DraftPage {
    chrome: Chrome,
    draft: drafts::DraftRow,
    kind: Option<DraftKind>,
    keywords: Vec<String>,
    dossier_title: String,
    version_number: i64,
    version_id: i64,
    /// When the version was published.
    published: Option<String>,
    provisions: Vec<ProvisionView>,
    whole_comments: i64,
    total_comments: i64,
    consultation: Option<ConsultationBanner>,
    can_comment: bool,
    /// Why the reader cannot comment: the key of the interface text that says so.
    cannot_comment_reason: Option<&'static str>,
    signed_in_org: Option<String>,
    /// A catalog draft read by an organisation's representative: the link to their own
    /// list for the review (`/catalogs/{id}/list`).
    own_list: bool,
    /// Where an anonymous commenter's browser asks for a challenge (none when signed in).
    challenge_url: Option<String>,
    /// What the comment forms show typed in (nothing, on the draft page).
    typed: Typed,
}

/// What a commenter typed into a comment form, shown again when it was refused.
#[derive(Debug, Clone, Default)]
struct Typed {
    body: String,
    quote: String,
    author_name: String,
    author_email: String,
    name_public: bool,
    submission_key: String,
}

impl Typed {
    fn of(form: &CommentForm) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            body: form.body.clone(),
            quote: text(&form.quote),
            author_name: text(&form.author_name),
            author_email: text(&form.author_email),
            name_public: form.name_public.as_deref() == Some("1"),
            submission_key: text(&form.submission_key),
        }
    }
}

struct ConsultationBanner {
    title: String,
    closes: String,
    open: bool,
    days_left: i64,
}

async fn draft_page(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    parts: Parts,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    let head = state.cache.draft_head(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let version = &head.version;
    let mut draft = head.draft.clone();
    state.views.record(id);
    draft.view_count = state.views.count(id, draft.view_count);
    let now = now_ms();

    let (voter, new_cookie) = voter_key(&auth, &parts);
    let tallies = state.cache.tallies(&state.db, version.id).await?;
    let (counts, agreements) = (&tallies.comments, &tallies.agreements);
    let marks = comments::voter_marks(pool, version.id, &voter).await?;
    let provisions = state
        .cache
        .tree(&state.db, version)
        .await?
        .iter()
        .map(|p| {
            let (agree, disagree) = agreements.get(&p.id).copied().unwrap_or_default();
            ProvisionView {
                comments: counts.get(&Some(p.id)).copied().unwrap_or(0),
                agree,
                disagree,
                my_mark: marks.get(&p.id).copied(),
                is_heading: is_heading_kind(&p.kind),
                paragraphs: p.body.split('\n').filter(|l| !l.trim().is_empty()).map(str::to_owned).collect(),
                id: p.id,
                depth: p.depth.min(6),
                kind: p.kind.clone(),
                label: p.label.clone(),
                heading: p.heading.clone(),
            }
        })
        .collect();

    let open = head.open(now);
    let shown = head.shown(now);
    let user = auth.user.clone();
    let org = user.as_ref().and_then(|u| u.represents_organisation());
    let reason = match &open {
        None => Some("pub-draft-not-open"),
        Some(c) => {
            let audience = Audience::parse(&c.audience).unwrap_or(Audience::Invited);
            let invited = match org {
                Some(o) => consultations::is_invited(pool, c.id, o).await?,
                None => false,
            };
            if audience.allows_public() || invited { None } else { Some("pub-draft-invited-only") }
        }
    };
    let can_comment = reason.is_none();
    let own_list = org.is_some() && crate::storage::catalogs::get(&state.db, id).await?.is_some();
    let page = DraftPage {
        kind: DraftKind::parse(&draft.kind),
        keywords: draft.keyword_list(),
        dossier_title: head.dossier.title.clone(),
        version_number: version.number,
        version_id: version.id,
        published: version.published_at.map(|at| chrome.long_date(at)),
        whole_comments: counts.get(&None).copied().unwrap_or(0),
        total_comments: counts.values().sum(),
        provisions,
        consultation: shown.map(|c| ConsultationBanner {
            open: c.is_open(now),
            days_left: vntime::days_left(now, c.closes_at),
            closes: chrome.long_date(c.closes_at),
            title: c.title.clone(),
        }),
        can_comment,
        cannot_comment_reason: reason,
        challenge_url: match (&user, &open) {
            (None, Some(c)) if can_comment => Some(format!("/api/v1/consultations/{}/challenge", c.id)),
            _ => None,
        },
        own_list,
        signed_in_org: if org.is_some() { user.and_then(|u| u.organisation_name) } else { None },
        typed: Typed::default(),
        draft,
        chrome,
    };
    let mut response = page.into_response();
    if let Some(value) = new_cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    Ok(response)
}

/// The key under which agreement marks are counted: the user, or this browser (a
/// random id kept in a cookie, created on first visit).
fn voter_key(auth: &AuthSession, parts: &Parts) -> (String, Option<String>) {
    if let Some(user) = &auth.user {
        return (format!("u:{}", user.id), None);
    }
    match cookie(parts, "duthao_vid").filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit())) {
        Some(v) => (format!("b:{v}"), None),
        None => {
            let id = format!("{:032x}", rand::random::<u128>());
            let set = format!("duthao_vid={id}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
            (format!("b:{id}"), Some(set))
        }
    }
}

#[derive(Deserialize)]
struct CommentForm {
    version_id: i64,
    provision_id: Option<String>,
    body: String,
    quote: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
    name_public: Option<String>,
    challenge_token: Option<String>,
    challenge_nonce: Option<String>,
    /// Made when the form was shown: a second click sends the same key.
    submission_key: Option<String>,
}

/// A comment form sent: to its receipt once stored; if it is refused, a page that
/// says why and gives the form back as it was typed, to mend and send again.
async fn post_comment(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    ClientAddress(address): ClientAddress,
    Path(draft_id): Path<i64>,
    VForm(form): VForm<CommentForm>,
) -> Result<Response, AppError> {
    let typed = Typed::of(&form);
    let (version_id, provision_id) = (form.version_id, form.provision_id.clone());
    match take_comment(&state, &chrome, &auth, address, draft_id, form).await {
        Ok(code) => Ok(Redirect::to(&format!("/receipts/{code}?new=1")).into_response()),
        Err(refusal) => {
            let Some((status, message, retry_after)) = refusal.refusal(chrome.lang) else {
                return Err(refusal);
            };
            let provision_id = provision_id.as_deref().and_then(|p| p.trim().parse::<i64>().ok());
            let Some(page) = refused_page(&state, chrome, &auth, draft_id, version_id, provision_id).await?
            else {
                return Err(refusal);
            };
            // A refusal of the consultation itself (closed, invited only) is not
            // mended by sending again: the text is shown to keep, without a form.
            let can_send = page.can_send && status != StatusCode::CONFLICT;
            // Nothing was stored under the key sent: the form's script makes a new one
            // when the form is sent again (a key refused as reused or malformed would
            // only be refused again).
            let typed = Typed { submission_key: String::new(), ..typed };
            let page = CommentRefusedPage { message, typed, can_send, ..page };
            let mut response = (status, page).into_response();
            if let Some(wait) = retry_after {
                response.headers_mut().insert(axum::http::header::RETRY_AFTER, wait.max(1).into());
            }
            Ok(response)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "comment_refused.html")]
struct CommentRefusedPage {
    chrome: Chrome,
    message: String,
    draft_id: i64,
    draft_title: String,
    version_id: i64,
    provision_id: Option<i64>,
    provision_label: Option<String>,
    form_id: &'static str,
    typed: Typed,
    /// The version is open for comment: the form can be sent again (otherwise the
    /// text is only shown, to keep).
    can_send: bool,
    signed_in_org: Option<String>,
    challenge_url: Option<String>,
}

/// The refusal page of a comment form on the draft's version (without the message
/// and what was typed); `None` when the draft or version does not exist, so the
/// refusal is shown as a plain error.
async fn refused_page(
    state: &AppState,
    chrome: Chrome,
    auth: &AuthSession,
    draft_id: i64,
    version_id: i64,
    provision_id: Option<i64>,
) -> Result<Option<CommentRefusedPage>, AppError> {
    let pool = &state.db.pool;
    let Some(draft) = drafts::get_draft(pool, draft_id).await? else { return Ok(None) };
    let Some(version) = drafts::get_version(pool, version_id).await?.filter(|v| v.draft_id == draft_id)
    else {
        return Ok(None);
    };
    // A provision of another version (a stale or altered form) would come back as a
    // comment on the whole draft: a plain error instead.
    let provision = match provision_id {
        Some(id) => match drafts::get_provision(pool, id).await?.filter(|p| p.version_id == version.id) {
            Some(p) => Some(p),
            None => return Ok(None),
        },
        None => None,
    };
    let open = consultations::open_for_version(pool, version.id, now_ms()).await?;
    let user = auth.user.as_ref();
    let org = user.and_then(|u| u.represents_organisation());
    Ok(Some(CommentRefusedPage {
        message: String::new(),
        draft_id,
        draft_title: draft.title,
        version_id: version.id,
        provision_id: provision.as_ref().map(|p| p.id),
        provision_label: provision.map(|p| p.label),
        form_id: "again",
        typed: Typed::default(),
        can_send: open.is_some(),
        signed_in_org: if org.is_some() { user.and_then(|u| u.organisation_name.clone()) } else { None },
        challenge_url: match (user, open) {
            (None, Some(c)) => Some(format!("/api/v1/consultations/{}/challenge", c.id)),
            _ => None,
        },
        chrome,
    }))
}

/// Checks and stores one comment form; its receipt code once committed.
async fn take_comment(
    state: &AppState,
    chrome: &Chrome,
    auth: &AuthSession,
    address: Option<std::net::IpAddr>,
    draft_id: i64,
    form: CommentForm,
) -> Result<ReceiptCode, AppError> {
    let pool = &state.db.pool;
    let version = drafts::get_version(pool, form.version_id).await?.ok_or(AppError::NotFound)?;
    if version.draft_id != draft_id {
        return Err(AppError::bad("version_not_in_draft", chrome.t("pub-comment-version-not-in-draft")));
    }
    let now = now_ms();
    let consultation = consultations::open_for_version(pool, version.id, now)
        .await?
        .ok_or_else(|| AppError::conflict("consultation_closed", chrome.t("pub-comment-closed")))?;
    let provision_id = match form.provision_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Some(
            raw.parse::<i64>()
                .map_err(|_| AppError::bad("bad_provision", chrome.t("pub-comment-bad-provision")))?,
        ),
        None => None,
    };
    let commenter = commenter_of(auth, address);
    let submitted = state
        .intake
        .submit(
            Submission {
                consultation_id: consultation.id,
                version_id: Some(version.id),
                provision_id,
                body: form.body,
                quote: form.quote,
                author_name: form.author_name,
                author_email: form.author_email,
                name_public: form.name_public.as_deref() == Some("1"),
                challenge_token: form.challenge_token,
                challenge_nonce: form.challenge_nonce,
                submission_key: form.submission_key.filter(|k| !k.is_empty()),
            },
            commenter,
            Channel::Web,
            now,
        )
        .await
        .map_err(|e| e.into_app_error(chrome.lang))?;
    Ok(submitted.code)
}

/// The commenter behind a request: the signed-in user and, for a representative, the
/// organisation the comment counts for; and the client's address.
pub fn commenter_of(auth: &AuthSession, address: Option<std::net::IpAddr>) -> Commenter {
    match &auth.user {
        Some(user) => {
            Commenter { user_id: Some(user.id), organisation_id: user.represents_organisation(), address }
        }
        None => Commenter { address, ..Commenter::default() },
    }
}

#[derive(Deserialize)]
struct AgreementForm {
    agrees: String,
}

async fn post_agreement(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    parts: Parts,
    Path(provision_id): Path<i64>,
    VForm(form): VForm<AgreementForm>,
) -> Result<Response, AppError> {
    let pool = &state.db.pool;
    let provision = drafts::get_provision(pool, provision_id).await?.ok_or(AppError::NotFound)?;
    let version = drafts::get_version(pool, provision.version_id).await?.ok_or(AppError::NotFound)?;
    if !version.is_published() {
        return Err(AppError::NotFound);
    }
    let agrees = match form.agrees.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::bad("bad_agreement", chrome.t("pub-agreement-bad"))),
    };
    let (voter, new_cookie) = voter_key(&auth, &parts);
    comments::mark_agreement(&state.db, provision_id, &voter, agrees).await?;
    let mut response =
        Redirect::to(&format!("/drafts/{}#p-{provision_id}", version.draft_id)).into_response();
    if let Some(cookie) = new_cookie.and_then(|c| c.parse().ok()) {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    Ok(response)
}

// ---------------------------------------------------------------- receipts

/// A stored comment as its receipt shows it.
pub struct ReceiptView {
    pub code: String,
    pub received_at: i64,
    pub draft_id: i64,
    pub draft_title: String,
    /// The provision's label; `None` for a comment on the whole draft.
    pub provision: Option<String>,
    pub body: String,
    pub quote: Option<String>,
    /// The commenter's name, if given.
    pub author: Option<String>,
    pub organisation: Option<String>,
    pub channel: Option<Channel>,
    pub id: i64,
    pub consultation_id: i64,
    /// Whether the commenter let the public see their name.
    pub name_public: bool,
    pub moderation: crate::domain::moderation::Moderation,
    pub moderation_reason: Option<String>,
}

impl ReceiptView {
    pub fn from_row(row: comments::CommentRow) -> Self {
        let moderation = row.moderation();
        Self {
            code: row.receipt_code,
            received_at: row.created_at,
            draft_id: row.draft_id,
            draft_title: row.draft_title,
            provision: row.provision_label,
            body: row.body,
            quote: row.quote,
            author: row.author_name,
            organisation: row.organisation_name,
            channel: Channel::parse(&row.channel),
            id: row.id,
            consultation_id: row.consultation_id,
            name_public: row.name_public != 0,
            moderation,
            moderation_reason: row.moderation_reason,
        }
    }

    pub fn is_hidden(&self) -> bool {
        self.moderation == crate::domain::moderation::Moderation::Hidden
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    chrome: Chrome,
    receipt: ReceiptView,
    just_sent: bool,
    audit: Option<AuditView>,
}

/// Where the audit trail records a comment, as the receipt page shows it.
struct AuditView {
    event_id: i64,
    event_at: i64,
    event_hash: String,
    digest: String,
    matches: bool,
}

#[derive(Deserialize)]
struct ReceiptQuery {
    new: Option<String>,
}

async fn receipt_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(code): Path<String>,
    VQuery(q): VQuery<ReceiptQuery>,
) -> Result<ReceiptPage, AppError> {
    let code = ReceiptCode::parse(&code).ok_or(AppError::NotFound)?;
    let row = comments::by_receipt(&state.db, &code).await?.ok_or(AppError::NotFound)?;
    let audit = comments::audit_proof(&state.db, &row).await?.map(|p| AuditView {
        event_id: p.event_id,
        event_at: p.event_at,
        event_hash: p.event_hash,
        digest: p.digest,
        matches: p.matches,
    });
    let receipt = ReceiptView::from_row(row);
    Ok(ReceiptPage { chrome, receipt, just_sent: q.new.is_some(), audit })
}

#[derive(Template, WebTemplate)]
#[template(path = "receipt_lookup.html")]
struct ReceiptLookupPage {
    chrome: Chrome,
    code: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct LookupQuery {
    code: Option<String>,
}

async fn receipt_lookup(
    State(state): State<AppState>,
    chrome: Chrome,
    VQuery(q): VQuery<LookupQuery>,
) -> Result<Response, AppError> {
    let typed = q.code.unwrap_or_default();
    if typed.trim().is_empty() {
        return Ok(ReceiptLookupPage { chrome, code: typed, error: None }.into_response());
    }
    let error = match ReceiptCode::parse(&typed) {
        None => "lookup-malformed",
        Some(code) => match comments::by_receipt(&state.db, &code).await? {
            Some(_) => return Ok(Redirect::to(&format!("/receipts/{code}")).into_response()),
            None => "lookup-not-found",
        },
    };
    let error = Some(chrome.t(error));
    Ok(ReceiptLookupPage { chrome, code: typed, error }.into_response())
}

// ---------------------------------------------------------------- sign-in

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    next: String,
    login: String,
    error: Option<String>,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_page(chrome: Chrome, VQuery(q): VQuery<NextQuery>) -> LoginPage {
    LoginPage { chrome, next: safe_back(q.next.as_deref().unwrap_or("/")), login: String::new(), error: None }
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    mut auth: AuthSession,
    chrome: Chrome,
    ClientAddress(peer): ClientAddress,
    VForm(form): VForm<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_back(form.next.as_deref().unwrap_or("/"));
    let policy = sign_in::Policy::DEFAULT;
    let address = peer.map_or_else(|| "unknown".to_owned(), |p| p.to_string());
    let now = now_ms();
    let refuse = |chrome: Chrome, next: String, login: String, status: StatusCode, error: String| {
        (status, LoginPage { chrome, next, login, error: Some(error) }).into_response()
    };
    // Locked or blocked: refused before the password is even checked. Otherwise the
    // attempt is recorded first, so that parallel guesses cannot all get through.
    let gate = sign_in::attempt(&state.db, &policy, &form.login, &address, now).await?;
    if let Some(response) = throttled(gate, now, chrome.lang) {
        let (status, retry, message) = response;
        let mut page = refuse(chrome, next, form.login, status, message);
        if let Ok(value) = retry.to_string().parse() {
            page.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
        }
        return Ok(page);
    }
    let login = form.login.clone();
    let creds = Credentials { login: form.login.clone(), password: form.password };
    let user = auth.authenticate(creds).await.map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(user) = user else {
        let gate = sign_in::failed(&state.db, &policy, &login, now).await?;
        tracing::info!(address = %address, "sign-in failed");
        let message = match throttled(gate, now, chrome.lang) {
            Some((_, _, locked)) => locked,
            None => chrome.t("pub-login-failed"),
        };
        return Ok(refuse(chrome, next, form.login, StatusCode::UNAUTHORIZED, message));
    };
    sign_in::clear(&state.db.pool, &login).await?;
    auth.login(&user).await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Redirect::to(&next).into_response())
}

/// The answer to a locked login or a blocked address: status, seconds to wait, message
/// (in `lang`).
fn throttled(gate: sign_in::Gate, now: i64, lang: Lang) -> Option<(StatusCode, i64, String)> {
    use crate::storage::sign_in::Gate;
    let (until, key) = match gate {
        Gate::Open => return None,
        Gate::LoginLocked { until } => (until, "pub-login-locked"),
        Gate::AddressBlocked { until } => (until, "pub-login-blocked"),
    };
    let message = lang.t_args(key, &[("date", &lang.date_time(until))]);
    Some((StatusCode::TOO_MANY_REQUESTS, ((until - now) / 1000).max(1), message))
}

async fn logout(mut auth: AuthSession) -> Result<Redirect, AppError> {
    auth.logout().await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Redirect::to("/"))
}

#[derive(Deserialize)]
struct FontSizeForm {
    size: String,
    back: Option<String>,
}

/// The A− A A+ control: remembered per browser in a cookie, works without JavaScript.
#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    back: Option<String>,
}

/// The language switch in the header: remembered for a year in a cookie.
async fn language(VForm(form): VForm<LanguageForm>) -> Response {
    let lang = crate::i18n::Lang::parse(&form.lang).unwrap_or_default();
    let mut response = Redirect::to(&safe_back(form.back.as_deref().unwrap_or("/"))).into_response();
    let cookie = format!("duthao_lang={}; Path=/; Max-Age=31536000; SameSite=Lax", lang.code());
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

async fn font_size(VForm(form): VForm<FontSizeForm>) -> Response {
    let size = match form.size.as_str() {
        "small" | "large" => form.size.as_str(),
        _ => "normal",
    };
    let mut response = Redirect::to(&safe_back(form.back.as_deref().unwrap_or("/"))).into_response();
    let cookie = format!("duthao_fs={size}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
