//! Users: people and partner systems that sign in, with one role and an optional scope.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000005_create_organizations::Organizations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    /// The email lower-cased: unique, so that emails are unique case-insensitively on both backends.
    EmailNormalized,
    DisplayName,
    Role,
    PasswordHash,
    PartnerId,
    OrganizationId,
    CenterId,
    DisabledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(Users::Table)
            .if_not_exists()
            .col(big_pk_auto(Users::Id))
            .col(string_len(Users::Email, 254))
            .col(string_len_uniq(Users::EmailNormalized, 254))
            .col(string_len(Users::DisplayName, 200))
            .col(string_len(Users::Role, 16))
            .col(text(Users::PasswordHash))
            .col(big_integer_null(Users::PartnerId))
            .col(big_integer_null(Users::OrganizationId))
            .col(big_integer_null(Users::CenterId))
            .col(timestamp_with_time_zone_null(Users::DisabledAt))
            .check(Expr::cust(
                "role IN ('ADMIN', 'STAFF', 'PARTNER', 'ORGANIZATION', 'VIEWER')",
            ))
            .foreign_key(&mut foreign_key(
                Users::Table,
                Users::PartnerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Users::Table,
                Users::OrganizationId,
                Organizations::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                Users::Table,
                Users::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("users", &["role"]),
                index("users", &["partner_id"]),
                index("users", &["organization_id"]),
                index("users", &["center_id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
