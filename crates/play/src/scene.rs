//! A [`Scene`] is what the event log has built up to one event: the
//! networks with their bridges and embedded DNS records, the containers with
//! their state, and every veth pair with its address and MAC. The browser
//! draws a scene per position of its timeline, so stepping backwards is just
//! folding fewer events; it never asks the host about the past.
//!
//! Events carry every fact the scene holds, in the model's own types, so
//! the scene decides nothing: it never works out a Docker rule (which
//! networks have the embedded DNS, what a network mode means) but copies
//! what the model said. [`Scene::snapshot`] turns a scene back into the
//! host's [`Snapshot`]; a test holds the fold of every scenario's whole log
//! equal to the host's own snapshot, field for field, so the drawing cannot
//! drift from the model.

use std::fmt;
use std::net::Ipv4Addr;

use composenet_model::compose::Condition;
use composenet_model::container::{HealthStatus, Status};
use composenet_model::event::{
    AddressReason, ConnectOutcome, DnsName, Event, EventKind, ExitCause, NameSource, SubnetSource,
};
use composenet_model::network::Driver;
use composenet_model::snapshot::{ContainerView, InterfaceView, NetworkView, Snapshot};
use composenet_model::traffic::{DnsAnswer, Route};
use composenet_model::{ContainerId, NetworkId, NetworkMode, SimTime};
use indexmap::IndexMap;
use ipnet::Ipv4Net;

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
    /// The traffic of the last applied event (a DNS query, a ping, a
    /// connection), so it can be drawn moving along its path.
    pub traffic: Option<Traffic>,
}

/// Traffic the last event sent, as the model reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Traffic {
    /// A query to the container's resolver and its answer.
    Dns {
        asker: ContainerId,
        query: String,
        answer: DnsAnswer,
    },
    /// A ping or a connection: where the packets went, or `None` when the
    /// name did not resolve and nothing was sent.
    Packet {
        from: ContainerId,
        target: String,
        route: Option<Route>,
        /// For connections: what the app saw.
        outcome: Option<ConnectOutcome>,
    },
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
    pub short_id: String,
    pub name: String,
    pub driver: Driver,
    pub subnet: Option<Ipv4Net>,
    pub gateway: Option<Ipv4Addr>,
    pub internal: bool,
    pub attachable: bool,
    pub bridge: Option<String>,
    pub bridge_ifindex: Option<u32>,
    /// `bridge`, `host` and `none` exist before anything runs.
    pub predefined: bool,
    /// Whether its containers ask the embedded DNS (as the model said).
    pub embedded_dns: bool,
    /// Where its subnet came from; `None` until its creation event.
    pub subnet_source: Option<SubnetSource>,
    pub removed: bool,
    /// What the embedded DNS answers on this network, by name, in
    /// registration order.
    pub dns: IndexMap<String, DnsRecord>,
}

