//! Holds the simulator to real Docker engines. Every folder under
//! `tests/oracle` was played on Docker Engines 20.10, 26 and 28 with
//! Compose 2.40.3 by `tests/oracle/record.sh`, which wrote what each engine
//! showed afterwards (`facts.json` for 20.10, `facts-26.json`,
//! `facts-28.json`): networks, containers, what each running container
//! sees inside (interfaces, routes, /etc/hosts, /etc/resolv.conf), the DNS
//! answer every running container gets for every interesting name, and
//! whether it can ping every address of every other container.
//!
//! This test plays the same `script.sh` on the simulator once per recorded
//! engine, with the profile of that engine's version (the facts' `engine`
//! field), on a host configured like the recording machine (its address,
//! routes and nameservers, forwarding off, every image a BusyBox whose
//! command is `sleep`), extracts the same facts the same way, and compares
//! each one. Nothing is waived: a difference is a bug in the simulator.
//!
//! Where the real engine is not deterministic the comparison does not
//! depend on the order, and the scenario says so in a header line
//! `# order-free: …`:
//! - `networks`: Compose creates a project's networks in parallel, so which
//!   network gets which pool varies. Subnets and gateways are compared as a
//!   set, and everywhere else an address is replaced by what it is
//!   (`<ip:web@front>`, `<gw:front>`, `<subnet:front>`).
//! - `addresses`: independent Compose services start in parallel, so which
//!   container gets which address on a network varies. Each network's
//!   addresses are compared as a set, and everywhere else container
//!   addresses and MACs are replaced by `<ip:container@network>`.
//! - `hosts`: several legacy links are written to /etc/hosts in Go map
//!   order, which varies; the lines are compared as a set.
//!
//! Engine 28 varies where the older ones do not:
//! - MAC addresses are random: a MAC is compared as `random` when it is not
//!   the 02:42 + IPv4 form the older engines derive (which would show up);
//! - a container started on several networks at once (a compose service,
//!   a restart) joins them in an order that is neither sorted nor stable
//!   between runs, so which `ethN` carries which network varies (the
//!   default route and the DNS still follow the sorted order): with
//!   `# order-free: interfaces`, a container with several interfaces has
//!   them compared as `eth*` in `interfaces` and `routes` on an engine that
//!   does not sort its endpoints.
//!
//! DNS answers are always compared as sets: the embedded DNS shuffles
//! records on every query. Random ids are tokens named after their object
//! (`<id:web>`, `<net:front>`) on both sides. Routes are compared without
//! iproute2's `proto kernel`, which BusyBox's `ip` (the recording image's)
//! does not print.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use composenet_loader::MemorySource;
use composenet_model::container::Status;
use composenet_model::dns;
use composenet_model::{ContainerId, EngineVersion, Host, HostConfig, LocalImage};
use composenet_play::{inspect, tools};
use composenet_play::{play, PlayOptions};
use serde_json::{json, Map, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn oracle_dir() -> PathBuf {
    repo().join("tests/oracle")
}

/// Whether a file holds recorded facts (`facts.json`, `facts-26.json`).
fn is_facts(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_str().unwrap();
    name.starts_with("facts") && name.ends_with(".json")
}

/// The facts files of a scenario folder, sorted.
fn facts_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && is_facts(p))
        .collect();
    files.sort();
    files
}

/// The facts file each recorded engine writes.
const ENGINE_FILES: [(&str, &str); 3] = [
    ("20.10.", "facts.json"),
    ("26.", "facts-26.json"),
    ("28.", "facts-28.json"),
];

/// Words of the script's `# key: a b c` header lines.
fn header(script: &str, key: &str) -> Vec<String> {
    script
        .lines()
        .filter_map(|l| l.trim_start_matches('#').trim().strip_prefix(key))
        .filter_map(|rest| rest.strip_prefix(':'))
        .flat_map(|rest| rest.split_whitespace().map(str::to_string))
        .collect()
}

