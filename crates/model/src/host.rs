//! The simulated Docker host: networks, containers, volumes, published
//! ports, the host's interface counter and the timer queue that drives
//! simulated time. Every change goes through here and leaves an event.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::time::Duration;

use indexmap::IndexMap;
use ipnet::Ipv4Net;

use crate::container::{
    Attachment, Container, ContainerSpec, Endpoint, HealthStatus, LogLine, MountKind, NetworkMode,
    RestartPolicy, Status,
};
use crate::engine::EngineVersion;
use crate::error::{ContainerError, NetworkError, VolumeError};
use crate::event::{AddressReason, ConnectOutcome, Event, EventKind, ExitCause};
use crate::ids::{ContainerId, NetworkId, VolumeId};
use crate::ipam::{overlaps, AddressError, PoolAllocator, SubnetAllocator};
use crate::network::{Driver, Network, NetworkSpec};
use crate::process;
use crate::rng::Rng;
use crate::time::SimTime;

/// A named volume. It outlives the containers that mount it, so data
/// survives replacement.
#[derive(Clone, Debug)]
pub struct Volume {
    pub id: VolumeId,
    pub name: String,
    pub driver: String,
    pub labels: IndexMap<String, String>,
    pub created: SimTime,
    pub anonymous: bool,
}

/// Things that happen later in simulated time.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Timer {
    Exit {
        id: ContainerId,
        generation: u32,
        code: i32,
    },
    Ready {
        id: ContainerId,
        generation: u32,
    },
    Probe {
        id: ContainerId,
        generation: u32,
    },
    Connect {
        id: ContainerId,
        generation: u32,
    },
    Restart {
        id: ContainerId,
        generation: u32,
    },
}

/// How long a simulated app waits after starting before its first
/// connection attempt: apps take a moment to boot.
const FIRST_CONNECT_DELAY: Duration = Duration::from_secs(1);
const DEFAULT_RETRY_INTERVAL: Duration = Duration::from_secs(5);
/// The restart manager's back-off (facts §6).
const RESTART_MIN_DELAY: Duration = Duration::from_millis(100);
const RESTART_MAX_DELAY: Duration = Duration::from_secs(60);
const RESTART_RESET_AFTER: Duration = Duration::from_secs(10);
const DEFAULT_STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The host's own network facts: its address, its resolver and its routes.
/// Pools overlapping a host route are skipped (facts §1).
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// The machine's hostname, which a `--network host` container shares.
    pub hostname: String,
    pub ip: Ipv4Addr,
    /// The next hop of the host's default route.
    pub gateway: Ipv4Addr,
    /// On-link routes of the host (its own subnets).
    pub routes: Vec<Ipv4Net>,
    /// The host's /etc/hosts, which a `--network host` container gets a
    /// copy of (seen on 20.10.24).
    pub etc_hosts: String,
    pub nameservers: Vec<Ipv4Addr>,
    pub search: Vec<String>,
    /// Whether the daemon forwards containers' packets off the host
    /// (`dockerd --ip-forward`, on by default). Without it a container
    /// reaches only its bridges and the host's own addresses, so the host's
    /// nameservers never answer it: not for the default bridge, and not for
    /// names the embedded DNS forwards, since it forwards from inside the
    /// container's namespace (seen on 20.10.24 with `--ip-forward=false`).
    pub ip_forward: bool,
    /// Images present on the host, by name, with their ENTRYPOINT and CMD;
    /// they take precedence over the built-in table of well-known images
    /// (`images::defaults`), as a local image would over a pulled one.
    pub images: IndexMap<String, LocalImage>,
}

/// The parts of a local image's config that decide what its containers run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalImage {
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
}

impl HostConfig {
    /// The local image a reference names: `busybox` and `busybox:latest`
    /// are the same image.
    pub fn image(&self, reference: &str) -> Option<&LocalImage> {
        let full = |r: &str| {
            let last = r.rsplit('/').next().unwrap_or(r);
            if last.contains(':') || r.contains('@') {
                r.to_string()
            } else {
                format!("{r}:latest")
            }
        };
        let wanted = full(reference);
        self.images
            .iter()
            .find(|(name, _)| full(name) == wanted)
            .map(|(_, image)| image)
    }
}

