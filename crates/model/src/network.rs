//! Networks as the engine holds them.

use std::net::Ipv4Addr;

use indexmap::IndexMap;
use ipnet::Ipv4Net;

use crate::ids::NetworkId;
use crate::ipam::SubnetAllocator;
use crate::time::SimTime;

/// The network driver. Only bridge networks have subnets, bridges and veth
/// pairs; `host` and `null` are the two fixed networks of every engine.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Driver {
    Bridge,
    Host,
    Null,
    /// Drivers the simulation does not model (overlay, macvlan, ipvlan):
    /// created and listed, addressed like a bridge, but without a bridge.
    Other(String),
}

impl Driver {
    pub fn parse(name: &str) -> Driver {
        match name {
            "" | "bridge" => Driver::Bridge,
            "host" => Driver::Host,
            "null" => Driver::Null,
            other => Driver::Other(other.to_string()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Driver::Bridge => "bridge",
            Driver::Host => "host",
            Driver::Null => "null",
            Driver::Other(name) => name,
        }
    }
}

/// One `ipam.config` entry of `docker network create` / compose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamConfig {
    pub subnet: Option<Ipv4Net>,
    pub ip_range: Option<Ipv4Net>,
    pub gateway: Option<Ipv4Addr>,
    pub aux_addresses: IndexMap<String, Ipv4Addr>,
}

/// What `docker network create` (or compose) asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkSpec {
    pub name: String,
    pub driver: String,
    pub internal: bool,
    pub attachable: bool,
    pub enable_ipv6: bool,
    pub labels: IndexMap<String, String>,
    pub options: IndexMap<String, String>,
    /// IPv4 entries only; the simulation keeps IPv6 requests in `ipv6_subnets`
    /// for display but does not allocate from them.
    pub ipam: Vec<IpamConfig>,
    pub ipv6_subnets: Vec<String>,
    pub ipam_driver: Option<String>,
}

/// A network of the simulated engine.
#[derive(Clone, Debug)]
pub struct Network {
    pub id: NetworkId,
    /// The 64-hex id Docker shows.
    pub docker_id: String,
    pub name: String,
    pub driver: Driver,
    pub internal: bool,
    pub attachable: bool,
    pub enable_ipv6: bool,
    pub labels: IndexMap<String, String>,
    pub options: IndexMap<String, String>,
    pub ipv6_subnets: Vec<String>,
    pub ipam_driver: String,
    /// `None` for host and none networks.
    pub subnet: Option<SubnetAllocator>,
    pub gateway: Option<Ipv4Addr>,
    pub aux_addresses: IndexMap<String, Ipv4Addr>,
    /// Whether the subnet came from the user rather than the default pools;
    /// engines up to 24 only allow static addresses then (facts §2).
    pub user_subnet: bool,
    /// Whether the user gave the gateway (shown in inspect only then, as
    /// Docker does for user-configured IPAM).
    pub user_gateway: bool,
    /// `docker0` or `br-<12 hex>`; `None` for drivers without a bridge.
    pub bridge: Option<String>,
    /// The bridge's interface index in the host's namespace.
    pub bridge_ifindex: Option<u32>,
    pub created: SimTime,
    /// True for the three networks every engine starts with.
    pub predefined: bool,
}

impl Network {
    pub fn short_id(&self) -> &str {
        &self.docker_id[..12]
    }

    /// User-defined networks get the embedded DNS; the default bridge, host
    /// and none do not (facts §4).
    pub fn has_embedded_dns(&self) -> bool {
        !self.predefined && matches!(self.driver, Driver::Bridge | Driver::Other(_))
    }

    pub fn subnet_net(&self) -> Option<Ipv4Net> {
        self.subnet.as_ref().map(|s| s.subnet)
    }

    pub fn is_default_bridge(&self) -> bool {
        self.predefined && self.driver == Driver::Bridge
    }
}
