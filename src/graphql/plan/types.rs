//! The planner's vocabulary: for each planned GraphQL type, the column, link or list behind each
//! of its fields. A field not named here is not planned (its root falls back to the resolvers).
//! Personal data (`contact`, a guest's name) is read under the viewer's scope, the rule of
//! [`crate::auth::viewer::Viewer`] turned into a condition of the statement; users, whose
//! visibility depends on their own rows, are not planned.

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Context, EnumType, InputType, Value};
use sea_orm::{ActiveEnum, IdenStatic};
use serde_json::Value as Json;

/// The row a foreign key of the planned row names, as a field of the vocabulary:
/// `one!(&SPEC, entity::Entity, Column::ForeignKey)`. Declared before the modules that use it.
macro_rules! one {
    ($spec:expr, $entity:ty, $column:expr) => {
        Some(FieldSpec::One {
            spec: $spec,
            link: |read, child| read.one::<$entity>($column, child),
        })
    };
}

pub(super) mod accompaniment;
pub mod events;
mod funding_search;
mod plain;

pub use funding_search::plan_funding_requests;
pub(super) use funding_search::{FUNDING_REQUEST, PROGRAM_REQUIREMENT};

use super::Merged;
use super::figures::{self, Figure};
use crate::auth::viewer::ContactScope;
use crate::domain;
use crate::entity::{
    center, commitment, organization, organization_sector, partner, program, project, zone,
};
use crate::graphql::connection::PageArgs;
use crate::graphql::id::NodeType;
use crate::graphql::types::enums;
use crate::graphql::types::inputs::{
    CommitmentFilter, CommitmentOrder, OrganizationFilter, OrganizationOrder, ProjectFilter,
    ProjectOrder, commitment_list, organization_list, project_list,
};
use crate::graphql::viewer::viewer;
use crate::service::commitment::{CommitmentParent, plan_commitments_of, plan_disbursements};
use crate::service::organization::{plan_organizations_of, plan_sectors};
use crate::service::project::{ProjectParent, plan_projects_of, plan_status_history};
use crate::service::read::{Admits, Read};
use crate::service::zone::plan_zones_of;

/// A planned GraphQL object type, or an interface whose rows each have one of several types.
pub struct TypeSpec {
    pub typename: Typename,
    /// The interfaces every one of its types implements: a fragment on one of them applies.
    pub interfaces: &'static [&'static str],
    pub field: fn(&str) -> Option<FieldSpec>,
}

impl TypeSpec {
    /// The object types a row of this spec may have.
    pub fn types(&self) -> &'static [&'static str] {
        match self.typename {
            Typename::Static(names) => names,
            Typename::OrganizationKind => &["Association", "Cooperative"],
        }
    }

    /// Whether a fragment on `condition` applies to a row of type `typename` of this spec.
    pub fn applies(&self, typename: &str, condition: &str) -> bool {
        condition == typename || self.interfaces.contains(&condition)
    }
}

/// How a row names its GraphQL type.
#[derive(Clone, Copy)]
pub enum Typename {
    /// Always the one type named.
    Static(&'static [&'static str]),
    /// An organization is an Association or a Cooperative by its `kind`.
    OrganizationKind,
}