impl Default for HostConfig {
    fn default() -> Self {
        HostConfig {
            hostname: "docker-host".into(),
            ip: Ipv4Addr::new(10, 0, 2, 15),
            gateway: Ipv4Addr::new(10, 0, 2, 2),
            routes: vec!["10.0.2.0/24".parse().unwrap()],
            etc_hosts: "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n10.0.2.15\tdocker-host\n".into(),
            nameservers: vec![Ipv4Addr::new(10, 0, 2, 3)],
            search: Vec::new(),
            ip_forward: true,
            images: IndexMap::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Host {
    engine: EngineVersion,
    config: HostConfig,
    rng: Rng,
    now: SimTime,
    pub(crate) networks: IndexMap<NetworkId, Network>,
    pub(crate) containers: IndexMap<ContainerId, Container>,
    pub(crate) volumes: IndexMap<VolumeId, Volume>,
    next_id: u32,
    pools: PoolAllocator,
    /// The next interface index in the host's namespace (lo=1, eth0=2,
    /// docker0=3 on the simulated host).
    next_ifindex: u32,
    /// Bound host ports: (ip, port, protocol) -> container.
    ports: BTreeMap<(Ipv4Addr, u16, String), ContainerId>,
    timers: BTreeMap<(SimTime, u64), Timer>,
    timer_seq: u64,
    events: Vec<Event>,
    /// The last address each container name had on each network, so that a
    /// replacement (same name, new container) can say whether its address
    /// is the same as before.
    last_ip_by_name: BTreeMap<(String, NetworkId), Ipv4Addr>,
}

impl Host {
    /// A freshly started engine: the `bridge` (docker0), `host` and `none`
    /// networks exist, docker0 holds the first default pool.
    pub fn new(engine: EngineVersion, seed: u64) -> Host {
        Host::with_config(engine, seed, HostConfig::default())
    }

    pub fn with_config(engine: EngineVersion, seed: u64, config: HostConfig) -> Host {
        let mut host = Host {
            engine,
            config,
            rng: Rng::new(seed),
            now: SimTime::ZERO,
            networks: IndexMap::new(),
            containers: IndexMap::new(),
            volumes: IndexMap::new(),
            next_id: 0,
            pools: PoolAllocator::new(),
            next_ifindex: 3,
            ports: BTreeMap::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            events: Vec::new(),
            last_ip_by_name: BTreeMap::new(),
        };
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let spec = NetworkSpec {
                name: name.to_string(),
                driver: driver.to_string(),
                ..NetworkSpec::default()
            };
            let id = host
                .network_create_inner(spec, true)
                .expect("the predefined networks always fit");
            let net = &mut host.networks[&id];
            if net.driver == Driver::Bridge {
                net.options = [
                    ("com.docker.network.bridge.default_bridge", "true"),
                    ("com.docker.network.bridge.enable_icc", "true"),
                    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
                    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
                    ("com.docker.network.bridge.name", "docker0"),
                    ("com.docker.network.driver.mtu", "1500"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            }
        }
        host
    }

    pub fn engine(&self) -> EngineVersion {
        self.engine
    }

    pub fn host_config(&self) -> &HostConfig {
        &self.config
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn networks(&self) -> impl Iterator<Item = &Network> {
        self.networks.values()
    }

    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    pub fn volumes(&self) -> impl Iterator<Item = &Volume> {
        self.volumes.values()
    }

    pub fn network(&self, id: NetworkId) -> &Network {
        &self.networks[&id]
    }

    pub fn container(&self, id: ContainerId) -> &Container {
        &self.containers[&id]
    }

    /// The random generator, for orchestrators that need a choice Docker
    /// makes at random (compose's order of independent services is not).
    pub fn rng(&mut self) -> &mut Rng {
        &mut self.rng
    }

    fn emit(&mut self, kind: EventKind) {
        let seq = self.events.len();
        self.events.push(Event {
            seq,
            time: self.now,
            kind,
        });
    }

    /// Adds an explanatory note to the log (used by orchestrators).
    pub fn note(&mut self, text: impl Into<String>) {
        self.emit(EventKind::Note { text: text.into() });
    }

    pub(crate) fn emit_kind(&mut self, kind: EventKind) {
        self.emit(kind);
    }

    fn fresh_id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    fn fresh_ifindex(&mut self) -> u32 {
        let index = self.next_ifindex;
        self.next_ifindex += 1;
        index
    }

    // ---------------------------------------------------------------
    // Lookup
    // ---------------------------------------------------------------

    /// Finds a network by name, full id or unique id prefix, as the docker
    /// CLI does (an exact name wins over an id prefix).
    pub fn find_network(&self, key: &str) -> Option<NetworkId> {
        if let Some(n) = self.networks.values().find(|n| n.name == key) {
            return Some(n.id);
        }
        unique_prefix(
            key,
            self.networks.values().map(|n| (n.docker_id.as_str(), n.id)),
        )
    }

    /// Finds a container by name (with or without `/`), full id or unique id
    /// prefix.
    pub fn find_container(&self, key: &str) -> Option<ContainerId> {
        let key = key.strip_prefix('/').unwrap_or(key);
        if let Some(c) = self.containers.values().find(|c| c.name == key) {
            return Some(c.id);
        }
        unique_prefix(
            key,
            self.containers
                .values()
                .map(|c| (c.docker_id.as_str(), c.id)),
        )
    }

    fn container_by_key(&self, key: &str) -> Result<ContainerId, ContainerError> {
        self.find_container(key)
            .ok_or_else(|| ContainerError::NoSuchContainer(key.to_string()))
    }

    // ---------------------------------------------------------------
    // Networks
    // ---------------------------------------------------------------

    pub fn network_create(&mut self, spec: NetworkSpec) -> Result<NetworkId, NetworkError> {
        self.network_create_inner(spec, false)
    }

    fn network_create_inner(
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
        let mut why = String::new();
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
                    why = "subnet given by the user".to_string();
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
                    why = if round_robin {
                        "next default pool (round-robin, engines up to 26)".to_string()
                    } else {
                        "first free default pool".to_string()
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
        self.networks.insert(id, network);
        self.emit(EventKind::NetworkCreated {
            network: id,
            name: spec.name,
            driver: driver.name().to_string(),
            subnet,
            gateway,
            internal: spec.internal,
            why: if addressed {
                why
            } else {
                "built-in network".to_string()
            },
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
    fn check_endpoint_request(
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

    // ---------------------------------------------------------------
    // Volumes
    // ---------------------------------------------------------------

    /// `docker volume create`; creating an existing volume is not an error
    /// (Docker returns the existing one).
    pub fn volume_create(
        &mut self,
        name: &str,
        driver: &str,
        labels: IndexMap<String, String>,
    ) -> VolumeId {
        if let Some(v) = self.volumes.values().find(|v| v.name == name) {
            return v.id;
        }
        let anonymous = name.is_empty();
        let name = if anonymous {
            self.rng.hex(64)
        } else {
            name.to_string()
        };
        let id = VolumeId(self.fresh_id());
        self.volumes.insert(
            id,
            Volume {
                id,
                name: name.clone(),
                driver: if driver.is_empty() {
                    "local".into()
                } else {
                    driver.into()
                },
                labels,
                created: self.now,
                anonymous,
            },
        );
        self.emit(EventKind::VolumeCreated { name });
        id
    }

    pub fn find_volume(&self, name: &str) -> Option<VolumeId> {
        self.volumes.values().find(|v| v.name == name).map(|v| v.id)
    }

    /// Containers (running or not) that mount a volume.
    pub fn volume_users(&self, name: &str) -> Vec<String> {
        self.containers
            .values()
            .filter(|c| {
                c.spec
                    .mounts
                    .iter()
                    .any(|m| m.kind == MountKind::Volume && m.source == name)
            })
            .map(|c| c.docker_id.clone())
            .collect()
    }

    pub fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), VolumeError> {
        let id = self
            .find_volume(name)
            .ok_or_else(|| VolumeError::NotFound(name.to_string()))?;
        let users = self.volume_users(name);
        if !users.is_empty() && !force {
            return Err(VolumeError::InUse {
                name: name.to_string(),
                users: users.join(", "),
            });
        }
        self.volumes.shift_remove(&id);
        self.emit(EventKind::VolumeRemoved {
            name: name.to_string(),
        });
        Ok(())
    }

    // ---------------------------------------------------------------
    // Containers
    // ---------------------------------------------------------------

    /// `docker create`: checks the request, resolves networks, creates named
    /// volumes on first use. Nothing is addressed until the container starts.
    pub fn create(&mut self, mut spec: ContainerSpec) -> Result<ContainerId, ContainerError> {
        if let Some(name) = &spec.name {
            if !valid_container_name(name) {
                return Err(ContainerError::InvalidName(name.clone()));
            }
            if let Some(other) = self.containers.values().find(|c| &c.name == name) {
                return Err(ContainerError::NameInUse {
                    name: name.clone(),
                    id: other.docker_id.clone(),
                });
            }
        }
        if !matches!(spec.network_mode, NetworkMode::Default) && !spec.endpoints.is_empty() {
            // `--network host --network foo` is refused by Docker.
            return Err(ContainerError::Conflicting(
                "cannot attach both user-defined and non-user-defined network-modes".into(),
            ));
        }
        if let NetworkMode::Container(target) = &spec.network_mode {
            if self.find_container(target).is_none() {
                return Err(ContainerError::NoSuchContainer(target.clone()));
            }
            if spec.hostname.is_some() {
                return Err(ContainerError::Conflicting(
                    "hostname and the network mode".into(),
                ));
            }
        }
        let mut attachments = IndexMap::new();
        if matches!(spec.network_mode, NetworkMode::Default) {
            // No network asked for means the default bridge; the spec keeps
            // no endpoint, so inspect can report the mode the client sent
            // (`default`, seen on 20.10.24).
            let default_bridge = [crate::container::EndpointSpec {
                network: "bridge".into(),
                ..Default::default()
            }];
            let endpoints = if spec.endpoints.is_empty() {
                &default_bridge[..]
            } else {
                &spec.endpoints[..]
            };
            for ep in endpoints {
                let net_id = self
                    .find_network(&ep.network)
                    .ok_or_else(|| ContainerError::NetworkNotFound(ep.network.clone()))?;
                self.check_endpoint_request(net_id, ep)?;
                attachments.insert(
                    net_id,
                    Attachment {
                        network: net_id,
                        aliases: ep.aliases.clone(),
                        ipv4_address: ep.ipv4_address,
                        links: ep.links.clone(),
                        gw_priority: ep.gw_priority,
                        last_ip: None,
                        endpoint: None,
                    },
                );
            }
        }
        for (target, _) in &spec.legacy_links {
            if self.find_container(target).is_none() {
                return Err(ContainerError::LinkTargetMissing(target.clone()));
            }
        }
        // The image's ENTRYPOINT and CMD fill in what the run did not give.
        let image = match self.config.image(&spec.image) {
            Some(local) => Some((local.entrypoint.clone(), local.cmd.clone())),
            None => crate::images::defaults(&spec.image),
        };
        if let Some((entrypoint, cmd)) = image {
            if spec.entrypoint.is_none() && !entrypoint.is_empty() {
                spec.entrypoint = Some(entrypoint);
            }
            if spec.command.is_empty() {
                spec.command = cmd;
            }
        }
        let number = self.fresh_id();
        let docker_id = self.rng.hex(64);
        let name = match &spec.name {
            Some(name) => name.clone(),
            None => random_name(&mut self.rng),
        };
        // A host-network container shares the machine's hostname (seen on
        // 20.10.24); any other takes its short id unless given one.
        // A container sharing another's namespace shares its hostname too
        // (seen on 20.10.24: `--network container:main` reports main's).
        let hostname = match (&spec.hostname, &spec.network_mode) {
            (Some(h), _) => h.clone(),
            (None, NetworkMode::Host) => self.config.hostname.clone(),
            (None, NetworkMode::Container(target)) => self
                .find_container(target)
                .map(|t| self.containers[&t].hostname.clone())
                .unwrap_or_else(|| docker_id[..12].to_string()),
            (None, _) => docker_id[..12].to_string(),
        };
        for mount in &spec.mounts {
            if mount.kind == MountKind::Volume && self.find_volume(&mount.source).is_none() {
                self.volume_create(&mount.source, "local", IndexMap::new());
            }
        }
        let id = ContainerId(number);
        self.containers.insert(
            id,
            Container {
                id,
                docker_id,
                name: name.clone(),
                hostname,
                status: Status::Created,
                exit_code: 0,
                health: None,
                failing_streak: 0,
                created: self.now,
                started_at: None,
                finished_at: None,
                restart_count: 0,
                manually_stopped: false,
                attachments,
                next_ifname: 0,
                generation: 0,
                logs: Vec::new(),
                ready_at: None,
                bound_ports: Vec::new(),
                restart_delay: Duration::ZERO,
                connected: Vec::new(),
                hosts_lines: Vec::new(),
                anonymous: spec.name.is_none(),
                spec: spec.clone(),
            },
        );
        let network_mode = crate::snapshot::network_mode_name(self, id);
        let netns_of = match &spec.network_mode {
            NetworkMode::Container(target) => self.find_container(target),
            _ => None,
        };
        self.emit(EventKind::ContainerCreated {
            container: id,
            name,
            image: spec.image.clone(),
            network_mode,
            netns_of,
            service: spec.labels.get(crate::compose::labels::SERVICE).cloned(),
        });
        Ok(id)
    }

    /// `docker start`. Starting a running container is not an error.
    pub fn start(&mut self, key: &str) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        self.start_id(id)?;
        Ok(id)
    }

    pub fn start_id(&mut self, id: ContainerId) -> Result<(), ContainerError> {
        let c = &self.containers[&id];
        if c.is_running() {
            return Ok(());
        }
        if let NetworkMode::Container(target) = &c.spec.network_mode {
            let owner = self
                .find_container(target)
                .ok_or_else(|| ContainerError::NoSuchContainer(target.clone()))?;
            if !self.containers[&owner].is_running() {
                return Err(ContainerError::JoinNotRunning(
                    self.containers[&owner].docker_id.clone(),
                ));
            }
        }
        for (target, alias) in c.spec.legacy_links.clone() {
            let tid = self
                .find_container(&target)
                .ok_or_else(|| ContainerError::LinkTargetMissing(target.clone()))?;
            if !self.containers[&tid].is_running() {
                return Err(ContainerError::LinkNotRunning {
                    target: self.containers[&tid].name.clone(),
                    name: self.containers[&id].name.clone(),
                    alias,
                });
            }
        }
        let bindings = self.plan_ports(id)?;
        let c = &mut self.containers[&id];
        c.generation += 1;
        c.next_ifname = 0;
        c.hosts_lines.clear();
        c.manually_stopped = false;
        let mut order: Vec<NetworkId> = c.attachments.keys().copied().collect();
        if self.engine.sorts_endpoints() {
            let networks = &self.networks;
            order.sort_by(|a, b| {
                let (na, nb) = (&networks[a], &networks[b]);
                (na.internal, &na.name).cmp(&(nb.internal, &nb.name))
            });
            let c = &mut self.containers[&id];
            let mut sorted = IndexMap::new();
            for net in &order {
                let (k, v) = c.attachments.shift_remove_entry(net).expect("same keys");
                sorted.insert(k, v);
            }
            c.attachments = sorted;
        }
        for net in order {
            if let Err(e) = self.join(id, net) {
                self.release_all(id);
                return Err(e.into());
            }
        }
        for (ip, port, cport, proto) in bindings {
            self.ports.insert((ip, port, proto.clone()), id);
            let name = self.containers[&id].name.clone();
            self.containers[&id]
                .bound_ports
                .push((ip, port, cport, proto.clone()));
            self.emit(EventKind::PortPublished {
                container: id,
                name,
                host_ip: ip,
                host_port: port,
                container_port: cport,
                protocol: proto,
            });
        }
        let now = self.now;
        let c = &mut self.containers[&id];
        c.status = Status::Running;
        c.started_at = Some(now);
        c.finished_at = None;
        c.exit_code = 0;
        c.connected.clear();
        let ready_after = c.spec.behaviour.ready_after.unwrap_or(Duration::ZERO);
        c.ready_at = Some(now + ready_after);
        let generation = c.generation;
        let plan = process::plan(&c.spec);
        let health = c
            .spec
            .health
            .clone()
            .filter(|h| !process::health_disabled(h));
        c.health = health.as_ref().map(|_| HealthStatus::Starting);
        c.failing_streak = 0;
        let name = c.name.clone();
        let has_connects = !self.connect_targets(id).is_empty();
        self.emit(EventKind::ContainerStarted {
            container: id,
            name,
        });
        if let Some((after, code)) = plan.exits {
            self.schedule(
                now + after,
                Timer::Exit {
                    id,
                    generation,
                    code,
                },
            );
        }
        // Only an app declared to take a while to initialise says when it
        // is ready; others are ready at once and say nothing.
        if ready_after > Duration::ZERO {
            self.schedule(now + ready_after, Timer::Ready { id, generation });
        }
        if let Some(h) = health {
            let first = self.probe_delay(&h, now, now);
            self.schedule(now + first, Timer::Probe { id, generation });
        }
        if has_connects {
            self.schedule(now + FIRST_CONNECT_DELAY, Timer::Connect { id, generation });
        }
        Ok(())
    }

    /// The time until the next health probe: `start_interval` inside the
    /// start period on engines that have it (25+), `interval` otherwise.
    fn probe_delay(
        &self,
        h: &crate::container::HealthSpec,
        started: SimTime,
        now: SimTime,
    ) -> Duration {
        let in_start_period = now < started + h.start_period;
        if self.engine.modern_api() && in_start_period && !h.start_period.is_zero() {
            h.start_interval
        } else {
            h.interval
        }
    }

    /// Works out the host ports a start would bind, failing before anything
    /// changes when one is taken.
    fn plan_ports(
        &mut self,
        id: ContainerId,
    ) -> Result<Vec<(Ipv4Addr, u16, u16, String)>, ContainerError> {
        let c = &self.containers[&id];
        if matches!(
            c.spec.network_mode,
            NetworkMode::Host | NetworkMode::None | NetworkMode::Container(_)
        ) {
            return Ok(Vec::new());
        }
        let on_internal_only = c.attachments.keys().all(|n| self.networks[n].internal);
        if on_internal_only {
            return Ok(Vec::new());
        }
        let mut planned: Vec<(Ipv4Addr, u16, u16, String)> = Vec::new();
        for binding in &c.spec.ports {
            let ip = binding.host_ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
            let clash = |port: u16, planned: &[(Ipv4Addr, u16, u16, String)]| {
                self.ports.keys().any(|(bip, bport, bproto)| {
                    *bport == port
                        && *bproto == binding.protocol
                        && (bip.is_unspecified() || ip.is_unspecified() || *bip == ip)
                }) || planned.iter().any(|(bip, bport, _, bproto)| {
                    *bport == port
                        && *bproto == binding.protocol
                        && (bip.is_unspecified() || ip.is_unspecified() || *bip == ip)
                })
            };
            let port = match binding.host_port {
                Some(port) => {
                    if clash(port, &planned) {
                        let endpoint = c
                            .attachments
                            .values()
                            .next()
                            .map(|_| c.docker_id.clone())
                            .unwrap_or_default();
                        return Err(ContainerError::PortInUse {
                            name: c.name.clone(),
                            endpoint,
                            ip,
                            port,
                        });
                    }
                    port
                }
                None => {
                    // Ephemeral ports come from the kernel's local port
                    // range, lowest first.
                    (32768u16..=60999)
                        .find(|p| !clash(*p, &planned))
                        .unwrap_or(60999)
                }
            };
            planned.push((ip, port, binding.container_port, binding.protocol.clone()));
        }
        Ok(planned)
    }

    /// Joins one network: address, veth pair, DNS names (the order Docker
    /// does it in).
    fn join(&mut self, id: ContainerId, net_id: NetworkId) -> Result<(), NetworkError> {
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
        let anonymous = c.anonymous;
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
                reason,
            });
        }
        if let Some(bridge) = bridge {
            self.emit(EventKind::VethCreated {
                container: id,
                name: name.clone(),
                network: net_id,
                bridge,
                veth,
                veth_ifindex,
                ifname,
                ifindex,
                mac,
            });
        }
        if let (true, Some(ip)) = (has_dns, ip) {
            self.emit(EventKind::DnsRegistered {
                container: id,
                network: net_id,
                network_name: net_name,
                names: if anonymous {
                    dns_names[1..].to_vec()
                } else {
                    dns_names
                },
                ip,
            });
        }
        Ok(())
    }

    fn next_ifname(&mut self, id: ContainerId) -> String {
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
    fn leave(&mut self, id: ContainerId, net_id: NetworkId) {
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
            let mut names = vec![name.clone()];
            names.extend(endpoint.aliases.iter().cloned());
            self.emit(EventKind::DnsRemoved {
                container: id,
                network: net_id,
                network_name: net_name.clone(),
                names,
                ip,
            });
        }
        if !endpoint.veth.is_empty() {
            self.emit(EventKind::VethRemoved {
                container: id,
                name: name.clone(),
                network: net_id,
                veth: endpoint.veth,
                ifname: endpoint.ifname,
            });
        }
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
    fn release_all(&mut self, id: ContainerId) {
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

    /// The process ended: record it, release the network, and let the
    /// restart policy decide what comes next (facts §2, §6).
    fn process_ended(&mut self, id: ContainerId, code: i32, cause: ExitCause) {
        let now = self.now;
        let c = &mut self.containers[&id];
        let ran = c.started_at.map(|s| now - s).unwrap_or_default();
        c.status = Status::Exited;
        c.exit_code = code;
        c.finished_at = Some(now);
        c.ready_at = None;
        c.generation += 1;
        let name = c.name.clone();
        self.emit(EventKind::ContainerExited {
            container: id,
            name: name.clone(),
            code,
            cause: cause.clone(),
        });
        // Containers sharing this namespace lose their network with it.
        self.release_all(id);
        let c = &mut self.containers[&id];
        // `--rm` removes the container however its process ended.
        if c.spec.auto_remove {
            self.remove_id(id);
            return;
        }
        if c.manually_stopped {
            return;
        }
        let restart = match c.spec.restart {
            RestartPolicy::No => false,
            RestartPolicy::Always | RestartPolicy::UnlessStopped => true,
            RestartPolicy::OnFailure(max) => code != 0 && (max == 0 || c.restart_count < max),
        };
        if !restart {
            return;
        }
        if ran >= RESTART_RESET_AFTER {
            c.restart_delay = Duration::ZERO;
        }
        c.restart_delay = if c.restart_delay.is_zero() {
            RESTART_MIN_DELAY
        } else {
            (c.restart_delay * 2).min(RESTART_MAX_DELAY)
        };
        c.restart_count += 1;
        c.status = Status::Restarting;
        let delay = c.restart_delay;
        let generation = c.generation;
        let restart_count = c.restart_count;
        self.emit(EventKind::RestartScheduled {
            container: id,
            name,
            delay,
            restart_count,
        });
        self.schedule(now + delay, Timer::Restart { id, generation });
    }

    /// The container's main process ends by itself with `code` now (used
    /// when a foreground `docker run IMAGE TOOL` runs a tool the simulation
    /// answers, such as `nslookup db`).
    pub fn exit(&mut self, id: ContainerId, code: i32) {
        if self.containers.get(&id).is_some_and(|c| c.is_running()) {
            self.process_ended(id, code, ExitCause::Exited);
        }
    }

    /// `docker stop`: SIGTERM, then SIGKILL after the timeout. The clock
    /// moves on by the time the process takes to end.
    pub fn stop(
        &mut self,
        key: &str,
        timeout: Option<Duration>,
    ) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &mut self.containers[&id];
        c.manually_stopped = true;
        match c.status {
            Status::Running | Status::Paused => {
                let plan = process::plan(&c.spec);
                let grace = timeout
                    .or(c.spec.stop_timeout)
                    .unwrap_or(DEFAULT_STOP_TIMEOUT);
                let (wait, code) = if plan.ignores_sigterm {
                    (grace, 137)
                } else {
                    (Duration::ZERO, 0)
                };
                self.advance(wait);
                if self.containers[&id].is_running() {
                    self.process_ended(id, code, ExitCause::Stopped);
                }
            }
            Status::Restarting => {
                c.status = Status::Exited;
                c.generation += 1;
            }
            _ => {}
        }
        Ok(id)
    }

    /// `docker kill`: the process dies at once with 137 and the restart
    /// policy is ignored, as after `docker stop`.
    pub fn kill(&mut self, key: &str, signal: &str) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &self.containers[&id];
        if !c.is_running() && c.status != Status::Restarting {
            return Err(ContainerError::NotRunning(c.docker_id.clone()));
        }
        let signal = signal.trim_start_matches("SIG").to_ascii_uppercase();
        // Any `docker kill`, even with SIGTERM, ends the restart policy
        // (seen on 20.10.24).
        self.containers[&id].manually_stopped = true;
        let c = &self.containers[&id];
        let code = match signal.as_str() {
            "" | "KILL" | "9" => 137,
            "TERM" | "15" => {
                if process::plan(&c.spec).ignores_sigterm {
                    return Ok(id);
                }
                143
            }
            "INT" | "2" => 130,
            // Other signals (HUP, USR1, ...) are handled by the app.
            _ => return Ok(id),
        };
        self.containers[&id].manually_stopped = true;
        if self.containers[&id].status == Status::Restarting {
            let c = &mut self.containers[&id];
            c.status = Status::Exited;
            c.generation += 1;
            return Ok(id);
        }
        self.process_ended(id, code, ExitCause::Killed);
        Ok(id)
    }

    /// `docker restart`: stop, then start; the address is allocated anew.
    pub fn restart(
        &mut self,
        key: &str,
        timeout: Option<Duration>,
    ) -> Result<ContainerId, ContainerError> {
        let id = self.stop(key, timeout)?;
        self.start_id(id)?;
        Ok(id)
    }

    /// `docker rm`.
    pub fn remove(&mut self, key: &str, force: bool) -> Result<ContainerId, ContainerError> {
        let id = self.container_by_key(key)?;
        let c = &self.containers[&id];
        if (c.is_running() || c.status == Status::Restarting) && !force {
            return Err(ContainerError::RemoveRunning(c.docker_id.clone()));
        }
        if c.is_running() {
            self.containers[&id].manually_stopped = true;
            self.process_ended(id, 137, ExitCause::Killed);
        }
        if self.containers.contains_key(&id) {
            self.remove_id(id);
        }
        Ok(id)
    }

    fn remove_id(&mut self, id: ContainerId) {
        self.release_all(id);
        let c = self.containers.shift_remove(&id).expect("exists");
        self.emit(EventKind::ContainerRemoved {
            container: id,
            name: c.name,
        });
    }

    /// `docker rename`.
    pub fn rename(&mut self, key: &str, new_name: &str) -> Result<(), ContainerError> {
        let id = self.container_by_key(key)?;
        if !valid_container_name(new_name) {
            return Err(ContainerError::InvalidName(new_name.to_string()));
        }
        if let Some(other) = self.containers.values().find(|c| c.name == new_name) {
            return Err(ContainerError::NameInUse {
                name: new_name.to_string(),
                id: other.docker_id.clone(),
            });
        }
        self.containers[&id].name = new_name.to_string();
        Ok(())
    }

    fn log(&mut self, id: ContainerId, text: impl Into<String>) {
        let time = self.now;
        self.containers[&id].logs.push(LogLine {
            time,
            text: text.into(),
        });
    }

    // ---------------------------------------------------------------
    // Time
    // ---------------------------------------------------------------

    fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq), timer);
    }

    /// When the next timer is due, if any is pending.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.keys().next().map(|(t, _)| *t)
    }

    /// Runs everything due up to `now + d` and leaves the clock there.
    pub fn advance(&mut self, d: Duration) {
        let until = self.now + d;
        self.advance_to(until);
    }

    pub fn advance_to(&mut self, until: SimTime) {
        while let Some((&(at, seq), _)) = self.timers.iter().next() {
            if at > until {
                break;
            }
            let timer = self.timers.remove(&(at, seq)).expect("just seen");
            self.now = self.now.max(at);
            self.fire(timer);
        }
        self.now = self.now.max(until);
    }

    /// Runs timers until nothing is pending or `limit` is reached; returns
    /// whether everything settled.
    pub fn settle(&mut self, limit: SimTime) -> bool {
        while let Some(due) = self.next_due() {
            if due > limit {
                self.now = self.now.max(limit);
                return false;
            }
            self.advance_to(due);
        }
        true
    }

    fn current(&self, id: ContainerId, generation: u32) -> bool {
        self.containers
            .get(&id)
            .is_some_and(|c| c.generation == generation)
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Exit {
                id,
                generation,
                code,
            } => {
                if self.current(id, generation) && self.containers[&id].is_running() {
                    self.process_ended(id, code, ExitCause::Exited);
                }
            }
            Timer::Ready { id, generation } => {
                if self.current(id, generation) {
                    let name = self.containers[&id].name.clone();
                    self.log(id, "ready for connections");
                    self.emit(EventKind::AppReady {
                        container: id,
                        name,
                    });
                }
            }
            Timer::Probe { id, generation } => {
                if self.current(id, generation) {
                    self.probe(id, generation);
                }
            }
            Timer::Connect { id, generation } => {
                if self.current(id, generation) {
                    self.connect_round(id, generation);
                }
            }
            Timer::Restart { id, generation } => {
                if self.current(id, generation) && self.containers[&id].status == Status::Restarting
                {
                    let manually_stopped = self.containers[&id].manually_stopped;
                    if let Err(e) = self.start_id(id) {
                        let name = self.containers[&id].name.clone();
                        self.log(id, format!("restart failed: {e}"));
                        let c = &mut self.containers[&id];
                        c.status = Status::Exited;
                        c.manually_stopped = manually_stopped;
                        self.emit(EventKind::ContainerExited {
                            container: id,
                            name,
                            code: 128,
                            cause: ExitCause::Exited,
                        });
                    }
                }
            }
        }
    }

