//! Programs: a funder's co-financing scheme (PASEC), with its cap as a rate in basis points.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Programs {
    Table,
    Id,
    Code,
    Name,
    FunderId,
    /// The co-financing cap as an exact integer: 7000 basis points = 0.70.
    MaxCofinancingRateBp,
    BudgetAmount,
    BudgetCurrency,
    StartsOn,
    EndsOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Programs::Table)
            .if_not_exists()
            .col(big_pk_auto(Programs::Id))
            .col(string_len_uniq(Programs::Code, 32))
            .col(string_len(Programs::Name, 200))
            .col(big_integer(Programs::FunderId))
            .col(integer(Programs::MaxCofinancingRateBp))
            .col(big_integer_null(Programs::BudgetAmount))
            .col(string_len_null(Programs::BudgetCurrency, 3))
            .col(date_null(Programs::StartsOn))
            .col(date_null(Programs::EndsOn))
            .check(Expr::cust(
                "max_cofinancing_rate_bp >= 0 AND max_cofinancing_rate_bp <= 10000",
            ))
            .foreign_key(&mut foreign_key(
                Programs::Table,
                Programs::FunderId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("programs", &["funder_id"]),
                index("programs", &["code", "id"]),
                index("programs", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Programs::Table).to_owned())
            .await
    }
}
