//! What the write tests share: counting rows and audit rows, telling what a mutation answered,
//! and one caller per line of DESIGN.md's "Who may do what".

use cqs::domain::role::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;

use crate::fixtures;
use crate::helpers::{Links, TestApp};

/// The single integer a `SELECT COUNT(*) …` returns.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

/// Audit rows of `action` that name their actor.
pub async fn audit_rows(app: &TestApp, action: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = '{action}' AND actor_user_id IS NOT NULL"
        ),
    )
    .await
}

/// Runs a request as `token`, or anonymously (which may answer HTTP 401).
pub async fn call(app: &TestApp, token: Option<&str>, query: &str, variables: Value) -> Value {
    match token {
        Some(token) => app.gql_as(token, query, variables).await.1,
        None => app.gql(query, variables).await,
    }
}

/// What `mutation` answered: "ok" when it returned its `object` (or, for a removal, the id
/// removed), else the GraphQL error's `extensions.code`, else the first user error's code.
pub fn outcome(body: &Value, mutation: &str, object: &str) -> String {
    if body["data"][mutation][object].is_object() || body["data"][mutation][object].is_string() {
        return "ok".to_owned();
    }
    if let Some(code) = body["errors"][0]["extensions"]["code"].as_str() {
        return code.to_owned();
    }
    body["data"][mutation]["userErrors"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("neither a result nor an error: {body}"))
        .to_owned()
}

/// Asserts that `mutation` refused its input with `code` on `field` and returned no `object`.
pub fn assert_refused(body: &Value, mutation: &str, object: &str, code: &str, field: &[&str]) {
    let errors = &body["data"][mutation]["userErrors"];
    assert_eq!(errors[0]["code"], code, "{body}");
    assert_eq!(errors[0]["field"], serde_json::json!(field), "{body}");
    assert_eq!(body["data"][mutation][object], Value::Null, "{body}");
}

/// Two centers, a partner and an organization of the first center, and a token for each role.
pub struct Callers {
    pub center: i64,
    pub other_center: i64,
    pub partner: i64,
    pub organization: i64,
    pub admin: String,
    pub staff: String,
    pub other_staff: String,
    pub partner_account: String,
    pub organization_account: String,
    pub viewer: String,
}

pub async fn callers(app: &TestApp) -> Callers {
    let center = fixtures::center(&app.db, "mohammedia").await.unwrap().id;
    let other_center = fixtures::center(&app.db, "rabat").await.unwrap().id;
    let partner = fixtures::partner(&app.db, "Agence de Développement Social")
        .await
        .unwrap()
        .id;
    let organization = fixtures::association(&app.db, center, Some("MOH-ASSO-1"))
        .await
        .unwrap()
        .id;
    let token = |role, links| app.token_for(role, links);
    let staff_of = |center| Links {
        center: Some(center),
        ..Links::default()
    };
    let linked_partner = Links {
        partner: Some(partner),
        ..Links::default()
    };
    let linked_organization = Links {
        organization: Some(organization),
        ..Links::default()
    };
    Callers {
        center,
        other_center,
        partner,
        organization,
        admin: token(Role::Admin, Links::default()).await,
        staff: token(Role::Staff, staff_of(center)).await,
        other_staff: token(Role::Staff, staff_of(other_center)).await,
        partner_account: token(Role::Partner, linked_partner).await,
        organization_account: token(Role::Organization, linked_organization).await,
        viewer: token(Role::Viewer, Links::default()).await,
    }
}

impl Callers {
    /// Every caller of the matrix by name, anonymous last (`None`).
    pub fn all(&self) -> Vec<(&'static str, Option<&str>)> {
        vec![
            ("admin", Some(self.admin.as_str())),
            ("staff of the center", Some(self.staff.as_str())),
            ("staff of another center", Some(self.other_staff.as_str())),
            ("partner account", Some(self.partner_account.as_str())),
            (
                "organization account",
                Some(self.organization_account.as_str()),
            ),
            ("viewer", Some(self.viewer.as_str())),
            ("anonymous", None),
        ]
    }
}

/// `input` with the keys of `change` set over it.
pub fn with(mut input: Value, change: &Value) -> Value {
    for (key, value) in change.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

/// `["input", …field]`: the path of an input field in a user error.
pub fn input_path<'a>(field: &[&'a str]) -> Vec<&'a str> {
    ["input"].into_iter().chain(field.iter().copied()).collect()
}

/// Sends the request `request(caller)` as every caller of [`Callers::all`] and asserts what
/// `mutation` answered each: `expected` lists (caller, outcome) in that order.
pub async fn assert_matrix(
    app: &TestApp,
    who: &Callers,
    (mutation, object): (&str, &str),
    expected: &[(&str, &str)],
    request: impl Fn(&str) -> (String, Value),
) {
    let callers = who.all();
    assert_eq!(callers.len(), expected.len(), "one outcome per caller");
    for ((name, token), (case, want)) in callers.into_iter().zip(expected) {
        assert_eq!(name, *case, "the callers' order");
        let (query, variables) = request(name);
        let body = call(app, token, &query, variables).await;
        assert_eq!(
            outcome(&body, mutation, object),
            *want,
            "{mutation} as {name}: {body}"
        );
    }
}
