//! `docker compose ...` and `docker-compose ...`: the global flags and the
//! subcommands of Compose v2 (docker/compose `cmd/compose`). Global flags are
//! accepted before and after the subcommand, as cobra's persistent flags
//! are.

use super::docker::unsupported;
use super::error::{ArgsError, CliError, CommandError, OptionError};
use super::flags::{self, boolean, int, string, FlagDef, IgnoredFlag, Parsed};
use super::values::{check_env, parse_env, parse_publish, EnvVar};

/// A compose command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeCommand {
    /// Typed as `docker-compose` rather than `docker compose`.
    pub standalone: bool,
    pub global: ComposeGlobal,
    pub action: ComposeAction,
    pub ignored_flags: Vec<IgnoredFlag>,
}

/// The flags of `docker compose` itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeGlobal {
    /// `-f`, in order; empty means the default file names.
    pub files: Vec<String>,
    pub project_name: Option<String>,
    pub profiles: Vec<String>,
    pub env_files: Vec<String>,
    pub project_directory: Option<String>,
    pub parallel: Option<i64>,
    pub ansi: Option<String>,
    pub progress: Option<String>,
    pub dry_run: bool,
    pub compatibility: bool,
    pub all_resources: bool,
}

/// A compose subcommand and its own flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ComposeAction {
    Up(ComposeUp),
    Down {
        services: Vec<String>,
        volumes: bool,
        remove_orphans: bool,
        rmi: Option<String>,
        timeout: Option<i64>,
    },
    Create(ComposeUp),
    Start {
        services: Vec<String>,
        wait: bool,
    },
    Stop {
        services: Vec<String>,
        timeout: Option<i64>,
    },
    Restart {
        services: Vec<String>,
        timeout: Option<i64>,
        no_deps: bool,
    },
    Kill {
        services: Vec<String>,
        signal: Option<String>,
        remove_orphans: bool,
    },
    Rm {
        services: Vec<String>,
        force: bool,
        stop: bool,
        volumes: bool,
    },
    Pause(Vec<String>),
    Unpause(Vec<String>),
    Ps(ComposePs),
    Config(ComposeConfig),
    Logs(ComposeLogs),
    Exec(ComposeExec),
    Run(ComposeRun),
    Top(Vec<String>),
    Port {
        service: String,
        private_port: String,
        protocol: Option<String>,
        index: Option<i64>,
    },
    Ls {
        all: bool,
        quiet: bool,
        format: Option<String>,
        filters: Vec<String>,
    },
    Images {
        services: Vec<String>,
        quiet: bool,
        format: Option<String>,
    },
    Wait {
        services: Vec<String>,
        down_project: bool,
    },
    /// Accepted as a no-op: there are no images to pull.
    Pull(Vec<String>),
    /// Accepted as a no-op: there is nothing to build.
    Build(Vec<String>),
    Version {
        short: bool,
        format: Option<String>,
    },
    /// `--help`, or no subcommand.
    #[default]
    Help,
}

impl ComposeAction {
    pub fn kind(&self) -> &'static str {
        match self {
            ComposeAction::Up(_) => "up",
            ComposeAction::Down { .. } => "down",
            ComposeAction::Create(_) => "create",
            ComposeAction::Start { .. } => "start",
            ComposeAction::Stop { .. } => "stop",
            ComposeAction::Restart { .. } => "restart",
            ComposeAction::Kill { .. } => "kill",
            ComposeAction::Rm { .. } => "rm",
            ComposeAction::Pause(_) => "pause",
            ComposeAction::Unpause(_) => "unpause",
            ComposeAction::Ps(_) => "ps",
            ComposeAction::Config(_) => "config",
            ComposeAction::Logs(_) => "logs",
            ComposeAction::Exec(_) => "exec",
            ComposeAction::Run(_) => "run",
            ComposeAction::Top(_) => "top",
            ComposeAction::Port { .. } => "port",
            ComposeAction::Ls { .. } => "ls",
            ComposeAction::Images { .. } => "images",
            ComposeAction::Wait { .. } => "wait",
            ComposeAction::Pull(_) => "pull",
            ComposeAction::Build(_) => "build",
            ComposeAction::Version { .. } => "version",
            ComposeAction::Help => "help",
        }
    }
}

