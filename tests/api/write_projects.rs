//! Creating, updating and moving projects: references, validation, the workflow, funding before
//! work starts, the money rules on cost changes, versions and the role matrix.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};

pub const CREATE: &str = "mutation C($input: CreateProjectInput!) {
  createProject(input: $input) {
    project { id reference status version title totalCost { amount currency } statusHistory { from to by { email } } }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { id version title totalCost { amount } } userErrors { code field } }
}";
pub const TRANSITION: &str = "mutation T($input: TransitionProjectInput!) {
  transitionProject(input: $input) { project { id status version statusHistory { from to note } } userErrors { code field } }
}";

/// The demo center's actors.
pub struct Actors {
    pub admin: String,
    pub staff: String,
    pub other_staff: String,
    pub carrier: String,
    pub carrier_id: Value,
    pub pasec: Value,
}

pub async fn actors(app: &TestApp) -> Actors {
    let center = app.scalar("SELECT id FROM centers").await;
    let carrier = app
        .scalar("SELECT MIN(id) FROM organizations WHERE kind = 'COOPERATIVE'")
        .await;
    let other_center = crate::fixtures::center(&app.db, "rabat").await.unwrap().id;
    Actors {
        admin: app.token_for(Role::Admin, Links::default()).await,
        staff: app
            .token_for(
                Role::Staff,
                Links {
                    center: Some(center),
                    ..Links::default()
                },
            )
            .await,
        other_staff: app
            .token_for(
                Role::Staff,
                Links {
                    center: Some(other_center),
                    ..Links::default()
                },
            )
            .await,
        carrier: app
            .token_for(
                Role::Organization,
                Links {
                    organization: Some(carrier),
                    ..Links::default()
                },
            )
            .await,
        carrier_id: json!(encode(NodeType::Organization, carrier)),
        pasec: json!(encode(
            NodeType::Program,
            app.scalar("SELECT id FROM programs").await
        )),
    }
}

pub fn new_project(actors: &Actors, total: &str) -> Value {
    json!({
        "carrierId": actors.carrier_id, "programId": actors.pasec, "title": "Atelier de couture solidaire",
        "sector": "INCOME_GENERATION", "totalCost": { "amount": total }, "ownContribution": { "amount": "0" }
    })
}

pub async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, CREATE, json!({ "input": input })).await;
    body["data"]["createProject"].clone()
}

pub async fn transition(app: &TestApp, token: &str, id: &Value, to: &str) -> Value {
    let (_, body) = app
        .gql_as(
            token,
            TRANSITION,
            json!({ "input": { "id": id, "to": to, "note": format!("vers {to}") } }),
        )
        .await;
    body["data"]["transitionProject"].clone()
}

#[tokio::test]
async fn a_carrier_creates_a_draft_with_the_next_reference_of_its_center_and_year() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let first = create(&app, &a.carrier, new_project(&a, "120000.00")).await;
    let project = &first["project"];
    let year = chrono::Utc::now().format("%Y").to_string();
    assert_eq!(project["reference"], format!("MOH-{year}-0001"), "{first}");
    assert_eq!(project["status"], "DRAFT");
    assert_eq!(project["version"], 1);
    assert_eq!(
        project["totalCost"],
        json!({ "amount": "120000.00", "currency": "MAD" })
    );
    assert_eq!(project["statusHistory"][0]["from"], Value::Null);
    assert_eq!(project["statusHistory"][0]["to"], "DRAFT");
    let second = create(&app, &a.staff, new_project(&a, "50000.00")).await;
    assert_eq!(second["project"]["reference"], format!("MOH-{year}-0002"));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'create_project'")
            .await,
        2
    );
}

