//! `docker run` and `docker create`: the flags of docker/cli's
//! `cli/command/container/opts.go`, with the client-side checks Docker makes
//! before it sends anything to the daemon.

use std::net::IpAddr;
use std::time::Duration;

use super::docker::{check_arity, Arity};
use super::error::{CliError, OptionError};
use super::flags::{self, boolean, duration, int, string, FlagDef, IgnoredFlag, Parsed};
use super::values::{
    check_add_host, check_attach, check_dns_ip, check_dns_search, check_env, check_ip, check_label,
    check_link, check_network, check_sysctl, is_valid_mac, parse_env, parse_expose,
    parse_extra_host, parse_link, parse_network_attach, parse_publish, parse_restart_policy,
    validate_container_name, EnvVar, ExtraHost, Link, NetworkAttach, RestartPolicy,
};

/// Everything `docker run` / `docker create` was asked, flag by flag.
///
/// `networks` holds exactly the `--network` flags, in order; an empty list
/// means the default network. The single-network flags (`--network-alias`,
/// `--ip`, `--ip6`, `--mac-address`, `--link-local-ip`) are kept apart, and
/// apply to the first network, as in Docker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunCommand {
    pub image: String,
    /// The words after the image (flags there belong to the command).
    pub command: Vec<String>,
    /// Without a leading `/`.
    pub name: Option<String>,
    /// `-d`; always false for `docker create`.
    pub detach: bool,
    pub interactive: bool,
    pub tty: bool,
    pub rm: bool,
    pub attach: Vec<String>,
    pub networks: Vec<NetworkAttach>,
    pub network_aliases: Vec<String>,
    pub links: Vec<Link>,
    pub ip: Option<IpAddr>,
    pub ip6: Option<IpAddr>,
    pub link_local_ips: Vec<String>,
    pub mac_address: Option<String>,
    pub hostname: Option<String>,
    pub domainname: Option<String>,
    pub dns: Vec<String>,
    pub dns_search: Vec<String>,
    pub dns_options: Vec<String>,
    pub add_hosts: Vec<ExtraHost>,
    /// `-p` values as given; each one is known to pass
    /// [`super::parse_publish`].
    pub publish: Vec<String>,
    pub publish_all: bool,
    /// `--expose` values as given (`80`, `8000-8010/udp`), already checked.
    pub expose: Vec<String>,
    pub env: Vec<EnvVar>,
    /// `--env-file` paths; reading them is the runner's job.
    pub env_files: Vec<String>,
    pub volumes: Vec<String>,
    pub mounts: Vec<String>,
    pub volumes_from: Vec<String>,
    pub tmpfs: Vec<String>,
    pub read_only: bool,
    pub workdir: Option<String>,
    pub labels: Vec<String>,
    /// `None` when `--restart` was not given (Docker's default is `no`).
    pub restart: Option<RestartPolicy>,
    pub health: HealthFlags,
    pub entrypoint: Option<String>,
    pub user: Option<String>,
    pub privileged: bool,
    pub cap_add: Vec<String>,
    pub cap_drop: Vec<String>,
    pub init: Option<bool>,
    /// Seconds.
    pub stop_timeout: Option<i64>,
    pub stop_signal: Option<String>,
    pub sysctls: Vec<String>,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// The `--health-*` flags; all `None` / false when none was given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HealthFlags {
    pub cmd: Option<String>,
    pub interval: Option<Duration>,
    pub timeout: Option<Duration>,
    pub start_period: Option<Duration>,
    pub start_interval: Option<Duration>,
    pub retries: Option<i64>,
    /// `--no-healthcheck`.
    pub disabled: bool,
}

impl HealthFlags {
    /// Whether any `--health-*` setting was given (Docker's
    /// `haveHealthSettings`).
    pub fn any(&self) -> bool {
        self.cmd.as_deref().is_some_and(|c| !c.is_empty())
            || [
                self.interval,
                self.timeout,
                self.start_period,
                self.start_interval,
            ]
            .iter()
            .any(|d| d.is_some_and(|d| !d.is_zero()))
            || self.retries.is_some_and(|r| r != 0)
    }
}

