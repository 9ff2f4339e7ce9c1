//! A flag parser with the semantics of spf13/pflag, which both the docker CLI
//! and the compose plugin use: `--flag=value`, `--flag value`, combined short
//! flags (`-dit`, `-dp 80:80`, `-p80:80`, `-d=false`), `--` ending the flags,
//! and (for `run` and `exec`) flags ending at the first positional argument.
//! Reproducing pflag's rules is what makes a command line that works here
//! work in a real shell, and vice versa.

use super::error::{CliError, FlagError};

/// How a flag takes its value. Every kind except [`Kind::Bool`] needs one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `--rm`, `--rm=false`; never consumes the next word.
    Bool,
    /// A string, kept as given (repeatable flags keep every occurrence).
    Str,
    /// A string that pflag splits as one CSV record (`StringSlice` flags such
    /// as `docker network create --subnet a,b`).
    Slice,
    /// A Go `int`, checked with Go's `strconv.ParseInt` rules.
    Int,
    /// A Go `time.Duration` (`30s`, `1m30s`, `500ms`).
    Duration,
}

/// A value check run while the flag is parsed; its message is wrapped the
/// way pflag wraps `Set` errors.
pub(crate) type Check = fn(&str) -> Result<(), String>;

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FlagDef {
    pub long: &'static str,
    pub short: Option<char>,
    pub kind: Kind,
    /// Where the values are stored; differs from `long` for hidden aliases
    /// such as `--net` (stored as `network`).
    pub key: &'static str,
    /// Accepted but without effect in the simulator; reported in the
    /// command's `ignored_flags` so the user can be told.
    pub ignored: bool,
    pub check: Option<Check>,
}

impl FlagDef {
    pub(crate) const fn new(long: &'static str, kind: Kind) -> Self {
        FlagDef {
            long,
            short: None,
            kind,
            key: long,
            ignored: false,
            check: None,
        }
    }
    pub(crate) const fn short(mut self, c: char) -> Self {
        self.short = Some(c);
        self
    }
    pub(crate) const fn alias_of(mut self, key: &'static str) -> Self {
        self.key = key;
        self
    }
    pub(crate) const fn ignored(mut self) -> Self {
        self.ignored = true;
        self
    }
    pub(crate) const fn check(mut self, f: Check) -> Self {
        self.check = Some(f);
        self
    }

    /// The flag as pflag names it in messages: `-t, --time` or `--ip`.
    fn display(&self) -> String {
        match self.short {
            Some(c) => format!("-{c}, --{}", self.long),
            None => format!("--{}", self.long),
        }
    }
}

pub(crate) const fn boolean(long: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Bool)
}
pub(crate) const fn string(long: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Str)
}
pub(crate) const fn slice(long: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Slice)
}
pub(crate) const fn int(long: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Int)
}
pub(crate) const fn duration(long: &'static str) -> FlagDef {
    FlagDef::new(long, Kind::Duration)
}

/// A flag that was not modelled but did not change the outcome, kept so the
/// runner can say "ignored: --memory 512m".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredFlag {
    /// As the user spelled it: `--memory`, `-m`.
    pub flag: String,
    /// `None` for boolean flags.
    pub value: Option<String>,
}

/// One occurrence of a flag on the command line.
#[derive(Clone, Debug)]
pub(crate) struct FlagUse {
    pub key: &'static str,
    /// Booleans are normalised to `true` / `false`.
    pub value: String,
    /// The word holding the flag.
    pub word: usize,
    /// The word holding the value: the flag's own word for `--f=v` and
    /// `-fv`, the next one for `--f v`.
    pub value_word: usize,
    pub spelled: String,
    pub kind: Kind,
    pub ignored: bool,
}

/// The outcome of flag parsing: the flags in order and the positional
/// arguments with their word indexes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
    pub uses: Vec<FlagUse>,
    pub args: Vec<(String, usize)>,
    /// `--help` / `-h` was given (pflag's `ErrHelp`).
    pub help: bool,
}

impl Parsed {
    pub(crate) fn flag(&self, key: &str) -> bool {
        self.last(key).is_some_and(|u| u.value == "true")
    }

    /// A boolean flag that was given explicitly, with its value.
    pub(crate) fn opt_flag(&self, key: &str) -> Option<bool> {
        self.last(key).map(|u| u.value == "true")
    }

    pub(crate) fn string(&self, key: &str) -> Option<String> {
        self.last(key).map(|u| u.value.clone())
    }

    pub(crate) fn strings(&self, key: &str) -> Vec<String> {
        self.uses_of(key).map(|u| u.value.clone()).collect()
    }

    pub(crate) fn int(&self, key: &str) -> Option<i64> {
        self.last(key).and_then(|u| go_parse_int(&u.value).ok())
    }

    /// A duration flag in nanoseconds (Go allows negative durations; the
    /// commands decide what to make of them).
    pub(crate) fn duration_nanos(&self, key: &str) -> Option<i128> {
        self.last(key)
            .and_then(|u| go_parse_duration(&u.value).ok())
    }

