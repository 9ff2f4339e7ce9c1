//! `composenet check`: plays `docker compose up -d` (and an optional
//! script), lets simulated time pass, then holds each rule to the host.
//!
//! Nothing here decides whether traffic gets through: a connection is the
//! model's own `Host::try_connect` (on a copy of the host, so one rule
//! cannot change what the next one sees), isolation is
//! `model::explore::explore` (every name and address of the target), and a
//! name is `model::dns::resolve`. Why a rule fails is said in the
//! explanation catalogue's words (`composenet_play::explain`), the ones
//! the browser uses.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use composenet_loader::compose::{self as cm, LoadOptions};
use composenet_loader::FileSource;
use composenet_model::event::ConnectOutcome;
use composenet_model::explore;
use composenet_model::traffic::{self, Peer, Resolution, Route};
use composenet_model::{ContainerId, EventKind, Host};
use composenet_play::explain::{self, Catalogue, Message};
use composenet_play::scene::Scene;
use composenet_play::{PlayOptions, Session};
use serde_json::{json, Value};

use crate::rules::{Relation, Rule, RuleError, Target};

/// What to play before the rules are held to the host.
pub struct Setup {
    /// The compose file, absolute; its folder is the project directory.
    pub compose_file: PathBuf,
    /// The compose file as the user named it.
    pub shown: String,
    /// A script to play after `up` (its text and its name for messages).
    pub script: Option<(String, String)>,
    /// Simulated time for pending timers after the last command.
    pub wait: Duration,
    pub play: PlayOptions,
}

/// Why the rules could not be held to anything (exit status 2), and the
/// warnings met on the way.
pub struct Refusal {
    pub messages: Vec<String>,
}

/// One way a rule was tried: from one container, by one name or address.
pub struct Probe {
    pub from: String,
    /// The container the probe was about, when the target is a service.
    pub to: Option<String>,
    /// The name or address that was tried.
    pub tried: String,
    pub holds: bool,
    /// Why, in the explanation catalogue's words.
    pub why: String,
    pub resolution: Option<Resolution>,
    pub ip: Option<Ipv4Addr>,
    pub route: Option<Route>,
    pub outcome: Option<ConnectOutcome>,
}

/// A rule and what became of it.
pub struct Verdict {
    pub rule: Rule,
    pub probes: Vec<Probe>,
    /// Why nothing could be tried (a service without containers); the rule
    /// fails.
    pub problem: Option<String>,
}

impl Verdict {
    pub fn holds(&self) -> bool {
        self.problem.is_none() && self.probes.iter().all(|p| p.holds)
    }
}

/// Loads the project, checks that the rules name its services, plays it
/// and holds every rule to the host. Warnings (Compose's, and commands of
/// the script that failed) are pushed to `warnings`.
pub fn check(
    setup: Setup,
    rules: Vec<Rule>,
    files: &dyn FileSource,
    warnings: &mut Vec<String>,
) -> Result<Vec<Verdict>, Refusal> {
    let dir = setup
        .compose_file
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let loaded = cm::load(
        &LoadOptions {
            working_dir: dir.clone(),
            files: vec![setup.compose_file.clone()],
            env: setup.play.env.clone(),
            ..LoadOptions::default()
        },
        files,
    );
    let said: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    let project = match loaded.project {
        Some(p) if !loaded.has_errors() => p,
        // Warnings and errors in the order Compose gives them.
        _ => return Err(Refusal { messages: said }),
    };
    warnings.extend(said);
    let mut refused: Vec<String> = Vec::new();
    let errors = unknown_services(&rules, &project, &setup.shown);
    if !errors.is_empty() {
        return Err(Refusal {
            messages: errors.iter().map(|e| e.to_string()).collect(),
        });
    }

    let mut opts = setup.play;
    opts.cwd = dir;
    opts.settle = setup.wait;
    let engine = opts.engine;
    let (seed, host_config) = (opts.seed, opts.host.clone());
    if let Some((_, name)) = &setup.script {
        opts.script_name = name.clone();
    }
    let mut session = Session::new(opts, files);
    let file = setup
        .compose_file
        .file_name()
        .map(|f| crate::sh_quote(&f.to_string_lossy()))
        .unwrap_or_default();
    session.run_script(&format!("docker compose -f {file} up -d\n"));
    if let Some(up) = session.steps.first().filter(|s| s.status != 0) {
        let mut messages = vec![format!("docker compose up failed (exit {}):", up.status)];
        messages.extend(up.stderr.lines().map(String::from));
        return Err(Refusal { messages });
    }
    if let Some((text, name)) = &setup.script {
        let first = session.steps.len();
        let known = session.diagnostics.len();
        session.run_script(text);
        for d in &session.diagnostics[known..] {
            if d.is_error() {
                refused.push(d.to_string());
            } else {
                warnings.push(d.to_string());
            }
        }
        if !refused.is_empty() {
            return Err(Refusal { messages: refused });
        }
        for step in session.steps[first..].iter().filter(|s| s.status != 0) {
            warnings.push(format!(
                "{name}:{}: `{}` failed (exit {}){}{}",
                step.line,
                step.text,
                step.status,
                if step.stderr.is_empty() { "" } else { ": " },
                step.stderr.trim_end().replace('\n', " / ")
            ));
        }
    }
    session.settle();
    let played = session.finish();
    let host = played.host;
    let initial = Host::with_config(engine, seed, host_config).snapshot();
    let scene = Scene::at(&initial, host.events(), host.events().len());
    let catalogue = Catalogue::english();
    let ctx = Ctx {
        host: &host,
        scene: &scene,
        catalogue: &catalogue,
        project: &project.name,
    };
    Ok(rules.into_iter().map(|r| ctx.verdict(r)).collect())
}

