//! Mutations of text inputs. Each input is mutated one to four times by
//! operations that reach the parsers' interesting states quickly: tokens
//! from a per-target dictionary, numbers at the edges of their types,
//! repeated slices (nesting and size), splices from other corpus entries,
//! and moved lines.

use composenet_model::rng::Rng;

/// Values at the edges of the types parsers read numbers into.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "1",
    "255",
    "256",
    "65535",
    "65536",
    "2147483648",
    "4294967296",
    "18446744073709551616",
    "1e309",
    "NaN",
    "-0",
    "0x10",
    "1.5",
    "99999999999999999999",
];

/// Characters that end, open or escape something in one of the grammars.
const SPECIAL: &[&str] = &[
    "\n", " ", "  ", "\t", ":", "-", "- ", ": ", "'", "\"", "\\", "$", "${", "}", "{{", "}}", "(",
    ")", "[", "]", "{", "}", ",", "=", "/", ".", "..", "%", "&", "*", "#", "!", "|", ">", "<<",
    "\u{feff}", "é", "\u{0}", "\r\n", "@", "+",
];

/// A mutator for one target: its dictionary and its size cap.
pub struct Mutator {
    pub dictionary: &'static [&'static str],
    pub max_len: usize,
}

impl Mutator {
    /// A mutant of `input`; `others` is the corpus to splice from.
    pub fn mutate(&self, rng: &mut Rng, input: &str, others: &[String]) -> String {
        let mut bytes = input.as_bytes().to_vec();
        let rounds = 1 + rng.below(4);
        for _ in 0..rounds {
            self.once(rng, &mut bytes, others);
        }
        bytes.truncate(self.max_len);
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn once(&self, rng: &mut Rng, bytes: &mut Vec<u8>, others: &[String]) {
        let at = pick(rng, bytes.len() + 1);
        match rng.below(10) {
            0 => {
                let token = self.dictionary[pick(rng, self.dictionary.len())];
                insert(bytes, at, token.as_bytes());
            }
            1 => {
                let token = SPECIAL[pick(rng, SPECIAL.len())];
                insert(bytes, at, token.as_bytes());
            }
            2 => replace_number(rng, bytes),
            3 if !bytes.is_empty() => {
                let len = 1 + pick(rng, 16.min(bytes.len() - at.min(bytes.len() - 1)));
                let start = at.min(bytes.len() - 1);
                bytes.drain(start..(start + len).min(bytes.len()));
            }
            4 if !bytes.is_empty() => {
                // A slice repeated: nesting, long lines, many items.
                let start = pick(rng, bytes.len());
                let len = 1 + pick(rng, 64.min(bytes.len() - start));
                let piece = bytes[start..start + len].to_vec();
                let most = if rng.below(8) == 0 { 200 } else { 4 };
                let times = 1 + rng.below(most) as usize;
                let at = pick(rng, bytes.len() + 1);
                insert(bytes, at, &piece.repeat(times));
            }
            5 if !others.is_empty() => {
                let other = others[pick(rng, others.len())].as_bytes();
                if !other.is_empty() {
                    let start = pick(rng, other.len());
                    let len = 1 + pick(rng, 128.min(other.len() - start));
                    insert(bytes, at, &other[start..start + len]);
                }
            }
            6 => swap_lines(rng, bytes),
            7 if !bytes.is_empty() => {
                let i = pick(rng, bytes.len());
                const BYTES: &[u8] = b"az09 :-_.\n\"'{}$";
                bytes[i] = BYTES[pick(rng, BYTES.len())];
            }
            8 => duplicate_line(rng, bytes),
            _ => {
                let token = self.dictionary[pick(rng, self.dictionary.len())];
                replace_word(rng, bytes, token.as_bytes());
            }
        }
    }
}

fn pick(rng: &mut Rng, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        rng.below(n as u64) as usize
    }
}

fn insert(bytes: &mut Vec<u8>, at: usize, piece: &[u8]) {
    let at = at.min(bytes.len());
    bytes.splice(at..at, piece.iter().copied());
}

/// Replaces one run of digits with a number at the edge of some type.
fn replace_number(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let runs: Vec<(usize, usize)> = runs_of(bytes, |b| b.is_ascii_digit());
    let number = NUMBERS[pick(rng, NUMBERS.len())].as_bytes();
    match runs.get(pick(rng, runs.len())) {
        Some(&(s, e)) => {
            bytes.splice(s..e, number.iter().copied());
        }
        None => {
            let at = pick(rng, bytes.len() + 1);
            insert(bytes, at, number);
        }
    }
}

/// Replaces one word (letters, digits, `_`, `-`) with a dictionary token.
fn replace_word(rng: &mut Rng, bytes: &mut Vec<u8>, token: &[u8]) {
    let runs = runs_of(bytes, |b| {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
    });
    if let Some(&(s, e)) = runs.get(pick(rng, runs.len())) {
        bytes.splice(s..e, token.iter().copied());
    }
}

fn runs_of(bytes: &[u8], class: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (class(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, bytes.len()));
    }
    runs
}

fn line_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len()));
    }
    out
}

fn swap_lines(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let lines = line_ranges(bytes);
    if lines.len() < 2 {
        return;
    }
    let (a, b) = (pick(rng, lines.len()), pick(rng, lines.len()));
    let mut pieces: Vec<Vec<u8>> = lines.iter().map(|&(s, e)| bytes[s..e].to_vec()).collect();
    pieces.swap(a, b);
    *bytes = pieces.concat();
}

fn duplicate_line(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let lines = line_ranges(bytes);
    if lines.is_empty() {
        return;
    }
    let (s, e) = lines[pick(rng, lines.len())];
    let mut line = bytes[s..e].to_vec();
    if line.last() != Some(&b'\n') {
        line.push(b'\n');
    }
    let at = lines[pick(rng, lines.len())].0;
    insert(bytes, at, &line);
}
