//! The `zones` table.

use sea_orm::entity::prelude::*;

use crate::domain::zone::VulnerabilityLevel;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "zones")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub center_id: i64,
    pub name: String,
    pub commune: Option<String>,
    pub vulnerability: Option<VulnerabilityLevel>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
