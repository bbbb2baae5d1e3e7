//! Disabling accounts through `updateUser`: their login and API tokens stop working on the next
//! request, and the last active admin can be neither demoted nor disabled, even by two admins
//! demoting each other at the same instant.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::accounts::{UPDATE_USER, account, update_user};
use crate::helpers::{Links, TestApp, spawn_app};

const CREATE_TOKEN: &str =
    "mutation { createApiToken(input: { name: \"ADS accounting\" }) { token } }";
const VIEWER: &str = "{ viewer { email } }";

async fn status_of(app: &TestApp, token: &str) -> (StatusCode, Value) {
    let (status, body) = app.gql_as(token, VIEWER, Value::Null).await;
    (status, body["errors"][0]["extensions"]["code"].clone())
}

async fn id_of(app: &TestApp, email: &str) -> Value {
    let id = app
        .scalar(&format!("SELECT id FROM users WHERE email = '{email}'"))
        .await;
    json!(encode(NodeType::User, id))
}

#[tokio::test]
async fn disabling_an_account_cuts_off_its_login_and_api_tokens_on_the_next_request() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let jwt = app.login(&email, &password).await;
    let (_, created) = app.gql_as(&jwt, CREATE_TOKEN, Value::Null).await;
    let secret = created["data"]["createApiToken"]["token"]
        .as_str()
        .expect("an API token")
        .to_owned();
    assert_eq!(status_of(&app, &jwt).await.0, StatusCode::OK);
    assert_eq!(status_of(&app, &secret).await.0, StatusCode::OK);

    let user = id_of(&app, &email).await;
    let disabled = update_user(&app, &admin, json!({ "id": user, "disabled": true })).await;
    assert_eq!(disabled["user"]["disabled"], true, "{disabled}");
    assert!(disabled["user"]["disabledAt"].is_string());
    for (what, credential) in [("login token", &jwt), ("API token", &secret)] {
        assert_eq!(
            status_of(&app, credential).await,
            (StatusCode::UNAUTHORIZED, json!("UNAUTHENTICATED")),
            "the {what} of a disabled account"
        );
    }
    let login = app
        .gql_ok(
            "mutation L($input: LoginInput!) { login(input: $input) { token userErrors { code } } }",
            json!({ "input": { "email": email, "password": password } }),
        )
        .await;
    assert_eq!(
        login["login"]["userErrors"][0]["code"],
        "INVALID_CREDENTIALS"
    );

    let enabled = update_user(&app, &admin, json!({ "id": user, "disabled": false })).await;
    assert_eq!(enabled["user"]["disabledAt"], Value::Null, "{enabled}");
    assert_eq!(
        status_of(&app, &secret).await.0,
        StatusCode::OK,
        "enabled again"
    );
}

#[tokio::test]
async fn the_last_active_admin_can_be_neither_demoted_nor_disabled() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    let admin = app.login(&email, &password).await;
    let me = id_of(&app, &email).await;
    let refusals = [
        ("demoted", json!({ "id": me, "role": "VIEWER" }), "role"),
        (
            "disabled",
            json!({ "id": me, "disabled": true }),
            "disabled",
        ),
    ];
    for (case, input, field) in &refusals {
        let refused = update_user(&app, &admin, input.clone()).await;
        assert_eq!(
            refused["userErrors"][0]["code"], "INVALID",
            "{case}: {refused}"
        );
        assert_eq!(refused["userErrors"][0]["field"], json!(["input", field]));
    }
    let other = account(
        &app,
        "root2@cqs.example.ma",
        "Root",
        Role::Admin,
        Links::default(),
    )
    .await;
    let off = update_user(&app, &admin, json!({ "id": other, "disabled": true })).await;
    assert_eq!(off["userErrors"], json!([]), "{off}");
    let refused = update_user(&app, &admin, json!({ "id": me, "role": "VIEWER" })).await;
    assert_eq!(
        refused["userErrors"][0]["code"], "INVALID",
        "a disabled admin does not count: {refused}"
    );

    update_user(&app, &admin, json!({ "id": other, "disabled": false })).await;
    let demoted = update_user(&app, &admin, json!({ "id": me, "role": "VIEWER" })).await;
    assert_eq!(
        demoted["user"]["role"], "VIEWER",
        "another admin remains: {demoted}"
    );
    let admins = app
        .scalar("SELECT COUNT(*) FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL")
        .await;
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    let app = spawn_app().await;
    let (first_email, password) = app.user(Role::Admin, Links::default()).await;
    let (second_email, second_password) = app.user(Role::Admin, Links::default()).await;
    let first = app.login(&first_email, &password).await;
    let second = app.login(&second_email, &second_password).await;
    let (first_id, second_id) = (
        id_of(&app, &first_email).await,
        id_of(&app, &second_email).await,
    );
    for round in 0..5 {
        let demote = |id: &Value| json!({ "input": { "id": id, "role": "VIEWER" } });
        let (a, b) = tokio::join!(
            app.gql_as(&first, UPDATE_USER, demote(&second_id)),
            app.gql_as(&second, UPDATE_USER, demote(&first_id)),
        );
        let demoted = [a, b]
            .iter()
            .filter(|(_, body)| body["data"]["updateUser"]["user"].is_object())
            .count();
        let admins = app
            .scalar("SELECT COUNT(*) FROM users WHERE role = 'ADMIN' AND disabled_at IS NULL")
            .await;
        assert_eq!(
            (demoted, admins),
            (1, 1),
            "round {round}: one demotion, one admin left"
        );
        app.db
            .execute_unprepared("UPDATE users SET role = 'ADMIN'")
            .await
            .expect("both admins again");
    }
}
