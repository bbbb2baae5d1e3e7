//! Correcting the center's work: a participant taken off an event's list, a measurement
//! corrected or removed (its own tests in `corrections_measurements`), a session recorded twice
//! removed — each by whoever may write it, guarded by its version, audited, its parent one
//! version on, its figures following, and heard by the subscribers of the event, the indicator
//! or the session.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{
    Callers, assert_matrix, assert_refused, audit_rows, callers, count, outcome,
};
use crate::ws::{Protocol, Socket, wait_for_subscribers};

const REMOVE_PARTICIPANT: &str = "mutation R($input: RemoveEventParticipantInput!) {
  removeEventParticipant(input: $input) {
    event { version updatedAt participants { guestName } }
    removedParticipantId
    userErrors { code field message }
  }
}";
pub const CORRECT: &str = "mutation U($input: UpdateIndicatorMeasurementInput!) {
  updateIndicatorMeasurement(input: $input) {
    indicator { latest progress version }
    measurement { id measuredOn value note version }
    userErrors { code field message }
  }
}";
pub const REMOVE_MEASUREMENT: &str = "mutation R($input: RemoveIndicatorMeasurementInput!) {
  removeIndicatorMeasurement(input: $input) {
    indicator { latest progress version measurements { value } }
    removedMeasurementId
    userErrors { code field message }
  }
}";
const REMOVE_SESSION: &str = "mutation R($input: RemoveSupportSessionInput!) {
  removeSupportSession(input: $input) { removedSupportSessionId userErrors { code field message } }
}";

pub fn id(node_type: NodeType, row: i64) -> Value {
    json!(encode(node_type, row))
}

