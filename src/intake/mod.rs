//! Comment intake: the one path every comment takes into storage, whatever the channel.
//!
//! It checks the consultation is open, the audience admits the commenter, the provision
//! belongs to a consulted version, and the text is acceptable; then it hands the
//! comment to the group-commit [`writer`] and returns the receipt only after the
//! commit. Comments recorded in bulk by an editor (a letter's units, an import) are
//! stored in one transaction of their own ([`Intake::store_all`]), all or none.

pub mod challenge;
pub mod facts;
pub mod import;
pub mod keys;
pub mod limiter;
pub mod writer;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::domain::comment::{MAX_NAME_CHARS, MAX_QUOTE_CHARS, is_email_shaped, optional_field};
use crate::domain::moderation::{ChallengeMode, auto_flag};
use crate::domain::{Channel, CommentError, CommentText, ReceiptCode};
use crate::i18n::Lang;
use crate::storage::{self, Db, comments, consultations};
use challenge::{ChallengeError, Challenges};
use limiter::{LimitKey, Limiter};

/// A comment as submitted, before any check.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub consultation_id: i64,
    /// The version commented on; `None` = the only version the consultation covers
    /// (or the version of `provision_id`).
    pub version_id: Option<i64>,
    pub provision_id: Option<i64>,
    pub body: String,
    pub quote: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    /// The commenter agrees to their name being shown to the public.
    pub name_public: bool,
    /// A solved proof-of-work challenge ([`challenge`]), when one is asked for.
    pub challenge_token: Option<String>,
    pub challenge_nonce: Option<String>,
    /// The commenter's key for this submission ([`keys`]): the same key again is
    /// answered with the first comment's receipt.
    pub submission_key: Option<String>,
}

/// A comment taken: its id and receipt, when it was received, and whether it was
/// stored before under the same submission key (this request stored nothing).
#[derive(Debug, Clone)]
pub struct Submitted {
    pub id: i64,
    pub code: ReceiptCode,
    pub received_at: i64,
    pub replayed: bool,
}

/// Who submits: anonymous, a signed-in person, or an organisation's representative.
#[derive(Debug, Clone, Copy, Default)]
pub struct Commenter {
    pub user_id: Option<i64>,
    /// Set when the user represents an organisation: the comment counts for it.
    pub organisation_id: Option<i64>,
    /// The client's address, for the anonymous rate limit.
    pub address: Option<IpAddr>,
}

/// Why a comment was not taken. Each has a stable code and a message in the reader's
/// language ([`IntakeError::message`]; `Display` in Vietnamese, as the API speaks).
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    NoConsultation,
    Closed,
    NotInvited,
    ForeignProvision,
    ForeignVersion,
    /// The consultation covers several drafts and the comment names neither a
    /// provision nor a version.
    VersionRequired,
    /// Seconds to wait.
    RateLimited(u64),
    Challenge(#[from] ChallengeError),
    Text(#[from] CommentError),
    /// The submission key is empty, too long or not visible ASCII.
    KeyInvalid,
    /// The submission key was used for another comment on the consultation.
    KeyReused,
    /// The consultation's dossier was submitted (its package is made) between the
    /// checks and the write.
    Submitted,
    Storage(storage::StorageError),
}

impl From<storage::StorageError> for IntakeError {
    fn from(e: storage::StorageError) -> Self {
        match e {
            storage::StorageError::Submitted(_) => Self::Submitted,
            e => Self::Storage(e),
        }
    }
}

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

impl IntakeError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoConsultation => "consultation_not_found",
            Self::Closed => "consultation_closed",
            Self::NotInvited => "not_invited",
            Self::ForeignProvision => "provision_not_in_consultation",
            Self::ForeignVersion => "version_not_in_consultation",
            Self::VersionRequired => "version_required",
            Self::RateLimited(_) => "rate_limited",
            Self::Challenge(e) => e.code(),
            Self::Text(e) => e.code(),
            Self::KeyInvalid => "submission_key_invalid",
            Self::KeyReused => "submission_key_reused",
            Self::Submitted => "dossier_submitted",
            Self::Storage(_) => "internal",
        }
    }

    /// What the commenter is told, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::NoConsultation => lang.t("pub-intake-no-consultation"),
            Self::Closed => lang.t("pub-intake-closed"),
            Self::NotInvited => lang.t("pub-intake-not-invited"),
            Self::ForeignProvision => lang.t("pub-intake-foreign-provision"),
            Self::ForeignVersion => lang.t("pub-intake-foreign-version"),
            Self::VersionRequired => lang.t("pub-intake-version-required"),
            Self::RateLimited(wait) => {
                lang.t_n("pub-intake-rate-limited", "count", i64::try_from(*wait).unwrap_or(i64::MAX))
            }
            Self::Challenge(e) => e.message(lang),
            Self::Text(e) => e.message(lang),
            Self::KeyInvalid => lang.t_n("pub-intake-key-invalid", "max", keys::MAX_KEY_LEN as i64),
            Self::KeyReused => lang.t("pub-intake-key-reused"),
            Self::Submitted => lang.t("pub-intake-submitted"),
            Self::Storage(e) => e.to_string(),
        }
    }

    /// The web layer's error, its message in `lang`.
    pub fn into_app_error(self, lang: Lang) -> crate::web::AppError {
        use crate::web::AppError;
        match self {
            Self::NoConsultation => AppError::NotFound,
            Self::Storage(s) => AppError::from(s),
            Self::Closed | Self::NotInvited | Self::Submitted => {
                AppError::conflict(self.code(), self.message(lang))
            }
            Self::RateLimited(wait) => AppError::TooMany { message: self.message(lang), retry_after: wait },
            other => AppError::bad(other.code(), other.message(lang)),
        }
    }
}