/// Flags of both `run` and `create`.
static CONTAINER_FLAGS: &[FlagDef] = &[
    string("attach").short('a').check(check_attach),
    boolean("interactive").short('i'),
    boolean("tty").short('t'),
    boolean("rm"),
    string("name"),
    string("network").check(check_network),
    string("net").alias_of("network").check(check_network),
    string("network-alias"),
    string("net-alias").alias_of("network-alias"),
    string("link").check(check_link),
    string("link-local-ip").check(check_ip),
    string("ip").check(check_ip),
    string("ip6").check(check_ip),
    string("mac-address"),
    string("hostname").short('h'),
    string("domainname"),
    string("dns").check(check_dns_ip),
    string("dns-search").check(check_dns_search),
    string("dns-option"),
    string("dns-opt").alias_of("dns-option"),
    string("add-host").check(check_add_host),
    string("publish").short('p'),
    boolean("publish-all").short('P'),
    string("expose"),
    string("env").short('e').check(check_env),
    string("env-file"),
    string("volume").short('v'),
    string("mount"),
    string("volumes-from"),
    string("tmpfs"),
    boolean("read-only"),
    string("workdir").short('w'),
    string("label").short('l').check(check_label),
    string("restart"),
    string("health-cmd"),
    duration("health-interval"),
    int("health-retries"),
    duration("health-start-period"),
    duration("health-timeout"),
    duration("health-start-interval"),
    boolean("no-healthcheck"),
    string("entrypoint"),
    string("user").short('u'),
    boolean("privileged"),
    string("cap-add"),
    string("cap-drop"),
    boolean("init"),
    int("stop-timeout"),
    string("stop-signal"),
    string("sysctl").check(check_sysctl),
    // Accepted, without effect on a simulated host.
    string("label-file").ignored(),
    string("platform").ignored(),
    string("pull").ignored(),
    boolean("quiet").short('q').ignored(),
    string("memory").short('m').ignored(),
    string("memory-reservation").ignored(),
    string("memory-swap").ignored(),
    int("memory-swappiness").ignored(),
    string("kernel-memory").ignored(),
    string("cpus").ignored(),
    int("cpu-shares").short('c').ignored(),
    int("cpu-period").ignored(),
    int("cpu-quota").ignored(),
    int("cpu-rt-period").ignored(),
    int("cpu-rt-runtime").ignored(),
    string("cpuset-cpus").ignored(),
    string("cpuset-mems").ignored(),
    int("cpu-count").ignored(),
    int("cpu-percent").ignored(),
    string("blkio-weight").ignored(),
    string("blkio-weight-device").ignored(),
    string("device").ignored(),
    string("device-cgroup-rule").ignored(),
    string("device-read-bps").ignored(),
    string("device-read-iops").ignored(),
    string("device-write-bps").ignored(),
    string("device-write-iops").ignored(),
    string("io-maxbandwidth").ignored(),
    string("io-maxiops").ignored(),
    string("gpus").ignored(),
    string("group-add").ignored(),
    string("ulimit").ignored(),
    int("pids-limit").ignored(),
    boolean("oom-kill-disable").ignored(),
    int("oom-score-adj").ignored(),
    string("shm-size").ignored(),
    string("security-opt").ignored(),
    string("userns").ignored(),
    string("cgroupns").ignored(),
    string("cgroup-parent").ignored(),
    string("ipc").ignored(),
    string("pid").ignored(),
    string("uts").ignored(),
    string("isolation").ignored(),
    string("runtime").ignored(),
    string("log-driver").ignored(),
    string("log-opt").ignored(),
    string("storage-opt").ignored(),
    string("volume-driver").ignored(),
    string("cidfile").ignored(),
    string("annotation").ignored(),
    boolean("disable-content-trust").ignored(),
    boolean("use-api-socket").ignored(),
];

/// Flags only `run` has.
static RUN_ONLY_FLAGS: &[FlagDef] = &[
    boolean("detach").short('d'),
    string("detach-keys").ignored(),
    boolean("sig-proxy").ignored(),
];

