//! Containers: what was asked for ([`ContainerSpec`]) and what the engine
//! made of it ([`Container`]).

use std::net::Ipv4Addr;
use std::time::Duration;

use indexmap::IndexMap;

use crate::ids::{ContainerId, NetworkId};
use crate::time::SimTime;

/// `--restart`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, Hash)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    /// `on-failure[:N]`; 0 means no limit.
    OnFailure(u32),
}

impl RestartPolicy {
    pub fn parse(text: &str) -> Result<RestartPolicy, String> {
        let (name, count) = match text.split_once(':') {
            Some((name, count)) => (name, Some(count)),
            None => (text, None),
        };
        let policy = match (name, count) {
            ("" | "no", None) => RestartPolicy::No,
            ("always", None) => RestartPolicy::Always,
            ("unless-stopped", None) => RestartPolicy::UnlessStopped,
            ("on-failure", None) => RestartPolicy::OnFailure(0),
            ("on-failure", Some(n)) => RestartPolicy::OnFailure(
                n.parse()
                    .map_err(|_| format!("invalid restart policy format: maximum retry count must be an integer: {n}"))?,
            ),
            ("always" | "unless-stopped" | "no", Some(_)) => {
                return Err(
                    "invalid restart policy format: maximum retry count can only be used with 'on-failure'"
                        .to_string(),
                )
            }
            _ => return Err(format!("invalid restart policy format: unknown policy '{name}'")),
        };
        Ok(policy)
    }

    pub fn name(self) -> &'static str {
        match self {
            RestartPolicy::No => "no",
            RestartPolicy::Always => "always",
            RestartPolicy::UnlessStopped => "unless-stopped",
            RestartPolicy::OnFailure(_) => "on-failure",
        }
    }
}

/// A health check as Docker stores it (`HEALTHCHECK` / `--health-*` /
/// compose `healthcheck`). Docker's defaults: 30 s interval and timeout,
/// 3 retries, no start period.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HealthSpec {
    /// `["CMD-SHELL", "mysqladmin ping"]`, `["CMD", "true"]`, ...
    pub test: Vec<String>,
    pub interval: Duration,
    pub timeout: Duration,
    pub retries: u32,
    pub start_period: Duration,
    pub start_interval: Duration,
}

impl Default for HealthSpec {
    fn default() -> Self {
        HealthSpec {
            test: Vec::new(),
            interval: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
            retries: 3,
            start_period: Duration::ZERO,
            start_interval: Duration::from_secs(5),
        }
    }
}

/// What a simulated app does beyond what its command says: declared with
/// `x-composenet` in compose files and `--label composenet.*` on the command
/// line (see the README's vocabulary).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Behaviour {
    /// The app answers (health checks pass, connections are accepted) this
    /// long after it starts; immediately when `None`.
    pub ready_after: Option<Duration>,
    /// The process exits this long after it starts ...
    pub exit_after: Option<Duration>,
    /// ... with this code.
    pub exit_code: i32,
    /// Hosts the app connects to (`db:3306`), in order. `None` means "not
    /// declared": the hosts are then inferred from the environment
    /// ([`crate::process::infer_connects`]).
    pub connects: Option<Vec<String>>,
    /// Whether a failed connection ends the process (`exit`) or is retried.
    pub exit_on_connect_failure: bool,
    pub retry_interval: Option<Duration>,
    /// Where the app listens. `None` means "not declared": the image's
    /// known ports then ([`crate::images::listens`]), else unknown.
    pub listen: Option<Vec<Listen>>,
    /// Tables the app writes into the database server it connects to
    /// (`writes: todos.todo_items(...) = ...`).
    pub writes: Vec<crate::data::TableWrite>,
    /// A reverse proxy's one upstream, which every request it receives is
    /// forwarded to.
    pub upstream: Option<Upstream>,
}

/// Where a reverse proxy forwards requests, and when it looks the name up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Upstream {
    /// `host:port`.
    pub target: String,
    /// nginx's `proxy_pass http://api:3000;` looks `api` up once, when it
    /// starts, and uses that address until it restarts; with `resolver
    /// 127.0.0.11;` and the name in a variable it asks the DNS for every
    /// request (`true`).
    pub per_request: bool,
}

/// An address and TCP port a container's app listens on: `0.0.0.0` (every
/// interface) or `127.0.0.1` (loopback only, reachable from its own network
/// namespace alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, Hash)]
pub struct Listen {
    pub ip: Ipv4Addr,
    pub port: u16,
}

