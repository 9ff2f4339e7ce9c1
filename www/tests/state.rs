//! The page's state, natively: what each action does to the position,
//! playback, the panels and the selection, when the model runs again, and
//! what the address bar is told to do. The reducer touches no browser API,
//! so these run without one.

use std::rc::Rc;

use composenet_model::EngineVersion;
use composenet_www::state::{shortcut, Action, Panel, State};
use composenet_www::topology::Selection;
use composenet_www::url::{self, View};
use yew::Reducible;

/// An action made from the state it is sent to (so a script can name a
/// container the scenario has).
type Send = fn(&State) -> Action;

/// The one helper: opens `query` the way the page does (the address bar
/// showing it), then sends each action and compares the page after it with
/// the expected line. When the state asks for a run, the address bar is
/// written first and then [`Action::Run`] is sent, as the page's hooks do.
/// Back/forward ([`Action::Open`]) find the address bar already showing
/// the URL they open.
fn check(query: &str, crashed: Option<&str>, script: &[(Send, &str)]) {
    let (url, problems) = url::parse(query);
    let mut state = Rc::new(State::from_url(url, problems, crashed.map(String::from)));
    let mut address = query.to_string();
    let opened = write(&state, &mut address);
    assert!(
        !opened.starts_with("push"),
        "opening adds no entry: {opened}"
    );
    for (i, (send, want)) in script.iter().enumerate() {
        let action = send(&state);
        if let Action::Open(url, _) = &action {
            address = url.to_query();
        }
        state = state.clone().reduce(action);
        let mut written = write(&state, &mut address);
        let ran = state.stale;
        if ran {
            state = state.reduce(Action::Run);
            assert!(!state.stale);
            let again = write(&state, &mut address);
            if !again.is_empty() {
                written = format!("{written}, then {again}");
            }
        }
        let got = describe(&state, ran, &written);
        assert_eq!(got, *want, "{query}, action {}", i + 1);
    }
}

/// Applies what the state says to the address bar, and says what it was.
fn write(state: &State, address: &mut String) -> String {
    match state.url_write(address) {
        Some(w) => {
            *address = w.query.clone();
            let kind = if w.push { "push" } else { "replace" };
            format!("{kind} {}", short(&w.query, state.event_count()))
        }
        None => String::new(),
    }
}

