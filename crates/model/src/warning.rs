//! Warnings that understand the network: configurations that Docker
//! accepts but that will not do what their author meant, found by asking
//! the host the questions a learner would ("would `db` resolve from this
//! container?", "does anything listen on 3307 there?") rather than by
//! re-deriving Docker's rules. Each warning names the container (or
//! network) and the piece of its configuration to blame ([`Subject`]), so
//! that the loader's positions can pin it to a line and column, and the
//! gallery scenario that shows the confusion ([`WarningKind::scenario`]).
//!
//! The words live in the explanation catalogue (`warning.<id>` and
//! `warning.<id>.why`), like every other sentence the product says.

use std::time::Duration;

use crate::compose::{labels, Condition, ProjectSpec, UpOptions};
use crate::container::Container;
use crate::event::ConnectOutcome;
use crate::host::{Host, PortsIgnored};
use crate::ids::{ContainerId, NetworkId};
use crate::traffic::{DnsReason, Resolution};

/// What kind of mistake a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum WarningKind {
    /// A host named in the environment does not resolve from the container.
    UnresolvedName,
    /// The name is a container's, but the asker is on the default bridge,
    /// which has no embedded DNS.
    DefaultBridgeName,
    /// `localhost` (or 127.0.0.1) names the container itself, where nothing
    /// listens on the port asked for.
    LocalhostPeer,
    /// Another container is called on the port it publishes on the host.
    HostPortBetween,
    /// The peer listens on that port on 127.0.0.1 only.
    LoopbackOnly,
    /// `depends_on` waits for a start, and the service connects to a
    /// dependency that takes a while to be ready.
    DependsOnStarted,
    /// `condition: service_healthy` on a service without a health check.
    HealthyWithoutCheck,
    /// `container_name` on a service asked for more than one container.
    ContainerNameScaled,
    /// Ports published by a container with `network_mode: host`.
    PortsHostMode,
    /// Ports published by a container on internal networks only.
    PortsInternal,
    /// A host port another container already holds.
    HostPortClash,
    /// A name that containers of different projects answer to on one
    /// network.
    NameCollision,
    /// A network whose subnet overlaps one of the host's own routes.
    SubnetOverlapsRoute,
}

impl WarningKind {
    pub const ALL: [WarningKind; 13] = [
        WarningKind::UnresolvedName,
        WarningKind::DefaultBridgeName,
        WarningKind::LocalhostPeer,
        WarningKind::HostPortBetween,
        WarningKind::LoopbackOnly,
        WarningKind::DependsOnStarted,
        WarningKind::HealthyWithoutCheck,
        WarningKind::ContainerNameScaled,
        WarningKind::PortsHostMode,
        WarningKind::PortsInternal,
        WarningKind::HostPortClash,
        WarningKind::NameCollision,
        WarningKind::SubnetOverlapsRoute,
    ];

    /// The kind's id: catalogue keys are `warning.<id>` and
    /// `warning.<id>.why`.
    pub fn id(self) -> &'static str {
        match self {
            WarningKind::UnresolvedName => "unresolved_name",
            WarningKind::DefaultBridgeName => "default_bridge_name",
            WarningKind::LocalhostPeer => "localhost_peer",
            WarningKind::HostPortBetween => "host_port_between",
            WarningKind::LoopbackOnly => "loopback_only",
            WarningKind::DependsOnStarted => "depends_on_started",
            WarningKind::HealthyWithoutCheck => "healthy_without_check",
            WarningKind::ContainerNameScaled => "container_name_scaled",
            WarningKind::PortsHostMode => "ports_host_mode",
            WarningKind::PortsInternal => "ports_internal",
            WarningKind::HostPortClash => "host_port_clash",
            WarningKind::NameCollision => "name_collision",
            WarningKind::SubnetOverlapsRoute => "subnet_overlaps_route",
        }
    }

    /// The gallery scenario (a folder of `tests/gallery`) that shows this
    /// confusion happening and its fix.
    pub fn scenario(self) -> &'static str {
        match self {
            WarningKind::UnresolvedName => "three-names",
            WarningKind::DefaultBridgeName => "default-bridge-dns",
            WarningKind::LocalhostPeer => "localhost-is-the-container",
            WarningKind::HostPortBetween => "host-port-between-containers",
            WarningKind::LoopbackOnly => "listens-on-loopback",
            WarningKind::DependsOnStarted | WarningKind::HealthyWithoutCheck => "depends-on-health",
            WarningKind::ContainerNameScaled => "three-names",
            WarningKind::PortsHostMode => "host-mode-ports",
            WarningKind::PortsInternal => "internal-drops-ports",
            WarningKind::HostPortClash => "expose-vs-ports",
            WarningKind::NameCollision => "same-name-two-projects",
            WarningKind::SubnetOverlapsRoute => "address-pools-exhausted",
        }
    }
}