/// What a field of a planned type reads.
pub enum FieldSpec {
    Scalar(&'static str, Conv),
    /// Centimes in the first column, in the currency of the second.
    Money(&'static str, &'static str),
    /// The row a foreign key names.
    One {
        spec: &'static TypeSpec,
        link: Link,
    },
    List(&'static ListSpec),
    /// Columns of the row shown only to some callers (personal data), as an object of `spec`;
    /// `link` turns the caller's scope into the statement's condition.
    Gated {
        spec: &'static TypeSpec,
        link: fn(&Context<'_>, &mut Read, Read) -> usize,
    },
    /// A column of the row shown only to some callers (personal data: a guest's name, a
    /// session's private notes); `link` reads it under the caller's scope, out of which it reads
    /// null.
    GatedColumn {
        column: &'static str,
        conv: Conv,
        link: fn(&Context<'_>, &mut Read, Read) -> usize,
    },
    /// A union: the member whose link holds a row.
    Union {
        name: &'static str,
        members: &'static [(&'static TypeSpec, Link)],
    },
    /// Every linked row, as a plain list (no paging).
    All {
        spec: &'static TypeSpec,
        link: Link,
    },
    /// Every linked row the field's arguments let through, as a plain list; `link` is `None`
    /// when they are invalid (the resolvers then answer, with their error).
    Filtered {
        spec: &'static TypeSpec,
        link: fn(&Context<'_>, &Merged<'_>, &mut Read, Read) -> Option<usize>,
    },
    /// A plain list of one column of every linked row.
    Values {
        link: fn(&mut Read) -> usize,
        column: &'static str,
        conv: Conv,
    },
    /// A figure computed in the statement, planned from the field's arguments and selection
    /// (`None`: fall back).
    Figure(fn(&Context<'_>, &Merged<'_>, &mut Read) -> Option<Figure>),
}

/// Links the row a foreign key names to a read; returns the link's index.
pub type Link = fn(&mut Read, Read) -> usize;

/// A connection field: its types and how its arguments become a linked page.
pub struct ListSpec {
    pub connection: &'static str,
    pub edge: &'static str,
    pub node: &'static TypeSpec,
    /// Links the page the field's arguments ask for to `read`; `None` when they are invalid
    /// (the resolvers then answer, with their error).
    pub link: fn(&Context<'_>, &Merged<'_>, &mut Read, bool, Read) -> Option<usize>,
}

impl ListSpec {
    /// A root field's list: its arguments come converted by its resolver, never linked.
    pub const fn root(
        connection: &'static str,
        edge: &'static str,
        node: &'static TypeSpec,
    ) -> Self {
        Self {
            connection,
            edge,
            node,
            link: |_, _, _, _, _| None,
        }
    }
}

/// How a column's JSON value becomes the field's value.
#[derive(Clone, Copy)]
pub enum Conv {
    Text,
    Int,
    Bool,
    Id(NodeType),
    Enum(fn(&Json) -> Option<Value>),
    Date,
    DateTime,
    /// A rate stored in basis points, as a `Decimal`.
    Rate,
    /// Any other conversion of a column's value: stored text the type reads its own way (an
    /// agreement's obligations, a JSON array), a value in ten-thousandths, an id of a type that
    /// is not a node.
    Custom(fn(&Json) -> Option<Value>),
}

fn stored<D, G>(json: &Json) -> Option<Value>
where
    D: ActiveEnum<Value = String>,
    G: EnumType + From<D>,
{
    let domain = D::try_from_value(&json.as_str()?.to_owned()).ok()?;
    Some(enum_value(G::from(domain)))
}

fn column(column: impl IdenStatic, conv: Conv) -> Option<FieldSpec> {
    Some(FieldSpec::Scalar(column.as_str(), conv))
}

/// Centimes in `column`, in the row's `currency`.
fn money(column: impl IdenStatic) -> Option<FieldSpec> {
    Some(FieldSpec::Money(column.as_str(), "currency"))
}

/// The value of argument `name` of a field, as its resolver would receive it.
pub(super) fn argument<T: InputType>(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    name: &str,
) -> Option<T> {
    let field = merged.fields.first()?;
    let value = match field
        .node
        .arguments
        .iter()
        .find(|(argument, _)| argument.node == name)
    {
        Some((_, value)) => Some(
            value
                .node
                .clone()
                .into_const_with(|variable| super::variable(ctx, &variable))
                .ok()?,
        ),
        None => None,
    };
    T::parse(value).ok()
}

fn page_args(ctx: &Context<'_>, merged: &Merged<'_>) -> Option<PageArgs> {
    Some(PageArgs::new(
        argument(ctx, merged, "first")?,
        argument(ctx, merged, "after")?,
        argument(ctx, merged, "last")?,
        argument(ctx, merged, "before")?,
    ))
}

/// Only the arguments a field declares: an unknown one is left to validation.
pub(super) fn only(merged: &Merged<'_>, names: &[&str]) -> bool {
    merged.fields.iter().all(|field| {
        field
            .node
            .arguments
            .iter()
            .all(|(name, _)| names.contains(&name.node.as_str()))
    })
}

const LIST_ARGUMENTS: [&str; 6] = ["first", "after", "last", "before", "filter", "orderBy"];

fn link_commitments(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
    count: bool,
    child: Read,
    parent: CommitmentParent,
) -> Option<usize> {
    if !only(merged, &LIST_ARGUMENTS) {
        return None;
    }
    let filter: Option<CommitmentFilter> = argument(ctx, merged, "filter")?;
    let order: Option<CommitmentOrder> = argument(ctx, merged, "orderBy")?;
    let list = commitment_list(page_args(ctx, merged)?, filter, order).ok()?;
    plan_commitments_of(read, parent, &list, count, child).ok()
}

pub static PROJECT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Project"]),
    interfaces: &["Node"],
    field: project_field,
};

static PROJECT_COMMITMENTS: ListSpec = ListSpec {
    connection: "CommitmentConnection",
    edge: "CommitmentEdge",
    node: &COMMITMENT,
    link: |ctx, merged, read, count, child| {
        link_commitments(ctx, merged, read, count, child, CommitmentParent::Project)
    },
};

static PARTNER_COMMITMENTS: ListSpec = ListSpec {
    connection: "CommitmentConnection",
    edge: "CommitmentEdge",
    node: &COMMITMENT,
    link: |ctx, merged, read, count, child| {
        link_commitments(ctx, merged, read, count, child, CommitmentParent::Partner)
    },
};

fn project_field(name: &str) -> Option<FieldSpec> {
    use project::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Project)),
        "reference" => column(C::Reference, Conv::Text),
        "title" => column(C::Title, Conv::Text),
        "summary" => column(C::Summary, Conv::Text),
        "sector" => column(
            C::Sector,
            Conv::Enum(stored::<domain::organization::Sector, enums::Sector>),
        ),
        "status" => column(
            C::Status,
            Conv::Enum(stored::<domain::project::ProjectStatus, enums::ProjectStatus>),
        ),
        "totalCost" => money(C::TotalCost),
        "ownContribution" => money(C::OwnContribution),
        "beneficiariesCount" => column(C::BeneficiariesCount, Conv::Int),
        "startsOn" => column(C::StartsOn, Conv::Date),
        "endsOn" => column(C::EndsOn, Conv::Date),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        "carrier" => one!(&ORGANIZATION, organization::Entity, C::CarrierId),
        "zone" => one!(&ZONE, zone::Entity, C::ZoneId),
        "program" => one!(&PROGRAM, program::Entity, C::ProgramId),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "commitments" => Some(FieldSpec::List(&PROJECT_COMMITMENTS)),
        "funding" => Some(FieldSpec::Figure(figures::plan_funding)),
        "statusHistory" => Some(FieldSpec::All {
            spec: &plain::STATUS_CHANGE,
            link: plan_status_history,
        }),
        "dossier" => funding_search::dossier(),
        "readiness" => Some(FieldSpec::Figure(figures::plan_readiness)),
        "pipeline" => Some(FieldSpec::Figure(figures::plan_pipeline)),
        "fundingRequests" => Some(FieldSpec::List(&funding_search::PROJECT_FUNDING_REQUESTS)),
        "supportSessions" => Some(FieldSpec::List(&accompaniment::PROJECT_SESSIONS)),
        _ => None,
    }
}

