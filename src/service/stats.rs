//! The dashboard figures (`Query.stats`), every one a SQL aggregate under the same filter: one
//! statement per figure whatever the data size, or every figure asked in one statement
//! ([`read_stats`]), both from the same query of each figure.
//!
//! Definitions, shared with `Project.funding` so that a dashboard adds up to its project pages
//! (every sum is one of [`crate::service::figures`]): the projects counted are those in the
//! filter's currency matching its center, program, zone and sector;
//! the commitments counted are the non-CANCELLED commitments to those projects pledged within
//! the filter's dates (commitments to a center itself fund no project and are not counted);
//! *committed* is the projects' own contributions plus those commitments' amounts (FINANCIAL
//! and valued in-kind); *disbursed* is what was paid on those commitments.

mod buckets;
pub(crate) mod filter;
mod json;
mod planned;
mod sql;

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ActiveEnum, DatabaseConnection, FromQueryResult, JoinType, Statement};
use serde::Deserialize;

pub use buckets::{Interval, MAX_BUCKETS, TimeBucket};
pub use planned::{PlannedStats, SessionsRead, StatsRead, WithRow, read_stats};

use crate::domain::money::Currency;
use crate::domain::organization::{OrganizationKind, Sector};
use crate::domain::project::ProjectStatus;
use crate::entity::{commitment, organization, organization_sector, project};
use crate::error::Result;
use crate::service::figures::{self, COMMITMENT, PROJECT, c, p};

/// The alias of the organizations counted.
const ORGANIZATION: &str = "o";

/// What the figures are restricted to; ids are row ids.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StatsFilter {
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub zone_id: Option<i64>,
    pub sector: Option<Sector>,
    /// Pledge dates of the commitments counted, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only projects (and so commitments) in this currency are counted: amounts of different
    /// currencies are never added.
    pub currency: Currency,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult, Deserialize)]
pub struct OrganizationCounts {
    pub total: i64,
    pub associations: i64,
    pub cooperatives: i64,
    pub network_members: i64,
}

