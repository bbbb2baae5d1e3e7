//! Creating associations and cooperatives and updating organizations: validation, a unique
//! registration number, a zone of the same center, sectors as a set, idempotency, versions,
//! search after a rename, the role matrix and the audit trail.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::write_helpers::{
    Callers, assert_matrix, assert_refused, audit_rows, callers, count, input_path, outcome, with,
};

const FIELDS: &str = "id kind name acronym registrationNumber status sectors membersCount
  version zone { name } contact { email phone } ... on Cooperative { activity }";

fn create(kind: &str) -> String {
    format!(
        "mutation C($input: Create{kind}Input!) {{
  create{kind}(input: $input) {{ organization {{ {FIELDS} }} userErrors {{ code field message }} }}
}}"
    )
}

fn update() -> String {
    format!(
        "mutation U($input: UpdateOrganizationInput!) {{
  updateOrganization(input: $input) {{ organization {{ {FIELDS} }} userErrors {{ code field }} }}
}}"
    )
}

fn organization(center: i64, name: &str) -> Value {
    json!({ "centerId": encode(NodeType::Center, center), "name": name })
}

async fn zone(app: &TestApp, who: &Callers, center: i64, name: &str) -> String {
    let query =
        "mutation Z($input: CreateZoneInput!) { createZone(input: $input) { zone { id } } }";
    let input = json!({ "centerId": encode(NodeType::Center, center), "name": name });
    let (_, body) = app
        .gql_as(&who.admin, query, json!({ "input": input }))
        .await;
    body["data"]["createZone"]["zone"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a zone: {body}"))
        .to_owned()
}

#[tokio::test]
async fn a_cooperative_is_created_active_with_its_sectors_zone_and_contact_once_per_key() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let zone_id = zone(&app, &who, who.center, "Al Alia").await;
    let change = json!({
        "acronym": "NOUR", "registrationNumber": "COOP-7", "membersCount": 12,
        "sectors": ["CRAFTS", "WOMEN", "CRAFTS"], "zoneId": zone_id, "activity": "Tapis",
        "contact": { "email": "nour@coop.ma", "phone": "0523 00 00 00" },
        "idempotencyKey": "coop-nour",
    });
    let input = json!({ "input": with(organization(who.center, "Coopérative Nour"), &change) });
    let (_, first) = app
        .gql_as(&who.staff, &create("Cooperative"), input.clone())
        .await;
    let created = &first["data"]["createCooperative"]["organization"];
    assert_eq!(created["kind"], "COOPERATIVE", "{first}");
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["sectors"], json!(["CRAFTS", "WOMEN"]), "a set");
    assert_eq!(created["zone"]["name"], "Al Alia");
    assert_eq!(created["activity"], "Tapis");
    assert_eq!(created["contact"]["email"], "nour@coop.ma");
    assert_eq!(created["version"], 1);
    let (_, again) = app.gql_as(&who.staff, &create("Cooperative"), input).await;
    assert_eq!(
        again["data"]["createCooperative"]["organization"]["id"], created["id"],
        "the first result, again"
    );
    let kind = "SELECT COUNT(*) FROM organizations WHERE kind = 'COOPERATIVE'";
    assert_eq!(count(&app, kind).await, 1, "written once");
    assert_eq!(audit_rows(&app, "create_cooperative").await, 1);
}