/// An organization reached through the `Organization` interface: an Association or a Cooperative
/// by its `kind`, each with the fields its fragments select.
pub static ORGANIZATION: TypeSpec = TypeSpec {
    typename: Typename::OrganizationKind,
    interfaces: &["Organization", "Node"],
    field: organization_field,
};

fn organization_field(name: &str) -> Option<FieldSpec> {
    use organization::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Organization)),
        "kind" => column(
            C::Kind,
            Conv::Enum(stored::<domain::organization::OrganizationKind, enums::OrganizationKind>),
        ),
        "name" => column(C::Name, Conv::Text),
        "acronym" => column(C::Acronym, Conv::Text),
        "registrationNumber" => column(C::RegistrationNumber, Conv::Text),
        "foundedOn" => column(C::FoundedOn, Conv::Date),
        "status" => column(
            C::Status,
            Conv::Enum(
                stored::<domain::organization::OrganizationStatus, enums::OrganizationStatus>,
            ),
        ),
        "membersCount" => column(C::MembersCount, Conv::Int),
        "networkMemberSince" => column(C::NetworkMemberSince, Conv::Date),
        "activity" => column(C::Activity, Conv::Text),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        "zone" => one!(&ZONE, zone::Entity, C::ZoneId),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        "projects" => Some(FieldSpec::List(&CARRIER_PROJECTS)),
        "contact" => Some(FieldSpec::Gated {
            spec: &CONTACT,
            link: |ctx, read, child| {
                let scope = viewer(ctx).organization_contacts();
                read.gated(child, admits(scope, Some(C::CenterId)))
            },
        }),
        "sectors" => Some(FieldSpec::Values {
            link: plan_sectors,
            column: organization_sector::Column::Sector.as_str(),
            conv: Conv::Enum(stored::<domain::organization::Sector, enums::Sector>),
        }),
        "supportSessions" => Some(FieldSpec::List(&accompaniment::ORGANIZATION_SESSIONS)),
        _ => None,
    }
}