    pub(crate) fn word(&self, key: &str) -> Option<usize> {
        self.last(key).map(|u| u.word)
    }

    /// The word holding the last value of `key` (for errors about values).
    pub(crate) fn value_word(&self, key: &str) -> Option<usize> {
        self.last(key).map(|u| u.value_word)
    }

    pub(crate) fn uses_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a FlagUse> + 'a {
        self.uses.iter().filter(move |u| u.key == key)
    }

    fn last(&self, key: &str) -> Option<&FlagUse> {
        self.uses.iter().rev().find(|u| u.key == key)
    }

    pub(crate) fn ignored_flags(&self) -> Vec<IgnoredFlag> {
        self.uses
            .iter()
            .filter(|u| u.ignored)
            .map(|u| IgnoredFlag {
                flag: u.spelled.clone(),
                value: (u.kind != Kind::Bool).then(|| u.value.clone()),
            })
            .collect()
    }

    /// The positional arguments as plain strings.
    pub(crate) fn arg_strings(&self) -> Vec<String> {
        self.args.iter().map(|(a, _)| a.clone()).collect()
    }
}

/// Parses `words[start..]` against the flag tables (searched in order, so a
/// command's own flags shadow inherited ones). With `interspersed == false`
/// the first positional argument ends the flags, as `docker run IMAGE CMD...`
/// needs.
pub(crate) fn parse(
    words: &[String],
    start: usize,
    tables: &[&[FlagDef]],
    interspersed: bool,
) -> Result<Parsed, CliError> {
    let mut out = Parsed::default();
    let mut i = start;
    while i < words.len() {
        let word = &words[i];
        if word == "--" {
            out.args.extend(
                words
                    .iter()
                    .enumerate()
                    .skip(i + 1)
                    .map(|(j, w)| (w.clone(), j)),
            );
            break;
        }
        if word.len() < 2 || !word.starts_with('-') {
            if interspersed {
                out.args.push((word.clone(), i));
                i += 1;
                continue;
            }
            out.args.extend(
                words
                    .iter()
                    .enumerate()
                    .skip(i)
                    .map(|(j, w)| (w.clone(), j)),
            );
            break;
        }
        if let Some(body) = word.strip_prefix("--") {
            i = parse_long(words, i, body, tables, &mut out)?;
        } else {
            i = parse_shorts(words, i, &word[1..], tables, &mut out)?;
        }
        if out.help {
            break;
        }
    }
    Ok(out)
}

fn find_long<'a>(tables: &[&'a [FlagDef]], name: &str) -> Option<&'a FlagDef> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|d| d.long == name)
}

fn find_short<'a>(tables: &[&'a [FlagDef]], c: char) -> Option<&'a FlagDef> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|d| d.short == Some(c))
}

/// Returns the index of the next word to look at.
fn parse_long(
    words: &[String],
    i: usize,
    body: &str,
    tables: &[&[FlagDef]],
    out: &mut Parsed,
) -> Result<usize, CliError> {
    if body.is_empty() || body.starts_with('-') || body.starts_with('=') {
        return Err(CliError::new(i, FlagError::BadSyntax(words[i].clone())));
    }
    let (name, inline) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    let Some(def) = find_long(tables, name) else {
        if name == "help" {
            out.help = true;
            return Ok(i + 1);
        }
        return Err(CliError::new(i, FlagError::Unknown(format!("--{name}"))));
    };
    let spelled = format!("--{name}");
    let (value, next, value_word) = match (def.kind, inline) {
        (_, Some(v)) => (v.to_string(), i + 1, i),
        (Kind::Bool, None) => ("true".to_string(), i + 1, i),
        (_, None) => match words.get(i + 1) {
            Some(v) => (v.clone(), i + 2, i + 1),
            None => return Err(CliError::new(i, FlagError::NeedsArgument(words[i].clone()))),
        },
    };
    record(def, spelled, value, i, value_word, out)?;
    Ok(next)
}

fn parse_shorts(
    words: &[String],
    i: usize,
    group: &str,
    tables: &[&[FlagDef]],
    out: &mut Parsed,
) -> Result<usize, CliError> {
    let mut rest = group;
    let mut next = i + 1;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        let Some(def) = find_short(tables, c) else {
            if c == 'h' {
                out.help = true;
                return Ok(next);
            }
            return Err(CliError::new(
                i,
                FlagError::UnknownShorthand {
                    flag: c,
                    rest: rest.to_string(),
                },
            ));
        };
        let spelled = format!("-{c}");
        if after.len() > 1 && after.starts_with('=') {
            record(def, spelled, after[1..].to_string(), i, i, out)?;
            return Ok(next);
        }
        if def.kind == Kind::Bool {
            record(def, spelled, "true".to_string(), i, i, out)?;
            rest = after;
            continue;
        }
        if !after.is_empty() {
            record(def, spelled, after.to_string(), i, i, out)?;
            return Ok(next);
        }
        match words.get(i + 1) {
            Some(v) => {
                record(def, spelled, v.clone(), i, i + 1, out)?;
                next = i + 2;
            }
            None => {
                return Err(CliError::new(
                    i,
                    FlagError::NeedsArgumentShort {
                        flag: c,
                        rest: rest.to_string(),
                    },
                ))
            }
        }
        return Ok(next);
    }
    Ok(next)
}

