//! `quarry add` and `quarry feeds poll` end to end: the real binary against a local news site
//! (tests/support/site.rs) on 127.0.0.1.

#![recursion_limit = "256"]

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::site;

fn workspace(site: &site::Site, feeds: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in std::fs::read_dir(&repo).expect("repo corpus") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            dir.path().join("corpus").join(entry.file_name()),
        )
        .expect("copy article");
    }
    let mut config = String::from(
        "data_dir = \"data\"\n[corpus]\ndir = \"corpus\"\n[ingest]\nallow_private_addresses = true\ntimeout_secs = 1\nmax_page_bytes = 200000\n",
    );
    for path in feeds {
        config.push_str(&format!("[[feeds]]\nurl = \"{}\"\n", site.url(path)));
    }
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    dir
}

async fn quarry(dir: &Path, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_quarry"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .output()
        .await
        .expect("quarry runs")
}

fn corpus_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.join("corpus")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.display().to_string());
            }
        }
    }
    files.sort();
    files
}

#[tokio::test]
async fn add_prints_the_article_and_answers_come_from_it() {
    let site = site::start().await;
    let dir = workspace(&site, &[]);
    let url = site.url("/news/playstation-chip");
    let out = quarry(dir.path(), &["add", &url, "--json"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(added["title"], "PlayStation 3 chip to be unveiled");
    assert_eq!(added["source"], "The Daily Gazette");
    assert_eq!(added["published"], "2005-01-31");
    assert_eq!(added["url"], url.as_str());
    assert_eq!(added["duplicate_of"], Value::Null);
    let id = added["id"].as_str().expect("id");

    let out = quarry(
        dir.path(),
        &[
            "ask",
            "--json",
            "When will IBM start producing the Cell chip?",
        ],
    )
    .await;
    let answer: Value = serde_json::from_slice(&out.stdout).expect("answer");
    assert_eq!(answer["answered"], true, "{answer}");
    assert_eq!(answer["citations"][0]["doc"], id, "{answer}");
    for furniture in [
        "Nintendo unveils handheld",
        "morning briefing",
        "Manage cookies",
    ] {
        let out = quarry(dir.path(), &["search", furniture, "--json"]).await;
        let hits = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(!hits.contains(furniture), "{furniture}: {hits}");
    }

    // The syndicated copy: no second article, the first records the wire.
    let wire = site.url("/wire/playstation-chip");
    let out = quarry(dir.path(), &["add", &wire]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with(&format!("duplicate of {id}")), "{line}");
    let out = quarry(
        dir.path(),
        &["ask", "When will IBM start producing the Cell chip?"],
    )
    .await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("also reported by Wire Service Daily"),
        "{text}"
    );
    let out = quarry(dir.path(), &["digest", "--all"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("also in 1 source"), "{text}");
}

#[tokio::test]
async fn a_bad_link_is_one_line_a_failure_code_and_nothing_written() {
    let site = site::start().await;
    let dir = workspace(&site, &[]);
    quarry(dir.path(), &["index"]).await;
    let before = corpus_files(dir.path());
    for path in ["/gone", "/picture.png", "/fake.pdf", "/consent"] {
        let out = quarry(dir.path(), &["add", &site.url(path)]).await;
        assert!(!out.status.success(), "{path}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{path}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(out.stdout.is_empty());
    }
    assert_eq!(corpus_files(dir.path()), before);
}

#[tokio::test]
async fn feeds_poll_adds_two_stories_once() {
    let site = site::start().await;
    let dir = workspace(&site, &["/rss.xml"]);
    let out = quarry(dir.path(), &["feeds", "poll"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("2 added, 0 already known, 1 duplicate, 0 filtered, 0 failed"),
        "{text}"
    );
    let files = corpus_files(dir.path());
    let out = quarry(dir.path(), &["feeds", "poll", "--json"]).await;
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["added"], Value::Array(Vec::new()), "{report}");
    assert_eq!(report["known"], 3, "{report}");
    assert_eq!(corpus_files(dir.path()), files);
}
