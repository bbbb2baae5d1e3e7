//! The audit trail newest first in keyset pages, and its filters: an entity, an actor, an action
//! and a time window.

use chrono::{DateTime, Utc};
use cqs::graphql::id::{NodeType, decode, encode};
use serde_json::{Value, json};

use crate::audit_trail::{EVENTS, all_events, trail};
use crate::helpers::{TestApp, spawn_demo_app};

fn at(event: &Value) -> DateTime<Utc> {
    let text = event["at"].as_str().expect("an instant");
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

fn row(event: &Value) -> i64 {
    let id = event["id"].as_str().expect("an id");
    match decode(id) {
        Some((NodeType::AuditEvent, row)) => row,
        other => panic!("not an AuditEvent id: {other:?}"),
    }
}

fn ids(events: &[Value]) -> Vec<Value> {
    events.iter().map(|event| event["id"].clone()).collect()
}

async fn page(app: &TestApp, token: &str, arguments: Value) -> Value {
    let (_, body) = app.gql_as(token, EVENTS, arguments).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["auditEvents"].clone()
}

fn nodes(connection: &Value) -> Vec<Value> {
    connection["nodes"].as_array().expect("nodes").clone()
}

#[tokio::test]
async fn events_come_newest_first_in_pages_that_do_not_overlap() {
    let app = spawn_demo_app().await;
    let t = trail(&app).await;
    let admin = &t.actors.admin;
    let everything = all_events(&app, admin, json!({})).await;
    assert!(everything.len() > 10, "{} events", everything.len());
    for pair in everything.windows(2) {
        let (newer, older) = (&pair[0], &pair[1]);
        assert!(
            (at(newer), row(newer)) > (at(older), row(older)),
            "newest first: {newer} before {older}"
        );
    }

    let first = page(&app, admin, json!({ "first": 4 })).await;
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let after = first["pageInfo"]["endCursor"].clone();
    let second = page(&app, admin, json!({ "first": 4, "after": after })).await;
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(
        [ids(&nodes(&first)), ids(&nodes(&second))].concat(),
        ids(&everything[..8]),
        "two pages, no overlap, nothing skipped"
    );
    let last = page(&app, admin, json!({ "last": 3 })).await;
    assert_eq!(
        ids(&nodes(&last)),
        ids(&everything[everything.len() - 3..]),
        "the oldest three"
    );
    let before = last["pageInfo"]["startCursor"].clone();
    let previous = page(&app, admin, json!({ "last": 3, "before": before })).await;
    let end = everything.len() - 3;
    assert_eq!(ids(&nodes(&previous)), ids(&everything[end - 3..end]));

    let staff = all_events(&app, &t.actors.staff, json!({})).await;
    let first = page(&app, &t.actors.staff, json!({ "first": 2 })).await;
    let after = first["pageInfo"]["endCursor"].clone();
    let second = page(&app, &t.actors.staff, json!({ "first": 2, "after": after })).await;
    assert_eq!(
        [ids(&nodes(&first)), ids(&nodes(&second))].concat(),
        ids(&staff[..4]),
        "the staff's pages too"
    );
}

#[tokio::test]
async fn events_are_filtered_by_entity_actor_action_and_time() {
    let app = spawn_demo_app().await;
    let t = trail(&app).await;
    let admin = &t.actors.admin;
    let everything = all_events(&app, admin, json!({})).await;

    let project = all_events(&app, admin, json!({ "entityId": t.project })).await;
    let actions: Vec<&str> = project
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["transition_project", "create_project"],
        "newest first"
    );

    let (_, me) = app
        .gql_as(&t.actors.staff, "{ viewer { id } }", Value::Null)
        .await;
    let staff_id = me["data"]["viewer"]["id"].clone();
    let by_staff = all_events(&app, admin, json!({ "actorId": staff_id })).await;
    let expected = everything
        .iter()
        .filter(|e| e["actor"]["id"] == staff_id)
        .count();
    assert_eq!(by_staff.len(), expected, "every write of the staff member");
    assert!(by_staff.len() >= 5 && by_staff.iter().all(|e| e["actor"]["id"] == staff_id));

    let zones = all_events(&app, admin, json!({ "action": "create_zone" })).await;
    assert_eq!(zones.len(), 2);
    assert!(zones.iter().all(|e| e["entityType"] == "Zone"));

    let pivot = everything[everything.len() / 2].clone();
    let from = all_events(&app, admin, json!({ "from": pivot["at"] })).await;
    let to = all_events(&app, admin, json!({ "to": pivot["at"] })).await;
    let at_or_after: Vec<Value> = everything
        .iter()
        .filter(|e| at(e) >= at(&pivot))
        .cloned()
        .collect();
    let before: Vec<Value> = everything
        .iter()
        .filter(|e| at(e) < at(&pivot))
        .cloned()
        .collect();
    assert_eq!(ids(&from), ids(&at_or_after), "`from` is inclusive");
    assert_eq!(ids(&to), ids(&before), "`to` is exclusive");
    let window = json!({ "from": pivot["at"], "to": pivot["at"] });
    assert!(
        all_events(&app, admin, window).await.is_empty(),
        "an empty window"
    );

    let partner = everything
        .iter()
        .find(|e| e["entityType"] == "Partner")
        .unwrap();
    let hidden = json!({ "entityId": partner["entityId"] });
    assert_eq!(all_events(&app, admin, hidden.clone()).await.len(), 1);
    assert!(
        all_events(&app, &t.actors.staff, hidden).await.is_empty(),
        "not a center's"
    );
    let created = all_events(&app, admin, json!({ "entityId": staff_id })).await;
    let actions: Vec<&str> = created
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create_user"], "a user's own events");
}

#[tokio::test]
async fn a_malformed_filter_id_is_bad_user_input() {
    let app = spawn_demo_app().await;
    let admin = crate::write_projects::actors(&app).await.admin;
    for filter in [
        json!({ "entityId": "not an id" }),
        json!({ "actorId": encode(NodeType::Project, 1) }),
    ] {
        let (_, body) = app
            .gql_as(&admin, EVENTS, json!({ "filter": filter }))
            .await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{filter}: {body}"
        );
    }
}
