//! The command line is a public contract: these tests run the built
//! `composenet` binary the way users and scripts do.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the binary in `dir`; returns stdout, stderr and the exit code.
fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn run(args: &[&str]) -> (String, String, i32) {
    run_in(&repo(), args)
}

/// The one helper: run in `dir`, then hold stdout, stderr and the exit
/// code to a golden file.
fn check_in(dir: &Path, name: &str, args: &[&str]) {
    let (stdout, stderr, code) = run_in(dir, args);
    // Compose names files by their full path (its `version` warning), which
    // depends on where the repository is checked out.
    let root = repo().canonicalize().expect("the repository exists");
    let text = format!("exit {code}\n--- stderr\n{stderr}--- stdout\n{stdout}")
        .replace(&root.display().to_string(), "<repo>");
    insta::assert_snapshot!(name, text);
}

/// [`check_in`] the repository's root.
fn check(name: &str, args: &[&str]) {
    check_in(&repo(), name, args);
}

/// A fresh directory for files a test writes (named pipes, bytes that are
/// not UTF-8), under Cargo's scratch directory for integration tests.
fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    dir
}

#[test]
fn up_plays_the_seed_compose_file() {
    check(
        "up_seed",
        &["up", "tests/seeds/compose-wordpress/compose.yaml"],
    );
}

/// `docker logs` passes the app's stderr lines to stderr and the rest to
/// stdout.
#[test]
fn logs_keep_the_apps_two_streams() {
    check(
        "logs_streams",
        &["run", "tests/contract/output-drifts/streams.sh"],
    );
}

