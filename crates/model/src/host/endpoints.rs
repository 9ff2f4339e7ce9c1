//! Endpoints: joining a network at start (address, veth pair, MAC,
//! interface name, DNS names) and leaving it again.

use super::*;

impl Host {
    /// Joins one network: address, veth pair, DNS names (the order Docker
    /// does it in).
    pub(super) fn join(&mut self, id: ContainerId, net_id: NetworkId) -> Result<(), NetworkError> {
        let engine = self.engine;
        let (requested, previous, aliases, links) = {
            let c = &self.containers[&id];
            let a = &c.attachments[&net_id];
            let previous = a
                .last_ip
                .or_else(|| self.last_ip_by_name.get(&(c.name.clone(), net_id)).copied());
            (a.ipv4_address, previous, a.aliases.clone(), a.links.clone())
        };
        let net = &mut self.networks[&net_id];
        let net_name = net.name.clone();
        let mut ip = None;
        let mut reason = AddressReason::LowestFree { previous };
        if let Some(alloc) = net.subnet.as_mut() {
            let got = match requested {
                Some(addr) => {
                    reason = AddressReason::Static;
                    alloc.reserve(addr).map_err(|e| match e {
                        AddressError::InUse => NetworkError::AddressInUse,
                        _ => NetworkError::OutOfSubnet(addr),
                    })?
                }
                None => alloc.allocate().map_err(|_| NetworkError::Exhausted {
                    name: net.name.clone(),
                    id: net.docker_id.clone(),
                })?,
            };
            ip = Some(got);
        }
        let prefix_len = net.subnet_net().map(|s| s.prefix_len()).unwrap_or(0);
        let gateway = if net.internal && !self.engine.internal_network_gateway() {
            None
        } else {
            net.gateway
        };
        let bridge = net.bridge.clone();
        let has_dns = net.has_embedded_dns();
        let endpoint_id = self.rng.hex(64);
        let mac = match (&self.containers[&id].spec.mac_address, ip) {
            (Some(mac), _)
                if self.containers[&id].attachments.first().map(|(k, _)| *k) == Some(net_id) =>
            {
                mac.clone()
            }
            (_, Some(ip)) if engine.mac_from_ip() => {
                let o = ip.octets();
                format!("02:42:{:02x}:{:02x}:{:02x}:{:02x}", o[0], o[1], o[2], o[3])
            }
            _ => {
                let r = self.rng.next_u64().to_be_bytes();
                format!(
                    "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                    (r[0] & 0xfe) | 0x02,
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    r[5]
                )
            }
        };
        let ifname = self.next_ifname(id);
        let (veth, ifindex, veth_ifindex) = if bridge.is_some() {
            // The kernel registers the peer (the container end) first, so it
            // gets the lower index: inside `eth0@if7`, on the host
            // `vethabc1234@if6`.
            let peer = self.fresh_ifindex();
            let host_end = self.fresh_ifindex();
            (format!("veth{}", self.rng.hex(7)), peer, host_end)
        } else {
            (String::new(), 0, 0)
        };
        let c = &mut self.containers[&id];
        let name = c.name.clone();
        let mut dns_names = vec![name.clone()];
        for alias in &aliases {
            if !dns_names.contains(alias) {
                dns_names.push(alias.clone());
            }
        }
        let short = c.docker_id[..12].to_string();
        if !dns_names.contains(&short) {
            dns_names.push(short);
        }
        if c.hostname != c.name && !dns_names.contains(&c.hostname) {
            dns_names.push(c.hostname.clone());
        }
        let endpoint = Endpoint {
            network: net_id,
            endpoint_id,
            ip,
            prefix_len,
            gateway,
            mac: mac.clone(),
            ifname: ifname.clone(),
            ifindex,
            veth: veth.clone(),
            veth_ifindex,
            aliases: dns_names[1..].to_vec(),
            links,
            static_ip: requested.is_some(),
        };
        if let Some(ip) = ip {
            c.hosts_lines.push(ip);
        }
        let keys = index::dns_keys(c, &c.name, &endpoint);
        if self.networks[&net_id].has_embedded_dns() {
            c.resolv_embedded = true;
        }
        let attachment = &mut c.attachments[&net_id];
        attachment.endpoint = Some(endpoint);
        self.index.joined(id, net_id, ip, keys);
        if ip.is_some() {
            attachment.last_ip = ip;
        }
        if let Some(ip) = ip {
            self.emit(EventKind::AddressAllocated {
                container: id,
                name: name.clone(),
                network: net_id,
                network_name: net_name.clone(),
                ip,
                prefix_len,
                reason,
            });
        }
        self.emit(EventKind::InterfaceCreated {
            container: id,
            name: name.clone(),
            network: net_id,
            network_name: net_name.clone(),
            ifname,
            ifindex,
            mac,
            veth: bridge.map(|bridge| VethEnd {
                name: veth,
                ifindex: veth_ifindex,
                bridge,
            }),
        });
        if let (true, Some(ip)) = (has_dns, ip) {
            let endpoint = self.containers[&id].attachments[&net_id]
                .endpoint
                .clone()
                .expect("just joined");
            let names = self.dns_names(id, &endpoint);
            self.emit(EventKind::DnsRegistered {
                container: id,
                network: net_id,
                network_name: net_name,
                names,
                ip,
            });
        }
        Ok(())
    }

