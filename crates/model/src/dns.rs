//! Name resolution and reachability as seen from inside a container: the
//! embedded DNS at 127.0.0.11 with its exact scoping (facts §4), the files
//! Docker writes (/etc/hosts, /etc/resolv.conf) and which addresses a packet
//! can reach (facts §7).

use std::net::Ipv4Addr;

use crate::container::NetworkMode;
use crate::event::EventKind;
use crate::host::Host;
use crate::ids::{ContainerId, NetworkId};
pub use crate::traffic::DnsAnswer;
use crate::traffic::{DnsReason, Resolution};

pub const EMBEDDED_DNS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 11);
/// Docker's TTL for embedded DNS answers.
pub const TTL: u32 = 600;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Rcode {
    NoError,
    NxDomain,
    ServFail,
    /// No resolver could be reached at all (network mode `none`, or the
    /// host's nameservers behind a daemon that does not forward).
    NoServer,
}

impl Rcode {
    pub fn as_str(self) -> &'static str {
        match self {
            Rcode::NoError => "NOERROR",
            Rcode::NxDomain => "NXDOMAIN",
            Rcode::ServFail => "SERVFAIL",
            Rcode::NoServer => "TIMEOUT",
        }
    }
}

/// Whether a container's resolver is the embedded DNS: it is when the
/// container (or the container whose namespace it shares) is attached to a
/// user-defined network.
pub fn uses_embedded_dns(host: &Host, id: ContainerId) -> bool {
    let owner = host.container(host.netns_owner(id));
    matches!(owner.spec.network_mode, NetworkMode::Default)
        && owner
            .attachments
            .keys()
            .any(|n| host.try_network(*n).is_some_and(|n| n.has_embedded_dns()))
}

/// An A query for `name` sent by container `from` to its resolver. The
/// query and its answer go into the event log.
pub fn query(host: &mut Host, from: ContainerId, name: &str) -> DnsAnswer {
    let mut answer = answer(host, from, name);
    // Docker shuffles the addresses of a name that several containers
    // answer to (round-robin DNS).
    host.rng().shuffle(&mut answer.addrs);
    let asker = host.container(from).name.clone();
    host.emit_kind(EventKind::DnsQuery {
        container: from,
        name: asker,
        query: name.to_string(),
        answer: answer.clone(),
    });
    answer
}

/// Whether a query from container `from` cannot even be sent: its
/// namespace has only `lo` and its resolv.conf names a nameserver outside
/// it. That is network mode none, and also a `container:` mode container
/// whose namespace's owner was stopped or removed under it, or one that
/// left every network (seen on 26.1.5: "Network is unreachable").
pub fn cannot_send(host: &Host, from: ContainerId) -> bool {
    let owner = host.container(host.netns_owner(from));
    match owner.spec.network_mode {
        NetworkMode::None => true,
        NetworkMode::Host => false,
        _ => !owner.resolv_embedded && owner.endpoints().all(|e| e.ip.is_none()),
    }
}

