//! The one-line summary of an event, for the timeline, from the catalogue:
//! the same line as the event's `Display` (a test holds the English text
//! to it), in any language the catalogue has. Only the event's own fields
//! are used, so a summary needs no scene.

use composenet_model::event::{
    AddressReason, ConnectOutcome, DiscardReason, ExitCause, RecreateReason, Repetition,
};
use composenet_model::traffic::{DropReason, Verdict};
use composenet_model::EventKind;

use super::{Message, Value};

fn m(key: &'static str) -> Message {
    Message::new(key)
}

fn word(key: &'static str) -> Value {
    Value::Message(Message::new(key))
}

fn join(names: &[composenet_model::event::DnsName]) -> String {
    names
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn verdict(v: &Verdict) -> Value {
    word(match v {
        Verdict::Delivered(_) => "summary.verdict.delivered",
        Verdict::Dropped(DropReason::SenderNotRunning) => "summary.verdict.not_running",
        Verdict::Dropped(DropReason::NoNetwork) => "summary.verdict.no_network",
        Verdict::Dropped(DropReason::NoSuchAddress { .. }) => "summary.verdict.no_such_address",
        Verdict::Dropped(DropReason::OtherNetwork { .. }) => "summary.verdict.other_network",
        Verdict::Dropped(DropReason::Internal) => "summary.verdict.internal",
        Verdict::Dropped(DropReason::NoRoute) => "summary.verdict.no_route",
        Verdict::Dropped(DropReason::OutsideHost) => "summary.verdict.outside_host",
    })
}

pub(super) fn outcome(o: &ConnectOutcome) -> Value {
    match o {
        ConnectOutcome::Connected => word("summary.outcome.connected"),
        ConnectOutcome::NoSuchName => word("summary.outcome.no_such_name"),
        ConnectOutcome::Refused => word("summary.outcome.refused"),
        ConnectOutcome::Unreachable => word("summary.outcome.unreachable"),
        ConnectOutcome::NotListening {
            port,
            container_port: None,
        } => Value::Message(m("summary.outcome.not_listening").arg("port", port)),
        ConnectOutcome::NotListening {
            port,
            container_port: Some(inside),
        } => Value::Message(
            m("summary.outcome.host_port")
                .arg("port", port)
                .arg("inside", inside),
        ),
        ConnectOutcome::LoopbackOnly { port } => {
            Value::Message(m("summary.outcome.loopback_only").arg("port", port))
        }
    }
}

/// The summary of one event.
pub fn summary(kind: &EventKind) -> Message {
    use EventKind::*;
    match kind {
        NetworkCreated {
            name,
            driver,
            subnet,
            gateway,
            internal,
            subnet_source,
            ..
        } => {
            let mut details = vec![Value::Text(driver.name().to_string())];
            details.extend(subnet.map(|s| Value::Text(s.to_string())));
            details.extend(
                gateway.map(|g| Value::Message(m("summary.network.gateway").arg("gateway", g))),
            );
            if *internal {
                details.push(word("summary.network.internal"));
            }
            let source = match subnet_source {
                composenet_model::event::SubnetSource::User => "summary.subnet.user",
                composenet_model::event::SubnetSource::NextDefaultPool => "summary.subnet.next",
                composenet_model::event::SubnetSource::FirstFreeDefaultPool => {
                    "summary.subnet.first_free"
                }
                composenet_model::event::SubnetSource::NotAddressed => "summary.subnet.built_in",
            };
            m("summary.network.created")
                .arg("name", name)
                .value("details", Value::Join(details, ", "))
                .value("source", word(source))
        }
        BridgeCreated {
            bridge, ifindex, ..
        } => m("summary.bridge.created")
            .arg("bridge", bridge)
            .arg("ifindex", ifindex),
        NetworkRemoved { name, bridge, .. } => match bridge {
            Some(b) => m("summary.network.removed.bridge")
                .arg("name", name)
                .arg("bridge", b),
            None => m("summary.network.removed").arg("name", name),
        },
        VolumeCreated { name } => m("summary.volume.created").arg("name", name),
        VolumeRemoved { name } => m("summary.volume.removed").arg("name", name),
        ContainerCreated { name, image, .. } => m("summary.container.created")
            .arg("name", name)
            .arg("image", image),
        AddressAllocated {
            name,
            network_name,
            ip,
            reason,
            ..
        } => {
            let why = match reason {
                AddressReason::Static => word("summary.address.static"),
                AddressReason::LowestFree { previous: None } => word("summary.address.first"),
                AddressReason::LowestFree { previous: Some(p) } if p == ip => {
                    word("summary.address.same")
                }
                AddressReason::LowestFree { previous: Some(p) } => {
                    Value::Message(m("summary.address.new").arg("previous", p))
                }
            };
            m("summary.address")
                .arg("name", name)
                .arg("ip", ip)
                .arg("network", network_name)
                .value("why", why)
        }
        InterfaceCreated {
            name,
            ifname,
            ifindex,
            mac,
            veth: Some(veth),
            ..
        } => m("summary.veth.created")
            .arg("veth", &veth.name)
            .arg("ifindex", ifindex)
            .arg("bridge", &veth.bridge)
            .arg("ifname", ifname)
            .arg("peer_index", veth.ifindex)
            .arg("name", name)
            .arg("mac", mac),
        InterfaceCreated {
            name,
            network_name,
            ifname,
            mac,
            veth: None,
            ..
        } => m("summary.interface.created")
            .arg("name", name)
            .arg("ifname", ifname)
            .arg("network", network_name)
            .arg("mac", mac),
        DnsRegistered {
            network_name,
            names,
            ip,
            ..
        } => m("summary.dns.registered")
            .arg("network", network_name)
            .arg("names", join(names))
            .arg("ip", ip),
        PortPublished {
            name,
            host_ip,
            host_port,
            container_port,
            protocol,
            ..
        } => m("summary.port.published")
            .arg("host_ip", host_ip)
            .arg("host_port", host_port)
            .arg("name", name)
            .arg("port", container_port)
            .arg("protocol", protocol),
        ContainerStarted { name, .. } => m("summary.container.started").arg("name", name),
        AppReady { name, .. } => m("summary.app.ready").arg("name", name),
        HealthChanged {
            name,
            status,
            failing_streak,
            ..
        } => {
            if *failing_streak > 0 {
                m("summary.health.failing")
                    .arg("name", name)
                    .arg("status", status.as_str())
                    .arg("streak", failing_streak)
            } else {
                m("summary.health")
                    .arg("name", name)
                    .arg("status", status.as_str())
            }
        }
        DnsQuery {
            name,
            query,
            answer,
            ..
        } => {
            let result = if answer.addrs.is_empty() {
                answer.rcode.as_str().to_string()
            } else {
                answer
                    .addrs
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            m("summary.dns.query")
                .arg("name", name)
                .arg("server", answer.server)
                .arg("query", query)
                .arg("result", result)
        }
        Ping {
            name,
            target,
            ip,
            route,
            ..
        } => match (ip, route) {
            (Some(ip), Some(route)) => m("summary.ping")
                .arg("name", name)
                .arg("target", target)
                .arg("ip", ip)
                .value("verdict", verdict(&route.verdict)),
            _ => m("summary.ping.no_name")
                .arg("name", name)
                .arg("target", target),
        },
        ConnectAttempt {
            name,
            target,
            ip,
            outcome: o,
            ..
        } => match ip {
            Some(ip) => m("summary.connect")
                .arg("name", name)
                .arg("target", target)
                .arg("ip", ip)
                .value("outcome", outcome(o)),
            None => m("summary.connect.no_address")
                .arg("name", name)
                .arg("target", target)
                .value("outcome", outcome(o)),
        },
        ContainerExited {
            name, code, cause, ..
        } => {
            let why = match cause {
                ExitCause::Exited => "summary.exit.exited",
                ExitCause::Stopped => "summary.exit.stopped",
                ExitCause::Killed => "summary.exit.killed",
                ExitCause::ConnectFailed => "summary.exit.connect_failed",
            };
            m("summary.container.exited")
                .arg("name", name)
                .arg("code", code)
                .value("why", word(why))
        }
        DnsRemoved {
            network_name,
            names,
            ip,
            ..
        } => m("summary.dns.removed")
            .arg("network", network_name)
            .arg("names", join(names))
            .arg("ip", ip),
        InterfaceRemoved {
            name,
            ifname,
            veth: Some(veth),
            ..
        } => m("summary.veth.removed")
            .arg("veth", veth)
            .arg("ifname", ifname)
            .arg("name", name),
        InterfaceRemoved {
            name,
            ifname,
            veth: None,
            ..
        } => m("summary.interface.removed")
            .arg("ifname", ifname)
            .arg("name", name),
        AddressReleased {
            name,
            network_name,
            ip,
            ..
        } => m("summary.address.released")
            .arg("name", name)
            .arg("ip", ip)
            .arg("network", network_name),
        PortReleased {
            name,
            host_ip,
            host_port,
            ..
        } => m("summary.port.released")
            .arg("host_ip", host_ip)
            .arg("host_port", host_port)
            .arg("name", name),
        RestartScheduled {
            name,
            delay,
            restart_count,
            ..
        } => m("summary.restart.scheduled")
            .arg("name", name)
            .arg("ms", delay.as_millis())
            .arg("count", restart_count),
        RestartCancelled { name, .. } => m("summary.restart.cancelled").arg("name", name),
        UpstreamResolved {
            name, upstream, ip, ..
        } => match ip {
            Some(ip) => m("summary.upstream.resolved")
                .arg("name", name)
                .arg("upstream", upstream)
                .arg("ip", ip),
            None => m("summary.upstream.unresolved")
                .arg("name", name)
                .arg("upstream", upstream),
        },
        ProxyForwarded {
            name,
            upstream,
            ip,
            cached,
            stale,
            outcome: o,
            ..
        } => match ip {
            Some(ip) => m(match (cached, stale) {
                (true, true) => "summary.proxy.stale",
                (true, false) => "summary.proxy.cached",
                _ => "summary.proxy.forwarded",
            })
            .arg("ip", ip),
            None => m("summary.proxy.no_address"),
        }
        .arg("name", name)
        .arg("upstream", upstream)
        .value("outcome", outcome(o)),
        PortsDiscarded {
            name,
            ports,
            reason,
            ..
        } => m(match reason {
            DiscardReason::HostNetwork => "summary.ports.discarded.host",
            DiscardReason::InternalNetworks => "summary.ports.discarded.internal",
        })
        .arg("name", name)
        .arg("ports", ports.join(", ")),
        Repeated {
            name,
            what,
            times,
            every,
            ..
        } => m(match what {
            Repetition::Restarts => "summary.repeated.restarts",
            Repetition::ConnectRetries => "summary.repeated.retries",
        })
        .arg("name", name)
        .arg("times", times)
        .arg("ms", every.as_millis()),
        ContainerRenamed { old, new, .. } => m("summary.container.renamed")
            .arg("old", old)
            .arg("new", new),
        ContainerRemoved { name, .. } => m("summary.container.removed").arg("name", name),
        ComposeWaiting {
            project,
            service,
            dependency,
            condition,
        } => m("summary.compose.waiting")
            .arg("project", project)
            .arg("service", service)
            .arg("dependency", dependency)
            .arg("condition", condition.as_str()),
        ComposeRecreate {
            project,
            container,
            reason,
        } => m("summary.compose.recreate")
            .arg("project", project)
            .arg("container", container)
            .value(
                "why",
                word(match reason {
                    RecreateReason::ForceRecreate => "summary.recreate.forced",
                    RecreateReason::ConfigChanged => "summary.recreate.config",
                }),
            ),
    }
}
