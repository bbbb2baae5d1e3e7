//! The limits of one request (README, "Limits"): just under each limit a request runs, just over
//! it the request is refused with the limit's `extensions.code`, before any SQL runs.

use std::time::Instant;

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app, spawn_demo_app};

/// graphql-js 16's `getIntrospectionQuery()`, as GraphiQL and most clients send it.
const INTROSPECTION: &str = include_str!("limits/introspection.graphql");

/// The request of issue #11 that took 626 MB of memory to answer.
const BOMB: &str = "{ partners(first:100){ nodes { commitments(first:100){ nodes { target { \
    ... on Project { commitments(first:100){ nodes { partner { commitments(first:100){ nodes { id } \
    } } } } } } } } } } }";

/// Runs a request that must be refused, checks that no SQL ran for it, and returns its code.
async fn refused(app: &TestApp, query: &str, variables: Value) -> String {
    let before = app.statements.get();
    let code = app.gql_error_code(query, variables).await;
    assert_eq!(
        app.statements.get(),
        before,
        "a refused request runs no SQL: {query}"
    );
    code
}

/// `partners(first: 1) { nodes { commitments(first: 1) { nodes { partner { … } } } } }`, with
/// `levels` nested selection sets below the root field.
fn nested(levels: usize) -> String {
    let cycle = ["commitments(first: 1)", "nodes", "partner"];
    let mut fields = vec!["partners(first: 1)", "nodes"];
    fields.extend(cycle.iter().cycle().take(levels.saturating_sub(2)));
    let opened: String = fields.iter().map(|field| format!("{field} {{ ")).collect();
    format!("{{ {opened}__typename {} }}", "} ".repeat(fields.len()))
}

#[tokio::test]
async fn the_standard_introspection_query_runs() {
    let app = spawn_app().await;
    let data = app.gql_ok(INTROSPECTION, Value::Null).await;
    assert!(data["__schema"]["types"].as_array().unwrap().len() > 50);
}

#[tokio::test]
async fn a_query_twelve_levels_deep_runs_and_thirteen_is_refused() {
    let app = spawn_app().await;
    app.gql_ok(&nested(12), Value::Null).await;
    assert_eq!(
        refused(&app, &nested(13), Value::Null).await,
        "QUERY_TOO_DEEP"
    );
}

#[tokio::test]
async fn the_bomb_of_issue_11_is_refused_without_touching_the_database() {
    let app = spawn_app().await;
    let started = Instant::now();
    let code = refused(&app, BOMB, Value::Null).await;
    println!("the bomb was refused in {:?}", started.elapsed());
    assert_eq!(code, "QUERY_TOO_COSTLY");
}

#[tokio::test]
async fn cost_counts_page_sizes_times_what_each_item_selects() {
    let app = spawn_app().await;
    let page = "query P($inner: Int!) { projects(first: 100) { nodes { commitments(first: $inner) \
                { nodes { id } } } } }";
    // 1 + 100 × (1 + 1 + 47) = 4,901; with 48, 5,001.
    app.gql_ok(page, json!({ "inner": 47 })).await;
    let code = refused(&app, page, json!({ "inner": 48 })).await;
    assert_eq!(code, "QUERY_TOO_COSTLY");
    let hundred_by_hundred =
        "{ projects(first: 100) { nodes { commitments(first: 100) { nodes { id } } } } }";
    assert_eq!(
        refused(&app, hundred_by_hundred, Value::Null).await,
        "QUERY_TOO_COSTLY"
    );
    // Without `first`, a page counts 20 items: 1 + 20 × (1 + 1 + 20 × (1 + 20 × 1)) = 8,441.
    let defaults = "{ projects { nodes { commitments { nodes { disbursements { id } } } } } }";
    assert_eq!(
        refused(&app, defaults, Value::Null).await,
        "QUERY_TOO_COSTLY"
    );
}

#[tokio::test]
async fn every_bench_query_stays_within_the_limits() {
    let app = spawn_demo_app().await;
    let token = app.token_for(Role::Admin, Links::default()).await;
    let ids = app
        .gql_ok(
            "{ projects(first: 1, filter: { status: [SEEKING_FUNDING] }) { nodes { id } } \
               partners(first: 1) { nodes { id } } }",
            Value::Null,
        )
        .await;
    let project = &ids["projects"]["nodes"][0]["id"];
    let partner = &ids["partners"]["nodes"][0]["id"];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/queries");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 4, "the bench queries: {names:?}");
    for path in names {
        let query = std::fs::read_to_string(&path).unwrap();
        let variables = json!({ "id": project, "project": project, "partner": partner });
        let (_, body) = app.gql_as(&token, &query, variables).await;
        assert!(body.get("errors").is_none(), "{path:?}: {body:#}");
    }
}

