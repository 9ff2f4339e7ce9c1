//! How long each typed command takes on a real engine.
//!
//! A learner types a line, reads what it printed and types the next: on a
//! real host the containers live on meanwhile, so logs fill, health checks
//! run and restarts happen between two commands. The simulated clock
//! therefore moves on after each docker command by the time the command
//! itself takes on Docker Engine (measured on a 2-core machine with the
//! images present; rounded):
//!
//! | command                                      | time |
//! | -------------------------------------------- | ---: |
//! | `docker run` (create and start)               | 500 ms |
//! | `docker start`, `restart`                     | 400 ms |
//! | `docker stop`, `pause`, `unpause`             | 300 ms |
//! | `docker create`, `rm`, `kill`, `exec`, `rename` | 100 ms |
//! | `docker network …`, `docker volume …`         | 100 ms |
//! | `docker compose …`                            | 300 ms + 200 ms per container created, started, stopped or removed |
//! | anything else (`ps`, `inspect`, `logs`, …)    | 50 ms |
//!
//! `sleep N` adds N seconds, and a command that waits (a foreground
//! `docker run` of `sleep 5`, `ping -c 4`) takes what it waits on top.

use std::time::Duration;

use composenet_loader::cli::DockerCommand;
use composenet_model::event::{Event, EventKind};

/// What a command costs, worked out before it runs (the command is
/// consumed by running it).
#[derive(Clone, Copy, Debug)]
pub enum Cost {
    Fixed(u64),
    /// Depends on how many containers the command went through.
    Compose,
}

impl Cost {
    pub fn of(cmd: &DockerCommand) -> Cost {
        Cost::Fixed(match cmd {
            DockerCommand::Run(_) => 500,
            DockerCommand::Start(_) | DockerCommand::Restart(_) => 400,
            DockerCommand::Stop(_) | DockerCommand::Pause(_) | DockerCommand::Unpause(_) => 300,
            DockerCommand::Create(_)
            | DockerCommand::Rm(_)
            | DockerCommand::Kill(_)
            | DockerCommand::Exec(_)
            | DockerCommand::Rename { .. }
            | DockerCommand::Network(_)
            | DockerCommand::Volume(_) => 100,
            DockerCommand::Compose(_) => return Cost::Compose,
            _ => 50,
        })
    }

    /// How long the command took; `events` are those it caused.
    pub fn took(self, events: &[Event]) -> Duration {
        let ms = match self {
            Cost::Fixed(ms) => ms,
            Cost::Compose => {
                let containers = events
                    .iter()
                    .filter(|e| {
                        matches!(
                            e.kind,
                            EventKind::ContainerCreated { .. }
                                | EventKind::ContainerStarted { .. }
                                | EventKind::ContainerExited { .. }
                                | EventKind::ContainerRemoved { .. }
                        )
                    })
                    .count() as u64;
                300 + 200 * containers
            }
        };
        Duration::from_millis(ms)
    }
}
