//! The explanation catalogue the page speaks with. Native builds use the
//! English catalogue built into `composenet-play`; the page fetches the same
//! file, served beside the wasm (index.html copies it), so the wasm does
//! not carry it and another language is another file.

use composenet_play::explain::Catalogue;

#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
static LOADED: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();

/// The catalogue: in the page, the one [`load`] fetched (empty until then).
pub fn catalogue() -> &'static Catalogue {
    #[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
    {
        static EMPTY: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        LOADED
            .get()
            .unwrap_or_else(|| EMPTY.get_or_init(Catalogue::default))
    }
    #[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
    {
        static ENGLISH: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        ENGLISH.get_or_init(Catalogue::english)
    }
}

/// Fetches the English catalogue from beside the page.
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
pub async fn load() {
    let text = crate::fetch::text("catalogue/en.txt").await;
    let _ = LOADED.set(Catalogue::parse(&text).0);
}
