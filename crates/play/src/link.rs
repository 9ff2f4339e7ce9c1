//! The pure half of a shared link: the query string's pairs with their
//! `%XX` escapes decoded, and a value carried as JSON compressed with
//! lz-string's URI-safe alphabet (the format many playgrounds use, so
//! links stay short). The page (`www/src/url.rs`) gives the pairs their
//! meaning; the decoding lives here, outside the page, so the fuzzers can
//! feed it hostile links natively.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// The `key=value` pairs of a query string (with or without its leading
/// `?`), values decoded; a pair without `=` has an empty value, empty
/// pairs are skipped.
pub fn query_pairs(query: &str) -> Vec<(&str, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key, percent_decode(value))
        })
        .collect()
}

/// A value as JSON, compressed for a URL.
pub fn encode<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("a link's value always serialises");
    lz_str::compress_to_encoded_uri_component(json.as_str())
}

/// The value [`encode`] wrote, or `None` when the text is damaged (not
/// lz-string, not UTF-16, not JSON of that shape).
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let wide = lz_str::decompress_from_encoded_uri_component(text)?;
    let json = String::from_utf16(&wide).ok()?;
    serde_json::from_str(&json).ok()
}

/// `%XX` decoding. A `+` stays a `+`: lz-string's alphabet uses it.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
