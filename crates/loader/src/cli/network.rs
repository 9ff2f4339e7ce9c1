//! `docker network ...` and `docker volume ...`, with the flags of
//! docker/cli's `cli/command/network` and `cli/command/volume`, and the
//! client-side IPAM checks of `docker network create`.

use indexmap::IndexMap;
use ipnet::IpNet;
use std::net::IpAddr;

use super::docker::{
    check_arity, parse_prune, subcommand, unknown_subcommand, Arity, DockerCommand, PruneCommand,
};
use super::error::{CliError, CommandError, OptionError};
use super::flags::{self, boolean, int, slice, string, FlagDef, IgnoredFlag};
use super::values::{check_filter, check_ip, check_label, check_link, parse_link, to_map, Link};

/// `docker network ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkCommand {
    Create(NetworkCreate),
    Ls(ListCommand),
    Inspect {
        names: Vec<String>,
        format: Option<String>,
        verbose: bool,
    },
    Connect(NetworkConnect),
    Disconnect {
        network: String,
        container: String,
        force: bool,
    },
    Rm {
        names: Vec<String>,
        force: bool,
    },
    Prune(PruneCommand),
}

impl NetworkCommand {
    pub fn kind(&self) -> &'static str {
        match self {
            NetworkCommand::Create(_) => "create",
            NetworkCommand::Ls(_) => "ls",
            NetworkCommand::Inspect { .. } => "inspect",
            NetworkCommand::Connect(_) => "connect",
            NetworkCommand::Disconnect { .. } => "disconnect",
            NetworkCommand::Rm { .. } => "rm",
            NetworkCommand::Prune(_) => "prune",
        }
    }
}

/// `docker network ls` and `docker volume ls`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListCommand {
    pub quiet: bool,
    pub filters: Vec<String>,
    pub format: Option<String>,
    pub no_trunc: bool,
}

/// `docker network create`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkCreate {
    pub name: String,
    /// `None` means Docker's default, `bridge`.
    pub driver: Option<String>,
    /// The IPAM pools, one per `--subnet`, with the `--ip-range`,
    /// `--gateway` and `--aux-address` values that fall inside it, grouped
    /// the way the docker CLI groups them before calling the daemon.
    pub ipam: Vec<IpamPool>,
    pub ipam_driver: Option<String>,
    pub ipam_options: IndexMap<String, String>,
    pub internal: bool,
    pub attachable: bool,
    pub ingress: bool,
    /// `--ipv4` / `--ipv6` when given (Docker defaults: IPv4 on, IPv6 off).
    pub ipv4: Option<bool>,
    pub ipv6: Option<bool>,
    pub labels: Vec<String>,
    /// `-o` / `--opt` driver options, later keys winning.
    pub options: IndexMap<String, String>,
    pub scope: Option<String>,
    pub config_from: Option<String>,
    pub config_only: bool,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// One subnet of `docker network create` and what belongs to it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamPool {
    pub subnet: String,
    pub ip_range: Option<String>,
    pub gateway: Option<String>,
    pub aux_addresses: IndexMap<String, String>,
}

/// `docker network connect [OPTIONS] NETWORK CONTAINER`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkConnect {
    pub network: String,
    pub container: String,
    pub aliases: Vec<String>,
    pub ip: Option<IpAddr>,
    pub ip6: Option<IpAddr>,
    pub links: Vec<Link>,
    pub link_local_ips: Vec<String>,
    pub driver_opts: IndexMap<String, String>,
    pub gw_priority: Option<i64>,
}

/// `docker volume ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VolumeCommand {
    Create {
        name: Option<String>,
        driver: Option<String>,
        labels: Vec<String>,
        options: IndexMap<String, String>,
        ignored_flags: Vec<IgnoredFlag>,
    },
    Ls(ListCommand),
    Inspect {
        names: Vec<String>,
        format: Option<String>,
    },
    Rm {
        names: Vec<String>,
        force: bool,
    },
    Prune(PruneCommand),
}

impl VolumeCommand {
    pub fn kind(&self) -> &'static str {
        match self {
            VolumeCommand::Create { .. } => "create",
            VolumeCommand::Ls(_) => "ls",
            VolumeCommand::Inspect { .. } => "inspect",
            VolumeCommand::Rm { .. } => "rm",
            VolumeCommand::Prune(_) => "prune",
        }
    }
}

