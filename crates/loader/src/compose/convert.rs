//! Stage 10: the canonical model to typed [`Project`] values (compose-go's
//! `Transform` into its Go structs), with the service environment resolved
//! from `env_file`s and the project environment
//! (`WithServicesEnvironmentResolved`), and the networks and volumes no
//! enabled service uses left out (`WithoutUnnecessaryResources`, which
//! `docker compose` applies before `config` and `up`).

use std::path::Path;
use std::time::Duration;

use indexmap::{IndexMap, IndexSet};

use super::behaviour::{self, AppBehaviour, APP_KEYS};
use super::ctx::{At, Ctx, Env};
use super::duration::parse_go_duration;
use super::model::*;
use super::validate::as_int;
use super::yaml::{FxBuild, Map, Node, V};
use crate::source::ReadError;

fn string(n: Option<&Node>) -> Option<String> {
    n.and_then(|n| match &n.v {
        V::Null | V::Seq(_) | V::Map(_) => None,
        _ => n.scalar_string(),
    })
}

fn strings(n: Option<&Node>) -> Vec<String> {
    match n.map(|n| &n.v) {
        Some(V::Seq(items)) => items.iter().filter_map(|i| string(Some(i))).collect(),
        Some(V::Str(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

fn boolean(n: Option<&Node>) -> Option<bool> {
    n.and_then(|n| match &n.v {
        V::Bool(b) => Some(*b),
        V::Str(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "on" => Some(true),
            "false" | "no" | "n" | "off" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// A `list_or_dict`: `{K: V}` or `["K=V"]`. Values of `None` are names
/// without a value.
fn kv(n: Option<&Node>) -> IndexMap<String, Option<String>> {
    let mut out = IndexMap::new();
    match n.map(|n| &n.v) {
        Some(V::Map(m)) => {
            for (k, v) in m {
                out.insert(
                    k.clone(),
                    if v.is_null() { None } else { v.scalar_string() },
                );
            }
        }
        Some(V::Seq(items)) => {
            for item in items {
                let Some(s) = string(Some(item)) else {
                    continue;
                };
                match s.split_once('=') {
                    Some((k, v)) => out.insert(k.to_string(), Some(v.to_string())),
                    None => out.insert(s, None),
                };
            }
        }
        _ => {}
    }
    out
}

fn flat(m: IndexMap<String, Option<String>>) -> IndexMap<String, String> {
    m.into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect()
}

/// The engine's `MinimumDuration` for health-check durations
/// (`api/types/container/config.go`); zero means the default.
const MIN_HEALTH_DURATION: Duration = Duration::from_millis(1);

fn duration(ctx: &mut Ctx, n: Option<&Node>, path: &At) -> Option<Duration> {
    let n = n?;
    let text = string(Some(n))?;
    match parse_go_duration(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            ctx.error(n.pos, &path.dotted(), e);
            None
        }
    }
}

fn command(ctx: &mut Ctx, n: Option<&Node>, path: &At) -> Option<Vec<String>> {
    let n = n?;
    match &n.v {
        V::Null => None,
        V::Seq(items) => Some(items.iter().filter_map(|i| string(Some(i))).collect()),
        V::Str(s) => match shell_words(s) {
            Some(words) => Some(words),
            None => {
                ctx.error(
                    n.pos,
                    &path.dotted(),
                    format!("{}: invalid command line string", path.tree()),
                );
                None
            }
        },
        _ => None,
    }
}

/// Splits a command string as compose-go does (with go-shellwords):
/// blanks separate words, quotes group them, a backslash escapes the next
/// character (also inside double quotes), and the words end at the first
/// unquoted `;`, `&`, `|`, `<` or `>` — what follows is dropped, since no
/// shell runs it. `None` for an unterminated quote or escape.
pub(crate) fn shell_words(line: &str) -> Option<Vec<String>> {
    let mut args = Vec::new();
    let mut buf = String::new();
    let (mut escaped, mut single, mut double, mut got) = (false, false, false, false);
    for r in line.chars() {
        if escaped {
            buf.push(r);
            escaped = false;
            got = true;
            continue;
        }
        if r == '\\' {
            if single {
                buf.push(r);
            } else {
                escaped = true;
            }
            continue;
        }
        if matches!(r, ' ' | '\t' | '\r' | '\n') {
            if single || double {
                buf.push(r);
            } else if got {
                args.push(std::mem::take(&mut buf));
                got = false;
            }
            continue;
        }
        match r {
            '"' if !single => {
                if double {
                    got = true;
                }
                double = !double;
                continue;
            }
            '\'' if !double => {
                if single {
                    got = true;
                }
                single = !single;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !(single || double) => {
                if r == '>' && buf.starts_with(|c: char| c.is_ascii_digit()) {
                    got = false;
                }
                break;
            }
            _ => {}
        }
        got = true;
        buf.push(r);
    }
    if escaped || single || double {
        return None;
    }
    if got {
        args.push(buf);
    }
    Some(args)
}

/// Turns the loaded model into a [`Project`]; `names` are its services'
/// names in name order.
pub(crate) fn project(
    ctx: &mut Ctx,
    dict: &Node,
    (disabled, names): (&Map, Vec<&String>),
    name: &str,
    env: &Env,
) -> Project {
    let mut p = Project {
        name: name.to_string(),
        working_dir: ctx.working_dir.clone(),
        ..Project::default()
    };
    let empty = Map::default();
    let services = dict
        .get("services")
        .and_then(|s| s.as_map())
        .unwrap_or(&empty);
    let mut containers: u64 = 0;
    // Said once: the services after the one that crosses the limit only
    // add to it.
    let mut too_many = false;
    // Reserved once: the services map hashes every name again each time it
    // grows.
    p.services.reserve(names.len());
    for n in names {
        let s = service(ctx, n, &services[n], env, true);
        containers = containers.saturating_add(u64::from(s.replicas));
        if containers > super::MAX_PROJECT_CONTAINERS && !too_many {
            too_many = true;
            let node = &services[n];
            let at = node
                .get("deploy")
                .and_then(|d| d.get("replicas"))
                .or_else(|| node.get("scale"))
                .map_or(node.kpos, |r| r.pos);
            ctx.error(
                at,
                &format!("services.{n}"),
                format!(
                    "{} replicas would bring the project to {containers} containers; composenet simulates at most {}",
                    s.replicas,
                    super::MAX_PROJECT_CONTAINERS
                ),
            );
        }
        p.services.insert(n.clone(), s);
    }
    let mut off: Vec<&String> = disabled.keys().collect();
    composenet_model::order::sort(&mut off);
    for n in off {
        let _ = service(ctx, n, &disabled[n], env, false);
        p.disabled_services.push(n.clone());
    }

    // Only what the enabled services use.
    // Sets, not lists: a file may hold thousands of networks and services.
    let mut used_networks: IndexSet<&str, FxBuild> = IndexSet::default();
    let mut used_volumes: IndexSet<&str, FxBuild> = IndexSet::default();
    for s in p.services.values() {
        for n in s.networks.keys() {
            used_networks.insert(n);
        }
        for m in &s.volumes {
            if let (MountType::Volume, Some(src)) = (&m.kind, &m.source) {
                used_volumes.insert(src);
            }
        }
    }
    if let Some(nets) = dict.get("networks").and_then(|n| n.as_map()) {
        let mut keys: Vec<&String> = nets
            .keys()
            .filter(|k| used_networks.contains(k.as_str()))
            .collect();
        composenet_model::order::sort(&mut keys);
        for k in keys {
            p.networks.insert(k.clone(), network(&nets[k]));
        }
    }
    if let Some(vols) = dict.get("volumes").and_then(|n| n.as_map()) {
        let mut keys: Vec<&String> = vols
            .keys()
            .filter(|k| used_volumes.contains(k.as_str()))
            .collect();
        composenet_model::order::sort(&mut keys);
        for k in keys {
            let v = &vols[k];
            p.volumes.insert(
                k.clone(),
                Volume {
                    name: string(v.get("name")).unwrap_or_default(),
                    driver: string(v.get("driver")),
                    driver_opts: flat(kv(v.get("driver_opts"))),
                    external: boolean(v.get("external")).unwrap_or(false),
                    labels: flat(kv(v.get("labels"))),
                },
            );
        }
    }
    p.x_composenet = dict.get("x-composenet").and_then(|x| scenario(ctx, x));
    p
}

fn network(n: &Node) -> Network {
    let ipam = n.get("ipam");
    Network {
        name: string(n.get("name")).unwrap_or_default(),
        driver: string(n.get("driver")),
        driver_opts: flat(kv(n.get("driver_opts"))),
        internal: boolean(n.get("internal")).unwrap_or(false),
        attachable: boolean(n.get("attachable")).unwrap_or(false),
        external: boolean(n.get("external")).unwrap_or(false),
        labels: flat(kv(n.get("labels"))),
        enable_ipv6: boolean(n.get("enable_ipv6")),
        enable_ipv4: boolean(n.get("enable_ipv4")),
        ipam: Ipam {
            driver: string(ipam.and_then(|i| i.get("driver"))),
            config: ipam
                .and_then(|i| i.get("config"))
                .and_then(|c| c.as_seq())
                .map(|items| {
                    items
                        .iter()
                        .map(|c| IpamPool {
                            subnet: string(c.get("subnet")),
                            ip_range: string(c.get("ip_range")),
                            gateway: string(c.get("gateway")),
                            aux_addresses: flat(kv(c.get("aux_addresses"))),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            options: flat(kv(ipam.and_then(|i| i.get("options")))),
        },
    }
}

fn scenario(ctx: &mut Ctx, x: &Node) -> Option<ScenarioMeta> {
    let root = At::root();
    let path = root.key("x-composenet");
    let Some(m) = x.as_map() else {
        ctx.warn(
            x.pos,
            &path.dotted(),
            "x-composenet must be a mapping (title, description, engine)",
        );
        return None;
    };
    let mut meta = ScenarioMeta::default();
    for (k, v) in m {
        match k.as_str() {
            "title" => meta.title = string(Some(v)),
            "description" => meta.description = string(Some(v)),
            "engine" => {
                let text = match &v.v {
                    V::Float(f) if (*f - 20.1).abs() < 1e-9 => "20.10".to_string(),
                    _ => string(Some(v)).unwrap_or_default(),
                };
                if ENGINES.contains(&text.as_str()) {
                    meta.engine = Some(text);
                } else {
                    ctx.warn(
                        v.pos,
                        &path.key(k).dotted(),
                        format!(
                            "unknown engine {text:?}: x-composenet.engine is one of {}",
                            ENGINES.join(", ")
                        ),
                    );
                }
            }
            other => ctx.warn(
                v.kpos,
                &path.key(k).dotted(),
                format!(
                    "unknown key {other:?} in x-composenet (known: title, description, engine)"
                ),
            ),
        }
    }
    Some(meta)
}

fn behaviour(
    ctx: &mut Ctx,
    labels: &IndexMap<String, String>,
    x: Option<&Node>,
    path: &At,
) -> Option<AppBehaviour> {
    let mut b = AppBehaviour::default();
    let mut any = false;
    for (k, v) in labels {
        match behaviour::parse_app_label(k, v) {
            Ok(Some(setting)) => {
                b.apply(setting);
                any = true;
            }
            Ok(None) => {}
            Err(e) => ctx.warn(
                x.map(|n| n.pos).unwrap_or_default(),
                &path.key("labels").key(k).dotted(),
                e,
            ),
        }
    }
    if let Some(x) = x {
        let xpath = path.key("x-composenet");
        match &x.v {
            V::Map(m) => {
                any = true;
                for (k, v) in m {
                    if !APP_KEYS.contains(&k.as_str()) {
                        ctx.warn(
                            v.kpos,
                            &xpath.key(k).dotted(),
                            format!(
                                "unknown key {k:?} in x-composenet (known: {})",
                                APP_KEYS.join(", ")
                            ),
                        );
                        continue;
                    }
                    let text = match (&v.v, k.as_str()) {
                        (V::Seq(items), "connects" | "listen" | "writes") => items
                            .iter()
                            .filter_map(|i| string(Some(i)))
                            .collect::<Vec<_>>()
                            .join(if k == "writes" { ";" } else { "," }),
                        (V::Int(_), "ready_after" | "exit_after" | "retry_interval") => {
                            ctx.warn(
                                v.pos,
                                &xpath.key(k).dotted(),
                                format!(
                                    "{k}: a bare number has no unit; write it like 20s or 1m30s"
                                ),
                            );
                            continue;
                        }
                        _ => match string(Some(v)) {
                            Some(s) => s,
                            None => {
                                ctx.warn(
                                    v.pos,
                                    &xpath.key(k).dotted(),
                                    format!("{k}: expected a value"),
                                );
                                continue;
                            }
                        },
                    };
                    match behaviour::parse_app_setting(k, &text) {
                        Ok(s) => b.apply(s),
                        Err(e) => ctx.warn(v.pos, &xpath.key(k).dotted(), e),
                    }
                }
            }
            V::Null => {}
            _ => ctx.warn(x.pos, &xpath.dotted(), "x-composenet must be a mapping"),
        }
    }
    any.then_some(b)
}

fn service(ctx: &mut Ctx, name: &str, s: &Node, env: &Env, resolve_env: bool) -> Service {
    let root = At::root();
    let services = root.key("services");
    let path = services.key(name);
    let labels = flat(kv(s.get("labels")));
    let mut out = Service {
        name: name.to_string(),
        image: string(s.get("image")),
        container_name: string(s.get("container_name")),
        hostname: string(s.get("hostname")),
        domainname: string(s.get("domainname")),
        command: command(ctx, s.get("command"), &path.key("command")),
        entrypoint: command(ctx, s.get("entrypoint"), &path.key("entrypoint")),
        network_mode: string(s.get("network_mode")),
        restart: string(s.get("restart")),
        mac_address: string(s.get("mac_address")),
        stdin_open: boolean(s.get("stdin_open")).unwrap_or(false),
        tty: boolean(s.get("tty")).unwrap_or(false),
        working_dir: string(s.get("working_dir")),
        user: string(s.get("user")),
        stop_signal: string(s.get("stop_signal")),
        ipc: string(s.get("ipc")),
        pid: string(s.get("pid")),
        links: strings(s.get("links")),
        external_links: strings(s.get("external_links")),
        volumes_from: strings(s.get("volumes_from")),
        dns: strings(s.get("dns")),
        dns_search: strings(s.get("dns_search")),
        profiles: strings(s.get("profiles")),
        expose: strings(s.get("expose")),
        stop_grace_period: duration(
            ctx,
            s.get("stop_grace_period"),
            &path.key("stop_grace_period"),
        ),
        replicas: 1,
        ..Service::default()
    };
    out.x_composenet = behaviour(ctx, &labels, s.get("x-composenet"), &path);
    out.labels = labels;
    if let Some(b) = s.get("build").and_then(|b| b.get("context")) {
        let context = string(Some(b)).unwrap_or_default();
        let remote = context.contains("://") || context.starts_with("git@");
        let context = if remote {
            context
        } else {
            ctx.resolve(b.pos, &context).display().to_string()
        };
        out.build = Some(Build {
            context,
            dockerfile: string(s.get("build").and_then(|b| b.get("dockerfile")))
                .or_else(|| Some("Dockerfile".to_string())),
        });
    } else if s.get("build").is_some() {
        out.build = Some(Build {
            context: ctx.working_dir.display().to_string(),
            dockerfile: Some("Dockerfile".into()),
        });
    }
    out.extra_hosts = match s.get("extra_hosts").map(|n| &n.v) {
        Some(V::Map(m)) => m
            .iter()
            .flat_map(|(k, v)| match &v.v {
                V::Seq(items) => items
                    .iter()
                    .filter_map(|i| string(Some(i)).map(|ip| format!("{k}={ip}")))
                    .collect::<Vec<_>>(),
                _ => vec![format!("{k}={}", string(Some(v)).unwrap_or_default())],
            })
            .collect(),
        _ => strings(s.get("extra_hosts")),
    };
    if let Some(V::Map(nets)) = s.get("networks").map(|n| &n.v) {
        for (key, n) in nets {
            let priority = |k: &str| n.get(k).and_then(as_int);
            out.networks.insert(
                key.clone(),
                ServiceNetwork {
                    aliases: strings(n.get("aliases")),
                    ipv4_address: string(n.get("ipv4_address")),
                    ipv6_address: string(n.get("ipv6_address")),
                    mac_address: string(n.get("mac_address")),
                    priority: priority("priority"),
                    gw_priority: priority("gw_priority"),
                    interface_name: string(n.get("interface_name")),
                    link_local_ips: strings(n.get("link_local_ips")),
                    driver_opts: flat(kv(n.get("driver_opts"))),
                },
            );
        }
    }
    if let Some(items) = s.get("ports").and_then(|p| p.as_seq()) {
        for (i, p) in items.iter().enumerate() {
            let ppath = ctx.item_path(&path.key("ports").owned(), i, p.pos);
            let target = match p.get("target").map(|t| &t.v) {
                Some(V::Int(t)) => u16::try_from(*t).ok(),
                Some(V::Str(t)) => t.parse::<u16>().ok(),
                _ => None,
            };
            let Some(target) = target else {
                let message = match p.get("target") {
                    None => format!("service ports {} is missing a target port", ppath.tree()),
                    Some(t) => format!(
                        "invalid containerPort: {}",
                        t.scalar_string().unwrap_or_default()
                    ),
                };
                ctx.error(p.pos, &ppath.dotted(), message);
                continue;
            };
            let published = string(p.get("published")).filter(|s| !s.is_empty());
            if let Some(pb) = &published {
                if super::ports::parse_port_range(pb).is_err() {
                    ctx.error(
                        p.pos,
                        &ppath.key("published").dotted(),
                        format!("invalid hostPort: {pb}"),
                    );
                }
            }
            out.ports.push(Port {
                target,
                published,
                host_ip: string(p.get("host_ip")).filter(|s| !s.is_empty()),
                protocol: string(p.get("protocol")).unwrap_or_else(|| "tcp".into()),
                mode: string(p.get("mode")).unwrap_or_else(|| "ingress".into()),
                name: string(p.get("name")),
                app_protocol: string(p.get("app_protocol")),
            });
        }
    }
    if let Some(V::Map(deps)) = s.get("depends_on").map(|n| &n.v) {
        for (dep, d) in deps {
            let condition = match string(d.get("condition")).as_deref() {
                Some("service_healthy") => Condition::ServiceHealthy,
                Some("service_completed_successfully") => Condition::ServiceCompletedSuccessfully,
                _ => Condition::ServiceStarted,
            };
            out.depends_on.insert(
                dep.clone(),
                DependsOn {
                    condition,
                    required: boolean(d.get("required")).unwrap_or(true),
                    restart: boolean(d.get("restart")).unwrap_or(false),
                },
            );
        }
    }
    if let Some(h) = s.get("healthcheck").filter(|h| h.as_map().is_some()) {
        let hpath = path.key("healthcheck");
        let test = match h.get("test").map(|t| &t.v) {
            Some(V::Str(t)) => vec!["CMD-SHELL".to_string(), t.clone()],
            _ => strings(h.get("test")),
        };
        let mut health_duration = |key: &str, field: &str| {
            let node = h.get(key);
            let d = duration(ctx, node, &hpath.key(key))?;
            // Zero is kept as written: it means the engine's default
            // (`to_model` leaves the default in place).
            if !d.is_zero() && d < MIN_HEALTH_DURATION {
                // The engine refuses the container when it is created; the
                // file is the place to say so.
                ctx.error(
                    node.map_or(h.pos, |n| n.pos),
                    &hpath.key(key).dotted(),
                    format!("{field} in Healthcheck cannot be less than 1ms"),
                );
                return None;
            }
            Some(d)
        };
        let interval = health_duration("interval", "Interval");
        let timeout = health_duration("timeout", "Timeout");
        let start_period = health_duration("start_period", "StartPeriod");
        let start_interval = health_duration("start_interval", "StartInterval");
        out.healthcheck = Some(Healthcheck {
            test,
            interval,
            timeout,
            retries: h.get("retries").and_then(as_int).map(|r| r.max(0) as u64),
            start_period,
            start_interval,
            disable: boolean(h.get("disable")).unwrap_or(false),
        });
    }
    let replicas = s
        .get("deploy")
        .and_then(|d| d.get("replicas"))
        .and_then(as_int)
        .or_else(|| s.get("scale").and_then(as_int));
    if let Some(r) = replicas {
        if r < 0 {
            let pos = s
                .get("scale")
                .or_else(|| s.get("deploy"))
                .map(|n| n.pos)
                .unwrap_or(s.pos);
            ctx.error(
                pos,
                &path.dotted(),
                format!("services.{name}: replicas must not be negative ({r})"),
            );
        }
        out.replicas = u32::try_from(r.max(0)).unwrap_or(u32::MAX);
    }
    if let Some(items) = s.get("volumes").and_then(|v| v.as_seq()) {
        for m in items {
            let kind = match string(m.get("type")).as_deref() {
                Some("volume") | None => MountType::Volume,
                Some("bind") => MountType::Bind,
                Some("tmpfs") => MountType::Tmpfs,
                Some(other) => MountType::Other(other.to_string()),
            };
            let source = string(m.get("source"))
                .filter(|s| !s.is_empty())
                .map(|src| {
                    if kind == MountType::Bind {
                        let pos = m.get("source").map(|n| n.pos).unwrap_or(m.pos);
                        ctx.resolve(pos, &src).display().to_string()
                    } else {
                        src
                    }
                });
            let target = string(m.get("target")).unwrap_or_default();
            // Compose cleans the target (`path.Clean`): no trailing slash.
            let target = if target.len() > 1 {
                crate::source::normalize(std::path::Path::new(&target))
                    .display()
                    .to_string()
            } else {
                target
            };
            out.volumes.push(Mount {
                kind,
                source,
                target,
                read_only: boolean(m.get("read_only")).unwrap_or(false),
            });
        }
    }
    if resolve_env {
        out.environment = environment(ctx, s, env, &path);
    }
    out
}

/// `env_file`s in order, then `environment` over them; a name without a
/// value takes the project environment's value when it has one.
fn environment(ctx: &mut Ctx, s: &Node, env: &Env, path: &At) -> IndexMap<String, Option<String>> {
    let mut out: IndexMap<String, Option<String>> = IndexMap::new();
    if let Some(files) = s.get("env_file").and_then(|f| f.as_seq()) {
        for (i, f) in files.iter().enumerate() {
            let Some(p) = string(f.get("path")) else {
                continue;
            };
            let pnode = f.get("path").unwrap();
            let required = boolean(f.get("required")).unwrap_or(true);
            let full = ctx.resolve(pnode.pos, &p);
            let text = match ctx.read(&full) {
                Ok(text) => text,
                Err(ReadError::NotFound) => {
                    if required {
                        ctx.error(
                            pnode.pos,
                            &path.key("env_file").idx(i).dotted(),
                            format!(
                                "env file {} not found: stat {}: no such file or directory",
                                full.display(),
                                full.display()
                            ),
                        );
                    }
                    continue;
                }
                // A file that is there but cannot be used is an error even
                // when it is optional: `required: false` only forgives a
                // missing one.
                Err(e) => {
                    ctx.error(
                        pnode.pos,
                        &path.key("env_file").idx(i).dotted(),
                        e.with_path(&full),
                    );
                    continue;
                }
            };
            let lookup = |k: &str| env.get(k);
            match super::dotenv::parse(&text, &lookup, &mut ctx.budget) {
                Ok(vars) => {
                    for (k, v) in vars {
                        out.insert(k, Some(v));
                    }
                }
                Err(e) => ctx.error(
                    pnode.pos,
                    &path.key("env_file").idx(i).dotted(),
                    format!("failed to read {}: {e}", full.display()),
                ),
            }
        }
    }
    for (k, v) in kv(s.get("environment")) {
        let v = v.or_else(|| env.get(&k));
        out.insert(k, v);
    }
    // Sorted by key (not `IndexMap::sort_keys`, which would add another
    // copy of the standard sort to the wasm; see `model::order`).
    let mut entries: Vec<_> = out.into_iter().collect();
    composenet_model::order::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
    entries.into_iter().collect()
}

/// The working directory's base name, for the default project name.
pub(crate) fn dir_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::shell_words;

    #[test]
    fn commands_split_like_go_shellwords() {
        let w = |s: &str| shell_words(s).unwrap();
        assert_eq!(
            w("sh -c 'sleep 5; exit 1'"),
            ["sh", "-c", "sleep 5; exit 1"]
        );
        assert_eq!(w(r#"echo "a \"b\" c" ''"#), ["echo", r#"a "b" c"#, ""]);
        assert_eq!(w("echo hi && sleep 10"), ["echo", "hi"]);
        assert_eq!(w("a\\ b c"), ["a b", "c"]);
        assert_eq!(shell_words("echo 'open"), None);
    }
}
