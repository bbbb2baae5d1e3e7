//! How errors reach a client: every GraphQL error carries a stable `extensions.code`.
//!
//! Resolvers return [`AppError`]s with `?` (async-graphql keeps the value as the error's source);
//! the [`ErrorCodes`] extension then classifies each error of a response in one place. Internal
//! details are logged inside the request's span, which carries its request id, and never sent:
//! the client sees a generic message and the `x-request-id` response header.

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextRequest};
use async_graphql::{Response, ServerError, Value};

use crate::error::AppError;

/// An argument the client must fix.
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
/// A document that does not parse or does not match the schema.
pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
/// The database cannot answer now; retrying later may work.
pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
pub const INTERNAL: &str = "INTERNAL";
/// Missing, invalid or expired credentials where they are needed.
pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
/// Valid credentials that do not allow the operation.
pub const FORBIDDEN: &str = "FORBIDDEN";

/// A GraphQL error for a bad argument, with `extensions.code` `BAD_USER_INPUT`.
pub fn bad_input(message: impl Into<String>) -> async_graphql::Error {
    AppError::bad_input(message).into()
}

/// Adds `extensions.code` to every error of every response.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodes)
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodes {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            classify(error);
        }
        response
    }
}

fn classify(error: &mut ServerError) {
    if error
        .extensions
        .as_ref()
        .is_some_and(|extensions| extensions.get("code").is_some())
    {
        return;
    }
    let code = match error.source::<AppError>() {
        Some(AppError::BadInput(_) | AppError::User(_)) => BAD_USER_INPUT,
        Some(AppError::Unauthenticated(_)) => UNAUTHENTICATED,
        Some(AppError::Forbidden(_)) => FORBIDDEN,
        Some(AppError::Replay) => SERVICE_UNAVAILABLE,
        Some(AppError::Unavailable(source)) => {
            tracing::warn!(error = %source, "database unavailable");
            SERVICE_UNAVAILABLE
        }
        Some(AppError::Internal(source)) => {
            tracing::error!(error = %source, "internal error");
            INTERNAL
        }
        None if error.path.is_empty() => GRAPHQL_VALIDATION_FAILED,
        None => {
            tracing::error!(error = %error.message, path = ?error.path, "resolver error");
            error.message = "internal error".to_owned();
            INTERNAL
        }
    };
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", Value::from(code));
}