/// The answer the resolver of container `from` gives for `name`, with the
/// addresses in record order, without asking: nothing is logged and the
/// host is not changed (the reachability explorer asks "what if").
pub fn answer(host: &Host, from: ContainerId, name: &str) -> DnsAnswer {
    let owner_id = host.netns_owner(from);
    let owner = host.container(owner_id);
    let host_ns = host
        .host_config()
        .nameservers
        .first()
        .copied()
        .unwrap_or(Ipv4Addr::new(8, 8, 8, 8));
    let fail = |server, rcode, reason| DnsAnswer {
        server,
        rcode,
        addrs: Vec::new(),
        reason,
    };
    if cannot_send(host, from) {
        return fail(host_ns, Rcode::NoServer, DnsReason::NoNetwork);
    }
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return DnsAnswer {
            server: EMBEDDED_DNS,
            rcode: Rcode::NoError,
            addrs: vec![ip],
            reason: DnsReason::Literal,
        };
    }
    let unreachable_upstream = if owner.spec.network_mode == NetworkMode::Host {
        !host.host_config().host_resolves
    } else {
        !host.host_config().ip_forward
    };
    // A container left in the namespace of a removed one: the embedded DNS
    // went with that one's sandbox, so nothing answers at 127.0.0.11 (seen
    // on 20.10.24, 26.1.5 and 28.5.2: no answer, where a container
    // disconnected from its last network gets SERVFAIL from 25 on).
    let orphaned = matches!(&owner.spec.network_mode, NetworkMode::Container(t) if host.find_container(t).is_none());
    if !uses_embedded_dns(host, from) && owner.resolv_embedded {
        // With an interface left (the default bridge) the resolver still
        // forwards the name to the host's nameservers from the container's
        // namespace, so the query times out where nothing outside the host
        // is reachable, on 26 and 28 as on 20.10 (seen on all three; with
        // forwarding on, the host's resolver would answer NXDOMAIN). With
        // no interface left at all, 26 and later answer SERVFAIL at once.
        let forwards = owner.endpoints().any(|e| e.ip.is_some());
        let rcode = if forwards {
            if unreachable_upstream {
                Rcode::NoServer
            } else {
                Rcode::NxDomain
            }
        } else if host.engine().orphan_resolver_servfail() && !orphaned {
            Rcode::ServFail
        } else {
            Rcode::NoServer
        };
        return fail(EMBEDDED_DNS, rcode, DnsReason::NoNetworkLeft);
    }
    if !uses_embedded_dns(host, from) {
        // The host's resolver knows nothing of containers.
        return if unreachable_upstream {
            fail(
                host_ns,
                Rcode::NoServer,
                DnsReason::NoEmbeddedDnsUnreachable,
            )
        } else {
            fail(host_ns, Rcode::NxDomain, DnsReason::NoEmbeddedDns)
        };
    }
    let wanted = name.trim_end_matches('.').to_ascii_lowercase();
    let mut nets: Vec<NetworkId> = owner
        .endpoints()
        .map(|e| e.network)
        .filter(|n| host.network(*n).has_embedded_dns())
        .collect();
    // Up to 27 the sandbox keeps its endpoints sorted (priority, then
    // non-internal first, then network name) and asks their networks in
    // that order, whatever order they were joined in (seen on 20.10.24: a
    // container on `front` that joined `back` later is answered from
    // `back`).
    if host.engine().dns_sorted_endpoints() {
        crate::order::sort_by_key(&mut nets, |n| {
            let prio = owner.attachments.get(n).map(|a| a.gw_priority).unwrap_or(0);
            let net = host.network(*n);
            (std::cmp::Reverse(prio), net.internal, net.name.clone())
        });
    }
    for net in &nets {
        let addrs = records(host, owner_id, *net, &wanted);
        if !addrs.is_empty() {
            return DnsAnswer {
                server: EMBEDDED_DNS,
                rcode: Rcode::NoError,
                addrs,
                reason: DnsReason::Record { network: *net },
            };
        }
    }
    // Only internal networks, counting the default bridge: a container
    // also on the default bridge has a way out, and the name is forwarded
    // upstream (seen on 26.1.5 and 28.5.2: a timeout, not SERVFAIL).
    let internal_only = !nets.is_empty()
        && owner
            .endpoints()
            .filter(|e| e.ip.is_some())
            .all(|e| host.network(e.network).internal);
    if internal_only && host.engine().internal_servfail() {
        fail(
            EMBEDDED_DNS,
            Rcode::ServFail,
            DnsReason::InternalOnly { searched: nets },
        )
    } else if unreachable_upstream {
        // The embedded DNS forwards the query from the container's
        // namespace, where nothing outside the host is reachable.
        fail(
            EMBEDDED_DNS,
            Rcode::NoServer,
            DnsReason::UpstreamUnreachable { searched: nets },
        )
    } else {
        fail(
            EMBEDDED_DNS,
            Rcode::NxDomain,
            DnsReason::NotOnAskersNetworks { searched: nets },
        )
    }
}

/// The addresses one network's records give `name` for the asking
/// container: its own link aliases first, then every running endpoint whose
/// container name or aliases match (also as `name.network`).
fn records(host: &Host, asker: ContainerId, net: NetworkId, wanted: &str) -> Vec<Ipv4Addr> {
    let net_name = host.network(net).name.to_ascii_lowercase();
    let bare = wanted
        .strip_suffix(&format!(".{net_name}"))
        .unwrap_or(wanted)
        .to_string();
    let asker_c = host.container(asker);
    if let Some(att) = asker_c.attachments.get(&net) {
        for (target, alias) in &att.links {
            if alias.eq_ignore_ascii_case(&bare) {
                if let Some(tid) = host.find_container(target) {
                    if let Some(ip) = ip_on(host, tid, net) {
                        return vec![ip];
                    }
                }
            }
        }
    }
    // `wanted` is in lower case already, and so are the index's names.
    let mut addrs = Vec::new();
    for c in host.dns_holders(net, &bare) {
        let Some(ip) = ip_on(host, c.id, net) else {
            continue;
        };
        if !addrs.contains(&ip) {
            addrs.push(ip);
        }
    }
    addrs
}

