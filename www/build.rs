//! Writes the gallery's table (`$OUT_DIR/gallery_entries.rs`, included by
//! `src/gallery.rs`) from the scenario folders under `tests/seeds` and
//! `tests/gallery`, so adding a scenario to the page is adding a folder.
//!
//! Each folder holds `scenario.json` (title, description, teaching point,
//! engine, order; texts keyed by language), `script.sh` and the files the
//! script uses. The texts are copied into the table as literals; the script
//! and the files are embedded with `include_str!`, so the compiler itself
//! tracks every edit to them. The native golden test
//! (`crates/play/tests/scenarios.rs`) plays the same folders and checks the
//! metadata strictly; this script only stops the build with the folder's
//! name when what it needs is missing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The metadata file of a scenario folder.
const META: &str = "scenario.json";

/// The groups the page shows, in the order it shows them, and the prefix
/// that turns a folder name into a gallery id (`?scenario=seed-todo-app`).
const GROUPS: [(&str, &str); 2] = [("seeds", "seed-"), ("gallery", "")];

struct Scenario {
    group: String,
    id: String,
    dir: String,
    order: Option<u64>,
    /// (English, Korean) of each text.
    title: (String, String),
    about: (String, String),
    teaches: (String, String),
    /// Files beside the script, by path relative to the folder (with `/`),
    /// and where they are on disk; `compose.yaml` first.
    files: Vec<(String, PathBuf)>,
    script: PathBuf,
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo"));
    let tests = manifest.join("../tests");
    println!("cargo:rerun-if-changed=build.rs");
    let mut table = String::from(
        "/// Every built-in scenario: the seeds, then the gallery, each group by\n\
         /// its metadata's `order`.\n\
         pub const ENTRIES: &[Entry] = &[\n",
    );
    for (group, prefix) in GROUPS {
        let root = tests.join(group);
        // A directory here makes cargo rerun this script when anything
        // below it changes, so a new or renamed folder is picked up.
        println!("cargo:rerun-if-changed={}", root.display());
        let mut scenarios: Vec<Scenario> = children(&root)
            .iter()
            .filter(|p| p.is_dir())
            .map(|dir| scenario(group, prefix, dir))
            .collect();
        scenarios.sort_by(|a, b| {
            (a.order.is_none(), a.order, &a.dir).cmp(&(b.order.is_none(), b.order, &b.dir))
        });
        for s in &scenarios {
            write_entry(&mut table, s);
        }
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by cargo"));
    std::fs::write(out.join("gallery_entries.rs"), table).expect("OUT_DIR is writable");
}

/// Reads one scenario folder; a missing or malformed metadata file stops
/// the build with the folder's name.
fn scenario(group: &str, prefix: &str, dir: &Path) -> Scenario {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let where_ = format!("tests/{group}/{name}");
    let text = std::fs::read_to_string(dir.join(META)).unwrap_or_else(|e| {
        panic!("{where_}/{META}: {e} (every scenario folder needs one: title, description, teaches, engine)")
    });
    let meta: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{where_}/{META}: {e}"));
    // Every text in both languages the page speaks.
    let texts = |key: &str| -> (String, String) {
        let get = |lang: &str| match meta[key][lang].as_str() {
            Some(t) if !t.trim().is_empty() => t.to_string(),
            _ => panic!(
                "{where_}/{META}: {key} needs a text in {lang}: \"{key}\": {{\"{lang}\": \"...\"}}"
            ),
        };
        (get("en"), get("ko"))
    };
    let order = match &meta["order"] {
        serde_json::Value::Null => None,
        v => Some(
            v.as_u64()
                .unwrap_or_else(|| panic!("{where_}/{META}: order must be a number, not {v}")),
        ),
    };
    let script = dir.join("script.sh");
    assert!(script.is_file(), "{where_}: no script.sh");
    let mut files = Vec::new();
    collect_files(dir, "", &mut files);
    files.retain(|(rel, _)| rel != "script.sh" && rel != META);
    // The page opens the compose file's tab first.
    files.sort_by_key(|(rel, _)| (rel != "compose.yaml", rel.clone()));
    Scenario {
        group: group.to_string(),
        id: format!("{prefix}{name}"),
        title: texts("title"),
        about: texts("description"),
        teaches: texts("teaches"),
        order,
        dir: name,
        files,
        script,
    }
}

/// Every file under `dir`, by path relative to the scenario folder.
fn collect_files(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) {
    for path in children(dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let rel = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if path.is_dir() {
            collect_files(&path, &rel, out);
        } else {
            out.push((rel, path));
        }
    }
}

/// A directory's entries, sorted by name so the table never depends on the
/// order the file system lists them in.
fn children(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable directory entry").path())
        .collect();
    paths.sort();
    paths
}

/// One `Entry { .. }` of the table. Texts are written with `{:?}`, which
/// gives a valid Rust string literal for any text.
fn write_entry(out: &mut String, s: &Scenario) {
    let path = |p: &Path| {
        format!(
            "{:?}",
            p.canonicalize()
                .expect("the file exists")
                .display()
                .to_string()
        )
    };
    let _ = writeln!(out, "    Entry {{");
    let _ = writeln!(out, "        id: {:?},", s.id);
    // The page fetches the texts with the files (they are most of the
    // table's bytes, in two languages); native builds and `embed` have them
    // as literals.
    let embedded = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32")
        || std::env::var_os("CARGO_FEATURE_EMBED").is_some();
    for (field, (en, ko)) in [
        ("title", &s.title),
        ("about", &s.about),
        ("teaches", &s.teaches),
    ] {
        if embedded {
            let _ = writeln!(out, "        {field}: Texts {{ en: {en:?}, ko: {ko:?} }},");
        } else {
            let _ = writeln!(out, "        {field}: Texts {{ en: \"\", ko: \"\" }},");
        }
    }
    let _ = writeln!(
        out,
        "        meta: {:?},",
        format!("scenarios/{}/{}/{META}", s.group, s.dir)
    );
    let _ = writeln!(out, "        dir: {:?},", s.dir);
    // `text!(file, url)`: the file's text in native builds; in the page,
    // where the files are served beside the wasm (index.html copies the
    // folders), its URL, fetched once at start (gallery::load).
    let url = |rel: &str| format!("{:?}", format!("scenarios/{}/{}/{rel}", s.group, s.dir));
    let _ = writeln!(out, "        files: &[");
    for (rel, file) in &s.files {
        let _ = writeln!(
            out,
            "            ({rel:?}, text!({}, {})),",
            path(file),
            url(rel)
        );
    }
    let _ = writeln!(out, "        ],");
    let _ = writeln!(
        out,
        "        commands: text!({}, {}),",
        path(&s.script),
        url("script.sh")
    );
    let _ = writeln!(out, "    }},");
}
