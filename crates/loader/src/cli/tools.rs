//! The commands people run inside containers (and on the host) to look at
//! the network: DNS lookups, ping, `ip`, `/etc/hosts`, HTTP clients. Each
//! tool keeps its own option conventions (`nslookup -type=a`, `dig +short`,
//! `ping -c1`), which is why they are parsed here by hand rather than with
//! the pflag parser. Unknown commands are not errors: the runner answers
//! them as a shell would (`sh: X: not found`).

use super::error::{CliError, CommandError, ToolError};

/// A tool command line, typed.
#[derive(Clone, Debug, PartialEq)]
pub enum ToolCommand {
    Nslookup {
        name: String,
        server: Option<String>,
        /// `-type=` / `-query=`, upper-cased (`A`, `AAAA`, ...).
        record_type: Option<String>,
        timeout: Option<u32>,
        retry: Option<u32>,
    },
    Dig {
        name: String,
        /// `@server`.
        server: Option<String>,
        /// Upper-cased; `A` unless given.
        record_type: String,
        short: bool,
        /// `-x ADDR`: a reverse lookup of `name`.
        reverse: bool,
        /// Other `+options`, kept for the runner to mention.
        options: Vec<String>,
    },
    Ping {
        host: String,
        count: Option<u32>,
        /// `-W`: seconds to wait for each reply.
        timeout: Option<f64>,
        /// `-w`: seconds before ping exits whatever happened.
        deadline: Option<f64>,
        interval: Option<f64>,
        family: Option<IpFamily>,
        quiet: bool,
    },
    Traceroute {
        host: String,
    },
    /// `getent DATABASE [KEY...]`, most often `getent hosts NAME`.
    Getent {
        database: String,
        keys: Vec<String>,
    },
    Cat {
        files: Vec<String>,
    },
    Ip(IpCommand),
    Ifconfig {
        interface: Option<String>,
    },
    Hostname {
        mode: HostnameMode,
    },
    Curl {
        url: String,
        silent: bool,
        /// `-o FILE`.
        output: Option<String>,
        fail: bool,
        head: bool,
        /// `-m` / `--max-time`, seconds.
        max_time: Option<f64>,
        /// `--connect-timeout`, seconds.
        connect_timeout: Option<f64>,
        /// Options without effect here, as typed.
        other_options: Vec<String>,
    },
    Wget {
        url: String,
        quiet: bool,
        /// `-O FILE`; `-` is standard output.
        output: Option<String>,
        spider: bool,
        timeout: Option<f64>,
        other_options: Vec<String>,
    },
    Nc {
        host: Option<String>,
        /// A port or a range (`80-90`).
        port: Option<String>,
        /// `-z`: only check that the port accepts connections.
        zero_io: bool,
        verbose: bool,
        listen: bool,
        udp: bool,
        /// `-w`, seconds.
        timeout: Option<f64>,
    },
    Echo {
        args: Vec<String>,
        /// False with `-n`.
        newline: bool,
    },
    Sleep {
        /// `None` is `sleep infinity`.
        millis: Option<u64>,
    },
    Exit {
        code: i32,
    },
    Env {
        args: Vec<String>,
    },
    Printenv {
        names: Vec<String>,
    },
    /// `sh`, `bash`, `ash`, with `-c SCRIPT` or interactive.
    Shell {
        program: String,
        script: Option<String>,
        args: Vec<String>,
    },
    True,
    False,
    /// Anything else, left to the runner.
    Unknown(Vec<String>),
}

