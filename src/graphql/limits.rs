//! The limits of one request (README, "Limits"), held by the [`RequestLimits`] extension: the
//! query's size, its input lists and its shape are checked before the document is validated, so a
//! refused request never reaches a resolver or the database; the execution runs under a timeout.

mod document;

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextRequest,
};
use async_graphql::{Request, Response, ServerError, ServerResult};
use async_graphql_value::ConstValue;

use crate::config::Limits;
use crate::graphql::error::coded_error;

/// The `extensions.code` of each refusal; an input list too long is `BAD_USER_INPUT`.
pub mod codes {
    /// The query text is longer than `CQS_MAX_QUERY_BYTES`.
    pub const QUERY_TOO_LARGE: &str = "QUERY_TOO_LARGE";
    /// Selections nest deeper than `CQS_MAX_DEPTH`.
    pub const QUERY_TOO_DEEP: &str = "QUERY_TOO_DEEP";
    /// The operation costs more than `CQS_MAX_COST`.
    pub const QUERY_TOO_COSTLY: &str = "QUERY_TOO_COSTLY";
    /// More aliases than `CQS_MAX_ALIASES`.
    pub const TOO_MANY_ALIASES: &str = "TOO_MANY_ALIASES";
    /// More root fields than `CQS_MAX_ROOT_FIELDS`.
    pub const TOO_MANY_ROOT_FIELDS: &str = "TOO_MANY_ROOT_FIELDS";
    /// More directives on one field or fragment than `CQS_MAX_DIRECTIVES`.
    pub const TOO_MANY_DIRECTIVES: &str = "TOO_MANY_DIRECTIVES";
    /// One field selected more often in one selection set than `CQS_MAX_DUPLICATE_FIELDS`.
    pub const TOO_MANY_DUPLICATE_FIELDS: &str = "TOO_MANY_DUPLICATE_FIELDS";
    /// The request ran longer than `CQS_REQUEST_TIMEOUT`.
    pub const TIMEOUT: &str = "TIMEOUT";
}

/// A request refused by a limit: its code and a message saying which limit.
#[derive(Debug)]
pub struct Refusal {
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(code: &'static str, message: String) -> Self {
        Self { code, message }
    }
}

impl From<Refusal> for ServerError {
    fn from(refusal: Refusal) -> Self {
        metrics::counter!("cqs_requests_refused_by_limit_total", "code" => refusal.code)
            .increment(1);
        coded_error(refusal.message, None, refusal.code)
    }
}

/// Holds every request of the schema to `limits`.
pub struct RequestLimits(Arc<Limits>);

impl RequestLimits {
    pub fn new(limits: Limits) -> Self {
        Self(Arc::new(limits))
    }
}

impl ExtensionFactory for RequestLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CheckLimits(Arc::clone(&self.0)))
    }
}

struct CheckLimits(Arc<Limits>);

#[async_trait::async_trait]
impl Extension for CheckLimits {
    /// Answers `TIMEOUT` when the request outlives its time; its transaction, dropped, rolls back.
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let timeout = self.0.request_timeout;
        match tokio::time::timeout(timeout, next.run(ctx)).await {
            Ok(response) => response,
            Err(_) => Response::from_errors(vec![
                Refusal::new(
                    codes::TIMEOUT,
                    format!("the request took longer than {timeout:?} and was stopped"),
                )
                .into(),
            ]),
        }
    }

    /// Measures the request before async-graphql parses and expands it (its own recursion check
    /// follows fragment spreads without bound), and hands the parsed document on.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let limits = &self.0;
        let query = &request.query;
        if query.len() > limits.max_query_bytes {
            return Err(Refusal::new(
                codes::QUERY_TOO_LARGE,
                format!(
                    "the query text is {} bytes, more than the {} allowed",
                    query.len(),
                    limits.max_query_bytes
                ),
            )
            .into());
        }
        request
            .variables
            .values()
            .try_for_each(|value| check_variable(value, limits.max_input_list))?;
        // A text that does not parse is left to async-graphql, which says why; a document that
        // parses is kept in the request, so async-graphql does not parse it again.
        let variables = std::mem::take(&mut request.variables);
        if let Ok(document) = request.parsed_query() {
            document::check(document, &ctx.schema_env.registry, &variables, limits)?;
        }
        request.variables = variables;
        next.run(ctx, request).await
    }
}

fn check_variable(value: &ConstValue, max: usize) -> Result<(), Refusal> {
    match value {
        ConstValue::List(items) => {
            if items.len() > max {
                return Err(document::input_too_long(max));
            }
            items.iter().try_for_each(|item| check_variable(item, max))
        }
        ConstValue::Object(fields) => fields
            .values()
            .try_for_each(|field| check_variable(field, max)),
        ConstValue::String(text) if text.contains('\0') => Err(document::nul_in_text()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    use super::*;

    struct Slow;

    #[Object]
    impl Slow {
        async fn slow(&self) -> bool {
            tokio::time::sleep(Duration::from_secs(2)).await;
            true
        }
    }

    #[tokio::test]
    async fn a_request_that_outlives_its_timeout_is_stopped_with_timeout() {
        let limits = Limits {
            request_timeout: Duration::from_millis(20),
            ..Limits::default()
        };
        let schema = Schema::build(Slow, EmptyMutation, EmptySubscription)
            .extension(RequestLimits::new(limits))
            .finish();
        let response = schema.execute("{ slow }").await;
        let code = response.errors[0]
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("code"));
        assert_eq!(
            code,
            Some(&async_graphql::Value::from(codes::TIMEOUT)),
            "{response:?}"
        );
    }
}
