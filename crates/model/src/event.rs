//! The event log: every state change of the host, in order, with its
//! simulated time. The browser animates it step by step (and backwards); the
//! CLI prints it. The same inputs always give the same log.

use std::fmt;
use std::net::Ipv4Addr;
use std::time::Duration;

use ipnet::Ipv4Net;

use crate::compose::Condition;
use crate::container::{HealthStatus, NetworkMode};
use crate::ids::{ContainerId, NetworkId};
use crate::network::Driver;
use crate::time::SimTime;
pub use crate::traffic::{DnsAnswer, DnsReason, DropReason, Hop, Peer, Resolution, Route, Verdict};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Event {
    /// Position in the log, from 0.
    pub seq: usize,
    pub time: SimTime,
    pub kind: EventKind,
}

/// Why a container got the address it got.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum AddressReason {
    /// A static address (`--ip`, `ipv4_address`).
    Static,
    /// The lowest free address; `previous` is the address the container (or
    /// the container it replaces) had last time, if any.
    LowestFree { previous: Option<Ipv4Addr> },
}

/// How a connection attempt of a simulated app ended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ConnectOutcome {
    Connected,
    /// The name did not resolve (NXDOMAIN, or no DNS at all).
    NoSuchName,
    /// The address answered with a reset: the target runs but is not ready.
    Refused,
    /// A reset: nothing in the target listens on that port. When the port
    /// is one the target publishes on the host, `container_port` is the
    /// port inside the network that it maps to.
    NotListening {
        port: u16,
        container_port: Option<u16>,
    },
    /// A reset: the app listens on that port on 127.0.0.1 only, which
    /// only its own network namespace reaches.
    LoopbackOnly {
        port: u16,
    },
    /// Nothing answered: no shared network, or the target is gone.
    Unreachable,
}

/// The outcome with its port details: `refused (nothing listens on 3307;
/// that is the host port published for 3306)`.
impl fmt::Display for ConnectOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectOutcome::NotListening {
                port,
                container_port,
            } => {
                write!(f, "refused (nothing listens on {port}")?;
                if let Some(inside) = container_port {
                    write!(f, "; that is the host port published for {inside}")?;
                }
                f.write_str(")")
            }
            ConnectOutcome::LoopbackOnly { port } => {
                write!(f, "refused (it listens on 127.0.0.1:{port} only)")
            }
            other => f.write_str(other.as_str()),
        }
    }
}

impl ConnectOutcome {
    /// The target's stack answered with a reset (ECONNREFUSED).
    pub fn is_refused(&self) -> bool {
        matches!(
            self,
            ConnectOutcome::Refused
                | ConnectOutcome::NotListening { .. }
                | ConnectOutcome::LoopbackOnly { .. }
        )
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            ConnectOutcome::Connected => "connected",
            ConnectOutcome::NoSuchName => "no such name",
            ConnectOutcome::Refused => "refused (not ready)",
            ConnectOutcome::NotListening { .. } => "refused (nothing listens on that port)",
            ConnectOutcome::LoopbackOnly { .. } => "refused (it listens on 127.0.0.1 only)",
            ConnectOutcome::Unreachable => "unreachable",
        }
    }
}

/// Why a container's process ended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ExitCause {
    /// The process ended by itself.
    Exited,
    /// `docker stop`: SIGTERM, then SIGKILL after the timeout.
    Stopped,
    /// `docker kill`.
    Killed,
    /// The app gave up after a failed connection.
    ConnectFailed,
}

/// Where a network's subnet came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum SubnetSource {
    /// The user gave it (`--subnet`, `ipam.config.subnet`).
    User,
    /// The next default pool after the last one handed out (engines up to
    /// 26 choose round-robin, facts §1).
    NextDefaultPool,
    /// The first default pool that is free (engines from 27).
    FirstFreeDefaultPool,
    /// Drivers without addresses (`host`, `null`).
    NotAddressed,
}

impl SubnetSource {
    /// A few words for the event log.
    pub fn describe(self) -> &'static str {
        match self {
            SubnetSource::User => "subnet given by the user",
            SubnetSource::NextDefaultPool => "next default pool (round-robin, engines up to 26)",
            SubnetSource::FirstFreeDefaultPool => "first free default pool",
            SubnetSource::NotAddressed => "built-in network",
        }
    }
}

