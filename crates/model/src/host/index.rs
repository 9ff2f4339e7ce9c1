//! Indexes over the host's containers, so that looking one up by name, by
//! compose project and service, or by network and address costs a tree
//! lookup instead of a scan of every container. Without them `compose up`
//! was quadratic in the number of containers (each service's containers
//! were found by reading every container's labels), and a project of
//! 10 000 services took minutes instead of a second.
//!
//! The indexes hold nothing the containers do not: they are updated where
//! the facts they mirror change (create, remove, rename, an endpoint joining
//! or leaving a network) and every answer is what the scan it replaces
//! would give, in the same order. Container ids grow with creation and the
//! host's container map keeps creation order, so ids in id order are in the
//! map's order.
//!
//! Every index is a map of the same type, text to (number, container), so
//! the page's wasm holds one copy of its code: each generic collection
//! type is compiled again for the page, and a map type per index cost
//! 14 KB more of its 500 KB gzip budget than this one type.

use super::*;
use std::collections::BTreeSet;
use std::ops::Bound;

use crate::compose::labels;

/// Text → (a number, a container), sorted: in number order, then creation
/// order. A sorted `Vec` rather than a set: most texts have one container,
/// a new container's id is the largest so it goes at the end, and a `Vec`
/// adds less code to the page than another tree type.
type Map = BTreeMap<String, Vec<(u32, ContainerId)>>;

#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    /// Container name → its containers. Names are unique except between
    /// made-up names, which nothing checks (as in the scan, the first
    /// created wins).
    by_name: Map,
    /// Docker id → its container, so an id prefix is a range.
    by_docker_id: Map,
    /// Compose project → every container with its label, one-off or not.
    by_project: Map,
    /// [`service_key`] → (container number, container), not counting
    /// one-off containers (`docker compose run`), as compose counts them.
    by_service: Map,
    /// Network id → the containers with a live endpoint on it.
    on_network: Map,
    /// [`net_key`] of an address → the container whose live endpoint holds
    /// it (one, since a network's allocator hands an address out once; the
    /// first created wins, as in the scan, if that ever failed).
    by_address: Map,
    /// [`net_key`] of a name in lower case → the containers whose addressed
    /// live endpoint on that network answers to it in the embedded DNS: the
    /// container's own name unless made up, and the endpoint's aliases.
    /// Docker's DNS ignores ASCII case.
    dns: Map,
}

/// A project and a service as one text; the length makes it unambiguous.
fn service_key(project: &str, service: &str) -> String {
    format!("{}:{project}{service}", project.len())
}

/// Something on a network as one text (a network id has no `/`).
fn net_key(net: NetworkId, what: &str) -> String {
    format!("{}/{what}", net.0)
}

fn add(map: &mut Map, key: &str, number: u32, id: ContainerId) {
    match map.get_mut(key) {
        Some(list) => {
            if let Err(at) = list.binary_search(&(number, id)) {
                list.insert(at, (number, id));
            }
        }
        None => {
            map.insert(key.to_string(), vec![(number, id)]);
        }
    }
}

/// Takes a pair out, dropping the text when it has none left so that the
/// maps hold only what exists.
fn remove(map: &mut Map, key: &str, number: u32, id: ContainerId) {
    if let Some(list) = map.get_mut(key) {
        if let Ok(at) = list.binary_search(&(number, id)) {
            list.remove(at);
        }
        if list.is_empty() {
            map.remove(key);
        }
    }
}

fn ids<'a>(map: &'a Map, key: &str) -> impl Iterator<Item = ContainerId> + 'a {
    map.get(key).into_iter().flatten().map(|(_, id)| *id)
}

/// The compose labels a container was created with: (project, service,
/// number, one-off). Labels never change after creation.
fn compose_labels(c: &Container) -> (Option<&String>, Option<&String>, u32, bool) {
    let l = &c.spec.labels;
    let number = l
        .get(labels::NUMBER)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (
        l.get(labels::PROJECT),
        l.get(labels::SERVICE),
        number,
        l.get(labels::ONEOFF).map(String::as_str) == Some("True"),
    )
}

