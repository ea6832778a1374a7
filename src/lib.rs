//! Duthao: consultation on draft documents.
//!
//! The application crate: it wires the pure crates (`duthao-text`,
//! `duthao-structure`) to storage and the web. See DESIGN.md for the shape.

// The OpenAPI document (web/api.rs) is one json! literal, deeper than the default
// macro recursion limit allows.
#![recursion_limit = "512"]

pub mod app;
pub mod backup;
pub mod bench;
pub mod catalog;
pub mod catalogs;
pub mod cli;
pub mod conference;
pub mod config;
pub mod demo;
pub mod domain;
pub mod drafting;
pub mod i18n;
pub mod intake;
pub mod live;
pub mod metrics;
pub mod package;
pub mod revisions;
pub mod schedule;
pub mod search;
pub mod storage;
pub mod synthesis;
pub mod web;
