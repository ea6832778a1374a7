//! Benchmarks shipped with the binary (`duthao bench …`). They measure and report;
//! they are not tests and assert nothing about speed.

pub mod http;
pub mod intake;
pub mod pages;
pub mod search;
