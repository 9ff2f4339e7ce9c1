//! Every word the page says, in the reader's language: the explanation
//! catalogue of `composenet-play` (`crates/play/catalogue/<lang>.txt`) and
//! the page's own strings (`www/ui/<lang>.txt`), both in the catalogue's
//! `key = text` format. Native builds (and the `embed` feature) build them
//! in; the page fetches them from beside the wasm at start, so the wasm
//! carries no text of any language and a language is a pair of files.
//!
//! The language is the page's one global setting: the state sets it
//! ([`set_lang`]) when the URL or the person chooses, and every view reads
//! it while rendering (the page is re-mounted when it changes).

use std::cell::Cell;

use composenet_play::explain::Catalogue;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The `lang=` value and the catalogue files' name.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the picker.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language a browser asks for (`navigator.language`, e.g. `ko-KR`).
    pub fn from_browser(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        Lang::parse(&primary.to_ascii_lowercase()).unwrap_or_default()
    }

    fn index(self) -> usize {
        self as usize
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

pub fn set_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    // The document says which language it is in: screen readers pick their
    // voice from it, and browsers their font for Hangul.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

pub fn lang() -> Lang {
    CURRENT.with(|c| c.get())
}

/// The texts of both languages: explanations, then the page's strings.
struct Texts {
    explain: [Catalogue; 2],
    ui: [Catalogue; 2],
}

#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
static LOADED: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();

fn texts() -> &'static Texts {
    #[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
    {
        static EMPTY: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();
        LOADED.get().unwrap_or_else(|| {
            EMPTY.get_or_init(|| Texts {
                explain: Default::default(),
                ui: Default::default(),
            })
        })
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
    {
        static BUILT_IN: std::sync::OnceLock<Texts> = std::sync::OnceLock::new();
        BUILT_IN.get_or_init(|| Texts {
            explain: [Catalogue::english(), Catalogue::korean()],
            ui: [
                Catalogue::parse(UI_ENGLISH).0,
                Catalogue::parse(UI_KOREAN).0,
            ],
        })
    }
}

/// The page's strings, as the native tests and the `embed` build read them.
#[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
pub const UI_ENGLISH: &str = include_str!("../ui/en.txt");
#[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
pub const UI_KOREAN: &str = include_str!("../ui/ko.txt");

/// The explanation catalogue in the current language.
pub fn catalogue() -> &'static Catalogue {
    &texts().explain[lang().index()]
}

/// The page's string `key` in the current language (the key itself when
/// the catalogue lacks it, which the tests rule out).
pub fn t(key: &str) -> String {
    texts().ui[lang().index()]
        .get(key)
        .unwrap_or(key)
        .to_string()
}

/// The page's strings in the current language, for code that renders
/// them itself (the drawing).
pub fn ui() -> &'static Catalogue {
    &texts().ui[lang().index()]
}

/// The page's string `key` with its `{placeholders}` filled.
pub fn tf(key: &'static str, args: &[(&'static str, &dyn std::fmt::Display)]) -> String {
    ui().say(key, args)
}

/// Reads both languages' catalogues from the texts fetched at start.
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
pub fn load(bundle: &crate::fetch::Bundle) {
    let mut explain: [Catalogue; 2] = Default::default();
    let mut ui: [Catalogue; 2] = Default::default();
    for lang in Lang::ALL {
        let code = lang.code();
        explain[lang.index()] = Catalogue::parse(bundle.file(&format!("catalogue/{code}.txt"))).0;
        ui[lang.index()] = Catalogue::parse(bundle.file(&format!("ui/{code}.txt"))).0;
    }
    let _ = LOADED.set(Texts { explain, ui });
}
