//! The topology drawing: an SVG of one [`Scene`] placed by the scenario's
//! [`Layout`]. It draws only what the scene says; highlighting follows the
//! scene's focus (what the last event touched).

use std::rc::Rc;

use composenet_model::container::Status;
use composenet_model::event::{AddressReason, NameSource};
use composenet_model::traffic::{DnsReason, DropReason, Hop, Peer, Route, Verdict};
use composenet_model::NetworkMode;
use composenet_model::{ContainerId, NetworkId};
use composenet_play::scene::{Focus, Scene, SceneContainer, Traffic};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::{Layout, RegionKind, Tile, HOST_H, MARGIN, PAD};
use crate::sim::Sim;
use crate::url::View;
use crate::words::{t, tf};

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
    /// Show a line of the commands in the editor (the caption's link to
    /// the line that caused the event).
    pub on_reveal: Callback<u32>,
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
    let svg = use_node_ref();
    // The pane's shape, measured once drawn and again on resize: the
    // layout is packed for it, so the drawing is as large as it can be.
    let aspect = use_state_eq(|| crate::layout::DEFAULT_ASPECT);
    {
        let (svg, aspect) = (svg.clone(), aspect.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = svg.cast::<web_sys::Element>() {
                    let (w, h) = (el.client_width(), el.client_height());
                    if w > 0 && h > 0 {
                        // Rounded, so a small resize does not repack.
                        aspect.set((w as f64 / h as f64 * 10.0).round() / 10.0);
                    }
                }
            };
            measure();
            let listener = web_sys::window()
                .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    let layout_rc = use_memo(
        (Rc::as_ptr(&props.sim) as usize, (*aspect * 10.0) as i64),
        |_| {
            let sim = &props.sim;
            if (*aspect - crate::layout::DEFAULT_ASPECT).abs() < 0.05 {
                sim.layout.clone()
            } else {
                Layout::for_pane(&sim.initial, &sim.events, *aspect)
            }
        },
    );
    let layout = &*layout_rc;

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

    // Search: a container or network by name brings it to the middle of
    // the pane, large enough to read, and selects it.
    let not_found = use_state_eq(|| false);
    let find = {
        let (camera, svg, not_found) = (camera.clone(), svg.clone(), not_found.clone());
        let on_select = props.on_select.clone();
        let (sim, pos) = (props.sim.clone(), props.pos);
        let (lw, lh) = (layout.width, layout.height);
        let layout = layout_rc.clone();
        Callback::from(move |query: String| {
            let scene = sim.scene(pos);
            let hit = find_by_name(&scene, &query);
            not_found.set(hit.is_none() && !query.trim().is_empty());
            let Some(selection) = hit else {
                return;
            };
            let Some((x, y)) = spot(&layout, selection) else {
                return;
            };
            let (pw, ph) = svg.cast::<web_sys::Element>().map_or((lw, lh), |el| {
                (el.client_width() as f64, el.client_height() as f64)
            });
            let fit = (pw / lw).min(ph / lh).max(1e-3);
            camera.dispatch(CameraAction::Set(Camera {
                scale: (1.3 / fit).max(camera.0.scale).clamp(0.2, 8.0),
                x: lw / 2.0 - x,
                y: lh / 2.0 - y,
            }));
            on_select.emit(Some(selection));
        })
    };
    let on_find_key = {
        let find = find.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                find.emit(input.value());
            }
        })
    };
    let on_find_change = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        find.emit(input.value());
    });
    let names: Vec<String> = scene
        .live_containers()
        .map(|c| c.name.clone())
        .chain(scene.live_networks().map(|n| n.name.clone()))
        .collect();

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
    let label = tf(
        "topo.label",
        &[
            ("applied", &scene.applied),
            ("total", &props.sim.events.len()),
            (
                "networks",
                &scene
                    .live_networks()
                    .filter(|n| layout.region(n.id).is_some())
                    .count(),
            ),
            ("containers", &scene.live_containers().count()),
        ],
    );
    html! {
        <div class="topology">
            { caption(&props.sim, &scene, props.pos, &props.on_reveal) }
            <div class="zoom" role="group" aria-label={t("zoom.group")}>
                <button onclick={zoom_in} title={t("zoom.in")} aria-label={t("zoom.in")}>{"+"}</button>
                <button onclick={zoom_out} title={t("zoom.out")} aria-label={t("zoom.out")}>{"−"}</button>
                <button onclick={fit.clone()} title={t("zoom.fit_title")} aria-label={t("zoom.fit_title")}>{ t("zoom.fit") }</button>
                <input id="find" type="search" list="find-names" placeholder={t("find.placeholder")}
                    class={classes!((*not_found).then_some("not-found"))}
                    aria-label={t("find.label")} aria-invalid={not_found.to_string()}
                    onkeydown={on_find_key} onchange={on_find_change} />
                <datalist id="find-names">
                    { for names.iter().map(|n| html! { <option value={n.clone()} /> }) }
                </datalist>
            </div>
            { minimap(layout, c, camera.dispatcher()) }
            <svg id="topology" viewBox={view_box} preserveAspectRatio="xMidYMin meet"
                role="img" aria-label={label}
                ref={svg} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                onpointerleave={onpointerup}>
                <g transform={transform}>
                    { ctx.host() }
                    { for layout.regions.keys().map(|kind| ctx.region(*kind)) }
                    { for (0..layout.tiles.len()).map(|i| ctx.tile(i)) }
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

    /// The host's network namespace: its own stack and the published
    /// ports. The bridges below are in it too (their headers share its
    /// colour).
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
            t("host.ports_none")
        } else {
            tf("host.ports", &[("ports", &ports.join("   "))])
        };
        let port_focus = self.scene.focus.iter().any(|f| matches!(f, Focus::Port(_)));
        let width = self.layout.width - 2.0 * MARGIN;
        html! {
            <g class="host">
                <rect class="host-ns" x={px(MARGIN)} y={px(MARGIN)} width={px(width)}
                    height={px(HOST_H)} rx="8" />
                <text class="host-title" x={px(MARGIN + 10.0)} y={px(MARGIN + 17.0)}>
                    { t("host.title") }
                </text>
                <text class={classes!("ports", port_focus.then_some("focus"))}
                    x={px(MARGIN + 10.0)} y={px(MARGIN + 34.0)}>
                    { ellipsis(&port_text, chars_for(width - 20.0)) }
                    <title>{ port_text.clone() }</title>
                </text>
            </g>
        }
    }

    /// One region: a network's bridge as a bus with a branch per row, its
    /// title and embedded DNS; or the host / none / detached group.
    fn region(&self, kind: RegionKind) -> Html {
        let r = &self.layout.regions[&kind];
        let chars = chars_for(r.w - 2.0 * PAD);
        let frame = html! {
            <rect class="region-frame" x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx="8" />
        };
        let RegionKind::Network(id) = kind else {
            let (class, title) = match kind {
                RegionKind::Host => ("mode-host", t("region.host")),
                RegionKind::None => ("mode-none", t("region.none")),
                _ => ("detached", t("region.detached")),
            };
            return html! {
                <g class={classes!("region", class)} data-region={class}>
                    { frame }
                    <text class="region-title" x={px(r.x + PAD)} y={px(r.y + 18.0)}>{ ellipsis(&title, chars) }</text>
                </g>
            };
        };
        let Some(n) = self.scene.networks.get(&id) else {
            return html! {};
        };
        if n.removed && !self.focused(&Focus::Network(id)) {
            return html! {};
        }
        let compact = self.layout.metrics.compact;
        let bridge = n
            .bridge
            .clone()
            .unwrap_or_else(|| tf("region.no_bridge", &[("driver", &n.driver.name())]));
        // A compact header leads with the network's name, which is what
        // tells regions apart when there are many.
        let mut title = match (self.view, compact) {
            (View::Linux, false) => format!("{bridge} · {}", n.name),
            (View::Linux, true) => format!("{} · {bridge}", n.name),
            (View::Services, _) => tf("region.network", &[("name", &n.name)]),
        };
        if let Some(s) = &n.subnet {
            title.push_str(&format!(" · {s}"));
        }
        if let Some(g) = n.gateway.filter(|_| !compact) {
            title.push_str(" · ");
            title.push_str(&tf("region.gateway", &[("gateway", &g)]));
        }
        if n.internal {
            title.push_str(" · ");
            title.push_str(&t("region.internal"));
        }
        let dns = if n.embedded_dns {
            // Names grouped by the addresses they answer with, so the
            // line stays short: `db-container, db → 172.18.0.2`. Short
            // container ids clutter the drawing; the inspector lists them.
            let mut groups: Vec<(Vec<std::net::Ipv4Addr>, Vec<&str>)> = Vec::new();
            for (name, record) in &n.dns {
                if record.source == NameSource::ShortId {
                    continue;
                }
                match groups.iter_mut().find(|(ips, _)| *ips == record.ips) {
                    Some((_, names)) => names.push(name),
                    None => groups.push((record.ips.clone(), vec![name])),
                }
            }
            let items: Vec<String> = groups
                .iter()
                .map(|(ips, names)| {
                    let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
                    format!("{} → {}", names.join(", "), ips.join(", "))
                })
                .collect();
            if items.is_empty() {
                t("dns.none_yet")
            } else {
                format!("DNS 127.0.0.11: {}", items.join(" · "))
            }
        } else {
            t("dns.none")
        };
        let focus = self.focused(&Focus::Network(id));
        let dns_focus = self
            .scene
            .focus
            .iter()
            .any(|f| matches!(f, Focus::Dns(net, _) if *net == id));
        let selected = self.selected == Some(Selection::Network(id));
        let why = n
            .subnet_source
            .map_or("created by the daemon at start", |s| s.describe());
        // Only the branches with a container on them at this point (the
        // first, the bridge itself, always): later rows appear with their
        // containers.
        let live: Vec<&crate::layout::Branch> = r
            .branches
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                *i == 0
                    || self.layout.tiles.iter().any(|t| {
                        t.region == kind
                            && t.bus_y == Some(b.y)
                            && self
                                .scene
                                .containers
                                .get(&t.container)
                                .is_some_and(|c| c.interfaces.contains_key(&id))
                    })
            })
            .map(|(_, b)| b)
            .collect();
        let last = live.last().map_or(r.y, |b| b.y);
        let m = self.layout.metrics;
        // A compact header has the title only; the DNS names are in its
        // tooltip and in the inspector.
        let dns_lines = if m.compact {
            Vec::new()
        } else {
            wrap(&dns, chars, 2)
        };
        html! {
            <g class={classes!("region", "bar", focus.then_some("focus"), selected.then_some("selected"), n.internal.then_some("internal"))}
                data-network={n.name.clone()} tabindex="0" role="button"
                aria-label={format!("network {}: {title}", n.name)}
                onclick={self.select(Selection::Network(id))}
                onkeydown={self.select_key(Selection::Network(id))}>
                <title>{ format!("{title}\n{why}\n{dns}") }</title>
                { frame }
                <rect class="region-head" x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(m.header_h)} rx="8" />
                <text class="bar-title" x={px(r.x + PAD)} y={px(r.y + 16.0)}>{ ellipsis(&title, chars) }</text>
                <text class={classes!("dns", dns_focus.then_some("focus"))} x={px(r.x + PAD)} y={px(r.y + 31.0)}>
                    { for dns_lines.into_iter().enumerate().map(|(i, line)| html! {
                        <tspan x={px(r.x + PAD)} dy={if i == 0 { "0" } else { "14" }}>{ line }</tspan>
                    }) }
                </text>
                <line class="bus trunk" x1={px(r.trunk_x)} y1={px(r.y + m.header_h - 4.0)} x2={px(r.trunk_x)} y2={px(last)} />
                { for live.iter().map(|b| html! {
                    <line class="bus" x1={px(b.x1)} y1={px(b.y)} x2={px(b.x2)} y2={px(b.y)} />
                }) }
            </g>
        }
    }

    /// A container's tile: in full in its first network's region, or as a
    /// ghost in the others, with its interface on that region's network.
    fn tile(&self, index: usize) -> Html {
        let t = &self.layout.tiles[index];
        let id = t.container;
        let Some(c) = self.scene.containers.get(&id) else {
            return html! {};
        };
        let focus = self.focused(&Focus::Container(id));
        // A removed container is drawn once more, leaving, on the event
        // that removed it; then its place stays empty.
        if c.removed && !focus {
            return html! {};
        }
        let network = match t.region {
            RegionKind::Network(n) => Some(n),
            _ => None,
        };
        // A ghost stands for the container only while it is on that network.
        if t.ghost && network.is_some_and(|n| !c.interfaces.contains_key(&n)) {
            return html! {};
        }
        let selected = self.selected == Some(Selection::Container(id));
        let state_class = if c.removed {
            "leaving"
        } else {
            c.status.as_str()
        };
        let health_class = c.health.map(|h| format!("health-{}", h.as_str()));
        let mut status = match c.status {
            Status::Exited => tf("tile.exited", &[("code", &c.exit_code)]),
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
                status = tf(
                    "tile.waiting",
                    &[
                        ("dependency", dependency),
                        ("condition", &condition.as_str()),
                    ],
                );
            }
        }
        if let Some((target, outcome)) = &c.last_connect {
            status.push_str(&format!(" · → {target}: {}", outcome.as_str()));
        }
        let title = match (self.view, &c.service) {
            (View::Services, Some(s)) => format!("{s} ({})", c.name),
            _ => c.name.clone(),
        };
        let iface = network.and_then(|n| c.interfaces.get(&n));
        let iface_line = match iface {
            Some(i) => {
                let ip =
                    i.ip.map(|i| i.to_string())
                        .unwrap_or_else(|| crate::words::t("tile.no_address"));
                let reason = match &i.reason {
                    Some(AddressReason::Static) => " (static)".to_string(),
                    Some(AddressReason::LowestFree { previous: Some(p) }) => {
                        if Some(*p) == i.ip {
                            " (same as before)".to_string()
                        } else {
                            format!(" (new; was {p})")
                        }
                    }
                    _ => String::new(),
                };
                let compact = self.layout.metrics.compact;
                match (self.view, &i.ifname, &i.veth) {
                    (View::Linux, Some(ifname), Some(_)) if !compact => {
                        format!("{ifname}@if{} {ip}{reason}", i.veth_ifindex)
                    }
                    (View::Linux, Some(ifname), None) => format!("{ifname} {ip}{reason}"),
                    _ => format!("{ip}{reason}"),
                }
            }
            None => self.mode_note(c).unwrap_or_default(),
        };
        let extra = if t.ghost {
            let home = self
                .layout
                .home_tile(id)
                .and_then(|h| match h.region {
                    RegionKind::Network(n) => self.scene.networks.get(&n),
                    _ => None,
                })
                .map(|n| n.name.clone())
                .unwrap_or_default();
            tf("tile.also_on", &[("networks", &home)])
        } else {
            let others: Vec<String> = c
                .interfaces
                .keys()
                .filter(|n| Some(**n) != network)
                .filter_map(|n| self.scene.networks.get(n).map(|n| n.name.clone()))
                .collect();
            match (others.is_empty(), iface, self.view) {
                (false, _, _) => tf("tile.also_on", &[("networks", &others.join(", "))]),
                (true, Some(i), View::Linux) => i
                    .mac
                    .clone()
                    .map(|m| format!("mac {m}"))
                    .unwrap_or_default(),
                _ => c.image.clone(),
            }
        };
        let chars = chars_for(t.w - 16.0);
        let full = format!(
            "container {} · {} · {status}\n{iface_line}\n{extra}",
            c.name, c.image
        );
        let lines: Vec<(&str, String)> = if self.layout.metrics.compact {
            // Two lines: the name without the project's prefix (the
            // region's title names the project's network) and the
            // interface. Status shows in the tile's colours.
            let short = c
                .project
                .as_ref()
                .and_then(|p| c.name.strip_prefix(p.as_str()))
                .and_then(|rest| rest.strip_prefix(['-', '_']))
                .filter(|_| self.view == View::Linux)
                .unwrap_or(&title);
            vec![("name", short.to_string()), ("if-end", iface_line)]
        } else {
            vec![
                ("name", title),
                ("status", status),
                ("if-end", iface_line),
                ("sub", extra),
            ]
        };
        html! {
            <g class={classes!("container", state_class, health_class, t.ghost.then_some("ghost"), focus.then_some("focus"), selected.then_some("selected"))}
                data-container={(!t.ghost).then(|| c.name.clone())}
                data-ghost={t.ghost.then(|| c.name.clone())}
                tabindex="0" role="button"
                aria-label={full.clone()}
                onclick={self.select(Selection::Container(id))}
                onkeydown={self.select_key(Selection::Container(id))}>
                <title>{ full }</title>
                <rect class="box" x={px(t.x)} y={px(t.y)} width={px(t.w)} height={px(t.h)} rx="7" />
                { for lines.into_iter().enumerate().map(|(i, (class, text))| html! {
                    <text class={class} x={px(t.x + 7.0)} y={px(t.y + 14.0 + 15.0 * i as f64)}>
                        // A name keeps its end (the service and replica
                        // number tell containers apart), other lines their
                        // start.
                        { if class == "name" { ellipsis_middle(&text, chars) } else { ellipsis(&text, chars) } }
                    </text>
                }) }
                { self.veth(t, iface) }
            </g>
        }
    }

    /// What a container's network mode means, for a tile without an
    /// interface of its own.
    fn mode_note(&self, c: &SceneContainer) -> Option<String> {
        match &c.network_mode {
            NetworkMode::Host => Some(t("mode.host")),
            NetworkMode::None => Some(t("mode.none")),
            NetworkMode::Container(target) => {
                let owner = c
                    .netns_of
                    .and_then(|o| self.scene.containers.get(&o))
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| target.chars().take(12).collect());
                Some(tf("mode.shared", &[("owner", &owner)]))
            }
            NetworkMode::Default => None,
        }
    }

    /// The veth pair: from the tile up to its branch of the bus, with the
    /// host end's name beside it.
    fn veth(&self, t: &Tile, iface: Option<&composenet_play::scene::SceneInterface>) -> Html {
        let (Some(bus_y), Some(i)) = (t.bus_y, iface) else {
            return html! {};
        };
        let RegionKind::Network(network) = t.region else {
            return html! {};
        };
        let focus = self.focused(&Focus::Interface(t.container, network));
        let x = t.port_x();
        let plugged = i.ifname.is_some();
        let host_end = match (self.view, &i.veth) {
            (View::Linux, Some(v)) if !self.layout.metrics.compact => {
                format!("{v}@if{}", i.ifindex)
            }
            _ => String::new(),
        };
        html! {
            <g class={classes!("veth", focus.then_some("focus"), (!plugged).then_some("pending"))}
                data-network={i.network_name.clone()}>
                <line class="wire" x1={px(x)} y1={px(t.y)} x2={px(x)} y2={px(bus_y)} />
                <circle class="plug" cx={px(x)} cy={px(bus_y)} r="4" />
                <text class="host-end" x={px(x + 6.0)} y={px(bus_y + 16.0)}>{ host_end }</text>
            </g>
        }
    }
}

