//! The `indicators` table: exactly one of `center_id` / `program_id` is set (a CHECK); values
//! in ten-thousandths.

use sea_orm::entity::prelude::*;

use crate::domain::indicator::IndicatorSource;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "indicators")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub name: String,
    pub unit: String,
    pub baseline: i64,
    pub target: Option<i64>,
    pub source: IndicatorSource,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
