//! Global ids: every Node type resolves through `node`, bad ids give null, `nodes` keeps order.

use serde_json::{Value, json};

use crate::helpers::spawn_demo_app;

const IDS: &str = r#"{
  centers(first: 1) { nodes { id zones(first: 1) { nodes { id } } } }
  partners(first: 1) { nodes { id } }
  programs(first: 1) { nodes { id } }
  associations(first: 1) { nodes { id } }
  cooperatives(first: 1) { nodes { id } }
  projects(first: 1, filter: { search: "MOH-2003-0001" }) {
    nodes { id commitments(first: 1) { nodes { id disbursements { id } } } }
  }
}"#;

const NODE: &str = r#"query Node($id: ID!) {
  node(id: $id) {
    __typename
    id
    ... on Center { name }
    ... on Zone { name }
    ... on Partner { name }
    ... on Program { code }
    ... on Organization { name kind }
    ... on Project { reference }
    ... on Commitment { kind }
    ... on Disbursement { paidOn }
  }
}"#;

#[tokio::test]
async fn every_node_type_resolves_by_its_id() {
    let app = spawn_demo_app().await;
    let data = app.gql_ok(IDS, Value::Null).await;
    let project = &data["projects"]["nodes"][0];
    let commitment = &project["commitments"]["nodes"][0];
    let cases = [
        ("Center", &data["centers"]["nodes"][0]["id"]),
        (
            "Zone",
            &data["centers"]["nodes"][0]["zones"]["nodes"][0]["id"],
        ),
        ("Partner", &data["partners"]["nodes"][0]["id"]),
        ("Program", &data["programs"]["nodes"][0]["id"]),
        ("Association", &data["associations"]["nodes"][0]["id"]),
        ("Cooperative", &data["cooperatives"]["nodes"][0]["id"]),
        ("Project", &project["id"]),
        ("Commitment", &commitment["id"]),
        ("Disbursement", &commitment["disbursements"][0]["id"]),
    ];
    for (typename, id) in cases {
        assert!(id.is_string(), "{typename} has an id: {data:#}");
        let node = app.gql_ok(NODE, json!({ "id": id })).await;
        assert_eq!(node["node"]["__typename"], typename, "{typename}");
        assert_eq!(&node["node"]["id"], id, "{typename} keeps its id");
    }
}

#[tokio::test]
async fn malformed_or_unknown_ids_resolve_to_null() {
    let app = spawn_demo_app().await;
    let unknown_project = cqs::graphql::id::encode(cqs::graphql::id::NodeType::Project, 999_999);
    for id in [
        "",
        "nonsense",
        "UHJvamVjdDp4",
        "Q2VudGVyOjA",
        unknown_project.as_str(),
    ] {
        let body = app.gql(NODE, json!({ "id": id })).await;
        assert!(body.get("errors").is_none(), "{id:?}: {body:#}");
        assert_eq!(body["data"]["node"], Value::Null, "{id:?}");
    }
}

#[tokio::test]
async fn nodes_answers_in_the_order_asked_with_null_for_bad_ids() {
    let app = spawn_demo_app().await;
    let data = app.gql_ok(IDS, Value::Null).await;
    let center = data["centers"]["nodes"][0]["id"].clone();
    let partner = data["partners"]["nodes"][0]["id"].clone();
    let found = app
        .gql_ok(
            "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
            json!({ "ids": [partner, "bad", center] }),
        )
        .await;
    let nodes = found["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["__typename"], "Partner");
    assert_eq!(nodes[1], Value::Null);
    assert_eq!(nodes[2]["__typename"], "Center");
}

#[tokio::test]
async fn a_filter_with_an_id_of_the_wrong_type_is_a_clear_error() {
    let app = spawn_demo_app().await;
    let data = app.gql_ok(IDS, Value::Null).await;
    let partner = data["partners"]["nodes"][0]["id"].clone();
    let code = app
        .gql_error_code(
            "query P($id: ID!) { projects(filter: { centerId: $id }) { totalCount } }",
            json!({ "id": partner }),
        )
        .await;
    assert_eq!(code, "BAD_USER_INPUT");
}
