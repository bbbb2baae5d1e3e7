//! Use cases over the database, one module per aggregate. Services never know GraphQL: they take
//! a connection and plain arguments and return domain or entity values, or an [`crate::error::AppError`].

pub mod audit;
pub mod center;
pub mod changes;
pub mod commitment;
pub mod engagement;
pub mod event;
pub mod events;
pub mod figures;
pub mod funding;
pub mod funding_search;
pub mod indicator;
pub mod json;
pub mod lookup;
pub mod management;
pub mod organization;
pub mod page;
pub mod partner;
pub mod program;
pub mod project;
pub mod read;
pub mod search;
pub mod session;
pub mod stats;
pub mod support_session;
pub mod user;
pub mod write;
pub mod zone;

pub use crate::error::Result;

/// The current instant, truncated to microseconds: what PostgreSQL stores, so that a value read
/// back equals the value written on both backends.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    now.with_nanosecond(now.timestamp_subsec_micros() * 1_000)
        .unwrap_or(now)
}

use chrono::Timelike;
