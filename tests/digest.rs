//! `quarry digest`: what the daily digest would post, as text and JSON, where its window starts,
//! the questions it lists from the feedback log, and its agreement with the ledger.

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
    url = \"https://example.com/reserve\"\n+++\nReserve deal signed\nBy Jane Smith, Wire Staff\n\
    SYDNEY (Wire) - Australia and Japan signed a critical minerals reserve deal worth $1.2 billion.\n\
    The critical minerals reserve will buy rare earth output from Australian mines.\n";

const LEDE: &str =
    "Australia and Japan signed a critical minerals reserve deal worth $1.2 billion.";

#[test]
fn all_lists_every_article_with_its_lede_under_a_headline_without_1970() {
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
    let headline = json["headline"].as_str().expect("headline");
    assert!(headline.starts_with("All 1 article, "), "{headline}");
    assert!(!headline.contains("1970"), "{headline}");
    assert!(json["since"].is_null(), "{json}");
    let article = &json["articles"][0];
    assert_eq!(article["id"], "reserve");
    assert_eq!(article["source"], "Wire");
    assert_eq!(article["published"], "2026-11-20");
    assert_eq!(article["url"], "https://example.com/reserve");
    assert_eq!(
        article["summary"], LEDE,
        "the lede, past headline, byline and dateline"
    );
    assert_eq!(article["also_sources"], 0);
}

#[test]
fn default_window_starts_at_the_last_recorded_digest() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(corpus.path().join("reserve.md"), ARTICLE).expect("write");
    // No digest recorded yet: the last 24 hours, which hold the article indexed just now.
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    let headline = text.lines().next().unwrap_or_default();
    assert!(headline.starts_with("Since "), "{text}");
    assert!(
        headline.contains(": 1 new article from 1 source, "),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "\n\u{2022} Reserve deal signed \u{2014} {LEDE} (Wire, 2026-11-20) https://example.com/reserve\n"
        )),
        "one line per story: {text}"
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
    assert!(text.starts_with("Since "), "{text}");
    assert!(text.contains(": 1 new article"), "{text}");
    assert!(
        text.contains(
            "\u{2022} Later news \u{2014} Japan confirmed the reserve deal will start in 2027."
        ),
        "{text}"
    );
    assert!(!text.contains("Reserve deal signed"), "{text}");
}

fn feedback_line(minutes_ago: i64, question: &str, answered: bool) -> String {
    let time = (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339();
    serde_json::json!({
        "time": time, "user": "1", "question": question,
        "answer_id": format!("a{minutes_ago}"), "answered": answered,
    })
    .to_string()
}

#[test]
fn questions_the_articles_could_not_answer_come_from_the_feedback_log() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(corpus.path().join("reserve.md"), ARTICLE).expect("write");
    let log = [
        feedback_line(60 * 30, "Asked long before the window?", false),
        feedback_line(50, "Who funds the reserve?", false),
        feedback_line(40, "What is the reserve worth?", true),
        feedback_line(30, "who funds the  reserve", false),
        feedback_line(20, "When does it start?", false),
    ];
    std::fs::write(data.path().join("feedback.jsonl"), log.join("\n") + "\n").expect("log");
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    assert!(
        text.ends_with(
            "\nWhat the articles could not answer\n\u{2022} Who funds the reserve?\n\u{2022} When does it start?\n"
        ),
        "{text}"
    );
    // Optional: `digest.include_unanswered = false` leaves them out.
    std::fs::write(
        data.path().join("config.toml"),
        "[digest]\ninclude_unanswered = false\n",
    )
    .expect("config");
    let text = stdout(&quarry(corpus.path(), data.path(), &["digest"]));
    assert!(!text.contains("could not answer"), "{text}");
}

#[test]
fn the_digest_lists_ledger_entries_with_the_ids_commitments_gives() {
    let data = tempfile::tempdir().expect("data");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let digest: serde_json::Value = serde_json::from_str(&stdout(&quarry(
        &corpus,
        data.path(),
        &["digest", "--all", "--json"],
    )))
    .expect("JSON");
    let ledger: Vec<String> = stdout(&quarry(&corpus, data.path(), &["commitments", "--json"]))
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|l| l["entry"].as_str().map(str::to_string))
        .collect();
    let mut distinct = ledger.clone();
    distinct.dedup();
    let covered: Vec<String> = digest["covered_entries"]
        .as_array()
        .expect("covered entries")
        .iter()
        .filter_map(|e| e.as_str().map(str::to_string))
        .collect();
    assert_eq!(covered, distinct, "every entry, in the ledger's order");
    let lines = digest["commitments"].as_array().expect("lines");
    let shown: Vec<&str> = lines.iter().filter_map(|l| l["entry"].as_str()).collect();
    assert!(!shown.is_empty());
    assert!(shown.iter().all(|id| distinct.iter().any(|d| d == id)));
    // The first screen: the commitments that matter, many actors, money among them.
    let first: Vec<&serde_json::Value> = lines.iter().take(5).collect();
    let actors: std::collections::BTreeSet<&str> =
        first.iter().filter_map(|l| l["actor"].as_str()).collect();
    assert!(actors.len() >= 4, "{actors:?}");
    assert!(
        first.iter().any(|l| {
            !l["amounts"].as_array().is_none_or(|a| a.is_empty())
                || l["action"].as_str().is_some_and(|a| a.contains('$'))
        }),
        "{first:?}"
    );
    let headline = digest["headline"].as_str().unwrap_or_default();
    assert!(headline.starts_with("All 5 articles, "), "{headline}");
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
