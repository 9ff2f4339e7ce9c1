//! What well-known images hold, since images are never pulled: their
//! `ENTRYPOINT`, `CMD` and exposed ports as `docker inspect` shows them,
//! which programs they ship (and from which package, which decides how the
//! program prints), the server they run, where it keeps its data, and the
//! lines it logs. The table is data: static slices, one row per image (or
//! per tag family where the tags differ, such as `mysql:5.7`). An image not
//! in it keeps the simulation's general behaviour: an unknown server whose
//! container has every tool.

/// Where a program of an image comes from. The package decides how the
/// program prints: BusyBox `ping` is not iputils `ping`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Package {
    /// A BusyBox applet (busybox, and alpine's `/bin/busybox`).
    Busybox,
    /// iputils `ping`.
    Iputils,
    /// BIND's `dig` and `nslookup` (Debian's bind9-dnsutils, alpine's
    /// bind-tools).
    Bind,
    /// iproute2 `ip`.
    Iproute2,
    Curl,
    /// GNU wget.
    Wget,
    /// `getent` from glibc.
    Glibc,
    /// `getent` from musl-utils (alpine).
    Musl,
    /// OpenBSD netcat.
    NetcatOpenbsd,
    /// Core programs every image with a shell has (`cat`, `env`,
    /// `hostname`, `sleep`): coreutils or BusyBox, printing alike here.
    Core,
    /// The MySQL client, `mysql`.
    MysqlClient,
    /// The MariaDB client, `mariadb` (and `mysql` before 11.0).
    MariadbClient,
    /// PostgreSQL's `psql`.
    Psql,
    RedisCli,
}

/// What `/bin/sh` is in an image, which decides how it says a command is
/// missing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shell {
    /// BusyBox ash: `sh: ping: not found`.
    Ash,
    /// Debian's and Ubuntu's dash: `sh: 1: ping: not found`.
    Dash,
    /// Bash as `sh` (Oracle Linux): `sh: ping: command not found`.
    Bash,
}

/// The distribution an image is built on: it gives the image's base
/// programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// `busybox`: BusyBox applets only.
    Busybox,
    /// Alpine: BusyBox applets and musl's `getent`.
    Alpine,
    /// Debian or Ubuntu (dash as `sh`, glibc's `getent`).
    Debian,
    /// Oracle Linux slim (the mysql images).
    OracleLinux,
    /// No shell and no programs besides the image's own (`hello-world`).
    Scratch,
}

/// The server an image runs, which decides its clients and its data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    Mysql,
    Mariadb,
    Postgres,
    Redis,
}

/// How an app of this image writes its connection attempts to its log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientStyle {
    /// Node.js (`Error: getaddrinfo ENOTFOUND db`); also what an unknown
    /// image logs.
    Node,
    /// PHP's mysqli (`php_network_getaddresses: getaddrinfo for db failed`).
    Php,
    /// nginx's upstreams (`host not found in upstream "api"`).
    Nginx,
}

/// The lines an image's program logs. Placeholders are filled in when the
/// line is logged ([`render`]): `{version}`, `{ip}` (the container's first
/// address), `{env:NAME}` and the timestamp forms `{iso}`
/// (`2024-01-01T00:00:00.000000Z`), `{entry}` (`2024-01-01 00:00:00+00:00`),
/// `{port}` (the port the app listens on: declared, else the first it
/// publishes; a line with `{port}` is left out when neither says),
/// `{apache}` (`Mon Jan 01 00:00:00.000000 2024`), `{nginx}`
/// (`2024/01/01 00:00:00`), `{redis}` (`01 Jan 2024 00:00:00.000`), `{pg}`
/// (`2024-01-01 00:00:00.000 UTC`) and `{maria}` (`2024-01-01  0:00:00`).
#[derive(Clone, Copy, Debug)]
pub struct Logs {
    /// Printed when the container starts on an empty data directory (a
    /// database initialising), before `start`.
    pub init: &'static [&'static str],
    /// Printed when the container starts.
    pub start: &'static [&'static str],
    /// Printed when the app is ready for connections.
    pub ready: &'static [&'static str],
}

