//! The page's own strings (`www/ui/<lang>.txt`): both languages have every
//! key with the same placeholders, and every key the code asks for exists.

use std::collections::BTreeSet;

use composenet_play::explain::Catalogue;
use composenet_www::words::{Lang, UI_ENGLISH, UI_KOREAN};

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn both_languages_have_every_string_with_the_same_placeholders() {
    let (en, problems_en) = Catalogue::parse(UI_ENGLISH);
    let (ko, problems_ko) = Catalogue::parse(UI_KOREAN);
    assert!(
        problems_en.is_empty() && problems_ko.is_empty(),
        "{problems_en:?} {problems_ko:?}"
    );
    let mut problems = Vec::new();
    for key in en.keys() {
        match ko.get(key) {
            None => problems.push(format!("ko.txt has no {key}")),
            Some(text) if text.trim().is_empty() => {
                problems.push(format!("ko.txt: {key} is empty"))
            }
            Some(text) if placeholders(text) != placeholders(en.get(key).unwrap()) => {
                problems.push(format!("{key}: the placeholders differ"))
            }
            Some(_) => {}
        }
    }
    for key in ko.keys() {
        if en.get(key).is_none() {
            problems.push(format!("en.txt has no {key}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `t("…")` and `tf("…"` in the page's code names a string of the
/// catalogue, so no view falls back to showing a key.
#[test]
fn every_string_the_code_asks_for_exists() {
    let (en, _) = Catalogue::parse(UI_ENGLISH);
    // The page's code and the drawing it shares with the command line.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources: Vec<std::path::PathBuf> = [root.join("src"), root.join("../crates/draw/src")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    let mut asked = BTreeSet::new();
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        for call in ["t(\"", "tf(\""] {
            for (i, _) in text.match_indices(call) {
                // Only the function itself, not e.g. `format!("` or `get("`.
                let before = text[..i].chars().last().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue;
                }
                let rest = &text[i + call.len()..];
                if let Some((key, _)) = rest.split_once('"') {
                    asked.insert((
                        path.file_name().unwrap().to_string_lossy().into_owned(),
                        key.to_string(),
                    ));
                }
            }
        }
    }
    assert!(asked.len() > 50, "only {} strings found", asked.len());
    let missing: Vec<String> = asked
        .iter()
        .filter(|(_, key)| en.get(key).is_none())
        .map(|(file, key)| format!("{file}: {key}"))
        .collect();
    assert!(
        missing.is_empty(),
        "strings not in www/ui/en.txt:\n{}",
        missing.join("\n")
    );
    // And the other way: a string whose key appears nowhere in the code
    // (as a literal, since some are passed through a helper) is dead text
    // to translate.
    let code: String = sources
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let unused: Vec<&str> = en
        .keys()
        .filter(|k| !code.contains(&format!("\"{k}\"")))
        .collect();
    assert!(
        unused.is_empty(),
        "strings in www/ui/en.txt no code asks for: {unused:?}"
    );
}

#[test]
fn the_browser_language_picks_korean_or_english() {
    assert_eq!(Lang::from_browser("ko-KR"), Lang::Ko);
    assert_eq!(Lang::from_browser("ko"), Lang::Ko);
    assert_eq!(Lang::from_browser("en-US"), Lang::En);
    assert_eq!(Lang::from_browser("fr"), Lang::En);
}
