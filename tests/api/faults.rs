//! Failures from outside: the database cut off under load and back, a write cut in the middle of
//! its transaction, and a stop signal while a request is in flight.
//!
//! The database is cut by a TCP relay (tests/api/proxy.rs), which needs a database reached over
//! the network: on SQLite (a file opened in-process) the cut tests return at once, saying so;
//! they run on PostgreSQL (`TEST_DATABASE_URL`). The stop-signal test runs on both.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use cqs::config::Config;
use cqs::domain::role::Role;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::helpers::{Links, TestApp, TestDatabase, spawn_app_on_url_with, wait_for_readiness};
use crate::proxy::{Relay, host_and_port};

/// A short wait for a pooled connection, far below the 10 s request timeout: a request that
/// hangs on the cut database would end `TIMEOUT`, one refused by the pool ends
/// `SERVICE_UNAVAILABLE`.
fn short_acquire(config: &mut Config) {
    config.limits.acquire_timeout = Duration::from_millis(800);
}

/// The application on a fresh PostgreSQL database reached through a relay; `None` on SQLite.
async fn spawn_behind_relay() -> Option<(TestApp, Relay)> {
    let database = TestDatabase::create().await;
    if !database.is_postgres() {
        eprintln!("SQLite is opened in-process: there is no network to cut; run on PostgreSQL");
        return None;
    }
    let relay = Relay::start(&host_and_port(&database.url)).await;
    let url = relay.url_for(&database.url);
    let app = spawn_app_on_url_with(database, &url, short_acquire).await;
    Some((app, relay))
}

/// Polls until `done` holds, failing after 30 s.
async fn eventually(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Serves `{ centers … }` answers from `workers` loops until `stop`; returns every answer's code
/// (`None` for data).
fn load(
    app: &TestApp,
    workers: usize,
    stop: &Arc<AtomicBool>,
    served: &Arc<AtomicUsize>,
    unavailable: &Arc<AtomicUsize>,
) -> tokio::task::JoinSet<Vec<(StatusCode, Value)>> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (client, url) = (app.client.clone(), app.url("/graphql"));
        let (stop, served, unavailable) = (stop.clone(), served.clone(), unavailable.clone());
        tasks.spawn(async move {
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let response = client
                    .post(&url)
                    .header("accept", "application/json")
                    .json(
                        &json!({ "query": "{ centers(first: 20) { totalCount nodes { name } } }" }),
                    )
                    .send()
                    .await
                    .expect("the server answers even without its database");
                let status = response.status();
                let body: Value = response.json().await.expect("a JSON body");
                if body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE" {
                    unavailable.fetch_add(1, Ordering::Relaxed);
                } else {
                    served.fetch_add(1, Ordering::Relaxed);
                }
                answers.push((status, body));
            }
            answers
        });
    }
    tasks
}

#[tokio::test]
async fn a_database_cut_mid_load_is_service_unavailable_and_the_process_recovers_by_itself() {
    let Some((app, mut relay)) = spawn_behind_relay().await else {
        return;
    };
    wait_for_readiness(&app, StatusCode::OK).await;
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let unavailable = Arc::new(AtomicUsize::new(0));
    let mut tasks = load(&app, 6, &stop, &served, &unavailable);
    eventually("requests are served before the cut", || {
        served.load(Ordering::Relaxed) >= 12
    })
    .await;

    relay.cut().await;
    eventually("requests are refused during the cut", || {
        unavailable.load(Ordering::Relaxed) >= 12
    })
    .await;
    wait_for_readiness(&app, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK, "alive");

    relay.restore().await;
    let before = served.load(Ordering::Relaxed);
    eventually("requests are served again after the cut", || {
        served.load(Ordering::Relaxed) >= before + 12
    })
    .await;
    stop.store(true, Ordering::Relaxed);
    let mut answers = Vec::new();
    while let Some(done) = tasks.join_next().await {
        answers.extend(done.expect("a load task"));
    }
    wait_for_readiness(&app, StatusCode::OK).await;

    for (status, body) in &answers {
        let text = body.to_string();
        match &body["errors"][0]["extensions"]["code"] {
            Value::Null => {
                assert_eq!(*status, StatusCode::OK, "{body}");
                assert_eq!(body["data"]["centers"]["totalCount"], 0, "{body}");
            }
            code => {
                assert_eq!(code, "SERVICE_UNAVAILABLE", "the only failure: {body}");
                assert!(
                    *status == StatusCode::OK || *status == StatusCode::SERVICE_UNAVAILABLE,
                    "{status}: {body}"
                );
                assert!(
                    body["errors"][0]["extensions"]["requestId"].is_string(),
                    "{body}"
                );
                for leak in [
                    "sqlx",
                    "Connection refused",
                    "os error",
                    "PoolTimedOut",
                    "Error {",
                ] {
                    assert!(!text.contains(leak), "{leak} leaked: {text}");
                }
            }
        }
    }
}

