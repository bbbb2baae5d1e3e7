//! The HTTP surface: `/graphql` (POST, GET, and an explorer for browsers, its files under
//! `/explorer/`), `/graphql/ws` (subscriptions), `/healthz`, `/readyz`, `/metrics`. Every response carries an `x-request-id`,
//! which also tags the request's log lines.

mod body;
pub mod client_address;
pub mod documents;
mod explorer;
mod graphql;
mod health;
mod media;
pub mod metrics;
mod observe;
mod panic;
pub mod persisted;
pub mod rate_limit;
pub mod websocket;

use std::time::Duration;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRef;
use axum::http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, REFERRER_POLICY, RETRY_AFTER, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Method, Request};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth::Auth;
use crate::config::{EdgeConfig, HttpConfig};
use crate::graphql::CqsSchema;
use client_address::TrustedProxies;
use rate_limit::RateLimits;

/// Requests running longer than this are answered 408 and their work dropped.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Bodies smaller than this are sent as they are: compressing them saves less than it costs.
const COMPRESS_ABOVE_BYTES: u64 = 1024;

/// How long a browser may reuse a preflight answer.
const CORS_MAX_AGE: Duration = Duration::from_secs(600);

/// What every handler may use.
#[derive(Clone)]
pub struct AppState {
    pub schema: CqsSchema,
    pub db: DatabaseConnection,
    /// The replica's pool (`CQS_DATABASE_READ_URL`), which queries read from when set.
    pub read_db: Option<DatabaseConnection>,
    pub auth: Arc<Auth>,
    /// The body size and batch limits of `/graphql`.
    pub http: HttpConfig,
    /// Who the client is behind proxies, and how often it may call.
    pub edge: Arc<EdgeState>,
    /// The sockets of `/graphql/ws`: their limits, and the signal that closes them.
    pub sockets: Arc<websocket::sockets::Sockets>,
}

/// The per-process state of the network edge.
pub struct EdgeState {
    pub trusted_proxies: TrustedProxies,
    pub rate_limits: Arc<RateLimits>,
    /// The query texts clients registered by hash (automatic persisted queries).
    pub persisted_queries: persisted::PersistedQueries,
    /// Parsed documents by query text, parsed once for every request that sends the same text.
    pub documents: documents::ParsedDocuments,
}

impl FromRef<AppState> for DatabaseConnection {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

/// The application's routes. `/metrics` is among them unless `CQS_METRICS_BIND` gives it a
/// listener of its own ([`metrics_router`]), so that it need not be exposed with the API.
pub fn router(state: AppState, edge: &EdgeConfig) -> Router {
    let mut routes = Router::new();
    if state.http.explorer {
        routes = routes.route("/explorer/{version}/{file}", get(explorer::asset));
    }
    let mut routes = routes
        .route(
            "/graphql",
            get(graphql::get_graphql).post(graphql::post_graphql),
        )
        .route("/graphql/ws", get(websocket::graphql_ws))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz));
    if edge.metrics_bind.is_none() {
        routes = routes.route("/metrics", get(metrics::metrics));
    }
    layers(routes.with_state(state), edge)
}

/// `/metrics` alone, for the listener of `CQS_METRICS_BIND`.
pub fn metrics_router(db: DatabaseConnection) -> Router {
    Router::new()
        .route("/metrics", get(metrics::metrics))
        .with_state(db)
}

/// The layers every route goes through, innermost first (each `.layer` wraps the ones above it):
/// - panics caught innermost, as a 500 `INTERNAL` answer that the layers above still log, count
///   and stamp with the request id;
/// - the timeout, so that it bounds the handler alone;
/// - `observe` outside it, so that the request log and the latency histogram see timeouts too;
/// - the trace span, which tags every log line of the request with its id;
/// - CORS outside the handlers, so that a preflight is answered without authentication or a
///   rate-limit charge (the limits are charged in `/graphql`, once the caller is known);
/// - compression, then the security headers, outside everything that makes a body, so that
///   error answers are compressed and protected too;
/// - the request id outermost, so that every answer, a 429 included, carries it.
fn layers(router: Router, edge: &EdgeConfig) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let router = router
        .layer(CatchPanicLayer::custom(panic::internal_error))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(observe::observe))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
            }),
        );
    let router = match cors(edge) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let compress_when = SizeAbove::new(COMPRESS_ABOVE_BYTES)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE);
    let router = router.layer(CompressionLayer::new().compress_when(compress_when));
    with_security_headers(router)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// `None` without `CQS_CORS_ORIGINS`: no CORS header at all, so browsers keep the API to pages
/// of its own origin. Credentials are not allowed: the API's credential is a bearer header, which
/// the page sends itself, never a cookie.
fn cors(edge: &EdgeConfig) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = edge
        .cors_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
            .allow_headers([ACCEPT, AUTHORIZATION, CONTENT_TYPE])
            .expose_headers([HeaderName::from_static("x-request-id"), RETRY_AFTER])
            .max_age(CORS_MAX_AGE),
    )
}

/// Headers every answer carries unless its handler set its own (the explorer's page sets a
/// policy of its own, which `if_not_present` keeps): no MIME sniffing, no referrer leaking the
/// URL (a GET query may hold variables), no framing (clickjacking), and no reading of answers by
/// other origins' `<script>`/`<img>` loads.
fn with_security_headers(router: Router) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(header(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(REFERRER_POLICY, "no-referrer"))
        .layer(header(X_FRAME_OPTIONS, "DENY"))
        .layer(header(
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ))
}
