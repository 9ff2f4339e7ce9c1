//! Every event of every scenario has a plain-language explanation from the
//! catalogue, in every language: no kind without one, no missing key, no
//! placeholder left unfilled, and no catalogue message that nothing uses.
//! The catalogues have the same keys and the same placeholders per key. The
//! seed's failed lookup is held to the words a learner needs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use composenet_model::event::Event;
use composenet_model::explore;
use composenet_model::{EngineVersion, Host, HostConfig};
use composenet_play::explain::{self, Catalogue, Message, Value};
use composenet_play::scene::Scene;
use composenet_play::{play, PlayOptions, Played};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Plays one scenario folder with the files beside its script, on the
/// engine its group is written for.
fn played(dir: &Path) -> Played {
    played_on(dir, engine_of(dir), HostConfig::default())
}

fn engine_of(dir: &Path) -> EngineVersion {
    let facts = dir.parent().is_some_and(|p| p.ends_with("facts"));
    if facts {
        EngineVersion::V20_10
    } else {
        EngineVersion::V29
    }
}

fn played_on(dir: &Path, engine: EngineVersion, host: HostConfig) -> Played {
    let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
    let name = dir.file_name().unwrap();
    let cwd = Path::new("/scenarios").join(name);
    let mut files = MemorySource::new();
    load_dir(dir, &cwd, &mut files);
    let opts = PlayOptions {
        engine,
        cwd,
        host,
        ..PlayOptions::default()
    };
    play(&script, opts, &files)
}

/// Reads a folder and its subfolders (a second project's compose file)
/// into `files` under `virtual_dir`.
fn load_dir(dir: &Path, virtual_dir: &Path, files: &mut MemorySource) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.is_dir() {
            load_dir(&path, &virtual_dir.join(name), files);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            files.insert(virtual_dir.join(name), text);
        }
    }
}

fn scenario_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for group in ["seeds", "gallery", "facts", "contract", "warnings"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(repo().join("tests").join(group))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("script.sh").is_file())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

/// Every language's catalogue, English first, each read without a problem
/// and without an empty text.
fn catalogues() -> Vec<(&'static str, Catalogue)> {
    [("en", explain::ENGLISH), ("ko", explain::KOREAN)]
        .into_iter()
        .map(|(lang, text)| {
            let (catalogue, problems) = Catalogue::parse(text);
            assert!(problems.is_empty(), "{lang}.txt: {problems:?}");
            for key in catalogue.keys() {
                assert!(
                    !catalogue.get(key).unwrap().trim().is_empty(),
                    "{lang}.txt: {key} is empty"
                );
            }
            (lang, catalogue)
        })
        .collect()
}

/// The `{placeholders}` of a catalogue text, read the way
/// [`Catalogue::render`] reads them.
fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

fn keys_of(message: &Message, out: &mut BTreeSet<&'static str>) {
    out.insert(message.key);
    for (_, value) in &message.args {
        keys_of_value(value, out);
    }
}

fn keys_of_value(value: &Value, out: &mut BTreeSet<&'static str>) {
    match value {
        Value::Text(_) => {}
        Value::Message(m) => keys_of(m, out),
        Value::Join(parts, _) => parts.iter().for_each(|p| keys_of_value(p, out)),
    }
}

/// Renders one message of the reachability explorer in every language,
/// failing on a missing key or a placeholder left unfilled.
fn render_everywhere(dir: &Path, catalogues: &[(&str, Catalogue)], message: &Message) {
    for (lang, catalogue) in catalogues {
        let text = catalogue
            .render(message)
            .unwrap_or_else(|err| panic!("{}: {lang}: {err}", dir.display()));
        assert!(!text.contains('{'), "{}: {lang}: {text}", dir.display());
    }
}

/// Explains a whole log in every language, checking each explanation, and
/// returns the kinds and keys it used.
fn check(
    name: &str,
    catalogues: &[(&str, Catalogue)],
    engine: EngineVersion,
    events: &[Event],
    kinds: &mut BTreeSet<&'static str>,
    keys: &mut BTreeSet<&'static str>,
) {
    let mut scene = Scene::new(&Host::new(engine, 1).snapshot());
    for e in events {
        kinds.insert(explain::kind_name(&e.kind));
        let messages = explain::messages(&scene, e);
        assert!(!messages.is_empty(), "{name}: no explanation for {e}");
        for m in &messages {
            keys_of(m, keys);
        }
        for (lang, catalogue) in catalogues {
            let text = catalogue
                .explain(&scene, e)
                .unwrap_or_else(|err| panic!("{name}: {e}: {lang}: {err}"));
            assert!(
                !text.contains('{') && !text.trim().is_empty(),
                "{name}: {e}: {lang}: {text:?}"
            );
            // The timeline's one-line summary: in English, the event's own
            // line, word for word.
            let summary = explain::summary(&e.kind);
            let line = catalogue
                .render(&summary)
                .unwrap_or_else(|err| panic!("{name}: {e}: {lang}: summary: {err}"));
            if *lang == "en" {
                assert_eq!(line, e.kind.to_string(), "{name}: the English summary");
            }
        }
        keys_of(&explain::summary(&e.kind), keys);
        scene.apply(e);
    }
}

