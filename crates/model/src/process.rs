//! What a container's process does. Images are not run, so the model reads
//! the command for the few shapes whose outcome is known (`true`, `false`,
//! `exit N`, `sh -c 'sleep S; exit N'`) and takes the rest from the
//! scenario's declared [`Behaviour`](crate::container::Behaviour).

use std::time::Duration;

use indexmap::IndexMap;

use crate::container::{ContainerSpec, HealthSpec};
use crate::time::parse_duration;

/// What the process will do once started.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessPlan {
    /// `Some((after, code))` when the process ends by itself.
    pub exits: Option<(Duration, i32)>,
    /// A shell or `sleep` as PID 1 has no SIGTERM handler, so `docker stop`
    /// waits for the timeout and kills it (exit code 137); an app image's
    /// server exits promptly with 0.
    pub ignores_sigterm: bool,
}

/// The command Docker would run: entrypoint followed by command.
fn argv(spec: &ContainerSpec) -> Vec<String> {
    let mut words = spec.entrypoint.clone().unwrap_or_default();
    words.extend(spec.command.iter().cloned());
    words
}

pub fn plan(spec: &ContainerSpec) -> ProcessPlan {
    let words = argv(spec);
    let from_command = script_outcome(&words);
    let ignores_sigterm = matches!(
        words.first().map(|w| basename(w)),
        Some("sh" | "bash" | "ash" | "zsh" | "sleep" | "tail")
    );
    // A bare interactive shell reads commands from stdin; without `-i` it
    // reads end-of-file and exits with 0 at once.
    let bare_shell = matches!(
        words.as_slice(),
        [only] if matches!(basename(only), "sh" | "bash" | "ash" | "zsh")
    );
    let exits = match spec.behaviour.exit_after {
        Some(after) => Some((after, spec.behaviour.exit_code)),
        None if bare_shell && !spec.open_stdin => Some((Duration::ZERO, 0)),
        None => from_command,
    };
    ProcessPlan {
        exits,
        ignores_sigterm,
    }
}

fn basename(word: &str) -> &str {
    word.rsplit('/').next().unwrap_or(word)
}

/// The outcome of a command whose behaviour is known without running it.
pub fn script_outcome(words: &[String]) -> Option<(Duration, i32)> {
    let first = words.first().map(|w| basename(w))?;
    match first {
        "sh" | "bash" | "ash" if words.get(1).map(String::as_str) == Some("-c") => {
            shell_outcome(words.get(2)?)
        }
        _ => shell_outcome(&words.join(" ")),
    }
}

/// Reads `sleep S; exit N`, `sleep S && exit N`, `true`, `false`, `exit N`
/// and `sleep S` alone.
fn shell_outcome(script: &str) -> Option<(Duration, i32)> {
    let mut elapsed = Duration::ZERO;
    let steps: Vec<&str> = script
        .split([';', '&'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if steps.is_empty() {
        return None;
    }
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let mut parts = step.split_whitespace();
        match (parts.next(), parts.next(), parts.next()) {
            (Some("true" | ":"), None, _) => {
                if last {
                    return Some((elapsed, 0));
                }
            }
            (Some("false"), None, _) => return Some((elapsed, 1)),
            (Some("exit"), code, None) => {
                let code = match code {
                    Some(c) => c.parse::<i32>().ok()?,
                    None => 0,
                };
                return Some((elapsed, code & 0xff));
            }
            (Some("sleep"), Some(secs), None) => {
                elapsed += parse_duration(secs)?;
                if last {
                    return Some((elapsed, 0));
                }
            }
            _ => return None,
        }
    }
    None
}

/// The result of one health probe, when the command decides it alone:
/// `Some(true)` for `true`/`exit 0`, `Some(false)` for `false`/`exit 1`.
/// Other commands (`mysqladmin ping`, `curl -f ...`) pass once the app is
/// ready, which the caller decides.
pub fn probe_verdict(health: &HealthSpec) -> Option<bool> {
    let words: Vec<String> = match health.test.first().map(String::as_str) {
        Some("CMD") => health.test[1..].to_vec(),
        Some("CMD-SHELL") => vec!["sh".into(), "-c".into(), health.test[1..].join(" ")],
        _ => health.test.clone(),
    };
    script_outcome(&words).map(|(_, code)| code == 0)
}

/// Whether the health check is switched off (`NONE`, `disable: true`).
pub fn health_disabled(health: &HealthSpec) -> bool {
    health.test.is_empty() || health.test.first().map(String::as_str) == Some("NONE")
}

/// Hosts an app connects to, read from its environment when the scenario
/// does not declare them: `*_HOST`, `*_HOSTNAME`, `*_ADDR`, `*_SERVER`
/// values (`db:3306`, `mysql`, `localhost:3306`) and URLs
/// (`postgres://u:p@db:5432/x`).
pub fn infer_connects(env: &IndexMap<String, String>) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for (_, target) in env_targets(env) {
        if !hosts.contains(&target) {
            hosts.push(target);
        }
    }
    hosts
}

