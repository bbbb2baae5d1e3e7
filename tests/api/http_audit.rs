//! The official GraphQL-over-HTTP audit (`graphql-http`'s `serverAudits`, pinned in
//! `tests/http-audit/package.json`) run by Node against the live application.

use crate::helpers::spawn_app;
use crate::node_tools::{install_once, run, tool_dir};

/// Installs the pinned audit from the npm registry once (`npm ci`), then runs it on `url`.
fn run_audit(url: &str) -> (bool, String) {
    let dir = tool_dir("http-audit");
    install_once(&dir, "graphql-http");
    run(&dir.join("audit.mjs"), &[url], &[])
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
