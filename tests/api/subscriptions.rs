//! `/graphql/ws` at the protocol level: a write made over HTTP reaches the subscribers of both
//! protocols with the payload a query gives, filters are honoured, refused writes publish
//! nothing, personal data stays hidden from anonymous subscribers, a slow subscriber is told and
//! dropped, the request limits hold, and a stopping server closes its sockets with 1001.
//!
//! A subscriber that must hear nothing is checked with a barrier: a later write it does hear is
//! the first thing it receives (no timing assertion).

use cqs::config::Limits;
use cqs::graphql::id::{NodeType, encode};
use cqs::service::events::{ChangeEvent, ChangeKind, Entity};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{spawn_demo_app, spawn_demo_app_with_limits};
use crate::write_commitments::{commit, partner};
use crate::write_projects::{Actors, actors, create, new_project, transition};
use crate::ws::{BOTH, Frame, Protocol, Socket, wait_for_subscribers};

const PROJECTS: &str = "subscription P($center: ID, $project: ID) {
  projectChanged(centerId: $center, projectId: $project) {
    kind at project { id status title carrier { name contact { email } } }
  }
}";
const COMMITMENTS: &str = "subscription C($partner: ID, $project: ID) {
  commitmentChanged(partnerId: $partner, projectId: $project) {
    kind commitment { id status amount { amount } partner { acronym contact { email } } }
  }
}";
const PROJECT_QUERY: &str = "query Q($id: ID!) {
  node(id: $id) { ... on Project { id status title carrier { name contact { email } } } }
}";

async fn new_project_id(app: &crate::helpers::TestApp, a: &Actors) -> Value {
    let created = create(app, &a.staff, new_project(a, "100000.00")).await;
    assert!(created["project"]["id"].is_string(), "{created}");
    created["project"]["id"].clone()
}

fn id_of(payload: &Value, field: &str, object: &str) -> Value {
    assert!(payload.get("errors").is_none(), "{payload}");
    payload["data"][field][object]["id"].clone()
}

#[tokio::test]
async fn a_committed_write_reaches_subscribers_of_both_protocols_as_a_query_would_read_it() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = new_project_id(&app, &a).await;
    let mut sockets = Vec::new();
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, Some(&a.staff)).await;
        socket
            .subscribe("p", PROJECTS, json!({ "project": project }))
            .await;
        sockets.push(socket);
    }
    wait_for_subscribers(&app, 2).await;
    let moved = transition(&app, &a.staff, &project, "IN_PREPARATION").await;
    assert_eq!(moved["userErrors"], json!([]), "{moved}");
    let (_, read) = app
        .gql_as(&a.staff, PROJECT_QUERY, json!({ "id": project }))
        .await;
    for socket in &mut sockets {
        let payload = socket.payload("p").await;
        let change = &payload["data"]["projectChanged"];
        assert_eq!(
            change["kind"], "STATUS_CHANGED",
            "{:?}: {payload}",
            socket.protocol
        );
        assert_eq!(
            change["project"], read["data"]["node"],
            "{:?}",
            socket.protocol
        );
        assert_eq!(change["project"]["status"], "IN_PREPARATION");
        assert!(change["project"]["carrier"]["contact"]["email"].is_string());
        assert!(change["at"].is_string());
        // Written in the order asked, as `POST /graphql` writes it (not as fields complete).
        let keys = |object: &Value| {
            object
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(change), ["kind", "at", "project"]);
        assert_eq!(
            keys(&change["project"]),
            ["id", "status", "title", "carrier"]
        );
        assert_eq!(
            keys(&read["data"]["node"]),
            ["id", "status", "title", "carrier"]
        );
    }
}

