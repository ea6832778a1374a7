//! Comment letters (công văn góp ý): an organisation's representative or an editor
//! uploads the letter; Duthao splits it into comment units and anchors each to the
//! provisions it cites; the person checks and corrects the proposal; only then do the
//! units become comments (channel "công văn"), counted for the organisation.
//!
//! The proposal is not stored: the preview page carries every unit in its form, so
//! nothing is half-imported if the person walks away.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use duthao_structure::letter::LetterWarning;

use super::Path;
use super::auth::{AuthSession, User, require_user};
use super::editor::read_upload_in;
use super::limits::{VForm, VMultipart};
use super::{AppError, AppState, Chrome};
use crate::domain::{Channel, Role};
use crate::drafting::CitationIndex;
use crate::i18n::{Arg, Lang, ToArg};
use crate::intake::import::Notice;
use crate::intake::{Commenter, Submission};
use crate::storage::{consultations, drafts, now_ms, organisations};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/consultations/{id}/letters/new", get(new_letter))
        .route("/consultations/{id}/letters/preview", post(preview))
        .route("/consultations/{id}/letters", post(confirm))
}

/// Editors file letters for any organisation; a representative for their own.
fn uploader(auth: &AuthSession, chrome: &Chrome) -> Result<(User, Option<i64>), AppError> {
    let user = require_user(auth, &chrome.path)?;
    if user.has(Role::Editor) {
        Ok((user, None))
    } else if let Some(org) = user.represents_organisation() {
        Ok((user, Some(org)))
    } else {
        Err(AppError::Forbidden)
    }
}

/// An option of a select: an id and what people read.
pub(super) struct Choice {
    pub id: i64,
    pub label: String,
}

