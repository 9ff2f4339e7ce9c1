//! The simulated Docker host: networks, containers, volumes, published
//! ports, the host's interface counter and the timer queue that drives
//! simulated time. Every change goes through here and leaves an event.
//!
//! The `impl Host` is split by concern: [`networks`] (create, remove,
//! connect), [`endpoints`] (addresses, veth pairs, MACs, DNS names),
//! [`lifecycle`] (create, start, stop, kill, remove), [`timers`] (the
//! timer queue, health probes, restarts, app connections), [`names`]
//! (lookups and Docker's name rules) and [`volumes`].

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use indexmap::IndexMap;
use ipnet::Ipv4Net;

use crate::container::{
    Attachment, Container, ContainerSpec, Endpoint, HealthStatus, LogLine, MountKind, NetworkMode,
    RestartPolicy, Status,
};
use crate::engine::EngineVersion;
use crate::error::{ContainerError, NetworkError, VolumeError};
use crate::event::{
    AddressReason, ConnectOutcome, DiscardReason, DnsName, Event, EventKind, ExitCause, NameSource,
    SubnetSource, VethEnd,
};
use crate::ids::{ContainerId, NetworkId, VolumeId};
use crate::ipam::{overlaps, AddressError, PoolAllocator, SubnetAllocator};
use crate::network::{Driver, Network, NetworkSpec};
use crate::process;
use crate::rng::Rng;
use crate::time::SimTime;
use crate::traffic::{Peer, Route, Verdict};

/// A named volume. It outlives the containers that mount it, so data
/// survives replacement.
#[derive(Clone, Debug)]
pub struct Volume {
    pub id: VolumeId,
    pub name: String,
    pub driver: String,
    pub labels: IndexMap<String, String>,
    pub created: SimTime,
    pub anonymous: bool,
    /// What a database server wrote into it: `None` until a server first
    /// initialises it, so a second server on it skips initialising.
    pub data: Option<crate::data::Datastore>,
}

/// Things that happen later in simulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Timer {
    Exit {
        id: ContainerId,
        generation: u32,
        code: i32,
    },
    Ready {
        id: ContainerId,
        generation: u32,
    },
    Probe {
        id: ContainerId,
        generation: u32,
    },
    Connect {
        id: ContainerId,
        generation: u32,
    },
    Restart {
        id: ContainerId,
        generation: u32,
    },
}

/// How long a simulated app waits after starting before its first
/// connection attempt: apps take a moment to boot.
const FIRST_CONNECT_DELAY: Duration = Duration::from_secs(1);
const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(5);
/// The restart manager's back-off (facts §6).
const RESTART_MIN_DELAY: Duration = Duration::from_millis(100);
const RESTART_MAX_DELAY: Duration = Duration::from_secs(60);
const RESTART_RESET_AFTER: Duration = Duration::from_secs(10);
const DEFAULT_STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The host's own network facts: its address, its resolver and its routes.
/// Pools overlapping a host route are skipped (facts §1).
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// The machine's hostname, which a `--network host` container shares.
    pub hostname: String,
    pub ip: Ipv4Addr,
    /// The next hop of the host's default route.
    pub gateway: Ipv4Addr,
    /// On-link routes of the host (its own subnets).
    pub routes: Vec<Ipv4Net>,
    /// The host's /etc/hosts, which a `--network host` container gets a
    /// copy of (seen on 20.10.24).
    pub etc_hosts: String,
    pub nameservers: Vec<Ipv4Addr>,
    pub search: Vec<String>,
    /// Whether the daemon forwards containers' packets off the host
    /// (`dockerd --ip-forward`, on by default). Without it a container
    /// reaches only its bridges and the host's own addresses, so the host's
    /// nameservers never answer it: not for the default bridge, and not for
    /// names the embedded DNS forwards, since it forwards from inside the
    /// container's namespace (seen on 20.10.24 with `--ip-forward=false`).
    pub ip_forward: bool,
    /// Whether the host's nameservers answer the host itself, and so a
    /// `--network host` container. Off for an engine recorded in a network
    /// namespace with no way out (the oracle's chroot engines): there the
    /// host's lookups time out.
    pub host_resolves: bool,
    /// Images present on the host, by name, with their ENTRYPOINT and CMD;
    /// they take precedence over the built-in table of well-known images
    /// (`images::defaults`), as a local image would over a pulled one.
    pub images: IndexMap<String, LocalImage>,
}

/// The parts of a local image's config that decide what its containers run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalImage {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
}

