//! Commitments: what a partner pledges to exactly one project or center, in money or in kind.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000004_create_programs::Programs;
use super::m20260101_000008_create_projects::Projects;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Commitments {
    Table,
    Id,
    PartnerId,
    ProjectId,
    CenterId,
    ProgramId,
    Kind,
    Description,
    /// Centimes; NULL for an in-kind commitment with no valuation.
    Amount,
    Currency,
    TaxIncluded,
    Status,
    PledgedOn,
    DueOn,
    FulfilledOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Commitments::Table)
            .if_not_exists()
            .col(big_pk_auto(Commitments::Id))
            .col(big_integer(Commitments::PartnerId))
            .col(big_integer_null(Commitments::ProjectId))
            .col(big_integer_null(Commitments::CenterId))
            .col(big_integer_null(Commitments::ProgramId))
            .col(string_len(Commitments::Kind, 32))
            .col(text_null(Commitments::Description))
            .col(big_integer_null(Commitments::Amount))
            .col(string_len(Commitments::Currency, 3))
            .col(boolean(Commitments::TaxIncluded).default(true))
            .col(string_len(Commitments::Status, 16))
            .col(date(Commitments::PledgedOn))
            .col(date_null(Commitments::DueOn))
            .col(date_null(Commitments::FulfilledOn))
            .check((
                Alias::new("ck_commitments_one_target"),
                Expr::cust(
                    "(project_id IS NOT NULL AND center_id IS NULL) \
                     OR (project_id IS NULL AND center_id IS NOT NULL)",
                ),
            ))
            .check(Expr::cust("amount IS NULL OR amount > 0"))
            .check(Expr::cust("kind <> 'FINANCIAL' OR amount IS NOT NULL"))
            .foreign_key(&mut foreign_key(
                Commitments::Table,
                Commitments::PartnerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Commitments::Table,
                Commitments::ProjectId,
                Projects::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Commitments::Table,
                Commitments::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Commitments::Table,
                Commitments::ProgramId,
                Programs::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("commitments", &["partner_id", "id"]),
                index("commitments", &["project_id", "id"]),
                index("commitments", &["center_id", "id"]),
                index("commitments", &["program_id"]),
                index("commitments", &["kind"]),
                index("commitments", &["status"]),
                index("commitments", &["pledged_on", "id"]),
                index("commitments", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Commitments::Table).to_owned())
            .await
    }
}
