//! Stages 1–6 for a set of files: what compose-go's `loadYamlModel` and
//! `loadYamlFile` do. Each document of each file is parsed, interpolated,
//! its `extends` and `include` resolved, then merged over the model built so
//! far, checked against the schema and brought to canonical form.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use super::canonical::canonical;
use super::ctx::{At, Ctx, Env, YPath};
use super::interpolate::interpolate;
use super::merge::{collect_resets, enforce_unicity, merge, Resets};
use super::schema;
use super::yaml::{self, Node, Parsed, Pos, V};
use super::{extends, include};
use crate::source::ReadError;

/// A file to load, possibly already parsed (the top-level files are parsed
/// once, early, to find the project name).
pub(crate) struct Source {
    pub path: PathBuf,
    pub parsed: Option<(u32, Parsed)>,
    /// Where the file is named (an `include`), for a missing file.
    pub from: Option<Pos>,
}

/// Reads and parses a file, registering it. `None` (with a diagnostic) when
/// it cannot be read.
pub(crate) fn read_and_parse(
    ctx: &mut Ctx,
    path: &Path,
    base_dir: &Path,
    from: Option<Pos>,
) -> Option<(u32, Parsed)> {
    let text = match ctx.read(path) {
        Ok(text) => text,
        Err(e) => {
            let message = e.with_path(path);
            match from {
                Some(pos) => ctx.error(pos, "", message),
                None => ctx.file_error(None, message),
            }
            return None;
        }
    };
    let id = ctx.add_file(path, base_dir);
    let parsed = yaml::parse(&text, id);
    for doc in parsed.docs.iter().flatten() {
        ctx.record_indexes(doc);
    }
    for e in &parsed.errors {
        let pos = Pos {
            file: id,
            line: e.line,
            col: e.col,
        };
        if e.message.starts_with("yaml: map merge") {
            let message = format!("failed to parse {}: {}", path.display(), e.message);
            ctx.error(pos, "", message);
        } else if e.fatal || !e.message.starts_with("mapping key") {
            ctx.error(pos, "", e.message.clone());
        } else {
            ctx.error(
                pos,
                "",
                format!("yaml: unmarshal errors:\n  line {}: {}", e.line, e.message),
            );
        }
    }
    Some((id, parsed))
}

/// Loads `sources` in order over an empty model (`loadYamlModel`).
/// `chain` lists the files that include this set, for cycle detection.
pub(crate) fn load_model(
    ctx: &mut Ctx,
    sources: Vec<Source>,
    workdir: &Path,
    env: &Env,
    chain: &[PathBuf],
) -> Node {
    let mut dict = Node::map(Pos::default());
    for source in sources {
        let parsed = match source.parsed {
            Some(p) => Some(p),
            None => read_and_parse(ctx, &source.path, workdir, source.from),
        };
        let Some((id, parsed)) = parsed else {
            continue;
        };
        if dict.pos == Pos::default() {
            dict.pos = Pos {
                file: id,
                line: 0,
                col: 0,
            };
            dict.kpos = dict.pos;
        }
        let tagged = parsed.tagged;
        for doc in parsed.docs.into_iter().flatten() {
            let file = (id, source.path.as_path(), tagged);
            load_document(ctx, file, doc, workdir, env, &mut dict, chain);
        }
    }
    check_resources(ctx, &dict);
    dict
}

#[allow(clippy::too_many_arguments)]
fn load_document(
    ctx: &mut Ctx,
    (file, path, tagged): (u32, &Path, bool),
    mut cfg: Node,
    workdir: &Path,
    env: &Env,
    dict: &mut Node,
    chain: &[PathBuf],
) {
    if cfg.as_map().is_none() {
        ctx.error(cfg.pos, "", "top-level object must be a mapping");
        return;
    }
    let resets = if tagged {
        collect_resets(&mut cfg)
    } else {
        Resets::default()
    };
    if let Some(version) = cfg.as_map_mut().and_then(|m| m.shift_remove("version")) {
        ctx.warn(
            version.kpos,
            "version",
            "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        );
    }

    interpolate(ctx, &mut cfg, &At::root(), env);

    extends::apply(ctx, &mut cfg, file, env, &resets);
    if !resets.is_empty() {
        resets.apply(dict, &[]);
    }
    let mut chain = chain.to_vec();
    chain.push(path.to_path_buf());
    include::apply(ctx, &mut cfg, workdir, env, &chain);

    let base = std::mem::replace(dict, Node::null(Pos::default()));
    let pos = base.pos;
    *dict = match merge(base, cfg, &At::root()) {
        Ok(m) => m,
        Err(e) => {
            ctx.error(pos, "", e);
            Node::map(pos)
        }
    };
    unicity(ctx, dict);
    schema::validate(ctx, dict);
    canonical(ctx, dict);
    unicity(ctx, dict);
}

fn unicity(ctx: &mut Ctx, dict: &mut Node) {
    let mut errors = Vec::new();
    enforce_unicity(dict, &At::root(), &mut errors);
    for (path, e) in errors {
        let pos = find(dict, &path).map(|n| n.pos).unwrap_or(dict.pos);
        ctx.error(pos, &path.dotted(), e);
    }
}

/// The node at `path`, if any.
pub(crate) fn find<'n>(node: &'n Node, path: &YPath) -> Option<&'n Node> {
    let mut n = node;
    for seg in path.segs() {
        n = match (seg, &n.v) {
            (super::ctx::Seg::Key(k), V::Map(m)) => m.get(k)?,
            (super::ctx::Seg::Idx(i), V::Seq(s)) => s.get(*i)?,
            _ => return None,
        };
    }
    Some(n)
}

