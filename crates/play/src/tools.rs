//! The output of the tools people run inside containers and of docker's
//! listing commands, shaped like the real thing (facts §8): BusyBox
//! `nslookup`, BIND `dig`, iputils `ping`, glibc `getent`, iproute2 `ip`.
//! Each returns the text and the exit status the real tool would give.

use std::fmt::Write as _;
use std::net::Ipv4Addr;
use std::time::Duration;

use composenet_model::container::NetworkMode;
use composenet_model::dns::{self, Rcode};
use composenet_model::host::Host;
use composenet_model::ids::ContainerId;
use composenet_model::time::SimTime;
use composenet_model::traffic;

/// What a command printed and how it ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    pub fn ok(stdout: String) -> Self {
        Output {
            stdout,
            stderr: String::new(),
            status: 0,
        }
    }

    pub fn fail(stderr: String, status: i32) -> Self {
        Output {
            stdout: String::new(),
            stderr,
            status,
        }
    }

    /// A remark of the simulation's own (`(composenet: …)`) where the real
    /// program would print something it cannot: on stderr, so that what a
    /// pipe reads from stdout is only ever what the program prints.
    pub fn note(stderr: String) -> Self {
        Output::fail(stderr, 0)
    }
}

/// BusyBox `nslookup NAME`.
pub fn nslookup(host: &mut Host, from: ContainerId, name: &str) -> Output {
    nslookup_as(host, from, name, false)
}

/// `nslookup NAME` as BusyBox (`Address: 127.0.0.11:53`) or BIND
/// (`Address: 127.0.0.11#53`) prints it.
pub fn nslookup_as(host: &mut Host, from: ContainerId, name: &str, bind: bool) -> Output {
    let answer = dns::query(host, from, name);
    let mut out = String::new();
    if dns::cannot_send(host, from) {
        // Only `lo` exists, so the query cannot even be sent (seen on
        // 20.10.24).
        return Output::fail(
            format!(
                "nslookup: can't connect to remote host ({}): Network is unreachable\n",
                answer.server
            ),
            1,
        );
    }
    if answer.rcode == Rcode::NoServer {
        return Output {
            stdout: ";; connection timed out; no servers could be reached\n\n".into(),
            stderr: String::new(),
            status: 1,
        };
    }
    let _ = writeln!(out, "Server:\t\t{}", answer.server);
    let _ = writeln!(
        out,
        "Address:\t{}{}53\n",
        answer.server,
        if bind { '#' } else { ':' }
    );
    if answer.rcode == Rcode::NoError {
        out.push_str("Non-authoritative answer:\n");
        for ip in &answer.addrs {
            let _ = writeln!(out, "Name:\t{name}\nAddress: {ip}");
        }
        out.push('\n');
        Output::ok(out)
    } else {
        let _ = writeln!(
            out,
            "** server can't find {name}: {}\n",
            answer.rcode.as_str()
        );
        Output {
            stdout: out,
            stderr: String::new(),
            status: 1,
        }
    }
}

