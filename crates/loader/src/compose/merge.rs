//! Stage 6: merging one file (or an extended service) over what came before,
//! with compose-go's rules (`override/merge.go`): mappings merge key by key,
//! sequences are appended, `command`/`entrypoint`/`healthcheck.test` are
//! replaced, `environment`/`labels`/`dns`/... are merged as `KEY=VALUE`
//! lists, `depends_on` and `networks` as mappings, and `!reset` /
//! `!override` drop or replace what was there. Then `EnforceUnicity`
//! (`override/uncity.go`) removes entries that a later one redefines
//! (same port binding, same mount target, same variable name...).

use indexmap::IndexMap;

use super::canonical::parse_volume;
use super::ctx::{At, YPath};
use super::yaml::{FxBuild, Map, Node, Tag, V};

/// The key paths tagged `!reset` or `!override` in one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Resets {
    pub paths: Vec<Vec<String>>,
}

/// Records the `!reset` / `!override` paths of `node` and removes the
/// `!reset` values (compose-go's `ResetProcessor`).
pub(crate) fn collect_resets(node: &mut Node) -> Resets {
    let mut out = Resets::default();
    collect(node, &mut Vec::new(), &mut out);
    out
}

fn collect(node: &mut Node, path: &mut Vec<String>, out: &mut Resets) {
    if let V::Map(m) = &mut node.v {
        let mut drop = Vec::new();
        for (k, v) in m.iter_mut() {
            path.push(k.clone());
            match v.tag {
                Some(Tag::Reset) => {
                    out.paths.push(path.clone());
                    drop.push(k.clone());
                }
                Some(Tag::Override) => {
                    out.paths.push(path.clone());
                    v.tag = None;
                }
                None => collect(v, path, out),
            }
            path.pop();
        }
        for k in drop {
            m.shift_remove(&k);
        }
    } else if let V::Seq(s) = &mut node.v {
        s.retain(|n| n.tag != Some(Tag::Reset));
        for item in s.iter_mut() {
            item.tag = None;
        }
    }
}

impl Resets {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// Deletes from `target` (seen at `prefix`) every key a recorded path
    /// names.
    pub fn apply(&self, target: &mut Node, prefix: &[String]) {
        let mut path = prefix.to_vec();
        self.apply_at(target, &mut path);
    }

    fn apply_at(&self, node: &mut Node, path: &mut Vec<String>) {
        if let V::Map(m) = &mut node.v {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                path.push(k.clone());
                if self.paths.iter().any(|p| p == path) {
                    m.shift_remove(&k);
                } else if let Some(v) = m.get_mut(&k) {
                    self.apply_at(v, path);
                }
                path.pop();
            }
        }
    }
}

fn matches(path: &At, pattern: &[&str]) -> bool {
    path.matches(pattern)
}

type Merger = fn(Node, Node, &At) -> Result<Node, String>;

/// Merges `over` into `base` at `path`.
pub(crate) fn merge(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let special: Option<Merger> = if matches(path, &["networks", "*", "ipam", "config"]) {
        Some(merge_ipam_config)
    } else if matches(path, &["services", "*", "command"])
        || matches(path, &["services", "*", "entrypoint"])
        || matches(path, &["services", "*", "healthcheck", "test"])
    {
        Some(|_, o, _| Ok(o))
    } else if matches(path, &["services", "*", "depends_on"]) {
        Some(merge_depends_on)
    } else if matches(path, &["services", "*", "networks"]) {
        Some(merge_networks)
    } else if matches(path, &["services", "*", "extra_hosts"])
        || matches(path, &["services", "*", "build", "extra_hosts"])
    {
        Some(merge_extra_hosts)
    } else if matches(path, &["services", "*", "logging"]) {
        Some(merge_logging)
    } else if matches(path, &["services", "*", "build"]) {
        Some(merge_build)
    } else if matches(path, &["services", "*", "ulimits", "*"]) {
        Some(|_, o, _| Ok(o))
    } else if [
        &["networks", "*", "labels"][..],
        &["volumes", "*", "labels"],
        &["services", "*", "annotations"],
        &["services", "*", "build", "args"],
        &["services", "*", "build", "additional_contexts"],
        &["services", "*", "build", "labels"],
        &["services", "*", "deploy", "labels"],
        &["services", "*", "dns"],
        &["services", "*", "dns_opt"],
        &["services", "*", "dns_search"],
        &["services", "*", "env_file"],
        &["services", "*", "label_file"],
        &["services", "*", "environment"],
        &["services", "*", "labels"],
        &["services", "*", "volumes", "*", "volume", "labels"],
        &["services", "*", "sysctls"],
        &["services", "*", "tmpfs"],
    ]
    .iter()
    .any(|p| matches(path, p))
    {
        Some(merge_to_sequence)
    } else {
        None
    };
    if let Some(f) = special {
        return f(base, over, path);
    }
    if over.is_null() {
        return Ok(base);
    }
    match (base.v, over.v) {
        (V::Map(b), V::Map(o)) => {
            let pos = base.pos;
            let kpos = base.kpos;
            let merged = merge_mappings(b, o, path)?;
            Ok(Node {
                v: V::Map(merged),
                pos,
                kpos,
                tag: None,
            })
        }
        (V::Seq(mut b), V::Seq(o)) => {
            b.extend(o);
            Ok(Node {
                v: V::Seq(b),
                pos: base.pos,
                kpos: base.kpos,
                tag: None,
            })
        }
        (V::Map(_), _) | (V::Seq(_), _) => Err(format!("cannot override {}", path.tree())),
        (_, ov) => Ok(Node {
            v: ov,
            pos: over.pos,
            kpos: base.kpos,
            tag: None,
        }),
    }
}

