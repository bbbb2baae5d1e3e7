//! Filter and order inputs of the lists, turned into the services' filters at the edge: ids are
//! decoded (a malformed id or an id of another type is a `BAD_USER_INPUT` error), decimals
//! become centimes, and dates and instants outside the years 1900 to 2100 are refused the same way.

use async_graphql::{Enum, ID, InputObject, Result};

use crate::domain::money::parse_non_negative_amount;
use crate::graphql::error::bad_input;
use crate::graphql::id::{NodeType, parse_opt_arg};
use crate::graphql::scalars::{Date, DateTime, Decimal};
use crate::graphql::types::enums::{
    CommitmentKind, CommitmentStatus, OrderDirection, OrganizationKind, OrganizationStatus,
    ProjectStatus, Sector,
};
use crate::service::{commitment, organization, project};

/// Which organizations to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct OrganizationFilter {
    /// Associations only, or cooperatives only.
    pub kind: Option<OrganizationKind>,
    /// Organizations in this status only.
    pub status: Option<OrganizationStatus>,
    /// Organizations working in this sector (among others).
    pub sector: Option<Sector>,
    /// Organizations accompanied by this center.
    pub center_id: Option<ID>,
    /// Organizations working in this zone.
    pub zone_id: Option<ID>,
    /// Every word must appear in the name or acronym, case- and accent-insensitively:
    /// "mohammedia" finds "Mohammédia".
    pub search: Option<String>,
    /// Only organizations changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

/// The `updatedSince` of a filter, within the calendar.
pub fn updated_since(value: Option<DateTime>) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    value
        .map(|instant| instant.argument("updatedSince"))
        .transpose()
}

impl OrganizationFilter {
    pub fn into_service(self) -> Result<organization::OrganizationFilter> {
        Ok(organization::OrganizationFilter {
            kind: self.kind.map(Into::into),
            status: self.status.map(Into::into),
            sector: self.sector.map(Into::into),
            center_id: parse_opt_arg(self.center_id.as_ref(), NodeType::Center, "centerId")?,
            zone_id: parse_opt_arg(self.zone_id.as_ref(), NodeType::Zone, "zoneId")?,
            search: self.search,
            updated_since: updated_since(self.updated_since)?,
        })
    }
}

/// What a list of organizations can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum OrganizationOrderField {
    /// The organization's name, alphabetically.
    Name,
    /// When the organization was recorded.
    CreatedAt,
    /// Organizations without a founding date sort as founded last.
    FoundedOn,
}

/// The order of a list of organizations; by name when not given.
#[derive(InputObject, Clone, Copy)]
pub struct OrganizationOrder {
    /// What to order by.
    pub field: OrganizationOrderField,
    /// Ascending or descending.
    pub direction: OrderDirection,
}

impl From<Option<OrganizationOrder>> for organization::OrganizationOrder {
    fn from(order: Option<OrganizationOrder>) -> Self {
        use organization::OrganizationOrderField as Field;
        let Some(order) = order else {
            return Self::default();
        };
        Self {
            field: match order.field {
                OrganizationOrderField::Name => Field::Name,
                OrganizationOrderField::CreatedAt => Field::CreatedAt,
                OrganizationOrderField::FoundedOn => Field::FoundedOn,
            },
            descending: order.direction == OrderDirection::Desc,
        }
    }
}

/// Which projects to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct ProjectFilter {
    /// Projects in any of these statuses.
    pub status: Option<Vec<ProjectStatus>>,
    /// Projects in this sector.
    pub sector: Option<Sector>,
    /// Projects carried by this association or cooperative.
    pub carrier_id: Option<ID>,
    /// Projects under this program.
    pub program_id: Option<ID>,
    /// Projects of this center.
    pub center_id: Option<ID>,
    /// Projects serving this zone.
    pub zone_id: Option<ID>,
    /// Total cost at least this amount (inclusive).
    pub min_total_cost: Option<Decimal>,
    /// Total cost at most this amount (inclusive).
    pub max_total_cost: Option<Decimal>,
    /// Every word must appear in the title or reference, case- and accent-insensitively.
    pub search: Option<String>,
    /// Only projects changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

fn cost_bound(value: Option<Decimal>, argument: &str) -> Result<Option<i64>> {
    value
        .map(|amount| {
            parse_non_negative_amount(amount.0)
                .map_err(|err| bad_input(format!("`{argument}`: {err}")))
        })
        .transpose()
}

impl ProjectFilter {
    pub fn into_service(self) -> Result<project::ProjectFilter> {
        Ok(project::ProjectFilter {
            statuses: self
                .status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
            sector: self.sector.map(Into::into),
            carrier_id: parse_opt_arg(
                self.carrier_id.as_ref(),
                NodeType::Organization,
                "carrierId",
            )?,
            program_id: parse_opt_arg(self.program_id.as_ref(), NodeType::Program, "programId")?,
            center_id: parse_opt_arg(self.center_id.as_ref(), NodeType::Center, "centerId")?,
            zone_id: parse_opt_arg(self.zone_id.as_ref(), NodeType::Zone, "zoneId")?,
            min_total_cost: cost_bound(self.min_total_cost, "minTotalCost")?,
            max_total_cost: cost_bound(self.max_total_cost, "maxTotalCost")?,
            search: self.search,
            updated_since: updated_since(self.updated_since)?,
        })
    }
}

