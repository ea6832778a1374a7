//! The synthesis (tổng hợp): near-duplicate groups of comments, and (to come)
//! dispositions and the official report.

pub mod grouping;
pub mod report;
