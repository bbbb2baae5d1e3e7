//! What a `POST /graphql` body may be: `application/json` only (415 otherwise, never executed), a
//! GraphQL request object (400 otherwise, with a message of ours), at most `CQS_MAX_BODY_BYTES`
//! (413), and a batch only when `CQS_BATCH_MAX` allows it.

use cqs::config::HttpConfig;
use cqs::domain::role::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Links, spawn_app, spawn_app_with_http};
use crate::http_protocol::{CREATE_CENTER, GRAPHQL_RESPONSE, JSON, post, query};

/// These are the bodies a browser sends cross-site without a CORS preflight.
#[tokio::test]
async fn a_post_that_is_not_application_json_is_415_and_never_executed() {
    let app = spawn_app().await;
    let admin = format!(
        "Bearer {}",
        app.token_for(Role::Admin, Links::default()).await
    );
    let cases = [
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=cqs"),
        Some("application/json; charset=latin1"),
        Some("application/graphql"),
        None,
    ];
    for content_type in cases {
        let mut headers = vec![
            ("authorization", admin.as_str()),
            ("accept", GRAPHQL_RESPONSE),
        ];
        headers.extend(content_type.map(|value| ("content-type", value)));
        let (status, _, answer) = post(&app, &headers, query(CREATE_CENTER)).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}: {answer}"
        );
        assert_eq!(
            answer["errors"][0]["extensions"]["code"],
            "UNSUPPORTED_MEDIA_TYPE"
        );
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM centers").await,
        0,
        "nothing ran"
    );

    let headers = [("authorization", admin.as_str()), ("content-type", JSON)];
    let (status, _, answer) = post(&app, &headers, query(CREATE_CENTER)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the same request as JSON runs: {answer}"
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM centers").await, 1);
}

#[tokio::test]
async fn a_body_that_is_not_a_graphql_request_is_400_without_a_parser_message() {
    let app = spawn_app().await;
    let cases = [
        ("malformed JSON", r#"{ "not a JSON"#.to_owned()),
        ("an empty body", String::new()),
        ("a string", json!("{ __typename }").to_string()),
        (
            "a batch while batches are off",
            json!([{ "query": "{ __typename }" }]).to_string(),
        ),
        ("no query", json!({ "qeury": "{ __typename }" }).to_string()),
        ("a numeric query", json!({ "query": 1 }).to_string()),
        (
            "string variables",
            json!({ "query": "{ __typename }", "variables": "{}" }).to_string(),
        ),
        (
            "a numeric operationName",
            json!({ "query": "{ __typename }", "operationName": 1 }).to_string(),
        ),
        (
            "array extensions",
            json!({ "query": "{ __typename }", "extensions": [] }).to_string(),
        ),
    ];
    for (case, body) in cases {
        for accept in [GRAPHQL_RESPONSE, JSON] {
            let headers = [("content-type", JSON), ("accept", accept)];
            let (status, content_type, answer) = post(&app, &headers, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{case}, Accept: {accept}: {answer}"
            );
            assert!(content_type.starts_with(accept), "{case}: {content_type}");
            assert_eq!(
                answer["errors"][0]["extensions"]["code"], "BAD_REQUEST",
                "{case}"
            );
            let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
            for leak in ["line", "column", "invalid type", "serde", "EOF"] {
                assert!(
                    !message.contains(leak),
                    "{case}: {message:?} tells {leak:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn batches_run_only_when_configured_and_within_their_size() {
    let batch = |n: usize| Value::Array(vec![json!({ "query": "{ __typename }" }); n]).to_string();
    let off = spawn_app().await;
    let (status, _, _) = post(&off, &[("content-type", JSON)], batch(2)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "batches are off by default"
    );

    let on = spawn_app_with_http(HttpConfig {
        batch_max: 3,
        ..HttpConfig::default()
    })
    .await;
    let cases = [
        (0, StatusCode::BAD_REQUEST),
        (1, StatusCode::OK),
        (3, StatusCode::OK),
        (4, StatusCode::BAD_REQUEST),
    ];
    for (size, expected) in cases {
        let (status, _, answer) = post(&on, &[("content-type", JSON)], batch(size)).await;
        assert_eq!(status, expected, "a batch of {size}: {answer}");
        if expected == StatusCode::OK {
            let answers = answer.as_array().expect("an array of answers");
            assert_eq!(answers.len(), size);
            assert!(
                answers
                    .iter()
                    .all(|one| one["data"]["__typename"] == "Query"),
                "{answer}"
            );
        }
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_the_server_answers_afterwards() {
    let app = spawn_app().await;
    let two_mib = format!(
        r#"{{"query":"{{ __typename }}","pad":"{}"}}"#,
        "x".repeat(2 << 20)
    );
    let (status, _, answer) = post(&app, &[("content-type", JSON)], two_mib).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert_eq!(
        answer["errors"][0]["extensions"]["code"],
        "PAYLOAD_TOO_LARGE"
    );
    assert_eq!(
        app.gql_ok("{ __typename }", Value::Null).await["__typename"],
        "Query"
    );

    let small = spawn_app_with_http(HttpConfig {
        max_body_bytes: 1024,
        ..HttpConfig::default()
    })
    .await;
    let cases = [
        (1000, StatusCode::OK),
        (1025, StatusCode::PAYLOAD_TOO_LARGE),
    ];
    for (size, expected) in cases {
        let mut body = query("{ __typename }");
        body.insert_str(body.len() - 1, &" ".repeat(size - body.len()));
        let (status, _, answer) = post(&small, &[("content-type", JSON)], body).await;
        assert_eq!(status, expected, "{size} bytes: {answer}");
    }
}
