//! Indicators of expected results: who may write them, their validation, measurements with
//! versions and idempotency, progress from the baseline to the target, the values computed from
//! the data, and their lists.

use chrono::Utc;
use cqs::graphql::id::{NodeType, encode};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{assert_matrix, audit_rows, callers, count};

const CREATE: &str = "mutation C($input: CreateIndicatorInput!) {
  createIndicator(input: $input) {
    indicator { id name unit source baseline target latest progress version
      owner { __typename ... on Center { slug } ... on Program { code } } }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateIndicatorInput!) {
  updateIndicator(input: $input) { indicator { target progress version } userErrors { code field } }
}";
const MEASURE: &str = "mutation M($input: RecordIndicatorMeasurementInput!) {
  recordIndicatorMeasurement(input: $input) {
    indicator { latest progress version measurements { measuredOn value note } }
    measurement { id measuredOn value }
    userErrors { code field message }
  }
}";

fn id(node_type: NodeType, row: i64) -> Value {
    json!(encode(node_type, row))
}

async fn write(app: &TestApp, token: &str, query: &str, input: Value, mutation: &str) -> Value {
    let (_, body) = app.gql_as(token, query, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"][mutation].clone()
}

fn manual(center: i64) -> Value {
    json!({
        "centerId": id(NodeType::Center, center),
        "name": "Associations membres du réseau",
        "unit": "associations",
        "baseline": "10",
        "target": "20",
    })
}

async fn program(app: &TestApp) -> i64 {
    let funder = fixtures::partner(&app.db, "Agence de Développement Social (programme)")
        .await
        .unwrap();
    let now = Utc::now();
    let program = cqs::entity::program::ActiveModel {
        code: sea_orm::Set("PASEC".to_owned()),
        name: sea_orm::Set("Programme d'actions de la solidarité".to_owned()),
        funder_id: sea_orm::Set(funder.id),
        max_cofinancing_rate_bp: sea_orm::Set(7_000),
        budget_amount: sea_orm::Set(None),
        budget_currency: sea_orm::Set(None),
        starts_on: sea_orm::Set(None),
        ends_on: sea_orm::Set(None),
        created_at: sea_orm::Set(now),
        updated_at: sea_orm::Set(now),
        version: sea_orm::Set(1),
        ..Default::default()
    };
    sea_orm::ActiveModelTrait::insert(program, &app.db)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_centers_indicators_are_written_by_its_staff_and_admins_a_programs_by_admins() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = manual(who.center);
    assert_matrix(
        &app,
        &who,
        ("createIndicator", "indicator"),
        &[
            ("admin", "ok"),
            ("staff of the center", "ok"),
            ("staff of another center", "FORBIDDEN"),
            ("partner account", "FORBIDDEN"),
            ("organization account", "FORBIDDEN"),
            ("viewer", "FORBIDDEN"),
            ("anonymous", "UNAUTHENTICATED"),
        ],
        |_| (CREATE.to_owned(), json!({ "input": input })),
    )
    .await;
    let program = program(&app).await;
    let of_program = json!({
        "programId": id(NodeType::Program, program), "name": "Projets cofinancés", "unit": "projets",
        "source": "PROJECTS_FUNDED",
    });
    let (_, body) = app
        .gql_as(&who.staff, CREATE, json!({ "input": of_program.clone() }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let created = write(&app, &who.admin, CREATE, of_program, "createIndicator").await;
    assert_eq!(created["indicator"]["owner"]["code"], "PASEC", "{created}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM indicators").await, 3);
    assert_eq!(audit_rows(&app, "create_indicator").await, 3);
}

#[tokio::test]
async fn invalid_indicators_are_refused_and_write_nothing() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let program = program(&app).await;
    let cases = [
        (
            "no owner",
            json!({ "centerId": null }),
            "INVALID",
            "centerId",
        ),
        (
            "two owners",
            json!({ "programId": id(NodeType::Program, program) }),
            "INVALID",
            "centerId",
        ),
        ("no name", json!({ "name": "  " }), "REQUIRED", "name"),
        (
            "a unit too long",
            json!({ "unit": "u".repeat(65) }),
            "TOO_LONG",
            "unit",
        ),
        (
            "a baseline too precise",
            json!({ "baseline": "1.00001" }),
            "INVALID",
            "baseline",
        ),
        (
            "a target too large",
            json!({ "target": "1000000000001" }),
            "OUT_OF_RANGE",
            "target",
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = manual(who.center);
        for (key, value) in change.as_object().unwrap() {
            input[key] = value.clone();
        }
        let refused = write(&app, &who.admin, CREATE, input, "createIndicator").await;
        assert_eq!(refused["userErrors"][0]["code"], code, "{case}: {refused}");
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(["input", field]),
            "{case}"
        );
        assert_eq!(refused["indicator"], Value::Null, "{case}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM indicators").await, 0);
}

#[tokio::test]
async fn measurements_move_the_latest_value_and_the_progress_one_version_at_a_time() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let created = write(
        &app,
        &who.staff,
        CREATE,
        manual(who.center),
        "createIndicator",
    )
    .await;
    let indicator = &created["indicator"];
    assert_eq!(indicator["latest"], Value::Null, "not measured yet");
    assert_eq!(indicator["progress"], Value::Null);
    let indicator_id = indicator["id"].clone();
    let measure = |day: &str, value: &str, version: i32, key: &str| {
        json!({ "indicatorId": indicator_id, "measuredOn": day, "value": value,
                "expectedVersion": version, "note": "recensement", "idempotencyKey": key })
    };
    let first = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-03-01", "12.5", 1, "m1"),
        "recordIndicatorMeasurement",
    )
    .await;
    assert_eq!(first["indicator"]["latest"], "12.5", "{first}");
    assert_eq!(first["indicator"]["progress"], "0.25");
    assert_eq!(first["indicator"]["version"], 2);
    assert_eq!(first["measurement"]["value"], "12.5");
    let replayed = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-03-01", "12.5", 1, "m1"),
        "recordIndicatorMeasurement",
    )
    .await;
    assert_eq!(
        replayed["measurement"]["id"], first["measurement"]["id"],
        "{replayed}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM indicator_measurements").await,
        1
    );
    let stale = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-06-01", "15", 1, "m2"),
        "recordIndicatorMeasurement",
    )
    .await;
    assert_eq!(
        stale["userErrors"][0]["code"], "VERSION_CONFLICT",
        "{stale}"
    );
    let later = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-06-01", "15", 2, "m3"),
        "recordIndicatorMeasurement",
    )
    .await;
    assert_eq!(later["indicator"]["progress"], "0.5", "{later}");
    let earlier = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-01-01", "11", 3, "m4"),
        "recordIndicatorMeasurement",
    )
    .await;
    let now = &earlier["indicator"];
    assert_eq!(
        now["latest"], "15",
        "the latest is the last by day, not by entry: {earlier}"
    );
    assert_eq!(now["version"], 4);
    let days: Vec<&str> = now["measurements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["measuredOn"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2004-01-01", "2004-03-01", "2004-06-01"]);
    let too_precise = write(
        &app,
        &who.staff,
        MEASURE,
        measure("2004-07-01", "1.00001", 4, "m5"),
        "recordIndicatorMeasurement",
    )
    .await;
    assert_eq!(
        too_precise["userErrors"][0]["field"],
        json!(["input", "value"])
    );
    let (_, body) = app
        .gql_as(
            &who.other_staff,
            MEASURE,
            json!({ "input": measure("2004-07-01", "16", 4, "m6") }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM indicator_measurements").await,
        3
    );
    assert_eq!(
        audit_rows(&app, "record_indicator_measurement").await,
        6,
        "the measurement and the indicator, three times"
    );
    let cleared = write(
        &app,
        &who.staff,
        UPDATE,
        json!({ "id": indicator_id, "expectedVersion": 4, "target": null }),
        "updateIndicator",
    )
    .await;
    assert_eq!(cleared["indicator"]["target"], Value::Null, "{cleared}");
    assert_eq!(
        cleared["indicator"]["progress"],
        Value::Null,
        "no target, no progress"
    );
    assert_eq!(cleared["indicator"]["version"], 5);
    let retargeted = write(
        &app,
        &who.staff,
        UPDATE,
        json!({ "id": indicator_id, "target": "10" }),
        "updateIndicator",
    )
    .await;
    assert_eq!(
        retargeted["indicator"]["progress"],
        Value::Null,
        "the target is the baseline: {retargeted}"
    );
}