const NO_LOGS: Logs = Logs {
    init: &[],
    start: &[],
    ready: &[],
};

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Image {
    /// The repository (`mysql`, `nicolaka/netshoot`), matched without
    /// registry, `library/` or tag.
    pub repo: &'static str,
    /// The row holds for tags starting with this (`5.` for `mysql:5.7`);
    /// the first matching row wins, so the catch-all `""` comes last.
    pub tag: &'static str,
    pub version: &'static str,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    /// `EXPOSE`d TCP ports, on which the server listens on every interface.
    /// `None` when the port is the app's (node, python).
    pub ports: Option<&'static [u16]>,
    pub base: Base,
    /// Programs the image adds to its base, with their package.
    pub tools: &'static [(&'static str, Package)],
    pub server: Option<Server>,
    /// The data directory the server initialises (and the image declares a
    /// `VOLUME` for).
    pub data_dir: Option<&'static str>,
    pub client: ClientStyle,
    pub logs: Logs,
}

const MYSQL_TOOLS: &[(&str, Package)] = &[("mysql", Package::MysqlClient)];
const PHP_APACHE_TOOLS: &[(&str, Package)] = &[("curl", Package::Curl)];
const NODE_TOOLS: &[(&str, Package)] = &[("curl", Package::Curl), ("wget", Package::Wget)];
const NETSHOOT_TOOLS: &[(&str, Package)] = &[
    ("ping", Package::Iputils),
    ("dig", Package::Bind),
    ("nslookup", Package::Bind),
    ("ip", Package::Iproute2),
    ("curl", Package::Curl),
    ("nc", Package::NetcatOpenbsd),
    ("traceroute", Package::Busybox),
];

const MYSQL_INIT: &[&str] = &[
    "{entry} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el{el} started.",
    "{entry} [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
    "{entry} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el{el} started.",
    "{entry} [Note] [Entrypoint]: Initializing database files",
    "{entry} [Note] [Entrypoint]: Database files initialized",
    "{entry} [Note] [Entrypoint]: Creating database {env:MYSQL_DATABASE}",
    "{entry} [Note] [Entrypoint]: MySQL init process done. Ready for start up.",
];

const MYSQL8_LOGS: Logs = Logs {
    init: MYSQL_INIT,
    start: &[
        "{iso} 0 [System] [MY-015015] [Server] MySQL Server - start.",
        "{iso} 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld {version}) starting as process 1",
        "{iso} 0 [System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
    ],
    ready: &[
        "{iso} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
    ],
};

const MYSQL57_LOGS: Logs = Logs {
    init: MYSQL_INIT,
    start: &[
        "{iso} 0 [Note] mysqld (mysqld {version}) starting as process 1 ...",
        "{iso} 0 [Note] Server hostname (bind-address): '*'; port: 3306",
    ],
    ready: &[
        "{iso} 0 [Note] mysqld: ready for connections.",
        "Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)",
    ],
};

const MARIADB_LOGS: Logs = Logs {
    init: &[
        "{entry} [Note] [Entrypoint]: Entrypoint script for MariaDB Server 1:{version}+maria~ubu2404 started.",
        "{entry} [Note] [Entrypoint]: Initializing database files",
        "{entry} [Note] [Entrypoint]: Creating database {env:MARIADB_DATABASE}",
        "{entry} [Note] [Entrypoint]: MariaDB init process done. Ready for start up.",
        "",
    ],
    start: &[
        "{maria} 0 [Note] Starting MariaDB {version}-MariaDB-ubu2404 source revision  server_uid  as process 1",
        "{maria} 0 [Note] Server socket created on IP: '0.0.0.0', port: '3306'.",
    ],
    ready: &[
        "{maria} 0 [Note] mariadbd: ready for connections.",
        "Version: '{version}-MariaDB-ubu2404'  socket: '/run/mysqld/mysqld.sock'  port: 3306  mariadb.org binary distribution",
    ],
};

