//! The read side of DESIGN.md's "Who may do what": every role against every restricted field
//! (an organization's and a partner's contact, a user, who changed a project's status), and the
//! public fields everyone reads.

use cqs::domain::role::Role;
use cqs::graphql::id::{NodeType, encode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::fixtures;
use crate::helpers::{Links, TestApp, spawn_demo_app};

const RESTRICTED: &str = r#"
query Restricted($organization: ID!, $partner: ID!, $author: ID!, $project: ID!) {
  organization: node(id: $organization) { ... on Organization { name contact { email } } }
  partner: node(id: $partner) { ... on Partner { name contact { email } } }
  author: node(id: $author) { ... on User { email } }
  project: node(id: $project) {
    ... on Project { title totalCost { amount } statusHistory { to by { email } } }
  }
}"#;

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

struct Scene {
    variables: Value,
    organization: i64,
    other_organization: i64,
    ads: i64,
    other_partner: i64,
    center: i64,
    other_center: i64,
    author_token: String,
}

/// The demo data, with a STAFF member of the Mohammédia center recorded as the author of one
/// status change.
async fn scene(app: &TestApp) -> Scene {
    let organization = id_of(app, "SELECT MIN(id) FROM organizations").await;
    let other_organization = id_of(app, "SELECT MAX(id) FROM organizations").await;
    let ads = id_of(app, "SELECT id FROM partners WHERE acronym = 'ADS'").await;
    let other_partner = id_of(app, "SELECT id FROM partners WHERE acronym = 'TEXMO'").await;
    let center = id_of(app, "SELECT id FROM centers").await;
    let other_center = fixtures::center(&app.db, "rabat").await.unwrap().id;
    let project = id_of(
        app,
        "SELECT id FROM projects WHERE reference = 'MOH-2003-0001'",
    )
    .await;
    let (email, password) = app
        .user(
            Role::Staff,
            Links {
                center: Some(center),
                ..Links::default()
            },
        )
        .await;
    let author = id_of(
        app,
        &format!("SELECT id FROM users WHERE email = '{email}'"),
    )
    .await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE project_status_changes SET by_user_id = {author} WHERE project_id = {project}"
        ))
        .await
        .unwrap();
    let author_token = app.login(&email, &password).await;
    Scene {
        variables: json!({
            "organization": encode(NodeType::Organization, organization),
            "partner": encode(NodeType::Partner, ads),
            "author": encode(NodeType::User, author),
            "project": encode(NodeType::Project, project),
        }),
        organization,
        other_organization,
        ads,
        other_partner,
        center,
        other_center,
        author_token,
    }
}

/// What a caller sees of the restricted fields: organization contact, partner contact, the user.
type Seen = (bool, bool, bool);

fn seen(data: &Value) -> Seen {
    let project = &data["project"];
    assert!(
        project["title"].is_string() && project["totalCost"]["amount"].is_string(),
        "public fields: {data}"
    );
    assert!(data["organization"]["name"].is_string() && data["partner"]["name"].is_string());
    let author_in_history = project["statusHistory"]
        .as_array()
        .unwrap()
        .iter()
        .all(|step| step["by"].is_object());
    let author_node = data["author"].is_object();
    assert_eq!(
        author_in_history, author_node,
        "the user is visible everywhere or nowhere: {data}"
    );
    (
        data["organization"]["contact"].is_object(),
        data["partner"]["contact"].is_object(),
        author_node,
    )
}

