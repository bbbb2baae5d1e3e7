//! Parsing input at the edge into valid values (parse, don't validate): each function returns
//! the value or the `UserError` naming the field, and [`Problems`] gathers every error of an
//! input so that the caller sees them all at once.

use chrono::NaiveDate;
use rust_decimal::Decimal;

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

/// A count of people: zero or more.
pub fn count(value: Option<i32>, field: &[&str]) -> Result<Option<i32>, UserError> {
    match value {
        Some(n) if n < 0 => Err(error(ErrorCode::OutOfRange, field, "must not be negative")),
        other => Ok(other),
    }
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
    fn slugs_codes_dates_and_counts() {
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
        assert_eq!(
            count(Some(-1), &["n"]).unwrap_err().code,
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
