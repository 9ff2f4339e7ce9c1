//! Stage 1: text to a tree. libyaml (the C parser that Go's yaml.v3 was
//! ported from, here as `unsafe-libyaml`) gives events with line and column;
//! this module builds [`Node`]s from them, expanding aliases under a budget,
//! applying `<<` merge keys and keeping the `!reset` / `!override` tags.
//!
//! serde_yaml's `Value` would lose every position, so it is not used here;
//! the unsafe calls are kept to the small [`Events`] wrapper below.

use std::ffi::CStr;
use std::fmt;
use std::mem::MaybeUninit;
use std::ptr::addr_of_mut;

use indexmap::IndexMap;
use unsafe_libyaml as unsafe_libyaml_sys;

/// A YAML mapping: in the order it was written, hashed with [`Fx`].
pub(crate) type Map = IndexMap<String, Node, FxBuild>;
pub(crate) type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// The loader's hash for its own maps (rustc's FxHash, with rustc-hash 2's
/// final rotation so that the bucket bits see every byte): the keys are
/// short and every lookup of every stage hashes one, and SipHash, which
/// guards against chosen collisions, was a sixth of a load. A compose file
/// that collides on purpose only slows its own load; the maps keep their
/// written order, so nothing printed depends on the hash.
#[derive(Clone, Copy, Default)]
pub(crate) struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(i.into());
    }

    fn write_u32(&mut self, i: u32) {
        self.add(i.into());
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// Larger files are refused before parsing.
pub(crate) const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Deeper nesting is refused (no compose file needs more than a dozen).
pub(crate) const MAX_DEPTH: usize = 256;
/// How many nodes aliases may add: a base allowance plus ten per node
/// written out, never more than a million. A "billion laughs" file writes
/// a hundred nodes and asks for 9^9; it is stopped after a few thousand.
pub(crate) const ALIAS_ALLOWANCE: usize = 10_000;
pub(crate) const ALIAS_RATIO: usize = 10;
pub(crate) const MAX_EXPANDED_NODES: usize = 1_000_000;
/// The most nodes a file may write out (keys count). The largest project
/// composenet simulates, 10 000 services, is about 200 000; ten megabytes
/// of `[1,1,1,…]` is five million, and would take a gigabyte to hold.
pub(crate) const MAX_WRITTEN_NODES: usize = 1_000_000;

/// Where a node came from: an index into the loader's file table and a
/// 1-based line and column (0 when unknown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Pos {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

/// The two compose-specific tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    /// `!reset`: drop what earlier files (or the extended service) set here.
    Reset,
    /// `!override`: replace instead of merging.
    Override,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum V {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Map),
}

/// One YAML value with its place in the file. `kpos` is the place of the
/// mapping key that holds it (equal to `pos` elsewhere).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub v: V,
    pub pos: Pos,
    pub kpos: Pos,
    pub tag: Option<Tag>,
}

impl PartialEq for Node {
    /// Values compare by content only, as Go's `reflect.DeepEqual` on the
    /// decoded maps does.
    fn eq(&self, other: &Node) -> bool {
        self.v == other.v
    }
}

impl Node {
    pub fn new(v: V, pos: Pos) -> Node {
        Node {
            v,
            pos,
            kpos: pos,
            tag: None,
        }
    }

    pub fn null(pos: Pos) -> Node {
        Node::new(V::Null, pos)
    }

    pub fn str(s: impl Into<String>, pos: Pos) -> Node {
        Node::new(V::Str(s.into()), pos)
    }

