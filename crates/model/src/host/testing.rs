//! Test support for the host's parts and for [`crate::traffic`]: a fresh
//! host, a few builders, and [`play`], which runs a short script of host
//! operations and returns what happened as text. Each test then reads as an
//! input followed by the expected text (rust-analyzer's style, with plain
//! `assert_eq!` on strings).
//!
//! A script has one operation per line (blank lines and `#` comments are
//! skipped):
//!
//! ```text
//! engine 20.10                 the engine profile (first lines only; default 29)
//! no-forward                   the daemon does not forward (first lines only)
//! ---                          what came before is setup: it must succeed, and
//!                              its events are not shown
//! network create NAME [driver=D] [subnet=CIDR] [gateway=IP] [ip-range=CIDR] [internal]
//! network rm NAME | network prune
//! network connect NET CTR [ip=IP] [alias=A,B] | network disconnect NET CTR
//! create NAME [OPTIONS] | run NAME [OPTIONS]     NAME `-`: no name, the engine makes one up
//! start CTR | stop CTR | restart CTR | kill CTR [SIGNAL] | rm [-f] CTR | rename CTR NEW
//! advance DURATION
//! ping CTR TARGET | connect CTR TARGET | dns CTR NAME | lookup CTR NAME
//! request CTR (a request reaches proxy CTR, which forwards it)
//! names CTR | default-route CTR
//! volume create NAME | volume rm [-f] NAME
//! ```
//!
//! Container options: `net=A,B@PRIO` (networks in order, `@N` a gateway
//! priority), `ip=IP`, `alias=A,B`, `link=TARGET:ALIAS` and `mac=MAC` (on
//! the first network, `mac` for the container), `hostname=H`, `service=S`
//! (compose's project and service labels), `mode=host|none|container:X`,
//! `restart=POLICY`, `exit=DURATION:CODE`, `ready=DURATION`,
//! `connects=A:1,B:2`, `retry=DURATION`, `give-up` (a failed connection
//! ends the app), `health=true|false|ready` with `interval=`, `retries=`,
//! `start-period=`, `start-interval=`, `volume=NAME`, `add-host=NAME:IP`,
//! `legacy-link=TARGET:ALIAS` (a link on the default bridge),
//! `publish=HOST:CONTAINER`, `listen=PORT|ADDR:PORT,…`,
//! `image=IMAGE` (default nginx, which runs until stopped), `cmd=W1,W2`,
//! `upstream=HOST:PORT` (a proxy) with `per-request` (it resolves the name
//! for every request, not once at start).
//! A CTR of `-` is the last container created without a name, and a
//! TARGET or NAME of `-` the name the engine made up for it.
//!
//! The output has each event's `Display` line, `error: ...` for a failed
//! operation, and indented lines for the typed facts the one-line text
//! leaves out (a DNS answer's reason, a packet's route, how a name
//! resolved, the health a container starts with). Random ids, bridge and
//! veth names and random MACs are replaced by placeholders named after what
//! they belong to (`<web id>`, `br-<front>`, `veth<web/front>`,
//! `<mac web/front>`, `<anon>` for a made-up name, `#2` for the second of a
//! kind), so expectations do not depend on how the seeded generator is
//! used.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::*;
use crate::container::{EndpointSpec, HealthSpec, MountSpec, PortBinding};
use crate::traffic::{DnsReason, DropReason, Hop, Resolution};

/// The seed every test host uses.
pub(crate) const SEED: u64 = 7;

/// A fresh host of the newest engine.
pub(crate) fn host() -> Host {
    Host::new(EngineVersion::default(), SEED)
}

/// A fresh host of `engine`.
pub(crate) fn host_on(engine: EngineVersion) -> Host {
    Host::new(engine, SEED)
}

/// Creates a user-defined bridge network from the default pools.
pub(crate) fn net(h: &mut Host, name: &str) -> NetworkId {
    h.network_create(NetworkSpec {
        name: name.into(),
        ..NetworkSpec::default()
    })
    .expect("a fresh network name")
}

