//! Bounded values: every date a mutation writes lies in 1900–2100 and every count of people in
//! 0–10,000,000 (else OUT_OF_RANGE on the field, nothing written); a query's dates and instants
//! outside 1900–2100 are BAD_USER_INPUT; a time series never holds more than 2,400 buckets,
//! whatever the filter or the rows already stored.

mod series;

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};
use crate::write_helpers::{assert_refused, count, with};

/// The opaque id of the first row of `table`.
async fn first(app: &TestApp, node: NodeType, table: &str) -> Value {
    let id = app.scalar(&format!("SELECT MIN(id) FROM {table}")).await;
    json!(encode(node, id))
}

/// A project that still takes commitments.
async fn open_project(app: &TestApp) -> Value {
    let open =
        "SELECT MIN(id) FROM projects WHERE status NOT IN ('COMPLETED', 'REJECTED', 'CANCELLED')";
    json!(encode(NodeType::Project, app.scalar(open).await))
}

/// Sends `name(input: input)` and returns the whole body.
async fn mutate(app: &TestApp, token: &str, name: &str, input: &Value) -> Value {
    let input_type = format!("{}{}Input", name[..1].to_uppercase(), &name[1..]);
    let query = format!(
        "mutation M($input: {input_type}!) {{ {name}(input: $input) {{ userErrors {{ code field message }} }} }}"
    );
    app.gql_as(token, &query, json!({ "input": input })).await.1
}

/// Every write leaves an audit row: the same count before and after means nothing was written.
async fn audit_rows(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM audit_events").await
}

#[tokio::test]
async fn a_commitment_pledged_in_year_one_is_refused_and_nothing_is_written() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let input = json!({
        "partnerId": first(&app, NodeType::Partner, "partners").await,
        "projectId": open_project(&app).await,
        "kind": "TECHNICAL_ASSISTANCE", "pledgedOn": "0001-01-01",
    });
    let (commitments, audit) = (
        count(&app, "SELECT COUNT(*) FROM commitments").await,
        audit_rows(&app).await,
    );
    let query = "mutation C($input: CreateCommitmentInput!) {
      createCommitment(input: $input) { commitment { id } userErrors { code field message } } }";
    let body = app.gql_as(&admin, query, json!({ "input": input })).await.1;
    assert_refused(
        &body,
        "createCommitment",
        "commitment",
        "OUT_OF_RANGE",
        &["input", "pledgedOn"],
    );
    let message = &body["data"]["createCommitment"]["userErrors"][0]["message"];
    assert_eq!(message, "must be between 1900-01-01 and 2100-12-31");
    let both = json!({ "pledgedOn": "1899-12-31", "dueOn": "2101-01-01" });
    let body = mutate(
        &app,
        &admin,
        "createCommitment",
        &with(input.clone(), &both),
    )
    .await;
    let fields: Vec<&Value> = body["data"]["createCommitment"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["field"])
        .collect();
    assert_eq!(
        fields,
        [&json!(["input", "pledgedOn"]), &json!(["input", "dueOn"])],
        "every date refused at once: {body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM commitments").await,
        commitments
    );
    assert_eq!(audit_rows(&app).await, audit, "nothing was written");
    let edges = json!({ "pledgedOn": "1900-01-01", "dueOn": "2100-12-31" });
    let body = mutate(
        &app,
        &admin,
        "createCommitment",
        &with(input.clone(), &edges),
    )
    .await;
    assert_eq!(
        body["data"]["createCommitment"]["userErrors"],
        json!([]),
        "the first and the last day are accepted: {body}"
    );
}

#[tokio::test]
async fn every_date_of_every_mutation_is_refused_outside_1900_to_2100() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let center = first(&app, NodeType::Center, "centers").await;
    let partner = first(&app, NodeType::Partner, "partners").await;
    let organization = first(&app, NodeType::Organization, "organizations").await;
    let program = first(&app, NodeType::Program, "programs").await;
    let project = first(&app, NodeType::Project, "projects").await;
    let commitment = first(&app, NodeType::Commitment, "commitments").await;
    let new_organization = json!({ "centerId": center, "name": "Association Nour" });
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "createCenter",
            json!({ "name": "Centre de Rabat", "slug": "rabat", "city": "Rabat" }),
            &["openedOn"],
        ),
        ("updateCenter", json!({ "id": center }), &["openedOn"]),
        (
            "createPartner",
            json!({ "name": "Fondation Nour", "kind": "FOUNDATION" }),
            &["joinedOn"],
        ),
        ("updatePartner", json!({ "id": partner }), &["joinedOn"]),
        (
            "createAssociation",
            new_organization.clone(),
            &["foundedOn", "networkMemberSince"],
        ),
        (
            "createCooperative",
            new_organization,
            &["foundedOn", "networkMemberSince"],
        ),
        (
            "updateOrganization",
            json!({ "id": organization }),
            &["foundedOn", "networkMemberSince"],
        ),
        (
            "createProgram",
            json!({ "code": "INDH", "name": "INDH", "funderId": partner, "maxCofinancingRate": "0.50" }),
            &["startsOn", "endsOn"],
        ),
        (
            "updateProgram",
            json!({ "id": program }),
            &["startsOn", "endsOn"],
        ),
        (
            "createProject",
            json!({ "carrierId": organization, "title": "Atelier", "sector": "INCOME_GENERATION",
                    "totalCost": { "amount": "1000.00" } }),
            &["startsOn", "endsOn"],
        ),
        (
            "updateProject",
            json!({ "id": project }),
            &["startsOn", "endsOn"],
        ),
        (
            "createCommitment",
            json!({ "partnerId": partner, "projectId": project, "kind": "EQUIPMENT" }),
            &["pledgedOn", "dueOn"],
        ),
        ("updateCommitment", json!({ "id": commitment }), &["dueOn"]),
        (
            "transitionCommitment",
            json!({ "id": commitment, "to": "FULFILLED" }),
            &["on"],
        ),
        (
            "recordDisbursement",
            json!({ "commitmentId": commitment, "amount": { "amount": "10.00" } }),
            &["paidOn"],
        ),
    ];
    let audit = audit_rows(&app).await;
    for (mutation, base, fields) in &cases {
        for field in *fields {
            for day in ["0001-01-01", "1899-12-31", "2101-01-01"] {
                let input = with(base.clone(), &json!({ *field: day }));
                let body = mutate(&app, &admin, mutation, &input).await;
                let case = format!("{mutation} {field}: {day}");
                assert!(body.get("errors").is_none(), "{case}: {body}");
                let errors = &body["data"][*mutation]["userErrors"];
                assert_eq!(errors[0]["code"], "OUT_OF_RANGE", "{case}: {body}");
                assert_eq!(errors[0]["field"], json!(["input", field]), "{case}");
            }
        }
    }
    for expires_at in ["0001-01-01T00:00:00Z", "2101-01-01T00:00:00Z"] {
        let input = json!({ "name": "ADS", "expiresAt": expires_at });
        let body = mutate(&app, &admin, "createApiToken", &input).await;
        let errors = &body["data"]["createApiToken"]["userErrors"];
        assert_eq!(errors[0]["code"], "OUT_OF_RANGE", "{expires_at}: {body}");
        assert_eq!(errors[0]["field"], json!(["input", "expiresAt"]));
    }
    assert_eq!(audit_rows(&app).await, audit, "nothing was written");
}

