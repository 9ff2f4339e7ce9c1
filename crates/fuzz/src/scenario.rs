//! Random oracle scenarios: a seeded generator of scripts (and a small
//! compose file) in the format of `tests/oracle/<name>/`, for differential
//! testing against real engines.
//!
//! It walks the same ground as [`crate::walk`] (user networks with and
//! without subnets and ranges, static addresses, aliases, links, connect and
//! disconnect, the container lifecycle, restart policies, health checks,
//! `docker compose` up/down/recreate/scale), but keeps track of what the
//! engine holds so that a script is mostly valid, and avoids what a real
//! engine does not do the same way twice:
//! - a container whose command ends is only started in the script's tail,
//!   so its restarts (which free and take addresses) race nothing;
//! - a container with a health check is never stopped or killed, so its
//!   status is never caught halfway;
//! - after a `docker kill` of a container with a restart policy the script
//!   waits a second, so its restart comes before the next command;
//! - stops use `-t 1` (BusyBox `sleep` as PID 1 ignores SIGTERM);
//! - the header's `# order-free:` names what the engine itself varies
//!   (Compose's parallel networks and services, interfaces of containers on
//!   several networks, several legacy links).
//!
//! Lines the simulator refuses get `# fails` (see [`mark_failures`]): a
//! recording whose engine accepts such a line only notes it, and the facts
//! then differ where the two disagree.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use composenet_loader::MemorySource;
use composenet_model::rng::Rng;
use composenet_model::{HostConfig, LocalImage};
use composenet_play::{play, PlayOptions};

/// A generated scenario: a folder name, its script and its other files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    pub name: String,
    pub script: String,
    /// Files beside the script, by name (`compose.yaml`).
    pub files: Vec<(String, String)>,
}

struct Net {
    name: String,
    /// The `10.10.<k>.0/24` subnet's third octet, when it has one.
    subnet: Option<u8>,
    /// Host numbers taken by static addresses on it.
    taken: BTreeSet<u8>,
}

#[derive(Clone)]
struct Ctr {
    name: String,
    /// The networks it is attached to (`bridge` for the default one).
    nets: Vec<String>,
    /// Runs `host`, `none` or `container:…` mode: no connect or disconnect.
    special_mode: bool,
    health: bool,
    policy: &'static str,
    links: usize,
    /// Whether its main process runs (as far as the script goes).
    running: bool,
}

struct Gen {
    rng: Rng,
    nets: Vec<Net>,
    ctrs: Vec<Ctr>,
    removed: Vec<String>,
    next: u32,
    /// The third octet of the next `--subnet 10.10.<k>.0/24`.
    next_subnet: u8,
    lines: Vec<String>,
    compose: Option<ComposeFile>,
    compose_used: bool,
    several_networks: bool,
    several_links: bool,
    health_used: bool,
}

/// The project's compose file and what the script's header must say of it.
struct ComposeFile {
    text: String,
    /// Networks whose pool the engine picks (Compose creates them at once).
    pool_networks: usize,
    /// More than one container starts at once.
    parallel: bool,
    multi_network: bool,
    health: bool,
    scalable: bool,
}

impl Gen {
    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    fn network_create(&mut self) {
        let name = self.fresh("net");
        let mut line = String::from("docker network create");
        let mut subnet = None;
        if self.chance(55) {
            let k = self.next_subnet;
            self.next_subnet += 1;
            line.push_str(&format!(" --subnet 10.10.{k}.0/24"));
            if self.chance(40) {
                line.push_str(&format!(" --ip-range 10.10.{k}.128/25"));
            }
            if self.chance(30) {
                line.push_str(&format!(" --gateway 10.10.{k}.254"));
            }
            subnet = Some(k);
        }
        if self.chance(10) {
            line.push_str(" --internal");
        }
        self.lines.push(format!("{line} {name}"));
        self.nets.push(Net {
            name,
            subnet,
            taken: BTreeSet::new(),
        });
    }

