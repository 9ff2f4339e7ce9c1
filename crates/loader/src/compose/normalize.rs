//! Stage 8: normalisation (compose-go's `loader/normalize.go`) and stage 7,
//! the profile filter.
//!
//! - A service with neither `networks` nor `network_mode` joins `default`,
//!   and the implicit `default` network exists only if some service uses it.
//! - `network_mode`/`ipc`/`pid`/`uts`/`cgroup: service:X`, `links` and
//!   `volumes_from` add an implicit `depends_on` (service_started;
//!   `restart: true` except for `volumes_from`) unless one is declared.
//! - Networks and volumes get their final name: `name:`, the key itself for
//!   an external one, else `<project>_<key>`.

use super::yaml::{Map, Node, Pos, V};

fn map_entry<'a>(m: &'a mut Map, key: &str, pos: Pos) -> &'a mut Node {
    let entry = m.entry(key.to_string()).or_insert_with(|| Node::map(pos));
    if !matches!(entry.v, V::Map(_)) {
        let kpos = entry.kpos;
        *entry = Node::map(pos);
        entry.kpos = kpos;
    }
    entry
}

pub(crate) fn normalize(dict: &mut Node, project: &str) {
    let Some(root) = dict.as_map_mut() else {
        return;
    };
    let root_pos = Pos::default();
    let mut uses_default = false;
    if let Some(V::Map(services)) = root.get_mut("services").map(|n| &mut n.v) {
        for service in services.values_mut() {
            let spos = service.pos;
            let Some(s) = service.as_map_mut() else {
                continue;
            };
            if s.contains_key("provider") || s.contains_key("network_mode") {
                continue;
            }
            match s.get_mut("networks") {
                Some(n) if n.as_map().map(|m| !m.is_empty()).unwrap_or(false) => {
                    if n.as_map().unwrap().contains_key("default") {
                        uses_default = true;
                    }
                }
                Some(n) => {
                    let mut m = Map::default();
                    m.insert("default".to_string(), Node::null(n.pos));
                    n.v = V::Map(m);
                    uses_default = true;
                }
                None => {
                    let mut m = Map::default();
                    m.insert("default".to_string(), Node::null(spos));
                    s.insert("networks".to_string(), Node::new(V::Map(m), spos));
                    uses_default = true;
                }
            }
        }
        for service in services.values_mut() {
            let spos = service.pos;
            let Some(s) = service.as_map_mut() else {
                continue;
            };
            implicit_dependencies(s, spos);
        }
    }
    if uses_default {
        let services_pos = root.get("services").map(|n| n.pos).unwrap_or(root_pos);
        let networks = map_entry(root, "networks", services_pos);
        if let V::Map(m) = &mut networks.v {
            m.entry("default".to_string())
                .or_insert_with(|| Node::null(services_pos));
        }
    }
    for section in ["networks", "volumes", "secrets", "configs"] {
        let Some(V::Map(resources)) = root.get_mut(section).map(|n| &mut n.v) else {
            continue;
        };
        for (key, resource) in resources.iter_mut() {
            if resource.is_null() {
                let kpos = resource.kpos;
                *resource = Node::map(resource.pos);
                resource.kpos = kpos;
            }
            let pos = resource.pos;
            let Some(r) = resource.as_map_mut() else {
                continue;
            };
            let has_name = r.get("name").map(|n| !n.is_null()).unwrap_or(false);
            if !has_name {
                let external = matches!(r.get("external").map(|e| &e.v), Some(V::Bool(true)));
                let name = if external {
                    key.clone()
                } else {
                    format!("{project}_{key}")
                };
                r.insert("name".to_string(), Node::str(name, pos));
            }
        }
    }
}

fn implicit_dependencies(s: &mut Map, spos: Pos) {
    let mut wanted: Vec<(String, bool, Pos)> = Vec::new();
    for key in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
        if let Some(n) = s.get(key) {
            if let Some(target) = n.as_str().and_then(|v| v.strip_prefix("service:")) {
                wanted.push((target.to_string(), true, n.pos));
            }
        }
    }
    for (key, restart) in [("links", true), ("volumes_from", false)] {
        if let Some(items) = s.get(key).and_then(|n| n.as_seq()) {
            for item in items {
                let Some(v) = item.as_str() else { continue };
                if v.starts_with("container:") {
                    continue;
                }
                let name = v.split(':').next().unwrap_or(v);
                wanted.push((name.to_string(), restart, item.pos));
            }
        }
    }
    if wanted.is_empty() {
        return;
    }
    let depends = map_entry(s, "depends_on", spos);
    let V::Map(m) = &mut depends.v else { return };
    for (name, restart, pos) in wanted {
        if m.contains_key(&name) {
            continue;
        }
        let mut d = Map::default();
        d.insert("condition".to_string(), Node::str("service_started", pos));
        if restart {
            d.insert("restart".to_string(), Node::new(V::Bool(true), pos));
        }
        d.insert("required".to_string(), Node::new(V::Bool(true), pos));
        let mut node = Node::new(V::Map(d), pos);
        node.kpos = pos;
        m.insert(name, node);
    }
}

/// Stage 7: splits the services into those the profiles enable and the
/// others. A service without `profiles` is always enabled; `*` enables all.
pub(crate) fn split_profiles(dict: &mut Node, profiles: &[String]) -> Map {
    let mut disabled = Map::default();
    let Some(V::Map(services)) = dict
        .as_map_mut()
        .and_then(|m| m.get_mut("services"))
        .map(|n| &mut n.v)
    else {
        return disabled;
    };
    let names: Vec<String> = services.keys().cloned().collect();
    for name in names {
        let own: Vec<String> = services[&name]
            .get("profiles")
            .and_then(|p| p.as_seq())
            .map(|items| items.iter().filter_map(|i| i.scalar_string()).collect())
            .unwrap_or_default();
        let enabled = own.is_empty() || profiles.iter().any(|p| p == "*" || own.contains(p));
        if !enabled {
            if let Some(s) = services.shift_remove(&name) {
                disabled.insert(name, s);
            }
        }
    }
    disabled
}
