//! The tools people run inside a container, answered from the model.

use std::time::Duration;

use crate::tools::{self, Output};
use composenet_loader::cli::{HostnameMode, IpFamily, IpObject, ToolCommand};
use composenet_model::dns;
use composenet_model::host::split_host_port;
use composenet_model::images::{Package, Shell};
use composenet_model::traffic::{self, Verdict};
use composenet_model::{ContainerId, Host};

/// How a command reached a container, which decides how a missing program
/// is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via<'a> {
    /// Typed in an interactive shell: the shell says it (`sh: ping: not
    /// found`). The word is the shell program (`sh`, `bash`, `zsh`).
    Shell(&'a str),
    /// `docker exec CONTAINER PROGRAM`: the runtime cannot start it.
    Exec,
    /// `docker run IMAGE PROGRAM`: the container cannot start.
    Run,
}

/// The package an image's `program` comes from; `None` when the image is
/// not one the table knows (every program is there, printing the default
/// way) or it lacks the program.
fn package(host: &Host, id: ContainerId, program: &str) -> Option<Package> {
    let image = &host.container(id).spec.image;
    host.image_of(id)?.tool(image, program)
}

/// What happens when `words` names a program the container's image does
/// not have: the shell's, the runtime's or the daemon's error, with their
/// exit statuses. `None` when the program is there (or the image unknown).
pub fn missing(host: &Host, id: ContainerId, words: &[String], via: Via<'_>) -> Option<Output> {
    let typed = words.first()?;
    let program = typed.rsplit('/').next().unwrap_or(typed);
    let image = host.container(id).spec.image.clone();
    let row = host.image_of(id)?;
    if row.tool(&image, program).is_some() {
        return None;
    }
    let not_found = format!("exec: \"{typed}\": executable file not found in $PATH: unknown");
    Some(match via {
        Via::Shell("bash") => Output::fail(format!("bash: {typed}: command not found\n"), 127),
        Via::Shell("zsh") => Output::fail(format!("zsh: command not found: {typed}\n"), 127),
        Via::Shell(_) => {
            let text = match row.shell(&image) {
                Some(Shell::Dash) => format!("sh: 1: {typed}: not found\n"),
                Some(Shell::Bash) => format!("sh: {typed}: command not found\n"),
                Some(Shell::Ash) | None => format!("sh: {typed}: not found\n"),
            };
            Output::fail(text, 127)
        }
        Via::Exec => Output::fail(
            format!("OCI runtime exec failed: exec failed: unable to start container process: {not_found}\n"),
            126,
        ),
        Via::Run => Output::fail(
            format!("docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: {not_found}.\n"),
            127,
        ),
    })
}

