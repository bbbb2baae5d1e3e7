//! The contract's enums, each mirroring the domain type it converts to and from.

use async_graphql::Enum;

use crate::domain;

/// MAD, the center's currency, is the default wherever a currency may be left out.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[graphql(remote = "domain::money::Currency")]
pub enum CurrencyCode {
    #[default]
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

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::OrganizationKind")]
pub enum OrganizationKind {
    Association,
    Cooperative,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::OrganizationStatus")]
pub enum OrganizationStatus {
    Active,
    Inactive,
    Dissolved,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::Sector")]
pub enum Sector {
    Education,
    Health,
    IncomeGeneration,
    Crafts,
    Agriculture,
    Environment,
    Culture,
    Sport,
    Youth,
    Women,
    Disability,
    Housing,
    SocialSupport,
    Other,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::project::ProjectStatus")]
pub enum ProjectStatus {
    Draft,
    InPreparation,
    SeekingFunding,
    UnderReview,
    Approved,
    InProgress,
    Completed,
    Rejected,
    Cancelled,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::commitment::CommitmentKind")]
pub enum CommitmentKind {
    Financial,
    Equipment,
    Construction,
    Staff,
    TechnicalAssistance,
    Study,
    Training,
    Management,
    Premises,
    Other,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::commitment::CommitmentStatus")]
pub enum CommitmentStatus {
    Pledged,
    Confirmed,
    Fulfilled,
    Cancelled,
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::role::Role")]
pub enum Role {
    Admin,
    Staff,
    Partner,
    Organization,
    Viewer,
}

/// The direction of a list's order.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    #[default]
    Asc,
    Desc,
}
