//! The page: state, actions and layout. Every change goes through
//! [`Model::reduce`]; the URL is written from the model, and read back into
//! it on load and on back/forward.

use std::rc::Rc;

use composenet_model::EngineVersion;
use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::editor::Editor;
use crate::gallery;
use crate::sim::{simulate, Input, Sim};
use crate::timeline::{Timeline, SPEEDS};
use crate::topology::{Selection, Topology};
use crate::url::{self, Pos, Source, UrlState, View};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Terminal,
    Inspector,
}

#[derive(Clone)]
pub struct Model {
    pub url: UrlState,
    pub input: Input,
    /// `None` only after a crash, until the next edit.
    pub sim: Option<Rc<Sim>>,
    pub pos: usize,
    pub playing: bool,
    pub interval_ms: u32,
    pub tab: usize,
    pub selected: Option<Selection>,
    pub panel: Panel,
    /// What the URL asked for that could not be used.
    pub problems: Vec<String>,
    /// The message of the panic the page restarted from.
    pub crashed: Option<String>,
}

pub enum Action {
    /// Open what a URL says (on load, and on back/forward).
    Open(UrlState, Vec<String>),
    Pick(String),
    Edit(usize, String),
    Seek(usize),
    Step(isize),
    Toggle,
    Tick,
    Speed(u32),
    View(View),
    Engine(EngineVersion),
    Select(Option<Selection>),
    Tab(usize),
    Panel(Panel),
}

impl Model {
    /// The model a URL describes. After a crash the simulation waits for
    /// the next edit, so a scenario that crashes cannot crash-loop the page.
    pub fn from_url(state: UrlState, problems: Vec<String>, crashed: Option<String>) -> Model {
        let input = match &state.source {
            Source::Builtin(id) => Input::from_entry(gallery::find(id).expect("parse checks ids")),
            Source::Custom(input) => input.clone(),
        };
        let sim = if crashed.is_some() {
            None
        } else {
            Some(Rc::new(simulate(&input, state.engine)))
        };
        let pos = sim
            .as_ref()
            .map(|s| state.pos.resolve(s.events.len()))
            .unwrap_or(0);
        let tab = if input.files.iter().any(|(_, t)| !t.trim().is_empty()) {
            0
        } else {
            input.files.len()
        };
        Model {
            url: state,
            input,
            sim,
            pos,
            playing: false,
            interval_ms: SPEEDS[1].1,
            tab,
            selected: None,
            panel: Panel::Terminal,
            problems,
            crashed,
        }
    }

    fn len(&self) -> usize {
        self.sim.as_ref().map(|s| s.events.len()).unwrap_or(0)
    }

    /// The URL's view of the model: the position is `end` at the end, so a
    /// link to the end stays at the end when the scenario grows.
    pub fn url_state(&self) -> UrlState {
        let pos = if self.sim.is_some() && self.pos == self.len() && self.pos > 0 {
            Pos::End
        } else {
            Pos::At(self.pos)
        };
        UrlState {
            pos,
            ..self.url.clone()
        }
    }

    fn seek(&mut self, n: usize) {
        self.pos = n.min(self.len());
        if self.pos == self.len() {
            self.playing = false;
        }
    }

    /// Re-plays after the input or the engine changed, keeping the place
    /// when it still exists.
    fn replay(&mut self) {
        // The URL is written before the model runs: if it panics, the page
        // restarts from this URL with the person's text intact.
        write_url(&self.url_state(), false);
        let sim = Rc::new(simulate(&self.input, self.url.engine));
        self.pos = self.pos.min(sim.events.len());
        self.sim = Some(sim);
        self.crashed = None;
        if let Some(Selection::Container(id)) = self.selected {
            if !self.sim.as_ref().unwrap().layout.home.contains_key(&id) {
                self.selected = None;
            }
        }
    }
}

impl Reducible for Model {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut m = (*self).clone();
        match action {
            Action::Open(state, problems) => {
                let crashed = m.crashed.clone().filter(|_| m.sim.is_none());
                m = Model::from_url(state, problems, crashed);
            }
            Action::Pick(id) => {
                let state = UrlState {
                    source: Source::Builtin(id),
                    pos: Pos::At(0),
                    ..m.url.clone()
                };
                write_url(&state, true);
                m = Model::from_url(state, Vec::new(), None);
            }
            Action::Edit(tab, text) => {
                if tab < m.input.files.len() {
                    m.input.files[tab].1 = text;
                } else {
                    m.input.commands = text;
                }
                m.url.source = Source::Custom(m.input.clone());
                m.playing = false;
                m.replay();
            }
            Action::Seek(n) => m.seek(n),
            Action::Step(d) => {
                let n = if d < 0 {
                    m.pos.saturating_sub(d.unsigned_abs())
                } else {
                    m.pos + d as usize
                };
                m.playing = false;
                m.seek(n);
            }
            Action::Toggle => {
                if m.playing {
                    m.playing = false;
                } else if m.sim.is_some() {
                    if m.pos >= m.len() {
                        m.pos = 0;
                    }
                    m.playing = m.len() > 0;
                }
            }
            Action::Tick => {
                if m.playing {
                    let n = m.pos + 1;
                    m.seek(n);
                }
            }
            Action::Speed(ms) => m.interval_ms = ms,
            Action::View(v) => m.url.view = v,
            Action::Engine(e) => {
                m.url.engine = e;
                m.replay();
            }
            Action::Select(s) => {
                m.selected = s;
                m.panel = if s.is_some() {
                    Panel::Inspector
                } else {
                    Panel::Terminal
                };
            }
            Action::Tab(t) => m.tab = t,
            Action::Panel(p) => m.panel = p,
        }
        Rc::new(m)
    }
}

