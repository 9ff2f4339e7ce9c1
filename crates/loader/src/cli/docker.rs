//! The `docker` command tree: top-level commands, the `container`
//! management command and its aliases, and dispatch to `network`, `volume`
//! and `compose`. Flags and argument counts are those of docker/cli 2x.

use super::compose_cmd::{parse_compose, ComposeCommand};
use super::error::{ArgsError, CliError, CommandError, OptionError};
use super::flags::{self, boolean, int, string, FlagDef, IgnoredFlag, Parsed};
use super::network::{parse_network, parse_volume, NetworkCommand, VolumeCommand};
use super::run::{parse_run, RunCommand};
use super::values::{check_env, check_filter, parse_env, EnvVar};

/// A docker command line, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DockerCommand {
    Run(Box<RunCommand>),
    Create(Box<RunCommand>),
    Start(StartCommand),
    Stop(StopCommand),
    Restart(StopCommand),
    Kill(KillCommand),
    Rm(RmCommand),
    Ps(PsCommand),
    Inspect(InspectCommand),
    Exec(ExecCommand),
    Logs(LogsCommand),
    Port(PortCommand),
    Pause(Vec<String>),
    Unpause(Vec<String>),
    Rename {
        from: String,
        to: String,
    },
    Wait(Vec<String>),
    Top(TopCommand),
    Attach(AttachCommand),
    /// `docker container prune`.
    ContainerPrune(PruneCommand),
    Network(NetworkCommand),
    Volume(VolumeCommand),
    Compose(Box<ComposeCommand>),
    /// `docker pull` / `docker image pull`: images are not simulated, but
    /// tutorials pull before they run.
    Pull {
        image: String,
    },
    /// `docker images` / `docker image ls`.
    Images,
    Version,
    Info,
    /// `--help` / `-h` on the command named (`docker network create`).
    Help(String),
}

impl DockerCommand {
    /// A short canonical name of the command (`run`, `network create`,
    /// `compose up`), the same whichever alias was typed.
    pub fn kind(&self) -> String {
        let s = match self {
            DockerCommand::Run(_) => "run",
            DockerCommand::Create(_) => "create",
            DockerCommand::Start(_) => "start",
            DockerCommand::Stop(_) => "stop",
            DockerCommand::Restart(_) => "restart",
            DockerCommand::Kill(_) => "kill",
            DockerCommand::Rm(_) => "rm",
            DockerCommand::Ps(_) => "ps",
            DockerCommand::Inspect(_) => "inspect",
            DockerCommand::Exec(_) => "exec",
            DockerCommand::Logs(_) => "logs",
            DockerCommand::Port(_) => "port",
            DockerCommand::Pause(_) => "pause",
            DockerCommand::Unpause(_) => "unpause",
            DockerCommand::Rename { .. } => "rename",
            DockerCommand::Wait(_) => "wait",
            DockerCommand::Top(_) => "top",
            DockerCommand::Attach(_) => "attach",
            DockerCommand::ContainerPrune(_) => "container prune",
            DockerCommand::Network(n) => return format!("network {}", n.kind()),
            DockerCommand::Volume(v) => return format!("volume {}", v.kind()),
            DockerCommand::Compose(c) => return format!("compose {}", c.action.kind()),
            DockerCommand::Pull { .. } => "pull",
            DockerCommand::Images => "images",
            DockerCommand::Version => "version",
            DockerCommand::Info => "info",
            DockerCommand::Help(_) => "help",
        };
        s.to_string()
    }
}

/// `docker start`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartCommand {
    pub containers: Vec<String>,
    pub attach: bool,
    pub interactive: bool,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// `docker stop` and `docker restart`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StopCommand {
    pub containers: Vec<String>,
    /// `-t` / `--timeout` / `--time`, seconds.
    pub timeout: Option<i64>,
    pub signal: Option<String>,
}

/// `docker kill`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KillCommand {
    pub containers: Vec<String>,
    pub signal: Option<String>,
}

/// `docker rm`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RmCommand {
    pub containers: Vec<String>,
    pub force: bool,
    pub volumes: bool,
    /// `-l`: remove the legacy link, not the container.
    pub link: bool,
}

