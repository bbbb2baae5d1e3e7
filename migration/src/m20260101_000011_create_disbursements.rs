//! Disbursements: the payments (tranches) made against a FINANCIAL commitment.

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000010_create_commitments::Commitments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Disbursements {
    Table,
    Id,
    CommitmentId,
    Amount,
    Currency,
    PaidOn,
    Reference,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Disbursements::Table)
            .if_not_exists()
            .col(big_pk_auto(Disbursements::Id))
            .col(big_integer(Disbursements::CommitmentId))
            .col(big_integer(Disbursements::Amount))
            .col(string_len(Disbursements::Currency, 3))
            .col(date(Disbursements::PaidOn))
            .col(string_len_null(Disbursements::Reference, 100))
            .check(Expr::cust("amount > 0"))
            .foreign_key(&mut foreign_key(
                Disbursements::Table,
                Disbursements::CommitmentId,
                Commitments::Table,
                ForeignKeyAction::Restrict,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![index("disbursements", &["commitment_id", "paid_on", "id"])],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Disbursements::Table).to_owned())
            .await
    }
}
