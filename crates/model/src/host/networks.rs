//! Networks: create (with its pool choice), remove, prune, and
//! connecting or disconnecting a container at run time.

use super::*;

impl Host {
    pub fn network_create(&mut self, spec: NetworkSpec) -> Result<NetworkId, NetworkError> {
        self.network_create_inner(spec, false)
    }

    pub(super) fn network_create_inner(
        &mut self,
        spec: NetworkSpec,
        predefined: bool,
    ) -> Result<NetworkId, NetworkError> {
        if self.networks.values().any(|n| n.name == spec.name) {
            return Err(NetworkError::NameExists(spec.name));
        }
        let driver = Driver::parse(&spec.driver);
        // The engine knows bridge, host, null, macvlan and ipvlan itself;
        // overlay needs a swarm and anything else a plugin, neither of which
        // the simulated engine has.
        if let Driver::Other(name) = &driver {
            match name.as_str() {
                "macvlan" | "ipvlan" => {}
                "overlay" => return Err(NetworkError::NotSwarmManager),
                _ => return Err(NetworkError::PluginNotFound(name.clone())),
            }
        }
        if !predefined && matches!(driver, Driver::Host | Driver::Null) {
            return Err(NetworkError::InvalidConfig(format!(
                "only one instance of \"{}\" network is allowed",
                spec.driver
            )));
        }
        let addressed = matches!(driver, Driver::Bridge | Driver::Other(_));
        let config = spec.ipam.first().cloned().unwrap_or_default();
        let mut subnet_source = SubnetSource::NotAddressed;
        let mut subnet_alloc = None;
        let mut gateway = None;
        let mut user_subnet = false;
        if addressed {
            let taken: Vec<Ipv4Net> = self
                .networks
                .values()
                .filter_map(|n| n.subnet_net())
                .collect();
            let subnet = match config.subnet {
                Some(subnet) => {
                    // A user subnet is never checked against host routes,
                    // only against other networks (facts §1).
                    if taken.iter().any(|t| overlaps(*t, subnet)) {
                        return Err(NetworkError::PoolOverlap);
                    }
                    user_subnet = true;
                    subnet_source = SubnetSource::User;
                    subnet
                }
                None => {
                    let mut avoid = taken.clone();
                    avoid.extend(self.config.routes.iter().copied());
                    avoid.extend(
                        self.config
                            .nameservers
                            .iter()
                            .map(|ns| Ipv4Net::new(*ns, 32).unwrap()),
                    );
                    let round_robin = self.engine.pools_round_robin();
                    let pool = self.pools.allocate(&avoid, round_robin).ok_or(
                        NetworkError::PoolsExhausted(self.engine.pools_exhausted_message()),
                    )?;
                    subnet_source = if round_robin {
                        SubnetSource::NextDefaultPool
                    } else {
                        SubnetSource::FirstFreeDefaultPool
                    };
                    pool
                }
            };
            if let Some(range) = config.ip_range {
                if !subnet.contains(&range.network()) || range.prefix_len() < subnet.prefix_len() {
                    return Err(NetworkError::InvalidConfig(format!(
                        "ip-range {range} is not within subnet {subnet}"
                    )));
                }
            }
            let mut alloc = SubnetAllocator::new(subnet, config.ip_range);
            let gw = match config.gateway {
                Some(gw) => alloc.reserve(gw).map_err(|_| {
                    NetworkError::InvalidConfig(format!(
                        "gateway {gw} is not within subnet {subnet}"
                    ))
                })?,
                None => alloc.allocate().map_err(|_| NetworkError::Exhausted {
                    name: spec.name.clone(),
                    id: String::new(),
                })?,
            };
            for (name, aux) in &config.aux_addresses {
                alloc.reserve(*aux).map_err(|_| {
                    NetworkError::InvalidConfig(format!(
                        "no matching subnet for aux-address {name}={aux}"
                    ))
                })?;
            }
            gateway = Some(gw);
            subnet_alloc = Some(alloc);
        }
        let number = self.fresh_id();
        let id = NetworkId(number);
        let docker_id = self.rng.hex(64);
        let bridge = match driver {
            Driver::Bridge if predefined => Some("docker0".to_string()),
            Driver::Bridge => Some(
                spec.options
                    .get("com.docker.network.bridge.name")
                    .cloned()
                    .unwrap_or_else(|| format!("br-{}", &docker_id[..12])),
            ),
            _ => None,
        };
        let bridge_ifindex = bridge
            .as_ref()
            .map(|_| if predefined { 3 } else { self.fresh_ifindex() });
        if predefined && bridge.is_some() {
            self.next_ifindex = 4;
        }
        let network = Network {
            id,
            docker_id,
            name: spec.name.clone(),
            driver: driver.clone(),
            internal: spec.internal,
            attachable: spec.attachable,
            enable_ipv6: spec.enable_ipv6,
            labels: spec.labels.clone(),
            options: spec.options.clone(),
            ipv6_subnets: spec.ipv6_subnets.clone(),
            ipam_driver: spec.ipam_driver.clone().unwrap_or_else(|| "default".into()),
            subnet: subnet_alloc,
            gateway,
            aux_addresses: config.aux_addresses.clone(),
            user_subnet,
            user_gateway: config.gateway.is_some(),
            bridge: bridge.clone(),
            bridge_ifindex,
            created: self.now,
            predefined,
        };
        let subnet = network.subnet_net();
        let embedded_dns = network.has_embedded_dns();
        let docker_id = network.docker_id.clone();
        self.networks.insert(id, network);
        self.emit(EventKind::NetworkCreated {
            network: id,
            docker_id,
            name: spec.name,
            driver,
            subnet,
            gateway,
            internal: spec.internal,
            attachable: spec.attachable,
            predefined,
            embedded_dns,
            subnet_source,
        });
        if let (Some(bridge), Some(ifindex)) = (bridge, bridge_ifindex) {
            self.emit(EventKind::BridgeCreated {
                network: id,
                bridge,
                ifindex,
            });
        }
        Ok(id)
    }

