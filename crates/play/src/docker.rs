//! The docker commands: each turns a typed command into host operations and
//! prints what the docker CLI prints, errors in its words.

use std::time::Duration;

use crate::inspect;
use crate::listing;
use crate::tools::{self, Output};
use composenet_loader::cli::{
    DockerCommand, ExecCommand, InspectCommand, ListCommand, NetworkCommand, PsCommand, RunCommand,
    ToolCommand, VolumeCommand,
};
use composenet_loader::to_model;
use composenet_model::{ContainerId, Host, SimTime};
use serde_json::Value;

use crate::template::render_template;
use crate::{shell, Session, Shell};

/// `Error response from daemon: …`, as the CLI prints a daemon error.
fn daemon(err: impl std::fmt::Display) -> Output {
    Output::fail(format!("Error response from daemon: {err}\n"), 1)
}

fn format_json(value: &Value, format: Option<&str>) -> Result<String, String> {
    match format {
        None => Ok(format!("{}\n", crate::gojson::indented(value))),
        Some(f) => {
            let items = value
                .as_array()
                .cloned()
                .unwrap_or_else(|| vec![value.clone()]);
            render_rows(f, items)
        }
    }
}

/// `--format TEMPLATE` over listing rows or inspect objects: one line each.
/// A `table ` prefix asks for a header in Docker; the rows are the same.
fn render_rows(format: &str, rows: impl IntoIterator<Item = Value>) -> Result<String, String> {
    let template = format.trim_start_matches("table ");
    let mut out = String::new();
    for row in rows {
        out.push_str(&render_template(template, &row)?);
        out.push('\n');
    }
    Ok(out)
}