const POSTGRES_LOGS: Logs = Logs {
    init: &[
        "The files belonging to this database system will be owned by user \"postgres\".",
        "CREATE DATABASE",
        "PostgreSQL init process complete; ready for start up.",
    ],
    start: &[
        "{pg} [1] LOG:  starting PostgreSQL {version} (Debian {version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit",
        "{pg} [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
    ],
    ready: &["{pg} [1] LOG:  database system is ready to accept connections"],
};

const REDIS_LOGS: Logs = Logs {
    init: &[],
    start: &[
        "1:C {redis} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        "1:C {redis} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started",
        "1:M {redis} * Running mode=standalone, port=6379.",
        "1:M {redis} * Server initialized",
    ],
    ready: &["1:M {redis} * Ready to accept connections tcp"],
};

const NGINX_LOGS: Logs = Logs {
    init: &[],
    start: &[
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        "{nginx} [notice] 1#1: using the \"epoll\" event method",
        "{nginx} [notice] 1#1: nginx/{version}",
        "{nginx} [notice] 1#1: start worker processes",
    ],
    ready: &[],
};

const HTTPD_LOGS: Logs = Logs {
    init: &[],
    start: &[
        "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
        "[{apache}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured -- resuming normal operations",
        "[{apache}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'",
    ],
    ready: &[],
};

const WORDPRESS_LOGS: Logs = Logs {
    init: &[],
    start: &[
        "WordPress not found in /var/www/html - copying now...",
        "Complete! WordPress has been successfully copied to /var/www/html",
        "No 'wp-config.php' found in /var/www/html, but 'WORDPRESS_...' variables supplied; copying 'wp-config-docker.php' ({env:WORDPRESS_*})",
        "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
        "[{apache}] [mpm_prefork:notice] [pid 1:tid 1] AH00163: Apache/2.4.62 (Debian) PHP/{version} configured -- resuming normal operations",
        "[{apache}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'apache2 -D FOREGROUND'",
    ],
    ready: &[],
};

/// Shorthand for the rows whose program is a shell or a tool box.
const fn shell_image(repo: &'static str, cmd: &'static [&'static str], base: Base) -> Image {
    Image {
        repo,
        tag: "",
        version: "",
        entrypoint: &[],
        cmd,
        ports: Some(&[]),
        base,
        tools: &[],
        server: None,
        data_dir: None,
        client: ClientStyle::Node,
        logs: NO_LOGS,
    }
}

/// Shorthand for server rows without a data directory of interest.
const fn server_image(
    repo: &'static str,
    entrypoint: &'static [&'static str],
    cmd: &'static [&'static str],
    ports: &'static [u16],
    base: Base,
) -> Image {
    Image {
        repo,
        tag: "",
        version: "",
        entrypoint,
        cmd,
        ports: Some(ports),
        base,
        tools: &[],
        server: None,
        data_dir: None,
        client: ClientStyle::Node,
        logs: NO_LOGS,
    }
}

const ENTRY: &[&str] = &["docker-entrypoint.sh"];

