//! Stage 6 (end of each file): the canonical form (compose-go's
//! `transform` package). Short syntaxes become their long form so that the
//! next file merges over something regular: ports and volumes become
//! mappings, lists of names become mappings, single strings become lists,
//! `external: {name: x}` becomes `name: x` + `external: true`.

use super::ctx::{At, Ctx};
use super::ports::parse_short;
use super::yaml::{get_mut, Map, Node, Pos, V};

/// A parsed short volume spec (`SOURCE:TARGET[:MODE]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ShortVolume {
    pub kind: &'static str,
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

fn is_windows_drive(buffer: &[char], c: char) -> bool {
    c == ':' && buffer.len() == 1 && buffer[0].is_alphabetic()
}

fn is_file_path(source: &str) -> bool {
    let mut chars = source.chars();
    match chars.next() {
        None => false,
        Some('.' | '/' | '~') => true,
        Some(_) if source.starts_with("\\\\") => true,
        Some(first) => chars
            .next()
            .map(|c| is_windows_drive(&[first], c))
            .unwrap_or(false),
    }
}

/// compose-go's `format.ParseVolume`.
pub(crate) fn parse_volume(spec: &str) -> Result<ShortVolume, String> {
    let mut v = ShortVolume::default();
    match spec.chars().count() {
        0 => return Err("invalid empty volume spec".into()),
        1 | 2 => {
            v.target = spec.to_string();
            v.kind = "volume";
            return Ok(v);
        }
        _ => {}
    }
    let chars: Vec<char> = spec.chars().collect();
    let mut buffer: Vec<char> = Vec::new();
    let mut in_var = 0usize;
    let mut i = 0;
    while i <= chars.len() {
        let c = chars.get(i).copied();
        i += 1;
        if c == Some('$') && chars.get(i) == Some(&'{') {
            in_var += 1;
            buffer.push('$');
            continue;
        }
        if c == Some('}') && in_var > 0 {
            in_var -= 1;
            buffer.push('}');
            continue;
        }
        match c {
            Some(ch) if is_windows_drive(&buffer, ch) => buffer.push(ch),
            Some(':') | None if in_var == 0 => {
                if let Err(e) = populate(c, &buffer, &mut v) {
                    return Err(format!("invalid spec: {spec}: {e}"));
                }
                buffer.clear();
            }
            Some(ch) => buffer.push(ch),
            None => {}
        }
    }
    v.kind = if is_file_path(&v.source) {
        "bind"
    } else {
        "volume"
    };
    Ok(v)
}

fn populate(c: Option<char>, buffer: &[char], v: &mut ShortVolume) -> Result<(), String> {
    let s: String = buffer.iter().collect();
    if buffer.is_empty() {
        return Err("empty section between colons".into());
    }
    if v.source.is_empty() && c.is_none() {
        v.target = s;
        return Ok(());
    }
    if v.source.is_empty() {
        v.source = s;
        return Ok(());
    }
    if v.target.is_empty() {
        v.target = s;
        return Ok(());
    }
    if c == Some(':') {
        return Err("too many colons".into());
    }
    for option in s.split(',') {
        match option {
            "ro" => v.read_only = true,
            "rw" => v.read_only = false,
            _ => {}
        }
    }
    Ok(())
}

fn entry(m: &mut Map, k: &str, v: V, pos: Pos) {
    m.insert(k.to_string(), Node::new(v, pos));
}

/// Rewrites the whole model into canonical form, reporting what cannot be
/// parsed.
pub(crate) fn canonical(ctx: &mut Ctx, dict: &mut Node) {
    let root = At::root();
    if let Some(V::Map(services)) = dict
        .as_map_mut()
        .and_then(|m| m.get_mut("services"))
        .map(|n| &mut n.v)
    {
        for (name, service) in services.iter_mut() {
            let at = root.key("services");
            let path = at.key(name);
            if let V::Map(s) = &mut service.v {
                canonical_service(ctx, s, &path);
            }
        }
    }
    for section in ["networks", "volumes", "secrets", "configs"] {
        if let Some(V::Map(resources)) = dict
            .as_map_mut()
            .and_then(|m| m.get_mut(section))
            .map(|n| &mut n.v)
        {
            for (key, resource) in resources.iter_mut() {
                let at = root.key(section);
                let path = at.key(key);
                maybe_external(ctx, resource, &path);
            }
        }
    }
}

