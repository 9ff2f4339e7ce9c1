//! Plays a scenario with the same player the CLI uses and keeps what the
//! page needs to show any point of it: the event log, the steps (commands
//! and their output) and the diagnostics. The host after a step is
//! rebuilt on demand by playing the same input again up to that step.

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use composenet_loader::compose::{load, LoadOptions};
use composenet_loader::{Diagnostic, MemorySource};
use composenet_model::event::Event;
use composenet_model::snapshot::Snapshot;
use composenet_model::{EngineVersion, Host};
use composenet_play::scene::Scene;
use composenet_play::warnings::Warning;
use composenet_play::{play, play_steps, PlayOptions, Step};

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

    /// The files as the player reads them, under [`Input::cwd`]; empty
    /// tabs are not files.
    pub fn source(&self) -> MemorySource {
        let cwd = self.cwd();
        let mut files = MemorySource::new();
        for (path, text) in &self.files {
            if !text.trim().is_empty() {
                files.insert(cwd.join(path), text.clone());
            }
        }
        files
    }

    /// How the page plays the commands on `engine`.
    pub fn play_options(&self, engine: EngineVersion) -> PlayOptions {
        PlayOptions {
            engine,
            seed: SEED,
            cwd: self.cwd(),
            script_name: "commands".to_string(),
            ..PlayOptions::default()
        }
    }
}

/// A played scenario.
pub struct Sim {
    /// What was played, kept to play it again up to a step.
    pub input: Input,
    pub engine: EngineVersion,
    /// The host before the first command: the predefined networks.
    pub initial: Snapshot,
    pub events: Vec<Event>,
    pub steps: Vec<Step>,
    pub diagnostics: Vec<Diagnostic>,
    /// The model's warnings, pinned to the editor's files and lines.
    pub warnings: Vec<Warning>,
    /// The drawing's layout for the default pane shape, made when first
    /// asked for: the page packs one for the pane it measures instead.
    layout: std::cell::OnceCell<Layout>,
    /// The last host [`Sim::host_at`] rebuilt, with its step: the
    /// inspector asks for the same step at every event of a command.
    last_host: RefCell<Option<(usize, Rc<Host>)>>,
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
    let files = input.source();
    let played = play(&input.commands, input.play_options(engine), &files);
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
    let warnings: Vec<Warning> = played
        .warnings
        .into_iter()
        .map(|mut w| {
            w.file = relative(&w.file, &cwd);
            w
        })
        .collect();
    let events = played.host.events().to_vec();
    let initial = Host::new(engine, SEED).snapshot();
    Sim {
        input: input.clone(),
        engine,
        initial,
        events,
        steps: played.steps,
        diagnostics,
        warnings,
        layout: std::cell::OnceCell::new(),
        last_host: RefCell::new(None),
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
    /// The drawing's layout for the default pane shape.
    pub fn layout(&self) -> &Layout {
        self.layout
            .get_or_init(|| Layout::new(&self.initial, &self.events))
    }

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

    /// The warnings to mark on the drawing at `pos`: those the steps run
    /// so far brought, in the page's language.
    pub fn markers(&self, pos: usize) -> Vec<composenet_draw::Marker> {
        let done = self.steps_done(pos);
        let words = crate::words::catalogue();
        self.warnings
            .iter()
            .filter(|w| w.step < done)
            .filter_map(|w| {
                Some(composenet_draw::Marker {
                    container: w.container.clone()?,
                    text: format!("{} {}", w.what(words), w.why(words)),
                })
            })
            .collect()
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
    /// the event at `pos - 1`, with that step's index. The input is played
    /// again up to the end of that command: the player is deterministic,
    /// so this is the host the full run had at that point.
    pub fn host_at(&self, pos: usize) -> Option<(usize, Rc<Host>)> {
        let step = if pos == 0 {
            None
        } else {
            self.step_of_event(pos - 1)
        }
        .or_else(|| self.steps_done(pos).checked_sub(1))?;
        if step >= self.steps.len() {
            return None;
        }
        let mut last = self.last_host.borrow_mut();
        if let Some((s, host)) = last.as_ref().filter(|(s, _)| *s == step) {
            return Some((*s, host.clone()));
        }
        let files = self.input.source();
        let opts = self.input.play_options(self.engine);
        let played = play_steps(&self.input.commands, opts, &files, step + 1);
        let host = Rc::new(played.host);
        *last = Some((step, host.clone()));
        Some((step, host))
    }
}
