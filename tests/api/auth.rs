//! Logging in, bearer tokens and their attacks, API tokens, throttling, disabled users, the
//! bootstrap admin and `CQS_PUBLIC_READ=false`.

use std::path::PathBuf;

use chrono::Utc;
use cqs::app::App;
use cqs::config::{AuthConfig, Config, Signing};
use cqs::domain::role::Role;
use cqs::entity::{api_token, user};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app, spawn_app_with_auth};

const LOGIN: &str = "mutation L($input: LoginInput!) {
  login(input: $input) { token expiresAt viewer { email role } userErrors { code message field } }
}";
const VIEWER: &str = "{ viewer { email role apiTokens { name lastUsedAt revokedAt } } }";

fn key(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys")).join(name)
}

fn secret_of(app: &TestApp) -> Vec<u8> {
    match &app.auth.signing {
        Signing::Secret(secret) => secret.clone(),
        Signing::KeyFiles { .. } => panic!("this app signs with key files"),
    }
}

fn claims(app: &TestApp, sub: &str, exp_offset: i64) -> Value {
    let now = Utc::now().timestamp();
    json!({ "sub": sub, "role": "ADMIN", "iat": now, "exp": now + exp_offset,
            "iss": app.auth.issuer, "aud": app.auth.audience })
}

async fn login(app: &TestApp, email: &str, password: &str) -> Value {
    app.gql_ok(
        LOGIN,
        json!({ "input": { "email": email, "password": password } }),
    )
    .await["login"]
        .clone()
}

#[tokio::test]
async fn a_user_logs_in_and_the_token_identifies_them() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let session = login(&app, &email.to_uppercase(), &password).await;
    assert_eq!(session["userErrors"], json!([]));
    assert_eq!(session["viewer"]["role"], "VIEWER");
    let token = session["token"].as_str().unwrap();

    let mut validation = jsonwebtoken::Validation::new(Algorithm::HS256);
    validation.set_audience(&[&app.auth.audience]);
    validation.set_issuer(&[&app.auth.issuer]);
    let decoded = jsonwebtoken::decode::<Value>(
        token,
        &jsonwebtoken::DecodingKey::from_secret(&secret_of(&app)).unwrap(),
        &validation,
    )
    .expect("a token signed with the configured secret");
    let claims = decoded.claims;
    for claim in ["sub", "role", "iat", "exp", "iss", "aud"] {
        assert!(claims.get(claim).is_some(), "claim {claim} in {claims}");
    }
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 12 * 3600, "12 hours by default");

    let (status, body) = app.gql_as(token, VIEWER, Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["viewer"]["email"], email);
}

#[tokio::test]
async fn a_wrong_email_and_a_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    let (email, _) = app.user(Role::Viewer, Links::default()).await;
    let wrong_password = login(&app, &email, "not the password at all").await;
    let wrong_email = login(&app, "nobody@cqs.example.ma", "not the password at all").await;
    assert_eq!(wrong_password["token"], Value::Null);
    assert_eq!(
        wrong_password["userErrors"][0]["code"],
        "INVALID_CREDENTIALS"
    );
    assert_eq!(
        wrong_password["userErrors"], wrong_email["userErrors"],
        "indistinguishable"
    );
}

#[tokio::test]
async fn repeated_attempts_for_one_email_are_throttled() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    for _ in 0..5 {
        let attempt = login(&app, &email, "wrong password, again").await;
        assert_eq!(attempt["userErrors"][0]["code"], "INVALID_CREDENTIALS");
    }
    let throttled = login(&app, &email, &password).await;
    assert_eq!(
        throttled["userErrors"][0]["code"], "TOO_MANY_ATTEMPTS",
        "even the right password waits"
    );
    assert_eq!(throttled["token"], Value::Null);
    let (other, other_password) = app.user(Role::Viewer, Links::default()).await;
    assert!(
        login(&app, &other, &other_password).await["token"].is_string(),
        "other emails are not held back"
    );
}

