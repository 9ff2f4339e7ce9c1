//! The database clients of server images, against the simulated server in
//! the same container: `mysql`/`mariadb` (`-p`, `-pPASS`, `-u`, `-e`, a
//! database), `psql` (`-U`, `-d`, `-c`) and `redis-cli`. They read what the
//! model keeps in the server's data directory ([`Host::datastore`]):
//! the databases the server was initialised with and the tables apps wrote.
//! An interactive client (`docker exec -it db mysql -p`) becomes a session
//! of the player's, like a shell: the lines that follow go to it until
//! `exit`, `quit` or `\q`.

use std::fmt::Write as _;

use crate::tools::Output;
use composenet_model::data::{Datastore, Table};
use composenet_model::images::Server;
use composenet_model::{ContainerId, Host};

/// A client session the script is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Client {
    /// `mysql -p` asked for the password; the next line is it.
    Password {
        server: Server,
        user: String,
        database: Option<String>,
        connection: u32,
    },
    Mysql {
        server: Server,
        database: Option<String>,
    },
    Psql {
        user: String,
        database: String,
    },
    Redis,
}

impl Client {
    /// The prompt the client shows before a line.
    pub fn prompt(&self) -> String {
        match self {
            Client::Password { .. } => "Enter password:".into(),
            Client::Mysql {
                server: Server::Mariadb,
                database,
            } => format!("MariaDB [{}]>", database.as_deref().unwrap_or("(none)")),
            Client::Mysql { .. } => "mysql>".into(),
            Client::Psql { database, .. } => format!("{database}=#"),
            Client::Redis => "127.0.0.1:6379>".into(),
        }
    }
}

/// What starting a client gave: its output, and the session to enter when
/// it stays open.
pub struct Started {
    pub output: Output,
    pub session: Option<Client>,
}

fn done(output: Output) -> Option<Started> {
    Some(Started {
        output,
        session: None,
    })
}

/// What a server without data answers from.
static EMPTY: Datastore = Datastore {
    databases: Vec::new(),
    accounts: Vec::new(),
};

/// The databases every MySQL and MariaDB server lists besides its own.
const MYSQL_SYSTEM: &[&str] = &["information_schema", "mysql", "performance_schema", "sys"];

/// Starts the client `words` names, if it is one and the container's image
/// has a server for it; `None` otherwise (the caller reports the program
/// as missing or unknown). `tty` is `-t`: tables are drawn, and a client
/// without a statement to run stays open for the next lines.
/// `connection` numbers the connection, as the server's welcome says.
pub fn start(
    host: &mut Host,
    id: ContainerId,
    words: &[String],
    tty: bool,
    connection: u32,
) -> Option<Started> {
    let program = words.first()?.rsplit('/').next()?.to_string();
    let server = host.image_of(id)?.server?;
    match (program.as_str(), server) {
        ("mysql" | "mariadb", Server::Mysql | Server::Mariadb) => {
            mysql(host, id, server, &words[1..], tty, connection)
        }
        #[cfg(not(composenet_page))]
        ("psql", Server::Postgres) => psql(host, id, &words[1..], tty),
        #[cfg(not(composenet_page))]
        ("redis-cli", Server::Redis) => redis(host, id, &words[1..], tty),
        // The page leaves these two clients out (2 KB of its wasm; the
        // seeds and the gallery use mysql only) and says so.
        #[cfg(composenet_page)]
        ("psql", Server::Postgres) | ("redis-cli", Server::Redis) => done(Output::fail(
            format!("composenet: the browser version leaves out {program} to stay small; `composenet run` on the command line has it\n"),
            1,
        )),
        _ => None,
    }
}

/// The options of `mysql` that matter here.
#[derive(Default)]
struct MysqlArgs {
    user: Option<String>,
    /// `Some(None)` for a bare `-p` (ask), `Some(Some(p))` for `-pPASS`.
    password: Option<Option<String>>,
    execute: Option<String>,
    database: Option<String>,
}

