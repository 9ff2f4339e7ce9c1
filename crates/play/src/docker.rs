//! The docker commands: each turns a typed command into host operations and
//! prints what the docker CLI prints, errors in its words.

use std::time::Duration;

use crate::inspect;
use crate::tools::{self, table, Output};
use composenet_loader::cli::{
    DockerCommand, ExecCommand, InspectCommand, ListCommand, NetworkCommand, PsCommand, RunCommand,
    ToolCommand, VolumeCommand,
};
use composenet_loader::to_model;
use composenet_model::{ContainerId, Host};
use serde_json::Value;

use crate::template::render_template;
use crate::{shell, Session, Shell};

/// `Error response from daemon: …`, as the CLI prints a daemon error.
fn daemon(err: impl std::fmt::Display) -> Output {
    Output::fail(format!("Error response from daemon: {err}\n"), 1)
}

fn format_json(value: &Value, format: Option<&str>) -> Result<String, String> {
    match format {
        None => Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        )),
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
            DockerCommand::Restart(s) => self.each(&s.containers, |host, name| {
                host.restart(
                    name,
                    s.timeout.map(|t| Duration::from_secs(t.max(0) as u64)),
                )
                .map(|_| ())
            }),
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
            DockerCommand::Logs(l) => match self.host.find_container(&l.container) {
                Some(id) => {
                    let c = self.host.container(id);
                    let mut lines: Vec<String> = c.logs.iter().map(|l| l.text.clone()).collect();
                    if l.timestamps {
                        lines = c
                            .logs
                            .iter()
                            .map(|line| {
                                format!(
                                    "{} {}",
                                    composenet_model::time::rfc3339(line.time),
                                    line.text
                                )
                            })
                            .collect();
                    }
                    if let Some(n) = l.tail.as_deref().and_then(|t| t.parse::<usize>().ok()) {
                        let skip = lines.len().saturating_sub(n);
                        lines.drain(..skip);
                    }
                    Output::ok(lines.iter().map(|l| format!("{l}\n")).collect())
                }
                None => Output::fail(
                    format!(
                        "Error response from daemon: No such container: {}\n",
                        l.container
                    ),
                    1,
                ),
            },
            DockerCommand::Port(p) => match self.host.find_container(&p.container) {
                Some(id) => {
                    let c = self.host.container(id);
                    let mut out = String::new();
                    for (ip, hp, cp, proto) in &c.bound_ports {
                        out.push_str(&format!("{cp}/{proto} -> {ip}:{hp}\n"));
                    }
                    Output::ok(out)
                }
                None => Output::fail(format!("Error: No such container: {}\n", p.container), 1),
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
        if matches!(spec.network_mode, composenet_model::NetworkMode::Host)
            && !spec.ports.is_empty()
        {
            warnings
                .push_str("WARNING: Published ports are discarded when using host network mode\n");
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
                let (stdout, code) = match self.host.containers().find(|c| c.id == id) {
                    Some(c) => (c.logs.iter().map(|l| format!("{}\n", l.text)).collect(), c.exit_code),
                    None => (String::new(), 0),
                };
                Output { stdout, stderr: warnings, status: code }
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
        let mut ids: Vec<ContainerId> = self
            .host
            .containers()
            .filter(|c| p.all || p.latest || p.last.is_some() || c.is_running())
            .map(|c| c.id)
            .collect();
        ids.reverse();
        if p.latest {
            ids.truncate(1);
        }
        if let Some(n) = p.last {
            ids.truncate(n.max(0) as usize);
        }
        for f in &p.filters {
            if let Some((key, value)) = f.split_once('=') {
                ids.retain(|id| {
                    let c = self.host.container(*id);
                    match key {
                        "name" => c.name.contains(value),
                        "ancestor" => c.spec.image == value,
                        "status" => c.status.as_str() == value,
                        "network" => c.attachments.values().any(|a| a.network_name == value),
                        "label" => match value.split_once('=') {
                            Some((k, v)) => c.spec.labels.get(k).map(String::as_str) == Some(v),
                            None => c.spec.labels.contains_key(value),
                        },
                        _ => true,
                    }
                });
            }
        }
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
        if let Some(f) = &p.format {
            let rows = ids.iter().map(|id| ps_row_json(&self.host, *id));
            return match render_rows(f, rows) {
                Ok(text) => Output::ok(text),
                Err(e) => Output::fail(format!("{e}\n"), 1),
            };
        }
        let rows: Vec<Vec<String>> = ids
            .iter()
            .map(|id| {
                let c = self.host.container(*id);
                let command = format!("\"{}\"", c.spec.command.join(" "));
                vec![
                    c.short_id().to_string(),
                    c.spec.image.clone(),
                    truncate(&command, 22),
                    tools::ago(self.host.now(), c.created),
                    tools::status_text(&self.host, *id),
                    tools::ports_text(&self.host, *id),
                    c.name.clone(),
                ]
            })
            .collect();
        Output::ok(table(
            &[
                "CONTAINER ID",
                "IMAGE",
                "COMMAND",
                "CREATED",
                "STATUS",
                "PORTS",
                "NAMES",
            ],
            &rows,
        ))
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
        let mut nets: Vec<_> = self.host.networks().collect();
        composenet_model::order::sort_by(&mut nets, |a, b| a.name.cmp(&b.name));
        if l.quiet {
            return Output::ok(nets.iter().map(|n| format!("{}\n", n.short_id())).collect());
        }
        if let Some(f) = &l.format {
            let rows = nets.iter().map(|n| {
                serde_json::json!({"ID": n.short_id(), "Name": n.name, "Driver": n.driver.name(), "Scope": "local"})
            });
            return match render_rows(f, rows) {
                Ok(text) => Output::ok(text),
                Err(e) => Output::fail(format!("{e}\n"), 1),
            };
        }
        let rows: Vec<Vec<String>> = nets
            .iter()
            .map(|n| {
                vec![
                    n.short_id().to_string(),
                    n.name.clone(),
                    n.driver.name().to_string(),
                    "local".into(),
                ]
            })
            .collect();
        Output::ok(table(&["NETWORK ID", "NAME", "DRIVER", "SCOPE"], &rows))
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
                Output::ok(table(&["DRIVER", "VOLUME NAME"], &rows))
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

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

fn ps_row_json(host: &Host, id: ContainerId) -> Value {
    let c = host.container(id);
    serde_json::json!({
        "ID": c.short_id(),
        "Image": c.spec.image,
        "Command": format!("\"{}\"", c.spec.command.join(" ")),
        "Names": c.name,
        "Status": tools::status_text(host, id),
        "State": c.status.as_str(),
        "Ports": tools::ports_text(host, id),
        "Networks": c.attachments.values().map(|a| a.network_name.clone()).collect::<Vec<_>>().join(","),
        "Labels": c.spec.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
    })
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
