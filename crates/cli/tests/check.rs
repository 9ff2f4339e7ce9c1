//! `composenet check` run as a user runs it: every reason the model gives
//! for a packet that goes nowhere (`DropReason`), for a name that does not
//! resolve (`DnsReason`) and for a refused connection, each through a rule
//! that meets it; the errors that stop a check; and the text a person
//! reads.

use std::path::{Path, PathBuf};
use std::process::Command;

/// front and back with pinned subnets and addresses, back internal: web
/// on front, api on both, db on back; `legacy` on the default bridge,
/// `loner` without a network, `once` a process that has ended, `slow` an
/// app that is not ready within the check's wait, `local` an app that
/// listens on 127.0.0.1 only; web (nginx, port 80) is published on the
/// host as 8081.
const PROJECT: &str = "
services:
  web:
    image: nginx
    ports: ['8081:80']
    networks:
      front: {ipv4_address: 10.1.0.10}
  api:
    image: example/api
    networks:
      front: {ipv4_address: 10.1.0.20}
      back: {ipv4_address: 10.2.0.20}
  db:
    image: postgres
    networks:
      back: {ipv4_address: 10.2.0.30}
  legacy:
    image: alpine
    command: sleep 1d
    network_mode: bridge
  loner:
    image: alpine
    command: sleep 1d
    network_mode: none
  once:
    image: alpine
    command: 'true'
    networks: [front]
  slow:
    image: example/slow
    networks: [front]
    x-composenet:
      ready_after: 1h
  local:
    image: example/local
    networks: [front]
    x-composenet:
      listen: [127.0.0.1:8080]
  none:
    image: alpine
    scale: 0
networks:
  front:
    ipam: {config: [{subnet: 10.1.0.0/24}]}
  back:
    internal: true
    ipam: {config: [{subnet: 10.2.0.0/24}]}
";

/// One check and what it must give.
#[derive(Default)]
struct Case<'a> {
    /// The folder, and so the compose project's name.
    name: &'a str,
    /// Options before the rules (`--ip-forward false`, `--script …`).
    args: &'a [&'a str],
    /// Each one is an `--expect`.
    rules: &'a [&'a str],
    /// Files beside `compose.yaml` (which is [`PROJECT`]).
    files: &'a [(&'a str, &'a str)],
    /// For exit status 0 and 1, each rule's verdict and each probe's
    /// reason, read from `--format json` (see [`fingerprint`]); for 2, what
    /// is said on stderr.
    expected: &'a str,
    /// For exit status 0 and 1: the warnings on stderr.
    stderr: &'a str,
    status: i32,
}

fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("check")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("compose.yaml"), PROJECT).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

/// Runs `composenet check ARGS` in a fresh folder.
fn run(name: &str, files: &[(&str, &str)], args: &[&str]) -> (String, String, i32) {
    let dir = scratch(name, files);
    let out = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .arg("check")
        .args(args)
        .current_dir(&dir)
        .env_clear()
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// The name of an externally tagged enum's variant in JSON.
fn variant(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(o) => o.keys().next().cloned().unwrap_or_default(),
        other => other.to_string(),
    }
}

/// One line per rule (`ok` or `FAIL`, the rule) and under it one per
/// probe: from, what was tried, how the name resolved, and where the
/// packets went (or the DNS answer's reason when nothing was sent).
fn fingerprint(json: &serde_json::Value) -> String {
    let mut out = String::new();
    for rule in json["rules"].as_array().unwrap() {
        let mark = if rule["holds"] == true { "ok" } else { "FAIL" };
        out.push_str(&format!("{mark} {}\n", rule["rule"].as_str().unwrap()));
        if let Some(problem) = rule["problem"].as_str() {
            out.push_str(&format!("  problem: {problem}\n"));
        }
        for p in rule["probes"].as_array().unwrap() {
            assert!(
                !p["why"].as_str().unwrap().is_empty(),
                "every probe says why: {p}"
            );
            let resolution = &p["resolution"];
            let how = match variant(resolution).as_str() {
                "Dns" => format!("dns {}", variant(&resolution["Dns"]["reason"])),
                "" | "null" => "-".to_string(),
                other => other.to_lowercase(),
            };
            let went = match p["route"]["verdict"].as_object() {
                None => String::new(),
                Some(verdict) => match verdict.keys().next().map(String::as_str) {
                    Some("Delivered") => format!(
                        " -> delivered{}",
                        match variant(&p["outcome"]).as_str() {
                            "null" => String::new(),
                            outcome => {
                                let inside = &p["outcome"][outcome]["container_port"];
                                let hint = match inside {
                                    serde_json::Value::Number(n) => format!(" (host port of {n})"),
                                    _ => String::new(),
                                };
                                format!(", {}{hint}", outcome.to_lowercase())
                            }
                        }
                    ),
                    _ => {
                        let reason = &verdict["Dropped"];
                        let held = match reason["OtherNetwork"]["holder"] {
                            serde_json::Value::Null if variant(reason) == "OtherNetwork" => {
                                " (nobody)"
                            }
                            serde_json::Value::Number(_) => " (held)",
                            _ => "",
                        };
                        format!(" -> dropped {}{held}", variant(reason))
                    }
                },
            };
            out.push_str(&format!(
                "  {} {}: {how}{went}\n",
                p["from"].as_str().unwrap(),
                p["tried"].as_str().unwrap()
            ));
        }
    }
    out
}

