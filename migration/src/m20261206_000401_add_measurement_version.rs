//! Measurements get a `version`: once they can be corrected and removed they are mutable rows,
//! and every mutable row is guarded by `expectedVersion` (DESIGN.md, Versions). Existing rows
//! start at 1.

use sea_orm_migration::prelude::*;

use super::m20261205_000203_create_indicator_measurements::IndicatorMeasurements;

#[derive(DeriveIden)]
enum VersionColumn {
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IndicatorMeasurements::Table)
                    .add_column(
                        ColumnDef::new(VersionColumn::Version)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(IndicatorMeasurements::Table)
                    .drop_column(VersionColumn::Version)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveMigrationName)]
pub struct Migration;
