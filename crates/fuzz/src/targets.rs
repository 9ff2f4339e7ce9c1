//! The five fuzz targets. Each takes text, runs one part of composenet on
//! it within a fixed amount of simulated work, checks what an oracle can
//! check beyond "did not panic", and names the outcomes it reached.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use composenet_loader::cli;
use composenet_loader::compose::{load, LoadOptions};
use composenet_loader::MemorySource;
use composenet_model::snapshot::Snapshot;
use composenet_model::{Host, SimTime};
use composenet_play::scene::Scene;
use composenet_play::{inspect, link, play, template, PlayOptions, Session};
use serde_json::Value;

use crate::driver::{normalise, Target};
use crate::mutate::Mutator;

/// Every target, in the order the tests and the README list them.
pub fn all() -> [&'static Target; 5] {
    [&COMPOSE, &CLI, &SESSION, &TEMPLATE, &URL]
}

/// A line that starts another file of a bundle: a seed or input holds a
/// compose file or script first, then `#--- FILE path` and that file's
/// text, and so on (includes, extends, env files).
const FILE_MARK: &str = "#--- FILE ";

/// Splits a bundle into its first text and its further files.
pub fn bundle(input: &str) -> (String, Vec<(String, String)>) {
    let mut first = String::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for line in input.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix(FILE_MARK) {
            files.push((name.trim().to_string(), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        } else {
            first.push_str(line);
        }
    }
    (first, files)
}

const PROJECT: &str = "/work/project";

fn source(first: Option<(&str, &str)>, files: &[(String, String)]) -> MemorySource {
    let mut fs = MemorySource::new();
    if let Some((name, text)) = first {
        fs.insert(Path::new(PROJECT).join(name), text);
    }
    for (name, text) in files {
        // Absolute names stay where they point (`include: /etc/x.yaml`).
        fs.insert(Path::new(PROJECT).join(name), text.as_str());
    }
    fs
}

/// The signature of a diagnostic-like message: its severity and its
/// normalised text, after a `|` (the driver drops the words of the text
/// that the input holds: they are the input echoed, not the outcome).
fn sig(prefix: &str, message: &str) -> String {
    format!("{prefix}|{}", normalise(message))
}

// ---------------------------------------------------------------- compose

pub static COMPOSE: Target = Target {
    name: "compose",
    run: run_compose,
    mutator: Mutator {
        dictionary: &[
            "services:\n",
            "networks:\n",
            "volumes:\n",
            "include:\n",
            "extends:\n",
            "  web:\n",
            "    image: nginx\n",
            "    networks: [a, b]\n",
            "    ports:\n      - ",
            "8080:80",
            "1-65535:1-65535",
            "    depends_on:\n      db:\n        condition: service_healthy\n",
            "    healthcheck:\n      test: [CMD, true]\n      interval: ",
            "1ns",
            "0s",
            "1ms",
            "    deploy:\n      replicas: ",
            "    scale: ",
            "    network_mode: ",
            "service:web",
            "container:x",
            "host",
            "none",
            "ipv4_address: ",
            "10.0.0.300",
            "172.30.0.0/16",
            "    ipam:\n      config:\n        - subnet: ",
            "ip_range: ",
            "gateway: ",
            "aliases: ",
            "links: ",
            "external: true",
            "internal: true",
            "name: ",
            "${A:-${B:-x}}",
            "${A?err}",
            "$$",
            "${",
            "profiles: [p]",
            "env_file: .env",
            "!reset",
            "!override",
            "&a ",
            "*a",
            "<<: *a",
            "x-composenet:",
            "restart: always",
            "mac_address: ",
            "02:42:ac:11:00:02",
            "    container_name: ",
            "path: ./other.yaml",
            "\n#--- FILE other.yaml\n",
            "\n#--- FILE .env\nA=1\n",
            "file: other.yaml",
            "service: web",
            "hostname: ",
            "expose: ",
            "extra_hosts: ",
            "dns: ",
            "cap_add: ",
            "labels: ",
            "environment: ",
        ],
        max_len: 8 * 1024,
    },
};

/// The most containers the compose target brings up per input.
const MAX_UP: u64 = 100;

fn run_compose(input: &str) -> Result<Vec<String>, String> {
    let (first, files) = bundle(input);
    let fs = source(Some(("compose.yaml", &first)), &files);
    let opts = LoadOptions {
        working_dir: PathBuf::from(PROJECT),
        ..LoadOptions::default()
    };
    let loaded = load(&opts, &fs);
    let mut sigs: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| sig(if d.is_error() { "error" } else { "warning" }, &d.message))
        .collect();
    if let Some(project) = &loaded.project {
        sigs.push(format!("project:{}", project.services.len().min(4)));
    }
    // A project that loads is brought up, so the model meets the fuzzed
    // services too: up to a hundred containers (the loader's own cap is
    // 10 000, seconds in a debug build) and a short settle.
    let containers: u64 = loaded
        .project
        .iter()
        .flat_map(|p| p.services.values())
        .map(|s| u64::from(s.replicas))
        .sum();
    if !loaded.has_errors() && loaded.project.is_some() && containers <= MAX_UP {
        let opts = PlayOptions {
            cwd: PathBuf::from(PROJECT),
            settle: Duration::from_secs(5),
            ..PlayOptions::default()
        };
        let played = play("docker compose up -d\ndocker compose ps", opts, &fs);
        for step in &played.steps {
            sigs.push(sig(&format!("up:{}", step.status), &step.stderr));
        }
    }
    Ok(sigs)
}

