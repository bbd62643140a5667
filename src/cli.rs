//! The command line surface: turns the engine's plain data into text or JSON on stdout.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use quarry_engine::answer::Answer;
use quarry_engine::citation::Citation;
use quarry_engine::commitments::ledger::{Entry, Filter, Line};
use quarry_engine::commitments::Stage;
use quarry_engine::config::Config;
use quarry_engine::engine::Engine;
use quarry_engine::index::{IndexError, SyncReport};
use quarry_ingest::{Added, Ingestor, Input};
use quarry_text::words::count_of;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "quarry",
    version,
    about = "Cited answers from a folder of news articles"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Config file (default: config.toml, if present).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Corpus folder (overrides corpus.dir).
    #[arg(long, global = true)]
    pub corpus: Option<PathBuf>,
    /// Data folder for the index and state (overrides data_dir).
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sync the index with the corpus folder and report what changed.
    Index,
    /// Answer a question with numbered, verbatim citations.
    Ask {
        /// The question (omit with --stdin).
        question: Option<String>,
        /// Print the answer as one JSON object.
        #[arg(long)]
        json: bool,
        /// Read one question a line from stdin; print one JSON line each, in order.
        #[arg(long)]
        stdin: bool,
    },
    /// Ranked passages for a query.
    Search {
        query: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List the indexed articles.
    Sources {
        #[arg(long)]
        json: bool,
    },
    /// Who committed to what: the commitment ledger, most significant first, with sources.
    Commitments {
        /// Only this actor (canonical name or alias; a country includes its officials).
        #[arg(long)]
        actor: Option<String>,
        /// Only commitments whose action or evidence mentions all these words.
        #[arg(long)]
        topic: Option<String>,
        /// Only this stage: intent, firm or hedged.
        #[arg(long)]
        stage: Option<Stage>,
        /// One JSON line per piece of evidence.
        #[arg(long)]
        json: bool,
    },
    /// Print the digest that would be posted now: new articles and commitments.
    Digest {
        /// Start of the window (RFC 3339, e.g. 2026-11-23T08:00:00Z). Default: the end of the
        /// last recorded digest post, else 24 hours ago.
        #[arg(long, conflicts_with = "all")]
        since: Option<String>,
        /// Everything indexed, from the beginning.
        #[arg(long)]
        all: bool,
        /// Print the digest as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Add an article from a link (http/https) or a file (.md, .txt, .html, .pdf).
    Add {
        /// An http(s) address, or the path of a file.
        target: String,
        /// Print {"id","title","source","published","url","duplicate_of"}.
        #[arg(long)]
        json: bool,
    },
    /// The feeds listed in the config ([[feeds]]).
    Feeds {
        #[command(subcommand)]
        command: FeedsCommand,
    },
    /// Validate the config and every corpus file; exit non-zero listing every problem.
    Check,
    /// Summarise reader feedback: top questions, unanswered questions, down-voted answers.
    Feedback {
        /// Most entries per list.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Run the Discord bot (token from the DISCORD_TOKEN environment variable).
    Serve,
}

#[derive(Debug, Subcommand)]
pub enum FeedsCommand {
    /// Poll every feed once: add new items (full text from each item's link).
    Poll {
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

impl Global {
    pub fn load_config(&self) -> Result<Config> {
        let (path, required) = match &self.config {
            Some(path) => (path.clone(), true),
            None => (PathBuf::from("config.toml"), false),
        };
        let mut config = Config::load(&path, required)?;
        if let Some(corpus) = &self.corpus {
            config.corpus.dir = corpus.clone();
        }
        if let Some(data) = &self.data {
            config.data_dir = data.clone();
        }
        Ok(config)
    }
}

/// Opens the engine and syncs it; skipped files are warned about on stderr.
fn open_synced(config: Config) -> Result<(Engine, SyncReport)> {
    let engine = Engine::open(config).context("cannot open the index")?;
    let report = engine
        .sync()
        .context("cannot sync the index with the corpus")?;
    for problem in &report.skipped {
        eprintln!("warning: skipped {problem}");
    }
    Ok((engine, report))
}

pub fn run(cli: Cli) -> Result<i32> {
    let config = cli.global.load_config()?;
    match cli.command {
        Command::Index => index(config),
        Command::Ask {
            question,
            json,
            stdin,
        } => ask(config, question, json, stdin),
        Command::Search { query, limit, json } => search(config, &query, limit, json),
        Command::Sources { json } => sources(config, json),
        Command::Commitments {
            actor,
            topic,
            stage,
            json,
        } => commitments(
            config,
            Filter {
                actor,
                topic,
                stage,
            },
            json,
        ),
        Command::Digest { since, all, json } => digest(config, since.as_deref(), all, json),
        Command::Add { target, json } => add(config, &target, json),
        Command::Feeds {
            command: FeedsCommand::Poll { json },
        } => poll_feeds(config, json),
        Command::Check => check(config),
        Command::Feedback { limit, json } => feedback(config, limit, json),
        Command::Serve => crate::discord::serve(config),
    }
}

fn index(config: Config) -> Result<i32> {
    let engine = Engine::open(config).context("cannot open the index")?;
    let bar = indicatif::ProgressBar::hidden();
    let started = std::time::Instant::now();
    let report = engine
        .sync_with_progress(&|done, total| {
            // Only long runs get a bar; short ones finish before anyone could read it.
            if total >= 500 && bar.is_hidden() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                bar.set_length(total as u64);
            }
            bar.set_position(done as u64);
        })
        .context("cannot sync the index with the corpus")?;
    bar.finish_and_clear();
    for problem in &report.skipped {
        eprintln!("skipped {problem}");
    }
    println!(
        "indexed in {:.2}s: {} added, {} updated, {} removed, {} unchanged, {} skipped",
        started.elapsed().as_secs_f64(),
        report.added.len(),
        report.updated.len(),
        report.removed.len(),
        report.unchanged,
        report.skipped.len()
    );
    Ok(if report.skipped.is_empty() { 0 } else { 1 })
}

fn ask(config: Config, question: Option<String>, json: bool, stdin: bool) -> Result<i32> {
    // Checked before the corpus is: a blank question is a slip, not a question to answer.
    let question = if stdin {
        None
    } else {
        let Some(question) = question.filter(|q| !q.trim().is_empty()) else {
            anyhow::bail!(
                "give a question, e.g. quarry ask \"What is Project Vault?\", or use --stdin"
            );
        };
        Some(question)
    };
    // Answering needs the sentence model: it loads on another core while the corpus is checked.
    std::thread::spawn(quarry_engine::semantic::Semantic::get);
    let (engine, _) = open_synced(config)?;
    let Some(question) = question else {
        answer_lines(
            &engine,
            std::io::BufReader::new(std::io::stdin()),
            &mut std::io::stdout(),
        )?;
        return Ok(0);
    };
    let out = std::io::stdout();
    let mut out = out.lock();
    let answer = engine.ask(&question)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&answer)?)?;
    } else {
        write!(out, "{}", render_answer(&answer))?;
    }
    Ok(0)
}