    /// `docker network rm`.
    pub fn network_remove(&mut self, key: &str) -> Result<NetworkId, NetworkError> {
        let id = self
            .find_network(key)
            .ok_or_else(|| NetworkError::NotFound(key.to_string()))?;
        let net = &self.networks[&id];
        if net.predefined {
            return Err(NetworkError::Predefined(net.name.clone()));
        }
        let in_use = self.index.on_network(id).next().is_some();
        if in_use {
            return Err(NetworkError::ActiveEndpoints {
                name: net.name.clone(),
                id: net.docker_id.clone(),
            });
        }
        let net = self.networks.shift_remove(&id).expect("looked up above");
        self.emit(EventKind::NetworkRemoved {
            network: id,
            name: net.name,
            bridge: net.bridge,
        });
        Ok(id)
    }

    /// `docker network prune`: removes user networks no container uses
    /// (running or not), returning their names.
    pub fn network_prune(&mut self) -> Vec<String> {
        let unused: Vec<String> = self
            .networks
            .values()
            .filter(|n| !n.predefined)
            .filter(|n| {
                !self
                    .containers
                    .values()
                    .any(|c| c.attachments.contains_key(&n.id))
            })
            .map(|n| n.name.clone())
            .collect();
        for name in &unused {
            let _ = self.network_remove(name);
        }
        unused
    }

