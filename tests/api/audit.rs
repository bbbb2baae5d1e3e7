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
    // A payment changes its commitment too (what was paid, its version): both are recorded.
    let actions = [
        ("create_project", 1),
        ("update_project", 1),
        ("transition_project", 1),
        ("create_commitment", 1),
        ("update_commitment", 2),
        ("transition_commitment", 1),
        ("record_disbursement", 1),
    ];
    for (action, count) in actions {
        let rows = app
            .scalar(&format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND actor_user_id IS NOT NULL AND request_id IS NOT NULL"))
            .await;
        assert_eq!(rows, count, "{action}");
    }
    let written: i64 = actions.iter().map(|(_, count)| count).sum();
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events").await - before,
        written,
        "one row per change, none for reads"
    );
    let viewer = app.token_for(Role::Viewer, Links::default()).await;
    let (_, _) = app
        .gql_as(&viewer, "{ projects { totalCount } }", Value::Null)
        .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events").await - before,
        written + 1,
        "the viewer's account creation is the only new row"
    );
}

#[tokio::test]
async fn the_payment_that_completes_a_commitment_audits_its_status_change_with_real_field_names() {
    let app = spawn_demo_app().await;
    let a = actors(&app).await;
    let project =
        create(&app, &a.staff, new_project(&a, "100000.00")).await["project"]["id"].clone();
    let partner = json!(cqs::graphql::id::encode(
        cqs::graphql::id::NodeType::Partner,
        app.scalar("SELECT id FROM partners WHERE acronym = 'TEXMO'")
            .await
    ));
    let commitment = crate::write_commitments::commit(&app, &a.staff, json!({ "partnerId": partner, "projectId": project, "kind": "FINANCIAL", "amount": { "amount": "100.00" }, "status": "CONFIRMED" })).await["commitment"]["id"].clone();
    let (_, body) = app
        .gql_as(&a.staff, "mutation M($input: RecordDisbursementInput!) { recordDisbursement(input: $input) { commitment { status } userErrors { code } } }", json!({ "input": { "commitmentId": commitment, "amount": { "amount": "100.00" }, "paidOn": "2004-01-01" } }))
        .await;
    assert_eq!(
        body["data"]["recordDisbursement"]["commitment"]["status"], "FULFILLED",
        "{body}"
    );
    let fields = |action: &str| {
        format!(
            "SELECT changed_fields FROM audit_events WHERE action = '{action}' AND entity_type = 'Commitment'"
        )
    };
    let fulfilled: Vec<String> = app.strings(&fields("transition_commitment")).await;
    assert_eq!(
        fulfilled,
        [r#"["status","fulfilledOn"]"#],
        "the automatic FULFILLED is a status change"
    );
    let created: Vec<String> = app.strings(&fields("create_commitment")).await;
    assert_eq!(created.len(), 1);
    for field in ["partnerId", "projectId", "kind", "amount", "status"] {
        assert!(
            created[0].contains(&format!("\"{field}\"")),
            "{field} in {created:?}"
        );
    }
    assert!(
        !created[0].contains("\"all\""),
        "real names, not `all`: {created:?}"
    );
    let project_created: Vec<String> = app
        .strings("SELECT changed_fields FROM audit_events WHERE action = 'create_project'")
        .await;
    assert!(
        project_created[0].contains("\"title\""),
        "{project_created:?}"
    );
    assert!(
        project_created[0].contains("\"totalCost\""),
        "{project_created:?}"
    );
}
