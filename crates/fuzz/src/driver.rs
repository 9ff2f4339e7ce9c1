//! The fuzzing loop: mutate, run under `catch_unwind`, keep what is new.
//!
//! An input's *signatures* are the kinds of outcome it reached (an error's
//! message with its numbers, quoted parts and the input's own words
//! dropped, a command's kind and status, ...). Inputs that reach a signature not seen before join the
//! corpus, so the search moves on from them; the count of distinct
//! signatures against executions is the plateau measure the README
//! records.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use composenet_model::rng::Rng;

use crate::mutate::Mutator;

/// One fuzz target.
pub struct Target {
    pub name: &'static str,
    /// Runs one input and returns the signatures it reached, or says which
    /// oracle it broke (a wrong result that is not a panic).
    pub run: fn(&str) -> Result<Vec<String>, String>,
    pub mutator: Mutator,
}

/// Something an input did that it must not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub target: &'static str,
    pub input: String,
    /// `panic: …`, `oracle: …` or `slow: …`.
    pub what: String,
}

/// What one run of the loop measured.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub executions: u64,
    pub signatures: BTreeSet<String>,
    /// The signatures cut to their first two words (`error:invalid
    /// argument`): a coarser count that names echoed by a message cannot
    /// inflate.
    pub kinds: BTreeSet<String>,
    /// (executions, distinct signatures, distinct kinds) at each power of
    /// two and at the end: how coverage grows and where it flattens.
    pub growth: Vec<(u64, usize, usize)>,
    pub corpus: usize,
    pub findings: Vec<Finding>,
}

/// The first finding of each distinct kind is kept; more of the same kind
/// only repeat it.
const MAX_FINDINGS: usize = 20;
/// Inputs kept beside the seeds; enough to hold every new outcome of a
/// long run while splicing stays cheap.
const MAX_CORPUS: usize = 2000;

thread_local! {
    /// Set while this thread runs a fuzz input: its panic message goes
    /// here instead of to stderr.
    static CAPTURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Routes panics of fuzzing threads into [`CAPTURE`]; every other panic
/// (a failing assertion) still reaches the previous hook and is printed.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let captured = CAPTURE.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(slot) => {
                        let message = info
                            .payload()
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| info.payload().downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        let place = info
                            .location()
                            .map(|l| format!(" at {}:{}", l.file(), l.line()))
                            .unwrap_or_default();
                        *slot = format!("{message}{place}");
                        true
                    }
                    None => false,
                }
            });
            if !captured {
                previous(info);
            }
        }));
    });
}

/// Runs one input under `catch_unwind`: its signatures, or a finding's
/// description.
pub fn run_one(target: &Target, input: &str) -> Result<Vec<String>, String> {
    install_hook();
    CAPTURE.with(|c| *c.borrow_mut() = Some(String::new()));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (target.run)(input)));
    let message = CAPTURE.with(|c| c.borrow_mut().take()).unwrap_or_default();
    match result {
        Ok(Ok(sigs)) => Ok(sigs),
        Ok(Err(oracle)) => Err(format!("oracle: {oracle}")),
        Err(_) => Err(format!("panic: {message}")),
    }
}

/// Reads a target's seed corpus, sorted by file name.
pub fn seeds(target: &str) -> Vec<String> {
    let dir = seed_dir(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable seed directory").path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect()
}

pub fn seed_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target)
}

/// How long one input may take before it is reported as a hang and the
/// process ends (a hang cannot be interrupted from inside): the input is
/// printed first so it can be replayed.
fn hang_limit() -> Duration {
    Duration::from_secs(crate::env_number("COMPOSENET_FUZZ_HANG_SECS", 60))
}

/// An input that took longer than this is reported as slow, not failed:
/// debug builds are slow and the machine is shared.
const SLOW: Duration = Duration::from_secs(5);

