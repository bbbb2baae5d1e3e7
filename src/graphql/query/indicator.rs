//! `Query.indicators`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_indicators, planned};
use crate::graphql::types::db;
use crate::graphql::types::indicator::{Indicator, IndicatorFilter, indicator_list};
use crate::service::indicator::list_indicators;

#[derive(Default)]
pub struct IndicatorQuery;

#[Object]
impl IndicatorQuery {
    /// Every indicator of expected results, of centers and programs, in the order they were set.
    async fn indicators(
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
        #[graphql(desc = "Only the indicators that match every criterion given.")] filter: Option<
            IndicatorFilter,
        >,
    ) -> Result<Planned<ListConnection<Indicator>>> {
        let list = indicator_list(PageArgs::new(first, after, last, before), filter)?;
        if let Some(value) = planned(ctx, "indicators", || plan_indicators(ctx, &list)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_indicators(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Indicator)))
    }
}
