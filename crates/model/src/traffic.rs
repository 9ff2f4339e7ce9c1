//! Traffic between containers: where a packet goes and where Docker drops
//! it, and how a name turns into addresses. This module is the one place
//! that decides reachability: `ping`, simulated apps, `curl`/`nc`, the
//! browser's packets and the reachability explorer all ask [`route`], so
//! they can never disagree.
//!
//! The rules (facts §4, §7): containers reach every address on a network
//! they share, through their interface, the veth pair and the bridge; the
//! host through a gateway or its own address; nothing on another bridge
//! (Docker's isolation chains drop it); nothing at all from `none`; and
//! internal networks have no route out.

use std::net::Ipv4Addr;

use crate::container::{Endpoint, NetworkMode};
use crate::host::Host;
use crate::ids::{ContainerId, NetworkId};

/// One place a packet passes, in order.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Hop {
    /// Leaves a container through its interface (`eth0`) and the veth pair
    /// whose host end (`vethXXXXXXX`) is on the bridge.
    Out {
        container: ContainerId,
        network: NetworkId,
        ifname: String,
        veth: Option<String>,
    },
    /// Crosses a network's bridge (`docker0`, `br-…`) in the host's
    /// namespace.
    Bridge {
        network: NetworkId,
        bridge: Option<String>,
    },
    /// Enters a container through the host end of its veth pair and its
    /// interface.
    In {
        container: ContainerId,
        network: NetworkId,
        ifname: String,
        veth: Option<String>,
    },
    /// Stays inside one namespace (`lo`, or the container's own address).
    Loopback { container: ContainerId },
    /// The host's own network stack: a gateway address, the host's address,
    /// or a `--network host` container.
    HostStack,
}

/// Who received a packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Peer {
    Container(ContainerId),
    /// The host itself (a gateway address or the host's own address).
    Host,
}

/// Why a packet went nowhere.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DropReason {
    /// The sender is not running: it has no network at all.
    SenderNotRunning,
    /// `network_mode: none`: only `lo` exists.
    NoNetwork,
    /// The address is on a network the sender shares, but no running
    /// container holds it (stopped, removed, or never there).
    NoSuchAddress { network: NetworkId },
    /// The address is on another Docker network, which the sender is not
    /// attached to: Docker drops traffic between bridges.
    OtherNetwork {
        network: NetworkId,
        holder: Option<ContainerId>,
    },
    /// Every network of the sender is internal: there is no route out of
    /// them.
    Internal,
    /// The sender has no route to the address at all.
    NoRoute,
    /// The address is outside the simulated host, which has nothing there.
    OutsideHost,
}

/// How a route ended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Verdict {
    Delivered(Peer),
    Dropped(DropReason),
}

/// The path of a packet from a container to an address: the hops it
/// passed, then delivered or dropped after the last one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Route {
    pub from: ContainerId,
    pub to: Ipv4Addr,
    pub hops: Vec<Hop>,
    pub verdict: Verdict,
}

impl Route {
    pub fn delivered(&self) -> Option<Peer> {
        match self.verdict {
            Verdict::Delivered(peer) => Some(peer),
            Verdict::Dropped(_) => None,
        }
    }
}

/// Where the embedded DNS (or the host's resolver) got its answer, or why
/// there is none.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DnsReason {
    /// A record on this network matched (its name, an alias, a link alias
    /// of the asker).
    Record { network: NetworkId },
    /// The name is an address already.
    Literal,
    /// The embedded DNS asked each of the asker's networks, in this order,
    /// and none has a container by that name; the host's resolvers do not
    /// know it either (NXDOMAIN).
    NotOnAskersNetworks { searched: Vec<NetworkId> },
    /// As above, but the name would have gone on to the host's resolvers,
    /// which the container cannot reach (no IP forwarding).
    UpstreamUnreachable { searched: Vec<NetworkId> },
    /// Only internal networks: the embedded DNS cannot forward the name
    /// and answers SERVFAIL (engines that do).
    InternalOnly { searched: Vec<NetworkId> },
    /// The container is on no network with the embedded DNS (the default
    /// bridge, host mode): its resolver is the host's, which knows no
    /// container names.
    NoEmbeddedDns,
    /// As above, and the host's resolver is unreachable from the container.
    NoEmbeddedDnsUnreachable,
    /// `network_mode: none`: the query cannot be sent.
    NoNetwork,
}

/// The answer to one A query.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DnsAnswer {
    /// The resolver that answered: 127.0.0.11, or the host's nameserver for
    /// containers without the embedded DNS.
    pub server: Ipv4Addr,
    pub rcode: crate::dns::Rcode,
    pub addrs: Vec<Ipv4Addr>,
    pub reason: DnsReason,
}

impl DnsAnswer {
    /// The network whose records answered.
    pub fn network(&self) -> Option<NetworkId> {
        match self.reason {
            DnsReason::Record { network } => Some(network),
            _ => None,
        }
    }
}

/// How a program in a container turned a name into addresses
/// (getaddrinfo: the literal, `localhost`, /etc/hosts, then DNS).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Resolution {
    Literal,
    /// `localhost` is the container itself.
    Localhost,
    /// A line of the container's /etc/hosts (`--add-host`, a legacy link,
    /// its own name).
    HostsFile,
    /// The resolver was asked; the query is also in the log as a
    /// `DnsQuery` event.
    Dns(DnsAnswer),
}

