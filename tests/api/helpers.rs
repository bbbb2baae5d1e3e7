//! `spawn_app` and `TestApp`: the real application on a throw-away database.

use std::net::SocketAddr;

use cqs::app::App;
use cqs::config::{AuthConfig, Config, EdgeConfig, HttpConfig, Limits};
use cqs::db::StatementCounter;
use cqs::domain::role::Role;
use cqs::seed::demo::{SeedOutcome, seed_demo};
use cqs::service::user::{NewUser, create_user_from_cli};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// A running application and the database it owns for the length of one test.
pub struct TestApp {
    pub address: SocketAddr,
    /// Where `/metrics` is served when `CQS_METRICS_BIND` gives it a listener of its own.
    pub metrics_address: Option<SocketAddr>,
    pub client: reqwest::Client,
    /// A connection of the test's own to the same database, to arrange and inspect rows.
    pub db: DatabaseConnection,
    /// The application's own pool (shared with the running server).
    pub app_db: DatabaseConnection,
    /// Counts the statements the application's pool runs.
    pub statements: StatementCounter,
    /// The authentication settings the application runs with (to forge tokens in tests).
    pub auth: AuthConfig,
    /// The bus the application publishes committed changes on.
    pub events: cqs::service::events::EventBus,
    /// The changes, with their rows, the application's subscribers follow.
    pub changes: cqs::service::changes::Changes,
    pub database: TestDatabase,
    stop: Option<oneshot::Sender<()>>,
}

/// Starts the application on a fresh database holding the Mohammédia demo data set.
pub async fn spawn_demo_app() -> TestApp {
    spawn_demo_app_with_limits(Limits::default()).await
}

/// Starts the application with these request limits on a fresh database holding the demo data.
pub async fn spawn_demo_app_with_limits(limits: Limits) -> TestApp {
    let app = spawn_app_with_limits(limits).await;
    let outcome = seed_demo(&app.db).await.expect("the demo data loads");
    assert_eq!(outcome, SeedOutcome::Seeded);
    app
}

/// Starts the application on a fresh, migrated database.
pub async fn spawn_app() -> TestApp {
    let database = TestDatabase::create().await;
    spawn_app_on(database).await
}

/// Starts the application on `database`, reached at `database.url()` unless `url` says otherwise.
pub async fn spawn_app_on(database: TestDatabase) -> TestApp {
    let url = database.url.clone();
    spawn_app_with_url(database, &url).await
}

pub async fn spawn_app_with_url(database: TestDatabase, url: &str) -> TestApp {
    spawn(
        database,
        url,
        AuthConfig::random(),
        HttpConfig::default(),
        Limits::default(),
        |_| {},
    )
    .await
}

/// Starts the application on a fresh database with these authentication settings.
pub async fn spawn_app_with_auth(auth: AuthConfig) -> TestApp {
    spawn_fresh(auth, HttpConfig::default(), Limits::default()).await
}

/// Starts the application on a fresh database with these HTTP limits.
pub async fn spawn_app_with_http(http: HttpConfig) -> TestApp {
    spawn_fresh(AuthConfig::random(), http, Limits::default()).await
}

/// Starts the application on a fresh database with these request limits.
pub async fn spawn_app_with_limits(limits: Limits) -> TestApp {
    spawn_fresh(AuthConfig::random(), HttpConfig::default(), limits).await
}

/// Starts the application on a fresh database with these edge settings (rate limits, CORS,
/// proxies, metrics listener).
pub async fn spawn_app_with_edge(edge: EdgeConfig) -> TestApp {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    spawn(
        database,
        &url,
        AuthConfig::random(),
        HttpConfig::default(),
        Limits::default(),
        move |config| config.edge = edge,
    )
    .await
}

/// The default edge without rate limits: most tests send requests as fast as they can from one
/// address, which is not what the limits are about.
pub fn unlimited_edge() -> EdgeConfig {
    EdgeConfig {
        anonymous_rate: None,
        authenticated_rate: None,
        ..EdgeConfig::default()
    }
}

async fn spawn_fresh(auth: AuthConfig, http: HttpConfig, limits: Limits) -> TestApp {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    spawn(database, &url, auth, http, limits, |_| {}).await
}

