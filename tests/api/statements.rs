//! No N+1: a request's SQL statements depend on its depth, never on its page size.

use serde_json::json;

use crate::fixtures;
use cqs::config::Limits;

use crate::helpers::spawn_app_with_limits;

const NESTED_PAGE: &str = r#"
query Page($first: Int!) {
  projects(first: $first) {
    totalCount
    nodes {
      reference
      carrier { name sectors }
      zone { name }
      program { code }
      center { name }
      funding { committed { amount } disbursed { amount } programRemaining { amount } }
      statusHistory { to }
      commitments {
        totalCount
        nodes {
          amount { amount }
          disbursed { amount }
          partner { name totals { committed { amount } } }
          disbursements { amount { amount } paidOn }
        }
      }
    }
  }
}"#;

async fn statements_for(size: usize) -> u64 {
    // A page of 100 projects with their commitments and payments costs far more than the
    // default limit allows; the point here is the statement count, so the limit is raised.
    let app = spawn_app_with_limits(Limits {
        max_cost: 1_000_000,
        ..Limits::default()
    })
    .await;
    fixtures::projects_with_commitments(&app.db, size)
        .await
        .unwrap();
    let (data, statements) = app.gql_counted(NESTED_PAGE, json!({ "first": size })).await;
    let nodes = data["projects"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), size);
    assert!(
        nodes
            .iter()
            .all(|p| p["commitments"]["nodes"].as_array().unwrap().len() == 3)
    );
    statements
}

#[tokio::test]
async fn a_nested_page_runs_as_many_statements_for_100_projects_as_for_10() {
    let for_ten = statements_for(10).await;
    let for_hundred = statements_for(100).await;
    assert_eq!(
        for_ten, for_hundred,
        "statements must not grow with the page size"
    );
    assert!(
        for_ten <= 16,
        "a small, fixed number of statements: {for_ten}"
    );
}