/// `docker compose up` (and `create`, which takes a subset of the flags).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeUp {
    pub services: Vec<String>,
    pub detach: bool,
    pub force_recreate: bool,
    pub no_recreate: bool,
    pub always_recreate_deps: bool,
    pub no_deps: bool,
    pub no_start: bool,
    /// `--scale SERVICE=NUM`, in order.
    pub scale: Vec<(String, u64)>,
    pub wait: bool,
    pub wait_timeout: Option<i64>,
    pub remove_orphans: bool,
    pub abort_on_container_exit: bool,
    pub abort_on_container_failure: bool,
    pub exit_code_from: Option<String>,
    pub attach: Vec<String>,
    pub no_attach: Vec<String>,
    pub attach_dependencies: bool,
    pub timeout: Option<i64>,
    pub renew_anon_volumes: bool,
}

/// `docker compose ps`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposePs {
    pub services: Vec<String>,
    pub all: bool,
    pub quiet: bool,
    pub services_only: bool,
    pub format: Option<String>,
    pub filter: Option<String>,
    pub status: Vec<String>,
    pub no_trunc: bool,
}

/// `docker compose config`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeConfig {
    pub services: Vec<String>,
    pub quiet: bool,
    /// Which list was asked for instead of the whole model: `services`,
    /// `networks`, `volumes`, `images`, `profiles`, `variables`, `hash`.
    pub list: Option<String>,
    pub format: Option<String>,
    pub output: Option<String>,
    pub no_interpolate: bool,
    pub no_normalize: bool,
    pub no_path_resolution: bool,
    pub no_consistency: bool,
    pub environment: bool,
}

/// `docker compose logs`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeLogs {
    pub services: Vec<String>,
    pub follow: bool,
    pub tail: Option<String>,
    pub timestamps: bool,
    pub since: Option<String>,
    pub until: Option<String>,
    pub index: Option<i64>,
    pub no_log_prefix: bool,
}

/// `docker compose exec SERVICE COMMAND...`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeExec {
    pub service: String,
    pub command: Vec<String>,
    pub detach: bool,
    pub env: Vec<EnvVar>,
    pub index: Option<i64>,
    pub no_tty: bool,
    pub user: Option<String>,
    pub workdir: Option<String>,
    pub privileged: bool,
}

/// `docker compose run SERVICE [COMMAND...]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeRun {
    pub service: String,
    pub command: Vec<String>,
    pub detach: bool,
    pub rm: bool,
    pub name: Option<String>,
    pub env: Vec<EnvVar>,
    pub labels: Vec<String>,
    pub publish: Vec<String>,
    pub service_ports: bool,
    pub use_aliases: bool,
    pub no_deps: bool,
    pub entrypoint: Option<String>,
    pub user: Option<String>,
    pub workdir: Option<String>,
    pub volumes: Vec<String>,
    pub no_tty: bool,
    pub remove_orphans: bool,
}

static GLOBAL: &[FlagDef] = &[
    string("file").short('f'),
    string("project-name").short('p'),
    string("profile"),
    string("env-file"),
    string("project-directory"),
    string("workdir").alias_of("project-directory"),
    int("parallel"),
    string("ansi"),
    boolean("no-ansi").ignored(),
    string("progress"),
    boolean("dry-run"),
    boolean("compatibility"),
    boolean("all-resources"),
    boolean("verbose").ignored(),
    string("log-level").ignored(),
    boolean("version").short('v'),
];

/// Parses a compose command line from `words[start..]` (the word after
/// `compose` or `docker-compose`). `None` means help was asked for.
pub(crate) fn parse_compose(
    words: &[String],
    start: usize,
    path: &str,
    standalone: bool,
) -> Result<Option<ComposeCommand>, CliError> {
    let root = flags::parse(words, start, &[GLOBAL], false)?;
    if root.help {
        return Ok(None);
    }
    let mut cmd = ComposeCommand {
        standalone,
        ..ComposeCommand::default()
    };
    if root.flag("version") {
        cmd.action = ComposeAction::Version {
            short: false,
            format: None,
        };
        apply_global(&mut cmd, &root)?;
        return Ok(Some(cmd));
    }
    let Some((sub, at)) = root.args.first().cloned() else {
        return Err(CliError::new(
            words.len(),
            CommandError::MissingSubcommand {
                path: path.to_string(),
                commands: "build, config, create, down, exec, images, kill, logs, ls, pause, port, ps, pull, restart, rm, run, start, stop, top, unpause, up, version, wait".to_string(),
            },
        ));
    };
    let sub_path = format!("{path} {sub}");
    let Some((table, interspersed)) = sub_flags(&sub) else {
        return Err(match sub.as_str() {
            "attach" | "cp" | "events" | "push" | "scale" | "stats" | "watch" | "alpha"
            | "bridge" | "commit" | "export" | "publish" | "volumes" | "viz" => unsupported(
                at,
                &sub_path,
                "this compose command has no meaning in the simulator",
            ),
            _ => CliError::new(at, CommandError::UnknownCompose(sub)),
        });
    };
    let p = flags::parse(words, at + 1, &[table, GLOBAL], interspersed)?;
    if p.help {
        return Ok(None);
    }
    // Global flags may come before or after the subcommand.
    let mut merged = root.clone();
    merged.uses.extend(p.uses.iter().cloned());
    apply_global(&mut cmd, &merged)?;
    cmd.ignored_flags = merged.ignored_flags();
    cmd.action = action(&sub, &p, &sub_path, words.len())?;
    Ok(Some(cmd))
}

