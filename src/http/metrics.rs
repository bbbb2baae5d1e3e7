//! `GET /metrics`: counters in the Prometheus text format — SQL statements run, GraphQL requests
//! served — so that operators (and the benchmark) see statements per request.

use std::sync::OnceLock;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// The process-wide recorder, installed by the first application built in the process.
static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

pub fn install() {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        metrics::set_global_recorder(recorder).ok().map(|()| handle)
    });
}

pub async fn metrics() -> String {
    HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
        .unwrap_or_default()
}

/// Counts one GraphQL request.
pub fn count_graphql_request() {
    metrics::counter!("cqs_graphql_requests_total").increment(1);
}