fn mysql_args(args: &[String]) -> MysqlArgs {
    let mut a = MysqlArgs::default();
    let mut i = 0;
    while i < args.len() {
        let w = &args[i];
        let next = |i: &mut usize| {
            *i += 1;
            args.get(*i).cloned()
        };
        match w.as_str() {
            "-u" | "--user" => a.user = next(&mut i),
            "-e" | "--execute" => a.execute = next(&mut i),
            "-D" | "--database" => a.database = next(&mut i),
            "-h" | "--host" | "-P" | "--port" => {
                next(&mut i);
            }
            "-p" | "--password" => a.password = Some(None),
            _ if w.starts_with("--user=") => a.user = Some(w[7..].to_string()),
            _ if w.starts_with("--password=") => a.password = Some(Some(w[11..].to_string())),
            _ if w.starts_with("--execute=") => a.execute = Some(w[10..].to_string()),
            _ if w.starts_with("--database=") => a.database = Some(w[11..].to_string()),
            _ if w.starts_with("-u") => a.user = Some(w[2..].to_string()),
            _ if w.starts_with("-p") => a.password = Some(Some(w[2..].to_string())),
            _ if w.starts_with("-e") => a.execute = Some(w[2..].to_string()),
            _ if w.starts_with("-D") => a.database = Some(w[2..].to_string()),
            _ if w.starts_with('-') => {}
            _ => a.database = Some(w.clone()),
        }
        i += 1;
    }
    a
}

fn mysql(
    host: &mut Host,
    id: ContainerId,
    server: Server,
    args: &[String],
    tty: bool,
    connection: u32,
) -> Option<Started> {
    let a = mysql_args(args);
    let user = a.user.unwrap_or_else(|| "root".into());
    let mut warning = String::new();
    if server == Server::Mysql && matches!(a.password, Some(Some(_))) {
        warning.push_str(
            "mysql: [Warning] Using a password on the command line interface can be insecure.\n",
        );
    }
    let password = match a.password {
        // `-p` alone on a terminal asks; without one, mysql reads the
        // password from stdin, which is empty.
        Some(None) if tty && a.execute.is_none() => {
            return Some(Started {
                output: Output::default(),
                session: Some(Client::Password {
                    server,
                    user,
                    database: a.database,
                    connection,
                }),
            })
        }
        Some(None) => String::new(),
        Some(Some(p)) => p,
        None => String::new(),
    };
    let mut out = match login(
        host,
        id,
        server,
        (&user, &password),
        a.database.as_deref(),
        connection,
    ) {
        Ok(banner) => banner,
        Err(e) => {
            let mut e = e;
            e.stderr = format!("{warning}{}", e.stderr);
            return done(e);
        }
    };
    out.stderr = warning;
    match a.execute {
        Some(sql) => {
            // `-e` runs the statements and exits; without a terminal the
            // result is tab-separated, with one.
            let mut database = a.database;
            let mut result = Output {
                stderr: out.stderr,
                ..Output::default()
            };
            for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let o = statement_output(host, id, &mut database, statement, tty, false);
                result.stdout.push_str(&o.stdout);
                result.stderr.push_str(&o.stderr);
                if o.status != 0 {
                    result.status = 1;
                    break;
                }
            }
            done(result)
        }
        None if tty => Some(Started {
            output: out,
            session: Some(Client::Mysql {
                server,
                database: a.database,
            }),
        }),
        // Without a terminal the client reads its statements from stdin,
        // which is empty: it exits at once.
        None => done(Output {
            stderr: out.stderr,
            ..Output::default()
        }),
    }
}

