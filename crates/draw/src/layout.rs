//! Where everything goes in the topology drawing. The layout is computed
//! once from the whole event log — every network and container that ever
//! exists gets its place — so stepping through the timeline never moves
//! anything: things appear and disappear in their own places.
//!
//! The drawing is a set of regions, one per network that ever holds a
//! container (the default bridge, each user-defined network, and `host`,
//! `none` and "no network yet" for the containers that have none of their
//! own), packed in shelves to fit the pane. A network's region is headed by
//! its bridge (a bus in the host's namespace); its containers sit below in
//! wrapped rows, each row with its own branch of the bus, so a veth line
//! only ever meets the bridge it is plugged into. A container on several
//! networks is drawn in full in the region of its first network and as a
//! "ghost" tile, linked by name, in each other one.
//!
//! The layout reads only which containers and networks the events name; it
//! decides no Docker rule (a network gets a bus when its creation event
//! gives it a subnet).

use composenet_model::event::{Event, EventKind};
use composenet_model::snapshot::Snapshot;
use composenet_model::{ContainerId, NetworkId, NetworkMode};
use indexmap::IndexMap;

pub const MARGIN: f64 = 16.0;
pub const PAD: f64 = 12.0;
/// The host's panel at the top: its stack and the published ports.
pub const HOST_H: f64 = 42.0;
/// Where a tile's veth line leaves it, from its left edge.
pub const PORT_DX: f64 = 22.0;

/// The sizes of the drawing's parts at one density.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metrics {
    /// A container tile.
    pub tile_w: f64,
    pub tile_h: f64,
    pub col_w: f64,
    /// A row: the bus branch, the veth line down to the tile, the tile.
    pub row_h: f64,
    /// From the bus branch down to the top of the tiles (room for the
    /// host end of the veth pair).
    pub bus_to_tile: f64,
    /// A region's header: its title, and what its embedded DNS answers.
    pub header_h: f64,
    /// Tiles of two lines (name, interface) instead of four, no veth
    /// names and a one-line header: what the inspector and the tooltips
    /// still show, the drawing leaves out.
    pub compact: bool,
}

/// A few containers: every detail on the tile.
pub const FULL: Metrics = Metrics {
    tile_w: 196.0,
    tile_h: 70.0,
    col_w: 212.0,
    row_h: 114.0,
    bus_to_tile: 30.0,
    header_h: 54.0,
    compact: false,
};

/// Many containers: small enough that 30 services on 6 networks are
/// readable in a 1400×900 window without zooming.
pub const COMPACT: Metrics = Metrics {
    tile_w: 150.0,
    tile_h: 34.0,
    col_w: 156.0,
    row_h: 52.0,
    bus_to_tile: 14.0,
    header_h: 24.0,
    compact: true,
};

/// Above this many tiles the drawing is compact.
pub const COMPACT_ABOVE: usize = 16;

/// What a region stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RegionKind {
    /// An addressed network: a bus with branches.
    Network(NetworkId),
    /// `network_mode: host` containers.
    Host,
    /// `network_mode: none` containers.
    None,
    /// Containers that never got a network of their own (never started).
    Detached,
}

/// One branch of a region's bus, above one row of tiles.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub y: f64,
    pub x1: f64,
    pub x2: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub kind: RegionKind,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The vertical trunk that joins the branches (networks only).
    pub trunk_x: f64,
    pub branches: Vec<Branch>,
}

impl Region {
    /// The first branch: where the bridge's name and DNS are drawn.
    pub fn bus_y(&self) -> Option<f64> {
        self.branches.first().map(|b| b.y)
    }
}

/// A container's tile in a region. `ghost` tiles stand for a container
/// whose full tile is in another region.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub container: ContainerId,
    pub region: RegionKind,
    pub ghost: bool,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The y of the branch its veth line goes up to (networks only).
    pub bus_y: Option<f64>,
}

impl Tile {
    pub fn port_x(&self) -> f64 {
        self.x + PORT_DX
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub metrics: Metrics,
    pub width: f64,
    pub height: f64,
    pub regions: IndexMap<RegionKind, Region>,
    pub tiles: Vec<Tile>,
    /// The index in `tiles` of each container's full tile.
    pub home: IndexMap<ContainerId, usize>,
    /// The tile that stands for a container on a network.
    pub on_network: IndexMap<(ContainerId, NetworkId), usize>,
}

/// What the events say about one container, for placing it.
struct Placed {
    networks: Vec<NetworkId>,
    mode: NetworkMode,
    netns_of: Option<ContainerId>,
}

/// The pane's aspect ratio the layout aims for when none is known.
pub const DEFAULT_ASPECT: f64 = 2.0;

impl Layout {
    pub fn new(initial: &Snapshot, events: &[Event]) -> Layout {
        Layout::for_pane(initial, events, DEFAULT_ASPECT)
    }

