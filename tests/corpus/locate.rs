//! Where the shared corpus is, for the corpus tests of the loader and the
//! player (each includes this file with `#[path]`, so they agree).
//!
//! The corpus is not part of the repository: it lives beside it
//! (`../shared/corpus`), or wherever `COMPOSENET_CORPUS` says. Without it the
//! corpus tests cannot run. Where a corpus is expected (the variable was
//! given, or `CI` is set) that is a failure; on a plain clone it is a skip,
//! said in one line on stderr, so `cargo test` still runs everything else.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Where the corpus should be.
pub fn corpus_path() -> PathBuf {
    match std::env::var_os("COMPOSENET_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..");
            beside
                .canonicalize()
                .unwrap_or(beside)
                .join("shared/corpus")
        }
    }
}

/// The corpus, or `None` after saying why the calling test is skipped;
/// panics with the same line where a corpus is expected.
pub fn corpus_or_skip() -> Option<PathBuf> {
    let dir = corpus_path();
    if dir.is_dir() {
        return Some(dir);
    }
    let line = format!(
        "corpus not found at {} (set COMPOSENET_CORPUS to the shared corpus folder)",
        dir.display()
    );
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    if ci || std::env::var_os("COMPOSENET_CORPUS").is_some() {
        panic!("{line}");
    }
    // Written to stderr itself rather than with `eprintln!`, which the test
    // harness captures and shows only for failing tests.
    let _ = writeln!(std::io::stderr(), "skipped: {line}");
    None
}