#[tokio::test]
async fn an_email_or_password_too_long_is_refused_before_throttling() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let long_email = format!("{}@cqs.example.ma", "a".repeat(250));
    let long_password = "p".repeat(1025);
    // More attempts than the address's burst (20): none of them may count against it.
    for _ in 0..13 {
        let attempt = login(&app, &long_email, "whatever password").await;
        assert_eq!(attempt["userErrors"][0]["code"], "TOO_LONG", "{attempt}");
        assert_eq!(attempt["userErrors"][0]["field"], json!(["input", "email"]));
        let attempt = login(&app, &email, &long_password).await;
        assert_eq!(attempt["userErrors"][0]["code"], "TOO_LONG", "{attempt}");
        assert_eq!(
            attempt["userErrors"][0]["field"],
            json!(["input", "password"])
        );
        assert_eq!(attempt["token"], Value::Null);
    }
    let session = login(&app, &email, &password).await;
    assert!(
        session["token"].is_string(),
        "neither the email nor the address was throttled: {session}"
    );
}

#[tokio::test]
async fn a_token_not_valid_yet_is_refused_like_an_invalid_one() {
    let app = spawn_app().await;
    let (email, _) = app.user(Role::Admin, Links::default()).await;
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let sign = |claims: &Value| {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(&secret_of(&app)).unwrap(),
        )
        .unwrap()
    };
    let mut future = claims(&app, &admin.id.to_string(), 7200);
    future["nbf"] = json!(Utc::now().timestamp() + 3600);
    assert_refused(&app, &sign(&future), "nbf in an hour").await;

    let mut current = claims(&app, &admin.id.to_string(), 7200);
    current["nbf"] = json!(Utc::now().timestamp() - 10);
    let (status, body) = app
        .gql_as(&sign(&current), "{ centers { totalCount } }", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "an nbf in the past is fine: {body}");
}

async fn assert_refused(app: &TestApp, token: &str, case: &str) {
    let (status, body) = app
        .gql_as(token, "{ centers { totalCount } }", Value::Null)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{case}: {body}"
    );
    assert_eq!(
        body["data"],
        Value::Null,
        "{case}: never served as anonymous"
    );
}

