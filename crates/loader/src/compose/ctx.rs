//! What every stage shares: the files read so far, the diagnostics, YAML
//! paths and the interpolation environment.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use indexmap::IndexMap;

use super::template::Budget;
use super::yaml::{Node, Pos};
use crate::diag::{Diagnostic, Severity};
use crate::source::{normalize, FileSource, ReadError};

/// A file the loader read (or tried to).
#[derive(Clone, Debug)]
pub(crate) struct FileEntry {
    /// Joined to the working directory and normalised.
    pub path: PathBuf,
    /// How diagnostics name it.
    pub display: String,
    /// The directory relative paths in this file are resolved against.
    pub base_dir: PathBuf,
}

/// What an `include` loads: its files and its project directory.
pub(crate) type IncludeKey = (Vec<PathBuf>, PathBuf);

/// The most diagnostics one load keeps. Nobody reads further, and a file
/// of a million broken one-line services would otherwise make millions of
/// them (Compose itself stops at the first).
pub(crate) const MAX_DIAGNOSTICS: usize = 1000;

pub(crate) struct Ctx<'a> {
    pub fs: &'a dyn FileSource,
    pub working_dir: PathBuf,
    pub files: Vec<FileEntry>,
    pub diags: Vec<Diagnostic>,
    /// Problems found after [`MAX_DIAGNOSTICS`] were said: whether one of
    /// them is an error, and whether there were any.
    unsaid: Option<Severity>,
    /// `false` for `--no-interpolate`.
    pub interpolate: bool,
    /// The project had more services than composenet simulates, and those
    /// past the limit were dropped: a reference to one of them is not an
    /// undefined service, and is not reported as one.
    pub services_cut: bool,
    /// `HOME` from the environment, for `~` in paths.
    pub home: Option<String>,
    /// Places whose value is already known to be wrong: later errors there
    /// would only repeat the first one in other words. (A map of the same
    /// type as `written_index`, its values unused: one map type less in
    /// the page's wasm.)
    poisoned: IndexMap<Pos, usize>,
    /// The index each port had in the file it was written in, by its
    /// place. Later stages expand (`8000-8001:80-81` is two ports),
    /// drop (an invalid entry) and merge items, so their index in the
    /// final list is not the one the user can find; diagnostics use this
    /// one.
    written_index: IndexMap<Pos, usize>,
    /// What substitution may still produce in this load.
    pub budget: Budget,
    /// The model each `include` loaded, by its files and project
    /// directory, with the environment it was loaded in.
    pub included: IndexMap<IncludeKey, Vec<(Env, Node)>>,
    /// How many times `include` loaded files; one more once the limit on
    /// it was reported.
    pub include_loads: usize,
    /// How many ports the short syntax has expanded to in this load.
    pub ports: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(fs: &'a dyn FileSource, working_dir: PathBuf) -> Ctx<'a> {
        Ctx {
            fs,
            working_dir,
            files: Vec::new(),
            diags: Vec::new(),
            unsaid: None,
            interpolate: true,
            services_cut: false,
            home: None,
            poisoned: IndexMap::new(),
            written_index: IndexMap::default(),
            budget: Budget::default(),
            included: IndexMap::new(),
            include_loads: 0,
            ports: 0,
        }
    }

    /// Registers a file and returns its index for [`Pos::file`].
    pub fn add_file(&mut self, path: &Path, base_dir: &Path) -> u32 {
        let path = normalize(path);
        let display = match path.strip_prefix(&self.working_dir) {
            Ok(rel) if !rel.as_os_str().is_empty() && !self.working_dir.as_os_str().is_empty() => {
                rel.display().to_string()
            }
            _ => path.display().to_string(),
        };
        self.files.push(FileEntry {
            path,
            display,
            base_dir: normalize(base_dir),
        });
        (self.files.len() - 1) as u32
    }

    /// Records the index of every item of the services' `ports` lists of a
    /// freshly parsed document (see `written_index`): the only lists whose
    /// items later stages expand and drop before saying what is wrong with
    /// one. (Recording every list item of the file cost a second per
    /// million items.)
    pub fn record_indexes(&mut self, doc: &Node) {
        let Some(services) = doc.get("services").and_then(Node::as_map) else {
            return;
        };
        for service in services.values() {
            if let Some(items) = service.get("ports").and_then(Node::as_seq) {
                for (i, item) in items.iter().enumerate() {
                    self.written_index.entry(item.pos).or_insert(i);
                }
            }
        }
    }

    /// The path of item `i` of the list at `list`, with the index the item
    /// had where it was written when that is known.
    pub fn item_path(&self, list: &YPath, i: usize, pos: Pos) -> YPath {
        list.idx(self.written_index.get(&pos).copied().unwrap_or(i))
    }

    pub fn file(&self, id: u32) -> &FileEntry {
        &self.files[id as usize]
    }

    fn push(&mut self, severity: Severity, pos: Pos, path: &str, message: String) {
        if severity == Severity::Error && pos.line > 0 && self.poisoned.contains_key(&pos) {
            return;
        }
        // Past the limit, a problem is only counted.
        if self.diags.len() >= MAX_DIAGNOSTICS {
            if self.unsaid != Some(Severity::Error) {
                self.unsaid = Some(severity);
            }
            return;
        }
        // A problem with no file of its own (a file that cannot be read,
        // no file at all) names no file: its message names the path.
        let file = self
            .files
            .get(pos.file as usize)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        // The same problem found twice is said once. Diagnostics are at
        // most a thousand: a search is enough, and no set of them adds its
        // code to the page's wasm.
        let said = |d: &Diagnostic| {
            d.line == pos.line
                && d.column == pos.col
                && d.severity == severity
                && d.message == message
                && d.file == file
        };
        if self.diags.iter().any(said) {
            return;
        }
        self.diags.push(Diagnostic {
            severity,
            file,
            line: pos.line,
            column: pos.col,
            path: path.to_string(),
            message,
        });
    }

    /// The diagnostics of the load, with a last one saying so when some
    /// were left out.
    pub fn take_diags(&mut self) -> Vec<Diagnostic> {
        let mut diags = std::mem::take(&mut self.diags);
        if let Some(severity) = self.unsaid.take() {
            diags.push(Diagnostic {
                severity,
                file: String::new(),
                line: 0,
                column: 0,
                path: String::new(),
                message: format!("too many problems: only the first {MAX_DIAGNOSTICS} are shown"),
            });
        }
        diags
    }

    pub fn error(&mut self, pos: Pos, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, pos, path, message.into());
    }

    /// Reports an error and silences later errors at the same place.
    pub fn error_once(&mut self, pos: Pos, path: &str, message: impl Into<String>) {
        self.error(pos, path, message);
        self.poison(pos);
    }

    /// Silences later errors at `pos`.
    pub fn poison(&mut self, pos: Pos) {
        self.poisoned.insert(pos, 0);
    }

    pub fn warn(&mut self, pos: Pos, path: &str, message: impl Into<String>) {
        self.push(Severity::Warning, pos, path, message.into());
    }

    /// An error about a file as a whole (it cannot be read, for example).
    pub fn file_error(&mut self, file: Option<u32>, message: impl Into<String>) {
        let pos = Pos {
            file: file.unwrap_or(u32::MAX),
            line: 0,
            col: 0,
        };
        self.push(Severity::Error, pos, "", message.into());
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.is_error())
    }

    /// Reads a file relative to nothing (the path is already joined).
    pub fn read(&self, path: &Path) -> Result<String, ReadError> {
        self.fs.read(&normalize(path))
    }

    /// Resolves a path written in the file that `pos` comes from.
    pub fn resolve(&self, pos: Pos, p: &str) -> PathBuf {
        let base = self
            .files
            .get(pos.file as usize)
            .map(|f| f.base_dir.clone())
            .unwrap_or_else(|| self.working_dir.clone());
        if let (Some(rest), Some(home)) = (p.strip_prefix('~'), &self.home) {
            if rest.is_empty() || rest.starts_with('/') {
                return normalize(&Path::new(home).join(rest.trim_start_matches('/')));
            }
        }
        resolve_against(&base, p)
    }
}