/// Runs `query` with `input` as `token`; the mutation's answer (no GraphQL error allowed).
pub async fn write(app: &TestApp, token: &str, query: &str, input: Value, mutation: &str) -> Value {
    let (_, body) = app.gql_as(token, query, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"][mutation].clone()
}

/// Runs `query` with `input` as `token`: the whole answer.
pub async fn answer(app: &TestApp, token: &str, query: &str, input: Value) -> Value {
    app.gql_as(token, query, json!({ "input": input })).await.1
}

/// A new row's id from `mutation`'s `object`, which must have been written.
pub async fn created(
    app: &TestApp,
    token: &str,
    query: &str,
    input: Value,
    path: [&str; 2],
) -> String {
    let answer = write(app, token, query, input, path[0]).await;
    assert_eq!(answer["userErrors"], json!([]), "{answer}");
    answer[path[1]]["id"].as_str().unwrap().to_owned()
}

/// An event of the callers' center that has already taken place.
async fn event(app: &TestApp, who: &Callers) -> String {
    let query = "mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { code } } }";
    let input = json!({ "centerId": id(NodeType::Center, who.center), "title": "Réunion d'information",
                        "kind": "INFORMATION_MEETING", "startsAt": "2003-07-05T10:00:00Z" });
    created(app, &who.staff, query, input, ["createEvent", "event"]).await
}

/// A guest on the event's list; the participant's id.
async fn guest(app: &TestApp, who: &Callers, event: &str, name: &str) -> String {
    let query = "mutation($input: AddEventParticipantInput!) { addEventParticipant(input: $input) { participant { id } userErrors { code } } }";
    let input = json!({ "eventId": event, "guest": { "name": name }, "attendance": "ATTENDED" });
    let path = ["addEventParticipant", "participant"];
    created(app, &who.staff, query, input, path).await
}

/// A MANUAL indicator of the callers' center, from 10 to 20.
pub async fn indicator(app: &TestApp, who: &Callers) -> String {
    let query = "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { indicator { id } userErrors { code } } }";
    let input = json!({ "centerId": id(NodeType::Center, who.center), "name": "Associations du réseau",
                        "unit": "associations", "baseline": "10", "target": "20" });
    created(
        app,
        &who.staff,
        query,
        input,
        ["createIndicator", "indicator"],
    )
    .await
}

/// A measurement of the indicator; the measurement's id.
pub async fn measure(
    app: &TestApp,
    who: &Callers,
    indicator: &str,
    day: &str,
    value: &str,
) -> String {
    let query = "mutation($input: RecordIndicatorMeasurementInput!) { recordIndicatorMeasurement(input: $input) { measurement { id } userErrors { code } } }";
    let input = json!({ "indicatorId": indicator, "measuredOn": day, "value": value });
    let path = ["recordIndicatorMeasurement", "measurement"];
    created(app, &who.staff, query, input, path).await
}

/// A session with the callers' organization facilitated by `partner`; the session's id.
async fn session(app: &TestApp, who: &Callers, partner: i64) -> String {
    let query = "mutation($input: CreateSupportSessionInput!) { createSupportSession(input: $input) { supportSession { id } userErrors { code } } }";
    let input = json!({ "organizationId": id(NodeType::Organization, who.organization),
                        "kind": "TRAINING", "heldOn": "2003-10-01", "durationMinutes": 120,
                        "participantsCount": 5, "facilitatingPartnerId": id(NodeType::Partner, partner) });
    let path = ["createSupportSession", "supportSession"];
    created(app, &who.staff, query, input, path).await
}

#[tokio::test]
async fn a_participant_entered_by_mistake_is_taken_off_the_list_and_the_event_moves_on() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let event = event(&app, &who).await;
    guest(&app, &who, &event, "Le gouverneur").await;
    let mistake = guest(&app, &who, &event, "Un nom mal saisi").await;
    let query = "query($id: ID!) { node(id: $id) { ... on Event { version updatedAt } } }";
    let before = app.gql_ok(query, json!({ "id": event })).await["node"].clone();

    let input = json!({ "id": mistake, "expectedVersion": 1 });
    let removed = write(
        &app,
        &who.staff,
        REMOVE_PARTICIPANT,
        input.clone(),
        "removeEventParticipant",
    )
    .await;
    assert_eq!(removed["userErrors"], json!([]), "{removed}");
    assert_eq!(removed["removedParticipantId"], json!(mistake));
    assert_eq!(
        removed["event"]["participants"],
        json!([{ "guestName": "Le gouverneur" }]),
        "the list without the mistake: {removed}"
    );
    assert_eq!(
        removed["event"]["version"],
        before["version"].as_i64().unwrap() + 1
    );
    assert!(
        removed["event"]["updatedAt"].as_str() > before["updatedAt"].as_str(),
        "{removed}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM event_participants").await,
        1
    );
    assert_eq!(audit_rows(&app, "remove_event_participant").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'EventParticipant' AND action = 'remove_event_participant'").await,
        1
    );

    let again = answer(&app, &who.staff, REMOVE_PARTICIPANT, input).await;
    assert_refused(
        &again,
        "removeEventParticipant",
        "event",
        "NOT_FOUND",
        &["input", "id"],
    );
    guest(&app, &who, &event, "Un nom mal saisi").await;
}

#[tokio::test]
async fn a_participant_changed_meanwhile_is_not_removed() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let event = event(&app, &who).await;
    let participant = guest(&app, &who, &event, "Le gouverneur").await;
    let attend = "mutation($input: UpdateEventParticipantInput!) { updateEventParticipant(input: $input) { userErrors { code } } }";
    let absent = json!({ "id": participant, "attendance": "ABSENT" });
    write(&app, &who.staff, attend, absent, "updateEventParticipant").await;

    let stale = json!({ "id": participant, "expectedVersion": 1 });
    let refused = answer(&app, &who.staff, REMOVE_PARTICIPANT, stale).await;
    assert_refused(
        &refused,
        "removeEventParticipant",
        "event",
        "VERSION_CONFLICT",
        &["input", "expectedVersion"],
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM event_participants").await,
        1
    );
    assert_eq!(audit_rows(&app, "remove_event_participant").await, 0);
}

