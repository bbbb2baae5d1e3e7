//! The explorer a browser gets at `/graphql`: GraphiQL, pinned by `explorer/package-lock.json` and
//! embedded at build time (build.rs), so that it works offline and behind a firewall, and no page
//! of ours runs code fetched from a third party at view time.
//!
//! The page is the hand-written `explorer/index.html`; the files it loads are served under
//! `/explorer/{version}/`, where the version is a digest of their bytes: they can be cached for
//! good, and a new build's page never loads an old build's files.

use std::sync::LazyLock;

use axum::body::Body;
use axum::extract::Path;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The bytes of a file build.rs staged.
macro_rules! staged {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/explorer/", $name))
    };
}

/// The path segment of this build's assets.
pub const VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/explorer/version"));

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// Every file the page may load: (its name, its media type, its bytes).
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "react.production.min.js",
        JAVASCRIPT,
        staged!("react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        JAVASCRIPT,
        staged!("react-dom.production.min.js"),
    ),
    ("graphiql.min.js", JAVASCRIPT, staged!("graphiql.min.js")),
    ("graphiql.min.css", CSS, staged!("graphiql.min.css")),
    (
        "graphql-ws.min.js",
        JAVASCRIPT,
        staged!("graphql-ws.min.js"),
    ),
    ("explorer.js", JAVASCRIPT, staged!("explorer.js")),
    ("explorer.css", CSS, staged!("explorer.css")),
];

/// Nothing but this server's own files, no inline script: an injected `<script>` does not run,
/// and the page cannot send what it reads anywhere but to `/graphql` (and its `/graphql/ws`
/// socket: `'self'` admits the page's own host over `ws:`/`wss:`). GraphiQL's fonts are
/// `data:` URLs inside its stylesheet; it sets styles through the DOM, which CSP allows.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The page, pointing at this build's assets.
static PAGE: LazyLock<String> =
    LazyLock::new(|| include_str!("../../explorer/index.html").replace("{version}", VERSION));

/// The explorer page. It is revalidated on every visit (`no-cache`), so an upgraded server's
/// page, and through it the new assets, are seen at once; `/graphql` answers JSON to the same URL
/// under another `Accept`, which a cache must tell apart (`Vary`).
pub fn page() -> Response {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_VALUE),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (CACHE_CONTROL, "no-cache"),
            (VARY, "accept"),
        ]
        .map(|(name, value)| (name, HeaderValue::from_static(value))),
        PAGE.as_str(),
    )
        .into_response()
}

/// `GET /explorer/{version}/{file}`: one of this build's assets, cacheable for a year; another
/// build's version or an unknown file is 404.
pub async fn asset(Path((version, name)): Path<(String, String)>) -> Response {
    let found = ASSETS
        .iter()
        .find(|(asset, ..)| version == VERSION && *asset == name);
    let Some((_, media_type, bytes)) = found else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (CONTENT_TYPE, *media_type),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ]
        .map(|(name, value)| (name, HeaderValue::from_static(value))),
        Body::from(*bytes),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file the page names is one the server has, under this build's version.
    #[test]
    fn the_page_loads_only_assets_the_server_has() {
        let prefix = format!("explorer/{VERSION}/");
        let referenced: Vec<&str> = PAGE
            .split(['"', '\''])
            .filter(|part| part.contains("explorer/"))
            .collect();
        assert_eq!(referenced.len(), ASSETS.len(), "{referenced:?}");
        for reference in referenced {
            let name = reference
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{reference} is under {prefix}"));
            assert!(
                ASSETS.iter().any(|(asset, ..)| *asset == name),
                "{name} is served"
            );
        }
    }

    #[test]
    fn no_asset_names_another_host_to_load_from() {
        for (name, _, bytes) in ASSETS {
            let text = String::from_utf8_lossy(bytes);
            for pattern in ["url(http", "url(\"http", "url('http", "url(//", "@import"] {
                assert!(!text.contains(pattern), "{name} holds {pattern}");
            }
        }
    }
}
