//! `auditEvents` and the `AuditEvent` node: admins read the whole trail, staff the part about
//! their center's entities (whole pages, one statement), everyone else is refused.

use std::collections::BTreeSet;

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};
use crate::write_projects::{Actors, actors, create, new_project, transition};

pub const EVENTS: &str =
    "query E($first: Int, $after: String, $last: Int, $before: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id action entityType entityId changedFields requestId at actor { id email } }
  }
}";

/// The demo center and a second one, after writes through the API about each of them and about
/// things of no center (a partner, accounts).
pub struct Trail {
    pub actors: Actors,
    /// The global ids of the demo center's objects that were written.
    pub mine: BTreeSet<String>,
    /// The global ids of the second center's objects that were written.
    pub theirs: BTreeSet<String>,
    pub project: Value,
    pub carrier: Value,
}

/// Runs `mutation` with `input` as `token`, asserts it wrote, and returns its payload.
async fn write(app: &TestApp, token: &str, mutation: &str, selection: &str, input: Value) -> Value {
    let input_type = format!("{}{}Input", mutation[..1].to_uppercase(), &mutation[1..]);
    let query = format!(
        "mutation M($input: {input_type}!) {{ {mutation}(input: $input) {{ {selection} userErrors {{ code field message }} }} }}"
    );
    let (_, body) = app.gql_as(token, &query, json!({ "input": input })).await;
    let payload = body["data"][mutation].clone();
    assert_eq!(payload["userErrors"], json!([]), "{mutation}: {body}");
    payload
}

fn id(value: &Value) -> String {
    value.as_str().expect("a global id").to_owned()
}

pub async fn trail(app: &TestApp) -> Trail {
    let a = actors(app).await;
    let center = json!(encode(
        NodeType::Center,
        app.scalar("SELECT MIN(id) FROM centers").await
    ));
    let rabat = json!(encode(
        NodeType::Center,
        app.scalar("SELECT MAX(id) FROM centers").await
    ));
    let texmo = json!(encode(
        NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'TEXMO'")
            .await
    ));
    let project =
        create(app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    transition(app, &a.staff, &project, "IN_PREPARATION").await;
    let to_project = json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100.00" } });
    let commitment = write(
        app,
        &a.staff,
        "createCommitment",
        "commitment { id }",
        to_project,
    )
    .await["commitment"]["id"]
        .clone();
    write(
        app,
        &a.staff,
        "transitionCommitment",
        "commitment { id }",
        json!({ "id": commitment, "to": "CONFIRMED" }),
    )
    .await;
    let payment = json!({ "commitmentId": commitment, "amount": { "amount": "50.00" }, "paidOn": "2004-01-01" });
    let disbursement = write(
        app,
        &a.staff,
        "recordDisbursement",
        "disbursement { id }",
        payment,
    )
    .await["disbursement"]["id"]
        .clone();
    let to_center = json!({ "partnerId": texmo, "centerId": center, "kind": "EQUIPMENT", "description": "Bureaux" });
    let gift = write(
        app,
        &a.admin,
        "createCommitment",
        "commitment { id }",
        to_center,
    )
    .await["commitment"]["id"]
        .clone();
    let zone = write(
        app,
        &a.admin,
        "createZone",
        "zone { id }",
        json!({ "centerId": center, "name": "Hay Hassani" }),
    )
    .await["zone"]["id"]
        .clone();
    let far_zone = write(
        app,
        &a.admin,
        "createZone",
        "zone { id }",
        json!({ "centerId": rabat, "name": "Agdal" }),
    )
    .await["zone"]["id"]
        .clone();
    write(
        app,
        &a.admin,
        "updateCenter",
        "center { id }",
        json!({ "id": rabat, "name": "Centre de Rabat" }),
    )
    .await;
    write(
        app,
        &a.admin,
        "updateCenter",
        "center { id }",
        json!({ "id": center, "region": "Casablanca-Settat" }),
    )
    .await;
    write(
        app,
        &a.admin,
        "updateOrganization",
        "organization { id }",
        json!({ "id": a.carrier_id, "membersCount": 40 }),
    )
    .await;
    write(
        app,
        &a.admin,
        "updatePartner",
        "partner { id }",
        json!({ "id": texmo, "acronym": "TXM" }),
    )
    .await;
    let mine = [
        &project,
        &commitment,
        &disbursement,
        &gift,
        &zone,
        &center,
        &a.carrier_id,
    ];
    Trail {
        mine: mine.into_iter().map(id).collect(),
        theirs: [id(&far_zone), id(&rabat)].into(),
        carrier: a.carrier_id.clone(),
        actors: a,
        project,
    }
}

/// Every event `token` may read (at most 100), newest first.
pub async fn all_events(app: &TestApp, token: &str, filter: Value) -> Vec<Value> {
    let (_, body) = app
        .gql_as(token, EVENTS, json!({ "first": 100, "filter": filter }))
        .await;
    let connection = &body["data"]["auditEvents"];
    let nodes = connection["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"));
    assert_eq!(connection["totalCount"], nodes.len(), "{body}");
    nodes.clone()
}