/// Answers one question a line on every core, writing one JSON line each in input order as
/// soon as it and every earlier one are done (so a caller reading line by line is not kept
/// waiting for the whole batch). Each worker reads its next question and writes what is ready
/// itself, under a lock held for a line's time: no thread waits to be woken per question.
fn answer_lines(
    engine: &Engine,
    input: impl BufRead + Send,
    out: &mut (impl Write + Send),
) -> Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let questions = std::sync::Mutex::new(input.lines().enumerate());
    let answers = std::sync::Mutex::new(InOrder {
        out,
        written: 0,
        waiting: Default::default(),
    });
    // Set once a question fails: the other workers stop rather than answer what will not be
    // written.
    let failed = AtomicBool::new(false);
    let work = || -> Result<()> {
        while !failed.load(Ordering::Relaxed) {
            let next = questions.lock().unwrap_or_else(|p| p.into_inner()).next();
            let Some((i, question)) = next else {
                return Ok(());
            };
            let answered = question
                .with_context(|| {
                    format!(
                        "cannot read line {} of stdin as a question (UTF-8 text)",
                        i + 1
                    )
                })
                .and_then(|question| {
                    let line = engine
                        .ask(question.trim())
                        .map_err(anyhow::Error::from)
                        .and_then(|a| Ok(serde_json::to_string(&a)?));
                    answers
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .put(i, line)
                });
            if answered.is_err() {
                failed.store(true, Ordering::Relaxed);
                return answered;
            }
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        handles.into_iter().try_for_each(|handle| {
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a question's worker stopped"))?
        })
    })
}