/// The recording machine, as the simulated host.
fn host_config(facts: &Value) -> HostConfig {
    let h = &facts["host"];
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let words = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(_) => strings(v),
            _ => Vec::new(),
        }
    };
    let mut images = indexmap::IndexMap::new();
    for (name, image) in facts["images"].as_object().unwrap() {
        images.insert(
            name.clone(),
            LocalImage {
                entrypoint: words(&image["Entrypoint"]),
                cmd: words(&image["Cmd"]),
            },
        );
    }
    let mut etc_hosts = strings(&h["etc_hosts"]).join("\n");
    etc_hosts.push('\n');
    HostConfig {
        hostname: h["hostname"].as_str().unwrap().to_string(),
        ip: h["ip"].as_str().unwrap().parse().unwrap(),
        gateway: h["gateway"].as_str().unwrap().parse().unwrap(),
        etc_hosts,
        routes: strings(&h["routes"])
            .iter()
            .map(|r| r.parse().unwrap())
            .collect(),
        nameservers: strings(&h["nameservers"])
            .iter()
            .map(|r| r.parse().unwrap())
            .collect(),
        search: strings(&h["search"]),
        ip_forward: h["ip_forward"].as_bool().unwrap(),
        // Recorded since the chroot engines, whose namespace has no way out;
        // the machine's own engine reached its resolver.
        host_resolves: h["host_resolves"].as_bool().unwrap_or(true),
        images,
    }
}

/// Replaces random ids by tokens named after their object, as the recorder
/// does; `renamed` maps the tokens of made-up container names to the names.
struct Ids {
    pairs: Vec<(String, String)>,
    renamed: Vec<(String, String)>,
}

impl Ids {
    fn norm(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (full, token) in &self.pairs {
            out = out.replace(full, token);
        }
        for (full, token) in &self.pairs {
            out = out.replace(&full[..12], token);
        }
        for (token, name) in &self.renamed {
            out = replace_word(&out, name, token);
        }
        out
    }