    pub fn map(pos: Pos) -> Node {
        Node::new(V::Map(Map::default()), pos)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.v, V::Null)
    }

    pub fn as_map(&self) -> Option<&Map> {
        match &self.v {
            V::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match &mut self.v {
            V::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&Vec<Node>> {
        match &self.v {
            V::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        let m = self.as_map()?;
        // Most mappings of a compose file hold a handful of keys, and most
        // keys asked for are absent: comparing lengths is quicker than
        // hashing.
        if m.len() <= 8 {
            return m.iter().find(|(k, _)| same_key(k, key)).map(|(_, v)| v);
        }
        m.get(key)
    }

    /// The value as Go's `fmt.Sprint` would print a decoded scalar; `None`
    /// for mappings and sequences.
    pub fn scalar_string(&self) -> Option<String> {
        Some(match &self.v {
            V::Null => String::new(),
            V::Bool(b) => b.to_string(),
            V::Int(i) => i.to_string(),
            V::Float(f) => format_float(*f),
            V::Str(s) => s.clone(),
            V::Seq(_) | V::Map(_) => return None,
        })
    }

    /// The JSON-schema type name of the value.
    pub fn type_name(&self) -> &'static str {
        match &self.v {
            V::Null => "null",
            V::Bool(_) => "boolean",
            V::Int(_) => "integer",
            V::Float(_) => "number",
            V::Str(_) => "string",
            V::Seq(_) => "array",
            V::Map(_) => "object",
        }
    }

    /// Counts this node and everything below it.
    pub fn size(&self) -> usize {
        1 + match &self.v {
            V::Seq(s) => s.iter().map(Node::size).sum(),
            V::Map(m) => m.values().map(Node::size).sum(),
            _ => 0,
        }
    }
}

/// `m.get_mut(key)`, comparing the keys of a small mapping (see
/// [`Node::get`]).
pub(crate) fn get_mut<'a>(m: &'a mut Map, key: &str) -> Option<&'a mut Node> {
    if m.len() <= 8 {
        return m.iter_mut().find(|(k, _)| same_key(k, key)).map(|(_, v)| v);
    }
    m.get_mut(key)
}

/// `a == b`, deciding most pairs of different keys by their length and
/// first byte before comparing the rest (a call to `memcmp`): the searches
/// of small mappings and of the schema's property lists compare a key with
/// many that differ.
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Go prints `float64` with the shortest representation; integers without a
/// fraction.
pub(crate) fn format_float(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{}", f as i128)
    } else if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        // serde_json's shortest form: the same digits as `{f}` for the
        // numbers compose files hold (0.5, 1.25), and the page's wasm then
        // needs no second float printer (core's).
        serde_json::Number::from_f64(f).map_or_else(String::new, |n| n.to_string())
    }
}

/// A problem found while reading the YAML text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: u32,
    pub col: u32,
    /// Whether the document could not be read at all (syntax errors);
    /// duplicate keys leave a usable tree.
    pub fatal: bool,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What one file parsed into: one entry per document (`None` for an empty
/// document) and the problems met.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub docs: Vec<Option<Node>>,
    pub errors: Vec<YamlError>,
    /// Whether any node is tagged `!reset` or `!override` (most files have
    /// none, and then nothing needs looking for them).
    pub tagged: bool,
}

