//! Dossier readiness: a program's requirements (ADMIN), a project's dossier checked item by
//! item, its readiness, and the gate it sets before UNDER_REVIEW.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app};
use crate::write_helpers::{audit_rows, count};
use crate::write_projects::{Actors, actors, create, new_project, transition};

const DOSSIER: &str = "query D($id: ID!) { node(id: $id) { ... on Project {
  status readiness
  dossier { requirement { id code mandatory } satisfied note checkedBy { email } checkedAt version }
} } }";
const SET: &str = "mutation S($input: SetDossierItemInput!) {
  setDossierItem(input: $input) {
    dossierItem { requirement { code } satisfied note checkedBy { email } checkedAt version }
    userErrors { code field message }
  }
}";
const ADD: &str = "mutation A($input: AddProgramRequirementInput!) {
  addProgramRequirement(input: $input) { requirement { id code label mandatory version } userErrors { code field } }
}";
const UPDATE: &str = "mutation U($input: UpdateProgramRequirementInput!) {
  updateProgramRequirement(input: $input) { requirement { id code label mandatory version } userErrors { code field } }
}";
const REMOVE: &str = "mutation R($input: RemoveProgramRequirementInput!) {
  removeProgramRequirement(input: $input) { requirement { id code } userErrors { code field } }
}";

async fn dossier(app: &TestApp, token: Option<&str>, project: &Value) -> Value {
    let body = match token {
        Some(token) => app.gql_as(token, DOSSIER, json!({ "id": project })).await.1,
        None => app.gql(DOSSIER, json!({ "id": project })).await,
    };
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["node"].clone()
}

async fn set(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, SET, json!({ "input": input })).await;
    body
}

/// The requirement ids of a project's dossier, in order.
async fn requirements(app: &TestApp, token: &str, project: &Value) -> Vec<Value> {
    dossier(app, Some(token), project).await["dossier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["requirement"]["id"].clone())
        .collect()
}

/// Checks every requirement of the project's dossier as `token`: what a staff member does before
/// sending a project to review.
pub async fn complete_dossier(app: &TestApp, token: &str, project: &Value) {
    for requirement in requirements(app, token, project).await {
        let body = set(
            app,
            token,
            json!({ "projectId": project, "requirementId": requirement, "satisfied": true }),
        )
        .await;
        assert_eq!(
            body["data"]["setDossierItem"]["userErrors"],
            json!([]),
            "{body}"
        );
    }
}

async fn new_pasec_project(app: &TestApp, a: &Actors) -> Value {
    create(app, &a.staff, new_project(a, "100000.00")).await["project"]["id"].clone()
}

#[tokio::test]
async fn a_pasec_dossier_lists_every_requirement_unsatisfied_until_checked() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = new_pasec_project(&app, &a).await;
    let fresh = dossier(&app, Some(&a.staff), &project).await;
    let codes: Vec<&str> = fresh["dossier"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["requirement"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["STATUTES", "RECEIPT", "GA_MINUTES", "BUDGET", "QUOTES"]
    );
    assert!(
        fresh["dossier"]
            .as_array()
            .unwrap()
            .iter()
            .all(|item| item["satisfied"] == false
                && item["checkedAt"].is_null()
                && item["version"] == 0),
        "{fresh}"
    );
    assert_eq!(fresh["readiness"], "0.00");

    let ids = requirements(&app, &a.staff, &project).await;
    for requirement in &ids[..2] {
        let body = set(&app, &a.staff, json!({ "projectId": project, "requirementId": requirement, "satisfied": true, "note": "vu" })).await;
        let item = &body["data"]["setDossierItem"]["dossierItem"];
        assert_eq!(item["satisfied"], true, "{body}");
        assert_eq!(item["version"], 1);
        assert!(item["checkedAt"].is_string());
    }
    let checked = dossier(&app, Some(&a.staff), &project).await;
    assert_eq!(
        checked["readiness"], "0.40",
        "two of five mandatory documents"
    );
    assert!(
        checked["dossier"][0]["checkedBy"]["email"].is_string(),
        "staff read their center's users"
    );
    assert_eq!(checked["dossier"][0]["note"], "vu");
    let public = dossier(&app, None, &project).await;
    assert_eq!(public["dossier"][0]["satisfied"], true);
    assert!(
        public["dossier"][0]["checkedBy"].is_null(),
        "anonymous callers read no user"
    );
    assert_eq!(audit_rows(&app, "set_dossier_item").await, 2);
}

#[tokio::test]
async fn readiness_is_null_outside_a_program() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let mut input = new_project(&a, "50000.00");
    input["programId"] = Value::Null;
    let project = create(&app, &a.staff, input).await["project"]["id"].clone();
    let read = dossier(&app, None, &project).await;
    assert_eq!(read["dossier"], json!([]));
    assert!(read["readiness"].is_null());
    for to in ["IN_PREPARATION", "SEEKING_FUNDING", "UNDER_REVIEW"] {
        let moved = transition(&app, &a.staff, &project, to).await;
        assert_eq!(
            moved["project"]["status"], to,
            "no program, no gate: {moved}"
        );
    }
}