/// An nginx container (it runs until stopped) on `nets`, in that order.
pub(crate) fn spec(name: &str, nets: &[&str]) -> ContainerSpec {
    let mut spec = ContainerSpec::new("nginx");
    spec.name = Some(name.into());
    spec.endpoints = nets
        .iter()
        .map(|n| EndpointSpec {
            network: n.to_string(),
            ..EndpointSpec::default()
        })
        .collect();
    spec
}

/// Creates and starts an nginx container on `nets`.
pub(crate) fn run(h: &mut Host, name: &str, nets: &[&str]) -> ContainerId {
    run_spec(h, spec(name, nets))
}

/// Creates and starts a container.
pub(crate) fn run_spec(h: &mut Host, spec: ContainerSpec) -> ContainerId {
    let id = h.create(spec).expect("create");
    h.start_id(id).expect("start");
    id
}

/// A place in the event log, for [`log_since`].
pub(crate) fn mark(h: &Host) -> usize {
    h.events().len()
}

/// The events since `mark` as their `Display` lines (with placeholders for
/// random values), one per line.
pub(crate) fn log_since(h: &Host, mark: usize) -> String {
    let lines: Vec<String> = h.events()[mark..]
        .iter()
        .flat_map(|e| render(h, e))
        .collect();
    scrub(h, &lines.join("\n"))
}

/// Removes the indentation the expected text has in the test's source, and
/// its first and last blank lines.
pub(crate) fn trim_indent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| if l.len() >= indent { &l[indent..] } else { "" })
        .map(str::trim_end)
        .collect();
    let start = body.iter().position(|l| !l.is_empty()).unwrap_or(0);
    let end = body
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |e| e + 1);
    body[start..end.max(start)].join("\n")
}

/// Plays `script` and compares its text with `expected`.
pub(crate) fn check(script: &str, expected: &str) {
    let actual = play(script);
    assert_eq!(
        actual,
        trim_indent(expected),
        "\nthe script played:\n{actual}\n"
    );
}

/// Plays a script (see the module's documentation) on a fresh host and
/// returns what it did as text.
pub(crate) fn play(script: &str) -> String {
    play_on(script).0
}

/// [`play`], also handing back the host for tests that look further.
pub(crate) fn play_on(script: &str) -> (String, Host) {
    let mut lines: Vec<&str> = script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut engine = EngineVersion::default();
    let mut config = HostConfig::default();
    while let Some(first) = lines.first() {
        if let Some(version) = first.strip_prefix("engine ") {
            engine = version.parse().expect("an engine profile");
        } else if *first == "no-forward" {
            config.ip_forward = false;
        } else {
            break;
        }
        lines.remove(0);
    }
    let setup_len = lines.iter().position(|l| *l == "---");
    let mut player = Player {
        h: Host::with_config(engine, SEED, config),
        anon: None,
    };
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == setup_len {
            continue;
        }
        let in_setup = setup_len.is_some_and(|s| i < s);
        let mark = mark(&player.h);
        let result = player.step(line);
        if in_setup {
            if let Err(e) = result {
                panic!("setup line {line:?} failed: {e}");
            }
            continue;
        }
        let events = log_since(&player.h, mark);
        if !events.is_empty() {
            out.push(events);
        }
        match result {
            Ok(extra) => out.extend(extra.iter().map(|line| scrub(&player.h, line))),
            Err(e) => out.push(scrub(&player.h, &format!("error: {e}"))),
        }
    }
    let text = out.join("\n");
    (text, player.h)
}

struct Player {
    h: Host,
    /// The docker id of the last container created without a name.
    anon: Option<String>,
}

type Step = Result<Vec<String>, String>;

impl Player {
    fn key(&self, key: &str) -> String {
        if key == "-" {
            self.anon
                .clone()
                .expect("a container created without a name")
        } else {
            key.to_string()
        }
    }

    /// A name to look up: `-` is the made-up name of the last container
    /// created without one.
    fn target(&self, target: &str) -> String {
        match target {
            "-" => {
                let id = self.id("-").expect("created");
                self.h.container(id).name.clone()
            }
            _ => target.to_string(),
        }
    }

