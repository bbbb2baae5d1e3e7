//! Health, readiness, the explorer and GET requests: what operators and browsers see.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestDatabase, spawn_app, spawn_app_with_url, wait_for_readiness};
use crate::proxy::{Relay, host_and_port};

#[tokio::test]
async fn healthz_and_readyz_answer_when_all_is_well() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert!(
        health.headers().contains_key("x-request-id"),
        "every response has a request id"
    );
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready");
}

#[tokio::test]
async fn a_browser_gets_the_explorer_and_a_client_can_query_with_get() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.to_lowercase().contains("graphiql"), "{page}");
    assert!(
        !page.contains("https://") && !page.contains("http://"),
        "the explorer loads nothing from another host:\n{page}"
    );

    let answer = app
        .client
        .get(app.url("/graphql?query=%7Bcenters%7BtotalCount%7D%7D"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["data"]["centers"]["totalCount"], 0, "{body}");
}

#[tokio::test]
async fn an_invalid_document_is_a_typed_error() {
    let app = spawn_app().await;
    let body = app.gql("{ centers { nope } }", Value::Null).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body:#}"
    );
    let body = app
        .gql("{ centers(first: \"ten\") { totalCount } }", Value::Null)
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
        "{body:#}"
    );
}

/// On PostgreSQL the database is cut off by a relay; on SQLite the server's pool is closed under
/// it. Either way readiness turns 503, requests get a typed error, and the process keeps serving.
#[tokio::test]
async fn readyz_is_503_while_the_database_is_unreachable_and_the_process_survives() {
    let database = TestDatabase::create().await;
    let mut relay = None;
    let app = if database.is_postgres() {
        let started = Relay::start(&host_and_port(&database.url)).await;
        let url = started.url_for(&database.url);
        relay = Some(started);
        spawn_app_with_url(database, &url).await
    } else {
        crate::helpers::spawn_app_on(database).await
    };
    wait_for_readiness(&app, StatusCode::OK).await;

    match relay.as_mut() {
        Some(relay) => relay.cut().await,
        None => app.app_db.close_by_ref().await.expect("the pool closes"),
    }
    wait_for_readiness(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::OK,
        "the process is alive"
    );
    let body = app.gql("{ centers { totalCount } }", Value::Null).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "SERVICE_UNAVAILABLE",
        "{body:#}"
    );

    if let Some(relay) = relay.as_mut() {
        relay.restore().await;
        wait_for_readiness(&app, StatusCode::OK).await;
        let data = app.gql_ok("{ centers { totalCount } }", Value::Null).await;
        assert_eq!(
            data["centers"]["totalCount"], 0,
            "it serves again once the database is back"
        );
    }
}

#[tokio::test]
async fn spawn_app_gives_each_test_its_own_database() {
    let first = spawn_app().await;
    let second = spawn_app().await;
    assert_ne!(first.database.url, second.database.url);
}

#[tokio::test]
async fn metrics_count_graphql_requests_and_sql_statements() {
    let app = spawn_app().await;
    app.gql_ok("{ centers { totalCount } }", Value::Null).await;
    let text = app.get("/metrics").await.text().await.unwrap();
    let value = |name: &str| -> f64 {
        text.lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().last())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {text}"))
    };
    assert!(value("cqs_graphql_requests_total") >= 1.0);
    assert!(value("cqs_sql_statements_total") >= 1.0);
}

#[tokio::test]
async fn a_mutation_is_never_run_from_a_get_request() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/graphql?query=mutation%7BcreateCenter(input%3A%7Bname%3A%22x%22%2Cslug%3A%22xxx%22%2Ccity%3A%22y%22%7D)%7BuserErrors%7Bcode%7D%7D%7D"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}
