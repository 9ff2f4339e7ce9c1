//! Every docker CLI transcript of the shared corpus lexes without error
//! diagnostics, and every command in it either parses or fails with a clear
//! error. The listing of outcomes is snapshotted so regressions show.

#[path = "../../../tests/corpus/locate.rs"]
mod locate;
#[path = "cli_support.rs"]
mod support;

use std::path::PathBuf;

use composenet_loader::cli::{parse_docker, parse_tool, DockerCommand};

/// For `run` and `exec`, the tool the container command would start.
fn inner_tool(cmd: &DockerCommand) -> Option<String> {
    let words = match cmd {
        DockerCommand::Run(r) | DockerCommand::Create(r) => &r.command,
        DockerCommand::Exec(e) => &e.command,
        _ => return None,
    };
    if words.is_empty() {
        return None;
    }
    Some(match parse_tool(words) {
        Ok(t) => t.kind().to_string(),
        Err(e) => format!("error: {e}"),
    })
}

#[test]
fn docker_cli_corpus() {
    let Some(corpus) = locate::corpus_or_skip() else {
        return;
    };
    let dir = corpus.join("docker-cli");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 20, "the corpus has 20 docker-cli transcripts");

    let mut listing = String::new();
    let mut docker_lines = 0;
    for path in &files {
        let name = path.file_name().expect("file name").to_string_lossy();
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let (lines, diags) = support::lex(&text);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        for d in &diags {
            listing.push_str(&format!(
                "{name}:{}:{}: warning: {}\n",
                d.line, d.column, d.message
            ));
        }
        for line in &lines {
            let outcome = if line.words[0] == "docker" || line.words[0] == "docker-compose" {
                docker_lines += 1;
                match parse_docker(&line.words) {
                    Ok(cmd) => match inner_tool(&cmd) {
                        Some(tool) => format!("{} -> {tool}", cmd.kind()),
                        None => cmd.kind(),
                    },
                    Err(e) => format!(
                        "error at {:?}: {}",
                        line.words.get(e.word).map_or("<end>", String::as_str),
                        e.to_string().replace('\n', " ")
                    ),
                }
            } else {
                support::outcome(&line.words)
            };
            listing.push_str(&format!("{name}:{}: {outcome}\n", line.line));
        }
    }
    assert!(docker_lines > 150, "only {docker_lines} docker lines found");
    insta::assert_snapshot!("docker_cli_corpus", listing);
}