/// `docker ps` / `docker container ls`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PsCommand {
    pub all: bool,
    pub quiet: bool,
    pub filters: Vec<String>,
    pub format: Option<String>,
    pub no_trunc: bool,
    pub last: Option<i64>,
    pub latest: bool,
    pub size: bool,
}

/// `docker inspect` and `docker container inspect` (which sets `kind` to
/// `container`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InspectCommand {
    pub names: Vec<String>,
    pub format: Option<String>,
    /// `--type`; `None` searches every object kind.
    pub kind: Option<String>,
    pub size: bool,
}

/// `docker exec`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExecCommand {
    pub container: String,
    pub command: Vec<String>,
    pub detach: bool,
    pub interactive: bool,
    pub tty: bool,
    pub env: Vec<EnvVar>,
    pub env_files: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    pub privileged: bool,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// `docker logs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogsCommand {
    pub container: String,
    pub follow: bool,
    /// `-n` / `--tail`: a number or `all`.
    pub tail: Option<String>,
    pub timestamps: bool,
    pub since: Option<String>,
    pub until: Option<String>,
    pub details: bool,
}

/// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortCommand {
    pub container: String,
    pub private_port: Option<String>,
}

/// `docker top CONTAINER [ps OPTIONS]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopCommand {
    pub container: String,
    pub ps_args: Vec<String>,
}

/// `docker attach`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttachCommand {
    pub container: String,
    pub no_stdin: bool,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// `docker container|network|volume prune`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PruneCommand {
    pub force: bool,
    pub filters: Vec<String>,
    /// `docker volume prune -a`.
    pub all: bool,
}

/// How many positional arguments a command takes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Arity {
    None,
    Exactly(usize),
    AtLeast(usize),
    AtMost(usize),
    Range(usize, usize),
}

/// Checks the positional arguments with Docker's messages. A missing
/// argument is blamed on `len` (the end of the line), an extra one on
/// itself.
pub(crate) fn check_arity(
    path: &str,
    p: &Parsed,
    arity: Arity,
    len: usize,
) -> Result<(), CliError> {
    let n = p.args.len();
    let path = path.to_string();
    let extra = |max: usize| p.args.get(max).map_or(len, |(_, w)| *w);
    let err = match arity {
        Arity::None if n > 0 => (extra(0), ArgsError::NoArgs { path }),
        Arity::Exactly(k) if n != k => (
            if n < k { len } else { extra(k) },
            ArgsError::Exactly { path, n: k },
        ),
        Arity::AtLeast(k) if n < k => (len, ArgsError::AtLeast { path, n: k }),
        Arity::AtMost(k) if n > k => (extra(k), ArgsError::AtMost { path, n: k }),
        Arity::Range(a, b) if n < a || n > b => (
            if n < a { len } else { extra(b) },
            ArgsError::Range {
                path,
                min: a,
                max: b,
            },
        ),
        _ => return Ok(()),
    };
    Err(CliError::new(err.0, err.1))
}

