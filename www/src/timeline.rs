//! The timeline: every event of the model's log, grouped under the command
//! that caused it, with the controls of a network simulator's simulation
//! mode (play, pause, step, speed, a scrubber).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::Sim;
use crate::words::{t, tf};

/// Playback speeds, as milliseconds per event.
pub const SPEEDS: &[(&str, u32)] = &[("0.5×", 1400), ("1×", 700), ("2×", 350), ("4×", 170)];

#[derive(Properties, Clone)]
pub struct Props {
    pub sim: Rc<Sim>,
    pub pos: usize,
    pub playing: bool,
    pub interval_ms: u32,
    pub on_seek: Callback<usize>,
    pub on_toggle: Callback<()>,
    pub on_speed: Callback<u32>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.pos == other.pos
            && self.playing == other.playing
            && self.interval_ms == other.interval_ms
    }
}

#[function_component(Timeline)]
pub fn timeline(props: &Props) -> Html {
    let list = use_node_ref();
    // The rows are drawn once per simulation (see `rows`); a step only
    // moves the marks, here: the current event, and the rows still
    // to come (dimmed), changed between the last position and this one
    // only, so that one step touches two rows of thousands. A new
    // simulation marks every row again.
    let marked = use_mut_ref(|| None::<(usize, usize)>);
    {
        let list = list.clone();
        let sim = Rc::as_ptr(&props.sim) as usize;
        use_effect_with((props.pos, sim), move |&(pos, sim)| {
            let Some(el) = list.cast::<web_sys::Element>() else {
                return;
            };
            let Ok(rows) = el.query_selector_all(".event") else {
                return;
            };
            let last = match marked.replace(Some((sim, pos))) {
                Some((s, p)) if s == sim => Some(p),
                _ => None,
            };
            let (from, to) = match last {
                Some(p) => (p.min(pos), p.max(pos) + 1),
                None => (0, rows.length() as usize + 1),
            };
            // Row i shows event i + 1: current at pos, to come after it.
            for i in from.saturating_sub(1)..to.min(rows.length() as usize) {
                let Some(row) = rows
                    .item(i as u32)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let n = i + 1;
                let _ = if n > pos {
                    row.set_attribute("data-future", "")
                } else {
                    row.remove_attribute("data-future")
                };
                let _ = if n == pos {
                    row.set_attribute("aria-current", "step")
                } else {
                    row.remove_attribute("aria-current")
                };
                if n == pos {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    row.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            }
        });
    }
    // The rows, as markup made once per simulation: a step changes no
    // row's text, so yew finds the same markup and leaves the list alone.
    let rows = use_memo(Rc::as_ptr(&props.sim) as usize, |_| {
        AttrValue::from(rows(&props.sim))
    });
    // One listener for every row: the row's `data-n` is the position it
    // seeks to (a button's click, or Enter on it).
    let onclick = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            let n = crate::data_at(&e, "data-n").and_then(|n| n.parse().ok());
            if let Some(n) = n {
                on_seek.emit(n);
            }
        })
    };
    html! {
        <section class="timeline" aria-label={t("timeline.label")}>
            { controls(props) }
            <div class="events" role="list" ref={list} {onclick}>
                { Html::from_html_unchecked((*rows).clone()) }
            </div>
        </section>
    }
}

/// Every event, under the command that caused it, as escaped markup.
fn rows(sim: &Sim) -> String {
    use composenet_draw::escape;
    // The rows go in chunks of 32 events, plain `<div>`s that a screen
    // reader passes over (it finds one list of every row): when anything
    // beside the list changes (the scrubber, the position's text), the
    // browser lays the list out again, and it reuses a chunk that did not
    // change as one piece instead of visiting each of a thousand rows
    // (1 ms a step at 200 containers, measured in Chromium).
    let mut out = String::from("<div>");
    let mut shown_step = None;
    for (i, e) in sim.events.iter().enumerate() {
        if i % 32 == 31 {
            out += "</div><div>";
        }
        let step = sim.step_of_event(i);
        if step != shown_step {
            shown_step = step;
            let text = match step.map(|s| &sim.steps[s]) {
                None if i == 0 => Some(t("timeline.daemon")),
                None => None,
                // Line 0 is the player's own step after the last line:
                // the timers that are still pending run.
                Some(s) if s.line == 0 => Some(t("timeline.settle")),
                Some(s) => Some(format!("{} {}", s.prompt, s.text)),
            };
            if let Some(text) = text {
                out += &format!(
                    "<div role=\"listitem\" class=\"command\">{}</div>",
                    escape(&text)
                );
            }
        }
        out += &format!(
            "<div role=\"listitem\" class=\"event {}\" data-n=\"{}\"><button><span class=\"time\">{}</span><span class=\"what\">{}</span></button></div>",
            kind_class(&e.kind),
            i + 1,
            e.time,
            escape(&summary(e))
        );
    }
    out + "</div>"
}

