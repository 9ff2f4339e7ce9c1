//! What the page does to the browser, as yew hooks: the address bar follows
//! the state, the model runs again once the URL holds its input,
//! back/forward reopen the URL, the playback timer ticks, keys are
//! shortcuts, and the colour theme switches. The state ([`crate::state`])
//! decides all of it; these hooks only carry it out.

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::state::{shortcut, Action, State};
use crate::url;

/// The query string the address bar shows, with its `?` (or nothing).
fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Puts the state in the address bar the way [`State::url_write`] says;
/// nothing when it is already there.
fn write_url(state: &State) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(write) = state.url_write(&current_query()) else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", write.query);
    let _ = if write.push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
}

/// The address bar follows the state.
#[hook]
pub fn use_url(state: &UseReducerHandle<State>) {
    let query = state.url_state().to_query();
    let state = state.clone();
    use_effect_with(query, move |_| write_url(&state));
}

/// The page's way to send an action. When the action leaves the state
/// stale (an edit, a pick, an engine switch), the URL is written and the
/// input played again at once, in the same event: nothing can happen in
/// between, and if the model panics the page restarts from a URL that
/// already holds the person's text.
#[hook]
pub fn use_send(state: &UseReducerHandle<State>) -> Callback<Action> {
    let state = state.clone();
    Callback::from(move |action| {
        state.dispatch(action);
        // A clone of the handle sees the state as it is after the
        // dispatch. Reading through the long-lived handle itself would
        // also work, but it keeps every state it has shown alive.
        let now = state.clone();
        if now.stale {
            write_url(&now);
            now.dispatch(Action::Run);
        }
    })
}

/// Back and forward reopen what the URL says.
#[hook]
pub fn use_back_forward(send: Callback<Action>) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "popstate", move |_| {
                let (url, problems) = url::parse(&current_query());
                send.emit(Action::Open(url, problems));
            })
        });
        move || drop(listener)
    });
}

/// Playing: one event per tick.
#[hook]
pub fn use_playback(playing: bool, interval_ms: u32, send: Callback<Action>) {
    use_effect_with((playing, interval_ms), move |&(playing, ms)| {
        let interval = playing.then(|| Interval::new(ms, move || send.emit(Action::Tick)));
        move || drop(interval)
    });
}

/// The keyboard shortcuts of [`shortcut`], except while typing in the
/// editor or a form control, or with a modifier held.
#[hook]
pub fn use_shortcuts(send: Callback<Action>) {
    use_effect_with((), move |_| {
        // The shortcuts cancel the browser's own handling (space scrolls
        // the page), which a passive listener may not: gloo's default.
        let options = gloo::events::EventListenerOptions::enable_prevent_default();
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
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
                // `/` goes to the drawing's search, as on many sites.
                if e.key() == "/" {
                    let find = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("find"))
                        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(find) = find {
                        e.prevent_default();
                        let _ = find.focus();
                    }
                    return;
                }
                if let Some(action) = shortcut(&e.key()) {
                    e.prevent_default();
                    send.emit(action);
                }
            })
        });
        move || drop(listener)
    });
}

/// The theme switch: turns the page to the theme it does not show now, by
/// the root element's `data-theme`, which www/theme.js remembers. Until
/// the first press the page follows the system's preference (or the theme
/// remembered from an earlier visit, which www/theme.js set before the app
/// started).
pub fn switch_theme(_: MouseEvent) {
    let window = web_sys::window();
    let Some(root) = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let dark = match root.get_attribute("data-theme").as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|m| m.matches())
            .unwrap_or(false),
    };
    let _ = root.set_attribute("data-theme", if dark { "light" } else { "dark" });
}
