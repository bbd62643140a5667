//! `quarry-bench features`: every candidate passage's evidence for questions whose answers are
//! known, one JSON line a question, for `quarry-bench fit`. Sets: SQuAD (every paragraph one
//! article of one corpus, indexed by the real engine) and the two halves of a chat QA set
//! (`q`, `answers`, `docs`; no answers means unanswerable) as `tools/fit/split_qa.py` writes them.
//! Questions are also asked against a corpus that cannot hold their answer (SQuAD questions over
//! the chat corpus, the fitting half's chat questions over SQuAD): negatives for abstention.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use quarry_engine::answer::Features;
use quarry_engine::engine::Engine;

/// SQuAD questions a Wikipedia article lends to the cross-corpus negatives.
const CROSS_PER_ARTICLE: usize = 3;

#[derive(Deserialize)]
struct Squad {
    data: Vec<SquadArticle>,
}

#[derive(Deserialize)]
struct SquadArticle {
    title: String,
    paragraphs: Vec<SquadParagraph>,
}

#[derive(Deserialize)]
struct SquadParagraph {
    context: String,
    qas: Vec<SquadQuestion>,
}

#[derive(Deserialize)]
struct SquadQuestion {
    id: String,
    question: String,
    answers: Vec<SquadAnswer>,
}

#[derive(Deserialize)]
struct SquadAnswer {
    text: String,
}

#[derive(Deserialize)]
struct QaSet {
    question: Vec<QaQuestion>,
    #[serde(default)]
    unanswerable: Vec<QaQuestion>,
}

#[derive(Deserialize)]
struct QaQuestion {
    q: String,
    #[serde(default)]
    answers: Vec<String>,
    #[serde(default)]
    docs: Vec<String>,
}

/// A question with what answers it and where.
struct Asked {
    id: String,
    question: String,
    answers: Vec<String>,
    /// Articles that hold the answer; empty means any.
    docs: Vec<String>,
}

#[derive(Serialize)]
struct Row<'a> {
    set: &'a str,
    /// The fold: a Wikipedia article, or the chat set's half (`fit` or `held`).
    group: &'a str,
    id: &'a str,
    question: &'a str,
    /// The corpus holds an answer.
    answerable: bool,
    unknown_name: bool,
    candidates: Vec<Candidate>,
}

#[derive(Serialize)]
struct Candidate {
    doc: String,
    position: u32,
    /// The engine's score (the shipped ranker's), to compare rankers on the same candidates.
    score: f32,
    /// The sentence holds an answer, in an article that states it.
    positive: bool,
    /// The quote (sentence and the one before it) holds an answer: `score_qa.py`'s hit.
    quote_positive: bool,
    features: Features,
}

