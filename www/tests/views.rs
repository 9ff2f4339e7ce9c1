//! The page's pure parts, natively: every gallery scenario plays cleanly,
//! the layout keeps every container in one place and never overlaps two,
//! the inspector's host at every point is the one the full run had, and
//! URLs survive a round trip. The browser tests (`browser.rs`, and the
//! end-to-end tests in `www/e2e`) check what is drawn.

use std::ops::ControlFlow;
use std::rc::Rc;

use composenet_model::EngineVersion;
use composenet_play::{Session, Step};
use composenet_www::gallery::ENTRIES;
use composenet_www::sim::{simulate, Input};
use composenet_www::url::{self, Pos, Source, UrlState, View};

/// The one helper: plays a gallery entry on every engine profile and checks
/// what every view relies on.
fn check(id: &str) {
    let entry = composenet_www::gallery::find(id).unwrap();
    for engine in EngineVersion::ALL {
        let sim = simulate(&Input::from_entry(entry), engine);
        let errors: Vec<String> = sim
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{id} on {engine}: {errors:?}");
        assert!(!sim.events.is_empty(), "{id}: no events");
        // The inspector's host, played again up to the current command, is
        // the host the uninterrupted run had after that command: its whole
        // state (the `Debug` form holds every field, the event log and the
        // generator included).
        let (steps, hosts) = host_after_each_step(&sim.input, engine);
        assert_eq!(steps, sim.steps, "{id} on {engine}: the same run");
        for pos in 0..=sim.events.len() {
            let Some((step, host)) = sim.host_at(pos) else {
                assert_eq!(sim.steps_done(pos), 0, "{id}: no host at {pos}");
                continue;
            };
            assert_eq!(
                format!("{host:?}"),
                hosts[step],
                "{id} on {engine} at {pos}"
            );
            let (_, again) = sim.host_at(pos).unwrap();
            assert!(Rc::ptr_eq(&host, &again), "{id}: the last replay is kept");
        }
        // Every container and bridge that ever exists has a place, no two
        // things share space, and no veth line meets another bridge.
        let layout = sim.layout();
        geometry_holds(id, layout);
        for pos in 0..=sim.events.len() {
            let scene = sim.scene(pos);
            for c in scene.live_containers() {
                assert!(
                    layout.home.contains_key(&c.id),
                    "{id}: {} has no place",
                    c.name
                );
                for net in c.interfaces.keys() {
                    let subnet = &scene.networks[net].subnet;
                    assert!(
                        subnet.is_none() || layout.tile_on(c.id, *net).is_some(),
                        "{id}: {} has no tile on {net:?}",
                        c.name
                    );
                }
            }
            for n in scene.live_networks().filter(|n| n.subnet.is_some()) {
                let has_members = scene
                    .live_containers()
                    .any(|c| c.interfaces.contains_key(&n.id));
                assert!(
                    !has_members || layout.region(n.id).is_some(),
                    "{id}: {} has no region",
                    n.name
                );
            }
        }
    }
}

/// Plays the input once, keeping the whole state of the host after every
/// step: what the page used to keep a copy of for the inspector.
fn host_after_each_step(input: &Input, engine: EngineVersion) -> (Vec<Step>, Vec<String>) {
    let files = input.source();
    let mut session = Session::new(input.play_options(engine), &files);
    let mut hosts = Vec::new();
    let _ = session.run_script_with(&input.commands, |s| {
        hosts.push(format!("{:?}", s.host));
        ControlFlow::Continue(())
    });
    let before = session.steps.len();
    session.settle();
    if session.steps.len() > before {
        hosts.push(format!("{:?}", session.host));
    }
    (session.steps, hosts)
}

/// Every gallery entry (one per scenario folder), going on after a failure
/// so that one run names every failing entry.
#[test]
fn every_gallery_scenario() {
    let failed: Vec<&str> = ENTRIES
        .iter()
        .filter(|e| std::panic::catch_unwind(|| check(e.id)).is_err())
        .map(|e| e.id)
        .collect();
    assert!(
        failed.is_empty(),
        "{} of {} gallery scenarios failed: {failed:?}",
        failed.len(),
        ENTRIES.len()
    );
}

/// The ids the page, its links and the e2e tests use stay the same.
#[test]
fn gallery_ids_are_the_folders() {
    let ids: Vec<&str> = ENTRIES.iter().map(|e| e.id).collect();
    assert_eq!(
        ids[..3],
        [
            "seed-compose-wordpress",
            "seed-run-wordpress",
            "seed-todo-app"
        ]
    );
    for e in ENTRIES {
        assert!(
            e.id.ends_with(e.dir),
            "{} is not named after {}",
            e.id,
            e.dir
        );
        for t in [e.title, e.about, e.teaches] {
            assert!(!t.en.is_empty() && !t.ko.is_empty(), "{}", e.id);
        }
    }
}

