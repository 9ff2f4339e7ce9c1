//! `docker compose …` / `docker-compose …`: load the project the way Compose
//! does (working directory, `-f`, `-p`, `.env`, profiles), then drive the
//! model's compose orchestration. Progress goes to stderr, as Compose v2
//! prints it.

use std::path::PathBuf;

use crate::tools::{self, table, Output};
use composenet_loader::cli::{ComposeAction, ComposeCommand, ComposeGlobal, ComposePs};
use composenet_loader::compose::{self as cm, LoadOptions};
use composenet_loader::source::normalize;
use composenet_loader::to_model;
use composenet_model::compose::{self, ProjectSpec, UpOptions};

use crate::Session;

impl Session<'_> {
    /// Loads the project; warnings are printed like Compose's `WARN[0000]`.
    fn load(
        &mut self,
        global: &ComposeGlobal,
        out: &mut Output,
    ) -> Option<(cm::Project, ProjectSpec)> {
        let cwd = self.cwd().to_path_buf();
        let working_dir = match &global.project_directory {
            Some(dir) => normalize(&cwd.join(dir)),
            None => match global.files.first() {
                // Compose's project directory is the first file's folder.
                Some(f) => normalize(&cwd.join(f))
                    .parent()
                    .map(PathBuf::from)
                    .unwrap_or(cwd.clone()),
                None => cwd.clone(),
            },
        };
        let opts = LoadOptions {
            working_dir,
            files: global
                .files
                .iter()
                .map(|f| normalize(&cwd.join(f)))
                .collect(),
            project_name: global.project_name.clone(),
            env: self.env().clone(),
            env_files: global
                .env_files
                .iter()
                .map(|f| normalize(&cwd.join(f)))
                .collect(),
            profiles: global.profiles.clone(),
            interpolate: true,
        };
        let loaded = cm::load(&opts, self.files());
        for d in &loaded.diagnostics {
            if d.is_error() {
                out.stderr.push_str(&format!("{d}\n"));
            } else if d.path == "version" && !d.file.is_empty() {
                // Compose names the file by its full path and no place in
                // it (2.40.3: `WARN[0000] /p/compose.yaml: the attribute
                // `version` is obsolete, …`).
                let file = normalize(&cwd.join(&d.file));
                out.stderr
                    .push_str(&format!("WARN[0000] {}: {}\n", file.display(), d.message));
            } else {
                out.stderr.push_str(&format!("WARN[0000] {d}\n"));
            }
        }
        if loaded.has_errors() {
            out.status = 1;
            return None;
        }
        let project = loaded.project?;
        let files: Vec<String> = if global.files.is_empty() {
            vec![project
                .working_dir
                .join("compose.yaml")
                .display()
                .to_string()]
        } else {
            opts.files.iter().map(|f| f.display().to_string()).collect()
        };
        match to_model::project_to_spec(&project, &files) {
            Ok(spec) => {
                // The loader names files from the project's directory;
                // warnings name them from the script's, as its editor
                // tabs and `-f` do.
                let mut places = loaded.places;
                let dir = project.working_dir.clone();
                places.rename_files(|f| {
                    let full = normalize(&dir.join(f));
                    full.strip_prefix(&cwd)
                        .unwrap_or(&full)
                        .display()
                        .to_string()
                });
                self.origins.project(&spec.name, places);
                Some((project, spec))
            }
            Err(e) => {
                out.stderr.push_str(&format!("{e}\n"));
                out.status = 1;
                None
            }
        }
    }

    pub(crate) fn compose(&mut self, cmd: ComposeCommand) -> Output {
        let mut out = Output::default();
        if let ComposeAction::Version { .. } = cmd.action {
            out.stdout = format!("Docker Compose version v{}\n", compose::COMPOSE_VERSION);
            return out;
        }
        let Some((project, spec)) = self.load(&cmd.global, &mut out) else {
            return out;
        };
        let outcome = match cmd.action {
            ComposeAction::Up(up) => {
                let opts = UpOptions {
                    services: up.services.clone(),
                    force_recreate: up.force_recreate,
                    no_recreate: up.no_recreate,
                    no_deps: up.no_deps,
                    no_start: up.no_start,
                    scale: up
                        .scale
                        .iter()
                        .map(|(s, n)| (s.clone(), *n as u32))
                        .collect(),
                    wait: up.wait,
                };
                let since = self.host.now();
                self.origins.pend(
                    &spec.name,
                    composenet_model::warning::compose_up(&spec, &opts),
                );
                let outcome = compose::up(&mut self.host, &spec, &opts);
                if up.detach || up.wait || outcome.error.is_some() || up.no_start {
                    outcome
                } else {
                    return self.attached(&spec, outcome, since, out);
                }
            }
            ComposeAction::Create(up) => {
                let opts = UpOptions {
                    services: up.services.clone(),
                    force_recreate: up.force_recreate,
                    no_recreate: up.no_recreate,
                    no_deps: up.no_deps,
                    no_start: true,
                    scale: up
                        .scale
                        .iter()
                        .map(|(s, n)| (s.clone(), *n as u32))
                        .collect(),
                    wait: false,
                };
                self.origins.pend(
                    &spec.name,
                    composenet_model::warning::compose_up(&spec, &opts),
                );
                compose::up(&mut self.host, &spec, &opts)
            }
            ComposeAction::Down { volumes, .. } => compose::down(&mut self.host, &spec, volumes),
            ComposeAction::Stop { services, .. } => compose::stop(&mut self.host, &spec, &services),
            ComposeAction::Start { services, .. } => {
                compose::start(&mut self.host, &spec, &services)
            }
            ComposeAction::Restart { services, .. } => {
                compose::restart(&mut self.host, &spec, &services)
            }
            ComposeAction::Kill {
                services, signal, ..
            } => {
                let signal = signal.unwrap_or_else(|| "KILL".into());
                let mut o = compose::Outcome::default();
                for svc in spec
                    .services
                    .keys()
                    .filter(|s| services.is_empty() || services.contains(s))
                {
                    for id in compose::service_containers(&self.host, &spec.name, svc) {
                        let name = self.host.container(id).name.clone();
                        if self.host.kill(&name, &signal).is_ok() {
                            o.progress.push(format!(" Container {name}  Killed"));
                        }
                    }
                }
                o
            }
            ComposeAction::Rm { services, .. } => {
                let mut o = compose::Outcome::default();
                for svc in spec
                    .services
                    .keys()
                    .filter(|s| services.is_empty() || services.contains(s))
                {
                    for id in compose::service_containers(&self.host, &spec.name, svc) {
                        if self.host.container(id).is_running() {
                            continue;
                        }
                        let name = self.host.container(id).name.clone();
                        let _ = self.host.remove(&name, false);
                        o.progress.push(format!(" Container {name}  Removed"));
                    }
                }
                o
            }
            ComposeAction::Ps(ps) => {
                return self.compose_ps(&spec, &ps, out);
            }
            ComposeAction::Config(c) => {
                if c.services.is_empty() && c.list.as_deref() == Some("services") {
                    out.stdout = spec.services.keys().map(|s| format!("{s}\n")).collect();
                } else if !c.quiet {
                    #[cfg(not(composenet_page))]
                    {
                        out.stdout = format!("{project}");
                        if !out.stdout.ends_with('\n') {
                            out.stdout.push('\n');
                        }
                    }
                    // The page leaves the YAML printer out (4 KB of its
                    // wasm): it says so, and where to get it.
                    #[cfg(composenet_page)]
                    {
                        let _ = project;
                        out.stderr = "composenet: the browser version leaves out `compose config`'s YAML to stay small; `composenet run` on the command line prints it\n".to_string();
                        out.status = 1;
                    }
                }
                return out;
            }
            ComposeAction::Logs(l) => {
                let ids: Vec<_> = spec
                    .services
                    .keys()
                    .filter(|s| l.services.is_empty() || l.services.contains(s))
                    .flat_map(|svc| compose::service_containers(&self.host, &spec.name, svc))
                    .collect();
                // Compose pads every prefix to the longest name (2.40.3:
                // `db-1   | …` beside `app-1  | …`).
                let width = ids
                    .iter()
                    .map(|id| {
                        log_prefix(&spec.name, &self.host.container(*id).name)
                            .chars()
                            .count()
                    })
                    .max()
                    .unwrap_or(0);
                let mut text = String::new();
                for id in ids {
                    let c = self.host.container(id);
                    let prefix = log_prefix(&spec.name, &c.name);
                    let mut lines: Vec<&composenet_model::container::LogLine> =
                        c.logs.iter().collect();
                    if let Some(n) = l.tail.as_deref().and_then(|t| t.parse::<usize>().ok()) {
                        let skip = lines.len().saturating_sub(n);
                        lines.drain(..skip);
                    }
                    for line in lines {
                        let shown = if l.no_log_prefix {
                            format!("{}\n", line.text)
                        } else {
                            format!("{prefix:<width$}  | {}\n", line.text)
                        };
                        // A container's stderr lines go to Compose's stderr.
                        if line.stderr {
                            out.stderr.push_str(&shown);
                        } else {
                            out.stdout.push_str(&shown);
                        }
                        text.push_str(&shown);
                    }
                }
                if !out.stdout.is_empty() && !out.stderr.is_empty() {
                    let warnings: String = out
                        .stderr
                        .lines()
                        .take_while(|l| l.starts_with("WARN["))
                        .map(|l| format!("{l}\n"))
                        .collect();
                    self.terminal = Some(format!("{warnings}{text}"));
                }
                return out;
            }
            ComposeAction::Exec(e) => {
                let ids = compose::service_containers(&self.host, &spec.name, &e.service);
                let index = e.index.unwrap_or(1).max(1) as usize;
                let Some(id) = ids.get(index - 1).copied() else {
                    out.stderr = format!("service \"{}\" is not running\n", e.service);
                    out.status = 1;
                    return out;
                };
                if !self.host.container(id).is_running() {
                    out.stderr = format!("service \"{}\" is not running\n", e.service);
                    out.status = 1;
                    return out;
                }
                // Compose allocates a terminal unless -T, and keeps stdin open.
                return self.exec_in(id, &e.command, !e.no_tty, !e.no_tty);
            }
            ComposeAction::Port {
                service,
                private_port,
                ..
            } => {
                let ids = compose::service_containers(&self.host, &spec.name, &service);
                if let Some(id) = ids.first() {
                    let port: u16 = private_port
                        .split('/')
                        .next()
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(0);
                    for (ip, hp, cp, _) in &self.host.container(*id).bound_ports {
                        if *cp == port {
                            out.stdout.push_str(&format!("{ip}:{hp}\n"));
                        }
                    }
                }
                return out;
            }
            ComposeAction::Ls { .. } => {
                let running = compose::project_containers(&self.host, &spec.name)
                    .iter()
                    .filter(|id| self.host.container(**id).is_running())
                    .count();
                out.stdout = table(
                    &["NAME", "STATUS", "CONFIG FILES"],
                    &[vec![
                        spec.name.clone(),
                        format!("running({running})"),
                        spec.config_files.join(","),
                    ]],
                );
                return out;
            }
            ComposeAction::Run(r) => {
                out.stderr = format!(
                    "composenet: `docker compose run {}` (one-off containers) is not simulated yet\n",
                    r.service
                );
                out.status = 1;
                return out;
            }
            ComposeAction::Pull(_) | ComposeAction::Build(_) | ComposeAction::Images { .. } => {
                return out
            }
            ComposeAction::Wait { services, .. } => {
                for svc in services {
                    for id in compose::service_containers(&self.host, &spec.name, &svc) {
                        while self.host.container(id).is_running() {
                            match self.host.next_due() {
                                Some(t) => self.host.advance_to(t),
                                None => break,
                            }
                        }
                        out.stdout
                            .push_str(&format!("{}\n", self.host.container(id).exit_code));
                    }
                }
                return out;
            }
            ComposeAction::Pause(_) | ComposeAction::Unpause(_) | ComposeAction::Top(_) => {
                return out
            }
            ComposeAction::Version { .. } | ComposeAction::Help => return out,
        };
        for line in outcome.progress {
            out.stderr.push_str(&line);
            out.stderr.push('\n');
        }
        if let Some(e) = outcome.error {
            out.stderr.push_str(&format!("{e}\n"));
            out.status = 1;
        }
        out
    }

    /// The rest of an attached `docker compose up` (no `-d`), as Compose
    /// 2.40.3 prints it without a terminal: the progress without
    /// `Starting`/`Started`, `Attaching to …`, then every container's log
    /// lines prefixed with its name (`db-1  | …`, not padded) while
    /// simulated time runs on until nothing is left to happen or the
    /// settling time is up. A person would then press Ctrl-C, so what
    /// Ctrl-C prints follows (`Gracefully Stopping…`, each container
    /// stopped, dependents first) and the status is 130, a shell's for an
    /// interrupted command. When every container has ended on its own,
    /// Compose says so (`app-1 exited with code 0`) and returns 0.
    fn attached(
        &mut self,
        spec: &ProjectSpec,
        outcome: compose::Outcome,
        since: composenet_model::SimTime,
        mut out: Output,
    ) -> Output {
        let mut terminal = out.stderr.clone();
        for line in outcome
            .progress
            .iter()
            .filter(|l| !l.ends_with("  Starting") && !l.ends_with("  Started"))
        {
            out.stderr.push_str(&format!("{line}\n"));
            terminal.push_str(&format!("{line}\n"));
        }
        let mut ids = compose::project_containers(&self.host, &spec.name);
        composenet_model::order::sort_by(&mut ids, |a, b| {
            self.host
                .container(*a)
                .name
                .cmp(&self.host.container(*b).name)
        });
        let prefixes: Vec<String> = ids
            .iter()
            .map(|id| log_prefix(&spec.name, &self.host.container(*id).name))
            .collect();
        let attaching = format!("Attaching to {}\n", prefixes.join(", "));
        out.stdout.push_str(&attaching);
        terminal.push_str(&attaching);
        let limit = self.host.now() + self.settle_limit();
        while ids.iter().any(|id| self.host.container(*id).is_running()) {
            match self.host.next_due() {
                Some(t) if t <= limit => self.host.advance_to(t),
                _ => break,
            }
        }
        let mut lines: Vec<(composenet_model::SimTime, usize, bool, String)> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let Some(c) = self.host.containers().find(|c| c.id == *id) else {
                continue;
            };
            for line in c.logs.iter().filter(|l| l.time >= since) {
                let text = format!("{}  | {}\n", prefixes[i], line.text);
                lines.push((line.time, i, line.stderr, text));
            }
        }
        composenet_model::order::sort_by(&mut lines, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // Compose passes each container's stderr lines to its own stderr.
        for (_, _, stderr, line) in lines {
            if stderr {
                out.stderr.push_str(&line);
            } else {
                out.stdout.push_str(&line);
            }
            terminal.push_str(&line);
        }
        let running = ids.iter().any(|id| self.host.container(*id).is_running());
        if running {
            let text = "Gracefully Stopping... press Ctrl+C again to force\n";
            out.stdout.push_str(text);
            terminal.push_str(text);
            let stopped = compose::stop(&mut self.host, spec, &[]);
            for line in stopped.progress {
                out.stderr.push_str(&format!("{line}\n"));
                terminal.push_str(&format!("{line}\n"));
            }
            out.status = 130;
        } else {
            for (i, id) in ids.iter().enumerate() {
                let text = format!(
                    "{} exited with code {}\n",
                    prefixes[i],
                    self.host.container(*id).exit_code
                );
                out.stdout.push_str(&text);
                terminal.push_str(&text);
            }
        }
        self.terminal = Some(terminal);
        out
    }

    /// `docker compose ps`: the project's containers sorted by name, through
    /// the same `--format` as `docker ps` (Compose 2.40's headers and JSON
    /// fields), `--status` keeping the containers in one of the states (and
    /// listing stopped ones, as `-a` does).
    fn compose_ps(&self, spec: &ProjectSpec, ps: &ComposePs, mut out: Output) -> Output {
        // Compose 2.40 takes any `--status` word; one that is no state
        // matches nothing (an empty table, status 0).
        let all = ps.all || !ps.status.is_empty();
        let mut ids = Vec::new();
        for svc in spec
            .services
            .keys()
            .filter(|s| ps.services.is_empty() || ps.services.contains(s))
        {
            if ps.services_only {
                out.stdout.push_str(&format!("{svc}\n"));
                continue;
            }
            for id in compose::service_containers(&self.host, &spec.name, svc) {
                let c = self.host.container(id);
                if !all && !c.is_running() {
                    continue;
                }
                if !ps.status.is_empty() && !ps.status.iter().any(|s| s == c.status.as_str()) {
                    continue;
                }
                ids.push((svc.clone(), id));
            }
        }
        if ps.services_only {
            return out;
        }
        composenet_model::order::sort_by(&mut ids, |a, b| {
            self.host
                .container(a.1)
                .name
                .cmp(&self.host.container(b.1).name)
        });
        if ps.quiet {
            out.stdout = ids
                .iter()
                .map(|(_, id)| format!("{}\n", self.host.container(*id).docker_id))
                .collect();
            return out;
        }
        let rows: Vec<serde_json::Value> = ids
            .iter()
            .map(|(svc, id)| self.compose_ps_row(&spec.name, svc, *id, !ps.no_trunc))
            .collect();
        let format = ps.format.as_deref().unwrap_or(
            "table {{.Name}}\\t{{.Image}}\\t{{.Command}}\\t{{.Service}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}",
        );
        match crate::listing::format_rows(format, &rows, COMPOSE_PS_HEADERS) {
            Ok(text) => out.stdout = text,
            Err(e) => {
                out.stderr = format!("{e}\n");
                out.status = 1;
            }
        }
        out
    }

    /// One row of `docker compose ps`, with Compose's JSON fields.
    fn compose_ps_row(
        &self,
        project: &str,
        svc: &str,
        id: composenet_model::ContainerId,
        trunc: bool,
    ) -> serde_json::Value {
        let c = self.host.container(id);
        serde_json::json!({
            "Command": crate::listing::command_cell(c, trunc),
            "CreatedAt": crate::listing::created_at(c.created, false),
            "ExitCode": c.exit_code,
            "Health": match c.health {
                Some(composenet_model::container::HealthStatus::Starting) => "starting",
                Some(composenet_model::container::HealthStatus::Healthy) => "healthy",
                Some(composenet_model::container::HealthStatus::Unhealthy) => "unhealthy",
                None => "",
            },
            "ID": if trunc { c.short_id() } else { c.docker_id.as_str() },
            "Image": c.spec.image,
            "Labels": c.spec.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
            "LocalVolumes": "0",
            "Mounts": "",
            "Name": c.name,
            "Names": c.name,
            "Networks": c.attachments.values().map(|a| a.network_name.clone()).collect::<Vec<_>>().join(","),
            "Ports": crate::listing::ports_cell(&self.host, id),
            "Project": project,
            "Publishers": crate::listing::publishers(&self.host, id),
            "RunningFor": tools::ago(self.host.now(), c.created),
            "Service": svc,
            "Size": "0B",
            "State": c.status.as_str(),
            "Status": tools::status_text(&self.host, id),
        })
    }
}

/// The headers of `docker compose ps --format 'table …'`.
const COMPOSE_PS_HEADERS: &[(&str, &str)] = &[
    ("Name", "NAME"),
    ("Names", "NAMES"),
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("Service", "SERVICE"),
    ("Project", "PROJECT"),
    ("RunningFor", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Status", "STATUS"),
    ("State", "STATE"),
    ("Health", "HEALTH"),
    ("ExitCode", "EXIT CODE"),
    ("Ports", "PORTS"),
    ("Publishers", "PORTS"),
    ("Labels", "LABELS"),
    ("Networks", "NETWORKS"),
];

/// The name Compose puts before a container's log lines: the container's
/// name without the `PROJECT-` in front (`db-1`), or the whole name when
/// the service sets `container_name`.
pub(crate) fn log_prefix(project: &str, container: &str) -> String {
    container
        .strip_prefix(&format!("{project}-"))
        .unwrap_or(container)
        .to_string()
}
