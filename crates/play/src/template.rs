//! The part of Go's text/template that people use with `docker inspect -f`
//! and `--format`: `{{.A.B}}`, `{{json .X}}`, `{{index .X "k"}}`,
//! `{{range .X}}…{{end}}`, `{{range $k, $v := .X}}…{{end}}`,
//! `{{if .X}}…{{else}}…{{end}}`, `{{println}}`, evaluated over the inspect
//! JSON.

use serde_json::Value;

#[derive(Debug)]
enum Node {
    Text(String),
    Action(Vec<String>),
    Range {
        vars: Vec<String>,
        expr: Vec<String>,
        body: Vec<Node>,
    },
    If {
        expr: Vec<String>,
        then: Vec<Node>,
        otherwise: Vec<Node>,
    },
}

/// How deep `{{if}}` / `{{range}}` blocks, parentheses and function calls
/// may nest. Go's parser allows 10 000 parentheses (`maxStackDepth`) and
/// any depth of blocks, on stacks that grow; here each level is a frame of
/// a fixed stack, and formats people write nest two or three deep.
const MAX_DEPTH: usize = 100;

/// Go's words for too deep an expression (`text/template/parse`).
fn too_deep() -> String {
    "template: max expression depth exceeded".to_string()
}

/// Refuses an action whose parentheses nest deeper than [`MAX_DEPTH`],
/// before anything is evaluated.
fn check_parens(action: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut quote = false;
    for c in action.chars() {
        match c {
            '"' => quote = !quote,
            '(' if !quote => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
            }
            ')' if !quote => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Splits an action into words, keeping quoted strings whole.
fn words(action: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = false;
    for c in action.chars() {
        match c {
            '"' => {
                quote = !quote;
                cur.push(c);
            }
            ' ' | '\t' if !quote => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn tokens(template: &str) -> Result<Vec<(bool, String)>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        if start > 0 {
            out.push((false, rest[..start].to_string()));
        }
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "template: unclosed action".to_string())?;
        out.push((
            true,
            after[..end].trim().trim_matches('-').trim().to_string(),
        ));
        rest = &after[end + 2..];
    }
    if !rest.is_empty() {
        out.push((false, rest.to_string()));
    }
    Ok(out)
}

/// Parses the tokens from `pos` up to one of `stop`; `depth` counts the
/// blocks this one is inside.
fn parse(
    tokens: &[(bool, String)],
    pos: &mut usize,
    stop: &[&str],
    depth: usize,
) -> Result<(Vec<Node>, String), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "template: {{{{if}}}} and {{{{range}}}} nested more than {MAX_DEPTH} levels deep"
        ));
    }
    let mut nodes = Vec::new();
    while *pos < tokens.len() {
        let (action, text) = &tokens[*pos];
        *pos += 1;
        if !action {
            nodes.push(Node::Text(text.clone()));
            continue;
        }
        check_parens(text)?;
        let w = words(text);
        let head = w.first().map(String::as_str).unwrap_or("");
        if stop.contains(&head) {
            return Ok((nodes, head.to_string()));
        }
        match head {
            "range" => {
                let (vars, expr) = match w.iter().position(|x| x == ":=") {
                    Some(i) => (
                        w[1..i]
                            .iter()
                            .map(|v| v.trim_end_matches(',').to_string())
                            .collect(),
                        w[i + 1..].to_vec(),
                    ),
                    None => (Vec::new(), w[1..].to_vec()),
                };
                let (body, _) = parse(tokens, pos, &["end"], depth + 1)?;
                nodes.push(Node::Range { vars, expr, body });
            }
            "if" => {
                let (then, ended) = parse(tokens, pos, &["else", "end"], depth + 1)?;
                let otherwise = if ended == "else" {
                    parse(tokens, pos, &["end"], depth + 1)?.0
                } else {
                    Vec::new()
                };
                nodes.push(Node::If {
                    expr: w[1..].to_vec(),
                    then,
                    otherwise,
                });
            }
            "end" | "else" => return Err(format!("template: unexpected {{{{{head}}}}}")),
            _ => nodes.push(Node::Action(w)),
        }
    }
    if stop.is_empty() {
        Ok((nodes, String::new()))
    } else {
        Err("template: unexpected EOF".into())
    }
}