// -------------------------------------------------------------------- cli

pub static CLI: Target = Target {
    name: "cli",
    run: run_cli,
    mutator: Mutator {
        dictionary: &[
            "docker ",
            "run ",
            "create ",
            "network ",
            "create ",
            "connect ",
            "disconnect ",
            "compose ",
            "up ",
            "-d ",
            "--rm ",
            "--name ",
            "--network ",
            "--net=",
            "--ip ",
            "--ip=",
            "--network-alias ",
            "--alias ",
            "--link ",
            "-p ",
            "--publish ",
            "--expose ",
            "--add-host ",
            "--restart ",
            "on-failure:",
            "unless-stopped",
            "--health-cmd ",
            "--health-interval ",
            "--subnet ",
            "--ip-range ",
            "--gateway ",
            "--driver ",
            "--internal ",
            "-o ",
            "--opt ",
            "com.docker.network.bridge.name=",
            "-f ",
            "--format ",
            "'{{.Name}}'",
            "--mac-address ",
            "--hostname ",
            "--dns ",
            "-e ",
            "--env ",
            "exec ",
            "-it ",
            "sh -c ",
            "inspect ",
            "rm ",
            "-f ",
            "stop ",
            "-t ",
            "kill ",
            "-s ",
            "ps ",
            "-a ",
            "--filter ",
            "name=",
            "network=",
            "status=",
            "\\\n",
            "&& ",
            "; ",
            "| ",
            "$(docker ps -q)",
            "$HOME",
            "\"$X\"",
            "'",
            "--",
            "-",
            "=",
            "nslookup ",
            "dig ",
            "ping -c 1 ",
            "curl ",
            "nc -z ",
            "ip addr",
            "getent hosts ",
            "sleep ",
            "echo ",
            "exit ",
            "--scale web=",
            "--force-recreate ",
            "-p ",
            "--profile ",
            "volume ",
            "ls ",
            "prune ",
            "port ",
            "rename ",
            "logs ",
            "top ",
            "wait ",
        ],
        max_len: 4 * 1024,
    },
};

fn run_cli(input: &str) -> Result<Vec<String>, String> {
    let env = |name: &str| match name {
        "HOME" => Some("/root".to_string()),
        "X" => Some("a b".to_string()),
        _ => None,
    };
    let (lines, diags) = cli::split_script(input, &env);
    let mut sigs: Vec<String> = diags.iter().map(|d| sig("lex", &d.message)).collect();
    for line in &lines {
        let first = line.words.first().map(String::as_str);
        let parsed = if matches!(first, Some("docker" | "docker-compose")) {
            cli::parse_docker(&line.words).map(|c| format!("docker:{}", c.kind()))
        } else {
            cli::parse_tool(&line.words).map(|t| format!("tool:{}", t.kind()))
        };
        sigs.push(match parsed {
            Ok(kind) => kind,
            Err(e) => {
                // The error names a word of the line; it must exist.
                if e.word > line.words.len() {
                    return Err(format!(
                        "error points at word {} of {}: {e}",
                        e.word,
                        line.words.len()
                    ));
                }
                sig("error", &e.to_string())
            }
        });
    }
    Ok(sigs)
}

// ---------------------------------------------------------------- session

pub static SESSION: Target = Target {
    name: "session",
    run: run_session,
    mutator: Mutator {
        dictionary: CLI.mutator.dictionary,
        max_len: 6 * 1024,
    },
};