/// BIND `dig NAME` (or `dig +short NAME`).
pub fn dig(host: &mut Host, from: ContainerId, name: &str, short: bool) -> Output {
    let answer = dns::query(host, from, name);
    if answer.rcode == Rcode::NoServer {
        return Output {
            stdout: ";; communications error to 127.0.0.11#53: timed out\n;; no servers could be reached\n".into(),
            stderr: String::new(),
            status: 9,
        };
    }
    if short {
        let mut out = String::new();
        for ip in &answer.addrs {
            let _ = writeln!(out, "{ip}");
        }
        return Output::ok(out);
    }
    let fqdn = format!("{}.", name.trim_end_matches('.'));
    let id = host.rng().below(65_536);
    let mut out = String::new();
    let _ = writeln!(out, "\n; <<>> DiG 9.18.28 <<>> {name}");
    out.push_str(";; global options: +cmd\n;; Got answer:\n");
    let _ = writeln!(
        out,
        ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {id}",
        answer.rcode.as_str()
    );
    let _ = writeln!(
        out,
        ";; flags: qr rd ra; QUERY: 1, ANSWER: {}, AUTHORITY: 0, ADDITIONAL: 0\n",
        answer.addrs.len()
    );
    let _ = writeln!(out, ";; QUESTION SECTION:\n;{fqdn}\t\t\t\tIN\tA\n");
    if !answer.addrs.is_empty() {
        out.push_str(";; ANSWER SECTION:\n");
        for ip in &answer.addrs {
            let _ = writeln!(out, "{fqdn}\t\t\t{}\tIN\tA\t{ip}", dns::TTL);
        }
        out.push('\n');
    }
    let _ = writeln!(out, ";; Query time: 0 msec");
    let _ = writeln!(out, ";; SERVER: {0}#53({0}) (UDP)", answer.server);
    let _ = writeln!(out, ";; WHEN: {}", dig_date(host.now()));
    // The embedded DNS server answers without EDNS and without name
    // compression (seen on 28.5.2 with dig 9.18: `mysql` gives 44 bytes,
    // as in the seed): a 12-byte header, the question (the name in wire
    // form, one byte longer than `fqdn`, then type and class) and each
    // answer with its name in full, type, class, TTL, length and address.
    let name_len = fqdn.len() + 1;
    let _ = writeln!(
        out,
        ";; MSG SIZE  rcvd: {}\n",
        12 + name_len + 4 + answer.addrs.len() * (name_len + 14)
    );
    Output::ok(out)
}

fn dig_date(t: SimTime) -> String {
    // The simulated host boots on Monday 2024-01-01.
    let stamp = composenet_model::time::rfc3339(t);
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let day = days[((t.millis() / 86_400_000) % 7) as usize];
    format!("{day} Jan {} {} UTC 2024", &stamp[8..10], &stamp[11..19])
}

/// How many reply lines `ping` prints before it only counts them.
pub const PING_LINES_SHOWN: u32 = 1000;

/// BusyBox `ping -c COUNT HOST`: `seq=` from 0, no reverse names, a
/// `round-trip` summary.
pub fn ping_busybox(host: &mut Host, from: ContainerId, target: &str, count: u32) -> Output {
    let count = count.max(1);
    let (ip, route) = host.ping(from, target);
    let (Some(ip), Some(route)) = (ip, route) else {
        return Output::fail(format!("ping: bad address '{target}'\n"), 1);
    };
    let mut out = String::new();
    let _ = writeln!(out, "PING {target} ({ip}): 56 data bytes");
    let received = if route.delivered().is_some() {
        count
    } else {
        0
    };
    for seq in 0..received.min(PING_LINES_SHOWN) {
        let _ = writeln!(out, "64 bytes from {ip}: seq={seq} ttl=64 time=0.071 ms");
    }
    let stderr = replies_not_shown(received);
    let _ = writeln!(out, "\n--- {target} ping statistics ---");
    let loss = if received == 0 { 100 } else { 0 };
    let _ = writeln!(
        out,
        "{count} packets transmitted, {received} packets received, {loss}% packet loss"
    );
    if received > 0 {
        out.push_str("round-trip min/avg/max = 0.071/0.071/0.071 ms\n");
    }
    Output {
        stdout: out,
        stderr,
        status: if received > 0 { 0 } else { 1 },
    }
}

/// The note both pings write on stderr for the replies past a screenful,
/// which are counted rather than printed.
fn replies_not_shown(received: u32) -> String {
    if received > PING_LINES_SHOWN {
        format!(
            "composenet: {} more replies like the ones above not shown\n",
            received - PING_LINES_SHOWN
        )
    } else {
        String::new()
    }
}

