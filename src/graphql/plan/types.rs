//! The planner's vocabulary: for each planned GraphQL type, the column, link or list behind each
//! of its fields. A field not named here is not planned (its root falls back to the resolvers);
//! so is every field gated by the viewer (contacts, users), whose resolvers decide per caller.

use async_graphql::resolver_utils::enum_value;
use async_graphql::{Context, EnumType, InputType, Value};
use sea_orm::{ActiveEnum, IdenStatic};
use serde_json::Value as Json;

use super::Merged;
use crate::domain;
use crate::entity::{commitment, organization, partner, program, project, zone};
use crate::graphql::connection::PageArgs;
use crate::graphql::id::NodeType;
use crate::graphql::types::enums;
use crate::graphql::types::inputs::{CommitmentFilter, CommitmentOrder, commitment_list};
use crate::service::commitment::{CommitmentParent, plan_commitments_of};
use crate::service::read::Read;

/// A planned GraphQL object type.
pub struct TypeSpec {
    /// Whether a fragment's type condition holds on this type (`None`: it depends on the row).
    pub applies: fn(&str) -> Option<bool>,
    pub typename: Typename,
    pub field: fn(&str) -> Option<FieldSpec>,
}

/// How a row names its GraphQL type.
#[derive(Clone, Copy)]
pub enum Typename {
    Static(&'static str),
    /// An organization is an Association or a Cooperative by its `kind`.
    OrganizationKind,
}

/// What a field of a planned type reads.
pub enum FieldSpec {
    Scalar(&'static str, Conv),
    /// Centimes in this column, in the row's `currency`.
    Money(&'static str),
    /// The row a foreign key names.
    One {
        spec: &'static TypeSpec,
        link: fn(&mut Read, Read) -> usize,
    },
    List(&'static ListSpec),
}

/// A connection field: its types and how its arguments become a linked page.
pub struct ListSpec {
    pub connection: &'static str,
    pub edge: &'static str,
    pub node: &'static TypeSpec,
    /// Links the page the field's arguments ask for to `read`; `None` when they are invalid
    /// (the resolvers then answer, with their error).
    pub link: fn(&Context<'_>, &Merged<'_>, &mut Read, bool, Read) -> Option<usize>,
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

fn money(column: impl IdenStatic) -> Option<FieldSpec> {
    Some(FieldSpec::Money(column.as_str()))
}

/// The value of argument `name` of a field, as its resolver would receive it.
fn argument<T: InputType>(ctx: &Context<'_>, merged: &Merged<'_>, name: &str) -> Option<T> {
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
fn only(merged: &Merged<'_>, names: &[&str]) -> bool {
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
    applies: |condition| Some(matches!(condition, "Project" | "Node")),
    typename: Typename::Static("Project"),
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
        "carrier" => Some(FieldSpec::One {
            spec: &ORGANIZATION,
            link: |read, child| read.one::<organization::Entity>(C::CarrierId, child),
        }),
        "zone" => Some(FieldSpec::One {
            spec: &ZONE,
            link: |read, child| read.one::<zone::Entity>(C::ZoneId, child),
        }),
        "program" => Some(FieldSpec::One {
            spec: &PROGRAM,
            link: |read, child| read.one::<program::Entity>(C::ProgramId, child),
        }),
        "commitments" => Some(FieldSpec::List(&PROJECT_COMMITMENTS)),
        _ => None,
    }
}

/// An organization reached through the `Organization` interface: a fragment on Association or
/// Cooperative depends on the row, so it is not planned.
pub static ORGANIZATION: TypeSpec = TypeSpec {
    applies: |condition| match condition {
        "Organization" | "Node" => Some(true),
        _ => None,
    },
    typename: Typename::OrganizationKind,
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
        "zone" => Some(FieldSpec::One {
            spec: &ZONE,
            link: |read, child| read.one::<zone::Entity>(C::ZoneId, child),
        }),
        _ => None,
    }
}

pub static COMMITMENT: TypeSpec = TypeSpec {
    applies: |condition| Some(matches!(condition, "Commitment" | "Node")),
    typename: Typename::Static("Commitment"),
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
        "partner" => Some(FieldSpec::One {
            spec: &PARTNER,
            link: |read, child| read.one::<partner::Entity>(C::PartnerId, child),
        }),
        "program" => Some(FieldSpec::One {
            spec: &PROGRAM,
            link: |read, child| read.one::<program::Entity>(C::ProgramId, child),
        }),
        _ => None,
    }
}

pub static PARTNER: TypeSpec = TypeSpec {
    applies: |condition| Some(matches!(condition, "Partner" | "Node")),
    typename: Typename::Static("Partner"),
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
        _ => None,
    }
}

pub static ZONE: TypeSpec = TypeSpec {
    applies: |condition| Some(matches!(condition, "Zone" | "Node")),
    typename: Typename::Static("Zone"),
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
        _ => None,
    }
}

pub static PROGRAM: TypeSpec = TypeSpec {
    applies: |condition| Some(matches!(condition, "Program" | "Node")),
    typename: Typename::Static("Program"),
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
        "funder" => Some(FieldSpec::One {
            spec: &PARTNER,
            link: |read, child| read.one::<partner::Entity>(C::FunderId, child),
        }),
        _ => None,
    }
}