    /// One health probe (facts: health checks in simulated time).
    fn probe(&mut self, id: ContainerId, generation: u32) {
        let now = self.now;
        let c = &self.containers[&id];
        let Some(h) = c.spec.health.clone() else {
            return;
        };
        let started = c.started_at.unwrap_or(now);
        let passed = process::probe_verdict(&h).unwrap_or_else(|| c.is_ready(now));
        let in_start_period = now < started + h.start_period;
        let before = c.health;
        let c = &mut self.containers[&id];
        if passed {
            c.failing_streak = 0;
            c.health = Some(HealthStatus::Healthy);
        } else if !in_start_period || c.health != Some(HealthStatus::Starting) {
            c.failing_streak += 1;
            if c.failing_streak >= h.retries.max(1) {
                c.health = Some(HealthStatus::Unhealthy);
            }
        }
        let after = c.health;
        let streak = c.failing_streak;
        let name = c.name.clone();
        if before != after {
            self.emit(EventKind::HealthChanged {
                container: id,
                name,
                status: after.map(|s| s.as_str()).unwrap_or("none").to_string(),
                failing_streak: streak,
            });
        }
        let next = self.probe_delay(&h, started, now);
        self.schedule(now + next, Timer::Probe { id, generation });
    }

    /// The hosts a container's app connects to.
    pub fn connect_targets(&self, id: ContainerId) -> Vec<String> {
        let c = &self.containers[&id];
        match &c.spec.behaviour.connects {
            Some(list) => list.clone(),
            None => process::infer_connects(&c.spec.env),
        }
    }

