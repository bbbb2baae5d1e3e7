//! `Query.programs`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_programs, planned};
use crate::graphql::types::db;
use crate::graphql::types::program::Program;
use crate::service::program::list_programs;

#[derive(Default)]
pub struct ProgramQuery;

#[Object]
impl ProgramQuery {
    /// Every co-financing program, by code.
    async fn programs(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "At most this many items from the start of the list (after `after` when given): 0 to 100; 20 when neither `first` nor `last` is given. Not together with `last`."
        )]
        first: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page starts right after it."
        )]
        after: Option<String>,
        #[graphql(
            desc = "At most this many items from the end of the list (before `before` when given): 0 to 100. Not together with `first`."
        )]
        last: Option<i32>,
        #[graphql(
            desc = "The `cursor` of an edge from an earlier page: this page ends right before it."
        )]
        before: Option<String>,
    ) -> Result<Planned<ListConnection<Program>>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        if let Some(value) = planned(ctx, "programs", || plan_programs(ctx, &request)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_programs(db(ctx)?, &request).await?;
        Ok(Planned::Resolved(connection(page, Program)))
    }
}
