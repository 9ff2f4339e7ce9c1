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
        let in_use = self
            .containers
            .values()
            .any(|c| c.attachments.get(&id).is_some_and(|a| a.endpoint.is_some()));
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
        if c.attachments.contains_key(&net_id) {
            return Err(NetworkError::AlreadyConnected {
                container: c.name.clone(),
                network: net.name.clone(),
            });
        }
        self.check_endpoint_request(net_id, &endpoint)?;
        let attachment = Attachment {
            network: net_id,
            aliases: endpoint.aliases.clone(),
            ipv4_address: endpoint.ipv4_address,
            links: endpoint.links.clone(),
            gw_priority: endpoint.gw_priority,
            last_ip: None,
            endpoint: None,
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
        self.leave(cid, net_id);
        let c = &mut self.containers[&cid];
        c.attachments.shift_remove(&net_id);
        c.hosts_lines.clear();
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
