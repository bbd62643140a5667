//! Ingestion against a local news site on 127.0.0.1 (tests/support/site.rs): articles in,
//! boilerplate out, syndicated copies folded into one story, bad links changing nothing, feeds.

#[path = "../../../tests/support/site.rs"]
mod site;

use std::path::PathBuf;
use std::sync::Arc;

use quarry_engine::config::{Config, FeedConfig};
use quarry_engine::corpus;
use quarry_engine::engine::Engine;
use quarry_ingest::{IngestError, Ingestor, Input};

struct Setup {
    dir: tempfile::TempDir,
    engine: Arc<Engine>,
    ingest: Ingestor,
}

impl Setup {
    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    /// Every file under the corpus, with its text.
    fn files(&self) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        let mut stack = vec![self.corpus()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    files.push((path, text));
                }
            }
        }
        files.sort();
        files
    }

    fn article(&self, id: &str) -> corpus::Article {
        let path = self.corpus().join(format!("{id}.md"));
        corpus::read(
            &corpus::Entry {
                id: id.into(),
                path,
            },
            10_000_000,
        )
        .expect("article reads")
    }
}

fn setup(feeds: Vec<FeedConfig>, allow_private: bool) -> Setup {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus");
    let mut config = Config {
        data_dir: dir.path().join("data"),
        feeds,
        ..Config::default()
    };
    config.corpus.dir = dir.path().join("corpus");
    config.ingest.allow_private_addresses = allow_private;
    config.ingest.timeout_secs = 1;
    config.ingest.max_page_bytes = 200_000;
    let engine = Arc::new(Engine::open(config).expect("engine opens"));
    engine.sync().expect("sync");
    let ingest = Ingestor::new(Arc::clone(&engine)).expect("ingestor");
    Setup {
        dir,
        engine,
        ingest,
    }
}

fn feed(url: String) -> FeedConfig {
    FeedConfig {
        url,
        name: None,
        include: Vec::new(),
        exclude: Vec::new(),
    }
}

const BOILERPLATE: [&str; 14] = [
    "cookies",
    "Manage cookies",
    "Weather forecast",
    "Share on Facebook",
    "Copy link",
    "Advertisement",
    "fibre package",
    "Related stories",
    "Nintendo unveils handheld",
    "morning briefing",
    "Transfer window rumours",
    "All rights reserved",
    "Terms of use",
    "Skip to main content",
];

#[tokio::test]
async fn a_page_goes_in_with_its_metadata_and_none_of_its_boilerplate() {
    let site = site::start().await;
    let s = setup(Vec::new(), true);
    let url = site.url("/news/playstation-chip");
    let added = s.ingest.add(Input::Link(url.clone())).await.expect("added");
    assert_eq!(added.title, "PlayStation 3 chip to be unveiled");
    assert_eq!(added.source.as_deref(), Some("The Daily Gazette"));
    assert_eq!(
        added.published.map(|d| d.to_string()).as_deref(),
        Some("2005-01-31")
    );
    assert_eq!(added.url.as_deref(), Some(url.as_str()));
    assert_eq!(added.duplicate_of, None);
    assert_eq!(
        added.id,
        "127.0.0.1/2005-01-31-playstation-3-chip-to-be-unveiled"
    );

    let article = s.article(&added.id);
    assert_eq!(article.meta.tags, ["technology", "games"]);
    let expected = String::from_utf8(site::fixture("article-playstation-chip.txt")).expect("utf-8");
    for paragraph in expected.split("\n\n").skip(1) {
        assert!(
            article.body.contains(paragraph.trim()),
            "missing paragraph {paragraph:?} in {}",
            article.body
        );
    }
    for furniture in BOILERPLATE {
        assert!(
            !article.body.contains(furniture),
            "{furniture:?} reached the article:\n{}",
            article.body
        );
        let hits = s.engine.search(furniture, 5).expect("the index reads");
        assert!(
            hits.iter().all(|h| !h.quote.contains(furniture)),
            "{furniture:?} is searchable: {hits:?}"
        );
    }
    let answer = s
        .engine
        .ask("Who will start producing the Cell chip in early 2005?")
        .expect("the index reads");
    assert!(answer.answered, "{answer:?}");
    for citation in &answer.citations {
        assert!(article.body.contains(&citation.quote), "{citation:?}");
    }
}

#[tokio::test]
async fn a_latin1_page_reads_correctly() {
    let site = site::start().await;
    let s = setup(Vec::new(), true);
    let added = s
        .ingest
        .add(Input::Link(site.url("/news/musical")))
        .await
        .expect("added");
    let body = s.article(&added.id).body;
    assert!(body.contains("£7m musical"), "{body}");
    assert!(!body.contains('\u{fffd}') && !body.contains("Â£"), "{body}");
}