struct Scope<'a> {
    dot: &'a Value,
    vars: Vec<(String, Value)>,
}

/// Follows `path` (`.A.B`) from `value`; only the result is copied.
fn field(value: &Value, path: &str) -> Value {
    let mut cur = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        cur = match cur {
            Value::Object(map) => match map.get(part) {
                Some(v) => v,
                None => return omitted_string_field(map, part).unwrap_or(Value::Null),
            },
            _ => return Value::Null,
        };
    }
    cur.clone()
}

/// The docker CLI runs templates on its typed structs, where a string
/// field that JSON omits when empty (`omitempty`) is still there and
/// prints as nothing, not `<no value>`: an IPAM config entry's `Gateway`
/// and `IPRange` (the default bridge of a fresh engine has no gateway in
/// its config; seen on 20.10.24).
fn omitted_string_field(map: &serde_json::Map<String, Value>, part: &str) -> Option<Value> {
    let ipam_entry = map.contains_key("Subnet");
    (ipam_entry && matches!(part, "Gateway" | "IPRange")).then(|| Value::String(String::new()))
}

fn operand(word: &str, scope: &Scope) -> Value {
    if word == "." {
        return scope.dot.clone();
    }
    if let Some(path) = word.strip_prefix('.') {
        return field(scope.dot, path);
    }
    if let Some(var) = word.strip_prefix('$') {
        let (name, path) = match var.find('.') {
            Some(i) => (&var[..i], &var[i..]),
            None => (var, ""),
        };
        let base = scope
            .vars
            .iter()
            .rev()
            .find(|(n, _)| n.trim_start_matches('$') == name)
            .map(|(_, v)| v.clone())
            .unwrap_or(Value::Null);
        return field(&base, path);
    }
    if let Some(s) = word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
        return Value::String(s.to_string());
    }
    match word {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => word.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
    }
}

/// Constants Go's templates accept where a value goes: numbers and
/// booleans.
fn is_constant(word: &str) -> bool {
    matches!(word, "true" | "false") || word.parse::<i64>().is_ok()
}

/// Evaluates an action's words; `depth` counts the calls and parentheses
/// this evaluation is inside (`json (upper (…))`).
fn eval(words: &[String], scope: &Scope, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    let Some(head) = words.first() else {
        return Ok(Value::Null);
    };
    if head.starts_with('(') {
        // `(index .X "k").Field`: evaluate the parenthesised pipeline, then
        // follow the field path after it.
        let text = words.join(" ");
        let close = text
            .rfind(')')
            .ok_or_else(|| "template: unclosed (".to_string())?;
        let inner = eval(&self::words(&text[1..close]), scope, depth + 1)?;
        return Ok(field(&inner, &text[close + 1..]));
    }
    match head.as_str() {
        // The CLI's template `json` leaves `<`, `>` and `&` as they are (it
        // turns Go's HTML escaping off), unlike `--format json`.
        "json" => Ok(Value::String(
            serde_json::to_string(&eval(&words[1..], scope, depth + 1)?).unwrap_or_default(),
        )),
        "index" => {
            // Go checks a call's arity before it looks at an argument:
            // `index` needs the item to index.
            let Some(item) = words.get(1) else {
                return Err(
                    "template: wrong number of args for index: want at least 1 got 0".to_string(),
                );
            };
            let mut v = operand(item, scope);
            for key in &words[2..] {
                v = match (v, operand(key, scope)) {
                    (Value::Object(m), Value::String(k)) => {
                        m.get(&k).cloned().unwrap_or(Value::Null)
                    }
                    (Value::Array(a), Value::Number(n)) => a
                        .get(n.as_u64().unwrap_or(0) as usize)
                        .cloned()
                        .unwrap_or(Value::Null),
                    _ => Value::Null,
                };
            }
            Ok(v)
        }
        "println" => {
            let parts: Vec<String> = words[1..]
                .iter()
                .map(|w| render(&operand(w, scope)))
                .collect();
            Ok(Value::String(format!("{}\n", parts.join(" "))))
        }
        "len" => Ok(
            match operand(words.get(1).map(String::as_str).unwrap_or("."), scope) {
                Value::Array(a) => Value::from(a.len()),
                Value::Object(m) => Value::from(m.len()),
                Value::String(s) => Value::from(s.len()),
                _ => Value::from(0),
            },
        ),
        // ASCII case mapping: Docker's names, ids and states are ASCII, and
        // the Unicode tables would add 10 KB to the page. (Go's `upper`
        // maps every script; a non-ASCII label keeps its case here.)
        "upper" => Ok(Value::String(
            render(&eval(&words[1..], scope, depth + 1)?).to_ascii_uppercase(),
        )),
        "lower" => Ok(Value::String(
            render(&eval(&words[1..], scope, depth + 1)?).to_ascii_lowercase(),
        )),
        w if w.starts_with('.') || w.starts_with('$') || w.starts_with('"') || is_constant(w) => {
            Ok(operand(w, scope))
        }
        other => Err(format!("template: function \"{other}\" not defined")),
    }
}

