//! Fuzzing on the stable toolchain (no nightly, so no cargo-fuzz): a
//! seeded mutational driver that runs in an ordinary test binary.
//!
//! - [`driver`]: the loop. It mutates a seed corpus kept in the repository
//!   (`crates/fuzz/seeds/<target>/`), runs each input under
//!   `catch_unwind`, keeps the inputs that produce an outcome not seen
//!   before, and counts distinct outcome signatures against executions (the
//!   plateau figure; instrumented edge coverage needs tools this machine
//!   lacks).
//! - [`mutate`]: the mutations, driven by the model's own seeded generator,
//!   so a run is reproduced by its seed.
//! - [`targets`]: the compose loader, the docker CLI parser, the script
//!   runner with a bounded simulated clock, the Go template engine and the
//!   link decoder.
//! - [`scenario`]: random oracle scenarios for the real engines.
//! - [`walk`]: random walks of valid docker commands with the host's
//!   invariants checked after every step.

pub mod driver;
pub mod mutate;
pub mod scenario;
pub mod targets;
pub mod walk;

/// A number from the environment, or `default` when unset or unreadable.
pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}
