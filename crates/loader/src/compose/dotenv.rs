//! `.env` and `env_file` files, read as compose-go's `dotenv` package reads
//! them: `KEY=VALUE` or `KEY: VALUE`, an optional `export ` prefix, `#`
//! comments, single quotes (literal), double quotes (escapes and
//! substitution), unquoted values (trimmed, ` #` starts a comment,
//! substitution), and a bare `KEY` which takes the value from the
//! environment when it is set there.

use indexmap::IndexMap;

use super::template::{self, Budget, TemplateError};

/// Parses `text`. `lookup` answers for variables the file refers to that it
/// does not define itself; what they add is spent from `budget`. Returns
/// the variables in file order.
pub fn parse<F>(
    text: &str,
    lookup: &F,
    budget: &mut Budget,
) -> Result<IndexMap<String, String>, String>
where
    F: Fn(&str) -> Option<String>,
{
    let mut out: IndexMap<String, String> = IndexMap::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace());
        if rest.is_empty() {
            break;
        }
        if rest.starts_with('#') {
            rest = rest.split_once('\n').map(|x| x.1).unwrap_or("");
            continue;
        }
        if let Some(r) = rest.strip_prefix("export") {
            if r.starts_with([' ', '\t']) {
                rest = r.trim_start_matches([' ', '\t']);
            }
        }
        // The key runs to `=`, `:` or the end of the line.
        let mut key_end = None;
        let mut inherited = false;
        for (i, c) in rest.char_indices() {
            match c {
                '=' | ':' => {
                    key_end = Some(i);
                    break;
                }
                '\n' => {
                    key_end = Some(i);
                    inherited = true;
                    break;
                }
                ' ' | '\t' | '\r' => {}
                c if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' => {}
                c => {
                    let line: String = rest.lines().next().unwrap_or("").to_string();
                    return Err(format!(
                        "unexpected character {:?} in variable name near {:?}",
                        c.to_string(),
                        line
                    ));
                }
            }
        }
        let key_end = key_end.unwrap_or_else(|| {
            inherited = true;
            rest.len()
        });
        let key = rest[..key_end].trim().to_string();
        if key.contains([' ', '\t']) {
            return Err("key cannot contain a space".into());
        }
        rest = if key_end < rest.len() {
            &rest[key_end + 1..]
        } else {
            ""
        };
        if inherited {
            if let Some(v) = lookup(&key) {
                out.insert(key, v);
            }
            continue;
        }
        rest = rest.trim_start_matches([' ', '\t', '\r']);
        let known =
            |name: &str| -> Option<String> { out.get(name).cloned().or_else(|| lookup(name)) };
        let (value, after, quoted) = if let Some(body) = rest.strip_prefix('\'') {
            match body.find('\'') {
                Some(end) => (body[..end].to_string(), &body[end + 1..], true),
                None => return Err(unterminated(rest)),
            }
        } else if let Some(body) = rest.strip_prefix('"') {
            let bytes = body.as_bytes();
            let mut end = None;
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if bytes[i] == b'"' {
                    end = Some(i);
                    break;
                }
                i += 1;
            }
            let Some(end) = end else {
                return Err(unterminated(rest));
            };
            let raw = unescape(&body[..end]);
            let value = template::substitute(&raw, &known, budget)
                .map(|s| s.value)
                .map_err(|e| explain(&key, e))?;
            (value, &body[end + 1..], true)
        } else {
            let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
            let line = match line.find(" #") {
                Some(i) => &line[..i],
                None => line,
            };
            let line = line.trim_end();
            let value = template::substitute(line, &known, budget)
                .map(|s| s.value)
                .map_err(|e| explain(&key, e))?;
            (value, after, false)
        };
        // Anything after a closing quote up to the end of the line is ignored
        // (a trailing comment).
        rest = if !quoted {
            after
        } else {
            match after.split_once('\n') {
                Some((_, r)) => r,
                None => "",
            }
        };
        out.insert(key, value);
    }
    Ok(out)
}

/// A substitution error as the file's reader reports it; a limit names the
/// variable that reached it, since the file may define many.
fn explain(key: &str, e: TemplateError) -> String {
    match e {
        TemplateError::TooDeep | TemplateError::TooLarge { .. } => format!("{key}: {e}"),
        e => e.to_string(),
    }
}

fn unterminated(rest: &str) -> String {
    format!(
        "unterminated quoted value {}",
        rest.lines().next().unwrap_or("")
    )
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let text = "# comment\nA=1\nexport B = two words # note\nC='${A} lit'\nD=\"x\\ny ${A}\"\nE: yaml\nHOME\nF=${A}-${MISSING:-d}\n";
        let env = |k: &str| (k == "HOME").then(|| "/root".to_string());
        let m = parse(text, &env, &mut Budget::default()).unwrap();
        assert_eq!(m["A"], "1");
        assert_eq!(m["B"], "two words");
        assert_eq!(m["C"], "${A} lit");
        assert_eq!(m["D"], "x\ny 1");
        assert_eq!(m["E"], "yaml");
        assert_eq!(m["HOME"], "/root");
        assert_eq!(m["F"], "1-d");
    }
}