/// The piece of configuration a warning blames, which the loader's
/// positions turn into a line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An environment variable of the container (`-e KEY=…`,
    /// `environment: KEY`).
    Env { key: String },
    /// The container's `index`-th published port (`-p`, `ports[index]`).
    Port { index: usize },
    /// A compose service's `depends_on` entry for `service`.
    DependsOn { service: String },
    /// A compose service's `container_name`.
    ContainerName { service: String },
    /// A name the container answers to on the warning's network (its
    /// name, service name or an alias).
    Name { name: String },
    /// The warning's network's subnet.
    Subnet,
}

/// One warning with the facts its explanation names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub kind: WarningKind,
    /// The container whose configuration is to blame, if one is.
    pub container: Option<ContainerId>,
    /// The network the warning is about, if one is.
    pub network: Option<NetworkId>,
    pub subject: Subject,
    /// The name, address or service the warning is about (`db`,
    /// `localhost`, a dependency), or the subnet.
    pub target: String,
    /// The port the configuration uses, if it names one.
    pub port: Option<u16>,
    /// The other party: the container a host port or a name belongs to,
    /// the container port a host port maps to, the route a subnet
    /// overlaps, the project of a colliding name.
    pub other: String,
}

impl Warning {
    fn on(kind: WarningKind, container: ContainerId, subject: Subject) -> Warning {
        Warning {
            kind,
            container: Some(container),
            network: None,
            subject,
            target: String::new(),
            port: None,
            other: String::new(),
        }
    }

    fn target(mut self, target: impl Into<String>) -> Warning {
        self.target = target.into();
        self
    }

    fn port(mut self, port: Option<u16>) -> Warning {
        self.port = port;
        self
    }

    fn other(mut self, other: impl Into<String>) -> Warning {
        self.other = other.into();
        self
    }
}

/// Every warning the host's present state gives, container by container
/// in creation order, then network by network.
pub fn check(host: &Host) -> Vec<Warning> {
    let mut out = Vec::new();
    for c in host.containers() {
        if c.is_running() {
            environment(host, c, &mut out);
        }
        dependencies(host, c, &mut out);
        ports(host, c, &mut out);
    }
    names(host, &mut out);
    subnets(host, &mut out);
    out
}

/// The hosts the container's environment names, asked of the host one by
/// one: does the name resolve from here, and what answers on the port?
fn environment(host: &Host, c: &Container, out: &mut Vec<Warning>) {
    for (key, target) in crate::process::env_targets(&c.spec.env) {
        let (name, port) = crate::host::split_host_port(&target);
        let env = || Subject::Env { key: key.clone() };
        let found = host.would_connect(c.id, &name, port);
        match &found.outcome {
            ConnectOutcome::NoSuchName => {
                let Resolution::Dns(answer) = &found.resolution else {
                    continue;
                };
                // A dotted name is a domain outside the simulated host
                // (`smtp.example.com`), which only the real world could
                // answer: the simulation judges container names alone.
                if name.contains('.') {
                    continue;
                }
                let holder = host.find_container(&name);
                let kind = match (&answer.reason, holder) {
                    (DnsReason::NoEmbeddedDns | DnsReason::NoEmbeddedDnsUnreachable, Some(_)) => {
                        WarningKind::DefaultBridgeName
                    }
                    _ => WarningKind::UnresolvedName,
                };
                out.push(
                    Warning::on(kind, c.id, env())
                        .target(name.clone())
                        .port(port)
                        .other(networks_of(host, c)),
                );
            }
            ConnectOutcome::NotListening {
                port: used,
                container_port,
            } => {
                let own = matches!(found.resolution, Resolution::Localhost)
                    || found.ip.is_some_and(|ip| ip.is_loopback());
                let warning = match (own, container_port) {
                    (true, _) => Warning::on(WarningKind::LocalhostPeer, c.id, env()),
                    (false, Some(inside)) => Warning::on(WarningKind::HostPortBetween, c.id, env())
                        .other(inside.to_string()),
                    (false, None) => continue,
                };
                out.push(warning.target(name.clone()).port(Some(*used)));
            }
            ConnectOutcome::LoopbackOnly { port: used } => {
                let peer = found.peer.map(|p| host.container(p).name.clone());
                out.push(
                    Warning::on(WarningKind::LoopbackOnly, c.id, env())
                        .target(name.clone())
                        .port(Some(*used))
                        .other(peer.unwrap_or_default()),
                );
            }
            ConnectOutcome::Connected => {
                if let Some(w) = started_too_early(host, c, &name, found.peer) {
                    out.push(w);
                }
            }
            _ => {}
        }
    }
}