#[tokio::test]
async fn only_who_may_add_a_participant_may_remove_one() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let event = event(&app, &who).await;
    let mut participants = std::collections::HashMap::new();
    for (name, _) in who.all() {
        participants.insert(
            name,
            guest(&app, &who, &event, &format!("Invité ({name})")).await,
        );
    }
    assert_matrix(
        &app,
        &who,
        ("removeEventParticipant", "event"),
        &[
            ("admin", "ok"),
            ("staff of the center", "ok"),
            ("staff of another center", "FORBIDDEN"),
            ("partner account", "FORBIDDEN"),
            ("organization account", "FORBIDDEN"),
            ("viewer", "FORBIDDEN"),
            ("anonymous", "UNAUTHENTICATED"),
        ],
        |name| {
            let input = json!({ "id": participants[name] });
            (REMOVE_PARTICIPANT.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM event_participants").await,
        5
    );
}

#[tokio::test]
async fn a_session_recorded_twice_is_removed_and_the_figures_no_longer_count_it() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let query = "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { indicator { id } userErrors { code } } }";
    let input = json!({ "centerId": id(NodeType::Center, who.center), "name": "Séances tenues",
                        "unit": "séances", "source": "SESSIONS_HELD" });
    let computed = created(
        &app,
        &who.staff,
        query,
        input,
        ["createIndicator", "indicator"],
    )
    .await;
    session(&app, &who, who.partner).await;
    let twice = session(&app, &who, who.partner).await;
    let (figures, latest) = sessions_counted(&app, &who, &computed).await;
    assert_eq!(
        (figures, latest),
        (json!({ "sessions": 2, "participants": 10 }), json!("2"))
    );

    let stale = json!({ "id": twice, "expectedVersion": 2 });
    let refused = answer(&app, &who.staff, REMOVE_SESSION, stale).await;
    assert_refused(
        &refused,
        "removeSupportSession",
        "removedSupportSessionId",
        "VERSION_CONFLICT",
        &["input", "expectedVersion"],
    );

    let input = json!({ "id": twice, "expectedVersion": 1 });
    let removed = write(
        &app,
        &who.staff,
        REMOVE_SESSION,
        input.clone(),
        "removeSupportSession",
    )
    .await;
    assert_eq!(
        removed,
        json!({ "removedSupportSessionId": twice, "userErrors": [] })
    );
    let (figures, latest) = sessions_counted(&app, &who, &computed).await;
    assert_eq!(
        (figures, latest),
        (json!({ "sessions": 1, "participants": 5 }), json!("1"))
    );
    let node = app
        .gql_ok(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": twice }),
        )
        .await;
    assert_eq!(node["node"], Value::Null);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'SupportSession' AND action = 'remove_support_session' AND actor_user_id IS NOT NULL").await,
        1
    );

    let again = answer(&app, &who.staff, REMOVE_SESSION, input).await;
    assert_refused(
        &again,
        "removeSupportSession",
        "removedSupportSessionId",
        "NOT_FOUND",
        &["input", "id"],
    );
}