#[tokio::test]
async fn under_review_waits_for_every_mandatory_requirement() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = new_pasec_project(&app, &a).await;
    for to in ["IN_PREPARATION", "SEEKING_FUNDING"] {
        transition(&app, &a.staff, &project, to).await;
    }
    let refused = transition(&app, &a.staff, &project, "UNDER_REVIEW").await;
    assert_eq!(
        refused["userErrors"][0]["code"], "DOSSIER_INCOMPLETE",
        "{refused}"
    );
    assert_eq!(refused["userErrors"][0]["field"], json!(["input", "to"]));
    assert_eq!(
        dossier(&app, None, &project).await["status"],
        "SEEKING_FUNDING"
    );

    let ids = requirements(&app, &a.staff, &project).await;
    let (_, optional) = app
        .gql_as(
            &a.admin,
            UPDATE,
            json!({ "input": { "id": ids[4], "mandatory": false } }),
        )
        .await;
    assert_eq!(
        optional["data"]["updateProgramRequirement"]["requirement"]["mandatory"],
        false
    );
    for requirement in &ids[..3] {
        set(
            &app,
            &a.staff,
            json!({ "projectId": project, "requirementId": requirement, "satisfied": true }),
        )
        .await;
    }
    assert_eq!(dossier(&app, None, &project).await["readiness"], "0.75");
    let still = transition(&app, &a.staff, &project, "UNDER_REVIEW").await;
    assert_eq!(
        still["userErrors"][0]["code"], "DOSSIER_INCOMPLETE",
        "3 of 4"
    );

    set(
        &app,
        &a.staff,
        json!({ "projectId": project, "requirementId": ids[3], "satisfied": true }),
    )
    .await;
    assert_eq!(dossier(&app, None, &project).await["readiness"], "1.00");
    let moved = transition(&app, &a.staff, &project, "UNDER_REVIEW").await;
    assert_eq!(
        moved["project"]["status"], "UNDER_REVIEW",
        "the optional quotes are not waited for: {moved}"
    );
}

