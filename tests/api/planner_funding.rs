//! The funding search under the read planner: `examples/funding-search.graphql` and every field
//! it brings in (a program's requirements, a project's dossier, readiness, pipeline and funding
//! requests, `Query.fundingRequests`, `node` on a request or a requirement,
//! `stats.fundingRequestsByPartner`) answer exactly as the resolvers, for every role, in one
//! statement per root field whatever the page size.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{Links, TestApp};
use crate::planner::{Caller, callers_of, compare_answers, planner_samples, twin_apps};

const EXAMPLE: &str = include_str!("../../examples/funding-search.graphql");

/// Every field of a funding request, with the links a planned row follows.
const REQUEST: &str = "__typename id project { reference status } partner { id name acronym kind } \
    program { id code } requested { amount currency __typename } status submittedOn decidedOn \
    decisionNote commitment { id status kind amount { amount currency } partner { name } } \
    version createdAt updatedAt";
const CONNECTION: &str = "__typename totalCount pageInfo { __typename hasNextPage hasPreviousPage \
    startCursor endCursor } edges { __typename cursor node { id status } }";

/// The ids the corpus names, read from the demo and the fixtures added to it.
struct Ids {
    project: Value,
    partner: Value,
    request: Value,
    requirement: Value,
    after: Value,
    before: Value,
}

async fn admin_gql(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let (_, body) = app.gql_as(token, query, variables).await;
    assert!(body.get("errors").is_none(), "{query}: {body}");
    body["data"].clone()
}

/// Beside the demo's: a program requirement that is not mandatory, a dossier with an item
/// unchecked and one noted, a project outside any program with requests that are DRAFT,
/// SUBMITTED and WITHDRAWN (no program, no submission day, no decision), and a center of its
/// own for the STAFF of another center.
async fn more_funding_search(app: &TestApp, token: &str) -> Ids {
    let demo = admin_gql(
        app,
        token,
        "{ programs(first: 1) { nodes { id requirements { id } projects(first: 1) { nodes { id } } } } \
         partners(first: 100) { nodes { id acronym } } }",
        json!({}),
    )
    .await;
    let program = &demo["programs"]["nodes"][0];
    let first_project = program["projects"]["nodes"][0]["id"].clone();
    let requirement = program["requirements"][0]["id"].clone();
    let optional = admin_gql(
        app,
        token,
        "mutation($input: AddProgramRequirementInput!) { addProgramRequirement(input: $input) { requirement { id } } }",
        json!({ "input": { "programId": program["id"], "code": "PHOTOS", "label": "Photos du local", "mandatory": false } }),
    )
    .await;
    let optional = optional["addProgramRequirement"]["requirement"]["id"].clone();
    let check = "mutation($input: SetDossierItemInput!) { setDossierItem(input: $input) { userErrors { code } } }";
    for (requirement, satisfied, note) in [
        (&optional, true, Some("deux photos")),
        (&requirement, false, None),
    ] {
        let input = json!({ "projectId": first_project, "requirementId": requirement,
                            "satisfied": satisfied, "note": note });
        let data = admin_gql(app, token, check, json!({ "input": input })).await;
        assert_eq!(data["setDossierItem"]["userErrors"], json!([]), "{data}");
    }
    let center = fixtures::center(&app.db, "planfund").await.unwrap();
    let carrier = fixtures::association(&app.db, center.id, None)
        .await
        .unwrap();
    let outside = fixtures::project(&app.db, center.id, carrier.id, "PLA-2026-0002")
        .await
        .unwrap();
    let outside = json!(encode(NodeType::Project, outside.id).0);
    let partners = demo["partners"]["nodes"].as_array().unwrap();
    let partner = partners
        .iter()
        .find(|partner| partner["acronym"] != "ADS")
        .unwrap()["id"]
        .clone();
    let create = "mutation($input: CreateFundingRequestInput!) { createFundingRequest(input: $input) { fundingRequest { id } userErrors { code } } }";
    let transition = "mutation($input: TransitionFundingRequestInput!) { transitionFundingRequest(input: $input) { userErrors { code } } }";
    let mut request = Value::Null;
    for (amount, moves) in [
        ("1500.00", &[][..]),
        ("2500.50", &["SUBMITTED"][..]),
        ("3000.00", &["SUBMITTED", "WITHDRAWN"][..]),
        ("400.00", &["WITHDRAWN"][..]),
    ] {
        let input = json!({ "projectId": outside, "partnerId": partner, "requested": { "amount": amount } });
        let data = admin_gql(app, token, create, json!({ "input": input })).await;
        request = data["createFundingRequest"]["fundingRequest"]["id"].clone();
        assert!(request.is_string(), "{data}");
        for to in moves {
            let input = json!({ "id": request, "to": to, "on": "2026-02-03" });
            let data = admin_gql(app, token, transition, json!({ "input": input })).await;
            assert_eq!(
                data["transitionFundingRequest"]["userErrors"],
                json!([]),
                "{data}"
            );
        }
    }
    let page = admin_gql(
        app,
        token,
        "{ fundingRequests(first: 6) { edges { cursor } } }",
        json!({}),
    )
    .await;
    let cursor = |i: usize| page["fundingRequests"]["edges"][i]["cursor"].clone();
    Ids {
        project: first_project,
        partner,
        request,
        requirement,
        after: cursor(1),
        before: cursor(5),
    }
}

