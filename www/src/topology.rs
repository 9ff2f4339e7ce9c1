//! The topology drawing: an SVG of one [`Scene`] placed by the scenario's
//! [`Layout`]. It draws only what the scene says; highlighting follows the
//! scene's focus (what the last event touched).

use std::rc::Rc;

use composenet_model::container::Status;
use composenet_model::event::NameSource;
use composenet_model::traffic::{DnsReason, DropReason, Hop, Peer, Route, Verdict};
use composenet_model::NetworkMode;
use composenet_model::{ContainerId, NetworkId};
use composenet_play::scene::{Focus, Scene, SceneContainer, Traffic};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::{Layout, BOX_H, BOX_Y, HOST_Y, MARGIN};
use crate::sim::Sim;
use crate::url::View;

/// What the inspector shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selection {
    Container(ContainerId),
    Network(NetworkId),
}

#[derive(Properties, Clone)]
pub struct Props {
    pub sim: Rc<Sim>,
    pub pos: usize,
    pub view: View,
    pub selected: Option<Selection>,
    pub on_select: Callback<Option<Selection>>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.pos == other.pos
            && self.view == other.view
            && self.selected == other.selected
    }
}

/// Zoom and pan, applied on top of the fitted drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Camera {
    scale: f64,
    x: f64,
    y: f64,
}

const FIT: Camera = Camera {
    scale: 1.0,
    x: 0.0,
    y: 0.0,
};

/// The camera as a reducer, so that a long-lived listener (the wheel)
/// always zooms from the current scale.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CameraState(Camera);

enum CameraAction {
    Zoom(f64),
    Set(Camera),
}

impl Reducible for CameraState {
    type Action = CameraAction;

    fn reduce(self: Rc<Self>, action: CameraAction) -> Rc<Self> {
        let c = self.0;
        Rc::new(CameraState(match action {
            CameraAction::Zoom(factor) => Camera {
                scale: (c.scale * factor).clamp(0.2, 8.0),
                ..c
            },
            CameraAction::Set(camera) => camera,
        }))
    }
}

#[function_component(Topology)]
pub fn topology(props: &Props) -> Html {
    let camera = use_reducer(|| CameraState(FIT));
    let drag = use_mut_ref(|| None::<(f64, f64, Camera)>);
    let scene = props.sim.scene(props.pos);
    let layout = &props.sim.layout;
    let svg = use_node_ref();

    let zoom = {
        let camera = camera.clone();
        move |factor: f64| camera.dispatch(CameraAction::Zoom(factor))
    };
    // The wheel zooms the drawing instead of scrolling the page, which
    // needs a listener that may cancel the event: yew's own are passive.
    {
        let svg = svg.clone();
        let camera = camera.clone();
        use_effect_with((), move |_| {
            let listener = svg.cast::<web_sys::Element>().map(|element| {
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(
                    &element,
                    "wheel",
                    options,
                    move |e| {
                        e.prevent_default();
                        let up = e
                            .dyn_ref::<web_sys::WheelEvent>()
                            .is_some_and(|w| w.delta_y() < 0.0);
                        camera.dispatch(CameraAction::Zoom(if up { 1.15 } else { 1.0 / 1.15 }));
                    },
                )
            });
            move || drop(listener)
        });
    }
    let onpointerdown = {
        let drag = drag.clone();
        let camera = camera.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Some((e.client_x() as f64, e.client_y() as f64, camera.0));
            }
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let camera = camera.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((x0, y0, c)) = *drag.borrow() {
                let dx = e.client_x() as f64 - x0;
                let dy = e.client_y() as f64 - y0;
                if dx.abs() + dy.abs() > 3.0 {
                    camera.dispatch(CameraAction::Set(Camera {
                        x: c.x + dx / c.scale,
                        y: c.y + dy / c.scale,
                        ..c
                    }));
                }
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| {
            *drag.borrow_mut() = None;
        })
    };
    let zoom_in = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom(1.25))
    };
    let zoom_out = Callback::from(move |_| zoom(0.8));
    let fit = {
        let camera = camera.clone();
        Callback::from(move |_| camera.dispatch(CameraAction::Set(FIT)))
    };

    let c = camera.0;
    let transform = format!(
        "translate({} {}) scale({}) translate({} {})",
        layout.width / 2.0,
        layout.height / 2.0,
        c.scale,
        c.x - layout.width / 2.0,
        c.y - layout.height / 2.0
    );
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    let ctx = Ctx {
        scene: &scene,
        layout,
        view: props.view,
        selected: props.selected,
        on_select: &props.on_select,
    };
    let label = format!(
        "Topology after {} of {} events: {} networks, {} containers",
        scene.applied,
        props.sim.events.len(),
        scene.live_networks().filter(|n| n.bridge.is_some()).count(),
        scene.live_containers().count()
    );
    html! {
        <div class="topology">
            { caption(&props.sim, &scene, props.pos) }
            <div class="zoom" role="group" aria-label="Zoom">
                <button onclick={zoom_in} title="Zoom in" aria-label="Zoom in">{"+"}</button>
                <button onclick={zoom_out} title="Zoom out" aria-label="Zoom out">{"−"}</button>
                <button onclick={fit} title="Fit the drawing" aria-label="Fit the drawing">{"fit"}</button>
            </div>
            <svg id="topology" viewBox={view_box} preserveAspectRatio="xMidYMin meet"
                role="img" aria-label={label}
                ref={svg} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                onpointerleave={onpointerup}>
                <g transform={transform}>
                    { ctx.host() }
                    { for layout.bars.keys().map(|id| ctx.bar(*id)) }
                    { for layout.containers.keys().map(|id| ctx.container(*id)) }
                    { ctx.traffic() }
                </g>
            </svg>
        </div>
    }
}

