//! Creating and updating programs (ADMIN only), through the write pipeline: a unique code, an
//! existing funder, the co-financing rate kept in basis points, a budget in exact money, dates
//! in order, and a rate no project of the program already exceeds (DESIGN.md, "Co-financing
//! cap"; the cap itself is checked by the pipeline's money rules).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::auth::viewer::Viewer;
use crate::domain::input::{self, NAME_MAX, Problems, date_order, text};
use crate::domain::money::RawMoney;
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{partner, program};
use crate::error::{AppError, Result};
use crate::service::events::Entity;
use crate::service::program::cap;
use crate::service::write::{self, Begun, Blame, Services, Write};

/// What creating or updating a program takes, as received: `None` leaves a field as it is,
/// `Some(None)` clears an optional one.
#[derive(Clone, Debug, Default)]
pub struct ProgramInput {
    pub name: Option<String>,
    pub max_cofinancing_rate: Option<Decimal>,
    pub budget: Option<Option<RawMoney>>,
    pub starts_on: Option<Option<NaiveDate>>,
    pub ends_on: Option<Option<NaiveDate>>,
}

/// What only a create sets: the program's code and its funder never change.
#[derive(Clone, Debug)]
pub struct NewProgram {
    pub code: String,
    pub funder_id: i64,
}

const CREATE_PROGRAM: &str = "createProgram";
const CODE_TAKEN: &str = "a program already has this code";

/// Creates a program (ADMIN only).
pub async fn create_program(
    services: &Services,
    viewer: &Viewer,
    new: NewProgram,
    input: ProgramInput,
    idempotency_key: Option<&str>,
) -> Result<program::Model> {
    viewer.may_manage_centers("create programs")?;
    let outcome = try_create_program(services, viewer, &new, &input, idempotency_key).await;
    write::or_replayed::<program::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_PROGRAM,
        idempotency_key,
    )
    .await
}

async fn try_create_program(
    services: &Services,
    viewer: &Viewer,
    new: &NewProgram,
    input: &ProgramInput,
    key: Option<&str>,
) -> Result<program::Model> {
    let mut write =
        match Write::create::<program::Entity>(services, viewer, CREATE_PROGRAM, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let (row, mut fields) = checked_row(write.txn(), new, input).await?;
    fields.splice(0..0, ["code", "funderId"]);
    let created = write
        .insert(Entity::Program, "create_program", row, &fields)
        .await
        .map_err(|err| err.or_duplicate(&["input", "code"], CODE_TAKEN))?;
    write.commit().await?;
    Ok(created)
}

/// The new program's row with every field checked, and the names of the fields it sets; the
/// code's DUPLICATE is reported once the input holds no other error.
async fn checked_row(
    txn: &DatabaseTransaction,
    new: &NewProgram,
    input: &ProgramInput,
) -> Result<(program::ActiveModel, Vec<&'static str>)> {
    let mut problems = Problems::default();
    let code = problems.take(input::code(&new.code, &["input", "code"]));
    if partner::Entity::find_by_id(new.funder_id)
        .one(txn)
        .await?
        .is_none()
    {
        problems.push(not_found("funderId", "no such partner"));
    }
    if input.max_cofinancing_rate.is_none() {
        problems.push(UserError::new(
            ErrorCode::Required,
            &["input", "maxCofinancingRate"],
            "a program has a co-financing rate",
        ));
    }
    let mut row = program::ActiveModel {
        funder_id: Set(new.funder_id),
        ..Default::default()
    };
    let required = ProgramInput {
        name: Some(input.name.clone().unwrap_or_default()),
        ..input.clone()
    };
    let fields = assign(&mut row, &required, problems)?;
    let code = code.ok_or_else(|| AppError::bad_input("invalid program code"))?;
    let taken = program::Entity::find()
        .filter(program::Column::Code.eq(code.clone()))
        .one(txn)
        .await?;
    if taken.is_some() {
        return Err(UserError::new(ErrorCode::Duplicate, &["input", "code"], CODE_TAKEN).into());
    }
    row.code = Set(code);
    Ok((row, fields))
}

/// Updates a program (ADMIN only): only the fields given change; `expectedVersion` guards it.
/// A new rate is refused with COFINANCING_CAP_EXCEEDED while a project of the program holds
/// more from the funder than it allows (the money rules of every project of the program are
/// checked before the commit).
pub async fn update_program(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: ProgramInput,
) -> Result<program::Model> {
    viewer.may_manage_centers("update programs")?;
    let mut write = Write::begin(services, viewer).await?;
    if input.max_cofinancing_rate.is_some() {
        cap::lock_projects(write.txn(), id).await?;
    }
    let current = write
        .lock(program::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found("id", "no such program"))?;
    write::check_version(expected_version, current.version)?;
    let mut row: program::ActiveModel = current.clone().into();
    let changed = assign(&mut row, &input, Problems::default())?;
    if row.max_cofinancing_rate_bp.try_as_ref() != Some(&current.max_cofinancing_rate_bp) {
        write.guard_program(id);
        write.blame(Blame::on("maxCofinancingRate"));
    }
    write
        .commit_update(Entity::Program, "update_program", row, current, &changed)
        .await
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Checks the given fields and sets them on `row`; returns the names of the fields set, or
/// every error of the input with those already in `problems`.
fn assign(
    row: &mut program::ActiveModel,
    input: &ProgramInput,
    mut problems: Problems,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    if let Some(name) = &input.name
        && let Some(name) = problems.take(text(name, &["input", "name"], NAME_MAX))
    {
        row.name = Set(name);
        changed.push("name");
    }
    if let Some(rate) = input.max_cofinancing_rate
        && let Some(rate) = problems.take(input::rate(rate, &["input", "maxCofinancingRate"]))
    {
        row.max_cofinancing_rate_bp = Set(i32::from(rate.basis_points()));
        changed.push("maxCofinancingRate");
    }
    if let Some(budget) = input.budget {
        assign_budget(row, budget, &mut problems);
        changed.push("budget");
    }
    assign_dates(row, input, &mut problems, &mut changed);
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}

/// Sets or clears the budget: a positive amount of at most two decimals.
fn assign_budget(
    row: &mut program::ActiveModel,
    budget: Option<RawMoney>,
    problems: &mut Problems,
) {
    let Some(budget) = budget else {
        row.budget_amount = Set(None);
        row.budget_currency = Set(None);
        return;
    };
    if let Some(amount) =
        problems.take(input::amount(budget.amount, &["input", "budget", "amount"]))
    {
        row.budget_amount = Set(Some(amount));
        row.budget_currency = Set(Some(budget.currency));
    }
}

/// Sets the dates given; the end may not come before the start, the stored one included.
fn assign_dates(
    row: &mut program::ActiveModel,
    input: &ProgramInput,
    problems: &mut Problems,
    changed: &mut Vec<&'static str>,
) {
    if let Some(starts_on) = input.starts_on {
        row.starts_on = Set(starts_on);
        changed.push("startsOn");
    }
    if let Some(ends_on) = input.ends_on {
        row.ends_on = Set(ends_on);
        changed.push("endsOn");
    }
    if input.starts_on.is_some() || input.ends_on.is_some() {
        let start = row.starts_on.try_as_ref().copied().flatten();
        let end = row.ends_on.try_as_ref().copied().flatten();
        problems.take(date_order(start, end, &["input", "endsOn"]));
    }
}
