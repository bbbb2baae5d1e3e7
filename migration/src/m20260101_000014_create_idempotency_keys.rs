//! Idempotency keys: a create repeated with the same key by the same user returns the first result.

use crate::columns::{create_indexes, foreign_key, timestamps, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000007_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    Operation,
    EntityType,
    EntityId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(IdempotencyKeys::Table)
            .if_not_exists()
            .col(big_pk_auto(IdempotencyKeys::Id))
            .col(big_integer(IdempotencyKeys::UserId))
            .col(string_len(IdempotencyKeys::Key, 200))
            .col(string_len(IdempotencyKeys::Operation, 64))
            .col(string_len(IdempotencyKeys::EntityType, 32))
            .col(big_integer(IdempotencyKeys::EntityId))
            .foreign_key(&mut foreign_key(
                IdempotencyKeys::Table,
                IdempotencyKeys::UserId,
                Users::Table,
                ForeignKeyAction::Cascade,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![unique_index("idempotency_keys", &["user_id", "key"])],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned())
            .await
    }
}
