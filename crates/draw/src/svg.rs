//! The renderer: one scene, placed by its layout, as SVG elements.

use std::fmt::{Display, Write as _};

use composenet_model::container::{HealthStatus, Status};
use composenet_model::event::{AddressReason, ConnectOutcome, NameSource, SubnetSource};
use composenet_model::traffic::{DnsAnswer, DnsReason, DropReason, Hop, Peer, Route, Verdict};
use composenet_model::{ContainerId, NetworkMode};
use composenet_play::explain::Catalogue;
use composenet_play::scene::{Focus, Scene, SceneContainer, SceneInterface, Traffic};

use crate::layout::{Branch, Layout, RegionKind, Tile, HOST_H, MARGIN, PAD};
use crate::{Selection, View};

/// The styles a standalone drawing carries, so that it looks as on the
/// page without the page's stylesheet: the drawing's part of
/// `www/style.css`, in light colours.
const STANDALONE_STYLE: &str = include_str!("standalone.css");

/// One scene to draw.
pub struct Drawing<'a> {
    pub scene: &'a Scene,
    pub layout: &'a Layout,
    pub view: View,
    pub selected: Option<Selection>,
    /// The page's strings (`www/ui/*.txt`) in the language to draw in.
    pub words: &'a Catalogue,
    /// The model's warnings to mark on their containers' tiles.
    pub warnings: &'a [Marker],
}

/// A warning drawn on a container: a "!" badge in the corner of its tile
/// whose title is the explanation (in the caller's language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The container's name.
    pub container: String,
    /// What is wrong and why, already in words.
    pub text: String,
}

/// `text` with the five characters markup gives meaning to escaped, for
/// element text and attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG coordinate with one decimal, written without the standard
/// library's float formatting (which is large in the page's wasm).
struct Px(f64);

impl Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}", tenths / 10, tenths % 10)
    }
}

/// An SVG coordinate as text, for the parts of the page drawn outside
/// [`Drawing`] (the minimap, the camera's transform).
pub fn coord(v: f64) -> String {
    Px(v).to_string()
}

/// `class="a b"` from the names that apply.
fn classes(names: &[Option<&str>]) -> String {
    let names: Vec<&str> = names.iter().flatten().copied().collect();
    names.join(" ")
}

