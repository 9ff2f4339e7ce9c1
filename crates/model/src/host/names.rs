//! Looking objects up the way the docker CLI does (names, ids, id
//! prefixes), shared network namespaces, and Docker's name rules.

use super::*;

impl Host {
    /// Finds a network by name, full id or unique id prefix, as the docker
    /// CLI does (an exact name wins over an id prefix).
    pub fn find_network(&self, key: &str) -> Option<NetworkId> {
        if let Some(n) = self.networks.values().find(|n| n.name == key) {
            return Some(n.id);
        }
        unique_prefix(
            key,
            self.networks.values().map(|n| (n.docker_id.as_str(), n.id)),
        )
    }

    /// Finds a container by name (with or without `/`), full id or unique id
    /// prefix.
    pub fn find_container(&self, key: &str) -> Option<ContainerId> {
        let key = key.strip_prefix('/').unwrap_or(key);
        if let Some(c) = self.containers.values().find(|c| c.name == key) {
            return Some(c.id);
        }
        unique_prefix(
            key,
            self.containers
                .values()
                .map(|c| (c.docker_id.as_str(), c.id)),
        )
    }

    pub(super) fn container_by_key(&self, key: &str) -> Result<ContainerId, ContainerError> {
        self.find_container(key)
            .ok_or_else(|| ContainerError::NoSuchContainer(key.to_string()))
    }
    /// The container whose network namespace `id` uses (itself, or the
    /// target of `container:`/`service:` network modes).
    pub fn netns_owner(&self, id: ContainerId) -> ContainerId {
        let mut current = id;
        for _ in 0..8 {
            match &self.containers[&current].spec.network_mode {
                NetworkMode::Container(target) => match self.find_container(target) {
                    Some(t) => current = t,
                    None => break,
                },
                _ => break,
            }
        }
        current
    }

    /// Which container holds an address on a network, if any.
    pub fn holder_of(&self, net: NetworkId, ip: Ipv4Addr) -> Option<ContainerId> {
        self.containers
            .values()
            .find(|c| {
                c.attachments
                    .get(&net)
                    .and_then(|a| a.endpoint.as_ref())
                    .is_some_and(|e| e.ip == Some(ip))
            })
            .map(|c| c.id)
    }
}

/// The object whose id is `key` or, failing that, the only one whose id
/// starts with `key` (the docker CLI's id-prefix rule; an ambiguous prefix
/// names nothing).
fn unique_prefix<'a, T: Copy>(
    key: &str,
    ids: impl Iterator<Item = (&'a str, T)> + Clone,
) -> Option<T> {
    if let Some((_, found)) = ids.clone().find(|(id, _)| *id == key) {
        return Some(found);
    }
    let mut matches = ids.filter(|(id, _)| !key.is_empty() && id.starts_with(key));
    match (matches.next(), matches.next()) {
        (Some((_, found)), None) => Some(found),
        _ => None,
    }
}

/// Splits `db:3306` into the host and the port.
pub fn split_host_port(target: &str) -> (String, Option<u16>) {
    match target.rsplit_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() => (host.to_string(), port.parse().ok()),
        _ => (target.to_string(), None),
    }
}

/// Docker's container name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.
pub fn valid_container_name(name: &str) -> bool {
    let name = name.strip_prefix('/').unwrap_or(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    let rest: Vec<char> = chars.collect();
    !rest.is_empty()
        && rest
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// Docker's random names, `adjective_surname`, from a short excerpt of its
/// own lists (`pkg/namesgenerator`).
pub(super) fn random_name(rng: &mut Rng) -> String {
    const LEFT: &[&str] = &[
        "admiring",
        "adoring",
        "affectionate",
        "agitated",
        "amazing",
        "angry",
        "awesome",
        "blissful",
        "bold",
        "boring",
        "brave",
        "charming",
        "clever",
        "cool",
        "compassionate",
        "competent",
        "confident",
        "crazy",
        "dazzling",
        "determined",
        "distracted",
        "dreamy",
        "eager",
        "ecstatic",
        "elastic",
        "elated",
        "elegant",
        "eloquent",
        "epic",
        "fervent",
        "festive",
        "flamboyant",
        "focused",
        "friendly",
        "frosty",
        "gallant",
        "gifted",
        "goofy",
        "gracious",
        "happy",
        "hardcore",
        "heuristic",
        "hopeful",
        "hungry",
        "infallible",
        "inspiring",
        "jolly",
        "jovial",
        "keen",
        "kind",
        "laughing",
        "loving",
        "lucid",
        "magical",
        "modest",
        "musing",
        "mystifying",
        "naughty",
        "nervous",
        "nice",
        "nifty",
        "nostalgic",
        "objective",
        "optimistic",
        "peaceful",
        "pedantic",
        "pensive",
        "practical",
        "priceless",
        "quirky",
        "quizzical",
        "relaxed",
        "reverent",
        "romantic",
        "sad",
        "serene",
        "sharp",
        "silly",
        "sleepy",
        "stoic",
        "strange",
        "stupefied",
        "suspicious",
        "tender",
        "thirsty",
        "trusting",
        "unruffled",
        "upbeat",
        "vibrant",
        "vigilant",
        "vigorous",
        "wizardly",
        "wonderful",
        "xenodochial",
        "youthful",
        "zealous",
        "zen",
    ];
    const RIGHT: &[&str] = &[
        "albattani",
        "allen",
        "archimedes",
        "babbage",
        "banach",
        "bardeen",
        "bartik",
        "bell",
        "bhabha",
        "blackwell",
        "bohr",
        "booth",
        "brattain",
        "brown",
        "carson",
        "cerf",
        "chandrasekhar",
        "curie",
        "darwin",
        "davinci",
        "dijkstra",
        "einstein",
        "elion",
        "engelbart",
        "euclid",
        "euler",
        "fermat",
        "fermi",
        "feynman",
        "franklin",
        "galileo",
        "gates",
        "goldberg",
        "goodall",
        "haibt",
        "hamilton",
        "hawking",
        "heisenberg",
        "hermann",
        "hodgkin",
        "hopper",
        "hypatia",
        "jackson",
        "jennings",
        "johnson",
        "kalam",
        "keller",
        "kepler",
        "knuth",
        "lamarr",
        "lamport",
        "leakey",
        "lovelace",
        "lumiere",
        "mayer",
        "mccarthy",
        "mclean",
        "meitner",
        "mendel",
        "mirzakhani",
        "montalcini",
        "moore",
        "morse",
        "napier",
        "newton",
        "nobel",
        "noether",
        "pare",
        "pascal",
        "pasteur",
        "payne",
        "perlman",
        "pike",
        "poincare",
        "ptolemy",
        "raman",
        "ritchie",
        "rosalind",
        "sammet",
        "shannon",
        "shockley",
        "sinoussi",
        "stonebraker",
        "swanson",
        "tesla",
        "thompson",
        "torvalds",
        "turing",
        "varahamihira",
        "villani",
        "volhard",
        "wescoff",
        "williams",
        "wilson",
        "wing",
        "wozniak",
        "wright",
        "yalow",
    ];
    let left = LEFT[rng.below(LEFT.len() as u64) as usize];
    let right = RIGHT[rng.below(RIGHT.len() as u64) as usize];
    format!("{left}_{right}")
}
