//! Tidy checks, the rust-analyzer way (`xtask/src/tidy.rs` there): rules of
//! this codebase that a reviewer would otherwise have to remember, held by
//! `cargo test` (`tests/tidy.rs` runs them on the repository).
//!
//! The checks read text line by line rather than parsing Rust or TOML: they
//! need no dependency and no installed tool, and the rules they hold are
//! about names, which a line-level scan sees. What each one cannot see is
//! said where it is defined.

use std::path::{Path, PathBuf};

/// The repository's root (this crate lives in `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent folder")
        .to_path_buf()
}

/// Every `.rs` file under `dir`, sorted, so reports come in a stable order.
/// A missing folder has none.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// One thing the pure crates (`crates/model`, `crates/loader`) must not use,
/// and why (ARCHITECTURE.md, "Invariants").
pub struct Forbidden {
    /// Identifiers that are forbidden wherever they appear in code.
    pub idents: &'static [&'static str],
    /// Module paths that are forbidden (`std::fs` also catches
    /// `use std::{fs, ...}`).
    pub paths: &'static [(&'static str, &'static str)],
    pub why: &'static str,
}

pub const FORBIDDEN: &[Forbidden] = &[
    Forbidden {
        idents: &[],
        paths: &[("std", "fs")],
        why: "file I/O: files come in through the FileSource trait",
    },
    Forbidden {
        idents: &[],
        paths: &[("std", "env")],
        why: "the process environment: variables come in through arguments",
    },
    Forbidden {
        idents: &["Instant", "SystemTime"],
        paths: &[],
        why: "the clock: simulated time is an argument (SimTime)",
    },
    Forbidden {
        idents: &["HashMap", "HashSet"],
        paths: &[],
        why: "hash order: use IndexMap/IndexSet or BTreeMap/BTreeSet so nothing depends on hashing",
    },
    Forbidden {
        idents: &["rand", "thread_rng"],
        paths: &[],
        why: "global randomness: use the host's seeded Rng",
    },
];

/// The identifiers of one line of code, in order. Comments give none: a doc
/// comment may name what the code must not use. (A `//` inside a string
/// ends the code part only when an odd number of quotes precede it, so
/// `"http://..."` is read whole.)
pub fn idents(line: &str) -> Vec<&str> {
    let code = line
        .match_indices("//")
        .find(|(i, _)| line[..*i].matches('"').count() % 2 == 0)
        .map_or(line, |(i, _)| &line[..i]);
    code.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_alphabetic() || c == '_'))
        .collect()
}

/// Every use of something in [`FORBIDDEN`] in a file's text: 1-based line
/// and what the rule says.
pub fn forbidden_uses(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    // Whether the line is inside a `use a::{...}` group begun above, and
    // the group's root, so `use std::{\n    fs,\n}` is seen too.
    let mut group_root: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let words = idents(line);
        let root = group_root.clone().or_else(|| {
            let t = line.trim_start();
            t.strip_prefix("use ")
                .or_else(|| t.strip_prefix("pub use "))
                .map(|rest| rest.split("::").next().unwrap_or("").trim().to_string())
        });
        for rule in FORBIDDEN {
            let ident = words.iter().find(|w| rule.idents.contains(w));
            let path = rule.paths.iter().find(|(base, module)| {
                words.windows(2).any(|w| w == [*base, *module])
                    || (root.as_deref() == Some(*base) && words.contains(module))
            });
            if let Some(what) = ident
                .map(|w| w.to_string())
                .or_else(|| path.map(|(b, m)| format!("{b}::{m}")))
            {
                found.push((i + 1, format!("`{what}`: {}", rule.why)));
            }
        }
        let opens = line.contains('{') && root.is_some();
        let closes = line.contains('}');
        group_root = match (&group_root, opens, closes) {
            (_, true, false) => root,
            (Some(_), _, true) => None,
            (g, _, _) => g.clone(),
        };
    }
    found
}

/// What a dependency is for, by the table it is declared in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DepKind {
    Normal,
    Dev,
    Build,
}

/// One dependency of a manifest: its key (the name the code uses, with `-`)
/// and the 1-based line that declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dep {
    pub name: String,
    pub kind: DepKind,
    pub line: usize,
}

impl Dep {
    /// The name Rust code uses for it.
    pub fn crate_name(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// The dependencies a Cargo.toml declares: keys of `[dependencies]`,
/// `[dev-dependencies]`, `[build-dependencies]` (also under
/// `[target.'cfg(...)'.…]`) and `[dependencies.NAME]` tables. Lines of a
/// multi-line array (`features = [\n "a",\n]`) have no key and are skipped.
pub fn dependencies(manifest: &str) -> Vec<Dep> {
    let mut deps = Vec::new();
    let mut kind = None;
    for (i, line) in manifest.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            let table_kind = |t: &str| match t {
                "dependencies" => Some(DepKind::Normal),
                "dev-dependencies" => Some(DepKind::Dev),
                "build-dependencies" => Some(DepKind::Build),
                _ => None,
            };
            let last = header.rsplit('.').next().unwrap_or(header);
            kind = table_kind(last).filter(|_| !header.starts_with("workspace"));
            // `[dependencies.NAME]`: the table is one dependency.
            if let Some((table, name)) = header.rsplit_once('.') {
                let table = table.rsplit('.').next().unwrap_or(table);
                if let Some(k) = table_kind(table) {
                    deps.push(Dep {
                        name: name.trim_matches(['"', '\'']).to_string(),
                        kind: k,
                        line: i + 1,
                    });
                    kind = None;
                }
            }
            continue;
        }
        let Some(k) = kind else { continue };
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let name = key.split('.').next().unwrap_or("").trim().trim_matches('"');
        if !name.is_empty() {
            deps.push(Dep {
                name: name.to_string(),
                kind: k,
                line: i + 1,
            });
        }
    }
    deps
}