    /// The app tries each target it has not reached yet.
    fn connect_round(&mut self, id: ContainerId, generation: u32) {
        let targets = self.connect_targets(id);
        let mut all_ok = true;
        for target in targets {
            if self.containers[&id].connected.contains(&target) {
                continue;
            }
            let (host, port) = split_host_port(&target);
            let (ip, outcome) = self.try_connect(id, &host);
            let name = self.containers[&id].name.clone();
            let line = match (&outcome, ip) {
                (ConnectOutcome::Connected, Some(ip)) => format!("Connected to {target} ({ip})"),
                (ConnectOutcome::NoSuchName, _) => format!("Error: getaddrinfo ENOTFOUND {host}"),
                (ConnectOutcome::Refused, Some(ip)) => {
                    format!("Error: connect ECONNREFUSED {ip}:{}", port.unwrap_or(0))
                }
                (_, Some(ip)) => format!("Error: connect EHOSTUNREACH {ip}:{}", port.unwrap_or(0)),
                (_, None) => format!("Error: connect EHOSTUNREACH {host}"),
            };
            self.log(id, line);
            self.emit(EventKind::ConnectAttempt {
                container: id,
                name,
                target: target.clone(),
                ip,
                outcome: outcome.clone(),
            });
            if outcome == ConnectOutcome::Connected {
                self.containers[&id].connected.push(target);
            } else {
                all_ok = false;
            }
        }
        if all_ok {
            return;
        }
        let behaviour = self.containers[&id].spec.behaviour.clone();
        if behaviour.exit_on_connect_failure {
            let code = if behaviour.exit_code != 0 {
                behaviour.exit_code
            } else {
                1
            };
            self.process_ended(id, code, ExitCause::ConnectFailed);
        } else {
            let every = behaviour.retry_interval.unwrap_or(DEFAULT_RETRY_INTERVAL);
            let at = self.now + every;
            self.schedule(at, Timer::Connect { id, generation });
        }
    }