impl Session<'_> {
    pub(crate) fn docker(&mut self, cmd: DockerCommand) -> Output {
        match cmd {
            DockerCommand::Run(run) => self.run(*run, true),
            DockerCommand::Create(run) => self.run(*run, false),
            DockerCommand::Start(s) => {
                let mut out = Output::default();
                let mut failed = Vec::new();
                for name in &s.containers {
                    match self.host.start(name) {
                        Ok(id) => {
                            if s.interactive || s.attach {
                                let program = self
                                    .host
                                    .container(id)
                                    .spec
                                    .command
                                    .first()
                                    .cloned()
                                    .unwrap_or_default();
                                self.shell = Shell::exec(id, &program);
                            } else {
                                out.stdout.push_str(&format!("{name}\n"));
                            }
                        }
                        Err(e) => {
                            out.stderr
                                .push_str(&format!("Error response from daemon: {e}\n"));
                            failed.push(name.clone());
                        }
                    }
                }
                if !failed.is_empty() {
                    out.stderr.push_str(&format!(
                        "Error: failed to start containers: {}\n",
                        failed.join(", ")
                    ));
                    out.status = 1;
                }
                out
            }
            DockerCommand::Stop(s) => self.each(&s.containers, |host, name| {
                host.stop(
                    name,
                    s.timeout.map(|t| Duration::from_secs(t.max(0) as u64)),
                )
                .map(|_| ())
            }),
            DockerCommand::Restart(s) => {
                let mut out = Output::default();
                for name in &s.containers {
                    // The daemon wraps what goes wrong with a container it
                    // found (a start that fails, say because the container
                    // whose namespace it joins is gone) in "Cannot restart
                    // container NAME: ..."; an unknown name is reported bare.
                    let known = self.host.find_container(name).is_some();
                    let timeout = s.timeout.map(|t| Duration::from_secs(t.max(0) as u64));
                    match self.host.restart(name, timeout) {
                        Ok(_) => out.stdout.push_str(&format!("{name}\n")),
                        Err(e) if known => {
                            out.stderr.push_str(&format!(
                                "Error response from daemon: Cannot restart container {name}: {e}\n"
                            ));
                            out.status = 1;
                        }
                        Err(e) => {
                            out.stderr
                                .push_str(&format!("Error response from daemon: {e}\n"));
                            out.status = 1;
                        }
                    }
                }
                out
            }
            DockerCommand::Kill(k) => {
                let signal = k.signal.clone().unwrap_or_else(|| "KILL".into());
                self.each(&k.containers, |host, name| {
                    host.kill(name, &signal).map(|_| ())
                })
            }
            DockerCommand::Rm(r) => {
                let mut out = self.each(&r.containers, |host, name| {
                    host.remove(name, r.force).map(|_| ())
                });
                if r.volumes {
                    // Anonymous volumes go with the container (`-v`).
                    let orphans: Vec<String> = self
                        .host
                        .volumes()
                        .filter(|v| v.anonymous)
                        .map(|v| v.name.clone())
                        .collect();
                    for v in orphans {
                        if self.host.volume_users(&v).is_empty() {
                            let _ = self.host.volume_remove(&v, false);
                        }
                    }
                }
                out.status = out.status.min(1);
                out
            }
            DockerCommand::Ps(p) => self.ps(&p),
            DockerCommand::Inspect(i) => self.inspect(&i),
            DockerCommand::Exec(e) => self.exec(e),
            DockerCommand::Logs(l) => self.logs(&l),
            DockerCommand::Port(p) => match self.host.find_container(&p.container) {
                Some(id) => {
                    let mut out = String::new();
                    // The engine's list, by port, protocol and address (as
                    // 28.5.2 prints it; 20.10 printed them in no fixed
                    // order), less the ports only exposed.
                    let ports = listing::sorted_ports(&self.host, id);
                    let bound = ports.iter().filter(|p| !p.ip.is_empty());
                    // `PRIVATE_PORT[/PROTO]` asks for one port's host
                    // addresses (the docker CLI's `runPort`).
                    let Some(private) = &p.private_port else {
                        for b in bound {
                            out.push_str(&format!(
                                "{}/{} -> {}:{}\n",
                                b.private, b.proto, b.ip, b.public
                            ));
                        }
                        return Output::ok(out);
                    };
                    let (port, proto) = match private.split_once('/') {
                        Some((port, proto)) if !proto.is_empty() => (port, proto),
                        Some((port, _)) => (port, "tcp"),
                        None => (private.as_str(), "tcp"),
                    };
                    // The CLI checks the number with Go's
                    // `strconv.ParseUint(port, 10, 16)` and repeats its
                    // error, then looks the text up as typed: `080` is a
                    // number, but no port is published as `080/tcp`.
                    if let Some(why) = parse_uint16_error(port) {
                        return Output::fail(
                            format!(
                                "Error: invalid port ({port}): strconv.ParseUint: parsing {}: {why}\n",
                                listing::go_quote(port)
                            ),
                            1,
                        );
                    }
                    for b in bound {
                        if b.private.to_string() == port && b.proto == proto {
                            out.push_str(&format!("{}:{}\n", b.ip, b.public));
                        }
                    }
                    if out.is_empty() {
                        // The argument as typed: `'53'`, not `'53/tcp'`.
                        return Output::fail(
                            format!(
                                "Error: No public port '{private}' published for {}\n",
                                p.container
                            ),
                            1,
                        );
                    }
                    Output::ok(out)
                }
                None => daemon(format!("No such container: {}", p.container)),
            },
            DockerCommand::Rename { from, to } => match self.host.rename(&from, &to) {
                Ok(()) => Output::default(),
                Err(e) => daemon(e),
            },
            DockerCommand::Wait(names) => {
                let mut out = Output::default();
                for name in names {
                    let Some(id) = self.host.find_container(&name) else {
                        out.stderr.push_str(&format!(
                            "Error response from daemon: No such container: {name}\n"
                        ));
                        out.status = 1;
                        continue;
                    };
                    let limit = self.host.now() + Duration::from_secs(600);
                    while self.host.container(id).is_running() && self.host.now() < limit {
                        match self.host.next_due() {
                            Some(t) if t <= limit => self.host.advance_to(t),
                            _ => break,
                        }
                    }
                    out.stdout
                        .push_str(&format!("{}\n", self.host.container(id).exit_code));
                }
                out
            }
            DockerCommand::Pause(names) | DockerCommand::Unpause(names) => {
                Output::ok(names.iter().map(|n| format!("{n}\n")).collect())
            }
            DockerCommand::Top(_) | DockerCommand::Attach(_) => Output::default(),
            DockerCommand::ContainerPrune(_) => {
                let stopped: Vec<(String, String)> = self
                    .host
                    .containers()
                    .filter(|c| !c.is_running())
                    .map(|c| (c.name.clone(), c.docker_id.clone()))
                    .collect();
                let mut out = String::from("Deleted Containers:\n");
                for (name, id) in stopped {
                    let _ = self.host.remove(&name, false);
                    out.push_str(&format!("{id}\n"));
                }
                out.push_str("\nTotal reclaimed space: 0B\n");
                Output::ok(out)
            }
            DockerCommand::Network(n) => self.network(n),
            DockerCommand::Volume(v) => self.volume(v),
            DockerCommand::Compose(c) => self.compose(*c),
            DockerCommand::Pull { image } => Output::note(format!(
                "(composenet: images are not downloaded; {image} is simulated)\n"
            )),
            DockerCommand::Images => {
                Output::ok("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n".into())
            }
            DockerCommand::Version => Output::ok(format!(
                "Server: composenet simulated Docker Engine\n Engine:\n  Version:          {}\n",
                self.host.engine().full_version()
            )),
            DockerCommand::Info => Output::ok(format!(
                "Server Version: {}\nContainers: {}\n",
                self.host.engine().full_version(),
                self.host.containers().count()
            )),
            DockerCommand::Help(what) => Output::ok(format!("Usage:  {what}\n")),
        }
    }

    /// `docker logs`. `--since` keeps the lines from that time on (a Go
    /// duration back from now, or an RFC 3339 time), `--tail N` the last N
    /// of those (`all` or a word that is no number keeps every line, as the
    /// CLI does), `-t` puts the engine's timestamp before each. `-f` follows:
    /// simulated time runs on, event by event, until the container stops or
    /// for at most the settling time (`PlayOptions::settle`), which is where
    /// a person would press Ctrl-C; the lines written meanwhile follow.
    fn logs(&mut self, l: &composenet_loader::cli::LogsCommand) -> Output {
        let Some(id) = self.host.find_container(&l.container) else {
            return Output::fail(
                format!(
                    "Error response from daemon: No such container: {}\n",
                    l.container
                ),
                1,
            );
        };
        let since = match l.since.as_deref() {
            None => None,
            Some(text) => match since_time(text, self.host.now()) {
                Some(t) => Some(t),
                None => {
                    return Output::fail(
                        format!(
                            "invalid value for \"since\": failed to parse value as time or duration: \"{text}\"\n"
                        ),
                        1,
                    )
                }
            },
        };
        let c = self.host.container(id);
        let mut lines: Vec<composenet_model::container::LogLine> = c
            .logs
            .iter()
            .filter(|line| since.is_none_or(|t| line.time >= t))
            .cloned()
            .collect();
        let seen = c.logs.len();
        if let Some(n) = l.tail.as_deref().and_then(|t| t.parse::<usize>().ok()) {
            let skip = lines.len().saturating_sub(n);
            lines.drain(..skip);
        }
        if l.follow {
            let limit = self.host.now() + self.settle_limit();
            while self.host.container(id).is_running() {
                match self.host.next_due() {
                    Some(t) if t <= limit => self.host.advance_to(t),
                    _ => break,
                }
            }
            if let Some(c) = self.host.containers().find(|c| c.id == id) {
                lines.extend(c.logs.iter().skip(seen).cloned());
            }
        }
        let mut out = Output::default();
        let mut terminal = String::new();
        for line in &lines {
            let text = if l.timestamps {
                format!(
                    "{} {}\n",
                    composenet_model::time::rfc3339(line.time),
                    line.text
                )
            } else {
                format!("{}\n", line.text)
            };
            // The app's two streams stay apart, as the engine keeps them.
            if line.stderr {
                out.stderr.push_str(&text);
            } else {
                out.stdout.push_str(&text);
            }
            terminal.push_str(&text);
        }
        if !out.stdout.is_empty() && !out.stderr.is_empty() {
            self.terminal = Some(terminal);
        }
        out
    }

    /// Runs an operation on each named container, printing the name on
    /// success and the daemon's error otherwise, as docker stop/rm/kill do.
    fn each(
        &mut self,
        names: &[String],
        mut op: impl FnMut(&mut Host, &str) -> Result<(), composenet_model::ContainerError>,
    ) -> Output {
        let mut out = Output::default();
        for name in names {
            match op(&mut self.host, name) {
                Ok(()) => out.stdout.push_str(&format!("{name}\n")),
                Err(e) => {
                    out.stderr
                        .push_str(&format!("Error response from daemon: {e}\n"));
                    out.status = 1;
                }
            }
        }
        out
    }

    /// `docker run` / `docker create`.
    fn run(&mut self, run: RunCommand, start: bool) -> Output {
        let spec = match to_model::run_to_spec(&run, self.env()) {
            Ok(spec) => spec,
            Err(e) => {
                return Output::fail(format!("docker: {e}.\nSee 'docker run --help'.\n"), 125)
            }
        };
        // `docker run -it IMAGE` opens the image's shell; `docker run -it
        // IMAGE CMD` runs CMD (below), unless CMD is itself a bare shell.
        let bare_shell = |words: &[String]| {
            matches!(
                composenet_loader::cli::parse_tool(words),
                Ok(ToolCommand::Shell { script: None, .. })
            )
        };
        let image_cmd = composenet_model::images::defaults(&spec.image).map(|(_, cmd)| cmd);
        let interactive = start
            && run.interactive
            && run.tty
            && !run.detach
            && (bare_shell(&run.command)
                || (run.command.is_empty() && image_cmd.as_deref().is_none_or(bare_shell)));
        let mut warnings = String::new();
        for w in composenet_model::container::create_warnings(&spec) {
            warnings.push_str(&format!("WARNING: {w}\n"));
        }
        let id = match self.host.create(spec) {
            Ok(id) => id,
            Err(e) => {
                return Output::fail(
                    format!("{warnings}docker: Error response from daemon: {e}.\nSee 'docker run --help'.\n"),
                    125,
                )
            }
        };
        let docker_id = self.host.container(id).docker_id.clone();
        if !start {
            return Output {
                stdout: format!("{docker_id}\n"),
                stderr: warnings,
                status: 0,
            };
        }
        if let Err(e) = self.host.start_id(id) {
            if run.rm {
                let name = self.host.container(id).name.clone();
                let _ = self.host.remove(&name, true);
            }
            return Output::fail(
                format!("{warnings}docker: Error response from daemon: {e}.\n"),
                125,
            );
        }
        if interactive {
            // The shell of `docker run -it IMAGE` is the container's main
            // process: the container ends when the user exits.
            let program = self
                .host
                .container(id)
                .spec
                .command
                .first()
                .cloned()
                .unwrap_or_default();
            self.shell = Some(Shell {
                main_process: true,
                ..Shell::exec(id, &program).expect("a shell")
            });
            return Output {
                stdout: String::new(),
                stderr: warnings,
                status: 0,
            };
        }
        if run.detach {
            return Output {
                stdout: format!("{docker_id}\n"),
                stderr: warnings,
                status: 0,
            };
        }
        // A foreground command that is one of the tools the simulation
        // answers (`docker run --rm --network net busybox nslookup db`) runs
        // inside the new container, which exits with the tool's status.
        if let Ok(tool) = composenet_loader::cli::parse_tool(&run.command) {
            let runs_tool = !matches!(
                tool,
                ToolCommand::Unknown(_)
                    | ToolCommand::Shell { .. }
                    | ToolCommand::Sleep { .. }
                    | ToolCommand::True
                    | ToolCommand::False
                    | ToolCommand::Exit { .. }
            ) && !run.command.is_empty();
            if let Some(mut out) = shell::missing(&self.host, id, &run.command, shell::Via::Run) {
                self.host.exit(id, out.status);
                out.stderr = format!("{warnings}{}", out.stderr);
                return out;
            }
            if runs_tool {
                let mut out = shell::run(&mut self.host, id, tool);
                self.host.exit(id, out.status);
                out.stderr = format!("{warnings}{}", out.stderr);
                return out;
            }
        }
        // In the foreground the CLI waits for the process and shows its
        // output. A process that never ends would block the terminal; the
        // simulation lets it run on and says so.
        let plan = composenet_model::process::plan(&self.host.container(id).spec);
        match plan.exits {
            Some((after, _)) => {
                self.host.advance(after);
                let mut out = Output { stdout: String::new(), stderr: warnings, status: 0 };
                if let Some(c) = self.host.containers().find(|c| c.id == id) {
                    for line in &c.logs {
                        let stream = if line.stderr { &mut out.stderr } else { &mut out.stdout };
                        stream.push_str(&format!("{}\n", line.text));
                    }
                    out.status = c.exit_code;
                }
                out
            }
            None => Output {
                stdout: String::new(),
                stderr: format!(
                    "{warnings}(composenet: {} runs in the foreground and never exits; the script goes on as if it were detached)\n",
                    self.host.container(id).name
                ),
                status: 0,
            },
        }
    }

    fn exec(&mut self, e: ExecCommand) -> Output {
        let Some(id) = self.host.find_container(&e.container) else {
            return Output::fail(
                format!(
                    "Error response from daemon: No such container: {}\n",
                    e.container
                ),
                1,
            );
        };
        if !self.host.container(id).is_running() {
            return Output::fail(
                format!(
                    "Error response from daemon: Container {} is not running\n",
                    self.host.container(id).docker_id
                ),
                1,
            );
        }
        if let Some(err) = self.host.exec_refused(id) {
            return Output::fail(format!("Error response from daemon: {err}\n"), 1);
        }
        self.exec_in(id, &e.command, e.tty, e.interactive)
    }

    /// Runs `words` in a running container as `docker exec` (and `docker
    /// compose exec`) do: a program the image lacks cannot be started; a
    /// shell with `-i` or a database client with `-it` opens a session the
    /// following lines go to.
    pub(crate) fn exec_in(
        &mut self,
        id: ContainerId,
        words: &[String],
        tty: bool,
        interactive: bool,
    ) -> Output {
        if let Some(out) = shell::missing(&self.host, id, words, shell::Via::Exec) {
            return out;
        }
        if let Some(started) = self.start_client(id, words, tty && interactive) {
            if let Some(client) = started.session {
                self.shell = Some(Shell {
                    client: Some(client),
                    client_only: true,
                    ..Shell::exec(id, "sh").expect("a shell")
                });
            }
            return started.output;
        }
        let tool = match composenet_loader::cli::parse_tool(words) {
            Ok(t) => t,
            Err(err) => return Output::fail(format!("{err}\n"), 126),
        };
        match tool {
            ToolCommand::Shell {
                script: None,
                program,
                ..
            } if interactive => {
                self.shell = Shell::exec(id, &program);
                Output::default()
            }
            ToolCommand::Shell {
                script: Some(script),
                program,
                ..
            } => {
                let words: Vec<String> = script.split_whitespace().map(String::from).collect();
                let via = shell::Via::Shell(if program.ends_with("bash") { "bash" } else { "sh" });
                if let Some(out) = shell::missing(&self.host, id, &words, via) {
                    return out;
                }
                match composenet_loader::cli::parse_tool(&words) {
                    Ok(t) => shell::run(&mut self.host, id, t),
                    Err(err) => Output::fail(format!("{err}\n"), 2),
                }
            }
            // An interactive program of an image the table does not know
            // (`docker exec -it app ./console`) may well exist there.
            ToolCommand::Unknown(w) if interactive && self.host.image_of(id).is_none() => {
                Output::note(format!(
                    "(composenet: {} is an interactive program of the image; it is not simulated)\n",
                    w.first().cloned().unwrap_or_default()
                ))
            }
            ToolCommand::Unknown(w) => Output::fail(
                format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{}\": executable file not found in $PATH: unknown\n",
                    w.first().cloned().unwrap_or_default()
                ),
                126,
            ),
            tool => shell::run(&mut self.host, id, tool),
        }
    }

    fn ps(&mut self, p: &PsCommand) -> Output {
        let filters = match parse_filters(&p.filters) {
            Ok(f) => f,
            Err(e) => return e,
        };
        for (key, values) in &filters {
            if !["name", "id", "label", "status", "network", "ancestor"].contains(&key.as_str()) {
                return daemon(format!("invalid filter '{key}'"));
            }
            if key == "status" {
                const STATES: &str = "created, running, paused, restarting, removing, exited, dead";
                if let Some(bad) = values.iter().find(|v| !STATES.split(", ").any(|s| s == *v)) {
                    return daemon(format!(
                        "invalid filter 'status={bad}': invalid value for state ({bad}): must be one of {STATES}"
                    ));
                }
            }
        }
        // A status filter lists stopped containers too, as `-a` would.
        let all = p.all || filters.iter().any(|(k, _)| k == "status");
        let mut ids: Vec<ContainerId> = self
            .host
            .containers()
            .filter(|c| all || p.latest || p.last.is_some() || c.is_running())
            .map(|c| c.id)
            .collect();
        ids.reverse();
        if p.latest {
            ids.truncate(1);
        }
        if let Some(n) = p.last {
            ids.truncate(n.max(0) as usize);
        }
        // Values of one key are alternatives; different keys must all hold.
        ids.retain(|id| {
            let c = self.host.container(*id);
            filters.iter().all(|(key, values)| {
                values.iter().any(|value| match key.as_str() {
                    "name" => c.name.contains(value.as_str()),
                    "id" => c.docker_id.starts_with(value.as_str()),
                    "ancestor" => same_image(&c.spec.image, value),
                    "status" => c.status.as_str() == value,
                    "network" => c.attachments.values().any(|a| {
                        a.network_name == *value
                            || self
                                .host
                                .find_network(value)
                                .is_some_and(|n| self.host.network(n).name == a.network_name)
                    }),
                    _ => label_matches(&c.spec.labels, value),
                })
            })
        });
        if p.quiet {
            return Output::ok(
                ids.iter()
                    .map(|id| {
                        let c = self.host.container(*id);
                        format!(
                            "{}\n",
                            if p.no_trunc {
                                &c.docker_id[..]
                            } else {
                                c.short_id()
                            }
                        )
                    })
                    .collect(),
            );
        }
        let format = p.format.as_deref().unwrap_or(
            "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}",
        );
        let rows: Vec<Value> = ids
            .iter()
            .map(|id| ps_row_json(&self.host, *id, !p.no_trunc))
            .collect();
        match listing::format_rows(format, &rows, PS_HEADERS) {
            Ok(text) => Output::ok(text),
            Err(e) => Output::fail(format!("{e}\n"), 1),
        }
    }

    fn inspect(&mut self, i: &InspectCommand) -> Output {
        let mut items = Vec::new();
        let mut out = Output::default();
        for name in &i.names {
            let want = i.kind.as_deref();
            let container = (want.is_none() || want == Some("container"))
                .then(|| self.host.find_container(name))
                .flatten();
            let network = (want.is_none() || want == Some("network"))
                .then(|| self.host.find_network(name))
                .flatten();
            let volume = (want.is_none() || want == Some("volume"))
                .then(|| self.host.find_volume(name))
                .flatten();
            if let Some(id) = container {
                items.push(inspect::container(&self.host, id));
            } else if let Some(id) = network {
                items.push(inspect::network(&self.host, id));
            } else if volume.is_some() {
                items.push(volume_json(&self.host, name));
            } else {
                out.stderr
                    .push_str(&format!("Error: No such object: {name}\n"));
                out.status = 1;
            }
        }
        self.print_items(items, i.format.as_deref(), out)
    }

    fn print_items(&self, items: Vec<Value>, format: Option<&str>, mut out: Output) -> Output {
        match format_json(&Value::Array(items.clone()), format) {
            Ok(text) => {
                if format.is_some() || !items.is_empty() || out.status == 0 {
                    out.stdout = if format.is_none() && items.is_empty() {
                        "[]\n".into()
                    } else {
                        text
                    };
                }
                out
            }
            Err(e) => Output::fail(format!("{e}\n"), 1),
        }
    }

    fn network(&mut self, cmd: NetworkCommand) -> Output {
        match cmd {
            NetworkCommand::Create(nc) => {
                let spec = match to_model::network_create_to_spec(&nc) {
                    Ok(s) => s,
                    Err(e) => return daemon(e),
                };
                match self.host.network_create(spec) {
                    Ok(id) => Output::ok(format!("{}\n", self.host.network(id).docker_id)),
                    Err(e) => daemon(e),
                }
            }
            NetworkCommand::Ls(l) => self.network_ls(&l),
            NetworkCommand::Inspect { names, format, .. } => {
                let mut items = Vec::new();
                let mut out = Output::default();
                for name in &names {
                    match self.host.find_network(name) {
                        Some(id) => items.push(inspect::network(&self.host, id)),
                        None => {
                            out.stderr.push_str(&format!(
                                "Error response from daemon: network {name} not found\n"
                            ));
                            out.status = 1;
                        }
                    }
                }
                self.print_items(items, format.as_deref(), out)
            }
            NetworkCommand::Connect(nc) => {
                let ep = match to_model::connect_to_endpoint(&nc) {
                    Ok(ep) => ep,
                    Err(e) => return daemon(e),
                };
                match self.host.network_connect(&nc.network, &nc.container, ep) {
                    Ok(()) => Output::default(),
                    Err(e) => daemon(e),
                }
            }
            NetworkCommand::Disconnect {
                network, container, ..
            } => match self.host.network_disconnect(&network, &container) {
                Ok(()) => Output::default(),
                Err(e) => daemon(e),
            },
            NetworkCommand::Rm { names, .. } => {
                let mut out = Output::default();
                for name in names {
                    match self.host.network_remove(&name) {
                        Ok(_) => out.stdout.push_str(&format!("{name}\n")),
                        Err(e) => {
                            out.stderr
                                .push_str(&format!("Error response from daemon: {e}\n"));
                            out.status = 1;
                        }
                    }
                }
                out
            }
            NetworkCommand::Prune(_) => {
                let removed = self.host.network_prune();
                if removed.is_empty() {
                    return Output::default();
                }
                let mut out = String::from("Deleted Networks:\n");
                for name in removed {
                    out.push_str(&format!("{name}\n"));
                }
                Output::ok(out)
            }
        }
    }

    fn network_ls(&self, l: &ListCommand) -> Output {
        let filters = match parse_filters(&l.filters) {
            Ok(f) => f,
            Err(e) => return e,
        };
        for (key, values) in &filters {
            if !["name", "id", "driver", "label", "type", "scope", "dangling"]
                .contains(&key.as_str())
            {
                return daemon(format!("invalid filter '{key}'"));
            }
            if key == "type" {
                if let Some(bad) = values.iter().find(|v| *v != "custom" && *v != "builtin") {
                    return daemon(format!("invalid filter: 'type'='{bad}'"));
                }
            }
        }
        let mut nets: Vec<_> = self.host.networks().collect();
        composenet_model::order::sort_by(&mut nets, |a, b| a.name.cmp(&b.name));
        nets.retain(|n| {
            filters.iter().all(|(key, values)| {
                values.iter().any(|value| match key.as_str() {
                    "name" => n.name.contains(value.as_str()),
                    "id" => n.docker_id.contains(value.as_str()),
                    "driver" => n.driver.name() == value,
                    "type" => (value == "builtin") == n.predefined,
                    "scope" => value == "local",
                    "dangling" => {
                        let used = self
                            .host
                            .containers()
                            .any(|c| c.attachments.values().any(|a| a.network_name == n.name));
                        (value == "true" || value == "1") != used
                    }
                    _ => label_matches(&n.labels, value),
                })
            })
        });
        if l.quiet {
            return Output::ok(nets.iter().map(|n| format!("{}\n", n.short_id())).collect());
        }
        let modern = self.host.engine() >= composenet_model::EngineVersion::V28;
        let rows: Vec<Value> = nets
            .iter()
            .map(|n| {
                let mut row = serde_json::json!({
                    "CreatedAt": listing::created_at(n.created, true),
                    "Driver": n.driver.name(),
                    "ID": if l.no_trunc { n.docker_id.as_str() } else { n.short_id() },
                    "IPv6": n.enable_ipv6.to_string(),
                    "Internal": n.internal.to_string(),
                    "Labels": n.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
                    "Name": n.name,
                    "Scope": "local",
                });
                // Engines from 28 report whether IPv4 is on (`--ipv4`).
                if modern {
                    row["IPv4"] = Value::String("true".into());
                }
                row
            })
            .collect();
        let format = l
            .format
            .as_deref()
            .unwrap_or("table {{.ID}}\\t{{.Name}}\\t{{.Driver}}\\t{{.Scope}}");
        match listing::format_rows(format, &rows, NETWORK_HEADERS) {
            Ok(text) => Output::ok(text),
            Err(e) => Output::fail(format!("{e}\n"), 1),
        }
    }

    fn volume(&mut self, cmd: VolumeCommand) -> Output {
        match cmd {
            VolumeCommand::Create {
                name,
                driver,
                labels,
                ..
            } => {
                let labels = labels
                    .iter()
                    .map(|l| match l.split_once('=') {
                        Some((k, v)) => (k.to_string(), v.to_string()),
                        None => (l.clone(), String::new()),
                    })
                    .collect();
                let id = self.host.volume_create(
                    name.as_deref().unwrap_or(""),
                    driver.as_deref().unwrap_or("local"),
                    labels,
                );
                let name = self
                    .host
                    .volumes()
                    .find(|v| v.id == id)
                    .map(|v| v.name.clone())
                    .unwrap_or_default();
                Output::ok(format!("{name}\n"))
            }
            VolumeCommand::Ls(l) => {
                if l.quiet {
                    return Output::ok(
                        self.host
                            .volumes()
                            .map(|v| format!("{}\n", v.name))
                            .collect(),
                    );
                }
                let rows: Vec<Vec<String>> = self
                    .host
                    .volumes()
                    .map(|v| vec![v.driver.clone(), v.name.clone()])
                    .collect();
                Output::ok(tools::table(&["DRIVER", "VOLUME NAME"], &rows))
            }
            VolumeCommand::Inspect { names, format } => {
                let mut items = Vec::new();
                let mut out = Output::default();
                for name in &names {
                    if self.host.find_volume(name).is_some() {
                        items.push(volume_json(&self.host, name));
                    } else {
                        out.stderr.push_str(&format!(
                            "Error response from daemon: get {name}: no such volume\n"
                        ));
                        out.status = 1;
                    }
                }
                self.print_items(items, format.as_deref(), out)
            }
            VolumeCommand::Rm { names, force } => {
                let mut out = Output::default();
                for name in names {
                    match self.host.volume_remove(&name, force) {
                        Ok(()) => out.stdout.push_str(&format!("{name}\n")),
                        Err(e) => {
                            out.stderr
                                .push_str(&format!("Error response from daemon: {e}\n"));
                            out.status = 1;
                        }
                    }
                }
                out
            }
            VolumeCommand::Prune(_) => {
                let unused: Vec<String> = self
                    .host
                    .volumes()
                    .filter(|v| v.anonymous)
                    .map(|v| v.name.clone())
                    .filter(|v| self.host.volume_users(v).is_empty())
                    .collect();
                let mut out = String::from("Deleted Volumes:\n");
                for v in unused {
                    let _ = self.host.volume_remove(&v, false);
                    out.push_str(&format!("{v}\n"));
                }
                out.push_str("\nTotal reclaimed space: 0B\n");
                Output::ok(out)
            }
        }
    }
}

