//! Creating zones: validation, a name unique within its center, idempotency, the role matrix
//! and the audit trail.

use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::write_helpers::{
    assert_matrix, assert_refused, audit_rows, callers, count, input_path, with,
};

const CREATE: &str = "mutation C($input: CreateZoneInput!) {
  createZone(input: $input) {
    zone { id name commune vulnerability center { slug } }
    userErrors { code field message }
  }
}";

fn zone(center: i64, name: &str) -> Value {
    json!({ "centerId": encode(NodeType::Center, center), "name": name })
}

#[tokio::test]
async fn a_staff_member_creates_a_zone_of_their_center_once_per_idempotency_key() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let change = json!({ "commune": "Mohammédia", "vulnerability": "HIGH",
        "idempotencyKey": "zone-al-alia" });
    let input = with(zone(who.center, "  Al Alia "), &change);
    let (_, first) = app
        .gql_as(&who.staff, CREATE, json!({ "input": input }))
        .await;
    let created = &first["data"]["createZone"]["zone"];
    assert_eq!(created["name"], "Al Alia", "trimmed: {first}");
    assert_eq!(created["commune"], "Mohammédia");
    assert_eq!(created["vulnerability"], "HIGH");
    assert_eq!(created["center"]["slug"], "mohammedia");
    let (_, again) = app
        .gql_as(&who.staff, CREATE, json!({ "input": input }))
        .await;
    assert_eq!(
        again["data"]["createZone"]["zone"]["id"], created["id"],
        "the first result, again"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM zones").await,
        1,
        "written once"
    );
    assert_eq!(audit_rows(&app, "create_zone").await, 1);
}

#[tokio::test]
async fn invalid_zones_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let first = json!({ "input": zone(who.center, "Al Alia") });
    let (_, existing) = app.gql_as(&who.admin, CREATE, first).await;
    assert!(
        existing["data"]["createZone"]["zone"].is_object(),
        "{existing}"
    );
    let unknown_center = encode(NodeType::Center, 999);
    #[rustfmt::skip]
    let cases = [
        ("empty name", json!({ "name": "  " }), "REQUIRED", "name"),
        ("long name", json!({ "name": "x".repeat(201) }), "TOO_LONG", "name"),
        ("long commune", json!({ "commune": "x".repeat(201) }), "TOO_LONG", "commune"),
        ("unknown center", json!({ "centerId": unknown_center }), "NOT_FOUND", "centerId"),
        ("name taken in the center", json!({ "name": "Al Alia" }), "DUPLICATE", "name"),
    ];
    for (case, change, code, field) in cases {
        let input = with(zone(who.center, "Hay Hassani"), &change);
        let (_, body) = app
            .gql_as(&who.admin, CREATE, json!({ "input": input }))
            .await;
        assert_refused(&body, "createZone", "zone", code, &input_path(&[field]));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM zones").await, 1, "{case}");
    }
    assert_eq!(audit_rows(&app, "create_zone").await, 1);
    let elsewhere = json!({ "input": zone(who.other_center, "Al Alia") });
    let (_, elsewhere) = app.gql_as(&who.admin, CREATE, elsewhere).await;
    assert!(
        elsewhere["data"]["createZone"]["zone"].is_object(),
        "the same name in another center: {elsewhere}"
    );
}

#[tokio::test]
async fn only_admins_and_the_staff_of_the_center_create_its_zones() {
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
    assert_matrix(&app, &who, ("createZone", "zone"), &expected, |name| {
        let input = zone(who.center, &format!("Zone of the {name}"));
        (CREATE.to_owned(), json!({ "input": input }))
    })
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM zones").await, 2);
    assert_eq!(audit_rows(&app, "create_zone").await, 2);
}
