//! `Mutation.createIndicator`, `updateIndicator` and `recordIndicatorMeasurement`.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result, SimpleObject};

use crate::graphql::id::{NodeType, parse_arg, parse_opt_arg};
use crate::graphql::mutation::{Dates, maybe, services};
use crate::graphql::scalars::{Date, Decimal};
use crate::graphql::types::indicator::{Indicator, IndicatorMeasurement, IndicatorSource};
use crate::graphql::types::user_error::{UserError, into_payload};
use crate::graphql::viewer::viewer;
use crate::service::indicator::write::{
    IndicatorInput, MeasurementInput, Owner, create_indicator, record_measurement, update_indicator,
};

/// A new indicator of an expected result.
#[derive(InputObject)]
pub struct CreateIndicatorInput {
    /// The center whose expected result it is; give this or `programId`, not both.
    pub center_id: Option<ID>,
    /// The program whose expected result it is (ADMIN only); give this or `centerId`, not both.
    pub program_id: Option<ID>,
    /// The expected result, in words: 1 to 200 characters.
    pub name: String,
    /// What its values count: 1 to 64 characters.
    pub unit: String,
    /// The value at the start: "0" when not given. At most four decimals.
    pub baseline: Option<Decimal>,
    /// The value aimed at. At most four decimals.
    pub target: Option<Decimal>,
    /// MANUAL (measured by hand), or a figure computed from the data; fixed once set.
    #[graphql(default_with = "IndicatorSource::Manual")]
    pub source: IndicatorSource,
    /// Repeating the create with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// Only the fields given change; `null` clears the target.
#[derive(InputObject)]
pub struct UpdateIndicatorInput {
    /// The indicator to change.
    pub id: ID,
    /// The version the change is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// A new name.
    pub name: Option<String>,
    /// A new unit.
    pub unit: Option<String>,
    /// A new baseline.
    pub baseline: Option<Decimal>,
    /// A new target; `null` clears it.
    pub target: MaybeUndefined<Decimal>,
}

/// A value of a MANUAL indicator.
#[derive(InputObject)]
pub struct RecordIndicatorMeasurementInput {
    /// The indicator measured; a computed one takes no measurement (INVALID).
    pub indicator_id: ID,
    /// The indicator's version the measurement is based on; a stale one is VERSION_CONFLICT.
    pub expected_version: Option<i32>,
    /// The day of the measurement.
    pub measured_on: Date,
    /// The value: at most four decimals.
    pub value: Decimal,
    /// How it was measured.
    pub note: Option<String>,
    /// Repeating the measurement with the same key returns the first result and writes nothing.
    pub idempotency_key: Option<String>,
}

/// The outcome of a write of an indicator: the indicator as written, or `userErrors` and
/// nothing written.
#[derive(SimpleObject)]
pub struct IndicatorPayload {
    /// The indicator as written; null when the write was refused.
    indicator: Option<Indicator>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

/// The outcome of a measurement: the indicator as it now stands and the measurement, or
/// `userErrors` and nothing written.
#[derive(SimpleObject)]
pub struct RecordIndicatorMeasurementPayload {
    /// The indicator, one version further; null when the write was refused.
    indicator: Option<Indicator>,
    /// The measurement recorded; null when the write was refused.
    measurement: Option<IndicatorMeasurement>,
    /// What the caller can fix, when the write was refused; empty when it succeeded.
    user_errors: Vec<UserError>,
}

fn payload(
    result: crate::error::Result<crate::entity::indicator::Model>,
) -> Result<IndicatorPayload> {
    let (indicator, user_errors) = into_payload(result)?;
    Ok(IndicatorPayload {
        indicator: indicator.map(Indicator),
        user_errors,
    })
}

/// The center or the program of a new indicator: exactly one (INVALID otherwise).
fn owner(input: &CreateIndicatorInput) -> Result<crate::error::Result<Owner>> {
    let center = parse_opt_arg(input.center_id.as_ref(), NodeType::Center, "centerId")?;
    let program = parse_opt_arg(input.program_id.as_ref(), NodeType::Program, "programId")?;
    Ok(match (center, program) {
        (Some(center), None) => Ok(Owner::Center(center)),
        (None, Some(program)) => Ok(Owner::Program(program)),
        _ => Err(crate::domain::user_error::UserError::new(
            crate::domain::user_error::ErrorCode::Invalid,
            &["input", "centerId"],
            "an indicator belongs to a center or to a program: give exactly one",
        )
        .into()),
    })
}

#[derive(Default)]
pub struct IndicatorMutation;

#[Object]
impl IndicatorMutation {
    /// Sets an indicator (ADMIN, or STAFF of the center for a center's indicator).
    async fn create_indicator(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new indicator.")] input: CreateIndicatorInput,
    ) -> Result<IndicatorPayload> {
        let owner = match owner(&input)? {
            Ok(owner) => owner,
            Err(refused) => return payload(Err(refused)),
        };
        let fields = IndicatorInput {
            name: Some(input.name),
            unit: Some(input.unit),
            baseline: input.baseline.map(|value| value.0),
            target: Some(input.target.map(|value| value.0)),
        };
        let key = input.idempotency_key.as_deref();
        let source = input.source.into();
        payload(create_indicator(services(ctx)?, viewer(ctx), owner, source, fields, key).await)
    }

    /// Changes an indicator (ADMIN, or STAFF of the center for a center's indicator).
    async fn update_indicator(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The indicator to change, and the changes.")] input: UpdateIndicatorInput,
    ) -> Result<IndicatorPayload> {
        let id = parse_arg(&input.id, NodeType::Indicator, "id")?;
        let fields = IndicatorInput {
            name: input.name,
            unit: input.unit,
            baseline: input.baseline.map(|value| value.0),
            target: maybe(input.target).map(|target| target.map(|value| value.0)),
        };
        let services = services(ctx)?;
        payload(update_indicator(services, viewer(ctx), id, input.expected_version, fields).await)
    }

    /// Records a measurement of a MANUAL indicator (who may change the indicator).
    async fn record_indicator_measurement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The indicator and its new value.")]
        input: RecordIndicatorMeasurementInput,
    ) -> Result<RecordIndicatorMeasurementPayload> {
        let id = parse_arg(&input.indicator_id, NodeType::Indicator, "indicatorId")?;
        let mut dates = Dates::default();
        let measured_on = dates.date(Some(input.measured_on), "measuredOn");
        let key = input.idempotency_key.as_deref();
        let measurement = MeasurementInput {
            measured_on: measured_on.unwrap_or_default(),
            value: input.value.0,
            note: input.note.clone(),
        };
        let services = services(ctx)?;
        let record = record_measurement(
            services,
            viewer(ctx),
            id,
            input.expected_version,
            measurement,
            key,
        );
        let (written, user_errors) = into_payload(dates.run(record).await)?;
        let (indicator, measurement) = written.unzip();
        Ok(RecordIndicatorMeasurementPayload {
            indicator: indicator.map(Indicator),
            measurement: measurement.map(IndicatorMeasurement),
            user_errors,
        })
    }
}