/// What a list of projects can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum ProjectOrderField {
    /// When the project was recorded.
    CreatedAt,
    /// When the project last changed; with `updatedSince`, the order for incremental sync.
    UpdatedAt,
    /// The project's title, alphabetically.
    Title,
    /// The project's total cost, as a number (currencies are not converted).
    TotalCost,
    /// The project's reference, e.g. "MOH-2003-0001".
    Reference,
}

/// The order of a list of projects; by creation, oldest first, when not given.
#[derive(InputObject, Clone, Copy)]
pub struct ProjectOrder {
    /// What to order by.
    pub field: ProjectOrderField,
    /// Ascending or descending.
    pub direction: OrderDirection,
}

impl From<Option<ProjectOrder>> for project::ProjectOrder {
    fn from(order: Option<ProjectOrder>) -> Self {
        use project::ProjectOrderField as Field;
        let Some(order) = order else {
            return Self::default();
        };
        Self {
            field: match order.field {
                ProjectOrderField::CreatedAt => Field::CreatedAt,
                ProjectOrderField::UpdatedAt => Field::UpdatedAt,
                ProjectOrderField::Title => Field::Title,
                ProjectOrderField::TotalCost => Field::TotalCost,
                ProjectOrderField::Reference => Field::Reference,
            },
            descending: order.direction == OrderDirection::Desc,
        }
    }
}

/// Which commitments to list; every criterion given must match.
#[derive(InputObject, Default, Clone)]
pub struct CommitmentFilter {
    /// Commitments made by this partner.
    pub partner_id: Option<ID>,
    /// Commitments to this project.
    pub project_id: Option<ID>,
    /// Commitments to this center itself or to any of its projects.
    pub center_id: Option<ID>,
    /// Commitments made under this program.
    pub program_id: Option<ID>,
    /// Commitments of any of these kinds.
    pub kind: Option<Vec<CommitmentKind>>,
    /// Commitments in any of these statuses.
    pub status: Option<Vec<CommitmentStatus>>,
    /// Pledged on or after this day.
    pub pledged_from: Option<Date>,
    /// Pledged on or before this day.
    pub pledged_to: Option<Date>,
    /// Only commitments changed at or after this instant, for incremental sync.
    pub updated_since: Option<DateTime>,
}

impl CommitmentFilter {
    pub fn into_service(self) -> Result<commitment::CommitmentFilter> {
        Ok(commitment::CommitmentFilter {
            partner_id: parse_opt_arg(self.partner_id.as_ref(), NodeType::Partner, "partnerId")?,
            project_id: parse_opt_arg(self.project_id.as_ref(), NodeType::Project, "projectId")?,
            center_id: parse_opt_arg(self.center_id.as_ref(), NodeType::Center, "centerId")?,
            program_id: parse_opt_arg(self.program_id.as_ref(), NodeType::Program, "programId")?,
            kinds: self
                .kind
                .map(|kinds| kinds.into_iter().map(Into::into).collect()),
            statuses: self
                .status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
            pledged_from: self
                .pledged_from
                .map(|day| day.argument("pledgedFrom"))
                .transpose()?,
            pledged_to: self
                .pledged_to
                .map(|day| day.argument("pledgedTo"))
                .transpose()?,
            updated_since: updated_since(self.updated_since)?,
        })
    }
}

/// What a list of commitments can be ordered by.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentOrderField {
    /// When the commitment was recorded.
    CreatedAt,
    /// With `updatedSince`, the order for incremental sync.
    UpdatedAt,
    /// The day the commitment was pledged.
    PledgedOn,
}

/// The order of a list of commitments; by creation, oldest first, when not given.
#[derive(InputObject, Clone, Copy)]
pub struct CommitmentOrder {
    /// What to order by.
    pub field: CommitmentOrderField,
    /// Ascending or descending.
    pub direction: OrderDirection,
}

impl From<Option<CommitmentOrder>> for commitment::CommitmentOrder {
    fn from(order: Option<CommitmentOrder>) -> Self {
        use commitment::CommitmentOrderField as Field;
        let Some(order) = order else {
            return Self::default();
        };
        Self {
            field: match order.field {
                CommitmentOrderField::CreatedAt => Field::CreatedAt,
                CommitmentOrderField::UpdatedAt => Field::UpdatedAt,
                CommitmentOrderField::PledgedOn => Field::PledgedOn,
            },
            descending: order.direction == OrderDirection::Desc,
        }
    }
}

/// Arguments of a list of organizations.
pub fn organization_list(
    page: crate::graphql::connection::PageArgs,
    filter: Option<OrganizationFilter>,
    order: Option<OrganizationOrder>,
) -> Result<organization::OrganizationList> {
    Ok(organization::OrganizationList {
        filter: filter.unwrap_or_default().into_service()?,
        order: order.into(),
        page: page.request()?,
    })
}

/// Arguments of a list of projects.
pub fn project_list(
    page: crate::graphql::connection::PageArgs,
    filter: Option<ProjectFilter>,
    order: Option<ProjectOrder>,
) -> Result<project::ProjectList> {
    Ok(project::ProjectList {
        filter: filter.unwrap_or_default().into_service()?,
        order: order.into(),
        page: page.request()?,
    })
}

/// Arguments of a list of commitments.
pub fn commitment_list(
    page: crate::graphql::connection::PageArgs,
    filter: Option<CommitmentFilter>,
    order: Option<CommitmentOrder>,
) -> Result<commitment::CommitmentList> {
    Ok(commitment::CommitmentList {
        filter: filter.unwrap_or_default().into_service()?,
        order: order.into(),
        page: page.request()?,
    })
}
