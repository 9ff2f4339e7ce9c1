//! The model's warnings ([`composenet_model::warning`]) pinned to where
//! their configuration was written: the line and column of a `-e`, `-p`,
//! `--name` or `--subnet` word of the command that created the container
//! or network, or the place of the compose value (`services.web.ports[0]`)
//! the loader recorded. The player asks the model after every command and
//! keeps each warning once, with the step that first showed it, so the
//! editor, the drawing and the CLI all show the same list.

use std::fmt;

use composenet_loader::cli::ScriptLine;
use composenet_loader::compose::Places;
use composenet_model::compose::labels;
use composenet_model::warning::{self, Subject, WarningKind};
use composenet_model::{ContainerId, Host, NetworkId};

use crate::explain::Catalogue;

/// A warning with its place, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    /// The file as diagnostics name it (the script's name for commands);
    /// empty when the place is not known.
    pub file: String,
    /// 1-based; 0 when the place is not known.
    pub line: u32,
    pub column: u32,
    /// The container it is about, by name, for the drawing's marker.
    pub container: Option<String>,
    /// The network it is about, by name.
    pub network: Option<String>,
    /// The setting blamed: an environment variable's name, a service's
    /// `depends_on` entry, a name; empty for ports and subnets.
    pub setting: String,
    /// See [`warning::Warning`]: the name, port and other party.
    pub target: String,
    pub port: Option<u16>,
    pub other: String,
    /// The step after which the model first gave it.
    pub step: usize,
}

impl Warning {
    /// The gallery scenario that shows the confusion.
    pub fn scenario(&self) -> &'static str {
        self.kind.scenario()
    }

    /// What is wrong, in one catalogue language.
    pub fn what(&self, catalogue: &Catalogue) -> String {
        render(catalogue, &crate::explain::warning(self))
    }

    /// Why, and what to do instead.
    pub fn why(&self, catalogue: &Catalogue) -> String {
        render(catalogue, &crate::explain::warning_why(self))
    }

    /// The line the CLI prints on stderr, in Compose's `WARN[0000]` style:
    /// the place, what is wrong, and the scenario to look at.
    pub fn cli_line(&self, catalogue: &Catalogue) -> String {
        format!(
            "WARN[0000] {}{} {}\n",
            self.place(),
            self.what(catalogue),
            render(catalogue, &crate::explain::warning_see(self)),
        )
    }

    /// `file:line:column: `, or as much of it as is known.
    fn place(&self) -> String {
        match (self.file.is_empty(), self.line) {
            (true, _) => String::new(),
            (false, 0) => format!("{}: ", self.file),
            (false, line) => format!("{}:{}:{}: ", self.file, line, self.column),
        }
    }
}

/// A message the catalogue cannot render is a bug of the catalogue, which
/// its test catches; the key stands in so nothing panics on a page.
fn render(catalogue: &Catalogue, message: &crate::explain::Message) -> String {
    catalogue
        .render(message)
        .unwrap_or_else(|_| message.key.to_string())
}

/// The English text of a warning, for goldens and tests.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let english = Catalogue::english();
        write!(
            f,
            "{}{} [{}] {}",
            self.place(),
            self.what(&english),
            self.scenario(),
            self.why(&english)
        )
    }
}

/// What the player remembers to pin warnings: which command created each
/// container and network, and where each compose project was written.
/// Plain vectors searched in order: they are read only when a warning is
/// found, and each map type would add its own code to the page's wasm.
#[derive(Default)]
pub(crate) struct Origins {
    /// The command line that created a container or a network outside
    /// compose (`docker run`, `docker create`, `docker network create`).
    containers: Vec<(ContainerId, ScriptLine)>,
    networks: Vec<(NetworkId, ScriptLine)>,
    /// The places of each compose project's files, by project name, from
    /// its last load.
    projects: Vec<(String, Places)>,
    /// Warnings found outside the host's state (compose's `--scale`), with
    /// their project, waiting for the end of the step.
    pending: Vec<(String, warning::Warning)>,
    /// What was reported already: kind, object, subject.
    seen: Vec<(WarningKind, String, Subject)>,
    /// Where in `seen` the last warning found again was, plus one: the
    /// model finds the same warnings in the same order at every step, so
    /// the search starts there. (A container with thousands of clashing
    /// ports brings as many warnings at every step; a set of them would
    /// cost the page's wasm more than this.)
    seen_from: usize,
    /// The script's name as diagnostics give it.
    script: String,
}

