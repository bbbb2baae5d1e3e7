//! The contract's scalars: `Date`, `DateTime` (RFC 3339 in UTC) and `Decimal` (an exact decimal
//! carried as a JSON string, never a float).

use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

/// A calendar day, "2003-07-05".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
/// A calendar date in ISO 8601 form: "2003-07-05".
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| {
                    InputValueError::custom(format!("{text:?} is not a date like \"2003-07-05\""))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// An instant, shown in UTC: "2003-07-09T20:00:00Z".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

#[Scalar(name = "DateTime")]
/// An instant in RFC 3339 form, always returned in UTC: "2003-07-09T20:00:00Z". Inputs may carry
/// any offset.
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|instant| DateTime(instant.with_timezone(&Utc)))
                .map_err(|_| {
                    InputValueError::custom(format!(
                        "{text:?} is not an RFC 3339 date-time like \"2003-07-09T20:00:00Z\""
                    ))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

/// An exact decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

#[Scalar(name = "Decimal")]
/// An exact decimal number carried as a JSON string: "250000.00", "0.70". JSON numbers are
/// refused, because they pass through binary floating point in many clients.
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => parse_decimal(text).map(Decimal).ok_or_else(|| {
                InputValueError::custom(format!(
                    "{text:?} is not a decimal number like \"250000.00\""
                ))
            }),
            Value::Number(_) => Err(InputValueError::custom(
                "a Decimal is written as a string, e.g. \"250000.00\", never as a JSON number",
            )),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(_))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// Plain decimal notation only: an optional sign, digits, an optional point and digits.
fn parse_decimal(text: &str) -> Option<rust_decimal::Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && !digits.starts_with('.')
        && !digits.ends_with('.')
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1;
    if !well_formed {
        return None;
    }
    rust_decimal::Decimal::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_from_plain_strings_only() {
        assert_eq!(
            parse_decimal("250000.00").map(|d| d.to_string()),
            Some("250000.00".into())
        );
        assert_eq!(
            parse_decimal("-1.5").map(|d| d.to_string()),
            Some("-1.5".into())
        );
        for bad in ["", "1e5", "1.", ".5", "1.2.3", "abc", " 1", "+1", "NaN"] {
            assert_eq!(parse_decimal(bad), None, "case {bad:?}");
        }
    }

    #[test]
    fn a_json_number_is_not_a_decimal() {
        assert!(<Decimal as ScalarType>::parse(Value::from(0.7)).is_err());
        assert!(<Decimal as ScalarType>::parse(Value::from("0.70")).is_ok());
    }

    #[test]
    fn date_times_are_shown_in_utc() {
        let parsed =
            <DateTime as ScalarType>::parse(Value::from("2003-07-09T22:00:00+02:00")).unwrap();
        assert_eq!(parsed.to_value(), Value::from("2003-07-09T20:00:00Z"));
    }

    #[test]
    fn dates_must_be_iso_days() {
        assert!(<Date as ScalarType>::parse(Value::from("2003-07-05")).is_ok());
        assert!(<Date as ScalarType>::parse(Value::from("05/07/2003")).is_err());
    }
}