impl Listen {
    pub fn any(port: u16) -> Listen {
        Listen {
            ip: Ipv4Addr::UNSPECIFIED,
            port,
        }
    }
}

/// `-p` after parsing.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Hash)]
pub struct PortBinding {
    pub host_ip: Option<Ipv4Addr>,
    /// `None` asks for an ephemeral port.
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub protocol: String,
}

/// The warnings the daemon returns on creating a container from `spec`,
/// which `docker run` prints as `WARNING: ...` and Compose after the
/// service name.
pub fn create_warnings(spec: &ContainerSpec) -> Vec<&'static str> {
    let mut out = Vec::new();
    if matches!(spec.network_mode, NetworkMode::Host) && !spec.ports.is_empty() {
        out.push("Published ports are discarded when using host network mode");
    }
    out
}

/// As `-p` writes it: `8080:80/tcp`, `127.0.0.1:8080:80/tcp`, `80/tcp`
/// for an ephemeral host port.
impl std::fmt::Display for PortBinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(ip) = self.host_ip {
            write!(f, "{ip}:")?;
        }
        if let Some(port) = self.host_port {
            write!(f, "{port}:")?;
        } else if self.host_ip.is_some() {
            f.write_str(":")?;
        }
        write!(f, "{}/{}", self.container_port, self.protocol)
    }
}

/// A mount: a named volume (created on first use) or a bind mount.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MountSpec {
    pub kind: MountKind,
    /// The volume name or host path; empty for an anonymous volume.
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MountKind {
    Volume,
    Bind,
    Tmpfs,
}

/// One network a container asks to join, with its per-network settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct EndpointSpec {
    /// The network's name or id, as given.
    pub network: String,
    pub aliases: Vec<String>,
    pub ipv4_address: Option<Ipv4Addr>,
    /// `--link target:alias` on a user-defined network: the alias only this
    /// container sees (facts §4).
    pub links: Vec<(String, String)>,
    pub gw_priority: i64,
    pub mac_address: Option<String>,
}

/// How the container gets its network namespace.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Hash)]
pub enum NetworkMode {
    /// Its own namespace joined to the networks of `ContainerSpec::endpoints`
    /// (`bridge` or user-defined networks).
    Default,
    Host,
    None,
    /// `container:NAME` (compose `service:X` is resolved to this).
    Container(String),
}

/// Everything `docker create` / `docker run` / compose asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSpec {
    /// Without the leading `/`; `None` picks a random name.
    pub name: Option<String>,
    pub image: String,
    pub command: Vec<String>,
    pub entrypoint: Option<Vec<String>>,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub env: IndexMap<String, String>,
    pub labels: IndexMap<String, String>,
    pub network_mode: NetworkMode,
    /// In the order given; the first one is the one `docker run --network`
    /// named first. Empty with [`NetworkMode::Default`] means the default
    /// bridge.
    pub endpoints: Vec<EndpointSpec>,
    /// Legacy `--link target:alias` on the default bridge.
    pub legacy_links: Vec<(String, String)>,
    pub ports: Vec<PortBinding>,
    pub publish_all: bool,
    pub expose: Vec<String>,
    pub restart: RestartPolicy,
    pub health: Option<HealthSpec>,
    pub behaviour: Behaviour,
    pub mounts: Vec<MountSpec>,
    pub extra_hosts: Vec<(String, String)>,
    pub dns: Vec<String>,
    pub working_dir: Option<String>,
    pub stop_timeout: Option<Duration>,
    pub auto_remove: bool,
    pub mac_address: Option<String>,
    /// `-i`: stdin stays open. A shell as the main process exits at once
    /// without it (`docker run -d busybox` stops immediately).
    pub open_stdin: bool,
}

/// Every setting, so that compose's `config-hash` (`compose::config_hash`)
/// changes with any of them. Written out rather than derived because the
/// maps have no `Hash`; the destructuring names every field, so a new one
/// cannot be forgotten.
impl std::hash::Hash for ContainerSpec {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let ContainerSpec {
            name,
            image,
            command,
            entrypoint,
            hostname,
            domainname,
            env,
            labels,
            network_mode,
            endpoints,
            legacy_links,
            ports,
            publish_all,
            expose,
            restart,
            health,
            behaviour,
            mounts,
            extra_hosts,
            dns,
            working_dir,
            stop_timeout,
            auto_remove,
            mac_address,
            open_stdin,
        } = self;
        (name, image, command, entrypoint, hostname, domainname).hash(state);
        for map in [env, labels] {
            state.write_usize(map.len());
            map.iter().for_each(|pair| pair.hash(state));
        }
        (
            network_mode,
            endpoints,
            legacy_links,
            ports,
            publish_all,
            expose,
        )
            .hash(state);
        (restart, health, behaviour, mounts, extra_hosts, dns).hash(state);
        (
            working_dir,
            stop_timeout,
            auto_remove,
            mac_address,
            open_stdin,
        )
            .hash(state);
    }
}