/// iputils `ping -c COUNT HOST`.
pub fn ping(host: &mut Host, from: ContainerId, target: &str, count: u32) -> Output {
    let count = count.max(1);
    let (ip, route) = host.ping(from, target);
    let (Some(ip), Some(route)) = (ip, route) else {
        return Output::fail(format!("ping: {target}: Name or service not known\n"), 2);
    };
    let mut out = String::new();
    let _ = writeln!(out, "PING {target} ({ip}) 56(84) bytes of data.");
    let received = if route.delivered().is_some() {
        count
    } else {
        0
    };
    let shown = dns::reverse(host, from, ip)
        .map(|n| format!("{n} ({ip})"))
        .unwrap_or_else(|| ip.to_string());
    for seq in 1..=received.min(PING_LINES_SHOWN) {
        let _ = writeln!(
            out,
            "64 bytes from {shown}: icmp_seq={seq} ttl=64 time=0.071 ms"
        );
    }
    // Every reply line is the same but for its number: past a screenful
    // they are counted, not printed, so `-c 1000000000` cannot fill the
    // memory. The statistics below still count them all.
    let stderr = replies_not_shown(received);
    let _ = writeln!(out, "\n--- {target} ping statistics ---");
    let loss = if received == 0 { 100 } else { 0 };
    let _ = writeln!(
        out,
        "{count} packets transmitted, {received} received, {loss}% packet loss, time {}ms",
        u64::from(count - 1) * 1001
    );
    if received > 0 {
        out.push_str("rtt min/avg/max/mdev = 0.071/0.071/0.071/0.000 ms\n");
        Output {
            stdout: out,
            stderr,
            status: 0,
        }
    } else {
        out.push('\n');
        Output {
            stdout: out,
            stderr,
            status: 1,
        }
    }
}

/// glibc `getent hosts NAME`: the hosts file first, then DNS.
pub fn getent_hosts(host: &mut Host, from: ContainerId, name: &str) -> Output {
    let (addrs, _) = dns::lookup_host(host, from, name);
    if addrs.is_empty() {
        return Output {
            stdout: String::new(),
            stderr: String::new(),
            status: 2,
        };
    }
    let mut out = String::new();
    for ip in addrs {
        let _ = writeln!(out, "{:<15} {name}", ip.to_string());
    }
    Output::ok(out)
}

/// One interface as `ip` shows it.
struct Iface {
    index: u32,
    name: String,
    peer: Option<u32>,
    mac: String,
    addr: Option<(Ipv4Addr, u8)>,
    master: Option<String>,
}

fn interfaces(host: &Host, from: ContainerId) -> Vec<Iface> {
    let owner = host.container(host.netns_owner(from));
    let mut list = vec![Iface {
        index: 1,
        name: "lo".into(),
        peer: None,
        mac: "00:00:00:00:00:00".into(),
        addr: Some((Ipv4Addr::LOCALHOST, 8)),
        master: None,
    }];
    if owner.spec.network_mode == NetworkMode::Host {
        list.push(Iface {
            index: 2,
            name: "eth0".into(),
            peer: None,
            mac: "52:54:00:12:34:56".into(),
            addr: Some((host.host_config().ip, 24)),
            master: None,
        });
        for n in host.networks() {
            if let (Some(bridge), Some(index)) = (&n.bridge, n.bridge_ifindex) {
                list.push(Iface {
                    index,
                    name: bridge.clone(),
                    peer: None,
                    mac: bridge_mac(&n.docker_id),
                    addr: n.gateway.zip(n.subnet_net().map(|s| s.prefix_len())),
                    master: None,
                });
            }
        }
        for c in host.containers() {
            for e in c.endpoints() {
                if !e.veth.is_empty() {
                    list.push(Iface {
                        index: e.veth_ifindex,
                        name: e.veth.clone(),
                        peer: Some(e.ifindex),
                        mac: "7a:00:00:00:00:00".into(),
                        addr: None,
                        master: host.network(e.network).bridge.clone(),
                    });
                }
            }
        }
        composenet_model::order::sort_by_key(&mut list, |i| i.index);
        return list;
    }
    for e in owner.endpoints() {
        list.push(Iface {
            index: e.ifindex,
            name: e.ifname.clone(),
            peer: Some(e.veth_ifindex),
            mac: e.mac.clone(),
            addr: e.ip.map(|ip| (ip, e.prefix_len)),
            master: None,
        });
    }
    list
}

/// A bridge's MAC: 02:42 and four bytes taken from its network id, stable
/// for a given id.
fn bridge_mac(docker_id: &str) -> String {
    let bytes: Vec<&str> = (0..4).map(|i| &docker_id[i * 2..i * 2 + 2]).collect();
    format!("02:42:{}", bytes.join(":"))
}