#[tokio::test]
async fn computed_indicators_count_the_data_and_take_no_measurement() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let neighbour = fixtures::association(&app.db, who.center, Some("MOH-ASSO-2"))
        .await
        .unwrap();
    let elsewhere = fixtures::association(&app.db, who.other_center, Some("RAB-ASSO-1"))
        .await
        .unwrap();
    let session = "mutation S($input: CreateSupportSessionInput!) { createSupportSession(input: $input) { userErrors { code } } }";
    let sessions = [
        (who.organization, "TRAINING", 12, &who.staff),
        (who.organization, "PROJECT_SETUP", 3, &who.staff),
        (neighbour.id, "TRAINING", 5, &who.staff),
        (elsewhere.id, "TRAINING", 40, &who.other_staff),
    ];
    for (organization, kind, participants, token) in sessions {
        let input = json!({
            "organizationId": id(NodeType::Organization, organization), "kind": kind,
            "heldOn": "2004-02-02", "durationMinutes": 60, "participantsCount": participants,
            "facilitatingPartnerId": id(NodeType::Partner, who.partner),
        });
        let created = write(&app, token, session, input, "createSupportSession").await;
        assert_eq!(created["userErrors"], json!([]), "{created}");
    }
    for (reference, status) in [
        ("MOH-2004-0001", "APPROVED"),
        ("MOH-2004-0002", "IN_PROGRESS"),
        ("MOH-2004-0003", "SEEKING_FUNDING"),
        ("MOH-2004-0004", "COMPLETED"),
    ] {
        let project = fixtures::project(&app.db, who.center, who.organization, reference)
            .await
            .unwrap();
        app.db
            .execute_unprepared(&format!(
                "UPDATE projects SET status = '{status}' WHERE id = {}",
                project.id
            ))
            .await
            .unwrap();
    }
    let expected = [
        ("ORGANIZATIONS_ACCOMPANIED", "2", "4", Some("0.5")),
        ("PROJECTS_FUNDED", "3", "6", Some("0.5")),
        ("SESSIONS_HELD", "3", "12", Some("0.25")),
        ("PARTICIPANTS_TRAINED", "17", "34", Some("0.5")),
    ];
    for (source, latest, target, progress) in expected {
        let input = json!({ "centerId": id(NodeType::Center, who.center), "name": source, "unit": "u",
                            "source": source, "target": target });
        let created = write(&app, &who.staff, CREATE, input, "createIndicator").await;
        let indicator = &created["indicator"];
        assert_eq!(indicator["source"], source, "{created}");
        assert_eq!(indicator["latest"], latest, "{source}: {created}");
        assert_eq!(indicator["progress"], json!(progress), "{source}");
        let refused = write(
            &app,
            &who.staff,
            MEASURE,
            json!({ "indicatorId": indicator["id"], "measuredOn": "2004-03-01", "value": "1" }),
            "recordIndicatorMeasurement",
        )
        .await;
        assert_eq!(
            refused["userErrors"][0]["code"], "INVALID",
            "{source}: {refused}"
        );
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(["input", "indicatorId"])
        );
    }
    let empty_center = json!({ "centerId": id(NodeType::Center, who.other_center), "name": "Projets", "unit": "projets", "source": "PROJECTS_FUNDED" });
    let created = write(
        &app,
        &who.other_staff,
        CREATE,
        empty_center,
        "createIndicator",
    )
    .await;
    assert_eq!(
        created["indicator"]["latest"], "0",
        "computed, and zero when nothing counts: {created}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM indicator_measurements").await,
        0
    );
}