/// Every service a rule names that the project does not have.
fn unknown_services(rules: &[Rule], project: &cm::Project, file: &str) -> Vec<RuleError> {
    let known = |name: &str| project.services.contains_key(name);
    let mut errors = Vec::new();
    for rule in rules {
        let mut names = vec![(rule.from.value.as_str(), rule.from.column)];
        match &rule.to.value {
            Target::Service(s) => names.push((s.as_str(), rule.to.column)),
            Target::Address(_)
                if matches!(rule.relation, Relation::Resolves | Relation::DoesNotResolve) =>
            {
                errors.push(RuleError {
                    at: rule.at(rule.to.column),
                    message: "an address needs no resolving: name a service".to_string(),
                });
            }
            Target::Address(_) => {}
        }
        for (name, column) in names {
            if known(name) {
                continue;
            }
            let message = if project.disabled_services.iter().any(|s| s == name) {
                format!(
                    "the service \"{name}\" of {file} is not enabled: its profiles are not active"
                )
            } else {
                let list: Vec<&str> = project.services.keys().map(String::as_str).collect();
                format!(
                    "no service \"{name}\" in {file}; its services are {}",
                    list.join(", ")
                )
            };
            errors.push(RuleError {
                at: rule.at(column),
                message,
            });
        }
    }
    errors
}

/// What every rule is held to.
struct Ctx<'a> {
    host: &'a Host,
    scene: &'a Scene,
    catalogue: &'a Catalogue,
    project: &'a str,
}

