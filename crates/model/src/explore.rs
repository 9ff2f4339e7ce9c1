//! "Can A reach B, and if not, why?" asked of the host as it is now,
//! without changing it: by each name B answers to and by each of its
//! addresses. The answers come from the same functions the simulation uses
//! ([`crate::dns::resolve`] and [`crate::traffic::route`]), so the explorer
//! can never disagree with what `ping` or an app would see.

use std::net::Ipv4Addr;

use crate::dns;
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

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Reachability {
    pub from: ContainerId,
    pub to: ContainerId,
    pub by_name: Vec<NameProbe>,
    pub by_address: Vec<AddressProbe>,
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
    let by_name = names_of(host, to)
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
        .collect();
    Reachability {
        from,
        to,
        by_name,
        by_address,
    }
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
            let mut spec = ContainerSpec::new("busybox");
            spec.name = Some(name.into());
            spec.command = vec!["sleep".into(), "3600".into()];
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
