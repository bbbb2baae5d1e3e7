//! `Query.centers`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::types::center::Center;
use crate::graphql::types::db;
use crate::service::center::list_centers;

#[derive(Default)]
pub struct CenterQuery;

#[Object]
impl CenterQuery {
    /// Every center, by name.
    async fn centers(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<ListConnection<Center>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let page = list_centers(db(ctx)?, &request).await?;
        Ok(connection(page, Center))
    }
}
