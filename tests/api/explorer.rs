//! The explorer a browser gets at `/graphql`: served whole by the binary (no other host), under a
//! strict Content-Security-Policy, switched off by `CQS_EXPLORER=false`, and proven in Debian's
//! headless Chromium against `cqs serve --demo`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cqs::config::HttpConfig;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestDatabase, spawn_app, spawn_app_with_http};
use crate::node_tools::{install_once, run, tool_dir};

const CHROMIUM: &str = "/usr/bin/chromium";

/// What a browser gets at `/graphql`: the status, the `Content-Security-Policy`, and the body.
async fn explorer_page(app: &crate::helpers::TestApp) -> (StatusCode, String, String) {
    let page = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    let status = page.status();
    let policy = page
        .headers()
        .get("content-security-policy")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, policy, page.text().await.unwrap())
}

/// The values of the page's `src="…"` and `href="…"` attributes.
fn loaded_paths(page: &str) -> Vec<String> {
    ["src=\"", "href=\""]
        .iter()
        .flat_map(|attribute| page.split(attribute).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_explorer_page_and_every_file_it_loads_come_from_the_server() {
    let app = spawn_app().await;
    let (status, policy, page) = explorer_page(&app).await;
    assert_eq!(status, StatusCode::OK);
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(!policy.contains("unsafe"), "{policy}");
    let headers = app
        .client
        .get(app.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .headers()
        .clone();
    assert_eq!(headers["vary"], "accept", "the JSON answer shares the URL");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(!page.contains("<script>"), "no inline script:\n{page}");
    assert!(!page.contains("style="), "no inline style:\n{page}");

    let paths = loaded_paths(&page);
    assert!(
        paths.len() >= 4,
        "the page loads GraphiQL and React: {paths:?}"
    );
    for path in &paths {
        assert!(
            path.starts_with("explorer/"),
            "{path} is relative to /graphql, on this server"
        );
        let asset = app.get(&format!("/{path}")).await;
        assert_eq!(asset.status(), StatusCode::OK, "{path}");
        let header = |name: &str| {
            asset
                .headers()
                .get(name)
                .map(|value| value.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let expected_type = if path.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(header("content-type").starts_with(expected_type), "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert!(header("cache-control").contains("immutable"), "{path}");
        assert!(!asset.bytes().await.unwrap().is_empty(), "{path}");
    }

    let first = &paths[0];
    let (_, file) = first.rsplit_once('/').unwrap();
    for missing in [
        "/explorer/0000000000000000/graphiql.min.js".to_owned(),
        format!("/{first}.map"),
        format!("/explorer/{file}"),
    ] {
        assert_eq!(
            app.get(&missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn with_the_explorer_off_a_browser_gets_the_graphql_over_http_answer() {
    let on = spawn_app().await;
    let (_, _, page) = explorer_page(&on).await;
    let asset = loaded_paths(&page).remove(0);

    let off = spawn_app_with_http(HttpConfig {
        explorer: false,
        ..HttpConfig::default()
    })
    .await;
    let (status, policy, body) = explorer_page(&off).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(policy.is_empty(), "{policy}");
    let body: Value = serde_json::from_str(&body).expect("a JSON answer");
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert_eq!(
        off.get(&format!("/{asset}")).await.status(),
        StatusCode::NOT_FOUND,
        "{asset}"
    );
    assert_eq!(
        off.gql_ok("{ __typename }", Value::Null).await["__typename"],
        "Query"
    );
}

/// The introspection query the pinned GraphiQL sends on load (graphql-js 16.15's, with nine
/// levels of `ofType`): without its answer the explorer has no documentation or completion.
const GRAPHIQL_INTROSPECTION: &str = include_str!("explorer/graphiql-introspection.graphql");

#[tokio::test]
async fn the_introspection_query_of_the_explorer_passes_the_depth_limit_and_deeper_nesting_does_not()
 {
    let app = spawn_app().await;
    let data = app.gql_ok(GRAPHIQL_INTROSPECTION, Value::Null).await;
    let types = data["__schema"]["types"]
        .as_array()
        .expect("the schema's types");
    assert!(types.iter().any(|ty| ty["name"] == "Center"), "{types:?}");

    // `ofType` is exempt because it cannot fan out; a chain of fields and their types can.
    let mut fan_out = "name".to_owned();
    for _ in 0..7 {
        fan_out = format!("fields {{ type {{ {fan_out} }} }}");
    }
    let code = app
        .gql_error_code(
            &format!("{{ __schema {{ types {{ {fan_out} }} }} }}"),
            Value::Null,
        )
        .await;
    assert_eq!(code, "QUERY_TOO_DEEP");
}

/// `cqs serve --demo`, run from the binary under test, killed when dropped.
struct DemoServer {
    child: Child,
    url: String,
    log: PathBuf,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

impl DemoServer {
    async fn start() -> Self {
        let database = TestDatabase::create().await;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let dir = tempfile::tempdir().expect("a temporary directory");
        let log = dir.path().join("server.log");
        let child = Command::new(env!("CARGO_BIN_EXE_cqs"))
            .args(["serve", "--demo"])
            .env("CQS_DATABASE_URL", &database.url)
            .env("CQS_BIND", format!("127.0.0.1:{port}"))
            .env("CQS_EXPLORER", "true")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("the cqs binary starts");
        let mut server = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            _database: database,
            _dir: dir,
        };
        server.wait_until_ready().await;
        server
    }

    async fn wait_until_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("cqs serve --demo exited ({status}):\n{}", self.log_text());
            }
            let ready = client.get(format!("{}/readyz", self.url)).send().await;
            if ready.is_ok_and(|response| response.status() == StatusCode::OK) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "cqs serve --demo was not ready within 60 s:\n{}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs the pinned `playwright-core` from the npm registry once (`npm ci`; it downloads no
/// browser), then runs the browser check, returning whether it passed and what it printed.
fn run_browser_check(url: &str, expected: &str, token: &str) -> (bool, String) {
    let dir = tool_dir("browser");
    install_once(&dir, "playwright-core");
    run(
        &dir.join("explorer.mjs"),
        &[url, expected],
        &[("CQS_CHROMIUM", CHROMIUM), ("CQS_TOKEN", token)],
    )
}

/// A login token of an administrator made with `cqs user create`, as an operator would.
async fn admin_token(server: &DemoServer) -> String {
    let password = "le mot de passe de l'explorateur";
    let mut child = Command::new(env!("CARGO_BIN_EXE_cqs"))
        .args(["user", "create", "--email", "explorer@cqs.example.ma"])
        .args(["--display-name", "Explorer", "--role", "ADMIN"])
        .env("CQS_DATABASE_URL", &server._database.url)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cqs binary runs");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), password.as_bytes()).unwrap();
    let created = child.wait_with_output().unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/graphql", server.url))
        .json(&json!({
            "query": "mutation($input: LoginInput!) { login(input: $input) { token } }",
            "variables": { "input": { "email": "explorer@cqs.example.ma", "password": password } },
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["data"]["login"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a login token: {answer}"))
        .to_owned()
}

/// A person opens the explorer of `cqs serve --demo` in Chromium, types a query, runs it and
/// reads the demo center's name in the result, then runs a subscription and sees a project
/// retitled meanwhile; the page asked nothing of any other host and broke no rule of its
/// Content-Security-Policy.
#[tokio::test]
async fn in_chromium_the_explorer_runs_a_query_and_a_subscription_with_no_request_leaving_the_machine()
 {
    assert!(
        Path::new(CHROMIUM).exists(),
        "the explorer's browser test needs Debian's Chromium at {CHROMIUM}: \
         install it with `apt-get install -y chromium` (.ci/run does so on a new machine)"
    );
    let server = DemoServer::start().await;
    let answer: Value = reqwest::Client::new()
        .post(format!("{}/graphql", server.url))
        .json(&json!({ "query": "{ centers(first: 1) { nodes { name } } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let expected = answer["data"]["centers"]["nodes"][0]["name"]
        .as_str()
        .unwrap_or_else(|| panic!("the demo data has a center: {answer}"))
        .to_owned();

    let token = admin_token(&server).await;
    let url = format!("{}/graphql", server.url);
    let (passed, report) =
        tokio::task::spawn_blocking(move || run_browser_check(&url, &expected, &token))
            .await
            .expect("the browser check finishes");
    println!("{report}");
    assert!(
        passed,
        "the browser check failed:\n{report}\nserver log:\n{}",
        server.log_text()
    );
}
