//! Change events across instances: on PostgreSQL a write announces its events through the
//! database (NOTIFY inside its transaction), so every instance on that database hears it; on
//! SQLite, one instance, its own subscribers do. Waits are bounded; nothing is timed.

use std::time::Duration;

use cqs::domain::role::Role;
use cqs::graphql::id::decode;
use cqs::service::events::{ChangeEvent, ChangeKind, Entity};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::json;
use tokio::sync::broadcast;

use crate::helpers::{Links, TestApp, TestDatabase, spawn_app, spawn_app_on_url_with};

/// How long an event may take to arrive before the test gives up.
const PATIENCE: Duration = Duration::from_secs(10);

/// Creates a partner through `app`'s HTTP API as an admin; returns its row id.
async fn create_partner(app: &TestApp, token: &str, name: &str) -> i64 {
    let (_, body) = app
        .gql_as(
            token,
            "mutation($name: String!) { createPartner(input: { name: $name, kind: FOUNDATION }) { partner { id } userErrors { code } } }",
            json!({ "name": name }),
        )
        .await;
    let id = body["data"]["createPartner"]["partner"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("created: {body}"));
    decode(id).unwrap().1
}

async fn next_event(events: &mut broadcast::Receiver<ChangeEvent>) -> ChangeEvent {
    tokio::time::timeout(PATIENCE, events.recv())
        .await
        .expect("an event within the patience")
        .expect("the bus is open")
}

async fn admin_token(app: &TestApp) -> String {
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    app.login(&email, &password).await
}

#[tokio::test]
async fn a_write_on_one_instance_reaches_the_subscribers_of_every_instance_on_its_database() {
    let first = spawn_app().await;
    let second =
        spawn_app_on_url_with(TestDatabase::create().await, &first.database.url, |_| {}).await;
    let token = admin_token(&first).await;
    let mut heard_by_first = first.events.subscribe();
    let mut heard_by_second = second.events.subscribe();
    let id = create_partner(&first, &token, "Fondation du premier").await;
    let event = next_event(&mut heard_by_first).await;
    assert_eq!(
        (event.kind, event.entity, event.id),
        (ChangeKind::Created, Entity::Partner, id)
    );
    if first.database.is_postgres() {
        let event = next_event(&mut heard_by_second).await;
        assert_eq!(
            (event.kind, event.entity, event.id),
            (ChangeKind::Created, Entity::Partner, id),
            "the other instance heard the write through PostgreSQL"
        );
    } else {
        // SQLite serves one instance: a second process on the file hears nothing.
        assert!(heard_by_second.try_recv().is_err());
    }
}

#[tokio::test]
async fn a_lost_listen_connection_is_reestablished_and_events_flow_again() {
    let app = spawn_app().await;
    if !app.database.is_postgres() {
        return; // No LISTEN connection on SQLite: its bus is in-process.
    }
    let token = admin_token(&app).await;
    let mut events = app.events.subscribe();
    create_partner(&app, &token, "Avant la coupure").await;
    next_event(&mut events).await;
    // Cut the instance's LISTEN connection, as a restarted database or a proxy would.
    let cut = app
        .db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        ))
        .await
        .unwrap();
    assert_eq!(cut.rows_affected(), 1, "one LISTEN connection was cut");
    // Events committed while it reconnects are lost (and logged); keep writing until one
    // arrives, a bounded number of times.
    let mut written = Vec::new();
    for attempt in 0..20 {
        written.push(create_partner(&app, &token, &format!("Après la coupure {attempt}")).await);
        if let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(500), events.recv()).await
        {
            assert_eq!(event.entity, Entity::Partner);
            assert!(
                written.contains(&event.id),
                "{event:?} was written after the cut"
            );
            return;
        }
    }
    panic!("no event after the LISTEN connection was cut");
}
