//! Creating and updating centers: validation, duplicates, idempotency, versions, the role matrix
//! and the audit trail.

use cqs::domain::role::Role;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app};

const CREATE: &str = "mutation C($input: CreateCenterInput!) {
  createCenter(input: $input) { center { id name slug version } userErrors { code field message } }
}";
const UPDATE: &str = "mutation U($input: UpdateCenterInput!) {
  updateCenter(input: $input) { center { id name region version } userErrors { code field } }
}";

async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = format!(
        "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND actor_user_id IS NOT NULL"
    );
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

fn center(name: &str, slug: &str) -> Value {
    json!({ "name": name, "slug": slug, "city": "Mohammédia" })
}

#[tokio::test]
async fn an_admin_creates_a_center_once_per_idempotency_key() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let mut input = center("Centre de Mohammédia", "mohammedia");
    input["idempotencyKey"] = json!("create-moh-1");
    let (_, first) = app.gql_as(&admin, CREATE, json!({ "input": input })).await;
    let created = &first["data"]["createCenter"]["center"];
    assert_eq!(created["slug"], "mohammedia", "{first}");
    assert_eq!(created["version"], 1);
    let (_, again) = app.gql_as(&admin, CREATE, json!({ "input": input })).await;
    assert_eq!(
        again["data"]["createCenter"]["center"]["id"], created["id"],
        "the first result, again"
    );
    let count = app.gql_ok("{ centers { totalCount } }", Value::Null).await;
    assert_eq!(count["centers"]["totalCount"], 1, "written once");
    assert_eq!(audit_rows(&app, "create_center").await, 1);

    let (_, duplicate) = app
        .gql_as(
            &admin,
            CREATE,
            json!({ "input": center("Autre", "mohammedia") }),
        )
        .await;
    assert_eq!(
        duplicate["data"]["createCenter"]["userErrors"][0]["code"],
        "DUPLICATE"
    );
    assert_eq!(
        duplicate["data"]["createCenter"]["userErrors"][0]["field"],
        json!(["input", "slug"])
    );
}

#[tokio::test]
async fn invalid_centers_are_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let cases = [
        ("empty name", json!({ "name": " " }), "REQUIRED", "name"),
        (
            "long name",
            json!({ "name": "x".repeat(201) }),
            "TOO_LONG",
            "name",
        ),
        (
            "bad slug",
            json!({ "slug": "Not A Slug" }),
            "INVALID",
            "slug",
        ),
        (
            "unknown manager",
            json!({ "managedById": cqs::graphql::id::encode(cqs::graphql::id::NodeType::Partner, 999) }),
            "NOT_FOUND",
            "managedById",
        ),
    ];
    for (case, change, code, field) in cases {
        let mut input = center("Centre", "centre");
        for (k, v) in change.as_object().unwrap() {
            input[k] = v.clone();
        }
        let (_, body) = app.gql_as(&admin, CREATE, json!({ "input": input })).await;
        let errors = &body["data"]["createCenter"]["userErrors"];
        assert_eq!(errors[0]["code"], code, "{case}: {body}");
        assert_eq!(errors[0]["field"], json!(["input", field]), "{case}");
        assert_eq!(
            body["data"]["createCenter"]["center"],
            Value::Null,
            "{case}"
        );
    }
    let count = app.gql_ok("{ centers { totalCount } }", Value::Null).await;
    assert_eq!(count["centers"]["totalCount"], 0);
}

#[tokio::test]
async fn only_admins_manage_centers() {
    let app = spawn_app().await;
    let staff = app.token_for(Role::Viewer, Links::default()).await;
    let (_, body) = app
        .gql_as(&staff, CREATE, json!({ "input": center("C", "ccc") }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let code = app
        .gql_error_code(CREATE, json!({ "input": center("C", "ccc") }))
        .await;
    assert_eq!(code, "UNAUTHENTICATED");
    assert_eq!(
        app.gql_ok("{ centers { totalCount } }", Value::Null).await["centers"]["totalCount"],
        0
    );
}

#[tokio::test]
async fn updates_change_only_given_fields_and_a_stale_version_loses() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let (_, created) = app
        .gql_as(
            &admin,
            CREATE,
            json!({ "input": center("Centre", "centre") }),
        )
        .await;
    let id = created["data"]["createCenter"]["center"]["id"].clone();
    let (_, updated) = app
        .gql_as(
            &admin,
            UPDATE,
            json!({ "input": { "id": id, "expectedVersion": 1, "region": "Grand Casablanca" } }),
        )
        .await;
    let center = &updated["data"]["updateCenter"]["center"];
    assert_eq!(center["region"], "Grand Casablanca", "{updated}");
    assert_eq!(center["name"], "Centre", "untouched");
    assert_eq!(center["version"], 2);
    let (_, stale) = app
        .gql_as(
            &admin,
            UPDATE,
            json!({ "input": { "id": id, "expectedVersion": 1, "name": "Late" } }),
        )
        .await;
    assert_eq!(
        stale["data"]["updateCenter"]["userErrors"][0]["code"],
        "VERSION_CONFLICT"
    );
    let (_, cleared) = app
        .gql_as(
            &admin,
            UPDATE,
            json!({ "input": { "id": id, "region": null } }),
        )
        .await;
    assert_eq!(
        cleared["data"]["updateCenter"]["center"]["region"],
        Value::Null
    );
    assert_eq!(audit_rows(&app, "update_center").await, 2);
}
