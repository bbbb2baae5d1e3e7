//! `Query.organizations`, `Query.associations` and `Query.cooperatives`.

use async_graphql::{Context, Object, Result};

use crate::domain::organization::OrganizationKind;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::types::db;
use crate::graphql::types::inputs::{OrganizationFilter, OrganizationOrder, organization_list};
use crate::graphql::types::organization::{
    Association, Cooperative, Organization, OrganizationObject,
};
use crate::service::organization::{OrganizationList, list_organizations};

#[derive(Default)]
pub struct OrganizationQuery;

fn of_kind(mut list: OrganizationList, kind: OrganizationKind) -> OrganizationList {
    list.filter.kind = Some(kind);
    list
}

#[Object]
impl OrganizationQuery {
    /// Associations and cooperatives together; by name unless `orderBy` says otherwise.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OrganizationFilter>,
        order_by: Option<OrganizationOrder>,
    ) -> Result<ListConnection<Organization>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page = list_organizations(db(ctx)?, &list).await?;
        Ok(connection(page, Organization::from))
    }

    /// Associations only (a `kind` in the filter is ignored).
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn associations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OrganizationFilter>,
        order_by: Option<OrganizationOrder>,
    ) -> Result<ListConnection<Association>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page =
            list_organizations(db(ctx)?, &of_kind(list, OrganizationKind::Association)).await?;
        Ok(connection(page, OrganizationObject::new))
    }

    /// Cooperatives only (a `kind` in the filter is ignored).
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn cooperatives(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<OrganizationFilter>,
        order_by: Option<OrganizationOrder>,
    ) -> Result<ListConnection<Cooperative>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page =
            list_organizations(db(ctx)?, &of_kind(list, OrganizationKind::Cooperative)).await?;
        Ok(connection(page, OrganizationObject::new))
    }
}
