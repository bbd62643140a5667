//! `quarry commitments`: the ledger as people read it — the commitments that matter first, cited
//! by source and date — and an actor the articles name who has committed to nothing yet.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn quarry(corpus: &Path, data: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--corpus")
        .arg(corpus)
        .arg("--data")
        .arg(data)
        .args(args)
        .current_dir(data)
        .output()
        .expect("quarry runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn repo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The entries of `commitments --json`, in order: (id, distinct articles, has an amount, stage).
fn entries(lines: &[Value]) -> Vec<(String, usize, bool, String)> {
    let mut entries: Vec<(String, Vec<String>, bool, String)> = Vec::new();
    for line in lines {
        let id = line["entry"].as_str().unwrap_or_default().to_string();
        let doc = line["doc"].as_str().unwrap_or_default().to_string();
        let money = !line["amount"].as_str().unwrap_or_default().is_empty();
        match entries.last_mut() {
            Some(last) if last.0 == id => {
                if !last.1.contains(&doc) {
                    last.1.push(doc);
                }
                last.2 |= money;
            }
            _ => entries.push((id, vec![doc], money, line["status"].to_string())),
        }
    }
    entries
        .into_iter()
        .map(|(id, docs, money, stage)| (id, docs.len(), money, stage))
        .collect()
}

#[test]
fn the_ledger_lists_the_commitments_that_matter_first() {
    let data = tempfile::tempdir().expect("data");
    let json: Vec<Value> = quarry(&repo_corpus(), data.path(), &["commitments", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    for line in &json {
        for key in [
            "entry", "doc", "actor", "action", "amount", "date", "status", "quote",
        ] {
            assert!(line.get(key).is_some(), "the contract keeps {key}: {line}");
        }
    }
    let listed = entries(&json);
    let firmness = |stage: &str| {
        ["\"hedged\"", "\"intent\"", "\"firm\""]
            .iter()
            .position(|s| *s == stage)
    };
    let keys: Vec<_> = listed
        .iter()
        .map(|(_, sources, money, stage)| (*sources, *money, firmness(stage)))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(keys, sorted, "more sources, then money, then firmer first");
    let text = quarry(&repo_corpus(), data.path(), &["commitments"]);
    // The first page of /commitments (six entries) shows Project Vault in its sources.
    let cited: Vec<String> = text
        .lines()
        .take(6)
        .flat_map(|l| l.split('[').skip(1).filter_map(|n| n.split_once(']')))
        .map(|(n, _)| format!("\n[{n}] "))
        .collect();
    let sources = text.split_once("\nSources").map_or("", |(_, s)| s);
    assert!(
        cited.iter().any(|n| sources
            .split_once(n.as_str())
            .and_then(|(_, rest)| rest.split("\n[").next())
            .is_some_and(|block| block.contains("Project Vault"))),
        "{text}"
    );
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains(" \u{2014} ") && first.contains("[1]"),
        "{text}"
    );
    // Sources name the outlet and date, or the file only when the article names no source.
    assert!(
        text.contains("\nSources\n[1] "),
        "numbered sources below the lines: {text}"
    );
    assert!(
        text.contains(" \u{2014} Qazinform News Agency") || text.contains(" \u{2014} The Diplomat"),
        "{text}"
    );
    // Evidence that refers back ("The initiative …") is quoted after the sentence it refers to.
    assert!(
        text.contains("known as Project Vault. The initiative is expected to be financed"),
        "{text}"
    );
}

#[test]
fn an_actor_the_articles_name_without_commitments_is_told_where_it_is_mentioned() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(
        corpus.path().join("steppe.md"),
        "+++\ntitle = \"Steppe minerals\"\nsource = \"Wire\"\npublished = 2026-02-05\n+++\n\
         Japan pledged $500 million for a lithium mine. Officials from Kazakhstan attended the talks.\n",
    )
    .expect("write");
    std::fs::write(
        corpus.path().join("astana.md"),
        "Astana talks\nDiplomats met in Astana on Tuesday.\n",
    )
    .expect("write");
    let text = quarry(
        corpus.path(),
        data.path(),
        &["commitments", "--actor", "kazakhstan"],
    );
    assert_eq!(
        text,
        "No commitments by Kazakhstan recorded yet \u{2014} mentioned in 2 articles:\n  \
         Astana talks \u{2014} astana\n  Steppe minerals \u{2014} Wire, 2026-02-05\n"
    );
    let text = quarry(
        corpus.path(),
        data.path(),
        &["commitments", "--actor", "Atlantis"],
    );
    assert_eq!(text, "No commitments match.\n");
    assert!(quarry(
        corpus.path(),
        data.path(),
        &["commitments", "--actor", "kazakhstan", "--json"]
    )
    .is_empty());
}
