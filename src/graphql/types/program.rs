//! `Program`: a funder's co-financing scheme, such as PASEC.

use async_graphql::{Context, ID, Object, Result};

use crate::domain::rate::Rate;
use crate::entity::program;
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{child_page, loaders, required};
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::inputs::{ProjectFilter, ProjectOrder, project_list};
use crate::graphql::types::money::Money;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::project::Project;
use crate::service::project::ProjectParent;

/// A co-financing program: its funder pays at most `maxCofinancingRate` of a project's cost.
pub struct Program(pub program::Model);

/// A co-financing program, such as PASEC: its funder pays at most `maxCofinancingRate` of the total
/// cost of each project under it (the co-financing cap). Readable by anyone.
#[Object]
impl Program {
    /// The program's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Program, self.0.id)
    }

    /// The program's short code, unique: "PASEC".
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// The program's full name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The partner that co-finances the program's projects.
    async fn funder(&self, ctx: &Context<'_>) -> Result<Partner> {
        let partner = required(&loaders(ctx)?.partners, self.0.funder_id).await?;
        Ok(Partner(partner))
    }

    /// The share of a project's total cost the funder may commit at most, e.g. "0.70".
    async fn max_cofinancing_rate(&self) -> Result<Decimal> {
        let rate = Rate::from_stored(self.0.max_cofinancing_rate_bp)?;
        Ok(Decimal(rate.to_decimal()))
    }

    /// The money the program has in all; null when not recorded.
    async fn budget(&self) -> Option<Money> {
        let amount = self.0.budget_amount?;
        Some(Money::new(
            amount,
            self.0.budget_currency.unwrap_or_default(),
        ))
    }

    /// The day the program starts; null when not recorded.
    async fn starts_on(&self) -> Option<Date> {
        self.0.starts_on.map(Date::from)
    }

    /// The day the program ends; null when open-ended or not recorded.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date::from)
    }

    /// The projects under the program.
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
        let page = child_page(loader, self.0.id, (ProjectParent::Program, list)).await?;
        Ok(connection(page, Project))
    }

    /// The documents a dossier under the program must hold, in the order they were added.
    async fn requirements(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::graphql::types::funding_search::ProgramRequirement>> {
        let rows = loaders(ctx)?.requirements.load_one(self.0.id).await?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(crate::graphql::types::funding_search::ProgramRequirement)
            .collect())
    }

    /// The program's expected results.
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
            crate::graphql::types::indicator::IndicatorFilter,
        >,
    ) -> Result<ListConnection<crate::graphql::types::indicator::Indicator>> {
        use crate::graphql::types::indicator::{indicator_list, nested_indicators};
        let list = indicator_list(PageArgs::new(first, after, last, before), filter)?;
        nested_indicators(
            ctx,
            crate::service::indicator::IndicatorParent::Program,
            self.0.id,
            list,
        )
        .await
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}
