//! Proof-of-work challenges for anonymous comments during a surge.
//!
//! When a consultation asks for it, an anonymous commenter first fetches a challenge
//! (`GET /consultations/{id}/challenge`, or `/api/v1/…`): a signed token naming the
//! consultation, the time, the difficulty `bits` and a random `prefix`. The browser
//! (static/challenge.js, in a worker) looks for a `nonce` such that
//! SHA-256(`prefix:nonce`) starts with `bits` zero bits, and sends the token and nonce
//! with the comment. Checking costs the server one HMAC and one hash; solving costs
//! the client 2^bits hashes on average, which a person does not notice once and a
//! script posting a million comments cannot afford.
//!
//! Tokens are signed with a key derived from the instance secret, so every instance
//! accepts the tokens of every other. Each is good for [`TTL_MS`] and once: used
//! prefixes are remembered in memory until they expire (per instance, so behind a load
//! balancer a token could be spent once on each instance).

use std::collections::HashMap;
use std::sync::Mutex;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::i18n::Lang;

/// How long a challenge may be used after it is issued.
pub const TTL_MS: i64 = 10 * 60 * 1000;

/// The longest nonce accepted, in characters (keeps `prefix:nonce` in one SHA-256
/// block for the browser's solver).
const MAX_NONCE: usize = 20;

/// A challenge as handed to a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub token: String,
    pub prefix: String,
    pub bits: u32,
    pub expires_at: i64,
}

/// Why a solution was refused; each message tells the commenter what to do, in their
/// language ([`ChallengeError::message`]; `Display` in Vietnamese, as the API speaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    Missing,
    Invalid,
    Expired,
    Reused,
}

impl ChallengeError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Missing => "challenge_required",
            Self::Invalid => "challenge_invalid",
            Self::Expired => "challenge_expired",
            Self::Reused => "challenge_reused",
        }
    }

    /// What the commenter is told, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        lang.t(match self {
            Self::Missing => "pub-challenge-missing",
            Self::Invalid => "pub-challenge-invalid",
            Self::Expired => "pub-challenge-expired",
            Self::Reused => "pub-challenge-reused",
        })
    }
}

impl std::fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

#[derive(Debug)]
pub struct Challenges {
    key: [u8; 32],
    spent: Mutex<Spent>,
}

/// Spent prefixes and when they expire; swept of expired ones when the map doubles.
#[derive(Debug, Default)]
struct Spent {
    until: HashMap<String, i64>,
    sweep_at: usize,
}

/// The size at which spent tokens are first swept.
const SWEEP_AT: usize = 10_000;

impl Challenges {
    pub fn new(key: [u8; 32]) -> Self {
        Self { key, spent: Mutex::default() }
    }

    fn mac(&self, payload: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(payload.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A new challenge for `consultation_id` at difficulty `bits`.
    pub fn issue(&self, consultation_id: i64, bits: u32, now: i64) -> Issued {
        let random: [u8; 16] = rand::random();
        let prefix = hex(&random);
        let payload = format!("{consultation_id}.{now}.{bits}.{prefix}");
        let token = format!("{payload}.{}", self.mac(&payload));
        Issued { token, prefix, bits, expires_at: now + TTL_MS }
    }

    /// Checks a solution for `consultation_id` and spends its token.
    pub fn verify(
        &self,
        consultation_id: i64,
        token: &str,
        nonce: &str,
        now: i64,
    ) -> Result<(), ChallengeError> {
        let token = token.trim();
        let nonce = nonce.trim();
        if token.is_empty() {
            return Err(ChallengeError::Missing);
        }
        let (payload, mac) = token.rsplit_once('.').ok_or(ChallengeError::Invalid)?;
        // Constant-time comparison of the signature.
        let mut check =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        check.update(payload.as_bytes());
        let given = unhex(mac).ok_or(ChallengeError::Invalid)?;
        check.verify_slice(&given).map_err(|_| ChallengeError::Invalid)?;
        let mut parts = payload.split('.');
        let (Some(cid), Some(issued), Some(bits), Some(prefix), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ChallengeError::Invalid);
        };
        let (Ok(cid), Ok(issued), Ok(bits)) =
            (cid.parse::<i64>(), issued.parse::<i64>(), bits.parse::<u32>())
        else {
            return Err(ChallengeError::Invalid);
        };
        if cid != consultation_id {
            return Err(ChallengeError::Invalid);
        }
        if now > issued + TTL_MS || issued > now + 60_000 {
            return Err(ChallengeError::Expired);
        }
        if nonce.is_empty() || nonce.len() > MAX_NONCE || !nonce.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ChallengeError::Invalid);
        }
        if leading_zero_bits(&Sha256::digest(format!("{prefix}:{nonce}").as_bytes())) < bits {
            return Err(ChallengeError::Invalid);
        }
        let mut guard = self.spent.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let spent = &mut *guard;
        if spent.until.len() >= spent.sweep_at.max(SWEEP_AT) {
            spent.until.retain(|_, expires| *expires >= now);
            spent.sweep_at = spent.until.len() * 2;
        }
        if spent.until.insert(prefix.to_owned(), issued + TTL_MS).is_some() {
            return Err(ChallengeError::Reused);
        }
        Ok(())
    }
}

