//! The official GraphQL-over-HTTP audit (`graphql-http`'s `serverAudits`, pinned in
//! `tests/http-audit/package.json`) run by Node against the live application.

use std::path::PathBuf;
use std::process::Command;

use crate::helpers::spawn_app;

fn audit_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/http-audit")
}

/// Installs the pinned audit from the npm registry once (`npm ci`), then runs it on `url`.
fn run_audit(url: &str) -> (bool, String) {
    let dir = audit_dir();
    if !dir.join("node_modules/graphql-http").is_dir() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .status()
            .expect("npm runs (Node and npm are on every machine)");
        assert!(
            installed.success(),
            "npm ci --prefix tests/http-audit failed"
        );
    }
    let output = Command::new("node")
        .arg(dir.join("audit.mjs"))
        .arg(url)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn the_graphql_over_http_audit_finds_no_must_or_should_failure() {
    let app = spawn_app().await;
    let url = app.url("/graphql");
    // The server runs on this test's runtime: wait for Node on a thread of its own.
    let (passed, report) = tokio::task::spawn_blocking(move || run_audit(&url))
        .await
        .expect("the audit finishes");
    println!("{report}");
    assert!(passed, "a MUST of the audit fails:\n{report}");
    let failures: Vec<&str> = report
        .lines()
        .filter(|line| line.starts_with("FAIL") && !line.contains(" MAY "))
        .collect();
    assert!(
        failures.is_empty(),
        "failing audits:\n{}",
        failures.join("\n")
    );
}