/// The example, each field alone, the lists with their arguments, aliases, fragments and
/// directives, nulls, personal data beside the requests, and selections that fall back.
fn corpus(ids: &Ids) -> Vec<(String, Value)> {
    let q = |query: &str| (query.to_owned(), json!({}));
    let v = |query: &str, variables: Value| (query.to_owned(), variables);
    vec![
        q(EXAMPLE),
        q(
            "{ programs { nodes { requirements { __typename id code label mandatory version program { code } } } } }",
        ),
        q("{ projects(first: 100) { nodes { reference readiness } } }"),
        q(
            "{ projects(first: 100) { nodes { reference dossier { __typename requirement { id code label mandatory } satisfied note checkedAt version } } } }",
        ),
        q(
            "{ projects(first: 100) { nodes { pipeline { __typename asked { amount currency __typename } accepted { amount } declined { amount } pending { currency } } } } }",
        ),
        q(&format!(
            "{{ projects(first: 100) {{ nodes {{ fundingRequests {{ {CONNECTION} nodes {{ {REQUEST} }} }} }} }} }}"
        )),
        q(
            "{ projects(first: 100) { nodes { a: fundingRequests(first: 1, filter: { status: [ACCEPTED, DECLINED] }) { totalCount pageInfo { hasNextPage endCursor } nodes { status } } \
             b: fundingRequests(last: 1) { pageInfo { hasPreviousPage startCursor } edges { cursor node { id } } } \
             c: fundingRequests(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } \
             d: fundingRequests(filter: { status: [], updatedSince: \"2000-01-01T00:00:00Z\" }) { totalCount } } } }",
        ),
        v(
            "query($partner: ID!) { projects(first: 100) { nodes { fundingRequests(filter: { partnerId: $partner }) { totalCount nodes { requested { amount } } } } } }",
            json!({ "partner": ids.partner }),
        ),
        q(&format!(
            "{{ fundingRequests {{ {CONNECTION} nodes {{ {REQUEST} }} }} }}"
        )),
        v(
            &format!(
                "query($after: String) {{ fundingRequests(first: 2, after: $after) {{ {CONNECTION} }} }}"
            ),
            json!({ "after": ids.after }),
        ),
        v(
            &format!(
                "query($before: String) {{ fundingRequests(last: 2, before: $before) {{ {CONNECTION} }} }}"
            ),
            json!({ "before": ids.before }),
        ),
        q(&format!(
            "{{ fundingRequests(last: 3) {{ {CONNECTION} }} }}"
        )),
        v(
            "query($project: ID!, $partner: ID!) { a: fundingRequests(filter: { projectId: $project, status: [ACCEPTED, SUBMITTED] }) { totalCount nodes { status } } \
             b: fundingRequests(filter: { partnerId: $partner, updatedSince: \"2000-01-01T00:00:00Z\" }) { totalCount nodes { submittedOn decidedOn program { code } } } }",
            json!({ "project": ids.project, "partner": ids.partner }),
        ),
        // Pages the resolvers refuse: their errors, whichever path answers.
        q("{ fundingRequests(first: -1) { nodes { id } } }"),
        q("{ fundingRequests(first: 1, last: 1) { nodes { id } } }"),
        q("{ fundingRequests(filter: { projectId: \"nope\" }) { nodes { id } } }"),
        q("{ projects(first: 3) { nodes { fundingRequests(first: 101) { nodes { id } } } } }"),
        v(
            "query($partner: ID!) { node(id: $partner) { ... on Partner { name fundingRequests(first: 2) { totalCount pageInfo { hasNextPage } nodes { status requested { amount } } } } } \
             partners(first: 100) { nodes { acronym fundingRequests { totalCount } } } }",
            json!({ "partner": ids.partner }),
        ),
        v(
            &format!(
                "query($id: ID!) {{ node(id: $id) {{ id ... on FundingRequest {{ {REQUEST} partner {{ contact {{ email phone }} }} }} }} }}"
            ),
            json!({ "id": ids.request }),
        ),
        v(
            "query($id: ID!) { node(id: $id) { __typename id ... on ProgramRequirement { code label mandatory version program { code funder { name } } } } }",
            json!({ "id": ids.requirement }),
        ),
        v(
            "query($id: ID!) { node(id: $id) { id ... on FundingRequest { status } } }",
            json!({ "id": encode(NodeType::FundingRequest, 999_999).0 }),
        ),
        // Aliases, fragments and directives.
        v(
            "query($skip: Boolean!) { projects(first: 100) { nodes { r: readiness ...D p: pipeline { a: asked { amount } ... on FundingPipeline { pending { amount } } } \
             f: fundingRequests @skip(if: $skip) { totalCount } } } } \
             fragment D on Project { dossier { ... on DossierItem { s: satisfied requirement { ...R } } note @include(if: $skip) } } \
             fragment R on ProgramRequirement { code c: code }",
            json!({ "skip": true }),
        ),
        v(
            "query($skip: Boolean!) { projects(first: 100) { nodes { f: fundingRequests @skip(if: $skip) { totalCount } } } }",
            json!({ "skip": false }),
        ),
        // Personal data beside the requests: gated by the caller's scope.
        q(
            "{ fundingRequests(first: 50) { nodes { partner { name contact { email phone address representativeName } } \
             project { carrier { name contact { email } } } } } }",
        ),
        // Outside the vocabulary (a user): the resolvers answer.
        q("{ projects(first: 100) { nodes { dossier { checkedBy { email } } } } }"),
    ]
}

