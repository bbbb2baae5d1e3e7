//! Accompaniment sessions: the center's work with an organization (a project's setup, the search
//! for funding, a training…), held by a staff member or a facilitating partner, or both.

use crate::columns::{create_indexes, foreign_key, index, mutable};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000001_create_partners::Partners;
use super::m20260101_000002_create_centers::Centers;
use super::m20260101_000005_create_organizations::Organizations;
use super::m20260101_000007_create_users::Users;
use super::m20260101_000008_create_projects::Projects;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum SupportSessions {
    Table,
    Id,
    CenterId,
    OrganizationId,
    ProjectId,
    Kind,
    HeldOn,
    DurationMinutes,
    StaffId,
    FacilitatingPartnerId,
    ParticipantsCount,
    Outcome,
    Notes,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use SupportSessions as S;
        let mut table = Table::create();
        table
            .table(S::Table)
            .if_not_exists()
            .col(big_pk_auto(S::Id))
            .col(big_integer(S::CenterId))
            .col(big_integer(S::OrganizationId))
            .col(big_integer_null(S::ProjectId))
            .col(string_len(S::Kind, 32))
            .col(date(S::HeldOn))
            .col(integer(S::DurationMinutes))
            .col(big_integer_null(S::StaffId))
            .col(big_integer_null(S::FacilitatingPartnerId))
            .col(integer(S::ParticipantsCount))
            .col(text_null(S::Outcome))
            .col(text_null(S::Notes))
            .check((
                Alias::new("ck_support_sessions_led"),
                Expr::cust("staff_id IS NOT NULL OR facilitating_partner_id IS NOT NULL"),
            ))
            .check(Expr::cust("duration_minutes > 0"))
            .check(Expr::cust("participants_count >= 1"))
            .foreign_key(&mut foreign_key(
                S::Table,
                S::CenterId,
                Centers::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                S::Table,
                S::OrganizationId,
                Organizations::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                S::Table,
                S::ProjectId,
                Projects::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                S::Table,
                S::StaffId,
                Users::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                S::Table,
                S::FacilitatingPartnerId,
                Partners::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![
                index("support_sessions", &["center_id", "held_on", "id"]),
                index("support_sessions", &["organization_id", "held_on", "id"]),
                index("support_sessions", &["project_id", "held_on", "id"]),
                index("support_sessions", &["facilitating_partner_id"]),
                index("support_sessions", &["held_on", "id"]),
                index("support_sessions", &["updated_at", "id"]),
            ],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SupportSessions::Table).to_owned())
            .await
    }
}
