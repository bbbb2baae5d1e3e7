//! `Partner`: a body that commits resources to the center and its projects.

use async_graphql::{Context, ID, InputObject, Object, Result};

use crate::domain::money::Currency;
use crate::entity::partner;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{child_page, loaders};
use crate::graphql::scalars::{Date, DateTime};
use crate::graphql::types::commitment::{Commitment, CommitmentTotals};
use crate::graphql::types::contact::ContactInfo;
use crate::graphql::types::enums::{CurrencyCode, PartnerKind};
use crate::graphql::types::inputs::{
    CommitmentFilter, CommitmentOrder, commitment_list, updated_since,
};
use crate::graphql::viewer::viewer;
use crate::service::commitment::CommitmentParent;
use crate::service::funding::PartnerTotals;
use crate::service::partner as service;

/// The prefecture, the ADS, the associative network, a company: whoever commits resources.
pub struct Partner(pub partner::Model);

/// Whoever commits resources to projects or centers: the prefecture, the ADS, the associative
/// network, a company, a foundation, a donor. Its public fields are readable by anyone; `contact`
/// only by those allowed.
#[Object]
impl Partner {
    /// The partner's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Partner, self.0.id)
    }

    /// The partner's name, e.g. "Agence de Développement Social".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The short name the partner goes by, e.g. "ADS"; null when it has none.
    async fn acronym(&self) -> Option<&str> {
        self.0.acronym.as_deref()
    }

    /// What sort of body the partner is.
    async fn kind(&self) -> PartnerKind {
        self.0.kind.into()
    }

    /// The day the partner came on board; null when not recorded.
    async fn joined_on(&self) -> Option<Date> {
        self.0.joined_on.map(Date::from)
    }

    /// Personal data: null for callers not allowed to see it (admins, staff and the partner's
    /// own accounts see it; anonymous callers never do).
    async fn contact(&self, ctx: &Context<'_>) -> Option<ContactInfo> {
        let row = &self.0;
        viewer(ctx)
            .can_read_partner_contact(row.id)
            .then(|| ContactInfo {
                email: row.contact_email.clone(),
                phone: row.contact_phone.clone(),
                address: row.contact_address.clone(),
                representative_name: row.contact_representative.clone(),
            })
    }

    /// The partner's commitments, to projects and to centers.
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
        let page = child_page(loader, self.0.id, (CommitmentParent::Partner, list)).await?;
        Ok(connection(page, Commitment))
    }

    /// The partner's commitments in one currency (MAD unless asked), summed up by the database:
    /// amounts of different currencies are never added.
    async fn totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default,
            desc = "The currency to sum up; commitments in other currencies are left out. MAD when not given."
        )]
        currency: CurrencyCode,
    ) -> Result<CommitmentTotals> {
        let currency = Currency::from(currency);
        let totals = loaders(ctx)?.partner_totals.load_one(self.0.id).await?;
        let totals = totals
            .unwrap_or_default()
            .into_iter()
            .find(|totals| totals.currency == currency)
            .unwrap_or_else(|| PartnerTotals::empty(self.0.id, currency));
        Ok(totals.into())
    }

    /// Where the partner stands with each center (prospect, invited, engaged), by center.
    async fn engagements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only the engagements in this status.")] status: Option<
            crate::graphql::types::engagement::EngagementStatus,
        >,
    ) -> Result<Vec<crate::graphql::types::engagement::PartnerEngagement>> {
        let rows = loaders(ctx)?
            .engagements_of_partners
            .load_one(self.0.id)
            .await?;
        Ok(crate::graphql::types::engagement::with_status(rows, status))
    }

    /// When the partner was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the partner last changed, in UTC; what the `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// The funding requests sent to this partner, oldest first.
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
        filter: Option<crate::graphql::types::funding_search::FundingRequestFilter>,
    ) -> Result<ListConnection<crate::graphql::types::funding_search::FundingRequest>> {
        use crate::graphql::types::funding_search as fs;
        let list = fs::funding_request_list(PageArgs::new(first, after, last, before), filter)?;
        let loader = &loaders(ctx)?.funding_request_pages;
        let parent = crate::service::funding_search::requests::FundingRequestParent::Partner;
        let page = child_page(loader, self.0.id, (parent, list)).await?;
        Ok(connection(page, fs::FundingRequest))
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// Which partners to list; every criterion given must match.
#[derive(InputObject, Default)]
pub struct PartnerFilter {
    /// Partners of this kind only.
    pub kind: Option<PartnerKind>,
    /// Matches name and acronym, case- and accent-insensitively: "developpement" finds
    /// "Développement".
    pub search: Option<String>,
    /// Only partners changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

impl PartnerFilter {
    pub fn into_service(self) -> Result<service::PartnerFilter> {
        Ok(service::PartnerFilter {
            kind: self.kind.map(Into::into),
            search: self.search,
            updated_since: updated_since(self.updated_since)?,
        })
    }
}
