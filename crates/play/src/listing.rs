//! What the listings (`docker ps`, `docker network ls`, `docker compose ps`)
//! print, cell by cell, as the docker CLI's formatter prints it: the COMMAND
//! and PORTS cells, `--format` with its `table` and `json` forms, and the
//! `CreatedAt` stamp. Each rule names the docker CLI or engine code it
//! follows, and was checked against engine 28.5.2 with Compose 2.40.3.

use composenet_model::container::{Container, NetworkMode};
use composenet_model::{ContainerId, Host, SimTime};
use serde_json::Value;

use crate::template::render_template;
use crate::tools::table;

/// The engine's `Command` of a container: its path and arguments, an
/// argument with a space in it wrapped in single quotes (moby
/// `container/view.go`), so `sh -c 'yarn install && yarn run dev'` lists as
/// written.
pub fn command_line(c: &Container) -> String {
    let words: Vec<&String> = c
        .spec
        .entrypoint
        .iter()
        .flatten()
        .chain(c.spec.command.iter())
        .collect();
    let Some((path, args)) = words.split_first() else {
        return String::new();
    };
    let mut line = path.to_string();
    for arg in args {
        line.push(' ');
        if arg.contains(' ') {
            line.push_str(&format!("'{arg}'"));
        } else {
            line.push_str(arg);
        }
    }
    line
}

/// The COMMAND cell: cut to 20 characters with `…` unless `--no-trunc`,
/// then quoted as Go's `strconv.Quote` does (docker CLI
/// `formatter.ContainerContext.Command`), so the `…` is inside the quotes.
pub fn command_cell(c: &Container, trunc: bool) -> String {
    let line = command_line(c);
    go_quote(&if trunc { ellipsis(&line, 20) } else { line })
}

/// The docker CLI's `formatter.Ellipsis`: at most `width` characters, the
/// last one `…` when something was cut.
pub fn ellipsis(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Go's `strconv.Quote`: double quotes, with `"` and `\` escaped and control
/// characters written as escapes.
pub fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One entry of the engine's port list for a container: a published port
/// (`ip` and `public` set) or a port the container or its image exposes
/// without publishing it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Port {
    pub private: u16,
    pub ip: String,
    pub public: u16,
    pub proto: String,
}

/// The ports the engine lists for a container: every published binding,
/// and every exposed port (`--expose`, compose `expose:`, the image's
/// `EXPOSE` as far as the image table knows it) that has none. A container
/// that is not running, that has no network namespace of its own, or that
/// is on internal networks only lists none (seen on 20.10.24: an internal
/// container's `NetworkSettings.Ports` is `{}`, even with `--expose`).
fn port_list(host: &Host, id: ContainerId) -> Vec<Port> {
    let c = host.container(id);
    if !c.is_running() || !matches!(c.spec.network_mode, NetworkMode::Default) {
        return Vec::new();
    }
    let internal =
        |n: &composenet_model::NetworkId| host.networks().any(|net| net.id == *n && net.internal);
    if !c.attachments.is_empty() && c.attachments.keys().all(internal) {
        return Vec::new();
    }
    let mut ports: Vec<Port> = c
        .bound_ports
        .iter()
        .map(|(ip, hp, cp, proto)| Port {
            private: *cp,
            ip: ip.to_string(),
            public: *hp,
            proto: proto.clone(),
        })
        .collect();
    let mut exposed: Vec<(u16, String)> = Vec::new();
    for text in &c.spec.expose {
        let (range, proto) = text.split_once('/').unwrap_or((text, "tcp"));
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        if let (Ok(first), Ok(last)) = (first.parse::<u16>(), last.parse::<u16>()) {
            for p in first..=last.max(first) {
                exposed.push((p, proto.to_string()));
            }
        }
    }
    if let Some(image_ports) = composenet_model::images::listens(&c.spec.image) {
        exposed.extend(image_ports.iter().map(|p| (*p, "tcp".to_string())));
    }
    for (private, proto) in exposed {
        let known = ports
            .iter()
            .any(|p| p.private == private && p.proto == proto);
        if !known {
            ports.push(Port {
                private,
                ip: String::new(),
                public: 0,
                proto,
            });
        }
    }
    ports
}

