//! A plain copy of the host's state at one moment, for the CLI's summary,
//! the browser's drawing and golden tests. Its `Display` is the readable
//! text the tests hold.

use std::fmt;
use std::net::Ipv4Addr;

use indexmap::IndexMap;

use crate::compose::labels;
use crate::container::NetworkMode;
use crate::host::Host;
use crate::ids::{ContainerId, NetworkId};
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snapshot {
    pub engine: String,
    pub time: SimTime,
    pub networks: Vec<NetworkView>,
    pub containers: Vec<ContainerView>,
    pub volumes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NetworkView {
    pub id: NetworkId,
    pub name: String,
    pub short_id: String,
    pub driver: String,
    pub subnet: Option<String>,
    pub gateway: Option<Ipv4Addr>,
    pub bridge: Option<String>,
    pub internal: bool,
    pub predefined: bool,
    pub embedded_dns: bool,
    /// What the embedded DNS answers on this network: name → addresses.
    pub dns: Vec<(String, Vec<Ipv4Addr>)>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ContainerView {
    pub id: ContainerId,
    pub name: String,
    pub short_id: String,
    pub image: String,
    pub status: String,
    pub exit_code: i32,
    pub health: Option<String>,
    pub network_mode: String,
    pub project: Option<String>,
    pub service: Option<String>,
    pub interfaces: Vec<InterfaceView>,
    pub ports: Vec<String>,
    pub restart_count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InterfaceView {
    pub network: NetworkId,
    pub network_name: String,
    pub ifname: String,
    pub ifindex: u32,
    pub veth: String,
    pub veth_ifindex: u32,
    pub ip: Option<Ipv4Addr>,
    pub prefix_len: u8,
    pub mac: String,
    pub names: Vec<String>,
}

impl Host {
    pub fn snapshot(&self) -> Snapshot {
        let networks = self
            .networks()
            .map(|n| {
                // Names in the order they were first seen, each with its
                // addresses.
                let mut dns: IndexMap<String, Vec<Ipv4Addr>> = IndexMap::new();
                if n.has_embedded_dns() {
                    for c in self.network_members(n.id) {
                        let Some(ep) = c.attachments.get(&n.id).and_then(|a| a.endpoint.as_ref())
                        else {
                            continue;
                        };
                        let Some(ip) = ep.ip else { continue };
                        // A container whose name was made up is not known
                        // by that name.
                        let own = std::iter::once(&c.name).filter(|_| !c.anonymous);
                        for name in own.chain(ep.aliases.iter()) {
                            dns.entry(name.clone()).or_default().push(ip);
                        }
                    }
                }
                let dns: Vec<(String, Vec<Ipv4Addr>)> = dns.into_iter().collect();
                NetworkView {
                    id: n.id,
                    name: n.name.clone(),
                    short_id: n.short_id().to_string(),
                    driver: n.driver.name().to_string(),
                    subnet: n.subnet_net().map(|s| s.to_string()),
                    gateway: n.gateway,
                    bridge: n.bridge.clone(),
                    internal: n.internal,
                    predefined: n.predefined,
                    embedded_dns: n.has_embedded_dns(),
                    dns,
                }
            })
            .collect();
        let containers = self
            .containers()
            .map(|c| ContainerView {
                id: c.id,
                name: c.name.clone(),
                short_id: c.short_id().to_string(),
                image: c.spec.image.clone(),
                status: c.status.as_str().to_string(),
                exit_code: c.exit_code,
                health: c.health.map(|h| h.as_str().to_string()),
                network_mode: network_mode_name(self, c.id),
                project: c.spec.labels.get(labels::PROJECT).cloned(),
                service: c.spec.labels.get(labels::SERVICE).cloned(),
                interfaces: c
                    .endpoints()
                    .map(|e| InterfaceView {
                        network: e.network,
                        network_name: self.network(e.network).name.clone(),
                        ifname: e.ifname.clone(),
                        ifindex: e.ifindex,
                        veth: e.veth.clone(),
                        veth_ifindex: e.veth_ifindex,
                        ip: e.ip,
                        prefix_len: e.prefix_len,
                        mac: e.mac.clone(),
                        names: if self.network(e.network).has_embedded_dns() {
                            std::iter::once(c.name.clone())
                                .filter(|_| !c.anonymous)
                                .chain(e.aliases.iter().cloned())
                                .collect()
                        } else {
                            Vec::new()
                        },
                    })
                    .collect(),
                ports: c
                    .bound_ports
                    .iter()
                    .map(|(ip, port, cport, proto)| format!("{ip}:{port}->{cport}/{proto}"))
                    .collect(),
                restart_count: c.restart_count,
            })
            .collect();
        Snapshot {
            engine: self.engine().to_string(),
            time: self.now(),
            networks,
            containers,
            volumes: self.volumes().map(|v| v.name.clone()).collect(),
        }
    }
}

/// `HostConfig.NetworkMode` as Docker reports it.
pub fn network_mode_name(host: &Host, id: ContainerId) -> String {
    let c = host.container(id);
    match &c.spec.network_mode {
        NetworkMode::Host => "host".into(),
        NetworkMode::None => "none".into(),
        NetworkMode::Container(target) => {
            let id = host
                .find_container(target)
                .map(|t| host.container(t).docker_id.clone())
                .unwrap_or_else(|| target.clone());
            format!("container:{id}")
        }
        NetworkMode::Default => match c.spec.endpoints.first() {
            Some(ep) if ep.network == "bridge" => "bridge".into(),
            Some(ep) => ep.network.clone(),
            // The client sends `default` when no network is given; from
            // 26 the API stores the network it stands for (moby#47431).
            None if host.engine().normalizes_default_network_mode() => "bridge".into(),
            None => "default".into(),
        },
    }
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "engine {} at {}", self.engine, self.time)?;
        writeln!(f, "networks:")?;
        for n in &self.networks {
            write!(f, "  {} ({}", n.name, n.driver)?;
            if let Some(subnet) = &n.subnet {
                write!(f, " {subnet}")?;
            }
            if let Some(gw) = n.gateway {
                write!(f, " gw {gw}")?;
            }
            if let Some(b) = &n.bridge {
                write!(f, " {b}")?;
            }
            if n.internal {
                write!(f, " internal")?;
            }
            if n.predefined {
                write!(f, " predefined")?;
            }
            writeln!(f, ")")?;
            for (name, ips) in &n.dns {
                let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
                writeln!(f, "    dns {name} -> {}", ips.join(" "))?;
            }
        }
        writeln!(f, "containers:")?;
        for c in &self.containers {
            write!(f, "  {} {} {}", c.name, c.image, c.status)?;
            if c.status == "exited" {
                write!(f, " ({})", c.exit_code)?;
            }
            if let Some(h) = &c.health {
                write!(f, " health={h}")?;
            }
            if c.restart_count > 0 {
                write!(f, " restarts={}", c.restart_count)?;
            }
            if c.network_mode != "bridge" && c.interfaces.is_empty() {
                write!(f, " mode={}", c.network_mode)?;
            }
            writeln!(f)?;
            for i in &c.interfaces {
                write!(f, "    {}@if{} ", i.ifname, i.veth_ifindex)?;
                match i.ip {
                    Some(ip) => write!(f, "{ip}/{}", i.prefix_len)?,
                    None => write!(f, "-")?,
                }
                writeln!(
                    f,
                    " {} on {} via {}@if{}",
                    i.mac, i.network_name, i.veth, i.ifindex
                )?;
            }
            for p in &c.ports {
                writeln!(f, "    port {p}")?;
            }
        }
        if !self.volumes.is_empty() {
            writeln!(f, "volumes: {}", self.volumes.join(", "))?;
        }
        Ok(())
    }
}