impl Drawing<'_> {
    fn t(&self, key: &'static str) -> String {
        self.tf(key, &[])
    }

    fn tf(&self, key: &'static str, args: &[(&'static str, &dyn Display)]) -> String {
        self.words.say(key, args)
    }

    /// A connection's outcome in the page's words (the model's own
    /// `as_str` is the command line's English).
    fn outcome(&self, outcome: &ConnectOutcome) -> String {
        match outcome {
            ConnectOutcome::Connected => self.t("outcome.connected"),
            ConnectOutcome::NoSuchName => self.t("outcome.no_such_name"),
            ConnectOutcome::Refused => self.t("outcome.refused"),
            ConnectOutcome::NotListening { port, .. } => {
                self.tf("outcome.not_listening", &[("port", port)])
            }
            ConnectOutcome::LoopbackOnly { port } => {
                self.tf("outcome.loopback_only", &[("port", port)])
            }
            ConnectOutcome::Unreachable => self.t("outcome.unreachable"),
        }
    }

    fn focused(&self, f: &Focus) -> bool {
        self.scene.focus.contains(f)
    }

    /// The drawing's elements: the host, every region, every tile and the
    /// current event's traffic, in layout coordinates (`0 0 width height`).
    pub fn body(&self) -> String {
        let mut body = String::new();
        for part in self.parts() {
            body += &part;
        }
        body
    }

    /// The drawing's elements in slots: the host, one per region, one per
    /// tile, then the traffic. The count depends on the layout only (a
    /// slot with nothing to draw is empty), so that the page can compare
    /// two steps slot by slot and replace only the ones that changed.
    pub fn parts(&self) -> Vec<String> {
        let layout = self.layout;
        let mut parts = Vec::with_capacity(layout.regions.len() + layout.tiles.len() + 2);
        let mut part = |draw: &dyn Fn(&mut String)| {
            let mut out = String::new();
            draw(&mut out);
            parts.push(out);
        };
        part(&|out| self.host(out));
        for kind in layout.regions.keys() {
            part(&|out| self.region(out, *kind));
        }
        for i in 0..layout.tiles.len() {
            part(&|out| self.tile(out, i));
        }
        part(&|out| self.traffic(out));
        parts
    }

    /// A complete SVG document with its styles inline, as `--export svg`
    /// and the page's export write it.
    pub fn standalone(&self) -> String {
        let (w, h) = (self.layout.width, self.layout.height);
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
             font-family=\"ui-monospace, SFMono-Regular, Menlo, Consolas, 'Noto Sans Mono CJK KR', monospace\" \
             font-size=\"12\"><style>{STANDALONE_STYLE}</style>\
             <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>{}</svg>\n",
            self.body(),
            w = Px(w),
            h = Px(h),
        )
    }

    /// The host's network namespace: its own stack and the published
    /// ports. The bridges below are in it too (their headers share its
    /// colour).
    fn host(&self, out: &mut String) {
        let ports: Vec<String> = self
            .scene
            .ports
            .iter()
            .map(|p| {
                format!(
                    "{}:{} → {}:{}/{}",
                    p.host_ip, p.host_port, p.container_name, p.container_port, p.protocol
                )
            })
            .collect();
        let port_text = if ports.is_empty() {
            self.t("host.ports_none")
        } else {
            self.tf("host.ports", &[("ports", &ports.join("   "))])
        };
        let port_focus = self.scene.focus.iter().any(|f| matches!(f, Focus::Port(_)));
        let width = self.layout.width - 2.0 * MARGIN;
        let _ = write!(
            out,
            "<g class=\"host\"><rect class=\"host-ns\" x=\"{m}\" y=\"{m}\" width=\"{w}\" height=\"{h}\" rx=\"8\"/>\
             <text class=\"host-title\" x=\"{tx}\" y=\"{ty}\">{title}</text>\
             <text class=\"{pc}\" x=\"{tx}\" y=\"{py}\">{ports}<title>{full}</title></text></g>",
            m = Px(MARGIN),
            w = Px(width),
            h = Px(HOST_H),
            tx = Px(MARGIN + 10.0),
            ty = Px(MARGIN + 17.0),
            title = escape(&self.t("host.title")),
            pc = classes(&[Some("ports"), port_focus.then_some("focus")]),
            py = Px(MARGIN + 34.0),
            ports = escape(&ellipsis(&port_text, chars_for(width - 20.0))),
            full = escape(&port_text),
        );
    }

    /// One region: a network's bridge as a bus with a branch per row, its
    /// title and embedded DNS; or the host / none / detached group.
    fn region(&self, out: &mut String, kind: RegionKind) {
        let r = &self.layout.regions[&kind];
        let chars = chars_for(r.w - 2.0 * PAD);
        let frame = format!(
            "<rect class=\"region-frame\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\"/>",
            Px(r.x),
            Px(r.y),
            Px(r.w),
            Px(r.h)
        );
        let RegionKind::Network(id) = kind else {
            let (class, title) = match kind {
                RegionKind::Host => ("mode-host", self.t("region.host")),
                RegionKind::None => ("mode-none", self.t("region.none")),
                _ => ("detached", self.t("region.detached")),
            };
            let _ = write!(
                out,
                "<g class=\"region {class}\" data-region=\"{class}\">{frame}\
                 <text class=\"region-title\" x=\"{}\" y=\"{}\">{}</text></g>",
                Px(r.x + PAD),
                Px(r.y + 18.0),
                escape(&ellipsis(&title, chars))
            );
            return;
        };
        let Some(n) = self.scene.networks.get(&id) else {
            return;
        };
        if n.removed && !self.focused(&Focus::Network(id)) {
            return;
        }
        let compact = self.layout.metrics.compact;
        let bridge = n
            .bridge
            .clone()
            .unwrap_or_else(|| self.tf("region.no_bridge", &[("driver", &n.driver.name())]));
        // A compact header leads with the network's name, which is what
        // tells regions apart when there are many.
        let mut title = match (self.view, compact) {
            (View::Linux, false) => format!("{bridge} · {}", n.name),
            (View::Linux, true) => format!("{} · {bridge}", n.name),
            (View::Services, _) => self.tf("region.network", &[("name", &n.name)]),
        };
        if let Some(s) = &n.subnet {
            let _ = write!(title, " · {s}");
        }
        if let Some(g) = n.gateway.filter(|_| !compact) {
            title.push_str(" · ");
            title.push_str(&self.tf("region.gateway", &[("gateway", &g)]));
        }
        if n.internal {
            title.push_str(" · ");
            title.push_str(&self.t("region.internal"));
        }
        let dns = if n.embedded_dns {
            // Names grouped by the addresses they answer with, so the
            // line stays short: `db-container, db → 172.18.0.2`. Short
            // container ids clutter the drawing; the inspector lists them.
            let mut groups: Vec<(Vec<std::net::Ipv4Addr>, Vec<&str>)> = Vec::new();
            for (name, record) in &n.dns {
                if record.source == NameSource::ShortId {
                    continue;
                }
                match groups.iter_mut().find(|(ips, _)| *ips == record.ips) {
                    Some((_, names)) => names.push(name),
                    None => groups.push((record.ips.clone(), vec![name])),
                }
            }
            let items: Vec<String> = groups
                .iter()
                .map(|(ips, names)| {
                    let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
                    format!("{} → {}", names.join(", "), ips.join(", "))
                })
                .collect();
            if items.is_empty() {
                self.t("dns.none_yet")
            } else {
                format!("DNS 127.0.0.11: {}", items.join(" · "))
            }
        } else {
            self.t("dns.none")
        };
        let focus = self.focused(&Focus::Network(id));
        let dns_focus = self
            .scene
            .focus
            .iter()
            .any(|f| matches!(f, Focus::Dns(net, _) if *net == id));
        let selected = self.selected == Some(Selection::Network(id));
        let why = subnet_words(self.words, n.subnet_source);
        // Only the branches with a container on them at this point (the
        // first, the bridge itself, always): later rows appear with their
        // containers.
        let live: Vec<&Branch> = r
            .branches
            .iter()
            .enumerate()
            .filter(|(i, b)| {
                *i == 0
                    || self.layout.tiles.iter().any(|t| {
                        t.region == kind
                            && t.bus_y == Some(b.y)
                            && self
                                .scene
                                .containers
                                .get(&t.container)
                                .is_some_and(|c| c.interfaces.contains_key(&id))
                    })
            })
            .map(|(_, b)| b)
            .collect();
        let last = live.last().map_or(r.y, |b| b.y);
        let m = self.layout.metrics;
        // A compact header has the title only; the DNS names are in its
        // tooltip and in the inspector.
        let dns_lines = if m.compact {
            Vec::new()
        } else {
            wrap(&dns, chars, 2)
        };
        let class = classes(&[
            Some("region bar"),
            focus.then_some("focus"),
            selected.then_some("selected"),
            n.internal.then_some("internal"),
        ]);
        let _ = write!(
            out,
            "<g class=\"{class}\" data-network=\"{name}\" data-select=\"{key}\" tabindex=\"0\" role=\"button\" \
             aria-label=\"{label}\"><title>{tip}</title>{frame}\
             <rect class=\"region-head\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{hh}\" rx=\"8\"/>\
             <text class=\"bar-title\" x=\"{tx}\" y=\"{ty}\">{title_text}</text>\
             <text class=\"{dc}\" x=\"{tx}\" y=\"{dy}\">",
            name = escape(&n.name),
            key = Selection::Network(id).key(),
            label = escape(&self.tf("region.label", &[("name", &n.name), ("title", &title)])),
            tip = escape(&format!("{title}\n{why}\n{dns}")),
            x = Px(r.x),
            y = Px(r.y),
            w = Px(r.w),
            hh = Px(m.header_h),
            tx = Px(r.x + PAD),
            ty = Px(r.y + 16.0),
            title_text = escape(&ellipsis(&title, chars)),
            dc = classes(&[Some("dns"), dns_focus.then_some("focus")]),
            dy = Px(r.y + 31.0),
        );
        for (i, line) in dns_lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                Px(r.x + PAD),
                if i == 0 { "0" } else { "14" },
                escape(line)
            );
        }
        let _ = write!(
            out,
            "</text><line class=\"bus trunk\" x1=\"{x}\" y1=\"{y1}\" x2=\"{x}\" y2=\"{y2}\"/>",
            x = Px(r.trunk_x),
            y1 = Px(r.y + m.header_h - 4.0),
            y2 = Px(last)
        );
        for b in live {
            let _ = write!(
                out,
                "<line class=\"bus\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>",
                Px(b.x1),
                Px(b.x2),
                y = Px(b.y)
            );
        }
        out.push_str("</g>");
    }

    /// A container's tile: in full in its first network's region, or as a
    /// ghost in the others, with its interface on that region's network.
    fn tile(&self, out: &mut String, index: usize) {
        let t = &self.layout.tiles[index];
        let id = t.container;
        let Some(c) = self.scene.containers.get(&id) else {
            return;
        };
        let focus = self.focused(&Focus::Container(id));
        // A removed container is drawn once more, leaving, on the event
        // that removed it; then its place stays empty.
        if c.removed && !focus {
            return;
        }
        let network = match t.region {
            RegionKind::Network(n) => Some(n),
            _ => None,
        };
        // A ghost stands for the container only while it is on that network.
        if t.ghost && network.is_some_and(|n| !c.interfaces.contains_key(&n)) {
            return;
        }
        let selected = self.selected == Some(Selection::Container(id));
        let state_class = if c.removed {
            "leaving"
        } else {
            c.status.as_str()
        };
        let health_class = c.health.map(|h| format!("health-{}", h.as_str()));
        let mut status = status_words(self.words, c.status, c.exit_code);
        if let Some(h) = c.health {
            let _ = write!(status, " · {}", self.t(health_key(h)));
        }
        if c.status == Status::Running && c.ready {
            let _ = write!(status, " · {}", self.t("tile.ready"));
        }
        if let Some((dependency, condition)) = &c.waiting_for {
            if c.status == Status::Created {
                status = self.tf(
                    "tile.waiting",
                    &[
                        ("dependency", dependency),
                        ("condition", &condition.as_str()),
                    ],
                );
            }
        }
        if let Some((target, outcome)) = &c.last_connect {
            let _ = write!(status, " · → {target}: {}", self.outcome(outcome));
        }
        let title = match (self.view, &c.service) {
            (View::Services, Some(s)) => format!("{s} ({})", c.name),
            _ => c.name.clone(),
        };
        let iface = network.and_then(|n| c.interfaces.get(&n));
        let iface_line = match iface {
            Some(i) => {
                let ip =
                    i.ip.map(|i| i.to_string())
                        .unwrap_or_else(|| self.t("tile.no_address"));
                let reason = match &i.reason {
                    Some(AddressReason::Static) => format!(" {}", self.t("tile.static")),
                    Some(AddressReason::LowestFree { previous: Some(p) }) => {
                        if Some(*p) == i.ip {
                            format!(" {}", self.t("tile.same"))
                        } else {
                            format!(" {}", self.tf("tile.new", &[("previous", p)]))
                        }
                    }
                    _ => String::new(),
                };
                let compact = self.layout.metrics.compact;
                match (self.view, &i.ifname, &i.veth) {
                    (View::Linux, Some(ifname), Some(_)) if !compact => {
                        format!("{ifname}@if{} {ip}{reason}", i.veth_ifindex)
                    }
                    (View::Linux, Some(ifname), None) => format!("{ifname} {ip}{reason}"),
                    _ => format!("{ip}{reason}"),
                }
            }
            None => self.mode_note(c).unwrap_or_default(),
        };
        let extra = if t.ghost {
            let home = self
                .layout
                .home_tile(id)
                .and_then(|h| match h.region {
                    RegionKind::Network(n) => self.scene.networks.get(&n),
                    _ => None,
                })
                .map(|n| n.name.clone())
                .unwrap_or_default();
            self.tf("tile.also_on", &[("networks", &home)])
        } else {
            let others: Vec<String> = c
                .interfaces
                .keys()
                .filter(|n| Some(**n) != network)
                .filter_map(|n| self.scene.networks.get(n).map(|n| n.name.clone()))
                .collect();
            match (others.is_empty(), iface, self.view) {
                (false, _, _) => self.tf("tile.also_on", &[("networks", &others.join(", "))]),
                (true, Some(i), View::Linux) => i
                    .mac
                    .clone()
                    .map(|m| format!("mac {m}"))
                    .unwrap_or_default(),
                _ => c.image.clone(),
            }
        };
        let chars = chars_for(t.w - 16.0);
        let full = format!(
            "{}\n{iface_line}\n{extra}",
            self.tf(
                "tile.title",
                &[("name", &c.name), ("image", &c.image), ("status", &status)]
            )
        );
        let lines: Vec<(&str, String)> = if self.layout.metrics.compact {
            // Two lines: the name without the project's prefix (the
            // region's title names the project's network) and the
            // interface. Status shows in the tile's colours.
            let short = c
                .project
                .as_ref()
                .and_then(|p| c.name.strip_prefix(p.as_str()))
                .and_then(|rest| rest.strip_prefix(['-', '_']))
                .filter(|_| self.view == View::Linux)
                .unwrap_or(&title);
            vec![("name", short.to_string()), ("if-end", iface_line)]
        } else {
            vec![
                ("name", title),
                ("status", status),
                ("if-end", iface_line),
                ("sub", extra),
            ]
        };
        let class = classes(&[
            Some("container"),
            Some(state_class),
            health_class.as_deref(),
            t.ghost.then_some("ghost"),
            focus.then_some("focus"),
            selected.then_some("selected"),
        ]);
        let name_attr = if t.ghost {
            "data-ghost"
        } else {
            "data-container"
        };
        let _ = write!(
            out,
            "<g class=\"{class}\" {name_attr}=\"{name}\" data-select=\"{key}\" tabindex=\"0\" role=\"button\" \
             aria-label=\"{full}\"><title>{full}</title>\
             <rect class=\"box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"7\"/>",
            name = escape(&c.name),
            key = Selection::Container(id).key(),
            full = escape(&full),
            x = Px(t.x),
            y = Px(t.y),
            w = Px(t.w),
            h = Px(t.h),
        );
        for (i, (class, text)) in lines.iter().enumerate() {
            // A name keeps its end (the service and replica number tell
            // containers apart), other lines their start.
            let shown = if *class == "name" {
                ellipsis_middle(text, chars)
            } else {
                ellipsis(text, chars)
            };
            let _ = write!(
                out,
                "<text class=\"{class}\" x=\"{}\" y=\"{}\">{}</text>",
                Px(t.x + 7.0),
                Px(t.y + 14.0 + 15.0 * i as f64),
                escape(&shown)
            );
        }
        self.veth(out, t, iface);
        if !t.ghost {
            self.warning_mark(out, t, &c.name);
        }
        out.push_str("</g>");
    }

    /// The "!" badge of a container with warnings, in its tile's top right
    /// corner; its title holds every warning's words, one per line.
    fn warning_mark(&self, out: &mut String, t: &Tile, name: &str) {
        let texts: Vec<&str> = self
            .warnings
            .iter()
            .filter(|m| m.container == name)
            .map(|m| m.text.as_str())
            .collect();
        if texts.is_empty() {
            return;
        }
        let text = escape(&texts.join("\n"));
        let (cx, cy) = (t.x + t.w - 9.0, t.y + 9.0);
        let _ = write!(
            out,
            "<g class=\"warning-mark\" data-warning=\"{name}\" aria-label=\"{text}\"><title>{text}</title>\
             <circle cx=\"{cx}\" cy=\"{cy}\" r=\"7\"/>\
             <text x=\"{cx}\" y=\"{ty}\" text-anchor=\"middle\">!</text></g>",
            name = escape(name),
            cx = Px(cx),
            cy = Px(cy),
            ty = Px(cy + 4.0),
        );
    }

    /// What a container's network mode means, for a tile without an
    /// interface of its own.
    fn mode_note(&self, c: &SceneContainer) -> Option<String> {
        match &c.network_mode {
            NetworkMode::Host => Some(self.t("mode.host")),
            NetworkMode::None => Some(self.t("mode.none")),
            NetworkMode::Container(target) => {
                let owner = c
                    .netns_of
                    .and_then(|o| self.scene.containers.get(&o))
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| target.chars().take(12).collect());
                Some(self.tf("mode.shared", &[("owner", &owner)]))
            }
            NetworkMode::Default => None,
        }
    }

    /// The veth pair: from the tile up to its branch of the bus, with the
    /// host end's name beside it.
    fn veth(&self, out: &mut String, t: &Tile, iface: Option<&SceneInterface>) {
        let (Some(bus_y), Some(i)) = (t.bus_y, iface) else {
            return;
        };
        let RegionKind::Network(network) = t.region else {
            return;
        };
        let focus = self.focused(&Focus::Interface(t.container, network));
        let x = t.port_x();
        let plugged = i.ifname.is_some();
        let host_end = match (self.view, &i.veth) {
            (View::Linux, Some(v)) if !self.layout.metrics.compact => {
                format!("{v}@if{}", i.ifindex)
            }
            _ => String::new(),
        };
        let _ = write!(
            out,
            "<g class=\"{class}\" data-network=\"{net}\">\
             <line class=\"wire\" x1=\"{x}\" y1=\"{y}\" x2=\"{x}\" y2=\"{by}\"/>\
             <circle class=\"plug\" cx=\"{x}\" cy=\"{by}\" r=\"4\"/>\
             <text class=\"host-end\" x=\"{ex}\" y=\"{ey}\">{end}</text></g>",
            class = classes(&[
                Some("veth"),
                focus.then_some("focus"),
                (!plugged).then_some("pending")
            ]),
            net = escape(&i.network_name),
            x = Px(x),
            y = Px(t.y),
            by = Px(bus_y),
            ex = Px(x + 6.0),
            ey = Px(bus_y + 16.0),
            end = escape(&host_end),
        );
    }

    /// Traffic of the current event, drawn along its path: a line that
    /// draws itself from the sender to where the packets end (reduced
    /// motion shows it at once), with the end marked delivered or dropped
    /// and why.
    fn traffic(&self, out: &mut String) {
        let Some(traffic) = &self.scene.traffic else {
            return;
        };
        let (points, delivered, label, reason) = match traffic {
            Traffic::Dns {
                asker,
                query,
                answer,
            } => self.dns_path(*asker, query, answer),
            Traffic::Packet {
                from,
                target,
                route,
                outcome,
            } => self.packet_path(*from, target, route.as_ref(), outcome.as_ref()),
        };
        let Some(&(ex, ey)) = points.last() else {
            return;
        };
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { " L" },
                Px(*x),
                Px(*y)
            );
        }
        let verdict = if delivered { "delivered" } else { "dropped" };
        let end = if delivered {
            format!(
                "<circle class=\"packet-end\" cx=\"{}\" cy=\"{}\" r=\"7\"/>",
                Px(ex),
                Px(ey)
            )
        } else {
            format!(
                "<text class=\"packet-end\" x=\"{}\" y=\"{}\">✕</text>",
                Px(ex - 7.0),
                Px(ey + 7.0)
            )
        };
        let label = escape(&label);
        let _ = write!(
            out,
            "<g class=\"traffic {verdict}\" data-verdict=\"{verdict}\" data-reason=\"{reason}\" role=\"img\" \
             aria-label=\"{label}\"><path class=\"packet-path\" d=\"{d}\" pathLength=\"1\"/>{end}\
             <text class=\"packet-label\" x=\"{}\" y=\"{}\">{label}</text></g>",
            Px(ex + 10.0),
            Px(ey - 10.0),
        );
    }

    /// The network a container's traffic leaves by, as the drawing shows
    /// it: its own interface, or that of the container whose namespace it
    /// shares.
    fn owner(&self, id: ContainerId) -> ContainerId {
        self.scene
            .containers
            .get(&id)
            .and_then(|c| c.netns_of)
            .unwrap_or(id)
    }

    fn dns_path(
        &self,
        asker: ContainerId,
        query: &str,
        answer: &DnsAnswer,
    ) -> (Vec<(f64, f64)>, bool, String, &'static str) {
        let owner = self.owner(asker);
        let network = answer.network().or(match &answer.reason {
            DnsReason::NotOnAskersNetworks { searched }
            | DnsReason::UpstreamUnreachable { searched }
            | DnsReason::InternalOnly { searched } => searched.first().copied(),
            _ => None,
        });
        let answered = !answer.addrs.is_empty();
        let addrs: Vec<String> = answer.addrs.iter().map(|a| a.to_string()).collect();
        let label = if answered {
            format!("{query} → {}", addrs.join(", "))
        } else {
            format!("{query}: {}", answer.rcode.as_str())
        };
        let reason = match &answer.reason {
            DnsReason::Record { .. } => "record",
            DnsReason::Literal => "literal",
            DnsReason::NotOnAskersNetworks { .. } => "not-on-askers-networks",
            DnsReason::UpstreamUnreachable { .. } => "upstream-unreachable",
            DnsReason::InternalOnly { .. } => "internal-only",
            DnsReason::NoEmbeddedDns => "no-embedded-dns",
            DnsReason::NoEmbeddedDnsUnreachable => "no-embedded-dns-unreachable",
            DnsReason::NoNetwork => "no-network",
            DnsReason::NoNetworkLeft => "no-network-left",
        };
        // Up the asker's veth to its branch, along the bus to the start of
        // the bridge where its embedded DNS is drawn; or, without one, up
        // to the host's resolver.
        let tile = network
            .and_then(|n| self.layout.tile_on(owner, n))
            .or_else(|| self.layout.home_tile(owner));
        let Some(tile) = tile else {
            return (Vec::new(), answered, label, reason);
        };
        let mut points = vec![(tile.port_x(), tile.y)];
        match (
            &answer.reason,
            network.and_then(|n| self.layout.dns_point(n)),
        ) {
            (DnsReason::NoNetwork | DnsReason::Literal, _) => {
                points.push((tile.port_x(), tile.y - 12.0))
            }
            (_, Some((dx, dy))) => {
                let bus_y = tile.bus_y.unwrap_or(dy);
                points.push((tile.port_x(), bus_y));
                points.push((dx, bus_y));
                points.push((dx, dy));
            }
            _ => {
                let (hx, hy) = self.layout.host_point();
                let top = tile.bus_y.unwrap_or(tile.y) - 8.0;
                points.push((tile.port_x(), top));
                points.push((hx, top.min(hy + 30.0)));
                points.push((hx, hy));
            }
        }
        (points, answered, label, reason)
    }

    fn packet_path(
        &self,
        from: ContainerId,
        target: &str,
        route: Option<&Route>,
        outcome: Option<&ConnectOutcome>,
    ) -> (Vec<(f64, f64)>, bool, String, &'static str) {
        let sender = self.owner(from);
        let start = self.layout.home_tile(sender).map(|t| (t.port_x(), t.y));
        let Some(route) = route else {
            let points = start.into_iter().collect();
            return (
                points,
                false,
                self.tf("packet.no_such_name", &[("target", &target)]),
                "no-such-name",
            );
        };
        let mut points: Vec<(f64, f64)> = Vec::new();
        for hop in &route.hops {
            match hop {
                Hop::Out {
                    container, network, ..
                } => {
                    if let Some(t) = self.layout.tile_on(*container, *network) {
                        points.push((t.port_x(), t.y));
                        points.extend(t.bus_y.map(|y| (t.port_x(), y)));
                    }
                }
                Hop::In {
                    container, network, ..
                } => {
                    let (Some(t), Some(r)) = (
                        self.layout.tile_on(*container, *network),
                        self.layout.region(*network),
                    ) else {
                        continue;
                    };
                    let bus_y = t.bus_y.unwrap_or(t.y);
                    // Along the branch to the trunk, down or up the trunk to
                    // the receiver's branch, along it to the receiver.
                    if let Some(&(_, ly)) = points.last() {
                        if ly != bus_y {
                            points.push((r.trunk_x, ly));
                            points.push((r.trunk_x, bus_y));
                        }
                    } else {
                        points.push((r.trunk_x, bus_y));
                    }
                    points.extend([(t.port_x(), bus_y), (t.port_x(), t.y)]);
                }
                Hop::Bridge { .. } => {}
                Hop::Loopback { container } => {
                    if let Some(t) = self.layout.home_tile(*container) {
                        let (x, y) = (t.x + t.w / 2.0, t.y + t.h);
                        points.extend([
                            (x - 24.0, y),
                            (x - 24.0, y + 18.0),
                            (x + 24.0, y + 18.0),
                            (x + 24.0, y),
                        ]);
                    }
                }
                Hop::HostStack => {
                    let (hx, hy) = self.layout.host_point();
                    if let Some(&(lx, ly)) = points.last() {
                        let up = (ly - 10.0).min(hy + 40.0);
                        points.push((lx, up));
                        points.push((hx, up));
                    }
                    points.push((hx, hy));
                }
            }
        }
        if points.is_empty() {
            points.extend(start);
        }
        let name = |c: ContainerId| {
            self.scene
                .containers
                .get(&c)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let refused = match outcome {
            Some(ConnectOutcome::Refused) => Some((self.t("packet.not_ready"), "refused")),
            Some(ConnectOutcome::NotListening { port, .. }) => Some((
                self.tf("packet.not_listening", &[("port", port)]),
                "not-listening",
            )),
            Some(ConnectOutcome::LoopbackOnly { .. }) => {
                Some((self.t("packet.loopback"), "loopback-only"))
            }
            _ => None,
        };
        let (delivered, label, reason) = match (&route.verdict, refused) {
            (Verdict::Delivered(_), Some((why, reason))) => {
                (false, format!("{target}: {why}"), reason)
            }
            (Verdict::Delivered(Peer::Container(c)), None) => {
                (true, format!("→ {}", name(*c)), "delivered")
            }
            (Verdict::Delivered(Peer::Host), None) => (true, "→ the host".to_string(), "delivered"),
            (Verdict::Dropped(r), _) => {
                let (text, reason) = match r {
                    DropReason::SenderNotRunning => (self.t("packet.not_running"), "not-running"),
                    DropReason::NoNetwork => (self.t("packet.no_network"), "no-network"),
                    DropReason::NoSuchAddress { .. } => (
                        self.tf("packet.nobody", &[("ip", &route.to)]),
                        "no-such-address",
                    ),
                    DropReason::OtherNetwork { .. } => {
                        (self.t("packet.other_network"), "other-network")
                    }
                    DropReason::Internal => (self.t("packet.internal"), "internal"),
                    DropReason::NoRoute => (self.t("packet.no_route"), "no-route"),
                    DropReason::OutsideHost => (self.t("packet.outside"), "outside-host"),
                };
                (false, format!("{target}: {text}"), reason)
            }
        };
        (points, delivered, label, reason)
    }
}

