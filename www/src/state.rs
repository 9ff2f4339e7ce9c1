//! The page's state and everything that can happen to it, as a yew
//! [`Reducible`]. Nothing here touches the browser: the state says what the
//! page should do next (write the URL, run the model again, play) and the
//! hooks in [`crate::hooks`] do it, so the reducer is tested natively.

use std::rc::Rc;

use composenet_model::EngineVersion;
use yew::Reducible;

use crate::gallery;
use crate::sim::{simulate, Input, Sim};
use crate::timeline::SPEEDS;
use crate::topology::Selection;
use crate::url::{Pos, Source, UrlState, View};

/// The pane beside the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Terminal,
    Inspector,
    /// Who can reach whom, and why not.
    Reach,
}

/// How the URL write that follows a change treats the browser's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A new entry when the scenario or the view changed; the same entry
    /// when only the position moved (playing would otherwise flood the
    /// history).
    Follow,
    /// The same entry: typing or switching the engine rewrites the link in
    /// place rather than adding a back step per keystroke.
    Rewrite,
}

/// What to put in the address bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlWrite {
    pub query: String,
    /// A new history entry (`pushState`) rather than the current one
    /// rewritten (`replaceState`).
    pub push: bool,
}

#[derive(Clone)]
pub struct State {
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
    /// The input or the engine changed since `sim` was played. Right
    /// after such an action the page writes the URL and sends
    /// [`Action::Run`]: if the model panics, the page restarts from that
    /// URL with the person's text intact.
    pub stale: bool,
    /// How the next URL write treats the history.
    pub history: History,
    /// A line was typed at the prompt: once it has run, play it from its
    /// first event.
    pub typed: bool,
    /// A line of the commands to show in the editor, with a counter so
    /// that asking for the same line again shows it again.
    pub reveal: Option<(u32, u32)>,
}

pub enum Action {
    /// Open what a URL says (on load, and on back/forward).
    Open(UrlState, Vec<String>),
    /// Open a gallery scenario at its start.
    Pick(String),
    /// New text for a tab (`files.len()` is the commands tab).
    Edit(usize, String),
    /// A line typed at the terminal's prompt: it joins the end of the
    /// commands, and plays.
    Type(String),
    /// Show a line of the commands in the editor.
    Reveal(u32),
    /// Speak another language (kept in the URL).
    Lang(crate::words::Lang),
    /// Go to a position; past the end means the end.
    Seek(usize),
    Step(isize),
    Toggle,
    /// One step of playback.
    Tick,
    Speed(u32),
    View(View),
    Engine(EngineVersion),
    Select(Option<Selection>),
    Tab(usize),
    Panel(Panel),
    /// Play the input again (sent once the URL holds it, see
    /// [`State::stale`]).
    Run,
}

impl State {
    /// The state a URL describes. After a crash the simulation waits for
    /// the next edit, so a scenario that crashes cannot crash-loop the page.
    pub fn from_url(url: UrlState, problems: Vec<String>, crashed: Option<String>) -> State {
        // A link's language wins over the browser's (set at start).
        if let Some(lang) = url.lang {
            crate::words::set_lang(lang);
        }
        let input = input_of(&url.source);
        let sim = if crashed.is_some() {
            None
        } else {
            Some(Rc::new(simulate(&input, url.engine)))
        };
        let pos = sim
            .as_ref()
            .map(|s| url.pos.resolve(s.events.len()))
            .unwrap_or(0);
        let mut state = State::page(url, input, sim, pos, problems, crashed);
        if state.url.autoplay {
            state.toggle();
        }
        state
    }

    /// A page freshly opened on `input`: paused, at the normal speed, on
    /// the first tab with text, nothing selected.
    fn page(
        url: UrlState,
        input: Input,
        sim: Option<Rc<Sim>>,
        pos: usize,
        problems: Vec<String>,
        crashed: Option<String>,
    ) -> State {
        State {
            tab: first_tab(&input),
            url,
            input,
            sim,
            pos,
            playing: false,
            interval_ms: SPEEDS[1].1,
            selected: None,
            panel: Panel::Terminal,
            problems,
            crashed,
            stale: false,
            history: History::Follow,
            typed: false,
            reveal: None,
        }
    }

    /// How many events the current simulation has.
    pub fn event_count(&self) -> usize {
        self.sim.as_ref().map(|s| s.events.len()).unwrap_or(0)
    }

    /// The URL's view of the state: the position is `end` at the end, so a
    /// link to the end stays at the end when the scenario grows.
    pub fn url_state(&self) -> UrlState {
        let pos = if self.sim.is_some() && self.pos == self.event_count() && self.pos > 0 {
            Pos::End
        } else {
            Pos::At(self.pos)
        };
        UrlState {
            pos,
            ..self.url.clone()
        }
    }

    /// What the address bar, now showing `current` (the query string with
    /// its `?`, or nothing), should show instead; `None` when it already
    /// shows this state.
    pub fn url_write(&self, current: &str) -> Option<UrlWrite> {
        let query = self.url_state().to_query();
        if query == current {
            return None;
        }
        let push = self.history == History::Follow
            && !current.is_empty()
            && without_step(current) != without_step(&query);
        Some(UrlWrite { query, push })
    }

