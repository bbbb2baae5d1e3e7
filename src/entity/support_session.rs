//! The `support_sessions` table: a staff member or a facilitating partner (a CHECK) leads each.

use sea_orm::entity::prelude::*;

use crate::domain::support_session::SupportKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub center_id: i64,
    pub organization_id: i64,
    pub project_id: Option<i64>,
    pub kind: SupportKind,
    pub held_on: Date,
    pub duration_minutes: i32,
    pub staff_id: Option<i64>,
    pub facilitating_partner_id: Option<i64>,
    pub participants_count: i32,
    pub outcome: Option<String>,
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
