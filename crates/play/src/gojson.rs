//! JSON as the docker CLI writes it. Go's `encoding/json` escapes `<`, `>`
//! and `&` as `\u003c`, `\u003e`, `\u0026` (so `0.0.0.0:80->80/tcp` reads
//! `0.0.0.0:80-\u003e80/tcp` in `--format json`), and `docker inspect`
//! indents by four spaces; serde_json does neither by default.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use serde_json::Value;

/// A formatter that escapes like Go and otherwise lays out like `inner`.
struct GoEscape<F>(F);

impl<F: Formatter> Formatter for GoEscape<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escaped.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

fn write<F: Formatter>(value: &Value, formatter: F) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoEscape(formatter));
    // Writing a `Value` into memory cannot fail.
    value
        .serialize(&mut ser)
        .expect("a JSON value always serializes");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `docker inspect`'s layout: four spaces a level.
pub fn indented(value: &Value) -> String {
    write(value, PrettyFormatter::with_indent(b"    "))
}

/// `{{json .}}` and `--format json`: one line.
pub fn compact(value: &Value) -> String {
    write(value, CompactFormatter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_like_go_and_indents_by_four() {
        let v = json!({"Ports": "0.0.0.0:80->80/tcp", "A": [1], "E": {}, "L": []});
        assert_eq!(
            compact(&v),
            r#"{"Ports":"0.0.0.0:80-\u003e80/tcp","A":[1],"E":{},"L":[]}"#
        );
        assert_eq!(
            indented(&v),
            "{\n    \"Ports\": \"0.0.0.0:80-\\u003e80/tcp\",\n    \"A\": [\n        1\n    ],\n    \"E\": {},\n    \"L\": []\n}"
        );
    }
}
