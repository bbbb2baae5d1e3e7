//! Program requirements: the documents a dossier under a program must hold (statutes,
//! registration receipt, minutes of the general assembly, budget, quotes…), by code.

use crate::columns::{create_indexes, foreign_key, mutable, unique_index};
use sea_orm_migration::{prelude::*, schema::*};

use super::m20260101_000004_create_programs::Programs;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ProgramRequirements {
    Table,
    Id,
    ProgramId,
    Code,
    Label,
    Mandatory,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = Table::create();
        table
            .table(ProgramRequirements::Table)
            .if_not_exists()
            .col(big_pk_auto(ProgramRequirements::Id))
            .col(big_integer(ProgramRequirements::ProgramId))
            .col(string_len(ProgramRequirements::Code, 32))
            .col(string_len(ProgramRequirements::Label, 200))
            .col(boolean(ProgramRequirements::Mandatory).default(true))
            .foreign_key(&mut foreign_key(
                ProgramRequirements::Table,
                ProgramRequirements::ProgramId,
                Programs::Table,
                ForeignKeyAction::Restrict,
            ));
        mutable(&mut table);
        manager.create_table(table).await?;
        create_indexes(
            manager,
            vec![unique_index(
                "program_requirements",
                &["program_id", "code"],
            )],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProgramRequirements::Table).to_owned())
            .await
    }
}
