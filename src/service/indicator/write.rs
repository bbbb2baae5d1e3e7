//! Setting indicators and recording their measurements, through the write pipeline. A center's
//! indicators are written by ADMIN and the center's STAFF, a program's by ADMIN. Values are exact
//! (four decimals). A computed indicator takes no measurement (`INVALID`): its value comes from
//! the data. Recording a measurement is a change of the indicator too (one more version, a new
//! `updatedAt`), so that incremental sync sees it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{DatabaseTransaction, EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::indicator::{IndicatorSource, parse_value};
use crate::domain::input::{NAME_MAX, Problems, SHORT_MAX, TEXT_MAX, optional_text, text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{center, indicator, indicator_measurement, program};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity};
use crate::service::write::{self, Begun, Services, Write};

/// Whose expected result an indicator is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Center(i64),
    Program(i64),
}

/// What setting or changing an indicator takes: `None` leaves a field as it is, `Some(None)`
/// clears the target.
#[derive(Clone, Debug, Default)]
pub struct IndicatorInput {
    pub name: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<Decimal>,
    pub target: Option<Option<Decimal>>,
}

/// One measurement of a manual indicator.
#[derive(Clone, Debug)]
pub struct MeasurementInput {
    pub measured_on: NaiveDate,
    pub value: Decimal,
    pub note: Option<String>,
}

const CREATE_INDICATOR: &str = "createIndicator";
const RECORD_MEASUREMENT: &str = "recordIndicatorMeasurement";

/// Sets an indicator for a center or a program; its source never changes afterwards.
pub async fn create_indicator(
    services: &Services,
    viewer: &Viewer,
    owner: Owner,
    source: IndicatorSource,
    input: IndicatorInput,
    idempotency_key: Option<&str>,
) -> Result<indicator::Model> {
    viewer.may_write_indicator(match owner {
        Owner::Center(id) => Some(id),
        Owner::Program(_) => None,
    })?;
    let outcome = try_create(services, viewer, owner, source, &input, idempotency_key).await;
    write::or_replayed::<indicator::Entity>(
        outcome,
        &services.db,
        viewer,
        CREATE_INDICATOR,
        idempotency_key,
    )
    .await
}

async fn try_create(
    services: &Services,
    viewer: &Viewer,
    owner: Owner,
    source: IndicatorSource,
    input: &IndicatorInput,
    key: Option<&str>,
) -> Result<indicator::Model> {
    let mut write =
        match Write::create::<indicator::Entity>(services, viewer, CREATE_INDICATOR, key).await? {
            Begun::Replayed(existing) => return Ok(existing),
            Begun::Fresh(write) => write,
        };
    let mut row = indicator::ActiveModel {
        source: Set(source),
        ..Default::default()
    };
    let mut problems = Problems::default();
    check_owner(write.txn(), owner, &mut row, &mut problems).await?;
    let required = IndicatorInput {
        name: Some(input.name.clone().unwrap_or_default()),
        unit: Some(input.unit.clone().unwrap_or_default()),
        baseline: Some(input.baseline.unwrap_or_default()),
        target: Some(input.target.flatten()),
    };
    let mut fields = assign(&mut row, &required, problems)?;
    fields.splice(0..0, ["owner", "source"]);
    let created = write
        .insert(Entity::Indicator, "create_indicator", row, &fields)
        .await?;
    write.commit().await?;
    Ok(created)
}

/// The center or program exists (`NOT_FOUND` on its id otherwise); sets it on the row.
async fn check_owner(
    txn: &DatabaseTransaction,
    owner: Owner,
    row: &mut indicator::ActiveModel,
    problems: &mut Problems,
) -> Result<()> {
    match owner {
        Owner::Center(id) => {
            if center::Entity::find_by_id(id).one(txn).await?.is_none() {
                problems.push(not_found("centerId", "no such center"));
            }
            row.center_id = Set(Some(id));
            row.program_id = Set(None);
        }
        Owner::Program(id) => {
            if program::Entity::find_by_id(id).one(txn).await?.is_none() {
                problems.push(not_found("programId", "no such program"));
            }
            row.center_id = Set(None);
            row.program_id = Set(Some(id));
        }
    }
    Ok(())
}

/// Changes an indicator's name, unit, baseline or target; `expectedVersion` guards it.
pub async fn update_indicator(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    input: IndicatorInput,
) -> Result<indicator::Model> {
    viewer.require_authenticated()?;
    let write = Write::begin(services, viewer).await?;
    let current = locked(&write, id, "id").await?;
    viewer.may_write_indicator(current.center_id)?;
    write::check_version(expected_version, current.version)?;
    let mut row: indicator::ActiveModel = current.clone().into();
    let changed = assign(&mut row, &input, Problems::default())?;
    write
        .commit_update(
            Entity::Indicator,
            "update_indicator",
            row,
            current,
            &changed,
        )
        .await
}