    fn id(&self, key: &str) -> Result<ContainerId, String> {
        let key = self.key(key);
        self.h
            .find_container(&key)
            .ok_or_else(|| format!("No such container: {key}"))
    }

    fn step(&mut self, line: &str) -> Step {
        let words: Vec<&str> = line.split_whitespace().collect();
        let (flags, opts) = options(&words);
        let err = |e: &dyn std::fmt::Display| e.to_string();
        let none = Ok(Vec::new());
        match words.as_slice() {
            ["network", "create", name, ..] => {
                let spec = NetworkSpec {
                    name: name.to_string(),
                    driver: opts.get("driver").copied().unwrap_or("bridge").into(),
                    internal: flags.contains(&"internal"),
                    ipam: ipam_of(&opts).into_iter().collect(),
                    ..NetworkSpec::default()
                };
                self.h.network_create(spec).map_err(|e| err(&e))?;
                none
            }
            ["network", "rm", name] => {
                self.h.network_remove(name).map_err(|e| err(&e))?;
                none
            }
            ["network", "prune"] => {
                let pruned = self.h.network_prune();
                Ok(vec![format!("pruned: {}", pruned.join(", "))])
            }
            ["network", "connect", net, ctr, ..] => {
                let endpoint = EndpointSpec {
                    network: net.to_string(),
                    aliases: list(opts.get("alias")),
                    ipv4_address: opts.get("ip").map(|ip| ip.parse().expect("an address")),
                    ..EndpointSpec::default()
                };
                let key = self.key(ctr);
                self.h
                    .network_connect(net, &key, endpoint)
                    .map_err(|e| err(&e))?;
                none
            }
            ["network", "disconnect", net, ctr] => {
                let key = self.key(ctr);
                self.h.network_disconnect(net, &key).map_err(|e| err(&e))?;
                none
            }
            [verb @ ("create" | "run"), name, ..] => {
                let spec = container_spec(name, &flags, &opts);
                let id = self.h.create(spec).map_err(|e| err(&e))?;
                if *name == "-" {
                    self.anon = Some(self.h.container(id).docker_id.clone());
                }
                if *verb == "run" {
                    self.h.start_id(id).map_err(|e| err(&e))?;
                }
                none
            }
            ["start", ctr] => {
                self.h.start(&self.key(ctr)).map_err(|e| err(&e))?;
                none
            }
            ["stop", ctr] => {
                self.h.stop(&self.key(ctr), None).map_err(|e| err(&e))?;
                none
            }
            ["restart", ctr] => {
                self.h.restart(&self.key(ctr), None).map_err(|e| err(&e))?;
                none
            }
            ["kill", ctr, signal @ ..] => {
                let signal = signal.first().copied().unwrap_or("KILL");
                self.h.kill(&self.key(ctr), signal).map_err(|e| err(&e))?;
                none
            }
            ["rm", "-f", ctr] | ["rm", ctr] => {
                let force = words.contains(&"-f");
                self.h.remove(&self.key(ctr), force).map_err(|e| err(&e))?;
                none
            }
            ["rename", ctr, new] => {
                self.h.rename(&self.key(ctr), new).map_err(|e| err(&e))?;
                none
            }
            ["advance", duration] => {
                self.h.advance(duration_of(duration));
                none
            }
            ["ping", ctr, target] => {
                let id = self.id(ctr)?;
                self.h.ping(id, &self.target(target));
                none
            }
            ["connect", ctr, target] => {
                let id = self.id(ctr)?;
                let (host, port) = split_host_port(&self.target(target));
                self.h.try_connect(id, &host, port);
                none
            }
            ["request", ctr] => {
                let id = self.id(ctr)?;
                self.h.forward(id);
                none
            }
            ["dns", ctr, name] => {
                let id = self.id(ctr)?;
                let name = self.target(name);
                crate::dns::query(&mut self.h, id, &name);
                none
            }
            ["lookup", ctr, name] => {
                let id = self.id(ctr)?;
                let name = self.target(name);
                let (addrs, resolution) = crate::dns::lookup_host(&mut self.h, id, &name);
                let addrs: Vec<String> = addrs.iter().map(|a| a.to_string()).collect();
                Ok(vec![format!(
                    "lookup {name}: [{}] from {}",
                    addrs.join(", "),
                    resolution_text(&resolution)
                )])
            }
            ["names", ctr] => {
                let id = self.id(ctr)?;
                Ok(latest_names(&self.h, id))
            }
            ["default-route", ctr] => {
                let id = self.id(ctr)?;
                let route = crate::traffic::default_route(&self.h, id);
                let name = self.h.container(id).name.clone();
                Ok(vec![match route {
                    Some(e) => format!(
                        "default route of {name}: {} via {}",
                        self.h.network(e.network).name,
                        e.gateway.expect("a default route has a gateway")
                    ),
                    None => format!("default route of {name}: none"),
                }])
            }
            ["volume", "create", name] => {
                self.h.volume_create(name, "local", IndexMap::new());
                none
            }
            ["volume", "rm", "-f", name] | ["volume", "rm", name] => {
                let force = words.contains(&"-f");
                self.h.volume_remove(name, force).map_err(|e| err(&e))?;
                none
            }
            _ => panic!("unknown script line {line:?}"),
        }
    }
}

