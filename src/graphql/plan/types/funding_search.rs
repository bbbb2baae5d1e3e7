//! The funding search in the planner's vocabulary (issue 14): a program's requirements, a
//! project's dossier, funding requests and their lists (under a project, under a partner, and
//! `Query.fundingRequests`). Every field here is public, as their types say; the one that is
//! not, `DossierItem.checkedBy` (a user), is left out, so a selection of it falls back.

use async_graphql::Context;

use super::{
    COMMITMENT, Conv, FieldSpec, LIST_ARGUMENTS, ListSpec, PARTNER, PROGRAM, PROJECT, TypeSpec,
    Typename, argument, column, money, only, page_args, stored,
};
use crate::domain;
use crate::entity::{
    commitment, dossier_item, funding_request, partner, program, program_requirement, project,
};
use crate::graphql::id::NodeType;
use crate::graphql::plan::{Merged, Plan, plan_list};
use crate::graphql::types::funding_search::{
    FundingRequestFilter, FundingRequestStatus, funding_request_list,
};
use crate::service::funding_search::planned::{
    plan_dossier, plan_funding_requests_of, plan_requirements, planned_funding_requests,
};
use crate::service::funding_search::requests::{FundingRequestList, FundingRequestParent};
use crate::service::read::Read;

/// `Query.fundingRequests` with the page `list` its arguments asked for, or `None` to fall back.
pub fn plan_funding_requests(ctx: &Context<'_>, list: &FundingRequestList) -> Option<Plan> {
    plan_list(ctx, &FUNDING_REQUEST_LIST, |count, read| {
        planned_funding_requests(list, count, read)
    })
}

static FUNDING_REQUEST_LIST: ListSpec = ListSpec::root(
    "FundingRequestConnection",
    "FundingRequestEdge",
    &FUNDING_REQUEST,
);

pub(in crate::graphql::plan) static PROGRAM_REQUIREMENT: TypeSpec = TypeSpec {
    typename: Typename::Static(&["ProgramRequirement"]),
    interfaces: &["Node"],
    field: requirement_field,
};

fn requirement_field(name: &str) -> Option<FieldSpec> {
    use program_requirement::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::ProgramRequirement)),
        "code" => column(C::Code, Conv::Text),
        "label" => column(C::Label, Conv::Text),
        "mandatory" => column(C::Mandatory, Conv::Bool),
        "version" => column(C::Version, Conv::Int),
        "program" => one!(&PROGRAM, program::Entity, C::ProgramId),
        _ => None,
    }
}

/// `Program.requirements`, in the order they were added.
pub(super) fn requirements() -> Option<FieldSpec> {
    Some(FieldSpec::All {
        spec: &PROGRAM_REQUIREMENT,
        link: plan_requirements,
    })
}

/// `Project.dossier`: one item per requirement of the project's program.
pub(super) fn dossier() -> Option<FieldSpec> {
    Some(FieldSpec::All {
        spec: &DOSSIER_ITEM,
        link: plan_dossier,
    })
}

/// A row of a dossier: the requirement and what was recorded about it, under the names of the
/// `dossier_items` columns ([`plan_dossier`]).
static DOSSIER_ITEM: TypeSpec = TypeSpec {
    typename: Typename::Static(&["DossierItem"]),
    interfaces: &[],
    field: dossier_item_field,
};

fn dossier_item_field(name: &str) -> Option<FieldSpec> {
    use dossier_item::Column as C;
    match name {
        "requirement" => one!(
            &PROGRAM_REQUIREMENT,
            program_requirement::Entity,
            C::RequirementId
        ),
        "satisfied" => column(C::Satisfied, Conv::Bool),
        "note" => column(C::Note, Conv::Text),
        "checkedAt" => column(C::CheckedAt, Conv::DateTime),
        "version" => column(C::Version, Conv::Int),
        _ => None,
    }
}

pub(in crate::graphql::plan) static FUNDING_REQUEST: TypeSpec = TypeSpec {
    typename: Typename::Static(&["FundingRequest"]),
    interfaces: &["Node"],
    field: funding_request_field,
};

fn funding_request_field(name: &str) -> Option<FieldSpec> {
    use funding_request::Column as C;
    match name {
        "id" => column(C::Id, Conv::Id(NodeType::FundingRequest)),
        "requested" => money(C::RequestedAmount),
        "submittedOn" => column(C::SubmittedOn, Conv::Date),
        "status" => column(
            C::Status,
            Conv::Enum(
                stored::<domain::funding_search::FundingRequestStatus, FundingRequestStatus>,
            ),
        ),
        "decidedOn" => column(C::DecidedOn, Conv::Date),
        "decisionNote" => column(C::DecisionNote, Conv::Text),
        "version" => column(C::Version, Conv::Int),
        "createdAt" => column(C::CreatedAt, Conv::DateTime),
        "updatedAt" => column(C::UpdatedAt, Conv::DateTime),
        "project" => one!(&PROJECT, project::Entity, C::ProjectId),
        "partner" => one!(&PARTNER, partner::Entity, C::PartnerId),
        "program" => one!(&PROGRAM, program::Entity, C::ProgramId),
        "commitment" => one!(&COMMITMENT, commitment::Entity, C::CommitmentId),
        _ => None,
    }
}

/// `Project.fundingRequests`.
pub(super) static PROJECT_FUNDING_REQUESTS: ListSpec = ListSpec {
    connection: "FundingRequestConnection",
    edge: "FundingRequestEdge",
    node: &FUNDING_REQUEST,
    link: |ctx, merged, read, count, child| {
        link_requests(
            ctx,
            merged,
            read,
            count,
            child,
            FundingRequestParent::Project,
        )
    },
};

/// `Partner.fundingRequests`.
pub(super) static PARTNER_FUNDING_REQUESTS: ListSpec = ListSpec {
    connection: "FundingRequestConnection",
    edge: "FundingRequestEdge",
    node: &FUNDING_REQUEST,
    link: |ctx, merged, read, count, child| {
        link_requests(
            ctx,
            merged,
            read,
            count,
            child,
            FundingRequestParent::Partner,
        )
    },
};

/// The page of funding requests a nested list's arguments ask for, converted by the resolvers'
/// own function; `None` when they are invalid (the resolvers then answer with their error).
fn link_requests(
    ctx: &Context<'_>,
    merged: &Merged<'_>,
    read: &mut Read,
    count: bool,
    child: Read,
    parent: FundingRequestParent,
) -> Option<usize> {
    // The lists of funding requests take no `orderBy`.
    if !only(merged, &LIST_ARGUMENTS[..5]) {
        return None;
    }
    let filter: Option<FundingRequestFilter> = argument(ctx, merged, "filter")?;
    let list = funding_request_list(page_args(ctx, merged)?, filter).ok()?;
    plan_funding_requests_of(read, parent, &list, count, child).ok()
}