fn merge_mappings(mut mapping: Map, other: Map, path: &At) -> Result<Map, String> {
    for (k, v) in other {
        match mapping.shift_remove_full(&k) {
            None => {
                mapping.insert(k, v);
            }
            Some((index, _, existing)) => {
                let merged = merge(existing, v, &path.key(&k))?;
                mapping.insert(k.clone(), merged);
                let last = mapping.len() - 1;
                mapping.move_index(last, index);
            }
        }
    }
    Ok(mapping)
}

/// `convertIntoSequence`: a mapping becomes sorted `KEY=VALUE` strings.
pub(crate) fn into_sequence(node: Node) -> Vec<Node> {
    match node.v {
        V::Map(m) => {
            let mut seq: Vec<Node> = Vec::new();
            for (k, v) in m {
                let pos = v.pos;
                match &v.v {
                    V::Null => seq.push(Node::str(k, pos)),
                    V::Seq(items) => {
                        for item in items {
                            let text = item.scalar_string().unwrap_or_default();
                            seq.push(Node::str(format!("{k}={text}"), item.pos));
                        }
                    }
                    _ => {
                        let text = v.scalar_string().unwrap_or_default();
                        seq.push(Node::str(format!("{k}={text}"), pos));
                    }
                }
            }
            composenet_model::order::sort_by(&mut seq, |a, b| a.as_str().cmp(&b.as_str()));
            seq
        }
        V::Seq(s) => s,
        V::Str(_) => vec![node],
        _ => Vec::new(),
    }
}

fn merge_to_sequence(base: Node, over: Node, _: &At) -> Result<Node, String> {
    let pos = base.pos;
    let kpos = base.kpos;
    let mut seq = into_sequence(base);
    seq.extend(into_sequence(over));
    Ok(Node {
        v: V::Seq(seq),
        pos,
        kpos,
        tag: None,
    })
}

fn merge_extra_hosts(base: Node, over: Node, _: &At) -> Result<Node, String> {
    let pos = base.pos;
    let kpos = base.kpos;
    let mut seq = into_sequence(base);
    for item in into_sequence(over) {
        if !seq.contains(&item) {
            seq.push(item);
        }
    }
    Ok(Node {
        v: V::Seq(seq),
        pos,
        kpos,
        tag: None,
    })
}

/// `convertIntoMapping`: a list of names becomes a mapping of names to
/// `default` (or null).
pub(crate) fn into_mapping(node: Node, default: Option<&Node>) -> Map {
    match node.v {
        V::Map(m) => m,
        V::Seq(s) => {
            let mut out = Map::default();
            for item in s {
                let name = item.scalar_string().unwrap_or_default();
                let mut value = match default {
                    Some(d) => {
                        let mut d = d.clone();
                        d.pos = item.pos;
                        d
                    }
                    None => Node::null(item.pos),
                };
                value.kpos = item.pos;
                out.insert(name, value);
            }
            out
        }
        _ => Map::default(),
    }
}

fn depends_default(pos: super::yaml::Pos) -> Node {
    let mut m = Map::default();
    m.insert("condition".to_string(), Node::str("service_started", pos));
    m.insert("required".to_string(), Node::new(V::Bool(true), pos));
    Node::new(V::Map(m), pos)
}