fn apply_global(cmd: &mut ComposeCommand, p: &Parsed) -> Result<(), CliError> {
    let g = &mut cmd.global;
    g.files = p.strings("file");
    g.project_name = p.string("project-name");
    g.profiles = p.strings("profile");
    g.env_files = p.strings("env-file");
    g.project_directory = p.string("project-directory");
    g.parallel = p.int("parallel");
    g.ansi = p.string("ansi");
    g.progress = p.string("progress");
    g.dry_run = p.flag("dry-run");
    g.compatibility = p.flag("compatibility");
    g.all_resources = p.flag("all-resources");
    if let Some(name) = &g.project_name {
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            return Err(CliError::new(
                p.value_word("project-name").unwrap_or(0),
                OptionError::ProjectName(name.clone()),
            ));
        }
    }
    Ok(())
}

static UP: &[FlagDef] = &[
    boolean("detach").short('d'),
    boolean("build"),
    boolean("no-build"),
    string("pull"),
    boolean("quiet-pull"),
    boolean("remove-orphans"),
    string("scale"),
    boolean("no-color").ignored(),
    boolean("no-log-prefix").ignored(),
    boolean("force-recreate"),
    boolean("no-recreate"),
    boolean("no-start"),
    boolean("abort-on-container-exit"),
    boolean("abort-on-container-failure"),
    string("exit-code-from"),
    int("timeout").short('t'),
    boolean("timestamps").ignored(),
    boolean("no-deps"),
    boolean("always-recreate-deps"),
    boolean("renew-anon-volumes").short('V'),
    boolean("attach-dependencies"),
    string("attach"),
    string("no-attach"),
    boolean("wait"),
    int("wait-timeout"),
    boolean("watch").short('w').ignored(),
    boolean("menu").ignored(),
    boolean("yes").short('y').ignored(),
];

static CREATE: &[FlagDef] = &[
    boolean("build"),
    boolean("no-build"),
    string("pull"),
    boolean("quiet-pull"),
    boolean("remove-orphans"),
    string("scale"),
    boolean("force-recreate"),
    boolean("no-recreate"),
    boolean("yes").short('y').ignored(),
];

static DOWN: &[FlagDef] = &[
    boolean("remove-orphans"),
    string("rmi"),
    int("timeout").short('t'),
    boolean("volumes").short('v'),
];

static TIMEOUT: &[FlagDef] = &[int("timeout").short('t')];

static START: &[FlagDef] = &[boolean("wait"), int("wait-timeout")];

static RESTART: &[FlagDef] = &[boolean("no-deps"), int("timeout").short('t')];

static KILL: &[FlagDef] = &[boolean("remove-orphans"), string("signal").short('s')];

static RM: &[FlagDef] = &[
    boolean("force").short('f'),
    boolean("stop").short('s'),
    boolean("volumes").short('v'),
    boolean("all").short('a').ignored(),
];

static PS: &[FlagDef] = &[
    boolean("all").short('a'),
    string("filter"),
    string("format"),
    boolean("no-trunc"),
    boolean("orphans").ignored(),
    boolean("quiet").short('q'),
    boolean("services"),
    string("status"),
];

