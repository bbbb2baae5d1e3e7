//! Batched inserts: rows go in groups small enough for every backend's parameter limit.

use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction, DbErr, EntityTrait,
};

/// Rows per INSERT: with about 20 columns, well under SQLite's 32,766 parameters.
const ROWS_PER_STATEMENT: usize = 1_000;

/// Inserts `rows` in batches.
pub async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Moves PostgreSQL's id sequences past the explicit ids written (SQLite's AUTOINCREMENT follows
/// the largest id by itself), so that rows created later through the API get fresh ids.
pub async fn advance_sequences(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    for table in [
        "partners",
        "centers",
        "zones",
        "programs",
        "organizations",
        "users",
        "projects",
        "project_status_changes",
        "commitments",
        "disbursements",
    ] {
        txn.execute_unprepared(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        ))
        .await?;
    }
    Ok(())
}