    /// What happens when container `id` opens a connection to `host`.
    pub fn try_connect(
        &mut self,
        id: ContainerId,
        host: &str,
    ) -> (Option<Ipv4Addr>, ConnectOutcome) {
        let addrs = crate::dns::lookup_host(self, id, host);
        let Some(ip) = addrs.first().copied() else {
            return (None, ConnectOutcome::NoSuchName);
        };
        match crate::dns::reach(self, id, ip) {
            crate::dns::Reach::Container(target) => {
                if self.containers[&target].is_ready(self.now) {
                    (Some(ip), ConnectOutcome::Connected)
                } else {
                    (Some(ip), ConnectOutcome::Refused)
                }
            }
            crate::dns::Reach::Host => (Some(ip), ConnectOutcome::Connected),
            crate::dns::Reach::Unreachable => (Some(ip), ConnectOutcome::Unreachable),
        }
    }

    /// The container whose network namespace `id` uses (itself, or the
    /// target of `container:`/`service:` network modes).
    pub fn netns_owner(&self, id: ContainerId) -> ContainerId {
        let mut current = id;
        for _ in 0..8 {
            match &self.containers[&current].spec.network_mode {
                NetworkMode::Container(target) => match self.find_container(target) {
                    Some(t) => current = t,
                    None => break,
                },
                _ => break,
            }
        }
        current
    }

