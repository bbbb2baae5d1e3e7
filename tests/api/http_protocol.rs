//! GraphQL over HTTP (the spec's draft): the answer's media type and status code, and GET for
//! queries only. Each rule is a table of cases; `http_bodies` covers what a POST body may be.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";
pub const CREATE_CENTER: &str = r#"mutation { createCenter(input: { name: "Sidi Bernoussi", slug: "sidi-bernoussi", city: "Casablanca" }) { userErrors { code } } }"#;

/// POSTs `body` as it is, with these headers; returns the status, the content type and the body.
pub async fn post(
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

pub async fn read(response: reqwest::Response) -> (StatusCode, String, Value) {
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

pub fn query(text: &str) -> String {
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
    let page = |variables: Value| {
        json!({
            "query": "query Page($first: Int!) { centers(first: $first) { totalCount } }",
            "variables": variables,
        })
        .to_string()
    };
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
            page(json!({ "first": "ten" })),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "a required variable left out",
            page(json!({})),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "a required variable set to null",
            page(json!({ "first": null })),
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

/// The names of an answer's object keys, in the order its text writes them.
fn keys_in_order(text: &str, names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|name| {
            text.find(&format!("\"{name}\":"))
                .unwrap_or_else(|| panic!("{name} in {text}"))
        })
        .collect()
}

/// The spec's serialized map ordering: an answer writes its fields in the order the query asks
/// for them, whether the planner answers (a list) or the resolvers do (a mutation's payload),
/// whichever root field finished first (async-graphql writes them as they complete).
#[tokio::test]
async fn an_answer_writes_its_fields_in_the_order_asked() {
    let app = crate::helpers::spawn_demo_app().await;
    let token = app
        .token_for(
            cqs::domain::role::Role::Admin,
            crate::helpers::Links::default(),
        )
        .await;
    let center = app
        .gql_ok("{ centers(first: 1) { nodes { id } } }", json!({}))
        .await["centers"]["nodes"][0]["id"]
        .clone();
    let asked = [
        (
            "{ zones(first: 1) { nodes { name id } } centers(first: 1) { totalCount nodes { slug city } } }",
            vec![
                "zones",
                "name",
                "id",
                "centers",
                "totalCount",
                "slug",
                "city",
            ],
        ),
        (
            r#"mutation($center: ID!, $name: String!) { createZone(input: { centerId: $center, name: $name }) { zone { name id } userErrors { code } } }"#,
            vec!["createZone", "zone", "name", "id", "userErrors"],
        ),
    ];
    for (query, order) in asked {
        for run in 0..5 {
            let response = app
                .client
                .post(app.url("/graphql"))
                .bearer_auth(&token)
                .json(&json!({
                    "query": query,
                    "variables": { "center": center, "name": format!("Zone {run}") },
                }))
                .send()
                .await
                .unwrap();
            let text = response.text().await.unwrap();
            assert!(!text.contains("\"errors\""), "{text}");
            let positions = keys_in_order(&text, &order);
            assert!(
                positions.is_sorted(),
                "{order:?} written at {positions:?}: {text}"
            );
        }
    }
}