/// The docker client's global flags (`docker -H ... run`), accepted and
/// ignored.
static GLOBAL_FLAGS: &[FlagDef] = &[
    string("config").ignored(),
    string("context").short('c').ignored(),
    boolean("debug").short('D').ignored(),
    string("host").short('H').ignored(),
    string("log-level").short('l').ignored(),
    boolean("tls").ignored(),
    string("tlscacert").ignored(),
    string("tlscert").ignored(),
    string("tlskey").ignored(),
    boolean("tlsverify").ignored(),
    boolean("version").short('v'),
];

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// Parses a docker command line. `words[0]` is `docker` or
/// `docker-compose` (a path such as `/usr/bin/docker` and a leading `sudo`
/// are accepted too, since tutorials use them).
pub fn parse_docker(words: &[String]) -> Result<DockerCommand, CliError> {
    let mut i = 0;
    if words.first().map(|w| basename(w)) == Some("sudo") {
        i = 1;
        while words.get(i).is_some_and(|w| w.starts_with('-')) {
            i += 1;
        }
    }
    let Some(program) = words.get(i) else {
        return Err(CliError::new(0, CommandError::Empty));
    };
    match basename(program) {
        "docker" => {}
        "docker-compose" => {
            return parse_compose(words, i + 1, "docker-compose", true).map(|c| {
                c.map_or_else(
                    || help("docker-compose"),
                    |c| DockerCommand::Compose(Box::new(c)),
                )
            });
        }
        other => return Err(CliError::new(i, CommandError::NotDocker(other.to_string()))),
    }
    let p = flags::parse(words, i + 1, &[GLOBAL_FLAGS], false)?;
    if p.help {
        return Ok(help("docker"));
    }
    if p.flag("version") {
        return Ok(DockerCommand::Version);
    }
    let Some((name, at)) = p.args.first().cloned() else {
        return Err(CliError::new(words.len(), missing_subcommand("docker")));
    };
    let next = at + 1;
    let path = format!("docker {name}");
    match name.as_str() {
        "container" => parse_container_mgmt(words, next),
        "network" => parse_network(words, next),
        "volume" => parse_volume(words, next),
        "compose" => parse_compose(words, next, "docker compose", false).map(|c| {
            c.map_or_else(
                || help("docker compose"),
                |c| DockerCommand::Compose(Box::new(c)),
            )
        }),
        "image" => parse_image_mgmt(words, next),
        "system" => match words.get(next).map(String::as_str) {
            Some("info") => simple(words, next + 1, "docker system info", DockerCommand::Info),
            _ => Err(unsupported(
                next.min(words.len()),
                "docker system",
                "only `docker system info` is simulated",
            )),
        },
        "pull" => parse_pull(words, next, &path),
        "images" => simple(words, next, &path, DockerCommand::Images),
        "version" => simple(words, next, &path, DockerCommand::Version),
        "info" => simple(words, next, &path, DockerCommand::Info),
        "service" | "node" | "swarm" | "stack" | "secret" | "config" => Err(unsupported(
            at,
            &path,
            "swarm mode is not simulated (only a single host is)",
        )),
        "build" | "buildx" | "builder" | "push" | "tag" | "rmi" | "save" | "load" | "import"
        | "export" | "commit" | "history" | "search" | "login" | "logout" | "cp" | "diff"
        | "stats" | "update" | "events" | "context" | "manifest" | "plugin" | "trust"
        | "checkpoint" | "init" | "scout" | "sbom" | "debug" => Err(unsupported(
            at,
            &path,
            "the simulator models containers and networks, not images, files or registries",
        )),
        _ => match parse_container_command(words, next, &name, &path) {
            Some(r) => r,
            None => Err(CliError::new(at, CommandError::Unknown(name))),
        },
    }
}

fn help(path: &str) -> DockerCommand {
    DockerCommand::Help(path.to_string())
}

pub(crate) fn unsupported(word: usize, path: &str, reason: &str) -> CliError {
    CliError::new(
        word,
        CommandError::Unsupported {
            path: path.to_string(),
            reason: reason.to_string(),
        },
    )
}

fn missing_subcommand(path: &str) -> CommandError {
    let commands = match path {
        "docker container" => {
            "attach, create, exec, inspect, kill, logs, ls, pause, port, prune, rename, restart, rm, run, start, stop, top, unpause, wait"
        }
        "docker network" => "connect, create, disconnect, inspect, ls, prune, rm",
        "docker volume" => "create, inspect, ls, prune, rm",
        "docker image" => "ls, pull",
        _ => "run, create, start, stop, restart, kill, rm, ps, inspect, exec, logs, port, pause, unpause, rename, wait, top, attach, network, volume, compose",
    };
    CommandError::MissingSubcommand {
        path: path.to_string(),
        commands: commands.to_string(),
    }
}

/// The subcommand of a management command (`docker network ...`): its
/// name and word, `--help` for help, or an error when it is missing.
pub(crate) fn subcommand<'a>(
    words: &'a [String],
    start: usize,
    path: &str,
) -> Result<(&'a str, usize), CliError> {
    match words.get(start) {
        Some(w) if w == "--help" || w == "-h" => Ok(("--help", start)),
        Some(w) if w.starts_with('-') && w.len() > 1 => Err(CliError::new(
            start,
            super::error::FlagError::Unknown(w.split('=').next().unwrap_or(w).to_string()),
        )),
        Some(sub) => Ok((sub.as_str(), start)),
        None => Err(CliError::new(words.len(), missing_subcommand(path))),
    }
}

