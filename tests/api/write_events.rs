//! Writing events and their participants: the attendance rule, no duplicate participant, a
//! guest's name, roles, idempotency, versions and the audit trail; and the quantity and unit of
//! an in-kind commitment.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{Callers, assert_matrix, assert_refused, audit_rows, callers, count};

const CREATE: &str = "mutation C($input: CreateEventInput!) {
  createEvent(input: $input) {
    event { id title kind startsAt endsAt version participants { id } }
    userErrors { code field message }
  }
}";

const UPDATE: &str = "mutation U($input: UpdateEventInput!) {
  updateEvent(input: $input) {
    event { id title startsAt version updatedAt }
    userErrors { code field message }
  }
}";

const ADD: &str = "mutation A($input: AddEventParticipantInput!) {
  addEventParticipant(input: $input) {
    participant { id kind attendance guestName guestRole version partner { name }
                  organization { id } event { version } }
    userErrors { code field message }
  }
}";

const ATTEND: &str = "mutation P($input: UpdateEventParticipantInput!) {
  updateEventParticipant(input: $input) {
    participant { id attendance version }
    userErrors { code field message }
  }
}";

fn event(center: i64, starts_at: &str) -> Value {
    json!({ "centerId": encode(NodeType::Center, center), "title": "Dîner-débat",
            "kind": "DINNER_DEBATE", "startsAt": starts_at })
}

const PAST: &str = "2003-07-09T20:00:00Z";
const FUTURE: &str = "2099-07-09T20:00:00Z";

async fn create_event(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, CREATE, json!({ "input": input })).await;
    body["data"]["createEvent"]["event"].clone()
}

async fn add(app: &TestApp, token: &str, input: Value) -> Value {
    app.gql_as(token, ADD, json!({ "input": input })).await.1
}

#[tokio::test]
async fn a_staff_member_creates_an_event_of_their_center_once_per_idempotency_key() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let mut input = event(who.center, PAST);
    input["endsAt"] = json!("2003-07-09T23:00:00Z");
    input["idempotencyKey"] = json!("diner-2003");
    let first = create_event(&app, &who.staff, input.clone()).await;
    assert_eq!(first["kind"], "DINNER_DEBATE", "{first}");
    assert_eq!(first["startsAt"], PAST);
    assert_eq!(first["version"], 1);
    let again = create_event(&app, &who.staff, input).await;
    assert_eq!(again["id"], first["id"], "the first result, again");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, 1);
    assert_eq!(audit_rows(&app, "create_event").await, 1);
}

#[tokio::test]
async fn an_event_without_title_or_ending_before_it_starts_is_refused_and_nothing_is_written() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let cases = [
        (
            "blank title",
            json!({ "title": "  " }),
            "REQUIRED",
            vec!["input", "title"],
        ),
        (
            "end before start",
            json!({ "endsAt": "2003-07-09T19:00:00Z" }),
            "OUT_OF_RANGE",
            vec!["input", "endsAt"],
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = event(who.center, PAST);
        for (key, value) in change.as_object().unwrap() {
            input[key] = value.clone();
        }
        let (_, body) = app
            .gql_as(&who.admin, CREATE, json!({ "input": input }))
            .await;
        let errors = &body["data"]["createEvent"]["userErrors"];
        assert_eq!(errors[0]["code"], code, "{case}: {body}");
        assert_eq!(errors[0]["field"], json!(field), "{case}: {body}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, 0);
}

#[tokio::test]
async fn only_admins_and_the_centers_staff_write_events() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    assert_matrix(&app, &who, ("createEvent", "event"), &expected, |_| {
        (
            CREATE.to_owned(),
            json!({ "input": event(who.center, PAST) }),
        )
    })
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, 2);
}