/// The endpoint that holds a container's default route: the highest
/// `gw_priority` wins; among equals a non-internal network before an
/// internal one, then the network whose name sorts first (libnetwork's
/// endpoint order, seen on 20.10.24).
pub fn default_route(host: &Host, id: ContainerId) -> Option<&Endpoint> {
    let owner = host.container(host.netns_owner(id));
    owner
        .endpoints()
        .filter(|e| e.gateway.is_some())
        .min_by_key(|e| {
            let prio = owner
                .attachments
                .get(&e.network)
                .map(|a| a.gw_priority)
                .unwrap_or(0);
            let net = host.network(e.network);
            (std::cmp::Reverse(prio), net.internal, net.name.clone())
        })
}

/// The path of a packet from container `from` to `ip`.
pub fn route(host: &Host, from: ContainerId, ip: Ipv4Addr) -> Route {
    let owner_id = host.netns_owner(from);
    let owner = host.container(owner_id);
    let (hops, verdict) = path(host, owner_id, ip);
    debug_assert!(owner.is_running() || hops.is_empty());
    Route {
        from,
        to: ip,
        hops,
        verdict,
    }
}

fn out_hop(host: &Host, c: ContainerId, e: &Endpoint) -> [Hop; 2] {
    let net = host.network(e.network);
    [
        Hop::Out {
            container: c,
            network: e.network,
            ifname: e.ifname.clone(),
            veth: (!e.veth.is_empty()).then(|| e.veth.clone()),
        },
        Hop::Bridge {
            network: e.network,
            bridge: net.bridge.clone(),
        },
    ]
}

fn in_hop(host: &Host, holder: ContainerId, net: NetworkId) -> Hop {
    let e = host
        .container(holder)
        .attachments
        .get(&net)
        .and_then(|a| a.endpoint.as_ref())
        .expect("holder_of found this endpoint");
    Hop::In {
        container: holder,
        network: net,
        ifname: e.ifname.clone(),
        veth: (!e.veth.is_empty()).then(|| e.veth.clone()),
    }
}

/// The Docker network whose subnet holds `ip`, and who has it there.
fn docker_network_of(host: &Host, ip: Ipv4Addr) -> Option<(NetworkId, Option<ContainerId>)> {
    host.networks()
        .find(|n| n.subnet_net().is_some_and(|s| s.contains(&ip)))
        .map(|n| (n.id, host.holder_of(n.id, ip)))
}

fn path(host: &Host, owner_id: ContainerId, ip: Ipv4Addr) -> (Vec<Hop>, Verdict) {
    let owner = host.container(owner_id);
    if !owner.is_running() {
        return (Vec::new(), Verdict::Dropped(DropReason::SenderNotRunning));
    }
    if ip.is_loopback() || owner.endpoints().any(|e| e.ip == Some(ip)) {
        return (
            vec![Hop::Loopback {
                container: owner_id,
            }],
            Verdict::Delivered(Peer::Container(owner_id)),
        );
    }
    let host_owned = ip == host.host_config().ip || host.networks().any(|n| n.gateway == Some(ip));
    match owner.spec.network_mode {
        NetworkMode::None => return (Vec::new(), Verdict::Dropped(DropReason::NoNetwork)),
        NetworkMode::Host => {
            // The host's own stack has a route to every bridge.
            if host_owned {
                return (vec![Hop::HostStack], Verdict::Delivered(Peer::Host));
            }
            return match docker_network_of(host, ip) {
                Some((net, Some(holder))) => (
                    vec![
                        Hop::HostStack,
                        Hop::Bridge {
                            network: net,
                            bridge: host.network(net).bridge.clone(),
                        },
                        in_hop(host, holder, net),
                    ],
                    Verdict::Delivered(Peer::Container(holder)),
                ),
                Some((net, None)) => (
                    vec![Hop::HostStack],
                    Verdict::Dropped(DropReason::NoSuchAddress { network: net }),
                ),
                None => (
                    vec![Hop::HostStack],
                    Verdict::Dropped(DropReason::OutsideHost),
                ),
            };
        }
        _ => {}
    }
    for ep in owner.endpoints() {
        let net = host.network(ep.network);
        if !net.subnet_net().is_some_and(|s| s.contains(&ip)) {
            continue;
        }
        let mut hops = out_hop(host, owner_id, ep).to_vec();
        if let Some(holder) = host.holder_of(ep.network, ip) {
            hops.push(in_hop(host, holder, ep.network));
            return (hops, Verdict::Delivered(Peer::Container(holder)));
        }
        if net.gateway == Some(ip) {
            hops.push(Hop::HostStack);
            return (hops, Verdict::Delivered(Peer::Host));
        }
        return (
            hops,
            Verdict::Dropped(DropReason::NoSuchAddress {
                network: ep.network,
            }),
        );
    }
    // Off every attached subnet: the packet leaves by the default route,
    // which exists only through a non-internal network (on engines that
    // give internal networks no gateway) and reaches the host's stack,
    // where Docker's isolation rules stop it at another bridge.
    let Some(gw_ep) = default_route(host, owner_id) else {
        let all_internal = owner.endpoints().next().is_some()
            && owner.endpoints().all(|e| host.network(e.network).internal);
        let reason = if all_internal {
            DropReason::Internal
        } else {
            DropReason::NoRoute
        };
        return (Vec::new(), Verdict::Dropped(reason));
    };
    let mut hops = out_hop(host, owner_id, gw_ep).to_vec();
    if host_owned {
        hops.push(Hop::HostStack);
        return (hops, Verdict::Delivered(Peer::Host));
    }
    if host.network(gw_ep.network).internal {
        // Seen on 20.10: internal networks have a gateway address, but
        // nothing is forwarded off them.
        return (hops, Verdict::Dropped(DropReason::Internal));
    }
    hops.push(Hop::HostStack);
    let reason = match docker_network_of(host, ip) {
        Some((network, holder)) => DropReason::OtherNetwork { network, holder },
        None => DropReason::OutsideHost,
    };
    (hops, Verdict::Dropped(reason))
}
