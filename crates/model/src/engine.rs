//! Engine profiles: the behaviours that differ between Docker Engine
//! versions, in one place, so the rest of the model asks a question ("are
//! pools handed out round-robin?") instead of comparing version numbers.
//! Each answer cites the section of `docker-facts.md` it comes from.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum EngineVersion {
    V20_10,
    V25,
    V26,
    V27,
    V28,
    #[default]
    V29,
}

impl EngineVersion {
    pub const ALL: [EngineVersion; 6] = [
        EngineVersion::V20_10,
        EngineVersion::V25,
        EngineVersion::V26,
        EngineVersion::V27,
        EngineVersion::V28,
        EngineVersion::V29,
    ];

    /// Facts §1: up to engine 26 the pool allocator walks round-robin; from
    /// 27 it takes the first free pool (seen on 20.10.24 and 26.1.5: a
    /// freed pool is skipped; on 28.5.2 it is taken again at once).
    pub fn pools_round_robin(self) -> bool {
        self <= EngineVersion::V26
    }

    /// Facts §1: the error when no default pool is left.
    pub fn pools_exhausted_message(self) -> &'static str {
        if self.pools_round_robin() {
            "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"
        } else {
            "all predefined address pools have been fully subnetted"
        }
    }

    /// Facts §3: up to 27 the MAC address is 02:42 followed by the IPv4
    /// address; from 28 it is random on every start.
    pub fn mac_from_ip(self) -> bool {
        self <= EngineVersion::V27
    }

    /// Facts §2: up to 24 a static address needs a user-configured subnet.
    pub fn static_ip_needs_user_subnet(self) -> bool {
        self < EngineVersion::V25
    }

    /// Facts §3: up to 27 endpoints are sorted (non-internal first, then by
    /// network name) before they are joined; from 28 they join in the order
    /// they were given.
    pub fn sorts_endpoints(self) -> bool {
        self <= EngineVersion::V27
    }

    /// Facts §3: up to 27 `ethN` names come from a per-container counter;
    /// from 28 the lowest unused number is taken.
    pub fn ifname_counter(self) -> bool {
        self <= EngineVersion::V27
    }

    /// Facts §4: a container only on internal networks gets SERVFAIL for
    /// names the embedded DNS does not know (23.0.11/25.0.5/26+).
    pub fn internal_servfail(self) -> bool {
        self >= EngineVersion::V25
    }

    /// From 25 the generated resolv.conf carries explanatory comments, and
    /// the API reports `DNSNames` while `Aliases` keeps only user aliases.
    pub fn modern_api(self) -> bool {
        self >= EngineVersion::V25
    }

    /// `HostConfig.NetworkMode` of a container run without `--network` is
    /// `default` up to 25 (seen on 20.10.24); from 26 the API stores
    /// `bridge`, the network it stands for (moby/moby#47431).
    pub fn normalizes_default_network_mode(self) -> bool {
        self > EngineVersion::V25
    }

    /// Facts §7: up to 24 the bridge driver gives an endpoint on an
    /// internal network its gateway like any other, so the container has a
    /// default route through it (seen on 20.10.24; the packets then go
    /// nowhere); later drivers skip the gateway for internal networks.
    pub fn internal_network_gateway(self) -> bool {
        self < EngineVersion::V25
    }

    /// `docker network inspect bridge` lists the default bridge's gateway
    /// in its IPAM config from 26 (seen on 26.1.5 and 28.5.2 with a freshly
    /// made docker0; 20.10.24 lists only the subnet).
    pub fn default_bridge_ipam_gateway(self) -> bool {
        self >= EngineVersion::V26
    }

    /// From 28 /etc/hosts writes the IPv6 prefixes as `fe00::` and `ff00::`
    /// (seen on 28.5.2; 20.10.24 and 26.1.5 write `fe00::0`, `ff00::0`).
    pub fn short_ipv6_prefixes(self) -> bool {
        self >= EngineVersion::V28
    }

    /// From 28 the resolv.conf comment names a nameserver taken from the
    /// host's file `host(ADDR)` (seen on 28.5.2: `# ExtServers:
    /// [host(10.255.255.53)]`; 26.1.5 writes the bare address).
    pub fn ext_servers_marked_host(self) -> bool {
        self >= EngineVersion::V28
    }

    /// Whether the sandbox asks its networks' DNS records in sorted
    /// endpoint order (priority, non-internal first, network name) rather
    /// than in the order they were joined. Seen on 20.10.24 and on 28.5.2
    /// (a compose service on `shared` and `two_default` that joined
    /// `two_default` first is answered from `shared`), although 28 no
    /// longer sorts the endpoints it joins (`sorts_endpoints`). 29 rests on
    /// the documents, which say the order changed in 28.
    pub fn dns_sorted_endpoints(self) -> bool {
        self <= EngineVersion::V28
    }

    /// From 28 a disconnect removes only the left network's line of the
    /// container's own names from its /etc/hosts (seen on 28.5.2); up to
    /// 27 every such line goes (seen on 20.10.24 and 26.1.5).
    pub fn disconnect_removes_own_hosts_line(self) -> bool {
        self >= EngineVersion::V28
    }

    /// From 26 the name the engine made up for a container run without
    /// `--name` is a DNS name on its user networks like any other (seen on
    /// 26.1.5 and 28.5.2); 20.10.24 made such endpoints anonymous.
    pub fn made_up_names_resolve(self) -> bool {
        self >= EngineVersion::V26
    }

    /// Up to 27 a start that fails after the endpoints were made (a legacy
    /// link off the default bridge) leaves their address, prefix and MAC
    /// in the container's settings (seen on 20.10.24 and 26.1.5); 28.5.2
    /// clears them.
    pub fn failed_start_keeps_settings(self) -> bool {
        self <= EngineVersion::V27
    }

    /// A container that left its last network still asks 127.0.0.11:
    /// up to 25 the query times out (seen on 20.10.24), from 26 it gets
    /// SERVFAIL (seen on 26.1.5 and 28.5.2). One still on the default
    /// bridge is forwarded upstream instead (see `dns::answer`).
    pub fn orphan_resolver_servfail(self) -> bool {
        self >= EngineVersion::V26
    }

    /// The full version string the simulated `docker version` reports.
    pub fn full_version(self) -> &'static str {
        match self {
            EngineVersion::V20_10 => "20.10.24",
            EngineVersion::V25 => "25.0.5",
            EngineVersion::V26 => "26.1.5",
            EngineVersion::V27 => "27.5.1",
            EngineVersion::V28 => "28.5.2",
            EngineVersion::V29 => "29.1.0",
        }
    }
}

impl fmt::Display for EngineVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EngineVersion::V20_10 => "20.10",
            EngineVersion::V25 => "25",
            EngineVersion::V26 => "26",
            EngineVersion::V27 => "27",
            EngineVersion::V28 => "28",
            EngineVersion::V29 => "29",
        })
    }
}

impl FromStr for EngineVersion {
    type Err = String;

    /// Accepts the profile names and full versions (`20.10.24`, `27.5.1`).
    fn from_str(s: &str) -> Result<Self, String> {
        let major = s.trim().trim_start_matches('v');
        let profile = if major == "20.10" || major.starts_with("20.10.") {
            EngineVersion::V20_10
        } else {
            match major.split('.').next().and_then(|m| m.parse::<u32>().ok()) {
                Some(25) => EngineVersion::V25,
                Some(26) => EngineVersion::V26,
                Some(27) => EngineVersion::V27,
                Some(28) => EngineVersion::V28,
                Some(29) => EngineVersion::V29,
                _ => {
                    return Err(format!(
                        "unknown engine version {s:?}: choose one of 20.10, 25, 26, 27, 28, 29"
                    ))
                }
            }
        };
        Ok(profile)
    }
}
