//! `/graphql`, by GraphQL over HTTP (the spec's draft): POST runs a JSON request, GET runs a query
//! from the URL, each as the caller its `Authorization` header names; a browser's GET without a
//! query gets the GraphiQL explorer. What is refused is refused before anything is executed.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use async_graphql::BatchRequest;
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{ACCEPT, ALLOW, AUTHORIZATION, RETRY_AFTER};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use sea_orm::DatabaseConnection;
use serde_json::Value;

use crate::auth::viewer::Viewer;
use crate::error::AppError;
use crate::graphql::error::{UNAUTHENTICATED, code_of, is_request_error};
use crate::graphql::loaders::Loaders;
use crate::graphql::mutation::ClientAddress;
use crate::graphql::order;
use crate::http::AppState;
use crate::http::body::{self, BodyError};
use crate::http::documents::ParsedDocuments;
use crate::http::explorer;
use crate::http::media::{ResponseType, is_json_body};
use crate::http::metrics::{count_graphql_error, plain_operation_name};
use crate::http::observe::{CallerKind, RequestLabels};
use crate::http::rate_limit::{Caller, RateLimits};
use crate::service::session::{authenticate, claimed_viewer, confirm_claims};

/// The code of a request refused for its form (not its GraphQL document).
const BAD_REQUEST: &str = "BAD_REQUEST";
/// The code of a request refused because its caller has used up its rate limit.
pub const RATE_LIMITED: &str = "RATE_LIMITED";

/// `POST /graphql` with an `application/json` body of at most `CQS_MAX_BODY_BYTES`: one request
/// object, or an array of them when `CQS_BATCH_MAX` allows batches.
pub async fn post_graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let media = ResponseType::negotiate(&headers);
    if !is_json_body(&headers) {
        return media.request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "POST /graphql takes a body of type application/json",
        );
    }
    let parsed = match body::read(body, state.http.max_body_bytes).await {
        Ok(bytes) => body::parse(&bytes, state.http.batch_max),
        Err(err) => Err(err),
    };
    let client = state.edge.trusted_proxies.client_address(peer, &headers);
    match parsed {
        Ok(mut request) => match persisted(&state, media, &mut request) {
            None => execute(&state, &headers, client, media, request).await,
            Some(refused) => refused,
        },
        Err(BodyError::TooLarge) => media.request_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            &format!(
                "the body is larger than {} bytes",
                state.http.max_body_bytes
            ),
        ),
        Err(BodyError::Unreadable) => media.request_error(
            StatusCode::BAD_REQUEST,
            BAD_REQUEST,
            "the body could not be read",
        ),
        Err(BodyError::BadRequest(message)) => {
            media.request_error(StatusCode::BAD_REQUEST, BAD_REQUEST, message)
        }
    }
}

/// `GET /graphql?query=…[&variables=…&operationName=…]` runs a query (never a mutation: a link
/// must not change data); without `query`, a browser (which accepts `text/html`) gets the explorer
/// unless `CQS_EXPLORER` is off.
pub async fn get_graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let media = ResponseType::negotiate(&headers);
    let query_string = uri.query().unwrap_or_default();
    let has_query = query_string
        .split('&')
        .any(|pair| matches!(pair.split('=').next(), Some("query" | "extensions")));
    if !has_query {
        let wants_html = headers
            .get(ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        return if wants_html && state.http.explorer {
            explorer::page()
        } else {
            media.request_error(
                StatusCode::BAD_REQUEST,
                BAD_REQUEST,
                "GET /graphql needs a `query` parameter; POST a JSON body otherwise",
            )
        };
    }
    let mut request = match body::from_uri(&uri) {
        Ok(request) => BatchRequest::Single(request),
        Err(BodyError::BadRequest(message)) => {
            return media.request_error(StatusCode::BAD_REQUEST, BAD_REQUEST, message);
        }
        Err(_) => {
            return media.request_error(StatusCode::BAD_REQUEST, BAD_REQUEST, "unreadable URL");
        }
    };
    if let Some(refused) = persisted(&state, media, &mut request) {
        return refused;
    }
    let BatchRequest::Single(request) = request else {
        unreachable!("a URL holds one request");
    };
    if selects_mutation(
        &state.edge.documents,
        &request.query,
        request.operation_name.as_deref(),
    ) {
        let mut refused = media.request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            BAD_REQUEST,
            "mutations are sent with POST",
        );
        refused
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return refused;
    }
    let client = state.edge.trusted_proxies.client_address(peer, &headers);
    execute(
        &state,
        &headers,
        client,
        media,
        BatchRequest::Single(request),
    )
    .await
}

