//! `composenet`: play docker scripts and compose files on a simulated Docker
//! host. A thin front end: it reads files from disk and hands them to the
//! play crate, then prints what came back.

mod check;
mod rules;

use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use composenet_loader::source::{decode, normalize};
use composenet_loader::{FileSource, ReadError};
use composenet_model::{EngineVersion, HostConfig};
use composenet_play::explain::Catalogue;
use composenet_play::{play, PlayOptions, Played, Session};

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

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Text: what the commands print (`run`), a transcript (`up`), or one
    /// line per rule (`check`).
    Text,
    /// JSON: the steps, the event log and the final state (`run`, `up`),
    /// or the verdicts (`check`).
    Json,
}

/// The simulated machine.
#[derive(Clone, clap::Args)]
struct Machine {
    /// The Docker Engine version whose behaviour to simulate.
    #[arg(long, default_value = "29", value_parser = parse_engine)]
    engine: EngineVersion,
    /// Seeds ids, veth names, MAC addresses and DNS answer order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `dockerd --ip-forward`: with false, containers reach only their
    /// bridges and the host, so the host's resolvers never answer them.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    ip_forward: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Play a script of docker commands (one per line, `\` continues a
    /// line) in a fresh simulated host whose working directory is the
    /// script's folder. Like `sh SCRIPT`: what the commands print goes to
    /// stdout and stderr, and the exit status is the last command's.
    Run(RunArgs),
    /// `docker compose up -d` on a compose file, then a summary of the
    /// networks, containers, addresses and DNS names.
    Up(UpArgs),
    /// Hold isolation and discovery rules to a compose project after `up`:
    /// `web -> api:8080`, `admin -/-> db`, `worker resolves cache`,
    /// `admin does not resolve db`. Exit status 0 when every rule holds,
    /// 1 when one fails, 2 when the rules or the file cannot be used.
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct RunArgs {
    #[command(flatten)]
    machine: Machine,
    /// Print each command to stderr as `+ command` before it runs,
    /// like `sh -x`.
    #[arg(short = 'x')]
    xtrace: bool,
    /// Stop at the first command that fails (unless `&&` follows it),
    /// like `sh -e`.
    #[arg(short = 'e')]
    errexit: bool,
    /// Print a transcript instead: each command after its prompt, what
    /// it printed, and `[exit N]` when it failed.
    #[arg(long)]
    transcript: bool,
    /// Show the events each command caused under it (implies
    /// --transcript).
    #[arg(long)]
    events: bool,
    /// `json` prints the steps, the event log and the final state.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The script file; `-` reads it from stdin.
    script: PathBuf,
}

/// What `--export` writes instead of the transcript.
#[derive(Clone, Copy, ValueEnum)]
enum Export {
    /// The topology drawing at the end, a standalone SVG with its styles.
    Svg,
    /// A Mermaid flowchart of the networks, containers and published ports.
    Mermaid,
    /// `docker inspect` of every container and `docker network inspect` of
    /// every network, as JSON with Docker's field names:
    /// `{"containers": [...], "networks": [...]}`.
    Inspect,
    /// The event log as JSON.
    Events,
}

/// The language of the drawing's words.
#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    En,
    Ko,
}

#[derive(clap::Args)]
struct ExportArgs {
    /// Write this instead of the transcript (for documentation builds).
    #[arg(long, value_enum)]
    export: Option<Export>,
    /// The file `--export` writes; standard output when not given.
    #[arg(short = 'o', long, value_name = "FILE", requires = "export")]
    output: Option<PathBuf>,
    /// The language of the exported drawing's words.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

#[derive(clap::Args)]
struct UpArgs {
    #[command(flatten)]
    machine: Machine,
    #[command(flatten)]
    export: ExportArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The compose file; its folder is the project directory.
    compose_file: PathBuf,
    /// Simulated seconds to let pass after `up` (health checks,
    /// restarts, apps connecting).
    #[arg(long, default_value_t = 30)]
    wait: u64,
    /// Accepted for scripts written before the events were always shown.
    #[arg(long, hide = true)]
    events: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    machine: Machine,
    /// A rule (repeatable).
    #[arg(long = "expect", value_name = "RULE")]
    expect: Vec<String>,
    /// A file of rules, one per line, `#` starts a comment
    /// (repeatable).
    #[arg(long = "rules", value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// A script to play after `up`, before the rules are checked.
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
    /// Simulated seconds pending timers (health checks, restarts, apps
    /// connecting) may run before the rules are checked.
    #[arg(long, default_value_t = 60)]
    wait: u64,
    /// Say why for every rule and probe, not only for failures.
    #[arg(short, long)]
    verbose: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// The compose file; its folder is the project directory.
    compose_file: PathBuf,
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
        read_bounded(file)
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

/// Reads a script from standard input, with the limits and the decoding
/// of files.
fn read_stdin() -> Result<String, ReadError> {
    read_bounded(std::io::stdin().lock())
}

/// At most one byte past the limit, then decoded: a source that never
/// ends (a device, a pipe) costs no more than a file at the limit.
fn read_bounded(source: impl Read) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    source
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_reason)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            limit: MAX_FILE_BYTES,
        });
    }
    decode(bytes)
}