/// Where search takes the camera: the middle of a container's full tile
/// or of a network's region.
fn spot(layout: &Layout, selection: Selection) -> Option<(f64, f64)> {
    match selection {
        Selection::Container(id) => layout
            .home_tile(id)
            .map(|t| (t.x + t.w / 2.0, t.y + t.h / 2.0)),
        Selection::Network(n) => layout.region(n).map(|r| (r.x + r.w / 2.0, r.y + r.h / 2.0)),
    }
}

/// What a search names: a container or a network with exactly that name,
/// else the first whose name contains it (containers first).
pub fn find_by_name(scene: &Scene, query: &str) -> Option<Selection> {
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let containers = || scene.live_containers();
    let networks = || scene.live_networks();
    containers()
        .find(|c| c.name == q)
        .map(|c| Selection::Container(c.id))
        .or_else(|| {
            networks()
                .find(|n| n.name == q)
                .map(|n| Selection::Network(n.id))
        })
        .or_else(|| {
            containers()
                .find(|c| c.name.contains(q))
                .map(|c| Selection::Container(c.id))
        })
        .or_else(|| {
            networks()
                .find(|n| n.name.contains(q))
                .map(|n| Selection::Network(n.id))
        })
}

/// The overview while zoomed in: every region and tile in small, the part
/// the pane shows as a frame, and a click that moves the view there.
fn minimap(layout: &Layout, c: Camera, camera: UseReducerDispatcher<CameraState>) -> Html {
    if c.scale <= 1.01 {
        return html! {};
    }
    let (w, h) = (layout.width, layout.height);
    // The pane shows the layout points whose image lies in 0..w, 0..h.
    let (vw, vh) = (w / c.scale, h / c.scale);
    let (vx, vy) = (w / 2.0 - c.x - vw / 2.0, h / 2.0 - c.y - vh / 2.0);
    let onclick = Callback::from(move |e: MouseEvent| {
        let Some(el) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        let x = (e.client_x() as f64 - rect.left()) / rect.width() * w;
        let y = (e.client_y() as f64 - rect.top()) / rect.height() * h;
        camera.dispatch(CameraAction::Set(Camera {
            scale: c.scale,
            x: w / 2.0 - x,
            y: h / 2.0 - y,
        }));
    });
    html! {
        <svg class="minimap" id="minimap" viewBox={format!("0 0 {w} {h}")} role="img"
            aria-label={t("minimap.label")} {onclick}>
            { for layout.regions.values().map(|r| html! {
                <rect class="mm-region" x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} />
            }) }
            { for layout.tiles.iter().map(|t| html! {
                <rect class="mm-tile" x={px(t.x)} y={px(t.y)} width={px(t.w)} height={px(t.h)} />
            }) }
            <rect class="mm-view" x={px(vx)} y={px(vy)} width={px(vw)} height={px(vh)} />
        </svg>
    }
}

