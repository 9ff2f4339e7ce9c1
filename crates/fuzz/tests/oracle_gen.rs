//! The generated oracle scenarios (`tests/oracle/generated`) are what
//! `oracle-gen` writes for the seed each script names: the recorded facts
//! belong to exactly these scripts and compose files. The `# fails` marks
//! are left out of the comparison, since they follow the simulator, which
//! may learn to refuse what the engine refused.

use std::path::Path;

use composenet_fuzz::scenario::generate;

fn without_marks(script: &str) -> String {
    script
        .lines()
        .map(|l| l.trim_end_matches(" # fails"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn committed_scenarios_are_the_generators() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/generated");
    let mut dirs: Vec<_> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("script.sh").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "only {} generated scenarios", dirs.len());
    let mut problems = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_str().unwrap();
        let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
        let seed: u64 = script
            .lines()
            .next()
            .and_then(|l| l.rsplit("from seed ").next())
            .and_then(|s| s.trim_end_matches('.').parse().ok())
            .unwrap_or_else(|| panic!("{name}: the first line names no seed"));
        let made = generate(seed, name);
        if without_marks(&made.script) != without_marks(&script) {
            problems.push(format!("{name}: script.sh is not what seed {seed} writes"));
        }
        let compose = std::fs::read_to_string(dir.join("compose.yaml")).ok();
        let made_compose = made
            .files
            .iter()
            .find(|(f, _)| f == "compose.yaml")
            .map(|(_, t)| t.clone());
        if compose != made_compose {
            problems.push(format!(
                "{name}: compose.yaml is not what seed {seed} writes"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
