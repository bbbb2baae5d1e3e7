//! Parsing input at the edge into valid values (parse, don't validate): each function returns
//! the value or the `UserError` naming the field, and [`Problems`] gathers every error of an
//! input so that the caller sees them all at once.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::domain::calendar;
use crate::domain::money::{self, AmountError};
use crate::domain::rate::{Rate, RateError};
use crate::domain::user_error::{ErrorCode, UserError};

/// Names, titles, display names.
pub const NAME_MAX: usize = 200;
/// Summaries and descriptions.
pub const TEXT_MAX: usize = 5_000;
/// Short codes and numbers (acronyms, registration numbers, references, phone numbers).
pub const SHORT_MAX: usize = 64;
/// Acronyms of organizations and partners: the width of their `acronym` columns.
pub const ACRONYM_MAX: usize = 50;
/// Counts of people (members, beneficiaries): above any association, cooperative or
/// micro-project of a center, yet far below what would overflow the sums of a dashboard.
pub const COUNT_MAX: i32 = 10_000_000;

/// The errors found in one input.
#[derive(Debug, Default)]
pub struct Problems(Vec<UserError>);

impl Problems {
    /// The value, or `None` after noting its error.
    pub fn take<T>(&mut self, result: Result<T, UserError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(err) => {
                self.0.push(err);
                None
            }
        }
    }

    pub fn push(&mut self, err: UserError) {
        self.0.push(err);
    }

    /// `Ok` when no error was noted, else every error.
    pub fn finish(self) -> Result<(), Vec<UserError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

fn error(code: ErrorCode, field: &[&str], message: impl Into<String>) -> UserError {
    UserError::new(code, field, message)
}

/// A required text, trimmed, of at most `max` characters.
pub fn text(value: &str, field: &[&str], max: usize) -> Result<String, UserError> {
    crate::domain::user_error::required_text(value, field, max)
}

/// An optional text, trimmed; blank means absent.
pub fn optional_text(
    value: Option<&str>,
    field: &[&str],
    max: usize,
) -> Result<Option<String>, UserError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.chars().count() > max => Err(error(
            ErrorCode::TooLong,
            field,
            format!("must be at most {max} characters"),
        )),
        Some(v) => Ok(Some(v.to_owned())),
    }
}

fn amount_error(err: AmountError, field: &[&str]) -> UserError {
    let code = match err {
        AmountError::TooPrecise => ErrorCode::Invalid,
        AmountError::NotPositive | AmountError::TooLarge => ErrorCode::OutOfRange,
    };
    error(code, field, err.to_string())
}

/// A positive amount of at most two decimals and at most 1,000,000,000,000.00, in centimes.
pub fn amount(value: Decimal, field: &[&str]) -> Result<i64, UserError> {
    money::parse_amount(value).map_err(|err| amount_error(err, field))
}

/// Like [`amount`], zero allowed.
pub fn non_negative_amount(value: Decimal, field: &[&str]) -> Result<i64, UserError> {
    money::parse_non_negative_amount(value).map_err(|err| amount_error(err, field))
}

/// A co-financing rate between 0 and 1.
pub fn rate(value: Decimal, field: &[&str]) -> Result<Rate, UserError> {
    Rate::parse(value).map_err(|err| match err {
        RateError::TooPrecise => error(ErrorCode::Invalid, field, err.to_string()),
        RateError::OutOfRange => error(ErrorCode::OutOfRange, field, err.to_string()),
    })
}

/// A count of people: zero to [`COUNT_MAX`].
pub fn count(value: Option<i32>, field: &[&str]) -> Result<Option<i32>, UserError> {
    match value {
        Some(n) if n < 0 => Err(error(ErrorCode::OutOfRange, field, "must not be negative")),
        Some(n) if n > COUNT_MAX => Err(error(
            ErrorCode::OutOfRange,
            field,
            format!("must be at most {COUNT_MAX}"),
        )),
        other => Ok(other),
    }
}

/// A day from 1900-01-01 to 2100-12-31 ([`calendar`]).
pub fn date(value: NaiveDate, field: &[&str]) -> Result<NaiveDate, UserError> {
    calendar::parse_day(value).map_err(|err| error(ErrorCode::OutOfRange, field, err.to_string()))
}

/// An instant of the years 1900 to 2100 ([`calendar`]).
pub fn instant(value: DateTime<Utc>, field: &[&str]) -> Result<DateTime<Utc>, UserError> {
    calendar::parse_instant(value)
        .map_err(|err| error(ErrorCode::OutOfRange, field, err.to_string()))
}

/// An end that does not come before its start.
pub fn date_order(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    end_field: &[&str],
) -> Result<(), UserError> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(error(
            ErrorCode::OutOfRange,
            end_field,
            "the end comes before the start",
        )),
        _ => Ok(()),
    }
}