/// The `key=value` options and bare flags after the first words.
fn options<'a>(words: &[&'a str]) -> (Vec<&'a str>, BTreeMap<&'a str, &'a str>) {
    let mut flags = Vec::new();
    let mut opts = BTreeMap::new();
    for word in words {
        match word.split_once('=') {
            Some((key, value)) => {
                opts.insert(key, value);
            }
            None => flags.push(*word),
        }
    }
    (flags, opts)
}

fn list(value: Option<&&str>) -> Vec<String> {
    value
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

fn duration_of(text: &str) -> Duration {
    crate::time::parse_duration(text).unwrap_or_else(|| panic!("a duration: {text}"))
}

/// The `ipam` entry a `network create` line asks for, if any.
fn ipam_of(opts: &BTreeMap<&str, &str>) -> Option<crate::network::IpamConfig> {
    let subnet = opts.get("subnet").map(|s| s.parse().expect("a subnet"));
    let ip_range = opts.get("ip-range").map(|s| s.parse().expect("a range"));
    let gateway = opts.get("gateway").map(|s| s.parse().expect("an address"));
    (subnet.is_some() || ip_range.is_some() || gateway.is_some()).then(|| {
        crate::network::IpamConfig {
            subnet,
            ip_range,
            gateway,
            ..Default::default()
        }
    })
}

fn container_spec(name: &str, flags: &[&str], opts: &BTreeMap<&str, &str>) -> ContainerSpec {
    let image = opts.get("image").copied().unwrap_or("nginx");
    let mut spec = ContainerSpec::new(image);
    spec.name = (name != "-").then(|| name.to_string());
    for (i, net) in list(opts.get("net")).into_iter().enumerate() {
        let (network, prio) = match net.split_once('@') {
            Some((n, p)) => (n.to_string(), p.parse().expect("a priority")),
            None => (net, 0),
        };
        let first = i == 0;
        spec.endpoints.push(EndpointSpec {
            network,
            gw_priority: prio,
            aliases: if first {
                list(opts.get("alias"))
            } else {
                Vec::new()
            },
            ipv4_address: opts
                .get("ip")
                .filter(|_| first)
                .map(|ip| ip.parse().expect("an address")),
            links: list(opts.get("link"))
                .into_iter()
                .filter(|_| first)
                .map(|l| {
                    let (t, a) = l.split_once(':').expect("TARGET:ALIAS");
                    (t.to_string(), a.to_string())
                })
                .collect(),
            ..EndpointSpec::default()
        });
    }
    spec.hostname = opts.get("hostname").map(|h| h.to_string());
    spec.mac_address = opts.get("mac").map(|m| m.to_string());
    if let Some(service) = opts.get("service") {
        spec.labels
            .insert(crate::compose::labels::PROJECT.into(), "proj".into());
        spec.labels
            .insert(crate::compose::labels::SERVICE.into(), service.to_string());
    }
    spec.network_mode = match opts.get("mode").copied() {
        None => NetworkMode::Default,
        Some("host") => NetworkMode::Host,
        Some("none") => NetworkMode::None,
        Some(other) => NetworkMode::Container(
            other
                .strip_prefix("container:")
                .expect("host, none or container:X")
                .to_string(),
        ),
    };
    if let Some(policy) = opts.get("restart") {
        spec.restart = RestartPolicy::parse(policy).expect("a restart policy");
    }
    if let Some(exit) = opts.get("exit") {
        let (after, code) = exit.split_once(':').expect("DURATION:CODE");
        spec.behaviour.exit_after = Some(duration_of(after));
        spec.behaviour.exit_code = code.parse().expect("an exit code");
    }
    spec.behaviour.ready_after = opts.get("ready").map(|d| duration_of(d));
    spec.behaviour.connects = opts.get("connects").map(|_| list(opts.get("connects")));
    spec.behaviour.retry_interval = opts.get("retry").map(|d| duration_of(d));
    spec.behaviour.listen = opts.get("listen").map(|_| {
        list(opts.get("listen"))
            .iter()
            .map(|l| match l.rsplit_once(':') {
                Some((ip, port)) => crate::container::Listen {
                    ip: ip.parse().expect("an address"),
                    port: port.parse().expect("a port"),
                },
                None => crate::container::Listen::any(l.parse().expect("a port")),
            })
            .collect()
    });
    spec.behaviour.exit_on_connect_failure = flags.contains(&"give-up");
    spec.behaviour.upstream = opts.get("upstream").map(|t| crate::container::Upstream {
        target: t.to_string(),
        per_request: flags.contains(&"per-request"),
    });
    if let Some(test) = opts.get("health") {
        let test = match *test {
            "true" => vec!["CMD".to_string(), "true".into()],
            "false" => vec!["CMD".to_string(), "false".into()],
            // Passes once the app is ready, as `mysqladmin ping` would.
            "ready" => vec!["CMD-SHELL".to_string(), "mysqladmin ping".into()],
            other => panic!("health=true|false|ready, not {other}"),
        };
        let mut health = HealthSpec {
            test,
            ..HealthSpec::default()
        };
        if let Some(d) = opts.get("interval") {
            health.interval = duration_of(d);
        }
        if let Some(n) = opts.get("retries") {
            health.retries = n.parse().expect("a count");
        }
        if let Some(d) = opts.get("start-period") {
            health.start_period = duration_of(d);
        }
        if let Some(d) = opts.get("start-interval") {
            health.start_interval = duration_of(d);
        }
        spec.health = Some(health);
    }
    if let Some(volume) = opts.get("volume") {
        spec.mounts.push(MountSpec {
            kind: MountKind::Volume,
            source: volume.to_string(),
            target: "/data".into(),
            read_only: false,
        });
    }
    if let Some(port) = opts.get("publish") {
        let (host_port, container_port) = port.split_once(':').expect("HOST:CONTAINER");
        spec.ports.push(PortBinding {
            host_ip: None,
            host_port: Some(host_port.parse().expect("a port")),
            container_port: container_port.parse().expect("a port"),
            protocol: "tcp".into(),
        });
    }
    for link in list(opts.get("legacy-link")) {
        let (target, alias) = link.split_once(':').expect("TARGET:ALIAS");
        spec.legacy_links
            .push((target.to_string(), alias.to_string()));
    }
    for entry in list(opts.get("add-host")) {
        let (name, ip) = entry.split_once(':').expect("NAME:IP");
        spec.extra_hosts.push((name.to_string(), ip.to_string()));
    }
    if let Some(cmd) = opts.get("cmd") {
        spec.command = list(Some(cmd));
    }
    spec
}

/// A network's name, also after it was removed.
fn network_name(h: &Host, id: NetworkId) -> String {
    h.events()
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::NetworkCreated { network, name, .. } if *network == id => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| id.to_string())
}