/// Puts back the text of every request that names a persisted query by its hash, before anything
/// reads the text; the first one that cannot be resolved refuses the whole (batch) request, and
/// is the answer returned.
fn persisted(
    state: &AppState,
    media: ResponseType,
    request: &mut BatchRequest,
) -> Option<Response> {
    request
        .iter_mut()
        .try_for_each(|request| state.edge.persisted_queries.resolve(request))
        .err()
        .map(|refused| {
            count_graphql_error(refused.code);
            let status = match media {
                ResponseType::GraphQlResponse => StatusCode::BAD_REQUEST,
                _ => StatusCode::OK,
            };
            media.request_error(status, refused.code, refused.message)
        })
}

/// True when the operation that would run (the one named, or the only one) is not a query.
/// A document that does not parse is left for execution to report.
fn selects_mutation(
    documents: &ParsedDocuments,
    query: &str,
    operation_name: Option<&str>,
) -> bool {
    let Some(document) = parsed(documents, query) else {
        return false;
    };
    document
        .operations
        .iter()
        .filter(|(name, _)| {
            operation_name.is_none() || name.map(|name| name.as_str()) == operation_name
        })
        .any(|(_, operation)| operation.node.ty != OperationType::Query)
}

/// The document of `query`, from the cache; `None` for a text over the size limit or one that
/// does not parse, which async-graphql then refuses with its code (`QUERY_TOO_LARGE`,
/// `GRAPHQL_PARSE_FAILED`) before anything runs: an oversized text is never parsed.
fn parsed(documents: &ParsedDocuments, query: &str) -> Option<Arc<ExecutableDocument>> {
    documents.get(query)
}

/// The name the request log and the metrics give an operation: its `operationName`, else the
/// name of the document's first operation, else its first root field (the document is parsed
/// again only when no `operationName` is given), `batch` for a batch.
fn operation_label(documents: &ParsedDocuments, request: &BatchRequest) -> String {
    let BatchRequest::Single(request) = request else {
        return "batch".to_owned();
    };
    if let Some(name) = request.operation_name.as_deref() {
        return plain_operation_name(name).to_owned();
    }
    let first_field = parsed(documents, &request.query).and_then(|document| {
        let (name, operation) = document.operations.iter().next()?;
        if let Some(name) = name {
            return Some(name.to_string());
        }
        match &operation.node.selection_set.node.items.first()?.node {
            async_graphql::parser::types::Selection::Field(field) => {
                Some(field.node.name.node.to_string())
            }
            _ => None,
        }
    });
    plain_operation_name(first_field.as_deref().unwrap_or_default()).to_owned()
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    client: IpAddr,
    media: ResponseType,
    request: BatchRequest,
) -> Response {
    let operation = operation_label(&state.edge.documents, &request);
    let (caller, mut response) = match claimed_query(state, headers, &request) {
        Some((viewer, replay)) => {
            let caller = CallerKind::of(&viewer);
            let response = run(state, headers, client, media, request, viewer.clone()).await;
            match confirmed(state, &viewer).await {
                Ok(true) => (caller, response),
                Ok(false) => authenticated_run(state, headers, client, media, replay).await,
                Err(unavailable) => (caller, unavailable.into_response(media)),
            }
        }
        None => authenticated_run(state, headers, client, media, request).await,
    };
    response
        .extensions_mut()
        .insert(RequestLabels { operation, caller });
    response
}

/// Reads the caller from the users table, then runs the request.
async fn authenticated_run(
    state: &AppState,
    headers: &HeaderMap,
    client: IpAddr,
    media: ResponseType,
    request: BatchRequest,
) -> (CallerKind, Response) {
    match viewer_of(state, headers, client, media).await {
        Ok(viewer) => (
            CallerKind::of(&viewer),
            run(state, headers, client, media, request, viewer).await,
        ),
        Err(refused) => (CallerKind::Anonymous, refused),
    }
}