/// In Vietnamese, as the API speaks; web pages use [`IntakeError::into_app_error`].
impl From<IntakeError> for crate::web::AppError {
    fn from(e: IntakeError) -> Self {
        e.into_app_error(Lang::Vi)
    }
}

/// A submission's text fields, cleaned as they are stored.
struct Cleaned {
    body: String,
    quote: Option<String>,
    author_name: Option<String>,
    author_email: Option<String>,
}

impl Cleaned {
    fn of(submission: &Submission) -> Result<Self, IntakeError> {
        let body = CommentText::parse(&submission.body)?.into_inner();
        let quote = optional_field(submission.quote.as_deref(), MAX_QUOTE_CHARS)
            .map_err(|chars| CommentError::QuoteTooLong { chars, max: MAX_QUOTE_CHARS })?;
        let author_name = optional_field(submission.author_name.as_deref(), MAX_NAME_CHARS)
            .map_err(|_| CommentError::NameTooLong { max: MAX_NAME_CHARS })?;
        let author_email = optional_field(submission.author_email.as_deref(), MAX_NAME_CHARS)
            .map_err(|_| CommentError::EmailTooLong { max: MAX_NAME_CHARS })?;
        if author_email.as_deref().is_some_and(|email| !is_email_shaped(email)) {
            return Err(CommentError::EmailInvalid.into());
        }
        Ok(Self { body, quote, author_name, author_email })
    }
}

/// What a repeat of `submission` under its key must match ([`keys::Sent`]).
fn sent(submission: &Submission, commenter: Commenter, channel: Channel) -> Result<keys::Sent, IntakeError> {
    let Cleaned { body, quote, author_name, author_email } = Cleaned::of(submission)?;
    Ok(keys::Sent {
        channel: channel.code().to_owned(),
        version_id: submission.version_id,
        provision_id: submission.provision_id,
        body,
        quote,
        author_name,
        author_email,
        name_public: submission.name_public,
        author_user_id: commenter.user_id,
        organisation_id: commenter.organisation_id,
    })
}

/// The intake of one instance: the facts cache and the group-commit writer.
#[derive(Debug)]
pub struct Intake {
    db: Db,
    facts: facts::Facts,
    writer: writer::Writer,
    opinions: writer::OpinionWriter,
    /// Opinions handed to the writer and not yet answered, per conference.
    opinions_in_flight: std::sync::Mutex<std::collections::HashMap<i64, usize>>,
    limiter: Limiter,
    /// Comments per minute per commenter where a consultation sets no limit of its own.
    default_per_minute: i64,
    challenges: Challenges,
    /// False when the instance never asks for challenges (`serve --no-challenge`).
    challenges_on: bool,
    /// Per consultation: when the comments of the last minute were counted, and how many.
    surge: Mutex<HashMap<i64, (Instant, i64)>>,
    /// Keyed submissions in flight here.
    keyed: keys::InFlight,
    /// Set once [`Self::listen`] listens.
    listening: AtomicBool,
}

/// How long a count of the last minute's comments is trusted.
const SURGE_TTL: Duration = Duration::from_secs(2);

