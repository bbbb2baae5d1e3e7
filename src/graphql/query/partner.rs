//! `Query.partners`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{Planned, plan_partners, planned};
use crate::graphql::types::db;
use crate::graphql::types::partner::{Partner, PartnerFilter};
use crate::service::partner::list_partners;

#[derive(Default)]
pub struct PartnerQuery;

#[Object]
impl PartnerQuery {
    /// Every partner, by name.
    async fn partners(
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
        #[graphql(desc = "Only the partners that match every criterion given.")] filter: Option<
            PartnerFilter,
        >,
    ) -> Result<Planned<ListConnection<Partner>>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().into_service()?;
        if let Some(value) =
            planned(ctx, "partners", || plan_partners(ctx, &filter, &request)).await?
        {
            return Ok(Planned::Value(value));
        }
        let page = list_partners(db(ctx)?, &filter, &request).await?;
        Ok(Planned::Resolved(connection(page, Partner)))
    }
}
