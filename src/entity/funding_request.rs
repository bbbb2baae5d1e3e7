//! The `funding_requests` table: a dossier sent to a partner, and its answer.

use sea_orm::entity::prelude::*;

use crate::domain::funding_search::FundingRequestStatus;
use crate::domain::money::Currency;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funding_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub partner_id: i64,
    pub program_id: Option<i64>,
    pub requested_amount: i64,
    pub currency: Currency,
    pub submitted_on: Option<Date>,
    pub status: FundingRequestStatus,
    pub decided_on: Option<Date>,
    pub decision_note: Option<String>,
    pub commitment_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