/// The filters `stats.fundingRequestsByPartner` is compared under.
async fn stats_corpus(app: &TestApp) -> Vec<(String, Value)> {
    let data = app
        .gql_ok(
            "{ centers { nodes { id } } programs { nodes { id } } zones { nodes { id } } }",
            json!({}),
        )
        .await;
    let first = |list: &str| data[list]["nodes"][0]["id"].clone();
    let query = "query($f: StatsFilter) { stats(filter: $f) { fundingRequestsByPartner { __typename \
        partner { __typename id name acronym kind version } submittedCount acceptedCount declinedCount \
        acceptanceRate asked { amount currency } accepted { amount __typename } } } }";
    let contact = "query($f: StatsFilter) { stats(filter: $f) { fundingRequestsByPartner { partner { name contact { email } } } } }";
    let aliased = "query($f: StatsFilter) { s: stats(filter: $f) { ...F byPartner { committed { amount } } } } \
        fragment F on Stats { r: fundingRequestsByPartner { p: partner { name } rate: acceptanceRate } }";
    let mut corpus = Vec::new();
    for filter in [
        Value::Null,
        json!({ "centerId": first("centers") }),
        json!({ "programId": first("programs") }),
        json!({ "zoneId": first("zones") }),
        json!({ "sector": "INCOME_GENERATION" }),
        json!({ "from": "2003-07-01", "to": "2004-12-31" }),
        json!({ "from": "2026-01-01" }),
        json!({ "currency": "EUR" }),
    ] {
        corpus.push((query.to_owned(), json!({ "f": filter })));
        corpus.push((aliased.to_owned(), json!({ "f": filter })));
        corpus.push((contact.to_owned(), json!({ "f": filter })));
    }
    corpus
}

