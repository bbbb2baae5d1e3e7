//! `GET /metrics` in the Prometheus text format (README, "Metrics"): request latency by route,
//! operation and status, GraphQL errors by code, the database pool, SQL statements run, requests
//! refused by a limit. Operation names are chosen by clients, so they are bounded before they
//! become labels: a time series per name would let any client grow the server's memory.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use axum::extract::State;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{DatabaseBackend, DatabaseConnection};

/// The process-wide recorder, installed by the first application built in the process.
static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

const REQUEST_DURATION: &str = "cqs_http_request_duration_seconds";

/// From a quick cached read to the request timeout: seconds.
const DURATION_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// How many distinct operation names become labels; later names are counted as `other`.
pub const MAX_OPERATION_LABELS: usize = 200;

/// The operation label for anything that is not a plain, already-admitted name.
pub const OTHER: &str = "other";

pub fn install() {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_DURATION.to_owned()), DURATION_BUCKETS)
            .ok()?
            .build_recorder();
        let handle = recorder.handle();
        metrics::set_global_recorder(recorder).ok().map(|()| handle)
    });
}

/// Renders every metric; the pool gauges are read now, as they stand at the scrape.
pub async fn metrics(State(db): State<DatabaseConnection>) -> String {
    record_pool(&db);
    HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}

fn record_pool(db: &DatabaseConnection) {
    let (size, idle) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => return,
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("cqs_db_pool_connections").set(f64::from(size));
    metrics::gauge!("cqs_db_pool_idle_connections").set(f64::from(idle));
    metrics::gauge!("cqs_db_pool_in_use_connections").set(f64::from(size.saturating_sub(idle)));
}

/// One more `/graphql/ws` socket open (the gauge goes down in [`socket_closed`]).
pub fn socket_opened() {
    metrics::gauge!("cqs_ws_connections").increment(1.0);
}

/// One `/graphql/ws` socket fewer.
pub fn socket_closed() {
    metrics::gauge!("cqs_ws_connections").decrement(1.0);
}

/// Counts one close frame the server sent, by its code (the server's own codes: a few values).
pub fn count_socket_close(code: u16) {
    metrics::counter!("cqs_ws_closes_total", "code" => code.to_string()).increment(1);
}

/// Counts one message a socket sent (payloads, acknowledgements, completions, keep-alives).
pub fn count_socket_message() {
    metrics::counter!("cqs_ws_messages_sent_total").increment(1);
}

/// Counts one GraphQL request.
pub fn count_graphql_request() {
    metrics::counter!("cqs_graphql_requests_total").increment(1);
}

/// Counts one GraphQL error by its `extensions.code` (codes are the server's own, but a code
/// that does not look like one is still folded into `OTHER`).
pub fn count_graphql_error(code: &str) {
    let code = if !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
    {
        code.to_owned()
    } else {
        "OTHER".to_owned()
    };
    metrics::counter!("cqs_graphql_errors_total", "code" => code).increment(1);
}

/// Observes one finished HTTP request.
pub fn record_request(route: &str, operation: &str, status: u16, elapsed: Duration) {
    metrics::histogram!(
        REQUEST_DURATION,
        "route" => route.to_owned(),
        "operation" => operation_label(operation),
        "status" => status.to_string(),
    )
    .record(elapsed.as_secs_f64());
}

/// `name` when it is a plain GraphQL name of at most 64 characters, else [`OTHER`].
pub fn plain_operation_name(name: &str) -> &str {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if plain { name } else { OTHER }
}

/// The label of an operation (empty outside `/graphql`): its plain name while fewer than [`MAX_OPERATION_LABELS`] names
/// have been seen, [`OTHER`] for anything else.
fn operation_label(operation: &str) -> String {
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    if operation.is_empty() {
        return String::new();
    }
    let name = plain_operation_name(operation);
    if name == OTHER {
        return name.to_owned();
    }
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if seen.contains(name) {
        return name.to_owned();
    }
    if seen.len() < MAX_OPERATION_LABELS {
        seen.insert(name.to_owned());
        return name.to_owned();
    }
    OTHER.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_become_labels() {
        assert_eq!(plain_operation_name("ProjectsPage"), "ProjectsPage");
        assert_eq!(plain_operation_name("projects_2"), "projects_2");
        for bad in ["", "a b", "x\"}", &"n".repeat(65), "é"] {
            assert_eq!(plain_operation_name(bad), OTHER, "{bad:?}");
        }
    }

    #[test]
    fn operation_labels_are_bounded() {
        let labels: HashSet<String> = (0..MAX_OPERATION_LABELS * 3)
            .map(|n| operation_label(&format!("Op{n}")))
            .collect();
        assert!(labels.len() <= MAX_OPERATION_LABELS + 1, "{}", labels.len());
        assert!(labels.contains(OTHER));
    }
}
