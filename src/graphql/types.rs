//! Output and input types of the schema. They wrap entities; entities never derive GraphQL.

pub mod audit;
pub mod center;
pub mod change;
pub mod commitment;
pub mod contact;
pub mod engagement;
pub mod enums;
pub mod event;
pub mod funding_search;
pub mod indicator;
pub mod inputs;
pub mod management;
pub mod money;
pub mod node;
pub mod organization;
pub mod partner;
pub mod program;
pub mod project;
pub mod stats;
pub mod support_session;
pub mod user;
pub mod user_error;
pub mod zone;

use async_graphql::{Context, Result};
use sea_orm::DatabaseConnection;

/// The database pool every request carries in its context.
pub fn db<'a>(ctx: &Context<'a>) -> Result<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
}