    /// A static address on network `i`: usually a free one, sometimes one
    /// already taken (the engine refuses it).
    fn static_ip(&mut self, i: usize) -> Option<String> {
        let k = self.nets[i].subnet?;
        let host = if !self.nets[i].taken.is_empty() && self.chance(10) {
            let taken: Vec<u8> = self.nets[i].taken.iter().copied().collect();
            taken[self.below(taken.len())]
        } else {
            let h = 10 + self.below(100) as u8;
            self.nets[i].taken.insert(h);
            h
        };
        Some(format!("10.10.{k}.{host}"))
    }

    /// `docker run -d` (or `docker create`) of a long-running container.
    fn run(&mut self) {
        let create = self.chance(15);
        let name = self.fresh("c");
        let mut line = format!(
            "docker {} --name {name}",
            if create { "create" } else { "run -d" }
        );
        let mut ctr = Ctr {
            name: name.clone(),
            nets: Vec::new(),
            special_mode: false,
            health: false,
            policy: "no",
            links: 0,
            running: !create,
        };
        let roll = self.rng.below(100);
        let owners: Vec<String> = self
            .ctrs
            .iter()
            .filter(|c| c.running && !c.special_mode)
            .map(|c| c.name.clone())
            .collect();
        if !self.nets.is_empty() && roll < 70 {
            let i = self.below(self.nets.len());
            let net = self.nets[i].name.clone();
            line.push_str(&format!(" --network {net}"));
            if self.chance(40) {
                if let Some(ip) = self.static_ip(i) {
                    line.push_str(&format!(" --ip {ip}"));
                }
            }
            if self.chance(30) {
                let alias = self.fresh("a");
                line.push_str(&format!(" --network-alias {alias}"));
            }
            ctr.nets.push(net);
        } else if roll.is_multiple_of(10) {
            line.push_str(" --network none");
            ctr.special_mode = true;
        } else if roll % 10 == 1 && !owners.is_empty() {
            let owner = owners[self.below(owners.len())].clone();
            line.push_str(&format!(" --network container:{owner}"));
            ctr.special_mode = true;
        } else {
            ctr.nets.push("bridge".into());
        }
        // Legacy links on the default bridge reach only containers there;
        // on a user network they name containers on the same network.
        let owners: Vec<String> = self
            .ctrs
            .iter()
            .filter(|c| c.running && ctr.nets.iter().any(|n| c.nets.contains(n)))
            .map(|c| c.name.clone())
            .collect();
        if !ctr.special_mode && !owners.is_empty() && self.chance(30) {
            let target = owners[self.below(owners.len())].clone();
            let alias = self.fresh("l");
            line.push_str(&format!(" --link {target}:{alias}"));
            ctr.links += 1;
            if self.chance(30) {
                let other = owners[self.below(owners.len())].clone();
                if other != target {
                    line.push_str(&format!(" --link {other}"));
                    ctr.links += 1;
                    self.several_links = true;
                }
            }
        }
        if self.chance(30) {
            ctr.policy = ["always", "unless-stopped", "on-failure:2"][self.below(3)];
            line.push_str(&format!(" --restart {}", ctr.policy));
        }
        if self.chance(20) {
            let test = ["true", "false", "exit 3", "exit 0"][self.below(4)];
            let retries = 1 + self.below(3);
            line.push_str(&format!(
                " --health-cmd '{test}' --health-interval 1s --health-retries {retries}"
            ));
            ctr.health = true;
            self.health_used = true;
        }
        let image = ["nginx", "redis", "busybox sleep 100000", "alpine"][self.below(4)];
        line.push(' ');
        line.push_str(image);
        self.lines.push(line);
        self.ctrs.push(ctr);
    }

