//! Commitments and disbursements: the financing plan, the co-financing cap, the program rule,
//! closed projects, the commitment workflow, payments, the role matrix, audit and change events.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use cqs::service::events::{ChangeKind, Entity};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};
use crate::write_projects::{actors, create, new_project, transition};

const CREATE: &str = "mutation C($input: CreateCommitmentInput!) {
  createCommitment(input: $input) {
    commitment { id status version amount { amount } program { code } disbursed { amount } fulfilledOn }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateCommitmentInput!) {
  updateCommitment(input: $input) { commitment { id amount { amount } version } userErrors { code field } }
}";
const TRANSITION: &str = "mutation T($input: TransitionCommitmentInput!) {
  transitionCommitment(input: $input) { commitment { id status fulfilledOn } userErrors { code field } }
}";
const DISBURSE: &str = "mutation D($input: RecordDisbursementInput!) {
  recordDisbursement(input: $input) {
    disbursement { id amount { amount } paidOn }
    commitment { status fulfilledOn disbursed { amount } }
    userErrors { code field }
  }
}";

pub async fn commit(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, CREATE, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["createCommitment"].clone()
}

pub async fn partner(app: &TestApp, acronym: &str) -> Value {
    json!(encode(
        NodeType::Partner,
        app.scalar(&format!(
            "SELECT id FROM partners WHERE acronym = '{acronym}'"
        ))
        .await
    ))
}

async fn funding(app: &TestApp, project: &Value) -> Value {
    let query = "query F($id: ID!) { node(id: $id) { ... on Project { funding { committed { amount } programCommitted { amount } programCap { amount } } } } }";
    app.gql_ok(query, json!({ "id": project })).await["node"]["funding"].clone()
}

#[tokio::test]
async fn the_funder_is_held_to_its_cap_and_everyone_to_the_total_cost() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let ads = partner(&app, "ADS").await;
    let texmo = partner(&app, "TEXMO").await;
    let first = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "60000.00" } })).await;
    assert_eq!(
        first["commitment"]["program"]["code"], "PASEC",
        "the funder's commitment counts under its program: {first}"
    );
    let over_cap = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "EQUIPMENT", "amount": { "amount": "10000.01" } })).await;
    assert_eq!(
        over_cap["userErrors"][0]["code"], "COFINANCING_CAP_EXCEEDED",
        "{over_cap}"
    );
    assert_eq!(
        over_cap["userErrors"][0]["field"],
        json!(["input", "amount"])
    );
    let at_cap = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "10000.00" } })).await;
    assert_eq!(at_cap["userErrors"], json!([]));
    let over = commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "30000.01" } })).await;
    assert_eq!(over["userErrors"][0]["code"], "OVERFUNDED");
    let plan = funding(&app, &project).await;
    assert_eq!(plan["programCommitted"]["amount"], "70000.00");
    assert_eq!(plan["programCap"]["amount"], "70000.00");
    assert_eq!(
        plan["committed"]["amount"], "70000.00",
        "refused commitments wrote nothing"
    );
}

