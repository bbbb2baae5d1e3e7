//! The schema as one `/graphql/ws` socket runs it: subscriptions only, at most
//! `CQS_WS_MAX_SUBSCRIPTIONS` at once, each one charged to its caller's rate limit as a request
//! to `/graphql` is (subscribing and completing in a loop costs what sending requests does).
//! Queries and mutations go through `POST /graphql`, where batching rules and the planner apply
//! to them.

use std::any::TypeId;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::{Data, Executor, Request, Response};
use futures::StreamExt;
use futures::stream::{self, BoxStream};

use crate::graphql::CqsSchema;
use crate::graphql::error::coded_error;
use crate::graphql::order;
use crate::http::EdgeState;
use crate::http::graphql::RATE_LIMITED;
use crate::http::metrics::count_graphql_error;
use crate::http::rate_limit::{Caller, RateLimits};

/// A request ready to run, with its parsed document when the shared cache holds it.
type Prepared = (Request, Option<Arc<ExecutableDocument>>);

/// The code of an operation a socket does not run.
const BAD_REQUEST: &str = "BAD_REQUEST";
/// The code of a subscription over the socket's allowance.
const TOO_MANY_SUBSCRIPTIONS: &str = "TOO_MANY_SUBSCRIPTIONS";

/// One socket's executor (each socket builds its own, so the count is the socket's).
#[derive(Clone)]
pub struct SubscriptionsOnly {
    schema: CqsSchema,
    edge: Arc<EdgeState>,
    running: Arc<AtomicUsize>,
    max: usize,
}

/// Why a socket does not run an operation.
enum Refused {
    NotASubscription,
    TooMany(usize),
    RateLimited(Duration),
}

impl Refused {
    fn into_response(self) -> Response {
        let error = match self {
            Refused::NotASubscription => coded_error(
                "this socket runs subscriptions only: send queries and mutations to POST /graphql",
                None,
                BAD_REQUEST,
            ),
            Refused::TooMany(max) => coded_error(
                format!("this socket already runs {max} subscriptions: complete one first"),
                None,
                TOO_MANY_SUBSCRIPTIONS,
            ),
            Refused::RateLimited(wait) => {
                count_graphql_error(RATE_LIMITED);
                let seconds = RateLimits::retry_after_seconds(wait);
                let mut error = coded_error(
                    format!("too many requests: try again in {seconds} s"),
                    None,
                    RATE_LIMITED,
                );
                if let Some(extensions) = error.extensions.as_mut() {
                    extensions.set("retryAfter", seconds);
                }
                error
            }
        };
        Response::from_errors(vec![error])
    }
}

/// A running subscription's place in its socket's count, given back when its stream is dropped
/// (it completed, the client completed it, or the socket closed).
struct Running(Arc<AtomicUsize>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl SubscriptionsOnly {
    pub fn new(schema: CqsSchema, edge: Arc<EdgeState>, max: usize) -> Self {
        Self {
            schema,
            edge,
            running: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// The request, parsed once through the shared cache, or why it is refused. A text over the
    /// size limit or that does not parse is left to the schema, which refuses it with its code
    /// before anything runs.
    fn prepare(&self, mut request: Request) -> Result<Prepared, Refused> {
        let Some(document) = self.edge.documents.get(&request.query) else {
            return Ok((request, None));
        };
        let name = request.operation_name.as_deref();
        let not_a_subscription = document
            .operations
            .iter()
            .filter(|(operation, _)| name.is_none() || operation.map(|n| n.as_str()) == name)
            .any(|(_, operation)| operation.node.ty != OperationType::Subscription);
        if not_a_subscription {
            return Err(Refused::NotASubscription);
        }
        request.set_parsed_query(document.as_ref().clone());
        Ok((request, Some(document)))
    }

    /// Charges one operation to the socket's caller (named by its `connection_init`).
    fn charge(&self, session_data: Option<&Data>) -> Result<(), Refused> {
        let caller = session_data
            .and_then(|data| data.get(&TypeId::of::<Caller>()))
            .and_then(|caller| caller.downcast_ref::<Caller>());
        match caller {
            Some(caller) => self
                .edge
                .rate_limits
                .check(*caller, 1)
                .map_err(Refused::RateLimited),
            None => Ok(()),
        }
    }

    /// A place for one more subscription on this socket.
    fn reserve(&self) -> Result<Running, Refused> {
        self.running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |running| {
                (running < self.max).then_some(running + 1)
            })
            .map(|_| Running(Arc::clone(&self.running)))
            .map_err(|_| Refused::TooMany(self.max))
    }
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, request: Request) -> Response {
        match self.prepare(request) {
            Ok((request, _)) => self.schema.execute(request).await,
            Err(refused) => refused.into_response(),
        }
    }

    fn execute_stream(
        &self,
        request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let prepared = self
            .charge(session_data.as_deref())
            .and_then(|()| self.prepare(request))
            .and_then(|request| Ok((request, self.reserve()?)));
        match prepared {
            Ok(((request, document), running)) => {
                let operation = request.operation_name.clone();
                Executor::execute_stream(&self.schema, request, session_data)
                    .map(move |mut response| {
                        let _held = &running;
                        if let Some(document) = &document {
                            order::in_order_asked(
                                &mut response.data,
                                document,
                                operation.as_deref(),
                            );
                        }
                        response
                    })
                    .boxed()
            }
            Err(refused) => stream::once(async move { refused.into_response() }).boxed(),
        }
    }
}
