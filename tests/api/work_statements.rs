//! No N+1 in the center's work (issue 14): a page of funding requests, accompaniment sessions,
//! events or indicators, with what hangs off each row, runs as many statements for a long page
//! as for a short one.

use cqs::config::Limits;
use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app_with_limits};

const WORK_PAGE: &str = r#"
query Work($first: Int!) {
  fundingRequests(first: $first) {
    nodes {
      requested { amount }
      partner { name }
      program { code }
      commitment { status }
      project { title readiness pipeline { asked { amount } } dossier { satisfied requirement { code } } }
    }
  }
  supportSessions(first: $first) {
    nodes { kind center { name } organization { name } project { title } facilitatingPartner { name } }
  }
  events(first: $first) {
    nodes { title center { name } participants { attendance organization { name } partner { name } } }
  }
  indicators(first: $first) {
    nodes { name latest progress measurements { value } }
  }
}"#;

/// The statements of one page of every list at once, and how many rows each list gave.
async fn statements_for(app: &TestApp, first: usize) -> (u64, Vec<usize>) {
    let (data, statements) = app.gql_counted(WORK_PAGE, json!({ "first": first })).await;
    let sizes = ["fundingRequests", "supportSessions", "events", "indicators"]
        .iter()
        .map(|list| data[list]["nodes"].as_array().unwrap().len())
        .collect();
    (statements, sizes)
}

async fn create(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, mutation, json!({ "input": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    body["data"].clone()
}

/// Six more events like the demo's (an organization, a partner and a guest each) and six more
/// hand-measured indicators, so that every list has more rows than the short page.
async fn more_work(app: &TestApp) {
    let token = app.token_for(Role::Admin, Links::default()).await;
    let demo = app
        .gql_ok(
            "{ centers(first: 1) { nodes { id } } organizations(first: 1) { nodes { id } } partners(first: 1) { nodes { id } } }",
            json!({}),
        )
        .await;
    let center = &demo["centers"]["nodes"][0]["id"];
    let organization = &demo["organizations"]["nodes"][0]["id"];
    let partner = &demo["partners"]["nodes"][0]["id"];
    let participant = "mutation($input: AddEventParticipantInput!) { addEventParticipant(input: $input) { userErrors { code } } }";
    for n in 0..6 {
        let created = create(
            app,
            &token,
            "mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }",
            json!({ "centerId": center, "title": format!("Atelier {n}"), "kind": "WORKSHOP",
                    "startsAt": "2004-05-01T09:00:00Z" }),
        )
        .await;
        let event = &created["createEvent"]["event"]["id"];
        for who in [
            json!({ "organizationId": organization }),
            json!({ "partnerId": partner }),
            json!({ "guest": { "name": format!("Invité {n}"), "role": "caïd" } }),
        ] {
            let mut input = who;
            input["eventId"] = event.clone();
            create(app, &token, participant, input).await;
        }
        let created = create(
            app,
            &token,
            "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { indicator { id } } }",
            json!({ "centerId": center, "name": format!("Indicateur {n}"), "unit": "ateliers", "target": "10" }),
        )
        .await;
        create(
            app,
            &token,
            "mutation($input: RecordIndicatorMeasurementInput!) { recordIndicatorMeasurement(input: $input) { userErrors { code } } }",
            json!({ "indicatorId": created["createIndicator"]["indicator"]["id"],
                    "measuredOn": "2004-06-30", "value": "2" }),
        )
        .await;
    }
}

#[tokio::test]
async fn a_page_of_the_centers_work_runs_as_many_statements_for_eight_rows_as_for_five() {
    let app = spawn_demo_app_with_limits(Limits {
        max_cost: 1_000_000,
        ..Limits::default()
    })
    .await;
    more_work(&app).await;
    // Five rows already reach every kind of row each list holds (the demo's indicators are
    // computed from four sources, which cost one statement each, whatever the page).
    let (for_five, sizes) = statements_for(&app, 5).await;
    assert_eq!(sizes, [5, 5, 5, 5]);
    let (for_eight, sizes) = statements_for(&app, 8).await;
    assert_eq!(sizes, [8, 8, 8, 8]);
    assert_eq!(
        for_eight, for_five,
        "three more rows in each list cost no more statements"
    );
}
