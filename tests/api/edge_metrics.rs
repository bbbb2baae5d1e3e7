//! `/metrics`: latency histograms, errors by code, the pool, and its separate listener.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, spawn_app, spawn_app_with_edge, unlimited_edge};

async fn scrape(app: &TestApp, address: std::net::SocketAddr) -> String {
    let response = app
        .client
        .get(format!("http://{address}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

/// The sum of the samples of `metric` whose labels contain every one of `labels`.
pub(crate) fn sample(metrics: &str, metric: &str, labels: &[&str]) -> f64 {
    metrics
        .lines()
        .filter(|line| {
            line.starts_with(&format!("{metric}{{")) || line.starts_with(&format!("{metric} "))
        })
        .filter(|line| labels.iter().all(|label| line.contains(label)))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn requests_are_observed_as_histograms_by_operation() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "query EdgeProbe { __typename }", "operationName": "EdgeProbe" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    app.gql("{ __typename }", json!({})).await;
    let metrics = scrape(&app, app.address).await;
    assert!(
        metrics.contains("# TYPE cqs_http_request_duration_seconds histogram"),
        "{metrics}"
    );
    let probe = [
        r#"operation="EdgeProbe""#,
        r#"route="/graphql""#,
        r#"status="200""#,
    ];
    assert!(sample(&metrics, "cqs_http_request_duration_seconds_count", &probe) >= 1.0);
    assert!(
        sample(
            &metrics,
            "cqs_http_request_duration_seconds_bucket",
            &[r#"operation="EdgeProbe""#, r#"le="+Inf""#]
        ) >= 1.0
    );
    assert!(
        sample(
            &metrics,
            "cqs_http_request_duration_seconds_count",
            &[r#"operation="__typename""#]
        ) >= 1.0,
        "an unnamed operation is labelled by its first root field"
    );
    assert!(metrics.contains("cqs_db_pool_connections"), "{metrics}");
    assert!(metrics.contains("cqs_sql_statements_total"));
}

#[tokio::test]
async fn graphql_errors_are_counted_by_code() {
    let app = spawn_app().await;
    let code = [r#"code="GRAPHQL_VALIDATION_FAILED""#];
    let before = sample(
        &scrape(&app, app.address).await,
        "cqs_graphql_errors_total",
        &code,
    );
    assert_eq!(
        app.gql_error_code("{ noSuchField }", json!({})).await,
        "GRAPHQL_VALIDATION_FAILED"
    );
    let after = sample(
        &scrape(&app, app.address).await,
        "cqs_graphql_errors_total",
        &code,
    );
    assert!(after >= before + 1.0, "{before} -> {after}");
}

#[tokio::test]
async fn a_metrics_bind_moves_metrics_off_the_api_port() {
    let app = spawn_app_with_edge(cqs::config::EdgeConfig {
        metrics_bind: Some("127.0.0.1:0".parse().unwrap()),
        ..unlimited_edge()
    })
    .await;
    let metrics_address = app.metrics_address.expect("a metrics listener");
    assert_ne!(metrics_address, app.address);
    assert_eq!(app.get("/metrics").await.status(), StatusCode::NOT_FOUND);
    app.gql("{ __typename }", json!({})).await;
    let metrics = scrape(&app, metrics_address).await;
    assert!(
        metrics.contains("cqs_http_request_duration_seconds"),
        "{metrics}"
    );
    let graphql = app
        .client
        .get(format!("http://{metrics_address}/graphql"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        graphql.status(),
        StatusCode::NOT_FOUND,
        "only metrics there"
    );
}
