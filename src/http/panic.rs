//! The outer net: a panic outside any resolver (a handler, a layer) is answered 500 with a
//! GraphQL-shaped `INTERNAL` error instead of a dropped connection; the request id layer, outside
//! it, still tags the answer with its `x-request-id`. Resolver panics are caught closer, by
//! [`crate::graphql::panic::CatchPanics`], and never reach here.

use std::any::Any;

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::graphql::error::INTERNAL;
use crate::graphql::panic::message_of;

pub fn internal_error(payload: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!(panic = %message_of(&*payload), "a request handler panicked");
    let body =
        json!({ "errors": [{ "message": "internal error", "extensions": { "code": INTERNAL } }] });
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::routing::get;
    use serde_json::Value;

    async fn boom() -> &'static str {
        panic!("a handler broke at src/http/secret.rs:3")
    }

    #[tokio::test]
    async fn a_panicking_handler_is_a_500_internal_error_and_the_server_keeps_serving() {
        let routes = Router::new()
            .route("/boom", get(boom))
            .route("/fine", get(|| async { "fine" }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(
                listener,
                super::super::layers(routes, &crate::config::EdgeConfig::default()),
            )
            .await
        });
        let client = reqwest::Client::new();

        let answer = client
            .get(format!("http://{address}/boom"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::INTERNAL_SERVER_ERROR);
        let request_id = answer.headers().get("x-request-id").cloned();
        assert!(
            request_id.is_some(),
            "the answer is tagged with its request id"
        );
        let text = answer.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "INTERNAL",
            "{text}"
        );
        assert!(!text.contains("src/") && !text.contains("broke"), "{text}");

        let fine = client
            .get(format!("http://{address}/fine"))
            .send()
            .await
            .unwrap();
        assert_eq!(fine.text().await.unwrap(), "fine");
    }
}