const CREATE_CENTER: &str = "mutation C($input: CreateCenterInput!) {
  createCenter(input: $input) { center { id slug } userErrors { code } }
}";

async fn count(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

#[tokio::test]
async fn a_write_cut_mid_transaction_leaves_all_of_its_rows_or_none_and_replays_once() {
    let Some((app, mut relay)) = spawn_behind_relay().await else {
        return;
    };
    let admin = app.token_for(Role::Admin, Links::default()).await;
    let next = Arc::new(AtomicUsize::new(0));
    let created = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let (client, url, admin) = (app.client.clone(), app.url("/graphql"), admin.clone());
        let (next, created, stop) = (next.clone(), created.clone(), stop.clone());
        tasks.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let input = json!({ "name": format!("Centre {n}"), "slug": format!("cut-{n}"),
                                    "city": "Mohammédia", "idempotencyKey": format!("cut-key-{n}") });
                let body: Value = client
                    .post(&url)
                    .bearer_auth(&admin)
                    .json(&json!({ "query": CREATE_CENTER, "variables": { "input": input } }))
                    .send()
                    .await
                    .expect("an answer")
                    .json()
                    .await
                    .expect("a JSON body");
                if body["data"]["createCenter"]["center"]["id"].is_string() {
                    created.fetch_add(1, Ordering::Relaxed);
                } else {
                    let code = &body["errors"][0]["extensions"]["code"];
                    assert_eq!(code, "SERVICE_UNAVAILABLE", "the only failure: {body}");
                }
            }
        });
    }
    eventually("some creates commit before the cut", || {
        created.load(Ordering::Relaxed) >= 6
    })
    .await;
    relay.cut().await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);
    while let Some(done) = tasks.join_next().await {
        done.expect("a write task");
    }
    relay.restore().await;
    wait_for_readiness(&app, StatusCode::OK).await;

    let attempted = next.load(Ordering::Relaxed);
    let centers = count(&app, "SELECT COUNT(*) FROM centers WHERE slug LIKE 'cut-%'").await;
    assert!(centers >= 6, "{centers} centers");
    assert!(
        (centers as usize) < attempted,
        "some creates were cut: {centers} of {attempted}"
    );
    let audited = count(
        &app,
        "SELECT COUNT(*) FROM centers c WHERE c.slug LIKE 'cut-%' AND EXISTS \
         (SELECT 1 FROM audit_events a WHERE a.action = 'create_center' AND a.entity_id = c.id)",
    )
    .await;
    let keyed = count(
        &app,
        "SELECT COUNT(*) FROM centers c WHERE c.slug LIKE 'cut-%' AND EXISTS \
         (SELECT 1 FROM idempotency_keys k WHERE k.entity_id = c.id AND k.key LIKE 'cut-key-%')",
    )
    .await;
    let audits = count(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'create_center'",
    )
    .await;
    let keys = count(
        &app,
        "SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'cut-key-%'",
    )
    .await;
    assert_eq!(
        (audited, keyed, audits, keys),
        (centers, centers, centers, centers),
        "every center has its audit row and its key, and no audit row or key is left alone"
    );

    for n in 0..attempted {
        let input = json!({ "name": format!("Centre {n}"), "slug": format!("cut-{n}"),
                            "city": "Mohammédia", "idempotencyKey": format!("cut-key-{n}") });
        let stored = count(
            &app,
            &format!(
                "SELECT COALESCE(MAX(entity_id), 0) FROM idempotency_keys WHERE key = 'cut-key-{n}'"
            ),
        )
        .await;
        let (_, body) = app
            .gql_as(&admin, CREATE_CENTER, json!({ "input": input }))
            .await;
        let center = &body["data"]["createCenter"]["center"];
        assert_eq!(center["slug"], format!("cut-{n}"), "{body}");
        if stored != 0 {
            let id = cqs::graphql::id::encode(cqs::graphql::id::NodeType::Center, stored);
            assert_eq!(
                center["id"],
                id.as_str(),
                "a committed create replays its result"
            );
        }
    }
    let centers = count(&app, "SELECT COUNT(*) FROM centers WHERE slug LIKE 'cut-%'").await;
    assert_eq!(
        centers as usize, attempted,
        "each key made exactly one center"
    );
}

