//! Hostile and malformed input, table-driven: each case gets its typed error (never a 500, a panic
//! or a leaked SQL, Rust or path text), and the server answers the next request as usual.
//! Cases covered elsewhere are not repeated here: fragment cycles (limits.rs), oversized bodies,
//! batches and media types (http_bodies.rs, http_protocol.rs).

use cqs::domain::role::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_demo_app};

/// Texts that would only appear in an answer if an internal error leaked through.
const LEAKS: [&str; 9] = [
    "sqlx",
    "SELECT",
    "syntax error at",
    "panicked",
    "src/",
    ".rs:",
    "Error {",
    "RuntimeErr",
    "DbErr",
];

enum Body {
    /// A GraphQL request: its query and variables.
    Graphql(&'static str, Value),
    /// Bytes sent as they are, as `application/json`.
    Raw(Vec<u8>),
}

struct Case {
    name: &'static str,
    body: Body,
    /// Sent with an admin's token (for the mutations and the admin-only lists).
    as_admin: bool,
    status: StatusCode,
    /// The first error's `extensions.code`, or the first `userErrors` code of the payload.
    code: &'static str,
}

fn case(name: &'static str, query: &'static str, variables: Value, code: &'static str) -> Case {
    Case {
        name,
        body: Body::Graphql(query, variables),
        as_admin: false,
        status: StatusCode::OK,
        code,
    }
}

fn as_admin(mut case: Case) -> Case {
    case.as_admin = true;
    case
}

const SEARCH_ORGANIZATIONS: &str =
    "query S($s: String) { organizations(filter: { search: $s }) { totalCount } }";
const CREATE_PARTNER: &str = "mutation P($input: CreatePartnerInput!) {
  createPartner(input: $input) { partner { id } userErrors { code field } }
}";
const PROJECTS_BY_COST: &str =
    "query C($min: Decimal) { projects(filter: { minTotalCost: $min }) { totalCount } }";