    fn norm_value(&self, v: &Value) -> Value {
        match v {
            Value::String(s) => Value::String(self.norm(s)),
            Value::Array(a) => Value::Array(a.iter().map(|v| self.norm_value(v)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (self.norm(k), self.norm_value(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A token back to what the engine knows (a short id, a made-up name),
    /// to ask the DNS for it.
    fn real(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (full, token) in &self.pairs {
            out = out.replace(token, &full[..12]);
        }
        for (token, name) in &self.renamed {
            out = out.replace(token, name);
        }
        out
    }
}

/// Replaces `word` in `text` where it stands alone (not inside a longer
/// name made of letters, digits, `_`, `.` and `-`).
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = if at > 0 {
            rest[..at].chars().last()
        } else {
            out.chars().last()
        };
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(part) || after.is_some_and(part) {
            out.push_str(word);
        } else {
            out.push_str(by);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// Every word of the scenario's files: a container name the script gives
/// appears among them; any other name was made up by the engine.
fn scenario_words(dir: &Path) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            words.extend(scenario_words(&path));
        } else if !is_facts(&path) {
            let text = std::fs::read_to_string(&path).unwrap();
            words.extend(
                text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        }
    }
    words
}

/// BusyBox `nslookup` output as the recorder reads it.
fn parse_nslookup(out: &tools::Output) -> Value {
    let text = &format!("{}{}", out.stdout, out.stderr);
    if text.contains("timed out") || text.contains("no servers could be reached") {
        return json!("no answer");
    }
    if text.contains("Network is unreachable") {
        return json!("unreachable");
    }
    if let Some(rest) = text.split("can't find ").nth(1) {
        let code = rest
            .split(": ")
            .nth(1)
            .unwrap_or("")
            .split_whitespace()
            .next()
            .unwrap_or("");
        return json!(if code == "No" { "NODATA" } else { code });
    }
    let mut addrs: Vec<Ipv4Addr> = text
        .split("Non-authoritative answer:")
        .nth(1)
        .unwrap_or("")
        .lines()
        .filter_map(|l| l.strip_prefix("Address:"))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    addrs.sort();
    addrs.dedup();
    if out.status == 0 && !addrs.is_empty() {
        json!(addrs.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    } else {
        json!(format!("unparsed: {}", text.trim()))
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

/// The facts of the simulated host, extracted the way `record.py` extracts
/// them from the engine.
fn observe(host: &mut Host, script: &str, words: &BTreeSet<String>) -> Value {
    // Names the engine made up become <random:N> in creation order, which
    // is the order of the host's containers.
    let mut renamed = Vec::new();
    for c in host.containers() {
        if !words.contains(&c.name)
            && !c
                .spec
                .labels
                .contains_key(composenet_model::compose::labels::PROJECT)
        {
            renamed.push((format!("<random:{}>", renamed.len() + 1), c.name.clone()));
        }
    }
    let mut pairs = Vec::new();
    for c in host.containers() {
        let name = renamed
            .iter()
            .find(|(_, n)| *n == c.name)
            .map_or(c.name.clone(), |(t, _)| t.clone());
        pairs.push((c.docker_id.clone(), format!("<id:{name}>")));
    }
    // A container in the namespace of one that was removed keeps that
    // one's id, as record.py's <id:removed>.
    for c in host.containers() {
        if let composenet_model::NetworkMode::Container(target) = &c.spec.network_mode {
            if host.find_container(target).is_none() && target.len() >= 12 {
                pairs.push((target.clone(), "<id:removed>".to_string()));
            }
        }
    }
    for n in host.networks() {
        pairs.push((n.docker_id.clone(), format!("<net:{}>", n.name)));
    }
    let ids = Ids { pairs, renamed };

    let mut nets: Vec<Value> = host
        .networks()
        .map(|n| rename_all(&ids, inspect::network(host, n.id)))
        .collect();
    nets.sort_by(|a, b| a["Name"].as_str().cmp(&b["Name"].as_str()));
    let networks: Vec<Value> = nets
        .iter()
        .map(|n| {
            let mut members: Vec<&str> = n["Containers"]
                .as_object()
                .unwrap()
                .values()
                .map(|c| c["Name"].as_str().unwrap())
                .collect();
            members.sort();
            json!({
                "name": n["Name"],
                "driver": n["Driver"],
                "internal": n["Internal"],
                "ipam": n["IPAM"]["Config"],
                "containers": members,
            })
        })
        .collect();

    let mut ctrs: Vec<(ContainerId, Value)> = host
        .containers()
        .map(|c| (c.id, rename_all(&ids, inspect::container(host, c.id))))
        .collect();
    ctrs.sort_by(|a, b| a.1["Name"].as_str().cmp(&b.1["Name"].as_str()));
    let name_of = |c: &Value| {
        c["Name"]
            .as_str()
            .unwrap()
            .trim_start_matches('/')
            .to_string()
    };

    let mut containers = Vec::new();
    let mut running = Vec::new();
    for (id, c) in &ctrs {
        let mut nets = Map::new();
        for (net, ep) in c["NetworkSettings"]["Networks"].as_object().unwrap() {
            nets.insert(
                net.clone(),
                json!({
                    "ip": ep["IPAddress"],
                    "prefix": ep["IPPrefixLen"],
                    "gateway": ep["Gateway"],
                    "mac": ep["MacAddress"],
                    "aliases": ids.norm_value(&ep["Aliases"]),
                    "links": ep["Links"],
                }),
            );
        }
        let mut fact = json!({
            "name": name_of(c),
            "status": c["State"]["Status"],
            "health": c["State"]["Health"]["Status"],
            "exit_code": c["State"]["ExitCode"],
            "restart_count": c["RestartCount"],
            "network_mode": ids.norm_value(&c["HostConfig"]["NetworkMode"]),
            "hostname": ids.norm_value(&c["Config"]["Hostname"]),
            "networks": nets,
        });
        let refused = host.exec_refused(*id);
        if let Some(err) = refused
            .as_ref()
            .filter(|_| host.container(*id).status == Status::Running)
        {
            // Nothing can be asked inside it: the refusal is the fact.
            fact.as_object_mut().unwrap().insert(
                "exec".into(),
                json!(format!("Error response from daemon: {err}")),
            );
        } else if host.container(*id).status == Status::Running {
            let interfaces: Vec<String> = tools::ip_o4_addr(host, *id)
                .stdout
                .lines()
                .filter_map(|l| {
                    let (_, rest) = l.split_once(": ")?;
                    let mut w = rest.split_whitespace();
                    let ifname = w.next()?;
                    (w.next()? == "inet").then(|| format!("{ifname} {}", w.next().unwrap()))
                })
                .collect();
            let routes: Vec<String> = tools::ip_route(host, *id)
                .stdout
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            let obj = fact.as_object_mut().unwrap();
            obj.insert("interfaces".into(), ids.norm_value(&json!(interfaces)));
            obj.insert("routes".into(), ids.norm_value(&json!(routes)));
            obj.insert(
                "hosts".into(),
                ids.norm_value(&json!(lines(&dns::hosts_file(host, *id)))),
            );
            obj.insert(
                "resolv_conf".into(),
                json!(lines(&dns::resolv_conf(host, *id))),
            );
            running.push((*id, name_of(c)));
        }
        containers.push(fact);
    }

    // Every name worth asking for, by the recorder's rules.
    let mut names: BTreeSet<String> = header(script, "names").into_iter().collect();
    for (_, c) in &ctrs {
        names.insert(name_of(c));
        names.insert(ids.norm(c["Config"]["Hostname"].as_str().unwrap()));
        if let Some(svc) = c["Config"]["Labels"]["com.docker.compose.service"].as_str() {
            names.insert(svc.to_string());
        }
        for ep in c["NetworkSettings"]["Networks"]
            .as_object()
            .unwrap()
            .values()
        {
            for a in ep["Aliases"].as_array().into_iter().flatten() {
                names.insert(ids.norm(a.as_str().unwrap()));
            }
            for l in ep["Links"].as_array().into_iter().flatten() {
                names.insert(l.as_str().unwrap().rsplit(':').next().unwrap().into());
            }
        }
        for l in c["HostConfig"]["Links"].as_array().into_iter().flatten() {
            names.insert(l.as_str().unwrap().rsplit('/').next().unwrap().into());
        }
    }
    let mut dns_facts = Map::new();
    for (id, name) in &running {
        let mut answers = Map::new();
        for n in &names {
            let out = tools::nslookup(host, *id, &ids.real(n));
            answers.insert(n.clone(), parse_nslookup(&out));
        }
        dns_facts.insert(name.clone(), Value::Object(answers));
    }

    let mut targets = Vec::new();
    for (_, c) in &ctrs {
        for (net, ep) in c["NetworkSettings"]["Networks"].as_object().unwrap() {
            if let Some(ip) = ep["IPAddress"].as_str().filter(|s| !s.is_empty()) {
                targets.push((format!("{}@{net}", name_of(c)), ip.to_string(), name_of(c)));
            }
        }
    }
    let mut ping_facts = Map::new();
    for (id, name) in &running {
        let mut result = Map::new();
        for (key, ip, owner) in &targets {
            if owner != name {
                let ok = tools::ping(host, *id, ip, 1).status == 0;
                result.insert(key.clone(), json!(ok));
            }
        }
        ping_facts.insert(name.clone(), Value::Object(result));
    }

    json!({
        "networks": networks,
        "containers": containers,
        "dns": dns_facts,
        "ping": ping_facts,
    })
}

/// Made-up container names replaced in every string of an inspect value
/// (ids stay: they are replaced field by field, as the recorder does).
fn rename_all(ids: &Ids, v: Value) -> Value {
    match v {
        Value::String(s) => {
            let mut out = s;
            for (token, name) in &ids.renamed {
                out = replace_word(&out, name, token);
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|v| rename_all(ids, v)).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, v)| (k, rename_all(ids, v)))
                .collect(),
        ),
        other => other,
    }
}

/// The facts in the form they are compared in: `proto kernel` dropped from
/// routes, and the order-free parts made independent of the order.
fn canonical(facts: &Value, order_free: &[String], engine: EngineVersion) -> Value {
    let f = json!({
        "networks": facts["networks"],
        "containers": facts["containers"],
        "dns": facts["dns"],
        "ping": facts["ping"],
    });
    // The id of a container removed before the observation has no token
    // (nothing names it any more), yet stays in what another container
    // kept: the hostname and network mode of one in its namespace.
    let mut f = gone_ids(&f);
    if !engine.mac_from_ip() {
        random_macs(&mut f);
    }
    let by_interfaces = !engine.sorts_endpoints() && order_free.iter().any(|o| o == "interfaces");
    let by_networks = order_free.iter().any(|o| o == "networks");
    let by_addresses = by_networks || order_free.iter().any(|o| o == "addresses");
    let mut f = if by_addresses {
        symbolic(&f, by_networks)
    } else {
        f
    };
    for c in f["containers"].as_array_mut().unwrap() {
        if let Some(routes) = c.get_mut("routes").and_then(Value::as_array_mut) {
            for r in routes.iter_mut() {
                *r = json!(r.as_str().unwrap().replace(" proto kernel", ""));
            }
            // The kernel lists link routes by destination, which depends on
            // which network got which pool.
            if by_networks {
                routes.sort_by_key(|r| {
                    let r = r.as_str().unwrap();
                    (!r.starts_with("default"), r.to_string())
                });
            }
        }
        // A container on several networks joins them in Go map order when
        // it starts (moby daemon/container_operations.go, allocateNetwork),
        // so the order of its interfaces by index and of its own lines in
        // /etc/hosts varies; the names eth0..N do not.
        let several = c["interfaces"].as_array().is_some_and(|i| {
            i.iter()
                .filter(|i| !i.as_str().unwrap().starts_with("lo "))
                .count()
                > 1
        });
        if by_interfaces && several {
            for key in ["interfaces", "routes"] {
                for line in c[key].as_array_mut().unwrap() {
                    *line = json!(unnamed_interfaces(line.as_str().unwrap()));
                }
            }
        }
        if let Some(ifaces) = c.get_mut("interfaces").and_then(Value::as_array_mut) {
            ifaces.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
        if let Some(hosts) = c.get_mut("hosts").and_then(Value::as_array_mut) {
            if order_free.iter().any(|o| o == "hosts") {
                hosts.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            } else {
                sort_own_lines(hosts);
            }
        }
    }
    // DNS answers are sets; after symbols replaced addresses, sort again.
    for answers in f["dns"].as_object_mut().unwrap().values_mut() {
        for a in answers.as_object_mut().unwrap().values_mut() {
            if let Some(list) = a.as_array_mut() {
                list.sort_by(|x, y| x.as_str().cmp(&y.as_str()));
            }
        }
    }
    f
}

/// Every bare container id (12 or 64 hexadecimal digits standing alone)
/// left after the tokens replaced the known ones, as `<id:removed>`.
fn gone_ids(v: &Value) -> Value {
    let text = |s: &str| -> String {
        let mut out = String::new();
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let hex = word
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if hex && (word.len() == 12 || word.len() == 64) {
                out.push_str("<id:removed>");
            } else {
                out.push_str(word);
            }
            word.clear();
        };
        for ch in s.chars() {
            if ch.is_ascii_alphanumeric() {
                word.push(ch);
            } else {
                flush(&mut word, &mut out);
                out.push(ch);
            }
        }
        flush(&mut word, &mut out);
        out
    };
    match v {
        Value::String(s) => Value::String(text(s)),
        Value::Array(a) => Value::Array(a.iter().map(gone_ids).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (text(k), gone_ids(v))).collect()),
        other => other.clone(),
    }
}

/// `ethN` names replaced by `eth*`, for containers whose networks the
/// engine joins in an order that varies.
fn unnamed_interfaces(line: &str) -> String {
    line.split(' ')
        .map(|w| match w.strip_prefix("eth") {
            Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => "eth*",
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Replaces every MAC address that is not the 02:42 + IPv4 form by
/// `random` (engine 28 draws them at random).
fn random_macs(f: &mut Value) {
    for c in f["containers"].as_array_mut().unwrap() {
        for ep in c["networks"].as_object_mut().unwrap().values_mut() {
            let derived = ep["ip"]
                .as_str()
                .and_then(|ip| ip.parse::<Ipv4Addr>().ok())
                .map(|ip| {
                    let [a, b, c, d] = ip.octets();
                    format!("02:42:{a:02x}:{b:02x}:{c:02x}:{d:02x}")
                });
            let mac = ep["mac"].as_str().unwrap_or("");
            if !mac.is_empty() && Some(mac) != derived.as_deref() {
                ep["mac"] = json!("random");
            }
        }
    }
}

/// The facts with every address replaced by what it is, and the addresses
/// themselves kept as sets: per network when only container addresses
/// vary, over all networks when the networks' pools vary too.
fn symbolic(f: &Value, by_networks: bool) -> Value {
    let mut symbols: BTreeMap<String, String> = BTreeMap::new();
    let mut sets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if by_networks {
        for n in f["networks"].as_array().unwrap() {
            let name = n["name"].as_str().unwrap();
            for cfg in n["ipam"].as_array().unwrap() {
                for (key, kind) in [
                    ("Subnet", "subnet"),
                    ("Gateway", "gw"),
                    ("IPRange", "range"),
                ] {
                    if let Some(v) = cfg[key].as_str() {
                        symbols.insert(v.to_string(), format!("<{kind}:{name}>"));
                        sets.entry(format!("{key} of every network"))
                            .or_default()
                            .insert(v.to_string());
                    }
                }
            }
        }
    }
    // Where pools vary, an address is kept as its offset in its subnet.
    let mut bases: BTreeMap<String, u32> = BTreeMap::new();
    for n in f["networks"].as_array().unwrap() {
        if let Some(subnet) = n["ipam"][0]["Subnet"].as_str() {
            let (addr, len) = subnet.split_once('/').unwrap();
            let addr: Ipv4Addr = addr.parse().unwrap();
            let mask = u32::MAX
                .checked_shl(32 - len.parse::<u32>().unwrap())
                .unwrap_or(0);
            bases.insert(
                n["name"].as_str().unwrap().to_string(),
                u32::from(addr) & mask,
            );
        }
    }
    for c in f["containers"].as_array().unwrap() {
        let cname = c["name"].as_str().unwrap();
        for (net, ep) in c["networks"].as_object().unwrap() {
            if let Some(ip) = ep["ip"].as_str().filter(|s| !s.is_empty()) {
                symbols.insert(ip.to_string(), format!("<ip:{cname}@{net}>"));
                let kept = match bases.get(net).filter(|_| by_networks) {
                    Some(base) => {
                        let addr: Ipv4Addr = ip.parse().unwrap();
                        format!("<subnet:{net}>+{}", u32::from(addr) - base)
                    }
                    None => ip.to_string(),
                };
                sets.entry(format!("addresses on {net}"))
                    .or_default()
                    .insert(kept);
            }
            if let Some(mac) = ep["mac"].as_str().filter(|s| !s.is_empty()) {
                symbols.insert(mac.to_string(), format!("<mac:{cname}@{net}>"));
            }
        }
    }
    let mut f = symbolize(f, &symbols);
    f.as_object_mut().unwrap().insert(
        "order-free sets".into(),
        json!(sets
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().collect::<Vec<_>>()))
            .collect::<BTreeMap<_, _>>()),
    );
    f
}

/// Sorts the trailing lines of a hosts file that name the container itself
/// (the same names as the last line): one per network, in join order.
fn sort_own_lines(hosts: &mut [Value]) {
    let names = |v: &Value| {
        v.as_str()
            .unwrap_or("")
            .split_once('\t')
            .map(|(_, n)| n.to_string())
    };
    let Some(own) = hosts.last().and_then(names) else {
        return;
    };
    let start = hosts.len()
        - hosts
            .iter()
            .rev()
            .take_while(|l| names(l).as_deref() == Some(own.as_str()))
            .count();
    hosts[start..].sort_by(|a, b| a.as_str().cmp(&b.as_str()));
}

/// Replaces every address, subnet and MAC in every string by its symbol.
fn symbolize(v: &Value, symbols: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(symbolize_text(s, symbols)),
        Value::Array(a) => Value::Array(a.iter().map(|v| symbolize(v, symbols)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (symbolize_text(k, symbols), symbolize(v, symbols)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn symbolize_text(s: &str, symbols: &BTreeMap<String, String>) -> String {
    // Tokens are runs of hex digits, dots, colons and slashes: an address
    // (`172.18.0.3`), a CIDR (`172.18.0.0/16`) or a MAC.
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if !token.is_empty() {
            let replaced = symbols.get(token.as_str()).cloned().or_else(|| {
                let (ip, len) = token.split_once('/')?;
                symbols.get(ip).map(|s| format!("{s}/{len}"))
            });
            out.push_str(&replaced.unwrap_or_else(|| token.clone()));
            token.clear();
        }
    };
    for ch in s.chars() {
        if ch.is_ascii_hexdigit() || matches!(ch, '.' | ':' | '/') {
            token.push(ch);
        } else {
            flush(&mut token, &mut out);
            out.push(ch);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// Flattens facts into `path -> value`, naming list items that have a
/// `name` by it, so a difference reads `containers.web.networks.app.ip`.
fn flatten(prefix: &str, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::Array(a) if a.iter().all(|x| x.get("name").is_some()) && !a.is_empty() => {
            for x in a {
                flatten(&format!("{prefix}.{}", x["name"].as_str().unwrap()), x, out);
            }
        }
        other => {
            out.insert(
                prefix.trim_start_matches('.').to_string(),
                other.to_string(),
            );
        }
    }
}

/// Plays one scenario on the simulator once per recorded engine and
/// compares every fact; the failure lists every engine's differences.
fn check(name: &str) {
    let failures = check_folder(&oracle_dir().join(name));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Plays the scenario of one folder once per recorded engine: every
/// engine's differences.
fn check_folder(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_str().unwrap();
    facts_files(dir)
        .iter()
        .filter_map(|file| check_engine(name, dir, file).err())
        .collect()
}

/// The scenario folders directly under `base`, sorted.
fn scenario_folders(base: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(base)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    folders.retain(|p| p.join("script.sh").is_file());
    folders.sort();
    folders
}

/// The generated scenarios (`tests/oracle/generated`, written by
/// `oracle-gen` and recorded like the others), or those of the folder
/// `ORACLE_GENERATED` names: a longer run's, made by `tests/oracle/fuzz.sh`.
/// A folder without facts (the recorder refused it: a line failed that was
/// not marked) is listed as such.
#[test]
fn generated() {
    let base = std::env::var_os("ORACLE_GENERATED")
        .map(PathBuf::from)
        .unwrap_or_else(|| oracle_dir().join("generated"));
    let folders = scenario_folders(&base);
    let mut failures = Vec::new();
    let mut failed = 0;
    for dir in &folders {
        let mut found = check_folder(dir);
        if facts_files(dir).is_empty() {
            found.push(format!(
                "{}: no facts (the recorder refused it, or it was never recorded)",
                dir.display()
            ));
        }
        if !found.is_empty() {
            failed += 1;
        }
        failures.extend(found);
    }
    assert!(!folders.is_empty(), "no scenarios under {}", base.display());
    assert!(
        failures.is_empty(),
        "{failed} of {} generated scenarios differ from the engines\n\n{}",
        folders.len(),
        failures.join("\n\n")
    );
}

/// Plays one scenario with the profile of the engine one facts file was
/// recorded on, and compares every fact.
fn check_engine(name: &str, dir: &Path, file: &Path) -> Result<(), String> {
    let script = std::fs::read_to_string(dir.join("script.sh")).unwrap();
    let recorded: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let engine: EngineVersion = recorded["engine"].as_str().unwrap().parse().unwrap();
    let cwd = Path::new("/scenarios").join(name);
    let mut files = MemorySource::new();
    common::load_dir(dir, &cwd, &mut files, &|p| !is_facts(p));
    let opts = PlayOptions {
        engine,
        cwd,
        host: host_config(&recorded),
        ..PlayOptions::default()
    };
    let mut played = play(&script, opts, &files);
    let transcript = played.transcript(false);
    let simulated = observe(&mut played.host, &script, &scenario_words(dir));

    let order_free = header(&script, "order-free");
    let mut want = BTreeMap::new();
    let mut got = BTreeMap::new();
    flatten("", &canonical(&recorded, &order_free, engine), &mut want);
    flatten("", &canonical(&simulated, &order_free, engine), &mut got);
    let keys: BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    let mut diffs = Vec::new();
    for key in keys {
        let (w, g) = (want.get(key), got.get(key));
        if w != g {
            diffs.push(format!(
                "  {key}\n    engine:    {}\n    simulator: {}",
                w.map_or("(absent)", String::as_str),
                g.map_or("(absent)", String::as_str)
            ));
        }
    }
    if diffs.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}/{}: {} facts differ from the real engine (profile {engine})\n{}\n\ntranscript:\n{}",
        dir.strip_prefix(repo()).unwrap_or(dir).display(),
        file.file_name().unwrap().to_str().unwrap(),
        diffs.len(),
        diffs.join("\n"),
        transcript
    ))
}

macro_rules! oracle {
    ($($test:ident => $dir:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($dir);
            }
        )*
    };
}

oracle!(
    compose_alias_is_service => "compose-alias-is-service",
    compose_aliases => "compose-aliases",
    compose_default => "compose-default",
    compose_down_up => "compose-down-up",
    compose_external => "compose-external",
    compose_healthcheck => "compose-healthcheck",
    compose_host_gateway => "compose-host-gateway",
    compose_host_none => "compose-host-none",
    compose_hostname => "compose-hostname",
    compose_internal => "compose-internal",
    compose_ipam => "compose-ipam",
    compose_links => "compose-links",
    compose_multi_network => "compose-multi-network",
    compose_recreate => "compose-recreate",
    compose_recreate_moves => "compose-recreate-moves",
    compose_scale => "compose-scale",
    compose_service_mode => "compose-service-mode",
    compose_service_mode_recreate => "compose-service-mode-recreate",
    compose_stop_start => "compose-stop-start",
    connect_disconnect => "connect-disconnect",
    container_mode_recreate => "container-mode-recreate",
    default_bridge => "default-bridge",
    disconnect_last_network => "disconnect-last-network",
    exit_frees_address => "exit-frees-address",
    internal_network => "internal-network",
    ip_range => "ip-range",
    legacy_links => "legacy-links",
    link_off_default_bridge => "link-off-default-bridge",
    link_user_network => "link-user-network",
    multi_network_connect => "multi-network-connect",
    network_alias => "network-alias",
    network_mode_container => "network-mode-container",
    network_mode_host => "network-mode-host",
    network_mode_none => "network-mode-none",
    network_rm_stopped_member => "network-rm-stopped-member",
    one_letter_name => "one-letter-name",
    pools_round_robin => "pools-round-robin",
    restart_policy_on_failure => "restart-policy-on-failure",
    restart_reorders_interfaces => "restart-reorders-interfaces",
    rm_reuse_address => "rm-reuse-address",
    run_unknown_network => "run-unknown-network",
    seed_compose_wordpress => "seed-compose-wordpress",
    seed_run_wordpress => "seed-run-wordpress",
    seed_todo_app => "seed-todo-app",
    static_ip_gateway => "static-ip-gateway",
    stop_start_new_address => "stop-start-new-address",
    stop_start_same_address => "stop-start-same-address",
    user_network => "user-network",
);

/// Every recorded scenario has a test above, and every scenario was
/// recorded on each engine, into the file named after it.
#[test]
fn every_scenario_is_recorded_and_listed() {
    let source = std::fs::read_to_string(repo().join("crates/play/tests/oracle.rs")).unwrap();
    let mut problems = Vec::new();
    let mut count = 0;
    // The generated scenarios are played by `generated`, not one test each.
    let generated = scenario_folders(&oracle_dir().join("generated"));
    for path in scenario_folders(&oracle_dir()).into_iter().chain(generated) {
        let in_generated = path.parent() != Some(oracle_dir().as_path());
        if !in_generated {
            count += 1;
        }
        let name = path
            .strip_prefix(oracle_dir())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        if !in_generated && !source.contains(&format!("=> \"{name}\"")) {
            problems.push(format!("tests/oracle/{name} has no test"));
        }
        for (version, file) in ENGINE_FILES {
            match std::fs::read_to_string(path.join(file)) {
                Err(_) => problems.push(format!(
                    "tests/oracle/{name} has script.sh but no {file}: record it with record.sh"
                )),
                Ok(text) => {
                    let facts: Value = serde_json::from_str(&text).unwrap();
                    let engine = facts["engine"].as_str().unwrap_or("");
                    if !engine.starts_with(version) {
                        problems.push(format!(
                            "tests/oracle/{name}/{file} was recorded on engine {engine}, not {version}x"
                        ));
                    }
                }
            }
        }
        for file in facts_files(&path) {
            let file = file.file_name().unwrap().to_str().unwrap().to_string();
            if !ENGINE_FILES.iter().any(|(_, f)| *f == file) {
                problems.push(format!("tests/oracle/{name}/{file}: no engine writes it"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(count >= 30, "only {count} oracle scenarios");
}