/// One HTTP/1.1 response with a `content-length`, read off a kept-alive connection.
fn read_response(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("a response head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("a content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("the body");
    head + &String::from_utf8_lossy(&body)
}

/// The `cqs` binary serving `database_url` on a free port, and the address it serves on.
pub(crate) fn start_server(database_url: &str) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cqs"))
        .arg("serve")
        .env("CQS_DATABASE_URL", database_url)
        .env("CQS_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cqs binary runs");
    let mut lines = BufReader::new(child.stderr.take().expect("a stderr")).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("the server logs its address")
            .expect("a log line");
        if let Some(at) = line.find("127.0.0.1:")
            && line.contains("serving")
        {
            let digits: String = line[at + 10..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            break format!("127.0.0.1:{digits}").parse().expect("an address");
        }
    };
    // Keep draining the log so that the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, address)
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_refuses_new_ones_and_exits_zero() {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let (mut child, address) = start_server(&url);
        let body = json!({ "query": "{ centers { totalCount } }" }).to_string();
        let request = |connection: &str| {
            format!(
                "POST /graphql HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\n\
                 accept: application/json\r\ncontent-length: {}\r\nconnection: {connection}\r\n\r\n",
                body.len()
            )
        };
        let mut in_flight = TcpStream::connect(address).expect("the server listens");
        // A first exchange on the connection shows that the server has taken it up.
        write!(in_flight, "{}{body}", request("keep-alive")).unwrap();
        let first = read_response(&mut in_flight);
        assert!(first.starts_with("HTTP/1.1 200"), "{first}");
        // The second request has begun: the server is reading its body when the signal comes.
        let (head, tail) = body.as_bytes().split_at(body.len() / 2);
        write!(in_flight, "{}", request("close")).unwrap();
        in_flight.write_all(head).unwrap();
        in_flight.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));

        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(address).is_ok() {
            assert!(
                Instant::now() < deadline,
                "new connections are still accepted"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(
            child.try_wait().expect("a status").is_none(),
            "the server waits for the request in flight"
        );

        in_flight.write_all(tail).unwrap();
        let mut answer = String::new();
        in_flight.read_to_string(&mut answer).expect("the answer");
        let status = child.wait().expect("the server exits");
        (answer, status)
    })
    .await
    .unwrap();
    let (answer, status) = outcome;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains(r#"{"data":{"centers":{"totalCount":0}}}"#),
        "{answer}"
    );
    assert!(status.success(), "exits 0 after draining: {status}");
}
