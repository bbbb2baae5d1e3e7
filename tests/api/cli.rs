//! The `cqs` binary's commands that an operator runs by hand.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{TestDatabase, spawn_app_on};

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