struct Ctx<'a> {
    scene: &'a Scene,
    layout: &'a Layout,
    view: View,
    selected: Option<Selection>,
    on_select: &'a Callback<Option<Selection>>,
}

impl Ctx<'_> {
    fn focused(&self, f: &Focus) -> bool {
        self.scene.focus.contains(f)
    }

    fn select(&self, s: Selection) -> Callback<MouseEvent> {
        let on_select = self.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(Some(s));
        })
    }

    fn select_key(&self, s: Selection) -> Callback<KeyboardEvent> {
        let on_select = self.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_select.emit(Some(s));
            }
        })
    }

    /// The host's network namespace, with the published ports.
    fn host(&self) -> Html {
        let ports: Vec<String> = self
            .scene
            .ports
            .iter()
            .map(|p| {
                format!(
                    "{}:{} → {}:{}/{}",
                    p.host_ip, p.host_port, p.container_name, p.container_port, p.protocol
                )
            })
            .collect();
        let port_text = if ports.is_empty() {
            "no published ports".to_string()
        } else {
            format!("published: {}", ports.join("   "))
        };
        let port_focus = self.scene.focus.iter().any(|f| matches!(f, Focus::Port(_)));
        html! {
            <g class="host">
                <rect class="host-ns" x={px(MARGIN / 2.0)} y={px(HOST_Y)}
                    width={px(self.layout.width - MARGIN)}
                    height={px(self.layout.height - HOST_Y - 8.0)} rx="10" />
                <text class="host-title" x={px(MARGIN)} y={px(HOST_Y + 24.0)}>
                    { "host · network namespace of the Docker host" }
                </text>
                <text class={classes!("ports", port_focus.then_some("focus"))} x={px(MARGIN)} y={px(HOST_Y + 46.0)}>
                    { port_text }
                </text>
            </g>
        }
    }

    /// A bridge: its bar, its name, subnet and gateway, and what its
    /// embedded DNS answers.
    fn bar(&self, id: NetworkId) -> Html {
        let Some(n) = self.scene.networks.get(&id) else {
            return html! {};
        };
        if n.removed {
            return html! {};
        }
        let y = self.layout.bars[&id];
        let x1 = MARGIN;
        let x2 = self.layout.width - MARGIN;
        let mut title = match self.view {
            View::Linux => format!(
                "{} · {}",
                n.bridge
                    .clone()
                    .unwrap_or_else(|| format!("no bridge ({} driver)", n.driver.name())),
                n.name
            ),
            View::Services => format!("network {}", n.name),
        };
        if let Some(s) = &n.subnet {
            title.push_str(&format!(" · {s}"));
        }
        if let Some(g) = n.gateway {
            title.push_str(&format!(" · gateway {g}"));
        }
        if n.internal {
            title.push_str(" · internal (no route out)");
        }
        let dns = if n.embedded_dns {
            let names: Vec<String> = n
                .dns
                .iter()
                .filter(|(_, record)| {
                    // Short container ids clutter the drawing; the
                    // inspector lists them.
                    self.view == View::Linux || record.source != NameSource::ShortId
                })
                .map(|(name, record)| {
                    let ips: Vec<String> = record.ips.iter().map(|i| i.to_string()).collect();
                    format!("{name} → {}", ips.join(", "))
                })
                .collect();
            if names.is_empty() {
                "DNS 127.0.0.11: no names yet".to_string()
            } else {
                format!("DNS 127.0.0.11: {}", names.join(" · "))
            }
        } else {
            "no embedded DNS on this network: names do not resolve (only --link entries in /etc/hosts)"
                .to_string()
        };
        let focus = self.focused(&Focus::Network(id));
        let dns_focus = self
            .scene
            .focus
            .iter()
            .any(|f| matches!(f, Focus::Dns(net, _) if *net == id));
        let selected = self.selected == Some(Selection::Network(id));
        html! {
            <g class={classes!("bar", focus.then_some("focus"), selected.then_some("selected"), n.internal.then_some("internal"))}
                data-network={n.name.clone()} tabindex="0" role="button"
                aria-label={format!("network {}", n.name)}
                onclick={self.select(Selection::Network(id))}
                onkeydown={self.select_key(Selection::Network(id))}>
                <title>{ n.subnet_source.map_or("created by the daemon at start", |s| s.describe()) }</title>
                <line class="bus" x1={px(x1)} y1={px(y)} x2={px(x2)} y2={px(y)} />
                <text class="bar-title" x={px(x1)} y={px(y - 30.0)}>{ title }</text>
                <text class={classes!("dns", dns_focus.then_some("focus"))} x={px(x1)} y={px(y + 22.0)}>{ dns }</text>
            </g>
        }
    }

    fn container(&self, id: ContainerId) -> Html {
        let Some(c) = self.scene.containers.get(&id) else {
            return html! {};
        };
        let focus = self.focused(&Focus::Container(id));
        // A removed container is drawn once more, leaving, on the event
        // that removed it; then its place stays empty.
        if c.removed && !focus {
            return html! {};
        }
        let b = &self.layout.containers[&id];
        let selected = self.selected == Some(Selection::Container(id));
        let state_class = if c.removed {
            "leaving"
        } else {
            c.status.as_str()
        };
        let health_class = c.health.map(|h| format!("health-{}", h.as_str()));
        let mut status = match c.status {
            Status::Exited => format!("exited ({})", c.exit_code),
            s => s.as_str().to_string(),
        };
        if let Some(h) = c.health {
            status.push_str(&format!(" · {}", h.as_str()));
        }
        if c.status == Status::Running && c.ready {
            status.push_str(" · ready");
        }
        if let Some((dependency, condition)) = &c.waiting_for {
            if c.status == Status::Created {
                status = format!("waiting for {dependency} ({})", condition.as_str());
            }
        }
        let (title, subtitle) = match (self.view, &c.service) {
            (View::Services, Some(s)) => (s.clone(), c.name.clone()),
            _ => (c.name.clone(), c.image.clone()),
        };
        let mode_note = match &c.network_mode {
            NetworkMode::Host => Some("network_mode: host · shares the host's stack".to_string()),
            NetworkMode::None => Some("network_mode: none · loopback only".to_string()),
            NetworkMode::Container(target) => {
                let owner = c
                    .netns_of
                    .and_then(|o| self.scene.containers.get(&o))
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| target.chars().take(12).collect());
                Some(format!("shares the namespace of {owner}"))
            }
            NetworkMode::Default => None,
        };
        let connect = c
            .last_connect
            .as_ref()
            .map(|(t, o)| format!("→ {t}: {}", o.as_str()));
        html! {
            <g class={classes!("container", state_class, health_class, focus.then_some("focus"), selected.then_some("selected"))}
                data-container={c.name.clone()} tabindex="0" role="button"
                aria-label={format!("container {} {}", c.name, status)}
                onclick={self.select(Selection::Container(id))}
                onkeydown={self.select_key(Selection::Container(id))}>
                <rect class="box" x={px(b.x)} y={px(BOX_Y)} width={px(b.w)} height={px(BOX_H)} rx="8" />
                <text class="name" x={px(b.x + 10.0)} y={px(BOX_Y + 22.0)}>{ title }</text>
                <text class="sub" x={px(b.x + 10.0)} y={px(BOX_Y + 40.0)}>{ subtitle }</text>
                <text class="status" x={px(b.x + 10.0)} y={px(BOX_Y + 58.0)}>{ status }</text>
                { for connect.map(|t| html!{ <text class="connect" x={px(b.x + 10.0)} y={px(BOX_Y + 76.0)}>{ t }</text> }) }
                { for mode_note.map(|t| html!{ <text class="mode" x={px(b.x + 10.0)} y={px(BOX_Y + BOX_H + 18.0)}>{ t }</text> }) }
                { self.netns_link(c) }
                { self.host_mode_link(c, b.x) }
                { for b.slots.iter().map(|(net, x)| self.veth(c, *net, *x)) }
            </g>
        }
    }

    /// A dashed arc from a container to the one whose namespace it shares.
    fn netns_link(&self, c: &SceneContainer) -> Html {
        let Some(owner) = c.netns_of else {
            return html! {};
        };
        let (Some(from), Some(to)) = (
            self.layout.containers.get(&c.id),
            self.layout.containers.get(&owner),
        ) else {
            return html! {};
        };
        let x1 = from.x + from.w / 2.0;
        let x2 = to.x + to.w / 2.0;
        let d = format!(
            "M {x1} {BOX_Y} C {x1} {} {x2} {} {x2} {BOX_Y}",
            BOX_Y - 44.0,
            BOX_Y - 44.0
        );
        html! { <path class="netns" d={d} /> }
    }

    /// A host-mode container reaches straight into the host's namespace.
    fn host_mode_link(&self, c: &SceneContainer, x: f64) -> Html {
        if c.network_mode != NetworkMode::Host {
            return html! {};
        }
        let x = x + 18.0;
        html! {
            <line class="hostmode" x1={px(x)} y1={px(BOX_Y + BOX_H)}
                x2={px(x)} y2={px(HOST_Y + 60.0)} />
        }
    }

    /// One veth pair: the container end (in the container's namespace,
    /// above the host's) and the host end plugged into the bridge.
    fn veth(&self, c: &SceneContainer, net: NetworkId, x: f64) -> Html {
        let Some(iface) = c.interfaces.get(&net) else {
            return html! {};
        };
        let Some(&bar_y) = self.layout.bars.get(&net) else {
            return html! {};
        };
        let focus = self.focused(&Focus::Interface(c.id, net));
        let top = BOX_Y + BOX_H;
        let ip = iface
            .ip
            .map(|i| i.to_string())
            .unwrap_or_else(|| "no address".into());
        let reason = match &iface.reason {
            Some(composenet_model::event::AddressReason::Static) => " (static)".to_string(),
            Some(composenet_model::event::AddressReason::LowestFree { previous: Some(p) }) => {
                if Some(*p) == iface.ip {
                    " (same as before)".to_string()
                } else {
                    format!(" (new; was {p})")
                }
            }
            _ => String::new(),
        };
        let plugged = iface.ifname.is_some();
        let lines = match self.view {
            View::Linux => {
                let ifname = iface
                    .ifname
                    .clone()
                    .unwrap_or_else(|| "(no interface yet)".into());
                let end = if iface.veth.is_some() {
                    format!("{ifname}@if{}", iface.veth_ifindex)
                } else {
                    ifname
                };
                vec![
                    format!("{end} {ip}{reason}"),
                    iface
                        .mac
                        .clone()
                        .map(|m| format!("mac {m}"))
                        .unwrap_or_default(),
                ]
            }
            View::Services => vec![format!("{ip}{reason}"), String::new()],
        };
        let host_end = match (self.view, &iface.veth) {
            (View::Linux, Some(v)) => format!("{v}@if{}", iface.ifindex),
            _ => String::new(),
        };
        html! {
            <g class={classes!("veth", focus.then_some("focus"), (!plugged).then_some("pending"))}
                data-network={iface.network_name.clone()}>
                <line class="wire" x1={px(x)} y1={px(top)} x2={px(x)} y2={px(bar_y)} />
                <circle class="plug" cx={px(x)} cy={px(bar_y)} r="5" />
                <text class="if-end" x={px(x + 6.0)} y={px(top + 16.0)}>{ lines[0].clone() }</text>
                <text class="mac" x={px(x + 6.0)} y={px(top + 31.0)}>{ lines[1].clone() }</text>
                <text class="host-end" x={px(x + 6.0)} y={px(bar_y - 8.0)}>{ host_end }</text>
            </g>
        }
    }
}

