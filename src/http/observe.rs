//! One log line and one latency observation per finished request (README, "Logs"). The GraphQL
//! handler leaves what only it knows — the operation and who called — in the response's
//! extensions, so this layer needs neither the body nor the database.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::viewer::Viewer;

/// What the GraphQL handler tells the request log about a request.
#[derive(Clone, Debug)]
pub struct RequestLabels {
    /// The operation's name, else its first root field; `batch` for a batch.
    pub operation: String,
    pub caller: CallerKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallerKind {
    Anonymous,
    User,
    ApiToken,
}

impl CallerKind {
    pub fn of(viewer: &Viewer) -> Self {
        match viewer.principal() {
            None => Self::Anonymous,
            Some(principal) if principal.api_token_id.is_some() => Self::ApiToken,
            Some(_) => Self::User,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::User => "user",
            Self::ApiToken => "api_token",
        }
    }
}

pub async fn observe(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    // The route template, not the path: a label per path would be a label per typo.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let labels = response.extensions().get::<RequestLabels>();
    let operation = labels.map_or("", |labels| labels.operation.as_str());
    let caller = labels.map_or(CallerKind::Anonymous, |labels| labels.caller);
    let status = response.status().as_u16();
    tracing::info!(
        target: "cqs::request",
        method = %method,
        path = %path,
        status,
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        request_id = %request_id,
        operation,
        caller = caller.as_str(),
        "request completed"
    );
    crate::http::metrics::record_request(&route, operation, status, elapsed);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::viewer::Principal;
    use crate::domain::role::Role;

    fn principal(api_token_id: Option<i64>) -> Principal {
        Principal {
            user_id: 1,
            role: Role::Viewer,
            partner_id: None,
            organization_id: None,
            center_id: None,
            api_token_id,
        }
    }

    #[test]
    fn the_caller_kind_tells_logins_from_api_tokens() {
        assert_eq!(CallerKind::of(&Viewer::anonymous()), CallerKind::Anonymous);
        assert_eq!(
            CallerKind::of(&Viewer::authenticated(principal(None))),
            CallerKind::User
        );
        assert_eq!(
            CallerKind::of(&Viewer::authenticated(principal(Some(9)))),
            CallerKind::ApiToken
        );
        assert_eq!(CallerKind::ApiToken.as_str(), "api_token");
    }
}
