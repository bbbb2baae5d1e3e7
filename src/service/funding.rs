//! Money figures computed by the database: each project's funding inputs, each partner's
//! totals per currency, each commitment's disbursed amount. One `GROUP BY` statement per batch
//! of ids, every sum one of the definitions of [`crate::service::figures`].

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, FromQueryResult, JoinType};

use crate::domain::funding::CommitmentSums;
use crate::domain::money::Currency;
use crate::domain::rate::Rate;
use crate::domain::rules::PlanState;
use crate::entity::{commitment, disbursement, program, project};
use crate::error::{AppError, Result};
use crate::service::figures::{self, COMMITMENT, PROGRAM, PROJECT, c, p, pr};

mod planned;

pub use planned::{
    plan_disbursed, plan_funding, plan_totals, planned_disbursed, planned_funding, planned_totals,
};

/// A project's money as [`project_sums`] selects it, or as a planned read's JSON holds it.
#[derive(FromQueryResult, serde::Deserialize)]
struct ProjectSumsRow {
    project_id: i64,
    reference: String,
    total_cost: i64,
    own_contribution: i64,
    rate_bp: Option<i32>,
    financial: i64,
    in_kind: i64,
    secured: i64,
    program: i64,
    disbursed: i64,
}

/// What the financing plan of a project is computed from: its commitment sums and the
/// co-financing rate of its program, if any.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FundingInputs {
    pub sums: CommitmentSums,
    /// The program's cap in basis points; `None` outside any program.
    pub program_rate_bp: Option<i32>,
}

/// A project's money as the database holds it: what the rules of DESIGN.md constrain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectMoney {
    pub project_id: i64,
    pub reference: String,
    pub total_cost: i64,
    pub own_contribution: i64,
    pub inputs: FundingInputs,
}

impl ProjectMoney {
    /// The state the financing plan and the co-financing cap are checked on.
    pub fn plan(&self) -> Result<PlanState> {
        let rate = self
            .inputs
            .program_rate_bp
            .map(Rate::from_stored)
            .transpose()
            .map_err(|err| AppError::bad_input(err.to_string()))?;
        let sums = self.inputs.sums;
        Ok(PlanState {
            total_cost: self.total_cost,
            own_contribution: self.own_contribution,
            committed: sums.financial.saturating_add(sums.in_kind),
            program_committed: sums.program,
            program_rate: rate,
        })
    }
}

/// Which projects' money to read.
#[derive(Clone, Copy, Debug)]
pub enum Projects<'a> {
    Ids(&'a [i64]),
    /// Every project of a program.
    OfProgram(i64),
    /// The project of a planned read's row, by its alias: a correlated subquery.
    Row(&'a str),
}

/// The values [`project_sums`] selects, by name: the fields of [`ProjectSumsRow`].
fn project_sum_values() -> Vec<(&'static str, Expr)> {
    vec![
        ("project_id", p(project::Column::Id)),
        ("reference", p(project::Column::Reference)),
        ("total_cost", p(project::Column::TotalCost)),
        ("own_contribution", p(project::Column::OwnContribution)),
        ("rate_bp", pr(program::Column::MaxCofinancingRateBp)),
        ("financial", figures::amount_where(figures::financial())),
        ("in_kind", figures::amount_where(figures::in_kind())),
        ("secured", figures::amount_where(figures::secured())),
        ("program", figures::amount_where(figures::program_share())),
        ("disbursed", figures::total(figures::paid_each())),
    ]
}

/// The statement summing each project's commitments with the figures' definitions.
fn project_sums(projects: Projects<'_>) -> SelectStatement {
    let mut query = project_sums_source(projects);
    for (name, value) in project_sum_values() {
        query.expr_as(value, name);
    }
    query
}

/// [`project_sums`] without its select list: the projects `p`, their program `pr` and their
/// commitments `c`, one group per project.
fn project_sums_source(projects: Projects<'_>) -> SelectStatement {
    let (c_alias, p_alias, pr_alias) = (
        Alias::new(COMMITMENT),
        Alias::new(PROJECT),
        Alias::new(PROGRAM),
    );
    let mut query = Query::select();
    query
        .from_as(project::Entity, p_alias.clone())
        .join_as(
            JoinType::LeftJoin,
            program::Entity,
            pr_alias,
            pr(program::Column::Id).equals((p_alias.clone(), project::Column::ProgramId)),
        )
        .join_as(
            JoinType::LeftJoin,
            commitment::Entity,
            c_alias,
            c(commitment::Column::ProjectId).equals((p_alias, project::Column::Id)),
        );
    match projects {
        Projects::Ids(ids) => query.and_where(p(project::Column::Id).is_in(ids.iter().copied())),
        Projects::OfProgram(id) => query.and_where(p(project::Column::ProgramId).eq(id)),
        Projects::Row(alias) => {
            query.and_where(p(project::Column::Id).equals((Alias::new(alias), project::Column::Id)))
        }
    };
    query
        .group_by_columns([
            (Alias::new(PROJECT), project::Column::Id),
            (Alias::new(PROJECT), project::Column::Reference),
            (Alias::new(PROJECT), project::Column::TotalCost),
            (Alias::new(PROJECT), project::Column::OwnContribution),
        ])
        .group_by_col((Alias::new(PROGRAM), program::Column::MaxCofinancingRateBp))
        .to_owned()
}

/// Each project's money, in one statement; every existing project asked for is present.
pub async fn project_money(
    db: &impl ConnectionTrait,
    projects: Projects<'_>,
) -> Result<Vec<ProjectMoney>> {
    if matches!(projects, Projects::Ids([])) {
        return Ok(Vec::new());
    }
    let statement = db.get_database_backend().build(&project_sums(projects));
    let rows = ProjectSumsRow::find_by_statement(statement).all(db).await?;
    Ok(rows.into_iter().map(ProjectMoney::from).collect())
}

impl From<ProjectSumsRow> for ProjectMoney {
    fn from(row: ProjectSumsRow) -> Self {
        ProjectMoney {
            project_id: row.project_id,
            reference: row.reference,
            total_cost: row.total_cost,
            own_contribution: row.own_contribution,
            inputs: FundingInputs {
                sums: CommitmentSums {
                    financial: row.financial,
                    in_kind: row.in_kind,
                    secured: row.secured,
                    program: row.program,
                    disbursed: row.disbursed,
                },
                program_rate_bp: row.rate_bp,
            },
        }
    }
}

/// The funding inputs of each project, in one statement; every existing project is present.
pub async fn funding_inputs(
    db: &impl ConnectionTrait,
    projects: &[i64],
) -> Result<HashMap<i64, FundingInputs>> {
    let rows = project_money(db, Projects::Ids(projects)).await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.project_id, row.inputs))
        .collect())
}

