//! Indicators: the expected results of a center or a program, each measured by hand or computed
//! from the data. Values are exact decimals kept as integers in ten-thousandths.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000004_create_programs::Programs;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Indicators {
    Table,
    Id,
    CenterId,
    ProgramId,
    Name,
    Unit,
    /// Ten-thousandths.
    Baseline,
    /// Ten-thousandths; NULL when no target is set.
    Target,
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Indicators as I;
        let mut table = Table::create();
        table
            .table(I::Table)
            .if_not_exists()
            .col(big_pk_auto(I::Id))
            .col(big_integer_null(I::CenterId))
            .col(big_integer_null(I::ProgramId))
            .col(string_len(I::Name, 200))
            .col(string_len(I::Unit, 64))
            .col(big_integer(I::Baseline).default(0))
            .col(big_integer_null(I::Target))
            .col(string_len(I::Source, 32))
            .check((
                Alias::new("ck_indicators_one_owner"),
                Expr::cust(
                    "(center_id IS NOT NULL AND program_id IS NULL) \
                     OR (center_id IS NULL AND program_id IS NOT NULL)",
                ),
            ))
            .foreign_key(&mut foreign_key(
                I::Table,
                I::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                I::Table,
                I::ProgramId,
                Programs::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("indicators", &["center_id", "id"]),
                index("indicators", &["program_id", "id"]),
                index("indicators", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Indicators::Table).to_owned())
            .await
    }
}
