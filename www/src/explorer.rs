//! The reachability explorer: who can reach whom after the current
//! command, as a matrix of every pair of running containers, and for one
//! pair every name and address tried, with the reason in plain words; then
//! each port published on the host and what answers it. The
//! answers come from the model's explorer (`composenet_model::explore`),
//! which uses the same resolution and routing as the simulation; the words
//! come from the explanation catalogue.

use std::rc::Rc;

use composenet_draw::escape;
use composenet_model::explore::{self, Reachability};
use composenet_model::{ContainerId, Host};
use composenet_play::explain;
use composenet_play::scene::Scene;
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
    let name = |id: ContainerId| escape(&host.container(id).name);
    // Compose's container names are long; the matrix's headings use the
    // service name when there is one (the full name is in the title).
    let heading = |scope: &str, id: ContainerId| {
        let short = scene
            .containers
            .get(&id)
            .and_then(|c| c.service.clone())
            .unwrap_or_else(|| host.container(id).name.clone());
        format!(
            "<th scope=\"{scope}\" title=\"{}\">{}</th>",
            name(id),
            escape(&short)
        )
    };
    // The matrix is markup, made at each position (a cell is a button
    // whose `data-pair` the one listener below reads). The model lists
    // the pairs from × to in the order of `running`, without a container
    // and itself.
    let mut pairs = matrix.iter();
    let mut table = format!(
        "<table class=\"matrix\"><thead><tr><th>{}</th>",
        escape(&t("reach.corner"))
    );
    for &to in &running {
        table += &heading("col", to);
    }
    table += "</tr></thead><tbody>";
    for &from in &running {
        table += "<tr>";
        table += &heading("row", from);
        for &to in &running {
            let Some(r) = (from != to).then(|| pairs.next()).flatten() else {
                table += "<td class=\"self\">·</td>";
                continue;
            };
            let (class, mark) = verdict(r);
            let why = reasons(&scene, r).join(" ");
            let label = escape(&tf(
                "reach.cell",
                &[
                    ("from", &host.container(from).name),
                    ("to", &host.container(to).name),
                    ("why", &why),
                ],
            ));
            let why = escape(&why);
            let picked = if *pair == Some((from, to)) {
                " picked"
            } else {
                ""
            };
            table += &format!(
                "<td class=\"{class}{picked}\"><button title=\"{why}\" aria-label=\"{label}\" \
                 data-from=\"{}\" data-to=\"{}\" data-verdict=\"{class}\" data-pair=\"{} {}\">{mark}</button></td>",
                name(from),
                name(to),
                from.0,
                to.0,
            );
        }
        table += "</tr>";
    }
    table += "</tbody></table>";
    let onclick = {
        let pair = pair.clone();
        Callback::from(move |e: MouseEvent| {
            let picked = crate::data_at(&e, "data-pair");
            let parsed = picked.as_deref().and_then(|p| {
                let (i, j) = p.split_once(' ')?;
                Some((ContainerId(i.parse().ok()?), ContainerId(j.parse().ok()?)))
            });
            if parsed.is_some() {
                pair.set(parsed);
            }
        })
    };
    let detail = pair
        .and_then(|(from, to)| matrix.iter().find(|r| r.from == from && r.to == to))
        .map(|r| detail(&scene, &host, r));
    html! {
        <section class="explorer" aria-label={t("reach.label")} id="explorer">
            <p class="after">{ tf("reach.after", &[("command", &match &props.sim.steps[step] {
                // Line 0 is the player's own step after the last line.
                s if s.line == 0 => t("timeline.settle"),
                s => s.text.clone(),
            })]) }</p>
            // The whole table is one piece of markup: parsed on its own,
            // a table's rows outside their <table> would lose their tags.
            <div class="matrix-pane" {onclick}>
                { Html::from_html_unchecked(table.into()) }
            </div>
            <p class="legend">{ t("reach.legend") }</p>
            { for detail }
            { from_host(&scene, &host) }
        </section>
    }
}

/// Messages of the explanation catalogue as one text.
fn say(messages: &[explain::Message]) -> String {
    let c = crate::words::catalogue();
    let texts: Vec<String> = messages
        .iter()
        .map(|m| c.render(m).unwrap_or_else(|e| e.to_string()))
        .collect();
    texts.join(" ")
}

/// Every probe of a pair in plain words: by name first, then by address.
fn reasons(scene: &Scene, r: &Reachability) -> Vec<String> {
    let mut out = Vec::new();
    for (target, resolution, ip, route) in r.probes() {
        out.push(say(&explain::probe(
            scene,
            r.from,
            &target,
            &resolution,
            ip,
            route.as_ref(),
        )));
    }
    out
}

/// From the host: each published port, where Docker forwards it and how
/// the container answers there.
fn from_host(scene: &Scene, host: &Host) -> Html {
    let published = explore::published(host);
    html! {
        <div class="reach-host" id="reach-host">
            <h3>{ t("reach.from_host") }</h3>
            if published.is_empty() {
                <p>{ t("reach.no_ports") }</p>
            } else {
                <ul>
                    { for published.iter().map(|p| {
                        let text = say(&explain::published(scene, p));
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
                        let text = say(&explain::port_probe(scene, r.to, p));
                        let ok = p.outcome == composenet_model::event::ConnectOutcome::Connected;
                        html! { <li data-port={p.port.to_string()} data-ok={ok.to_string()}>{ text }</li> }
                    }) }
                </ul>
            }) }
        </div>
    }
}
