//! Export: the current drawing as SVG or PNG, `docker inspect` JSON of the
//! current step, the event log as text, and a Mermaid flowchart, each saved
//! as a file. The texts come from the same functions as `composenet up
//! --export`, so the page and the command line give the same files. (The
//! event log as JSON is the command line's `--export events`: serialising
//! every event type would cost the page's wasm 12 KB.)

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::Sim;
use crate::topology::Selection;
use crate::url::View;
use crate::words::t;

#[derive(Properties, Clone)]
pub struct Props {
    pub sim: Rc<Sim>,
    pub pos: usize,
    pub view: View,
    pub selected: Option<Selection>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.pos == other.pos
            && self.view == other.view
            && self.selected == other.selected
    }
}

/// The drawing at `pos` as a standalone SVG document.
fn svg(p: &Props) -> (String, f64, f64) {
    let scene = p.sim.scene(p.pos);
    let layout = p.sim.layout();
    let markers = p.sim.markers(p.pos);
    let text = composenet_draw::Drawing {
        scene: &scene,
        layout,
        view: p.view,
        selected: p.selected,
        words: crate::words::ui(),
        warnings: &markers,
    }
    .standalone();
    (text, layout.width, layout.height)
}

/// `docker inspect` of every container and `docker network inspect` of
/// every network after the current command.
fn inspect(p: &Props) -> String {
    let Some((_, host)) = p.sim.host_at(p.pos) else {
        return "{\"containers\": [], \"networks\": []}\n".to_string();
    };
    let value = serde_json::json!({
        "containers": host.containers().map(|c| composenet_play::inspect::container(&host, c.id)).collect::<Vec<_>>(),
        "networks": host.networks().map(|n| composenet_play::inspect::network(&host, n.id)).collect::<Vec<_>>(),
    });
    // Indented as docker prints it (four spaces, Go's escapes).
    format!("{}\n", composenet_play::gojson::indented(&value))
}

/// Saves `text` as a file called `name` through a temporary link.
fn save(name: &str, mime: &str, text: &str) {
    let url = format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    );
    save_url(name, &url);
}

fn save_url(name: &str, url: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", url);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
}

/// The SVG drawn on a canvas at twice its size, saved as PNG.
fn save_png(svg: &str, width: f64, height: f64) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Ok(image), Ok(canvas)) = (
        web_sys::HtmlImageElement::new(),
        document.create_element("canvas"),
    ) else {
        return;
    };
    let Ok(canvas) = canvas.dyn_into::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    canvas.set_width((width * 2.0) as u32);
    canvas.set_height((height * 2.0) as u32);
    let drawn = image.clone();
    let onload = Closure::once_into_js(move || {
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        if let Some(context) = context {
            let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
                &drawn,
                0.0,
                0.0,
                width * 2.0,
                height * 2.0,
            );
            if let Ok(url) = canvas.to_data_url_with_type("image/png") {
                save_url("composenet.png", &url);
            }
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    ));
}

/// A menu of what to save.
#[function_component(Export)]
pub fn export(props: &Props) -> Html {
    let onchange = {
        let p = props.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            match select.value().as_str() {
                "svg" => save("composenet.svg", "image/svg+xml", &svg(&p).0),
                "png" => {
                    let (text, w, h) = svg(&p);
                    save_png(&text, w, h);
                }
                "mermaid" => save(
                    "composenet.mmd",
                    "text/plain",
                    &composenet_draw::mermaid::flowchart(&p.sim.scene(p.pos)),
                ),
                "inspect" => save("composenet-inspect.json", "application/json", &inspect(&p)),
                "log" => {
                    let lines: String = p.sim.events[..p.pos.min(p.sim.events.len())]
                        .iter()
                        .map(|e| format!("{}  {}\n", e.time, crate::timeline::summary(e)))
                        .collect();
                    save("composenet-events.txt", "text/plain", &lines);
                }
                _ => {}
            }
            // Back to the title, so the same choice can be made again.
            select.set_value("");
        })
    };
    html! {
        <select id="export" aria-label={t("export.label")} onchange={onchange}>
            <option value="" selected=true>{ t("export.title") }</option>
            <option value="svg">{ "SVG" }</option>
            <option value="png">{ "PNG" }</option>
            <option value="inspect">{ t("export.inspect") }</option>
            <option value="log">{ t("export.log") }</option>
            <option value="mermaid">{ "Mermaid" }</option>
        </select>
    }
}
