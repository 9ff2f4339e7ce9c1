//! Compose v2 on top of the simulated engine. Compose is a client: it keeps
//! no state of its own and finds its containers and networks by their
//! `com.docker.compose.*` labels, exactly as the real tool does, so a project
//! can be brought up by one script line and taken down by another.
//!
//! The loader turns YAML into a [`ProjectSpec`]; this module knows nothing of
//! YAML.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::time::Duration;

use indexmap::IndexMap;
use petgraph::graphmap::DiGraphMap;

use crate::container::{ContainerSpec, EndpointSpec, NetworkMode, Status};
use crate::error::{ContainerError, NetworkError};
use crate::event::{EventKind, RecreateReason};
use crate::host::Host;
use crate::ids::ContainerId;
use crate::network::NetworkSpec;

/// The Compose version whose behaviour this module follows.
pub const COMPOSE_VERSION: &str = "2.40.3";
/// How often compose polls a dependency's state.
const POLL: Duration = Duration::from_millis(500);
/// The longest simulated time `up` waits for one dependency; real compose
/// waits for ever, but a simulation must end.
const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// A compose project after loading and normalisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectSpec {
    pub name: String,
    pub working_dir: String,
    pub config_files: Vec<String>,
    /// Sorted by name, as compose-go does.
    pub services: IndexMap<String, ServiceSpec>,
    /// Network key → its definition.
    pub networks: IndexMap<String, ComposeNetwork>,
    pub volumes: IndexMap<String, ComposeVolume>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeNetwork {
    /// The engine-level name (`<project>_<key>`, `name:` or the external name).
    pub name: String,
    pub external: bool,
    /// What to create when not external; `spec.name` equals `name`.
    pub spec: NetworkSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComposeVolume {
    pub name: String,
    pub external: bool,
    pub driver: String,
    pub labels: IndexMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Condition {
    Started,
    Healthy,
    CompletedSuccessfully,
}

impl Condition {
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Started => "service_started",
            Condition::Healthy => "service_healthy",
            Condition::CompletedSuccessfully => "service_completed_successfully",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub condition: Condition,
    pub required: bool,
    pub restart: bool,
}

/// One service network entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
    pub ipv4_address: Option<Ipv4Addr>,
    pub priority: i64,
    pub gw_priority: i64,
    pub mac_address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    pub container_name: Option<String>,
    pub replicas: u32,
    /// The per-container settings; name, network mode, endpoints, links and
    /// labels are filled in by compose for each replica.
    pub container: ContainerSpec,
    /// Network key → settings. Empty together with `network_mode: None`
    /// never happens after normalisation (the `default` network is added).
    pub networks: IndexMap<String, ServiceNetwork>,
    /// `host`, `none`, `bridge`, `service:X`, `container:X`.
    pub network_mode: Option<String>,
    pub depends_on: IndexMap<String, Dependency>,
    /// `service[:alias]`.
    pub links: Vec<String>,
    pub external_links: Vec<String>,
    /// Named volume keys this service mounts, already mapped to engine names
    /// in `container.mounts`.
    pub profiles: Vec<String>,
}

impl ServiceSpec {
    pub fn new(name: impl Into<String>, image: impl Into<String>) -> Self {
        ServiceSpec {
            name: name.into(),
            container_name: None,
            replicas: 1,
            container: ContainerSpec::new(image),
            networks: IndexMap::new(),
            network_mode: None,
            depends_on: IndexMap::new(),
            links: Vec::new(),
            external_links: Vec::new(),
            profiles: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpOptions {
    /// Only these services (and, unless `no_deps`, what they depend on).
    pub services: Vec<String>,
    pub force_recreate: bool,
    pub no_recreate: bool,
    pub no_deps: bool,
    pub no_start: bool,
    pub scale: IndexMap<String, u32>,
    /// `--wait`: wait for running/healthy before returning.
    pub wait: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("network {0} declared as external, but could not be found")]
    ExternalNetworkMissing(String),
    #[error("external volume \"{0}\" not found")]
    ExternalVolumeMissing(String),
    #[error("no such service: {0}")]
    NoSuchService(String),
    #[error("dependency cycle detected: {0}")]
    Cycle(String),
    #[error("dependency failed to start: container {0} is unhealthy")]
    Unhealthy(String),
    #[error("dependency failed to start: container {0} has no healthcheck configured")]
    NoHealthcheck(String),
    #[error("dependency failed to start: container {0} exited ({1})")]
    DependencyExited(String, i32),
    #[error("service \"{0}\" didn't complete successfully: exit {1}")]
    NotCompleted(String, i32),
    #[error("dependency {0} did not become ready within {1}s of simulated time")]
    WaitLimit(String, u64),
    #[error("Error response from daemon: {0}")]
    Container(#[from] ContainerError),
    #[error("Error response from daemon: {0}")]
    Network(#[from] NetworkError),
    /// A project network the engine refused (Compose 2.40's words, seen
    /// with an overlay and a plugin driver on 28.5.2).
    #[error("failed to create network {0}: Error response from daemon: {1}")]
    NetworkCreate(String, NetworkError),
}

/// What a compose command printed (its progress lines go to stderr, as
/// Compose v2 does) and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub progress: Vec<String>,
    pub error: Option<ComposeError>,
}

impl Outcome {
    fn line(&mut self, kind: &str, name: &str, state: &str) {
        self.progress.push(format!(" {kind} {name}  {state}"));
    }

    /// The daemon's warnings on creating a service's container, as Compose
    /// 2.40.3 prints them: the service name, the text, a trailing space
    /// (seen on 20.10.24: ` web Published ports are discarded when using
    /// host network mode `).
    fn warnings(&mut self, service: &str, warnings: Vec<&'static str>) {
        for w in warnings {
            self.progress.push(format!(" {service} {w} "));
        }
    }
}

/// Label keys compose puts on everything it creates.
pub mod labels {
    pub const PROJECT: &str = "com.docker.compose.project";
    pub const SERVICE: &str = "com.docker.compose.service";
    pub const NUMBER: &str = "com.docker.compose.container-number";
    pub const ONEOFF: &str = "com.docker.compose.oneoff";
    pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
    pub const NETWORK: &str = "com.docker.compose.network";
    pub const VOLUME: &str = "com.docker.compose.volume";
    pub const VERSION: &str = "com.docker.compose.version";
    pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
    pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
    pub const DEPENDS_ON: &str = "com.docker.compose.depends_on";
}

/// The project's dependency graph. petgraph stays behind this type; callers
/// see service names only.
struct DependencyGraph {
    graph: DiGraphMap<usize, ()>,
    names: Vec<String>,
}

impl DependencyGraph {
    /// Edges run from a service to what it depends on: depends_on, links
    /// and `network_mode: service:X`.
    fn new(project: &ProjectSpec) -> Self {
        let names: Vec<String> = project.services.keys().cloned().collect();
        let mut graph = DiGraphMap::new();
        for i in 0..names.len() {
            graph.add_node(i);
        }
        for (i, svc) in project.services.values().enumerate() {
            for dep in dependencies_of(svc) {
                if let Some(j) = project.services.get_index_of(&dep) {
                    graph.add_edge(i, j, ());
                }
            }
        }
        DependencyGraph { graph, names }
    }

    /// Services in start order: a service comes after everything it depends
    /// on; among services that are ready together, name order (Compose
    /// starts them in parallel, so any order is real; this one is stable).
    /// Level by level: the services whose dependencies are all in earlier
    /// levels form the next one, which is Kahn's algorithm with each
    /// level sorted, linear in services and edges apart from the sort.
    fn start_order(&self) -> Result<Vec<String>, ComposeError> {
        let n = self.names.len();
        // How many of its dependencies each service still waits for; a
        // service that depends on itself does not wait for itself.
        let mut waiting: Vec<usize> = (0..n)
            .map(|i| self.graph.neighbors(i).filter(|d| *d != i).count())
            .collect();
        let mut level: Vec<usize> = (0..n).filter(|i| waiting[*i] == 0).collect();
        let mut order = Vec::with_capacity(n);
        while !level.is_empty() {
            crate::order::sort_by(&mut level, |a, b| self.names[*a].cmp(&self.names[*b]));
            let mut next = Vec::new();
            for &i in &level {
                for dependent in self
                    .graph
                    .neighbors_directed(i, petgraph::Direction::Incoming)
                {
                    if dependent != i {
                        waiting[dependent] -= 1;
                        if waiting[dependent] == 0 {
                            next.push(dependent);
                        }
                    }
                }
                order.push(self.names[i].clone());
            }
            level = next;
        }
        if order.len() < n {
            let mut stuck: Vec<&str> = (0..n)
                .filter(|i| waiting[*i] > 0)
                .map(|i| self.names[i].as_str())
                .collect();
            crate::order::sort(&mut stuck);
            return Err(ComposeError::Cycle(stuck.join(" -> ")));
        }
        Ok(order)
    }

    /// The services `wanted` needs, transitively, plus `wanted` itself.
    fn closure(&self, project: &ProjectSpec, wanted: &[String]) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        // The graph's nodes are the project's services by index.
        let mut stack: Vec<usize> = wanted
            .iter()
            .filter_map(|w| project.services.get_index_of(w))
            .collect();
        while let Some(i) = stack.pop() {
            if seen.insert(i) {
                stack.extend(self.graph.neighbors(i));
            }
        }
        seen.into_iter().map(|i| self.names[i].clone()).collect()
    }
}

fn dependencies_of(svc: &ServiceSpec) -> Vec<String> {
    let mut deps: Vec<String> = svc.depends_on.keys().cloned().collect();
    for link in &svc.links {
        let target = link.split(':').next().unwrap_or(link).to_string();
        if !deps.contains(&target) {
            deps.push(target);
        }
    }
    if let Some(target) = svc
        .network_mode
        .as_deref()
        .and_then(|m| m.strip_prefix("service:"))
    {
        if !deps.iter().any(|d| d == target) {
            deps.push(target.to_string());
        }
    }
    deps
}

/// Containers of a service, by container number.
pub fn service_containers(host: &Host, project: &str, service: &str) -> Vec<ContainerId> {
    host.service_containers(project, service).collect()
}

/// Every container of a project, in creation order.
pub fn project_containers(host: &Host, project: &str) -> Vec<ContainerId> {
    host.project_containers(project).collect()
}

/// A stable digest of what a service asks for, so `up` can tell whether a
/// container must be recreated (compose's `config-hash` label).
fn config_hash(project: &ProjectSpec, svc: &ServiceSpec) -> String {
    use std::hash::{Hash, Hasher};
    // FNV-1a, 64 bits, twice with different seeds for 32 hex digits, over
    // the service's settings as `Hash` feeds them: no text is built, and no
    // `Debug` output is relied on (the page's build prints derived `Debug`
    // shallowly, for size).
    let mut fnv = Fnv([0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4]);
    svc.container.hash(&mut fnv);
    fnv.write_usize(svc.networks.len());
    for (key, net) in &svc.networks {
        (key, net, project.networks.get(key).map(|n| &n.name)).hash(&mut fnv);
    }
    svc.network_mode.hash(&mut fnv);
    let [a, b] = fnv.0;
    format!("{a:016x}{b:016x}")
}

/// Two FNV-1a hashes at once. It is also a [`std::hash::Hasher`] whose
/// result does not depend on the platform: sizes are fed as 64-bit
/// little-endian integers, so the page (32-bit wasm) and the command line
/// (64-bit) give the same labels.
struct Fnv([u64; 2]);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for h in &mut self.0 {
            for &b in bytes {
                *h ^= b as u64;
                *h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write(&(n as u64).to_le_bytes());
    }

    fn write_isize(&mut self, n: isize) {
        self.write(&(n as i64).to_le_bytes());
    }

    fn finish(&self) -> u64 {
        self.0[0]
    }
}

/// The container a replica of `svc` would be, fully specified; `hash` is
/// the service's [`config_hash`], computed once per service.
fn container_for(
    project: &ProjectSpec,
    svc: &ServiceSpec,
    hash: &str,
    number: u32,
    host: &Host,
) -> ContainerSpec {
    let mut spec = svc.container.clone();
    let name = svc
        .container_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}-{}", project.name, svc.name, number));
    spec.name = Some(name.clone());
    let mut lbl: IndexMap<String, String> = spec.labels.clone();
    lbl.insert(labels::CONFIG_HASH.into(), hash.to_string());
    lbl.insert(labels::NUMBER.into(), number.to_string());
    lbl.insert(
        labels::DEPENDS_ON.into(),
        svc.depends_on
            .iter()
            .map(|(d, dep)| format!("{d}:{}:{}", dep.condition.as_str(), dep.restart))
            .collect::<Vec<_>>()
            .join(","),
    );
    lbl.insert(labels::ONEOFF.into(), "False".into());
    lbl.insert(labels::PROJECT.into(), project.name.clone());
    lbl.insert(labels::CONFIG_FILES.into(), project.config_files.join(","));
    lbl.insert(labels::WORKING_DIR.into(), project.working_dir.clone());
    lbl.insert(labels::SERVICE.into(), svc.name.clone());
    lbl.insert(labels::VERSION.into(), COMPOSE_VERSION.into());
    spec.labels = lbl;
    // Compose 2.40 links every container of the target service three
    // times: by the alias, by `<service>-<n>` and by `<project>-<service>-<n>`,
    // where n is the LINKING container's number (seen on 20.10.24 with
    // Compose 2.40.3: web-1 linking `db:database` got
    // `[p-db-1:database, p-db-1:db-1, p-db-1:p-db-1]`).
    let link_pairs: Vec<(String, String)> = svc
        .links
        .iter()
        .filter_map(|l| {
            let (target, alias) = match l.split_once(':') {
                Some((t, a)) => (t, a),
                None => (l.as_str(), l.as_str()),
            };
            let tsvc = project.services.get(target)?;
            let mut tnames: Vec<String> = service_containers(host, &project.name, target)
                .iter()
                .map(|id| host.container(*id).name.clone())
                .collect();
            if tnames.is_empty() {
                tnames.push(
                    tsvc.container_name
                        .clone()
                        .unwrap_or_else(|| format!("{}-{}-1", project.name, target)),
                );
            }
            Some(
                tnames
                    .into_iter()
                    .flat_map(|tname| {
                        [
                            (tname.clone(), alias.to_string()),
                            (tname.clone(), format!("{target}-{number}")),
                            (tname, format!("{}-{target}-{number}", project.name)),
                        ]
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .chain(svc.external_links.iter().map(|l| match l.split_once(':') {
            Some((t, a)) => (t.to_string(), a.to_string()),
            None => (l.clone(), l.clone()),
        }))
        .collect();
    match svc.network_mode.as_deref() {
        Some("host") => spec.network_mode = NetworkMode::Host,
        Some("none") => spec.network_mode = NetworkMode::None,
        Some(mode) if mode.starts_with("service:") => {
            let target = &mode["service:".len()..];
            let tname = service_containers(host, &project.name, target)
                .first()
                .map(|id| host.container(*id).name.clone())
                .unwrap_or_else(|| format!("{}-{}-1", project.name, target));
            spec.network_mode = NetworkMode::Container(tname);
        }
        Some(mode) if mode.starts_with("container:") => {
            spec.network_mode = NetworkMode::Container(mode["container:".len()..].to_string());
        }
        Some("bridge") => {
            spec.network_mode = NetworkMode::Default;
            spec.endpoints = vec![EndpointSpec {
                network: "bridge".into(),
                ..Default::default()
            }];
            spec.legacy_links = link_pairs;
        }
        _ => {
            spec.network_mode = NetworkMode::Default;
            let mut nets: Vec<(&String, &ServiceNetwork)> = svc.networks.iter().collect();
            // Compose hands the engine the networks by priority, highest
            // first, then by name.
            crate::order::sort_by(&mut nets, |a, b| {
                b.1.priority.cmp(&a.1.priority).then(a.0.cmp(b.0))
            });
            spec.endpoints = nets
                .into_iter()
                .map(|(key, sn)| {
                    // Compose sends the container and service names and
                    // then the aliases as written, without removing
                    // duplicates: an alias equal to the service name shows
                    // twice in `Aliases` (seen on 20.10.24, 26.1.5, 28.5.2).
                    let mut aliases = vec![name.clone(), svc.name.clone()];
                    aliases.extend(sn.aliases.iter().cloned());
                    EndpointSpec {
                        network: project
                            .networks
                            .get(key)
                            .map(|n| n.name.clone())
                            .unwrap_or_else(|| format!("{}_{key}", project.name)),
                        aliases,
                        ipv4_address: sn.ipv4_address,
                        links: link_pairs.clone(),
                        gw_priority: sn.gw_priority,
                        mac_address: sn.mac_address.clone(),
                    }
                })
                .collect();
        }
    }
    spec
}

/// The services an `up` (or `create`) touches, in start order.
fn selected_services(
    project: &ProjectSpec,
    wanted: &[String],
    no_deps: bool,
) -> Result<Vec<String>, ComposeError> {
    for w in wanted {
        if !project.services.contains_key(w) {
            return Err(ComposeError::NoSuchService(w.clone()));
        }
    }
    let graph = DependencyGraph::new(project);
    let order = graph.start_order()?;
    if wanted.is_empty() {
        return Ok(order);
    }
    let keep = if no_deps {
        wanted.iter().cloned().collect()
    } else {
        graph.closure(project, wanted)
    };
    Ok(order.into_iter().filter(|s| keep.contains(s)).collect())
}

/// `docker compose up -d` (and `create` with `no_start`).
pub fn up(host: &mut Host, project: &ProjectSpec, opts: &UpOptions) -> Outcome {
    let mut out = Outcome::default();
    if let Err(e) = up_inner(host, project, opts, &mut out) {
        out.error = Some(e);
    }
    out
}

fn up_inner(
    host: &mut Host,
    project: &ProjectSpec,
    opts: &UpOptions,
    out: &mut Outcome,
) -> Result<(), ComposeError> {
    let order = selected_services(project, &opts.services, opts.no_deps)?;
    // Networks first: only those the selected services use.
    let used: BTreeSet<&String> = order
        .iter()
        .flat_map(|s| project.services[s].networks.keys())
        .collect();
    for (key, net) in &project.networks {
        if !used.contains(key) {
            continue;
        }
        if net.external {
            if host.find_network(&net.name).is_none() {
                return Err(ComposeError::ExternalNetworkMissing(net.name.clone()));
            }
            continue;
        }
        if host.find_network(&net.name).is_some() {
            continue;
        }
        let mut spec = net.spec.clone();
        spec.name = net.name.clone();
        spec.labels.insert(labels::NETWORK.into(), key.clone());
        spec.labels
            .insert(labels::PROJECT.into(), project.name.clone());
        spec.labels
            .insert(labels::VERSION.into(), COMPOSE_VERSION.into());
        out.line("Network", &net.name, "Creating");
        if let Err(e) = host.network_create(spec) {
            out.line("Network", &net.name, "Error");
            return Err(ComposeError::NetworkCreate(net.name.clone(), e));
        }
        out.line("Network", &net.name, "Created");
    }
    for (key, vol) in &project.volumes {
        if vol.external {
            if host.find_volume(&vol.name).is_none() {
                return Err(ComposeError::ExternalVolumeMissing(vol.name.clone()));
            }
            continue;
        }
        if host.find_volume(&vol.name).is_none() {
            let mut lbl = vol.labels.clone();
            lbl.insert(labels::PROJECT.into(), project.name.clone());
            lbl.insert(labels::VERSION.into(), COMPOSE_VERSION.into());
            lbl.insert(labels::VOLUME.into(), key.clone());
            out.line("Volume", &format!("\"{}\"", vol.name), "Creating");
            host.volume_create(&vol.name, &vol.driver, lbl);
            out.line("Volume", &format!("\"{}\"", vol.name), "Created");
        }
    }
    // Create (or recreate) containers in dependency order, then start them in
    // the same order, waiting for each dependency's condition.
    let mut to_start: Vec<(String, Vec<ContainerId>)> = Vec::new();
    for name in &order {
        let svc = &project.services[name];
        let replicas = opts.scale.get(name).copied().unwrap_or(svc.replicas);
        let ids = converge_service(host, project, svc, replicas, opts, out)?;
        to_start.push((name.clone(), ids));
    }
    if opts.no_start {
        return Ok(());
    }
    start_in_parallel(host, project, to_start, out)?;
    if opts.wait {
        for name in &order {
            for id in service_containers(host, &project.name, name) {
                let cname = host.container(id).name.clone();
                out.line("Container", &cname, "Waiting");
                let has_health = host.container(id).health.is_some();
                let condition = if has_health {
                    Condition::Healthy
                } else {
                    Condition::Started
                };
                wait_for(host, id, condition)?;
                out.line(
                    "Container",
                    &cname,
                    if has_health { "Healthy" } else { "Running" },
                );
            }
        }
    }
    Ok(())
}

/// Brings a service to `replicas` containers with the current config:
/// recreates changed ones, creates missing ones, removes extra ones.
fn converge_service(
    host: &mut Host,
    project: &ProjectSpec,
    svc: &ServiceSpec,
    replicas: u32,
    opts: &UpOptions,
    out: &mut Outcome,
) -> Result<Vec<ContainerId>, ComposeError> {
    let existing = service_containers(host, &project.name, &svc.name);
    let hash = config_hash(project, svc);
    let mut keep = Vec::new();
    for (i, id) in existing.iter().enumerate() {
        let number = i as u32 + 1;
        let c = host.container(*id);
        let cname = c.name.clone();
        if number > replicas {
            out.line("Container", &cname, "Stopping");
            host.stop(&cname, None)?;
            out.line("Container", &cname, "Stopped");
            out.line("Container", &cname, "Removing");
            host.remove(&cname, true)?;
            out.line("Container", &cname, "Removed");
            continue;
        }
        let changed = c.spec.labels.get(labels::CONFIG_HASH) != Some(&hash);
        if (changed || opts.force_recreate) && !opts.no_recreate {
            let reason = if opts.force_recreate {
                RecreateReason::ForceRecreate
            } else {
                RecreateReason::ConfigChanged
            };
            host.emit_kind(EventKind::ComposeRecreate {
                project: project.name.clone(),
                container: cname.clone(),
                reason,
            });
            out.line("Container", &cname, "Recreate");
            // Compose stops and removes the old container before the new one
            // starts, so the new one gets the lowest free address: usually
            // the old one (facts §2).
            host.stop(&cname, None)?;
            host.remove(&cname, true)?;
            let spec = container_for(project, svc, &hash, number, host);
            let warnings = crate::container::create_warnings(&spec);
            let new = host.create(spec)?;
            out.warnings(&svc.name, warnings);
            out.line("Container", &cname, "Recreated");
            keep.push(new);
        } else {
            // A stopped container (`docker kill`, `docker stop`) is kept as it
            // is and only announced when it starts: Compose 2.40.3 prints
            // `Starting` / `Started` for it, never `Running` first.
            if host.container(*id).is_running() {
                out.line("Container", &cname, "Running");
            }
            keep.push(*id);
        }
    }
    for number in (existing.len() as u32 + 1)..=replicas {
        let spec = container_for(project, svc, &hash, number, host);
        let cname = spec.name.clone().unwrap_or_default();
        out.line("Container", &cname, "Creating");
        let warnings = crate::container::create_warnings(&spec);
        let id = host.create(spec)?;
        out.warnings(&svc.name, warnings);
        out.line("Container", &cname, "Created");
        keep.push(id);
    }
    Ok(keep)
}

/// Compose starts every service as soon as its own dependencies are
/// satisfied, in parallel with the others; a service waiting for a healthy
/// database does not hold back an unrelated one. The simulation does the
/// same: each round starts every service that can start, then the clock
/// moves on by compose's polling interval.
fn start_in_parallel(
    host: &mut Host,
    project: &ProjectSpec,
    mut pending: Vec<(String, Vec<ContainerId>)>,
    out: &mut Outcome,
) -> Result<(), ComposeError> {
    let deadline = host.now() + WAIT_LIMIT;
    let mut announced: BTreeSet<(String, String)> = BTreeSet::new();
    let mut satisfied: BTreeSet<String> = BTreeSet::new();
    // The services not started yet; one that starts leaves it at once, so
    // the services after it in the same round see it started.
    let mut not_started: BTreeSet<String> = pending.iter().map(|(n, _)| n.clone()).collect();
    while !pending.is_empty() {
        let mut started_any = false;
        let mut still = Vec::with_capacity(pending.len());
        for (name, ids) in std::mem::take(&mut pending) {
            let svc = &project.services[&name];
            if dependencies_ready(
                host,
                project,
                svc,
                &not_started,
                &mut announced,
                &mut satisfied,
                out,
            )? {
                not_started.remove(&name);
                for id in ids {
                    let c = host.container(id);
                    if c.is_running() {
                        continue;
                    }
                    let cname = c.name.clone();
                    out.line("Container", &cname, "Starting");
                    host.start_id(id)?;
                    out.line("Container", &cname, "Started");
                }
                started_any = true;
            } else {
                still.push((name, ids));
            }
        }
        pending = still;
        if !pending.is_empty() && !started_any {
            if host.now() >= deadline {
                return Err(ComposeError::WaitLimit(
                    pending[0].0.clone(),
                    WAIT_LIMIT.as_secs(),
                ));
            }
            host.advance(POLL);
        }
    }
    Ok(())
}

/// Whether every dependency of `svc` meets its condition now. A dependency
/// that can no longer meet it is an error in Compose's words.
fn dependencies_ready(
    host: &mut Host,
    project: &ProjectSpec,
    svc: &ServiceSpec,
    not_started: &BTreeSet<String>,
    announced: &mut BTreeSet<(String, String)>,
    satisfied: &mut BTreeSet<String>,
    out: &mut Outcome,
) -> Result<bool, ComposeError> {
    let mut ready = true;
    for (dep, d) in &svc.depends_on {
        if not_started.contains(dep) {
            ready = false;
            continue;
        }
        let ids = service_containers(host, &project.name, dep);
        if ids.is_empty() {
            if d.required {
                return Err(ComposeError::NoSuchService(dep.clone()));
            }
            continue;
        }
        if d.condition == Condition::Started {
            continue;
        }
        for id in ids {
            let cname = host.container(id).name.clone();
            if announced.insert((svc.name.clone(), cname.clone())) {
                host.emit_kind(EventKind::ComposeWaiting {
                    project: project.name.clone(),
                    service: svc.name.clone(),
                    dependency: cname.clone(),
                    condition: d.condition,
                });
                if !satisfied.contains(&cname) {
                    out.line("Container", &cname, "Waiting");
                }
            }
            if condition_met(host, id, d.condition)? {
                if satisfied.insert(cname.clone()) {
                    let state = match d.condition {
                        Condition::Healthy => "Healthy",
                        _ => "Exited",
                    };
                    out.line("Container", &cname, state);
                }
            } else {
                ready = false;
            }
        }
    }
    Ok(ready)
}

/// One poll of a dependency: met, not yet, or never (an error).
fn condition_met(host: &Host, id: ContainerId, condition: Condition) -> Result<bool, ComposeError> {
    let c = host.container(id);
    let name = c.name.clone();
    match condition {
        Condition::Started => Ok(c.is_running() || c.status == Status::Exited),
        Condition::Healthy => {
            if c.spec
                .health
                .as_ref()
                .is_none_or(crate::process::health_disabled)
            {
                return Err(ComposeError::NoHealthcheck(name));
            }
            match c.health {
                Some(crate::container::HealthStatus::Healthy) if c.is_running() => Ok(true),
                Some(crate::container::HealthStatus::Unhealthy) => {
                    Err(ComposeError::Unhealthy(name))
                }
                _ if c.status == Status::Exited => {
                    Err(ComposeError::DependencyExited(name, c.exit_code))
                }
                _ => Ok(false),
            }
        }
        Condition::CompletedSuccessfully => match c.status {
            Status::Exited if c.exit_code == 0 => Ok(true),
            Status::Exited => {
                let svc = c.spec.labels.get(labels::SERVICE).cloned().unwrap_or(name);
                Err(ComposeError::NotCompleted(svc, c.exit_code))
            }
            _ => Ok(false),
        },
    }
}

/// Polls a container every 500 ms of simulated time until the condition
/// holds or can no longer hold.
fn wait_for(host: &mut Host, id: ContainerId, condition: Condition) -> Result<(), ComposeError> {
    let deadline = host.now() + WAIT_LIMIT;
    while !condition_met(host, id, condition)? {
        if host.now() >= deadline {
            let name = host.container(id).name.clone();
            return Err(ComposeError::WaitLimit(name, WAIT_LIMIT.as_secs()));
        }
        host.advance(POLL);
    }
    Ok(())
}

/// `docker compose down`: containers (dependents first), then networks the
/// project created, then (with `-v`) its named volumes.
pub fn down(host: &mut Host, project: &ProjectSpec, volumes: bool) -> Outcome {
    let mut out = Outcome::default();
    let mut order = match DependencyGraph::new(project).start_order() {
        Ok(order) => order,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    order.reverse();
    let mut ids: Vec<ContainerId> = Vec::new();
    for svc in &order {
        ids.extend(service_containers(host, &project.name, svc));
    }
    // Orphans (services no longer in the file) go too, last.
    let mut listed = ids.clone();
    crate::order::sort(&mut listed);
    for id in project_containers(host, &project.name) {
        if listed.binary_search(&id).is_err() {
            ids.push(id);
        }
    }
    for id in ids {
        let name = host.container(id).name.clone();
        out.line("Container", &name, "Stopping");
        let _ = host.stop(&name, None);
        out.line("Container", &name, "Stopped");
        out.line("Container", &name, "Removing");
        let _ = host.remove(&name, true);
        out.line("Container", &name, "Removed");
    }
    for net in project.networks.values() {
        if net.external {
            continue;
        }
        if host.find_network(&net.name).is_some() {
            out.line("Network", &net.name, "Removing");
            match host.network_remove(&net.name) {
                Ok(_) => out.line("Network", &net.name, "Removed"),
                Err(e) => out.line("Network", &net.name, &format!("Error: {e}")),
            }
        }
    }
    if volumes {
        for vol in project.volumes.values() {
            if vol.external {
                continue;
            }
            if host.find_volume(&vol.name).is_some() {
                out.line("Volume", &vol.name, "Removing");
                let _ = host.volume_remove(&vol.name, false);
                out.line("Volume", &vol.name, "Removed");
            }
        }
    }
    out
}

/// `docker compose stop [services]`, dependents first.
pub fn stop(host: &mut Host, project: &ProjectSpec, services: &[String]) -> Outcome {
    let mut out = Outcome::default();
    let order = match selected_for_command(project, services) {
        Ok(o) => o,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    for svc in order.iter().rev() {
        for id in service_containers(host, &project.name, svc) {
            let name = host.container(id).name.clone();
            if !host.container(id).is_running() {
                continue;
            }
            out.line("Container", &name, "Stopping");
            let _ = host.stop(&name, None);
            out.line("Container", &name, "Stopped");
        }
    }
    out
}

/// `docker compose start [services]`, dependencies first.
pub fn start(host: &mut Host, project: &ProjectSpec, services: &[String]) -> Outcome {
    let mut out = Outcome::default();
    let result = selected_for_command(project, services).and_then(|order| {
        let pending = order
            .into_iter()
            .map(|svc| {
                let ids = service_containers(host, &project.name, &svc);
                (svc, ids)
            })
            .collect();
        start_in_parallel(host, project, pending, &mut out)
    });
    out.error = result.err();
    out
}

/// `docker compose restart [services]`: each container is restarted; with
/// `depends_on.restart: true`, dependents are restarted after it.
pub fn restart(host: &mut Host, project: &ProjectSpec, services: &[String]) -> Outcome {
    let mut out = Outcome::default();
    let result = (|| -> Result<(), ComposeError> {
        let order = selected_for_command(project, services)?;
        let mut todo: Vec<String> = order.clone();
        for svc in &order {
            for (name, s) in &project.services {
                if s.depends_on.get(svc).is_some_and(|d| d.restart) && !todo.contains(name) {
                    todo.push(name.clone());
                }
            }
        }
        for svc in todo {
            for id in service_containers(host, &project.name, &svc) {
                let name = host.container(id).name.clone();
                out.line("Container", &name, "Restarting");
                host.restart(&name, None)?;
                out.line("Container", &name, "Started");
            }
        }
        Ok(())
    })();
    out.error = result.err();
    out
}

fn selected_for_command(
    project: &ProjectSpec,
    services: &[String],
) -> Result<Vec<String>, ComposeError> {
    let order = DependencyGraph::new(project).start_order()?;
    for s in services {
        if !project.services.contains_key(s) {
            return Err(ComposeError::NoSuchService(s.clone()));
        }
    }
    Ok(order
        .into_iter()
        .filter(|s| services.is_empty() || services.contains(s))
        .collect())
}