    /// The layout whose shape fits a pane `aspect` times wider than tall
    /// best, so the drawing is as large as it can be without zooming.
    pub fn for_pane(initial: &Snapshot, events: &[Event], aspect: f64) -> Layout {
        let (order, containers) = collect(initial, events);
        let members = members(&order, &containers);
        // Try every number of columns and keep the one that fills the pane
        // best; ties go to the narrower drawing.
        let total: usize = members.values().map(Vec::len).sum();
        let metrics = if total > COMPACT_ABOVE { COMPACT } else { FULL };
        // Regions in creation order, and largest first (which packs big
        // scenarios tighter); whichever fills the pane better wins.
        let in_order: Vec<Members> = members.iter().collect();
        let mut largest = in_order.clone();
        composenet_model::order::sort_by_key(&mut largest, |(_, list)| {
            std::cmp::Reverse(list.len())
        });
        // Try every drawing width (in tiles) and every cap on a region's
        // rows, and keep the packing that fills the pane best; ties go to
        // the earlier (narrower, creation-ordered) one.
        let most = total.clamp(1, 40);
        let mut best = (0.0, &in_order, 1, 1);
        for regions in [&in_order, &largest] {
            for rows in 1..=8 {
                for cols in 1..=most {
                    let size = shelves(regions, cols, rows, metrics);
                    let scale = (aspect / size.width).min(1.0 / size.height);
                    if scale > best.0 * 1.0001 {
                        best = (scale, regions, cols, rows);
                    }
                }
            }
        }
        let (_, regions, cols, rows) = best;
        pack(regions, cols, rows, metrics)
    }

    /// The tile that represents a container on a network.
    pub fn tile_on(&self, container: ContainerId, network: NetworkId) -> Option<&Tile> {
        self.on_network
            .get(&(container, network))
            .map(|i| &self.tiles[*i])
    }

    pub fn home_tile(&self, container: ContainerId) -> Option<&Tile> {
        self.home.get(&container).map(|i| &self.tiles[*i])
    }

    /// The host's own network stack, in the host's panel.
    pub fn host_point(&self) -> (f64, f64) {
        (MARGIN + 40.0, MARGIN + HOST_H / 2.0)
    }

    /// Where a network's embedded DNS is drawn: the start of its bus.
    pub fn dns_point(&self, network: NetworkId) -> Option<(f64, f64)> {
        let r = self.regions.get(&RegionKind::Network(network))?;
        Some((r.trunk_x, r.bus_y()?))
    }

