//! What the benchmarks and `bench/compare.sh` share: a generator of compose
//! files of any size, and each stage of `composenet up` as a function, so a
//! benchmark, the timing binary and a test all measure the same work.
//!
//! The generated project is shaped like a large real one rather than like a
//! worst case: services in dependency chains of ten (the head has a health
//! check and the next one waits for it to be healthy), twenty networks with
//! aliases, a third of the services on two networks, an app in every chain
//! that connects to its upstream by name, one service in fifty with two
//! replicas and one in a hundred publishing a port. Everything is derived
//! from the index, so a size always gives the same file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use composenet_loader::compose::{self as cm, LoadOptions};
use composenet_loader::source::MemorySource;
use composenet_loader::to_model;
use composenet_model::compose::{self, ProjectSpec, UpOptions};
use composenet_model::{EngineVersion, Host};

/// How many networks the generated projects spread their services over.
pub const NETWORKS: usize = 20;
/// Services per depends_on chain.
const CHAIN: usize = 10;
/// One service in this many has two replicas.
const REPLICATED_EVERY: usize = 50;
/// One service in this many publishes a port.
const PUBLISHED_EVERY: usize = 100;

/// The folder the generated file is loaded from (its base name is not the
/// project name: the file names itself).
pub const WORKING_DIR: &str = "/bench";

/// A compose file whose project has exactly `containers` containers (the
/// last replicated service gets one replica if two would be one too many),
/// so a size stays within the loader's limit on containers per project.
/// Returns the text and the number of services in it.
pub fn compose_file(containers: usize) -> (String, usize) {
    let mut text = String::with_capacity(containers * 260 + 1024);
    text.push_str("name: bench\nservices:\n");
    let mut made = 0;
    let mut services = 0;
    while made < containers {
        let i = services;
        services += 1;
        let replicas = if i % REPLICATED_EVERY == REPLICATED_EVERY - 1 && made + 2 <= containers {
            2
        } else {
            1
        };
        made += replicas;
        service(&mut text, i, replicas);
    }
    text.push_str("networks:\n");
    for k in 0..NETWORKS {
        let _ = writeln!(text, "  net{k:02}: {{}}");
    }
    (text, services)
}

fn service(text: &mut String, i: usize, replicas: usize) {
    let chain = i / CHAIN;
    let link = i % CHAIN;
    let _ = writeln!(text, "  s{i:05}:");
    let image = if i % 4 == 3 {
        "redis:7"
    } else {
        "nginx:alpine"
    };
    let _ = writeln!(text, "    image: {image}");
    // A chain shares its first network, so an app finds its upstream by name.
    let first = chain % NETWORKS;
    let _ = writeln!(text, "    networks:");
    let _ = writeln!(text, "      net{first:02}:");
    let _ = writeln!(
        text,
        "        aliases: [alias-{i:05}, chain-{chain}-{link}]"
    );
    if i % 3 == 0 {
        let second = (first + 7) % NETWORKS;
        let _ = writeln!(text, "      net{second:02}: {{}}");
    }
    if link == 0 {
        text.push_str(
            "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1s\n      timeout: 1s\n",
        );
    } else {
        let condition = if link == 1 {
            "service_healthy"
        } else {
            "service_started"
        };
        let _ = writeln!(
            text,
            "    depends_on:\n      s{:05}:\n        condition: {condition}",
            i - 1
        );
    }
    if link == CHAIN / 2 {
        let _ = writeln!(text, "    environment:\n      UPSTREAM_HOST: s{:05}", i - 1);
    }
    if i % PUBLISHED_EVERY == 7 {
        let _ = writeln!(text, "    ports: [\"{}:80\"]", 10_000 + i);
    }
    if replicas > 1 {
        let _ = writeln!(text, "    deploy:\n      replicas: {replicas}");
    }
}

/// The path the generated file is loaded from.
pub fn compose_path() -> PathBuf {
    Path::new(WORKING_DIR).join("compose.yaml")
}

/// The file system a load sees: the generated file alone.
pub fn source(text: &str) -> MemorySource {
    let mut files = MemorySource::new();
    files.insert(compose_path(), text);
    files
}

/// What `docker compose -f compose.yaml` is told.
pub fn load_options() -> LoadOptions {
    LoadOptions {
        working_dir: PathBuf::from(WORKING_DIR),
        files: vec![compose_path()],
        ..LoadOptions::default()
    }
}