/// Commands per input: enough for a scenario, few enough that a debug
/// build runs hundreds of inputs a second.
const MAX_COMMANDS: usize = 40;
/// The simulated time left for pending timers after the last command.
const SETTLE: Duration = Duration::from_secs(60);

fn session_opts() -> PlayOptions {
    PlayOptions {
        cwd: PathBuf::from(PROJECT),
        settle: SETTLE,
        ..PlayOptions::default()
    }
}

/// Plays a bundle's script within the bounds above; the played result and
/// each step's signature.
fn play_bounded(script: &str, fs: &MemorySource) -> (composenet_play::Played, Vec<String>) {
    let mut session = Session::new(session_opts(), fs);
    let mut lines = session.lex(script);
    lines.truncate(MAX_COMMANDS);
    let _ = session.run_lines_with(lines, |_| ControlFlow::Continue(()));
    session.settle();
    let mut sigs = Vec::new();
    for step in &session.steps {
        sigs.push(format!(
            "{}:{}|{}",
            command_kind(&step.words),
            step.status,
            normalise(&step.stderr)
        ));
    }
    for d in &session.diagnostics {
        sigs.push(sig("diag", &d.message));
    }
    (session.finish(), sigs)
}

/// A command's kind as the parsers see it (`network create`, `sleep`), so
/// mutated names do not count as new outcomes.
fn command_kind(words: &[String]) -> String {
    match words.first().map(String::as_str) {
        Some("docker" | "docker-compose") => cli::parse_docker(words)
            .map(|c| c.kind())
            .unwrap_or_else(|_| "docker?".to_string()),
        Some(_) => cli::parse_tool(words)
            .map(|t| t.kind().to_string())
            .unwrap_or_else(|_| "tool?".to_string()),
        None => String::new(),
    }
}

fn run_session(input: &str) -> Result<Vec<String>, String> {
    let (script, files) = bundle(input);
    let fs = source(None, &files);
    let (played, sigs) = play_bounded(&script, &fs);
    scene_agrees(&played.host)?;
    // The walks' invariants that hold whatever the commands were (DNS
    // scoping needs names that do not collide, which only the walks
    // guarantee).
    crate::walk::unique_and_in_subnet(&played.host)?;
    crate::walk::inspect_agrees(&played.host)?;
    // Same input, same seed: the same transcript, byte for byte.
    let (again, _) = play_bounded(&script, &fs);
    if again.transcript(true) != played.transcript(true) {
        return Err("a second run printed another transcript".to_string());
    }
    Ok(sigs)
}

/// The snapshot with what a fold cannot know blanked: the clock, and the
/// order of DNS records' addresses.
pub fn normalise_snapshot(mut s: Snapshot) -> Snapshot {
    s.time = SimTime::ZERO;
    for n in &mut s.networks {
        for (_, ips) in &mut n.dns {
            ips.sort();
        }
        n.dns.sort();
    }
    s
}

/// The event log folded from the start equals the host's own snapshot.
pub fn scene_agrees(host: &Host) -> Result<(), String> {
    let initial = Host::with_config(host.engine(), 1, host.host_config().clone()).snapshot();
    let scene = Scene::at(&initial, host.events(), usize::MAX);
    let want = normalise_snapshot(host.snapshot());
    let got = normalise_snapshot(scene.snapshot());
    if got == want {
        return Ok(());
    }
    let (want, got) = (format!("{want:#?}"), format!("{got:#?}"));
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    Err(format!(
        "the folded log disagrees with the host at line {line}: host {:?}, scene {:?}",
        want.lines().nth(line).unwrap_or(""),
        got.lines().nth(line).unwrap_or("")
    ))
}

// --------------------------------------------------------------- template

pub static TEMPLATE: Target = Target {
    name: "template",
    run: run_template,
    mutator: Mutator {
        dictionary: &[
            "{{",
            "}}",
            "{{-",
            "-}}",
            "{{end}}",
            "{{else}}",
            "{{if ",
            "{{range ",
            "{{with ",
            "{{json ",
            "{{index ",
            "{{len ",
            "{{upper ",
            "{{lower ",
            "{{println}}",
            "{{printf ",
            "$k, $v := ",
            "$",
            ".",
            ".Name",
            ".State",
            ".NetworkSettings.Networks",
            ".Config",
            ".Config.Labels",
            ".HostConfig.Links",
            "(",
            ")",
            "\"",
            "\"net\"",
            " | ",
            "{{/* ",
            " */}}",
            "true",
            "false",
            "nil",
            "and ",
            "or ",
            "not ",
            "eq ",
            "table ",
            "\\t",
        ],
        max_len: 4 * 1024,
    },
};