/// Joins a relative path to `base` and cleans it, as Compose does with
/// `filepath.Join`; an absolute path is kept as written, and `~` is left
/// alone (see [`Ctx::resolve`]).
pub(crate) fn resolve_against(base: &Path, p: &str) -> PathBuf {
    let path = Path::new(p);
    if path.is_absolute() || p.starts_with('~') {
        path.to_path_buf()
    } else {
        normalize(&base.join(path))
    }
}

/// One step of a YAML path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Idx(usize),
}

/// A YAML path, `services.web.ports[0]`: each step links to the path it
/// extends, so that the walks which carry a path to every node of a file
/// add one link per node instead of copying every key above it (most of
/// those paths are never printed).
#[derive(Clone, Default)]
pub(crate) struct YPath(Option<Rc<Link>>);

struct Link {
    parent: YPath,
    seg: Seg,
    len: usize,
}

impl YPath {
    pub fn root() -> YPath {
        YPath(None)
    }

    pub fn from_keys(keys: &[&str]) -> YPath {
        keys.iter().fold(YPath::root(), |p, k| p.key(k))
    }

    fn with(&self, seg: Seg) -> YPath {
        YPath(Some(Rc::new(Link {
            parent: self.clone(),
            seg,
            len: self.len() + 1,
        })))
    }

    pub fn key(&self, k: &str) -> YPath {
        self.with(Seg::Key(k.to_string()))
    }

    pub fn idx(&self, i: usize) -> YPath {
        self.with(Seg::Idx(i))
    }

    fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |l| l.len)
    }

    /// The steps, last first.
    fn rev(&self) -> impl Iterator<Item = &Seg> {
        std::iter::successors(self.0.as_deref(), |l| l.parent.0.as_deref()).map(|l| &l.seg)
    }

    /// The steps, from the root.
    pub fn segs(&self) -> Vec<&Seg> {
        let mut segs: Vec<&Seg> = self.rev().collect();
        segs.reverse();
        segs
    }

    /// Our own form, used in diagnostics: `services.web.ports[0]`.
    pub fn dotted(&self) -> String {
        let mut s = String::new();
        for seg in self.segs() {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Idx(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }

    /// compose-go's `tree.Path` as interpolation prints it:
    /// `services.web.ports.[]`.
    pub fn tree(&self) -> String {
        let parts: Vec<String> = self
            .segs()
            .into_iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                Seg::Idx(_) => "[]".to_string(),
            })
            .collect();
        parts.join(".")
    }

    /// The JSON-schema instance location as Compose prints it:
    /// `services.web.ports.0`.
    pub fn schema(&self) -> String {
        let parts: Vec<String> = self
            .segs()
            .into_iter()
            .map(|s| match s {
                Seg::Key(k) => k.clone(),
                Seg::Idx(i) => i.to_string(),
            })
            .collect();
        parts.join(".")
    }
}

impl PartialEq for YPath {
    fn eq(&self, other: &YPath) -> bool {
        self.len() == other.len() && self.rev().eq(other.rev())
    }
}

impl Eq for YPath {}

impl std::fmt::Debug for YPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.segs()).finish()
    }
}

/// The path of the node a walk is at, kept on the walk's own stack: each
/// step borrows its key and links to the step above, so a walk over every
/// node of a file allocates nothing for paths; [`At::owned`] makes the
/// [`YPath`] a diagnostic keeps, for the few nodes that have one.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    parent: Option<&'a At<'a>>,
    seg: Step<'a>,
    len: usize,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Idx(usize),
}

impl<'a> At<'a> {
    pub fn root() -> At<'static> {
        At {
            parent: None,
            seg: Step::Idx(0),
            len: 0,
        }
    }

    pub fn key(&'a self, k: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            seg: Step::Key(k),
            len: self.len + 1,
        }
    }

    pub fn idx(&'a self, i: usize) -> At<'a> {
        At {
            parent: Some(self),
            seg: Step::Idx(i),
            len: self.len + 1,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the last step is a sequence's item.
    pub fn at_item(&self) -> bool {
        matches!(self.seg, Step::Idx(_)) && self.len > 0
    }

    /// The steps, last first.
    fn rev(&self) -> impl Iterator<Item = Step<'a>> + '_ {
        std::iter::successors(Some(self), |a| a.parent)
            .take(self.len)
            .map(|a| a.seg)
    }

    /// The path as a diagnostic keeps it.
    pub fn owned(&self) -> YPath {
        let mut steps: Vec<Step> = self.rev().collect();
        steps.reverse();
        steps.into_iter().fold(YPath::root(), |p, s| match s {
            Step::Key(k) => p.key(k),
            Step::Idx(i) => p.idx(i),
        })
    }

    pub fn dotted(&self) -> String {
        self.owned().dotted()
    }

    pub fn tree(&self) -> String {
        self.owned().tree()
    }

    pub fn schema(&self) -> String {
        self.owned().schema()
    }

    /// The keys of a path of at most `N` steps, first first, `""` after
    /// the last; `None` for a longer path or one through a sequence's item.
    pub fn keys<const N: usize>(&self) -> Option<[&'a str; N]> {
        if self.len > N {
            return None;
        }
        let mut out = [""; N];
        let mut at = self;
        for slot in out[..self.len].iter_mut().rev() {
            match at.seg {
                Step::Key(k) => *slot = k,
                Step::Idx(_) => return None,
            }
            at = at.parent?;
        }
        Some(out)
    }

    /// Matches a pattern where `*` stands for any key and `[]` for any
    /// index.
    pub fn matches(&self, pattern: &[&str]) -> bool {
        if self.len != pattern.len() {
            return false;
        }
        // A plain loop up the parents: every string of a file is tried
        // against the cast and unicity rules, and the iterator chain this
        // replaces did not reduce to it.
        let mut at = self;
        for pat in pattern.iter().rev() {
            let fits = match (at.seg, *pat) {
                (Step::Key(_), "*") | (Step::Idx(_), "[]") => true,
                (Step::Key(k), p) => k == p,
                _ => false,
            };
            if !fits {
                return false;
            }
            match at.parent {
                Some(parent) => at = parent,
                None => break,
            }
        }
        true
    }
}

/// The variables interpolation sees.
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    pub vars: IndexMap<String, String>,
}

impl Env {
    pub fn get(&self, k: &str) -> Option<String> {
        self.vars.get(k).cloned()
    }

    /// Adds the variables of `other` that are not set yet (compose-go's
    /// `Mapping.Merge`).
    pub fn merge_missing(&mut self, other: IndexMap<String, String>) {
        for (k, v) in other {
            self.vars.entry(k).or_insert(v);
        }
    }
}