/// `text` broken at ` · ` into at most `lines` lines of `max` characters;
/// what does not fit ends the last line with an ellipsis.
fn wrap(text: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for (i, item) in text.split(" · ").enumerate() {
        let piece = if i == 0 {
            item.to_string()
        } else {
            format!(" · {item}")
        };
        let count = out.len();
        let last = out.last_mut().expect("never empty");
        if last.chars().count() + piece.chars().count() <= max || last.is_empty() || count >= lines
        {
            last.push_str(&piece);
        } else {
            out.push(format!("· {item}"));
        }
    }
    out.into_iter().map(|l| ellipsis(&l, max)).collect()
}

/// How many characters of the drawing's monospace text fit in `width`.
fn chars_for(width: f64) -> usize {
    (width / 7.3).floor().max(4.0) as usize
}

/// `text` cut to `max` characters by an ellipsis in the middle, keeping
/// more of the end: `host-port-b…ers-broken-1`.
fn ellipsis_middle(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head = (max.saturating_sub(1)) * 2 / 5;
    let tail = max.saturating_sub(1) - head;
    let mut cut: String = text.chars().take(head).collect();
    cut.push('…');
    cut.extend(text.chars().skip(count - tail));
    cut
}

/// `text` cut to `max` characters with an ellipsis; the full text is in
/// the element's title and aria-label.
fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// A container's status in the page's words: `exited (0)`, `running`.
pub fn status_words(words: &Catalogue, status: Status, exit_code: i32) -> String {
    match status {
        Status::Exited => words.say("tile.exited", &[("code", &exit_code)]),
        s => words.say(status_key(s), &[]),
    }
}

