//! Funding requests: the dossiers a center sends to a partner on an association's behalf, and
//! the commitment an acceptance created.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000004_create_programs::Programs;
use super::m20260101_000008_create_projects::Projects;
use super::m20260101_000010_create_commitments::Commitments;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum FundingRequests {
    Table,
    Id,
    ProjectId,
    PartnerId,
    ProgramId,
    /// Centimes, in the project's currency.
    RequestedAmount,
    Currency,
    SubmittedOn,
    Status,
    DecidedOn,
    DecisionNote,
    CommitmentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(FundingRequests::Table)
            .if_not_exists()
            .col(big_pk_auto(FundingRequests::Id))
            .col(big_integer(FundingRequests::ProjectId))
            .col(big_integer(FundingRequests::PartnerId))
            .col(big_integer_null(FundingRequests::ProgramId))
            .col(big_integer(FundingRequests::RequestedAmount))
            .col(string_len(FundingRequests::Currency, 3))
            .col(date_null(FundingRequests::SubmittedOn))
            .col(string_len(FundingRequests::Status, 16))
            .col(date_null(FundingRequests::DecidedOn))
            .col(text_null(FundingRequests::DecisionNote))
            .col(big_integer_null(FundingRequests::CommitmentId))
            .check(Expr::cust("requested_amount > 0"))
            .foreign_key(&mut foreign_key(
                FundingRequests::Table,
                FundingRequests::ProjectId,
                Projects::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                FundingRequests::Table,
                FundingRequests::PartnerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                FundingRequests::Table,
                FundingRequests::ProgramId,
                Programs::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                FundingRequests::Table,
                FundingRequests::CommitmentId,
                Commitments::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("funding_requests", &["project_id", "created_at", "id"]),
                index("funding_requests", &["partner_id", "created_at", "id"]),
                index("funding_requests", &["updated_at"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FundingRequests::Table).to_owned())
            .await
    }
}