/// The one helper: run the case, then compare its verdicts (or, for a
/// refused check, its stderr) and its exit status.
fn check(case: Case) {
    let mut args: Vec<&str> = case.args.to_vec();
    for rule in case.rules {
        args.extend(["--expect", rule]);
    }
    args.extend(["--format", "json", "compose.yaml"]);
    let (stdout, stderr, status) = run(case.name, case.files, &args);
    let (got, warned) = if status == 2 {
        (stderr, String::new())
    } else {
        let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
        let project = format!("{}-", case.name);
        (fingerprint(&json).replace(&project, ""), stderr)
    };
    assert_eq!(
        (got.as_str(), warned.as_str(), status),
        (case.expected, case.stderr, case.status),
        "case {}",
        case.name
    );
}

#[test]
fn every_dns_reason_is_met_by_a_rule() {
    check(Case {
        name: "dns",
        rules: &[
            "web resolves api",
            "web -> db",
            "db -> web",
            "legacy -> api",
            "loner resolves api",
        ],
        expected: "\
ok web resolves api
  web-1 api: dns Record
FAIL web -> db
  web-1 db: dns NotOnAskersNetworks
FAIL db -> web
  db-1 web: dns InternalOnly
FAIL legacy -> api
  legacy-1 api: dns NoEmbeddedDns
FAIL loner resolves api
  loner-1 api: dns NoNetwork
",
        status: 1,
        ..Case::default()
    });
    // Engines before 25 answer an internal-only asker NXDOMAIN, not
    // SERVFAIL.
    check(Case {
        name: "dns-2010",
        args: &["--engine", "20.10"],
        rules: &["db -> web"],
        expected: "FAIL db -> web\n  db-1 web: dns NotOnAskersNetworks\n",
        status: 1,
        ..Case::default()
    });
    // Without IP forwarding the host's resolvers cannot be reached.
    check(Case {
        name: "dns-no-forward",
        args: &["--ip-forward", "false"],
        rules: &["web -> db", "legacy -> api"],
        expected: "\
FAIL web -> db
  web-1 db: dns UpstreamUnreachable
FAIL legacy -> api
  legacy-1 api: dns NoEmbeddedDnsUnreachable
",
        status: 1,
        ..Case::default()
    });
    // `DnsReason::Literal` is the resolver's answer for an address, which
    // a program never asks for: getaddrinfo takes the literal first. A
    // rule with an address meets it as the `literal` resolution below.
}

#[test]
fn every_drop_reason_is_met_by_a_rule() {
    check(Case {
        name: "drops",
        rules: &[
            "web -> api:8080",
            "once -> api",
            "loner -> 10.1.0.20",
            "web -> 10.1.0.99",
            "web -/-> db",
            "web -> 10.2.0.99",
            "db -> 8.8.8.8",
            "web -> 8.8.8.8",
        ],
        expected: "\
ok web -> api:8080
  web-1 api: dns Record -> delivered, connected
FAIL once -> api
  once-1 api: - -> dropped SenderNotRunning
FAIL loner -> 10.1.0.20
  loner-1 10.1.0.20: literal -> dropped NoNetwork
FAIL web -> 10.1.0.99
  web-1 10.1.0.99: literal -> dropped NoSuchAddress
ok web -/-> db
  web-1 db-1: dns NotOnAskersNetworks
  web-1 db: dns NotOnAskersNetworks
  web-1 10.2.0.30: literal -> dropped OtherNetwork (held)
FAIL web -> 10.2.0.99
  web-1 10.2.0.99: literal -> dropped OtherNetwork (nobody)
FAIL db -> 8.8.8.8
  db-1 8.8.8.8: literal -> dropped Internal
FAIL web -> 8.8.8.8
  web-1 8.8.8.8: literal -> dropped OutsideHost
",
        status: 1,
        ..Case::default()
    });
    // A container taken off its only network still runs, with no route
    // anywhere.
    check(Case {
        name: "noroute",
        args: &["--script", "script.sh"],
        files: &[(
            "script.sh",
            "docker network disconnect noroute_front noroute-web-1\n",
        )],
        rules: &["web -> 10.2.0.30"],
        expected: "FAIL web -> 10.2.0.30\n  web-1 10.2.0.30: literal -> dropped NoRoute\n",
        status: 1,
        ..Case::default()
    });
}