    fn lifecycle(&mut self) {
        if self.ctrs.is_empty() {
            return;
        }
        let i = self.below(self.ctrs.len());
        let c = self.ctrs[i].clone();
        // Mostly commands that fit the container's state; now and then one
        // that the engine refuses (killing a stopped container).
        let verbs: &[&str] = match (c.health, c.running) {
            (true, true) => &["restart -t 1", "rm -f"],
            (true, false) => &["start", "start", "rm -f"],
            (false, true) => &["stop -t 1", "kill", "restart -t 1", "rm -f", "stop -t 1"],
            (false, false) if self.chance(10) => &["kill"],
            (false, false) => &["start", "start", "restart -t 1", "rm -f"],
        };
        let verb = verbs[self.below(verbs.len())];
        self.ctrs[i].running = match verb {
            "start" | "restart -t 1" => true,
            "kill" => c.running && c.policy != "no",
            "stop -t 1" => false,
            _ => c.running,
        };
        self.lines.push(format!("docker {verb} {}", c.name));
        if verb == "kill" && c.policy != "no" {
            // The restart policy brings it back after 100 ms; it must not
            // race the next command for an address.
            self.lines.push("sleep 1".into());
        }
        if verb == "rm -f" {
            self.ctrs.remove(i);
            self.removed.push(c.name);
        }
    }

    fn connect(&mut self) {
        let candidates: Vec<usize> = (0..self.ctrs.len())
            .filter(|&i| !self.ctrs[i].special_mode)
            .collect();
        if candidates.is_empty() || self.nets.is_empty() {
            return;
        }
        let ci = candidates[self.below(candidates.len())];
        let c = self.ctrs[ci].clone();
        if c.nets.len() > 1 && self.chance(40) {
            let net = c.nets[self.below(c.nets.len())].clone();
            self.lines
                .push(format!("docker network disconnect {net} {}", c.name));
            self.ctrs[ci].nets.retain(|n| *n != net);
            return;
        }
        // A network it is not on yet; now and then one it is on already
        // (which the engine refuses).
        let fresh: Vec<usize> = (0..self.nets.len())
            .filter(|&i| !c.nets.contains(&self.nets[i].name))
            .collect();
        if fresh.is_empty() && !self.chance(10) {
            return;
        }
        let i = if fresh.is_empty() || self.chance(5) {
            self.below(self.nets.len())
        } else {
            fresh[self.below(fresh.len())]
        };
        let net = self.nets[i].name.clone();
        let mut line = String::from("docker network connect");
        if self.chance(35) {
            if let Some(ip) = self.static_ip(i) {
                line.push_str(&format!(" --ip {ip}"));
            }
        }
        if self.chance(30) {
            let alias = self.fresh("a");
            line.push_str(&format!(" --alias {alias}"));
        }
        self.lines.push(format!("{line} {net} {}", c.name));
        if !c.nets.contains(&net) {
            self.ctrs[ci].nets.push(net);
            if self.ctrs[ci].nets.len() > 1 {
                self.several_networks = true;
            }
        }
    }

    fn compose(&mut self) {
        let Some(file) = &self.compose else {
            return;
        };
        let (health, scalable) = (file.health, file.scalable);
        self.compose_used = true;
        let line = match self.rng.below(7) {
            0..=2 => "docker compose up -d".to_string(),
            3 => "docker compose down -t 1".to_string(),
            4 => "docker compose up -d --force-recreate -t 1".to_string(),
            5 if scalable => format!("docker compose up -d --scale web={}", 1 + self.below(3)),
            // A stopped service's health is caught wherever its check was.
            6 if !health => "docker compose stop -t 1".to_string(),
            _ => "docker compose up -d".to_string(),
        };
        self.lines.push(line);
    }

    fn step(&mut self) {
        match self.rng.below(100) {
            0..=14 if self.nets.len() < 4 => self.network_create(),
            0..=39 if self.ctrs.len() < 5 => self.run(),
            0..=59 => self.lifecycle(),
            60..=79 => self.connect(),
            80..=91 => self.compose(),
            92..=95 => {
                let n = 1 + self.below(2);
                self.lines.push(format!("sleep {n}"));
            }
            _ => {
                // A network with members cannot go; only empty ones are
                // removed (a refused removal is still a fact to compare).
                if let Some(i) = (0..self.nets.len()).find(|&i| {
                    !self
                        .ctrs
                        .iter()
                        .any(|c| c.nets.contains(&self.nets[i].name))
                }) {
                    let net = self.nets.remove(i);
                    self.lines.push(format!("docker network rm {}", net.name));
                }
            }
        }
    }

