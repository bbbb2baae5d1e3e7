//! The funding search's mutations: a program's requirements (ADMIN), a project's dossier, and
//! funding requests with their workflow.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::funding_search::{
    DossierItem, FundingRequest, FundingRequestStatus, ProgramRequirement,
};
use crate::graphql::types::money::MoneyInput;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::funding_search::dossier::{DossierCheck, set_dossier_item};
use crate::service::funding_search::request_write::{
    NewFundingRequest, RequestMove, create_funding_request, transition_funding_request,
    update_funding_request,
};
use crate::service::funding_search::requirements::{
    RequirementInput, add_program_requirement, remove_program_requirement,
    update_program_requirement,
};

/// A new requirement of a program (ADMIN only).
#[derive(InputObject)]
pub struct AddProgramRequirementInput {
    /// The program that asks for the document.
    pub program_id: ID,
    /// 2 to 32 upper-case letters, digits, `-` or `_`, like "STATUTES"; unique within the program.
    pub code: String,
    /// What the document is, in words.
    pub label: String,
    /// Whether UNDER_REVIEW waits for it; true when not given.
    pub mandatory: Option<bool>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to a requirement; only the fields given change.
#[derive(InputObject)]
pub struct UpdateProgramRequirementInput {
    /// The requirement to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new code, unique within the program.
    pub code: Option<String>,
    /// A new label.
    pub label: Option<String>,
    /// Whether UNDER_REVIEW waits for it.
    pub mandatory: Option<bool>,
}

/// A requirement to remove, with what dossiers recorded about it.
#[derive(InputObject)]
pub struct RemoveProgramRequirementInput {
    /// The requirement to remove.
    pub id: ID,
    /// The version the removal is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// A check (or an uncheck) of one requirement of a project's dossier.
#[derive(InputObject)]
pub struct SetDossierItemInput {
    /// The project whose dossier it is.
    pub project_id: ID,
    /// A requirement of the project's program.
    pub requirement_id: ID,
    /// Whether the dossier holds the document.
    pub satisfied: bool,
    /// What the checker notes; `null` clears it, absent leaves it.
    pub note: MaybeUndefined<String>,
    /// The item's version (0 for one never checked); a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// A new funding request, DRAFT until sent.
#[derive(InputObject)]
pub struct CreateFundingRequestInput {
    /// The project to fund.
    pub project_id: ID,
    /// The partner asked.
    pub partner_id: ID,
    /// The program the partner is asked to fund under: the project must be under it and the
    /// partner its funder (INVALID otherwise).
    pub program_id: Option<ID>,
    /// How much is asked, in the project's currency.
    pub requested: MoneyInput,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Changes to a request not yet answered.
#[derive(InputObject)]
pub struct UpdateFundingRequestInput {
    /// The request to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new amount asked, in the project's currency.
    pub requested: Option<MoneyInput>,
}

/// A move of a funding request along its workflow.
#[derive(InputObject)]
pub struct TransitionFundingRequestInput {
    /// The request to move.
    pub id: ID,
    /// SUBMITTED or WITHDRAWN (the center's staff), ACCEPTED or DECLINED (the partner asked, or
    /// the staff recording its answer).
    pub to: FundingRequestStatus,
    /// The day it was sent or answered; today when not given.
    pub on: Option<Date>,
    /// The partner's reasons, kept with an answer.
    pub note: Option<String>,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a write of a requirement, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct ProgramRequirementPayload {
    /// The requirement as written (as it was, for a removal); null when refused.
    requirement: Option<ProgramRequirement>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of a dossier check, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct DossierItemPayload {
    /// The item as written; null when refused.
    dossier_item: Option<DossierItem>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of a write of a funding request, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct FundingRequestPayload {
    /// The request as written; null when refused.
    funding_request: Option<FundingRequest>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn requirement_payload(
    result: crate::error::Result<crate::entity::program_requirement::Model>,
) -> Result<ProgramRequirementPayload> {
    let (requirement, user_errors) = into_payload(result)?;
    Ok(ProgramRequirementPayload {
        requirement: requirement.map(ProgramRequirement),
        user_errors,
    })
}

fn request_payload(
    result: crate::error::Result<crate::entity::funding_request::Model>,
) -> Result<FundingRequestPayload> {
    let (request, user_errors) = into_payload(result)?;
    Ok(FundingRequestPayload {
        funding_request: request.map(FundingRequest),
        user_errors,
    })
}

#[derive(Default)]
pub struct FundingSearchMutation;

#[Object]
impl FundingSearchMutation {
    /// Adds a document to what a program's dossiers must hold (ADMIN).
    async fn add_program_requirement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new requirement.")] input: AddProgramRequirementInput,
    ) -> Result<ProgramRequirementPayload> {
        let program_id = parse_arg(&input.program_id, NodeType::Program, "programId")?;
        let fields = RequirementInput {
            code: Some(input.code),
            label: Some(input.label),
            mandatory: input.mandatory,
        };
        let key = input.idempotency_key.as_deref();
        let services = services(ctx)?;
        requirement_payload(
            add_program_requirement(services, viewer(ctx), program_id, fields, key).await,
        )
    }

    /// Changes a program's requirement (ADMIN).
    async fn update_program_requirement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The requirement to change, and the changes.")]
        input: UpdateProgramRequirementInput,
    ) -> Result<ProgramRequirementPayload> {
        let id = parse_arg(&input.id, NodeType::ProgramRequirement, "id")?;
        let fields = RequirementInput {
            code: input.code,
            label: input.label,
            mandatory: input.mandatory,
        };
        let version = input.expected_version;
        let services = services(ctx)?;
        requirement_payload(
            update_program_requirement(services, viewer(ctx), id, version, fields).await,
        )
    }

    /// Removes a program's requirement, and what dossiers recorded about it (ADMIN).
    async fn remove_program_requirement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The requirement to remove.")] input: RemoveProgramRequirementInput,
    ) -> Result<ProgramRequirementPayload> {
        let id = parse_arg(&input.id, NodeType::ProgramRequirement, "id")?;
        let version = input.expected_version;
        let services = services(ctx)?;
        requirement_payload(remove_program_requirement(services, viewer(ctx), id, version).await)
    }

    /// Checks or unchecks a requirement of a project's dossier: STAFF of the project's center,
    /// ADMIN, or the carrier's accounts while the project is DRAFT or IN_PREPARATION.
    async fn set_dossier_item(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The item and its new state.")] input: SetDossierItemInput,
    ) -> Result<DossierItemPayload> {
        let check = DossierCheck {
            project_id: parse_arg(&input.project_id, NodeType::Project, "projectId")?,
            requirement_id: parse_arg(
                &input.requirement_id,
                NodeType::ProgramRequirement,
                "requirementId",
            )?,
            satisfied: input.satisfied,
            note: maybe(input.note),
            expected_version: input.expected_version,
        };
        let (entry, user_errors) =
            into_payload(set_dossier_item(services(ctx)?, viewer(ctx), check).await)?;
        Ok(DossierItemPayload {
            dossier_item: entry.map(DossierItem),
            user_errors,
        })
    }

    /// Prepares a funding request to a partner for a project (STAFF of the project's center,
    /// ADMIN); it starts DRAFT.
    async fn create_funding_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new request.")] input: CreateFundingRequestInput,
    ) -> Result<FundingRequestPayload> {
        let new = NewFundingRequest {
            project_id: parse_arg(&input.project_id, NodeType::Project, "projectId")?,
            partner_id: parse_arg(&input.partner_id, NodeType::Partner, "partnerId")?,
            program_id: parse_opt_arg(input.program_id.as_ref(), NodeType::Program, "programId")?,
            requested: input.requested.into(),
        };
        let key = input.idempotency_key.as_deref();
        request_payload(create_funding_request(services(ctx)?, viewer(ctx), new, key).await)
    }

