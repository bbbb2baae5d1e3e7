//! The `Query` root, merged from one object per aggregate.

mod audit;
mod center;
mod commitment;
mod event;
mod funding_search;
mod indicator;
mod node;
mod organization;
mod partner;
mod program;
mod project;
mod stats;
mod support_session;
mod user;
mod zone;

use async_graphql::MergedObject;

/// The entry points for reading: lists of every kind of object (Relay connections of at most 100
/// items a page), any object by its global id, the signed-in caller, and dashboard figures.
/// Public data is readable without signing in unless the operator turned that off; personal
/// data (contacts, users, the audit trail) needs a role that may see it and is null otherwise.
#[derive(MergedObject, Default)]
pub struct Query(
    node::NodeQuery,
    center::CenterQuery,
    zone::ZoneQuery,
    organization::OrganizationQuery,
    partner::PartnerQuery,
    program::ProgramQuery,
    project::ProjectQuery,
    commitment::CommitmentQuery,
    stats::StatsQuery,
    user::UserQuery,
    audit::AuditQuery,
    funding_search::FundingSearchQuery,
    event::EventQuery,
    support_session::SupportSessionQuery,
    indicator::IndicatorQuery,
);
