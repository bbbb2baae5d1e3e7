//! `Project`, its financing plan (`ProjectFunding`) and its workflow history.

use async_graphql::{Context, ID, Object, Result, SimpleObject};

use crate::domain::funding::FundingPlan;
use crate::domain::money::Currency;
use crate::domain::rate::Rate;
use crate::entity::{project, project_status_change};
use crate::graphql::connection::{ListConnection, PageArgs, connection};
use crate::graphql::id::{NodeType, encode};
use crate::graphql::loaders::{child_page, loaders, required};
use crate::graphql::scalars::{Date, DateTime, Decimal};
use crate::graphql::types::center::Center;
use crate::graphql::types::commitment::Commitment;
use crate::graphql::types::enums::{ProjectStatus, Sector};
use crate::graphql::types::inputs::{CommitmentFilter, CommitmentOrder, commitment_list};
use crate::graphql::types::money::Money;
use crate::graphql::types::organization::Organization;
use crate::graphql::types::program::Program;
use crate::graphql::types::user::User;
use crate::graphql::types::zone::Zone;
use crate::graphql::viewer::viewer;
use crate::service::commitment::CommitmentParent;
use crate::service::funding::FundingInputs;

/// A micro-project carried by an association or a cooperative.
pub struct Project(pub project::Model);

impl Project {
    fn money(&self, centimes: i64) -> Money {
        Money::new(centimes, self.0.currency)
    }
}

/// A micro-project carried by an association or a cooperative, from its setup to its delivery: its
/// cost, its financing plan, the partners' commitments to it and its workflow. Readable by anyone.
#[Object]
impl Project {
    /// The project's global id: opaque, stable, accepted by `node(id:)`.
    pub async fn id(&self) -> ID {
        encode(NodeType::Project, self.0.id)
    }

    /// Human-readable and unique within its center: "MOH-2003-0001" (the center's first three
    /// letters, the year of creation, a sequence counting per center and year).
    async fn reference(&self) -> &str {
        &self.0.reference
    }

