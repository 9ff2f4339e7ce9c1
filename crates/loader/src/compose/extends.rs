//! Stage 4: `extends`, in the same file or from another file
//! (compose-go's `loader/extends.go`). The extended service is merged under
//! the extending one with the usual merge rules; Compose 2.40 keeps the
//! extended service's `depends_on` (recorded: `override.TestOverrideSelfExtends`).
//! Relative paths of a service read from another file stay relative to
//! that file: every node remembers the file it came from.

use std::path::PathBuf;

use super::ctx::{At, Ctx, Env, YPath};
use super::files::read_and_parse;
use super::interpolate::interpolate;
use super::merge::{collect_resets, merge, Resets};
use super::yaml::{Map, Node, Pos, V};

/// The services of one file, as `extends` sees them.
struct Scope {
    path: PathBuf,
    services: Map,
    resets: Resets,
}

/// Resolves every `extends` of the services of `cfg` (read from `file`).
pub(crate) fn apply(ctx: &mut Ctx, cfg: &mut Node, file: u32, env: &Env, resets: &Resets) {
    let Some(map) = cfg.as_map_mut() else { return };
    let Some(services_node) = map.get_mut("services") else {
        return;
    };
    let services = match &mut services_node.v {
        V::Map(m) => std::mem::take(m),
        _ => {
            ctx.error(services_node.pos, "services", "services must be a mapping");
            return;
        }
    };
    let mut scope = Scope {
        path: ctx.file(file).path.clone(),
        services,
        resets: resets.clone(),
    };
    // Only the services that extend another (or are not mappings, which
    // `resolve` reports) need resolving here: the others are asked for
    // when a service extends them.
    let names: Vec<String> = scope
        .services
        .iter()
        .filter(|(_, s)| match &s.v {
            V::Map(m) => m.contains_key("extends"),
            V::Null => false,
            _ => true,
        })
        .map(|(k, _)| k.clone())
        .collect();
    for name in names {
        let mut tracker = Vec::new();
        if resolve(ctx, &name, &mut scope, env, &mut tracker, &[]).is_err() {
            // What the service lacks now follows from the failed extends.
            if let Some(s) = scope.services.get(&name) {
                ctx.poison(s.kpos);
            }
        }
    }
    services_node.v = V::Map(scope.services);
}

