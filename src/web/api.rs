//! The JSON API under `/api/v1`: dossiers, the provision tree of a draft, posting a
//! comment, looking a comment up by its receipt, and the OpenAPI document describing
//! exactly these.
//!
//! Every error is an [`ApiError`] body (`{"error": {"code", "message"}}`) with a
//! Vietnamese message, including malformed JSON, unknown routes and wrong methods.
//! Comments go through [`Intake::submit`](crate::intake::Intake::submit) like every other channel; this module must
//! not store anything itself.

use std::collections::{HashMap, HashSet};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;

use super::auth::AuthSession;
use super::limits::ClientAddress;
use super::public::commenter_of;
use super::{ApiError, AppError, AppState};
use crate::domain::CommentError;
use crate::domain::comment::{MAX_COMMENT_CHARS, MAX_NAME_CHARS, MAX_QUOTE_CHARS};
use crate::domain::{Channel, ReceiptCode, vntime};
use crate::intake::{IntakeError, Submission};
use crate::storage::{comments, consultations, dossiers, drafts, now_ms, organisations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dossiers", get(list_dossiers))
        .route("/dossiers/{id}", get(get_dossier))
        .route("/drafts/{id}/provisions", get(draft_provisions))
        .route("/consultations/{id}/comments", post(post_comment))
        .route("/consultations/{id}/challenge", get(get_challenge))
        .route("/comments/{receipt}", get(comment_by_receipt))
        .route("/search", get(search))
        .route("/consultations/{id}/letters/split", post(split_letter))
        .route("/consultations/{id}/letters", post(record_letter))
        .route("/consultations/{id}/imports", post(import_comments))
        .route("/drafts/{id}/catalog", get(catalog_entries))
        .route("/drafts/{id}/catalog/equivalence", get(catalog_equivalence))
        .route("/drafts/{id}/catalog/review", get(catalog_review))
        .route("/drafts/{id}/catalog/submissions", post(catalog_submission))
        .route("/drafts/{id}/catalog/confirmations", post(catalog_confirmation))
        .route("/openapi.json", get(openapi))
        .fallback(unknown_route)
        .method_not_allowed_fallback(wrong_method)
}

// ---------------------------------------------------------------- errors

/// Why an API request failed: an [`ApiError`], or one whose status or code is more
/// precise than an [`AppError`] variant gives (a 404 that names what is missing, 405,
/// 413, 415). The body is always the one `ApiError` writes.
#[derive(Debug)]
enum Failure {
    Api(ApiError),
    Precise { status: StatusCode, code: &'static str, message: String },
}

impl Failure {
    fn precise(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self::Precise { status, code, message: message.into() }
    }
}

impl<E: Into<AppError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::Api(ApiError(e.into()))
    }
}

/// An intake refusal; a missing consultation keeps its precise code
/// (`consultation_not_found`) rather than the generic `not_found`.
fn intake_failure(e: IntakeError) -> Failure {
    match e {
        IntakeError::NoConsultation => Failure::precise(StatusCode::NOT_FOUND, e.code(), e.to_string()),
        other => other.into(),
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Self::Api(e) => e.into_response(),
            Self::Precise { status, code, message } => {
                let mut response = ApiError(AppError::bad(code, message)).into_response();
                *response.status_mut() = status;
                response
            }
        }
    }
}

async fn unknown_route() -> Failure {
    Failure::Api(ApiError(AppError::NotFound))
}

async fn wrong_method() -> Failure {
    Failure::precise(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Phương thức HTTP này không được hỗ trợ cho địa chỉ này.",
    )
}

/// A path parameter; one that does not parse (`/dossiers/abc`) names no resource: 404.
struct ApiPath<T>(T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(_) => Err(Failure::Api(ApiError(AppError::NotFound))),
        }
    }
}

/// A JSON request body, read and parsed here so that every refusal is an API error
/// with a Vietnamese message (axum's `Json` answers in English plain text).
struct JsonBody<T>(T);

impl<T, S> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Failure> {
        let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if !content_type.is_some_and(is_json_media_type) {
            return Err(Failure::precise(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Dữ liệu gửi lên phải ở dạng JSON (Content-Type: application/json).",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Failure::precise(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    "Dữ liệu gửi lên vượt quá dung lượng cho phép.",
                )
            } else {
                Failure::precise(StatusCode::BAD_REQUEST, "invalid_json", "Không đọc được dữ liệu gửi lên.")
            }
        })?;
        serde_json::from_slice(&bytes).map(Self).map_err(|e| {
            let status = match e.classify() {
                serde_json::error::Category::Data => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_REQUEST,
            };
            Failure::precise(status, "invalid_json", json_error_message(&e, &bytes))
        })
    }
}

/// `application/json` or `application/<something>+json`, with any parameters.
fn is_json_media_type(value: &str) -> bool {
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A Vietnamese explanation of a serde_json error, naming the field when serde does.
fn json_error_message(e: &serde_json::Error, body: &[u8]) -> String {
    let place = format!("dòng {}, cột {}", e.line(), e.column());
    let detail = e.to_string();
    // The field name comes from the request: keep what is echoed back short.
    let short = |name: &str| name.chars().take(64).collect::<String>();
    let field = detail.split('`').nth(1).map(short);
    match e.classify() {
        serde_json::error::Category::Data => match field {
            Some(name) if detail.starts_with("missing field") => {
                format!("Thiếu trường bắt buộc «{name}» trong dữ liệu JSON.")
            }
            Some(name) if detail.starts_with("unknown field") => {
                format!("Trường «{name}» không được hỗ trợ ({place}).")
            }
            Some(name) if detail.starts_with("duplicate field") => {
                format!("Trường «{name}» xuất hiện hơn một lần trong dữ liệu JSON ({place}).")
            }
            _ => match field_before(body, e.line(), e.column()) {
                Some(name) => {
                    format!("Trường «{}» sai kiểu: cần {} ({place}).", short(&name), expected_kind(&detail))
                }
                None => format!("Dữ liệu JSON có trường sai kiểu hoặc sai cấu trúc ({place})."),
            },
        },
        serde_json::error::Category::Eof => {
            "Dữ liệu gửi lên không phải JSON hợp lệ: nội dung trống hoặc bị cắt cụt.".to_owned()
        }
        _ if std::str::from_utf8(body).is_err() => {
            let at = body.utf8_chunks().next().map_or(0, |c| c.valid().len());
            format!("Dữ liệu gửi lên không phải văn bản UTF-8 (byte thứ {}).", at + 1)
        }
        _ => format!("Dữ liệu gửi lên không phải JSON hợp lệ ({place}): {}.", syntax_problem(&detail)),
    }
}

/// What is wrong with JSON that does not parse, in Vietnamese, from serde_json's
/// description of it (its messages are stable: they are its error codes' `Display`).
fn syntax_problem(detail: &str) -> &'static str {
    const KNOWN: [(&str, &str); 17] = [
        ("expected `,` or `}`", "thiếu dấu phẩy giữa hai trường, hoặc thiếu dấu } đóng đối tượng"),
        ("expected `,` or `]`", "thiếu dấu phẩy giữa hai phần tử, hoặc thiếu dấu ] đóng danh sách"),
        ("expected `:`", "thiếu dấu hai chấm giữa tên trường và giá trị"),
        ("key must be a string", "tên trường phải đặt trong dấu ngoặc kép"),
        ("trailing comma", "thừa dấu phẩy trước dấu } hoặc ]"),
        ("expected ident", "viết sai true, false hoặc null"),
        ("expected `\"`", "thiếu dấu ngoặc kép"),
        ("unexpected end of hex escape", "mã \\u trong chuỗi không hợp lệ"),
        ("control character", "xuống dòng hoặc tab trong chuỗi phải viết là \\n, \\t"),
        ("invalid escape", "ký tự sau dấu \\ trong chuỗi không hợp lệ"),
        ("invalid unicode code point", "mã \\u trong chuỗi không hợp lệ"),
        ("lone leading surrogate", "mã \\u trong chuỗi không hợp lệ"),
        ("number out of range", "số quá lớn"),
        ("invalid number", "số viết sai"),
        ("trailing characters", "có nội dung thừa sau dữ liệu JSON"),
        ("recursion limit exceeded", "dữ liệu lồng nhau quá sâu"),
        ("expected value", "thiếu giá trị, hoặc văn bản chưa đặt trong dấu ngoặc kép"),
    ];
    KNOWN
        .iter()
        .find(|(english, _)| detail.starts_with(english))
        .map_or("cú pháp JSON sai", |(_, vietnamese)| vietnamese)
}