/// A container's latest name, also after it was removed.
fn container_name(h: &Host, id: ContainerId) -> String {
    let mut found = id.to_string();
    for e in h.events() {
        match &e.kind {
            EventKind::ContainerCreated {
                container, name, ..
            } if *container == id => found = name.clone(),
            EventKind::ContainerRenamed { container, new, .. } if *container == id => {
                found = new.clone()
            }
            _ => {}
        }
    }
    found
}

/// An event's `Display` line, then its typed facts that line leaves out.
fn render(h: &Host, e: &Event) -> Vec<String> {
    let mut lines = vec![e.to_string().trim_start().to_string()];
    match &e.kind {
        EventKind::NetworkCreated { embedded_dns, .. } => {
            lines.push(format!("  embedded dns: {embedded_dns}"));
        }
        EventKind::ContainerStarted {
            health: Some(health),
            ..
        } => lines.push(format!("  health: {}", health.as_str())),
        EventKind::DnsQuery { answer, .. } => {
            lines.push(format!("  reason: {}", reason_text(h, &answer.reason)));
        }
        EventKind::Ping {
            resolution, route, ..
        }
        | EventKind::ConnectAttempt {
            resolution, route, ..
        } => {
            lines.push(format!("  resolved from: {}", resolution_text(resolution)));
            if let Some(route) = route {
                lines.push(format!("  route: {}", route_text(h, route)));
            }
        }
        _ => {}
    }
    lines
}

