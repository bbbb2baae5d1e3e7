//! Projects: the micro-projects organizations carry, with their financing plan in centimes.

use crate::columns::{create_indexes, foreign_key, index, mutable, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000003_create_zones::Zones;
use super::m20260101_000004_create_programs::Programs;
use super::m20260101_000005_create_organizations::Organizations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Projects {
    Table,
    Id,
    CenterId,
    CarrierId,
    ZoneId,
    ProgramId,
    Reference,
    Title,
    Summary,
    Sector,
    Status,
    Currency,
    TotalCost,
    OwnContribution,
    BeneficiariesCount,
    StartsOn,
    EndsOn,
    SearchText,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Projects::Table)
            .if_not_exists()
            .col(big_pk_auto(Projects::Id))
            .col(big_integer(Projects::CenterId))
            .col(big_integer(Projects::CarrierId))
            .col(big_integer_null(Projects::ZoneId))
            .col(big_integer_null(Projects::ProgramId))
            .col(string_len(Projects::Reference, 32))
            .col(string_len(Projects::Title, 200))
            .col(text_null(Projects::Summary))
            .col(string_len(Projects::Sector, 32))
            .col(string_len(Projects::Status, 32))
            .col(string_len(Projects::Currency, 3))
            .col(big_integer(Projects::TotalCost))
            .col(big_integer(Projects::OwnContribution).default(0))
            .col(integer_null(Projects::BeneficiariesCount))
            .col(date_null(Projects::StartsOn))
            .col(date_null(Projects::EndsOn))
            .col(text(Projects::SearchText))
            .check(Expr::cust("total_cost > 0"))
            .check(Expr::cust(
                "own_contribution >= 0 AND own_contribution <= total_cost",
            ))
            .check(Expr::cust(
                "beneficiaries_count IS NULL OR beneficiaries_count >= 0",
            ))
            .foreign_key(&mut foreign_key(
                Projects::Table,
                Projects::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Projects::Table,
                Projects::CarrierId,
                Organizations::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Projects::Table,
                Projects::ZoneId,
                Zones::Table,
                ForeignKeyAction::SetNull,
            ))
            .foreign_key(&mut foreign_key(
                Projects::Table,
                Projects::ProgramId,
                Programs::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                unique_index("projects", &["center_id", "reference"]),
                index("projects", &["carrier_id"]),
                index("projects", &["zone_id"]),
                index("projects", &["program_id"]),
                index("projects", &["status"]),
                index("projects", &["sector"]),
                index("projects", &["created_at", "id"]),
                index("projects", &["updated_at", "id"]),
                index("projects", &["title", "id"]),
                index("projects", &["total_cost", "id"]),
                index("projects", &["reference", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Projects::Table).to_owned())
            .await
    }
}
