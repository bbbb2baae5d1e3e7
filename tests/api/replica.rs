//! Reads from a streaming replica (`CQS_DATABASE_READ_URL`, issue 13): queries read the replica,
//! mutations and their payloads the primary. Runs against a real replica of the local cluster,
//! made and started by `tests/support/replica.sh` (`.ci/run` does it and passes its URL in
//! `TEST_REPLICA_URL`); on SQLite there is no replica to read.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::json;

use crate::helpers::{TestApp, TestDatabase, replace_database_name, spawn_app_on_url_with};

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
    let database = TestDatabase::create().await;
    let Some(replica) = std::env::var("TEST_REPLICA_URL")
        .ok()
        .filter(|_| database.is_postgres())
    else {
        eprintln!("no replica to read (TEST_REPLICA_URL is set by .ci/run on PostgreSQL)");
        return;
    };
    let primary_url = database.url.clone();
    // The app migrates the primary; the replica follows.
    let (replica_url, replica_db) = replica_of(&replica, &primary_url).await;
    let app = spawn_app_on_url_with(database, &primary_url, |config| {
        config.read_database_url = Some(replica_url.clone());
    })
    .await;
    let (email, password) = app
        .user(cqs::domain::role::Role::Admin, Default::default())
        .await;
    let token = app.login(&email, &password).await;

    // Hold the replica still: what is written now reaches it only when replay resumes.
    run(&replica_db, "SELECT pg_wal_replay_pause()").await;
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
    run(&replica_db, "SELECT pg_wal_replay_resume()").await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while partners_named(&app, "répliquée").await == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica never caught up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
