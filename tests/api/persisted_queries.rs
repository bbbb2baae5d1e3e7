//! Automatic persisted queries (Apollo's protocol): a hash the server does not hold is answered
//! `PERSISTED_QUERY_NOT_FOUND`; the text sent once with its hash is then run from the hash alone,
//! over POST and GET, with the same rules as a text (a persisted mutation is still refused on GET).

use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, spawn_demo_app};

const QUERY: &str = "{ centers(first: 1) { totalCount nodes { slug } } }";

fn sha(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

async fn post(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/json")
        .json(&body)
        .send()
        .await
        .expect("the server answers");
    (response.status(), response.json().await.expect("JSON"))
}

async fn get(app: &TestApp, params: &[(&str, &str)]) -> (StatusCode, Value) {
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(params)
        .header("accept", "application/json")
        .send()
        .await
        .expect("the server answers");
    (response.status(), response.json().await.expect("JSON"))
}

fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_hash_is_unknown_until_its_text_is_sent_once_over_post() {
    let app = spawn_demo_app().await;
    let hash = sha(QUERY);
    let (status, unknown) = post(&app, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(code(&unknown), "PERSISTED_QUERY_NOT_FOUND", "{unknown}");
    assert_eq!(unknown["errors"][0]["message"], "PersistedQueryNotFound");
    assert!(unknown.get("data").is_none(), "{unknown}");

    let (_, registered) = post(
        &app,
        json!({ "query": QUERY, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(
        registered["data"]["centers"]["totalCount"], 1,
        "{registered}"
    );

    let (_, by_hash) = post(&app, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(by_hash, registered);
    let (_, upper_case) = post(
        &app,
        json!({ "extensions": persisted(&hash.to_ascii_uppercase()) }),
    )
    .await;
    assert_eq!(upper_case, registered, "hex digits in either case");
}

#[tokio::test]
async fn a_hash_runs_over_get_once_registered() {
    let app = spawn_demo_app().await;
    let hash = sha(QUERY);
    let extensions = persisted(&hash).to_string();
    let (_, unknown) = get(&app, &[("extensions", &extensions)]).await;
    assert_eq!(code(&unknown), "PERSISTED_QUERY_NOT_FOUND", "{unknown}");

    let (_, registered) = get(&app, &[("query", QUERY), ("extensions", &extensions)]).await;
    assert_eq!(
        registered["data"]["centers"]["totalCount"], 1,
        "{registered}"
    );
    let (status, by_hash) = get(&app, &[("extensions", &extensions)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_hash, registered);
}

#[tokio::test]
async fn a_text_that_does_not_match_its_hash_is_refused_and_not_kept() {
    let app = spawn_demo_app().await;
    let other = sha("{ __typename }");
    let (_, refused) = post(
        &app,
        json!({ "query": QUERY, "extensions": persisted(&other) }),
    )
    .await;
    assert_eq!(code(&refused), "BAD_PERSISTED_QUERY", "{refused}");
    assert!(refused.get("data").is_none(), "not executed: {refused}");
    let (_, still_unknown) = post(&app, json!({ "extensions": persisted(&other) })).await;
    assert_eq!(code(&still_unknown), "PERSISTED_QUERY_NOT_FOUND");

    for malformed in [
        json!({ "persistedQuery": { "version": 2, "sha256Hash": other } }),
        json!({ "persistedQuery": { "version": 1 } }),
        json!({ "persistedQuery": "abc" }),
    ] {
        let (_, refused) = post(&app, json!({ "extensions": malformed })).await;
        assert_eq!(code(&refused), "BAD_PERSISTED_QUERY", "{refused}");
    }
}

#[tokio::test]
async fn a_persisted_mutation_is_still_refused_over_get() {
    let app = spawn_demo_app().await;
    let mutation = "mutation { __typename }";
    let hash = sha(mutation);
    post(
        &app,
        json!({ "query": mutation, "extensions": persisted(&hash) }),
    )
    .await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("extensions", persisted(&hash).to_string())])
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}
