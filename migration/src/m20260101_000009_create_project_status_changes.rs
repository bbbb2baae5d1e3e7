//! Project status history: one row per workflow step, kept for `Project.statusHistory`.

use crate::columns::{create_indexes, foreign_key, index, timestamps};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000007_create_users::Users;
use super::m20260101_000008_create_projects::Projects;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ProjectStatusChanges {
    Table,
    Id,
    ProjectId,
    FromStatus,
    ToStatus,
    At,
    ByUserId,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ProjectStatusChanges::Table)
            .if_not_exists()
            .col(big_pk_auto(ProjectStatusChanges::Id))
            .col(big_integer(ProjectStatusChanges::ProjectId))
            .col(string_len_null(ProjectStatusChanges::FromStatus, 32))
            .col(string_len(ProjectStatusChanges::ToStatus, 32))
            .col(timestamp_with_time_zone(ProjectStatusChanges::At))
            .col(big_integer_null(ProjectStatusChanges::ByUserId))
            .col(text_null(ProjectStatusChanges::Note))
            .foreign_key(&mut foreign_key(
                ProjectStatusChanges::Table,
                ProjectStatusChanges::ProjectId,
                Projects::Table,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                ProjectStatusChanges::Table,
                ProjectStatusChanges::ByUserId,
                Users::Table,
                ForeignKeyAction::SetNull,
            ));
        timestamps(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![index("project_status_changes", &["project_id", "at", "id"])],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectStatusChanges::Table).to_owned())
            .await
    }
}
