//! `/graphql`: POST and GET run a GraphQL request; a browser's GET without a query gets the
//! GraphiQL explorer.

use async_graphql::http::{GraphiQLSource, parse_query_string};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::header::ACCEPT;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};

use crate::graphql::loaders::Loaders;
use crate::http::AppState;

pub async fn post_graphql(
    State(state): State<AppState>,
    request: GraphQLRequest,
) -> GraphQLResponse {
    execute(&state, request.into_inner()).await
}

/// `GET /graphql?query=…[&variables=…&operationName=…]` runs the query; without `query`, a
/// browser (which accepts `text/html`) gets the explorer.
pub async fn get_graphql(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
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
            (
                StatusCode::BAD_REQUEST,
                "GET /graphql needs a `query` parameter; POST a JSON body otherwise",
            )
                .into_response()
        };
    }
    match parse_query_string(query_string) {
        Ok(request) => execute(&state, request).await.into_response(),
        Err(err) => (StatusCode::BAD_REQUEST, err.to_string()).into_response(),
    }
}

async fn execute(state: &AppState, request: async_graphql::Request) -> GraphQLResponse {
    let request = request.data(Loaders::new(&state.db));
    state.schema.execute(request).await.into()
}
