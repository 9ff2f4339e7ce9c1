//! Option values with a syntax of their own: published ports, restart
//! policies, `--network` attachments, `--add-host`, `--link`, `-e`. Each
//! parser follows the docker CLI function named in its doc comment, with the
//! same error messages, so that the simulator accepts and refuses exactly
//! what Docker does.

use std::net::IpAddr;

use indexmap::IndexMap;

use super::error::RestartPolicyError;
use super::flags::csv_record;

/// The transport protocol of a port.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
    Sctp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
            Protocol::Sctp => "sctp",
        }
    }

    fn parse(s: &str) -> Result<Protocol, String> {
        match s.to_ascii_lowercase().as_str() {
            "tcp" => Ok(Protocol::Tcp),
            "udp" => Ok(Protocol::Udp),
            "sctp" => Ok(Protocol::Sctp),
            _ => Err(format!("invalid proto: {}", s.to_ascii_lowercase())),
        }
    }
}

/// An inclusive port range; a single port has `start == end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    pub start: u16,
    pub end: u16,
}

impl PortRange {
    pub fn single(port: u16) -> Self {
        PortRange {
            start: port,
            end: port,
        }
    }

    /// How many ports the range holds.
    pub fn count(self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }

    /// go-connections' `parsePortRange`: `80` or `8000-8010`.
    fn parse(s: &str) -> Result<PortRange, ()> {
        let number = |p: &str| -> Result<u16, ()> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(());
            }
            p.parse::<u16>().map_err(|_| ())
        };
        match s.split_once('-') {
            None => number(s).map(PortRange::single),
            Some((a, b)) => {
                let (start, end) = (number(a)?, number(b)?);
                if end < start {
                    return Err(());
                }
                Ok(PortRange { start, end })
            }
        }
    }
}

/// A `-p` / `--publish` value after parsing: `[ip:][host:]container[/proto]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: Option<IpAddr>,
    /// `None` asks for an ephemeral host port (`-p 80`, `-p 127.0.0.1::80`).
    /// A range with a single container port is the range to pick one host
    /// port from (`-p 8000-9000:5000`).
    pub host_ports: Option<PortRange>,
    pub container_ports: PortRange,
    pub protocol: Protocol,
}

/// Parses a `-p` value the way `docker run` does (go-connections'
/// `nat.ParsePortSpec`, after the CLI's long-syntax conversion): `80`,
/// `8080:80`, `127.0.0.1:8080:80`, `127.0.0.1::80`, `8000-8010:80-90`,
/// `80/udp`, `[::1]:80:80`, and `published=8080,target=80,protocol=udp`.
pub fn parse_publish(raw: &str) -> Result<PortSpec, String> {
    let converted;
    let raw = if raw.contains('=') {
        converted = convert_publish_long_syntax(raw)?;
        converted.as_str()
    } else {
        raw
    };
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host, container) = match n {
        1 => ("".to_string(), "", parts[0]),
        2 => ("".to_string(), parts[0], parts[1]),
        _ => (parts[..n - 2].join(":"), parts[n - 2], parts[n - 1]),
    };
    let (container, proto) = match container.split_once('/') {
        Some((p, proto)) => (p, if proto.is_empty() { "tcp" } else { proto }),
        None => (container, "tcp"),
    };
    if container.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let protocol = Protocol::parse(proto)?;
    let mut ip = ip;
    if ip.starts_with('[') {
        match ip.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) if !inner.contains(['[', ']']) => ip = inner.to_string(),
            _ => {
                return Err(format!(
                    "invalid IP address {ip}: address {ip}:: missing ']' in address"
                ))
            }
        }
    }
    let host_ip = if ip.is_empty() {
        None
    } else {
        Some(
            ip.parse::<IpAddr>()
                .map_err(|_| format!("invalid IP address: {ip}"))?,
        )
    };
    let container_ports =
        PortRange::parse(container).map_err(|_| format!("invalid containerPort: {container}"))?;
    let host_ports = if host.is_empty() {
        None
    } else {
        let h = PortRange::parse(host).map_err(|_| format!("invalid hostPort: {host}"))?;
        if h.count() != container_ports.count() && container_ports.count() != 1 {
            return Err(format!(
                "invalid ranges specified for container and host Ports: {container} and {host}"
            ));
        }
        Some(h)
    };
    Ok(PortSpec {
        host_ip,
        host_ports,
        container_ports,
        protocol,
    })
}

