//! The script lexer: shell quoting, continuations, comments, expansion,
//! prompts and the constructs it refuses.

#[path = "cli_support.rs"]
mod support;

use composenet_loader::cli::split_script;
use proptest::prelude::*;

/// Lexes each script and renders its commands (position, `&&`, words) and
/// diagnostics, one block per script.
fn check(name: &str, scripts: &[&str]) {
    let mut out = String::new();
    for script in scripts {
        out.push_str(&format!("==> {script:?}\n"));
        let (lines, diags) = support::lex(script);
        for d in diags {
            out.push_str(&format!("{d}\n"));
        }
        for l in lines {
            out.push_str(&format!(
                "{}:{}{} {:?} {:?}\n",
                l.line,
                l.column,
                if l.and_then { " &&" } else { "" },
                l.text,
                l.words
            ));
        }
    }
    insta::assert_snapshot!(name, out);
}

#[test]
fn quoting_and_escapes() {
    check(
        "quoting_and_escapes",
        &[
            "echo 'single $HOME' \"double $HOME\" bare\\ space",
            "echo \"a\\\"b\" 'it'\\''s' \"\\$x \\\\ \\n\"",
            "echo \"\" '' x\"\"y",
            "docker network connect --driver-opt=\\\"a=1,b=2\\\" net c",
            "echo “typographic” quotes",
            "echo a\\",
        ],
    );
}

#[test]
fn continuations_comments_and_prompts() {
    check(
        "continuations_comments_and_prompts",
        &[
            "docker run -d \\\n    --network todo-app --network-alias mysql \\\n    mysql:8.0\n",
            "docker run -d \\\r\n  --name x \\\r\n  nginx\r\n",
            "docker run --network todo-app\\\n  -e A=1 img",
            "# a whole-line comment\ndocker ps # trailing comment\necho a#b",
            "$ docker network create todo-app\n> docker run -d --name db \\\n--network todo-app \\\nmysql:8",
            "$ docker run -d \\\n> --name web \\\n> nginx",
            "   \n\n  $\n>\n  ls",
            "echo '# not a comment' \"#\" x # comment 'with quote",
        ],
    );
}

#[test]
fn expansion() {
    check(
        "expansion",
        &[
            "docker run -v \"$(pwd):/app\" -v $(pwd)/data:/data -w `pwd` img",
            "echo $HOME ${HOME}/x \"$NET\" $UNSET end",
            "echo ${UNSET:-fallback} ${EMPTY:-e} ${EMPTY-e} ${NET:+set} ${#NET}",
            "echo $EMPTY \"$EMPTY\" a$EMPTY",
            "echo $SPACED \"$SPACED\" x${SPACED}y",
            "echo $? $$ $ '$HOME' cost:5$",
            "echo $(date) `hostname` $((1+2))",
            "echo ${bad name}",
        ],
    );
}

#[test]
fn lists_pipes_and_redirections() {
    check(
        "lists_pipes_and_redirections",
        &[
            "docker network create n && docker run --network n img; docker ps",
            "a &&\nb",
            "docker network inspect mynet -f '{{json .IPAM.Config}}' | jq . && echo done",
            "sudo netstat -tulpn | grep :80",
            "echo \"hello from host!\" > ./hello",
            "cmd 2>&1 >>log </dev/null &>all",
            "docker exec -it <mysql-container-id> mysql -p",
            "a || b",
            "sleep 5 &",
            "echo 'a && b ; c | d'",
        ],
    );
}

#[test]
fn syntax_errors() {
    check(
        "syntax_errors",
        &[
            "docker run 'unterminated\nsecond line",
            "echo ok\necho \"no end",
            "&& ls",
            "ls &&",
            "| grep x",
            "echo $(unterminated",
            "echo ${HOME",
            "ls > ",
        ],
    );
}

#[test]
fn positions_point_at_words() {
    let (lines, diags) = split_script("  docker run \\\n    --name web   nginx\nx", &support::vars);
    assert!(diags.is_empty());
    assert_eq!((lines[0].line, lines[0].column), (1, 3));
    assert_eq!(
        lines[0].positions,
        vec![(1, 3), (1, 10), (2, 5), (2, 12), (2, 18)]
    );
    assert_eq!((lines[1].line, lines[1].column), (3, 1));
}

/// The two tutorial seeds, with their prompts, lex into the expected number
/// of commands without diagnostics.
#[test]
fn seed_blocks_lex_cleanly() {
    for (text, commands) in [(support::SEED_000, 3), (support::SEED_004, 9)] {
        let (lines, diags) = support::lex(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(lines.len(), commands, "{lines:#?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Arbitrary text never panics, and every command has words.
    #[test]
    fn never_panics(text in any::<String>()) {
        let (lines, _) = split_script(&text, &support::vars);
        for l in lines {
            prop_assert!(!l.words.is_empty());
            prop_assert_eq!(l.words.len(), l.positions.len());
        }
    }

    /// Text made of the characters the lexer cares about never panics.
    #[test]
    fn never_panics_on_shell_syntax(text in "[ a$(){}`'\"\\\\\n\r\t#;&|<>:=+?-]{0,60}") {
        let (lines, _) = split_script(&text, &support::vars);
        for l in lines {
            prop_assert_eq!(l.words.len(), l.positions.len());
            let _ = composenet_loader::cli::parse_docker(&l.words);
            let _ = composenet_loader::cli::parse_tool(&l.words);
        }
    }

    /// The parsers never panic on arbitrary words after `docker`.
    #[test]
    fn parsers_never_panic(words in proptest::collection::vec("[-a-z0-9=:/.,\"\\[\\]]{0,12}", 0..8)) {
        let mut line = vec!["docker".to_string()];
        line.extend(words.iter().cloned());
        let _ = composenet_loader::cli::parse_docker(&line);
        for prefix in [["docker", "run"], ["docker", "network"], ["docker", "compose"], ["docker", "container"]] {
            let mut line: Vec<String> = prefix.iter().map(|s| s.to_string()).collect();
            line.extend(words.iter().cloned());
            let _ = composenet_loader::cli::parse_docker(&line);
        }
        let _ = composenet_loader::cli::parse_tool(&words);
        for tool in ["ping", "dig", "nslookup", "ip", "curl", "wget", "nc", "sleep", "exit"] {
            let mut line = vec![tool.to_string()];
            line.extend(words.iter().cloned());
            let _ = composenet_loader::cli::parse_tool(&line);
        }
    }
}
