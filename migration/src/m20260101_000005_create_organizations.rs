//! Organizations: the associations and cooperatives a center accompanies, in one table by `kind`.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000003_create_zones::Zones;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Organizations {
    Table,
    Id,
    Kind,
    CenterId,
    ZoneId,
    Name,
    Acronym,
    RegistrationNumber,
    FoundedOn,
    Status,
    MembersCount,
    NetworkMemberSince,
    Activity,
    SearchText,
    ContactEmail,
    ContactPhone,
    ContactAddress,
    ContactRepresentative,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Organizations::Table)
            .if_not_exists()
            .col(big_pk_auto(Organizations::Id))
            .col(string_len(Organizations::Kind, 16))
            .col(big_integer(Organizations::CenterId))
            .col(big_integer_null(Organizations::ZoneId))
            .col(string_len(Organizations::Name, 200))
            .col(string_len_null(Organizations::Acronym, 50))
            .col(string_len_null(Organizations::RegistrationNumber, 64).unique_key())
            .col(date_null(Organizations::FoundedOn))
            .col(string_len(Organizations::Status, 16))
            .col(integer_null(Organizations::MembersCount))
            .col(date_null(Organizations::NetworkMemberSince))
            .col(string_len_null(Organizations::Activity, 200))
            .col(text(Organizations::SearchText))
            .col(string_len_null(Organizations::ContactEmail, 254))
            .col(string_len_null(Organizations::ContactPhone, 50))
            .col(string_len_null(Organizations::ContactAddress, 500))
            .col(string_len_null(Organizations::ContactRepresentative, 200))
            .check(Expr::cust("kind IN ('ASSOCIATION', 'COOPERATIVE')"))
            .check(Expr::cust("members_count IS NULL OR members_count >= 0"))
            .foreign_key(&mut foreign_key(
                Organizations::Table,
                Organizations::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Organizations::Table,
                Organizations::ZoneId,
                Zones::Table,
                ForeignKeyAction::SetNull,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("organizations", &["center_id"]),
                index("organizations", &["zone_id"]),
                index("organizations", &["kind", "name", "id"]),
                index("organizations", &["status"]),
                index("organizations", &["name", "id"]),
                index("organizations", &["created_at", "id"]),
                index("organizations", &["founded_on", "id"]),
                index("organizations", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Organizations::Table).to_owned())
            .await
    }
}
