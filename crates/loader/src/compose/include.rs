//! Stage 5: `include` (compose-go's `loader/include.go`). Each entry is
//! loaded as a project of its own — with its own project directory, for
//! relative paths, and its own `env_file` (default: that directory's
//! `.env`) added to the environment — and its services, networks and
//! volumes are imported; defining one of them again differently is an
//! error.

use std::path::{Path, PathBuf};

use super::ctx::{resolve_against, Ctx, Env, YPath};
use super::files::{import_resources, load_model, read_env_files, Source};
use super::yaml::{Node, Pos, V};

/// How many times `include` may load files in one project. Each file set
/// is loaded once per environment it is included with; includes that give
/// every path a different `env_file` could still fan out, and this stops
/// them. Real projects include a handful of files.
const MAX_INCLUDE_LOADS: usize = 1000;

struct Entry {
    paths: Vec<(String, Pos)>,
    env_files: Vec<String>,
    project_directory: Option<String>,
    pos: Pos,
}

fn strings(node: &Node) -> Vec<(String, Pos)> {
    match &node.v {
        V::Str(s) => vec![(s.clone(), node.pos)],
        V::Seq(items) => items
            .iter()
            .filter_map(|i| i.as_str().map(|s| (s.to_string(), i.pos)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Resolves and removes `include` from `cfg`. `chain` ends with the file
/// being loaded.
pub(crate) fn apply(ctx: &mut Ctx, cfg: &mut Node, workdir: &Path, env: &Env, chain: &[PathBuf]) {
    let Some(include) = cfg.as_map_mut().and_then(|m| m.shift_remove("include")) else {
        return;
    };
    let items = match &include.v {
        V::Seq(items) => items.clone(),
        V::Null => return,
        _ => {
            ctx.error(include.pos, "include", "`include` must be a list");
            return;
        }
    };
    let mut entries = Vec::new();
    for item in items {
        match &item.v {
            V::Str(s) => entries.push(Entry {
                paths: vec![(s.clone(), item.pos)],
                env_files: Vec::new(),
                project_directory: None,
                pos: item.pos,
            }),
            V::Map(m) => entries.push(Entry {
                paths: m.get("path").map(strings).unwrap_or_default(),
                env_files: m
                    .get("env_file")
                    .map(|n| strings(n).into_iter().map(|x| x.0).collect())
                    .unwrap_or_default(),
                project_directory: m
                    .get("project_directory")
                    .and_then(|p| p.as_str().map(String::from)),
                pos: item.pos,
            }),
            _ => ctx.error(
                item.pos,
                "include",
                format!(
                    "invalid type {} for `include` configuration",
                    item.type_name()
                ),
            ),
        }
    }
    for (index, entry) in entries.into_iter().enumerate() {
        let path = YPath::root().key("include").idx(index);
        if entry.paths.is_empty() {
            ctx.error(entry.pos, &path.dotted(), "include: path is required");
            continue;
        }
        let files: Vec<PathBuf> = entry
            .paths
            .iter()
            .map(|(p, _)| resolve_against(workdir, p))
            .collect();
        let project_dir = match &entry.project_directory {
            Some(d) => resolve_against(workdir, d),
            None => files[0].parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        if chain.contains(&files[0]) {
            let mut lines: Vec<String> = chain.iter().map(|p| p.display().to_string()).collect();
            lines.push(files[0].display().to_string());
            ctx.error(
                entry.pos,
                &path.dotted(),
                format!(
                    "include cycle detected:\n{}\n include {}",
                    lines[0],
                    lines[1..].join("\n include ")
                ),
            );
            continue;
        }
        let env_files: Vec<PathBuf> = if entry.env_files.is_empty() {
            let default = project_dir.join(".env");
            if ctx.fs.exists(&crate::source::normalize(&default)) {
                vec![default]
            } else {
                Vec::new()
            }
        } else {
            entry
                .env_files
                .iter()
                .map(|f| resolve_against(workdir, f))
                .collect()
        };
        let vars = read_env_files(ctx, &env_files, env, Some(entry.pos), &|f| {
            format!("stat {}: no such file or directory", f.display())
        });
        let mut include_env = env.clone();
        include_env.merge_missing(vars);
        // Each file set is loaded once per directory and environment: a
        // file that two files include (or one file twice) would otherwise
        // be loaded again for every path that leads to it, 2^depth times
        // when each file includes the next twice. What it found wrong was
        // said the first time.
        let key = (files.clone(), project_dir.clone());
        let cached = ctx
            .included
            .get(&key)
            .and_then(|loads| loads.iter().find(|(e, _)| e.vars == include_env.vars))
            .map(|(_, model)| model.clone());
        let model = match cached {
            Some(model) => model,
            None if ctx.include_loads >= MAX_INCLUDE_LOADS => {
                // Said once, where the limit was reached: the includes
                // after it would only repeat it.
                if ctx.include_loads > MAX_INCLUDE_LOADS {
                    continue;
                }
                ctx.include_loads += 1;
                ctx.error(
                    entry.pos,
                    &path.dotted(),
                    format!(
                        "too many includes: a project may load at most {MAX_INCLUDE_LOADS} included file sets"
                    ),
                );
                continue;
            }
            None => {
                let sources = files
                    .into_iter()
                    .map(|p| Source {
                        path: p,
                        parsed: None,
                        from: Some(entry.pos),
                    })
                    .collect();
                ctx.include_loads += 1;
                let model = load_model(ctx, sources, &project_dir, &include_env, chain);
                ctx.included
                    .entry(key)
                    .or_default()
                    .push((include_env, model.clone()));
                model
            }
        };
        import_resources(ctx, model, cfg, entry.pos);
    }
}
