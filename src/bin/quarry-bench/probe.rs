//! What runs in a child process, so that its memory is its own: a full index build, and a
//! `serve`-like load (open + sync) followed by the questions, timed one at a time.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use quarry_engine::config::Config;
use quarry_engine::engine::Engine;

use crate::corpus::Question;

/// A memory figure of this process from `/proc/self/status`, in MB (`VmHWM`, `VmRSS`, `RssAnon`).
pub fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .strip_prefix(':')?
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn config(corpus: &Path, data: &Path) -> Config {
    let mut config = Config::default();
    config.corpus.dir = corpus.to_path_buf();
    config.data_dir = data.to_path_buf();
    config
}

#[derive(Serialize, Deserialize)]
pub struct Build {
    pub secs: f64,
    /// CPU seconds, all threads.
    pub cpu_s: f64,
    pub added: usize,
    pub skipped: usize,
    pub peak_rss_mb: f64,
}

/// A full build into an empty data folder.
pub fn build(corpus: &Path, data: &Path) -> Result<Build> {
    let started = Instant::now();
    let engine = Engine::open(config(corpus, data)).context("open")?;
    let report = engine.sync().context("sync")?;
    let secs = started.elapsed().as_secs_f64();
    Ok(Build {
        secs,
        cpu_s: crate::cpu::process(),
        added: report.added.len(),
        skipped: report.skipped.len(),
        peak_rss_mb: status_mb("VmHWM"),
    })
}

#[derive(Serialize, Deserialize)]
pub struct Serve {
    pub open_ms: f64,
    pub sync_ms: f64,
    pub rss_mb: f64,
    pub anon_mb: f64,
    pub latencies_ms: Vec<f64>,
    /// CPU time of each question (the whole process).
    pub cpu_ms: Vec<f64>,
    pub top3_source_hits: usize,
    pub answered: usize,
    /// Wall time of each question to the ledger ("What did X commit to?"), the first paying
    /// for what the ledger works out once.
    #[serde(default)]
    pub ledger_latencies_ms: Vec<f64>,
    pub rss_after_mb: f64,
}

/// Questions to the ledger asked after the others.
const LEDGER_QUESTIONS: usize = 50;

/// "What did X commit to?" for the first actors of the ledger, most significant first.
fn ledger_questions(engine: &Engine) -> Vec<String> {
    let mut actors: Vec<String> = Vec::new();
    for entry in engine.ledger().iter() {
        if actors.len() == LEDGER_QUESTIONS {
            break;
        }
        if !actors.contains(&entry.actor) {
            actors.push(entry.actor.clone());
        }
    }
    actors
        .iter()
        .map(|actor| format!("What did {actor} commit to?"))
        .collect()
}

/// Asked once before the timed questions.
const WARM_UP_QUESTION: &str = "Which committee met on Tuesday to discuss the weather?";

/// Loads the engine as `quarry serve` would, answers one warm-up question, then times every
/// question once, as a bot meets them.
pub fn serve(corpus: &Path, data: &Path, questions: &Path) -> Result<Serve> {
    let text = std::fs::read_to_string(questions)?;
    let questions: Vec<Question> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let started = Instant::now();
    let engine = Engine::open(config(corpus, data)).context("open")?;
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    engine.sync().context("sync")?;
    let sync_ms = started.elapsed().as_secs_f64() * 1e3;
    let (rss_mb, anon_mb) = (status_mb("VmRSS"), status_mb("RssAnon"));
    // One question none of the timed ones repeats loads the sentence model and touches the
    // index; warming up on the timed questions themselves would time the passage memo's hits.
    std::hint::black_box(engine.ask(WARM_UP_QUESTION).expect("the index reads"));
    let mut latencies_ms = Vec::with_capacity(questions.len());
    let mut cpu_ms = Vec::with_capacity(questions.len());
    let (mut hits, mut answered) = (0, 0);
    for q in &questions {
        let (started, cpu) = (Instant::now(), crate::cpu::process());
        let answer = engine.ask(&q.question).expect("the index reads");
        latencies_ms.push(started.elapsed().as_secs_f64() * 1e3);
        cpu_ms.push((crate::cpu::process() - cpu) * 1e3);
        answered += usize::from(answer.answered);
        hits += usize::from(
            answer
                .citations
                .iter()
                .any(|c| c.quote.contains(&q.sentence)),
        );
    }
    let ledger_latencies_ms = ledger_questions(&engine)
        .iter()
        .map(|question| {
            let started = Instant::now();
            std::hint::black_box(engine.ask(question).expect("the index reads"));
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    Ok(Serve {
        open_ms,
        sync_ms,
        rss_mb,
        anon_mb,
        latencies_ms,
        cpu_ms,
        top3_source_hits: hits,
        answered,
        ledger_latencies_ms,
        rss_after_mb: status_mb("VmRSS"),
    })
}