/// An opinion's outcome, and whether it was the last of its conference in flight.
#[derive(Debug)]
pub struct Recorded {
    pub result: Result<(i64, ReceiptCode), storage::StorageError>,
    /// No other opinion of the conference is being written: the one to announce the
    /// new events to the live feed. A burst of opinions (every point at once) is
    /// announced once, after its last commit, instead of once per commit.
    pub last: bool,
}

impl Intake {
    /// Starts the writers (each on a thread of its own). `default_per_minute` is the
    /// comment rate limit of consultations that set none (0 = no limit);
    /// `challenges_on` false turns every challenge off. Fails only if a writer's
    /// thread cannot be started.
    pub fn start(db: Db, default_per_minute: u32, challenges_on: bool) -> std::io::Result<Self> {
        let writer = writer::comments(db.clone())?;
        let opinions = writer::opinions(db.clone())?;
        let challenges = Challenges::new(db.receipt_key.derive("comment challenge"));
        Ok(Self {
            db,
            facts: facts::Facts::default(),
            writer,
            opinions,
            opinions_in_flight: Default::default(),
            limiter: Limiter::default(),
            default_per_minute: i64::from(default_per_minute),
            challenges,
            challenges_on,
            surge: Mutex::default(),
            keyed: keys::InFlight::default(),
            listening: AtomicBool::new(false),
        })
    }