fn absolute(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    normalize(&cwd.join(path))
}

fn options(machine: &Machine, cwd: PathBuf) -> PlayOptions {
    PlayOptions {
        engine: machine.engine,
        seed: machine.seed,
        cwd,
        env: std::env::vars().collect(),
        host: HostConfig {
            ip_forward: machine.ip_forward,
            ..HostConfig::default()
        },
        ..PlayOptions::default()
    }
}

/// Exit status of a process killed by SIGPIPE, as shells report it
/// (128 + 13).
const SIGPIPE_STATUS: u8 = 141;

/// The two output streams.
#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// Writes `text` to a stream and flushes it. A reader that went away
/// (`composenet run X | head -1`) ends the program quietly with the status
/// other Unix tools get from SIGPIPE, instead of Rust's panic on a broken
/// pipe; other errors writing stdout are reported.
fn write(stream: Stream, text: &str) -> Result<(), ExitCode> {
    if text.is_empty() {
        return Ok(());
    }
    let result = match stream {
        Stream::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).and_then(|()| out.flush())
        }
        Stream::Stderr => {
            let mut err = std::io::stderr().lock();
            err.write_all(text.as_bytes()).and_then(|()| err.flush())
        }
    };
    match (result, stream) {
        (Ok(()), _) => Ok(()),
        (Err(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            Err(ExitCode::from(SIGPIPE_STATUS))
        }
        (Err(e), Stream::Stdout) => {
            complain(&format!("cannot write the output: {e}"));
            Err(ExitCode::from(1))
        }
        // If stderr itself cannot be written there is nobody left to tell.
        (Err(_), Stream::Stderr) => Ok(()),
    }
}

/// A message for the user on standard error.
fn complain(message: &str) {
    let _ = write(Stream::Stderr, &format!("composenet: {message}\n"));
}

/// A shell's exit status as a process's: the low 8 bits, as `sh` reports
/// `exit 256` as 0.
fn exit_code(status: i32) -> ExitCode {
    ExitCode::from((status & 0xff) as u8)
}

