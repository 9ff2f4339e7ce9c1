//! The page's place lives in its URL: which scenario (a gallery id, or the
//! person's own text, compressed), how far the timeline is, the view and the
//! engine profile. Reloading, back/forward and shared links all go through
//! [`parse`] and [`UrlState::to_query`].

use composenet_model::EngineVersion;

use crate::sim::Input;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A gallery scenario by id.
    Builtin(String),
    /// Text the person typed; travels compressed in `text=`.
    Custom(Input),
}

/// How far the timeline is: after `n` events, or after the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    At(usize),
    End,
}

impl Pos {
    pub fn resolve(self, len: usize) -> usize {
        match self {
            Pos::At(n) => n.min(len),
            Pos::End => len,
        }
    }
}

pub use composenet_draw::View;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlState {
    pub source: Source,
    pub pos: Pos,
    pub view: View,
    pub engine: EngineVersion,
    /// `lang=`: the language asked for; without it, the browser's.
    pub lang: Option<crate::words::Lang>,
    /// `embed=1`: the drawing, the caption and the timeline only, for an
    /// iframe in someone's documentation.
    pub embed: bool,
    /// `autoplay=1`: start playing when opened.
    pub autoplay: bool,
}

impl Default for UrlState {
    fn default() -> Self {
        UrlState {
            source: Source::Builtin(crate::gallery::DEFAULT_ID.to_string()),
            pos: Pos::At(0),
            view: View::Linux,
            engine: EngineVersion::default(),
            lang: None,
            embed: false,
            autoplay: false,
        }
    }
}

/// Reads a query string (with or without the leading `?`). Anything it
/// cannot use is reported and replaced by the default, never fatal.
pub fn parse(query: &str) -> (UrlState, Vec<String>) {
    let mut state = UrlState::default();
    let mut problems = Vec::new();
    let mut text = None;
    let mut scenario = None;
    for (key, value) in composenet_play::link::query_pairs(query) {
        match key {
            "scenario" => scenario = Some(value),
            "text" => text = Some(value),
            "step" => {
                state.pos = if value == "end" {
                    Pos::End
                } else if let Ok(n) = value.parse() {
                    Pos::At(n)
                } else {
                    problems.push(format!("step={value}: expected a number or `end`"));
                    Pos::At(0)
                }
            }
            "view" => match value.as_str() {
                "linux" => state.view = View::Linux,
                "services" => state.view = View::Services,
                _ => problems.push(format!("view={value}: expected `linux` or `services`")),
            },
            "lang" => match crate::words::Lang::parse(&value) {
                Some(l) => state.lang = Some(l),
                None => problems.push(format!("lang={value}: expected `en` or `ko`")),
            },
            "embed" => state.embed = value != "0",
            "autoplay" => state.autoplay = value != "0",
            "engine" => match value.parse() {
                Ok(e) => state.engine = e,
                Err(e) => problems.push(format!("engine={value}: {e}")),
            },
            _ => {}
        }
    }
    match (scenario.as_deref(), text) {
        (Some("custom") | None, Some(text)) => match decode_input(&text) {
            Some(input) => state.source = Source::Custom(input),
            None => problems.push("text=: the scenario in the link is damaged".to_string()),
        },
        (Some(id), _) => {
            if crate::gallery::find(id).is_some() {
                state.source = Source::Builtin(id.to_string());
            } else {
                problems.push(format!("scenario={id}: no such scenario in the gallery"));
            }
        }
        (None, None) => {}
    }
    (state, problems)
}

impl UrlState {
    pub fn to_query(&self) -> String {
        let mut q = match &self.source {
            Source::Builtin(id) => format!("?scenario={id}"),
            Source::Custom(input) => format!("?scenario=custom&text={}", encode_input(input)),
        };
        match self.pos {
            Pos::End => q.push_str("&step=end"),
            Pos::At(n) => q.push_str(&format!("&step={n}")),
        }
        if self.view == View::Services {
            q.push_str("&view=services");
        }
        if self.engine != EngineVersion::default() {
            q.push_str(&format!("&engine={}", self.engine));
        }
        if let Some(lang) = self.lang {
            q.push_str(&format!("&lang={}", lang.code()));
        }
        if self.embed {
            q.push_str("&embed=1");
        }
        if self.autoplay {
            q.push_str("&autoplay=1");
        }
        q
    }
}

/// The person's text as JSON, compressed with lz-string's URI-safe
/// alphabet (the format many playgrounds use, so links stay short).
pub fn encode_input(input: &Input) -> String {
    composenet_play::link::encode(input)
}

pub fn decode_input(text: &str) -> Option<Input> {
    composenet_play::link::decode(text)
}