static NETWORK_CREATE: &[FlagDef] = &[
    boolean("attachable"),
    string("aux-address"),
    string("config-from"),
    boolean("config-only"),
    string("driver").short('d'),
    slice("gateway"),
    boolean("ingress"),
    boolean("internal"),
    slice("ip-range"),
    string("ipam-driver"),
    string("ipam-opt"),
    boolean("ipv4"),
    boolean("ipv6"),
    string("label").check(check_label),
    string("opt").short('o'),
    string("scope"),
    slice("subnet"),
];

static NETWORK_CONNECT: &[FlagDef] = &[
    slice("alias"),
    slice("driver-opt"),
    int("gw-priority"),
    string("ip").check(check_ip),
    string("ip6").check(check_ip),
    string("link").check(check_link),
    slice("link-local-ip").check(check_ip),
];

static NETWORK_LS: &[FlagDef] = &[
    string("filter").short('f').check(check_filter),
    string("format"),
    boolean("no-trunc"),
    boolean("quiet").short('q'),
];

/// Parses `docker network SUB ...` from `words[start..]` (the word after
/// `network`).
pub(crate) fn parse_network(words: &[String], start: usize) -> Result<DockerCommand, CliError> {
    let base = "docker network";
    let (sub, at) = subcommand(words, start, base)?;
    let path = format!("{base} {sub}");
    let help = || Ok(DockerCommand::Help(path.clone()));
    let len = words.len();
    let cmd = match sub {
        "--help" => return Ok(DockerCommand::Help(base.to_string())),
        "create" => {
            let p = flags::parse(words, at + 1, &[NETWORK_CREATE], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::Exactly(1), len)?;
            let ipam = ipam_pools(
                &p.strings("subnet"),
                &p.strings("ip-range"),
                &p.strings("gateway"),
                &p.strings("aux-address"),
            )
            .map_err(|e| {
                let word = p.uses_of(e.flag).nth(e.index).map_or(at, |u| u.value_word);
                CliError::new(word, OptionError::Ipam(e.message))
            })?;
            NetworkCommand::Create(NetworkCreate {
                name: p.args[0].0.clone(),
                driver: p.string("driver"),
                ipam,
                ipam_driver: p.string("ipam-driver"),
                ipam_options: to_map(&p.strings("ipam-opt")),
                internal: p.flag("internal"),
                attachable: p.flag("attachable"),
                ingress: p.flag("ingress"),
                ipv4: p.opt_flag("ipv4"),
                ipv6: p.opt_flag("ipv6"),
                labels: p.strings("label"),
                options: to_map(&p.strings("opt")),
                scope: p.string("scope"),
                config_from: p.string("config-from"),
                config_only: p.flag("config-only"),
                ignored_flags: p.ignored_flags(),
            })
        }
        "connect" => {
            let p = flags::parse(words, at + 1, &[NETWORK_CONNECT], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::Exactly(2), len)?;
            let mut driver_opts = IndexMap::new();
            for u in p.uses_of("driver-opt") {
                let (k, v) = u.value.split_once('=').unwrap_or((u.value.as_str(), ""));
                driver_opts.insert(k.to_string(), v.to_string());
            }
            NetworkCommand::Connect(NetworkConnect {
                network: p.args[0].0.clone(),
                container: p.args[1].0.clone(),
                aliases: p.strings("alias"),
                ip: p.string("ip").and_then(|s| s.trim().parse().ok()),
                ip6: p.string("ip6").and_then(|s| s.trim().parse().ok()),
                links: p
                    .strings("link")
                    .iter()
                    .filter_map(|l| parse_link(l).ok())
                    .collect(),
                link_local_ips: p.strings("link-local-ip"),
                driver_opts,
                gw_priority: p.int("gw-priority"),
            })
        }
        "disconnect" => {
            static DISCONNECT: &[FlagDef] = &[boolean("force").short('f')];
            let p = flags::parse(words, at + 1, &[DISCONNECT], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::Exactly(2), len)?;
            NetworkCommand::Disconnect {
                network: p.args[0].0.clone(),
                container: p.args[1].0.clone(),
                force: p.flag("force"),
            }
        }
        "inspect" => {
            static INSPECT: &[FlagDef] =
                &[string("format").short('f'), boolean("verbose").short('v')];
            let p = flags::parse(words, at + 1, &[INSPECT], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::AtLeast(1), len)?;
            NetworkCommand::Inspect {
                names: p.arg_strings(),
                format: p.string("format"),
                verbose: p.flag("verbose"),
            }
        }
        "ls" | "list" => {
            let p = flags::parse(words, at + 1, &[NETWORK_LS], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::None, len)?;
            NetworkCommand::Ls(ListCommand {
                quiet: p.flag("quiet"),
                filters: p.strings("filter"),
                format: p.string("format"),
                no_trunc: p.flag("no-trunc"),
            })
        }
        "rm" | "remove" => {
            static RM: &[FlagDef] = &[boolean("force").short('f')];
            let p = flags::parse(words, at + 1, &[RM], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::AtLeast(1), len)?;
            NetworkCommand::Rm {
                names: p.arg_strings(),
                force: p.flag("force"),
            }
        }
        "prune" => match parse_prune(words, at + 1, &path, false)? {
            Some(p) => NetworkCommand::Prune(p),
            None => return help(),
        },
        _ => return Err(unknown_subcommand(at, base, sub)),
    };
    Ok(DockerCommand::Network(cmd))
}