#[tokio::test]
async fn invalid_organizations_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let far_zone = zone(&app, &who, who.other_center, "Yacoub El Mansour").await;
    let (no_center, no_zone) = (encode(NodeType::Center, 999), encode(NodeType::Zone, 999));
    #[rustfmt::skip]
    let cases = [
        ("empty name", json!({ "name": "" }), "REQUIRED", &["name"][..]),
        ("long name", json!({ "name": "x".repeat(201) }), "TOO_LONG", &["name"]),
        ("long acronym", json!({ "acronym": "x".repeat(51) }), "TOO_LONG", &["acronym"]),
        ("long registration number", json!({ "registrationNumber": "x".repeat(65) }),
            "TOO_LONG", &["registrationNumber"]),
        ("taken registration number", json!({ "registrationNumber": "MOH-ASSO-1" }),
            "DUPLICATE", &["registrationNumber"]),
        ("negative members", json!({ "membersCount": -1 }), "OUT_OF_RANGE", &["membersCount"]),
        ("unknown center", json!({ "centerId": no_center }), "NOT_FOUND", &["centerId"]),
        ("unknown zone", json!({ "zoneId": no_zone }), "NOT_FOUND", &["zoneId"]),
        ("zone of another center", json!({ "zoneId": far_zone }), "NOT_FOUND", &["zoneId"]),
        ("malformed email", json!({ "contact": { "email": "amal.ma" } }),
            "INVALID", &["contact", "email"]),
        ("long phone", json!({ "contact": { "phone": "0".repeat(51) } }),
            "TOO_LONG", &["contact", "phone"]),
    ];
    for (case, change, code, field) in cases {
        let input = with(organization(who.center, "Association Amal"), &change);
        let variables = json!({ "input": input });
        let (_, body) = app
            .gql_as(&who.admin, &create("Association"), variables)
            .await;
        let path = input_path(field);
        assert_refused(&body, "createAssociation", "organization", code, &path);
        let rows = count(&app, "SELECT COUNT(*) FROM organizations").await;
        assert_eq!(rows, 1, "{case}: only the fixture's");
    }
    assert_eq!(audit_rows(&app, "create_association").await, 0);
}

#[tokio::test]
async fn updates_change_only_given_fields_replace_the_sectors_and_a_stale_version_loses() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let id = encode(NodeType::Organization, who.organization);
    let change = json!({ "id": id, "expectedVersion": 1, "sectors": ["EDUCATION", "YOUTH"],
        "membersCount": 40, "status": "INACTIVE", "contact": { "phone": "0523 11 22 33" },
        "acronym": "A".repeat(50) });
    let (_, updated) = app
        .gql_as(&who.staff, &update(), json!({ "input": change }))
        .await;
    let organization = &updated["data"]["updateOrganization"]["organization"];
    assert_eq!(
        organization["sectors"],
        json!(["EDUCATION", "YOUTH"]),
        "{updated}"
    );
    assert_eq!(organization["status"], "INACTIVE");
    assert_eq!(
        organization["acronym"],
        "A".repeat(50),
        "as wide as its column"
    );
    assert_eq!(organization["name"], "Association Al Amal", "untouched");
    assert_eq!(
        organization["registrationNumber"], "MOH-ASSO-1",
        "untouched"
    );
    assert_eq!(organization["version"], 2);
    let replace = json!({ "id": id, "sectors": ["HEALTH"], "membersCount": null });
    let (_, replaced) = app
        .gql_as(&who.staff, &update(), json!({ "input": replace }))
        .await;
    let organization = &replaced["data"]["updateOrganization"]["organization"];
    assert_eq!(
        organization["sectors"],
        json!(["HEALTH"]),
        "the whole set: {replaced}"
    );
    assert_eq!(organization["membersCount"], Value::Null, "cleared");
    assert_eq!(organization["contact"]["phone"], "0523 11 22 33", "kept");
    let stale = json!({ "id": id, "expectedVersion": 1, "name": "Late" });
    let (_, body) = app
        .gql_as(&who.staff, &update(), json!({ "input": stale }))
        .await;
    let field = ["input", "expectedVersion"];
    assert_refused(
        &body,
        "updateOrganization",
        "organization",
        "VERSION_CONFLICT",
        &field,
    );
    let late = "SELECT COUNT(*) FROM organizations WHERE name = 'Late'";
    assert_eq!(count(&app, late).await, 0);
    let sectors = "SELECT COUNT(*) FROM organization_sectors";
    assert_eq!(count(&app, sectors).await, 1);
    assert_eq!(audit_rows(&app, "update_organization").await, 2);
}