impl ContainerSpec {
    pub fn new(image: impl Into<String>) -> Self {
        ContainerSpec {
            name: None,
            image: image.into(),
            command: Vec::new(),
            entrypoint: None,
            hostname: None,
            domainname: None,
            env: IndexMap::new(),
            labels: IndexMap::new(),
            network_mode: NetworkMode::Default,
            endpoints: Vec::new(),
            legacy_links: Vec::new(),
            ports: Vec::new(),
            publish_all: false,
            expose: Vec::new(),
            restart: RestartPolicy::No,
            health: None,
            behaviour: Behaviour::default(),
            mounts: Vec::new(),
            extra_hosts: Vec::new(),
            dns: Vec::new(),
            working_dir: None,
            stop_timeout: None,
            auto_remove: false,
            mac_address: None,
            open_stdin: false,
        }
    }
}

/// `State.Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Status {
    Created,
    Running,
    Restarting,
    Exited,
    Paused,
    Removing,
    Dead,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Restarting => "restarting",
            Status::Exited => "exited",
            Status::Paused => "paused",
            Status::Removing => "removing",
            Status::Dead => "dead",
        }
    }
}

/// `State.Health.Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HealthStatus {
    Starting,
    Healthy,
    Unhealthy,
}

impl HealthStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Starting => "starting",
            HealthStatus::Healthy => "healthy",
            HealthStatus::Unhealthy => "unhealthy",
        }
    }
}

/// A container's place on one network while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub network: NetworkId,
    pub endpoint_id: String,
    pub ip: Option<Ipv4Addr>,
    pub prefix_len: u8,
    pub gateway: Option<Ipv4Addr>,
    pub mac: String,
    /// `eth0`, `eth1`, ...
    pub ifname: String,
    /// Index of the container end in the container's namespace.
    pub ifindex: u32,
    /// Host end: `veth` + 7 hex, and its index in the host's namespace.
    pub veth: String,
    pub veth_ifindex: u32,
    /// The aliases this endpoint answers to besides the container name.
    pub aliases: Vec<String>,
    /// Container-scoped link aliases: (alias, target container name).
    pub links: Vec<(String, String)>,
    pub static_ip: bool,
}

/// The settings a container keeps for a network while it is not running
/// (the `NetworkSettings.Networks` entry of a stopped container).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub network: NetworkId,
    /// The network's name, kept because the network can be removed while a
    /// stopped container is still configured for it: `docker inspect` then
    /// shows the entry by this name, and `docker start` fails with it.
    pub network_name: String,
    pub aliases: Vec<String>,
    /// Whether the request carried an alias list, empty or not: `docker
    /// network connect` sends one, `docker run --network` without
    /// `--network-alias` sends none, and from 25 the API shows the
    /// difference as `[]` or `null` (seen on 26.1.5 and 28.5.2).
    pub aliases_listed: bool,
    /// Joined by `docker network connect`: up to 24 the engine writes the
    /// short id into the settings' aliases then, even for a container that
    /// is not running (seen on 20.10.24).
    pub connected: bool,
    pub ipv4_address: Option<Ipv4Addr>,
    pub links: Vec<(String, String)>,
    pub gw_priority: i64,
    /// The address it had last time, kept for display and for the "same or
    /// new address" explanation.
    pub last_ip: Option<Ipv4Addr>,
    pub endpoint: Option<Endpoint>,
    /// Address, prefix length and MAC of an endpoint made by a start that
    /// then failed (a legacy link that cannot be made): the engine leaves
    /// them in the container's settings, without a gateway (seen on
    /// 20.10.24). A later start replaces them.
    pub failed_settings: Option<(Ipv4Addr, u8, String)>,
}

/// A line the app wrote to its output, with when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub time: SimTime,
    pub text: String,
    /// Written to stderr, not stdout: `docker logs` passes the two streams
    /// on separately (`docker logs x 2>/dev/null` hides these lines).
    pub stderr: bool,
}

impl LogLine {
    /// Which stream an app writes a line to. Programs report failures on
    /// stderr (Node's `console.error` for `Error: connect ECONNREFUSED …`,
    /// servers' `[ERROR]` lines); everything else goes to stdout.
    pub fn is_error_text(text: &str) -> bool {
        text.starts_with("Error")
            || text.starts_with("error")
            || text.contains("[ERROR]")
            || text.starts_with("restart failed")
    }
}