/// The time `--since` names: a Go duration back from `now` (`10s`, `1m30s`)
/// or an RFC 3339 time on the simulated clock (which starts at
/// 2024-01-01T00:00:00Z).
fn since_time(text: &str, now: SimTime) -> Option<SimTime> {
    if let Ok(d) = composenet_loader::compose::parse_go_duration(text) {
        return Some(SimTime(now.millis().saturating_sub(d.as_millis() as u64)));
    }
    // A time stamp of the simulated day (the only day a script lives in).
    let boot = composenet_model::time::rfc3339(SimTime::ZERO);
    let stamp = text.trim_end_matches('Z');
    if stamp.len() >= 19 && stamp.as_bytes().get(10) == Some(&b'T') && stamp[..10] == boot[..10] {
        let h: u64 = stamp[11..13].parse().ok()?;
        let m: u64 = stamp[14..16].parse().ok()?;
        let sec: u64 = stamp[17..19].parse().ok()?;
        return Some(SimTime((h * 3600 + m * 60 + sec) * 1000));
    }
    None
}

/// The headers of `docker ps --format 'table …'` by field (docker CLI
/// `formatter/container.go`).
pub(crate) const PS_HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Names", "NAMES"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Networks", "NETWORKS"),
    ("Platform", "PLATFORM"),
];