/// A container's `docker inspect` JSON to render templates over: on two
/// networks, with links, labels and a health check.
pub fn inspect_value() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| {
        let script = "docker network create net\n\
            docker network create --subnet 10.9.0.0/24 other\n\
            docker run -d --name db --network net redis\n\
            docker run -d --name web --network net --link db:database -l tier=front \
            --health-cmd true -p 8080:80 nginx\n\
            docker network connect --alias w other web\n";
        let played = play(script, PlayOptions::default(), &MemorySource::new());
        let id = played
            .host
            .find_container("web")
            .expect("the script creates web");
        let mut value = inspect::container(&played.host, id);
        // `.Containers` as `docker network inspect` has it, so ranges over
        // an object of objects are reached too.
        let net = played
            .host
            .find_network("net")
            .expect("the script creates net");
        if let Value::Object(map) = &mut value {
            map.insert("Net".to_string(), inspect::network(&played.host, net));
        }
        value
    })
}

fn run_template(input: &str) -> Result<Vec<String>, String> {
    let value = inspect_value();
    match template::render_template(input, value) {
        Ok(out) => {
            // The renderer's own bound (8 MiB) holds.
            if out.len() > (8 << 20) + 64 * 1024 {
                return Err(format!(
                    "{} bytes of output from {} bytes",
                    out.len(),
                    input.len()
                ));
            }
            // How it rendered: the length's order of magnitude and the
            // shapes Go prints for maps, lists, JSON and missing values.
            let shapes: String = [("map[", 'm'), ("[", 'l'), ("{", 'j'), ("<no value>", 'n')]
                .iter()
                .filter(|(p, _)| out.contains(p))
                .map(|(_, c)| *c)
                .collect();
            Ok(vec![format!("ok:{}:{shapes}", out.len().max(1).ilog10())])
        }
        Err(e) => Ok(vec![sig("error", &e)]),
    }
}

// -------------------------------------------------------------------- url

pub static URL: Target = Target {
    name: "url",
    run: run_url,
    mutator: Mutator {
        dictionary: &[
            "?",
            "&",
            "=",
            "scenario=",
            "custom",
            "text=",
            "step=",
            "end",
            "view=",
            "linux",
            "services",
            "engine=",
            "lang=",
            "ko",
            "%",
            "%25",
            "%2",
            "%zz",
            "%e2%82%ac",
            "%ff",
            "+",
            "-",
            "$",
            "\"dir\":",
            "\"files\":",
            "\"commands\":",
            "[[\"compose.yaml\",\"\"]]",
            "\\u0000",
            "\\ud800",
            "{",
            "}",
            "[",
            "]",
            ",",
            "null",
            "1e999",
        ],
        max_len: 4 * 1024,
    },
};

/// The page's link input, the same shape as `www`'s `sim::Input`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkInput {
    pub dir: String,
    pub files: Vec<(String, String)>,
    pub commands: String,
}

fn run_url(input: &str) -> Result<Vec<String>, String> {
    let mut sigs = Vec::new();
    // As a query string: the pairs, and the text in `text=` decoded.
    for (key, value) in link::query_pairs(input) {
        if key == "text" {
            let decoded = link::decode::<LinkInput>(&value);
            sigs.push(format!("text:{}", decoded.is_some()));
        } else if ["scenario", "step", "view", "engine", "lang"].contains(&key) {
            sigs.push(format!("key:{key}:{}", value.is_empty()));
        }
    }
    // As the JSON a link carries: encoding then decoding gives it back.
    if let Ok(value) = serde_json::from_str::<LinkInput>(input) {
        let text = link::encode(&value);
        if link::decode::<LinkInput>(&text).as_ref() != Some(&value) {
            return Err("a link does not decode to what was encoded".to_string());
        }
        // The same text through a query string, escaped or not.
        let query = format!("?scenario=custom&text={text}");
        let back = link::query_pairs(&query)
            .into_iter()
            .find(|(k, _)| *k == "text")
            .and_then(|(_, t)| link::decode::<LinkInput>(&t));
        if back.as_ref() != Some(&value) {
            return Err("a link's text does not survive the query string".to_string());
        }
        sigs.push("json:roundtrip".to_string());
    }
    // Damaged compressed text: decoding it must end, with a value or none.
    let damaged = link::decode::<LinkInput>(input);
    sigs.push(format!("raw:{}", damaged.is_some()));
    Ok(sigs)
}