/// Why a name answers on a network's embedded DNS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum NameSource {
    /// The container's name (`--name`, compose's `project-service-1`).
    ContainerName,
    /// The compose service name, which Compose adds as an alias.
    ServiceName,
    /// `--network-alias`, compose `aliases`, or a link alias Compose adds.
    Alias,
    /// The first 12 hex digits of the container id.
    ShortId,
    /// `--hostname` / `hostname:` when it differs from the name.
    Hostname,
}

/// One name a container answers to on one network.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct DnsName {
    pub name: String,
    pub source: NameSource,
}

/// The host end of a veth pair, plugged into a bridge.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VethEnd {
    /// `veth` + 7 hex digits.
    pub name: String,
    /// Its index in the host's namespace (what `eth0@ifN` names).
    pub ifindex: u32,
    pub bridge: String,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    NetworkCreated {
        network: NetworkId,
        /// The 64-hex id Docker shows.
        docker_id: String,
        name: String,
        driver: Driver,
        subnet: Option<Ipv4Net>,
        gateway: Option<Ipv4Addr>,
        internal: bool,
        attachable: bool,
        /// `bridge`, `host` and `none`, which the daemon makes at start.
        predefined: bool,
        /// Whether containers on it ask the embedded DNS at 127.0.0.11
        /// (user-defined networks do; the default bridge does not).
        embedded_dns: bool,
        subnet_source: SubnetSource,
    },
    BridgeCreated {
        network: NetworkId,
        bridge: String,
        ifindex: u32,
    },
    NetworkRemoved {
        network: NetworkId,
        name: String,
        bridge: Option<String>,
    },
    VolumeCreated {
        name: String,
    },
    VolumeRemoved {
        name: String,
    },
    ContainerCreated {
        container: ContainerId,
        /// The 64-hex id Docker shows.
        docker_id: String,
        name: String,
        image: String,
        network_mode: NetworkMode,
        /// `HostConfig.NetworkMode` as `docker inspect` prints it
        /// (`bridge`, a network name, `host`, `none`, `container:ID`).
        network_mode_name: String,
        /// The container whose network namespace it joins
        /// (`--network container:X`, `network_mode: service:x`).
        netns_of: Option<ContainerId>,
        /// The compose project and service, for the services view.
        project: Option<String>,
        service: Option<String>,
        hostname: String,
    },
    AddressAllocated {
        container: ContainerId,
        name: String,
        network: NetworkId,
        network_name: String,
        ip: Ipv4Addr,
        prefix_len: u8,
        reason: AddressReason,
    },
    /// The container's interface on a network: for a bridge, one end of a
    /// veth pair whose other end is plugged into the bridge.
    InterfaceCreated {
        container: ContainerId,
        name: String,
        network: NetworkId,
        network_name: String,
        /// `eth0`, `eth1`, ... inside the container.
        ifname: String,
        /// Its index inside the container's namespace.
        ifindex: u32,
        mac: String,
        veth: Option<VethEnd>,
    },
    DnsRegistered {
        container: ContainerId,
        network: NetworkId,
        network_name: String,
        names: Vec<DnsName>,
        ip: Ipv4Addr,
    },
    PortPublished {
        container: ContainerId,
        name: String,
        host_ip: Ipv4Addr,
        host_port: u16,
        container_port: u16,
        protocol: String,
    },
    ContainerStarted {
        container: ContainerId,
        name: String,
        /// `starting` when it has a health check, which begins now.
        health: Option<HealthStatus>,
    },
    AppReady {
        container: ContainerId,
        name: String,
    },
    HealthChanged {
        container: ContainerId,
        name: String,
        status: HealthStatus,
        failing_streak: u32,
    },
    /// A DNS query from a container: to the embedded DNS, or to the host's
    /// resolver for containers without it.
    DnsQuery {
        container: ContainerId,
        name: String,
        query: String,
        answer: DnsAnswer,
    },
    /// `ping`: the name, how it resolved, and the path the packets took or
    /// where they were dropped.
    Ping {
        container: ContainerId,
        name: String,
        target: String,
        resolution: Resolution,
        ip: Option<Ipv4Addr>,
        route: Option<Route>,
    },
    ConnectAttempt {
        container: ContainerId,
        name: String,
        target: String,
        port: Option<u16>,
        resolution: Resolution,
        ip: Option<Ipv4Addr>,
        route: Option<Route>,
        outcome: ConnectOutcome,
    },
    ContainerExited {
        container: ContainerId,
        name: String,
        code: i32,
        cause: ExitCause,
    },
    DnsRemoved {
        container: ContainerId,
        network: NetworkId,
        network_name: String,
        names: Vec<DnsName>,
        ip: Ipv4Addr,
    },
    InterfaceRemoved {
        container: ContainerId,
        name: String,
        network: NetworkId,
        ifname: String,
        veth: Option<String>,
    },
    AddressReleased {
        container: ContainerId,
        name: String,
        network: NetworkId,
        network_name: String,
        ip: Ipv4Addr,
    },
    PortReleased {
        container: ContainerId,
        name: String,
        host_ip: Ipv4Addr,
        host_port: u16,
    },
    /// A proxy that resolves its upstream once looked it up as it started:
    /// the address it will send every request to until it starts again
    /// (`None`: the name did not resolve, and nginx exits).
    UpstreamResolved {
        container: ContainerId,
        name: String,
        upstream: String,
        ip: Option<Ipv4Addr>,
    },
    /// A proxy forwarded one request to its upstream.
    ProxyForwarded {
        container: ContainerId,
        name: String,
        upstream: String,
        /// Whether it used the address it resolved at start rather than
        /// asking the DNS now.
        cached: bool,
        ip: Option<Ipv4Addr>,
        /// The name no longer resolves to `ip`: the upstream moved.
        stale: bool,
        /// The running container that holds `ip` now.
        holder: Option<String>,
        outcome: ConnectOutcome,
    },
    /// Ports the container asks to publish that the engine drops without
    /// binding anything (facts §7): with `network_mode: host` (the daemon
    /// warns "Published ports are discarded when using host network mode")
    /// and on internal networks only (silently: no warning, an empty
    /// `NetworkSettings.Ports`, nothing in `docker ps` or `docker port`).
    PortsDiscarded {
        container: ContainerId,
        name: String,
        /// The bindings as asked, `8080:80/tcp`.
        ports: Vec<String>,
        reason: DiscardReason,
    },
    RestartScheduled {
        container: ContainerId,
        name: String,
        delay: Duration,
        restart_count: u32,
    },
    /// Simulated time skipped through a loop that repeats itself exactly
    /// (a container that crashes at once under its longest restart back-off,
    /// an app that keeps failing to connect the same way): `times` more
    /// rounds happened, `every` apart, up to this event's time, and are not
    /// listed one by one. Without this a long `sleep` would log billions
    /// of identical events.
    Repeated {
        container: ContainerId,
        name: String,
        what: Repetition,
        times: u64,
        every: Duration,
    },
    /// `docker stop` or `docker kill` of a container waiting to restart:
    /// it stays exited.
    RestartCancelled {
        container: ContainerId,
        name: String,
    },
    ContainerRenamed {
        container: ContainerId,
        old: String,
        new: String,
    },
    ContainerRemoved {
        container: ContainerId,
        name: String,
    },
    /// Compose waits before starting a service.
    ComposeWaiting {
        project: String,
        service: String,
        dependency: String,
        condition: Condition,
    },
    /// Compose replaces a container.
    ComposeRecreate {
        project: String,
        container: String,
        reason: RecreateReason,
    },
}

