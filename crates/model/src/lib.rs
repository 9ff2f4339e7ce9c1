//! A pure, deterministic simulation of a Docker host's networking.
//!
//! The module list is a map of the crate:
//! - [`engine`]: the engine profiles (20.10 … 29) and what differs between them.
//! - [`ipam`]: default address pools and per-subnet allocation.
//! - [`network`], [`container`]: what was asked for and what the engine holds.
//! - [`host`]: the host itself — every operation, the timer queue, the event
//!   log — split by concern (networks, endpoints, lifecycle, timers, names,
//!   volumes).
//! - [`process`]: what a container's process does, since images are not run;
//!   [`images`]: what well-known images hold and print; [`data`]: the
//!   tables database servers keep in their volumes.
//! - [`dns`]: the embedded DNS, /etc/hosts, /etc/resolv.conf, reachability.
//! - [`compose`]: Compose v2's orchestration (up/down/...) on top of the host.
//! - [`snapshot`]: a read-only view of the whole host with a readable
//!   `Display`. How the docker CLI and the tools print it (`docker inspect`
//!   JSON, `nslookup`, `ip addr`) is presentation, and lives in `play`.
//! - [`event`]: the ordered log of state changes.
//! - [`order`]: stable sorting with one copy of the sort in the wasm.
//! - [`warning`]: configurations Docker accepts that will not do what
//!   their author meant, found by asking the host.
//!
//! Architecture invariants: no I/O, no clock (time is passed in through
//! [`Host::advance`]), no global randomness (one seeded [`rng::Rng`] per
//! host), no web dependencies. Every collection that is iterated is ordered,
//! so the same inputs always give the same events and output.

pub mod compose;
pub mod container;
pub mod data;
pub mod dns;
pub mod engine;
pub mod error;
pub mod event;
pub mod explore;
pub mod host;
pub mod ids;
pub mod images;
pub mod ipam;
pub mod network;
pub mod order;
pub mod process;
pub mod rng;
pub mod snapshot;
pub mod time;
pub mod traffic;
pub mod warning;

pub use container::{
    Behaviour, ContainerSpec, EndpointSpec, HealthSpec, MountKind, MountSpec, NetworkMode,
    PortBinding, RestartPolicy,
};
pub use engine::EngineVersion;
pub use error::{ContainerError, NetworkError, VolumeError};
pub use event::{Event, EventKind};
pub use host::{Host, HostConfig, LocalImage};
pub use ids::{ContainerId, NetworkId, VolumeId};
pub use network::{IpamConfig, NetworkSpec};
pub use time::SimTime;

/// The most host ports one simulated host publishes (and one compose
/// project or one `docker run` asks for): every port number twice, as
/// `-p 1-65535:1-65535 -p 1-65535:1-65535/udp` would. Docker has no such
/// bound; here each binding is an object with its own events, and a few
/// dozen full ranges would take gigabytes.
pub const MAX_HOST_PORTS: usize = 2 * 65_536;
