//! Runs every fuzz target over its seeds and a fixed number of mutants.
//! `COMPOSENET_FUZZ_ITERS=N` runs N mutants per target instead (the
//! README's plateau figures come from such runs), `COMPOSENET_FUZZ_SEED`
//! picks another sequence of mutants.

use composenet_fuzz::driver::{fuzz, Report, Target};
use composenet_fuzz::{env_number, targets};

/// Mutants per target in a normal `cargo test`: a few seconds for all five.
const DEFAULT_ITERS: u64 = 500;

fn check_target(target: &'static Target) {
    let iters = env_number("COMPOSENET_FUZZ_ITERS", DEFAULT_ITERS);
    let seed = env_number("COMPOSENET_FUZZ_SEED", 1);
    let report: Report = fuzz(target, iters, seed);
    let growth: Vec<String> = report
        .growth
        .iter()
        .map(|(e, s, k)| format!("{e}:{s}/{k}"))
        .collect();
    eprintln!(
        "fuzz {}: {} executions, {} signatures, {} kinds, corpus {}; growth (executions:signatures/kinds) {}",
        target.name,
        report.executions,
        report.signatures.len(),
        report.kinds.len(),
        report.corpus,
        growth.join(" ")
    );
    if std::env::var_os("COMPOSENET_FUZZ_SIGS").is_some() {
        for s in &report.signatures {
            eprintln!("  {s}");
        }
    }
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{}: {}\n  input: {:?}", f.target, f.what, f.input))
        .collect();
    assert!(
        findings.is_empty(),
        "{} finding(s):\n{}",
        findings.len(),
        findings.join("\n")
    );
}

#[test]
fn compose() {
    check_target(&targets::COMPOSE);
}

#[test]
fn cli() {
    check_target(&targets::CLI);
}

#[test]
fn session() {
    check_target(&targets::SESSION);
}

#[test]
fn template() {
    check_target(&targets::TEMPLATE);
}

#[test]
fn url() {
    check_target(&targets::URL);
}
