//! Zones: the vulnerable neighbourhoods of a center's territory.

use crate::columns::{create_indexes, foreign_key, index, mutable, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_centers::Centers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Zones {
    Table,
    Id,
    CenterId,
    Name,
    Commune,
    Vulnerability,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Zones::Table)
            .if_not_exists()
            .col(big_pk_auto(Zones::Id))
            .col(big_integer(Zones::CenterId))
            .col(string_len(Zones::Name, 200))
            .col(string_len_null(Zones::Commune, 200))
            .col(string_len_null(Zones::Vulnerability, 16))
            .foreign_key(&mut foreign_key(
                Zones::Table,
                Zones::CenterId,
                Centers::Table,
                ForeignKeyAction::Cascade,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                unique_index("zones", &["center_id", "name"]),
                index("zones", &["name", "id"]),
                index("zones", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Zones::Table).to_owned())
            .await
    }
}
