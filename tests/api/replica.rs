//! Reads from a streaming replica (`CQS_DATABASE_READ_URL`, issue 13): queries read the replica,
//! mutations and their payloads the primary, subscriptions the replica once it has replayed the
//! change they report (the primary when it lags). Runs against a real replica of the local cluster,
//! made and started by `tests/support/replica.sh` (`.ci/run` does it and passes its URL in
//! `TEST_REPLICA_URL`); on SQLite there is no replica to read.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::json;

use crate::edge_metrics::sample;
use crate::helpers::{TestApp, TestDatabase, replace_database_name, spawn_app_on_url_with};
use crate::ws::{Protocol, Socket, wait_for_subscribers};

/// How long the replica may take to catch up before the test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// The replica's copy of the database named in `url`, once replication has brought it there.
async fn replica_of(replica: &str, url: &str) -> (String, DatabaseConnection) {
    let name = url.rsplit('/').next().unwrap().split('?').next().unwrap();
    let replica_url = replace_database_name(replica, name);
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Ok(db) = Database::connect(&replica_url).await {
            return (replica_url, db);
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica never got {name}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn run(db: &DatabaseConnection, sql: &str) {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
}

/// The replica held still: what the primary writes meanwhile reaches it only at
/// [`Paused::resume`]. The replica is one cluster for every test of the run, so a pause is taken
/// under an advisory lock of the primary (released when its connection closes, even when the
/// test fails), one test at a time.
struct Paused {
    replica: DatabaseConnection,
    lock: DatabaseConnection,
}

impl Paused {
    async fn hold(replica: &DatabaseConnection) -> Self {
        let admin = std::env::var("TEST_DATABASE_URL").expect("a primary on PostgreSQL");
        let mut options = sea_orm::ConnectOptions::new(admin);
        options.max_connections(1).min_connections(1);
        let lock = Database::connect(options).await.unwrap();
        run(&lock, "SELECT pg_advisory_lock(130013)").await;
        run(replica, "SELECT pg_wal_replay_pause()").await;
        // A pause is a request: wait until replay has actually stopped.
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let state = replica
                .query_one_raw(Statement::from_string(
                    replica.get_database_backend(),
                    "SELECT pg_get_wal_replay_pause_state() AS state",
                ))
                .await
                .unwrap()
                .and_then(|row| row.try_get::<String>("", "state").ok());
            if state.as_deref() == Some("paused") {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "replay never paused: {state:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Self {
            replica: replica.clone(),
            lock,
        }
    }

    async fn resume(self) {
        run(&self.replica, "SELECT pg_wal_replay_resume()").await;
        self.lock.close().await.unwrap();
    }
}

/// An admin's token and an app whose queries read the replica of its primary, or `None` on SQLite
/// or without a replica to read.
async fn app_reading_a_replica(demo: bool) -> Option<(TestApp, DatabaseConnection, String)> {
    let database = TestDatabase::create().await;
    let Some(replica) = std::env::var("TEST_REPLICA_URL")
        .ok()
        .filter(|_| database.is_postgres())
    else {
        eprintln!("no replica to read (TEST_REPLICA_URL is set by .ci/run on PostgreSQL)");
        return None;
    };
    let primary_url = database.url.clone();
    // The app migrates the primary; the replica follows.
    let (replica_url, replica_db) = replica_of(&replica, &primary_url).await;
    let app = spawn_app_on_url_with(database, &primary_url, |config| {
        config.read_database_url = Some(replica_url.clone());
        config.demo = demo;
    })
    .await;
    let (email, password) = app
        .user(cqs::domain::role::Role::Admin, Default::default())
        .await;
    let token = app.login(&email, &password).await;
    Some((app, replica_db, token))
}

async fn partners_named(app: &TestApp, name: &str) -> i64 {
    let data = app
        .gql_ok(
            "query($name: String!) { partners(filter: { search: $name }) { totalCount } }",
            json!({ "name": name }),
        )
        .await;
    data["partners"]["totalCount"].as_i64().unwrap()
}

#[tokio::test]
async fn queries_read_the_replica_and_mutations_their_own_writes_on_the_primary() {
    let Some((app, replica_db, token)) = app_reading_a_replica(false).await else {
        return;
    };

    let paused = Paused::hold(&replica_db).await;
    let (_, created) = app
        .gql_as(
            &token,
            "mutation { createPartner(input: { name: \"Fondation répliquée\", kind: FOUNDATION }) { partner { name } userErrors { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        created["data"]["createPartner"]["partner"]["name"], "Fondation répliquée",
        "the mutation's payload reads its own write on the primary: {created}"
    );
    assert_eq!(
        partners_named(&app, "répliquée").await,
        0,
        "a query reads the paused replica, which has not seen the write"
    );
    paused.resume().await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while partners_named(&app, "répliquée").await == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica never caught up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many batches of changes this process has read back from the replica. Only apps with a
/// replica count here, and this file's other test subscribes to nothing.
async fn read_back_from_replica(app: &TestApp) -> f64 {
    let metrics = app.get("/metrics").await.text().await.unwrap();
    sample(
        &metrics,
        "cqs_subscription_reads_total",
        &["source=\"replica\""],
    )
}

/// Retitles `project` through the primary.
async fn retitle(app: &TestApp, token: &str, project: &str, title: &str) {
    let (_, retitled) = app
        .gql_as(
            token,
            "mutation($id: ID!, $title: String!) { updateProject(input: { id: $id, title: $title }) { project { title } userErrors { code } } }",
            json!({ "id": project, "title": title }),
        )
        .await;
    assert_eq!(
        retitled["data"]["updateProject"]["project"]["title"], title,
        "{retitled}"
    );
}

#[tokio::test]
async fn a_subscriber_hears_the_change_itself_whether_the_replica_keeps_up_or_lags() {
    let Some((app, replica_db, token)) = app_reading_a_replica(true).await else {
        return;
    };
    // Queries read the replica: wait for it to have the demo.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let project = loop {
        let data = app
            .gql_ok("{ projects(first: 1) { nodes { id } } }", json!({}))
            .await;
        if let Some(id) = data["projects"]["nodes"][0]["id"].as_str() {
            break id.to_owned();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica never got the demo"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut socket = Socket::connected(&app, Protocol::TransportWs, Some(&token)).await;
    socket
        .subscribe(
            "p",
            "subscription($id: ID!) { projectChanged(projectId: $id) { kind project { title } } }",
            json!({ "id": project }),
        )
        .await;
    wait_for_subscribers(&app, 1).await;

    // The replica stands still: the change is read back from the primary, never missed or stale.
    let paused = Paused::hold(&replica_db).await;
    let from_replica = read_back_from_replica(&app).await;
    retitle(&app, &token, &project, "Retitré pendant la pause").await;
    let heard = socket.payload("p").await;
    assert_eq!(
        heard["data"]["projectChanged"]["project"]["title"], "Retitré pendant la pause",
        "{heard}"
    );
    assert_eq!(
        read_back_from_replica(&app).await,
        from_replica,
        "nothing was read from the paused replica"
    );

    // Replaying again, the replica serves the changes it has replayed.
    paused.resume().await;
    let mut served_by_replica = false;
    for round in 0..50 {
        let title = format!("Retitré, tour {round}");
        retitle(&app, &token, &project, &title).await;
        let heard = socket.payload("p").await;
        assert_eq!(
            heard["data"]["projectChanged"]["project"]["title"], title,
            "{heard}"
        );
        if read_back_from_replica(&app).await > from_replica {
            served_by_replica = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        served_by_replica,
        "once replaying, the replica reads the changes back"
    );
}
