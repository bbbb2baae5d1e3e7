//! The `commitments` table: exactly one of `project_id` / `center_id` is set (a CHECK).

use sea_orm::entity::prelude::*;

use crate::domain::commitment::{CommitmentKind, CommitmentStatus};
use crate::domain::money::Currency;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "commitments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partner_id: i64,
    pub project_id: Option<i64>,
    pub center_id: Option<i64>,
    pub program_id: Option<i64>,
    pub kind: CommitmentKind,
    pub description: Option<String>,
    pub amount: Option<i64>,
    pub currency: Currency,
    pub tax_included: bool,
    pub status: CommitmentStatus,
    pub pledged_on: Date,
    pub due_on: Option<Date>,
    pub fulfilled_on: Option<Date>,
    pub quantity: Option<i32>,
    pub unit: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
