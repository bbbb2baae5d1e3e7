//! The `Query` root, merged from one object per aggregate.

mod audit;
mod center;
mod commitment;
mod node;
mod organization;
mod partner;
mod program;
mod project;
mod stats;
mod user;
mod zone;

use async_graphql::MergedObject;

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
);