/// The number of zero bits a digest starts with.
pub fn leading_zero_bits(digest: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in digest {
        if *byte == 0 {
            bits += 8;
        } else {
            return bits + byte.leading_zeros();
        }
    }
    bits
}

/// Finds a nonce for `prefix` at `bits` (what the browser does; for tests, the
/// benchmark and API clients written in Rust).
pub fn solve(prefix: &str, bits: u32) -> String {
    (0u64..)
        .map(|n| n.to_string())
        .find(|nonce| leading_zero_bits(&Sha256::digest(format!("{prefix}:{nonce}").as_bytes())) >= bits)
        .unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_solved_challenge_passes_once() {
        let challenges = Challenges::new([7; 32]);
        let issued = challenges.issue(5, 8, 1_000);
        let nonce = solve(&issued.prefix, 8);
        assert_eq!(challenges.verify(5, &issued.token, &nonce, 2_000), Ok(()));
        assert_eq!(challenges.verify(5, &issued.token, &nonce, 2_000), Err(ChallengeError::Reused));
    }

    #[test]
    fn forged_stale_foreign_and_unsolved_tokens_are_refused() {
        let challenges = Challenges::new([7; 32]);
        let issued = challenges.issue(5, 8, 1_000);
        let nonce = solve(&issued.prefix, 8);
        assert_eq!(challenges.verify(5, "", "1", 2_000), Err(ChallengeError::Missing));
        assert_eq!(challenges.verify(6, &issued.token, &nonce, 2_000), Err(ChallengeError::Invalid));
        assert_eq!(
            challenges.verify(5, &issued.token, &nonce, 1_000 + TTL_MS + 1),
            Err(ChallengeError::Expired)
        );
        // Lowering the difficulty breaks the signature.
        let easier = issued.token.replacen(".8.", ".0.", 1);
        assert_eq!(challenges.verify(5, &easier, "0", 2_000), Err(ChallengeError::Invalid));
        // Another instance secret does not accept the token.
        assert_eq!(
            Challenges::new([8; 32]).verify(5, &issued.token, &nonce, 2_000),
            Err(ChallengeError::Invalid)
        );
        // A nonce that does not reach the difficulty.
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| leading_zero_bits(&Sha256::digest(format!("{}:{n}", issued.prefix).as_bytes())) < 8)
            .unwrap_or_default();
        assert_eq!(challenges.verify(5, &issued.token, &wrong, 2_000), Err(ChallengeError::Invalid));
        assert_eq!(challenges.verify(5, &issued.token, "12a", 2_000), Err(ChallengeError::Invalid));
        assert_eq!(challenges.verify(5, "5.1.8.ab.zz", "1", 2_000), Err(ChallengeError::Invalid));
        // Nothing above spent the token.
        assert_eq!(challenges.verify(5, &issued.token, &nonce, 2_000), Ok(()));
    }

    #[test]
    fn zero_bits_are_counted_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0x10, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }
}
