//! IPAM as Docker's default driver does it: which subnet a new network gets
//! (facts §1) and which address a gateway or container gets inside it
//! (facts §2).

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

/// Docker's default local address pools, in the order the allocator tries
/// them: 172.17-19/16, three /14s cut into /16s, then 192.168.0.0/16 cut into
/// /20s — 31 networks in all (libnetwork `ipamutils`).
pub fn default_pools() -> Vec<Ipv4Net> {
    let mut pools = Vec::with_capacity(31);
    for second in 17..=19u8 {
        pools.push(Ipv4Net::new(Ipv4Addr::new(172, second, 0, 0), 16).unwrap());
    }
    for second in 20..=31u8 {
        pools.push(Ipv4Net::new(Ipv4Addr::new(172, second, 0, 0), 16).unwrap());
    }
    for third in (0..=240u8).step_by(16) {
        pools.push(Ipv4Net::new(Ipv4Addr::new(192, 168, third, 0), 20).unwrap());
    }
    pools
}

/// Chooses subnets for networks created without one.
#[derive(Clone, Debug)]
pub struct PoolAllocator {
    pools: Vec<Ipv4Net>,
    /// Index of the pool after the last one handed out; only used when the
    /// engine walks round-robin (engines up to 26).
    cursor: usize,
}

impl PoolAllocator {
    pub fn new() -> Self {
        PoolAllocator {
            pools: default_pools(),
            cursor: 0,
        }
    }

    /// The next pool that overlaps nothing in `taken` (subnets of existing
    /// networks and host routes), or `None` when every pool is used.
    pub fn allocate(&mut self, taken: &[Ipv4Net], round_robin: bool) -> Option<Ipv4Net> {
        let n = self.pools.len();
        let start = if round_robin { self.cursor } else { 0 };
        for step in 0..n {
            let index = (start + step) % n;
            let pool = self.pools[index];
            if taken.iter().all(|t| !overlaps(*t, pool)) {
                self.cursor = (index + 1) % n;
                return Some(pool);
            }
        }
        None
    }
}

impl Default for PoolAllocator {
    fn default() -> Self {
        Self::new()
    }
}

pub fn overlaps(a: Ipv4Net, b: Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// Why an address could not be had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("Address already in use")]
    InUse,
    #[error("no configured subnet or ip-range contain the IP address {0}")]
    OutOfSubnet(Ipv4Addr),
    #[error("no available IPv4 addresses on this network's address pools")]
    Exhausted,
}

/// The addresses of one network's subnet: which are handed out, and the
/// range new ones come from.
#[derive(Clone, Debug)]
pub struct SubnetAllocator {
    pub subnet: Ipv4Net,
    /// `ip_range` when the user gave one; addresses without a static request
    /// come only from here.
    pub range: Ipv4Net,
    allocated: BTreeSet<Ipv4Addr>,
    /// Every address of the range below this one is taken (or is the
    /// subnet's network or broadcast address), so the search for the
    /// lowest free address starts here: without it each allocation walked
    /// every address handed out before, and filling a network was
    /// quadratic. A release below it lowers it.
    floor: u32,
}

impl SubnetAllocator {
    pub fn new(subnet: Ipv4Net, range: Option<Ipv4Net>) -> Self {
        SubnetAllocator {
            subnet,
            range: range.unwrap_or(subnet),
            allocated: BTreeSet::new(),
            floor: u32::from(range.unwrap_or(subnet).network()),
        }
    }

    /// The lowest free address of the range, skipping the subnet's network
    /// and broadcast addresses (facts §2: every engine, bridge networks).
    pub fn allocate(&mut self) -> Result<Ipv4Addr, AddressError> {
        let first = u32::from(self.range.network());
        let last = u32::from(self.range.broadcast());
        let net = u32::from(self.subnet.network());
        let bcast = u32::from(self.subnet.broadcast());
        let mut candidate = first.max(self.floor);
        // The set is ordered, so walking it alongside the range finds the
        // first gap without visiting every address of a /8.
        for taken in self
            .allocated
            .range(Ipv4Addr::from(candidate)..=Ipv4Addr::from(last))
        {
            let taken = u32::from(*taken);
            while candidate < taken {
                if candidate != net && candidate != bcast {
                    return Ok(self.take(candidate));
                }
                candidate += 1;
            }
            if candidate == taken {
                candidate += 1;
            }
        }
        while candidate <= last {
            if candidate != net && candidate != bcast {
                return Ok(self.take(candidate));
            }
            if candidate == u32::MAX {
                break;
            }
            candidate += 1;
        }
        Err(AddressError::Exhausted)
    }

