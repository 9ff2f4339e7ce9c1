//! A pure, deterministic simulation of a Docker host's networking.
pub mod engine;
pub use engine::EngineVersion;
pub struct Host;
impl Host { pub fn new(_e: EngineVersion, _seed: u64) -> Self { Host } pub fn snapshot(&self) {} }
