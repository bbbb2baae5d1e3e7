//! The calendar the API accepts: days and instants of the years 1900 to 2100.
//!
//! A date outside them is a typo (`0001-01-01`, `20003-07-05`) far more often than a fact, and
//! it breaks what is built on dates: a monthly series from year 1 to today holds 24,000
//! buckets. Every date or instant a caller sends is parsed here at the edge, whether it is
//! written (a mutation's input) or only asked about (a filter).

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The year of the first day accepted, 1900-01-01.
pub const FIRST_YEAR: i32 = 1900;
/// The year of the last day accepted, 2100-12-31.
pub const LAST_YEAR: i32 = 2100;

/// Why a day or an instant is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("must be between 1900-01-01 and 2100-12-31")]
pub struct OutOfCalendar;

/// A day from 1900-01-01 to 2100-12-31.
pub fn parse_day(day: NaiveDate) -> Result<NaiveDate, OutOfCalendar> {
    accepts(day.year()).then_some(day).ok_or(OutOfCalendar)
}

/// An instant from 1900-01-01T00:00:00Z to 2100-12-31T23:59:59.999…Z (the year read in UTC).
pub fn parse_instant(instant: DateTime<Utc>) -> Result<DateTime<Utc>, OutOfCalendar> {
    accepts(instant.year())
        .then_some(instant)
        .ok_or(OutOfCalendar)
}

fn accepts(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn instant(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn days_from_1900_to_2100_are_accepted_and_no_others() {
        for (text, accepted) in [
            ("0001-01-01", false),
            ("1899-12-31", false),
            ("1900-01-01", true),
            ("2003-07-05", true),
            ("2100-12-31", true),
            ("2101-01-01", false),
            ("9999-12-31", false),
        ] {
            let parsed = parse_day(day(text));
            assert_eq!(parsed.is_ok(), accepted, "{text}: {parsed:?}");
            if accepted {
                assert_eq!(parsed, Ok(day(text)), "{text} is kept as it is");
            }
        }
    }

    #[test]
    fn instants_are_bounded_by_their_year_in_utc() {
        for (text, accepted) in [
            ("1899-12-31T23:59:59Z", false),
            ("1900-01-01T00:00:00Z", true),
            ("2100-12-31T23:59:59Z", true),
            ("2101-01-01T00:00:00Z", false),
            ("2100-12-31T23:30:00-01:00", false),
            ("1900-01-01T00:30:00+01:00", false),
        ] {
            assert_eq!(parse_instant(instant(text)).is_ok(), accepted, "{text}");
        }
    }

    #[test]
    fn the_refusal_names_the_bounds() {
        assert_eq!(
            OutOfCalendar.to_string(),
            format!("must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31")
        );
    }
}
