//! Every crash the fuzzers found, as the input that found it (and a
//! minimal one) with the output it must give now. The fix sits beside a
//! unit test in the crate it was in; here the input goes through the same
//! path the fuzz target took.

use composenet_fuzz::targets::inspect_value;
use composenet_loader::MemorySource;
use composenet_play::{play, template, PlayOptions};

/// The one helper: runs `input` as the fuzz target `target` does and holds
/// what it printed to `want`.
fn check(target: &str, input: &str, want: &str) {
    let got = match target {
        // The template over a container's inspect JSON: its output, or
        // `error: MESSAGE`.
        "template" => match template::render_template(input, inspect_value()) {
            Ok(out) => out,
            Err(e) => format!("error: {e}"),
        },
        // A script: the transcript a terminal shows.
        "session" => play(input, PlayOptions::default(), &MemorySource::new()).transcript(false),
        other => panic!("no target {other}"),
    };
    assert_eq!(got, want, "{target} input {input:?}");
}

/// `{{index}}` without arguments indexed past the action's words
/// (`range start index 2 out of range for slice of length 1` in
/// `play::template`). Go refuses the call by its arity.
#[test]
fn index_without_arguments() {
    let message = "template: wrong number of args for index: want at least 1 got 0";
    check(
        "template",
        ":{{\"\r\n\u{feff}%Sett{{len it<$k\"k, $v := {{with }}\n\u{feff}%Settit<{{index }}",
        &format!("error: {message}"),
    );
    check("template", "{{index}}", &format!("error: {message}"));
    check("template", "{{index .Name}}", "/web");
    check(
        "session",
        "docker run -d --name web nginx\ndocker inspect -f '{{index}}' web\n",
        &format!(
            "$ docker run -d --name web nginx\n\
             eaeec3c681aaa1d234c79c4d130feef92699ed47d005ac77fa9afdb45a9dd58d\n\
             $ docker inspect -f '{{{{index}}}}' web\n\
             {message}\n[exit 1]\n"
        ),
    );
}

/// Ranges nested over each other multiply: thirty `{{range $.X}}` over a
/// container's two networks were 2^30 passes, a hang from 1 KB of text.
/// The fuzzer's oracle on output size pointed at it (a template of
/// repeated `{{.}}`, which is linear and fine); the renderer now stops
/// after 10 000 steps or 8 MiB of output.
#[test]
fn nested_ranges_are_bounded() {
    let nested = |n: usize| {
        format!(
            "{}x{}",
            "{{range $.NetworkSettings.Networks}}".repeat(n),
            "{{end}}".repeat(n)
        )
    };
    check(
        "template",
        &nested(30),
        "error: template: more than 10000 steps to execute (nested ranges multiply)",
    );
    check("template", &nested(2), "xxxx");
    check(
        "template",
        &"{{json .}}".repeat(10_000),
        "error: template: the output is larger than 8 MiB",
    );
    check(
        "session",
        &format!(
            "docker network create a\ndocker run -d --name web --network a nginx\n\
             docker network connect bridge web\ndocker inspect -f '{}' web\n",
            nested(30)
        ),
        &format!(
            "$ docker network create a\n\
             eaeec3c681aaa1d234c79c4d130feef92699ed47d005ac77fa9afdb45a9dd58d\n\
             $ docker run -d --name web --network a nginx\n\
             77957bb41653580deae018fdec54b2e9c9b726ae769d260ec3bcd76e43750fb7\n\
             $ docker network connect bridge web\n\
             $ docker inspect -f '{}' web\n\
             template: more than 10000 steps to execute (nested ranges multiply)\n[exit 1]\n",
            nested(30)
        ),
    );
}

/// A container created for a network that does not exist keeps an
/// attachment naming no network; asking whether its ports are ignored
/// (the warnings do, after every command) looked that network up
/// (`no entry found for key` in `Host::ports_ignored`). A missing network
/// counts as not internal.
#[test]
fn ports_of_a_container_on_a_missing_network() {
    check(
        "session",
        "docker run -d -p 3000:3000 --network nope node:12-alpine\n",
        "$ docker run -d -p 3000:3000 --network nope node:12-alpine\n\
         docker: Error response from daemon: network nope not found.\n[exit 125]\n",
    );
}