#[tokio::test]
async fn each_subscription_hears_only_what_its_arguments_select() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let (first, second) = (
        new_project_id(&app, &a).await,
        new_project_id(&app, &a).await,
    );
    let center = json!(encode(
        NodeType::Center,
        app.scalar("SELECT MIN(id) FROM centers").await
    ));
    let rabat = app
        .scalar("SELECT id FROM centers WHERE slug = 'rabat'")
        .await;
    let (ads, texmo) = (partner(&app, "ADS").await, partner(&app, "TEXMO").await);
    let mut socket = Socket::connected(&app, Protocol::TransportWs, Some(&a.admin)).await;
    let subscriptions = [
        ("second", PROJECTS, json!({ "project": second })),
        ("center", PROJECTS, json!({ "center": center })),
        (
            "rabat",
            PROJECTS,
            json!({ "center": encode(NodeType::Center, rabat) }),
        ),
        ("texmo", COMMITMENTS, json!({ "partner": texmo })),
        ("to-second", COMMITMENTS, json!({ "project": second })),
    ];
    for (id, query, variables) in &subscriptions {
        socket.subscribe(id, query, variables.clone()).await;
    }
    wait_for_subscribers(&app, subscriptions.len()).await;

    transition(&app, &a.staff, &first, "IN_PREPARATION").await;
    transition(&app, &a.staff, &second, "IN_PREPARATION").await;
    let by_ads = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": first, "kind": "FINANCIAL", "amount": { "amount": "10.00" } })).await;
    let by_texmo = commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": second, "kind": "FINANCIAL", "amount": { "amount": "20.00" } })).await;
    let barrier = rabat_project(&app, &a, rabat).await;

    let mut heard: std::collections::HashMap<String, Vec<Value>> = Default::default();
    for _ in 0..6 {
        match socket.next().await {
            Frame::Json(message) => {
                assert_eq!(message["type"], "next", "{message}");
                let id = message["id"].as_str().unwrap().to_owned();
                let data = &message["payload"]["data"];
                let object = if data["projectChanged"].is_object() {
                    data["projectChanged"]["project"]["id"].clone()
                } else {
                    data["commitmentChanged"]["commitment"]["id"].clone()
                };
                heard.entry(id).or_default().push(object);
            }
            other => panic!("the socket stays open: {other:?}"),
        }
    }
    let texmo_commitment = by_texmo["commitment"]["id"].clone();
    assert_eq!(
        heard["second"],
        std::slice::from_ref(&second),
        "only its project"
    );
    assert_eq!(
        heard["center"],
        [first, second],
        "its center's projects, in order"
    );
    assert_eq!(
        heard["texmo"],
        std::slice::from_ref(&texmo_commitment),
        "only its partner: {by_ads}"
    );
    assert_eq!(heard["to-second"], [texmo_commitment], "only its project");
    assert_eq!(heard["rabat"], [barrier], "another center's project only");
}

/// A project of a second center, created by an admin: the barrier of the center filter.
async fn rabat_project(app: &crate::helpers::TestApp, a: &Actors, rabat: i64) -> Value {
    let carrier = fixtures::association(&app.db, rabat, Some("RAB-1"))
        .await
        .unwrap()
        .id;
    let input = json!({
        "carrierId": encode(NodeType::Organization, carrier), "title": "Coopérative de Rabat",
        "sector": "INCOME_GENERATION", "totalCost": { "amount": "1000.00" }, "ownContribution": { "amount": "0" }
    });
    let created = create(app, &a.admin, input).await;
    assert!(created["project"]["id"].is_string(), "{created}");
    created["project"]["id"].clone()
}