/// A query with the person's text left out and a step near the end
/// counted from it.
fn short(query: &str, len: usize) -> String {
    query
        .split('&')
        .map(|p| {
            if p.starts_with("text=") {
                "text=…".to_string()
            } else if let Some(n) = p.strip_prefix("step=").and_then(|n| n.parse().ok()) {
                format!("step={}", place(n, len))
            } else {
                p.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A position, counted from the end when within three events of it, so
/// the expectations do not depend on how many events a scenario has.
fn place(n: usize, len: usize) -> String {
    if n == len && n > 0 {
        "end".to_string()
    } else if n > 0 && n + 3 >= len {
        format!("end-{}", len - n)
    } else {
        n.to_string()
    }
}

/// One line for what the page shows: the position (`end` after the last
/// event), playback, the side panel, the selection, a crash, whether the
/// model ran, and the URL write.
fn describe(state: &State, ran: bool, written: &str) -> String {
    let mut parts = Vec::new();
    match &state.sim {
        Some(sim) => parts.push(format!("at {}", place(state.pos, sim.events.len()))),
        None => parts.push("not run".to_string()),
    }
    if state.playing {
        parts.push("playing".into());
    }
    if state.panel == Panel::Inspector {
        parts.push("inspector".into());
    }
    match state.selected {
        Some(Selection::Container(id)) => {
            let name = state
                .sim
                .as_ref()
                .map(|s| s.scene(s.events.len()).containers[&id].name.clone());
            parts.push(format!("selected {}", name.unwrap_or_default()));
        }
        Some(Selection::Network(_)) => parts.push("selected a network".into()),
        None => {}
    }
    if let Some(msg) = &state.crashed {
        parts.push(format!("crashed: {msg}"));
    }
    if ran {
        parts.push("ran".into());
    }
    if !written.is_empty() {
        parts.push(written.to_string());
    }
    parts.join(" · ")
}

/// The container called `name` in the scenario's last scene.
fn container(state: &State, name: &str) -> Selection {
    let sim = state.sim.as_ref().expect("a played scenario");
    let scene = sim.scene(sim.events.len());
    let c = scene.containers.values().find(|c| c.name == name).unwrap();
    Selection::Container(c.id)
}

const SHOP: &str = "?scenario=replace-new-address";

#[test]
fn the_position_moves_in_place() {
    check(
        SHOP,
        None,
        &[
            (
                |_| Action::Step(1),
                "at 1 · replace ?scenario=replace-new-address&step=1",
            ),
            (
                |_| Action::Step(-5),
                "at 0 · replace ?scenario=replace-new-address&step=0",
            ),
            (
                |_| Action::Seek(4),
                "at 4 · replace ?scenario=replace-new-address&step=4",
            ),
            (
                |_| Action::Seek(usize::MAX),
                "at end · replace ?scenario=replace-new-address&step=end",
            ),
            (|_| Action::Step(1), "at end"),
            (
                |_| shortcut("Home").unwrap(),
                "at 0 · replace ?scenario=replace-new-address&step=0",
            ),
            (
                |_| shortcut("ArrowRight").unwrap(),
                "at 1 · replace ?scenario=replace-new-address&step=1",
            ),
            (
                |_| shortcut("End").unwrap(),
                "at end · replace ?scenario=replace-new-address&step=end",
            ),
            (
                |_| shortcut("ArrowLeft").unwrap(),
                "at end-1 · replace ?scenario=replace-new-address&step=end-1",
            ),
        ],
    );
}

#[test]
fn playing_ticks_to_the_end_and_stops() {
    check(
        SHOP,
        None,
        &[
            (
                |_| Action::Seek(usize::MAX),
                "at end · replace ?scenario=replace-new-address&step=end",
            ),
            (
                |_| Action::Step(-2),
                "at end-2 · replace ?scenario=replace-new-address&step=end-2",
            ),
            (|_| Action::Tick, "at end-2"),
            (|_| shortcut(" ").unwrap(), "at end-2 · playing"),
            (|_| Action::Speed(170), "at end-2 · playing"),
            (
                |_| Action::Tick,
                "at end-1 · playing · replace ?scenario=replace-new-address&step=end-1",
            ),
            (
                |_| Action::Tick,
                "at end · replace ?scenario=replace-new-address&step=end",
            ),
            (|_| Action::Tick, "at end"),
            // Play at the end starts again from the beginning.
            (
                |_| Action::Toggle,
                "at 0 · playing · replace ?scenario=replace-new-address&step=0",
            ),
            (
                |_| Action::Step(1),
                "at 1 · replace ?scenario=replace-new-address&step=1",
            ),
        ],
    );
}

#[test]
fn picking_a_scenario_adds_a_history_entry_and_runs_it_after_writing_the_url() {
    check(
        "?scenario=replace-new-address&step=end&view=services",
        None,
        &[
            (|s| Action::Select(Some(container(s, "worker"))), "at end · inspector · selected worker"),
            (|_| Action::Toggle, "at 0 · playing · inspector · selected worker · replace ?scenario=replace-new-address&step=0&view=services"),
            (|_| Action::Pick("scaled-service".into()), "at 0 · ran · push ?scenario=scaled-service&step=0&view=services"),
            (|_| Action::View(View::Linux), "at 0 · push ?scenario=scaled-service&step=0"),
            (|_| Action::Panel(Panel::Inspector), "at 0 · inspector"),
            (|_| Action::Select(None), "at 0"),
        ],
    );
}

#[test]
fn editing_rewrites_the_entry_runs_again_and_keeps_the_place() {
    check(
        "?scenario=replace-new-address&step=end",
        None,
        &[
            (|s| Action::Select(Some(container(s, "cache"))), "at end · inspector · selected cache"),
            (|_| Action::Seek(12), "at 12 · inspector · selected cache · replace ?scenario=replace-new-address&step=12"),
            // The first edit makes it the person's scenario, in place.
            (
                |s| Action::Edit(s.input.files.len(), s.input.commands.replace("nginx", "httpd")),
                "at 12 · inspector · selected cache · ran · replace ?scenario=custom&text=…&step=12",
            ),
            // A container the new text no longer has is unselected.
            (
                |s| Action::Edit(s.input.files.len(), s.input.commands.split("docker run -d --name cache").next().unwrap().into()),
                "at 12 · inspector · ran · replace ?scenario=custom&text=…&step=12",
            ),
            // Fewer events than the place: the place becomes the end.
            (
                |s| Action::Edit(s.input.files.len(), "docker network create solo\n".into()),
                "at end · inspector · ran · replace ?scenario=custom&text=…&step=12, then replace ?scenario=custom&text=…&step=end",
            ),
            (|_| Action::Engine(EngineVersion::V20_10), "at end · inspector · ran · replace ?scenario=custom&text=…&step=end&engine=20.10"),
            (|_| Action::Tab(0), "at end · inspector"),
        ],
    );
}

#[test]
fn after_a_crash_nothing_runs_until_an_edit() {
    check(
        SHOP,
        Some("boom"),
        &[
            (|_| Action::Toggle, "not run · crashed: boom"),
            (|_| Action::Step(1), "not run · crashed: boom"),
            // Back/forward keep the message and still run nothing.
            (
                |_| {
                    let (url, problems) = url::parse("?scenario=scaled-service");
                    Action::Open(url, problems)
                },
                "not run · crashed: boom",
            ),
            (
                |s| Action::Edit(s.input.files.len(), "docker network create x\n".into()),
                "at 0 · ran · replace ?scenario=custom&text=…&step=0",
            ),
        ],
    );
}

#[test]
fn back_and_forward_reopen_what_the_url_says() {
    check(
        SHOP,
        None,
        &[
            (
                |_| Action::Seek(3),
                "at 3 · replace ?scenario=replace-new-address&step=3",
            ),
            (
                |_| {
                    let (url, problems) = url::parse("?scenario=seed-todo-app&step=end");
                    Action::Open(url, problems)
                },
                "at end",
            ),
        ],
    );
}

#[test]
fn opening_a_url_normalises_it_in_place() {
    let (url, problems) = url::parse("?scenario=scaled-service");
    let state = State::from_url(url, problems, None);
    let w = state.url_write("?scenario=scaled-service").unwrap();
    assert_eq!(
        (w.query.as_str(), w.push),
        ("?scenario=scaled-service&step=0", false)
    );
    assert_eq!(state.url_write(&w.query), None, "then nothing to write");
    let w = state.url_write("").unwrap();
    assert!(!w.push, "an empty address bar is rewritten, not pushed");
}

#[test]
fn only_space_arrows_home_and_end_are_shortcuts() {
    for key in [" ", "ArrowRight", "ArrowLeft", "Home", "End"] {
        assert!(shortcut(key).is_some(), "{key}");
    }
    for key in ["Enter", "a", "ArrowUp", "Tab"] {
        assert!(shortcut(key).is_none(), "{key}");
    }
}

/// The state stays testable here only while it never reaches for the
/// browser; the hooks do that.
#[test]
fn the_state_module_touches_no_browser_api() {
    let source = include_str!("../src/state.rs");
    for api in ["web_sys", "gloo", "window", "wasm_bindgen", "js_sys"] {
        assert!(!source.contains(api), "state.rs uses {api}");
    }
}

#[test]
fn a_typed_line_joins_the_commands_adds_a_history_entry_and_plays_from_its_first_event() {
    check(
        "?scenario=replace-new-address&step=end",
        None,
        &[
            // The line's one event (worker's DNS query) is next: the page
            // stands just before it, playing.
            (
                |_| Action::Type("docker exec worker nslookup cache".into()),
                "at end-1 · playing · ran · push ?scenario=custom&text=…&step=end, then replace ?scenario=custom&text=…&step=end-1",
            ),
            (|_| Action::Tick, "at end · replace ?scenario=custom&text=…&step=end"),
            // A second line goes after the first, on its own line.
            (
                |s| {
                    assert!(s.input.commands.ends_with("docker exec worker nslookup cache\n"));
                    Action::Type("docker network ls".into())
                },
                "at end · ran · push ?scenario=custom&text=…&step=end",
            ),
        ],
    );
}
