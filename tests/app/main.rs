//! Integration tests: the real app on port 0 with a fresh database. Every test body
//! runs on SQLite, and on PostgreSQL too when `DUTHAO_TEST_POSTGRES_URL` is set.

mod harness;

mod api;
mod comments;
mod editor;
mod pages;
