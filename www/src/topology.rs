//! The topology drawing: an SVG of one [`Scene`] placed by the scenario's
//! [`Layout`]. It draws only what the scene says; highlighting follows the
//! scene's focus (what the last event touched).

use std::rc::Rc;

use composenet_play::scene::Scene;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::layout::Layout;
use crate::sim::Sim;
use crate::url::View;
use crate::words::{t, tf};

pub use composenet_draw::Selection;

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
    let pane = use_node_ref();
    // The pane's size, from a ResizeObserver: its first report comes
    // after the page is laid out and before it is painted, so the first
    // picture is drawn once, for this pane (and again when the pane
    // changes, with the window or the panes beside it). The layout is
    // packed for its shape, so the drawing is as large as it can be; and
    // the drawing gets it in pixels, not as 100%: a box sized in percent
    // is laid out again, every text of it, whenever anything around it is
    // (10 ms a step at 200 containers).
    let size = use_state_eq(|| None::<(i32, i32)>);
    {
        let (pane, size) = (pane.clone(), size.clone());
        use_effect_with((), move |_| {
            let element = pane.cast::<web_sys::Element>();
            let measure = move || {
                if let Some(el) = pane.cast::<web_sys::Element>() {
                    let (w, h) = (el.client_width(), el.client_height());
                    if w > 0 && h > 0 {
                        size.set(Some((w, h)));
                    }
                }
            };
            let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
            let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, &element) {
                o.observe(el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }
    // Rounded, so a small resize does not repack.
    let aspect = size.map_or(crate::layout::DEFAULT_ASPECT, |(w, h)| {
        (w as f64 / h as f64 * 10.0).round() / 10.0
    });
    let (width, height) = size.map_or(("100%".to_string(), "100%".to_string()), |(w, h)| {
        (w.to_string(), h.to_string())
    });
    // Until the pane is measured nothing is drawn (an empty layout): the
    // first picture is packed once, for the pane it is shown in.
    let measured = size.is_some();
    let layout_rc = use_memo(
        (
            Rc::as_ptr(&props.sim) as usize,
            (aspect * 10.0) as i64,
            measured,
        ),
        |_| {
            let sim = &props.sim;
            if !measured {
                Layout::for_pane(&sim.initial, &[], aspect)
            } else if (aspect - crate::layout::DEFAULT_ASPECT).abs() < 0.05 {
                sim.layout().clone()
            } else {
                Layout::for_pane(&sim.initial, &sim.events, aspect)
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
    // The search box's suggestions, as markup: yew compares one string at
    // a step instead of two hundred options.
    let mut names = String::new();
    for name in scene
        .live_containers()
        .map(|c| &c.name)
        .chain(scene.live_networks().map(|n| &n.name))
    {
        names += &format!(
            "<option value=\"{}\"></option>",
            composenet_draw::escape(name)
        );
    }

    let c = camera.0;
    let transform = format!(
        "translate({} {}) scale({}) translate({} {})",
        px(layout.width / 2.0),
        px(layout.height / 2.0),
        scale_text(c.scale),
        px(c.x - layout.width / 2.0),
        px(c.y - layout.height / 2.0)
    );
    let view_box = format!("0 0 {} {}", px(layout.width), px(layout.height));
    let markers = props.sim.markers(props.pos);
    let parts = composenet_draw::Drawing {
        scene: &scene,
        layout,
        view: props.view,
        selected: props.selected,
        words: crate::words::ui(),
        warnings: &markers,
    }
    .parts();
    // Clicks and Enter on a region or a tile select it: the drawing is
    // markup, so one listener on the <svg> reads the element's
    // `data-select`.
    let picked = |e: &web_sys::Event| {
        crate::data_at(e, "data-select").and_then(|key| Selection::from_key(&key))
    };
    let onclick = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(s) = picked(&e) {
                on_select.emit(Some(s));
            }
        })
    };
    let onkeydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                if let Some(s) = picked(&e) {
                    e.prevent_default();
                    on_select.emit(Some(s));
                }
            }
        })
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
                <datalist id="find-names">{ Html::from_html_unchecked(names.into()) }</datalist>
            </div>
            { minimap(layout, c, camera.dispatcher()) }
            <div class="drawing" ref={pane}>
            <svg id="topology" {width} {height} viewBox={view_box} preserveAspectRatio="xMidYMin meet"
                role="img" aria-label={label}
                ref={svg} {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()}
                onpointerleave={onpointerup} {onclick} {onkeydown}>
                // One raw node per slot of the drawing: yew compares each
                // with the last step's and replaces only those that
                // changed, so a step touches a few tiles, not the whole
                // drawing.
                <g transform={transform}>
                    { for parts.into_iter().map(|p| Html::from_html_unchecked(p.into())) }
                </g>
            </svg>
            </div>
        </div>
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
    // Markup, like the drawing: only the frame moves as the view does.
    let rect = |class: &str, x: f64, y: f64, w: f64, h: f64| {
        format!(
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            px(x),
            px(y),
            px(w),
            px(h)
        )
    };
    let mut shapes = String::new();
    for r in layout.regions.values() {
        shapes += &rect("mm-region", r.x, r.y, r.w, r.h);
    }
    for t in &layout.tiles {
        shapes += &rect("mm-tile", t.x, t.y, t.w, t.h);
    }
    shapes += &rect("mm-view", vx, vy, vw, vh);
    html! {
        <svg class="minimap" id="minimap" viewBox={format!("0 0 {} {}", px(w), px(h))} role="img"
            aria-label={t("minimap.label")} {onclick}>
            { Html::from_html_unchecked(shapes.into()) }
        </svg>
    }
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

/// A zoom factor as text, to a thousandth.
fn scale_text(v: f64) -> String {
    let thousandths = (v * 1000.0).round().max(0.0) as u64;
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}

/// An SVG coordinate.
fn px(v: f64) -> String {
    composenet_draw::coord(v)
}
