//! The co-financing cap whatever the order: a program attached to or changed on a project brings
//! its funder's commitments under the cap (refused when they exceed it), a lowered cost is held to
//! the cap, and a cancelled commitment stays cancelled.

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_demo_app};
use crate::write_commitments::{commit, partner};
use crate::write_projects::{Actors, actors, create, new_project};

const UPDATE: &str = "mutation U($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { program { code } version } userErrors { code field message } }
}";

async fn project_without_program(app: &TestApp, a: &Actors, total: &str) -> Value {
    let mut input = new_project(a, total);
    input["programId"] = Value::Null;
    create(app, &a.staff, input).await["project"]["id"].clone()
}

async fn update(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, UPDATE, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["updateProject"].clone()
}

async fn page(app: &TestApp, project: &Value) -> Value {
    let query = "query P($id: ID!) { node(id: $id) { ... on Project {
      program { code }
      funding { committed { amount } programCommitted { amount } programCap { amount } }
      commitments { nodes { amount { amount } program { code } partner { acronym } } }
    } } }";
    app.gql_ok(query, json!({ "id": project })).await["node"].clone()
}

#[tokio::test]
async fn attaching_a_program_to_a_project_its_funder_already_pays_in_full_is_refused() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project_without_program(&app, &a, "100000.00").await;
    let ads = partner(&app, "ADS").await;
    let pledged = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100000.00" } })).await;
    assert_eq!(pledged["userErrors"], json!([]), "no program, no cap");

    let payload = update(
        &app,
        &a.admin,
        json!({ "id": project, "programId": a.pasec }),
    )
    .await;

    assert_eq!(
        payload["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{payload}"
    );
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["input", "programId"])
    );
    let page = page(&app, &project).await;
    assert_eq!(page["program"], Value::Null, "nothing written");
    assert_eq!(page["commitments"]["nodes"][0]["program"], Value::Null);
}

#[tokio::test]
async fn attaching_a_program_brings_its_funders_commitments_under_it_within_the_cap() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project_without_program(&app, &a, "100000.00").await;
    let (ads, texmo) = (partner(&app, "ADS").await, partner(&app, "TEXMO").await);
    for (partner, amount) in [(&ads, "60000.00"), (&texmo, "20000.00")] {
        commit(&app, &a.staff, json!({ "partnerId": partner, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": amount } })).await;
    }

    let payload = update(
        &app,
        &a.admin,
        json!({ "id": project, "programId": a.pasec }),
    )
    .await;

    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    let page = page(&app, &project).await;
    assert_eq!(page["funding"]["programCommitted"]["amount"], "60000.00");
    assert_eq!(page["funding"]["programCap"]["amount"], "70000.00");
    for node in page["commitments"]["nodes"].as_array().unwrap() {
        let expected = if node["partner"]["acronym"] == "ADS" {
            json!({ "code": "PASEC" })
        } else {
            Value::Null
        };
        assert_eq!(node["program"], expected, "{node}");
    }
    // Now under the cap: the funder's next commitment and a lower cost are held to it.
    let over = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "10000.01" } })).await;
    assert_eq!(
        over["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{over}"
    );
    let lower = update(
        &app,
        &a.admin,
        json!({ "id": project, "totalCost": { "amount": "85000.00" } }),
    )
    .await;
    assert_eq!(
        lower["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{lower}"
    );
    assert_eq!(
        lower["userErrors"][0]["field"],
        json!(["input", "totalCost"])
    );
    // Removing the program takes the label off again.
    let removed = update(&app, &a.admin, json!({ "id": project, "programId": null })).await;
    assert_eq!(removed["userErrors"], json!([]), "{removed}");
    let page = self::page(&app, &project).await;
    assert!(
        page["commitments"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["program"].is_null())
    );
}

#[tokio::test]
async fn changing_a_projects_program_holds_the_new_funder_to_the_new_cap() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let texmo = partner(&app, "TEXMO").await;
    let (_, created) = app
        .gql_as(&a.admin, "mutation C($input: CreateProgramInput!) { createProgram(input: $input) { program { id } userErrors { code } } }",
            json!({ "input": { "code": "TEXMO-SOL", "name": "Solidarité TEXMO", "funderId": texmo, "maxCofinancingRate": "0.50" } }))
        .await;
    let solidarity = created["data"]["createProgram"]["program"]["id"].clone();
    assert!(solidarity.is_string(), "{created}");
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "80000.00" } })).await;

    let payload = update(
        &app,
        &a.admin,
        json!({ "id": project, "programId": solidarity }),
    )
    .await;

    assert_eq!(
        payload["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{payload}"
    );
    assert_eq!(
        payload["userErrors"][0]["field"],
        json!(["input", "programId"])
    );
    assert_eq!(
        page(&app, &project).await["program"]["code"],
        "PASEC",
        "nothing written"
    );
}

#[tokio::test]
async fn a_cancelled_commitment_cannot_be_brought_back_to_count_again() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let ads = partner(&app, "ADS").await;
    let first = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "70000.00" } })).await["commitment"]["id"].clone();
    let transition = "mutation T($input: TransitionCommitmentInput!) { transitionCommitment(input: $input) { commitment { status } userErrors { code } } }";
    app.gql_as(
        &a.staff,
        transition,
        json!({ "input": { "id": first, "to": "CANCELLED" } }),
    )
    .await;
    let second = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "70000.00" } })).await;
    assert_eq!(
        second["userErrors"],
        json!([]),
        "the cancelled one no longer counts"
    );

    for to in ["PLEDGED", "CONFIRMED"] {
        let (_, body) = app
            .gql_as(
                &a.staff,
                transition,
                json!({ "input": { "id": first, "to": to } }),
            )
            .await;
        assert_eq!(
            body["data"]["transitionCommitment"]["userErrors"][0]["code"], "INVALID_TRANSITION",
            "{to}: {body}"
        );
    }
    assert_eq!(
        page(&app, &project).await["funding"]["programCommitted"]["amount"],
        "70000.00"
    );
}
