//! Who may hold a `/graphql/ws` socket, and for how long: credentials in `connection_init` or
//! the upgrade header, the close codes of refusals (4401 credentials, 4403 the credential's
//! sockets all taken, 4408 no `connection_init`, 1013 the instance full or the caller over its
//! rate limit), the end of a subscription whose login token expires or whose API token is
//! revoked, the rate limit on subscribing, and keep-alives.

use std::time::Duration;

use cqs::domain::role::Role;
use serde_json::json;

use crate::helpers::{Links, TestApp, spawn_app, spawn_app_with_config};
use crate::ws::{BOTH, Frame, Protocol, Socket, wait_for_subscribers};

const PROJECTS: &str = "subscription { projectChanged { kind project { id } } }";

async fn viewer_token(app: &TestApp) -> String {
    app.token_for(Role::Viewer, Links::default()).await
}

fn assert_acknowledged(frame: Frame, case: &str) {
    assert!(
        matches!(&frame, Frame::Json(message) if message["type"] == "connection_ack"),
        "{case}: acknowledged, got {frame:?}"
    );
}

#[tokio::test]
async fn bad_credentials_close_the_socket_with_4401_in_both_protocols() {
    let app = spawn_app().await;
    let expired_or_forged = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    for protocol in BOTH {
        let cases = [
            (
                "a forged token in connection_init",
                json!({ "Authorization": expired_or_forged }),
                None,
            ),
            (
                "an unknown API token",
                json!({ "Authorization": "Bearer cqs_0123456789abcdef0123456789abcdef" }),
                None,
            ),
            (
                "not a bearer credential",
                json!({ "Authorization": "Basic dXNlcjpwYXNz" }),
                None,
            ),
            (
                "a credential that is not a string",
                json!({ "Authorization": 12 }),
                None,
            ),
            (
                "a forged token in the upgrade header",
                json!({}),
                Some(expired_or_forged),
            ),
        ];
        for (case, payload, header) in cases {
            let mut socket = Socket::open(&app, protocol, header).await;
            socket
                .send(json!({ "type": "connection_init", "payload": payload }))
                .await;
            let (code, reason, before) = socket.close_code().await;
            assert_eq!(code, 4401, "{protocol:?}, {case}: {reason}");
            if protocol == Protocol::Legacy {
                assert_eq!(
                    before.first().map(|message| message["type"].clone()),
                    Some(json!("connection_error")),
                    "{case}: the legacy protocol says why first"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_credential_is_taken_from_the_upgrade_header_or_connection_init() {
    let app = spawn_app_with_config(|config| config.auth.public_read = false).await;
    let token = viewer_token(&app).await;
    for protocol in BOTH {
        let mut anonymous = Socket::init(&app, protocol, json!({})).await;
        let (code, _, _) = anonymous.close_code().await;
        assert_eq!(
            code, 4401,
            "{protocol:?}: anonymous sockets need credentials here"
        );

        let bearer = format!("Bearer {token}");
        let mut by_header = Socket::open(&app, protocol, Some(&bearer)).await;
        by_header.send(json!({ "type": "connection_init" })).await;
        assert_acknowledged(by_header.next().await, "the upgrade header");

        let mut by_init = Socket::init(&app, protocol, json!({ "Authorization": bearer })).await;
        assert_acknowledged(by_init.next().await, "connection_init");
        by_init.subscribe("p", PROJECTS, json!({})).await;
    }
}

#[tokio::test]
async fn a_credential_holds_at_most_its_share_of_sockets() {
    let app =
        spawn_app_with_config(|config| config.subscriptions.max_connections_per_token = 1).await;
    let (token, other) = (viewer_token(&app).await, viewer_token(&app).await);
    let first = Socket::connected(&app, Protocol::TransportWs, Some(&token)).await;
    let mut second = Socket::init(
        &app,
        Protocol::TransportWs,
        json!({ "Authorization": format!("Bearer {token}") }),
    )
    .await;
    let (code, reason, _) = second.close_code().await;
    assert_eq!(code, 4403, "{reason}");
    let _other = Socket::connected(&app, Protocol::Legacy, Some(&other)).await;
    let _anonymous = Socket::connected(&app, Protocol::TransportWs, None).await;
    let mut second_anonymous = Socket::init(&app, Protocol::Legacy, json!({})).await;
    let (code, reason, _) = second_anonymous.close_code().await;
    assert_eq!(
        code, 4403,
        "anonymous sockets count per client address: {reason}"
    );
    drop(first);
    // The server notices the closed socket soon after; bounded retries, no timing assertion.
    for attempt in 0.. {
        let mut again = Socket::init(
            &app,
            Protocol::TransportWs,
            json!({ "Authorization": format!("Bearer {token}") }),
        )
        .await;
        match again.next().await {
            Frame::Json(message) if message["type"] == "connection_ack" => break,
            Frame::Closed(4403, _) if attempt < 200 => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => panic!("the share is given back when a socket closes: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_socket_runs_at_most_its_share_of_subscriptions() {
    let app = spawn_app_with_config(|config| config.subscriptions.max_subscriptions = 2).await;
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, None).await;
        socket.subscribe("1", PROJECTS, json!({})).await;
        socket.subscribe("2", PROJECTS, json!({})).await;
        socket.subscribe("3", PROJECTS, json!({})).await;
        let refused = socket.payload("3").await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS",
            "{protocol:?}: {refused}"
        );
        socket.completed("3").await;
        wait_for_subscribers(&app, 2).await;
        let stop = match protocol {
            Protocol::TransportWs => "complete",
            Protocol::Legacy => "stop",
        };
        socket.send(json!({ "type": stop, "id": "1" })).await;
        socket.completed("1").await;
        socket.subscribe("4", PROJECTS, json!({})).await;
        socket.subscribe("5", PROJECTS, json!({})).await;
        let refused = socket.payload("5").await;
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS",
            "{protocol:?}: the place of 1 went to 4: {refused}"
        );
        drop(socket);
        tokio::time::timeout(Duration::from_secs(20), async {
            while app.changes.subscribers() > 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("a closed socket's subscriptions end");
    }
}

#[tokio::test]
async fn a_full_instance_closes_new_sockets_with_try_again_later() {
    let app = spawn_app_with_config(|config| config.subscriptions.max_connections = 1).await;
    let _held = Socket::connected(&app, Protocol::TransportWs, None).await;
    for protocol in BOTH {
        let mut refused = Socket::open(&app, protocol, None).await;
        let (code, _, _) = refused.close_code().await;
        assert_eq!(code, 1013, "{protocol:?}");
    }
}

#[tokio::test]
async fn a_socket_without_connection_init_is_closed_with_4408() {
    let app =
        spawn_app_with_config(|config| config.subscriptions.init_timeout = Duration::from_secs(1))
            .await;
    let mut silent = Socket::open(&app, Protocol::TransportWs, None).await;
    let (code, _, _) = silent.close_code().await;
    assert_eq!(code, 4408);
}

#[tokio::test]
async fn an_expiring_login_token_ends_its_subscriptions() {
    let app = spawn_app_with_config(|config| config.auth.token_ttl = Duration::from_secs(2)).await;
    let token = viewer_token(&app).await;
    for protocol in BOTH {
        let mut socket = Socket::connected(&app, protocol, Some(&token)).await;
        socket.subscribe("p", PROJECTS, json!({})).await;
        let (code, reason, _) = socket.close_code().await;
        assert_eq!(code, 4401, "{protocol:?}: {reason}");
        assert!(reason.contains("expired"), "{reason}");
    }
}

#[tokio::test]
async fn a_revoked_api_token_ends_its_subscriptions() {
    let app = spawn_app_with_config(|config| {
        config.subscriptions.auth_recheck = Duration::from_millis(200);
    })
    .await;
    let login = viewer_token(&app).await;
    let (_, created) = app
        .gql_as(
            &login,
            "mutation { createApiToken(input: { name: \"dashboard\" }) { token apiToken { id } } }",
            json!({}),
        )
        .await;
    let secret = created["data"]["createApiToken"]["token"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let mut socket = Socket::connected(&app, Protocol::TransportWs, Some(&secret)).await;
    socket.subscribe("p", PROJECTS, json!({})).await;
    let (_, revoked) = app
        .gql_as(
            &login,
            "mutation R($id: ID!) { revokeApiToken(input: { id: $id }) { userErrors { code } } }",
            json!({ "id": created["data"]["createApiToken"]["apiToken"]["id"] }),
        )
        .await;
    assert_eq!(
        revoked["data"]["revokeApiToken"]["userErrors"],
        json!([]),
        "{revoked}"
    );
    let (code, reason, _) = socket.close_code().await;
    assert_eq!(code, 4401, "{reason}");
    assert!(reason.contains("revoked"), "{reason}");
}

#[tokio::test]
async fn an_idle_socket_gets_the_protocols_keepalive() {
    let app =
        spawn_app_with_config(|config| config.subscriptions.keepalive = Duration::from_secs(1))
            .await;
    for (protocol, expected) in [(Protocol::TransportWs, "ping"), (Protocol::Legacy, "ka")] {
        let mut socket = Socket::connected(&app, protocol, None).await;
        assert_eq!(socket.keepalive().await, expected, "{protocol:?}");
    }
}

#[tokio::test]
async fn sockets_and_their_close_codes_are_counted_in_the_metrics() {
    let app = spawn_app().await;
    let _open = Socket::connected(&app, Protocol::TransportWs, None).await;
    let mut refused = Socket::init(
        &app,
        Protocol::TransportWs,
        json!({ "Authorization": "Bearer nonsense" }),
    )
    .await;
    assert_eq!(refused.close_code().await.0, 4401);
    let metrics = app.get("/metrics").await.text().await.unwrap();
    let line = |prefix: &str| {
        metrics
            .lines()
            .find(|line| line.starts_with(prefix))
            .map(str::to_owned)
    };
    let closed = line("cqs_ws_closes_total{code=\"4401\"}").unwrap_or_else(|| panic!("{metrics}"));
    assert!(
        closed.rsplit(' ').next().unwrap().parse::<f64>().unwrap() >= 1.0,
        "{closed}"
    );
    let open = line("cqs_ws_connections ").unwrap_or_else(|| panic!("{metrics}"));
    assert!(
        open.rsplit(' ').next().unwrap().parse::<f64>().unwrap() >= 1.0,
        "{open}"
    );
    assert!(line("cqs_ws_messages_sent_total ").is_some(), "{metrics}");
}

#[tokio::test]
async fn an_upgrade_must_offer_a_graphql_subprotocol_and_gets_the_first_one_offered() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::{Error, http::HeaderValue};

    let app = spawn_app().await;
    let url = format!("ws://{}/graphql/ws", app.address);
    let refused = tokio_tungstenite::connect_async(url.as_str()).await;
    assert!(
        matches!(&refused, Err(Error::Http(response)) if response.status() == 400),
        "no subprotocol: {refused:?}"
    );
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("graphql-ws, graphql-transport-ws"),
    );
    let (_, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-ws");
}

/// One operation a second after a burst of three, for anonymous callers only.
fn tiny_anonymous_rate(config: &mut cqs::config::Config) {
    config.edge.anonymous_rate = Some(cqs::config::RateLimit {
        per_second: 1,
        burst: 3,
    });
    config.edge.authenticated_rate = None;
}

#[tokio::test]
async fn subscribing_in_a_loop_is_held_to_the_callers_rate_limit() {
    let app = spawn_app_with_config(tiny_anonymous_rate).await;
    for protocol in BOTH {
        // The limit is per client address and refills by one a second: each protocol starts
        // from a full bucket.
        tokio::time::sleep(Duration::from_secs(3)).await;
        let mut socket = Socket::connected(&app, protocol, None).await;
        let stop = match protocol {
            Protocol::TransportWs => "complete",
            Protocol::Legacy => "stop",
        };
        let mut refused = None;
        for n in 0..50 {
            let id = n.to_string();
            socket.subscribe(&id, PROJECTS, json!({})).await;
            socket.send(json!({ "type": stop, "id": id })).await;
            match socket.next().await {
                Frame::Json(message) if message["type"] == "complete" => {}
                Frame::Json(message) if message["id"] == id.as_str() => {
                    refused = Some(message["payload"].clone());
                    break;
                }
                other => panic!("{protocol:?}: a completion or a refusal, got {other:?}"),
            }
        }
        let refused = refused.expect("50 subscriptions at once pass a limit of 1/s, burst 3");
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "RATE_LIMITED",
            "{protocol:?}: {refused}"
        );
        let retry_after = refused["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .expect("retryAfter in seconds");
        assert!((1..=2).contains(&retry_after), "{retry_after}");
        // The socket itself stays open: a subscription later is served again.
        tokio::time::sleep(Duration::from_secs(retry_after)).await;
        socket.subscribe("later", PROJECTS, json!({})).await;
        wait_for_subscribers(&app, 1).await;
    }
}

#[tokio::test]
async fn guessing_credentials_over_sockets_is_held_to_the_addresss_rate_limit() {
    let app = spawn_app_with_config(tiny_anonymous_rate).await;
    let forged = json!({ "Authorization": "Bearer not-a-token" });
    let mut codes = Vec::new();
    for _ in 0..50 {
        let mut socket = Socket::init(&app, Protocol::TransportWs, forged.clone()).await;
        let (code, reason, _) = socket.close_code().await;
        codes.push(code);
        if code == 1013 {
            assert!(reason.contains("try again"), "{reason}");
            break;
        }
        assert_eq!(code, 4401, "{reason}");
    }
    assert_eq!(
        codes.last(),
        Some(&1013),
        "refused credentials are charged to the address: {codes:?}"
    );
}