#[tokio::test]
async fn indicators_are_listed_by_owner_and_change_date() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let program = program(&app).await;
    let before = Utc::now().to_rfc3339();
    for name in ["Réseau", "Capacités", "Participation"] {
        let mut input = manual(who.center);
        input["name"] = json!(name);
        write(&app, &who.admin, CREATE, input, "createIndicator").await;
    }
    let mut input = manual(who.center);
    input["centerId"] = Value::Null;
    input["programId"] = id(NodeType::Program, program);
    input["name"] = json!("Cofinancement");
    write(&app, &who.admin, CREATE, input, "createIndicator").await;
    let list = "query L($filter: IndicatorFilter, $after: String) { indicators(first: 2, after: $after, filter: $filter) {
        totalCount pageInfo { hasNextPage endCursor } nodes { name } } }";
    let of_center = json!({ "centerId": id(NodeType::Center, who.center) });
    let page = app.gql_ok(list, json!({ "filter": of_center })).await["indicators"].clone();
    assert_eq!(page["totalCount"], 3);
    assert_eq!(
        page["nodes"],
        json!([{ "name": "Réseau" }, { "name": "Capacités" }])
    );
    let next = app
        .gql_ok(
            list,
            json!({ "filter": of_center, "after": page["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        next["indicators"]["nodes"],
        json!([{ "name": "Participation" }])
    );
    let of_program = json!({ "programId": id(NodeType::Program, program) });
    let page = app.gql_ok(list, json!({ "filter": of_program })).await;
    assert_eq!(
        page["indicators"]["nodes"],
        json!([{ "name": "Cofinancement" }])
    );
    let since = app
        .gql_ok(
            list,
            json!({ "filter": { "updatedSince": Utc::now().to_rfc3339() } }),
        )
        .await;
    assert_eq!(since["indicators"]["totalCount"], 0);
    let since = app
        .gql_ok(list, json!({ "filter": { "updatedSince": before } }))
        .await;
    assert_eq!(since["indicators"]["totalCount"], 4);
    let nested = "query N($center: ID!, $program: ID!) {
        center: node(id: $center) { ... on Center { indicators { totalCount } } }
        program: node(id: $program) { ... on Program { indicators { nodes { name } } } } }";
    let data = app
        .gql_ok(nested, json!({ "center": id(NodeType::Center, who.center), "program": id(NodeType::Program, program) }))
        .await;
    assert_eq!(data["center"]["indicators"]["totalCount"], 3);
    assert_eq!(
        data["program"]["indicators"]["nodes"][0]["name"],
        "Cofinancement"
    );
}