impl ToolCommand {
    /// The tool's name, for listings.
    pub fn kind(&self) -> &'static str {
        match self {
            ToolCommand::Nslookup { .. } => "nslookup",
            ToolCommand::Dig { .. } => "dig",
            ToolCommand::Ping { .. } => "ping",
            ToolCommand::Traceroute { .. } => "traceroute",
            ToolCommand::Getent { .. } => "getent",
            ToolCommand::Cat { .. } => "cat",
            ToolCommand::Ip(_) => "ip",
            ToolCommand::Ifconfig { .. } => "ifconfig",
            ToolCommand::Hostname { .. } => "hostname",
            ToolCommand::Curl { .. } => "curl",
            ToolCommand::Wget { .. } => "wget",
            ToolCommand::Nc { .. } => "nc",
            ToolCommand::Echo { .. } => "echo",
            ToolCommand::Sleep { .. } => "sleep",
            ToolCommand::Exit { .. } => "exit",
            ToolCommand::Env { .. } => "env",
            ToolCommand::Printenv { .. } => "printenv",
            ToolCommand::Shell { .. } => "sh",
            ToolCommand::True => "true",
            ToolCommand::False => "false",
            ToolCommand::Unknown(_) => "unknown",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpFamily {
    V4,
    V6,
}

/// `hostname`, `hostname -i` (addresses of the name), `hostname -I` (all
/// addresses), `-f`, `-s`, `-d`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HostnameMode {
    #[default]
    Name,
    Ip,
    AllIps,
    Fqdn,
    Short,
    Domain,
}

/// `ip [OPTIONS] OBJECT [COMMAND] ...` for the objects a container user
/// looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpCommand {
    pub object: IpObject,
    /// `-4` / `-6`.
    pub family: Option<IpFamily>,
    /// `-o` / `-oneline`.
    pub oneline: bool,
    /// `-br` / `-brief`.
    pub brief: bool,
    /// `dev NAME` or a bare interface name after `show`.
    pub device: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IpObject {
    Addr,
    Route,
    Link,
    Neigh,
}

fn err(tool: &str, word: usize, message: impl Into<String>) -> CliError {
    CliError::new(word, ToolError::new(tool, message))
}

/// Parses a tool command line. `words[0]` may be a path (`/bin/ping`).
pub fn parse_tool(words: &[String]) -> Result<ToolCommand, CliError> {
    let Some(first) = words.first() else {
        return Err(CliError::new(0, CommandError::Empty));
    };
    let name = first.rsplit('/').next().unwrap_or(first);
    let args = &words[1..];
    match name {
        "nslookup" => nslookup(args),
        "dig" => dig(args),
        "ping" | "ping6" => ping(args, name == "ping6"),
        "traceroute" | "tracepath" | "mtr" => match args.iter().rev().find(|a| !a.starts_with('-'))
        {
            Some(h) => Ok(ToolCommand::Traceroute { host: h.clone() }),
            None => Err(err(name, words.len(), "missing host operand")),
        },
        "getent" => match args.first() {
            Some(db) => Ok(ToolCommand::Getent {
                database: db.clone(),
                keys: args[1..].to_vec(),
            }),
            None => Err(err("getent", words.len(), "wrong number of arguments")),
        },
        "cat" => Ok(ToolCommand::Cat {
            files: args
                .iter()
                .filter(|a| !a.starts_with('-') || *a == "-")
                .cloned()
                .collect(),
        }),
        "ip" => ip(args).map(ToolCommand::Ip),
        "ifconfig" => Ok(ToolCommand::Ifconfig {
            interface: args.iter().find(|a| !a.starts_with('-')).cloned(),
        }),
        "hostname" => hostname(args),
        "curl" => curl(args),
        "wget" => wget(args),
        "nc" | "netcat" | "ncat" => nc(args),
        "echo" => Ok(echo(args)),
        "sleep" => sleep(args),
        "exit" => exit(args),
        "env" => Ok(ToolCommand::Env {
            args: args.to_vec(),
        }),
        "printenv" => Ok(ToolCommand::Printenv {
            names: args.to_vec(),
        }),
        "sh" | "bash" | "ash" | "dash" | "zsh" => Ok(shell(name, args)),
        "true" | ":" => Ok(ToolCommand::True),
        "false" => Ok(ToolCommand::False),
        _ => Ok(ToolCommand::Unknown(words.to_vec())),
    }
}

fn number<T: std::str::FromStr>(tool: &str, word: usize, s: &str) -> Result<T, CliError> {
    s.parse()
        .map_err(|_| err(tool, word, format!("invalid number '{s}'")))
}

fn nslookup(args: &[String]) -> Result<ToolCommand, CliError> {
    let mut positional = Vec::new();
    let (mut record_type, mut timeout, mut retry) = (None, None, None);
    for (k, a) in args.iter().enumerate() {
        let word = k + 1;
        if let Some(opt) = a.strip_prefix('-') {
            let (key, value) = opt.split_once('=').unwrap_or((opt, ""));
            match key {
                "type" | "query" | "q" | "querytype" | "t" => {
                    record_type = Some(value.to_ascii_uppercase())
                }
                "timeout" => timeout = Some(number("nslookup", word, value)?),
                "retry" => retry = Some(number("nslookup", word, value)?),
                "debug" | "nodebug" | "d2" | "port" | "vc" | "novc" | "search" | "nosearch" => {}
                _ => return Err(err("nslookup", word, format!("invalid option '{a}'"))),
            }
        } else {
            positional.push(a.clone());
        }
    }
    let mut it = positional.into_iter();
    let Some(name) = it.next() else {
        return Err(err(
            "nslookup",
            args.len() + 1,
            "interactive mode is not supported; give a name to look up",
        ));
    };
    Ok(ToolCommand::Nslookup {
        name,
        server: it.next(),
        record_type,
        timeout,
        retry,
    })
}

const DNS_TYPES: [&str; 12] = [
    "A", "AAAA", "ANY", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TXT", "CAA", "HTTPS",
];

fn dig(args: &[String]) -> Result<ToolCommand, CliError> {
    let (mut name, mut server, mut record_type) = (None, None, None);
    let (mut short, mut reverse) = (false, false);
    let mut options = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let a = &args[k];
        let word = k + 1;
        if let Some(s) = a.strip_prefix('@') {
            server = Some(s.to_string());
        } else if let Some(opt) = a.strip_prefix('+') {
            match opt {
                "short" => short = true,
                "noshort" => short = false,
                _ => options.push(a.clone()),
            }
        } else if a == "-x" {
            let Some(addr) = args.get(k + 1) else {
                return Err(err("dig", word, "option requires an argument -- 'x'"));
            };
            name = Some(addr.clone());
            reverse = true;
            k += 1;
        } else if a == "-t" || a == "-c" || a == "-p" {
            let Some(v) = args.get(k + 1) else {
                return Err(err(
                    "dig",
                    word,
                    format!("option requires an argument -- '{}'", &a[1..]),
                ));
            };
            if a == "-t" {
                record_type = Some(v.to_ascii_uppercase());
            }
            k += 1;
        } else if a == "-4" || a == "-6" {
        } else if DNS_TYPES.contains(&a.to_ascii_uppercase().as_str()) && name.is_some() {
            record_type = Some(a.to_ascii_uppercase());
        } else if a.eq_ignore_ascii_case("IN") && name.is_some() {
        } else if name.is_none() {
            name = Some(a.clone());
        } else if DNS_TYPES.contains(&a.to_ascii_uppercase().as_str()) {
            record_type = Some(a.to_ascii_uppercase());
        } else {
            return Err(err("dig", word, format!("'{a}' is not a valid query type")));
        }
        k += 1;
    }
    Ok(ToolCommand::Dig {
        name: name.unwrap_or_else(|| ".".to_string()),
        server,
        record_type: record_type.unwrap_or_else(|| if reverse { "PTR" } else { "A" }.to_string()),
        short,
        reverse,
        options,
    })
}

