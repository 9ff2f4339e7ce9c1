//! Plain-language explanations of events, for learners: one or two
//! sentences per event that name its concrete values.
//!
//! The words live in one catalogue per language
//! (`crates/play/catalogue/en.txt`, `ko.txt`: `key = text with
//! {placeholders}` files with the same keys), so they can be translated
//! without touching code. This module only picks the keys from the event's
//! typed fields and fills in the values; like every consumer of the event
//! log, it works out no Docker rule itself. The scene passed in is the one
//! *before* the event, for the names of networks and containers an event
//! names by id.

use std::fmt::Write as _;

use composenet_model::event::{
    AddressReason, ConnectOutcome, DiscardReason, DnsName, Event, EventKind, ExitCause, NameSource,
    RecreateReason, Repetition, SubnetSource,
};
use composenet_model::traffic::{
    DnsAnswer, DnsReason, DropReason, Hop, Peer, Resolution, Route, Verdict,
};
use composenet_model::{compose::Condition, ContainerId, NetworkId, NetworkMode};
use indexmap::IndexMap;

use crate::scene::Scene;

/// One message: a catalogue key and the values of its placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Value)>,
}

/// The value of a placeholder: plain text (names, addresses), or words
/// that are themselves catalogue messages, so they are translated too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Message(Message),
    /// Values joined by a separator that is not a word (`, `, ` → `).
    Join(Vec<Value>, &'static str),
}

impl Message {
    fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, Value::Text(value.to_string())));
        self
    }

    fn value(mut self, name: &'static str, value: Value) -> Message {
        self.args.push((name, value));
        self
    }
}

/// Why a message could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    MissingKey(String),
    Unfilled { key: String, placeholder: String },
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::MissingKey(key) => write!(f, "the catalogue has no message {key}"),
            RenderError::Unfilled { key, placeholder } => {
                write!(f, "message {key} leaves {{{placeholder}}} unfilled")
            }
        }
    }
}

/// A catalogue of messages in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalogue {
    messages: IndexMap<String, String>,
}

/// The English catalogue, built in.
pub const ENGLISH: &str = include_str!("../catalogue/en.txt");

/// The Korean catalogue, built in like English: native builds and tests use
/// it from here, while the page fetches `catalogue/ko.txt` from beside the
/// wasm, so nothing the page calls refers to it and the wasm stays without
/// it.
pub const KOREAN: &str = include_str!("../catalogue/ko.txt");

