//! Filters, orders and keyset pages of the read API, checked against what the test computes
//! itself from the unfiltered list of the demo data.

use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{TestApp, spawn_demo_app};

const PROJECTS: &str = r#"
query Projects($first: Int, $after: String, $last: Int, $before: String,
               $filter: ProjectFilter, $orderBy: ProjectOrder) {
  projects(first: $first, after: $after, last: $last, before: $before,
           filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes {
      id reference title status sector createdAt
      totalCost { amount }
      carrier { id }
      program { id }
      zone { id }
    }
  }
}"#;

async fn projects(app: &TestApp, variables: Value) -> Value {
    app.gql_ok(PROJECTS, variables).await["projects"].clone()
}

fn references(page: &Value) -> Vec<String> {
    page["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_owned())
        .collect()
}

fn cost(project: &Value) -> f64 {
    project["totalCost"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Every project of the demo, in the default order.
async fn everything(app: &TestApp) -> Vec<Value> {
    projects(app, json!({ "first": 100 })).await["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

fn refs_where(all: &[Value], keep: impl Fn(&Value) -> bool) -> Vec<String> {
    all.iter()
        .filter(|p| keep(p))
        .map(|p| p["reference"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn project_filters_combine_and_match_what_the_rows_say() {
    let app = spawn_demo_app().await;
    let all = everything(&app).await;
    let pasec = all
        .iter()
        .find_map(|p| p["program"]["id"].as_str())
        .unwrap()
        .to_owned();
    let carrier = all[0]["carrier"]["id"].as_str().unwrap().to_owned();
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "one status",
            json!({ "status": ["COMPLETED"] }),
            refs_where(&all, |p| p["status"] == "COMPLETED"),
        ),
        (
            "several statuses",
            json!({ "status": ["DRAFT", "IN_PROGRESS"] }),
            refs_where(&all, |p| {
                p["status"] == "DRAFT" || p["status"] == "IN_PROGRESS"
            }),
        ),
        (
            "cost range",
            json!({ "minTotalCost": "150000.00", "maxTotalCost": "180000.00" }),
            refs_where(&all, |p| (150_000.0..=180_000.0).contains(&cost(p))),
        ),
        (
            "program and status",
            json!({ "programId": pasec, "status": ["SEEKING_FUNDING", "UNDER_REVIEW"] }),
            refs_where(&all, |p| {
                p["program"]["id"] == pasec.as_str()
                    && (p["status"] == "SEEKING_FUNDING" || p["status"] == "UNDER_REVIEW")
            }),
        ),
        (
            "carrier",
            json!({ "carrierId": carrier }),
            refs_where(&all, |p| p["carrier"]["id"] == carrier.as_str()),
        ),
        (
            "sector",
            json!({ "sector": "INCOME_GENERATION" }),
            refs_where(&all, |p| p["sector"] == "INCOME_GENERATION"),
        ),
        (
            "nothing matches",
            json!({ "status": ["REJECTED"], "sector": "SPORT" }),
            vec![],
        ),
    ];
    for (case, filter, expected) in cases {
        let page = projects(&app, json!({ "first": 100, "filter": filter })).await;
        assert_eq!(references(&page), expected, "{case}");
        assert_eq!(page["totalCount"], expected.len(), "{case}: totalCount");
    }
}

#[tokio::test]
async fn projects_are_ordered_by_the_requested_key_then_id() {
    let app = spawn_demo_app().await;
    let all = everything(&app).await;
    let mut by_cost = all.clone();
    by_cost.sort_by(|a, b| {
        cost(b).partial_cmp(&cost(a)).unwrap().then_with(|| {
            let id = |p: &Value| p["id"].as_str().unwrap().to_owned();
            id(b).cmp(&id(a))
        })
    });
    let ordered = projects(
        &app,
        json!({ "first": 100, "orderBy": { "field": "TOTAL_COST", "direction": "DESC" } }),
    )
    .await;
    let costs: Vec<f64> = ordered["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(cost)
        .collect();
    assert!(
        costs.windows(2).all(|w| w[0] >= w[1]),
        "descending costs: {costs:?}"
    );
    assert_eq!(costs.len(), all.len());

    let by_title = projects(
        &app,
        json!({ "first": 100, "orderBy": { "field": "TITLE", "direction": "ASC" } }),
    )
    .await;
    let titles: Vec<&str> = by_title["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);

    let by_reference = projects(
        &app,
        json!({ "first": 100, "orderBy": { "field": "REFERENCE", "direction": "DESC" } }),
    )
    .await;
    let mut expected = references(&by_reference);
    expected.sort();
    expected.reverse();
    assert_eq!(references(&by_reference), expected);

    let created: Vec<&str> = all
        .iter()
        .map(|p| p["createdAt"].as_str().unwrap())
        .collect();
    assert!(
        created.windows(2).all(|w| w[0] <= w[1]),
        "oldest first by default"
    );
}

async fn walk(app: &TestApp, order: Value, size: usize, backward: bool) -> Vec<String> {
    let mut seen = Vec::new();
    let mut cursor = Value::Null;
    loop {
        let variables = if backward {
            json!({ "last": size, "before": cursor, "orderBy": order })
        } else {
            json!({ "first": size, "after": cursor, "orderBy": order })
        };
        let page = projects(app, variables).await;
        let mut refs = references(&page);
        assert!(refs.len() <= size);
        if backward {
            refs.extend(seen);
            seen = refs;
            if !page["pageInfo"]["hasPreviousPage"].as_bool().unwrap() {
                return seen;
            }
            cursor = page["pageInfo"]["startCursor"].clone();
        } else {
            seen.extend(refs);
            if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
                return seen;
            }
            cursor = page["pageInfo"]["endCursor"].clone();
        }
    }
}

#[tokio::test]
async fn paging_forward_or_backward_in_any_order_visits_each_project_once() {
    let app = spawn_demo_app().await;
    for field in [
        "CREATED_AT",
        "UPDATED_AT",
        "TITLE",
        "TOTAL_COST",
        "REFERENCE",
    ] {
        for direction in ["ASC", "DESC"] {
            let order = json!({ "field": field, "direction": direction });
            let whole =
                references(&projects(&app, json!({ "first": 100, "orderBy": order })).await);
            for size in [1, 3, 14] {
                assert_eq!(
                    walk(&app, order.clone(), size, false).await,
                    whole,
                    "{field} {direction} by {size}"
                );
                assert_eq!(
                    walk(&app, order.clone(), size, true).await,
                    whole,
                    "{field} {direction} back by {size}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_project_cursor_stays_valid_while_rows_are_added_and_removed() {
    let app = spawn_demo_app().await;
    let order = json!({ "field": "TOTAL_COST", "direction": "ASC" });
    let first = projects(&app, json!({ "first": 4, "orderBy": order })).await;
    let whole = references(&projects(&app, json!({ "first": 100, "orderBy": order })).await);

    let cursor_row = first["nodes"][3]["id"].as_str().unwrap().to_owned();
    let (_, id) = cqs::graphql::id::decode(&cursor_row).unwrap();
    // The row the cursor names goes away, and a cheap project appears before it.
    app.db
        .execute_unprepared(&format!(
            "DELETE FROM project_status_changes WHERE project_id = {id}"
        ))
        .await
        .unwrap();
    app.db
        .execute_unprepared(&format!("DELETE FROM projects WHERE id = {id} AND NOT EXISTS (SELECT 1 FROM commitments WHERE project_id = {id})"))
        .await
        .unwrap();
    let center = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT id FROM centers",
        ))
        .await
        .unwrap()
        .unwrap();
    let center_id: i64 = center.try_get_by_index(0).unwrap();
    let carrier = fixtures::association(&app.db, center_id, Some("NEW-1"))
        .await
        .unwrap();
    fixtures::project(&app.db, center_id, carrier.id, "MOH-2009-0001")
        .await
        .unwrap();
    app.db
        .execute_unprepared("UPDATE projects SET total_cost = 100, own_contribution = 0 WHERE reference = 'MOH-2009-0001'")
        .await
        .unwrap();

    let next = projects(
        &app,
        json!({ "first": 100, "after": first["pageInfo"]["endCursor"], "orderBy": order }),
    )
    .await;
    assert_eq!(
        references(&next),
        whole[4..].to_vec(),
        "the rest of the list, unshifted"
    );
}

#[tokio::test]
async fn an_empty_page_a_single_row_and_the_last_page_are_reported_exactly() {
    let app = spawn_demo_app().await;
    let none = projects(
        &app,
        json!({ "filter": { "search": "aucun projet ne porte ce titre" } }),
    )
    .await;
    assert_eq!(none["totalCount"], 0);
    assert_eq!(references(&none), Vec::<String>::new());
    assert_eq!(none["pageInfo"]["hasNextPage"], false);

    let one = projects(&app, json!({ "filter": { "search": "MOH-2003-0002" } })).await;
    assert_eq!(references(&one), vec!["MOH-2003-0002"]);
    assert_eq!(one["pageInfo"]["hasNextPage"], false);
    assert_eq!(one["pageInfo"]["startCursor"], one["pageInfo"]["endCursor"]);

    let total = projects(&app, json!({})).await["totalCount"]
        .as_u64()
        .unwrap() as usize;
    let exact = projects(&app, json!({ "first": total })).await;
    assert_eq!(references(&exact).len(), total);
    assert_eq!(
        exact["pageInfo"]["hasNextPage"], false,
        "a page ending exactly at the end"
    );
    let last = projects(&app, json!({ "last": 2 })).await;
    assert_eq!(last["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(last["pageInfo"]["hasNextPage"], false);
}

const ORGANIZATIONS: &str = r#"
query Organizations($filter: OrganizationFilter, $orderBy: OrganizationOrder, $first: Int, $after: String) {
  organizations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { __typename id name kind status foundedOn sectors zone { id } }
  }
}"#;

#[tokio::test]
async fn organization_filters_and_the_founding_date_order() {
    let app = spawn_demo_app().await;
    let all = app.gql_ok(ORGANIZATIONS, json!({ "first": 100 })).await["organizations"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let names = |data: &Value| -> Vec<String> {
        data["organizations"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let expect = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all.iter()
            .filter(|o| keep(o))
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let zone = all
        .iter()
        .find_map(|o| o["zone"]["id"].as_str())
        .unwrap()
        .to_owned();
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "cooperatives",
            json!({ "kind": "COOPERATIVE" }),
            expect(&|o| o["__typename"] == "Cooperative"),
        ),
        (
            "inactive",
            json!({ "status": "INACTIVE" }),
            expect(&|o| o["status"] == "INACTIVE"),
        ),
        (
            "a sector",
            json!({ "sector": "YOUTH" }),
            expect(&|o| o["sectors"].as_array().unwrap().contains(&json!("YOUTH"))),
        ),
        (
            "a zone",
            json!({ "zoneId": zone }),
            expect(&|o| o["zone"]["id"] == zone.as_str()),
        ),
        (
            "kind and sector",
            json!({ "kind": "ASSOCIATION", "sector": "WOMEN" }),
            expect(&|o| {
                o["kind"] == "ASSOCIATION"
                    && o["sectors"].as_array().unwrap().contains(&json!("WOMEN"))
            }),
        ),
    ];
    for (case, filter, expected) in cases {
        let data = app
            .gql_ok(ORGANIZATIONS, json!({ "first": 100, "filter": filter }))
            .await;
        assert_eq!(names(&data), expected, "{case}");
    }

    let center_id: i64 = {
        let row = app
            .db
            .query_one_raw(sea_orm::Statement::from_string(
                app.db.get_database_backend(),
                "SELECT id FROM centers",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    };
    fixtures::association(&app.db, center_id, Some("UNDATED-1"))
        .await
        .unwrap();
    let order = json!({ "field": "FOUNDED_ON", "direction": "ASC" });
    let mut founded = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .gql_ok(
                ORGANIZATIONS,
                json!({ "first": 4, "after": after, "orderBy": order }),
            )
            .await;
        founded.extend(
            data["organizations"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["foundedOn"].clone()),
        );
        if !data["organizations"]["pageInfo"]["hasNextPage"]
            .as_bool()
            .unwrap()
        {
            break;
        }
        after = data["organizations"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        founded.len(),
        all.len() + 1,
        "paging visits every organization once"
    );
    assert_eq!(
        founded.last(),
        Some(&Value::Null),
        "no founding date sorts last"
    );
    let dates: Vec<&str> = founded.iter().filter_map(Value::as_str).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

const COMMITMENTS: &str = r#"
query Commitments($filter: CommitmentFilter, $orderBy: CommitmentOrder) {
  commitments(first: 100, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes { id kind status pledgedOn updatedAt partner { id } target { __typename } }
  }
}"#;

#[tokio::test]
async fn commitment_filters_and_incremental_sync() {
    let app = spawn_demo_app().await;
    let all = app.gql_ok(COMMITMENTS, Value::Null).await["commitments"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let ids = |data: &Value| -> Vec<String> {
        data["commitments"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let expect = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all.iter()
            .filter(|c| keep(c))
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let partner = all[0]["partner"]["id"].as_str().unwrap().to_owned();
    let center = app
        .gql_ok("{ centers { nodes { id } } }", Value::Null)
        .await["centers"]["nodes"][0]["id"]
        .clone();
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "partner and status",
            json!({ "partnerId": partner, "status": ["CONFIRMED", "FULFILLED"] }),
            expect(&|c| {
                c["partner"]["id"] == partner.as_str()
                    && (c["status"] == "CONFIRMED" || c["status"] == "FULFILLED")
            }),
        ),
        (
            "kinds",
            json!({ "kind": ["EQUIPMENT", "PREMISES"] }),
            expect(&|c| c["kind"] == "EQUIPMENT" || c["kind"] == "PREMISES"),
        ),
        (
            "pledge window",
            json!({ "pledgedFrom": "2004-01-01", "pledgedTo": "2004-12-31" }),
            expect(&|c| c["pledgedOn"].as_str().unwrap().starts_with("2004")),
        ),
        (
            "a center and its projects",
            json!({ "centerId": center }),
            expect(&|_| true),
        ),
    ];
    for (case, filter, expected) in cases {
        let data = app.gql_ok(COMMITMENTS, json!({ "filter": filter })).await;
        assert_eq!(ids(&data), expected, "{case}");
    }

    let mut by_update = all.clone();
    by_update.sort_by(|a, b| a["updatedAt"].as_str().cmp(&b["updatedAt"].as_str()));
    let since = by_update[by_update.len() / 2]["updatedAt"].clone();
    let synced = app
        .gql_ok(COMMITMENTS, json!({ "filter": { "updatedSince": since }, "orderBy": { "field": "UPDATED_AT", "direction": "ASC" } }))
        .await;
    let stamps: Vec<&str> = synced["commitments"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["updatedAt"].as_str().unwrap())
        .collect();
    assert!(!stamps.is_empty());
    assert!(
        stamps.iter().all(|s| *s >= since.as_str().unwrap()),
        "only changes since {since}"
    );
    assert!(
        stamps.windows(2).all(|w| w[0] <= w[1]),
        "in the order they changed"
    );
    let expected = all
        .iter()
        .filter(|c| c["updatedAt"].as_str().unwrap() >= since.as_str().unwrap())
        .count();
    assert_eq!(stamps.len(), expected);
}

use sea_orm::ConnectionTrait;