/// Compose's `Publishers` of a container: every port the engine lists, by
/// container port, an exposed one with no address and published port 0
/// (2.40.3: `{"URL":"","TargetPort":3306,"PublishedPort":0,…}`).
pub fn publishers(host: &Host, id: ContainerId) -> Vec<Value> {
    sorted_ports(host, id)
        .iter()
        .map(|p| {
            serde_json::json!({
                "URL": p.ip,
                "TargetPort": p.private,
                "PublishedPort": p.public,
                "Protocol": p.proto,
            })
        })
        .collect()
}

/// The engine's port list by container port, protocol, address and host
/// port: Compose's `Publishers`, and `docker port` on 28.5.2.
pub(crate) fn sorted_ports(host: &Host, id: ContainerId) -> Vec<Port> {
    let mut ports = port_list(host, id);
    composenet_model::order::sort_by_key(&mut ports, |p| {
        (p.private, p.proto.clone(), p.ip.clone(), p.public)
    });
    ports
}

/// The PORTS cell, as the docker CLI's `DisplayablePorts` writes it: sorted
/// by container port; consecutive ports that map to themselves (or are
/// only exposed) folded into ranges (`0.0.0.0:10000-10003->10000-10003/tcp`,
/// `3306/tcp, 33060/tcp`); ports published elsewhere (`8080->80`) last,
/// one each.
pub fn ports_cell(host: &Host, id: ContainerId) -> String {
    let mut ports = port_list(host, id);
    composenet_model::order::sort(&mut ports);
    ports.dedup();
    // Groups in the order their keys first appear, as the CLI keeps them.
    let mut groups: Vec<(String, u16, u16)> = Vec::new();
    let mut finished: Vec<String> = Vec::new();
    let mut mappings: Vec<String> = Vec::new();
    for p in &ports {
        let key = if p.ip.is_empty() {
            p.proto.clone()
        } else if p.public != p.private {
            mappings.push(format!(
                "{}:{}->{}/{}",
                host_port_ip(&p.ip),
                p.public,
                p.private,
                p.proto
            ));
            continue;
        } else {
            format!("{}/{}", p.ip, p.proto)
        };
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            None => groups.push((key, p.private, p.private)),
            Some(group) if p.private == group.2 + 1 => group.2 = p.private,
            Some(group) => {
                finished.push(form_group(&group.0, group.1, group.2));
                *group = (key, p.private, p.private);
            }
        }
    }
    finished.extend(groups.iter().map(|(k, a, b)| form_group(k, *a, *b)));
    finished.extend(mappings);
    finished.join(", ")
}

/// `net.JoinHostPort`'s host part: an IPv6 address in brackets.
fn host_port_ip(ip: &str) -> String {
    if ip.contains(':') {
        format!("[{ip}]")
    } else {
        ip.to_string()
    }
}

/// The CLI's `formGroup`.
fn form_group(key: &str, first: u16, last: u16) -> String {
    let (ip, proto) = match key.rsplit_once('/') {
        Some((ip, proto)) => (ip, proto),
        None => ("", key),
    };
    let mut group = first.to_string();
    if first != last {
        group = format!("{group}-{last}");
    }
    if !ip.is_empty() {
        group = format!("{}:{group}->{group}", host_port_ip(ip));
    }
    format!("{group}/{proto}")
}

/// Go's `time.Time.String()` of a simulated time, which `CreatedAt` shows:
/// `2024-01-01 00:00:05 +0000 UTC`, with the fraction only when `nanos`.
pub fn created_at(t: SimTime, nanos: bool) -> String {
    let stamp = composenet_model::time::rfc3339(t);
    let (date, rest) = stamp.split_once('T').unwrap_or((&stamp, ""));
    let rest = rest.trim_end_matches('Z');
    let clock = if nanos {
        rest.to_string()
    } else {
        rest.split('.').next().unwrap_or(rest).to_string()
    };
    format!("{date} {clock} +0000 UTC")
}