    /// Changes the amount of a request not yet answered (STAFF of the project's center, ADMIN).
    async fn update_funding_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request to change, and the changes.")]
        input: UpdateFundingRequestInput,
    ) -> Result<FundingRequestPayload> {
        let id = parse_arg(&input.id, NodeType::FundingRequest, "id")?;
        let requested = input.requested.map(Into::into);
        let version = input.expected_version;
        let services = services(ctx)?;
        request_payload(update_funding_request(services, viewer(ctx), id, version, requested).await)
    }

    /// Moves a funding request along its workflow. Accepting creates the partner's CONFIRMED
    /// FINANCIAL commitment of the amount asked in the same transaction, under the financing plan
    /// (OVERFUNDED) and the program's cap (COFINANCING_CAP_EXCEEDED): refused, nothing is written.
    async fn transition_funding_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request and where it goes.")] input: TransitionFundingRequestInput,
    ) -> Result<FundingRequestPayload> {
        let id = parse_arg(&input.id, NodeType::FundingRequest, "id")?;
        let mut dates = Dates::default();
        let change = RequestMove {
            to: input.to.into(),
            on: dates.date(input.on, "on"),
            note: input.note,
            expected_version: input.expected_version,
        };
        let transition = transition_funding_request(services(ctx)?, viewer(ctx), id, change);
        request_payload(dates.run(transition).await)
    }
}