/// Checks the account and the database; on success gives the welcome
/// banner.
fn login(
    host: &Host,
    id: ContainerId,
    server: Server,
    (user, password): (&str, &str),
    database: Option<&str>,
    connection: u32,
) -> Result<Output, Output> {
    let c = host.container(id);
    if !c.is_ready(host.now()) {
        let socket = if server == Server::Mariadb {
            "/run/mysqld/mysqld.sock"
        } else {
            "/var/run/mysqld/mysqld.sock"
        };
        return Err(Output::fail(
            format!("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '{socket}' (2)\n"),
            1,
        ));
    }
    // The accounts are the ones the data directory was initialised with.
    let allowed = host
        .datastore(id)
        .and_then(|s| s.password(user))
        .is_some_and(|p| p == password);
    if !allowed {
        return Err(Output::fail(
            format!(
                "ERROR 1045 (28000): Access denied for user '{user}'@'localhost' (using password: {})\n",
                if password.is_empty() { "NO" } else { "YES" }
            ),
            1,
        ));
    }
    let store = host.datastore(id);
    let mut out = String::new();
    if let Some(db) = database {
        let tables = store.and_then(|s| s.database(db)).map(|d| &d.tables);
        match tables {
            None if !MYSQL_SYSTEM.contains(&db) => {
                return Err(Output::fail(
                    format!("ERROR 1049 (42000): Unknown database '{db}'\n"),
                    1,
                ))
            }
            Some(t) if !t.is_empty() => out.push_str(READING_TABLES),
            _ => {}
        }
    }
    let version = host.image_of(id).map(|r| r.version).unwrap_or("");
    if server == Server::Mariadb {
        let _ = write!(
            out,
            "Welcome to the MariaDB monitor.  Commands end with ; or \\g.\n\
             Your MariaDB connection id is {connection}\n\
             Server version: {version}-MariaDB-ubu2404 mariadb.org binary distribution\n\n\
             Copyright (c) 2000, 2018, Oracle, MariaDB Corporation Ab and others.\n\n\
             Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
        );
    } else {
        let (edition, year) = if version.starts_with("5.") {
            ("MySQL Community Server (GPL)", "2023")
        } else {
            ("MySQL Community Server - GPL", "2024")
        };
        let _ = write!(
            out,
            "Welcome to the MySQL monitor.  Commands end with ; or \\g.\n\
             Your MySQL connection id is {connection}\n\
             Server version: {version} {edition}\n\n\
             Copyright (c) 2000, {year}, Oracle and/or its affiliates.\n\n\
             Oracle is a registered trademark of Oracle Corporation and/or its\n\
             affiliates. Other names may be trademarks of their respective\n\
             owners.\n\n\
             Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
        );
    }
    Ok(Output::ok(out))
}

const READING_TABLES: &str = "Reading table information for completion of table and column names\nYou can turn off this feature to get a quicker startup with -A\n\n";

/// One line typed into a client session. Returns what it printed and
/// whether the session ended.
pub fn line(host: &mut Host, id: ContainerId, client: &mut Client, text: &str) -> (Output, bool) {
    let trimmed = text.trim();
    if let Client::Password {
        server,
        user,
        database,
        connection,
    } = client
    {
        // The password is not echoed; a wrong one ends the client.
        let (server, user, database) = (*server, user.clone(), database.clone());
        return match login(
            host,
            id,
            server,
            (&user, trimmed),
            database.as_deref(),
            *connection,
        ) {
            Ok(banner) => {
                *client = Client::Mysql { server, database };
                (banner, false)
            }
            Err(e) => (e, true),
        };
    }
    let word = trimmed.trim_end_matches(';').trim();
    let quits = matches!(word.to_ascii_lowercase().as_str(), "exit" | "quit" | "\\q");
    match client {
        Client::Password { .. } => unreachable!("handled above"),
        Client::Mysql { database, .. } => {
            if quits {
                return (Output::ok("Bye\n".into()), true);
            }
            if word.is_empty() {
                return (Output::default(), false);
            }
            let mut out = Output::default();
            for statement in trimmed.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let o = statement_output(host, id, database, statement, true, true);
                out.stdout.push_str(&o.stdout);
                out.stderr.push_str(&o.stderr);
            }
            (out, false)
        }
        Client::Psql { database, .. } => {
            if quits {
                return (Output::default(), true);
            }
            (psql_statement(host, id, database, word), false)
        }
        Client::Redis => {
            if quits {
                return (Output::default(), true);
            }
            (redis_command(host, id, word, true), false)
        }
    }
}

