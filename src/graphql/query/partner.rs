//! `Query.partners`.

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::{ListConnection, PageArgs, connection};
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
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PartnerFilter>,
    ) -> Result<ListConnection<Partner>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let filter = filter.unwrap_or_default().into_service()?;
        let page = list_partners(db(ctx)?, &filter, &request).await?;
        Ok(connection(page, Partner))
    }
}
