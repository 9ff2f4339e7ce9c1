//! Stage 9: consistency (compose-go's `checkConsistency` and
//! `graph.CheckCycle`), in Compose's words. Compose stops at the first
//! problem it meets, in map order; here every service is checked, in name
//! order, so the list is complete and the same every time.

use indexmap::IndexSet;

use super::ctx::{At, Ctx};
use super::yaml::{FxBuild, Map, Node, V};

fn keys(n: Option<&Node>) -> Vec<(&str, &Node)> {
    match n.map(|n| &n.v) {
        Some(V::Map(m)) => m.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        _ => Vec::new(),
    }
}

/// Checks the project; returns its services' names in name order, the
/// order conversion takes them in too.
pub(crate) fn check<'d>(ctx: &mut Ctx, dict: &'d Node, disabled: &Map) -> Vec<&'d String> {
    let found = dict.get("services").and_then(|s| s.as_map());
    let mut names: Vec<&'d String> = found.map(|m| m.keys().collect()).unwrap_or_default();
    composenet_model::order::sort(&mut names);
    let empty = Map::default();
    let services = found.unwrap_or(&empty);
    let networks = dict.get("networks").and_then(|s| s.as_map());
    let volumes = dict.get("volumes").and_then(|s| s.as_map());
    let secrets = dict.get("secrets").and_then(|s| s.as_map());
    let configs = dict.get("configs").and_then(|s| s.as_map());
    for &name in &names {
        let s = &services[name];
        let root = At::root();
        let services_at = root.key("services");
        let path = services_at.key(name);
        if s.as_map().is_none() {
            continue;
        }
        let has_build = s.get("build").is_some();
        let has_image = s.get("image").map(|i| !i.is_null()).unwrap_or(false);
        if !has_build && !has_image && s.get("provider").is_none() {
            ctx.error(
                s.kpos,
                &path.dotted(),
                format!("service {name:?} has neither an image nor a build context specified: invalid compose project"),
            );
        }
        let network_mode = s.get("network_mode");
        let service_networks = keys(s.get("networks"));
        if let Some(nm) = network_mode {
            if !service_networks.is_empty() {
                ctx.error(
                    nm.kpos,
                    &path.key("network_mode").dotted(),
                    format!("service {name} declares mutually exclusive `network_mode` and `networks`: invalid compose project"),
                );
            }
        }
        for (net, node) in &service_networks {
            if !networks.map(|n| n.contains_key(*net)).unwrap_or(false) {
                ctx.error(
                    node.kpos,
                    &path.key("networks").key(net).dotted(),
                    format!("service {name:?} refers to undefined network {net}: invalid compose project"),
                );
            }
        }
        if let Some(test) = s.get("healthcheck").and_then(|h| h.get("test")) {
            if let Some(first) = test.as_seq().and_then(|t| t.first()) {
                let ok = matches!(first.as_str(), Some("CMD" | "CMD-SHELL" | "NONE"));
                if !ok {
                    ctx.error(
                        first.pos,
                        &path.key("healthcheck").key("test").dotted(),
                        "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
                    );
                }
            }
        }
        for (dep, node) in keys(s.get("depends_on")) {
            if services.contains_key(dep) || ctx.services_cut {
                continue;
            }
            let required = !matches!(node.get("required").map(|r| &r.v), Some(V::Bool(false)));
            if disabled.contains_key(dep) && !required {
                continue;
            }
            ctx.error(
                node.kpos,
                &path.key("depends_on").key(dep).dotted(),
                format!("service {name:?} depends on undefined service {dep:?}: invalid compose project"),
            );
        }
        if let Some(target) = network_mode
            .and_then(|n| n.as_str())
            .and_then(|m| m.strip_prefix("service:"))
        {
            if !services.contains_key(target) && !ctx.services_cut {
                ctx.error(
                    network_mode.unwrap().pos,
                    &path.key("network_mode").dotted(),
                    format!("service {target:?} not found for network_mode 'service:{target}'"),
                );
            }
        }
        if let Some(mounts) = s.get("volumes").and_then(|v| v.as_seq()) {
            for (i, m) in mounts.iter().enumerate() {
                let is_volume = m.get("type").and_then(|t| t.as_str()) == Some("volume");
                let source = m.get("source").and_then(|t| t.as_str()).unwrap_or("");
                if is_volume
                    && !source.is_empty()
                    && !volumes.map(|v| v.contains_key(source)).unwrap_or(false)
                {
                    ctx.error(
                        m.pos,
                        &path.key("volumes").idx(i).dotted(),
                        format!("service {name:?} refers to undefined volume {source}: invalid compose project"),
                    );
                }
            }
        }
        for (key, defined, what) in [
            ("configs", configs, "config"),
            ("secrets", secrets, "secret"),
        ] {
            if let Some(items) = s.get(key).and_then(|v| v.as_seq()) {
                for (i, item) in items.iter().enumerate() {
                    let source = match &item.v {
                        V::Str(s) => s.clone(),
                        _ => item
                            .get("source")
                            .and_then(|s| s.scalar_string())
                            .unwrap_or_default(),
                    };
                    if !defined.map(|d| d.contains_key(&source)).unwrap_or(false) {
                        ctx.error(
                            item.pos,
                            &path.key(key).idx(i).dotted(),
                            format!("service {name:?} refers to undefined {what} {source}: invalid compose project"),
                        );
                    }
                }
            }
        }
        let scale = s.get("scale").and_then(as_int);
        let replicas = s
            .get("deploy")
            .and_then(|d| d.get("replicas"))
            .and_then(as_int);
        if let (Some(a), Some(b)) = (scale, replicas) {
            if a != b {
                ctx.error(
                    s.get("scale").unwrap().kpos,
                    &path.key("scale").dotted(),
                    format!("services.{name}: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project"),
                );
            }
        }
        if let Some(cn) = s.get("container_name") {
            let text = cn.as_str().unwrap_or_default();
            let mut chars = text.chars();
            let valid = chars
                .next()
                .map(|c| c.is_ascii_alphanumeric())
                .unwrap_or(false)
                && text.len() >= 2
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
            if !valid {
                ctx.warn(
                    cn.pos,
                    &path.key("container_name").dotted(),
                    format!("the engine will refuse this name when the container is created: Invalid container name ({text}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
                );
            }
            let count = scale.or(replicas).unwrap_or(1);
            if count > 1 {
                let attr = if scale.is_some() {
                    "scale"
                } else {
                    "deploy.replicas"
                };
                ctx.error(
                    cn.kpos,
                    &path.key("container_name").dotted(),
                    format!("services.{name}: can't set container_name and {attr} as container name must be unique: invalid compose project"),
                );
            }
        }
    }
    if let Some(secrets) = secrets {
        for (name, secret) in secrets {
            let external = matches!(secret.get("external").map(|e| &e.v), Some(V::Bool(true)));
            if external {
                continue;
            }
            if secret.get("file").is_none() && secret.get("environment").is_none() {
                ctx.error(
                    secret.kpos,
                    &format!("secrets.{name}"),
                    format!("secret {name:?} must declare either `file` or `environment`: invalid compose project"),
                );
            }
        }
    }
    check_cycle(ctx, services, &names);
    names
}

