//! `Mutation.updateIndicatorMeasurement` and `removeIndicatorMeasurement`: correcting a value
//! entered by mistake.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{encode_named, parse_named_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::indicator::{Indicator, IndicatorMeasurement, MEASUREMENT};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::indicator::measurement::{
    MeasurementChanges, remove_measurement, update_measurement,
};

/// Corrections to a measurement. Only the fields given change; `null` clears the note.
#[derive(InputObject)]
pub struct UpdateIndicatorMeasurementInput {
    /// The measurement to correct.
    pub id: ID,
    /// The measurement's version the correction is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new day.
    pub measured_on: Option<Date>,
    /// A new value: at most four decimals.
    pub value: Option<Decimal>,
    /// A new note; `null` clears it.
    pub note: MaybeUndefined<String>,
}

/// A measurement entered by mistake, to remove.
#[derive(InputObject)]
pub struct RemoveIndicatorMeasurementInput {
    /// The measurement to remove.
    pub id: ID,
    /// The measurement's version the removal is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
}

/// The outcome of a correction: the indicator as it now stands (its `latest` and `progress`
/// following) and the measurement, or `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct UpdateIndicatorMeasurementPayload {
    /// The indicator, one version further; null when the correction was refused.
    indicator: Option<Indicator>,
    /// The measurement as corrected; null when the correction was refused.
    measurement: Option<IndicatorMeasurement>,
    /// What the caller can fix, when the correction was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of a removal: the indicator as it now stands and the id the measurement had,
/// or `userErrors` and nothing removed.
#[derive(SimpleObject)]
pub struct RemoveIndicatorMeasurementPayload {
    /// The indicator, one version further, without the measurement; null when refused.
    indicator: Option<Indicator>,
    /// The id the removed measurement had; null when the removal was refused.
    removed_measurement_id: Option<ID>,
    /// What the caller can fix, when the removal was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

#[derive(Default)]
pub struct MeasurementMutation;

#[Object]
impl MeasurementMutation {
    /// Corrects a measurement of a MANUAL indicator (who may change the indicator); the
    /// indicator's `latest` and `progress` follow.
    async fn update_indicator_measurement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measurement, and the corrections.")]
        input: UpdateIndicatorMeasurementInput,
    ) -> Result<UpdateIndicatorMeasurementPayload> {
        let id = parse_named_arg(&input.id, MEASUREMENT, "id")?;
        let mut dates = Dates::default();
        let changes = MeasurementChanges {
            measured_on: dates.date(input.measured_on, "measuredOn"),
            value: input.value.map(|value| value.0),
            note: maybe(input.note),
        };
        let services = services(ctx)?;
        let update = update_measurement(services, viewer(ctx), id, input.expected_version, changes);
        let (written, user_errors) = into_payload(dates.run(update).await)?;
        let (indicator, measurement) = written.unzip();
        Ok(UpdateIndicatorMeasurementPayload {
            indicator: indicator.map(Indicator),
            measurement: measurement.map(IndicatorMeasurement),
            user_errors,
        })
    }

    /// Removes a measurement entered by mistake (who may change the indicator); the
    /// indicator's `latest` and `progress` fall back on the measurements left.
    async fn remove_indicator_measurement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The measurement to remove.")] input: RemoveIndicatorMeasurementInput,
    ) -> Result<RemoveIndicatorMeasurementPayload> {
        let id = parse_named_arg(&input.id, MEASUREMENT, "id")?;
        let services = services(ctx)?;
        let removal = remove_measurement(services, viewer(ctx), id, input.expected_version);
        let (removed, user_errors) = into_payload(removal.await)?;
        let (indicator, measurement) = removed.unzip();
        Ok(RemoveIndicatorMeasurementPayload {
            indicator: indicator.map(Indicator),
            removed_measurement_id: measurement
                .map(|measurement| encode_named(MEASUREMENT, measurement.id)),
            user_errors,
        })
    }
}