    /// What the project is called, e.g. "Atelier de couture".
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// A few sentences on what the project does; null when not written.
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }

    /// The field the project works in.
    async fn sector(&self) -> Sector {
        self.0.sector.into()
    }

    /// Where the project stands in its workflow: DRAFT → IN_PREPARATION → SEEKING_FUNDING →
    /// UNDER_REVIEW → APPROVED → IN_PROGRESS → COMPLETED, or REJECTED or CANCELLED.
    async fn status(&self) -> ProjectStatus {
        self.0.status.into()
    }

    /// The association or cooperative carrying the project.
    async fn carrier(&self, ctx: &Context<'_>) -> Result<Organization> {
        let carrier = required(&loaders(ctx)?.organizations, self.0.carrier_id).await?;
        Ok(carrier.into())
    }

    /// The center accompanying the project: its carrier's center.
    async fn center(&self, ctx: &Context<'_>) -> Result<Center> {
        Ok(Center(
            required(&loaders(ctx)?.centers, self.0.center_id).await?,
        ))
    }

    /// The neighbourhood the project serves; null when not recorded.
    async fn zone(&self, ctx: &Context<'_>) -> Result<Option<Zone>> {
        let Some(zone_id) = self.0.zone_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.zones.load_one(zone_id).await?.map(Zone))
    }

    /// The co-financing program the project is under, such as PASEC.
    async fn program(&self, ctx: &Context<'_>) -> Result<Option<Program>> {
        let Some(program_id) = self.0.program_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?
            .programs
            .load_one(program_id)
            .await?
            .map(Program))
    }

    /// What the whole project costs; the financing plan never exceeds it. Every amount of the
    /// project, its commitments and their disbursements is in this currency.
    async fn total_cost(&self) -> Money {
        self.money(self.0.total_cost)
    }

    /// The carrier's own share of the financing plan.
    async fn own_contribution(&self) -> Money {
        self.money(self.0.own_contribution)
    }

    /// How many people the project is expected to benefit; null when unknown.
    async fn beneficiaries_count(&self) -> Option<i32> {
        self.0.beneficiaries_count
    }

    /// The day the project starts or started; null when not planned yet.
    async fn starts_on(&self) -> Option<Date> {
        self.0.starts_on.map(Date::from)
    }

    /// The day the project ends or ended; null when not planned yet.
    async fn ends_on(&self) -> Option<Date> {
        self.0.ends_on.map(Date::from)
    }

    /// The commitments partners made to this project.
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
        let page = child_page(loader, self.0.id, (CommitmentParent::Project, list)).await?;
        Ok(connection(page, Commitment))
    }

    /// The financing plan, computed by the database from the project's commitments.
    async fn funding(&self, ctx: &Context<'_>) -> Result<ProjectFunding> {
        let inputs = loaders(ctx)?
            .funding_inputs
            .load_one(self.0.id)
            .await?
            .unwrap_or_default();
        ProjectFunding::of(
            self.0.total_cost,
            self.0.own_contribution,
            inputs,
            self.0.currency,
        )
    }

    /// Every status the project went through, oldest first.
    async fn status_history(&self, ctx: &Context<'_>) -> Result<Vec<ProjectStatusChange>> {
        let history = loaders(ctx)?.status_history.load_one(self.0.id).await?;
        Ok(history
            .unwrap_or_default()
            .into_iter()
            .map(ProjectStatusChange)
            .collect())
    }

    /// The accompaniment sessions about the project.
    #[expect(
        clippy::too_many_arguments,
        reason = "a connection field takes the four Relay arguments, a filter and an order"
    )]
    async fn support_sessions(
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
        #[graphql(desc = "Only the sessions that match every criterion given.")] filter: Option<
            crate::graphql::types::support_session::SupportSessionFilter,
        >,
        #[graphql(
            desc = "The order of the sessions; the most recently held first when not given."
        )]
        order_by: Option<crate::graphql::types::support_session::SupportSessionOrder>,
    ) -> Result<ListConnection<crate::graphql::types::support_session::SupportSession>> {
        use crate::graphql::types::support_session::{nested_sessions, session_list};
        let list = session_list(PageArgs::new(first, after, last, before), filter, order_by)?;
        nested_sessions(
            ctx,
            crate::service::support_session::SessionParent::Project,
            self.0.id,
            list,
        )
        .await
    }

    /// When the project was recorded, in UTC.
    async fn created_at(&self) -> DateTime {
        DateTime::from(self.0.created_at)
    }

    /// When the project last changed, in UTC; what the `updatedSince` filters compare with.
    async fn updated_at(&self) -> DateTime {
        DateTime::from(self.0.updated_at)
    }

    /// One item per requirement of the project's program, in the program's order; empty for a
    /// project outside any program.
    async fn dossier(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::graphql::types::funding_search::DossierItem>> {
        let entries = crate::graphql::types::funding_search::dossier_of(ctx, &self.0).await?;
        Ok(entries
            .into_iter()
            .map(crate::graphql::types::funding_search::DossierItem)
            .collect())
    }

    /// The share of the program's mandatory requirements the dossier meets, rounded down to four
    /// places ("0.60"); null for a project outside any program or under a program that asks for
    /// nothing mandatory. UNDER_REVIEW needs "1.00" (DOSSIER_INCOMPLETE otherwise).
    async fn readiness(&self, ctx: &Context<'_>) -> Result<Option<Decimal>> {
        let entries = crate::graphql::types::funding_search::dossier_of(ctx, &self.0).await?;
        let readiness = crate::service::funding_search::dossier::readiness(&entries);
        Ok(readiness.share().map(Decimal))
    }

    /// The project's funding search in figures, beside `funding`: what was asked of partners,
    /// accepted, declined, and awaits an answer.
    async fn pipeline(
        &self,
        ctx: &Context<'_>,
    ) -> Result<crate::graphql::types::funding_search::FundingPipeline> {
        crate::graphql::types::funding_search::pipeline_of(ctx, &self.0).await
    }

    /// The funding requests sent to partners for this project, oldest first.
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
        let parent = crate::service::funding_search::requests::FundingRequestParent::Project;
        let page = child_page(loader, self.0.id, (parent, list)).await?;
        Ok(connection(page, fs::FundingRequest))
    }

    /// Incremented on every change; pass it as `expectedVersion` to update safely (a stale one is
    /// refused with VERSION_CONFLICT).
    async fn version(&self) -> i32 {
        self.0.version
    }
}

