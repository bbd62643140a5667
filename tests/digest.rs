//! `quarry digest`: what the daily digest would post, as text and JSON, and where its window starts.

use std::path::Path;
use std::process::{Command, Output};

fn quarry(corpus: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--corpus")
        .arg(corpus)
        .arg("--data")
        .arg(data)
        .args(args)
        .current_dir(data)
        .output()
        .expect("quarry runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const ARTICLE: &str = "+++\ntitle = \"Reserve deal signed\"\nsource = \"Wire\"\npublished = 2026-11-20\n\
    url = \"https://example.com/reserve\"\n+++\nMarkets opened calmly across most of the region today.\n\
    Australia and Japan signed a critical minerals reserve deal worth $1.2 billion.\n\
    The critical minerals reserve will buy rare earth output from Australian mines.\n";

#[test]
fn all_lists_every_article_with_a_verbatim_central_sentence() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(corpus.path().join("reserve.md"), ARTICLE).expect("write");
    let json: serde_json::Value = serde_json::from_str(&stdout(&quarry(
        corpus.path(),
        data.path(),
        &["digest", "--all", "--json"],
    )))
    .expect("JSON");
    assert_eq!(json["new_articles"], 1);
    // Australia and Japan each signed the deal: two commitments from the one article.
    assert_eq!(
        json["headline"],
        "1 new article, 2 new commitments since 1 Jan 1970"
    );
    let article = &json["articles"][0];
    assert_eq!(article["id"], "reserve");
    assert_eq!(article["source"], "Wire");
    assert_eq!(article["published"], "2026-11-20");
    assert_eq!(article["url"], "https://example.com/reserve");
    let summary = article["summary"].as_str().expect("summary");
    assert!(ARTICLE.contains(summary), "verbatim: {summary}");
    assert!(
        summary.contains("critical minerals reserve"),
        "central, not the first line: {summary}"
    );
}

#[test]
fn default_window_starts_at_the_last_recorded_digest() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(corpus.path().join("reserve.md"), ARTICLE).expect("write");
    // No digest recorded yet: the last 24 hours, which hold the article indexed just now.
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    assert!(
        text.starts_with("1 new article, 2 new commitments since "),
        "{text}"
    );
    assert!(
        text.contains("• Reserve deal signed — Wire, 2026-11-20"),
        "{text}"
    );
    // A digest was posted just now: nothing is new until another article arrives.
    let now = chrono::Utc::now().to_rfc3339();
    let state =
        format!(r#"{{"channels":{{"200":{{"covered_until":"{now}","posted_at":"{now}"}}}}}}"#);
    std::fs::write(data.path().join("digest-state.json"), state).expect("write state");
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    assert!(text.starts_with("Nothing new since "), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    std::fs::write(
        corpus.path().join("later.md"),
        "Later news\nJapan confirmed the reserve deal will start in 2027.",
    )
    .expect("write");
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    assert!(text.starts_with("1 new article since "), "{text}");
    assert!(text.contains("• Later news"), "{text}");
    assert!(!text.contains("Reserve deal signed"), "{text}");
}

#[test]
fn a_bad_since_is_explained() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    let output = quarry(
        corpus.path(),
        data.path(),
        &["digest", "--since", "yesterday"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RFC 3339"), "{stderr}");
}
