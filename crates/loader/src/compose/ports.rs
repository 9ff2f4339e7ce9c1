//! The short port syntax, `[[HOST_IP:]HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]`,
//! expanded the way compose-go does it (through docker's `nat.ParsePortSpec`):
//! a range becomes one entry per port, a host range mapped to a single
//! container port stays a range, and entries are sorted by `port/proto`
//! as text.

use std::net::IpAddr;

// The most ports the short syntax may expand to in one load is the host's
// bound. Each one is a mapping in the tree and a binding in the simulation;
// two thousand full ranges used to take tens of gigabytes.
use composenet_model::MAX_HOST_PORTS as MAX_PROJECT_PORTS;

/// One published or exposed port after expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortPort {
    pub host_ip: String,
    pub published: String,
    pub target: u16,
    pub protocol: String,
}

fn split_parts(raw: &str) -> (String, String, String) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1].to_string();
    match n {
        1 => (String::new(), String::new(), container),
        2 => (String::new(), parts[0].to_string(), container),
        3 => (parts[0].to_string(), parts[1].to_string(), container),
        _ => (
            parts[..n - 2].join(":"),
            parts[n - 2].to_string(),
            container,
        ),
    }
}

fn split_proto_port(raw: &str) -> (String, String) {
    let parts: Vec<&str> = raw.split('/').collect();
    if raw.is_empty() || parts[0].is_empty() {
        return (String::new(), String::new());
    }
    if parts.len() == 1 || parts[1].is_empty() {
        return ("tcp".into(), parts[0].to_string());
    }
    (parts[1].to_string(), parts[0].to_string())
}

/// `nat.ParsePortRange`.
pub(crate) fn parse_port_range(ports: &str) -> Result<(u16, u16), String> {
    if ports.is_empty() {
        return Err("empty string specified for ports".into());
    }
    let parse = |s: &str| s.parse::<u16>().map_err(|_| format!("invalid port: {s}"));
    match ports.split_once('-') {
        None => {
            let p = parse(ports)?;
            Ok((p, p))
        }
        Some((a, b)) => {
            let start = parse(a)?;
            let end = parse(b)?;
            if end < start {
                return Err(format!("invalid range specified for port: {ports}"));
            }
            Ok((start, end))
        }
    }
}

/// Parses one short-syntax entry. Errors are docker's words.
/// Expands a short-syntax port; `used` is how many ports the load has
/// expanded so far, and a range that would take it over
/// [`MAX_PROJECT_PORTS`] is refused before it is expanded.
pub fn parse_short(raw: &str, used: usize) -> Result<Vec<ShortPort>, String> {
    let (mut ip, host_port, container) = split_parts(raw);
    let (proto, container_port) = split_proto_port(&container);
    if ip.starts_with('[') {
        match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(inner) => ip = inner.to_string(),
            None => return Err(format!("invalid IP address {ip}: missing ']' in address")),
        }
    }
    if !ip.is_empty() && ip.parse::<IpAddr>().is_err() {
        return Err(format!("invalid IP address: {ip}"));
    }
    if container_port.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let (start, end) = parse_port_range(&container_port)
        .map_err(|_| format!("invalid containerPort: {container_port}"))?;
    let (mut host_start, mut host_end) = (0u16, 0u16);
    if !host_port.is_empty() {
        (host_start, host_end) =
            parse_port_range(&host_port).map_err(|_| format!("invalid hostPort: {host_port}"))?;
    }
    if !host_port.is_empty() && (end - start) != (host_end - host_start) && end != start {
        return Err(format!(
            "invalid ranges specified for container and host Ports: {container_port} and {host_port}"
        ));
    }
    let proto = proto.to_ascii_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let count = usize::from(end - start) + 1;
    if used + count > MAX_PROJECT_PORTS {
        return Err(format!(
            "{raw} would bring the project to {} ports; composenet simulates at most {MAX_PROJECT_PORTS}",
            used + count
        ));
    }
    let mut out = Vec::new();
    for i in 0..=(end - start) {
        let target = start + i;
        let published = if host_port.is_empty() {
            String::new()
        } else if start == end && host_start != host_end {
            format!("{host_start}-{host_end}")
        } else {
            (host_start + i).to_string()
        };
        out.push(ShortPort {
            host_ip: ip.clone(),
            published,
            target,
            protocol: proto.clone(),
        });
    }
    // compose-go walks the ports map by its sorted keys (`"80/tcp"`).
    composenet_model::order::sort_by_key(&mut out, |p| format!("{}/{}", p.target, p.protocol));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn short(s: &str) -> Vec<String> {
        parse_short(s, 0)
            .unwrap()
            .into_iter()
            .map(|p| format!("{}|{}|{}/{}", p.host_ip, p.published, p.target, p.protocol))
            .collect()
    }

    #[test]
    fn forms() {
        assert_eq!(short("3000"), ["||3000/tcp"]);
        assert_eq!(short("8000-9000:80"), ["|8000-9000|80/tcp"]);
        assert_eq!(
            short("127.0.0.1:5000-5001:5000-5001"),
            ["127.0.0.1|5000|5000/tcp", "127.0.0.1|5001|5001/tcp"]
        );
        assert_eq!(short("::1:6000:6000"), ["::1|6000|6000/tcp"]);
        assert_eq!(short("[::1]:6001:6001"), ["::1|6001|6001/tcp"]);
        assert_eq!(short("6060:6060/udp"), ["|6060|6060/udp"]);
        assert_eq!(short("9999-10000"), ["||10000/tcp", "||9999/tcp"]);
        assert_eq!(
            parse_short("80-81:90-92", 0).unwrap_err(),
            "invalid ranges specified for container and host Ports: 90-92 and 80-81"
        );
        assert_eq!(
            parse_short("abc", 0).unwrap_err(),
            "invalid containerPort: abc"
        );
    }
}
