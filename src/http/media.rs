//! Media types of GraphQL over HTTP (the spec's draft): which one a client accepts, which one a
//! POST body may be, and how an answer is written in the chosen one.

use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The media type of a GraphQL response, chosen from the request's `Accept`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseType {
    /// `application/graphql-response+json`: the status code tells a request error (4xx) from
    /// an executed operation (200), so proxies and clients need not read the body to know.
    GraphQlResponse,
    /// `application/json`: the legacy type, always 200 once the request is understood.
    Json,
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

impl ResponseType {
    /// `application/graphql-response+json` only when the client names it and likes it at least
    /// as much as `application/json`; a missing `Accept`, a wildcard, or one naming neither type
    /// gets `application/json`, the type every client understands.
    pub fn negotiate(headers: &HeaderMap) -> Self {
        let accept = headers
            .get_all(ACCEPT)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let (mut graphql, mut json) = (None::<f32>, None::<f32>);
        for range in accept.split(',') {
            let (essence, quality) = media_range(range);
            let slot = match essence.as_str() {
                GRAPHQL_RESPONSE => &mut graphql,
                JSON => &mut json,
                _ => continue,
            };
            *slot = Some(slot.map_or(quality, |seen| seen.max(quality)));
        }
        match (graphql, json) {
            (Some(graphql), json) if graphql > 0.0 && graphql >= json.unwrap_or(0.0) => {
                Self::GraphQlResponse
            }
            _ => Self::Json,
        }
    }

    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::GraphQlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        })
    }

    /// `body` with `status`, in this media type.
    pub fn respond(self, status: StatusCode, body: &impl serde::Serialize) -> Response {
        match serde_json::to_vec(body) {
            Ok(bytes) => (status, [(CONTENT_TYPE, self.content_type())], bytes).into_response(),
            Err(err) => {
                tracing::error!(error = %err, "cannot serialize a response");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }

    /// A request error: the request was not executed, so the body has `errors` and no `data`.
    pub fn request_error(self, status: StatusCode, code: &str, message: &str) -> Response {
        self.respond(status, &request_error_body(code, message))
    }
}

pub fn request_error_body(code: &str, message: &str) -> Value {
    json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })
}

/// The lower-cased `type/subtype` of a media range and its `q` (1 when absent or unreadable).
fn media_range(range: &str) -> (String, f32) {
    let mut parts = range.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let quality = parts
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
        .and_then(|(_, value)| value.trim().parse::<f32>().ok())
        .unwrap_or(1.0);
    (essence, quality)
}

/// A POST body is read only when it is `application/json`, in UTF-8 if a charset is named.
/// Refusing every other type (415) keeps browsers from sending a mutation cross-site without a
/// CORS preflight, as they may with `text/plain`, form and multipart bodies.
pub fn is_json_body(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(JSON)
        && parts.all(|parameter| match parameter.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
                value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            }
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(name: axum::http::HeaderName, value: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = value {
            headers.insert(name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn the_response_type_follows_the_accept_header() {
        use ResponseType::{GraphQlResponse, Json};
        let cases = [
            (None, Json),
            (Some("*/*"), Json),
            (Some("application/*"), Json),
            (Some("text/html"), Json),
            (Some("application/json"), Json),
            (Some("application/graphql-response+json"), GraphQlResponse),
            (
                Some("Application/GraphQL-Response+JSON; charset=utf-8"),
                GraphQlResponse,
            ),
            (
                Some("application/graphql-response+json, application/json;q=0.9"),
                GraphQlResponse,
            ),
            (
                Some("application/graphql-response+json;q=0.5, application/json"),
                Json,
            ),
            (Some("application/graphql-response+json;q=0"), Json),
        ];
        for (accept, expected) in cases {
            let negotiated = ResponseType::negotiate(&headers(ACCEPT, accept));
            assert_eq!(negotiated, expected, "Accept: {accept:?}");
        }
    }

    #[test]
    fn only_a_json_body_in_utf_8_is_read() {
        let cases = [
            (Some("application/json"), true),
            (Some("application/json; charset=utf-8"), true),
            (Some("Application/JSON;charset=\"UTF-8\""), true),
            (Some("application/json; charset=latin1"), false),
            (Some("text/plain"), false),
            (Some("application/x-www-form-urlencoded"), false),
            (Some("multipart/form-data; boundary=x"), false),
            (Some("application/graphql-response+json"), false),
            (None, false),
        ];
        for (content_type, expected) in cases {
            let accepted = is_json_body(&headers(CONTENT_TYPE, content_type));
            assert_eq!(accepted, expected, "Content-Type: {content_type:?}");
        }
    }
}
