//! The `Mutation` root, merged from one object per aggregate. Every mutation takes one `input`
//! and returns a payload whose `userErrors` hold what the caller can fix.

pub mod session;
mod user;

use async_graphql::MergedObject;

pub use session::ClientAddress;

#[derive(MergedObject, Default)]
pub struct Mutation(session::SessionMutation, user::UserMutation);
