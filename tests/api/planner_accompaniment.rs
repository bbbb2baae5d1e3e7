//! The read planner on the center's accompaniment and expected results (issue 14): support
//! sessions and indicators answer exactly as their resolvers for every role, in one statement
//! per root field whatever the page size; `notes` stay in the database for callers out of scope.

use chrono::Utc;
use cqs::domain::project::ProjectStatus;
use cqs::domain::role::Role;
use cqs::entity::{program, project};
use cqs::graphql::id::{NodeType, encode};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{Links, TestApp};
use crate::planner::{Caller, answer, callers_of, compare_answers, planner_samples, twin_apps};

const EXAMPLE: &str = include_str!("../../examples/accompaniment.graphql");

const SESSION: &str = "__typename id kind heldOn durationMinutes participantsCount outcome notes \
    createdAt updatedAt version center { name } organization { __typename id name kind } \
    project { reference title } facilitatingPartner { id name }";
const INDICATOR: &str = "__typename id name unit source baseline target latest progress \
    createdAt updatedAt version measurements { __typename id measuredOn value note } \
    owner { __typename ... on Center { slug } ... on Program { code } }";
const CONNECTION: &str = "__typename totalCount pageInfo { __typename hasNextPage \
    hasPreviousPage startCursor endCursor } edges { __typename cursor node { id } }";

fn id(node_type: NodeType, row: i64) -> Value {
    json!(encode(node_type, row).0)
}

/// Rows the demo lacks: sessions with and without notes, project or partner, in two centers;
/// indicators manual and computed, of a center and of a program, measured or not, with and
/// without a target. Returns the ids the corpus filters by.
struct Data {
    center: i64,
    organization: i64,
    project: i64,
    program: i64,
    partner: i64,
    other_center: i64,
}