/// Parses every document of `text`. On a fatal error `docs` holds the
/// documents read before it.
pub(crate) fn parse(text: &str, file: u32) -> Parsed {
    let mut out = Parsed::default();
    if text.len() > MAX_FILE_BYTES {
        out.errors.push(YamlError {
            message: format!(
                "file is too large ({} bytes): compose files are limited to {} MiB",
                text.len(),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            line: 0,
            col: 0,
            fatal: true,
        });
        return out;
    }
    let mut builder = Builder {
        file,
        stack: Vec::new(),
        anchors: Map::default(),
        written: 0,
        expanded: 0,
        root: None,
        errors: Vec::new(),
        tagged: false,
    };
    let mut events = Events::new(text.as_bytes());
    loop {
        match events.next() {
            Err(e) => {
                out.errors.append(&mut builder.errors);
                out.errors.push(e);
                out.tagged = builder.tagged;
                return out;
            }
            Ok(Ev::StreamEnd) => break,
            Ok(Ev::StreamStart) => {}
            Ok(Ev::DocumentStart) => {
                builder.root = None;
                builder.anchors.clear();
            }
            Ok(Ev::DocumentEnd) => {
                out.docs.push(builder.root.take().filter(|n| {
                    // An empty document (`---` alone) is a null scalar.
                    !n.is_null()
                }));
            }
            Ok(ev) => {
                if let Err(e) = builder.event(ev) {
                    out.errors.append(&mut builder.errors);
                    out.errors.push(e);
                    out.tagged = builder.tagged;
                    return out;
                }
            }
        }
    }
    out.errors.append(&mut builder.errors);
    out.tagged = builder.tagged;
    out
}

struct Builder {
    file: u32,
    stack: Vec<Frame>,
    /// Anchored values (an alias counts their size in nodes when it copies
    /// one, which costs no more than the copy).
    anchors: Map,
    /// Nodes written in the text.
    written: usize,
    /// Nodes added by aliases.
    expanded: usize,
    root: Option<Node>,
    errors: Vec<YamlError>,
    tagged: bool,
}

enum Frame {
    Seq {
        node: Node,
        anchor: Option<String>,
        items: Vec<Node>,
    },
    Map {
        node: Node,
        anchor: Option<String>,
        entries: Map,
        /// The key waiting for its value.
        key: Option<Key>,
        /// `<<` values in the order they appeared.
        merges: Vec<Node>,
    },
}

struct Key {
    text: String,
    pos: Pos,
    merge: bool,
}

fn fatal(message: impl Into<String>, pos: Pos) -> YamlError {
    YamlError {
        message: message.into(),
        line: pos.line,
        col: pos.col,
        fatal: true,
    }
}

impl Builder {
    fn pos(&self, mark: Mark) -> Pos {
        Pos {
            file: self.file,
            line: mark.line + 1,
            col: mark.col + 1,
        }
    }

    fn count(&mut self, pos: Pos) -> Result<(), YamlError> {
        self.written += 1;
        if self.written > MAX_WRITTEN_NODES {
            return Err(fatal(
                format!(
                    "file has too many YAML nodes (over {MAX_WRITTEN_NODES}): compose files are limited to {MAX_WRITTEN_NODES}"
                ),
                pos,
            ));
        }
        self.check_budget(pos)
    }

    fn count_alias(&mut self, n: usize, pos: Pos) -> Result<(), YamlError> {
        self.expanded += n;
        self.check_budget(pos)
    }

    fn check_budget(&self, pos: Pos) -> Result<(), YamlError> {
        let allowed = (ALIAS_ALLOWANCE + ALIAS_RATIO * self.written).min(MAX_EXPANDED_NODES);
        if self.expanded > allowed {
            return Err(fatal("yaml: document contains excessive aliasing", pos));
        }
        Ok(())
    }

    fn event(&mut self, ev: Ev) -> Result<(), YamlError> {
        match ev {
            Ev::Scalar {
                anchor,
                tag,
                value,
                plain,
                mark,
            } => {
                let pos = self.pos(mark);
                self.count(pos)?;
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    let merge = plain
                        && value == "<<"
                        && (tag.is_none() || tag.as_deref() == Some("tag:yaml.org,2002:merge"));
                    let key_text = if plain && tag.is_none() {
                        match resolve_plain(value) {
                            V::Str(s) => s,
                            V::Null => String::new(),
                            other => {
                                let text =
                                    Node::new(other, pos).scalar_string().unwrap_or_default();
                                self.errors.push(YamlError {
                                    message: format!("non-string key {text}"),
                                    line: pos.line,
                                    col: pos.col,
                                    fatal: false,
                                });
                                text
                            }
                        }
                    } else {
                        value
                    };
                    if let Some(a) = anchor {
                        self.anchors.insert(a, Node::str(key_text.clone(), pos));
                    }
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(Key {
                            text: key_text,
                            pos,
                            merge,
                        });
                    }
                    return Ok(());
                }
                let (v, ctag) = scalar_value(value, plain, tag.as_deref(), pos)?;
                let mut node = Node::new(v, pos);
                self.tagged |= ctag.is_some();
                node.tag = ctag;
                if let Some(a) = anchor {
                    self.anchors.insert(a, node.clone());
                }
                self.push(node)
            }
            Ev::Alias { anchor, mark } => {
                let pos = self.pos(mark);
                let Some(size) = self.anchors.get(&anchor).map(Node::size) else {
                    return Err(fatal(
                        format!("yaml: unknown anchor '{anchor}' referenced"),
                        pos,
                    ));
                };
                self.count_alias(size, pos)?;
                let mut node = self.anchors[&anchor].clone();
                // Problems with the value are reported where it is used.
                node.pos = pos;
                node.kpos = pos;
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    let text = node.scalar_string().unwrap_or_default();
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(Key {
                            text,
                            pos,
                            merge: false,
                        });
                    }
                    return Ok(());
                }
                self.push(node)
            }
            Ev::SequenceStart { anchor, tag, mark } => {
                let pos = self.pos(mark);
                self.count(pos)?;
                self.check_depth(pos)?;
                let mut node = Node::new(V::Null, pos);
                node.tag = compose_tag(tag.as_deref());
                self.tagged |= node.tag.is_some();
                self.stack.push(Frame::Seq {
                    node,
                    anchor,
                    items: Vec::new(),
                });
                Ok(())
            }
            Ev::MappingStart { anchor, tag, mark } => {
                let pos = self.pos(mark);
                self.count(pos)?;
                self.check_depth(pos)?;
                let mut node = Node::new(V::Null, pos);
                node.tag = compose_tag(tag.as_deref());
                self.tagged |= node.tag.is_some();
                self.stack.push(Frame::Map {
                    node,
                    anchor,
                    entries: Map::default(),
                    key: None,
                    merges: Vec::new(),
                });
                Ok(())
            }
            Ev::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    mut node,
                    anchor,
                    items,
                }) => {
                    node.v = V::Seq(items);
                    if let Some(a) = anchor {
                        self.anchors.insert(a, node.clone());
                    }
                    self.push(node)
                }
                _ => Ok(()),
            },
            Ev::MappingEnd => match self.stack.pop() {
                Some(Frame::Map {
                    mut node,
                    anchor,
                    mut entries,
                    merges,
                    ..
                }) => {
                    for merge in merges {
                        apply_merge(&mut entries, merge)?;
                    }
                    node.v = V::Map(entries);
                    if let Some(a) = anchor {
                        self.anchors.insert(a, node.clone());
                    }
                    self.push(node)
                }
                _ => Ok(()),
            },
            Ev::StreamStart | Ev::StreamEnd | Ev::DocumentStart | Ev::DocumentEnd => Ok(()),
        }
    }

    fn check_depth(&self, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(fatal(
                format!("yaml: nesting is deeper than {MAX_DEPTH} levels"),
                pos,
            ));
        }
        Ok(())
    }

    fn push(&mut self, mut node: Node) -> Result<(), YamlError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                entries,
                key,
                merges,
                ..
            }) => {
                let Some(k) = key.take() else {
                    // A collection used as a key: Compose cannot use it.
                    let pos = node.pos;
                    self.errors.push(YamlError {
                        message: "yaml: invalid map key: a mapping or sequence cannot be a key"
                            .into(),
                        line: pos.line,
                        col: pos.col,
                        fatal: false,
                    });
                    *key = Some(Key {
                        text: String::new(),
                        pos,
                        merge: false,
                    });
                    return Ok(());
                };
                if k.merge {
                    merges.push(node);
                    return Ok(());
                }
                node.kpos = k.pos;
                match entries.entry(k.text) {
                    indexmap::map::Entry::Occupied(mut previous) => {
                        self.errors.push(YamlError {
                            message: format!(
                                "mapping key {:?} already defined at line {}",
                                previous.key(),
                                previous.get().kpos.line
                            ),
                            line: k.pos.line,
                            col: k.pos.col,
                            fatal: false,
                        });
                        previous.insert(node);
                    }
                    indexmap::map::Entry::Vacant(e) => {
                        e.insert(node);
                    }
                }
                Ok(())
            }
        }
    }
}

