//! The schema as `/graphql/ws` runs it: subscriptions only. Queries and mutations go through
//! `POST /graphql`, where rate limits, batching rules and the planner apply to them.

use std::sync::Arc;

use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use futures::StreamExt;
use futures::stream::{self, BoxStream};

use crate::graphql::CqsSchema;
use crate::graphql::error::coded_error;
use crate::http::documents::ParsedDocuments;

/// The code of an operation a socket does not run.
const BAD_REQUEST: &str = "BAD_REQUEST";

#[derive(Clone)]
pub struct SubscriptionsOnly {
    pub schema: CqsSchema,
    pub edge: Arc<crate::http::EdgeState>,
}

impl SubscriptionsOnly {
    fn documents(&self) -> &ParsedDocuments {
        &self.edge.documents
    }

    /// The request, parsed once through the shared cache, or the answer refusing it. A text
    /// over the size limit or that does not parse is left to the schema, which refuses it with
    /// its code before anything runs.
    fn prepare(&self, mut request: Request) -> Result<Request, NotASubscription> {
        let Some(document) = self.documents().get(&request.query) else {
            return Ok(request);
        };
        let name = request.operation_name.as_deref();
        let not_a_subscription = document
            .operations
            .iter()
            .filter(|(operation, _)| name.is_none() || operation.map(|n| n.as_str()) == name)
            .any(|(_, operation)| operation.node.ty != OperationType::Subscription);
        if not_a_subscription {
            return Err(NotASubscription);
        }
        request.set_parsed_query(document.as_ref().clone());
        Ok(request)
    }
}

/// A query or a mutation sent to the socket.
struct NotASubscription;

impl NotASubscription {
    fn into_response(self) -> Response {
        Response::from_errors(vec![coded_error(
            "this socket runs subscriptions only: send queries and mutations to POST /graphql",
            None,
            BAD_REQUEST,
        )])
    }
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, request: Request) -> Response {
        match self.prepare(request) {
            Ok(request) => self.schema.execute(request).await,
            Err(refused) => refused.into_response(),
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match self.prepare(request) {
            Ok(request) => Executor::execute_stream(&self.schema, request, session_data),
            Err(refused) => stream::once(async move { refused.into_response() }).boxed(),
        }
    }
}
