//! Writes random oracle scenarios (see `composenet_fuzz::scenario`):
//!
//! ```sh
//! cargo run -p composenet-fuzz --bin oracle-gen -- --seed 1 --count 50 --out tests/oracle/generated
//! ```
//!
//! Scenario `i` (from 1) is the folder `gen-NNN` made from the seed
//! `seed * 1_000_003 + i`, so one seed always writes the same folders and a
//! longer run extends a shorter one. Existing facts files are left alone;
//! the script and compose file are rewritten.

use std::path::PathBuf;

use composenet_fuzz::scenario::generate;

fn main() {
    let mut seed = 1u64;
    let mut count = 50u64;
    let mut out = PathBuf::from("tests/oracle/generated");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--seed" => {
                seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--seed: a number"))
            }
            "--count" => {
                count = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--count: a number"))
            }
            "--out" => out = PathBuf::from(value()),
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    for i in 1..=count {
        let name = format!("gen-{i:03}");
        let scenario = generate(seed.wrapping_mul(1_000_003).wrapping_add(i), &name);
        let dir = out.join(&name);
        std::fs::create_dir_all(&dir).expect("create the scenario folder");
        std::fs::write(dir.join("script.sh"), &scenario.script).expect("write script.sh");
        let _ = std::fs::remove_file(dir.join("compose.yaml"));
        for (file, text) in &scenario.files {
            std::fs::write(dir.join(file), text).expect("write a compose file");
        }
    }
    println!("{count} scenarios from seed {seed} in {}", out.display());
}

fn usage(problem: &str) -> ! {
    eprintln!("oracle-gen: {problem}\nusage: oracle-gen [--seed N] [--count N] [--out DIR]");
    std::process::exit(2)
}
