//! The center's events, its partners' engagements and its management agreement under the read
//! planner: the same answers as the resolvers for every role (a guest's name is read under the
//! caller's scope inside the statement), one statement per root field, whatever the page size.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{Links, TestApp};
use crate::planner::{Caller, answer, callers_of, compare_answers, planner_samples, twin_apps};

const EXAMPLE: &str = include_str!("../../examples/events.graphql");

/// What the demo lacks, beside it: a second center with an event of its own (no location, a
/// guest who represents no partner, a partner, an organization), an abandoned agreement and an
/// ACTIVE one, engagements in two statuses, one with no note; and a third center with nothing.
struct World {
    /// The second center's id and that of its ACTIVE agreement's manager.
    center: i64,
    organization: i64,
    partner: i64,
    demo_center: i64,
}

async fn ok(app: &TestApp, token: &str, mutation: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, mutation, json!({ "input": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    let data = body["data"].as_object().unwrap().values().next().unwrap();
    assert_eq!(data["userErrors"], json!([]), "{body}");
    data.clone()
}

async fn world(on: &TestApp) -> World {
    let admin = on.token_for(Role::Admin, Links::default()).await;
    let center = fixtures::center(&on.db, "evenements").await.unwrap();
    fixtures::center(&on.db, "vide").await.unwrap();
    let organization = fixtures::association(&on.db, center.id, None)
        .await
        .unwrap();
    let partner = fixtures::partner(&on.db, "Fondation des rencontres")
        .await
        .unwrap();
    let demo = on
        .gql_ok(
            "{ events(first: 1) { nodes { center { id } } } partners(first: 1) { nodes { id } } }",
            json!({}),
        )
        .await;
    let demo_center = &demo["events"]["nodes"][0]["center"]["id"];
    let demo_partner = &demo["partners"]["nodes"][0]["id"];
    let center_id = encode(NodeType::Center, center.id).0;
    let partner_id = encode(NodeType::Partner, partner.id).0;
    let created = ok(
        on,
        &admin,
        "mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { code } } }",
        json!({ "centerId": center_id, "title": "Formation des trésoriers", "kind": "TRAINING",
                "startsAt": "2003-07-20T08:30:00Z" }),
    )
    .await;
    let event = &created["event"]["id"];
    for who in [
        json!({ "guest": { "name": "Madame la trésorière", "role": "trésorière" } }),
        json!({ "partnerId": partner_id }),
        json!({ "organizationId": encode(NodeType::Organization, organization.id).0 }),
        json!({ "guest": { "name": "Le délégué", "partnerId": demo_partner } }),
    ] {
        let mut input = who;
        input["eventId"] = event.clone();
        ok(
            on,
            &admin,
            "mutation($input: AddEventParticipantInput!) { addEventParticipant(input: $input) { userErrors { code } } }",
            input,
        )
        .await;
    }
    let agreement = "mutation($input: CreateManagementAgreementInput!) { createManagementAgreement(input: $input) { agreement { id } userErrors { code } } }";
    let draft = ok(
        on,
        &admin,
        agreement,
        json!({ "centerId": center_id, "managerId": demo_partner, "status": "DRAFT" }),
    )
    .await;
    ok(
        on,
        &admin,
        "mutation($input: UpdateManagementAgreementInput!) { updateManagementAgreement(input: $input) { agreement { id } userErrors { code } } }",
        json!({ "id": draft["agreement"]["id"], "status": "ENDED" }),
    )
    .await;
    ok(
        on,
        &admin,
        agreement,
        json!({ "centerId": center_id, "managerId": partner_id, "status": "ACTIVE",
                "signedOn": "2003-06-30", "obligations": ["Animer les formations", "Tenir les comptes"] }),
    )
    .await;
    let engage = "mutation($input: SetPartnerEngagementInput!) { setPartnerEngagement(input: $input) { engagement { id } userErrors { code } } }";
    ok(
        on,
        &admin,
        engage,
        json!({ "partnerId": partner_id, "centerId": center_id, "status": "ENGAGED",
                "note": "Finance les formations" }),
    )
    .await;
    ok(
        on,
        &admin,
        engage,
        json!({ "partnerId": demo_partner, "centerId": center_id, "status": "PROSPECT" }),
    )
    .await;
    World {
        center: center.id,
        organization: organization.id,
        partner: partner.id,
        demo_center: cqs::graphql::id::decode_as(demo_center.as_str().unwrap(), NodeType::Center)
            .unwrap(),
    }
}

/// Each caller: anonymous, then a role with its tokens on the planned and the resolving app.
async fn callers(on: &TestApp, off: &TestApp, world: &World) -> Vec<Caller> {
    let roles = [
        ("VIEWER", Role::Viewer, Links::default()),
        (
            "ORGANIZATION",
            Role::Organization,
            Links {
                organization: Some(world.organization),
                ..Links::default()
            },
        ),
        (
            "PARTNER",
            Role::Partner,
            Links {
                partner: Some(world.partner),
                ..Links::default()
            },
        ),
        (
            "STAFF of the demo's center",
            Role::Staff,
            Links {
                center: Some(world.demo_center),
                ..Links::default()
            },
        ),
        (
            "STAFF of the other center",
            Role::Staff,
            Links {
                center: Some(world.center),
                ..Links::default()
            },
        ),
        ("ADMIN", Role::Admin, Links::default()),
    ];
    let roles = roles
        .into_iter()
        .map(|(name, role, links)| (name.to_owned(), role, links))
        .collect();
    callers_of(on, off, roles).await
}

const EVENT_FIELDS: [&str; 11] = [
    "id",
    "center { id name }",
    "title",
    "kind",
    "startsAt",
    "endsAt",
    "location",
    "description",
    "createdAt",
    "updatedAt",
    "version",
];

const PARTICIPANT_FIELDS: [&str; 11] = [
    "id",
    "event { id title }",
    "kind",
    "organization { __typename id name }",
    "partner { id name acronym }",
    "guestName",
    "guestRole",
    "attendance",
    "createdAt",
    "updatedAt",
    "version",
];

const AGREEMENT_FIELDS: &str = "__typename id center { name } manager { name acronym } signedOn \
    startsOn endsOn obligations status createdAt updatedAt version";

const ENGAGEMENT_FIELDS: &str = "__typename id partner { name kind } center { slug } status statusChangedAt note createdAt updatedAt version";

const CONNECTION: &str = "__typename totalCount pageInfo { __typename hasNextPage hasPreviousPage \
    startCursor endCursor } edges { __typename cursor node { title startsAt } }";

/// Every field alone, every argument of the lists, aliases, fragments, nulls.
fn corpus(after: &str, before: &str, center: &str) -> Vec<(String, Value)> {
    let q = |query: String, vars: Value| (query, vars);
    let mut corpus = vec![q(EXAMPLE.to_owned(), json!({}))];
    for field in EVENT_FIELDS {
        corpus.push(q(
            format!("{{ events {{ nodes {{ {field} }} }} }}"),
            json!({}),
        ));
    }
    for field in PARTICIPANT_FIELDS {
        corpus.push(q(
            format!("{{ events {{ nodes {{ participants {{ {field} }} }} }} }}"),
            json!({}),
        ));
    }
    let centers = |selection: &str| {
        q(
            format!("{{ centers {{ nodes {{ name {selection} }} }} }}"),
            json!({}),
        )
    };
    corpus.extend([
        centers(&format!("managementAgreement {{ {AGREEMENT_FIELDS} }}")),
        centers(&format!("agreements {{ {AGREEMENT_FIELDS} }}")),
        centers("managedBy { name } managementAgreement { manager { name } }"),
        centers(&format!("partnerEngagements {{ {ENGAGEMENT_FIELDS} }}")),
        centers("partnerEngagements(status: ENGAGED) { partner { name } status }"),
        centers("partnerEngagements(status: PROSPECT) { partner { name } note }"),
        centers("partnerEngagements(status: null) { status }"),
        centers(&format!("events {{ {CONNECTION} nodes {{ participants {{ kind guestName }} }} }}")),
        centers("events(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { title } }"),
        centers("events(last: 1, filter: { kind: [DINNER_DEBATE, TRAINING] }) { totalCount nodes { title } }"),
        centers("events(filter: { from: \"2003-07-06\", to: \"2003-07-20\" }) { totalCount nodes { title } }"),
        centers("events(first: 101) { totalCount }"),
        q(
            format!("{{ partners(first: 50) {{ nodes {{ name engagements {{ {ENGAGEMENT_FIELDS} }} }} }} }}"),
            json!({}),
        ),
        q(
            "{ partners(first: 50) { nodes { name engagements(status: INVITED) { center { name } status } } } }".to_owned(),
            json!({}),
        ),
        q(
            format!("{{ events(first: 1) {{ {CONNECTION} }} }}"),
            json!({}),
        ),
        q(
            format!("query($after: String) {{ events(first: 2, after: $after) {{ {CONNECTION} }} }}"),
            json!({ "after": after }),
        ),
        q(
            format!("query($before: String) {{ events(last: 1, before: $before) {{ {CONNECTION} }} }}"),
            json!({ "before": before }),
        ),
        q(
            format!("{{ events(last: 2) {{ {CONNECTION} }} }}"),
            json!({}),
        ),
        q(
            "{ events(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } }".to_owned(),
            json!({}),
        ),
        q(
            "query($center: ID!) { events(filter: { centerId: $center, kind: [TRAINING] }) { totalCount nodes { title location participants { kind guestName guestRole partner { name } } } } }".to_owned(),
            json!({ "center": center }),
        ),
        q(
            "{ events(filter: { updatedSince: \"2000-01-01T00:00:00Z\", kind: [] }) { totalCount nodes { title } } }".to_owned(),
            json!({}),
        ),
        q(
            "{ events(filter: { from: \"2003-07-06\" }) { totalCount nodes { title } } }".to_owned(),
            json!({}),
        ),
        // Refused arguments: the resolvers answer with their error.
        q("{ events(first: 1, last: 1) { nodes { id } } }".to_owned(), json!({})),
        q("{ events(after: \"not a cursor\") { nodes { id } } }".to_owned(), json!({})),
        q("{ events(filter: { centerId: \"not an id\" }) { nodes { id } } }".to_owned(), json!({})),
        // Aliases, fragments, @skip and @include.
        q(
            "query($skip: Boolean!) { a: events(first: 3) { n: nodes { ...E t: title @skip(if: $skip) \
             people: participants { ... on EventParticipant { who: guestName k: kind } ...P } } } \
             b: events(first: 1) { __typename nodes { ... on Node { id } } } } \
             fragment E on Event { id kind } fragment P on EventParticipant { attendance role: guestRole }".to_owned(),
            json!({ "skip": true }),
        ),
        q(
            "query($with: Boolean!) { centers { nodes { m: managementAgreement @include(if: $with) { s: status o: obligations } \
             ... on Center { all: agreements { ... on ManagementAgreement { status } } } \
             e: partnerEngagements { ... on Node { id } } } } }".to_owned(),
            json!({ "with": true }),
        ),
        // A participant's organization through the interface, as either type.
        q(
            "{ events { nodes { participants { organization { ... on Association { name } ... on Cooperative { acronym } ... on Organization { id } } } } } }".to_owned(),
            json!({}),
        ),
        // The counts per kind, for a center and days.
        q("{ stats { eventsByKind { kind count } } }".to_owned(), json!({})),
        q(
            "query($center: ID!) { stats(filter: { centerId: $center, from: \"2003-07-01\", to: \"2003-07-31\" }) { __typename eventsByKind { __typename c: count kind } } }".to_owned(),
            json!({ "center": center }),
        ),
        q(
            "{ stats(filter: { from: \"2003-07-06\", to: \"2003-07-06\" }) { eventsByKind { kind count } organizations { total } } }".to_owned(),
            json!({}),
        ),
    ]);
    corpus
}

/// Any of the planned types by id, with what hangs off it.
const NODE: &str = "query($id: ID!) { node(id: $id) { __typename id \
    ... on Event { title location participants { kind guestName } } \
    ... on EventParticipant { kind guestName guestRole event { title center { name } } } \
    ... on PartnerEngagement { status note partner { name } center { name } } \
    ... on ManagementAgreement { obligations status signedOn manager { name } } } }";

/// Ids of every event, participant, engagement and agreement.
async fn node_ids(app: &TestApp) -> Vec<Value> {
    let data = app
        .gql_ok(
            "{ events { nodes { id participants { id } } } centers { nodes { agreements { id } partnerEngagements { id } } } }",
            json!({}),
        )
        .await;
    let mut ids = Vec::new();
    for event in data["events"]["nodes"].as_array().unwrap() {
        ids.push(event["id"].clone());
        ids.extend(
            event["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].clone()),
        );
    }
    for center in data["centers"]["nodes"].as_array().unwrap() {
        for list in ["agreements", "partnerEngagements"] {
            ids.extend(
                center[list]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|row| row["id"].clone()),
            );
        }
    }
    assert!(ids.len() > 20, "{data}");
    ids
}

#[tokio::test]
async fn events_engagements_and_agreements_answer_as_the_resolvers_for_every_role() {
    let (on, off) = twin_apps(true).await;
    let world = world(&on).await;
    let callers = callers(&on, &off, &world).await;
    let page = on
        .gql_ok("{ events { edges { cursor } } }", json!({}))
        .await;
    let cursor = |i: usize| {
        page["events"]["edges"][i]["cursor"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let center = encode(NodeType::Center, world.center).0;
    let mut corpus = corpus(&cursor(0), &cursor(2), &center);
    for id in node_ids(&on).await {
        corpus.push((NODE.to_owned(), json!({ "id": id })));
    }
    let compared = compare_answers(&on, &off, &callers, &corpus).await;
    assert!(compared > 500, "{compared} comparisons");
}

/// The names of the guests of the second center's event, as `token` (or anonymous) reads them.
async fn guest_names(app: &TestApp, token: Option<&str>, center: &str) -> Value {
    let query = "query($center: ID!) { events(filter: { centerId: $center }) { nodes { participants { kind guestName guestRole } } } }";
    let variables = json!({ "center": center });
    let body = match token {
        Some(token) => app.gql_as(token, query, variables).await.1,
        None => app.gql(query, variables).await,
    };
    assert!(body["errors"].is_null(), "{body}");
    body["data"]["events"]["nodes"][0]["participants"].clone()
}

#[tokio::test]
async fn a_guests_name_is_read_by_admins_and_the_staff_of_the_events_center_only() {
    let (on, _off) = twin_apps(true).await;
    let world = world(&on).await;
    let center = encode(NodeType::Center, world.center).0;
    let names = json!(["Madame la trésorière", null, null, "Le délégué"]);
    let kinds = json!(["GUEST", "PARTNER", "ORGANIZATION", "GUEST"]);
    let staff = |center| Links {
        center: Some(center),
        ..Links::default()
    };
    let cases = [
        ("ADMIN", Some((Role::Admin, Links::default())), true),
        (
            "STAFF of the center",
            Some((Role::Staff, staff(world.center))),
            true,
        ),
        (
            "STAFF of another",
            Some((Role::Staff, staff(world.demo_center))),
            false,
        ),
        ("VIEWER", Some((Role::Viewer, Links::default())), false),
        ("anonymous", None, false),
    ];
    for (case, role, sees) in cases {
        let token = match role {
            Some((role, links)) => Some(on.token_for(role, links).await),
            None => None,
        };
        let (_, statements) = on
            .gql_counted("{ events { nodes { title } } }", json!({}))
            .await;
        assert_eq!(statements, 1, "planned");
        let participants = guest_names(&on, token.as_deref(), &center).await;
        let read: Vec<Value> = (0..4)
            .map(|i| participants[i]["guestName"].clone())
            .collect();
        let expected = if sees {
            names.as_array().unwrap().clone()
        } else {
            vec![Value::Null; 4]
        };
        assert_eq!(read, expected, "{case}: {participants}");
        let read: Vec<Value> = (0..4).map(|i| participants[i]["kind"].clone()).collect();
        assert_eq!(Value::from(read), kinds, "{case}: the kind stays public");
        assert_eq!(participants[0]["guestRole"], "trésorière", "{case}");
    }
}

#[tokio::test]
async fn the_example_runs_one_statement_per_root_field_and_follows_the_agreement() {
    let (on, _off) = twin_apps(true).await;
    let world = world(&on).await;
    let (data, statements) = on.gql_counted(EXAMPLE, json!({})).await;
    assert_eq!(statements, 3, "{data}");
    let center = &data["centers"]["nodes"][0];
    assert_eq!(
        center["managedBy"]["acronym"], center["managementAgreement"]["manager"]["acronym"],
        "{center}"
    );
    assert!(
        center["managementAgreement"]["obligations"]
            .as_array()
            .unwrap()
            .len()
            > 1
    );
    assert_eq!(
        data["events"]["totalCount"], 3,
        "the demo's two and the training"
    );
    // The second center: its ACTIVE agreement, not the abandoned one, makes `managedBy`.
    let query = "query($id: ID!) { node(id: $id) { ... on Center { managedBy { name } \
        managementAgreement { status obligations manager { name } } agreements { status } } } }";
    let id = json!({ "id": encode(NodeType::Center, world.center).0 });
    let (data, statements) = on.gql_counted(query, id).await;
    assert_eq!(statements, 1);
    assert_eq!(
        data["node"],
        json!({ "managedBy": { "name": "Fondation des rencontres" },
                "managementAgreement": { "status": "ACTIVE",
                    "obligations": ["Animer les formations", "Tenir les comptes"],
                    "manager": { "name": "Fondation des rencontres" } },
                "agreements": [{ "status": "ENDED" }, { "status": "ACTIVE" }] })
    );
    for id in node_ids(&on).await {
        let (data, statements) = on.gql_counted(NODE, json!({ "id": id })).await;
        assert_eq!(statements, 1, "{data}");
        assert_eq!(data["node"]["id"], id);
    }
    // A center with no agreement: null, and an empty list.
    let data = on
        .gql_ok(
            "{ centers(first: 100) { nodes { slug managedBy { name } managementAgreement { id } agreements { id } partnerEngagements { id } } } }",
            json!({}),
        )
        .await;
    let empty = data["centers"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|center| center["slug"] == "vide")
        .unwrap();
    assert_eq!(
        empty,
        &json!({ "slug": "vide", "managedBy": null, "managementAgreement": null,
                 "agreements": [], "partnerEngagements": [] })
    );
}

/// Five more events of the second center, each with its participants.
async fn more_events(on: &TestApp, world: &World) {
    let admin = on.token_for(Role::Admin, Links::default()).await;
    for n in 0..5 {
        let created = ok(
            on,
            &admin,
            "mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { code } } }",
            json!({ "centerId": encode(NodeType::Center, world.center).0, "title": format!("Atelier {n}"),
                    "kind": "WORKSHOP", "startsAt": format!("2004-05-0{}T09:00:00Z", n + 1),
                    "location": "Salle des fêtes" }),
        )
        .await;
        for who in [
            json!({ "partnerId": encode(NodeType::Partner, world.partner).0 }),
            json!({ "guest": { "name": format!("Invité {n}") } }),
        ] {
            let mut input = who;
            input["eventId"] = created["event"]["id"].clone();
            ok(
                on,
                &admin,
                "mutation($input: AddEventParticipantInput!) { addEventParticipant(input: $input) { userErrors { code } } }",
                input,
            )
            .await;
        }
    }
}

#[tokio::test]
async fn lists_of_events_run_one_statement_whatever_the_page_size_and_never_fall_back() {
    let (on, off) = twin_apps(true).await;
    let world = world(&on).await;
    more_events(&on, &world).await;
    let links = Links {
        center: Some(world.center),
        ..Links::default()
    };
    let (email, password) = on.user(Role::Staff, links).await;
    let staff = (
        on.login(&email, &password).await,
        off.login(&email, &password).await,
    );
    let lists = [
        "query($first: Int!) { events(first: $first) { totalCount nodes { title center { name } \
         participants { kind guestName attendance organization { name } partner { name } } } } }",
        "query($first: Int!) { centers { nodes { partnerEngagements { status partner { name } } \
         agreements { status manager { name } } events(first: $first) { totalCount edges { cursor node { title \
         participants { kind guestName } } } } } } }",
    ];
    let plans = planner_samples(&on, "cqs_planner_plans_total", "events").await;
    let centers = planner_samples(&on, "cqs_planner_plans_total", "centers").await;
    for query in lists {
        for first in [2, 6] {
            let variables = json!({ "first": first });
            let (data, statements) = on.gql_counted(query, variables.clone()).await;
            assert_eq!(statements, 1, "{first}: {data}");
            let (_, planned) = on.gql_as(&staff.0, query, variables.clone()).await;
            let (_, resolved) = off.gql_as(&staff.1, query, variables.clone()).await;
            assert_eq!(answer(planned), answer(resolved), "{query} {first}");
            let (_, resolving) = off.gql_counted(query, variables).await;
            println!("{first} events: 1 statement planned, {resolving} resolved");
        }
    }
    let (data, _) = on.gql_counted(lists[0], json!({ "first": 6 })).await;
    assert_eq!(data["events"]["nodes"].as_array().unwrap().len(), 6);
    assert!(planner_samples(&on, "cqs_planner_plans_total", "events").await >= plans + 5.0);
    assert!(planner_samples(&on, "cqs_planner_plans_total", "centers").await >= centers + 4.0);
    // The process's metrics are shared with the tests running beside this one, which may fall
    // back at the same time: one run of the list not accompanied by a fallback is enough.
    let mut fell_back = true;
    for _ in 0..5 {
        let fallbacks = planner_samples(&on, "cqs_planner_fallbacks_total", "events").await;
        on.gql_ok(lists[0], json!({ "first": 3 })).await;
        if planner_samples(&on, "cqs_planner_fallbacks_total", "events").await == fallbacks {
            fell_back = false;
            break;
        }
    }
    assert!(!fell_back, "the list of events fell back");
}
