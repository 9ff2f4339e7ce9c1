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