#[tokio::test]
async fn forged_expired_or_misaddressed_tokens_are_refused_never_anonymous() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    let good = app.login(&email, &password).await;
    let admin = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let sub = admin.id.to_string();
    let secret = secret_of(&app);
    let sign = |claims: &Value, key: &[u8]| {
        jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &EncodingKey::from_secret(key).unwrap(),
        )
        .unwrap()
    };
    assert_eq!(
        app.gql_as(&good, "{ centers { totalCount } }", Value::Null)
            .await
            .0,
        StatusCode::OK
    );

    let expired = sign(&claims(&app, &sub, -3600), &secret);
    assert_refused(&app, &expired, "expired").await;
    let other_secret = sign(
        &claims(&app, &sub, 3600),
        b"another secret of at least thirty-two bytes",
    );
    assert_refused(&app, &other_secret, "wrong signature").await;
    let mut wrong_audience = claims(&app, &sub, 3600);
    wrong_audience["aud"] = json!("someone-else");
    assert_refused(&app, &sign(&wrong_audience, &secret), "wrong audience").await;
    let mut wrong_issuer = claims(&app, &sub, 3600);
    wrong_issuer["iss"] = json!("evil");
    assert_refused(&app, &sign(&wrong_issuer, &secret), "wrong issuer").await;
    let mut no_expiry = claims(&app, &sub, 3600);
    no_expiry.as_object_mut().unwrap().remove("exp");
    assert_refused(&app, &sign(&no_expiry, &secret), "no exp").await;

    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let unsigned = format!(
        "{}.{}.",
        b64(&json!({ "alg": "none", "typ": "JWT" })),
        b64(&claims(&app, &sub, 3600))
    );
    assert_refused(&app, &unsigned, "alg none").await;
    let tampered = {
        let parts: Vec<&str> = good.split('.').collect();
        let mut forged = claims(&app, &sub, 3600);
        forged["sub"] = json!("1");
        format!("{}.{}.{}", parts[0], b64(&forged), parts[2])
    };
    assert_refused(&app, &tampered, "tampered payload").await;
    assert_refused(&app, "not.a.token", "garbage").await;
    assert_refused(&app, "cqs_not_a_real_api_token", "unknown API token").await;

    let response = app
        .client
        .post(app.url("/graphql"))
        .header("authorization", "Basic YWRtaW46YWRtaW4=")
        .json(&json!({ "query": "{ centers { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "another scheme is refused"
    );
}

fn key_files(private: &str, public: &str) -> AuthConfig {
    let mut auth = AuthConfig::random();
    auth.signing = Signing::KeyFiles {
        private: Some(key(private)),
        public: key(public),
    };
    auth.generated_secret = false;
    auth
}

#[tokio::test]
async fn rs256_instances_refuse_hs256_tokens_made_with_their_public_key() {
    let app = spawn_app_with_auth(key_files("rsa-private.pem", "rsa-public.pem")).await;
    let (email, password) = app.user(Role::Admin, Links::default()).await;
    let token = app.login(&email, &password).await;
    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(
        app.gql_as(&token, "{ centers { totalCount } }", Value::Null)
            .await
            .0,
        StatusCode::OK
    );

    let admin = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let public_pem = std::fs::read(key("rsa-public.pem")).unwrap();
    let confused = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(&app, &admin.id.to_string(), 3600),
        &EncodingKey::from_secret(&public_pem).unwrap(),
    )
    .unwrap();
    assert_refused(&app, &confused, "HS256 signed with the RSA public key").await;
}

#[tokio::test]
async fn eddsa_keys_sign_tokens_that_a_verify_only_instance_accepts() {
    let app = spawn_app_with_auth(key_files("ed25519-private.pem", "ed25519-public.pem")).await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let token = app.login(&email, &password).await;
    assert_eq!(
        jsonwebtoken::decode_header(&token).unwrap().alg,
        Algorithm::EdDSA
    );

    // A second instance on the same database with only the public key verifies the token.
    let mut verify_only = AuthConfig::random();
    verify_only.signing = Signing::KeyFiles {
        private: None,
        public: key("ed25519-public.pem"),
    };
    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: app.database.url.clone(),
        read_database_url: None,
        demo: false,
        auth: verify_only,
        http: cqs::config::HttpConfig::default(),
        limits: cqs::config::Limits::default(),
        exposure: cqs::config::SchemaExposure::default(),
        edge: cqs::config::EdgeConfig::default(),
        planner: true,
        subscriptions: cqs::config::SubscriptionLimits::default(),
    };
    let second = App::build(&config).await.unwrap();
    let address = second.local_addr().unwrap();
    tokio::spawn(second.run_until_stopped(std::future::pending()));
    let body: Value = app
        .client
        .post(format!("http://{address}/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": VIEWER }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["data"]["viewer"]["email"], email, "{body}");
}

const CREATE_TOKEN: &str = "mutation T($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id name expiresAt } userErrors { code field } }
}";
const REVOKE_TOKEN: &str = "mutation R($input: RevokeApiTokenInput!) {
  revokeApiToken(input: $input) { apiToken { id revokedAt } userErrors { code } }
}";

