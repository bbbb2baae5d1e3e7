//! What every write use case shares: a transaction that serializes writers on both backends,
//! row locks, optimistic versions, idempotency keys, and the publication of changes after commit.

use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Select, Set, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use crate::auth::viewer::Viewer;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::idempotency_key;
use crate::error::{AppError, Result, is_unique_violation};
use crate::service::events::EventBus;

mod unit;

pub use unit::{Begun, Blame, Write};

/// What write use cases need beyond the caller: the database and the change bus.
#[derive(Clone, Debug)]
pub struct Services {
    pub db: DatabaseConnection,
    pub events: EventBus,
}

impl Services {
    /// For writes made outside the server (the command line): on PostgreSQL their events reach
    /// the running instances through the database; on SQLite, no one.
    pub fn offline(db: &DatabaseConnection) -> Self {
        Self {
            db: db.clone(),
            events: EventBus::announcing(db),
        }
    }
}

/// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`: writers queue for the database
/// lock up front (within the busy timeout) instead of failing when a read turns into a write.
/// On PostgreSQL, use cases lock the rows they check with [`locked`].
pub async fn begin(db: &DatabaseConnection) -> Result<DatabaseTransaction> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// `SELECT … FOR UPDATE` on PostgreSQL (SQLite's immediate transaction already excludes other
/// writers), so that two requests checking the same rule on the same row take turns.
pub fn locked<E: EntityTrait>(select: Select<E>, txn: &DatabaseTransaction) -> Select<E> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        select.lock(LockType::Update)
    } else {
        select
    }
}

/// `VERSION_CONFLICT` when the caller's `expectedVersion` is not the row's version.
pub fn check_version(expected: Option<i32>, actual: i32) -> Result<()> {
    match expected {
        Some(expected) if expected != actual => Err(UserError::new(
            ErrorCode::VersionConflict,
            &["input", "expectedVersion"],
            format!("the row is at version {actual}: someone changed it first; reload and retry"),
        )
        .into()),
        _ => Ok(()),
    }
}

/// The id a create made the first time `key` was used by this caller for `operation`.
pub async fn replay(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    operation: &str,
    key: Option<&str>,
) -> Result<Option<i64>> {
    let (Some(key), Some(user_id)) = (key, viewer.user_id()) else {
        return Ok(None);
    };
    let found = idempotency_key::Entity::find()
        .filter(idempotency_key::Column::UserId.eq(user_id))
        .filter(idempotency_key::Column::Key.eq(key))
        .one(txn)
        .await?;
    match found {
        Some(row) if row.operation == operation => Ok(Some(row.entity_id)),
        Some(_) => Err(UserError::new(
            ErrorCode::Duplicate,
            &["input", "idempotencyKey"],
            "this key was already used for another operation",
        )
        .into()),
        None => Ok(None),
    }
}

/// Remembers that `key` made entity `id`, in the create's transaction. A concurrent create with
/// the same key fails here on the unique index and is told to replay.
pub async fn remember(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    operation: &str,
    key: Option<&str>,
    entity_type: &str,
    id: i64,
) -> Result<()> {
    let (Some(key), Some(user_id)) = (key, viewer.user_id()) else {
        return Ok(());
    };
    let key = crate::domain::input::text(key, &["input", "idempotencyKey"], 200)?;
    let now = crate::service::now();
    let inserted = idempotency_key::ActiveModel {
        user_id: Set(user_id),
        key: Set(key),
        operation: Set(operation.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await;
    match inserted {
        Ok(_) => Ok(()),
        Err(err) if is_unique_violation(&err) => Err(AppError::Replay),
        Err(err) => Err(err.into()),
    }
}

/// The row an earlier create with the same key made, if any (the create then writes nothing).
pub async fn earlier<E>(
    txn: &DatabaseTransaction,
    viewer: &Viewer,
    operation: &str,
    key: Option<&str>,
) -> Result<Option<E::Model>>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    match replay(txn, viewer, operation, key).await? {
        Some(id) => Ok(Some(
            E::find_by_id(id).one(txn).await?.ok_or(AppError::Replay)?,
        )),
        None => Ok(None),
    }
}

/// A create's outcome, or — when it lost the race for its idempotency key to a concurrent twin —
/// the twin's row.
pub async fn or_replayed<E>(
    outcome: Result<E::Model>,
    db: &DatabaseConnection,
    viewer: &Viewer,
    operation: &str,
    key: Option<&str>,
) -> Result<E::Model>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    match outcome {
        Err(AppError::Replay) => replayed::<E>(db, viewer, operation, key).await,
        other => other,
    }
}

/// The result of a create that lost the race for its idempotency key to a concurrent twin: the
/// twin's row, read once the twin has committed.
pub async fn replayed<E>(
    db: &DatabaseConnection,
    viewer: &Viewer,
    operation: &str,
    key: Option<&str>,
) -> Result<E::Model>
where
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    let txn = begin(db).await?;
    let id = replay(&txn, viewer, operation, key).await?;
    txn.commit().await?;
    let id = id.ok_or(AppError::Replay)?;
    E::find_by_id(id).one(db).await?.ok_or(AppError::Replay)
}
