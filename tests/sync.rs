//! Incremental sync: added, changed and removed files, bad files skipped without losing others.

use std::path::Path;

use quarry_engine::config::Config;
use quarry_engine::engine::Engine;

fn engine(corpus: &Path, data: &Path) -> Engine {
    let mut config = Config::default();
    config.corpus.dir = corpus.to_path_buf();
    config.data_dir = data.to_path_buf();
    Engine::open(config).expect("open")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

fn ids(engine: &Engine) -> Vec<String> {
    engine.sources().iter().map(|s| s.id.clone()).collect()
}

#[test]
fn add_change_and_remove_are_reflected_and_unchanged_files_are_left_alone() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    write(
        corpus.path(),
        "a.md",
        "Lithium output in Chile rose sharply this year.",
    );
    write(
        corpus.path(),
        "world/b.txt",
        "Cobalt prices in Congo fell in March.",
    );
    let engine = engine(corpus.path(), data.path());
    let first = engine.sync().expect("sync");
    assert_eq!(first.added, ["a", "world/b"]);
    assert!(
        engine
            .ask("Where did lithium output rise?")
            .expect("the index reads")
            .answered
    );

    let second = engine.sync().expect("sync");
    assert!(!second.changed());
    assert_eq!(second.unchanged, 2);

    write(
        corpus.path(),
        "a.md",
        "Nickel output in Indonesia doubled this year.",
    );
    write(
        corpus.path(),
        "c.md",
        "Graphite exports from Mozambique resumed.",
    );
    std::fs::remove_file(corpus.path().join("world/b.txt")).expect("remove");
    let third = engine.sync().expect("sync");
    assert_eq!(third.updated, ["a"]);
    assert_eq!(third.added, ["c"]);
    assert_eq!(third.removed, ["world/b"]);
    assert_eq!(ids(&engine), ["a", "c"]);
    assert!(
        !engine
            .ask("Where did lithium output rise?")
            .expect("the index reads")
            .answered
    );
    assert!(
        engine
            .ask("Where did nickel output double?")
            .expect("the index reads")
            .answered
    );
    assert!(
        !engine
            .ask("What happened to cobalt prices in Congo?")
            .expect("the index reads")
            .answered
    );
}

#[test]
fn the_index_survives_reopening() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    write(
        corpus.path(),
        "a.md",
        "Lithium output in Chile rose sharply this year.",
    );
    engine(corpus.path(), data.path()).sync().expect("sync");
    let reopened = engine(corpus.path(), data.path());
    assert_eq!(ids(&reopened), ["a"]);
    assert!(!reopened.sync().expect("sync").changed());
    assert!(
        reopened
            .ask("Where did lithium output rise?")
            .expect("the index reads")
            .answered
    );
}

#[test]
fn bad_files_are_reported_and_every_other_file_is_indexed() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    write(
        corpus.path(),
        "good.md",
        "Lithium output in Chile rose sharply this year.",
    );
    write(
        corpus.path(),
        "bad-key.md",
        "+++\ntitle = \"T\"\nauthor = \"X\"\n+++\nBody text.",
    );
    write(corpus.path(), "empty.md", "\n\n");
    std::fs::write(corpus.path().join("latin1.txt"), b"Caf\xe9 prices rose.").expect("write");
    let engine = engine(corpus.path(), data.path());
    let report = engine.sync().expect("sync");
    assert_eq!(report.added, ["good"]);
    let problems: Vec<String> = report.skipped.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("bad-key.md:3:1") && p.contains("author")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("latin1.txt") && p.contains("UTF-8")),
        "{problems:?}"
    );
}

#[test]
fn a_broken_edit_keeps_the_last_good_version_searchable() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    write(
        corpus.path(),
        "a.md",
        "Lithium output in Chile rose sharply this year.",
    );
    let engine = engine(corpus.path(), data.path());
    engine.sync().expect("sync");
    write(corpus.path(), "a.md", "+++\ntitle = broken\n+++\nLithium.");
    let report = engine.sync().expect("sync");
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(ids(&engine), ["a"]);
    assert!(
        engine
            .ask("Where did lithium output rise?")
            .expect("the index reads")
            .answered
    );
}

#[test]
fn an_index_built_with_other_lexicon_files_is_rebuilt() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    write(
        corpus.path(),
        "a.md",
        "Lithium output in Chile rose sharply this year.",
    );
    engine(corpus.path(), data.path()).sync().expect("sync");
    let index_dir = data.path().join("index");
    for item in std::fs::read_dir(&index_dir).expect("index dir").flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        // The catalog file is binary: rewrite it through the catalog's own load and save.
        let generation = name
            .strip_prefix("catalog-")
            .and_then(|rest| rest.split('.').next())
            .and_then(|n| n.parse::<u64>().ok());
        if let Some(generation) = generation {
            let mut catalog =
                quarry_engine::catalog::Catalog::load(&index_dir, generation).expect("catalog");
            catalog.analysis = "built-by-an-older-quarry".into();
            catalog.save(&index_dir).expect("write");
        }
    }
    let reopened = engine(corpus.path(), data.path());
    let report = reopened.sync().expect("sync");
    assert_eq!(report.added, ["a"], "everything is re-indexed");
    assert_eq!(ids(&reopened), ["a"]);
    assert!(
        reopened
            .ask("Where did lithium output rise?")
            .expect("the index reads")
            .answered
    );
}
