//! `composenet-bench`: writes generated compose files and times the stages
//! of `composenet up` on one, for `bench/compare.sh`.
//!
//! ```text
//! composenet-bench gen CONTAINERS        the compose file, on stdout
//! composenet-bench time FILE             one line: parse tree load lower up (ms), containers
//! ```

use std::process::ExitCode;
use std::time::Instant;

use composenet_bench as bench;

fn usage() -> ExitCode {
    eprintln!("usage: composenet-bench gen CONTAINERS | composenet-bench time FILE");
    ExitCode::from(2)
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// Times `stage` on its second run: the first run pays for the process's
/// first touch of the memory it allocates (a few page faults per hundred
/// kilobytes), which a load pays once per process and the page, which loads
/// again at every edit, does not. The events-only floor allocates almost
/// nothing, so timing first runs would charge only the loader for it.
fn again<T>(mut stage: impl FnMut() -> T) -> (T, f64) {
    drop(stage());
    let t = Instant::now();
    let out = stage();
    (out, ms(t))
}

/// Each stage in order, each timed on its own: the bare libyaml events, the
/// generic YAML tree, the whole compose loader (which parses again), each
/// on its second run (see [`again`]); then lowering to the model's spec and
/// `up` on a fresh host, once.
fn time(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let files = bench::source(&text);
    let (events, parse) = again(|| bench::yaml_events(&text));
    events.ok_or("the file is not valid YAML")?;
    let (tree, tree_ms) = again(|| bench::yaml_tree(&text));
    tree.ok_or("serde_yaml cannot read the file")?;
    let (loaded, load) = again(|| bench::load(&files));
    let loaded = loaded?;
    let t = Instant::now();
    let spec = bench::lower(&loaded.project)?;
    let lower = ms(t);
    let t = Instant::now();
    let host = bench::up(&spec)?;
    let up = ms(t);
    Ok(format!(
        "{parse:.3} {tree_ms:.3} {load:.3} {lower:.3} {up:.3} {}",
        host.containers().count()
    ))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["gen", n] => match n.parse::<usize>() {
            Ok(n) => Ok(bench::compose_file(n).0),
            Err(_) => return usage(),
        },
        ["time", path] => time(path).map(|line| format!("{line}\n")),
        _ => return usage(),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("composenet-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