/// The docker CLI's `convertToStandardNotation` for `-p` long syntax.
fn convert_publish_long_syntax(raw: &str) -> Result<String, String> {
    let mut published = "";
    let mut target = "";
    let mut protocol = "tcp";
    for param in raw.split(',') {
        match param.split_once('=') {
            Some((k, v)) if !k.is_empty() => match k {
                "published" => published = v,
                "target" => target = v,
                "protocol" => protocol = v,
                _ => {}
            },
            _ => {
                return Err(format!(
                    "invalid publish opts format (should be name=value but got '{param}')"
                ))
            }
        }
    }
    Ok(format!("{published}:{target}/{protocol}"))
}

/// Parses an `--expose` value: `80`, `8000-8010`, `53/udp`.
pub fn parse_expose(raw: &str) -> Result<(PortRange, Protocol), String> {
    let (ports, proto) = match raw.split_once('/') {
        Some((p, proto)) => (p, proto),
        None => (raw, "tcp"),
    };
    let range = PortRange::parse(ports).map_err(|_| raw.to_string())?;
    let protocol = Protocol::parse(proto).map_err(|_| raw.to_string())?;
    Ok((range, protocol))
}

/// `--restart` after parsing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    /// `on-failure[:N]`; `max_retries == 0` means no limit.
    OnFailure {
        max_retries: u32,
    },
}

impl RestartPolicy {
    /// Whether the policy ever restarts (Docker's `!IsNone()`).
    pub fn restarts(self) -> bool {
        self != RestartPolicy::No
    }
}

/// Parses a restart policy as `docker run --restart` does: the CLI's
/// `opts.ParseRestartPolicy` followed by the daemon's validation.
pub fn parse_restart_policy(policy: &str) -> Result<RestartPolicy, RestartPolicyError> {
    if policy.is_empty() {
        return Ok(RestartPolicy::No);
    }
    let (name, count) = match policy.split_once(':') {
        Some(("", _)) => return Err(RestartPolicyError::NoPolicyBeforeColon),
        Some((name, count)) => (name, count),
        None => (policy, ""),
    };
    let count: i64 = if count.is_empty() {
        0
    } else {
        go_atoi(count).ok_or(RestartPolicyError::CountNotInteger)?
    };
    match name {
        "no" | "always" | "unless-stopped" if count != 0 => {
            Err(RestartPolicyError::CountWithoutOnFailure {
                negative: count < 0,
            })
        }
        "no" => Ok(RestartPolicy::No),
        "always" => Ok(RestartPolicy::Always),
        "unless-stopped" => Ok(RestartPolicy::UnlessStopped),
        "on-failure" if count < 0 => Err(RestartPolicyError::NegativeCount),
        "on-failure" => Ok(RestartPolicy::OnFailure {
            max_retries: u32::try_from(count).unwrap_or(u32::MAX),
        }),
        other => Err(RestartPolicyError::UnknownPolicy(other.to_string())),
    }
}

/// Go's `strconv.Atoi` (decimal with optional sign).
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One `--network` value: a plain name (`my-net`, `host`, `none`,
/// `container:web`) or the advanced CSV form
/// `name=my-net,alias=db,ip=192.0.2.42,driver-opt=k=v,gw-priority=1`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkAttach {
    pub name: String,
    pub aliases: Vec<String>,
    pub ipv4_address: Option<String>,
    pub ipv6_address: Option<String>,
    pub mac_address: Option<String>,
    pub link_local_ips: Vec<String>,
    pub driver_opts: IndexMap<String, String>,
    pub gw_priority: Option<i64>,
}

impl NetworkAttach {
    pub fn named(name: impl Into<String>) -> Self {
        NetworkAttach {
            name: name.into(),
            ..NetworkAttach::default()
        }
    }

    /// The target of `container:NAME`.
    pub fn container(&self) -> Option<&str> {
        network_mode_container(&self.name)
    }

    /// Docker's `NetworkMode.IsUserDefined`: anything but `default`,
    /// `bridge`, `host`, `none` and `container:...`.
    pub fn is_user_defined(&self) -> bool {
        is_user_defined_network(&self.name)
    }
}

pub(crate) fn network_mode_container(name: &str) -> Option<&str> {
    name.split_once(':')
        .filter(|(kind, _)| *kind == "container")
        .map(|(_, target)| target)
}

pub(crate) fn is_user_defined_network(name: &str) -> bool {
    !matches!(name, "default" | "bridge" | "host" | "none")
        && network_mode_container(name).is_none()
}

