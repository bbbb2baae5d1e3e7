//! What lowering a program's co-financing rate must respect: on every project of the program,
//! what the funder already committed under it stays within `floor(rate × totalCost)`
//! (DESIGN.md, "Co-financing cap"). The sums come from the database, one `GROUP BY`.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
};

use crate::domain::commitment::CommitmentStatus;
use crate::domain::money::centimes_to_decimal;
use crate::domain::rate::Rate;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{commitment, program, project};
use crate::error::Result;
use crate::service::write;

/// Locks the program's projects (on PostgreSQL), in the order commitment writes take them —
/// project first, then program — so that no commitment slips in while the rate is checked.
pub async fn lock_projects(txn: &DatabaseTransaction, program_id: i64) -> Result<()> {
    let projects = project::Entity::find().filter(project::Column::ProgramId.eq(program_id));
    write::locked(projects, txn)
        .select_only()
        .column(project::Column::Id)
        .into_tuple::<i64>()
        .all(txn)
        .await?;
    Ok(())
}

/// A project of the program and what the funder committed on it under the program.
#[derive(Debug, FromQueryResult)]
struct Committed {
    reference: String,
    total_cost: i64,
    committed: i64,
}

/// COFINANCING_CAP_EXCEEDED on `maxCofinancingRate` when a project of `program` holds more from
/// its funder, under the program and not CANCELLED, than `rate` allows on its total cost.
pub async fn check_lowered_rate(
    txn: &DatabaseTransaction,
    program: &program::Model,
    rate: Rate,
) -> Result<()> {
    let rows = committed_by_project(txn, program).await?;
    let Some(over) = rows
        .iter()
        .find(|row| row.committed > rate.cap_of(row.total_cost))
    else {
        return Ok(());
    };
    Err(UserError::new(
        ErrorCode::CofinancingCapExceeded,
        &["input", "maxCofinancingRate"],
        format!(
            "project {} already holds {} from the funder under this program, more than {} \
             allows on its total cost of {}",
            over.reference,
            centimes_to_decimal(over.committed),
            rate.to_decimal(),
            centimes_to_decimal(over.total_cost),
        ),
    )
    .into())
}

/// Per project of the program: the funder's valued, non-cancelled commitments under it.
async fn committed_by_project(
    txn: &DatabaseTransaction,
    program: &program::Model,
) -> Result<Vec<Committed>> {
    let amount = Expr::col((commitment::Entity, commitment::Column::Amount));
    let query = Query::select()
        .column((project::Entity, project::Column::Reference))
        .column((project::Entity, project::Column::TotalCost))
        .expr_as(amount.sum().cast_as(Alias::new("BIGINT")), "committed")
        .from(project::Entity)
        .inner_join(
            commitment::Entity,
            Expr::col((commitment::Entity, commitment::Column::ProjectId))
                .equals((project::Entity, project::Column::Id)),
        )
        .and_where(project::Column::ProgramId.eq(program.id))
        .and_where(commitment::Column::ProgramId.eq(program.id))
        .and_where(commitment::Column::PartnerId.eq(program.funder_id))
        .and_where(commitment::Column::Status.ne(CommitmentStatus::Cancelled))
        .and_where(commitment::Column::Amount.is_not_null())
        .group_by_col((project::Entity, project::Column::Id))
        .group_by_col((project::Entity, project::Column::Reference))
        .group_by_col((project::Entity, project::Column::TotalCost))
        .to_owned();
    let statement = txn.get_database_backend().build(&query);
    Ok(Committed::find_by_statement(statement).all(txn).await?)
}
