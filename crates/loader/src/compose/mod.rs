//! The compose file loader: what Compose v2 (compose-go) does when it loads
//! a project, for everything that matters to networking and lifecycle.
//!
//! [`load`] runs these stages, in this order (compose-go's `parsing.md` and
//! `loader/loader.go`):
//!
//! 0. **Options** ([`load`]): the environment (the process environment over
//!    `--env-file`s, default `<working dir>/.env`), the files (`-f`, else
//!    `COMPOSE_FILE`, else `compose.yaml`/`compose.yml`/`docker-compose.yml`/
//!    `docker-compose.yaml` plus the matching override file) and the project
//!    name (`-p` > `COMPOSE_PROJECT_NAME` > top-level `name:` > the working
//!    directory's base name; lowercased, only `[a-z0-9_-]`).
//! 1. **Parse** (`yaml`): libyaml events into position-carrying nodes; files
//!    over 10 MiB, nesting deeper than 256 and alias bombs are refused;
//!    anchors, `<<` merge keys (a mapping or a list of mappings, never a
//!    scalar), `!reset` / `!override` tags, duplicate keys.
//! 2. **`version`** (`files`): accepted with Compose's "obsolete" warning.
//! 3. **Interpolation** (`interpolate`, `template`): `$VAR`, `${VAR:-d}`,
//!    `${VAR?err}`, `$$`... in every value, with compose-go's error text,
//!    then its casts of boolean and integer attributes. Defaults nest at
//!    most 100 deep, a value grows to at most 128 KiB, and one load's
//!    substitutions produce at most 16 MiB (`template`).
//! 4. **extends** (`extends`), same file or `file:`, with cycle detection.
//!    compose-go runs it before `include`, and so does this loader: a
//!    service cannot extend one that only an include brings.
//! 5. **include** (`include`): sub-projects with their own directory and
//!    `.env`; conflicting definitions are errors. Each file set is loaded
//!    once per directory and environment, at most 1000 times in all.
//! 6. **Merge** (`merge`, `schema`, `canonical`): each document and each
//!    `-f` file over the previous ones with compose-go's override rules and
//!    `!reset`/`!override`; duplicates removed (`EnforceUnicity`); the
//!    schema checked (unknown keys are errors, as in Compose); short
//!    syntaxes (ports with ranges, volumes, depends_on, ...) expanded.
//! 7. **Normalisation** (`normalize`): the implicit `default` network (only
//!    when a service uses it), implicit `depends_on` from `links`,
//!    `network_mode: service:X`, `volumes_from`, ..., and final network and
//!    volume names (`<project>_<key>`).
//! 8. **Profiles** (`normalize::split_profiles`): services whose profiles
//!    are not enabled are set aside (compose-go's `WithProfiles`).
//! 9. **Validation** (`validate`): undefined networks, services and volumes,
//!    `network_mode` with `networks`, `container_name` with replicas, and
//!    dependency cycles, in Compose's words and in name order.
//! 10. **Typed project** (`convert`): [`Project`] values; `env_file`s read
//!     into `environment`; networks and volumes no enabled service uses are
//!     left out, as `docker compose` does.
//!
//! Nothing stops at the first problem: every diagnostic carries file, line,
//! column and YAML path, and a project is returned whenever one can be
//! shown, errors or not.

pub mod behaviour;
mod canonical;
mod convert;
mod ctx;
mod dotenv;
mod duration;
mod extends;
mod files;
mod include;
mod interpolate;
mod merge;
mod model;
mod normalize;
mod ports;
mod schema;
mod template;
mod validate;
mod yaml;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

pub use behaviour::{parse_app_label, AppBehaviour, AppSetting, ConnectFailure};
pub use duration::parse_go_duration;
pub use model::*;

use crate::diag::Diagnostic;
use crate::source::{normalize as normalize_path, FileSource};
use ctx::{resolve_against, Ctx, Env};
use files::{load_model, read_and_parse, read_env_files, Source};
use yaml::{Node, Pos, V};

