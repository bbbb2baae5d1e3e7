//! Commitments get an optional `quantity` and `unit`, so that an in-kind commitment can say how
//! many of what it gives ("2 cadres administratifs"). Both or neither, and a positive quantity:
//! the application checks it (SQLite cannot add a CHECK to an existing table).

use sea_orm_migration::prelude::*;

use super::m20260101_000010_create_commitments::Commitments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum QuantityColumns {
    Quantity,
    Unit,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Commitments::Table)
                    .add_column(ColumnDef::new(QuantityColumns::Quantity).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Commitments::Table)
                    .add_column(ColumnDef::new(QuantityColumns::Unit).string_len(100).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [QuantityColumns::Unit, QuantityColumns::Quantity] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Commitments::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
