//! `Center`: a Centre de qualification sociale.

use async_graphql::{Context, ID, Object, Result};

use crate::entity::center;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{child_page, loaders};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::engagement::{EngagementStatus, PartnerEngagement, with_status};
use crate::graphql::types::event::{Event, EventFilter, event_list};
use crate::graphql::types::inputs::{
    CommitmentFilter, CommitmentOrder, OrganizationFilter, OrganizationOrder, ProjectFilter,
    ProjectOrder, commitment_list, organization_list, project_list,
};
use crate::graphql::types::management::ManagementAgreement;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::project::Project;
use crate::graphql::types::zone::Zone;
use crate::service::commitment::CommitmentParent;
use crate::service::project::ProjectParent;

/// A social-development center: the hub that accompanies associations and cooperatives.
pub struct Center(pub center::Model);

/// A Centre de qualification sociale: the hub that accompanies the associations and cooperatives of
/// its territory from an idea to a funded, delivered micro-project. Readable by anyone.
#[Object]
impl Center {
    /// The center's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Center, self.0.id)
    }

    /// The center's name, e.g. "CQS de Mohammédia".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Unique, URL-friendly; its first three letters start the center's project references.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The city the center is in.
    async fn city(&self) -> &str {
        &self.0.city
    }

    /// The region the center is in; null when not recorded.
    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }

    /// The day the center opened; null when not recorded.
    async fn opened_on(&self) -> Option<Date> {
        self.0.opened_on.map(Date::from)
    }

    /// The partner running the center under delegated management (the associative network).
    async fn managed_by(&self, ctx: &Context<'_>) -> Result<Option<Partner>> {
        let Some(partner_id) = self.0.managed_by_id else {
            return Ok(None);
        };
        let partner = loaders(ctx)?.partners.load_one(partner_id).await?;
        Ok(partner.map(Partner))
    }

    /// The neighbourhoods of the center's territory, by name.
    async fn zones(
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
    ) -> Result<ListConnection<Zone>> {
        let request = PageArgs::new(first, after, last, before).request()?;
        let page = child_page(&loaders(ctx)?.zone_pages, self.0.id, request).await?;
        Ok(connection(page, Zone))
    }

    /// The associations and cooperatives the center accompanies.
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
    ) -> Result<ListConnection<Organization>> {
        let list = organization_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let page = child_page(&loaders(ctx)?.organization_pages, self.0.id, list).await?;
        Ok(connection(page, Organization::from))
    }

    /// The projects of the center's organizations.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn projects(
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
        #[graphql(desc = "Only the projects that match every criterion given.")] filter: Option<
            ProjectFilter,
        >,
        #[graphql(desc = "The order of the projects; by creation, oldest first, when not given.")]
        order_by: Option<ProjectOrder>,
    ) -> Result<ListConnection<Project>> {
        let list = project_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let loader = &loaders(ctx)?.project_pages;
        let page = child_page(loader, self.0.id, (ProjectParent::Center, list)).await?;
        Ok(connection(page, Project))
    }

    /// The commitments made to the center itself (not to its projects).
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
    ) -> Result<ListConnection<Commitment>> {
        let list = commitment_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        let loader = &loaders(ctx)?.commitment_pages;
        let page = child_page(loader, self.0.id, (CommitmentParent::Center, list)).await?;
        Ok(connection(page, Commitment))
    }

    /// The meetings the center holds, in the order they happen.
    async fn events(
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
        #[graphql(desc = "Only the events that match every criterion given.")] filter: Option<
            EventFilter,
        >,
    ) -> Result<ListConnection<Event>> {
        let list = event_list(PageArgs::new(first, after, last, before), filter)?;
        let page = child_page(&loaders(ctx)?.event_pages, self.0.id, list).await?;
        Ok(connection(page, Event))
    }

    /// Where each partner stands with the center (prospect, invited, engaged), by partner.
    async fn partner_engagements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the engagements in this status.")] status: Option<EngagementStatus>,
    ) -> Result<Vec<PartnerEngagement>> {
        let rows = loaders(ctx)?
            .engagements_of_centers
            .load_one(self.0.id)
            .await?;
        Ok(with_status(rows, status))
    }

    /// Every management agreement of the center, oldest first.
    async fn agreements(&self, ctx: &Context<'_>) -> Result<Vec<ManagementAgreement>> {
        let rows = loaders(ctx)?.agreements_of.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(ManagementAgreement)
            .collect())
    }

    /// The ACTIVE management agreement, whose manager is `managedBy`; null when none is.
    async fn management_agreement(&self, ctx: &Context<'_>) -> Result<Option<ManagementAgreement>> {
        let rows = loaders(ctx)?.agreements_of.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .find(|row| row.status == crate::domain::management::AgreementStatus::Active)
            .map(ManagementAgreement))
    }

    /// When the center was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the center last changed, in UTC; what the `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely.
    async fn version(&self) -> i32 {
        self.0.version
    }
}
