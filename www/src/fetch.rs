//! Fetching the texts the page keeps beside its wasm (the gallery's files,
//! the explanation catalogue), once, when it starts.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The text at `url` (relative to the page), or empty when it cannot be
/// fetched; the failure is written to the console.
pub async fn text(url: &str) -> String {
    match try_text(url).await {
        Ok(text) => text,
        Err(e) => {
            gloo::console::warn!(format!("composenet: could not load {url}: {e:?}"));
            String::new()
        }
    }
}

async fn try_text(url: &str) -> Result<String, wasm_bindgen::JsValue> {
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
