//! The admins' list of accounts, `users`: who may read it, keyset pages by email, the filters
//! and the accent-insensitive search; and what the other account tests share.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use cqs::service::user::{NewUser, create_user_from_cli};
use migration::{Migrator, MigratorTrait};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app};
use crate::write_helpers::callers;

pub const USERS: &str =
    "query U($first: Int, $after: String, $last: Int, $before: String, $filter: UserFilter) {
  users(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id email displayName role disabled version }
  }
}";
pub const UPDATE_USER: &str = "mutation U($input: UpdateUserInput!) {
  updateUser(input: $input) {
    user { id displayName role disabled disabledAt version updatedAt partner { name } organization { name } center { slug } }
    userErrors { code field message }
  }
}";

/// Creates an account with this email and display name; returns its global id.
pub async fn account(app: &TestApp, email: &str, name: &str, role: Role, links: Links) -> Value {
    let user = create_user_from_cli(
        &app.db,
        NewUser {
            email: email.to_owned(),
            display_name: name.to_owned(),
            role,
            password: "a password long enough".to_owned(),
            partner_id: links.partner,
            organization_id: links.organization,
            center_id: links.center,
        },
    )
    .await
    .expect("the account is created");
    json!(encode(NodeType::User, user.id))
}

/// `updateUser` as `token`; the payload.
pub async fn update_user(app: &TestApp, token: &str, input: Value) -> Value {
    let (_, body) = app
        .gql_as(token, UPDATE_USER, json!({ "input": input }))
        .await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["updateUser"].clone()
}

/// `users` as `token` with these arguments; the connection.
pub async fn users(app: &TestApp, token: &str, arguments: Value) -> Value {
    let (_, body) = app.gql_as(token, USERS, arguments).await;
    assert!(body.get("errors").is_none(), "{body}");
    body["data"]["users"].clone()
}

fn emails(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|user| user["email"].as_str().expect("an email").to_owned())
        .collect()
}

#[tokio::test]
async fn only_admins_list_accounts() {
    let app = spawn_app().await;
    let who = callers(&app).await;
    for (name, token) in who.all() {
        let body = crate::write_helpers::call(&app, token, USERS, json!({})).await;
        let expected = match name {
            "admin" => "ok",
            "anonymous" => "UNAUTHENTICATED",
            _ => "FORBIDDEN",
        };
        let got = body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or("ok");
        assert_eq!(got, expected, "{name}: {body}");
    }
    let all = users(&app, &who.admin, json!({ "first": 100 })).await;
    assert_eq!(all["totalCount"], 6, "one account per caller: {all}");
}

#[tokio::test]
async fn accounts_come_by_email_in_pages_that_do_not_overlap() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    for email in [
        "Zineb@x.ma",
        "amal@x.ma",
        "Karim@x.ma",
        "badr@x.ma",
        "hind@x.ma",
    ] {
        account(&app, email, "Someone", Role::Viewer, Links::default()).await;
    }
    let all = emails(&users(&app, &admin, json!({ "first": 100 })).await);
    let mut sorted: Vec<String> = all.clone();
    sorted.sort_by_key(|email| email.to_lowercase());
    assert_eq!(all, sorted, "by email, whatever the case");
    assert_eq!(all.len(), 6);

    let first = users(&app, &admin, json!({ "first": 4 })).await;
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    let after = first["pageInfo"]["endCursor"].clone();
    let second = users(&app, &admin, json!({ "first": 4, "after": after })).await;
    assert_eq!(second["pageInfo"]["hasNextPage"], false);
    assert_eq!(second["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(
        [emails(&first), emails(&second)].concat(),
        all,
        "two pages, no overlap, nothing missing"
    );
    let last = users(&app, &admin, json!({ "last": 2 })).await;
    assert_eq!(emails(&last), all[4..].to_vec(), "backward from the end");
    let before = last["pageInfo"]["startCursor"].clone();
    let previous = users(&app, &admin, json!({ "last": 2, "before": before })).await;
    assert_eq!(emails(&previous), all[2..4].to_vec());
}

#[tokio::test]
async fn accounts_are_filtered_by_role_status_and_an_accent_insensitive_search() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let center = crate::fixtures::center(&app.db, "mohammedia")
        .await
        .unwrap();
    let staff = Links {
        center: Some(center.id),
        ..Links::default()
    };
    let eric = account(
        &app,
        "e.lefevre@cqs.example.ma",
        "Éric Lefèvre",
        Role::Staff,
        staff,
    )
    .await;
    account(
        &app,
        "fatima@cqs.example.ma",
        "Fatima Zahra Bennani",
        Role::Viewer,
        Links::default(),
    )
    .await;
    account(
        &app,
        "omar@ads.example.ma",
        "Omar Idrissi",
        Role::Staff,
        staff,
    )
    .await;
    let disabled = update_user(&app, &admin, json!({ "id": eric, "disabled": true })).await;
    assert_eq!(disabled["user"]["disabled"], true, "{disabled}");

    let cases = [
        (
            "eric, without its accent",
            json!({ "search": "ERIC" }),
            vec!["e.lefevre@cqs.example.ma"],
        ),
        (
            "lefèvre, with another accent",
            json!({ "search": "lefévre" }),
            vec!["e.lefevre@cqs.example.ma"],
        ),
        (
            "two words of a name",
            json!({ "search": "zahra fatima" }),
            vec!["fatima@cqs.example.ma"],
        ),
        (
            "part of an email",
            json!({ "search": "@ads.example" }),
            vec!["omar@ads.example.ma"],
        ),
        (
            "a role",
            json!({ "role": "STAFF" }),
            vec!["e.lefevre@cqs.example.ma", "omar@ads.example.ma"],
        ),
        (
            "disabled ones",
            json!({ "disabled": true }),
            vec!["e.lefevre@cqs.example.ma"],
        ),
        (
            "active staff",
            json!({ "role": "STAFF", "disabled": false }),
            vec!["omar@ads.example.ma"],
        ),
        ("nothing like it", json!({ "search": "nobody" }), vec![]),
    ];
    for (case, filter, expected) in cases {
        let found = users(&app, &admin, json!({ "filter": filter })).await;
        assert_eq!(emails(&found), expected, "{case}");
        assert_eq!(
            found["totalCount"],
            expected.len(),
            "{case}: the count follows the filter"
        );
    }
}

#[tokio::test]
async fn accounts_made_before_the_search_column_existed_are_found_by_search() {
    let app = spawn_app().await;
    account(
        &app,
        "rachid@cqs.example.ma",
        "Rachid Alaoui",
        Role::Viewer,
        Links::default(),
    )
    .await;
    let applied = Migrator::get_applied_migrations(&app.db).await.unwrap();
    let position = applied
        .iter()
        .position(|m| m.name() == "m20260201_000001_add_users_search_text")
        .expect("the search column's migration ran");
    let undo = u32::try_from(applied.len() - position).unwrap();
    Migrator::down(&app.db, Some(undo))
        .await
        .expect("down() drops the column");
    Migrator::up(&app.db, None)
        .await
        .expect("up() adds and fills it again");
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let found = users(&app, &admin, json!({ "filter": { "search": "alaoui" } })).await;
    assert_eq!(emails(&found), vec!["rachid@cqs.example.ma"]);
}
