//! `Query.organizations`, `Query.associations` and `Query.cooperatives`.

use async_graphql::{Context, Object, Result};

use crate::domain::organization::OrganizationKind;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::plan::{OrganizationRoot, Planned, plan_organizations, planned};
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
        #[graphql(desc = "Only the organizations that match every criterion given.")]
        filter: Option<OrganizationFilter>,
        #[graphql(desc = "The order of the organizations; by name when not given.")]
        order_by: Option<OrganizationOrder>,
    ) -> Result<Planned<ListConnection<Organization>>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let root = OrganizationRoot::Organizations;
        if let Some(value) = planned(ctx, "organizations", || {
            plan_organizations(ctx, &list, root)
        })
        .await?
        {
            return Ok(Planned::Value(value));
        }
        let page = list_organizations(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, Organization::from)))
    }

    /// Associations only (a `kind` in the filter is ignored).
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn associations(
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
        #[graphql(desc = "Only the organizations that match every criterion given.")]
        filter: Option<OrganizationFilter>,
        #[graphql(desc = "The order of the organizations; by name when not given.")]
        order_by: Option<OrganizationOrder>,
    ) -> Result<Planned<ListConnection<Association>>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let list = of_kind(list, OrganizationKind::Association);
        let root = OrganizationRoot::Associations;
        if let Some(value) =
            planned(ctx, "associations", || plan_organizations(ctx, &list, root)).await?
        {
            return Ok(Planned::Value(value));
        }
        let page = list_organizations(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, OrganizationObject::new)))
    }

    /// Cooperatives only (a `kind` in the filter is ignored).
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn cooperatives(
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
        #[graphql(desc = "Only the organizations that match every criterion given.")]
        filter: Option<OrganizationFilter>,
        #[graphql(desc = "The order of the organizations; by name when not given.")]
        order_by: Option<OrganizationOrder>,
    ) -> Result<Planned<ListConnection<Cooperative>>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let list = of_kind(list, OrganizationKind::Cooperative);
        let root = OrganizationRoot::Cooperatives;
        if let Some(value) =
            planned(ctx, "cooperatives", || plan_organizations(ctx, &list, root)).await?
        {
            return Ok(Planned::Value(value));
        }
        let page = list_organizations(db(ctx)?, &list).await?;
        Ok(Planned::Resolved(connection(page, OrganizationObject::new)))
    }
}
