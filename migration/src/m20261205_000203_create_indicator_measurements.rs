//! The measurements of a manual indicator: a value on a day, with a note.

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20261205_000202_create_indicators::Indicators;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum IndicatorMeasurements {
    Table,
    Id,
    IndicatorId,
    MeasuredOn,
    /// Ten-thousandths.
    Value,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use IndicatorMeasurements as M;
        let mut table = Table::create();
        table
            .table(M::Table)
            .if_not_exists()
            .col(big_pk_auto(M::Id))
            .col(big_integer(M::IndicatorId))
            .col(date(M::MeasuredOn))
            .col(big_integer(M::Value))
            .col(text_null(M::Note))
            .foreign_key(&mut foreign_key(
                M::Table,
                M::IndicatorId,
                Indicators::Table,
                ForeignKeyAction::Cascade,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![index(
                "indicator_measurements",
                &["indicator_id", "measured_on", "id"],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(IndicatorMeasurements::Table).to_owned())
            .await
    }
}
