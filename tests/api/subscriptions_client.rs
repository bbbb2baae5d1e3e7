//! `/graphql/ws` as a real JavaScript client sees it: the npm `graphql-ws` package's client
//! (pinned in `tests/ws-client/package-lock.json`, installed with `npm ci`) under Node.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, spawn_demo_app};
use crate::node_tools::{install_once, run, tool_dir};
use crate::write_projects::{actors, create, new_project, transition};
use crate::ws::wait_for_subscribers;

/// The client's folder, its packages installed once for every test of this binary (two
/// concurrent `npm ci` in one folder would trip over each other).
fn client_dir() -> std::path::PathBuf {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    let dir = tool_dir("ws-client");
    INSTALLED.call_once(|| install_once(&dir, "graphql-ws"));
    dir
}

#[tokio::test]
async fn the_graphql_ws_client_hears_a_mutation_made_over_http() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let dir = tokio::task::spawn_blocking(client_dir).await.unwrap();
    let mut node = Command::new("node")
        .arg(dir.join("client.mjs"))
        .args([
            "subscribe",
            &format!("ws://{}/graphql/ws", app.address),
            &a.staff,
        ])
        .arg(project.as_str().unwrap())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let stdout = node.stdout.take().expect("node's output");
    // Node prints as it goes; read it on a thread of its own while this runtime serves.
    let lines = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    wait_for_subscribers(&app, 1).await;
    let moved = transition(&app, &a.staff, &project, "IN_PREPARATION").await;
    assert_eq!(moved["userErrors"], json!([]), "{moved}");
    let lines = lines.await.expect("node's output is read");
    let status = tokio::task::spawn_blocking(move || node.wait())
        .await
        .unwrap()
        .expect("node exits");
    assert!(status.success(), "node failed: {lines:?}");
    let event: Value = serde_json::from_str(lines.last().expect("a payload")).expect("JSON");
    let change = &event["data"]["projectChanged"];
    assert_eq!(change["kind"], "STATUS_CHANGED", "{event}");
    assert_eq!(change["project"]["id"], project);
    assert_eq!(change["project"]["status"], "IN_PREPARATION");
    assert!(
        change["project"]["carrier"]["contact"]["email"].is_string(),
        "{event}"
    );
}

#[tokio::test]
async fn the_graphql_ws_client_sees_4401_for_a_bad_token_and_does_not_retry() {
    let app = spawn_demo_app().await;
    let url = format!("ws://{}/graphql/ws", app.address);
    let revoked_login = app.token_for(Role::Viewer, Links::default()).await + "tampered";
    let (succeeded, output) = tokio::task::spawn_blocking(move || {
        let dir = client_dir();
        run(
            &dir.join("client.mjs"),
            &["refused", &url, &revoked_login],
            &[],
        )
    })
    .await
    .expect("node finishes");
    assert!(succeeded, "{output}");
    assert!(
        output.contains("closed 4401"),
        "the client reports 4401: {output}"
    );
    assert_eq!(
        output.matches("closed ").count(),
        1,
        "4401 is final for the client: no retry: {output}"
    );
    assert!(!output.contains("unexpected"), "{output}");
}
