//! The compose loader against the shared corpus of real compose files:
//! every file loads without panicking and quickly, its verdict is
//! snapshotted, and where Docker Compose 2.40.3's own verdict was recorded
//! (`tests/corpus/verdicts.tsv`) ours must agree.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use composenet_loader::compose::{load, LoadOptions, Loaded, MountType, Project};
use composenet_loader::source::normalize;
use composenet_loader::{FileSource, ReadError};

#[path = "../../../tests/corpus/locate.rs"]
mod locate;

const VERDICTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/corpus/verdicts.tsv"
);
const CONFIGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/config");

/// The disk, for the tests only (the crate itself never reads it).
struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(e.to_string()),
        })
    }
}

/// The corpus's folder; each test first checks it is there
/// ([`locate::corpus_or_skip`]).
fn corpus() -> PathBuf {
    normalize(&locate::corpus_path())
}

/// Every compose file of the corpus, relative to its root, in a stable
/// order (the docker CLI transcripts are not compose files).
fn yaml_files() -> Vec<String> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if p.file_name().unwrap() != "docker-cli" {
                    walk(&p, root, out);
                }
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
                out.push(p.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(&corpus(), &corpus(), &mut out);
    out
}

/// Runs `docker compose -f <file> <args> config` the way the verdicts were
/// recorded: from the file's folder, with an empty environment.
fn run(path: &str, args: &[String]) -> (Loaded, Duration) {
    let full = corpus().join(path);
    let dir = full.parent().unwrap().to_path_buf();
    let mut opts = LoadOptions {
        working_dir: dir,
        files: vec![full.file_name().unwrap().into()],
        ..LoadOptions::default()
    };
    // The recording ran with only PATH and this HOME set.
    opts.env
        .insert("HOME".into(), "/tmp/composenet-verdicts-home".into());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--env-file" => opts.env_files.push(it.next().unwrap().into()),
            "-f" => opts.files.push(it.next().unwrap().into()),
            other => panic!("unexpected argument {other}"),
        }
    }
    let start = Instant::now();
    let loaded = load(&opts, &Disk);
    (loaded, start.elapsed())
}

/// The `--env-file` a corpus file was recorded with: `<stem>.env` beside
/// `<stem>.yaml` or `<stem>.*.yaml`.
fn env_args(path: &str) -> Vec<String> {
    let full = corpus().join(path);
    let dir = full.parent().unwrap();
    let name = full.file_name().unwrap().to_string_lossy().to_string();
    let mut envs: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".env"))
        .collect();
    envs.sort();
    for env in envs {
        let stem = env.trim_end_matches(".env");
        if name == format!("{stem}.yaml")
            || name == format!("{stem}.yml")
            || name.starts_with(&format!("{stem}."))
        {
            return vec!["--env-file".into(), env];
        }
    }
    Vec::new()
}

fn verdict(loaded: &Loaded) -> String {
    let root = corpus().display().to_string();
    match loaded.diagnostics.iter().find(|d| d.is_error()) {
        None => {
            let warnings = loaded.diagnostics.len();
            if warnings == 0 {
                "ok".to_string()
            } else {
                format!("ok ({warnings} warnings)")
            }
        }
        Some(d) => {
            let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).count();
            let first = d.to_string().replace(&root, "<corpus>");
            let first = first.lines().next().unwrap_or_default().to_string();
            format!("{errors} error(s): {first}")
        }
    }
}

#[test]
fn every_corpus_file_loads_quickly() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let mut lines = Vec::new();
    for path in yaml_files() {
        let args = env_args(&path);
        let (loaded, took) = run(&path, &args);
        assert!(took < Duration::from_secs(1), "{path} took {took:?}");
        let shown = if args.is_empty() {
            path.clone()
        } else {
            format!("{path} {}", args.join(" "))
        };
        lines.push(format!("{shown}: {}", verdict(&loaded)));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn alias_bomb_is_refused_in_milliseconds() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let (loaded, took) = run("compose-go/reset.TestAliasBombPrevented.yaml", &[]);
    assert!(took < Duration::from_millis(100), "took {took:?}");
    let first = loaded.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(first.message, "yaml: document contains excessive aliasing");
    assert!(loaded.project.is_none());
}

/// Rows where our verdict differs from Compose's and why; kept short and
/// explained (see the test below).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