fn merge_depends_on(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let pos = base.pos;
    let kpos = base.kpos;
    let d = depends_default(pos);
    let b = into_mapping(base, Some(&d));
    let o = into_mapping(over, Some(&d));
    Ok(Node {
        v: V::Map(merge_mappings(b, o, path)?),
        pos,
        kpos,
        tag: None,
    })
}

fn merge_networks(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let pos = base.pos;
    let kpos = base.kpos;
    let b = into_mapping(base, None);
    let o = into_mapping(over, None);
    Ok(Node {
        v: V::Map(merge_mappings(b, o, path)?),
        pos,
        kpos,
        tag: None,
    })
}

fn merge_logging(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let (b_driver, o_driver) = (
        base.get("driver").and_then(|n| n.scalar_string()),
        over.get("driver").and_then(|n| n.scalar_string()),
    );
    if b_driver.is_none() || o_driver.is_none() || b_driver == o_driver {
        let pos = base.pos;
        let kpos = base.kpos;
        match (base.v, over.v) {
            (V::Map(b), V::Map(o)) => Ok(Node {
                v: V::Map(merge_mappings(b, o, path)?),
                pos,
                kpos,
                tag: None,
            }),
            (_, o) => Ok(Node::new(o, pos)),
        }
    } else {
        Ok(over)
    }
}

fn merge_build(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let to_map = |n: Node| -> Map {
        match n.v {
            V::Map(m) => m,
            V::Str(_) => {
                let mut m = Map::default();
                let pos = n.pos;
                m.insert("context".to_string(), Node::new(n.v, pos));
                m
            }
            _ => Map::default(),
        }
    };
    let pos = base.pos;
    let kpos = base.kpos;
    Ok(Node {
        v: V::Map(merge_mappings(to_map(base), to_map(over), path)?),
        pos,
        kpos,
        tag: None,
    })
}

fn merge_ipam_config(base: Node, over: Node, path: &At) -> Result<Node, String> {
    let pos = base.pos;
    let kpos = base.kpos;
    let (Some(configs), Some(overrides)) = (base.as_seq().cloned(), over.as_seq().cloned()) else {
        return Err(format!("{}: unexpected type", path.tree()));
    };
    let subnet = |n: &Node| n.get("subnet").and_then(|s| s.scalar_string());
    let mut out: Vec<Node> = Vec::new();
    for original in &configs {
        for o in &overrides {
            if subnet(o) != subnet(original) && !out.iter().any(|a| subnet(a) == subnet(o)) {
                out.push(o.clone());
                continue;
            }
            let merged = match (&original.v, &o.v) {
                (V::Map(b), V::Map(m)) => Node::new(
                    V::Map(merge_mappings(b.clone(), m.clone(), path)?),
                    original.pos,
                ),
                _ => o.clone(),
            };
            match out.iter().position(|a| subnet(a) == subnet(&merged)) {
                Some(i) => out[i] = merged,
                None => out.push(merged),
            }
        }
    }
    Ok(Node {
        v: V::Seq(out),
        pos,
        kpos,
        tag: None,
    })
}

// ---------------------------------------------------------------------------
// EnforceUnicity

type Indexer = fn(&Node, &At) -> Result<String, String>;

fn unique_rule(path: &At) -> Option<Indexer> {
    // compose-go's `unique` table. Every rule names keys only (no sequence
    // item), at most five: the path's keys are taken once and matched
    // against all rules in one `match`, `_` standing for any key.
    let k = path.keys::<5>()?;
    let kv: Indexer = key_value_indexer;
    match (path.len(), k[0], k[2], k[3], k[4]) {
        (3, "networks", "labels", ..) | (4, "networks", "ipam", "options", _) => Some(kv),
        (
            3,
            "services",
            "annotations" | "cap_add" | "cap_drop" | "dns" | "dns_opt" | "dns_search"
            | "environment" | "labels" | "links" | "profiles" | "sysctls" | "tmpfs",
            ..,
        ) => Some(kv),
        (
            4,
            "services",
            "build",
            "args" | "additional_contexts" | "platform" | "tags" | "labels",
            _,
        )
        | (4, "services", "deploy", "labels", _)
        | (5, "services", "networks", _, "aliases" | "link_local_ips") => Some(kv),
        (3, "services", "ports", ..) => Some(port_indexer),
        (3, "services", "volumes", ..) => Some(volume_indexer),
        (3, "services", "expose", ..) => Some(expose_indexer),
        (3, "services", "env_file", ..) => Some(env_file_indexer),
        (3, "services", "secrets", ..) => Some(|n, p| mount_indexer(n, p, "/run/secrets")),
        (3, "services", "configs", ..) => Some(|n, p| mount_indexer(n, p, "")),
        _ => None,
    }
}