/// One name of a network's embedded DNS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsRecord {
    pub ips: Vec<Ipv4Addr>,
    /// Why the first container that registered it answers to it.
    pub source: NameSource,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneContainer {
    pub id: ContainerId,
    pub short_id: String,
    pub name: String,
    pub image: String,
    pub hostname: String,
    pub project: Option<String>,
    pub service: Option<String>,
    pub network_mode: NetworkMode,
    /// `HostConfig.NetworkMode` as `docker inspect` prints it.
    pub network_mode_name: String,
    /// The container whose network namespace it shares, if any.
    pub netns_of: Option<ContainerId>,
    pub status: Status,
    pub exit_code: i32,
    pub removed: bool,
    /// Why it last exited, for the label of an exited container.
    pub exit_cause: Option<ExitCause>,
    /// The app inside answers connections (its `ready_after` passed).
    pub ready: bool,
    pub health: Option<HealthStatus>,
    pub restart_count: u32,
    /// Compose holds it back until a dependency is up.
    pub waiting_for: Option<(String, Condition)>,
    /// Its app's last connection attempt: target and outcome.
    pub last_connect: Option<(String, ConnectOutcome)>,
    pub interfaces: IndexMap<NetworkId, SceneInterface>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SceneInterface {
    pub network: NetworkId,
    pub network_name: String,
    pub ip: Option<Ipv4Addr>,
    pub prefix_len: u8,
    /// Why it got that address (static, lowest free, the same as before).
    pub reason: Option<AddressReason>,
    /// The host end of the veth pair, on the bridge.
    pub veth: Option<String>,
    pub veth_ifindex: u32,
    /// The container end (`eth0`), whose peer is `veth_ifindex`.
    pub ifname: Option<String>,
    pub ifindex: u32,
    pub mac: Option<String>,
    /// The names it answers to on this network's embedded DNS.
    pub names: Vec<DnsName>,
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
    /// from a snapshot of a fresh host with the same engine. Their creation
    /// events, at the start of every log, fill in the rest.
    pub fn new(initial: &Snapshot) -> Scene {
        let networks = initial
            .networks
            .iter()
            .map(|n| {
                (
                    n.id,
                    SceneNetwork {
                        id: n.id,
                        short_id: n.short_id.clone(),
                        name: n.name.clone(),
                        driver: Driver::parse(&n.driver),
                        subnet: n.subnet.as_deref().and_then(|s| s.parse().ok()),
                        gateway: n.gateway,
                        internal: n.internal,
                        attachable: false,
                        bridge: n.bridge.clone(),
                        bridge_ifindex: None,
                        predefined: n.predefined,
                        embedded_dns: n.embedded_dns,
                        subnet_source: None,
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
            traffic: None,
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
        self.traffic = None;
        match &event.kind {
            NetworkCreated {
                network,
                docker_id,
                name,
                driver,
                subnet,
                gateway,
                internal,
                attachable,
                predefined,
                embedded_dns,
                subnet_source,
            } => {
                self.networks.insert(
                    *network,
                    SceneNetwork {
                        id: *network,
                        short_id: docker_id.chars().take(12).collect(),
                        name: name.clone(),
                        driver: driver.clone(),
                        subnet: *subnet,
                        gateway: *gateway,
                        internal: *internal,
                        attachable: *attachable,
                        bridge: None,
                        bridge_ifindex: None,
                        predefined: *predefined,
                        embedded_dns: *embedded_dns,
                        subnet_source: Some(*subnet_source),
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
                docker_id,
                name,
                image,
                network_mode,
                network_mode_name,
                netns_of,
                project,
                service,
                hostname,
            } => {
                self.containers.insert(
                    *container,
                    SceneContainer {
                        id: *container,
                        short_id: docker_id.chars().take(12).collect(),
                        name: name.clone(),
                        image: image.clone(),
                        hostname: hostname.clone(),
                        project: project.clone(),
                        service: service.clone(),
                        network_mode: network_mode.clone(),
                        network_mode_name: network_mode_name.clone(),
                        netns_of: *netns_of,
                        status: Status::Created,
                        exit_code: 0,
                        removed: false,
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
                prefix_len,
                reason,
                ..
            } => {
                if let Some(iface) = self.interface(*container, *network, network_name) {
                    iface.ip = Some(*ip);
                    iface.prefix_len = *prefix_len;
                    iface.reason = Some(reason.clone());
                }
                self.focus.push(Focus::Interface(*container, *network));
            }
            InterfaceCreated {
                container,
                network,
                network_name,
                ifname,
                ifindex,
                mac,
                veth,
                ..
            } => {
                if let Some(iface) = self.interface(*container, *network, network_name) {
                    iface.ifname = Some(ifname.clone());
                    iface.ifindex = *ifindex;
                    iface.mac = Some(mac.clone());
                    iface.veth = veth.as_ref().map(|v| v.name.clone());
                    iface.veth_ifindex = veth.as_ref().map_or(0, |v| v.ifindex);
                }
                self.focus.push(Focus::Interface(*container, *network));
            }
            DnsRegistered {
                container,
                network,
                names,
                ip,
                ..
            } => {
                if let Some(n) = self.networks.get_mut(network) {
                    for name in names {
                        let record = n.dns.entry(name.name.clone()).or_insert(DnsRecord {
                            ips: Vec::new(),
                            source: name.source,
                        });
                        if !record.ips.contains(ip) {
                            record.ips.push(*ip);
                        }
                        self.focus.push(Focus::Dns(*network, name.name.clone()));
                    }
                }
                if let Some(iface) = self
                    .containers
                    .get_mut(container)
                    .and_then(|c| c.interfaces.get_mut(network))
                {
                    iface.names = names.clone();
                }
            }
            DnsRemoved {
                container,
                network,
                names,
                ip,
                ..
            } => {
                if let Some(n) = self.networks.get_mut(network) {
                    for name in names {
                        if let Some(record) = n.dns.get_mut(&name.name) {
                            record.ips.retain(|a| a != ip);
                            if record.ips.is_empty() {
                                n.dns.shift_remove(&name.name);
                            }
                        }
                        self.focus.push(Focus::Dns(*network, name.name.clone()));
                    }
                }
                if let Some(iface) = self
                    .containers
                    .get_mut(container)
                    .and_then(|c| c.interfaces.get_mut(network))
                {
                    iface.names.clear();
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
            ContainerStarted {
                container, health, ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.status = Status::Running;
                    c.exit_code = 0;
                    c.exit_cause = None;
                    c.ready = false;
                    c.waiting_for = None;
                    c.health = *health;
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
                    c.health = Some(*status);
                }
                self.focus.push(Focus::Container(*container));
            }
            DnsQuery {
                container,
                query,
                answer,
                ..
            } => {
                self.traffic = Some(Traffic::Dns {
                    asker: *container,
                    query: query.clone(),
                    answer: answer.clone(),
                });
                self.focus.push(Focus::Container(*container));
                if let Some(network) = answer.network() {
                    self.focus.push(Focus::Dns(network, query.clone()));
                }
            }
            Ping {
                container,
                target,
                route,
                ..
            } => {
                self.traffic = Some(Traffic::Packet {
                    from: *container,
                    target: target.clone(),
                    route: route.clone(),
                    outcome: None,
                });
                self.focus.push(Focus::Container(*container));
            }
            ConnectAttempt {
                container,
                target,
                route,
                outcome,
                ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.last_connect = Some((target.clone(), outcome.clone()));
                }
                self.traffic = Some(Traffic::Packet {
                    from: *container,
                    target: target.clone(),
                    route: route.clone(),
                    outcome: Some(outcome.clone()),
                });
                self.focus.push(Focus::Container(*container));
            }
            ContainerExited {
                container,
                code,
                cause,
                ..
            } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.status = Status::Exited;
                    c.exit_code = *code;
                    c.exit_cause = Some(cause.clone());
                    c.ready = false;
                }
                self.focus.push(Focus::Container(*container));
            }
            InterfaceRemoved {
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
                    c.status = Status::Restarting;
                    c.restart_count = *restart_count;
                }
                self.focus.push(Focus::Container(*container));
            }
            // The restart count comes with the last round's
            // `RestartScheduled`; the skipped rounds change nothing else.
            Repeated { container, .. } => self.focus.push(Focus::Container(*container)),
            RestartCancelled { container, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.status = Status::Exited;
                }
                self.focus.push(Focus::Container(*container));
            }
            ContainerRenamed { container, new, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.name = new.clone();
                }
                for p in self.ports.iter_mut().filter(|p| p.container == *container) {
                    p.container_name = new.clone();
                }
                self.focus.push(Focus::Container(*container));
            }
            ContainerRemoved { container, .. } => {
                if let Some(c) = self.containers.get_mut(container) {
                    c.removed = true;
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
                for c in self.containers.values_mut() {
                    if c.service.as_deref() == Some(service.as_str()) && c.status == Status::Created
                    {
                        c.waiting_for = Some((dependency.clone(), *condition));
                        self.focus.push(Focus::Container(c.id));
                    }
                }
            }
            ComposeRecreate { .. } => {}
            PortsDiscarded { container, .. }
            | UpstreamResolved { container, .. }
            | ProxyForwarded { container, .. } => self.focus.push(Focus::Container(*container)),
        }
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
                    prefix_len: 0,
                    reason: None,
                    veth: None,
                    veth_ifindex: 0,
                    ifname: None,
                    ifindex: 0,
                    mac: None,
                    names: Vec::new(),
                }),
        )
    }

    /// Networks that exist at this point, in creation order.
    pub fn live_networks(&self) -> impl Iterator<Item = &SceneNetwork> {
        self.networks.values().filter(|n| !n.removed)
    }

    /// Containers that exist at this point, in creation order.
    pub fn live_containers(&self) -> impl Iterator<Item = &SceneContainer> {
        self.containers.values().filter(|c| !c.removed)
    }

    /// The scene as the host's [`Snapshot`] type, so that the fold of a
    /// whole log can be compared with the host field for field. Every field
    /// comes from an event; only the wording of enums (`Status::as_str`,
    /// `Driver::name`) is the model's.
    pub fn snapshot(&self) -> Snapshot {
        let networks = self
            .live_networks()
            .map(|n| NetworkView {
                id: n.id,
                name: n.name.clone(),
                short_id: n.short_id.clone(),
                driver: n.driver.name().to_string(),
                subnet: n.subnet.map(|s| s.to_string()),
                gateway: n.gateway,
                bridge: n.bridge.clone(),
                internal: n.internal,
                predefined: n.predefined,
                embedded_dns: n.embedded_dns,
                dns: n
                    .dns
                    .iter()
                    .map(|(name, record)| (name.clone(), record.ips.clone()))
                    .collect(),
            })
            .collect();
        let containers = self
            .live_containers()
            .map(|c| ContainerView {
                id: c.id,
                name: c.name.clone(),
                short_id: c.short_id.clone(),
                image: c.image.clone(),
                status: c.status.as_str().to_string(),
                exit_code: c.exit_code,
                health: c.health.map(|h| h.as_str().to_string()),
                network_mode: c.network_mode_name.clone(),
                project: c.project.clone(),
                service: c.service.clone(),
                interfaces: c
                    .interfaces
                    .values()
                    .map(|i| InterfaceView {
                        network: i.network,
                        network_name: i.network_name.clone(),
                        ifname: i.ifname.clone().unwrap_or_default(),
                        ifindex: i.ifindex,
                        veth: i.veth.clone().unwrap_or_default(),
                        veth_ifindex: i.veth_ifindex,
                        ip: i.ip,
                        prefix_len: i.prefix_len,
                        mac: i.mac.clone().unwrap_or_default(),
                        names: i.names.iter().map(|n| n.name.clone()).collect(),
                    })
                    .collect(),
                ports: self
                    .ports
                    .iter()
                    .filter(|p| p.container == c.id)
                    .map(|p| {
                        format!(
                            "{}:{}->{}/{}",
                            p.host_ip, p.host_port, p.container_port, p.protocol
                        )
                    })
                    .collect(),
                restart_count: c.restart_count,
            })
            .collect();
        Snapshot {
            engine: self.engine.clone(),
            time: self.time,
            networks,
            containers,
            volumes: self.volumes.clone(),
        }
    }
}

impl fmt::Display for Scene {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "scene after {} events at {}", self.applied, self.time)?;
        for n in self.live_networks() {
            write!(f, "  network {} ({}", n.name, n.driver.name())?;
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
            for (name, record) in &n.dns {
                let ips: Vec<String> = record.ips.iter().map(|i| i.to_string()).collect();
                writeln!(f, "    dns {name} -> {}", ips.join(", "))?;
            }
        }
        for c in self.live_containers() {
            write!(f, "  container {} [{}", c.name, c.status.as_str())?;
            if c.status == Status::Exited {
                write!(f, " {}", c.exit_code)?;
            }
            if let Some(h) = c.health {
                write!(f, ", {}", h.as_str())?;
            }
            writeln!(f, "] mode {}", c.network_mode_name)?;
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