#[test]
fn connections_need_a_ready_app_and_isolation_needs_every_path_closed() {
    check(Case {
        name: "apps",
        rules: &["web -> slow:80", "web -/-> api", "once -/-> api"],
        expected: "\
FAIL web -> slow:80
  web-1 slow: dns Record -> delivered, refused
FAIL web -/-> api
  web-1 api-1: dns Record -> delivered
  web-1 api: dns Record -> delivered
  web-1 10.2.0.20: literal -> dropped OtherNetwork (held)
  web-1 10.1.0.20: literal -> delivered
ok once -/-> api
  once-1 api: - -> dropped SenderNotRunning
",
        status: 1,
        ..Case::default()
    });
    // What listens where: postgres on 5432, nginx on 80 (not on the host
    // port it is published as), `local` on 127.0.0.1 only.
    check(Case {
        name: "ports",
        rules: &["api -> db:8080", "api -> web:8081", "web -> local:8080"],
        expected: "\
FAIL api -> db:8080
  api-1 db: dns Record -> delivered, notlistening
FAIL api -> web:8081
  api-1 web: dns Record -> delivered, notlistening (host port of 80)
FAIL web -> local:8080
  web-1 local: dns Record -> delivered, loopbackonly
",
        status: 1,
        ..Case::default()
    });
    check(Case {
        name: "all-hold",
        rules: &["web -> api", "api -> db:5432", "web does not resolve db"],
        expected: "\
ok web -> api
  web-1 api: dns Record -> delivered, connected
ok api -> db:5432
  api-1 db: dns Record -> delivered, connected
ok web does not resolve db
  web-1 db: dns NotOnAskersNetworks
",
        status: 0,
        ..Case::default()
    });
    // A command of the script that fails is reported; the rules are
    // still held to the host it left.
    check(Case {
        name: "script-fails",
        args: &["--script", "steps.sh"],
        files: &[("steps.sh", "docker stop nosuch\ndocker stop script-fails-api-1\n")],
        rules: &["web -/-> api"],
        // A stopped container has no address and no alias on a network:
        // only its name is left to try.
        expected: "ok web -/-> api\n  web-1 api-1: dns NotOnAskersNetworks\n",
        stderr: "composenet: steps.sh:1: `docker stop nosuch` failed (exit 1): Error response from daemon: No such container: nosuch\n",
        status: 0,
    });
    check(Case {
        name: "empty",
        rules: &["web -> none"],
        expected: "FAIL web -> none\n  problem: the service none has no container, so there is nothing to try\n",
        status: 1,
        ..Case::default()
    });
}

#[test]
fn rules_that_cannot_be_checked_stop_with_status_2_and_say_where() {
    check(Case {
        name: "unknown",
        rules: &["web -> dbb", "wbe -/-> db"],
        expected: "\
composenet: --expect 1, column 8: no service \"dbb\" in compose.yaml; its services are api, db, legacy, local, loner, none, once, slow, web
composenet: --expect 2, column 1: no service \"wbe\" in compose.yaml; its services are api, db, legacy, local, loner, none, once, slow, web
",
        status: 2,
        ..Case::default()
    });
    check(Case {
        name: "rules-file",
        args: &["--rules", "rules.txt"],
        files: &[(
            "rules.txt",
            "# isolation of the database\nweb -/-> db\nadmin -/-> db   # a typo'd service\nweb => api\n",
        )],
        expected: "\
composenet: rules.txt:4:5: `=>` is not a relation; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`
",
        status: 2,
        ..Case::default()
    });
    check(Case {
        name: "rules-file-service",
        args: &["--rules", "rules.txt"],
        files: &[("rules.txt", "web -/-> db\nadmin -/-> db\n")],
        expected: "\
composenet: rules.txt:2:1: no service \"admin\" in compose.yaml; its services are api, db, legacy, local, loner, none, once, slow, web
",
        status: 2,
        ..Case::default()
    });
    check(Case {
        name: "no-rules",
        expected: "composenet: no rules to check: give --expect RULE or --rules FILE\n",
        status: 2,
        ..Case::default()
    });
    check(Case {
        name: "address-resolves",
        rules: &["web resolves 10.1.0.20"],
        expected:
            "composenet: --expect 1, column 14: an address needs no resolving: name a service\n",
        status: 2,
        ..Case::default()
    });
}

#[test]
fn a_file_that_does_not_load_stops_with_status_2() {
    let (stdout, stderr, status) = run(
        "bad-file",
        &[(
            "bad.yaml",
            "services:\n  web:\n    image: nginx\n    prots: [80]\n",
        )],
        &["--expect", "web -> web", "bad.yaml"],
    );
    assert_eq!(
        (stdout.as_str(), stderr.as_str(), status),
        (
            "",
            "composenet: bad.yaml:4:5: error: services.web additional properties 'prots' not allowed\ncomposenet: bad.yaml:4:5: warning: services.web.prots: did you mean 'ports'?\n",
            2
        )
    );
}

#[test]
fn the_text_says_why_a_rule_fails() {
    let dir = scratch(
        "text",
        &[(
            "rules.txt",
            "# front-end isolation\nweb -/-> db\nweb -/-> api\nweb -> db:5432\n",
        )],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_composenet"))
        .args([
            "check",
            "--rules",
            "rules.txt",
            "--expect",
            "web resolves api",
            "compose.yaml",
        ])
        .current_dir(&dir)
        .env_clear()
        .output()
        .expect("the binary runs");
    insta::assert_snapshot!(
        "check_text",
        format!(
            "exit {:?}\n--- stderr\n{}--- stdout\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        )
    );
}