impl Catalogue {
    /// Reads `key = text` lines; `#` starts a comment line. Lines that are
    /// neither are reported with their line number.
    pub fn parse(text: &str) -> (Catalogue, Vec<String>) {
        let mut messages = IndexMap::new();
        let mut problems = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once(" = ") {
                Some((key, value)) if !key.trim().is_empty() => {
                    if messages
                        .insert(key.trim().to_string(), value.trim().to_string())
                        .is_some()
                    {
                        problems.push(format!("line {}: {} twice", number + 1, key.trim()));
                    }
                }
                _ => problems.push(format!("line {}: not `key = text`", number + 1)),
            }
        }
        (Catalogue { messages }, problems)
    }

    pub fn english() -> Catalogue {
        Catalogue::parse(ENGLISH).0
    }

    pub fn korean() -> Catalogue {
        Catalogue::parse(KOREAN).0
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    /// The message `key` with its placeholders filled with plain text, or
    /// the key itself when the catalogue lacks it (the page's words and
    /// the drawing's, which must show something).
    pub fn say(
        &self,
        key: &'static str,
        args: &[(&'static str, &dyn std::fmt::Display)],
    ) -> String {
        let message = Message {
            key,
            args: args
                .iter()
                .map(|(name, value)| (*name, Value::Text(value.to_string())))
                .collect(),
        };
        self.render(&message).unwrap_or_else(|_| key.to_string())
    }

    /// One message with its placeholders filled in.
    pub fn render(&self, message: &Message) -> Result<String, RenderError> {
        let text = self
            .messages
            .get(message.key)
            .ok_or_else(|| RenderError::MissingKey(message.key.to_string()))?;
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match message.args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&self.render_value(value)?),
                None => {
                    return Err(RenderError::Unfilled {
                        key: message.key.to_string(),
                        placeholder: name.to_string(),
                    })
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn render_value(&self, value: &Value) -> Result<String, RenderError> {
        match value {
            Value::Text(text) => Ok(text.clone()),
            Value::Message(m) => self.render(m),
            Value::Join(parts, separator) => {
                let parts: Result<Vec<String>, RenderError> =
                    parts.iter().map(|p| self.render_value(p)).collect();
                Ok(parts?.join(separator))
            }
        }
    }

    /// The sentences explaining one event, joined by spaces.
    pub fn explain(&self, scene: &Scene, event: &Event) -> Result<String, RenderError> {
        let mut out = String::new();
        for message in messages(scene, event) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&self.render(&message)?);
        }
        Ok(out)
    }
}

/// The messages that explain `event`, in order.
pub fn messages(scene: &Scene, event: &Event) -> Vec<Message> {
    let names = Names { scene };
    use EventKind::*;
    match &event.kind {
        NetworkCreated {
            name,
            driver,
            subnet,
            gateway,
            internal,
            predefined,
            embedded_dns,
            subnet_source,
            ..
        } => {
            let key = match (subnet_source, predefined) {
                (SubnetSource::NotAddressed, _) => "network.created.unaddressed",
                (_, true) => "network.created.default_bridge",
                (SubnetSource::User, _) => "network.created.user",
                (SubnetSource::NextDefaultPool, _) => "network.created.next_pool",
                (SubnetSource::FirstFreeDefaultPool, _) => "network.created.first_free",
            };
            let mut out = vec![Message::new(key)
                .arg("network", name)
                .arg("driver", driver.name())
                .arg("subnet", opt(subnet))
                .arg("gateway", opt(gateway))];
            if subnet.is_some() {
                out.push(Message::new(if *embedded_dns {
                    "network.has_dns"
                } else {
                    "network.no_dns"
                }));
            }
            if *internal {
                out.push(Message::new("network.internal"));
            }
            out
        }
        BridgeCreated {
            network,
            bridge,
            ifindex,
        } => vec![Message::new("bridge.created")
            .arg("bridge", bridge)
            .arg("ifindex", ifindex)
            .arg("network", names.network(*network))],
        NetworkRemoved { name, bridge, .. } => vec![match bridge {
            Some(b) => Message::new("network.removed.bridge")
                .arg("network", name)
                .arg("bridge", b),
            None => Message::new("network.removed").arg("network", name),
        }],
        VolumeCreated { name } => vec![Message::new("volume.created").arg("volume", name)],
        VolumeRemoved { name } => vec![Message::new("volume.removed").arg("volume", name)],
        ContainerCreated {
            name,
            image,
            network_mode,
            netns_of,
            ..
        } => {
            let key = match network_mode {
                NetworkMode::Default => "container.created",
                NetworkMode::Host => "container.created.host",
                NetworkMode::None => "container.created.none",
                NetworkMode::Container(target) => {
                    let owner = netns_of
                        .map(|o| names.container(o))
                        .unwrap_or_else(|| target.chars().take(12).collect());
                    return vec![Message::new("container.created.shared")
                        .arg("container", name)
                        .arg("image", image)
                        .arg("owner", owner)];
                }
            };
            vec![Message::new(key).arg("container", name).arg("image", image)]
        }
        AddressAllocated {
            name,
            network_name,
            ip,
            reason,
            ..
        } => {
            let m = match reason {
                AddressReason::Static => Message::new("address.static"),
                AddressReason::LowestFree { previous: None } => Message::new("address.first"),
                AddressReason::LowestFree { previous: Some(p) } if p == ip => {
                    Message::new("address.same")
                }
                AddressReason::LowestFree { previous: Some(p) } => {
                    Message::new("address.new").arg("previous", p)
                }
            };
            vec![m
                .arg("container", name)
                .arg("ip", ip)
                .arg("network", network_name)]
        }
        InterfaceCreated {
            name,
            network,
            network_name,
            ifname,
            mac,
            veth,
            ..
        } => {
            let m = match veth {
                Some(v) => Message::new("interface.veth")
                    .arg("veth", &v.name)
                    .arg("bridge", &v.bridge),
                None => Message::new("interface.plain").arg("driver", names.driver(*network)),
            };
            vec![m
                .arg("container", name)
                .arg("network", network_name)
                .arg("ifname", ifname)
                .arg("mac", mac)]
        }
        DnsRegistered {
            network_name,
            names: list,
            ip,
            ..
        } => vec![Message::new("dns.registered")
            .arg("network", network_name)
            .value("names", name_list(list))
            .arg("ip", ip)],
        DnsRemoved {
            network_name,
            names: list,
            ip,
            ..
        } => vec![Message::new("dns.removed")
            .arg("network", network_name)
            .value("names", name_list(list))
            .arg("ip", ip)],
        PortPublished {
            name,
            host_ip,
            host_port,
            container_port,
            protocol,
            ..
        } => vec![Message::new(if host_port == container_port {
            "port.published.same"
        } else {
            "port.published"
        })
        .arg("container", name)
        .arg("host_ip", host_ip)
        .arg("host_port", host_port)
        .arg("container_port", container_port)
        .arg("protocol", protocol)],
        PortReleased {
            name, host_port, ..
        } => vec![Message::new("port.released")
            .arg("container", name)
            .arg("host_port", host_port)],
        UpstreamResolved {
            name, upstream, ip, ..
        } => vec![match ip {
            Some(ip) => Message::new("upstream.resolved")
                .arg("container", name)
                .arg("upstream", upstream)
                .arg("ip", ip),
            None => Message::new("upstream.unresolved")
                .arg("container", name)
                .arg("upstream", upstream),
        }],
        ProxyForwarded {
            name,
            upstream,
            cached,
            ip,
            stale,
            holder,
            outcome,
            ..
        } => {
            let connected = *outcome == ConnectOutcome::Connected;
            let key = match (connected, *cached, *stale, holder.is_some()) {
                (true, false, _, _) => "proxy.fresh",
                (true, true, true, true) => "proxy.stale.wrong",
                (true, _, _, _) => "proxy.cached",
                (false, true, true, true) => "proxy.stale.refused",
                (false, true, true, false) => "proxy.stale.nobody",
                (false, _, _, _) => "proxy.failed",
            };
            vec![Message::new(key)
                .arg("container", name)
                .arg("upstream", upstream)
                .arg("ip", ip.map(|i| i.to_string()).unwrap_or_default())
                .arg("holder", holder.clone().unwrap_or_default())
                .value("outcome", summary::outcome(outcome))]
        }
        PortsDiscarded {
            name,
            ports,
            reason,
            ..
        } => vec![Message::new(match reason {
            DiscardReason::HostNetwork => "ports.discarded.host",
            DiscardReason::InternalNetworks => "ports.discarded.internal",
        })
        .arg("container", name)
        .arg("ports", ports.join(", "))],
        ContainerStarted { name, health, .. } => vec![Message::new(if health.is_some() {
            "container.started.health"
        } else {
            "container.started"
        })
        .arg("container", name)],
        AppReady { name, .. } => vec![Message::new("app.ready").arg("container", name)],
        HealthChanged {
            name,
            status,
            failing_streak,
            ..
        } => {
            use composenet_model::container::HealthStatus::*;
            let key = match status {
                Healthy => "health.healthy",
                Unhealthy => "health.unhealthy",
                Starting => "health.starting",
            };
            vec![Message::new(key)
                .arg("container", name)
                .arg("streak", failing_streak)]
        }
        DnsQuery {
            name,
            query,
            answer,
            ..
        } => vec![dns_answer(&names, name, query, answer)],
        Ping {
            container,
            name,
            target,
            resolution,
            ip,
            route,
        } => traffic(
            &names,
            "ping.sent",
            (*container, name),
            target,
            resolution,
            *ip,
            route.as_ref(),
            None,
        ),
        ConnectAttempt {
            container,
            name,
            target,
            resolution,
            ip,
            route,
            outcome,
            ..
        } => traffic(
            &names,
            "connect.sent",
            (*container, name),
            target,
            resolution,
            *ip,
            route.as_ref(),
            Some(outcome),
        ),
        ContainerExited {
            name, code, cause, ..
        } => {
            let key = match cause {
                ExitCause::Exited => "container.exited",
                ExitCause::Stopped => "container.exited.stopped",
                ExitCause::Killed => "container.exited.killed",
                ExitCause::ConnectFailed => "container.exited.gave_up",
            };
            vec![
                Message::new(key).arg("container", name).arg("code", code),
                Message::new("container.left_network"),
            ]
        }
        InterfaceRemoved {
            name, ifname, veth, ..
        } => vec![match veth {
            Some(v) => Message::new("interface.removed.veth").arg("veth", v),
            None => Message::new("interface.removed"),
        }
        .arg("container", name)
        .arg("ifname", ifname)],
        AddressReleased {
            name,
            network_name,
            ip,
            ..
        } => vec![Message::new("address.released")
            .arg("container", name)
            .arg("network", network_name)
            .arg("ip", ip)],
        RestartScheduled {
            name,
            delay,
            restart_count,
            ..
        } => vec![Message::new("restart.scheduled")
            .arg("container", name)
            .arg("delay", format!("{} ms", delay.as_millis()))
            .arg("count", restart_count)],
        RestartCancelled { name, .. } => {
            vec![Message::new("restart.cancelled").arg("container", name)]
        }
        Repeated {
            name,
            what,
            times,
            every,
            ..
        } => vec![Message::new(match what {
            Repetition::Restarts => "repeated.restarts",
            Repetition::ConnectRetries => "repeated.retries",
        })
        .arg("container", name)
        .arg("times", times)
        .arg("every", format!("{} ms", every.as_millis()))],
        ContainerRenamed { old, new, .. } => vec![Message::new("container.renamed")
            .arg("old", old)
            .arg("new", new)],
        ContainerRemoved { name, .. } => {
            vec![Message::new("container.removed").arg("container", name)]
        }
        ComposeWaiting {
            service,
            dependency,
            condition,
            ..
        } => {
            let key = match condition {
                Condition::Started => "compose.waiting.started",
                Condition::Healthy => "compose.waiting.healthy",
                Condition::CompletedSuccessfully => "compose.waiting.completed",
            };
            vec![Message::new(key)
                .arg("service", service)
                .arg("dependency", dependency)]
        }
        ComposeRecreate {
            container, reason, ..
        } => vec![Message::new(match reason {
            RecreateReason::ForceRecreate => "compose.recreate.forced",
            RecreateReason::ConfigChanged => "compose.recreate.changed",
        })
        .arg("container", container)],
    }
}

/// Why one probe of the reachability explorer went where it went: the DNS
/// answer when the name did not resolve, otherwise the path and where the
/// packets ended.
pub fn probe(
    scene: &Scene,
    from: ContainerId,
    target: &str,
    resolution: &Resolution,
    ip: Option<std::net::Ipv4Addr>,
    route: Option<&Route>,
) -> Vec<Message> {
    let names = Names { scene };
    let asker = names.container(from);
    if let (None, Resolution::Dns(answer)) = (ip, resolution) {
        return vec![dns_answer(&names, &asker, target, answer)];
    }
    traffic(
        &names,
        "reach.sent",
        (from, &asker),
        target,
        resolution,
        ip,
        route,
        None,
    )
}

/// How the target answered a connection that reached it.
fn answer(names: &Names, peer: ContainerId, outcome: &ConnectOutcome) -> Vec<Message> {
    let peer = names.container(peer);
    match outcome {
        ConnectOutcome::Connected => vec![Message::new("connect.connected")],
        ConnectOutcome::Refused => vec![Message::new("connect.refused").arg("peer", peer)],
        ConnectOutcome::NotListening {
            port,
            container_port,
        } => {
            let mut out = vec![Message::new("connect.not_listening")
                .arg("peer", &peer)
                .arg("port", port)];
            if let Some(inside) = container_port {
                out.push(
                    Message::new("connect.host_port")
                        .arg("peer", &peer)
                        .arg("port", port)
                        .arg("inside", inside),
                );
            }
            out
        }
        ConnectOutcome::LoopbackOnly { port } => vec![Message::new("connect.loopback_only")
            .arg("peer", peer)
            .arg("port", port)],
        ConnectOutcome::NoSuchName | ConnectOutcome::Unreachable => Vec::new(),
    }
}

/// A port published on the host, in the explorer: where Docker forwards
/// it, then how the container answers there.
pub fn published(scene: &Scene, p: &composenet_model::explore::Published) -> Vec<Message> {
    let names = Names { scene };
    let mut out = vec![Message::new("reach.published")
        .arg("host_ip", p.host_ip)
        .arg("host_port", p.host_port)
        .arg("peer", names.container(p.container))
        .arg("port", p.container_port)];
    out.extend(answer(&names, p.container, &p.outcome));
    out
}

/// One port of a reachable pair in the explorer: the port, then how the
/// target answers on it.
pub fn port_probe(
    scene: &Scene,
    target: ContainerId,
    probe: &composenet_model::explore::PortProbe,
) -> Vec<Message> {
    let names = Names { scene };
    let mut out = vec![Message::new("reach.port").arg("port", probe.port)];
    out.extend(answer(&names, target, &probe.outcome));
    out
}

mod summary;
pub use summary::summary;

/// Names of the things an event refers to by id, as of the scene.
struct Names<'a> {
    scene: &'a Scene,
}

