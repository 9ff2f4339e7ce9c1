//! The built-in scenarios. Each is a folder under the repository's
//! `tests/seeds` or `tests/gallery`, where the native scenario tests play it
//! and hold its transcript to a golden file; `build.rs` turns the folders
//! into [`ENTRIES`], embedding the same text, so what the gallery shows is
//! what those tests check, and adding a scenario is adding a folder.

/// One built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The id in `?scenario=ID`.
    pub id: &'static str,
    pub title: &'static str,
    /// What to watch for, in a sentence or two (the metadata's
    /// `description`).
    pub about: &'static str,
    /// The one point the scenario should leave with its reader.
    pub teaches: &'static str,
    /// The project folder's name: compose derives the project name from it.
    pub dir: &'static str,
    /// Files beside the script, by path relative to the folder.
    pub files: &'static [(&'static str, &'static str)],
    pub commands: &'static str,
}

// `ENTRIES`: one entry per folder of `tests/seeds` (ids `seed-<folder>`),
// then of `tests/gallery` (ids `<folder>`), each group by its metadata's
// `order`; written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/gallery_entries.rs"));

/// The scenario the page opens with.
pub const DEFAULT_ID: &str = "seed-compose-wordpress";

pub fn find(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}