#[tokio::test]
async fn a_syndicated_copy_is_recorded_on_the_first_article_not_added_again() {
    let site = site::start().await;
    let s = setup(Vec::new(), true);
    let first = s
        .ingest
        .add(Input::Link(site.url("/news/playstation-chip")))
        .await
        .expect("first");
    let files = s.files().len();
    let wire_url = site.url("/wire/playstation-chip");
    let copy = s
        .ingest
        .add(Input::Link(wire_url.clone()))
        .await
        .expect("copy");
    assert_eq!(copy.duplicate_of.as_deref(), Some(first.id.as_str()));
    assert_eq!(copy.id, first.id);
    assert_eq!(s.files().len(), files, "no second article");
    let article = s.article(&first.id);
    assert_eq!(article.meta.also.len(), 1);
    assert_eq!(
        article.meta.also[0].source.as_deref(),
        Some("Wire Service Daily")
    );
    assert_eq!(article.meta.also[0].url.as_deref(), Some(wire_url.as_str()));
    // Adding the copy again records nothing twice.
    s.ingest.add(Input::Link(wire_url)).await.expect("again");
    assert_eq!(s.article(&first.id).meta.also.len(), 1);
    // Answers citing the story name the other outlet.
    let answer = s
        .engine
        .ask("Who will start producing the Cell chip in early 2005?")
        .expect("the index reads");
    assert!(
        answer
            .citations
            .iter()
            .any(|c| c.also == ["Wire Service Daily"]),
        "{answer:?}"
    );
    // A different story on the same site is not a copy.
    let other = s
        .ingest
        .add(Input::Link(site.url("/news/tate-tree")))
        .await
        .expect("other");
    assert_eq!(other.duplicate_of, None);
}

#[tokio::test]
async fn bad_links_fail_clearly_and_change_nothing() {
    let site = site::start().await;
    let s = setup(Vec::new(), true);
    s.ingest
        .add(Input::Link(site.url("/news/tate-tree")))
        .await
        .expect("one good article first");
    let before = s.files();
    let cases: Vec<(String, &str)> = vec![
        (site.url("/gone"), "404"),
        (site.url("/error"), "500"),
        (site.url("/slow"), "within 1 s"),
        (site.url("/loop-a"), "loop"),
        (site.url("/hop/0"), "more than 5"),
        (site.url("/picture.png"), "image/png"),
        (site.url("/data.json"), "application/json"),
        (site.url("/huge"), "larger than 200000"),
        (site.url("/consent"), "no article text"),
        (site.url("/fake.pdf"), "not a PDF"),
        (site.url("/scan.pdf"), "without a text layer"),
        ("ftp://example.org/x".into(), "not a web address"),
        (
            "http://127.0.0.1:1/nothing-listens".to_string(),
            "cannot fetch",
        ),
    ];
    for (url, expected) in cases {
        let err = s
            .ingest
            .add(Input::Link(url.clone()))
            .await
            .expect_err(&url);
        let message = err.to_string();
        assert!(message.contains(expected), "{url}: {message}");
        assert!(!message.contains('\n'), "one line: {message}");
    }
    assert_eq!(s.files(), before, "a failed add writes nothing");
    let moved = s
        .ingest
        .add(Input::Link(site.url("/moved")))
        .await
        .expect("redirect followed");
    assert!(moved.duplicate_of.is_some(), "same story as the first add");
}

#[tokio::test]
async fn inside_addresses_are_refused_unless_allowed() {
    let site = site::start().await;
    let s = setup(Vec::new(), false);
    let port = site.addr.port();
    for url in [
        format!("http://127.0.0.1:{port}/news/tate-tree"),
        format!("http://localhost:{port}/news/tate-tree"),
        format!("http://[::1]:{port}/news/tate-tree"),
        "http://169.254.169.254/latest/meta-data".to_string(),
        "http://10.0.0.1/".to_string(),
    ] {
        let err = s
            .ingest
            .add(Input::Link(url.clone()))
            .await
            .expect_err(&url);
        assert!(matches!(err, IngestError::Refused { .. }), "{url}: {err}");
        assert!(err.to_string().contains("allow_private_addresses"), "{err}");
    }
    assert!(s.files().is_empty());
}