/// An organization reached as an Association, as `Query.associations` lists them.
pub static ASSOCIATION: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Association"]),
    interfaces: &["Organization", "Node"],
    field: organization_field,
};

/// An organization reached as a Cooperative, as `Query.cooperatives` lists them.
pub static COOPERATIVE: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Cooperative"]),
    interfaces: &["Organization", "Node"],
    field: organization_field,
};

fn link_projects(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
    count: bool,
    child: Read,
    parent: ProjectParent,
) -> Option<usize> {
    if !only(merged, &LIST_ARGUMENTS) {
        return None;
    }
    let filter: Option<ProjectFilter> = argument(ctx, merged, "filter")?;
    let order: Option<ProjectOrder> = argument(ctx, merged, "orderBy")?;
    let list = project_list(page_args(ctx, merged)?, filter, order).ok()?;
    plan_projects_of(read, parent, &list, count, child).ok()
}

static CARRIER_PROJECTS: ListSpec = ListSpec {
    connection: "ProjectConnection",
    edge: "ProjectEdge",
    node: &PROJECT,
    link: |ctx, merged, read, count, child| {
        link_projects(ctx, merged, read, count, child, ProjectParent::Carrier)
    },
};

static CENTER_PROJECTS: ListSpec = ListSpec {
    connection: "ProjectConnection",
    edge: "ProjectEdge",
    node: &PROJECT,
    link: |ctx, merged, read, count, child| {
        link_projects(ctx, merged, read, count, child, ProjectParent::Center)
    },
};

static PROGRAM_PROJECTS: ListSpec = ListSpec {
    connection: "ProjectConnection",
    edge: "ProjectEdge",
    node: &PROJECT,
    link: |ctx, merged, read, count, child| {
        link_projects(ctx, merged, read, count, child, ProjectParent::Program)
    },
};

static CENTER_COMMITMENTS: ListSpec = ListSpec {
    connection: "CommitmentConnection",
    edge: "CommitmentEdge",
    node: &COMMITMENT,
    link: |ctx, merged, read, count, child| {
        link_commitments(ctx, merged, read, count, child, CommitmentParent::Center)
    },
};

static CENTER_ZONES: ListSpec = ListSpec {
    connection: "ZoneConnection",
    edge: "ZoneEdge",
    node: &ZONE,
    link: |ctx, merged, read, count, child| {
        if !only(merged, &LIST_ARGUMENTS[..4]) {
            return None;
        }
        let request = page_args(ctx, merged)?.request().ok()?;
        plan_zones_of(read, &request, count, child).ok()
    },
};

