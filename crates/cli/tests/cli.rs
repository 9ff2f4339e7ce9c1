//! The command line is a public contract: these tests run the built
//! `composenet` binary the way users and scripts do.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary; returns stdout, stderr and the exit code.
fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args(args)
        .current_dir(repo())
        .env_clear()
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The one helper: run, then hold stdout and the exit code to a golden file.
fn check(name: &str, args: &[&str]) {
    let (stdout, stderr, code) = run(args);
    insta::assert_snapshot!(
        name,
        format!("exit {code}\n--- stderr\n{stderr}--- stdout\n{stdout}")
    );
}

#[test]
fn up_plays_the_seed_compose_file() {
    check(
        "up_seed",
        &["up", "tests/seeds/compose-wordpress/compose.yaml"],
    );
}

#[test]
fn run_plays_a_script_on_an_older_engine() {
    check(
        "run_engine_20_10",
        &[
            "run",
            "--engine",
            "20.10",
            "tests/facts/pools-round-robin/script.sh",
        ],
    );
}

#[test]
fn json_output_has_steps_events_and_state() {
    let (stdout, _, code) = run(&["run", "--format", "json", "tests/seeds/todo-app/script.sh"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(v["engine"], "29");
    let steps = v["steps"].as_array().unwrap();
    assert!(steps
        .iter()
        .any(|s| s["text"] == "dig mysql" && s["stdout"].as_str().unwrap().contains("172.18.0.2")));
    let events = v["events"].as_array().unwrap();
    assert!(events
        .iter()
        .any(|e| e["kind"]["type"] == "interface_created"));
    assert!(events
        .iter()
        .any(|e| e["kind"]["type"] == "dns_query"
            && e["kind"]["answer"]["reason"]["Record"].is_object()));
    let containers = v["state"]["containers"].as_array().unwrap();
    assert!(containers
        .iter()
        .any(|c| c["image"] == "mysql:5.7" && c["status"] == "running"));
}

#[test]
fn bad_input_is_a_clear_error() {
    check("missing_file", &["run", "no/such/script.sh"]);
    check(
        "bad_engine",
        &["run", "--engine", "19", "tests/seeds/todo-app/script.sh"],
    );
}

#[test]
fn help_is_available_everywhere() {
    for args in [&["--help"][..], &["run", "--help"], &["up", "--help"]] {
        let (stdout, _, code) = run(args);
        assert_eq!(code, 0, "{args:?}");
        assert!(stdout.contains("Usage: composenet"), "{args:?}: {stdout}");
    }
}