#[tokio::test]
async fn an_api_token_is_shown_once_stored_hashed_and_revoked_at_once() {
    let app = spawn_app().await;
    let ads = crate::fixtures::partner(&app.db, "ADS").await.unwrap();
    let jwt = app
        .token_for(
            Role::Partner,
            Links {
                partner: Some(ads.id),
                ..Links::default()
            },
        )
        .await;
    let (_, created) = app
        .gql_as(
            &jwt,
            CREATE_TOKEN,
            json!({ "input": { "name": "ADS accounting" } }),
        )
        .await;
    let payload = &created["data"]["createApiToken"];
    assert_eq!(payload["userErrors"], json!([]), "{created}");
    let secret = payload["token"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("cqs_"));

    let rows = api_token::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, secret, "only a hash is stored");
    assert!(!rows[0].token_hash.contains(&secret[4..]));
    let expiry = rows[0].expires_at.unwrap();
    assert!(
        expiry <= Utc::now() + chrono::Duration::days(366),
        "at most a year"
    );

    let (status, body) = app.gql_as(&secret, VIEWER, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "PARTNER");
    assert_eq!(
        body["data"]["viewer"]["apiTokens"][0]["name"],
        "ADS accounting"
    );
    assert!(
        body["data"]["viewer"]["apiTokens"][0]["lastUsedAt"].is_string(),
        "use is recorded"
    );

    let (_, revoked) = app
        .gql_as(
            &jwt,
            REVOKE_TOKEN,
            json!({ "input": { "id": payload["apiToken"]["id"] } }),
        )
        .await;
    assert!(
        revoked["data"]["revokeApiToken"]["apiToken"]["revokedAt"].is_string(),
        "{revoked}"
    );
    assert_refused(&app, &secret, "a revoked API token").await;
}

#[tokio::test]
async fn api_tokens_expire_within_a_year_and_need_a_caller() {
    let app = spawn_app().await;
    let jwt = app.token_for(Role::Viewer, Links::default()).await;
    let too_late = (Utc::now() + chrono::Duration::days(400)).to_rfc3339();
    let (_, body) = app
        .gql_as(
            &jwt,
            CREATE_TOKEN,
            json!({ "input": { "name": "x", "expiresAt": too_late } }),
        )
        .await;
    assert_eq!(
        body["data"]["createApiToken"]["userErrors"][0]["code"], "OUT_OF_RANGE",
        "{body}"
    );
    let past = (Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    let (_, body) = app
        .gql_as(
            &jwt,
            CREATE_TOKEN,
            json!({ "input": { "name": "x", "expiresAt": past } }),
        )
        .await;
    assert_eq!(
        body["data"]["createApiToken"]["userErrors"][0]["code"],
        "OUT_OF_RANGE"
    );
    let code = app
        .gql_error_code(CREATE_TOKEN, json!({ "input": { "name": "x" } }))
        .await;
    assert_eq!(code, "UNAUTHENTICATED");
}

#[tokio::test]
async fn a_disabled_user_cannot_log_in_and_their_tokens_stop_working() {
    let app = spawn_app().await;
    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let token = app.login(&email, &password).await;
    let (_, created) = app
        .gql_as(&token, CREATE_TOKEN, json!({ "input": { "name": "sync" } }))
        .await;
    let secret = created["data"]["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    use sea_orm::ConnectionTrait;
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET disabled_at = updated_at WHERE email = '{email}'"
        ))
        .await
        .unwrap();
    assert_eq!(
        login(&app, &email, &password).await["userErrors"][0]["code"],
        "INVALID_CREDENTIALS"
    );
    assert_refused(&app, &token, "the login token of a disabled user").await;
    assert_refused(&app, &secret, "the API token of a disabled user").await;
}

const CREATE_USER: &str = "mutation U($input: CreateUserInput!) {
  createUser(input: $input) { user { email role } userErrors { code field } }
}";