#[tokio::test]
async fn files_go_in_by_kind_and_bad_ones_are_refused() {
    let site = site::start().await;
    let s = setup(Vec::new(), true);
    let files = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let md = write(
        "hewitt.md",
        b"+++\ntitle = \"Hewitt falls to Dent\"\nsource = \"Gazette sport\"\npublished = 2005-01-07\n+++\nLleyton Hewitt suffered a shock defeat to Taylor Dent in Adelaide on Friday.\n",
    );
    let added = s.ingest.add(Input::File(md)).await.expect("md added");
    assert_eq!(added.id, "gazette-sport/2005-01-07-hewitt-falls-to-dent");
    assert_eq!(
        s.article(&added.id).body,
        "Lleyton Hewitt suffered a shock defeat to Taylor Dent in Adelaide on Friday.\n"
    );
    let html = write("tree.html", &site::fixture("tate-tree.html"));
    let added = s.ingest.add(Input::File(html)).await.expect("html added");
    assert_eq!(added.title, "Gallery unveils interactive tree");
    assert_eq!(added.source.as_deref(), Some("The Daily Gazette"));
    let pdf = write("report.pdf", &site::report_pdf());
    let added = s.ingest.add(Input::File(pdf)).await.expect("pdf added");
    assert_eq!(added.title, "Lithium refinery report");
    assert!(s
        .article(&added.id)
        .body
        .contains("40,000 tonnes of lithium"));
    let by_link = s
        .ingest
        .add(Input::Link(site.url("/report.pdf")))
        .await
        .expect("pdf link added");
    assert!(s.article(&by_link.id).body.contains("40,000 tonnes"));

    let before = s.files();
    for (name, bytes, expected) in [
        ("fake.pdf", site::fixture("tate-tree.html"), "not a PDF"),
        ("scan.pdf", site::pdf(&[]), "without a text layer"),
        (
            "notes.docx",
            b"PK\x03\x04".to_vec(),
            ".docx files cannot be added",
        ),
        ("latin.txt", b"caf\xe9".to_vec(), "not UTF-8"),
        ("empty.md", b"  \n".to_vec(), "empty"),
    ] {
        let path = write(name, &bytes);
        let err = s.ingest.add(Input::File(path)).await.expect_err(name);
        assert!(err.to_string().contains(expected), "{name}: {err}");
    }
    let err = s
        .ingest
        .add(Input::File(files.path().join("missing.md")))
        .await
        .expect_err("missing");
    assert!(err.to_string().contains("missing.md"), "{err}");
    assert_eq!(s.files(), before);
}

#[tokio::test]
async fn feeds_add_each_story_once_and_remember_across_restarts() {
    let site = site::start().await;
    let s = setup(vec![feed(site.url("/rss.xml"))], true);
    let report = s.ingest.poll_feeds().await;
    assert_eq!(report.added.len(), 2, "{report:?}");
    assert_eq!(report.duplicates.len(), 1, "{report:?}");
    assert!(report.failed.is_empty(), "{report:?}");
    let first = &report.added[0];
    assert_eq!(
        report.duplicates[0].duplicate_of.as_deref(),
        Some(first.id.as_str())
    );
    assert_eq!(s.article(&first.id).meta.also.len(), 1);
    // The full text comes from the page, not the feed's teaser.
    assert!(s.article(&first.id).body.contains("Ken Kutaragi"));
    let files = s.files();

    let again = s.ingest.poll_feeds().await;
    assert_eq!((again.added.len(), again.known), (0, 3), "{again:?}");
    let restarted = Ingestor::new(Arc::clone(&s.engine)).expect("ingestor");
    let after_restart = restarted.poll_feeds().await;
    assert_eq!(after_restart.known, 3, "{after_restart:?}");
    assert_eq!(s.files(), files);
}

#[tokio::test]
async fn atom_and_json_feeds_work_and_one_bad_feed_or_item_stops_nothing() {
    let site = site::start().await;
    let mut filtered = feed(site.url("/rss.xml"));
    filtered.include = vec!["tree".into()];
    let s = setup(
        vec![
            feed(site.url("/broken.xml")),
            feed(site.url("/empty.xml")),
            feed(site.url("/gone")),
            feed(site.url("/atom.xml")),
            feed(site.url("/feed.json")),
            filtered,
        ],
        true,
    );
    let report = s.ingest.poll_feeds().await;
    let mut titles: Vec<&str> = report.added.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Gallery unveils interactive tree",
            "Hewitt falls to Dent",
            "Musical treatment for Capra film"
        ],
        "{report:?}"
    );
    assert_eq!(report.filtered, 2, "{report:?}");
    let failed: Vec<String> = report
        .failed
        .iter()
        .map(|f| format!("{:?} {}", f.item, f.reason))
        .collect();
    assert_eq!(report.failed.len(), 4, "{failed:?}");
    assert!(
        failed
            .iter()
            .any(|f| f.contains("/gone") && f.contains("404")),
        "{failed:?}"
    );
    assert_eq!(
        failed
            .iter()
            .filter(|f| f.contains("cannot be read"))
            .count(),
        2,
        "{failed:?}"
    );
}