/// A container of the simulated engine.
#[derive(Clone, Debug)]
pub struct Container {
    pub id: ContainerId,
    pub docker_id: String,
    pub name: String,
    pub spec: ContainerSpec,
    pub hostname: String,
    pub status: Status,
    pub exit_code: i32,
    pub health: Option<HealthStatus>,
    pub failing_streak: u32,
    pub created: SimTime,
    pub started_at: Option<SimTime>,
    pub finished_at: Option<SimTime>,
    pub restart_count: u32,
    /// Set by `docker stop` / `docker kill`: the restart policy is ignored
    /// until the container is started again (facts §6).
    pub manually_stopped: bool,
    /// Networks in the order the container joins them (facts §3).
    pub attachments: IndexMap<NetworkId, Attachment>,
    /// The per-container `ethN` counter of engines up to 27.
    pub next_ifname: u32,
    /// Which start this is; timers from an earlier start are ignored.
    pub generation: u32,
    /// With a `container:` network mode, the target's `generation` when
    /// this container joined its namespace (see `Host::netns_owner`).
    pub netns_generation: u32,
    pub logs: Vec<LogLine>,
    /// The data directory of its database server when no named volume is
    /// mounted there: Docker's anonymous volume, which a new container does
    /// not get back. `None` until the server first starts.
    pub data: Option<crate::data::Datastore>,
    /// When the app becomes ready in this start.
    pub ready_at: Option<SimTime>,
    /// Published ports actually bound: (host ip, host port, container port, proto).
    pub bound_ports: Vec<(Ipv4Addr, u16, u16, String)>,
    /// Restart back-off delay for the next restart.
    pub restart_delay: std::time::Duration,
    /// Connection targets already reached in this start.
    pub connected: Vec<String>,
    /// The address a proxy that resolves its upstream once got when it
    /// started, used for every request until it starts again.
    pub upstream_ip: Option<Ipv4Addr>,
    /// What the app's last connection round wrote, and how many rounds in a
    /// row wrote the same: a retry loop that keeps failing the same way is
    /// steady, and simulated time may skip through it (`Host::advance_to`).
    pub retry_last: String,
    pub retry_same: u32,
    /// The addresses of the container's own lines in /etc/hosts, in the
    /// order they were written: one per network joined since the start,
    /// and none left after any disconnect while running (libnetwork
    /// deletes the container's own records on leave; seen on 20.10.24 and
    /// 26.1.5) but one from the default bridge, which leaves them all, or
    /// from 28 only the left network's line.
    pub hosts_lines: Vec<std::net::Ipv4Addr>,
    /// Whether the container's resolv.conf points at the embedded DNS: it
    /// is written when the container starts and rewritten when it joins a
    /// user network, but never reverted, so a container disconnected from
    /// its last user network keeps `nameserver 127.0.0.11` (seen on
    /// 20.10.24).
    pub resolv_embedded: bool,
    /// Whether the last start failed: the engine then reports exit code
    /// 128 for a container that had none (moby's containerStart; seen on
    /// 20.10.24 for a missing network and for legacy links that cannot be
    /// made). Only `docker inspect` shows it.
    pub failed_start: bool,
    /// Run without a name, so the engine made one up: such a container's
    /// name is not a DNS name on its networks up to 25 (moby's anonymous
    /// endpoints; see `EngineVersion::made_up_names_resolve`;
    /// seen on 20.10.24).
    pub anonymous: bool,
}

impl Container {
    pub fn short_id(&self) -> &str {
        &self.docker_id[..12]
    }

    pub fn is_running(&self) -> bool {
        matches!(self.status, Status::Running | Status::Paused)
    }

    /// Running endpoints in join order.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.attachments
            .values()
            .filter_map(|a| a.endpoint.as_ref())
    }

    pub fn is_ready(&self, now: SimTime) -> bool {
        self.is_running() && self.ready_at.is_some_and(|t| t <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restart_policies_parse_like_docker() {
        assert_eq!(
            RestartPolicy::parse("on-failure:3"),
            Ok(RestartPolicy::OnFailure(3))
        );
        assert_eq!(
            RestartPolicy::parse("unless-stopped"),
            Ok(RestartPolicy::UnlessStopped)
        );
        assert!(RestartPolicy::parse("sometimes").is_err());
        assert!(RestartPolicy::parse("always:2").is_err());
    }
}