/// The headers of `docker network ls --format 'table …'` (docker CLI
/// `formatter/network.go`).
const NETWORK_HEADERS: &[(&str, &str)] = &[
    ("ID", "NETWORK ID"),
    ("Name", "NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("IPv4", "IPV4"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("CreatedAt", "CREATED AT"),
];

/// `--filter key=value` flags grouped by key, in the order the keys first
/// appear; a flag without `=` is refused as the CLI refuses it.
fn parse_filters(flags: &[String]) -> Result<Vec<(String, Vec<String>)>, Output> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for f in flags {
        let Some((key, value)) = f.split_once('=') else {
            return Err(Output::fail(
                format!(
                    "invalid argument \"{f}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\nSee 'docker --help'.\n"
                ),
                125,
            ));
        };
        let key = key.trim().to_ascii_lowercase();
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, values)) => values.push(value.to_string()),
            None => out.push((key, vec![value.to_string()])),
        }
    }
    Ok(out)
}

/// `label=KEY` (the label is set) or `label=KEY=VALUE`.
fn label_matches(labels: &indexmap::IndexMap<String, String>, value: &str) -> bool {
    match value.split_once('=') {
        Some((k, v)) => labels.get(k).map(String::as_str) == Some(v),
        None => labels.contains_key(value),
    }
}

