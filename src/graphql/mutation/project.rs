//! `Mutation.createProject`, `updateProject` and `transitionProject`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, maybe_id, services};
use crate::graphql::scalars::Date;
use crate::graphql::types::enums::{ProjectStatus, Sector};
use crate::graphql::types::money::MoneyInput;
use crate::graphql::types::project::Project;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::project::write::{
    ProjectFields, create_project, transition_project, update_project,
};

#[derive(InputObject)]
pub struct CreateProjectInput {
    /// The association or cooperative carrying the project; the project belongs to its center.
    pub carrier_id: ID,
    pub program_id: Option<ID>,
    pub zone_id: Option<ID>,
    pub title: String,
    pub summary: Option<String>,
    pub sector: Sector,
    pub total_cost: MoneyInput,
    /// The carrier's own share; zero when not given.
    pub own_contribution: Option<MoneyInput>,
    /// From 0 to 10,000,000.
    pub beneficiaries_count: Option<i32>,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateProjectInput {
    pub id: ID,
    pub expected_version: Option<i32>,
    pub program_id: MaybeUndefined<ID>,
    pub zone_id: MaybeUndefined<ID>,
    pub title: Option<String>,
    pub summary: MaybeUndefined<String>,
    pub sector: Option<Sector>,
    pub total_cost: Option<MoneyInput>,
    pub own_contribution: Option<MoneyInput>,
    /// From 0 to 10,000,000.
    pub beneficiaries_count: MaybeUndefined<i32>,
    pub starts_on: MaybeUndefined<Date>,
    pub ends_on: MaybeUndefined<Date>,
}

#[derive(InputObject)]
pub struct TransitionProjectInput {
    pub id: ID,
    pub to: ProjectStatus,
    /// Kept in the project's status history.
    pub note: Option<String>,
    pub expected_version: Option<i32>,
}

#[derive(SimpleObject)]
pub struct ProjectPayload {
    project: Option<Project>,
    user_errors: Vec<UserError>,
}

fn payload(result: crate::error::Result<crate::entity::project::Model>) -> Result<ProjectPayload> {
    let (project, user_errors) = into_payload(result)?;
    Ok(ProjectPayload {
        project: project.map(Project),
        user_errors,
    })
}

#[derive(Default)]
pub struct ProjectMutation;

#[Object]
impl ProjectMutation {
    /// Creates a project in DRAFT with the next reference of its center and year.
    async fn create_project(
        &self,
        ctx: &Context<'_>,
        input: CreateProjectInput,
    ) -> Result<ProjectPayload> {
        let mut dates = Dates::default();
        let fields = ProjectFields {
            carrier_id: Some(parse_arg(
                &input.carrier_id,
                NodeType::Organization,
                "carrierId",
            )?),
            program_id: Some(parse_opt_arg(
                input.program_id.as_ref(),
                NodeType::Program,
                "programId",
            )?),
            zone_id: Some(parse_opt_arg(
                input.zone_id.as_ref(),
                NodeType::Zone,
                "zoneId",
            )?),
            title: Some(input.title),
            summary: Some(input.summary),
            sector: Some(input.sector.into()),
            total_cost: Some(input.total_cost.into()),
            own_contribution: input.own_contribution.map(Into::into),
            beneficiaries_count: Some(input.beneficiaries_count),
            starts_on: Some(dates.date(input.starts_on, "startsOn")),
            ends_on: Some(dates.date(input.ends_on, "endsOn")),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_project(services(ctx)?, viewer(ctx), fields, key);
        payload(dates.run(create).await)
    }

    /// Updates a project: a lower cost or a higher own contribution than the commitments held
    /// allow is refused (OVERFUNDED, COFINANCING_CAP_EXCEEDED).
    async fn update_project(
        &self,
        ctx: &Context<'_>,
        input: UpdateProjectInput,
    ) -> Result<ProjectPayload> {
        let id = parse_arg(&input.id, NodeType::Project, "id")?;
        let mut dates = Dates::default();
        let fields = ProjectFields {
            carrier_id: None,
            program_id: maybe_id(input.program_id, NodeType::Program, "programId")?,
            zone_id: maybe_id(input.zone_id, NodeType::Zone, "zoneId")?,
            title: input.title,
            summary: maybe(input.summary),
            sector: input.sector.map(Into::into),
            total_cost: input.total_cost.map(Into::into),
            own_contribution: input.own_contribution.map(Into::into),
            beneficiaries_count: maybe(input.beneficiaries_count),
            starts_on: dates.maybe_date(input.starts_on, "startsOn"),
            ends_on: dates.maybe_date(input.ends_on, "endsOn"),
        };
        let update = update_project(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        payload(dates.run(update).await)
    }

    /// Moves a project along its workflow; anything else is INVALID_TRANSITION.
    async fn transition_project(
        &self,
        ctx: &Context<'_>,
        input: TransitionProjectInput,
    ) -> Result<ProjectPayload> {
        let id = parse_arg(&input.id, NodeType::Project, "id")?;
        let outcome = transition_project(
            services(ctx)?,
            viewer(ctx),
            id,
            input.to.into(),
            input.note.as_deref(),
            input.expected_version,
        )
        .await;
        payload(outcome)
    }
}
