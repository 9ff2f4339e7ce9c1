//! "Can A reach B, and if not, why?" asked of the host as it is now,
//! without changing it: by each name B answers to and by each of its
//! addresses. The answers come from the same functions the simulation uses
//! ([`crate::dns::resolve`] and [`crate::traffic::route`]), so the explorer
//! can never disagree with what `ping` or an app would see.

use std::net::Ipv4Addr;

use crate::dns;
use crate::event::ConnectOutcome;
use crate::host::Host;
use crate::ids::{ContainerId, NetworkId};
use crate::traffic::{route, Peer, Resolution, Route, Verdict};

/// One way of naming the target, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NameProbe {
    pub name: String,
    pub resolution: Resolution,
    /// The address a program would use (the first one).
    pub ip: Option<Ipv4Addr>,
    pub route: Option<Route>,
    /// Whether the packets reach the container that was meant (a name can
    /// resolve to another container, e.g. one of another project).
    pub reaches_target: bool,
}

/// One address of the target, and the route to it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AddressProbe {
    pub network: NetworkId,
    pub ip: Ipv4Addr,
    pub route: Route,
}

/// A port of the target, tried along the first way that reaches it: the
/// ports its app listens on, and the host ports it publishes (which are
/// not ports of the container: the mistake to show).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PortProbe {
    pub port: u16,
    pub outcome: ConnectOutcome,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reachability {
    pub from: ContainerId,
    pub to: ContainerId,
    pub by_name: Vec<NameProbe>,
    pub by_address: Vec<AddressProbe>,
    /// Empty when no name or address reaches the target, or when what it
    /// listens on is not known.
    pub ports: Vec<PortProbe>,
}

impl Reachability {
    /// Whether any address of the target is reachable.
    pub fn by_address_ok(&self) -> bool {
        self.by_address
            .iter()
            .any(|a| a.route.delivered() == Some(Peer::Container(self.to)))
    }

    /// Every probe as (what was tried, how it resolved, the address, the
    /// route): by name first, then by address (an address resolves as
    /// itself).
    pub fn probes(&self) -> Vec<(String, Resolution, Option<Ipv4Addr>, Option<Route>)> {
        let by_name = self
            .by_name
            .iter()
            .map(|n| (n.name.clone(), n.resolution.clone(), n.ip, n.route.clone()));
        let by_address = self.by_address.iter().map(|a| {
            (
                a.ip.to_string(),
                Resolution::Literal,
                Some(a.ip),
                Some(a.route.clone()),
            )
        });
        by_name.chain(by_address).collect()
    }

    /// Whether the target's own name leads to it.
    pub fn by_name_ok(&self) -> bool {
        self.by_name.first().is_some_and(|n| n.reaches_target)
    }
}

/// What a program in `from` gets for `name`: the lookup and the route.
pub fn probe_name(host: &Host, from: ContainerId, name: &str, target: ContainerId) -> NameProbe {
    let (addrs, resolution) = dns::resolve(host, from, name);
    let ip = addrs.first().copied();
    let route = ip.map(|ip| route(host, from, ip));
    let target_owner = host.netns_owner(target);
    let reaches_target = route.as_ref().is_some_and(|r| {
        matches!(r.verdict, Verdict::Delivered(Peer::Container(c)) if host.netns_owner(c) == target_owner)
    });
    NameProbe {
        name: name.to_string(),
        resolution,
        ip,
        route,
        reaches_target,
    }
}

/// The names a person would try for a container: its name, then its
/// aliases on its networks (the compose service name among them), each
/// once, short ids left out.
pub fn names_of(host: &Host, id: ContainerId) -> Vec<String> {
    let c = host.container(id);
    let mut names = vec![c.name.clone()];
    for e in c.endpoints() {
        for alias in &e.aliases {
            if !names.contains(alias) && !c.docker_id.starts_with(alias.as_str()) {
                names.push(alias.clone());
            }
        }
    }
    names
}

