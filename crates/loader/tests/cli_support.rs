//! Helpers shared by the `cli_*` tests (included with `#[path]`): a fixed
//! variable environment and readable renderings of lexer and parser results
//! for snapshots.
#![allow(dead_code)]

use composenet_loader::cli::{parse_docker, parse_tool, split_script, ScriptLine};
use composenet_loader::Diagnostic;

/// The shell variables the tests run with.
pub fn vars(name: &str) -> Option<String> {
    match name {
        "pwd" | "PWD" => Some("/home/user/app".to_string()),
        "HOME" => Some("/home/user".to_string()),
        "NET" => Some("todo-app".to_string()),
        "EMPTY" => Some(String::new()),
        "SPACED" => Some(" a  b ".to_string()),
        "?" => Some("0".to_string()),
        _ => None,
    }
}

pub fn lex(text: &str) -> (Vec<ScriptLine>, Vec<Diagnostic>) {
    split_script(text, &vars)
}

/// `{:#?}` without the fields that hold their default (`None`, `false`,
/// empty lists and maps), so snapshots show what was actually parsed.
pub fn pruned_debug(value: &impl std::fmt::Debug) -> String {
    let text = format!("{value:#?}");
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.ends_with(": None,")
                || t.ends_with(": false,")
                || t.ends_with(": [],")
                || t.ends_with(": {},"))
        })
        .map(str::to_string)
        .collect();
    // A struct left without fields is written `T {}`, except the option
    // groups that are empty in most commands, which are dropped.
    loop {
        let before = lines.len();
        let mut out: Vec<String> = Vec::with_capacity(lines.len());
        let mut i = 0;
        while i < lines.len() {
            let open = lines[i].trim_end();
            let close = lines.get(i + 1).map(|l| l.trim());
            if open.ends_with(" {") && matches!(close, Some("}," | "}")) {
                let t = open.trim();
                if t != "health: HealthFlags {" && t != "global: ComposeGlobal {" {
                    let comma = if close == Some("},") { "," } else { "" };
                    out.push(format!("{open}}}{comma}"));
                }
                i += 2;
                continue;
            }
            out.push(lines[i].clone());
            i += 1;
        }
        lines = out;
        if lines.len() == before {
            break;
        }
    }
    lines.join("\n")
}

/// Renders each command of `script` as `$ text` followed by the parse
/// result (docker commands with `parse_docker`, others with `parse_tool`),
/// and the lexer's diagnostics.
pub fn render(script: &str) -> String {
    let (lines, diags) = lex(script);
    let mut out = String::new();
    for d in &diags {
        out.push_str(&format!("{d}\n"));
    }
    for line in &lines {
        out.push_str(&format!("$ {}\n", line.text));
        out.push_str(&render_words(&line.words));
        out.push('\n');
    }
    out
}

/// The parse result of one command's words.
pub fn render_words(words: &[String]) -> String {
    let is_docker = words
        .iter()
        .find(|w| w.as_str() != "sudo")
        .is_some_and(|w| w == "docker" || w == "docker-compose");
    let result = if is_docker {
        parse_docker(words).map(|c| pruned_debug(&c))
    } else {
        parse_tool(words).map(|c| pruned_debug(&c))
    };
    match result {
        Ok(text) => format!("{text}\n"),
        Err(e) => format!(
            "error at word {} ({:?}): {}\n",
            e.word,
            words.get(e.word).map_or("<end>", String::as_str),
            e
        ),
    }
}

/// Renders many scripts, one block each.
pub fn render_all(scripts: &[&str]) -> String {
    scripts
        .iter()
        .map(|s| render(s))
        .collect::<Vec<_>>()
        .join("")
}

/// Only the one-line outcome: kind or error message.
pub fn outcome(words: &[String]) -> String {
    let is_docker = words
        .iter()
        .find(|w| w.as_str() != "sudo")
        .is_some_and(|w| w == "docker" || w == "docker-compose");
    if is_docker {
        match parse_docker(words) {
            Ok(c) => c.kind(),
            Err(e) => format!("error: {}", e.to_string().replace('\n', " ")),
        }
    } else {
        match parse_tool(words) {
            Ok(c) => format!("tool {}", c.kind()),
            Err(e) => format!("tool error: {e}"),
        }
    }
}

/// The code block of seeds/000_e510aceb0463e5ea.txt, verbatim.
pub const SEED_000: &str = "> docker network create example-network

> docker run -d --name db-container \\
--network example-network \\
-p 3306:3306 \\
-e MYSQL_ROOT_PASSWORD=1234567890 \\
-e MYSQL_DATABASE=test \\
-e MYSQL_USER=tester \\
-e MYSQL_PASSWORD=1234567890 \\
--restart unless-stopped \\
mysql:8

> docker run -d --name wordpress-container \\
--network example-network \\
-p 8080:80 \\
--link db-container:mysql \\
-e WORDPRESS_DB_HOST=db:3306 \\
-e WORDPRESS_DB_USER=tester \\
-e WORDPRESS_DB_PASSWORD=1234567890 \\
-e WORDPRESS_DB_NAME=test \\
--restart unless-stopped \\
wordpress:latest
";

/// The shell blocks of seeds/004_1a504e686071bce5.txt, verbatim, plus the
/// `docker logs <container-id>` its prose mentions.
pub const SEED_004: &str = "$ docker network create todo-app
$ docker run -d \\
    --network todo-app --network-alias mysql \\
    -v todo-mysql-data:/var/lib/mysql \\
    -e MYSQL_ROOT_PASSWORD=secret \\
    -e MYSQL_DATABASE=todos \\
    mysql:5.7
$ docker exec -it <mysql-container-id> mysql -p
$ docker run -it --network todo-app nicolaka/netshoot
$ dig mysql
$ docker run -dp 3000:3000 \\
  -w /app -v \"$(pwd):/app\" \\
  --network todo-app \\
  -e MYSQL_HOST=mysql \\
  -e MYSQL_USER=root \\
  -e MYSQL_PASSWORD=secret \\
  -e MYSQL_DB=todos \\
  node:12-alpine \\
  sh -c \"yarn install && yarn run dev\"
docker logs <container-id>
$ docker exec -it <mysql-container-id> mysql -p todos
$ docker network ls
";
