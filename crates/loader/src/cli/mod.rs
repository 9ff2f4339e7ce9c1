//! The docker CLI front end: the script lexer ([`split_script`]), the docker
//! and compose grammar ([`parse_docker`]) and the tools people run inside
//! containers ([`parse_tool`]).
//!
//! The split follows what the user sees: `lexer` knows shell syntax and
//! nothing about docker; `flags` knows pflag's flag syntax and nothing
//! about commands; `docker`, `run`, `network` and `compose_cmd`
//! know the commands; `values` parses option values (ports, restart
//! policies, `--network` attachments) shared by docker and compose.

mod compose_cmd;
mod docker;
mod error;
mod flags;
mod lexer;
mod network;
mod run;
mod tools;
mod values;

pub use compose_cmd::*;
pub use docker::*;
pub use error::*;
pub use flags::IgnoredFlag;
pub(crate) use flags::{go_parse_duration, go_parse_int};
pub use lexer::{split_script, ScriptLine};
pub use network::*;
pub use run::*;
pub use tools::*;
pub use values::*;

/// Words a prompt can offer to complete: the commands and subcommands this
/// front end understands, the tools people run inside containers, and the
/// flags typed most often. Names of containers, networks and services come
/// from the simulated host, not from here.
pub const COMPLETION_WORDS: &[&str] = &[
    "docker",
    "compose",
    "docker-compose",
    "run",
    "create",
    "start",
    "stop",
    "restart",
    "kill",
    "rm",
    "ps",
    "inspect",
    "exec",
    "logs",
    "port",
    "pause",
    "unpause",
    "rename",
    "network",
    "connect",
    "disconnect",
    "ls",
    "prune",
    "volume",
    "up",
    "down",
    "config",
    "--detach",
    "--network",
    "--name",
    "--rm",
    "--alias",
    "--ip",
    "--link",
    "--publish",
    "--restart",
    "--hostname",
    "--force-recreate",
    "--no-deps",
    "--subnet",
    "--internal",
    "--driver",
    "--format",
    "nslookup",
    "dig",
    "ping",
    "getent",
    "hosts",
    "curl",
    "wget",
    "nc",
    "traceroute",
    "cat",
    "/etc/hosts",
    "/etc/resolv.conf",
    "ip",
    "addr",
    "route",
    "hostname",
    "sleep",
];
