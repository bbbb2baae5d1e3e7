//! Creating and updating partners: validation, idempotency, versions, contact changes, search
//! after a rename, the role matrix and the audit trail.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::write_helpers::{
    assert_matrix, assert_refused, audit_rows, callers, count, input_path, outcome, with,
};

const CREATE: &str = "mutation C($input: CreatePartnerInput!) {
  createPartner(input: $input) {
    partner { id name acronym kind joinedOn version contact { email phone representativeName } }
    userErrors { code field message }
  }
}";
const UPDATE: &str = "mutation U($input: UpdatePartnerInput!) {
  updatePartner(input: $input) {
    partner { id name acronym kind version contact { email phone } }
    userErrors { code field message }
  }
}";

fn partner(name: &str) -> Value {
    json!({ "name": name, "kind": "PRIVATE_COMPANY" })
}

#[tokio::test]
async fn a_staff_member_creates_a_partner_once_per_idempotency_key() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let change = json!({ "acronym": "TEXMO", "joinedOn": "2003-07-09", "idempotencyKey": "texmo",
        "contact": { "email": "contact@texmo.ma", "representativeName": "M. Alaoui" } });
    let input = json!({ "input": with(partner("Textiles de Mohammédia"), &change) });
    let (_, first) = app.gql_as(&who.other_staff, CREATE, input.clone()).await;
    let created = &first["data"]["createPartner"]["partner"];
    assert_eq!(created["acronym"], "TEXMO", "{first}");
    assert_eq!(created["kind"], "PRIVATE_COMPANY");
    assert_eq!(created["joinedOn"], "2003-07-09");
    assert_eq!(created["contact"]["email"], "contact@texmo.ma");
    assert_eq!(created["version"], 1);
    let (_, again) = app.gql_as(&who.other_staff, CREATE, input).await;
    assert_eq!(
        again["data"]["createPartner"]["partner"]["id"], created["id"],
        "the first result, again"
    );
    let texmo = "SELECT COUNT(*) FROM partners WHERE acronym = 'TEXMO'";
    assert_eq!(count(&app, texmo).await, 1, "written once");
    assert_eq!(audit_rows(&app, "create_partner").await, 1);
}

#[tokio::test]
async fn invalid_partners_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    #[rustfmt::skip]
    let cases = [
        ("empty name", json!({ "name": "" }), "REQUIRED", &["name"][..]),
        ("long name", json!({ "name": "x".repeat(201) }), "TOO_LONG", &["name"]),
        ("long acronym", json!({ "acronym": "x".repeat(51) }), "TOO_LONG", &["acronym"]),
        ("malformed email", json!({ "contact": { "email": "contact at texmo" } }),
            "INVALID", &["contact", "email"]),
        ("long address", json!({ "contact": { "address": "x".repeat(501) } }),
            "TOO_LONG", &["contact", "address"]),
        ("long representative", json!({ "contact": { "representativeName": "x".repeat(201) } }),
            "TOO_LONG", &["contact", "representativeName"]),
    ];
    for (case, change, code, field) in cases {
        let input = json!({ "input": with(partner("Textiles"), &change) });
        let (_, body) = app.gql_as(&who.admin, CREATE, input).await;
        assert_refused(&body, "createPartner", "partner", code, &input_path(field));
        let rows = count(&app, "SELECT COUNT(*) FROM partners").await;
        assert_eq!(rows, 1, "{case}: only the fixture's");
    }
    assert_eq!(audit_rows(&app, "create_partner").await, 0);
}