#[tokio::test]
async fn invalid_commitments_are_refused_with_their_field() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let outside = create(&app, &a.staff, {
        let mut p = new_project(&a, "100000.00");
        p["programId"] = Value::Null;
        p
    })
    .await["project"]["id"]
        .clone();
    let ads = partner(&app, "ADS").await;
    let texmo = partner(&app, "TEXMO").await;
    let center = json!(encode(
        NodeType::Center,
        app.scalar("SELECT id FROM centers WHERE slug = 'mohammedia'")
            .await
    ));
    let base = json!({ "partnerId": texmo, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100.00" } });
    let cases: Vec<(&str, Value, &str, Vec<&str>)> = vec![
        (
            "no amount for money",
            json!({ "amount": null }),
            "REQUIRED",
            vec!["input", "amount"],
        ),
        (
            "three decimals",
            json!({ "amount": { "amount": "1.005" } }),
            "INVALID",
            vec!["input", "amount", "amount"],
        ),
        (
            "negative",
            json!({ "amount": { "amount": "-5.00" } }),
            "OUT_OF_RANGE",
            vec!["input", "amount", "amount"],
        ),
        (
            "other currency",
            json!({ "amount": { "amount": "5.00", "currency": "EUR" } }),
            "INVALID",
            vec!["input", "amount"],
        ),
        (
            "two targets",
            json!({ "centerId": center }),
            "INVALID",
            vec!["input", "projectId"],
        ),
        (
            "no target",
            json!({ "projectId": null }),
            "INVALID",
            vec!["input", "projectId"],
        ),
        (
            "program named by a non-funder",
            json!({ "programId": a.pasec }),
            "INVALID",
            vec!["input", "programId"],
        ),
        (
            "program on a project outside it",
            json!({ "partnerId": ads, "projectId": outside, "programId": a.pasec }),
            "INVALID",
            vec!["input", "programId"],
        ),
        (
            "unknown partner",
            json!({ "partnerId": encode(NodeType::Partner, 99_999) }),
            "NOT_FOUND",
            vec!["input", "partnerId"],
        ),
        (
            "due before pledge",
            json!({ "pledgedOn": "2004-05-01", "dueOn": "2004-01-01" }),
            "OUT_OF_RANGE",
            vec!["input", "dueOn"],
        ),
        (
            "born fulfilled",
            json!({ "status": "FULFILLED" }),
            "INVALID_TRANSITION",
            vec!["input", "status"],
        ),
        (
            "long description",
            json!({ "description": "d".repeat(5001) }),
            "TOO_LONG",
            vec!["input", "description"],
        ),
    ];
    let before = app.scalar("SELECT COUNT(*) FROM commitments").await;
    for (case, change, code, field) in cases {
        let mut input = base.clone();
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        let payload = commit(&app, &a.staff, input).await;
        assert_eq!(payload["userErrors"][0]["code"], code, "{case}: {payload}");
        assert_eq!(payload["userErrors"][0]["field"], json!(field), "{case}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM commitments").await,
        before,
        "nothing written"
    );

    let closed =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    transition(&app, &a.staff, &closed, "CANCELLED").await;
    let payload = commit(&app, &a.staff, json!({ "partnerId": texmo, "projectId": closed, "kind": "FINANCIAL", "amount": { "amount": "1.00" } })).await;
    assert_eq!(payload["userErrors"][0]["code"], "PROJECT_CLOSED");
}

#[tokio::test]
async fn partners_commit_for_themselves_only() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let texmo_id = app
        .scalar("SELECT id FROM partners WHERE acronym = 'TEXMO'")
        .await;
    let texmo_account = app
        .token_for(
            Role::Partner,
            Links {
                partner: Some(texmo_id),
                ..Links::default()
            },
        )
        .await;
    let own = commit(&app, &texmo_account, json!({ "partnerId": partner(&app, "TEXMO").await, "projectId": project, "kind": "EQUIPMENT", "amount": { "amount": "5000.00" } })).await;
    assert_eq!(own["userErrors"], json!([]), "{own}");
    let input = json!({ "input": { "partnerId": partner(&app, "ADS").await, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "1.00" } } });
    for (who, token) in [
        ("another partner's account", &texmo_account),
        ("the carrier", &a.carrier),
        ("staff of another center", &a.other_staff),
    ] {
        let (_, body) = app.gql_as(token, CREATE, input.clone()).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{who}: {body}"
        );
    }
    let (status, body) = app.gql_as("", CREATE, input.clone()).await;
    assert_eq!(status, reqwest::StatusCode::UNAUTHORIZED, "{body}");
}

