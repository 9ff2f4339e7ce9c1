//! `docker compose …` / `docker-compose …`: load the project the way Compose
//! does (working directory, `-f`, `-p`, `.env`, profiles), then drive the
//! model's compose orchestration. Progress goes to stderr, as Compose v2
//! prints it.

use std::path::PathBuf;

use crate::tools::{self, table, Output};
use composenet_loader::cli::{ComposeAction, ComposeCommand, ComposeGlobal};
use composenet_loader::compose::{self as cm, LoadOptions};
use composenet_loader::source::normalize;
use composenet_loader::to_model;
use composenet_model::compose::{self, ProjectSpec, UpOptions};

use crate::Session;

impl Session<'_> {
    /// Loads the project; warnings are printed like Compose's `WARN[0000]`.
    fn load(&self, global: &ComposeGlobal, out: &mut Output) -> Option<(cm::Project, ProjectSpec)> {
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
            Ok(spec) => Some((project, spec)),
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
                compose::up(&mut self.host, &spec, &opts)
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
                out.stdout =
                    self.compose_ps(&spec, ps.all, ps.quiet, ps.services_only, &ps.services);
                return out;
            }
            ComposeAction::Config(c) => {
                if c.services.is_empty() && c.list.as_deref() == Some("services") {
                    out.stdout = spec.services.keys().map(|s| format!("{s}\n")).collect();
                } else if !c.quiet {
                    out.stdout = format!("{project}");
                    if !out.stdout.ends_with('\n') {
                        out.stdout.push('\n');
                    }
                }
                return out;
            }
            ComposeAction::Logs(l) => {
                let mut text = String::new();
                for svc in spec
                    .services
                    .keys()
                    .filter(|s| l.services.is_empty() || l.services.contains(s))
                {
                    for id in compose::service_containers(&self.host, &spec.name, svc) {
                        let c = self.host.container(id);
                        for line in &c.logs {
                            text.push_str(&format!("{}  | {}\n", c.name, line.text));
                        }
                    }
                }
                out.stdout = text;
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

    fn compose_ps(
        &self,
        spec: &ProjectSpec,
        all: bool,
        quiet: bool,
        services_only: bool,
        only: &[String],
    ) -> String {
        let mut rows = Vec::new();
        let mut quiet_out = String::new();
        for svc in spec
            .services
            .keys()
            .filter(|s| only.is_empty() || only.contains(s))
        {
            if services_only {
                quiet_out.push_str(&format!("{svc}\n"));
                continue;
            }
            for id in compose::service_containers(&self.host, &spec.name, svc) {
                let c = self.host.container(id);
                if !all && !c.is_running() {
                    continue;
                }
                if quiet {
                    quiet_out.push_str(&format!("{}\n", c.docker_id));
                    continue;
                }
                rows.push(vec![
                    c.name.clone(),
                    c.spec.image.clone(),
                    format!("\"{}\"", c.spec.command.join(" ")),
                    svc.clone(),
                    tools::ago(self.host.now(), c.created),
                    tools::status_text(&self.host, id),
                    tools::ports_text(&self.host, id),
                ]);
            }
        }
        if quiet || services_only {
            return quiet_out;
        }
        composenet_model::order::sort(&mut rows);
        table(
            &[
                "NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS",
            ],
            &rows,
        )
    }
}
