//! `composenet`: play docker scripts and compose files on a simulated Docker
//! host. A thin front end: it reads files from disk and hands them to the
//! play crate, then prints what came back.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use composenet_loader::source::{decode, normalize};
use composenet_loader::{FileSource, ReadError};
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

/// The most a file may hold: far more than any compose file, `.env` or
/// script a person writes, and little enough to hold in memory at once.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The disk, read only when the loaders ask.
struct Disk;

impl FileSource for Disk {
    fn read(&self, path: &Path) -> Result<String, ReadError> {
        // The kind is checked before opening: opening a FIFO blocks until
        // someone writes to it, and a device such as /dev/zero never ends.
        let meta = std::fs::metadata(path).map_err(io_reason)?;
        refuse_special(&meta)?;
        let file = std::fs::File::open(path).map_err(io_reason)?;
        // The size the file system reports is not trusted (files in /proc
        // say 0, and a file may grow while it is read): at most one byte
        // past the limit is read, whatever it says.
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io_reason)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::TooLarge {
                limit: MAX_FILE_BYTES,
            });
        }
        decode(bytes)
    }

    fn exists(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|m| m.is_file())
    }
}

/// Directories, devices, FIFOs and sockets are not files to read.
fn refuse_special(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        for (is, name) in [
            (kind.is_char_device(), "a character device"),
            (kind.is_block_device(), "a block device"),
            (kind.is_fifo(), "a named pipe (FIFO)"),
            (kind.is_socket(), "a socket"),
        ] {
            if is {
                return Err(ReadError::NotAFile(name));
            }
        }
    }
    if !kind.is_file() {
        return Err(ReadError::NotAFile("an unknown kind of file"));
    }
    Ok(())
}

/// An operating-system error as Go's `os` package words it (lowercase,
/// without Rust's `(os error N)`).
fn io_reason(e: std::io::Error) -> ReadError {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => ReadError::NotFound,
        ErrorKind::PermissionDenied => ReadError::Other("permission denied".into()),
        ErrorKind::NotADirectory => ReadError::Other("not a directory".into()),
        ErrorKind::IsADirectory => ReadError::IsDirectory,
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
            ReadError::Other(text.to_lowercase())
        }
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

/// Exit status of a process killed by SIGPIPE, as shells report it
/// (128 + 13).
const SIGPIPE_STATUS: u8 = 141;

/// Writes `text` to standard output and flushes it. A reader that went away
/// (`composenet run X | head -1`) ends the program quietly with the status
/// other Unix tools get from SIGPIPE, instead of Rust's panic on a broken
/// pipe; other write errors are reported.
fn emit(text: &str) -> Result<(), ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(ExitCode::from(SIGPIPE_STATUS)),
        Err(e) => {
            complain(&format!("cannot write the output: {e}"));
            Err(ExitCode::from(1))
        }
    }
}

/// A message for the user on standard error; if even that is closed there
/// is nobody left to tell.
fn complain(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "composenet: {message}");
}

/// Prints what was played and chooses the exit status: `status` (the failed
/// command's), else 1 when a diagnostic is an error, else 0.
fn print(played: &Played, common: &Common, summary: bool, status: i32) -> ExitCode {
    let text = match common.format {
        Format::Text => {
            let mut text = played.transcript(common.events);
            if summary {
                text.push_str(&format!("\n{}\n", played.host.snapshot()));
            }
            text
        }
        Format::Json => {
            let value = serde_json::json!({
                "engine": common.engine.to_string(),
                "steps": played.steps,
                "diagnostics": played.diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "events": played.host.events(),
                "state": played.host.snapshot(),
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
    };
    if let Err(code) = emit(&text) {
        return code;
    }
    if status != 0 {
        ExitCode::from(u8::try_from(status).unwrap_or(1))
    } else if played.diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads the file named on the command line, or says why it cannot.
fn read_arg(path: &Path, shown: &Path) -> Result<String, ExitCode> {
    Disk.read(path).map_err(|e| {
        complain(&format!("cannot read {}: {e}", shown.display()));
        ExitCode::from(2)
    })
}

/// Quotes a word for the script lexer (which follows `sh`), so that a file
/// name with spaces or quotes stays one word.
fn sh_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+@%:,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run { common, script } => {
            let path = absolute(&script);
            let text = match read_arg(&path, &script) {
                Ok(text) => text,
                Err(code) => return code,
            };
            let cwd = path.parent().map(PathBuf::from).unwrap_or_default();
            let mut opts = options(&common, cwd);
            opts.script_name = script.display().to_string();
            let played = play(&text, opts, &Disk);
            print(&played, &common, false, 0)
        }
        Command::Up {
            common,
            compose_file,
            wait,
        } => {
            let path = absolute(&compose_file);
            if let Err(code) = read_arg(&path, &compose_file) {
                return code;
            }
            let cwd = path.parent().map(PathBuf::from).unwrap_or_default();
            let file = path
                .file_name()
                .map(|f| sh_quote(&f.to_string_lossy()))
                .unwrap_or_default();
            // `&&`: when `up` fails there is nothing to wait for or list.
            let script = format!(
                "docker compose -f {file} up -d && sleep {wait} && docker compose -f {file} ps -a\n"
            );
            let mut opts = options(&common, cwd);
            opts.settle = std::time::Duration::ZERO;
            let played = play(&script, opts, &Disk);
            // `up` fails the way `docker compose up` does: with its status.
            let status = played.steps.first().map_or(0, |s| s.status);
            // Watching what happens is the point of `up`: the events are
            // always shown.
            let common = Common {
                events: true,
                ..common
            };
            print(&played, &common, status == 0, status)
        }
    }
}
