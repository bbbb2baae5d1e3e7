//! `Query.commitments`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
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
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CommitmentFilter>,
        order_by: Option<CommitmentOrder>,
    ) -> Result<ListConnection<Commitment>> {
        let list = commitment_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page = list_commitments(db(ctx)?, &list).await?;
        Ok(connection(page, Commitment))
    }
}
