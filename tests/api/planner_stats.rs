//! The read planner on `stats` (issue 12): Q3 and the dashboard in one statement, the same
//! answers as the figure-by-figure resolvers, and a fallback to them for anything else.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp};
use crate::planner::{answer, twin_apps};

const Q3: &str = include_str!("../../bench/queries/q3.graphql");
const DASHBOARD: &str = include_str!("../../examples/dashboard.graphql");

/// The first id of each list the filters name.
async fn ids(app: &TestApp) -> Value {
    let data = app
        .gql_ok(
            "{ centers { nodes { id } } zones { nodes { id } } programs { nodes { id } } }",
            json!({}),
        )
        .await;
    let first = |list: &str| data[list]["nodes"][0]["id"].clone();
    json!({ "center": first("centers"), "zone": first("zones"), "program": first("programs") })
}

/// The filters the dashboard is compared under: none, each criterion alone, several together,
/// an empty answer, and a span too wide for monthly buckets.
fn filters(ids: &Value) -> Vec<Value> {
    vec![
        Value::Null,
        json!({}),
        json!({ "from": "2003-07-01", "to": "2004-12-31" }),
        json!({ "from": "2004-01-01" }),
        json!({ "to": "2003-12-31" }),
        json!({ "centerId": ids["center"] }),
        json!({ "zoneId": ids["zone"] }),
        json!({ "programId": ids["program"] }),
        json!({ "sector": "INCOME_GENERATION" }),
        json!({ "currency": "EUR" }),
        json!({ "programId": ids["program"], "zoneId": ids["zone"], "from": "2003-01-01" }),
        json!({ "from": "1900-01-01", "to": "2100-12-31" }),
        json!({ "from": "2004-01-01", "to": "2003-01-01" }),
    ]
}

/// Selections in the vocabulary written every way GraphQL allows, and some outside it.
fn corpus() -> Vec<(String, Value)> {
    let query = |text: &str, variables: Value| (text.to_owned(), variables);
    vec![
        query(Q3, json!({})),
        query(DASHBOARD, json!({})),
        query(DASHBOARD, json!({ "interval": "MONTH" })),
        query(DASHBOARD, json!({ "interval": "YEAR" })),
        query(DASHBOARD, json!({ "interval": null })),
        query(
            "query($f: StatsFilter) { s: stats(filter: $f) { __typename \
             m: commitmentsOverTime { start count } \
             q: commitmentsOverTime(interval: QUARTER) { start c: committed { amount currency __typename } } \
             byPartner { p: partner { __typename id name acronym kind version } projectsCount } \
             byProgram { program { id code name version __typename } __typename } \
             byZone { zone { id name commune vulnerability } zone { name } } \
             ...F ... on Stats { funding { gap { amount } coverageRate } } } } \
             fragment F on Stats { projects { byStatus { status count __typename } total } \
             organizations { __typename total } bySector { sector committed { currency } } }",
            json!({}),
        ),
        query(
            "query($f: StatsFilter, $skip: Boolean!, $i: TimeInterval) { stats(filter: $f) { \
             byPartner @skip(if: $skip) { committed { amount } } \
             funding @include(if: $skip) { committed { amount } } \
             commitmentsOverTime(interval: $i) { start } } }",
            json!({ "skip": true, "i": "YEAR" }),
        ),
        query(
            "query($f: StatsFilter, $skip: Boolean!) { stats(filter: $f) { \
             byPartner @skip(if: $skip) { committed { amount } } \
             funding @include(if: $skip) { committed { amount } } } }",
            json!({ "skip": false }),
        ),
        // Outside the vocabulary: answered by the resolvers.
        query(
            "query($f: StatsFilter) { stats(filter: $f) { byPartner { partner { name joinedOn contact { email } } } } }",
            json!({}),
        ),
        query(
            "query($f: StatsFilter) { stats(filter: $f) { byProgram { program { funder { name } } } } }",
            json!({}),
        ),
    ]
}

