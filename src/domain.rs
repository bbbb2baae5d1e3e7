//! Pure rules and value types of the center: money, statuses, kinds. No I/O, no async.
//!
//! The enums derive sea-orm's `DeriveActiveEnum` so that entities store them as their upper-case
//! names; that is a mapping, not I/O, and it keeps one definition per concept.

pub mod account;
pub mod calendar;
pub mod commitment;
pub mod contact;
pub mod event;
pub mod funding;
pub mod funding_search;
pub mod indicator;
pub mod input;
pub mod management;
pub mod money;
pub mod organization;
pub mod partner;
pub mod project;
pub mod rate;
pub mod reference;
pub mod role;
pub mod rules;
pub mod search;
pub mod support_session;
pub mod user_error;
pub mod workflow;
pub mod zone;
