//! The `Query` root, merged from one object per aggregate.

mod center;
mod partner;
mod program;
mod zone;

use async_graphql::MergedObject;

#[derive(MergedObject, Default)]
pub struct Query(
    center::CenterQuery,
    zone::ZoneQuery,
    partner::PartnerQuery,
    program::ProgramQuery,
);
