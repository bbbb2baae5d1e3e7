//! The `project_status_changes` table: the history of a project's workflow.

use sea_orm::entity::prelude::*;

use crate::domain::project::ProjectStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_status_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub from_status: Option<ProjectStatus>,
    pub to_status: ProjectStatus,
    pub at: DateTimeUtc,
    pub by_user_id: Option<i64>,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