pub fn run(host: &mut Host, id: ContainerId, tool: ToolCommand) -> Output {
    match tool {
        ToolCommand::Nslookup { name, .. } => {
            let bind = package(host, id, "nslookup") == Some(Package::Bind);
            tools::nslookup_as(host, id, &name, bind)
        }
        ToolCommand::Dig { name, short, .. } => tools::dig(host, id, &name, short),
        ToolCommand::Ping {
            host: target,
            count,
            ..
        } => {
            // BusyBox ping runs until interrupted without -c; a script
            // cannot press Ctrl-C, so it stops after 4 like iputils here.
            if package(host, id, "ping") == Some(Package::Busybox) {
                tools::ping_busybox(host, id, &target, count.unwrap_or(4))
            } else {
                tools::ping(host, id, &target, count.unwrap_or(4))
            }
        }
        ToolCommand::Traceroute { host: target } => traceroute(host, id, &target),
        ToolCommand::Getent { database, keys } => {
            if database != "hosts" && database != "ahosts" && database != "ahostsv4" {
                return Output::fail(format!("Unknown database: {database}\n"), 1);
            }
            let mut out = Output::default();
            for key in keys {
                let o = tools::getent_hosts(host, id, &key);
                out.stdout.push_str(&o.stdout);
                out.status = out.status.max(o.status);
            }
            out
        }
        ToolCommand::Cat { files } => {
            let mut out = Output::default();
            for file in files {
                match file.as_str() {
                    "/etc/hosts" => out.stdout.push_str(&dns::hosts_file(host, id)),
                    "/etc/resolv.conf" => out.stdout.push_str(&dns::resolv_conf(host, id)),
                    "/etc/hostname" => out
                        .stdout
                        .push_str(&tools::hostname(host, id, false).stdout),
                    other => {
                        out.stderr.push_str(&format!(
                            "cat: can't open '{other}': No such file or directory\n"
                        ));
                        out.status = 1;
                    }
                }
            }
            out
        }
        ToolCommand::Ip(ip) => match ip.object {
            IpObject::Addr if ip.oneline || ip.family == Some(IpFamily::V4) => {
                tools::ip_o4_addr(host, id)
            }
            IpObject::Addr | IpObject::Link => tools::ip_addr(host, id),
            IpObject::Route => tools::ip_route(host, id),
            IpObject::Neigh => Output::default(),
        },
        ToolCommand::Ifconfig { .. } => tools::ip_addr(host, id),
        ToolCommand::Hostname { mode } => match mode {
            HostnameMode::Ip | HostnameMode::AllIps => tools::hostname(host, id, true),
            _ => tools::hostname(host, id, false),
        },
        ToolCommand::Curl { url, .. } => http(host, id, &url, false),
        ToolCommand::Wget { url, .. } => http(host, id, &url, true),
        ToolCommand::Nc {
            host: Some(target),
            port,
            ..
        } => {
            let (ip, outcome) =
                host.try_connect(id, &target, port.as_deref().and_then(|p| p.parse().ok()));
            let port = port.unwrap_or_default();
            match outcome {
                composenet_model::event::ConnectOutcome::Connected => Output::ok(format!(
                    "{target} ({}:{port}) open\n",
                    ip.map(|i| i.to_string()).unwrap_or_default()
                )),
                composenet_model::event::ConnectOutcome::NoSuchName => {
                    Output::fail(format!("nc: bad address '{target}'\n"), 1)
                }
                outcome => {
                    // Refused is a reset from the target; a packet that
                    // cannot leave the sender fails at once; one dropped on
                    // the way waits for the timeout.
                    let never_left = matches!(
                        host.events().last().map(|e| &e.kind),
                        Some(composenet_model::EventKind::ConnectAttempt { route: Some(r), .. })
                            if r.hops.is_empty()
                    );
                    let why = if outcome.is_refused() {
                        "Connection refused"
                    } else if never_left {
                        "Network is unreachable"
                    } else {
                        "Connection timed out"
                    };
                    Output::fail(
                        format!(
                            "nc: {target} ({}:{port}): {why}\n",
                            ip.map(|i| i.to_string()).unwrap_or_default()
                        ),
                        1,
                    )
                }
            }
        }
        ToolCommand::Nc { .. } => Output::fail("nc: missing hostname\n".into(), 1),
        ToolCommand::Echo { args, newline } => Output::ok(format!(
            "{}{}",
            args.join(" "),
            if newline { "\n" } else { "" }
        )),
        ToolCommand::Sleep { millis } => {
            host.advance(Duration::from_millis(millis.unwrap_or(0)));
            Output::default()
        }
        ToolCommand::Env { .. } | ToolCommand::Printenv { .. } => {
            let c = host.container(id);
            let mut out = format!("HOSTNAME={}\n", c.hostname);
            for (k, v) in &c.spec.env {
                out.push_str(&format!("{k}={v}\n"));
            }
            // Legacy links also set ALIAS_NAME (and port variables, which
            // need the image's exposed ports the simulation does not know).
            for (_, alias) in &c.spec.legacy_links {
                out.push_str(&format!(
                    "{}_NAME=/{}/{alias}\n",
                    alias.to_ascii_uppercase().replace('-', "_"),
                    c.name
                ));
            }
            if let ToolCommand::Printenv { names } = &tool {
                if !names.is_empty() {
                    let picked: Vec<String> = names
                        .iter()
                        .filter_map(|n| c.spec.env.get(n).cloned())
                        .collect();
                    return Output {
                        stdout: picked.iter().map(|v| format!("{v}\n")).collect(),
                        stderr: String::new(),
                        status: if picked.len() == names.len() { 0 } else { 1 },
                    };
                }
            }
            Output::ok(out)
        }
        ToolCommand::Shell { .. } => Output::default(),
        ToolCommand::True => Output::default(),
        ToolCommand::False => Output {
            status: 1,
            ..Output::default()
        },
        ToolCommand::Exit { code } => Output {
            status: code,
            ..Output::default()
        },
        ToolCommand::Unknown(words) => Output::fail(
            format!(
                "sh: {}: not found\n",
                words.first().cloned().unwrap_or_default()
            ),
            127,
        ),
    }
}

