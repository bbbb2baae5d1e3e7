//! Creating and updating programs: code, rate, budget and dates checked, idempotency, versions,
//! the rate that cannot drop below what the funder committed, ADMIN only, and the audit trail.

use chrono::NaiveDate;
use cqs::domain::commitment::{CommitmentKind, CommitmentStatus};
use cqs::domain::money::Currency;
use cqs::entity::{commitment, project};
use cqs::graphql::id::{NodeType, decode_as, encode};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::{Value, json};

use crate::fixtures::{self, at};
use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{
    Callers, assert_matrix, assert_refused, audit_rows, callers, count, input_path, with,
};

const CREATE: &str = "mutation C($input: CreateProgramInput!) {
  createProgram(input: $input) {
    program { id code name maxCofinancingRate budget { amount currency } startsOn endsOn version funder { name } }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateProgramInput!) {
  updateProgram(input: $input) {
    program { id name maxCofinancingRate budget { amount } startsOn endsOn version }
    userErrors { code field message }
  }
}";

fn program(who: &Callers, code: &str) -> Value {
    json!({ "code": code, "name": "Programme d'appui", "maxCofinancingRate": "0.70",
        "funderId": encode(NodeType::Partner, who.partner) })
}

async fn created(app: &TestApp, who: &Callers, input: Value) -> String {
    let (_, body) = app
        .gql_as(&who.admin, CREATE, json!({ "input": input }))
        .await;
    body["data"]["createProgram"]["program"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a program: {body}"))
        .to_owned()
}

/// Runs `updateProgram` as the admin and returns the whole body.
async fn update(app: &TestApp, who: &Callers, input: Value) -> Value {
    app.gql_as(&who.admin, UPDATE, json!({ "input": input }))
        .await
        .1
}

/// Asserts that `updateProgram` refused with `code` on `field` of the input.
fn refused(body: &Value, code: &str, field: &str) {
    assert_refused(
        body,
        "updateProgram",
        "program",
        code,
        &input_path(&[field]),
    );
}

#[tokio::test]
async fn an_admin_creates_a_program_once_per_idempotency_key() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = with(
        program(&who, "PASEC"),
        &json!({ "budget": { "amount": "2500000.00" }, "startsOn": "2003-01-01",
            "endsOn": "2005-12-31", "idempotencyKey": "pasec" }),
    );
    let (_, first) = app
        .gql_as(&who.admin, CREATE, json!({ "input": input }))
        .await;
    let program = &first["data"]["createProgram"]["program"];
    assert_eq!(program["maxCofinancingRate"], "0.70", "{first}");
    assert_eq!(
        program["budget"],
        json!({ "amount": "2500000.00", "currency": "MAD" })
    );
    assert_eq!(program["funder"]["name"], "Agence de Développement Social");
    assert_eq!(program["version"], 1);
    let (_, again) = app
        .gql_as(&who.admin, CREATE, json!({ "input": input }))
        .await;
    assert_eq!(
        again["data"]["createProgram"]["program"]["id"], program["id"],
        "the first result, again"
    );
    let stored = "SELECT COUNT(*) FROM programs WHERE max_cofinancing_rate_bp = 7000";
    assert_eq!(
        count(&app, stored).await,
        1,
        "written once, in basis points"
    );
    assert_eq!(audit_rows(&app, "create_program").await, 1);
}

#[tokio::test]
async fn invalid_programs_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    created(&app, &who, program(&who, "PASEC")).await;
    let unknown = encode(NodeType::Partner, 999);
    let (start, end) = ("2005-01-01", "2004-12-31");
    #[rustfmt::skip]
    let cases = [
        ("bad code", json!({ "code": "pasec 2" }), "INVALID", &["code"][..]),
        ("taken code", json!({ "code": "PASEC" }), "DUPLICATE", &["code"]),
        ("empty name", json!({ "name": " " }), "REQUIRED", &["name"]),
        ("unknown funder", json!({ "funderId": unknown }), "NOT_FOUND", &["funderId"]),
        ("rate above 1", json!({ "maxCofinancingRate": "1.01" }),
            "OUT_OF_RANGE", &["maxCofinancingRate"]),
        ("rate too precise", json!({ "maxCofinancingRate": "0.12345" }),
            "INVALID", &["maxCofinancingRate"]),
        ("budget of zero", json!({ "budget": { "amount": "0" } }),
            "OUT_OF_RANGE", &["budget", "amount"]),
        ("budget too precise", json!({ "budget": { "amount": "10.555" } }),
            "INVALID", &["budget", "amount"]),
        ("end before start", json!({ "startsOn": start, "endsOn": end }),
            "OUT_OF_RANGE", &["endsOn"]),
    ];
    for (case, change, code, field) in cases {
        let input = json!({ "input": with(program(&who, "INDH"), &change) });
        let (_, body) = app.gql_as(&who.admin, CREATE, input).await;
        assert_refused(&body, "createProgram", "program", code, &input_path(field));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM programs").await,
            1,
            "{case}"
        );
    }
    assert_eq!(audit_rows(&app, "create_program").await, 1);
}