/// A center slug: 3 to 64 lower-case letters, digits and single hyphens ("mohammedia").
pub fn slug(value: &str, field: &[&str]) -> Result<String, UserError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(error(ErrorCode::Required, field, "must not be empty"));
    }
    let well_formed = (3..=64).contains(&value.len())
        && value.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if well_formed {
        Ok(value.to_owned())
    } else {
        Err(error(
            ErrorCode::Invalid,
            field,
            "3 to 64 lower-case letters, digits and hyphens, like \"mohammedia\"",
        ))
    }
}

/// A program code: 2 to 32 upper-case letters, digits, `-` or `_` ("PASEC").
pub fn code(value: &str, field: &[&str]) -> Result<String, UserError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(error(ErrorCode::Required, field, "must not be empty"));
    }
    let well_formed = (2..=32).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if well_formed {
        Ok(value.to_owned())
    } else {
        Err(error(
            ErrorCode::Invalid,
            field,
            "2 to 32 upper-case letters, digits, - or _, like \"PASEC\"",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn amounts_map_to_the_contract_codes() {
        let field = ["input", "amount"];
        assert_eq!(amount(dec("10.50"), &field), Ok(1_050));
        for (value, code) in [
            ("10.555", ErrorCode::Invalid),
            ("0", ErrorCode::OutOfRange),
            ("-1", ErrorCode::OutOfRange),
            ("1000000000000.01", ErrorCode::OutOfRange),
        ] {
            let err = amount(dec(value), &field).unwrap_err();
            assert_eq!(err.code, code, "{value}");
            assert_eq!(err.field, vec!["input", "amount"]);
        }
    }

    #[test]
    fn texts_are_trimmed_bounded_and_optional_blanks_vanish() {
        assert_eq!(optional_text(Some("  "), &["x"], 5), Ok(None));
        assert_eq!(
            optional_text(Some(" ab "), &["x"], 5),
            Ok(Some("ab".into()))
        );
        assert_eq!(
            optional_text(Some("abcdef"), &["x"], 5).unwrap_err().code,
            ErrorCode::TooLong
        );
        assert_eq!(text("", &["x"], 5).unwrap_err().code, ErrorCode::Required);
    }

    #[test]
    fn slugs_codes_and_date_order() {
        assert!(slug("mohammedia", &["s"]).is_ok());
        assert!(slug("ain-sebaa", &["s"]).is_ok());
        for bad in ["Mohammedia", "ab", "a--b", "-ab", "é-ab", "a b c"] {
            assert_eq!(
                slug(bad, &["s"]).unwrap_err().code,
                ErrorCode::Invalid,
                "{bad}"
            );
        }
        assert!(code("PASEC", &["c"]).is_ok());
        assert_eq!(code("pasec", &["c"]).unwrap_err().code, ErrorCode::Invalid);
        let (a, b) = (
            NaiveDate::from_ymd_opt(2003, 7, 5),
            NaiveDate::from_ymd_opt(2003, 7, 9),
        );
        assert!(date_order(a, b, &["end"]).is_ok());
        assert_eq!(
            date_order(b, a, &["end"]).unwrap_err().code,
            ErrorCode::OutOfRange
        );
    }

    #[test]
    fn counts_run_from_zero_to_the_maximum() {
        for (value, accepted) in [
            (None, true),
            (Some(0), true),
            (Some(COUNT_MAX), true),
            (Some(-1), false),
            (Some(COUNT_MAX + 1), false),
            (Some(i32::MAX), false),
        ] {
            match count(value, &["input", "beneficiariesCount"]) {
                Ok(kept) => assert!(accepted && kept == value, "{value:?}"),
                Err(err) => {
                    assert!(!accepted, "{value:?}");
                    assert_eq!(err.code, ErrorCode::OutOfRange, "{value:?}");
                    assert_eq!(err.field, ["input", "beneficiariesCount"]);
                }
            }
        }
    }

    #[test]
    fn dates_outside_the_calendar_are_out_of_range_on_their_field() {
        let day = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
        for (text, accepted) in [
            ("1899-12-31", false),
            ("1900-01-01", true),
            ("2100-12-31", true),
            ("2101-01-01", false),
        ] {
            match date(day(text), &["input", "pledgedOn"]) {
                Ok(kept) => assert!(accepted && kept == day(text), "{text}"),
                Err(err) => {
                    assert!(!accepted, "{text}");
                    assert_eq!(err.code, ErrorCode::OutOfRange, "{text}");
                    assert_eq!(err.field, ["input", "pledgedOn"]);
                }
            }
        }
        let year_one = day("0001-01-01").and_hms_opt(0, 0, 0).unwrap().and_utc();
        assert_eq!(
            instant(year_one, &["input", "expiresAt"]).unwrap_err().code,
            ErrorCode::OutOfRange
        );
    }

    #[test]
    fn problems_gather_every_error() {
        let mut problems = Problems::default();
        assert_eq!(problems.take(text("ok", &["a"], 5)), Some("ok".to_owned()));
        assert_eq!(problems.take(text("", &["b"], 5)), None);
        assert_eq!(problems.take(amount(dec("0"), &["c"])), None);
        assert_eq!(problems.finish().unwrap_err().len(), 2);
    }
}
