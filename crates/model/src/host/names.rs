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
        self.index
            .named(key)
            .or_else(|| self.index.by_id_prefix(key))
    }

    pub(super) fn container_by_key(&self, key: &str) -> Result<ContainerId, ContainerError> {
        self.find_container(key)
            .ok_or_else(|| ContainerError::NoSuchContainer(key.to_string()))
    }
    /// The container whose network namespace `id` uses (itself, or the
    /// target of `container:`/`service:` network modes). A target that
    /// started again since `id` joined it has a new namespace, which `id`
    /// is not in: `id` keeps the old one, where only `lo` is left (seen on
    /// 20.10.24, 26.1.5 and 28.5.2), and is its own owner.
    pub fn netns_owner(&self, id: ContainerId) -> ContainerId {
        let mut current = id;
        for _ in 0..8 {
            match &self.containers[&current].spec.network_mode {
                NetworkMode::Container(target) => match self.find_container(target) {
                    Some(t)
                        if self.containers[&current].netns_generation
                            == self.containers[&t].generation =>
                    {
                        current = t
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        current
    }

    /// The container whose /etc/hosts and /etc/resolv.conf `id` uses: the
    /// target of its `container:` network mode, whose files stay the same
    /// paths across its restarts (unlike its namespace).
    pub fn files_owner(&self, id: ContainerId) -> ContainerId {
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
        self.index.holder(net, ip)
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

#[cfg(test)]
mod tests {
    //! Table tests: each line of a table is `input => expected`, and
    //! `check` prints every input with what the function gave for it.

    use super::*;
    use crate::host::testing::{play_on, run, trim_indent};

    /// Applies `f` to the left side of each `input => expected` line and
    /// compares the table it gives with `table`.
    fn check(f: impl Fn(&str) -> String, table: &str) {
        let expected = trim_indent(table);
        let actual: Vec<String> = expected
            .lines()
            .map(|line| {
                let (input, _) = line.split_once(" => ").expect("input => expected");
                format!("{input} => {}", f(input))
            })
            .collect();
        let actual = actual.join("\n");
        assert_eq!(actual, expected, "\nthe table computed:\n{actual}\n");
    }

    #[test]
    fn container_names_follow_dockers_rule() {
        // Facts §10: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`, so two characters at
        // least; a leading `/` is allowed, as Docker stores names with it.
        check(
            |name| valid_container_name(name).to_string(),
            "
            web => true
            db-1 => true
            my_app.v2 => true
            9lives => true
            /web => true
            a => false
            /a => false
            _web => false
            -web => false
            .web => false
            we:b => false
            we/b => false
            wéb => false
            ",
        );
    }

    #[test]
    fn host_and_port_are_split_at_the_last_colon() {
        check(
            |target| format!("{:?}", split_host_port(target)),
            r#"
            db:3306 => ("db", Some(3306))
            db => ("db", None)
            db: => ("db:", None)
            db:http => ("db:http", None)
            db:70000 => ("db:70000", None)
            10.0.0.5:80 => ("10.0.0.5", Some(80))
            a:b:80 => ("a:b", Some(80))
            "#,
        );
    }

    #[test]
    fn an_id_prefix_names_an_object_only_when_unique() {
        let ids = [("abc123", 1), ("abd456", 2), ("ff00", 3), ("ff", 4)];
        check(
            |key| format!("{:?}", unique_prefix(key, ids.iter().copied())),
            "
            abc123 => Some(1)
            abc => Some(1)
            abd4 => Some(2)
            ab => None
            ff => Some(4)
            ff0 => Some(3)
            abc1234 => None
            x => None
             => None
            ",
        );
    }

    #[test]
    fn a_name_wins_over_an_id_prefix() {
        let (_, mut h) = play_on(
            "
            network create front
            run web net=front
            ",
        );
        let web = h.find_container("web").expect("created");
        let prefix = h.container(web).docker_id[..4].to_string();
        let named = run(&mut h, &prefix, &[]);
        assert_eq!(h.find_container(&prefix), Some(named));
        assert_eq!(
            h.find_container(&h.container(web).docker_id[..5]),
            Some(web)
        );
        assert_eq!(h.find_container("/web"), Some(web));

        let front = h.find_network("front").expect("created");
        let net_prefix = h.network(front).docker_id[..4].to_string();
        let other = crate::host::testing::net(&mut h, &net_prefix);
        assert_eq!(h.find_network(&net_prefix), Some(other));
        assert_eq!(
            h.find_network(&h.network(front).docker_id.clone()),
            Some(front)
        );
    }

    #[test]
    fn a_shared_namespace_belongs_to_the_end_of_the_chain() {
        let (_, h) = play_on(
            "
            network create front
            run base net=front
            run middle mode=container:base
            run edge mode=container:middle
            run alone net=front
            ",
        );
        check(
            |name| {
                let id = h.find_container(name).expect("created");
                h.container(h.netns_owner(id)).name.clone()
            },
            "
            base => base
            middle => base
            edge => base
            alone => alone
            ",
        );
    }

    #[test]
    fn the_holder_of_an_address_is_a_running_container() {
        let (_, h) = play_on(
            "
            network create front
            run web net=front
            run gone net=front
            stop gone
            ",
        );
        let front = h.find_network("front").expect("created");
        check(
            |ip| {
                let holder = h.holder_of(front, ip.parse().expect("an address"));
                holder.map_or("nobody".into(), |c| h.container(c).name.clone())
            },
            "
            172.18.0.1 => nobody
            172.18.0.2 => web
            172.18.0.3 => nobody
            ",
        );
    }
}