#[tokio::test]
async fn each_role_sees_exactly_the_personal_data_the_matrix_allows() {
    let app = spawn_demo_app().await;
    let s = scene(&app).await;
    let cases: Vec<(&str, Role, Links, Seen)> = vec![
        ("admin", Role::Admin, Links::default(), (true, true, true)),
        (
            "staff of the center",
            Role::Staff,
            Links {
                center: Some(s.center),
                ..Links::default()
            },
            (true, true, true),
        ),
        (
            "staff of another center",
            Role::Staff,
            Links {
                center: Some(s.other_center),
                ..Links::default()
            },
            (false, true, false),
        ),
        (
            "the partner itself",
            Role::Partner,
            Links {
                partner: Some(s.ads),
                ..Links::default()
            },
            (false, true, false),
        ),
        (
            "another partner",
            Role::Partner,
            Links {
                partner: Some(s.other_partner),
                ..Links::default()
            },
            (false, false, false),
        ),
        (
            "the organization itself",
            Role::Organization,
            Links {
                organization: Some(s.organization),
                ..Links::default()
            },
            (true, false, false),
        ),
        (
            "another organization",
            Role::Organization,
            Links {
                organization: Some(s.other_organization),
                ..Links::default()
            },
            (false, false, false),
        ),
        (
            "a viewer",
            Role::Viewer,
            Links::default(),
            (false, false, false),
        ),
    ];
    for (case, role, links, expected) in cases {
        let token = app.token_for(role, links).await;
        let (_, body) = app.gql_as(&token, RESTRICTED, s.variables.clone()).await;
        assert!(body.get("errors").is_none(), "{case}: {body}");
        assert_eq!(
            seen(&body["data"]),
            expected,
            "{case}: (organization contact, partner contact, user)"
        );
    }
    let anonymous = app.gql_ok(RESTRICTED, s.variables.clone()).await;
    assert_eq!(seen(&anonymous), (false, false, false), "anonymous");
    let (_, own) = app
        .gql_as(&s.author_token, RESTRICTED, s.variables.clone())
        .await;
    assert_eq!(
        seen(&own["data"]),
        (true, true, true),
        "the author sees themself"
    );
}

#[tokio::test]
async fn contact_data_reaches_the_roles_allowed_through_every_list() {
    let app = spawn_demo_app().await;
    let s = scene(&app).await;
    let query = r#"{
      organizations(first: 100) { nodes { id contact { email } } }
      partners(first: 100) { nodes { id contact { email } } }
    }"#;
    let visible = |data: &Value, list: &str| -> Vec<String> {
        data[list]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["contact"].is_object())
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let organization_token = app
        .token_for(
            Role::Organization,
            Links {
                organization: Some(s.organization),
                ..Links::default()
            },
        )
        .await;
    let (_, body) = app.gql_as(&organization_token, query, Value::Null).await;
    assert_eq!(
        visible(&body["data"], "organizations"),
        vec![encode(NodeType::Organization, s.organization).to_string()]
    );
    assert!(visible(&body["data"], "partners").is_empty());

    let partner_token = app
        .token_for(
            Role::Partner,
            Links {
                partner: Some(s.ads),
                ..Links::default()
            },
        )
        .await;
    let (_, body) = app.gql_as(&partner_token, query, Value::Null).await;
    assert_eq!(
        visible(&body["data"], "partners"),
        vec![encode(NodeType::Partner, s.ads).to_string()]
    );
    assert!(visible(&body["data"], "organizations").is_empty());

    let (_, body) = app.gql_as(&s.author_token, query, Value::Null).await;
    let all = body["data"]["organizations"]["nodes"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(
        visible(&body["data"], "organizations").len(),
        all,
        "staff see their center's organizations"
    );
}

#[tokio::test]
async fn api_tokens_are_visible_to_their_owner_only() {
    let app = spawn_demo_app().await;
    let s = scene(&app).await;
    let create = "mutation { createApiToken(input: { name: \"sync\" }) { apiToken { id } } }";
    let (_, created) = app.gql_as(&s.author_token, create, Value::Null).await;
    let token_id = created["data"]["createApiToken"]["apiToken"]["id"].clone();
    let query = "query Q($id: ID!, $author: ID!) { node(id: $id) { id } author: node(id: $author) { ... on User { apiTokens { name } } } }";
    let variables = json!({ "id": token_id, "author": s.variables["author"] });
    let (_, own) = app.gql_as(&s.author_token, query, variables.clone()).await;
    assert_eq!(own["data"]["node"]["id"], token_id);
    assert_eq!(own["data"]["author"]["apiTokens"][0]["name"], "sync");
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let (_, other) = app.gql_as(&admin, query, variables).await;
    assert_eq!(
        other["data"]["node"],
        Value::Null,
        "another user's token is not a visible node"
    );
    assert_eq!(
        other["data"]["author"]["apiTokens"],
        json!([]),
        "nor listed to an admin"
    );
}