#[test]
fn every_event_of_every_scenario_is_explained() {
    let catalogues = catalogues();
    let mut kinds = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for dir in scenario_dirs() {
        let name = dir.display().to_string();
        let engine = engine_of(&dir);
        let played = played(&dir);
        check(
            &name,
            &catalogues,
            engine,
            played.host.events(),
            &mut kinds,
            &mut keys,
        );
    }
    // The reachability explorer's reasons, for every pair of running
    // containers at the end of every scenario, and the model's warnings.
    for dir in scenario_dirs() {
        let played = played(&dir);
        for w in &played.warnings {
            for m in [
                explain::warning(w),
                explain::warning_why(w),
                explain::warning_see(w),
            ] {
                keys_of(&m, &mut keys);
                render_everywhere(&dir, &catalogues, &m);
            }
        }
        let engine = engine_of(&dir);
        let scene = Scene::at(
            &Host::new(engine, 1).snapshot(),
            played.host.events(),
            usize::MAX,
        );
        for p in explore::published(&played.host) {
            for m in explain::published(&scene, &p) {
                keys_of(&m, &mut keys);
                render_everywhere(&dir, &catalogues, &m);
            }
        }
        for r in explore::matrix(&played.host) {
            for (target, resolution, ip, route) in r.probes() {
                for m in explain::probe(&scene, r.from, &target, &resolution, ip, route.as_ref()) {
                    keys_of(&m, &mut keys);
                    render_everywhere(&dir, &catalogues, &m);
                }
            }
            for p in &r.ports {
                for m in explain::port_probe(&scene, r.to, p) {
                    keys_of(&m, &mut keys);
                    render_everywhere(&dir, &catalogues, &m);
                }
            }
        }
    }
    // A daemon that does not forward packets: the host's resolvers are out
    // of reach (the oracle machines run like this).
    let no_forward = HostConfig {
        ip_forward: false,
        ..HostConfig::default()
    };
    let dir = repo().join("tests/contract/reasons");
    let played = played_on(&dir, EngineVersion::V29, no_forward);
    let events = played.host.events();
    check(
        "reasons without forwarding",
        &catalogues,
        EngineVersion::V29,
        events,
        &mut kinds,
        &mut keys,
    );
    assert_eq!(
        kinds.len(),
        explain::KIND_COUNT,
        "event kinds no scenario shows, so their explanations are untested: seen {kinds:?}"
    );
    // Messages no input can reach, kept so that every value of the model's
    // types has words: the model never reports a health change back to
    // `starting`, nor compose waiting for a plain `service_started`; a
    // stopped container sends nothing, and a running one always has a
    // route or an internal network.
    let unreachable = [
        "health.starting",
        "compose.waiting.started",
        "drop.not_running",
        "drop.no_route",
        "summary.verdict.not_running",
        "summary.verdict.no_route",
    ];
    let unused: Vec<&str> = catalogues[0]
        .1
        .keys()
        .filter(|k| !keys.contains(k) && !unreachable.contains(k))
        .collect();
    assert!(
        unused.is_empty(),
        "catalogue messages no scenario uses: {unused:?}"
    );
}