/// compose-go's `validation` package: checks across a resource's keys.
fn check_resources(ctx: &mut Ctx, dict: &Node) {
    if let Some(volumes) = dict.get("volumes").and_then(|v| v.as_map()) {
        for (key, v) in volumes {
            let Some(m) = v.as_map() else { continue };
            if matches!(m.get("external").map(|e| &e.v), Some(V::Bool(true))) {
                for (k, val) in m {
                    if k != "name" && k != "external" && !k.starts_with("x-") {
                        let p = YPath::from_keys(&["volumes", key]);
                        ctx.error(
                            val.kpos,
                            &p.key(k).dotted(),
                            format!(
                                "{}: conflicting parameters \"external\" and {k:?} specified",
                                p.tree()
                            ),
                        );
                    }
                }
            }
        }
    }
    for (section, keys) in [
        ("secrets", &["file", "environment"][..]),
        ("configs", &["file", "environment", "content"][..]),
    ] {
        let Some(items) = dict.get(section).and_then(|v| v.as_map()) else {
            continue;
        };
        for (key, item) in items {
            let Some(m) = item.as_map() else { continue };
            let p = YPath::from_keys(&[section, key]);
            let count = keys.iter().filter(|k| m.contains_key(**k)).count();
            if count > 1 {
                ctx.error(
                    item.kpos,
                    &p.dotted(),
                    format!(
                        "{}: {} attributes are mutually exclusive",
                        p.tree(),
                        keys.join("|")
                    ),
                );
            } else if count == 0 && !m.contains_key("driver") && !m.contains_key("external") {
                ctx.error(
                    item.kpos,
                    &p.dotted(),
                    format!("{}: one of {} must be set", p.tree(), keys.join("|")),
                );
            }
            if section == "secrets" && m.contains_key("content") {
                ctx.error(
                    item.kpos,
                    &p.dotted(),
                    format!("{}: content is not allowed for secrets", p.tree()),
                );
            }
        }
    }
}

/// The `name:` of the last document that sets one, uninterpolated.
pub(crate) fn name_in(parsed: &Parsed) -> Option<Node> {
    let mut out = None;
    for doc in parsed.docs.iter().flatten() {
        if let Some(n) = doc.get("name") {
            if n.as_str().map(|s| !s.is_empty()).unwrap_or(false) {
                out = Some(n.clone());
            }
        }
    }
    out
}

/// Imports the named resources of `source` into `target`
/// (`importResources`); the same definition twice is not a conflict.
pub(crate) fn import_resources(ctx: &mut Ctx, source: Node, target: &mut Node, at: Pos) {
    let V::Map(source) = source.v else { return };
    let Some(target) = target.as_map_mut() else {
        return;
    };
    for key in ["services", "volumes", "networks", "secrets", "configs"] {
        let Some(from) = source.get(key) else {
            continue;
        };
        let Some(from) = from.as_map() else { continue };
        let entry = target
            .entry(key.to_string())
            .or_insert_with(|| Node::map(at));
        if entry.is_null() {
            *entry = Node::map(at);
        }
        let Some(to) = entry.as_map_mut() else {
            continue;
        };
        for (name, value) in from {
            if let Some(existing) = to.get(name) {
                if existing == value {
                    continue;
                }
                ctx.error(
                    existing.kpos,
                    &format!("{key}.{name}"),
                    format!("{key}.{name} conflicts with imported resource"),
                );
                continue;
            }
            to.insert(name.clone(), value.clone());
        }
    }
}

/// Reads `.env`-style files into one map, in order (later files win); the
/// lookup for `${VAR}` inside them sees earlier files, then `env`.
pub(crate) fn read_env_files(
    ctx: &mut Ctx,
    files: &[PathBuf],
    env: &Env,
    pos: Option<Pos>,
    missing_message: &dyn Fn(&Path) -> String,
) -> IndexMap<String, String> {
    let mut out: IndexMap<String, String> = IndexMap::new();
    for f in files {
        let text = match ctx.read(f) {
            Ok(text) => text,
            Err(e) => {
                let message = match e {
                    ReadError::NotFound => missing_message(f),
                    e => e.with_path(f),
                };
                match pos {
                    Some(p) => ctx.error(p, "", message),
                    None => ctx.file_error(None, message),
                }
                continue;
            }
        };
        let lookup = |k: &str| out.get(k).cloned().or_else(|| env.get(k));
        match super::dotenv::parse(&text, &lookup, &mut ctx.budget) {
            Ok(vars) => {
                for (k, v) in vars {
                    out.insert(k, v);
                }
            }
            Err(e) => {
                let message = format!("failed to read {}: {e}", f.display());
                match pos {
                    Some(p) => ctx.error(p, "", message),
                    None => ctx.file_error(None, message),
                }
            }
        }
    }
    out
}
