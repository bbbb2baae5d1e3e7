//! Reading events: the demo's two meetings of July 2003, pages and filters, guests' names as
//! personal data, the counts per kind, and the demo's agreement and engagements.

use serde_json::json;

use crate::helpers::spawn_demo_app;

const EVENTS: &str = "query E($first: Int, $after: String, $filter: EventFilter) {
  events(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id title kind startsAt center { slug }
            participants { kind attendance guestName guestRole partner { acronym } organization { name } } }
  }
}";

#[tokio::test]
async fn the_demo_holds_the_two_meetings_of_july_2003_in_order() {
    let app = spawn_demo_app().await;
    let body = app.gql_ok(EVENTS, json!({})).await;
    let events = &body["events"];
    assert_eq!(events["totalCount"], 2, "{body}");
    assert_eq!(events["nodes"][0]["kind"], "INFORMATION_MEETING");
    assert_eq!(events["nodes"][0]["startsAt"], "2003-07-05T10:00:00Z");
    assert_eq!(events["nodes"][1]["kind"], "DINNER_DEBATE");
    let dinner = &events["nodes"][1]["participants"];
    let roles: Vec<_> = dinner
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["guestRole"].as_str())
        .collect();
    assert_eq!(
        roles,
        ["gouverneur", "directeur général", "secrétaire général"],
        "{dinner}"
    );
    assert!(
        dinner
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["attendance"] == "ATTENDED")
    );
}

#[tokio::test]
async fn a_guests_name_is_hidden_from_anonymous_readers_and_shown_to_admins() {
    let app = spawn_demo_app().await;
    let filter = json!({ "filter": { "kind": ["DINNER_DEBATE"] } });
    let public = app.gql_ok(EVENTS, filter.clone()).await;
    let guest = &public["events"]["nodes"][0]["participants"][0];
    assert_eq!(guest["kind"], "GUEST", "{guest}");
    assert_eq!(guest["guestName"], serde_json::Value::Null, "{guest}");
    assert_eq!(guest["guestRole"], "gouverneur");
    let admin = app
        .token_for(cqs::domain::role::Role::Admin, Default::default())
        .await;
    let (_, seen) = app.gql_as(&admin, EVENTS, filter).await;
    let guest = &seen["data"]["events"]["nodes"][0]["participants"][0];
    assert_eq!(guest["guestName"], "Le gouverneur de Mohammédia", "{seen}");
}

#[tokio::test]
async fn events_are_paged_and_filtered_by_kind_dates_center_and_update() {
    let app = spawn_demo_app().await;
    let first = app.gql_ok(EVENTS, json!({ "first": 1 })).await;
    assert_eq!(first["events"]["pageInfo"]["hasNextPage"], true, "{first}");
    let after = first["events"]["pageInfo"]["endCursor"].clone();
    let second = app
        .gql_ok(EVENTS, json!({ "first": 1, "after": after }))
        .await;
    assert_eq!(
        second["events"]["nodes"][0]["kind"], "DINNER_DEBATE",
        "{second}"
    );
    assert_eq!(second["events"]["pageInfo"]["hasNextPage"], false);
    let cases = [
        ("from the 6th", json!({ "from": "2003-07-06" }), 1),
        ("to the 5th", json!({ "to": "2003-07-05" }), 1),
        ("in 2004", json!({ "from": "2004-01-01" }), 0),
        (
            "information meetings",
            json!({ "kind": ["INFORMATION_MEETING"] }),
            1,
        ),
        (
            "updated since 2010",
            json!({ "updatedSince": "2010-01-01T00:00:00Z" }),
            0,
        ),
    ];
    for (case, filter, expected) in cases {
        let body = app.gql_ok(EVENTS, json!({ "filter": filter })).await;
        assert_eq!(body["events"]["totalCount"], expected, "{case}: {body}");
    }
    let center = app
        .gql_ok(
            "{ centers { nodes { id events(first: 1) { totalCount nodes { kind } } } } }",
            json!({}),
        )
        .await;
    let events = &center["centers"]["nodes"][0]["events"];
    assert_eq!(events["totalCount"], 2, "{center}");
    let id = center["centers"]["nodes"][0]["id"].clone();
    let other = app
        .gql_ok(EVENTS, json!({ "filter": { "centerId": id } }))
        .await;
    assert_eq!(other["events"]["totalCount"], 2);
}

#[tokio::test]
async fn the_dashboard_counts_events_per_kind() {
    let app = spawn_demo_app().await;
    let query =
        "query S($filter: StatsFilter) { stats(filter: $filter) { eventsByKind { kind count } } }";
    let body = app.gql_ok(query, json!({})).await;
    let counts = &body["stats"]["eventsByKind"];
    assert_eq!(counts.as_array().unwrap().len(), 5, "every kind: {body}");
    let count_of = |kind: &str| {
        counts
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(count_of("INFORMATION_MEETING"), 1);
    assert_eq!(count_of("DINNER_DEBATE"), 1);
    assert_eq!(count_of("WORKSHOP"), 0);
    let later = app
        .gql_ok(query, json!({ "filter": { "from": "2003-07-06" } }))
        .await;
    let later = &later["stats"]["eventsByKind"];
    let total: i64 = later
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 1, "{later}");
}

#[tokio::test]
async fn the_demo_center_is_managed_under_the_reseaus_active_agreement() {
    let app = spawn_demo_app().await;
    let body = app
        .gql_ok(
            "{ centers { nodes { managedBy { acronym } managementAgreement { status obligations manager { acronym } }
               partnerEngagements(status: ENGAGED) { partner { acronym } note } } } }",
            json!({}),
        )
        .await;
    let center = &body["centers"]["nodes"][0];
    assert_eq!(center["managedBy"]["acronym"], "RASS", "{body}");
    assert_eq!(center["managementAgreement"]["manager"]["acronym"], "RASS");
    assert_eq!(center["managementAgreement"]["status"], "ACTIVE");
    let obligations = center["managementAgreement"]["obligations"]
        .as_array()
        .unwrap();
    assert!(
        obligations
            .iter()
            .any(|o| o == "Assurer la gestion quotidienne du centre"),
        "{body}"
    );
    assert_eq!(
        center["partnerEngagements"].as_array().unwrap().len(),
        6,
        "{body}"
    );
}
