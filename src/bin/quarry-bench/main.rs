//! `quarry-bench`: measures quarry at several corpus sizes beside a BM25 peer (bm25s) and writes
//! one markdown table. How the corpora are made and how to run it: `bench/README.md`.

mod corpus;
mod cpu;
mod features;
mod fit;
mod probe;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use serde::de::DeserializeOwned;

use report::{Peer, Row};

#[derive(Parser)]
#[command(name = "quarry-bench", about = "Benchmarks quarry beside a bm25s peer")]
struct Cli {
    #[command(subcommand)]
    probe: Option<Probe>,
    /// Corpus sizes in articles; a size up to the real article count means the real corpus.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000")]
    sizes: Vec<usize>,
    /// The real articles (folders sport/, tech/, entertainment/); by default the shared data
    /// folder beside the repository.
    #[arg(long, env = "QUARRY_BENCH_NEWS", default_value = "../shared/data/news")]
    news: PathBuf,
    /// Where corpora, indexes and exports are kept between runs.
    #[arg(long, default_value = "target/bench")]
    work: PathBuf,
    #[arg(long, default_value = "target/bench-report.md")]
    out: PathBuf,
    /// Python with bm25s installed (bench/run.sh makes it).
    #[arg(long, default_value = "target/bench/venv/bin/python")]
    python: PathBuf,
    #[arg(long, default_value = "bench/peer_bm25s.py")]
    peer: PathBuf,
    /// How many questions each engine answers.
    #[arg(long, default_value_t = 100)]
    questions: usize,
    /// Fresh `quarry ask` processes timed for the start-up figure.
    #[arg(long, default_value_t = 7)]
    startup_runs: usize,
    /// Skip the peer.
    #[arg(long)]
    no_peer: bool,
    /// A heading for the report ("before", "after").
    #[arg(long, default_value = "")]
    label: String,
}