/// A partner's commitments in one currency, summed up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromQueryResult, serde::Deserialize)]
pub struct PartnerTotals {
    pub partner_id: i64,
    /// Not in a planned read's JSON: the currency it was asked for.
    #[serde(skip)]
    pub currency: Currency,
    /// Counted commitments, to projects and to centers.
    pub committed: i64,
    /// The part of `committed` made to projects: what `stats.byPartner` counts.
    pub committed_to_projects: i64,
    pub disbursed: i64,
    /// Commitments that are not CANCELLED.
    pub count: i64,
    /// Distinct projects those commitments target.
    pub projects_count: i64,
}

impl PartnerTotals {
    /// The totals of a partner with nothing in `currency`.
    pub fn empty(partner_id: i64, currency: Currency) -> Self {
        Self {
            partner_id,
            currency,
            committed: 0,
            committed_to_projects: 0,
            disbursed: 0,
            count: 0,
            projects_count: 0,
        }
    }
}

/// Each partner's totals, one entry per currency it committed in.
pub async fn partner_totals(
    db: &impl ConnectionTrait,
    partners: &[i64],
) -> Result<HashMap<i64, Vec<PartnerTotals>>> {
    if partners.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = Query::select();
    query
        .expr_as(c(commitment::Column::PartnerId), "partner_id")
        .expr_as(c(commitment::Column::Currency), "currency");
    for (name, value) in partner_total_values() {
        query.expr_as(value, name);
    }
    query
        .from_as(commitment::Entity, Alias::new(COMMITMENT))
        .and_where(c(commitment::Column::PartnerId).is_in(partners.iter().copied()))
        .group_by_columns([
            (Alias::new(COMMITMENT), commitment::Column::PartnerId),
            (Alias::new(COMMITMENT), commitment::Column::Currency),
        ]);
    let statement = db.get_database_backend().build(&query);
    let rows = PartnerTotals::find_by_statement(statement).all(db).await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.partner_id))
}

/// The sums of [`PartnerTotals`] over a partner's commitments `c` in one currency, by name.
fn partner_total_values() -> Vec<(&'static str, Expr)> {
    vec![
        ("committed", figures::amount_where(figures::counted())),
        (
            "committed_to_projects",
            figures::amount_where(figures::counted().and(figures::to_project())),
        ),
        ("disbursed", figures::total(figures::paid_each())),
        (
            "count",
            figures::count(Expr::case(figures::live(), 1).finally(Expr::null())),
        ),
        (
            "projects_count",
            figures::count_distinct(
                Expr::case(figures::live(), c(commitment::Column::ProjectId)).finally(Expr::null()),
            ),
        ),
    ]
}

#[derive(FromQueryResult)]
struct DisbursedRow {
    commitment_id: i64,
    disbursed: i64,
}

/// What has been paid on each commitment; commitments without payments are absent.
pub async fn disbursed_by_commitment(
    db: &impl ConnectionTrait,
    commitments: &[i64],
) -> Result<HashMap<i64, i64>> {
    if commitments.is_empty() {
        return Ok(HashMap::new());
    }
    let query = Query::select()
        .expr_as(
            Expr::col(disbursement::Column::CommitmentId),
            "commitment_id",
        )
        .expr_as(
            figures::total(Expr::col(disbursement::Column::Amount)),
            "disbursed",
        )
        .from(disbursement::Entity)
        .and_where(disbursement::Column::CommitmentId.is_in(commitments.iter().copied()))
        .group_by_col(disbursement::Column::CommitmentId)
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    let rows = DisbursedRow::find_by_statement(statement).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.commitment_id, row.disbursed))
        .collect())
}
