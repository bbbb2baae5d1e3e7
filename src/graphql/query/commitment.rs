//! `Query.commitments`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_commitments, planned};
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::db;
use crate::graphql::types::inputs::{CommitmentFilter, CommitmentOrder, commitment_list};
use crate::service::commitment::list_commitments;

#[derive(Default)]
pub struct CommitmentQuery;

#[Object]
impl CommitmentQuery {
    /// Every commitment, oldest first unless `orderBy` says otherwise. With `updatedSince` and
    /// `orderBy: {field: UPDATED_AT, direction: ASC}`, a partner system syncs incrementally.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn commitments(
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
        #[graphql(desc = "Only the commitments that match every criterion given.")] filter: Option<
            CommitmentFilter,
        >,
        #[graphql(
            desc = "The order of the commitments; by creation, oldest first, when not given."
        )]
        order_by: Option<CommitmentOrder>,
    ) -> Result<Planned<ListConnection<Commitment>>> {
        let list = commitment_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        if let Some(value) = planned(ctx, "commitments", || plan_commitments(ctx, &list)).await? {
            return Ok(Planned::Value(value));
        }
        let page = list_commitments(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Commitment)))
    }
}