impl Names<'_> {
    fn network(&self, id: NetworkId) -> String {
        self.scene
            .networks
            .get(&id)
            .map(|n| n.name.clone())
            .unwrap_or_else(|| format!("network {}", id.0))
    }

    fn driver(&self, id: NetworkId) -> String {
        self.scene
            .networks
            .get(&id)
            .map(|n| n.driver.name().to_string())
            .unwrap_or_default()
    }

    fn bridge(&self, id: NetworkId) -> String {
        self.scene
            .networks
            .get(&id)
            .and_then(|n| n.bridge.clone())
            .unwrap_or_else(|| self.network(id))
    }

    fn container(&self, id: ContainerId) -> String {
        self.scene
            .containers
            .get(&id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| format!("container {}", id.0))
    }
}

/// What a warning says is wrong: `warning.<kind>` with the warning's
/// facts (the container, the setting, the name, the port, the other
/// party, the network). A message uses the placeholders it needs.
pub fn warning(w: &crate::warnings::Warning) -> Message {
    warning_message(w, warning_key(w.kind, false))
}

/// Why it is wrong and what to do instead: `warning.<kind>.why`.
pub fn warning_why(w: &crate::warnings::Warning) -> Message {
    warning_message(w, warning_key(w.kind, true))
}

/// The pointer to the gallery scenario that shows the confusion.
pub fn warning_see(w: &crate::warnings::Warning) -> Message {
    Message::new("warning.see").arg("scenario", w.scenario())
}

