//! The event log: every state change of the host, in order, with its
//! simulated time. The browser animates it step by step (and backwards); the
//! CLI prints it. The same inputs always give the same log.

use std::fmt;
use std::net::Ipv4Addr;
use std::time::Duration;

use ipnet::Ipv4Net;

use crate::ids::{ContainerId, NetworkId};
use crate::time::SimTime;

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
    /// Nothing answered: no shared network, or the target is gone.
    Unreachable,
}

impl ConnectOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            ConnectOutcome::Connected => "connected",
            ConnectOutcome::NoSuchName => "no such name",
            ConnectOutcome::Refused => "refused (not ready)",
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

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    NetworkCreated {
        network: NetworkId,
        name: String,
        driver: String,
        subnet: Option<Ipv4Net>,
        gateway: Option<Ipv4Addr>,
        internal: bool,
        /// "default pool", "user subnet", ...
        why: String,
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
        name: String,
        image: String,
        /// `bridge`, a network name, `host`, `none` or `container:ID`, as
        /// `docker inspect` shows `HostConfig.NetworkMode`.
        network_mode: String,
        /// The container whose network namespace it joins
        /// (`--network container:X`, `network_mode: service:x`).
        netns_of: Option<ContainerId>,
        /// The compose service, for the browser's services view.
        service: Option<String>,
    },
    AddressAllocated {
        container: ContainerId,
        name: String,
        network: NetworkId,
        network_name: String,
        ip: Ipv4Addr,
        reason: AddressReason,
    },
    VethCreated {
        container: ContainerId,
        name: String,
        network: NetworkId,
        bridge: String,
        veth: String,
        veth_ifindex: u32,
        ifname: String,
        ifindex: u32,
        mac: String,
    },
    DnsRegistered {
        container: ContainerId,
        network: NetworkId,
        network_name: String,
        names: Vec<String>,
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
    },
    AppReady {
        container: ContainerId,
        name: String,
    },
    HealthChanged {
        container: ContainerId,
        name: String,
        status: String,
        failing_streak: u32,
    },
    ConnectAttempt {
        container: ContainerId,
        name: String,
        target: String,
        ip: Option<Ipv4Addr>,
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
        names: Vec<String>,
        ip: Ipv4Addr,
    },
    VethRemoved {
        container: ContainerId,
        name: String,
        network: NetworkId,
        veth: String,
        ifname: String,
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
    RestartScheduled {
        container: ContainerId,
        name: String,
        delay: Duration,
        restart_count: u32,
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
        condition: String,
    },
    /// A note from an orchestrator (compose) that is not a state change of
    /// the engine but explains one, e.g. why a container is recreated.
    Note {
        text: String,
    },
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>9}  {}", self.time.to_string(), self.kind)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use EventKind::*;
        match self {
            NetworkCreated { name, driver, subnet, gateway, internal, why, .. } => {
                write!(f, "network {name} created ({driver}")?;
                if let Some(subnet) = subnet {
                    write!(f, ", {subnet}")?;
                }
                if let Some(gw) = gateway {
                    write!(f, ", gateway {gw}")?;
                }
                if *internal {
                    write!(f, ", internal")?;
                }
                write!(f, "): {why}")
            }
            BridgeCreated { bridge, ifindex, .. } => write!(f, "bridge {bridge} up (ifindex {ifindex})"),
            NetworkRemoved { name, bridge, .. } => match bridge {
                Some(b) => write!(f, "network {name} removed, bridge {b} deleted"),
                None => write!(f, "network {name} removed"),
            },
            VolumeCreated { name } => write!(f, "volume {name} created"),
            VolumeRemoved { name } => write!(f, "volume {name} removed"),
            ContainerCreated { name, image, .. } => write!(f, "container {name} created from {image}"),
            AddressAllocated { name, network_name, ip, reason, .. } => {
                write!(f, "{name} gets {ip} on {network_name}: ")?;
                match reason {
                    AddressReason::Static => write!(f, "static address"),
                    AddressReason::LowestFree { previous: None } => write!(f, "lowest free address"),
                    AddressReason::LowestFree { previous: Some(p) } if p == ip => {
                        write!(f, "lowest free address, the same as before")
                    }
                    AddressReason::LowestFree { previous: Some(p) } => {
                        write!(f, "lowest free address, NEW (was {p})")
                    }
                }
            }
            VethCreated { name, bridge, veth, veth_ifindex, ifname, ifindex, mac, .. } => write!(
                f,
                "veth pair {veth}@if{ifindex} (host, on {bridge}) <-> {ifname}@if{veth_ifindex} (in {name}), mac {mac}"
            ),
            DnsRegistered { network_name, names, ip, .. } => {
                write!(f, "dns on {network_name}: {} -> {ip}", names.join(", "))
            }
            PortPublished { name, host_ip, host_port, container_port, protocol, .. } => {
                write!(f, "port {host_ip}:{host_port} -> {name}:{container_port}/{protocol}")
            }
            ContainerStarted { name, .. } => write!(f, "container {name} started"),
            AppReady { name, .. } => write!(f, "{name} is ready"),
            HealthChanged { name, status, failing_streak, .. } => {
                write!(f, "{name} health: {status}")?;
                if *failing_streak > 0 {
                    write!(f, " (failing streak {failing_streak})")?;
                }
                Ok(())
            }
            ConnectAttempt { name, target, ip, outcome, .. } => {
                write!(f, "{name} connects to {target}")?;
                if let Some(ip) = ip {
                    write!(f, " ({ip})")?;
                }
                write!(f, ": {}", outcome.as_str())
            }
            ContainerExited { name, code, cause, .. } => {
                let why = match cause {
                    ExitCause::Exited => "process exited",
                    ExitCause::Stopped => "stopped",
                    ExitCause::Killed => "killed",
                    ExitCause::ConnectFailed => "gave up connecting",
                };
                write!(f, "container {name} exited with code {code} ({why})")
            }
            DnsRemoved { network_name, names, ip, .. } => {
                write!(f, "dns on {network_name}: {} -/-> {ip} removed", names.join(", "))
            }
            VethRemoved { name, veth, ifname, .. } => write!(f, "veth pair {veth} <-> {ifname} of {name} deleted"),
            AddressReleased { name, network_name, ip, .. } => {
                write!(f, "{name} releases {ip} on {network_name}")
            }
            PortReleased { name, host_ip, host_port, .. } => {
                write!(f, "port {host_ip}:{host_port} of {name} released")
            }
            RestartScheduled { name, delay, restart_count, .. } => write!(
                f,
                "{name} restarts in {}ms (restart #{restart_count})",
                delay.as_millis()
            ),
            ContainerRemoved { name, .. } => write!(f, "container {name} removed"),
            ComposeWaiting { project, service, dependency, condition } => write!(
                f,
                "compose {project}: {service} waits for {dependency} ({condition})"
            ),
            Note { text } => f.write_str(text),
        }
    }
}
