//! `Stats`: the dashboard figures, each computed by the database only when selected, by one
//! statement per figure; or all in one statement when the planner covers the selection
//! ([`planned`]). Both paths turn the figures into output values by the same functions here.

mod convert;
pub(crate) mod planned;
mod planned_sessions;
mod planned_value;
pub mod sessions;

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};
use futures::future::try_join_all;
use tokio::sync::OnceCell;

use crate::graphql::error::bad_input;
use crate::graphql::id::{NodeType, parse_opt_arg};
use crate::graphql::loaders::{loaders, required};
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::db;
use crate::graphql::types::enums::{CurrencyCode, ProjectStatus, Sector};
use crate::graphql::types::money::Money;
use crate::graphql::types::partner::Partner;
use crate::graphql::types::program::Program;
use crate::graphql::types::zone::Zone;
use crate::service::stats::{self, CommitmentFigures, Grouping, StatusFigures};
use convert::{funding_stats, organization_stats, project_stats, sector_totals, time_bucket};

/// What every figure of `stats` is restricted to.
#[derive(InputObject, Default)]
pub struct StatsFilter {
    /// Only this center's organizations and projects.
    pub center_id: Option<ID>,
    /// Only the projects under this program, and their carriers.
    pub program_id: Option<ID>,
    /// Only the organizations and projects of this zone.
    pub zone_id: Option<ID>,
    /// Only the organizations and projects working in this sector.
    pub sector: Option<Sector>,
    /// Counts only commitments pledged on or after this day (and their disbursements).
    pub from: Option<Date>,
    /// Counts only commitments pledged on or before this day (and their disbursements).
    pub to: Option<Date>,
    /// Counts only projects in this currency, and their commitments: every amount of `stats` is
    /// in this currency, since amounts of different currencies are never added.
    #[graphql(default)]
    pub currency: CurrencyCode,
}