/// Whether a container's image is the one an `ancestor=` filter names: the
/// same reference, `:latest` when no tag is written.
fn same_image(image: &str, wanted: &str) -> bool {
    fn tagged(r: &str) -> String {
        let last = r.rsplit('/').next().unwrap_or(r);
        if last.contains(':') || r.contains('@') {
            r.to_string()
        } else {
            format!("{r}:latest")
        }
    }
    tagged(image) == tagged(wanted)
}

/// One `docker ps` row with the fields the CLI's `--format` offers.
fn ps_row_json(host: &Host, id: ContainerId, trunc: bool) -> Value {
    let c = host.container(id);
    let mut row = serde_json::json!({
        "Command": listing::command_cell(c, trunc),
        "CreatedAt": listing::created_at(c.created, false),
        "ID": if trunc { c.short_id() } else { c.docker_id.as_str() },
        "Image": c.spec.image,
        "Labels": c.spec.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        "LocalVolumes": "0",
        "Mounts": "",
        "Names": c.name,
        "Networks": c.attachments.values().map(|a| a.network_name.clone()).collect::<Vec<_>>().join(","),
        "Ports": listing::ports_cell(host, id),
        "RunningFor": tools::ago(host.now(), c.created),
        "Size": "0B",
        "State": c.status.as_str(),
        "Status": tools::status_text(host, id),
    });
    // Engines from 28 list the image's platform, unknown here.
    if host.engine() >= composenet_model::EngineVersion::V28 {
        row["Platform"] = Value::Null;
    }
    row
}

fn volume_json(host: &Host, name: &str) -> Value {
    let v = host
        .volumes()
        .find(|v| v.name == name)
        .expect("looked up by the caller");
    serde_json::json!({
        "CreatedAt": composenet_model::time::rfc3339(v.created),
        "Driver": v.driver,
        "Labels": v.labels,
        "Mountpoint": format!("/var/lib/docker/volumes/{}/_data", v.name),
        "Name": v.name,
        "Options": null,
        "Scope": "local",
    })
}

/// What Go's `strconv.ParseUint(text, 10, 16)` says is wrong with `text`:
/// a character that is not a digit, or a number past 65 535, whichever it
/// meets first.
fn parse_uint16_error(text: &str) -> Option<&'static str> {
    if text.is_empty() {
        return Some("invalid syntax");
    }
    let mut n = 0u32;
    for b in text.bytes() {
        if !b.is_ascii_digit() {
            return Some("invalid syntax");
        }
        n = n * 10 + u32::from(b - b'0');
        if n > u32::from(u16::MAX) {
            return Some("value out of range");
        }
    }
    None
}