/// Why a container's published ports are dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DiscardReason {
    /// `--network host` / `network_mode: host`: there is no address of its
    /// own to forward to; its app listens on the host's ports directly.
    HostNetwork,
    /// Every network it is on is `internal`: no gateway to program the
    /// forwarding on.
    InternalNetworks,
}

impl DiscardReason {
    /// A few words for the event log.
    pub fn describe(self) -> &'static str {
        match self {
            DiscardReason::HostNetwork => "host network mode",
            DiscardReason::InternalNetworks => "only on internal networks",
        }
    }
}

/// Why Compose recreates a container.
/// What a [`EventKind::Repeated`] skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Repetition {
    /// Start, exit at once, wait the restart back-off.
    Restarts,
    /// A connection round of the app that failed as the last one did.
    ConnectRetries,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum RecreateReason {
    ForceRecreate,
    ConfigChanged,
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>9}  {}", self.time.to_string(), self.kind)
    }
}

/// The names of a DNS record list, as `a, b, c`.
fn names(list: &[DnsName]) -> String {
    let names: Vec<&str> = list.iter().map(|n| n.name.as_str()).collect();
    names.join(", ")
}

/// The one-line text of an event, for the CLI's `--events` and the golden
/// files. Plain-language explanations for learners live in the browser's
/// catalogue, which reads the same typed fields.
impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EventKind::*;
        match self {
            NetworkCreated {
                name,
                driver,
                subnet,
                gateway,
                internal,
                subnet_source,
                ..
            } => {
                write!(f, "network {name} created ({}", driver.name())?;
                if let Some(subnet) = subnet {
                    write!(f, ", {subnet}")?;
                }
                if let Some(gw) = gateway {
                    write!(f, ", gateway {gw}")?;
                }
                if *internal {
                    write!(f, ", internal")?;
                }
                write!(f, "): {}", subnet_source.describe())
            }
            BridgeCreated {
                bridge, ifindex, ..
            } => write!(f, "bridge {bridge} up (ifindex {ifindex})"),
            NetworkRemoved { name, bridge, .. } => match bridge {
                Some(b) => write!(f, "network {name} removed, bridge {b} deleted"),
                None => write!(f, "network {name} removed"),
            },
            VolumeCreated { name } => write!(f, "volume {name} created"),
            VolumeRemoved { name } => write!(f, "volume {name} removed"),
            ContainerCreated { name, image, .. } => {
                write!(f, "container {name} created from {image}")
            }
            AddressAllocated {
                name,
                network_name,
                ip,
                reason,
                ..
            } => {
                write!(f, "{name} gets {ip} on {network_name}: ")?;
                match reason {
                    AddressReason::Static => write!(f, "static address"),
                    AddressReason::LowestFree { previous: None } => {
                        write!(f, "lowest free address")
                    }
                    AddressReason::LowestFree { previous: Some(p) } if p == ip => {
                        write!(f, "lowest free address, the same as before")
                    }
                    AddressReason::LowestFree { previous: Some(p) } => {
                        write!(f, "lowest free address, NEW (was {p})")
                    }
                }
            }
            InterfaceCreated {
                name,
                ifname,
                ifindex,
                mac,
                veth: Some(veth),
                ..
            } => write!(
                f,
                "veth pair {}@if{ifindex} (host, on {}) <-> {ifname}@if{} (in {name}), mac {mac}",
                veth.name, veth.bridge, veth.ifindex
            ),
            InterfaceCreated {
                name,
                network_name,
                ifname,
                mac,
                veth: None,
                ..
            } => write!(f, "{name} gets {ifname} on {network_name}, mac {mac}"),
            DnsRegistered {
                network_name,
                names: list,
                ip,
                ..
            } => write!(f, "dns on {network_name}: {} -> {ip}", names(list)),
            PortPublished {
                name,
                host_ip,
                host_port,
                container_port,
                protocol,
                ..
            } => write!(
                f,
                "port {host_ip}:{host_port} -> {name}:{container_port}/{protocol}"
            ),
            ContainerStarted { name, .. } => write!(f, "container {name} started"),
            AppReady { name, .. } => write!(f, "{name} is ready"),
            HealthChanged {
                name,
                status,
                failing_streak,
                ..
            } => {
                write!(f, "{name} health: {}", status.as_str())?;
                if *failing_streak > 0 {
                    write!(f, " (failing streak {failing_streak})")?;
                }
                Ok(())
            }
            DnsQuery {
                name,
                query,
                answer,
                ..
            } => {
                write!(f, "{name} asks {} for {query}: ", answer.server)?;
                if answer.addrs.is_empty() {
                    f.write_str(answer.rcode.as_str())
                } else {
                    let addrs: Vec<String> = answer.addrs.iter().map(|a| a.to_string()).collect();
                    f.write_str(&addrs.join(", "))
                }
            }
            Ping {
                name,
                target,
                ip,
                route,
                ..
            } => {
                write!(f, "{name} pings {target}")?;
                match (ip, route) {
                    (Some(ip), Some(route)) => write!(f, " ({ip}): {}", verdict(&route.verdict)),
                    _ => write!(f, ": no such name"),
                }
            }
            ConnectAttempt {
                name,
                target,
                ip,
                outcome,
                ..
            } => {
                write!(f, "{name} connects to {target}")?;
                if let Some(ip) = ip {
                    write!(f, " ({ip})")?;
                }
                write!(f, ": {outcome}")
            }
            ContainerExited {
                name, code, cause, ..
            } => {
                let why = match cause {
                    ExitCause::Exited => "process exited",
                    ExitCause::Stopped => "stopped",
                    ExitCause::Killed => "killed",
                    ExitCause::ConnectFailed => "gave up connecting",
                };
                write!(f, "container {name} exited with code {code} ({why})")
            }
            DnsRemoved {
                network_name,
                names: list,
                ip,
                ..
            } => write!(
                f,
                "dns on {network_name}: {} -/-> {ip} removed",
                names(list)
            ),
            InterfaceRemoved {
                name,
                ifname,
                veth: Some(veth),
                ..
            } => write!(f, "veth pair {veth} <-> {ifname} of {name} deleted"),
            InterfaceRemoved {
                name,
                ifname,
                veth: None,
                ..
            } => write!(f, "{ifname} of {name} deleted"),
            AddressReleased {
                name,
                network_name,
                ip,
                ..
            } => write!(f, "{name} releases {ip} on {network_name}"),
            PortReleased {
                name,
                host_ip,
                host_port,
                ..
            } => write!(f, "port {host_ip}:{host_port} of {name} released"),
            UpstreamResolved {
                name, upstream, ip, ..
            } => match ip {
                Some(ip) => write!(f, "{name} resolved its upstream {upstream} once: {ip}"),
                None => write!(f, "{name} cannot resolve its upstream {upstream}"),
            },
            ProxyForwarded {
                name,
                upstream,
                cached,
                ip,
                stale,
                outcome,
                ..
            } => {
                write!(f, "{name} forwards to {upstream}")?;
                if let Some(ip) = ip {
                    write!(f, " at {ip}")?;
                    match (cached, stale) {
                        (true, true) => write!(f, " (resolved at start, stale)")?,
                        (true, false) => write!(f, " (resolved at start)")?,
                        _ => {}
                    }
                }
                write!(f, ": {outcome}")
            }
            PortsDiscarded {
                name,
                ports,
                reason,
                ..
            } => write!(
                f,
                "ports {} of {name} discarded: {}",
                ports.join(", "),
                reason.describe()
            ),
            RestartScheduled {
                name,
                delay,
                restart_count,
                ..
            } => write!(
                f,
                "{name} restarts in {}ms (restart #{restart_count})",
                delay.as_millis()
            ),
            Repeated {
                name,
                what,
                times,
                every,
                ..
            } => match what {
                Repetition::Restarts => write!(
                    f,
                    "{name} restarted {times} more times, every {}ms (not listed one by one)",
                    every.as_millis()
                ),
                Repetition::ConnectRetries => write!(
                    f,
                    "{name} retried {times} more times, every {}ms, failing the same way (not listed one by one)",
                    every.as_millis()
                ),
            },
            RestartCancelled { name, .. } => write!(f, "{name} will not restart"),
            ContainerRenamed { old, new, .. } => write!(f, "container {old} renamed to {new}"),
            ContainerRemoved { name, .. } => write!(f, "container {name} removed"),
            ComposeWaiting {
                project,
                service,
                dependency,
                condition,
            } => write!(
                f,
                "compose {project}: {service} waits for {dependency} ({})",
                condition.as_str()
            ),
            ComposeRecreate {
                project,
                container,
                reason,
            } => {
                let why = match reason {
                    RecreateReason::ForceRecreate => "--force-recreate",
                    RecreateReason::ConfigChanged => "its configuration changed",
                };
                write!(f, "compose {project}: recreate {container} because {why}")
            }
        }
    }
}

fn verdict(v: &Verdict) -> &'static str {
    match v {
        Verdict::Delivered(_) => "delivered",
        Verdict::Dropped(DropReason::SenderNotRunning) => "dropped (not running)",
        Verdict::Dropped(DropReason::NoNetwork) => "dropped (network_mode none)",
        Verdict::Dropped(DropReason::NoSuchAddress { .. }) => "dropped (no one has that address)",
        Verdict::Dropped(DropReason::OtherNetwork { .. }) => "dropped (another network)",
        Verdict::Dropped(DropReason::Internal) => "dropped (internal network)",
        Verdict::Dropped(DropReason::NoRoute) => "dropped (no route)",
        Verdict::Dropped(DropReason::OutsideHost) => "dropped (outside the host)",
    }
}
