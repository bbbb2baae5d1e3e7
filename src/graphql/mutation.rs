//! The `Mutation` root, merged from one object per aggregate. Every mutation takes one `input`
//! and returns a payload whose `userErrors` hold what the caller can fix.

mod center;
mod commitment;
mod organization;
mod partner;
mod program;
mod project;
pub mod session;
mod user;
mod zone;

use async_graphql::{Context, ID, MaybeUndefined, MergedObject, Result};

use crate::graphql::id::{NodeType, parse_arg};

use crate::service::write::Services;

pub use session::ClientAddress;

#[derive(MergedObject, Default)]
pub struct Mutation(
    session::SessionMutation,
    user::UserMutation,
    center::CenterMutation,
    zone::ZoneMutation,
    organization::OrganizationMutation,
    partner::PartnerMutation,
    program::ProgramMutation,
    project::ProjectMutation,
    commitment::CommitmentMutation,
);

/// An id field of an update: absent, cleared, or the row id of a node of `node_type`.
pub fn maybe_id(
    value: MaybeUndefined<ID>,
    node_type: NodeType,
    argument: &str,
) -> Result<Option<Option<i64>>> {
    match maybe(value) {
        Some(Some(id)) => Ok(Some(Some(parse_arg(&id, node_type, argument)?))),
        Some(None) => Ok(Some(None)),
        None => Ok(None),
    }
}

/// The write services every mutation uses.
pub fn services<'a>(ctx: &Context<'a>) -> Result<&'a Services> {
    ctx.data::<Services>()
}

/// An update field: absent (`None`), cleared (`Some(None)`) or set (`Some(Some(value))`).
pub fn maybe<T>(value: MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(value) => Some(Some(value)),
    }
}