/// `text` broken at ` · ` into at most `lines` lines of `max` characters;
/// what does not fit ends the last line with an ellipsis.
fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for (i, item) in text.split(" · ").enumerate() {
        let piece = if i == 0 {
            item.to_string()
        } else {
            format!(" · {item}")
        };
        let count = out.len();
        let last = out.last_mut().expect("never empty");
        if last.chars().count() + piece.chars().count() <= max || last.is_empty() || count >= lines
        {
            last.push_str(&piece);
        } else {
            out.push(format!("· {item}"));
        }
    }
    out.into_iter().map(|l| ellipsis(&l, max)).collect()
}

/// How many characters of the drawing's monospace text fit in `width`.
fn chars_for(width: f64) -> usize {
    (width / 7.3).floor().max(4.0) as usize
}

/// `text` cut to `max` characters by an ellipsis in the middle, keeping
/// more of the end: `host-port-b…ers-broken-1`.
fn ellipsis_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head = (max.saturating_sub(1)) * 2 / 5;
    let tail = max.saturating_sub(1) - head;
    let mut cut: String = text.chars().take(head).collect();
    cut.push('…');
    cut.extend(text.chars().skip(count - tail));
    cut
}

/// `text` cut to `max` characters with an ellipsis; the full text is in
/// the element's title and aria-label.
fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// The caption: what the current event did, in plain words from the
/// explanation catalogue, with the command (and its line) that caused it.
fn caption(sim: &Sim, scene: &Scene, pos: usize, on_reveal: &Callback<u32>) -> Html {
    let Some(event) = pos.checked_sub(1).and_then(|i| sim.events.get(i)) else {
        return html! {
            <p class="caption" id="caption" aria-live="polite">
                { t("caption.start") }
            </p>
        };
    };
    let text = crate::words::catalogue()
        .explain(scene, event)
        .unwrap_or_else(|e| e.to_string());
    let cause = sim
        .step_of_event(event.seq)
        .and_then(|i| sim.steps.get(i))
        .filter(|step| step.line > 0)
        .map(|step| {
            (
                step.line,
                tf(
                    "caption.line",
                    &[("line", &step.line), ("text", &step.text)],
                ),
            )
        });
    html! {
        <p class="caption" id="caption" aria-live="polite">
            <span class="caption-time">{ event.time.to_string() }</span>
            { " " }{ text }
            { for cause.map(|(line, c)| html! {
                <button class="caption-cause" id="caption-cause" title={t("caption.show_line")}
                    onclick={on_reveal.reform(move |_: MouseEvent| line)}>{ c }</button>
            }) }
        </p>
    }
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
            DnsReason::NoNetworkLeft => "no-network-left",
        };
        // Up the asker's veth to its branch, along the bus to the start of
        // the bridge where its embedded DNS is drawn; or, without one, up
        // to the host's resolver.
        let tile = network
            .and_then(|n| self.layout.tile_on(owner, n))
            .or_else(|| self.layout.home_tile(owner));
        let Some(tile) = tile else {
            return (Vec::new(), answered, label, reason);
        };
        let mut points = vec![(tile.port_x(), tile.y)];
        match (
            &answer.reason,
            network.and_then(|n| self.layout.dns_point(n)),
        ) {
            (DnsReason::NoNetwork | DnsReason::Literal, _) => {
                points.push((tile.port_x(), tile.y - 12.0))
            }
            (_, Some((dx, dy))) => {
                let bus_y = tile.bus_y.unwrap_or(dy);
                points.push((tile.port_x(), bus_y));
                points.push((dx, bus_y));
                points.push((dx, dy));
            }
            _ => {
                let (hx, hy) = self.layout.host_point();
                let top = tile.bus_y.unwrap_or(tile.y) - 8.0;
                points.push((tile.port_x(), top));
                points.push((hx, top.min(hy + 30.0)));
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
        let sender = self.owner(from);
        let start = self.layout.home_tile(sender).map(|t| (t.port_x(), t.y));
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
                } => {
                    if let Some(t) = self.layout.tile_on(*container, *network) {
                        points.push((t.port_x(), t.y));
                        points.extend(t.bus_y.map(|y| (t.port_x(), y)));
                    }
                }
                Hop::In {
                    container, network, ..
                } => {
                    let (Some(t), Some(r)) = (
                        self.layout.tile_on(*container, *network),
                        self.layout.region(*network),
                    ) else {
                        continue;
                    };
                    let bus_y = t.bus_y.unwrap_or(t.y);
                    // Along the branch to the trunk, down or up the trunk to
                    // the receiver's branch, along it to the receiver.
                    if let Some(&(_, ly)) = points.last() {
                        if ly != bus_y {
                            points.push((r.trunk_x, ly));
                            points.push((r.trunk_x, bus_y));
                        }
                    } else {
                        points.push((r.trunk_x, bus_y));
                    }
                    points.extend([(t.port_x(), bus_y), (t.port_x(), t.y)]);
                }
                Hop::Bridge { .. } => {}
                Hop::Loopback { container } => {
                    if let Some(t) = self.layout.home_tile(*container) {
                        let (x, y) = (t.x + t.w / 2.0, t.y + t.h);
                        points.extend([
                            (x - 24.0, y),
                            (x - 24.0, y + 18.0),
                            (x + 24.0, y + 18.0),
                            (x + 24.0, y),
                        ]);
                    }
                }
                Hop::HostStack => {
                    let (hx, hy) = self.layout.host_point();
                    if let Some(&(lx, ly)) = points.last() {
                        let up = (ly - 10.0).min(hy + 40.0);
                        points.push((lx, up));
                        points.push((hx, up));
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
        use composenet_model::event::ConnectOutcome;
        let refused = match outcome {
            Some(ConnectOutcome::Refused) => Some((t("packet.not_ready"), "refused")),
            Some(ConnectOutcome::NotListening { port, .. }) => Some((
                tf("packet.not_listening", &[("port", port)]),
                "not-listening",
            )),
            Some(ConnectOutcome::LoopbackOnly { .. }) => {
                Some((t("packet.loopback"), "loopback-only"))
            }
            _ => None,
        };
        let (delivered, label, reason) = match (&route.verdict, refused) {
            (Verdict::Delivered(_), Some((why, reason))) => {
                (false, format!("{target}: {why}"), reason)
            }
            (Verdict::Delivered(Peer::Container(c)), None) => {
                (true, format!("→ {}", name(*c)), "delivered")
            }
            (Verdict::Delivered(Peer::Host), None) => (true, "→ the host".to_string(), "delivered"),
            (Verdict::Dropped(r), _) => {
                let (text, reason) = match r {
                    DropReason::SenderNotRunning => (t("packet.not_running"), "not-running"),
                    DropReason::NoNetwork => (t("packet.no_network"), "no-network"),
                    DropReason::NoSuchAddress { .. } => {
                        (tf("packet.nobody", &[("ip", &route.to)]), "no-such-address")
                    }
                    DropReason::OtherNetwork { .. } => (t("packet.other_network"), "other-network"),
                    DropReason::Internal => (t("packet.internal"), "internal"),
                    DropReason::NoRoute => (t("packet.no_route"), "no-route"),
                    DropReason::OutsideHost => (t("packet.outside"), "outside-host"),
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