/// Organizations of the filter's center and zone, working in its sector, and (with a program)
/// carrying a project of it.
pub async fn organization_counts(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<OrganizationCounts> {
    Ok(
        OrganizationCounts::find_by_statement(build(db, &organizations_query(filter)))
            .one(db)
            .await?
            .unwrap_or_default(),
    )
}

/// The one row of [`OrganizationCounts`].
fn organizations_query(filter: &StatsFilter) -> SelectStatement {
    let o = |column| Expr::col((Alias::new(ORGANIZATION), column));
    let how_many = |condition: Expr| figures::total(Expr::case(condition, 1).finally(0));
    let kind = |kind: OrganizationKind| o(organization::Column::Kind).eq(kind.to_value());
    let mut query = Query::select();
    query
        .expr_as(figures::count(Expr::cust("*")), "total")
        .expr_as(
            how_many(kind(OrganizationKind::Association)),
            "associations",
        )
        .expr_as(
            how_many(kind(OrganizationKind::Cooperative)),
            "cooperatives",
        )
        .expr_as(
            how_many(o(organization::Column::NetworkMemberSince).is_not_null()),
            "network_members",
        )
        .from_as(organization::Entity, Alias::new(ORGANIZATION));
    if let Some(id) = filter.center_id {
        query.and_where(o(organization::Column::CenterId).eq(id));
    }
    if let Some(id) = filter.zone_id {
        query.and_where(o(organization::Column::ZoneId).eq(id));
    }
    if let Some(sector) = filter.sector {
        let sectors = Query::select()
            .column(organization_sector::Column::OrganizationId)
            .from(organization_sector::Entity)
            .and_where(Expr::col(organization_sector::Column::Sector).eq(sector.to_value()))
            .to_owned();
        query.and_where(o(organization::Column::Id).in_subquery(sectors));
    }
    if let Some(id) = filter.program_id {
        let carriers = Query::select()
            .column(project::Column::CarrierId)
            .from(project::Entity)
            .and_where(Expr::col(project::Column::ProgramId).eq(id))
            .to_owned();
        query.and_where(o(organization::Column::Id).in_subquery(carriers));
    }
    query
}

/// One row per project status of the filtered projects.
#[derive(Clone, Debug, FromQueryResult)]
pub struct StatusFigures {
    pub status: ProjectStatus,
    pub count: i64,
    pub total_cost: i64,
    pub own_contribution: i64,
    pub beneficiaries: i64,
}

pub async fn project_figures(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<Vec<StatusFigures>> {
    Ok(
        StatusFigures::find_by_statement(build(db, &project_query(filter)))
            .all(db)
            .await?,
    )
}

/// The rows of [`StatusFigures`].
fn project_query(filter: &StatsFilter) -> SelectStatement {
    Query::select()
        .expr_as(p(project::Column::Status), "status")
        .expr_as(figures::count(Expr::val(1)), "count")
        .expr_as(figures::total(p(project::Column::TotalCost)), "total_cost")
        .expr_as(
            figures::total(p(project::Column::OwnContribution)),
            "own_contribution",
        )
        .expr_as(
            figures::total(p(project::Column::BeneficiariesCount)),
            "beneficiaries",
        )
        .from_as(project::Entity, Alias::new(PROJECT))
        .cond_where(filter::projects(filter))
        .group_by_col((Alias::new(PROJECT), project::Column::Status))
        .to_owned()
}

fn build(db: &DatabaseConnection, query: &SelectStatement) -> Statement {
    db.get_database_backend().build(query)
}

/// The counted commitments of the filtered projects, summed.
#[derive(Clone, Copy, Debug, Default, FromQueryResult, Deserialize)]
pub struct CommitmentFigures {
    pub financial: i64,
    pub in_kind: i64,
    pub disbursed: i64,
}

pub async fn commitment_figures(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<CommitmentFigures> {
    Ok(
        CommitmentFigures::find_by_statement(build(db, &commitment_query(filter)))
            .one(db)
            .await?
            .unwrap_or_default(),
    )
}

/// The one row of [`CommitmentFigures`].
fn commitment_query(filter: &StatsFilter) -> SelectStatement {
    let mut query = filter::counted_commitments(filter);
    query
        .expr_as(figures::amount_where(figures::financial()), "financial")
        .expr_as(figures::amount_where(figures::in_kind()), "in_kind")
        .expr_as(figures::total(figures::paid_joined()), "disbursed");
    figures::join_paid(&mut query);
    query
}

/// A partner's counted commitments.
#[derive(Clone, Copy, Debug, FromQueryResult, Deserialize)]
pub struct PartnerFigures {
    pub partner_id: i64,
    pub committed: i64,
    pub disbursed: i64,
    pub commitments_count: i64,
    pub projects_count: i64,
}

/// Which of a partner's figures were asked for: the others cost nothing and read zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartnerFields {
    /// A look-up of the payments of every commitment.
    pub disbursed: bool,
    /// A `COUNT(DISTINCT …)`, which sorts.
    pub projects_count: bool,
}

/// Every partner with counted commitments, the largest first.
pub async fn by_partner(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    fields: PartnerFields,
) -> Result<Vec<PartnerFigures>> {
    Ok(
        PartnerFigures::find_by_statement(build(db, &partner_query(filter, fields)))
            .all(db)
            .await?,
    )
}

/// The rows of [`PartnerFigures`], in their order.
fn partner_query(filter: &StatsFilter, fields: PartnerFields) -> SelectStatement {
    let mut query = filter::counted_commitments(filter);
    query
        .expr_as(c(commitment::Column::PartnerId), "partner_id")
        .expr_as(figures::amount_where(figures::counted()), "committed")
        .expr_as(figures::count(Expr::val(1)), "commitments_count");
    if fields.disbursed {
        query.expr_as(figures::total(figures::paid_joined()), "disbursed");
        figures::join_paid(&mut query);
    } else {
        query.expr_as(Expr::val(0).cast_as(Alias::new("BIGINT")), "disbursed");
    }
    let projects = if fields.projects_count {
        figures::count_distinct(c(commitment::Column::ProjectId))
    } else {
        Expr::val(0).cast_as(Alias::new("BIGINT"))
    };
    query
        .expr_as(projects, "projects_count")
        .group_by_col((Alias::new(COMMITMENT), commitment::Column::PartnerId))
        .order_by(Alias::new("committed"), Order::Desc)
        .order_by(
            (Alias::new(COMMITMENT), commitment::Column::PartnerId),
            Order::Asc,
        );
    query
}

/// A group of the filtered projects: how many, what is committed to them, whom they serve.
#[derive(Clone, Debug, FromQueryResult, Deserialize)]
pub struct GroupFigures {
    pub key: String,
    pub projects_count: i64,
    pub committed: i64,
    pub beneficiaries: i64,
}

/// What the filtered projects are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grouping {
    Program,
    Zone,
    Sector,
}

/// The filtered projects grouped by program, zone or sector (projects without one are left out),
/// each group with its committed money (own contributions + counted commitments).
pub async fn by_group(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    grouping: Grouping,
) -> Result<Vec<GroupFigures>> {
    Ok(
        GroupFigures::find_by_statement(build(db, &group_query(filter, grouping)))
            .all(db)
            .await?,
    )
}

/// The rows of [`GroupFigures`] in their order, each with the raw group column as `group_id`
/// (the row id of a program or a zone) besides its text `key`.
fn group_query(filter: &StatsFilter, grouping: Grouping) -> SelectStatement {
    let column = match grouping {
        Grouping::Program => project::Column::ProgramId,
        Grouping::Zone => project::Column::ZoneId,
        Grouping::Sector => project::Column::Sector,
    };
    let committed = Alias::new("cs");
    let mut per_project = Query::select();
    per_project
        .expr_as(c(commitment::Column::ProjectId), "project_id")
        .expr_as(figures::amount_where(figures::counted()), "amount")
        .from_as(commitment::Entity, Alias::new(COMMITMENT))
        .cond_where(filter::commitments(filter))
        .and_where(figures::to_project())
        .group_by_col((Alias::new(COMMITMENT), commitment::Column::ProjectId));
    let own_and_counted = p(project::Column::OwnContribution)
        .add(Expr::col((committed.clone(), Alias::new("amount"))).if_null(0));
    Query::select()
        .expr_as(p(column).cast_as(Alias::new("VARCHAR(32)")), "key")
        .expr_as(p(column), "group_id")
        .expr_as(figures::count(Expr::val(1)), "projects_count")
        .expr_as(figures::total(own_and_counted), "committed")
        .expr_as(
            figures::total(p(project::Column::BeneficiariesCount)),
            "beneficiaries",
        )
        .from_as(project::Entity, Alias::new(PROJECT))
        .join_subquery(
            JoinType::LeftJoin,
            per_project,
            committed.clone(),
            Expr::col((committed, Alias::new("project_id")))
                .equals((Alias::new(PROJECT), project::Column::Id)),
        )
        .and_where(p(column).is_not_null())
        .cond_where(filter::projects(filter))
        .group_by_col((Alias::new(PROJECT), column))
        .order_by(Alias::new("committed"), Order::Desc)
        .order_by(Alias::new("key"), Order::Asc)
        .to_owned()
}

/// Commitments (by pledge date) and their disbursements (by payment date), per bucket of
/// `interval`, with the empty buckets between the first and the last; a series of more than
/// [`buckets::MAX_BUCKETS`] buckets is refused (`BadInput`).
pub async fn over_time(
    db: &DatabaseConnection,
    filter: &StatsFilter,
    interval: Interval,
) -> Result<Vec<TimeBucket>> {
    buckets::over_time(db, filter, interval).await
}