/// Parses a `--network` value like the docker CLI's `opts.NetworkOpt.Set`.
pub fn parse_network_attach(value: &str) -> Result<NetworkAttach, String> {
    if !looks_like_long_network_syntax(value) {
        return Ok(NetworkAttach::named(value));
    }
    let mut net = NetworkAttach::default();
    for field in csv_record(value)? {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) if !k.is_empty() => (k.trim().to_ascii_lowercase(), v.trim().to_string()),
            _ => return Err(format!("invalid field {field}")),
        };
        match key.as_str() {
            "name" => net.name = val,
            "alias" => net.aliases.push(val),
            "ip" => {
                check_addr(&val)?;
                net.ipv4_address = Some(val);
            }
            "ip6" => {
                check_addr(&val)?;
                net.ipv6_address = Some(val);
            }
            "mac-address" => net.mac_address = Some(val),
            "link-local-ip" => {
                check_addr(&val)?;
                net.link_local_ips.push(val);
            }
            "driver-opt" => match val.split_once('=') {
                Some((k, v)) if !k.trim().is_empty() => {
                    net.driver_opts
                        .insert(k.trim().to_string(), v.trim().to_string());
                }
                _ => return Err("invalid key value pair format in driver options".to_string()),
            },
            "gw-priority" => {
                net.gw_priority = Some(go_atoi(&val).ok_or_else(|| {
                    format!("invalid gw-priority: strconv.Atoi: parsing {val:?}: invalid syntax")
                })?);
            }
            _ => return Err(format!("invalid field key {key}")),
        }
    }
    if net.name.is_empty() {
        return Err("network name/id is not specified".to_string());
    }
    Ok(net)
}

fn check_addr(val: &str) -> Result<(), String> {
    val.parse::<IpAddr>()
        .map(|_| ())
        .map_err(|_| format!("ParseAddr({val:?}): unable to parse IP"))
}

/// The CLI's test `\w+=\w+(,\w+=\w+)*`, which is not anchored: a `=`
/// between two word characters anywhere selects the long syntax.
fn looks_like_long_network_syntax(value: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let chars: Vec<char> = value.chars().collect();
    (1..chars.len().saturating_sub(1))
        .any(|i| chars[i] == '=' && word(chars[i - 1]) && word(chars[i + 1]))
}

/// One `--add-host` entry (`name:ip`, `name=ip`, `name=[v6]`, `name:host-gateway`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraHost {
    pub host: String,
    /// An address (brackets removed) or `host-gateway`.
    pub ip: String,
}

/// Parses `--add-host` like the CLI's `opts.ValidateExtraHost`.
pub fn parse_extra_host(val: &str) -> Result<ExtraHost, String> {
    let (host, ip) = val
        .split_once('=')
        .or_else(|| val.split_once(':'))
        .filter(|(k, _)| !k.is_empty() && !k.contains(':'))
        .ok_or_else(|| format!("bad format for add-host: {val:?}"))?;
    let mut ip = ip;
    if ip != "host-gateway" {
        if ip.len() > 2 && ip.starts_with('[') && ip.ends_with(']') {
            ip = &ip[1..ip.len() - 1];
        }
        if ip.trim().parse::<IpAddr>().is_err() {
            return Err(format!("invalid IP address in add-host: {ip:?}"));
        }
    }
    Ok(ExtraHost {
        host: host.to_string(),
        ip: ip.to_string(),
    })
}

/// One `--link name[:alias]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    /// Equal to `name` when no alias was given.
    pub alias: String,
}

/// Parses `--link` like the CLI's `opts.ParseLink`.
pub fn parse_link(val: &str) -> Result<Link, String> {
    if val.is_empty() {
        return Err("empty string specified for links".to_string());
    }
    let parts: Vec<&str> = val.splitn(3, ':').collect();
    match parts.as_slice() {
        [name] => Ok(Link {
            name: name.to_string(),
            alias: name.to_string(),
        }),
        [name, alias] => {
            if let Some(stripped) = name.strip_prefix('/') {
                let alias = alias.rsplit('/').next().unwrap_or(alias);
                return Ok(Link {
                    name: stripped.to_string(),
                    alias: alias.to_string(),
                });
            }
            Ok(Link {
                name: name.to_string(),
                alias: alias.to_string(),
            })
        }
        _ => Err(format!("bad format for links: {val}")),
    }
}

/// One `-e` / `--env` entry: `KEY=VALUE`, or `KEY` alone, which Docker
/// fills in from the client's environment (the runner does that here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub key: String,
    pub value: Option<String>,
}

pub fn parse_env(val: &str) -> Result<EnvVar, String> {
    let (key, value) = match val.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (val, None),
    };
    if key.is_empty() {
        return Err(format!("invalid environment variable: {val}"));
    }
    Ok(EnvVar {
        key: key.to_string(),
        value,
    })
}

/// The daemon's container name rule, `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$`: at
/// least two characters. Returns the name without a leading `/`.
pub fn validate_container_name(name: &str) -> Result<String, String> {
    let bare = name.strip_prefix('/').unwrap_or(name);
    let mut chars = bare.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && bare.len() >= 2
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if ok {
        Ok(bare.to_string())
    } else {
        Err(name.to_string())
    }
}

