//! A [`Scene`] is what the event log has built up to one event: the
//! networks with their bridges and embedded DNS records, the containers with
//! their state, and every veth pair with its address and MAC. The browser
//! draws a scene per position of its timeline, so stepping backwards is just
//! folding fewer events; it never asks the host about the past.
//!
//! Folding the whole log must give the host's final [`Snapshot`]; a test
//! holds every scenario to that, so the drawing cannot drift from the model.

use std::fmt;
use std::net::Ipv4Addr;

use composenet_model::event::{AddressReason, ConnectOutcome, Event, EventKind, ExitCause};
use composenet_model::snapshot::Snapshot;
use composenet_model::{ContainerId, NetworkId, SimTime};
use indexmap::IndexMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scene {
    pub engine: String,
    pub time: SimTime,
    /// How many events of the log this scene has applied.
    pub applied: usize,
    pub networks: IndexMap<NetworkId, SceneNetwork>,
    pub containers: IndexMap<ContainerId, SceneContainer>,
    /// Ports published on the host, in the order they were published.
    pub ports: Vec<ScenePort>,
    pub volumes: Vec<String>,
    /// What the last applied event touched, so it can be highlighted.
    pub focus: Vec<Focus>,
}

/// A part of the drawing an event touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    Network(NetworkId),
    Container(ContainerId),
    /// A container's interface on a network (its veth pair and address).
    Interface(ContainerId, NetworkId),
    /// A name in a network's embedded DNS.
    Dns(NetworkId, String),
    Port(u16),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneNetwork {
    pub id: NetworkId,
    pub name: String,
    pub driver: String,
    pub subnet: Option<String>,
    pub gateway: Option<Ipv4Addr>,
    pub internal: bool,
    pub bridge: Option<String>,
    pub bridge_ifindex: Option<u32>,
    /// `bridge`, `host` and `none` exist before anything runs.
    pub predefined: bool,
    /// The default bridge has no embedded DNS; user-defined networks do.
    pub embedded_dns: bool,
    /// Why it got its subnet ("first free default pool", "user subnet", ...).
    pub why: String,
    pub removed: bool,
    /// What the embedded DNS answers on this network: name → addresses, in
    /// registration order.
    pub dns: IndexMap<String, Vec<Ipv4Addr>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SceneState {
    Created,
    Running,
    Exited(i32),
    Removed,
}

impl SceneState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SceneState::Created => "created",
            SceneState::Running => "running",
            SceneState::Exited(_) => "exited",
            SceneState::Removed => "removed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneContainer {
    pub id: ContainerId,
    pub name: String,
    pub image: String,
    pub service: Option<String>,
    pub network_mode: String,
    /// The container whose network namespace it shares, if any.
    pub netns_of: Option<ContainerId>,
    pub state: SceneState,
    /// Why it last exited, for the label of an exited container.
    pub exit_cause: Option<ExitCause>,
    /// The app inside answers connections (its `ready_after` passed).
    pub ready: bool,
    pub health: Option<String>,
    pub restart_count: u32,
    /// Compose holds it back until a dependency is up ("db (service_healthy)").
    pub waiting_for: Option<String>,
    /// Its app's last connection attempt: target and outcome.
    pub last_connect: Option<(String, ConnectOutcome)>,
    pub interfaces: IndexMap<NetworkId, SceneInterface>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneInterface {
    pub network: NetworkId,
    pub network_name: String,
    pub ip: Option<Ipv4Addr>,
    /// Why it got that address (static, lowest free, the same as before).
    pub reason: Option<AddressReason>,
    /// The host end of the veth pair, on the bridge.
    pub veth: Option<String>,
    pub veth_ifindex: u32,
    /// The container end (`eth0`), whose peer is `veth_ifindex`.
    pub ifname: Option<String>,
    pub ifindex: u32,
    pub mac: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenePort {
    pub container: ContainerId,
    pub container_name: String,
    pub host_ip: Ipv4Addr,
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: String,
}

impl Scene {
    /// The scene before any event: the host's predefined networks, taken
    /// from a snapshot of a fresh host with the same engine.
    pub fn new(initial: &Snapshot) -> Scene {
        let networks = initial
            .networks
            .iter()
            .map(|n| {
                (
                    n.id,
                    SceneNetwork {
                        id: n.id,
                        name: n.name.clone(),
                        driver: n.driver.clone(),
                        subnet: n.subnet.clone(),
                        gateway: n.gateway,
                        internal: n.internal,
                        bridge: n.bridge.clone(),
                        bridge_ifindex: None,
                        predefined: n.predefined,
                        embedded_dns: n.embedded_dns,
                        why: "created by the daemon at start".to_string(),
                        removed: false,
                        dns: IndexMap::new(),
                    },
                )
            })
            .collect();
        Scene {
            engine: initial.engine.clone(),
            time: initial.time,
            applied: 0,
            networks,
            containers: IndexMap::new(),
            ports: Vec::new(),
            volumes: Vec::new(),
            focus: Vec::new(),
        }
    }

    /// The scene after the first `n` events of `events`.
    pub fn at(initial: &Snapshot, events: &[Event], n: usize) -> Scene {
        let mut scene = Scene::new(initial);
        for e in &events[..n.min(events.len())] {
            scene.apply(e);
        }
        scene
    }

    /// Applies one event. Events name what they change by id, so a scene
    /// never has to look anything up by name.
    pub fn apply(&mut self, event: &Event) {
        use EventKind::*;
        self.time = event.time;
        self.applied += 1;
        self.focus.clear();
        match &event.kind {
            NetworkCreated {
                network,
                name,
                driver,
                subnet,
                gateway,
                internal,
                why,
            } => {
                // The log starts with the daemon creating its predefined
                // networks, which the initial snapshot already holds: keep
                // what only the snapshot knows (docker0 has no DNS).
                let known = self.networks.get(network);
                let predefined = known.is_some_and(|n| n.predefined);
                let embedded_dns = known.map_or(driver == "bridge", |n| n.embedded_dns);
                self.networks.insert(
                    *network,
                    SceneNetwork {
                        id: *network,
                        name: name.clone(),
                        driver: driver.clone(),
                        subnet: subnet.map(|s| s.to_string()),
                        gateway: *gateway,
                        internal: *internal,
                        bridge: None,
                        bridge_ifindex: None,
                        predefined,
                        embedded_dns,
                        why: why.clone(),
                        removed: false,
                        dns: IndexMap::new(),
                    },
                );
                self.focus.push(Focus::Network(*network));
            }
            BridgeCreated {
                network,
                bridge,
                ifindex,
            } => {
                if let Some(n) = self.networks.get_mut(network) {
                    n.bridge = Some(bridge.clone());
                    n.bridge_ifindex = Some(*ifindex);
                }
                self.focus.push(Focus::Network(*network));
            }
            NetworkRemoved { network, .. } => {
                if let Some(n) = self.networks.get_mut(network) {
                    n.removed = true;
                }
                self.focus.push(Focus::Network(*network));
            }
            VolumeCreated { name } => self.volumes.push(name.clone()),
            VolumeRemoved { name } => self.volumes.retain(|v| v != name),
            ContainerCreated {
                container,
                name,
                image,
                network_mode,
                netns_of,
                service,
            } => {
                self.containers.insert(
                    *container,
                    SceneContainer {
                        id: *container,
                        name: name.clone(),
                        image: image.clone(),
                        service: service.clone(),
                        network_mode: network_mode.clone(),
                        netns_of: *netns_of,
                        state: SceneState::Created,
                        exit_cause: None,
                        ready: false,
                        health: None,
                        restart_count: 0,
                        waiting_for: None,
                        last_connect: None,
                        interfaces: IndexMap::new(),
                    },
                );
                self.focus.push(Focus::Container(*container));
            }
            AddressAllocated {
                container,
                network,
                network_name,
                ip,
                reason,
                ..
            } => {
                let iface = self.interface(*container, *network, network_name);
                if let Some(iface) = iface {
                    iface.ip = Some(*ip);
                    iface.reason = Some(reason.clone());
                }
                self.focus.push(Focus::Interface(*container, *network));
            }
            VethCreated {
                container,
                network,
                veth,
                veth_ifindex,
                ifname,
                ifindex,
                mac,
                ..
            } => {
                let name = self.network_name(*network);
                if let Some(iface) = self.interface(*container, *network, &name) {
                    iface.veth = Some(veth.clone());
                    iface.veth_ifindex = *veth_ifindex;
                    iface.ifname = Some(ifname.clone());
                    iface.ifindex = *ifindex;
                    iface.mac = Some(mac.clone());
                }
                self.focus.push(Focus::Interface(*container, *network));
            }
            DnsRegistered {
                network, names, ip, ..
            } => {
                if let Some(n) = self.networks.get_mut(network) {
                    for name in names {
                        let ips = n.dns.entry(name.clone()).or_default();
                        if !ips.contains(ip) {
                            ips.push(*ip);
                        }
                        self.focus.push(Focus::Dns(*network, name.clone()));
                    }
                }
            }
            DnsRemoved {
                network, names, ip, ..
            } => {
                if let Some(n) = self.networks.get_mut(network) {
                    for name in names {
                        if let Some(ips) = n.dns.get_mut(name) {
                            ips.retain(|a| a != ip);
                            if ips.is_empty() {
                                n.dns.shift_remove(name);
                            }
                        }
                        self.focus.push(Focus::Dns(*network, name.clone()));
                    }
                }
            }
            PortPublished {
                container,
                name,
                host_ip,
                host_port,
                container_port,
                protocol,
            } => {
                self.ports.push(ScenePort {
                    container: *container,
                    container_name: name.clone(),
                    host_ip: *host_ip,
                    host_port: *host_port,
                    container_port: *container_port,
                    protocol: protocol.clone(),
                });
                self.focus.push(Focus::Port(*host_port));
            }
            PortReleased {
                container,
                host_ip,
                host_port,
                ..
            } => {
                self.ports.retain(|p| {
                    !(p.container == *container
                        && p.host_ip == *host_ip
                        && p.host_port == *host_port)
                });
                self.focus.push(Focus::Port(*host_port));
            }
            ContainerStarted { container, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.state = SceneState::Running;
                    c.exit_cause = None;
                    c.ready = false;
                    c.waiting_for = None;
                }
                self.focus.push(Focus::Container(*container));
            }
            AppReady { container, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.ready = true;
                }
                self.focus.push(Focus::Container(*container));
            }
            HealthChanged {
                container, status, ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.health = Some(status.clone());
                }
                self.focus.push(Focus::Container(*container));
            }
            ConnectAttempt {
                container,
                target,
                outcome,
                ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.last_connect = Some((target.clone(), outcome.clone()));
                }
                self.focus.push(Focus::Container(*container));
            }
            ContainerExited {
                container,
                code,
                cause,
                ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.state = SceneState::Exited(*code);
                    c.exit_cause = Some(cause.clone());
                    c.ready = false;
                    // Docker drops the health status of a stopped container.
                    c.health = None;
                }
                self.focus.push(Focus::Container(*container));
            }
            VethRemoved {
                container, network, ..
            } => {
                if let Some(iface) = self
                    .containers
                    .get_mut(container)
                    .and_then(|c| c.interfaces.get_mut(network))
                {
                    iface.veth = None;
                    iface.ifname = None;
                    iface.mac = None;
                }
                self.focus.push(Focus::Interface(*container, *network));
            }
            AddressReleased {
                container, network, ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.interfaces.shift_remove(network);
                }
                self.focus.push(Focus::Container(*container));
            }
            RestartScheduled {
                container,
                restart_count,
                ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.restart_count = *restart_count;
                }
                self.focus.push(Focus::Container(*container));
            }
            ContainerRemoved { container, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.state = SceneState::Removed;
                    c.interfaces.clear();
                }
                self.ports.retain(|p| p.container != *container);
                self.focus.push(Focus::Container(*container));
            }
            ComposeWaiting {
                service,
                dependency,
                condition,
                ..
            } => {
                // Compose names the service; its containers that have not
                // started yet are the ones held back.
                let waiting = format!("{dependency} ({condition})");
                for c in self.containers.values_mut() {
                    if c.service.as_deref() == Some(service.as_str())
                        && c.state == SceneState::Created
                    {
                        c.waiting_for = Some(waiting.clone());
                        self.focus.push(Focus::Container(c.id));
                    }
                }
            }
            Note { .. } => {}
        }
    }

    fn network_name(&self, id: NetworkId) -> String {
        self.networks
            .get(&id)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    }

    /// The interface of a container on a network, made on first use.
    fn interface(
        &mut self,
        container: ContainerId,
        network: NetworkId,
        network_name: &str,
    ) -> Option<&mut SceneInterface> {
        let c = self.containers.get_mut(&container)?;
        Some(
            c.interfaces
                .entry(network)
                .or_insert_with(|| SceneInterface {
                    network,
                    network_name: network_name.to_string(),
                    ip: None,
                    reason: None,
                    veth: None,
                    veth_ifindex: 0,
                    ifname: None,
                    ifindex: 0,
                    mac: None,
                }),
        )
    }

    /// Networks that exist at this point, in creation order.
    pub fn live_networks(&self) -> impl Iterator<Item = &SceneNetwork> {
        self.networks.values().filter(|n| !n.removed)
    }

    /// Containers that exist at this point, in creation order.
    pub fn live_containers(&self) -> impl Iterator<Item = &SceneContainer> {
        self.containers
            .values()
            .filter(|c| c.state != SceneState::Removed)
    }
}