/// The names of the networks a container is on, for "searched …".
fn networks_of(host: &Host, c: &Container) -> String {
    let owner = host.container(host.netns_owner(c.id));
    let names: Vec<&str> = owner
        .endpoints()
        .map(|e| host.network(e.network).name.as_str())
        .collect();
    names.join(", ")
}

/// The compose dependencies a container's service declares, from the
/// label Compose writes (`db:service_started:false,…`).
fn depends_on(c: &Container) -> Vec<(String, Option<Condition>)> {
    let Some(text) = c.spec.labels.get(labels::DEPENDS_ON) else {
        return Vec::new();
    };
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|entry| {
            let mut parts = entry.split(':');
            let service = parts.next().unwrap_or_default().to_string();
            let condition = match parts.next() {
                Some("service_started") => Some(Condition::Started),
                Some("service_healthy") => Some(Condition::Healthy),
                Some("service_completed_successfully") => Some(Condition::CompletedSuccessfully),
                _ => None,
            };
            (service, condition)
        })
        .collect()
}

/// A service started after a dependency it connects to only started, when
/// that dependency's app takes a while to become ready: the first
/// connections are refused.
fn started_too_early(
    host: &Host,
    c: &Container,
    name: &str,
    peer: Option<ContainerId>,
) -> Option<Warning> {
    let peer = host.container(peer?);
    let project = c.spec.labels.get(labels::PROJECT)?;
    let service = peer.spec.labels.get(labels::SERVICE)?;
    if peer.spec.labels.get(labels::PROJECT) != Some(project) || peer.id == c.id {
        return None;
    }
    let (_, condition) = depends_on(c).into_iter().find(|(s, _)| s == service)?;
    let slow = peer
        .spec
        .behaviour
        .ready_after
        .is_some_and(|d| d > Duration::ZERO);
    (condition == Some(Condition::Started) && slow).then(|| {
        Warning::on(
            WarningKind::DependsOnStarted,
            c.id,
            Subject::DependsOn {
                service: service.clone(),
            },
        )
        .target(service.clone())
        .other(name)
    })
}

/// `condition: service_healthy` on a dependency whose containers have no
/// health check (or have it disabled): Compose gives up at once.
fn dependencies(host: &Host, c: &Container, out: &mut Vec<Warning>) {
    let Some(project) = c.spec.labels.get(labels::PROJECT) else {
        return;
    };
    for (service, condition) in depends_on(c) {
        if condition != Some(Condition::Healthy) {
            continue;
        }
        let Some(first) = host.service_containers(project, &service).next() else {
            continue;
        };
        let dep = host.container(first);
        if dep
            .spec
            .health
            .as_ref()
            .is_none_or(crate::process::health_disabled)
        {
            out.push(
                Warning::on(
                    WarningKind::HealthyWithoutCheck,
                    c.id,
                    Subject::DependsOn {
                        service: service.clone(),
                    },
                )
                .target(service)
                .other(dep.name.clone()),
            );
        }
    }
}

