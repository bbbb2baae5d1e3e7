//! Automatic persisted queries, as Apollo clients speak them: a request may carry
//! `extensions.persistedQuery { version: 1, sha256Hash }` instead of its query text. An unknown
//! hash is answered `PERSISTED_QUERY_NOT_FOUND`, upon which the client sends the text with its
//! hash once; later requests send the hash alone, which keeps long documents out of every body
//! and every GET URL.
//!
//! The text is filled back into the request here, before anything else reads it, so the GET
//! check for mutations, the operation's label and every limit see the same document as if the
//! client had sent its text. (async-graphql's own `ApolloPersistedQueries` extension swaps the
//! text for a parsed document inside the schema, after the HTTP layer has looked at the empty
//! text: a persisted mutation would then pass a GET.)

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::Request;
use lru::LruCache;
use sha2::{Digest, Sha256};

/// The `extensions.code` of a hash the server does not hold (the code Apollo clients react to).
pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
/// The `extensions.code` of a malformed `persistedQuery`, or of a text that does not hash to it.
pub const BAD_PERSISTED_QUERY: &str = "BAD_PERSISTED_QUERY";

/// How many distinct texts are kept, at most.
const MAX_ENTRIES: usize = 1_000;
/// How many bytes of query text are kept, at most: a client cannot grow the cache past this by
/// sending many large distinct documents.
const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Why a persisted query cannot be run: an error code and a message for the client.
#[derive(Debug, PartialEq, Eq)]
pub struct PersistedRefusal {
    pub code: &'static str,
    pub message: &'static str,
}

/// The texts clients have registered, by the hex SHA-256 of their bytes; least recently used
/// first out when the cache is full (by entries or by bytes).
#[derive(Clone)]
pub struct PersistedQueries {
    texts: Arc<Mutex<Texts>>,
    /// `CQS_MAX_QUERY_BYTES`: longer texts are not kept, the limits refusing them anyway.
    max_query_bytes: usize,
}

struct Texts {
    by_hash: LruCache<String, Arc<str>>,
    bytes: usize,
}

impl PersistedQueries {
    pub fn new(max_query_bytes: usize) -> Self {
        let capacity = NonZeroUsize::new(MAX_ENTRIES).expect("a positive capacity");
        Self {
            texts: Arc::new(Mutex::new(Texts {
                by_hash: LruCache::new(capacity),
                bytes: 0,
            })),
            max_query_bytes,
        }
    }

    /// Fills in the text of a request that names a persisted query by hash, or registers the
    /// text it sends with its hash. A request without `persistedQuery` is left as it is.
    pub fn resolve(&self, request: &mut Request) -> Result<(), PersistedRefusal> {
        let Some(persisted) = request.extensions.get("persistedQuery") else {
            return Ok(());
        };
        let hash = hash_of(persisted)?;
        if request.query.is_empty() {
            let text = self.get(&hash).ok_or(PersistedRefusal {
                code: PERSISTED_QUERY_NOT_FOUND,
                message: "PersistedQueryNotFound",
            })?;
            request.query = text.to_string();
            return Ok(());
        }
        let actual = format!("{:x}", Sha256::digest(request.query.as_bytes()));
        if actual != hash {
            return Err(PersistedRefusal {
                code: BAD_PERSISTED_QUERY,
                message: "the sha256Hash of persistedQuery is not the hash of the query text",
            });
        }
        if request.query.len() <= self.max_query_bytes {
            self.put(hash, Arc::from(request.query.as_str()));
        }
        Ok(())
    }

    fn get(&self, hash: &str) -> Option<Arc<str>> {
        let mut texts = self
            .texts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts.by_hash.get(hash).cloned()
    }

    fn put(&self, hash: String, text: Arc<str>) {
        let mut texts = self
            .texts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        texts.bytes += text.len();
        if let Some((_, evicted)) = texts.by_hash.push(hash, text) {
            texts.bytes -= evicted.len();
        }
        while texts.bytes > MAX_BYTES {
            let Some((_, evicted)) = texts.by_hash.pop_lru() else {
                break;
            };
            texts.bytes -= evicted.len();
        }
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.texts.lock().expect("not poisoned").bytes
    }
}

/// The lower-case hex hash of `{ version: 1, sha256Hash }`; any other shape is refused.
fn hash_of(persisted: &async_graphql::Value) -> Result<String, PersistedRefusal> {
    const MALFORMED: PersistedRefusal = PersistedRefusal {
        code: BAD_PERSISTED_QUERY,
        message: "persistedQuery is { version: 1, sha256Hash: <64 hex digits> }",
    };
    let async_graphql::Value::Object(fields) = persisted else {
        return Err(MALFORMED);
    };
    let version = fields.get("version").and_then(|version| match version {
        async_graphql::Value::Number(number) => number.as_i64(),
        _ => None,
    });
    let hash = match fields.get("sha256Hash") {
        Some(async_graphql::Value::String(hash)) => hash,
        _ => return Err(MALFORMED),
    };
    if version != Some(1) || hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(MALFORMED);
    }
    Ok(hash.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use async_graphql::{Name, Value};

    use super::*;

    fn request(query: &str, hash: &str) -> Request {
        let mut request = Request::new(query);
        request.extensions.insert(
            "persistedQuery".to_owned(),
            Value::Object(
                [
                    (Name::new("version"), Value::from(1)),
                    (Name::new("sha256Hash"), Value::from(hash)),
                ]
                .into_iter()
                .collect(),
            ),
        );
        request
    }

    fn sha(text: &str) -> String {
        format!("{:x}", Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn the_cache_keeps_no_more_bytes_than_its_budget() {
        let cache = PersistedQueries::new(32 * 1024);
        let text = |i: usize| format!("{{ a{i} }}{}", " ".repeat(32 * 1024 - 16));
        for i in 0..(MAX_BYTES / (32 * 1024) + 50) {
            let text = text(i);
            cache.resolve(&mut request(&text, &sha(&text))).unwrap();
        }
        assert!(cache.bytes() <= MAX_BYTES, "{}", cache.bytes());
        assert!(cache.bytes() > MAX_BYTES / 2, "{}", cache.bytes());
        let first = text(0);
        assert_eq!(
            cache.resolve(&mut request("", &sha(&first))),
            Err(PersistedRefusal {
                code: PERSISTED_QUERY_NOT_FOUND,
                message: "PersistedQueryNotFound"
            }),
            "the least recently used text went first"
        );
    }

    #[test]
    fn a_text_longer_than_the_limit_is_not_kept() {
        let cache = PersistedQueries::new(3);
        let text = "{ a }";
        cache.resolve(&mut request(text, &sha(text))).unwrap();
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn malformed_persisted_queries_are_refused() {
        let cache = PersistedQueries::new(1024);
        for hash in ["", "abc", &"g".repeat(64)] {
            let refused = cache.resolve(&mut request("", hash)).unwrap_err();
            assert_eq!(refused.code, BAD_PERSISTED_QUERY, "{hash}");
        }
        let mut version_two = request("", &sha("{ a }"));
        if let Some(Value::Object(fields)) = version_two.extensions.get_mut("persistedQuery") {
            fields.insert(Name::new("version"), Value::from(2));
        }
        assert_eq!(
            cache.resolve(&mut version_two).unwrap_err().code,
            BAD_PERSISTED_QUERY
        );
    }
}
