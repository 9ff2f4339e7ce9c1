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
        let attachment = &mut c.attachments[&net_id];
        attachment.endpoint = Some(endpoint);
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
            self.ports.remove(&(ip, port, proto));
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