#[tokio::test]
async fn requirements_are_written_by_admin_with_codes_unique_in_their_program() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let input = json!({ "programId": a.pasec, "code": "BANK_RIB", "label": "Relevé d'identité bancaire", "idempotencyKey": "rib-1" });
    let (_, forbidden) = app.gql_as(&a.staff, ADD, json!({ "input": input })).await;
    assert_eq!(forbidden["errors"][0]["extensions"]["code"], "FORBIDDEN");

    let (_, added) = app.gql_as(&a.admin, ADD, json!({ "input": input })).await;
    let requirement = added["data"]["addProgramRequirement"]["requirement"].clone();
    assert_eq!(
        requirement["mandatory"], true,
        "mandatory unless said otherwise: {added}"
    );
    let (_, again) = app.gql_as(&a.admin, ADD, json!({ "input": input })).await;
    assert_eq!(
        again["data"]["addProgramRequirement"]["requirement"]["id"], requirement["id"],
        "replayed"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM program_requirements WHERE code = 'BANK_RIB'"
        )
        .await,
        1
    );

    let cases = [
        (
            json!({ "programId": a.pasec, "code": "BANK_RIB", "label": "Autre" }),
            "DUPLICATE",
            "code",
        ),
        (
            json!({ "programId": a.pasec, "code": "bank rib", "label": "Autre" }),
            "INVALID",
            "code",
        ),
        (
            json!({ "programId": a.pasec, "code": "OTHER", "label": "  " }),
            "REQUIRED",
            "label",
        ),
    ];
    for (input, code, field) in cases {
        let (_, body) = app.gql_as(&a.admin, ADD, json!({ "input": input })).await;
        let errors = &body["data"]["addProgramRequirement"]["userErrors"];
        assert_eq!(errors[0]["code"], code, "{input}: {body}");
        assert_eq!(errors[0]["field"], json!(["input", field]), "{input}");
    }

    let (_, stale) = app
        .gql_as(
            &a.admin,
            UPDATE,
            json!({ "input": { "id": requirement["id"], "expectedVersion": 7, "label": "RIB" } }),
        )
        .await;
    assert_eq!(
        stale["data"]["updateProgramRequirement"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let (_, taken) = app
        .gql_as(
            &a.admin,
            UPDATE,
            json!({ "input": { "id": requirement["id"], "code": "STATUTES" } }),
        )
        .await;
    assert_eq!(
        taken["data"]["updateProgramRequirement"]["userErrors"][0]["code"],
        "DUPLICATE"
    );
    let (_, updated) = app
        .gql_as(
            &a.admin,
            UPDATE,
            json!({ "input": { "id": requirement["id"], "expectedVersion": 1, "label": "RIB" } }),
        )
        .await;
    assert_eq!(
        updated["data"]["updateProgramRequirement"]["requirement"]["version"], 2,
        "{updated}"
    );

    let project = new_pasec_project(&app, &a).await;
    set(
        &app,
        &a.staff,
        json!({ "projectId": project, "requirementId": requirement["id"], "satisfied": true }),
    )
    .await;
    let (_, removed) = app
        .gql_as(
            &a.admin,
            REMOVE,
            json!({ "input": { "id": requirement["id"], "expectedVersion": 2 } }),
        )
        .await;
    assert_eq!(
        removed["data"]["removeProgramRequirement"]["requirement"]["code"], "BANK_RIB",
        "{removed}"
    );
    assert_eq!(
        dossier(&app, None, &project).await["dossier"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM dossier_items").await - count(&app, "SELECT COUNT(*) FROM dossier_items WHERE requirement_id IN (SELECT id FROM program_requirements)").await, 0, "no item outlives its requirement");
    assert_eq!(audit_rows(&app, "remove_program_requirement").await, 1);
}

#[tokio::test]
async fn the_carrier_checks_its_dossier_only_while_it_may_edit_the_project() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.carrier, new_project(&a, "90000.00")).await["project"]["id"].clone();
    let ids = requirements(&app, &a.staff, &project).await;
    let own = set(
        &app,
        &a.carrier,
        json!({ "projectId": project, "requirementId": ids[0], "satisfied": true }),
    )
    .await;
    assert_eq!(
        own["data"]["setDossierItem"]["dossierItem"]["satisfied"], true,
        "{own}"
    );

    let stale = set(&app, &a.staff, json!({ "projectId": project, "requirementId": ids[0], "satisfied": false, "expectedVersion": 0 })).await;
    assert_eq!(
        stale["data"]["setDossierItem"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let unchecked = set(&app, &a.staff, json!({ "projectId": project, "requirementId": ids[0], "satisfied": false, "expectedVersion": 1 })).await;
    assert_eq!(
        unchecked["data"]["setDossierItem"]["dossierItem"]["version"], 2,
        "{unchecked}"
    );

    let other = set(
        &app,
        &a.other_staff,
        json!({ "projectId": project, "requirementId": ids[1], "satisfied": true }),
    )
    .await;
    assert_eq!(
        other["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "staff of another center"
    );
    for to in ["IN_PREPARATION", "SEEKING_FUNDING"] {
        transition(&app, &a.staff, &project, to).await;
    }
    let late = set(
        &app,
        &a.carrier,
        json!({ "projectId": project, "requirementId": ids[1], "satisfied": true }),
    )
    .await;
    assert_eq!(
        late["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "no longer editable by its carrier"
    );

    let mut outside = new_project(&a, "50000.00");
    outside["programId"] = Value::Null;
    let outside = create(&app, &a.staff, outside).await["project"]["id"].clone();
    let foreign = set(
        &app,
        &a.staff,
        json!({ "projectId": outside, "requirementId": ids[1], "satisfied": true }),
    )
    .await;
    assert_eq!(
        foreign["data"]["setDossierItem"]["userErrors"][0]["code"], "INVALID",
        "{foreign}"
    );
}

#[tokio::test]
async fn the_demo_projects_past_review_have_complete_dossiers() {
    let app = spawn_demo_app().await;
    let query = "{ projects(first: 50, filter: { status: [UNDER_REVIEW, APPROVED, IN_PROGRESS, COMPLETED] }) { nodes { reference program { code } readiness } } }";
    let data = app.gql_ok(query, Value::Null).await;
    let nodes = data["projects"]["nodes"].as_array().unwrap();
    let pasec: Vec<&Value> = nodes
        .iter()
        .filter(|p| p["program"]["code"] == "PASEC")
        .collect();
    assert!(pasec.len() >= 4, "{data}");
    for project in pasec {
        assert_eq!(project["readiness"], "1.00", "{project}");
    }
}
