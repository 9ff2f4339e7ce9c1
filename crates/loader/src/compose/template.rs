//! Variable substitution in strings, as compose-go's `template` package does
//! it: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+replacement}`,
//! `${VAR+replacement}` and `$$` for a literal `$`. Defaults may themselves
//! hold substitutions (`${A:-${B}}`).

/// Why a substitution failed, in compose-go's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateError {
    /// `$` not followed by a name, `{`, or `$` (`Invalid template: "..."`).
    Invalid { template: String },
    /// `${VAR?err}` / `${VAR:?err}` with the variable missing.
    MissingRequired { variable: String, reason: String },
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Invalid { template } => write!(f, "Invalid template: {template:?}"),
            TemplateError::MissingRequired { variable, reason } if reason.is_empty() => {
                write!(f, "required variable {variable} is missing a value")
            }
            TemplateError::MissingRequired { variable, reason } => {
                write!(
                    f,
                    "required variable {variable} is missing a value: {reason}"
                )
            }
        }
    }
}

/// The result of substituting one string.
#[derive(Debug, Default)]
pub struct Substituted {
    pub value: String,
    /// Variables referenced without a default that were not set (compose
    /// warns: `The "X" variable is not set. Defaulting to a blank string.`).
    pub missing: Vec<String>,
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Substitutes every variable of `template` using `lookup`.
pub fn substitute<F>(template: &str, lookup: &F) -> Result<Substituted, TemplateError>
where
    F: Fn(&str) -> Option<String>,
{
    let mut out = Substituted::default();
    let bytes = template.as_bytes();
    let mut i = 0;
    let mut literal_start = 0;
    let mut first_error: Option<TemplateError> = None;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            i += 1;
            continue;
        }
        out.value.push_str(&template[literal_start..i]);
        let rest = &bytes[i + 1..];
        match rest.first() {
            Some(b'$') => {
                out.value.push('$');
                i += 2;
            }
            Some(&c) if is_name_start(c) => {
                let mut end = 1;
                while end < rest.len() && is_name_char(rest[end]) {
                    end += 1;
                }
                let name = &template[i + 1..i + 1 + end];
                match lookup(name) {
                    Some(v) => out.value.push_str(&v),
                    None => out.missing.push(name.to_string()),
                }
                i += 1 + end;
            }
            Some(b'{') => {
                // The whole `${...}` with balanced braces.
                let body_start = i + 2;
                let Some(close) = closing_brace(bytes, i + 1) else {
                    first_error.get_or_insert(TemplateError::Invalid {
                        template: template.to_string(),
                    });
                    i = bytes.len();
                    literal_start = i;
                    continue;
                };
                let body = &template[body_start..close];
                match braced(body, lookup, &mut out.missing) {
                    Ok(Some(v)) => out.value.push_str(&v),
                    Ok(None) => {
                        first_error.get_or_insert(TemplateError::Invalid {
                            template: template.to_string(),
                        });
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                    }
                }
                i = close + 1;
            }
            _ => {
                first_error.get_or_insert(TemplateError::Invalid {
                    template: template.to_string(),
                });
                i += 1;
            }
        }
        literal_start = i;
    }
    out.value
        .push_str(&template[literal_start.min(template.len())..]);
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Index of the `}` closing the `{` at `open`, counting nested `${`.
fn closing_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Evaluates the inside of `${...}`. `Ok(None)` means the body is not a
/// valid substitution.
fn braced<F>(
    body: &str,
    lookup: &F,
    missing: &mut Vec<String>,
) -> Result<Option<String>, TemplateError>
where
    F: Fn(&str) -> Option<String>,
{
    let b = body.as_bytes();
    if b.is_empty() || !is_name_start(b[0]) {
        return Ok(None);
    }
    let mut end = 1;
    while end < b.len() && is_name_char(b[end]) {
        end += 1;
    }
    let name = &body[..end];
    let op_and_arg = &body[end..];
    if op_and_arg.is_empty() {
        return Ok(Some(match lookup(name) {
            Some(v) => v,
            None => {
                missing.push(name.to_string());
                String::new()
            }
        }));
    }
    let (op, arg) = if let Some(a) = op_and_arg.strip_prefix(":-") {
        (":-", a)
    } else if let Some(a) = op_and_arg.strip_prefix(":?") {
        (":?", a)
    } else if let Some(a) = op_and_arg.strip_prefix(":+") {
        (":+", a)
    } else if let Some(a) = op_and_arg.strip_prefix('-') {
        ("-", a)
    } else if let Some(a) = op_and_arg.strip_prefix('?') {
        ("?", a)
    } else if let Some(a) = op_and_arg.strip_prefix('+') {
        ("+", a)
    } else {
        return Ok(None);
    };
    let value = lookup(name);
    let nested = |arg: &str, missing: &mut Vec<String>| -> Result<String, TemplateError> {
        let s = substitute(arg, lookup)?;
        missing.extend(s.missing);
        Ok(s.value)
    };
    Ok(Some(match op {
        ":-" => match value {
            Some(v) if !v.is_empty() => v,
            _ => nested(arg, missing)?,
        },
        "-" => match value {
            Some(v) => v,
            None => nested(arg, missing)?,
        },
        ":+" => match value {
            Some(v) if !v.is_empty() => nested(arg, missing)?,
            Some(v) => v,
            None => String::new(),
        },
        "+" => match value {
            Some(_) => nested(arg, missing)?,
            None => String::new(),
        },
        ":?" => match value {
            Some(v) if !v.is_empty() => v,
            _ => {
                return Err(TemplateError::MissingRequired {
                    variable: name.to_string(),
                    reason: nested(arg, missing)?,
                })
            }
        },
        _ => match value {
            Some(v) => v,
            None => {
                return Err(TemplateError::MissingRequired {
                    variable: name.to_string(),
                    reason: nested(arg, missing)?,
                })
            }
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Result<String, String> {
        let env = |k: &str| match k {
            "A" => Some("a".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        substitute(t, &env)
            .map(|s| s.value)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn forms() {
        assert_eq!(run("$A ${A} $$A").unwrap(), "a a $A");
        assert_eq!(
            run("${B:-x} ${EMPTY:-x} ${EMPTY-x} ${B-x}").unwrap(),
            "x x  x"
        );
        assert_eq!(
            run("${A:+y} ${EMPTY:+y} ${EMPTY+y} ${B+y}").unwrap(),
            "y  y "
        );
        assert_eq!(run("${B:-${A}}/x").unwrap(), "a/x");
        assert_eq!(
            run("${B:?need B}").unwrap_err(),
            "required variable B is missing a value: need B"
        );
        assert_eq!(
            run("${EMPTY:?}").unwrap_err(),
            "required variable EMPTY is missing a value"
        );
        assert_eq!(run("${EMPTY?}").unwrap(), "");
        assert_eq!(run("a $ b").unwrap_err(), "Invalid template: \"a $ b\"");
        assert_eq!(run("${}").unwrap_err(), "Invalid template: \"${}\"");
        assert_eq!(run("${A").unwrap_err(), "Invalid template: \"${A\"");
    }
}
