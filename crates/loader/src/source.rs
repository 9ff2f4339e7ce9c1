//! Files as the loaders see them: a path in, text out. The command line reads
//! the disk; the browser and the tests hand in a map.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Where the loaders read files from. Paths are already joined to the working
/// directory by the caller, and normalised with [`normalize`].
pub trait FileSource {
    /// The file's text, or `None` when it does not exist or cannot be read.
    fn read(&self, path: &Path) -> Option<String>;

    /// Whether a file exists (used for the default compose file names).
    fn exists(&self, path: &Path) -> bool {
        self.read(path).is_some()
    }
}

/// Files held in memory, keyed by normalised path.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    files: BTreeMap<PathBuf, String>,
}

impl MemorySource {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: impl AsRef<Path>, text: impl Into<String>) {
        self.files.insert(normalize(path.as_ref()), text.into());
    }
}

impl FileSource for MemorySource {
    fn read(&self, path: &Path) -> Option<String> {
        self.files.get(&normalize(path)).cloned()
    }
}

/// Removes `.` and resolves `..` lexically, the way Compose does with
/// `filepath.Clean`, so that `a/../b.yaml` and `b.yaml` name one file.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