/// Prints what was played as a document: the transcript (with the events
/// when `events`, and the final state when `summary`) or JSON.
fn document(
    played: &Played,
    engine: EngineVersion,
    format: Format,
    events: bool,
    summary: bool,
) -> Result<(), ExitCode> {
    let text = match format {
        Format::Text => {
            let mut text = played.transcript(events);
            if summary {
                text.push_str(&format!("\n{}\n", played.host.snapshot()));
            }
            text
        }
        Format::Json => {
            let value = serde_json::json!({
                "engine": engine.to_string(),
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
    write(Stream::Stdout, &text)
}

/// The drawing's marks for the model's warnings, in `catalogue`'s words.
fn markers(played: &Played, catalogue: &Catalogue) -> Vec<composenet_draw::Marker> {
    played
        .warnings
        .iter()
        .filter_map(|w| {
            Some(composenet_draw::Marker {
                container: w.container.clone()?,
                text: format!("{} {}", w.what(catalogue), w.why(catalogue)),
            })
        })
        .collect()
}

/// `--export`: the final state of `played` in the asked form, to the file
/// or to standard output.
fn write_export(
    played: &Played,
    machine: &Machine,
    kind: Export,
    args: &ExportArgs,
) -> Result<(), ExitCode> {
    let host = &played.host;
    let scene = || {
        let initial = composenet_model::Host::new(machine.engine, machine.seed).snapshot();
        let events = host.events();
        let mut scene = composenet_play::scene::Scene::at(&initial, events, usize::MAX);
        // A picture of the end state: the last event's highlight and
        // packet belong to an animation, not to a still.
        scene.focus.clear();
        scene.traffic = None;
        (
            scene,
            composenet_draw::layout::Layout::new(&initial, events),
        )
    };
    let text = match kind {
        Export::Svg => {
            let (scene, layout) = scene();
            let words = composenet_play::explain::Catalogue::parse(match args.lang {
                Lang::En => include_str!("../../../www/ui/en.txt"),
                Lang::Ko => include_str!("../../../www/ui/ko.txt"),
            })
            .0;
            let explain = match args.lang {
                Lang::En => Catalogue::english(),
                Lang::Ko => Catalogue::korean(),
            };
            let warnings = markers(played, &explain);
            composenet_draw::Drawing {
                scene: &scene,
                layout: &layout,
                view: composenet_draw::View::Linux,
                selected: None,
                words: &words,
                warnings: &warnings,
            }
            .standalone()
        }
        Export::Mermaid => composenet_draw::mermaid::flowchart(&scene().0),
        Export::Inspect => {
            let value = serde_json::json!({
                "containers": host.containers().map(|c| composenet_play::inspect::container(host, c.id)).collect::<Vec<_>>(),
                "networks": host.networks().map(|n| composenet_play::inspect::network(host, n.id)).collect::<Vec<_>>(),
            });
            format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        Export::Events => format!(
            "{}\n",
            serde_json::to_string_pretty(host.events()).unwrap_or_default()
        ),
    };
    match &args.output {
        None => write(Stream::Stdout, &text),
        Some(path) => std::fs::write(path, text).map_err(|e| {
            complain(&format!("cannot write {}: {e}", path.display()));
            ExitCode::from(1)
        }),
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
/// name with spaces or quotes stays one word; `sh -x` quotes the words it
/// shows the same way.
fn sh_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+@%:,=".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `composenet run`: plays the script like `sh SCRIPT`. Each command's
/// stdout and stderr are written as it finishes; the exit status is the
/// last command's (2 when the script has a syntax error, as `sh` gives).
/// `--transcript`, `--events` and `--format json` print the whole run as a
/// document at the end instead, with the same exit status.
fn run(args: RunArgs) -> ExitCode {
    let (text, cwd, name) = if args.script == Path::new("-") {
        match read_stdin() {
            Ok(text) => (
                text,
                std::env::current_dir().unwrap_or_default(),
                "-".to_string(),
            ),
            Err(e) => {
                complain(&format!("cannot read the script from stdin: {e}"));
                return ExitCode::from(2);
            }
        }
    } else {
        let path = absolute(&args.script);
        match read_arg(&path, &args.script) {
            Ok(text) => (
                text,
                path.parent().map(PathBuf::from).unwrap_or_default(),
                args.script.display().to_string(),
            ),
            Err(code) => return code,
        }
    };
    let document_form = args.transcript || args.events || args.format == Format::Json;
    let mut opts = options(&args.machine, cwd);
    opts.script_name = name;
    opts.errexit = args.errexit;
    let mut session = Session::new(opts, &Disk);
    let mut lines = session.lex(&text);
    // What the lexer says (syntax errors, pipes it drops) comes first, as a
    // shell's complaints about the script would; a document lists it at
    // its end instead.
    let syntax_error = session
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.line)
        .min();
    // `sh` runs the commands before a syntax error, then stops.
    if let Some(at) = syntax_error {
        lines.retain(|l| l.line < at);
    }
    if !document_form {
        for d in &session.diagnostics {
            complain(&d.to_string());
        }
    }
    let mut broken = None;
    let english = Catalogue::english();
    let _ = session.run_lines_with(lines, |s| {
        let Some(step) = s.steps.last() else {
            return ControlFlow::Continue(());
        };
        let mut shown = Ok(());
        if args.xtrace {
            let words: Vec<String> = step.words.iter().map(|w| sh_quote(w)).collect();
            shown = shown.and_then(|()| write(Stream::Stderr, &format!("+ {}\n", words.join(" "))));
        }
        if !document_form {
            shown = shown
                .and_then(|()| write(Stream::Stdout, &step.stdout))
                .and_then(|()| write(Stream::Stderr, &step.stderr));
        }
        // The model's warnings about what this command set up follow its
        // output on stderr, in Compose's WARN style, in every form: stdout
        // stays what the script printed (or the document).
        for w in s.warnings_of(s.steps.len() - 1) {
            shown = shown.and_then(|()| write(Stream::Stderr, &w.cli_line(&english)));
        }
        match shown {
            Ok(()) => ControlFlow::Continue(()),
            Err(code) => {
                broken = Some(code);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(code) = broken {
        return code;
    }
    let settled = session.steps.len();
    session.settle();
    for w in session.warnings.iter().filter(|w| w.step >= settled) {
        if let Err(code) = write(Stream::Stderr, &w.cli_line(&english)) {
            return code;
        }
    }
    let played = session.finish();
    if document_form {
        if let Err(code) = document(
            &played,
            args.machine.engine,
            args.format,
            args.events,
            false,
        ) {
            return code;
        }
    }
    if syntax_error.is_some() {
        return ExitCode::from(2);
    }
    // The final settling (line 0) is no command of the script.
    let status = played
        .steps
        .iter()
        .rev()
        .find(|s| s.line > 0)
        .map_or(0, |s| s.status);
    exit_code(status)
}

/// `composenet up`: `docker compose up -d`, simulated time, `ps -a`, as a
/// transcript with the events and the final state.
fn up(args: UpArgs) -> ExitCode {
    let UpArgs {
        machine,
        export,
        format,
        compose_file,
        wait,
        events: _,
    } = args;
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
    let mut opts = options(&machine, cwd);
    opts.settle = Duration::ZERO;
    let played = play(&script, opts, &Disk);
    // `up` fails the way `docker compose up` does: with its status (1 when
    // the file does not load).
    let status = played.steps.first().map_or(0, |s| s.status);
    if let Some(kind) = export.export {
        if status != 0 {
            // Say why the way the transcript would, and write nothing.
            for step in &played.steps {
                complain(step.stderr.trim_end());
            }
            return exit_code(status);
        }
        return match write_export(&played, &machine, kind, &export) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
    }
    // The model's warnings go to stderr, as Compose's own do, so the
    // document on stdout is the same with or without them.
    let english = Catalogue::english();
    for w in &played.warnings {
        if let Err(code) = write(Stream::Stderr, &w.cli_line(&english)) {
            return code;
        }
    }
    // Watching what happens is the point of `up`: the events are always
    // shown.
    if let Err(code) = document(&played, machine.engine, format, true, status == 0) {
        return code;
    }
    exit_code(status)
}

/// `composenet check`: reads the rules, plays the project and prints the
/// verdicts.
fn check_command(args: CheckArgs) -> ExitCode {
    let CheckArgs {
        machine,
        expect,
        rules: rule_files,
        script,
        wait,
        verbose,
        format,
        compose_file,
    } = args;
    let usage = |messages: &[String]| {
        for m in messages {
            complain(m);
        }
        ExitCode::from(2)
    };
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (i, text) in expect.iter().enumerate() {
        match rules::parse(rules::Origin::Expect(i + 1), text) {
            Ok(Some(rule)) => rules.push(rule),
            Ok(None) => errors.push(format!("--expect {}: the rule is empty", i + 1)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    for file in &rule_files {
        let text = match read_arg(&absolute(file), file) {
            Ok(text) => text,
            Err(code) => return code,
        };
        let (found, bad) = rules::parse_file(&file.display().to_string(), &text);
        rules.extend(found);
        errors.extend(bad.iter().map(|e| e.to_string()));
    }
    if !errors.is_empty() {
        return usage(&errors);
    }
    if rules.is_empty() {
        return usage(&["no rules to check: give --expect RULE or --rules FILE".to_string()]);
    }
    let path = absolute(&compose_file);
    if let Err(code) = read_arg(&path, &compose_file) {
        return code;
    }
    let script = match script {
        Some(file) => match read_arg(&absolute(&file), &file) {
            Ok(text) => Some((text, file.display().to_string())),
            Err(code) => return code,
        },
        None => None,
    };
    let setup = check::Setup {
        compose_file: path,
        shown: compose_file.display().to_string(),
        script,
        wait: Duration::from_secs(wait),
        play: options(&machine, PathBuf::new()),
    };
    let mut warnings = Vec::new();
    let result = check::check(setup, rules, &Disk, &mut warnings);
    for w in &warnings {
        complain(w);
    }
    let verdicts = match result {
        Ok(verdicts) => verdicts,
        Err(refusal) => return usage(&refusal.messages),
    };
    let text = match format {
        Format::Text => check::text(&verdicts, verbose),
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&check::json(&verdicts)).unwrap_or_default()
        ),
    };
    if let Err(code) = write(Stream::Stdout, &text) {
        return code;
    }
    if verdicts.iter().all(check::Verdict::holds) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Run(args) => run(args),
        Command::Up(args) => up(args),
        Command::Check(args) => check_command(args),
    }
}
