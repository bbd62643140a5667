//! Extraction throughput on a folder of plain-text news (default: `../shared/data/news` beside the
//! repository, or QUARRY_NEWS_DIR). Ignored by default; run with
//! `cargo test --release --test commitments_throughput -- --ignored --nocapture`.
//! It prints MB/s on one core and asserts nothing about time.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn texts(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
}

#[test]
#[ignore = "measurement, needs a news folder"]
fn extraction_throughput() {
    let dir = std::env::var_os("QUARRY_NEWS_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news"),
        PathBuf::from,
    );
    let mut articles = Vec::new();
    texts(&dir, &mut articles);
    let bytes: usize = articles.iter().map(String::len).sum();
    if bytes == 0 {
        eprintln!("no .txt articles under {}", dir.display());
        return;
    }
    // Warm the lexicons, then repeat until enough text has gone through.
    let _ = quarry_engine::commitments::extract("warm", "Ruritania pledged £5m.");
    let (mut done, mut found, rounds) = (0usize, 0usize, (20_000_000 / bytes).max(1));
    let started = Instant::now();
    for _ in 0..rounds {
        for (i, body) in articles.iter().enumerate() {
            found += quarry_engine::commitments::extract(&i.to_string(), body).len();
            done += body.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} articles, {:.1} MB in {:.2}s: {:.1} MB/s on one core, {} commitments a round",
        articles.len(),
        done as f64 / 1e6,
        secs,
        done as f64 / 1e6 / secs,
        found / rounds
    );
}