#[tokio::test]
async fn only_admins_create_users_and_emails_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let staff_center = crate::fixtures::center(&app.db, "mohammedia")
        .await
        .unwrap();
    let center_id = cqs::graphql::id::encode(cqs::graphql::id::NodeType::Center, staff_center.id);
    let input = json!({ "email": "Amina@CQS.example.ma", "displayName": "Amina", "role": "STAFF",
                        "password": "twelve chars ok", "centerId": center_id });
    let (_, body) = app
        .gql_as(&admin, CREATE_USER, json!({ "input": input }))
        .await;
    assert_eq!(
        body["data"]["createUser"]["user"]["role"], "STAFF",
        "{body}"
    );

    let mut duplicate = input.clone();
    duplicate["email"] = json!("amina@cqs.EXAMPLE.ma");
    let (_, body) = app
        .gql_as(&admin, CREATE_USER, json!({ "input": duplicate }))
        .await;
    assert_eq!(
        body["data"]["createUser"]["userErrors"][0],
        json!({ "code": "DUPLICATE", "field": ["input", "email"] })
    );

    let cases = [
        (
            "short password",
            json!({ "password": "short" }),
            "OUT_OF_RANGE",
            "password",
        ),
        (
            "partner without partner",
            json!({ "role": "PARTNER", "email": "p@cqs.example.ma" }),
            "REQUIRED",
            "partnerId",
        ),
        (
            "bad email",
            json!({ "email": "not an email" }),
            "INVALID",
            "email",
        ),
    ];
    for (case, change, code, field) in cases {
        let mut bad = input.clone();
        bad["email"] = json!(format!("{}@cqs.example.ma", uuid::Uuid::new_v4().simple()));
        for (key, value) in change.as_object().unwrap() {
            bad[key] = value.clone();
        }
        let (_, body) = app
            .gql_as(&admin, CREATE_USER, json!({ "input": bad }))
            .await;
        let error = &body["data"]["createUser"]["userErrors"][0];
        assert_eq!(error["code"], code, "{case}: {body}");
        assert_eq!(error["field"], json!(["input", field]), "{case}");
    }

    let staff = app.login("amina@cqs.example.ma", "twelve chars ok").await;
    let (_, body) = app
        .gql_as(&staff, CREATE_USER, json!({ "input": input }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
    let code = app
        .gql_error_code(CREATE_USER, json!({ "input": input }))
        .await;
    assert_eq!(code, "UNAUTHENTICATED");
}

#[tokio::test]
async fn the_first_admin_is_created_at_start_once() {
    let mut auth = AuthConfig::random();
    auth.bootstrap_admin = Some(("root@cqs.example.ma".into(), "a long admin password".into()));
    let app = spawn_app_with_auth(auth.clone()).await;
    let token = app
        .login("root@cqs.example.ma", "a long admin password")
        .await;
    let (_, body) = app.gql_as(&token, VIEWER, Value::Null).await;
    assert_eq!(body["data"]["viewer"]["role"], "ADMIN");

    let config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: app.database.url.clone(),
        read_database_url: None,
        demo: false,
        auth,
        http: cqs::config::HttpConfig::default(),
        limits: cqs::config::Limits::default(),
        exposure: cqs::config::SchemaExposure::default(),
        edge: cqs::config::EdgeConfig::default(),
        planner: true,
        subscriptions: cqs::config::SubscriptionLimits::default(),
    };
    App::build(&config).await.expect("a restart");
    let admins = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Admin))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(admins.len(), 1, "no second admin");
}

#[tokio::test]
async fn without_public_read_only_login_is_open_to_anonymous_callers() {
    let mut auth = AuthConfig::random();
    auth.public_read = false;
    let app = spawn_app_with_auth(auth).await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ centers { totalCount } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    let (email, password) = app.user(Role::Viewer, Links::default()).await;
    let token = app.login(&email, &password).await;
    let (status, body) = app
        .gql_as(&token, "{ centers { totalCount } }", Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"]["centers"]["totalCount"], 0);
}

#[tokio::test]
async fn the_viewer_is_null_for_anonymous_callers() {
    let app = spawn_app().await;
    let data = app.gql_ok(VIEWER, Value::Null).await;
    assert_eq!(data["viewer"], Value::Null);
}