/// The name of the object member whose value ends at `line`, `column` of `body` (where
/// serde_json reports a value of the wrong type), when the text before it reads
/// `"name": value`; `None` when it cannot be told for sure.
fn field_before(body: &[u8], line: usize, column: usize) -> Option<String> {
    let mut start = 0;
    for _ in 1..line {
        start += body.get(start..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    let text = std::str::from_utf8(body.get(..(start + column).min(body.len()))?).ok()?;
    let colon = text.rfind(':')?;
    // Only the value may stand between the colon and the error: not a member or an
    // element after it (`"units":[{"text":"a"},"b"]` is about `units`, not `text`).
    if text[colon..].contains([',', '[', '{', '}', ']']) {
        return None;
    }
    let before_value = text[..colon].trim_end();
    let name_and_quote = before_value.strip_suffix('"')?;
    let name = &name_and_quote[name_and_quote.rfind('"')? + 1..];
    (!name.is_empty() && !name.contains('\\')).then(|| name.to_owned())
}

/// What serde_json expected, in Vietnamese.
fn expected_kind(detail: &str) -> &'static str {
    let expected = detail.split("expected ").nth(1).unwrap_or_default();
    if expected.starts_with("a string") {
        "văn bản trong dấu ngoặc kép"
    } else if expected.starts_with(['i', 'u']) || expected.contains("integer") {
        "một số nguyên"
    } else if expected.starts_with("a boolean") {
        "true hoặc false"
    } else if expected.starts_with("a sequence") {
        "một danh sách [ … ]"
    } else {
        "giá trị đúng kiểu"
    }
}

/// The parameters of a route's query string, refused in Vietnamese (the API's
/// language) naming a parameter given twice or not known.
fn query_of<T: serde::de::DeserializeOwned>(raw: Option<&str>) -> Result<T, AppError> {
    super::read_query(crate::i18n::Lang::Vi, raw).map_err(|what| {
        AppError::bad("invalid_query_string", format!("Không đọc được các tham số trên địa chỉ: {what}."))
    })
}

/// RFC 3339 in Vietnam time (`2025-06-24T14:05:00+07:00`).
fn rfc3339(ms: i64) -> Result<String, AppError> {
    vntime::at(ms)
        .and_then(|t| t.format(&Rfc3339).ok())
        .ok_or_else(|| AppError::Internal(format!("timestamp out of range: {ms}")))
}

// ---------------------------------------------------------------- dossiers

#[derive(Debug, Serialize)]
struct DossierJson {
    id: i64,
    title: String,
    summary: String,
    drafting_org: String,
    approving_body: String,
    keywords: Vec<String>,
    drafts: Vec<DraftJson>,
    consultations: Vec<ConsultationJson>,
}

#[derive(Debug, Serialize)]
struct DraftJson {
    id: i64,
    kind: String,
    title: String,
    views: i64,
}

#[derive(Debug, Serialize)]
struct ConsultationJson {
    id: i64,
    title: String,
    opens_at: String,
    closes_at: String,
    audience: String,
    open: bool,
}

async fn dossier_json(
    state: &AppState,
    dossier: dossiers::DossierRow,
    now: i64,
) -> Result<DossierJson, AppError> {
    let pool = &state.db.pool;
    let drafts = drafts::drafts_of(pool, dossier.id)
        .await?
        .into_iter()
        .map(|d| DraftJson {
            id: d.id,
            kind: d.kind,
            title: d.title,
            views: state.views.count(d.id, d.view_count),
        })
        .collect();
    let mut rounds = Vec::new();
    for c in consultations::of_dossier(pool, dossier.id).await? {
        rounds.push(ConsultationJson {
            open: c.is_open(now),
            opens_at: rfc3339(c.opens_at)?,
            closes_at: rfc3339(c.closes_at)?,
            id: c.id,
            title: c.title,
            audience: c.audience,
        });
    }
    Ok(DossierJson {
        keywords: dossier.keyword_list(),
        id: dossier.id,
        title: dossier.title,
        summary: dossier.summary,
        drafting_org: dossier.drafting_org_name,
        approving_body: dossier.approving_body,
        drafts,
        consultations: rounds,
    })
}

async fn list_dossiers(State(state): State<AppState>) -> Result<Json<Vec<DossierJson>>, Failure> {
    let now = now_ms();
    let mut out = Vec::new();
    for dossier in dossiers::list(&state.db.pool).await? {
        out.push(dossier_json(&state, dossier, now).await?);
    }
    Ok(Json(out))
}

async fn get_dossier(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DossierJson>, Failure> {
    let dossier = dossiers::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(dossier_json(&state, dossier, now_ms()).await?))
}

// ---------------------------------------------------------------- provisions

#[derive(Debug, Serialize)]
struct ProvisionTreeJson {
    draft_id: i64,
    version_id: i64,
    version_number: i64,
    provisions: Vec<ProvisionJson>,
}

#[derive(Debug, Serialize)]
struct ProvisionJson {
    id: i64,
    kind: String,
    label: String,
    number: String,
    heading: Option<String>,
    text: String,
    comment_count: i64,
    children: Vec<ProvisionJson>,
}

/// Nests provisions (in position order) under their parents. A provision whose parent
/// is not in the version is shown at the top level rather than lost.
fn provision_tree(rows: Vec<drafts::ProvisionRow>, counts: &HashMap<Option<i64>, i64>) -> Vec<ProvisionJson> {
    let ids: HashSet<i64> = rows.iter().map(|p| p.id).collect();
    let mut children: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut roots = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        match row.parent_id.filter(|p| ids.contains(p)) {
            Some(parent) => children.entry(parent).or_default().push(i),
            None => roots.push(i),
        }
    }
    let mut slots: Vec<Option<drafts::ProvisionRow>> = rows.into_iter().map(Some).collect();
    fn build(
        i: usize,
        slots: &mut [Option<drafts::ProvisionRow>],
        children: &HashMap<i64, Vec<usize>>,
        counts: &HashMap<Option<i64>, i64>,
    ) -> Option<ProvisionJson> {
        let row = slots.get_mut(i)?.take()?;
        let kids = children
            .get(&row.id)
            .map(|list| list.iter().filter_map(|&k| build(k, slots, children, counts)).collect())
            .unwrap_or_default();
        Some(ProvisionJson {
            comment_count: counts.get(&Some(row.id)).copied().unwrap_or(0),
            id: row.id,
            kind: row.kind,
            label: row.label,
            number: row.number,
            heading: row.heading,
            text: row.body,
            children: kids,
        })
    }
    roots.into_iter().filter_map(|i| build(i, &mut slots, &children, counts)).collect()
}

async fn draft_provisions(
    State(state): State<AppState>,
    ApiPath(draft_id): ApiPath<i64>,
) -> Result<Json<ProvisionTreeJson>, Failure> {
    let pool = &state.db.pool;
    let version = drafts::latest_published(pool, draft_id).await?.ok_or(AppError::NotFound)?;
    let tallies = state.cache.tallies(&state.db, version.id).await?;
    let rows = state.cache.tree(&state.db, &version).await?.as_ref().clone();
    Ok(Json(ProvisionTreeJson {
        draft_id,
        version_id: version.id,
        version_number: version.number,
        provisions: provision_tree(rows, &tallies.comments),
    }))
}

// ---------------------------------------------------------------- comments

/// The body of `POST /consultations/{id}/comments`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCommentJson {
    provision_id: Option<i64>,
    version_id: Option<i64>,
    text: String,
    quote: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
    #[serde(default)]
    name_public: bool,
    challenge_token: Option<String>,
    challenge_nonce: Option<String>,
}

impl NewCommentJson {
    /// The lengths the OpenAPI document states (`maxLength`: characters as sent), so
    /// that a client is refused what the schema refuses. Intake then counts the text
    /// once cleaned (NFC, trimmed), which can only be shorter.
    fn within_documented_lengths(&self) -> Result<(), CommentError> {
        let chars = |s: Option<&str>| s.map_or(0, |s| s.chars().count());
        let text = chars(Some(&self.text));
        if text > MAX_COMMENT_CHARS {
            return Err(CommentError::TooLong { chars: text, max: MAX_COMMENT_CHARS });
        }
        let quote = chars(self.quote.as_deref());
        if quote > MAX_QUOTE_CHARS {
            return Err(CommentError::QuoteTooLong { chars: quote, max: MAX_QUOTE_CHARS });
        }
        if chars(self.author_name.as_deref()) > MAX_NAME_CHARS {
            return Err(CommentError::NameTooLong { max: MAX_NAME_CHARS });
        }
        if chars(self.author_email.as_deref()) > MAX_NAME_CHARS {
            return Err(CommentError::EmailTooLong { max: MAX_NAME_CHARS });
        }
        Ok(())
    }
}

#[derive(Debug, Serialize)]
struct ReceiptJson {
    receipt: String,
    id: i64,
    received_at: String,
}

/// The header an API client may send so that a retried `POST` is not stored twice
/// (`draft-ietf-httpapi-idempotency-key-header`).
const IDEMPOTENCY_KEY: &str = "idempotency-key";