#[test]
fn urls_round_trip() {
    let custom = Input {
        dir: "project".into(),
        files: vec![(
            "compose.yaml".into(),
            "services:\n  web:\n    image: nginx # ünïcode ✓\n".into(),
        )],
        commands: "docker compose up -d\n".into(),
    };
    for state in [
        UrlState::default(),
        UrlState {
            source: Source::Builtin("seed-todo-app".into()),
            pos: Pos::End,
            view: View::Services,
            engine: EngineVersion::V20_10,
            lang: Some(composenet_www::words::Lang::Ko),
            embed: true,
            autoplay: true,
        },
        UrlState {
            source: Source::Custom(custom),
            pos: Pos::At(7),
            view: View::Linux,
            engine: EngineVersion::V29,
            lang: Some(composenet_www::words::Lang::En),
            embed: false,
            autoplay: false,
        },
    ] {
        let (back, problems) = url::parse(&state.to_query());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, state);
    }
}

#[test]
fn bad_urls_fall_back_with_a_message() {
    let (state, problems) = url::parse("?scenario=nope&step=x&view=3d&engine=1.0&text=%%%");
    assert_eq!(
        state.source,
        Source::Builtin(composenet_www::gallery::DEFAULT_ID.into())
    );
    assert_eq!(state.pos, Pos::At(0));
    assert_eq!(problems.len(), 4, "{problems:?}");
    let (_, problems) = url::parse("?scenario=custom&text=garbage");
    assert_eq!(
        problems,
        vec!["text=: the scenario in the link is damaged".to_string()]
    );
}

#[test]
fn editor_offsets_count_utf16() {
    use composenet_www::editor::offset_of;
    let text = "ab\nç✓x\n\u{1F600}z";
    assert_eq!(offset_of(text, 1, 1), 0);
    assert_eq!(offset_of(text, 2, 3), 5);
    assert_eq!(offset_of(text, 3, 2), 9);
    assert_eq!(offset_of(text, 9, 1), 10, "past the end: the end");
}

/// A macvlan network has no bridge but does have the embedded DNS: the
/// drawing must say what the terminal answers (issue 8's example), because
/// both read the model's facts instead of working them out.
#[test]
fn macvlan_draws_what_the_terminal_answers() {
    let input = Input {
        dir: "mv".into(),
        files: vec![("compose.yaml".into(), String::new())],
        commands: "docker network create -d macvlan m\n\
                   docker run -d --name app --network m busybox sleep 3600\n\
                   docker run -d --name peer --network m busybox sleep 3600\n\
                   docker exec peer nslookup app\n"
            .into(),
    };
    let sim = simulate(&input, EngineVersion::V29);
    let lookup = sim
        .steps
        .iter()
        .find(|s| s.text.contains("nslookup"))
        .unwrap();
    assert_eq!(lookup.status, 0, "{}", lookup.stdout);
    let scene = sim.scene(sim.events.len());
    let m = scene.live_networks().find(|n| n.name == "m").unwrap();
    assert!(m.embedded_dns, "the scene says m has no embedded DNS");
    let app_ip = scene
        .live_containers()
        .find(|c| c.name == "app")
        .and_then(|c| c.interfaces.get(&m.id))
        .and_then(|i| i.ip)
        .unwrap();
    assert!(lookup.stdout.contains(&format!("Address: {app_ip}")));
    assert_eq!(m.dns["app"].ips, vec![app_ip]);
    assert!(sim.layout().region(m.id).is_some(), "m has no region");
}

/// Rectangles as (x, y, w, h).
type Rect = (f64, f64, f64, f64);

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn inside(inner: Rect, outer: Rect) -> bool {
    inner.0 >= outer.0
        && inner.1 >= outer.1
        && inner.0 + inner.2 <= outer.0 + outer.2
        && inner.1 + inner.3 <= outer.1 + outer.3
}