/// A listing's `--format`: `json` (one compact object a line, keys as the
/// CLI sorts them), `table TEMPLATE` (a header, then the rows lined up as
/// the CLI's tabwriter does) or a bare template (one line a row, not lined
/// up). In the template `\t` and `\n` stand for a tab and a new line, as the
/// CLI replaces them. `headers` names the header of each field
/// (`Names` → `NAMES`); a field it does not name is headed by its name in
/// capitals.
pub fn format_rows(
    format: &str,
    rows: &[Value],
    headers: &[(&str, &str)],
) -> Result<String, String> {
    let format = format.trim();
    if format == "json" {
        #[cfg(not(composenet_page))]
        return Ok(rows
            .iter()
            .map(|row| format!("{}\n", crate::gojson::compact(&sorted(row))))
            .collect());
        // The page leaves the listings' JSON out to stay within its budget,
        // and says so; `docker inspect` JSON stays.
        #[cfg(composenet_page)]
        return Err("composenet: the browser version leaves out `--format json` for listings to stay small; `composenet run` on the command line has it".to_string());
    }
    let (is_table, template) = match format.strip_prefix("table") {
        Some(rest) => (true, rest.trim_start()),
        None => (false, format),
    };
    let template = template.replace("\\t", "\t").replace("\\n", "\n");
    let mut lines = Vec::new();
    for row in rows {
        lines.push(render_template(&template, row)?);
    }
    if !is_table {
        return Ok(lines.iter().map(|l| format!("{l}\n")).collect());
    }
    let header_row = match rows.first() {
        Some(Value::Object(m)) => m
            .keys()
            .map(|k| {
                let name = headers
                    .iter()
                    .find(|(field, _)| field == k)
                    .map(|(_, h)| h.to_string())
                    .unwrap_or_else(|| k.to_ascii_uppercase());
                (k.clone(), Value::String(name))
            })
            .collect(),
        _ => headers
            .iter()
            .map(|(k, h)| (k.to_string(), Value::String(h.to_string())))
            .collect(),
    };
    let header = render_template(&template, &Value::Object(header_row))?;
    let split = |l: &str| l.split('\t').map(str::to_string).collect::<Vec<_>>();
    let header_cells = split(&header);
    let mut cells: Vec<Vec<String>> = lines.iter().map(|l| split(l)).collect();
    let width = cells
        .iter()
        .map(Vec::len)
        .chain([header_cells.len()])
        .max()
        .unwrap_or(1);
    let mut header_cells = header_cells;
    header_cells.resize(width, String::new());
    for row in &mut cells {
        row.resize(width, String::new());
    }
    let header_refs: Vec<&str> = header_cells.iter().map(String::as_str).collect();
    Ok(table(&header_refs, &cells))
}

/// A JSON object with its keys in Go's map order (sorted), as
/// `--format json` writes the CLI's rows.
#[cfg_attr(composenet_page, allow(dead_code))]
fn sorted(row: &Value) -> Value {
    match row {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            composenet_model::order::sort_by(&mut entries, |a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_cut_inside_their_quotes() {
        assert_eq!(
            go_quote(&ellipsis("sh -c 'yarn install && yarn run dev'", 20)),
            "\"sh -c 'yarn install…\""
        );
        assert_eq!(go_quote(&ellipsis("sleep 1000", 20)), "\"sleep 1000\"");
    }

    #[test]
    fn tables_have_a_header_and_tabs() {
        let rows = vec![
            serde_json::json!({"Names": "c3", "Status": "Up Less than a second"}),
            serde_json::json!({"Names": "c2", "Status": "Up 1 second"}),
        ];
        let headers = [("Names", "NAMES"), ("Status", "STATUS")];
        assert_eq!(
            format_rows("table {{.Names}}\\t{{.Status}}", &rows, &headers).unwrap(),
            "NAMES     STATUS\nc3        Up Less than a second\nc2        Up 1 second\n"
        );
        assert_eq!(
            format_rows("{{.Names}}\\t{{.Status}}", &rows, &headers).unwrap(),
            "c3\tUp Less than a second\nc2\tUp 1 second\n"
        );
        assert_eq!(
            format_rows("json", &rows[..1], &headers).unwrap(),
            "{\"Names\":\"c3\",\"Status\":\"Up Less than a second\"}\n"
        );
    }
}