pub(crate) fn as_int(n: &Node) -> Option<i64> {
    match &n.v {
        V::Int(i) => Some(*i),
        V::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        V::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `graph.CheckCycle`: depth-first from every service in name order,
/// children in name order, so the message is always the same.
fn check_cycle(ctx: &mut Ctx, services: &Map, names: &[&String]) {
    let children = |name: &str| -> Vec<&str> {
        let mut deps: Vec<&str> = match services.get(name).and_then(|s| s.get("depends_on")) {
            Some(Node { v: V::Map(m), .. }) => m
                .keys()
                .map(String::as_str)
                .filter(|k| services.contains_key(*k))
                .collect(),
            _ => Vec::new(),
        };
        composenet_model::order::sort(&mut deps);
        deps
    };
    let mut done = IndexSet::default();
    for &name in names {
        if let Some(cycle) = search(&children, name, &mut done) {
            let pos = services[name].kpos;
            ctx.error(pos, &format!("services.{name}.depends_on"), cycle);
            return;
        }
    }
}

/// Depth-first from `start`, on a stack of its own: a file can chain as
/// many services as it holds, far deeper than the thread's stack would go.
/// `done` holds services from which no cycle can be reached: a search that
/// finished without finding one need not be repeated.
fn search<'a>(
    children: &dyn Fn(&str) -> Vec<&'a str>,
    start: &'a str,
    done: &mut IndexSet<&'a str, FxBuild>,
) -> Option<String> {
    if done.contains(start) {
        return None;
    }
    let mut path = vec![start];
    let mut pending = vec![children(start).into_iter()];
    while let Some(next) = pending.last_mut() {
        let Some(child) = next.next() else {
            pending.pop();
            if let Some(last) = path.pop() {
                done.insert(last);
            }
            continue;
        };
        if let Some(i) = path.iter().position(|p| *p == child) {
            return Some(format!(
                "dependency cycle detected: {} -> {child}",
                path[i..].join(" -> ")
            ));
        }
        if done.contains(child) {
            continue;
        }
        path.push(child);
        pending.push(children(child).into_iter());
    }
    None
}