/// Splits `-c1` / `-c 1` / `-qc1` style short options. `with_value` lists
/// the letters that take a value; returns `(letter, value, word)` triples
/// and the positional words.
#[allow(clippy::type_complexity)]
fn short_opts(
    tool: &str,
    args: &[String],
    with_value: &str,
    flags_only: &str,
) -> Result<(Vec<(char, Option<String>, usize)>, Vec<(String, usize)>), CliError> {
    let mut opts = Vec::new();
    let mut positional = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let a = &args[k];
        let word = k + 1;
        if a == "--" {
            positional.extend(
                args[k + 1..]
                    .iter()
                    .enumerate()
                    .map(|(j, w)| (w.clone(), k + 2 + j)),
            );
            break;
        }
        if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                if with_value.contains(c) {
                    let rest: String = chars[j + 1..].iter().collect();
                    if !rest.is_empty() {
                        opts.push((c, Some(rest), word));
                    } else if let Some(v) = args.get(k + 1) {
                        opts.push((c, Some(v.clone()), word + 1));
                        k += 1;
                    } else {
                        return Err(err(
                            tool,
                            word,
                            format!("option requires an argument -- '{c}'"),
                        ));
                    }
                    break;
                } else if flags_only.contains(c) {
                    opts.push((c, None, word));
                } else {
                    return Err(err(tool, word, format!("invalid option -- '{c}'")));
                }
                j += 1;
            }
        } else {
            positional.push((a.clone(), word));
        }
        k += 1;
    }
    Ok((opts, positional))
}