#[tokio::test]
async fn updates_change_only_given_fields_and_a_stale_version_loses() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let id = encode(NodeType::Partner, who.partner);
    let change = json!({ "id": id, "expectedVersion": 1, "acronym": "ADS", "kind": "PUBLIC_AGENCY",
        "contact": { "email": "ads@ads.ma", "phone": "0537 00 00 00" } });
    let (_, updated) = app
        .gql_as(&who.partner_account, UPDATE, json!({ "input": change }))
        .await;
    let partner = &updated["data"]["updatePartner"]["partner"];
    assert_eq!(partner["kind"], "PUBLIC_AGENCY", "{updated}");
    assert_eq!(
        partner["name"], "Agence de Développement Social",
        "untouched"
    );
    assert_eq!(partner["version"], 2);
    let clear = json!({ "input": { "id": id, "contact": { "phone": null } } });
    let (_, cleared) = app.gql_as(&who.partner_account, UPDATE, clear).await;
    let contact = &cleared["data"]["updatePartner"]["partner"]["contact"];
    assert_eq!(contact["phone"], Value::Null, "cleared: {cleared}");
    assert_eq!(contact["email"], "ads@ads.ma", "kept");
    let stale = json!({ "input": { "id": id, "expectedVersion": 1, "name": "Late" } });
    let (_, body) = app.gql_as(&who.admin, UPDATE, stale).await;
    let field = ["input", "expectedVersion"];
    assert_refused(
        &body,
        "updatePartner",
        "partner",
        "VERSION_CONFLICT",
        &field,
    );
    let unknown = encode(NodeType::Partner, 999);
    let unknown = json!({ "input": { "id": unknown, "name": "Nobody" } });
    let (_, body) = app.gql_as(&who.admin, UPDATE, unknown).await;
    assert_refused(
        &body,
        "updatePartner",
        "partner",
        "NOT_FOUND",
        &["input", "id"],
    );
    let third = "SELECT COUNT(*) FROM partners WHERE version = 3";
    assert_eq!(count(&app, third).await, 1);
    assert_eq!(audit_rows(&app, "update_partner").await, 2);
}

#[tokio::test]
async fn search_finds_a_partner_by_its_new_name_without_accents() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let input = json!({ "id": encode(NodeType::Partner, who.partner),
        "name": "Préfecture de Mohammédia", "acronym": "PREF" });
    let (_, body) = app
        .gql_as(&who.staff, UPDATE, json!({ "input": input }))
        .await;
    assert_eq!(outcome(&body, "updatePartner", "partner"), "ok", "{body}");
    let search =
        "query S($term: String) { partners(filter: { search: $term }) { nodes { name } } }";
    for (term, found) in [
        ("prefecture", 1),
        ("MOHAMMEDIA", 1),
        ("pref", 1),
        ("social", 0),
    ] {
        let data = app.gql_ok(search, json!({ "term": term })).await;
        let nodes = data["partners"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), found, "{term:?}: {data}");
    }
}

#[tokio::test]
async fn admins_and_staff_of_any_center_create_partners_and_nobody_else() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "ok"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    assert_matrix(
        &app,
        &who,
        ("createPartner", "partner"),
        &expected,
        |name| {
            let input = partner(&format!("Partner of the {name}"));
            (CREATE.to_owned(), json!({ "input": input }))
        },
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM partners").await, 1 + 3);
    assert_eq!(audit_rows(&app, "create_partner").await, 3);
}

#[tokio::test]
async fn a_partner_account_updates_its_own_partner_only() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "ok"),
        ("staff of another center", "ok"),
        ("partner account", "ok"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    let id = encode(NodeType::Partner, who.partner);
    assert_matrix(
        &app,
        &who,
        ("updatePartner", "partner"),
        &expected,
        |name| {
            (
                UPDATE.to_owned(),
                json!({ "input": { "id": id, "acronym": name } }),
            )
        },
    )
    .await;
    let other = crate::fixtures::partner(&app.db, "Textiles").await.unwrap();
    let input =
        json!({ "input": { "id": encode(NodeType::Partner, other.id), "name": "Not mine" } });
    let (_, body) = app.gql_as(&who.partner_account, UPDATE, input).await;
    assert_eq!(
        outcome(&body, "updatePartner", "partner"),
        "FORBIDDEN",
        "{body}"
    );
    let mine = "SELECT COUNT(*) FROM partners WHERE name = 'Not mine'";
    assert_eq!(count(&app, mine).await, 0);
    assert_eq!(audit_rows(&app, "update_partner").await, 4);
}
