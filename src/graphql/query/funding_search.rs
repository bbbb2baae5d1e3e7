//! `Query.fundingRequests`: planned into one statement when the planner covers the selection.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_funding_requests, planned};
use crate::graphql::types::db;
use crate::graphql::types::funding_search::{
    FundingRequest, FundingRequestFilter, funding_request_list,
};
use crate::service::funding_search::requests::list_funding_requests;

#[derive(Default)]
pub struct FundingSearchQuery;

#[Object]
impl FundingSearchQuery {
    /// Every funding request, oldest first. With `updatedSince`, a partner system syncs
    /// incrementally.
    async fn funding_requests(
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
        #[graphql(desc = "Only the funding requests that match every criterion given.")]
        filter: Option<FundingRequestFilter>,
    ) -> Result<Planned<ListConnection<FundingRequest>>> {
        let list = funding_request_list(PageArgs::new(first, after, last, before), filter)?;
        let plan = || plan_funding_requests(ctx, &list);
        if let Some(value) = planned(ctx, "fundingRequests", plan).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_funding_requests(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, FundingRequest)))
    }
}