/// A value as Go's template prints it.
fn render(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(render).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", render(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// How many nodes one rendering may execute. A format people write runs a
/// few dozen; ranges nested over each other multiply (`{{range $.X}}` thirty
/// deep over two items is 2^30 passes), so without a bound a short template
/// would never end.
const MAX_STEPS: usize = 10_000;
/// How much one rendering may print: `{{json .}}` of a container is a few
/// KB, so this is thousands of those.
const MAX_OUTPUT: usize = 8 << 20;

fn exec(
    nodes: &[Node],
    scope: &mut Scope,
    out: &mut String,
    steps: &mut usize,
) -> Result<(), String> {
    for node in nodes {
        *steps += 1;
        if *steps > MAX_STEPS {
            return Err(format!(
                "template: more than {MAX_STEPS} steps to execute (nested ranges multiply)"
            ));
        }
        if out.len() > MAX_OUTPUT {
            return Err(format!(
                "template: the output is larger than {} MiB",
                MAX_OUTPUT >> 20
            ));
        }
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Action(w) => out.push_str(&render(&eval(w, scope, 0)?)),
            Node::If {
                expr,
                then,
                otherwise,
            } => {
                let branch = if truthy(&eval(expr, scope, 0)?) {
                    then
                } else {
                    otherwise
                };
                exec(branch, scope, out, steps)?;
            }
            Node::Range { vars, expr, body } => {
                let items: Vec<(Value, Value)> = match eval(expr, scope, 0)? {
                    Value::Object(m) => m.into_iter().map(|(k, v)| (Value::String(k), v)).collect(),
                    Value::Array(a) => a
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| (Value::from(i), v))
                        .collect(),
                    _ => Vec::new(),
                };
                for (k, v) in items {
                    let mut inner = Scope {
                        dot: &v,
                        vars: scope.vars.clone(),
                    };
                    match vars.as_slice() {
                        [one] => inner.vars.push((one.clone(), v.clone())),
                        [key, val, ..] => {
                            inner.vars.push((key.clone(), k.clone()));
                            inner.vars.push((val.clone(), v.clone()));
                        }
                        [] => {}
                    }
                    exec(body, &mut inner, out, steps)?;
                }
            }
        }
    }
    Ok(())
}