/// Answers written in the order their questions came, each as soon as every earlier one is.
struct InOrder<'a, W> {
    out: &'a mut W,
    written: usize,
    waiting: std::collections::BTreeMap<usize, Result<String>>,
}

impl<W: Write> InOrder<'_, W> {
    fn put(&mut self, i: usize, line: Result<String>) -> Result<()> {
        self.waiting.insert(i, line);
        while let Some(line) = self.waiting.remove(&self.written) {
            writeln!(self.out, "{}", line?)?;
            self.written += 1;
        }
        Ok(())
    }
}

fn render_answer(answer: &Answer) -> String {
    let mut text = format!("{}\n", answer.answer);
    if !answer.summary.is_empty() {
        text.push_str(&format!("\nSummary: {}\n", answer.summary));
    }
    if !answer.citations.is_empty() {
        text.push('\n');
    }
    for c in &answer.citations {
        text.push_str(&citation_text(c));
    }
    text
}

/// "[1] Title — Reuters, 2026-11-20 https://…" and the quote below it.
fn citation_text(c: &Citation) -> String {
    let url = c
        .url
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let also = if c.also.is_empty() {
        String::new()
    } else {
        format!("    also reported by {}\n", c.also.join(", "))
    };
    format!(
        "[{}] {} \u{2014} {}{url}\n    \u{201c}{}\u{201d}\n{also}",
        c.n,
        quarry_text::one_line(&c.title),
        c.origin(),
        c.shown()
    )
}

fn search(config: Config, query: &str, limit: usize, json: bool) -> Result<i32> {
    if query.trim().is_empty() {
        anyhow::bail!("give words to search for, e.g. quarry search \"lithium exports\"");
    }
    let (engine, _) = open_synced(config)?;
    let hits = engine.search(query, limit)?;
    if json {
        for hit in &hits {
            println!("{}", serde_json::to_string(hit)?);
        }
    } else if hits.is_empty() {
        println!("No passages match.");
    } else {
        for hit in &hits {
            println!(
                "{:>2}. [{:.3}] {} ({} #{})\n    {}",
                hit.rank,
                hit.score,
                hit.title,
                hit.doc,
                hit.position,
                quarry_text::one_line(&hit.quote)
            );
        }
    }
    Ok(0)
}

fn sources(config: Config, json: bool) -> Result<i32> {
    let (engine, _) = open_synced(config)?;
    for s in engine.sources().iter() {
        if json {
            println!("{}", serde_json::to_string(s)?);
        } else {
            let date = s
                .published
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into());
            let source = s.source.as_deref().unwrap_or("source unknown");
            println!(
                "{}  {} — {}, {}, {} passages",
                s.id, s.title, source, date, s.passages
            );
        }
    }
    Ok(0)
}