/// The table. Versions are the ones the floating tags pointed at in late
/// 2024.
pub static IMAGES: &[Image] = &[
    Image {
        tag: "5.",
        version: "5.7.44",
        logs: MYSQL57_LOGS,
        ..MYSQL
    },
    Image {
        tag: "8.0",
        version: "8.0.40",
        ..MYSQL
    },
    MYSQL,
    Image {
        repo: "mariadb",
        version: "11.4.4",
        cmd: &["mariadbd"],
        ports: Some(&[3306]),
        base: Base::Debian,
        tools: &[
            ("mariadb", Package::MariadbClient),
            ("mysql", Package::MariadbClient),
        ],
        server: Some(Server::Mariadb),
        logs: MARIADB_LOGS,
        ..MYSQL
    },
    Image {
        repo: "postgres",
        version: "17.2",
        cmd: &["postgres"],
        ports: Some(&[5432]),
        base: Base::Debian,
        tools: &[("psql", Package::Psql)],
        server: Some(Server::Postgres),
        data_dir: Some("/var/lib/postgresql/data"),
        logs: POSTGRES_LOGS,
        ..MYSQL
    },
    Image {
        repo: "redis",
        version: "7.4.1",
        cmd: &["redis-server"],
        ports: Some(&[6379]),
        base: Base::Debian,
        tools: &[("redis-cli", Package::RedisCli)],
        server: Some(Server::Redis),
        data_dir: Some("/data"),
        logs: REDIS_LOGS,
        ..MYSQL
    },
    Image {
        version: "1.27.3",
        tools: &[("curl", Package::Curl)],
        logs: NGINX_LOGS,
        client: ClientStyle::Nginx,
        ..server_image(
            "nginx",
            &["/docker-entrypoint.sh"],
            &["nginx", "-g", "daemon off;"],
            &[80],
            Base::Debian,
        )
    },
    Image {
        version: "2.4.62",
        logs: HTTPD_LOGS,
        ..server_image("httpd", &[], &["httpd-foreground"], &[80], Base::Debian)
    },
    Image {
        version: "8.2.26",
        tools: PHP_APACHE_TOOLS,
        client: ClientStyle::Php,
        logs: WORDPRESS_LOGS,
        ..server_image(
            "wordpress",
            ENTRY,
            &["apache2-foreground"],
            &[80],
            Base::Debian,
        )
    },
    Image {
        tools: PHP_APACHE_TOOLS,
        client: ClientStyle::Php,
        ..server_image(
            "phpmyadmin",
            ENTRY,
            &["apache2-foreground"],
            &[80],
            Base::Debian,
        )
    },
    Image {
        tools: PHP_APACHE_TOOLS,
        client: ClientStyle::Php,
        ..server_image(
            "adminer",
            &["entrypoint.sh", "docker-php-entrypoint"],
            &["php", "-S", "[::]:8080", "-t", "/var/www/html"],
            &[8080],
            Base::Alpine,
        )
    },
    Image {
        ports: None,
        tools: NODE_TOOLS,
        // What an Express app (the seed's todo app) says once its database
        // is reached, or at once when it connects to nothing.
        logs: Logs {
            ready: &["Listening on port {port}"],
            ..NO_LOGS
        },
        ..server_image("node", ENTRY, &["node"], &[], Base::Debian)
    },
    Image {
        ports: None,
        tools: NODE_TOOLS,
        ..server_image("python", &[], &["python3"], &[], Base::Debian)
    },
    Image {
        tools: NETSHOOT_TOOLS,
        ..shell_image("nicolaka/netshoot", &["zsh"], Base::Alpine)
    },
    shell_image("busybox", &["sh"], Base::Busybox),
    shell_image("alpine", &["/bin/sh"], Base::Alpine),
    shell_image("ubuntu", &["/bin/bash"], Base::Debian),
    shell_image("debian", &["bash"], Base::Debian),
    shell_image("hello-world", &["/hello"], Base::Scratch),
    server_image(
        "traefik",
        &["/entrypoint.sh"],
        &["traefik"],
        &[80],
        Base::Alpine,
    ),
    server_image("mongo", ENTRY, &["mongod"], &[27017], Base::Debian),
    server_image(
        "rabbitmq",
        ENTRY,
        &["rabbitmq-server"],
        &[4369, 5671, 5672, 15691, 15692, 25672],
        Base::Debian,
    ),
    server_image(
        "memcached",
        &["docker-entrypoint.sh"],
        &["memcached"],
        &[11211],
        Base::Debian,
    ),
];

const MYSQL: Image = Image {
    repo: "mysql",
    tag: "",
    version: "8.4.3",
    entrypoint: ENTRY,
    cmd: &["mysqld"],
    ports: Some(&[3306, 33060]),
    base: Base::OracleLinux,
    tools: MYSQL_TOOLS,
    server: Some(Server::Mysql),
    data_dir: Some("/var/lib/mysql"),
    client: ClientStyle::Node,
    logs: MYSQL8_LOGS,
};