/// Parses `docker run` (`create == false`) or `docker create` from
/// `words[start..]`; `path` is the command as typed (`docker run`,
/// `docker container create`) for messages.
pub(crate) fn parse_run(
    words: &[String],
    start: usize,
    path: &str,
    create: bool,
) -> Result<Option<RunCommand>, CliError> {
    let tables: &[&[FlagDef]] = if create {
        &[CONTAINER_FLAGS]
    } else {
        &[CONTAINER_FLAGS, RUN_ONLY_FLAGS]
    };
    let p = flags::parse(words, start, tables, false)?;
    if p.help {
        return Ok(None);
    }
    check_arity(path, &p, Arity::AtLeast(1), words.len())?;
    let mut cmd = RunCommand {
        image: p.args[0].0.clone(),
        command: p.args[1..].iter().map(|(a, _)| a.clone()).collect(),
        detach: p.flag("detach"),
        interactive: p.flag("interactive"),
        tty: p.flag("tty"),
        rm: p.flag("rm"),
        attach: p.strings("attach"),
        network_aliases: p.strings("network-alias"),
        link_local_ips: p.strings("link-local-ip"),
        hostname: p.string("hostname"),
        domainname: p.string("domainname"),
        dns: p.strings("dns"),
        dns_search: p.strings("dns-search"),
        dns_options: p.strings("dns-option"),
        publish: p.strings("publish"),
        publish_all: p.flag("publish-all"),
        expose: p.strings("expose"),
        env_files: p.strings("env-file"),
        volumes: p.strings("volume"),
        mounts: p.strings("mount"),
        volumes_from: p.strings("volumes-from"),
        tmpfs: p.strings("tmpfs"),
        read_only: p.flag("read-only"),
        workdir: p.string("workdir"),
        labels: p.strings("label"),
        entrypoint: p.string("entrypoint"),
        user: p.string("user"),
        privileged: p.flag("privileged"),
        cap_add: p.strings("cap-add"),
        cap_drop: p.strings("cap-drop"),
        init: p.opt_flag("init"),
        stop_timeout: p.int("stop-timeout"),
        stop_signal: p.string("stop-signal"),
        sysctls: p.strings("sysctl"),
        ignored_flags: p.ignored_flags(),
        ..RunCommand::default()
    };
    if let Some(name) = p.string("name") {
        let word = p.value_word("name").unwrap_or(start);
        cmd.name = Some(
            validate_container_name(&name)
                .map_err(|n| CliError::new(word, OptionError::ContainerName(n)))?,
        );
    }
    // These values passed their flag checks, so parsing them again
    // cannot fail.
    cmd.env = p
        .uses_of("env")
        .filter_map(|u| parse_env(&u.value).ok())
        .collect();
    cmd.add_hosts = p
        .uses_of("add-host")
        .filter_map(|u| parse_extra_host(&u.value).ok())
        .collect();
    cmd.links = p
        .uses_of("link")
        .filter_map(|u| parse_link(&u.value).ok())
        .collect();
    cmd.ip = p.string("ip").and_then(|s| s.trim().parse().ok());
    cmd.ip6 = p.string("ip6").and_then(|s| s.trim().parse().ok());
    if let Some(mac) = p.string("mac-address") {
        if !is_valid_mac(&mac) {
            let word = p.value_word("mac-address").unwrap_or(start);
            return Err(CliError::new(word, OptionError::MacAddress(mac)));
        }
        cmd.mac_address = Some(mac);
    }
    for u in p.uses_of("publish") {
        parse_publish(&u.value)
            .map_err(|m| CliError::new(u.value_word, OptionError::Publish(m)))?;
    }
    for u in p.uses_of("expose") {
        parse_expose(&u.value).map_err(|m| CliError::new(u.value_word, OptionError::Expose(m)))?;
    }
    if let Some(r) = p.string("restart") {
        let word = p.value_word("restart").unwrap_or(start);
        cmd.restart = Some(parse_restart_policy(&r).map_err(|e| CliError::new(word, e))?);
    }
    cmd.health = health_flags(&p, start)?;
    if cmd.rm && cmd.restart.is_some_and(RestartPolicy::restarts) {
        return Err(CliError::new(
            p.word("rm").unwrap_or(start),
            OptionError::Conflict(
                "conflicting options: cannot specify both --restart and --rm".to_string(),
            ),
        ));
    }
    if cmd.detach && !cmd.attach.is_empty() {
        return Err(CliError::new(
            p.word("attach").unwrap_or(start),
            OptionError::Conflict(
                "conflicting options: cannot specify both --attach and --detach".to_string(),
            ),
        ));
    }
    cmd.networks = networks(&p, &cmd, start)?;
    Ok(Some(cmd))
}