/// The drawing's geometry: tiles never overlap and sit inside their
/// region, regions never overlap and fit the drawing, and every veth line
/// (from a tile up to its branch) stays inside its own network's region,
/// so it can meet no other bridge.
fn geometry_holds(id: &str, layout: &composenet_www::layout::Layout) {
    let regions: Vec<(composenet_www::layout::RegionKind, Rect)> = layout
        .regions
        .values()
        .map(|r| (r.kind, (r.x, r.y, r.w, r.h)))
        .collect();
    for (i, (_, a)) in regions.iter().enumerate() {
        assert!(
            inside(*a, (0.0, 0.0, layout.width, layout.height)),
            "{id}: a region leaves the drawing: {a:?}"
        );
        for (_, b) in &regions[i + 1..] {
            assert!(!overlap(*a, *b), "{id}: regions overlap: {a:?} {b:?}");
        }
    }
    for (i, t) in layout.tiles.iter().enumerate() {
        let rect = (t.x, t.y, t.w, t.h);
        let region = &layout.regions[&t.region];
        let outer = (region.x, region.y, region.w, region.h);
        assert!(inside(rect, outer), "{id}: a tile leaves its region");
        if let Some(bus_y) = t.bus_y {
            let wire = (t.port_x(), bus_y, 0.0, t.y - bus_y);
            assert!(inside(wire, outer), "{id}: a veth line leaves its region");
        }
        for u in &layout.tiles[i + 1..] {
            assert!(
                !overlap(rect, (u.x, u.y, u.w, u.h)),
                "{id}: tiles overlap at {rect:?}"
            );
        }
    }
}

/// Thirty services on six networks, some on two: every tile and region has
/// its place, and the drawing is shaped for a wide pane so it needs no
/// zooming (the browser test checks what is drawn).
#[test]
fn thirty_services_on_six_networks_fit_a_wide_pane() {
    let mut compose = String::from("services:\n");
    for i in 0..30 {
        let first = i % 6;
        let nets = if i % 5 == 0 {
            format!("[n{first}, n{}]", (first + 1) % 6)
        } else {
            format!("[n{first}]")
        };
        compose.push_str(&format!(
            "  svc{i:02}:\n    image: nginx\n    networks: {nets}\n"
        ));
    }
    compose.push_str("networks:\n");
    for n in 0..6 {
        compose.push_str(&format!("  n{n}: {{}}\n"));
    }
    let input = Input {
        dir: "big".into(),
        files: vec![("compose.yaml".into(), compose)],
        commands: "docker compose up -d\n".into(),
    };
    let sim = simulate(&input, EngineVersion::V29);
    let layout = composenet_www::layout::Layout::for_pane(&sim.initial, &sim.events, 2.0);
    geometry_holds("thirty", &layout);
    assert_eq!(layout.home.len(), 30);
    // Six networks and the default bridge.
    assert_eq!(layout.regions.len(), 7);
    // Shaped for the pane: within a factor of two of its aspect ratio.
    let aspect = layout.width / layout.height;
    assert!((1.0..=4.0).contains(&aspect), "aspect {aspect}");
}

/// The README's gallery table lists every scenario of the page.
#[test]
fn the_readme_lists_every_gallery_scenario() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let missing: Vec<&str> = composenet_www::gallery::ENTRIES
        .iter()
        .map(|e| e.id)
        .filter(|id| !readme.contains(&format!("| `{id}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "add these to the README's gallery table: {missing:?}"
    );
}

/// The seed's `docker run` version: the page's simulation carries the
/// model's warning about WORDPRESS_DB_HOST pinned to the commands tab,
/// and the drawing marks wordpress-container with its explanation once
/// the command has run, not before.
#[test]
fn the_run_seed_marks_its_unresolved_host() {
    let entry = ENTRIES
        .iter()
        .find(|e| e.id == "seed-run-wordpress")
        .unwrap();
    let sim = simulate(&Input::from_entry(entry), EngineVersion::V29);
    let w = sim
        .warnings
        .iter()
        .find(|w| w.setting == "WORDPRESS_DB_HOST")
        .expect("no warning about WORDPRESS_DB_HOST");
    let line = entry
        .commands
        .lines()
        .position(|l| l.contains("-e WORDPRESS_DB_HOST"))
        .unwrap() as u32
        + 1;
    assert_eq!((w.file.as_str(), w.line), ("commands", line));
    let draw = |pos: usize| {
        let scene = sim.scene(pos);
        let markers = sim.markers(pos);
        composenet_draw::Drawing {
            scene: &scene,
            layout: sim.layout(),
            view: View::Linux,
            selected: None,
            words: composenet_www::words::ui(),
            warnings: &markers,
        }
        .body()
    };
    let end = draw(sim.events.len());
    assert!(
        end.contains("data-warning=\"wordpress-container\""),
        "no mark on wordpress-container"
    );
    assert!(end.contains("does not resolve from wordpress-container"));
    let before = sim.steps[w.step].events.start;
    assert!(!draw(before).contains("data-warning"));
}
