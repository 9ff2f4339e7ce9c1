//! One small error enum per kind of operation. Messages are Docker's own
//! words; the CLI adds `Error response from daemon: ` where Docker does.

use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    #[error("network with name {0} already exists")]
    NameExists(String),
    #[error("network {0} not found")]
    NotFound(String),
    /// `overlay` needs a swarm, which the simulated engine never joins
    /// (seen on 26.1.5 and 28.5.2).
    #[error("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.")]
    NotSwarmManager,
    /// A driver that is neither built in nor an installed plugin (seen on
    /// 26.1.5 and 28.5.2).
    #[error("plugin \"{0}\" not found")]
    PluginNotFound(String),
    #[error("Pool overlaps with other one on this address space")]
    PoolOverlap,
    #[error("{0}")]
    PoolsExhausted(&'static str),
    #[error("invalid network config: {0}")]
    InvalidConfig(String),
    #[error("error while removing network: network {name} id {id} has active endpoints")]
    ActiveEndpoints { name: String, id: String },
    #[error("{0} is a pre-defined network and cannot be removed")]
    Predefined(String),
    #[error("container {container} is not connected to network {network}")]
    NotConnected { container: String, network: String },
    #[error("endpoint with name {container} already exists in network {network}")]
    AlreadyConnected { container: String, network: String },
    #[error("container sharing network namespace with another container or host cannot be connected to any other network")]
    SharedNamespace,
    #[error("container cannot be disconnected from host network or connected to host network")]
    HostNetwork,
    #[error("network-scoped alias is supported only for containers in user defined networks")]
    AliasOnDefault,
    #[error("user specified IP address is supported only when connecting to networks with user configured subnets")]
    StaticNeedsUserSubnet,
    #[error("user specified IP address is supported on user defined networks only")]
    StaticOnDefault,
    #[error("Address already in use")]
    AddressInUse,
    #[error("no configured subnet or ip-range contain the IP address {0}")]
    OutOfSubnet(Ipv4Addr),
    #[error("no available IPv4 addresses on this network's address pools: {name} ({id})")]
    Exhausted { name: String, id: String },
    #[error("No such container: {0}")]
    NoSuchContainer(String),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContainerError {
    #[error("No such container: {0}")]
    NoSuchContainer(String),
    #[error("Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name.")]
    NameInUse { name: String, id: String },
    #[error("Invalid container name ({0}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")]
    InvalidName(String),
    #[error("network {0} not found")]
    NetworkNotFound(String),
    #[error("cannot join network of a non running container: {0}")]
    JoinNotRunning(String),
    #[error("Cannot link to a non running container: /{target} AS /{name}/{alias}")]
    LinkNotRunning {
        target: String,
        name: String,
        alias: String,
    },
    #[error("could not get container for {0}")]
    LinkTargetMissing(String),
    #[error("Cannot link to /{0}, as it does not belong to the default network")]
    LinkNotOnDefaultBridge(String),
    #[error("driver failed programming external connectivity on endpoint {name} ({endpoint}): Bind for {ip}:{port} failed: port is already allocated")]
    PortInUse {
        name: String,
        endpoint: String,
        ip: Ipv4Addr,
        port: u16,
    },
    /// Not Docker's: the simulation's bound on published ports, which keeps
    /// a host within memory whatever ranges a script asks for.
    #[error(
        "{name} would bring the host to {ports} published ports; composenet simulates at most {}",
        crate::MAX_HOST_PORTS
    )]
    TooManyPorts { name: String, ports: usize },
    #[error("You cannot remove a running container {0}. Stop the container before attempting removal or force remove")]
    RemoveRunning(String),
    #[error("Container {0} is not running")]
    NotRunning(String),
    #[error("conflicting options: {0}")]
    Conflicting(String),
    #[error("{0}")]
    Network(#[from] NetworkError),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VolumeError {
    #[error("get {0}: no such volume")]
    NotFound(String),
    #[error("remove {name}: volume is in use - [{users}]")]
    InUse { name: String, users: String },
}
