//! Plays every scenario folder under `tests/seeds`, `tests/gallery`,
//! `tests/facts` and `tests/contract` and holds its transcript, the events each command caused,
//! and the final state to a golden file
//! (`snapshots/scenario@<group>-<folder>.snap`).
//!
//! A scenario is a folder and nothing else: `scenario.json` (its metadata,
//! [`Meta`]), `script.sh` and the files the script uses. The tests list the
//! folders, so adding a scenario is adding a folder; the browser's gallery
//! lists `tests/seeds` and `tests/gallery` the same way (`www/build.rs`).

mod common;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use serde::Deserialize;

use composenet_model::event::EventKind;
use composenet_model::snapshot::Snapshot;
use composenet_model::{EngineVersion, Host, SimTime};
use composenet_play::scene::Scene;
use composenet_play::{play, PlayOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The metadata file every scenario folder carries.
const META: &str = "scenario.json";

/// A scenario's `scenario.json`. Every text is keyed by language
/// (`{"en": "...", "ko": "..."}`), so a translation is one more key beside
/// English, not a new format; every language of [`LANGUAGES`] is required.
/// Unknown keys are refused so that a misspelt one is not silently ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: Text,
    /// What happens, in a sentence or two (the gallery's tooltip).
    description: Text,
    /// The one point the scenario should leave with its reader.
    teaches: Text,
    /// The engine profile it plays on; the group's default when absent.
    engine: Option<String>,
    /// Where the gallery lists it (ascending; unnumbered ones last). Only
    /// `www/build.rs` reads it; here it is only checked to be a number.
    #[allow(dead_code)]
    order: Option<u32>,
}

/// One text in every language it has, by language code.
type Text = BTreeMap<String, String>;

/// The languages the page speaks, by code and by the name the error
/// messages use: every scenario's every text has each of them.
const LANGUAGES: [(&str, &str); 2] = [("en", "English"), ("ko", "Korean")];

/// Whether a Korean text is written in Korean at all, and not an English
/// text copied over: it has at least one Hangul syllable.
fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Reads and checks a folder's metadata, or says what is wrong with it.
fn read_meta(dir: &Path) -> Result<Meta, String> {
    let text = std::fs::read_to_string(dir.join(META))
        .map_err(|e| format!("no {META} (title, description, teaches, engine): {e}"))?;
    let meta: Meta = serde_json::from_str(&text).map_err(|e| format!("{META}: {e}"))?;
    for (key, text) in [
        ("title", &meta.title),
        ("description", &meta.description),
        ("teaches", &meta.teaches),
    ] {
        for (lang, language) in LANGUAGES {
            if text.get(lang).is_none_or(|t| t.trim().is_empty()) {
                return Err(format!("{META}: {key} has no {language} text (\"{lang}\")"));
            }
        }
        if text.get("ko").is_some_and(|t| !has_hangul(t)) {
            return Err(format!(
                "{META}: {key}.ko has no Hangul (English copied over?)"
            ));
        }
        if let Some((lang, _)) = text.iter().find(|(_, t)| t.trim().is_empty()) {
            return Err(format!("{META}: {key}.{lang} is empty"));
        }
    }
    Ok(meta)
}

/// The one helper every scenario goes through.
fn check(group: &str, name: &str, default_engine: EngineVersion) {
    let dir = repo().join("tests").join(group).join(name);
    let meta = read_meta(&dir).unwrap_or_else(|e| panic!("tests/{group}/{name}: {e}"));
    let engine = match &meta.engine {
        Some(v) => v
            .parse()
            .unwrap_or_else(|e| panic!("tests/{group}/{name}: {META}: {e}")),
        None => default_engine,
    };
    let script = std::fs::read_to_string(dir.join("script.sh"))
        .unwrap_or_else(|e| panic!("tests/{group}/{name}: no script.sh: {e}"));
    let cwd = Path::new("/scenarios").join(name);
    let mut files = MemorySource::new();
    common::load_dir(&dir, &cwd, &mut files, &|p| {
        p.file_name().is_some_and(|n| n != META)
    });
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

/// Plays every folder of a group through [`check`], going on after a
/// failure so that one run names every failing folder (each one's message
/// is printed above the summary).
fn check_group(group: &str, default_engine: EngineVersion) {
    let root = repo().join("tests").join(group);
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "tests/{group} has no scenario folder");
    let failed: Vec<String> = names
        .iter()
        .filter(|name| {
            catch_unwind(AssertUnwindSafe(|| check(group, name, default_engine))).is_err()
        })
        .map(|name| format!("tests/{group}/{name}"))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} scenarios failed: {}",
        failed.len(),
        names.len(),
        failed.join(", ")
    );
}

/// The seed documents' scenarios, on the engine the browser opens with.
#[test]
fn seeds() {
    check_group("seeds", EngineVersion::V29);
}

/// The browser app's gallery (besides the seeds), on the engine the app
/// opens with.
#[test]
fn gallery() {
    check_group("gallery", EngineVersion::V29);
}

/// One rule of the facts file each, on the engine they were seen on.
#[test]
fn facts() {
    check_group("facts", EngineVersion::V20_10);
}

/// Scenarios that exercise every fact the event log carries.
#[test]
fn contract() {
    check_group("contract", EngineVersion::V29);
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
