//! A reverse proxy in front of one upstream (`x-composenet: upstream:`):
//! when it looks the upstream's name up decides whether it follows a
//! replaced container to its new address, or keeps sending to the old one,
//! which may now be nobody's (502) or another container's.

use super::*;
use crate::dns;

impl Host {
    /// What a proxy does as it starts: one that resolves its upstream once
    /// looks it up now (the query is logged) and keeps the address; when
    /// the name does not resolve, nginx refuses to start. Returns whether
    /// the process is still running.
    pub(super) fn resolve_upstream(&mut self, id: ContainerId) -> bool {
        self.containers[&id].upstream_ip = None;
        let Some(up) = self.containers[&id].spec.behaviour.upstream.clone() else {
            return true;
        };
        if up.per_request {
            return true;
        }
        let (hostname, port) = split_host_port(&up.target);
        let (addrs, _) = dns::lookup_host(self, id, &hostname);
        let ip = addrs.first().copied();
        self.emit(EventKind::UpstreamResolved {
            container: id,
            name: self.containers[&id].name.clone(),
            upstream: up.target.clone(),
            ip,
        });
        match ip {
            Some(ip) => {
                self.containers[&id].upstream_ip = Some(ip);
                true
            }
            None => {
                // In the program's own words (nginx: `[emerg] host not
                // found in upstream`), then it exits.
                let line = self.connect_line(
                    id,
                    &up.target,
                    &hostname,
                    port,
                    None,
                    &ConnectOutcome::NoSuchName,
                );
                if let Some(line) = line {
                    self.log(id, line);
                }
                self.process_ended(id, 1, ExitCause::Exited);
                false
            }
        }
    }

    /// The running proxy at `ip`, if the container there forwards requests.
    pub fn proxy_at(&self, ip: Ipv4Addr) -> Option<ContainerId> {
        self.container_at(ip)
            .filter(|c| self.containers[c].spec.behaviour.upstream.is_some())
    }

    /// A request reached proxy `id`: it forwards it to its upstream, at the
    /// address it resolved at start or at what the DNS says now. `None`
    /// when `id` is no proxy. The connection is logged like any other, then
    /// what the proxy made of it.
    pub fn forward(&mut self, id: ContainerId) -> Option<Forwarded> {
        let up = self.containers[&id].spec.behaviour.upstream.clone()?;
        let (hostname, port) = split_host_port(&up.target);
        let cached = self.containers[&id].upstream_ip.filter(|_| !up.per_request);
        let (ip, outcome) = match cached {
            Some(ip) => self.try_connect(id, &ip.to_string(), port),
            None => self.try_connect(id, &hostname, port),
        };
        // The program's error line for an upstream it could not connect
        // to; a name that does not resolve per request has words of its
        // own in nginx (not the start-up `[emerg]`), left out.
        if !matches!(
            outcome,
            ConnectOutcome::Connected | ConnectOutcome::NoSuchName
        ) {
            let line = self.connect_line(id, &up.target, &hostname, port, ip, &outcome);
            if let Some(line) = line {
                self.log(id, line);
            }
        }
        let holder = ip
            .and_then(|ip| self.container_at(ip))
            .map(|c| self.containers[&c].name.clone());
        let stale = cached.is_some_and(|ip| !dns::resolve(self, id, &hostname).0.contains(&ip));
        self.emit(EventKind::ProxyForwarded {
            container: id,
            name: self.containers[&id].name.clone(),
            upstream: up.target.clone(),
            cached: cached.is_some(),
            ip,
            stale,
            holder: holder.clone(),
            outcome: outcome.clone(),
        });
        Some(Forwarded {
            upstream: up.target,
            ip,
            holder,
            outcome,
        })
    }
}

/// What became of one request a proxy forwarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forwarded {
    pub upstream: String,
    pub ip: Option<Ipv4Addr>,
    /// The container that answered or refused, by name.
    pub holder: Option<String>,
    pub outcome: ConnectOutcome,
}

#[cfg(test)]
mod tests {
    use crate::host::testing::check;

    #[test]
    fn a_proxy_that_resolved_once_keeps_the_old_address() {
        // api is replaced while cache takes its old address: the proxy that
        // resolved api at start now reaches cache, which does not listen on
        // 3000 (a 502); the one that asks per request follows api.
        check(
            "
            network create shop
            run api net=shop listen=3000
            run proxy net=shop upstream=api:3000
            run proxy2 net=shop upstream=api:3000 per-request
            rm -f api
            run cache net=shop image=redis
            run api net=shop listen=3000
            ---
            request proxy
            request proxy2
            ",
            "
            0.000s  proxy connects to 172.18.0.2:3000 (172.18.0.2): refused (nothing listens on 3000)
              resolved from: literal
              route: proxy eth0 -> veth<proxy/shop> -> br-<shop> -> veth<cache/shop> -> cache eth0 => delivered to cache
            0.000s  proxy forwards to api:3000 at 172.18.0.2 (resolved at start, stale): refused (nothing listens on 3000)
            0.000s  proxy2 asks 127.0.0.11 for api: 172.18.0.5
              reason: Record(shop)
            0.000s  proxy2 connects to api:3000 (172.18.0.5): connected
              resolved from: dns
              route: proxy2 eth0 -> veth<proxy2/shop> -> br-<shop> -> veth<api/shop>#2 -> api eth0 => delivered to api
            0.000s  proxy2 forwards to api:3000 at 172.18.0.5: connected
            ",
        );
    }

    #[test]
    fn a_proxy_whose_upstream_does_not_resolve_exits_as_nginx_does() {
        check(
            "
            network create shop
            ---
            run proxy net=shop upstream=api:3000
            ",
            "
            0.000s  container proxy created from nginx
            0.000s  proxy gets 172.18.0.2 on shop: lowest free address
            0.000s  veth pair veth<proxy/shop>@if5 (host, on br-<shop>) <-> eth0@if6 (in proxy), mac <mac proxy/shop>
            0.000s  dns on shop: proxy, <proxy id> -> 172.18.0.2
            0.000s  container proxy started
            0.000s  proxy asks 127.0.0.11 for api: NXDOMAIN
              reason: NotOnAskersNetworks[shop]
            0.000s  proxy cannot resolve its upstream api:3000
            0.000s  container proxy exited with code 1 (process exited)
            0.000s  dns on shop: proxy, <proxy id> -/-> 172.18.0.2 removed
            0.000s  veth pair veth<proxy/shop> <-> eth0 of proxy deleted
            0.000s  proxy releases 172.18.0.2 on shop
            ",
        );
    }
}