fn warning_message(w: &crate::warnings::Warning, key: &'static str) -> Message {
    Message::new(key)
        .arg("container", opt(&w.container))
        .arg("network", opt(&w.network))
        .arg("setting", &w.setting)
        .arg("target", &w.target)
        .arg("port", opt(&w.port))
        .arg("other", &w.other)
}

/// The catalogue key of a warning kind (the keys are static, so the
/// catalogue test can find every one).
fn warning_key(kind: composenet_model::warning::WarningKind, why: bool) -> &'static str {
    use composenet_model::warning::WarningKind::*;
    match (kind, why) {
        (UnresolvedName, false) => "warning.unresolved_name",
        (UnresolvedName, true) => "warning.unresolved_name.why",
        (DefaultBridgeName, false) => "warning.default_bridge_name",
        (DefaultBridgeName, true) => "warning.default_bridge_name.why",
        (LocalhostPeer, false) => "warning.localhost_peer",
        (LocalhostPeer, true) => "warning.localhost_peer.why",
        (HostPortBetween, false) => "warning.host_port_between",
        (HostPortBetween, true) => "warning.host_port_between.why",
        (LoopbackOnly, false) => "warning.loopback_only",
        (LoopbackOnly, true) => "warning.loopback_only.why",
        (DependsOnStarted, false) => "warning.depends_on_started",
        (DependsOnStarted, true) => "warning.depends_on_started.why",
        (HealthyWithoutCheck, false) => "warning.healthy_without_check",
        (HealthyWithoutCheck, true) => "warning.healthy_without_check.why",
        (ContainerNameScaled, false) => "warning.container_name_scaled",
        (ContainerNameScaled, true) => "warning.container_name_scaled.why",
        (PortsHostMode, false) => "warning.ports_host_mode",
        (PortsHostMode, true) => "warning.ports_host_mode.why",
        (PortsInternal, false) => "warning.ports_internal",
        (PortsInternal, true) => "warning.ports_internal.why",
        (HostPortClash, false) => "warning.host_port_clash",
        (HostPortClash, true) => "warning.host_port_clash.why",
        (NameCollision, false) => "warning.name_collision",
        (NameCollision, true) => "warning.name_collision.why",
        (SubnetOverlapsRoute, false) => "warning.subnet_overlaps_route",
        (SubnetOverlapsRoute, true) => "warning.subnet_overlaps_route.why",
    }
}