#[tokio::test]
async fn updates_change_only_given_fields_and_keep_dates_in_order() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = with(program(&who, "PASEC"), &json!({ "startsOn": "2003-01-01" }));
    let id = created(&app, &who, input).await;
    let change = json!({ "id": id, "expectedVersion": 1, "maxCofinancingRate": "0.8",
        "budget": { "amount": "1000.5" }, "endsOn": "2006-12-31" });
    let updated = update(&app, &who, change).await;
    let program = &updated["data"]["updateProgram"]["program"];
    assert_eq!(program["maxCofinancingRate"], "0.80", "{updated}");
    assert_eq!(program["budget"]["amount"], "1000.50");
    assert_eq!(program["name"], "Programme d'appui", "untouched");
    assert_eq!(program["version"], 2);
    let early = json!({ "id": id, "endsOn": "2002-12-31" });
    let body = update(&app, &who, early).await;
    refused(&body, "OUT_OF_RANGE", "endsOn");
    let late_start = json!({ "id": id, "startsOn": "2007-01-01" });
    let body = update(&app, &who, late_start).await;
    refused(&body, "OUT_OF_RANGE", "endsOn");
    let stale = json!({ "id": id, "expectedVersion": 1, "name": "Late" });
    let body = update(&app, &who, stale).await;
    refused(&body, "VERSION_CONFLICT", "expectedVersion");
    let clear = json!({ "id": id, "budget": null, "startsOn": null });
    let cleared = update(&app, &who, clear).await;
    let program = &cleared["data"]["updateProgram"]["program"];
    assert_eq!(program["budget"], Value::Null, "{cleared}");
    assert_eq!(program["startsOn"], Value::Null);
    assert_eq!(program["version"], 3);
    assert_eq!(audit_rows(&app, "update_program").await, 2);
}

/// A project of 100,000.00 under the program, holding 60,000.00 from the funder under the
/// program, plus commitments that do not count: a cancelled one and another partner's.
async fn committed_project(db: &DatabaseConnection, who: &Callers, program: i64) {
    let carrier = who.organization;
    let row = fixtures::project(db, who.center, carrier, "MOH-2003-0001")
        .await
        .unwrap();
    let mut row: project::ActiveModel = row.into();
    row.program_id = Set(Some(program));
    let project = row.update(db).await.unwrap();
    let other = fixtures::partner(db, "Textiles").await.unwrap().id;
    use CommitmentStatus::*;
    for (partner, under, amount, status) in [
        (who.partner, Some(program), 6_000_000, Confirmed),
        (who.partner, Some(program), 2_000_000, Cancelled),
        (other, None, 3_000_000, Pledged),
    ] {
        commit(db, partner, project.id, under, amount, status).await;
    }
}

async fn commit(
    db: &DatabaseConnection,
    partner_id: i64,
    project_id: i64,
    program_id: Option<i64>,
    amount: i64,
    status: CommitmentStatus,
) {
    commitment::ActiveModel {
        partner_id: Set(partner_id),
        project_id: Set(Some(project_id)),
        center_id: Set(None),
        program_id: Set(program_id),
        kind: Set(CommitmentKind::Financial),
        description: Set(None),
        amount: Set(Some(amount)),
        currency: Set(Currency::Mad),
        tax_included: Set(true),
        status: Set(status),
        pledged_on: Set(NaiveDate::from_ymd_opt(2003, 7, 9).unwrap()),
        due_on: Set(None),
        fulfilled_on: Set(None),
        created_at: Set(at(9)),
        updated_at: Set(at(9)),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_rate_cannot_drop_below_what_the_funder_already_committed() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let id = created(&app, &who, program(&who, "PASEC")).await;
    let row = decode_as(&id, NodeType::Program).unwrap();
    committed_project(&app.db, &who, row).await;
    let lower = json!({ "id": id, "expectedVersion": 1, "maxCofinancingRate": "0.5999" });
    let body = update(&app, &who, lower).await;
    refused(&body, "COFINANCING_CAP_EXCEEDED", "maxCofinancingRate");
    let kept = "SELECT COUNT(*) FROM programs WHERE max_cofinancing_rate_bp = 7000 AND version = 1";
    assert_eq!(count(&app, kept).await, 1, "nothing written");
    let exact = json!({ "id": id, "expectedVersion": 1, "maxCofinancingRate": "0.60" });
    let body = update(&app, &who, exact).await;
    let program = &body["data"]["updateProgram"]["program"];
    assert_eq!(
        program["maxCofinancingRate"], "0.60",
        "the cap equals the commitment: {body}"
    );
    assert_eq!(audit_rows(&app, "update_program").await, 1);
}

#[tokio::test]
async fn only_admins_create_and_update_programs() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let id = created(&app, &who, program(&who, "PASEC")).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "FORBIDDEN"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    assert_matrix(
        &app,
        &who,
        ("createProgram", "program"),
        &expected,
        |name| {
            let code = name.to_uppercase().replace(' ', "-");
            (CREATE.to_owned(), json!({ "input": program(&who, &code) }))
        },
    )
    .await;
    assert_matrix(
        &app,
        &who,
        ("updateProgram", "program"),
        &expected,
        |name| {
            let input = json!({ "id": id, "name": format!("Renamed by the {name}") });
            (UPDATE.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM programs").await, 2);
    assert_eq!(audit_rows(&app, "create_program").await, 2);
    assert_eq!(audit_rows(&app, "update_program").await, 1);
}