fn maybe_external(ctx: &mut Ctx, resource: &mut Node, path: &At) {
    let Some(m) = resource.as_map_mut() else {
        return;
    };
    let Some(ext) = m.get("external") else {
        return;
    };
    let V::Map(ext_map) = &ext.v else {
        return;
    };
    let ext_pos = ext.pos;
    let ext_name = ext_map.get("name").cloned();
    let mut t = Node::new(V::Bool(true), ext_pos);
    t.kpos = ext.kpos;
    m.insert("external".into(), t);
    if let Some(ext_name) = ext_name {
        ctx.warn(
            ext_pos,
            &path.key("external").key("name").dotted(),
            format!(
                "{}: external.name is deprecated. Please set name and external: true",
                path.tree()
            ),
        );
        match m.get("name") {
            Some(name) if name.scalar_string() != ext_name.scalar_string() => {
                let pos = name.pos;
                ctx.error(
                    pos,
                    &path.key("name").dotted(),
                    format!(
                        "{}: name and external.name conflict; only use name",
                        path.tree()
                    ),
                );
            }
            Some(_) => {}
            None => {
                m.insert("name".into(), ext_name);
            }
        }
    }
}

fn string_to_list(s: &mut Map, key: &str) {
    if let Some(n) = get_mut(s, key) {
        if let V::Str(_) = n.v {
            let item = Node::new(std::mem::replace(&mut n.v, V::Null), n.pos);
            n.v = V::Seq(vec![item]);
        }
    }
}