fn merge_error(pos: Pos) -> YamlError {
    fatal(
        "yaml: map merge requires map or sequence of maps as the value",
        pos,
    )
}

/// `<<: *a` and `<<: [*a, *b]`: keys already present win, and among the
/// merged maps the first one wins (YAML merge key specification).
fn apply_merge(entries: &mut Map, merge: Node) -> Result<(), YamlError> {
    match merge.v {
        V::Map(m) => {
            for (k, v) in m {
                entries.entry(k).or_insert(v);
            }
            Ok(())
        }
        V::Seq(items) => {
            for item in &items {
                if item.as_map().is_none() {
                    return Err(merge_error(item.pos));
                }
            }
            for item in items {
                if let V::Map(m) = item.v {
                    for (k, v) in m {
                        entries.entry(k).or_insert(v);
                    }
                }
            }
            Ok(())
        }
        _ => Err(merge_error(merge.pos)),
    }
}

fn compose_tag(tag: Option<&str>) -> Option<Tag> {
    match tag {
        Some("!reset") => Some(Tag::Reset),
        Some("!override") => Some(Tag::Override),
        _ => None,
    }
}

/// Turns a scalar event into a value, following yaml.v3's resolution for
/// untagged plain scalars (YAML 1.2 core schema plus 1.1 octals).
fn scalar_value(
    value: String,
    plain: bool,
    tag: Option<&str>,
    pos: Pos,
) -> Result<(V, Option<Tag>), YamlError> {
    let ctag = compose_tag(tag);
    let v = match tag {
        Some("tag:yaml.org,2002:str") => V::Str(value),
        Some("tag:yaml.org,2002:null") => V::Null,
        Some("tag:yaml.org,2002:bool") => match resolve_plain(value.clone()) {
            V::Bool(b) => V::Bool(b),
            _ => {
                return Err(fatal(
                    format!("yaml: cannot decode !!str `{value}` as a !!bool"),
                    pos,
                ))
            }
        },
        Some("tag:yaml.org,2002:int") => match resolve_plain(value.clone()) {
            V::Int(i) => V::Int(i),
            _ => {
                return Err(fatal(
                    format!("yaml: cannot decode !!str `{value}` as a !!int"),
                    pos,
                ))
            }
        },
        Some("tag:yaml.org,2002:float") => match resolve_plain(value.clone()) {
            V::Int(i) => V::Float(i as f64),
            V::Float(f) => V::Float(f),
            _ => {
                return Err(fatal(
                    format!("yaml: cannot decode !!str `{value}` as a !!float"),
                    pos,
                ))
            }
        },
        _ if plain => resolve_plain(value),
        _ => V::Str(value),
    };
    Ok((v, ctag))
}