/// The catalogue key of a status word (`exited` has its own, with the code).
fn status_key(status: Status) -> &'static str {
    match status {
        Status::Created => "status.created",
        Status::Running => "status.running",
        Status::Restarting => "status.restarting",
        Status::Exited => "status.exited",
        Status::Paused => "status.paused",
        Status::Removing => "status.removing",
        Status::Dead => "status.dead",
    }
}

fn health_key(health: HealthStatus) -> &'static str {
    match health {
        HealthStatus::Starting => "health.starting",
        HealthStatus::Healthy => "health.healthy",
        HealthStatus::Unhealthy => "health.unhealthy",
    }
}

/// Where a network's subnet came from, in the page's words; the page's
/// inspector says it too.
pub fn subnet_words(words: &Catalogue, source: Option<SubnetSource>) -> String {
    let key = match source {
        None => "subnet.daemon",
        Some(SubnetSource::User) => "subnet.user",
        Some(SubnetSource::NextDefaultPool) => "subnet.next_pool",
        Some(SubnetSource::FirstFreeDefaultPool) => "subnet.first_free",
        Some(SubnetSource::NotAddressed) => "subnet.builtin",
    };
    words.say(key, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_one_decimal() {
        let shown: Vec<String> = [0.0, 1.25, -3.04, 12.96, 640.0]
            .iter()
            .map(|v| Px(*v).to_string())
            .collect();
        assert_eq!(shown, ["0.0", "1.3", "-3.0", "13.0", "640.0"]);
    }

    #[test]
    fn markup_in_names_is_text() {
        assert_eq!(
            escape("<img src=x onerror='a&b'>\""),
            "&lt;img src=x onerror=&#39;a&amp;b&#39;&gt;&quot;"
        );
    }

    #[test]
    fn selections_round_trip_through_their_keys() {
        for s in [
            Selection::Container(ContainerId(7)),
            Selection::Network(composenet_model::NetworkId(12)),
        ] {
            assert_eq!(Selection::from_key(&s.key()), Some(s));
        }
        assert_eq!(Selection::from_key("x1"), None);
        assert_eq!(Selection::from_key(""), None);
    }
}