/// The programs of each base, with their packages.
fn base_tools(base: Base) -> &'static [(&'static str, Package)] {
    const BUSYBOX: &[(&str, Package)] = &[
        ("ping", Package::Busybox),
        ("nslookup", Package::Busybox),
        ("wget", Package::Busybox),
        ("nc", Package::Busybox),
        ("ip", Package::Busybox),
        ("ifconfig", Package::Busybox),
        ("traceroute", Package::Busybox),
    ];
    const ALPINE: &[(&str, Package)] = &[
        ("ping", Package::Busybox),
        ("nslookup", Package::Busybox),
        ("wget", Package::Busybox),
        ("nc", Package::Busybox),
        ("ip", Package::Busybox),
        ("ifconfig", Package::Busybox),
        ("traceroute", Package::Busybox),
        ("getent", Package::Musl),
    ];
    const GLIBC: &[(&str, Package)] = &[("getent", Package::Glibc)];
    match base {
        Base::Busybox => BUSYBOX,
        Base::Alpine => ALPINE,
        Base::Debian | Base::OracleLinux => GLIBC,
        Base::Scratch => &[],
    }
}

/// Programs every image with a shell has, whatever its base: the shell's
/// built-ins and the core utilities.
const CORE: &[&str] = &[
    "sh", "echo", "exit", "true", "false", ":", "sleep", "cat", "env", "printenv", "hostname",
];

/// Splits an image reference into repository (with its owner, without
/// registry or `library/`) and tag (`latest` when none).
pub fn parse_ref(image: &str) -> (String, String) {
    let without_digest = image.split('@').next().unwrap_or(image);
    let (path, tag) = match without_digest.rsplit_once(':') {
        Some((p, t)) if !t.contains('/') => (p, t),
        _ => (without_digest, "latest"),
    };
    let parts: Vec<&str> = path.split('/').collect();
    // A first part with a dot or a colon, or `localhost`, is a registry.
    let parts = match parts.as_slice() {
        [first, rest @ ..]
            if !rest.is_empty()
                && (first.contains('.') || first.contains(':') || *first == "localhost") =>
        {
            rest
        }
        all => all,
    };
    let parts = match parts {
        ["library", rest @ ..] if !rest.is_empty() => rest,
        all => all,
    };
    (parts.join("/"), tag.to_string())
}

/// The row of a well-known image, or `None` for an image the table does
/// not know.
pub fn lookup(image: &str) -> Option<&'static Image> {
    let (repo, tag) = parse_ref(image);
    let row = |repo: &str| {
        IMAGES
            .iter()
            .find(|i| i.repo == repo && tag.starts_with(i.tag))
    };
    // Another owner's build of a well-known server (`bitnami/redis`) is
    // read as the official image: closer than knowing nothing.
    row(&repo).or_else(|| {
        let last = repo.rsplit('/').next().filter(|l| *l != repo)?;
        row(last).filter(|i| !i.repo.contains('/'))
    })
}

impl Image {
    /// The base, with an `-alpine` tag of a Debian image read as Alpine
    /// (`node:12-alpine`, `postgres:16-alpine`).
    pub fn base_for(&self, image: &str) -> Base {
        let (_, tag) = parse_ref(image);
        if self.base == Base::Debian && tag.contains("alpine") {
            Base::Alpine
        } else {
            self.base
        }
    }

    /// The shell `/bin/sh` is, or `None` for an image without one.
    pub fn shell(&self, image: &str) -> Option<Shell> {
        match self.base_for(image) {
            Base::Busybox | Base::Alpine => Some(Shell::Ash),
            Base::Debian => Some(Shell::Dash),
            Base::OracleLinux => Some(Shell::Bash),
            Base::Scratch => None,
        }
    }

