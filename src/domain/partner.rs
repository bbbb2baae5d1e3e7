//! Partners: what kind of body commits resources to the center and its projects.

use sea_orm::entity::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum PartnerKind {
    /// The prefecture, a ministry, a commune.
    #[sea_orm(string_value = "PUBLIC_AUTHORITY")]
    PublicAuthority,
    /// The Agence de Développement Social.
    #[sea_orm(string_value = "PUBLIC_AGENCY")]
    PublicAgency,
    /// The Réseau associatif de la solidarité sociale.
    #[sea_orm(string_value = "ASSOCIATIVE_NETWORK")]
    AssociativeNetwork,
    #[sea_orm(string_value = "PRIVATE_COMPANY")]
    PrivateCompany,
    #[sea_orm(string_value = "FOUNDATION")]
    Foundation,
    #[sea_orm(string_value = "INTERNATIONAL_DONOR")]
    InternationalDonor,
    #[sea_orm(string_value = "OTHER")]
    Other,
}