#[test]
fn verdicts_match_docker_compose() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let mut mismatches = Vec::new();
    let mut rows = 0;
    for (path, args, expected, message) in verdict_rows() {
        let (loaded, _) = run(&path, &args);
        let ours = if loaded.has_errors() {
            "reject"
        } else {
            "accept"
        };
        rows += 1;
        if ours != expected {
            let first = loaded
                .diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(|d| d.message.clone())
                .unwrap_or_default();
            mismatches.push(format!(
                "{path} [{}]: compose {expected} ({message}), ours {ours} ({first})",
                args.join(" ")
            ));
        }
    }
    assert!(rows > 0);
    // Every compose file of the corpus has a recorded verdict.
    let recorded: Vec<String> = verdict_rows().into_iter().map(|r| r.0).collect();
    let unrecorded: Vec<String> = yaml_files()
        .into_iter()
        .filter(|f| !recorded.contains(f))
        .collect();
    assert!(
        unrecorded.is_empty(),
        "no recorded verdict for {unrecorded:?}"
    );
    let known: Vec<String> = KNOWN_DIFFERENCES
        .iter()
        .map(|(p, a, _)| format!("{p} [{a}]"))
        .collect();
    let unexpected: Vec<&String> = mismatches
        .iter()
        .filter(|m| !known.iter().any(|k| m.starts_with(k.as_str())))
        .collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| !mismatches.iter().any(|m| m.starts_with(k.as_str())))
        .collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "verdicts differ from Compose:\n{}\nknown differences that no longer differ:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        fixed
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// The verdict rows of `tests/corpus/verdicts.tsv`: path, arguments,
/// verdict, message.
fn verdict_rows() -> Vec<(String, Vec<String>, String, String)> {
    let Ok(tsv) = std::fs::read_to_string(normalize(Path::new(VERDICTS))) else {
        return Vec::new();
    };
    tsv.lines()
        .skip(1)
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (
                cols[0].to_string(),
                cols[1].split_whitespace().map(String::from).collect(),
                cols[2].to_string(),
                cols.get(3).copied().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The name `record-verdicts.sh` gives a run's `config` output.
fn config_file(path: &str, args: &[String]) -> PathBuf {
    let mut slug = path.replace('/', "__");
    if !args.is_empty() {
        let joined = args.join(" ");
        let mut cleaned = String::new();
        let mut in_run = false;
        for c in joined.chars() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                cleaned.push(c);
                in_run = false;
            } else if !in_run {
                cleaned.push('_');
                in_run = true;
            }
        }
        slug = format!("{slug}@{cleaned}");
    }
    normalize(Path::new(CONFIGS)).join(format!("{slug}.json"))
}