    /// Whether the image has `program`, and from which package.
    pub fn tool(&self, image: &str, program: &str) -> Option<Package> {
        let base = self.base_for(image);
        if let Some((_, p)) = self.tools.iter().find(|(name, _)| *name == program) {
            return Some(*p);
        }
        if let Some((_, p)) = base_tools(base).iter().find(|(name, _)| *name == program) {
            return Some(*p);
        }
        let shell_program = matches!(program, "bash" | "zsh" | "ash" | "dash");
        let has_shell = base != Base::Scratch;
        match program {
            "bash" => (matches!(base, Base::Debian | Base::OracleLinux)
                || self.repo == "nicolaka/netshoot")
                .then_some(Package::Core),
            "zsh" => (self.repo == "nicolaka/netshoot").then_some(Package::Core),
            "ash" => matches!(base, Base::Busybox | Base::Alpine).then_some(Package::Busybox),
            "dash" => (base == Base::Debian).then_some(Package::Core),
            _ if !shell_program && has_shell && CORE.contains(&program) => Some(match base {
                Base::Busybox | Base::Alpine => Package::Busybox,
                _ => Package::Core,
            }),
            _ => None,
        }
    }
}

/// `(entrypoint, cmd)` of an image, matched by repository name without tag
/// or registry (`library/mysql:8` → `mysql`).
pub fn defaults(image: &str) -> Option<(Vec<String>, Vec<String>)> {
    let row = lookup(image)?;
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    Some((owned(row.entrypoint), owned(row.cmd)))
}

/// The TCP ports a well-known image's server listens on, on every
/// interface, as its Dockerfile's `EXPOSE` says. Images whose program is
/// a shell listen on nothing; `None` for images whose app is not known
/// (node, python, anything else): their ports depend on the app.
pub fn listens(image: &str) -> Option<&'static [u16]> {
    lookup(image)?.ports
}

/// What a placeholder of a [`Logs`] line is filled with.
pub struct LogContext<'a> {
    pub now: crate::time::SimTime,
    pub version: &'a str,
    pub ip: Option<std::net::Ipv4Addr>,
    /// The port the app listens on, when known.
    pub port: Option<u16>,
    pub env: &'a indexmap::IndexMap<String, String>,
}