impl StatsFilter {
    pub fn into_service(self) -> Result<stats::StatsFilter> {
        let filter = stats::StatsFilter {
            center_id: parse_opt_arg(self.center_id.as_ref(), NodeType::Center, "centerId")?,
            program_id: parse_opt_arg(self.program_id.as_ref(), NodeType::Program, "programId")?,
            zone_id: parse_opt_arg(self.zone_id.as_ref(), NodeType::Zone, "zoneId")?,
            sector: self.sector.map(Into::into),
            from: self.from.map(|day| day.argument("from")).transpose()?,
            to: self.to.map(|day| day.argument("to")).transpose()?,
            currency: self.currency.into(),
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to < from
        {
            return Err(bad_input("`to` comes before `from`"));
        }
        Ok(filter)
    }
}

/// The length of the periods of a time series.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
#[graphql(remote = "crate::service::stats::Interval")]
pub enum TimeInterval {
    /// Calendar months.
    #[default]
    Month,
    /// Calendar quarters, starting on 1 January, 1 April, 1 July and 1 October.
    Quarter,
    /// Calendar years.
    Year,
}

fn int(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Dashboard figures under one filter, each computed only when selected; what they count is said
/// on the `#[Object]` impl, whose doc comment the schema shows.
pub struct Stats {
    filter: stats::StatsFilter,
    projects: Arc<OnceCell<Vec<StatusFigures>>>,
    commitments: Arc<OnceCell<CommitmentFigures>>,
}

impl Stats {
    pub fn new(filter: stats::StatsFilter) -> Self {
        Self {
            filter,
            projects: Arc::default(),
            commitments: Arc::default(),
        }
    }

    async fn project_figures(&self, ctx: &Context<'_>) -> Result<&Vec<StatusFigures>> {
        let db = db(ctx)?;
        Ok(self
            .projects
            .get_or_try_init(|| stats::project_figures(db, &self.filter))
            .await?)
    }

    /// An amount of the filter's currency.
    fn money(&self, centimes: i64) -> Money {
        Money::new(centimes, self.filter.currency)
    }

    async fn commitment_figures(&self, ctx: &Context<'_>) -> Result<&CommitmentFigures> {
        let db = db(ctx)?;
        Ok(self
            .commitments
            .get_or_try_init(|| stats::commitment_figures(db, &self.filter))
            .await?)
    }
}

/// Dashboard figures, computed by the database, all under one filter. Amounts are in the filter's
/// currency (MAD unless asked): only projects in that currency are counted. The projects counted
/// match the filter's center, program, zone and sector; the commitments counted are the
/// non-CANCELLED commitments to those projects pledged within `from`..`to`; *committed* is the
/// projects' own contributions plus those commitments (FINANCIAL and valued in-kind), as in
/// `Project.funding`.
#[Object]
impl Stats {
    /// Organizations of the center and zone, working in the sector, carrying a project of the
    /// program (when those are given).
    async fn organizations(&self, ctx: &Context<'_>) -> Result<OrganizationStats> {
        let counts = stats::organization_counts(db(ctx)?, &self.filter).await?;
        Ok(organization_stats(counts))
    }

    /// The projects counted, by status (every status, zeros included).
    async fn projects(&self, ctx: &Context<'_>) -> Result<ProjectStats> {
        let figures = self.project_figures(ctx).await?;
        Ok(project_stats(figures, self.filter.currency))
    }

    /// The financing of the projects counted.
    async fn funding(&self, ctx: &Context<'_>) -> Result<FundingStats> {
        let projects = self.project_figures(ctx).await?;
        let commitments = *self.commitment_figures(ctx).await?;
        Ok(funding_stats(projects, commitments, self.filter.currency))
    }

    /// Each partner's counted commitments, the largest first.
    async fn by_partner(&self, ctx: &Context<'_>) -> Result<Vec<PartnerTotals>> {
        let selection = ctx.look_ahead();
        let fields = stats::PartnerFields {
            disbursed: selection.field("disbursed").exists(),
            projects_count: selection.field("projectsCount").exists(),
        };
        let rows = stats::by_partner(db(ctx)?, &self.filter, fields).await?;
        let partners = &loaders(ctx)?.partners;
        try_join_all(rows.into_iter().map(|row| async move {
            Ok::<_, async_graphql::Error>(PartnerTotals {
                partner: Partner(required(partners, row.partner_id).await?),
                committed: self.money(row.committed),
                disbursed: self.money(row.disbursed),
                commitments_count: int(row.commitments_count),
                projects_count: int(row.projects_count),
            })
        }))
        .await
    }

    /// Per partner, the funding requests sent to it for the projects counted (submitted within
    /// `from`..`to`, amounts in the filter's currency): how many, how many it accepted and
    /// declined, its acceptance rate, and the amounts asked and accepted; the most asked first.
    async fn funding_requests_by_partner(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::graphql::types::funding_search::PartnerFundingRequests>> {
        crate::graphql::types::funding_search::requests_by_partner(ctx, &self.filter).await
    }

    /// The projects counted, by program (projects outside any program are left out).
    async fn by_program(&self, ctx: &Context<'_>) -> Result<Vec<ProgramTotals>> {
        let rows = stats::by_group(db(ctx)?, &self.filter, Grouping::Program).await?;
        let programs = &loaders(ctx)?.programs;
        try_join_all(rows.into_iter().map(|row| async move {
            let id: i64 = row.key.parse()?;
            Ok::<_, async_graphql::Error>(ProgramTotals {
                program: Program(required(programs, id).await?),
                committed: self.money(row.committed),
                projects_count: int(row.projects_count),
            })
        }))
        .await
    }

    /// The projects counted, by zone (projects without a zone are left out).
    async fn by_zone(&self, ctx: &Context<'_>) -> Result<Vec<ZoneTotals>> {
        let rows = stats::by_group(db(ctx)?, &self.filter, Grouping::Zone).await?;
        let zones = &loaders(ctx)?.zones;
        try_join_all(rows.into_iter().map(|row| async move {
            let id: i64 = row.key.parse()?;
            Ok::<_, async_graphql::Error>(ZoneTotals {
                zone: Zone(required(zones, id).await?),
                projects_count: int(row.projects_count),
                committed: self.money(row.committed),
                beneficiaries: int(row.beneficiaries),
            })
        }))
        .await
    }

    /// The projects counted, by sector.
    async fn by_sector(&self, ctx: &Context<'_>) -> Result<Vec<SectorTotals>> {
        let rows = stats::by_group(db(ctx)?, &self.filter, Grouping::Sector).await?;
        rows.iter()
            .map(|row| sector_totals(row, self.filter.currency))
            .collect()
    }

    /// The events of the center (when given) starting within `from`..`to`, counted per kind
    /// (every kind, zeros included); the program, zone and sector do not apply to events.
    async fn events_by_kind(&self, ctx: &Context<'_>) -> Result<Vec<EventKindCount>> {
        let counts = crate::service::event::stats::events_by_kind(db(ctx)?, &self.filter).await?;
        Ok(counts
            .into_iter()
            .map(|(kind, count)| event_kind_count(kind, count))
            .collect())
    }

    /// The accompaniment sessions held (capacity building): how many, their hours and
    /// participants, by kind, zone and organization. Counts no money: the currency filters nothing.
    async fn support_sessions(&self) -> sessions::SupportSessionStats {
        sessions::SupportSessionStats::new(self.filter.clone())
    }

    /// Commitments counted per period of their pledge date, and disbursements per period of their
    /// payment date; buckets start on the period's first day (UTC), empty ones included. At most
    /// 2,400 buckets: a wider series (the filter's `from`..`to`, or the dates found) is refused
    /// with BAD_USER_INPUT; narrow `from` and `to`, or use a coarser interval.
    async fn commitments_over_time(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            default_with = "Some(TimeInterval::Month)",
            desc = "The length of each period; MONTH when not given."
        )]
        interval: Option<TimeInterval>,
    ) -> Result<Vec<TimeBucket>> {
        let interval = interval.unwrap_or_default().into();
        let buckets = stats::over_time(db(ctx)?, &self.filter, interval).await?;
        Ok(buckets
            .into_iter()
            .map(|bucket| time_bucket(bucket, self.filter.currency))
            .collect())
    }
}

/// How many organizations the filter counts.
#[derive(SimpleObject)]
pub struct OrganizationStats {
    /// Associations and cooperatives together.
    total: i32,
    /// Associations.
    associations: i32,
    /// Cooperatives.
    cooperatives: i32,
    /// Members of the associative network (with a `networkMemberSince`).
    network_members: i32,
}

/// How many of the projects counted are in one status.
#[derive(SimpleObject)]
pub struct ProjectStatusCount {
    /// The status.
    status: ProjectStatus,
    /// How many projects are in it; zero included.
    count: i32,
}

/// The projects the filter counts, summed up.
#[derive(SimpleObject)]
pub struct ProjectStats {
    /// How many projects.
    total: i32,
    /// How many projects in each status, every status listed, zeros included.
    by_status: Vec<ProjectStatusCount>,
    /// The sum of their total costs.
    total_cost: Money,
    /// The sum of their beneficiaries (projects with no count add nothing).
    beneficiaries: i32,
}

/// The financing plan of all the projects counted, added up as each `Project.funding` is.
#[derive(SimpleObject)]
pub struct FundingStats {
    /// The sum of the projects' total costs.
    total_cost: Money,
    /// Own contributions + counted commitments (FINANCIAL and valued in-kind).
    committed: Money,
    /// Paid on the counted commitments.
    disbursed: Money,
    /// totalCost − committed, never below zero.
    gap: Money,
    /// committed / totalCost, to four places, rounded down.
    coverage_rate: Decimal,
    /// The valued in-kind part of committed.
    in_kind_valued: Money,
}

/// One partner's commitments counted by `stats`.
#[derive(SimpleObject)]
pub struct PartnerTotals {
    /// The partner.
    partner: Partner,
    /// Its counted commitments, FINANCIAL and valued in-kind.
    committed: Money,
    /// What it paid on them.
    disbursed: Money,
    /// How many commitments are counted.
    commitments_count: i32,
    /// How many distinct projects they go to.
    projects_count: i32,
}

/// The projects counted under one program.
#[derive(SimpleObject)]
pub struct ProgramTotals {
    /// The program.
    program: Program,
    /// Own contributions + counted commitments of the program's projects.
    committed: Money,
    /// How many of the projects counted are under it.
    projects_count: i32,
}

/// The projects counted in one zone.
#[derive(SimpleObject)]
pub struct ZoneTotals {
    /// The zone.
    zone: Zone,
    /// How many of the projects counted serve it.
    projects_count: i32,
    /// Own contributions + counted commitments of those projects.
    committed: Money,
    /// The sum of those projects' beneficiaries.
    beneficiaries: i32,
}

/// The projects counted in one sector.
#[derive(SimpleObject)]
pub struct SectorTotals {
    /// The sector.
    sector: Sector,
    /// How many of the projects counted work in it.
    projects_count: i32,
    /// Own contributions + counted commitments of those projects.
    committed: Money,
}

/// One period of a time series of commitments and payments.
#[derive(SimpleObject)]
pub struct TimeBucket {
    /// The first day of the period.
    start: Date,
    /// The counted commitments pledged in the period (FINANCIAL and valued in-kind).
    committed: Money,
    /// What was paid in the period on the counted commitments.
    disbursed: Money,
    /// How many counted commitments were pledged in the period.
    count: i32,
}

/// The count of one kind as `stats.eventsByKind` shows it, figure by figure or planned.
pub(crate) fn event_kind_count(
    kind: crate::domain::event::EventKind,
    count: i64,
) -> EventKindCount {
    EventKindCount {
        kind: kind.into(),
        count: i32::try_from(count).unwrap_or(i32::MAX),
    }
}

/// How many events of one kind.
#[derive(SimpleObject)]
pub struct EventKindCount {
    /// The kind of event.
    pub kind: crate::graphql::types::event::EventKind,
    /// How many events of that kind.
    pub count: i32,
}