impl Origins {
    pub(crate) fn new(script: &str) -> Origins {
        Origins {
            script: script.to_string(),
            ..Origins::default()
        }
    }

    pub(crate) fn project(&mut self, name: &str, places: Places) {
        self.projects.retain(|(p, _)| p != name);
        self.projects.push((name.to_string(), places));
    }

    pub(crate) fn pend(&mut self, project: &str, warnings: Vec<warning::Warning>) {
        self.pending
            .extend(warnings.into_iter().map(|w| (project.to_string(), w)));
    }

    /// Remembers what the command on `line` created: the events
    /// `first..` of the log.
    pub(crate) fn created(&mut self, host: &Host, first: usize, line: &ScriptLine) {
        use composenet_model::EventKind;
        for e in &host.events()[first..] {
            match &e.kind {
                EventKind::ContainerCreated { container, .. } => {
                    // One created and removed by the same command
                    // (`docker run --rm`) can have no warning.
                    let Some(c) = host.try_container(*container) else {
                        continue;
                    };
                    if !c.spec.labels.contains_key(labels::PROJECT) {
                        self.containers.push((*container, line.clone()));
                    }
                }
                EventKind::NetworkCreated { network, .. } => {
                    let n = host.try_network(*network);
                    if n.is_some_and(|n| !n.labels.contains_key(labels::PROJECT)) {
                        self.networks.push((*network, line.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    /// Asks the model for its warnings now and returns the ones not
    /// reported before, pinned to their places.
    pub(crate) fn collect(&mut self, host: &Host, step: usize) -> Vec<Warning> {
        let mut found: Vec<(Option<String>, warning::Warning)> = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|(p, w)| (Some(p), w))
            .collect();
        found.extend(warning::check(host).into_iter().map(|w| (None, w)));
        let mut out = Vec::new();
        for (project, w) in found {
            let container = w.container.map(|id| host.container(id).name.clone());
            let network = w
                .network
                .and_then(|id| host.try_network(id))
                .map(|n| n.name.clone());
            let object = container
                .clone()
                .or_else(|| network.clone())
                .unwrap_or_else(|| w.target.clone());
            let key = (w.kind, object, w.subject.clone());
            let n = self.seen.len();
            let again = (0..n)
                .map(|k| (self.seen_from + k) % n)
                .find(|&k| self.seen[k] == key);
            if let Some(k) = again {
                self.seen_from = k + 1;
                continue;
            }
            self.seen.push(key);
            let place = self.place(host, project.as_deref(), &w);
            let setting = match &w.subject {
                Subject::Env { key } => key.clone(),
                Subject::DependsOn { service } | Subject::ContainerName { service } => {
                    service.clone()
                }
                Subject::Name { name } => name.clone(),
                Subject::Port { .. } | Subject::Subnet => String::new(),
            };
            let (file, line, column) = place.unwrap_or_default();
            out.push(Warning {
                kind: w.kind,
                file,
                line,
                column,
                container,
                network,
                setting,
                target: w.target,
                port: w.port,
                other: w.other,
                step,
            });
        }
        out
    }

    /// Where a warning's subject was written.
    fn place(
        &self,
        host: &Host,
        project: Option<&str>,
        w: &warning::Warning,
    ) -> Option<(String, u32, u32)> {
        if let Some(id) = w.container {
            let c = host.container(id);
            if let (Some(p), Some(s)) = (
                c.spec.labels.get(labels::PROJECT),
                c.spec.labels.get(labels::SERVICE),
            ) {
                let name_is = |n: &str| {
                    if c.spec.hostname.as_deref() == Some(n) {
                        "hostname"
                    } else if c.name == n && c.spec.labels.get(labels::SERVICE) != Some(&c.name) {
                        "container_name"
                    } else {
                        "networks"
                    }
                };
                let svc = format!("services.{s}");
                let paths = match &w.subject {
                    Subject::Env { key } => {
                        vec![
                            format!("{svc}.environment.{key}"),
                            format!("{svc}.environment"),
                        ]
                    }
                    Subject::Port { index } => {
                        vec![format!("{svc}.ports[{index}]"), format!("{svc}.ports")]
                    }
                    Subject::DependsOn { service } => vec![
                        format!("{svc}.depends_on.{service}.condition"),
                        format!("{svc}.depends_on.{service}"),
                        format!("{svc}.depends_on"),
                    ],
                    Subject::ContainerName { .. } => vec![format!("{svc}.container_name")],
                    Subject::Name { name } => vec![format!("{svc}.{}", name_is(name))],
                    Subject::Subnet => Vec::new(),
                };
                return self.in_project(p, &paths, &svc);
            }
            let (_, line) = self.containers.iter().find(|(c, _)| *c == id)?;
            return Some(self.in_command(line, &w.subject));
        }
        if let Some(id) = w.network {
            let n = host.try_network(id)?;
            if let (Some(p), Some(key)) =
                (n.labels.get(labels::PROJECT), n.labels.get(labels::NETWORK))
            {
                let net = format!("networks.{key}");
                let paths = vec![
                    format!("{net}.ipam.config[0].subnet"),
                    format!("{net}.ipam.config"),
                    format!("{net}.ipam"),
                ];
                return self.in_project(p, &paths, &net);
            }
            let (_, line) = self.networks.iter().find(|(n, _)| *n == id)?;
            return Some(self.in_command(line, &w.subject));
        }
        if let (Some(p), Subject::ContainerName { service }) = (project, &w.subject) {
            let svc = format!("services.{service}");
            return self.in_project(p, &[format!("{svc}.container_name")], &svc);
        }
        None
    }

    /// The first of `paths` a project's files hold, else `fallback`.
    fn in_project(
        &self,
        project: &str,
        paths: &[String],
        fallback: &str,
    ) -> Option<(String, u32, u32)> {
        let (_, places) = self.projects.iter().find(|(p, _)| p == project)?;
        let place = places.first(paths).or_else(|| places.get(fallback))?;
        Some((place.file.clone(), place.line, place.column))
    }

    /// The word of a command line that says the subject, else the command.
    fn in_command(&self, line: &ScriptLine, subject: &Subject) -> (String, u32, u32) {
        let at = |i: usize| line.positions.get(i).copied();
        let found = match subject {
            Subject::Env { key } => flag_value(line, &["-e", "--env"], |v| {
                v == key
                    || v.strip_prefix(key.as_str())
                        .is_some_and(|r| r.starts_with('='))
            }),
            Subject::Port { index } => {
                let mut n = 0;
                flag_value(line, &["-p", "--publish"], |_| {
                    n += 1;
                    n == index + 1
                })
            }
            Subject::Name { name } => flag_value(
                line,
                &["--name", "--network-alias", "--alias", "-h", "--hostname"],
                |v| v == name,
            ),
            Subject::Subnet => flag_value(line, &["--subnet"], |_| true),
            Subject::DependsOn { .. } | Subject::ContainerName { .. } => None,
        };
        let (l, c) = found.and_then(at).unwrap_or((line.line, line.column));
        (self.script.clone(), l, c)
    }
}

/// The index of the word that gives `flags` a value `wanted` accepts: the
/// word after `-e`, or `-e` itself when the value is attached
/// (`-eKEY=v`, `--env=KEY=v`). Words after the image are the command's,
/// but a flag-looking word there is rare enough not to matter here.
fn flag_value(
    line: &ScriptLine,
    flags: &[&str],
    mut wanted: impl FnMut(&str) -> bool,
) -> Option<usize> {
    let words = &line.words;
    let mut i = 0;
    while i < words.len() {
        let w = words[i].as_str();
        if flags.contains(&w) {
            if let Some(v) = words.get(i + 1) {
                if wanted(v) {
                    return Some(i + 1);
                }
            }
            i += 2;
            continue;
        }
        for flag in flags {
            let attached = if flag.starts_with("--") {
                w.strip_prefix(flag).and_then(|r| r.strip_prefix('='))
            } else {
                w.strip_prefix(flag).filter(|r| !r.is_empty())
            };
            if let Some(v) = attached {
                if wanted(v) {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}
