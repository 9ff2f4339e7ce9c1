//! The rules of `composenet check`: one assertion about isolation or
//! discovery per `--expect` or per line of a rules file.
//!
//! ```text
//! web -> api:8080            web connects to api (the port is shown, not checked)
//! admin -/-> db              admin reaches db by no name and no address
//! worker resolves cache      the name cache gives worker an address of cache
//! admin does not resolve db  the name db gives admin no address of db
//! web -> 172.18.0.5          an address instead of a service
//! ```
//!
//! This module only reads the words; what they mean on a host is decided
//! by the model, in `check.rs`.

use std::fmt;
use std::net::Ipv4Addr;

/// Where a rule was written, for messages that point at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The `n`th `--expect` (1-based).
    Expect(usize),
    /// A line of a rules file.
    File { path: String, line: usize },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Expect(n) => write!(f, "--expect {n}"),
            Origin::File { path, line } => write!(f, "{path}:{line}"),
        }
    }
}

/// A place in a rule: its origin and a 1-based column (in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    pub origin: Origin,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Origin::Expect(n) => write!(f, "--expect {n}, column {}", self.column),
            Origin::File { path, line } => write!(f, "{path}:{line}:{}", self.column),
        }
    }
}

/// What a rule asserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// `->`: a connection from the source to the target's name (or
    /// address) is accepted by the target.
    Connects,
    /// `-/->`: no name and no address of the target reaches it.
    Isolated,
    /// `resolves`: the name gives an address of the target.
    Resolves,
    /// `does not resolve`: the name gives no address of the target.
    DoesNotResolve,
}

impl Relation {
    fn word(self) -> &'static str {
        match self {
            Relation::Connects => "->",
            Relation::Isolated => "-/->",
            Relation::Resolves => "resolves",
            Relation::DoesNotResolve => "does not resolve",
        }
    }
}

/// The right-hand side of a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Service(String),
    Address(Ipv4Addr),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Service(s) => f.write_str(s),
            Target::Address(ip) => write!(f, "{ip}"),
        }
    }
}

/// A word of a rule and the column it starts at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<T> {
    pub value: T,
    pub column: usize,
}

/// One parsed rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub origin: Origin,
    /// The rule as written, without comment and surrounding blanks.
    pub text: String,
    pub from: Word<String>,
    pub relation: Relation,
    pub to: Word<Target>,
    pub port: Option<u16>,
}