/// Runs one SQL statement for the MySQL client. Errors inside an
/// interactive session do not end it, so their status is 0 there.
fn statement_output(
    host: &Host,
    id: ContainerId,
    database: &mut Option<String>,
    statement: &str,
    tty: bool,
    session: bool,
) -> Output {
    let error = |text: String| Output {
        stdout: String::new(),
        stderr: text,
        status: if session { 0 } else { 1 },
    };
    let store = host.datastore(id).unwrap_or(&EMPTY);
    let words: Vec<&str> = statement.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    match lower.as_slice() {
        ["show", "databases" | "schemas"] => {
            let mut names: Vec<String> = MYSQL_SYSTEM.iter().map(|s| s.to_string()).collect();
            names.extend(store.databases.iter().map(|d| d.name.clone()));
            composenet_model::order::sort(&mut names);
            let table = Table {
                columns: vec!["Database".into()],
                rows: names.into_iter().map(|n| vec![n]).collect(),
            };
            Output::ok(mysql_table(&table, tty))
        }
        ["use", _] => {
            let db = words[1].trim_matches('`');
            if !MYSQL_SYSTEM.contains(&db) && store.database(db).is_none() {
                return error(format!("ERROR 1049 (42000): Unknown database '{db}'\n"));
            }
            *database = Some(db.to_string());
            let reading = store.database(db).is_some_and(|d| !d.tables.is_empty());
            Output::ok(format!(
                "{}Database changed\n",
                if reading && tty { READING_TABLES } else { "" }
            ))
        }
        ["show", "tables"] => {
            let Some(db) = database.clone() else {
                return error("ERROR 1046 (3D000): No database selected\n".into());
            };
            let names: Vec<Vec<String>> = store
                .database(&db)
                .map(|d| d.tables.iter().map(|(k, _)| vec![k.clone()]).collect())
                .unwrap_or_default();
            let table = Table {
                columns: vec![format!("Tables_in_{db}")],
                rows: names,
            };
            Output::ok(mysql_table(&table, tty))
        }
        ["select", "*", "from", _] => {
            let name = words[3].trim_matches('`');
            let (db, table) = match name.split_once('.') {
                Some((d, t)) => (Some(d.to_string()), t.to_string()),
                None => (database.clone(), name.to_string()),
            };
            let Some(db) = db else {
                return error("ERROR 1046 (3D000): No database selected\n".into());
            };
            match store.database(&db).and_then(|d| d.table(&table)) {
                Some(t) => Output::ok(mysql_table(t, tty)),
                None => error(format!(
                    "ERROR 1146 (42S02): Table '{db}.{table}' doesn't exist\n"
                )),
            }
        }
        _ => Output::note(
            "(composenet: the simulated server answers SHOW DATABASES, USE db, SHOW TABLES and SELECT * FROM table)\n"
                .into(),
        ),
    }
}

/// Whether a column holds numbers only, which MySQL and psql align right.
fn numeric(table: &Table, column: usize) -> bool {
    !table.rows.is_empty()
        && table
            .rows
            .iter()
            .all(|r| r.get(column).is_some_and(|v| v.parse::<f64>().is_ok()))
}