/// Each environment variable that names a host the app connects to, with
/// that `host[:port]`, in the environment's order: what
/// [`infer_connects`] reads, kept by key so that a warning about a target
/// can point at the variable that says it.
pub fn env_targets(env: &IndexMap<String, String>) -> Vec<(String, String)> {
    let mut targets = Vec::new();
    for (key, value) in env {
        let upper = key.to_ascii_uppercase();
        let value = value.trim();
        let target = if let Some((_, rest)) = value.split_once("://") {
            let authority = rest.split('/').next().unwrap_or("");
            let host = authority.rsplit('@').next().unwrap_or("");
            Some(host.to_string())
        } else if upper == "HOST"
            || ["_HOST", "_HOSTNAME", "_ADDR", "_ADDRESS", "_SERVER"]
                .iter()
                .any(|suffix| upper.ends_with(suffix))
        {
            Some(value.to_string())
        } else {
            None
        };
        if let Some(target) = target {
            let name = target.split(':').next().unwrap_or("");
            // `localhost` is kept: an app told to find its database there
            // looks in its own container, which is the mistake to show.
            let plausible = !name.is_empty()
                && name != "0.0.0.0"
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if plausible {
                targets.push((key.clone(), target));
            }
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    /// A command's words and what it does: milliseconds until it exits and
    /// its exit code, or `None` for a server that runs until stopped.
    type Case = (&'static [&'static str], Option<(u64, i32)>);

    #[test]
    fn known_commands_have_known_outcomes() {
        let cases: &[Case] = &[
            (&["true"], Some((0, 0))),
            (&["false"], Some((0, 1))),
            (&["exit", "3"], Some((0, 3))),
            (&["sh", "-c", "exit 2"], Some((0, 2))),
            (&["sh", "-c", "sleep 5; exit 1"], Some((5000, 1))),
            (&["sh", "-c", "sleep 2 && exit 0"], Some((2000, 0))),
            (&["sleep", "3"], Some((3000, 0))),
            (&["sh", "-c", "yarn install && yarn run dev"], None),
            (&["nginx", "-g", "daemon off;"], None),
        ];
        for (cmd, expected) in cases {
            let got = script_outcome(&words(cmd)).map(|(d, c)| (d.as_millis() as u64, c));
            assert_eq!(got, *expected, "{cmd:?}");
        }
    }

    #[test]
    fn connects_are_inferred_from_the_environment() {
        let env: IndexMap<String, String> = [
            ("WORDPRESS_DB_HOST", "db:3306"),
            ("WORDPRESS_DB_USER", "tester"),
            ("MYSQL_HOST", "mysql"),
            ("DATABASE_URL", "postgres://u:p@pg:5432/app"),
            ("REDIS_HOST", "localhost"),
            ("BIND_ADDRESS", "0.0.0.0"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        // localhost is a target like any other (and the mistake to show);
        // 0.0.0.0 is a listen address, not a peer.
        assert_eq!(
            infer_connects(&env),
            vec!["db:3306", "mysql", "pg:5432", "localhost"]
        );
    }
}
