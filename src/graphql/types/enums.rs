//! The contract's enums, each mirroring the domain type it converts to and from.

use async_graphql::Enum;

use crate::domain;

/// The currency of an amount. MAD, the center's currency, is the default wherever a currency may
/// be left out.
#[derive(Enum, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[graphql(remote = "domain::money::Currency")]
pub enum CurrencyCode {
    /// Moroccan dirham (DH).
    #[default]
    Mad,
    /// Euro.
    Eur,
    /// United States dollar.
    Usd,
}

/// How vulnerable a neighbourhood is, as the center assesses it.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::zone::VulnerabilityLevel")]
pub enum VulnerabilityLevel {
    /// Less vulnerable than most neighbourhoods of the territory.
    Low,
    /// Vulnerable: among the center's priorities.
    Medium,
    /// Among the most vulnerable, such as the quarters of families rehoused from the slums: the
    /// center's first priority.
    High,
}

/// What sort of body a partner is.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::partner::PartnerKind")]
pub enum PartnerKind {
    /// A public authority, such as the prefecture or a commune.
    PublicAuthority,
    /// A public agency, such as the Agence de Développement Social (ADS).
    PublicAgency,
    /// A network of associations, such as the Réseau associatif managing a center.
    AssociativeNetwork,
    /// A private company, such as an industrial firm of the area.
    PrivateCompany,
    /// A foundation.
    Foundation,
    /// An international donor or cooperation agency.
    InternationalDonor,
    /// Any other kind of partner.
    Other,
}

/// The two kinds of organization a center accompanies.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::OrganizationKind")]
pub enum OrganizationKind {
    /// A non-profit association; shown as the `Association` type.
    Association,
    /// A cooperative producing or selling something (its `activity`); shown as the `Cooperative`
    /// type.
    Cooperative,
}

/// Whether an organization is still at work.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::OrganizationStatus")]
pub enum OrganizationStatus {
    /// At work; new organizations start ACTIVE.
    Active,
    /// Dormant for now; it may become ACTIVE again.
    Inactive,
    /// Dissolved; kept for its history.
    Dissolved,
}

/// The field an organization or a project works in.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::organization::Sector")]
pub enum Sector {
    /// Schooling, literacy, tutoring.
    Education,
    /// Health care and prevention.
    Health,
    /// Activities that earn their members an income.
    IncomeGeneration,
    /// Handicrafts: sewing, weaving, pottery...
    Crafts,
    /// Farming and food production.
    Agriculture,
    /// Cleanliness, green spaces, waste, water.
    Environment,
    /// Culture and the arts.
    Culture,
    /// Sport and recreation.
    Sport,
    /// Children and young people.
    Youth,
    /// Women's rights and activities.
    Women,
    /// People with disabilities.
    Disability,
    /// Housing and living conditions.
    Housing,
    /// Help to families and people in hardship.
    SocialSupport,
    /// Any other field.
    Other,
}

/// Where a project stands in its workflow. It moves DRAFT → IN_PREPARATION → SEEKING_FUNDING →
/// UNDER_REVIEW → APPROVED → IN_PROGRESS → COMPLETED, may step back from SEEKING_FUNDING to
/// IN_PREPARATION and from UNDER_REVIEW to SEEKING_FUNDING, may be REJECTED from UNDER_REVIEW, and
/// CANCELLED from any status but COMPLETED and REJECTED.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::project::ProjectStatus")]
pub enum ProjectStatus {
    /// Just written down; every project starts here.
    Draft,
    /// Being set up with the center (the *montage*).
    InPreparation,
    /// Set up; looking for partners to fund it.
    SeekingFunding,
    /// Submitted to the funders' review.
    UnderReview,
    /// Approved; it may start once confirmed funding covers its total cost.
    Approved,
    /// Being carried out.
    InProgress,
    /// Delivered. Final: no new commitment.
    Completed,
    /// Turned down after review. Final: no new commitment.
    Rejected,
    /// Given up. Final: no new commitment.
    Cancelled,
}

/// What a partner commits: money, or a resource in kind, which may carry a valuation.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::commitment::CommitmentKind")]
pub enum CommitmentKind {
    /// Money, paid in disbursements; its amount is required.
    Financial,
    /// Equipment, such as office furniture and computers.
    Equipment,
    /// Building or fitting out premises.
    Construction,
    /// People put at the project's or the center's disposal.
    Staff,
    /// Expert advice and technical support.
    TechnicalAssistance,
    /// A study, such as a feasibility study.
    Study,
    /// Training and capacity building.
    Training,
    /// Running or supervising, such as the center's daily management.
    Management,
    /// Premises lent or given, such as an office for an antenna.
    Premises,
    /// Anything else given in kind.
    Other,
    /// A partner's local office at the center, such as the ADS antenna.
    Antenna,
    /// Pedagogical and technical supervision, such as the Réseau associatif's.
    Supervision,
}

/// Where a commitment stands: PLEDGED → CONFIRMED → FULFILLED; PLEDGED or CONFIRMED may become
/// CANCELLED.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::commitment::CommitmentStatus")]
pub enum CommitmentStatus {
    /// Promised, not yet confirmed.
    Pledged,
    /// Confirmed by the partner; a FINANCIAL one may now receive disbursements.
    Confirmed,
    /// Honoured in full: paid in full, or given in kind.
    Fulfilled,
    /// Withdrawn; it no longer counts in any financing plan. Not possible once a payment was made.
    Cancelled,
}

/// What an account may do. Every role reads the public data; the rest depends on the role.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "domain::role::Role")]
pub enum Role {
    /// Runs the platform: writes every center, program and account, and reads all data.
    Admin,
    /// Works in one center: writes partners and the center's zones, organizations, projects and
    /// commitments, and reads its contacts, accounts and audit trail.
    Staff,
    /// Acts for one partner: updates it, reads its contact and writes its commitments.
    Partner,
    /// Acts for one association or cooperative: updates it, reads its contact, and writes its
    /// projects while DRAFT or IN_PREPARATION.
    Organization,
    /// Reads the public data only, signed in.
    Viewer,
}

/// The direction of a list's order.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest, earliest or A first.
    #[default]
    Asc,
    /// Largest, latest or Z first.
    Desc,
}