#[tokio::test]
async fn a_refused_write_publishes_nothing_to_subscribers() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let texmo = partner(&app, "TEXMO").await;
    for protocol in BOTH {
        let project = new_project_id(&app, &a).await;
        let mut socket = Socket::connected(&app, protocol, Some(&a.staff)).await;
        socket
            .subscribe("c", COMMITMENTS, json!({ "project": project }))
            .await;
        socket
            .subscribe("p", PROJECTS, json!({ "project": project }))
            .await;
        wait_for_subscribers(&app, 2).await;

        let overfunded = commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100000.01" } })).await;
        assert_eq!(overfunded["userErrors"][0]["code"], "OVERFUNDED");
        let skipped = transition(&app, &a.staff, &project, "COMPLETED").await;
        assert_eq!(
            skipped["userErrors"][0]["code"], "INVALID_TRANSITION",
            "{skipped}"
        );
        let kept = commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "1.00" } })).await;
        assert_eq!(
            id_of(
                &socket.payload("c").await,
                "commitmentChanged",
                "commitment"
            ),
            kept["commitment"]["id"],
            "{protocol:?}: the first change heard is the committed one"
        );
        transition(&app, &a.staff, &project, "CANCELLED").await;
        let cancelled = socket.payload("p").await;
        assert_eq!(
            cancelled["data"]["projectChanged"]["project"]["status"], "CANCELLED",
            "{protocol:?}: the refused transition was not heard: {cancelled}"
        );
        drop(socket);
        wait_until_quiet(&app).await;
    }
}

/// Waits until no subscription listens any more (the server noticed the closed sockets).
async fn wait_until_quiet(app: &crate::helpers::TestApp) {
    tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while app.changes.subscribers() > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the closed socket's subscriptions end");
}

#[tokio::test]
async fn an_anonymous_subscriber_gets_the_public_fields_and_never_personal_data() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = new_project_id(&app, &a).await;
    let mut anonymous = Socket::connected(&app, Protocol::TransportWs, None).await;
    let mut staff = Socket::connected(&app, Protocol::Legacy, Some(&a.staff)).await;
    for socket in [&mut anonymous, &mut staff] {
        socket
            .subscribe("p", PROJECTS, json!({ "project": project }))
            .await;
    }
    wait_for_subscribers(&app, 2).await;
    transition(&app, &a.staff, &project, "IN_PREPARATION").await;
    let seen = anonymous.payload("p").await;
    let carrier = &seen["data"]["projectChanged"]["project"]["carrier"];
    assert!(
        carrier["name"].is_string(),
        "public fields are sent: {seen}"
    );
    assert_eq!(
        carrier["contact"],
        Value::Null,
        "no contact for anonymous: {seen}"
    );
    let read = app.gql(PROJECT_QUERY, json!({ "id": project })).await;
    assert_eq!(
        seen["data"]["projectChanged"]["project"],
        read["data"]["node"]
    );
    let allowed = staff.payload("p").await;
    assert!(
        allowed["data"]["projectChanged"]["project"]["carrier"]["contact"]["email"].is_string(),
        "the center's staff reads it: {allowed}"
    );
}

#[tokio::test]
async fn a_subscriber_that_falls_behind_is_told_and_its_subscription_ends() {
    let app = spawn_demo_app().await;
    let project = app.scalar("SELECT MIN(id) FROM projects").await;
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, None).await;
        socket.subscribe("p", PROJECTS, json!({})).await;
        wait_for_subscribers(&app, 1).await;
        // The test's runtime has one thread: the subscriber cannot run while these are published,
        // so it falls past the bus's bounded buffer; the publisher is never held up.
        // (Delivered straight to this instance's subscribers: on PostgreSQL, `publish` leaves
        // delivery to the database's notifications.)
        for _ in 0..5_000 {
            app.events.deliver(ChangeEvent {
                kind: ChangeKind::Updated,
                entity: Entity::Project,
                id: project,
                at: chrono::Utc::now(),
                scope: None,
            });
        }
        // Changes the reading stage still held from an earlier flood (the previous protocol's)
        // may come first, as heard changes; then the subscriber is told it fell behind.
        let told = loop {
            let payload = socket.payload("p").await;
            if payload.get("errors").is_some() {
                break payload;
            }
            assert_eq!(
                payload["data"]["projectChanged"]["kind"], "UPDATED",
                "{protocol:?}: {payload}"
            );
        };
        let message = told["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("fell behind"), "{protocol:?}: {told}");
        assert_eq!(told["errors"][0]["extensions"]["code"], "SLOW_SUBSCRIBER");
        socket.completed("p").await;
        wait_until_quiet(&app).await;
    }
}