/// The embedded DNS names (in lower case) of a container's addressed
/// endpoint, given the container's current name.
pub(super) fn dns_keys(c: &Container, name: &str, ep: &Endpoint) -> BTreeSet<String> {
    if ep.ip.is_none() {
        return BTreeSet::new();
    }
    let own = std::iter::once(name).filter(|_| !c.anonymous);
    own.chain(ep.aliases.iter().map(String::as_str))
        .map(str::to_ascii_lowercase)
        .collect()
}

impl Index {
    pub(super) fn created(&mut self, c: &Container) {
        add(&mut self.by_name, &c.name, 0, c.id);
        add(&mut self.by_docker_id, &c.docker_id, 0, c.id);
        let (project, service, number, oneoff) = compose_labels(c);
        if let Some(project) = project {
            add(&mut self.by_project, project, 0, c.id);
            if let (Some(service), false) = (service, oneoff) {
                add(
                    &mut self.by_service,
                    &service_key(project, service),
                    number,
                    c.id,
                );
            }
        }
    }

    /// A container is gone (its endpoints were released before).
    pub(super) fn removed(&mut self, c: &Container) {
        remove(&mut self.by_name, &c.name, 0, c.id);
        remove(&mut self.by_docker_id, &c.docker_id, 0, c.id);
        let (project, service, number, _) = compose_labels(c);
        if let Some(project) = project {
            remove(&mut self.by_project, project, 0, c.id);
            if let Some(service) = service {
                remove(
                    &mut self.by_service,
                    &service_key(project, service),
                    number,
                    c.id,
                );
            }
        }
    }

    pub(super) fn renamed(&mut self, id: ContainerId, old: &str, new: &str) {
        remove(&mut self.by_name, old, 0, id);
        add(&mut self.by_name, new, 0, id);
    }

    /// A live endpoint on `net` with the address `ip` and these DNS names
    /// ([`dns_keys`]).
    pub(super) fn joined(
        &mut self,
        id: ContainerId,
        net: NetworkId,
        ip: Option<Ipv4Addr>,
        names: BTreeSet<String>,
    ) {
        add(&mut self.on_network, &net.0.to_string(), 0, id);
        if let Some(ip) = ip {
            add(&mut self.by_address, &net_key(net, &ip.to_string()), 0, id);
        }
        self.named_on(id, net, names);
    }

    /// The endpoint `joined` recorded is gone.
    pub(super) fn left(
        &mut self,
        id: ContainerId,
        net: NetworkId,
        ip: Option<Ipv4Addr>,
        names: BTreeSet<String>,
    ) {
        remove(&mut self.on_network, &net.0.to_string(), 0, id);
        if let Some(ip) = ip {
            remove(&mut self.by_address, &net_key(net, &ip.to_string()), 0, id);
        }
        self.unnamed_on(id, net, names);
    }

    /// A container on `net` now answers to these names too.
    pub(super) fn named_on(&mut self, id: ContainerId, net: NetworkId, names: BTreeSet<String>) {
        for name in names {
            add(&mut self.dns, &net_key(net, &name), 0, id);
        }
    }

    /// A container on `net` no longer answers to these names.
    pub(super) fn unnamed_on(&mut self, id: ContainerId, net: NetworkId, names: BTreeSet<String>) {
        for name in names {
            remove(&mut self.dns, &net_key(net, &name), 0, id);
        }
    }

    /// The first container (in creation order) called `name`.
    pub(super) fn named(&self, name: &str) -> Option<ContainerId> {
        ids(&self.by_name, name).next()
    }

    /// The container whose docker id is `key` or, failing that, the only
    /// one whose docker id starts with `key` (the docker CLI's rule; an
    /// ambiguous or empty prefix names nothing).
    pub(super) fn by_id_prefix(&self, key: &str) -> Option<ContainerId> {
        let mut from = self
            .by_docker_id
            .range::<str, _>((Bound::Included(key), Bound::Unbounded))
            .take_while(|(id, _)| id.starts_with(key))
            .flat_map(|(id, list)| list.iter().map(move |(_, c)| (id, *c)));
        let (first_id, first) = from.next()?;
        if first_id == key {
            return Some(first);
        }
        match from.next() {
            None if !key.is_empty() => Some(first),
            _ => None,
        }
    }

