//! Centers: one row per Centre de qualification sociale, managed by a partner under delegation.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Centers {
    Table,
    Id,
    Name,
    Slug,
    City,
    Region,
    OpenedOn,
    ManagedById,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Centers::Table)
            .if_not_exists()
            .col(big_pk_auto(Centers::Id))
            .col(string_len(Centers::Name, 200))
            .col(string_len_uniq(Centers::Slug, 64))
            .col(string_len(Centers::City, 100))
            .col(string_len_null(Centers::Region, 100))
            .col(date_null(Centers::OpenedOn))
            .col(big_integer_null(Centers::ManagedById))
            .foreign_key(&mut foreign_key(
                Centers::Table,
                Centers::ManagedById,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("centers", &["name", "id"]),
                index("centers", &["managed_by_id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Centers::Table).to_owned())
            .await
    }
}
