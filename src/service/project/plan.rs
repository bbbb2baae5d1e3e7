//! Loading, under the project's lock, the state the money rules check.

use sea_orm::DatabaseTransaction;

use crate::domain::rate::Rate;
use crate::domain::rules::PlanState;
use crate::entity::project;
use crate::error::{AppError, Result};
use crate::service::funding::funding_inputs;

/// The project's plan as the database holds it now, plus how much is secured (CONFIRMED or
/// FULFILLED), for `FUNDING_INCOMPLETE`.
pub async fn plan_of(
    txn: &DatabaseTransaction,
    project: &project::Model,
) -> Result<(PlanState, i64)> {
    let inputs = funding_inputs(txn, &[project.id])
        .await?
        .remove(&project.id)
        .unwrap_or_default();
    let rate = inputs
        .program_rate_bp
        .map(Rate::from_stored)
        .transpose()
        .map_err(|err| AppError::bad_input(err.to_string()))?;
    let state = PlanState {
        total_cost: project.total_cost,
        own_contribution: project.own_contribution,
        committed: inputs.sums.financial.saturating_add(inputs.sums.in_kind),
        program_committed: inputs.sums.program,
        program_rate: rate,
    };
    Ok((state, inputs.sums.secured))
}
