//! The input pane: one tab per file (`compose.yaml` first) and one for the
//! commands, with line numbers, and the diagnostics of the last run pinned
//! to line and column; clicking one puts the caret there.

use composenet_loader::{Diagnostic, Severity};
use composenet_play::warnings::Warning;
use yew::prelude::*;

use crate::sim::Input;
use crate::words::{t, tf};

#[derive(Properties, PartialEq, Clone)]
pub struct Props {
    pub input: Input,
    /// `0..files.len()` are files; `files.len()` is the commands tab.
    pub tab: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The model's warnings, pinned like diagnostics, each with its
    /// explanation and a link to the scenario that shows the confusion.
    #[prop_or_default]
    pub warnings: Vec<Warning>,
    pub on_edit: Callback<(usize, String)>,
    pub on_tab: Callback<usize>,
    /// A line of the commands to select and scroll to (with a counter
    /// that changes on every request).
    #[prop_or_default]
    pub reveal: Option<(u32, u32)>,
}

/// The tab's title, which is also the file name diagnostics use.
pub fn tab_name(input: &Input, tab: usize) -> String {
    input
        .files
        .get(tab)
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| "commands".to_string())
}

#[function_component(Editor)]
pub fn editor(props: &Props) -> Html {
    let area = use_node_ref();
    let gutter = use_node_ref();
    let input = &props.input;
    let tab = props.tab.min(input.files.len());
    let text = input
        .files
        .get(tab)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| input.commands.clone());
    let name = tab_name(input, tab);
    let lines = text.lines().count().max(1) + usize::from(text.ends_with('\n'));
    let marked: Vec<(u32, bool)> = props
        .diagnostics
        .iter()
        .filter(|d| d.file == name && d.line > 0)
        .map(|d| (d.line, d.severity == Severity::Error))
        .chain(
            props
                .warnings
                .iter()
                .filter(|w| w.file == name && w.line > 0)
                .map(|w| (w.line, false)),
        )
        .collect();

    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit((tab, area.value()));
        })
    };
    let on_scroll = {
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let area: web_sys::Element = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(area.scroll_top());
            }
        })
    };

    // Select the revealed line of the commands and scroll it into view.
    {
        let area = area.clone();
        let on_commands = tab == input.files.len();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some((line, _)), Some(el), true) = (
                reveal,
                area.cast::<web_sys::HtmlTextAreaElement>(),
                on_commands,
            ) {
                let text = el.value();
                let start = offset_of(&text, *line, 1) as u32;
                let end = offset_of(&text, *line + 1, 1).saturating_sub(1) as u32;
                let _ = el.focus();
                let _ = el.set_selection_range(start, end.max(start));
                let lines = text.lines().count().max(1) as i32;
                let per_line = el.scroll_height() / lines;
                el.set_scroll_top((*line as i32 - 3).max(0) * per_line);
            }
        });
    }
    html! {
        <section class="editor" aria-label={t("editor.label")}>
            { tabs(props, tab) }
            <div class="code">
                <pre class="gutter" ref={gutter} aria-hidden="true">
                    { for (1..=lines as u32).map(|n| {
                        let error = marked.iter().any(|(l, e)| *l == n && *e);
                        let warned = marked.iter().any(|(l, _)| *l == n);
                        let class = match (error, warned) {
                            (true, _) => "ln err",
                            (false, true) => "ln warn",
                            _ => "ln",
                        };
                        html! { <span class={class}>{ format!("{n}\n") }</span> }
                    }) }
                </pre>
                <textarea ref={area.clone()} spellcheck="false" wrap="off" id="source"
                    aria-label={tf("editor.file_label", &[("name", &name)])}
                    value={text} oninput={on_input} onscroll={on_scroll} />
            </div>
            { diagnostics(props, &area) }
        </section>
    }
}

/// One tab per file and one for the commands, each with its error count.
fn tabs(props: &Props, tab: usize) -> Html {
    let input = &props.input;
    html! {
        <div class="tabs" role="tablist">
            { for (0..=input.files.len()).map(|t| {
                let on_tab = props.on_tab.clone();
                let errors = props.diagnostics.iter().filter(|d| d.file == tab_name(input, t) && d.is_error()).count();
                html! {
                    <button role="tab" aria-selected={(t == tab).to_string()}
                        class={classes!("tab", (t == tab).then_some("active"))}
                        data-tab={tab_name(input, t)}
                        onclick={Callback::from(move |_| on_tab.emit(t))}>
                        { if t == input.files.len() { crate::words::t("editor.commands") } else { tab_name(input, t) } }
                        { for (errors > 0).then(|| html! { <span class="badge" aria-label={tf("editor.errors", &[("count", &errors)])}>{ errors }</span> }) }
                    </button>
                }
            }) }
        </div>
    }
}

/// The diagnostics, then the model's warnings; clicking one opens its tab
/// and puts the caret there.
fn diagnostics(props: &Props, area: &NodeRef) -> Html {
    let input = &props.input;
    let go_to = |file: &str, line: u32, column: u32| {
        let area = area.clone();
        let on_tab = props.on_tab.clone();
        let target_tab = (0..=input.files.len()).find(|t| tab_name(input, *t) == file);
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = target_tab {
                on_tab.emit(t);
            }
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                let text = el.value();
                let offset = offset_of(&text, line, column) as u32;
                let _ = el.focus();
                let _ = el.set_selection_range(offset, offset);
            }
        })
    };
    html! {
        <ul class="diagnostics" aria-live="polite" id="diagnostics">
            { for props.diagnostics.iter().map(|d| {
                let class = if d.is_error() { "diag error" } else { "diag warning" };
                html! {
                    <li class={class}>
                        <button onclick={go_to(&d.file, d.line, d.column)}>{ d.to_string() }</button>
                    </li>
                }
            }) }
            { for props.warnings.iter().map(|w| {
                let words = crate::words::catalogue();
                let place = if w.line > 0 {
                    format!("{}:{}:{}: ", w.file, w.line, w.column)
                } else {
                    String::new()
                };
                let scenario = w.scenario();
                let title = crate::gallery::find(scenario)
                    .map(|e| e.title.get())
                    .unwrap_or(scenario);
                let href = format!("?scenario={scenario}&lang={}", crate::words::lang().code());
                html! {
                    <li class="diag warning net-warning" data-kind={w.kind.id()}
                        data-line={w.line.to_string()} data-file={w.file.clone()}>
                        <button onclick={go_to(&w.file, w.line, w.column)}>
                            { format!("{place}{}", w.what(words)) }
                        </button>
                        <p class="why">{ w.why(words) }</p>
                        <a class="see" href={href}>{ crate::words::tf("warning.scenario", &[("title", &title)]) }</a>
                    </li>
                }
            }) }
        </ul>
    }
}

/// The UTF-16 offset of a 1-based line and column, as a textarea's
/// selection counts.
pub fn offset_of(text: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line as usize {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(|c| c.len_utf16())
                .sum();
            return offset + col;
        }
        offset += l.encode_utf16().count() + 1;
    }
    offset.min(text.encode_utf16().count())
}
