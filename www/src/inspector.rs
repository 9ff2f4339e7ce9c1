//! The inspector: what one container or network looks like at the current
//! point — from the folded scene (interfaces, addresses, DNS names) and from
//! the host after the current command (`/etc/hosts`, `/etc/resolv.conf`,
//! `docker inspect`).

use composenet_model::{dns, Host};
use std::fmt::Write as _;

use composenet_draw::escape;
use composenet_play::scene::Scene;
use composenet_play::{gojson, inspect};
use yew::prelude::*;

use crate::sim::Sim;
use crate::topology::Selection;
use crate::words::{t, tf};

pub fn view(
    sim: &Sim,
    pos: usize,
    selected: Option<Selection>,
    on_close: Callback<MouseEvent>,
) -> Html {
    let Some(sel) = selected else {
        return html! {
            <section class="inspector empty" aria-label={t("inspect.label")}>
                <p>{ t("inspect.hint") }</p>
            </section>
        };
    };
    let scene = sim.scene(pos);
    let host = sim.host_at(pos);
    let after = match &host {
        Some((step, _)) => {
            let s = &sim.steps[*step];
            if s.line == 0 {
                tf("inspect.after_host", &[("command", &t("timeline.settle"))])
            } else {
                tf(
                    "inspect.after",
                    &[("command", &format!("{} {}", s.prompt, s.text))],
                )
            }
        }
        None => t("inspect.nothing"),
    };
    let body = match sel {
        Selection::Container(id) => container(&scene, host.as_ref().map(|h| &*h.1), id),
        Selection::Network(id) => network(&scene, host.as_ref().map(|h| &*h.1), id),
    };
    html! {
        <section class="inspector" aria-label={t("inspect.label")} id="inspector">
            <button class="close" onclick={on_close} aria-label={t("inspect.close")}>{"×"}</button>
            { body }
            <p class="after">{ after }</p>
        </section>
    }
}

// The inspector's body is text and tables with no handlers of their own,
// so it is written as escaped HTML and inserted in one piece: the page's
// wasm carries far less code for it than for a tree of yew elements.

/// `<tag>text</tag>`, the text escaped.
fn el(out: &mut String, tag: &str, class: &str, text: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = write!(out, "<{tag}{class}>{}</{tag}>", escape(text));
}

/// A table row of escaped cells.
fn row(out: &mut String, cell: &str, cells: &[&str]) {
    out.push_str("<tr>");
    for c in cells {
        el(out, cell, "", c);
    }
    out.push_str("</tr>");
}

fn raw(html: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(format!("<div class=\"body\">{html}</div>")))
}

fn container(scene: &Scene, host: Option<&Host>, id: composenet_model::ContainerId) -> Html {
    let mut out = String::new();
    let Some(c) = scene.containers.get(&id) else {
        el(&mut out, "p", "", &t("inspect.no_container"));
        return raw(out);
    };
    let names: Vec<String> = scene
        .live_networks()
        .flat_map(|n| {
            n.dns.iter().filter_map(move |(name, record)| {
                let mine = c.interfaces.get(&n.id).and_then(|i| i.ip);
                (mine.is_some() && record.ips.iter().any(|ip| Some(*ip) == mine))
                    .then(|| tf("inspect.name_on", &[("name", name), ("network", &n.name)]))
            })
        })
        .collect();
    let live = host.filter(|h| h.containers().any(|x| x.id == id));
    let status = composenet_draw::status_words(crate::words::ui(), c.status, c.exit_code);
    el(
        &mut out,
        "h2",
        "",
        &tf("inspect.container", &[("name", &c.name)]),
    );
    el(
        &mut out,
        "p",
        "",
        &tf(
            "inspect.summary",
            &[
                ("image", &c.image),
                ("status", &status),
                ("mode", &c.network_mode_name),
            ],
        ),
    );
    el(&mut out, "h3", "", &t("inspect.interfaces"));
    out.push_str("<table class=\"ifaces\"><thead>");
    row(
        &mut out,
        "th",
        &[
            &t("inspect.col.network"),
            &t("inspect.col.inside"),
            &t("inspect.col.address"),
            "MAC",
            &t("inspect.col.host_end"),
        ],
    );
    out.push_str("</thead><tbody>");
    for i in c.interfaces.values() {
        let inside = i
            .ifname
            .as_ref()
            .map(|n| format!("{n}@if{}", i.veth_ifindex));
        let end = i.veth.as_ref().map(|v| format!("{v}@if{}", i.ifindex));
        let ip = i.ip.map(|ip| ip.to_string());
        row(
            &mut out,
            "td",
            &[
                &i.network_name,
                inside.as_deref().unwrap_or_default(),
                ip.as_deref().unwrap_or_default(),
                i.mac.as_deref().unwrap_or_default(),
                end.as_deref().unwrap_or_default(),
            ],
        );
    }
    out.push_str("</tbody></table>");
    el(&mut out, "h3", "", &t("inspect.dns_names"));
    let names = if names.is_empty() {
        t("inspect.none")
    } else {
        names.join(", ")
    };
    el(&mut out, "p", "", &names);
    match live {
        Some(h) => {
            el(&mut out, "h3", "", "/etc/hosts");
            el(&mut out, "pre", "hosts", &dns::hosts_file(h, id));
            el(&mut out, "h3", "", "/etc/resolv.conf");
            el(&mut out, "pre", "resolv", &dns::resolv_conf(h, id));
            out.push_str("<details><summary>docker inspect</summary>");
            el(
                &mut out,
                "pre",
                "json",
                &gojson::indented(&inspect::container(h, id)),
            );
            out.push_str("</details>");
        }
        None => el(&mut out, "p", "", &t("inspect.unknown")),
    }
    raw(out)
}