/// Whether `from` can reach `to`, by every name and address of `to`.
pub fn explore(host: &Host, from: ContainerId, to: ContainerId) -> Reachability {
    let by_name: Vec<NameProbe> = names_of(host, to)
        .iter()
        .map(|name| probe_name(host, from, name, to))
        .collect();
    let owner = host.container(host.netns_owner(to));
    let by_address = owner
        .endpoints()
        .filter_map(|e| {
            e.ip.map(|ip| AddressProbe {
                network: e.network,
                ip,
                route: route(host, from, ip),
            })
        })
        .collect::<Vec<AddressProbe>>();
    // The first way in that reaches the target decides whether a port is
    // asked from its own namespace (a 127.0.0.1 listener answers only that).
    let reaching = by_name
        .iter()
        .filter(|n| n.reaches_target)
        .filter_map(|n| n.route.as_ref())
        .chain(
            by_address
                .iter()
                .map(|a| &a.route)
                .filter(|r| matches!(r.verdict, Verdict::Delivered(Peer::Container(_)))),
        )
        .next();
    let ports = match reaching {
        Some(r) => {
            let local = matches!(r.hops.as_slice(), [crate::traffic::Hop::Loopback { .. }]);
            let owner = host.netns_owner(to);
            let mut ports: Vec<u16> = host
                .listens(owner)
                .map(|l| l.iter().map(|l| l.port).collect())
                .unwrap_or_default();
            for port in host.published_host_ports(owner) {
                if !ports.contains(&port) {
                    ports.push(port);
                }
            }
            ports
                .into_iter()
                .map(|port| PortProbe {
                    port,
                    outcome: host.accepts(owner, Some(port), local),
                })
                .collect()
        }
        None => Vec::new(),
    };
    Reachability {
        from,
        to,
        by_name,
        by_address,
        ports,
    }
}

/// A port published on the host, and how a connection to it from the
/// host's side is answered: Docker forwards it to the container's port
/// from outside the container's namespace, so a 127.0.0.1 listener does
/// not answer it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Published {
    pub host_ip: Ipv4Addr,
    pub host_port: u16,
    pub protocol: String,
    pub container: ContainerId,
    pub container_port: u16,
    pub outcome: ConnectOutcome,
}

/// Every port published on the host now, in (address, port) order.
pub fn published(host: &Host) -> Vec<Published> {
    host.port_bindings()
        .into_iter()
        .map(
            |(host_ip, host_port, protocol, container, container_port)| Published {
                outcome: host.accepts(host.netns_owner(container), Some(container_port), false),
                host_ip,
                host_port,
                protocol,
                container,
                container_port,
            },
        )
        .collect()
}