#[tokio::test]
async fn invalid_projects_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let before = app.scalar("SELECT COUNT(*) FROM projects").await;
    let other_zone = {
        let other = app
            .scalar("SELECT id FROM centers WHERE slug = 'rabat'")
            .await;
        use sea_orm::ConnectionTrait;
        app.db.execute_unprepared(&format!("INSERT INTO zones (center_id, name, created_at, updated_at, version) VALUES ({other}, 'Agdal', '2003-01-01 00:00:00+00:00', '2003-01-01 00:00:00+00:00', 1)")).await.unwrap();
        encode(
            NodeType::Zone,
            app.scalar("SELECT id FROM zones WHERE name = 'Agdal'")
                .await,
        )
    };
    let cases: Vec<(&str, Value, &str, Vec<&str>)> = vec![
        (
            "empty title",
            json!({ "title": "  " }),
            "REQUIRED",
            vec!["input", "title"],
        ),
        (
            "long title",
            json!({ "title": "t".repeat(201) }),
            "TOO_LONG",
            vec!["input", "title"],
        ),
        (
            "long summary",
            json!({ "summary": "s".repeat(5001) }),
            "TOO_LONG",
            vec!["input", "summary"],
        ),
        (
            "zero cost",
            json!({ "totalCost": { "amount": "0" } }),
            "OUT_OF_RANGE",
            vec!["input", "totalCost", "amount"],
        ),
        (
            "three decimals",
            json!({ "totalCost": { "amount": "10.123" } }),
            "INVALID",
            vec!["input", "totalCost", "amount"],
        ),
        (
            "too large",
            json!({ "totalCost": { "amount": "1000000000000.01" } }),
            "OUT_OF_RANGE",
            vec!["input", "totalCost", "amount"],
        ),
        (
            "own above cost",
            json!({ "ownContribution": { "amount": "130000.00" } }),
            "OVERFUNDED",
            vec!["input", "ownContribution"],
        ),
        (
            "currency mismatch",
            json!({ "ownContribution": { "amount": "10.00", "currency": "EUR" } }),
            "INVALID",
            vec!["input", "ownContribution", "currency"],
        ),
        (
            "end before start",
            json!({ "startsOn": "2004-05-01", "endsOn": "2004-04-01" }),
            "OUT_OF_RANGE",
            vec!["input", "endsOn"],
        ),
        (
            "negative beneficiaries",
            json!({ "beneficiariesCount": -3 }),
            "OUT_OF_RANGE",
            vec!["input", "beneficiariesCount"],
        ),
        (
            "unknown carrier",
            json!({ "carrierId": encode(NodeType::Organization, 99_999) }),
            "NOT_FOUND",
            vec!["input", "carrierId"],
        ),
        (
            "zone of another center",
            json!({ "zoneId": other_zone }),
            "NOT_FOUND",
            vec!["input", "zoneId"],
        ),
        (
            "unknown program",
            json!({ "programId": encode(NodeType::Program, 99_999) }),
            "NOT_FOUND",
            vec!["input", "programId"],
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = new_project(&a, "120000.00");
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        let payload = create(&app, &a.admin, input).await;
        assert_eq!(payload["userErrors"][0]["code"], code, "{case}: {payload}");
        assert_eq!(payload["userErrors"][0]["field"], json!(field), "{case}");
        assert_eq!(payload["project"], Value::Null, "{case}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM projects").await,
        before,
        "nothing written"
    );
}