    /// Which container holds an address on a network, if any.
    pub fn holder_of(&self, net: NetworkId, ip: Ipv4Addr) -> Option<ContainerId> {
        self.containers
            .values()
            .find(|c| {
                c.attachments
                    .get(&net)
                    .and_then(|a| a.endpoint.as_ref())
                    .is_some_and(|e| e.ip == Some(ip))
            })
            .map(|c| c.id)
    }
}

/// The object whose id is `key` or, failing that, the only one whose id
/// starts with `key` (the docker CLI's id-prefix rule; an ambiguous prefix
/// names nothing).
fn unique_prefix<'a, T: Copy>(
    key: &str,
    ids: impl Iterator<Item = (&'a str, T)> + Clone,
) -> Option<T> {
    if let Some((_, found)) = ids.clone().find(|(id, _)| *id == key) {
        return Some(found);
    }
    let mut matches = ids.filter(|(id, _)| !key.is_empty() && id.starts_with(key));
    match (matches.next(), matches.next()) {
        (Some((_, found)), None) => Some(found),
        _ => None,
    }
}

/// Splits `db:3306` into the host and the port.
pub fn split_host_port(target: &str) -> (String, Option<u16>) {
    match target.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() => (host.to_string(), port.parse().ok()),
        _ => (target.to_string(), None),
    }
}