#[tokio::test]
async fn the_request_limits_hold_for_subscription_documents() {
    let app = spawn_demo_app_with_limits(Limits {
        max_depth: 2,
        ..Limits::default()
    })
    .await;
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, None).await;
        socket
            .subscribe(
                "deep",
                "subscription { projectChanged { project { carrier { center { name } } } } }",
                json!({}),
            )
            .await;
        let refused = socket.payload("deep").await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP",
            "{protocol:?}: {refused}"
        );
        assert_eq!(
            refused.get("data").cloned().unwrap_or(Value::Null),
            Value::Null,
            "{refused}"
        );
        socket.completed("deep").await;
    }
    assert_eq!(
        app.changes.subscribers(),
        0,
        "nothing listens for a refused document"
    );
}

#[tokio::test]
async fn a_socket_runs_subscriptions_only() {
    let app = spawn_demo_app().await;
    let mut socket = Socket::connected(&app, Protocol::TransportWs, None).await;
    socket
        .subscribe("q", "{ projects(first: 1) { totalCount } }", json!({}))
        .await;
    let refused = socket.payload("q").await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "BAD_REQUEST",
        "{refused}"
    );
    socket.completed("q").await;
}

#[tokio::test]
async fn a_stopping_server_closes_its_sockets_with_going_away() {
    let mut app = spawn_demo_app().await;
    let mut sockets = Vec::new();
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, None).await;
        socket.subscribe("p", PROJECTS, json!({})).await;
        sockets.push(socket);
    }
    wait_for_subscribers(&app, 2).await;
    app.stop();
    for socket in &mut sockets {
        let (code, _, _) = socket.close_code().await;
        assert_eq!(code, 1001, "{:?}", socket.protocol);
    }
}

#[tokio::test]
async fn an_argument_naming_another_type_of_object_is_refused() {
    let app = spawn_demo_app().await;
    let partner = encode(
        NodeType::Partner,
        app.scalar("SELECT MIN(id) FROM partners").await,
    );
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, None).await;
        socket
            .subscribe("p", PROJECTS, json!({ "project": partner }))
            .await;
        let refused = socket.payload("p").await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{protocol:?}: {refused}"
        );
        socket.completed("p").await;
    }
}

/// Retitles `project` as STAFF, through the primary.
async fn retitle(app: &crate::helpers::TestApp, a: &Actors, project: &Value, title: &str) {
    let (_, retitled) = app
        .gql_as(
            &a.staff,
            "mutation($id: ID!, $title: String!) { updateProject(input: { id: $id, title: $title }) { userErrors { code } } }",
            json!({ "id": project, "title": title }),
        )
        .await;
    assert_eq!(
        retitled["data"]["updateProject"]["userErrors"],
        json!([]),
        "{retitled}"
    );
}

#[tokio::test]
async fn a_change_is_read_back_once_for_all_the_subscribers_of_an_instance() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = new_project_id(&app, &a).await;
    let titles =
        "subscription($project: ID) { projectChanged(projectId: $project) { project { title } } }";
    let mut sockets = Vec::new();
    let mut statements_heard_by = Vec::new();
    for (round, subscribers) in [1, 6].into_iter().enumerate() {
        while sockets.len() < subscribers {
            let mut socket = Socket::connected(&app, Protocol::TransportWs, None).await;
            socket
                .subscribe("t", titles, json!({ "project": project }))
                .await;
            sockets.push(socket);
        }
        wait_for_subscribers(&app, subscribers).await;
        let before = app.statements.get();
        let title = format!("Titre {round}");
        retitle(&app, &a, &project, &title).await;
        for socket in &mut sockets {
            let heard = socket.payload("t").await;
            assert_eq!(heard["data"]["projectChanged"]["project"]["title"], title);
        }
        statements_heard_by.push(app.statements.get() - before);
    }
    assert_eq!(
        statements_heard_by[0], statements_heard_by[1],
        "the same write costs the same statements heard by 1 or by 6 subscribers"
    );
}