async fn post_comment(
    State(state): State<AppState>,
    auth: AuthSession,
    ClientAddress(address): ClientAddress,
    ApiPath(consultation_id): ApiPath<i64>,
    headers: axum::http::HeaderMap,
    JsonBody(body): JsonBody<NewCommentJson>,
) -> Result<Response, Failure> {
    let submission_key = match headers.get(IDEMPOTENCY_KEY) {
        Some(value) => {
            Some(value.to_str().map_err(|_| intake_failure(IntakeError::KeyInvalid))?.trim().to_owned())
        }
        None => None,
    };
    body.within_documented_lengths().map_err(|e| intake_failure(IntakeError::Text(e)))?;
    let submission = Submission {
        consultation_id,
        version_id: body.version_id,
        provision_id: body.provision_id,
        body: body.text,
        quote: body.quote,
        author_name: body.author_name,
        author_email: body.author_email,
        name_public: body.name_public,
        challenge_token: body.challenge_token,
        challenge_nonce: body.challenge_nonce,
        submission_key,
    };
    // `submit` returns only after the commit: the receipt we hand out is durable.
    let submitted = state
        .intake
        .submit(submission, commenter_of(&auth, address), Channel::Api, now_ms())
        .await
        .map_err(intake_failure)?;
    let location = format!("/api/v1/comments/{}", submitted.code);
    let receipt = ReceiptJson {
        receipt: submitted.code.to_string(),
        id: submitted.id,
        received_at: rfc3339(submitted.received_at)?,
    };
    // A repeat gets the first answer again, marked as such.
    let mut response = (StatusCode::CREATED, [(header::LOCATION, location)], Json(receipt)).into_response();
    if submitted.replayed {
        response.headers_mut().insert("idempotent-replayed", axum::http::HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// The answer of `GET /consultations/{id}/challenge`.
#[derive(Debug, Serialize)]
struct ChallengeJson {
    required: bool,
    token: Option<String>,
    prefix: Option<String>,
    bits: Option<u32>,
    expires_at: Option<String>,
}

/// Whether an anonymous comment on the consultation must carry a solved challenge
/// now, and if so a fresh one. Signed-in commenters never need one.
async fn get_challenge(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(consultation_id): ApiPath<i64>,
) -> Result<Response, Failure> {
    let now = now_ms();
    let issued = if auth.user.is_some() {
        consultations::get(&state.db.pool, consultation_id)
            .await?
            .ok_or_else(|| intake_failure(IntakeError::NoConsultation))?;
        None
    } else {
        state.intake.challenge(consultation_id, now).await.map_err(intake_failure)?
    };
    let body = match issued {
        Some(c) => ChallengeJson {
            required: true,
            expires_at: Some(rfc3339(c.expires_at)?),
            token: Some(c.token),
            prefix: Some(c.prefix),
            bits: Some(c.bits),
        },
        None => ChallengeJson { required: false, token: None, prefix: None, bits: None, expires_at: None },
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

#[derive(Debug, Serialize)]
struct CommentJson {
    receipt: String,
    received_at: String,
    draft_id: i64,
    draft_title: String,
    provision_label: Option<String>,
    text: String,
    quote: Option<String>,
    author_name: Option<String>,
    organisation: Option<String>,
    channel: String,
}

async fn comment_by_receipt(
    State(state): State<AppState>,
    ApiPath(receipt): ApiPath<String>,
) -> Result<Json<CommentJson>, Failure> {
    let code = ReceiptCode::parse(&receipt).ok_or(AppError::NotFound)?;
    let row = comments::by_receipt(&state.db, &code).await?.ok_or(AppError::NotFound)?;
    Ok(Json(CommentJson {
        received_at: rfc3339(row.created_at)?,
        receipt: row.receipt_code,
        draft_id: row.draft_id,
        draft_title: row.draft_title,
        provision_label: row.provision_label,
        text: row.body,
        quote: row.quote,
        author_name: row.author_name,
        organisation: row.organisation_name,
        channel: row.channel,
    }))
}

// ---------------------------------------------------------------- search

#[derive(Debug, Serialize)]
struct SearchJson {
    total: usize,
    took_ms: f64,
    words: Vec<String>,
    truncated: bool,
    too_long_words: usize,
    indexed_through: i64,
    catching_up: bool,
    comments: Vec<SearchCommentJson>,
    provisions: Vec<SearchProvisionJson>,
}

#[derive(Debug, Serialize)]
struct SearchCommentJson {
    id: i64,
    receipt: String,
    score: f32,
    received_at: String,
    draft_id: i64,
    draft_title: String,
    provision_id: Option<i64>,
    provision_label: Option<String>,
    organisation: Option<String>,
    channel: String,
    text: String,
    excerpt: Vec<crate::search::highlight::Piece>,
}

#[derive(Debug, Serialize)]
struct SearchProvisionJson {
    id: i64,
    draft_id: i64,
    draft_title: String,
    label: String,
    excerpt: Vec<crate::search::highlight::Piece>,
}

async fn search(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Json<SearchJson>, Failure> {
    super::auth::require_role(&auth, crate::domain::Role::Editor, "/api/v1/search")?;
    let params = super::search::parse_params(raw.as_deref())?;
    let filters = params.filters()?;
    let (limit, offset) = params.window()?;
    let text = params.q.clone().unwrap_or_default();
    let outcome = super::search::run(&state, &text, &filters, limit, offset).await?;
    let mut comments = Vec::with_capacity(outcome.comments.len());
    for hit in outcome.comments {
        comments.push(SearchCommentJson {
            id: hit.row.id,
            receipt: hit.row.receipt_code,
            score: hit.score,
            received_at: rfc3339(hit.row.created_at)?,
            draft_id: hit.row.draft_id,
            draft_title: hit.row.draft_title,
            provision_id: hit.row.provision_id,
            provision_label: hit.row.provision_label,
            organisation: hit.row.organisation_name,
            channel: hit.row.channel,
            text: hit.row.body,
            excerpt: hit.pieces,
        });
    }
    Ok(Json(SearchJson {
        total: outcome.total,
        took_ms: outcome.took_ms,
        words: outcome.query.words().map(str::to_owned).collect(),
        truncated: outcome.query.truncated,
        too_long_words: outcome.query.too_long,
        indexed_through: outcome.index.indexed_through,
        catching_up: outcome.index.catching_up,
        comments,
        provisions: outcome
            .provisions
            .into_iter()
            .map(|p| SearchProvisionJson {
                id: p.row.id,
                draft_id: p.row.draft_id,
                draft_title: p.row.draft_title,
                label: p.row.label,
                excerpt: p.pieces,
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------- letters

/// Who may file a letter: an editor (for any organisation) or a representative (for
/// their own).
fn letter_filer(auth: &AuthSession, organisation_id: Option<i64>) -> Result<(i64, i64), Failure> {
    let user = super::auth::require_user(auth, "/api/v1")?;
    if user.has(crate::domain::Role::Editor) {
        let org = organisation_id.ok_or_else(|| {
            Failure::precise(
                StatusCode::UNPROCESSABLE_ENTITY,
                "no_organisation",
                "Cần nêu organisation_id: cơ quan, tổ chức gửi công văn.",
            )
        })?;
        Ok((user.id, org))
    } else if let Some(own) = user.represents_organisation() {
        if organisation_id.is_some_and(|o| o != own) {
            return Err(AppError::Forbidden.into());
        }
        Ok((user.id, own))
    } else {
        Err(AppError::Forbidden.into())
    }
}

async fn letter_version(state: &AppState, consultation_id: i64, version_id: i64) -> Result<(), Failure> {
    consultations::get(&state.db.pool, consultation_id).await?.ok_or(AppError::NotFound)?;
    if !consultations::covers_version(&state.db.pool, consultation_id, version_id).await? {
        return Err(Failure::precise(
            StatusCode::UNPROCESSABLE_ENTITY,
            "version_not_in_consultation",
            "Phiên bản dự thảo không thuộc đợt lấy ý kiến này.",
        ));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LetterTextJson {
    version_id: i64,
    text: String,
}

#[derive(Debug, Serialize)]
struct LetterUnitJson {
    text: String,
    provision_id: Option<i64>,
    cited: Vec<String>,
    unresolved: Vec<String>,
    external: Vec<String>,
}

#[derive(Debug, Serialize)]
struct LetterProposalJson {
    reference: Option<String>,
    subject: Option<String>,
    warnings: Vec<String>,
    units: Vec<LetterUnitJson>,
}

async fn split_letter(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(consultation_id): ApiPath<i64>,
    JsonBody(body): JsonBody<LetterTextJson>,
) -> Result<Json<LetterProposalJson>, Failure> {
    let user = super::auth::require_user(&auth, "/api/v1")?;
    if !(user.has(crate::domain::Role::Editor) || user.represents_organisation().is_some()) {
        return Err(AppError::Forbidden.into());
    }
    letter_version(&state, consultation_id, body.version_id).await?;
    let (text, _) = duthao_text::legacy::to_unicode_by_paragraph(&body.text);
    let text = duthao_text::clean_input(&text);
    if text.trim().is_empty() {
        return Err(AppError::bad("empty_letter", "Chưa có nội dung công văn.").into());
    }
    let proposal = super::letters::propose(&state, crate::i18n::Lang::Vi, body.version_id, &text).await?;
    Ok(Json(LetterProposalJson {
        reference: proposal.reference,
        subject: proposal.subject,
        warnings: proposal.warnings,
        units: proposal
            .units
            .into_iter()
            .map(|u| LetterUnitJson {
                text: u.text,
                provision_id: (u.proposed != 0).then_some(u.proposed),
                cited: u.cited,
                unresolved: u.unresolved,
                external: u.external,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmedUnitJson {
    text: String,
    provision_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LetterJson {
    version_id: i64,
    organisation_id: Option<i64>,
    units: Vec<ConfirmedUnitJson>,
}

#[derive(Debug, Serialize)]
struct RecordedJson {
    receipts: Vec<String>,
}

async fn record_letter(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(consultation_id): ApiPath<i64>,
    JsonBody(body): JsonBody<LetterJson>,
) -> Result<Response, Failure> {
    let (user_id, organisation_id) = letter_filer(&auth, body.organisation_id)?;
    organisations::get(&state.db.pool, organisation_id).await?.ok_or_else(|| {
        Failure::precise(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_organisation",
            "Cơ quan, tổ chức không tồn tại.",
        )
    })?;
    letter_version(&state, consultation_id, body.version_id).await?;
    let units: Vec<(String, Option<i64>)> =
        body.units.into_iter().map(|u| (u.text, u.provision_id)).collect();
    let receipts =
        super::letters::record(&state, user_id, consultation_id, organisation_id, body.version_id, &units)
            .await?;
    let receipts =
        RecordedJson { receipts: receipts.into_iter().map(|(code, _)| code.to_string()).collect() };
    Ok((StatusCode::CREATED, Json(receipts)).into_response())
}

// ---------------------------------------------------------------- imports

#[derive(Debug, Serialize)]
struct RowErrorJson {
    row: usize,
    column: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct ImportJson {
    stored: usize,
    refused_whole: bool,
    total_rows: usize,
    errors: Vec<RowErrorJson>,
    notes: Vec<String>,
    receipts: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct ImportQuery {
    version_id: Option<String>,
    mode: Option<String>,
    file_name: Option<String>,
}

async fn import_comments(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(consultation_id): ApiPath<i64>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    super::auth::require_role(&auth, crate::domain::Role::Editor, "/api/v1")?;
    let query: ImportQuery = query_of(raw.as_deref())?;
    let version_id: i64 =
        query.version_id.as_deref().and_then(|v| v.trim().parse().ok()).ok_or_else(|| {
            AppError::bad("no_version", "Cần nêu version_id: phiên bản dự thảo mà các góp ý hướng tới.")
        })?;
    let skip = match query.mode.as_deref() {
        None | Some("all") => false,
        Some("skip") => true,
        Some(other) => {
            return Err(AppError::bad(
                "invalid_mode",
                format!("Tham số mode chỉ nhận “all” (tất cả hoặc không) hoặc “skip” (bỏ dòng lỗi); nhận được “{other}”."),
            )
            .into());
        }
    };
    let file_name = query.file_name.unwrap_or_else(|| "gửi lên".to_owned());
    let outcome =
        super::imports::run_import(&state, consultation_id, version_id, skip, &file_name, &body).await?;
    let status = if outcome.refused_whole {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if outcome.receipts.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let json = ImportJson {
        stored: outcome.receipts.len(),
        refused_whole: outcome.refused_whole,
        total_rows: outcome.total_rows,
        errors: outcome
            .errors
            .into_iter()
            .map(|e| RowErrorJson { row: e.row, column: e.column, reason: e.reason })
            .collect(),
        notes: outcome.notes,
        receipts: outcome.receipts.iter().map(ToString::to_string).collect(),
    };
    Ok((status, Json(json)).into_response())
}

// ---------------------------------------------------------------- OpenAPI

// ---------------------------------------------------------------- catalogs

#[derive(Debug, Serialize)]
struct CatalogEntryJson {
    provision_id: i64,
    /// The entry's identity across versions.
    lineage: i64,
    code: String,
    name: String,
    fields: serde_json::Map<String, Value>,
}

#[derive(Debug, Serialize)]
struct CatalogJson {
    draft_id: i64,
    kind: &'static str,
    title: String,
    version_id: i64,
    version_number: i64,
    fields: Vec<Value>,
    entries: Vec<CatalogEntryJson>,
}

/// A catalog and its newest published version.
async fn published_catalog(
    state: &AppState,
    draft_id: i64,
) -> Result<(crate::catalogs::Catalog, drafts::VersionRow), Failure> {
    let catalog = crate::catalogs::load(&state.db, draft_id).await?.ok_or_else(|| {
        Failure::precise(StatusCode::NOT_FOUND, "not_found", "Không có dự thảo danh mục này.")
    })?;
    let version = drafts::latest_published(&state.db.pool, draft_id).await?.ok_or_else(|| {
        Failure::precise(StatusCode::NOT_FOUND, "not_found", "Dự thảo danh mục chưa có phiên bản công bố.")
    })?;
    Ok((catalog, version))
}

async fn catalog_entries(
    State(state): State<AppState>,
    ApiPath(draft_id): ApiPath<i64>,
) -> Result<Json<CatalogJson>, Failure> {
    let (catalog, version) = published_catalog(&state, draft_id).await?;
    let entries = crate::catalogs::entries_of(&state.db, version.id).await?;
    Ok(Json(CatalogJson {
        draft_id,
        kind: catalog.kind.code(),
        title: catalog.title.clone(),
        version_id: version.id,
        version_number: version.number,
        fields: catalog
            .fields()
            .iter()
            .map(|f| json!({ "key": f.key, "name": f.name, "long": f.long, "extra": f.extra }))
            .collect(),
        entries: entries
            .into_iter()
            .map(|e| CatalogEntryJson {
                provision_id: e.provision_id,
                lineage: e.lineage,
                code: e.code,
                name: e.name,
                fields: e.fields.into_iter().map(|f| (f.key, Value::String(f.value))).collect(),
            })
            .collect(),
    }))
}

async fn catalog_equivalence(
    State(state): State<AppState>,
    ApiPath(draft_id): ApiPath<i64>,
) -> Result<Json<Value>, Failure> {
    let (_, version) = published_catalog(&state, draft_id).await?;
    let entries = crate::catalogs::entries_of(&state.db, version.id).await?;
    let table = crate::catalogs::equivalence_table(&entries);
    let approval = crate::storage::catalogs::latest_approval(&state.db, draft_id).await?;
    Ok(Json(json!({
        "draft_id": draft_id,
        "version_id": version.id,
        "version_number": version.number,
        "approved_version_number": approval.map(|a| a.version_number),
        "groups": table.groups,
        "problems": table.problems,
        "unranked": table.unranked,
    })))
}

async fn catalog_review(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(draft_id): ApiPath<i64>,
) -> Result<Json<Value>, Failure> {
    super::auth::require_role(&auth, crate::domain::Role::Editor, "/api/v1")?;
    let catalog = crate::catalogs::load(&state.db, draft_id).await?.ok_or(AppError::NotFound)?;
    // Against the newest published version, else the newest.
    let version = match drafts::latest_published(&state.db.pool, draft_id).await? {
        Some(published) => published,
        None => drafts::versions_of(&state.db.pool, draft_id)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?,
    };
    let review = state.cache.reviews.review(&state.db, &catalog, &version).await?;
    let name = |id: &crate::catalog::EntryId| review.name(*id);
    let organisations: Vec<Value> = review
        .lists
        .iter()
        .map(|l| {
            json!({
                "organisation_id": l.organisation_id,
                "organisation": l.organisation,
                "submission_id": l.submission_id,
                "rows": l.review.rows,
                "matched": l.review.matched,
                "uncertain": l.review.uncertain,
                "unknown": l.review.unknown,
                "lacking": l.review.lacking.iter().map(name).collect::<Vec<_>>(),
                "misfits": l.review.misfits.iter().map(|m| json!({
                    "row": m.row, "name": m.name, "reason": crate::catalogs::misfit_reason(&review, &m.reason)
                })).collect::<Vec<_>>(),
                "pending": crate::catalogs::uncertain_rows(l, &review.names).iter().map(|r| json!({
                    "row": r.row, "name": r.name, "key": r.key,
                    "candidates": r.candidates.iter().map(|c| json!({ "lineage": c.0, "name": c.1, "score": c.2 })).collect::<Vec<_>>()
                })).collect::<Vec<_>>(),
                "headcount": {
                    "positions": l.headcount.positions.len(),
                    "people": l.headcount.people,
                    "vacant": l.headcount.vacant.len(),
                    "shared": l.headcount.shared.len(),
                    "people_with_several_positions": l.headcount.several.len(),
                    "warnings": l.headcount.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
                },
            })
        })
        .collect();
    Ok(Json(json!({
        "draft_id": draft_id,
        "version_id": version.id,
        "version_number": version.number,
        "organisations": organisations,
        "country": {
            "lacking": review.country.lacking.iter().map(|l| json!({ "name": l.name, "organisations": l.organisations })).collect::<Vec<_>>(),
            "misfits": review.country.misfits.iter().map(|m| json!({ "name": m.name, "organisations": m.organisations })).collect::<Vec<_>>(),
            "proposed": review.country.proposed.iter().map(|p| json!({ "name": p.name, "organisations": p.organisations })).collect::<Vec<_>>(),
        }
    })))
}

#[derive(Debug, Deserialize)]
struct CatalogSubmissionQuery {
    organisation_id: Option<String>,
    file_name: Option<String>,
}

async fn catalog_submission(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(draft_id): ApiPath<i64>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    let user = super::auth::require_user(&auth, "/api/v1")?;
    let query: CatalogSubmissionQuery = query_of(raw.as_deref())?;
    let asked: Option<i64> =
        match query.organisation_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => Some(v.parse().map_err(|_| {
                AppError::bad("invalid_organisation", "organisation_id phải là một số nguyên.")
            })?),
        };
    let organisation_id = if user.has(crate::domain::Role::Editor) {
        asked.or(user.organisation_id).ok_or_else(|| {
            AppError::bad("no_organisation", "Cần nêu organisation_id: cơ quan, tổ chức gửi danh sách.")
        })?
    } else {
        let own = user.represents_organisation().ok_or(AppError::Forbidden)?;
        if asked.is_some_and(|a| a != own) {
            return Err(AppError::Forbidden.into());
        }
        own
    };
    let catalog = crate::catalogs::load(&state.db, draft_id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, draft_id).await?;
    if !user.has(crate::domain::Role::Editor)
        && !crate::catalogs::may_submit(&state.db, &catalog, organisation_id).await?
    {
        return Err(AppError::conflict(
            "not_open",
            "Dự thảo danh mục chưa được công bố hoặc cơ quan, tổ chức không được mời góp ý: chưa gửi được danh sách.",
        )
        .into());
    }
    if organisations::get(&state.db.pool, organisation_id).await?.is_none() {
        return Err(Failure::precise(
            StatusCode::NOT_FOUND,
            "organisation_not_found",
            "Không có cơ quan, tổ chức này.",
        ));
    }
    if body.is_empty() {
        return Err(AppError::bad("empty_file", "Tệp rỗng.").into());
    }
    let file_name = query.file_name.unwrap_or_else(|| "danh-sach.csv".to_owned());
    let (id, rows, notes) =
        crate::catalogs::submit_list(&state.db, Some(user.id), &catalog, organisation_id, &file_name, &body)
            .await
            .map_err(|e| match e {
                crate::catalogs::SubmitError::Table(e) => {
                    AppError::bad(e.code(), e.text(crate::i18n::Lang::Vi))
                }
                crate::catalogs::SubmitError::NoRows => {
                    AppError::bad("no_rows", "Danh sách không có dòng nào có tên chức danh, vị trí.")
                }
                crate::catalogs::SubmitError::Storage(e) => AppError::from(e),
            })?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "submission_id": id, "organisation_id": organisation_id, "rows": rows, "notes": notes }),
        ),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfirmationJson {
    key: String,
    entry_lineage: Option<i64>,
}

async fn catalog_confirmation(
    State(state): State<AppState>,
    auth: AuthSession,
    ApiPath(draft_id): ApiPath<i64>,
    JsonBody(body): JsonBody<ConfirmationJson>,
) -> Result<Response, Failure> {
    let user = super::auth::require_role(&auth, crate::domain::Role::Editor, "/api/v1")?;
    let catalog = crate::catalogs::load(&state.db, draft_id).await?.ok_or(AppError::NotFound)?;
    super::submission::draft_writable(&state, draft_id).await?;
    let key = body.key.trim();
    if key.is_empty() || key.len() > 1000 {
        return Err(
            AppError::bad("bad_key", "key phải là khoá so khớp của một tên đã gửi (1–1000 ký tự).").into()
        );
    }
    if let Some(lineage) = body.entry_lineage {
        let version = drafts::versions_of(&state.db.pool, draft_id)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let entries = crate::catalogs::entries_of(&state.db, version.id).await?;
        if !entries.iter().any(|e| e.lineage == lineage) {
            return Err(Failure::precise(
                StatusCode::NOT_FOUND,
                "entry_not_found",
                "Danh mục không có mục này.",
            ));
        }
    }
    crate::catalogs::confirm(&state.db, user.id, &catalog, key, body.entry_lineage).await?;
    Ok((StatusCode::OK, Json(json!({ "key": key, "entry_lineage": body.entry_lineage }))).into_response())
}

/// The catalog paths of the OpenAPI document (apart: one `json!` for everything
/// exceeds the macro's recursion limit).
fn catalog_paths() -> Value {
    let error = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
        })
    };
    let ok = |description: &str, schema: Value| json!({ "description": description, "content": { "application/json": { "schema": schema } } });
    let id_param = json!({
        "name": "id", "in": "path", "required": true, "description": "Mã dự thảo danh mục",
        "schema": { "type": "integer", "format": "int64" }
    });
    let internal = error("Lỗi hệ thống; thông báo có mã tham chiếu (code `internal`).");
    let object = |required: &[&str]| json!({ "type": "object", "required": required });
    json!({
        "/drafts/{id}/catalog": {
            "get": {
                "operationId": "getCatalog",
                "summary": "Các mục của phiên bản công bố mới nhất của một dự thảo danh mục (chức danh hoặc vị trí việc làm)",
                "parameters": [id_param],
                "responses": {
                    "200": ok("Danh mục", json!({
                        "type": "object",
                        "required": ["draft_id", "kind", "title", "version_id", "version_number", "fields", "entries"],
                        "properties": {
                            "kind": { "type": "string", "enum": ["titles", "job_positions"] },
                            "entries": { "type": "array", "items": object(&["provision_id", "lineage", "code", "name", "fields"]) }
                        }
                    })),
                    "404": error("Không có dự thảo danh mục này, hoặc chưa có phiên bản công bố (`not_found`)."),
                    "500": internal
                }
            }
        },
        "/drafts/{id}/catalog/equivalence": {
            "get": {
                "operationId": "getCatalogEquivalence",
                "summary": "Bảng chức vụ tương đương của phiên bản công bố mới nhất, theo nhóm và cấp, kèm các điểm cần xem lại",
                "parameters": [id_param],
                "responses": {
                    "200": ok("Bảng chức vụ tương đương", object(&["draft_id", "version_id", "version_number", "groups", "problems", "unranked"])),
                    "404": error("Không có dự thảo danh mục này, hoặc chưa có phiên bản công bố (`not_found`)."),
                    "500": internal
                }
            }
        },
        "/drafts/{id}/catalog/review": {
            "get": {
                "operationId": "getCatalogReview",
                "summary": "Kết quả rà soát danh sách của các cơ quan, địa phương so với phiên bản mới nhất của danh mục (dành cho biên tập viên)",
                "parameters": [id_param],
                "responses": {
                    "200": ok("Kết quả rà soát", object(&["draft_id", "version_id", "version_number", "organisations", "country"])),
                    "401": error("Chưa đăng nhập (`sign_in_required`)."),
                    "403": error("Không phải biên tập viên (`forbidden`)."),
                    "404": error("Không có dự thảo danh mục này (`not_found`)."),
                    "500": internal
                }
            }
        },
        "/drafts/{id}/catalog/submissions": {
            "post": {
                "operationId": "postCatalogSubmission",
                "summary": "Gửi danh sách hiện có của một cơ quan, địa phương (CSV, XLSX hoặc bảng trong DOCX) để rà soát",
                "description": "Thân yêu cầu là nội dung tệp. Đại diện cơ quan, tổ chức gửi danh sách của mình; biên tập viên gửi thay một cơ quan, tổ chức (organisation_id). Danh sách mới thay danh sách trước của cơ quan đó trong kết quả rà soát.",
                "parameters": [
                    id_param,
                    { "name": "organisation_id", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64" } },
                    { "name": "file_name", "in": "query", "required": false, "description": "Tên tệp; phần mở rộng cho biết định dạng (.csv, .xlsx, .docx)", "schema": { "type": "string" } }
                ],
                "requestBody": {
                    "required": true,
                    "content": {
                        "text/csv": { "schema": { "type": "string" } },
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } }
                    }
                },
                "responses": {
                    "201": ok("Đã lưu danh sách", object(&["submission_id", "organisation_id", "rows", "notes"])),
                    "401": error("Chưa đăng nhập (`sign_in_required`)."),
                    "403": error("Không phải biên tập viên hay đại diện của cơ quan, tổ chức này (`forbidden`)."),
                    "404": error("Không có dự thảo danh mục này (`not_found`) hoặc cơ quan, tổ chức organisation_id (`organisation_not_found`)."),
                    "409": error("Dự thảo chưa công bố, cơ quan, tổ chức không được mời, hoặc hồ sơ đã trình (`not_open`, `dossier_submitted`)."),
                    "413": error("Tệp quá lớn (`body_too_large`)."),
                    "422": error("Tệp không đọc được hoặc không có dòng nào (mã lỗi đọc tệp, `no_rows`, `empty_file`), thiếu hoặc sai organisation_id."),
                    "500": internal
                }
            }
        },
        "/drafts/{id}/catalog/confirmations": {
            "post": {
                "operationId": "postCatalogConfirmation",
                "summary": "Biên tập viên xác nhận một tên đã gửi là mục nào của danh mục (hoặc không có trong danh mục: entry_lineage null)",
                "parameters": [id_param],
                "requestBody": {
                    "required": true,
                    "content": { "application/json": { "schema": {
                        "type": "object", "required": ["key"], "additionalProperties": false,
                        "properties": {
                            "key": { "type": "string", "minLength": 1, "maxLength": 1000 },
                            "entry_lineage": { "type": ["integer", "null"], "format": "int64" }
                        }
                    } } }
                },
                "responses": {
                    "200": ok("Đã ghi", object(&["key", "entry_lineage"])),
                    "400": error("Thân yêu cầu không phải JSON hợp lệ (`invalid_json`)."),
                    "401": error("Chưa đăng nhập (`sign_in_required`)."),
                    "403": error("Không phải biên tập viên (`forbidden`)."),
                    "404": error("Không có dự thảo danh mục này (`not_found`) hoặc mục entry_lineage (`entry_not_found`)."),
                    "415": error("Thân yêu cầu không ở dạng application/json (`unsupported_media_type`)."),
                    "409": error("Hồ sơ đã trình (`dossier_submitted`)."),
                    "422": error("Thiếu khoá hoặc mục không có trong danh mục (`bad_key`, `bad_entry`, `invalid_json`)."),
                    "500": internal
                }
            }
        }
    })
}

async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// The OpenAPI 3.1 description of this module's routes, written by hand. The tests
/// call every path it lists and check the answers against its schemas.
pub fn openapi_document() -> Value {
    let error = |description: &str| {
        json!({
            "description": description,
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
        })
    };
    let ok = |description: &str, schema: Value| json!({ "description": description, "content": { "application/json": { "schema": schema } } });
    let id_param = |description: &str| {
        json!({
            "name": "id", "in": "path", "required": true, "description": description,
            "schema": { "type": "integer", "format": "int64" }
        })
    };
    let internal = error("Lỗi hệ thống; thông báo có mã tham chiếu (code `internal`).");
    let nullable_string = json!({ "type": ["string", "null"] });

    let mut document = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Duthao API",
            "version": "1.0.0",
            "description": "Lấy ý kiến về dự thảo văn bản: hồ sơ, điều khoản, gửi góp ý và tra cứu theo mã biên nhận. Mọi thời điểm theo RFC 3339, giờ Việt Nam (+07:00). Mọi lỗi có dạng `{\"error\": {\"code\", \"message\"}}`, thông báo bằng tiếng Việt."
        },
        "servers": [{ "url": "/api/v1" }],
        "paths": {
            "/dossiers": {
                "get": {
                    "operationId": "listDossiers",
                    "summary": "Danh sách hồ sơ dự thảo, mới nhất trước",
                    "responses": {
                        "200": ok("Các hồ sơ", json!({ "type": "array", "items": { "$ref": "#/components/schemas/Dossier" } })),
                        "500": internal
                    }
                }
            },
            "/dossiers/{id}": {
                "get": {
                    "operationId": "getDossier",
                    "summary": "Một hồ sơ dự thảo",
                    "parameters": [id_param("Mã hồ sơ")],
                    "responses": {
                        "200": ok("Hồ sơ", json!({ "$ref": "#/components/schemas/Dossier" })),
                        "404": error("Không có hồ sơ này (code `not_found`)."),
                        "500": internal
                    }
                }
            },
            "/drafts/{id}/provisions": {
                "get": {
                    "operationId": "getDraftProvisions",
                    "summary": "Cây điều khoản của phiên bản công bố mới nhất của dự thảo",
                    "parameters": [id_param("Mã dự thảo")],
                    "responses": {
                        "200": ok("Cây điều khoản", json!({ "$ref": "#/components/schemas/ProvisionTree" })),
                        "404": error("Không có dự thảo này, hoặc dự thảo chưa có phiên bản công bố (code `not_found`)."),
                        "500": internal
                    }
                }
            },
            "/consultations/{id}/comments": {
                "post": {
                    "operationId": "postComment",
                    "summary": "Gửi góp ý trong một đợt lấy ý kiến",
                    "description": "Góp ý được lưu trước khi trả mã biên nhận. Người đăng nhập là đại diện cơ quan, tổ chức (cookie phiên) góp ý thay mặt cơ quan, tổ chức đó. Không nêu `provision_id` là góp ý chung cho toàn bộ dự thảo; khi đợt lấy ý kiến gồm nhiều phiên bản, cần nêu `version_id` hoặc `provision_id`. Gửi kèm tiêu đề `Idempotency-Key` để gửi lại an toàn (khi mất kết nối, hết thời gian chờ): cùng khóa, cùng đợt lấy ý kiến và cùng nội dung thì góp ý chỉ được lưu một lần và lần gửi lại nhận đúng biên nhận đã cấp, kèm tiêu đề `Idempotent-Replayed: true`.",
                    "parameters": [
                        id_param("Mã đợt lấy ý kiến"),
                        {
                            "name": "Idempotency-Key", "in": "header", "required": false,
                            "description": "Khóa do máy khách tạo cho mỗi góp ý mới (ví dụ một UUID): 1 đến 255 ký tự ASCII nhìn thấy được.",
                            "schema": { "type": "string", "pattern": "^[!-~]{1,255}$" }
                        }
                    ],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewComment" } } }
                    },
                    "responses": {
                        "201": {
                            "description": "Đã nhận và lưu góp ý",
                            "headers": {
                                "Location": {
                                    "description": "Địa chỉ tra cứu góp ý theo mã biên nhận",
                                    "schema": { "type": "string" }
                                },
                                "Idempotent-Replayed": {
                                    "description": "`true` khi góp ý đã được lưu trước đó với cùng `Idempotency-Key`: không lưu thêm, trả lại biên nhận cũ",
                                    "schema": { "type": "string", "enum": ["true"] }
                                }
                            },
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Receipt" } } }
                        },
                        "400": error("Nội dung gửi lên không phải JSON hợp lệ hoặc không phải UTF-8 (code `invalid_json`)."),
                        "404": error("Không có đợt lấy ý kiến này (code `consultation_not_found`, hoặc `not_found` khi mã không phải số nguyên)."),
                        "409": error("Đợt lấy ý kiến chưa mở hoặc đã kết thúc (`consultation_closed`), hồ sơ đã được trình (`dossier_submitted`), hoặc chỉ dành cho cơ quan, tổ chức được mời (`not_invited`)."),
                        "413": error("Dữ liệu vượt quá dung lượng cho phép (code `body_too_large`)."),
                        "415": error("Content-Type không phải JSON (code `unsupported_media_type`)."),
                        "422": error("Góp ý không được nhận: `invalid_json` (thiếu trường, thừa trường hoặc sai kiểu), `comment_empty`, `comment_too_long`, `quote_too_long`, `name_too_long`, `email_too_long`, `email_invalid`, `provision_not_in_consultation`, `version_not_in_consultation`, `version_required` (đợt lấy ý kiến gồm nhiều dự thảo mà góp ý không nêu `provision_id` hay `version_id`); hoặc góp ý không đăng nhập thiếu lời giải thử thách khi đợt lấy ý kiến yêu cầu (`challenge_required`, `challenge_invalid`, `challenge_expired`, `challenge_reused`); hoặc `Idempotency-Key` không hợp lệ (`submission_key_invalid`) hay đã dùng cho một góp ý khác (`submission_key_reused`)."),
                        "429": {
                            "description": "Vượt giới hạn số góp ý mỗi phút của đợt lấy ý kiến, tính theo tài khoản hoặc theo địa chỉ khi không đăng nhập (code `rate_limited`).",
                            "headers": {
                                "Retry-After": { "description": "Số giây cần chờ", "schema": { "type": "string" } }
                            },
                            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                        },
                        "500": internal
                    }
                }
            },
            "/consultations/{id}/challenge": {
                "get": {
                    "operationId": "getChallenge",
                    "summary": "Thử thách chống gửi tự động cho góp ý không đăng nhập",
                    "description": "Khi `required` là true, góp ý không đăng nhập gửi kèm `challenge_token` (là `token`) và `challenge_nonce`: một số nguyên thập phân (tối đa 20 chữ số) sao cho SHA-256 của chuỗi `prefix:nonce` bắt đầu bằng `bits` bit 0. Mỗi thử thách dùng một lần, trước `expires_at`. Người đã đăng nhập không cần.",
                    "parameters": [id_param("Mã đợt lấy ý kiến")],
                    "responses": {
                        "200": ok("Thử thách, hoặc không cần", json!({ "$ref": "#/components/schemas/Challenge" })),
                        "404": error("Không có đợt lấy ý kiến này (code `consultation_not_found`, hoặc `not_found` khi mã không phải số nguyên)."),
                        "500": internal
                    }
                }
            },
            "/comments/{receipt}": {
                "get": {
                    "operationId": "getCommentByReceipt",
                    "summary": "Tra cứu góp ý theo mã biên nhận",
                    "parameters": [{
                        "name": "receipt", "in": "path", "required": true,
                        "description": "Mã biên nhận, ví dụ DT-7K3M-9QXA; không phân biệt chữ hoa, chữ thường.",
                        "schema": { "type": "string" }
                    }],
                    "responses": {
                        "200": ok("Góp ý", json!({ "$ref": "#/components/schemas/Comment" })),
                        "404": error("Mã biên nhận sai dạng hoặc không có góp ý nào mang mã này (code `not_found`)."),
                        "500": internal
                    }
                }
            },
            "/consultations/{id}/letters/split": {
                "post": {
                    "operationId": "splitLetter",
                    "summary": "Tách công văn góp ý thành các ý kiến và đề xuất điều khoản được góp ý",
                    "description": "Chưa ghi nhận gì: trả về đề xuất để người gửi kiểm tra, sửa rồi gửi tới `/consultations/{id}/letters`. Văn bản mã TCVN3 hoặc VNI được chuyển sang Unicode. Trích dẫn điều khoản không có trong dự thảo nằm ở `unresolved`, trích dẫn văn bản khác ở `external`. Dành cho biên tập viên và đại diện cơ quan, tổ chức (cookie phiên).",
                    "parameters": [id_param("Mã đợt lấy ý kiến")],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/LetterText" } } }
                    },
                    "responses": {
                        "200": ok("Đề xuất tách và gắn điều khoản", json!({ "$ref": "#/components/schemas/LetterProposal" })),
                        "400": error("Không phải JSON hợp lệ (`invalid_json`)."),
                        "401": error("Chưa đăng nhập (`sign_in_required`)."),
                        "403": error("Không phải biên tập viên hay đại diện cơ quan, tổ chức (`forbidden`)."),
                        "404": error("Không có đợt lấy ý kiến này (`not_found`)."),
                        "413": error("Dữ liệu quá lớn (`body_too_large`)."),
                        "415": error("Content-Type không phải JSON (`unsupported_media_type`)."),
                        "422": error("`invalid_json`, `empty_letter`, `version_not_in_consultation`, `too_many_units` (công văn tách ra hơn 1.000 ý kiến)."),
                        "500": internal
                    }
                }
            },
            "/consultations/{id}/letters": {
                "post": {
                    "operationId": "recordLetter",
                    "summary": "Ghi nhận các ý kiến của công văn đã kiểm tra",
                    "description": "Mỗi ý kiến thành một góp ý kênh công văn, tính cho cơ quan, tổ chức; không nêu `provision_id` là góp ý chung. Biên tập viên phải nêu `organisation_id`; đại diện chỉ gửi cho cơ quan, tổ chức của mình. Mọi ý kiến được kiểm tra trước khi ghi: nếu một ý kiến bị từ chối, thông báo nêu số thứ tự của nó và không có ý kiến nào của công văn được ghi nhận. Tối đa 1.000 ý kiến một lần.",
                    "parameters": [id_param("Mã đợt lấy ý kiến")],
                    "requestBody": {
                        "required": true,
                        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Letter" } } }
                    },
                    "responses": {
                        "201": ok("Đã ghi nhận", json!({ "$ref": "#/components/schemas/Recorded" })),
                        "400": error("Không phải JSON hợp lệ (`invalid_json`)."),
                        "401": error("Chưa đăng nhập (`sign_in_required`)."),
                        "403": error("Không có quyền gửi công văn cho cơ quan, tổ chức này (`forbidden`)."),
                        "404": error("Không có đợt lấy ý kiến này (`not_found`)."),
                        "409": error("Hồ sơ của đợt lấy ý kiến đã được trình (`dossier_submitted`)."),
                        "413": error("Dữ liệu quá lớn (`body_too_large`)."),
                        "415": error("Content-Type không phải JSON (`unsupported_media_type`)."),
                        "422": error("`invalid_json`, `no_organisation`, `version_not_in_consultation`, `nothing_selected`, `too_many_units`, hoặc lý do từ chối một ý kiến (`comment_empty`, `consultation_closed`…)."),
                        "500": internal
                    }
                }
            },
            "/consultations/{id}/imports": {
                "post": {
                    "operationId": "importComments",
                    "summary": "Nhập góp ý hàng loạt từ tệp CSV hoặc XLSX (theo mẫu /import/template.csv, /import/template.xlsx)",
                    "description": "Thân yêu cầu là nội dung tệp. Mọi dòng được ghi trong một giao dịch. `mode=all` (mặc định): có lỗi thì không ghi dòng nào (422, kèm danh sách lỗi theo dòng, cột, lý do); `mode=skip`: ghi các dòng đúng, liệt kê các dòng lỗi. Dành cho biên tập viên.",
                    "parameters": [
                        id_param("Mã đợt lấy ý kiến"),
                        { "name": "version_id", "in": "query", "required": true, "schema": { "type": "integer", "format": "int64" } },
                        { "name": "mode", "in": "query", "required": false, "schema": { "type": "string", "enum": ["all", "skip"], "default": "all" } },
                        { "name": "file_name", "in": "query", "required": false, "description": "Tên tệp, dùng trong thông báo", "schema": { "type": "string" } }
                    ],
                    "requestBody": {
                        "required": true,
                        "content": {
                            "text/csv": { "schema": { "type": "string" } },
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { "schema": { "type": "string", "format": "binary" } }
                        }
                    },
                    "responses": {
                        "200": ok("Không có dòng nào để ghi", json!({ "$ref": "#/components/schemas/ImportResult" })),
                        "201": ok("Đã ghi các dòng", json!({ "$ref": "#/components/schemas/ImportResult" })),
                        "401": error("Chưa đăng nhập (`sign_in_required`)."),
                        "403": error("Không phải biên tập viên (`forbidden`)."),
                        "404": error("Không có đợt lấy ý kiến này (`not_found`)."),
                        "413": error("Tệp quá lớn (`body_too_large`)."),
                        "422": {
                            "description": "Tệp có lỗi và mode=all: không dòng nào được ghi (ImportResult); hoặc tệp không đọc được, thiếu version_id, mode sai (Error: `import_empty`, `no_version`, `invalid_mode`, `version_not_in_consultation`, mã lỗi đọc tệp).",
                            "content": { "application/json": { "schema": { "oneOf": [
                                { "$ref": "#/components/schemas/ImportResult" },
                                { "$ref": "#/components/schemas/Error" }
                            ] } } }
                        },
                        "500": internal
                    }
                }
            },
            "/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Tìm góp ý và điều khoản (dành cho biên tập viên)",
                    "description": "Tìm không phân biệt dấu và chữ hoa (\"dieu 5\" tìm thấy \"Điều 5\"); cụm từ trong ngoặc kép phải đứng liền nhau. Mọi ký tự khác (`*`, `-`, `NEAR`…) chỉ là chữ thường. Câu tìm kiếm dài chỉ tính 32 từ đầu (`truncated`). Từ dài hơn 40 ký tự bị bỏ qua (`too_long_words`). Địa chỉ (URL) dài hơn 64 KiB bị máy chủ HTTP từ chối với mã 414, không kèm nội dung. Kết quả xếp theo mức độ phù hợp (BM25). Cần đăng nhập với vai trò biên tập viên (cookie phiên).",
                    "parameters": [
                        { "name": "q", "in": "query", "required": true, "description": "Từ cần tìm", "schema": { "type": "string" } },
                        { "name": "consultation", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 1 } },
                        { "name": "draft", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 1 } },
                        { "name": "provision", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 1 } },
                        { "name": "organisation", "in": "query", "required": false, "schema": { "type": "integer", "format": "int64", "minimum": 1 } },
                        { "name": "channel", "in": "query", "required": false, "schema": { "type": "string", "enum": ["web", "api", "letter", "import", "conference"] } },
                        { "name": "from", "in": "query", "required": false, "description": "Từ ngày (giờ Việt Nam)", "schema": { "type": "string", "format": "date" } },
                        { "name": "until", "in": "query", "required": false, "description": "Đến hết ngày (giờ Việt Nam)", "schema": { "type": "string", "format": "date" } },
                        { "name": "limit", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } },
                        { "name": "offset", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 0 } }
                    ],
                    "responses": {
                        "200": ok("Kết quả", json!({ "$ref": "#/components/schemas/SearchResult" })),
                        "401": error("Chưa đăng nhập (code `sign_in_required`)."),
                        "403": error("Tài khoản không có vai trò biên tập viên (code `forbidden`)."),
                        "422": error("Câu tìm kiếm không có chữ hoặc số (`empty_query`) hoặc chỉ có từ dài hơn 40 ký tự (`word_too_long`), bộ lọc sai (`invalid_filter`), hoặc tham số không đọc được (`invalid_query_string`)."),
                        "500": internal
                    }
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "Tài liệu OpenAPI này",
                    "responses": {
                        "200": ok("Tài liệu OpenAPI 3.1", json!({ "type": "object" }))
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "LetterText": {
                    "type": "object",
                    "required": ["version_id", "text"],
                    "additionalProperties": false,
                    "properties": {
                        "version_id": { "type": "integer", "format": "int64" },
                        "text": { "type": "string", "description": "Toàn văn công văn" }
                    }
                },
                "LetterProposal": {
                    "type": "object",
                    "required": ["reference", "subject", "warnings", "units"],
                    "additionalProperties": false,
                    "properties": {
                        "reference": nullable_string,
                        "subject": nullable_string,
                        "warnings": { "type": "array", "items": { "type": "string" } },
                        "units": { "type": "array", "items": {
                            "type": "object",
                            "required": ["text", "provision_id", "cited", "unresolved", "external"],
                            "additionalProperties": false,
                            "properties": {
                                "text": { "type": "string" },
                                "provision_id": { "type": ["integer", "null"], "format": "int64" },
                                "cited": { "type": "array", "items": { "type": "string" } },
                                "unresolved": { "type": "array", "items": { "type": "string" } },
                                "external": { "type": "array", "items": { "type": "string" } }
                            }
                        } }
                    }
                },
                "Letter": {
                    "type": "object",
                    "required": ["version_id", "units"],
                    "additionalProperties": false,
                    "properties": {
                        "version_id": { "type": "integer", "format": "int64" },
                        "organisation_id": { "type": ["integer", "null"], "format": "int64" },
                        "units": { "type": "array", "items": {
                            "type": "object",
                            "required": ["text"],
                            "additionalProperties": false,
                            "properties": {
                                "text": { "type": "string" },
                                "provision_id": { "type": ["integer", "null"], "format": "int64" }
                            }
                        } }
                    }
                },
                "Recorded": {
                    "type": "object",
                    "required": ["receipts"],
                    "additionalProperties": false,
                    "properties": { "receipts": { "type": "array", "items": { "type": "string" } } }
                },
                "ImportResult": {
                    "type": "object",
                    "required": ["stored", "refused_whole", "total_rows", "errors", "notes", "receipts"],
                    "additionalProperties": false,
                    "properties": {
                        "stored": { "type": "integer", "minimum": 0 },
                        "refused_whole": { "type": "boolean" },
                        "total_rows": { "type": "integer", "minimum": 0 },
                        "errors": { "type": "array", "items": {
                            "type": "object",
                            "required": ["row", "column", "reason"],
                            "additionalProperties": false,
                            "properties": {
                                "row": { "type": "integer", "minimum": 1 },
                                "column": { "type": "string" },
                                "reason": { "type": "string" }
                            }
                        } },
                        "notes": { "type": "array", "items": { "type": "string" } },
                        "receipts": { "type": "array", "items": { "type": "string" } }
                    }
                },
                "SearchResult": {
                    "type": "object",
                    "required": ["total", "took_ms", "words", "truncated", "too_long_words", "indexed_through", "catching_up", "comments", "provisions"],
                    "additionalProperties": false,
                    "properties": {
                        "total": { "type": "integer", "minimum": 0, "description": "Số góp ý khớp" },
                        "took_ms": { "type": "number" },
                        "words": { "type": "array", "items": { "type": "string" }, "description": "Các từ đã tìm (bỏ dấu, chữ thường)" },
                        "truncated": { "type": "boolean" },
                        "too_long_words": { "type": "integer", "minimum": 0, "description": "Số từ dài hơn 40 ký tự bị bỏ qua (chỉ mục không có từ nào dài như vậy)" },
                        "indexed_through": { "type": "integer", "format": "int64", "description": "Chỉ mục đã có mọi góp ý đến mã này" },
                        "catching_up": { "type": "boolean", "description": "Chỉ mục đang cập nhật; góp ý mới nhất có thể chưa có" },
                        "comments": { "type": "array", "items": { "$ref": "#/components/schemas/SearchComment" } },
                        "provisions": { "type": "array", "items": { "$ref": "#/components/schemas/SearchProvision" } }
                    }
                },
                "SearchComment": {
                    "type": "object",
                    "required": ["id", "receipt", "score", "received_at", "draft_id", "draft_title", "provision_id", "provision_label", "organisation", "channel", "text", "excerpt"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "receipt": { "type": "string" },
                        "score": { "type": "number" },
                        "received_at": { "type": "string", "format": "date-time" },
                        "draft_id": { "type": "integer", "format": "int64" },
                        "draft_title": { "type": "string" },
                        "provision_id": { "type": ["integer", "null"], "format": "int64" },
                        "provision_label": nullable_string,
                        "organisation": nullable_string,
                        "channel": { "type": "string" },
                        "text": { "type": "string" },
                        "excerpt": { "$ref": "#/components/schemas/Excerpt" }
                    }
                },
                "SearchProvision": {
                    "type": "object",
                    "required": ["id", "draft_id", "draft_title", "label", "excerpt"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "draft_id": { "type": "integer", "format": "int64" },
                        "draft_title": { "type": "string" },
                        "label": { "type": "string" },
                        "excerpt": { "$ref": "#/components/schemas/Excerpt" }
                    }
                },
                "Excerpt": {
                    "type": "array",
                    "description": "Đoạn trích, chia thành các phần; `mark` là từ khớp với câu tìm kiếm",
                    "items": {
                        "type": "object",
                        "required": ["text", "mark"],
                        "additionalProperties": false,
                        "properties": { "text": { "type": "string" }, "mark": { "type": "boolean" } }
                    }
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "additionalProperties": false,
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "additionalProperties": false,
                            "properties": {
                                "code": { "type": "string", "description": "Mã lỗi ổn định, dành cho chương trình" },
                                "message": { "type": "string", "description": "Thông báo tiếng Việt, dành cho người đọc" }
                            }
                        }
                    }
                },
                "Dossier": {
                    "type": "object",
                    "required": ["id", "title", "summary", "drafting_org", "approving_body", "keywords", "drafts", "consultations"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "title": { "type": "string" },
                        "summary": { "type": "string" },
                        "drafting_org": { "type": "string", "description": "Cơ quan chủ trì soạn thảo" },
                        "approving_body": { "type": "string", "description": "Cấp có thẩm quyền ban hành" },
                        "keywords": { "type": "array", "items": { "type": "string" } },
                        "drafts": { "type": "array", "items": { "$ref": "#/components/schemas/DraftSummary" } },
                        "consultations": { "type": "array", "items": { "$ref": "#/components/schemas/Consultation" } }
                    }
                },
                "DraftSummary": {
                    "type": "object",
                    "required": ["id", "kind", "title", "views"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "kind": {
                            "type": "string",
                            "description": "Loại văn bản: to_trinh, de_an, bao_cao, quy_dinh, nghi_dinh, thong_tu, luat, ket_luan, other"
                        },
                        "title": { "type": "string" },
                        "views": { "type": "integer", "format": "int64", "minimum": 0 }
                    }
                },
                "Consultation": {
                    "type": "object",
                    "required": ["id", "title", "opens_at", "closes_at", "audience", "open"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "title": { "type": "string" },
                        "opens_at": { "type": "string", "format": "date-time" },
                        "closes_at": { "type": "string", "format": "date-time" },
                        "audience": { "type": "string", "enum": ["public", "invited", "both"] },
                        "open": { "type": "boolean", "description": "Đang trong thời gian nhận góp ý" }
                    }
                },
                "ProvisionTree": {
                    "type": "object",
                    "required": ["draft_id", "version_id", "version_number", "provisions"],
                    "additionalProperties": false,
                    "properties": {
                        "draft_id": { "type": "integer", "format": "int64" },
                        "version_id": { "type": "integer", "format": "int64" },
                        "version_number": { "type": "integer", "format": "int64", "minimum": 1 },
                        "provisions": { "type": "array", "items": { "$ref": "#/components/schemas/Provision" } }
                    }
                },
                "Provision": {
                    "type": "object",
                    "required": ["id", "kind", "label", "number", "heading", "text", "comment_count", "children"],
                    "additionalProperties": false,
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "kind": { "type": "string", "description": "part, chapter, section, article, clause, point…" },
                        "label": { "type": "string", "description": "Nhãn như \"Điều 1\", \"Khoản 2\"" },
                        "number": { "type": "string" },
                        "heading": nullable_string,
                        "text": { "type": "string" },
                        "comment_count": { "type": "integer", "format": "int64", "minimum": 0 },
                        "children": { "type": "array", "items": { "$ref": "#/components/schemas/Provision" } }
                    }
                },
                "NewComment": {
                    "type": "object",
                    "required": ["text"],
                    "additionalProperties": false,
                    "properties": {
                        "provision_id": {
                            "type": ["integer", "null"], "format": "int64",
                            "description": "Điều khoản được góp ý; bỏ trống là góp ý chung cho dự thảo"
                        },
                        "version_id": {
                            "type": ["integer", "null"], "format": "int64",
                            "description": "Phiên bản dự thảo được góp ý"
                        },
                        "text": {
                            "type": "string", "maxLength": MAX_COMMENT_CHARS,
                            // At least one character that is not blank: whitespace,
                            // control characters, zero-width space and BOM are removed.
                            "pattern": "[^\\s\\x00-\\x1f\\x7f-\\x9f\\u200b\\ufeff]",
                            "description": "Nội dung góp ý; không được để trống"
                        },
                        "quote": { "type": ["string", "null"], "maxLength": MAX_QUOTE_CHARS },
                        "author_name": { "type": ["string", "null"], "maxLength": MAX_NAME_CHARS },
                        "author_email": { "type": ["string", "null"], "maxLength": MAX_NAME_CHARS },
                        "name_public": {
                            "type": "boolean",
                            "description": "Cho phép công khai họ tên trong báo cáo tổng hợp công bố (mặc định: không)"
                        },
                        "challenge_token": {
                            "type": ["string", "null"],
                            "description": "Thử thách nhận từ /consultations/{id}/challenge, khi được yêu cầu"
                        },
                        "challenge_nonce": { "type": ["string", "null"], "description": "Lời giải của thử thách" }
                    }
                },
                "Challenge": {
                    "type": "object",
                    "required": ["required", "token", "prefix", "bits", "expires_at"],
                    "additionalProperties": false,
                    "properties": {
                        "required": { "type": "boolean" },
                        "token": nullable_string,
                        "prefix": nullable_string,
                        "bits": { "type": ["integer", "null"], "minimum": 0 },
                        "expires_at": { "type": ["string", "null"], "format": "date-time" }
                    }
                },
                "Receipt": {
                    "type": "object",
                    "required": ["receipt", "id", "received_at"],
                    "additionalProperties": false,
                    "properties": {
                        "receipt": { "type": "string", "pattern": "^DT-[2-9A-HJKMNP-TW-Y]{4}-[2-9A-HJKMNP-TW-Y]{4}$" },
                        "id": { "type": "integer", "format": "int64" },
                        "received_at": { "type": "string", "format": "date-time" }
                    }
                },
                "Comment": {
                    "type": "object",
                    "required": ["receipt", "received_at", "draft_id", "draft_title", "provision_label", "text", "quote", "author_name", "organisation", "channel"],
                    "additionalProperties": false,
                    "properties": {
                        "receipt": { "type": "string", "pattern": "^DT-[2-9A-HJKMNP-TW-Y]{4}-[2-9A-HJKMNP-TW-Y]{4}$" },
                        "received_at": { "type": "string", "format": "date-time" },
                        "draft_id": { "type": "integer", "format": "int64" },
                        "draft_title": { "type": "string" },
                        "provision_label": { "type": ["string", "null"], "description": "null: góp ý chung cho toàn bộ dự thảo" },
                        "text": { "type": "string" },
                        "quote": nullable_string,
                        "author_name": nullable_string,
                        "organisation": { "type": ["string", "null"], "description": "Cơ quan, tổ chức mà góp ý được tính cho" },
                        "channel": { "type": "string", "enum": ["web", "api", "letter", "import", "conference"] }
                    }
                }
            }
        }
    });
    if let (Some(paths), Value::Object(catalog)) = (document["paths"].as_object_mut(), catalog_paths()) {
        paths.extend(catalog);
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(body: &str) -> serde_json::Error {
        match serde_json::from_str::<NewCommentJson>(body) {
            Err(e) => e,
            Ok(parsed) => panic!("expected a parse error for {body}, got {parsed:?}"),
        }
    }

    #[test]
    fn json_errors_are_explained_in_vietnamese_with_the_field() {
        let message = |body: &str| json_error_message(&parse_error(body), body.as_bytes());
        assert_eq!(message("{}"), "Thiếu trường bắt buộc «text» trong dữ liệu JSON.");
        assert!(message(r#"{"text":"Đề nghị","body":"x"}"#).starts_with("Trường «body» không được hỗ trợ"));
        assert_eq!(
            message(r#"{"text":5}"#),
            "Trường «text» sai kiểu: cần văn bản trong dấu ngoặc kép (dòng 1, cột 9)."
        );
        assert!(
            message("{\n  \"text\": \"Ý kiến\",\n  \"provision_id\" : \"847\"\n}")
                .starts_with("Trường «provision_id» sai kiểu: cần một số nguyên")
        );
        assert!(message(r#"{"text":null}"#).starts_with("Trường «text» sai kiểu"));
        assert!(message(r#"{"text":"a","quote":{"x":1}}"#).starts_with("Trường «quote» sai kiểu"));
        // Only the value may stand between the name and the error.
        assert_eq!(field_before(br#"{"units":[{"text":"a"},"b"]}"#, 1, 27), None);
        assert!(
            message(r#"{"text":"Đề nghị sửa Điều 5","provision_id":"847"}"#)
                .starts_with("Trường «provision_id» sai kiểu"),
            "serde_json counts columns in bytes"
        );
        assert!(message(r#"{"text":"a","text":"b"}"#).starts_with("Trường «text» xuất hiện hơn một lần"));
        assert!(message(r#"{"text":"Đề nghị""#).contains("bị cắt cụt"));
        assert_eq!(
            message("{text}"),
            "Dữ liệu gửi lên không phải JSON hợp lệ (dòng 1, cột 2): tên trường phải đặt trong dấu ngoặc kép."
        );
        for (body, said) in [
            (r#"{"text":"a" "quote":"b"}"#, "thiếu dấu phẩy giữa hai trường"),
            (r#"{"text":"a",}"#, "thừa dấu phẩy trước dấu }"),
            (r#"{"text":"a","name_public":tru}"#, "viết sai true, false hoặc null"),
            (r#"{"text" "a"}"#, "thiếu dấu hai chấm"),
            (r#"{"text":Đề nghị}"#, "văn bản chưa đặt trong dấu ngoặc kép"),
            (r#"{"text":"a"} x"#, "có nội dung thừa"),
            ("{\"text\":\"dòng 1\ndòng 2\"}", "phải viết là \\n"),
            (r#"{"text":"a\q"}"#, "ký tự sau dấu \\"),
            (r#"{"text":"a","provision_id":1e999}"#, "số quá lớn"),
        ] {
            assert!(message(body).contains(said), "{body}: {}", message(body));
        }
        let latin1 = b"{\"text\":\"\xd0i\xeau 5\"}";
        let e = serde_json::from_slice::<NewCommentJson>(latin1).expect_err("not UTF-8");
        assert_eq!(json_error_message(&e, latin1), "Dữ liệu gửi lên không phải văn bản UTF-8 (byte thứ 10).");
    }

    #[test]
    fn json_media_types_are_recognised() {
        assert!(is_json_media_type("application/json"));
        assert!(is_json_media_type("Application/JSON; charset=utf-8"));
        assert!(is_json_media_type("application/merge-patch+json"));
        assert!(!is_json_media_type("text/plain"));
        assert!(!is_json_media_type("application/x-www-form-urlencoded"));
    }

    fn row(id: i64, parent_id: Option<i64>, position: i64) -> drafts::ProvisionRow {
        drafts::ProvisionRow {
            id,
            version_id: 1,
            parent_id,
            kind: "article".into(),
            label: format!("Điều {id}"),
            number: id.to_string(),
            heading: None,
            body: String::new(),
            position,
            depth: 0,
            source_line: 1,
        }
    }

    #[test]
    fn provisions_nest_under_their_parents_in_order_and_orphans_surface() {
        let rows = vec![
            row(1, None, 0),
            row(2, Some(1), 1),
            row(3, Some(2), 2),
            row(4, Some(1), 3),
            row(5, Some(99), 4),
        ];
        let counts = HashMap::from([(Some(3), 2), (None, 7)]);
        let tree = provision_tree(rows, &counts);
        let shape: Vec<(i64, Vec<i64>)> =
            tree.iter().map(|p| (p.id, p.children.iter().map(|c| c.id).collect())).collect();
        assert_eq!(shape, vec![(1, vec![2, 4]), (5, vec![])]);
        assert_eq!(tree[0].children[0].children[0].comment_count, 2);
        assert_eq!(tree[0].comment_count, 0);
    }

    #[test]
    fn timestamps_are_in_vietnam_time() {
        // 2021-06-24 00:00 UTC is 07:00 in Hà Nội.
        assert_eq!(rfc3339(1_624_492_800_000).ok().as_deref(), Some("2021-06-24T07:00:00+07:00"));
    }
}
