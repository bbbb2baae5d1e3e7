//! Accompaniment sessions: private notes by role, who may log them, the project-belongs-to-the-
//! organization rule, validation, idempotency, versions, pages and filters, nested lists batched,
//! and the capacity-building figures of `stats`.

use chrono::Utc;
use cqs::domain::role::Role;
use cqs::entity::zone;
use cqs::graphql::id::{NodeType, encode};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{Links, TestApp, spawn_app, spawn_demo_app};
use crate::write_helpers::{Callers, assert_matrix, audit_rows, call, callers, count};

const CREATE: &str = "mutation C($input: CreateSupportSessionInput!) {
  createSupportSession(input: $input) {
    supportSession { id kind heldOn durationMinutes participantsCount outcome notes version
      organization { name } project { reference } facilitatingPartner { name } staff { email } }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdateSupportSessionInput!) {
  updateSupportSession(input: $input) {
    supportSession { id durationMinutes notes version project { reference } }
    userErrors { code field message }
  }
}";
const NOTES: &str =
    "query N($id: ID!) { node(id: $id) { ... on SupportSession { notes outcome kind } } }";

fn id(node_type: NodeType, row: i64) -> Value {
    json!(encode(node_type, row))
}

/// A session of the callers' organization, led by the facilitating partner.
fn new_session(who: &Callers, held_on: &str) -> Value {
    json!({
        "organizationId": id(NodeType::Organization, who.organization),
        "kind": "PROJECT_SETUP",
        "heldOn": held_on,
        "durationMinutes": 90,
        "facilitatingPartnerId": id(NodeType::Partner, who.partner),
        "participantsCount": 3,
        "outcome": "Budget du projet revu",
        "notes": "Le trésorier hésite encore",
    })
}

async fn create(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app.gql_as(token, CREATE, json!({ "input": input })).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["createSupportSession"].clone()
}

async fn created_id(app: &TestApp, token: &str, input: Value) -> Value {
    let created = create(app, token, input).await;
    assert_eq!(created["userErrors"], json!([]), "{created}");
    created["supportSession"]["id"].clone()
}

#[tokio::test]
async fn notes_are_read_by_admins_and_the_staff_of_the_center_only() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let session = created_id(&app, &who.staff, new_session(&who, "2003-09-01")).await;
    let expected = [
        ("admin", true),
        ("staff of the center", true),
        ("staff of another center", false),
        ("partner account", false),
        ("organization account", false),
        ("viewer", false),
        ("anonymous", false),
    ];
    for ((name, token), (case, reads)) in who.all().into_iter().zip(expected) {
        assert_eq!(name, case);
        let body = call(&app, token, NOTES, json!({ "id": session })).await;
        let node = &body["data"]["node"];
        assert_eq!(node["outcome"], "Budget du projet revu", "{name}: {body}");
        let notes = if reads {
            json!("Le trésorier hésite encore")
        } else {
            Value::Null
        };
        assert_eq!(node["notes"], notes, "notes as {name}: {body}");
    }
}

#[tokio::test]
async fn staff_of_the_center_admins_and_the_facilitating_partner_log_sessions() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = new_session(&who, "2003-09-02");
    assert_matrix(
        &app,
        &who,
        ("createSupportSession", "supportSession"),
        &[
            ("admin", "ok"),
            ("staff of the center", "ok"),
            ("staff of another center", "FORBIDDEN"),
            ("partner account", "ok"),
            ("organization account", "FORBIDDEN"),
            ("viewer", "FORBIDDEN"),
            ("anonymous", "UNAUTHENTICATED"),
        ],
        |_| (CREATE.to_owned(), json!({ "input": input })),
    )
    .await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM support_sessions").await,
        3
    );
    assert_eq!(audit_rows(&app, "create_support_session").await, 3);
}

