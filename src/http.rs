//! The HTTP surface: `/graphql` (POST, GET, and an explorer for browsers, its files under
//! `/explorer/`), `/healthz`, `/readyz`.
//! Every response carries an `x-request-id`, which also tags the request's log lines.

mod body;
mod explorer;
mod graphql;
mod health;
mod media;
pub mod metrics;
mod panic;

use std::time::Duration;

use std::sync::Arc;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth::Auth;
use crate::config::HttpConfig;
use crate::graphql::CqsSchema;

/// Requests running longer than this are answered 408 and their work dropped.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub schema: CqsSchema,
    pub db: DatabaseConnection,
    pub auth: Arc<Auth>,
    /// The body size and batch limits of `/graphql`.
    pub http: HttpConfig,
}

pub fn router(state: AppState) -> Router {
    let mut routes = Router::new();
    if state.http.explorer {
        routes = routes.route("/explorer/{version}/{file}", get(explorer::asset));
    }
    let routes = routes
        .route(
            "/graphql",
            get(graphql::get_graphql).post(graphql::post_graphql),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .with_state(state);
    layered(routes)
}

/// The layers every route is served through, outermost last.
fn layered(routes: Router) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    routes
        .layer(CatchPanicLayer::custom(panic::internal_error))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}
