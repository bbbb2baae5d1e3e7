//! GraphQL over HTTP (the spec's draft): media types, status codes, what a POST body may be, the
//! body limit, batches, and GET for queries only. Each rule is a table of cases.

use cqs::config::HttpConfig;
use cqs::domain::role::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app, spawn_app_with_http};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";
const CREATE_CENTER: &str = r#"mutation { createCenter(input: { name: "Sidi Bernoussi", slug: "sidi-bernoussi", city: "Casablanca" }) { userErrors { code } } }"#;

/// POSTs `body` as it is, with these headers; returns the status, the content type and the body.
async fn post(
    app: &TestApp,
    headers: &[(&str, &str)],
    body: String,
) -> (StatusCode, String, Value) {
    let mut request = app.client.post(app.url("/graphql")).body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    read(response).await
}

async fn read(response: reqwest::Response) -> (StatusCode, String, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, content_type, body)
}

fn query(text: &str) -> String {
    json!({ "query": text }).to_string()
}

#[tokio::test]
async fn the_response_media_type_follows_the_accept_header_in_utf_8() {
    let app = spawn_app().await;
    let cases = [
        (None, JSON),
        (Some("*/*"), JSON),
        (Some(JSON), JSON),
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            GRAPHQL_RESPONSE,
        ),
    ];
    for (accept, expected) in cases {
        let mut headers = vec![("content-type", JSON)];
        headers.extend(accept.map(|accept| ("accept", accept)));
        let (status, content_type, body) = post(&app, &headers, query("{ __typename }")).await;
        assert_eq!(status, StatusCode::OK, "Accept: {accept:?}");
        assert_eq!(
            content_type,
            format!("{expected}; charset=utf-8"),
            "Accept: {accept:?}"
        );
        assert_eq!(body["data"]["__typename"], "Query", "Accept: {accept:?}");
    }
}

#[tokio::test]
async fn request_errors_are_400_with_graphql_response_json_and_200_with_application_json() {
    let app = spawn_app().await;
    let coercion = json!({
        "query": "query Page($first: Int!) { centers(first: $first) { totalCount } }",
        "variables": { "first": "ten" },
    });
    let cases = [
        (
            "a document that does not parse",
            query("{"),
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "a document that does not validate",
            query("{ nope }"),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "a variable that does not coerce",
            coercion.to_string(),
            "GRAPHQL_VALIDATION_FAILED",
        ),
    ];
    for (case, body, code) in cases {
        for (accept, expected) in [
            (GRAPHQL_RESPONSE, StatusCode::BAD_REQUEST),
            (JSON, StatusCode::OK),
        ] {
            let headers = [("content-type", JSON), ("accept", accept)];
            let (status, _, answer) = post(&app, &headers, body.clone()).await;
            assert_eq!(status, expected, "{case}, Accept: {accept}: {answer}");
            assert_eq!(
                answer["errors"][0]["extensions"]["code"], code,
                "{case}: {answer}"
            );
            assert!(
                answer.get("data").is_none(),
                "{case}: not executed, no data: {answer}"
            );
        }
    }
}

#[tokio::test]
async fn an_execution_error_is_200_with_data_whatever_the_media_type() {
    let app = spawn_app().await;
    let body = query("{ centers(first: 1000) { totalCount } __typename }");
    for accept in [GRAPHQL_RESPONSE, JSON] {
        let headers = [("content-type", JSON), ("accept", accept)];
        let (status, _, answer) = post(&app, &headers, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "Accept: {accept}: {answer}");
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{answer}"
        );
        assert!(
            answer.get("data").is_some(),
            "executed, so data is present: {answer}"
        );
    }
}

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
async fn get_runs_queries_and_refuses_mutations_with_405_and_allow_post() {
    let app = spawn_app().await;
    let mixed = "query Read { __typename } mutation Write { login(input: { email: \"a@b.c\", password: \"x\" }) { token } }";
    let cases = [
        ("{ __typename }", None, StatusCode::OK),
        (
            "mutation { __typename }",
            None,
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (mixed, Some("Read"), StatusCode::OK),
        (mixed, Some("Write"), StatusCode::METHOD_NOT_ALLOWED),
        ("{", None, StatusCode::BAD_REQUEST),
    ];
    for (document, operation, expected) in cases {
        let mut params = vec![("query", document)];
        params.extend(operation.map(|name| ("operationName", name)));
        let response = app
            .client
            .get(app.url("/graphql"))
            .query(&params)
            .header(ACCEPT, GRAPHQL_RESPONSE)
            .send()
            .await
            .expect("the server answers");
        let allow = response.headers().get(ALLOW).cloned();
        let (status, content_type, answer) = read(response).await;
        assert_eq!(status, expected, "{document} ({operation:?}): {answer}");
        assert!(content_type.starts_with(GRAPHQL_RESPONSE), "{content_type}");
        if expected == StatusCode::METHOD_NOT_ALLOWED {
            assert_eq!(allow.as_ref().and_then(|v| v.to_str().ok()), Some("POST"));
        }
    }
}