/// A container's address on a network while it runs.
pub fn ip_on(host: &Host, id: ContainerId, net: NetworkId) -> Option<Ipv4Addr> {
    host.container(id)
        .attachments
        .get(&net)
        .and_then(|a| a.endpoint.as_ref())
        .and_then(|e| e.ip)
}

/// The PTR name the embedded DNS gives an address: `container.network`.
pub fn reverse(host: &Host, from: ContainerId, ip: Ipv4Addr) -> Option<String> {
    if !uses_embedded_dns(host, from) {
        return None;
    }
    let owner = host.container(host.netns_owner(from));
    for ep in owner.endpoints() {
        if let Some(holder) = host.holder_of(ep.network, ip) {
            let net = host.network(ep.network);
            if net.has_embedded_dns() {
                return Some(format!("{}.{}", host.container(holder).name, net.name));
            }
        }
    }
    None
}

/// The lines of /etc/hosts that name other things than localhost:
/// (address, names). `--add-host` lines first, then legacy links, then the
/// container's own addresses last (seen on 20.10.24).
pub fn hosts_entries(host: &Host, id: ContainerId) -> Vec<(String, Vec<String>)> {
    let owner_id = host.files_owner(id);
    let owner = host.container(owner_id);
    let mut lines = Vec::new();
    if owner.spec.network_mode == NetworkMode::Host {
        // The host's own file, past its localhost lines.
        for line in host.host_config().etc_hosts.lines() {
            let mut words = line.split_whitespace();
            let Some(addr) = words.next() else { continue };
            let names: Vec<String> = words.map(str::to_string).collect();
            if addr.starts_with('#') || names.is_empty() || is_fixed_line(addr, &names) {
                continue;
            }
            lines.push((addr.to_string(), names));
        }
        return lines;
    }
    for (name, addr) in &owner.spec.extra_hosts {
        let addr = if addr == "host-gateway" {
            host.networks()
                .find(|n| n.is_default_bridge())
                .and_then(|n| n.gateway)
                .map(|g| g.to_string())
                .unwrap_or_default()
        } else {
            addr.clone()
        };
        lines.push((addr, vec![name.clone()]));
    }
    for (target, alias) in &owner.spec.legacy_links {
        let Some(tid) = host.find_container(target) else {
            continue;
        };
        let t = host.container(tid);
        let ip = t
            .endpoints()
            .find(|e| host.network(e.network).is_default_bridge())
            .and_then(|e| e.ip);
        if let Some(ip) = ip {
            let mut names = vec![alias.clone(), t.hostname.clone()];
            if *alias != t.name {
                names.push(t.name.clone());
            }
            lines.push((ip.to_string(), names));
        }
    }
    let own_names = match &owner.spec.domainname {
        Some(domain) if !domain.is_empty() => {
            vec![
                format!("{}.{domain}", owner.hostname),
                owner.hostname.clone(),
            ]
        }
        _ => vec![owner.hostname.clone()],
    };
    for ip in &owner.hosts_lines {
        lines.push((ip.to_string(), own_names.clone()));
    }
    lines
}

/// The localhost and IPv6 lines every generated hosts file starts with.
fn is_fixed_line(addr: &str, names: &[String]) -> bool {
    matches!(
        addr,
        "::1" | "fe00::0" | "ff00::0" | "fe00::" | "ff00::" | "ff02::1" | "ff02::2"
    ) || (addr == "127.0.0.1" && names == ["localhost"])
}

/// The text of the container's /etc/hosts.
pub fn hosts_file(host: &Host, id: ContainerId) -> String {
    let owner = host.container(host.files_owner(id));
    if owner.spec.network_mode == NetworkMode::Host {
        return host.host_config().etc_hosts.clone();
    }
    let (localnet, mcast) = if host.engine().short_ipv6_prefixes() {
        ("fe00::", "ff00::")
    } else {
        ("fe00::0", "ff00::0")
    };
    let mut out = format!(
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n{localnet}\tip6-localnet\n{mcast}\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    );
    for (addr, names) in hosts_entries(host, id) {
        out.push_str(&format!("{addr}\t{}\n", names.join(" ")));
    }
    out
}