/// A translation says what English says: the same messages, each with the
/// same placeholders (so it names the same values), none empty. One run
/// names every difference.
#[test]
fn every_language_has_every_message_with_the_same_placeholders() {
    let catalogues = catalogues();
    let (_, english) = &catalogues[0];
    let mut problems = Vec::new();
    for (lang, other) in &catalogues[1..] {
        for key in english.keys() {
            let Some(text) = other.get(key) else {
                problems.push(format!("{lang}.txt has no {key}"));
                continue;
            };
            let (want, got) = (placeholders(english.get(key).unwrap()), placeholders(text));
            if want != got {
                problems.push(format!(
                    "{lang}.txt: {key} has the placeholders {got:?}, en.txt {want:?}"
                ));
            }
        }
        for key in other.keys().filter(|k| english.get(k).is_none()) {
            problems.push(format!("{lang}.txt has {key}, which en.txt has not"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The seed's `docker run` version: WordPress looks up `db`, which no
/// container on example-network is called.
#[test]
fn the_seeds_failed_lookup_names_the_name_the_network_and_nxdomain() {
    let played = played(&repo().join("tests/seeds/run-wordpress"));
    let initial = Host::new(EngineVersion::V29, 1).snapshot();
    let events = played.host.events();
    let at = events
        .iter()
        .position(|e| {
            matches!(&e.kind, composenet_model::EventKind::DnsQuery { query, answer, .. }
                if query == "db" && answer.addrs.is_empty())
        })
        .expect("a failed lookup of db");
    let scene = Scene::at(&initial, events, at);
    for (catalogue, want) in [
        (
            Catalogue::english(),
            "wordpress-container asked 127.0.0.11 for db; the embedded DNS answers only for \
             containers on the asker's networks, and no container called db is on \
             example-network, so the answer is NXDOMAIN.",
        ),
        (
            Catalogue::korean(),
            "wordpress-container 컨테이너가 127.0.0.11에 db 이름을 물었습니다. 내장 DNS는 \
             묻는 컨테이너와 같은 네트워크에 있는 컨테이너만 알려 주는데, example-network \
             네트워크에는 db 이름의 컨테이너가 없으므로 답은 NXDOMAIN입니다.",
        ),
    ] {
        assert_eq!(catalogue.explain(&scene, &events[at]).unwrap(), want);
    }
}

/// The whole explained log of the seed's compose scenario, as a learner
/// would read it under the drawing.
#[test]
fn the_seed_compose_scenario_read_aloud() {
    let played = played(&repo().join("tests/seeds/compose-wordpress"));
    let initial = Host::new(EngineVersion::V29, 1).snapshot();
    let text = explain::explain_log(&Catalogue::english(), &initial, played.host.events());
    insta::assert_snapshot!(text);
    let text = explain::explain_log(&Catalogue::korean(), &initial, played.host.events());
    insta::assert_snapshot!("the_seed_compose_scenario_read_aloud_ko", text);
}

/// The confusion scenarios' refused connections say why, in the words a
/// learner needs: the event, explained at the point it happens.
#[test]
fn refused_connections_say_which_port_and_why() {
    fn first_refusal(scenario: &str, catalogue: &Catalogue) -> String {
        let played = played(&repo().join("tests/gallery").join(scenario));
        let initial = Host::new(EngineVersion::V29, 1).snapshot();
        let events = played.host.events();
        let at = events
            .iter()
            .position(|e| {
                matches!(&e.kind, composenet_model::EventKind::ConnectAttempt { outcome, .. }
                    if outcome.is_refused())
            })
            .unwrap_or_else(|| panic!("{scenario}: no refused connection"));
        let scene = Scene::at(&initial, events, at);
        catalogue.explain(&scene, &events[at]).unwrap()
    }
    let (english, korean) = (Catalogue::english(), Catalogue::korean());
    for (scenario, catalogue, fragments) in [
        (
            "host-port-between-containers",
            &english,
            &[
                "3307 is the port host-port-between-containers-db-1 publishes on the host. \
                 Between containers there is no host in the way: connect to the container port, 3306.",
            ][..],
        ),
        (
            "host-port-between-containers",
            &korean,
            &[
                "3307번은 host-port-between-containers-db-1 컨테이너가 호스트에 공개한 포트입니다. \
                 컨테이너끼리 통신할 때는 사이에 호스트가 끼지 않으므로, 컨테이너 포트인 3306번으로 접속하세요.",
            ],
        ),
        (
            "localhost-is-the-container",
            &english,
            &[
                "localhost inside a container is the container itself",
                "nothing in it listens on port 3306",
            ],
        ),
        (
            "localhost-is-the-container",
            &korean,
            &[
                "컨테이너 안에서 localhost는 호스트도, 다른 컨테이너도 아닌 그 컨테이너 자신입니다.",
                "3306번 포트로 연결을 기다리는(listen) 프로그램이 없어서 연결이 거부됩니다.",
            ],
        ),
        (
            "listens-on-loopback",
            &english,
            &["listens on port 3000 on 127.0.0.1 only"],
        ),
        (
            "listens-on-loopback",
            &korean,
            &["3000번 포트를 127.0.0.1에서만 기다리고(listen) 있어서"],
        ),
    ] {
        let text = first_refusal(scenario, catalogue);
        for fragment in fragments {
            assert!(text.contains(fragment), "{scenario}: {text}");
        }
    }
}