fn resolution_text(resolution: &Resolution) -> &'static str {
    match resolution {
        Resolution::Literal => "literal",
        Resolution::Localhost => "localhost",
        Resolution::HostsFile => "hosts file",
        Resolution::Dns(_) => "dns",
    }
}

fn reason_text(h: &Host, reason: &DnsReason) -> String {
    let nets = |list: &[NetworkId]| {
        let names: Vec<String> = list.iter().map(|n| network_name(h, *n)).collect();
        format!("[{}]", names.join(", "))
    };
    match reason {
        DnsReason::Record { network } => format!("Record({})", network_name(h, *network)),
        DnsReason::Literal => "Literal".into(),
        DnsReason::NotOnAskersNetworks { searched } => {
            format!("NotOnAskersNetworks{}", nets(searched))
        }
        DnsReason::UpstreamUnreachable { searched } => {
            format!("UpstreamUnreachable{}", nets(searched))
        }
        DnsReason::InternalOnly { searched } => format!("InternalOnly{}", nets(searched)),
        DnsReason::NoEmbeddedDns => "NoEmbeddedDns".into(),
        DnsReason::NoEmbeddedDnsUnreachable => "NoEmbeddedDnsUnreachable".into(),
        DnsReason::NoNetwork => "NoNetwork".into(),
        DnsReason::NoNetworkLeft => "NoNetworkLeft".into(),
    }
}

/// A route as `web eth0 -> veth<web/front> -> br-<front> -> ... => verdict`.
pub(crate) fn route_text(h: &Host, route: &Route) -> String {
    let mut text = String::new();
    let mut hops: Vec<String> = Vec::new();
    for hop in &route.hops {
        match hop {
            Hop::Out {
                container,
                ifname,
                veth,
                ..
            } => {
                hops.push(format!("{} {ifname}", container_name(h, *container)));
                hops.extend(veth.clone());
            }
            Hop::Bridge { network, bridge } => hops.push(match bridge {
                Some(bridge) => bridge.clone(),
                None => format!("{} (no bridge)", network_name(h, *network)),
            }),
            Hop::In {
                container,
                ifname,
                veth,
                ..
            } => {
                hops.extend(veth.clone());
                hops.push(format!("{} {ifname}", container_name(h, *container)));
            }
            Hop::Loopback { container } => {
                hops.push(format!("{} lo", container_name(h, *container)))
            }
            Hop::HostStack => hops.push("host".into()),
        }
    }
    if hops.is_empty() {
        text.push_str("(no hop)");
    } else {
        text.push_str(&hops.join(" -> "));
    }
    let _ = match &route.verdict {
        Verdict::Delivered(Peer::Container(c)) => {
            write!(text, " => delivered to {}", container_name(h, *c))
        }
        Verdict::Delivered(Peer::Host) => write!(text, " => delivered to the host"),
        Verdict::Dropped(reason) => write!(text, " => dropped: {}", drop_text(h, reason)),
    };
    text
}