#[tokio::test]
async fn attendance_is_recorded_only_once_the_event_has_started() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let future = create_event(&app, &who.staff, event(who.center, FUTURE)).await;
    let partner = encode(NodeType::Partner, who.partner);
    let refused = add(
        &app,
        &who.staff,
        json!({ "eventId": future["id"], "partnerId": partner, "attendance": "ATTENDED" }),
    )
    .await;
    assert_refused(
        &refused,
        "addEventParticipant",
        "participant",
        "EVENT_NOT_STARTED",
        &["input", "attendance"],
    );
    let invited = add(
        &app,
        &who.staff,
        json!({ "eventId": future["id"], "partnerId": partner }),
    )
    .await;
    let participant = &invited["data"]["addEventParticipant"]["participant"];
    assert_eq!(participant["attendance"], "INVITED", "{invited}");
    let (_, absent) = app
        .gql_as(
            &who.staff,
            ATTEND,
            json!({ "input": { "id": participant["id"], "attendance": "ABSENT" } }),
        )
        .await;
    assert_refused(
        &absent,
        "updateEventParticipant",
        "participant",
        "EVENT_NOT_STARTED",
        &["input", "attendance"],
    );

    let past = create_event(&app, &who.staff, event(who.center, PAST)).await;
    let came = add(
        &app,
        &who.staff,
        json!({ "eventId": past["id"], "partnerId": partner, "attendance": "REGISTERED" }),
    )
    .await;
    let came = &came["data"]["addEventParticipant"]["participant"];
    let (_, attended) = app
        .gql_as(
            &who.staff,
            ATTEND,
            json!({ "input": { "id": came["id"], "attendance": "ATTENDED", "expectedVersion": 1 } }),
        )
        .await;
    let attended = &attended["data"]["updateEventParticipant"]["participant"];
    assert_eq!(attended["attendance"], "ATTENDED", "{attended}");
    assert_eq!(attended["version"], 2);
}

#[tokio::test]
async fn an_event_with_recorded_attendance_cannot_be_moved_into_the_future() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let past = create_event(&app, &who.staff, event(who.center, PAST)).await;
    let partner = encode(NodeType::Partner, who.partner);
    add(
        &app,
        &who.staff,
        json!({ "eventId": past["id"], "partnerId": partner, "attendance": "ATTENDED" }),
    )
    .await;
    let (_, moved) = app
        .gql_as(
            &who.staff,
            UPDATE,
            json!({ "input": { "id": past["id"], "startsAt": FUTURE } }),
        )
        .await;
    assert_refused(
        &moved,
        "updateEvent",
        "event",
        "EVENT_NOT_STARTED",
        &["input", "startsAt"],
    );
}

#[tokio::test]
async fn a_participant_appears_once_and_a_guest_has_a_name() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let past = create_event(&app, &who.staff, event(who.center, PAST)).await;
    let organization = encode(NodeType::Organization, who.organization);
    let partner = encode(NodeType::Partner, who.partner);
    let guest = json!({ "name": "Le gouverneur de Mohammédia", "role": "gouverneur", "partnerId": partner });
    for input in [
        json!({ "eventId": past["id"], "organizationId": organization }),
        json!({ "eventId": past["id"], "partnerId": partner }),
        json!({ "eventId": past["id"], "guest": guest }),
    ] {
        let body = add(&app, &who.staff, input).await;
        assert!(
            body["data"]["addEventParticipant"]["participant"].is_object(),
            "{body}"
        );
    }
    let twins = [
        (
            "the organization again",
            json!({ "eventId": past["id"], "organizationId": organization }),
        ),
        (
            "the partner again",
            json!({ "eventId": past["id"], "partnerId": partner }),
        ),
        (
            "the guest, another case and no accent",
            json!({ "eventId": past["id"], "guest": { "name": "le gouverneur de mohammedia" } }),
        ),
    ];
    for (case, input) in twins {
        let body = add(&app, &who.staff, input).await;
        let errors = &body["data"]["addEventParticipant"]["userErrors"];
        assert_eq!(errors[0]["code"], "DUPLICATE", "{case}: {body}");
    }
    let nameless = add(
        &app,
        &who.staff,
        json!({ "eventId": past["id"], "guest": { "name": " " } }),
    )
    .await;
    assert_refused(
        &nameless,
        "addEventParticipant",
        "participant",
        "REQUIRED",
        &["input", "guest", "name"],
    );
    let both = add(
        &app,
        &who.staff,
        json!({ "eventId": past["id"], "partnerId": partner, "organizationId": organization }),
    )
    .await;
    assert_eq!(
        both["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{both}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM event_participants").await,
        3
    );
}