/// The `--health-*` flags with Docker's checks, in Docker's order: the
/// conflict with `--no-healthcheck` first, then negative values.
fn health_flags(p: &Parsed, start: usize) -> Result<HealthFlags, CliError> {
    let nanos = |flag: &str| p.duration_nanos(flag).unwrap_or(0);
    let cmd = p.string("health-cmd");
    let retries = p.int("health-retries");
    let durations = [
        "health-interval",
        "health-timeout",
        "health-start-period",
        "health-start-interval",
    ];
    let have = cmd.as_deref().is_some_and(|c| !c.is_empty())
        || durations.iter().any(|f| nanos(f) != 0)
        || retries.is_some_and(|r| r != 0);
    let disabled = p.flag("no-healthcheck");
    if disabled && have {
        return Err(CliError::new(
            p.word("no-healthcheck").unwrap_or(start),
            OptionError::Health("--no-healthcheck conflicts with --health-* options".to_string()),
        ));
    }
    let negative = |flag: &str| {
        Err(CliError::new(
            p.word(flag).unwrap_or(start),
            OptionError::Health(format!("--{flag} cannot be negative")),
        ))
    };
    for flag in ["health-interval", "health-timeout"] {
        if nanos(flag) < 0 {
            return negative(flag);
        }
    }
    if retries.is_some_and(|r| r < 0) {
        return negative("health-retries");
    }
    for flag in ["health-start-period", "health-start-interval"] {
        if nanos(flag) < 0 {
            return negative(flag);
        }
    }
    let dur = |flag: &str| {
        p.duration_nanos(flag)
            .map(|n| Duration::from_nanos(u64::try_from(n).unwrap_or(0)))
    };
    Ok(HealthFlags {
        cmd,
        interval: dur("health-interval"),
        timeout: dur("health-timeout"),
        start_period: dur("health-start-period"),
        start_interval: dur("health-start-interval"),
        retries,
        disabled,
    })
}

/// The `--network` flags, checked as the CLI's `parseNetworkOpts` does.
fn networks(p: &Parsed, cmd: &RunCommand, start: usize) -> Result<Vec<NetworkAttach>, CliError> {
    let net_err = |word: usize, msg: String| CliError::new(word, OptionError::Network(msg));
    let mut nets: Vec<(NetworkAttach, usize)> = Vec::new();
    for u in p.uses_of("network") {
        let net = parse_network_attach(&u.value).map_err(|m| net_err(u.value_word, m))?;
        nets.push((net, u.value_word));
    }
    let (mut user_defined, mut other) = (false, false);
    for (i, (net, word)) in nets.iter().enumerate() {
        if nets[..i].iter().any(|(n, _)| n.name == net.name) {
            return Err(net_err(
                *word,
                format!("network {:?} is specified multiple times", net.name),
            ));
        }
        if net.is_user_defined() {
            user_defined = true;
        } else {
            other = true;
        }
    }
    let first = nets
        .first()
        .map(|(n, w)| (n.clone(), *w))
        .unwrap_or((NetworkAttach::named("default"), start));
    let conflict = |msg: &str| {
        Err(CliError::new(
            first.1,
            OptionError::Conflict(format!("conflicting options: cannot specify both {msg}")),
        ))
    };
    let (net, _) = &first;
    if !net.aliases.is_empty() && !cmd.network_aliases.is_empty() {
        return conflict("--network-alias and per-network alias");
    }
    if net.ipv4_address.is_some() && cmd.ip.is_some() {
        return conflict("--ip and per-network IPv4 address");
    }
    if net.ipv6_address.is_some() && cmd.ip6.is_some() {
        return conflict("--ip6 and per-network IPv6 address");
    }
    if net.mac_address.is_some() && cmd.mac_address.is_some() {
        return conflict("--mac-address and per-network MAC address");
    }
    if !net.link_local_ips.is_empty() && !cmd.link_local_ips.is_empty() {
        return conflict("--link-local-ip and per-network link-local IP addresses");
    }
    let aliases_on = |n: &NetworkAttach, first: bool| {
        !n.aliases.is_empty() || (first && !cmd.network_aliases.is_empty())
    };
    if !net.is_user_defined() && aliases_on(net, true) {
        let word = p.word("network-alias").unwrap_or(first.1);
        return Err(net_err(
            word,
            "network-scoped aliases are only supported for user-defined networks".to_string(),
        ));
    }
    for (n, word) in nets.iter().skip(1) {
        if !n.is_user_defined() && aliases_on(n, false) {
            return Err(net_err(
                *word,
                "network-scoped aliases are only supported for user-defined networks".to_string(),
            ));
        }
    }
    for (n, word) in &nets {
        if let Some(mac) = &n.mac_address {
            if !is_valid_mac(mac) {
                return Err(CliError::new(*word, OptionError::MacAddress(mac.clone())));
            }
        }
    }
    if user_defined && other {
        return Err(net_err(
            nets.last().map_or(start, |(_, w)| *w),
            "conflicting options: cannot attach both user-defined and non-user-defined network-modes"
                .to_string(),
        ));
    }
    Ok(nets.into_iter().map(|(n, _)| n).collect())
}
