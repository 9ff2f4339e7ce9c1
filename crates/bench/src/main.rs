//! `composenet-bench`: writes generated compose files and times the stages
//! of `composenet up` on one, for `bench/compare.sh`.
//!
//! ```text
//! composenet-bench gen CONTAINERS        the compose file, on stdout
//! composenet-bench time FILE             one line: parse load lower up (ms), containers
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

/// Each stage once, in order, each timed on its own: the bare libyaml
/// events, the whole compose loader (which parses again), lowering to the
/// model's spec, and `up` on a fresh host.
fn time(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let files = bench::source(&text);
    let t = Instant::now();
    bench::yaml_events(&text).ok_or("the file is not valid YAML")?;
    let parse = ms(t);
    let t = Instant::now();
    let project = bench::load(&files)?;
    let load = ms(t);
    let t = Instant::now();
    let spec = bench::lower(&project)?;
    let lower = ms(t);
    let t = Instant::now();
    let host = bench::up(&spec)?;
    let up = ms(t);
    Ok(format!(
        "{parse:.3} {load:.3} {lower:.3} {up:.3} {}",
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
