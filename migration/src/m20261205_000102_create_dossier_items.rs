//! Dossier items: whether a project's dossier holds one requirement of its program, who checked
//! it and when. A requirement never checked has no row (and counts as unsatisfied).

use crate::columns::{create_indexes, foreign_key, mutable, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000007_create_users::Users;
use super::m20260101_000008_create_projects::Projects;
use super::m20261205_000101_create_program_requirements::ProgramRequirements;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum DossierItems {
    Table,
    Id,
    ProjectId,
    RequirementId,
    Satisfied,
    Note,
    CheckedById,
    CheckedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(DossierItems::Table)
            .if_not_exists()
            .col(big_pk_auto(DossierItems::Id))
            .col(big_integer(DossierItems::ProjectId))
            .col(big_integer(DossierItems::RequirementId))
            .col(boolean(DossierItems::Satisfied).default(false))
            .col(text_null(DossierItems::Note))
            .col(big_integer_null(DossierItems::CheckedById))
            .col(timestamp_with_time_zone_null(DossierItems::CheckedAt))
            .foreign_key(&mut foreign_key(
                DossierItems::Table,
                DossierItems::ProjectId,
                Projects::Table,
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                DossierItems::Table,
                DossierItems::RequirementId,
                ProgramRequirements::Table,
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                DossierItems::Table,
                DossierItems::CheckedById,
                Users::Table,
                ForeignKeyAction::SetNull,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![unique_index(
                "dossier_items",
                &["project_id", "requirement_id"],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DossierItems::Table).to_owned())
            .await
    }
}