#[tokio::test]
async fn aliases_root_fields_and_duplicate_fields_are_limited_to_fifty() {
    let app = spawn_app().await;
    let aliases = |n: usize| {
        let fields: String = (0..n).map(|i| format!("a{i}: total ")).collect();
        format!("{{ stats {{ organizations {{ {fields}}} }} }}")
    };
    app.gql_ok(&aliases(50), Value::Null).await;
    assert_eq!(
        refused(&app, &aliases(51), Value::Null).await,
        "TOO_MANY_ALIASES"
    );

    let roots = |n: usize| format!("{{ {}}}", "__typename ".repeat(n));
    app.gql_ok(&roots(50), Value::Null).await;
    assert_eq!(
        refused(&app, &roots(51), Value::Null).await,
        "TOO_MANY_ROOT_FIELDS"
    );

    let duplicates = |inline: usize, in_fragment: usize| {
        format!(
            "{{ stats {{ organizations {{ {}...F }} }} }} \
             fragment F on OrganizationStats {{ {}}}",
            "total ".repeat(inline),
            "total ".repeat(in_fragment)
        )
    };
    app.gql_ok(&duplicates(30, 20), Value::Null).await;
    assert_eq!(
        refused(&app, &duplicates(30, 21), Value::Null).await,
        "TOO_MANY_DUPLICATE_FIELDS"
    );
}

#[tokio::test]
async fn a_field_carries_at_most_five_directives() {
    let app = spawn_app().await;
    let directives = |n: usize| format!("{{ __typename {} }}", "@include(if: true) ".repeat(n));
    let body = app.gql(&directives(5), Value::Null).await;
    assert_ne!(
        body["errors"][0]["extensions"]["code"], "TOO_MANY_DIRECTIVES",
        "{body:#}"
    );
    assert_eq!(
        refused(&app, &directives(6), Value::Null).await,
        "TOO_MANY_DIRECTIVES"
    );
}

#[tokio::test]
async fn the_query_text_is_at_most_32_kib() {
    let app = spawn_app().await;
    let padded = |bytes: usize| {
        let query = "{ __typename }\n#";
        format!("{query}{}", "x".repeat(bytes - query.len()))
    };
    app.gql_ok(&padded(32 * 1024), Value::Null).await;
    assert_eq!(
        refused(&app, &padded(32 * 1024 + 1), Value::Null).await,
        "QUERY_TOO_LARGE"
    );
}

#[tokio::test]
async fn input_lists_hold_at_most_one_hundred_items() {
    let app = spawn_app().await;
    let statuses = |n: usize| vec!["DRAFT"; n].join(", ");
    let literal = |n: usize| {
        format!(
            "{{ projects(filter: {{ status: [{}] }}) {{ totalCount }} }}",
            statuses(n)
        )
    };
    app.gql_ok(&literal(100), Value::Null).await;
    assert_eq!(
        refused(&app, &literal(101), Value::Null).await,
        "BAD_USER_INPUT"
    );

    let variable = "query Q($status: [ProjectStatus!]) { projects(filter: { status: $status }) \
                    { totalCount } }";
    app.gql_ok(variable, json!({ "status": vec!["DRAFT"; 100] }))
        .await;
    assert_eq!(
        refused(&app, variable, json!({ "status": vec!["DRAFT"; 101] })).await,
        "BAD_USER_INPUT"
    );
}

#[tokio::test]
async fn postgresql_connections_carry_a_five_second_statement_timeout() {
    use sea_orm::{ConnectionTrait, Statement};
    let app = spawn_app().await;
    if !app.database.is_postgres() {
        return;
    }
    let row = app
        .app_db
        .query_one_raw(Statement::from_string(
            app.app_db.get_database_backend(),
            "SHOW statement_timeout",
        ))
        .await
        .unwrap()
        .unwrap();
    let timeout: String = row.try_get_by_index(0).unwrap();
    assert_eq!(timeout, "5s");
}

#[tokio::test]
async fn fragment_cycles_and_fragment_explosions_are_refused_without_sql() {
    let app = spawn_app().await;
    for cycle in [
        "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { ...A }",
        "{ ...A } fragment A on Query { ...A ...A }",
    ] {
        let started = Instant::now();
        let code = refused(&app, cycle, Value::Null).await;
        println!("a fragment cycle was refused in {:?}", started.elapsed());
        assert_eq!(code, "GRAPHQL_VALIDATION_FAILED", "{cycle}");
    }

    // Each fragment spreads the one before twice: 2^30 selections once expanded.
    let fragments: String = (1..=30)
        .map(|k| format!("fragment F{k} on Query {{ ...F{} ...F{} }} ", k - 1, k - 1))
        .collect();
    let explosion = format!("{{ ...F30 }} fragment F0 on Query {{ __typename }} {fragments}");
    let started = Instant::now();
    let code = refused(&app, &explosion, Value::Null).await;
    println!(
        "the fragment explosion was refused in {:?}",
        started.elapsed()
    );
    assert_eq!(code, "TOO_MANY_ROOT_FIELDS");
}

/// The parsed document of a text is reused from one request to the next (`http::documents`), but
/// the cost still depends on each request's variables: one text passes, is refused, then passes.
#[tokio::test]
async fn a_reused_document_is_measured_again_with_each_requests_variables() {
    let app = spawn_demo_app().await;
    let query = "query($n: Int) { partners(first: $n) { nodes { \
        commitments(first: $n) { nodes { id } } } } }";
    let cheap = app.gql(query, json!({ "n": 5 })).await;
    assert!(cheap["data"]["partners"]["nodes"].is_array(), "{cheap}");
    assert_eq!(
        refused(&app, query, json!({ "n": 100 })).await,
        "QUERY_TOO_COSTLY"
    );
    assert_eq!(app.gql(query, json!({ "n": 5 })).await, cheap);
}