#[test]
fn run_plays_a_script_on_an_older_engine() {
    check(
        "run_engine_20_10",
        &[
            "run",
            "--transcript",
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

#[test]
fn files_that_cannot_be_read_say_why_at_once() {
    let dir = scratch(
        "unreadable",
        &[
            ("latin1.sh", b"echo caf\xe9\n"),
            ("utf16.sh", b"\xff\xfee\x00c\x00h\x00o\x00\n\x00"),
            ("bom.sh", b"\xef\xbb\xbfecho hi\n"),
            (
                "zero.yaml",
                b"services:\n  w:\n    image: alpine\n    env_file: /dev/zero\n",
            ),
            (
                "optional.yaml",
                b"services:\n  w:\n    image: alpine\n    env_file:\n      - path: /dev/zero\n        required: false\n",
            ),
            (
                "random.yaml",
                b"include:\n  - /dev/urandom\nservices:\n  w:\n    image: alpine\n",
            ),
            (
                "folder.yaml",
                b"include:\n  - /tmp\nservices:\n  w:\n    image: alpine\n",
            ),
            ("big.sh", &vec![b'#'; 16 * 1024 * 1024 + 1]),
        ],
    );
    std::fs::create_dir(dir.join("sub")).unwrap();
    // A named pipe nobody writes to: opening it would wait for ever.
    let made = Command::new("mkfifo").arg(dir.join("fifo")).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo works");
    for (name, args) in [
        ("read_missing", &["run", "missing.sh"][..]),
        ("read_directory", &["run", "sub"]),
        ("read_dev_zero", &["run", "/dev/zero"]),
        ("read_fifo", &["run", "fifo"]),
        ("read_not_utf8", &["run", "latin1.sh"]),
        ("read_utf16", &["run", "utf16.sh"]),
        ("read_utf8_bom", &["run", "--transcript", "bom.sh"]),
        ("read_too_large", &["run", "big.sh"]),
        ("up_directory", &["up", "sub"]),
        ("env_file_dev_zero", &["up", "zero.yaml"]),
        ("env_file_dev_zero_optional", &["up", "optional.yaml"]),
        ("include_dev_urandom", &["up", "random.yaml"]),
        ("include_directory", &["up", "folder.yaml"]),
    ] {
        check_in(&dir, name, args);
    }
}

#[test]
fn up_fails_when_the_file_does_not_load() {
    let dir = scratch(
        "up-fails",
        &[
            (
                "bad.yaml",
                b"services:\n  w:\n    image: alpine\n    scale: 1000000\n",
            ),
            (
                "my project.yaml",
                b"services:\n  w:\n    image: alpine\n    prots: [80]\n",
            ),
        ],
    );
    check_in(&dir, "up_load_error", &["up", "bad.yaml"]);
    // The name is quoted for the script `up` plays: one word, spaces and all.
    check_in(&dir, "up_file_name_with_space", &["up", "my project.yaml"]);
}

#[test]
fn a_reader_that_goes_away_ends_the_program_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // Far more output than a pipe holds, so that writing goes on after the
    // reader is gone.
    let script = "echo a line of output that is printed twice\n".repeat(20_000);
    let dir = scratch("broken-pipe", &[("script.sh", script.as_bytes())]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args(["run", "--transcript", "script.sh"])
        .current_dir(&dir)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here, like `head -1` exiting.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!(
        "broken_pipe",
        format!(
            "first line: {first}exit {:?}\n--- stderr\n{stderr}",
            out.status.code()
        )
    );
}

#[test]
fn hostile_scripts_end_with_a_message() {
    let deep_if = format!("{}x{}", "{{if 1}}".repeat(20_000), "{{end}}".repeat(20_000));
    let deep_parens = format!("{{{{{}.Name{}}}}}", "(".repeat(20_000), ")".repeat(20_000));
    let script = format!(
        "docker network create n\n\
         docker network inspect -f '{deep_if}' n\n\
         docker network inspect -f '{deep_parens}' n\n\
         docker run -d --name ha --health-cmd true --health-interval 1ns alpine\n\
         docker run -d --name hb --health-cmd true --health-start-interval 999us alpine\n\
         docker create --name hc --health-cmd true --health-timeout 1ns alpine\n\
         docker run -d --name hd --health-cmd true --health-interval 0s alpine sleep 100\n\
         docker run -d --name he --label composenet.retry_interval=0s alpine\n\
         docker compose up -d --scale w=1000000\n\
         docker compose -f zero.yaml up -d\n\
         docker compose -f tiny.yaml up -d\n"
    );
    let dir = scratch(
        "hostile-scripts",
        &[
            ("script.sh", script.as_bytes()),
            ("compose.yaml", b"services:\n  w:\n    image: alpine\n"),
            // Zero means Docker's default (30s), not a probe without end;
            // an app that would retry at one instant is told it cannot.
            (
                "zero.yaml",
                b"services:\n  z:\n    image: alpine\n    healthcheck:\n      test: [CMD, \"true\"]\n      interval: 0s\n      start_interval: 0s\n    x-composenet:\n      connects: [nowhere:80]\n      retry_interval: 0s\n",
            ),
            (
                "tiny.yaml",
                b"services:\n  t:\n    image: alpine\n    healthcheck:\n      test: [CMD, \"true\"]\n      interval: 1ns\n      start_interval: 999us\n",
            ),
        ],
    );
    let (stdout, stderr, code) = run_in(&dir, &["run", "--transcript", "script.sh"]);
    // The long template lines are left out; what each command said is kept.
    let kept: Vec<&str> = stdout.lines().filter(|l| l.len() < 200).collect();
    insta::assert_snapshot!(
        "hostile_scripts",
        format!(
            "exit {code}\n--- stderr\n{stderr}--- stdout\n{}\n",
            kept.join("\n")
        )
    );
}

/// Port ranges: twenty thousand ephemeral ports are found one after the
/// other (the search for each free one scanned every port bound before:
/// minutes); a `docker run`, a host and a compose file that would publish
/// more ports than the simulation holds are refused before the ranges are
/// expanded (two thousand full ranges took tens of gigabytes), and a
/// container that cannot start with thousands of ports clashing is told
/// so at once (the warnings searched every binding for each port).
#[test]
fn hostile_port_ranges_end_with_a_message() {
    let script = "docker run -d --name all -p 1-65535:1-65535 -p 1-65535:1-65535/udp -p 1-3:1-3/sctp alpine\n\
         docker run -d --name web -p 1-20000 alpine sleep 100\n\
         docker inspect -f '{{len .NetworkSettings.Ports}}' web\n\
         docker port web 1\n\
         docker port web 20000\n\
         docker run -d --name web1 -p 127.0.0.1:1-65535:1-65535/udp alpine sleep 100\n\
         docker run -d --name web2 -p 127.0.0.2:1-65535:1-65535/udp alpine sleep 100\n\
         docker ps -a --format '{{.Names}} {{.Status}}'\n\
         docker compose up -d\n";
    let compose = "services:\n  s:\n    image: alpine\n    ports:\n      - \"1-65535:1-65535\"\n      - \"1-65535:1-65535/udp\"\n      - \"1-2:1-2/sctp\"\n      - \"3:3/sctp\"\n";
    let dir = scratch(
        "hostile-ports",
        &[
            ("script.sh", script.as_bytes()),
            ("compose.yaml", compose.as_bytes()),
        ],
    );
    let (stdout, stderr, code) = run_in(&dir, &["run", "--transcript", "script.sh"]);
    let kept: Vec<&str> = stdout.lines().filter(|l| l.len() < 200).collect();
    insta::assert_snapshot!(
        "hostile_ports",
        format!(
            "exit {code}\n--- stderr\n{stderr}--- stdout\n{}\n",
            kept.join("\n")
        )
    );
}

/// Loops in simulated time (a restart storm, a health check, an app that
/// keeps retrying) and huge counts end at once: steady rounds are skipped
/// and counted, and repeated reply lines are counted, not printed.
#[test]
fn long_sleeps_through_loops_end_with_their_counts() {
    let script = "docker run -d --name storm --restart always alpine false\n\
         docker run -d --name probe --health-cmd false --health-interval 1s alpine sleep 1e12\n\
         docker network create n\n\
         docker run -d --name app --network n --label composenet.connects=nowhere:80 alpine sleep 1e12\n\
         sleep 1e9\n\
         docker ps -a\n\
         docker inspect -f '{{.Name}} {{.RestartCount}} {{.State.Health.FailingStreak}}' storm probe\n\
         docker logs app\n\
         docker run --rm alpine ping -c 1000000000 127.0.0.1\n";
    let dir = scratch("long-sleeps", &[("script.sh", script.as_bytes())]);
    let (stdout, stderr, code) = run_in(&dir, &["run", "--events", "script.sh"]);
    let kept: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("more times") || !l.starts_with("  |"))
        // alpine's ping is BusyBox's: `seq=` counts from 0.
        .filter(|l| !l.contains(" seq=") || l.contains(" seq=999 "))
        .collect();
    insta::assert_snapshot!(
        "long_sleeps",
        format!(
            "exit {code}\n--- stderr\n{stderr}--- stdout\n{}\n",
            kept.join("\n")
        )
    );
}

/// `up --export` writes the end state for documentation builds: the
/// drawing, a Mermaid flowchart, Docker's inspect JSON or the event log,
/// to standard output or a file.
#[test]
fn up_exports_the_end_state() {
    let compose = "tests/seeds/compose-wordpress/compose.yaml";
    let export = |kind: &str| {
        let (stdout, stderr, code) = run(&["up", compose, "--export", kind]);
        assert_eq!((code, stderr.as_str()), (0, ""), "{kind}");
        stdout
    };
    insta::assert_snapshot!("export_mermaid", export("mermaid"));

    let svg = export("svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for name in ["db-container", "wordpress-container"] {
        assert!(
            svg.contains(&format!("data-container=\"{name}\"")),
            "{name}"
        );
    }
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    assert!(
        svg.contains("<style>"),
        "the styles travel with the picture"
    );

    let inspect: serde_json::Value = serde_json::from_str(&export("inspect")).unwrap();
    let names: Vec<&str> = inspect["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["/db-container", "/wordpress-container"]);
    let network = &inspect["networks"].as_array().unwrap()[3];
    assert_eq!(network["Name"], "compose-wordpress_example-network");
    assert_eq!(network["IPAM"]["Config"][0]["Subnet"], "172.18.0.0/16");

    let events: serde_json::Value = serde_json::from_str(&export("events")).unwrap();
    assert!(events.as_array().is_some_and(|e| e.len() > 10));

    // A file instead of standard output, and Korean words in the drawing.
    let dir = scratch("export", &[]);
    let out = dir.join("scene.svg");
    let (stdout, _, code) = run(&[
        "up",
        compose,
        "--export",
        "svg",
        "--lang",
        "ko",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("호스트"), "the host's title in Korean");

    // A file that does not load exports nothing and fails.
    let (stdout, stderr, code) = run(&["up", "Cargo.toml", "--export", "svg"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(!stderr.is_empty());
}

/// Found by the fuzzer: a restart that cannot start (its link's target
/// has stopped) leaves the container exited with 128, in the host and in
/// the event log alike; and a sleep to the clock's last millisecond does not
/// leave a restart loop spinning at that instant.
#[test]
fn failed_restarts_and_the_end_of_time() {
    let script = "docker run -d --name c2 busybox sh -c 'sleep 5; exit 1'\n\
         sleep 4\n\
         docker run -d --name c4 --link c2:l5 --restart on-failure:3 busybox sh -c 'sleep 5; exit 1'\n\
         sleep 15\n\
         docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' c4\n\
         docker run -d --name spin --restart always busybox true\n\
         sleep 18446744073709551616\n\
         docker inspect -f '{{.Name}} {{.State.Status}}' spin\n";
    let dir = scratch("end-of-time", &[("script.sh", script.as_bytes())]);
    let (stdout, stderr, code) = run_in(&dir, &["run", "script.sh"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with('/')).collect();
    assert_eq!(lines, ["/c4 exited 128 1", "/spin restarting"]);
}

/// The model's warnings go to stderr, in Compose's `WARN[0000]` style,
/// after the output of the command that caused them, for `run` and `up`
/// alike; stdout carries only what the commands printed.
#[test]
fn warnings_go_to_stderr_after_their_command() {
    let seed = repo().join("tests/seeds/run-wordpress");
    let (stdout, stderr, code) = run_in(&seed, &["run", "script.sh"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("WARN["), "{stdout}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("WARN[0000] script.sh:"))
        .collect();
    assert_eq!(
        warnings,
        ["WARN[0000] script.sh:25:4: WORDPRESS_DB_HOST points wordpress-container at db, but that name does not resolve from wordpress-container. (scenario: three-names)"]
    );
    let warnings = repo().join("tests/warnings");
    check_in(
        &warnings.join("host-port-clash"),
        "warnings_run",
        &["run", "script.sh"],
    );
    check_in(
        &warnings.join("host-port-between"),
        "warnings_up",
        &["up", "compose.yaml"],
    );
}
