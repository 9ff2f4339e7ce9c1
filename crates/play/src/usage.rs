//! What the docker CLI prints when it refuses a command line, in the words
//! of the engine's CLI version: the 20.10–27 CLIs end with `See 'docker run
//! --help'.`, the 28 CLI (and later) with `Run 'docker run --help' for more
//! information` (both seen: 26.1.5 and 28.5.2). The exit status is the CLI's
//! too: 125 for a flag error, 1 for wrong arguments or an unknown command.

use composenet_loader::cli::{ArgsError, CliError, CliErrorKind, CommandError};
use composenet_model::EngineVersion;

/// The docker commands that only group others: their path goes one word on.
const MANAGEMENT: [&str; 10] = [
    "network",
    "volume",
    "container",
    "image",
    "system",
    "builder",
    "context",
    "plugin",
    "swarm",
    "node",
];

/// The docker CLI's usage line of each command the simulator plays, which
/// the 28 CLI prints between an error and its hint.
const USAGE: [(&str, &str); 31] = [
    (
        "docker run",
        "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        "docker create",
        "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    ),
    (
        "docker start",
        "docker start [OPTIONS] CONTAINER [CONTAINER...]",
    ),
    (
        "docker stop",
        "docker stop [OPTIONS] CONTAINER [CONTAINER...]",
    ),
    (
        "docker restart",
        "docker restart [OPTIONS] CONTAINER [CONTAINER...]",
    ),
    (
        "docker kill",
        "docker kill [OPTIONS] CONTAINER [CONTAINER...]",
    ),
    ("docker rm", "docker rm [OPTIONS] CONTAINER [CONTAINER...]"),
    ("docker ps", "docker ps [OPTIONS]"),
    (
        "docker inspect",
        "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
    ),
    (
        "docker exec",
        "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    ),
    ("docker logs", "docker logs [OPTIONS] CONTAINER"),
    (
        "docker port",
        "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
    ),
    ("docker rename", "docker rename CONTAINER NEW_NAME"),
    ("docker wait", "docker wait CONTAINER [CONTAINER...]"),
    ("docker pause", "docker pause CONTAINER [CONTAINER...]"),
    ("docker unpause", "docker unpause CONTAINER [CONTAINER...]"),
    ("docker top", "docker top CONTAINER [ps OPTIONS]"),
    ("docker attach", "docker attach [OPTIONS] CONTAINER"),
    ("docker pull", "docker pull [OPTIONS] NAME[:TAG|@DIGEST]"),
    (
        "docker network create",
        "docker network create [OPTIONS] NETWORK",
    ),
    (
        "docker network connect",
        "docker network connect [OPTIONS] NETWORK CONTAINER",
    ),
    (
        "docker network disconnect",
        "docker network disconnect [OPTIONS] NETWORK CONTAINER",
    ),
    (
        "docker network inspect",
        "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
    ),
    ("docker network ls", "docker network ls [OPTIONS]"),
    (
        "docker network rm",
        "docker network rm NETWORK [NETWORK...]",
    ),
    ("docker network prune", "docker network prune [OPTIONS]"),
    (
        "docker volume create",
        "docker volume create [OPTIONS] [VOLUME]",
    ),
    (
        "docker volume inspect",
        "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
    ),
    ("docker volume ls", "docker volume ls [OPTIONS]"),
    (
        "docker volume rm",
        "docker volume rm [OPTIONS] VOLUME [VOLUME...]",
    ),
    ("docker volume prune", "docker volume prune [OPTIONS]"),
];

/// `Usage:  …` and a blank line for the 28 CLI's messages, when the
/// command is one the table knows.
fn usage_block(path: &str) -> String {
    USAGE
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, usage)| format!("Usage:  {usage}\n\n"))
        .unwrap_or_default()
}

/// The command a line names (`docker run`, `docker network create`), for
/// the `--help` hint.
fn command_path(words: &[String]) -> String {
    let words: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .skip_while(|w| *w == "sudo")
        .collect();
    let mut path = vec!["docker"];
    if let Some(first) = words.get(1).filter(|w| !w.starts_with('-')) {
        path.push(first);
        if MANAGEMENT.contains(first) {
            if let Some(second) = words.get(2).filter(|w| !w.starts_with('-')) {
                path.push(second);
            }
        }
    }
    path.join(" ")
}

/// The text and exit status of a refused `docker …` line. Compose's own
/// errors (`docker compose …`) keep the words the loader gives them.
pub fn docker_error(words: &[String], err: &CliError, engine: EngineVersion) -> (String, i32) {
    let modern = engine >= EngineVersion::V28;
    let compose = words
        .iter()
        .any(|w| w == "compose" || w == "docker-compose");
    if compose {
        return (err.to_string(), 1);
    }
    let path = command_path(words);
    match &err.kind {
        CliErrorKind::Command(CommandError::Unknown(name)) => {
            if modern {
                let mut text = format!("docker: unknown command: docker {name}\n\n");
                match name.rsplit_once(' ') {
                    Some((group, _)) => text.push_str(&format!(
                        "Usage:  docker {group}\n\nRun 'docker {group} --help' for more information"
                    )),
                    None => text.push_str("Run 'docker --help' for more information"),
                }
                (text, 1)
            } else {
                (err.to_string(), 1)
            }
        }
        CliErrorKind::Args(args) if !is_cobra(args) => {
            if modern {
                let text = args.to_string();
                let text = text.trim_end_matches('.');
                let text = text
                    .replacen(&format!("\"{path}\""), &format!("'{path}'"), 1)
                    .replacen("requires exactly ", "requires ", 1);
                // Cobra's minimum-count checks say `See`, the exact-count
                // ones `Run` (28.5.2: `docker run` and `docker network
                // create` without arguments).
                let verb = match args {
                    ArgsError::Exactly { .. } | ArgsError::NoArgs { .. } => "Run",
                    _ => "See",
                };
                (
                    format!(
                        "docker: {text}\n\n{}{verb} '{path} --help' for more information",
                        usage_block(&path)
                    ),
                    1,
                )
            } else {
                (format!("{args}\nSee '{path} --help'."), 1)
            }
        }
        CliErrorKind::Flag(flag) => {
            if modern {
                (
                    format!(
                        "{flag}\n\n{}Run '{path} --help' for more information",
                        usage_block(&path)
                    ),
                    125,
                )
            } else {
                (format!("{flag}\nSee '{path} --help'."), 125)
            }
        }
        _ => (err.to_string(), 125),
    }
}

/// Cobra's own wordings, which only the compose plugin prints.
fn is_cobra(args: &ArgsError) -> bool {
    matches!(
        args,
        ArgsError::CobraAtLeast { .. }
            | ArgsError::CobraExactly { .. }
            | ArgsError::CobraNoArgs { .. }
    )
}
