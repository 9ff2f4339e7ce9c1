//! The script lexer: turns what a user types or pastes into a terminal into
//! commands made of words, following POSIX `sh` where it matters for docker
//! tutorials (quotes, `\` continuations, comments, `$VAR`, `;` and `&&`) and
//! forgiving what tutorials add around commands (`$ ` and `> ` prompts,
//! `<container-id>` placeholders).
//!
//! Things a shell would do but a simulator cannot (pipes, redirections,
//! command substitution other than `$(pwd)` and what the `vars` callback
//! answers for the key `$(COMMAND)`) are reported as warnings and
//! dropped, so a pasted transcript still runs as far as it can.

use crate::diag::Diagnostic;

/// One command of a script, ready for [`super::parse_docker`] or
/// [`super::parse_tool`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptLine {
    /// 1-based line where the command starts (after any prompt).
    pub line: u32,
    /// 1-based column, counted in characters, where the command starts.
    pub column: u32,
    /// The command's source text: continuations joined, runs of blanks
    /// outside quotes collapsed to one space, prompt and comment removed.
    pub text: String,
    /// The words after quote removal and expansion.
    pub words: Vec<String>,
    /// `(line, column)` of the first character of each word, so that an
    /// error about word `i` can point into the source.
    pub positions: Vec<(u32, u32)>,
    /// The command followed `&&`: it runs only if the previous one succeeded.
    pub and_then: bool,
}

/// Where diagnostics of typed text are filed (see [`Diagnostic::file`]).
const FILE: &str = "-";

/// Splits a script into commands. `vars` answers `$NAME` and `${NAME}`
/// (and `$(pwd)` as the name `pwd`); names it does not know expand to the
/// empty string, as in `sh`. Never panics, whatever the input.
pub fn split_script(
    text: &str,
    vars: &dyn Fn(&str) -> Option<String>,
) -> (Vec<ScriptLine>, Vec<Diagnostic>) {
    let mut lexer = Lexer::new(text, vars);
    lexer.run();
    (lexer.out, lexer.diags)
}

/// A word being built.
struct Word {
    text: String,
    /// Some part was quoted or escaped, so the word exists even if empty
    /// (`""` is a word, an unset `$X` alone is not).
    quoted: bool,
    pos: (u32, u32),
}

/// The command being built.
#[derive(Default)]
struct Command {
    words: Vec<String>,
    positions: Vec<(u32, u32)>,
    start: Option<(u32, u32)>,
    text: String,
    /// After `|` or `||`: words are read but dropped.
    dropping: bool,
    /// After a redirection operator: the next word is its target, dropped.
    redirect_target: bool,
}

/// Why a command ended; decides whether the next one carries `and_then`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Newline,
    Semicolon,
    AndAnd,
    Eof,
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: Vec<(u32, u32)>,
    i: usize,
    vars: &'a dyn Fn(&str) -> Option<String>,
    out: Vec<ScriptLine>,
    diags: Vec<Diagnostic>,
    cmd: Command,
    word: Option<Word>,
    /// The next command follows `&&`.
    pending_and: Option<(u32, u32)>,
    /// At the start of a physical line where a prompt may be pasted.
    line_start: bool,
    /// The line started with a `\` continuation, where only the `> `
    /// secondary prompt is stripped.
    continuation: bool,
}

impl<'a> Lexer<'a> {
    fn new(text: &str, vars: &'a dyn Fn(&str) -> Option<String>) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut pos = Vec::with_capacity(chars.len() + 1);
        let (mut line, mut col) = (1u32, 1u32);
        for &c in &chars {
            pos.push((line, col));
            if c == '\n' {
                line = line.saturating_add(1);
                col = 1;
            } else {
                col = col.saturating_add(1);
            }
        }
        pos.push((line, col));
        Lexer {
            chars,
            pos,
            i: 0,
            vars,
            out: Vec::new(),
            diags: Vec::new(),
            cmd: Command::default(),
            word: None,
            pending_and: None,
            line_start: true,
            continuation: false,
        }
    }

    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn here(&self) -> (u32, u32) {
        self.pos[self.i.min(self.pos.len() - 1)]
    }

