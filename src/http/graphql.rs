//! `/graphql`: POST and GET run a GraphQL request as the caller its `Authorization` header names;
//! a browser's GET without a query gets the GraphiQL explorer.

use std::net::SocketAddr;

use async_graphql::http::{GraphiQLSource, parse_query_string};
use async_graphql::parser::types::OperationType;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{ACCEPT, AUTHORIZATION};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;

use crate::error::AppError;
use crate::graphql::error::UNAUTHENTICATED;
use crate::graphql::loaders::Loaders;
use crate::graphql::mutation::ClientAddress;
use crate::http::AppState;
use crate::service::session::authenticate;

pub async fn post_graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> Response {
    execute(&state, &headers, peer, request.into_inner()).await
}

/// `GET /graphql?query=…[&variables=…&operationName=…]` runs a query (never a mutation: a link
/// must not change data); without `query`, a browser (which accepts `text/html`) gets the explorer.
pub async fn get_graphql(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let query_string = uri.query().unwrap_or_default();
    let has_query = query_string
        .split('&')
        .any(|pair| pair.split('=').next() == Some("query"));
    if !has_query {
        let wants_html = headers
            .get(ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        return if wants_html {
            Html(GraphiQLSource::build().endpoint("/graphql").finish()).into_response()
        } else {
            error_response(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "GET /graphql needs a `query` parameter; POST a JSON body otherwise",
            )
        };
    }
    let request = match parse_query_string(query_string) {
        Ok(request) => request,
        Err(err) => {
            return error_response(StatusCode::BAD_REQUEST, "BAD_REQUEST", &err.to_string());
        }
    };
    if is_mutation(&request.query) {
        return error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_REQUEST",
            "mutations are sent with POST",
        );
    }
    execute(&state, &headers, peer, request).await
}

fn is_mutation(query: &str) -> bool {
    async_graphql::parser::parse_query(query).is_ok_and(|document| {
        document
            .operations
            .iter()
            .any(|(_, operation)| operation.node.ty != OperationType::Query)
    })
}

async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    request: async_graphql::Request,
) -> Response {
    let authorization = headers
        .get(AUTHORIZATION)
        .map(|value| value.to_str().unwrap_or("malformed"));
    let viewer = match authenticate(&state.db, &state.auth, authorization).await {
        Ok(viewer) => viewer,
        Err(AppError::Unauthenticated(message)) => {
            return error_response(StatusCode::UNAUTHORIZED, UNAUTHENTICATED, &message);
        }
        Err(err) => {
            tracing::warn!(error = %err, "cannot authenticate");
            return error_response(
                StatusCode::SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE",
                "the database is unavailable, try again",
            );
        }
    };
    let request_id = headers
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let request = request
        .data(Loaders::new(&state.db))
        .data(viewer.with_request_id(request_id))
        .data(ClientAddress(Some(peer.ip())));
    crate::http::metrics::count_graphql_request();
    let response = state.schema.execute(request).await;
    let refused = response.data == async_graphql::Value::Null
        && response.errors.first().is_some_and(|error| {
            error
                .extensions
                .as_ref()
                .and_then(|extensions| extensions.get("code"))
                .is_some_and(|code| *code == async_graphql::Value::from(UNAUTHENTICATED))
        });
    let mut http = GraphQLResponse::from(response).into_response();
    if refused {
        *http.status_mut() = StatusCode::UNAUTHORIZED;
    }
    http
}

/// A GraphQL-shaped error body with an HTTP status, for failures before execution.
fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body =
        json!({ "data": null, "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}
