//! Where everything goes in the topology drawing. The layout is computed
//! once from the whole event log — every network and container that ever
//! exists gets its place — so stepping through the timeline never moves
//! anything: things appear and disappear in their own places.
//!
//! The drawing is a bus diagram: containers in a row on top, each in its own
//! network namespace; below them the host's namespace with one horizontal
//! bar per bridge. A veth pair is a vertical line from a container down to
//! the bridge it is plugged into.

use composenet_model::event::{Event, EventKind};
use composenet_model::snapshot::Snapshot;
use composenet_model::{ContainerId, NetworkId};
use indexmap::IndexMap;

pub const MARGIN: f64 = 40.0;
pub const BOX_Y: f64 = 56.0;
pub const BOX_H: f64 = 96.0;
/// Width given to each interface of a container (room for its labels).
pub const SLOT_W: f64 = 230.0;
pub const GAP: f64 = 26.0;
/// Top of the host's namespace (below the container-end labels).
pub const HOST_Y: f64 = BOX_Y + BOX_H + 64.0;
pub const FIRST_BAR: f64 = HOST_Y + 90.0;
pub const BAR_GAP: f64 = 124.0;

#[derive(Clone, Debug, PartialEq)]
pub struct ContainerBox {
    pub x: f64,
    pub w: f64,
    /// The x of the veth line for each network it is ever attached to.
    pub slots: IndexMap<NetworkId, f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The y of each bridge's bar, for every bridge network ever created.
    pub bars: IndexMap<NetworkId, f64>,
    pub containers: IndexMap<ContainerId, ContainerBox>,
}

impl Layout {
    pub fn new(initial: &Snapshot, events: &[Event]) -> Layout {
        // Addressed networks in order of creation, docker0 first: each gets
        // a bar, a bridge's or (macvlan, ipvlan) the parent link's.
        let mut bar_order: Vec<NetworkId> = initial
            .networks
            .iter()
            .filter(|n| n.subnet.is_some())
            .map(|n| n.id)
            .collect();
        // Containers in order of creation, with every network they are ever
        // attached to and the container whose namespace they share.
        let mut containers: IndexMap<ContainerId, (Vec<NetworkId>, Option<ContainerId>)> =
            IndexMap::new();
        for e in events {
            match &e.kind {
                EventKind::NetworkCreated {
                    network,
                    subnet: Some(_),
                    ..
                } if !bar_order.contains(network) => bar_order.push(*network),
                EventKind::ContainerCreated {
                    container,
                    netns_of,
                    ..
                } => {
                    containers.insert(*container, (Vec::new(), *netns_of));
                }
                EventKind::AddressAllocated {
                    container, network, ..
                }
                | EventKind::InterfaceCreated {
                    container, network, ..
                } => {
                    if let Some((nets, _)) = containers.get_mut(container) {
                        if !nets.contains(network) {
                            nets.push(*network);
                        }
                    }
                }
                _ => {}
            }
        }
        let bars: IndexMap<NetworkId, f64> = bar_order
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, FIRST_BAR + i as f64 * BAR_GAP))
            .collect();
        // Containers sit above their first bridge, so lines stay short and
        // cross few bars; those without a bridge of their own sit beside the
        // container whose namespace they share, or at the end.
        let row = |id: &ContainerId| -> f64 {
            let mut id = *id;
            for _ in 0..containers.len() {
                let (nets, netns_of) = &containers[&id];
                if let Some(first) = nets.iter().filter_map(|n| bars.get_index_of(n)).min() {
                    return first as f64;
                }
                match netns_of {
                    Some(owner) if containers.contains_key(owner) => id = *owner,
                    _ => break,
                }
            }
            f64::MAX
        };
        let mut order: Vec<(usize, ContainerId, f64)> = containers
            .keys()
            .enumerate()
            .map(|(i, id)| (i, *id, row(id)))
            .collect();
        order.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
        let mut x = MARGIN;
        let mut boxes = IndexMap::new();
        for (_, id, _) in order {
            let nets = &containers[&id].0;
            let w = SLOT_W * nets.len().max(1) as f64;
            let slots = nets
                .iter()
                .enumerate()
                .map(|(k, n)| (*n, x + 18.0 + k as f64 * SLOT_W))
                .collect();
            boxes.insert(
                id,
                ContainerBox {
                    x,
                    w: w - GAP,
                    slots,
                },
            );
            x += w;
        }
        let width = (x + MARGIN).max(760.0);
        let height = FIRST_BAR + bars.len().max(1) as f64 * BAR_GAP;
        Layout {
            width,
            height,
            bars,
            containers: boxes,
        }
    }
}

/// Where traffic is drawn: the points a packet passes in this layout. The
/// drawing asks these instead of computing coordinates itself, so a new
/// arrangement only has to answer them.
impl Layout {
    /// The bottom edge of every container box, where veth lines leave.
    pub fn box_bottom(&self) -> f64 {
        BOX_Y + BOX_H
    }

    /// Where a container's interface on `network` leaves its box (the
    /// middle of the box when it has none there).
    pub fn port_x(&self, container: ContainerId, network: Option<NetworkId>) -> Option<f64> {
        let b = self.containers.get(&container)?;
        Some(
            network
                .and_then(|n| b.slots.get(&n).copied())
                .unwrap_or(b.x + b.w / 2.0),
        )
    }

    pub fn bar_y(&self, network: NetworkId) -> Option<f64> {
        self.bars.get(&network).copied()
    }

    /// The host's own network stack, at the top of its namespace.
    pub fn host_point(&self) -> (f64, f64) {
        (MARGIN + 60.0, HOST_Y + 30.0)
    }

    /// Where a network's embedded DNS is drawn: the start of its bar.
    pub fn dns_point(&self, network: NetworkId) -> Option<(f64, f64)> {
        self.bar_y(network).map(|y| (MARGIN, y))
    }
}