    /// Forgets what is cached of a consultation (after its settings change here).
    pub fn forget_consultation(&self, consultation_id: i64) {
        self.facts.forget(consultation_id);
        self.surge.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&consultation_id);
    }

    /// On PostgreSQL, forgets a consultation's cached facts when another instance
    /// changes them (LISTEN on `consultations::CHANGED`), and all of them when the
    /// listener had to reconnect and may have missed some.
    pub fn listen(self: &Arc<Self>) {
        let intake = Arc::clone(self);
        crate::storage::dialect::spawn_listener(&self.db.pool, consultations::CHANGED, move |heard| {
            match heard {
                crate::storage::dialect::Heard::Payload(payload) => {
                    if let Ok(id) = payload.parse::<i64>() {
                        intake.forget_consultation(id);
                    }
                }
                crate::storage::dialect::Heard::Reconnected => {
                    intake.facts.forget_all();
                    intake.surge.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
                    intake.listening.store(true, Ordering::Release);
                }
            }
        });
    }

    /// Whether [`Self::listen`] has started listening (PostgreSQL): changes made
    /// from then on are heard.
    pub fn listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// The challenge difficulty an anonymous comment on the consultation must meet at
    /// `now`, if any: always, or during a surge, as the consultation says.
    pub async fn challenge_bits(&self, consultation_id: i64, now: i64) -> Result<Option<u32>, IntakeError> {
        let facts = self
            .facts
            .consultation(&self.db.pool, consultation_id)
            .await?
            .ok_or(IntakeError::NoConsultation)?;
        let bits = u32::try_from(facts.challenge_bits).unwrap_or(20);
        if !self.challenges_on {
            return Ok(None);
        }
        Ok(match facts.challenge {
            ChallengeMode::Off => None,
            ChallengeMode::Always => Some(bits),
            ChallengeMode::Surge => {
                (self.last_minute(consultation_id, now).await? > facts.surge_per_minute).then_some(bits)
            }
        })
    }

    /// A challenge for an anonymous commenter of the consultation, if one is needed now.
    pub async fn challenge(
        &self,
        consultation_id: i64,
        now: i64,
    ) -> Result<Option<challenge::Issued>, IntakeError> {
        Ok(self
            .challenge_bits(consultation_id, now)
            .await?
            .map(|bits| self.challenges.issue(consultation_id, bits, now)))
    }

    /// Comments the consultation received in the minute before `now`, counted in the
    /// database (so every instance sees the whole surge) at most every [`SURGE_TTL`].
    async fn last_minute(&self, consultation_id: i64, now: i64) -> Result<i64, IntakeError> {
        let lock = || self.surge.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, n)) = lock().get(&consultation_id)
            && at.elapsed() < SURGE_TTL
        {
            return Ok(*n);
        }
        let n = consultations::comments_since(&self.db.pool, consultation_id, now - 60_000).await?;
        lock().insert(consultation_id, (Instant::now(), n));
        Ok(n)
    }

    /// Stores an opinion spoken at a conference (checked by `crate::conference`);
    /// the receipt is returned once it is committed, with its live event.
    pub async fn record_opinion(&self, opinion: crate::storage::conferences::NewOpinion) -> Recorded {
        let conference = opinion.conference_id;
        *self.in_flight().entry(conference).or_default() += 1;
        let result = self.opinions.write(opinion).await;
        if result.is_ok() {
            crate::metrics::global().comments_received(Channel::Conference, 1);
        }
        let mut in_flight = self.in_flight();
        let left = in_flight.get_mut(&conference).map_or(0, |n| {
            *n = n.saturating_sub(1);
            *n
        });
        if left == 0 {
            in_flight.remove(&conference);
        }
        Recorded { result, last: left == 0 }
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<i64, usize>> {
        self.opinions_in_flight.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Checks and stores one comment; the receipt is returned once it is committed.
    /// A comment with a submission key already used on the consultation is not
    /// stored again: the first one's receipt is returned (`replayed`), or
    /// [`IntakeError::KeyReused`] if the key was used for another comment.
    pub async fn submit(
        &self,
        submission: Submission,
        commenter: Commenter,
        channel: Channel,
        now: i64,
    ) -> Result<Submitted, IntakeError> {
        let Some(key) = submission.submission_key.clone() else {
            let comment = self.check(submission, commenter, channel, now).await?;
            let (id, code) = self.store(comment, channel).await?;
            return Ok(Submitted { id, code, received_at: now, replayed: false });
        };
        if !keys::is_valid(&key) {
            return Err(IntakeError::KeyInvalid);
        }
        let consultation_id = submission.consultation_id;
        let wanted = sent(&submission, commenter, channel)?;
        // A repeat counts against the commenter's rate like any submission (so keys
        // and texts cannot be tried without limit).
        self.limit(consultation_id, commenter, channel, now).await?;
        let held = self.keyed.hold(consultation_id, &key);
        // Set by the one request (of those holding the key) that stores the comment.
        let stored_here = AtomicBool::new(false);
        let (key, stored, wanted_ref) = (key.as_str(), &stored_here, &wanted);
        let keyed = held
            .cell()
            .get_or_try_init(move || async move {
                if let Some(row) = comments::by_submission_key(&self.db.pool, consultation_id, key).await? {
                    return self.keyed_row(row);
                }
                let comment = self.check_limited(submission, commenter, channel, now, false).await?;
                let sent = keys::Sent { version_id: Some(comment.version_id), ..wanted_ref.clone() };
                match self.store(comment, channel).await {
                    Ok((id, code)) => {
                        stored.store(true, Ordering::Relaxed);
                        Ok(keys::Keyed { id, code, received_at: now, sent })
                    }
                    // Another instance (or a request given up on here, whose comment
                    // the writer still stored) took the key first: the index refused
                    // this one.
                    Err(e) => match comments::by_submission_key(&self.db.pool, consultation_id, key).await? {
                        Some(row) => self.keyed_row(row),
                        None => Err(e),
                    },
                }
            })
            .await?
            .clone();
        drop(held);
        let stored_here = stored_here.into_inner();
        if !stored_here && !wanted.repeats(&keyed.sent) {
            return Err(IntakeError::KeyReused);
        }
        Ok(Submitted {
            id: keyed.id,
            code: keyed.code,
            received_at: keyed.received_at,
            replayed: !stored_here,
        })
    }

    fn keyed_row(&self, row: comments::KeyedRow) -> Result<keys::Keyed, IntakeError> {
        Ok(keys::Keyed {
            id: row.id,
            code: comments::code_of(&self.db, row.id)?,
            received_at: row.created_at,
            sent: keys::Sent {
                channel: row.channel,
                version_id: Some(row.version_id),
                provision_id: row.provision_id,
                body: row.body,
                quote: row.quote,
                author_name: row.author_name,
                author_email: row.author_email,
                name_public: row.name_public != 0,
                author_user_id: row.author_user_id,
                organisation_id: row.organisation_id,
            },
        })
    }

    /// Checks one comment and returns the row to store, without storing it: for a
    /// letter whose units are all checked before any is stored.
    pub async fn check(
        &self,
        submission: Submission,
        commenter: Commenter,
        channel: Channel,
        now: i64,
    ) -> Result<comments::NewComment, IntakeError> {
        self.check_limited(submission, commenter, channel, now, true).await
    }

    /// The commenter's rate limit on the consultation, counting this submission (for
    /// what people send themselves: the web and the API).
    async fn limit(
        &self,
        consultation_id: i64,
        commenter: Commenter,
        channel: Channel,
        now: i64,
    ) -> Result<(), IntakeError> {
        if !matches!(channel, Channel::Web | Channel::Api) {
            return Ok(());
        }
        let key = match (commenter.user_id, commenter.address) {
            (Some(user), _) => LimitKey::Account(user),
            (None, Some(address)) => LimitKey::Address(address),
            (None, None) => return Ok(()),
        };
        let consultation = self
            .facts
            .consultation(&self.db.pool, consultation_id)
            .await?
            .ok_or(IntakeError::NoConsultation)?;
        let per_minute = consultation.comments_per_minute.unwrap_or(self.default_per_minute);
        self.limiter.check(consultation_id, key, per_minute, now).map_err(IntakeError::RateLimited)
    }

    /// [`Self::check`]; `limit` false when the submission was counted already.
    async fn check_limited(
        &self,
        submission: Submission,
        commenter: Commenter,
        channel: Channel,
        now: i64,
        limit: bool,
    ) -> Result<comments::NewComment, IntakeError> {
        let Cleaned { body, quote, author_name, author_email } = Cleaned::of(&submission)?;

        let pool = &self.db.pool;
        let consultation = self
            .facts
            .consultation(pool, submission.consultation_id)
            .await?
            .ok_or(IntakeError::NoConsultation)?;
        if !consultation.is_open(now) {
            return Err(IntakeError::Closed);
        }
        let invited = commenter.organisation_id.is_some_and(|org| consultation.invited.contains(&org));
        if !consultation.audience.allows_public() && !invited {
            return Err(IntakeError::NotInvited);
        }
        // Abuse checks apply to what people send themselves, not to letters and
        // imports an editor records.
        if matches!(channel, Channel::Web | Channel::Api) {
            if limit {
                self.limit(submission.consultation_id, commenter, channel, now).await?;
            }
            if commenter.user_id.is_none()
                && self.challenge_bits(submission.consultation_id, now).await?.is_some()
            {
                self.challenges.verify(
                    submission.consultation_id,
                    submission.challenge_token.as_deref().unwrap_or_default(),
                    submission.challenge_nonce.as_deref().unwrap_or_default(),
                    now,
                )?;
            }
        }

        let covered = &consultation.version_ids;
        let version_id = match (submission.provision_id, submission.version_id) {
            (Some(pid), requested) => {
                let version =
                    self.facts.provision_version(pool, pid).await?.ok_or(IntakeError::ForeignProvision)?;
                if !covered.contains(&version) || requested.is_some_and(|v| v != version) {
                    return Err(IntakeError::ForeignProvision);
                }
                version
            }
            (None, Some(v)) if covered.contains(&v) => v,
            (None, Some(_)) => return Err(IntakeError::ForeignVersion),
            (None, None) if covered.len() == 1 => covered[0],
            (None, None) => return Err(IntakeError::VersionRequired),
        };

        let body_text = body;
        let flag = auto_flag(&body_text).map(str::to_owned);
        let new = comments::NewComment {
            consultation_id: submission.consultation_id,
            version_id,
            provision_id: submission.provision_id,
            quote,
            body: body_text,
            author_name,
            author_email,
            author_user_id: commenter.user_id,
            organisation_id: commenter.organisation_id,
            channel: channel.code().to_owned(),
            // The moment of receipt is the request's, whatever the batch's.
            created_at: Some(now),
            name_public: submission.name_public,
            flag,
            submission_key: submission.submission_key,
        };
        Ok(new)
    }

    /// Stores a comment [`check`](Self::check) returned; the receipt is returned once
    /// it is committed.
    pub async fn store(
        &self,
        comment: comments::NewComment,
        channel: Channel,
    ) -> Result<(i64, ReceiptCode), IntakeError> {
        let consultation_id = comment.consultation_id;
        let metrics = crate::metrics::global();
        metrics.intake_in_flight(1);
        let written = self.writer.write(comment).await;
        metrics.intake_in_flight(-1);
        let (id, code) = written?;
        metrics.comments_received(channel, 1);
        tracing::debug!(
            comment.id = id,
            consultation.id = consultation_id,
            channel = channel.code(),
            "comment received"
        );
        Ok((id, code))
    }

    /// Stores checked comments in one transaction, all or none (a letter's units):
    /// returns their receipts in order once committed.
    pub async fn store_all(
        &self,
        batch: &[comments::NewComment],
        channel: Channel,
    ) -> Result<Vec<ReceiptCode>, IntakeError> {
        let receipts = comments::insert_many(&self.db, batch).await?;
        crate::metrics::global().comments_received(channel, receipts.len() as u64);
        Ok(receipts)
    }
}
