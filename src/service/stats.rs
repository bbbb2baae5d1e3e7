//! The dashboard figures (`Query.stats`), every one a SQL aggregate, one statement per figure
//! whatever the data size, all under the same filter.
//!
//! Definitions, shared with `Project.funding` so that a dashboard adds up to its project pages:
//! the projects counted are those matching the center, program, zone and sector of the filter;
//! the commitments counted are the non-CANCELLED commitments to those projects pledged within
//! the filter's dates (commitments to a center itself fund no project and are not counted);
//! *committed* is the projects' own contributions plus those commitments' amounts (FINANCIAL
//! and valued in-kind); *disbursed* is what was paid on those commitments.

mod buckets;
mod sql;

use chrono::NaiveDate;
use sea_orm::{DatabaseConnection, FromQueryResult};

pub use buckets::{Interval, MAX_BUCKETS, TimeBucket};

use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;
use crate::error::Result;
use sql::Sql;

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
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult)]
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
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT CAST(COUNT(*) AS BIGINT) AS total,
           CAST(COALESCE(SUM(CASE WHEN o.kind = 'ASSOCIATION' THEN 1 ELSE 0 END), 0) AS BIGINT) AS associations,
           CAST(COALESCE(SUM(CASE WHEN o.kind = 'COOPERATIVE' THEN 1 ELSE 0 END), 0) AS BIGINT) AS cooperatives,
           CAST(COALESCE(SUM(CASE WHEN o.network_member_since IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS network_members
         FROM organizations o WHERE 1 = 1",
    );
    if let Some(id) = filter.center_id {
        sql.push(" AND o.center_id = ").bind(id);
    }
    if let Some(id) = filter.zone_id {
        sql.push(" AND o.zone_id = ").bind(id);
    }
    if let Some(sector) = filter.sector {
        sql.push(
            " AND o.id IN (SELECT s.organization_id FROM organization_sectors s WHERE s.sector = ",
        )
        .bind(sea_orm::ActiveEnum::to_value(&sector))
        .push(")");
    }
    if let Some(id) = filter.program_id {
        sql.push(" AND o.id IN (SELECT p.carrier_id FROM projects p WHERE p.program_id = ")
            .bind(id)
            .push(")");
    }
    Ok(OrganizationCounts::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or_default())
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
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "SELECT p.status AS status, CAST(COUNT(*) AS BIGINT) AS count,
           CAST(SUM(p.total_cost) AS BIGINT) AS total_cost,
           CAST(SUM(p.own_contribution) AS BIGINT) AS own_contribution,
           CAST(COALESCE(SUM(p.beneficiaries_count), 0) AS BIGINT) AS beneficiaries
         FROM projects p WHERE 1 = 1",
    );
    sql.project_filter(filter).push(" GROUP BY p.status");
    Ok(StatusFigures::find_by_statement(sql.statement())
        .all(db)
        .await?)
}

/// The counted commitments of the filtered projects, summed.
#[derive(Clone, Copy, Debug, Default, FromQueryResult)]
pub struct CommitmentFigures {
    pub financial: i64,
    pub in_kind: i64,
    pub disbursed: i64,
}

/// What was paid on each commitment, joined as `dd`: one pass over the disbursements, cheaper
/// than a look-up per commitment when a figure covers thousands of them.
const PAID: &str = " LEFT JOIN (SELECT d.commitment_id, SUM(d.amount) AS paid FROM disbursements d \
                    GROUP BY d.commitment_id) dd ON dd.commitment_id = c.id";

pub async fn commitment_figures(
    db: &DatabaseConnection,
    filter: &StatsFilter,
) -> Result<CommitmentFigures> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN c.kind = 'FINANCIAL' THEN c.amount ELSE 0 END), 0) AS BIGINT) AS financial,
           CAST(COALESCE(SUM(CASE WHEN c.kind <> 'FINANCIAL' THEN COALESCE(c.amount, 0) ELSE 0 END), 0) AS BIGINT) AS in_kind,
           CAST(COALESCE(SUM(dd.paid), 0) AS BIGINT) AS disbursed
         FROM commitments c JOIN projects p ON p.id = c.project_id{PAID} WHERE 1 = 1"
    ));
    sql.project_filter(filter).commitment_filter(filter);
    Ok(CommitmentFigures::find_by_statement(sql.statement())
        .one(db)
        .await?
        .unwrap_or_default())
}

/// A partner's counted commitments.
#[derive(Clone, Copy, Debug, FromQueryResult)]
pub struct PartnerFigures {
    pub partner_id: i64,
    pub committed: i64,
    pub disbursed: i64,
    pub commitments_count: i64,
    pub projects_count: i64,
}

/// Which of a partner's figures were asked for: the others cost nothing and read zero.
#[derive(Clone, Copy, Debug)]
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
    let (disbursed, paid) = if fields.disbursed {
        ("dd.paid", PAID)
    } else {
        ("0", "")
    };
    let projects = if fields.projects_count {
        "COUNT(DISTINCT c.project_id)"
    } else {
        "0"
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT c.partner_id AS partner_id,
           CAST(COALESCE(SUM(COALESCE(c.amount, 0)), 0) AS BIGINT) AS committed,
           CAST(COALESCE(SUM({disbursed}), 0) AS BIGINT) AS disbursed,
           CAST(COUNT(*) AS BIGINT) AS commitments_count,
           CAST({projects} AS BIGINT) AS projects_count
         FROM commitments c JOIN projects p ON p.id = c.project_id{paid} WHERE 1 = 1"
    ));
    sql.project_filter(filter).commitment_filter(filter);
    sql.push(" GROUP BY c.partner_id ORDER BY committed DESC, c.partner_id");
    Ok(PartnerFigures::find_by_statement(sql.statement())
        .all(db)
        .await?)
}

/// A group of the filtered projects: how many, what is committed to them, whom they serve.
#[derive(Clone, Debug, FromQueryResult)]
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
    let column = match grouping {
        Grouping::Program => "p.program_id",
        Grouping::Zone => "p.zone_id",
        Grouping::Sector => "p.sector",
    };
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(&format!(
        "SELECT CAST({column} AS VARCHAR(32)) AS key, CAST(COUNT(*) AS BIGINT) AS projects_count,
           CAST(SUM(p.own_contribution + COALESCE(cs.amount, 0)) AS BIGINT) AS committed,
           CAST(COALESCE(SUM(p.beneficiaries_count), 0) AS BIGINT) AS beneficiaries
         FROM projects p LEFT JOIN (
           SELECT c.project_id AS project_id, SUM(COALESCE(c.amount, 0)) AS amount
           FROM commitments c WHERE c.project_id IS NOT NULL"
    ));
    sql.commitment_filter(filter);
    sql.push(&format!(
        " GROUP BY c.project_id) cs ON cs.project_id = p.id WHERE {column} IS NOT NULL"
    ));
    sql.project_filter(filter);
    sql.push(&format!(" GROUP BY {column} ORDER BY committed DESC, key"));
    Ok(GroupFigures::find_by_statement(sql.statement())
        .all(db)
        .await?)
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