/// `traceroute`: one hop on a shared network, two through the gateway to
/// the host, none across bridges.
fn traceroute(host: &mut Host, id: ContainerId, target: &str) -> Output {
    let (addrs, _) = dns::lookup_host(host, id, target);
    let Some(ip) = addrs.first().copied() else {
        return Output::fail(format!("traceroute: bad address '{target}'\n"), 1);
    };
    let mut out = format!("traceroute to {target} ({ip}), 30 hops max, 46 byte packets\n");
    match traffic::route(host, id, ip).verdict {
        Verdict::Dropped(_) => out.push_str(" 1  *  *  *\n"),
        Verdict::Delivered(_) => {
            out.push_str(&format!(" 1  {ip} ({ip})  0.010 ms  0.008 ms  0.007 ms\n"))
        }
    }
    Output::ok(out)
}

/// nginx's page for a request its upstream did not answer.
const BAD_GATEWAY: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n";

/// `curl` / `wget` to `http://host[:port]/…`: the connection is what the
/// simulation knows; the body is a stand-in.
fn http(host: &mut Host, id: ContainerId, url: &str, wget: bool) -> Output {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or("");
    let (name, port) = split_host_port(authority);
    let port = port.unwrap_or(80);
    let (ip, outcome) = host.try_connect(id, &name, Some(port));
    use composenet_model::event::ConnectOutcome::*;
    // A reverse proxy passes the request on: its upstream's answer, or
    // nginx's 502 page when the upstream cannot be reached (curl prints
    // the page and succeeds; only --fail would fail).
    let proxy = match (&outcome, ip) {
        (Connected, Some(ip)) => host.proxy_at(ip),
        _ => None,
    };
    if let Some(forwarded) = proxy.and_then(|p| host.forward(p)) {
        let at = forwarded.ip.map(|i| i.to_string()).unwrap_or_default();
        let holder = forwarded.holder.unwrap_or_else(|| "nobody".to_string());
        return match forwarded.outcome {
            Connected => Output::note(format!(
                "(composenet: {name} forwarded the request to {} at {at}, which is {holder}; the response body is not simulated)\n",
                forwarded.upstream
            )),
            // BusyBox wget fails on an error status; curl prints the page.
            _ if wget => Output::fail(
                "wget: server returned error: HTTP/1.1 502 Bad Gateway\n".to_string(),
                1,
            ),
            _ => Output::ok(BAD_GATEWAY.to_string()),
        };
    }
    match outcome {
        Connected => Output::note(format!(
            "(composenet: HTTP connection to {name}:{port} ({}) succeeded; the response body is not simulated)\n",
            ip.map(|i| i.to_string()).unwrap_or_default()
        )),
        NoSuchName => Output::fail(format!("curl: (6) Could not resolve host: {name}\n"), 6),
        Refused | NotListening { .. } | LoopbackOnly { .. } => Output::fail(
            format!("curl: (7) Failed to connect to {name} port {port}: Connection refused\n"),
            7,
        ),
        Unreachable => Output::fail(
            format!("curl: (28) Failed to connect to {name} port {port}: Connection timed out\n"),
            28,
        ),
    }
}