fn ping(args: &[String], six: bool) -> Result<ToolCommand, CliError> {
    let (opts, positional) = short_opts("ping", args, "cWwisItQlpS", "46qnvDOAbRUBfaLdr")?;
    let mut cmd_count = None;
    let (mut timeout, mut deadline, mut interval) = (None, None, None);
    let mut family = six.then_some(IpFamily::V6);
    let mut quiet = false;
    for (c, v, word) in opts {
        let v = v.unwrap_or_default();
        match c {
            'c' => {
                let n: u32 = number("ping", word, &v)?;
                if n == 0 {
                    return Err(err(
                        "ping",
                        word,
                        format!("invalid count of packets to transmit: '{v}'"),
                    ));
                }
                cmd_count = Some(n);
            }
            'W' => timeout = Some(number("ping", word, &v)?),
            'w' => deadline = Some(number("ping", word, &v)?),
            'i' => interval = Some(number("ping", word, &v)?),
            '4' => family = Some(IpFamily::V4),
            '6' => family = Some(IpFamily::V6),
            'q' => quiet = true,
            _ => {}
        }
    }
    let Some((host, _)) = positional.last().cloned() else {
        return Err(err(
            "ping",
            args.len() + 1,
            "usage error: Destination address required",
        ));
    };
    Ok(ToolCommand::Ping {
        host,
        count: cmd_count,
        timeout,
        deadline,
        interval,
        family,
        quiet,
    })
}

fn ip(args: &[String]) -> Result<IpCommand, CliError> {
    let mut family = None;
    let (mut oneline, mut brief) = (false, false);
    let mut k = 0;
    while let Some(a) = args.get(k) {
        let Some(opt) = a.strip_prefix('-') else {
            break;
        };
        let opt = opt.trim_start_matches('-');
        match opt {
            "4" => family = Some(IpFamily::V4),
            "6" => family = Some(IpFamily::V6),
            "o" | "oneline" => oneline = true,
            "br" | "brief" => brief = true,
            "c" | "color" | "s" | "stats" | "d" | "details" | "j" | "json" | "p" | "pretty" => {}
            _ if opt.starts_with("color=") => {}
            _ => {
                return Err(err(
                    "ip",
                    k + 1,
                    format!("Option \"{a}\" is unknown, try \"ip -help\"."),
                ))
            }
        }
        k += 1;
    }
    let object_word = k + 1;
    let object = match args.get(k).map(String::as_str) {
        None => {
            return Err(err(
                "ip",
                object_word,
                "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }",
            ))
        }
        Some(o) if is_prefix(o, "address", 1) => IpObject::Addr,
        Some(o) if is_prefix(o, "route", 1) => IpObject::Route,
        Some(o) if is_prefix(o, "link", 1) => IpObject::Link,
        Some(o) if is_prefix(o, "neighbour", 1) || is_prefix(o, "neighbor", 1) => IpObject::Neigh,
        Some(o) => {
            return Err(err(
                "ip",
                object_word,
                format!("Object \"{o}\" is unknown, try \"ip help\"."),
            ))
        }
    };
    let mut device = None;
    let mut rest = args[k + 1..].iter().enumerate();
    while let Some((j, a)) = rest.next() {
        let word = k + 2 + j;
        match a.as_str() {
            "show" | "list" | "lst" | "sh" | "ls" | "s" | "l" => {}
            "dev" => match rest.next() {
                Some((_, d)) => device = Some(d.clone()),
                None => return Err(err("ip", word, "Command line is not complete. Try option \"help\"")),
            },
            "add" | "del" | "delete" | "change" | "replace" | "set" | "flush" | "append" => {
                return Err(err(
                    "ip",
                    word,
                    "RTNETLINK answers: Operation not permitted (changing addresses and routes is not simulated)",
                ))
            }
            "up" | "scope" | "table" | "to" | "type" | "label" => {
                rest.next();
            }
            other => device = Some(other.to_string()),
        }
    }
    Ok(IpCommand {
        object,
        family,
        oneline,
        brief,
        device,
    })
}

/// iproute2's abbreviations: `a`, `addr`, `address` all name `address`.
fn is_prefix(word: &str, full: &str, min: usize) -> bool {
    word.len() >= min && full.starts_with(word)
}