    /// The tail: perhaps a container whose command ends (with or without a
    /// restart policy that gives up), then a wait long enough for restarts
    /// and health checks to finish.
    fn tail(&mut self) {
        let mut wait = 2;
        if self.chance(45) {
            let name = self.fresh("x");
            let mut line = format!("docker run -d --name {name}");
            if !self.nets.is_empty() && self.chance(70) {
                let net = {
                    let k = self.below(self.nets.len());
                    &self.nets[k]
                }
                .name
                .clone();
                line.push_str(&format!(" --network {net}"));
            }
            let policy = ["no", "on-failure:1", "on-failure:2"][self.below(3)];
            line.push_str(&format!(" --restart {policy}"));
            let code = [0, 1, 3][self.below(3)];
            line.push_str(&format!(" busybox sh -c 'sleep 1; exit {code}'"));
            self.lines.push(line);
            wait = 6;
        }
        if self.health_used || self.compose.as_ref().is_some_and(|f| f.health) {
            wait = wait.max(5);
        }
        self.lines.push(format!("sleep {wait}"));
    }
}

/// A small compose file: `web` and perhaps `db` and `app`, on one or two
/// networks, with the features the seed picks.
fn compose_file(rng: &mut Rng) -> ComposeFile {
    let mut chance = |p: u64| rng.below(100) < p;
    let two_networks = chance(50);
    let subnet_back = two_networks && chance(50);
    let with_db = chance(70);
    let with_app = with_db && chance(40);
    let health = with_db && chance(50);
    let healthy = chance(70);
    let web_on_back = two_networks && chance(40);
    let static_db = subnet_back && chance(50);
    let mut s = String::from("services:\n  web:\n    image: nginx\n");
    if chance(30) {
        s.push_str("    restart: always\n");
    }
    let front = if two_networks { "front" } else { "default" };
    if two_networks || chance(30) {
        s.push_str(&format!("    networks:\n      {front}:\n"));
        if chance(40) {
            s.push_str("        aliases: [www]\n");
        }
        if web_on_back {
            s.push_str("      back: {}\n");
        }
    }
    if with_db {
        if health && healthy {
            s.push_str("    depends_on:\n      db:\n        condition: service_healthy\n");
        } else if chance(50) {
            s.push_str("    depends_on: [db]\n");
        }
        if chance(25) {
            s.push_str("    links: [\"db:database\"]\n");
        }
        s.push_str("  db:\n    image: redis\n");
        if chance(30) {
            s.push_str("    hostname: store\n");
        }
        if health {
            let test = if healthy {
                "[\"CMD\", \"true\"]"
            } else {
                ["[\"CMD\", \"false\"]", "[\"CMD-SHELL\", \"exit 2\"]"][rng.below(2) as usize]
            };
            s.push_str(&format!(
                "    healthcheck:\n      test: {test}\n      interval: 1s\n      retries: 2\n"
            ));
        }
        let net = if two_networks { "back" } else { "default" };
        s.push_str(&format!("    networks:\n      {net}:\n"));
        if static_db {
            s.push_str("        ipv4_address: 10.20.0.10\n");
        }
        if rng.below(100) < 30 {
            s.push_str("        aliases: [cache]\n");
        }
    }
    if with_app {
        s.push_str("  app:\n    image: alpine\n");
        if rng.below(100) < 40 {
            s.push_str("    restart: on-failure:2\n");
        }
        let nets = if two_networks {
            "[front, back]"
        } else {
            "[default]"
        };
        s.push_str(&format!("    networks: {nets}\n"));
    }
    let mut pool_networks = 1;
    if two_networks {
        s.push_str("networks:\n  front: {}\n  back:\n");
        if subnet_back {
            s.push_str("    ipam:\n      config:\n        - subnet: 10.20.0.0/24\n");
            if rng.below(100) < 50 {
                s.push_str("          ip_range: 10.20.0.128/25\n");
            }
        } else {
            pool_networks = 2;
        }
        if rng.below(100) < 15 {
            s.push_str("    internal: true\n");
        }
    }
    ComposeFile {
        text: s,
        pool_networks,
        parallel: with_db,
        multi_network: web_on_back || (with_app && two_networks),
        health,
        scalable: true,
    }
}