#[tokio::test]
async fn adding_a_participant_moves_the_events_version_and_a_stale_version_is_refused() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let past = create_event(&app, &who.staff, event(who.center, PAST)).await;
    let partner = encode(NodeType::Partner, who.partner);
    let body = add(
        &app,
        &who.staff,
        json!({ "eventId": past["id"], "partnerId": partner }),
    )
    .await;
    assert_eq!(
        body["data"]["addEventParticipant"]["participant"]["event"]["version"], 2,
        "{body}"
    );
    let (_, stale) = app
        .gql_as(
            &who.staff,
            UPDATE,
            json!({ "input": { "id": past["id"], "title": "X", "expectedVersion": 1 } }),
        )
        .await;
    assert_refused(
        &stale,
        "updateEvent",
        "event",
        "VERSION_CONFLICT",
        &["input", "expectedVersion"],
    );
    let (_, fresh) = app
        .gql_as(
            &who.staff,
            UPDATE,
            json!({ "input": { "id": past["id"], "title": "Dîner", "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(
        fresh["data"]["updateEvent"]["event"]["version"], 3,
        "{fresh}"
    );
    assert_eq!(audit_rows(&app, "update_event").await, 1);
    assert_eq!(audit_rows(&app, "add_event_participant").await, 1);
}

#[tokio::test]
async fn staff_of_another_center_cannot_add_participants() {
    let app = spawn_app().await;
    let who: Callers = callers(&app).await;
    let past = create_event(&app, &who.staff, event(who.center, PAST)).await;
    let partner = encode(NodeType::Partner, who.partner);
    let body = add(
        &app,
        &who.other_staff,
        json!({ "eventId": past["id"], "partnerId": partner }),
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM event_participants").await,
        0
    );
}

const COMMIT: &str = "mutation C($input: CreateCommitmentInput!) {
  createCommitment(input: $input) {
    commitment { id kind quantity unit version }
    userErrors { code field message }
  }
}";

const UPDATE_COMMITMENT: &str = "mutation U($input: UpdateCommitmentInput!) {
  updateCommitment(input: $input) {
    commitment { quantity unit version }
    userErrors { code field message }
  }
}";

#[tokio::test]
async fn an_in_kind_commitment_says_how_many_of_what_both_or_neither() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let base = json!({ "partnerId": encode(NodeType::Partner, who.partner),
        "centerId": encode(NodeType::Center, who.center), "kind": "STAFF" });
    let with = |change: Value| {
        let mut input = base.clone();
        for (key, value) in change.as_object().unwrap() {
            input[key] = value.clone();
        }
        json!({ "input": input })
    };
    let cases = [
        (
            "a quantity alone",
            json!({ "quantity": 2 }),
            "REQUIRED",
            "unit",
        ),
        (
            "a unit alone",
            json!({ "unit": "cadres" }),
            "REQUIRED",
            "quantity",
        ),
        (
            "zero",
            json!({ "quantity": 0, "unit": "cadres" }),
            "OUT_OF_RANGE",
            "quantity",
        ),
    ];
    for (case, change, code, field) in cases {
        let (_, body) = app.gql_as(&who.admin, COMMIT, with(change)).await;
        let errors = &body["data"]["createCommitment"]["userErrors"];
        assert_eq!(errors[0]["code"], code, "{case}: {body}");
        assert_eq!(
            errors[0]["field"],
            json!(["input", field]),
            "{case}: {body}"
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM commitments").await, 0);
    let (_, body) = app
        .gql_as(
            &who.admin,
            COMMIT,
            with(json!({ "quantity": 2, "unit": " cadres administratifs " })),
        )
        .await;
    let created = &body["data"]["createCommitment"]["commitment"];
    assert_eq!(created["quantity"], 2, "{body}");
    assert_eq!(created["unit"], "cadres administratifs");
    let id = created["id"].clone();
    let (_, half) = app
        .gql_as(
            &who.admin,
            UPDATE_COMMITMENT,
            json!({ "input": { "id": id, "quantity": null } }),
        )
        .await;
    assert_refused(
        &half,
        "updateCommitment",
        "commitment",
        "REQUIRED",
        &["input", "quantity"],
    );
    let (_, cleared) = app
        .gql_as(
            &who.admin,
            UPDATE_COMMITMENT,
            json!({ "input": { "id": id, "quantity": null, "unit": null } }),
        )
        .await;
    let cleared = &cleared["data"]["updateCommitment"]["commitment"];
    assert_eq!(cleared["quantity"], Value::Null, "{cleared}");
    assert_eq!(cleared["version"], 2);
    let (_, antenna) = app
        .gql_as(&who.admin, COMMIT, with(json!({ "kind": "ANTENNA" })))
        .await;
    assert_eq!(
        antenna["data"]["createCommitment"]["commitment"]["kind"], "ANTENNA",
        "{antenna}"
    );
}
