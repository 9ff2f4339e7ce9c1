//! Errors of the docker CLI grammar, in Docker's own words where Docker has
//! words for them, so that a user who later runs the real thing sees the
//! same message.

use thiserror::Error;

/// A command line that Docker (or the tool) would refuse, with the index of
/// the word that is to blame so the script runner can point at its column.
///
/// `word` indexes the `words` slice handed to the parser. When the problem is
/// a missing word (too few arguments), it is `words.len()`: the place where
/// the word should have been.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{kind}")]
pub struct CliError {
    pub word: usize,
    pub kind: CliErrorKind,
}

impl CliError {
    pub fn new(word: usize, kind: impl Into<CliErrorKind>) -> Self {
        CliError {
            word,
            kind: kind.into(),
        }
    }
}

/// What went wrong, grouped by the stage that found it.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CliErrorKind {
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error(transparent)]
    Flag(#[from] FlagError),
    #[error(transparent)]
    Args(#[from] ArgsError),
    #[error(transparent)]
    Restart(#[from] RestartPolicyError),
    #[error(transparent)]
    Option(#[from] OptionError),
    #[error(transparent)]
    Tool(#[from] ToolError),
}

/// The command word itself: unknown, missing or outside what is simulated.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CommandError {
    /// The line is empty; the lexer never produces one, but callers may.
    #[error("empty command")]
    Empty,
    /// `parse_docker` was handed a line that does not start with docker.
    #[error("not a docker command line: {0}")]
    NotDocker(String),
    /// `docker foo`; `name` is `foo`, or `network foo` for a management
    /// command's unknown subcommand.
    #[error("docker: '{0}' is not a docker command.\nSee 'docker --help'")]
    Unknown(String),
    /// `docker compose foo`, in the words of the compose CLI plugin.
    #[error("unknown docker command: \"compose {0}\"")]
    UnknownCompose(String),
    /// `docker network` alone, which makes Docker print the usage.
    #[error("Usage:  {path} COMMAND\n\nCommands: {commands}")]
    MissingSubcommand { path: String, commands: String },
    /// Real Docker commands that have nothing to do with a single host's
    /// networking (swarm, images, builds, ...).
    #[error("\"{path}\" is not supported by this simulator: {reason}")]
    Unsupported { path: String, reason: String },
}

/// Flag syntax, as reported by spf13/pflag (which docker and compose use).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum FlagError {
    #[error("unknown flag: {0}")]
    Unknown(String),
    /// `flag` is the letter, `rest` the letters of the group from that
    /// letter on (pflag reports `-z`, not `-dz`, for `-dz`).
    #[error("unknown shorthand flag: '{flag}' in -{rest}")]
    UnknownShorthand { flag: char, rest: String },
    #[error("flag needs an argument: {0}")]
    NeedsArgument(String),
    #[error("flag needs an argument: '{flag}' in -{rest}")]
    NeedsArgumentShort { flag: char, rest: String },
    #[error("bad flag syntax: {0}")]
    BadSyntax(String),
    /// `flag` is spelled the way pflag spells it: `-t, --time` or `--ip`.
    #[error("invalid argument \"{value}\" for \"{flag}\" flag: {reason}")]
    InvalidValue {
        value: String,
        flag: String,
        reason: String,
    },
}

/// Positional argument counts. The first group is Docker's wording, the
/// `Cobra*` group is cobra's default wording, which the compose plugin uses.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ArgsError {
    #[error("\"{path}\" requires exactly {n} {}.", plural(*n))]
    Exactly { path: String, n: usize },
    #[error("\"{path}\" requires at least {n} {}.", plural(*n))]
    AtLeast { path: String, n: usize },
    #[error("\"{path}\" requires at most {n} {}.", plural(*n))]
    AtMost { path: String, n: usize },
    #[error("\"{path}\" requires at least {min} and at most {max} {}.", plural(*max))]
    Range {
        path: String,
        min: usize,
        max: usize,
    },
    #[error("\"{path}\" accepts no arguments.")]
    NoArgs { path: String },
    #[error("requires at least {n} arg(s), only received {got}")]
    CobraAtLeast { n: usize, got: usize },
    #[error("accepts {n} arg(s), received {got}")]
    CobraExactly { n: usize, got: usize },
    #[error("unknown command \"{arg}\" for \"{path}\"")]
    CobraNoArgs { path: String, arg: String },
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        "argument"
    } else {
        "arguments"
    }
}

/// `--restart` values: the client's format checks (`opts.ParseRestartPolicy`)
/// and the daemon's validation, which together decide what is accepted.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RestartPolicyError {
    #[error("invalid restart policy format: no policy provided before colon")]
    NoPolicyBeforeColon,
    #[error("invalid restart policy format: maximum retry count must be an integer")]
    CountNotInteger,
    #[error("invalid restart policy: unknown policy '{0}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'")]
    UnknownPolicy(String),
    #[error("invalid restart policy: maximum retry count can only be used with 'on-failure'{}", if *negative { " and cannot be negative" } else { "" })]
    CountWithoutOnFailure { negative: bool },
    #[error("invalid restart policy: maximum retry count cannot be negative")]
    NegativeCount,
}

/// Option values that pass flag parsing but are refused when the command
/// line is turned into a request (client-side checks in docker and compose).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum OptionError {
    #[error("Invalid container name ({0}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")]
    ContainerName(String),
    /// A `-p` value; the message comes from [`crate::cli::parse_publish`].
    #[error("{0}")]
    Publish(String),
    #[error("invalid range format for --expose: {0}")]
    Expose(String),
    #[error("{0} is not a valid mac address")]
    MacAddress(String),
    /// Two options that cannot be combined; the message is Docker's.
    #[error("{0}")]
    Conflict(String),
    /// `--health-*` values.
    #[error("{0}")]
    Health(String),
    /// `--network` / `--network-alias` combinations Docker refuses.
    #[error("{0}")]
    Network(String),
    /// `docker network create` IPAM options (subnet, ip-range, gateway,
    /// aux-address) that do not fit together.
    #[error("{0}")]
    Ipam(String),
    /// A number refused with the parser's own message (Go's `strconv`).
    #[error("{0}")]
    Number(String),
    #[error("invalid --scale option {0:?}. Should be SERVICE=NUM")]
    Scale(String),
    /// `--scale` asking for more containers than the simulator brings up
    /// in one project (Compose itself has no limit).
    #[error("invalid --scale option {value:?}: composenet simulates at most {limit} containers in a project")]
    ScaleTooLarge { value: String, limit: u64 },
    #[error("invalid project name {0:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number")]
    ProjectName(String),
    #[error("invalid value for --type: {0:?} is not a valid value for --type")]
    InspectType(String),
}

/// A tool command (ping, nslookup, ...) that the tool itself would refuse.
/// The message is prefixed with the tool's name, as the tools do.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{tool}: {message}")]
pub struct ToolError {
    pub tool: String,
    pub message: String,
}

impl ToolError {
    pub fn new(tool: impl Into<String>, message: impl Into<String>) -> Self {
        ToolError {
            tool: tool.into(),
            message: message.into(),
        }
    }
}
