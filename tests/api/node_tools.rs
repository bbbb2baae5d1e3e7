//! The JavaScript tools some tests run with Node (the GraphQL-over-HTTP audit, the browser
//! check): each is a folder under `tests/` with a pinned package-lock.json, installed once.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/<name>`, the folder of one tool.
pub fn tool_dir(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Installs the folder's pinned packages from the npm registry (`npm ci`, no install scripts)
/// unless `node_modules/<package>` is there already.
pub fn install_once(dir: &Path, package: &str) {
    if dir.join("node_modules").join(package).is_dir() {
        return;
    }
    let installed = Command::new("npm")
        .args([
            "ci",
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(dir)
        .status()
        .expect("npm runs (Node and npm are on every machine)");
    assert!(
        installed.success(),
        "npm ci --prefix {} failed",
        dir.display()
    );
}

/// Runs `node <script> <args…>` with `envs`: whether it succeeded, and what it printed.
pub fn run(script: &Path, args: &[&str], envs: &[(&str, &str)]) -> (bool, String) {
    let output = Command::new("node")
        .arg(script)
        .args(args)
        .envs(envs.iter().copied())
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}
