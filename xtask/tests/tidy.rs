//! The repository's tidy rules, checked on the repository itself: the pure
//! crates stay pure, and every dependency a Cargo.toml declares is used
//! where it is declared for. Each failure names the file and line (or the
//! crate and dependency) to fix.

use std::path::Path;

use xtask::{
    dependencies, forbidden_uses, project_root, rust_files, uses_crate, workspace_dependencies,
    workspace_members, DepKind,
};

/// The crates that must be deterministic and do no I/O (ARCHITECTURE.md,
/// "Invariants"): the model, the loader and the drawing.
const PURE: &[&str] = &["crates/model/src", "crates/loader/src", "crates/draw/src"];

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn pure_crates_read_no_files_clock_or_randomness_and_never_hash() {
    let root = project_root();
    let mut problems = Vec::new();
    let mut files = 0;
    for dir in PURE {
        for path in rust_files(&root.join(dir)) {
            files += 1;
            for (line, what) in forbidden_uses(&read(&path)) {
                problems.push(format!("{}:{line}: {what}", relative(&path)));
            }
        }
    }
    assert!(files > 0, "no Rust files under {PURE:?}");
    assert!(
        problems.is_empty(),
        "the model and the loader must stay pure and deterministic:\n{}\n",
        problems.join("\n")
    );
}

/// Every dependency of every member is used where its table says: a
/// `[dependencies]` entry in `src/`, a `[dev-dependencies]` entry in
/// `tests/`, `benches/`, `examples/` or `src/`, a `[build-dependencies]`
/// entry in `build.rs`. This is `cargo machete`'s rule, without installing
/// it; a dependency kept only to turn on a feature would need an exception
/// here, and there is none today.
#[test]
fn every_dependency_is_used() {
    let root = project_root();
    let members = workspace_members(&read(&root.join("Cargo.toml")));
    assert!(!members.is_empty(), "no workspace members in Cargo.toml");
    let mut problems = Vec::new();
    for member in &members {
        let dir = root.join(member);
        let manifest = dir.join("Cargo.toml");
        let sources = |folders: &[&str]| -> Vec<String> {
            let mut texts: Vec<String> = folders
                .iter()
                .flat_map(|f| rust_files(&dir.join(f)))
                .map(|p| read(&p))
                .collect();
            if folders.contains(&"build.rs") && dir.join("build.rs").is_file() {
                texts.push(read(&dir.join("build.rs")));
            }
            texts
        };
        let src = sources(&["src"]);
        let dev = sources(&["src", "tests", "benches", "examples"]);
        let build = sources(&["build.rs"]);
        for dep in dependencies(&read(&manifest)) {
            let name = dep.crate_name();
            let used = |texts: &[String]| texts.iter().any(|t| uses_crate(t, &name));
            let problem = match dep.kind {
                DepKind::Normal if used(&src) => None,
                DepKind::Normal if used(&dev) => {
                    Some("is used only by tests: make it a dev-dependency")
                }
                DepKind::Normal => Some("is never used in src/"),
                DepKind::Dev if used(&dev) => None,
                DepKind::Dev => Some("is never used in tests/, benches/, examples/ or src/"),
                DepKind::Build if used(&build) => None,
                DepKind::Build => Some("is never used in build.rs"),
            };
            if let Some(problem) = problem {
                problems.push(format!(
                    "{}:{}: {member}: dependency `{}` {problem}",
                    relative(&manifest),
                    dep.line,
                    dep.name
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "unused dependencies (remove them, then check Cargo.lock with a --locked build):\n{}\n",
        problems.join("\n")
    );
}

/// Every entry of `[workspace.dependencies]` is used by some member, so the
/// root does not pin versions of crates nothing builds.
#[test]
fn every_workspace_dependency_is_used() {
    let root = project_root();
    let top = read(&root.join("Cargo.toml"));
    let declared: Vec<String> = workspace_members(&top)
        .iter()
        .flat_map(|m| dependencies(&read(&root.join(m).join("Cargo.toml"))))
        .map(|d| d.name)
        .collect();
    let unused: Vec<String> = workspace_dependencies(&top)
        .into_iter()
        .filter(|(name, _)| !declared.contains(name))
        .map(|(name, line)| {
            format!(
                "Cargo.toml:{line}: `{name}` is in [workspace.dependencies] but no member uses it"
            )
        })
        .collect();
    assert!(unused.is_empty(), "{}", unused.join("\n"));
}

/// The longest a source file may be: past this, a file holds more than one
/// concern and is split (ARCHITECTURE.md). Generated tables would be named
/// here as exceptions; there are none.
const MAX_LINES: usize = 1200;

#[test]
fn no_source_file_is_over_1200_lines() {
    let root = project_root();
    let mut problems = Vec::new();
    let mut files = 0;
    for dir in ["crates", "www/src", "www/tests", "xtask"] {
        for path in rust_files(&root.join(dir)) {
            files += 1;
            let lines = read(&path).lines().count();
            if lines > MAX_LINES {
                problems.push(format!("{}: {lines} lines", relative(&path)));
            }
        }
    }
    assert!(files > 50, "only {files} Rust files found");
    assert!(
        problems.is_empty(),
        "split these files (at most {MAX_LINES} lines each):\n{}\n",
        problems.join("\n")
    );
}

/// The crates compiled into the page avoid two things that cost the wasm
/// much for little: direct sorts (each `sort_by` of a new type adds its own
/// copy of the standard sort, 75 KB for 23 call sites before the rule;
/// `composenet_model::order` sorts with one copy) and Unicode case mapping
/// (`to_lowercase`/`to_uppercase` bring 10 KB of tables; Docker's words
/// are ASCII). Test modules at the end of a file are not compiled into the
/// page, so the check stops at `#[cfg(test)]`.
#[test]
fn the_page_avoids_code_that_bloats_the_wasm() {
    const DIRECT: &[&str] = &[
        ".sort(",
        ".sort_by(",
        ".sort_by_key(",
        ".sort_by_cached_key(",
        ".sort_unstable",
        ".sort_keys(",
        ".sorted_by(",
        ".to_lowercase()",
        ".to_uppercase()",
    ];
    let root = project_root();
    let mut problems = Vec::new();
    let mut files = 0;
    for dir in [
        "crates/model/src",
        "crates/loader/src",
        "crates/play/src",
        "crates/draw/src",
        "www/src",
    ] {
        for path in rust_files(&root.join(dir)) {
            if path.ends_with("order.rs") {
                continue;
            }
            files += 1;
            let text = read(&path);
            for (i, line) in text.lines().enumerate() {
                if line.trim() == "#[cfg(test)]" {
                    break;
                }
                let code = line.split("//").next().unwrap_or("");
                if let Some(call) = DIRECT.iter().find(|d| code.contains(*d)) {
                    problems.push(format!("{}:{}: {call}", relative(&path), i + 1));
                }
            }
        }
    }
    assert!(files > 40, "only {files} Rust files found");
    assert!(
        problems.is_empty(),
        "sort with composenet_model::order::{{sort, sort_by, sort_by_key}} and map case with \
         to_ascii_lowercase/to_ascii_uppercase instead:\n{}\n",
        problems.join("\n")
    );
}
