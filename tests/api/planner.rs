//! The read planner (issue 12): the same answers as the resolvers, in one statement per root
//! field, and a fallback to the resolvers for any selection it does not know.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{
    Links, TestApp, TestDatabase, spawn_app, spawn_app_on_url_with, spawn_demo_app,
};

const Q1: &str = include_str!("../../bench/queries/q1.graphql");
const Q2: &str = include_str!("../../bench/queries/q2.graphql");

/// Two apps on one database: the planner on in the first, off in the second.
async fn twin_apps(demo: bool) -> (TestApp, TestApp) {
    let on = if demo {
        spawn_demo_app().await
    } else {
        spawn_app().await
    };
    let off = spawn_app_on_url_with(TestDatabase::create().await, &on.database.url, |config| {
        config.planner = false;
    })
    .await;
    (on, off)
}

/// The whole response (data and errors) as JSON text, with the request-specific error
/// extensions (request ids) left out.
fn answer(mut body: Value) -> String {
    if let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut) {
        for error in errors {
            if let Some(extensions) = error.get_mut("extensions").and_then(Value::as_object_mut) {
                extensions.remove("requestId");
            }
        }
    }
    serde_json::to_string(&body).unwrap()
}

/// Project ids of the demo: every one, with and without commitments.
async fn project_ids(app: &TestApp) -> Vec<String> {
    let data = app
        .gql_ok("{ projects(first: 100) { nodes { id } } }", json!({}))
        .await;
    data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| node["id"].as_str().unwrap().to_owned())
        .collect()
}

fn corpus(project: &str, partner: &str) -> Vec<(String, Value)> {
    let node = |query: &str, vars: Value| (query.to_owned(), vars);
    vec![
        node(Q1, json!({})),
        node(Q2, json!({ "id": project })),
        node(
            "{ projects { nodes { id reference title summary sector status totalCost { amount currency } \
             ownContribution { amount currency __typename } beneficiariesCount version __typename } __typename } }",
            json!({}),
        ),
        node(
            "{ projects(first: 7, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { id title } } }",
            json!({}),
        ),
        node("{ projects(first: 0) { nodes { id } } }", json!({})),
        node(
            "{ a: projects(first: 3) { list: nodes { t: title title t2: title carrier { name } carrier { id __typename } } } }",
            json!({}),
        ),
        node(
            "query($skip: Boolean!, $with: Boolean = true) { projects(first: 5) { nodes { \
             title @skip(if: $skip) status @include(if: $with) ...P ... on Node { id } \
             ... @include(if: $skip) { reference } } } } \
             fragment P on Project { totalCost { amount } commitments { nodes { id kind status description \
             amount { amount currency } partner { id name __typename } __typename } } }",
            json!({ "skip": true }),
        ),
        node(
            "query($skip: Boolean!) { projects(first: 5) { nodes { title @skip(if: $skip) } } }",
            json!({ "skip": false }),
        ),
        node(
            "query($id: ID!) { node(id: $id) { __typename id ... on Project { title c: commitments { nodes { partner { name } } } } \
             ... on Partner { name } ...N } } fragment N on Node { id }",
            json!({ "id": project }),
        ),
        node(
            "query($id: ID!) { node(id: $id) { __typename ... on Partner { name } } }",
            json!({ "id": partner }),
        ),
        node(
            "query($id: ID!) { node(id: $id) { id ... on Project { title } } }",
            json!({ "id": encode(NodeType::Project, 999_999).0 }),
        ),
        node(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": "not an id" }),
        ),
        // Outside the vocabulary: answered by the resolvers.
        node(
            "{ projects(first: 3) { totalCount pageInfo { hasNextPage } nodes { title funding { gap { amount } } } } }",
            json!({}),
        ),
        node(
            "query($id: ID!) { node(id: $id) { ... on Project { carrier { name ... on Association { acronym } contact { email } } } } }",
            json!({ "id": project }),
        ),
        node("{ projects(first: 101) { nodes { id } } }", json!({})),
        node(
            "{ projects(first: 2, orderBy: { field: TITLE, direction: ASC }) { nodes { title commitments(first: 1) { nodes { id } } } } }",
            json!({}),
        ),
    ]
}

