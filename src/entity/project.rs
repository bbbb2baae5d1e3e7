//! The `projects` table; money columns are centimes in `currency`.

use sea_orm::entity::prelude::*;

use crate::domain::money::Currency;
use crate::domain::organization::Sector;
use crate::domain::project::ProjectStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub center_id: i64,
    pub carrier_id: i64,
    pub zone_id: Option<i64>,
    pub program_id: Option<i64>,
    pub reference: String,
    pub title: String,
    pub summary: Option<String>,
    pub sector: Sector,
    pub status: ProjectStatus,
    pub currency: Currency,
    pub total_cost: i64,
    pub own_contribution: i64,
    pub beneficiaries_count: Option<i32>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub search_text: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
