//! The `organizations` table: associations and cooperatives, told apart by `kind`.

use sea_orm::entity::prelude::*;

use crate::domain::organization::{OrganizationKind, OrganizationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: OrganizationKind,
    pub center_id: i64,
    pub zone_id: Option<i64>,
    pub name: String,
    pub acronym: Option<String>,
    #[sea_orm(unique)]
    pub registration_number: Option<String>,
    pub founded_on: Option<Date>,
    pub status: OrganizationStatus,
    pub members_count: Option<i32>,
    pub network_member_since: Option<Date>,
    pub activity: Option<String>,
    pub search_text: String,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_address: Option<String>,
    pub contact_representative: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
