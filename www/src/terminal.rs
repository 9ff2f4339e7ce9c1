//! The terminal: what the commands printed so far, and a prompt that takes
//! the same command language as `composenet run`. A typed line is appended
//! to the scenario's commands ([`crate::state::Action::Type`]), so it plays,
//! animates and lands in the URL like any other line.

use std::rc::Rc;

use composenet_loader::cli::COMPLETION_WORDS;
use yew::prelude::*;

use crate::sim::Sim;
use crate::words::t;

#[derive(Properties, Clone)]
pub struct Props {
    pub sim: Rc<Sim>,
    pub pos: usize,
    pub on_type: Callback<String>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim) && self.pos == other.pos
    }
}

/// What Tab does to a line: the line completed as far as it is
/// unambiguous, and the words still in question when there are several.
#[derive(Debug, PartialEq, Eq)]
pub struct Completion {
    pub line: String,
    pub candidates: Vec<String>,
}

/// Completes the last word of `line` from `words`, as a shell does: one
/// match is completed with a space after it, several are completed to
/// their common prefix and listed. An empty last word completes nothing.
pub fn complete(line: &str, words: &[String]) -> Completion {
    let start = line.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
    let (head, word) = line.split_at(start);
    let mut candidates: Vec<String> = Vec::new();
    if !word.is_empty() {
        for w in words {
            if w.starts_with(word) && !candidates.contains(w) {
                candidates.push(w.clone());
            }
        }
    }
    match candidates.as_slice() {
        [] => Completion {
            line: line.to_string(),
            candidates,
        },
        [only] => Completion {
            line: format!("{head}{only} "),
            candidates: Vec::new(),
        },
        [first, rest @ ..] => {
            let mut prefix = first.as_str();
            for w in rest {
                let common = prefix
                    .char_indices()
                    .zip(w.chars())
                    .find(|((_, a), b)| a != b)
                    .map(|((i, _), _)| i)
                    .unwrap_or(prefix.len().min(w.len()));
                prefix = &prefix[..common];
            }
            Completion {
                line: format!("{head}{prefix}"),
                candidates,
            }
        }
    }
}

/// The words Tab offers at event `pos`: the command vocabulary, then the
/// containers, services and networks that exist at that point.
pub fn words_at(sim: &Sim, pos: usize) -> Vec<String> {
    let scene = sim.scene(pos);
    let mut words: Vec<String> = COMPLETION_WORDS.iter().map(|w| w.to_string()).collect();
    for c in scene.containers.values().filter(|c| !c.removed) {
        words.push(c.name.clone());
        words.extend(c.service.clone());
    }
    for n in scene.networks.values().filter(|n| !n.removed) {
        words.push(n.name.clone());
    }
    words
}

/// The lines typed or written so far, oldest first: what ↑ and ↓ recall.
fn recallable(sim: &Sim) -> Vec<String> {
    sim.input
        .commands
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[function_component(Terminal)]
pub fn terminal(props: &Props) -> Html {
    let field = use_node_ref();
    // The recalled line's index while ↑/↓ walk the history.
    let recall = use_mut_ref(|| None::<usize>);
    let hints = use_state(Vec::<String>::new);
    let output = use_node_ref();
    let done = props.sim.steps_done(props.pos);
    // Keep the newest output in view, as a terminal does.
    {
        let output = output.clone();
        use_effect_with((done, props.sim.steps.len()), move |_| {
            if let Some(el) = output.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let onkeydown = {
        let (sim, pos, on_type) = (props.sim.clone(), props.pos, props.on_type.clone());
        let (field, recall, hints) = (field.clone(), recall.clone(), hints.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = field.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let value = el.value();
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    if !value.trim().is_empty() {
                        on_type.emit(value.trim().to_string());
                        el.set_value("");
                    }
                    *recall.borrow_mut() = None;
                    hints.set(Vec::new());
                }
                "ArrowUp" | "ArrowDown" => {
                    e.prevent_default();
                    let lines = recallable(&sim);
                    let mut at = recall.borrow_mut();
                    *at = match (e.key() == "ArrowUp", *at) {
                        (true, None) => lines.len().checked_sub(1),
                        (true, Some(i)) => Some(i.saturating_sub(1)),
                        (false, Some(i)) if i + 1 < lines.len() => Some(i + 1),
                        (false, _) => None,
                    };
                    el.set_value(at.and_then(|i| lines.get(i)).map_or("", |l| l.as_str()));
                }
                // Tab completes when there is a word to complete; on an
                // empty prompt it moves the focus on, as everywhere else.
                "Tab" if !value.is_empty() => {
                    e.prevent_default();
                    let c = complete(&value, &words_at(&sim, pos));
                    el.set_value(&c.line);
                    hints.set(c.candidates);
                }
                "Escape" => hints.set(Vec::new()),
                _ => {}
            }
        })
    };
    html! {
        <div class="terminal-pane">
            // A block per command's output: when the pane is laid out
            // again, the blocks that did not change keep their layout,
            // where one long <pre> would set every line again.
            <div class="terminal" id="terminal" role="log" aria-label={t("terminal.output")} ref={output}>
                { for props.sim.steps[..done].iter().map(|s| html! { <pre>{ s.to_string() }</pre> }) }
            </div>
            { for (!hints.is_empty()).then(|| html! {
                <div class="hints" id="completions" aria-live="polite">{ hints.join("  ") }</div>
            }) }
            <label class="prompt">
                <span aria-hidden="true">{ "$ " }</span>
                <input ref={field} id="prompt" type="text" spellcheck="false" autocomplete="off"
                    aria-label={t("terminal.prompt_label")}
                    placeholder={t("terminal.placeholder")} {onkeydown} />
            </label>
        </div>
    }
}