    pub(super) fn next_ifname(&mut self, id: ContainerId) -> String {
        let engine = self.engine;
        let c = &mut self.containers[&id];
        let number = if engine.ifname_counter() {
            let n = c.next_ifname;
            c.next_ifname += 1;
            n
        } else {
            let used: Vec<String> = c.endpoints().map(|e| e.ifname.clone()).collect();
            (0..)
                .find(|n| !used.contains(&format!("eth{n}")))
                .unwrap_or(0)
        };
        format!("eth{number}")
    }

    /// Leaves one network: DNS names, veth pair, address.
    pub(super) fn leave(&mut self, id: ContainerId, net_id: NetworkId) {
        let Some(endpoint) = self.containers[&id]
            .attachments
            .get_mut(&net_id)
            .and_then(|a| a.endpoint.take())
        else {
            return;
        };
        let c = &self.containers[&id];
        let keys = index::dns_keys(c, &c.name, &endpoint);
        self.index.left(id, net_id, endpoint.ip, keys);
        let name = self.containers[&id].name.clone();
        let net = &mut self.networks[&net_id];
        let net_name = net.name.clone();
        let has_dns = net.has_embedded_dns();
        if let (Some(alloc), Some(ip)) = (net.subnet.as_mut(), endpoint.ip) {
            alloc.release(ip);
            self.last_ip_by_name.insert((name.clone(), net_id), ip);
        }
        if let (true, Some(ip)) = (has_dns, endpoint.ip) {
            let names = self.dns_names(id, &endpoint);
            self.emit(EventKind::DnsRemoved {
                container: id,
                network: net_id,
                network_name: net_name.clone(),
                names,
                ip,
            });
        }
        self.emit(EventKind::InterfaceRemoved {
            container: id,
            name: name.clone(),
            network: net_id,
            ifname: endpoint.ifname.clone(),
            veth: (!endpoint.veth.is_empty()).then(|| endpoint.veth.clone()),
        });
        if let Some(ip) = endpoint.ip {
            self.emit(EventKind::AddressReleased {
                container: id,
                name,
                network: net_id,
                network_name: net_name,
                ip,
            });
        }
    }

    /// Releases every endpoint and published port of a container.
    pub(super) fn release_all(&mut self, id: ContainerId) {
        let nets: Vec<NetworkId> = self.containers[&id].attachments.keys().copied().collect();
        for net in nets {
            self.leave(id, net);
        }
        let bound = std::mem::take(&mut self.containers[&id].bound_ports);
        let name = self.containers[&id].name.clone();
        for (ip, port, _, proto) in bound {
            self.unbind_port(ip, port, &proto);
            self.emit(EventKind::PortReleased {
                container: id,
                name: name.clone(),
                host_ip: ip,
                host_port: port,
            });
        }
    }