#[tokio::test]
async fn a_partner_account_logs_and_changes_only_its_own_partners_sessions() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let other = fixtures::partner(&app.db, "Textiles de Mohammédia")
        .await
        .unwrap();
    let by_other = json!({ "facilitatingPartnerId": id(NodeType::Partner, other.id) });
    let mut input = new_session(&who, "2003-09-03");
    input["facilitatingPartnerId"] = by_other["facilitatingPartnerId"].clone();
    let (_, body) = app
        .gql_as(
            &who.partner_account,
            CREATE,
            json!({ "input": input.clone() }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let theirs = created_id(&app, &who.staff, input).await;
    let (_, body) = app
        .gql_as(
            &who.partner_account,
            UPDATE,
            json!({ "input": { "id": theirs, "durationMinutes": 30 } }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let own = created_id(&app, &who.partner_account, new_session(&who, "2003-09-04")).await;
    let handed_over = json!({ "input": { "id": own, "facilitatingPartnerId": by_other["facilitatingPartnerId"] } });
    let (_, body) = app.gql_as(&who.partner_account, UPDATE, handed_over).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let (_, body) = app
        .gql_as(
            &who.partner_account,
            UPDATE,
            json!({ "input": { "id": own, "durationMinutes": 45, "expectedVersion": 1 } }),
        )
        .await;
    let updated = &body["data"]["updateSupportSession"]["supportSession"];
    assert_eq!(updated["durationMinutes"], 45, "{body}");
    assert_eq!(updated["version"], 2);
    assert_eq!(
        updated["notes"],
        Value::Null,
        "a partner never reads the notes, even its own"
    );
}

#[tokio::test]
async fn the_project_of_a_session_must_be_carried_by_its_organization() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let neighbour = fixtures::association(&app.db, who.center, Some("MOH-ASSO-2"))
        .await
        .unwrap();
    let theirs = fixtures::project(&app.db, who.center, neighbour.id, "MOH-2003-0001")
        .await
        .unwrap();
    let own = fixtures::project(&app.db, who.center, who.organization, "MOH-2003-0002")
        .await
        .unwrap();
    let mut input = new_session(&who, "2003-09-05");
    input["projectId"] = id(NodeType::Project, theirs.id);
    let refused = create(&app, &who.staff, input.clone()).await;
    assert_eq!(refused["userErrors"][0]["code"], "INVALID", "{refused}");
    assert_eq!(
        refused["userErrors"][0]["field"],
        json!(["input", "projectId"])
    );
    assert_eq!(refused["supportSession"], Value::Null);
    input["projectId"] = id(NodeType::Project, own.id);
    let created = create(&app, &who.staff, input).await;
    assert_eq!(
        created["supportSession"]["project"]["reference"],
        "MOH-2003-0002"
    );
    let session = created["supportSession"]["id"].clone();
    let (_, body) = app
        .gql_as(
            &who.staff,
            UPDATE,
            json!({ "input": { "id": session, "projectId": id(NodeType::Project, theirs.id) } }),
        )
        .await;
    assert_eq!(
        body["data"]["updateSupportSession"]["userErrors"][0]["code"], "INVALID",
        "{body}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM support_sessions").await,
        1
    );
}

#[tokio::test]
async fn invalid_sessions_are_refused_field_by_field_and_write_nothing() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let (viewer_email, _) = app.user(Role::Viewer, Links::default()).await;
    let not_staff = app
        .scalar(&format!(
            "SELECT id FROM users WHERE email = '{viewer_email}'"
        ))
        .await;
    let cases = [
        (
            "no length",
            json!({ "durationMinutes": 0 }),
            "OUT_OF_RANGE",
            "durationMinutes",
        ),
        (
            "more than a day's work",
            json!({ "durationMinutes": 721 }),
            "OUT_OF_RANGE",
            "durationMinutes",
        ),
        (
            "no one took part",
            json!({ "participantsCount": 0 }),
            "OUT_OF_RANGE",
            "participantsCount",
        ),
        (
            "led by no one",
            json!({ "facilitatingPartnerId": null }),
            "REQUIRED",
            "staffId",
        ),
        (
            "led by an account that is not staff",
            json!({ "staffId": id(NodeType::User, not_staff) }),
            "INVALID",
            "staffId",
        ),
        (
            "an outcome too long",
            json!({ "outcome": "x".repeat(5_001) }),
            "TOO_LONG",
            "outcome",
        ),
        (
            "a day out of the calendar",
            json!({ "heldOn": "1850-01-01" }),
            "OUT_OF_RANGE",
            "heldOn",
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = new_session(&who, "2003-09-06");
        for (key, value) in change.as_object().unwrap() {
            input[key] = value.clone();
        }
        let refused = create(&app, &who.staff, input).await;
        assert_eq!(refused["userErrors"][0]["code"], code, "{case}: {refused}");
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(["input", field]),
            "{case}"
        );
        assert_eq!(refused["supportSession"], Value::Null, "{case}");
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM support_sessions").await,
        0
    );
}