    pub fn region(&self, network: NetworkId) -> Option<&Region> {
        self.regions.get(&RegionKind::Network(network))
    }
}

/// Networks with a bus in creation order, and every container with the
/// networks it is ever attached to.
fn collect(
    initial: &Snapshot,
    events: &[Event],
) -> (Vec<NetworkId>, IndexMap<ContainerId, Placed>) {
    let mut order: Vec<NetworkId> = initial
        .networks
        .iter()
        .filter(|n| n.subnet.is_some())
        .map(|n| n.id)
        .collect();
    let mut containers: IndexMap<ContainerId, Placed> = IndexMap::new();
    for e in events {
        match &e.kind {
            EventKind::NetworkCreated {
                network,
                subnet: Some(_),
                ..
            } if !order.contains(network) => order.push(*network),
            EventKind::ContainerCreated {
                container,
                network_mode,
                netns_of,
                ..
            } => {
                containers.insert(
                    *container,
                    Placed {
                        networks: Vec::new(),
                        mode: network_mode.clone(),
                        netns_of: *netns_of,
                    },
                );
            }
            EventKind::AddressAllocated {
                container, network, ..
            }
            | EventKind::InterfaceCreated {
                container, network, ..
            } => {
                if let Some(p) = containers.get_mut(container) {
                    if !p.networks.contains(network) && order.contains(network) {
                        p.networks.push(*network);
                    }
                }
            }
            _ => {}
        }
    }
    (order, containers)
}

/// Each region's tiles in order: (container, is a ghost).
fn members(
    order: &[NetworkId],
    containers: &IndexMap<ContainerId, Placed>,
) -> IndexMap<RegionKind, Vec<(ContainerId, bool)>> {
    let mut members: IndexMap<RegionKind, Vec<(ContainerId, bool)>> = order
        .iter()
        .map(|n| (RegionKind::Network(*n), Vec::new()))
        .collect();
    // A container sharing another's namespace sits right after it.
    let home_of = |id: ContainerId| -> RegionKind {
        let mut id = id;
        for _ in 0..containers.len() {
            let p = &containers[&id];
            if let Some(first) = p.networks.first() {
                return RegionKind::Network(*first);
            }
            match (&p.mode, p.netns_of) {
                (NetworkMode::Container(_), Some(owner)) if containers.contains_key(&owner) => {
                    id = owner
                }
                (NetworkMode::Host, _) => return RegionKind::Host,
                (NetworkMode::None, _) => return RegionKind::None,
                _ => break,
            }
        }
        RegionKind::Detached
    };
    let mut placed: Vec<ContainerId> = Vec::new();
    let place = |id: ContainerId, members: &mut IndexMap<_, Vec<_>>| {
        let region = home_of(id);
        members.entry(region).or_default().push((id, false));
        for n in containers[&id].networks.iter().skip(1) {
            members
                .entry(RegionKind::Network(*n))
                .or_default()
                .push((id, true));
        }
    };
    for (id, p) in containers {
        if placed.contains(id) || (p.netns_of.is_some() && p.networks.is_empty()) {
            continue;
        }
        place(*id, &mut members);
        placed.push(*id);
        // Its namespace guests follow it.
        for (guest, g) in containers {
            if g.netns_of == Some(*id) && g.networks.is_empty() && !placed.contains(guest) {
                place(*guest, &mut members);
                placed.push(*guest);
            }
        }
    }
    // Guests whose owner is gone from the log still need a place.
    for id in containers.keys() {
        if !placed.contains(id) {
            place(*id, &mut members);
        }
    }
    // Every addressed network keeps its region, even empty (the default
    // bridge is there from the start); the other groups only when used.
    members.retain(|kind, tiles| matches!(kind, RegionKind::Network(_)) || !tiles.is_empty());
    members
}

/// A region and its tiles: (container, is a ghost).
type Members<'a> = (&'a RegionKind, &'a Vec<(ContainerId, bool)>);

/// Where the regions go when packed in shelves at most `cols` tiles wide,
/// each region wide enough to need at most `max_rows` rows (and at least
/// two columns when it has two tiles, so its title has room): each
/// region's box and columns, and the drawing's size. Choosing a packing
/// needs only this, so the search does not place every tile of every
/// candidate.
struct Shelves {
    /// `(x, y, w, h, columns)` of each region, in the order given.
    boxes: Vec<(f64, f64, f64, f64, usize)>,
    width: f64,
    height: f64,
}

fn shelves(members: &[Members], cols: usize, max_rows: usize, m: Metrics) -> Shelves {
    let max_w = cols as f64 * m.col_w + 2.0 * PAD;
    let (mut x, mut y) = (MARGIN, MARGIN + HOST_H + PAD);
    let mut shelf_h: f64 = 0.0;
    let mut width: f64 = 0.0;
    let mut boxes = Vec::with_capacity(members.len());
    for &(_, list) in members {
        let c = list
            .len()
            .div_ceil(max_rows)
            .max(list.len().min(2))
            .clamp(1, cols);
        let rows = list.len().div_ceil(c);
        let w = c as f64 * m.col_w + 2.0 * PAD;
        let h = if rows == 0 {
            m.header_h + 12.0 + PAD
        } else {
            m.header_h + rows as f64 * m.row_h + PAD
        };
        if x > MARGIN && x + w > MARGIN + max_w {
            x = MARGIN;
            y += shelf_h + PAD;
            shelf_h = 0.0;
        }
        boxes.push((x, y, w, h, c));
        x += w + PAD;
        width = width.max(x);
        shelf_h = shelf_h.max(h);
    }
    Shelves {
        boxes,
        width: width.max(MARGIN + 420.0) + MARGIN - PAD,
        height: y + shelf_h + MARGIN,
    }
}

/// The layout of one packing (see [`shelves`]): every region with its bus
/// and branches, and every tile.
fn pack(members: &[Members], cols: usize, max_rows: usize, m: Metrics) -> Layout {
    let placed = shelves(members, cols, max_rows, m);
    let mut regions = IndexMap::new();
    let mut tiles = Vec::new();
    let mut home = IndexMap::new();
    let mut on_network = IndexMap::new();
    for (&(kind, list), &(x, y, w, h, c)) in members.iter().zip(&placed.boxes) {
        let networked = matches!(kind, RegionKind::Network(_));
        let trunk_x = x + PAD / 2.0;
        let mut branches = Vec::new();
        for (i, (id, ghost)) in list.iter().enumerate() {
            let (row, col) = (i / c, i % c);
            let bus_y = y + m.header_h + row as f64 * m.row_h;
            let tx = x + PAD + col as f64 * m.col_w;
            let tile = Tile {
                container: *id,
                region: *kind,
                ghost: *ghost,
                x: tx,
                y: bus_y + m.bus_to_tile,
                w: m.tile_w,
                h: m.tile_h,
                bus_y: networked.then_some(bus_y),
            };
            if networked {
                if branches.len() <= row {
                    branches.push(Branch {
                        y: bus_y,
                        x1: trunk_x,
                        x2: tx + PORT_DX,
                    });
                }
                branches[row].x2 = tx + PORT_DX;
            }
            if !ghost {
                home.insert(*id, tiles.len());
            }
            if let RegionKind::Network(n) = kind {
                on_network.insert((*id, *n), tiles.len());
            }
            tiles.push(tile);
        }
        if networked && branches.is_empty() {
            branches.push(Branch {
                y: y + m.header_h + 6.0,
                x1: trunk_x,
                x2: x + w - PAD,
            });
        }
        if let Some(first) = branches.first_mut() {
            // The first branch is the bridge itself: it spans the region.
            first.x2 = first.x2.max(x + w - PAD);
        }
        regions.insert(
            *kind,
            Region {
                kind: *kind,
                x,
                y,
                w,
                h,
                trunk_x,
                branches,
            },
        );
    }
    Layout {
        metrics: m,
        width: placed.width,
        height: placed.height,
        regions,
        tiles,
        home,
        on_network,
    }
}
