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

#[derive(FromQueryResult)]
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
}

/// The statement summing each project's commitments with the figures' definitions.
fn project_sums(projects: Projects<'_>) -> SelectStatement {
    let (c_alias, p_alias, pr_alias) = (
        Alias::new(COMMITMENT),
        Alias::new(PROJECT),
        Alias::new(PROGRAM),
    );
    let mut query = Query::select();
    query
        .expr_as(p(project::Column::Id), "project_id")
        .expr_as(p(project::Column::Reference), "reference")
        .expr_as(p(project::Column::TotalCost), "total_cost")
        .expr_as(p(project::Column::OwnContribution), "own_contribution")
        .expr_as(pr(program::Column::MaxCofinancingRateBp), "rate_bp")
        .expr_as(figures::amount_where(figures::financial()), "financial")
        .expr_as(figures::amount_where(figures::in_kind()), "in_kind")
        .expr_as(figures::amount_where(figures::secured()), "secured")
        .expr_as(figures::amount_where(figures::program_share()), "program")
        .expr_as(figures::total(figures::paid_each()), "disbursed")
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
    Ok(rows
        .into_iter()
        .map(|row| ProjectMoney {
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
        })
        .collect())
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, FromQueryResult)]
pub struct PartnerTotals {
    pub partner_id: i64,
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
    let query = Query::select()
        .expr_as(c(commitment::Column::PartnerId), "partner_id")
        .expr_as(c(commitment::Column::Currency), "currency")
        .expr_as(figures::amount_where(figures::counted()), "committed")
        .expr_as(
            figures::amount_where(figures::counted().and(figures::to_project())),
            "committed_to_projects",
        )
        .expr_as(figures::total(figures::paid_each()), "disbursed")
        .expr_as(
            figures::count(Expr::case(figures::live(), 1).finally(Expr::null())),
            "count",
        )
        .expr_as(
            figures::count_distinct(
                Expr::case(figures::live(), c(commitment::Column::ProjectId)).finally(Expr::null()),
            ),
            "projects_count",
        )
        .from_as(commitment::Entity, Alias::new(COMMITMENT))
        .and_where(c(commitment::Column::PartnerId).is_in(partners.iter().copied()))
        .group_by_columns([
            (Alias::new(COMMITMENT), commitment::Column::PartnerId),
            (Alias::new(COMMITMENT), commitment::Column::Currency),
        ])
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    let rows = PartnerTotals::find_by_statement(statement).all(db).await?;
    Ok(crate::service::lookup::group_by(rows, |row| row.partner_id))
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
