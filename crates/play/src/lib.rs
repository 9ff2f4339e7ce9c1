//! Plays a script of commands — `docker …`, `docker compose …`, and the
//! tools people run inside containers — on a simulated Docker host, and
//! prints what Docker and those tools would print. The CLI and the browser
//! both use it, so a script behaves the same in both.
//!
//! The module list is a map of the crate:
//! - this file: [`Session`] (one simulated host and a terminal on it), the
//!   line loop, `sleep`, `echo`, entering and leaving containers;
//! - `docker`: the docker commands;
//! - `compose`: `docker compose` / `docker-compose`;
//! - `shell`: the tools inside a container (`nslookup`, `dig`, `ping`, ...),
//!   and whether the image has them;
//! - `clients`: the database clients of server images (`mysql`, `psql`,
//!   `redis-cli`) against the simulated server;
//! - `template`: the Go-template subset of `--format` / `-f`;
//! - `scene`: the state the event log has built up to one event, for drawing;
//! - `link`: a shared link's query pairs and compressed text, decoded;
//! - `warnings`: the model's warnings pinned to the line and column of the
//!   command or compose value that caused them.

mod clients;
mod compose;
mod docker;
pub mod explain;
pub mod gojson;
pub mod inspect;
pub mod link;
mod listing;
pub mod scene;
mod shell;
pub mod template;
pub mod timing;
pub mod tools;
mod usage;
pub mod warnings;

use std::fmt;
use std::ops::{ControlFlow, Range};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::tools::Output;
use composenet_loader::cli::{self, split_script, ScriptLine};
use composenet_loader::{Diagnostic, FileSource};
use composenet_model::{ContainerId, EngineVersion, Host, HostConfig, SimTime};
use indexmap::IndexMap;

/// How a script is played.
#[derive(Clone, Debug)]
pub struct PlayOptions {
    pub engine: EngineVersion,
    /// Seeds the host's generator: ids, veth names, MACs, answer orders.
    pub seed: u64,
    /// The script's working directory: compose project names come from its
    /// base name and `-f` paths resolve against it.
    pub cwd: PathBuf,
    /// Variables the script's `$VAR` expand to.
    pub env: IndexMap<String, String>,
    /// After the last line, pending timers run for at most this long.
    pub settle: Duration,
    /// How diagnostics name the script (`-` for typed text).
    pub script_name: String,
    /// The machine the simulated engine runs on.
    pub host: HostConfig,
    /// `sh -e`: the script ends at the first command that fails, unless
    /// `&&` follows it (a failure there only skips the rest of the list,
    /// as in `sh`).
    pub errexit: bool,
}

impl Default for PlayOptions {
    fn default() -> Self {
        PlayOptions {
            engine: EngineVersion::default(),
            seed: 1,
            cwd: PathBuf::from("/work/project"),
            env: IndexMap::new(),
            settle: Duration::from_secs(60),
            script_name: "-".to_string(),
            host: HostConfig::default(),
            errexit: false,
        }
    }
}

/// One command of the script and what it printed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// The script line it came from (1-based); 0 for the final settling.
    pub line: u32,
    /// `$` on the host, `/ #` inside a container.
    pub prompt: String,
    pub text: String,
    /// The words that ran, after quotes, `$VAR` and `$(docker …)` were
    /// expanded: what `sh -x` shows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
    /// What a terminal showed when the command's stdout and stderr
    /// interleave in a way the two texts cannot tell (an attached
    /// `docker compose up`); `None` when stdout then stderr is the view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal: Option<String>,
    /// The simulated time when the command started.
    pub time: SimTime,
    /// The events this command caused, as a range of the host's log.
    pub events: Range<usize>,
}

