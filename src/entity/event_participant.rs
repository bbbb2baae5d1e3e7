//! The `event_participants` table: exactly one of an organization, a partner, or a guest (a
//! name, optionally with the partner the guest represents) — a CHECK.

use sea_orm::entity::prelude::*;

use crate::domain::event::Attendance;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_participants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub organization_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub guest_name: Option<String>,
    pub guest_role: Option<String>,
    pub attendance: Attendance,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