    fn at(&self, i: usize) -> (u32, u32) {
        self.pos[i.min(self.pos.len() - 1)]
    }

    fn warn(&mut self, at: (u32, u32), msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(FILE, msg).at(at.0, at.1));
    }

    fn error(&mut self, at: (u32, u32), msg: impl Into<String>) {
        self.diags.push(Diagnostic::error(FILE, msg).at(at.0, at.1));
    }

    /// Appends source text to the command's `text`, collapsing blanks.
    fn text(&mut self, s: &str) {
        if self.cmd.dropping {
            return;
        }
        for c in s.chars() {
            self.cmd.text.push(c);
        }
    }

    fn text_blank(&mut self) {
        if self.cmd.dropping {
            return;
        }
        if !self.cmd.text.is_empty() && !self.cmd.text.ends_with(' ') {
            self.cmd.text.push(' ');
        }
    }

    /// The word under construction, started at the current position.
    fn word_mut(&mut self) -> &mut Word {
        if self.word.is_none() {
            let pos = self.here();
            if self.cmd.start.is_none() && !self.cmd.dropping {
                self.cmd.start = Some(pos);
            }
            self.word = Some(Word {
                text: String::new(),
                quoted: false,
                pos,
            });
        }
        self.word.as_mut().expect("word was just created")
    }

    fn push_char(&mut self, c: char) {
        self.word_mut().text.push(c);
    }

    fn finish_word(&mut self) {
        let Some(word) = self.word.take() else {
            return;
        };
        if word.text.is_empty() && !word.quoted {
            return;
        }
        if self.cmd.redirect_target {
            self.cmd.redirect_target = false;
            return;
        }
        if self.cmd.dropping {
            return;
        }
        self.cmd.words.push(word.text);
        self.cmd.positions.push(word.pos);
    }

    fn finish_command(&mut self, end: End) {
        self.finish_word();
        let at = self.here();
        if self.cmd.redirect_target {
            self.error(at, "syntax error: redirection without a target");
        }
        let cmd = std::mem::take(&mut self.cmd);
        if cmd.words.is_empty() {
            match end {
                // `a && \n b`: the list goes on over the newline.
                End::Newline if self.pending_and.is_some() => {}
                End::AndAnd => self.error(at, "syntax error near unexpected token `&&'"),
                End::Eof => {
                    if let Some(and) = self.pending_and.take() {
                        self.error(and, "syntax error: unexpected end of file after `&&'");
                    }
                }
                End::Newline | End::Semicolon => {
                    if let (End::Semicolon, Some(and)) = (end, self.pending_and.take()) {
                        self.error(and, "syntax error near unexpected token `;'");
                    }
                }
            }
            return;
        }
        let (line, column) = cmd.start.unwrap_or(cmd.positions[0]);
        self.out.push(ScriptLine {
            line,
            column,
            text: cmd.text.trim().to_string(),
            words: cmd.words,
            positions: cmd.positions,
            and_then: self.pending_and.take().is_some(),
        });
        if end == End::AndAnd {
            self.pending_and = Some(at);
        }
    }

    fn run(&mut self) {
        while self.i < self.chars.len() {
            if self.line_start {
                self.strip_prompt();
                continue;
            }
            let c = self.chars[self.i];
            match c {
                '\n' => {
                    self.finish_command(End::Newline);
                    self.i += 1;
                    self.line_start = true;
                    self.continuation = false;
                }
                ' ' | '\t' | '\r' => {
                    self.finish_word();
                    self.text_blank();
                    self.i += 1;
                }
                '\\' => self.backslash(),
                '\'' => {
                    if !self.single_quote() {
                        return;
                    }
                }
                '"' => {
                    if !self.double_quote() {
                        return;
                    }
                }
                '$' => {
                    let start = self.i;
                    if !self.dollar(false) {
                        return;
                    }
                    let src: String = self.chars[start..self.i].iter().collect();
                    self.text(&src);
                }
                '`' => {
                    let start = self.i;
                    if !self.backtick(false) {
                        return;
                    }
                    let src: String = self.chars[start..self.i].iter().collect();
                    self.text(&src);
                }
                '#' if self.word.is_none() => {
                    while self.i < self.chars.len() && self.chars[self.i] != '\n' {
                        self.i += 1;
                    }
                }
                ';' => {
                    self.finish_command(End::Semicolon);
                    self.i += 1;
                }
                '&' => self.ampersand(),
                '|' => self.pipe(),
                '<' if self.word.is_none() && self.placeholder_len().is_some() => {
                    let len = self.placeholder_len().unwrap_or(1);
                    let s: String = self.chars[self.i..self.i + len].iter().collect();
                    self.word_mut().text.push_str(&s);
                    self.text(&s);
                    self.i += len;
                }
                '<' | '>' => self.redirection(),
                _ => {
                    self.push_char(c);
                    self.text(&c.to_string());
                    self.i += 1;
                }
            }
        }
        self.finish_command(End::Eof);
    }

    /// Skips blanks at the start of a line and a pasted prompt: `$ ` or `> `
    /// (also `$`/`>` alone on a line). On a continuation line only `> `, the
    /// secondary prompt, is removed.
    fn strip_prompt(&mut self) {
        self.line_start = false;
        let before = self.i;
        while matches!(self.peek(0), Some(' ' | '\t')) {
            self.i += 1;
        }
        if self.i > before {
            // `todo-app\<newline>  -e`: the indentation separates words.
            self.finish_word();
            self.text_blank();
        }
        let Some(p) = self.peek(0) else { return };
        let is_prompt = if self.continuation {
            p == '>'
        } else {
            p == '$' || p == '>'
        };
        if !is_prompt {
            return;
        }
        match self.peek(1) {
            Some(' ' | '\t') => {
                self.i += 2;
                while matches!(self.peek(0), Some(' ' | '\t')) {
                    self.i += 1;
                }
                self.finish_word();
                self.text_blank();
            }
            None | Some('\n') | Some('\r') => self.i += 1,
            _ => {}
        }
    }

    /// `<container-id>`-style placeholders that tutorials use in commands:
    /// kept as a literal word instead of being read as redirections.
    fn placeholder_len(&self) -> Option<usize> {
        let mut k = 1;
        while let Some(c) = self.peek(k) {
            if c == '>' {
                if k == 1 {
                    return None;
                }
                return match self.peek(k + 1) {
                    None | Some(' ' | '\t' | '\r' | '\n' | ';' | '&' | '|') => Some(k + 1),
                    _ => None,
                };
            }
            if !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')) {
                return None;
            }
            k += 1;
        }
        None
    }

    fn backslash(&mut self) {
        match self.peek(1) {
            Some('\n') => {
                // Line continuation: the backslash and newline vanish.
                self.i += 2;
                self.line_start = true;
                self.continuation = true;
            }
            Some('\r') if self.peek(2) == Some('\n') => {
                self.i += 3;
                self.line_start = true;
                self.continuation = true;
            }
            Some(c) => {
                let w = self.word_mut();
                w.text.push(c);
                w.quoted = true;
                self.text(&format!("\\{c}"));
                self.i += 2;
            }
            None => {
                self.push_char('\\');
                self.text("\\");
                self.i += 1;
            }
        }
    }

    /// Returns false when the quote is not closed (the rest is consumed).
    fn single_quote(&mut self) -> bool {
        let open = self.i;
        self.word_mut().quoted = true;
        let mut j = self.i + 1;
        while j < self.chars.len() && self.chars[j] != '\'' {
            j += 1;
        }
        if j >= self.chars.len() {
            self.unterminated(open, '\'');
            return false;
        }
        let inner: String = self.chars[self.i + 1..j].iter().collect();
        self.word_mut().text.push_str(&inner);
        self.text(&format!("'{inner}'"));
        self.i = j + 1;
        true
    }

    fn unterminated(&mut self, open: usize, quote: char) {
        let at = self.at(open);
        self.error(
            at,
            format!("unexpected EOF while looking for matching `{quote}'"),
        );
        self.i = self.chars.len();
        self.word = None;
        self.cmd = Command::default();
        self.pending_and = None;
    }

    /// Returns false when the quote is not closed (the rest is consumed).
    fn double_quote(&mut self) -> bool {
        let open = self.i;
        self.word_mut().quoted = true;
        self.text("\"");
        self.i += 1;
        loop {
            let Some(c) = self.peek(0) else {
                self.unterminated(open, '"');
                return false;
            };
            match c {
                '"' => {
                    self.text("\"");
                    self.i += 1;
                    return true;
                }
                '\\' => match self.peek(1) {
                    Some('\n') => self.i += 2,
                    Some(e @ ('$' | '`' | '"' | '\\')) => {
                        self.push_char(e);
                        self.text(&format!("\\{e}"));
                        self.i += 2;
                    }
                    _ => {
                        self.push_char('\\');
                        self.text("\\");
                        self.i += 1;
                    }
                },
                '$' => {
                    let start = self.i;
                    if !self.dollar(true) {
                        return false;
                    }
                    let src: String = self.chars[start..self.i].iter().collect();
                    self.text(&src);
                }
                '`' => {
                    let start = self.i;
                    if !self.backtick(true) {
                        return false;
                    }
                    let src: String = self.chars[start..self.i].iter().collect();
                    self.text(&src);
                }
                _ => {
                    self.push_char(c);
                    self.text(&c.to_string());
                    self.i += 1;
                }
            }
        }
    }

    /// Adds an expansion's value to the current word. Outside quotes the
    /// value is split into words at blanks, as `sh` does.
    fn expand_into_word(&mut self, value: &str, quoted: bool) {
        if quoted {
            self.word_mut().text.push_str(value);
            return;
        }
        let mut first = true;
        let starts_blank = value.starts_with([' ', '\t', '\n']);
        if starts_blank {
            self.finish_word();
        }
        for part in value.split([' ', '\t', '\n']).filter(|p| !p.is_empty()) {
            if !first {
                self.finish_word();
            }
            first = false;
            self.word_mut().text.push_str(part);
        }
        if value.ends_with([' ', '\t', '\n']) && !value.trim().is_empty() {
            self.finish_word();
        }
    }

    /// `$NAME`, `${NAME}`, `${NAME:-default}`, `$(pwd)` and friends, with
    /// `self.i` at the `$`. Returns false when an unterminated `$(` used up
    /// the rest of the input.
    fn dollar(&mut self, quoted: bool) -> bool {
        let at = self.here();
        match self.peek(1) {
            Some('{') => {
                let Some(close) = (self.i + 2..self.chars.len()).find(|&j| self.chars[j] == '}')
                else {
                    self.error(at, "bad substitution: missing `}'");
                    self.push_char('$');
                    self.i += 1;
                    return true;
                };
                let inner: String = self.chars[self.i + 2..close].iter().collect();
                self.i = close + 1;
                match self.braced(&inner) {
                    Some(value) => self.expand_into_word(&value, quoted),
                    None => {
                        self.error(at, format!("bad substitution: ${{{inner}}}"));
                        self.word_mut().text.push_str(&format!("${{{inner}}}"));
                    }
                }
            }
            Some('(') => {
                let arithmetic = self.peek(2) == Some('(');
                let Some(close) = self.matching_paren(self.i + 1) else {
                    self.unterminated(self.i + 1, ')');
                    return false;
                };
                let inner: String = self.chars[self.i + 2..close].iter().collect();
                let whole: String = self.chars[self.i..=close].iter().collect();
                self.i = close + 1;
                if inner.trim() == "pwd" {
                    let value = (self.vars)("pwd").unwrap_or_default();
                    self.expand_into_word(&value, quoted);
                } else if let Some(value) =
                    (self.vars)(&format!("$({})", inner.trim())).filter(|_| !arithmetic)
                {
                    // The caller ran the command (the script runner does
                    // for `$(docker ps -lq)` and friends).
                    self.expand_into_word(&value, quoted);
                } else {
                    self.warn(
                        at,
                        if arithmetic {
                            "arithmetic expansion $((...)) is not supported"
                        } else {
                            "command substitution is not supported"
                        },
                    );
                    self.word_mut().text.push_str(&whole);
                }
            }
            Some(c) if c == '_' || c.is_ascii_alphabetic() => {
                let mut j = self.i + 1;
                while j < self.chars.len()
                    && (self.chars[j] == '_' || self.chars[j].is_ascii_alphanumeric())
                {
                    j += 1;
                }
                let name: String = self.chars[self.i + 1..j].iter().collect();
                self.i = j;
                let value = (self.vars)(&name).unwrap_or_default();
                self.expand_into_word(&value, quoted);
            }
            Some(c) if c.is_ascii_digit() || "?#$!@*-".contains(c) => {
                self.i += 2;
                let value = (self.vars)(&c.to_string()).unwrap_or_default();
                self.expand_into_word(&value, quoted);
            }
            _ => {
                self.push_char('$');
                self.i += 1;
            }
        }
        true
    }

    /// The value of `${...}`, or `None` for a bad substitution.
    fn braced(&self, inner: &str) -> Option<String> {
        let valid_name = |n: &str| {
            !n.is_empty()
                && (n.chars().all(|c| c.is_ascii_digit())
                    || (!n.starts_with(|c: char| c.is_ascii_digit())
                        && n.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()))
                    || (n.len() == 1 && "?#$!@*-".contains(n)))
        };
        if let Some(name) = inner.strip_prefix('#') {
            if valid_name(name) {
                let len = (self.vars)(name).unwrap_or_default().chars().count();
                return Some(len.to_string());
            }
        }
        let split = inner.find([':', '-', '=', '+', '?']);
        let (name, op, word) = match split {
            None => (inner, "", ""),
            Some(k) => {
                let (name, rest) = inner.split_at(k);
                let op_len = if rest.starts_with(':') && rest[1..].starts_with(['-', '=', '+', '?'])
                {
                    2
                } else {
                    1
                };
                let (op, word) = rest.split_at(op_len);
                (name, op, word)
            }
        };
        if !valid_name(name) {
            return None;
        }
        let value = (self.vars)(name);
        let set = value.is_some();
        let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
        let value = value.unwrap_or_default();
        Some(match op {
            "" => value,
            ":-" | ":=" | ":?" => {
                if non_empty {
                    value
                } else {
                    word.to_string()
                }
            }
            "-" | "=" | "?" => {
                if set {
                    value
                } else {
                    word.to_string()
                }
            }
            ":+" => {
                if non_empty {
                    word.to_string()
                } else {
                    String::new()
                }
            }
            "+" => {
                if set {
                    word.to_string()
                } else {
                    String::new()
                }
            }
            _ => return None,
        })
    }

    /// The index of the `)` closing the `(` at `open`, skipping quoted text.
    fn matching_paren(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut j = open;
        let mut quote: Option<char> = None;
        while j < self.chars.len() {
            let c = self.chars[j];
            match quote {
                Some(q) => {
                    if c == q {
                        quote = None;
                    } else if c == '\\' && q == '"' {
                        j += 1;
                    }
                }
                None => match c {
                    '\'' | '"' => quote = Some(c),
                    '\\' => j += 1,
                    '(' => depth += 1,
                    ')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j);
                        }
                    }
                    _ => {}
                },
            }
            j += 1;
        }
        None
    }

    /// `` `pwd` `` like `$(pwd)`; other backquoted commands are kept
    /// literally with a warning. Returns false when unterminated.
    fn backtick(&mut self, quoted: bool) -> bool {
        let at = self.here();
        let Some(close) = (self.i + 1..self.chars.len()).find(|&j| self.chars[j] == '`') else {
            self.unterminated(self.i, '`');
            return false;
        };
        let inner: String = self.chars[self.i + 1..close].iter().collect();
        let whole: String = self.chars[self.i..=close].iter().collect();
        self.i = close + 1;
        if inner.trim() == "pwd" {
            let value = (self.vars)("pwd").unwrap_or_default();
            self.expand_into_word(&value, quoted);
        } else if let Some(value) = (self.vars)(&format!("$({})", inner.trim())) {
            self.expand_into_word(&value, quoted);
        } else {
            self.warn(at, "command substitution is not supported");
            self.word_mut().text.push_str(&whole);
        }
        true
    }

    fn ampersand(&mut self) {
        let at = self.here();
        if self.peek(1) == Some('&') {
            self.finish_command(End::AndAnd);
            self.i += 2;
        } else if self.peek(1) == Some('>') {
            self.redirection();
        } else {
            self.warn(
                at,
                "background jobs (`&`) are not supported; the command runs in the foreground",
            );
            self.finish_command(End::Semicolon);
            self.i += 1;
        }
    }

    fn pipe(&mut self) {
        let at = self.here();
        self.finish_word();
        if self.cmd.words.is_empty() && !self.cmd.dropping {
            let token = if self.peek(1) == Some('|') { "||" } else { "|" };
            self.error(at, format!("syntax error near unexpected token `{token}'"));
        } else if self.peek(1) == Some('|') {
            if !self.cmd.dropping {
                self.warn(at, "`||` is not supported; the command after it is ignored");
            }
        } else if !self.cmd.dropping {
            self.warn(
                at,
                "pipes are not supported; only the command before `|` runs",
            );
        }
        self.cmd.dropping = true;
        self.i += if self.peek(1) == Some('|') { 2 } else { 1 };
    }

    /// `>`, `>>`, `<`, `2>&1`, `&>` ...: reported and dropped together with
    /// their target word.
    fn redirection(&mut self) {
        let at = self.word.as_ref().map_or(self.here(), |w| w.pos);
        let adjacent = self.word.is_some();
        // A file descriptor number right before the operator belongs to it.
        if let Some(w) = &self.word {
            if !w.quoted && !w.text.is_empty() && w.text.chars().all(|c| c.is_ascii_digit()) {
                self.word = None;
            }
        }
        self.finish_word();
        let start = self.i;
        if self.peek(0) == Some('&') {
            self.i += 1;
        }
        let op = self.peek(0).unwrap_or('>');
        self.i += 1;
        if self.peek(0) == Some(op) || self.peek(0) == Some('|') {
            self.i += 1;
        }
        if self.peek(0) == Some('&') {
            self.i += 1;
        }
        let src: String = self.chars[start..self.i].iter().collect();
        if !self.cmd.dropping {
            self.warn(
                at,
                format!("redirection `{src}` is not supported; it is ignored"),
            );
        }
        if !adjacent {
            self.text_blank();
        }
        self.text(&src);
        self.cmd.redirect_target = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_and_prompt() {
        let (lines, diags) =
            split_script("$ docker run -d \\\n  --name x \\\n> nginx\n", &|_| None);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].words,
            ["docker", "run", "-d", "--name", "x", "nginx"]
        );
        assert_eq!(lines[0].text, "docker run -d --name x nginx");
        assert_eq!((lines[0].line, lines[0].column), (1, 3));
    }
}
