//! `Query.centers`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_centers, planned};
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
    ) -> Result<Planned<ListConnection<Center>>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        if let Some(value) = planned(ctx, "centers", || plan_centers(ctx, &request)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_centers(db(ctx)?, &request).await?;
        Ok(Planned::Resolved(connection(page, Center)))
    }
}
