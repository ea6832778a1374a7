//! What intake needs to know about consultations and provisions, kept in memory.
//!
//! Checking a comment needs the consultation's window, audience, versions and
//! invitations, and the version of the provision commented on. Reading them from the
//! database for every comment would cost several queries per request at national
//! scale, so they are cached: provisions forever (a provision never changes version),
//! consultations for a few seconds. A change made here forgets them at once; on
//! PostgreSQL every other instance hears of it (`consultations::CHANGED`) and forgets
//! them too, and [`TTL`] bounds what a lost notification could leave. Whatever the
//! cache says, no comment joins a submitted dossier: the write refuses it.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sqlx::AnyPool;

use crate::domain::Audience;
use crate::domain::moderation::ChallengeMode;
use crate::storage::{self, consultations, drafts};

/// How long a consultation's facts are trusted.
pub const TTL: Duration = Duration::from_secs(5);

/// The facts of one consultation round.
#[derive(Debug)]
pub struct ConsultationFacts {
    pub opens_at: i64,
    pub closes_at: i64,
    pub audience: Audience,
    pub version_ids: Vec<i64>,
    pub invited: HashSet<i64>,
    /// The consultation's own comment rate limit, if it sets one.
    pub comments_per_minute: Option<i64>,
    pub challenge: ChallengeMode,
    pub surge_per_minute: i64,
    pub challenge_bits: i64,
}

impl ConsultationFacts {
    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && now <= self.closes_at
    }
}

#[derive(Debug, Default)]
pub struct Facts {
    consultations: RwLock<HashMap<i64, (Instant, Arc<ConsultationFacts>)>>,
    /// Bumped by every forgetting: facts read from the database before one are not
    /// cached after it (they may predate the change that was heard of).
    forgotten: AtomicU64,
    provision_versions: RwLock<HashMap<i64, i64>>,
}

impl Facts {
    /// The consultation's facts, or `None` if it does not exist.
    pub async fn consultation(
        &self,
        pool: &AnyPool,
        id: i64,
    ) -> storage::Result<Option<Arc<ConsultationFacts>>> {
        if let Ok(cache) = self.consultations.read()
            && let Some((at, facts)) = cache.get(&id)
            && at.elapsed() < TTL
        {
            return Ok(Some(Arc::clone(facts)));
        }
        let generation = self.forgotten.load(Ordering::Acquire);
        let Some(row) = consultations::get(pool, id).await? else { return Ok(None) };
        let Some(protection) = consultations::protection(pool, id).await? else { return Ok(None) };
        let facts = Arc::new(ConsultationFacts {
            opens_at: row.opens_at,
            closes_at: row.closes_at,
            audience: Audience::parse(&row.audience).unwrap_or(Audience::Invited),
            version_ids: consultations::version_ids(pool, id).await?,
            invited: consultations::invitations(pool, id)
                .await?
                .into_iter()
                .map(|i| i.organisation_id)
                .collect(),
            comments_per_minute: protection.comments_per_minute,
            challenge: ChallengeMode::parse(&protection.challenge).unwrap_or(ChallengeMode::Surge),
            surge_per_minute: protection.surge_per_minute,
            challenge_bits: protection.challenge_bits,
        });
        if let Ok(mut cache) = self.consultations.write()
            && self.forgotten.load(Ordering::Acquire) == generation
        {
            cache.insert(id, (Instant::now(), Arc::clone(&facts)));
        }
        Ok(Some(facts))
    }

    /// Forgets a consultation's facts: the next comment reads them again.
    pub fn forget(&self, id: i64) {
        if let Ok(mut cache) = self.consultations.write() {
            self.forgotten.fetch_add(1, Ordering::AcqRel);
            cache.remove(&id);
        }
    }

    /// Forgets every consultation's facts (when changes may have gone unheard).
    pub fn forget_all(&self) {
        if let Ok(mut cache) = self.consultations.write() {
            self.forgotten.fetch_add(1, Ordering::AcqRel);
            cache.clear();
        }
    }

    /// The version a provision belongs to, or `None` if there is no such provision.
    pub async fn provision_version(&self, pool: &AnyPool, provision_id: i64) -> storage::Result<Option<i64>> {
        if let Ok(cache) = self.provision_versions.read()
            && let Some(version) = cache.get(&provision_id)
        {
            return Ok(Some(*version));
        }
        let Some(provision) = drafts::get_provision(pool, provision_id).await? else { return Ok(None) };
        if let Ok(mut cache) = self.provision_versions.write() {
            cache.insert(provision_id, provision.version_id);
        }
        Ok(Some(provision.version_id))
    }
}
