//! Plays a scenario with the same player the CLI uses and keeps what the
//! page needs to show any point of it: the event log, the steps (commands
//! and their output), the host after each step, and the diagnostics.

use std::path::PathBuf;

use composenet_loader::compose::{load, LoadOptions};
use composenet_loader::{Diagnostic, MemorySource};
use composenet_model::event::Event;
use composenet_model::snapshot::Snapshot;
use composenet_model::{EngineVersion, Host};
use composenet_play::scene::Scene;
use composenet_play::{play, PlayOptions, Step};

use crate::layout::Layout;

/// What the person typed or picked: the files, the commands, the engine.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Input {
    /// The project folder's name (compose's default project name).
    pub dir: String,
    /// Files by path relative to the folder; `compose.yaml` comes first.
    pub files: Vec<(String, String)>,
    pub commands: String,
}

impl Input {
    pub fn from_entry(e: &crate::gallery::Entry) -> Input {
        let mut files: Vec<(String, String)> = e
            .files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        if !files.iter().any(|(p, _)| p == "compose.yaml") {
            files.insert(0, ("compose.yaml".to_string(), String::new()));
        }
        Input {
            dir: e.dir.to_string(),
            files,
            commands: e.commands.to_string(),
        }
    }

    /// The folder the scenario plays in on the simulated host.
    pub fn cwd(&self) -> PathBuf {
        PathBuf::from("/home/user").join(&self.dir)
    }
}

/// A played scenario.
pub struct Sim {
    pub engine: EngineVersion,
    /// The host before the first command: the predefined networks.
    pub initial: Snapshot,
    pub events: Vec<Event>,
    pub steps: Vec<Step>,
    /// `checkpoints[i]` is the host after `steps[i]`.
    pub checkpoints: Vec<Host>,
    pub diagnostics: Vec<Diagnostic>,
    pub layout: Layout,
}

/// The line that makes [`simulate`] panic: the end-to-end tests use it to
/// check that the page survives a panic in the model.
pub const PANIC_LINE: &str = "# composenet: panic";

/// Seed of the simulated host's generator; fixed, so links reproduce.
const SEED: u64 = 1;

pub fn simulate(input: &Input, engine: EngineVersion) -> Sim {
    if input.commands.lines().any(|l| l.trim() == PANIC_LINE) {
        panic!("the script asked for a panic ({PANIC_LINE})");
    }
    let cwd = input.cwd();
    let mut files = MemorySource::new();
    for (path, text) in &input.files {
        if !text.trim().is_empty() {
            files.insert(cwd.join(path), text.clone());
        }
    }
    let opts = PlayOptions {
        engine,
        seed: SEED,
        cwd: cwd.clone(),
        script_name: "commands".to_string(),
        checkpoints: true,
        ..PlayOptions::default()
    };
    let played = play(&input.commands, opts, &files);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    // Lint every compose file as it is typed, whether or not the commands
    // use it yet; the player's diagnostics add what running them found.
    for (path, text) in &input.files {
        if text.trim().is_empty() || !(path.ends_with(".yaml") || path.ends_with(".yml")) {
            continue;
        }
        let full = cwd.join(path);
        let opts = LoadOptions {
            working_dir: full
                .parent()
                .map(|p| p.to_path_buf())
                .unwrap_or(cwd.clone()),
            files: vec![full.clone()],
            ..LoadOptions::default()
        };
        for mut d in load(&opts, &files).diagnostics {
            d.file = relative(&d.file, &cwd);
            diagnostics.push(d);
        }
    }
    for mut d in played.diagnostics {
        d.file = relative(&d.file, &cwd);
        if !diagnostics.contains(&d) {
            diagnostics.push(d);
        }
    }
    let events = played.host.events().to_vec();
    let initial = Host::new(engine, SEED).snapshot();
    let layout = Layout::new(&initial, &events);
    Sim {
        engine,
        initial,
        events,
        steps: played.steps,
        checkpoints: played.checkpoints,
        diagnostics,
        layout,
    }
}

/// Names a diagnostic's file the way the editor's tabs do.
fn relative(file: &str, cwd: &std::path::Path) -> String {
    std::path::Path::new(file)
        .strip_prefix(cwd)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file.to_string())
}

impl Sim {
    /// The scene after the first `pos` events.
    pub fn scene(&self, pos: usize) -> Scene {
        Scene::at(&self.initial, &self.events, pos)
    }

    /// The step whose command caused event `i`.
    pub fn step_of_event(&self, i: usize) -> Option<usize> {
        self.steps
            .iter()
            .rposition(|s| s.events.start <= i && i < s.events.end)
    }

    /// The steps that have run when `pos` events are applied: every step
    /// whose events all happened, and the one in progress.
    pub fn steps_done(&self, pos: usize) -> usize {
        self.steps
            .iter()
            .take_while(|s| s.events.start < pos || (s.events.is_empty() && s.events.start <= pos))
            .count()
    }

    /// The host as `docker inspect` sees it after the command that caused
    /// the event at `pos - 1`, with that step's index.
    pub fn host_at(&self, pos: usize) -> Option<(usize, &Host)> {
        let step = if pos == 0 {
            None
        } else {
            self.step_of_event(pos - 1)
        }
        .or_else(|| self.steps_done(pos).checked_sub(1))?;
        self.checkpoints.get(step).map(|h| (step, h))
    }
}