static CENTER_ORGANIZATIONS: ListSpec = ListSpec {
    connection: "OrganizationConnection",
    edge: "OrganizationEdge",
    node: &ORGANIZATION,
    link: |ctx, merged, read, count, child| {
        if !only(merged, &LIST_ARGUMENTS) {
            return None;
        }
        let filter: Option<OrganizationFilter> = argument(ctx, merged, "filter")?;
        let order: Option<OrganizationOrder> = argument(ctx, merged, "orderBy")?;
        let list = organization_list(page_args(ctx, merged)?, filter, order).ok()?;
        plan_organizations_of(read, &list, count, child).ok()
    },
};

pub static CENTER: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Center"]),
    interfaces: &["Node"],
    field: center_field,
};

fn center_field(name: &str) -> Option<FieldSpec> {
    use center::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Center)),
        "name" => column(C::Name, Conv::Text),
        "slug" => column(C::Slug, Conv::Text),
        "city" => column(C::City, Conv::Text),
        "region" => column(C::Region, Conv::Text),
        "openedOn" => column(C::OpenedOn, Conv::Date),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        "managedBy" => one!(&PARTNER, partner::Entity, C::ManagedById),
        "zones" => Some(FieldSpec::List(&CENTER_ZONES)),
        "organizations" => Some(FieldSpec::List(&CENTER_ORGANIZATIONS)),
        "projects" => Some(FieldSpec::List(&CENTER_PROJECTS)),
        "commitments" => Some(FieldSpec::List(&CENTER_COMMITMENTS)),
        "events" | "managementAgreement" | "agreements" | "partnerEngagements" => {
            events::center_field(name)
        }
        "supportSessions" => Some(FieldSpec::List(&accompaniment::CENTER_SESSIONS)),
        "indicators" => Some(FieldSpec::List(&accompaniment::CENTER_INDICATORS)),
        _ => None,
    }
}

pub static COMMITMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Commitment"]),
    interfaces: &["Node"],
    field: commitment_field,
};

fn commitment_field(name: &str) -> Option<FieldSpec> {
    use commitment::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Commitment)),
        "kind" => column(
            C::Kind,
            Conv::Enum(stored::<domain::commitment::CommitmentKind, enums::CommitmentKind>),
        ),
        "description" => column(C::Description, Conv::Text),
        "amount" => money(C::Amount),
        "taxIncluded" => column(C::TaxIncluded, Conv::Bool),
        "quantity" => column(C::Quantity, Conv::Int),
        "unit" => column(C::Unit, Conv::Text),
        "status" => column(
            C::Status,
            Conv::Enum(stored::<domain::commitment::CommitmentStatus, enums::CommitmentStatus>),
        ),
        "pledgedOn" => column(C::PledgedOn, Conv::Date),
        "dueOn" => column(C::DueOn, Conv::Date),
        "fulfilledOn" => column(C::FulfilledOn, Conv::Date),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        "partner" => one!(&PARTNER, partner::Entity, C::PartnerId),
        "program" => one!(&PROGRAM, program::Entity, C::ProgramId),
        "target" => Some(FieldSpec::Union {
            name: "CommitmentTarget",
            members: &COMMITMENT_TARGET,
        }),
        "disbursed" => Some(FieldSpec::Figure(figures::plan_disbursed)),
        "disbursements" => Some(FieldSpec::All {
            spec: &plain::DISBURSEMENT,
            link: plan_disbursements,
        }),
        _ => None,
    }
}

/// A commitment is made to a project or to a center: the one its keys name.
static COMMITMENT_TARGET: [(&TypeSpec, Link); 2] = [
    (&PROJECT, |read, child| {
        read.one::<project::Entity>(commitment::Column::ProjectId, child)
    }),
    (&CENTER, |read, child| {
        read.one::<center::Entity>(commitment::Column::CenterId, child)
    }),
];

