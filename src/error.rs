//! The error every use case returns, and the one place where database errors are classified.

use sea_orm::{DbErr, RuntimeErr};

use crate::domain::user_error::{ErrorCode, UserError};

pub type Result<T, E = AppError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// An argument the caller can fix (a page size above the cap, a malformed cursor).
    #[error("{0}")]
    BadInput(String),
    /// Input or business-rule failures, reported in a payload's `userErrors`.
    #[error("{}", .0.first().map_or("invalid input", |e| e.message.as_str()))]
    User(Vec<UserError>),
    /// No valid credentials where they are needed.
    #[error("{0}")]
    Unauthenticated(String),
    /// Valid credentials, but this caller may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// A concurrent create with the same idempotency key won: the use case replays its result.
    #[error("the same create is already being made")]
    Replay,
    /// The database cannot be reached or is overloaded; the caller may retry.
    #[error("the database is unavailable, try again")]
    Unavailable(#[source] DbErr),
    /// Anything else: logged with the request id, shown to the caller as a generic message.
    #[error("internal error")]
    Internal(#[source] DbErr),
}

impl AppError {
    pub fn bad_input(message: impl Into<String>) -> Self {
        Self::BadInput(message.into())
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    /// A unique violation as the DUPLICATE error of `field`; any other error unchanged.
    pub fn or_duplicate(self, field: &[&str], message: &str) -> Self {
        match self {
            Self::Internal(err) if is_unique_violation(&err) => {
                UserError::new(ErrorCode::Duplicate, field, message).into()
            }
            other => other,
        }
    }
}

impl From<UserError> for AppError {
    fn from(err: UserError) -> Self {
        Self::User(vec![err])
    }
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            Self::Unavailable(err)
        } else {
            Self::Internal(err)
        }
    }
}

/// Whether a database error is a unique-constraint violation (the backstop of a DUPLICATE check).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// Connection failures, pool timeouts and SQLite's busy lock are passing conditions, not bugs.
fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::sqlx::Error as Sqlx;
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::Io(_) | Sqlx::WorkerCrashed => true,
                Sqlx::Database(db) => {
                    db.code().is_some_and(|code| code == "5" || code == "517")
                        || db.message().contains("database is locked")
                }
                _ => false,
            }
        }
        _ => false,
    }
}