/// Whether `data` (an address, or the address part of a CIDR) lies in
/// `subnet`: the CLI's `subnetMatches`.
fn subnet_matches(subnet: &str, data: &str) -> Result<bool, String> {
    let net: IpNet = subnet
        .parse()
        .map_err(|_| format!("invalid subnet: invalid CIDR address: {subnet}"))?;
    let ip = if data.contains('/') {
        let n: IpNet = data
            .parse()
            .map_err(|_| format!("invalid CIDR address: {data}"))?;
        Some(n.addr())
    } else {
        data.parse::<IpAddr>().ok()
    };
    Ok(ip.is_some_and(|ip| net.contains(&ip)))
}

/// An IPAM error and the flag value it is about (`index` counts that
/// flag's values).
struct IpamError {
    message: String,
    flag: &'static str,
    index: usize,
}

/// Groups the IPAM flags per subnet with the CLI's `createIPAMConfig`
/// checks and messages.
fn ipam_pools(
    subnets: &[String],
    ranges: &[String],
    gateways: &[String],
    aux: &[String],
) -> Result<Vec<IpamPool>, IpamError> {
    let at = |flag: &'static str, index: usize| {
        move |message: String| IpamError {
            message,
            flag,
            index,
        }
    };
    if subnets.len() < ranges.len() || subnets.len() < gateways.len() {
        let flag = if subnets.len() < ranges.len() {
            "ip-range"
        } else {
            "gateway"
        };
        return Err(at(flag, subnets.len())(
            "every ip-range or gateway must have a corresponding subnet".to_string(),
        ));
    }
    let mut pools: Vec<IpamPool> = Vec::new();
    for (i, s) in subnets.iter().enumerate() {
        let err = at("subnet", i);
        s.parse::<IpNet>()
            .map_err(|_| err(format!("invalid subnet: invalid CIDR address: {s}")))?;
        for existing in &pools {
            if subnet_matches(s, &existing.subnet).map_err(err)?
                || subnet_matches(&existing.subnet, s).map_err(err)?
            {
                return Err(err(
                    "multiple overlapping subnet configuration is not supported".to_string(),
                ));
            }
        }
        pools.push(IpamPool {
            subnet: s.clone(),
            ..IpamPool::default()
        });
    }
    for (i, r) in ranges.iter().enumerate() {
        let err = at("ip-range", i);
        let mut matched = false;
        for pool in pools.iter_mut() {
            if !subnet_matches(&pool.subnet, r).map_err(err)? {
                continue;
            }
            if let Some(existing) = &pool.ip_range {
                return Err(err(format!(
                    "cannot configure multiple ranges ({r}, {existing}) on the same subnet ({})",
                    pool.subnet
                )));
            }
            pool.ip_range = Some(r.clone());
            matched = true;
        }
        if !matched {
            return Err(err(format!("no matching subnet for range {r}")));
        }
    }
    for (i, g) in gateways.iter().enumerate() {
        let err = at("gateway", i);
        let mut matched = false;
        for pool in pools.iter_mut() {
            if !subnet_matches(&pool.subnet, g).map_err(err)? {
                continue;
            }
            if let Some(existing) = &pool.gateway {
                return Err(err(format!(
                    "cannot configure multiple gateways ({g}, {existing}) for the same subnet ({})",
                    pool.subnet
                )));
            }
            pool.gateway = Some(g.clone());
            matched = true;
        }
        if !matched {
            return Err(err(format!("no matching subnet for gateway {g}")));
        }
    }
    for (i, entry) in aux.iter().enumerate() {
        let err = at("aux-address", i);
        let (key, addr) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        let mut matched = false;
        for pool in pools.iter_mut() {
            if subnet_matches(&pool.subnet, addr).map_err(err)? {
                pool.aux_addresses.insert(key.to_string(), addr.to_string());
                matched = true;
            }
        }
        if !matched {
            return Err(err(format!("no matching subnet for aux-address {addr}")));
        }
    }
    Ok(pools)
}