/// One line of `commitments --json`: a piece of evidence with its entry.
#[derive(serde::Serialize)]
struct EvidenceLine<'a> {
    entry: &'a str,
    doc: &'a str,
    actor: &'a str,
    action: &'a str,
    amount: &'a str,
    date: &'a str,
    status: &'static str,
    quote: &'a str,
}

fn commitments(config: Config, filter: Filter, json: bool) -> Result<i32> {
    let (engine, _) = open_synced(config)?;
    let entries = engine.commitments(&filter);
    let out = std::io::stdout();
    let mut out = out.lock();
    if json {
        for e in entries.iter() {
            for c in &e.evidence {
                let line = EvidenceLine {
                    entry: &e.id,
                    doc: &c.doc,
                    actor: &c.actor,
                    action: &c.action,
                    amount: c.amount.as_ref().map_or("", |a| a.text.as_str()),
                    date: c.date.as_deref().unwrap_or(""),
                    status: c.stage.as_str(),
                    quote: &c.quote,
                };
                writeln!(out, "{}", serde_json::to_string(&line)?)?;
            }
        }
    } else if entries.is_empty() {
        write!(out, "{}", nothing_listed(&engine, &filter))?;
    } else {
        write!(out, "{}", render_ledger(&engine, &entries)?)?;
    }
    Ok(0)
}

/// Why the ledger lists nothing: an actor the articles name but who committed to nothing yet is
/// told apart from a filter that matches nothing.
fn nothing_listed(engine: &Engine, filter: &Filter) -> String {
    let named = filter.actor.as_deref().and_then(|a| engine.actor(a));
    let Some(named) = named.filter(|n| n.commitments == 0) else {
        return "No commitments match.\n".to_string();
    };
    let mut text = format!(
        "No commitments by {} recorded yet \u{2014} mentioned in {}:\n",
        named.name,
        count_of(named.articles.len(), "article")
    );
    for id in &named.articles {
        if let Some(s) = engine.source(id) {
            let origin = quarry_engine::citation::origin(&s.id, s.source.as_deref(), s.published);
            text.push_str(&format!(
                "  {} \u{2014} {origin}\n",
                quarry_text::one_line(&s.title)
            ));
        }
    }
    text
}

fn digest(config: Config, since: Option<&str>, all: bool, json: bool) -> Result<i32> {
    let store = quarry_engine::schedule::state::StateStore::new(&config.data_dir);
    let since = match (since, all) {
        (_, true) => None,
        (Some(text), false) => Some(
            chrono::DateTime::parse_from_rfc3339(text)
                .with_context(|| {
                    format!(
                        "--since {text:?} is not an RFC 3339 time; write e.g. 2026-11-23T08:00:00Z"
                    )
                })?
                .to_utc(),
        ),
        (None, false) => Some(quarry_engine::schedule::runner::default_since(
            &store,
            chrono::Utc::now(),
        )?),
    };
    let seen = store
        .latest()?
        .map(|state| state.entries)
        .unwrap_or_default();
    let (engine, _) = open_synced(config)?;
    // After the sync, so articles it indexed just now fall inside the window.
    let digest = engine.digest(since, chrono::Utc::now(), &seen)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&digest)?)?;
    } else {
        write!(out, "{}", digest.to_text())?;
    }
    Ok(0)
}

/// An engine with ingestion, and a runtime for its fetches.
fn ingestor(config: Config) -> Result<(Ingestor, tokio::runtime::Runtime)> {
    let (engine, _) = open_synced(config)?;
    let ingestor = Ingestor::new(Arc::new(engine))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    Ok((ingestor, runtime))
}

