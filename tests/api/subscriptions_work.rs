//! The subscriptions to the center's own work (issues 13 and 14): funding requests, accompaniment
//! sessions, events (their participants included), indicators (their measurements included) and
//! management agreements, each heard once committed, narrowed by its arguments, and read as a
//! query by the same caller would read it.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};
use crate::ws::{Protocol, Socket, wait_for_subscribers};

/// The demo's ids a test writes with.
struct Demo {
    center: String,
    organization: String,
    reseau: String,
    projects: Vec<String>,
    indicator: String,
}

async fn demo(app: &TestApp) -> Demo {
    let data = app
        .gql_ok(
            r#"{
              centers(first: 1) { nodes { id } }
              organizations(first: 1) { nodes { id } }
              partners(first: 10) { nodes { id name } }
              projects(first: 2, filter: { status: [SEEKING_FUNDING, IN_PREPARATION] }) { nodes { id } }
              indicators(filter: { source: MANUAL }) { nodes { id } }
            }"#,
            json!({}),
        )
        .await;
    let id = |value: &Value| value["id"].as_str().unwrap().to_owned();
    let reseau = data["partners"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|partner| partner["name"].as_str().unwrap().starts_with("Réseau"))
        .map(id)
        .expect("the Réseau is a demo partner");
    Demo {
        center: id(&data["centers"]["nodes"][0]),
        organization: id(&data["organizations"]["nodes"][0]),
        reseau,
        projects: data["projects"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect(),
        indicator: id(&data["indicators"]["nodes"][0]),
    }
}

/// Runs `mutation` as `token` and asserts it wrote: no errors, no user errors under `field`.
async fn write(app: &TestApp, token: &str, field: &str, mutation: &str, input: Value) {
    let (_, body) = app.gql_as(token, mutation, json!({ "input": input })).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"][field]["userErrors"], json!([]), "{body}");
}