/// The second floor: the text parsed into a generic YAML tree (serde_yaml's
/// `Value`: strings, numbers, sequences and mappings, no positions, aliases
/// expanded). The tree is returned, so that a timing need not include
/// freeing it.
pub fn yaml_tree(text: &str) -> Option<serde_yaml::Value> {
    serde_yaml::from_str(text).ok()
}

/// The bare YAML floor: every libyaml event of the text, with nothing built
/// from them. Returns the number of events (or `None` on a syntax error).
pub fn yaml_events(text: &str) -> Option<usize> {
    use std::mem::MaybeUninit;
    use unsafe_libyaml::{
        yaml_event_delete, yaml_event_t, yaml_parser_delete, yaml_parser_initialize,
        yaml_parser_parse, yaml_parser_set_input_string, yaml_parser_t, YAML_STREAM_END_EVENT,
    };
    let mut parser = Box::new(MaybeUninit::<yaml_parser_t>::uninit());
    let p = parser.as_mut_ptr();
    let mut count = 0;
    let mut ok = true;
    // SAFETY: the parser is initialised before use and deleted once; the
    // input outlives it; every event parsed is deleted before the next.
    unsafe {
        if yaml_parser_initialize(p).fail {
            return None;
        }
        yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        let mut event = MaybeUninit::<yaml_event_t>::uninit();
        loop {
            let ev = event.as_mut_ptr();
            if yaml_parser_parse(p, ev).fail {
                ok = false;
                break;
            }
            let end = (*ev).type_ == YAML_STREAM_END_EVENT;
            yaml_event_delete(ev);
            count += 1;
            if end {
                break;
            }
        }
        yaml_parser_delete(p);
    }
    ok.then_some(count)
}

/// What a load returns: the typed project, and the rest of the loader's
/// answer (the positions tree, the diagnostics). The rest is handed back
/// rather than dropped, so that a timing of `load` does not include freeing
/// it, as it does not include freeing the project.
pub struct Loaded {
    pub project: cm::Project,
    pub rest: cm::Loaded,
}

/// Stages 0–10 of the compose loader: the typed project, or the first
/// diagnostic as text.
pub fn load(files: &MemorySource) -> Result<Loaded, String> {
    let mut rest = cm::load(&load_options(), files);
    if let Some(d) = rest.diagnostics.iter().find(|d| d.is_error()) {
        return Err(d.to_string());
    }
    let project = rest
        .project
        .take()
        .ok_or_else(|| "no project".to_string())?;
    Ok(Loaded { project, rest })
}

/// The typed project lowered to the model's `ProjectSpec`.
pub fn lower(project: &cm::Project) -> Result<ProjectSpec, String> {
    to_model::project_to_spec(project, &[compose_path().display().to_string()])
}

/// `docker compose up -d` on a fresh host (the newest engine, seed 1, as
/// `composenet up` plays it).
pub fn up(spec: &ProjectSpec) -> Result<Host, String> {
    let mut host = Host::new(EngineVersion::default(), 1);
    let outcome = compose::up(&mut host, spec, &UpOptions::default());
    match outcome.error {
        Some(e) => Err(e.to_string()),
        None => Ok(host),
    }
}

/// Every stage from text to a host after `up`.
pub fn load_and_up(text: &str) -> Result<Host, String> {
    let loaded = load(&source(text))?;
    up(&lower(&loaded.project)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated files load without a diagnostic and come up with the
    /// asked number of containers, all running: a benchmark of a failing
    /// `up` would measure an error path.
    #[test]
    fn generated_projects_come_up_whole() {
        for containers in [1, 10, 49, 51, 120] {
            let (text, services) = compose_file(containers);
            assert!(yaml_events(&text).is_some_and(|n| n > services));
            let host = load_and_up(&text).unwrap_or_else(|e| panic!("{containers}: {e}"));
            let running = host.containers().filter(|c| c.is_running()).count();
            assert_eq!(
                (host.containers().count(), running),
                (containers, containers)
            );
        }
    }

    /// A size always gives the same file.
    #[test]
    fn generation_is_deterministic() {
        assert_eq!(compose_file(300), compose_file(300));
    }
}
