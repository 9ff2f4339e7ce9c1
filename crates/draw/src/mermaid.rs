//! The scene as a Mermaid flowchart, for documentation that renders
//! Mermaid (GitHub, GitLab, MkDocs): each network a hexagon with its
//! subnet, each container a box with its image and state, a line from a
//! container to every network it is on (labelled with its address), and
//! the host's published ports as arrows from the host.

use std::fmt::Write as _;

use composenet_model::container::Status;
use composenet_play::scene::Scene;

/// Text Mermaid shows as written inside a quoted label: its own escapes
/// for the characters that would end the label or start markup.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The flowchart of what exists in `scene` (removed containers and
/// networks are left out).
pub fn flowchart(scene: &Scene) -> String {
    let mut out = String::from("flowchart LR\n");
    let networks: Vec<_> = scene
        .live_networks()
        .filter(|n| {
            scene
                .live_containers()
                .any(|c| c.interfaces.contains_key(&n.id))
        })
        .collect();
    for n in &networks {
        // `<br/>` is Mermaid's own line break; only the name needs escaping.
        let mut shown = label(&n.name);
        if let Some(s) = n.subnet {
            let _ = write!(shown, "<br/>{s}");
        }
        if n.internal {
            shown.push_str("<br/>internal");
        }
        let _ = writeln!(out, "  {}{{{{\"{shown}\"}}}}", n.id);
    }
    for c in scene.live_containers() {
        let state = match (c.status, c.health) {
            (Status::Running, Some(h)) => format!("running, {}", h.as_str()),
            (Status::Exited, _) => format!("exited ({})", c.exit_code),
            (s, _) => s.as_str().to_string(),
        };
        let _ = writeln!(
            out,
            "  {}[\"{}<br/>{}<br/>{}\"]",
            c.id,
            label(&c.name),
            label(&c.image),
            label(&state)
        );
    }
    for c in scene.live_containers() {
        for (net, iface) in &c.interfaces {
            if !networks.iter().any(|n| n.id == *net) {
                continue;
            }
            match iface.ip {
                Some(ip) => {
                    let _ = writeln!(out, "  {} ---|\"{ip}\"| {net}", c.id);
                }
                None => {
                    let _ = writeln!(out, "  {} --- {net}", c.id);
                }
            }
        }
    }
    if !scene.ports.is_empty() {
        out.push_str("  host((\"host\"))\n");
        for p in &scene.ports {
            let _ = writeln!(
                out,
                "  host -->|\"{}:{} → {}/{}\"| {}",
                p.host_ip, p.host_port, p.container_port, p.protocol, p.container
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels_cannot_end_early() {
        assert_eq!(label("a\"b<c>#d\ne"), "a#quot;b#lt;c#gt;#35;d e");
    }
}
