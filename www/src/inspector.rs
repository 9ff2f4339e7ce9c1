//! The inspector: what one container or network looks like at the current
//! point — from the folded scene (interfaces, addresses, DNS names) and from
//! the host after the current command (`/etc/hosts`, `/etc/resolv.conf`,
//! `docker inspect`).

use composenet_model::{dns, Host};
use composenet_play::inspect;
use composenet_play::scene::Scene;
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

fn container(scene: &Scene, host: Option<&Host>, id: composenet_model::ContainerId) -> Html {
    let Some(c) = scene.containers.get(&id) else {
        return html! { <p>{ t("inspect.no_container") }</p> };
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
    html! {
        <>
            <h2>{ tf("inspect.container", &[("name", &c.name)]) }</h2>
            <p>{ tf("inspect.summary", &[("image", &c.image), ("status", &composenet_draw::status_words(crate::words::ui(), c.status, c.exit_code)), ("mode", &c.network_mode_name)]) }</p>
            <h3>{ t("inspect.interfaces") }</h3>
            <table class="ifaces">
                <thead><tr><th>{ t("inspect.col.network") }</th><th>{ t("inspect.col.inside") }</th><th>{ t("inspect.col.address") }</th><th>{"MAC"}</th><th>{ t("inspect.col.host_end") }</th></tr></thead>
                <tbody>
                { for c.interfaces.values().map(|i| html! {
                    <tr>
                        <td>{ i.network_name.clone() }</td>
                        <td>{ i.ifname.clone().map(|n| format!("{n}@if{}", i.veth_ifindex)).unwrap_or_default() }</td>
                        <td>{ i.ip.map(|ip| ip.to_string()).unwrap_or_default() }</td>
                        <td>{ i.mac.clone().unwrap_or_default() }</td>
                        <td>{ i.veth.clone().map(|v| format!("{v}@if{}", i.ifindex)).unwrap_or_default() }</td>
                    </tr>
                }) }
                </tbody>
            </table>
            <h3>{ t("inspect.dns_names") }</h3>
            <p>{ if names.is_empty() { "none".to_string() } else { names.join(", ") } }</p>
            { match live {
                Some(h) => html! {
                    <>
                        <h3>{ "/etc/hosts" }</h3>
                        <pre class="hosts">{ dns::hosts_file(h, id) }</pre>
                        <h3>{ "/etc/resolv.conf" }</h3>
                        <pre class="resolv">{ dns::resolv_conf(h, id) }</pre>
                        <details>
                            <summary>{ "docker inspect" }</summary>
                            <pre class="json">{ pretty(&inspect::container(h, id)) }</pre>
                        </details>
                    </>
                },
                None => html! { <p>{ t("inspect.unknown") }</p> },
            } }
        </>
    }
}

fn network(scene: &Scene, host: Option<&Host>, id: composenet_model::NetworkId) -> Html {
    let Some(n) = scene.networks.get(&id) else {
        return html! { <p>{ t("inspect.no_network") }</p> };
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
    html! {
        <>
            <h2>{ tf("inspect.network", &[("name", &n.name)]) }</h2>
            <p>{ format!(
                "{} · {} · gateway {} · bridge {}{}",
                n.driver.name(),
                n.subnet.map(|s| s.to_string()).unwrap_or_else(|| t("inspect.no_subnet")),
                n.gateway.map(|g| g.to_string()).unwrap_or_else(|| "none".into()),
                n.bridge.clone().unwrap_or_else(|| "none".into()),
                if n.internal { " · internal" } else { "" }
            ) }</p>
            <p class="why">{ tf("inspect.subnet", &[("source", &composenet_draw::subnet_words(crate::words::ui(), n.subnet_source))]) }</p>
            <h3>{ t("inspect.members") }</h3>
            <p>{ if members.is_empty() { "none".to_string() } else { members.join(", ") } }</p>
            <h3>{ t("inspect.embedded_dns") }</h3>
            { if n.embedded_dns {
                html! {
                    <table class="dns-table">
                        <tbody>
                        { for n.dns.iter().map(|(name, record)| html! {
                            <tr><td>{ name.clone() }</td><td>{ record.ips.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", ") }</td></tr>
                        }) }
                        </tbody>
                    </table>
                }
            } else {
                html! { <p>{ t("inspect.no_dns") }</p> }
            } }
            { match live {
                Some(h) => html! {
                    <details>
                        <summary>{ "docker network inspect" }</summary>
                        <pre class="json">{ pretty(&inspect::network(h, id)) }</pre>
                    </details>
                },
                None => html! {},
            } }
        </>
    }
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