/// Case, white space and quotes folded, as `score_qa.py` compares.
fn fold(text: &str) -> String {
    text.to_lowercase()
        .replace(['\u{201c}', '\u{201d}', '"'], "")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn holds(text: &str, answers: &[String]) -> bool {
    let text = fold(text);
    answers.iter().any(|a| text.contains(&fold(a)))
}

/// An engine over `corpus` that weighs `candidates` passages a question.
fn engine(corpus: &Path, data: &Path, candidates: usize) -> Result<Engine> {
    let mut config = crate::probe::config(corpus, data);
    config.answer.candidates = Some(candidates);
    let engine = Engine::open(config).context("open")?;
    engine.sync().context("sync")?;
    Ok(engine)
}

fn write_rows(
    out: &mut impl Write,
    engine: &Engine,
    set: &str,
    group: &str,
    questions: &[Asked],
) -> Result<()> {
    for asked in questions {
        let (unknown_name, ranked) = engine.candidates(&asked.question)?;
        let answerable = !asked.answers.is_empty();
        let candidates = ranked
            .into_iter()
            .map(|r| {
                let in_doc = asked.docs.is_empty() || asked.docs.contains(&r.passage.doc);
                Candidate {
                    positive: in_doc && holds(r.passage.sentence(), &asked.answers),
                    quote_positive: in_doc && holds(&r.passage.quote, &asked.answers),
                    doc: r.passage.doc.clone(),
                    position: r.passage.position,
                    score: r.score,
                    features: r.features,
                }
            })
            .collect();
        let row = Row {
            set,
            group,
            id: &asked.id,
            question: &asked.question,
            answerable,
            unknown_name,
            candidates,
        };
        writeln!(out, "{}", serde_json::to_string(&row)?)?;
    }
    Ok(())
}

fn chat_questions(path: &Path, half: &str) -> Result<Vec<Asked>> {
    let qa: QaSet = toml::from_str(
        &std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?,
    )
    .with_context(|| format!("{} is not a QA set", path.display()))?;
    Ok(qa
        .question
        .iter()
        .chain(&qa.unanswerable)
        .enumerate()
        .map(|(i, q)| Asked {
            id: format!("news-{half}-{i}"),
            question: q.q.clone(),
            answers: q.answers.clone(),
            docs: q.docs.clone(),
        })
        .collect())
}

/// Writes the feature rows of a SQuAD file and of a chat QA set's fitting and held-back halves
/// (over the news corpus) to `out`. Every SQuAD paragraph is one article of a single corpus, as
/// `bench/squad.py` and the hidden SQuAD set ask it: the right paragraph must be found among all.
pub fn run(
    squad: &Path,
    halves: [&Path; 2],
    seed: Option<(&Path, &Path)>,
    news: &Path,
    work: &Path,
    out: &Path,
    candidates: usize,
) -> Result<()> {
    let squad: Squad = serde_json::from_str(
        &std::fs::read_to_string(squad).with_context(|| format!("read {}", squad.display()))?,
    )
    .with_context(|| format!("{} is not SQuAD v1.1 JSON", squad.display()))?;
    let news_questions = chat_questions(halves[0], "fit")?;
    let held_questions = chat_questions(halves[1], "held")?;
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(out).with_context(|| format!("create {}", out.display()))?,
    );
    let corpus = work.join("squad");
    if corpus.exists() {
        std::fs::remove_dir_all(&corpus)?;
    }
    std::fs::create_dir_all(&corpus)?;
    let mut by_article: Vec<(&str, Vec<Asked>)> = Vec::new();
    for (a, article) in squad.data.iter().enumerate() {
        let title = article.title.replace('_', " ");
        let mut questions = Vec::new();
        for (p, paragraph) in article.paragraphs.iter().enumerate() {
            let doc = format!("a{a:02}p{p:03}");
            let text = format!(
                "+++\ntitle = {}\n+++\n{}\n",
                toml::Value::String(title.clone()),
                paragraph.context
            );
            std::fs::write(corpus.join(format!("{doc}.md")), text)?;
            for q in &paragraph.qas {
                questions.push(Asked {
                    id: q.id.clone(),
                    question: q.question.clone(),
                    answers: q.answers.iter().map(|a| a.text.clone()).collect(),
                    docs: vec![doc.clone()],
                });
            }
        }
        by_article.push((&article.title, questions));
    }
    let engine = engine(&corpus, &work.join("squad-data"), candidates)?;
    let mut cross: Vec<Asked> = Vec::new();
    for (title, questions) in &by_article {
        write_rows(&mut file, &engine, "squad", title, questions)?;
        cross.extend(
            questions
                .iter()
                .step_by(37)
                .take(CROSS_PER_ARTICLE)
                .map(|q| Asked {
                    id: format!("{}@news", q.id),
                    question: q.question.clone(),
                    answers: Vec::new(),
                    docs: Vec::new(),
                }),
        );
        tracing::info!(article = %title, "features written");
    }
    // A chat question over an encyclopedia cannot be answered there.
    let foreign: Vec<Asked> = news_questions
        .iter()
        .map(|q| Asked {
            id: format!("{}@squad", q.id),
            question: q.question.clone(),
            answers: Vec::new(),
            docs: Vec::new(),
        })
        .collect();
    write_rows(&mut file, &engine, "cross", "squad", &foreign)?;
    let engine = self::engine(news, &work.join("news-data"), candidates)?;
    write_rows(&mut file, &engine, "news", "fit", &news_questions)?;
    write_rows(&mut file, &engine, "news", "held", &held_questions)?;
    write_rows(&mut file, &engine, "cross", "news", &cross)?;
    if let Some((qa, corpus)) = seed {
        let engine = self::engine(corpus, &work.join("seed-data"), candidates)?;
        write_rows(
            &mut file,
            &engine,
            "seed",
            "seed",
            &chat_questions(qa, "seed")?,
        )?;
    }
    file.flush()?;
    Ok(())
}
