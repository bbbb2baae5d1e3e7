//! How errors reach a client: every GraphQL error carries a stable `extensions.code`.
//!
//! Resolvers return [`AppError`]s with `?` (async-graphql keeps the value as the error's source);
//! the [`ErrorCodes`] extension then classifies each error of a response in one place. Internal
//! details are logged inside the request's span, which carries its request id, and never sent:
//! the client sees a generic message, and an `INTERNAL` or `SERVICE_UNAVAILABLE` error carries the
//! request id in `extensions.requestId` (the `x-request-id` response header) to quote to support.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextRequest,
    NextSubscribe,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, Value, Variables};
use futures::StreamExt;
use futures::stream::BoxStream;

use crate::auth::viewer::Viewer;
use crate::error::AppError;

/// An argument the client must fix.
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
/// A document that is not GraphQL text.
pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// A document that does not match the schema, or variables that do not match the document.
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

    /// Errors of the execution are classified here, where the request's data (its viewer, which
    /// holds the request id) is at hand: an `INTERNAL` or `SERVICE_UNAVAILABLE` error carries it.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let request_id = ctx.data_opt::<Viewer>().and_then(Viewer::request_id);
        for error in &mut response.errors {
            classify(error);
            let quoted = code_of(error).is_some_and(|code| {
                *code == Value::from(INTERNAL) || *code == Value::from(SERVICE_UNAVAILABLE)
            });
            if let (true, Some(id)) = (quoted, request_id) {
                error
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("requestId", Value::from(id));
            }
        }
        response
    }

    /// The responses of a subscription: async-graphql runs neither `request` nor `execute` for
    /// them, so their errors (a bad argument, a failed load) are classified here, as they come.
    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        next.run(ctx, stream)
            .map(|mut response| {
                for error in &mut response.errors {
                    classify(error);
                }
                response
            })
            .boxed()
    }

    /// A document that fails to parse is told apart from one that fails validation.
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await.map_err(|mut error| {
            if code_of(&error).is_none() {
                set_code(&mut error, GRAPHQL_PARSE_FAILED);
            }
            error
        })?;
        match missing_variable(&document, variables) {
            Some(mut error) => {
                set_code(&mut error, GRAPHQL_VALIDATION_FAILED);
                Err(error)
            }
            None => Ok(document),
        }
    }
}

/// A non-null variable without a default that the request leaves out or sets to null: refused
/// before execution (async-graphql would run the operation and fail in the resolver instead).
/// Only a document with one operation is checked; with several, the one that runs is not known here.
fn missing_variable(document: &ExecutableDocument, variables: &Variables) -> Option<ServerError> {
    let mut operations = document.operations.iter();
    let (Some((_, operation)), None) = (operations.next(), operations.next()) else {
        return None;
    };
    let definition = operation
        .node
        .variable_definitions
        .iter()
        .find(|definition| {
            let definition = &definition.node;
            !definition.var_type.node.nullable
                && definition.default_value.is_none()
                && variables
                    .get(&definition.name.node)
                    .is_none_or(|value| *value == Value::Null)
        })?;
    let message = format!(
        "variable ${} of type {} needs a value",
        definition.node.name.node, definition.node.var_type.node
    );
    Some(ServerError::new(message, Some(definition.pos)))
}

/// True for the errors of a request that was refused before execution (a document that does not
/// parse or validate, variables that do not fit): GraphQL over HTTP answers them 400.
pub fn is_request_error(error: &ServerError) -> bool {
    error.path.is_empty()
        && code_of(error).is_some_and(|code| {
            [GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED]
                .iter()
                .any(|request| *code == Value::from(*request))
        })
}

/// The `extensions.code` an error already carries.
pub fn code_of(error: &ServerError) -> Option<&Value> {
    error
        .extensions
        .as_ref()
        .and_then(|extensions| extensions.get("code"))
}

/// An error answered before or around execution (limits, guards, panics), with its `code`.
pub fn coded_error(
    message: impl Into<String>,
    pos: Option<async_graphql::Pos>,
    code: &str,
) -> ServerError {
    let mut error = ServerError::new(message, pos);
    set_code(&mut error, code);
    error
}

fn set_code(error: &mut ServerError, code: &str) {
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", Value::from(code));
}

/// The messages async-graphql gives an argument or a variable that does not fit its type, when it
/// finds out while executing (it does not check every scalar's range while validating).
fn is_input_value_error(message: &str) -> bool {
    message.starts_with("Failed to parse \"") || message.starts_with("Invalid value for argument")
}

fn classify(error: &mut ServerError) {
    if code_of(error).is_some() {
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
        // An argument async-graphql could not read as its type (an Int beyond 32 bits, a Decimal
        // out of range): its message names the type and the value's fault, nothing internal.
        None if is_input_value_error(&error.message) => BAD_USER_INPUT,
        None => {
            tracing::error!(error = %error.message, path = ?error.path, "resolver error");
            error.message = "internal error".to_owned();
            INTERNAL
        }
    };
    set_code(error, code);
}