fn canonical_service(ctx: &mut Ctx, s: &mut Map, path: &At) {
    for key in ["dns", "dns_search", "tmpfs", "label_file"] {
        string_to_list(s, key);
    }
    if let Some(n) = get_mut(s, "extends") {
        if let V::Str(name) = &n.v {
            let mut m = Map::default();
            entry(&mut m, "service", V::Str(name.clone()), n.pos);
            n.v = V::Map(m);
        }
    }
    if let Some(n) = get_mut(s, "build") {
        if let V::Str(context) = &n.v {
            let mut m = Map::default();
            entry(&mut m, "context", V::Str(context.clone()), n.pos);
            n.v = V::Map(m);
        }
    }
    if let Some(n) = get_mut(s, "env_file") {
        let items = match std::mem::replace(&mut n.v, V::Null) {
            V::Str(p) => vec![Node::str(p, n.pos)],
            V::Seq(items) => items,
            other => {
                n.v = other;
                Vec::new()
            }
        };
        if !items.is_empty() || matches!(n.v, V::Null) {
            let mut out = Vec::new();
            for item in items {
                match item.v {
                    V::Str(p) => {
                        let mut m = Map::default();
                        entry(&mut m, "path", V::Str(p), item.pos);
                        entry(&mut m, "required", V::Bool(true), item.pos);
                        out.push(Node::new(V::Map(m), item.pos));
                    }
                    V::Map(mut m) => {
                        if !m.contains_key("required") {
                            entry(&mut m, "required", V::Bool(true), item.pos);
                        }
                        out.push(Node::new(V::Map(m), item.pos));
                    }
                    other => out.push(Node::new(other, item.pos)),
                }
            }
            n.v = V::Seq(out);
        }
    }
    if let Some(n) = get_mut(s, "networks") {
        if let V::Seq(items) = &n.v {
            let mut m = Map::default();
            for item in items {
                let mut v = Node::null(item.pos);
                v.kpos = item.pos;
                m.insert(item.scalar_string().unwrap_or_default(), v);
            }
            n.v = V::Map(m);
        }
    }
    if let Some(n) = get_mut(s, "depends_on") {
        let dpath = path.key("depends_on");
        match &mut n.v {
            V::Seq(items) => {
                let mut m = Map::default();
                for item in items.iter() {
                    let mut d = Map::default();
                    entry(
                        &mut d,
                        "condition",
                        V::Str("service_started".into()),
                        item.pos,
                    );
                    entry(&mut d, "required", V::Bool(true), item.pos);
                    let mut v = Node::new(V::Map(d), item.pos);
                    v.kpos = item.pos;
                    m.insert(item.scalar_string().unwrap_or_default(), v);
                }
                n.v = V::Map(m);
            }
            V::Map(m) => {
                for (dep, d) in m.iter_mut() {
                    match &mut d.v {
                        V::Map(dm) => {
                            if !dm.contains_key("condition") {
                                entry(dm, "condition", V::Str("service_started".into()), d.pos);
                            }
                            if !dm.contains_key("required") {
                                entry(dm, "required", V::Bool(true), d.pos);
                            }
                        }
                        _ => {
                            let p = dpath.key(dep);
                            ctx.error(
                                d.pos,
                                &p.dotted(),
                                format!(
                                    "{}: unsupported value {}",
                                    p.tree(),
                                    d.scalar_string().unwrap_or_default()
                                ),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(n) = get_mut(s, "ports") {
        let ppath = path.key("ports");
        if let V::Seq(items) = &mut n.v {
            let mut out = Vec::new();
            for (i, item) in std::mem::take(items).into_iter().enumerate() {
                match &item.v {
                    V::Int(_) => {
                        let mut m = Map::default();
                        m.insert("target".to_string(), item.clone());
                        out.push(Node::new(V::Map(m), item.pos));
                    }
                    V::Str(text) => match parse_short(text, ctx.ports) {
                        Ok(ports) => {
                            ctx.ports += ports.len();
                            for p in ports {
                                let mut m = Map::default();
                                entry(&mut m, "mode", V::Str("ingress".into()), item.pos);
                                if !p.host_ip.is_empty() {
                                    entry(&mut m, "host_ip", V::Str(p.host_ip), item.pos);
                                }
                                entry(&mut m, "target", V::Int(p.target as i64), item.pos);
                                if !p.published.is_empty() {
                                    entry(&mut m, "published", V::Str(p.published), item.pos);
                                }
                                entry(&mut m, "protocol", V::Str(p.protocol), item.pos);
                                out.push(Node::new(V::Map(m), item.pos));
                            }
                        }
                        Err(e) => {
                            let at = ctx.item_path(&ppath.owned(), i, item.pos);
                            ctx.error(item.pos, &at.dotted(), e);
                        }
                    },
                    V::Map(_) => out.push(item),
                    _ => {
                        let at = ctx.item_path(&ppath.owned(), i, item.pos);
                        ctx.error(
                            item.pos,
                            &at.dotted(),
                            format!("{}: invalid type {} for port", ppath.tree(), go_kind(&item)),
                        );
                    }
                }
            }
            *items = out;
        }
    }
    if let Some(n) = get_mut(s, "volumes") {
        let vpath = path.key("volumes");
        if let V::Seq(items) = &mut n.v {
            for (i, item) in items.iter_mut().enumerate() {
                if let V::Str(text) = &item.v {
                    match parse_volume(text) {
                        Ok(v) => {
                            let pos = item.pos;
                            let mut m = Map::default();
                            entry(&mut m, "type", V::Str(v.kind.to_string()), pos);
                            if !v.source.is_empty() {
                                entry(&mut m, "source", V::Str(v.source), pos);
                            }
                            entry(&mut m, "target", V::Str(v.target), pos);
                            if v.read_only {
                                entry(&mut m, "read_only", V::Bool(true), pos);
                            }
                            item.v = V::Map(m);
                        }
                        Err(e) => ctx.error(item.pos, &vpath.idx(i).dotted(), e),
                    }
                }
            }
        }
    }
}

fn go_kind(n: &Node) -> &'static str {
    match &n.v {
        V::Float(_) => "float64",
        V::Bool(_) => "bool",
        V::Null => "<nil>",
        V::Seq(_) => "[]interface {}",
        V::Map(_) => "map[string]interface {}",
        V::Int(_) => "int",
        V::Str(_) => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_volumes() {
        let v = parse_volume("./data:/var/lib/mysql:ro").unwrap();
        assert_eq!(
            (v.kind, v.source.as_str(), v.target.as_str(), v.read_only),
            ("bind", "./data", "/var/lib/mysql", true)
        );
        let v = parse_volume("db-data:/data").unwrap();
        assert_eq!((v.kind, v.source.as_str()), ("volume", "db-data"));
        let v = parse_volume("/data").unwrap();
        assert_eq!(
            (v.kind, v.source.as_str(), v.target.as_str()),
            ("volume", "", "/data")
        );
        assert_eq!(
            parse_volume("ab::c").unwrap_err(),
            "invalid spec: ab::c: empty section between colons"
        );
        assert_eq!(
            parse_volume("ab:cd:ro:x").unwrap_err(),
            "invalid spec: ab:cd:ro:x: too many colons"
        );
    }
}