/// Starts the application on `database` reached at `url`, with a configuration `edit` changes.
pub async fn spawn_app_on_url_with(
    database: TestDatabase,
    url: &str,
    edit: impl FnOnce(&mut Config),
) -> TestApp {
    let (auth, http, limits) = (
        AuthConfig::random(),
        HttpConfig::default(),
        Limits::default(),
    );
    spawn(database, url, auth, http, limits, edit).await
}

/// Starts the application on a fresh database with a configuration `edit` changes.
pub async fn spawn_app_with_config(edit: impl FnOnce(&mut Config)) -> TestApp {
    let database = TestDatabase::create().await;
    let url = database.url.clone();
    let limits = Limits::default();
    spawn(
        database,
        &url,
        AuthConfig::random(),
        HttpConfig::default(),
        limits,
        edit,
    )
    .await
}

async fn spawn(
    database: TestDatabase,
    url: &str,
    auth: AuthConfig,
    http: HttpConfig,
    limits: Limits,
    edit: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = Config {
        bind: "127.0.0.1:0".parse().expect("a socket address"),
        database_url: url.to_owned(),
        read_database_url: None,
        demo: false,
        auth: auth.clone(),
        http,
        limits,
        exposure: cqs::config::SchemaExposure::default(),
        edge: unlimited_edge(),
        planner: true,
        subscriptions: cqs::config::SubscriptionLimits::default(),
    };
    edit(&mut config);
    let app = App::build(&config).await.expect("the application starts");
    let address = app.local_addr().expect("a bound port");
    let metrics_address = app.metrics_addr();
    let app_db = app.db().clone();
    let statements = app.statements();
    let events = app.events();
    let changes = app.changes();
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(app.run_until_stopped(async {
        let _ = stopped.await;
    }));
    let db = Database::connect(&database.url)
        .await
        .expect("the test connects to its database");
    TestApp {
        address,
        metrics_address,
        client: reqwest::Client::new(),
        db,
        app_db,
        statements,
        auth,
        events,
        changes,
        database,
        stop: Some(stop),
    }
}

