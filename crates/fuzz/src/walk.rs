//! Random walks of valid docker commands: a seeded generator of command
//! sequences (networks with and without subnets and ranges, static
//! addresses, aliases, links, network modes, connect and disconnect, the
//! container lifecycle and renames, restart policies, health checks, and `docker compose`
//! up/down/recreate/scale on a generated file), played through
//! `play::Session` with the host's invariants checked after every step.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Duration;

use composenet_loader::MemorySource;
use composenet_model::rng::Rng;
use composenet_model::{dns, ContainerId, Host, NetworkId};
use composenet_play::{inspect, PlayOptions, Session};
use serde_json::Value;

use crate::targets::scene_agrees;

/// A generated walk: the script and the compose file beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walk {
    pub seed: u64,
    pub script: String,
    pub compose: String,
}

/// Where walks play: the compose project is `walk`.
const CWD: &str = "/work/walk";

struct Net {
    name: String,
    /// The third octet of its `10.<200+k>.<o>.0/24` subnet, when it has one.
    subnet: Option<u8>,
    range: bool,
}

struct Gen {
    rng: Rng,
    nets: Vec<Net>,
    containers: Vec<String>,
    next: u32,
    lines: Vec<String>,
}

impl Gen {
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.rng.below(items.len() as u64) as usize])
        }
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    /// An address for a static request on `net`: inside the subnet, and
    /// inside the range or outside it (Docker allows both for static
    /// addresses).
    fn address(&mut self, net: &Net) -> Option<String> {
        let k = net.subnet?;
        let host = 2 + self.rng.below(250);
        Some(format!("10.{}.{k}.{host}", 200 + k / 50))
    }

    fn network_create(&mut self) {
        let name = self.fresh("net");
        let k = self.nets.len() as u8;
        if self.chance(60) {
            let base = format!("10.{}.{k}", 200 + k / 50);
            let range = self.chance(40);
            let mut line = format!("docker network create --subnet {base}.0/24");
            if range {
                line.push_str(&format!(" --ip-range {base}.128/25"));
            }
            if self.chance(30) {
                line.push_str(&format!(" --gateway {base}.254"));
            }
            self.lines.push(format!("{line} {name}"));
            self.nets.push(Net {
                name,
                subnet: Some(k),
                range,
            });
        } else {
            self.lines.push(format!("docker network create {name}"));
            self.nets.push(Net {
                name,
                subnet: None,
                range: false,
            });
        }
    }

    fn run(&mut self) {
        let verb = if self.chance(25) { "create" } else { "run -d" };
        let name = self.fresh("c");
        let mut line = format!("docker {verb} --name {name}");
        let net = if self.nets.is_empty() || self.chance(20) {
            None
        } else {
            let i = self.rng.below(self.nets.len() as u64) as usize;
            Some(i)
        };
        match net {
            Some(i) => {
                line.push_str(&format!(" --network {}", self.nets[i].name));
                let net = &self.nets[i];
                let (has_subnet, net_range) = (net.subnet.is_some(), net.range);
                let _ = net_range;
                if has_subnet && self.chance(50) {
                    let net = &self.nets[i];
                    let ip = self.address(&Net {
                        name: String::new(),
                        subnet: net.subnet,
                        range: net.range,
                    });
                    if let Some(ip) = ip {
                        line.push_str(&format!(" --ip {ip}"));
                    }
                }
                if self.chance(30) {
                    let alias = self.fresh("a");
                    line.push_str(&format!(" --network-alias {alias}"));
                }
            }
            None if self.chance(10) => line.push_str(" --network none"),
            None if self.chance(10) => line.push_str(" --network host"),
            None if self.chance(15) && !self.containers.is_empty() => {
                let containers = self.containers.clone();
                if let Some(owner) = self.pick(&containers) {
                    line.push_str(&format!(" --network container:{owner}"));
                }
            }
            None => {}
        }
        if self.chance(20) {
            let containers = self.containers.clone();
            if let Some(target) = self.pick(&containers) {
                let alias = self.fresh("l");
                line.push_str(&format!(" --link {target}:{alias}"));
            }
        }
        if self.chance(30) {
            let policy =
                ["always", "on-failure:3", "unless-stopped", "no"][self.rng.below(4) as usize];
            line.push_str(&format!(" --restart {policy}"));
        }
        if self.chance(20) {
            let test = if self.chance(70) { "true" } else { "false" };
            line.push_str(&format!(
                " --health-cmd {test} --health-interval 2s --health-retries 2"
            ));
        }
        let image = [
            "nginx",
            "redis",
            "alpine sleep 30",
            "alpine sh -c 'sleep 5; exit 1'",
            "busybox true",
        ][self.rng.below(5) as usize];
        line.push(' ');
        line.push_str(image);
        self.lines.push(line);
        self.containers.push(name);
    }

    fn lifecycle(&mut self) {
        let containers = self.containers.clone();
        let Some(c) = self.pick(&containers).cloned() else {
            return;
        };
        if self.chance(5) {
            let to = self.fresh("r");
            self.lines.push(format!("docker rename {c} {to}"));
            self.containers.retain(|x| *x != c);
            self.containers.push(to);
            return;
        }
        let verb = [
            "start",
            "stop",
            "kill",
            "restart",
            "rm -f",
            "stop -t 1",
            "inspect",
        ][self.rng.below(7) as usize];
        self.lines.push(format!("docker {verb} {c}"));
        if verb == "rm -f" {
            self.containers.retain(|x| *x != c);
        }
    }

    fn connect(&mut self) {
        let containers = self.containers.clone();
        let (Some(c), Some(i)) = (
            self.pick(&containers).cloned(),
            (!self.nets.is_empty()).then(|| self.rng.below(self.nets.len() as u64) as usize),
        ) else {
            return;
        };
        if self.chance(35) {
            let net = self.nets[i].name.clone();
            self.lines
                .push(format!("docker network disconnect {net} {c}"));
            return;
        }
        let mut line = String::from("docker network connect");
        let subnet = self.nets[i].subnet;
        if subnet.is_some() && self.chance(40) {
            let ip = self.address(&Net {
                name: String::new(),
                subnet,
                range: false,
            });
            if let Some(ip) = ip {
                line.push_str(&format!(" --ip {ip}"));
            }
        }
        if self.chance(30) {
            let alias = self.fresh("a");
            line.push_str(&format!(" --alias {alias}"));
        }
        let net = self.nets[i].name.clone();
        self.lines.push(format!("{line} {net} {c}"));
    }

    fn compose(&mut self) {
        let line = match self.rng.below(6) {
            0 | 1 => "docker compose up -d".to_string(),
            2 => "docker compose down".to_string(),
            3 => "docker compose up -d --force-recreate".to_string(),
            4 => format!("docker compose up -d --scale web={}", 1 + self.rng.below(3)),
            _ => "docker compose stop".to_string(),
        };
        self.lines.push(line);
    }

    fn step(&mut self) {
        match self.rng.below(100) {
            0..=11 if self.nets.len() < 6 => self.network_create(),
            0..=39 => self.run(),
            40..=59 => self.lifecycle(),
            60..=74 => self.connect(),
            75..=84 => self.compose(),
            85..=92 => {
                let s = 1 + self.rng.below(20);
                self.lines.push(format!("sleep {s}"));
            }
            93..=95 => {
                let nets: Vec<String> = self.nets.iter().map(|n| n.name.clone()).collect();
                if let Some(n) = self.pick(&nets).cloned() {
                    self.lines.push(format!("docker network rm {n}"));
                    self.nets.retain(|x| x.name != n);
                }
            }
            _ => {
                let nets: Vec<String> = self.nets.iter().map(|n| n.name.clone()).collect();
                if let Some(n) = self.pick(&nets).cloned() {
                    self.lines.push(format!("docker network inspect {n}"));
                }
            }
        }
    }
}