    pub(super) fn service(
        &self,
        project: &str,
        service: &str,
    ) -> impl Iterator<Item = ContainerId> + '_ {
        ids(&self.by_service, &service_key(project, service))
    }

    pub(super) fn project(&self, project: &str) -> impl Iterator<Item = ContainerId> + '_ {
        ids(&self.by_project, project)
    }

    pub(super) fn on_network(&self, net: NetworkId) -> impl Iterator<Item = ContainerId> + '_ {
        ids(&self.on_network, &net.0.to_string())
    }

    pub(super) fn answering(
        &self,
        net: NetworkId,
        name: &str,
    ) -> impl Iterator<Item = ContainerId> + '_ {
        ids(&self.dns, &net_key(net, name))
    }

    pub(super) fn holder(&self, net: NetworkId, ip: Ipv4Addr) -> Option<ContainerId> {
        ids(&self.by_address, &net_key(net, &ip.to_string())).next()
    }
}

impl Host {
    /// The containers of a compose service (not one-off ones), by container
    /// number, as compose lists them.
    pub fn service_containers(
        &self,
        project: &str,
        service: &str,
    ) -> impl Iterator<Item = ContainerId> + '_ {
        self.index.service(project, service)
    }

    /// Every container labelled with a compose project, in creation order.
    pub fn project_containers(&self, project: &str) -> impl Iterator<Item = ContainerId> + '_ {
        self.index.project(project)
    }

    /// The containers whose addressed live endpoint on a network answers to
    /// `name` (in lower case) in the embedded DNS, in creation order.
    pub fn dns_holders(&self, net: NetworkId, name: &str) -> impl Iterator<Item = &Container> + '_ {
        self.index
            .answering(net, name)
            .map(move |id| &self.containers[&id])
    }

    /// The containers with a live endpoint on a network, in creation order.
    pub fn network_members(&self, net: NetworkId) -> impl Iterator<Item = &Container> + '_ {
        self.index
            .on_network(net)
            .map(move |id| &self.containers[&id])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::testing::play_on;

    /// What each index answers, next to the scan of every container it
    /// replaces, for every name, service, network and address the host
    /// knows: a line per disagreement, none when all agree.
    fn disagreements(h: &Host) -> Vec<String> {
        let all: Vec<&Container> = h.containers().collect();
        let mut out = Vec::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        for c in &all {
            names.insert(c.name.clone());
            names.insert(c.name.to_ascii_uppercase());
            for e in c.endpoints() {
                names.extend(e.aliases.iter().cloned());
            }
        }
        for name in &names {
            let scan = all.iter().find(|c| c.name == *name).map(|c| c.id);
            if h.index.named(name) != scan {
                out.push(format!("name {name}"));
            }
        }
        for c in &all {
            for len in [0, 1, 2, 3, 12, 64] {
                let key = &c.docker_id[..len];
                let exact = all.iter().find(|o| o.docker_id == key);
                let mut prefixed = all
                    .iter()
                    .filter(|o| !key.is_empty() && o.docker_id.starts_with(key));
                let scan = match (exact, prefixed.next(), prefixed.next()) {
                    (Some(o), _, _) => Some(o.id),
                    (None, Some(o), None) => Some(o.id),
                    _ => None,
                };
                if h.index.by_id_prefix(key) != scan {
                    out.push(format!("id prefix {key}"));
                }
            }
        }
        let mut services = BTreeSet::new();
        for c in &all {
            let (project, service, _, _) = compose_labels(c);
            if let Some(project) = project {
                services.insert((project.clone(), service.cloned().unwrap_or_default()));
            }
        }
        for (project, service) in &services {
            let mut scan: Vec<(u32, ContainerId)> = all
                .iter()
                .filter_map(|c| match compose_labels(c) {
                    (Some(p), Some(s), number, false) if p == project && s == service => {
                        Some((number, c.id))
                    }
                    _ => None,
                })
                .collect();
            scan.sort();
            let scan: Vec<ContainerId> = scan.into_iter().map(|(_, id)| id).collect();
            if h.service_containers(project, service).collect::<Vec<_>>() != scan {
                out.push(format!("service {project}/{service}"));
            }
            let scan: Vec<ContainerId> = all
                .iter()
                .filter(|c| compose_labels(c).0 == Some(project))
                .map(|c| c.id)
                .collect();
            if h.project_containers(project).collect::<Vec<_>>() != scan {
                out.push(format!("project {project}"));
            }
        }
        for net in h.networks() {
            let on: Vec<(&Container, &Endpoint)> = all
                .iter()
                .filter_map(|c| Some((*c, c.attachments.get(&net.id)?.endpoint.as_ref()?)))
                .collect();
            let members: Vec<ContainerId> = h.network_members(net.id).map(|c| c.id).collect();
            if members != on.iter().map(|(c, _)| c.id).collect::<Vec<_>>() {
                out.push(format!("members of {}", net.name));
            }
            for (_, e) in &on {
                let Some(ip) = e.ip else { continue };
                let scan = on.iter().find(|(_, e)| e.ip == Some(ip)).map(|(c, _)| c.id);
                if h.holder_of(net.id, ip) != scan {
                    out.push(format!("holder of {ip} on {}", net.name));
                }
            }
            for name in &names {
                let lower = name.to_ascii_lowercase();
                let scan: Vec<ContainerId> = on
                    .iter()
                    .filter(|(c, e)| {
                        e.ip.is_some()
                            && ((!c.anonymous && c.name.eq_ignore_ascii_case(name))
                                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
                    })
                    .map(|(c, _)| c.id)
                    .collect();
                let index: Vec<ContainerId> = h.dns_holders(net.id, &lower).map(|c| c.id).collect();
                if index != scan {
                    out.push(format!("dns {name} on {}", net.name));
                }
            }
        }
        out
    }

    /// Plays every prefix of `script` and checks the indexes against the
    /// scans after each line.
    fn check(script: &str) {
        let lines: Vec<&str> = script.lines().map(str::trim).collect();
        for end in 1..=lines.len() {
            let (_, h) = play_on(&lines[..end].join("\n"));
            let wrong = disagreements(&h);
            assert!(wrong.is_empty(), "after {:?}: {wrong:?}", lines[end - 1]);
        }
    }

    #[test]
    fn indexes_answer_what_a_scan_would() {
        check(
            "
            network create front
            network create back
            run web net=front,back alias=www,Site service=web
            run web2 net=front service=web
            create db net=back alias=data service=db
            run - net=front
            run - net=front
            run Cache net=back alias=cache
            rename web2 WEB-2
            start db
            network connect front db alias=db-front,WWW
            ping web db
            dns web2 site
            stop web
            network disconnect front db
            rename db database
            rm -f Cache
            restart web
            run cache net=back alias=Cache
            rm -f WEB-2
            kill web
            start web
            rm -f database
            network rm back
            ",
        );
    }

    /// Two containers may end up with the same made-up name (nothing checks
    /// those); then, as with the scan, the first one created is found.
    #[test]
    fn a_shared_made_up_name_finds_the_first_container() {
        let mut h = crate::host::testing::host();
        let mut ids = Vec::new();
        for _ in 0..400 {
            let spec = ContainerSpec::new("nginx");
            ids.push(h.create(spec).expect("create"));
        }
        let mut seen: BTreeMap<String, ContainerId> = BTreeMap::new();
        let mut shared = 0;
        for id in ids {
            let name = h.container(id).name.clone();
            match seen.get(&name) {
                Some(first) => {
                    shared += 1;
                    assert_eq!(h.find_container(&name), Some(*first));
                }
                None => {
                    seen.insert(name, id);
                }
            }
        }
        assert!(shared > 0, "400 made-up names never met; raise the count");
        assert!(disagreements(&h).is_empty());
    }
}
