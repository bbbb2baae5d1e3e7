//! Parsed GraphQL documents, by query text: clients send the same few documents over and over,
//! and parsing one (a PEG parser, an allocation per node) cost more than a copy of the tree. The
//! HTTP layer reads each request's document from here for its own checks (the GET check for
//! mutations, the operation's label) and hands it to async-graphql, whose limits extension
//! (`crate::graphql::limits`) then measures it without parsing it again.
//!
//! Only the document is kept: what depends on the variables (the limits' cost, validation) is
//! worked out for every request.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

/// How many distinct texts are kept, at most.
const MAX_ENTRIES: usize = 512;
/// How many bytes of query text are kept, at most (a parsed tree takes some tens of times its
/// text): many large distinct documents cannot grow the cache without bound.
const MAX_BYTES: usize = 1024 * 1024;

/// Parsed documents, least recently used first out when full (by entries or by bytes of text).
#[derive(Clone)]
pub struct ParsedDocuments {
    documents: Arc<Mutex<Documents>>,
    /// `CQS_MAX_QUERY_BYTES`: a longer text is neither parsed nor kept here, so that the limits
    /// refuse it before anything parses it.
    max_query_bytes: usize,
}

struct Documents {
    by_text: LruCache<String, Arc<ExecutableDocument>>,
    bytes: usize,
}

impl ParsedDocuments {
    pub fn new(max_query_bytes: usize) -> Self {
        let capacity = NonZeroUsize::new(MAX_ENTRIES).expect("a positive capacity");
        Self {
            documents: Arc::new(Mutex::new(Documents {
                by_text: LruCache::new(capacity),
                bytes: 0,
            })),
            max_query_bytes,
        }
    }

    /// The document `query` parses to, parsed once while it stays in the cache; `None` when the
    /// text is longer than the limit or does not parse (async-graphql then says why).
    pub fn get(&self, query: &str) -> Option<Arc<ExecutableDocument>> {
        if query.len() > self.max_query_bytes {
            return None;
        }
        if let Some(document) = self.lock().by_text.get(query) {
            return Some(Arc::clone(document));
        }
        // Parsed outside the lock: other requests are not held up by this one's parse.
        let document = Arc::new(async_graphql::parser::parse_query(query).ok()?);
        let mut documents = self.lock();
        documents.bytes += query.len();
        if let Some((text, _)) = documents
            .by_text
            .push(query.to_owned(), Arc::clone(&document))
        {
            documents.bytes -= text.len();
        }
        while documents.bytes > MAX_BYTES {
            let Some((text, _)) = documents.by_text.pop_lru() else {
                break;
            };
            documents.bytes -= text.len();
        }
        Some(document)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Documents> {
        self.documents
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_parsed_once_and_kept_within_the_byte_budget() {
        let documents = ParsedDocuments::new(32 * 1024);
        let first = documents.get("{ a }").expect("parses");
        let again = documents.get("{ a }").expect("parses");
        assert!(Arc::ptr_eq(&first, &again), "the same parsed tree");
        assert!(
            documents.get("{ a ").is_none(),
            "a text that does not parse"
        );

        let text = |i: usize| format!("{{ a{i} }}{}", " ".repeat(16 * 1024));
        for i in 0..(2 * MAX_BYTES / (16 * 1024)) {
            documents.get(&text(i)).expect("parses");
        }
        let bytes = documents.lock().bytes;
        assert!(bytes <= MAX_BYTES && bytes > MAX_BYTES / 2, "{bytes}");
        let evicted = documents.get("{ a }").expect("parses");
        assert!(!Arc::ptr_eq(&first, &evicted), "the oldest text went first");
    }

    #[test]
    fn a_text_longer_than_the_limit_is_not_parsed() {
        let documents = ParsedDocuments::new(4);
        assert!(documents.get("{ a }").is_none());
        assert_eq!(documents.lock().bytes, 0);
    }
}