#[tokio::test]
async fn a_staff_member_of_the_center_may_lead_and_creates_are_idempotent() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let (email, _) = app
        .user(
            Role::Staff,
            Links {
                center: Some(who.center),
                ..Links::default()
            },
        )
        .await;
    let staff = app
        .scalar(&format!("SELECT id FROM users WHERE email = '{email}'"))
        .await;
    let mut input = new_session(&who, "2003-09-07");
    input["facilitatingPartnerId"] = Value::Null;
    input["staffId"] = id(NodeType::User, staff);
    input["idempotencyKey"] = json!("seance-2003-09-07");
    let first = create(&app, &who.staff, input.clone()).await;
    assert_eq!(
        first["supportSession"]["staff"]["email"],
        email.as_str(),
        "{first}"
    );
    let again = create(&app, &who.staff, input).await;
    assert_eq!(again["supportSession"]["id"], first["supportSession"]["id"]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM support_sessions").await,
        1
    );
    let session = first["supportSession"]["id"].clone();
    let stale = json!({ "input": { "id": session, "expectedVersion": 2, "notes": null } });
    let (_, body) = app.gql_as(&who.staff, UPDATE, stale).await;
    assert_eq!(
        body["data"]["updateSupportSession"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let clear = json!({ "input": { "id": session, "expectedVersion": 1, "notes": null } });
    let (_, body) = app.gql_as(&who.staff, UPDATE, clear).await;
    let updated = &body["data"]["updateSupportSession"]["supportSession"];
    assert_eq!(updated["notes"], Value::Null, "{body}");
    assert_eq!(updated["version"], 2);
    assert_eq!(audit_rows(&app, "update_support_session").await, 1);
}

const LIST: &str =
    "query L($filter: SupportSessionFilter, $after: String, $order: SupportSessionOrder) {
  supportSessions(first: 2, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor } nodes { heldOn kind }
  }
}";

