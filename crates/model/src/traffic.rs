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
    /// The container's resolv.conf still names the embedded DNS, but it
    /// has left every network that has one (disconnected from its last
    /// user network): up to 25 the query times out, from 26 it gets
    /// SERVFAIL (seen on 20.10.24, 26.1.5 and 28.5.2), unless it is still
    /// on the default bridge, where the query goes on to the host's
    /// resolvers (a timeout without forwarding, on every engine).
    NoNetworkLeft,
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

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`): `ping`, `connect`, `dns` and `lookup` print the
    //! events they cause with the route (hops, then the verdict), the DNS
    //! answer's reason and how the name resolved.

    use crate::host::testing::check;

    const TWO_NETWORKS: &str = "
        network create front
        network create back
        run web net=front
        run db net=front
        run other net=back
    ";

    /// The script `TWO_NETWORKS` followed by `script`.
    fn on_two_networks(script: &str) -> String {
        format!("{TWO_NETWORKS}\n---\n{script}")
    }

    #[test]
    fn a_packet_goes_out_through_the_bridge_and_in() {
        check(
            &on_two_networks(
                "
                ping web db
                ping web 172.18.0.3
                ",
            ),
            "
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web pings db (172.18.0.3): delivered
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  web pings 172.18.0.3 (172.18.0.3): delivered
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            ",
        );
    }

    #[test]
    fn loopback_stays_in_the_container() {
        check(
            &on_two_networks(
                "
                ping web localhost
                ping web 127.0.0.1
                ping web 172.18.0.2
                ping web web
                ",
            ),
            "
            0.000s  web pings localhost (127.0.0.1): delivered
              resolved from: localhost
              route: web lo => delivered to web
            0.000s  web pings 127.0.0.1 (127.0.0.1): delivered
              resolved from: literal
              route: web lo => delivered to web
            0.000s  web pings 172.18.0.2 (172.18.0.2): delivered
              resolved from: literal
              route: web lo => delivered to web
            0.000s  web asks 127.0.0.11 for web: 172.18.0.2
              reason: Record(front)
            0.000s  web pings web (172.18.0.2): delivered
              resolved from: dns
              route: web lo => delivered to web
            ",
        );
    }

    #[test]
    fn the_host_answers_on_every_gateway_and_its_own_address() {
        // A gateway of another network is an address of the host, so it
        // is delivered, unlike a container behind that gateway.
        check(
            &on_two_networks(
                "
                ping web 172.18.0.1
                ping web 172.19.0.1
                ping web 10.0.2.15
                ",
            ),
            "
            0.000s  web pings 172.18.0.1 (172.18.0.1): delivered
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            0.000s  web pings 172.19.0.1 (172.19.0.1): delivered
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            0.000s  web pings 10.0.2.15 (10.0.2.15): delivered
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            ",
        );
    }

    #[test]
    fn a_host_mode_container_uses_the_hosts_stack() {
        check(
            &on_two_networks(
                "
                run hosted mode=host
                ping hosted 10.0.2.15
                ping hosted 172.18.0.3
                ping hosted 172.18.0.99
                ping hosted 8.8.8.8
                ping hosted db
                ",
            ),
            "
            0.000s  container hosted created from nginx
            0.000s  container hosted started
            0.000s  hosted pings 10.0.2.15 (10.0.2.15): delivered
              resolved from: literal
              route: host => delivered to the host
            0.000s  hosted pings 172.18.0.3 (172.18.0.3): delivered
              resolved from: literal
              route: host -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  hosted pings 172.18.0.99 (172.18.0.99): dropped (no one has that address)
              resolved from: literal
              route: host => dropped: NoSuchAddress(front)
            0.000s  hosted pings 8.8.8.8 (8.8.8.8): dropped (outside the host)
              resolved from: literal
              route: host => dropped: OutsideHost
            0.000s  hosted asks 10.0.2.3 for db: NXDOMAIN
              reason: NoEmbeddedDns
            0.000s  hosted pings db: no such name
              resolved from: dns
            ",
        );
    }

    #[test]
    fn a_shared_namespace_sends_from_its_owners_interface() {
        check(
            &on_two_networks(
                "
                run side mode=container:web
                ping side db
                ping side localhost
                ",
            ),
            "
            0.000s  container side created from nginx
            0.000s  container side started
            0.000s  side asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  side pings db (172.18.0.3): delivered
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  side pings localhost (127.0.0.1): delivered
              resolved from: localhost
              route: web lo => delivered to web
            ",
        );
    }

    #[test]
    fn a_network_without_a_bridge_has_no_veth_on_the_path() {
        check(
            "
            network create m driver=macvlan
            run web net=m
            run db net=m
            ---
            ping web db
            ",
            "
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(m)
            0.000s  web pings db (172.18.0.3): delivered
              resolved from: dns
              route: web eth0 -> m (no bridge) -> db eth0 => delivered to db
            ",
        );
    }

    #[test]
    fn dropped_sender_not_running() {
        check(
            &on_two_networks(
                "
                create idle net=front
                ping idle 172.18.0.3
                stop web
                ping web 172.18.0.3
                ",
            ),
            "
            0.000s  container idle created from nginx
            0.000s  idle pings 172.18.0.3 (172.18.0.3): dropped (not running)
              resolved from: literal
              route: (no hop) => dropped: SenderNotRunning
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on front: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/front> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on front
            0.000s  web pings 172.18.0.3 (172.18.0.3): dropped (not running)
              resolved from: literal
              route: (no hop) => dropped: SenderNotRunning
            ",
        );
    }

    #[test]
    fn dropped_no_network() {
        check(
            &on_two_networks(
                "
                run alone mode=none
                ping alone 172.18.0.3
                ping alone localhost
                ",
            ),
            "
            0.000s  container alone created from nginx
            0.000s  container alone started
            0.000s  alone pings 172.18.0.3 (172.18.0.3): dropped (network_mode none)
              resolved from: literal
              route: (no hop) => dropped: NoNetwork
            0.000s  alone pings localhost (127.0.0.1): delivered
              resolved from: localhost
              route: alone lo => delivered to alone
            ",
        );
    }

    #[test]
    fn dropped_no_such_address() {
        check(
            &on_two_networks(
                "
                ping web 172.18.0.99
                stop db
                ping web 172.18.0.3
                ",
            ),
            "
            0.000s  web pings 172.18.0.99 (172.18.0.99): dropped (no one has that address)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> => dropped: NoSuchAddress(front)
            0.000s  container db exited with code 0 (stopped)
            0.000s  dns on front: db, <db id> -/-> 172.18.0.3 removed
            0.000s  veth pair veth<db/front> <-> eth0 of db deleted
            0.000s  db releases 172.18.0.3 on front
            0.000s  web pings 172.18.0.3 (172.18.0.3): dropped (no one has that address)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> => dropped: NoSuchAddress(front)
            ",
        );
    }

    #[test]
    fn dropped_other_network() {
        // Facts §7: different bridge networks never reach each other.
        check(
            &on_two_networks(
                "
                ping web 172.19.0.2
                ping web 172.19.0.99
                ping web 172.17.0.1
                run plain
                ping web 172.17.0.2
                ",
            ),
            "
            0.000s  web pings 172.19.0.2 (172.19.0.2): dropped (another network)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => dropped: OtherNetwork(back, other)
            0.000s  web pings 172.19.0.99 (172.19.0.99): dropped (another network)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => dropped: OtherNetwork(back, nobody)
            0.000s  web pings 172.17.0.1 (172.17.0.1): delivered
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            0.000s  container plain created from nginx
            0.000s  plain gets 172.17.0.2 on bridge: lowest free address
            0.000s  veth pair veth<plain/bridge>@if12 (host, on docker0) <-> eth0@if13 (in plain), mac <mac plain/bridge>
            0.000s  container plain started
            0.000s  web pings 172.17.0.2 (172.17.0.2): dropped (another network)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => dropped: OtherNetwork(bridge, plain)
            ",
        );
    }

    #[test]
    fn dropped_internal_without_a_gateway_from_engine_25() {
        check(
            "
            network create inner internal
            run hidden net=inner
            run peer net=inner
            ---
            ping hidden 8.8.8.8
            ping hidden 10.0.2.15
            ping hidden peer
            ",
            "
            0.000s  hidden pings 8.8.8.8 (8.8.8.8): dropped (internal network)
              resolved from: literal
              route: (no hop) => dropped: Internal
            0.000s  hidden pings 10.0.2.15 (10.0.2.15): dropped (internal network)
              resolved from: literal
              route: (no hop) => dropped: Internal
            0.000s  hidden asks 127.0.0.11 for peer: 172.18.0.3
              reason: Record(inner)
            0.000s  hidden pings peer (172.18.0.3): delivered
              resolved from: dns
              route: hidden eth0 -> veth<hidden/inner> -> br-<inner> -> veth<peer/inner> -> peer eth0 => delivered to peer
            ",
        );
    }

    #[test]
    fn dropped_internal_past_the_gateway_up_to_engine_24() {
        // Facts §7: on 20.10 an internal network still has a gateway and a
        // default route, and nothing is forwarded off it.
        check(
            "
            engine 20.10
            network create inner internal
            run hidden net=inner
            ---
            ping hidden 8.8.8.8
            ",
            "
            0.000s  hidden pings 8.8.8.8 (8.8.8.8): dropped (internal network)
              resolved from: literal
              route: hidden eth0 -> veth<hidden/inner> -> br-<inner> => dropped: Internal
            ",
        );
    }

    #[test]
    fn dropped_no_route_after_leaving_every_network() {
        check(
            "
            run lonely
            ---
            network disconnect bridge lonely
            ping lonely 8.8.8.8
            ping lonely 127.0.0.1
            ",
            "
            0.000s  veth pair veth<lonely/bridge> <-> eth0 of lonely deleted
            0.000s  lonely releases 172.17.0.2 on bridge
            0.000s  lonely pings 8.8.8.8 (8.8.8.8): dropped (no route)
              resolved from: literal
              route: (no hop) => dropped: NoRoute
            0.000s  lonely pings 127.0.0.1 (127.0.0.1): delivered
              resolved from: literal
              route: lonely lo => delivered to lonely
            ",
        );
    }

    #[test]
    fn dropped_outside_host() {
        check(
            &on_two_networks(
                "
                ping web 8.8.8.8
                ",
            ),
            "
            0.000s  web pings 8.8.8.8 (8.8.8.8): dropped (outside the host)
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => dropped: OutsideHost
            ",
        );
    }

    /// Where the app listens decides how a delivered connection is
    /// answered: a port nobody listens on is reset (and the host port of a
    /// published mapping is named), a 127.0.0.1 listener answers only its
    /// own namespace (a `container:` guest shares it), and `localhost` is
    /// the container itself.
    #[test]
    fn who_listens_decides_how_a_connection_is_answered() {
        check(
            "
            network create front
            run web net=front image=node
            run db net=front image=mysql publish=3307:3306
            run admin net=front image=node listen=127.0.0.1:8080
            run side mode=container:admin image=busybox
            ---
            connect web db:3307
            connect web db:3306
            connect web admin:8080
            connect side localhost:8080
            connect web localhost:3306
            connect web admin:9000
            ",
            "
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web connects to db:3307 (172.18.0.3): refused (nothing listens on 3307; that is the host port published for 3306)
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web connects to db:3306 (172.18.0.3): connected
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  web asks 127.0.0.11 for admin: 172.18.0.4
              reason: Record(front)
            0.000s  web connects to admin:8080 (172.18.0.4): refused (it listens on 127.0.0.1:8080 only)
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<admin/front> -> admin eth0 => delivered to admin
            0.000s  side connects to localhost:8080 (127.0.0.1): connected
              resolved from: localhost
              route: admin lo => delivered to admin
            0.000s  web connects to localhost:3306 (127.0.0.1): refused (nothing listens on 3306)
              resolved from: localhost
              route: web lo => delivered to web
            0.000s  web asks 127.0.0.11 for admin: 172.18.0.4
              reason: Record(front)
            0.000s  web connects to admin:9000 (172.18.0.4): refused (nothing listens on 9000)
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<admin/front> -> admin eth0 => delivered to admin
            ",
        );
    }

    #[test]
    fn connection_outcomes() {
        check(
            &on_two_networks(
                "
                run slow net=front ready=10s
                connect web db:80
                connect web slow:80
                connect web nosuch:80
                connect web 172.19.0.2:80
                connect web 10.0.2.15:80
                ",
            ),
            "
            0.000s  container slow created from nginx
            0.000s  slow gets 172.18.0.4 on front: lowest free address
            0.000s  veth pair veth<slow/front>@if12 (host, on br-<front>) <-> eth0@if13 (in slow), mac <mac slow/front>
            0.000s  dns on front: slow, <slow id> -> 172.18.0.4
            0.000s  container slow started
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web connects to db:80 (172.18.0.3): connected
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<db/front> -> db eth0 => delivered to db
            0.000s  web asks 127.0.0.11 for slow: 172.18.0.4
              reason: Record(front)
            0.000s  web connects to slow:80 (172.18.0.4): refused (not ready)
              resolved from: dns
              route: web eth0 -> veth<web/front> -> br-<front> -> veth<slow/front> -> slow eth0 => delivered to slow
            0.000s  web asks 127.0.0.11 for nosuch: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            0.000s  web connects to nosuch:80: no such name
              resolved from: dns
            0.000s  web connects to 172.19.0.2:80 (172.19.0.2): unreachable
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => dropped: OtherNetwork(back, other)
            0.000s  web connects to 10.0.2.15:80 (10.0.2.15): connected
              resolved from: literal
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            ",
        );
    }

    #[test]
    fn dns_record_on_a_shared_network() {
        // Facts §4: names are case-insensitive and `name.network` works.
        check(
            &on_two_networks(
                "
                dns web db
                dns web DB.front
                ",
            ),
            "
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web asks 127.0.0.11 for DB.front: 172.18.0.3
              reason: Record(front)
            ",
        );
    }

    #[test]
    fn dns_literal() {
        check(
            &on_two_networks(
                "
                dns web 10.1.2.3
                ",
            ),
            "
            0.000s  web asks 127.0.0.11 for 10.1.2.3: 10.1.2.3
              reason: Literal
            ",
        );
    }

    #[test]
    fn dns_not_on_the_askers_networks() {
        // Facts §4: a name resolves only from a container that shares a
        // network with it.
        check(
            &on_two_networks(
                "
                dns web other
                dns web nosuch.example
                ",
            ),
            "
            0.000s  web asks 127.0.0.11 for other: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            0.000s  web asks 127.0.0.11 for nosuch.example: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            ",
        );
    }

    #[test]
    fn dns_upstream_unreachable_without_forwarding() {
        check(
            "
            no-forward
            network create front
            run web net=front
            run db net=front
            ---
            dns web db
            dns web example.com
            ",
            "
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            0.000s  web asks 127.0.0.11 for example.com: TIMEOUT
              reason: UpstreamUnreachable[front]
            ",
        );
    }

    #[test]
    fn dns_internal_only_answers_servfail_from_engine_25() {
        check(
            "
            network create inner internal
            run hidden net=inner
            ---
            dns hidden example.com
            ",
            "
            0.000s  hidden asks 127.0.0.11 for example.com: SERVFAIL
              reason: InternalOnly[inner]
            ",
        );
    }

    #[test]
    fn dns_internal_only_answers_nxdomain_up_to_engine_24() {
        check(
            "
            engine 20.10
            network create inner internal
            run hidden net=inner
            ---
            dns hidden example.com
            ",
            "
            0.000s  hidden asks 127.0.0.11 for example.com: NXDOMAIN
              reason: NotOnAskersNetworks[inner]
            ",
        );
    }

    #[test]
    fn dns_none_on_the_default_bridge_and_host() {
        // Facts §4: only user-defined networks have the embedded DNS; the
        // host's resolver knows no containers.
        check(
            &on_two_networks(
                "
                run plain
                run hosted mode=host
                dns plain web
                dns hosted web
                ",
            ),
            "
            0.000s  container plain created from nginx
            0.000s  plain gets 172.17.0.2 on bridge: lowest free address
            0.000s  veth pair veth<plain/bridge>@if12 (host, on docker0) <-> eth0@if13 (in plain), mac <mac plain/bridge>
            0.000s  container plain started
            0.000s  container hosted created from nginx
            0.000s  container hosted started
            0.000s  plain asks 10.0.2.3 for web: NXDOMAIN
              reason: NoEmbeddedDns
            0.000s  hosted asks 10.0.2.3 for web: NXDOMAIN
              reason: NoEmbeddedDns
            ",
        );
    }

    #[test]
    fn dns_none_and_the_hosts_resolver_unreachable() {
        // Without forwarding the default bridge cannot reach the host's
        // nameserver; a host-mode container is the host and can.
        check(
            "
            no-forward
            run plain
            run hosted mode=host
            ---
            dns plain example.com
            dns hosted example.com
            ",
            "
            0.000s  plain asks 10.0.2.3 for example.com: TIMEOUT
              reason: NoEmbeddedDnsUnreachable
            0.000s  hosted asks 10.0.2.3 for example.com: NXDOMAIN
              reason: NoEmbeddedDns
            ",
        );
    }

    #[test]
    fn dns_cannot_be_asked_without_a_network() {
        check(
            "
            run alone mode=none
            ---
            dns alone example.com
            ",
            "
            0.000s  alone asks 10.0.2.3 for example.com: TIMEOUT
              reason: NoNetwork
            ",
        );
    }

    #[test]
    fn every_resolution() {
        // getaddrinfo: an address, `localhost`, /etc/hosts, then DNS.
        check(
            "
            network create front
            run web net=front hostname=webhost add-host=host.docker.internal:host-gateway
            run db net=front
            ---
            lookup web 172.18.0.3
            lookup web localhost
            lookup web webhost
            lookup web host.docker.internal
            lookup web db
            lookup web nosuch
            ping web host.docker.internal
            ",
            "
            lookup 172.18.0.3: [172.18.0.3] from literal
            lookup localhost: [127.0.0.1] from localhost
            lookup webhost: [172.18.0.2] from hosts file
            lookup host.docker.internal: [172.17.0.1] from hosts file
            0.000s  web asks 127.0.0.11 for db: 172.18.0.3
              reason: Record(front)
            lookup db: [172.18.0.3] from dns
            0.000s  web asks 127.0.0.11 for nosuch: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            lookup nosuch: [] from dns
            0.000s  web pings host.docker.internal (172.17.0.1): delivered
              resolved from: hosts file
              route: web eth0 -> veth<web/front> -> br-<front> -> host => delivered to the host
            ",
        );
    }

    #[test]
    fn default_route_through_the_first_network_with_a_gateway() {
        // Facts §10: `gw_priority` first, then non-internal, then name.
        check(
            "
            network create zeta
            network create alpha
            network create inner internal
            run web net=zeta,alpha
            run prio net=alpha,zeta@10
            run hidden net=inner
            run side mode=container:prio
            run alone mode=none
            run hosted mode=host
            ---
            default-route web
            default-route prio
            default-route hidden
            default-route side
            default-route alone
            default-route hosted
            ",
            "
            default route of web: alpha via 172.19.0.1
            default route of prio: zeta via 172.18.0.1
            default route of hidden: none
            default route of side: zeta via 172.18.0.1
            default route of alone: none
            default route of hosted: none
            ",
        );
    }

    #[test]
    fn default_route_prefers_a_network_that_is_not_internal_up_to_engine_24() {
        check(
            "
            engine 20.10
            network create aaa internal
            network create zzz
            run web net=aaa,zzz
            run hidden net=aaa
            ---
            default-route web
            default-route hidden
            ",
            "
            default route of web: zzz via 172.19.0.1
            default route of hidden: aaa via 172.18.0.1
            ",
        );
    }
}