static CONFIG: &[FlagDef] = &[
    boolean("quiet").short('q'),
    boolean("services"),
    boolean("networks"),
    boolean("volumes"),
    boolean("images"),
    boolean("profiles"),
    boolean("variables"),
    string("hash"),
    string("format"),
    string("output").short('o'),
    boolean("no-interpolate"),
    boolean("no-normalize"),
    boolean("no-path-resolution"),
    boolean("no-consistency"),
    boolean("environment"),
    boolean("resolve-image-digests").ignored(),
    boolean("lock-image-digests").ignored(),
];

static LOGS: &[FlagDef] = &[
    boolean("follow").short('f'),
    int("index"),
    boolean("no-color").ignored(),
    boolean("no-log-prefix"),
    string("since"),
    string("tail").short('n'),
    boolean("timestamps").short('t'),
    string("until"),
];

static EXEC: &[FlagDef] = &[
    boolean("detach").short('d'),
    string("env").short('e').check(check_env),
    int("index"),
    boolean("privileged"),
    boolean("no-TTY").short('T'),
    boolean("interactive").short('i').ignored(),
    boolean("tty").short('t').ignored(),
    string("user").short('u'),
    string("workdir").short('w'),
];

static RUN: &[FlagDef] = &[
    boolean("detach").short('d'),
    string("name"),
    boolean("rm"),
    string("env").short('e').check(check_env),
    string("env-from-file").ignored(),
    string("label").short('l'),
    string("user").short('u'),
    string("workdir").short('w'),
    string("entrypoint"),
    string("publish").short('p'),
    boolean("service-ports").short('P'),
    boolean("use-aliases"),
    boolean("no-TTY").short('T'),
    boolean("interactive").short('i').ignored(),
    boolean("tty").short('t').ignored(),
    boolean("no-deps"),
    string("volume").short('v'),
    string("cap-add").ignored(),
    string("cap-drop").ignored(),
    boolean("build").ignored(),
    string("pull").ignored(),
    boolean("quiet-pull").ignored(),
    boolean("remove-orphans"),
];

static PULL: &[FlagDef] = &[
    boolean("ignore-buildable").ignored(),
    boolean("ignore-pull-failures").ignored(),
    boolean("include-deps").ignored(),
    string("policy").ignored(),
    boolean("quiet").short('q').ignored(),
];

static BUILD: &[FlagDef] = &[
    string("build-arg").ignored(),
    string("builder").ignored(),
    boolean("check").ignored(),
    string("memory").short('m').ignored(),
    boolean("no-cache").ignored(),
    boolean("print").ignored(),
    boolean("pull").ignored(),
    boolean("push").ignored(),
    boolean("quiet").short('q').ignored(),
    string("ssh").ignored(),
    boolean("with-dependencies").ignored(),
];

static LS: &[FlagDef] = &[
    boolean("all").short('a'),
    string("filter"),
    string("format"),
    boolean("quiet").short('q'),
];

static PORT: &[FlagDef] = &[int("index"), string("protocol")];

static VERSION: &[FlagDef] = &[string("format").short('f'), boolean("short")];

static IMAGES: &[FlagDef] = &[string("format"), boolean("quiet").short('q')];

static WAIT: &[FlagDef] = &[boolean("down-project")];

static NONE: &[FlagDef] = &[];

/// The flags of a subcommand and whether flags may follow its arguments.
fn sub_flags(sub: &str) -> Option<(&'static [FlagDef], bool)> {
    Some(match sub {
        "up" => (UP, true),
        "create" => (CREATE, true),
        "down" => (DOWN, true),
        "stop" => (TIMEOUT, true),
        "start" => (START, true),
        "restart" => (RESTART, true),
        "kill" => (KILL, true),
        "rm" => (RM, true),
        "pause" | "unpause" | "top" => (NONE, true),
        "ps" => (PS, true),
        "config" | "convert" => (CONFIG, true),
        "logs" => (LOGS, true),
        "exec" => (EXEC, false),
        "run" => (RUN, false),
        "pull" => (PULL, true),
        "build" => (BUILD, true),
        "ls" => (LS, true),
        "port" => (PORT, true),
        "version" => (VERSION, true),
        "images" => (IMAGES, true),
        "wait" => (WAIT, true),
        _ => return None,
    })
}

fn env_vars(p: &Parsed) -> Vec<EnvVar> {
    p.strings("env")
        .iter()
        .filter_map(|e| parse_env(e).ok())
        .collect()
}