/// What `docker compose` is told on its command line and by its
/// environment.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The project directory; relative paths in the files are resolved
    /// against it.
    pub working_dir: PathBuf,
    /// `-f` files in order. Empty: `COMPOSE_FILE`, else the default names
    /// in `working_dir` plus the matching override file.
    pub files: Vec<PathBuf>,
    /// `-p`.
    pub project_name: Option<String>,
    /// The process environment (it wins over `.env`).
    pub env: IndexMap<String, String>,
    /// `--env-file`; empty: `working_dir/.env` if present.
    pub env_files: Vec<PathBuf>,
    /// `--profile`; empty: `COMPOSE_PROFILES`.
    pub profiles: Vec<String>,
    /// `false` is `--no-interpolate`.
    pub interpolate: bool,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            working_dir: PathBuf::new(),
            files: Vec::new(),
            project_name: None,
            env: IndexMap::new(),
            env_files: Vec::new(),
            profiles: Vec::new(),
            interpolate: true,
        }
    }
}

/// The result of [`load`]: a project whenever something can be shown, and
/// every problem found, errors and warnings.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub project: Option<Project>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the project's services and networks were written, so that a
    /// problem found later (a warning about a running container) can be
    /// pinned to its line and column.
    pub places: Places,
}

/// A place in a compose file: the file as the user named it, 1-based line
/// and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// The place of every value under `services` and `networks` of a loaded
/// project, by YAML path (`services.web.environment.DB_HOST`,
/// `services.web.ports[0]`), after merging, so an override file's value
/// is found where it was written. A scalar's place is its value's, a
/// mapping's or a list's is its key's.
///
/// Places keeps the merged tree and finds a path when asked: a warning
/// asks for a few, and naming every node of a large file in advance cost
/// a tenth of its load.
#[derive(Clone, Debug, Default)]
pub struct Places {
    tree: Option<std::rc::Rc<yaml::Node>>,
    /// How diagnostics name each file, by `Pos::file`.
    files: Vec<String>,
}

impl Places {
    /// As deep as a network alias (`services.S.networks.N.aliases[0]`).
    const DEPTH: usize = 5;

    pub fn get(&self, path: &str) -> Option<Place> {
        let tree = self.tree.as_deref()?;
        ["services", "networks"].iter().find_map(|top| {
            let rest = path.strip_prefix(top)?;
            self.find(tree.get(top)?, rest, 0)
        })
    }

    /// The first of `paths` that has a place: callers list the most
    /// precise path first and fall back to the one that holds it.
    pub fn first(&self, paths: &[String]) -> Option<Place> {
        paths.iter().find_map(|p| self.get(p))
    }

    /// Renames every place's file, for a caller that names files from
    /// another directory than the project's.
    pub fn rename_files(&mut self, rename: impl Fn(&str) -> String) {
        for file in &mut self.files {
            *file = rename(file);
        }
    }

    /// The place of the node `rest` names below `node` (at `depth`). A key
    /// may hold dots, so each way of reading the next key is tried.
    fn find(&self, node: &yaml::Node, rest: &str, depth: usize) -> Option<Place> {
        if rest.is_empty() {
            let pos = match node.v {
                V::Map(_) | V::Seq(_) => node.kpos,
                _ => node.pos,
            };
            let file = self.files.get(pos.file as usize)?;
            return (pos.line > 0).then(|| Place {
                file: file.clone(),
                line: pos.line,
                column: pos.col,
            });
        }
        if depth == Self::DEPTH {
            return None;
        }
        match &node.v {
            V::Map(m) => {
                let rest = rest.strip_prefix('.')?;
                rest.char_indices()
                    .filter(|(_, c)| *c == '.' || *c == '[')
                    .map(|(i, _)| i)
                    .chain([rest.len()])
                    .find_map(|end| self.find(m.get(&rest[..end])?, &rest[end..], depth + 1))
            }
            V::Seq(items) => {
                let (i, rest) = rest.strip_prefix('[')?.split_once(']')?;
                if !is_index(i) {
                    return None;
                }
                self.find(items.get(i.parse::<usize>().ok()?)?, rest, depth + 1)
            }
            _ => None,
        }
    }
}

/// Whether `i` is an index as paths print it (digits, no leading zero).
fn is_index(i: &str) -> bool {
    i == "0" || (!i.is_empty() && !i.starts_with('0') && i.bytes().all(|b| b.is_ascii_digit()))
}

