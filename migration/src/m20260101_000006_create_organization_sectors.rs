//! The sectors an organization works in (a set: one row per organization and sector).

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000005_create_organizations::Organizations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum OrganizationSectors {
    Table,
    OrganizationId,
    Sector,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(OrganizationSectors::Table)
            .if_not_exists()
            .col(big_integer(OrganizationSectors::OrganizationId))
            .col(string_len(OrganizationSectors::Sector, 32))
            .primary_key(
                Index::create()
                    .col(OrganizationSectors::OrganizationId)
                    .col(OrganizationSectors::Sector),
            )
            .foreign_key(&mut foreign_key(
                OrganizationSectors::Table,
                OrganizationSectors::OrganizationId,
                Organizations::Table,
                ForeignKeyAction::Cascade,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![index(
                "organization_sectors",
                &["sector", "organization_id"],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrganizationSectors::Table).to_owned())
            .await
    }
}