fn action(sub: &str, p: &Parsed, path: &str, len: usize) -> Result<ComposeAction, CliError> {
    let args = p.arg_strings();
    let services = args.clone();
    let at_least = |n: usize| -> Result<(), CliError> {
        if p.args.len() < n {
            Err(CliError::new(
                len,
                ArgsError::CobraAtLeast {
                    n,
                    got: p.args.len(),
                },
            ))
        } else {
            Ok(())
        }
    };
    let no_args = || -> Result<(), CliError> {
        match p.args.first() {
            Some((arg, word)) => Err(CliError::new(
                *word,
                ArgsError::CobraNoArgs {
                    path: path.to_string(),
                    arg: arg.clone(),
                },
            )),
            None => Ok(()),
        }
    };
    let incompatible = |flag: &str, msg: &str| {
        Err(CliError::new(
            p.word(flag).unwrap_or(len),
            OptionError::Conflict(msg.to_string()),
        ))
    };
    Ok(match sub {
        "up" | "create" => {
            let mut up = ComposeUp {
                services,
                detach: p.flag("detach"),
                force_recreate: p.flag("force-recreate"),
                no_recreate: p.flag("no-recreate"),
                always_recreate_deps: p.flag("always-recreate-deps"),
                no_deps: p.flag("no-deps"),
                no_start: p.flag("no-start"),
                wait: p.flag("wait"),
                wait_timeout: p.int("wait-timeout"),
                remove_orphans: p.flag("remove-orphans"),
                abort_on_container_exit: p.flag("abort-on-container-exit"),
                abort_on_container_failure: p.flag("abort-on-container-failure"),
                exit_code_from: p.string("exit-code-from"),
                attach: p.strings("attach"),
                no_attach: p.strings("no-attach"),
                attach_dependencies: p.flag("attach-dependencies"),
                timeout: p.int("timeout"),
                renew_anon_volumes: p.flag("renew-anon-volumes"),
                ..ComposeUp::default()
            };
            for u in p.uses_of("scale") {
                let bad = || CliError::new(u.value_word, OptionError::Scale(u.value.clone()));
                let (svc, n) = u.value.split_once('=').ok_or_else(bad)?;
                if n.contains('=') {
                    return Err(bad());
                }
                let n: u64 = n.parse().map_err(|_| {
                    CliError::new(
                        u.value_word,
                        OptionError::Number(format!("strconv.Atoi: parsing {n:?}: invalid syntax")),
                    )
                })?;
                up.scale.push((svc.to_string(), n));
                let total: u64 = up.scale.iter().map(|(_, n)| *n).sum();
                if total > crate::compose::MAX_PROJECT_CONTAINERS {
                    return Err(CliError::new(
                        u.value_word,
                        OptionError::ScaleTooLarge {
                            value: u.value.clone(),
                            limit: crate::compose::MAX_PROJECT_CONTAINERS,
                        },
                    ));
                }
            }
            if p.flag("build") && p.flag("no-build") {
                return incompatible("no-build", "--build and --no-build are incompatible");
            }
            if up.force_recreate && up.no_recreate {
                return incompatible(
                    "no-recreate",
                    "--force-recreate and --no-recreate are incompatible",
                );
            }
            if up.always_recreate_deps && up.no_recreate {
                return incompatible(
                    "no-recreate",
                    "--always-recreate-deps and --no-recreate are incompatible",
                );
            }
            if sub == "create" {
                return Ok(ComposeAction::Create(up));
            }
            let cascade = up.abort_on_container_exit || up.exit_code_from.is_some();
            if up.detach && (up.attach_dependencies || cascade || !up.attach.is_empty()) {
                return incompatible(
                    "detach",
                    "--detach cannot be combined with --abort-on-container-exit, --attach or --attach-dependencies",
                );
            }
            ComposeAction::Up(up)
        }
        "down" => ComposeAction::Down {
            services,
            volumes: p.flag("volumes"),
            remove_orphans: p.flag("remove-orphans"),
            rmi: p.string("rmi"),
            timeout: p.int("timeout"),
        },
        "start" => ComposeAction::Start {
            services,
            wait: p.flag("wait"),
        },
        "stop" => ComposeAction::Stop {
            services,
            timeout: p.int("timeout"),
        },
        "restart" => ComposeAction::Restart {
            services,
            timeout: p.int("timeout"),
            no_deps: p.flag("no-deps"),
        },
        "kill" => ComposeAction::Kill {
            services,
            signal: p.string("signal"),
            remove_orphans: p.flag("remove-orphans"),
        },
        "rm" => ComposeAction::Rm {
            services,
            force: p.flag("force"),
            stop: p.flag("stop"),
            volumes: p.flag("volumes"),
        },
        "pause" => ComposeAction::Pause(services),
        "unpause" => ComposeAction::Unpause(services),
        "top" => ComposeAction::Top(services),
        "ps" => ComposeAction::Ps(ComposePs {
            services,
            all: p.flag("all"),
            quiet: p.flag("quiet"),
            services_only: p.flag("services"),
            format: p.string("format"),
            filter: p.string("filter"),
            status: p.strings("status"),
            no_trunc: p.flag("no-trunc"),
        }),
        "config" | "convert" => {
            let list = [
                "services",
                "networks",
                "volumes",
                "images",
                "profiles",
                "variables",
            ]
            .into_iter()
            .find(|f| p.flag(f))
            .map(str::to_string)
            .or_else(|| p.string("hash").map(|_| "hash".to_string()));
            ComposeAction::Config(ComposeConfig {
                services,
                quiet: p.flag("quiet"),
                list,
                format: p.string("format"),
                output: p.string("output"),
                no_interpolate: p.flag("no-interpolate"),
                no_normalize: p.flag("no-normalize"),
                no_path_resolution: p.flag("no-path-resolution"),
                no_consistency: p.flag("no-consistency"),
                environment: p.flag("environment"),
            })
        }
        "logs" => ComposeAction::Logs(ComposeLogs {
            services,
            follow: p.flag("follow"),
            tail: p.string("tail"),
            timestamps: p.flag("timestamps"),
            since: p.string("since"),
            until: p.string("until"),
            index: p.int("index"),
            no_log_prefix: p.flag("no-log-prefix"),
        }),
        "exec" => {
            at_least(2)?;
            ComposeAction::Exec(ComposeExec {
                service: args[0].clone(),
                command: args[1..].to_vec(),
                detach: p.flag("detach"),
                env: env_vars(p),
                index: p.int("index"),
                no_tty: p.flag("no-TTY"),
                user: p.string("user"),
                workdir: p.string("workdir"),
                privileged: p.flag("privileged"),
            })
        }
        "run" => {
            at_least(1)?;
            for u in p.uses_of("publish") {
                parse_publish(&u.value)
                    .map_err(|m| CliError::new(u.value_word, OptionError::Publish(m)))?;
            }
            ComposeAction::Run(ComposeRun {
                service: args[0].clone(),
                command: args[1..].to_vec(),
                detach: p.flag("detach"),
                rm: p.flag("rm"),
                name: p.string("name"),
                env: env_vars(p),
                labels: p.strings("label"),
                publish: p.strings("publish"),
                service_ports: p.flag("service-ports"),
                use_aliases: p.flag("use-aliases"),
                no_deps: p.flag("no-deps"),
                entrypoint: p.string("entrypoint"),
                user: p.string("user"),
                workdir: p.string("workdir"),
                volumes: p.strings("volume"),
                no_tty: p.flag("no-TTY"),
                remove_orphans: p.flag("remove-orphans"),
            })
        }
        "port" => {
            if p.args.len() != 2 {
                let word = p.args.get(2).map_or(len, |(_, w)| *w);
                return Err(CliError::new(
                    word,
                    ArgsError::CobraExactly {
                        n: 2,
                        got: p.args.len(),
                    },
                ));
            }
            ComposeAction::Port {
                service: args[0].clone(),
                private_port: args[1].clone(),
                protocol: p.string("protocol"),
                index: p.int("index"),
            }
        }
        "ls" => {
            no_args()?;
            ComposeAction::Ls {
                all: p.flag("all"),
                quiet: p.flag("quiet"),
                format: p.string("format"),
                filters: p.strings("filter"),
            }
        }
        "images" => ComposeAction::Images {
            services,
            quiet: p.flag("quiet"),
            format: p.string("format"),
        },
        "wait" => {
            at_least(1)?;
            ComposeAction::Wait {
                services,
                down_project: p.flag("down-project"),
            }
        }
        "pull" => ComposeAction::Pull(services),
        "build" => ComposeAction::Build(services),
        "version" => {
            no_args()?;
            ComposeAction::Version {
                short: p.flag("short"),
                format: p.string("format"),
            }
        }
        _ => ComposeAction::Help,
    })
}