/// Every caller the planner must answer as the resolvers do: anonymous, then each role (STAFF
/// of the demo's center and of another), each with a token of each app.
async fn callers(on: &TestApp, off: &TestApp) -> Vec<Caller> {
    let demo_center = on.scalar("SELECT MIN(id) FROM centers").await;
    let other_center = fixtures::center(&on.db, "autrecentre").await.unwrap();
    let carrier = on
        .scalar("SELECT MIN(carrier_id) FROM projects WHERE program_id IS NOT NULL")
        .await;
    let partner = on
        .scalar("SELECT MIN(partner_id) FROM funding_requests")
        .await;
    let roles = [
        ("VIEWER", Role::Viewer, Links::default()),
        (
            "ORGANIZATION",
            Role::Organization,
            Links {
                organization: Some(carrier),
                ..Links::default()
            },
        ),
        (
            "PARTNER",
            Role::Partner,
            Links {
                partner: Some(partner),
                ..Links::default()
            },
        ),
        (
            "STAFF",
            Role::Staff,
            Links {
                center: Some(demo_center),
                ..Links::default()
            },
        ),
        (
            "STAFF of another center",
            Role::Staff,
            Links {
                center: Some(other_center.id),
                ..Links::default()
            },
        ),
        ("ADMIN", Role::Admin, Links::default()),
    ];
    let roles = roles
        .into_iter()
        .map(|(name, role, links)| (name.to_owned(), role, links))
        .collect();
    callers_of(on, off, roles).await
}

#[tokio::test]
async fn the_funding_search_is_planned_exactly_as_the_resolvers_answer_it_for_every_role() {
    let (on, off) = twin_apps(true).await;
    let admin = on.token_for(Role::Admin, Links::default()).await;
    let ids = more_funding_search(&on, &admin).await;
    let mut corpus = corpus(&ids);
    corpus.extend(stats_corpus(&on).await);
    for (_, query) in LISTS {
        corpus.push((query.to_owned(), json!({ "first": 6 })));
    }
    let planned_before = planner_samples(&on, "cqs_planner_plans_total", "fundingRequests").await;
    let callers = callers(&on, &off).await;
    let compared = compare_answers(&on, &off, &callers, &corpus).await;
    assert!(compared > 200, "{compared} comparisons");
    let planned_after = planner_samples(&on, "cqs_planner_plans_total", "fundingRequests").await;
    assert!(
        planned_after > planned_before,
        "Query.fundingRequests went through the planner"
    );
}

/// Lists of the funding search, each with what hangs off its rows, paged by `$first`.
const LISTS: [(&str, &str); 3] = [
    (
        "fundingRequests",
        "query($first: Int!) { fundingRequests(first: $first) { totalCount nodes { id requested { amount } \
         partner { name } program { code } commitment { status amount { amount } } \
         project { title readiness pipeline { asked { amount } } dossier { satisfied requirement { code } } } } } }",
    ),
    (
        "projects",
        "query($first: Int!) { projects(first: $first) { nodes { readiness \
         dossier { satisfied checkedAt requirement { code program { code } } } \
         pipeline { asked { amount } pending { amount } } \
         fundingRequests(first: $first) { totalCount nodes { status partner { name } } } } } }",
    ),
    (
        "partners",
        "query($first: Int!) { partners(first: $first) { nodes { name \
         fundingRequests(first: $first) { totalCount nodes { status project { reference } } } } } }",
    ),
];