fn drop_text(h: &Host, reason: &DropReason) -> String {
    match reason {
        DropReason::SenderNotRunning => "SenderNotRunning".into(),
        DropReason::NoNetwork => "NoNetwork".into(),
        DropReason::NoSuchAddress { network } => {
            format!("NoSuchAddress({})", network_name(h, *network))
        }
        DropReason::OtherNetwork { network, holder } => format!(
            "OtherNetwork({}, {})",
            network_name(h, *network),
            holder.map_or("nobody".into(), |c| container_name(h, c))
        ),
        DropReason::Internal => "Internal".into(),
        DropReason::NoRoute => "NoRoute".into(),
        DropReason::OutsideHost => "OutsideHost".into(),
    }
}

/// The names (and why each is there) of the latest `DnsRegistered` event
/// of container `id` on each network.
fn latest_names(h: &Host, id: ContainerId) -> Vec<String> {
    let mut latest: IndexMap<NetworkId, &[DnsName]> = IndexMap::new();
    for e in h.events() {
        if let EventKind::DnsRegistered {
            container,
            network,
            names,
            ..
        } = &e.kind
        {
            if *container == id {
                latest.insert(*network, names);
            }
        }
    }
    if latest.is_empty() {
        return vec![format!("names of {}: none", container_name(h, id))];
    }
    latest
        .iter()
        .map(|(net, names)| {
            let names: Vec<String> = names
                .iter()
                .map(|n| format!("{} {:?}", n.name, n.source))
                .collect();
            format!("names on {}: {}", network_name(h, *net), names.join(", "))
        })
        .collect()
}

/// Replaces random values (ids, bridge and veth names, random MACs, names
/// the engine made up) with placeholders named after what they belong to.
pub(crate) fn scrub(h: &Host, text: &str) -> String {
    let mut subs: Vec<(String, String)> = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut label = |base: String| {
        let n = counts.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}#{n}")
        }
    };
    // What each container is called in placeholders: its name, or `anon`
    // for a name the engine made up (which becomes `<anon>` in the text).
    let mut who: BTreeMap<String, String> = BTreeMap::new();
    for e in h.events() {
        match &e.kind {
            EventKind::ContainerCreated {
                container,
                docker_id,
                name,
                ..
            } => {
                let anonymous = h.containers.get(container).is_some_and(|c| c.anonymous);
                let called = if anonymous {
                    let anon = label("anon".into());
                    subs.push((name.clone(), format!("<{anon}>")));
                    anon
                } else {
                    name.clone()
                };
                who.insert(name.clone(), called.clone());
                let id = label(format!("<{called} id>"));
                subs.push((docker_id.clone(), id.clone()));
                subs.push((docker_id[..12].to_string(), id));
            }
            EventKind::NetworkCreated {
                docker_id, name, ..
            } => {
                subs.push((docker_id.clone(), format!("<{name} id>")));
                subs.push((format!("br-{}", &docker_id[..12]), format!("br-<{name}>")));
            }
            EventKind::InterfaceCreated {
                name,
                network_name,
                mac,
                veth,
                ..
            } => {
                let who = who.get(name).cloned().unwrap_or_else(|| name.clone());
                if let Some(veth) = veth {
                    subs.push((
                        veth.name.clone(),
                        label(format!("veth<{who}/{network_name}>")),
                    ));
                }
                if !h.engine().mac_from_ip() {
                    subs.push((mac.clone(), label(format!("<mac {who}/{network_name}>"))));
                }
            }
            _ => {}
        }
    }
    crate::order::sort_by_key(&mut subs, |(key, _)| std::cmp::Reverse(key.len()));
    let mut text = text.to_string();
    for (key, placeholder) in subs {
        text = text.replace(&key, &placeholder);
    }
    text
}
