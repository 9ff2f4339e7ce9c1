//! `docker inspect` and `docker network inspect` JSON with Docker's field
//! names (facts §8), so jq scripts written for real Docker work.

use serde_json::{json, Map, Value};

use composenet_model::container::{Container, Status};
use composenet_model::host::Host;
use composenet_model::ids::{ContainerId, NetworkId};
use composenet_model::snapshot::network_mode_name;
use composenet_model::time::rfc3339;

fn labels(map: &indexmap::IndexMap<String, String>) -> Value {
    let mut sorted: Vec<(&String, &String)> = map.iter().collect();
    composenet_model::order::sort(&mut sorted);
    Value::Object(
        sorted
            .into_iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect(),
    )
}

pub fn network(host: &Host, id: NetworkId) -> Value {
    let n = host.network(id);
    let mut containers = Map::new();
    for c in host.containers() {
        // A running container in network mode host or none has an endpoint
        // without an address on that network (seen on 20.10.24).
        if c.is_running() && special_network(c) == Some(n.name.as_str()) {
            containers.insert(
                c.docker_id.clone(),
                json!({
                    "Name": c.name,
                    "EndpointID": fake_digest(&format!("{}{}", c.docker_id, n.name)),
                    "MacAddress": "",
                    "IPv4Address": "",
                    "IPv6Address": "",
                }),
            );
        }
        if let Some(ep) = c.attachments.get(&id).and_then(|a| a.endpoint.as_ref()) {
            containers.insert(
                c.docker_id.clone(),
                json!({
                    "Name": c.name,
                    "EndpointID": ep.endpoint_id,
                    "MacAddress": ep.mac,
                    "IPv4Address": ep.ip.map(|ip| format!("{ip}/{}", ep.prefix_len)).unwrap_or_default(),
                    "IPv6Address": "",
                }),
            );
        }
    }
    let config: Vec<Value> = match (n.subnet.as_ref(), n.predefined || !n.user_subnet) {
        (Some(s), _) => {
            let mut entry = Map::new();
            entry.insert("Subnet".into(), json!(s.subnet.to_string()));
            if s.range != s.subnet {
                entry.insert("IPRange".into(), json!(s.range.to_string()));
            }
            // A user-configured subnet is shown as the user gave it: without
            // a Gateway key unless one was given (seen on 20.10.24). The
            // default bridge of a freshly booted host shows none either: the
            // daemon records docker0's gateway only when the bridge already
            // existed when it started (seen on 20.10.24); from 26 it does
            // (seen on 26.1.5 and 28.5.2).
            let shows_gateway = if n.is_default_bridge() {
                host.engine().default_bridge_ipam_gateway()
            } else {
                !n.user_subnet || n.user_gateway
            };
            if let Some(gw) = n.gateway.filter(|_| shows_gateway) {
                entry.insert("Gateway".into(), json!(gw.to_string()));
            }
            if !n.aux_addresses.is_empty() {
                let aux: Map<String, Value> = n
                    .aux_addresses
                    .iter()
                    .map(|(k, v)| (k.clone(), json!(v.to_string())))
                    .collect();
                entry.insert("AuxiliaryAddresses".into(), Value::Object(aux));
            }
            vec![Value::Object(entry)]
        }
        (None, _) => Vec::new(),
    };
    let mut v = json!({
        "Name": n.name,
        "Id": n.docker_id,
        "Created": rfc3339(n.created),
        "Scope": "local",
        "Driver": n.driver.name(),
        "EnableIPv6": n.enable_ipv6,
        "IPAM": {
            "Driver": n.ipam_driver,
            "Options": if n.predefined { Value::Null } else { json!({}) },
            "Config": config,
        },
        "Internal": n.internal,
        "Attachable": n.attachable,
        "Ingress": false,
        "ConfigFrom": { "Network": "" },
        "ConfigOnly": false,
        "Containers": containers,
        "Options": labels(&n.options),
        "Labels": labels(&n.labels),
    });
    if host.engine() >= composenet_model::EngineVersion::V28 {
        // From 28 the engine says whether IPv4 is on, just before IPv6
        // (seen on 28.5.2).
        let mut ordered = Map::new();
        for (key, value) in v.as_object().expect("object") {
            if key == "EnableIPv6" {
                ordered.insert("EnableIPv4".into(), json!(true));
            }
            ordered.insert(key.clone(), value.clone());
        }
        v = Value::Object(ordered);
    }
    v
}

