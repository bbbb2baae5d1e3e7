//! Events a center holds and who takes part: kinds, attendance and the rule that what happened
//! at an event is only known once it has started.

use chrono::{DateTime, Utc};
use sea_orm::entity::prelude::*;

use crate::domain::user_error::{ErrorCode, UserError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum EventKind {
    #[sea_orm(string_value = "INFORMATION_MEETING")]
    InformationMeeting,
    #[sea_orm(string_value = "DINNER_DEBATE")]
    DinnerDebate,
    #[sea_orm(string_value = "WORKSHOP")]
    Workshop,
    #[sea_orm(string_value = "TRAINING")]
    Training,
    #[sea_orm(string_value = "OTHER")]
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Attendance {
    #[sea_orm(string_value = "INVITED")]
    Invited,
    #[sea_orm(string_value = "REGISTERED")]
    Registered,
    #[sea_orm(string_value = "ATTENDED")]
    Attended,
    #[sea_orm(string_value = "ABSENT")]
    Absent,
}

impl Attendance {
    /// Whether this status records what happened at the event rather than what was planned.
    pub fn is_outcome(self) -> bool {
        matches!(self, Self::Attended | Self::Absent)
    }
}

/// A partner's engagement with a center, so that the companies invited to join can be followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum EngagementStatus {
    #[sea_orm(string_value = "PROSPECT")]
    Prospect,
    #[sea_orm(string_value = "INVITED")]
    Invited,
    #[sea_orm(string_value = "ENGAGED")]
    Engaged,
}

/// `EVENT_NOT_STARTED` when `attendance` says who came (ATTENDED, ABSENT) to an event that
/// starts after `now`: nobody has attended a meeting that has not begun.
pub fn check_attendance(
    attendance: Attendance,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    field: &[&str],
) -> Result<(), UserError> {
    if attendance.is_outcome() && starts_at > now {
        return Err(UserError::new(
            ErrorCode::EventNotStarted,
            field,
            "ATTENDED and ABSENT are recorded once the event has started",
        ));
    }
    Ok(())
}

/// An end that does not come before the start (`OUT_OF_RANGE`).
pub fn check_span(
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    field: &[&str],
) -> Result<(), UserError> {
    match ends_at {
        Some(end) if end < starts_at => Err(UserError::new(
            ErrorCode::OutOfRange,
            field,
            "the event ends before it starts",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2003, 7, day, hour, 0, 0).unwrap()
    }

    #[test]
    fn attendance_is_only_recorded_once_the_event_has_started() {
        let starts = at(9, 20);
        for attendance in [Attendance::Attended, Attendance::Absent] {
            let err = check_attendance(attendance, starts, at(9, 19), &["input"]).unwrap_err();
            assert_eq!(err.code, ErrorCode::EventNotStarted, "{attendance:?}");
            assert!(check_attendance(attendance, starts, starts, &["input"]).is_ok());
            assert!(check_attendance(attendance, starts, at(10, 0), &["input"]).is_ok());
        }
    }

    #[test]
    fn invitations_and_registrations_are_made_before_the_event() {
        for attendance in [Attendance::Invited, Attendance::Registered] {
            assert!(check_attendance(attendance, at(9, 20), at(1, 0), &["input"]).is_ok());
        }
    }

    #[test]
    fn an_event_does_not_end_before_it_starts() {
        assert!(check_span(at(9, 20), Some(at(9, 23)), &["input"]).is_ok());
        assert!(check_span(at(9, 20), None, &["input"]).is_ok());
        let err = check_span(at(9, 20), Some(at(9, 19)), &["input", "endsAt"]).unwrap_err();
        assert_eq!(err.code, ErrorCode::OutOfRange);
    }
}