#[derive(Subcommand)]
enum Probe {
    #[command(hide = true)]
    Build { corpus: PathBuf, data: PathBuf },
    /// Every candidate's evidence for SQuAD and chat questions, one JSON line a question, for
    /// `fit`.
    Features {
        /// SQuAD v1.1 JSON; every paragraph becomes one article of one corpus.
        #[arg(long)]
        squad: PathBuf,
        /// The fitting half of a chat QA set (q, answers, docs) over --news
        /// (tools/fit/split_qa.py).
        #[arg(long)]
        fit_qa: PathBuf,
        /// Its held-back half: featured for the figures, never fitted on.
        #[arg(long)]
        held_qa: PathBuf,
        /// A QA set over the seed corpus (`corpus/`), such as tests/fixtures/qa.toml: questions
        /// about a handful of articles with headings and FAQ questions, which SQuAD and the chat
        /// set lack.
        #[arg(long)]
        seed_qa: Option<PathBuf>,
        /// The corpus `--seed-qa` asks about.
        #[arg(long, default_value = "corpus")]
        seed_corpus: PathBuf,
        /// Passages a question weighs, best by BM25: the most `fit` may choose from.
        #[arg(long, default_value_t = 80)]
        candidates: usize,
        #[arg(long)]
        out: PathBuf,
    },
    /// Fits the ranker and the answer confidence on the rows `features` wrote; writes the
    /// parameters and the cross-validated figures.
    Fit {
        rows: PathBuf,
        #[arg(long, default_value = "crates/engine/ranker.toml")]
        out: PathBuf,
    },
    #[command(hide = true)]
    Serve {
        corpus: PathBuf,
        data: PathBuf,
        questions: PathBuf,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match &cli.probe {
        Some(Probe::Build { corpus, data }) => return print_json(&probe::build(corpus, data)?),
        Some(Probe::Features {
            squad,
            fit_qa,
            held_qa,
            seed_qa,
            seed_corpus,
            candidates,
            out,
        }) => {
            let work = cli.work.join("features");
            if work.exists() {
                std::fs::remove_dir_all(&work)
                    .with_context(|| format!("clear {}", work.display()))?;
            }
            let seed = seed_qa.as_deref().map(|qa| (qa, seed_corpus.as_path()));
            return features::run(
                squad,
                [fit_qa, held_qa],
                seed,
                &cli.news,
                &work,
                out,
                *candidates,
            );
        }
        Some(Probe::Fit { rows, out }) => {
            print!("{}", fit::run(&fit::read(rows)?, out)?);
            return Ok(());
        }
        Some(Probe::Serve {
            corpus,
            data,
            questions,
        }) => return print_json(&probe::serve(corpus, data, questions)?),
        None => {}
    }
    std::fs::create_dir_all(&cli.work)?;
    let real = corpus::real_count(&cli.news)?;
    let mut rows = Vec::new();
    for &size in &cli.sizes {
        eprintln!("== {size} articles");
        rows.push(measure(&cli, size, real)?);
    }
    let table = report::markdown(&cli.label, &rows);
    println!("{table}");
    if let Some(parent) = cli.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&cli.out, &table)
        .with_context(|| format!("cannot write {}", cli.out.display()))?;
    eprintln!("report written to {}", cli.out.display());
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

/// Runs this binary as a child on one probe and reads its JSON.
fn child<T: DeserializeOwned>(args: &[&Path]) -> Result<T> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe).args(args).output()?;
    if !output.status.success() {
        bail!(
            "probe {:?} failed: {}",
            args.first(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn measure(cli: &Cli, size: usize, real: usize) -> Result<Row> {
    let corpus = corpus::ensure(&cli.news, &cli.work, size)?;
    let corpus = corpus.canonicalize()?;
    let exported = corpus::export(&corpus, &cli.work, cli.questions)?;
    let data = cli.work.join(format!(
        "data-{}",
        if size > real {
            size.to_string()
        } else {
            "real".into()
        }
    ));
    if data.exists() {
        std::fs::remove_dir_all(&data)?;
    }
    eprintln!("full build of {} articles ...", exported.articles);
    let build: probe::Build = child(&[Path::new("build"), &corpus, &data])?;

    let sync = incremental(&corpus, &data)?;
    eprintln!("questions ...");
    let serve: probe::Serve =
        child(&[Path::new("serve"), &corpus, &data, &exported.questions_path])?;
    let (startup_ms, startup_cpu_ms) =
        startup(cli, &corpus, &data, &exported.questions[0].question)?;
    let extract_mb_s = extraction(&exported.bodies);
    let peer = if cli.no_peer {
        None
    } else {
        Some(peer(cli, &exported)?)
    };
    Ok(Row {
        size,
        articles: exported.articles,
        mb: exported.bytes as f64 / 1e6,
        passages: exported.passages,
        questions: exported.questions.len(),
        build,
        sync,
        serve,
        startup_ms,
        startup_cpu_ms,
        extract_mb_s,
        peer,
    })
}

/// Timed syncs in this process: nothing changed, one file changed, 100 files added. The corpus is
/// put back afterwards (and synced) so that it can be reused.
fn incremental(corpus: &Path, data: &Path) -> Result<report::Sync> {
    // Wall and CPU milliseconds of one step (CPU of every thread of this process).
    fn timed<T>(step: impl FnOnce() -> Result<T>) -> Result<(T, f64, f64)> {
        let (started, cpu) = (Instant::now(), cpu::process());
        let value = step()?;
        Ok((value, ms(started), (cpu::process() - cpu) * 1e3))
    }
    let started = Instant::now();
    let engine = quarry_engine::engine::Engine::open(probe::config(corpus, data))?;
    let open_ms = ms(started);
    let (_, noop_ms, noop_cpu_ms) = timed(|| Ok(engine.sync()?))?;

    let first = quarry_engine::corpus::list(corpus)
        .map_err(|p| anyhow::anyhow!("{p}"))?
        .remove(0)
        .path;
    let original = std::fs::read(&first)?;
    let mut changed = original.clone();
    changed.extend_from_slice(b"\nA sentence added by the benchmark to change this file.\n");
    std::fs::write(&first, &changed)?;
    let (report, one_ms, one_cpu_ms) = timed(|| Ok(engine.sync()?))?;
    anyhow::ensure!(report.updated.len() == 1, "expected one updated article");

    let added_dir = corpus.join("zz-bench-added");
    std::fs::create_dir_all(&added_dir)?;
    for i in 0..100 {
        let mut text = original.clone();
        text.extend_from_slice(format!("\nCopy {i} made by the benchmark.\n").as_bytes());
        std::fs::write(added_dir.join(format!("added-{i:03}.md")), text)?;
    }
    let (report, add_ms, add_cpu_ms) = timed(|| Ok(engine.sync()?))?;
    anyhow::ensure!(report.added.len() == 100, "expected 100 added articles");

    std::fs::remove_dir_all(&added_dir)?;
    std::fs::write(&first, &original)?;
    engine.sync()?;
    Ok(report::Sync {
        open_ms,
        noop_ms,
        one_ms,
        add_ms,
        noop_cpu_ms,
        one_cpu_ms,
        add_cpu_ms,
    })
}

/// Median wall time of `quarry ask` as a fresh process on the existing index.
fn startup(cli: &Cli, corpus: &Path, data: &Path, question: &str) -> Result<(f64, f64)> {
    let quarry = std::env::current_exe()?.with_file_name("quarry");
    let config = cli.work.join("bench-config.toml");
    std::fs::write(
        &config,
        "# empty: defaults, with --corpus and --data given on the command line\n",
    )?;
    let (mut times, mut cpu_times) = (Vec::new(), Vec::new());
    for _ in 0..cli.startup_runs.max(1) {
        let (started, cpu) = (Instant::now(), cpu::children());
        let status = Command::new(&quarry)
            .arg("--config")
            .arg(&config)
            .arg("--corpus")
            .arg(corpus)
            .arg("--data")
            .arg(data)
            .args(["ask", question])
            .stdout(std::process::Stdio::null())
            .status()
            .with_context(|| format!("cannot run {}", quarry.display()))?;
        times.push(ms(started));
        cpu_times.push((cpu::children() - cpu) * 1e3);
        anyhow::ensure!(status.success(), "quarry ask failed");
    }
    Ok((report::median(&mut times), report::median(&mut cpu_times)))
}

/// Throughput of `commitments::extract` over every article body, in MB/s.
fn extraction(bodies: &[(String, String)]) -> f64 {
    let bytes: usize = bodies.iter().map(|(_, b)| b.len()).sum();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds == 0 || started.elapsed().as_secs_f64() < 0.5 {
        for (doc, body) in bodies {
            std::hint::black_box(quarry_engine::commitments::extract(doc, body));
        }
        rounds += 1;
    }
    (bytes * rounds) as f64 / 1e6 / started.elapsed().as_secs_f64()
}

fn peer(cli: &Cli, exported: &corpus::Exported) -> Result<Peer> {
    eprintln!("peer (bm25s) ...");
    let output = Command::new(&cli.python)
        .arg(&cli.peer)
        .arg("--passages")
        .arg(&exported.passages_path)
        .arg("--questions")
        .arg(&exported.questions_path)
        .output()
        .with_context(|| {
            format!(
                "cannot run {} (run bench/run.sh to set up Python)",
                cli.python.display()
            )
        })?;
    if !output.status.success() {
        bail!("peer failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}