    /// `docker network connect`.
    pub fn network_connect(
        &mut self,
        network: &str,
        container: &str,
        endpoint: crate::container::EndpointSpec,
    ) -> Result<(), NetworkError> {
        let net_id = self
            .find_network(network)
            .ok_or_else(|| NetworkError::NotFound(network.to_string()))?;
        let cid = self
            .find_container(container)
            .ok_or_else(|| NetworkError::NoSuchContainer(container.to_string()))?;
        let c = &self.containers[&cid];
        if !matches!(c.spec.network_mode, NetworkMode::Default) {
            return Err(match c.spec.network_mode {
                NetworkMode::Host => NetworkError::HostNetwork,
                _ => NetworkError::SharedNamespace,
            });
        }
        let net = &self.networks[&net_id];
        if matches!(net.driver, Driver::Host) {
            return Err(NetworkError::HostNetwork);
        }
        if c.attachments.contains_key(&net_id) && !c.is_running() {
            // A container that is not running only has its settings
            // updated, and the engine skips a network they name already:
            // the connect succeeds and changes nothing (moby's
            // `updateNetworkSettings`; seen on 20.10.24, 26.1.5, 28.5.2).
            return Ok(());
        }
        if c.attachments.contains_key(&net_id) {
            return Err(NetworkError::AlreadyConnected {
                container: c.name.clone(),
                network: net.name.clone(),
            });
        }
        self.check_endpoint_request(net_id, &endpoint)?;
        let attachment = Attachment {
            network: net_id,
            network_name: net.name.clone(),
            aliases: endpoint.aliases.clone(),
            aliases_listed: true,
            connected: true,
            ipv4_address: endpoint.ipv4_address,
            links: endpoint.links.clone(),
            gw_priority: endpoint.gw_priority,
            last_ip: None,
            endpoint: None,
            failed_settings: None,
        };
        let running = c.is_running();
        self.containers[&cid].attachments.insert(net_id, attachment);
        if running {
            if let Err(e) = self.join(cid, net_id) {
                self.containers[&cid].attachments.shift_remove(&net_id);
                return Err(e);
            }
        }
        Ok(())
    }

    /// `docker network disconnect`.
    pub fn network_disconnect(
        &mut self,
        network: &str,
        container: &str,
    ) -> Result<(), NetworkError> {
        let net_id = self
            .find_network(network)
            .ok_or_else(|| NetworkError::NotFound(network.to_string()))?;
        let cid = self
            .find_container(container)
            .ok_or_else(|| NetworkError::NoSuchContainer(container.to_string()))?;
        if matches!(self.networks[&net_id].driver, Driver::Host) {
            return Err(NetworkError::HostNetwork);
        }
        if !self.containers[&cid].attachments.contains_key(&net_id) {
            return Err(NetworkError::NotConnected {
                container: self.containers[&cid].name.clone(),
                network: self.networks[&net_id].name.clone(),
            });
        }
        let left_ip = self.containers[&cid].attachments[&net_id]
            .endpoint
            .as_ref()
            .and_then(|e| e.ip);
        self.leave(cid, net_id);
        let c = &mut self.containers[&cid];
        c.attachments.shift_remove(&net_id);
        if self.engine.disconnect_removes_own_hosts_line() {
            c.hosts_lines.retain(|ip| Some(*ip) != left_ip);
        } else if !self.networks[&net_id].is_default_bridge() {
            // Up to 27 leaving the default bridge touches no line at all:
            // the container keeps its own line there and on every other
            // network (seen on 20.10.24 and 26.1.5).
            c.hosts_lines.clear();
        }
        Ok(())
    }