/// Every ordered pair of running containers, in creation order.
pub fn matrix(host: &Host) -> Vec<Reachability> {
    let running: Vec<ContainerId> = host
        .containers()
        .filter(|c| c.is_running())
        .map(|c| c.id)
        .collect();
    let mut out = Vec::new();
    for &from in &running {
        for &to in &running {
            if from != to {
                out.push(explore(host, from, to));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::{ContainerSpec, EndpointSpec};
    use crate::network::NetworkSpec;
    use crate::traffic::DnsReason;
    use crate::EngineVersion;

    /// web on front, api on front and back, db on back: the classic
    /// two-tier isolation.
    fn two_tier() -> (Host, [ContainerId; 3]) {
        let mut host = Host::new(EngineVersion::V29, 1);
        for name in ["front", "back"] {
            host.network_create(NetworkSpec {
                name: name.into(),
                driver: "bridge".into(),
                ..NetworkSpec::default()
            })
            .unwrap();
        }
        let mut run = |name: &str, nets: &[&str]| {
            // db is MySQL published on the host as 3307; the others are
            // apps whose ports are not known.
            let mut spec = ContainerSpec::new(if name == "db" { "mysql" } else { "node" });
            spec.name = Some(name.into());
            if name == "db" {
                spec.ports.push(crate::PortBinding {
                    host_ip: None,
                    host_port: Some(3307),
                    container_port: 3306,
                    protocol: "tcp".into(),
                });
            }
            spec.endpoints = nets
                .iter()
                .map(|n| EndpointSpec {
                    network: n.to_string(),
                    ..EndpointSpec::default()
                })
                .collect();
            let id = host.create(spec).unwrap();
            host.start_id(id).unwrap();
            id
        };
        let ids = [
            run("web", &["front"]),
            run("api", &["front", "back"]),
            run("db", &["back"]),
        ];
        (host, ids)
    }

    /// One line per probe: the name or address, then delivered or why not.
    fn describe(host: &Host, r: &Reachability) -> String {
        let verdict = |route: &Option<Route>| match route.as_ref().map(|r| &r.verdict) {
            None => "no address".to_string(),
            Some(Verdict::Delivered(Peer::Container(c))) => {
                format!("reaches {}", host.container(*c).name)
            }
            Some(Verdict::Delivered(Peer::Host)) => "reaches the host".to_string(),
            Some(Verdict::Dropped(reason)) => format!("dropped: {reason:?}"),
        };
        let mut out = String::new();
        for n in &r.by_name {
            let how = match &n.resolution {
                Resolution::Dns(a) => match &a.reason {
                    DnsReason::Record { .. } => "dns".to_string(),
                    other => format!("{other:?}"),
                },
                other => format!("{other:?}"),
            };
            out.push_str(&format!("name {} ({how}): {}\n", n.name, verdict(&n.route)));
        }
        for a in &r.by_address {
            out.push_str(&format!(
                "address {}: {}\n",
                a.ip,
                verdict(&Some(a.route.clone()))
            ));
        }
        for p in &r.ports {
            out.push_str(&format!("port {}: {}\n", p.port, p.outcome));
        }
        out
    }

    fn check(from: usize, to: usize, expected: &str) {
        let (host, ids) = two_tier();
        let r = explore(&host, ids[from], ids[to]);
        assert_eq!(describe(&host, &r), expected);
    }

    #[test]
    fn a_shared_network_reaches_by_name_and_address() {
        check(
            0,
            1,
            "name api (dns): reaches api\naddress 172.18.0.3: reaches api\naddress 172.19.0.2: dropped: OtherNetwork { network: NetworkId(5), holder: Some(ContainerId(7)) }\n",
        );
    }

    #[test]
    fn no_shared_network_reaches_nothing_and_says_why() {
        check(
            0,
            2,
            "name db (NotOnAskersNetworks { searched: [NetworkId(4)] }): no address\naddress 172.19.0.3: dropped: OtherNetwork { network: NetworkId(5), holder: Some(ContainerId(8)) }\n",
        );
    }

    /// Once a way in reaches the target, each port it listens on is
    /// accepted, and the host port it publishes is named for what it is.
    #[test]
    fn a_reachable_target_is_tried_on_its_ports_and_its_host_port() {
        check(
            1,
            2,
            "name db (dns): reaches db\naddress 172.19.0.3: reaches db\n\
             port 3306: connected\nport 33060: connected\n\
             port 3307: refused (nothing listens on 3307; that is the host port published for 3306)\n",
        );
    }

    /// From the host, a published port is answered by the container's port
    /// it forwards to, from outside the container: a 127.0.0.1 listener
    /// does not answer it.
    #[test]
    fn published_ports_are_answered_by_the_container_port_from_outside() {
        let (mut host, _) = two_tier();
        let mut spec = ContainerSpec::new("node");
        spec.name = Some("api2".into());
        spec.endpoints = vec![EndpointSpec {
            network: "front".into(),
            ..EndpointSpec::default()
        }];
        spec.ports.push(crate::PortBinding {
            host_ip: None,
            host_port: Some(3000),
            container_port: 3000,
            protocol: "tcp".into(),
        });
        spec.behaviour.listen = Some(vec![crate::container::Listen {
            ip: Ipv4Addr::LOCALHOST,
            port: 3000,
        }]);
        let id = host.create(spec).unwrap();
        host.start_id(id).unwrap();
        let seen: Vec<String> = published(&host)
            .iter()
            .map(|p| {
                format!(
                    "{}:{} -> {}:{} {}",
                    p.host_ip,
                    p.host_port,
                    host.container(p.container).name,
                    p.container_port,
                    p.outcome
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                "0.0.0.0:3000 -> api2:3000 refused (it listens on 127.0.0.1:3000 only)",
                "0.0.0.0:3307 -> db:3306 connected",
            ]
        );
    }

    #[test]
    fn the_matrix_has_every_ordered_pair_of_running_containers() {
        let (host, _) = two_tier();
        let m = matrix(&host);
        assert_eq!(m.len(), 6);
        let ok: Vec<(String, String, bool, bool)> = m
            .iter()
            .map(|r| {
                (
                    host.container(r.from).name.clone(),
                    host.container(r.to).name.clone(),
                    r.by_name_ok(),
                    r.by_address_ok(),
                )
            })
            .collect();
        assert!(ok.contains(&("web".into(), "db".into(), false, false)));
        assert!(ok.contains(&("db".into(), "api".into(), true, true)));
        assert!(ok.contains(&("api".into(), "web".into(), true, true)));
    }
}