async fn data(app: &TestApp) -> Data {
    let db = &app.db;
    let center = fixtures::center(db, "mohammedia").await.unwrap().id;
    let other_center = fixtures::center(db, "rabat").await.unwrap().id;
    let partner = fixtures::partner(db, "Réseau associatif").await.unwrap().id;
    let organization = fixtures::association(db, center, Some("MOH-ASSO-1"))
        .await
        .unwrap()
        .id;
    let other = fixtures::association(db, other_center, Some("RAB-ASSO-1"))
        .await
        .unwrap()
        .id;
    let program = program::ActiveModel {
        code: Set("PASEC".to_owned()),
        name: Set("Programme d'actions de la solidarité".to_owned()),
        funder_id: Set(partner),
        max_cofinancing_rate_bp: Set(7_000),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let row = fixtures::project(db, center, organization, "MOH-2026-0001")
        .await
        .unwrap();
    let mut approved: project::ActiveModel = row.into();
    approved.program_id = Set(Some(program));
    approved.status = Set(ProjectStatus::Approved);
    let project = approved.update(db).await.unwrap().id;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let write = |query: &'static str, input: Value| {
        let admin = admin.clone();
        async move {
            let (_, body) = app.gql_as(&admin, query, json!({ "input": input })).await;
            assert!(body.get("errors").is_none(), "{body}");
            let data = body["data"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()
                .clone();
            assert_eq!(data["userErrors"], json!([]), "{data}");
            data
        }
    };
    let sessions = [
        (
            organization,
            Some(project),
            "TRAINING",
            "2003-07-05",
            Some("Le trésorier hésite"),
        ),
        (
            organization,
            Some(project),
            "PROJECT_SETUP",
            "2003-07-05",
            None,
        ),
        (
            organization,
            None,
            "ORIENTATION",
            "2003-06-01",
            Some("Première visite"),
        ),
        (organization, None, "TRAINING", "2003-09-12", None),
        (other, None, "LEGAL", "2003-08-01", Some("Statuts à revoir")),
    ];
    for (i, (organization, project, kind, held_on, notes)) in sessions.into_iter().enumerate() {
        let outcome = (i % 2 == 0).then_some("Budget revu");
        write(
            "mutation($input: CreateSupportSessionInput!) { createSupportSession(input: $input) { supportSession { id } userErrors { code } } }",
            json!({
                "organizationId": id(NodeType::Organization, organization),
                "projectId": project.map(|project| id(NodeType::Project, project)),
                "kind": kind,
                "heldOn": held_on,
                "durationMinutes": 30 + 20 * i,
                "facilitatingPartnerId": id(NodeType::Partner, partner),
                "participantsCount": 2 + i,
                "outcome": outcome,
                "notes": notes,
            }),
        )
        .await;
    }
    let owner = |program_owned: bool| {
        if program_owned {
            ("programId", id(NodeType::Program, program))
        } else {
            ("centerId", id(NodeType::Center, center))
        }
    };
    let indicators = [
        (false, "MANUAL", "10", Some("20")),
        (false, "MANUAL", "0", None),
        (false, "MANUAL", "5", Some("5")),
        (false, "ORGANIZATIONS_ACCOMPANIED", "0", Some("4")),
        (false, "PROJECTS_FUNDED", "0", Some("3")),
        (false, "SESSIONS_HELD", "1", Some("9")),
        (false, "PARTICIPANTS_TRAINED", "0", Some("40")),
        (true, "SESSIONS_HELD", "0", Some("2")),
        (true, "PROJECTS_FUNDED", "0", None),
        (true, "ORGANIZATIONS_ACCOMPANIED", "0", Some("1")),
    ];
    let mut measured = None;
    for (program_owned, source, baseline, target) in indicators {
        let (key, owner) = owner(program_owned);
        let created = write(
            "mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { indicator { id } userErrors { code } } }",
            json!({ key: owner, "name": format!("{source} {baseline}"), "unit": "u", "source": source,
                    "baseline": baseline, "target": target }),
        )
        .await;
        measured.get_or_insert(created["indicator"]["id"].clone());
    }
    // Two values on one day: the later one recorded is the latest.
    for (day, value) in [
        ("2003-07-05", "12.5"),
        ("2003-09-01", "14"),
        ("2003-09-01", "13.25"),
    ] {
        write(
            "mutation($input: RecordIndicatorMeasurementInput!) { recordIndicatorMeasurement(input: $input) { indicator { id } userErrors { code } } }",
            json!({ "indicatorId": measured, "measuredOn": day, "value": value, "note": "relevé" }),
        )
        .await;
    }
    Data {
        center,
        organization,
        project,
        program,
        partner,
        other_center,
    }
}

/// Every caller of the role matrix, with a token on each of the twin apps.
async fn callers(on: &TestApp, off: &TestApp, data: &Data) -> Vec<Caller> {
    let staff_of = |center| Links {
        center: Some(center),
        ..Links::default()
    };
    let roles = [
        ("viewer", Role::Viewer, Links::default()),
        (
            "organization",
            Role::Organization,
            Links {
                organization: Some(data.organization),
                ..Links::default()
            },
        ),
        (
            "partner",
            Role::Partner,
            Links {
                partner: Some(data.partner),
                ..Links::default()
            },
        ),
        ("staff of the center", Role::Staff, staff_of(data.center)),
        (
            "staff of another center",
            Role::Staff,
            staff_of(data.other_center),
        ),
        ("admin", Role::Admin, Links::default()),
    ];
    let roles = roles
        .into_iter()
        .map(|(name, role, links)| (name.to_owned(), role, links))
        .collect();
    callers_of(on, off, roles).await
}

/// The example, each field alone, every argument of the lists, aliases, fragments and nulls.
fn corpus(data: &Data, after: &str, before: &str) -> Vec<(String, Value)> {
    let q = |query: String, variables: Value| (query, variables);
    let center = id(NodeType::Center, data.center);
    let mut corpus = vec![
        q(EXAMPLE.to_owned(), json!({})),
        q(format!("{{ supportSessions {{ {CONNECTION} nodes {{ {SESSION} }} }} }}"), json!({})),
        q(format!("{{ indicators {{ {CONNECTION} nodes {{ {INDICATOR} }} }} }}"), json!({})),
        q(
            format!("query($after: String) {{ supportSessions(first: 2, after: $after) {{ {CONNECTION} }} }}"),
            json!({ "after": after }),
        ),
        q(
            format!("query($before: String) {{ supportSessions(last: 2, before: $before) {{ {CONNECTION} }} }}"),
            json!({ "before": before }),
        ),
        q(format!("{{ supportSessions(last: 3) {{ {CONNECTION} }} }}"), json!({})),
        q(format!("{{ supportSessions(first: 0) {{ {CONNECTION} }} }}"), json!({})),
        q(
            format!("{{ supportSessions(orderBy: {{ field: CREATED_AT, direction: ASC }}) {{ {CONNECTION} nodes {{ heldOn }} }} }}"),
            json!({}),
        ),
        q(
            format!("{{ supportSessions(first: 3, orderBy: {{ field: UPDATED_AT, direction: DESC }}) {{ {CONNECTION} }} }}"),
            json!({}),
        ),
        q(
            format!("{{ supportSessions(orderBy: {{ field: HELD_ON, direction: ASC }}) {{ {CONNECTION} }} }}"),
            json!({}),
        ),
        q(
            "query($c: ID, $p: ID, $o: ID, $f: ID) { a: supportSessions(filter: { centerId: $c, kind: [TRAINING, LEGAL] }) { totalCount nodes { kind notes } } \
             b: supportSessions(filter: { projectId: $p, from: \"2003-07-01\", to: \"2003-07-31\" }) { totalCount nodes { heldOn } } \
             c: supportSessions(filter: { organizationId: $o, facilitatingPartnerId: $f, updatedSince: \"2000-01-01T00:00:00Z\" }) { totalCount } \
             d: supportSessions(filter: { kind: [] }) { totalCount } }"
                .to_owned(),
            json!({ "c": center, "p": id(NodeType::Project, data.project), "o": id(NodeType::Organization, data.organization), "f": id(NodeType::Partner, data.partner) }),
        ),
        q(
            "query($c: ID, $p: ID) { a: indicators(filter: { centerId: $c, source: MANUAL }) { totalCount nodes { name latest progress } } \
             b: indicators(filter: { programId: $p }) { totalCount nodes { name latest owner { ... on Program { code } } } } \
             c: indicators(last: 2, filter: { updatedSince: \"2000-01-01T00:00:00Z\" }) { totalCount nodes { name } } }"
                .to_owned(),
            json!({ "c": center, "p": id(NodeType::Program, data.program) }),
        ),
        q(
            format!("{{ centers {{ nodes {{ slug supportSessions(first: 2, filter: {{ kind: [TRAINING] }}) {{ {CONNECTION} nodes {{ {SESSION} }} }} \
             indicators(first: 3) {{ {CONNECTION} nodes {{ {INDICATOR} }} }} }} }} }}"),
            json!({}),
        ),
        q(
            "{ organizations { nodes { name supportSessions(last: 1, orderBy: { field: HELD_ON, direction: ASC }) { totalCount nodes { heldOn notes } } \
             ... on Association { s: supportSessions { pageInfo { hasNextPage } edges { cursor node { kind } } } } } } }"
                .to_owned(),
            json!({}),
        ),
        q(
            "{ projects { nodes { reference supportSessions(filter: { kind: [PROJECT_SETUP] }) { totalCount nodes { kind notes organization { name } } } } } }"
                .to_owned(),
            json!({}),
        ),
        q(
            "{ programs { nodes { code indicators { totalCount nodes { name source latest progress owner { __typename } } } } } }"
                .to_owned(),
            json!({}),
        ),
        // Aliases, fragments and directives.
        q(
            "query($skip: Boolean!) { s: supportSessions(first: 4) { n: nodes { ...S k: kind notes @skip(if: $skip) } } \
             i: indicators { nodes { ... on Indicator { l: latest p: progress } ...I } } } \
             fragment S on SupportSession { when: heldOn notes facilitatingPartner { ... on Node { id } } } \
             fragment I on Indicator { latest m: measurements { value } }"
                .to_owned(),
            json!({ "skip": false }),
        ),
        // Pages the resolvers refuse: their error, either way.
        q("{ supportSessions(first: 1000) { totalCount } }".to_owned(), json!({})),
        q("{ indicators(first: 1, last: 1) { totalCount } }".to_owned(), json!({})),
        q(
            "{ centers { nodes { supportSessions(after: \"nope\") { totalCount } } } }".to_owned(),
            json!({}),
        ),
    ];
    // Each field alone.
    for field in SESSION
        .split(' ')
        .filter(|f| f.chars().all(char::is_alphanumeric) && !f.is_empty())
    {
        corpus.push(q(
            format!("{{ supportSessions {{ nodes {{ {field} }} }} }}"),
            json!({}),
        ));
    }
    for field in [
        "name",
        "unit",
        "source",
        "baseline",
        "target",
        "latest",
        "progress",
        "measurements { measuredOn }",
        "owner { __typename }",
    ] {
        corpus.push(q(
            format!("{{ indicators {{ nodes {{ {field} }} }} }}"),
            json!({}),
        ));
    }
    corpus
}

#[tokio::test]
async fn sessions_and_indicators_are_planned_exactly_as_the_resolvers_answer_for_every_role() {
    let (on, off) = twin_apps(false).await;
    let data = data(&on).await;
    let callers = callers(&on, &off, &data).await;
    let page = on
        .gql_ok("{ supportSessions { edges { cursor } } }", json!({}))
        .await;
    let cursor = |i: usize| page["supportSessions"]["edges"][i]["cursor"].clone();
    let mut corpus = corpus(
        &data,
        cursor(1).as_str().unwrap(),
        cursor(4).as_str().unwrap(),
    );
    let ids = on
        .gql_ok(
            "{ supportSessions { nodes { id } } indicators { nodes { id } } }",
            json!({}),
        )
        .await;
    let node = format!(
        "query($id: ID!) {{ node(id: $id) {{ __typename id ... on SupportSession {{ {SESSION} }} \
         ... on Indicator {{ {INDICATOR} }} }} }}"
    );
    for list in ["supportSessions", "indicators"] {
        for row in ids[list]["nodes"].as_array().unwrap() {
            corpus.push((node.clone(), json!({ "id": row["id"] })));
        }
    }
    let plans = planner_samples(&on, "cqs_planner_plans_total", "supportSessions").await;
    let compared = compare_answers(&on, &off, &callers, &corpus).await;
    assert!(compared > 200, "{compared} comparisons");
    let indicators = on
        .gql_ok(
            "{ indicators { nodes { source latest progress owner { __typename } } } }",
            json!({}),
        )
        .await;
    let found = |source: &str, owner: &str, latest: Value, progress: Value| {
        indicators["indicators"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|node| {
                node["source"] == source
                    && node["owner"]["__typename"] == owner
                    && node["latest"] == latest
                    && node["progress"] == progress
            })
    };
    let cases = [
        (
            "the last value recorded on the last day",
            found("MANUAL", "Center", json!("13.25"), json!("0.325")),
        ),
        (
            "no value before a measurement",
            found("MANUAL", "Center", Value::Null, Value::Null),
        ),
        (
            "no progress when the target is the baseline",
            found("MANUAL", "Center", Value::Null, Value::Null),
        ),
        (
            "sessions of the center counted",
            found("SESSIONS_HELD", "Center", json!("4"), json!("0.375")),
        ),
        (
            "participants of its trainings",
            found("PARTICIPANTS_TRAINED", "Center", json!("7"), json!("0.175")),
        ),
        (
            "sessions about the program's projects",
            found("SESSIONS_HELD", "Program", json!("2"), json!("1")),
        ),
        (
            "the program's funded project",
            found("PROJECTS_FUNDED", "Program", json!("1"), Value::Null),
        ),
    ];
    for (case, found) in cases {
        assert!(found, "the data holds {case}: {indicators}");
    }
    assert!(planner_samples(&on, "cqs_planner_plans_total", "supportSessions").await > plans);
}

/// Every field of `stats.supportSessions`.
const SESSION_STATS: &str = "query($f: StatsFilter) { stats(filter: $f) { supportSessions { \
    __typename sessions hours participants byKind { __typename kind sessions hours participants } \
    byZone { __typename zone { __typename id name commune vulnerability } sessions hours participants } \
    byOrganization { __typename organization { __typename id kind name acronym version } sessions hours \
    participants } } } }";

/// `stats.supportSessions` under filters (of a center and a program), with every field,
/// aliases and fragments.
fn stats_corpus(center: Value, program: Value) -> Vec<(String, Value)> {
    let query = SESSION_STATS.to_owned();
    let filters = [
        Value::Null,
        json!({ "centerId": center }),
        json!({ "programId": program }),
        json!({ "from": "2003-07-01", "to": "2003-07-31" }),
        json!({ "sector": "HEALTH" }),
        json!({ "from": "2004-01-01" }),
    ];
    let mut corpus: Vec<(String, Value)> = filters
        .into_iter()
        .map(|filter| (query.clone(), json!({ "f": filter })))
        .collect();
    corpus.push((
        "{ stats { s: supportSessions { h: hours byOrganization { o: organization { ... on Organization { name } ...on Node { id } } } } \
         t: supportSessions { sessions } byZone { projectsCount } } }"
            .to_owned(),
        json!({}),
    ));
    corpus.push((
        "{ stats { supportSessions { byOrganization { organization { ... on Association { name } } } } } }".to_owned(),
        json!({}),
    ));
    corpus
}

#[tokio::test]
async fn session_stats_are_planned_exactly_as_the_resolvers_answer() {
    let (on, off) = twin_apps(true).await;
    let ids = on
        .gql_ok(
            "{ centers { nodes { id } } programs { nodes { id } } }",
            json!({}),
        )
        .await;
    let corpus = stats_corpus(
        ids["centers"]["nodes"][0]["id"].clone(),
        ids["programs"]["nodes"][0]["id"].clone(),
    );
    let plans = planner_samples(&on, "cqs_planner_plans_total", "stats").await;
    for (query, variables) in &corpus {
        let (planned, resolved) = (
            on.gql(query, variables.clone()).await,
            off.gql(query, variables.clone()).await,
        );
        assert!(planned.get("errors").is_none(), "{planned}");
        assert_eq!(answer(planned), answer(resolved), "{query} {variables}");
    }
    assert!(planner_samples(&on, "cqs_planner_plans_total", "stats").await > plans);
    // The demo's sessions are counted, grouped and named.
    let (data, statements) = on.gql_counted(SESSION_STATS, json!({})).await;
    assert_eq!(statements, 1);
    let sessions = &data["stats"]["supportSessions"];
    assert!(sessions["sessions"].as_i64().unwrap() > 0, "{sessions}");
    assert!(
        sessions["byOrganization"][0]["organization"]["name"].is_string(),
        "{sessions}"
    );
}

/// Every list of sessions and indicators, `size` rows a page.
fn lists(size: usize) -> Vec<String> {
    let page = format!("first: {size}");
    vec![
        format!("{{ supportSessions({page}) {{ totalCount nodes {{ {SESSION} }} }} }}"),
        format!(
            "{{ indicators({page}) {{ totalCount edges {{ cursor node {{ {INDICATOR} }} }} }} }}"
        ),
        format!(
            "{{ centers {{ nodes {{ supportSessions({page}) {{ totalCount nodes {{ {SESSION} }} }} \
             indicators({page}) {{ nodes {{ {INDICATOR} }} }} }} }} }}"
        ),
        format!(
            "{{ organizations {{ nodes {{ supportSessions({page}) {{ nodes {{ {SESSION} }} }} }} }} }}"
        ),
        format!(
            "{{ projects {{ nodes {{ supportSessions({page}) {{ nodes {{ {SESSION} }} }} }} }} }}"
        ),
        format!(
            "{{ programs {{ nodes {{ indicators({page}) {{ nodes {{ {INDICATOR} }} }} }} }} }}"
        ),
    ]
}

#[tokio::test]
async fn the_example_and_every_list_run_one_statement_per_root_field_whatever_the_page_size() {
    let (on, off) = twin_apps(false).await;
    let data = data(&on).await;
    let staff = on
        .token_for(
            Role::Staff,
            Links {
                center: Some(data.center),
                ..Links::default()
            },
        )
        .await;
    for size in [2, 5] {
        for query in lists(size) {
            let (answer, statements) = on.gql_counted(&query, json!({})).await;
            assert_eq!(statements, 1, "anonymous, {size} a page: {query}");
            let rows = answer.to_string().matches("\"__typename\"").count();
            assert!(rows >= size.min(2), "{size} a page: {answer}");
            let before = on.statements.get();
            let (_, body) = on.gql_as(&staff, &query, json!({})).await;
            assert!(body.get("errors").is_none(), "{body}");
            assert_eq!(
                on.statements.get() - before,
                1,
                "staff, {size} a page: {query}"
            );
        }
    }
    let ids = on
        .gql_ok(
            "{ supportSessions(first: 1) { nodes { id } } indicators(first: 1) { nodes { id } } }",
            json!({}),
        )
        .await;
    let node = format!(
        "query($id: ID!) {{ node(id: $id) {{ ... on SupportSession {{ {SESSION} }} \
         ... on Indicator {{ {INDICATOR} }} }} }}"
    );
    for list in ["supportSessions", "indicators"] {
        let id = json!({ "id": ids[list]["nodes"][0]["id"] });
        let (answer, statements) = on.gql_counted(&node, id).await;
        assert_eq!(statements, 1, "node of {list}: {answer}");
        assert!(answer["node"]["__typename"].is_string(), "{answer}");
    }
    let (_, statements) = on.gql_counted(EXAMPLE, json!({})).await;
    assert_eq!(statements, 2, "centers and stats");
    let (_, resolved) = off.gql_counted(EXAMPLE, json!({})).await;
    println!("accompaniment.graphql: {statements} statements planned, {resolved} resolved");
    let before = on.statements.get();
    on.gql_as(&staff, EXAMPLE, json!({})).await;
    assert_eq!(on.statements.get() - before, 2, "signed in");
}

#[tokio::test]
async fn notes_never_leave_the_database_for_callers_out_of_scope() {
    let (on, _off) = twin_apps(false).await;
    let data = data(&on).await;
    let query = "{ supportSessions(filter: { kind: [LEGAL, ORIENTATION] }, orderBy: { field: HELD_ON, direction: ASC }) { nodes { notes center { slug } } } }";
    let staff_of = |center| Links {
        center: Some(center),
        ..Links::default()
    };
    let cases = [
        (
            Some((Role::Admin, Links::default())),
            json!(["Première visite", "Statuts à revoir"]),
        ),
        (
            Some((Role::Staff, staff_of(data.center))),
            json!(["Première visite", null]),
        ),
        (
            Some((Role::Staff, staff_of(data.other_center))),
            json!([null, "Statuts à revoir"]),
        ),
        (
            Some((
                Role::Partner,
                Links {
                    partner: Some(data.partner),
                    ..Links::default()
                },
            )),
            json!([null, null]),
        ),
        (Some((Role::Viewer, Links::default())), json!([null, null])),
        (None, json!([null, null])),
    ];
    for (caller, expected) in cases {
        let before = on.statements.get();
        let body = match &caller {
            Some((role, links)) => {
                let token = on.token_for(*role, *links).await;
                let before = on.statements.get();
                let body = on.gql_as(&token, query, json!({})).await.1;
                assert_eq!(on.statements.get() - before, 1, "{caller:?}: planned");
                body
            }
            None => on.gql(query, json!({})).await,
        };
        if caller.is_none() {
            assert_eq!(on.statements.get() - before, 1, "anonymous: planned");
        }
        let notes: Vec<Value> = body["data"]["supportSessions"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["notes"].clone())
            .collect();
        assert_eq!(json!(notes), expected, "{caller:?}: {body}");
    }
}

#[tokio::test]
async fn the_list_roots_are_counted_as_plans_never_as_fallbacks() {
    let (on, _off) = twin_apps(false).await;
    data(&on).await;
    for (field, query) in [
        ("supportSessions", lists(3)[0].clone()),
        ("indicators", lists(3)[1].clone()),
        ("centers", lists(3)[2].clone()),
        ("stats", SESSION_STATS.to_owned()),
    ] {
        // The metrics are the process's, shared with the tests running beside this one: a run
        // that no other fallback of the field accompanied tells.
        let mut clean = false;
        for _ in 0..5 {
            let fallbacks = planner_samples(&on, "cqs_planner_fallbacks_total", field).await;
            let plans = planner_samples(&on, "cqs_planner_plans_total", field).await;
            on.gql_ok(&query, json!({})).await;
            assert!(planner_samples(&on, "cqs_planner_plans_total", field).await > plans);
            if planner_samples(&on, "cqs_planner_fallbacks_total", field).await == fallbacks {
                clean = true;
                break;
            }
        }
        assert!(clean, "{field} fell back: {query}");
    }
}