/// A watchdog thread that aborts the process, printing the input, when one
/// input runs longer than [`hang_limit`].
struct Watchdog {
    current: Arc<Mutex<(u64, String)>>,
    generation: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Watchdog {
    fn start(target: &'static str) -> Watchdog {
        let current = Arc::new(Mutex::new((0, String::new())));
        let generation = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, g, s) = (current.clone(), generation.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut seen = (u64::MAX, Instant::now());
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let now = g.load(Ordering::Relaxed);
                if now != seen.0 {
                    seen = (now, Instant::now());
                } else if seen.1.elapsed() > hang_limit() {
                    let input = c.lock().map(|c| c.1.clone()).unwrap_or_default();
                    eprintln!(
                        "composenet-fuzz: {target}: an input ran over {:?}; the input:\n{input:?}",
                        hang_limit()
                    );
                    std::process::abort();
                }
            }
        });
        Watchdog {
            current,
            generation,
            stop,
        }
    }

    fn enter(&self, n: u64, input: &str) {
        if let Ok(mut c) = self.current.lock() {
            *c = (n, input.to_string());
        }
        self.generation.store(n, Ordering::Relaxed);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Runs `target` over its seeds and then `iterations` mutants, seeded by
/// `seed`.
pub fn fuzz(target: &'static Target, iterations: u64, seed: u64) -> Report {
    let mut rng = Rng::new(seed);
    let mut corpus = seeds(target.name);
    let seed_count = corpus.len();
    let mut report = Report::default();
    let mut finding_kinds = BTreeSet::new();
    let watchdog = Watchdog::start(target.name);
    let mut next_mark = 1;
    for n in 0..(seed_count as u64 + iterations) {
        let input = if (n as usize) < seed_count {
            corpus[n as usize].clone()
        } else {
            let parent = &corpus[rng.below(corpus.len() as u64) as usize];
            target.mutator.mutate(&mut rng, parent, &corpus)
        };
        watchdog.enter(n + 1, &input);
        let started = Instant::now();
        let outcome = run_one(target, &input);
        let took = started.elapsed();
        report.executions += 1;
        let mut finding = |what: String, input: &str| {
            // One finding per kind: the message up to its first digit or
            // quote, so the same bug at another position counts once.
            let kind: String = what
                .chars()
                .take_while(|c| !c.is_ascii_digit() && *c != '"' && *c != '`')
                .collect();
            if finding_kinds.insert(kind) && report.findings.len() < MAX_FINDINGS {
                report.findings.push(Finding {
                    target: target.name,
                    input: input.to_string(),
                    what,
                });
            }
        };
        match outcome {
            Ok(sigs) => {
                let mut new = false;
                let echoed = words_of(&input);
                for s in sigs {
                    let s = match s.split_once('|') {
                        Some((head, text)) => {
                            let kept: Vec<&str> =
                                text.split(' ').filter(|w| !echoed.contains(*w)).collect();
                            format!("{head}|{}", kept.join(" "))
                        }
                        None => s,
                    };
                    report.kinds.insert(kind_of(&s));
                    new |= report.signatures.insert(s);
                }
                if new && (n as usize) >= seed_count && corpus.len() < MAX_CORPUS {
                    corpus.push(input.clone());
                }
            }
            Err(what) => finding(what, &input),
        }
        if took > SLOW {
            finding(format!("slow: {took:.1?}"), &input);
        }
        if report.executions == next_mark {
            report.growth.push((
                report.executions,
                report.signatures.len(),
                report.kinds.len(),
            ));
            next_mark *= 2;
        }
    }
    if report.growth.last().map(|g| g.0) != Some(report.executions) {
        report.growth.push((
            report.executions,
            report.signatures.len(),
            report.kinds.len(),
        ));
    }
    report.corpus = corpus.len();
    report
}

/// The words of an input (runs of letters, digits, `-` and `_`): a
/// message's words that are among them repeat the input.
fn words_of(input: &str) -> BTreeSet<&str> {
    input
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A signature's first two words.
fn kind_of(signature: &str) -> String {
    signature.split(' ').take(2).collect::<Vec<_>>().join(" ")
}

/// What stays the same between inputs reaching the same outcome: the
/// message's first line with quoted parts removed, then its first five
/// plain lowercase words, up to the `:` before the input it names.
/// Numbers, names, flags, paths and echoed input are dropped, so one error
/// counts once whatever the input it quotes.
pub fn normalise(message: &str) -> String {
    let line = message.lines().next().unwrap_or("");
    // Quoted input may hold quotes itself: everything from the first quote
    // to the last of the same kind goes.
    let mut unquoted = line.to_string();
    for q in ['"', '`', '\''] {
        if let (Some(a), Some(b)) = (unquoted.find(q), unquoted.rfind(q)) {
            unquoted.replace_range(a..=b, " ");
        }
    }
    // After `what: ` comes the input it is about (`unknown flag: --x`),
    // except in Docker's `Error response from daemon: …`.
    let mut words = Vec::new();
    for raw in unquoted.split_whitespace() {
        let word = raw.trim_end_matches([':', ',', '.', ';']);
        if (2..=16).contains(&word.len())
            && !word.starts_with('-')
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        {
            words.push(word);
        }
        if words.len() == 5 || (raw.ends_with(':') && words.len() >= 2 && word != "daemon") {
            break;
        }
    }
    words.join(" ")
}