#[tokio::test]
async fn an_update_is_checked_like_a_create_and_writes_nothing_when_refused() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let cooperative = json!({ "registrationNumber": "COOP-7" });
    let input = json!({ "input": with(organization(who.center, "Nour"), &cooperative) });
    app.gql_as(&who.admin, &create("Cooperative"), input).await;
    let id = encode(NodeType::Organization, who.organization);
    let unknown = encode(NodeType::Organization, 999);
    #[rustfmt::skip]
    let cases = [
        ("activity of an association", json!({ "activity": "Tapis" }), "INVALID", "activity"),
        ("taken registration number", json!({ "registrationNumber": "COOP-7" }),
            "DUPLICATE", "registrationNumber"),
        ("empty name", json!({ "name": " " }), "REQUIRED", "name"),
        ("long acronym", json!({ "acronym": "x".repeat(51) }), "TOO_LONG", "acronym"),
        ("unknown organization", json!({ "id": unknown }), "NOT_FOUND", "id"),
    ];
    for (case, change, code, field) in cases {
        let input = json!({ "input": with(json!({ "id": id }), &change) });
        let (_, body) = app.gql_as(&who.admin, &update(), input).await;
        let path = input_path(&[field]);
        assert_refused(&body, "updateOrganization", "organization", code, &path);
        let unchanged = "SELECT COUNT(*) FROM organizations WHERE version = 1";
        assert_eq!(count(&app, unchanged).await, 2, "{case}");
    }
    assert_eq!(audit_rows(&app, "update_organization").await, 0);
}

#[tokio::test]
async fn search_finds_an_organization_by_its_new_name_without_accents() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = json!({ "id": encode(NodeType::Organization, who.organization),
        "name": "Association Espérance d'Al Alia", "acronym": "AEA" });
    let (_, body) = app
        .gql_as(
            &who.organization_account,
            &update(),
            json!({ "input": input }),
        )
        .await;
    assert_eq!(
        outcome(&body, "updateOrganization", "organization"),
        "ok",
        "{body}"
    );
    let search =
        "query S($term: String) { organizations(filter: { search: $term }) { nodes { name } } }";
    for (term, found) in [
        ("esperance", 1),
        ("ESPÉRANCE alia", 1),
        ("aea", 1),
        ("al amal", 0),
    ] {
        let data = app.gql_ok(search, json!({ "term": term })).await;
        let nodes = data["organizations"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), found, "{term:?}: {data}");
    }
}

#[tokio::test]
async fn only_admins_and_the_staff_of_the_center_create_its_organizations() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    for kind in ["Association", "Cooperative"] {
        let mutation = format!("create{kind}");
        assert_matrix(&app, &who, (&mutation, "organization"), &expected, |name| {
            let input = organization(who.center, &format!("{kind} of the {name}"));
            (create(kind), json!({ "input": input }))
        })
        .await;
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM organizations").await,
        1 + 4
    );
    assert_eq!(audit_rows(&app, "create_association").await, 2);
    assert_eq!(audit_rows(&app, "create_cooperative").await, 2);
}

#[tokio::test]
async fn an_organization_is_updated_by_the_center_staff_or_its_own_accounts_only() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "ok"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    let id = encode(NodeType::Organization, who.organization);
    let matrix = ("updateOrganization", "organization");
    assert_matrix(&app, &who, matrix, &expected, |name| {
        (update(), json!({ "input": { "id": id, "acronym": name } }))
    })
    .await;
    let other = crate::fixtures::association(&app.db, who.center, Some("MOH-ASSO-2"));
    let other = encode(NodeType::Organization, other.await.unwrap().id);
    let input = json!({ "input": { "id": other, "name": "Not mine" } });
    let (_, body) = app
        .gql_as(&who.organization_account, &update(), input)
        .await;
    assert_eq!(
        outcome(&body, "updateOrganization", "organization"),
        "FORBIDDEN",
        "{body}"
    );
    let mine = "SELECT COUNT(*) FROM organizations WHERE name = 'Not mine'";
    assert_eq!(count(&app, mine).await, 0);
    assert_eq!(audit_rows(&app, "update_organization").await, 3);
}
