//! Money figures computed by the database: each project's funding inputs, each partner's
//! totals, each commitment's disbursed amount. One `GROUP BY` statement per batch of ids.

use std::collections::HashMap;

use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, FromQueryResult, Statement, Value,
};

use crate::domain::funding::CommitmentSums;
use crate::error::Result;

#[derive(FromQueryResult)]
struct ProjectSumsRow {
    project_id: i64,
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

/// The funding inputs of each project, in one statement; every existing project is present.
pub async fn funding_inputs(
    db: &impl ConnectionTrait,
    projects: &[i64],
) -> Result<HashMap<i64, FundingInputs>> {
    if projects.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT p.id AS project_id, pr.max_cofinancing_rate_bp AS rate_bp,
           CAST(COALESCE(SUM(CASE WHEN c.kind = 'FINANCIAL' AND c.status <> 'CANCELLED'
             THEN c.amount ELSE 0 END), 0) AS BIGINT) AS financial,
           CAST(COALESCE(SUM(CASE WHEN c.kind <> 'FINANCIAL' AND c.status <> 'CANCELLED'
             THEN COALESCE(c.amount, 0) ELSE 0 END), 0) AS BIGINT) AS in_kind,
           CAST(COALESCE(SUM(CASE WHEN c.status IN ('CONFIRMED', 'FULFILLED')
             THEN COALESCE(c.amount, 0) ELSE 0 END), 0) AS BIGINT) AS secured,
           CAST(COALESCE(SUM(CASE WHEN c.status <> 'CANCELLED' AND c.program_id = p.program_id
             THEN COALESCE(c.amount, 0) ELSE 0 END), 0) AS BIGINT) AS program,
           CAST(COALESCE(SUM((SELECT SUM(d.amount) FROM disbursements d
             WHERE d.commitment_id = c.id)), 0) AS BIGINT) AS disbursed
         FROM projects p
         LEFT JOIN programs pr ON pr.id = p.program_id
         LEFT JOIN commitments c ON c.project_id = p.id
         WHERE p.id IN ({})
         GROUP BY p.id, pr.max_cofinancing_rate_bp",
        placeholders(db.get_database_backend(), projects.len())
    );
    let rows = ProjectSumsRow::find_by_statement(statement(db, sql, projects))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let sums = CommitmentSums {
                financial: row.financial,
                in_kind: row.in_kind,
                secured: row.secured,
                program: row.program,
                disbursed: row.disbursed,
            };
            let inputs = FundingInputs {
                sums,
                program_rate_bp: row.rate_bp,
            };
            (row.project_id, inputs)
        })
        .collect())
}

/// A partner's commitments summed up (DESIGN.md: amounts in MAD; CANCELLED ones left out).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, FromQueryResult)]
pub struct PartnerTotals {
    pub partner_id: i64,
    /// Financial and valued in-kind commitments that are not CANCELLED.
    pub committed: i64,
    pub disbursed: i64,
    /// Commitments that are not CANCELLED.
    pub count: i64,
    /// Distinct projects those commitments target.
    pub projects_count: i64,
}

pub async fn partner_totals(
    db: &DatabaseConnection,
    partners: &[i64],
) -> Result<HashMap<i64, PartnerTotals>> {
    if partners.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT c.partner_id AS partner_id,
           CAST(COALESCE(SUM(CASE WHEN c.status <> 'CANCELLED' AND c.currency = 'MAD'
             THEN COALESCE(c.amount, 0) ELSE 0 END), 0) AS BIGINT) AS committed,
           CAST(COALESCE(SUM(CASE WHEN c.currency = 'MAD' THEN (SELECT SUM(d.amount)
             FROM disbursements d WHERE d.commitment_id = c.id) ELSE 0 END), 0) AS BIGINT)
             AS disbursed,
           CAST(COUNT(CASE WHEN c.status <> 'CANCELLED' THEN 1 END) AS BIGINT) AS count,
           CAST(COUNT(DISTINCT CASE WHEN c.status <> 'CANCELLED' THEN c.project_id END)
             AS BIGINT) AS projects_count
         FROM commitments c
         WHERE c.partner_id IN ({})
         GROUP BY c.partner_id",
        placeholders(db.get_database_backend(), partners.len())
    );
    let rows = PartnerTotals::find_by_statement(statement(db, sql, partners))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|row| (row.partner_id, row)).collect())
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
    let sql = format!(
        "SELECT commitment_id, CAST(SUM(amount) AS BIGINT) AS disbursed
         FROM disbursements WHERE commitment_id IN ({}) GROUP BY commitment_id",
        placeholders(db.get_database_backend(), commitments.len())
    );
    let rows = DisbursedRow::find_by_statement(statement(db, sql, commitments))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.commitment_id, row.disbursed))
        .collect())
}

/// `$1, $2, …` on PostgreSQL, `?, ?, …` on SQLite.
fn placeholders(backend: DatabaseBackend, count: usize) -> String {
    (1..=count)
        .map(|n| match backend {
            DatabaseBackend::Postgres => format!("${n}"),
            _ => "?".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn statement(db: &impl ConnectionTrait, sql: String, ids: &[i64]) -> Statement {
    let values: Vec<Value> = ids.iter().map(|id| Value::from(*id)).collect();
    Statement::from_sql_and_values(db.get_database_backend(), sql, values)
}
