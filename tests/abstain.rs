//! Abstention on the fitted confidence: below `answer.min_confidence` quarry abstains and names
//! the nearest articles; the same question is answered with the bar lower.

use std::path::Path;

use quarry_engine::config::Config;
use quarry_engine::engine::Engine;

fn engine(corpus: &Path, data: &Path, min_confidence: Option<f32>) -> Engine {
    let mut config = Config::default();
    config.corpus.dir = corpus.to_path_buf();
    config.data_dir = data.to_path_buf();
    config.answer.min_confidence = min_confidence;
    let engine = Engine::open(config).expect("open");
    engine.sync().expect("sync");
    engine
}

/// Two one-sentence articles: Indonesia's nickel output, Mozambique's graphite exports.
fn nickel_and_graphite() -> tempfile::TempDir {
    let corpus = tempfile::tempdir().expect("corpus");
    std::fs::write(
        corpus.path().join("nickel.md"),
        "# Nickel boom\n\nNickel output in Indonesia doubled this year.\n",
    )
    .expect("write");
    std::fs::write(
        corpus.path().join("graphite.md"),
        "# Graphite trade\n\nGraphite exports from Mozambique resumed.\n",
    )
    .expect("write");
    corpus
}

#[test]
fn confidence_below_the_threshold_abstains_and_names_the_nearest_articles() {
    let corpus = nickel_and_graphite();
    let question = "Where did nickel output double?";

    let data = tempfile::tempdir().expect("data");
    let fitted = engine(corpus.path(), data.path(), None)
        .ask(question)
        .expect("the index reads");
    assert!(fitted.answered, "{fitted:?}");
    assert!(
        fitted.citations[0].quote.contains("Indonesia"),
        "{fitted:?}"
    );

    // The same evidence, a bar above its confidence.
    let data = tempfile::tempdir().expect("data");
    let strict = engine(corpus.path(), data.path(), Some(fitted.confidence + 0.01))
        .ask(question)
        .expect("the index reads");
    assert!(!strict.answered, "{strict:?}");
    assert!(strict.citations.is_empty(), "{strict:?}");
    assert!(
        strict.answer.contains("Closest articles") && strict.answer.contains("Nickel boom"),
        "{}",
        strict.answer
    );
}

#[test]
fn a_mistyped_name_is_read_as_the_name_and_an_unknown_one_abstains() {
    let corpus = nickel_and_graphite();
    let data = tempfile::tempdir().expect("data");
    let engine = engine(corpus.path(), data.path(), None);

    let mistyped = engine
        .ask("What happened to nickel output in Indoneisa this year?")
        .expect("the index reads");
    assert!(mistyped.answered, "{mistyped:?}");
    assert!(
        mistyped.citations[0].quote.contains("Indonesia"),
        "{mistyped:?}"
    );
    let unknown = engine
        .ask("What happened to nickel output in Zimbabwe this year?")
        .expect("the index reads");
    assert!(!unknown.answered, "{unknown:?}");
}
