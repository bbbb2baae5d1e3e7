//! The `Mutation` root, merged from one object per aggregate. Every mutation takes one `input`
//! and returns a payload whose `userErrors` hold what the caller can fix.

mod center;
pub mod session;
mod user;

use async_graphql::{Context, MaybeUndefined, MergedObject, Result};

use crate::service::write::Services;

pub use session::ClientAddress;

#[derive(MergedObject, Default)]
pub struct Mutation(
    session::SessionMutation,
    user::UserMutation,
    center::CenterMutation,
);

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
