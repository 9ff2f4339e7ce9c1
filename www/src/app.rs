//! The page's layout: the [`App`] holds the [`State`] and its effects
//! ([`crate::hooks`]) and lays out the header, the gallery, the editor and
//! the stage, each a component that sends [`Action`]s.

use std::rc::Rc;

use composenet_model::EngineVersion;
use yew::prelude::*;

use crate::editor::Editor;
use crate::gallery;
use crate::hooks::{
    switch_theme, use_back_forward, use_playback, use_send, use_shortcuts, use_url,
};
use crate::sim::Sim;
use crate::state::{Action, Panel, State};
use crate::timeline::Timeline;
use crate::topology::{Selection, Topology};
use crate::url::{self, View};
use crate::words::t;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// The query string to open (the page's own on a real load).
    pub query: String,
    /// The message of a panic the page restarted from, if any.
    #[prop_or_default]
    pub crashed: Option<String>,
}

thread_local! {
    /// The state the page opens with, when [`prepare`] made it before the
    /// first render. Taken once.
    static PREPARED: std::cell::RefCell<Option<State>> = const { std::cell::RefCell::new(None) };
}

/// Makes the state the page opens with (running the model) ahead of the
/// first render, so that the page can give the browser a turn between the
/// two: at 200 containers they were one task of about 100 ms, the page
/// frozen all along. The app takes it instead of making its own.
pub fn prepare(props: &AppProps) {
    let state = opening(props);
    PREPARED.with(|p| *p.borrow_mut() = Some(state));
}

