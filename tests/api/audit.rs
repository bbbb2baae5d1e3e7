//! Every write leaves an audit row naming its actor and its request, written with the change.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, spawn_demo_app};
use crate::write_projects::{actors, create, new_project, transition};

#[tokio::test]
async fn each_kind_of_write_is_audited_with_its_actor_and_request_id() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let before = app.scalar("SELECT COUNT(*) FROM audit_events").await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let (_, updated) = app
        .gql_as(&a.staff, "mutation U($input: UpdateProjectInput!) { updateProject(input: $input) { userErrors { code } } }", json!({ "input": { "id": project, "title": "Atelier revu" } }))
        .await;
    assert_eq!(updated["data"]["updateProject"]["userErrors"], json!([]));
    transition(&app, &a.staff, &project, "IN_PREPARATION").await;
    let partner = json!(cqs::graphql::id::encode(
        cqs::graphql::id::NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'TEXMO'")
            .await
    ));
    let commitment = crate::write_commitments::commit(&app, &a.staff, json!({ "partnerId": partner, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100.00" } })).await["commitment"]["id"].clone();
    for (query, input) in [
        (
            "mutation M($input: UpdateCommitmentInput!) { updateCommitment(input: $input) { userErrors { code } } }",
            json!({ "id": commitment, "amount": { "amount": "200.00" } }),
        ),
        (
            "mutation M($input: TransitionCommitmentInput!) { transitionCommitment(input: $input) { userErrors { code } } }",
            json!({ "id": commitment, "to": "CONFIRMED" }),
        ),
        (
            "mutation M($input: RecordDisbursementInput!) { recordDisbursement(input: $input) { userErrors { code } } }",
            json!({ "commitmentId": commitment, "amount": { "amount": "50.00" }, "paidOn": "2004-01-01" }),
        ),
    ] {
        let (_, body) = app.gql_as(&a.staff, query, json!({ "input": input })).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let actions = [
        "create_project",
        "update_project",
        "transition_project",
        "create_commitment",
        "update_commitment",
        "transition_commitment",
        "record_disbursement",
    ];
    for action in actions {
        let rows = app
            .scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND actor_user_id IS NOT NULL AND request_id IS NOT NULL"))
            .await;
        assert_eq!(rows, 1, "{action}");
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events").await - before,
        actions.len() as i64,
        "one row per write, none for reads"
    );
    let viewer = app.token_for(Role::Viewer, Links::default()).await;
    let (_, _) = app
        .gql_as(&viewer, "{ projects { totalCount } }", Value::Null)
        .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events").await - before,
        actions.len() as i64 + 1,
        "the viewer's account creation is the only new row"
    );
}