fn hostname(args: &[String]) -> Result<ToolCommand, CliError> {
    let mut mode = HostnameMode::Name;
    for (k, a) in args.iter().enumerate() {
        mode = match a.as_str() {
            "-i" | "--ip-address" => HostnameMode::Ip,
            "-I" | "--all-ip-addresses" => HostnameMode::AllIps,
            "-f" | "--fqdn" | "--long" => HostnameMode::Fqdn,
            "-s" | "--short" => HostnameMode::Short,
            "-d" | "--domain" => HostnameMode::Domain,
            _ => return Err(err(
                "hostname",
                k + 1,
                "changing the hostname is not supported (you must be root to change the host name)",
            )),
        };
    }
    Ok(ToolCommand::Hostname { mode })
}

fn curl(args: &[String]) -> Result<ToolCommand, CliError> {
    let mut url = None;
    let (mut silent, mut fail, mut head) = (false, false, false);
    let (mut output, mut max_time, mut connect_timeout) = (None, None, None);
    let mut other = Vec::new();
    const WITH_VALUE: &str = "oXHdumAeEwxrTFbcKyYz";
    let mut k = 0;
    while k < args.len() {
        let a = &args[k];
        let word = k + 1;
        let take = |k: &mut usize| -> Result<String, CliError> {
            *k += 1;
            args.get(*k)
                .cloned()
                .ok_or_else(|| err("curl", word, format!("option {a}: requires parameter")))
        };
        if let Some(long) = a.strip_prefix("--") {
            match long {
                "silent" => silent = true,
                "fail" => fail = true,
                "head" => head = true,
                "output" => output = Some(take(&mut k)?),
                "max-time" => max_time = Some(number("curl", word, &take(&mut k)?)?),
                "connect-timeout" => connect_timeout = Some(number("curl", word, &take(&mut k)?)?),
                "url" => url = Some(take(&mut k)?),
                "request" | "header" | "data" | "user" | "user-agent" | "write-out" | "resolve"
                | "retry" | "retry-delay" | "proxy" | "cacert" | "data-raw" | "data-binary"
                | "json" | "cookie" | "referer" | "range" => {
                    let v = take(&mut k)?;
                    other.push(format!("{a} {v}"));
                }
                _ => other.push(a.clone()),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            for (j, &c) in chars.iter().enumerate() {
                if WITH_VALUE.contains(c) {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if rest.is_empty() { take(&mut k)? } else { rest };
                    match c {
                        'o' => output = Some(v),
                        'm' => max_time = Some(number("curl", word, &v)?),
                        _ => other.push(format!("-{c} {v}")),
                    }
                    break;
                }
                match c {
                    's' => silent = true,
                    'f' => fail = true,
                    'I' => head = true,
                    _ => other.push(format!("-{c}")),
                }
            }
        } else if url.is_none() {
            url = Some(a.clone());
        } else {
            other.push(a.clone());
        }
        k += 1;
    }
    let Some(url) = url else {
        return Err(err(
            "curl",
            args.len() + 1,
            "no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information",
        ));
    };
    Ok(ToolCommand::Curl {
        url,
        silent,
        output,
        fail,
        head,
        max_time,
        connect_timeout,
        other_options: other,
    })
}

fn wget(args: &[String]) -> Result<ToolCommand, CliError> {
    let mut url = None;
    let (mut quiet, mut spider) = (false, false);
    let (mut output, mut timeout) = (None, None);
    let mut other = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let a = &args[k];
        let word = k + 1;
        let take = |k: &mut usize| -> Result<String, CliError> {
            *k += 1;
            args.get(*k).cloned().ok_or_else(|| {
                err(
                    "wget",
                    word,
                    format!("option requires an argument -- '{a}'"),
                )
            })
        };
        if let Some(long) = a.strip_prefix("--") {
            let (key, inline) = long
                .split_once('=')
                .map_or((long, None), |(k, v)| (k, Some(v.to_string())));
            match key {
                "quiet" => quiet = true,
                "spider" => spider = true,
                "output-document" => output = Some(inline.map_or_else(|| take(&mut k), Ok)?),
                "timeout" => {
                    let v = inline.map_or_else(|| take(&mut k), Ok)?;
                    timeout = Some(number("wget", word, &v)?);
                }
                _ => other.push(a.clone()),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            for (j, &c) in chars.iter().enumerate() {
                if "OTtUYPheo".contains(c) {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if rest.is_empty() { take(&mut k)? } else { rest };
                    match c {
                        'O' => output = Some(v),
                        'T' => timeout = Some(number("wget", word, &v)?),
                        _ => other.push(format!("-{c} {v}")),
                    }
                    break;
                }
                match c {
                    'q' => quiet = true,
                    _ => other.push(format!("-{c}")),
                }
            }
        } else if url.is_none() {
            url = Some(a.clone());
        } else {
            other.push(a.clone());
        }
        k += 1;
    }
    let Some(url) = url else {
        return Err(err("wget", args.len() + 1, "missing URL"));
    };
    Ok(ToolCommand::Wget {
        url,
        quiet,
        output,
        spider,
        timeout,
        other_options: other,
    })
}

fn nc(args: &[String]) -> Result<ToolCommand, CliError> {
    let (opts, positional) = short_opts("nc", args, "wpsqiWe", "zvulnkN46dtC")?;
    let (mut zero_io, mut verbose, mut listen, mut udp) = (false, false, false, false);
    let mut timeout = None;
    let mut port = None;
    for (c, v, word) in opts {
        match c {
            'z' => zero_io = true,
            'v' => verbose = true,
            'l' => listen = true,
            'u' => udp = true,
            'w' => timeout = Some(number("nc", word, &v.unwrap_or_default())?),
            'p' => port = v,
            _ => {}
        }
    }
    let pos: Vec<String> = positional.into_iter().map(|(w, _)| w).collect();
    let (host, port) = if listen {
        let host = (pos.len() >= 2).then(|| pos[0].clone());
        (host, port.or_else(|| pos.last().cloned()))
    } else {
        (pos.first().cloned(), pos.get(1).cloned().or(port))
    };
    if !listen && (host.is_none() || port.is_none()) {
        return Err(err("nc", args.len() + 1, "missing hostname and port"));
    }
    Ok(ToolCommand::Nc {
        host,
        port,
        zero_io,
        verbose,
        listen,
        udp,
        timeout,
    })
}

fn echo(args: &[String]) -> ToolCommand {
    let mut newline = true;
    let mut k = 0;
    while let Some(a) = args.get(k) {
        if a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "neE".contains(c)) {
            if a.contains('n') {
                newline = false;
            }
            k += 1;
        } else {
            break;
        }
    }
    ToolCommand::Echo {
        args: args[k..].to_vec(),
        newline,
    }
}

