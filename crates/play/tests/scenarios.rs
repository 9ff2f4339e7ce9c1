//! Plays every scenario under `tests/seeds` and `tests/facts` (a folder with
//! `script.sh` and the files it uses) and holds its transcript, the events
//! each command caused, and the final state to a golden file.

use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;

use composenet_model::event::EventKind;
use composenet_model::snapshot::Snapshot;
use composenet_model::{EngineVersion, Host, SimTime};
use composenet_play::scene::Scene;
use composenet_play::{play, PlayOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Copies a scenario folder into memory under `/scenarios/<name>`, so the
/// transcript never shows where the repository is checked out.
fn load_dir(dir: &Path, virtual_dir: &Path, files: &mut MemorySource) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap();
        if path.is_dir() {
            load_dir(&path, &virtual_dir.join(name), files);
        } else {
            files.insert(
                virtual_dir.join(name),
                std::fs::read_to_string(&path).unwrap(),
            );
        }
    }
}

/// The one helper every scenario goes through.
fn check(group: &str, name: &str, default_engine: EngineVersion) {
    let dir = repo().join("tests").join(group).join(name);
    let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
    let engine = script
        .lines()
        .find_map(|l| l.strip_prefix("# engine: "))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or(default_engine);
    let cwd = Path::new("/scenarios").join(name);
    let mut files = MemorySource::new();
    load_dir(&dir, &cwd, &mut files);
    let opts = PlayOptions {
        engine,
        cwd,
        ..PlayOptions::default()
    };
    let played = play(&script, opts, &files);
    scene_agrees(&played.host);
    let text = format!("{}\n{}", played.transcript(true), played.host.snapshot());
    insta::with_settings!({snapshot_suffix => format!("{group}-{name}"), prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("scenario", text);
    });
}

/// Folding the whole event log must give the host's final state, field
/// for field: the browser draws folded scenes, so anything an event
/// forgets to say would be drawn wrong. Only the clock may differ (the host
/// may have slept past its last event), and DNS records are compared as
/// sets (the snapshot lists them by container, the scene by registration).
fn scene_agrees(host: &Host) {
    let initial = Host::new(host.engine(), 1).snapshot();
    let scene = Scene::at(&initial, host.events(), usize::MAX);
    let normalise = |mut s: Snapshot| {
        s.time = SimTime::ZERO;
        for n in &mut s.networks {
            for (_, ips) in &mut n.dns {
                ips.sort();
            }
            n.dns.sort();
        }
        s
    };
    let want = normalise(host.snapshot());
    let got = normalise(scene.snapshot());
    if got != want {
        let (want, got) = (format!("{want:#?}"), format!("{got:#?}"));
        let line = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |text: &str| {
            let lines: Vec<&str> = text.lines().collect();
            lines[line.saturating_sub(12)..(line + 6).min(lines.len())].join("\n")
        };
        panic!(
            "the folded event log disagrees with the host's snapshot at line {line}:\n--- host\n{}\n--- scene\n{}",
            context(&want),
            context(&got)
        );
    }
}

/// The browser draws scenes in the middle of a run too: hold one such
/// scene to its readable text — the old api just removed (its address and
/// DNS record gone) before cache takes that address.
#[test]
fn scene_in_the_middle_of_a_replacement() {
    let dir = repo().join("tests/gallery/replace-new-address");
    let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
    let opts = PlayOptions {
        engine: EngineVersion::V29,
        cwd: Path::new("/scenarios/replace-new-address").to_path_buf(),
        ..PlayOptions::default()
    };
    let played = play(&script, opts, &MemorySource::new());
    let events = played.host.events();
    let removed = events
        .iter()
        .position(|e| matches!(&e.kind, EventKind::ContainerRemoved { name, .. } if name == "api"))
        .expect("api is removed");
    let initial = Host::new(EngineVersion::V29, 1).snapshot();
    let scene = Scene::at(&initial, events, removed + 1);
    insta::assert_snapshot!("scene_replacement_middle", scene.to_string());
}

macro_rules! scenarios {
    ($group:literal, $engine:expr, $($test:ident => $dir:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($group, $dir, $engine);
            }
        )*
    };
}

scenarios!("seeds", EngineVersion::V29,
    seed_compose_wordpress => "compose-wordpress",
    seed_run_wordpress => "run-wordpress",
    seed_todo_app => "todo-app",
);

scenarios!("facts", EngineVersion::V20_10,
    fact_pools_round_robin => "pools-round-robin",
    fact_pools_first_free => "pools-first-free",
    fact_lowest_free => "lowest-free",
    fact_gateway_not_first => "gateway-not-first",
    fact_mac_veth_bridge => "mac-veth-bridge",
    fact_eth0_order => "eth0-order",
    fact_ifname_counter => "ifname-counter",
    fact_resolv_conf => "resolv-conf",
    fact_hosts_file => "hosts-file",
    fact_compose_aliases => "compose-aliases",
    fact_first_network_wins => "first-network-wins",
    fact_replicas => "replicas",
    fact_link_user_network => "link-user-network",
    fact_legacy_links => "legacy-links",
    fact_shared_namespace => "shared-namespace",
    fact_default_network => "default-network",
    fact_isolation => "isolation",
    fact_internal_network => "internal-network",
    fact_recreate_keeps_address => "recreate-keeps-address",
    fact_restart_policy => "restart-policy",
    fact_health_depends_on => "health-depends-on",
    fact_ip_range_gateway => "ip-range-gateway",
);

// The browser app's gallery (besides the seeds), on the engine the app
// opens with.
scenarios!("gallery", EngineVersion::V29,
    gallery_replace_new_address => "replace-new-address",
    gallery_replace_keeps_address => "replace-keeps-address",
    gallery_depends_on_health => "depends-on-health",
    gallery_front_back_internal => "front-back-internal",
    gallery_default_bridge_dns => "default-bridge-dns",
    gallery_scaled_service => "scaled-service",
    gallery_shared_external => "shared-external",
    gallery_network_modes => "network-modes",
);

// Scenarios that exercise every fact the event log carries.
scenarios!("contract", EngineVersion::V29,
    contract_drivers => "drivers",
    contract_modes => "modes",
    contract_interactive_shell => "interactive-shell",
    contract_teardown => "teardown",
    contract_reasons => "reasons",
    contract_compose_conditions => "compose-conditions",
);

/// Every folder under tests/seeds, tests/facts and tests/gallery has a test
/// above.
#[test]
fn every_scenario_folder_is_listed() {
    let source = std::fs::read_to_string(file!()).unwrap_or_else(|_| {
        std::fs::read_to_string(repo().join("crates/play/tests/scenarios.rs")).unwrap()
    });
    for group in ["seeds", "facts", "gallery", "contract"] {
        for entry in std::fs::read_dir(repo().join("tests").join(group)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let name = path.file_name().unwrap().to_str().unwrap().to_string();
                assert!(
                    source.contains(&format!("=> \"{name}\"")),
                    "tests/{group}/{name} has no test"
                );
            }
        }
    }
}
