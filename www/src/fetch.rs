//! The texts the page keeps beside its wasm (the gallery's files, the
//! explanation catalogue, its own strings), fetched once when it starts,
//! as one bundle (`texts.bundle`, written by `scripts/bundle-texts.py`):
//! one request instead of some eighty, which one after the other took a
//! third of a second before the first picture.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The bundle's files, by their path from the site's root.
pub struct Bundle(Vec<(&'static str, &'static str)>);

impl Bundle {
    /// Fetches the bundle and keeps it for the page's lifetime. When it
    /// cannot be fetched every file reads as empty, and the console says
    /// why, so the rest of the page still works.
    pub async fn load() -> Bundle {
        let text = match text("texts.bundle").await {
            Ok(text) => text,
            Err(e) => {
                gloo::console::warn!(format!("composenet: could not load texts.bundle: {e:?}"));
                String::new()
            }
        };
        let text: &'static str = Box::leak(text.into_boxed_str());
        let mut parts = text.split('\0');
        let mut files = Vec::new();
        while let (Some(path), Some(body)) = (parts.next(), parts.next()) {
            files.push((path, body));
        }
        Bundle(files)
    }

    /// The file at `path`, or empty (and a note on the console).
    pub fn file(&self, path: &str) -> &'static str {
        match self.0.iter().find(|(p, _)| *p == path) {
            Some((_, body)) => body,
            None => {
                gloo::console::warn!(format!("composenet: texts.bundle has no {path}"));
                ""
            }
        }
    }
}

async fn text(url: &str) -> Result<String, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()).into());
    }
    let text = JsFuture::from(response.text()?).await?;
    text.as_string().ok_or_else(|| "not text".into())
}
