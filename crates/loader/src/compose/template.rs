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
    /// Defaults nested more than [`MAX_DEPTH`] deep (`${A:-${A:-…}}`).
    TooDeep,
    /// The value would grow past [`MAX_VALUE_BYTES`], or this load's
    /// substitutions past [`MAX_TOTAL_BYTES`] in all.
    TooLarge { total: bool },
}

/// How deep `${A:-${B:-…}}` defaults may nest. Compose has no limit (Go
/// grows its stacks); here each level is a stack frame, and real files
/// nest two or three deep.
pub const MAX_DEPTH: usize = 100;

/// The longest value a substitution may produce: Linux refuses a single
/// argument or environment string longer than this (`MAX_ARG_STRLEN`, 32
/// pages), so no container could be given a longer one. Variables that
/// double each other (`B=${A}${A}`, `C=${B}${B}`, …) stop here instead of
/// filling the memory.
pub const MAX_VALUE_BYTES: usize = 128 * 1024;

/// What all the substitutions of one load may produce together: as much as
/// the largest file the command line reads. Many references to one large
/// variable stop here.
pub const MAX_TOTAL_BYTES: usize = 16 * 1024 * 1024;

/// The bytes substitution may still copy out of variables during one load;
/// shared by the compose files and the `.env` / `env_file` files.
#[derive(Clone, Debug)]
pub struct Budget {
    left: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            left: MAX_TOTAL_BYTES,
        }
    }
}

impl Budget {
    /// Whether an earlier substitution used the whole budget up.
    pub fn exhausted(&self) -> bool {
        self.left == 0
    }

    fn spend(&mut self, bytes: usize) -> Result<(), TemplateError> {
        match self.left.checked_sub(bytes) {
            Some(left) => {
                self.left = left;
                Ok(())
            }
            None => {
                self.left = 0;
                Err(TemplateError::TooLarge { total: true })
            }
        }
    }
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
            TemplateError::TooDeep => write!(
                f,
                "substitutions are nested more than {MAX_DEPTH} levels deep"
            ),
            TemplateError::TooLarge { total: false } => write!(
                f,
                "the value would be longer than {} KiB (the most Linux passes to a container in one variable or argument)",
                MAX_VALUE_BYTES / 1024
            ),
            TemplateError::TooLarge { total: true } => write!(
                f,
                "substitutions would produce more than {} MiB in all",
                MAX_TOTAL_BYTES / (1024 * 1024)
            ),
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

/// Substitutes every variable of `template` using `lookup`, spending
/// `budget` on what the variables' values add.
pub fn substitute<F>(
    template: &str,
    lookup: &F,
    budget: &mut Budget,
) -> Result<Substituted, TemplateError>
where
    F: Fn(&str) -> Option<String>,
{
    substitute_at(template, lookup, budget, 0)
}

/// [`substitute`] for a template nested `depth` defaults deep.
///
/// The lookup is a trait object so that this, the longest function of the
/// loader's hot path, exists once in the page's wasm rather than once per
/// caller's closure.
fn substitute_at(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    budget: &mut Budget,
    depth: usize,
) -> Result<Substituted, TemplateError> {
    if depth > MAX_DEPTH {
        return Err(TemplateError::TooDeep);
    }
    // Copying the template's own text never makes the value longer than
    // the template; only variables can.
    let limit = MAX_VALUE_BYTES.max(template.len());
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
                    Some(v) => {
                        budget.spend(v.len())?;
                        out.value.push_str(&v);
                    }
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
                match braced(body, lookup, budget, depth, &mut out.missing) {
                    Ok(Some(v)) => out.value.push_str(&v),
                    Ok(None) => {
                        first_error.get_or_insert(TemplateError::Invalid {
                            template: template.to_string(),
                        });
                    }
                    // Limits end the substitution at once: going on would
                    // only spend more of what is already too much.
                    Err(e @ (TemplateError::TooDeep | TemplateError::TooLarge { .. })) => {
                        return Err(e)
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
        if out.value.len() > limit {
            return Err(TemplateError::TooLarge { total: false });
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
fn braced(
    body: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    budget: &mut Budget,
    depth: usize,
    missing: &mut Vec<String>,
) -> Result<Option<String>, TemplateError> {
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
            Some(v) => {
                budget.spend(v.len())?;
                v
            }
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
    if let Some(v) = &value {
        budget.spend(v.len())?;
    }
    let mut nested = |arg: &str, missing: &mut Vec<String>| -> Result<String, TemplateError> {
        let s = substitute_at(arg, lookup, budget, depth + 1)?;
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
        substitute(t, &env, &mut Budget::default())
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
