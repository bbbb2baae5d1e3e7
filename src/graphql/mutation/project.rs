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

/// A new micro-project; it starts in DRAFT.
#[derive(InputObject)]
pub struct CreateProjectInput {
    /// The association or cooperative carrying the project; the project belongs to its center.
    pub carrier_id: ID,
    /// The co-financing program the project is under.
    pub program_id: Option<ID>,
    /// The neighbourhood the project serves: a zone of the carrier's center.
    pub zone_id: Option<ID>,
    /// What the project is called: 1 to 200 characters.
    pub title: String,
    /// A few sentences on what the project does.
    pub summary: Option<String>,
    /// The field the project works in.
    pub sector: Sector,
    /// What the whole project costs; its currency becomes the project's, for every commitment and
    /// payment to it.
    pub total_cost: MoneyInput,
    /// The carrier's own share; zero when not given.
    pub own_contribution: Option<MoneyInput>,
    /// From 0 to 10,000,000.
    pub beneficiaries_count: Option<i32>,
    /// The day the project is planned to start.
    pub starts_on: Option<Date>,
    /// The day the project is planned to end; not before the start.
    pub ends_on: Option<Date>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateProjectInput {
    /// The project to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new program; `null` takes the project out of its program.
    pub program_id: MaybeUndefined<ID>,
    /// A new zone of the carrier's center; `null` clears it.
    pub zone_id: MaybeUndefined<ID>,
    /// A new title.
    pub title: Option<String>,
    /// A new summary; `null` clears it.
    pub summary: MaybeUndefined<String>,
    /// A new sector.
    pub sector: Option<Sector>,
    /// A new total cost, in the project's currency; never below what the commitments already hold.
    pub total_cost: Option<MoneyInput>,
    /// A new own contribution of the carrier, in the project's currency; zero or more.
    pub own_contribution: Option<MoneyInput>,
    /// From 0 to 10,000,000.
    pub beneficiaries_count: MaybeUndefined<i32>,
    /// A new start day; `null` clears it.
    pub starts_on: MaybeUndefined<Date>,
    /// A new end day, not before the start; `null` clears it.
    pub ends_on: MaybeUndefined<Date>,
}

/// A move of a project along its workflow (see `ProjectStatus`).
#[derive(InputObject)]
pub struct TransitionProjectInput {
    /// The project to move.
    pub id: ID,
    /// The status to move it to; a move the workflow does not allow is INVALID_TRANSITION.
    pub to: ProjectStatus,
    /// Kept in the project's status history.
    pub note: Option<String>,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a write of a project: the project as written, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct ProjectPayload {
    /// The project as written; null when the write was refused.
    project: Option<Project>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
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
        #[graphql(desc = "The new project.")] input: CreateProjectInput,
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
        #[graphql(desc = "The project to change, and the changes.")] input: UpdateProjectInput,
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
        #[graphql(desc = "The project, and the status to move it to.")]
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
