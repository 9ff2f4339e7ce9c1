//! `composenet run` is a Unix tool: for the same commands, stdout, stderr
//! and the exit status are what `sh SCRIPT` gives when each command prints
//! what Docker prints. Each case below is written as `sh` would give it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The first id a fresh host draws with seed 1 (of a network or a
/// container).
const NET_ID: &str = "eaeec3c681aaa1d234c79c4d130feef92699ed47d005ac77fa9afdb45a9dd58d";

/// One run of the binary and what it must give.
#[derive(Default)]
struct Case<'a> {
    name: &'a str,
    /// Options before the script's name.
    args: &'a [&'a str],
    script: &'a str,
    /// Other files beside the script.
    files: &'a [(&'a str, &'a str)],
    /// The script goes to stdin and the binary is given `-`.
    stdin: bool,
    stdout: &'a str,
    stderr: &'a str,
    status: i32,
}

/// A fresh directory named after the case, so the compose project name is
/// the case's.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("contract")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// Runs `composenet run ARGS script.sh` (or `… -` with the script on stdin)
/// and returns stdout, stderr and the exit status.
fn run(case: &Case) -> (String, String, i32) {
    let mut files = case.files.to_vec();
    if !case.stdin {
        files.push(("script.sh", case.script));
    }
    let dir = scratch(case.name, &files);
    let mut args: Vec<&str> = vec!["run"];
    args.extend(case.args);
    args.push(if case.stdin { "-" } else { "script.sh" });
    let mut child = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args(&args)
        .current_dir(&dir)
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    if case.stdin {
        stdin.write_all(case.script.as_bytes()).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The one helper: the case's stdout, stderr and status, exactly as `sh`
/// with Docker gives them. The model's warnings are composenet's own
/// advice, which no engine prints (`WARN[0000] … (scenario: …)`): they
/// are left out of stderr here, and `cli.rs` holds them.
fn check(case: Case) {
    let (stdout, stderr, status) = run(&case);
    let stderr: String = stderr
        .lines()
        .filter(|l| {
            !(l.starts_with("WARN[0000] ") && l.ends_with(')') && l.contains("(scenario: "))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), status),
        (case.stdout, case.stderr, case.status),
        "case {}",
        case.name
    );
}

const TWICE: &str = "docker network create x\ndocker network create x\n";
const EXISTS: &str = "Error response from daemon: network with name x already exists\n";

#[test]
fn output_goes_where_docker_writes_it_and_the_status_is_the_last_commands() {
    let id = format!("{NET_ID}\n");
    check(Case {
        name: "daemon-error",
        script: TWICE,
        stdout: &id,
        stderr: EXISTS,
        status: 1,
        ..Case::default()
    });
    check(Case {
        name: "goes-on",
        script: &format!("{TWICE}echo done\n"),
        stdout: &format!("{id}done\n"),
        stderr: EXISTS,
        status: 0,
        ..Case::default()
    });
    check(Case {
        name: "no-such-container",
        script: "docker stop nosuch\n",
        stderr: "Error response from daemon: No such container: nosuch\n",
        status: 1,
        ..Case::default()
    });
    // A warning and the id of the container that runs anyway (the first
    // id a fresh host draws, like the network's above).
    check(Case {
        name: "warning",
        script: "docker run -d --name web --network host -p 80:80 nginx\n",
        stdout: &id,
        stderr: "WARNING: Published ports are discarded when using host network mode\n",
        ..Case::default()
    });
    check(Case {
        name: "template",
        script: "docker network create x\ndocker network inspect -f '{{.Name}} {{.Driver}}' x\n",
        stdout: &format!("{id}x bridge\n"),
        ..Case::default()
    });
    check(Case {
        name: "exit-status",
        script: "exit 3\n",
        status: 3,
        ..Case::default()
    });
}

#[test]
fn compose_progress_is_on_stderr_and_listings_on_stdout() {
    check(Case {
        name: "compose",
        script: "docker compose up -d\ndocker compose ps --services\n",
        files: &[("compose.yaml", "services:\n  web:\n    image: nginx\n")],
        stdout: "web\n",
        stderr: " Network compose_default  Creating\n Network compose_default  Created\n Container compose-web-1  Creating\n Container compose-web-1  Created\n Container compose-web-1  Starting\n Container compose-web-1  Started\n",
        ..Case::default()
    });
}

#[test]
fn and_lists_behave_as_in_sh() {
    check(Case {
        name: "and-skips",
        script: "false && echo no\n",
        status: 1,
        ..Case::default()
    });
    check(Case {
        name: "and-runs",
        script: "true && echo yes\n",
        stdout: "yes\n",
        ..Case::default()
    });
}

#[test]
fn dash_e_stops_at_the_first_failure_unless_and_follows() {
    let id = format!("{NET_ID}\n");
    check(Case {
        name: "e-stops",
        args: &["-e"],
        script: &format!("{TWICE}echo never\n"),
        stdout: &id,
        stderr: EXISTS,
        status: 1,
        ..Case::default()
    });
    check(Case {
        name: "e-and-goes-on",
        args: &["-e"],
        script: "false && echo no\necho yes\n",
        stdout: "yes\n",
        ..Case::default()
    });
    check(Case {
        name: "e-and-last-fails",
        args: &["-e"],
        script: "true && false\necho never\n",
        status: 1,
        ..Case::default()
    });
}

#[test]
fn dash_x_echoes_each_command_to_stderr() {
    check(Case {
        name: "x",
        args: &["-x"],
        script: "docker network create \"my net\"\necho hi   there\n",
        stdout: &format!("{NET_ID}\nhi there\n"),
        stderr: "+ docker network create 'my net'\n+ echo hi there\n",
        ..Case::default()
    });
    check(Case {
        name: "x-error",
        args: &["-x"],
        script: TWICE,
        stdout: &format!("{NET_ID}\n"),
        stderr: &format!("+ docker network create x\n+ docker network create x\n{EXISTS}"),
        status: 1,
        ..Case::default()
    });
}

#[test]
fn dash_reads_the_script_from_stdin() {
    check(Case {
        name: "stdin",
        script: TWICE,
        stdin: true,
        stdout: &format!("{NET_ID}\n"),
        stderr: EXISTS,
        status: 1,
        ..Case::default()
    });
}

#[test]
fn transcript_is_the_document_form() {
    check(Case {
        name: "transcript",
        args: &["--transcript"],
        script: TWICE,
        stdout: &format!(
            "$ docker network create x\n{NET_ID}\n$ docker network create x\n{EXISTS}[exit 1]\n"
        ),
        status: 1,
        ..Case::default()
    });
}

#[test]
fn a_syntax_error_stops_the_script_there_with_status_2() {
    check(Case {
        name: "syntax",
        script: "echo a\necho b &&\n",
        stdout: "a\n",
        stderr:
            "composenet: script.sh:2:8: error: syntax error: unexpected end of file after `&&'\n",
        status: 2,
        ..Case::default()
    });
    // What the simulation cannot do is said before anything runs.
    check(Case {
        name: "pipe",
        script: "echo a | cat\n",
        stdout: "a\n",
        stderr: "composenet: script.sh:1:8: warning: pipes are not supported; only the command before `|` runs\n",
        ..Case::default()
    });
}

#[test]
fn stdout_of_inspect_is_json_a_pipe_can_read() {
    let (stdout, stderr, status) = run(&Case {
        name: "jq",
        script: "docker network inspect bridge\n",
        ..Case::default()
    });
    assert_eq!((stderr.as_str(), status), ("", 0));
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(value[0]["Name"], "bridge");
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_141() {
    use std::io::{BufRead, BufReader};
    // Far more output than a pipe holds, so that writing goes on after the
    // reader is gone.
    let script = "echo a line of output\n".repeat(20_000);
    let dir = scratch("closed-pipe", &[("script.sh", &script)]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args(["run", "script.sh"])
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
    assert_eq!(
        (first.as_str(), out.status.code(), out.stderr.as_slice()),
        ("a line of output\n", Some(141), &b""[..])
    );
}