    /// Checks a static address or aliases against the network before
    /// anything is changed.
    pub(super) fn check_endpoint_request(
        &self,
        net_id: NetworkId,
        endpoint: &crate::container::EndpointSpec,
    ) -> Result<(), NetworkError> {
        let net = &self.networks[&net_id];
        if net.predefined && !endpoint.aliases.is_empty() {
            return Err(NetworkError::AliasOnDefault);
        }
        if let Some(ip) = endpoint.ipv4_address {
            if net.predefined {
                return Err(NetworkError::StaticOnDefault);
            }
            if self.engine.static_ip_needs_user_subnet() && !net.user_subnet {
                return Err(NetworkError::StaticNeedsUserSubnet);
            }
            match net.subnet_net() {
                Some(subnet) if subnet.contains(&ip) => {}
                _ => return Err(NetworkError::OutOfSubnet(ip)),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Each test plays a script of host operations (see
    //! `host::testing`) and compares what happened with the expected text.

    use crate::host::testing::check;

    #[test]
    fn round_robin_pools_up_to_engine_26() {
        // Facts §1: after a removal the next network still gets the next
        // pool, not the freed one.
        check(
            "
            engine 20.10
            network create a
            network create b
            network rm a
            network create c
            ",
            "
            0.000s  network a created (bridge, 172.18.0.0/16, gateway 172.18.0.1): next default pool (round-robin, engines up to 26)
              embedded dns: true
            0.000s  bridge br-<a> up (ifindex 4)
            0.000s  network b created (bridge, 172.19.0.0/16, gateway 172.19.0.1): next default pool (round-robin, engines up to 26)
              embedded dns: true
            0.000s  bridge br-<b> up (ifindex 5)
            0.000s  network a removed, bridge br-<a> deleted
            0.000s  network c created (bridge, 172.20.0.0/16, gateway 172.20.0.1): next default pool (round-robin, engines up to 26)
              embedded dns: true
            0.000s  bridge br-<c> up (ifindex 6)
            ",
        );
    }

    #[test]
    fn first_free_pool_from_engine_27() {
        check(
            "
            network create a
            network create b
            network rm a
            network create c
            ",
            "
            0.000s  network a created (bridge, 172.18.0.0/16, gateway 172.18.0.1): first free default pool
              embedded dns: true
            0.000s  bridge br-<a> up (ifindex 4)
            0.000s  network b created (bridge, 172.19.0.0/16, gateway 172.19.0.1): first free default pool
              embedded dns: true
            0.000s  bridge br-<b> up (ifindex 5)
            0.000s  network a removed, bridge br-<a> deleted
            0.000s  network c created (bridge, 172.18.0.0/16, gateway 172.18.0.1): first free default pool
              embedded dns: true
            0.000s  bridge br-<c> up (ifindex 6)
            ",
        );
    }

    #[test]
    fn a_user_subnet_is_checked_against_networks_not_host_routes() {
        // The host's own route is 10.0.2.0/24 (facts §1: a user subnet is
        // never checked against routes); docker0 holds 172.17.0.0/16.
        check(
            "
            network create lan subnet=10.0.2.0/24
            network create u subnet=10.1.0.0/24 gateway=10.1.0.254
            network create v subnet=10.1.0.128/25
            network create w subnet=172.17.5.0/24
            network create x
            ",
            "
            0.000s  network lan created (bridge, 10.0.2.0/24, gateway 10.0.2.1): subnet given by the user
              embedded dns: true
            0.000s  bridge br-<lan> up (ifindex 4)
            0.000s  network u created (bridge, 10.1.0.0/24, gateway 10.1.0.254): subnet given by the user
              embedded dns: true
            0.000s  bridge br-<u> up (ifindex 5)
            error: Pool overlaps with other one on this address space
            error: Pool overlaps with other one on this address space
            0.000s  network x created (bridge, 172.18.0.0/16, gateway 172.18.0.1): first free default pool
              embedded dns: true
            0.000s  bridge br-<x> up (ifindex 6)
            ",
        );
    }

    #[test]
    fn names_are_unique_and_host_and_null_are_built_in() {
        check(
            "
            ---
            network create a
            network create a
            network create h driver=host
            network create n driver=null
            network rm bridge
            network rm nope
            ",
            r#"
            0.000s  network a created (bridge, 172.18.0.0/16, gateway 172.18.0.1): first free default pool
              embedded dns: true
            0.000s  bridge br-<a> up (ifindex 4)
            error: network with name a already exists
            error: invalid network config: only one instance of "host" network is allowed
            error: invalid network config: only one instance of "null" network is allowed
            error: bridge is a pre-defined network and cannot be removed
            error: network nope not found
            "#,
        );
    }

    #[test]
    fn a_network_in_use_by_a_running_container_is_not_removed() {
        check(
            "
            network create a
            run web net=a
            ---
            network rm a
            stop web
            network rm a
            ",
            "
            error: error while removing network: network a id <a id> has active endpoints
            0.000s  container web exited with code 0 (stopped)
            0.000s  dns on a: web, <web id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<web/a> <-> eth0 of web deleted
            0.000s  web releases 172.18.0.2 on a
            0.000s  network a removed, bridge br-<a> deleted
            ",
        );
    }

    #[test]
    fn prune_removes_only_unused_user_networks() {
        check(
            "
            network create used
            network create idle
            run web net=used
            ---
            network prune
            ",
            "
            0.000s  network idle removed, bridge br-<idle> deleted
            pruned: idle
            ",
        );
    }

    #[test]
    fn connect_and_disconnect_a_running_container() {
        check(
            "
            network create front
            network create back
            run web net=front
            ---
            network connect back web alias=api
            network connect back web
            network disconnect back web
            network disconnect back web
            ",
            "
            0.000s  web gets 172.19.0.2 on back: lowest free address
            0.000s  veth pair veth<web/back>@if8 (host, on br-<back>) <-> eth1@if9 (in web), mac <mac web/back>
            0.000s  dns on back: web, api, <web id> -> 172.19.0.2
            error: endpoint with name web already exists in network back
            0.000s  dns on back: web, api, <web id> -/-> 172.19.0.2 removed
            0.000s  veth pair veth<web/back> <-> eth1 of web deleted
            0.000s  web releases 172.19.0.2 on back
            error: container web is not connected to network back
            ",
        );
    }

    #[test]
    fn connecting_a_stopped_container_waits_for_its_start() {
        check(
            "
            network create front
            network create back
            create web net=front
            ---
            network connect back web
            start web
            ",
            "
            0.000s  web gets 172.18.0.2 on front: lowest free address
            0.000s  veth pair veth<web/front>@if6 (host, on br-<front>) <-> eth0@if7 (in web), mac <mac web/front>
            0.000s  dns on front: web, <web id> -> 172.18.0.2
            0.000s  web gets 172.19.0.2 on back: lowest free address
            0.000s  veth pair veth<web/back>@if8 (host, on br-<back>) <-> eth1@if9 (in web), mac <mac web/back>
            0.000s  dns on back: web, <web id> -> 172.19.0.2
            0.000s  container web started
            ",
        );
    }

    #[test]
    fn shared_namespaces_and_predefined_networks_refuse_connections() {
        check(
            "
            network create front
            network create back
            run web net=front
            run hosted mode=host
            run side mode=container:web
            ---
            network connect front hosted
            network connect front side
            network connect host web
            network disconnect host hosted
            network connect bridge web alias=x
            network connect bridge web ip=172.17.0.9
            network connect back web ip=10.9.9.9
            ",
            "
            error: container cannot be disconnected from host network or connected to host network
            error: container sharing network namespace with another container or host cannot be connected to any other network
            error: container cannot be disconnected from host network or connected to host network
            error: container cannot be disconnected from host network or connected to host network
            error: network-scoped alias is supported only for containers in user defined networks
            error: user specified IP address is supported on user defined networks only
            error: no configured subnet or ip-range contain the IP address 10.9.9.9
            ",
        );
    }

    #[test]
    fn static_addresses_need_a_user_subnet_up_to_engine_24() {
        check(
            "
            engine 20.10
            network create pool
            network create own subnet=10.5.0.0/24
            network create other
            run web net=other
            ---
            network connect pool web ip=172.18.0.9
            network connect own web ip=10.5.0.9
            ",
            "
            error: user specified IP address is supported only when connecting to networks with user configured subnets
            0.000s  web gets 10.5.0.9 on own: static address
            0.000s  veth pair veth<web/own>@if9 (host, on br-<own>) <-> eth1@if10 (in web), mac 02:42:0a:05:00:09
            0.000s  dns on own: web, <web id> -> 10.5.0.9
            ",
        );
    }

    #[test]
    fn a_driver_without_a_bridge_is_addressed_and_has_the_embedded_dns() {
        check(
            "
            network create m driver=macvlan
            network create i driver=ipvlan internal
            ",
            "
            0.000s  network m created (macvlan, 172.18.0.0/16, gateway 172.18.0.1): first free default pool
              embedded dns: true
            0.000s  network i created (ipvlan, 172.19.0.0/16, gateway 172.19.0.1, internal): first free default pool
              embedded dns: true
            ",
        );
    }
}
