//! What an organization is: its kind, its status and the sectors it works in.

use sea_orm::entity::prelude::*;

/// Associations and cooperatives share one table and one interface; `kind` tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrganizationKind {
    #[sea_orm(string_value = "ASSOCIATION")]
    Association,
    #[sea_orm(string_value = "COOPERATIVE")]
    Cooperative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum OrganizationStatus {
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "INACTIVE")]
    Inactive,
    #[sea_orm(string_value = "DISSOLVED")]
    Dissolved,
}

/// The fields of social development an organization or a project belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum Sector {
    #[sea_orm(string_value = "EDUCATION")]
    Education,
    #[sea_orm(string_value = "HEALTH")]
    Health,
    #[sea_orm(string_value = "INCOME_GENERATION")]
    IncomeGeneration,
    #[sea_orm(string_value = "CRAFTS")]
    Crafts,
    #[sea_orm(string_value = "AGRICULTURE")]
    Agriculture,
    #[sea_orm(string_value = "ENVIRONMENT")]
    Environment,
    #[sea_orm(string_value = "CULTURE")]
    Culture,
    #[sea_orm(string_value = "SPORT")]
    Sport,
    #[sea_orm(string_value = "YOUTH")]
    Youth,
    #[sea_orm(string_value = "WOMEN")]
    Women,
    #[sea_orm(string_value = "DISABILITY")]
    Disability,
    #[sea_orm(string_value = "HOUSING")]
    Housing,
    #[sea_orm(string_value = "SOCIAL_SUPPORT")]
    SocialSupport,
    #[sea_orm(string_value = "OTHER")]
    Other,
}
