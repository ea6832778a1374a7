//! Integration tests: the real app on port 0 with a fresh database. Every test body
//! runs on SQLite, and on PostgreSQL too when `DUTHAO_TEST_POSTGRES_URL` is set. The
//! command-line tests (`cli`) run the binary on a SQLite data directory.

mod harness;

mod imports;

mod abuse;
mod access;
mod answers;
mod api;
mod backup;
mod catalogs;
mod cli;
mod comments;
mod conference;
mod crash;
mod editor;
mod english;
mod groups;
mod letters;
mod ops;
mod pages;
mod privacy;
mod report;
mod revisions;
mod schedule;
mod search;
mod sign_in;
mod statistics;
mod submission;