impl Loaded {
    /// Whether Compose would refuse the project.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The most containers one project may ask for (`scale`, `deploy.replicas`,
/// `--scale`, summed over its services). Compose itself has no limit; this
/// one keeps `up` within seconds and the drawing within what a page can
/// show: every container is a full object of the simulation with its own
/// interfaces, addresses and events, and 10 000 is the largest project the
/// simulator is built to bring up (issue 11's target: `up` of 10 000
/// services within a second). A service with a million replicas is a typo
/// or an attack, and would otherwise take hours. The same number bounds
/// the services (a service scaled to 0 is still an object of the
/// simulation), so that a file of a million one-line services is refused
/// in seconds instead of filling gigabytes.
pub const MAX_PROJECT_CONTAINERS: u64 = 10_000;

/// Refuses a project of more than [`MAX_PROJECT_CONTAINERS`] services and
/// keeps the first ones written, so that the stages after it (which add
/// networks to every service) and the diagnostics of a file of a million
/// one-line services cost no more than the first ten thousand.
fn too_many_services(ctx: &mut Ctx, dict: &mut Node) {
    let Some(services) = dict.as_map_mut().and_then(|m| m.get_mut("services")) else {
        return;
    };
    let Some(services) = services.as_map_mut() else {
        return;
    };
    let limit = MAX_PROJECT_CONTAINERS as usize;
    if let Some((name, first_over)) = services.get_index(limit) {
        ctx.error(
            first_over.kpos,
            &format!("services.{name}"),
            format!(
                "the project defines {} services; composenet simulates at most {limit}",
                services.len()
            ),
        );
        services.truncate(limit);
        ctx.services_cut = true;
    }
}

/// compose-go's default file names, in order of preference.
pub const DEFAULT_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
/// The override files looked for next to a default file.
pub const DEFAULT_OVERRIDE_FILES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// compose-go's `NormalizeProjectName`: lowercase, keep `[a-z0-9_-]`, and
/// drop leading `_` and `-`.
pub fn normalize_project_name(s: &str) -> String {
    // ASCII lowercasing: Go's Unicode one differs only for letters the
    // filter below drops anyway (and the Kelvin sign), and the standard
    // library's Unicode tables would cost the page 10 KB.
    let lower = s.to_ascii_lowercase();
    let kept: String = lower
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

fn invalid_project_name(name: &str) -> String {
    format!(
        "invalid project name {name:?}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
    )
}

const NOWHERE: Pos = Pos {
    file: u32::MAX,
    line: 0,
    col: 0,
};

/// Loads a project the way `docker compose config` does.
pub fn load(opts: &LoadOptions, fs: &dyn FileSource) -> Loaded {
    let working_dir = normalize_path(&opts.working_dir);
    let mut ctx = Ctx::new(fs, working_dir.clone());
    ctx.interpolate = opts.interpolate;

    // Stage 0: environment, files, project name.
    let mut env = Env {
        vars: opts.env.clone(),
    };
    let env_files: Vec<PathBuf> = if opts.env_files.is_empty() {
        let default = working_dir.join(".env");
        if fs.exists(&normalize_path(&default)) {
            vec![default]
        } else {
            Vec::new()
        }
    } else {
        opts.env_files
            .iter()
            .map(|f| resolve_against(&working_dir, &f.to_string_lossy()))
            .collect()
    };
    let vars = read_env_files(&mut ctx, &env_files, &env, None, &|f: &Path| {
        format!("couldn't find env file: {}", f.display())
    });
    env.merge_missing(vars);

    ctx.home = env.get("HOME");
    let files = config_files(&mut ctx, opts, &env, &working_dir);
    if files.is_empty() {
        ctx.file_error(None, "no configuration file provided: not found");
        return Loaded {
            project: None,
            diagnostics: ctx.take_diags(),
            places: Places::default(),
        };
    }

    // Stage 1 for the top-level files now: the project name may be in them.
    let mut sources = Vec::new();
    let mut yaml_name = None;
    for f in &files {
        if let Some((id, parsed)) = read_and_parse(&mut ctx, f, &working_dir, None) {
            if let Some(n) = files::name_in(&parsed) {
                yaml_name = Some(n);
            }
            sources.push(Source {
                path: f.clone(),
                parsed: Some((id, parsed)),
                from: None,
            });
        }
    }
    if sources.is_empty() {
        return Loaded {
            project: None,
            diagnostics: ctx.take_diags(),
            places: Places::default(),
        };
    }
    let name = project_name(&mut ctx, opts, &env, yaml_name, &working_dir);
    env.vars
        .insert("COMPOSE_PROJECT_NAME".to_string(), name.clone());
    let profiles: Vec<String> = if opts.profiles.is_empty() {
        env.get("COMPOSE_PROFILES")
            .map(|p| {
                p.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        opts.profiles.clone()
    };

    // Stages 1–6 for every file, document by document.
    let mut dict = load_model(&mut ctx, sources, &working_dir, &env, &[]);
    if dict.as_map().map(|m| m.is_empty()).unwrap_or(true) {
        if ctx.has_errors() {
            // Nothing could be read: there is nothing to show.
            return Loaded {
                project: None,
                diagnostics: ctx.take_diags(),
                places: Places::default(),
            };
        }
        ctx.error(dict.pos, "", "empty compose file");
    }
    if let Some(s) = dict.get("services") {
        if !matches!(s.v, V::Map(_))
            && !ctx
                .diags
                .iter()
                .any(|d| d.message == "services must be a mapping")
        {
            ctx.error(s.pos, "services", "services must be a mapping");
        }
    }

    // A file of a million one-line services is refused before the stages
    // that add to each service, so that it costs no more than its tree.
    too_many_services(&mut ctx, &mut dict);

    // Stage 7: normalisation. Stage 8: profiles.
    normalize::normalize(&mut dict, &name);
    let disabled = normalize::split_profiles(&mut dict, &profiles);

    // Stage 9: validation.
    let names = validate::check(&mut ctx, &dict, &disabled);

    // Stage 10: typed project.
    let project = convert::project(&mut ctx, &dict, (&disabled, names), &name, &env);
    let places = Places {
        files: ctx.files.iter().map(|f| f.display.clone()).collect(),
        tree: Some(std::rc::Rc::new(dict)),
    };
    Loaded {
        project: Some(project),
        diagnostics: ctx.take_diags(),
        places,
    }
}

fn config_files(ctx: &mut Ctx, opts: &LoadOptions, env: &Env, working_dir: &Path) -> Vec<PathBuf> {
    if !opts.files.is_empty() {
        return opts
            .files
            .iter()
            .map(|f| resolve_against(working_dir, &f.to_string_lossy()))
            .collect();
    }
    if let Some(list) = env.get("COMPOSE_FILE").filter(|s| !s.is_empty()) {
        let sep = env
            .get("COMPOSE_PATH_SEPARATOR")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| ":".to_string());
        return list
            .split(sep.as_str())
            .filter(|s| !s.is_empty())
            .map(|f| resolve_against(working_dir, f))
            .collect();
    }
    let found = |names: &[&str]| -> Vec<PathBuf> {
        names
            .iter()
            .map(|n| normalize_path(&working_dir.join(n)))
            .filter(|p| ctx.fs.exists(p))
            .collect()
    };
    let candidates = found(DEFAULT_FILES);
    let Some(winner) = candidates.first().cloned() else {
        return Vec::new();
    };
    let mut out = vec![winner.clone()];
    if candidates.len() > 1 {
        let list: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
        ctx.warn(
            NOWHERE,
            "",
            format!(
                "Found multiple config files with supported names: {}",
                list.join(", ")
            ),
        );
        ctx.warn(NOWHERE, "", format!("Using {}", winner.display()));
    }
    let overrides = found(DEFAULT_OVERRIDE_FILES);
    if let Some(o) = overrides.first() {
        if overrides.len() > 1 {
            let list: Vec<String> = overrides.iter().map(|p| p.display().to_string()).collect();
            ctx.warn(
                NOWHERE,
                "",
                format!(
                    "Found multiple override files with supported names: {}",
                    list.join(", ")
                ),
            );
            ctx.warn(NOWHERE, "", format!("Using {}", o.display()));
        }
        out.push(o.clone());
    }
    out
}

fn project_name(
    ctx: &mut Ctx,
    opts: &LoadOptions,
    env: &Env,
    yaml_name: Option<yaml::Node>,
    working_dir: &Path,
) -> String {
    let imperative = opts
        .project_name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| env.get("COMPOSE_PROJECT_NAME").filter(|n| !n.is_empty()));
    if let Some(n) = imperative {
        if normalize_project_name(&n) != n {
            ctx.file_error(None, invalid_project_name(&n));
            let fixed = normalize_project_name(&n);
            if !fixed.is_empty() {
                return fixed;
            }
        } else {
            return n;
        }
    }
    if let Some(mut node) = yaml_name {
        interpolate::interpolate(ctx, &mut node, &ctx::At::root().key("name"), env);
        let n = normalize_project_name(&node.scalar_string().unwrap_or_default());
        if !n.is_empty() {
            return n;
        }
    }
    let n = normalize_project_name(&convert::dir_name(working_dir));
    if n.is_empty() {
        ctx.file_error(None, "project name must not be empty");
    }
    n
}
