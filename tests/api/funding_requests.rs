//! Funding requests: the workflow, acceptance creating the commitment under the financing plan
//! and the co-financing cap (nothing written on refusal), who may do what, idempotency,
//! versions, lists, the pipeline and the per-partner figures.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};
use crate::write_commitments::{commit, partner};
use crate::write_helpers::{audit_rows, count};
use crate::write_projects::{Actors, actors, create, new_project};

const CREATE: &str = "mutation C($input: CreateFundingRequestInput!) {
  createFundingRequest(input: $input) {
    fundingRequest { id status version requested { amount currency } program { code } partner { acronym } submittedOn }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateFundingRequestInput!) {
  updateFundingRequest(input: $input) { fundingRequest { id version requested { amount } } userErrors { code field } }
}";
const MOVE: &str = "mutation M($input: TransitionFundingRequestInput!) {
  transitionFundingRequest(input: $input) {
    fundingRequest { id status version submittedOn decidedOn decisionNote
      commitment { kind status amount { amount } program { code } partner { acronym } } }
    userErrors { code field message }
  }
}";
const PIPELINE: &str = "query P($id: ID!) { node(id: $id) { ... on Project {
  pipeline { asked { amount currency } accepted { amount } declined { amount } pending { amount } }
  funding { committed { amount } }
  fundingRequests(first: 10) { totalCount nodes { status } }
} } }";

async fn request(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, CREATE, json!({ "input": input })).await;
    body
}

async fn moved(app: &TestApp, token: &str, id: &Value, to: &str) -> Value {
    let input = json!({ "id": id, "to": to, "on": "2026-01-15" });
    app.gql_as(token, MOVE, json!({ "input": input })).await.1
}

/// A SUBMITTED request of `amount` to the partner with `acronym` for `project`.
async fn submitted(
    app: &TestApp,
    a: &Actors,
    project: &Value,
    acronym: &str,
    amount: &str,
) -> Value {
    let mut input = json!({ "projectId": project, "partnerId": partner(app, acronym).await, "requested": { "amount": amount } });
    if acronym == "ADS" {
        input["programId"] = a.pasec.clone();
    }
    let body = request(app, &a.staff, input).await;
    let id = body["data"]["createFundingRequest"]["fundingRequest"]["id"].clone();
    assert!(id.is_string(), "{body}");
    let sent = moved(app, &a.staff, &id, "SUBMITTED").await;
    assert_eq!(
        sent["data"]["transitionFundingRequest"]["fundingRequest"]["status"], "SUBMITTED",
        "{sent}"
    );
    id
}

async fn partner_account(app: &TestApp, acronym: &str) -> String {
    let id = app
        .scalar(&format!(
            "SELECT id FROM partners WHERE acronym = '{acronym}'"
        ))
        .await;
    app.token_for(
        Role::Partner,
        Links {
            partner: Some(id),
            ..Links::default()
        },
    )
    .await
}

async fn project(app: &TestApp, a: &Actors) -> Value {
    create(app, &a.staff, new_project(a, "100000.00")).await["project"]["id"].clone()
}

#[tokio::test]
async fn the_partner_accepting_creates_its_confirmed_commitment_under_the_program() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let id = submitted(&app, &a, &project, "ADS", "70000.00").await;
    let ads = partner_account(&app, "ADS").await;
    let input = json!({ "id": id, "to": "ACCEPTED", "on": "2026-02-01", "note": "Comité PASEC du 1er février" });
    let (_, body) = app.gql_as(&ads, MOVE, json!({ "input": input })).await;
    let accepted = &body["data"]["transitionFundingRequest"]["fundingRequest"];
    assert_eq!(accepted["status"], "ACCEPTED", "{body}");
    assert_eq!(accepted["decidedOn"], "2026-02-01");
    assert_eq!(accepted["decisionNote"], "Comité PASEC du 1er février");
    assert_eq!(accepted["version"], 3, "created, submitted, accepted");
    assert_eq!(
        accepted["commitment"],
        json!({ "kind": "FINANCIAL", "status": "CONFIRMED", "amount": { "amount": "70000.00" }, "program": { "code": "PASEC" }, "partner": { "acronym": "ADS" } })
    );
    let read = app.gql_ok(PIPELINE, json!({ "id": project })).await["node"].clone();
    assert_eq!(
        read["pipeline"],
        json!({ "asked": { "amount": "70000.00", "currency": "MAD" }, "accepted": { "amount": "70000.00" }, "declined": { "amount": "0.00" }, "pending": { "amount": "0.00" } })
    );
    assert_eq!(
        read["funding"]["committed"]["amount"], "70000.00",
        "the commitment is in the plan"
    );
    assert_eq!(audit_rows(&app, "transition_funding_request").await, 2);
    assert_eq!(
        audit_rows(&app, "create_commitment").await,
        1,
        "the commitment is audited too"
    );
}