impl fmt::Display for Scene {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "scene after {} events at {}", self.applied, self.time)?;
        for n in self.live_networks() {
            write!(f, "  network {} ({}", n.name, n.driver)?;
            if let Some(s) = &n.subnet {
                write!(f, " {s}")?;
            }
            if let Some(g) = n.gateway {
                write!(f, " gw {g}")?;
            }
            if n.internal {
                write!(f, " internal")?;
            }
            if let Some(b) = &n.bridge {
                write!(f, " bridge {b}")?;
            }
            writeln!(f, ")")?;
            if !n.embedded_dns {
                continue;
            }
            for (name, ips) in &n.dns {
                let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
                writeln!(f, "    dns {name} -> {}", ips.join(", "))?;
            }
        }
        for c in self.live_containers() {
            write!(f, "  container {} [{}", c.name, c.state.as_str())?;
            if let SceneState::Exited(code) = c.state {
                write!(f, " {code}")?;
            }
            if let Some(h) = &c.health {
                write!(f, ", {h}")?;
            }
            writeln!(f, "] mode {}", c.network_mode)?;
            for i in c.interfaces.values() {
                let ip = i.ip.map(|i| i.to_string()).unwrap_or_else(|| "-".into());
                write!(f, "    {} {ip}", i.network_name)?;
                if let (Some(veth), Some(ifname), Some(mac)) = (&i.veth, &i.ifname, &i.mac) {
                    write!(
                        f,
                        " {ifname}@if{} <-> {veth}@if{} mac {mac}",
                        i.veth_ifindex, i.ifindex
                    )?;
                }
                writeln!(f)?;
            }
        }
        for p in &self.ports {
            writeln!(
                f,
                "  port {}:{} -> {}:{}/{}",
                p.host_ip, p.host_port, p.container_name, p.container_port, p.protocol
            )?;
        }
        Ok(())
    }
}
