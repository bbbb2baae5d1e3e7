//! API tokens for partner systems: only a hash of the secret is stored.

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000007_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ApiTokens::Table)
            .if_not_exists()
            .col(big_pk_auto(ApiTokens::Id))
            .col(big_integer(ApiTokens::UserId))
            .col(string_len(ApiTokens::Name, 200))
            .col(string_len_uniq(ApiTokens::TokenHash, 128))
            .col(timestamp_with_time_zone_null(ApiTokens::ExpiresAt))
            .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
            .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
            .foreign_key(&mut foreign_key(
                ApiTokens::Table,
                ApiTokens::UserId,
                Users::Table,
                ForeignKeyAction::Cascade,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(manager, vec![index("api_tokens", &["user_id"])]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ApiTokens::Table).to_owned())
            .await
    }
}
