//! `updateUser`: an admin changes a display name, a role and its scope under a version; a scope
//! that does not fit the role, a stale version and other callers are refused and write nothing.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use serde_json::{Value, json};

use crate::accounts::{UPDATE_USER, account, update_user, users};
use crate::helpers::{Links, spawn_app};
use crate::write_helpers::{assert_matrix, audit_rows, callers, count};

#[tokio::test]
async fn an_admin_changes_a_role_and_its_scope_in_a_new_version_with_an_audit_row() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let user = account(
        &app,
        "ads@cqs.example.ma",
        "ADS",
        Role::Viewer,
        Links::default(),
    )
    .await;
    let partner = json!(encode(NodeType::Partner, who.partner));
    let before = users(&app, &who.admin, json!({ "filter": { "search": "ads@" } })).await;
    let changed = update_user(
        &app,
        &who.admin,
        json!({ "id": user, "role": "PARTNER", "partnerId": partner, "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(changed["userErrors"], json!([]), "{changed}");
    let row = &changed["user"];
    assert_eq!(row["role"], "PARTNER");
    assert_eq!(row["partner"]["name"], "Agence de Développement Social");
    assert_eq!(row["version"], 2);
    assert_eq!(before["nodes"][0]["version"], 1);
    let fields = count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'update_user' AND changed_fields = '[\"role\",\"partnerId\"]'").await;
    assert_eq!(fields, 1, "audited with the fields that changed");

    let center = json!(encode(NodeType::Center, who.center));
    let moved = update_user(
        &app,
        &who.admin,
        json!({ "id": user, "role": "STAFF", "centerId": center, "version": 2, "displayName": "Amal" }),
    )
    .await;
    let row = &moved["user"];
    assert_eq!(row["role"], "STAFF", "{moved}");
    assert_eq!(
        row["partner"],
        Value::Null,
        "a STAFF account keeps no partner"
    );
    assert_eq!(row["center"]["slug"], "mohammedia");
    assert_eq!(row["displayName"], "Amal");
    assert_eq!(row["version"], 3);
    assert_ne!(row["updatedAt"], changed["user"]["updatedAt"]);

    let same = update_user(
        &app,
        &who.admin,
        json!({ "id": user, "displayName": "Amal" }),
    )
    .await;
    assert_eq!(
        same["user"]["version"], 3,
        "nothing changed, no new version"
    );
    assert_eq!(audit_rows(&app, "update_user").await, 2);
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_under_either_name_and_writes_nothing() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let user = account(
        &app,
        "v@cqs.example.ma",
        "V",
        Role::Viewer,
        Links::default(),
    )
    .await;
    update_user(&app, &admin, json!({ "id": user, "displayName": "V2" })).await;
    for (name, input) in [
        (
            "expectedVersion",
            json!({ "id": user, "displayName": "V3", "expectedVersion": 1 }),
        ),
        (
            "version",
            json!({ "id": user, "displayName": "V3", "version": 1 }),
        ),
    ] {
        let stale = update_user(&app, &admin, input).await;
        assert_eq!(stale["user"], Value::Null, "{name}");
        assert_eq!(
            stale["userErrors"][0]["code"], "VERSION_CONFLICT",
            "{name}: {stale}"
        );
        assert_eq!(stale["userErrors"][0]["field"], json!(["input", name]));
    }
    let both = update_user(
        &app,
        &admin,
        json!({ "id": user, "displayName": "V3", "version": 2, "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(both["userErrors"][0]["code"], "INVALID", "{both}");
    let found = users(&app, &admin, json!({ "filter": { "search": "v@" } })).await;
    assert_eq!(found["nodes"][0]["displayName"], "V2", "nothing written");
    assert_eq!(found["nodes"][0]["version"], 2);
}

#[tokio::test]
async fn a_scope_that_does_not_fit_the_role_is_refused_on_its_field() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let user = account(
        &app,
        "s@cqs.example.ma",
        "S",
        Role::Viewer,
        Links::default(),
    )
    .await;
    let center = json!(encode(NodeType::Center, who.center));
    let missing_partner = json!(encode(NodeType::Partner, 999_999));
    let missing_organization = json!(encode(NodeType::Organization, 999_999));
    let cases = [
        (
            "a partner account without its partner",
            json!({ "role": "PARTNER" }),
            "INVALID",
            "partnerId",
        ),
        (
            "staff without a center",
            json!({ "role": "STAFF" }),
            "INVALID",
            "centerId",
        ),
        (
            "an organization account without one",
            json!({ "role": "ORGANIZATION" }),
            "INVALID",
            "organizationId",
        ),
        (
            "a viewer with a center",
            json!({ "centerId": center }),
            "INVALID",
            "centerId",
        ),
        (
            "an admin with a center",
            json!({ "role": "ADMIN", "centerId": center }),
            "INVALID",
            "centerId",
        ),
        (
            "a partner that does not exist",
            json!({ "role": "PARTNER", "partnerId": missing_partner }),
            "NOT_FOUND",
            "partnerId",
        ),
        (
            "an organization that does not exist",
            json!({ "role": "ORGANIZATION", "organizationId": missing_organization }),
            "NOT_FOUND",
            "organizationId",
        ),
        (
            "a blank display name",
            json!({ "displayName": "  " }),
            "REQUIRED",
            "displayName",
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = change.clone();
        input["id"] = user.clone();
        let refused = update_user(&app, &who.admin, input).await;
        assert_eq!(refused["user"], Value::Null, "{case}");
        assert_eq!(refused["userErrors"][0]["code"], code, "{case}: {refused}");
        assert_eq!(
            refused["userErrors"][0]["field"],
            json!(["input", field]),
            "{case}"
        );
    }
    let unchanged = users(&app, &who.admin, json!({ "filter": { "search": "s@cqs" } })).await;
    assert_eq!(unchanged["nodes"][0]["role"], "VIEWER");
    assert_eq!(unchanged["nodes"][0]["version"], 1, "nothing written");
    assert_eq!(audit_rows(&app, "update_user").await, 0);
}

#[tokio::test]
async fn only_admins_update_accounts() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    let user = account(
        &app,
        "t@cqs.example.ma",
        "T",
        Role::Viewer,
        Links::default(),
    )
    .await;
    let expected = [
        ("admin", "ok"),
        ("staff of the center", "FORBIDDEN"),
        ("staff of another center", "FORBIDDEN"),
        ("partner account", "FORBIDDEN"),
        ("organization account", "FORBIDDEN"),
        ("viewer", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ];
    assert_matrix(&app, &who, ("updateUser", "user"), &expected, |name| {
        let input = json!({ "id": user, "displayName": format!("renamed by {name}") });
        (UPDATE_USER.to_owned(), json!({ "input": input }))
    })
    .await;
    let found = users(&app, &who.admin, json!({ "filter": { "search": "t@cqs" } })).await;
    assert_eq!(found["nodes"][0]["displayName"], "renamed by admin");
    assert_eq!(found["nodes"][0]["version"], 2, "only the admin wrote");
}