/// The versions a consultation covers, for choosing which draft a letter or an
/// import is about.
pub(super) async fn version_choices(
    state: &AppState,
    consultation_id: i64,
    lang: Lang,
) -> Result<Vec<Choice>, AppError> {
    let mut out = Vec::new();
    for id in consultations::version_ids(&state.db.pool, consultation_id).await? {
        let version = drafts::get_version(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
        let draft = drafts::get_draft(&state.db.pool, version.draft_id).await?.ok_or(AppError::NotFound)?;
        let label = lang
            .t_args("adm-version-choice", &[("title", &draft.title), ("count", &version.number.to_string())]);
        out.push(Choice { id, label });
    }
    Ok(out)
}

#[derive(Template, WebTemplate)]
#[template(path = "letters/new.html")]
struct NewLetterPage {
    chrome: Chrome,
    consultation: consultations::ConsultationRow,
    versions: Vec<Choice>,
    organisations: Vec<Choice>,
    own_organisation: Option<String>,
}

async fn new_letter(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
) -> Result<NewLetterPage, AppError> {
    let (user, own) = uploader(&auth, &chrome)?;
    let consultation = consultations::get(&state.db.pool, id).await?.ok_or(AppError::NotFound)?;
    let organisations = match own {
        Some(_) => Vec::new(),
        None => {
            let invited = consultations::invitations(&state.db.pool, id).await?;
            let mut list: Vec<Choice> = invited
                .into_iter()
                .map(|i| Choice { id: i.organisation_id, label: i.organisation_name })
                .collect();
            if list.is_empty() {
                let all = organisations::list(&state.db.pool).await?;
                list = all.into_iter().map(|o| Choice { id: o.id, label: o.name }).collect();
            }
            list
        }
    };
    Ok(NewLetterPage {
        versions: version_choices(&state, id, chrome.lang).await?,
        chrome,
        consultation,
        organisations,
        own_organisation: own.and(user.organisation_name),
    })
}

/// One unit of the proposed split, as the preview shows it.
pub(super) struct UnitView {
    pub index: usize,
    pub text: String,
    /// The provision proposed as anchor; 0 = none (a general comment).
    pub proposed: i64,
    /// Labels of the draft's provisions it cites.
    pub cited: Vec<String>,
    /// Citations of provisions the draft does not have.
    pub unresolved: Vec<String>,
    /// Citations of other documents.
    pub external: Vec<String>,
}

/// A letter split into units with proposed anchors.
pub(super) struct Proposal {
    pub reference: Option<String>,
    pub subject: Option<String>,
    pub units: Vec<UnitView>,
    /// In Vietnamese (the API).
    pub warnings: Vec<String>,
    /// The warnings, to be said in the reader's language.
    pub notices: Vec<Notice>,
    pub provisions: Vec<drafts::ProvisionRow>,
}

/// Splits `text` into comment units and anchors each to the first provision of
/// `version_id` it cites.
/// A letter that splits into more than [`MAX_LETTER_UNITS`] is refused in `lang`.
pub(super) async fn propose(
    state: &AppState,
    lang: Lang,
    version_id: i64,
    text: &str,
) -> Result<Proposal, AppError> {
    let letter = duthao_structure::split_letter(text);
    if letter.units.len() > MAX_LETTER_UNITS {
        return Err(too_many_units(lang, letter.units.len()));
    }
    let rows = drafts::provisions(&state.db.pool, version_id).await?;
    let index = CitationIndex::new(&rows);
    let mut notices: Vec<Notice> = letter.warnings.iter().map(warning_notice).collect();
    let units: Vec<UnitView> = letter
        .units
        .iter()
        .enumerate()
        .map(|(index_in_letter, unit)| {
            let mut cited = Vec::new();
            let mut unresolved = Vec::new();
            let mut proposed = 0;
            for citation in &unit.citations {
                let shown = citation.path.to_string();
                match citation.anchor().and_then(|path| index.resolve(&path)) {
                    Some((id, label)) => {
                        if proposed == 0 {
                            proposed = id;
                        }
                        cited.push(label);
                    }
                    None => unresolved.push(shown),
                }
            }
            UnitView {
                index: index_in_letter,
                text: unit.text.clone(),
                proposed,
                cited,
                unresolved,
                external: unit.external.iter().map(|c| c.text.clone()).collect(),
            }
        })
        .collect();
    if units.is_empty() {
        notices.push(Notice::new("adm-preview-no-units"));
    }
    let warnings = notices.iter().map(ToString::to_string).collect();
    Ok(Proposal {
        reference: letter.reference,
        subject: letter.subject,
        units,
        warnings,
        notices,
        provisions: rows,
    })
}

/// What the editor should check in a letter, to be said in their language.
fn warning_notice(warning: &LetterWarning) -> Notice {
    match warning {
        LetterWarning::NothingFound => Notice::new("adm-letter-warning-nothing-found"),
        LetterWarning::UnclearCitation { line, citation } => {
            Notice::new("adm-letter-warning-unclear").plain("row", line).vietnamese("value", citation)
        }
        LetterWarning::NoArticle { line, citation } => {
            Notice::new("adm-letter-warning-no-article").plain("row", line).vietnamese("value", citation)
        }
    }
}

/// Records confirmed units as comments of `organisation_id`, in order, in one
/// transaction. Every unit passes intake's checks before any is stored: a refusal
/// names the unit, and nothing of the letter is recorded unless all of it is (in
/// Vietnamese: the API).
pub(super) async fn record(
    state: &AppState,
    user_id: i64,
    consultation_id: i64,
    organisation_id: i64,
    version_id: i64,
    units: &[(String, Option<i64>)],
) -> Result<Vec<(crate::domain::ReceiptCode, String)>, AppError> {
    record_in(state, Lang::Vi, user_id, consultation_id, organisation_id, version_id, units).await
}

/// The most units one letter may record (a letter of more is split into parts).
pub(super) const MAX_LETTER_UNITS: usize = 1_000;

/// [`record`], refusing in `lang` (the web form).
async fn record_in(
    state: &AppState,
    lang: Lang,
    user_id: i64,
    consultation_id: i64,
    organisation_id: i64,
    version_id: i64,
    units: &[(String, Option<i64>)],
) -> Result<Vec<(crate::domain::ReceiptCode, String)>, AppError> {
    if units.is_empty() {
        return Err(AppError::bad("nothing_selected", lang.t("adm-done-nothing-selected")));
    }
    if units.len() > MAX_LETTER_UNITS {
        return Err(too_many_units(lang, units.len()));
    }
    let now = now_ms();
    let commenter =
        Commenter { user_id: Some(user_id), organisation_id: Some(organisation_id), address: None };
    let mut checked = Vec::with_capacity(units.len());
    for (i, (text, provision_id)) in units.iter().enumerate() {
        let submission = Submission {
            consultation_id,
            version_id: Some(version_id),
            provision_id: *provision_id,
            body: text.clone(),
            ..Submission::default()
        };
        let comment = state.intake.check(submission, commenter, Channel::Letter, now).await.map_err(|e| {
            match AppError::from(e) {
                AppError::BadInput { code, message } | AppError::Conflict { code, message } => AppError::bad(
                    code,
                    lang.t_values(
                        "adm-done-unit-refused",
                        &[("row", Arg::Text((i + 1).to_string())), ("value", Arg::Text(message))],
                    ),
                ),
                other => other,
            }
        })?;
        checked.push(comment);
    }
    // Stored in one transaction: if storing fails, none of the letter is.
    let codes =
        state.intake.store_all(&checked, Channel::Letter).await.map_err(|e| e.into_app_error(lang))?;
    let receipts: Vec<_> =
        codes.into_iter().zip(units).map(|(code, (text, _))| (code, text.clone())).collect();
    tracing::info!(
        consultation.id = consultation_id,
        organisation.id = organisation_id,
        comments = receipts.len(),
        "comment letter recorded"
    );
    Ok(receipts)
}

/// A letter of more units than [`MAX_LETTER_UNITS`].
fn too_many_units(lang: Lang, count: usize) -> AppError {
    AppError::bad(
        "too_many_units",
        lang.t_values(
            "adm-letter-too-many-units",
            &[("count", count.to_arg()), ("max", MAX_LETTER_UNITS.to_arg())],
        ),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "letters/preview.html")]
struct PreviewPage {
    chrome: Chrome,
    consultation_id: i64,
    organisation_id: i64,
    organisation: String,
    version_id: i64,
    reference: String,
    subject: String,
    units: Vec<UnitView>,
    provisions: Vec<Choice>,
    warnings: Vec<Notice>,
}

/// The letter's text: DOCX paragraphs, or a text file in any encoding we know (UTF-8,
/// UTF-16 with a byte order mark, TCVN3, VNI, Windows-1252, or lines of several of
/// them), or what was pasted; legacy paragraphs converted. A PDF, an old Word file or
/// any other file that is not text is refused as such.
fn letter_text(file_name: &str, bytes: &[u8], pasted: &str, chrome: &Chrome) -> Result<String, AppError> {
    let raw = if !bytes.is_empty() {
        if crate::drafting::detect_format(file_name, bytes) == duthao_structure::Format::Docx {
            let limits = duthao_structure::DocxLimits {
                max_uncompressed_bytes: crate::drafting::MAX_DRAFT_BYTES,
                ..Default::default()
            };
            duthao_structure::docx_paragraphs(bytes, &limits)
                .map_err(|e| {
                    AppError::bad("bad_letter", chrome.t1("adm-letter-unreadable", "value", e.to_string()))
                })?
                .join("\n")
        } else {
            if let Some(kind) = crate::intake::import::not_text(bytes) {
                return Err(AppError::bad("bad_letter", chrome.t(kind.letter_message_key())));
            }
            crate::intake::import::decode_text_file(bytes).0
        }
    } else {
        pasted.to_owned()
    };
    let (text, _) = duthao_text::legacy::to_unicode_by_paragraph(&raw);
    let text = duthao_text::clean_input(&text);
    if text.trim().is_empty() {
        return Err(AppError::bad("empty_letter", chrome.t("adm-letter-empty")));
    }
    Ok(text)
}

async fn preview(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VMultipart(multipart): VMultipart,
) -> Result<PreviewPage, AppError> {
    let (_, own) = uploader(&auth, &chrome)?;
    let pool = &state.db.pool;
    consultations::get(pool, id).await?.ok_or(AppError::NotFound)?;
    let upload = read_upload_in(multipart, state.config.max_body_bytes, chrome.lang).await?;
    let organisation_id = match own {
        Some(org) => org,
        None => upload
            .field("organisation_id")
            .parse()
            .map_err(|_| AppError::bad("no_organisation", chrome.t("adm-letter-no-organisation")))?,
    };
    let organisation = organisations::get(pool, organisation_id)
        .await?
        .ok_or_else(|| AppError::bad("no_organisation", chrome.t("adm-letter-no-such-organisation")))?;
    let version_id: i64 = upload
        .field("version_id")
        .parse()
        .map_err(|_| AppError::bad("no_version", chrome.t("adm-letter-no-version")))?;
    if !consultations::covers_version(pool, id, version_id).await? {
        return Err(AppError::bad(
            "version_not_in_consultation",
            chrome.t("adm-version-not-in-consultation"),
        ));
    }
    let text = letter_text(&upload.file_name, &upload.bytes, upload.field("text"), &chrome)?;
    let proposal = propose(&state, chrome.lang, version_id, &text).await?;
    Ok(PreviewPage {
        chrome,
        consultation_id: id,
        organisation_id,
        organisation: organisation.name,
        version_id,
        reference: proposal.reference.unwrap_or_default(),
        subject: proposal.subject.unwrap_or_default(),
        units: proposal.units,
        provisions: proposal
            .provisions
            .iter()
            .map(|p| Choice {
                id: p.id,
                label: format!("{}{}", "— ".repeat(p.depth.clamp(0, 6) as usize), p.label),
            })
            .collect(),
        warnings: proposal.notices,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "letters/done.html")]
struct DonePage {
    chrome: Chrome,
    organisation: String,
    count: i64,
    receipts: Vec<(String, String)>,
}

async fn confirm(
    State(state): State<AppState>,
    chrome: Chrome,
    auth: AuthSession,
    Path(id): Path<i64>,
    VForm(fields): VForm<Vec<(String, String)>>,
) -> Result<DonePage, AppError> {
    let (user, own) = uploader(&auth, &chrome)?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str());
    let bad =
        |what: &str| AppError::bad("bad_letter_form", chrome.t1("adm-done-bad-form", "what", chrome.t(what)));
    let organisation_id: i64 =
        get("organisation_id").parse().map_err(|_| bad("adm-done-bad-organisation"))?;
    if own.is_some_and(|org| org != organisation_id) {
        return Err(AppError::Forbidden);
    }
    let organisation = organisations::get(&state.db.pool, organisation_id)
        .await?
        .ok_or_else(|| bad("adm-done-bad-organisation"))?;
    let version_id: i64 = get("version_id").parse().map_err(|_| bad("adm-done-bad-version"))?;
    let count: usize = get("count").parse().map_err(|_| bad("adm-done-bad-count"))?;
    if count > MAX_LETTER_UNITS {
        return Err(too_many_units(chrome.lang, count));
    }
    let mut units = Vec::new();
    for i in 0..count {
        if get(&format!("include_{i}")) != "1" {
            continue;
        }
        let provision_id = match get(&format!("provision_{i}")) {
            "" | "0" => None,
            v => Some(v.parse::<i64>().map_err(|_| bad("adm-done-bad-provision"))?),
        };
        units.push((get(&format!("text_{i}")).to_owned(), provision_id));
    }
    let receipts: Vec<(String, String)> =
        record_in(&state, chrome.lang, user.id, id, organisation_id, version_id, &units)
            .await?
            .into_iter()
            .map(|(code, text)| (code.to_string(), text.chars().take(160).collect()))
            .collect();
    Ok(DonePage { count: receipts.len() as i64, chrome, organisation: organisation.name, receipts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_warnings_read_as_the_splitter_says_them_and_in_english() {
        let letter = duthao_structure::split_letter(
            "Kính gửi: Bộ Nội vụ\n- Tại khoản 3: đề nghị bỏ.\n- Điểm b khoản này: đề nghị sửa.\n",
        );
        let mut warnings = letter.warnings.clone();
        warnings.push(LetterWarning::NothingFound);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        for warning in &warnings {
            assert_eq!(warning_notice(warning).to_string(), warning.to_string());
        }
        let en: Vec<String> = warnings.iter().map(|w| warning_notice(w).text(Lang::En)).collect();
        assert_eq!(
            en,
            [
                "Line 2: it is unclear which article “khoản 3” belongs to",
                "Line 3: it is not clear which article or clause of the draft “Điểm b khoản này” refers to",
                "No specific comment was found in the letter",
            ]
        );
    }
}