/// Docker's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_container_name(name: &str) -> bool {
    let name = name.strip_prefix('/').unwrap_or(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    let rest: Vec<char> = chars.collect();
    !rest.is_empty()
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Docker's random names, `adjective_surname`, from a short excerpt of its
/// own lists (`pkg/namesgenerator`).
fn random_name(rng: &mut Rng) -> String {
    const LEFT: &[&str] = &[
        "admiring",
        "adoring",
        "affectionate",
        "agitated",
        "amazing",
        "angry",
        "awesome",
        "blissful",
        "bold",
        "boring",
        "brave",
        "charming",
        "clever",
        "cool",
        "compassionate",
        "competent",
        "confident",
        "crazy",
        "dazzling",
        "determined",
        "distracted",
        "dreamy",
        "eager",
        "ecstatic",
        "elastic",
        "elated",
        "elegant",
        "eloquent",
        "epic",
        "fervent",
        "festive",
        "flamboyant",
        "focused",
        "friendly",
        "frosty",
        "gallant",
        "gifted",
        "goofy",
        "gracious",
        "happy",
        "hardcore",
        "heuristic",
        "hopeful",
        "hungry",
        "infallible",
        "inspiring",
        "jolly",
        "jovial",
        "keen",
        "kind",
        "laughing",
        "loving",
        "lucid",
        "magical",
        "modest",
        "musing",
        "mystifying",
        "naughty",
        "nervous",
        "nice",
        "nifty",
        "nostalgic",
        "objective",
        "optimistic",
        "peaceful",
        "pedantic",
        "pensive",
        "practical",
        "priceless",
        "quirky",
        "quizzical",
        "relaxed",
        "reverent",
        "romantic",
        "sad",
        "serene",
        "sharp",
        "silly",
        "sleepy",
        "stoic",
        "strange",
        "stupefied",
        "suspicious",
        "tender",
        "thirsty",
        "trusting",
        "unruffled",
        "upbeat",
        "vibrant",
        "vigilant",
        "vigorous",
        "wizardly",
        "wonderful",
        "xenodochial",
        "youthful",
        "zealous",
        "zen",
    ];
    const RIGHT: &[&str] = &[
        "albattani",
        "allen",
        "archimedes",
        "babbage",
        "banach",
        "bardeen",
        "bartik",
        "bell",
        "bhabha",
        "blackwell",
        "bohr",
        "booth",
        "brattain",
        "brown",
        "carson",
        "cerf",
        "chandrasekhar",
        "curie",
        "darwin",
        "davinci",
        "dijkstra",
        "einstein",
        "elion",
        "engelbart",
        "euclid",
        "euler",
        "fermat",
        "fermi",
        "feynman",
        "franklin",
        "galileo",
        "gates",
        "goldberg",
        "goodall",
        "haibt",
        "hamilton",
        "hawking",
        "heisenberg",
        "hermann",
        "hodgkin",
        "hopper",
        "hypatia",
        "jackson",
        "jennings",
        "johnson",
        "kalam",
        "keller",
        "kepler",
        "knuth",
        "lamarr",
        "lamport",
        "leakey",
        "lovelace",
        "lumiere",
        "mayer",
        "mccarthy",
        "mclean",
        "meitner",
        "mendel",
        "mirzakhani",
        "montalcini",
        "moore",
        "morse",
        "napier",
        "newton",
        "nobel",
        "noether",
        "pare",
        "pascal",
        "pasteur",
        "payne",
        "perlman",
        "pike",
        "poincare",
        "ptolemy",
        "raman",
        "ritchie",
        "rosalind",
        "sammet",
        "shannon",
        "shockley",
        "sinoussi",
        "stonebraker",
        "swanson",
        "tesla",
        "thompson",
        "torvalds",
        "turing",
        "varahamihira",
        "villani",
        "volhard",
        "wescoff",
        "williams",
        "wilson",
        "wing",
        "wozniak",
        "wright",
        "yalow",
    ];
    let left = LEFT[rng.below(LEFT.len() as u64) as usize];
    let right = RIGHT[rng.below(RIGHT.len() as u64) as usize];
    format!("{left}_{right}")
}