fn state(c: &Container) -> Value {
    let mut s = json!({
        "Status": c.status.as_str(),
        "Running": c.is_running(),
        "Paused": c.status == Status::Paused,
        "Restarting": c.status == Status::Restarting,
        "OOMKilled": false,
        "Dead": false,
        "Pid": if c.is_running() { 1000 + c.id.0 } else { 0 },
        "ExitCode": if c.failed_start && c.exit_code == 0 { 128 } else { c.exit_code },
        "Error": "",
        "StartedAt": c.started_at.map(rfc3339).unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
        "FinishedAt": c.finished_at.map(rfc3339).unwrap_or_else(|| "0001-01-01T00:00:00Z".into()),
    });
    if let Some(h) = c.health {
        s.as_object_mut().expect("object").insert(
            "Health".into(),
            json!({ "Status": h.as_str(), "FailingStreak": c.failing_streak, "Log": [] }),
        );
    }
    s
}

pub fn container(host: &Host, id: ContainerId) -> Value {
    let c = host.container(id);
    let modern = host.engine().modern_api();
    let mut networks = Map::new();
    for (net_id, att) in &c.attachments {
        // The network may be gone (removed while the container was
        // stopped): Docker still shows the entry, with no network id.
        let net = host.try_network(*net_id);
        let ep = att.endpoint.as_ref();
        let failed = att.failed_settings.as_ref().filter(|_| ep.is_none());
        // A removed network was a user network: the predefined ones
        // cannot be removed.
        let user_net = net.is_none_or(|n| n.has_embedded_dns());
        let aliases: Value = if !user_net {
            Value::Null
        } else if modern {
            if att.aliases.is_empty() && !att.aliases_listed {
                Value::Null
            } else {
                json!(att.aliases)
            }
        } else {
            // Up to 24 the API listed the short id (and the hostname, when
            // it differs from the name) after the requested aliases.
            // They stay in the endpoint settings after the container
            // stops or exits (seen on 20.10.24).
            let mut aliases = att.aliases.clone();
            if ep.is_some() || c.started_at.is_some() || att.connected {
                for extra in [c.short_id().to_string(), c.hostname.clone()] {
                    if extra != c.name && !aliases.contains(&extra) {
                        aliases.push(extra);
                    }
                }
            }
            // A container that never started and asked for no alias has
            // none at all (seen on 20.10.24).
            if aliases.is_empty() {
                Value::Null
            } else {
                json!(aliases)
            }
        };
        let mut entry = json!({
            "IPAMConfig": att.ipv4_address.map(|ip| json!({"IPv4Address": ip.to_string()})).unwrap_or(Value::Null),
            "Links": if att.links.is_empty() { Value::Null } else {
                json!(att.links.iter().map(|(t, a)| format!("{t}:{a}")).collect::<Vec<_>>())
            },
            "Aliases": aliases,
            "NetworkID": net.map(|n| n.docker_id.clone()).unwrap_or_default(),
            "EndpointID": ep.map(|e| e.endpoint_id.clone()).unwrap_or_default(),
            "Gateway": ep.and_then(|e| e.gateway).map(|g| g.to_string()).unwrap_or_default(),
            // After a start that failed late the address, prefix and MAC
            // of the endpoint it made stay (seen on 20.10.24).
            "IPAddress": ep.and_then(|e| e.ip)
                .or(failed.map(|f| f.0))
                .map(|i| i.to_string())
                .unwrap_or_default(),
            "IPPrefixLen": ep.map(|e| e.prefix_len).or(failed.map(|f| f.1)).unwrap_or(0),
            "IPv6Gateway": "",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "MacAddress": ep.map(|e| e.mac.clone())
                .or(failed.map(|f| f.2.clone()))
                .unwrap_or_default(),
            "DriverOpts": Value::Null,
        });
        if modern {
            let obj = entry.as_object_mut().expect("object");
            obj.insert("GwPriority".into(), json!(att.gw_priority));
            let dns_names: Value = match ep {
                Some(ep) if user_net => {
                    json!(std::iter::once(c.name.clone())
                        .filter(|_| !c.anonymous)
                        .chain(ep.aliases.iter().cloned())
                        .collect::<Vec<_>>())
                }
                _ => Value::Null,
            };
            obj.insert("DNSNames".into(), dns_names);
        }
        networks.insert(att.network_name.clone(), entry);
    }
    // Network modes host and none are shown as an endpoint on the network
    // of that name, with no address (seen on 20.10.24).
    if let Some(special) = special_network(c) {
        if let Some(net) = host.networks().find(|n| n.name == special) {
            networks.insert(
                special.to_string(),
                json!({
                    "IPAMConfig": Value::Null,
                    "Links": Value::Null,
                    "Aliases": Value::Null,
                    "NetworkID": net.docker_id,
                    "EndpointID": if c.is_running() { fake_digest(&format!("{}{}", c.docker_id, net.name)) } else { String::new() },
                    "Gateway": "",
                    "IPAddress": "",
                    "IPPrefixLen": 0,
                    "IPv6Gateway": "",
                    "GlobalIPv6Address": "",
                    "GlobalIPv6PrefixLen": 0,
                    "MacAddress": "",
                    "DriverOpts": Value::Null,
                }),
            );
        }
    }
    let first = c.endpoints().next();
    let bridge_ep = c
        .endpoints()
        .find(|e| host.network(e.network).is_default_bridge());
    let mut ports = Map::new();
    // Discarded ports (host mode, internal networks only) leave the map
    // empty, not null per port (seen on 20.10.24).
    let discarded = host.discards_ports(c.id).is_some();
    for p in c.spec.ports.iter().filter(|_| !discarded) {
        let key = format!("{}/{}", p.container_port, p.protocol);
        let bound: Vec<Value> = c
            .bound_ports
            .iter()
            .filter(|(_, _, cp, proto)| *cp == p.container_port && *proto == p.protocol)
            .map(|(ip, hp, _, _)| json!({"HostIp": ip.to_string(), "HostPort": hp.to_string()}))
            .collect();
        ports.insert(
            key,
            if bound.is_empty() {
                Value::Null
            } else {
                json!(bound)
            },
        );
    }
    let env: Vec<String> = c.spec.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    json!({
        "Id": c.docker_id,
        "Created": rfc3339(c.created),
        "Path": c.spec.entrypoint.as_ref().and_then(|e| e.first().cloned())
            .or_else(|| c.spec.command.first().cloned()).unwrap_or_default(),
        "Args": c.spec.command.iter().skip(if c.spec.entrypoint.is_some() { 0 } else { 1 }).cloned().collect::<Vec<_>>(),
        "State": state(c),
        "Image": format!("sha256:{}", fake_digest(&c.spec.image)),
        "ResolvConfPath": format!("/var/lib/docker/containers/{}/resolv.conf", c.docker_id),
        "HostnamePath": format!("/var/lib/docker/containers/{}/hostname", c.docker_id),
        "HostsPath": format!("/var/lib/docker/containers/{}/hosts", c.docker_id),
        "Name": format!("/{}", c.name),
        "RestartCount": c.restart_count,
        "HostConfig": {
            "NetworkMode": network_mode_name(host, id),
            "PortBindings": c.spec.ports.iter().map(|p| (
                format!("{}/{}", p.container_port, p.protocol),
                json!([{"HostIp": p.host_ip.map(|i| i.to_string()).unwrap_or_default(),
                        "HostPort": p.host_port.map(|h| h.to_string()).unwrap_or_default()}])
            )).collect::<Map<String, Value>>(),
            "RestartPolicy": {
                "Name": c.spec.restart.name(),
                "MaximumRetryCount": match c.spec.restart { composenet_model::RestartPolicy::OnFailure(n) => n, _ => 0 },
            },
            "AutoRemove": c.spec.auto_remove,
            "Links": if c.spec.legacy_links.is_empty() { Value::Null } else {
                json!(c.spec.legacy_links.iter().map(|(t, a)| format!("/{t}:/{}/{a}", c.name)).collect::<Vec<_>>())
            },
            "Dns": c.spec.dns,
            "ExtraHosts": if c.spec.extra_hosts.is_empty() { Value::Null } else {
                json!(c.spec.extra_hosts.iter().map(|(h, ip)| format!("{h}:{ip}")).collect::<Vec<_>>())
            },
        },
        "Mounts": c.spec.mounts.iter().map(|m| json!({
            "Type": match m.kind { composenet_model::MountKind::Volume => "volume", composenet_model::MountKind::Bind => "bind", composenet_model::MountKind::Tmpfs => "tmpfs" },
            "Name": if m.kind == composenet_model::MountKind::Volume { json!(m.source) } else { Value::Null },
            "Source": if m.kind == composenet_model::MountKind::Volume { format!("/var/lib/docker/volumes/{}/_data", m.source) } else { m.source.clone() },
            "Destination": m.target,
            "RW": !m.read_only,
        })).collect::<Vec<_>>(),
        "Config": {
            "Hostname": c.hostname,
            "Domainname": c.spec.domainname.clone().unwrap_or_default(),
            "Env": env,
            "Cmd": if c.spec.command.is_empty() { Value::Null } else { json!(c.spec.command) },
            "Image": c.spec.image,
            "WorkingDir": c.spec.working_dir.clone().unwrap_or_default(),
            "Entrypoint": c.spec.entrypoint,
            "Labels": labels(&c.spec.labels),
            "Healthcheck": c.spec.health.as_ref().map(|h| json!({
                "Test": h.test,
                "Interval": h.interval.as_nanos() as u64,
                "Timeout": h.timeout.as_nanos() as u64,
                "StartPeriod": h.start_period.as_nanos() as u64,
                "Retries": h.retries,
            })),
        },
        "NetworkSettings": {
            "Bridge": "",
            "SandboxID": if c.is_running() { fake_digest(&c.docker_id) } else { String::new() },
            "Ports": ports,
            "SandboxKey": if c.is_running() { format!("/var/run/docker/netns/{}", &fake_digest(&c.docker_id)[..12]) } else { String::new() },
            "EndpointID": bridge_ep.map(|e| e.endpoint_id.clone()).unwrap_or_default(),
            "Gateway": bridge_ep.and_then(|e| e.gateway).map(|g| g.to_string()).unwrap_or_default(),
            "IPAddress": bridge_ep.and_then(|e| e.ip).map(|i| i.to_string()).unwrap_or_default(),
            "IPPrefixLen": bridge_ep.map(|e| e.prefix_len).unwrap_or(0),
            "MacAddress": bridge_ep.or(first).filter(|_| bridge_ep.is_some()).map(|e| e.mac.clone()).unwrap_or_default(),
            "Networks": networks,
        },
    })
}

/// The predefined network a container's network mode stands for.
fn special_network(c: &Container) -> Option<&'static str> {
    match c.spec.network_mode {
        composenet_model::NetworkMode::Host => Some("host"),
        composenet_model::NetworkMode::None => Some("none"),
        _ => None,
    }
}

/// A stable stand-in for digests Docker computes from content we do not
/// have (image ids, sandbox ids).
fn fake_digest(text: &str) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u64 {
        for b in text.bytes().chain(round.to_le_bytes()) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}