/// The text of the container's /etc/resolv.conf.
pub fn resolv_conf(host: &Host, id: ContainerId) -> String {
    let cfg = host.host_config();
    let modern = host.engine().modern_api();
    let owner = host.container(host.files_owner(id));
    let mut out = String::new();
    if modern {
        out.push_str("# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\n");
    }
    if !cfg.search.is_empty() {
        out.push_str(&format!("search {}\n", cfg.search.join(" ")));
    }
    if owner.spec.network_mode == NetworkMode::Host {
        // Up to 24 the host's file as it is; later engines generate it
        // like any other, without a mode (seen on 26.1.5 and 28.5.2).
        if !modern {
            out.clear();
        }
        for ns in &cfg.nameservers {
            out.push_str(&format!("nameserver {ns}\n"));
        }
        if modern {
            out.push_str("\n# Based on host file: '/etc/resolv.conf'\n# Overrides: []\n");
        }
        return out;
    }
    let embedded =
        uses_embedded_dns(host, id) || owner.resolv_embedded || host.container(id).resolv_embedded;
    let dns_override: Vec<String> = owner.spec.dns.clone();
    let ext: Vec<String> = if dns_override.is_empty() {
        cfg.nameservers.iter().map(|n| n.to_string()).collect()
    } else {
        dns_override.clone()
    };
    if embedded {
        out.push_str("nameserver 127.0.0.11\noptions ndots:0\n");
        if modern {
            // From 28 a server taken from the host's file is written
            // `host(ADDR)` (seen on 28.5.2; `--dns` servers were not
            // recorded there and stay bare).
            let ext: Vec<String> =
                if dns_override.is_empty() && host.engine().ext_servers_marked_host() {
                    ext.iter().map(|n| format!("host({n})")).collect()
                } else {
                    ext
                };
            out.push_str(&format!(
                "\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# ExtServers: [{}]\n# Overrides: []\n# Option ndots from: internal\n",
                ext.join(" ")
            ));
        }
    } else {
        for ns in &ext {
            out.push_str(&format!("nameserver {ns}\n"));
        }
        if modern {
            out.push_str("\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Overrides: []\n");
        }
    }
    out
}

/// What a name means to a program in the container (getaddrinfo), without
/// asking: the hosts file first, then the resolver's answer. Nothing is
/// logged and the host is not changed.
pub fn resolve(host: &Host, id: ContainerId, name: &str) -> (Vec<Ipv4Addr>, Resolution) {
    if let Some(found) = resolve_locally(host, id, name) {
        return found;
    }
    let answer = answer(host, id, name);
    (answer.addrs.clone(), Resolution::Dns(answer))
}

/// The literal, `localhost` and /etc/hosts steps of getaddrinfo.
fn resolve_locally(
    host: &Host,
    id: ContainerId,
    name: &str,
) -> Option<(Vec<Ipv4Addr>, Resolution)> {
    if let Ok(ip) = name.parse::<Ipv4Addr>() {
        return Some((vec![ip], Resolution::Literal));
    }
    if name.eq_ignore_ascii_case("localhost") {
        return Some((vec![Ipv4Addr::LOCALHOST], Resolution::Localhost));
    }
    let mut from_hosts = Vec::new();
    for (addr, names) in hosts_entries(host, id) {
        if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            if let Ok(ip) = addr.parse::<Ipv4Addr>() {
                from_hosts.push(ip);
            }
        }
    }
    (!from_hosts.is_empty()).then_some((from_hosts, Resolution::HostsFile))
}

/// What a name means to a program in the container (getaddrinfo): the
/// hosts file first, then the resolver, whose query is logged.
pub fn lookup_host(host: &mut Host, id: ContainerId, name: &str) -> (Vec<Ipv4Addr>, Resolution) {
    if let Some(found) = resolve_locally(host, id, name) {
        return found;
    }
    let answer = query(host, id, name);
    (answer.addrs.clone(), Resolution::Dns(answer))
}

#[cfg(test)]
mod tests {
    //! Scoping of the embedded DNS, played as scripts (see
    //! `host::testing`), and the files Docker writes, compared as text.

    use super::*;
    use crate::host::testing::{check, play_on, trim_indent};

    #[test]
    fn the_first_network_that_knows_a_name_answers_sorted_up_to_27() {
        // Facts §4: a client on two networks is answered from the first
        // one (in endpoint order) that has the name, with that network's
        // address only.
        check(
            "
            engine 27
            network create zeta
            network create alpha
            run svc net=zeta,alpha
            run client net=zeta,alpha
            ---
            dns client svc
            dns client svc.zeta
            ",
            "
            0.000s  client asks 127.0.0.11 for svc: 172.19.0.2
              reason: Record(alpha)
            0.000s  client asks 127.0.0.11 for svc.zeta: 172.18.0.2
              reason: Record(zeta)
            ",
        );
    }

