//! The read planner (issue 12): the same answers as the resolvers, in one statement per root
//! field, and a fallback to the resolvers for any selection it does not know.

use cqs::domain::role::Role;
use cqs::entity::user;
use cqs::graphql::id::{NodeType, encode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{
    Links, TestApp, TestDatabase, spawn_app, spawn_app_on_url_with, spawn_demo_app,
};

const Q1: &str = include_str!("../../bench/queries/q1.graphql");
const Q2: &str = include_str!("../../bench/queries/q2.graphql");
const Q5: &str = include_str!("../../bench/queries/q5.graphql");
const EXAMPLES: &[&str] = &[
    include_str!("../../examples/center.graphql"),
    include_str!("../../examples/dashboard.graphql"),
    include_str!("../../examples/directory.graphql"),
    include_str!("../../examples/funding-plan.graphql"),
    include_str!("../../examples/funding-search.graphql"),
    include_str!("../../examples/partner-commitments.graphql"),
    include_str!("../../examples/project-page.graphql"),
    include_str!("../../examples/events.graphql"),
    include_str!("../../examples/accompaniment.graphql"),
];

/// Two apps on one database: the planner on in the first, off in the second.
pub(crate) async fn twin_apps(demo: bool) -> (TestApp, TestApp) {
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
pub(crate) fn answer(mut body: Value) -> String {
    if let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut) {
        for error in errors {
            if let Some(extensions) = error.get_mut("extensions").and_then(Value::as_object_mut) {
                extensions.remove("requestId");
            }
        }
    }
    serde_json::to_string(&body).unwrap()
}

/// Who asks, in the differential tests: a name, and the caller's token on each app (none:
/// anonymous).
pub(crate) type Caller = (String, Option<(String, String)>);

/// Anonymous, then one account of each of `roles`, signed in on both apps.
pub(crate) async fn callers_of(
    on: &TestApp,
    off: &TestApp,
    roles: Vec<(String, Role, Links)>,
) -> Vec<Caller> {
    let mut callers = vec![("anonymous".to_owned(), None)];
    for (name, role, links) in roles {
        let (email, password) = on.user(role, links).await;
        let tokens = (
            on.login(&email, &password).await,
            off.login(&email, &password).await,
        );
        callers.push((name, Some(tokens)));
    }
    callers
}

/// Asks every query of `corpus` as every caller of both apps and requires the same bytes;
/// returns how many answers were compared.
pub(crate) async fn compare_answers(
    on: &TestApp,
    off: &TestApp,
    callers: &[Caller],
    corpus: &[(String, Value)],
) -> usize {
    let mut compared = 0;
    for (query, variables) in corpus {
        for (caller, tokens) in callers {
            let (planned, resolved) = match tokens {
                None => (
                    on.gql(query, variables.clone()).await,
                    off.gql(query, variables.clone()).await,
                ),
                Some((on_token, off_token)) => (
                    on.gql_as(on_token, query, variables.clone()).await.1,
                    off.gql_as(off_token, query, variables.clone()).await.1,
                ),
            };
            assert_eq!(
                answer(planned),
                answer(resolved),
                "{caller}: {query} {variables}"
            );
            compared += 1;
        }
    }
    compared
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

/// Selections over lists, with every argument a list takes: filters, orders, both directions,
/// cursors from an earlier page, empty pages, and every part of a connection.
fn list_corpus(after: &str, before: &str, partner: &str) -> Vec<(String, Value)> {
    let q = |query: &str, vars: Value| (query.to_owned(), vars);
    let project = "id reference title summary sector status totalCost { amount currency } \
        ownContribution { amount } beneficiariesCount startsOn endsOn createdAt updatedAt version \
        carrier { __typename id kind name acronym registrationNumber foundedOn status membersCount \
        networkMemberSince activity createdAt updatedAt version zone { id name commune vulnerability } } \
        zone { __typename id name commune vulnerability } program { id code name startsOn endsOn version \
        funder { id name } }";
    let commitment = "__typename id kind description amount { amount currency } taxIncluded status \
        pledgedOn dueOn fulfilledOn createdAt updatedAt version partner { id name acronym kind joinedOn \
        createdAt updatedAt version } program { code }";
    let connection = "__typename totalCount pageInfo { __typename hasNextPage hasPreviousPage \
        startCursor endCursor } edges { __typename cursor node { id title } }";
    vec![
        q(
            &format!("{{ projects {{ nodes {{ {project} }} }} }}"),
            json!({}),
        ),
        q(
            &format!(
                "{{ projects(first: 4) {{ {connection} nodes {{ commitments(first: 2) {{ {connection_c} nodes {{ {commitment} }} }} }} }} }}",
                connection_c = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }"
            ),
            json!({}),
        ),
        q(
            &format!(
                "query($after: String) {{ projects(first: 3, after: $after) {{ {connection} }} }}"
            ),
            json!({ "after": after }),
        ),
        q(
            &format!(
                "query($before: String) {{ projects(last: 3, before: $before) {{ {connection} }} }}"
            ),
            json!({ "before": before }),
        ),
        q(
            &format!("{{ projects(last: 2) {{ {connection} }} }}"),
            json!({}),
        ),
        q(
            &format!(
                "query($after: String) {{ projects(last: 2, after: $after) {{ {connection} }} }}"
            ),
            json!({ "after": after }),
        ),
        q(
            "{ projects(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 5, orderBy: { field: TITLE, direction: DESC }) { edges { cursor node { title } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 5, orderBy: { field: TOTAL_COST, direction: ASC }) { edges { cursor node { title totalCost { amount } } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 5, orderBy: { field: UPDATED_AT, direction: DESC }) { edges { cursor node { updatedAt } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 5, orderBy: { field: REFERENCE }) { edges { cursor node { reference } } } }",
            json!({}),
        ),
        q(
            "{ projects(filter: { status: [IN_PROGRESS, COMPLETED], minTotalCost: \"50000\" }) { totalCount nodes { title status } } }",
            json!({}),
        ),
        q(
            "{ projects(filter: { search: \"atelier\" }) { totalCount nodes { title } } }",
            json!({}),
        ),
        q(
            "{ projects(filter: { sector: HEALTH, updatedSince: \"2000-01-01T00:00:00Z\" }) { totalCount nodes { title } } }",
            json!({}),
        ),
        q(
            "{ projects(filter: { status: [] }) { totalCount nodes { title } } }",
            json!({}),
        ),
        q(
            &format!(
                "{{ projects(first: 10) {{ nodes {{ title commitments(filter: {{ kind: [FINANCIAL], status: [CONFIRMED, FULFILLED, PLEDGED] }}, orderBy: {{ field: PLEDGED_ON, direction: DESC }}) {{ totalCount edges {{ cursor node {{ {commitment} }} }} }} }} }} }}"
            ),
            json!({}),
        ),
        q(
            "{ projects(first: 10) { nodes { commitments(last: 1, orderBy: { field: UPDATED_AT }) { pageInfo { hasPreviousPage hasNextPage } nodes { id } } } } }",
            json!({}),
        ),
        q(
            "query($partner: ID!) { projects(first: 10) { nodes { commitments(filter: { partnerId: $partner }) { totalCount nodes { id } } } } }",
            json!({ "partner": partner }),
        ),
        q(
            "query($partner: ID!) { node(id: $partner) { ... on Partner { name commitments(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id amount { amount } } } } } }",
            json!({ "partner": partner }),
        ),
        q(
            "query($partner: ID!) { commitments(first: 50, filter: { partnerId: $partner, updatedSince: \"2000-01-01T00:00:00Z\" }, \
             orderBy: { field: UPDATED_AT, direction: ASC }) { pageInfo { hasNextPage endCursor } nodes { id kind status amount { amount } \
             pledgedOn updatedAt version } } }",
            json!({ "partner": partner }),
        ),
        q(
            &format!(
                "{{ commitments(last: 5, filter: {{ kind: [FINANCIAL] }}, orderBy: {{ field: PLEDGED_ON, direction: DESC }}) {{ totalCount \
             edges {{ cursor node {{ {commitment} }} }} pageInfo {{ hasPreviousPage hasNextPage startCursor }} }} }}"
            ),
            json!({}),
        ),
        q(
            "{ commitments(filter: { pledgedFrom: \"2003-01-01\", pledgedTo: \"2004-12-31\", status: [PLEDGED, CONFIRMED] }) { totalCount nodes { id pledgedOn } } }",
            json!({}),
        ),
        q(
            "{ partners(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name acronym kind \
             commitments(first: 2, orderBy: { field: UPDATED_AT }) { nodes { id updatedAt } } } } } }",
            json!({}),
        ),
        q(
            "query($after: String) { partners(last: 2, filter: { kind: PRIVATE_COMPANY, search: \"soc\" }) { totalCount nodes { name } } a: partners(after: $after) { nodes { name } } }",
            json!({ "after": after }),
        ),
        // Computed figures and plain lists.
        q(
            &format!(
                "{{ projects(first: 30) {{ nodes {{ id program {{ code maxCofinancingRate }} {FUNDING} {HISTORY} \
                 carrier {{ name sectors }} }} }} }}"
            ),
            json!({}),
        ),
        q(
            &format!(
                "{{ commitments(first: 40) {{ nodes {{ id kind {DISBURSED} partner {{ name {TOTALS} }} }} }} }}"
            ),
            json!({}),
        ),
        q(
            "{ projects(first: 50, orderBy: { field: TOTAL_COST, direction: DESC }) { nodes { title \
             a: funding { gap { amount } } b: funding { __typename coverageRate programRemaining { amount } } \
             commitments(filter: { status: [PLEDGED, CONFIRMED] }) { nodes { disbursed { amount } } } } } }",
            json!({}),
        ),
        q(
            "query($c: CurrencyCode!) { partners(first: 50) { nodes { name t: totals(currency: $c) { committed { amount currency } count } \
             totals { count } } } }",
            json!({ "c": "EUR" }),
        ),
        q(
            "query($c: CurrencyCode = USD) { partners(first: 50) { nodes { totals(currency: $c) { __typename disbursed { currency } } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 100) { nodes { statusHistory { to by { email } } } } }",
            json!({}),
        ),
        q(
            "{ commitments(first: 30) { nodes { target { __typename ... on Project { reference funding { gap { amount } coverageRate } \
             statusHistory { to at } carrier { sectors ... on Cooperative { s: sectors } } } } } } }",
            json!({}),
        ),
        q(
            "{ organizations(first: 20) { nodes { name sectors ... on Association { sectors } } } \
             programs { nodes { code projects(first: 5) { nodes { funding { programCap { amount } programRemaining { amount } } } } } } }",
            json!({}),
        ),
        // Bad arguments: the resolvers' own errors.
        q("{ projects(first: 101) { nodes { id } } }", json!({})),
        q(
            "{ projects(first: 1, last: 1) { nodes { id } } }",
            json!({}),
        ),
        q(
            "{ projects(after: \"garbage\") { nodes { id } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 2) { nodes { commitments(first: -1) { nodes { id } } } } }",
            json!({}),
        ),
        q(
            "query($after: String) { projects(orderBy: { field: TITLE }, after: $after) { nodes { id } } }",
            json!({ "after": after }),
        ),
    ]
}

/// The cursor of the second organization by name, descending.
async fn organization_cursor(app: &TestApp) -> String {
    let page = app
        .gql_ok(
            "{ organizations(first: 2, orderBy: { field: NAME, direction: DESC }) { edges { cursor } } }",
            json!({}),
        )
        .await;
    page["organizations"]["edges"][1]["cursor"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Selections over centers, programs and organizations: interfaces with fragments on each of
/// their types, the commitment's target union, and the lists nested under them.
fn directory_corpus(after: &str) -> Vec<(String, Value)> {
    let q = |query: &str, vars: Value| (query.to_owned(), vars);
    vec![
        q(
            "{ centers { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { \
             __typename id name slug city region openedOn createdAt updatedAt version managedBy { id name acronym kind } \
             zones(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id name commune vulnerability center { name } } } \
             organizations(first: 4, filter: { kind: ASSOCIATION }, orderBy: { field: FOUNDED_ON, direction: DESC }) { \
               totalCount nodes { __typename id name ... on Cooperative { activity } } } \
             projects(first: 3, orderBy: { field: TITLE, direction: ASC }) { totalCount nodes { title center { slug } } } \
             commitments(first: 5) { totalCount nodes { id kind target { __typename ... on Center { name } ... on Project { title } } } } \
             } } } }",
            json!({}),
        ),
        q(
            "{ centers(last: 1) { nodes { zones(last: 2) { pageInfo { hasPreviousPage } nodes { name } } \
             organizations(filter: { search: \"coop\" }) { nodes { name } } } } }",
            json!({}),
        ),
        q(
            "{ programs { totalCount nodes { __typename id code name maxCofinancingRate budget { __typename amount currency } \
             startsOn endsOn version funder { name } projects(first: 2) { totalCount nodes { reference } } } } }",
            json!({}),
        ),
        q(
            "{ organizations(first: 10) { totalCount nodes { ... on Cooperative { activity name } ... on Association { name acronym foundedOn } \
             __typename id kind status membersCount networkMemberSince registrationNumber createdAt updatedAt version \
             center { name } zone { name } \
             projects(first: 2, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount nodes { reference title status } } } } }",
            json!({}),
        ),
        q(
            "query($after: String) { organizations(first: 3, after: $after, orderBy: { field: NAME, direction: DESC }) { \
             edges { cursor node { name ... on Association { x: acronym } ... on Cooperative { x: activity } } } } }",
            json!({ "after": after }),
        ),
        q(
            "{ associations(first: 3, filter: { status: ACTIVE }, orderBy: { field: NAME, direction: ASC }) { totalCount \
             pageInfo { hasNextPage endCursor } nodes { __typename id name acronym foundedOn networkMemberSince membersCount \
             zone { name vulnerability } ... on Organization { kind } ... on Association { activity } } } }",
            json!({}),
        ),
        q(
            "{ cooperatives(last: 2) { totalCount nodes { __typename name activity zone { name } ...O } } } fragment O on Organization { id kind }",
            json!({}),
        ),
        q(
            "{ associations(filter: { kind: COOPERATIVE }) { totalCount } cooperatives(filter: { status: DISSOLVED }) { totalCount nodes { id } } }",
            json!({}),
        ),
        q(
            "{ organizations(filter: { sector: HEALTH }, orderBy: { field: CREATED_AT, direction: DESC }) { totalCount nodes { name } } }",
            json!({}),
        ),
        q(
            "{ commitments(first: 40) { nodes { id target { __typename ... on Project { reference title carrier { name } } \
             ... on Center { name city } ... on Node { id } ... on CommitmentTarget { __typename } } } } }",
            json!({}),
        ),
        q(
            "{ commitments(first: 40) { nodes { target { ... on Center { name } } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 5) { nodes { carrier { ... on Cooperative { activity } } center { name zones(first: 1) { nodes { name } } } } } }",
            json!({}),
        ),
        // Personal data: each caller sees the contacts of their own scope only.
        q(
            "{ organizations(first: 50) { nodes { id name contact { __typename email phone address representativeName } } } }",
            json!({}),
        ),
        q(
            "{ partners(first: 50) { nodes { name c: contact { email representativeName } contact { phone } } } }",
            json!({}),
        ),
        q(
            "{ projects(first: 50) { nodes { reference carrier { contact { email } } commitments { nodes { partner { contact { address } } } } } } }",
            json!({}),
        ),
        q(
            "{ centers { nodes { organizations(first: 50) { nodes { name contact { email } } } } } }",
            json!({}),
        ),
        q("{ centers(first: -1) { nodes { id } } }", json!({})),
        q(
            "{ centers { nodes { zones(first: 500) { nodes { id } } } } }",
            json!({}),
        ),
    ]
}

/// `Project.funding` with every part.
const FUNDING: &str = "funding { __typename ownContribution { __typename amount currency } \
    committedFinancial { amount currency } committedInKind { amount } committed { amount currency } \
    disbursed { amount } gap { amount currency } coverageRate programCap { amount currency } \
    programCommitted { amount } programRemaining { __typename amount } }";
/// `Project.statusHistory` with every public part.
const HISTORY: &str = "statusHistory { __typename from to at note }";
/// `Partner.totals` with every part, in the default currency and in another.
const TOTALS: &str = "totals { __typename committed { amount currency } committedToProjects { amount } \
    disbursed { amount } count projectsCount } eur: totals(currency: EUR) { committed { amount currency } \
    disbursed { amount } count projectsCount }";
/// `Commitment.disbursed` and `Commitment.disbursements` with every public part.
const DISBURSED: &str = "disbursed { __typename amount currency } disbursements { __typename id \
    amount { __typename amount currency } paidOn reference createdAt commitment { id kind } }";

/// Selections of one object by `node(id:)`, for ids of every planned type.
fn node_corpus(id: &str) -> Vec<(String, Value)> {
    let q = |query: &str| (query.to_owned(), json!({ "id": id }));
    vec![
        q(&format!(
            "query($id: ID!) {{ node(id: $id) {{ __typename ... on Project {{ {FUNDING} {HISTORY} carrier {{ sectors }} }} \
             ... on Partner {{ {TOTALS} }} ... on Commitment {{ {DISBURSED} }} }} }}"
        )),
        (Q2.to_owned(), json!({ "id": id })),
        q(
            "query($id: ID!) { node(id: $id) { __typename id ... on Project { title c: commitments { nodes { partner { name } } } } \
           ... on Partner { name } ...N } } fragment N on Node { id }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { __typename ... on Commitment { kind amount { amount currency } taxIncluded pledgedOn \
           dueOn fulfilledOn partner { name } program { name funder { name } } createdAt } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { __typename ... on Zone { name commune vulnerability } ... on Program { code name startsOn endsOn version } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { __typename ... on Partner { name acronym kind joinedOn version \
           commitments(first: 2) { totalCount nodes { id } } } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { id ... on Project { carrier { name ... on Association { acronym } } } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { ... on Organization { name kind center { name } } ... on Cooperative { activity } \
           ... on Association { foundedOn projects(first: 2) { totalCount nodes { title } } } __typename } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { ... on Center { name city managedBy { name contact { email } } zones { totalCount } \
           commitments { nodes { target { __typename } } } } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { ... on Organization { contact { email phone } } ... on Partner { contact { email } } } }",
        ),
        q(
            "query($id: ID!) { node(id: $id) { ... on Partner { contact { email } } ... on Project { funding { gap { amount } } } } }",
        ),
    ]
}

#[tokio::test]
async fn the_planner_answers_exactly_as_the_resolvers_for_every_role() {
    let (on, off) = twin_apps(true).await;
    // A project with no commitment at all, next to the demo's, in a center of its own.
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
    let roles = [
        (Role::Viewer, Links::default()),
        (
            Role::Organization,
            Links {
                organization: Some(carrier.id),
                ..Links::default()
            },
        ),
        (
            Role::Partner,
            Links {
                partner: Some(partner.id),
                ..Links::default()
            },
        ),
        (
            Role::Staff,
            Links {
                center: Some(center.id),
                ..Links::default()
            },
        ),
        (Role::Admin, Links::default()),
    ];
    let roles = roles
        .into_iter()
        .map(|(role, links)| (format!("{role:?}"), role, links))
        .collect();
    let callers = callers_of(&on, &off, roles).await;
    let partner = encode(NodeType::Partner, partner.id).0;
    let ids = node_ids(&on).await;
    let page = on
        .gql_ok("{ projects(first: 6) { edges { cursor } } }", json!({}))
        .await;
    let cursor = |i: usize| {
        page["projects"]["edges"][i]["cursor"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut corpus = list_corpus(&cursor(2), &cursor(5), &partner);
    corpus.extend(directory_corpus(&organization_cursor(&on).await));
    for id in &ids {
        corpus.extend(node_corpus(id));
    }
    corpus.push((
        "query($id: ID!) { node(id: $id) { id ... on Project { title } } }".to_owned(),
        json!({ "id": encode(NodeType::Project, 999_999).0 }),
    ));
    corpus.push((
        "query($id: ID!) { node(id: $id) { id } }".to_owned(),
        json!({ "id": "not an id" }),
    ));
    // Every example of the README, with its default variables.
    for example in EXAMPLES {
        corpus.push(((*example).to_owned(), json!({})));
    }
    let planned_before = planner_samples(&on, "cqs_planner_plans_total", "node").await
        + planner_samples(&on, "cqs_planner_plans_total", "projects").await;
    let compared = compare_answers(&on, &off, &callers, &corpus).await;
    assert!(compared > 300, "{compared} comparisons");
    let planned_after = planner_samples(&on, "cqs_planner_plans_total", "node").await
        + planner_samples(&on, "cqs_planner_plans_total", "projects").await;
    // Most of the corpus went through the planner, not only through the resolvers.
    assert!(
        planned_after - planned_before > (compared / 2) as f64,
        "{} of {compared} planned",
        planned_after - planned_before
    );
}

/// Ids of every planned type in the demo: projects, commitments, partners, zones, programs.
async fn node_ids(app: &TestApp) -> Vec<String> {
    let data = app
        .gql_ok(
            "{ projects(first: 100) { nodes { id zone { id } program { id } carrier { id } center { id } \
             commitments { nodes { id partner { id } } } } } }",
            json!({}),
        )
        .await;
    let mut ids = Vec::new();
    for project in data["projects"]["nodes"].as_array().unwrap().iter().take(6) {
        ids.push(project["id"].clone());
        ids.push(project["zone"]["id"].clone());
        ids.push(project["program"]["id"].clone());
        ids.push(project["carrier"]["id"].clone());
        ids.push(project["center"]["id"].clone());
        for commitment in project["commitments"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .take(2)
        {
            ids.push(commitment["id"].clone());
            ids.push(commitment["partner"]["id"].clone());
        }
    }
    let mut ids: Vec<String> = ids
        .into_iter()
        .filter_map(|id| id.as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[tokio::test]
async fn every_example_runs_one_statement_per_root_field_anonymous_or_signed_in() {
    let (on, _off) = twin_apps(true).await;
    let (email, password) = on.user(Role::Admin, Links::default()).await;
    let token = on.login(&email, &password).await;
    for example in EXAMPLES {
        let (data, statements) = on.gql_counted(example, json!({})).await;
        let roots = data.as_object().unwrap().len() as u64;
        assert_eq!(statements, roots, "anonymous: {example}");
        let before = on.statements.get();
        let (_, body) = on.gql_as(&token, example, json!({})).await;
        assert!(body.get("errors").is_none(), "{body}");
        // The token's claims are confirmed inside the statements: no read of the user first.
        assert_eq!(on.statements.get() - before, roots, "signed in: {example}");
    }
}

#[tokio::test]
async fn q1_q2_and_q5_run_one_statement_whatever_the_page_size() {
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
        let partner = on
            .gql_ok(
                "{ commitments(first: 1) { nodes { partner { id } } } }",
                json!({}),
            )
            .await;
        let partner = json!({ "partner": partner["commitments"]["nodes"][0]["partner"]["id"] });
        // The fixtures' commitments date from before the benchmark's `updatedSince`.
        let q5 = Q5.replace("2021-01-01", "2000-01-01");
        let (data, statements) = on.gql_counted(&q5, partner.clone()).await;
        assert!(
            !data["commitments"]["nodes"].as_array().unwrap().is_empty(),
            "{data} {partner}"
        );
        assert_eq!(statements, 1, "Q5 planned");
        assert_eq!(data, off.gql_ok(&q5, partner).await);
    }
}

pub(crate) async fn planner_samples(app: &TestApp, metric: &str, field: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    text.lines()
        .filter(|line| line.starts_with(&format!("{metric}{{")))
        .filter(|line| line.contains(&format!("field=\"{field}\"")))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[tokio::test]
async fn centers_programs_organizations_and_targets_are_planned_without_fallback() {
    let (on, _off) = twin_apps(true).await;
    let corpus = directory_corpus(&organization_cursor(&on).await);
    // The last two ask for pages the resolvers refuse: they are not planned. (The metrics are
    // the process's, shared by the tests running beside this one: statements tell instead.)
    for (query, variables) in &corpus[..corpus.len() - 2] {
        let (data, statements) = on.gql_counted(query, variables.clone()).await;
        let roots = data.as_object().map_or(0, |data| data.len() as u64);
        assert_eq!(statements, roots, "one statement per root field: {query}");
    }
    // A nested page the resolvers refuse falls back: they answer with their error.
    let body = on.gql(&corpus[corpus.len() - 1].0, json!({})).await;
    assert_eq!(
        body["errors"][0]["path"],
        json!(["centers", "nodes", 0, "zones"]),
        "{body}"
    );
}

#[tokio::test]
async fn a_selection_outside_the_vocabulary_falls_back_and_is_counted() {
    let (on, off) = twin_apps(true).await;
    let query = "{ projects(first: 5) { nodes { title statusHistory { to by { id } } } } }";
    let fallbacks = planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await;
    let (data, statements) = on.gql_counted(query, json!({})).await;
    assert!(statements > 1, "answered by the resolvers");
    assert_eq!(data, off.gql_ok(query, json!({})).await);
    assert!(planner_samples(&on, "cqs_planner_fallbacks_total", "projects").await > fallbacks);
    let plans = planner_samples(&on, "cqs_planner_plans_total", "projects").await;
    on.gql_ok(Q1, json!({})).await;
    assert!(planner_samples(&on, "cqs_planner_plans_total", "projects").await > plans);
}

/// The account behind `email`, changed straight in the database (as another instance would).
async fn change_account(app: &TestApp, email: &str, change: impl FnOnce(&mut user::ActiveModel)) {
    let account = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the account exists");
    let mut active: user::ActiveModel = account.into();
    change(&mut active);
    active.update(&app.db).await.unwrap();
}

#[tokio::test]
async fn a_login_token_is_confirmed_inside_the_planned_statement() {
    let app = spawn_app().await;
    fixtures::projects_with_commitments(&app.db, 10)
        .await
        .unwrap();
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let token = app.login(&email, &password).await;
    let id = project_ids(&app).await.remove(0);
    for (query, variables) in [(Q1, json!({})), (Q2, json!({ "id": id }))] {
        let before = app.statements.get();
        let (status, body) = app.gql_as(&token, query, variables).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        assert_eq!(
            app.statements.get() - before,
            1,
            "{query}: the viewer in the one statement"
        );
    }
    // A query the planner does not answer still confirms the token, once.
    let (status, body) = app
        .gql_as(&token, "{ viewer { email role } }", json!({}))
        .await;
    assert_eq!(
        (status.as_u16(), &body["data"]["viewer"]["role"]),
        (200, &json!("VIEWER"))
    );

    change_account(&app, &email, |account| {
        account.disabled_at = Set(Some(chrono::Utc::now()));
    })
    .await;
    for (query, variables) in [
        (Q1, json!({})),
        (Q2, json!({ "id": id })),
        ("{ viewer { email } }", json!({})),
    ] {
        let (status, body) = app.gql_as(&token, query, variables).await;
        assert_eq!(status, 401, "a disabled account's token: {query}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        assert!(
            body["data"].is_null(),
            "nothing read for it is sent: {body}"
        );
    }
}

#[tokio::test]
async fn a_role_changed_since_the_token_was_issued_answers_under_the_new_role() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    let token = app.login(&email, &password).await;
    let (other, _) = app.user(Role::Viewer, Links::default()).await;
    let other_id = user::Entity::find()
        .filter(user::Column::Email.eq(other.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let query = "query($id: ID!) { node(id: $id) { ... on User { email } } }";
    let variables = json!({ "id": encode(NodeType::User, other_id).0 });
    let (_, body) = app.gql_as(&token, query, variables.clone()).await;
    assert_eq!(
        body["data"]["node"]["email"],
        json!(other),
        "an admin reads users"
    );

    change_account(&app, &email, |account| account.role = Set(Role::Viewer)).await;
    let (status, body) = app.gql_as(&token, query, variables).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"]["node"],
        Value::Null,
        "no longer an admin: {body}"
    );
    let (_, body) = app.gql_as(&token, Q1, json!({})).await;
    assert!(
        body.get("errors").is_none(),
        "planned reads answer too: {body}"
    );
}

#[tokio::test]
async fn computed_figures_and_plain_lists_are_answered_in_the_one_statement() {
    let (on, off) = twin_apps(true).await;
    // examples/funding-plan.graphql: ordered by TOTAL_COST, funding, commitments filtered by status.
    let funding_plan = EXAMPLES[3];
    let (data, statements) = on.gql_counted(funding_plan, json!({})).await;
    assert_eq!(statements, 1, "funding-plan.graphql in one statement");
    assert!(!data["projects"]["nodes"].as_array().unwrap().is_empty());
    assert_eq!(data, off.gql_ok(funding_plan, json!({})).await);

    let query = format!(
        "{{ projects(first: 5) {{ nodes {{ {FUNDING} {HISTORY} carrier {{ sectors }} \
         commitments(first: 5) {{ nodes {{ {DISBURSED} partner {{ {TOTALS} }} }} }} }} }} }}"
    );
    let (data, statements) = without_fallback(&on, &query, json!({})).await;
    assert_eq!(statements, 1, "every figure and list in the one statement");
    assert_eq!(data, off.gql_ok(&query, json!({})).await);
    // Reached through the target union, the organizations' interface and programs' projects.
    let corpus = list_corpus("", "", "");
    for (query, variables) in corpus.iter().filter(|(q, _)| q.contains("sectors")) {
        let (data, statements) = on.gql_counted(query, variables.clone()).await;
        let roots = data.as_object().map_or(0, |data| data.len() as u64);
        assert_eq!(statements, roots, "one statement per root field: {query}");
        assert_eq!(data, off.gql_ok(query, variables.clone()).await);
    }
    let totals = "query($c: CurrencyCode!) { partners(first: 20) { nodes { name \
        totals(currency: $c) { count committed { amount currency } } } } }";
    for currency in ["MAD", "EUR", "USD"] {
        let variables = json!({ "c": currency });
        let (data, statements) = on.gql_counted(totals, variables.clone()).await;
        assert_eq!(statements, 1, "totals in {currency} planned");
        assert_eq!(data, off.gql_ok(totals, variables).await, "{currency}");
    }

    // The demo holds what each figure is about, so the comparisons are not over zeros and nulls.
    let query = format!(
        "{{ projects(first: 30) {{ nodes {{ {FUNDING} {HISTORY} carrier {{ sectors }} }} }} }}"
    );
    let (data, statements) = without_fallback(&on, &query, json!({})).await;
    assert_eq!(statements, 1);
    assert_eq!(data, off.gql_ok(&query, json!({})).await);
    let projects = data["projects"]["nodes"].as_array().unwrap();
    let query = format!(
        "{{ commitments(first: 40) {{ nodes {{ {DISBURSED} partner {{ {TOTALS} }} }} }} }}"
    );
    let (data, statements) = on.gql_counted(&query, json!({})).await;
    assert_eq!(statements, 1);
    assert_eq!(data, off.gql_ok(&query, json!({})).await);
    let commitments: Vec<&Value> = data["commitments"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let paid = |value: &Value| value["amount"].as_str().is_some_and(|a| a != "0.00");
    let count = |value: &Value| value.as_array().unwrap().len();
    let cases: [(&str, bool); 8] = [
        (
            "a project with payments",
            projects.iter().any(|p| paid(&p["funding"]["disbursed"])),
        ),
        (
            "a project under a program",
            projects
                .iter()
                .any(|p| p["funding"]["programCap"].is_object()),
        ),
        (
            "a project outside any",
            projects
                .iter()
                .any(|p| p["funding"]["programCap"].is_null()),
        ),
        (
            "a project with a history",
            projects.iter().any(|p| count(&p["statusHistory"]) > 1),
        ),
        (
            "a carrier with sectors",
            projects.iter().any(|p| count(&p["carrier"]["sectors"]) > 0),
        ),
        (
            "an in-kind commitment",
            commitments.iter().any(|c| c["disbursed"].is_null()),
        ),
        (
            "a commitment paid in tranches",
            commitments.iter().any(|c| count(&c["disbursements"]) > 1),
        ),
        (
            "a partner that paid",
            commitments
                .iter()
                .any(|c| paid(&c["partner"]["totals"]["disbursed"])),
        ),
    ];
    for (case, found) in cases {
        assert!(found, "the demo holds {case}");
    }
}

/// Runs `query` until one run was not accompanied by a fallback of `projects` (other tests fall
/// back at the same time, in the same process, and the metrics are the process's): a query that
/// falls back itself never gets there.
async fn without_fallback(app: &TestApp, query: &str, variables: Value) -> (Value, u64) {
    for _ in 0..5 {
        let fallbacks = planner_samples(app, "cqs_planner_fallbacks_total", "projects").await;
        let answer = app.gql_counted(query, variables.clone()).await;
        if planner_samples(app, "cqs_planner_fallbacks_total", "projects").await == fallbacks {
            return answer;
        }
    }
    panic!("fell back: {query}");
}