/// A button's callback that goes to position `n`.
fn seek(props: &Props, n: usize) -> Callback<MouseEvent> {
    let on_seek = props.on_seek.clone();
    Callback::from(move |_: MouseEvent| on_seek.emit(n))
}

/// Play, pause, step, speed and the scrubber.
fn controls(props: &Props) -> Html {
    let (pos, len) = (props.pos, props.sim.events.len());
    let on_scrub = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().parse() {
                on_seek.emit(n);
            }
        })
    };
    let on_speed = {
        let on_speed = props.on_speed.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(ms) = select.value().parse() {
                on_speed.emit(ms);
            }
        })
    };
    let toggle = {
        let t = props.on_toggle.clone();
        Callback::from(move |_: MouseEvent| t.emit(()))
    };
    let now = if pos == 0 {
        t("timeline.before")
    } else {
        tf(
            "timeline.now",
            &[
                ("pos", &pos),
                ("len", &len),
                ("time", &props.sim.events[pos - 1].time),
            ],
        )
    };
    html! {
        <div class="controls" role="toolbar" aria-label={t("timeline.playback")}>
            <button onclick={seek(props, 0)} disabled={pos == 0} title={t("timeline.start")} aria-label={t("timeline.start_label")}>{"|◀◀"}</button>
            <button onclick={seek(props, pos.saturating_sub(1))} disabled={pos == 0} title={t("timeline.back")} aria-label={t("timeline.back_label")} id="step-back">{"◀"}</button>
            <button onclick={toggle} class="play" id="play" title={t("timeline.play_title")}
                aria-label={if props.playing { t("timeline.pause_label") } else { t("timeline.play_label") }}>
                { if props.playing { t("timeline.pause") } else { t("timeline.play") } }
            </button>
            <button onclick={seek(props, (pos + 1).min(len))} disabled={pos >= len} title={t("timeline.forward")} aria-label={t("timeline.forward_label")} id="step-forward">{"▶"}</button>
            <button onclick={seek(props, len)} disabled={pos >= len} title={t("timeline.end")} aria-label={t("timeline.end_label")} id="to-end">{"▶▶|"}</button>
            <label class="speed">{ t("timeline.speed") }{ " " }
                <select onchange={on_speed} aria-label={t("timeline.speed_label")}>
                    { for SPEEDS.iter().map(|(label, ms)| html! {
                        <option value={ms.to_string()} selected={*ms == props.interval_ms}>{ *label }</option>
                    }) }
                </select>
            </label>
            <input type="range" id="scrubber" min="0" max={len.to_string()} value={pos.to_string()}
                oninput={on_scrub} aria-label={t("timeline.scrubber")} />
            <span class="now" aria-live="polite">{ now }</span>
        </div>
    }
}

/// The event's one line in the page's language (the English line is the
/// event's own `Display`, which a native test holds it to).
pub fn summary(e: &composenet_model::event::Event) -> String {
    let message = composenet_play::explain::summary(&e.kind);
    crate::words::catalogue()
        .render(&message)
        .unwrap_or_else(|_| message.key.to_string())
}

/// A class per kind of event, so the list can mark what kind of change it
/// is with more than colour (each class also has an icon in the CSS).
fn kind_class(kind: &composenet_model::event::EventKind) -> &'static str {
    use composenet_model::event::EventKind::*;
    match kind {
        NetworkCreated { .. } | BridgeCreated { .. } | NetworkRemoved { .. } => "k-network",
        AddressAllocated { .. } | AddressReleased { .. } => "k-address",
        InterfaceCreated { .. } | InterfaceRemoved { .. } => "k-veth",
        DnsRegistered { .. } | DnsRemoved { .. } => "k-dns",
        ContainerCreated { .. }
        | ContainerStarted { .. }
        | ContainerRenamed { .. }
        | ContainerRemoved { .. } => "k-container",
        ContainerExited { .. }
        | RestartScheduled { .. }
        | RestartCancelled { .. }
        | Repeated { .. } => "k-exit",
        HealthChanged { .. } | AppReady { .. } => "k-health",
        ConnectAttempt { .. }
        | Ping { .. }
        | DnsQuery { .. }
        | UpstreamResolved { .. }
        | ProxyForwarded { .. } => "k-connect",
        PortPublished { .. } | PortReleased { .. } | PortsDiscarded { .. } => "k-port",
        ComposeWaiting { .. } | ComposeRecreate { .. } => "k-note",
        VolumeCreated { .. } | VolumeRemoved { .. } => "k-volume",
    }
}