#[tokio::test]
async fn payments_fulfil_a_commitment_on_its_last_payment_and_never_exceed_it() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let created = commit(&app, &a.staff, json!({ "partnerId": partner(&app, "TEXMO").await, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "1000.00" } })).await;
    let id = created["commitment"]["id"].clone();
    let pay = |amount: &str, day: &str| json!({ "input": { "commitmentId": id, "amount": { "amount": amount }, "paidOn": day, "reference": "VIR-1" } });
    let (_, early) = app
        .gql_as(&a.staff, DISBURSE, pay("100.00", "2004-01-10"))
        .await;
    assert_eq!(
        early["data"]["recordDisbursement"]["userErrors"][0]["code"], "INVALID_TRANSITION",
        "a pledge is not paid: {early}"
    );
    let (_, confirmed) = app
        .gql_as(
            &a.staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "CONFIRMED" } }),
        )
        .await;
    assert_eq!(
        confirmed["data"]["transitionCommitment"]["commitment"]["status"],
        "CONFIRMED"
    );
    let (_, manual) = app
        .gql_as(
            &a.staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "FULFILLED" } }),
        )
        .await;
    assert_eq!(
        manual["data"]["transitionCommitment"]["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );

    let (_, first) = app
        .gql_as(&a.staff, DISBURSE, pay("600.00", "2004-01-10"))
        .await;
    assert_eq!(
        first["data"]["recordDisbursement"]["commitment"]["status"], "CONFIRMED",
        "{first}"
    );
    let (_, over) = app
        .gql_as(&a.staff, DISBURSE, pay("400.01", "2004-02-10"))
        .await;
    assert_eq!(
        over["data"]["recordDisbursement"]["userErrors"][0]["code"],
        "OVERDISBURSED"
    );
    let (_, lower) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "amount": { "amount": "500.00" } } }),
        )
        .await;
    assert_eq!(
        lower["data"]["updateCommitment"]["userErrors"][0]["code"], "OVERDISBURSED",
        "below what was paid"
    );
    let (_, cancel) = app
        .gql_as(
            &a.staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "CANCELLED" } }),
        )
        .await;
    assert_eq!(
        cancel["data"]["transitionCommitment"]["userErrors"][0]["code"], "INVALID_TRANSITION",
        "paid commitments stay"
    );
    let (_, last) = app
        .gql_as(&a.staff, DISBURSE, pay("400.00", "2004-03-15"))
        .await;
    let after = &last["data"]["recordDisbursement"]["commitment"];
    assert_eq!(after["status"], "FULFILLED", "{last}");
    assert_eq!(after["fulfilledOn"], "2004-03-15");
    assert_eq!(after["disbursed"]["amount"], "1000.00");
    let (_, more) = app
        .gql_as(&a.staff, DISBURSE, pay("0.01", "2004-04-01"))
        .await;
    assert_eq!(
        more["data"]["recordDisbursement"]["userErrors"][0]["code"],
        "OVERDISBURSED"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'record_disbursement'")
            .await,
        2
    );
}

#[tokio::test]
async fn in_kind_commitments_are_fulfilled_by_hand_and_cancelled_ones_release_the_plan() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let kind = commit(&app, &a.staff, json!({ "partnerId": partner(&app, "TEXMO").await, "projectId": project, "kind": "EQUIPMENT", "amount": { "amount": "100000.00" }, "status": "CONFIRMED" })).await;
    let id = kind["commitment"]["id"].clone();
    let (_, fulfilled) = app
        .gql_as(
            &a.staff,
            TRANSITION,
            json!({ "input": { "id": id, "to": "FULFILLED", "on": "2004-06-30" } }),
        )
        .await;
    assert_eq!(
        fulfilled["data"]["transitionCommitment"]["commitment"]["fulfilledOn"], "2004-06-30",
        "{fulfilled}"
    );
    let second = commit(&app, &a.staff, json!({ "partnerId": partner(&app, "SCL").await, "projectId": project, "kind": "STUDY", "amount": { "amount": "1.00" } })).await;
    assert_eq!(second["userErrors"][0]["code"], "OVERFUNDED");
    let unvalued = commit(
        &app,
        &a.staff,
        json!({ "partnerId": partner(&app, "SCL").await, "projectId": project, "kind": "STUDY" }),
    )
    .await;
    assert_eq!(
        unvalued["userErrors"],
        json!([]),
        "in kind without a value always fits"
    );
}

#[tokio::test]
async fn committed_writes_publish_a_change_event_and_refused_ones_do_not() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let mut events = app.events.subscribe();
    let refused = commit(&app, &a.staff, json!({ "partnerId": partner(&app, "TEXMO").await, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100000.01" } })).await;
    assert_eq!(refused["userErrors"][0]["code"], "OVERFUNDED");
    let created = commit(&app, &a.staff, json!({ "partnerId": partner(&app, "TEXMO").await, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "10.00" } })).await;
    let (_, row) = cqs::graphql::id::decode(created["commitment"]["id"].as_str().unwrap()).unwrap();
    // On PostgreSQL the event comes back through the database (NOTIFY): wait for it, bounded.
    let event = tokio::time::timeout(std::time::Duration::from_secs(10), events.recv())
        .await
        .expect("an event was published")
        .unwrap();
    assert_eq!(
        (event.kind, event.entity, event.id),
        (ChangeKind::Created, Entity::Commitment, row)
    );
    // Events arrive in commit order: one from the refused write would have come first.
    assert!(
        events.try_recv().is_err(),
        "one event only: the refused write published none"
    );
}
