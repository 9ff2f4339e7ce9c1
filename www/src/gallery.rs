//! The built-in scenarios. Their files live in the repository's test folders
//! (`tests/seeds`, `tests/gallery`), where the native scenario tests play
//! them and hold their transcripts to golden files; the page embeds the same
//! text, so what the gallery shows is what those tests check.

/// One built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The id in `?scenario=ID`.
    pub id: &'static str,
    pub title: &'static str,
    /// What to watch for, in a sentence or two.
    pub about: &'static str,
    /// The project folder's name: compose derives the project name from it.
    pub dir: &'static str,
    /// Files beside the script, by path relative to the folder.
    pub files: &'static [(&'static str, &'static str)],
    pub commands: &'static str,
}

macro_rules! file {
    ($group:literal, $dir:literal, $name:literal) => {
        (
            $name,
            include_str!(concat!("../../tests/", $group, "/", $dir, "/", $name)),
        )
    };
}

macro_rules! script {
    ($group:literal, $dir:literal) => {
        include_str!(concat!("../../tests/", $group, "/", $dir, "/script.sh"))
    };
}

pub const ENTRIES: &[Entry] = &[
    Entry {
        id: "seed-compose-wordpress",
        title: "WordPress + MySQL with compose",
        about: "The seed's compose file: one user-defined network, db and wordpress find each other by service name through 127.0.0.11. depends_on starts wordpress right after db, so its first connections are refused while MySQL initialises.",
        dir: "compose-wordpress",
        files: &[file!("seeds", "compose-wordpress", "compose.yaml")],
        commands: script!("seeds", "compose-wordpress"),
    },
    Entry {
        id: "seed-run-wordpress",
        title: "WordPress + MySQL with docker run --link",
        about: "The same app by hand: docker network create, then docker run with --link. On a user-defined network the link becomes a DNS alias; watch the names the embedded DNS learns.",
        dir: "run-wordpress",
        files: &[],
        commands: script!("seeds", "run-wordpress"),
    },
    Entry {
        id: "seed-todo-app",
        title: "The todo app: --network-alias mysql",
        about: "MySQL joins the todo-app network with the alias mysql; a netshoot shell digs mysql and the Node app connects by that name.",
        dir: "todo-app",
        files: &[],
        commands: script!("seeds", "todo-app"),
    },
    Entry {
        id: "replace-new-address",
        title: "Replaced container, new address",
        about: "api is removed, cache takes the lowest free address, and the new api gets another one: addresses are handed out, not reserved. DNS follows; anything that cached the old address breaks.",
        dir: "replace-new-address",
        files: &[],
        commands: script!("gallery", "replace-new-address"),
    },
    Entry {
        id: "replace-keeps-address",
        title: "Recreated service, same address",
        about: "compose up --force-recreate: the old container leaves and frees its address, the new one gets the lowest free address, which is the same one. The timeline says why.",
        dir: "replace-keeps-address",
        files: &[file!("gallery", "replace-keeps-address", "compose.yaml")],
        commands: script!("gallery", "replace-keeps-address"),
    },
    Entry {
        id: "depends-on-health",
        title: "depends_on with and without a health check",
        about: "eager starts as soon as db's container runs and is refused while MySQL initialises; careful waits for the health check to pass.",
        dir: "depends-on-health",
        files: &[file!("gallery", "depends-on-health", "compose.yaml")],
        commands: script!("gallery", "depends-on-health"),
    },
    Entry {
        id: "front-back-internal",
        title: "Front and back networks, internal back end",
        about: "The proxy sits on both networks; web only on front, so db does not even resolve for it. Nothing on the internal network can reach beyond the host.",
        dir: "front-back-internal",
        files: &[file!("gallery", "front-back-internal", "compose.yaml")],
        commands: script!("gallery", "front-back-internal"),
    },
    Entry {
        id: "default-bridge-dns",
        title: "The default bridge has no DNS",
        about: "On docker0 names do not resolve: only addresses and legacy --link entries in /etc/hosts work. Connecting both to a user-defined network brings the embedded DNS.",
        dir: "default-bridge-dns",
        files: &[],
        commands: script!("gallery", "default-bridge-dns"),
    },
    Entry {
        id: "scaled-service",
        title: "A scaled service answers with several addresses",
        about: "--scale api=3: every replica registers the service name, so nslookup api returns three addresses; each replica also has its own container name.",
        dir: "scaled-service",
        files: &[file!("gallery", "scaled-service", "compose.yaml")],
        commands: script!("gallery", "scaled-service"),
    },
    Entry {
        id: "shared-external",
        title: "Two projects on an external network",
        about: "shop and billing are separate compose projects. They meet only on the external network shared; each project's default network stays private.",
        dir: "shared-external",
        files: &[
            file!("gallery", "shared-external", "compose.yaml"),
            file!("gallery", "shared-external", "billing/compose.yaml"),
        ],
        commands: script!("gallery", "shared-external"),
    },
    Entry {
        id: "network-modes",
        title: "network_mode: host, none, service:",
        about: "host shares the host's stack (no veth, no address), none has loopback only, and service:app joins app's namespace: same interface, same address.",
        dir: "network-modes",
        files: &[file!("gallery", "network-modes", "compose.yaml")],
        commands: script!("gallery", "network-modes"),
    },
];

/// The scenario the page opens with.
pub const DEFAULT_ID: &str = "seed-compose-wordpress";

pub fn find(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.id == id)
}
