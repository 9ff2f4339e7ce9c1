//! The composenet browser app: the model and the script player compiled to
//! WebAssembly, drawn with yew. The page renders [`composenet_play::scene`]
//! scenes of the model's event log and holds nothing the model should know.
//!
//! Module map:
//! - `state`: the page's state ([`state::State`]) and its actions, a yew
//!   reducer with no effects, tested natively;
//! - `hooks`: the effects the state asks for (the URL, running the model,
//!   back/forward, the playback timer, keyboard shortcuts, the theme);
//! - `app`: the page's layout, in components;
//! - `sim`: plays a scenario and keeps what every view needs;
//! - `layout`: where each bridge and container goes, fixed for a scenario;
//! - `topology`, `timeline`, `editor`, `inspector`, `explorer`: the panes
//!   (the explorer is the "reach" tab: who can reach whom, and why not);
//! - `gallery`: the built-in scenarios; `words`: the explanation
//!   catalogue; `fetch`: loading both from beside the wasm at start;
//! - `url`: the state kept in the URL.

pub mod app;
pub mod editor;
pub mod explorer;
pub mod export;
#[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
mod fetch;
pub mod gallery;
pub mod hooks;
pub mod inspector;
pub use composenet_draw::layout;
pub mod sim;
pub mod state;
pub mod terminal;
pub mod timeline;
pub mod topology;
pub mod url;
pub mod words;

/// Set by the first panic.
/// The value of attribute `name` on the event's target or the nearest
/// element around it that has one: how the page's markup-drawn parts (the
/// drawing, the timeline's rows, the explorer's matrix) learn what was
/// clicked, through one listener each.
pub(crate) fn data_at(event: &web_sys::Event, name: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(&format!("[{name}]")).ok().flatten())
        .and_then(|el| el.get_attribute(name))
}

static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Where a panic's message waits for the restarted page.
const PANIC_KEY: &str = "composenet-panic";

/// Starts the app in `#app` (or the body).
pub fn start() {
    // The page's release build aborts on a panic without running a hook
    // (www/crash.js restarts it); the other builds keep the hook.
    #[cfg(not(composenet_page))]
    install_panic_hook();
    let window = web_sys::window().expect("a browser window");
    let document = window.document().expect("a document");
    let query = window.location().search().unwrap_or_default();
    // The browser's language, until a link or the picker says otherwise.
    if let Some(tag) = window.navigator().language() {
        words::set_lang(words::Lang::from_browser(&tag));
    }
    let crashed = window.session_storage().ok().flatten().and_then(|s| {
        let msg = s.get_item(PANIC_KEY).ok().flatten();
        let _ = s.remove_item(PANIC_KEY);
        msg
    });
    let root = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into))
        .expect("a place to mount");
    // The gallery's files and the explanation catalogue are served beside
    // the wasm; the app starts once they are here.
    #[cfg(all(target_arch = "wasm32", not(feature = "embed")))]
    wasm_bindgen_futures::spawn_local(async move {
        let bundle = fetch::Bundle::load().await;
        gallery::load(&bundle);
        words::load(&bundle);
        // The model runs in this task, and the page is first drawn in the
        // next one.
        let props = app::AppProps { query, crashed };
        app::prepare(&props);
        gloo::timers::callback::Timeout::new(0, move || {
            yew::Renderer::<app::App>::with_root_and_props(root, props).render();
        })
        .forget();
    });
    #[cfg(any(not(target_arch = "wasm32"), feature = "embed"))]
    yew::Renderer::<app::App>::with_root_and_props(root, app::AppProps { query, crashed }).render();
}

#[cfg_attr(composenet_page, allow(dead_code))]
/// A panic ends the wasm instance (whatever the profile says), so the page
/// cannot carry on. The hook keeps the message for the restarted page and
/// reloads it: the URL already holds the person's text and place, and the
/// restarted page shows the message and waits for an edit before running
/// the model again, so the same input cannot crash it in a loop.
fn install_panic_hook() {
    // Through yew, which otherwise replaces the hook with its own when the
    // app is rendered.
    yew::set_custom_panic_hook(Box::new(|info| {
        // After the first panic the instance is broken and every later
        // event handler panics too ("RefCell already borrowed"); only the
        // first says what went wrong.
        if PANICKED.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let message = info.to_string();
        gloo::console::error!(format!("composenet panicked: {message}"));
        if let Some(window) = web_sys::window() {
            if let Ok(Some(storage)) = window.session_storage() {
                let _ = storage.set_item(PANIC_KEY, &message);
            }
            let _ = window.location().reload();
        }
    }));
}
