//! `Query.programs`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
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
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ListConnection<Program>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let page = list_programs(db(ctx)?, &request).await?;
        Ok(connection(page, Program))
    }
}
