//! Rate limits per caller, and the client address they key on behind proxies.

use cqs::config::{EdgeConfig, RateLimit};
use cqs::domain::role::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, spawn_app_with_edge, unlimited_edge};

/// One operation a second after a burst of two: a client sending as fast as it can is refused
/// within a few requests, and a refused one may pass again a second later.
const TINY: Option<RateLimit> = Some(RateLimit {
    per_second: 1,
    burst: 2,
});

/// Sends `{ __typename }` until refused (at most 50 times); the refused answer.
async fn until_refused(
    app: &TestApp,
    forwarded_for: impl Fn(usize) -> String,
) -> reqwest::Response {
    for n in 0..50 {
        let response = send(app, Some(&forwarded_for(n)), None).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            return response;
        }
        assert_eq!(response.status(), StatusCode::OK);
    }
    panic!("50 requests at once were all served under a limit of 1/s, burst 2");
}

async fn send(
    app: &TestApp,
    forwarded_for: Option<&str>,
    token: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/json")
        .json(&json!({ "query": "{ __typename }" }));
    if let Some(forwarded_for) = forwarded_for {
        request = request.header("x-forwarded-for", forwarded_for);
    }
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

async fn retry_after(refused: reqwest::Response) -> u64 {
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("x-request-id"));
    let seconds: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=2).contains(&seconds), "{seconds}");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    assert!(body.get("data").is_none());
    seconds
}

#[tokio::test]
async fn a_caller_over_its_limit_is_told_when_to_come_back_and_others_are_served() {
    let app = spawn_app_with_edge(EdgeConfig {
        anonymous_rate: TINY,
        authenticated_rate: TINY,
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap(), "::1/128".parse().unwrap()],
        ..unlimited_edge()
    })
    .await;
    let token = app.token_for(Role::Viewer, Links::default()).await;

    let refused = until_refused(&app, |_| "203.0.113.1".to_owned()).await;
    let seconds = retry_after(refused).await;
    assert_eq!(
        send(&app, Some("203.0.113.2"), None).await.status(),
        StatusCode::OK,
        "another address has its own bucket"
    );
    let as_user = send(&app, Some("203.0.113.1"), Some(&token)).await;
    assert_eq!(
        as_user.status(),
        StatusCode::OK,
        "a user is counted as itself, not as its address"
    );
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::OK,
        "health is exempt"
    );

    tokio::time::sleep(std::time::Duration::from_secs(seconds)).await;
    assert_eq!(
        send(&app, Some("203.0.113.1"), None).await.status(),
        StatusCode::OK,
        "after Retry-After the caller is served again"
    );
}

#[tokio::test]
async fn a_user_is_limited_across_addresses() {
    let app = spawn_app_with_edge(EdgeConfig {
        authenticated_rate: TINY,
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap(), "::1/128".parse().unwrap()],
        ..unlimited_edge()
    })
    .await;
    let token = app.token_for(Role::Viewer, Links::default()).await;
    let mut refused = None;
    for n in 0..50 {
        let response = send(&app, Some(&format!("198.51.100.{n}")), Some(&token)).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
    }
    retry_after(refused.expect("the user is refused")).await;
    assert_eq!(
        send(&app, None, None).await.status(),
        StatusCode::OK,
        "anonymous callers have no limit here"
    );
}

#[tokio::test]
async fn a_forged_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit() {
    let app = spawn_app_with_edge(EdgeConfig {
        anonymous_rate: TINY,
        ..unlimited_edge()
    })
    .await;
    let refused = until_refused(&app, |n| format!("192.0.2.{n}")).await;
    retry_after(refused).await;
}

#[tokio::test]
async fn refused_credentials_are_charged_to_the_address() {
    let app = spawn_app_with_edge(EdgeConfig {
        anonymous_rate: TINY,
        ..unlimited_edge()
    })
    .await;
    for _ in 0..50 {
        let response = send(&app, None, Some("not-a-token")).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            retry_after(response).await;
            return;
        }
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    panic!("50 guesses at once were all answered under a limit of 1/s, burst 2");
}

/// A failed login for a fresh email, sent with `X-Forwarded-For: forwarded_for`; its
/// `userErrors` code.
async fn failed_login(app: &TestApp, forwarded_for: &str) -> String {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/json")
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({
            "query": "mutation L($input: LoginInput!) { login(input: $input) { token userErrors { code } } }",
            "variables": { "input": {
                "email": format!("nobody-{}@cqs.example.ma", uuid::Uuid::new_v4().simple()),
                "password": "not the password",
            } },
        }))
        .send()
        .await
        .expect("the server answers");
    let body: Value = response.json().await.unwrap();
    body["data"]["login"]["userErrors"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("a refused login: {body}"))
        .to_owned()
}

/// Fails logins from `forwarded_for(n)` until the address is throttled (at most 60 attempts).
async fn until_throttled(app: &TestApp, forwarded_for: impl Fn(usize) -> String) {
    for n in 0..60 {
        match failed_login(app, &forwarded_for(n)).await.as_str() {
            "TOO_MANY_ATTEMPTS" => return,
            code => assert_eq!(code, "INVALID_CREDENTIALS"),
        }
    }
    panic!("60 failed logins from one address were never throttled");
}

#[tokio::test]
async fn the_login_throttle_counts_the_client_behind_a_trusted_proxy() {
    let app = spawn_app_with_edge(EdgeConfig {
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap(), "::1/128".parse().unwrap()],
        ..unlimited_edge()
    })
    .await;
    until_throttled(&app, |_| "203.0.113.50".to_owned()).await;
    assert_eq!(
        failed_login(&app, "203.0.113.51").await,
        "INVALID_CREDENTIALS",
        "another client behind the same proxy is not throttled"
    );
}

#[tokio::test]
async fn a_forged_forwarded_for_does_not_escape_the_login_throttle() {
    let app = spawn_app_with_edge(unlimited_edge()).await;
    until_throttled(&app, |n| format!("192.0.2.{n}")).await;
}

#[tokio::test]
async fn a_role_with_a_limit_of_its_own_is_held_to_it_not_to_the_common_one() {
    let app = spawn_app_with_edge(EdgeConfig {
        authenticated_rate: TINY,
        role_rates: vec![(Role::Admin, None)],
        ..unlimited_edge()
    })
    .await;
    let admin = app.token_for(Role::Admin, Links::default()).await;
    for _ in 0..20 {
        assert_eq!(
            send(&app, None, Some(&admin)).await.status(),
            StatusCode::OK,
            "ADMIN is set to unlimited"
        );
    }
    let viewer = app.token_for(Role::Viewer, Links::default()).await;
    let mut refused = None;
    for _ in 0..50 {
        let response = send(&app, None, Some(&viewer)).await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(response);
            break;
        }
    }
    retry_after(refused.expect("a VIEWER is held to the authenticated limit")).await;
}