#[tokio::test]
async fn an_acceptance_that_would_break_the_cap_or_the_plan_writes_nothing() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let ads = partner(&app, "ADS").await;
    let first = commit(&app, &a.staff, json!({ "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "60000.00" } })).await;
    assert_eq!(first["userErrors"], json!([]));
    let over_cap = submitted(&app, &a, &project, "ADS", "10000.01").await;
    let commitments = count(&app, "SELECT COUNT(*) FROM commitments").await;
    let audits = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let refused = moved(&app, &a.staff, &over_cap, "ACCEPTED").await;
    let errors = &refused["data"]["transitionFundingRequest"]["userErrors"];
    assert_eq!(errors[0]["code"], "COFINANCING_CAP_EXCEEDED", "{refused}");
    assert_eq!(errors[0]["field"], json!(["input", "to"]));
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM commitments").await,
        commitments,
        "no commitment"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        audits,
        "no audit row"
    );
    let status = app.gql_ok("query R($id: ID!) { node(id: $id) { ... on FundingRequest { status version commitment { id } } } }", json!({ "id": over_cap })).await;
    assert_eq!(
        status["node"],
        json!({ "status": "SUBMITTED", "version": 2, "commitment": null })
    );

    let at_cap = submitted(&app, &a, &project, "ADS", "10000.00").await;
    let ok = moved(&app, &a.staff, &at_cap, "ACCEPTED").await;
    assert_eq!(
        ok["data"]["transitionFundingRequest"]["userErrors"],
        json!([]),
        "{ok}"
    );
    let over_plan = submitted(&app, &a, &project, "TEXMO", "30000.01").await;
    let refused = moved(&app, &a.staff, &over_plan, "ACCEPTED").await;
    assert_eq!(
        refused["data"]["transitionFundingRequest"]["userErrors"][0]["code"], "OVERFUNDED",
        "{refused}"
    );
    let fits = submitted(&app, &a, &project, "TEXMO", "30000.00").await;
    let ok = moved(&app, &a.staff, &fits, "ACCEPTED").await;
    assert_eq!(
        ok["data"]["transitionFundingRequest"]["fundingRequest"]["commitment"]["partner"]["acronym"],
        "TEXMO",
        "{ok}"
    );
}

#[tokio::test]
async fn a_request_moves_only_along_its_workflow() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let draft = request(&app, &a.staff, json!({ "projectId": project, "partnerId": partner(&app, "TEXMO").await, "requested": { "amount": "5000.00" } })).await;
    let id = draft["data"]["createFundingRequest"]["fundingRequest"]["id"].clone();
    assert_eq!(
        draft["data"]["createFundingRequest"]["fundingRequest"]["status"],
        "DRAFT"
    );
    let early = moved(&app, &a.staff, &id, "ACCEPTED").await;
    assert_eq!(
        early["data"]["transitionFundingRequest"]["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );
    let withdrawn = moved(&app, &a.staff, &id, "WITHDRAWN").await;
    assert_eq!(
        withdrawn["data"]["transitionFundingRequest"]["fundingRequest"]["status"],
        "WITHDRAWN"
    );
    for to in ["SUBMITTED", "DRAFT", "DECLINED"] {
        let body = moved(&app, &a.staff, &id, to).await;
        assert_eq!(
            body["data"]["transitionFundingRequest"]["userErrors"][0]["code"], "INVALID_TRANSITION",
            "WITHDRAWN → {to}"
        );
    }
    let (_, frozen) = app
        .gql_as(
            &a.staff,
            UPDATE,
            json!({ "input": { "id": id, "requested": { "amount": "6000.00" } } }),
        )
        .await;
    assert_eq!(
        frozen["data"]["updateFundingRequest"]["userErrors"][0]["code"],
        "INVALID_TRANSITION"
    );

    let declined = submitted(&app, &a, &project, "TEXMO", "5000.00").await;
    let body = moved(&app, &a.staff, &declined, "DECLINED").await;
    let request = &body["data"]["transitionFundingRequest"]["fundingRequest"];
    assert_eq!(request["status"], "DECLINED", "{body}");
    assert!(request["commitment"].is_null(), "a decline commits nothing");
    let (_, early_answer) = app.gql_as(&a.staff, MOVE, json!({ "input": { "id": submitted(&app, &a, &project, "TEXMO", "1000.00").await, "to": "DECLINED", "on": "2025-12-31" } })).await;
    assert_eq!(
        early_answer["data"]["transitionFundingRequest"]["userErrors"][0]["code"], "OUT_OF_RANGE",
        "an answer before the request was sent"
    );
}

#[tokio::test]
async fn the_center_sends_requests_and_only_the_partner_asked_answers() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let input = json!({ "projectId": project, "partnerId": partner(&app, "ADS").await, "programId": a.pasec, "requested": { "amount": "1000.00" } });
    let texmo = partner_account(&app, "TEXMO").await;
    let ads = partner_account(&app, "ADS").await;
    for (who, token) in [
        ("other staff", &a.other_staff),
        ("partner", &ads),
        ("carrier", &a.carrier),
    ] {
        let body = request(&app, token, input.clone()).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{who}: {body}"
        );
    }
    let anonymous = app.gql(CREATE, json!({ "input": input })).await;
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    let by_admin = request(&app, &a.admin, input.clone()).await;
    assert!(
        by_admin["data"]["createFundingRequest"]["fundingRequest"]["id"].is_string(),
        "{by_admin}"
    );

    let id = submitted(&app, &a, &project, "ADS", "1000.00").await;
    let stranger = moved(&app, &texmo, &id, "ACCEPTED").await;
    assert_eq!(
        stranger["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "another partner: {stranger}"
    );
    let withdraw = moved(&app, &ads, &id, "WITHDRAWN").await;
    assert_eq!(
        withdraw["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "the partner only answers"
    );
    let answered = moved(&app, &ads, &id, "DECLINED").await;
    assert_eq!(
        answered["data"]["transitionFundingRequest"]["fundingRequest"]["status"], "DECLINED",
        "{answered}"
    );
}

#[tokio::test]
async fn a_request_is_checked_against_its_project_and_program() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let texmo = partner(&app, "TEXMO").await;
    let cases = [
        (
            json!({ "projectId": project, "partnerId": texmo, "programId": a.pasec, "requested": { "amount": "10.00" } }),
            "INVALID",
            vec!["input", "programId"],
        ),
        (
            json!({ "projectId": project, "partnerId": texmo, "requested": { "amount": "10.00", "currency": "EUR" } }),
            "INVALID",
            vec!["input", "requested"],
        ),
        (
            json!({ "projectId": project, "partnerId": texmo, "requested": { "amount": "0" } }),
            "OUT_OF_RANGE",
            vec!["input", "requested", "amount"],
        ),
    ];
    for (input, code, field) in cases {
        let body = request(&app, &a.staff, input.clone()).await;
        let errors = &body["data"]["createFundingRequest"]["userErrors"];
        assert_eq!(errors[0]["code"], code, "{input}: {body}");
        assert_eq!(errors[0]["field"], json!(field), "{input}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM funding_requests WHERE project_id NOT IN (SELECT id FROM projects WHERE reference LIKE 'MOH-200%')").await, 0);
}

#[tokio::test]
async fn creates_replay_their_key_and_updates_check_the_version() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let input = json!({ "projectId": project, "partnerId": partner(&app, "TEXMO").await, "requested": { "amount": "2500.00" }, "idempotencyKey": "req-42" });
    let first = request(&app, &a.staff, input.clone()).await;
    let again = request(&app, &a.staff, input).await;
    let id = first["data"]["createFundingRequest"]["fundingRequest"]["id"].clone();
    assert_eq!(
        again["data"]["createFundingRequest"]["fundingRequest"]["id"],
        id
    );
    assert_eq!(audit_rows(&app, "create_funding_request").await, 1);

    let (_, stale) = app.gql_as(&a.staff, UPDATE, json!({ "input": { "id": id, "expectedVersion": 2, "requested": { "amount": "3000.00" } } })).await;
    assert_eq!(
        stale["data"]["updateFundingRequest"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let (_, updated) = app.gql_as(&a.staff, UPDATE, json!({ "input": { "id": id, "expectedVersion": 1, "requested": { "amount": "3000.00" } } })).await;
    assert_eq!(
        updated["data"]["updateFundingRequest"]["fundingRequest"],
        json!({ "id": id, "version": 2, "requested": { "amount": "3000.00" } })
    );
}

#[tokio::test]
async fn lists_filter_and_page_the_requests() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let before = app
        .gql_ok(
            "{ fundingRequests(first: 100) { totalCount } }",
            Value::Null,
        )
        .await["fundingRequests"]["totalCount"]
        .as_i64()
        .unwrap();
    assert!(before >= 7, "the demo's pipeline");
    let since = chrono::Utc::now().to_rfc3339();
    let pending = submitted(&app, &a, &project, "TEXMO", "1000.00").await;
    submitted(&app, &a, &project, "ADS", "2000.00").await;
    let query = "query L($filter: FundingRequestFilter, $after: String) { fundingRequests(first: 1, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { id requested { amount } } } }";
    let first = app
        .gql_ok(query, json!({ "filter": { "projectId": project } }))
        .await["fundingRequests"]
        .clone();
    assert_eq!(first["totalCount"], 2);
    assert_eq!(first["nodes"][0]["id"], pending, "oldest first");
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let second = app
        .gql_ok(
            query,
            json!({ "filter": { "projectId": project }, "after": first["pageInfo"]["endCursor"] }),
        )
        .await["fundingRequests"]
        .clone();
    assert_eq!(second["nodes"][0]["requested"]["amount"], "2000.00");
    assert_eq!(second["pageInfo"]["hasNextPage"], false);
    let recent = app
        .gql_ok(query, json!({ "filter": { "updatedSince": since } }))
        .await;
    assert_eq!(recent["fundingRequests"]["totalCount"], 2, "{recent}");
    let texmo = partner(&app, "TEXMO").await;
    let to_texmo = app.gql_ok(query, json!({ "filter": { "projectId": project, "partnerId": texmo, "status": ["SUBMITTED"] } })).await;
    assert_eq!(to_texmo["fundingRequests"]["totalCount"], 1, "{to_texmo}");
    let nested = app.gql_ok("query N($id: ID!) { node(id: $id) { ... on Partner { fundingRequests(filter: { status: [SUBMITTED] }) { totalCount } } } }", json!({ "id": texmo })).await;
    assert_eq!(
        nested["node"]["fundingRequests"]["totalCount"], 2,
        "the demo's pending request and ours"
    );
    let read = app.gql_ok(PIPELINE, json!({ "id": project })).await["node"].clone();
    assert_eq!(read["fundingRequests"]["totalCount"], 2);
    assert_eq!(read["pipeline"]["pending"]["amount"], "3000.00");
    assert_eq!(read["pipeline"]["asked"]["amount"], "3000.00");
}

#[tokio::test]
async fn the_dashboard_counts_each_partners_answers_in_one_aggregate() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let query = "{ stats { fundingRequestsByPartner { partner { acronym } submittedCount acceptedCount declinedCount acceptanceRate asked { amount } accepted { amount } } } }";
    let rows = |data: &Value, acronym: &str| {
        data["stats"]["fundingRequestsByPartner"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["partner"]["acronym"] == acronym)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let demo = app.gql_ok(query, Value::Null).await;
    assert_eq!(
        rows(&demo, "ADS"),
        json!({ "partner": { "acronym": "ADS" }, "submittedCount": 5, "acceptedCount": 5, "declinedCount": 0, "acceptanceRate": "1.00", "asked": { "amount": "545200.00" }, "accepted": { "amount": "545200.00" } })
    );
    let project = project(&app, &a).await;
    let id = submitted(&app, &a, &project, "ADS", "1000.00").await;
    moved(&app, &a.staff, &id, "DECLINED").await;
    submitted(&app, &a, &project, "ADS", "500.00").await;
    let after = app.gql_ok(query, Value::Null).await;
    let ads = rows(&after, "ADS");
    assert_eq!(ads["submittedCount"], 7, "{ads}");
    assert_eq!(ads["declinedCount"], 1);
    assert_eq!(ads["acceptanceRate"], "0.8333", "5 of 6 answered");
    assert_eq!(ads["asked"]["amount"], "546700.00");
    assert_eq!(ads["accepted"]["amount"], "545200.00");
}

#[tokio::test]
async fn the_centers_staff_read_the_requests_audit_rows_and_no_other_staff_do() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let id = submitted(&app, &a, &project, "TEXMO", "1000.00").await;
    let query = "query A($filter: AuditEventFilter) { auditEvents(first: 10, filter: $filter) { nodes { action entityType } } }";
    let filter = json!({ "filter": { "entityId": id } });
    let (_, own) = app.gql_as(&a.staff, query, filter.clone()).await;
    let actions: Vec<&str> = own["data"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("{own}"))
        .iter()
        .map(|event| event["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.len(), 2, "{own}");
    assert!(
        actions.contains(&"create_funding_request")
            && actions.contains(&"transition_funding_request")
    );
    assert_eq!(
        own["data"]["auditEvents"]["nodes"][0]["entityType"],
        "FundingRequest"
    );
    let (_, other) = app.gql_as(&a.other_staff, query, filter).await;
    assert_eq!(other["data"]["auditEvents"]["nodes"], json!([]), "{other}");
}

#[tokio::test]
async fn an_acceptance_publishes_its_request_and_its_commitment_and_a_refusal_nothing() {
    use cqs::graphql::id::decode;
    use cqs::service::events::{ChangeKind, Entity};
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project = project(&app, &a).await;
    let refused = submitted(&app, &a, &project, "ADS", "70000.01").await;
    let accepted = submitted(&app, &a, &project, "ADS", "70000.00").await;
    let mut events = app.events.subscribe();
    let body = moved(&app, &a.staff, &refused, "ACCEPTED").await;
    assert_eq!(
        body["data"]["transitionFundingRequest"]["userErrors"][0]["code"],
        "COFINANCING_CAP_EXCEEDED"
    );
    moved(&app, &a.staff, &accepted, "ACCEPTED").await;
    let mut heard = Vec::new();
    for _ in 0..2 {
        let event = tokio::time::timeout(std::time::Duration::from_secs(10), events.recv())
            .await
            .expect("an event in time")
            .expect("the bus is open");
        heard.push((event.kind, event.entity, event.id));
    }
    let request_id = decode(accepted.as_str().unwrap()).unwrap().1;
    assert!(
        heard
            .iter()
            .any(|&(kind, entity, _)| (kind, entity) == (ChangeKind::Created, Entity::Commitment)),
        "{heard:?}"
    );
    assert!(
        heard.contains(&(
            ChangeKind::StatusChanged,
            Entity::FundingRequest,
            request_id
        )),
        "{heard:?}"
    );
    let refused_id = decode(refused.as_str().unwrap()).unwrap().1;
    assert!(
        !heard.contains(&(
            ChangeKind::StatusChanged,
            Entity::FundingRequest,
            refused_id
        )),
        "the refused acceptance, made first, published nothing: {heard:?}"
    );
}
