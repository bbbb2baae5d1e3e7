//! Correcting and removing a measurement entered by mistake, by whoever may write its indicator,
//! so that a wrong value stops driving `latest` and `progress`. As with recording one, a
//! computed indicator takes no measurement (`INVALID`), and the indicator moves one version on,
//! stamped now, so that `updatedSince` and `indicatorChanged` see the change.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{EntityTrait, Set};

use crate::auth::viewer::Viewer;
use crate::domain::indicator::parse_value;
use crate::domain::input::{Problems, TEXT_MAX, optional_text};
use crate::domain::user_error::{ErrorCode, UserError};
use crate::entity::{indicator, indicator_measurement};
use crate::error::{AppError, Result};
use crate::service::events::{ChangeKind, Entity, Scope};
use crate::service::indicator::write::locked;
use crate::service::write::{self, Services, Write};

/// What may change on a measurement: `None` leaves a field as it is, `Some(None)` clears the
/// note.
#[derive(Clone, Debug, Default)]
pub struct MeasurementChanges {
    pub measured_on: Option<NaiveDate>,
    pub value: Option<Decimal>,
    pub note: Option<Option<String>>,
}

/// Corrects a measurement's day, value or note; `expectedVersion` (the measurement's) guards
/// it. Returns the indicator as it now stands and the measurement.
pub async fn update_measurement(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
    changes: MeasurementChanges,
) -> Result<(indicator::Model, indicator_measurement::Model)> {
    viewer.require_authenticated()?;
    let (mut write, indicator, current) = begin(services, viewer, id, expected_version).await?;
    let mut row: indicator_measurement::ActiveModel = current.clone().into();
    let changed = assign(&mut row, &changes)?;
    if changed.is_empty() {
        write.commit().await?;
        return Ok((indicator, current));
    }
    let measurement = write
        .update(
            Entity::IndicatorMeasurement,
            "update_indicator_measurement",
            ChangeKind::Updated,
            row,
            &changed,
        )
        .await?;
    let indicator = touch(&mut write, indicator, "update_indicator_measurement").await?;
    write.commit().await?;
    Ok((indicator, measurement))
}

/// Removes a measurement; `expectedVersion` (the measurement's) guards it. Returns the
/// indicator as it now stands and the measurement as it was.
pub async fn remove_measurement(
    services: &Services,
    viewer: &Viewer,
    id: i64,
    expected_version: Option<i32>,
) -> Result<(indicator::Model, indicator_measurement::Model)> {
    viewer.require_authenticated()?;
    let (mut write, indicator, current) = begin(services, viewer, id, expected_version).await?;
    let scope = Scope {
        center_id: indicator.center_id,
        organization_id: None,
    };
    write
        .remove(
            Entity::IndicatorMeasurement,
            "remove_indicator_measurement",
            current.clone(),
            scope,
        )
        .await?;
    let indicator = touch(&mut write, indicator, "remove_indicator_measurement").await?;
    write.commit().await?;
    Ok((indicator, current))
}

/// The write, with the measurement's indicator locked once the caller may write it and it
/// takes measurements, and the measurement at the version expected.
async fn begin<'a>(
    services: &'a Services,
    viewer: &'a Viewer,
    id: i64,
    expected_version: Option<i32>,
) -> Result<(Write<'a>, indicator::Model, indicator_measurement::Model)> {
    let write = Write::begin(services, viewer).await?;
    let found = find(&write, id).await?;
    let indicator = locked(&write, found.indicator_id, "id").await?;
    viewer.may_write_indicator(indicator.center_id)?;
    if indicator.source.is_computed() {
        return Err(UserError::new(
            ErrorCode::Invalid,
            &["input", "id"],
            "this indicator is computed from the data: it takes no measurement",
        )
        .into());
    }
    let current = find(&write, id).await?;
    write::check_version(expected_version, current.version)?;
    Ok((write, indicator, current))
}

/// The measurement (read again once its indicator is locked: measurements of one indicator
/// change one at a time).
async fn find(write: &Write<'_>, id: i64) -> Result<indicator_measurement::Model> {
    Ok(indicator_measurement::Entity::find_by_id(id)
        .one(write.txn())
        .await?
        .ok_or_else(|| {
            UserError::new(ErrorCode::NotFound, &["input", "id"], "no such measurement")
        })?)
}

/// One more version of the indicator, stamped now: its measurements changed.
async fn touch(
    write: &mut Write<'_>,
    indicator: indicator::Model,
    action: &str,
) -> Result<indicator::Model> {
    let row: indicator::ActiveModel = indicator.into();
    write
        .update(
            Entity::Indicator,
            action,
            ChangeKind::Updated,
            row,
            &["measurements"],
        )
        .await
}

/// Checks the given fields and sets them on `row`; returns the names of the fields set, or
/// every error of the input at once.
fn assign(
    row: &mut indicator_measurement::ActiveModel,
    changes: &MeasurementChanges,
) -> Result<Vec<&'static str>> {
    let mut problems = Problems::default();
    let mut changed = Vec::new();
    if let Some(day) = changes.measured_on {
        row.measured_on = Set(day);
        changed.push("measuredOn");
    }
    if let Some(value) = changes.value
        && let Some(value) = problems.take(parse_value(value, &["input", "value"]))
    {
        row.value = Set(value);
        changed.push("value");
    }
    if let Some(note) = &changes.note
        && let Some(note) =
            problems.take(optional_text(note.as_deref(), &["input", "note"], TEXT_MAX))
    {
        row.note = Set(note);
        changed.push("note");
    }
    problems.finish().map_err(AppError::User)?;
    Ok(changed)
}
