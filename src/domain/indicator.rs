//! Indicators of expected results: where their values come from, exact decimal values, and the
//! progress of the latest value from the baseline to the target.

use rust_decimal::{Decimal, RoundingStrategy};
use sea_orm::entity::prelude::*;

use crate::domain::user_error::{ErrorCode, UserError};

/// Where an indicator's values come from: measured by hand, or computed from the data at read
/// time (then no measurement is recorded for it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum IndicatorSource {
    #[sea_orm(string_value = "MANUAL")]
    Manual,
    /// Distinct organizations with at least one accompaniment session.
    #[sea_orm(string_value = "ORGANIZATIONS_ACCOMPANIED")]
    OrganizationsAccompanied,
    /// Projects APPROVED, IN_PROGRESS or COMPLETED: their funding was approved.
    #[sea_orm(string_value = "PROJECTS_FUNDED")]
    ProjectsFunded,
    /// Accompaniment sessions held.
    #[sea_orm(string_value = "SESSIONS_HELD")]
    SessionsHeld,
    /// The participants of TRAINING sessions, added up.
    #[sea_orm(string_value = "PARTICIPANTS_TRAINED")]
    ParticipantsTrained,
}

impl IndicatorSource {
    pub fn is_computed(self) -> bool {
        self != Self::Manual
    }
}

/// Values are kept as integers of ten-thousandths: four decimals, exact.
const SCALE: u32 = 4;
/// The largest value accepted, in absolute terms: 1,000,000,000,000.
const MAX_ABS: i64 = 1_000_000_000_000;

/// A value of at most four decimals and at most 10^12 in absolute terms, in ten-thousandths.
pub fn parse_value(value: Decimal, field: &[&str]) -> Result<i64, UserError> {
    let normalized = value.normalize();
    if normalized.scale() > SCALE {
        return Err(UserError::new(
            ErrorCode::Invalid,
            field,
            "at most four decimals",
        ));
    }
    if normalized.abs() > Decimal::from(MAX_ABS) {
        return Err(UserError::new(
            ErrorCode::OutOfRange,
            field,
            format!("must be between -{MAX_ABS} and {MAX_ABS}"),
        ));
    }
    let mut scaled = normalized;
    scaled.rescale(SCALE);
    i64::try_from(scaled.mantissa())
        .map_err(|_| UserError::new(ErrorCode::OutOfRange, field, "too large"))
}

/// A stored value (ten-thousandths) as a decimal, trailing zeros dropped.
pub fn value_of(stored: i64) -> Decimal {
    Decimal::new(stored, SCALE).normalize()
}

/// `(latest − baseline) / (target − baseline)`, truncated to four places: 0 at the baseline,
/// 1 at the target, above 1 past it, below 0 when the value moved away from it. Unknown (None)
/// without a latest value or a target, or when the target is the baseline.
pub fn progress(
    latest: Option<Decimal>,
    baseline: Decimal,
    target: Option<Decimal>,
) -> Option<Decimal> {
    let (latest, target) = (latest?, target?);
    let span = target - baseline;
    if span.is_zero() {
        return None;
    }
    let ratio = (latest - baseline).checked_div(span)?;
    Some(
        ratio
            .round_dp_with_strategy(SCALE, RoundingStrategy::ToZero)
            .normalize(),
    )
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    const FIELD: &[&str] = &["input", "value"];

    #[test]
    fn values_keep_four_decimals_exactly() {
        assert_eq!(parse_value(d("12.5"), FIELD), Ok(125_000));
        assert_eq!(parse_value(d("-0.0001"), FIELD), Ok(-1));
        assert_eq!(value_of(125_000), d("12.5"));
        assert_eq!(
            value_of(parse_value(d("0.1234"), FIELD).unwrap()),
            d("0.1234")
        );
        assert_eq!(
            parse_value(d("1.00000"), FIELD),
            Ok(10_000),
            "trailing zeros are no precision"
        );
    }

    #[test]
    fn values_too_precise_or_too_large_are_refused() {
        assert_eq!(
            parse_value(d("0.00001"), FIELD).unwrap_err().code,
            ErrorCode::Invalid
        );
        assert_eq!(
            parse_value(d("1000000000000.0001"), FIELD)
                .unwrap_err()
                .code,
            ErrorCode::OutOfRange
        );
        assert!(parse_value(d("1000000000000"), FIELD).is_ok());
    }

    #[test]
    fn progress_runs_from_the_baseline_to_the_target() {
        let cases = [
            ("5", "0", Some("20"), Some("0.25")),
            ("20", "0", Some("20"), Some("1")),
            ("30", "10", Some("20"), Some("2")),
            ("5", "10", Some("20"), Some("-0.5")),
            ("1", "0", Some("3"), Some("0.3333")),
            ("2", "0", Some("3"), Some("0.6666")),
            ("5", "10", Some("0"), Some("0.5")),
            ("5", "0", None, None),
            ("5", "10", Some("10"), None),
        ];
        for (latest, baseline, target, expected) in cases {
            assert_eq!(
                progress(Some(d(latest)), d(baseline), target.map(d)),
                expected.map(d),
                "latest {latest}, baseline {baseline}, target {target:?}"
            );
        }
        assert_eq!(progress(None, d("0"), Some(d("10"))), None, "no value yet");
    }

    #[test]
    fn only_manual_indicators_take_measurements() {
        assert!(!IndicatorSource::Manual.is_computed());
        assert!(IndicatorSource::OrganizationsAccompanied.is_computed());
        assert!(IndicatorSource::ProjectsFunded.is_computed());
    }
}