fn key_value_indexer(n: &Node, p: &At) -> Result<String, String> {
    match &n.v {
        V::Str(s) => Ok(s.split_once('=').map(|x| x.0).unwrap_or(s).to_string()),
        _ => Err(format!("{}: unexpected type {}", p.tree(), go_type(n))),
    }
}

fn go_type(n: &Node) -> &'static str {
    match &n.v {
        V::Null => "<nil>",
        V::Bool(_) => "bool",
        V::Int(_) => "int",
        V::Float(_) => "float64",
        V::Str(_) => "string",
        V::Seq(_) => "[]interface {}",
        V::Map(_) => "map[string]interface {}",
    }
}

fn port_indexer(n: &Node, p: &At) -> Result<String, String> {
    match &n.v {
        V::Int(i) => Ok(i.to_string()),
        V::Map(m) => {
            let Some(target) = m.get("target") else {
                return Err(format!(
                    "service ports {} is missing a target port",
                    p.tree()
                ));
            };
            let s = |k: &str, d: &str| {
                m.get(k)
                    .and_then(|v| v.scalar_string())
                    .unwrap_or_else(|| d.to_string())
            };
            Ok(format!(
                "{}:{}:{}/{}",
                s("host_ip", "0.0.0.0"),
                s("published", ""),
                target.scalar_string().unwrap_or_default(),
                s("protocol", "tcp")
            ))
        }
        V::Str(s) => Ok(s.clone()),
        _ => Ok(String::new()),
    }
}

fn volume_indexer(n: &Node, p: &At) -> Result<String, String> {
    match &n.v {
        V::Map(m) => match m.get("target").and_then(|t| t.as_str()) {
            Some(t) => Ok(t.to_string()),
            None => Err(format!(
                "service volume {} is missing a mount target",
                p.tree()
            )),
        },
        V::Str(s) => parse_volume(s).map(|v| v.target),
        _ => Ok(String::new()),
    }
}

fn expose_indexer(n: &Node, p: &At) -> Result<String, String> {
    match &n.v {
        V::Str(s) => Ok(s.clone()),
        V::Int(i) => Ok(i.to_string()),
        _ => Err(format!(
            "{}: unsupported expose value {}",
            p.tree(),
            n.scalar_string().unwrap_or_default()
        )),
    }
}

fn env_file_indexer(n: &Node, p: &At) -> Result<String, String> {
    match &n.v {
        V::Str(s) => Ok(s.clone()),
        V::Map(m) => match m.get("path") {
            Some(v) => Ok(v.scalar_string().unwrap_or_default()),
            None => Err(format!(
                "environment path attribute {} is missing",
                p.tree()
            )),
        },
        _ => Ok(String::new()),
    }
}

fn mount_indexer(n: &Node, p: &At, default: &str) -> Result<String, String> {
    match &n.v {
        V::Str(s) => Ok(format!("{default}/{s}")),
        V::Map(m) => match m.get("target") {
            Some(t) => Ok(t.scalar_string().unwrap_or_default()),
            None => Ok(format!(
                "{default}/{}",
                m.get("source")
                    .and_then(|s| s.scalar_string())
                    .unwrap_or_default()
            )),
        },
        _ => Err(format!(
            "{}: unsupported expose value {}",
            p.tree(),
            n.scalar_string().unwrap_or_default()
        )),
    }
}