fn sleep(args: &[String]) -> Result<ToolCommand, CliError> {
    if args.is_empty() {
        return Err(err("sleep", 1, "missing operand"));
    }
    let mut total: f64 = 0.0;
    for (k, a) in args.iter().enumerate() {
        if a == "infinity" || a == "inf" {
            return Ok(ToolCommand::Sleep { millis: None });
        }
        let (num, scale) = match a.chars().last() {
            Some('s') => (&a[..a.len() - 1], 1.0),
            Some('m') => (&a[..a.len() - 1], 60.0),
            Some('h') => (&a[..a.len() - 1], 3600.0),
            Some('d') => (&a[..a.len() - 1], 86400.0),
            _ => (a.as_str(), 1.0),
        };
        let n: f64 = num
            .parse()
            .ok()
            .filter(|n: &f64| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| err("sleep", k + 1, format!("invalid number '{a}'")))?;
        total += n * scale;
    }
    let millis = (total * 1000.0).round();
    Ok(ToolCommand::Sleep {
        millis: Some(if millis >= u64::MAX as f64 {
            u64::MAX
        } else {
            millis as u64
        }),
    })
}

fn exit(args: &[String]) -> Result<ToolCommand, CliError> {
    let code = match args.first() {
        None => 0,
        Some(a) => {
            let n: i64 = a
                .parse()
                .map_err(|_| err("sh: exit", 1, format!("Illegal number: {a}")))?;
            n.rem_euclid(256) as i32
        }
    };
    Ok(ToolCommand::Exit { code })
}

fn shell(program: &str, args: &[String]) -> ToolCommand {
    let mut script = None;
    let mut rest = Vec::new();
    let mut k = 0;
    while let Some(a) = args.get(k) {
        if script.is_none() && a.starts_with('-') && a.len() > 1 && a[1..].contains('c') {
            script = Some(args.get(k + 1).cloned().unwrap_or_default());
            rest = args
                .get(k + 2..)
                .map(<[String]>::to_vec)
                .unwrap_or_default();
            break;
        }
        if a.starts_with('-') {
            k += 1;
            continue;
        }
        rest = args[k..].to_vec();
        break;
    }
    ToolCommand::Shell {
        program: program.to_string(),
        script,
        args: rest,
    }
}
