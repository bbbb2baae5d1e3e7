//! The lock a change of a program's co-financing rate takes before the pipeline checks the cap
//! on every project of the program (DESIGN.md, "Co-financing cap"; the cap is defined once, in
//! [`crate::service::figures`] and [`crate::service::funding`]).

use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect};

use crate::entity::project;
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