impl Ctx<'_> {
    fn name(&self, id: ContainerId) -> String {
        self.host.container(id).name.clone()
    }

    fn containers(&self, service: &str) -> Vec<ContainerId> {
        composenet_model::compose::service_containers(self.host, self.project, service)
    }

    /// Renders messages, leaving out the "sent along {path}" sentence of a
    /// route that never left the sender (it has no path to name).
    fn say(&self, messages: Vec<Message>, route: Option<&Route>) -> String {
        let pathless = route.is_some_and(|r| r.hops.is_empty());
        messages
            .iter()
            .filter(|m| !(pathless && m.key.ends_with(".sent")))
            .map(|m| self.catalogue.render(m).unwrap_or_else(|e| e.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `peer` is (in the network namespace of) one of `targets`.
    fn is_one_of(&self, peer: Option<Peer>, targets: &[ContainerId]) -> bool {
        match peer {
            Some(Peer::Container(c)) => {
                let owner = self.host.netns_owner(c);
                targets.iter().any(|t| self.host.netns_owner(*t) == owner)
            }
            _ => false,
        }
    }

    fn verdict(&self, rule: Rule) -> Verdict {
        let sources = self.containers(&rule.from.value);
        let targets = match &rule.to.value {
            Target::Service(s) => Some(self.containers(s)),
            Target::Address(_) => None,
        };
        let missing = if sources.is_empty() {
            Some(rule.from.value.clone())
        } else if targets.as_ref().is_some_and(|t| t.is_empty()) {
            Some(rule.to.value.to_string())
        } else {
            None
        };
        if let Some(service) = missing {
            return Verdict {
                rule,
                probes: Vec::new(),
                problem: Some(format!(
                    "the service {service} has no container, so there is nothing to try"
                )),
            };
        }
        let targets = targets.unwrap_or_default();
        let mut probes = Vec::new();
        for &from in &sources {
            if !self.host.container(from).is_running() {
                probes.push(self.not_running(from, &rule));
                continue;
            }
            match rule.relation {
                Relation::Connects => probes.push(self.connect(from, &rule, &targets)),
                Relation::Isolated => match &rule.to.value {
                    Target::Service(_) => {
                        for &to in &targets {
                            probes.extend(self.isolated(from, to));
                        }
                    }
                    Target::Address(ip) => probes.push(self.isolated_from_address(from, *ip)),
                },
                Relation::Resolves | Relation::DoesNotResolve => {
                    probes.push(self.resolves(from, &rule, &targets))
                }
            }
        }
        Verdict {
            rule,
            probes,
            problem: None,
        }
    }

    /// The route from `from` to an address it was given as is, and why it
    /// ends where it does, in the catalogue's words.
    fn literal(&self, from: ContainerId, tried: &str, ip: Ipv4Addr) -> (Route, String) {
        let route = traffic::route(self.host, from, ip);
        let why = self.say(
            explain::probe(
                self.scene,
                from,
                tried,
                &Resolution::Literal,
                Some(ip),
                Some(&route),
            ),
            Some(&route),
        );
        (route, why)
    }

    /// A source that is not running runs no program: it looks nothing up
    /// and sends nothing. The model's route says so for any address.
    fn not_running(&self, from: ContainerId, rule: &Rule) -> Probe {
        let ip = match rule.to.value {
            Target::Address(ip) => ip,
            Target::Service(_) => Ipv4Addr::UNSPECIFIED,
        };
        let tried = rule.to.value.to_string();
        let (route, why) = self.literal(from, &tried, ip);
        Probe {
            from: self.name(from),
            to: None,
            tried,
            // Nothing is reached and nothing resolved.
            holds: matches!(rule.relation, Relation::Isolated | Relation::DoesNotResolve),
            why,
            resolution: None,
            ip: None,
            route: Some(route),
            outcome: None,
        }
    }

    /// `FROM -> TO[:PORT]`: the model's connection attempt, on a copy of
    /// the host; it holds when the connection is accepted by the target.
    fn connect(&self, from: ContainerId, rule: &Rule, targets: &[ContainerId]) -> Probe {
        let tried = rule.to.value.to_string();
        let mut copy = self.host.clone();
        let (ip, outcome) = copy.try_connect(from, &tried, rule.port);
        let attempt = copy
            .events()
            .last()
            .filter(|e| matches!(e.kind, EventKind::ConnectAttempt { .. }));
        let (resolution, route) = match attempt.map(|e| &e.kind) {
            Some(EventKind::ConnectAttempt {
                resolution, route, ..
            }) => (resolution.clone(), route.clone()),
            _ => unreachable!("try_connect logs its attempt last"),
        };
        let delivered = route.as_ref().and_then(Route::delivered);
        let right_peer = match rule.to.value {
            Target::Address(_) => true,
            Target::Service(_) => self.is_one_of(delivered, targets),
        };
        let holds = outcome == ConnectOutcome::Connected && right_peer;
        let mut why = match (ip, attempt) {
            (Some(_), Some(event)) => {
                self.say(explain::messages(self.scene, event), route.as_ref())
            }
            _ => self.say(
                explain::probe(self.scene, from, &tried, &resolution, ip, route.as_ref()),
                route.as_ref(),
            ),
        };
        if delivered.is_some() && !right_peer {
            why.push_str(&format!(" That is not a container of {tried}."));
        }
        Probe {
            from: self.name(from),
            to: None,
            tried,
            holds,
            why,
            resolution: Some(resolution),
            ip,
            route,
            outcome: Some(outcome),
        }
    }

    /// `FROM -/-> TO`: every name and address of one target container, as
    /// the explorer tries them; each holds when it does not reach it.
    fn isolated(&self, from: ContainerId, to: ContainerId) -> Vec<Probe> {
        let reach = explore::explore(self.host, from, to);
        reach
            .probes()
            .into_iter()
            .map(|(tried, resolution, ip, route)| {
                let reaches = self.is_one_of(route.as_ref().and_then(Route::delivered), &[to]);
                let why = self.say(
                    explain::probe(self.scene, from, &tried, &resolution, ip, route.as_ref()),
                    route.as_ref(),
                );
                Probe {
                    from: self.name(from),
                    to: Some(self.name(to)),
                    tried,
                    holds: !reaches,
                    why,
                    resolution: Some(resolution),
                    ip,
                    route,
                    outcome: None,
                }
            })
            .collect()
    }

    /// `FROM -/-> ADDRESS`: the route to it goes nowhere.
    fn isolated_from_address(&self, from: ContainerId, ip: Ipv4Addr) -> Probe {
        let tried = ip.to_string();
        let (route, why) = self.literal(from, &tried, ip);
        Probe {
            from: self.name(from),
            to: None,
            tried,
            holds: route.delivered().is_none(),
            why,
            resolution: Some(Resolution::Literal),
            ip: Some(ip),
            route: Some(route),
            outcome: None,
        }
    }

    /// `FROM [does not] resolve TO`: what the name gives a program in the
    /// source (hosts file, then its resolver), and whether an address of
    /// the target is among it.
    fn resolves(&self, from: ContainerId, rule: &Rule, targets: &[ContainerId]) -> Probe {
        let tried = rule.to.value.to_string();
        let (addrs, resolution) = composenet_model::dns::resolve(self.host, from, &tried);
        let theirs: Vec<Ipv4Addr> = targets
            .iter()
            .flat_map(|t| {
                self.host
                    .container(self.host.netns_owner(*t))
                    .endpoints()
                    .filter_map(|e| e.ip)
                    .collect::<Vec<_>>()
            })
            .collect();
        let found = addrs.iter().any(|a| theirs.contains(a));
        let mut why = match &resolution {
            // The resolver's answer, with its reason, whatever it was.
            Resolution::Dns(_) => self.say(
                explain::probe(self.scene, from, &tried, &resolution, None, None),
                None,
            ),
            // Found before any query: only the sentence that says where.
            _ => {
                let ip = addrs.first().copied();
                let route = ip.map(|ip| traffic::route(self.host, from, ip));
                let messages: Vec<Message> =
                    explain::probe(self.scene, from, &tried, &resolution, ip, route.as_ref())
                        .into_iter()
                        .filter(|m| m.key.starts_with("resolved."))
                        .collect();
                self.say(messages, None)
            }
        };
        if !addrs.is_empty() && !found {
            let list: Vec<String> = addrs.iter().map(|a| a.to_string()).collect();
            why.push_str(&format!(
                " {} is no address of a container of {tried}.",
                list.join(", ")
            ));
        }
        Probe {
            from: self.name(from),
            to: None,
            tried,
            holds: found == (rule.relation == Relation::Resolves),
            why,
            resolution: Some(resolution),
            ip: addrs.first().copied(),
            route: None,
            outcome: None,
        }
    }
}

/// The verdicts as text: one line per rule, and under a failing one (or
/// every one, when `verbose`) why, one line per probe.
pub fn text(verdicts: &[Verdict], verbose: bool) -> String {
    let mut out = String::new();
    for v in verdicts {
        let holds = v.holds();
        out.push_str(&format!(
            "{}  {}  ({})\n",
            if holds { "ok  " } else { "FAIL" },
            v.rule.text,
            v.rule.origin
        ));
        if let Some(problem) = &v.problem {
            out.push_str(&format!("      {problem}\n"));
        }
        for p in &v.probes {
            // A failing rule shows the probes that fail it.
            if verbose || (!holds && !p.holds) {
                out.push_str(&format!("      {}\n", p.why));
            }
        }
    }
    let failed = verdicts.iter().filter(|v| !v.holds()).count();
    out.push_str(&format!(
        "\n{} of {} rules hold{}.\n",
        verdicts.len() - failed,
        verdicts.len(),
        match failed {
            0 => String::new(),
            1 => "; 1 fails".to_string(),
            n => format!("; {n} fail"),
        }
    ));
    out
}

/// The verdicts as JSON, with the model's own resolution, route and
/// outcome of every probe.
pub fn json(verdicts: &[Verdict]) -> Value {
    let rules: Vec<Value> = verdicts
        .iter()
        .map(|v| {
            json!({
                "rule": v.rule.text,
                "origin": v.rule.origin.to_string(),
                "holds": v.holds(),
                "problem": v.problem,
                "probes": v.probes.iter().map(|p| json!({
                    "from": p.from,
                    "to": p.to,
                    "tried": p.tried,
                    "holds": p.holds,
                    "why": p.why,
                    "address": p.ip.map(|ip| ip.to_string()),
                    "resolution": p.resolution,
                    "route": p.route,
                    "outcome": p.outcome,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "holds": verdicts.iter().all(Verdict::holds),
        "rules": rules,
    })
}
