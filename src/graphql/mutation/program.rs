//! `Mutation.createProgram` and `updateProgram`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::money::MoneyInput;
use crate::graphql::types::program::Program;
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::program::write::{NewProgram, ProgramInput, create_program, update_program};

/// A new co-financing program (ADMIN only).
#[derive(InputObject)]
pub struct CreateProgramInput {
    /// 2 to 32 upper-case letters, digits, `-` or `_`, like "PASEC"; unique.
    pub code: String,
    /// The program's full name.
    pub name: String,
    /// The partner that co-finances the program's projects.
    pub funder_id: ID,
    /// The share of a project's total cost the funder may commit at most, between "0" and "1"
    /// with at most four decimals: "0.70".
    pub max_cofinancing_rate: Decimal,
    /// The money the program has in all.
    pub budget: Option<MoneyInput>,
    /// The day the program starts.
    pub starts_on: Option<Date>,
    /// Not before `startsOn`.
    pub ends_on: Option<Date>,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears an optional field.
#[derive(InputObject)]
pub struct UpdateProgramInput {
    /// The program to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new full name.
    pub name: Option<String>,
    /// A lower rate is refused (COFINANCING_CAP_EXCEEDED) while a project of the program holds
    /// more from the funder than it would allow.
    pub max_cofinancing_rate: Option<Decimal>,
    /// A new budget; `null` clears it.
    pub budget: MaybeUndefined<MoneyInput>,
    /// A new start day; `null` clears it.
    pub starts_on: MaybeUndefined<Date>,
    /// A new end day, not before the start; `null` clears it.
    pub ends_on: MaybeUndefined<Date>,
}

/// The outcome of a write of a program: the program as written, or `userErrors` and nothing
/// written.
#[derive(SimpleObject)]
pub struct ProgramPayload {
    /// The program as written; null when the write was refused.
    program: Option<Program>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(result: crate::error::Result<crate::entity::program::Model>) -> Result<ProgramPayload> {
    let (program, user_errors) = into_payload(result)?;
    Ok(ProgramPayload {
        program: program.map(Program),
        user_errors,
    })
}

#[derive(Default)]
pub struct ProgramMutation;

#[Object]
impl ProgramMutation {
    /// Creates a co-financing program (ADMIN).
    async fn create_program(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new program.")] input: CreateProgramInput,
    ) -> Result<ProgramPayload> {
        let new = NewProgram {
            code: input.code,
            funder_id: parse_arg(&input.funder_id, NodeType::Partner, "funderId")?,
        };
        let mut dates = Dates::default();
        let fields = ProgramInput {
            name: Some(input.name),
            max_cofinancing_rate: Some(input.max_cofinancing_rate.0),
            budget: Some(input.budget.map(Into::into)),
            starts_on: Some(dates.date(input.starts_on, "startsOn")),
            ends_on: Some(dates.date(input.ends_on, "endsOn")),
        };
        let key = input.idempotency_key.as_deref();
        let create = create_program(services(ctx)?, viewer(ctx), new, fields, key);
        payload(dates.run(create).await)
    }

    /// Updates a program (ADMIN).
    async fn update_program(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The program to change, and the changes.")] input: UpdateProgramInput,
    ) -> Result<ProgramPayload> {
        let id = parse_arg(&input.id, NodeType::Program, "id")?;
        let mut dates = Dates::default();
        let fields = ProgramInput {
            name: input.name,
            max_cofinancing_rate: input.max_cofinancing_rate.map(|rate| rate.0),
            budget: maybe(input.budget).map(|money| money.map(Into::into)),
            starts_on: dates.maybe_date(input.starts_on, "startsOn"),
            ends_on: dates.maybe_date(input.ends_on, "endsOn"),
        };
        let update = update_program(
            services(ctx)?,
            viewer(ctx),
            id,
            input.expected_version,
            fields,
        );
        payload(dates.run(update).await)
    }
}
