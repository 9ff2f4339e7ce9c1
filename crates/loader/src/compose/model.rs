//! The normalised project: what `docker compose config` would print, typed,
//! and limited to what matters for networking and lifecycle.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use indexmap::IndexMap;

use super::behaviour::AppBehaviour;

/// A loaded and normalised Compose project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    pub name: String,
    pub working_dir: PathBuf,
    /// Enabled services, sorted by name as compose-go sorts them.
    pub services: IndexMap<String, Service>,
    /// Services left out by the active profiles (names only).
    pub disabled_services: Vec<String>,
    /// Networks used by the enabled services, by key, sorted by key.
    pub networks: IndexMap<String, Network>,
    /// Volumes used by the enabled services, by key, sorted by key.
    pub volumes: IndexMap<String, Volume>,
    /// Top-level `x-composenet`.
    pub x_composenet: Option<ScenarioMeta>,
}

/// Top-level `x-composenet`: what the scenario is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScenarioMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    /// The engine version to simulate: `20.10`, `25`, `27`, `28` or `29`.
    pub engine: Option<String>,
}

/// The engine versions a scenario may ask for.
pub const ENGINES: &[&str] = &["20.10", "25", "27", "28", "29"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// The final name: `<project>_<key>`, `name:`, or the external name.
    pub name: String,
    pub driver: Option<String>,
    pub driver_opts: IndexMap<String, String>,
    pub internal: bool,
    pub attachable: bool,
    pub external: bool,
    pub labels: IndexMap<String, String>,
    pub enable_ipv6: Option<bool>,
    pub enable_ipv4: Option<bool>,
    pub ipam: Ipam,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ipam {
    pub driver: Option<String>,
    pub config: Vec<IpamPool>,
    pub options: IndexMap<String, String>,
}

/// One `ipam.config` entry. Addresses are kept as written: the engine, not
/// Compose, checks them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamPool {
    pub subnet: Option<String>,
    pub ip_range: Option<String>,
    pub gateway: Option<String>,
    pub aux_addresses: IndexMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Volume {
    pub name: String,
    pub driver: Option<String>,
    pub driver_opts: IndexMap<String, String>,
    pub external: bool,
    pub labels: IndexMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    pub name: String,
    pub image: Option<String>,
    pub build: Option<Build>,
    pub container_name: Option<String>,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    /// `None` when not set (the image's default applies). A string command
    /// is split into words as a shell would.
    pub command: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `None` values are names without a value that the environment did not
    /// define either.
    pub environment: IndexMap<String, Option<String>>,
    pub labels: IndexMap<String, String>,
    /// By network key; empty when `network_mode` is set.
    pub networks: IndexMap<String, ServiceNetwork>,
    pub network_mode: Option<String>,
    pub ports: Vec<Port>,
    pub expose: Vec<String>,
    pub depends_on: IndexMap<String, DependsOn>,
    pub links: Vec<String>,
    pub external_links: Vec<String>,
    pub healthcheck: Option<Healthcheck>,
    pub restart: Option<String>,
    /// `deploy.replicas` or `scale`; 1 when neither is set.
    pub replicas: u32,
    pub profiles: Vec<String>,
    pub volumes: Vec<Mount>,
    pub volumes_from: Vec<String>,
    pub extra_hosts: Vec<String>,
    pub dns: Vec<String>,
    pub dns_search: Vec<String>,
    pub mac_address: Option<String>,
    /// `stdin_open` / `tty`: a shell as the main process keeps running.
    pub stdin_open: bool,
    pub tty: bool,
    pub working_dir: Option<String>,
    pub user: Option<String>,
    pub stop_grace_period: Option<Duration>,
    pub stop_signal: Option<String>,
    pub ipc: Option<String>,
    pub pid: Option<String>,
    pub x_composenet: Option<AppBehaviour>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Build {
    pub context: String,
    pub dockerfile: Option<String>,
}

/// A service's attachment to one network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceNetwork {
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
    pub ipv6_address: Option<String>,
    pub mac_address: Option<String>,
    pub priority: Option<i64>,
    pub gw_priority: Option<i64>,
    pub interface_name: Option<String>,
    pub link_local_ips: Vec<String>,
    pub driver_opts: IndexMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port {
    pub target: u16,
    /// A port (`"8080"`), a range (`"8000-9000"`), or `None` for an
    /// ephemeral host port.
    pub published: Option<String>,
    pub host_ip: Option<String>,
    pub protocol: String,
    pub mode: String,
    pub name: Option<String>,
    pub app_protocol: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Condition {
    ServiceStarted,
    ServiceHealthy,
    ServiceCompletedSuccessfully,
}

impl Condition {
    pub fn as_str(&self) -> &'static str {
        match self {
            Condition::ServiceStarted => "service_started",
            Condition::ServiceHealthy => "service_healthy",
            Condition::ServiceCompletedSuccessfully => "service_completed_successfully",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DependsOn {
    pub condition: Condition,
    pub required: bool,
    pub restart: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Healthcheck {
    /// `["CMD", ...]`, `["CMD-SHELL", "..."]` or `["NONE"]`; empty when only
    /// the timings are overridden.
    pub test: Vec<String>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub retries: Option<u64>,
    pub start_period: Option<Duration>,
    pub start_interval: Option<Duration>,
    pub disable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountType {
    Volume,
    Bind,
    Tmpfs,
    Other(String),
}

impl MountType {
    pub fn as_str(&self) -> &str {
        match self {
            MountType::Volume => "volume",
            MountType::Bind => "bind",
            MountType::Tmpfs => "tmpfs",
            MountType::Other(s) => s,
        }
    }
}

/// One entry of a service's `volumes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub kind: MountType,
    /// A volume key, an absolute host path, or `None` (anonymous, tmpfs).
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
}

// ---------------------------------------------------------------------------
// A compact, `docker compose config`-like rendering for snapshots and the CLI.

/// Go's `time.Duration` text, without the zero parts: `1m30s`, `500ms`.
fn dur(d: &Duration) -> String {
    let ms = d.as_millis();
    if ms == 0 {
        return "0s".into();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, milli) = (rest / 1000, rest % 1000);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || milli > 0 {
        if milli > 0 {
            let frac = format!("{milli:03}");
            out.push_str(&format!("{s}.{}s", frac.trim_end_matches('0')));
        } else {
            out.push_str(&format!("{s}s"));
        }
    }
    out
}

fn words(w: &[String]) -> String {
    let items: Vec<String> = w
        .iter()
        .map(|s| {
            if s.is_empty() || s.contains([' ', ',', '"', '[', ']']) {
                format!("{s:?}")
            } else {
                s.clone()
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn kv(m: &IndexMap<String, String>) -> String {
    let items: Vec<String> = m.iter().map(|(k, v)| format!("{k}={v}")).collect();
    items.join(", ")
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(ip) = &self.host_ip {
            if ip.contains(':') {
                write!(f, "[{ip}]:")?;
            } else {
                write!(f, "{ip}:")?;
            }
        }
        if let Some(p) = &self.published {
            write!(f, "{p}:")?;
        }
        write!(f, "{}/{}", self.target, self.protocol)?;
        if self.mode != "ingress" {
            write!(f, " mode={}", self.mode)?;
        }
        if let Some(n) = &self.name {
            write!(f, " name={n}")?;
        }
        if let Some(a) = &self.app_protocol {
            write!(f, " app_protocol={a}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Mount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.kind.as_str())?;
        if let Some(s) = &self.source {
            write!(f, "{s}:")?;
        }
        write!(f, "{}", self.target)?;
        if self.read_only {
            write!(f, ":ro")?;
        }
        Ok(())
    }
}

impl fmt::Display for Project {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "name: {}", self.name)?;
        if let Some(meta) = &self.x_composenet {
            writeln!(f, "x-composenet:")?;
            if let Some(t) = &meta.title {
                writeln!(f, "  title: {t}")?;
            }
            if let Some(d) = &meta.description {
                writeln!(f, "  description: {d}")?;
            }
            if let Some(e) = &meta.engine {
                writeln!(f, "  engine: {e}")?;
            }
        }
        writeln!(f, "services:")?;
        for s in self.services.values() {
            write!(f, "{s}")?;
        }
        if !self.disabled_services.is_empty() {
            writeln!(f, "disabled: {}", words(&self.disabled_services))?;
        }
        if !self.networks.is_empty() {
            writeln!(f, "networks:")?;
            for (key, n) in &self.networks {
                writeln!(f, "  {key}: {n}")?;
                for pool in &n.ipam.config {
                    let mut parts = Vec::new();
                    if let Some(s) = &pool.subnet {
                        parts.push(format!("subnet={s}"));
                    }
                    if let Some(s) = &pool.ip_range {
                        parts.push(format!("ip_range={s}"));
                    }
                    if let Some(s) = &pool.gateway {
                        parts.push(format!("gateway={s}"));
                    }
                    if !pool.aux_addresses.is_empty() {
                        parts.push(format!("aux=({})", kv(&pool.aux_addresses)));
                    }
                    writeln!(f, "    pool: {}", parts.join(" "))?;
                }
            }
        }
        if !self.volumes.is_empty() {
            writeln!(f, "volumes:")?;
            for (key, v) in &self.volumes {
                write!(f, "  {key}: name={}", v.name)?;
                if let Some(d) = &v.driver {
                    write!(f, " driver={d}")?;
                }
                if v.external {
                    write!(f, " external")?;
                }
                writeln!(f)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "name={}", self.name)?;
        if let Some(d) = &self.driver {
            write!(f, " driver={d}")?;
        }
        if self.external {
            write!(f, " external")?;
        }
        if self.internal {
            write!(f, " internal")?;
        }
        if self.attachable {
            write!(f, " attachable")?;
        }
        if let Some(b) = self.enable_ipv4 {
            write!(f, " ipv4={b}")?;
        }
        if let Some(b) = self.enable_ipv6 {
            write!(f, " ipv6={b}")?;
        }
        if !self.driver_opts.is_empty() {
            write!(f, " opts=({})", kv(&self.driver_opts))?;
        }
        if let Some(d) = &self.ipam.driver {
            write!(f, " ipam_driver={d}")?;
        }
        if !self.ipam.options.is_empty() {
            write!(f, " ipam_opts=({})", kv(&self.ipam.options))?;
        }
        if !self.labels.is_empty() {
            write!(f, " labels=({})", kv(&self.labels))?;
        }
        Ok(())
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  {}:", self.name)?;
        let line =
            |f: &mut fmt::Formatter<'_>, k: &str, v: &dyn fmt::Display| writeln!(f, "    {k}: {v}");
        if let Some(v) = &self.image {
            line(f, "image", v)?;
        }
        if let Some(b) = &self.build {
            match &b.dockerfile {
                Some(d) => line(f, "build", &format!("{} (dockerfile {d})", b.context))?,
                None => line(f, "build", &b.context)?,
            }
        }
        if let Some(v) = &self.container_name {
            line(f, "container_name", v)?;
        }
        if let Some(v) = &self.hostname {
            line(f, "hostname", v)?;
        }
        if let Some(v) = &self.domainname {
            line(f, "domainname", v)?;
        }
        if let Some(v) = &self.entrypoint {
            line(f, "entrypoint", &words(v))?;
        }
        if let Some(v) = &self.command {
            line(f, "command", &words(v))?;
        }
        if self.replicas != 1 {
            line(f, "replicas", &self.replicas)?;
        }
        if !self.profiles.is_empty() {
            line(f, "profiles", &words(&self.profiles))?;
        }
        if let Some(v) = &self.network_mode {
            line(f, "network_mode", v)?;
        }
        if !self.networks.is_empty() {
            writeln!(f, "    networks:")?;
            for (key, n) in &self.networks {
                let mut parts = Vec::new();
                if !n.aliases.is_empty() {
                    parts.push(format!("aliases={}", words(&n.aliases)));
                }
                if let Some(v) = &n.ipv4_address {
                    parts.push(format!("ipv4={v}"));
                }
                if let Some(v) = &n.ipv6_address {
                    parts.push(format!("ipv6={v}"));
                }
                if let Some(v) = &n.mac_address {
                    parts.push(format!("mac={v}"));
                }
                if let Some(v) = &n.priority {
                    parts.push(format!("priority={v}"));
                }
                if let Some(v) = &n.gw_priority {
                    parts.push(format!("gw_priority={v}"));
                }
                if let Some(v) = &n.interface_name {
                    parts.push(format!("interface={v}"));
                }
                if !n.link_local_ips.is_empty() {
                    parts.push(format!("link_local={}", words(&n.link_local_ips)));
                }
                if !n.driver_opts.is_empty() {
                    parts.push(format!("opts=({})", kv(&n.driver_opts)));
                }
                if parts.is_empty() {
                    writeln!(f, "      - {key}")?;
                } else {
                    writeln!(f, "      - {key} {}", parts.join(" "))?;
                }
            }
        }
        if let Some(v) = &self.mac_address {
            line(f, "mac_address", v)?;
        }
        if !self.ports.is_empty() {
            writeln!(f, "    ports:")?;
            for p in &self.ports {
                writeln!(f, "      - {p}")?;
            }
        }
        if !self.expose.is_empty() {
            line(f, "expose", &words(&self.expose))?;
        }
        if !self.depends_on.is_empty() {
            writeln!(f, "    depends_on:")?;
            // Compose's long form, as `docker compose config` prints it
            // (2.40.3): valid YAML that Compose reads back.
            for (name, d) in &self.depends_on {
                writeln!(f, "      {name}:")?;
                writeln!(f, "        condition: {}", d.condition.as_str())?;
                if d.restart {
                    writeln!(f, "        restart: true")?;
                }
                writeln!(f, "        required: {}", d.required)?;
            }
        }
        if !self.links.is_empty() {
            line(f, "links", &words(&self.links))?;
        }
        if !self.external_links.is_empty() {
            line(f, "external_links", &words(&self.external_links))?;
        }
        if !self.volumes_from.is_empty() {
            line(f, "volumes_from", &words(&self.volumes_from))?;
        }
        if let Some(h) = &self.healthcheck {
            let mut parts = Vec::new();
            if !h.test.is_empty() {
                parts.push(format!("test={}", words(&h.test)));
            }
            for (k, v) in [
                ("interval", &h.interval),
                ("timeout", &h.timeout),
                ("start_period", &h.start_period),
                ("start_interval", &h.start_interval),
            ] {
                if let Some(d) = v {
                    parts.push(format!("{k}={}", dur(d)));
                }
            }
            if let Some(r) = h.retries {
                parts.push(format!("retries={r}"));
            }
            if h.disable {
                parts.push("disable".into());
            }
            line(f, "healthcheck", &parts.join(" "))?;
        }
        if let Some(v) = &self.restart {
            line(f, "restart", v)?;
        }
        if let Some(v) = &self.stop_grace_period {
            line(f, "stop_grace_period", &dur(v))?;
        }
        if let Some(v) = &self.stop_signal {
            line(f, "stop_signal", v)?;
        }
        if !self.volumes.is_empty() {
            writeln!(f, "    volumes:")?;
            for m in &self.volumes {
                writeln!(f, "      - {m}")?;
            }
        }
        if !self.extra_hosts.is_empty() {
            line(f, "extra_hosts", &words(&self.extra_hosts))?;
        }
        if !self.dns.is_empty() {
            line(f, "dns", &words(&self.dns))?;
        }
        if !self.dns_search.is_empty() {
            line(f, "dns_search", &words(&self.dns_search))?;
        }
        for (k, v) in [
            ("working_dir", &self.working_dir),
            ("user", &self.user),
            ("ipc", &self.ipc),
            ("pid", &self.pid),
        ] {
            if let Some(v) = v {
                line(f, k, v)?;
            }
        }
        if !self.environment.is_empty() {
            writeln!(f, "    environment:")?;
            for (k, v) in &self.environment {
                match v {
                    Some(v) => writeln!(f, "      {k}: {v:?}")?,
                    None => writeln!(f, "      {k}: (unset)")?,
                }
            }
        }
        if !self.labels.is_empty() {
            writeln!(f, "    labels:")?;
            for (k, v) in &self.labels {
                writeln!(f, "      {k}: {v:?}")?;
            }
        }
        if let Some(b) = &self.x_composenet {
            let mut parts = Vec::new();
            if let Some(d) = &b.ready_after {
                parts.push(format!("ready_after={}", dur(d)));
            }
            if let Some(d) = &b.exit_after {
                parts.push(format!("exit_after={}", dur(d)));
            }
            if b.exit_code != 0 {
                parts.push(format!("exit_code={}", b.exit_code));
            }
            if !b.connects.is_empty() {
                parts.push(format!("connects={}", words(&b.connects)));
            }
            if b.on_connect_failure != super::behaviour::ConnectFailure::Retry {
                parts.push(format!("on_connect_failure={}", b.on_connect_failure));
            }
            if let Some(d) = &b.retry_interval {
                parts.push(format!("retry_interval={}", dur(d)));
            }
            for w in &b.writes {
                parts.push(format!("writes={}.{}", w.database, w.table));
            }
            if let Some(u) = &b.upstream {
                parts.push(format!("upstream={u}"));
                if b.upstream_per_request {
                    parts.push("resolve_upstream=per_request".to_string());
                }
            }
            line(f, "x-composenet", &parts.join(" "))?;
        }
        Ok(())
    }
}