/// The financing plan of a project, computed by the database: what the carrier and its partners
/// have committed against the total cost, what was paid, and what the program's cap still
/// allows. Every amount is in the project's currency.
#[derive(SimpleObject)]
pub struct ProjectFunding {
    /// The carrier's own share.
    pub(crate) own_contribution: Money,
    /// FINANCIAL commitments that are not CANCELLED.
    pub(crate) committed_financial: Money,
    /// In-kind commitments with a valuation that are not CANCELLED.
    pub(crate) committed_in_kind: Money,
    /// ownContribution + committedFinancial + committedInKind; never above the total cost.
    pub(crate) committed: Money,
    /// Sum of the disbursements on the project's commitments.
    pub(crate) disbursed: Money,
    /// totalCost − committed, never below zero.
    pub(crate) gap: Money,
    /// committed / totalCost, to four places, rounded down.
    pub(crate) coverage_rate: Decimal,
    /// The most the program's funder may commit: floor(maxCofinancingRate × totalCost).
    pub(crate) program_cap: Option<Money>,
    /// What the program's funder has committed under the program (not CANCELLED).
    pub(crate) program_committed: Option<Money>,
    /// programCap − programCommitted.
    pub(crate) program_remaining: Option<Money>,
}

impl ProjectFunding {
    /// The financing plan of a project of `total_cost` and `own_contribution` from its
    /// commitments' sums and its program's rate: what the resolver and the planner both show.
    pub(crate) fn of(
        total_cost: i64,
        own_contribution: i64,
        inputs: FundingInputs,
        currency: Currency,
    ) -> Result<Self> {
        let rate = inputs.program_rate_bp.map(Rate::from_stored).transpose()?;
        let plan = FundingPlan::new(total_cost, own_contribution, inputs.sums, rate);
        Ok(Self::new(&plan, currency))
    }

    fn new(plan: &FundingPlan, currency: Currency) -> Self {
        let money = |centimes| Money::new(centimes, currency);
        Self {
            own_contribution: money(plan.own_contribution),
            committed_financial: money(plan.committed_financial),
            committed_in_kind: money(plan.committed_in_kind),
            committed: money(plan.committed),
            disbursed: money(plan.disbursed),
            gap: money(plan.gap),
            coverage_rate: Decimal(plan.coverage_rate),
            program_cap: plan.program_cap.map(money),
            program_committed: plan.program_committed.map(money),
            program_remaining: plan.program_remaining.map(money),
        }
    }
}

/// One step of a project's workflow.
pub struct ProjectStatusChange(pub project_status_change::Model);

/// One step of a project's workflow: the status it left, the one it entered, when and by whom.
#[Object]
impl ProjectStatusChange {
    /// The status the project left; null for its creation.
    async fn from(&self) -> Option<ProjectStatus> {
        self.0.from_status.map(Into::into)
    }

    /// The status the project entered.
    async fn to(&self) -> ProjectStatus {
        self.0.to_status.into()
    }

    /// When the change was made, in UTC.
    async fn at(&self) -> DateTime {
        DateTime::from(self.0.at)
    }

    /// Who made the change; null for callers not allowed to see that user.
    async fn by(&self, ctx: &Context<'_>) -> Result<Option<User>> {
        let Some(user_id) = self.0.by_user_id else {
            return Ok(None);
        };
        let user = loaders(ctx)?.users.load_one(user_id).await?;
        Ok(user
            .filter(|user| viewer(ctx).can_read_user(user))
            .map(User))
    }

    /// Why the change was made, as its author wrote it; null when not given.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}