/// For one query sent with a login token: the caller its signed claims name, and a copy of the
/// request to run again should the users table no longer agree. The users table is then read
/// by the query's own planned statement (or once after it runs), not before: one statement
/// fewer per request. Mutations and batches read the caller first, as before.
fn claimed_query(
    state: &AppState,
    headers: &HeaderMap,
    request: &BatchRequest,
) -> Option<(Viewer, BatchRequest)> {
    let BatchRequest::Single(single) = request else {
        return None;
    };
    if selects_mutation(
        &state.edge.documents,
        &single.query,
        single.operation_name.as_deref(),
    ) {
        return None;
    }
    let authorization = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let viewer = claimed_viewer(&state.auth, authorization)?;
    let mut replay =
        async_graphql::Request::new(single.query.clone()).variables(single.variables.clone());
    replay.operation_name = single.operation_name.clone();
    replay.extensions = single.extensions.clone();
    Some((viewer, BatchRequest::Single(replay)))
}

/// Whether a claimed caller's claims held: as a planned statement found, or checked now.
async fn confirmed(state: &AppState, viewer: &Viewer) -> Result<bool, Unavailable> {
    if let Some(holds) = viewer.confirmation() {
        return Ok(holds);
    }
    let Some(principal) = viewer.principal() else {
        return Ok(true);
    };
    confirm_claims(&state.db, principal).await.map_err(|err| {
        tracing::warn!(error = %err, "cannot confirm the caller");
        Unavailable
    })
}

/// The database could not say who the caller is.
struct Unavailable;

impl Unavailable {
    fn into_response(self, media: ResponseType) -> Response {
        media.request_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "SERVICE_UNAVAILABLE",
            "the database is unavailable, try again",
        )
    }
}

/// The caller its `Authorization` header names, or the answer refusing it. Refused credentials
/// are charged to the client's address, so that guessing tokens is rate limited too.
async fn viewer_of(
    state: &AppState,
    headers: &HeaderMap,
    client: IpAddr,
    media: ResponseType,
) -> Result<Viewer, Response> {
    let authorization = headers
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or("malformed"));
    match authenticate(&state.db, &state.auth, authorization).await {
        Ok(viewer) => Ok(viewer),
        Err(AppError::Unauthenticated(message)) => {
            if let Err(wait) = state.edge.rate_limits.check(Caller::Address(client), 1) {
                return Err(rate_limited(media, wait));
            }
            count_graphql_error(UNAUTHENTICATED);
            Err(media.request_error(StatusCode::UNAUTHORIZED, UNAUTHENTICATED, &message))
        }
        Err(err) => {
            tracing::warn!(error = %err, "cannot authenticate");
            Err(Unavailable.into_response(media))
        }
    }
}

/// 429 with `Retry-After` in whole seconds and a `RATE_LIMITED` error.
fn rate_limited(media: ResponseType, wait: std::time::Duration) -> Response {
    count_graphql_error(RATE_LIMITED);
    let seconds = RateLimits::retry_after_seconds(wait);
    let mut refused = media.request_error(
        StatusCode::TOO_MANY_REQUESTS,
        RATE_LIMITED,
        &format!("too many requests: try again in {seconds} s"),
    );
    refused
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from(seconds));
    refused
}