    /// Hands out `addr`, the lowest free address of the range.
    fn take(&mut self, addr: u32) -> Ipv4Addr {
        self.floor = addr;
        let addr = Ipv4Addr::from(addr);
        self.allocated.insert(addr);
        addr
    }

    /// Takes exactly `addr` (a static address, a gateway or an aux address).
    pub fn reserve(&mut self, addr: Ipv4Addr) -> Result<Ipv4Addr, AddressError> {
        if !self.subnet.contains(&addr)
            || addr == self.subnet.network()
            || (self.subnet.prefix_len() < 31 && addr == self.subnet.broadcast())
        {
            return Err(AddressError::OutOfSubnet(addr));
        }
        if !self.allocated.insert(addr) {
            return Err(AddressError::InUse);
        }
        Ok(addr)
    }

    pub fn release(&mut self, addr: Ipv4Addr) {
        if self.allocated.remove(&addr) {
            self.floor = self.floor.min(u32::from(addr));
        }
    }

    pub fn is_allocated(&self, addr: Ipv4Addr) -> bool {
        self.allocated.contains(&addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn thirty_one_default_pools_in_docker_order() {
        let pools = default_pools();
        assert_eq!(pools.len(), 31);
        assert_eq!(pools[0], net("172.17.0.0/16"));
        assert_eq!(pools[3], net("172.20.0.0/16"));
        assert_eq!(pools[14], net("172.31.0.0/16"));
        assert_eq!(pools[15], net("192.168.0.0/20"));
        assert_eq!(pools[16], net("192.168.16.0/20"));
        assert_eq!(pools[30], net("192.168.240.0/20"));
    }

    #[test]
    fn round_robin_moves_on_after_removal_first_free_does_not() {
        let mut rr = PoolAllocator::new();
        let mut taken = vec![rr.allocate(&[], true).unwrap()];
        let second = rr.allocate(&taken, true).unwrap();
        assert_eq!(second, net("172.18.0.0/16"));
        // The network on 172.18 is removed; round-robin still goes on.
        assert_eq!(rr.allocate(&taken, true).unwrap(), net("172.19.0.0/16"));
        taken.push(net("172.19.0.0/16"));

        let mut ff = PoolAllocator::new();
        let taken = vec![ff.allocate(&[], false).unwrap()];
        assert_eq!(ff.allocate(&taken, false).unwrap(), net("172.18.0.0/16"));
        assert_eq!(ff.allocate(&taken, false).unwrap(), net("172.18.0.0/16"));
    }

    #[test]
    fn lowest_free_address_is_reused_at_once() {
        let mut sub = SubnetAllocator::new(net("172.18.0.0/16"), None);
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(172, 18, 0, 1));
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(172, 18, 0, 3));
        sub.release(Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(172, 18, 0, 2));
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(172, 18, 0, 4));
    }

    /// Allocations, releases and static reservations in a mixed order give
    /// the lowest free address every time, as a search from the start of
    /// the range would.
    #[test]
    fn the_search_floor_never_skips_a_free_address() {
        for range in [None, Some(net("10.9.0.16/28"))] {
            let mut sub = SubnetAllocator::new(net("10.9.0.0/26"), range);
            let lowest = |sub: &SubnetAllocator| {
                let first = u32::from(sub.range.network());
                let last = u32::from(sub.range.broadcast());
                (first..=last).map(Ipv4Addr::from).find(|a| {
                    !sub.is_allocated(*a)
                        && *a != sub.subnet.network()
                        && *a != sub.subnet.broadcast()
                })
            };
            // A fixed walk: the step number picks the operation and address.
            for step in 0u32..400 {
                let addr = Ipv4Addr::from(u32::from(sub.subnet.network()) + (step * 37) % 64);
                match step % 5 {
                    0 | 1 => {
                        let expected = lowest(&sub);
                        assert_eq!(sub.allocate().ok(), expected, "step {step}");
                    }
                    2 | 3 => sub.release(addr),
                    _ => {
                        let _ = sub.reserve(addr);
                    }
                }
            }
        }
    }

    #[test]
    fn small_subnets_run_out() {
        let mut sub = SubnetAllocator::new(net("10.9.0.0/30"), None);
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(10, 9, 0, 1));
        assert_eq!(sub.allocate().unwrap(), Ipv4Addr::new(10, 9, 0, 2));
        assert_eq!(sub.allocate(), Err(AddressError::Exhausted));
        assert_eq!(
            sub.reserve(Ipv4Addr::new(10, 9, 0, 3)),
            Err(AddressError::OutOfSubnet(Ipv4Addr::new(10, 9, 0, 3)))
        );
    }
}