#[tokio::test]
async fn whoever_may_correct_a_session_may_remove_it_and_no_one_else() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let mut sessions = std::collections::HashMap::new();
    for (name, _) in who.all() {
        sessions.insert(name, session(&app, &who, who.partner).await);
    }
    assert_matrix(
        &app,
        &who,
        ("removeSupportSession", "removedSupportSessionId"),
        &[
            ("admin", "ok"),
            ("staff of the center", "ok"),
            ("staff of another center", "FORBIDDEN"),
            ("partner account", "ok"),
            ("organization account", "FORBIDDEN"),
            ("viewer", "FORBIDDEN"),
            ("anonymous", "UNAUTHENTICATED"),
        ],
        |name| {
            let input = json!({ "id": sessions[name] });
            (REMOVE_SESSION.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    let other = fixtures::partner(&app.db, "Textiles de Mohammédia")
        .await
        .unwrap();
    let not_theirs = session(&app, &who, other.id).await;
    let (_, body) = app
        .gql_as(
            &who.partner_account,
            REMOVE_SESSION,
            json!({ "input": { "id": not_theirs } }),
        )
        .await;
    assert_eq!(
        outcome(&body, "removeSupportSession", "removedSupportSessionId"),
        "FORBIDDEN",
        "a partner not facilitating the session: {body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM support_sessions").await,
        5
    );
    assert_eq!(audit_rows(&app, "remove_support_session").await, 3);
}

#[tokio::test]
async fn removals_and_corrections_are_heard_by_the_subscribers_of_the_event_indicator_and_session()
{
    let app = spawn_app().await;
    let who = callers(&app).await;
    let event = event(&app, &who).await;
    let participant = guest(&app, &who, &event, "Un nom mal saisi").await;
    let indicator = indicator(&app, &who).await;
    measure(&app, &who, &indicator, "2004-01-31", "12").await;
    let wrong = measure(&app, &who, &indicator, "2004-06-30", "300").await;
    let twice = session(&app, &who, who.partner).await;
    let elsewhere = fixtures::association(&app.db, who.other_center, Some("RAB-ASSO-1"))
        .await
        .unwrap()
        .id;

    let mut socket = Socket::connected(&app, Protocol::TransportWs, Some(&who.admin)).await;
    let center = json!({ "centerId": id(NodeType::Center, who.center) });
    let events = "subscription($centerId: ID) { eventChanged(centerId: $centerId) { kind event { version participants { guestName } } } }";
    let indicators = "subscription($centerId: ID) { indicatorChanged(centerId: $centerId) { kind indicator { latest } } }";
    let sessions = "subscription($centerId: ID) { supportSessionChanged(centerId: $centerId) { kind supportSessionId supportSession { id } } }";
    socket.subscribe("events", events, center.clone()).await;
    socket
        .subscribe("indicators", indicators, center.clone())
        .await;
    socket.subscribe("sessions", sessions, center).await;
    let other_center = json!({ "centerId": id(NodeType::Center, who.other_center) });
    socket.subscribe("elsewhere", sessions, other_center).await;
    wait_for_subscribers(&app, 4).await;

    let input = json!({ "id": participant });
    write(
        &app,
        &who.admin,
        REMOVE_PARTICIPANT,
        input,
        "removeEventParticipant",
    )
    .await;
    let heard = socket.payload("events").await;
    assert_eq!(
        heard["data"]["eventChanged"],
        json!({ "kind": "UPDATED", "event": { "version": 3, "participants": [] } }),
        "a participant removed is a change of its event: {heard}"
    );

    let input = json!({ "id": wrong, "value": "15" });
    write(
        &app,
        &who.admin,
        CORRECT,
        input,
        "updateIndicatorMeasurement",
    )
    .await;
    let heard = socket.payload("indicators").await;
    assert_eq!(
        heard["data"]["indicatorChanged"],
        json!({ "kind": "UPDATED", "indicator": { "latest": "15" } }),
        "{heard}"
    );
    let input = json!({ "id": wrong });
    write(
        &app,
        &who.admin,
        REMOVE_MEASUREMENT,
        input,
        "removeIndicatorMeasurement",
    )
    .await;
    let heard = socket.payload("indicators").await;
    assert_eq!(
        heard["data"]["indicatorChanged"],
        json!({ "kind": "UPDATED", "indicator": { "latest": "12" } }),
        "{heard}"
    );

    let input = json!({ "id": twice });
    write(
        &app,
        &who.admin,
        REMOVE_SESSION,
        input,
        "removeSupportSession",
    )
    .await;
    let query = "mutation($input: CreateSupportSessionInput!) { createSupportSession(input: $input) { supportSession { id } userErrors { code } } }";
    let input = json!({ "organizationId": id(NodeType::Organization, elsewhere), "heldOn": "2003-11-01", "kind": "LEGAL", "durationMinutes": 60, "facilitatingPartnerId": id(NodeType::Partner, who.partner) });
    let other = created(
        &app,
        &who.admin,
        query,
        input,
        ["createSupportSession", "supportSession"],
    )
    .await;
    let heard = socket.payload("sessions").await;
    assert_eq!(
        heard["data"]["supportSessionChanged"],
        json!({ "kind": "REMOVED", "supportSessionId": twice, "supportSession": null }),
        "{heard}"
    );
    let heard = socket.payload("elsewhere").await;
    assert_eq!(
        heard["data"]["supportSessionChanged"],
        json!({ "kind": "CREATED", "supportSessionId": other, "supportSession": { "id": other } }),
        "a removal in another center is not heard there: {heard}"
    );
}

/// The center's sessions held, as `stats` and a SESSIONS_HELD indicator count them.
async fn sessions_counted(app: &TestApp, who: &Callers, computed: &str) -> (Value, Value) {
    let query = "query($filter: StatsFilter, $id: ID!) {
      stats(filter: $filter) { supportSessions { sessions participants } }
      node(id: $id) { ... on Indicator { latest } } }";
    let variables =
        json!({ "filter": { "centerId": id(NodeType::Center, who.center) }, "id": computed });
    let data = app.gql_ok(query, variables).await;
    (
        data["stats"]["supportSessions"].clone(),
        data["node"]["latest"].clone(),
    )
}
