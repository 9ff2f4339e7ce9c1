//! The terminal's completion, natively: what Tab makes of a line, given the
//! words the simulated host offers at that point of a gallery scenario.

use composenet_model::EngineVersion;
use composenet_www::gallery;
use composenet_www::sim::{simulate, Input};
use composenet_www::terminal::{complete, words_at};

/// Completes `line` with the words of `scenario` at its end, and compares
/// the new line and the listed candidates with `want` (`line | a b c`).
fn check(scenario: &str, line: &str, want: &str) {
    let entry = gallery::find(scenario).expect("a gallery scenario");
    let sim = simulate(&Input::from_entry(entry), EngineVersion::default());
    let words = words_at(&sim, sim.events.len());
    let c = complete(line, &words);
    let got = if c.candidates.is_empty() {
        c.line
    } else {
        format!("{} | {}", c.line, c.candidates.join(" "))
    };
    assert_eq!(got, want, "{scenario}: Tab after {line:?}");
}

#[test]
fn tab_completes_commands_containers_and_networks() {
    let s = "replace-new-address";
    // One match: completed, with a space to type the next word; several:
    // completed to what they share, and listed.
    check(s, "dock", "docker | docker docker-compose");
    check(s, "docker-", "docker-compose ");
    check(s, "docker exec wor", "docker exec worker ");
    check(
        s,
        "docker network inspect sh",
        "docker network inspect shop ",
    );
    // Several: completed to what they share, and listed.
    check(
        s,
        "docker exec worker n",
        "docker exec worker n | network nslookup nc none",
    );
    check(s, "docker r", "docker r | run restart rm rename route");
    // Nothing to complete, or nothing that matches: the line stays.
    check(s, "docker ", "docker ");
    check(s, "docker exec zz", "docker exec zz");
}

#[test]
fn only_what_exists_at_that_point_is_offered() {
    let entry = gallery::find("replace-new-address").unwrap();
    let sim = simulate(&Input::from_entry(entry), EngineVersion::default());
    // Before the first event no container exists yet.
    assert!(!words_at(&sim, 0).iter().any(|w| w == "worker"));
    assert!(words_at(&sim, sim.events.len())
        .iter()
        .any(|w| w == "worker"));
}