#[tokio::test]
async fn the_workflow_is_enforced_and_work_starts_only_when_funded() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let created = create(&app, &a.carrier, new_project(&a, "100000.00")).await;
    let id = created["project"]["id"].clone();
    assert_eq!(
        transition(&app, &a.staff, &id, "APPROVED").await["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );
    assert_eq!(
        transition(&app, &a.staff, &id, "IN_PROGRESS").await["userErrors"][0]["field"],
        json!(["input", "to"])
    );
    assert_eq!(
        transition(&app, &a.carrier, &id, "IN_PREPARATION").await["project"]["status"],
        "IN_PREPARATION"
    );
    let (_, refused) = app
        .gql_as(
            &a.carrier,
            TRANSITION,
            json!({ "input": { "id": id, "to": "SEEKING_FUNDING" } }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "the carrier only submits or cancels"
    );
    let (_, other) = app
        .gql_as(
            &a.other_staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "SEEKING_FUNDING" } }),
        )
        .await;
    assert_eq!(
        other["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "staff of another center"
    );
    crate::dossier::complete_dossier(&app, &a.staff, &id).await;
    for to in ["SEEKING_FUNDING", "UNDER_REVIEW", "APPROVED"] {
        assert_eq!(
            transition(&app, &a.staff, &id, to).await["project"]["status"],
            to
        );
    }
    assert_eq!(
        transition(&app, &a.staff, &id, "IN_PROGRESS").await["userErrors"][0]["code"],
        "FUNDING_INCOMPLETE"
    );

    let ads = json!(encode(
        NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'ADS'")
            .await
    ));
    let texmo = json!(encode(
        NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'TEXMO'")
            .await
    ));
    for (partner, amount) in [(&ads, "70000.00"), (&texmo, "30000.00")] {
        let body = crate::write_commitments::commit(&app, &a.staff, json!({ "partnerId": partner, "projectId": id, "kind": "FINANCIAL", "amount": { "amount": amount }, "status": "CONFIRMED" })).await;
        assert_eq!(body["userErrors"], json!([]), "{body}");
    }
    let started = transition(&app, &a.staff, &id, "IN_PROGRESS").await;
    assert_eq!(started["project"]["status"], "IN_PROGRESS", "{started}");
    let history: Vec<&str> = started["project"]["statusHistory"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["to"].as_str().unwrap())
        .collect();
    assert_eq!(
        history,
        [
            "DRAFT",
            "IN_PREPARATION",
            "SEEKING_FUNDING",
            "UNDER_REVIEW",
            "APPROVED",
            "IN_PROGRESS"
        ]
    );
    assert_eq!(
        started["project"]["statusHistory"][5]["note"],
        "vers IN_PROGRESS"
    );
    assert_eq!(
        transition(&app, &a.staff, &id, "COMPLETED").await["project"]["status"],
        "COMPLETED"
    );
    assert_eq!(
        transition(&app, &a.staff, &id, "CANCELLED").await["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );
}

#[tokio::test]
async fn a_carrier_edits_its_project_only_while_it_is_prepared() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let id = create(&app, &a.carrier, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let (_, edited) = app
        .gql_as(
            &a.carrier,
            UPDATE,
            json!({ "input": { "id": id, "title": "Atelier de couture" } }),
        )
        .await;
    assert_eq!(
        edited["data"]["updateProject"]["project"]["title"], "Atelier de couture",
        "{edited}"
    );
    transition(&app, &a.carrier, &id, "IN_PREPARATION").await;
    transition(&app, &a.staff, &id, "SEEKING_FUNDING").await;
    let (_, refused) = app
        .gql_as(
            &a.carrier,
            UPDATE,
            json!({ "input": { "id": id, "title": "Autre" } }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{refused}"
    );
    let viewer = app.token_for(Role::Viewer, Links::default()).await;
    let (_, refused) = app
        .gql_as(
            &viewer,
            UPDATE,
            json!({ "input": { "id": id, "title": "Autre" } }),
        )
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn lowering_the_cost_below_what_is_committed_is_refused() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let id = create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let ads = json!(encode(
        NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'ADS'")
            .await
    ));
    let body = crate::write_commitments::commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": id, "kind": "FINANCIAL", "amount": { "amount": "70000.00" } })).await;
    assert_eq!(body["userErrors"], json!([]), "{body}");
    let (_, capped) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "totalCost": { "amount": "90000.00" } } }),
        )
        .await;
    assert_eq!(
        capped["data"]["updateProject"]["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{capped}"
    );
    let (_, over) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "totalCost": { "amount": "60000.00" } } }),
        )
        .await;
    assert_eq!(
        over["data"]["updateProject"]["userErrors"][0]["code"],
        "OVERFUNDED"
    );
    let (_, own) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "ownContribution": { "amount": "30000.01" } } }),
        )
        .await;
    assert_eq!(
        own["data"]["updateProject"]["userErrors"][0]["code"],
        "OVERFUNDED"
    );
    let (_, fine) = app.gql_as(&a.staff, UPDATE, json!({ "input": { "id": id, "totalCost": { "amount": "100000.00" }, "ownContribution": { "amount": "30000.00" } } })).await;
    assert_eq!(
        fine["data"]["updateProject"]["userErrors"],
        json!([]),
        "{fine}"
    );
}

#[tokio::test]
async fn a_stale_version_loses_and_a_repeated_create_returns_the_first_project() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let mut input = new_project(&a, "100000.00");
    input["idempotencyKey"] = json!("projet-couture-1");
    let first = create(&app, &a.staff, input.clone()).await;
    let again = create(&app, &a.staff, input).await;
    assert_eq!(first["project"]["id"], again["project"]["id"]);
    assert_eq!(first["project"]["reference"], again["project"]["reference"]);
    let id = first["project"]["id"].clone();
    let (_, updated) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "expectedVersion": 1, "title": "Nouveau titre" } }),
        )
        .await;
    assert_eq!(updated["data"]["updateProject"]["project"]["version"], 2);
    let (_, stale) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "expectedVersion": 1, "title": "Trop tard" } }),
        )
        .await;
    assert_eq!(
        stale["data"]["updateProject"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let (_, stale) = app
        .gql_as(
            &a.staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "IN_PREPARATION", "expectedVersion": 1 } }),
        )
        .await;
    assert_eq!(
        stale["data"]["transitionProject"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
}
