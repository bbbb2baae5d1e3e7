//! The request log of the real binary: `CQS_LOG_FORMAT=json` writes one JSON object a line, and
//! one line per finished request says what was asked, by whom, and how it went.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::TestDatabase;

/// Kills the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The next log line (as JSON) that `matches`, within a minute.
fn next_line(lines: &mpsc::Receiver<String>, matches: impl Fn(&Value) -> bool) -> Value {
    loop {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the server logs the expected line");
        assert!(!line.contains('\u{1b}'), "no colour codes in {line:?}");
        let value: Value =
            serde_json::from_str(&line).unwrap_or_else(|_| panic!("a JSON line: {line:?}"));
        if matches(&value) {
            return value;
        }
    }
}

#[tokio::test]
async fn json_logs_have_one_line_per_request() {
    let database = TestDatabase::create().await;
    let child = Command::new(env!("CARGO_BIN_EXE_cqs"))
        .arg("serve")
        .env("CQS_DATABASE_URL", &database.url)
        .env("CQS_BIND", "127.0.0.1:0")
        .env("CQS_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the cqs binary runs");
    let mut server = Server(child);
    let stderr = server.0.stderr.take().expect("a stderr");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    let serving = next_line(&lines, |line| line["address"].is_string());
    let address = serving["address"].as_str().unwrap().to_owned();

    let response = reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .header("x-request-id", "edge-log-probe")
        .json(&json!({ "query": "query LogProbe { __typename }", "operationName": "LogProbe" }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());

    let logged = next_line(&lines, |line| line["request_id"] == "edge-log-probe");
    assert_eq!(logged["level"], "INFO");
    assert_eq!(logged["method"], "POST");
    assert_eq!(logged["path"], "/graphql");
    assert_eq!(logged["status"], 200);
    assert!(
        logged["duration_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
        "{logged}"
    );
    assert_eq!(logged["operation"], "LogProbe");
    assert_eq!(logged["caller"], "anonymous");
}