    #[test]
    fn the_first_network_that_knows_a_name_answers_in_join_order_from_28() {
        check(
            "
            network create zeta
            network create alpha
            run svc net=zeta,alpha
            run client net=zeta,alpha
            ---
            dns client svc
            ",
            "
            0.000s  client asks 127.0.0.11 for svc: 172.18.0.2
              reason: Record(zeta)
            ",
        );
    }

    #[test]
    fn a_link_alias_is_seen_only_by_the_linking_container() {
        // Facts §4: `--link db:mysql` on a user-defined network.
        check(
            "
            network create front
            run db net=front
            run wp net=front link=db:mysql
            run other net=front
            ---
            dns wp mysql
            dns other mysql
            ",
            "
            0.000s  wp asks 127.0.0.11 for mysql: 172.18.0.2
              reason: Record(front)
            0.000s  other asks 127.0.0.11 for mysql: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            ",
        );
    }

    #[test]
    fn a_shared_name_answers_with_every_replica() {
        let (_, mut h) = play_on(
            "
            network create front
            run api-1 net=front alias=api
            run api-2 net=front alias=api
            run api-3 net=front alias=api
            run web net=front
            ",
        );
        let web = h.find_container("web").expect("created");
        let mut addrs = query(&mut h, web, "api").addrs;
        crate::order::sort(&mut addrs);
        let expected: Vec<Ipv4Addr> = ["172.18.0.2", "172.18.0.3", "172.18.0.4"]
            .iter()
            .map(|a| a.parse().expect("an address"))
            .collect();
        assert_eq!(addrs, expected);
    }

    /// Plays `script`, then compares `file` of container `name` with
    /// `expected`.
    fn check_file(
        script: &str,
        name: &str,
        file: fn(&Host, ContainerId) -> String,
        expected: &str,
    ) {
        let (_, h) = play_on(script);
        let id = h.find_container(name).expect("created");
        let actual = crate::host::testing::scrub(&h, &file(&h, id));
        assert_eq!(
            actual.trim_end(),
            trim_indent(expected),
            "\nthe file:\n{actual}\n"
        );
    }

    #[test]
    fn hosts_file_with_extra_hosts_and_every_network() {
        check_file(
            "
            network create front
            network create back
            run web net=front,back hostname=webhost add-host=db.local:10.1.1.1
            ",
            "web",
            hosts_file,
            "
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::\tip6-localnet
            ff00::\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            10.1.1.1\tdb.local
            172.18.0.2\twebhost
            172.19.0.2\twebhost
            ",
        );
    }

    #[test]
    fn hosts_file_of_a_legacy_link_on_the_default_bridge() {
        check_file(
            "
            run redis1
            run app legacy-link=redis1:cache
            ",
            "app",
            |h, id| {
                let lines: Vec<String> = hosts_entries(h, id)
                    .into_iter()
                    .map(|(addr, names)| format!("{addr} {}", names.join(" ")))
                    .collect();
                lines.join("\n")
            },
            "
            172.17.0.2 cache <redis1 id> redis1
            172.17.0.3 <app id>
            ",
        );
    }

    #[test]
    fn resolv_conf_with_the_embedded_dns_from_engine_25() {
        check_file(
            "
            engine 25
            network create front
            run web net=front
            ",
            "web",
            resolv_conf,
            "
            # Generated by Docker Engine.
            # This file can be edited; Docker Engine will not make further changes once it
            # has been modified.

            nameserver 127.0.0.11
            options ndots:0

            # Based on host file: '/etc/resolv.conf' (internal resolver)
            # ExtServers: [10.0.2.3]
            # Overrides: []
            # Option ndots from: internal
            ",
        );
    }

    #[test]
    fn resolv_conf_on_the_default_bridge_up_to_engine_24() {
        check_file(
            "
            engine 20.10
            run web
            ",
            "web",
            resolv_conf,
            "
            nameserver 10.0.2.3
            ",
        );
    }

    #[test]
    fn reverse_names_are_container_dot_network() {
        let (_, h) = play_on(
            "
            network create front
            run web net=front
            run db net=front
            run plain
            ",
        );
        let web = h.find_container("web").expect("created");
        let plain = h.find_container("plain").expect("created");
        let db_ip = "172.18.0.3".parse().expect("an address");
        assert_eq!(reverse(&h, web, db_ip).as_deref(), Some("db.front"));
        assert_eq!(reverse(&h, plain, db_ip), None);
    }
}