/// Go's `net.ParseMAC`: 6, 8 or 20 bytes as `xx:xx`, `xx-xx` or `xxxx.xxxx`.
pub(crate) fn is_valid_mac(s: &str) -> bool {
    let s = s.trim();
    let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit());
    let groups = |sep: char, width: usize| -> Option<usize> {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.iter().all(|p| hex(p, width)).then_some(parts.len())
    };
    let colon = groups(':', 2).or_else(|| groups('-', 2));
    if let Some(n) = colon {
        return matches!(n, 6 | 8 | 20);
    }
    matches!(groups('.', 4), Some(3 | 4 | 10))
}

// Flag value checks, run while flags are parsed; pflag wraps their
// messages as `invalid argument "V" for "--flag" flag: MESSAGE`.

pub(crate) fn check_env(v: &str) -> Result<(), String> {
    parse_env(v).map(|_| ())
}

pub(crate) fn check_add_host(v: &str) -> Result<(), String> {
    parse_extra_host(v).map(|_| ())
}

pub(crate) fn check_link(v: &str) -> Result<(), String> {
    parse_link(v).map(|_| ())
}

pub(crate) fn check_network(v: &str) -> Result<(), String> {
    parse_network_attach(v).map(|_| ())
}

/// pflag's `IPVar`.
pub(crate) fn check_ip(v: &str) -> Result<(), String> {
    if v.is_empty() || v.trim().parse::<IpAddr>().is_ok() {
        Ok(())
    } else {
        Err(format!("failed to parse IP: {v:?}"))
    }
}

/// The CLI's `opts.ValidateIPAddress` (`--dns`).
pub(crate) fn check_dns_ip(v: &str) -> Result<(), String> {
    if v.trim().parse::<IpAddr>().is_ok() {
        Ok(())
    } else {
        Err(format!("IP address is not correctly formatted: {v}"))
    }
}

/// The CLI's `opts.ValidateDNSSearch`.
pub(crate) fn check_dns_search(v: &str) -> Result<(), String> {
    let v = v.trim_matches(' ');
    if v == "." {
        return Ok(());
    }
    let err = || Err(format!("{v} is not a valid domain"));
    if !v.chars().any(|c| c.is_ascii_alphabetic()) || v.len() >= 255 {
        return err();
    }
    let body = v.strip_suffix('.').unwrap_or(v);
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if body.split('.').all(label_ok) {
        Ok(())
    } else {
        err()
    }
}

/// The CLI's `opts.ValidateLabel`.
pub(crate) fn check_label(v: &str) -> Result<(), String> {
    let key = v
        .split('=')
        .next()
        .unwrap_or("")
        .trim_start_matches([' ', '\t']);
    if key.is_empty() {
        return Err(format!("invalid label '{v}': empty name"));
    }
    if key.contains([' ', '\t']) {
        return Err(format!("label '{key}' contains whitespaces"));
    }
    Ok(())
}

/// The CLI's `opts.ValidateSysctl`: namespaced sysctls only.
pub(crate) fn check_sysctl(v: &str) -> Result<(), String> {
    const ALLOWED: [&str; 8] = [
        "kernel.msgmax",
        "kernel.msgmnb",
        "kernel.msgmni",
        "kernel.sem",
        "kernel.shmall",
        "kernel.shmmax",
        "kernel.shmmni",
        "kernel.shm_rmid_forced",
    ];
    match v.split_once('=') {
        Some((k, _))
            if !k.is_empty()
                && (ALLOWED.contains(&k)
                    || k.starts_with("net.")
                    || k.starts_with("fs.mqueue.")) =>
        {
            Ok(())
        }
        _ => Err(format!("sysctl '{v}' is not allowed")),
    }
}

/// The CLI's `opts.FilterOpt`.
pub(crate) fn check_filter(v: &str) -> Result<(), String> {
    if v.is_empty() || v.contains('=') {
        Ok(())
    } else {
        Err("bad format of filter (expected name=value)".to_string())
    }
}

/// `docker run --attach`.
pub(crate) fn check_attach(v: &str) -> Result<(), String> {
    match v.to_ascii_lowercase().as_str() {
        "stdin" | "stdout" | "stderr" => Ok(()),
        _ => Err("valid streams are STDIN, STDOUT and STDERR".to_string()),
    }
}

/// `-o key=value` style map options (`MapOpts`): a missing `=` gives an
/// empty value, later keys win.
pub(crate) fn to_map(values: &[String]) -> IndexMap<String, String> {
    let mut map = IndexMap::new();
    for v in values {
        let (k, val) = v.split_once('=').unwrap_or((v.as_str(), ""));
        map.insert(k.to_string(), val.to_string());
    }
    map
}