/// Fills in a log line's placeholders (see [`Logs`]).
pub fn render(line: &str, cx: &LogContext<'_>) -> String {
    let stamp = crate::time::rfc3339(cx.now);
    // `2024-01-01T00:00:01.500000000Z`: date, time and fraction.
    let (date, time, frac) = (&stamp[0..10], &stamp[11..19], &stamp[20..29]);
    let (y, m, d) = (&stamp[0..4], &stamp[5..7], &stamp[8..10]);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let month = MONTHS[m.parse::<usize>().unwrap_or(1).saturating_sub(1) % 12];
    let weekday = DAYS[((cx.now.millis() / 86_400_000) % 7) as usize];
    // `maria` pads the hour with a space, not a zero.
    let hour = match time.strip_prefix('0') {
        Some(h) => &h[..1],
        None => &time[..2],
    };
    let pad = if hour.len() == 1 { " " } else { "" };
    let port = cx.port.map(|p| p.to_string()).unwrap_or_default();
    let ip = cx.ip.map(|i| i.to_string()).unwrap_or_default();
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let key = &rest[start + 1..start + len];
        // Concatenated, not formatted: each `format!` costs the page's wasm.
        let value = match key {
            "version" => cx.version.to_string(),
            "el" => if cx.version.starts_with("5.") {
                "7"
            } else {
                "9"
            }
            .to_string(),
            "ip" => ip.clone(),
            "port" => port.clone(),
            "iso" => [date, "T", time, ".", &frac[..6], "Z"].concat(),
            "entry" => [date, " ", time, "+00:00"].concat(),
            "apache" => [
                weekday,
                " ",
                month,
                " ",
                d,
                " ",
                time,
                ".",
                &frac[..6],
                " ",
                y,
            ]
            .concat(),
            "nginx" => [y, "/", m, "/", d, " ", time].concat(),
            "redis" => [d, " ", month, " ", y, " ", time, ".", &frac[..3]].concat(),
            "pg" => [date, " ", time, ".", &frac[..3], " UTC"].concat(),
            "maria" => [date, " ", pad, hour, &time[2..]].concat(),
            "env:WORDPRESS_*" => {
                let mut names: Vec<&str> = cx
                    .env
                    .keys()
                    .filter(|k| k.starts_with("WORDPRESS_"))
                    .map(String::as_str)
                    .collect();
                crate::order::sort(&mut names);
                names.join(" ")
            }
            other => match other.strip_prefix("env:") {
                Some(name) => cx.env.get(name).cloned().unwrap_or_default(),
                None => ["{", other, "}"].concat(),
            },
        };
        out.push_str(&value);
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repositories_match_without_tags_or_registries() {
        assert_eq!(defaults("mysql:8").unwrap().1, vec!["mysqld"]);
        assert_eq!(
            defaults("docker.io/library/busybox:latest").unwrap().1,
            vec!["sh"]
        );
        assert_eq!(defaults("nicolaka/netshoot").unwrap().1, vec!["zsh"]);
        assert_eq!(defaults("example/unknown"), None);
        assert_eq!(lookup("mysql:5.7").unwrap().version, "5.7.44");
        assert_eq!(lookup("mysql").unwrap().version, "8.4.3");
        assert_eq!(
            lookup("localhost:5000/mysql:8.0").unwrap().version,
            "8.0.40"
        );
    }

    #[test]
    fn servers_listen_on_their_exposed_ports_shells_on_none() {
        assert_eq!(listens("mysql:8"), Some(&[3306, 33060][..]));
        assert_eq!(listens("docker.io/library/nginx:alpine"), Some(&[80][..]));
        assert_eq!(listens("busybox"), Some(&[][..]));
        assert_eq!(listens("node:20"), None);
    }

    /// Which programs an image has, and from where: the data the shell's
    /// `not found` and the tools' output styles come from.
    #[test]
    fn tools_come_from_the_image_and_its_base() {
        let cases: &[(&str, &str, Option<Package>)] = &[
            ("busybox", "ping", Some(Package::Busybox)),
            ("busybox", "getent", None),
            ("alpine:3.20", "getent", Some(Package::Musl)),
            ("nicolaka/netshoot", "ping", Some(Package::Iputils)),
            ("nicolaka/netshoot", "dig", Some(Package::Bind)),
            ("nicolaka/netshoot", "zsh", Some(Package::Core)),
            ("wordpress:latest", "ping", None),
            ("wordpress:latest", "getent", Some(Package::Glibc)),
            ("wordpress:latest", "curl", Some(Package::Curl)),
            ("mysql:5.7", "mysql", Some(Package::MysqlClient)),
            ("mysql:5.7", "nslookup", None),
            ("node:12-alpine", "ping", Some(Package::Busybox)),
            ("node:20", "ping", None),
            ("node:20", "curl", Some(Package::Curl)),
            ("hello-world", "sh", None),
            ("debian", "cat", Some(Package::Core)),
        ];
        for (image, program, want) in cases {
            let row = lookup(image).unwrap();
            assert_eq!(row.tool(image, program), *want, "{image} {program}");
        }
    }

    #[test]
    fn log_lines_take_the_programs_timestamps() {
        let env = indexmap::IndexMap::new();
        let cx = LogContext {
            now: crate::time::SimTime(1_500),
            version: "8.4.3",
            ip: Some(std::net::Ipv4Addr::new(172, 18, 0, 2)),
            port: Some(3000),
            env: &env,
        };
        for (line, want) in [
            ("{iso} x", "2024-01-01T00:00:01.500000Z x"),
            ("{entry}", "2024-01-01 00:00:01+00:00"),
            ("[{apache}]", "[Mon Jan 01 00:00:01.500000 2024]"),
            ("{nginx}", "2024/01/01 00:00:01"),
            ("{redis}", "01 Jan 2024 00:00:01.500"),
            ("{pg}", "2024-01-01 00:00:01.500 UTC"),
            ("{maria}", "2024-01-01  0:00:01"),
            ("using {ip}.", "using 172.18.0.2."),
            ("mysqld {version}", "mysqld 8.4.3"),
            ("on port {port}", "on port 3000"),
        ] {
            assert_eq!(render(line, &cx), want);
        }
    }
}