/// Every query of the corpus under every filter, through the planner and through the
/// resolvers, byte for byte; `tokens` holds the same caller on each app, or none.
async fn compare(on: &TestApp, off: &TestApp, tokens: Option<&(String, String)>) -> usize {
    let ids = ids(on).await;
    let mut compared = 0;
    for filter in filters(&ids) {
        for (query, mut variables) in corpus() {
            variables["f"] = filter.clone();
            let (planned, resolved) = match tokens {
                None => (
                    on.gql(&query, variables.clone()).await,
                    off.gql(&query, variables.clone()).await,
                ),
                Some((on_token, off_token)) => (
                    on.gql_as(on_token, &query, variables.clone()).await.1,
                    off.gql_as(off_token, &query, variables.clone()).await.1,
                ),
            };
            assert_eq!(answer(planned), answer(resolved), "{query} {variables}");
            compared += 1;
        }
    }
    compared
}

/// The dashboard query with its filter as a variable.
fn with_filter(query: &str) -> String {
    query
        .replacen("query Q3 {", "query Q3($f: StatsFilter) {", 1)
        .replacen(
            "query Dashboard($interval: TimeInterval = QUARTER) {",
            "query Dashboard($interval: TimeInterval = QUARTER, $f: StatsFilter) {",
            1,
        )
        .replacen("stats {", "stats(filter: $f) {", 1)
}

#[tokio::test]
async fn planned_stats_answer_exactly_as_the_resolvers_for_anonymous_and_a_signed_in_user() {
    let (on, off) = twin_apps(true).await;
    let plans = samples(&on, "cqs_planner_plans_total").await;
    let compared = compare(&on, &off, None).await;
    // The benchmark's and the example's documents themselves, filters as variables.
    for filter in filters(&ids(&on).await) {
        for query in [with_filter(Q3), with_filter(DASHBOARD)] {
            let variables = json!({ "f": filter });
            let planned = answer(on.gql(&query, variables.clone()).await);
            assert_eq!(planned, answer(off.gql(&query, variables.clone()).await));
        }
    }
    let center = on.scalar("SELECT MIN(id) FROM centers").await;
    let links = Links {
        center: Some(center),
        ..Links::default()
    };
    let (email, password) = on.user(Role::Staff, links).await;
    let tokens = (
        on.login(&email, &password).await,
        off.login(&email, &password).await,
    );
    assert_eq!(compare(&on, &off, Some(&tokens)).await, compared);
    assert!(compared > 100);
    assert!(samples(&on, "cqs_planner_plans_total").await > plans);
}

#[tokio::test]
async fn q3_and_the_dashboard_run_one_statement() {
    let (on, off) = twin_apps(true).await;
    for (name, query) in [("Q3", Q3), ("dashboard", DASHBOARD)] {
        let (data, planned) = on.gql_counted(query, json!({})).await;
        assert!(!data["stats"]["byPartner"].as_array().unwrap().is_empty());
        assert_eq!(planned, 1, "{name} planned");
        let (resolved_data, resolved) = off.gql_counted(query, json!({})).await;
        assert_eq!(data, resolved_data);
        assert!(resolved > 1, "{name} through the resolvers runs {resolved}");
        println!("{name}: {planned} statement(s) planned, {resolved} resolved");
    }
}

#[tokio::test]
async fn a_stats_selection_outside_the_vocabulary_falls_back_and_is_counted() {
    let (on, off) = twin_apps(true).await;
    let query = "{ stats { byPartner { committed { amount } partner { name joinedOn } } } }";
    let fallbacks = samples(&on, "cqs_planner_fallbacks_total").await;
    let (data, statements) = on.gql_counted(query, json!({})).await;
    assert!(statements > 1, "answered by the resolvers");
    assert_eq!(data, off.gql_ok(query, json!({})).await);
    assert!(samples(&on, "cqs_planner_fallbacks_total").await > fallbacks);
}

/// The planner's `stats` counter of `metric` in `/metrics`.
async fn samples(app: &TestApp, metric: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    text.lines()
        .filter(|line| line.starts_with(&format!("{metric}{{")))
        .filter(|line| line.contains("field=\"stats\""))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}