fn network(scene: &Scene, host: Option<&Host>, id: composenet_model::NetworkId) -> Html {
    let mut out = String::new();
    let Some(n) = scene.networks.get(&id) else {
        el(&mut out, "p", "", &t("inspect.no_network"));
        return raw(out);
    };
    let members: Vec<String> = scene
        .live_containers()
        .filter_map(|c| {
            c.interfaces.get(&id).map(|i| {
                format!(
                    "{} {}",
                    c.name,
                    i.ip.map(|ip| ip.to_string()).unwrap_or_default()
                )
            })
        })
        .collect();
    let live = host.filter(|h| h.networks().any(|x| x.id == id));
    el(
        &mut out,
        "h2",
        "",
        &tf("inspect.network", &[("name", &n.name)]),
    );
    let none = t("inspect.none");
    let subnet = n
        .subnet
        .map(|s| s.to_string())
        .unwrap_or_else(|| t("inspect.no_subnet"));
    let gateway = n.gateway.map(|g| g.to_string()).unwrap_or(none.clone());
    let bridge = n.bridge.clone().unwrap_or(none.clone());
    let mut summary = tf(
        "inspect.network_summary",
        &[
            ("driver", &n.driver.name()),
            ("subnet", &subnet),
            ("gateway", &gateway),
            ("bridge", &bridge),
        ],
    );
    if n.internal {
        let _ = write!(summary, " · {}", t("region.internal"));
    }
    el(&mut out, "p", "", &summary);
    let source = composenet_draw::subnet_words(crate::words::ui(), n.subnet_source);
    el(
        &mut out,
        "p",
        "why",
        &tf("inspect.subnet", &[("source", &source)]),
    );
    el(&mut out, "h3", "", &t("inspect.members"));
    let members = if members.is_empty() {
        none
    } else {
        members.join(", ")
    };
    el(&mut out, "p", "", &members);
    el(&mut out, "h3", "", &t("inspect.embedded_dns"));
    if n.embedded_dns {
        out.push_str("<table class=\"dns-table\"><tbody>");
        for (name, record) in &n.dns {
            let ips: Vec<String> = record.ips.iter().map(|i| i.to_string()).collect();
            row(&mut out, "td", &[name, &ips.join(", ")]);
        }
        out.push_str("</tbody></table>");
    } else {
        el(&mut out, "p", "", &t("inspect.no_dns"));
    }
    if let Some(h) = live {
        out.push_str("<details><summary>docker network inspect</summary>");
        el(
            &mut out,
            "pre",
            "json",
            &gojson::indented(&inspect::network(h, id)),
        );
        out.push_str("</details>");
    }
    raw(out)
}
