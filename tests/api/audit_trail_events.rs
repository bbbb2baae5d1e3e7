//! One `AuditEvent`: who changed what, its actor shown to whom may see that account, its node
//! shown to whom may read the event; and a page of events read in a fixed number of statements.

use serde_json::{Value, json};

use crate::audit_trail::{EVENTS, all_events, trail};
use crate::helpers::{TestApp, spawn_demo_app};

/// `node(id:)` as `token`: the response body.
async fn node_as(app: &TestApp, token: &str, id: &Value) -> Value {
    let node = "query N($id: ID!) { node(id: $id) { __typename ... on AuditEvent { action } } }";
    app.gql_as(token, node, json!({ "id": id })).await.1
}

#[tokio::test]
async fn an_event_says_who_changed_what_and_is_a_node_for_those_who_may_read_it() {
    let app = spawn_demo_app().await;
    let t = trail(&app).await;
    let filter = json!({ "action": "update_organization" });
    let event = all_events(&app, &t.actors.admin, filter.clone()).await[0].clone();
    assert_eq!(event["entityType"], "Organization");
    assert_eq!(event["entityId"], t.carrier);
    assert_eq!(event["changedFields"], json!(["membersCount"]));
    assert!(
        event["requestId"].is_string() && event["at"].is_string(),
        "{event}"
    );
    assert!(
        event["actor"]["email"].is_string(),
        "the admin sees the actor"
    );
    let seen_by_staff = all_events(&app, &t.actors.staff, filter).await[0].clone();
    assert_eq!(seen_by_staff["id"], event["id"]);
    assert_eq!(
        seen_by_staff["actor"],
        Value::Null,
        "staff do not see an admin's account"
    );

    assert_eq!(
        node_as(&app, &t.actors.admin, &event["id"]).await["data"]["node"]["action"],
        "update_organization"
    );
    assert_eq!(
        node_as(&app, &t.actors.staff, &event["id"]).await["data"]["node"]["__typename"],
        "AuditEvent"
    );
    assert_eq!(
        node_as(&app, &t.actors.other_staff, &event["id"]).await["data"]["node"],
        Value::Null,
        "another center's staff"
    );
    assert_eq!(
        node_as(&app, &t.actors.carrier, &event["id"]).await["data"]["node"],
        Value::Null,
        "an organization account"
    );
    let changed = node_as(&app, &t.actors.admin, &event["entityId"]).await;
    assert_eq!(
        changed["data"]["node"]["__typename"], "Cooperative",
        "the entity id resolves: {changed}"
    );
}

#[tokio::test]
async fn a_page_of_events_runs_as_many_statements_for_twenty_rows_as_for_two() {
    let app = spawn_demo_app().await;
    let t = trail(&app).await;
    let counted = |first: i64| {
        let app = &app;
        let token = t.actors.staff.clone();
        async move {
            let before = app.statements.get();
            let (_, body) = app.gql_as(&token, EVENTS, json!({ "first": first })).await;
            let rows = body["data"]["auditEvents"]["nodes"]
                .as_array()
                .unwrap()
                .len();
            (rows, app.statements.get() - before)
        }
    };
    let total = all_events(&app, &t.actors.staff, json!({})).await.len();
    assert!(total > 2, "{total} rows");
    let (two, for_two) = counted(2).await;
    let (many, for_many) = counted(20).await;
    assert_eq!(
        (two, many),
        (2, total.min(20)),
        "pages of 2 and of up to 20 rows"
    );
    assert_eq!(
        for_two, for_many,
        "actors are loaded in one batch, not one by one"
    );
}
