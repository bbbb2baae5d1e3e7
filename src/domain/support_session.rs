//! Accompaniment sessions: their kinds and the bounds of what one session can be.

use sea_orm::entity::prelude::*;

use crate::domain::user_error::{ErrorCode, UserError};

/// What the center worked on with the organization in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum SupportKind {
    #[sea_orm(string_value = "ORIENTATION")]
    Orientation,
    #[sea_orm(string_value = "PROJECT_SETUP")]
    ProjectSetup,
    #[sea_orm(string_value = "FUNDING_SEARCH")]
    FundingSearch,
    #[sea_orm(string_value = "TRAINING")]
    Training,
    #[sea_orm(string_value = "TECHNICAL_ADVICE")]
    TechnicalAdvice,
    #[sea_orm(string_value = "LEGAL")]
    Legal,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

/// A session lasts at most a day of work (longer accompaniment is several sessions).
pub const MAX_DURATION_MINUTES: i32 = 12 * 60;
/// The most people one session can gather: a large training, well above any association's board.
pub const MAX_PARTICIPANTS: i32 = 1_000;

/// A session's length: 1 minute to [`MAX_DURATION_MINUTES`].
pub fn duration_minutes(value: i32, field: &[&str]) -> Result<i32, UserError> {
    if (1..=MAX_DURATION_MINUTES).contains(&value) {
        Ok(value)
    } else {
        Err(UserError::new(
            ErrorCode::OutOfRange,
            field,
            format!("a session lasts 1 to {MAX_DURATION_MINUTES} minutes"),
        ))
    }
}

/// How many took part: at least the one person the organization sent, at most [`MAX_PARTICIPANTS`].
pub fn participants_count(value: i32, field: &[&str]) -> Result<i32, UserError> {
    if (1..=MAX_PARTICIPANTS).contains(&value) {
        Ok(value)
    } else {
        Err(UserError::new(
            ErrorCode::OutOfRange,
            field,
            format!("a session gathers 1 to {MAX_PARTICIPANTS} participants"),
        ))
    }
}

/// A session is led by a staff member of the center, a facilitating partner, or both: never by
/// no one (`REQUIRED` on `staffId`).
pub fn led_by(staff: Option<i64>, partner: Option<i64>) -> Result<(), UserError> {
    if staff.is_none() && partner.is_none() {
        Err(UserError::new(
            ErrorCode::Required,
            &["input", "staffId"],
            "a session is led by a staff member or a facilitating partner (or both)",
        ))
    } else {
        Ok(())
    }
}

/// The project a session is about must be one of the organization's own (`INVALID`).
pub fn project_of(carrier_id: i64, organization_id: i64, field: &[&str]) -> Result<(), UserError> {
    if carrier_id == organization_id {
        Ok(())
    } else {
        Err(UserError::new(
            ErrorCode::Invalid,
            field,
            "the project must be carried by the session's organization",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: &[&str] = &["input", "x"];

    #[test]
    fn a_session_lasts_at_least_a_minute_and_at_most_a_working_day() {
        for (minutes, ok) in [
            (0, false),
            (-5, false),
            (1, true),
            (720, true),
            (721, false),
        ] {
            assert_eq!(
                duration_minutes(minutes, FIELD).is_ok(),
                ok,
                "{minutes} minutes"
            );
        }
        assert_eq!(
            duration_minutes(0, FIELD).unwrap_err().code,
            ErrorCode::OutOfRange
        );
    }

    #[test]
    fn a_session_gathers_at_least_one_participant() {
        for (count, ok) in [(0, false), (1, true), (1_000, true), (1_001, false)] {
            assert_eq!(
                participants_count(count, FIELD).is_ok(),
                ok,
                "{count} participants"
            );
        }
    }

    #[test]
    fn a_session_led_by_no_one_is_refused() {
        assert_eq!(led_by(None, None).unwrap_err().code, ErrorCode::Required);
        assert!(led_by(Some(1), None).is_ok());
        assert!(led_by(None, Some(2)).is_ok());
        assert!(led_by(Some(1), Some(2)).is_ok());
    }

    #[test]
    fn the_project_must_be_the_organizations_own() {
        assert!(project_of(7, 7, FIELD).is_ok());
        assert_eq!(
            project_of(7, 8, FIELD).unwrap_err().code,
            ErrorCode::Invalid
        );
    }
}