/// Checks a value against its kind and the flag's own check, then stores it.
fn record(
    def: &FlagDef,
    spelled: String,
    value: String,
    word: usize,
    value_word: usize,
    out: &mut Parsed,
) -> Result<(), CliError> {
    let invalid = |reason: String| {
        CliError::new(
            value_word,
            FlagError::InvalidValue {
                value: value.clone(),
                flag: def.display(),
                reason,
            },
        )
    };
    let mut values = vec![value.clone()];
    match def.kind {
        Kind::Bool => {
            let b = go_parse_bool(&value).map_err(invalid)?;
            values = vec![b.to_string()];
        }
        Kind::Int => {
            go_parse_int(&value).map_err(invalid)?;
        }
        Kind::Duration => {
            go_parse_duration(&value).map_err(invalid)?;
        }
        Kind::Slice => {
            values = if value.is_empty() {
                Vec::new()
            } else {
                csv_record(&value).map_err(invalid)?
            };
        }
        Kind::Str => {}
    }
    if let Some(check) = def.check {
        for v in &values {
            check(v).map_err(invalid)?;
        }
    }
    for v in values {
        out.uses.push(FlagUse {
            key: def.key,
            value: v,
            word,
            value_word,
            spelled: spelled.clone(),
            kind: def.kind,
            ignored: def.ignored,
        });
    }
    Ok(())
}

/// Go's `strconv.ParseBool`.
pub(crate) fn go_parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, then decimal, or
/// `0x` / `0o` / `0b` prefixed digits, or a leading-zero octal number.
pub(crate) fn go_parse_int(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {s:?}: invalid syntax");
    let range = || format!("strconv.ParseInt: parsing {s:?}: value out of range");
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(syntax());
    }
    let magnitude = u128::from_str_radix(&digits, radix).map_err(|_| range())?;
    let value = if negative {
        -(magnitude as i128)
    } else {
        magnitude as i128
    };
    i64::try_from(value).map_err(|_| range())
}

/// Go's `time.ParseDuration`, in nanoseconds (which may be negative).
pub(crate) fn go_parse_duration(orig: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {orig:?}");
    let (negative, mut s) = match orig.as_bytes().first() {
        Some(b'-') => (true, &orig[1..]),
        Some(b'+') => (false, &orig[1..]),
        _ => (false, orig),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !s.is_empty() {
        let num_end = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let num = &s[..num_end];
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = num.parse().map_err(|_| invalid())?;
        s = &s[num_end..];
        let unit_end = s
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(s.len());
        let unit = &s[..unit_end];
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {orig:?}"));
        }
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return Err(format!("time: unknown unit {unit:?} in duration {orig:?}")),
        };
        total += value * scale;
        if total > 9.2e18 {
            return Err(invalid());
        }
        s = &s[unit_end..];
    }
    let nanos = total.round() as i128;
    Ok(if negative { -nanos } else { nanos })
}

/// One record of Go's `encoding/csv` reader (what pflag's `StringSlice`
/// flags use): commas separate fields, a field that starts with `"` is
/// quoted and `""` inside it is a quote.
pub(crate) fn csv_record(s: &str) -> Result<Vec<String>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let mut field = String::new();
        if chars.get(i) == Some(&'"') {
            let start_col = i + 1;
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            chars.len() + 1
                        ))
                    }
                    Some('"') if chars.get(i + 1) == Some(&'"') => {
                        field.push('"');
                        i += 2;
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
            match chars.get(i) {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => {
                    fields.push(field);
                    i += 1;
                }
                Some(_) => {
                    return Err(format!(
                    "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                    i.max(start_col) + 1
                ))
                }
            }
        } else {
            loop {
                match chars.get(i) {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some(',') => {
                        fields.push(field);
                        i += 1;
                        break;
                    }
                    Some('"') => {
                        return Err(format!(
                            "parse error on line 1, column {}: bare \" in non-quoted-field",
                            i + 1
                        ))
                    }
                    Some(&c) => {
                        field.push(c);
                        i += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_number_and_duration_rules() {
        assert_eq!(go_parse_int("10"), Ok(10));
        assert_eq!(go_parse_int("-0x10"), Ok(-16));
        assert!(go_parse_int("1.5").is_err());
        assert_eq!(go_parse_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(go_parse_duration("500ms"), Ok(500_000_000));
        assert_eq!(go_parse_duration("-1s"), Ok(-1_000_000_000));
        assert_eq!(
            go_parse_duration("10"),
            Err("time: missing unit in duration \"10\"".to_string())
        );
        assert_eq!(
            csv_record("a,\"b,c\",d"),
            Ok(vec!["a".into(), "b,c".into(), "d".into()])
        );
    }
}