pub(crate) fn unknown_subcommand(word: usize, path: &str, sub: &str) -> CliError {
    let mgmt = path.trim_start_matches("docker ");
    CliError::new(word, CommandError::Unknown(format!("{mgmt} {sub}")))
}

/// A command without flags or arguments (`docker version`).
fn simple(
    words: &[String],
    start: usize,
    path: &str,
    cmd: DockerCommand,
) -> Result<DockerCommand, CliError> {
    static FORMAT: &[FlagDef] = &[string("format").short('f').ignored()];
    let p = flags::parse(words, start, &[FORMAT], true)?;
    if p.help {
        return Ok(help(path));
    }
    check_arity(path, &p, Arity::None, words.len())?;
    Ok(cmd)
}

fn parse_pull(words: &[String], start: usize, path: &str) -> Result<DockerCommand, CliError> {
    static PULL: &[FlagDef] = &[
        boolean("all-tags").short('a').ignored(),
        boolean("disable-content-trust").ignored(),
        string("platform").ignored(),
        boolean("quiet").short('q').ignored(),
    ];
    let p = flags::parse(words, start, &[PULL], true)?;
    if p.help {
        return Ok(help(path));
    }
    check_arity(path, &p, Arity::Exactly(1), words.len())?;
    Ok(DockerCommand::Pull {
        image: p.args[0].0.clone(),
    })
}

fn parse_image_mgmt(words: &[String], start: usize) -> Result<DockerCommand, CliError> {
    let path = "docker image";
    let (sub, at) = subcommand(words, start, path)?;
    match sub {
        "--help" => Ok(help(path)),
        "pull" => parse_pull(words, at + 1, "docker image pull"),
        "ls" | "list" => simple(
            words,
            at + 1,
            &format!("{path} {sub}"),
            DockerCommand::Images,
        ),
        _ => Err(unsupported(
            at,
            &format!("{path} {sub}"),
            "images are not simulated",
        )),
    }
}

fn parse_container_mgmt(words: &[String], start: usize) -> Result<DockerCommand, CliError> {
    let path = "docker container";
    let (sub, at) = subcommand(words, start, path)?;
    if sub == "--help" {
        return Ok(help(path));
    }
    let sub_path = format!("{path} {sub}");
    let canonical = match sub {
        "ls" | "list" | "ps" => "ps",
        "remove" => "rm",
        other => other,
    };
    if canonical == "prune" {
        return parse_prune(words, at + 1, &sub_path, false).map(|p| match p {
            Some(p) => DockerCommand::ContainerPrune(p),
            None => help(&sub_path),
        });
    }
    if canonical == "inspect" {
        return parse_inspect(words, at + 1, &sub_path, Some("container"));
    }
    match parse_container_command(words, at + 1, canonical, &sub_path) {
        Some(r) => r,
        None => Err(unknown_subcommand(at, path, sub)),
    }
}

/// `docker container|network|volume prune`.
pub(crate) fn parse_prune(
    words: &[String],
    start: usize,
    path: &str,
    with_all: bool,
) -> Result<Option<PruneCommand>, CliError> {
    static PRUNE: &[FlagDef] = &[
        boolean("force").short('f'),
        string("filter").check(check_filter),
    ];
    static PRUNE_ALL: &[FlagDef] = &[boolean("all").short('a')];
    let tables: &[&[FlagDef]] = if with_all {
        &[PRUNE, PRUNE_ALL]
    } else {
        &[PRUNE]
    };
    let p = flags::parse(words, start, tables, true)?;
    if p.help {
        return Ok(None);
    }
    check_arity(path, &p, Arity::None, words.len())?;
    Ok(Some(PruneCommand {
        force: p.flag("force"),
        filters: p.strings("filter"),
        all: p.flag("all"),
    }))
}

