//! The `cqs` binary's commands that an operator runs by hand: `user create`, `token create`.

use std::io::Write;
use std::process::{Command, Stdio};

use cqs::domain::role::Role;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::helpers::{Links, TestDatabase, spawn_app, spawn_app_on};

fn cqs(database_url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cqs"))
        .args(args)
        .env("CQS_DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cqs binary runs");
    child
        .stdin
        .take()
        .expect("a stdin")
        .write_all(stdin.as_bytes())
        .expect("the password is written");
    let output = child.wait_with_output().expect("cqs finishes");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn cqs_user_create_takes_a_piped_password_or_prints_a_generated_one() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let piped = [
        "user",
        "create",
        "--email",
        "Fatima@cqs.example.ma",
        "--display-name",
        "Fatima",
        "--role",
        "admin",
    ];
    let (ok, stdout, stderr) = cqs(&url, &piped, "a piped password of length\n");
    assert!(ok, "{stdout}{stderr}");
    assert!(
        !stdout.contains("a piped password"),
        "a piped password is never echoed"
    );

    let generated = [
        "user",
        "create",
        "--email",
        "omar@cqs.example.ma",
        "--display-name",
        "Omar",
        "--role",
        "VIEWER",
    ];
    let (ok, stdout, stderr) = cqs(&url, &generated, "");
    assert!(ok, "{stdout}{stderr}");
    let password = stdout
        .lines()
        .find_map(|line| line.strip_prefix("password (shown once): "))
        .expect("the generated password is printed once")
        .to_owned();

    let (ok, _, stderr) = cqs(&url, &piped, "another password here\n");
    assert!(!ok, "a second account with the same email is refused");
    assert!(stderr.contains("Duplicate"), "{stderr}");
    let (ok, _, stderr) = cqs(
        &url,
        &[
            "user",
            "create",
            "--email",
            "p@cqs.example.ma",
            "--display-name",
            "P",
            "--role",
            "PARTNER",
        ],
        "long enough password\n",
    );
    assert!(
        !ok && stderr.contains("partnerId"),
        "a PARTNER needs its partner: {stderr}"
    );

    let app = spawn_app_on(database).await;
    app.login("fatima@cqs.example.ma", "a piped password of length")
        .await;
    app.login("omar@cqs.example.ma", &password).await;
}

#[tokio::test]
async fn cqs_token_create_prints_a_token_that_acts_for_an_active_user_only() {
    let app = spawn_app().await;
    let url = app.database.url.clone();
    let ads = crate::fixtures::partner(&app.db, "ADS").await.unwrap();
    let links = Links {
        partner: Some(ads.id),
        ..Links::default()
    };
    let (email, _) = app.user(Role::Partner, links).await;
    let create = |email: &str, days: &str| {
        let name = "ADS accounting";
        let args = [
            "token",
            "create",
            "--email",
            email,
            "--name",
            name,
            "--expires-in-days",
            days,
        ];
        cqs(&url, &args, "")
    };
    let (ok, stdout, stderr) = create(&email.to_uppercase(), "30");
    assert!(ok, "{stdout}{stderr}");
    let secret = stdout.trim();
    assert!(
        secret.starts_with("cqs_") && !secret.contains('\n'),
        "the secret alone on standard output: {stdout:?}"
    );
    let query = "{ viewer { email role apiTokens { name expiresAt } } }";
    let (status, body) = app.gql_as(secret, query, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let viewer = &body["data"]["viewer"];
    assert_eq!(
        (&viewer["email"], &viewer["role"]),
        (&json!(email), &json!("PARTNER"))
    );
    assert_eq!(viewer["apiTokens"][0]["name"], "ADS accounting");
    let expires = viewer["apiTokens"][0]["expiresAt"].as_str().unwrap();
    let expires = chrono::DateTime::parse_from_rfc3339(expires).unwrap();
    let days = (expires.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "30 days: {days}");

    let (ok, _, stderr) = create("nobody@cqs.example.ma", "30");
    assert!(!ok && stderr.contains("no user has this email"), "{stderr}");
    let (ok, _, stderr) = create(&email, "400");
    assert!(!ok && stderr.contains("expiresInDays"), "{stderr}");
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET disabled_at = updated_at WHERE email = '{email}'"
        ))
        .await
        .unwrap();
    let (ok, stdout, stderr) = create(&email, "30");
    assert!(
        !ok && stdout.is_empty(),
        "a disabled account gets no token: {stdout}"
    );
    assert!(stderr.contains("disabled"), "{stderr}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM api_tokens").await,
        1,
        "only the first command made a token"
    );
}
