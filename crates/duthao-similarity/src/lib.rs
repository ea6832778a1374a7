//! Near-duplicate grouping of comments: the same text, or the same campaign letter
//! with small edits, lands in one group so that it is answered once.
//!
//! - [`shingle`] turns text into hashes of overlapping three-syllable windows. Two
//!   texts that differ only in tone-mark placement, NFC/NFD encoding, case or
//!   punctuation give the same shingles.
//! - [`Signature`] is a 128-value MinHash of those shingles.
//! - [`Grouper`] keeps an LSH index (25 bands of 5 rows) and joins a new text to the
//!   groups of the earlier texts it is verified to resemble (estimated Jaccard
//!   similarity at or above a threshold against up to 16 representatives per
//!   bucket). It works the same for a file of a million comments and for one comment
//!   arriving at the server.
//!
//! This crate is pure: no I/O, no threads, never panics on any input.

mod grouper;
mod minhash;
pub mod shingle;

pub use grouper::{Grouper, Joined, Params};
pub use minhash::{NUM_HASHES, Scratch, Signature};