#[tokio::test]
async fn counts_of_people_above_ten_million_or_negative_are_refused() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let project = json!({ "id": first(&app, NodeType::Project, "projects").await });
    let organization = json!({ "id": first(&app, NodeType::Organization, "organizations").await });
    let cases = [
        ("updateProject", &project, "beneficiariesCount"),
        ("updateOrganization", &organization, "membersCount"),
    ];
    let audit = audit_rows(&app).await;
    for (mutation, input, field) in cases {
        for value in [10_000_001, i32::MAX, -1] {
            let body = mutate(
                &app,
                &admin,
                mutation,
                &with(input.clone(), &json!({ field: value })),
            )
            .await;
            let errors = &body["data"][mutation]["userErrors"];
            let case = format!("{mutation} {field}: {value}");
            assert_eq!(errors[0]["code"], "OUT_OF_RANGE", "{case}: {body}");
            assert_eq!(errors[0]["field"], json!(["input", field]), "{case}");
        }
    }
    assert_eq!(audit_rows(&app).await, audit, "nothing was written");
    for (mutation, input, field) in cases {
        let most = with(input.clone(), &json!({ field: 10_000_000 }));
        let body = mutate(&app, &admin, mutation, &most).await;
        assert_eq!(
            body["data"][mutation]["userErrors"],
            json!([]),
            "{mutation}: {field} 10,000,000 is accepted: {body}"
        );
    }
}

#[tokio::test]
async fn a_query_date_or_instant_outside_1900_to_2100_is_bad_user_input() {
    let app = spawn_demo_app().await;
    let cases = [
        (
            "stats",
            r#"{ stats(filter: { from: "0001-01-01" }) { projects { total } } }"#,
            "`from`",
        ),
        (
            "stats",
            r#"{ stats(filter: { to: "2101-01-01" }) { projects { total } } }"#,
            "`to`",
        ),
        (
            "commitments",
            r#"{ commitments(filter: { pledgedFrom: "1899-12-31" }) { totalCount } }"#,
            "`pledgedFrom`",
        ),
        (
            "commitments",
            r#"{ commitments(filter: { pledgedTo: "2101-01-01" }) { totalCount } }"#,
            "`pledgedTo`",
        ),
        (
            "commitments",
            r#"{ commitments(filter: { updatedSince: "0001-01-01T00:00:00Z" }) { totalCount } }"#,
            "`updatedSince`",
        ),
        (
            "projects",
            r#"{ projects(filter: { updatedSince: "2101-01-01T00:00:00Z" }) { totalCount } }"#,
            "`updatedSince`",
        ),
        (
            "organizations",
            r#"{ organizations(filter: { updatedSince: "1899-12-31T23:59:59Z" }) { totalCount } }"#,
            "`updatedSince`",
        ),
        (
            "partners",
            r#"{ partners(filter: { updatedSince: "0001-01-01T00:00:00Z" }) { totalCount } }"#,
            "`updatedSince`",
        ),
        (
            "a partner's commitments",
            r#"{ partners(first: 1) { nodes { commitments(filter: { pledgedFrom: "0001-01-01" }) { totalCount } } } }"#,
            "`pledgedFrom`",
        ),
    ];
    for (case, query, argument) in cases {
        let body = app.gql(query, Value::Null).await;
        let error = &body["errors"][0];
        assert_eq!(
            error["extensions"]["code"], "BAD_USER_INPUT",
            "{case}: {body}"
        );
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(argument) && message.contains("1900-01-01 and 2100-12-31"),
            "{case}: a message naming the argument and the bounds: {message}"
        );
    }
    let widest = r#"{ stats(filter: { from: "1900-01-01", to: "2100-12-31" }) { projects { total } }
      commitments(filter: { updatedSince: "1900-01-01T00:00:00Z" }) { totalCount } }"#;
    app.gql_ok(widest, Value::Null).await;
}
