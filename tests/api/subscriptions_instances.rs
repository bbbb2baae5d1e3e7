//! Two `cqs serve` processes on one PostgreSQL database (issue 13): a mutation made through one
//! reaches a subscriber of the other, through the database's NOTIFY. SQLite serves one instance;
//! its in-process bus is covered by the other subscription tests.

use std::time::Duration;

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::faults::start_server;
use crate::helpers::{Links, spawn_demo_app};
use crate::ws::{Frame, Protocol, Socket};

/// POSTs `query` to the `cqs serve` at `address`, with `token` when given; returns the body.
async fn post(
    address: std::net::SocketAddr,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn a_mutation_through_one_instance_reaches_a_subscriber_of_another() {
    // The in-process app only loads the demo data and makes the account: the two instances
    // are real `cqs serve` processes.
    let app = spawn_demo_app().await;
    if !app.database.is_postgres() {
        return;
    }
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    let url = app.database.url.clone();
    let (mut writer, writer_at) = tokio::task::spawn_blocking({
        let url = url.clone();
        move || start_server(&url)
    })
    .await
    .unwrap();
    let (mut listener, listener_at) = tokio::task::spawn_blocking(move || start_server(&url))
        .await
        .unwrap();

    let mut socket = Socket::connected_at(listener_at, Protocol::TransportWs, None).await;
    socket
        .subscribe(
            "1",
            "subscription { commitmentChanged { kind commitment { id description } } }",
            json!({}),
        )
        .await;

    let login = post(
        writer_at,
        None,
        "mutation($email: String!, $password: String!) { login(input: { email: $email, password: $password }) { token } }",
        json!({ "email": email, "password": password }),
    )
    .await;
    let token = login["data"]["login"]["token"].as_str().unwrap().to_owned();
    let ids = post(
        writer_at,
        None,
        "{ projects(first: 1, filter: { status: [SEEKING_FUNDING, UNDER_REVIEW, APPROVED, IN_PROGRESS] }) { nodes { id } } partners(first: 1) { nodes { id } } }",
        json!({}),
    )
    .await;
    let input = |n: usize| {
        json!({ "input": {
            "partnerId": ids["data"]["partners"]["nodes"][0]["id"],
            "projectId": ids["data"]["projects"]["nodes"][0]["id"],
            "kind": "TRAINING",
            "description": format!("Formation {n}, écrite sur l'autre instance"),
        }})
    };
    // The subscription starts listening a moment after `subscribe` is sent, and nothing says
    // when: write, then wait a bounded while for the event, a bounded number of times.
    let mut written = Vec::new();
    let mut heard = None;
    for n in 0..20 {
        let created = post(
            writer_at,
            Some(&token),
            "mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { commitment { id } userErrors { code } } }",
            input(n),
        )
        .await;
        assert_eq!(
            created["data"]["createCommitment"]["userErrors"],
            json!([]),
            "written: {created}"
        );
        written.push(created["data"]["createCommitment"]["commitment"]["id"].clone());
        if let Ok(frame) = tokio::time::timeout(Duration::from_secs(1), socket.next()).await {
            heard = Some(frame);
            break;
        }
    }
    let Some(Frame::Json(message)) = heard else {
        panic!("no event reached the other instance: {heard:?}");
    };
    let change = &message["payload"]["data"]["commitmentChanged"];
    assert_eq!(change["kind"], "CREATED", "{message}");
    assert!(
        written.contains(&change["commitment"]["id"]),
        "{message} is one of the commitments written through the other instance"
    );
    assert!(
        change["commitment"]["description"]
            .as_str()
            .unwrap()
            .ends_with("écrite sur l'autre instance")
    );
    for child in [&mut writer, &mut listener] {
        child.kill().ok();
        child.wait().ok();
    }
}
