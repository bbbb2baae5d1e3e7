//! The management agreements (cahier des charges) by which a center is managed by a partner;
//! at most one ACTIVE per center, kept by a partial unique index (the same statement on both
//! backends) behind the check the application makes in its transaction.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000002_create_centers::Centers;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ManagementAgreements {
    Table,
    Id,
    CenterId,
    ManagerId,
    SignedOn,
    StartsOn,
    EndsOn,
    Obligations,
    Status,
}

const ONE_ACTIVE_PER_CENTER: &str = "CREATE UNIQUE INDEX IF NOT EXISTS \
     uq_management_agreements_active_center ON management_agreements (center_id) \
     WHERE status = 'ACTIVE'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ManagementAgreements::Table)
            .if_not_exists()
            .col(big_pk_auto(ManagementAgreements::Id))
            .col(big_integer(ManagementAgreements::CenterId))
            .col(big_integer(ManagementAgreements::ManagerId))
            .col(date_null(ManagementAgreements::SignedOn))
            .col(date_null(ManagementAgreements::StartsOn))
            .col(date_null(ManagementAgreements::EndsOn))
            .col(text(ManagementAgreements::Obligations))
            .col(string_len(ManagementAgreements::Status, 16))
            .check(Expr::cust(
                "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            ))
            .foreign_key(&mut foreign_key(
                ManagementAgreements::Table,
                ManagementAgreements::CenterId,
                Centers::Table,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                ManagementAgreements::Table,
                ManagementAgreements::ManagerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("management_agreements", &["center_id", "id"]),
                index("management_agreements", &["manager_id"]),
            ],
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(ONE_ACTIVE_PER_CENTER)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ManagementAgreements::Table).to_owned())
            .await
    }
}