pub(super) async fn locked(write: &Write<'_>, id: i64, field: &str) -> Result<indicator::Model> {
    Ok(write
        .lock(indicator::Entity::find_by_id(id))
        .await?
        .ok_or_else(|| not_found(field, "no such indicator"))?)
}

/// Records a measurement of a manual indicator and returns the indicator as it now stands with
/// the measurement; `expectedVersion` (the indicator's) guards it.
pub async fn record_measurement(
    services: &Services,
    viewer: &Viewer,
    indicator_id: i64,
    expected_version: Option<i32>,
    input: MeasurementInput,
    idempotency_key: Option<&str>,
) -> Result<(indicator::Model, indicator_measurement::Model)> {
    viewer.require_authenticated()?;
    let outcome = try_record(
        services,
        viewer,
        indicator_id,
        expected_version,
        &input,
        idempotency_key,
    )
    .await;
    let measurement = write::or_replayed::<indicator_measurement::Entity>(
        outcome.map(|(_, measurement)| measurement),
        &services.db,
        viewer,
        RECORD_MEASUREMENT,
        idempotency_key,
    )
    .await?;
    Ok((indicator_of(services, &measurement).await?, measurement))
}

/// The indicator of a measurement an earlier request recorded, as it stands now.
async fn indicator_of(
    services: &Services,
    measurement: &indicator_measurement::Model,
) -> Result<indicator::Model> {
    indicator::Entity::find_by_id(measurement.indicator_id)
        .one(&services.db)
        .await?
        .ok_or(AppError::Replay)
}

async fn try_record(
    services: &Services,
    viewer: &Viewer,
    indicator_id: i64,
    expected_version: Option<i32>,
    input: &MeasurementInput,
    key: Option<&str>,
) -> Result<(indicator::Model, indicator_measurement::Model)> {
    let mut write = match Write::create::<indicator_measurement::Entity>(
        services,
        viewer,
        RECORD_MEASUREMENT,
        key,
    )
    .await?
    {
        Begun::Replayed(existing) => {
            return Ok((indicator_of(services, &existing).await?, existing));
        }
        Begun::Fresh(write) => write,
    };
    let current = locked(&write, indicator_id, "indicatorId").await?;
    viewer.may_write_indicator(current.center_id)?;
    write::check_version(expected_version, current.version)?;
    if current.source.is_computed() {
        return Err(UserError::new(
            ErrorCode::Invalid,
            &["input", "indicatorId"],
            "this indicator is computed from the data: it takes no measurement",
        )
        .into());
    }
    let row = measurement_row(indicator_id, input)?;
    let fields = ["measuredOn", "value", "note"];
    let measurement = write
        .insert(
            Entity::IndicatorMeasurement,
            "record_indicator_measurement",
            row,
            &fields,
        )
        .await?;
    let touched: indicator::ActiveModel = current.into();
    let indicator = write
        .update(
            Entity::Indicator,
            "record_indicator_measurement",
            ChangeKind::Updated,
            touched,
            &["measurements"],
        )
        .await?;
    write.commit().await?;
    Ok((indicator, measurement))
}

/// The measurement's row, its value and note checked.
fn measurement_row(
    indicator_id: i64,
    input: &MeasurementInput,
) -> Result<indicator_measurement::ActiveModel> {
    let mut problems = Problems::default();
    let value = problems.take(parse_value(input.value, &["input", "value"]));
    let note = problems.take(optional_text(
        input.note.as_deref(),
        &["input", "note"],
        TEXT_MAX,
    ));
    problems.finish().map_err(AppError::User)?;
    Ok(indicator_measurement::ActiveModel {
        indicator_id: Set(indicator_id),
        measured_on: Set(input.measured_on),
        value: Set(value.unwrap_or_default()),
        note: Set(note.flatten()),
        ..Default::default()
    })
}

fn not_found(field: &str, message: &str) -> UserError {
    UserError::new(ErrorCode::NotFound, &["input", field], message)
}

/// Checks the given fields and sets them on `row`; returns the names of the fields set, or every
/// error of the input with those already in `problems`.
fn assign(
    row: &mut indicator::ActiveModel,
    input: &IndicatorInput,
    mut problems: Problems,
) -> Result<Vec<&'static str>> {
    let mut changed = Vec::new();
    if let Some(name) = &input.name
        && let Some(name) = problems.take(text(name, &["input", "name"], NAME_MAX))
    {
        row.name = Set(name);
        changed.push("name");
    }
    if let Some(unit) = &input.unit
        && let Some(unit) = problems.take(text(unit, &["input", "unit"], SHORT_MAX))
    {
        row.unit = Set(unit);
        changed.push("unit");
    }
    if let Some(baseline) = input.baseline
        && let Some(baseline) = problems.take(parse_value(baseline, &["input", "baseline"]))
    {
        row.baseline = Set(baseline);
        changed.push("baseline");
    }
    if let Some(target) = input.target {
        let target = match target {
            Some(target) => problems.take(parse_value(target, &["input", "target"])),
            None => None,
        };
        row.target = Set(target);
        changed.push("target");
    }
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}
