//! The model's warnings, pinned to their places, as goldens: every folder
//! of `tests/warnings` (one per kind that must warn, `<kind>`, and one
//! that must not, `<kind>-quiet`), and every seed and gallery scenario,
//! through one `check` helper. Each warning renders in every catalogue
//! language and links to a gallery scenario that exists.

mod common;

use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use composenet_model::warning::WarningKind;
use composenet_model::EngineVersion;
use composenet_play::explain::Catalogue;
use composenet_play::warnings::Warning;
use composenet_play::{play, PlayOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Plays a folder's `script.sh` with its files, as the page does (the
/// script is called `commands`), and returns its warnings.
fn warnings_of(dir: &Path) -> Vec<Warning> {
    let script = std::fs::read_to_string(dir.join("script.sh"))
        .unwrap_or_else(|e| panic!("{}: no script.sh: {e}", dir.display()));
    let cwd = Path::new("/scenarios").join(dir.file_name().unwrap());
    let mut files = MemorySource::new();
    common::load_dir(dir, &cwd, &mut files, &|_| true);
    let opts = PlayOptions {
        engine: EngineVersion::V29,
        cwd,
        script_name: "commands".to_string(),
        ..PlayOptions::default()
    };
    play(&script, opts, &files).warnings
}

/// The one helper: the folder's warnings, one per line in English, with
/// the step that first showed each, against the golden; and every one
/// rendered in every language and linked to a scenario that exists.
fn check(group: &str, name: &str) -> Vec<Warning> {
    let dir = repo().join("tests").join(group).join(name);
    let warnings = warnings_of(&dir);
    let mut text = String::new();
    for w in &warnings {
        text.push_str(&format!("step {}: {w}\n", w.step));
        let container = w.container.as_deref().unwrap_or("-");
        text.push_str(&format!("  on {container} ({})\n", w.kind.id()));
    }
    for (lang, catalogue) in [("en", Catalogue::english()), ("ko", Catalogue::korean())] {
        for w in &warnings {
            for m in [
                composenet_play::explain::warning(w),
                composenet_play::explain::warning_why(w),
                composenet_play::explain::warning_see(w),
            ] {
                if let Err(e) = catalogue.render(&m) {
                    panic!("tests/{group}/{name}: {lang}: {e}");
                }
            }
        }
    }
    for w in &warnings {
        let scenario = w.scenario();
        assert!(
            repo().join("tests/gallery").join(scenario).is_dir(),
            "{} links to tests/gallery/{scenario}, which does not exist",
            w.kind.id()
        );
    }
    insta::with_settings!({snapshot_suffix => format!("{group}-{name}"), prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("warnings", text);
    });
    warnings
}

fn folders(group: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("tests").join(group))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("script.sh").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The folder name of a kind: its id with dashes.
fn folder_of(kind: WarningKind) -> String {
    kind.id().replace('_', "-")
}

/// Every kind has a folder that gives it and a `-quiet` one that does not;
/// each other folder of the kind (`<kind>-compose`) gives it too.
#[test]
fn every_kind_warns_where_it_should_and_only_there() {
    let mut problems = Vec::new();
    let names = folders("warnings");
    for kind in WarningKind::ALL {
        let base = folder_of(kind);
        for name in names.iter().filter(|n| n.starts_with(&base)) {
            let quiet = name.ends_with("-quiet");
            let gave = check("warnings", name).iter().any(|w| w.kind == kind);
            if gave == quiet {
                problems.push(format!(
                    "tests/warnings/{name}: {} {}",
                    if quiet { "gives" } else { "does not give" },
                    kind.id()
                ));
            }
        }
        for wanted in [base.clone(), format!("{base}-quiet")] {
            if !names.contains(&wanted) {
                problems.push(format!("tests/warnings/{wanted} is missing"));
            }
        }
    }
    let known: Vec<String> = WarningKind::ALL.iter().map(|k| folder_of(*k)).collect();
    for name in &names {
        if !known.iter().any(|k| name.starts_with(k.as_str())) {
            problems.push(format!("tests/warnings/{name} names no warning kind"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The seeds and the gallery: the `docker run` seed warns that
/// WORDPRESS_DB_HOST's db does not resolve, at its line; the compose seed,
/// whose names resolve, warns only that depends_on does not wait for
/// MySQL; the gallery's "broken" services warn and their "fixed" twins do
/// not.
#[test]
fn seeds_and_gallery() {
    for group in ["seeds", "gallery"] {
        for name in folders(group) {
            check(group, &name);
        }
    }
    let run = check("seeds", "run-wordpress");
    let unresolved: Vec<&Warning> = run
        .iter()
        .filter(|w| w.kind == WarningKind::UnresolvedName)
        .collect();
    assert_eq!(unresolved.len(), 1, "{run:?}");
    let script =
        std::fs::read_to_string(repo().join("tests/seeds/run-wordpress/script.sh")).unwrap();
    let line = script
        .lines()
        .position(|l| l.contains("-e WORDPRESS_DB_HOST=db:3306"))
        .unwrap() as u32
        + 1;
    assert_eq!(
        (
            unresolved[0].file.as_str(),
            unresolved[0].line,
            unresolved[0].column
        ),
        ("commands", line, 4)
    );
    let compose = check("seeds", "compose-wordpress");
    assert!(
        compose
            .iter()
            .all(|w| w.kind == WarningKind::DependsOnStarted),
        "{compose:?}"
    );
}
