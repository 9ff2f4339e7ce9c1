//! Host ports: which are bound, on which addresses, and the ports a
//! starting container is given (fixed ones checked for a clash, ephemeral
//! ones from the kernel's local range).

use super::*;

/// The slot of `port`/`proto` in [`Host::port_users`]: TCP, UDP, SCTP and
/// any other protocol each have 65 536.
fn port_slot(port: u16, proto: &str) -> usize {
    let table = match proto {
        "tcp" => 0,
        "udp" => 1,
        "sctp" => 2,
        _ => 3,
    };
    table * 65_536 + usize::from(port)
}

impl Host {
    /// Whether binding `port`/`proto` on `ip` clashes with a bound port:
    /// the same port and protocol, on the same address or with either side
    /// on every address (0.0.0.0).
    pub(crate) fn port_taken(&self, ip: Ipv4Addr, port: u16, proto: &str) -> bool {
        if ip.is_unspecified() {
            return self
                .port_users
                .get(port_slot(port, proto))
                .is_some_and(|n| *n > 0);
        }
        let bound = |b: Ipv4Addr| self.ports.contains_key(&(b, port, proto.to_string()));
        bound(ip) || bound(Ipv4Addr::UNSPECIFIED)
    }

    /// The container other than `except` that holds `port`/`proto` on an
    /// address that clashes with `ip` (the same one, or either side on
    /// 0.0.0.0), the lowest address first. It is looked up, not searched
    /// for, unless `ip` is 0.0.0.0 and only other addresses hold the port.
    pub fn port_holder(
        &self,
        ip: Ipv4Addr,
        port: u16,
        proto: &str,
        except: ContainerId,
    ) -> Option<ContainerId> {
        if !self.port_taken(ip, port, proto) {
            return None;
        }
        let holder = |b: Ipv4Addr| {
            self.ports
                .get(&(b, port, proto.to_string()))
                .copied()
                .filter(|owner| *owner != except)
        };
        // 0.0.0.0 is the lowest address, and the usual one.
        if let Some(owner) = holder(Ipv4Addr::UNSPECIFIED) {
            return Some(owner);
        }
        if ip.is_unspecified() {
            return self
                .ports
                .iter()
                .filter(|((_, bport, bproto), owner)| {
                    *bport == port && bproto == proto && **owner != except
                })
                .map(|(_, owner)| *owner)
                .next();
        }
        holder(ip)
    }

    /// Records a bound port in both indexes.
    pub(crate) fn bind_port(&mut self, ip: Ipv4Addr, port: u16, proto: &str, id: ContainerId) {
        self.ports.insert((ip, port, proto.to_string()), id);
        if self.port_users.is_empty() {
            self.port_users = vec![0; 4 * 65_536];
        }
        self.port_users[port_slot(port, proto)] += 1;
    }

    /// Forgets a bound port in both indexes.
    pub(crate) fn unbind_port(&mut self, ip: Ipv4Addr, port: u16, proto: &str) {
        if self.ports.remove(&(ip, port, proto.to_string())).is_some() {
            if let Some(n) = self.port_users.get_mut(port_slot(port, proto)) {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// Works out the host ports a start would bind, failing before anything
    /// changes when one is taken.
    pub(super) fn plan_ports(
        &mut self,
        id: ContainerId,
    ) -> Result<Vec<(Ipv4Addr, u16, u16, String)>, ContainerError> {
        let c = &self.containers[&id];
        if self.ports_ignored(id).is_some() || c.attachments.is_empty() {
            return Ok(Vec::new());
        }
        let ports = self.ports.len() + c.spec.ports.len();
        if ports > crate::MAX_HOST_PORTS {
            return Err(ContainerError::TooManyPorts {
                name: c.name.clone(),
                ports,
            });
        }
        // The ports planned so far are bound while planning, so that the
        // next ones see them, and unbound at the end: the start binds them
        // for good once everything else is ready.
        let mut planned: Vec<(Ipv4Addr, u16, u16, String)> = Vec::new();
        let mut held: Vec<bool> = Vec::new();
        // The lowest ephemeral port not yet found taken, by address and
        // protocol: ports are only taken while planning, so the lowest free
        // one never goes down and each is tried once. Only the first few
        // pairs are remembered; another starts from the bottom again.
        let mut lowest_free: Vec<(Ipv4Addr, String, u16)> = Vec::new();
        let mut clash = None;
        for k in 0..self.containers[&id].spec.ports.len() {
            let binding = &self.containers[&id].spec.ports[k];
            let ip = binding.host_ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
            let (fixed, container_port) = (binding.host_port, binding.container_port);
            let proto = binding.protocol.clone();
            let port = match fixed {
                Some(port) => {
                    if self.port_taken(ip, port, &proto) {
                        clash = Some((ip, port));
                        break;
                    }
                    port
                }
                None => {
                    // Ephemeral ports come from the kernel's local port
                    // range, lowest first.
                    let slot = lowest_free
                        .iter()
                        .position(|(i, p, _)| *i == ip && *p == proto);
                    let from = slot.map_or(32768, |k| lowest_free[k].2);
                    let port = (from..=60999)
                        .find(|p| !self.port_taken(ip, *p, &proto))
                        .unwrap_or(60999);
                    match slot {
                        Some(k) => lowest_free[k].2 = port,
                        None if lowest_free.len() < 16 => {
                            lowest_free.push((ip, proto.clone(), port))
                        }
                        None => {}
                    }
                    port
                }
            };
            // Every ephemeral port taken: Docker's range is exhausted, and
            // the last one is given again (it is not bound here, where it
            // would replace its holder).
            let free = !self.port_taken(ip, port, &proto);
            if free {
                self.bind_port(ip, port, &proto, id);
            }
            held.push(free);
            planned.push((ip, port, container_port, proto));
        }
        for ((ip, port, _, proto), held) in planned.iter().zip(held) {
            if held {
                self.unbind_port(*ip, *port, proto);
            }
        }
        if let Some((ip, port)) = clash {
            let c = &self.containers[&id];
            return Err(ContainerError::PortInUse {
                name: c.name.clone(),
                endpoint: c.docker_id.clone(),
                ip,
                port,
            });
        }
        Ok(planned)
    }
}