/// Writes the page's state into the address bar: a new history entry when
/// the scenario, view or engine changes, the same entry while only the
/// position moves (playing would otherwise flood the history).
pub fn write_url(state: &UrlState, push: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let query = state.to_query();
    let current = window.location().search().unwrap_or_default();
    if current == query {
        return;
    }
    let Ok(history) = window.history() else {
        return;
    };
    let url = format!(
        "{}{}",
        window.location().pathname().unwrap_or_default(),
        query
    );
    let _ = if push {
        history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
    };
}

fn without_step(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.starts_with("step="))
        .collect::<Vec<_>>()
        .join("&")
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The query string to open (the page's own on a real load).
    pub query: String,
    /// The message of a panic the page restarted from, if any.
    #[prop_or_default]
    pub crashed: Option<String>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let model = {
        let query = props.query.clone();
        let crashed = props.crashed.clone();
        use_reducer(move || {
            let (state, problems) = url::parse(&query);
            Model::from_url(state, problems, crashed)
        })
    };

    // The URL follows the model.
    {
        let state = model.url_state();
        use_effect_with(state.to_query(), move |query| {
            let current = web_sys::window()
                .and_then(|w| w.location().search().ok())
                .unwrap_or_default();
            let push = without_step(&current) != without_step(query) && !current.is_empty();
            write_url(&state, push);
        });
    }
    // Back/forward reopen what the URL says.
    {
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    let query = web_sys::window()
                        .and_then(|w| w.location().search().ok())
                        .unwrap_or_default();
                    let (state, problems) = url::parse(&query);
                    dispatch.dispatch(Action::Open(state, problems));
                })
            });
            move || drop(listener)
        });
    }
    // Keyboard: space plays and pauses, arrows step, Home/End jump —
    // except while typing in the editor or a form control.
    {
        let dispatch = model.dispatcher();
        let len = model.len();
        use_effect_with(len, move |len| {
            let len = *len;
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                EventListener::new(&doc, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let typing = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT"))
                        .unwrap_or(false);
                    if typing {
                        return;
                    }
                    let action = match e.key().as_str() {
                        " " => Action::Toggle,
                        "ArrowRight" => Action::Step(1),
                        "ArrowLeft" => Action::Step(-1),
                        "Home" => Action::Seek(0),
                        "End" => Action::Seek(len),
                        _ => return,
                    };
                    e.prevent_default();
                    dispatch.dispatch(action);
                })
            });
            move || drop(listener)
        });
    }
    // Playing: one event per tick.
    {
        let dispatch = model.dispatcher();
        use_effect_with((model.playing, model.interval_ms), move |(playing, ms)| {
            let interval =
                playing.then(|| Interval::new(*ms, move || dispatch.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }

    let d = model.dispatcher();
    let on_edit = {
        let d = d.clone();
        Callback::from(move |(tab, text)| d.dispatch(Action::Edit(tab, text)))
    };
    let on_tab = {
        let d = d.clone();
        Callback::from(move |t| d.dispatch(Action::Tab(t)))
    };
    let on_seek = {
        let d = d.clone();
        Callback::from(move |n| d.dispatch(Action::Seek(n)))
    };
    let on_toggle = {
        let d = d.clone();
        Callback::from(move |_| d.dispatch(Action::Toggle))
    };
    let on_speed = {
        let d = d.clone();
        Callback::from(move |ms| d.dispatch(Action::Speed(ms)))
    };
    let on_select = {
        let d = d.clone();
        Callback::from(move |s| d.dispatch(Action::Select(s)))
    };
    let on_close = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Select(None)))
    };
    let on_engine = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse() {
                d.dispatch(Action::Engine(v));
            }
        })
    };
    let view_button = |v: View, label: &'static str| {
        let d = d.clone();
        let pressed = model.url.view == v;
        html! {
            <button aria-pressed={pressed.to_string()} class={classes!(pressed.then_some("on"))}
                id={format!("view-{}", label)}
                onclick={Callback::from(move |_| d.dispatch(Action::View(v)))}>{ label }</button>
        }
    };
    let panel_button = |p: Panel, label: &'static str| {
        let d = d.clone();
        let pressed = model.panel == p;
        html! {
            <button role="tab" aria-selected={pressed.to_string()} class={classes!("tab", pressed.then_some("active"))}
                id={format!("panel-{}", label)}
                onclick={Callback::from(move |_| d.dispatch(Action::Panel(p)))}>{ label }</button>
        }
    };
    let current_id = match &model.url.source {
        Source::Builtin(id) => Some(id.clone()),
        Source::Custom(_) => None,
    };
    let about = current_id
        .as_deref()
        .and_then(gallery::find)
        .map(|e| e.about.to_string())
        .unwrap_or_else(|| "Your own scenario: edit the compose file or the commands; the link in the address bar carries your text.".to_string());
    let diagnostics = model
        .sim
        .as_ref()
        .map(|s| s.diagnostics.clone())
        .unwrap_or_default();

    html! {
        <div class="page">
            <header>
                <h1>{ "composenet" }</h1>
                <span class="tagline">{ "what Docker does on the network, step by step — simulated in your browser" }</span>
                <div class="views" role="group" aria-label="View">
                    { view_button(View::Linux, "linux") }
                    { view_button(View::Services, "services") }
                </div>
                <label>{ "engine " }
                    <select onchange={on_engine} aria-label="Docker engine version" id="engine">
                        { for EngineVersion::ALL.iter().map(|e| html! {
                            <option value={e.to_string()} selected={*e == model.url.engine}>{ e.full_version() }</option>
                        }) }
                    </select>
                </label>
                <button class="theme" onclick={Callback::from(|_| toggle_theme())} aria-label="Switch between light and dark">{ "◐" }</button>
            </header>
            { for model.crashed.as_ref().map(|msg| html! {
                <div class="crash" role="alert" id="crash">
                    <strong>{ "The simulator crashed: " }</strong>{ msg.clone() }
                    <span>{ " — your text is kept; edit it to run the simulation again." }</span>
                </div>
            }) }
            { for model.problems.iter().map(|p| html! { <div class="problem" role="status">{ p.clone() }</div> }) }
            <nav class="gallery" aria-label="Gallery">
                { for gallery::ENTRIES.iter().map(|e| {
                    let d = d.clone();
                    let id = e.id.to_string();
                    let current = current_id.as_deref() == Some(e.id);
                    html! {
                        <button id={format!("gallery-{}", e.id)} title={e.about}
                            class={classes!("entry", current.then_some("current"))}
                            aria-current={current.then_some("page")}
                            onclick={Callback::from(move |_| d.dispatch(Action::Pick(id.clone())))}>
                            { e.title }
                        </button>
                    }
                }) }
            </nav>
            <p class="about" id="about">{ about }</p>
            <main>
                <Editor input={model.input.clone()} tab={model.tab} diagnostics={diagnostics}
                    on_edit={on_edit} on_tab={on_tab} />
                { match &model.sim {
                    Some(sim) => html! {
                        <div class="stage">
                            <Topology sim={sim.clone()} pos={model.pos} view={model.url.view}
                                selected={model.selected} on_select={on_select} />
                            <div class="lower">
                                <Timeline sim={sim.clone()} pos={model.pos} playing={model.playing}
                                    interval_ms={model.interval_ms} on_seek={on_seek}
                                    on_toggle={on_toggle} on_speed={on_speed} />
                                <div class="side">
                                    <div class="tabs" role="tablist">
                                        { panel_button(Panel::Terminal, "terminal") }
                                        { panel_button(Panel::Inspector, "inspector") }
                                    </div>
                                    { match model.panel {
                                        Panel::Terminal => terminal(sim, model.pos),
                                        Panel::Inspector => crate::inspector::view(sim, model.pos, model.selected, on_close),
                                    } }
                                </div>
                            </div>
                        </div>
                    },
                    None => html! { <div class="stage empty"><p>{ "Edit the scenario to run it again." }</p></div> },
                } }
            </main>
        </div>
    }
}

/// The commands run so far and what they printed.
fn terminal(sim: &Sim, pos: usize) -> Html {
    let done = sim.steps_done(pos);
    html! {
        <pre class="terminal" id="terminal" aria-label="Terminal output">
            { for sim.steps[..done].iter().map(|s| s.to_string()) }
        </pre>
    }
}

fn toggle_theme() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = doc.document_element() else {
        return;
    };
    let dark = match root.get_attribute("data-theme").as_deref() {
        Some("dark") => false,
        Some("light") => true,
        _ => !web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|m| m.matches())
            .unwrap_or(false),
    };
    let theme = if dark { "dark" } else { "light" };
    let _ = root.set_attribute("data-theme", theme);
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item("composenet-theme", theme);
    }
}