fn opt<T: ToString>(value: &Option<T>) -> String {
    value.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

/// `app (container name), db (alias)`: the part in brackets is a
/// catalogue message too, so it is translated with the rest.
fn name_list(list: &[DnsName]) -> Value {
    let key = |source: NameSource| match source {
        NameSource::ContainerName => "name.container",
        NameSource::ServiceName => "name.service",
        NameSource::Alias => "name.alias",
        NameSource::ShortId => "name.short_id",
        NameSource::Hostname => "name.hostname",
    };
    Value::Join(
        list.iter()
            .map(|n| Value::Message(Message::new(key(n.source)).arg("name", &n.name)))
            .collect(),
        ", ",
    )
}

fn dns_answer(names: &Names, asker: &str, query: &str, answer: &DnsAnswer) -> Message {
    let addrs: Vec<String> = answer.addrs.iter().map(|a| a.to_string()).collect();
    let networks = |searched: &[NetworkId]| {
        let list: Vec<String> = searched.iter().map(|n| names.network(*n)).collect();
        list.join(", ")
    };
    let m = match &answer.reason {
        DnsReason::Record { network } => {
            Message::new("dns.answer.record").arg("network", names.network(*network))
        }
        DnsReason::Literal => Message::new("dns.answer.literal"),
        DnsReason::NotOnAskersNetworks { searched } => {
            Message::new("dns.answer.not_on_networks").arg("networks", networks(searched))
        }
        DnsReason::UpstreamUnreachable { searched } => {
            Message::new("dns.answer.upstream_unreachable").arg("networks", networks(searched))
        }
        DnsReason::InternalOnly { searched } => {
            Message::new("dns.answer.internal_only").arg("networks", networks(searched))
        }
        DnsReason::NoEmbeddedDns => Message::new("dns.answer.no_embedded_dns"),
        DnsReason::NoEmbeddedDnsUnreachable => {
            Message::new("dns.answer.no_embedded_dns_unreachable")
        }
        DnsReason::NoNetwork => Message::new("dns.answer.no_network"),
        DnsReason::NoNetworkLeft => Message::new("dns.answer.no_network_left"),
    };
    m.arg("asker", asker)
        .arg("name", query)
        .arg("server", answer.server)
        .arg("addrs", addrs.join(", "))
}

/// The path of a route as `eth0 (web) → vethab12cd3 → br-… → vethef45gh6
/// → eth0 (db)`.
fn path(names: &Names, route: &Route) -> Value {
    let mut parts: Vec<Value> = Vec::new();
    let text = |t: String| Value::Text(t);
    for hop in &route.hops {
        match hop {
            Hop::Out {
                container,
                ifname,
                veth,
                ..
            } => {
                parts.push(text(format!("{ifname} ({})", names.container(*container))));
                parts.extend(veth.clone().map(text));
            }
            Hop::Bridge { network, .. } => parts.push(text(names.bridge(*network))),
            Hop::In {
                container,
                ifname,
                veth,
                ..
            } => {
                parts.extend(veth.clone().map(text));
                parts.push(text(format!("{ifname} ({})", names.container(*container))));
            }
            Hop::Loopback { container } => {
                parts.push(text(format!("lo ({})", names.container(*container))))
            }
            Hop::HostStack => parts.push(Value::Message(Message::new("path.host"))),
        }
    }
    Value::Join(parts, " → ")
}

#[allow(clippy::too_many_arguments)]
fn traffic(
    names: &Names,
    sent_key: &'static str,
    (from, asker): (ContainerId, &str),
    target: &str,
    resolution: &Resolution,
    ip: Option<std::net::Ipv4Addr>,
    route: Option<&Route>,
    outcome: Option<&ConnectOutcome>,
) -> Vec<Message> {
    let mut out = Vec::new();
    let (Some(ip), Some(route)) = (ip, route) else {
        out.push(
            Message::new("resolved.none")
                .arg("target", target)
                .arg("asker", asker),
        );
        return out;
    };
    // A packet that never leaves the sender (no network, not running) has
    // no path to name.
    let sent = if route.hops.is_empty() {
        let key = match sent_key {
            "ping.sent" => "ping.sent.no_path",
            "connect.sent" => "connect.sent.no_path",
            _ => "reach.sent.no_path",
        };
        Message::new(key)
    } else {
        Message::new(sent_key).value("path", path(names, route))
    };
    out.push(sent.arg("asker", asker).arg("target", target).arg("ip", ip));
    match resolution {
        Resolution::Localhost => out.push(Message::new("resolved.localhost")),
        Resolution::HostsFile => out.push(
            Message::new("resolved.hosts_file")
                .arg("target", target)
                .arg("asker", asker)
                .arg("addrs", ip),
        ),
        Resolution::Literal | Resolution::Dns(_) => {}
    }
    let verdict = match &route.verdict {
        Verdict::Delivered(Peer::Container(c))
            if matches!(route.hops.as_slice(), [Hop::Loopback { .. }]) || *c == from =>
        {
            Message::new("route.to_self").arg("asker", asker)
        }
        Verdict::Delivered(Peer::Container(c)) => {
            Message::new("route.to_container").arg("peer", names.container(*c))
        }
        Verdict::Delivered(Peer::Host) => Message::new("route.to_host"),
        Verdict::Dropped(reason) => drop_message(names, asker, ip, reason),
    };
    out.push(verdict);
    match (outcome, route.delivered()) {
        (Some(outcome), Some(Peer::Container(peer))) => out.extend(answer(names, peer, outcome)),
        (Some(ConnectOutcome::Connected), _) => out.push(Message::new("connect.connected")),
        _ => {}
    }
    out
}

fn drop_message(
    names: &Names,
    asker: &str,
    ip: std::net::Ipv4Addr,
    reason: &DropReason,
) -> Message {
    let m = match reason {
        DropReason::SenderNotRunning => Message::new("drop.not_running"),
        DropReason::NoNetwork => Message::new("drop.no_network"),
        DropReason::NoSuchAddress { network } => {
            Message::new("drop.no_such_address").arg("network", names.network(*network))
        }
        DropReason::OtherNetwork {
            network,
            holder: Some(holder),
        } => Message::new("drop.other_network")
            .arg("network", names.network(*network))
            .arg("holder", names.container(*holder)),
        DropReason::OtherNetwork {
            network,
            holder: None,
        } => Message::new("drop.other_network_nobody").arg("network", names.network(*network)),
        DropReason::Internal => Message::new("drop.internal"),
        DropReason::NoRoute => Message::new("drop.no_route"),
        DropReason::OutsideHost => Message::new("drop.outside_host"),
    };
    m.arg("asker", asker).arg("ip", ip)
}

/// Every event kind's name, for the test that each has an explanation.
pub fn kind_name(kind: &EventKind) -> &'static str {
    use EventKind::*;
    match kind {
        NetworkCreated { .. } => "NetworkCreated",
        BridgeCreated { .. } => "BridgeCreated",
        NetworkRemoved { .. } => "NetworkRemoved",
        VolumeCreated { .. } => "VolumeCreated",
        VolumeRemoved { .. } => "VolumeRemoved",
        ContainerCreated { .. } => "ContainerCreated",
        AddressAllocated { .. } => "AddressAllocated",
        InterfaceCreated { .. } => "InterfaceCreated",
        DnsRegistered { .. } => "DnsRegistered",
        PortPublished { .. } => "PortPublished",
        ContainerStarted { .. } => "ContainerStarted",
        AppReady { .. } => "AppReady",
        HealthChanged { .. } => "HealthChanged",
        DnsQuery { .. } => "DnsQuery",
        Ping { .. } => "Ping",
        ConnectAttempt { .. } => "ConnectAttempt",
        ContainerExited { .. } => "ContainerExited",
        DnsRemoved { .. } => "DnsRemoved",
        InterfaceRemoved { .. } => "InterfaceRemoved",
        AddressReleased { .. } => "AddressReleased",
        PortReleased { .. } => "PortReleased",
        PortsDiscarded { .. } => "PortsDiscarded",
        UpstreamResolved { .. } => "UpstreamResolved",
        ProxyForwarded { .. } => "ProxyForwarded",
        RestartScheduled { .. } => "RestartScheduled",
        RestartCancelled { .. } => "RestartCancelled",
        Repeated { .. } => "Repeated",
        ContainerRenamed { .. } => "ContainerRenamed",
        ContainerRemoved { .. } => "ContainerRemoved",
        ComposeWaiting { .. } => "ComposeWaiting",
        ComposeRecreate { .. } => "ComposeRecreate",
    }
}

/// The number of event kinds [`kind_name`] knows.
pub const KIND_COUNT: usize = 31;

/// A readable dump of the explanations of a whole log, for golden tests.
pub fn explain_log(
    catalogue: &Catalogue,
    initial: &composenet_model::snapshot::Snapshot,
    events: &[Event],
) -> String {
    let mut scene = Scene::new(initial);
    let mut out = String::new();
    for e in events {
        let text = catalogue
            .explain(&scene, e)
            .unwrap_or_else(|err| format!("<{err}>"));
        let _ = writeln!(out, "{:>9}  {text}", e.time.to_string());
        scene.apply(e);
    }
    out
}