/// What `ip addr` prints after `brd`: the subnet's last address. The prefix
/// comes from a network's subnet, which was parsed, so it is at most 32.
fn broadcast(ip: Ipv4Addr, len: u8) -> Ipv4Addr {
    ipnet::Ipv4Net::new(ip, len)
        .expect("a parsed subnet's prefix is at most 32")
        .broadcast()
}

/// iproute2 `ip addr`.
pub fn ip_addr(host: &Host, from: ContainerId) -> Output {
    let mut out = String::new();
    for i in interfaces(host, from) {
        let name = match i.peer {
            Some(p) => format!("{}@if{p}", i.name),
            None => i.name.clone(),
        };
        if i.name == "lo" {
            let _ = writeln!(out, "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever");
            continue;
        }
        let master = i
            .master
            .as_ref()
            .map(|m| format!(" master {m}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue{master} state UP group default \n    link/ether {} brd ff:ff:ff:ff:ff:ff{}",
            i.index,
            i.mac,
            if i.peer.is_some() { " link-netnsid 0" } else { "" }
        );
        if let Some((ip, len)) = i.addr {
            let _ = writeln!(
                out,
                "    inet {ip}/{len} brd {} scope global {}\n       valid_lft forever preferred_lft forever",
                broadcast(ip, len),
                i.name
            );
        }
    }
    Output::ok(out)
}

/// iproute2 `ip -o -4 addr`.
pub fn ip_o4_addr(host: &Host, from: ContainerId) -> Output {
    let mut out = String::new();
    for i in interfaces(host, from) {
        if let Some((ip, len)) = i.addr {
            let scope = if i.name == "lo" {
                format!("scope host {}", i.name)
            } else {
                format!("brd {} scope global {}", broadcast(ip, len), i.name)
            };
            let _ = writeln!(
                out,
                "{}: {}    inet {ip}/{len} {scope}\\       valid_lft forever preferred_lft forever",
                i.index, i.name
            );
        }
    }
    Output::ok(out)
}

/// iproute2 `ip route`: the default route through the first network with a
/// gateway, then one link route per network.
pub fn ip_route(host: &Host, from: ContainerId) -> Output {
    let owner = host.container(host.netns_owner(from));
    let mut out = String::new();
    if owner.spec.network_mode == NetworkMode::Host {
        let cfg = host.host_config();
        let _ = writeln!(out, "default via {} dev eth0 ", cfg.gateway);
        // The host's own subnets and every bridge's, by destination.
        let mut routes: Vec<(ipnet::Ipv4Net, String, Ipv4Addr)> = cfg
            .routes
            .iter()
            .map(|r| (*r, "eth0".to_string(), cfg.ip))
            .collect();
        for n in host.networks() {
            if let (Some(b), Some(s), Some(gw)) = (&n.bridge, n.subnet_net(), n.gateway) {
                routes.push((s, b.clone(), gw));
            }
        }
        composenet_model::order::sort_by_key(&mut routes, |(s, _, _)| {
            (s.network(), s.prefix_len())
        });
        for (s, dev, src) in routes {
            let _ = writeln!(out, "{s} dev {dev} proto kernel scope link src {src} ");
        }
        return Output::ok(out);
    }
    let mut eps: Vec<_> = owner.endpoints().collect();
    // The model decides which endpoint holds the default route (seen on
    // 20.10.24: connecting `aaa` moved it off `zzz`; a service on internal
    // `backend` and `frontend` routes through `frontend`).
    if let Some(gw_ep) = traffic::default_route(host, from) {
        let _ = writeln!(
            out,
            "default via {} dev {} ",
            gw_ep.gateway.expect("filtered"),
            gw_ep.ifname
        );
    }
    // The kernel lists the link routes by destination, not by interface
    // (seen on 20.10.24).
    composenet_model::order::sort_by_key(&mut eps, |e| {
        host.network(e.network)
            .subnet_net()
            .map(|s| (s.network(), s.prefix_len()))
    });
    for e in eps {
        if let Some(ip) = e.ip {
            let net = host
                .network(e.network)
                .subnet_net()
                .map(|s| s.to_string())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{net} dev {} proto kernel scope link src {ip} ",
                e.ifname
            );
        }
    }
    Output::ok(out)
}