impl TestApp {
    /// Stops the server as a stop signal does (its graceful shutdown).
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the server answers")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url("/graphql"))
            .header("accept", "application/json")
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        assert!(
            status == StatusCode::OK || status == StatusCode::UNAUTHORIZED,
            "GraphQL answers 200, or 401 when credentials are missing or refused: {status}"
        );
        response.json().await.expect("a JSON body")
    }

    /// POSTs a GraphQL request with `Authorization: Bearer <token>`; returns the HTTP status and
    /// the body.
    pub async fn gql_as(&self, token: &str, query: &str, variables: Value) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.url("/graphql"))
            .header("accept", "application/json")
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Creates a user straight through the service (as `cqs user create` does) and returns its
    /// email and password.
    pub async fn user(&self, role: Role, links: Links) -> (String, String) {
        let email = format!(
            "{}-{}@cqs.example.ma",
            format!("{role:?}").to_lowercase(),
            uuid::Uuid::new_v4().simple()
        );
        let password = "a password long enough".to_owned();
        create_user_from_cli(
            &self.db,
            NewUser {
                email: email.clone(),
                display_name: format!("{role:?} user"),
                role,
                password: password.clone(),
                partner_id: links.partner,
                organization_id: links.organization,
                center_id: links.center,
            },
        )
        .await
        .expect("the user is created");
        (email, password)
    }

    /// Logs in and returns the token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let data = self
            .gql_ok(
                "mutation L($input: LoginInput!) { login(input: $input) { token userErrors { code } } }",
                json!({ "input": { "email": email, "password": password } }),
            )
            .await;
        data["login"]["token"]
            .as_str()
            .unwrap_or_else(|| panic!("a token for {email}: {data}"))
            .to_owned()
    }

    /// The single value a SQL query returns (an id, a count).
    /// How many of the main tables carry planner statistics: `sqlite_stat1` rows on SQLite, a
    /// row count estimate (`reltuples`, -1 until the table is first analyzed) on PostgreSQL.
    pub async fn analyzed_main_tables(&self) -> i64 {
        let sql = if self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            "SELECT COUNT(*) FROM pg_class WHERE relkind = 'r' AND reltuples > 0 \
             AND relname IN ('projects', 'commitments', 'organizations', 'partners')"
        } else if self
            .scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            .await
            == 0
        {
            return 0; // created by the first ANALYZE
        } else {
            "SELECT COUNT(DISTINCT tbl) FROM sqlite_stat1 \
             WHERE tbl IN ('projects', 'commitments', 'organizations', 'partners')"
        };
        self.scalar(sql).await
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let row = self
            .db
            .query_one_raw(Statement::from_string(self.db.get_database_backend(), sql))
            .await
            .expect("the query runs")
            .unwrap_or_else(|| panic!("a row for {sql}"));
        row.try_get_by_index(0).expect("an integer")
    }

    /// The first column of every row a SQL query returns, as text.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        use sea_orm::{ConnectionTrait, Statement};
        let rows = self
            .db
            .query_all_raw(Statement::from_string(self.db.get_database_backend(), sql))
            .await
            .expect("the query runs");
        rows.iter()
            .map(|row| row.try_get_by_index(0).expect("a text"))
            .collect()
    }

    /// A token for a new user with `role` and `links`.
    pub async fn token_for(&self, role: Role, links: Links) -> String {
        let (email, password) = self.user(role, links).await;
        self.login(&email, &password).await
    }

    /// Runs a request that must succeed and returns its `data` with how many SQL statements
    /// the server ran for it.
    pub async fn gql_counted(&self, query: &str, variables: Value) -> (Value, u64) {
        let before = self.statements.get();
        let data = self.gql_ok(query, variables).await;
        (data, self.statements.get() - before)
    }

    /// POSTs a GraphQL request that must succeed, and returns its `data`.
    pub async fn gql_ok(&self, query: &str, variables: Value) -> Value {
        let body = self.gql(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// POSTs a GraphQL request that must fail, and returns its first error's `extensions.code`.
    pub async fn gql_error_code(&self, query: &str, variables: Value) -> String {
        let body = self.gql(query, variables).await;
        let code = &body["errors"][0]["extensions"]["code"];
        code.as_str()
            .unwrap_or_else(|| panic!("expected an error with a code, got {body:#}"))
            .to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A database that exists for one test and is removed after it.
pub struct TestDatabase {
    pub url: String,
    kind: DatabaseKind,
}

enum DatabaseKind {
    Sqlite(#[expect(dead_code, reason = "kept to delete the directory on drop")] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    /// A temporary SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set.
    pub async fn create() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(admin_url).await,
            _ => Self::sqlite(),
        }
    }

    fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("cqs.db").display());
        Self {
            url,
            kind: DatabaseKind::Sqlite(dir),
        }
    }

    async fn postgres(admin_url: String) -> Self {
        let name = format!("cqs_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .expect("TEST_DATABASE_URL must reach a PostgreSQL server");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("a test database is created");
        admin.close().await.ok();
        let url = replace_database_name(&admin_url, &name);
        Self {
            url,
            kind: DatabaseKind::Postgres { admin_url, name },
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.kind, DatabaseKind::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let DatabaseKind::Postgres { admin_url, name } = &self.kind else {
            return;
        };
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let shown = name.clone();
        // Drop runs inside the test's runtime, which cannot block: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let admin = Database::connect(&admin_url).await?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop the test database {shown}: {dropped:?}");
        }
    }
}

/// `postgres://user@host:5432/test?x=y` with its database name replaced.
pub fn replace_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut replaced = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        replaced.push('?');
        replaced.push_str(query);
    }
    replaced
}

/// What a new user is linked to (row ids).
#[derive(Clone, Copy, Debug, Default)]
pub struct Links {
    pub partner: Option<i64>,
    pub organization: Option<i64>,
    pub center: Option<i64>,
}

/// Polls `/readyz` until it answers `expected`, failing after 30 s.
pub async fn wait_for_readiness(app: &TestApp, expected: reqwest::StatusCode) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let status = app.get("/readyz").await.status();
        if status == expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "/readyz stayed {status}, expected {expected}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