/// Each column's width: its widest cell or its header.
fn widths(table: &Table) -> Vec<usize> {
    (0..table.columns.len())
        .map(|i| {
            table
                .rows
                .iter()
                .filter_map(|r| r.get(i))
                .chain(std::iter::once(&table.columns[i]))
                .map(|v| v.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// A result as the `mysql` client prints it: a bordered table and the row
/// count on a terminal, tab-separated lines with a header otherwise.
fn mysql_table(table: &Table, tty: bool) -> String {
    let mut out = String::new();
    if !tty {
        if table.rows.is_empty() {
            return out;
        }
        out.push_str(&table.columns.join("\t"));
        out.push('\n');
        for row in &table.rows {
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        return out;
    }
    if table.rows.is_empty() {
        return "Empty set (0.00 sec)\n\n".into();
    }
    let widths = widths(table);
    let border: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let line = |cells: &[String], right: &dyn Fn(usize) -> bool| {
        let mut s = String::new();
        for (i, w) in widths.iter().enumerate() {
            let v = cells.get(i).map(String::as_str).unwrap_or("");
            let pad = " ".repeat(w - v.chars().count());
            if right(i) {
                let _ = write!(s, "| {pad}{v} ");
            } else {
                let _ = write!(s, "| {v}{pad} ");
            }
        }
        s + "|\n"
    };
    out.push_str(&border);
    out.push_str(&line(&table.columns, &|_| false));
    out.push_str(&border);
    for row in &table.rows {
        out.push_str(&line(row, &|i| numeric(table, i)));
    }
    out.push_str(&border);
    let n = table.rows.len();
    let _ = writeln!(
        out,
        "{n} {} in set (0.00 sec)\n",
        if n == 1 { "row" } else { "rows" }
    );
    out
}

#[cfg_attr(composenet_page, allow(dead_code))]
fn psql(host: &mut Host, id: ContainerId, args: &[String], tty: bool) -> Option<Started> {
    let env = &host.container(id).spec.env;
    let default_user = env
        .get("POSTGRES_USER")
        .cloned()
        .unwrap_or_else(|| "postgres".into());
    let (mut user, mut database, mut command) = (None, None, None);
    let mut i = 0;
    while i < args.len() {
        let w = args[i].as_str();
        let mut value = || {
            i += 1;
            args.get(i).cloned()
        };
        match w {
            "-U" | "--username" => user = value(),
            "-d" | "--dbname" => database = value(),
            "-c" | "--command" => command = value(),
            "-h" | "--host" | "-p" | "--port" => {
                value();
            }
            _ if w.starts_with("-U") => user = Some(w[2..].to_string()),
            _ if w.starts_with("-d") => database = Some(w[2..].to_string()),
            _ if w.starts_with('-') => {}
            _ if database.is_none() => database = Some(w.to_string()),
            _ => user = Some(w.to_string()),
        }
        i += 1;
    }
    // psql runs as root in the container, so a role must be named; the
    // image's local connections are trusted.
    let user = user.unwrap_or_else(|| "root".into());
    let database = database.unwrap_or_else(|| user.clone());
    let known = host
        .datastore(id)
        .is_some_and(|s| s.database(&database).is_some())
        || matches!(database.as_str(), "postgres" | "template0" | "template1");
    let why = if !host.container(id).is_ready(host.now()) {
        "No such file or directory\n\tIs the server running locally and accepting connections on that socket?".to_string()
    } else if user != default_user {
        ["FATAL:  role \"", &user, "\" does not exist"].concat()
    } else if !known {
        ["FATAL:  database \"", &database, "\" does not exist"].concat()
    } else {
        String::new()
    };
    if !why.is_empty() {
        return done(Output::fail(
            [
                "psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.5432\" failed: ",
                &why,
                "\n",
            ]
            .concat(),
            2,
        ));
    }
    match command {
        Some(c) => {
            let mut out = psql_statement(host, id, &database, c.trim().trim_end_matches(';'));
            if out.stderr.starts_with("ERROR") {
                out.status = 1;
            }
            done(out)
        }
        None if tty => {
            let version = host.image_of(id).map(|r| r.version).unwrap_or("");
            Some(Started {
                output: Output::ok(format!(
                    "psql ({version} (Debian {version}-1.pgdg120+1))\nType \"help\" for help.\n\n"
                )),
                session: Some(Client::Psql { user, database }),
            })
        }
        None => done(Output::default()),
    }
}

/// One psql command: `\l`, `\dt` or `SELECT * FROM table`.
#[cfg_attr(composenet_page, allow(dead_code))]
fn psql_statement(host: &Host, id: ContainerId, database: &str, text: &str) -> Output {
    let store = host.datastore(id).unwrap_or(&EMPTY);
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => Output::default(),
        ["\\dt"] => {
            let rows: Vec<Vec<String>> = store
                .database(database)
                .map(|d| {
                    d.tables
                        .iter()
                        .map(|(k, _)| {
                            vec![
                                "public".into(),
                                k.clone(),
                                "table".into(),
                                "postgres".into(),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default();
            if rows.is_empty() {
                return Output::ok("Did not find any relations.\n".into());
            }
            let table = Table {
                columns: vec![
                    "Schema".into(),
                    "Name".into(),
                    "Type".into(),
                    "Owner".into(),
                ],
                rows,
            };
            // psql centres the title over the table.
            let body = psql_table(&table);
            let pad = body.find('\n').unwrap_or(0).saturating_sub(17) / 2;
            Output::ok(" ".repeat(pad) + "List of relations\n" + &body)
        }
        ["select", "*", "from", name] => {
            match store.database(database).and_then(|d| d.table(name)) {
                Some(t) => Output::ok(psql_table(t)),
                None => Output::fail(
                    format!("ERROR:  relation \"{name}\" does not exist\nLINE 1: {text}\n"),
                    0,
                ),
            }
        }
        _ => Output::note(
            "(composenet: the simulated server answers \\dt and SELECT * FROM table)\n".into(),
        ),
    }
}

/// A result as `psql` prints it: ` a | b ` lines, a dashed rule and the
/// row count.
#[cfg_attr(composenet_page, allow(dead_code))]
fn psql_table(table: &Table) -> String {
    let widths = widths(table);
    let mut out = String::new();
    let header: Vec<String> = table
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| {
            let left = (w - c.chars().count()) / 2;
            let right = w - c.chars().count() - left;
            format!(" {}{c}{} ", " ".repeat(left), " ".repeat(right))
        })
        .collect();
    let _ = writeln!(out, "{}", header.join("|").trim_end());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(w + 2)).collect();
    let _ = writeln!(out, "{}", rule.join("+"));
    for row in &table.rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (v, w))| {
                let pad = " ".repeat(w - v.chars().count());
                if numeric(table, i) {
                    format!(" {pad}{v} ")
                } else {
                    format!(" {v}{pad} ")
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("|").trim_end());
    }
    let n = table.rows.len();
    let _ = writeln!(out, "({n} {})\n", if n == 1 { "row" } else { "rows" });
    out
}

#[cfg_attr(composenet_page, allow(dead_code))]
fn redis(host: &mut Host, id: ContainerId, args: &[String], tty: bool) -> Option<Started> {
    let mut rest: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-h" | "-p" | "-a" | "-n" => i += 1,
            w => rest.push(w),
        }
        i += 1;
    }
    if !host.container(id).is_ready(host.now()) {
        return done(Output::fail(
            "Could not connect to Redis at 127.0.0.1:6379: Connection refused\n".into(),
            1,
        ));
    }
    if rest.is_empty() {
        return Some(Started {
            output: Output::default(),
            session: tty.then_some(Client::Redis),
        });
    }
    done(redis_command(host, id, &rest.join(" "), tty))
}

/// One redis command: `PING`, `SET key value`, `GET key`.
/// Keys live in the server's data (database `0`, table `keys`).
#[cfg_attr(composenet_page, allow(dead_code))]
fn redis_command(host: &mut Host, id: ContainerId, text: &str, tty: bool) -> Output {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(command) = words.first() else {
        return Output::default();
    };
    let keys = host
        .datastore(id)
        .and_then(|s| s.database("0"))
        .and_then(|d| d.table("keys"))
        .cloned()
        .unwrap_or_default();
    match (command.to_ascii_uppercase().as_str(), &words[1..]) {
        ("PING", []) => Output::ok("PONG\n".into()),
        ("PING", [msg]) => Output::ok(format!("\"{msg}\"\n")),
        ("GET", [key]) => match keys.rows.iter().find(|r| r[0] == *key) {
            Some(r) if tty => Output::ok(format!("\"{}\"\n", r[1])),
            Some(r) => Output::ok(format!("{}\n", r[1])),
            None if tty => Output::ok("(nil)\n".into()),
            None => Output::ok("\n".into()),
        },
        ("SET", [key, value]) => {
            let write = composenet_model::data::TableWrite {
                database: "0".into(),
                table: "keys".into(),
                columns: vec!["key".into(), "value".into()],
                rows: vec![vec![key.to_string(), value.to_string()]],
            };
            host.client_write(id, &write);
            Output::ok("OK\n".into())
        }
        (other, _) => Output::ok(format!(
            "(error) ERR unknown command '{}', with args beginning with: \n",
            other.to_ascii_lowercase()
        )),
    }
}