/// A list literal nested `depth` deep: `[[[…]]]`.
fn nested_list(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// A JSON object nested `depth` deep: `{"a":{"a":…}}`.
fn nested_object(depth: usize) -> Value {
    (0..depth).fold(json!("leaf"), |inner, _| json!({ "a": inner }))
}

fn cases() -> Vec<Case> {
    let huge = "x".repeat(100 * 1024);
    let deep_literal: &'static str = Box::leak(
        format!(
            "{{ projects(filter: {{ status: {} }}) {{ totalCount }} }}",
            nested_list(3_000)
        )
        .into_boxed_str(),
    );
    vec![
        Case {
            name: "invalid UTF-8 in the body",
            body: Body::Raw(
                b"{\"query\":\"{ __typename }\",\"operationName\":\"\xff\xfe\"}".to_vec(),
            ),
            as_admin: false,
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
        },
        case(
            "NUL in a search variable",
            SEARCH_ORGANIZATIONS,
            json!({ "s": "amal\u{0}" }),
            "BAD_USER_INPUT",
        ),
        case(
            "NUL in a string literal",
            "{ partners(filter: { search: \"a\\u0000b\" }) { totalCount } }",
            Value::Null,
            "BAD_USER_INPUT",
        ),
        as_admin(case(
            "NUL in a mutation's text",
            CREATE_PARTNER,
            json!({ "input": { "name": "Banque\u{0}", "kind": "PRIVATE_COMPANY" } }),
            "BAD_USER_INPUT",
        )),
        case(
            "a 100 KB search",
            SEARCH_ORGANIZATIONS,
            json!({ "s": huge }),
            "BAD_USER_INPUT",
        ),
        as_admin(case(
            "a 100 KB name",
            CREATE_PARTNER,
            json!({ "input": { "name": huge, "kind": "PRIVATE_COMPANY" } }),
            "TOO_LONG",
        )),
        case(
            "first: 2147483648 (above Int)",
            "{ centers(first: 2147483648) { totalCount } }",
            Value::Null,
            "BAD_USER_INPUT",
        ),
        case(
            "first: -1",
            "{ centers(first: -1) { totalCount } }",
            Value::Null,
            "BAD_USER_INPUT",
        ),
        case(
            "a variable Int above 2^31",
            "query F($n: Int) { centers(first: $n) { totalCount } }",
            json!({ "n": 9_007_199_254_740_993_u64 }),
            "BAD_USER_INPUT",
        ),
        case(
            "a Decimal with 40 digits",
            PROJECTS_BY_COST,
            json!({ "min": "9999999999999999999999999999999999999999" }),
            "BAD_USER_INPUT",
        ),
        case(
            "a Decimal in exponent form",
            PROJECTS_BY_COST,
            json!({ "min": "1e400" }),
            "BAD_USER_INPUT",
        ),
        Case {
            name: "a JSON number beyond f64",
            body: Body::Raw(
                format!(
                    "{{\"query\":{},\"variables\":{{\"min\":1e400}}}}",
                    json!(PROJECTS_BY_COST)
                )
                .into_bytes(),
            ),
            as_admin: false,
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
        },
        case(
            "a list literal nested 3,000 deep",
            deep_literal,
            Value::Null,
            "GRAPHQL_PARSE_FAILED",
        ),
        case(
            "an input object nested 100 deep in a variable",
            "query D($f: ProjectFilter) { projects(filter: $f) { totalCount } }",
            json!({ "f": { "search": nested_object(100) } }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        Case {
            name: "a variable nested 1,000 deep",
            body: Body::Raw(
                format!(
                    "{{\"query\":\"{{ __typename }}\",\"variables\":{{\"v\":{}1{}}}}}",
                    "[".repeat(1_000),
                    "]".repeat(1_000)
                )
                .into_bytes(),
            ),
            as_admin: false,
            status: StatusCode::BAD_REQUEST,
            code: "BAD_REQUEST",
        },
        case(
            "an unknown enum value in a literal",
            "{ projects(filter: { status: [DREAMING] }) { totalCount } }",
            Value::Null,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "an unknown enum value in a variable",
            "query E($s: [ProjectStatus!]) { projects(filter: { status: $s }) { totalCount } }",
            json!({ "s": ["DREAMING"] }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a string where an Int variable goes",
            "query F($n: Int) { centers(first: $n) { totalCount } }",
            json!({ "n": "ten" }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "an object where a String variable goes",
            SEARCH_ORGANIZATIONS,
            json!({ "s": { "$ne": "" } }),
            "GRAPHQL_VALIDATION_FAILED",
        ),
        as_admin(case(
            "a required variable left out",
            CREATE_PARTNER,
            json!({}),
            "GRAPHQL_VALIDATION_FAILED",
        )),
        as_admin(case(
            "a required input field left out",
            CREATE_PARTNER,
            json!({ "input": { "name": "Banque" } }),
            "GRAPHQL_VALIDATION_FAILED",
        )),
    ]
}

/// The first error's `extensions.code`, else the first `userErrors` code of the first payload.
fn code_of(body: &Value) -> Option<String> {
    if let Some(code) = body["errors"][0]["extensions"]["code"].as_str() {
        return Some(code.to_owned());
    }
    body["data"]
        .as_object()?
        .values()
        .find_map(|payload| payload["userErrors"][0]["code"].as_str())
        .map(str::to_owned)
}

async fn send(app: &TestApp, body: &Body, token: Option<&str>) -> (StatusCode, String) {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/json")
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let request = match body {
        Body::Graphql(query, variables) => {
            request.body(json!({ "query": query, "variables": variables }).to_string())
        }
        Body::Raw(bytes) => request.body(bytes.clone()),
    };
    let response = request.send().await.expect("the server answers");
    (response.status(), response.text().await.expect("a body"))
}

fn assert_no_leak(case: &str, text: &str) {
    for leak in LEAKS {
        assert!(!text.contains(leak), "{case}: {leak:?} leaked in {text}");
    }
}

#[tokio::test]
async fn bad_input_gets_a_typed_error_and_the_server_carries_on() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let mut failures = Vec::new();
    for case in cases() {
        let token = case.as_admin.then_some(admin.as_str());
        let (status, text) = send(&app, &case.body, token).await;
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("{}: a JSON answer, got {text}", case.name));
        let code = code_of(&body);
        if status != case.status || code.as_deref() != Some(case.code) {
            failures.push(format!(
                "{}: expected {} {}, got {status} {code:?}: {}",
                case.name,
                case.status,
                case.code,
                &text[..text.len().min(400)]
            ));
        }
        assert_no_leak(case.name, &text);
        let alive = app.gql_ok("{ __typename }", Value::Null).await;
        assert_eq!(alive["__typename"], "Query", "after {}", case.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every string filter of every list, with texts that mean something to SQL: they are data.
#[tokio::test]
async fn sql_looking_text_in_every_string_filter_is_matched_as_data() {
    let app = spawn_demo_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let lists = [
        ("organizations", "search"),
        ("associations", "search"),
        ("cooperatives", "search"),
        ("partners", "search"),
        ("projects", "search"),
        ("users", "search"),
        ("auditEvents", "action"),
    ];
    let hostile = [
        "'; DROP TABLE projects; --",
        "%",
        "_",
        "\\",
        "%%",
        "' OR '1'='1",
    ];
    for (list, filter) in lists {
        let query = format!(
            "query Q($text: String) {{ {list}(filter: {{ {filter}: $text }}) {{ totalCount }} }}"
        );
        for text in hostile {
            let (status, body) = app.gql_as(&admin, &query, json!({ "text": text })).await;
            assert_eq!(status, StatusCode::OK, "{list}.{filter} = {text:?}: {body}");
            assert!(
                body.get("errors").is_none(),
                "{list}.{filter} = {text:?}: {body}"
            );
            assert_eq!(
                body["data"][list]["totalCount"], 0,
                "{list}.{filter} = {text:?} matches nothing, as no row holds it: {body}"
            );
            assert_no_leak(list, &body.to_string());
        }
    }
    let (_, body) = app
        .gql_as(&admin, "{ projects { totalCount } }", Value::Null)
        .await;
    assert!(
        body["data"]["projects"]["totalCount"].as_i64() > Some(0),
        "the projects are all there: {body}"
    );
}