impl HostConfig {
    /// The local image a reference names: `busybox` and `busybox:latest`
    /// are the same image.
    pub fn image(&self, reference: &str) -> Option<&LocalImage> {
        let full = |r: &str| {
            let last = r.rsplit('/').next().unwrap_or(r);
            if last.contains(':') || r.contains('@') {
                r.to_string()
            } else {
                format!("{r}:latest")
            }
        };
        let wanted = full(reference);
        self.images
            .iter()
            .find(|(name, _)| full(name) == wanted)
            .map(|(_, image)| image)
    }
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            hostname: "docker-host".into(),
            ip: Ipv4Addr::new(10, 0, 2, 15),
            gateway: Ipv4Addr::new(10, 0, 2, 2),
            routes: vec!["10.0.2.0/24".parse().unwrap()],
            etc_hosts: "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n10.0.2.15\tdocker-host\n".into(),
            nameservers: vec![Ipv4Addr::new(10, 0, 2, 3)],
            search: Vec::new(),
            ip_forward: true,
            host_resolves: true,
            images: IndexMap::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Host {
    engine: EngineVersion,
    config: HostConfig,
    rng: Rng,
    now: SimTime,
    pub(crate) networks: IndexMap<NetworkId, Network>,
    pub(crate) containers: IndexMap<ContainerId, Container>,
    pub(crate) volumes: IndexMap<VolumeId, Volume>,
    next_id: u32,
    pools: PoolAllocator,
    /// The next interface index in the host's namespace (lo=1, eth0=2,
    /// docker0=3 on the simulated host).
    next_ifindex: u32,
    /// Bound host ports: (ip, port, protocol) -> container.
    ports: BTreeMap<(Ipv4Addr, u16, String), ContainerId>,
    /// How many addresses each port is bound on, by [`port_slot`] (empty
    /// until a port is bound): a binding on 0.0.0.0 clashes with the port
    /// on any address, and a start finds that without scanning them all
    /// (a range of 20 000 ephemeral ports took minutes).
    port_users: Vec<u32>,
    timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    events: Vec<Event>,
    /// The last address each container name had on each network, so that a
    /// replacement (same name, new container) can say whether its address
    /// is the same as before.
    last_ip_by_name: BTreeMap<(String, NetworkId), Ipv4Addr>,
    /// Containers by name, compose service, network and address
    /// ([`index`]), kept in step with `containers`.
    index: index::Index,
}

impl Host {
    /// A freshly started engine: the `bridge` (docker0), `host` and `none`
    /// networks exist, docker0 holds the first default pool.
    pub fn new(engine: EngineVersion, seed: u64) -> Host {
        Host::with_config(engine, seed, HostConfig::default())
    }

    pub fn with_config(engine: EngineVersion, seed: u64, config: HostConfig) -> Host {
        let mut host = Host {
            engine,
            config,
            rng: Rng::new(seed),
            now: SimTime::ZERO,
            networks: IndexMap::new(),
            containers: IndexMap::new(),
            volumes: IndexMap::new(),
            next_id: 0,
            pools: PoolAllocator::new(),
            next_ifindex: 3,
            ports: BTreeMap::new(),
            port_users: Vec::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            events: Vec::new(),
            last_ip_by_name: BTreeMap::new(),
            index: index::Index::default(),
        };
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let spec = NetworkSpec {
                name: name.to_string(),
                driver: driver.to_string(),
                ..NetworkSpec::default()
            };
            let id = host
                .network_create_inner(spec, true)
                .expect("the predefined networks always fit");
            let net = &mut host.networks[&id];
            if net.driver == Driver::Bridge {
                net.options = [
                    ("com.docker.network.bridge.default_bridge", "true"),
                    ("com.docker.network.bridge.enable_icc", "true"),
                    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
                    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
                    ("com.docker.network.bridge.name", "docker0"),
                    ("com.docker.network.driver.mtu", "1500"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            }
        }
        host
    }

    pub fn engine(&self) -> EngineVersion {
        self.engine
    }

    pub fn host_config(&self) -> &HostConfig {
        &self.config
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn networks(&self) -> impl Iterator<Item = &Network> {
        self.networks.values()
    }

    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    pub fn volumes(&self) -> impl Iterator<Item = &Volume> {
        self.volumes.values()
    }

    pub fn network(&self, id: NetworkId) -> &Network {
        &self.networks[&id]
    }

    /// A network that may have been removed since a container was
    /// configured for it.
    pub fn try_network(&self, id: NetworkId) -> Option<&Network> {
        self.networks.get(&id)
    }

    pub fn container(&self, id: ContainerId) -> &Container {
        &self.containers[&id]
    }

    /// The container with this id, unless it has been removed.
    pub fn try_container(&self, id: ContainerId) -> Option<&Container> {
        self.containers.get(&id)
    }

    /// The random generator, for orchestrators that need a choice Docker
    /// makes at random (compose's order of independent services is not).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    fn emit(&mut self, kind: EventKind) {
        let seq = self.events.len();
        self.events.push(Event {
            seq,
            time: self.now,
            kind,
        });
    }

    pub(crate) fn emit_kind(&mut self, kind: EventKind) {
        self.emit(kind);
    }

    fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn fresh_ifindex(&mut self) -> u32 {
        let index = self.next_ifindex;
        self.next_ifindex += 1;
        index
    }
}

mod endpoints;
mod index;
mod lifecycle;
mod names;
mod networks;
mod ports;
mod proxy;
mod servers;
mod timers;
mod volumes;

pub use lifecycle::PortsIgnored;
pub use names::{split_host_port, valid_container_name};
pub use proxy::Forwarded;
pub use timers::WouldConnect;

#[cfg(test)]
pub(crate) mod testing;