#[tokio::test]
async fn each_kind_of_the_centers_work_is_heard_once_committed_as_its_subscriber_may_read_it() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let demo = demo(&app).await;
    let (followed, other) = (&demo.projects[0], &demo.projects[1]);

    let mut staff = Socket::connected(&app, Protocol::TransportWs, Some(&admin)).await;
    let mut anonymous = Socket::connected(&app, Protocol::Legacy, None).await;
    let center = json!({ "centerId": demo.center });
    staff
        .subscribe(
            "requests",
            "subscription($p: ID) { fundingRequestChanged(projectId: $p) { kind fundingRequest { project { id } status } } }",
            json!({ "p": followed }),
        )
        .await;
    staff
        .subscribe(
            "events",
            "subscription($centerId: ID) { eventChanged(centerId: $centerId) { kind event { title participants { attendance } } } }",
            center.clone(),
        )
        .await;
    staff
        .subscribe(
            "indicators",
            "subscription($centerId: ID) { indicatorChanged(centerId: $centerId) { kind indicator { latest } } }",
            center.clone(),
        )
        .await;
    staff
        .subscribe(
            "agreements",
            "subscription($centerId: ID) { managementAgreementChanged(centerId: $centerId) { kind managementAgreement { status obligations } } }",
            center.clone(),
        )
        .await;
    let sessions = "subscription($centerId: ID) { supportSessionChanged(centerId: $centerId) { kind supportSession { kind notes } } }";
    staff.subscribe("sessions", sessions, center.clone()).await;
    anonymous.subscribe("sessions", sessions, center).await;
    wait_for_subscribers(&app, 6).await;

    // A request for another project is not heard; the followed project's is.
    let request = "mutation($input: CreateFundingRequestInput!) { createFundingRequest(input: $input) { userErrors { code } } }";
    for project in [other, followed] {
        let input = json!({ "projectId": project, "partnerId": demo.reseau, "requested": { "amount": "1000.00" } });
        write(&app, &admin, "createFundingRequest", request, input).await;
    }
    let heard = staff.payload("requests").await;
    assert_eq!(
        heard["data"]["fundingRequestChanged"],
        json!({ "kind": "CREATED", "fundingRequest": { "project": { "id": followed }, "status": "DRAFT" } }),
        "{heard}"
    );

    write(
        &app,
        &admin,
        "createSupportSession",
        "mutation($input: CreateSupportSessionInput!) { createSupportSession(input: $input) { userErrors { code } } }",
        json!({ "organizationId": demo.organization, "kind": "LEGAL", "heldOn": "2004-03-01",
                "durationMinutes": 90, "facilitatingPartnerId": demo.reseau,
                "notes": "Statuts à revoir avant l'assemblée générale" }),
    )
    .await;
    let heard = staff.payload("sessions").await;
    assert_eq!(
        heard["data"]["supportSessionChanged"]["supportSession"],
        json!({ "kind": "LEGAL", "notes": "Statuts à revoir avant l'assemblée générale" }),
        "an administrator reads the notes: {heard}"
    );
    let heard = anonymous.payload("sessions").await;
    assert_eq!(
        heard["data"]["supportSessionChanged"]["supportSession"],
        json!({ "kind": "LEGAL", "notes": null }),
        "notes are hidden from an anonymous subscriber as from an anonymous query: {heard}"
    );

    let (_, created) = app
        .gql_as(
            &admin,
            "mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } userErrors { code } } }",
            json!({ "input": { "centerId": demo.center, "title": "Atelier montage de projets",
                               "kind": "WORKSHOP", "startsAt": "2004-04-10T09:00:00Z" } }),
        )
        .await;
    let event = created["data"]["createEvent"]["event"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{created}"))
        .to_owned();
    let heard = staff.payload("events").await;
    assert_eq!(heard["data"]["eventChanged"]["kind"], "CREATED", "{heard}");
    write(
        &app,
        &admin,
        "addEventParticipant",
        "mutation($input: AddEventParticipantInput!) { addEventParticipant(input: $input) { userErrors { code } } }",
        json!({ "eventId": event, "organizationId": demo.organization, "attendance": "ATTENDED" }),
    )
    .await;
    let heard = staff.payload("events").await;
    assert_eq!(
        heard["data"]["eventChanged"],
        json!({ "kind": "UPDATED", "event": { "title": "Atelier montage de projets",
                "participants": [{ "attendance": "ATTENDED" }] } }),
        "a participant added is a change of its event: {heard}"
    );

    write(
        &app,
        &admin,
        "recordIndicatorMeasurement",
        "mutation($input: RecordIndicatorMeasurementInput!) { recordIndicatorMeasurement(input: $input) { userErrors { code } } }",
        json!({ "indicatorId": demo.indicator, "measuredOn": "2004-06-30", "value": "3" }),
    )
    .await;
    let heard = staff.payload("indicators").await;
    assert_eq!(
        heard["data"]["indicatorChanged"]["kind"], "UPDATED",
        "{heard}"
    );
    assert!(
        heard["data"]["indicatorChanged"]["indicator"]["latest"]
            .as_str()
            .is_some_and(|latest| latest.starts_with('3')),
        "the measurement is the indicator's latest value: {heard}"
    );

    write(
        &app,
        &admin,
        "createManagementAgreement",
        "mutation($input: CreateManagementAgreementInput!) { createManagementAgreement(input: $input) { userErrors { code } } }",
        json!({ "centerId": demo.center, "managerId": demo.reseau,
                "obligations": ["Rapport annuel d'activité"] }),
    )
    .await;
    let heard = staff.payload("agreements").await;
    assert_eq!(
        heard["data"]["managementAgreementChanged"],
        json!({ "kind": "CREATED", "managementAgreement": { "status": "DRAFT",
                "obligations": ["Rapport annuel d'activité"] } }),
        "{heard}"
    );
}

#[tokio::test]
async fn checking_a_dossier_item_is_a_change_of_its_project_heard_and_versioned() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let data = app
        .gql_ok(
            "{ projects(first: 1, filter: { status: [IN_PREPARATION] }) { nodes { id version readiness dossier { satisfied requirement { id } } } } }",
            json!({}),
        )
        .await;
    let project = &data["projects"]["nodes"][0];
    let id = project["id"]
        .as_str()
        .expect("a demo project in preparation");
    let unchecked = project["dossier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["satisfied"] == false)
        .expect("an item still to check");
    let mut socket = Socket::connected(&app, Protocol::TransportWs, Some(&admin)).await;
    socket
        .subscribe(
            "p",
            "subscription($id: ID) { projectChanged(projectId: $id) { kind project { version readiness } } }",
            json!({ "id": id }),
        )
        .await;
    wait_for_subscribers(&app, 1).await;
    write(
        &app,
        &admin,
        "setDossierItem",
        "mutation($input: SetDossierItemInput!) { setDossierItem(input: $input) { userErrors { code } } }",
        json!({ "projectId": id, "requirementId": unchecked["requirement"]["id"], "satisfied": true }),
    )
    .await;
    let heard = socket.payload("p").await;
    assert_eq!(
        heard["data"]["projectChanged"]["kind"], "UPDATED",
        "{heard}"
    );
    assert_ne!(
        heard["data"]["projectChanged"]["project"]["readiness"], project["readiness"],
        "the readiness heard is the one after the check: {heard}"
    );
    assert_eq!(
        heard["data"]["projectChanged"]["project"]["version"],
        project["version"].as_i64().unwrap() + 1,
        "one more version of the project, for `expectedVersion` and `updatedSince`: {heard}"
    );
}