    /// The gallery id of the scenario, unless it is the person's own.
    pub fn gallery_id(&self) -> Option<&str> {
        match &self.url.source {
            Source::Builtin(id) => Some(id),
            Source::Custom(_) => None,
        }
    }

    fn seek(&mut self, n: usize) {
        self.pos = n.min(self.event_count());
        if self.pos == self.event_count() {
            self.playing = false;
        }
    }

    /// A fresh page for a gallery scenario, at its start. The drawing of
    /// the old scenario stays until the new one has run, so nothing on the
    /// page is torn down and built again.
    fn pick(&self, id: String) -> State {
        let url = UrlState {
            source: Source::Builtin(id),
            pos: Pos::At(0),
            ..self.url.clone()
        };
        let input = input_of(&url.source);
        let (sim, crashed) = (self.sim.clone(), self.crashed.clone());
        State {
            stale: true,
            ..State::page(url, input, sim, 0, Vec::new(), crashed)
        }
    }

    /// Play or pause; play at the end starts again from the beginning.
    fn toggle(&mut self) {
        if self.playing {
            self.playing = false;
        } else if self.sim.is_some() {
            if self.pos >= self.event_count() {
                self.pos = 0;
            }
            self.playing = self.event_count() > 0;
        }
    }

    /// Plays the input again, keeping the place when it still exists.
    fn run(&mut self) {
        let sim = Rc::new(simulate(&self.input, self.url.engine));
        self.pos = self.pos.min(sim.events.len());
        if let Some(Selection::Container(id)) = self.selected {
            if !sim.layout().home.contains_key(&id) {
                self.selected = None;
            }
        }
        if self.typed {
            // The typed line is the last step: play from its first event,
            // so its traffic is drawn as it happens.
            let len = sim.events.len();
            self.pos = sim.steps.last().map_or(len, |st| st.events.start.min(len));
            self.playing = self.pos < len;
            self.typed = false;
        }
        self.sim = Some(sim);
        self.crashed = None;
        self.stale = false;
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        if !matches!(action, Action::Run) {
            s.history = History::Follow;
        }
        match action {
            Action::Open(url, problems) => {
                let crashed = s.crashed.clone().filter(|_| s.sim.is_none());
                s = State::from_url(url, problems, crashed);
            }
            Action::Pick(id) => s = s.pick(id),
            Action::Edit(tab, text) => {
                if tab < s.input.files.len() {
                    s.input.files[tab].1 = text;
                } else {
                    s.input.commands = text;
                }
                s.url.source = Source::Custom(s.input.clone());
                s.playing = false;
                s.stale = true;
                s.history = History::Rewrite;
            }
            Action::Type(line) => {
                let commands = &mut s.input.commands;
                if !commands.is_empty() && !commands.ends_with('\n') {
                    commands.push('\n');
                }
                commands.push_str(&line);
                commands.push('\n');
                s.url.source = Source::Custom(s.input.clone());
                // The editor shows the commands, so the line is seen where
                // it went.
                s.tab = s.input.files.len();
                s.playing = false;
                s.stale = true;
                s.typed = true;
            }
            Action::Lang(lang) => {
                s.url.lang = Some(lang);
                crate::words::set_lang(lang);
            }
            Action::Reveal(line) => {
                s.tab = s.input.files.len();
                let count = s.reveal.map_or(0, |(_, n)| n + 1);
                s.reveal = Some((line, count));
            }
            Action::Seek(n) => s.seek(n),
            Action::Step(d) => {
                s.playing = false;
                s.seek(s.pos.saturating_add_signed(d));
            }
            Action::Toggle => s.toggle(),
            Action::Tick => {
                if s.playing {
                    s.seek(s.pos + 1);
                }
            }
            Action::Speed(ms) => s.interval_ms = ms,
            Action::View(v) => s.url.view = v,
            Action::Engine(e) => {
                s.url.engine = e;
                s.stale = true;
                s.history = History::Rewrite;
            }
            Action::Select(sel) => {
                s.selected = sel;
                s.panel = if sel.is_some() {
                    Panel::Inspector
                } else {
                    Panel::Terminal
                };
            }
            Action::Tab(t) => s.tab = t,
            Action::Panel(p) => s.panel = p,
            Action::Run => s.run(),
        }
        Rc::new(s)
    }
}

/// What a keyboard shortcut does: space plays and pauses, the arrows step,
/// Home and End jump.
pub fn shortcut(key: &str) -> Option<Action> {
    Some(match key {
        " " => Action::Toggle,
        "ArrowRight" => Action::Step(1),
        "ArrowLeft" => Action::Step(-1),
        "Home" => Action::Seek(0),
        "End" => Action::Seek(usize::MAX),
        _ => return None,
    })
}

fn input_of(source: &Source) -> Input {
    match source {
        Source::Builtin(id) => Input::from_entry(gallery::find(id).expect("parse checks ids")),
        Source::Custom(input) => input.clone(),
    }
}

/// The first file with text, or the commands when every file is empty.
fn first_tab(input: &Input) -> usize {
    if input.files.iter().any(|(_, t)| !t.trim().is_empty()) {
        0
    } else {
        input.files.len()
    }
}

fn without_step(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.starts_with("step="))
        .collect::<Vec<_>>()
        .join("&")
}
