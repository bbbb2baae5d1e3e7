//! The contract's scalars: `Date`, `DateTime` (RFC 3339 in UTC) and `Decimal` (an exact decimal
//! carried as a JSON string, never a float).
//!
//! A `Date` or `DateTime` a caller sent is read only through a bounded parse
//! ([`crate::domain::calendar`]): `parse` for a mutation's input field, whose refusal is an
//! OUT_OF_RANGE user error, or `argument` for a query's, whose refusal is a BAD_USER_INPUT
//! error. Their value is private, so that no new date field can skip the bound.

use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{NaiveDate, SecondsFormat, Utc};

use crate::domain::calendar::{self, OutOfCalendar};
use crate::domain::input;
use crate::domain::user_error::UserError;
use crate::graphql::error::bad_input;

/// A calendar day, "2003-07-05".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(NaiveDate);

impl From<NaiveDate> for Date {
    fn from(day: NaiveDate) -> Self {
        Self(day)
    }
}

impl Date {
    /// The day of a mutation's input `field`, from 1900-01-01 to 2100-12-31.
    pub fn parse(self, field: &[&str]) -> Result<NaiveDate, UserError> {
        input::date(self.0, field)
    }

    /// The day of the query argument `name`, from 1900-01-01 to 2100-12-31.
    pub fn argument(self, name: &str) -> async_graphql::Result<NaiveDate> {
        calendar::parse_day(self.0).map_err(|err| refused(name, err, self.0))
    }
}

fn refused(name: &str, err: OutOfCalendar, got: impl std::fmt::Display) -> async_graphql::Error {
    bad_input(format!("`{name}` {err}, got {got}"))
}

#[Scalar(name = "Date")]
/// A calendar date in ISO 8601 form: "2003-07-05". A date sent must lie between 1900-01-01 and
/// 2100-12-31: a mutation refuses any other with OUT_OF_RANGE, a query with BAD_USER_INPUT.
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
pub struct DateTime(chrono::DateTime<Utc>);

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(instant: chrono::DateTime<Utc>) -> Self {
        Self(instant)
    }
}

impl DateTime {
    /// The instant of a mutation's input `field`, in the years 1900 to 2100 (UTC).
    pub fn parse(self, field: &[&str]) -> Result<chrono::DateTime<Utc>, UserError> {
        input::instant(self.0, field)
    }

    /// The instant of the query argument `name`, in the years 1900 to 2100 (UTC).
    pub fn argument(self, name: &str) -> async_graphql::Result<chrono::DateTime<Utc>> {
        calendar::parse_instant(self.0).map_err(|err| refused(name, err, self.to_rfc3339()))
    }

    fn to_rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

#[Scalar(name = "DateTime")]
/// An instant in RFC 3339 form, always returned in UTC: "2003-07-09T20:00:00Z". Inputs may carry
/// any offset, and must fall in the years 1900 to 2100 (UTC), as a `Date` must.
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
        Value::String(self.to_rfc3339())
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

    #[test]
    fn a_date_sent_is_read_only_within_the_calendar() {
        let year_one = <Date as ScalarType>::parse(Value::from("0001-01-01")).unwrap();
        let refused = year_one.parse(&["input", "pledgedOn"]).unwrap_err();
        assert_eq!(refused.field, ["input", "pledgedOn"]);
        let refused = year_one.argument("from").unwrap_err();
        assert_eq!(
            refused.message,
            "`from` must be between 1900-01-01 and 2100-12-31, got 0001-01-01"
        );
        let instant = <DateTime as ScalarType>::parse(Value::from("2101-01-01T00:00:00Z")).unwrap();
        assert!(instant.argument("updatedSince").is_err());
        assert!(instant.parse(&["input", "expiresAt"]).is_err());
    }
}
