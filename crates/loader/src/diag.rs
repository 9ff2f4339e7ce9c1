//! Diagnostics: what went wrong (or looks suspicious) in the user's input,
//! pinned to a place they can find.

use std::fmt;

/// How bad a diagnostic is. Errors make Docker refuse the input; warnings are
/// printed and the input is used anyway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// One message about the input. `line` and `column` are 1-based; 0 means the
/// place is not known (for example a problem with the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it, `-` for text typed into the app, or
    /// empty when the problem belongs to no file (the message names it).
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// The YAML path (`services.web.ports[0]`) or empty for CLI text.
    pub path: String,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            path: String::new(),
            message: message.into(),
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            write!(f, "{}", self.file)?;
            if self.line > 0 {
                write!(f, ":{}:{}", self.line, self.column)?;
            }
            f.write_str(": ")?;
        }
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: ")?;
        if !self.path.is_empty() && !names_its_place(&self.message, &self.path) {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)
    }
}

/// Whether `message` already names the place `path` points at, as
/// Compose's messages often do (`services.web: can't set …`, `error while
/// interpolating services.web.image: …`): printing the path before it would
/// say the place twice. The message may name `path` itself anywhere, as a
/// whole word, or start with a dotted place that holds it
/// (`services.w: …` for `services.w.scale`, but not for `services.w2`).
fn names_its_place(message: &str, path: &str) -> bool {
    let first = message.split([':', ' ']).next().unwrap_or("");
    let holds = first.contains('.')
        && message[first.len()..].starts_with([':', ' '])
        && path
            .strip_prefix(first)
            .is_some_and(|rest| rest.starts_with(['.', '[']));
    holds
        || message.match_indices(path).any(|(at, _)| {
            let before = message[..at].chars().next_back();
            let after = &message[at + path.len()..];
            let mut rest = after.chars();
            let ends = match rest.next() {
                None | Some(':' | ' ' | '\n') => true,
                // A full stop, not the dot of a longer path.
                Some('.') => rest.next().is_none_or(char::is_whitespace),
                _ => false,
            };
            before.is_none_or(char::is_whitespace) && ends
        })
}