/// A compose file for the walk's `docker compose` commands: two or three
/// services on a front and a back network, with the features picked by the
/// seed (a subnet, a static address, aliases, a health check and a
/// dependency on it, a restart policy).
fn compose_file(rng: &mut Rng) -> String {
    let mut chance = |p: u64| rng.below(100) < p;
    let mut s = String::from("services:\n  web:\n    image: nginx\n    networks:\n      front:\n");
    if chance(50) {
        s.push_str("        aliases: [www]\n");
    }
    s.push_str("      back: {}\n");
    let healthy = chance(50);
    s.push_str("  db:\n    image: redis\n");
    if healthy {
        s.push_str(
            "    healthcheck:\n      test: [CMD, redis-cli, ping]\n      interval: 2s\n      retries: 2\n",
        );
    }
    s.push_str("    networks:\n      back:\n");
    let subnet = chance(60);
    if subnet && chance(50) {
        s.push_str("        ipv4_address: 10.250.0.10\n");
    }
    if chance(60) {
        s.push_str("  app:\n    image: alpine\n    command: sleep 40\n    networks: [back]\n");
        if chance(50) {
            s.push_str("    restart: always\n");
        }
        let condition = if healthy {
            "service_healthy"
        } else {
            "service_started"
        };
        s.push_str(&format!(
            "    depends_on:\n      db:\n        condition: {condition}\n"
        ));
    }
    s.push_str("networks:\n  front: {}\n  back:\n");
    if subnet {
        s.push_str("    ipam:\n      config:\n        - subnet: 10.250.0.0/24\n");
        if chance(50) {
            s.push_str("          ip_range: 10.250.0.128/25\n");
        }
    } else {
        s.push_str("    internal: false\n");
    }
    s
}