/// Charges the caller's rate limit, then runs each operation.
async fn run(
    state: &AppState,
    headers: &HeaderMap,
    client: IpAddr,
    media: ResponseType,
    request: BatchRequest,
    viewer: Viewer,
) -> Response {
    let operations = match &request {
        BatchRequest::Single(_) => 1,
        BatchRequest::Batch(requests) => requests.len(),
    };
    if let Err(wait) = state
        .edge
        .rate_limits
        .check(Caller::of(&viewer, client), operations)
    {
        return rate_limited(media, wait);
    }
    let request_id = headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let (requests, is_batch) = match request {
        BatchRequest::Single(request) => (vec![request], false),
        BatchRequest::Batch(requests) => (requests, true),
    };
    let mut responses = Vec::with_capacity(requests.len());
    for request in requests {
        let mut request = request;
        let document = state.edge.documents.get(&request.query);
        let db = pool_for(
            state,
            document.as_deref(),
            request.operation_name.as_deref(),
        );
        if let Some(document) = &document {
            request.set_parsed_query(ExecutableDocument::clone(document));
        }
        let request = request
            .data(db.clone())
            .data(Loaders::new(db))
            .data(viewer.clone().with_request_id(request_id.clone()))
            .data(ClientAddress(Some(client)));
        crate::http::metrics::count_graphql_request();
        let operation_name = request.operation_name.clone();
        let mut response = state.schema.execute(request).await;
        if let Some(document) = &document {
            order::in_order_asked(&mut response.data, document, operation_name.as_deref());
        }
        for error in &response.errors {
            match code_of(error) {
                Some(async_graphql::Value::String(code)) => count_graphql_error(code),
                Some(async_graphql::Value::Enum(code)) => count_graphql_error(code),
                _ => count_graphql_error("OTHER"),
            }
        }
        responses.push(response);
    }
    if is_batch {
        let bodies: Vec<Value> = responses.into_iter().map(|r| body_of(r).1).collect();
        return media.respond(StatusCode::OK, &bodies);
    }
    let (kind, body) = responses.pop().map(body_of).unwrap_or_default();
    let status = match (kind, media) {
        (Outcome::Unauthenticated, _) => StatusCode::UNAUTHORIZED,
        (Outcome::RequestError, ResponseType::GraphQlResponse) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    media.respond(status, &body)
}

/// The pool a request reads from: the replica (`CQS_DATABASE_READ_URL`) for a query when one is
/// set; the primary for a mutation, whose payload must see its own write, and for anything that
/// did not parse.
fn pool_for<'a>(
    state: &'a AppState,
    document: Option<&ExecutableDocument>,
    operation: Option<&str>,
) -> &'a DatabaseConnection {
    let (Some(read), Some(document)) = (&state.read_db, document) else {
        return &state.db;
    };
    let kind = order::operation(document, operation).map(|chosen| chosen.ty);
    if kind == Some(OperationType::Query) {
        read
    } else {
        &state.db
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Outcome {
    #[default]
    Executed,
    /// Refused before execution: the document or its variables; the body has no `data`.
    RequestError,
    /// Refused for want of valid credentials (401 whatever the media type).
    Unauthenticated,
}

/// What became of an operation, and its JSON body.
fn body_of(response: async_graphql::Response) -> (Outcome, Value) {
    let refused = response.data == async_graphql::Value::Null && !response.errors.is_empty();
    let outcome = if !refused {
        Outcome::Executed
    } else if response.errors.iter().all(is_request_error) {
        Outcome::RequestError
    } else if response.errors.iter().any(|error| {
        code_of(error).is_some_and(|code| *code == async_graphql::Value::from(UNAUTHENTICATED))
    }) {
        Outcome::Unauthenticated
    } else {
        Outcome::Executed
    };
    let mut body = serde_json::to_value(&response).unwrap_or_default();
    if outcome != Outcome::Executed
        && let Value::Object(fields) = &mut body
    {
        fields.remove("data");
    }
    (outcome, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(query: &str, operation_name: Option<&str>) -> String {
        let mut request = async_graphql::Request::new(query);
        request.operation_name = operation_name.map(str::to_owned);
        operation_label(&ParsedDocuments::new(1024), &BatchRequest::Single(request))
    }

    #[test]
    fn an_operation_is_labelled_by_its_name_else_its_first_root_field() {
        assert_eq!(label("query A { a } query B { b }", Some("B")), "B");
        assert_eq!(label("query Named { projects { id } }", None), "Named");
        assert_eq!(label("{ projects { id } viewer { id } }", None), "projects");
        assert_eq!(label("{ ...on Query { projects { id } } }", None), "other");
        assert_eq!(label("not graphql", None), "other");
        assert_eq!(label("{ a }", Some("evil\nname")), "other");
        assert_eq!(
            operation_label(
                &ParsedDocuments::new(1024),
                &BatchRequest::Batch(vec![async_graphql::Request::new("{ a }")])
            ),
            "batch"
        );
    }
}