/// The caption: what the current event did, in plain words from the
/// explanation catalogue, with the command (and its line) that caused it.
fn caption(sim: &Sim, scene: &Scene, pos: usize) -> Html {
    let Some(event) = pos.checked_sub(1).and_then(|i| sim.events.get(i)) else {
        return html! {
            <p class="caption" id="caption" aria-live="polite">
                { "Press play or step forward to watch what Docker does, one event at a time." }
            </p>
        };
    };
    let text = CATALOGUE.with(|c| c.explain(scene, event).unwrap_or_else(|e| e.to_string()));
    let cause = sim
        .step_of_event(event.seq)
        .and_then(|i| sim.steps.get(i))
        .filter(|step| step.line > 0)
        .map(|step| format!("line {}: {}", step.line, step.text));
    html! {
        <p class="caption" id="caption" aria-live="polite">
            <span class="caption-time">{ event.time.to_string() }</span>
            { " " }{ text }
            { for cause.map(|c| html! { <span class="caption-cause">{ c }</span> }) }
        </p>
    }
}

thread_local! {
    /// The explanation catalogue, parsed once.
    static CATALOGUE: composenet_play::explain::Catalogue =
        composenet_play::explain::Catalogue::english();
}

/// Traffic of the current event, drawn along its path: a line that draws
/// itself from the sender to where the packets end (reduced motion shows
/// it at once), with the end marked delivered or dropped and why.
impl Ctx<'_> {
    fn traffic(&self) -> Html {
        let Some(traffic) = &self.scene.traffic else {
            return html! {};
        };
        let (points, delivered, label, reason) = match traffic {
            Traffic::Dns {
                asker,
                query,
                answer,
            } => self.dns_path(*asker, query, answer),
            Traffic::Packet {
                from,
                target,
                route,
                outcome,
            } => self.packet_path(*from, target, route.as_ref(), outcome.as_ref()),
        };
        let Some(&(ex, ey)) = points.last() else {
            return html! {};
        };
        let d = points
            .iter()
            .enumerate()
            .map(|(i, (x, y))| format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" }))
            .collect::<String>();
        let verdict = if delivered { "delivered" } else { "dropped" };
        let end = if delivered {
            html! { <circle class="packet-end" cx={px(ex)} cy={px(ey)} r="7" /> }
        } else {
            html! { <text class="packet-end" x={px(ex - 7.0)} y={px(ey + 7.0)}>{ "✕" }</text> }
        };
        html! {
            <g class={classes!("traffic", verdict)} data-verdict={verdict} data-reason={reason}
                role="img" aria-label={label.clone()}>
                <path class="packet-path" d={d} pathLength="1" />
                { end }
                <text class="packet-label" x={px(ex + 10.0)} y={px(ey - 10.0)}>{ label }</text>
            </g>
        }
    }

    /// The network a container's traffic leaves by, as the drawing shows
    /// it: its own interface, or that of the container whose namespace it
    /// shares.
    fn owner(&self, id: ContainerId) -> ContainerId {
        self.scene
            .containers
            .get(&id)
            .and_then(|c| c.netns_of)
            .unwrap_or(id)
    }

    fn dns_path(
        &self,
        asker: ContainerId,
        query: &str,
        answer: &composenet_model::traffic::DnsAnswer,
    ) -> (Vec<(f64, f64)>, bool, String, &'static str) {
        let owner = self.owner(asker);
        let bottom = self.layout.box_bottom();
        let first = self
            .scene
            .containers
            .get(&owner)
            .and_then(|c| c.interfaces.keys().next().copied());
        let network = answer.network().or(match &answer.reason {
            DnsReason::NotOnAskersNetworks { searched }
            | DnsReason::UpstreamUnreachable { searched }
            | DnsReason::InternalOnly { searched } => searched.first().copied(),
            _ => None,
        });
        let answered = !answer.addrs.is_empty();
        let addrs: Vec<String> = answer.addrs.iter().map(|a| a.to_string()).collect();
        let label = if answered {
            format!("{query} → {}", addrs.join(", "))
        } else {
            format!("{query}: {}", answer.rcode.as_str())
        };
        let reason = match &answer.reason {
            DnsReason::Record { .. } => "record",
            DnsReason::Literal => "literal",
            DnsReason::NotOnAskersNetworks { .. } => "not-on-askers-networks",
            DnsReason::UpstreamUnreachable { .. } => "upstream-unreachable",
            DnsReason::InternalOnly { .. } => "internal-only",
            DnsReason::NoEmbeddedDns => "no-embedded-dns",
            DnsReason::NoEmbeddedDnsUnreachable => "no-embedded-dns-unreachable",
            DnsReason::NoNetwork => "no-network",
        };
        let Some(x) = self.layout.port_x(owner, network.or(first)) else {
            return (Vec::new(), answered, label, reason);
        };
        let mut points = vec![(x, bottom)];
        match (
            &answer.reason,
            network.and_then(|n| self.layout.dns_point(n)),
        ) {
            (DnsReason::NoNetwork, _) => points.push((x, bottom + 20.0)),
            (DnsReason::Literal, _) => {}
            (_, Some((dx, dy))) => {
                points.push((x, dy));
                points.push((dx, dy));
            }
            _ => {
                // The host's resolver: up into the host's namespace.
                let (hx, hy) = self.layout.host_point();
                points.push((x, hy));
                points.push((hx, hy));
            }
        }
        (points, answered, label, reason)
    }

    fn packet_path(
        &self,
        from: ContainerId,
        target: &str,
        route: Option<&Route>,
        outcome: Option<&composenet_model::event::ConnectOutcome>,
    ) -> (Vec<(f64, f64)>, bool, String, &'static str) {
        let bottom = self.layout.box_bottom();
        let sender = self.owner(from);
        let start = self.layout.port_x(sender, None).map(|x| (x, bottom));
        let Some(route) = route else {
            let points = start.into_iter().collect();
            return (
                points,
                false,
                format!("{target}: no such name"),
                "no-such-name",
            );
        };
        let mut points: Vec<(f64, f64)> = Vec::new();
        for hop in &route.hops {
            match hop {
                Hop::Out {
                    container, network, ..
                }
                | Hop::In {
                    container, network, ..
                } => {
                    let (Some(x), Some(y)) = (
                        self.layout.port_x(*container, Some(*network)),
                        self.layout.bar_y(*network),
                    ) else {
                        continue;
                    };
                    if matches!(hop, Hop::Out { .. }) {
                        points.extend([(x, bottom), (x, y)]);
                    } else {
                        if let Some(&(_, ly)) = points.last() {
                            if ly != y {
                                points.push((x, ly));
                            }
                        }
                        points.extend([(x, y), (x, bottom)]);
                    }
                }
                Hop::Bridge { .. } => {}
                Hop::Loopback { container } => {
                    if let Some(x) = self.layout.port_x(*container, None) {
                        points.extend([
                            (x - 24.0, bottom),
                            (x - 24.0, bottom + 26.0),
                            (x + 24.0, bottom + 26.0),
                            (x + 24.0, bottom),
                        ]);
                    }
                }
                Hop::HostStack => {
                    let (hx, hy) = self.layout.host_point();
                    if let Some(&(_, ly)) = points.last() {
                        points.push((hx, ly));
                    }
                    points.push((hx, hy));
                }
            }
        }
        if points.is_empty() {
            points.extend(start);
        }
        let name = |c: ContainerId| {
            self.scene
                .containers
                .get(&c)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let refused = matches!(
            outcome,
            Some(composenet_model::event::ConnectOutcome::Refused)
        );
        let (delivered, label, reason) = match &route.verdict {
            Verdict::Delivered(_) if refused => {
                (false, format!("{target}: refused, not ready"), "refused")
            }
            Verdict::Delivered(Peer::Container(c)) => {
                (true, format!("→ {}", name(*c)), "delivered")
            }
            Verdict::Delivered(Peer::Host) => (true, "→ the host".to_string(), "delivered"),
            Verdict::Dropped(r) => {
                let (text, reason) = match r {
                    DropReason::SenderNotRunning => ("not running".to_string(), "not-running"),
                    DropReason::NoNetwork => ("no network (none)".to_string(), "no-network"),
                    DropReason::NoSuchAddress { .. } => {
                        (format!("nobody has {}", route.to), "no-such-address")
                    }
                    DropReason::OtherNetwork { .. } => {
                        ("dropped: another network".to_string(), "other-network")
                    }
                    DropReason::Internal => ("dropped: internal network".to_string(), "internal"),
                    DropReason::NoRoute => ("no route".to_string(), "no-route"),
                    DropReason::OutsideHost => ("outside the host".to_string(), "outside-host"),
                };
                (false, format!("{target}: {text}"), reason)
            }
        };
        (points, delivered, label, reason)
    }
}

/// An SVG coordinate.
fn px(v: f64) -> String {
    format!("{v:.1}")
}