/// `applyServiceExtends`: the merged definition of `name` (memoised in
/// `scope`), or `None` for an empty service.
fn resolve(
    ctx: &mut Ctx,
    name: &str,
    scope: &mut Scope,
    env: &Env,
    tracker: &mut Vec<(PathBuf, String)>,
    post: &[Resets],
) -> Result<Option<Node>, ()> {
    let Some(service) = scope.services.get(name).cloned() else {
        return Ok(None);
    };
    if service.is_null() {
        return Ok(None);
    }
    let path = YPath::from_keys(&["services", name]);
    let Some(m) = service.as_map() else {
        ctx.error(
            service.pos,
            &path.dotted(),
            format!("services.{name} must be a mapping"),
        );
        return Err(());
    };
    let Some(ext) = m.get("extends") else {
        return Ok(Some(service));
    };
    let (reference, file) = match &ext.v {
        V::Str(s) => (s.clone(), None),
        V::Map(e) => (
            e.get("service")
                .and_then(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
            e.get("file")
                .and_then(|f| f.as_str().map(|s| (s.to_string(), f.pos))),
        ),
        _ => {
            ctx.error(
                ext.pos,
                &path.key("extends").dotted(),
                "extends must be a string or a mapping",
            );
            return Err(());
        }
    };
    let ext_pos = ext.pos;
    let here = scope.path.display().to_string();

    let base = if let Some((file_name, file_pos)) = file {
        // The base lives in another file: read it into its own scope.
        let target = ctx.resolve(file_pos, &file_name);
        let base_dir = target.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let Some((_, parsed)) = read_and_parse(ctx, &target, &base_dir, Some(file_pos)) else {
            return Err(());
        };
        let mut doc = parsed
            .docs
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| Node::map(Pos::default()));
        let other_resets = collect_resets(&mut doc);
        interpolate(ctx, &mut doc, &At::root(), env);
        let services = match doc.as_map().and_then(|m| m.get("services")) {
            Some(Node { v: V::Map(s), .. }) => s.clone(),
            Some(_) => {
                ctx.error(
                    ext_pos,
                    &path.key("extends").dotted(),
                    format!(
                        "cannot extend service {name:?} in {}: services must be a mapping",
                        target.display()
                    ),
                );
                return Err(());
            }
            None => {
                ctx.error(
                    ext_pos,
                    &path.key("extends").dotted(),
                    format!(
                        "cannot extend service {name:?} in {}: no services section",
                        target.display()
                    ),
                );
                return Err(());
            }
        };
        if !services.contains_key(&reference) {
            ctx.error(
                ext_pos,
                &path.key("extends").dotted(),
                format!(
                    "cannot extend service {name:?} in {here}: service {reference:?} not found in {file_name}"
                ),
            );
            return Err(());
        }
        if let Some(cycle) = track(tracker, &target, name) {
            ctx.error(ext_pos, &path.key("extends").dotted(), cycle);
            return Err(());
        }
        let mut other = Scope {
            path: target.clone(),
            services,
            resets: other_resets.clone(),
        };
        let mut post = post.to_vec();
        post.push(other_resets);
        resolve(ctx, &reference, &mut other, env, tracker, &post)?
    } else {
        if !scope.services.contains_key(&reference) {
            ctx.error(
                ext_pos,
                &path.key("extends").dotted(),
                format!(
                    "cannot extend service {name:?} in {here}: service {reference:?} not found"
                ),
            );
            return Err(());
        }
        if let Some(cycle) = track(tracker, &scope.path, name) {
            ctx.error(ext_pos, &path.key("extends").dotted(), cycle);
            return Err(());
        }
        resolve(ctx, &reference, scope, env, tracker, post)?
    };

    let Some(base) = base else {
        return Ok(Some(service));
    };
    // Resets are recorded as `services.<name>.<key>`; the base is seen here
    // as the service itself, so apply them on a wrapper.
    let mut wrapper = wrap(name, base);
    scope.resets.apply(&mut wrapper, &[]);
    for r in post {
        r.apply(&mut wrapper, &[]);
    }
    let source = unwrap(name, wrapper);
    let mut merged = match merge(
        source,
        service.clone(),
        &At::root().key("services").key(name),
    ) {
        Ok(m) => m,
        Err(e) => {
            ctx.error(service.pos, &path.dotted(), e);
            return Err(());
        }
    };
    merged.pos = service.pos;
    merged.kpos = service.kpos;
    if let Some(m) = merged.as_map_mut() {
        m.shift_remove("extends");
    }
    scope.services.insert(name.to_string(), merged.clone());
    tracker.pop();
    Ok(Some(merged))
}

fn wrap(name: &str, service: Node) -> Node {
    let pos = service.pos;
    let mut services = Map::default();
    services.insert(name.to_string(), service);
    let mut root = Map::default();
    root.insert("services".to_string(), Node::new(V::Map(services), pos));
    Node::new(V::Map(root), pos)
}

fn unwrap(name: &str, root: Node) -> Node {
    let pos = root.pos;
    match root.v {
        V::Map(mut m) => match m.shift_remove("services").map(|s| s.v) {
            Some(V::Map(mut s)) => s.shift_remove(name).unwrap_or_else(|| Node::map(pos)),
            _ => Node::map(pos),
        },
        _ => Node::map(pos),
    }
}

/// compose-go's `cycleTracker`: the chain of (file, service) followed so far.
fn track(
    tracker: &mut Vec<(PathBuf, String)>,
    file: &std::path::Path,
    service: &str,
) -> Option<String> {
    let entry = (file.to_path_buf(), service.to_string());
    if tracker.contains(&entry) {
        let mut lines = vec![
            "Circular reference:".to_string(),
            format!("  {} in {}", tracker[0].1, tracker[0].0.display()),
        ];
        for (f, s) in tracker.iter().skip(1).chain(std::iter::once(&entry)) {
            lines.push(format!("  extends {} in {}", s, f.display()));
        }
        return Some(lines.join("\n"));
    }
    tracker.push(entry);
    None
}
