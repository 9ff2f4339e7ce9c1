//! Random walks of valid docker commands with the host's invariants
//! checked after every step (`composenet_fuzz::walk`). A normal run plays
//! a fixed set of walks; `COMPOSENET_WALKS=N` plays N,
//! `COMPOSENET_WALK_STEPS` sets their length and `COMPOSENET_WALK_SEED`
//! the first seed.

use composenet_fuzz::env_number;
use composenet_fuzz::walk::{check_walk, generate, play_walk};

#[test]
fn random_walks_keep_the_invariants() {
    let walks = env_number("COMPOSENET_WALKS", 30);
    let steps = env_number("COMPOSENET_WALK_STEPS", 40) as usize;
    let first = env_number("COMPOSENET_WALK_SEED", 1);
    let mut failures = Vec::new();
    for seed in first..first + walks {
        let walk = generate(seed, steps);
        if let Err(e) = check_walk(&walk) {
            failures.push(format!(
                "walk {seed}: {e}\n--- script\n{}--- compose.yaml\n{}",
                walk.script, walk.compose
            ));
            if failures.len() >= 3 {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The walks are of valid commands: most of them succeed, so the
/// invariants are checked on hosts with something in them, not on a trail
/// of refused commands.
#[test]
fn most_walk_commands_succeed() {
    let (mut commands, mut failed) = (0, 0);
    for seed in 1..=10 {
        let transcript = play_walk(&generate(seed, 40)).expect("the invariants hold");
        commands += transcript.lines().filter(|l| l.starts_with("$ ")).count();
        failed += transcript
            .lines()
            .filter(|l| l.starts_with("[exit "))
            .count();
    }
    assert_eq!(commands, 400, "every generated command ran");
    assert!(
        failed * 100 < commands * 25,
        "{failed} of {commands} walk commands failed"
    );
}