/// The state the page opens with: what its query says, run.
fn opening(props: &AppProps) -> State {
    let (url, problems) = url::parse(&props.query);
    State::from_url(url, problems, props.crashed.clone())
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let props = props.clone();
        use_reducer(move || {
            PREPARED
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| opening(&props))
        })
    };
    let send = use_send(&state);
    use_url(&state);
    use_back_forward(send.clone());
    use_shortcuts(send.clone());
    use_playback(state.playing, state.interval_ms, send.clone());

    let diagnostics = state
        .sim
        .as_ref()
        .map(|s| s.diagnostics.clone())
        .unwrap_or_default();
    let warnings = state
        .sim
        .as_ref()
        .map(|s| s.warnings.clone())
        .unwrap_or_default();
    // Embedded in someone's page: the drawing with its caption and the
    // timeline, and a link to open the whole page.
    if state.url.embed {
        let full = url::UrlState {
            embed: false,
            autoplay: false,
            ..state.url_state()
        }
        .to_query();
        return html! {
            <div class="page embed" key={crate::words::lang().code()} lang={crate::words::lang().code()}>
                { match &state.sim {
                    Some(sim) => html! {
                        <div class="stage">
                            <Topology sim={sim.clone()} pos={state.pos} view={state.url.view}
                                selected={state.selected} on_select={send.reform(Action::Select)}
                                on_reveal={Callback::noop()} />
                            <Timeline sim={sim.clone()} pos={state.pos} playing={state.playing}
                                interval_ms={state.interval_ms} on_seek={send.reform(Action::Seek)}
                                on_toggle={send.reform(|_| Action::Toggle)} on_speed={send.reform(Action::Speed)} />
                        </div>
                    },
                    None => html! { <Notices crashed={state.crashed.clone()} problems={state.problems.clone()} /> },
                } }
                <a class="open-full" id="open-full" href={full} target="_blank" rel="noopener">{ t("embed.open") }</a>
            </div>
        };
    }
    // A new language re-mounts the page, so every view speaks it.
    html! {
        <div class="page" key={crate::words::lang().code()} lang={crate::words::lang().code()}>
            <Header view={state.url.view} engine={state.url.engine} send={send.clone()}
                embed_query={url::UrlState { embed: true, ..state.url_state() }.to_query()} />
            <Notices crashed={state.crashed.clone()} problems={state.problems.clone()} />
            <Gallery current={state.gallery_id().map(String::from)} send={send.clone()} />
            <main>
                <Editor input={state.input.clone()} tab={state.tab} diagnostics={diagnostics} warnings={warnings}
                    reveal={state.reveal}
                    on_edit={send.reform(|(tab, text)| Action::Edit(tab, text))}
                    on_tab={send.reform(Action::Tab)} />
                { match &state.sim {
                    Some(sim) => html! {
                        <Stage sim={sim.clone()} pos={state.pos} view={state.url.view}
                            selected={state.selected} playing={state.playing}
                            interval_ms={state.interval_ms} panel={state.panel}
                            send={send.clone()} />
                    },
                    None => html! { <div class="stage empty"><p>{ t("stage.rerun") }</p></div> },
                } }
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct HeaderProps {
    view: View,
    engine: EngineVersion,
    send: Callback<Action>,
    /// The query string of this scene embedded (`embed=1`).
    embed_query: String,
}

/// The title, the view switch, the engine picker and the theme switch.
#[function_component(Header)]
fn header(props: &HeaderProps) -> Html {
    let view_button = |v: View, label: &'static str, key: &'static str| {
        let pressed = props.view == v;
        html! {
            <button aria-pressed={pressed.to_string()} class={classes!(pressed.then_some("on"))}
                id={format!("view-{label}")}
                onclick={props.send.reform(move |_: MouseEvent| Action::View(v))}>{ t(key) }</button>
        }
    };
    let on_engine = {
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse() {
                send.emit(Action::Engine(v));
            }
        })
    };
    let on_lang = {
        let send = props.send.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = crate::words::Lang::parse(&select.value()) {
                send.emit(Action::Lang(l));
            }
        })
    };
    html! {
        <header>
            <h1>{ "composenet" }</h1>
            <span class="tagline">{ t("header.tagline") }</span>
            <div class="views" role="group" aria-label={t("view.group")}>
                { view_button(View::Linux, "linux", "view.linux") }
                { view_button(View::Services, "services", "view.services") }
            </div>
            <label>{ t("header.engine") }{ " " }
                <select onchange={on_engine} aria-label={t("header.engine_label")} id="engine">
                    { for EngineVersion::ALL.iter().map(|e| html! {
                        <option value={e.to_string()} selected={*e == props.engine}>{ e.full_version() }</option>
                    }) }
                </select>
            </label>
            <select id="lang" aria-label="Language / 언어" onchange={on_lang}>
                { for crate::words::Lang::ALL.iter().map(|l| html! {
                    // Each language is named in itself, and says so.
                    <option value={l.code()} lang={l.code()} selected={*l == crate::words::lang()}>{ l.name() }</option>
                }) }
            </select>
            <button class="theme" onclick={switch_theme} aria-label={t("header.theme")}>{ "◐" }</button>
            <EmbedCode query={props.embed_query.clone()} />
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedCodeProps {
    query: String,
}

/// "Copy embed code": the iframe that shows this scene, at this step, in
/// someone's documentation. The code is also shown, for browsers that
/// refuse the clipboard.
#[function_component(EmbedCode)]
fn embed_code(props: &EmbedCodeProps) -> Html {
    let shown = use_state_eq(|| None::<String>);
    let onclick = {
        let (shown, query) = (shown.clone(), props.query.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let location = window.location();
            let base = format!(
                "{}{}",
                location.origin().unwrap_or_default(),
                location.pathname().unwrap_or_default()
            );
            let code = format!(
                "<iframe src=\"{}\" width=\"640\" height=\"400\" style=\"border:0\" loading=\"lazy\" title=\"composenet\"></iframe>",
                composenet_draw::escape(&format!("{base}{query}"))
            );
            let _ = window.navigator().clipboard().write_text(&code);
            shown.set(Some(code));
        })
    };
    html! {
        <>
            <button id="embed" onclick={onclick}>{ t("embed.copy") }</button>
            { for (*shown).clone().map(|code| html! {
                <input id="embed-code" class="embed-code" readonly=true value={code}
                    aria-label={t("embed.code")} />
            }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct NoticesProps {
    crashed: Option<String>,
    problems: Vec<String>,
}

/// The crash banner and what the URL asked for that could not be used.
#[function_component(Notices)]
fn notices(props: &NoticesProps) -> Html {
    html! {
        <>
            { for props.crashed.as_ref().map(|msg| html! {
                <div class="crash" role="alert" id="crash">
                    <strong>{ t("crash.title") }</strong>{ " " }{ t("crash.bug") }
                    { " (" }<code>{ msg.clone() }</code>{ ")" }
                    <span>{ " " }{ t("crash.kept") }</span>
                </div>
            }) }
            { for props.problems.iter().map(|p| html! { <div class="problem" role="status">{ p.clone() }</div> }) }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct GalleryProps {
    /// The gallery id shown, unless it is the person's own scenario.
    current: Option<String>,
    send: Callback<Action>,
}

/// The built-in scenarios and what the current one is about.
#[function_component(Gallery)]
fn gallery_nav(props: &GalleryProps) -> Html {
    let current = props.current.as_deref();
    let about = current
        .and_then(gallery::find)
        .map(|e| e.about.get().to_string())
        .unwrap_or_else(|| t("gallery.custom"));
    html! {
        <>
            <nav class="gallery" aria-label={t("gallery.label")}>
                { for gallery::entries().iter().map(|e| {
                    let id = e.id.to_string();
                    let here = current == Some(e.id);
                    html! {
                        <button id={format!("gallery-{}", e.id)} title={e.about.get()}
                            class={classes!("entry", here.then_some("current"))}
                            aria-current={here.then_some("page")}
                            onclick={props.send.reform(move |_: MouseEvent| Action::Pick(id.clone()))}>
                            { e.title.get() }
                        </button>
                    }
                }) }
            </nav>
            <p class="about" id="about">{ about }</p>
        </>
    }
}

#[derive(Properties, Clone)]
struct StageProps {
    sim: Rc<Sim>,
    pos: usize,
    view: View,
    selected: Option<Selection>,
    playing: bool,
    interval_ms: u32,
    panel: Panel,
    send: Callback<Action>,
}

impl PartialEq for StageProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.pos == other.pos
            && self.view == other.view
            && self.selected == other.selected
            && self.playing == other.playing
            && self.interval_ms == other.interval_ms
            && self.panel == other.panel
            && self.send == other.send
    }
}

/// The drawing, the timeline and the side panel, for a played scenario.
#[function_component(Stage)]
fn stage(props: &StageProps) -> Html {
    let d = &props.send;
    html! {
        <div class="stage">
            <Topology sim={props.sim.clone()} pos={props.pos} view={props.view}
                selected={props.selected} on_select={d.reform(Action::Select)}
                on_reveal={d.reform(Action::Reveal)} />
            <div class="lower">
                <Timeline sim={props.sim.clone()} pos={props.pos} playing={props.playing}
                    interval_ms={props.interval_ms} on_seek={d.reform(Action::Seek)}
                    on_toggle={d.reform(|_| Action::Toggle)} on_speed={d.reform(Action::Speed)} />
                <div class="side">
                    <div class="tabs" role="tablist">
                        { panel_button(props, Panel::Terminal, "terminal", "panel.terminal") }
                        { panel_button(props, Panel::Inspector, "inspector", "panel.inspector") }
                        { panel_button(props, Panel::Reach, "reach", "panel.reach") }
                        <crate::export::Export sim={props.sim.clone()} pos={props.pos}
                            view={props.view} selected={props.selected} />
                    </div>
                    { match props.panel {
                        Panel::Terminal => html! {
                            <crate::terminal::Terminal sim={props.sim.clone()} pos={props.pos}
                                on_type={d.reform(Action::Type)} />
                        },
                        Panel::Inspector => crate::inspector::view(&props.sim, props.pos, props.selected,
                            d.reform(|_: MouseEvent| Action::Select(None))),
                        Panel::Reach => html! {
                            <crate::explorer::Explorer sim={props.sim.clone()} pos={props.pos} />
                        },
                    } }
                </div>
            </div>
        </div>
    }
}

fn panel_button(props: &StageProps, panel: Panel, label: &'static str, key: &'static str) -> Html {
    let pressed = props.panel == panel;
    html! {
        <button role="tab" aria-selected={pressed.to_string()} class={classes!("tab", pressed.then_some("active"))}
            id={format!("panel-{label}")}
            onclick={props.send.reform(move |_: MouseEvent| Action::Panel(panel))}>{ t(key) }</button>
    }
}