fn entities(events: &[Value]) -> BTreeSet<String> {
    events.iter().map(|event| id(&event["entityId"])).collect()
}

#[tokio::test]
async fn admins_read_every_event_and_staff_only_their_centers() {
    let app = spawn_demo_app().await;
    let t = trail(&app).await;
    let everything = all_events(&app, &t.actors.admin, json!({})).await;
    let recorded = app.scalar("SELECT COUNT(*) FROM audit_events").await;
    assert_eq!(
        everything.len() as i64,
        recorded,
        "the admin reads every row"
    );
    let types: BTreeSet<&str> = everything
        .iter()
        .map(|e| e["entityType"].as_str().unwrap())
        .collect();
    assert!(
        types.contains("Partner") && types.contains("User"),
        "{types:?}"
    );

    let staff = all_events(&app, &t.actors.staff, json!({})).await;
    assert_eq!(entities(&staff), t.mine, "the demo center's staff");
    let expected_rows = everything
        .iter()
        .filter(|e| t.mine.contains(&id(&e["entityId"])))
        .count();
    assert_eq!(
        staff.len(),
        expected_rows,
        "every row about those, no other"
    );
    let other = all_events(&app, &t.actors.other_staff, json!({})).await;
    assert_eq!(entities(&other), t.theirs, "the other center's staff");

    let small = app
        .gql_as(&t.actors.staff, EVENTS, json!({ "first": 3 }))
        .await
        .1;
    assert_eq!(
        small["data"]["auditEvents"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        3,
        "a staff page is full, never cut short by rows of other centers"
    );
}

#[tokio::test]
async fn only_admins_and_staff_read_the_trail() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let partner = app
        .scalar("SELECT id FROM partners WHERE acronym = 'ADS'")
        .await;
    let callers = [
        ("admin", Some(a.admin.clone()), "ok"),
        ("staff", Some(a.staff.clone()), "ok"),
        (
            "partner",
            Some(
                app.token_for(
                    Role::Partner,
                    Links {
                        partner: Some(partner),
                        ..Links::default()
                    },
                )
                .await,
            ),
            "FORBIDDEN",
        ),
        ("organization", Some(a.carrier.clone()), "FORBIDDEN"),
        (
            "viewer",
            Some(app.token_for(Role::Viewer, Links::default()).await),
            "FORBIDDEN",
        ),
        ("anonymous", None, "UNAUTHENTICATED"),
    ];
    for (name, token, expected) in callers {
        let body = crate::write_helpers::call(&app, token.as_deref(), EVENTS, json!({})).await;
        let got = body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or("ok");
        assert_eq!(got, expected, "{name}: {body}");
    }
}
