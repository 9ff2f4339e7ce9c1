//! The reachability explorer: who can reach whom after the current
//! command, as a matrix of every pair of running containers, and for one
//! pair every name and address tried, with the reason in plain words; then
//! each port published on the host and what answers it. The
//! answers come from the model's explorer (`composenet_model::explore`),
//! which uses the same resolution and routing as the simulation; the words
//! come from the explanation catalogue.

use std::rc::Rc;

use composenet_model::explore::{self, Reachability};
use composenet_model::{ContainerId, Host};
use composenet_play::explain;
use composenet_play::scene::Scene;
use indexmap::IndexMap;
use yew::prelude::*;

use crate::sim::Sim;
use crate::words::{t, tf};

#[derive(Properties, Clone)]
pub struct Props {
    pub sim: Rc<Sim>,
    pub pos: usize,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim) && self.pos == other.pos
    }
}

/// How a pair fares, for a matrix cell.
fn verdict(r: &Reachability) -> (&'static str, &'static str) {
    match (r.by_name_ok(), r.by_address_ok()) {
        (true, _) => ("ok", "✓"),
        (false, true) => ("address-only", "IP"),
        (false, false) => ("blocked", "✕"),
    }
}

#[function_component(Explorer)]
pub fn explorer(props: &Props) -> Html {
    let pair = use_state(|| None::<(ContainerId, ContainerId)>);
    let Some((step, host)) = props.sim.host_at(props.pos) else {
        return html! {
            <section class="explorer empty" aria-label={t("reach.label")}>
                <p>{ t("reach.nothing") }</p>
            </section>
        };
    };
    let scene = props.sim.scene(props.pos);
    let matrix = explore::matrix(&host);
    // Each pair once, by (from, to): a cell looks its pair up instead of
    // scanning the whole matrix.
    let cells: IndexMap<(ContainerId, ContainerId), &Reachability> =
        matrix.iter().map(|r| ((r.from, r.to), r)).collect();
    let running: Vec<ContainerId> = host
        .containers()
        .filter(|c| c.is_running())
        .map(|c| c.id)
        .collect();
    if running.len() < 2 {
        return html! {
            <section class="explorer empty" aria-label={t("reach.label")}>
                <p>{ t("reach.few") }</p>
            </section>
        };
    }
    let name = |id: ContainerId| host.container(id).name.clone();
    // Compose's container names are long; the matrix's headings use the
    // service name when there is one (the full name is in the title).
    let short = |id: ContainerId| {
        scene
            .containers
            .get(&id)
            .and_then(|c| c.service.clone())
            .unwrap_or_else(|| name(id))
    };
    let cell = |from: ContainerId, to: ContainerId| -> Html {
        if from == to {
            return html! { <td class="self">{ "·" }</td> };
        }
        let Some(r) = cells.get(&(from, to)) else {
            return html! { <td /> };
        };
        let (class, mark) = verdict(r);
        let why = reasons(&scene, r).join(" ");
        let pick = {
            let pair = pair.clone();
            Callback::from(move |_: MouseEvent| pair.set(Some((from, to))))
        };
        let picked = *pair == Some((from, to));
        html! {
            <td class={classes!(class, picked.then_some("picked"))}>
                <button title={why.clone()} aria-label={tf("reach.cell", &[("from", &name(from)), ("to", &name(to)), ("why", &why)])}
                    data-from={name(from)} data-to={name(to)} data-verdict={class}
                    onclick={pick}>{ mark }</button>
            </td>
        }
    };
    let detail = pair
        .and_then(|p| cells.get(&p))
        .map(|r| detail(&scene, &host, r));
    html! {
        <section class="explorer" aria-label={t("reach.label")} id="explorer">
            <p class="after">{ tf("reach.after", &[("command", &match &props.sim.steps[step] {
                // Line 0 is the player's own step after the last line.
                s if s.line == 0 => t("timeline.settle"),
                s => s.text.clone(),
            })]) }</p>
            <table class="matrix">
                <thead><tr>
                    <th>{ t("reach.corner") }</th>
                    { for running.iter().map(|to| html! { <th scope="col" title={name(*to)}>{ short(*to) }</th> }) }
                </tr></thead>
                <tbody>
                    { for running.iter().map(|from| html! {
                        <tr>
                            <th scope="row" title={name(*from)}>{ short(*from) }</th>
                            { for running.iter().map(|to| cell(*from, *to)) }
                        </tr>
                    }) }
                </tbody>
            </table>
            <p class="legend">{ t("reach.legend") }</p>
            { for detail }
            { from_host(&scene, &host) }
        </section>
    }
}

/// Every probe of a pair in plain words: by name first, then by address.
fn reasons(scene: &Scene, r: &Reachability) -> Vec<String> {
    let mut out = Vec::new();
    for (target, resolution, ip, route) in r.probes() {
        let messages = explain::probe(scene, r.from, &target, &resolution, ip, route.as_ref());
        let c = crate::words::catalogue();
        let text = messages
            .iter()
            .map(|m| c.render(m).unwrap_or_else(|e| e.to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        out.push(text);
    }
    out
}

/// From the host: each published port, where Docker forwards it and how
/// the container answers there.
fn from_host(scene: &Scene, host: &Host) -> Html {
    let published = explore::published(host);
    let c = crate::words::catalogue();
    html! {
        <div class="reach-host" id="reach-host">
            <h3>{ t("reach.from_host") }</h3>
            if published.is_empty() {
                <p>{ t("reach.no_ports") }</p>
            } else {
                <ul>
                    { for published.iter().map(|p| {
                        let text = explain::published(scene, p)
                            .iter()
                            .map(|m| c.render(m).unwrap_or_else(|e| e.to_string()))
                            .collect::<Vec<_>>()
                            .join(" ");
                        let ok = p.outcome == composenet_model::event::ConnectOutcome::Connected;
                        html! { <li data-host-port={p.host_port.to_string()} data-ok={ok.to_string()}>{ text }</li> }
                    }) }
                </ul>
            }
        </div>
    }
}

fn detail(scene: &Scene, host: &Host, r: &Reachability) -> Html {
    html! {
        <div class="reach-detail" id="reach-detail">
            <h3>{ format!("{} → {}", host.container(r.from).name, host.container(r.to).name) }</h3>
            <ul>{ for reasons(scene, r).into_iter().map(|t| html! { <li>{ t }</li> }) }</ul>
            { for (!r.ports.is_empty()).then(|| html! {
                <ul class="ports" aria-label={t("reach.ports")}>
                    { for r.ports.iter().map(|p| {
                        let c = crate::words::catalogue();
                        let text = explain::port_probe(scene, r.to, p)
                            .iter()
                            .map(|m| c.render(m).unwrap_or_else(|e| e.to_string()))
                            .collect::<Vec<_>>()
                            .join(" ");
                        let ok = p.outcome == composenet_model::event::ConnectOutcome::Connected;
                        html! { <li data-port={p.port.to_string()} data-ok={ok.to_string()}>{ text }</li> }
                    }) }
                </ul>
            }) }
        </div>
    }
}