fn add(config: Config, target: &str, json: bool) -> Result<i32> {
    let input = if target.contains("://") {
        Input::Link(target.to_string())
    } else {
        Input::File(PathBuf::from(target))
    };
    let (ingestor, runtime) = ingestor(config)?;
    let added = match runtime.block_on(ingestor.add(input)) {
        Ok(added) => added,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    if json {
        println!("{}", serde_json::to_string(&added)?);
    } else {
        println!("{}", describe(&added));
    }
    Ok(0)
}

/// "added example.org/2026-02-04-slug: Title (Example News, 2026-02-04)".
fn describe(added: &Added) -> String {
    let mut about: Vec<String> = added.source.iter().cloned().collect();
    about.extend(added.published.map(|d| d.to_string()));
    let about = if about.is_empty() {
        String::new()
    } else {
        format!(" ({})", about.join(", "))
    };
    match &added.duplicate_of {
        Some(id) => format!(
            "duplicate of {id}: {}{about}; the new source is recorded as also reporting it",
            added.title
        ),
        None => format!("added {}: {}{about}", added.id, added.title),
    }
}

fn poll_feeds(config: Config, json: bool) -> Result<i32> {
    if config.feeds.is_empty() {
        anyhow::bail!("no feeds configured; add a [[feeds]] block with a url to the config");
    }
    let (ingestor, runtime) = ingestor(config)?;
    let report = runtime.block_on(ingestor.poll_feeds());
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for added in report.added.iter().chain(&report.duplicates) {
            println!("{}", describe(added));
        }
        for failure in &report.failed {
            let item = failure
                .item
                .as_deref()
                .map(|i| format!(" {i}"))
                .unwrap_or_default();
            println!("failed {}{item}: {}", failure.feed, failure.reason);
        }
        println!("{}", report.summary());
    }
    Ok(if report.failed.is_empty() { 0 } else { 1 })
}

/// The ledger, most significant first: one line per entry, then its numbered sources.
fn render_ledger(engine: &Engine, entries: &[Entry]) -> Result<String, IndexError> {
    let mut lines = String::new();
    let mut sources = String::new();
    let mut n = 0;
    for e in entries {
        let mut numbers = Vec::new();
        for c in &e.evidence {
            n += 1;
            numbers.push(n);
            sources.push_str(&citation_text(&engine.cite(n, &c.doc, &c.quote)?));
        }
        lines.push_str(&format!("{}\n", Line::of(e, numbers, 0).to_text()));
    }
    Ok(format!("{lines}\nSources\n{sources}"))
}

fn check(config: Config) -> Result<i32> {
    let scan = quarry_engine::corpus::scan(&config.corpus.dir, config.corpus.max_file_bytes)
        .with_context(|| format!("cannot read corpus folder {}", config.corpus.dir.display()))?;
    for problem in &scan.problems {
        println!("problem: {problem}");
    }
    println!(
        "config ok; {} articles ok, {} problems",
        scan.articles.len(),
        scan.problems.len()
    );
    Ok(if scan.problems.is_empty() { 0 } else { 1 })
}

fn feedback(config: Config, limit: usize, json: bool) -> Result<i32> {
    let path = quarry_engine::feedback::path_in(&config.data_dir);
    let (records, broken) = quarry_engine::feedback::load(&path)
        .with_context(|| format!("cannot read feedback log {}", path.display()))?;
    if broken > 0 {
        eprintln!("warning: {broken} unreadable lines in {}", path.display());
    }
    let summary = quarry_engine::feedback::summarize(&records, limit);
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
        return Ok(0);
    }
    println!(
        "{} questions, {} votes ({})",
        summary.questions,
        summary.votes,
        path.display()
    );
    println!("\nTop questions:");
    for c in &summary.top_questions {
        println!("{:>5}  {}", c.count, c.question);
    }
    println!("\nUnanswered questions:");
    for c in &summary.unanswered {
        println!("{:>5}  {}", c.count, c.question);
    }
    println!("\nDown-voted answers:");
    for v in &summary.down_voted {
        let question = if v.question.is_empty() {
            "(question not recorded)"
        } else {
            &v.question
        };
        println!(
            "  -{} +{}  {}  (answer {})",
            v.down, v.up, question, v.answer_id
        );
    }
    Ok(0)
}
