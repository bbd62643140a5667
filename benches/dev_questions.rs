//! Index the bundled corpus, then answer the dev questions in-process, warm, and print
//! per-question latency. Run with `cargo bench --bench dev_questions`.

use std::path::Path;
use std::time::{Duration, Instant};

use quarry_engine::config::Config;
use quarry_engine::engine::Engine;

const ROUNDS: usize = 200;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let questions = questions(&root.join("tests/fixtures/qa.toml"));
    let data = tempfile::tempdir().expect("temp dir");
    let mut config = Config::default();
    config.corpus.dir = root.join("corpus");
    config.data_dir = data.path().to_path_buf();

    let started = Instant::now();
    let engine = Engine::open(config).expect("open");
    engine.sync().expect("sync");
    let index_time = started.elapsed();

    let started = Instant::now();
    let noop_syncs = 100;
    for _ in 0..noop_syncs {
        engine.sync().expect("sync");
    }
    let sync_time = started.elapsed() / noop_syncs;

    for q in &questions {
        engine.ask(q).expect("the index reads");
    }
    let mut samples: Vec<Duration> = Vec::with_capacity(ROUNDS * questions.len());
    for _ in 0..ROUNDS {
        for q in &questions {
            let started = Instant::now();
            std::hint::black_box(engine.ask(q).expect("the index reads"));
            samples.push(started.elapsed());
        }
    }
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p) as usize];
    println!("| measure | value |\n|---|---|");
    println!(
        "| index 5 articles (cold) | {:.1} ms |",
        index_time.as_secs_f64() * 1e3
    );
    println!(
        "| sync with nothing changed | {:.3} ms |",
        sync_time.as_secs_f64() * 1e3
    );
    println!(
        "| ask p50 ({} questions x {ROUNDS}) | {:.3} ms |",
        questions.len(),
        at(0.5).as_secs_f64() * 1e3
    );
    println!("| ask p99 | {:.3} ms |", at(0.99).as_secs_f64() * 1e3);
}

fn questions(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("qa.toml");
    let table: toml::Table = toml::from_str(&text).expect("qa.toml parses");
    ["question", "unanswerable"]
        .iter()
        .filter_map(|key| table.get(*key).and_then(|v| v.as_array()))
        .flatten()
        .filter_map(|q| q.get("q").and_then(|v| v.as_str()).map(str::to_string))
        .collect()
}
