//! `UserError`: a failure the caller can fix, with its code and the path of the input field.

use async_graphql::{Enum, SimpleObject};

use crate::domain::user_error;
use crate::error::AppError;

/// Why an input was refused; stable, for programs to act on (the `message` is for people).
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "user_error::ErrorCode")]
pub enum UserErrorCode {
    /// A malformed value (bad decimal, bad date, empty name...).
    Invalid,
    /// A required value is missing or blank.
    Required,
    /// A text is longer than its field allows; the message says the limit.
    TooLong,
    /// Negative amount, end before start, rate above 1, a password too short, a date outside
    /// 1900-01-01..2100-12-31, a count above 10,000,000...
    OutOfRange,
    /// A referenced id does not exist or is not visible.
    NotFound,
    /// A unique value already taken (registration number, email, slug, code).
    Duplicate,
    /// A status change the workflow does not allow.
    InvalidTransition,
    /// The program's funder would exceed maxCofinancingRate × totalCost.
    CofinancingCapExceeded,
    /// The financing plan would exceed the total cost.
    Overfunded,
    /// Disbursements would exceed the commitment's amount.
    Overdisbursed,
    /// `expectedVersion` does not match: someone changed it first.
    VersionConflict,
    /// A project cannot start before confirmed funding covers its cost.
    FundingIncomplete,
    /// No new commitment on a COMPLETED, REJECTED or CANCELLED project.
    ProjectClosed,
    /// The email or the password is wrong (the answer does not say which).
    InvalidCredentials,
    /// Too many login attempts for this email or from this address; wait and retry.
    TooManyAttempts,
    /// A project goes UNDER_REVIEW only once every mandatory requirement of its program's
    /// dossier is satisfied.
    DossierIncomplete,
    /// ATTENDED or ABSENT is only known once the event has started.
    EventNotStarted,
    /// The center already has an ACTIVE management agreement; end it first.
    AgreementAlreadyActive,
}

/// A failure the caller can fix; nothing was written.
#[derive(SimpleObject, Clone, Debug)]
pub struct UserError {
    /// Why the input was refused.
    pub code: UserErrorCode,
    /// What went wrong, in English, for people; may change, so do not match on it.
    pub message: String,
    /// The path of the offending input field, e.g. `["input", "email"]`.
    pub field: Option<Vec<String>>,
}

impl From<user_error::UserError> for UserError {
    fn from(err: user_error::UserError) -> Self {
        Self {
            code: err.code.into(),
            message: err.message,
            field: (!err.field.is_empty()).then_some(err.field),
        }
    }
}

/// Splits a use case's outcome into the payload's value and its `userErrors`; any other error
/// stays a GraphQL error (`UNAUTHENTICATED`, `FORBIDDEN`, `INTERNAL`...).
pub fn into_payload<T>(
    result: Result<T, AppError>,
) -> async_graphql::Result<(Option<T>, Vec<UserError>)> {
    match result {
        Ok(value) => Ok((Some(value), Vec::new())),
        Err(AppError::User(errors)) => Ok((None, errors.into_iter().map(Into::into).collect())),
        Err(other) => Err(other.into()),
    }
}
