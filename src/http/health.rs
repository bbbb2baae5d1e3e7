//! Liveness and readiness for load balancers and orchestrators.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::db;
use crate::http::AppState;

/// Readiness gives up on a database that does not answer within this delay.
const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is up and serving HTTP; says nothing about the database.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 200 when the database answers a query, 503 otherwise, so a load balancer sends traffic
/// only to instances that can serve it.
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match tokio::time::timeout(READINESS_TIMEOUT, db::ping(&state.db)).await {
        Ok(Ok(())) => (StatusCode::OK, Json(json!({ "status": "ready" }))),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "not ready: the database refused the check");
            unavailable()
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer in time");
            unavailable()
        }
    }
}

fn unavailable() -> (StatusCode, Json<Value>) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "status": "unavailable", "reason": "the database does not answer" })),
    )
}