/// `docker inspect` (top level, `kind == None`) or `docker container
/// inspect`.
fn parse_inspect(
    words: &[String],
    start: usize,
    path: &str,
    kind: Option<&str>,
) -> Result<DockerCommand, CliError> {
    static INSPECT: &[FlagDef] = &[
        string("format").short('f'),
        boolean("size").short('s'),
        string("type"),
    ];
    static CONTAINER_INSPECT: &[FlagDef] =
        &[string("format").short('f'), boolean("size").short('s')];
    let table = if kind.is_some() {
        CONTAINER_INSPECT
    } else {
        INSPECT
    };
    let p = flags::parse(words, start, &[table], true)?;
    if p.help {
        return Ok(help(path));
    }
    check_arity(path, &p, Arity::AtLeast(1), words.len())?;
    let mut kind = kind.map(str::to_string);
    if let Some(t) = p.string("type") {
        const TYPES: [&str; 10] = [
            "config",
            "container",
            "image",
            "network",
            "node",
            "plugin",
            "secret",
            "service",
            "task",
            "volume",
        ];
        if !t.is_empty() && !TYPES.contains(&t.as_str()) {
            return Err(CliError::new(
                p.value_word("type").unwrap_or(start),
                OptionError::InspectType(t),
            ));
        }
        if !t.is_empty() {
            kind = Some(t);
        }
    }
    Ok(DockerCommand::Inspect(InspectCommand {
        names: p.arg_strings(),
        format: p.string("format"),
        kind,
        size: p.flag("size"),
    }))
}

/// The container commands shared by `docker X` and `docker container X`;
/// `None` when `name` is not one of them.
fn parse_container_command(
    words: &[String],
    start: usize,
    name: &str,
    path: &str,
) -> Option<Result<DockerCommand, CliError>> {
    Some(match name {
        "run" | "create" => parse_run(words, start, path, name == "create").map(|r| match r {
            None => help(path),
            Some(r) if name == "run" => DockerCommand::Run(Box::new(r)),
            Some(r) => DockerCommand::Create(Box::new(r)),
        }),
        "inspect" => parse_inspect(words, start, path, None),
        "ps" => parse_ps(words, start, path),
        "exec" => parse_exec(words, start, path),
        _ => parse_simple_container(words, start, name, path)?,
    })
}

fn parse_ps(words: &[String], start: usize, path: &str) -> Result<DockerCommand, CliError> {
    static PS: &[FlagDef] = &[
        boolean("all").short('a'),
        string("filter").short('f').check(check_filter),
        string("format"),
        int("last").short('n'),
        boolean("latest").short('l'),
        boolean("no-trunc"),
        boolean("quiet").short('q'),
        boolean("size").short('s'),
    ];
    let p = flags::parse(words, start, &[PS], true)?;
    if p.help {
        return Ok(help(path));
    }
    check_arity(path, &p, Arity::None, words.len())?;
    Ok(DockerCommand::Ps(PsCommand {
        all: p.flag("all"),
        quiet: p.flag("quiet"),
        filters: p.strings("filter"),
        format: p.string("format"),
        no_trunc: p.flag("no-trunc"),
        last: p.int("last"),
        latest: p.flag("latest"),
        size: p.flag("size"),
    }))
}

fn parse_exec(words: &[String], start: usize, path: &str) -> Result<DockerCommand, CliError> {
    static EXEC: &[FlagDef] = &[
        boolean("detach").short('d'),
        string("detach-keys").ignored(),
        string("env").short('e').check(check_env),
        string("env-file"),
        boolean("interactive").short('i'),
        boolean("privileged"),
        boolean("tty").short('t'),
        string("user").short('u'),
        string("workdir").short('w'),
    ];
    let p = flags::parse(words, start, &[EXEC], false)?;
    if p.help {
        return Ok(help(path));
    }
    check_arity(path, &p, Arity::AtLeast(2), words.len())?;
    Ok(DockerCommand::Exec(ExecCommand {
        container: p.args[0].0.clone(),
        command: p.args[1..].iter().map(|(a, _)| a.clone()).collect(),
        detach: p.flag("detach"),
        interactive: p.flag("interactive"),
        tty: p.flag("tty"),
        env: p
            .strings("env")
            .iter()
            .filter_map(|e| parse_env(e).ok())
            .collect(),
        env_files: p.strings("env-file"),
        workdir: p.string("workdir"),
        user: p.string("user"),
        privileged: p.flag("privileged"),
        ignored_flags: p.ignored_flags(),
    }))
}