/// Resolves an untagged plain scalar; a string keeps the text it is given.
pub(crate) fn resolve_plain(s: String) -> V {
    // Most scalars start with a letter no special value starts with.
    match s.as_bytes().first() {
        Some(b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'.' | b'+' | b'-' | b'0'..=b'9')
        | None => {}
        Some(_) => return V::Str(s),
    }
    match s.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return V::Null,
        "true" | "True" | "TRUE" => return V::Bool(true),
        "false" | "False" | "FALSE" => return V::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return V::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return V::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return V::Float(f64::NAN),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return V::Str(s);
    }
    let plain: std::borrow::Cow<str> = if s.contains('_') {
        s.chars().filter(|c| *c != '_').collect::<String>().into()
    } else {
        s.as_str().into()
    };
    if let Ok(i) = crate::cli::go_parse_int(&plain) {
        return V::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return V::Float(f);
        }
    }
    drop(plain);
    V::Str(s)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

// ---------------------------------------------------------------------------
// The libyaml event stream. Everything unsafe in the loader is in here.

#[derive(Clone, Copy, Debug)]
struct Mark {
    line: u32,
    col: u32,
}

#[derive(Debug)]
enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias {
        anchor: String,
        mark: Mark,
    },
    Scalar {
        anchor: Option<String>,
        tag: Option<String>,
        value: String,
        plain: bool,
        mark: Mark,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<String>,
        mark: Mark,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<String>,
        mark: Mark,
    },
    MappingEnd,
}

/// Owns a libyaml parser reading from `input`. The parser is boxed because
/// libyaml keeps a pointer to it while reading.
struct Events<'a> {
    parser: Box<MaybeUninit<unsafe_libyaml_sys::yaml_parser_t>>,
    _input: &'a [u8],
    done: bool,
}