pub static PARTNER: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Partner"]),
    interfaces: &["Node"],
    field: partner_field,
};

fn partner_field(name: &str) -> Option<FieldSpec> {
    use partner::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Partner)),
        "name" => column(C::Name, Conv::Text),
        "acronym" => column(C::Acronym, Conv::Text),
        "kind" => column(
            C::Kind,
            Conv::Enum(stored::<domain::partner::PartnerKind, enums::PartnerKind>),
        ),
        "joinedOn" => column(C::JoinedOn, Conv::Date),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        "commitments" => Some(FieldSpec::List(&PARTNER_COMMITMENTS)),
        "contact" => Some(FieldSpec::Gated {
            spec: &CONTACT,
            link: |ctx, read, child| {
                let scope = viewer(ctx).partner_contacts();
                read.gated(child, admits(scope, None::<C>))
            },
        }),
        "totals" => Some(FieldSpec::Figure(figures::plan_totals)),
        "fundingRequests" => Some(FieldSpec::List(&funding_search::PARTNER_FUNDING_REQUESTS)),
        "engagements" => events::partner_field(name),
        _ => None,
    }
}

/// The rows of a table with a `center` column (or none) whose contact data `scope` shows.
fn admits(scope: ContactScope, center: Option<impl IdenStatic>) -> Admits {
    match (scope, center) {
        (ContactScope::Every, _) => Admits::Every,
        (ContactScope::OfCenter(id), Some(center)) => Admits::Where(center.as_str().to_owned(), id),
        (ContactScope::Own(id), _) => Admits::Where("id".to_owned(), id),
        (ContactScope::OfCenter(_) | ContactScope::Nothing, _) => Admits::Nothing,
    }
}

/// An organization's or a partner's contact data: the same columns on both tables.
static CONTACT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["ContactInfo"]),
    interfaces: &[],
    field: |name| {
        use organization::Column as C;
        match name {
            "email" => column(C::ContactEmail, Conv::Text),
            "phone" => column(C::ContactPhone, Conv::Text),
            "address" => column(C::ContactAddress, Conv::Text),
            "representativeName" => column(C::ContactRepresentative, Conv::Text),
            _ => None,
        }
    },
};

pub static ZONE: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Zone"]),
    interfaces: &["Node"],
    field: zone_field,
};

fn zone_field(name: &str) -> Option<FieldSpec> {
    use zone::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Zone)),
        "name" => column(C::Name, Conv::Text),
        "commune" => column(C::Commune, Conv::Text),
        "vulnerability" => column(
            C::Vulnerability,
            Conv::Enum(stored::<domain::zone::VulnerabilityLevel, enums::VulnerabilityLevel>),
        ),
        "center" => one!(&CENTER, center::Entity, C::CenterId),
        _ => None,
    }
}

pub static PROGRAM: TypeSpec = TypeSpec {
    typename: Typename::Static(&["Program"]),
    interfaces: &["Node"],
    field: program_field,
};

fn program_field(name: &str) -> Option<FieldSpec> {
    use program::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::Program)),
        "code" => column(C::Code, Conv::Text),
        "name" => column(C::Name, Conv::Text),
        "startsOn" => column(C::StartsOn, Conv::Date),
        "endsOn" => column(C::EndsOn, Conv::Date),
        "version" => column(C::Version, Conv::Int),
        "maxCofinancingRate" => column(C::MaxCofinancingRateBp, Conv::Rate),
        "budget" => Some(FieldSpec::Money(
            C::BudgetAmount.as_str(),
            C::BudgetCurrency.as_str(),
        )),
        "projects" => Some(FieldSpec::List(&PROGRAM_PROJECTS)),
        "funder" => one!(&PARTNER, partner::Entity, C::FunderId),
        "requirements" => funding_search::requirements(),
        "indicators" => Some(FieldSpec::List(&accompaniment::PROGRAM_INDICATORS)),
        _ => None,
    }
}