/// A terminal on a simulated Docker host.
pub struct Session<'f> {
    pub host: Host,
    files: &'f dyn FileSource,
    opts: PlayOptions,
    /// The container whose shell the script is in (`docker run -it`,
    /// `docker exec -it … sh`), if any.
    shell: Option<Shell>,
    pub steps: Vec<Step>,
    pub diagnostics: Vec<Diagnostic>,
    /// The model's warnings, each once, pinned to its place.
    pub warnings: Vec<warnings::Warning>,
    /// What pins them: which command made each container and network.
    origins: warnings::Origins,
    last_status: i32,
    /// What the `$(docker …)` substitutions of the line about to run wrote
    /// to stderr: the shell passes it through, so it belongs to that step.
    substitution_stderr: String,
    /// The interleaved view of the command running now, when it has one
    /// ([`Step::terminal`]).
    terminal: Option<String>,
    /// Connections database clients have opened, which numbers the next
    /// (MySQL's `Your MySQL connection id is N`).
    client_connections: u32,
}

/// A shell the script has entered. It is the player's state, not the
/// container's: Docker knows nothing of it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Shell {
    container: ContainerId,
    /// The shell is the container's main process (`docker run -it IMAGE`),
    /// so leaving it ends the container.
    main_process: bool,
    /// The shell program (`sh`, `bash`, `zsh`), which decides how it says
    /// a command is missing.
    program: &'static str,
    /// A database client running in it (`mysql -p`), which reads the lines
    /// until it ends.
    client: Option<clients::Client>,
    /// The session is only that client (`docker exec -it db mysql -p`):
    /// when it ends, the script is back on the host.
    client_only: bool,
}

impl Shell {
    fn exec(container: ContainerId, program: &str) -> Option<Shell> {
        Some(Shell {
            container,
            main_process: false,
            program: shell_program(program),
            client: None,
            client_only: false,
        })
    }
}

/// The shell a program name is, as far as its messages go.
fn shell_program(program: &str) -> &'static str {
    match program.rsplit('/').next().unwrap_or(program) {
        "bash" => "bash",
        "zsh" => "zsh",
        _ => "sh",
    }
}

/// Everything a played script left: the steps and the host.
pub struct Played {
    pub host: Host,
    pub steps: Vec<Step>,
    pub diagnostics: Vec<Diagnostic>,
    /// The model's warnings in the order they appeared, each with the
    /// step after which it was first seen.
    pub warnings: Vec<warnings::Warning>,
}

/// Plays `script` in a fresh host and settles pending timers at the end.
pub fn play(script: &str, opts: PlayOptions, files: &dyn FileSource) -> Played {
    let mut session = Session::new(opts, files);
    session.run_script(script);
    session.settle();
    session.finish()
}

