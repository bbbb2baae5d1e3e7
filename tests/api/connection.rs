//! The Relay connection every list shares, exercised through `partners`: forward and backward
//! pages, exact boundaries, empty lists, the size cap and bad cursors.

use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{TestApp, spawn_app};

const PARTNERS: &str = r#"
query Partners($first: Int, $after: String, $last: Int, $before: String, $filter: PartnerFilter) {
  partners(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    edges { cursor node { name } }
    nodes { name }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}"#;

/// An app with partners "Partenaire 01" to "Partenaire <count>".
async fn app_with_partners(count: usize) -> TestApp {
    let app = spawn_app().await;
    for n in 1..=count {
        fixtures::partner(&app.db, &format!("Partenaire {n:02}"))
            .await
            .unwrap();
    }
    app
}

async fn page(app: &TestApp, variables: Value) -> Value {
    app.gql_ok(PARTNERS, variables).await["partners"].clone()
}

fn names(page: &Value) -> Vec<String> {
    let from_nodes: Vec<String> = page["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|node| node["name"].as_str().expect("a name").to_owned())
        .collect();
    let from_edges: Vec<String> = page["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["name"].as_str().expect("a name").to_owned())
        .collect();
    assert_eq!(
        from_nodes, from_edges,
        "nodes and edges list the same items"
    );
    from_nodes
}

fn numbered(numbers: &[u32]) -> Vec<String> {
    numbers
        .iter()
        .map(|n| format!("Partenaire {n:02}"))
        .collect()
}

fn flag(page: &Value, name: &str) -> bool {
    page["pageInfo"][name].as_bool().expect("a page flag")
}

#[tokio::test]
async fn pages_forward_cover_the_list_once_in_order() {
    let app = app_with_partners(7).await;
    let first = page(&app, json!({ "first": 3 })).await;
    assert_eq!(names(&first), numbered(&[1, 2, 3]));
    assert!(flag(&first, "hasNextPage"));
    assert!(!flag(&first, "hasPreviousPage"));
    assert_eq!(first["totalCount"], 7);

    let second = page(
        &app,
        json!({ "first": 3, "after": first["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&second), numbered(&[4, 5, 6]));
    assert!(flag(&second, "hasNextPage"));
    assert!(flag(&second, "hasPreviousPage"));

    let last = page(
        &app,
        json!({ "first": 3, "after": second["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&last), numbered(&[7]));
    assert!(!flag(&last, "hasNextPage"));
    assert_eq!(last["totalCount"], 7, "the count ignores the page window");
}

#[tokio::test]
async fn a_page_that_ends_exactly_at_the_list_end_has_no_next_page() {
    let app = app_with_partners(6).await;
    let whole = page(&app, json!({ "first": 6 })).await;
    assert_eq!(names(&whole).len(), 6);
    assert!(!flag(&whole, "hasNextPage"));

    let half = page(&app, json!({ "first": 3 })).await;
    let rest = page(
        &app,
        json!({ "first": 3, "after": half["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&rest), numbered(&[4, 5, 6]));
    assert!(!flag(&rest, "hasNextPage"));
}

#[tokio::test]
async fn pages_backward_with_last_and_before() {
    let app = app_with_partners(7).await;
    let tail = page(&app, json!({ "last": 3 })).await;
    assert_eq!(names(&tail), numbered(&[5, 6, 7]));
    assert!(flag(&tail, "hasPreviousPage"));
    assert!(!flag(&tail, "hasNextPage"));

    let middle = page(
        &app,
        json!({ "last": 3, "before": tail["pageInfo"]["startCursor"] }),
    )
    .await;
    assert_eq!(names(&middle), numbered(&[2, 3, 4]));
    assert!(flag(&middle, "hasPreviousPage"));
    assert!(flag(&middle, "hasNextPage"));

    let head = page(
        &app,
        json!({ "last": 3, "before": middle["pageInfo"]["startCursor"] }),
    )
    .await;
    assert_eq!(names(&head), numbered(&[1]));
    assert!(!flag(&head, "hasPreviousPage"));
}

#[tokio::test]
async fn an_empty_list_is_an_empty_page() {
    let app = spawn_app().await;
    let empty = page(&app, json!({})).await;
    assert_eq!(names(&empty), Vec::<String>::new());
    assert_eq!(empty["totalCount"], 0);
    assert!(!flag(&empty, "hasNextPage"));
    assert!(!flag(&empty, "hasPreviousPage"));
    assert_eq!(empty["pageInfo"]["startCursor"], Value::Null);
    assert_eq!(empty["pageInfo"]["endCursor"], Value::Null);
}

#[tokio::test]
async fn pages_default_to_twenty_items() {
    let app = app_with_partners(25).await;
    let default = page(&app, json!({})).await;
    assert_eq!(names(&default).len(), 20);
    assert!(flag(&default, "hasNextPage"));
    let hundred = page(&app, json!({ "first": 100 })).await;
    assert_eq!(names(&hundred).len(), 25);
    let none = page(&app, json!({ "first": 0 })).await;
    assert_eq!(names(&none).len(), 0);
    assert!(flag(&none, "hasNextPage"), "rows remain past an empty page");
}

#[tokio::test]
async fn page_sizes_outside_zero_to_one_hundred_are_errors() {
    let app = app_with_partners(1).await;
    let cases = [
        ("first above the cap", json!({ "first": 1000 })),
        ("first just above the cap", json!({ "first": 101 })),
        ("negative first", json!({ "first": -1 })),
        ("last above the cap", json!({ "last": 101 })),
        ("first and last together", json!({ "first": 1, "last": 1 })),
    ];
    for (case, variables) in cases {
        let body = app.gql(PARTNERS, variables).await;
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{case}: {body:#}"
        );
        assert_eq!(body["data"], Value::Null, "{case}: no partial list");
    }
    let body = app.gql(PARTNERS, json!({ "first": 1000 })).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("100") && message.contains("1000"),
        "the message explains: {message}"
    );
}

#[tokio::test]
async fn a_malformed_cursor_is_an_error_not_a_crash() {
    let app = app_with_partners(2).await;
    for cursor in ["garbage", "eyJ4IjoxfQ", ""] {
        let code = app
            .gql_error_code(PARTNERS, json!({ "first": 1, "after": cursor }))
            .await;
        assert_eq!(code, "BAD_USER_INPUT", "cursor {cursor:?}");
    }
}

#[tokio::test]
async fn a_cursor_stays_valid_when_its_row_is_deleted() {
    let app = app_with_partners(5).await;
    let first = page(&app, json!({ "first": 2 })).await;
    app.db
        .execute_unprepared("DELETE FROM partners WHERE name = 'Partenaire 02'")
        .await
        .unwrap();
    let next = page(
        &app,
        json!({ "first": 2, "after": first["pageInfo"]["endCursor"] }),
    )
    .await;
    assert_eq!(names(&next), numbered(&[3, 4]));
}

#[tokio::test]
async fn partner_search_ignores_case_and_accents() {
    let app = app_with_partners(2).await;
    fixtures::partner(&app.db, "Agence de Développement Social")
        .await
        .unwrap();
    for term in ["developpement", "DÉVELOPPEMENT", "agence de dev"] {
        let found = page(&app, json!({ "filter": { "search": term } })).await;
        assert_eq!(
            names(&found),
            vec!["Agence de Développement Social".to_owned()],
            "term {term:?}"
        );
    }
}

use sea_orm::ConnectionTrait;