#[tokio::test]
async fn the_planner_answers_exactly_as_the_resolvers_for_anonymous_and_viewers() {
    let (on, off) = twin_apps(true).await;
    // A project with no commitment at all, next to the demo's.
    let center = fixtures::center(&on.db, "planner").await.unwrap();
    let carrier = fixtures::association(&on.db, center.id, None)
        .await
        .unwrap();
    fixtures::project(&on.db, center.id, carrier.id, "PLA-2026-0001")
        .await
        .unwrap();
    let partner = fixtures::partner(&on.db, "Partenaire du planificateur")
        .await
        .unwrap();
    let partner = encode(NodeType::Partner, partner.id).0;
    let (email, password) = on.user(Role::Viewer, Links::default()).await;
    let tokens = [
        on.login(&email, &password).await,
        off.login(&email, &password).await,
    ];
    let ids = project_ids(&on).await;
    assert!(ids.len() > 3, "the demo holds projects");
    let planned_nodes = planner_samples(&on, "cqs_planner_plans_total", "node").await;
    let mut compared = 0;
    for project in &ids {
        for (query, variables) in corpus(project, &partner) {
            let planned = answer(on.gql(&query, variables.clone()).await);
            let resolved = answer(off.gql(&query, variables.clone()).await);
            assert_eq!(planned, resolved, "anonymous: {query} {variables}");
            let (_, planned) = on.gql_as(&tokens[0], &query, variables.clone()).await;
            let (_, resolved) = off.gql_as(&tokens[1], &query, variables.clone()).await;
            assert_eq!(answer(planned), answer(resolved), "viewer: {query}");
            compared += 1;
        }
    }
    assert!(compared > 50);
    // The corpus did go through the planner, not only through the resolvers.
    assert!(planner_samples(&on, "cqs_planner_plans_total", "node").await > planned_nodes);
}

#[tokio::test]
async fn q1_and_q2_run_one_statement_whatever_the_page_size() {
    for size in [10, 50] {
        let (on, off) = twin_apps(false).await;
        fixtures::projects_with_commitments(&on.db, size)
            .await
            .unwrap();
        for id in project_ids(&on).await.iter().take(3) {
            let (data, statements) = on.gql_counted(Q2, json!({ "id": id })).await;
            assert!(data["node"]["title"].is_string());
            assert_eq!(statements, 1, "Q2 planned");
            let (_, resolved) = off.gql_counted(Q2, json!({ "id": id })).await;
            assert!(resolved > 1, "Q2 through the resolvers runs {resolved}");
            println!("Q2: {statements} statement(s) planned, {resolved} resolved");
        }
        let (data, statements) = on.gql_counted(Q1, json!({})).await;
        assert_eq!(data["projects"]["nodes"].as_array().unwrap().len(), size);
        assert_eq!(statements, 1, "Q1 planned, {size} projects");
        let (_, resolved) = off.gql_counted(Q1, json!({})).await;
        assert!(resolved > 1, "Q1 through the resolvers runs {resolved}");
        println!("{size} projects: Q1 {statements} statement(s) planned, {resolved} resolved");
    }
}

async fn planner_samples(app: &TestApp, metric: &str, field: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    text.lines()
        .filter(|line| line.starts_with(&format!("{metric}{{")))
        .filter(|line| line.contains(&format!("field=\"{field}\"")))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn a_selection_outside_the_vocabulary_falls_back_and_is_counted() {
    let (on, off) = twin_apps(true).await;
    let query = "{ projects(first: 5) { nodes { title funding { gap { amount } } carrier { name contact { email } } } } }";
    let fallbacks = planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await;
    let (data, statements) = on.gql_counted(query, json!({})).await;
    assert!(statements > 1, "answered by the resolvers");
    assert_eq!(data, off.gql_ok(query, json!({})).await);
    assert!(planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await > fallbacks);
    let plans = planner_samples(&on, "cqs_planner_plans_total", "projects").await;
    on.gql_ok(Q1, json!({})).await;
    assert!(planner_samples(&on, "cqs_planner_plans_total", "projects").await > plans);
}
