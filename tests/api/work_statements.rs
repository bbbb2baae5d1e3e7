//! No N+1 in the center's work (issue 14): a page of funding requests, accompaniment sessions,
//! events or indicators, with what hangs off each row, is one statement through the planner,
//! and as many statements for a long page as for a short one through the resolvers.

use cqs::config::Limits;
use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{
    Links, TestApp, TestDatabase, spawn_app_on_url_with, spawn_demo_app_with_limits,
};

/// One page of each list, with what hangs off each row. Each list is asked on its own: lists
/// asked together share their loaders (a partner, a center) in batches whose split depends on
/// timing, not on the page size.
const LISTS: [(&str, &str); 4] = [
    (
        "fundingRequests",
        "query($first: Int!) { fundingRequests(first: $first) { nodes { requested { amount } partner { name } program { code } commitment { status } project { title readiness pipeline { asked { amount } } dossier { satisfied requirement { code } } } } } }",
    ),
    (
        "supportSessions",
        "query($first: Int!) { supportSessions(first: $first) { nodes { kind center { name } organization { name } project { title } facilitatingPartner { name } } } }",
    ),
    (
        "events",
        "query($first: Int!) { events(first: $first) { nodes { title center { name } participants { attendance organization { name } partner { name } } } } }",
    ),
    (
        "indicators",
        "query($first: Int!) { indicators(first: $first) { nodes { name latest progress measurements { value } } } }",
    ),
];

/// The statements of a page of `first` rows of `list` (which must give that many rows).
async fn statements_for(app: &TestApp, (list, query): (&str, &str), first: usize) -> u64 {
    let (data, statements) = app.gql_counted(query, json!({ "first": first })).await;
    assert_eq!(
        data[list]["nodes"].as_array().map(Vec::len),
        Some(first),
        "{list}: {data}"
    );
    statements
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
    let limits = Limits {
        max_cost: 1_000_000,
        ..Limits::default()
    };
    let planned = spawn_demo_app_with_limits(limits.clone()).await;
    more_work(&planned).await;
    // The same data through the resolvers and their batched loaders.
    let resolved = spawn_app_on_url_with(
        TestDatabase::create().await,
        &planned.database.url,
        |config| {
            config.planner = false;
            config.limits = limits;
        },
    )
    .await;
    for list in LISTS {
        assert_eq!(
            statements_for(&planned, list, 8).await,
            1,
            "{}: the planner answers the page in one statement",
            list.0
        );
        // Five rows already reach every kind of row each list holds (the demo's indicators are
        // computed from four sources, which cost one statement each, whatever the page).
        let for_five = statements_for(&resolved, list, 5).await;
        let for_eight = statements_for(&resolved, list, 8).await;
        assert_eq!(
            for_eight, for_five,
            "{}: through the loaders, three more rows cost no more statements",
            list.0
        );
    }
}