/// What both sides are compared on, one fact a line, sorted.
fn facts_of_compose(doc: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    // `config` writes `$` as `$$` so that its output loads again.
    let s = |v: Option<&Value>| -> String {
        match v {
            None | Some(Value::Null) => "-".into(),
            Some(Value::String(s)) => s.replace("$$", "$"),
            Some(other) => other.to_string(),
        }
    };
    let mut out = vec![format!("name {}", s(doc.get("name")))];
    let empty = serde_json::Map::new();
    let services = doc
        .get("services")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, svc) in services {
        let replicas = svc
            .get("deploy")
            .and_then(|d| d.get("replicas"))
            .or_else(|| svc.get("scale"))
            .map(|v| v.to_string())
            .unwrap_or_else(|| "1".into());
        out.push(format!(
            "service {name} image={} container_name={} hostname={} network_mode={} replicas={replicas}",
            s(svc.get("image")),
            s(svc.get("container_name")),
            s(svc.get("hostname")),
            s(svc.get("network_mode")),
        ));
        if let Some(h) = svc.get("healthcheck") {
            let test: Vec<String> = h
                .get("test")
                .and_then(Value::as_array)
                .map(|t| t.iter().map(|x| s(Some(x))).collect())
                .unwrap_or_default();
            out.push(format!(
                "service {name} healthcheck {test:?} interval={} timeout={} start_period={} retries={} disable={}",
                s(h.get("interval")),
                s(h.get("timeout")),
                s(h.get("start_period")),
                s(h.get("retries")),
                h.get("disable").and_then(Value::as_bool).unwrap_or(false)
            ));
        }
        out.push(format!("service {name} restart={}", s(svc.get("restart"))));
        for (key, list) in [("expose", svc.get("expose")), ("links", svc.get("links"))] {
            let items: Vec<String> = list
                .and_then(Value::as_array)
                .map(|a| a.iter().map(|x| s(Some(x))).collect())
                .unwrap_or_default();
            out.push(format!("service {name} {key} {items:?}"));
        }
        if let Some(labels) = svc.get("labels").and_then(Value::as_object) {
            for (k, v) in labels {
                out.push(format!("service {name} label {k}={}", s(Some(v))));
            }
        }
        for key in ["command", "entrypoint"] {
            if let Some(Value::Array(words)) = svc.get(key) {
                let words: Vec<String> = words.iter().map(|w| s(Some(w))).collect();
                out.push(format!("service {name} {key} {words:?}"));
            }
        }
        if let Some(nets) = svc.get("networks").and_then(Value::as_object) {
            for (key, n) in nets {
                let aliases: Vec<String> = n
                    .get("aliases")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|x| s(Some(x))).collect())
                    .unwrap_or_default();
                out.push(format!(
                    "service {name} network {key} aliases={aliases:?} ipv4={} ipv6={}",
                    s(n.get("ipv4_address")),
                    s(n.get("ipv6_address"))
                ));
            }
        }
        for p in svc
            .get("ports")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(format!(
                "service {name} port {}:{}:{}/{} {}",
                s(p.get("host_ip")),
                s(p.get("published")),
                s(p.get("target")),
                s(p.get("protocol")),
                s(p.get("mode"))
            ));
        }
        if let Some(deps) = svc.get("depends_on").and_then(Value::as_object) {
            for (dep, d) in deps {
                out.push(format!(
                    "service {name} depends_on {dep} {} required={} restart={}",
                    s(d.get("condition")),
                    d.get("required").and_then(Value::as_bool).unwrap_or(true),
                    d.get("restart").and_then(Value::as_bool).unwrap_or(false)
                ));
            }
        }
        if let Some(env) = svc.get("environment").and_then(Value::as_object) {
            for (k, v) in env {
                out.push(format!("service {name} env {k}={}", s(Some(v))));
            }
        }
        for m in svc
            .get("volumes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(format!(
                "service {name} mount {} {} {} ro={}",
                s(m.get("type")),
                s(m.get("source")),
                s(m.get("target")),
                m.get("read_only").and_then(Value::as_bool).unwrap_or(false)
            ));
        }
    }
    if let Some(nets) = doc.get("networks").and_then(Value::as_object) {
        for (key, n) in nets {
            let subnets: Vec<String> = n
                .get("ipam")
                .and_then(|i| i.get("config"))
                .and_then(Value::as_array)
                .map(|c| c.iter().map(|x| s(x.get("subnet"))).collect())
                .unwrap_or_default();
            out.push(format!(
                "network {key} name={} external={} driver={} internal={} subnets={subnets:?}",
                s(n.get("name")),
                n.get("external").and_then(Value::as_bool).unwrap_or(false),
                s(n.get("driver")),
                n.get("internal").and_then(Value::as_bool).unwrap_or(false),
            ));
        }
    }
    if let Some(vols) = doc.get("volumes").and_then(Value::as_object) {
        for (key, v) in vols {
            out.push(format!("volume {key} name={}", s(v.get("name"))));
        }
    }
    out.sort();
    out
}

/// Go's `time.Duration.String()`: `1m30s`, `500ms`, `1h0m0s`.
fn go_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, m) = (ms / 3_600_000, (ms / 60_000) % 60);
    let secs = (ms % 60_000) as f64 / 1000.0;
    let secs = format!("{secs}");
    match (h, m) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