/// The walk of a seed, `steps` commands long.
pub fn generate(seed: u64, steps: usize) -> Walk {
    let mut g = Gen {
        rng: Rng::new(seed),
        nets: Vec::new(),
        containers: Vec::new(),
        next: 0,
        lines: Vec::new(),
    };
    let compose = compose_file(&mut g.rng);
    while g.lines.len() < steps {
        g.step();
    }
    Walk {
        seed,
        script: g.lines.join("\n") + "\n",
        compose,
    }
}

fn files(walk: &Walk) -> MemorySource {
    let mut fs = MemorySource::new();
    fs.insert(
        PathBuf::from(CWD).join("compose.yaml"),
        walk.compose.as_str(),
    );
    fs
}

fn options(walk: &Walk) -> PlayOptions {
    PlayOptions {
        cwd: PathBuf::from(CWD),
        seed: walk.seed,
        settle: Duration::from_secs(30),
        ..PlayOptions::default()
    }
}

/// Plays a walk, checking the invariants after every command: the
/// transcript with events, or the first broken invariant with the command
/// that broke it.
pub fn play_walk(walk: &Walk) -> Result<String, String> {
    let fs = files(walk);
    let mut session = Session::new(options(walk), &fs);
    let mut broken = None;
    let _ = session.run_script_with(&walk.script, |s| match invariants(&s.host) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            let step = s.steps.last().map(|st| st.text.clone()).unwrap_or_default();
            broken = Some(format!("after `{step}` (command {}): {e}", s.steps.len()));
            ControlFlow::Break(())
        }
    });
    if let Some(b) = broken {
        return Err(b);
    }
    session.settle();
    invariants(&session.host).map_err(|e| format!("after settling: {e}"))?;
    scene_agrees(&session.host)?;
    Ok(session.finish().transcript(true))
}

