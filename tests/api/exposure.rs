//! `CQS_ENV=production`: no introspection, no "Did you mean …"; by default both help developers.

use cqs::config::SchemaExposure;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with_config};

const INTROSPECTION: &str = "{ __schema { types { name } } }";
const INTROSPECTION_IN_A_FRAGMENT: &str =
    "query { ...Peek } fragment Peek on Query { __type(name: \"Center\") { name } }";
const MISSPELT: &str = "{ centers { totalCont } }";

#[tokio::test]
async fn by_default_introspection_answers_and_misspellings_get_suggestions() {
    let app = spawn_app().await;
    let data = app.gql_ok(INTROSPECTION, Value::Null).await;
    assert!(
        data["__schema"]["types"]
            .as_array()
            .is_some_and(|types| types.iter().any(|t| t["name"] == "Center")),
        "{data}"
    );
    let body = app.gql(MISSPELT, Value::Null).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Did you mean \"totalCount\"")),
        "{body}"
    );
}

#[tokio::test]
async fn in_production_introspection_is_refused_and_misspellings_get_no_suggestion() {
    let app = spawn_app_with_config(|config| config.exposure = SchemaExposure::PRODUCTION).await;
    for query in [INTROSPECTION, INTROSPECTION_IN_A_FRAGMENT] {
        let body = app.gql(query, Value::Null).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
            "{query}: {body}"
        );
        assert!(body.get("data").is_none_or(Value::is_null), "{body}");
        assert!(
            !body.to_string().contains("Center\""),
            "no type name leaks: {body}"
        );
    }
    let body = app.gql(MISSPELT, Value::Null).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("totalCont") && !message.contains("Did you mean"),
        "{body}"
    );
    let data = app
        .gql_ok("{ __typename centers { totalCount } }", Value::Null)
        .await;
    assert_eq!(
        data["__typename"], "Query",
        "__typename is not introspection"
    );
}

#[tokio::test]
async fn production_with_introspection_switched_back_on_answers_it() {
    let app = spawn_app_with_config(|config| {
        config.exposure = SchemaExposure {
            introspection: true,
            suggestions: false,
        }
    })
    .await;
    let data = app.gql_ok(INTROSPECTION, Value::Null).await;
    assert!(data["__schema"]["types"].is_array(), "{data}");
}
