//! Fetches the explorer's pinned GraphiQL release from the npm registry and stages the files the
//! binary embeds (src/http/explorer.rs), so that the explorer works with no request leaving the
//! machine and no minified JavaScript is kept in git.
//!
//! `explorer/package-lock.json` pins each package to a version and an integrity hash; `npm ci`
//! installs exactly that (checking the hashes) into `OUT_DIR`, with install scripts disabled.
//! A build needs npm and, the first time, the npm registry; later builds use npm's cache.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

/// What the explorer page loads: (the package file, the name it is served under).
const VENDORED: &[(&str, &str)] = &[
    (
        "react/umd/react.production.min.js",
        "react.production.min.js",
    ),
    (
        "react-dom/umd/react-dom.production.min.js",
        "react-dom.production.min.js",
    ),
    ("graphiql/graphiql.min.js", "graphiql.min.js"),
    ("graphql-ws/umd/graphql-ws.min.js", "graphql-ws.min.js"),
    ("graphiql/graphiql.min.css", "graphiql.min.css"),
];

/// The repository's own files served beside them.
const OWN: &[&str] = &["explorer.js", "explorer.css"];

fn main() {
    let source = PathBuf::from(env("CARGO_MANIFEST_DIR")).join("explorer");
    let out = PathBuf::from(env("OUT_DIR"));
    for name in ["package.json", "package-lock.json", "index.html"]
        .iter()
        .chain(OWN)
    {
        println!("cargo::rerun-if-changed=explorer/{name}");
    }

    let npm_dir = out.join("explorer-npm");
    fs::create_dir_all(&npm_dir).expect("OUT_DIR is writable");
    for name in ["package.json", "package-lock.json"] {
        fs::copy(source.join(name), npm_dir.join(name))
            .unwrap_or_else(|err| panic!("explorer/{name} is readable: {err}"));
    }
    npm_ci(&npm_dir);

    let staged = out.join("explorer");
    fs::create_dir_all(&staged).expect("OUT_DIR is writable");
    let mut digest = Sha256::new();
    let modules = npm_dir.join("node_modules");
    let files = VENDORED
        .iter()
        .map(|(from, to)| (modules.join(from), *to))
        .chain(OWN.iter().map(|name| (source.join(name), *name)));
    for (from, to) in files {
        let bytes = fs::read(&from)
            .unwrap_or_else(|err| panic!("{} is readable after npm ci: {err}", from.display()));
        digest.update(to.as_bytes());
        digest.update((bytes.len() as u64).to_le_bytes());
        digest.update(&bytes);
        fs::write(staged.join(to), bytes).expect("OUT_DIR is writable");
    }
    // The assets' path segment: a new release or an edited file gets new URLs, so the assets can
    // be cached for good and a browser never mixes two releases.
    let version = digest
        .finalize()
        .iter()
        .take(8)
        .fold(String::new(), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        });
    fs::write(staged.join("version"), version).expect("OUT_DIR is writable");
}

fn npm_ci(dir: &Path) {
    let status = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--prefer-offline",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ])
        .current_dir(dir)
        // Cargo reads a build script's standard output as instructions: keep npm's off it.
        .stdout(Stdio::null())
        .status()
        .unwrap_or_else(|err| {
            panic!(
                "building cqs needs npm, to fetch the explorer's pinned GraphiQL release from the \
                 npm registry (`apt-get install -y nodejs npm`): {err}"
            )
        });
    assert!(
        status.success(),
        "`npm ci` of explorer/package-lock.json failed ({status}): the npm registry must be \
         reachable on a first build (later builds use npm's cache)"
    );
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"))
}
