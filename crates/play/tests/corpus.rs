//! Plays the shared corpus: every docker CLI transcript runs to its end, and
//! every compose file is brought up, without a panic or a hang. A one-line
//! summary per file is held to a golden file so changes in behaviour show.

use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use composenet_play::{play, PlayOptions};

#[path = "../../../tests/corpus/locate.rs"]
mod locate;

/// The corpus's folder; each test first checks it is there
/// ([`locate::corpus_or_skip`]).
fn corpus() -> PathBuf {
    locate::corpus_path()
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The corpus in memory under `/corpus`, so compose files find the files
/// they extend or include.
fn memory() -> (MemorySource, Vec<PathBuf>) {
    let root = corpus();
    let mut all = Vec::new();
    files_under(&root, &mut all);
    let mut files = MemorySource::new();
    let mut rel = Vec::new();
    for path in all {
        let r = path.strip_prefix(&root).unwrap().to_path_buf();
        if let Ok(text) = std::fs::read_to_string(&path) {
            files.insert(Path::new("/corpus").join(&r), text);
        }
        rel.push(r);
    }
    (files, rel)
}

/// One line per step that failed: where, and the last line it printed.
fn summary(played: &composenet_play::Played) -> String {
    let failed: Vec<String> = played
        .steps
        .iter()
        .filter(|s| s.status != 0)
        .map(|s| {
            // The error is the last thing a failing command prints, before
            // the docker CLI's hints (`Usage:  …`, `See '… --help' for more
            // information`).
            let hint = |l: &&str| {
                l.is_empty()
                    || l.starts_with("Usage:")
                    || l.starts_with("See '")
                    || l.starts_with("Run '")
            };
            let last = s
                .stderr
                .lines()
                .rfind(|l| !hint(l))
                .or(s.stdout.lines().next_back())
                .unwrap_or("")
                .to_string();
            format!("    line {}: {}", s.line, last)
        })
        .collect();
    let running = played.host.containers().filter(|c| c.is_running()).count();
    let mut out = format!(
        "  {} steps, {} failed, {} containers running, {} networks\n",
        played.steps.len(),
        failed.len(),
        running,
        played.host.networks().count()
    );
    for f in failed {
        out.push_str(&f);
        out.push('\n');
    }
    out
}

#[test]
fn docker_cli_transcripts_play() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let (files, rel) = memory();
    let mut report = String::new();
    for r in rel
        .iter()
        .filter(|r| r.starts_with("docker-cli") && r.extension().is_some_and(|e| e == "sh"))
    {
        let script = std::fs::read_to_string(corpus().join(r)).unwrap();
        let opts = PlayOptions {
            cwd: Path::new("/corpus/docker-cli").to_path_buf(),
            ..PlayOptions::default()
        };
        let played = play(&script, opts, &files);
        report.push_str(&format!("{}\n{}", r.display(), summary(&played)));
    }
    assert!(
        report.contains("docker-cli/20-"),
        "the corpus has 20 transcripts"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn compose_files_come_up() {
    if locate::corpus_or_skip().is_none() {
        return;
    }
    let (files, rel) = memory();
    let mut report = String::new();
    for r in rel
        .iter()
        .filter(|r| r.extension().is_some_and(|e| e == "yaml" || e == "yml"))
    {
        let dir = Path::new("/corpus").join(r.parent().unwrap());
        let name = r.file_name().unwrap().to_string_lossy();
        let script = format!("docker compose -p corpus -f '{name}' up -d\n");
        let opts = PlayOptions {
            cwd: dir,
            ..PlayOptions::default()
        };
        let played = play(&script, opts, &files);
        report.push_str(&format!("{}\n{}", r.display(), summary(&played)));
    }
    assert!(report.contains("wordpress-mysql.yaml"));
    insta::assert_snapshot!(report);
}
