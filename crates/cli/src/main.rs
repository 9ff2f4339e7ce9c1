//! `composenet`: play docker scripts and compose files on a simulated Docker
//! host. A thin front end: it reads files from disk and hands them to the
//! play crate, then prints what came back.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use composenet_loader::source::normalize;
use composenet_loader::FileSource;
use composenet_model::EngineVersion;
use composenet_play::{play, PlayOptions, Played};

#[derive(Parser)]
#[command(
    name = "composenet",
    version,
    about = "See what Docker does on the network — bridges, veth pairs, addresses, embedded DNS — without Docker.",
    long_about = None
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// A terminal transcript.
    Text,
    /// The steps, the event log and the final state as JSON.
    Json,
}

#[derive(Clone, clap::Args)]
struct Common {
    /// The Docker Engine version whose behaviour to simulate.
    #[arg(long, default_value = "29", value_parser = parse_engine)]
    engine: EngineVersion,
    /// Seeds ids, veth names, MAC addresses and DNS answer order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Show the events each command caused under it.
    #[arg(long)]
    events: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Play a script of docker commands (one per line, `\` continues a
    /// line) in a fresh simulated host whose working directory is the
    /// script's folder.
    Run {
        #[command(flatten)]
        common: Common,
        /// The script file.
        script: PathBuf,
    },
    /// `docker compose up -d` on a compose file, then a summary of the
    /// networks, containers, addresses and DNS names.
    Up {
        #[command(flatten)]
        common: Common,
        /// The compose file; its folder is the project directory.
        compose_file: PathBuf,
        /// Simulated seconds to let pass after `up` (health checks,
        /// restarts, apps connecting).
        #[arg(long, default_value_t = 30)]
        wait: u64,
    },
}

fn parse_engine(s: &str) -> Result<EngineVersion, String> {
    s.parse()
}

/// The disk, read only when the loaders ask.
struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &Path) -> Option<String> {
        // Loaders never get more than a compose file's worth: refuse huge
        // files instead of reading them.
        let meta = std::fs::metadata(path).ok()?;
        if meta.len() > 16 * 1024 * 1024 {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }
}

fn absolute(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    normalize(&cwd.join(path))
}

fn options(common: &Common, cwd: PathBuf) -> PlayOptions {
    PlayOptions {
        engine: common.engine,
        seed: common.seed,
        cwd,
        env: std::env::vars().collect(),
        ..PlayOptions::default()
    }
}

fn print(played: &Played, common: &Common, summary: bool) -> ExitCode {
    match common.format {
        Format::Text => {
            print!("{}", played.transcript(common.events));
            if summary {
                println!("\n{}", played.host.snapshot());
            }
        }
        Format::Json => {
            let value = serde_json::json!({
                "engine": common.engine.to_string(),
                "steps": played.steps,
                "diagnostics": played.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "events": played.host.events(),
                "state": played.host.snapshot(),
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    if played.diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { common, script } => {
            let path = absolute(&script);
            let Some(text) = Disk.read(&path) else {
                eprintln!("composenet: cannot read {}", script.display());
                return ExitCode::from(2);
            };
            let cwd = path.parent().map(PathBuf::from).unwrap_or_default();
            let mut opts = options(&common, cwd);
            opts.script_name = script.display().to_string();
            let played = play(&text, opts, &Disk);
            print(&played, &common, false)
        }
        Command::Up {
            common,
            compose_file,
            wait,
        } => {
            let path = absolute(&compose_file);
            if Disk.read(&path).is_none() {
                eprintln!("composenet: cannot read {}", compose_file.display());
                return ExitCode::from(2);
            }
            let cwd = path.parent().map(PathBuf::from).unwrap_or_default();
            let file = path
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            let script = format!(
                "docker compose -f {file} up -d\nsleep {wait}\ndocker compose -f {file} ps -a\n"
            );
            let mut opts = options(&common, cwd);
            opts.settle = std::time::Duration::ZERO;
            let played = play(&script, opts, &Disk);
            // Watching what happens is the point of `up`: the events are
            // always shown.
            let common = Common {
                events: true,
                ..common
            };
            print(&played, &common, true)
        }
    }
}