impl<'a> Events<'a> {
    fn new(input: &'a [u8]) -> Events<'a> {
        let mut parser: Box<MaybeUninit<unsafe_libyaml_sys::yaml_parser_t>> =
            Box::new(MaybeUninit::uninit());
        // SAFETY: `yaml_parser_initialize` fully initialises the struct it is
        // given; the input slice outlives the parser (lifetime 'a) and the
        // boxed parser never moves.
        unsafe {
            let p = parser.as_mut_ptr();
            if unsafe_libyaml_sys::yaml_parser_initialize(p).fail {
                panic!("libyaml could not allocate a parser");
            }
            unsafe_libyaml_sys::yaml_parser_set_encoding(p, unsafe_libyaml_sys::YAML_UTF8_ENCODING);
            unsafe_libyaml_sys::yaml_parser_set_input_string(p, input.as_ptr(), input.len() as u64);
        }
        Events {
            parser,
            _input: input,
            done: false,
        }
    }

    fn next(&mut self) -> Result<Ev, YamlError> {
        if self.done {
            return Ok(Ev::StreamEnd);
        }
        let mut event = MaybeUninit::<unsafe_libyaml_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; on success libyaml
        // initialises `event`, which is read and then deleted exactly once.
        unsafe {
            let p = self.parser.as_mut_ptr();
            let ev = event.as_mut_ptr();
            if unsafe_libyaml_sys::yaml_parser_parse(p, ev).fail {
                self.done = true;
                return Err(parse_error(&*p));
            }
            let out = convert(&*ev);
            unsafe_libyaml_sys::yaml_event_delete(ev);
            if matches!(out, Ev::StreamEnd) {
                self.done = true;
            }
            Ok(out)
        }
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new`, deleted once.
        unsafe { unsafe_libyaml_sys::yaml_parser_delete(addr_of_mut!(*self.parser).cast()) }
    }
}

unsafe fn c_string(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: libyaml strings are NUL-terminated.
    let s = unsafe { CStr::from_ptr(ptr.cast()) };
    Some(s.to_string_lossy().into_owned())
}

unsafe fn convert(ev: &unsafe_libyaml_sys::yaml_event_t) -> Ev {
    let mark = Mark {
        line: ev.start_mark.line as u32,
        col: ev.start_mark.column as u32,
    };
    // SAFETY: the union member read matches the event type.
    unsafe {
        match ev.type_ {
            unsafe_libyaml_sys::YAML_STREAM_START_EVENT => Ev::StreamStart,
            unsafe_libyaml_sys::YAML_STREAM_END_EVENT => Ev::StreamEnd,
            unsafe_libyaml_sys::YAML_DOCUMENT_START_EVENT => Ev::DocumentStart,
            unsafe_libyaml_sys::YAML_DOCUMENT_END_EVENT => Ev::DocumentEnd,
            unsafe_libyaml_sys::YAML_ALIAS_EVENT => Ev::Alias {
                anchor: c_string(ev.data.alias.anchor).unwrap_or_default(),
                mark,
            },
            unsafe_libyaml_sys::YAML_SCALAR_EVENT => {
                let s = ev.data.scalar;
                let bytes = std::slice::from_raw_parts(s.value, s.length as usize);
                Ev::Scalar {
                    anchor: c_string(s.anchor),
                    tag: c_string(s.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    plain: s.style == unsafe_libyaml_sys::YAML_PLAIN_SCALAR_STYLE,
                    mark,
                }
            }
            unsafe_libyaml_sys::YAML_SEQUENCE_START_EVENT => Ev::SequenceStart {
                anchor: c_string(ev.data.sequence_start.anchor),
                tag: c_string(ev.data.sequence_start.tag),
                mark,
            },
            unsafe_libyaml_sys::YAML_SEQUENCE_END_EVENT => Ev::SequenceEnd,
            unsafe_libyaml_sys::YAML_MAPPING_START_EVENT => Ev::MappingStart {
                anchor: c_string(ev.data.mapping_start.anchor),
                tag: c_string(ev.data.mapping_start.tag),
                mark,
            },
            unsafe_libyaml_sys::YAML_MAPPING_END_EVENT => Ev::MappingEnd,
            _ => Ev::StreamEnd,
        }
    }
}

/// Formats libyaml's error the way Go's yaml.v3 does: `yaml: line N: problem`.
unsafe fn parse_error(p: &unsafe_libyaml_sys::yaml_parser_t) -> YamlError {
    // SAFETY: after a failed parse libyaml has set the problem fields.
    let problem = unsafe { c_string(p.problem.cast()) }
        .unwrap_or_else(|| "unknown problem parsing YAML content".to_string());
    let line = p.problem_mark.line as u32 + 1;
    let col = p.problem_mark.column as u32 + 1;
    let context = unsafe { c_string(p.context.cast()) };
    let message = match context {
        Some(ctx) if p.context_mark.line != p.problem_mark.line => format!(
            "yaml: line {line}: {problem} ({ctx} at line {})",
            p.context_mark.line + 1
        ),
        _ => format!("yaml: line {line}: {problem}"),
    };
    YamlError {
        message,
        line,
        col,
        fatal: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Node {
        let p = parse(text, 0);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.docs.into_iter().next().unwrap().unwrap()
    }

    #[test]
    fn scalars_resolve_like_yaml_v3() {
        let n = doc("a: 1\nb: '1'\nc: yes\nd: true\ne: 2.5\nf: ~\ng: 0x10\nh: 8080:80\ni: 0777\n");
        let m = n.as_map().unwrap();
        assert_eq!(m["a"].v, V::Int(1));
        assert_eq!(m["b"].v, V::Str("1".into()));
        assert_eq!(m["c"].v, V::Str("yes".into()));
        assert_eq!(m["d"].v, V::Bool(true));
        assert_eq!(m["e"].v, V::Float(2.5));
        assert_eq!(m["f"].v, V::Null);
        assert_eq!(m["g"].v, V::Int(16));
        assert_eq!(m["h"].v, V::Str("8080:80".into()));
        assert_eq!(m["i"].v, V::Int(511));
        assert_eq!(
            m["b"].pos,
            Pos {
                file: 0,
                line: 2,
                col: 4
            }
        );
        assert_eq!(
            m["b"].kpos,
            Pos {
                file: 0,
                line: 2,
                col: 1
            }
        );
    }

    #[test]
    fn merge_keys_and_tags() {
        let n = doc("x: &x {a: 1, b: 2}\ny:\n  <<: [*x, {c: 3}]\n  a: 9\n  d: !reset null\n");
        let y = n.get("y").unwrap();
        assert_eq!(y.get("a").unwrap().v, V::Int(9));
        assert_eq!(y.get("b").unwrap().v, V::Int(2));
        assert_eq!(y.get("c").unwrap().v, V::Int(3));
        assert_eq!(y.get("d").unwrap().tag, Some(Tag::Reset));
    }

    #[test]
    fn merge_key_to_scalar_is_refused() {
        let p = parse("x: &s 'str'\ny:\n  <<: *s\n", 0);
        assert_eq!(
            p.errors[0].message,
            "yaml: map merge requires map or sequence of maps as the value"
        );
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let p = parse("a: 1\na: 2\n", 0);
        assert_eq!(
            p.errors[0].message,
            "mapping key \"a\" already defined at line 1"
        );
        assert!(!p.errors[0].fatal);
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let p = parse("a: [1, 2\nb: c\n", 0);
        assert!(p.errors[0].fatal);
        assert!(
            p.errors[0].message.starts_with("yaml: line "),
            "{}",
            p.errors[0].message
        );
    }

    #[test]
    fn big_files_are_refused_before_parsing() {
        let text = "#".repeat(MAX_FILE_BYTES + 1);
        let p = parse(&text, 0);
        assert!(p.errors[0].message.starts_with("file is too large"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(1000) + &"]".repeat(1000);
        let p = parse(&text, 0);
        assert!(p.errors[0].message.contains("deeper than"));
    }
}