fn facts_of_ours(p: &Project) -> Vec<String> {
    let root = corpus().display().to_string();
    let o = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut out = vec![format!("name {}", p.name)];
    for (name, svc) in &p.services {
        out.push(format!(
            "service {name} image={} container_name={} hostname={} network_mode={} replicas={}",
            o(&svc.image),
            o(&svc.container_name),
            o(&svc.hostname),
            o(&svc.network_mode),
            svc.replicas
        ));
        if let Some(h) = &svc.healthcheck {
            let d = |d: &Option<Duration>| d.map(go_duration).unwrap_or_else(|| "-".into());
            out.push(format!(
                "service {name} healthcheck {:?} interval={} timeout={} start_period={} retries={} disable={}",
                h.test,
                d(&h.interval),
                d(&h.timeout),
                d(&h.start_period),
                h.retries.map(|r| r.to_string()).unwrap_or_else(|| "-".into()),
                h.disable
            ));
        }
        out.push(format!("service {name} restart={}", o(&svc.restart)));
        out.push(format!("service {name} expose {:?}", svc.expose));
        out.push(format!("service {name} links {:?}", svc.links));
        for (k, v) in &svc.labels {
            out.push(format!("service {name} label {k}={v}"));
        }
        for (key, words) in [("command", &svc.command), ("entrypoint", &svc.entrypoint)] {
            if let Some(words) = words {
                out.push(format!("service {name} {key} {words:?}"));
            }
        }
        for (key, n) in &svc.networks {
            out.push(format!(
                "service {name} network {key} aliases={:?} ipv4={} ipv6={}",
                n.aliases,
                o(&n.ipv4_address),
                o(&n.ipv6_address)
            ));
        }
        for port in &svc.ports {
            out.push(format!(
                "service {name} port {}:{}:{}/{} {}",
                o(&port.host_ip),
                o(&port.published),
                port.target,
                port.protocol,
                port.mode
            ));
        }
        for (dep, d) in &svc.depends_on {
            out.push(format!(
                "service {name} depends_on {dep} {} required={} restart={}",
                d.condition.as_str(),
                d.required,
                d.restart
            ));
        }
        for (k, v) in &svc.environment {
            out.push(format!("service {name} env {k}={}", o(v)));
        }
        for m in &svc.volumes {
            let source = o(&m.source).replace(&root, "<corpus>");
            let kind = match &m.kind {
                MountType::Other(s) => s.clone(),
                k => k.as_str().to_string(),
            };
            out.push(format!(
                "service {name} mount {kind} {source} {} ro={}",
                m.target, m.read_only
            ));
        }
    }
    for (key, n) in &p.networks {
        let subnets: Vec<String> = n.ipam.config.iter().map(|c| o(&c.subnet)).collect();
        out.push(format!(
            "network {key} name={} external={} driver={} internal={} subnets={subnets:?}",
            n.name,
            n.external,
            o(&n.driver),
            n.internal
        ));
    }
    for (key, v) in &p.volumes {
        out.push(format!("volume {key} name={}", v.name));
    }
    out.sort();
    out
}

/// Where Compose accepted a file, the project we build must say what its
/// `config` said: names, images, networks and aliases, ports, dependencies,
/// environment, mounts.
#[test]
fn normalised_projects_match_docker_compose() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let mut diffs = Vec::new();
    for (path, args, verdict, _) in verdict_rows() {
        if verdict != "accept" {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(config_file(&path, &args)) else {
            continue;
        };
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let (loaded, _) = run(&path, &args);
        let theirs = facts_of_compose(&doc);
        let ours = facts_of_ours(loaded.project.as_ref().unwrap());
        for line in theirs.iter().filter(|l| !ours.contains(l)) {
            diffs.push(format!("{path}: compose has   {line}"));
        }
        for line in ours.iter().filter(|l| !theirs.contains(l)) {
            diffs.push(format!("{path}: ours has      {line}"));
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// The corpus's base/override/expected triplet (compose-go's own merge
/// fixture): what we make of the base merged with the override is what we
/// make of the expected file.
/// (The `normalize.*` pairs are left out: their expected files spell the
/// network names with the unnormalised project name `myProject`, which
/// compose-go's tests set directly; a real load lowercases it.)
#[test]
fn corpus_merge_triplet_agrees() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let render = |path: &str, args: &[&str]| -> String {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (loaded, _) = run(path, &args);
        loaded.project.map(|p| p.to_string()).unwrap_or_default()
    };
    let cases: &[(&str, &[&str], &str)] = &[(
        "compose-go/merge_networks.Test_mergeYamlServiceNetworksMixed.base.yaml",
        &[
            "-f",
            "merge_networks.Test_mergeYamlServiceNetworksMixed.override.yaml",
        ],
        "compose-go/merge_networks.Test_mergeYamlServiceNetworksMixed.expected.yaml",
    )];
    for (input, args, expected) in cases {
        assert_eq!(
            render(input, args),
            render(expected, &[]),
            "{input} {args:?} vs {expected}"
        );
    }
}