/// `hostname` and `hostname -i`.
pub fn hostname(host: &Host, from: ContainerId, addresses: bool) -> Output {
    let owner = host.container(host.netns_owner(from));
    if addresses {
        let ips: Vec<String> = owner
            .endpoints()
            .filter_map(|e| e.ip)
            .map(|i| i.to_string())
            .collect();
        if ips.is_empty() {
            return Output::fail("hostname: Name or service not known\n".into(), 1);
        }
        return Output::ok(format!("{} \n", ips.join(" ")));
    }
    Output::ok(format!("{}\n", host.container(from).hostname))
}

/// Docker's "x seconds ago" for listings.
pub fn ago(now: SimTime, then: SimTime) -> String {
    format!("{} ago", human_duration(now - then))
}

/// go-units' `HumanDuration`, which `docker ps` uses for CREATED and
/// STATUS: seconds, minutes, hours (rounded), then days, weeks, months and
/// years.
pub fn human_duration(d: Duration) -> String {
    let seconds = d.as_secs();
    let minutes = seconds / 60;
    let hours = (d.as_millis() + 1_800_000) / 3_600_000;
    match () {
        _ if seconds < 1 => "Less than a second".into(),
        _ if seconds == 1 => "1 second".into(),
        _ if seconds < 60 => format!("{seconds} seconds"),
        _ if minutes == 1 => "About a minute".into(),
        _ if minutes < 60 => format!("{minutes} minutes"),
        _ if hours == 1 => "About an hour".into(),
        _ if hours < 48 => format!("{hours} hours"),
        _ if hours < 24 * 7 * 2 => format!("{} days", hours / 24),
        _ if hours < 24 * 30 * 2 => format!("{} weeks", hours / 24 / 7),
        _ if hours < 24 * 365 * 2 => format!("{} months", hours / 24 / 30),
        _ => format!("{} years", seconds / 3600 / 24 / 365),
    }
}

/// Docker's "Up 5 seconds" / "Exited (0) 3 seconds ago".
pub fn status_text(host: &Host, id: ContainerId) -> String {
    let c = host.container(id);
    let now = host.now();
    let since = |t: Option<SimTime>| human_duration(t.map(|t| now - t).unwrap_or_default());
    use composenet_model::container::Status::*;
    match c.status {
        Running => {
            let health = match c.health {
                Some(h) => format!(
                    " ({})",
                    match h {
                        composenet_model::container::HealthStatus::Starting => "health: starting",
                        composenet_model::container::HealthStatus::Healthy => "healthy",
                        composenet_model::container::HealthStatus::Unhealthy => "unhealthy",
                    }
                ),
                None => String::new(),
            };
            format!("Up {}{health}", since(c.started_at))
        }
        Paused => format!("Up {} (Paused)", since(c.started_at)),
        Restarting => format!("Restarting ({}) {} ago", c.exit_code, since(c.finished_at)),
        Exited => format!("Exited ({}) {} ago", c.exit_code, since(c.finished_at)),
        Created => "Created".into(),
        Removing => "Removal In Progress".into(),
        Dead => "Dead".into(),
    }
}

/// Formats rows as Docker does (Go's tabwriter with minimum width 10 and
/// padding 3): each column is its widest cell plus three spaces, and at
/// least ten characters.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for w in &mut widths {
        *w = (*w + 3).max(10) - 3;
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>, out: &mut String| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                // Padded by hand: `format!`'s width is at most 65 535, and
                // a cell (3 000 published ports, say) can be wider.
                text.push_str(cell);
                let pad = widths[i].saturating_sub(cell.chars().count());
                text.extend(std::iter::repeat_n(' ', pad + 3));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec(), &mut out);
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cells wider than `format!`'s largest width (65 535), such as the
    /// PORTS of a container publishing thousands of ports, are padded
    /// without panicking.
    #[test]
    fn tables_take_cells_of_any_width() {
        let wide = "p".repeat(70_000);
        let out = table(
            &["NAME", "PORTS", "STATUS"],
            &[vec!["web".into(), wide.clone(), "Up".into()]],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].contains(&format!("{wide}   Up")));
        // The last column lines up under its header.
        assert_eq!(lines[0].find("STATUS"), lines[1].rfind("Up"));
        assert_eq!(lines[0].find("PORTS"), lines[1].find('p'));
    }
}
