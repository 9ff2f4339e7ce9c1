//! Component tests in a real browser (headless Chromium through
//! wasm-bindgen-test-runner): the app is mounted with a URL and what it
//! draws is read back from the DOM.
#![cfg(target_arch = "wasm32")]

use composenet_www::app::{App, AppProps};
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app in a fresh element, as the page would with `query`.
fn mount(query: &str, crashed: Option<&str>) -> web_sys::Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let root = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            query: query.to_string(),
            crashed: crashed.map(String::from),
        },
    )
    .render();
    root
}

/// Lets the browser run yew's render tasks until `selector` matches, giving
/// up after a bounded number of turns of the event loop.
async fn until(root: &web_sys::Element, selector: &str) -> web_sys::Element {
    for _ in 0..200 {
        if let Ok(Some(el)) = root.query_selector(selector) {
            return el;
        }
        TimeoutFuture::new(0).await;
    }
    panic!(
        "{selector} never appeared; the page holds: {}",
        root.text_content().unwrap_or_default()
    );
}

async fn turn() {
    for _ in 0..5 {
        TimeoutFuture::new(0).await;
    }
}

fn texts(root: &web_sys::Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn click(el: &web_sys::Element) {
    el.dyn_ref::<web_sys::HtmlElement>().unwrap().click();
}

#[wasm_bindgen_test]
async fn the_wordpress_seed_at_its_end_draws_containers_veths_and_names() {
    let root = mount("?scenario=seed-compose-wordpress&step=end", None);
    until(&root, "[data-container='wordpress-container']").await;
    let svg = root
        .query_selector("#topology")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    for want in [
        "db-container",
        "wordpress-container",
        "172.18.0.2",
        "172.18.0.3",
        "eth0@if",
        "compose-wordpress_example-network",
        "172.18.0.0/16",
        "DNS 127.0.0.11: db-container",
        "0.0.0.0:8080 → wordpress-container:80/tcp",
    ] {
        assert!(svg.contains(want), "{want} is not drawn: {svg}");
    }
    let host_ends = texts(&root, ".host-end");
    assert_eq!(
        host_ends.iter().filter(|t| t.starts_with("veth")).count(),
        2,
        "{host_ends:?}"
    );
}

/// The timeline's marks at position `pos`: the row of event `pos` is the
/// current one, the rows after it are still to come, and no other row is
/// marked either way.
fn assert_marks(root: &web_sys::Element, pos: usize) {
    let rows = root.query_selector_all(".events .event").unwrap();
    for i in 0..rows.length() {
        let row: web_sys::Element = rows.item(i).unwrap().dyn_into().unwrap();
        let n = i as usize + 1;
        assert_eq!(row.get_attribute("data-n"), Some(n.to_string()));
        assert_eq!(
            row.get_attribute("aria-current").as_deref(),
            (n == pos).then_some("step"),
            "row {n} at {pos}"
        );
        assert_eq!(
            row.has_attribute("data-future"),
            n > pos,
            "row {n} at {pos}"
        );
    }
}

#[wasm_bindgen_test]
async fn stepping_forward_and_back_moves_the_timeline() {
    let root = mount("?scenario=seed-todo-app&step=0", None);
    let forward = until(&root, "#step-forward").await;
    assert!(
        root.query_selector("[data-container]").unwrap().is_none(),
        "nothing before the first event"
    );
    let n_events = root.query_selector_all(".events .event").unwrap().length();
    assert!(n_events > 10, "{n_events} events");
    // The marks are set by an effect after the rows are drawn.
    turn().await;
    assert_marks(&root, 0);
    for _ in 0..n_events {
        click(&forward);
        turn().await;
    }
    assert_marks(&root, n_events as usize);
    let scrubber: web_sys::HtmlInputElement = root
        .query_selector("#scrubber")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(scrubber.value(), n_events.to_string());
    let svg = root
        .query_selector("#topology")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(svg.contains("mysql"), "the alias is in the DNS line: {svg}");
    click(&root.query_selector("#step-back").unwrap().unwrap());
    turn().await;
    assert_eq!(scrubber.value(), (n_events - 1).to_string());
    assert_marks(&root, n_events as usize - 1);
    // A row seeks to its event (one listener on the list), and a jump
    // back marks every row between.
    let third = root
        .query_selector(".events .event[data-n=\"3\"] button")
        .unwrap()
        .unwrap();
    click(&third);
    turn().await;
    assert_eq!(scrubber.value(), "3");
    assert_marks(&root, 3);
}

#[wasm_bindgen_test]
async fn a_bad_url_says_what_it_could_not_use() {
    let root = mount("?scenario=no-such-thing&step=x", None);
    until(&root, ".problem").await;
    let problems = texts(&root, ".problem");
    assert!(
        problems.iter().any(|p| p.contains("no-such-thing")),
        "{problems:?}"
    );
    // It still opens the default scenario.
    until(
        &root,
        "#gallery-seed-compose-wordpress[aria-current='page']",
    )
    .await;
}

#[wasm_bindgen_test]
async fn compose_errors_show_with_line_and_column_and_the_page_keeps_working() {
    let root = mount("?scenario=seed-compose-wordpress&step=end", None);
    let area: web_sys::HtmlTextAreaElement = until(&root, "#source").await.dyn_into().unwrap();
    area.set_value("services:\n  web:\n    image: nginx\n    ports: [\"notaport\"]\n");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    until(&root, ".diag.error").await;
    let diags = texts(&root, ".diag");
    assert!(
        diags.iter().any(|d| d.starts_with("compose.yaml:4:")),
        "{diags:?}"
    );
    assert!(
        root.query_selector("#topology").unwrap().is_some(),
        "the page still draws"
    );
}

#[wasm_bindgen_test]
async fn after_a_crash_the_page_shows_it_and_recovers_on_the_next_edit() {
    let root = mount("?scenario=seed-run-wordpress", Some("boom at model.rs:1"));
    let banner = until(&root, "#crash").await;
    assert!(banner
        .text_content()
        .unwrap()
        .contains("boom at model.rs:1"));
    assert!(
        root.query_selector("#topology").unwrap().is_none(),
        "nothing runs before an edit"
    );
    let area: web_sys::HtmlTextAreaElement = until(&root, "#source").await.dyn_into().unwrap();
    area.set_value("docker network create net\ndocker run -d --name web --network net nginx\n");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    until(&root, "#topology").await;
    assert!(
        root.query_selector("#crash").unwrap().is_none(),
        "the banner goes with the edit"
    );
}

#[wasm_bindgen_test]
async fn every_edit_runs_the_model_again() {
    let root = mount("?scenario=seed-compose-wordpress", None);
    let area: web_sys::HtmlTextAreaElement = until(&root, "#source").await.dyn_into().unwrap();
    area.set_value("services:\n  web:\n    image: nginx\n    networks: [front\n");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    until(&root, ".diag.error").await;
    click(&until(&root, "[data-tab='commands']").await);
    turn().await;
    area.set_value("docker network create x\ndocker run -d --name after --network x nginx\n");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    turn().await;
    click(&root.query_selector("#to-end").unwrap().unwrap());
    until(&root, "[data-container='after']").await;
}