/// Removes the entries of sequences that a later entry redefines; the later
/// one takes the place of the first. Errors are reported with their path.
/// Every rule is for a sequence at most five keys deep under `services` or
/// `networks`, so the walk goes no further.
pub(crate) fn enforce_unicity(node: &mut Node, path: &At, errors: &mut Vec<(YPath, String)>) {
    match &mut node.v {
        V::Map(m) => {
            if path.len() >= 5 {
                return;
            }
            for (k, v) in m.iter_mut() {
                if path.len() == 0 && k != "services" && k != "networks" {
                    continue;
                }
                enforce_unicity(v, &path.key(k), errors);
            }
        }
        V::Seq(items) => {
            // No rule names a path through a sequence's items.
            let Some(indexer) = unique_rule(path) else {
                return;
            };
            let mut keys: Vec<Option<String>> = Vec::with_capacity(items.len());
            for (i, entry) in items.iter().enumerate() {
                match indexer(entry, &path.idx(i)) {
                    Ok(k) => keys.push(Some(k)),
                    Err(e) => {
                        errors.push((path.idx(i).owned(), e));
                        keys.push(None);
                    }
                }
            }
            // Most lists are short and have no duplicate: they are left as
            // they are.
            let duplicate = |(i, k): (usize, &Option<String>)| k.is_some() && keys[..i].contains(k);
            if keys.len() <= 16 && !keys.iter().enumerate().any(duplicate) {
                return;
            }
            let mut seq: Vec<Node> = Vec::with_capacity(items.len());
            let mut index: IndexMap<String, usize, FxBuild> = IndexMap::default();
            for (entry, key) in std::mem::take(items).into_iter().zip(keys) {
                let Some(key) = key else {
                    seq.push(entry);
                    continue;
                };
                match index.get(&key) {
                    Some(&j) => seq[j] = entry,
                    None => {
                        index.insert(key, seq.len());
                        seq.push(entry);
                    }
                }
            }
            *items = seq;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::Pos;

    /// Builds the path of `keys` (`#` for a sequence's item) and asks
    /// `unique_rule` for it; the answer is what its indexer makes of a
    /// string that every indexer reads differently.
    fn check(keys: &[&str]) -> Option<Result<String, String>> {
        fn walk(at: &At, rest: &[&str]) -> Option<Result<String, String>> {
            let Some((first, rest)) = rest.split_first() else {
                return unique_rule(at).map(|indexer| indexer(&sample(), at));
            };
            if *first == "#" {
                walk(&at.idx(0), rest)
            } else {
                walk(&at.key(first), rest)
            }
        }
        walk(&At::root(), keys)
    }

    /// The string every indexer is given.
    fn sample() -> Node {
        Node::str("A=1:80/udp", Pos::default())
    }

    /// What `indexer` makes of the sample.
    fn by(indexer: Indexer) -> Option<Result<String, String>> {
        Some(indexer(&sample(), &At::root()))
    }

    #[test]
    fn unicity_rules_are_compose_gos() {
        let kv = Some(Ok("A".to_string()));
        type Case<'a> = (&'a [&'a str], Option<Result<String, String>>);
        let cases: &[Case] = &[
            (&["networks", "front", "labels"], kv.clone()),
            (&["networks", "front", "ipam", "options"], kv.clone()),
            (&["services", "web", "annotations"], kv.clone()),
            (&["services", "web", "build", "args"], kv.clone()),
            (
                &["services", "web", "build", "additional_contexts"],
                kv.clone(),
            ),
            (&["services", "web", "build", "platform"], kv.clone()),
            (&["services", "web", "build", "tags"], kv.clone()),
            (&["services", "web", "build", "labels"], kv.clone()),
            (&["services", "web", "cap_add"], kv.clone()),
            (&["services", "web", "cap_drop"], kv.clone()),
            (&["services", "web", "deploy", "labels"], kv.clone()),
            (&["services", "web", "dns"], kv.clone()),
            (&["services", "web", "dns_opt"], kv.clone()),
            (&["services", "web", "dns_search"], kv.clone()),
            (&["services", "web", "environment"], kv.clone()),
            (&["services", "web", "labels"], kv.clone()),
            (&["services", "web", "links"], kv.clone()),
            (
                &["services", "web", "networks", "front", "aliases"],
                kv.clone(),
            ),
            (
                &["services", "web", "networks", "front", "link_local_ips"],
                kv.clone(),
            ),
            (&["services", "web", "profiles"], kv.clone()),
            (&["services", "web", "sysctls"], kv.clone()),
            (&["services", "web", "tmpfs"], kv.clone()),
            (&["services", "web", "ports"], by(port_indexer)),
            (&["services", "web", "volumes"], by(volume_indexer)),
            (&["services", "web", "expose"], by(expose_indexer)),
            (&["services", "web", "env_file"], by(env_file_indexer)),
            (
                &["services", "web", "secrets"],
                Some(Ok("/run/secrets/A=1:80/udp".to_string())),
            ),
            (
                &["services", "web", "configs"],
                Some(Ok("/A=1:80/udp".to_string())),
            ),
            // Near misses: other keys, other depths, other top-level keys,
            // and paths through a sequence's item.
            (&["services", "web", "command"], None),
            (&["services", "web", "ports", "x"], None),
            (&["services", "web", "networks"], None),
            (
                &["services", "web", "networks", "front", "ipv4_address"],
                None,
            ),
            (&["services", "web", "deploy", "placement"], None),
            (&["networks", "front", "ipam", "config"], None),
            (&["volumes", "data", "labels"], None),
            (&["services", "#", "ports"], None),
            (&["services", "web", "#"], None),
            (&["labels"], None),
        ];
        for (keys, want) in cases {
            assert_eq!(&check(keys), want, "{keys:?}");
        }
    }
}
