//! What a well-known image's program does when it runs: the lines it logs
//! (start-up banner, ready, connection errors in its own words), the data
//! directory its database server initialises, and the tables an app
//! writes into that server (see [`crate::images`] and [`crate::data`]).

use super::*;
use crate::data::{Datastore, WriteOutcome};
use crate::images::{self, ClientStyle, Image, LogContext, Server};

/// Log lines of commands whose output is known whatever the image (the
/// seed's todo app runs `yarn install && yarn run dev` in `node`).
const COMMAND_LOGS: &[(&str, &[&str])] = &[
    (
        "yarn install",
        &[
            "yarn install v1.22.19",
            "[1/4] Resolving packages...",
            "[2/4] Fetching packages...",
            "[3/4] Linking dependencies...",
            "[4/4] Building fresh packages...",
            "Done in 8.21s.",
        ],
    ),
    (
        "yarn run dev",
        &[
            "yarn run v1.22.19",
            "$ nodemon src/index.js",
            "[nodemon] 1.19.2",
            "[nodemon] to restart at any time, enter `rs`",
            "[nodemon] watching dir(s): *.*",
            "[nodemon] starting `node src/index.js`",
        ],
    ),
];

impl Host {
    /// The table row of a container's image; `None` for an image the table
    /// does not know or one present on the host as a local image.
    pub fn image_of(&self, id: ContainerId) -> Option<&'static Image> {
        let image = &self.containers[&id].spec.image;
        if self.config.image(image).is_some() {
            return None;
        }
        images::lookup(image)
    }

    /// The named volume mounted on the data directory of a container's
    /// database server, if any.
    fn data_volume(&self, id: ContainerId) -> Option<VolumeId> {
        let dir = self.image_of(id)?.data_dir?;
        let c = &self.containers[&id];
        let mount = c.spec.mounts.iter().find(|m| {
            m.kind == MountKind::Volume
                && !m.source.is_empty()
                && m.target.trim_end_matches('/') == dir
        })?;
        self.find_volume(&mount.source)
    }

    /// What a container's database server holds: the data of the named
    /// volume on its data directory, else of its own anonymous volume.
    /// `None` before the server first started, or for other images.
    pub fn datastore(&self, id: ContainerId) -> Option<&Datastore> {
        match self.data_volume(id) {
            Some(v) => self.volumes[&v].data.as_ref(),
            None => self.containers[&id].data.as_ref(),
        }
    }

    fn datastore_slot(&mut self, id: ContainerId) -> &mut Option<Datastore> {
        match self.data_volume(id) {
            Some(v) => &mut self.volumes[&v].data,
            None => &mut self.containers[&id].data,
        }
    }

    /// Logs lines of an image's table, placeholders filled in.
    fn log_lines(&mut self, id: ContainerId, lines: &[&str]) {
        let Some(row) = self.image_of(id) else {
            return;
        };
        let c = &self.containers[&id];
        let ip = c.endpoints().find_map(|e| e.ip);
        let port = c
            .spec
            .behaviour
            .listen
            .as_ref()
            .and_then(|l| l.first().map(|l| l.port))
            .or_else(|| c.spec.ports.first().map(|p| p.container_port));
        let cx = LogContext {
            now: self.now,
            version: row.version,
            ip,
            port,
            env: &c.spec.env,
        };
        let rendered: Vec<String> = lines
            .iter()
            .filter(|l| port.is_some() || !l.contains("{port}"))
            .map(|l| images::render(l, &cx))
            .collect();
        for line in rendered {
            self.log(id, line);
        }
    }

    /// The program has started: a database server initialises an empty
    /// data directory (creating the database its environment names), and
    /// the start-up banner is logged.
    pub(super) fn program_started(&mut self, id: ContainerId, ready_now: bool) {
        let Some(row) = self.image_of(id) else {
            return;
        };
        if let (Some(server), Some(_)) = (row.server, row.data_dir) {
            if self.datastore(id).is_none() {
                let env = &self.containers[&id].spec.env;
                let get = |k: &str| env.get(k).cloned().filter(|v| !v.is_empty());
                let database = match server {
                    Server::Mysql => get("MYSQL_DATABASE"),
                    Server::Mariadb => get("MARIADB_DATABASE").or_else(|| get("MYSQL_DATABASE")),
                    Server::Postgres => get("POSTGRES_DB")
                        .or_else(|| get("POSTGRES_USER"))
                        .or_else(|| Some("postgres".into())),
                    Server::Redis => None,
                };
                let mut store = Datastore::initialised(database.as_deref());
                let (root, user, password) = match server {
                    Server::Mysql | Server::Mariadb => {
                        let var = |name: &str| {
                            get(&format!("MARIADB_{name}"))
                                .or_else(|| get(&format!("MYSQL_{name}")))
                        };
                        let root = var("ROOT_PASSWORD").or_else(|| {
                            var("ALLOW_EMPTY_ROOT_PASSWORD")
                                .or_else(|| var("ALLOW_EMPTY_PASSWORD"))
                                .map(|_| String::new())
                        });
                        (
                            root.map(|p| ("root".to_string(), p)),
                            var("USER"),
                            var("PASSWORD"),
                        )
                    }
                    Server::Postgres => (
                        None,
                        get("POSTGRES_USER").or_else(|| Some("postgres".into())),
                        get("POSTGRES_PASSWORD"),
                    ),
                    Server::Redis => (None, None, None),
                };
                store.accounts.extend(root);
                if let Some(user) = user {
                    store.accounts.push((user, password.unwrap_or_default()));
                }
                *self.datastore_slot(id) = Some(store);
                let init: Vec<&str> = row
                    .logs
                    .init
                    .iter()
                    .copied()
                    .filter(|l| !l.contains("Creating database") || database.is_some())
                    .collect();
                self.log_lines(id, &init);
            }
        }
        self.log_lines(id, row.logs.start);
        let command = self.containers[&id].spec.command.join(" ");
        for (trigger, lines) in COMMAND_LOGS {
            if command.contains(trigger) {
                for line in *lines {
                    self.log(id, *line);
                }
            }
        }
        let client = !self.connect_targets(id).is_empty();
        if ready_now && !client {
            self.log_lines(id, row.logs.ready);
        }
    }

    /// The app has finished initialising (`ready_after`).
    pub(super) fn program_ready(&mut self, id: ContainerId) {
        match self.image_of(id) {
            Some(row) => self.log_lines(id, row.logs.ready),
            None => self.log(id, "ready for connections"),
        }
    }

    /// The line an app logs for one connection attempt, in its program's
    /// words; `None` when the program says nothing (PHP on success).
    pub(super) fn connect_line(
        &self,
        id: ContainerId,
        target: &str,
        host: &str,
        port: Option<u16>,
        ip: Option<Ipv4Addr>,
        outcome: &ConnectOutcome,
    ) -> Option<String> {
        let row = self.image_of(id);
        let style = row.map(|r| r.client).unwrap_or(ClientStyle::Node);
        let port_text = port.unwrap_or(0);
        let refused = outcome.is_refused();
        let stamp = |line: &str| {
            let c = &self.containers[&id];
            let cx = LogContext {
                now: self.now,
                version: "",
                ip,
                port,
                env: &c.spec.env,
            };
            images::render(line, &cx)
        };
        Some(match (style, outcome, ip) {
            (ClientStyle::Node, ConnectOutcome::Connected, Some(ip)) => {
                let target_is_mysql = self
                    .container_at(ip)
                    .and_then(|t| self.image_of(t))
                    .and_then(|r| r.server)
                    .is_some_and(|s| matches!(s, Server::Mysql | Server::Mariadb));
                if row.is_some_and(|r| r.repo == "node") && target_is_mysql {
                    format!("Connected to mysql db at host {host}")
                } else {
                    format!("Connected to {target} ({ip})")
                }
            }
            (ClientStyle::Node, ConnectOutcome::NoSuchName, _) => {
                format!("Error: getaddrinfo ENOTFOUND {host}")
            }
            (ClientStyle::Node, _, Some(ip)) if refused => {
                format!("Error: connect ECONNREFUSED {ip}:{port_text}")
            }
            (ClientStyle::Node, _, Some(ip)) => {
                format!("Error: connect EHOSTUNREACH {ip}:{port_text}")
            }
            (ClientStyle::Node, _, None) => format!("Error: connect EHOSTUNREACH {host}"),
            (_, ConnectOutcome::Connected, _) => return None,
            (ClientStyle::Php, ConnectOutcome::NoSuchName, _) => format!(
                "MySQL Connection Error: (2002) php_network_getaddresses: getaddrinfo for {host} failed: Name or service not known"
            ),
            (ClientStyle::Php, _, _) if refused => {
                "MySQL Connection Error: (2002) Connection refused".to_string()
            }
            (ClientStyle::Php, _, _) => "MySQL Connection Error: (2002) No route to host".to_string(),
            (ClientStyle::Nginx, ConnectOutcome::NoSuchName, _) => {
                stamp(&format!("{{nginx}} [emerg] 1#1: host not found in upstream \"{host}\""))
            }
            (ClientStyle::Nginx, _, ip) => stamp(&format!(
                "{{nginx}} [error] 29#29: *1 connect() failed ({}) while connecting to upstream, upstream: \"http://{}:{port_text}/\"",
                if refused { "111: Connection refused" } else { "113: No route to host" },
                ip.map(|i| i.to_string()).unwrap_or_else(|| host.to_string())
            )),
        })
    }

    /// The app reached the server at `ip`: it writes the tables it
    /// declares into that server's data, if it is a database server.
    pub(super) fn app_reached(&mut self, id: ContainerId, ip: Ipv4Addr) {
        let writes = self.containers[&id].spec.behaviour.writes.clone();
        let Some(server) = self.container_at(ip) else {
            return;
        };
        if writes.is_empty() || self.datastore(server).is_none() {
            return;
        }
        for w in &writes {
            let outcome = self
                .datastore_slot(server)
                .as_mut()
                .map(|store| store.write(w, false));
            if outcome == Some(WriteOutcome::NoDatabase) {
                self.log(
                    id,
                    format!("Error: ER_BAD_DB_ERROR: Unknown database '{}'", w.database),
                );
            }
        }
    }

    /// A client of the server (`redis-cli SET`) writes rows, replacing
    /// those with the same first column.
    pub fn client_write(&mut self, id: ContainerId, w: &crate::data::TableWrite) {
        if let Some(store) = self.datastore_slot(id).as_mut() {
            store.write(w, true);
        }
    }

    /// The app has reached every host it connects to and says it is
    /// serving (its image's ready lines).
    pub(super) fn app_connected(&mut self, id: ContainerId) {
        if let Some(row) = self.image_of(id) {
            self.log_lines(id, row.logs.ready);
        }
    }

    /// The running container that holds `ip` on one of its networks.
    pub(super) fn container_at(&self, ip: Ipv4Addr) -> Option<ContainerId> {
        self.containers
            .values()
            .find(|c| c.is_running() && c.endpoints().any(|e| e.ip == Some(ip)))
            .map(|c| self.netns_owner(c.id))
    }
}
