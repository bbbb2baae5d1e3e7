//! A panicking resolver must not take its request down with it, nor tell the caller about it:
//! async-graphql lets a panic unwind through the whole request (hyper then drops the connection).
//! [`CatchPanics`] turns it into an `INTERNAL` error of that field, logged with its message and
//! path inside the request's span, and the rest of the response is served as usual.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{ServerResult, Value};
use futures::FutureExt;

use crate::graphql::error::{INTERNAL, coded_error};

/// Catches a panic in any resolver (the innermost one, as each field's resolution is wrapped).
pub struct CatchPanics;

impl ExtensionFactory for CatchPanics {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CatchPanics)
    }
}

#[async_trait::async_trait]
impl Extension for CatchPanics {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let path = info.path_node.to_string();
        match AssertUnwindSafe(next.run(ctx, info)).catch_unwind().await {
            Ok(resolved) => resolved,
            Err(payload) => {
                tracing::error!(path = %path, panic = %message_of(&*payload), "a resolver panicked");
                Err(coded_error("internal error", None, INTERNAL))
            }
        }
    }
}

/// The text a panic was raised with, when it is text.
pub fn message_of(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a text)")
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Request, Schema};
    use serde_json::json;

    use crate::auth::viewer::Viewer;
    use crate::graphql::schema::with_error_handling;

    struct Trap;

    #[Object]
    impl Trap {
        async fn fine(&self) -> i32 {
            1
        }

        async fn boom(&self) -> i32 {
            std::hint::black_box(None::<i32>)
                .expect("an invariant broke at src/secret/place.rs:12 with SELECT * FROM users")
        }

        async fn nested(&self) -> Trap {
            Trap
        }
    }

    #[tokio::test]
    async fn a_panicking_resolver_is_an_internal_error_with_the_request_id() {
        let schema =
            with_error_handling(Schema::build(Trap, EmptyMutation, EmptySubscription)).finish();
        let viewer = Viewer::anonymous().with_request_id(Some("req-42".to_owned()));
        let response = schema
            .execute(Request::new("{ fine nested { boom fine } }").data(viewer))
            .await;
        let body = serde_json::to_value(&response).unwrap();
        assert_eq!(
            body["data"]["fine"], 1,
            "the other fields are served: {body}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "INTERNAL",
            "{body}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["requestId"], "req-42",
            "{body}"
        );
        assert_eq!(body["errors"][0]["message"], "internal error");
        let text = body.to_string();
        for leak in ["panicked", "src/", "SELECT", "invariant"] {
            assert!(!text.contains(leak), "{leak} leaked: {text}");
        }

        let again = schema.execute(Request::new("{ fine }")).await;
        assert_eq!(
            serde_json::to_value(&again.data).unwrap(),
            json!({ "fine": 1 }),
            "the schema serves the next request"
        );
    }
}
