//! Submission keys: a comment sent twice with the same key is stored once.
//!
//! A web form's script (`static/comment-form.js`) adds a key to each submission, kept
//! until the form is edited; an API client may send one in an `Idempotency-Key`
//! header. A second request with a key already used on the consultation is answered
//! with the first comment's receipt (a double click, a retry after a lost answer),
//! wherever it arrives: the database holds the key with the comment (migration 0015,
//! a unique index). On one instance, requests with the same key wait for the one in
//! flight ([`InFlight`]) rather than race it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::ReceiptCode;

/// The longest key accepted, in bytes.
pub const MAX_KEY_LEN: usize = 255;

/// Whether `key` can be a submission key: 1 to [`MAX_KEY_LEN`] visible ASCII
/// characters (what an HTTP header carries without escaping).
pub fn is_valid(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

/// A submission as sent (its text fields cleaned as intake stores them) and who sent
/// it: what a repeat under the same key must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub channel: String,
    /// `None` when the submission named no version (the consultation's own is taken).
    pub version_id: Option<i64>,
    pub provision_id: Option<i64>,
    pub body: String,
    pub quote: Option<String>,
    pub author_name: Option<String>,
    pub author_email: Option<String>,
    pub name_public: bool,
    pub author_user_id: Option<i64>,
    pub organisation_id: Option<i64>,
}

impl Sent {
    /// Whether this submission repeats the one `stored` (whose version is known).
    pub fn repeats(&self, stored: &Sent) -> bool {
        let version = self.version_id.is_none() || self.version_id == stored.version_id;
        version && Sent { version_id: stored.version_id, ..self.clone() } == *stored
    }
}

/// The comment a key stands for.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub id: i64,
    pub code: ReceiptCode,
    pub received_at: i64,
    pub sent: Sent,
}

type Cell = Arc<tokio::sync::OnceCell<Keyed>>;

/// The keyed submissions in flight on this instance.
#[derive(Debug, Default)]
pub struct InFlight {
    cells: Mutex<HashMap<(i64, String), Cell>>,
}

impl InFlight {
    /// The cell of `key` on the consultation, shared by every request holding it; the
    /// entry goes when the last [`Held`] of it is dropped.
    pub fn hold(&self, consultation_id: i64, key: &str) -> Held<'_> {
        let mut cells = self.cells.lock().unwrap_or_else(PoisonError::into_inner);
        let cell = Arc::clone(cells.entry((consultation_id, key.to_owned())).or_default());
        Held { owner: self, consultation_id, key: key.to_owned(), cell: Some(cell) }
    }

    /// Keys with a request in flight (for tests).
    pub fn len(&self) -> usize {
        self.cells.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One request's hold on a key's cell.
#[derive(Debug)]
pub struct Held<'a> {
    owner: &'a InFlight,
    consultation_id: i64,
    key: String,
    /// `None` only while dropped.
    cell: Option<Cell>,
}

impl Held<'_> {
    pub fn cell(&self) -> &tokio::sync::OnceCell<Keyed> {
        self.cell.as_deref().expect("a held cell until dropped")
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut cells = self.owner.cells.lock().unwrap_or_else(PoisonError::into_inner);
        // Our reference goes under the lock, so that of two holders dropped at once
        // the second sees the first gone.
        drop(self.cell.take());
        let entry = (self.consultation_id, std::mem::take(&mut self.key));
        if cells.get(&entry).is_some_and(|c| Arc::strong_count(c) == 1) {
            cells.remove(&entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_of_bounded_length() {
        assert!(is_valid("a"));
        assert!(is_valid(&"k".repeat(MAX_KEY_LEN)));
        assert!(!is_valid(""));
        assert!(!is_valid(&"k".repeat(MAX_KEY_LEN + 1)));
        assert!(!is_valid("có dấu"));
        assert!(!is_valid("a b"));
        assert!(!is_valid("a\nb"));
    }

    #[test]
    fn a_repeat_matches_everything_sent_and_who_sent_it() {
        let stored = Sent {
            channel: "api".into(),
            version_id: Some(4),
            provision_id: Some(9),
            body: "Đề nghị bổ sung.".into(),
            quote: None,
            author_name: Some("Lê Văn An".into()),
            author_email: None,
            name_public: false,
            author_user_id: None,
            organisation_id: None,
        };
        assert!(stored.repeats(&stored));
        assert!(Sent { version_id: None, ..stored.clone() }.repeats(&stored));
        for other in [
            Sent { version_id: Some(5), ..stored.clone() },
            Sent { provision_id: None, ..stored.clone() },
            Sent { body: "Đề nghị bổ sung".into(), ..stored.clone() },
            Sent { quote: Some("x".into()), ..stored.clone() },
            Sent { author_name: None, ..stored.clone() },
            Sent { author_email: Some("an@example.vn".into()), ..stored.clone() },
            Sent { name_public: true, ..stored.clone() },
            Sent { author_user_id: Some(1), ..stored.clone() },
            Sent { organisation_id: Some(2), ..stored.clone() },
            Sent { channel: "web".into(), ..stored.clone() },
        ] {
            assert!(!other.repeats(&stored), "{other:?}");
        }
    }

    #[test]
    fn a_cell_is_shared_while_held_and_forgotten_after() {
        let in_flight = InFlight::default();
        let first = in_flight.hold(1, "k");
        let second = in_flight.hold(1, "k");
        let other = in_flight.hold(2, "k");
        assert!(std::ptr::eq(first.cell(), second.cell()));
        assert!(!std::ptr::eq(first.cell(), other.cell()));
        assert_eq!(in_flight.len(), 2);
        drop(first);
        assert_eq!(in_flight.len(), 2);
        drop(second);
        drop(other);
        assert!(in_flight.is_empty());
    }
}
