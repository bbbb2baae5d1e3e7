//! Reading a POST body into GraphQL requests: bounded in size, checked in shape, and refused
//! with a message of our own (never a parser's text) when it is not a GraphQL request.

use async_graphql::{BatchRequest, Request, Variables};
use axum::body::Body;
use axum::extract::Query;
use serde_json::{Map, Value};

/// Why a body is refused, each answered before anything is executed.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Longer than `CQS_MAX_BODY_BYTES` (413).
    TooLarge,
    /// Cut off by the client, or not readable (400).
    Unreadable,
    /// Not JSON, or JSON that is not a GraphQL request (400); the message says what to fix.
    BadRequest(&'static str),
}

/// Reads at most `limit` bytes of `body`; the stream is dropped as soon as it runs over.
pub async fn read(body: Body, limit: usize) -> Result<axum::body::Bytes, BodyError> {
    axum::body::to_bytes(body, limit).await.map_err(|err| {
        let too_large = std::error::Error::source(&err)
            .is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
        if too_large {
            BodyError::TooLarge
        } else {
            BodyError::Unreadable
        }
    })
}

/// One request (a JSON object), or a batch (a JSON array) of at most `batch_max` requests.
pub fn parse(bytes: &[u8], batch_max: usize) -> Result<BatchRequest, BodyError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| BodyError::BadRequest("the body is not valid JSON"))?;
    match value {
        Value::Object(fields) => Ok(BatchRequest::Single(request(fields)?)),
        Value::Array(_) if batch_max == 0 => Err(BodyError::BadRequest(
            "batches (JSON arrays) are not accepted: send one request object",
        )),
        Value::Array(items) if items.is_empty() || items.len() > batch_max => Err(
            BodyError::BadRequest("a batch holds from 1 to CQS_BATCH_MAX requests"),
        ),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::Object(fields) => request(fields),
                _ => Err(BodyError::BadRequest(
                    "each request of a batch is an object",
                )),
            })
            .collect::<Result<_, _>>()
            .map(BatchRequest::Batch),
        _ => Err(BodyError::BadRequest(
            "the body is a JSON object with `query`, and optionally `variables`, `operationName` and `extensions`",
        )),
    }
}

/// The request a `GET /graphql?query=…&variables=…&operationName=…&extensions=…` URL holds,
/// `variables` and `extensions` being URL-encoded JSON objects.
pub fn from_uri(uri: &axum::http::Uri) -> Result<Request, BodyError> {
    const MALFORMED: BodyError = BodyError::BadRequest(
        "the URL holds `query`, and optionally `variables` (a JSON object), `operationName` and `extensions`",
    );
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri).map_err(|_| MALFORMED)?;
    let mut fields = Map::new();
    for (name, value) in pairs {
        let value = match name.as_str() {
            "query" | "operationName" => Value::String(value),
            "variables" | "extensions" => serde_json::from_str(&value).map_err(|_| MALFORMED)?,
            _ => continue,
        };
        fields.insert(name, value);
    }
    request(fields)
}

/// `query` is a string; `variables` and `extensions` are objects and `operationName` a string,
/// each possibly null or absent.
/// `query` may be left out when `extensions.persistedQuery` names it by hash
/// (`crate::http::persisted`); no other extension is read.
fn request(mut fields: Map<String, Value>) -> Result<Request, BodyError> {
    let persisted = match fields.remove("extensions") {
        None | Some(Value::Null) => None,
        Some(Value::Object(mut extensions)) => extensions.remove("persistedQuery"),
        Some(_) => return Err(BodyError::BadRequest("`extensions` must be an object")),
    };
    let query = match (fields.remove("query"), &persisted) {
        (Some(Value::String(query)), _) => query,
        (None | Some(Value::Null), Some(_)) => String::new(),
        _ => return Err(BodyError::BadRequest("`query` must be a string")),
    };
    let mut request = Request::new(query);
    if let Some(persisted) = persisted {
        let persisted = async_graphql::Value::from_json(persisted)
            .map_err(|_| BodyError::BadRequest("`extensions` must be an object"))?;
        request
            .extensions
            .insert("persistedQuery".to_owned(), persisted);
    }
    match fields.remove("variables") {
        None | Some(Value::Null) => {}
        Some(variables @ Value::Object(_)) => {
            request = request.variables(Variables::from_json(variables));
        }
        Some(_) => return Err(BodyError::BadRequest("`variables` must be an object")),
    }
    match fields.remove("operationName") {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => request = request.operation_name(name),
        Some(_) => return Err(BodyError::BadRequest("`operationName` must be a string")),
    }
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_that_are_not_graphql_requests_are_refused_with_a_message_of_ours() {
        let cases = [
            ("{ \"not a JSON", "the body is not valid JSON"),
            ("", "the body is not valid JSON"),
            (
                "\"{ centers { totalCount } }\"",
                "the body is a JSON object",
            ),
            (
                "[{\"query\":\"{ __typename }\"}]",
                "batches (JSON arrays) are not accepted",
            ),
            ("{}", "`query` must be a string"),
            ("{\"query\": 1}", "`query` must be a string"),
            (
                "{\"query\":\"{a}\",\"variables\":\"{}\"}",
                "`variables` must be an object",
            ),
            (
                "{\"query\":\"{a}\",\"variables\":[]}",
                "`variables` must be an object",
            ),
            (
                "{\"query\":\"{a}\",\"operationName\":1}",
                "`operationName` must be a string",
            ),
            (
                "{\"query\":\"{a}\",\"extensions\":0}",
                "`extensions` must be an object",
            ),
        ];
        for (body, expected) in cases {
            match parse(body.as_bytes(), 0) {
                Err(BodyError::BadRequest(message)) => {
                    assert!(message.starts_with(expected), "{body}: {message}");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_batch_is_read_only_when_allowed_and_within_its_size() {
        let batch = |n: usize| format!("[{}]", vec!["{\"query\":\"{a}\"}"; n].join(","));
        assert!(matches!(
            parse(batch(2).as_bytes(), 0),
            Err(BodyError::BadRequest(_))
        ));
        assert!(matches!(
            parse(batch(3).as_bytes(), 2),
            Err(BodyError::BadRequest(_))
        ));
        assert!(matches!(
            parse(batch(0).as_bytes(), 2),
            Err(BodyError::BadRequest(_))
        ));
        match parse(batch(2).as_bytes(), 2) {
            Ok(BatchRequest::Batch(requests)) => assert_eq!(requests.len(), 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_get_url_gives_its_operation_name_and_json_variables() {
        let uri: axum::http::Uri =
            "/graphql?query=query%20A%7B__typename%7D&operationName=A&variables=%7B%22x%22%3A1%7D"
                .parse()
                .unwrap();
        let request = from_uri(&uri).unwrap();
        assert_eq!(request.operation_name.as_deref(), Some("A"));
        assert_eq!(request.variables.len(), 1);
        for bad in [
            "/graphql?query=%7Ba%7D&variables=%5B%5D",
            "/graphql?query=%7Ba%7D&variables=nope",
            "/graphql?operationName=A",
        ] {
            let uri: axum::http::Uri = bad.parse().unwrap();
            assert!(
                matches!(from_uri(&uri), Err(BodyError::BadRequest(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn null_optional_members_are_as_if_absent() {
        let body = r#"{"query":"{a}","variables":null,"operationName":null,"extensions":null}"#;
        assert!(matches!(
            parse(body.as_bytes(), 0),
            Ok(BatchRequest::Single(_))
        ));
    }
}