/// The keys of the root manifest's `[workspace.dependencies]`.
pub fn workspace_dependencies(manifest: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in manifest.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.starts_with('[') {
            inside = line == "[workspace.dependencies]";
        } else if let Some((key, _)) = line.split_once('=').filter(|_| inside) {
            out.push((key.trim().trim_matches('"').to_string(), i + 1));
        }
    }
    out
}

/// The root manifest's `members = [...]` (on one line or several).
pub fn workspace_members(manifest: &str) -> Vec<String> {
    let Some(start) = manifest
        .match_indices("members")
        .map(|(i, _)| i)
        .find(|&i| i == 0 || manifest[..i].ends_with('\n'))
    else {
        return Vec::new();
    };
    let rest = &manifest[start..];
    let list = &rest[..rest.find(']').unwrap_or(rest.len())];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Whether Rust source uses a crate by name: a path through it
/// (`serde_json::to_string`, `#[derive(serde::Serialize)]`), `use` or
/// `extern crate`. Comment lines do not count.
pub fn uses_crate(text: &str, crate_name: &str) -> bool {
    text.lines().any(|line| {
        let words = idents(line);
        let Some(at) = words.iter().position(|w| *w == crate_name) else {
            return false;
        };
        let after = line
            .match_indices(crate_name)
            .map(|(i, _)| &line[i + crate_name.len()..])
            .any(|rest| rest.starts_with("::"));
        after || matches!(at.checked_sub(1).map(|p| words[p]), Some("use" | "crate"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_uses_are_found_with_their_line() {
        let text = "//! Never a HashMap here.\n\
                    use std::collections::HashMap;\n\
                    use std::{\n    fs,\n    net::Ipv4Addr,\n};\n\
                    fn f() { let t = std::time::Instant::now(); }\n\
                    let n = rand::random::<u8>();\n\
                    let p = std::env::var(\"HOME\");\n\
                    let ok = IndexMap::new(); // an Instant later\n";
        let lines: Vec<usize> = forbidden_uses(text).iter().map(|f| f.0).collect();
        assert_eq!(lines, [2, 4, 7, 8, 9]);
        assert!(forbidden_uses("use std::net::Ipv4Addr;\nlet fsx = 1; // fs\n").is_empty());
        assert!(forbidden_uses("let operand = \"random\";\n").is_empty());
    }

    #[test]
    fn dependencies_are_read_from_each_table() {
        let toml = "[package]\nname = \"x\"\n\n[dependencies]\nserde.workspace = true\n\
                    web-sys = { version = \"0.3\", features = [\n  \"Window\",\n] }\n\
                    # a comment = no\n\n[dev-dependencies]\ninsta = \"1\"\n\
                    [build-dependencies]\nserde_json = \"1\"\n\
                    [target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n\
                    [dependencies.petgraph]\nversion = \"0.8\"\n";
        let got: Vec<(String, DepKind, usize)> = dependencies(toml)
            .into_iter()
            .map(|d| (d.name, d.kind, d.line))
            .collect();
        let want = [
            ("serde", DepKind::Normal, 5),
            ("web-sys", DepKind::Normal, 6),
            ("insta", DepKind::Dev, 12),
            ("serde_json", DepKind::Build, 14),
            ("libc", DepKind::Normal, 16),
            ("petgraph", DepKind::Normal, 17),
        ];
        let want: Vec<(String, DepKind, usize)> = want
            .iter()
            .map(|(n, k, l)| (n.to_string(), *k, *l))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn workspace_tables_are_read() {
        let toml = "[workspace]\nmembers = [\"crates/a\",\n  \"www\"]\n\
                    default-members = [\"crates/a\"]\n\
                    [workspace.dependencies]\nserde = \"1\"\nipnet = { version = \"2\" }\n\
                    [profile.release]\nlto = true\n";
        assert_eq!(workspace_members(toml), ["crates/a", "www"]);
        let deps: Vec<String> = workspace_dependencies(toml)
            .into_iter()
            .map(|d| d.0)
            .collect();
        assert_eq!(deps, ["serde", "ipnet"]);
        assert!(dependencies(toml).is_empty());
    }

    #[test]
    fn crate_uses_are_paths_uses_and_extern_crates() {
        assert!(uses_crate(
            "let v = serde_json::to_string(&x);",
            "serde_json"
        ));
        assert!(uses_crate("#[derive(serde::Serialize)]", "serde"));
        assert!(uses_crate("use insta;", "insta"));
        assert!(uses_crate("use proptest::prelude::*;", "proptest"));
        assert!(uses_crate("extern crate shlex;", "shlex"));
        assert!(!uses_crate(
            "// serde_yaml::from_str would lose positions",
            "serde_yaml"
        ));
        assert!(!uses_crate("let serde = 1; serde_json::x()", "serde"));
        assert!(!uses_crate("let shlex_like = 1;", "shlex"));
    }
}