/// Plays a walk twice: the invariants hold after every step, and the
/// second transcript equals the first byte for byte.
pub fn check_walk(walk: &Walk) -> Result<(), String> {
    let first = play_walk(walk)?;
    let second = play_walk(walk)?;
    if first != second {
        let line = first
            .lines()
            .zip(second.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        return Err(format!(
            "a second run differs at transcript line {line}: {:?} vs {:?}",
            first.lines().nth(line),
            second.lines().nth(line)
        ));
    }
    Ok(())
}

/// The host's invariants.
pub fn invariants(host: &Host) -> Result<(), String> {
    unique_and_in_subnet(host)?;
    inspect_agrees(host)?;
    dns_scoping(host)
}

/// No two live endpoints share an address or a MAC on a network; every
/// address is inside its network's subnet, and inside its ip-range unless
/// it was asked for.
pub fn unique_and_in_subnet(host: &Host) -> Result<(), String> {
    for net in host.networks() {
        let mut ips: BTreeMap<Ipv4Addr, &str> = BTreeMap::new();
        let mut macs: BTreeMap<&str, &str> = BTreeMap::new();
        for c in host.containers() {
            let Some(ep) = c.attachments.get(&net.id).and_then(|a| a.endpoint.as_ref()) else {
                continue;
            };
            if let Some(ip) = ep.ip {
                if let Some(other) = ips.insert(ip, &c.name) {
                    return Err(format!(
                        "{} and {other} both have {ip} on {}",
                        c.name, net.name
                    ));
                }
                let Some(alloc) = &net.subnet else {
                    return Err(format!(
                        "{} has {ip} on {}, which has no subnet",
                        c.name, net.name
                    ));
                };
                if !alloc.subnet.contains(&ip) {
                    return Err(format!(
                        "{} has {ip}, outside {}'s subnet {}",
                        c.name, net.name, alloc.subnet
                    ));
                }
                if !ep.static_ip && !alloc.range.contains(&ip) {
                    return Err(format!(
                        "{} was given {ip}, outside {}'s ip-range {}",
                        c.name, net.name, alloc.range
                    ));
                }
                if Some(ip) == net.gateway {
                    return Err(format!("{} has {}'s gateway {ip}", c.name, net.name));
                }
            }
            if !ep.mac.is_empty() {
                if let Some(other) = macs.insert(ep.mac.as_str(), &c.name) {
                    return Err(format!(
                        "{} and {other} both have MAC {} on {}",
                        c.name, ep.mac, net.name
                    ));
                }
            }
        }
    }
    Ok(())
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// `docker network inspect` lists a container exactly when `docker
/// inspect` of it shows an endpoint on that network, with the same
/// endpoint, address and MAC.
pub fn inspect_agrees(host: &Host) -> Result<(), String> {
    let networks: Vec<(NetworkId, String, String)> = host
        .networks()
        .map(|n| (n.id, n.name.clone(), n.docker_id.clone()))
        .collect();
    let containers: Vec<(ContainerId, String, Value)> = host
        .containers()
        .map(|c| (c.id, c.docker_id.clone(), inspect::container(host, c.id)))
        .collect();
    for (net, name, docker_id) in &networks {
        let shown = inspect::network(host, *net);
        let listed = shown
            .get("Containers")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (_, cid, c) in &containers {
            let entry = c
                .pointer("/NetworkSettings/Networks")
                .and_then(|n| n.get(name.as_str()))
                .filter(|e| text(e, "NetworkID") == *docker_id);
            let from_container = entry.filter(|e| !text(e, "IPAddress").is_empty());
            let from_network = listed
                .get(cid.as_str())
                .filter(|e| !text(e, "IPv4Address").is_empty());
            match (from_container, from_network) {
                (None, None) => {}
                (Some(e), Some(n)) => {
                    let address = text(n, "IPv4Address");
                    let ip = address.split('/').next().unwrap_or("");
                    if text(e, "IPAddress") != ip
                        || text(e, "MacAddress") != text(n, "MacAddress")
                        || text(e, "EndpointID") != text(n, "EndpointID")
                    {
                        return Err(format!(
                            "inspect of {} on {name}: {} {} vs network inspect {address} {}",
                            text(c, "Name"),
                            text(e, "IPAddress"),
                            text(e, "MacAddress"),
                            text(n, "MacAddress")
                        ));
                    }
                }
                (Some(_), None) => {
                    return Err(format!(
                    "inspect of {} shows an address on {name}; network inspect does not list it",
                    text(c, "Name")
                ))
                }
                (None, Some(_)) => {
                    return Err(format!(
                        "network inspect of {name} lists {}; its inspect shows no address there",
                        text(c, "Name")
                    ))
                }
            }
        }
    }
    Ok(())
}

/// A running container's name resolves through the embedded DNS exactly
/// from the running containers that share a user-defined network with it,
/// to its addresses there; a container that is not running resolves from
/// nobody.
pub fn dns_scoping(host: &Host) -> Result<(), String> {
    let running: Vec<ContainerId> = host
        .containers()
        .filter(|c| c.is_running())
        .map(|c| c.id)
        .collect();
    let dns_networks = |id: ContainerId| -> Vec<NetworkId> {
        host.container(id)
            .endpoints()
            .filter(|ep| ep.ip.is_some())
            .map(|ep| ep.network)
            .filter(|n| host.network(*n).has_embedded_dns())
            .collect()
    };
    for target in host.containers() {
        let theirs = if target.is_running() {
            dns_networks(target.id)
        } else {
            Vec::new()
        };
        let addresses: Vec<Ipv4Addr> = target.endpoints().filter_map(|ep| ep.ip).collect();
        for &asker in &running {
            // A container in another's namespace asks from that one's
            // networks.
            let shared = dns_networks(host.netns_owner(asker))
                .iter()
                .any(|n| theirs.contains(n));
            let answer = dns::answer(host, asker, &target.name);
            let resolved = !answer.addrs.is_empty();
            if resolved != shared {
                return Err(format!(
                    "{} {} {} ({}; shares a user network: {shared})",
                    host.container(asker).name,
                    if resolved {
                        "resolves"
                    } else {
                        "does not resolve"
                    },
                    target.name,
                    if target.is_running() {
                        "running"
                    } else {
                        "not running"
                    },
                ));
            }
            if let Some(stray) = answer.addrs.iter().find(|a| !addresses.contains(a)) {
                return Err(format!(
                    "{} resolves {} to {stray}, not one of its addresses {addresses:?}",
                    host.container(asker).name,
                    target.name
                ));
            }
        }
    }
    Ok(())
}