/// Plays `script` like [`play`] but stops once `steps` steps have run (the
/// final settling counts as a step), so the host is the one after
/// `steps[steps - 1]`. The same script, files, engine and seed always give
/// the same host, so this rebuilds any step's host instead of keeping a
/// copy of each.
pub fn play_steps(script: &str, opts: PlayOptions, files: &dyn FileSource, steps: usize) -> Played {
    let mut session = Session::new(opts, files);
    if steps == 0 {
        return session.finish();
    }
    let stopped = session.run_script_with(script, |s| {
        if s.steps.len() >= steps {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    if stopped.is_continue() && session.steps.len() < steps {
        session.settle();
    }
    session.finish()
}

impl<'f> Session<'f> {
    pub fn new(opts: PlayOptions, files: &'f dyn FileSource) -> Self {
        Session {
            origins: warnings::Origins::new(&opts.script_name),
            host: Host::with_config(opts.engine, opts.seed, opts.host.clone()),
            files,
            opts,
            shell: None,
            steps: Vec::new(),
            diagnostics: Vec::new(),
            warnings: Vec::new(),
            last_status: 0,
            substitution_stderr: String::new(),
            terminal: None,
            client_connections: 0,
        }
    }

    pub fn finish(self) -> Played {
        Played {
            host: self.host,
            steps: self.steps,
            diagnostics: self.diagnostics,
            warnings: self.warnings,
        }
    }

    /// How long simulated time may run on for a command that waits for
    /// something to stop (`logs -f`, attached `compose up`): the settling
    /// time after the last line.
    pub(crate) fn settle_limit(&self) -> Duration {
        self.opts.settle
    }

    pub fn cwd(&self) -> &Path {
        &self.opts.cwd
    }

    pub fn files(&self) -> &'f dyn FileSource {
        self.files
    }

    pub fn env(&self) -> &IndexMap<String, String> {
        &self.opts.env
    }

    fn var(&self, name: &str) -> Option<String> {
        match name {
            "pwd" | "PWD" => Some(self.opts.cwd.display().to_string()),
            _ => self.opts.env.get(name).cloned(),
        }
    }

    /// Runs every line of a script.
    pub fn run_script(&mut self, text: &str) {
        let _ = self.run_script_with(text, |_| ControlFlow::Continue(()));
    }

    /// Runs the lines of a script, calling `after_step` with the session
    /// after each command; it stops there when `after_step` breaks, and
    /// says whether it did.
    pub fn run_script_with(
        &mut self,
        text: &str,
        after_step: impl FnMut(&Self) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let lines = self.lex(text);
        self.run_lines_with(lines, after_step)
    }

    /// Splits a script into its commands. The lexer's diagnostics (syntax
    /// errors, and what a shell would do that the simulation cannot, such
    /// as pipes) join the session's, so a caller can show them before
    /// anything runs.
    pub fn lex(&mut self, text: &str) -> Vec<ScriptLine> {
        let (lines, diags) = split_script(text, &|name| {
            if name.starts_with("$(") {
                None
            } else {
                self.var(name)
            }
        });
        // `$(docker …)` is run when its line runs, below; the lexer's
        // warning about it would be noise.
        let script_name = self.opts.script_name.clone();
        self.diagnostics.extend(
            diags
                .into_iter()
                .map(|mut d| {
                    if d.file == "-" {
                        d.file = script_name.clone();
                    }
                    d
                })
                .filter(|d| {
                    !(d.message == "command substitution is not supported"
                        && lines
                            .iter()
                            .any(|l| l.line == d.line && l.text.contains("$(docker")))
                }),
        );
        lines
    }

    /// Runs lines from [`Session::lex`] like [`Session::run_script_with`].
    pub fn run_lines_with(
        &mut self,
        lines: Vec<ScriptLine>,
        mut after_step: impl FnMut(&Self) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let mut lines = lines.into_iter().peekable();
        while let Some(line) = lines.next() {
            if line.and_then && self.last_status != 0 {
                continue;
            }
            let line = if line.words.iter().any(|w| w.contains("$(docker")) {
                self.substitute(&line)
            } else {
                line
            };
            self.run_line(&line);
            after_step(self)?;
            // `sh -e` does not end on a failure that `&&` follows: the rest
            // of that list is skipped, and the script goes on after it.
            let listed = lines.peek().is_some_and(|next| next.and_then);
            if self.opts.errexit && self.last_status != 0 && !listed {
                break;
            }
        }
        ControlFlow::Continue(())
    }

    /// Runs the `$(docker …)` substitutions of a line now, then lexes the
    /// line again with their output.
    fn substitute(&mut self, line: &ScriptLine) -> ScriptLine {
        let mut values: IndexMap<String, String> = IndexMap::new();
        let mut rest = line.text.as_str();
        while let Some(start) = rest.find("$(") {
            let after = &rest[start + 2..];
            let mut depth = 1;
            let mut end = None;
            for (i, c) in after.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(end) = end else { break };
            let inner = after[..end].trim().to_string();
            if inner.starts_with("docker") {
                let (inner_lines, _) = split_script(&inner, &|name| self.var(name));
                let mut out = String::new();
                for l in inner_lines {
                    let o = self.execute(&l.words);
                    out.push_str(&o.stdout);
                    self.substitution_stderr.push_str(&o.stderr);
                }
                values.insert(format!("$({inner})"), out.trim_end().to_string());
            }
            rest = &after[end + 1..];
        }
        let (mut relexed, _) = split_script(&line.text, &|name| {
            values.get(name).cloned().or_else(|| self.var(name))
        });
        match relexed.pop() {
            Some(mut l) => {
                l.line = line.line;
                l.column = line.column;
                l.and_then = line.and_then;
                l
            }
            None => line.clone(),
        }
    }

    /// Runs one command and records it as a step.
    pub fn run_line(&mut self, line: &ScriptLine) {
        let first_event = self.host.events().len();
        let time = self.host.now();
        let prompt = match &self.shell {
            Some(Shell {
                client: Some(c), ..
            }) => c.prompt(),
            Some(_) => "/ #".to_string(),
            None => "$".to_string(),
        };
        let output = match self.client_line(line) {
            Some(out) => out,
            None => self.execute_located(line),
        };
        self.last_status = output.status;
        let mut stderr = std::mem::take(&mut self.substitution_stderr);
        stderr.push_str(&output.stderr);
        self.steps.push(Step {
            line: line.line,
            prompt,
            text: line.text.clone(),
            words: line.words.clone(),
            stdout: output.stdout,
            stderr,
            status: output.status,
            terminal: self.terminal.take(),
            time,
            events: first_event..self.host.events().len(),
        });
        self.origins.created(&self.host, first_event, line);
        self.collect_warnings();
    }

    /// Asks the model for warnings after a step and keeps the new ones,
    /// pinned to their places.
    fn collect_warnings(&mut self) {
        let step = self.steps.len().saturating_sub(1);
        let found = self.origins.collect(&self.host, step);
        self.warnings.extend(found);
    }

    /// The warnings the step `step` brought.
    pub fn warnings_of(&self, step: usize) -> impl Iterator<Item = &warnings::Warning> {
        self.warnings.iter().filter(move |w| w.step == step)
    }

    /// A line typed into a database client session, if one is open: the
    /// client reads its source text (a statement, or the password).
    fn client_line(&mut self, line: &ScriptLine) -> Option<Output> {
        let shell = self.shell.as_mut()?;
        let id = shell.container;
        let mut client = shell.client.clone()?;
        let running = self.host.containers().any(|c| c.id == id && c.is_running());
        if !running || line.words.first().is_some_and(|w| w == "docker") {
            // The container went away, or a host command was pasted without
            // leaving the client first: the dispatcher handles it.
            return None;
        }
        let (out, ended) = clients::line(&mut self.host, id, &mut client, &line.text);
        let shell = self.shell.as_mut()?;
        if ended {
            shell.client = None;
            if shell.client_only {
                self.shell = None;
            }
        } else {
            shell.client = Some(client);
        }
        Some(out)
    }

    /// Like [`Session::execute`], but a parse error becomes a diagnostic
    /// pointing at the offending word.
    fn execute_located(&mut self, line: &ScriptLine) -> Output {
        let result = self.dispatch(&line.words);
        match result {
            Ok(out) => out,
            Err((err, word, status)) => {
                let (l, c) = line
                    .positions
                    .get(word)
                    .copied()
                    .unwrap_or((line.line, line.column));
                self.diagnostics
                    .push(Diagnostic::error(self.opts.script_name.clone(), err.clone()).at(l, c));
                Output::fail(format!("{err}\n"), status)
            }
        }
    }

    /// Runs one command given as words; parse errors become stderr.
    pub fn execute(&mut self, words: &[String]) -> Output {
        let out = match self.dispatch(words) {
            Ok(out) => out,
            Err((err, _, status)) => Output::fail(format!("{err}\n"), status),
        };
        // A substitution's output is captured, never shown as a terminal.
        self.terminal = None;
        out
    }

    /// Routes a command: docker on the host (or from inside a container,
    /// where there is no docker), tools inside the current shell.
    /// A command line that does not parse gives what the program prints,
    /// the word to blame and the exit status.
    fn dispatch(&mut self, words: &[String]) -> Result<Output, (String, usize, i32)> {
        let Some(first) = words.first() else {
            return Ok(Output::default());
        };
        let program = if first == "sudo" && words.len() > 1 {
            &words[1]
        } else {
            first
        };
        if let Some(id) = self.shell.as_ref().map(|s| s.container) {
            if !self.host.containers().any(|c| c.id == id) || !self.host.container(id).is_running()
            {
                // The container went away under the shell: back on the host.
                self.shell = None;
            }
        }
        if let Some(id) = self.shell.as_ref().map(|s| s.container) {
            if program == "docker" || program == "docker-compose" {
                // There is no docker inside the container. Transcripts paste
                // the next host command without the `exit` a person would
                // type first, so leave the shell the way `exit` does.
                self.leave_shell(id, 0);
            } else {
                return Ok(self.in_container(id, words));
            }
        }
        if program == "docker" || program == "docker-compose" {
            let (words, note) = self.fill_placeholders(words);
            let engine = self.host.engine();
            let cmd = cli::parse_docker(&words).map_err(|e| {
                let (text, status) = usage::docker_error(&words, &e, engine);
                (text, e.word, status)
            })?;
            let first_event = self.host.events().len();
            // The command's own output comes first; then time moves on by
            // what the command takes on a real engine (`timing`).
            let cost = timing::Cost::of(&cmd);
            let out = self.docker(cmd);
            let took = cost.took(&self.host.events()[first_event..]);
            self.host.advance(took);
            let mut out = out;
            out.stderr = format!("{note}{}", out.stderr);
            return Ok(out);
        }
        let tool = cli::parse_tool(words).map_err(|e| (e.to_string(), e.word, 127))?;
        Ok(self.host_tool(tool))
    }

    /// Tutorials write `<mysql-container-id>` or `<container-id>` where the
    /// reader puts the id `docker ps` showed. A pasted placeholder stands
    /// for the newest container whose name or image is the word before
    /// `-container-id` (any container when there is none), and a note says
    /// which; one that fits no container is left as typed.
    fn fill_placeholders(&self, words: &[String]) -> (Vec<String>, String) {
        let mut note = String::new();
        let filled = words
            .iter()
            .map(|w| {
                let Some(inner) = w.strip_prefix('<').and_then(|w| w.strip_suffix('>')) else {
                    return w.clone();
                };
                let Some(hint) = ["container-id", "container-name", "container"]
                    .iter()
                    .find_map(|suffix| inner.strip_suffix(suffix))
                else {
                    return w.clone();
                };
                let hint = hint.trim_end_matches(['-', '_']);
                let found = self.host.containers().filter(|c| {
                    let (repo, _) = composenet_model::images::parse_ref(&c.spec.image);
                    let repo = repo.rsplit('/').next().unwrap_or(&repo).to_string();
                    hint.is_empty() || c.name == hint || repo == hint
                });
                match found.max_by_key(|c| c.created) {
                    Some(c) => {
                        let short = c.docker_id[..12].to_string();
                        note.push_str(&format!(
                            "(composenet: {w} is taken as {short}, the newest {}container, {})\n",
                            if hint.is_empty() {
                                String::new()
                            } else {
                                format!("{hint} ")
                            },
                            c.name
                        ));
                        short
                    }
                    None => w.clone(),
                }
            })
            .collect();
        (filled, note)
    }

    /// Starts the database client `words` names, if it is one the
    /// container's server answers.
    pub(crate) fn start_client(
        &mut self,
        id: ContainerId,
        words: &[String],
        tty: bool,
    ) -> Option<clients::Started> {
        // The server's own connections (start-up, the app's) come first.
        let connection = 8 + self.client_connections;
        let started = clients::start(&mut self.host, id, words, tty, connection)?;
        self.client_connections += 1;
        Some(started)
    }

    /// A command typed inside a container's shell.
    fn in_container(&mut self, id: ContainerId, words: &[String]) -> Output {
        let program = self.shell.as_ref().map(|s| s.program).unwrap_or("sh");
        if let Some(out) = shell::missing(&self.host, id, words, shell::Via::Shell(program)) {
            return out;
        }
        if let Some(started) = self.start_client(id, words, true) {
            if let (Some(client), Some(shell)) = (started.session, self.shell.as_mut()) {
                shell.client = Some(client);
            }
            return started.output;
        }
        match cli::parse_tool(words) {
            Ok(cli::ToolCommand::Exit { code }) => {
                self.leave_shell(id, code);
                Output {
                    status: code,
                    ..Output::default()
                }
            }
            Ok(tool) => shell::run(&mut self.host, id, tool),
            Err(e) => Output::fail(format!("{e}\n"), 2),
        }
    }

    /// Leaves a container's shell; the shell of `docker run -it` was the
    /// container's main process, so the container exits with the shell's
    /// exit code (0 for a plain `exit`), not 137 as if it were killed.
    fn leave_shell(&mut self, id: ContainerId, code: i32) {
        let shell = self.shell.take();
        if shell.is_some_and(|s| s.container == id && s.main_process) {
            self.host.exit(id, code);
        }
    }

    /// Tools run on the host itself: `sleep` and `echo` matter; network
    /// tools run in the host's namespace.
    fn host_tool(&mut self, tool: cli::ToolCommand) -> Output {
        match tool {
            cli::ToolCommand::Sleep { millis } => {
                self.host.advance(Duration::from_millis(millis.unwrap_or(0)));
                Output::default()
            }
            cli::ToolCommand::Echo { args, newline } => {
                Output::ok(format!("{}{}", args.join(" "), if newline { "\n" } else { "" }))
            }
            cli::ToolCommand::True => Output::default(),
            cli::ToolCommand::False => Output { status: 1, ..Output::default() },
            cli::ToolCommand::Exit { code } => Output { status: code, ..Output::default() },
            cli::ToolCommand::Unknown(words) => Output::fail(
                format!("sh: {}: not found\n", words.first().cloned().unwrap_or_default()),
                127,
            ),
            other => Output::fail(
                format!(
                    "composenet: `{}` runs inside containers here: use `docker exec CONTAINER {}` or a `docker run -it` shell\n",
                    other.kind(),
                    other.kind()
                ),
                127,
            ),
        }
    }

    /// Runs pending timers for up to the settle limit after the script.
    pub fn settle(&mut self) {
        let first_event = self.host.events().len();
        let time = self.host.now();
        let limit = self.host.now() + self.opts.settle;
        self.host.settle(limit);
        if self.host.events().len() > first_event {
            self.steps.push(Step {
                line: 0,
                prompt: String::new(),
                text: String::from("(the script ends; pending timers run)"),
                words: Vec::new(),
                stdout: String::new(),
                stderr: String::new(),
                status: 0,
                terminal: None,
                time,
                events: first_event..self.host.events().len(),
            });
            self.collect_warnings();
        }
    }
}

impl Played {
    /// The transcript as a terminal would show it, with the events each
    /// command caused (when `with_events`).
    pub fn transcript(&self, with_events: bool) -> String {
        let mut out = String::new();
        for step in &self.steps {
            out.push_str(&step.to_string());
            if with_events {
                for e in &self.host.events()[step.events.clone()] {
                    out.push_str(&format!("  | {e}\n"));
                }
            }
        }
        for d in &self.diagnostics {
            out.push_str(&format!("! {d}\n"));
        }
        out
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            writeln!(f, "# {} at {}", self.text, self.time)?;
        } else {
            writeln!(f, "{} {}", self.prompt, self.text)?;
        }
        if let Some(text) = &self.terminal {
            f.write_str(text)?;
            if self.status != 0 {
                writeln!(f, "[exit {}]", self.status)?;
            }
            return Ok(());
        }
        // Compose prints its `WARN[0000]` lines while it loads the project,
        // before the command's own output; a terminal shows them first.
        let lead = self
            .stderr
            .lines()
            .take_while(|l| l.starts_with("WARN["))
            .count();
        for line in self.stderr.lines().take(lead) {
            writeln!(f, "{line}")?;
        }
        f.write_str(&self.stdout)?;
        if !self.stdout.is_empty() && !self.stdout.ends_with('\n') {
            writeln!(f)?;
        }
        for line in self.stderr.lines().skip(lead) {
            writeln!(f, "{line}")?;
        }
        if self.status != 0 {
            writeln!(f, "[exit {}]", self.status)?;
        }
        Ok(())
    }
}