impl Rule {
    pub fn at(&self, column: usize) -> Position {
        Position {
            origin: self.origin.clone(),
            column,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.from.value,
            self.relation.word(),
            self.to.value
        )?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// A rule that cannot be read, or that names something the project does
/// not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub at: Position,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

const GRAMMAR: &str = "a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`";

/// Reads a rules file: one rule per line; blank lines and everything from
/// `#` on are skipped. Returns the rules and every error, not only the
/// first.
pub fn parse_file(path: &str, text: &str) -> (Vec<Rule>, Vec<RuleError>) {
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let origin = Origin::File {
            path: path.to_string(),
            line: i + 1,
        };
        match parse(origin, line) {
            Ok(Some(rule)) => rules.push(rule),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (rules, errors)
}

/// Reads one rule; `Ok(None)` for a blank or comment-only line.
pub fn parse(origin: Origin, line: &str) -> Result<Option<Rule>, RuleError> {
    let code = match line.find('#') {
        Some(i) => &line[..i],
        None => line,
    };
    let words = split(code);
    let error = |column: usize, message: String| RuleError {
        at: Position {
            origin: origin.clone(),
            column,
        },
        message,
    };
    let Some(first) = words.first() else {
        return Ok(None);
    };
    let (relation, rest) = match words.get(1).map(|w| w.value) {
        Some("->") => (Relation::Connects, &words[2..]),
        Some("-/->") => (Relation::Isolated, &words[2..]),
        Some("resolves") => (Relation::Resolves, &words[2..]),
        Some("does") => {
            if words.get(2).map(|w| w.value) != Some("not")
                || words.get(3).map(|w| w.value) != Some("resolve")
            {
                let at = words.get(2).map_or(words[1].column, |w| w.column);
                return Err(error(at, format!("expected `does not resolve`; {GRAMMAR}")));
            }
            (Relation::DoesNotResolve, &words[4..])
        }
        Some(other) => {
            return Err(error(
                words[1].column,
                format!("`{other}` is not a relation; {GRAMMAR}"),
            ))
        }
        None => {
            return Err(error(
                first.column + first.value.chars().count(),
                format!("the rule ends after `{}`; {GRAMMAR}", first.value),
            ))
        }
    };
    let end = words
        .last()
        .map_or(1, |w| w.column + w.value.chars().count());
    let Some(target) = rest.first() else {
        return Err(error(end, format!("the rule has no target; {GRAMMAR}")));
    };
    if let Some(extra) = rest.get(1) {
        return Err(error(
            extra.column,
            format!("unexpected `{}` after the target; {GRAMMAR}", extra.value),
        ));
    }
    let (name, port) = match target.value.rsplit_once(':') {
        Some((name, port)) => {
            let column = target.column + name.chars().count() + 1;
            if matches!(relation, Relation::Resolves | Relation::DoesNotResolve) {
                return Err(error(
                    column - 1,
                    "a name is resolved without a port: drop `:PORT`".to_string(),
                ));
            }
            match port.parse::<u16>() {
                Ok(p) if p > 0 => (name, Some(p)),
                _ => return Err(error(column, format!("`{port}` is not a port (1-65535)"))),
            }
        }
        None => (target.value, None),
    };
    if name.is_empty() {
        return Err(error(
            target.column,
            format!("the rule has no target; {GRAMMAR}"),
        ));
    }
    let to = match name.parse::<Ipv4Addr>() {
        Ok(ip) => Target::Address(ip),
        Err(_) => Target::Service(name.to_string()),
    };
    Ok(Some(Rule {
        origin,
        text: code.trim().to_string(),
        from: Word {
            value: first.value.to_string(),
            column: first.column,
        },
        relation,
        to: Word {
            value: to,
            column: target.column,
        },
        port,
    }))
}

/// The blank-separated words of a line with their 1-based columns.
fn split(line: &str) -> Vec<Word<&str>> {
    let mut words = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut column = 0;
    for (byte, c) in line.char_indices() {
        column += 1;
        if c.is_whitespace() {
            if let Some((from, col)) = start.take() {
                words.push(Word {
                    value: &line[from..byte],
                    column: col,
                });
            }
        } else if start.is_none() {
            start = Some((byte, column));
        }
    }
    if let Some((from, col)) = start {
        words.push(Word {
            value: &line[from..],
            column: col,
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `line` as the first `--expect` and prints the rule's parts,
    /// or the error.
    fn check(line: &str, expected: &str) {
        let got = match parse(Origin::Expect(1), line) {
            Ok(None) => "nothing".to_string(),
            Ok(Some(r)) => format!(
                "{:?} {}@{} {}@{} port {:?}",
                r.relation, r.from.value, r.from.column, r.to.value, r.to.column, r.port
            ),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected, "{line}");
    }

    #[test]
    fn rules_read_their_four_relations() {
        for (line, expected) in [
            ("web -> api:8080", "Connects web@1 api@8 port Some(8080)"),
            ("  admin  -/->  db  ", "Isolated admin@3 db@16 port None"),
            (
                "worker resolves cache",
                "Resolves worker@1 cache@17 port None",
            ),
            (
                "admin does not resolve db # comment",
                "DoesNotResolve admin@1 db@24 port None",
            ),
            (
                "web -> 172.18.0.5:80",
                "Connects web@1 172.18.0.5@8 port Some(80)",
            ),
            ("", "nothing"),
            ("   # only a comment", "nothing"),
        ] {
            check(line, expected);
        }
    }

    #[test]
    fn malformed_rules_point_at_the_word() {
        for (line, expected) in [
            ("web", "--expect 1, column 4: the rule ends after `web`; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
            ("web => api", "--expect 1, column 5: `=>` is not a relation; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
            ("web ->", "--expect 1, column 7: the rule has no target; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
            ("web -> api db", "--expect 1, column 12: unexpected `db` after the target; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
            ("web -> api:http", "--expect 1, column 12: `http` is not a port (1-65535)"),
            ("web -> api:0", "--expect 1, column 12: `0` is not a port (1-65535)"),
            ("web -> :80", "--expect 1, column 8: the rule has no target; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
            ("web resolves api:80", "--expect 1, column 17: a name is resolved without a port: drop `:PORT`"),
            ("web does resolve api", "--expect 1, column 10: expected `does not resolve`; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`"),
        ] {
            check(line, expected);
        }
    }

    #[test]
    fn a_rules_file_reports_every_bad_line_with_its_number() {
        let (rules, errors) = parse_file(
            "rules.txt",
            "# isolation\nweb -> api\n\nweb => db\nadmin -/-> db\nx\n",
        );
        let texts: Vec<String> = rules.iter().map(|r| format!("{}: {r}", r.origin)).collect();
        assert_eq!(
            texts,
            ["rules.txt:2: web -> api", "rules.txt:5: admin -/-> db"]
        );
        let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "rules.txt:4:5: `=>` is not a relation; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`",
                "rules.txt:6:2: the rule ends after `x`; a rule is `FROM -> TO[:PORT]`, `FROM -/-> TO[:PORT]`, `FROM resolves NAME` or `FROM does not resolve NAME`",
            ]
        );
    }
}