/// The scenario of a seed, named `name`.
pub fn generate(seed: u64, name: &str) -> Scenario {
    let mut g = Gen {
        rng: Rng::new(seed),
        nets: Vec::new(),
        ctrs: Vec::new(),
        removed: Vec::new(),
        next: 0,
        next_subnet: 1,
        lines: Vec::new(),
        compose: None,
        compose_used: false,
        several_networks: false,
        several_links: false,
        health_used: false,
    };
    if g.chance(45) {
        g.compose = Some(compose_file(&mut g.rng));
    }
    let steps = 6 + g.below(8);
    while g.lines.len() < steps {
        g.step();
    }
    g.tail();

    let mut order_free = BTreeSet::new();
    let mut files = Vec::new();
    if let Some(file) = g.compose.take().filter(|_| g.compose_used) {
        if file.pool_networks > 1 {
            order_free.insert("networks");
        }
        if file.parallel || file.scalable && g.lines.iter().any(|l| l.contains("--scale")) {
            order_free.insert("addresses");
        }
        if file.multi_network {
            order_free.insert("interfaces");
        }
        files.push(("compose.yaml".to_string(), file.text));
    }
    if g.several_networks {
        order_free.insert("interfaces");
    }
    if g.several_links {
        order_free.insert("hosts");
    }
    let mut script =
        format!("# Generated by `oracle-gen` (crates/fuzz/src/scenario.rs) from seed {seed}.\n");
    if !order_free.is_empty() {
        let words: Vec<&str> = order_free.into_iter().collect();
        script.push_str(&format!("# order-free: {}\n", words.join(" ")));
    }
    if !g.removed.is_empty() {
        script.push_str(&format!("# names: {}\n", g.removed.join(" ")));
    }
    let header_lines = script.lines().count();
    for line in &g.lines {
        script.push_str(line);
        script.push('\n');
    }
    let mut scenario = Scenario {
        name: name.to_string(),
        script,
        files,
    };
    mark_failures(&mut scenario, header_lines);
    scenario
}

/// Plays the scenario on the simulator and ends every line it refuses with
/// `# fails`, so that the recorder accepts the failure on the engine.
fn mark_failures(scenario: &mut Scenario, _header_lines: usize) {
    let cwd = PathBuf::from("/scenarios").join(&scenario.name);
    let mut fs = MemorySource::new();
    for (name, text) in &scenario.files {
        fs.insert(cwd.join(name), text.as_str());
    }
    // Every image of a recording is the same BusyBox whose command is
    // `sleep 100000` (`record.py`), so an `alpine` without a command keeps
    // running there as here.
    let mut host = HostConfig::default();
    for image in ["busybox", "alpine", "nginx", "redis", "mysql:5.7"] {
        host.images.insert(
            image.to_string(),
            LocalImage {
                entrypoint: Vec::new(),
                cmd: vec!["/bin/sleep".into(), "100000".into()],
            },
        );
    }
    let opts = PlayOptions {
        cwd,
        host,
        settle: Duration::from_secs(60),
        ..PlayOptions::default()
    };
    let played = play(&scenario.script, opts, &fs);
    let failed: BTreeSet<u32> = played
        .steps
        .iter()
        .filter(|s| s.status != 0 && s.line > 0)
        .map(|s| s.line)
        .collect();
    let mut out = String::new();
    for (i, line) in scenario.script.lines().enumerate() {
        out.push_str(line);
        if failed.contains(&(i as u32 + 1)) && !line.starts_with('#') {
            out.push_str(" # fails");
        }
        out.push('\n');
    }
    scenario.script = out;
}
