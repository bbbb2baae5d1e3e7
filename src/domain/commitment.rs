//! Commitments: their kinds and the states of their workflow (DESIGN.md, "Commitment workflow").

use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum CommitmentKind {
    /// Money, paid in disbursements.
    #[sea_orm(string_value = "FINANCIAL")]
    Financial,
    #[sea_orm(string_value = "EQUIPMENT")]
    Equipment,
    #[sea_orm(string_value = "CONSTRUCTION")]
    Construction,
    #[sea_orm(string_value = "STAFF")]
    Staff,
    #[sea_orm(string_value = "TECHNICAL_ASSISTANCE")]
    TechnicalAssistance,
    #[sea_orm(string_value = "STUDY")]
    Study,
    #[sea_orm(string_value = "TRAINING")]
    Training,
    #[sea_orm(string_value = "MANAGEMENT")]
    Management,
    #[sea_orm(string_value = "PREMISES")]
    Premises,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

impl CommitmentKind {
    /// Everything but money is in kind; an in-kind commitment may carry a valuation or none.
    pub fn is_in_kind(self) -> bool {
        self != Self::Financial
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum CommitmentStatus {
    #[sea_orm(string_value = "PLEDGED")]
    Pledged,
    #[sea_orm(string_value = "CONFIRMED")]
    Confirmed,
    #[sea_orm(string_value = "FULFILLED")]
    Fulfilled,
    #[sea_orm(string_value = "CANCELLED")]
    Cancelled,
}
