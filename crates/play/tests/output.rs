//! Holds what the simulator prints to what a real engine printed for the
//! same lines. Each folder of `tests/output` has a `script.sh` and, beside
//! it, `engine-28.txt` or `engine-26.txt`: the script played on Docker
//! Engine 28.5.2 or 26.1.5 by `tests/output/record.sh` (`$ LINE`, then what
//! the terminal showed).
//! Lines ending in `# setup` only set the scene. The rest must print the
//! same text once what differs from run to run is blanked out: ids, clock
//! times, MAC addresses, ages (`1 second ago`), the column widths those
//! change, and blank lines.

use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use composenet_model::EngineVersion;
use composenet_play::{play, PlayOptions};
use regex::Regex;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/output")
}

/// Blanks out what differs between two runs of the same script.
fn normalize(text: &str) -> String {
    let id = Regex::new(r"\b[0-9a-f]{12,64}\b").unwrap();
    let time = Regex::new(r"\d{4}-\d\d-\d\d[ T][0-9:.]+( \+0000 UTC|Z)").unwrap();
    let age = Regex::new(r"Less than a second|About a minute|\d+ seconds?").unwrap();
    let spaces = Regex::new(r" {2,}").unwrap();
    let mac = Regex::new(r"\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b").unwrap();
    // Without a terminal logrus writes Compose's warnings as
    // `time="…" level=warning msg="…"`; a learner's terminal shows the
    // `WARN[0000] …` the simulator prints.
    let logrus = Regex::new(r#"^time="[^"]*" level=warning msg="(.*)"$"#).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        // The recording engine runs without IP forwarding, which it warns
        // about on every container it creates.
        if line.trim().is_empty() || line.contains("IPv4 forwarding is disabled") {
            continue;
        }
        let line = logrus.replace(line, "WARN[0000] $1");
        let line = line.as_ref();
        let line = mac.replace_all(line, "<mac>");
        let line = id.replace_all(&line, "<id>");
        let line = time.replace_all(&line, "<time>");
        let line = age.replace_all(&line, "<age>");
        // Indentation is kept (`docker inspect` indents by four); runs of
        // spaces inside a line are table padding.
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        out.push_str(spaces.replace_all(body, "  ").trim_end());
        out.push('\n');
    }
    out
}

/// The recorded output of each line, in order: `(line, output)`.
fn recorded(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("$ ") {
            Some(cmd) => out.push((cmd.to_string(), String::new())),
            None => {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(line);
                    last.1.push('\n');
                }
            }
        }
    }
    out
}

/// The one helper: plays a case on the 28 profile and compares each
/// compared line's output with the engine's.
fn check(case: &str) {
    let dir = root().join(case);
    let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
    // The one `engine-NN.txt` beside the script says which engine it was
    // recorded on, and so which profile plays it.
    let (file, version) = ["26", "28"]
        .iter()
        .map(|v| (dir.join(format!("engine-{v}.txt")), v))
        .find(|(f, _)| f.exists())
        .unwrap_or_else(|| panic!("{case}: no engine-NN.txt"));
    let engine = std::fs::read_to_string(&file).unwrap();
    let version: EngineVersion = version.parse().unwrap();
    let opts = PlayOptions {
        engine: version,
        cwd: PathBuf::from("/cases").join(case),
        ..PlayOptions::default()
    };
    // The case's other files (a compose file) are the project's, in
    // `/cases/CASE` as the recording names it.
    let mut files = MemorySource::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".yaml") || name.ends_with(".yml") || name == ".env" {
            files.insert(
                Path::new("/cases").join(case).join(&name),
                std::fs::read_to_string(&path).unwrap(),
            );
        }
    }
    let played = play(&script, opts, &files);
    let real = recorded(&engine);
    assert_eq!(
        played.steps.iter().filter(|s| s.line > 0).count(),
        real.len(),
        "{case}: the script and its recording have different lines"
    );
    let mut failures = Vec::new();
    for (step, (line, want)) in played.steps.iter().filter(|s| s.line > 0).zip(&real) {
        if line.ends_with("# setup") {
            continue;
        }
        // What the terminal showed: the step as the transcript prints it,
        // without its `$ command` line and `[exit N]`.
        let shown = step.to_string();
        let shown: Vec<&str> = shown
            .lines()
            .skip(1)
            .filter(|l| !l.starts_with("[exit "))
            .collect();
        let got = normalize(&shown.join("\n"));
        let want = normalize(want);
        if got != want {
            failures.push(format!(
                "$ {line}\n--- engine 28.5.2\n{want}--- simulator\n{got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{case}:\n{}", failures.join("\n"));
}

#[test]
fn listings() {
    check("listings");
}

#[test]
fn refusals() {
    check("refusals");
}

#[test]
fn refusals_26() {
    check("refusals-26");
}

#[test]
fn compose() {
    check("compose");
}

#[test]
fn port() {
    check("port");
}