static VOLUME_CREATE: &[FlagDef] = &[
    string("driver").short('d'),
    string("label").check(check_label),
    string("name"),
    string("opt").short('o'),
    string("availability").ignored(),
    string("group").ignored(),
    string("limit-bytes").ignored(),
    string("required-bytes").ignored(),
    string("scope").ignored(),
    string("secret").ignored(),
    string("sharing").ignored(),
    string("topology-preferred").ignored(),
    string("topology-required").ignored(),
    string("type").ignored(),
];

/// Parses `docker volume SUB ...` from `words[start..]`.
pub(crate) fn parse_volume(words: &[String], start: usize) -> Result<DockerCommand, CliError> {
    let base = "docker volume";
    let (sub, at) = subcommand(words, start, base)?;
    let path = format!("{base} {sub}");
    let help = || Ok(DockerCommand::Help(path.clone()));
    let len = words.len();
    let cmd = match sub {
        "--help" => return Ok(DockerCommand::Help(base.to_string())),
        "create" => {
            let p = flags::parse(words, at + 1, &[VOLUME_CREATE], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::AtMost(1), len)?;
            let flag_name = p.string("name");
            if flag_name.is_some() && !p.args.is_empty() {
                return Err(CliError::new(
                    p.args[0].1,
                    OptionError::Conflict(
                        "conflicting options: cannot specify a volume-name through both --name and as a positional arg"
                            .to_string(),
                    ),
                ));
            }
            VolumeCommand::Create {
                name: p.args.first().map(|(a, _)| a.clone()).or(flag_name),
                driver: p.string("driver"),
                labels: p.strings("label"),
                options: to_map(&p.strings("opt")),
                ignored_flags: p.ignored_flags(),
            }
        }
        "ls" | "list" => {
            static LS: &[FlagDef] = &[
                string("filter").short('f').check(check_filter),
                string("format"),
                boolean("quiet").short('q'),
                boolean("cluster").ignored(),
            ];
            let p = flags::parse(words, at + 1, &[LS], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::None, len)?;
            VolumeCommand::Ls(ListCommand {
                quiet: p.flag("quiet"),
                filters: p.strings("filter"),
                format: p.string("format"),
                no_trunc: false,
            })
        }
        "inspect" => {
            static INSPECT: &[FlagDef] = &[string("format").short('f')];
            let p = flags::parse(words, at + 1, &[INSPECT], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::AtLeast(1), len)?;
            VolumeCommand::Inspect {
                names: p.arg_strings(),
                format: p.string("format"),
            }
        }
        "rm" | "remove" => {
            static RM: &[FlagDef] = &[boolean("force").short('f')];
            let p = flags::parse(words, at + 1, &[RM], true)?;
            if p.help {
                return help();
            }
            check_arity(&path, &p, Arity::AtLeast(1), len)?;
            VolumeCommand::Rm {
                names: p.arg_strings(),
                force: p.flag("force"),
            }
        }
        "prune" => match parse_prune(words, at + 1, &path, true)? {
            Some(p) => VolumeCommand::Prune(p),
            None => return help(),
        },
        "update" => {
            return Err(CliError::new(
                at,
                CommandError::Unsupported {
                    path,
                    reason: "cluster volumes are not simulated".to_string(),
                },
            ))
        }
        _ => return Err(unknown_subcommand(at, base, sub)),
    };
    Ok(DockerCommand::Volume(cmd))
}
