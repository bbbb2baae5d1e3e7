//! The contract's enums, each mirroring the domain type it converts to and from.

use async_graphql::Enum;

use crate::domain;

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::money::Currency")]
pub enum CurrencyCode {
    Mad,
    Eur,
    Usd,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::zone::VulnerabilityLevel")]
pub enum VulnerabilityLevel {
    Low,
    Medium,
    High,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::partner::PartnerKind")]
pub enum PartnerKind {
    PublicAuthority,
    PublicAgency,
    AssociativeNetwork,
    PrivateCompany,
    Foundation,
    InternationalDonor,
    Other,
}
