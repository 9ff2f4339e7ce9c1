//! The built-in scenarios. Each is a folder under the repository's
//! `tests/seeds` or `tests/gallery`, where the native scenario tests play it
//! and hold its transcript to a golden file; `build.rs` turns the folders
//! into [`ENTRIES`], so what the gallery shows is what those tests check,
//! and adding a scenario is adding a folder.
//!
//! Native builds embed the files' text. The page does not: the files are
//! served beside the wasm (index.html copies the folders into the site)
//! and fetched once before the app starts ([`load`]), which keeps the wasm
//! inside its size budget and lets the texts grow (translations, more
//! scenarios) without growing it.

/// One built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The id in `?scenario=ID`.
    pub id: &'static str,
    pub title: Texts,
    /// What to watch for, in a sentence or two (the metadata's
    /// `description`).
    pub about: Texts,
    /// The one point the scenario should leave with its reader.
    pub teaches: Texts,
    /// Where the page fetches the texts above from (`scenario.json`
    /// beside the scenario's files).
    pub meta: &'static str,
    /// The project folder's name: compose derives the project name from it.
    pub dir: &'static str,
    /// Files beside the script, by path relative to the folder.
    pub files: &'static [(&'static str, &'static str)],
    pub commands: &'static str,
}

/// A text of the gallery in each language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Texts {
    pub en: &'static str,
    pub ko: &'static str,
}

impl Texts {
    /// The text in the page's current language.
    pub fn get(&self) -> &'static str {
        match crate::words::lang() {
            crate::words::Lang::En => self.en,
            crate::words::Lang::Ko => self.ko,
        }
    }
}

/// A scenario file's text: embedded in native builds, its URL in the page.
#[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
macro_rules! text {
    ($file:literal, $url:literal) => {
        include_str!($file)
    };
}
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
macro_rules! text {
    ($file:literal, $url:literal) => {
        $url
    };
}

// `ENTRIES`: one entry per folder of `tests/seeds` (ids `seed-<folder>`),
// then of `tests/gallery` (ids `<folder>`), each group by its metadata's
// `order`; written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/gallery_entries.rs"));

/// The scenario the page opens with.
pub const DEFAULT_ID: &str = "seed-compose-wordpress";

/// The entries with their texts: in the page, those [`load`] fetched.
pub fn entries() -> &'static [Entry] {
    #[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
    if let Some(loaded) = LOADED.get() {
        return loaded;
    }
    ENTRIES
}

pub fn find(id: &str) -> Option<&'static Entry> {
    entries().iter().find(|e| e.id == id)
}

/// What the page reads of a scenario's `scenario.json`.
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
#[derive(Default, serde::Deserialize)]
struct Meta {
    #[serde(default)]
    title: Pair,
    #[serde(default)]
    description: Pair,
    #[serde(default)]
    teaches: Pair,
}

#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
#[derive(Default, serde::Deserialize)]
struct Pair {
    #[serde(default)]
    en: String,
    #[serde(default)]
    ko: String,
}

#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
static LOADED: std::sync::OnceLock<&'static [Entry]> = std::sync::OnceLock::new();

/// Reads every scenario file the gallery names (their URLs stand in
/// [`ENTRIES`] in the page) from the texts fetched at start, and keeps
/// them for the page's lifetime.
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
pub fn load(bundle: &crate::fetch::Bundle) {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let mut loaded = Vec::with_capacity(ENTRIES.len());
    for e in ENTRIES {
        let meta: Meta = serde_json::from_str(bundle.file(e.meta)).unwrap_or_default();
        let texts = |t: Pair| Texts {
            en: leak(t.en),
            ko: leak(t.ko),
        };
        let files: Vec<_> = e
            .files
            .iter()
            .map(|(path, url)| (*path, bundle.file(url)))
            .collect();
        loaded.push(Entry {
            title: texts(meta.title),
            about: texts(meta.description),
            teaches: texts(meta.teaches),
            files: Box::leak(files.into_boxed_slice()),
            commands: bundle.file(e.commands),
            ..*e
        });
    }
    let _ = LOADED.set(Box::leak(loaded.into_boxed_slice()));
}
