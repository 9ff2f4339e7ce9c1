//! Files as the loaders see them: a path in, text out. The command line reads
//! the disk; the browser and the tests hand in a map.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Where the loaders read files from. Paths are already joined to the working
/// directory by the caller, and normalised with [`normalize`].
pub trait FileSource {
    /// The file's text, or why it cannot be had.
    fn read(&self, path: &Path) -> Result<String, ReadError>;

    /// Whether a file exists (used for the default compose file names).
    fn exists(&self, path: &Path) -> bool {
        self.read(path).is_ok()
    }
}

/// Why a file could not be read. The `Display` is the reason alone, in the
/// words of Go's `os` package where it has some (`no such file or
/// directory`, `is a directory`), so that a loader can say
/// `open PATH: REASON` or `read PATH: REASON` the way Compose does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// A directory where a file was expected.
    IsDirectory,
    /// A device, FIFO or socket: reading it could block for ever or never
    /// end (`/dev/zero`), so it is refused before it is opened. The string
    /// names the kind (`a character device`).
    NotAFile(&'static str),
    /// More than `limit` bytes, whatever the file system said its size was.
    TooLarge {
        limit: u64,
    },
    /// UTF-16 text (it starts with a byte-order mark).
    Utf16,
    /// Not UTF-8: the 1-based line and column of the first bad byte.
    NotUtf8 {
        line: usize,
        column: usize,
    },
    /// Anything else the operating system said (`permission denied`).
    Other(String),
}

impl ReadError {
    /// The verb Go puts before the path: opening fails for a missing file
    /// or a permission problem, reading for everything else.
    pub fn verb(&self) -> &'static str {
        match self {
            ReadError::NotFound | ReadError::Other(_) => "open",
            _ => "read",
        }
    }

    /// `open PATH: REASON` or `read PATH: REASON`.
    pub fn with_path(&self, path: &Path) -> String {
        format!("{} {}: {self}", self.verb(), path.display())
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file or directory"),
            ReadError::IsDirectory => f.write_str("is a directory"),
            ReadError::NotAFile(kind) => write!(f, "is {kind}, not a regular file"),
            ReadError::TooLarge { limit } => {
                write!(f, "file is larger than {} MiB", limit / (1024 * 1024))
            }
            ReadError::Utf16 => f.write_str(
                "file is UTF-16 text (it starts with a byte-order mark); save it as UTF-8",
            ),
            ReadError::NotUtf8 { line, column } => write!(
                f,
                "file is not UTF-8 text (invalid byte at line {line}, column {column})"
            ),
            ReadError::Other(reason) => f.write_str(reason),
        }
    }
}

/// Turns a file's bytes into text: UTF-8, with a leading byte-order mark
/// dropped (editors add one that nobody can see); UTF-16 and anything else
/// refused with where it went wrong.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = good
            .iter()
            .rposition(|b| *b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        // Valid up to here, so the column counts characters, not bytes.
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        ReadError::NotUtf8 { line, column }
    })
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
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or(ReadError::NotFound)
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