async fn held_on(app: &TestApp, filter: Value) -> Vec<String> {
    let mut days = Vec::new();
    let mut after = Value::Null;
    loop {
        let variables = json!({ "filter": filter, "after": after });
        let page = app.gql_ok(LIST, variables).await["supportSessions"].clone();
        for node in page["nodes"].as_array().unwrap() {
            days.push(node["heldOn"].as_str().unwrap().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return days;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn sessions_are_paged_most_recent_first_and_filtered() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let own = fixtures::project(&app.db, who.center, who.organization, "MOH-2003-0003")
        .await
        .unwrap();
    let before = Utc::now().to_rfc3339();
    let days = [
        ("2003-09-10", "TRAINING"),
        ("2003-10-01", "FUNDING_SEARCH"),
        ("2003-08-15", "ORIENTATION"),
        ("2003-11-20", "TRAINING"),
        ("2003-09-30", "LEGAL"),
    ];
    for (day, kind) in days {
        let mut input = new_session(&who, day);
        input["kind"] = json!(kind);
        if kind == "TRAINING" {
            input["projectId"] = id(NodeType::Project, own.id);
        }
        created_id(&app, &who.staff, input).await;
    }
    let center = json!({ "centerId": id(NodeType::Center, who.center) });
    assert_eq!(
        held_on(&app, center.clone()).await,
        [
            "2003-11-20",
            "2003-10-01",
            "2003-09-30",
            "2003-09-10",
            "2003-08-15"
        ]
    );
    let trainings = json!({ "kind": ["TRAINING"], "organizationId": id(NodeType::Organization, who.organization) });
    assert_eq!(held_on(&app, trainings).await, ["2003-11-20", "2003-09-10"]);
    let september = json!({ "from": "2003-09-01", "to": "2003-09-30" });
    assert_eq!(held_on(&app, september).await, ["2003-09-30", "2003-09-10"]);
    let about_project = json!({ "projectId": id(NodeType::Project, own.id) });
    assert_eq!(
        held_on(&app, about_project).await,
        ["2003-11-20", "2003-09-10"]
    );
    let other_center = json!({ "centerId": id(NodeType::Center, who.other_center) });
    assert!(held_on(&app, other_center).await.is_empty());
    let since_now = json!({ "updatedSince": Utc::now().to_rfc3339() });
    assert!(
        held_on(&app, since_now).await.is_empty(),
        "nothing changed since"
    );
    assert_eq!(
        held_on(&app, json!({ "updatedSince": before })).await.len(),
        5
    );
    let ascending = app
        .gql_ok(
            LIST,
            json!({ "order": { "field": "HELD_ON", "direction": "ASC" } }),
        )
        .await;
    assert_eq!(
        ascending["supportSessions"]["nodes"][0]["heldOn"],
        "2003-08-15"
    );
    assert_eq!(ascending["supportSessions"]["totalCount"], 5);
    let nested = "query N($id: ID!) { node(id: $id) { ... on Project { supportSessions { totalCount nodes { kind } } } } }";
    let data = app
        .gql_ok(nested, json!({ "id": id(NodeType::Project, own.id) }))
        .await;
    assert_eq!(data["node"]["supportSessions"]["totalCount"], 2);
}

#[tokio::test]
async fn nested_session_lists_cost_the_same_statements_whatever_the_page_size() {
    let app = spawn_demo_app().await;
    let query = |size: u32| {
        format!(
            "{{ organizations(first: {size}) {{ nodes {{ name supportSessions(first: 3) {{ totalCount nodes {{ kind heldOn facilitatingPartner {{ name }} project {{ reference }} }} }} }} }}
               centers {{ nodes {{ supportSessions(first: 2) {{ nodes {{ kind }} }} indicators {{ nodes {{ name latest progress }} }} }} }} }}"
        )
    };
    let (one, small) = app.gql_counted(&query(1), Value::Null).await;
    let (all, large) = app.gql_counted(&query(10), Value::Null).await;
    assert_eq!(one["organizations"]["nodes"].as_array().unwrap().len(), 1);
    assert!(all["organizations"]["nodes"].as_array().unwrap().len() > 5);
    assert_eq!(small, large, "statements for 1 organization and for 10");
}

#[tokio::test]
async fn stats_show_sessions_and_hours_by_kind_zone_and_organization() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let now = Utc::now();
    let zone = zone::ActiveModel {
        center_id: Set(who.center),
        name: Set("Hay Al Wafae".to_owned()),
        commune: Set(None),
        vulnerability: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let neighbour = fixtures::association(&app.db, who.center, Some("MOH-ASSO-3"))
        .await
        .unwrap();
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.db,
        &format!(
            "UPDATE organizations SET zone_id = {} WHERE id = {}",
            zone.id, who.organization
        ),
    )
    .await
    .unwrap();
    let sessions = [
        (who.organization, "TRAINING", 120, 10, "2003-09-01"),
        (who.organization, "TRAINING", 60, 6, "2003-10-01"),
        (who.organization, "LEGAL", 30, 2, "2003-10-02"),
        (neighbour.id, "TRAINING", 90, 4, "2003-10-03"),
    ];
    for (organization, kind, minutes, participants, day) in sessions {
        let mut input = new_session(&who, day);
        input["organizationId"] = id(NodeType::Organization, organization);
        input["kind"] = json!(kind);
        input["durationMinutes"] = json!(minutes);
        input["participantsCount"] = json!(participants);
        created_id(&app, &who.staff, input).await;
    }
    let query = "query S($filter: StatsFilter) { stats(filter: $filter) { supportSessions {
        sessions hours participants
        byKind { kind sessions hours participants }
        byZone { zone { name } sessions hours }
        byOrganization { organization { registrationNumber } sessions hours participants } } } }";
    let center = json!({ "centerId": id(NodeType::Center, who.center) });
    let figures =
        app.gql_ok(query, json!({ "filter": center })).await["stats"]["supportSessions"].clone();
    assert_eq!(figures["sessions"], 4);
    assert_eq!(figures["hours"], "5");
    assert_eq!(figures["participants"], 22);
    assert_eq!(
        figures["byKind"],
        json!([
            { "kind": "TRAINING", "sessions": 3, "hours": "4.5", "participants": 20 },
            { "kind": "LEGAL", "sessions": 1, "hours": "0.5", "participants": 2 },
        ])
    );
    assert_eq!(
        figures["byZone"],
        json!([{ "zone": { "name": "Hay Al Wafae" }, "sessions": 3, "hours": "3.5" }]),
        "the neighbour has no zone and is left out"
    );
    assert_eq!(
        figures["byOrganization"],
        json!([
            { "organization": { "registrationNumber": "MOH-ASSO-1" }, "sessions": 3, "hours": "3.5", "participants": 18 },
            { "organization": { "registrationNumber": "MOH-ASSO-3" }, "sessions": 1, "hours": "1.5", "participants": 4 },
        ])
    );
    let october = json!({ "centerId": id(NodeType::Center, who.center), "from": "2003-10-01", "to": "2003-10-02" });
    let figures =
        app.gql_ok(query, json!({ "filter": october })).await["stats"]["supportSessions"].clone();
    assert_eq!(figures["sessions"], 2);
    assert_eq!(figures["hours"], "1.5");
    let zoned = json!({ "zoneId": id(NodeType::Zone, zone.id) });
    let figures =
        app.gql_ok(query, json!({ "filter": zoned })).await["stats"]["supportSessions"].clone();
    assert_eq!(figures["sessions"], 3);
    let elsewhere = json!({ "centerId": id(NodeType::Center, who.other_center) });
    let figures =
        app.gql_ok(query, json!({ "filter": elsewhere })).await["stats"]["supportSessions"].clone();
    assert_eq!(figures["sessions"], 0);
    assert_eq!(figures["hours"], "0");
}
