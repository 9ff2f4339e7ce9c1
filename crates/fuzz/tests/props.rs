//! Property tests of the model over generated command sequences (the
//! walks of `composenet_fuzz::walk`, with proptest choosing the seed and
//! length and shrinking a failure to the shortest walk):
//! - folding the event log to step K gives the host after the first K
//!   events (the contract the page's timeline stands on);
//! - the same input and seed give the same log, and another seed changes
//!   no address;
//! - the host's invariants (unique addresses and MACs, addresses in subnet
//!   and range, inspect agreeing with network inspect, DNS scoped to shared
//!   user networks) hold after every command.

use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Duration;

use composenet_fuzz::targets::normalise_snapshot;
use composenet_fuzz::walk::{generate, invariants, Walk};
use composenet_loader::MemorySource;
use composenet_model::event::EventKind;
use composenet_model::snapshot::Snapshot;
use composenet_model::{Event, Host};
use composenet_play::scene::Scene;
use composenet_play::{PlayOptions, Session};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// What a walk leaves: the log, the host's snapshot after each command
/// with the length of the log then, and the first broken invariant.
struct Run {
    events: Vec<Event>,
    after: Vec<(usize, Snapshot)>,
    broken: Option<String>,
}

fn run(walk: &Walk, seed: u64) -> Run {
    let mut fs = MemorySource::new();
    fs.insert("/work/walk/compose.yaml", walk.compose.as_str());
    let opts = PlayOptions {
        cwd: PathBuf::from("/work/walk"),
        seed,
        settle: Duration::from_secs(30),
        ..PlayOptions::default()
    };
    let mut session = Session::new(opts, &fs);
    let mut after = vec![(0, session.host.snapshot())];
    let mut broken = None;
    let _ = session.run_script_with(&walk.script, |s| {
        after.push((s.host.events().len(), s.host.snapshot()));
        if let Err(e) = invariants(&s.host) {
            let step = s.steps.last().map(|st| st.text.as_str()).unwrap_or("");
            broken = Some(format!("after `{step}`: {e}"));
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    Run {
        events: session.host.events().to_vec(),
        after,
        broken,
    }
}

fn addresses(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::AddressAllocated {
                name,
                network_name,
                ip,
                ..
            } => Some(format!("{name} {network_name} {ip}")),
            _ => None,
        })
        .collect()
}

proptest! {
    // A fixed seed, so a normal run is the same every time;
    // `COMPOSENET_PROP_SEED` and `COMPOSENET_PROP_CASES` explore further.
    // Failures are reported with their walk, not written to a file.
    #![proptest_config(ProptestConfig {
        cases: composenet_fuzz::env_number("COMPOSENET_PROP_CASES", 24) as u32,
        rng_seed: RngSeed::Fixed(composenet_fuzz::env_number("COMPOSENET_PROP_SEED", 11)),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn folding_to_step_k_is_the_host_after_k_events(seed in any::<u64>(), steps in 1usize..30) {
        let walk = generate(seed, steps);
        let run = run(&walk, 1);
        prop_assert!(run.broken.is_none(), "{}", run.broken.unwrap_or_default());
        let initial = Host::new(Default::default(), 1).snapshot();
        for (k, snapshot) in &run.after {
            let folded = Scene::at(&initial, &run.events, *k).snapshot();
            prop_assert_eq!(
                normalise_snapshot(folded),
                normalise_snapshot(snapshot.clone()),
                "the fold to event {} of walk {}:\n{}", k, seed, walk.script
            );
        }
    }

    #[test]
    fn same_input_and_seed_same_log(seed in any::<u64>(), steps in 1usize..30, host_seed in 1u64..1000) {
        let walk = generate(seed, steps);
        let first = run(&walk, host_seed);
        let second = run(&walk, host_seed);
        prop_assert_eq!(&first.events, &second.events);
        // Addresses are Docker's lowest free, not random: another seed
        // changes ids and MACs, never an address.
        let other = run(&walk, host_seed + 1);
        prop_assert_eq!(addresses(&first.events), addresses(&other.events));
    }
}