/// Renders `template` over `value`.
pub fn render_template(template: &str, value: &Value) -> Result<String, String> {
    let toks = tokens(template)?;
    let mut pos = 0;
    let (nodes, _) = parse(&toks, &mut pos, &[], 0)?;
    let mut out = String::new();
    let mut scope = Scope {
        dot: value,
        vars: vec![("$".into(), value.clone())],
    };
    exec(&nodes, &mut scope, &mut out, &mut 0)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The one helper: renders `template` over a small inspect object and
    /// returns the output, or `error: MESSAGE`.
    fn check(template: &str) -> String {
        let v = json!({"Name": "/web", "NetworkSettings": {"Networks": {
            "a": {"IPAddress": "172.18.0.2"}, "b": {"IPAddress": "172.19.0.2"}}}});
        match render_template(template, &v) {
            Ok(out) => out,
            Err(e) => format!("error: {e}"),
        }
    }

    /// `{{open}}` `n` times, `inner`, then `{{close}}` `n` times.
    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn the_formats_people_use() {
        let cases = [
            ("{{.Name}}", "/web"),
            (
                "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}",
                "172.18.0.2 172.19.0.2 ",
            ),
            (
                "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}};{{end}}",
                "a=172.18.0.2;b=172.19.0.2;",
            ),
            (
                "{{json .NetworkSettings.Networks.a}}",
                "{\"IPAddress\":\"172.18.0.2\"}",
            ),
            (
                "{{(index .NetworkSettings.Networks \"b\").IPAddress}}",
                "172.19.0.2",
            ),
            (
                "{{index .NetworkSettings.Networks \"b\"}}",
                "map[IPAddress:172.19.0.2]",
            ),
            ("{{if .Missing}}yes{{else}}no{{end}}", "no"),
            // Constants are values, not functions.
            (
                "{{if 1}}one{{end}} {{if 0}}zero{{else}}none{{end}}",
                "one none",
            ),
            ("{{if true}}t{{end}}{{if false}}f{{end}} {{7}}", "t 7"),
            (
                "{{upper (index .NetworkSettings.Networks \"a\").IPAddress}}",
                "172.18.0.2",
            ),
        ];
        for (t, want) in cases {
            assert_eq!(check(t), want, "{t}");
        }
    }

    #[test]
    fn hostile_templates_end_with_an_error() {
        let cases = [
            // Ranges nested over each other: 2^30 passes over two networks.
            (
                nested("{{range $.NetworkSettings.Networks}}", "x", "{{end}}", 30),
                "error: template: more than 10000 steps to execute (nested ranges multiply)".into(),
            ),
            (
                nested("{{range $.NetworkSettings.Networks}}", "x", "{{end}}", 3),
                "x".repeat(8),
            ),
            (
                format!("{}{{{{.Name}}}}", "x".repeat(1 << 20)).repeat(9),
                "error: template: the output is larger than 8 MiB".into(),
            ),
            // Found by the fuzzer (crates/fuzz): it indexed past the words.
            (
                "{{index}}".to_string(),
                "error: template: wrong number of args for index: want at least 1 got 0".into(),
            ),
            (nested("{{if 1}}", "x", "{{end}}", 100), "x".to_string()),
            (
                nested("{{if 1}}", "x", "{{end}}", 20_000),
                "error: template: {{if}} and {{range}} nested more than 100 levels deep".into(),
            ),
            (
                nested("{{if .Name}}", "x", "{{else}}y{{end}}", 20_000),
                "error: template: {{if}} and {{range}} nested more than 100 levels deep".into(),
            ),
            (
                nested(
                    "{{range .NetworkSettings.Networks}}",
                    "x",
                    "{{end}}",
                    20_000,
                ),
                "error: template: {{if}} and {{range}} nested more than 100 levels deep".into(),
            ),
            (
                format!("{{{{{}}}}}", nested("(", ".Name", ")", 100)),
                "/web".into(),
            ),
            (
                format!("{{{{{}}}}}", nested("(", ".Name", ")", 20_000)),
                "error: template: max expression depth exceeded".into(),
            ),
            (
                format!("{{{{{}.Name}}}}", "json ".repeat(20_000)),
                "error: template: max expression depth exceeded".into(),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(check(&t), want, "{}…", &t[..t.len().min(40)]);
        }
    }
}
