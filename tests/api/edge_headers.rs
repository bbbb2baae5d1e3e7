//! What every answer carries or may carry at the network edge: security headers, CORS for the
//! configured origins only, compression of large answers.

use std::io::Read;

use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_ENCODING, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, CONTENT_ENCODING, ORIGIN,
};
use serde_json::{Value, json};

use crate::helpers::{spawn_app, spawn_app_with_edge, unlimited_edge};

const APP_ORIGIN: &str = "https://app.cqs.example.ma";

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    let graphql = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    for response in [app.get("/healthz").await, graphql, missing] {
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["cross-origin-resource-policy"], "same-origin");
        assert!(headers.contains_key("x-request-id"));
    }
}

async fn preflight(app: &crate::helpers::TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(reqwest::Method::OPTIONS, app.url("/graphql"))
        .header(ORIGIN, origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization",
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn cors_answers_the_configured_origins_only() {
    let app = spawn_app_with_edge(cqs::config::EdgeConfig {
        cors_origins: vec![APP_ORIGIN.to_owned()],
        ..unlimited_edge()
    })
    .await;
    let allowed = preflight(&app, APP_ORIGIN).await;
    assert!(allowed.status().is_success(), "{}", allowed.status());
    let headers = allowed.headers();
    assert_eq!(headers[ACCESS_CONTROL_ALLOW_ORIGIN], APP_ORIGIN);
    let methods = headers[ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap();
    assert!(
        methods.contains("POST") && methods.contains("GET"),
        "{methods}"
    );
    let allowed_headers = headers[ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed_headers.contains("authorization") && allowed_headers.contains("content-type"),
        "{allowed_headers}"
    );
    assert!(headers.contains_key(ACCESS_CONTROL_MAX_AGE));
    assert!(
        !headers.contains_key("access-control-allow-credentials"),
        "the bearer header needs no cookies"
    );

    let other = preflight(&app, "https://evil.example.com").await;
    assert!(!other.headers().contains_key(ACCESS_CONTROL_ALLOW_ORIGIN));

    let simple = app
        .client
        .post(app.url("/graphql"))
        .header(ORIGIN, APP_ORIGIN)
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(simple.headers()[ACCESS_CONTROL_ALLOW_ORIGIN], APP_ORIGIN);
}

#[tokio::test]
async fn without_configured_origins_there_is_no_cors_header() {
    let app = spawn_app().await;
    let response = preflight(&app, APP_ORIGIN).await;
    assert!(!response.headers().contains_key(ACCESS_CONTROL_ALLOW_ORIGIN));
}

/// Introspection of every type's fields: an answer of many kilobytes.
const LARGE: &str = "{ __schema { types { name fields { name } } } }";

#[tokio::test]
async fn a_large_answer_is_gzipped_for_a_client_that_accepts_it() {
    let app = spawn_app().await;
    let plain = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": LARGE }))
        .send()
        .await
        .unwrap();
    assert!(!plain.headers().contains_key(CONTENT_ENCODING));
    let plain: Value = plain.json().await.unwrap();
    assert!(plain.get("errors").is_none(), "{plain}");

    let gzipped = app
        .client
        .post(app.url("/graphql"))
        .header(ACCEPT_ENCODING, "gzip")
        .json(&json!({ "query": LARGE }))
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()[CONTENT_ENCODING], "gzip");
    let bytes = gzipped.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .expect("a gzip stream");
    assert!(bytes.len() < text.len());
    let decoded: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(decoded, plain);

    let small = app
        .client
        .get(app.url("/healthz"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert!(
        !small.headers().contains_key(CONTENT_ENCODING),
        "a small answer is sent as it is"
    );
}
