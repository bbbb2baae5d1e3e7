//! The rules hold under concurrent requests: a cap that 32 simultaneous commitments would pass,
//! 16 simultaneous project creations, two updates racing on one version.

use futures::future::join_all;
use serde_json::{Value, json};

use cqs::graphql::id::{NodeType, encode};

use crate::helpers::spawn_demo_app;
use crate::write_projects::{actors, create, new_project};

const CREATE_COMMITMENT: &str = "mutation C($input: CreateCommitmentInput!) {
  createCommitment(input: $input) { commitment { id } userErrors { code } }
}";

#[tokio::test]
async fn thirty_two_simultaneous_commitments_leave_exactly_the_cap_committed() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    // Total 1,000,000.00 under PASEC: the ADS may commit 700,000.00, i.e. 28 commitments of
    // 25,000.00; 32 arrive at once.
    let project =
        create(&app, &a.staff, new_project(&a, "1000000.00")).await["project"]["id"].clone();
    let ads = json!(encode(
        NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'ADS'")
            .await
    ));
    let requests = (0..32).map(|_| {
        let input = json!({ "input": { "partnerId": ads, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "25000.00" } } });
        let (app, token) = (&app, &a.staff);
        async move { app.gql_as(token, CREATE_COMMITMENT, input).await }
    });
    let answers = join_all(requests).await;
    let mut accepted = 0;
    for (status, body) in &answers {
        assert_eq!(
            *status,
            reqwest::StatusCode::OK,
            "never a 500 or a lost connection: {body}"
        );
        assert!(
            body.get("errors").is_none(),
            "never a GraphQL error (deadlock, busy): {body}"
        );
        let payload = &body["data"]["createCommitment"];
        match payload["userErrors"][0]["code"].as_str() {
            None => accepted += 1,
            Some(code) => assert!(
                code == "COFINANCING_CAP_EXCEEDED" || code == "OVERFUNDED",
                "{payload}"
            ),
        }
    }
    assert_eq!(accepted, 28, "exactly the cap");
    let query = "query F($id: ID!) { node(id: $id) { ... on Project { funding { programCommitted { amount } programRemaining { amount } } } } }";
    let funding = app.gql_ok(query, json!({ "id": project })).await["node"]["funding"].clone();
    assert_eq!(funding["programCommitted"]["amount"], "700000.00");
    assert_eq!(funding["programRemaining"]["amount"], "0.00");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'create_commitment'")
            .await,
        28
    );
}

#[tokio::test]
async fn sixteen_simultaneous_projects_get_sixteen_distinct_references() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let requests = (0..16).map(|_| create(&app, &a.staff, new_project(&a, "50000.00")));
    let payloads = join_all(requests).await;
    let mut references: Vec<String> = payloads
        .iter()
        .map(|p| {
            p["project"]["reference"]
                .as_str()
                .unwrap_or_else(|| panic!("{p}"))
                .to_owned()
        })
        .collect();
    references.sort();
    references.dedup();
    assert_eq!(references.len(), 16, "{references:?}");
    let year = chrono::Utc::now().format("%Y").to_string();
    let expected: Vec<String> = (1..=16).map(|n| format!("MOH-{year}-{n:04}")).collect();
    assert_eq!(references, expected, "no gap, no twin");
}

#[tokio::test]
async fn of_two_updates_on_the_same_version_exactly_one_wins() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let id = create(&app, &a.staff, new_project(&a, "50000.00")).await["project"]["id"].clone();
    let update = "mutation U($input: UpdateProjectInput!) { updateProject(input: $input) { project { title version } userErrors { code } } }";
    let requests = ["Première version", "Seconde version"].map(|title| {
        let input = json!({ "input": { "id": id, "expectedVersion": 1, "title": title } });
        let (app, token) = (&app, &a.staff);
        async move { app.gql_as(token, update, input).await.1 }
    });
    let answers: Vec<Value> = join_all(requests).await;
    let winners = answers
        .iter()
        .filter(|a| a["data"]["updateProject"]["project"]["version"] == 2)
        .count();
    let losers = answers
        .iter()
        .filter(|a| a["data"]["updateProject"]["userErrors"][0]["code"] == "VERSION_CONFLICT")
        .count();
    assert_eq!((winners, losers), (1, 1), "{answers:?}");
}