/// Published ports the engine ignores, and host ports another container
/// holds.
fn ports(host: &Host, c: &Container, out: &mut Vec<Warning>) {
    if c.spec.ports.is_empty() {
        return;
    }
    match host.ports_ignored(c.id) {
        Some(PortsIgnored::HostMode) | Some(PortsIgnored::InternalOnly) => {
            let kind = match host.ports_ignored(c.id) {
                Some(PortsIgnored::HostMode) => WarningKind::PortsHostMode,
                _ => WarningKind::PortsInternal,
            };
            for (index, p) in c.spec.ports.iter().enumerate() {
                out.push(
                    Warning::on(kind, c.id, Subject::Port { index })
                        .target(p.container_port.to_string())
                        .port(p.host_port),
                );
            }
            return;
        }
        Some(_) => return,
        None => {}
    }
    if c.is_running() {
        return;
    }
    for (index, p) in c.spec.ports.iter().enumerate() {
        let Some(port) = p.host_port else { continue };
        let ip = p.host_ip.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED);
        let holder = host.port_holder(ip, port, &p.protocol, c.id);
        if let Some(owner) = holder {
            out.push(
                Warning::on(WarningKind::HostPortClash, c.id, Subject::Port { index })
                    .target(p.container_port.to_string())
                    .port(Some(port))
                    .other(host.container(owner).name.clone()),
            );
        }
    }
}

/// The compose project a container belongs to, or none for `docker run`.
fn project_of(c: &Container) -> Option<&str> {
    c.spec.labels.get(labels::PROJECT).map(String::as_str)
}

/// Names that containers of different projects answer to on one network:
/// the embedded DNS gives every holder's address, so a service name
/// reaches the other project's container as often as its own.
fn names(host: &Host, out: &mut Vec<Warning>) {
    for net in host.networks().filter(|n| n.has_embedded_dns()) {
        let members: Vec<&Container> = host.network_members(net.id).collect();
        let first = members.first().map(|c| project_of(c));
        if members.iter().all(|c| Some(project_of(c)) == first) {
            continue;
        }
        for c in &members {
            let Some(endpoint) = c.attachments.get(&net.id).and_then(|a| a.endpoint.as_ref())
            else {
                continue;
            };
            for dns in host.dns_names(c.id, endpoint) {
                let other = host
                    .dns_holders(net.id, &dns.name.to_ascii_lowercase())
                    .find(|h| project_of(h) != project_of(c));
                if let Some(other) = other {
                    out.push(Warning {
                        network: Some(net.id),
                        ..Warning::on(
                            WarningKind::NameCollision,
                            c.id,
                            Subject::Name {
                                name: dns.name.clone(),
                            },
                        )
                        .target(dns.name.clone())
                        .other(other.name.clone())
                    });
                }
            }
        }
    }
}

/// Networks whose subnet overlaps a route of the host: Docker checks only
/// its default pools against the routes, so a subnet given by hand can
/// take the LAN's or the VPN's addresses, and the host then sends that
/// traffic to the bridge.
fn subnets(host: &Host, out: &mut Vec<Warning>) {
    for net in host.networks() {
        let Some(alloc) = &net.subnet else { continue };
        for route in &host.host_config().routes {
            if crate::ipam::overlaps(alloc.subnet, *route) {
                out.push(Warning {
                    kind: WarningKind::SubnetOverlapsRoute,
                    container: None,
                    network: Some(net.id),
                    subject: Subject::Subnet,
                    target: alloc.subnet.to_string(),
                    port: None,
                    other: route.to_string(),
                });
            }
        }
    }
}

/// What `docker compose up` is asked that Compose accepts but cannot do:
/// a `container_name` for a service scaled beyond one container with
/// `--scale` (the file's own `scale`/`replicas` are refused when loading).
pub fn compose_up(project: &ProjectSpec, opts: &UpOptions) -> Vec<Warning> {
    let mut out = Vec::new();
    for (name, svc) in &project.services {
        let replicas = opts.scale.get(name).copied().unwrap_or(svc.replicas);
        if let (Some(container_name), true) = (&svc.container_name, replicas > 1) {
            out.push(Warning {
                kind: WarningKind::ContainerNameScaled,
                container: None,
                network: None,
                subject: Subject::ContainerName {
                    service: name.clone(),
                },
                target: name.clone(),
                port: None,
                other: container_name.clone(),
            });
        }
    }
    out
}