#[tokio::test]
async fn the_funding_search_runs_one_statement_per_root_field_whatever_the_page_size() {
    let (on, off) = twin_apps(true).await;
    let admin = on.token_for(Role::Admin, Links::default()).await;
    more_funding_search(&on, &admin).await;

    let (data, statements) = on.gql_counted(EXAMPLE, json!({})).await;
    assert_eq!(statements, 2, "programs and stats: {data}");
    let projects = data["programs"]["nodes"][0]["projects"]["nodes"]
        .as_array()
        .unwrap();
    let asked = |p: &&Value| !p["fundingRequests"]["nodes"].as_array().unwrap().is_empty();
    let project = projects
        .iter()
        .find(asked)
        .expect("a project with requests");
    assert!(project["readiness"].is_string(), "{project}");
    assert!(!project["dossier"].as_array().unwrap().is_empty());
    assert!(project["pipeline"]["asked"]["amount"].is_string());
    assert!(
        !data["stats"]["fundingRequestsByPartner"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let before = on.statements.get();
    let (_, body) = on.gql_as(&admin, EXAMPLE, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(on.statements.get() - before, 2, "signed in");
    let (_, resolved) = off.gql_counted(EXAMPLE, json!({})).await;
    assert!(resolved > 2, "through the resolvers: {resolved}");
    println!("the funding search: 2 statements planned, {resolved} resolved");

    for (list, query) in LISTS {
        for first in [2, 6] {
            let (data, statements) = on.gql_counted(query, json!({ "first": first })).await;
            assert_eq!(
                data[list]["nodes"].as_array().map(Vec::len),
                Some(first),
                "{list}: {data}"
            );
            assert_eq!(statements, 1, "{list}, a page of {first}");
        }
    }
}

/// Runs `query` until one run counts a plan of `root` and no fallback of it (the metrics are the
/// process's, shared with the tests running beside this one): a query that falls back never
/// gets there.
async fn planned_without_fallback(app: &TestApp, root: &str, query: &str, variables: Value) {
    for _ in 0..5 {
        let plans = planner_samples(app, "cqs_planner_plans_total", root).await;
        let fallbacks = planner_samples(app, "cqs_planner_fallbacks_total", root).await;
        let body = app.gql(query, variables.clone()).await;
        assert!(body.get("errors").is_none(), "{body}");
        let planned = planner_samples(app, "cqs_planner_plans_total", root).await > plans;
        if planned && planner_samples(app, "cqs_planner_fallbacks_total", root).await == fallbacks {
            return;
        }
    }
    panic!("{root} was not planned: {query}");
}

#[tokio::test]
async fn the_funding_search_roots_are_counted_as_plans_not_fallbacks() {
    let (on, _off) = twin_apps(true).await;
    for (root, query) in [
        ("programs", EXAMPLE),
        ("stats", EXAMPLE),
        ("fundingRequests", LISTS[0].1),
        ("projects", LISTS[1].1),
        ("partners", LISTS[2].1),
    ] {
        planned_without_fallback(&on, root, query, json!({ "first": 3 })).await;
    }
    // A user under the dossier is outside the vocabulary: the root falls back, and says so.
    let fallbacks = planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await;
    let (_, statements) = on
        .gql_counted(
            "{ projects(first: 5) { nodes { dossier { checkedBy { id } } } } }",
            json!({}),
        )
        .await;
    assert!(statements > 1, "answered by the resolvers");
    assert!(planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await > fallbacks);
}
