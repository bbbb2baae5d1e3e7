//! Failures a caller can fix: the contract's `UserError` codes, with the path of the offending
//! input field. Returned in a payload's `userErrors`; nothing is written when there is one.

/// The contract's `UserErrorCode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Invalid,
    Required,
    TooLong,
    OutOfRange,
    NotFound,
    Duplicate,
    InvalidTransition,
    CofinancingCapExceeded,
    Overfunded,
    Overdisbursed,
    VersionConflict,
    FundingIncomplete,
    ProjectClosed,
    InvalidCredentials,
    /// Too many login attempts for an email or from an address; retry later.
    TooManyAttempts,
    /// `UNDER_REVIEW` before every mandatory requirement of the program's dossier is satisfied.
    DossierIncomplete,
    /// An attendance (ATTENDED, ABSENT) recorded before the event has started.
    EventNotStarted,
    /// A center already has an ACTIVE management agreement.
    AgreementAlreadyActive,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserError {
    pub code: ErrorCode,
    pub message: String,
    /// The path of the input field at fault, e.g. `["input", "email"]`; empty for the input as a whole.
    pub field: Vec<String>,
}

impl UserError {
    pub fn new(code: ErrorCode, field: &[&str], message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: field.iter().map(|part| (*part).to_owned()).collect(),
        }
    }
}

/// The longest name, title or display name accepted.
pub const MAX_NAME_LENGTH: usize = 200;

/// A required, non-blank text of at most `max` characters, trimmed.
pub fn required_text(value: &str, field: &[&str], max: usize) -> Result<String, UserError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(UserError::new(
            ErrorCode::Required,
            field,
            "must not be empty",
        ));
    }
    if trimmed.chars().count() > max {
        return Err(UserError::new(
            ErrorCode::TooLong,
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(
            required_text("  Al Amal ", &["name"], 200).unwrap(),
            "Al Amal"
        );
        assert_eq!(
            required_text("   ", &["name"], 200).unwrap_err().code,
            ErrorCode::Required
        );
        let long = "x".repeat(201);
        assert_eq!(
            required_text(&long, &["name"], 200).unwrap_err().code,
            ErrorCode::TooLong
        );
        assert_eq!(
            required_text(&"é".repeat(200), &["name"], 200)
                .unwrap()
                .chars()
                .count(),
            200
        );
    }
}