    /// The names a container answers to on a network's embedded DNS, and
    /// why each one is there. A container whose name was made up is not
    /// known by it.
    pub(crate) fn dns_names(&self, id: ContainerId, endpoint: &Endpoint) -> Vec<DnsName> {
        let c = &self.containers[&id];
        let service = c.spec.labels.get(crate::compose::labels::SERVICE);
        let own = (!c.anonymous).then(|| DnsName {
            name: c.name.clone(),
            source: NameSource::ContainerName,
        });
        let aliases = endpoint.aliases.iter().map(|alias| DnsName {
            name: alias.clone(),
            source: if *alias == c.docker_id[..12] {
                NameSource::ShortId
            } else if *alias == c.hostname {
                NameSource::Hostname
            } else if Some(alias) == service {
                NameSource::ServiceName
            } else {
                NameSource::Alias
            },
        });
        own.into_iter().chain(aliases).collect()
    }
}

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`) and compares what happened with the expected text.

    use crate::host::testing::{check, host_on, net, run_spec, spec};
    use crate::EngineVersion;

    #[test]
    fn lowest_free_address_and_whether_it_is_the_same_as_before() {
        // Facts §2: addresses are allocated at start, the lowest free one,
        // so a restarted container keeps its address only when nothing
        // lower was freed meanwhile; a replacement with the same name is
        // compared with the address that name had.
        check(
            "
            network create front
            run one net=front
            run two net=front
            run three net=front
            ---
            stop two
            run four net=front
            start two
            stop three
            start three
            rm -f one
            run one net=front
            ",
            "
            0.000s  container two exited with code 0 (stopped)
            0.000s  dns on front: two, <two id> -/-> 172.18.0.3 removed
            0.000s  veth pair veth<two/front> <-> eth0 of two deleted
            0.000s  two releases 172.18.0.3 on front
            0.000s  container four created from nginx
            0.000s  four gets 172.18.0.3 on front: lowest free address
            0.000s  veth pair veth<four/front>@if11 (host, on br-<front>) <-> eth0@if12 (in four), mac <mac four/front>
            0.000s  dns on front: four, <four id> -> 172.18.0.3
            0.000s  container four started
            0.000s  two gets 172.18.0.5 on front: lowest free address, NEW (was 172.18.0.3)
            0.000s  veth pair veth<two/front>#2@if13 (host, on br-<front>) <-> eth0@if14 (in two), mac <mac two/front>#2
            0.000s  dns on front: two, <two id> -> 172.18.0.5
            0.000s  container two started
            0.000s  container three exited with code 0 (stopped)
            0.000s  dns on front: three, <three id> -/-> 172.18.0.4 removed
            0.000s  veth pair veth<three/front> <-> eth0 of three deleted
            0.000s  three releases 172.18.0.4 on front
            0.000s  three gets 172.18.0.4 on front: lowest free address, the same as before
            0.000s  veth pair veth<three/front>#2@if15 (host, on br-<front>) <-> eth0@if16 (in three), mac <mac three/front>#2
            0.000s  dns on front: three, <three id> -> 172.18.0.4
            0.000s  container three started
            0.000s  container one exited with code 137 (killed)
            0.000s  dns on front: one, <one id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<one/front> <-> eth0 of one deleted
            0.000s  one releases 172.18.0.2 on front
            0.000s  container one removed
            0.000s  container one created from nginx
            0.000s  one gets 172.18.0.2 on front: lowest free address, the same as before
            0.000s  veth pair veth<one/front>#2@if17 (host, on br-<front>) <-> eth0@if18 (in one), mac <mac one/front>#2
            0.000s  dns on front: one, <one id>#2 -> 172.18.0.2
            0.000s  container one started
            ",
        );
    }

    #[test]
    fn static_addresses_are_taken_exactly_and_only_once() {
        check(
            "
            network create front subnet=10.7.0.0/24
            ---
            run fixed net=front ip=10.7.0.10
            run next net=front
            run clash net=front ip=10.7.0.10
            run outside net=front ip=10.9.0.1
            ",
            "
            0.000s  container fixed created from nginx
            0.000s  fixed gets 10.7.0.10 on front: static address
            0.000s  veth pair veth<fixed/front>@if5 (host, on br-<front>) <-> eth0@if6 (in fixed), mac <mac fixed/front>
            0.000s  dns on front: fixed, <fixed id> -> 10.7.0.10
            0.000s  container fixed started
            0.000s  container next created from nginx
            0.000s  next gets 10.7.0.2 on front: lowest free address
            0.000s  veth pair veth<next/front>@if7 (host, on br-<front>) <-> eth0@if8 (in next), mac <mac next/front>
            0.000s  dns on front: next, <next id> -> 10.7.0.2
            0.000s  container next started
            0.000s  container clash created from nginx
            error: Address already in use
            error: no configured subnet or ip-range contain the IP address 10.9.0.1
            ",
        );
    }

    #[test]
    fn a_static_address_on_a_default_pool_network_from_engine_25() {
        check(
            "
            engine 25
            network create front
            ---
            run fixed net=front ip=172.18.0.9
            ",
            "
            0.000s  container fixed created from nginx
            0.000s  fixed gets 172.18.0.9 on front: static address
            0.000s  veth pair veth<fixed/front>@if5 (host, on br-<front>) <-> eth0@if6 (in fixed), mac 02:42:ac:12:00:09
            0.000s  dns on front: fixed, <fixed id> -> 172.18.0.9
            0.000s  container fixed started
            ",
        );
    }

    #[test]
    fn a_full_subnet_refuses_the_next_container() {
        check(
            "
            network create tiny subnet=10.9.0.0/30
            run one net=tiny
            ---
            run two net=tiny
            ",
            "
            0.000s  container two created from nginx
            error: no available IPv4 addresses on this network's address pools: tiny (<tiny id>)
            ",
        );
    }

    #[test]
    fn dns_names_and_why_each_is_there() {
        // Facts §4: the container name, aliases (compose puts the service
        // name among them), the short id and a hostname of its own. A
        // service label alone adds no name.
        check(
            "
            network create front
            ---
            run web net=front alias=w,web hostname=webhost
            names web
            run proj-api-1 net=front service=api alias=proj-api-1,api,backend
            names proj-api-1
            run plain net=front service=svc
            names plain
            ",
            "
            0.000s  container web created from nginx
            0.000s  web gets 172.18.0.2 on front: lowest free address
            0.000s  veth pair veth<web/front>@if5 (host, on br-<front>) <-> eth0@if6 (in web), mac <mac web/front>
            0.000s  dns on front: web, w, <web id>, webhost -> 172.18.0.2
            0.000s  container web started
            names on front: web ContainerName, w Alias, <web id> ShortId, webhost Hostname
            0.000s  container proj-api-1 created from nginx
            0.000s  proj-api-1 gets 172.18.0.3 on front: lowest free address
            0.000s  veth pair veth<proj-api-1/front>@if7 (host, on br-<front>) <-> eth0@if8 (in proj-api-1), mac <mac proj-api-1/front>
            0.000s  dns on front: proj-api-1, api, backend, <proj-api-1 id> -> 172.18.0.3
            0.000s  container proj-api-1 started
            names on front: proj-api-1 ContainerName, api ServiceName, backend Alias, <proj-api-1 id> ShortId
            0.000s  container plain created from nginx
            0.000s  plain gets 172.18.0.4 on front: lowest free address
            0.000s  veth pair veth<plain/front>@if9 (host, on br-<front>) <-> eth0@if10 (in plain), mac <mac plain/front>
            0.000s  dns on front: plain, <plain id> -> 172.18.0.4
            0.000s  container plain started
            names on front: plain ContainerName, <plain id> ShortId
            ",
        );
    }

    #[test]
    fn a_made_up_name_is_not_a_dns_name_up_to_25() {
        // Facts §10: `quirky_turing` is not registered, only the short id
        // (from 26 it is: `EngineVersion::made_up_names_resolve`).
        check(
            "
            engine 20.10
            network create front
            run asker net=front
            ---
            run - net=front
            names -
            dns asker -
            ",
            "
            0.000s  container <anon> created from nginx
            0.000s  <anon> gets 172.18.0.3 on front: lowest free address
            0.000s  veth pair veth<anon/front>@if7 (host, on br-<front>) <-> eth0@if8 (in <anon>), mac 02:42:ac:12:00:03
            0.000s  dns on front: <anon id> -> 172.18.0.3
            0.000s  container <anon> started
            names on front: <anon id> ShortId
            0.000s  asker asks 127.0.0.11 for <anon>: NXDOMAIN
              reason: NotOnAskersNetworks[front]
            ",
        );
    }

    #[test]
    fn leaving_removes_names_then_the_interface_then_the_address() {
        check(
            "
            network create front
            network create back
            run web net=front,back publish=8080:80
            ---
            stop web
            ",
            "
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on front: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/front> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on front
            0.000s  dns on back: web, <web id> -/-> 172.19.0.2 removed
            0.000s  veth pair veth<web/back> <-> eth1 of web deleted
            0.000s  web releases 172.19.0.2 on back
            0.000s  port 0.0.0.0:8080 of web released
            ",
        );
    }

    #[test]
    fn mac_from_the_address_up_to_engine_27() {
        check(
            "
            engine 27
            network create front
            run web net=front
            ---
            stop web
            start web
            ",
            "
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on front: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/front> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on front
            0.000s  web gets 172.18.0.2 on front: lowest free address, the same as before
            0.000s  veth pair veth<web/front>#2@if7 (host, on br-<front>) <-> eth0@if8 (in web), mac 02:42:ac:12:00:02
            0.000s  dns on front: web, <web id> -> 172.18.0.2
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn random_mac_on_every_start_from_engine_28() {
        check(
            "
            engine 28
            network create front
            run web net=front
            ---
            stop web
            start web
            ",
            "
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on front: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/front> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on front
            0.000s  web gets 172.18.0.2 on front: lowest free address, the same as before
            0.000s  veth pair veth<web/front>#2@if7 (host, on br-<front>) <-> eth0@if8 (in web), mac <mac web/front>#2
            0.000s  dns on front: web, <web id> -> 172.18.0.2
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn random_macs_are_locally_administered_unicast() {
        for name in [
            "web", "api", "db", "cache", "queue", "worker", "proxy", "auth",
        ] {
            let mut h = host_on(EngineVersion::V28);
            net(&mut h, "front");
            let id = run_spec(&mut h, spec(name, &["front"]));
            let mac = &h.container(id).endpoints().next().expect("on front").mac;
            let first = u8::from_str_radix(&mac[..2], 16).expect("hex");
            assert_eq!(first & 0b11, 0b10, "{mac}");
        }
    }

    #[test]
    fn a_given_mac_is_for_the_first_network_only() {
        check(
            "
            engine 27
            network create front
            network create back
            ---
            run web net=back,front mac=02:00:00:00:00:01
            ",
            "
            0.000s  container web created from nginx
            0.000s  web gets 172.19.0.2 on back: lowest free address
            0.000s  veth pair veth<web/back>@if6 (host, on br-<back>) <-> eth0@if7 (in web), mac 02:00:00:00:00:01
            0.000s  dns on back: web, <web id> -> 172.19.0.2
            0.000s  web gets 172.18.0.2 on front: lowest free address
            0.000s  veth pair veth<web/front>@if8 (host, on br-<front>) <-> eth1@if9 (in web), mac 02:42:ac:12:00:02
            0.000s  dns on front: web, <web id> -> 172.18.0.2
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn a_network_without_a_bridge_has_no_veth_pair() {
        check(
            "
            network create m driver=macvlan
            ---
            run web net=m
            stop web
            ",
            "
            0.000s  container web created from nginx
            0.000s  web gets 172.18.0.2 on m: lowest free address
            0.000s  web gets eth0 on m, mac <mac web/m>
            0.000s  dns on m: web, <web id> -> 172.18.0.2
            0.000s  container web started
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on m: web, <web id> -/-> 172.18.0.2 removed
            0.000s  eth0 of web deleted
            0.000s  web releases 172.18.0.2 on m
            ",
        );
    }

    #[test]
    fn interface_names_count_up_to_engine_27() {
        // Facts §3: a container that lost eth0 and joined another network
        // gets eth1 up to 27, eth0 from 28.
        check(
            "
            engine 27
            network create a
            network create b
            run web net=a
            ---
            network disconnect a web
            network connect b web
            ",
            "
            0.000s  dns on a: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/a> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on a
            0.000s  web gets 172.19.0.2 on b: lowest free address
            0.000s  veth pair veth<web/b>@if8 (host, on br-<b>) <-> eth1@if9 (in web), mac 02:42:ac:13:00:02
            0.000s  dns on b: web, <web id> -> 172.19.0.2
            ",
        );
    }

    #[test]
    fn interface_names_take_the_lowest_free_number_from_engine_28() {
        check(
            "
            engine 28
            network create a
            network create b
            run web net=a
            ---
            network disconnect a web
            network connect b web
            ",
            "
            0.000s  dns on a: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/a> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on a
            0.000s  web gets 172.19.0.2 on b: lowest free address
            0.000s  veth pair veth<web/b>@if8 (host, on br-<b>) <-> eth0@if9 (in web), mac <mac web/b>
            0.000s  dns on b: web, <web id> -> 172.19.0.2
            ",
        );
    }

    #[test]
    fn endpoints_join_sorted_up_to_engine_27() {
        // Facts §3: non-internal before internal, then by name, up to 27;
        // in the order given from 28.
        check(
            "
            engine 27
            network create zeta
            network create alpha
            network create inner internal
            ---
            run web net=inner,zeta,alpha
            ",
            "
            0.000s  container web created from nginx
            0.000s  web gets 172.19.0.2 on alpha: lowest free address
            0.000s  veth pair veth<web/alpha>@if7 (host, on br-<alpha>) <-> eth0@if8 (in web), mac 02:42:ac:13:00:02
            0.000s  dns on alpha: web, <web id> -> 172.19.0.2
            0.000s  web gets 172.18.0.2 on zeta: lowest free address
            0.000s  veth pair veth<web/zeta>@if9 (host, on br-<zeta>) <-> eth1@if10 (in web), mac 02:42:ac:12:00:02
            0.000s  dns on zeta: web, <web id> -> 172.18.0.2
            0.000s  web gets 172.20.0.2 on inner: lowest free address
            0.000s  veth pair veth<web/inner>@if11 (host, on br-<inner>) <-> eth2@if12 (in web), mac 02:42:ac:14:00:02
            0.000s  dns on inner: web, <web id> -> 172.20.0.2
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn endpoints_join_in_the_order_given_from_engine_28() {
        check(
            "
            engine 28
            network create zeta
            network create alpha
            network create inner internal
            ---
            run web net=inner,zeta,alpha
            ",
            "
            0.000s  container web created from nginx
            0.000s  web gets 172.20.0.2 on inner: lowest free address
            0.000s  veth pair veth<web/inner>@if7 (host, on br-<inner>) <-> eth0@if8 (in web), mac <mac web/inner>
            0.000s  dns on inner: web, <web id> -> 172.20.0.2
            0.000s  web gets 172.18.0.2 on zeta: lowest free address
            0.000s  veth pair veth<web/zeta>@if9 (host, on br-<zeta>) <-> eth1@if10 (in web), mac <mac web/zeta>
            0.000s  dns on zeta: web, <web id> -> 172.18.0.2
            0.000s  web gets 172.19.0.2 on alpha: lowest free address
            0.000s  veth pair veth<web/alpha>@if11 (host, on br-<alpha>) <-> eth2@if12 (in web), mac <mac web/alpha>
            0.000s  dns on alpha: web, <web id> -> 172.19.0.2
            0.000s  container web started
            ",
        );
    }
}