/// The container commands whose flags are few: start, stop, restart, kill,
/// rm, logs, port, pause, unpause, rename, wait, top, attach.
fn parse_simple_container(
    words: &[String],
    start: usize,
    name: &str,
    path: &str,
) -> Option<Result<DockerCommand, CliError>> {
    static START: &[FlagDef] = &[
        boolean("attach").short('a'),
        boolean("interactive").short('i'),
        string("checkpoint").ignored(),
        string("checkpoint-dir").ignored(),
        string("detach-keys").ignored(),
    ];
    static STOP: &[FlagDef] = &[
        string("signal").short('s'),
        int("timeout").short('t'),
        int("time").alias_of("timeout"),
    ];
    static KILL: &[FlagDef] = &[string("signal").short('s')];
    static RM: &[FlagDef] = &[
        boolean("force").short('f'),
        boolean("link").short('l'),
        boolean("volumes").short('v'),
    ];
    static LOGS: &[FlagDef] = &[
        boolean("details"),
        boolean("follow").short('f'),
        string("since"),
        string("tail").short('n'),
        boolean("timestamps").short('t'),
        string("until"),
    ];
    static ATTACH: &[FlagDef] = &[
        string("detach-keys").ignored(),
        boolean("no-stdin"),
        boolean("sig-proxy").ignored(),
    ];
    static NONE: &[FlagDef] = &[];
    let (table, arity, interspersed): (&[FlagDef], Arity, bool) = match name {
        "start" => (START, Arity::AtLeast(1), true),
        "stop" | "restart" => (STOP, Arity::AtLeast(1), true),
        "kill" => (KILL, Arity::AtLeast(1), true),
        "rm" => (RM, Arity::AtLeast(1), true),
        "logs" => (LOGS, Arity::Exactly(1), true),
        "port" => (NONE, Arity::Range(1, 2), true),
        "pause" | "unpause" | "wait" => (NONE, Arity::AtLeast(1), true),
        "rename" => (NONE, Arity::Exactly(2), true),
        "top" => (NONE, Arity::AtLeast(1), false),
        "attach" => (ATTACH, Arity::Exactly(1), true),
        _ => return None,
    };
    let run = || -> Result<DockerCommand, CliError> {
        let p = flags::parse(words, start, &[table], interspersed)?;
        if p.help {
            return Ok(help(path));
        }
        check_arity(path, &p, arity, words.len())?;
        let args = p.arg_strings();
        let first = args.first().cloned().unwrap_or_default();
        Ok(match name {
            "start" => DockerCommand::Start(StartCommand {
                containers: args,
                attach: p.flag("attach"),
                interactive: p.flag("interactive"),
                ignored_flags: p.ignored_flags(),
            }),
            "stop" | "restart" => {
                let s = StopCommand {
                    containers: args,
                    timeout: p.int("timeout"),
                    signal: p.string("signal"),
                };
                if name == "stop" {
                    DockerCommand::Stop(s)
                } else {
                    DockerCommand::Restart(s)
                }
            }
            "kill" => DockerCommand::Kill(KillCommand {
                containers: args,
                signal: p.string("signal"),
            }),
            "rm" => DockerCommand::Rm(RmCommand {
                containers: args,
                force: p.flag("force"),
                volumes: p.flag("volumes"),
                link: p.flag("link"),
            }),
            "logs" => DockerCommand::Logs(LogsCommand {
                container: first,
                follow: p.flag("follow"),
                tail: p.string("tail"),
                timestamps: p.flag("timestamps"),
                since: p.string("since"),
                until: p.string("until"),
                details: p.flag("details"),
            }),
            "port" => DockerCommand::Port(PortCommand {
                container: first,
                private_port: args.get(1).cloned(),
            }),
            "pause" => DockerCommand::Pause(args),
            "unpause" => DockerCommand::Unpause(args),
            "wait" => DockerCommand::Wait(args),
            "rename" => DockerCommand::Rename {
                from: first,
                to: args[1].clone(),
            },
            "top" => DockerCommand::Top(TopCommand {
                container: first,
                ps_args: args[1..].to_vec(),
            }),
            _ => DockerCommand::Attach(AttachCommand {
                container: first,
                no_stdin: p.flag("no-stdin"),
                ignored_flags: p.ignored_flags(),
            }),
        })
    };
    Some(run())
}
